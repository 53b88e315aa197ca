/* test-review-overlay.c
 *
 * Review overlays on the image canvas as a reviewer uses them, under Xvfb
 * with real pointer input from xdotool: two annotators' boxes drawn in
 * their styles with disagreements emphasised, one hidden from the legend's
 * switch (checked in the pixels of a screenshot), a drag on the editable
 * box moving it and nothing else (checked in the draft and the layers),
 * a comment pinned on a box opened by a click on its marker, and the
 * rework diff. The window is laid out as the review page will be: the
 * canvas, and the legend in a side panel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>

#include "limn-annotator-legend.h"
#include "limn-gui-test.h"
#include "limn-image-canvas.h"
#include "limn-overlay-layer.h"
#include "limn-span-view.h"

typedef struct
{
  char             *dir;
  char             *image;
  LimnProject      *project;
  LimnTask         *task;
  LimnDraft        *draft;
  GListStore       *layers;
  LimnOverlayLayer *ana;
  LimnOverlayLayer *ben;
  LimnOverlayLayer *gold;
  GtkWidget        *window;
  LimnImageCanvas  *canvas;
  LimnAnnotatorLegend *legend;
  guint             first_frames;
  guint             activated;
  LimnOverlayLayer *activated_layer;
  char             *activated_id;
} Fixture;

/* Colours of the first two annotators and the bluish green of "added",
 * as limn-overlay-layer.c and limn-image-canvas-overlays.c draw them. */
static const guchar sky_blue[3] = { 86, 180, 233 };
static const guchar orange[3] = { 230, 159, 0 };
static const guchar bluish_green[3] = { 0, 158, 115 };

static LimnRegion *
box (const char *id,
     const char *label,
     double      x,
     double      y,
     double      w,
     double      h)
{
  LimnBox b = { x, y, w, h };

  return limn_region_new_box (id, label, &b);
}

static GPtrArray *
regions (LimnRegion *first,
         ...)
{
  GPtrArray *array = g_ptr_array_new_with_free_func ((GDestroyNotify) limn_region_unref);
  va_list args;

  va_start (args, first);
  for (LimnRegion *r = first; r != NULL; r = va_arg (args, LimnRegion *))
    g_ptr_array_add (array, r);
  va_end (args);

  return array;
}

static void
first_frame_cb (LimnImageCanvas *canvas,
                Fixture         *f)
{
  f->first_frames++;
}

static void
region_activated_cb (LimnImageCanvas  *canvas,
                     LimnOverlayLayer *layer,
                     const char       *region_id,
                     Fixture          *f)
{
  f->activated++;
  f->activated_layer = layer;
  g_free (f->activated_id);
  f->activated_id = g_strdup (region_id);
}

static gboolean
canvas_settled (gpointer data)
{
  Fixture *f = data;
  LimnImageCanvasState state = limn_image_canvas_get_state (f->canvas);

  return state == LIMN_IMAGE_CANVAS_STATE_ERROR ||
         (state == LIMN_IMAGE_CANVAS_STATE_READY && f->first_frames > 0);
}

/* The review page's shape: a header bar, the canvas, and the legend in a
 * side panel. */
static GtkWidget *
build_window (Fixture *f)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *title = adw_window_title_new ("2011_000003", "Review · 2 annotators");
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *panel = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  gtk_box_append (GTK_BOX (content), header);

  f->canvas = LIMN_IMAGE_CANVAS (limn_image_canvas_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (f->canvas), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (f->canvas), TRUE);
  gtk_box_append (GTK_BOX (body), GTK_WIDGET (f->canvas));
  gtk_box_append (GTK_BOX (body), gtk_separator_new (GTK_ORIENTATION_VERTICAL));

  f->legend = LIMN_ANNOTATOR_LEGEND (limn_annotator_legend_new ());
  gtk_widget_set_margin_start (panel, 12);
  gtk_widget_set_margin_end (panel, 12);
  gtk_widget_set_margin_top (panel, 12);
  gtk_widget_set_margin_bottom (panel, 12);
  gtk_box_append (GTK_BOX (panel), GTK_WIDGET (f->legend));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), panel);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (scroller, 300, -1);
  gtk_box_append (GTK_BOX (body), scroller);

  gtk_box_append (GTK_BOX (content), body);
  adw_window_set_content (ADW_WINDOW (window), content);
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 660);

  return window;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(LimnAnnotation) annotation = limn_annotation_new (NULL, "task-1", "reviewer");
  g_autoptr(LimnLabel) person = limn_label_new ("person", "Person", "#3584e4", "1");
  g_autoptr(LimnLabel) car = limn_label_new ("car", "Car", "#e66100", "2");
  g_autoptr(LimnLabel) dog = limn_label_new ("dog", "Dog", "#2ec27e", "3");
  g_autoptr(GPtrArray) ana = NULL;
  g_autoptr(GPtrArray) ben = NULL;
  g_autoptr(GPtrArray) gold = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnRegion) mine = box ("mine-1", "person", 60, 60, 120, 100);

  f->dir = g_dir_make_tmp ("limn-review-XXXXXX", &error);
  g_assert_no_error (error);
  f->image = limn_gui_test_copy_photo (f->dir);

  f->project = limn_project_new ("project-1", "Test", LIMN_PROJECT_IMAGE);
  limn_project_add_label (f->project, person);
  limn_project_add_label (f->project, car);
  limn_project_add_label (f->project, dog);

  /* The reviewer's correction, editable: one box where both annotators
   * put a person. */
  f->draft = limn_draft_new (annotation, NULL, NULL);
  g_assert_true (limn_draft_add_region (f->draft, mine));

  /* Ana and Ben agree on the person; Ben calls Ana's car a dog; Ana has a
   * dog Ben left out, Ben a person Ana left out. */
  ana = regions (box ("a1", "person", 60, 60, 120, 100),
                 box ("a2", "car", 300, 40, 110, 120),
                 box ("a3", "dog", 200, 200, 80, 80), NULL);
  ben = regions (box ("b1", "person", 63, 58, 118, 104),
                 box ("b2", "dog", 302, 42, 108, 117),
                 box ("b4", "person", 380, 210, 70, 90), NULL);
  gold = regions (box ("g1", "person", 61, 59, 119, 102), NULL);

  f->ana = limn_overlay_layer_new ("Ana", LIMN_OVERLAY_ANNOTATOR, 0, ana);
  limn_overlay_layer_set_confidence (f->ana, 0.9);
  limn_overlay_layer_set_active_ms (f->ana, 250000);
  f->ben = limn_overlay_layer_new ("Ben", LIMN_OVERLAY_ANNOTATOR, 1, ben);
  limn_overlay_layer_set_confidence (f->ben, 0.4);
  limn_overlay_layer_set_active_ms (f->ben, 41000);
  limn_overlay_layer_set_note (f->ben, "Not sure whether that is a dog or a car");
  f->gold = limn_overlay_layer_new ("Gold answer", LIMN_OVERLAY_GOLD, 0, gold);
  limn_overlay_layer_set_visible (f->gold, FALSE);

  f->layers = g_list_store_new (LIMN_TYPE_OVERLAY_LAYER);
  g_list_store_append (f->layers, f->ana);
  g_list_store_append (f->layers, f->ben);
  g_list_store_append (f->layers, f->gold);

  f->window = build_window (f);
  g_signal_connect (f->canvas, "first-frame", G_CALLBACK (first_frame_cb), f);
  g_signal_connect (f->canvas, "region-activated", G_CALLBACK (region_activated_cb), f);
  limn_image_canvas_set_project (f->canvas, f->project);
  limn_image_canvas_set_overlays (f->canvas, G_LIST_MODEL (f->layers));
  limn_annotator_legend_set_layers (f->legend, G_LIST_MODEL (f->layers));
  limn_gui_test_show (GTK_WINDOW (f->window));

  f->task = limn_task_new ("task-1", "project-1", LIMN_TASK_IMAGE, 0, "2011_000003");
  limn_task_set_media_path (f->task, f->image);
  limn_image_canvas_set_task (f->canvas, f->task, f->draft);
  g_assert_true (limn_gui_test_wait_until (canvas_settled, f, 10000));
  g_assert_cmpint (limn_image_canvas_get_state (f->canvas), ==, LIMN_IMAGE_CANVAS_STATE_READY);
  limn_gui_test_spin (50);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->layers);
  g_clear_object (&f->ana);
  g_clear_object (&f->ben);
  g_clear_object (&f->gold);
  g_clear_object (&f->draft);
  g_clear_object (&f->task);
  g_clear_object (&f->project);
  g_free (f->activated_id);

  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->image);
}

/* `xdotool mousemove --sync` to where the pointer already is waits for a
 * motion that never comes: park it elsewhere first. */
static void
park_pointer (Fixture *f)
{
  static gboolean odd;

  odd = !odd;
  limn_gui_test_move (GTK_WIDGET (f->canvas), odd ? 2 : 4, 2);
}

/* How many pixels of the screenshot within @radius of the canvas point
 * (wx, wy) are within @tolerance of @rgb in every channel. */
static guint
count_near (const char   *shot,
            GtkWidget    *canvas,
            GtkWidget    *window,
            double        wx,
            double        wy,
            int           radius,
            const guchar  rgb[3],
            int           tolerance)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (shot, &error);
  graphene_point_t p;
  const guchar *pixels;
  int stride, n, width, height;
  guint count = 0;

  g_assert_no_error (error);
  g_assert_true (gtk_widget_compute_point (canvas, window, &GRAPHENE_POINT_INIT (wx, wy), &p));
  pixels = gdk_pixbuf_read_pixels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  n = gdk_pixbuf_get_n_channels (pixbuf);
  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);

  for (int y = (int) p.y - radius; y <= (int) p.y + radius; y++)
    for (int x = (int) p.x - radius; x <= (int) p.x + radius; x++)
      {
        const guchar *px;

        if (x < 0 || y < 0 || x >= width || y >= height)
          continue;
        px = pixels + (gsize) y * stride + x * n;
        if (ABS (px[0] - rgb[0]) <= tolerance && ABS (px[1] - rgb[1]) <= tolerance &&
            ABS (px[2] - rgb[2]) <= tolerance)
          count++;
      }

  return count;
}

/* Pixels of @rgb along the left edge of image box (x, y, h): a dashed or
 * dotted line shows in part of them. */
static guint
count_on_left_edge (Fixture      *f,
                    const char   *shot,
                    double        x,
                    double        y,
                    double        h,
                    const guchar  rgb[3])
{
  guint count = 0;

  for (double t = 0.2; t < 0.85; t += 0.1)
    {
      double wx, wy;

      limn_image_canvas_image_to_widget (f->canvas, x, y + t * h, &wx, &wy);
      count += count_near (shot, GTK_WIDGET (f->canvas), f->window, wx, wy, 2, rgb, 40);
    }

  return count;
}

static void
assert_box (const LimnBox *b,
            double         x,
            double         y,
            double         w,
            double         h,
            double         tolerance)
{
  if (fabs (b->x - x) > tolerance || fabs (b->y - y) > tolerance ||
      fabs (b->w - w) > tolerance || fabs (b->h - h) > tolerance)
    g_error ("box %.2f,%.2f %.2f×%.2f is not near %.2f,%.2f %.2f×%.2f (±%.2f)",
             b->x, b->y, b->w, b->h, x, y, w, h, tolerance);
}

static const LimnBox *
layer_box (LimnOverlayLayer *layer,
           guint             index)
{
  return &((LimnRegion *) g_ptr_array_index (limn_overlay_layer_get_regions (layer), index))->box;
}

static void
test_overlays (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *shot = NULL;
  g_autofree char *hidden = NULL;
  GtkWidget *toggle;
  const LimnRegion *mine;
  double tolerance = MIN (1.0, 1.0 / limn_image_canvas_get_zoom (f->canvas) + 0.01);
  double x1, y1, x2, y2;

  /* Disagreements: Ana's dog and Ben's person are each alone, the car and
   * dog a relabelling; the person they share is not. */
  g_assert_true (limn_image_canvas_is_disagreement (f->canvas, f->ana, "a3"));
  g_assert_true (limn_image_canvas_is_disagreement (f->canvas, f->ana, "a2"));
  g_assert_true (limn_image_canvas_is_disagreement (f->canvas, f->ben, "b2"));
  g_assert_true (limn_image_canvas_is_disagreement (f->canvas, f->ben, "b4"));
  g_assert_false (limn_image_canvas_is_disagreement (f->canvas, f->ana, "a1"));
  g_assert_false (limn_image_canvas_is_disagreement (f->canvas, f->ben, "b1"));

  shot = limn_gui_test_screenshot (f->window, "review-overlay-two-annotators");
  /* Ana's dog in sky blue, Ben's person in orange (dashed). */
  g_assert_cmpuint (count_on_left_edge (f, shot, 200, 200, 80, sky_blue), >, 6);
  g_assert_cmpuint (count_on_left_edge (f, shot, 380, 210, 90, orange), >, 4);
  g_assert_cmpuint (count_on_left_edge (f, shot, 380, 210, 90, sky_blue), ==, 0);

  /* Ben off, from the legend's switch with a real click. */
  toggle = limn_annotator_legend_get_switch (f->legend, 1);
  g_assert_nonnull (toggle);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (toggle)));
  limn_gui_test_click (toggle, gtk_widget_get_width (toggle) / 2.0, gtk_widget_get_height (toggle) / 2.0, 1);
  limn_gui_test_spin (50);
  g_assert_false (limn_overlay_layer_get_visible (f->ben));
  g_assert_true (limn_overlay_layer_get_visible (f->ana));

  /* The toggle redraws the tiles in view, which can take a few frames
   * under load (a sanitized build on 2 shared cores): wait for them. */
  for (guint attempt = 0; attempt < 40; attempt++)
    {
      g_free (hidden);
      hidden = limn_gui_test_screenshot (f->window, "review-overlay-one-hidden");
      if (count_on_left_edge (f, hidden, 380, 210, 90, orange) == 0 &&
          count_on_left_edge (f, hidden, 200, 200, 80, sky_blue) > 6)
        break;
      limn_gui_test_spin (100);
    }
  g_assert_cmpuint (count_on_left_edge (f, hidden, 380, 210, 90, orange), ==, 0);
  g_assert_cmpuint (count_on_left_edge (f, hidden, 200, 200, 80, sky_blue), >, 6);
  /* With Ben hidden, nobody disagrees with Ana. */
  g_assert_false (limn_image_canvas_is_disagreement (f->canvas, f->ana, "a3"));

  /* A click on Ana's car, where no editable box is: the review page hears
   * of it (to pin a comment, say). */
  limn_image_canvas_image_to_widget (f->canvas, 355, 100, &x1, &y1);
  park_pointer (f);
  limn_gui_test_click (GTK_WIDGET (f->canvas), x1, y1, 1);
  g_assert_cmpuint (f->activated, ==, 1);
  g_assert_true (f->activated_layer == f->ana);
  g_assert_cmpstr (f->activated_id, ==, "a2");

  /* A drag inside the editable box, which lies over Ana's and Ben's
   * persons, moves the editable box and only it. */
  limn_overlay_layer_set_visible (f->ben, TRUE);
  limn_image_canvas_image_to_widget (f->canvas, 120, 110, &x1, &y1);
  limn_image_canvas_image_to_widget (f->canvas, 160, 140, &x2, &y2);
  park_pointer (f);
  limn_gui_test_drag (GTK_WIDGET (f->canvas), 1, x1, y1, x2, y2, 6);

  g_assert_cmpuint (limn_draft_get_n_regions (f->draft), ==, 1);
  mine = limn_draft_get_region (f->draft, 0);
  g_assert_cmpstr (mine->id, ==, "mine-1");
  assert_box (&mine->box, 100, 90, 120, 100, 2 * tolerance);
  g_assert_cmpuint (limn_overlay_layer_get_regions (f->ana)->len, ==, 3);
  g_assert_cmpuint (limn_overlay_layer_get_regions (f->ben)->len, ==, 3);
  assert_box (layer_box (f->ana, 0), 60, 60, 120, 100, 0);
  assert_box (layer_box (f->ben, 0), 63, 58, 118, 104, 0);
  g_assert_cmpuint (f->activated, ==, 1);
}

static void
test_comments (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *shot = NULL;
  double wx, wy, ix, iy;
  GtkWidget *popover;

  limn_image_canvas_set_comment (f->canvas, "mine-1", "The box cuts off the raised arm.");
  limn_image_canvas_set_comment (f->canvas, "b4", "Is this a person? It looks like a statue.");
  limn_image_canvas_set_comment (f->canvas, "nowhere", "On a region that is not shown.");
  g_assert_cmpstr (limn_image_canvas_get_comment (f->canvas, "b4"), ==,
                   "Is this a person? It looks like a statue.");
  g_assert_false (limn_image_canvas_comment_marker_position (f->canvas, "nowhere", &wx, &wy));

  /* The marker sits just right of the editable box's top-right corner. */
  g_assert_true (limn_image_canvas_comment_marker_position (f->canvas, "mine-1", &wx, &wy));
  limn_image_canvas_widget_to_image (f->canvas, wx, wy, &ix, &iy);
  g_assert_cmpfloat (ix, >, 180);
  g_assert_cmpfloat (iy, >=, 60);
  g_assert_cmpfloat (iy, <, 80);

  /* A click on it opens the comment, and neither selects nor moves the
   * box beneath nor activates an overlay. */
  park_pointer (f);
  limn_gui_test_click (GTK_WIDGET (f->canvas), wx, wy, 1);
  limn_gui_test_spin (100);
  g_assert_cmpstr (limn_image_canvas_get_open_comment (f->canvas), ==, "mine-1");
  assert_box (&limn_draft_get_region (f->draft, 0)->box, 60, 60, 120, 100, 0);
  g_assert_cmpuint (f->activated, ==, 0);

  popover = NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (f->canvas)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      popover = child;
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_mapped (popover));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_popover_get_child (GTK_POPOVER (popover)))), ==,
                   "The box cuts off the raised arm.");

  shot = limn_gui_test_screenshot_root ("review-overlay-comment");

  /* Escape closes it. */
  limn_gui_test_keys (GTK_WINDOW (f->window), "Escape");
  limn_gui_test_spin (50);
  g_assert_null (limn_image_canvas_get_open_comment (f->canvas));

  limn_image_canvas_set_comment (f->canvas, "b4", NULL);
  g_assert_null (limn_image_canvas_get_comment (f->canvas, "b4"));
}

/* Rework: the annotator's version against the reviewer's correction. */
static void
test_diff (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) theirs = regions (box ("r1", "person", 60, 60, 120, 100),
                                         box ("r2", "car", 300, 40, 110, 120),
                                         box ("r3", "dog", 200, 200, 80, 80),
                                         box ("r5", "dog", 20, 230, 60, 60), NULL);
  g_autoptr(GPtrArray) corrected = regions (box ("r1", "person", 60, 60, 120, 100),
                                            box ("r2", "dog", 300, 40, 110, 120),
                                            box ("r3", "dog", 215, 190, 80, 80),
                                            box ("r4", "person", 380, 210, 70, 90), NULL);
  g_autoptr(LimnRegionDiff) diff = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shot = NULL;
  g_autofree char *off = NULL;
  double bx, by;

  diff = limn_region_diff_new (theirs, corrected, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (limn_region_diff_count (diff, LIMN_REGION_DIFF_ADDED), ==, 1);
  g_assert_cmpuint (limn_region_diff_count (diff, LIMN_REGION_DIFF_REMOVED), ==, 1);
  g_assert_cmpuint (limn_region_diff_count (diff, LIMN_REGION_DIFF_MOVED), ==, 1);
  g_assert_cmpuint (limn_region_diff_count (diff, LIMN_REGION_DIFF_RELABELLED), ==, 1);

  /* The diff alone, as the annotator sees it in rework. */
  limn_overlay_layer_set_visible (f->ana, FALSE);
  limn_overlay_layer_set_visible (f->ben, FALSE);
  limn_image_canvas_set_diff (f->canvas, diff);
  limn_image_canvas_set_comment (f->canvas, "r2", "It is a dog: look at the ears.");
  limn_gui_test_spin (50);
  g_assert_true (limn_image_canvas_get_diff (f->canvas) == diff);

  /* The added box's badge, on its top-right corner, in bluish green. */
  limn_image_canvas_image_to_widget (f->canvas, 450, 210, &bx, &by);
  shot = limn_gui_test_screenshot (f->window, "review-overlay-diff");
  g_assert_cmpuint (count_near (shot, GTK_WIDGET (f->canvas), f->window, bx, by, 5, bluish_green, 30), >, 20);

  /* Toggled off. */
  limn_image_canvas_set_diff (f->canvas, NULL);
  limn_gui_test_spin (50);
  off = limn_gui_test_screenshot (f->window, "review-overlay-diff-off");
  g_assert_cmpuint (count_near (off, GTK_WIDGET (f->canvas), f->window, bx, by, 5, bluish_green, 30), ==, 0);
}

static LimnRegion *
span (const char *id,
      const char *label,
      gint64      start,
      gint64      end)
{
  return limn_region_new_span (id, label, start, end, NULL);
}

/* The span view: two annotators' spans underlined in their rows, one
 * hidden, a comment pinned on the editable span opened by a click on its
 * marker. */
static void
test_span_view (void)
{
  static const char text[] =
    "Ada Lovelace met Charles Babbage in London in 1833. She later wrote the first "
    "published program for his Analytical Engine, a machine he never finished.";
  g_autoptr(LimnProject) project = limn_project_new ("project-1", "Test", LIMN_PROJECT_TEXT);
  g_autoptr(LimnLabel) person = limn_label_new ("person", "Person", "#3584e4", "1");
  g_autoptr(LimnLabel) place = limn_label_new ("place", "Place", "#e66100", "2");
  g_autoptr(LimnLabel) date = limn_label_new ("date", "Date", "#2ec27e", "3");
  g_autoptr(LimnTask) task = limn_task_new ("task-1", "project-1", LIMN_TASK_TEXT, 1, "Task");
  g_autoptr(LimnAnnotation) annotation = limn_annotation_new (NULL, "task-1", "reviewer");
  g_autoptr(LimnDraft) draft = NULL;
  g_autoptr(LimnTextIndex) index = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ana = regions (span ("a1", "person", 0, 12), span ("a2", "person", 17, 32),
                                      span ("a3", "place", 36, 42), NULL);
  g_autoptr(GPtrArray) ben = regions (span ("b1", "person", 0, 12), span ("b2", "place", 17, 32),
                                      span ("b4", "date", 46, 50), NULL);
  g_autoptr(LimnOverlayLayer) la = limn_overlay_layer_new ("Ana", LIMN_OVERLAY_ANNOTATOR, 0, ana);
  g_autoptr(LimnOverlayLayer) lb = limn_overlay_layer_new ("Ben", LIMN_OVERLAY_ANNOTATOR, 1, ben);
  g_autoptr(GListStore) layers = g_list_store_new (LIMN_TYPE_OVERLAY_LAYER);
  g_autoptr(LimnRegion) mine = span ("mine-1", "person", 0, 12);
  g_autofree char *shot = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  LimnSpanView *view = LIMN_SPAN_VIEW (limn_span_view_new ());
  gboolean found = FALSE;

  limn_project_add_label (project, person);
  limn_project_add_label (project, place);
  limn_project_add_label (project, date);
  index = limn_text_index_new (text, -1, &error);
  g_assert_no_error (error);
  draft = limn_draft_new (annotation, NULL, NULL);
  g_assert_true (limn_draft_add_region (draft, mine));
  g_list_store_append (layers, la);
  g_list_store_append (layers, lb);

  gtk_window_set_default_size (GTK_WINDOW (window), 640, 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (view));
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  limn_span_view_set_project (view, project);
  limn_span_view_set_task (view, task, index, draft);
  limn_span_view_set_overlays (view, G_LIST_MODEL (layers));
  limn_span_view_set_comment (view, "mine-1", "Her full name was Augusta Ada King.");
  limn_gui_test_show (GTK_WINDOW (window));
  limn_gui_test_spin (100);

  g_assert_true (limn_span_view_is_disagreement (view, la, "a2"));
  g_assert_true (limn_span_view_is_disagreement (view, lb, "b4"));
  g_assert_false (limn_span_view_is_disagreement (view, la, "a1"));
  shot = limn_gui_test_screenshot (window, "review-overlay-span-view");

  /* The marker sits on the line's top edge at the span's end
   * ("Lovelace|"): find it where the last frame put it, click it. */
  for (double y = 0; y < 120 && !found; y += 1)
    for (double x = 0; x < 320 && !found; x += 1)
      if (g_strcmp0 (limn_span_view_comment_marker_at (view, x, y), "mine-1") == 0)
        {
          limn_gui_test_move (GTK_WIDGET (view), 2, 2);
          limn_gui_test_click (GTK_WIDGET (view), x + 4, y + 4, 1);
          limn_gui_test_spin (100);
          found = TRUE;
        }
  g_assert_true (found);
  g_assert_cmpstr (limn_span_view_get_open_comment (view), ==, "mine-1");
  /* The click opened the comment, and left the editable span as it was. */
  g_assert_cmpuint (limn_draft_get_n_regions (draft), ==, 1);
  g_assert_cmpint (limn_draft_get_region (draft, 0)->start, ==, 0);
  g_assert_cmpint (limn_draft_get_region (draft, 0)->end, ==, 12);
  g_free (limn_gui_test_screenshot_root ("review-overlay-span-comment"));

  limn_overlay_layer_set_visible (lb, FALSE);
  limn_gui_test_spin (50);
  g_assert_false (limn_span_view_is_disagreement (view, la, "a2"));

  gtk_window_destroy (GTK_WINDOW (window));
  limn_gui_test_spin (20);
}

int
main (int   argc,
      char *argv[])
{
  limn_gui_test_init (&argc, &argv);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/gui/review-overlay/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("overlays", test_overlays);
  ADD ("comments", test_comments);
  ADD ("diff", test_diff);

#undef ADD
  g_test_add_func ("/gui/review-overlay/span-view", test_span_view);

  return g_test_run ();
}
