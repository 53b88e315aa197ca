/* test-help.c
 *
 * Help as a user reaches it: Ctrl+F1 in the real window opens the guides
 * (whose resource was not registered before), the pointer picks "Reviewer
 * Guide" in the sidebar and its heading and screenshots are shown; a link
 * to another guide opens it in the same window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "limn-application.h"
#include "limn-gui-test.h"
#include "limn-help-window.h"
#include "limn-markdown-view.h"
#include "limn-window.h"
#include "../limn-test-util.h"

static LimnApplication *app;

static LimnHelpWindow *
find_help_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (LIMN_IS_HELP_WINDOW (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return LIMN_HELP_WINDOW (window);
    }

  return NULL;
}

typedef struct
{
  LimnHelpWindow *window;
  const char     *page;
} Wait;

static gboolean
page_rendered (gpointer data)
{
  Wait *wait = data;

  wait->window = find_help_window ();
  return wait->window != NULL && g_strcmp0 (limn_help_window_get_page (wait->window), wait->page) == 0 &&
         limn_help_window_is_rendered (wait->window);
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
shown (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static void
test_reviewer_guide (void)
{
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autoptr(GBytes) before = NULL;
  g_auto(GStrv) headings = NULL;
  Wait wait = { NULL, "user-guide.md" };
  LimnWindow *window;
  GtkWidget *sidebar, *row, *picture, *view;
  gboolean handled = FALSE;

  g_setenv ("LIMN_DATA_DIR", data_dir, TRUE);
  window = limn_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  limn_gui_test_show (GTK_WINDOW (window));
  limn_gui_test_spin (300);

  /* Start-up did not register the docs. */
  before = g_resources_lookup_data ("/app/limn/Limn/help/reviewer-guide.md", G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_assert_null (before);

  /* The key, as the shortcuts window says; the User Guide comes first. */
  limn_gui_test_keys (GTK_WINDOW (window), "ctrl+F1");
  g_assert_true (limn_gui_test_wait_until (page_rendered, &wait, 10000));
  headings = limn_help_window_get_headings (wait.window);
  g_assert_true (g_strv_contains ((const char * const *) headings, "Limn user guide"));
  g_clear_pointer (&headings, g_strfreev);

  /* The pointer picks "Reviewer Guide" in the sidebar. */
  sidebar = find_type (GTK_WIDGET (wait.window), GTK_TYPE_LIST_BOX);
  row = limn_gui_test_list_row (sidebar, 1);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row)))), ==,
                   "Reviewer Guide");
  limn_gui_test_click (row, 20, gtk_widget_get_height (row) / 2.0, 1);
  wait.page = "reviewer-guide.md";
  g_assert_true (limn_gui_test_wait_until (page_rendered, &wait, 10000));
  headings = limn_help_window_get_headings (wait.window);
  /* docs/reviewer-guide.md's title, and one of its sections. */
  g_assert_true (g_strv_contains ((const char * const *) headings, "Reviewer's guide"));
  g_assert_true (gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (row)));

  /* Its first screenshot, from the help resource. */
  picture = find_type (GTK_WIDGET (wait.window), GTK_TYPE_PICTURE);
  g_assert_nonnull (picture);
  g_assert_nonnull (gtk_picture_get_paintable (GTK_PICTURE (picture)));
  g_assert_true (limn_gui_test_wait_until (shown, picture, 5000));
  limn_gui_test_spin (300);
  limn_gui_test_screenshot (GTK_WIDGET (wait.window), "help-reviewer-guide");

  /* "[server guide](server-guide.md)" opens the Admin Guide here. */
  view = find_type (GTK_WIDGET (wait.window), LIMN_TYPE_MARKDOWN_VIEW);
  g_signal_emit_by_name (view, "activate-link", "https://help.limn.invalid/server-guide.md", &handled);
  g_assert_true (handled);
  wait.page = "server-guide.md";
  g_assert_true (limn_gui_test_wait_until (page_rendered, &wait, 10000));
  g_assert_true (gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (limn_gui_test_list_row (sidebar, 2))));

  gtk_window_destroy (GTK_WINDOW (window));
  limn_gui_test_spin (50);
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

  g_test_add_func ("/help/reviewer-guide", test_reviewer_guide);

  return g_test_run ();
}
