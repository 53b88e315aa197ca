/* test-gui-harness.c
 *
 * Proves the GUI test harness itself: real pointer and key events from
 * xdotool reach real GTK widgets under Xvfb, and screenshots are written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "limn-gui-test.h"

static void
clicked_cb (GtkButton *button,
            gpointer   data)
{
  (*(int *)data)++;
}

static void
test_click_and_type (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *button = gtk_button_new_with_label ("Press me");
  GtkWidget *entry = gtk_entry_new ();
  g_autofree char *shot = NULL;
  int clicks = 0;

  gtk_window_set_default_size (GTK_WINDOW (window), 300, 120);
  gtk_box_append (GTK_BOX (box), button);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_window_set_child (GTK_WINDOW (window), box);
  g_signal_connect (button, "clicked", G_CALLBACK (clicked_cb), &clicks);

  limn_gui_test_show (GTK_WINDOW (window));

  limn_gui_test_click (button, 10, 10, 1);
  g_assert_cmpint (clicks, ==, 1);

  gtk_widget_grab_focus (entry);
  limn_gui_test_keys (GTK_WINDOW (window), "a b c shift+d");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "abcD");

  shot = limn_gui_test_screenshot (window, "harness");
  g_assert_true (g_file_test (shot, G_FILE_TEST_EXISTS));

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  limn_gui_test_init (&argc, &argv);

  g_test_add_func ("/gui/harness/click-and-type", test_click_and_type);

  return g_test_run ();
}
