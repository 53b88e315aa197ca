/* test-guidelines.c
 *
 * The guidelines as an annotator reads them: F1 in the real window on the
 * bundled demo project opens them rendered (headings, the label table,
 * lists); the contents menu, used with the real pointer, scrolls to a
 * section; Escape closes the window. Right-to-left paragraphs read right
 * to left in a left-to-right interface, unsafe links are plain text, and a
 * project without guidelines says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "limn-application.h"
#include "limn-gui-test.h"
#include "limn-guidelines-window.h"
#include "limn-markdown-view.h"
#include "limn-window.h"
#include "../limn-test-util.h"

static LimnApplication *app;

typedef struct
{
  char       *dir;
  LimnWindow *window;
} Fixture;

static LimnGuidelinesWindow *
find_guidelines_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (LIMN_IS_GUIDELINES_WINDOW (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return LIMN_GUIDELINES_WINDOW (window);
    }

  return NULL;
}

static gboolean
guidelines_rendered (gpointer data)
{
  LimnGuidelinesWindow *window = find_guidelines_window ();

  *(LimnGuidelinesWindow **) data = window;
  return window != NULL && limn_guidelines_window_is_rendered (window);
}

static gboolean
guidelines_closed (gpointer data)
{
  return find_guidelines_window () == NULL;
}

static gboolean
window_titled (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (gtk_window_get_title (GTK_WINDOW (f->window)), "Limn demo") == 0 ||
         g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (f->window)) ?: "", "Limn demo");
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autofree char *demo = g_build_filename (g_getenv ("LIMN_SOURCE_ROOT"), "data", "demo", NULL);
  g_autofree char *copy = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *project = NULL;
  const char *argv[] = { "cp", "-r", demo, NULL, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  f->dir = limn_test_mkdtemp ();
  data_dir = g_build_filename (f->dir, "data", NULL);
  g_setenv ("LIMN_DATA_DIR", data_dir, TRUE);

  /* A copy: opening a project must never depend on writing beside it, but
   * the repository's files are not the test's to risk. */
  copy = g_build_filename (f->dir, "demo", NULL);
  argv[3] = copy;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  project = g_build_filename (copy, "project.json", NULL);
  f->window = limn_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  limn_window_open_project_file (f->window, project);
  limn_gui_test_show (GTK_WINDOW (f->window));
  g_assert_true (limn_gui_test_wait_until (window_titled, f, 20000));
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  LimnGuidelinesWindow *guidelines = find_guidelines_window ();

  if (guidelines != NULL)
    gtk_window_destroy (GTK_WINDOW (guidelines));
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  limn_gui_test_spin (50);
  g_free (f->dir);
}

/* The label of the heading @title inside @view. */
static GtkWidget *
heading_label (GtkWidget  *widget,
               const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && gtk_widget_has_css_class (child, "limn-markdown-heading") &&
          g_strcmp0 (gtk_label_get_text (GTK_LABEL (child)), title) == 0)
        return child;
      if ((found = heading_label (child, title)) != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_type (child, type)) != NULL)
        return found;
    }

  return NULL;
}

static gboolean
scrolled (gpointer data)
{
  return gtk_adjustment_get_value (data) > 0;
}

static void
test_demo (Fixture       *f,
           gconstpointer  data)
{
  LimnGuidelinesWindow *guidelines = NULL;
  g_auto(GStrv) sections = NULL;
  GtkWidget *view, *button, *popover, *list, *row, *scroller, *confidence;
  GtkAdjustment *adjustment;
  graphene_point_t point;
  static const char *expected[] = {
    "Labels", "Boxes (images)", "Spans (text)", "Suggestions", "Confidence", "When to flag as unclear", NULL,
  };

  /* F1, from the labeling page, as the tooltip says. */
  limn_gui_test_keys (GTK_WINDOW (f->window), "F1");
  g_assert_true (limn_gui_test_wait_until (guidelines_rendered, &guidelines, 10000));
  gtk_window_set_default_size (GTK_WINDOW (guidelines), 680, 760);
  limn_gui_test_spin (300);

  view = limn_guidelines_window_get_view (guidelines);
  sections = limn_markdown_view_get_headings (LIMN_MARKDOWN_VIEW (view), 2);
  g_assert_cmpstrv (sections, expected);
  /* The label table is a grid of 7 rows × 3 cells, the key column first. */
  g_assert_nonnull (find_type (view, GTK_TYPE_GRID));
  limn_gui_test_screenshot (GTK_WIDGET (guidelines), "guidelines-demo");

  /* The contents menu, with the pointer: "Confidence" scrolls there. */
  button = find_type (GTK_WIDGET (guidelines), GTK_TYPE_MENU_BUTTON);
  g_assert_true (gtk_widget_get_visible (button));
  limn_gui_test_click (button, gtk_widget_get_width (button) / 2.0, gtk_widget_get_height (button) / 2.0, 1);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  g_assert_true (limn_gui_test_wait_until ((gboolean (*) (gpointer)) gtk_widget_get_mapped, popover, 5000));
  limn_gui_test_spin (200);
  limn_gui_test_screenshot_root ("guidelines-contents");
  list = find_type (popover, GTK_TYPE_LIST_BOX);
  row = limn_gui_test_list_row (list, 4);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)))), ==,
                   "Confidence");
  scroller = gtk_widget_get_ancestor (view, GTK_TYPE_SCROLLED_WINDOW);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  limn_gui_test_click (row, 20, gtk_widget_get_height (row) / 2.0, 1);
  g_assert_true (limn_gui_test_wait_until (scrolled, adjustment, 5000));
  g_assert_false (gtk_widget_get_mapped (popover));
  limn_gui_test_spin (200);
  confidence = heading_label (view, "Confidence");
  g_assert_nonnull (confidence);
  /* The heading is on screen: at the top, or lower when the text ends
   * before it can scroll that far. */
  g_assert_true (gtk_widget_compute_point (confidence, scroller, &GRAPHENE_POINT_INIT (0, 0), &point));
  g_assert_cmpfloat (point.y, >=, 0);
  g_assert_cmpfloat (point.y + gtk_widget_get_height (confidence), <=, gtk_widget_get_height (scroller));
  g_assert_true (point.y < 60 ||
                 gtk_adjustment_get_value (adjustment) >=
                 gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) - 1);
  limn_gui_test_screenshot (GTK_WIDGET (guidelines), "guidelines-confidence");

  /* Escape closes it; F1 brings it back, the same window. */
  limn_gui_test_keys (GTK_WINDOW (guidelines), "Escape");
  g_assert_true (limn_gui_test_wait_until (guidelines_closed, NULL, 5000));
}

static const char *mixed =
  "# إرشادات التوسيم\n\n"
  "ضع **مربعًا** حول كل سيارة، ولا تضع مربعًا حول الظل.\n\n"
  "Boxes are tight: *two or three* pixels of background at most.\n\n"
  "- أولًا: الأشخاص\n- ثانيًا: المركبات\n\n"
  "> A quote with `code` and a [link](https://example.org).\n\n"
  "Never [this](file:///etc/passwd) nor <script>alert(1)</script>.\n\n"
  "```\nfor box in boxes:\n    check(box)\n```\n\n"
  "| المفتاح | الوسم |\n| --- | --- |\n| 1 | شخص |\n| 2 | مركبة |\n";

static GtkWidget *
label_with_text (GtkWidget  *widget,
                 const char *prefix)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (child)), prefix))
        return child;
      if ((found = label_with_text (child, prefix)) != NULL)
        return found;
    }

  return NULL;
}

static gboolean
view_rendered (gpointer data)
{
  return GPOINTER_TO_INT (g_object_get_data (data, "rendered")) > 0;
}

static void
rendered_cb (GtkWidget *view)
{
  g_object_set_data (G_OBJECT (view), "rendered",
                     GINT_TO_POINTER (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (view), "rendered")) + 1));
}

static void
test_rtl_and_links (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *view = limn_markdown_view_new ();
  GtkWidget *arabic, *english, *unsafe, *quote;

  gtk_widget_set_margin_start (view, 18);
  gtk_widget_set_margin_end (view, 18);
  gtk_widget_set_margin_top (view, 18);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_window_set_child (GTK_WINDOW (window), scroller);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 720);
  g_signal_connect (view, "rendered", G_CALLBACK (rendered_cb), NULL);
  limn_markdown_view_set_markdown (LIMN_MARKDOWN_VIEW (view), mixed);
  limn_gui_test_show (GTK_WINDOW (window));
  g_assert_true (limn_gui_test_wait_until (view_rendered, view, 5000));
  limn_gui_test_spin (200);

  /* The interface is left to right; each paragraph follows its text. */
  g_assert_cmpint (gtk_widget_get_direction (window), ==, GTK_TEXT_DIR_LTR);
  arabic = label_with_text (view, "ضع");
  english = label_with_text (view, "Boxes are tight");
  g_assert_cmpint (gtk_widget_get_direction (arabic), ==, GTK_TEXT_DIR_RTL);
  g_assert_cmpint (gtk_widget_get_direction (english), ==, GTK_TEXT_DIR_LTR);
  /* An Arabic list and table mirror whole: bullets right, first column right. */
  g_assert_cmpint (gtk_widget_get_direction (gtk_widget_get_ancestor (label_with_text (view, "أولًا"), GTK_TYPE_GRID)),
                   ==, GTK_TEXT_DIR_RTL);
  g_assert_cmpint (gtk_widget_get_direction (gtk_widget_get_ancestor (label_with_text (view, "المفتاح"), GTK_TYPE_GRID)),
                   ==, GTK_TEXT_DIR_RTL);

  /* A file: link and raw HTML are text; a web link is a link. */
  unsafe = label_with_text (view, "Never this");
  g_assert_nonnull (unsafe);
  g_assert_null (strstr (gtk_label_get_label (GTK_LABEL (unsafe)), "<a "));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (unsafe)), "<script>"));
  quote = label_with_text (view, "A quote");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (quote)), "<a href=\"https://example.org\">"));

  limn_gui_test_screenshot (window, "guidelines-rtl");

  /* A second text replaces the first; stale reads are dropped. */
  limn_markdown_view_set_markdown (LIMN_MARKDOWN_VIEW (view), "# One");
  limn_markdown_view_set_markdown (LIMN_MARKDOWN_VIEW (view), "# Two");
  g_assert_true (limn_gui_test_wait_until (view_rendered, view, 5000));
  limn_gui_test_spin (300);
  g_assert_null (label_with_text (view, "One"));
  g_assert_nonnull (label_with_text (view, "Two"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_empty (void)
{
  LimnGuidelinesWindow *window = limn_guidelines_window_new (NULL);
  g_autoptr(LimnProject) project = limn_project_new ("p", "No rules", LIMN_PROJECT_BOTH);
  GtkWidget *status;

  limn_guidelines_window_set_project (window, project);
  limn_gui_test_show (GTK_WINDOW (window));
  g_assert_true (limn_guidelines_window_is_rendered (window));
  status = find_type (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE);
  g_assert_true (gtk_widget_get_mapped (status));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==, "No Guidelines Yet");
  limn_gui_test_screenshot (GTK_WIDGET (window), "guidelines-empty");
  gtk_window_destroy (GTK_WINDOW (window));
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

  g_test_add ("/guidelines/demo", Fixture, NULL, setup, test_demo, teardown);
  g_test_add_func ("/guidelines/rtl-and-links", test_rtl_and_links);
  g_test_add_func ("/guidelines/empty", test_empty);

  return g_test_run ();
}
