/* bench-startup.c
 *
 * Cold start of the real `limn` to its first frame with a task on screen,
 * and its memory, against the floor: a minimal GTK 4 window showing the same
 * image (bench/floor-viewer). Both are spawned from here, alternately, with
 * a fresh database each time, in one run; the figures are medians and the
 * verdict is the ratio (design §11: ≤ 1.5× the floor's time; RSS ≤ floor +
 * 25 MB with a 500×338 image).
 *
 * Run it inside one D-Bus session (bench/run does): limn is a
 * GtkApplication, and GTK 4.8 waits at startup for the desktop portal to be
 * activated if it is not running yet. On a desktop it always is, so one
 * discarded launch first starts it, as a desktop session would have.
 *
 * Usage: bench-startup [RUNS]  (under Xvfb: see bench/README.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

typedef struct
{
  double first_frame_ms;
  double rss_mb;
  double rss_settled_mb;
  char  *renderer;
} Sample;

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_double);
  return values->len ? g_array_index (values, double, values->len / 2) : -1;
}

/* Spawns argv, reads its key=value lines until it exits. */
static gboolean
run_one (const char * const *argv,
         const char        *data_dir,
         Sample            *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *stdout_buf = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 start;

  if (data_dir != NULL)
    g_subprocess_launcher_setenv (launcher, "LIMN_DATA_DIR", data_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "LIMN_REPORT_FIRST_FRAME", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  g_subprocess_launcher_setenv (launcher, "ADW_DISABLE_PORTAL", "1", TRUE);

  start = g_get_monotonic_time ();
  proc = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (proc == NULL)
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return FALSE;
    }

  if (!g_subprocess_communicate_utf8 (proc, NULL, NULL, &stdout_buf, NULL, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return FALSE;
    }

  memset (out, 0, sizeof *out);
  lines = g_strsplit (stdout_buf ? stdout_buf : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "first-frame-us="))
        out->first_frame_ms = (g_ascii_strtoll (lines[i] + 15, NULL, 10) - start) / 1000.0;
      else if (g_str_has_prefix (lines[i], "rss-mb="))
        out->rss_mb = g_ascii_strtod (lines[i] + 7, NULL);
      else if (g_str_has_prefix (lines[i], "rss-settled-mb="))
        out->rss_settled_mb = g_ascii_strtod (lines[i] + 15, NULL);
      else if (g_str_has_prefix (lines[i], "renderer=") && out->renderer == NULL)
        out->renderer = g_strdup (lines[i] + 9);
    }

  return out->first_frame_ms > 0;
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* A one-task project on @image, so limn opens exactly what the floor shows. */
static char *
write_project (const char *dir,
               const char *image)
{
  g_autofree char *json = g_strdup_printf ("{\"format\": \"limn-project\", \"version\": 1,"
                                           " \"name\": \"Startup\", \"labels\": [{\"name\": \"Thing\"}],"
                                           " \"tasks\": [{\"image\": \"%s\"}]}", image);
  char *path = g_build_filename (dir, "project.json", NULL);

  g_file_set_contents (path, json, -1, NULL);
  return path;
}

static void
add_sample (const char * const *argv,
            const char         *data_dir,
            GArray             *first,
            GArray             *rss,
            char              **renderer)
{
  Sample s;

  if (!run_one (argv, data_dir, &s))
    return;

  g_array_append_val (first, s.first_frame_ms);
  g_array_append_val (rss, s.rss_settled_mb);
  if (renderer != NULL)
    {
      g_free (*renderer);
      *renderer = g_steal_pointer (&s.renderer);
    }
  g_free (s.renderer);
}

static void
compare (const char *title,
         const char *limn,
         const char *floor_viewer,
         const char *adw_floor,
         const char *image,
         guint       runs)
{
  g_autoptr(GArray) lf = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) lr = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) wf = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) wr = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ff = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) fr = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) af = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ar = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *warm = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("limn-bench-XXXXXX", NULL);
  g_autofree char *project = write_project (tmp, image);
  g_autofree char *renderer = NULL;
  double l_first, f_first, l_rss, f_rss, w_first, w_rss, a_first, a_rss;

  /* Warm-up: starts the session's portal, like a desktop already has. */
  {
    g_autofree char *data = g_strdup_printf ("%s/data-warm-up", tmp);
    const char *limn_argv[] = { limn, "--data-dir", data, "--project", project, NULL };
    Sample s;

    if (run_one (limn_argv, data, &s))
      g_free (s.renderer);
  }

  /* A database that already has the project: every launch after the first. */
  warm = g_strdup_printf ("%s/data-warm", tmp);
  {
    const char *first_argv[] = { limn, "--data-dir", warm, "--project", project, NULL };
    Sample s;

    if (run_one (first_argv, warm, &s))
      g_free (s.renderer);
  }

  for (guint i = 0; i < runs; i++)
    {
      g_autofree char *data = g_strdup_printf ("%s/data-%u", tmp, i);
      const char *limn_argv[] = { limn, "--data-dir", data, "--project", project, NULL };
      const char *warm_argv[] = { limn, "--data-dir", warm, NULL };
      const char *floor_argv[] = { floor_viewer, image, NULL };
      const char *adw_argv[] = { adw_floor, image, NULL };

      /* Interleaved, so drift on a shared machine hits all alike. */
      add_sample (floor_argv, NULL, ff, fr, NULL);
      add_sample (adw_argv, NULL, af, ar, NULL);
      add_sample (limn_argv, data, lf, lr, &renderer);
      add_sample (warm_argv, warm, wf, wr, NULL);
    }

  l_first = median (lf), f_first = median (ff), w_first = median (wf), a_first = median (af);
  l_rss = median (lr), f_rss = median (fr), w_rss = median (wr), a_rss = median (ar);

  printf ("\n%s (%s, median of %u runs each, renderer %s)\n", title, image, runs,
          renderer ? renderer : "?");
  printf ("  %-40s %9s %12s %10s\n", "", "first frame", "× floor", "RSS");
  printf ("  %-40s %7.0f ms %12s %7.1f MB\n", "floor: GtkWindow + GtkPicture", f_first, "1.00", f_rss);
  printf ("  %-40s %7.0f ms %12.2f %7.1f MB (%+.1f)\n", "AdwApplication + header bar + GtkPicture",
          a_first, a_first / f_first, a_rss, a_rss - f_rss);
  printf ("  %-40s %7.0f ms %12.2f %7.1f MB (%+.1f)\n", "limn, first launch (new database, import)",
          l_first, l_first / f_first, l_rss, l_rss - f_rss);
  printf ("  %-40s %7.0f ms %12.2f %7.1f MB (%+.1f)\n", "limn, later launches (project stored)",
          w_first, w_first / f_first, w_rss, w_rss - f_rss);

  rm_rf (tmp);
}

int
main (int   argc,
      char *argv[])
{
  const char *build = g_getenv ("LIMN_BUILD_DIR");
  const char *source = g_getenv ("LIMN_SOURCE_ROOT");
  g_autofree char *limn = NULL;
  g_autofree char *floor_viewer = NULL;
  g_autofree char *adw_floor = NULL;
  g_autofree char *demo_image = NULL;
  g_autofree char *small_image = NULL;
  guint runs = argc > 1 ? (guint)atoi (argv[1]) : 7;

  if (build == NULL || source == NULL)
    {
      g_printerr ("run through bench/run, which sets LIMN_BUILD_DIR and LIMN_SOURCE_ROOT\n");
      return 2;
    }

  limn = g_build_filename (build, "src", "app", "limn", NULL);
  floor_viewer = g_build_filename (build, "bench", "floor-viewer", NULL);
  adw_floor = g_build_filename (build, "bench", "adw-floor", NULL);
  demo_image = g_build_filename (source, "data", "demo", "images", "spaniels.jpg", NULL);
  small_image = g_build_filename (source, "..", "shared", "data", "labelme-voc", "2011_000003.jpg", NULL);

  printf ("bench-startup: limn vs a minimal GTK 4 window showing the same image\n");
  printf ("GSK_RENDERER=%s\n", g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "(default)");

  compare ("Demo project's first image (800×1202 JPEG)", limn, floor_viewer, adw_floor, demo_image, runs);
  if (g_file_test (small_image, G_FILE_TEST_EXISTS))
    compare ("500×338 JPEG (labelme-voc 2011_000003)", limn, floor_viewer, adw_floor, small_image, runs);

  printf ("\nTargets (design §11): first frame ≤ 1.5× the floor; RSS ≤ floor + 25 MB.\n");

  return 0;
}
