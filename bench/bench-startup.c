/* bench-startup.c
 *
 * Cold start of the real `limn` to its first frame with a task on screen,
 * and its memory, against the floor (a minimal GTK 4 window showing the
 * same image, bench/floor-viewer), the same in an AdwApplication
 * (bench/adw-floor), and Debian's labelme opening the same image
 * (bench/labelme-first-paint.py). All are spawned from here, interleaved
 * in one run (the order rotates each round, so none always follows the
 * same neighbour); the figures are medians and the verdicts are ratios
 * (design §11: ≤ 1.5× the floor's time and ≥ 2× faster than labelme; RSS
 * ≤ floor + 25 MB with a 500×338 image).
 *
 * --compare OTHER_LIMN adds a second limn binary (say, the previous
 * commit built in release) to the same rounds, so a change is measured
 * before/after against the same floor: on a shared machine the floor
 * itself moves 10–20 % between runs.
 *
 * Run it inside one D-Bus session (bench/run does): limn is a
 * GtkApplication, and GTK 4.8 waits at startup for the desktop portal to be
 * activated if it is not running yet. On a desktop it always is, so one
 * discarded launch first starts it, as a desktop session would have.
 *
 * Usage: bench-startup [--compare OTHER_LIMN] [--no-labelme] [--verbose] [--image FILE] [RUNS]
 *        (--verbose prints every launch; --image measures FILE instead of
 *        the two usual images)
 *        (under Xvfb: see bench/README.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct
{
  double first_frame_ms;
  double rss_settled_mb;
  double cpu_ms;         /* the process's CPU time at the first frame */
  double main_cpu_ms;    /* its main thread's */
  char  *renderer;
} Sample;

typedef enum
{
  FLOOR,
  ADW_FLOOR,
  LIMN_FIRST,     /* a new database: the launch imports the project */
  LIMN_LATER,     /* the project already stored */
  LABELME,
} Kind;

typedef struct
{
  Kind        kind;
  char       *title;
  char       *tag;       /* limn's: in the line of ratios to labelme */
  const char *program;   /* limn's binary, or the floor's */
  char       *warm_dir;  /* LIMN_LATER: its database */
  GArray     *first;
  GArray     *rss;
  GArray     *cpu;
  GArray     *main_cpu;
  GArray     *by_round;  /* first frame per round, NAN if it failed */
  char       *renderer;
} Contender;

typedef struct
{
  const char *floor_viewer;
  const char *adw_floor;
  const char *limn[2];          /* this build's, and --compare's or NULL */
  const char *python;           /* labelme's interpreter, or NULL */
  const char *labelme_script;
  guint       runs;
  gboolean    verbose;
} Setup;

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
         const char * const *env,
         Sample             *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *stdout_buf = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 start;

  memset (out, 0, sizeof *out);
  g_subprocess_launcher_setenv (launcher, "LIMN_REPORT_FIRST_FRAME", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "memory", TRUE);
  g_subprocess_launcher_setenv (launcher, "ADW_DISABLE_PORTAL", "1", TRUE);
  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);

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

  lines = g_strsplit (stdout_buf ? stdout_buf : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "first-frame-us="))
        out->first_frame_ms = (g_ascii_strtoll (lines[i] + 15, NULL, 10) - start) / 1000.0;
      else if (g_str_has_prefix (lines[i], "rss-settled-mb="))
        out->rss_settled_mb = g_ascii_strtod (lines[i] + 15, NULL);
      else if (g_str_has_prefix (lines[i], "cpu-ms="))
        out->cpu_ms = g_ascii_strtod (lines[i] + 7, NULL);
      else if (g_str_has_prefix (lines[i], "main-cpu-ms="))
        out->main_cpu_ms = g_ascii_strtod (lines[i] + 12, NULL);
      else if (g_str_has_prefix (lines[i], "renderer=") && out->renderer == NULL)
        out->renderer = g_strdup (lines[i] + 9);
    }

  if (out->first_frame_ms <= 0)
    g_printerr ("%s: no first frame reported\n", argv[0]);

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

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
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

/* labelme keeps its settings in $HOME: one private home for the run, with
 * the window at the size the floor and limn open at (its default is
 * 600×500, and a smaller window is a cheaper frame). */
static char *
labelme_home (const char *tmp)
{
  char *home = g_build_filename (tmp, "labelme-home", NULL);
  g_autofree char *config = g_build_filename (home, ".config", "labelme", NULL);
  g_autofree char *conf = g_build_filename (config, "labelme.conf", NULL);

  g_mkdir_with_parents (config, 0700);
  g_file_set_contents (conf, "[window]\nsize=@Size(1280 800)\nposition=@Point(0 0)\n", -1, NULL);
  return home;
}

typedef struct
{
  const char *tmp;
  const char *project;
  const char *image;
  const char *labelme_home;
  guint       round;
} Round;

static gboolean
run_contender (const Setup *setup,
               Contender   *c,
               const Round *r,
               Sample      *s)
{
  g_autofree char *data = NULL;
  g_autofree char *config_home = NULL;

  switch (c->kind)
    {
    case FLOOR:
    case ADW_FLOOR:
      {
        const char *argv[] = { c->program, r->image, NULL };

        return run_one (argv, NULL, s);
      }
    case LIMN_FIRST:
      {
        const char *argv[] = { c->program, "--data-dir", NULL, "--project", r->project, NULL };

        data = g_strdup_printf ("%s/data-%s-%u", r->tmp, c->tag, r->round);
        g_strdelimit (data, " ", '-');
        argv[2] = data;
        return run_one (argv, NULL, s);
      }
    case LIMN_LATER:
      {
        const char *argv[] = { c->program, "--data-dir", c->warm_dir, NULL };

        return run_one (argv, NULL, s);
      }
    case LABELME:
      {
        const char *argv[] = { setup->python, setup->labelme_script, r->image, NULL };
        const char *env[] = { "HOME", r->labelme_home, "XDG_CONFIG_HOME", NULL, NULL };

        config_home = g_build_filename (r->labelme_home, ".config", NULL);
        env[3] = config_home;
        return run_one (argv, env, s);
      }
    default:
      g_assert_not_reached ();
    }
}

static Contender *
contender_new (Kind        kind,
               const char *program,
               char       *title)
{
  Contender *c = g_new0 (Contender, 1);

  c->kind = kind;
  c->program = program;
  c->title = title;
  c->first = g_array_new (FALSE, FALSE, sizeof (double));
  c->rss = g_array_new (FALSE, FALSE, sizeof (double));
  c->cpu = g_array_new (FALSE, FALSE, sizeof (double));
  c->main_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  c->by_round = g_array_new (FALSE, FALSE, sizeof (double));
  return c;
}

static void
contender_free (Contender *c)
{
  g_free (c->title);
  g_free (c->tag);
  g_free (c->warm_dir);
  g_array_unref (c->first);
  g_array_unref (c->rss);
  g_array_unref (c->cpu);
  g_array_unref (c->main_cpu);
  g_array_unref (c->by_round);
  g_free (c->renderer);
  g_free (c);
}

static void
print_row (const Contender *c,
           const Contender *floor,
           const Contender *adw)
{
  double first = median (c->first), rss = median (c->rss);
  double f_first = median (floor->first), f_rss = median (floor->rss);

  if (c->first->len == 0)
    {
      printf ("  %-44s %9s\n", c->title, "failed");
      return;
    }
  printf ("  %-44s %6.0f ms %7.2f %7.2f", c->title, first, first / f_first, first / median (adw->first));
  if (c->cpu->len > 0)
    printf (" %6.0f ms %6.0f ms", median (c->cpu), median (c->main_cpu));
  else
    printf (" %9s %9s", "–", "–");
  printf (" %7.1f MB", rss);
  if (c != floor)
    printf (" (%+.1f)", rss - f_rss);
  printf ("\n");
}

static double
paired_ratio (const Contender *a,
              const Contender *b)
{
  g_autoptr(GArray) ratios = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < a->by_round->len && i < b->by_round->len; i++)
    {
      double x = g_array_index (a->by_round, double, i), y = g_array_index (b->by_round, double, i);

      if (!isnan (x) && !isnan (y))
        {
          double ratio = x / y;

          g_array_append_val (ratios, ratio);
        }
    }

  return median (ratios);
}

static void
compare (const Setup *setup,
         const char  *title,
         const char  *source_image)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func ((GDestroyNotify)contender_free);
  g_autofree char *tmp = g_dir_make_tmp ("limn-bench-XXXXXX", NULL);
  g_autofree char *basename = g_path_get_basename (source_image);
  g_autofree char *image = g_build_filename (tmp, basename, NULL);
  g_autofree char *project = NULL;
  g_autofree char *home = NULL;
  g_autofree char *contents = NULL;
  const char *renderer = NULL;
  Contender *floor, *adw, *labelme = NULL;
  Round r = { 0 };
  gsize length;
  guint n_limn = setup->limn[1] != NULL ? 2 : 1;

  /* A copy alone in its folder: labelme would also load a .json beside it. */
  if (!g_file_get_contents (source_image, &contents, &length, NULL) ||
      !g_file_set_contents (image, contents, length, NULL))
    {
      g_printerr ("cannot copy %s\n", source_image);
      return;
    }
  project = write_project (tmp, image);

  floor = contender_new (FLOOR, setup->floor_viewer, g_strdup ("floor: GtkWindow + GtkPicture"));
  adw = contender_new (ADW_FLOOR, setup->adw_floor, g_strdup ("AdwApplication + header bar + GtkPicture"));
  g_ptr_array_add (all, floor);
  g_ptr_array_add (all, adw);
  for (guint b = 0; b < n_limn; b++)
    {
      const char *who = n_limn == 1 ? "" : b == 0 ? "A " : "B ";
      Contender *first = contender_new (LIMN_FIRST, setup->limn[b],
                                        g_strdup_printf ("%slimn, first launch (import)", who));
      Contender *later = contender_new (LIMN_LATER, setup->limn[b],
                                        g_strdup_printf ("%slimn, later launches", who));

      first->tag = g_strdup_printf ("%sfirst", who);
      later->tag = g_strdup_printf ("%slater", who);
      later->warm_dir = g_strdup_printf ("%s/data-warm-%u", tmp, b);
      g_ptr_array_add (all, first);
      g_ptr_array_add (all, later);
    }
  if (setup->python != NULL)
    {
      labelme = contender_new (LABELME, NULL, g_strdup ("labelme (Debian 12, Qt 5)"));
      g_ptr_array_add (all, labelme);
      home = labelme_home (tmp);
    }

  r.tmp = tmp;
  r.project = project;
  r.image = image;
  r.labelme_home = home;

  /* Warm-up, discarded: the first starts the session's portal, like a
   * desktop already has; each limn stores the project for its later
   * launches; labelme writes its ~/.labelmerc. */
  for (guint i = 0; i < all->len; i++)
    {
      Contender *c = g_ptr_array_index (all, i);
      Sample s;

      if (c->kind == LIMN_LATER)
        {
          const char *argv[] = { c->program, "--data-dir", c->warm_dir, "--project", project, NULL };

          if (run_one (argv, NULL, &s))
            g_free (s.renderer);
        }
      else if (c->kind == LIMN_FIRST || c->kind == LABELME)
        {
          r.round = G_MAXUINT;
          if (run_contender (setup, c, &r, &s))
            g_free (s.renderer);
        }
    }

  /* Interleaved, so drift on a shared machine hits all alike; rotated, so
   * none always runs right after the same one. */
  for (r.round = 0; r.round < setup->runs; r.round++)
    for (guint k = 0; k < all->len; k++)
      {
        Contender *c = g_ptr_array_index (all, (k + r.round) % all->len);
        double failed = NAN;
        Sample s;

        if (!run_contender (setup, c, &r, &s))
          {
            g_array_append_val (c->by_round, failed);
            g_free (s.renderer);
            continue;
          }
        g_array_append_val (c->by_round, s.first_frame_ms);
        if (setup->verbose)
          printf ("  round %u: %-44s %6.0f ms %7.1f MB\n", r.round, c->title, s.first_frame_ms, s.rss_settled_mb);
        g_array_append_val (c->first, s.first_frame_ms);
        g_array_append_val (c->rss, s.rss_settled_mb);
        if (s.cpu_ms > 0)
          g_array_append_val (c->cpu, s.cpu_ms);
        if (s.main_cpu_ms > 0)
          g_array_append_val (c->main_cpu, s.main_cpu_ms);
        g_free (c->renderer);
        c->renderer = s.renderer;
      }

  for (guint i = 0; i < all->len && renderer == NULL; i++)
    if (((Contender *)g_ptr_array_index (all, i))->kind == LIMN_FIRST)
      renderer = ((Contender *)g_ptr_array_index (all, i))->renderer;

  printf ("\n%s: median of %u runs each, GTK renderer %s\n", title, setup->runs,
          renderer ? renderer : "?");
  if (n_limn == 2)
    printf ("  A: %s\n  B: %s\n", setup->limn[0], setup->limn[1]);
  printf ("  %-44s %9s %7s %7s %9s %9s %10s\n", "", "first frame", "× floor", "× adw",
          "CPU", "main", "RSS");
  for (guint i = 0; i < all->len; i++)
    print_row (g_ptr_array_index (all, i), floor, adw);

  /* Each round's A ÷ B, whose median drift between rounds cannot move. */
  if (n_limn == 2)
    {
      printf ("  A ÷ B, paired by round (median):");
      for (guint i = 2; i < 4; i++)
        {
          Contender *a = g_ptr_array_index (all, i), *b = g_ptr_array_index (all, i + 2);

          printf ("  %s %.3f", i == 2 ? "first launch" : "later launches", paired_ratio (a, b));
        }
      printf ("\n");
    }

  if (labelme != NULL && labelme->first->len > 0)
    {
      printf ("  labelme's renderer: %s\n", labelme->renderer ? labelme->renderer : "?");
      printf ("  labelme's time ÷ limn's (target ≥ 2):");
      for (guint i = 0; i < all->len; i++)
        {
          Contender *c = g_ptr_array_index (all, i);

          if ((c->kind == LIMN_FIRST || c->kind == LIMN_LATER) && c->first->len > 0)
            printf ("  %s %.2f", c->tag, median (labelme->first) / median (c->first));
        }
      printf ("\n");
    }

  rm_rf (tmp);
}

/* The interpreter on labelme's #! line, if Debian's labelme is installed. */
static char *
find_labelme_python (void)
{
  g_autofree char *labelme = g_find_program_in_path ("labelme");
  g_autofree char *script = NULL;
  char *end;

  if (labelme == NULL || !g_file_get_contents (labelme, &script, NULL, NULL) ||
      !g_str_has_prefix (script, "#!"))
    return NULL;

  end = strpbrk (script, " \n");
  if (end == NULL)
    return NULL;
  *end = '\0';

  return g_strstrip (g_strdup (script + 2));
}

int
main (int   argc,
      char *argv[])
{
  const char *build = g_getenv ("LIMN_BUILD_DIR");
  const char *source = g_getenv ("LIMN_SOURCE_ROOT");
  g_autofree char *limn = NULL;
  g_autofree char *other = NULL;
  g_autofree char *floor_viewer = NULL;
  g_autofree char *adw_floor = NULL;
  g_autofree char *demo_image = NULL;
  g_autofree char *small_image = NULL;
  g_autofree char *python = NULL;
  g_autofree char *labelme_script = NULL;
  const char *only_image = NULL;
  gboolean no_labelme = FALSE;
  Setup setup = { 0 };

  setup.runs = 7;
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--compare") && i + 1 < argc)
        other = g_canonicalize_filename (argv[++i], NULL);
      else if (g_str_equal (argv[i], "--no-labelme"))
        no_labelme = TRUE;
      else if (g_str_equal (argv[i], "--verbose"))
        setup.verbose = TRUE;
      else if (g_str_equal (argv[i], "--image") && i + 1 < argc)
        only_image = argv[++i];
      else if (g_ascii_isdigit (argv[i][0]))
        setup.runs = MAX (atoi (argv[i]), 1);
      else
        {
          g_printerr ("usage: bench-startup [--compare OTHER_LIMN] [--no-labelme] [--verbose] [--image FILE] [RUNS]\n");
          return 2;
        }
    }

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
  labelme_script = g_build_filename (source, "bench", "labelme-first-paint.py", NULL);

  if (other != NULL && !g_file_test (other, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("%s: not an executable\n", other);
      return 2;
    }
  if (!no_labelme)
    python = find_labelme_python ();

  setup.floor_viewer = floor_viewer;
  setup.adw_floor = adw_floor;
  setup.limn[0] = limn;
  setup.limn[1] = other;
  setup.python = python;
  setup.labelme_script = labelme_script;

  printf ("bench-startup: limn vs a minimal GTK 4 window showing the same image%s\n",
          python ? ", and labelme" : "");
  printf ("GSK_RENDERER=%s\n", g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "(default)");
  if (python == NULL && !no_labelme)
    printf ("labelme is not installed (apt-get install labelme): not compared\n");

  if (only_image != NULL)
    compare (&setup, only_image, only_image);
  else
    compare (&setup, "Demo project's first image (800×1202 JPEG)", demo_image);
  if (only_image == NULL && g_file_test (small_image, G_FILE_TEST_EXISTS))
    compare (&setup, "500×338 JPEG (labelme-voc 2011_000003)", small_image);

  printf ("\nTargets (design §11): first frame ≤ 1.5× the floor and ≥ 2× faster than labelme;"
          " RSS ≤ floor + 25 MB.\n");

  return 0;
}
