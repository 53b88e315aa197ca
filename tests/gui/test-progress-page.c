/* test-progress-page.c
 *
 * The Progress page (issue 19) in the real window under Xvfb: a store with
 * eight weeks of synthetic history (an annotator whose accuracy on gold
 * grows from 60 % to 90 %, verdicts, a thread with a reviewer's reply,
 * coaching notes, team figures) is opened, the page is reached through its
 * switcher button with the pointer, and what it shows is checked against
 * what was written: this week's count, the accuracy, the growth sentence,
 * charts filled, feedback rows. Screenshots in light and dark, top and
 * bottom, in tests/artifacts. An open question's row leads to its thread
 * on the Feedback page; a reload after new work counts it; a fresh store
 * shows the empty state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <sqlite3.h>

#include "charts/limn-chart.h"
#include "charts/limn-chart-card.h"
#include "charts/limn-chart-format.h"
#include "limn-application.h"
#include "limn-gui-test.h"
#include "limn-progress-history.h"
#include "limn-progress-page.h"
#include "limn-threads-page.h"
#include "limn-window-private.h"
#include "analytics/limn-personal-dashboard.h"
#include "store/limn-store-accounts.h"
#include "../limn-test-util.h"

#define P    LIMN_PROGRESS_PROJECT
#define FLAG LIMN_PROGRESS_FLAG

static LimnApplication *app;

typedef struct
{
  char       *dir;
  char       *db;
  LimnWindow *window;
  guint       gold_right;
  guint       gold_total;
  gint64      now_us;
} Fixture;

static gint64
count (Fixture    *f,
       const char *sql,
       gint64      bind)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 2000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, bind);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return n;
}

static void
prepare_store (Fixture  *f,
               gboolean  history)
{
  LimnProgressGold gold = { 0, 0 };

  limn_progress_history_prepare (f->db, f->now_us, history, &gold);
  f->gold_right = gold.gold_right;
  f->gold_total = gold.gold_total;
}

static gboolean
project_open (gpointer data)
{
  Fixture *f = data;

  return f->window->contents != NULL && limn_window_get_task_id (f->window) != NULL;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autofree char *data_dir = NULL;

  f->dir = limn_test_mkdtemp ();
  data_dir = g_build_filename (f->dir, "data", NULL);
  g_mkdir_with_parents (data_dir, 0700);
  g_setenv ("LIMN_DATA_DIR", data_dir, TRUE);
  f->db = g_build_filename (data_dir, "limn.db", NULL);
  f->now_us = g_get_real_time ();
  prepare_store (f, g_strcmp0 (data, "empty") != 0);

  f->window = limn_window_new (app);
  if (g_strcmp0 (data, "narrow") == 0)
    gtk_window_set_default_size (GTK_WINDOW (f->window), 400, 800);
  else
    gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 900);
  limn_window_open_default (f->window);
  limn_gui_test_show (GTK_WINDOW (f->window));
  g_assert_true (limn_gui_test_wait_until (project_open, f, 20000));
  limn_gui_test_spin (300);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  limn_gui_test_spin (100);
  limn_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

static GtkWidget *
find_button_labelled (GtkWidget  *widget,
                      const char *text)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (c) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (c)), text) == 0 &&
          gtk_widget_get_mapped (c))
        {
          GtkWidget *button = gtk_widget_get_ancestor (c, GTK_TYPE_BUTTON);

          if (button != NULL)
            return button;
        }
      if ((found = find_button_labelled (c, text)) != NULL)
        return found;
    }

  return NULL;
}

static void
click_middle (GtkWidget *widget)
{
  limn_gui_test_click (widget, gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0, 1);
}

static GtkWidget *
progress_bin (Fixture *f)
{
  return adw_view_stack_get_child_by_name (f->window->pages, "progress");
}

static gboolean
settled (gpointer data)
{
  LimnProgressPage *page = data;

  return limn_progress_page_get_n_loads (page) > 0 &&
         g_strcmp0 (limn_progress_page_get_state (page), "loading") != 0;
}

/* The page, reached as a person would: its switcher button, clicked. */
/* A narrow window: the header has no room for the page buttons, so the
 * switcher bar at the bottom shows them; it gets its stack only then (a
 * wide window never builds its buttons: limn-window-pages.c). */
static gboolean
bar_revealed (gpointer data)
{
  Fixture *f = data;

  return adw_view_switcher_bar_get_reveal (f->window->switcher_bar);
}

static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *button;

  g_assert_true (limn_gui_test_wait_until (bar_revealed, f, 5000));
  g_assert_true (adw_view_switcher_bar_get_stack (f->window->switcher_bar) == f->window->pages);
  limn_gui_test_spin (300);
  button = find_button_labelled (GTK_WIDGET (f->window->switcher_bar), "Progress");
  g_assert_nonnull (button);
  click_middle (button);
  limn_gui_test_spin (200);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (f->window->pages), ==, "progress");
  limn_gui_test_screenshot (GTK_WIDGET (f->window), "progress-narrow");
}

static LimnProgressPage *
open_page (Fixture *f)
{
  GtkWidget *button;
  LimnProgressPage *page;

  /* Built on first show, not at start-up; a wide window's switcher bar
   * has no buttons at all. */
  g_assert_null (adw_view_switcher_bar_get_stack (f->window->switcher_bar));
  g_assert_nonnull (progress_bin (f));
  g_assert_null (adw_bin_get_child (ADW_BIN (progress_bin (f))));

  button = find_button_labelled (GTK_WIDGET (f->window->switcher_title), "Progress");
  g_assert_nonnull (button);
  click_middle (button);
  limn_gui_test_spin (200);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (f->window->pages), ==, "progress");

  page = LIMN_PROGRESS_PAGE (adw_bin_get_child (ADW_BIN (progress_bin (f))));
  g_assert_nonnull (page);
  g_assert_true (limn_gui_test_wait_until (settled, page, 10000));
  limn_gui_test_spin (300);
  return page;
}

static gboolean
chart_empty (LimnProgressPage *page,
             const char       *card)
{
  return limn_chart_is_empty (LIMN_CHART (limn_chart_card_get_chart (LIMN_CHART_CARD (
                                limn_progress_page_get_card (page, card)))));
}

static guint
n_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (list); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += GTK_IS_LIST_BOX_ROW (c);
  return n;
}

static GtkAdjustment *
vadjustment (LimnProgressPage *page)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (limn_progress_page_get_card (page, "accuracy"),
                                                 GTK_TYPE_SCROLLED_WINDOW);

  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
}

/* Top, middle and bottom of the page, in both themes. */
static void
screenshots (Fixture          *f,
             LimnProgressPage *page,
             const char       *theme)
{
  GtkAdjustment *adj = vadjustment (page);
  double bottom = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);
  const char *where[] = { "top", "middle", "bottom" };

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("progress-%s-%s", theme, where[i]);

      gtk_adjustment_set_value (adj, bottom * i / 2);
      limn_gui_test_spin (300);
      g_free (limn_gui_test_screenshot (GTK_WIDGET (f->window), name));
    }
  gtk_adjustment_set_value (adj, 0);
  limn_gui_test_spin (100);
}

static void
test_history (Fixture       *f,
              gconstpointer  data)
{
  LimnProgressPage *page = open_page (f);
  g_autofree char *accuracy = limn_chart_format_value (LIMN_CHART_FORMAT_PERCENT,
                                                       (double) f->gold_right / f->gold_total);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  gint64 week = limn_dashboard_week_start (f->now_us, g_date_time_get_utc_offset (now));
  g_autofree char *this_week = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                count (f, "SELECT COUNT(*) FROM annotations WHERE state = 'submitted' "
                                                          "AND submitted_us >= ?1", week));

  g_assert_cmpstr (limn_progress_page_get_state (page), ==, "dashboard");
  g_assert_cmpstr (limn_progress_page_get_summary (page, 0), ==, this_week);
  g_assert_cmpstr (limn_progress_page_get_summary (page, 1), ==, accuracy);
  g_assert_nonnull (strstr (limn_progress_page_get_summary (page, 3), "Your accuracy rose"));
  g_assert_nonnull (strstr (limn_progress_page_get_summary (page, 3), "over 6 weeks"));

  /* Every chart has data; the labels card is beside the team's. */
  g_assert_false (chart_empty (page, "accuracy"));
  g_assert_false (chart_empty (page, "rework"));
  g_assert_false (chart_empty (page, "time"));
  g_assert_false (chart_empty (page, "calibration"));
  g_assert_false (chart_empty (page, "confusion"));
  g_assert_false (chart_empty (page, "labels"));
  {
    g_autofree char *subtitle = NULL;

    g_object_get (limn_progress_page_get_card (page, "labels"), "subtitle", &subtitle, NULL);
    g_assert_null (strstr (subtitle, "Not enough team data"));
  }

  /* Nobody else is named: the reviewer's name is on no row. */
  g_assert_cmpuint (n_rows (limn_progress_page_get_feedback_list (page)), ==, 3);
  g_assert_cmpuint (n_rows (limn_progress_page_get_threads_list (page)), ==, 1);

  screenshots (f, page, "light");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  limn_gui_test_spin (300);
  screenshots (f, page, "dark");
}

static gboolean
thread_shown (gpointer data)
{
  LimnThreadsPage *page = data;

  return g_strcmp0 (limn_threads_page_get_thread_id (page), FLAG) == 0;
}

/* An open question's row, clicked, opens its thread on the Feedback page. */
static void
test_open_thread (Fixture       *f,
                  gconstpointer  data)
{
  LimnProgressPage *page = open_page (f);
  GtkWidget *row = limn_gui_test_list_row (limn_progress_page_get_threads_list (page), 0);
  GtkWidget *feedback;

  g_assert_nonnull (row);
  gtk_adjustment_set_value (vadjustment (page), gtk_adjustment_get_upper (vadjustment (page)));
  limn_gui_test_spin (300);
  click_middle (row);
  limn_gui_test_spin (300);

  g_assert_cmpstr (adw_view_stack_get_visible_child_name (f->window->pages), ==, "feedback");
  feedback = adw_bin_get_child (ADW_BIN (adw_view_stack_get_child_by_name (f->window->pages, "feedback")));
  g_assert_nonnull (feedback);
  g_assert_true (limn_gui_test_wait_until (thread_shown, feedback, 10000));
}

static gboolean
loads_reach (gpointer data)
{
  gpointer *w = data;

  return limn_progress_page_get_n_loads (w[0]) >= GPOINTER_TO_UINT (w[1]) &&
         g_strcmp0 (limn_progress_page_get_summary (w[0], 0), w[2]) == 0;
}

/* A sync that applied changes reloads the page: new work counts. */
static void
test_reload (Fixture       *f,
             gconstpointer  data)
{
  LimnProgressPage *page = open_page (f);
  guint loads = limn_progress_page_get_n_loads (page);
  gint64 before = g_ascii_strtoll (limn_progress_page_get_summary (page, 0), NULL, 10);
  g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT, before + 1);
  gpointer wait[3] = { page, GUINT_TO_POINTER (loads + 1), expected };
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (f->db, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  limn_progress_history_exec (db, "INSERT INTO annotations (id, task_id, annotator, revision, state, active_ms, created_us, updated_us, "
            "  submitted_us) VALUES ('new', 'open-task', (SELECT value FROM meta WHERE key = 'local_annotator'), "
            "  1, 'submitted', 30000, 0, 0, %lld)", (long long) g_get_real_time ());
  sqlite3_close (db);

  limn_window_pages_reload (f->window);
  g_assert_true (limn_gui_test_wait_until (loads_reach, wait, 10000));
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  LimnProgressPage *page = open_page (f);

  g_assert_cmpstr (limn_progress_page_get_state (page), ==, "empty");
  g_free (limn_gui_test_screenshot (GTK_WIDGET (f->window), "progress-empty"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  limn_gui_test_init (&argc, &argv);
  adw_init ();

  app = limn_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add ("/progress/history", Fixture, NULL, setup, test_history, teardown);
  g_test_add ("/progress/open-thread", Fixture, NULL, setup, test_open_thread, teardown);
  g_test_add ("/progress/reload", Fixture, NULL, setup, test_reload, teardown);
  g_test_add ("/progress/empty", Fixture, "empty", setup, test_empty, teardown);
  g_test_add ("/progress/narrow", Fixture, "narrow", setup, test_narrow, teardown);

  return g_test_run ();
}
