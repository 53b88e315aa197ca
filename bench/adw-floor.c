/* adw-floor.c
 *
 * A second floor for bench-startup: what any libadwaita GtkApplication pays
 * before doing anything of its own — D-Bus registration, Adwaita's styles,
 * an AdwApplicationWindow with a header bar — showing the same image in a
 * GtkPicture. Limn's own startup cost is what it adds on top of this.
 * Prints first-frame-us=, rss-mb=, cpu-ms=, main-cpu-ms=, rss-settled-mb= like
 * floor-viewer.
 *
 * Usage: adw-floor IMAGE
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *path;
static guint frames;

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
after_paint (GdkFrameClock *clock,
             GtkWidget     *window)
{
  if (frames++ == 0)
    {
      printf ("first-frame-us=%" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
      printf ("rss-mb=%.1f\n", rss_mb ());
      printf ("cpu-ms=%.1f\n", cpu_ms (CLOCK_PROCESS_CPUTIME_ID));
      printf ("main-cpu-ms=%.1f\n", cpu_ms (CLOCK_THREAD_CPUTIME_ID));
      fflush (stdout);
    }

  if (frames < 10)
    gtk_widget_queue_draw (window);
  else if (frames == 10)
    {
      printf ("rss-settled-mb=%.1f\n", rss_mb ());
      fflush (stdout);
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

static void
realize (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_paint), window);
}

static void
activate (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (path, NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_widget_set_vexpand (picture, TRUE);
  gtk_box_append (GTK_BOX (box), picture);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  g_signal_connect (window, "realize", G_CALLBACK (realize), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;

  if (argc != 2)
    {
      g_printerr ("usage: adw-floor IMAGE\n");
      return 2;
    }

  path = argv[1];
  app = adw_application_new ("app.limn.AdwFloor", G_APPLICATION_DEFAULT_FLAGS);
  g_signal_connect (app, "activate", G_CALLBACK (activate), NULL);

  return g_application_run (G_APPLICATION (app), 1, argv);
}
