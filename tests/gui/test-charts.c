/* test-charts.c
 *
 * The chart widgets on real cards under Xvfb: one card per chart kind
 * with realistic data and one empty card, in light and dark, screenshots
 * saved; "Show as Table" clicked with xdotool; the text alternative and
 * the table checked for exact values; edge cases (gaps, empty bins, 1×1
 * and 0×0 matrices, huge counts, out-of-range values) drawn without crash.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <math.h>

#include "charts/limn-bar-chart.h"
#include "charts/limn-chart-card.h"
#include "charts/limn-heat-map.h"
#include "charts/limn-histogram.h"
#include "charts/limn-reliability-diagram.h"
#include "charts/limn-time-chart.h"
#include "limn-gui-test.h"

#define WEEK_US (G_USEC_PER_SEC * (gint64) 7 * 24 * 3600)
#define DAY_US (G_USEC_PER_SEC * (gint64) 24 * 3600)
/* Monday 2 March 2026, 00:00 UTC. */
#define START_US (G_GINT64_CONSTANT (1772409600) * G_USEC_PER_SEC)

/* Wilson 95 % interval of k successes in n. */
static void
wilson (guint   k,
        guint   n,
        double *low,
        double *high)
{
  double z = 1.959964, p = (double) k / n, d = 1 + z * z / n;
  double centre = (p + z * z / (2.0 * n)) / d;
  double half = z * sqrt (p * (1 - p) / n + z * z / (4.0 * n * n)) / d;

  *low = centre - half;
  *high = centre + half;
}

/* Eight weeks of accuracy against gold; week 5 had no gold items. */
static GtkWidget *
accuracy_chart (void)
{
  static const guint correct[] = { 31, 36, 40, 38, 0, 45, 47, 52 };
  static const guint total[] = { 40, 45, 48, 46, 0, 53, 55, 60 };
  LimnTimePoint points[G_N_ELEMENTS (correct)];
  LimnTimeChart *chart = limn_time_chart_new ();

  for (guint i = 0; i < G_N_ELEMENTS (correct); i++)
    {
      points[i] = (LimnTimePoint) { START_US + i * WEEK_US, NAN, NAN, NAN, total[i], FALSE };
      if (total[i] > 0)
        {
          points[i].value = (double) correct[i] / total[i];
          wilson (correct[i], total[i], &points[i].low, &points[i].high);
        }
    }
  limn_time_chart_set_format (chart, LIMN_CHART_FORMAT_PERCENT);
  limn_time_chart_set_period (chart, "Week");
  limn_time_chart_set_points (chart, points, G_N_ELEMENTS (points));
  limn_time_chart_set_threshold (chart, 0.8);
  return GTK_WIDGET (chart);
}

/* Tasks done per day for two weeks, then a five-day forecast. */
static GtkWidget *
throughput_chart (void)
{
  static const double done[] = { 120, 134, 98, 141, 152, 40, 22, 130, 148, 155, 160, 171, 35, 18 };
  LimnTimePoint points[G_N_ELEMENTS (done) + 5];
  LimnTimeChart *chart = limn_time_chart_new ();

  for (guint i = 0; i < G_N_ELEMENTS (done); i++)
    points[i] = (LimnTimePoint) { START_US + i * DAY_US, done[i], NAN, NAN, (guint) done[i], FALSE };
  for (guint i = 0; i < 5; i++)
    points[G_N_ELEMENTS (done) + i] = (LimnTimePoint) { START_US + (G_N_ELEMENTS (done) + i) * DAY_US,
                                                        150, 120 - 4.0 * i, 180 + 4.0 * i, 0, TRUE };
  limn_time_chart_set_format (chart, LIMN_CHART_FORMAT_COUNT);
  limn_time_chart_set_period (chart, "Day");
  limn_time_chart_set_bars (chart, TRUE);
  limn_time_chart_set_points (chart, points, G_N_ELEMENTS (points));
  return GTK_WIDGET (chart);
}

/* Active seconds per task. */
static GtkWidget *
time_histogram (void)
{
  static const double edges[] = { 0, 30, 60, 90, 120, 180, 240, 300, 600 };
  static const guint64 counts[] = { 12, 58, 97, 71, 64, 30, 14, 9 };
  LimnHistogram *chart = limn_histogram_new ();

  limn_histogram_set_format (chart, LIMN_CHART_FORMAT_DURATION);
  limn_histogram_set_bins (chart, edges, counts, G_N_ELEMENTS (counts));
  limn_histogram_set_markers (chart, 95, 230);
  return GTK_WIDGET (chart);
}

static GtkWidget *
reliability (void)
{
  /* Overconfident above 70 %; nobody says below 20 %. */
  static const LimnReliabilityBin bins[10] = {
    { NAN, NAN, 0 }, { NAN, NAN, 0 }, { 0.26, 0.31, 13 }, { 0.35, 0.40, 25 }, { 0.45, 0.47, 38 },
    { 0.55, 0.58, 61 }, { 0.66, 0.63, 90 }, { 0.75, 0.66, 140 }, { 0.85, 0.74, 210 }, { 0.96, 0.86, 320 },
  };
  LimnReliabilityDiagram *chart = limn_reliability_diagram_new ();

  limn_reliability_diagram_set_bins (chart, bins, 10, 0.148, 0.071);
  return GTK_WIDGET (chart);
}

static const char * const confusion_labels[] = { "Person", "مكان", "組織", "🐱 Animal", "Other" };

static GtkWidget *
confusion (void)
{
  static const guint64 counts[25] = {
    182, 4, 9, 0, 5,
    3, 121, 14, 0, 2,
    11, 18, 96, 0, 7,
    0, 0, 1, 44, 3,
    6, 2, 8, 5, 63,
  };
  LimnHeatMap *chart = limn_heat_map_new ();

  limn_heat_map_set_matrix (chart, confusion_labels, 5, confusion_labels, 5, counts, "Gold", "Given");
  return GTK_WIDGET (chart);
}

static GtkWidget *
distribution (void)
{
  static const char * const series[] = { "You", "Team" };
  static const double values[] = {
    0.32, 0.35,
    0.28, 0.21,
    0.22, 0.24,
    0.06, 0.09,
    0.12, 0.11,
  };
  LimnBarChart *chart = limn_bar_chart_new ();

  limn_bar_chart_set_format (chart, LIMN_CHART_FORMAT_PERCENT);
  limn_bar_chart_set_data (chart, confusion_labels, 5, series, 2, values, NULL, NULL);
  return GTK_WIDGET (chart);
}

static GtkWidget *
card (const char *title,
      const char *subtitle,
      GtkWidget  *chart)
{
  return GTK_WIDGET (limn_chart_card_new (title, subtitle, "No Data Yet",
                                          "This chart fills in as you label tasks.", chart));
}

typedef struct {
  GtkWidget *window;
  GtkWidget *cards[8];
  guint      n_cards;
} Gallery;

static void
gallery_open (Gallery *g)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *grid = gtk_grid_new ();

  g->window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (g->window), "Charts");
  gtk_window_set_default_size (GTK_WINDOW (g->window), 1180, 1000);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_column_homogeneous (GTK_GRID (grid), TRUE);
  gtk_widget_set_margin_start (grid, 24);
  gtk_widget_set_margin_end (grid, 24);
  gtk_widget_set_margin_top (grid, 24);
  gtk_widget_set_margin_bottom (grid, 24);

  g->n_cards = 0;
  g->cards[g->n_cards++] = card ("Accuracy Against Gold", "By week, with 95 % intervals", accuracy_chart ());
  g->cards[g->n_cards++] = card ("Tasks Done per Day", "Last two weeks and the forecast", throughput_chart ());
  g->cards[g->n_cards++] = card ("Time per Task", "Active time, this month", time_histogram ());
  g->cards[g->n_cards++] = card ("Confidence Calibration", "How often you are right at each confidence", reliability ());
  g->cards[g->n_cards++] = card ("Confusions", "Rows: gold label; columns: your label", confusion ());
  g->cards[g->n_cards++] = card ("Label Distribution", "Your labels beside the team’s", distribution ());
  g->cards[g->n_cards++] = card ("Rework Rate", NULL, GTK_WIDGET (limn_time_chart_new ()));

  for (guint i = 0; i < g->n_cards; i++)
    gtk_grid_attach (GTK_GRID (grid), g->cards[i], i % 2, i / 2, 1, 1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), grid);
  gtk_window_set_child (GTK_WINDOW (g->window), scroller);
  limn_gui_test_show (GTK_WINDOW (g->window));
  limn_gui_test_spin (200);
}

static gboolean
table_shown (gpointer data)
{
  GtkWidget *stack = data;

  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (stack)), "table") == 0;
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found)
        return found;
    }
  return NULL;
}

/* Every tooltip the chart shows, hovering it all over in 3 px steps. */
static GHashTable *
collect_tooltips (GtkWidget *chart)
{
  GHashTable *texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (int y = 0; y < gtk_widget_get_height (chart); y += 3)
    for (int x = 0; x < gtk_widget_get_width (chart); x += 3)
      {
        char *text = limn_chart_get_tooltip_at (LIMN_CHART (chart), x, y);

        if (text != NULL)
          g_hash_table_add (texts, text);
      }
  return texts;
}

static void
assert_tooltip (GtkWidget  *card_widget,
                const char *expected)
{
  GtkWidget *chart = limn_chart_card_get_chart (LIMN_CHART_CARD (card_widget));
  g_autoptr(GHashTable) texts = collect_tooltips (chart);

  if (!g_hash_table_contains (texts, expected))
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, texts);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_test_message ("tooltip: %s", (char *) key);
      g_error ("no tooltip “%s”", expected);
    }
}

static void
test_gallery (void)
{
  g_autofree char *light = NULL;
  g_autofree char *dark = NULL;
  g_autofree char *table = NULL;
  GtkWidget *button, *stack, *column_view;
  Gallery g;

  gallery_open (&g);
  light = limn_gui_test_screenshot (g.window, "charts-light");
  g_assert_true (g_file_test (light, G_FILE_TEST_EXISTS));

  /* Hovering gives the point's value, interval and n. */
  assert_tooltip (g.cards[0], "Apr 20\n87 % (76 %–93 %), n = 60");
  assert_tooltip (g.cards[0], "Mar 30\nNo data");
  assert_tooltip (g.cards[1], "Mar 18 (forecast)\n150 (112–188)");
  assert_tooltip (g.cards[2], "1 min–1.5 min\nn = 97");
  assert_tooltip (g.cards[3], "Confidence 90 %–100 %\nMean confidence 96 %, accuracy 86 %\nn = 320");
  assert_tooltip (g.cards[3], "Confidence 0 %–10 %\nMean confidence —, accuracy —\nn = 0");
  assert_tooltip (g.cards[4], "Gold: 組織\nGiven: مكان\nn = 18 (14 % of the row)");
  assert_tooltip (g.cards[5], "مكان\nYou: 28 %\nTeam: 21 %");
  {
    g_autoptr(GHashTable) none = collect_tooltips (limn_chart_card_get_chart (LIMN_CHART_CARD (g.cards[6])));

    g_assert_cmpuint (g_hash_table_size (none), ==, 0);
  }

  /* The empty card shows its empty state and cannot switch to a table. */
  stack = find_descendant (g.cards[6], GTK_TYPE_STACK);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "empty");
  button = find_descendant (g.cards[6], GTK_TYPE_TOGGLE_BUTTON);
  g_assert_false (gtk_widget_get_sensitive (button));

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  limn_gui_test_spin (200);
  dark = limn_gui_test_screenshot (g.window, "charts-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  limn_gui_test_spin (100);

  /* A real click on "Show as Table" of the confusion matrix card. */
  button = find_descendant (g.cards[4], GTK_TYPE_TOGGLE_BUTTON);
  stack = find_descendant (g.cards[4], GTK_TYPE_STACK);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Show as Table");
  limn_gui_test_click (button, gtk_widget_get_width (button) / 2.0, gtk_widget_get_height (button) / 2.0, 1);
  g_assert_true (limn_gui_test_wait_until (table_shown, stack, 2000));
  g_assert_true (limn_chart_card_get_show_table (LIMN_CHART_CARD (g.cards[4])));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Show as Chart");
  column_view = find_descendant (g.cards[4], GTK_TYPE_COLUMN_VIEW);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (GTK_COLUMN_VIEW (column_view))), ==, 6);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (column_view)))), ==, 5);
  limn_chart_card_set_show_table (LIMN_CHART_CARD (g.cards[0]), TRUE);
  limn_gui_test_spin (300);
  table = limn_gui_test_screenshot (g.window, "charts-table");

  /* And back. */
  limn_gui_test_click (button, gtk_widget_get_width (button) / 2.0, gtk_widget_get_height (button) / 2.0, 1);
  limn_gui_test_spin (100);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "chart");

  gtk_window_destroy (GTK_WINDOW (g.window));
}

static void
test_rtl (void)
{
  g_autofree char *shot = NULL;
  Gallery g;

  gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
  gallery_open (&g);
  shot = limn_gui_test_screenshot (g.window, "charts-rtl");
  gtk_window_destroy (GTK_WINDOW (g.window));
  gtk_widget_set_default_direction (GTK_TEXT_DIR_LTR);
}

/* The tooltip at the first and the last x, along the plot's middle, where
 * the chart has one. */
static void
tooltips_at_ends (GtkWidget  *chart,
                  char      **leftmost,
                  char      **rightmost)
{
  double y = gtk_widget_get_height (chart) / 2.0;

  *leftmost = *rightmost = NULL;
  for (int x = 0; x < gtk_widget_get_width (chart); x++)
    {
      char *text = limn_chart_get_tooltip_at (LIMN_CHART (chart), x, y);

      if (text == NULL)
        continue;
      if (*leftmost == NULL)
        *leftmost = g_strdup (text);
      g_free (*rightmost);
      *rightmost = text;
    }
  g_assert_nonnull (*leftmost);
}

/* Issue 21: right to left, time runs from the right: the first week's
 * point (and its tooltip) is at the right end, the last week's at the
 * left; the same chart left to right has them the other way. */
static void
test_rtl_time_runs_right_to_left (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *chart = accuracy_chart ();
  g_autofree char *ltr_left = NULL, *ltr_right = NULL, *rtl_left = NULL, *rtl_right = NULL;
  g_autofree char *shot = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 560, 300);
  gtk_window_set_child (GTK_WINDOW (window), chart);
  limn_gui_test_show (GTK_WINDOW (window));
  limn_gui_test_spin (200);
  tooltips_at_ends (chart, &ltr_left, &ltr_right);
  g_test_message ("LTR: left “%s”, right “%s”", ltr_left, ltr_right);
  g_assert_cmpstr (ltr_left, !=, ltr_right);

  gtk_widget_set_direction (chart, GTK_TEXT_DIR_RTL);
  limn_gui_test_spin (200);
  tooltips_at_ends (chart, &rtl_left, &rtl_right);
  g_test_message ("RTL: left “%s”, right “%s”", rtl_left, rtl_right);
  g_assert_cmpstr (rtl_right, ==, ltr_left);
  g_assert_cmpstr (rtl_left, ==, ltr_right);
  shot = limn_gui_test_screenshot (window, "charts-rtl-time");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
assert_row (GPtrArray  *rows,
            guint       i,
            const char *expected)
{
  g_autofree char *joined = NULL;

  g_assert_cmpuint (i, <, rows->len);
  joined = g_strjoinv (" | ", g_ptr_array_index (rows, i));
  g_assert_cmpstr (joined, ==, expected);
}

static char *
columns_of (GtkWidget *chart)
{
  g_auto(GStrv) columns = limn_chart_get_columns (LIMN_CHART (chart));

  return g_strjoinv (" | ", columns);
}

static void
test_time_chart_text (void)
{
  GtkWidget *chart = g_object_ref_sink (accuracy_chart ());
  g_autofree char *description = limn_chart_describe (LIMN_CHART (chart));
  g_autofree char *columns = columns_of (chart);
  g_autoptr(GPtrArray) rows = limn_chart_get_rows (LIMN_CHART (chart));

  g_assert_false (limn_chart_is_empty (LIMN_CHART (chart)));
  g_assert_cmpstr (description, ==,
                   "8 periods from Mar 2 to Apr 20: from 78 % to 87 % (76 %–93 %), lowest 78 %, highest 87 %. "
                   "1 period without data. Threshold 80 %, 1 period below it.");
  g_assert_cmpstr (columns, ==, "Week | Value | Interval | Observations");
  g_assert_cmpuint (rows->len, ==, 8);
  assert_row (rows, 0, "Mar 2 | 78 % | 62 %–88 % | 40");
  /* The gap reads as no value, not zero. */
  assert_row (rows, 4, "Mar 30 | — | — | 0");
  assert_row (rows, 7, "Apr 20 | 87 % | 76 %–93 % | 60");
  g_object_unref (chart);

  chart = g_object_ref_sink (throughput_chart ());
  g_free (description);
  description = limn_chart_describe (LIMN_CHART (chart));
  g_assert_cmpstr (description, ==,
                   "14 periods from Mar 2 to Mar 15: from 120 to 18, lowest 18, highest 171. "
                   "Forecast for Mar 20: 150 (104–196).");
  g_ptr_array_unref (rows);
  rows = limn_chart_get_rows (LIMN_CHART (chart));
  assert_row (rows, 14, "Mar 16 (forecast) | 150 | 120–180 | 0");
  g_object_unref (chart);
}

static void
test_histogram_text (void)
{
  GtkWidget *chart = g_object_ref_sink (time_histogram ());
  g_autofree char *description = limn_chart_describe (LIMN_CHART (chart));
  g_autofree char *columns = columns_of (chart);
  g_autoptr(GPtrArray) rows = limn_chart_get_rows (LIMN_CHART (chart));

  g_assert_cmpstr (description, ==,
                   "355 in 8 bins from 0 s to 10 min; most in 1 min–1.5 min (97). Median 1.6 min. 90th percentile 3.8 min.");
  g_assert_cmpstr (columns, ==, "From | To | Count");
  assert_row (rows, 0, "0 s | 30 s | 12");
  assert_row (rows, 7, "5 min | 10 min | 9");
  g_object_unref (chart);
}

static void
test_reliability_text (void)
{
  GtkWidget *chart = g_object_ref_sink (reliability ());
  g_autofree char *description = limn_chart_describe (LIMN_CHART (chart));
  g_autofree char *columns = columns_of (chart);
  g_autoptr(GPtrArray) rows = limn_chart_get_rows (LIMN_CHART (chart));

  g_assert_cmpstr (description, ==,
                   "897 items: Brier score 0.148, expected calibration error 7 %. "
                   "Of 8 confidence bins with items, 3 overconfident and 0 underconfident.");
  g_assert_cmpstr (columns, ==, "Confidence | Mean Confidence | Accuracy | Items");
  g_assert_cmpuint (rows->len, ==, 10);
  /* An empty bin: no value, zero items. */
  assert_row (rows, 0, "0 %–10 % | — | — | 0");
  assert_row (rows, 9, "90 %–100 % | 96 % | 86 % | 320");
  g_object_unref (chart);
}

static void
test_heat_map_text (void)
{
  GtkWidget *chart = g_object_ref_sink (confusion ());
  g_autofree char *description = limn_chart_describe (LIMN_CHART (chart));
  g_autofree char *columns = columns_of (chart);
  g_autoptr(GPtrArray) rows = limn_chart_get_rows (LIMN_CHART (chart));

  g_assert_cmpstr (description, ==,
                   "5 × 5 matrix of Gold against Given, 604 items: 506 agree (84 %). "
                   "Most frequent confusion: “مكان” given for “組織”, 18 times.");
  g_assert_cmpstr (description, !=, "");
  g_assert_cmpstr (columns, ==, "Gold \\ Given | Person | مكان | 組織 | 🐱 Animal | Other");
  assert_row (rows, 3, "🐱 Animal | 0 | 0 | 1 | 44 | 3");
  g_object_unref (chart);
}

static void
test_bar_chart_text (void)
{
  GtkWidget *chart = g_object_ref_sink (distribution ());
  g_autofree char *description = limn_chart_describe (LIMN_CHART (chart));
  g_autofree char *columns = columns_of (chart);
  g_autoptr(GPtrArray) rows = limn_chart_get_rows (LIMN_CHART (chart));

  g_assert_cmpstr (description, ==,
                   "Person: You 32 %, Team 35 %; مكان: You 28 %, Team 21 %; 組織: You 22 %, Team 24 %; "
                   "🐱 Animal: You 6 %, Team 9 %; Other: You 12 %, Team 11 %.");
  g_assert_cmpstr (columns, ==, "Category | You | Team");
  assert_row (rows, 1, "مكان | 28 % | 21 %");
  g_object_unref (chart);
}

/* Shows @chart on a card for a moment (drawn, tooltips asked) and
 * screenshots it: what must not crash. */
static void
draw_card (GtkWidget  *chart,
           const char *name)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *c = card (name, NULL, chart);
  g_autofree char *shot = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), 480, 320);
  gtk_window_set_child (GTK_WINDOW (window), c);
  limn_gui_test_show (GTK_WINDOW (window));
  limn_gui_test_move (chart, gtk_widget_get_width (chart) / 2.0, gtk_widget_get_height (chart) / 2.0);
  limn_gui_test_spin (700); /* past the tooltip delay */
  shot = limn_gui_test_screenshot (window, name);
  limn_chart_card_set_show_table (LIMN_CHART_CARD (c), TRUE);
  limn_gui_test_spin (50);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_edge_cases (void)
{
  static const char * const one[] = { "Only" };
  static const char * const two[] = { "You", "Team" };
  static const char * const cats[] = { "Spam", "Ham", "Unsure" };
  GtkWidget *chart;
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  /* A time chart of gaps only is empty; one point is not. */
  {
    LimnTimePoint gaps[3] = {
      { START_US, NAN, NAN, NAN, 0, FALSE },
      { START_US + WEEK_US, NAN, NAN, NAN, 0, FALSE },
      { START_US + 2 * WEEK_US, NAN, NAN, NAN, 0, FALSE },
    };
    LimnTimeChart *tc = limn_time_chart_new ();

    g_object_ref_sink (tc);
    limn_time_chart_set_points (tc, gaps, 3);
    g_assert_true (limn_chart_is_empty (LIMN_CHART (tc)));
    text = limn_chart_describe (LIMN_CHART (tc));
    g_assert_cmpstr (text, ==, "No data yet.");
    g_clear_pointer (&text, g_free);
    /* Out of range, negative, interval the wrong way round: clamped or
     * dropped, never a crash. */
    gaps[1] = (LimnTimePoint) { START_US + WEEK_US, 1.7, 0.9, 0.2, 3, FALSE };
    gaps[2] = (LimnTimePoint) { START_US - WEEK_US, -0.4, NAN, NAN, 2, FALSE };
    limn_time_chart_set_format (tc, LIMN_CHART_FORMAT_PERCENT);
    limn_time_chart_set_points (tc, gaps, 3);
    g_assert_false (limn_chart_is_empty (LIMN_CHART (tc)));
    rows = limn_chart_get_rows (LIMN_CHART (tc));
    /* Sorted by time: the earlier point first. */
    assert_row (rows, 0, "Feb 23 | -40 % | — | 2");
    assert_row (rows, 2, "Mar 9 | 170 % | — | 3");
    g_clear_pointer (&rows, g_ptr_array_unref);
    draw_card (GTK_WIDGET (tc), "charts-edge-time");
    g_object_unref (tc);
  }

  /* A histogram with only n = 0 bins is empty; huge counts format. */
  {
    static const double edges[] = { 0, 1, 2, 3 };
    static const guint64 zeros[] = { 0, 0, 0 };
    static const guint64 huge[] = { G_GUINT64_CONSTANT (9000000000000), 0, 12 };
    LimnHistogram *h = limn_histogram_new ();

    g_object_ref_sink (h);
    limn_histogram_set_bins (h, edges, zeros, 3);
    g_assert_true (limn_chart_is_empty (LIMN_CHART (h)));
    limn_histogram_set_format (h, LIMN_CHART_FORMAT_NUMBER);
    limn_histogram_set_bins (h, edges, huge, 3);
    limn_histogram_set_markers (h, NAN, 2.5);
    rows = limn_chart_get_rows (LIMN_CHART (h));
    assert_row (rows, 0, "0 | 1 | 9000000000000");
    assert_row (rows, 1, "1 | 2 | 0");
    g_clear_pointer (&rows, g_ptr_array_unref);
    draw_card (GTK_WIDGET (h), "charts-edge-histogram");
    g_object_unref (h);
  }

  /* 1×1 and 0×0 matrices. */
  {
    static const guint64 single[] = { 7 };
    LimnHeatMap *m = limn_heat_map_new ();

    g_object_ref_sink (m);
    limn_heat_map_set_matrix (m, one, 1, one, 1, single, NULL, NULL);
    g_assert_false (limn_chart_is_empty (LIMN_CHART (m)));
    text = limn_chart_describe (LIMN_CHART (m));
    g_assert_cmpstr (text, ==, "1 × 1 matrix of Reference against Given, 7 items: 7 agree (100 %).");
    g_clear_pointer (&text, g_free);
    draw_card (GTK_WIDGET (m), "charts-edge-1x1");
    limn_heat_map_set_matrix (m, NULL, 0, NULL, 0, NULL, NULL, NULL);
    g_assert_true (limn_chart_is_empty (LIMN_CHART (m)));
    rows = limn_chart_get_rows (LIMN_CHART (m));
    g_assert_cmpuint (rows->len, ==, 0);
    g_clear_pointer (&rows, g_ptr_array_unref);
    draw_card (GTK_WIDGET (m), "charts-edge-0x0");
    g_object_unref (m);
  }

  /* One category; NaN bars; values out of [0, 1] for a percent chart;
   * intervals. */
  {
    static const double single[] = { 0.42, NAN };
    static const double values[] = { 1.4, 0.5, -0.2, NAN, 0.7, 0.6 };
    static const double low[] = { 1.2, 0.4, -0.3, NAN, 0.6, 0.5 };
    static const double high[] = { 1.5, 0.6, 0.0, NAN, 0.8, 0.7 };
    LimnBarChart *b = limn_bar_chart_new ();

    g_object_ref_sink (b);
    limn_bar_chart_set_format (b, LIMN_CHART_FORMAT_PERCENT);
    limn_bar_chart_set_data (b, one, 1, two, 2, single, NULL, NULL);
    text = limn_chart_describe (LIMN_CHART (b));
    g_assert_cmpstr (text, ==, "Only: You 42 %, Team —.");
    g_clear_pointer (&text, g_free);
    draw_card (GTK_WIDGET (b), "charts-edge-one-category");
    limn_bar_chart_set_data (b, cats, 3, two, 2, values, low, high);
    limn_bar_chart_set_threshold (b, 0.65);
    rows = limn_chart_get_rows (LIMN_CHART (b));
    assert_row (rows, 1, "Ham | -20 % (-30 %–0 %) | —");
    g_clear_pointer (&rows, g_ptr_array_unref);
    draw_card (GTK_WIDGET (b), "charts-edge-bars");
    g_object_unref (b);
  }

  /* A reliability diagram with every bin empty. */
  {
    LimnReliabilityBin bins[10];
    LimnReliabilityDiagram *r = limn_reliability_diagram_new ();

    for (guint i = 0; i < 10; i++)
      bins[i] = (LimnReliabilityBin) { NAN, NAN, 0 };
    g_object_ref_sink (r);
    limn_reliability_diagram_set_bins (r, bins, 10, NAN, NAN);
    g_assert_true (limn_chart_is_empty (LIMN_CHART (r)));
    bins[9] = (LimnReliabilityBin) { 1.3, -2, 5 }; /* nonsense in, no crash */
    limn_reliability_diagram_set_bins (r, bins, 10, NAN, NAN);
    draw_card (GTK_WIDGET (r), "charts-edge-reliability");
    g_object_unref (r);
  }

  chart = NULL;
  (void) chart;
}

static void
test_accessible_description (void)
{
  GtkWidget *chart = accuracy_chart ();
  GtkWidget *c = card ("Accuracy Against Gold", NULL, chart);
  GtkWidget *window = gtk_window_new ();

  g_object_ref_sink (c);
  /* The card's table and description follow data changes. */
  limn_time_chart_set_points (LIMN_TIME_CHART (chart), NULL, 0);
  g_assert_true (limn_chart_is_empty (LIMN_CHART (chart)));
  gtk_window_set_child (GTK_WINDOW (window), c);
  limn_gui_test_show (GTK_WINDOW (window));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (find_descendant (c, GTK_TYPE_STACK))), ==, "empty");
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (c);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GtkCssProvider) css = NULL;

  limn_gui_test_init (&argc, &argv);
  adw_init ();
  /* Exact strings below are in the C locale: "." decimals, no grouping. */
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("TZ", "UTC", TRUE);

  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/app/limn/Limn/ui/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/app/limn/Limn/icons");

  g_test_add_func ("/charts/text/time-chart", test_time_chart_text);
  g_test_add_func ("/charts/text/histogram", test_histogram_text);
  g_test_add_func ("/charts/text/reliability", test_reliability_text);
  g_test_add_func ("/charts/text/heat-map", test_heat_map_text);
  g_test_add_func ("/charts/text/bar-chart", test_bar_chart_text);
  g_test_add_func ("/charts/gallery", test_gallery);
  g_test_add_func ("/charts/rtl", test_rtl);
  g_test_add_func ("/charts/rtl-time-runs-right-to-left", test_rtl_time_runs_right_to_left);
  g_test_add_func ("/charts/edge-cases", test_edge_cases);
  g_test_add_func ("/charts/empty-card", test_accessible_description);

  return g_test_run ();
}
