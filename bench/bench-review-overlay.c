/* bench-review-overlay.c
 *
 * The review page's worst case (issue 18): 5 annotators × 2,000 boxes
 * overlaid on a 6000 × 4000 photo, with the reviewer's editable copy
 * (2,000 boxes) on top and disagreements highlighted, against the same
 * canvas with the same editable boxes and no overlays, in one process and
 * one run. The two are measured in alternating rounds so drift on this
 * shared machine falls on both alike.
 *
 *   xvfb-run -a -s "-screen 0 1600x1000x24" build/bench/bench-review-overlay [ROUNDS]
 *
 * Frame times come from the frame clock, before-paint to after-paint (the
 * same as bench-canvas): per round, 12 zoom steps in and 8 out around
 * off-centre points, 40 pan steps of 37 px, and 100 hover moves at fit
 * zoom through the canvas's own hover path. With overlays, each round
 * also toggles one annotator off and on again: that is timed from the
 * call to the end of the frame that shows it (the disagreements are
 * matched again, 10 pairs of layers), and to the frame that has every
 * tile in view up to date.
 *
 * BENCH_REVIEW_SHOTS=DIR saves the fitted and zoomed views as PNG.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <math.h>
#include <stdio.h>

#include "bench-photo.h"
#include "limn-image-canvas.h"
#include "limn-image-canvas-private.h"

#define WINDOW_W     1280
#define WINDOW_H     800
#define IMAGE_W      6000
#define IMAGE_H      4000
#define N_ANNOTATORS 5
#define N_BOXES      2000

typedef struct
{
  LimnImageCanvas *canvas;
  GtkWidget       *window;
  gint64           before;
  gint64           last_frame_us;
  gint64           last_end_us;
  guint            n_frames;
} Bench;

typedef struct
{
  GArray *zoom;
  GArray *pan;
  GArray *hover;
  GArray *all;
} Frames;

static void
before_paint_cb (GdkFrameClock *clock,
                 Bench         *b)
{
  b->before = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *b)
{
  b->last_end_us = g_get_monotonic_time ();
  b->last_frame_us = b->last_end_us - b->before;
  b->n_frames++;
}

static void
realize_cb (GtkWidget *window,
            Bench     *b)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), b);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), b);
}

/* Waits for the next frame; its paint time in ms. */
static double
timed_frame (Bench *b)
{
  guint n = b->n_frames;

  while (b->n_frames == n)
    g_main_context_iteration (NULL, TRUE);

  return b->last_frame_us / 1000.0;
}

/* Frames until every tile in view is up to date (refinement spreads
 * rendering over frames); when the last one ended. */
static gint64
until_complete (Bench *b)
{
  gtk_widget_queue_draw (GTK_WIDGET (b->canvas));
  timed_frame (b);
  while (!b->canvas->view_complete)
    {
      gtk_widget_queue_draw (GTK_WIDGET (b->canvas));
      timed_frame (b);
    }
  return b->last_end_us;
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

/* The objects in the photo: sized like annotations (bench-canvas's mix). */
static GArray *
make_truth (GRand *rand)
{
  GArray *truth = g_array_sized_new (FALSE, FALSE, sizeof (LimnBox), N_BOXES);

  for (guint i = 0; i < N_BOXES; i++)
    {
      double w = g_rand_double_range (rand, 20, 120) * (g_rand_int_range (rand, 0, 10) == 0 ? 4 : 1);
      double h = g_rand_double_range (rand, 20, 120) * (g_rand_int_range (rand, 0, 10) == 0 ? 4 : 1);
      LimnBox box = { g_rand_double_range (rand, 0, IMAGE_W - w), g_rand_double_range (rand, 0, IMAGE_H - h), w, h };

      g_array_append_val (truth, box);
    }

  return truth;
}

/* One annotator's 2,000 boxes: each object with a few px of jitter; 5 %
 * left out (replaced by a box elsewhere) and 5 % labelled otherwise, so
 * there are disagreements to highlight. */
static GPtrArray *
make_annotator (GRand  *rand,
                GArray *truth,
                guint   who)
{
  GPtrArray *regions = g_ptr_array_new_with_free_func ((GDestroyNotify) limn_region_unref);

  for (guint i = 0; i < truth->len; i++)
    {
      LimnBox box = g_array_index (truth, LimnBox, i);
      g_autofree char *id = g_strdup_printf ("a%u-%u", who, i);
      g_autofree char *label = NULL;
      guint roll = g_rand_int_range (rand, 0, 100);

      if (roll < 5)
        {
          box.x = g_rand_double_range (rand, 0, IMAGE_W - box.w);
          box.y = g_rand_double_range (rand, 0, IMAGE_H - box.h);
        }
      box.x += g_rand_double_range (rand, -3, 3);
      box.y += g_rand_double_range (rand, -3, 3);
      box.w += g_rand_double_range (rand, -3, 3);
      box.h += g_rand_double_range (rand, -3, 3);
      label = g_strdup_printf ("label-%u", (i + (roll >= 5 && roll < 10 ? 1 : 0)) % 5);
      g_ptr_array_add (regions, limn_region_new_box (id, label, &box));
    }

  return regions;
}

static void
save_screenshot (Bench      *b,
                 const char *dir,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (b->window);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (b->window));
  int w = gdk_paintable_get_intrinsic_width (paintable);
  int h = gdk_paintable_get_intrinsic_height (paintable);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), w, h);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_mkdir_with_parents (dir, 0755);
  if (!gdk_texture_save_to_png (texture, path))
    g_printerr ("bench-review-overlay: cannot write %s\n", path);
  else
    printf ("screenshot: %s\n", path);
}

static void
add (GArray *a,
     GArray *all,
     double  ms)
{
  g_array_append_val (a, ms);
  g_array_append_val (all, ms);
}

/* One round of zoom, pan and hover frames, from and back to fit zoom. */
static void
run_round (Bench  *b,
           Frames *f)
{
  double w = gtk_widget_get_width (GTK_WIDGET (b->canvas));
  double h = gtk_widget_get_height (GTK_WIDGET (b->canvas));

  limn_image_canvas_zoom_fit (b->canvas);
  until_complete (b);

  for (guint i = 0; i < 20; i++)
    {
      double factor = i < 12 ? 1.3 : 1 / 1.3;

      limn_image_canvas_zoom_at (b->canvas, limn_image_canvas_get_zoom (b->canvas) * factor,
                                 w * (0.3 + 0.03 * i), h * (0.4 + 0.01 * i));
      add (f->zoom, f->all, timed_frame (b));
    }

  for (guint i = 0; i < 40; i++)
    {
      static const double dirs[4][2] = { { -37, 0 }, { 0, -37 }, { 37, 0 }, { 0, 37 } };

      limn_image_canvas_pan_by (b->canvas, dirs[(i / 10) % 4][0], dirs[(i / 10) % 4][1]);
      add (f->pan, f->all, timed_frame (b));
    }

  limn_image_canvas_zoom_fit (b->canvas);
  until_complete (b);
  for (guint i = 0; i < 100; i++)
    {
      b->canvas->pointer_inside = TRUE;
      b->canvas->pointer_x = w * 0.1 + (w * 0.8) * i / 100.0;
      b->canvas->pointer_y = h * 0.5 + h * 0.3 * sin (i / 7.0);
      limn_image_canvas_update_hover (b->canvas);
      gtk_widget_queue_draw (GTK_WIDGET (b->canvas));
      add (f->hover, f->all, timed_frame (b));
    }
  b->canvas->pointer_inside = FALSE;
  limn_image_canvas_update_hover (b->canvas);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *times,
            double  p)
{
  g_array_sort (times, compare_double);
  return g_array_index (times, double, MIN (times->len - 1, (guint) ceil (times->len * p) - (p > 0.5 ? 1 : 0)));
}

static void
print_row (const char *name,
           GArray     *with,
           GArray     *without)
{
  double p50 = percentile (with, 0.5), p95 = percentile (with, 0.95);
  double b50 = percentile (without, 0.5), b95 = percentile (without, 0.95);

  printf ("| %-10s | %4u | %6.2f / %6.2f | %6.2f / %6.2f | %5.2f / %5.2f | %s |\n",
          name, with->len, b50, b95, p50, p95, p50 / b50, p95 / b95, p95 <= 8.0 ? "yes" : "NO");
}

static Frames
frames_new (void)
{
  return (Frames) {
    g_array_new (FALSE, FALSE, sizeof (double)),
    g_array_new (FALSE, FALSE, sizeof (double)),
    g_array_new (FALSE, FALSE, sizeof (double)),
    g_array_new (FALSE, FALSE, sizeof (double)),
  };
}

static void
frames_free (Frames *f)
{
  g_array_unref (f->zoom);
  g_array_unref (f->pan);
  g_array_unref (f->hover);
  g_array_unref (f->all);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = g_build_filename (BENCH_CACHE_DIR, NULL);
  g_autofree char *photo = g_build_filename (dir, "photo-6000x4000.jpg", NULL);
  g_autoptr(LimnProject) project = NULL;
  g_autoptr(LimnTask) task = NULL;
  g_autoptr(LimnDraft) draft = NULL;
  g_autoptr(LimnAnnotation) annotation = NULL;
  g_autoptr(GListStore) layers = NULL;
  g_autoptr(GArray) truth = NULL;
  g_autoptr(GArray) toggle_frame = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) toggle_complete = g_array_new (FALSE, FALSE, sizeof (double));
  const char *shots = g_getenv ("BENCH_REVIEW_SHOTS");
  guint rounds = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 3;
  Frames with = frames_new (), without = frames_new ();
  Bench b = { 0, };
  GRand *rand;
  gint64 t;

  g_setenv ("GSK_RENDERER", g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "cairo", TRUE);
  g_setenv ("GDK_BACKEND", "x11", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("NO_AT_BRIDGE", "1", FALSE);

  if (g_getenv ("DISPLAY") == NULL)
    {
      g_printerr ("bench-review-overlay needs a display: xvfb-run -a -s \"-screen 0 1600x1000x24\" %s\n", argv[0]);
      return 2;
    }
  gtk_init ();

  g_mkdir_with_parents (dir, 0755);
  if (!g_file_test (photo, G_FILE_TEST_EXISTS))
    {
      printf ("generating %s (once, shared with bench-canvas) …\n", photo);
      bench_generate_photo (photo, IMAGE_W, IMAGE_H);
    }

  /* Five annotators over the same objects, the reviewer's editable copy
   * of the first. */
  rand = g_rand_new_with_seed (18);
  truth = make_truth (rand);
  layers = g_list_store_new (LIMN_TYPE_OVERLAY_LAYER);
  for (guint k = 0; k < N_ANNOTATORS; k++)
    {
      g_autoptr(GPtrArray) regions = make_annotator (rand, truth, k);
      g_autofree char *name = g_strdup_printf ("Annotator %u", k + 1);
      g_autoptr(LimnOverlayLayer) layer = limn_overlay_layer_new (name, LIMN_OVERLAY_ANNOTATOR, k, regions);

      if (k == 0)
        {
          annotation = limn_annotation_new (NULL, "task", "reviewer");
          for (guint i = 0; i < regions->len; i++)
            {
              LimnRegion *r = g_ptr_array_index (regions, i);

              g_ptr_array_add (annotation->regions, limn_region_new_box (NULL, r->label_id, &r->box));
            }
        }
      g_list_store_append (layers, layer);
    }
  g_rand_free (rand);

  project = make_project ();
  draft = limn_draft_new (annotation, NULL, NULL);
  task = limn_task_new ("task", "bench", LIMN_TASK_IMAGE, 0, "bench");
  limn_task_set_media_path (task, photo);

  b.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (b.window), WINDOW_W, WINDOW_H);
  gtk_window_set_titlebar (GTK_WINDOW (b.window), gtk_header_bar_new ());
  b.canvas = LIMN_IMAGE_CANVAS (limn_image_canvas_new ());
  gtk_window_set_child (GTK_WINDOW (b.window), GTK_WIDGET (b.canvas));
  g_signal_connect (b.window, "realize", G_CALLBACK (realize_cb), &b);
  limn_image_canvas_set_project (b.canvas, project);
  limn_image_canvas_set_task (b.canvas, task, draft);
  gtk_window_present (GTK_WINDOW (b.window));

  while (!limn_image_canvas_get_full_resolution (b.canvas))
    {
      g_main_context_iteration (NULL, TRUE);
      if (limn_image_canvas_get_state (b.canvas) == LIMN_IMAGE_CANVAS_STATE_ERROR)
        g_error ("%s", limn_image_canvas_get_error_message (b.canvas));
    }
  until_complete (&b);

  printf ("bench-review-overlay: GSK_RENDERER=%s (%s), window %d × %d, %d × %d photo, "
          "%d editable boxes, %d annotators × %d boxes overlaid, %u rounds, %u cores\n",
          g_getenv ("GSK_RENDERER"), G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (b.window))),
          WINDOW_W, WINDOW_H, IMAGE_W, IMAGE_H, N_BOXES, N_ANNOTATORS, N_BOXES, rounds, g_get_num_processors ());

  t = g_get_monotonic_time ();
  limn_image_canvas_set_overlays (b.canvas, G_LIST_MODEL (layers));
  printf ("set_overlays (5 layers indexed, 10 pairs matched): %.1f ms\n", (g_get_monotonic_time () - t) / 1000.0);
  until_complete (&b);
  if (shots != NULL)
    save_screenshot (&b, shots, "review-overlay-fit");

  for (guint r = 0; r < rounds; r++)
    {
      LimnOverlayLayer *layer = g_list_model_get_item (G_LIST_MODEL (layers), 1 + r % (N_ANNOTATORS - 1));

      limn_image_canvas_set_overlays (b.canvas, NULL);
      run_round (&b, &without);

      limn_image_canvas_set_overlays (b.canvas, G_LIST_MODEL (layers));
      run_round (&b, &with);

      /* Toggling an annotator off and on, at fit zoom. */
      for (guint k = 0; k < 2; k++)
        {
          double frame;

          limn_image_canvas_zoom_fit (b.canvas);
          until_complete (&b);
          t = g_get_monotonic_time ();
          limn_overlay_layer_set_visible (layer, k == 1);
          frame = timed_frame (&b);
          g_array_append_val (toggle_frame, (double) { (b.last_end_us - t) / 1000.0 });
          g_array_append_val (with.all, frame);
          g_array_append_val (toggle_complete, (double) { (until_complete (&b) - t) / 1000.0 });
        }
      g_object_unref (layer);
    }

  if (shots != NULL)
    {
      limn_image_canvas_zoom_at (b.canvas, limn_image_canvas_get_zoom (b.canvas) * 6,
                                 gtk_widget_get_width (GTK_WIDGET (b.canvas)) * 0.4,
                                 gtk_widget_get_height (GTK_WIDGET (b.canvas)) * 0.45);
      until_complete (&b);
      save_screenshot (&b, shots, "review-overlay-zoomed");
    }

  printf ("\nframes (before-paint → after-paint), ms; \"none\" is the same canvas and "
          "editable boxes without overlays, in alternating rounds:\n\n");
  printf ("| frames     |    n | none p50 / p95  | 5 × 2,000 p50 / p95 | ratio p50 / p95 | p95 ≤ 8 ms |\n");
  printf ("| ---        | ---  | ---             | ---             | ---           | --- |\n");
  print_row ("zoom", with.zoom, without.zoom);
  print_row ("pan", with.pan, without.pan);
  print_row ("hover", with.hover, without.hover);
  print_row ("all", with.all, without.all);
  printf ("\ntoggling one annotator (%u times): to the frame showing it p50 %.1f / p95 %.1f ms; "
          "to every tile in view up to date p50 %.1f / p95 %.1f ms\n",
          toggle_frame->len, percentile (toggle_frame, 0.5), percentile (toggle_frame, 0.95),
          percentile (toggle_complete, 0.5), percentile (toggle_complete, 0.95));

  frames_free (&with);
  frames_free (&without);
  gtk_window_destroy (GTK_WINDOW (b.window));

  return 0;
}
