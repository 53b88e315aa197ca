/* limn-gui-test.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>

#include "limn-gui-test.h"

void
limn_gui_test_init (int    *argc,
                    char ***argv)
{
  g_setenv ("GDK_BACKEND", "x11", TRUE);
  g_setenv ("GSK_RENDERER", g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "cairo", TRUE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("NO_AT_BRIDGE", "1", FALSE);

  g_test_init (argc, argv, NULL);

  if (g_getenv ("DISPLAY") == NULL)
    {
      g_printerr ("GUI tests need an X display; run them through meson (xvfb-run)\n");
      exit (77);
    }

  gtk_init ();
}

static gboolean
timeout_cb (gpointer data)
{
  gboolean *done = data;

  *done = TRUE;
  return G_SOURCE_REMOVE;
}

void
limn_gui_test_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
limn_gui_test_wait_until (gboolean (*cond) (gpointer),
                          gpointer   data,
                          guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > deadline)
        return cond (data);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }

  return TRUE;
}

typedef struct
{
  GtkWidget *widget;
  guint      frames;
} FrameWait;

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  FrameWait *wait = data;

  wait->frames++;
  return G_SOURCE_CONTINUE;
}

static gboolean
window_ready (gpointer data)
{
  FrameWait *wait = data;

  return gtk_widget_get_mapped (wait->widget) &&
         gtk_widget_get_width (wait->widget) > 0 &&
         wait->frames >= 3;
}

void
limn_gui_test_show (GtkWindow *window)
{
  FrameWait wait = { GTK_WIDGET (window), 0 };
  guint id;

  /* Park the pointer off any window, so a new window never starts with a
   * stale pointer state left over from the previous test. Not --sync: that
   * waits ~13 s when the pointer is already there. */
  limn_gui_test_xdotool ("mousemove", "1599", "999", NULL);

  gtk_window_present (window);
  id = gtk_widget_add_tick_callback (GTK_WIDGET (window), count_frame_cb, &wait, NULL);
  g_assert_true (limn_gui_test_wait_until (window_ready, &wait, 10000));
  gtk_widget_remove_tick_callback (GTK_WIDGET (window), id);
  limn_gui_test_spin (50);
}

static void
xdotool_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  gboolean *done = data;
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_check_finish (G_SUBPROCESS (object), result, &error);
  g_assert_no_error (error);
  *done = TRUE;
}

static void
run_xdotool (GPtrArray *args)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  gboolean done = FALSE;

  g_ptr_array_insert (args, 0, g_strdup ("xdotool"));
  g_ptr_array_add (args, NULL);

  proc = g_subprocess_newv ((const char * const *)args->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);

  /* Keep the main loop turning: the events xdotool sends come back to us. */
  g_subprocess_wait_check_async (proc, NULL, xdotool_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  /* Let GDK read and dispatch what the X server queued. */
  limn_gui_test_spin (30);
}

void
limn_gui_test_xdotool (const char *first_arg,
                       ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  va_list ap;

  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, g_strdup (arg));
  va_end (ap);

  run_xdotool (args);
}

static gulong
window_xid (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);
  GdkSurface *surface = gtk_native_get_surface (native);

  return gdk_x11_surface_get_xid (surface);
}

static void
window_origin (GtkWidget *widget,
               int       *x,
               int       *y)
{
  g_autofree char *xid = g_strdup_printf ("%lu", window_xid (widget));
  g_autofree char *out = NULL;
  g_autofree char *cmd = g_strdup_printf ("xdotool getwindowgeometry --shell %s", xid);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  int exit_status = 0;

  g_spawn_command_line_sync (cmd, &out, NULL, &exit_status, &error);
  g_assert_no_error (error);
  g_assert_cmpint (exit_status, ==, 0);

  *x = *y = 0;
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "X="))
        *x = atoi (lines[i] + 2);
      else if (g_str_has_prefix (lines[i], "Y="))
        *y = atoi (lines[i] + 2);
    }
}

void
limn_gui_test_to_root (GtkWidget *widget,
                       double     x,
                       double     y,
                       int       *root_x,
                       int       *root_y)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t in = GRAPHENE_POINT_INIT (x, y);
  graphene_point_t out;
  double sx = 0, sy = 0;
  int wx, wy;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &in, &out));
  gtk_native_get_surface_transform (native, &sx, &sy);
  window_origin (widget, &wx, &wy);

  *root_x = wx + (int)(out.x + sx + 0.5);
  *root_y = wy + (int)(out.y + sy + 0.5);
}

static char *
int_str (int v)
{
  return g_strdup_printf ("%d", v);
}

void
limn_gui_test_move (GtkWidget *widget,
                    double     x,
                    double     y)
{
  g_autofree char *sx = NULL, *sy = NULL;
  int rx, ry;

  limn_gui_test_to_root (widget, x, y, &rx, &ry);
  sx = int_str (rx);
  sy = int_str (ry);
  limn_gui_test_xdotool ("mousemove", "--sync", sx, sy, NULL);
}

void
limn_gui_test_click (GtkWidget *widget,
                     double     x,
                     double     y,
                     int        button)
{
  g_autofree char *b = int_str (button);

  limn_gui_test_move (widget, x, y);
  limn_gui_test_xdotool ("click", b, NULL);
}

void
limn_gui_test_drag (GtkWidget *widget,
                    int        button,
                    double     x1,
                    double     y1,
                    double     x2,
                    double     y2,
                    guint      steps)
{
  g_autofree char *b = int_str (button);

  steps = MAX (steps, 1);
  limn_gui_test_move (widget, x1, y1);
  limn_gui_test_xdotool ("mousedown", b, NULL);
  for (guint i = 1; i <= steps; i++)
    limn_gui_test_move (widget,
                        x1 + (x2 - x1) * i / steps,
                        y1 + (y2 - y1) * i / steps);
  limn_gui_test_xdotool ("mouseup", b, NULL);
}

void
limn_gui_test_keys (GtkWindow  *window,
                    const char *keys)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *xid = g_strdup_printf ("%lu", window_xid (GTK_WIDGET (window)));
  g_auto(GStrv) names = g_strsplit (keys, " ", -1);

  limn_gui_test_xdotool ("windowfocus", "--sync", xid, NULL);

  g_ptr_array_add (args, g_strdup ("key"));
  g_ptr_array_add (args, g_strdup ("--delay"));
  g_ptr_array_add (args, g_strdup ("40"));
  for (guint i = 0; names[i] != NULL; i++)
    if (names[i][0] != '\0')
      g_ptr_array_add (args, g_strdup (names[i]));

  run_xdotool (args);
}

void
limn_gui_test_type (GtkWindow  *window,
                    const char *text)
{
  g_autofree char *xid = g_strdup_printf ("%lu", window_xid (GTK_WIDGET (window)));

  limn_gui_test_xdotool ("windowfocus", "--sync", xid, NULL);
  limn_gui_test_xdotool ("type", "--delay", "15", text, NULL);
}

void
limn_gui_test_scroll (GtkWidget  *widget,
                      double      x,
                      double      y,
                      int         button,
                      guint       clicks,
                      const char *modifier)
{
  g_autofree char *b = int_str (button);
  g_autofree char *n = int_str (clicks);

  limn_gui_test_move (widget, x, y);
  if (modifier != NULL)
    limn_gui_test_xdotool ("keydown", modifier, NULL);
  limn_gui_test_xdotool ("click", "--repeat", n, "--delay", "30", b, NULL);
  if (modifier != NULL)
    limn_gui_test_xdotool ("keyup", modifier, NULL);
}

const char *
limn_gui_test_artifacts_dir (void)
{
  static char *dir;

  if (dir == NULL)
    {
      const char *env = g_getenv ("LIMN_TEST_ARTIFACTS");

      dir = env ? g_strdup (env) : g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                                     "artifacts", NULL);
      g_mkdir_with_parents (dir, 0755);
    }

  return dir;
}

GtkWidget *
limn_gui_test_list_row (GtkWidget *list,
                        guint      position)
{
  guint i = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_visible (child) || gtk_widget_get_first_child (child) == NULL)
        continue;
      if (i++ == position)
        return child;
    }

  g_error ("no row %u in %s", position, G_OBJECT_TYPE_NAME (list));
}

char *
limn_gui_test_screenshot (GtkWidget  *widget,
                          const char *name)
{
  return limn_gui_test_screenshot_transformed (widget, 0, 0, 1, name);
}

char *
limn_gui_test_screenshot_transformed (GtkWidget  *widget,
                                      double      dx,
                                      double      dy,
                                      double      scale,
                                      const char *name)
{
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  char *path = g_build_filename (limn_gui_test_artifacts_dir (), file, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int w = gtk_widget_get_width (widget);
  int h = gtk_widget_get_height (widget);
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, w, h);

  /* A widget between a queued redraw and its frame has no image yet: let
   * the frame come. */
  for (guint attempt = 0; node == NULL && attempt < 20; attempt++)
    {
      g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      if (attempt > 0)
        limn_gui_test_spin (50);
      if (dx != 0 || dy != 0)
        gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (dx, dy));
      if (scale != 1)
        gtk_snapshot_scale (snapshot, scale, scale);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &bounds);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  return path;
}

char *
limn_gui_test_screenshot_root (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  char *path = g_build_filename (limn_gui_test_artifacts_dir (), file, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                           "import", "-window", "root", path, NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (proc, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("screenshot: %s", path);

  return path;
}

char *
limn_gui_test_copy_photo (const char *dir)
{
  const char *shared = g_getenv ("LIMN_SHARED_DATA");
  g_autofree char *src = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  char *dst = g_build_filename (dir, "2011_000003.jpg", NULL);
  gsize len;

  src = g_build_filename (shared ? shared : "../shared/data", "labelme-voc", "2011_000003.jpg", NULL);
  if (!g_file_test (src, G_FILE_TEST_IS_REGULAR))
    {
      /* A clone without ../shared beside it: a demo photo at the same
       * size (500 × 338) stands in, so every geometry assertion holds. */
      g_autofree char *demo = g_build_filename (g_getenv ("LIMN_SOURCE_ROOT"), "data", "demo",
                                                "images", "falcon9-launch.jpg", NULL);
      g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file_at_scale (demo, 500, 338,
                                                                       FALSE, &error);

      g_assert_no_error (error);
      gdk_pixbuf_save (pixbuf, dst, "jpeg", &error, "quality", "90", NULL);
      g_assert_no_error (error);
      return dst;
    }

  g_file_get_contents (src, &data, &len, &error);
  g_assert_no_error (error);
  g_file_set_contents (dst, data, len, &error);
  g_assert_no_error (error);

  return dst;
}
