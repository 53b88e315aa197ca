/* limn-gui-test.h
 *
 * Helpers for GUI tests: real X input through xdotool on the Xvfb display the
 * test runs under (meson wraps every GUI test in xvfb-run and
 * dbus-run-session), waiting on the main loop while it arrives, and
 * screenshots saved as test artifacts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* g_test_init() plus gtk_init() with the cairo renderer (steady under Xvfb)
 * unless GSK_RENDERER is already set. */
void        limn_gui_test_init             (int          *argc,
                                            char       ***argv);

/* Iterates the default main context for @ms milliseconds. */
void        limn_gui_test_spin             (guint         ms);

/* Iterates until @cond returns TRUE or @timeout_ms passes; returns the last
 * value of @cond. */
gboolean    limn_gui_test_wait_until       (gboolean    (*cond) (gpointer),
                                            gpointer      data,
                                            guint         timeout_ms);

/* Presents @window and waits until it is mapped, has its size, and has
 * drawn a frame. */
void        limn_gui_test_show             (GtkWindow    *window);

/* Runs `xdotool ARGS…` (argv style, NULL-terminated) and iterates the main
 * loop until it exits, so the app sees the events as they come. Fails the
 * test if xdotool fails. */
void        limn_gui_test_xdotool          (const char   *first_arg,
                                            ...) G_GNUC_NULL_TERMINATED;

/* @widget's point (x, y) in root-window coordinates. */
void        limn_gui_test_to_root          (GtkWidget    *widget,
                                            double        x,
                                            double        y,
                                            int          *root_x,
                                            int          *root_y);

void        limn_gui_test_move             (GtkWidget    *widget,
                                            double        x,
                                            double        y);
void        limn_gui_test_click            (GtkWidget    *widget,
                                            double        x,
                                            double        y,
                                            int           button);
/* Press at (x1, y1), move in @steps steps, release at (x2, y2). */
void        limn_gui_test_drag             (GtkWidget    *widget,
                                            int           button,
                                            double        x1,
                                            double        y1,
                                            double        x2,
                                            double        y2,
                                            guint         steps);
/* Focuses @window (there is no window manager) and types the xdotool key
 * names in @keys, e.g. "ctrl+z" or "shift+Right shift+Right 1". */
void        limn_gui_test_keys             (GtkWindow    *window,
                                            const char   *keys);
/* Focuses @window and types @text as characters (URLs, names). */
void        limn_gui_test_type             (GtkWindow    *window,
                                            const char   *text);
void        limn_gui_test_scroll           (GtkWidget    *widget,
                                            double        x,
                                            double        y,
                                            int           button,
                                            guint         clicks,
                                            const char   *modifier);

/* The row widget of a GtkListView or GtkListBox at @position, counting
 * the rows on screen (a short list has them all). */
GtkWidget  *limn_gui_test_list_row         (GtkWidget    *list,
                                            guint         position);

/* Copies labelme-voc's 2011_000003.jpg (500 × 338) from the shared data
 * into @dir, or writes a demo photo scaled to that size; returns its path. */
char       *limn_gui_test_copy_photo       (const char   *dir);

/* Where artifacts go: $LIMN_TEST_ARTIFACTS, else <builddir>/tests/artifacts. */
const char *limn_gui_test_artifacts_dir    (void);
/* Renders @widget (as GTK draws it) to artifacts/<name>.png; returns the path. */
char       *limn_gui_test_screenshot       (GtkWidget    *widget,
                                            const char   *name);
/* The same, with the widget moved by (@dx, @dy) and scaled by @scale, as a
 * parent's transform (an animation, a scaled thumbnail) draws it: edges no
 * longer fall on the pixel grid. The picture keeps the widget's size. */
char       *limn_gui_test_screenshot_transformed (GtkWidget  *widget,
                                                  double      dx,
                                                  double      dy,
                                                  double      scale,
                                                  const char *name);
/* Grabs the whole X screen (what a person would see) with ImageMagick's
 * `import`; returns the path. */
char       *limn_gui_test_screenshot_root  (const char   *name);

G_END_DECLS
