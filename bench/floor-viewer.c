/* floor-viewer.c
 *
 * The floor for bench-canvas: the least a GTK 4 program can do to show an
 * image — decode it in full with gdk_texture_new_from_filename() and put it
 * in a GtkPicture, like a naive viewer. Prints, as key=value lines:
 *
 *   first-frame-us  monotonic time (shared by all processes) when the first
 *                   frame showing the picture was painted
 *   rss-mb          resident memory then, and rss-settled-mb a moment later
 *   cpu-ms          CPU time the process had used by then, main-cpu-ms its
 *                   main thread's (bench-startup shows both: on a shared
 *                   machine they move less than wall-clock time)
 *   renderer        the GSK renderer's type name
 *
 * Usage: floor-viewer IMAGE
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtk/gtk.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static gboolean done;
static gboolean have_picture;
static guint settle_frames;

/* CPU time used so far (ms): by the whole process, or by the calling
 * thread (CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID). */
static double
cpu_ms (clockid_t clock)
{
  struct timespec ts;

  if (clock_gettime (clock, &ts) != 0)
    return -1;

  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static double
rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");

  return line ? g_ascii_strtod (line + 6, NULL) / 1024.0 : -1;
}

static void
after_paint_cb (GdkFrameClock *clock,
                GtkWidget     *window)
{
  if (!have_picture)
    return;

  if (settle_frames++ == 0)
    {
      GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

      printf ("first-frame-us=%" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
      printf ("rss-mb=%.1f\n", rss_mb ());
      printf ("cpu-ms=%.1f\n", cpu_ms (CLOCK_PROCESS_CPUTIME_ID));
      printf ("main-cpu-ms=%.1f\n", cpu_ms (CLOCK_THREAD_CPUTIME_ID));
      printf ("renderer=%s\n", G_OBJECT_TYPE_NAME (renderer));
      fflush (stdout);
    }

  /* A few more frames, for the memory a second paint still allocates. */
  if (settle_frames < 10)
    gtk_widget_queue_draw (window);
  else if (!done)
    {
      printf ("rss-settled-mb=%.1f\n", rss_mb ());
      fflush (stdout);
      done = TRUE;
    }
}

static void
realize_cb (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkWidget *window;
  GtkWidget *picture;

  if (argc != 2)
    {
      g_printerr ("usage: floor-viewer IMAGE\n");
      return 2;
    }

  gtk_init ();

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  g_signal_connect (window, "realize", G_CALLBACK (realize_cb), NULL);

  /* Decoded in full, on the main thread, before anything is shown. */
  texture = gdk_texture_new_from_filename (argv[1], &error);
  if (texture == NULL)
    {
      g_printerr ("floor-viewer: %s\n", error->message);
      return 1;
    }

  picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
  gtk_window_set_child (GTK_WINDOW (window), picture);
  have_picture = TRUE;
  gtk_window_present (GTK_WINDOW (window));

  while (!done)
    g_main_context_iteration (NULL, TRUE);

  gtk_window_destroy (GTK_WINDOW (window));

  return 0;
}
