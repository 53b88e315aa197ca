/* bench-canvas.c
 *
 * The image canvas against the floor (a minimal GTK 4 window showing the
 * same image, bench/floor-viewer.c), in one run, on a 6000 × 4000 JPEG with
 * 2,000 boxes and on a 500 × 338 VOC photo. Every measurement runs in a
 * fresh child process, so start-up time and resident memory are its own.
 *
 *   xvfb-run -a -s "-screen 0 1600x1000x24" build/bench/bench-canvas
 *
 * Frame times come from the frame clock: before-paint to after-paint, so
 * layout, snapshot, rendering and presenting are all inside. Hover moves go
 * through the canvas's own hover path (hit test, highlight, crosshair) by
 * setting the pointer position the motion controller would set.
 *
 * BENCH_CANVAS_FRAMES=1 prints each zoom and pan frame of the canvas child
 * (time, minor page faults) to stderr; BENCH_CANVAS_SHOTS=DIR saves what
 * it shows there: the zoomed and fitted views rendered as PNG and, with
 * import(1), the X screen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "bench-photo.h"
#include "limn-image-canvas.h"
#include "limn-image-canvas-private.h"

#define WINDOW_W 1280
#define WINDOW_H 800
#define N_BOXES  2000

/* Peers as measured on this kind of machine (design §11). */
#define LABELME_OPEN_S    3.5
#define LABELME_RSS_MB    384.0
#define LABELME_ZOOM_MS   94.0
#define LABELME_PAN_MS    58.0

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

/* ------------------------------------------------------------------------ */
/* Fixtures                                                                 */

static char *
prepare_images (char **small)
{
  g_autofree char *dir = g_build_filename (BENCH_CACHE_DIR, NULL);
  char *large = g_build_filename (dir, "photo-6000x4000.jpg", NULL);
  const char *shared = g_getenv ("LIMN_SHARED_DATA");
  g_autofree char *src = g_build_filename (shared ? shared : LIMN_SHARED_DATA_DIR,
                                           "labelme-voc", "2011_000003.jpg", NULL);

  g_mkdir_with_parents (dir, 0755);
  if (!g_file_test (large, G_FILE_TEST_EXISTS))
    {
      gint64 t = g_get_monotonic_time ();

      printf ("generating %s (once) … ", large);
      fflush (stdout);
      bench_generate_photo (large, 6000, 4000);
      printf ("%.1f s\n", (g_get_monotonic_time () - t) / 1e6);
    }

  *small = g_build_filename (dir, "2011_000003.jpg", NULL);
  if (!g_file_test (*small, G_FILE_TEST_EXISTS))
    {
      g_autofree char *data = NULL;
      gsize len;

      if (!g_file_get_contents (src, &data, &len, NULL) ||
          !g_file_set_contents (*small, data, len, NULL))
        g_error ("cannot copy %s", src);
    }

  return large;
}

static LimnProject *
make_project (void)
{
  static const char *names[] = { "Person", "Car", "Bicycle", "Dog", "Traffic light" };
  LimnProject *project = limn_project_new ("bench", "Bench", LIMN_PROJECT_IMAGE);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *id = g_strdup_printf ("label-%u", i);
      g_autofree char *hotkey = limn_hotkey_for_index (i);
      g_autoptr(LimnLabel) label = limn_label_new (id, names[i], limn_color_for_index (i), hotkey);

      limn_project_add_label (project, label);
    }

  return project;
}

/* 2,000 boxes sized like real annotations: mostly small, some large;
 * 10 % carry a confidence. */
static LimnDraft *
make_draft (int width,
            int height)
{
  g_autoptr(LimnAnnotation) annotation = limn_annotation_new (NULL, "task", "bench");
  GRand *rand = g_rand_new_with_seed (42);
  double scale = width / 6000.0;

  for (guint i = 0; i < N_BOXES; i++)
    {
      g_autofree char *label = g_strdup_printf ("label-%u", i % 5);
      double w = MAX (2, scale * g_rand_double_range (rand, 20, 120) * (g_rand_int_range (rand, 0, 10) == 0 ? 4 : 1));
      double h = MAX (2, scale * g_rand_double_range (rand, 20, 120) * (g_rand_int_range (rand, 0, 10) == 0 ? 4 : 1));
      LimnBox box = {
        g_rand_double_range (rand, 0, width - w),
        g_rand_double_range (rand, 0, height - h),
        w, h,
      };
      LimnRegion *region = limn_region_new_box (NULL, label, &box);

      if (i % 10 == 0)
        region->confidence = 0.8;
      g_ptr_array_add (annotation->regions, region);
    }
  g_rand_free (rand);

  return limn_draft_new (annotation, NULL, NULL);
}

/* ------------------------------------------------------------------------ */
/* The canvas child                                                         */

typedef struct
{
  LimnImageCanvas *canvas;
  GtkWidget       *window;
  GdkFrameClock   *clock;
  gint64           before;
  gint64           last_frame_us;
  guint            n_frames;
  gint64           set_task_us;
  gint64           first_frame_us;
  gint64           full_us;
  gint64           full_frame_us;
  gboolean         full_pending;
  long             before_faults;
  long             frame_faults;  /* minor page faults in the last frame */
} Child;

static long
minor_faults (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_minflt;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Child         *c)
{
  c->before = g_get_monotonic_time ();
  c->before_faults = minor_faults ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Child         *c)
{
  gint64 now = g_get_monotonic_time ();

  c->last_frame_us = now - c->before;
  c->frame_faults = minor_faults () - c->before_faults;
  c->n_frames++;
  /* Full resolution on screen: every tile in view drawn from the pyramid. */
  if (c->full_pending && limn_image_canvas_get_full_resolution (c->canvas) &&
      c->canvas->view_complete)
    {
      c->full_pending = FALSE;
      c->full_frame_us = now;
    }
}

static void
first_frame_cb (LimnImageCanvas *canvas,
                Child           *c)
{
  c->first_frame_us = g_get_monotonic_time ();
}

static void
full_cb (LimnImageCanvas *canvas,
         GParamSpec      *pspec,
         Child           *c)
{
  if (limn_image_canvas_get_full_resolution (canvas) && c->full_us == 0)
    {
      c->full_us = g_get_monotonic_time ();
      c->full_pending = TRUE;
    }
}

static void
realize_cb (GtkWidget *window,
            Child     *c)
{
  c->clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (c->clock, "before-paint", G_CALLBACK (before_paint_cb), c);
  g_signal_connect (c->clock, "after-paint", G_CALLBACK (after_paint_cb), c);
}

/* Runs @step, then waits for the frame it caused; returns that frame's
 * paint time in ms. */
static double
timed_frame (Child *c)
{
  guint n = c->n_frames;

  while (c->n_frames == n)
    g_main_context_iteration (NULL, TRUE);

  return c->last_frame_us / 1000.0;
}

/* Lets the canvas settle (idle work, refinement), then renders the window
 * as it is now into @dir/@name.png. */
static void
save_screenshot (Child      *c,
                 const char *dir,
                 const char *name,
                 gboolean    settle)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (c->window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (c->window));
  gint64 until = g_get_monotonic_time () + (settle ? 500 * 1000 : 0);
  int w, h;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);

  /* At its own size: the window's includes its shadow, and drawing it
   * smaller would put every edge between pixels. */
  w = gdk_paintable_get_intrinsic_width (paintable);
  h = gdk_paintable_get_intrinsic_height (paintable);
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_mkdir_with_parents (dir, 0755);
  if (!gdk_texture_save_to_png (texture, path))
    g_printerr ("bench-canvas: cannot write %s\n", path);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static void
print_stats (const char *name,
             GArray     *times)
{
  double median, p95, max;

  g_array_sort (times, compare_double);
  median = g_array_index (times, double, times->len / 2);
  p95 = g_array_index (times, double, MIN (times->len - 1, (guint)ceil (times->len * 0.95) - 1));
  max = g_array_index (times, double, times->len - 1);
  printf ("%s-median-ms=%.2f\n%s-p95-ms=%.2f\n%s-max-ms=%.2f\n", name, median, name, p95, name, max);
}

static int
run_canvas (const char *path,
            gint64      spawn_us)
{
  g_autoptr(LimnProject) project = NULL;
  g_autoptr(LimnDraft) draft = NULL;
  g_autoptr(LimnTask) task = NULL;
  g_autoptr(GArray) zoom = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) pan = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) hover = g_array_new (FALSE, FALSE, sizeof (double));
  Child c = { 0, };
  gboolean verbose = g_getenv ("BENCH_CANVAS_FRAMES") != NULL;
  const char *shots = g_getenv ("BENCH_CANVAS_SHOTS");
  int width = 0, height = 0;
  double w, h;

  gtk_init ();

  /* The header says how big to make the boxes; the canvas reads it again. */
  gdk_pixbuf_get_file_info (path, &width, &height);

  project = make_project ();
  draft = make_draft (width, height);
  task = limn_task_new ("task", "bench", LIMN_TASK_IMAGE, 0, "bench");
  limn_task_set_media_path (task, path);

  c.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (c.window), WINDOW_W, WINDOW_H);
  /* Like the app's window: a header bar above the canvas. */
  gtk_window_set_titlebar (GTK_WINDOW (c.window), gtk_header_bar_new ());
  c.canvas = LIMN_IMAGE_CANVAS (limn_image_canvas_new ());
  gtk_window_set_child (GTK_WINDOW (c.window), GTK_WIDGET (c.canvas));
  g_signal_connect (c.window, "realize", G_CALLBACK (realize_cb), &c);
  g_signal_connect (c.canvas, "first-frame", G_CALLBACK (first_frame_cb), &c);
  g_signal_connect (c.canvas, "notify::full-resolution", G_CALLBACK (full_cb), &c);
  limn_image_canvas_set_project (c.canvas, project);

  c.set_task_us = g_get_monotonic_time ();
  limn_image_canvas_set_task (c.canvas, task, draft);
  gtk_window_present (GTK_WINDOW (c.window));

  while (c.first_frame_us == 0 || c.full_frame_us == 0)
    {
      g_main_context_iteration (NULL, TRUE);
      if (limn_image_canvas_get_state (c.canvas) == LIMN_IMAGE_CANVAS_STATE_ERROR)
        {
          g_printerr ("bench-canvas: %s\n", limn_image_canvas_get_error_message (c.canvas));
          return 1;
        }
    }

  printf ("renderer=%s\n", G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (c.window))));
  printf ("first-frame-from-start-ms=%.1f\n", (c.first_frame_us - spawn_us) / 1000.0);
  printf ("first-frame-from-set-task-ms=%.1f\n", (c.first_frame_us - c.set_task_us) / 1000.0);
  printf ("full-frame-from-start-ms=%.1f\n", (c.full_frame_us - spawn_us) / 1000.0);
  printf ("full-frame-from-set-task-ms=%.1f\n", (c.full_frame_us - c.set_task_us) / 1000.0);
  printf ("rss-open-mb=%.1f\n", rss_mb ());

  w = gtk_widget_get_width (GTK_WIDGET (c.canvas));
  h = gtk_widget_get_height (GTK_WIDGET (c.canvas));

  /* 20 zoom steps: in towards 1:1 around off-centre points, then out. */
  for (guint i = 0; i < 20; i++)
    {
      double factor = i < 12 ? 1.3 : 1 / 1.3;

      limn_image_canvas_zoom_at (c.canvas, limn_image_canvas_get_zoom (c.canvas) * factor,
                                 w * (0.3 + 0.03 * i), h * (0.4 + 0.01 * i));
      g_array_append_val (zoom, (double) { timed_frame (&c) });
      /* What a zoom step shows: the screen right after its frame. */
      if (shots != NULL && i == 9)
        {
          g_autofree char *cmd = g_strdup_printf ("import -window root %s/zoom-step-screen.png", shots);

          limn_image_canvas_zoom_at (c.canvas, limn_image_canvas_get_zoom (c.canvas) * 1.3, w / 2, h / 2);
          timed_frame (&c);
          if (!g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL))
            g_printerr ("bench-canvas: cannot run import(1)\n");
          limn_image_canvas_zoom_at (c.canvas, limn_image_canvas_get_zoom (c.canvas) / 1.3, w / 2, h / 2);
          timed_frame (&c);
        }
      if (verbose)
        g_printerr ("zoom %2u  %.3f  %6.2f ms  %5ld faults\n", i, limn_image_canvas_get_zoom (c.canvas),
                    g_array_index (zoom, double, i), c.frame_faults);
    }

  /* 40 pan steps of 37 px, a quarter turn every 10. */
  for (guint i = 0; i < 40; i++)
    {
      static const double dirs[4][2] = { { -37, 0 }, { 0, -37 }, { 37, 0 }, { 0, 37 } };

      limn_image_canvas_pan_by (c.canvas, dirs[(i / 10) % 4][0], dirs[(i / 10) % 4][1]);
      g_array_append_val (pan, (double) { timed_frame (&c) });
      if (verbose)
        g_printerr ("pan  %2u  %6.2f ms  %5ld faults\n", i, g_array_index (pan, double, i), c.frame_faults);
    }

  if (shots != NULL)
    {
      g_autofree char *cmd = g_strdup_printf ("import -window root %s/zoomed-screen.png", shots);

      save_screenshot (&c, shots, "zoomed", TRUE);
      /* What the X server shows, for comparison. */
      if (!g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL))
        g_printerr ("bench-canvas: cannot run import(1)\n");
    }

  /* 100 hover moves across the boxes at fit zoom. */
  limn_image_canvas_zoom_fit (c.canvas);
  timed_frame (&c);
  for (guint i = 0; i < 100; i++)
    {
      c.canvas->pointer_inside = TRUE;
      c.canvas->pointer_x = w * 0.1 + (w * 0.8) * i / 100.0;
      c.canvas->pointer_y = h * 0.5 + h * 0.3 * sin (i / 7.0);
      limn_image_canvas_update_hover (c.canvas);
      gtk_widget_queue_draw (GTK_WIDGET (c.canvas));
      g_array_append_val (hover, (double) { timed_frame (&c) });
    }

  if (shots != NULL)
    save_screenshot (&c, shots, "fit", TRUE);

  print_stats ("zoom", zoom);
  print_stats ("pan", pan);
  print_stats ("hover", hover);
  printf ("rss-end-mb=%.1f\n", rss_mb ());
  fflush (stdout);

  gtk_window_destroy (GTK_WINDOW (c.window));

  return 0;
}

/* ------------------------------------------------------------------------ */
/* The parent                                                               */

static GHashTable *
run_child (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  if (proc == NULL || !g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error))
    g_error ("%s: %s", argv[0], error->message);
  if (!g_subprocess_get_successful (proc))
    g_error ("%s failed", argv[0]);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *eq = strchr (lines[i], '=');

      if (eq != NULL)
        g_hash_table_insert (values, g_strndup (lines[i], eq - lines[i]), g_strdup (eq + 1));
    }

  return values;
}

static double
num (GHashTable *values,
     const char *key)
{
  const char *v = g_hash_table_lookup (values, key);

  return v ? g_ascii_strtod (v, NULL) : NAN;
}

typedef struct
{
  double first_ms;
  double rss_mb;
  double settled_mb;
  char  *renderer;
} Floor;

static Floor
run_floor (const char *floor_path,
           const char *image)
{
  const char *argv[] = { floor_path, image, NULL };
  gint64 spawn = g_get_monotonic_time ();
  g_autoptr(GHashTable) v = run_child (argv);
  Floor f;

  f.first_ms = (num (v, "first-frame-us") - spawn) / 1000.0;
  f.rss_mb = num (v, "rss-mb");
  f.settled_mb = num (v, "rss-settled-mb");
  f.renderer = g_strdup (g_hash_table_lookup (v, "renderer"));

  return f;
}

static void
bench_image (const char *self_path,
             const char *floor_path,
             const char *image,
             const char *title,
             gboolean    large)
{
  g_autofree char *spawn_str = NULL;
  g_autoptr(GHashTable) v = NULL;
  Floor floor;
  gint64 spawn;
  double first, full, rss;

  floor = run_floor (floor_path, image);

  spawn = g_get_monotonic_time ();
  spawn_str = g_strdup_printf ("%" G_GINT64_FORMAT, spawn);
  {
    const char *argv[] = { self_path, "--child", image, spawn_str, NULL };
    v = run_child (argv);
  }

  first = num (v, "first-frame-from-start-ms");
  full = num (v, "full-frame-from-start-ms");
  rss = num (v, "rss-end-mb");

  printf ("\n== %s ==\n", title);
  printf ("renderer: canvas %s, floor %s\n",
          (const char *)g_hash_table_lookup (v, "renderer"), floor.renderer);
  printf ("floor (GtkPicture, full decode): first frame %7.1f ms from process start, RSS %6.1f MB (%.1f after 10 frames)\n",
          floor.first_ms, floor.rss_mb, floor.settled_mb);
  printf ("canvas, first frame with %d boxes: %7.1f ms from process start (%.1f ms from set_task)  -> %.2f × floor\n",
          N_BOXES, first, num (v, "first-frame-from-set-task-ms"), first / floor.first_ms);
  printf ("canvas, full resolution on screen: %7.1f ms from process start (%.1f ms from set_task)  -> %.2f × floor\n",
          full, num (v, "full-frame-from-set-task-ms"), full / floor.first_ms);
  printf ("canvas RSS: %.1f MB open, %.1f MB after the frames  -> %.2f × floor (%+.1f MB)\n",
          num (v, "rss-open-mb"), rss, rss / floor.settled_mb, rss - floor.settled_mb);
  printf ("frames (before-paint → after-paint), median / p95 / max:\n");
  printf ("  zoom  (20): %6.2f / %6.2f / %6.2f ms\n", num (v, "zoom-median-ms"), num (v, "zoom-p95-ms"), num (v, "zoom-max-ms"));
  printf ("  pan   (40): %6.2f / %6.2f / %6.2f ms\n", num (v, "pan-median-ms"), num (v, "pan-p95-ms"), num (v, "pan-max-ms"));
  printf ("  hover(100): %6.2f / %6.2f / %6.2f ms\n", num (v, "hover-median-ms"), num (v, "hover-p95-ms"), num (v, "hover-max-ms"));

  if (large)
    {
      printf ("targets (design §11): first frame ≤ floor: %s; frames ≤ 8 ms (p95): %s; RSS ≤ 0.6 × labelme's %.0f MB = %.0f MB: %s\n",
              first <= floor.first_ms ? "yes" : "NO",
              MAX (num (v, "zoom-p95-ms"), MAX (num (v, "pan-p95-ms"), num (v, "hover-p95-ms"))) <= 8 ? "yes" : "NO",
              LABELME_RSS_MB, 0.6 * LABELME_RSS_MB, rss <= 0.6 * LABELME_RSS_MB ? "yes" : "NO");
      printf ("vs labelme's published figures (not this run): open %.2f ×, RSS %.2f ×, zoom frame %.3f ×, pan frame %.3f ×\n",
              first / 1000.0 / LABELME_OPEN_S, rss / LABELME_RSS_MB,
              num (v, "zoom-median-ms") / LABELME_ZOOM_MS, num (v, "pan-median-ms") / LABELME_PAN_MS);
    }
  else
    {
      printf ("target (design §11): RSS ≤ floor + 25 MB: %s\n",
              rss <= floor.settled_mb + 25 ? "yes" : "NO");
    }

  g_free (floor.renderer);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *small = NULL;
  g_autofree char *large = NULL;
  g_autofree char *self_path = NULL;
  g_autofree char *floor_path = NULL;

  g_setenv ("GSK_RENDERER", g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "cairo", TRUE);
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("NO_AT_BRIDGE", "1", FALSE);

  if (argc == 4 && g_str_equal (argv[1], "--child"))
    return run_canvas (argv[2], g_ascii_strtoll (argv[3], NULL, 10));

  if (g_getenv ("DISPLAY") == NULL)
    {
      g_printerr ("bench-canvas needs a display: xvfb-run -a -s \"-screen 0 1600x1000x24\" %s\n", argv[0]);
      return 2;
    }

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  {
    g_autofree char *dir = g_path_get_dirname (self_path);
    floor_path = g_build_filename (dir, "floor-viewer", NULL);
  }

  large = prepare_images (&small);
  printf ("bench-canvas: GSK_RENDERER=%s, window %d × %d, %d boxes, %u cores\n",
          g_getenv ("GSK_RENDERER"), WINDOW_W, WINDOW_H, N_BOXES, g_get_num_processors ());

  bench_image (self_path, floor_path, large, "6000 × 4000 JPEG (24 MP), 2,000 boxes", TRUE);
  bench_image (self_path, floor_path, small, "500 × 338 JPEG (labelme-voc 2011_000003), 2,000 boxes", FALSE);

  return 0;
}
