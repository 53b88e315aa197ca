/* test-image-canvas.c
 *
 * The image canvas driven as an annotator drives it: real pointer drags,
 * wheel clicks and key presses from xdotool under Xvfb, on a real labelme
 * VOC photo and a real LimnDraft. Checks what lands in the draft, not what
 * the widget thinks it did.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "limn-gui-test.h"
#include "limn-image-canvas.h"
#include "limn-image-canvas-private.h"
#include "model/limn-image-probe.h"

#define IMAGE_W 500
#define IMAGE_H 338

typedef struct
{
  char            *dir;
  char            *image;
  LimnProject     *project;
  LimnTask        *task;
  LimnDraft       *draft;
  GtkWidget       *window;
  LimnImageCanvas *canvas;
  guint            first_frames;
} Fixture;

static void
first_frame_cb (LimnImageCanvas *canvas,
                Fixture         *f)
{
  f->first_frames++;
}

static gboolean
canvas_settled (gpointer data)
{
  Fixture *f = data;
  LimnImageCanvasState state = limn_image_canvas_get_state (f->canvas);

  return state == LIMN_IMAGE_CANVAS_STATE_ERROR ||
         (state == LIMN_IMAGE_CANVAS_STATE_READY && f->first_frames > 0);
}

static void
open_task (Fixture    *f,
           const char *path)
{
  g_clear_object (&f->task);
  f->task = limn_task_new ("task-1", "project-1", LIMN_TASK_IMAGE, 0, "2011_000003");
  limn_task_set_media_path (f->task, path);
  f->first_frames = 0;
  limn_image_canvas_set_task (f->canvas, f->task, f->draft);
  g_assert_true (limn_gui_test_wait_until (canvas_settled, f, 10000));
  /* One more frame so the full-resolution tiles are on screen. */
  limn_gui_test_spin (50);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(LimnAnnotation) annotation = limn_annotation_new (NULL, "task-1", "tester");
  g_autoptr(GPtrArray) suggestions = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_region_unref);
  g_autoptr(LimnLabel) person = limn_label_new ("person", "Person", "#3584e4", "1");
  g_autoptr(LimnLabel) car = limn_label_new ("car", "Car", "#e66100", "2");
  g_autoptr(LimnLabel) dog = limn_label_new ("dog", "Dog", "#2ec27e", "3");
  g_autoptr(GError) error = NULL;
  LimnBox sbox = { 300, 40, 120, 150 };
  LimnRegion *s;

  f->dir = g_dir_make_tmp ("limn-canvas-XXXXXX", &error);
  g_assert_no_error (error);
  f->image = limn_gui_test_copy_photo (f->dir);

  f->project = limn_project_new ("project-1", "Test", LIMN_PROJECT_IMAGE);
  limn_project_add_label (f->project, person);
  limn_project_add_label (f->project, car);
  limn_project_add_label (f->project, dog);

  s = limn_region_new_box ("sug-1", "person", &sbox);
  limn_region_set_model (s, 0.91, "det-1", NULL);
  g_ptr_array_add (suggestions, s);
  f->draft = limn_draft_new (annotation, suggestions, NULL);

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 640);
  f->canvas = LIMN_IMAGE_CANVAS (limn_image_canvas_new ());
  g_signal_connect (f->canvas, "first-frame", G_CALLBACK (first_frame_cb), f);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->canvas));
  limn_image_canvas_set_project (f->canvas, f->project);
  limn_gui_test_show (GTK_WINDOW (f->window));

  open_task (f, f->image);
  g_assert_cmpint (limn_image_canvas_get_state (f->canvas), ==, LIMN_IMAGE_CANVAS_STATE_READY);
  gtk_widget_grab_focus (GTK_WIDGET (f->canvas));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->draft);
  g_clear_object (&f->task);
  g_clear_object (&f->project);

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
 * motion that never comes, so park the pointer elsewhere first. */
static void
park_pointer (Fixture *f)
{
  static gboolean odd;

  odd = !odd;
  limn_gui_test_move (GTK_WIDGET (f->canvas), odd ? 2 : 4, 2);
}

static void
click (Fixture *f,
       double   x,
       double   y)
{
  park_pointer (f);
  limn_gui_test_click (GTK_WIDGET (f->canvas), x, y, 1);
}

static void
drag (Fixture *f,
      double   x1,
      double   y1,
      double   x2,
      double   y2,
      guint    steps)
{
  park_pointer (f);
  limn_gui_test_drag (GTK_WIDGET (f->canvas), 1, x1, y1, x2, y2, steps);
}

static void
scroll (Fixture    *f,
        double      x,
        double      y,
        int         button,
        guint       clicks,
        const char *modifier)
{
  park_pointer (f);
  limn_gui_test_scroll (GTK_WIDGET (f->canvas), x, y, button, clicks, modifier);
}

static void
move (Fixture *f,
      double   x,
      double   y)
{
  park_pointer (f);
  limn_gui_test_move (GTK_WIDGET (f->canvas), x, y);
}

static void
to_widget (Fixture *f,
           double   ix,
           double   iy,
           double  *wx,
           double  *wy)
{
  limn_image_canvas_image_to_widget (f->canvas, ix, iy, wx, wy);
}

/* Drags between two image points with a real pointer. */
static void
drag_image (Fixture *f,
            double   ix1,
            double   iy1,
            double   ix2,
            double   iy2)
{
  double x1, y1, x2, y2;

  to_widget (f, ix1, iy1, &x1, &y1);
  to_widget (f, ix2, iy2, &x2, &y2);
  drag (f, x1, y1, x2, y2, 6);
}

/* The pointer lands on whole root pixels: allow what one logical pixel is
 * worth in image pixels, and never more than one image pixel. */
static void
assert_box_near (const LimnBox *box,
                 double         x,
                 double         y,
                 double         w,
                 double         h,
                 double         tolerance)
{
  if (fabs (box->x - x) > tolerance || fabs (box->y - y) > tolerance ||
      fabs (box->w - w) > tolerance || fabs (box->h - h) > tolerance)
    g_error ("box %.2f,%.2f %.2f×%.2f is not near %.2f,%.2f %.2f×%.2f (±%.2f)",
             box->x, box->y, box->w, box->h, x, y, w, h, tolerance);
}

static const LimnRegion *
only_region (Fixture *f)
{
  g_assert_cmpuint (limn_draft_get_n_regions (f->draft), ==, 1);
  return limn_draft_get_region (f->draft, 0);
}

static double
pixel_tolerance (Fixture *f)
{
  /* Half a logical pixel each way on both ends of a drag. */
  return MIN (1.0, 1.0 / limn_image_canvas_get_zoom (f->canvas) + 0.01);
}

static void
test_draw (Fixture       *f,
           gconstpointer  data)
{
  const LimnRegion *region;
  double zoom_fit = limn_image_canvas_get_zoom (f->canvas);
  double cx, cy;

  g_assert_cmpfloat (zoom_fit, >, 1.0);  /* 500 px fitted into ~880 px */

  drag_image (f, 60, 50, 200, 170);
  region = only_region (f);
  g_assert_cmpstr (region->label_id, ==, "person");  /* the first label */
  assert_box_near (&region->box, 60, 50, 140, 120, pixel_tolerance (f));
  g_assert_cmpstr (limn_image_canvas_get_selected (f->canvas), ==, region->id);

  /* A drag shorter than the dead zone is a click: it deselects, adds nothing. */
  {
    double x, y;

    to_widget (f, 20, 300, &x, &y);
    drag (f, x, y, x + 1, y + 1, 1);
  }
  g_assert_cmpuint (limn_draft_get_n_regions (f->draft), ==, 1);
  g_assert_null (limn_image_canvas_get_selected (f->canvas));

  g_assert_true (limn_draft_undo (f->draft));
  g_assert_cmpuint (limn_draft_get_n_regions (f->draft), ==, 0);

  /* Again at 2.5 × the fitted zoom, around a point away from the centre. */
  to_widget (f, 150, 120, &cx, &cy);
  limn_image_canvas_zoom_at (f->canvas, zoom_fit * 2.5, cx, cy);
  limn_gui_test_spin (50);
  g_assert_cmpfloat_with_epsilon (limn_image_canvas_get_zoom (f->canvas), zoom_fit * 2.5, 1e-9);

  limn_image_canvas_set_active_label (f->canvas, "dog");
  drag_image (f, 120.5, 100.25, 171, 141);
  region = only_region (f);
  g_assert_cmpstr (region->label_id, ==, "dog");
  assert_box_near (&region->box, 120.5, 100.25, 50.5, 40.75, pixel_tolerance (f));

  /* Dragging past the image's edge clamps the box to the image. */
  g_assert_true (limn_draft_undo (f->draft));
  limn_image_canvas_zoom_fit (f->canvas);
  limn_gui_test_spin (50);
  drag_image (f, 400, 250, 560, 400);
  region = only_region (f);
  assert_box_near (&region->box, 400, 250, 100, 88, pixel_tolerance (f));
}

static const LimnRegion *
add_box (Fixture *f,
         double   x,
         double   y,
         double   w,
         double   h)
{
  g_autoptr(LimnRegion) region = NULL;
  LimnBox box = { x, y, w, h };

  region = limn_region_new_box (NULL, "car", &box);
  g_assert_true (limn_draft_add_region (f->draft, region));
  limn_gui_test_spin (30);

  return limn_draft_lookup_region (f->draft, region->id);
}

static void
test_move_resize (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *id = g_strdup (add_box (f, 100, 100, 80, 60)->id);
  const LimnRegion *region;
  double zoom = limn_image_canvas_get_zoom (f->canvas);
  double tol = pixel_tolerance (f);
  double x, y;

  /* Click to select: nothing moves. */
  to_widget (f, 140, 130, &x, &y);
  click (f, x, y);
  g_assert_cmpstr (limn_image_canvas_get_selected (f->canvas), ==, id);
  assert_box_near (&only_region (f)->box, 100, 100, 80, 60, 1e-9);

  /* Drag the body by (40, 30) logical pixels. */
  drag (f, x, y, x + 40, y + 30, 6);
  region = only_region (f);
  g_assert_cmpstr (region->id, ==, id);
  assert_box_near (&region->box, 100 + 40 / zoom, 100 + 30 / zoom, 80, 60, tol);
  {
    LimnBox moved = region->box;

    /* The bottom-right handle by (30, 20) logical pixels resizes. */
    to_widget (f, moved.x + moved.w, moved.y + moved.h, &x, &y);
    drag (f, x, y, x + 30, y + 20, 6);
    region = only_region (f);
    assert_box_near (&region->box, moved.x, moved.y, moved.w + 30 / zoom, moved.h + 20 / zoom, tol);

    /* So does the top edge's middle handle, upwards. */
    moved = region->box;
    to_widget (f, moved.x + moved.w / 2, moved.y, &x, &y);
    drag (f, x, y, x, y - 25, 5);
    region = only_region (f);
    assert_box_near (&region->box, moved.x, moved.y - 25 / zoom, moved.w, moved.h + 25 / zoom, tol);
  }

  /* One draft edit per drag: create (by API) + move + 2 resizes. */
  g_assert_true (limn_draft_undo (f->draft));
  g_assert_true (limn_draft_undo (f->draft));
  g_assert_true (limn_draft_undo (f->draft));
  assert_box_near (&only_region (f)->box, 100, 100, 80, 60, 1e-9);
}

static void
test_escape_cancels_drag (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *id = g_strdup (add_box (f, 100, 100, 80, 60)->id);
  double x, y;

  limn_image_canvas_select (f->canvas, id);
  to_widget (f, 140, 130, &x, &y);
  move (f, x, y);
  limn_gui_test_xdotool ("mousedown", "1", NULL);
  limn_gui_test_move (GTK_WIDGET (f->canvas), x + 30, y + 30);
  limn_gui_test_move (GTK_WIDGET (f->canvas), x + 60, y + 40);
  limn_gui_test_keys (GTK_WINDOW (f->window), "Escape");
  limn_gui_test_xdotool ("mouseup", "1", NULL);

  assert_box_near (&only_region (f)->box, 100, 100, 80, 60, 1e-9);
  g_assert_false (limn_draft_get_can_redo (f->draft));
  /* The selection survives; a second Escape clears it. */
  g_assert_cmpstr (limn_image_canvas_get_selected (f->canvas), ==, id);
  limn_gui_test_keys (GTK_WINDOW (f->window), "Escape");
  g_assert_null (limn_image_canvas_get_selected (f->canvas));
}

static void
test_keyboard (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *id = g_strdup (add_box (f, 100, 100, 80, 60)->id);
  g_autofree char *new_id = NULL;
  const LimnRegion *region;
  double x, y;

  limn_image_canvas_select (f->canvas, id);
  limn_gui_test_keys (GTK_WINDOW (f->window), "Right Right Down");
  assert_box_near (&only_region (f)->box, 102, 101, 80, 60, 1e-9);
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+Left Up");
  assert_box_near (&only_region (f)->box, 92, 100, 80, 60, 1e-9);
  limn_gui_test_keys (GTK_WINDOW (f->window), "shift+Right shift+Right shift+Up ctrl+shift+Down");
  assert_box_near (&only_region (f)->box, 92, 100, 82, 69, 1e-9);

  /* Ctrl+B: a new box at the pointer, a tenth of the visible image. */
  limn_gui_test_keys (GTK_WINDOW (f->window), "Escape");
  to_widget (f, 300, 250, &x, &y);
  move (f, x, y);
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+b");
  g_assert_cmpuint (limn_draft_get_n_regions (f->draft), ==, 2);
  region = limn_draft_get_region (f->draft, 1);
  new_id = g_strdup (region->id);
  g_assert_cmpstr (limn_image_canvas_get_selected (f->canvas), ==, new_id);
  g_assert_cmpfloat_with_epsilon (region->box.w, IMAGE_W / 10.0, 1.0);
  g_assert_cmpfloat_with_epsilon (region->box.h, IMAGE_H / 10.0, 1.0);
  g_assert_cmpfloat_with_epsilon (region->box.x + region->box.w / 2, 300, 1.5);
  g_assert_cmpfloat_with_epsilon (region->box.y + region->box.h / 2, 250, 1.5);

  /* … and adjust it without the mouse. */
  limn_gui_test_keys (GTK_WINDOW (f->window), "Left shift+Down");
  region = limn_draft_lookup_region (f->draft, new_id);
  g_assert_cmpfloat_with_epsilon (region->box.w, IMAGE_W / 10.0, 1.0);

  /* Label hotkeys arrive through apply_label: relabel the selection … */
  limn_image_canvas_apply_label (f->canvas, "dog");
  g_assert_cmpstr (limn_draft_lookup_region (f->draft, new_id)->label_id, ==, "dog");
  /* … or, with nothing selected, choose the label for the next box. */
  limn_gui_test_keys (GTK_WINDOW (f->window), "Escape");
  limn_image_canvas_apply_label (f->canvas, "car");
  g_assert_cmpstr (limn_image_canvas_get_active_label (f->canvas), ==, "car");
  g_assert_cmpstr (limn_draft_lookup_region (f->draft, new_id)->label_id, ==, "dog");

  /* Delete removes, undo restores. */
  limn_image_canvas_select (f->canvas, new_id);
  limn_gui_test_keys (GTK_WINDOW (f->window), "Delete");
  g_assert_null (limn_draft_lookup_region (f->draft, new_id));
  g_assert_null (limn_image_canvas_get_selected (f->canvas));
  g_assert_true (limn_draft_undo (f->draft));
  limn_gui_test_spin (30);
  g_assert_nonnull (limn_draft_lookup_region (f->draft, new_id));
  g_assert_cmpstr (limn_draft_lookup_region (f->draft, new_id)->label_id, ==, "dog");
}

static void
test_suggestion (Fixture       *f,
                 gconstpointer  data)
{
  const LimnRegion *region;
  g_autofree char *shot = NULL;
  g_autofree char *id = g_strdup (add_box (f, 40, 60, 150, 200)->id);

  add_box (f, 200, 215, 70, 60);
  add_box (f, 215, 225, 25, 22);  /* nested, and too small for a chip */

  /* Tab walks the boxes, then the suggestions. */
  limn_gui_test_keys (GTK_WINDOW (f->window), "Tab");
  g_assert_cmpstr (limn_image_canvas_get_selected (f->canvas), ==, id);
  shot = limn_gui_test_screenshot (GTK_WIDGET (f->window), "image-canvas-boxes");
  limn_gui_test_keys (GTK_WINDOW (f->window), "Tab Tab Tab");
  g_assert_cmpstr (limn_image_canvas_get_selected (f->canvas), ==, "sug-1");
  /* … and wraps around, both ways. */
  limn_gui_test_keys (GTK_WINDOW (f->window), "Tab");
  g_assert_cmpstr (limn_image_canvas_get_selected (f->canvas), ==, id);
  limn_gui_test_keys (GTK_WINDOW (f->window), "shift+Tab");
  g_assert_cmpstr (limn_image_canvas_get_selected (f->canvas), ==, "sug-1");

  g_free (shot);
  shot = limn_gui_test_screenshot (GTK_WIDGET (f->window), "image-canvas-suggestion");

  limn_gui_test_keys (GTK_WINDOW (f->window), "Return");
  g_assert_cmpuint (limn_draft_get_n_suggestions (f->draft), ==, 0);
  g_assert_cmpuint (limn_draft_get_n_regions (f->draft), ==, 4);
  region = limn_draft_get_region (f->draft, 3);
  g_assert_cmpstr (region->suggestion_id, ==, "sug-1");
  g_assert_cmpstr (region->label_id, ==, "person");
  g_assert_cmpstr (limn_image_canvas_get_selected (f->canvas), ==, region->id);

  /* Undo brings the suggestion back; Delete then rejects it. */
  g_assert_true (limn_draft_undo (f->draft));
  limn_gui_test_spin (30);
  g_assert_cmpuint (limn_draft_get_n_suggestions (f->draft), ==, 1);
  limn_image_canvas_select (f->canvas, "sug-1");
  limn_gui_test_keys (GTK_WINDOW (f->window), "Delete");
  g_assert_cmpuint (limn_draft_get_n_suggestions (f->draft), ==, 0);
  g_assert_cmpuint (limn_draft_get_n_regions (f->draft), ==, 3);
}

/* What a screen reader hears about the selection: GTK 4.8 gives a drawn
 * box no node of its own, so the canvas's description names it. */
static void
assert_description (LimnImageCanvas *canvas,
                    const char      *expected)
{
  g_autofree char *wrong = NULL;

  if (expected == NULL)
    g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (canvas),
                                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  else if ((wrong = gtk_test_accessible_check_property (GTK_ACCESSIBLE (canvas),
                                                        GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                        expected)) != NULL)
    g_error ("accessible description: %s", wrong);
}

static void
test_accessible_selection (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *id = g_strdup (add_box (f, 40, 60, 150, 200)->id);

  assert_description (f->canvas, NULL);
  limn_gui_test_keys (GTK_WINDOW (f->window), "Tab");
  g_assert_cmpstr (limn_image_canvas_get_selected (f->canvas), ==, id);
  assert_description (f->canvas, "Selected box: Car");
  /* A relabel is heard too. */
  limn_image_canvas_apply_label (f->canvas, "dog");
  limn_gui_test_spin (30);
  assert_description (f->canvas, "Selected box: Dog");
  limn_gui_test_keys (GTK_WINDOW (f->window), "Tab");
  g_assert_cmpstr (limn_image_canvas_get_selected (f->canvas), ==, "sug-1");
  assert_description (f->canvas, "Selected suggestion: Person");
  limn_gui_test_keys (GTK_WINDOW (f->window), "Escape");
  g_assert_null (limn_image_canvas_get_selected (f->canvas));
  assert_description (f->canvas, NULL);
}

/* A project's label names per language (issue 21): the canvas names a box
 * in the user's language, and a label without one by its default name. */
static void
test_label_language (Fixture       *f,
                     gconstpointer  data)
{
  LimnLabel *car = limn_project_lookup_label (f->project, "car");
  g_autofree char *id = NULL;

  limn_label_set_translation (car, "de", "Auto", NULL);
  limn_label_set_translation (car, "ja", "車", NULL);
  g_setenv ("LANGUAGE", "de_AT:fr", TRUE);
  id = g_strdup (add_box (f, 40, 60, 150, 200)->id);
  limn_gui_test_keys (GTK_WINDOW (f->window), "Tab");
  g_assert_cmpstr (limn_image_canvas_get_selected (f->canvas), ==, id);
  assert_description (f->canvas, "Selected box: Auto");
  limn_gui_test_keys (GTK_WINDOW (f->window), "Tab");
  assert_description (f->canvas, "Selected suggestion: Person");
  g_unsetenv ("LANGUAGE");
}

static void
test_suggestion_double_click (Fixture       *f,
                              gconstpointer  data)
{
  double x, y;

  to_widget (f, 360, 120, &x, &y);
  move (f, x, y);
  limn_gui_test_xdotool ("click", "--repeat", "2", "--delay", "60", "1", NULL);
  g_assert_cmpuint (limn_draft_get_n_suggestions (f->draft), ==, 0);
  g_assert_cmpuint (limn_draft_get_n_regions (f->draft), ==, 1);
  g_assert_cmpstr (limn_draft_get_region (f->draft, 0)->suggestion_id, ==, "sug-1");
}

static void
test_nested_selection (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *outer = g_strdup (add_box (f, 20, 20, 400, 300)->id);
  g_autofree char *inner = g_strdup (add_box (f, 100, 100, 40, 40)->id);
  double x, y;

  /* The smallest box under the pointer wins. */
  to_widget (f, 120, 120, &x, &y);
  click (f, x, y);
  g_assert_cmpstr (limn_image_canvas_get_selected (f->canvas), ==, inner);
  to_widget (f, 60, 250, &x, &y);
  click (f, x, y);
  g_assert_cmpstr (limn_image_canvas_get_selected (f->canvas), ==, outer);
}

static void
test_zoom_scroll (Fixture       *f,
                  gconstpointer  data)
{
  double zoom0 = limn_image_canvas_get_zoom (f->canvas);
  double ix, iy, ix2, iy2, wx, wy;
  g_autofree char *shot = NULL;

  add_box (f, 180, 120, 60, 50);
  wx = 300;
  wy = 220;
  limn_image_canvas_widget_to_image (f->canvas, wx, wy, &ix, &iy);

  scroll (f, wx, wy, 4, 4, "ctrl");
  g_assert_cmpfloat (limn_image_canvas_get_zoom (f->canvas), >, zoom0 * 1.9);
  /* The image point under the pointer has not moved. */
  limn_image_canvas_image_to_widget (f->canvas, ix, iy, &ix2, &iy2);
  g_assert_cmpfloat (fabs (ix2 - wx), <=, 1.0);
  g_assert_cmpfloat (fabs (iy2 - wy), <=, 1.0);

  scroll (f, wx, wy, 4, 8, "ctrl");
  limn_gui_test_spin (50);
  shot = limn_gui_test_screenshot (GTK_WIDGET (f->window), "image-canvas-zoomed");

  scroll (f, wx, wy, 5, 6, "ctrl");
  limn_image_canvas_image_to_widget (f->canvas, ix, iy, &ix2, &iy2);
  g_assert_cmpfloat (fabs (ix2 - wx), <=, 1.0);
  g_assert_cmpfloat (fabs (iy2 - wy), <=, 1.0);

  /* Plain wheel pans vertically; Ctrl+0 fits again. */
  limn_image_canvas_image_to_widget (f->canvas, 0, 0, &ix, &iy);
  scroll (f, wx, wy, 5, 1, NULL);
  limn_image_canvas_image_to_widget (f->canvas, 0, 0, &ix2, &iy2);
  g_assert_cmpfloat (iy2, <, iy);
  g_assert_cmpfloat_with_epsilon (ix2, ix, 1e-9);

  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+0");
  g_assert_cmpfloat_with_epsilon (limn_image_canvas_get_zoom (f->canvas), zoom0, 1e-9);

  /* Ctrl+1: one image pixel per device pixel. */
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+1");
  g_assert_cmpfloat_with_epsilon (limn_image_canvas_get_zoom (f->canvas) *
                                  gtk_widget_get_scale_factor (GTK_WIDGET (f->canvas)), 1.0, 1e-9);
  limn_gui_test_keys (GTK_WINDOW (f->window), "plus");
  g_assert_cmpfloat (limn_image_canvas_get_zoom (f->canvas), >, 1.1);
  limn_gui_test_keys (GTK_WINDOW (f->window), "minus minus");
  g_assert_cmpfloat (limn_image_canvas_get_zoom (f->canvas), <, 0.9);
}

static void
test_pan (Fixture       *f,
          gconstpointer  data)
{
  double x0, y0, x1, y1, zoom = limn_image_canvas_get_zoom (f->canvas);

  /* Zoomed in, there is room to pan. */
  limn_image_canvas_zoom_at (f->canvas, zoom * 3, 450, 320);
  limn_gui_test_spin (30);

  /* Middle-button drag. */
  limn_image_canvas_image_to_widget (f->canvas, 0, 0, &x0, &y0);
  park_pointer (f);
  limn_gui_test_drag (GTK_WIDGET (f->canvas), 2, 400, 300, 340, 260, 4);
  limn_image_canvas_image_to_widget (f->canvas, 0, 0, &x1, &y1);
  g_assert_cmpfloat_with_epsilon (x1 - x0, -60, 1.01);
  g_assert_cmpfloat_with_epsilon (y1 - y0, -40, 1.01);

  /* Space + left drag pans too, and draws nothing. */
  x0 = x1;
  y0 = y1;
  limn_gui_test_keys (GTK_WINDOW (f->window), "Shift_L");  /* focuses the window */
  park_pointer (f);
  limn_gui_test_move (GTK_WIDGET (f->canvas), 300, 300);
  limn_gui_test_xdotool ("keydown", "space", NULL);
  limn_gui_test_drag (GTK_WIDGET (f->canvas), 1, 300, 300, 350, 330, 4);
  limn_gui_test_xdotool ("keyup", "space", NULL);
  limn_image_canvas_image_to_widget (f->canvas, 0, 0, &x1, &y1);
  g_assert_cmpfloat_with_epsilon (x1 - x0, 50, 1.01);
  g_assert_cmpfloat_with_epsilon (y1 - y0, 30, 1.01);
  g_assert_cmpuint (limn_draft_get_n_regions (f->draft), ==, 0);

  /* However far one drags, the image's edge stops at the centre. */
  for (guint i = 0; i < 3; i++)
    {
      park_pointer (f);
      limn_gui_test_drag (GTK_WIDGET (f->canvas), 2, 150, 120, 750, 520, 4);
    }
  limn_image_canvas_image_to_widget (f->canvas, 0, 0, &x1, &y1);
  g_assert_cmpfloat_with_epsilon (x1, gtk_widget_get_width (GTK_WIDGET (f->canvas)) / 2.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (y1, gtk_widget_get_height (GTK_WIDGET (f->canvas)) / 2.0, 1e-6);

  /* Shift+wheel pans sideways. */
  limn_image_canvas_zoom_at (f->canvas, zoom * 3, 450, 320);
  limn_image_canvas_image_to_widget (f->canvas, 0, 0, &x0, &y0);
  scroll (f, 300, 300, 5, 1, "shift");
  limn_image_canvas_image_to_widget (f->canvas, 0, 0, &x1, &y1);
  g_assert_cmpfloat (x1, <, x0);
  g_assert_cmpfloat_with_epsilon (y1, y0, 1e-9);
}

/* Many boxes: the index and the cached layer keep up with every edit, and
 * the picture stays readable (looked at: image-canvas-many.png). */
static void
test_many_boxes (Fixture       *f,
                 gconstpointer  data)
{
  static const char *labels[] = { "person", "car", "dog" };
  g_autofree char *shot = NULL;
  GRand *rand = g_rand_new_with_seed (3);
  double x, y;

  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(LimnRegion) region = NULL;
      double w = g_rand_double_range (rand, 4, i % 10 == 0 ? 120 : 30);
      double h = g_rand_double_range (rand, 4, i % 10 == 0 ? 120 : 30);
      LimnBox box = { g_rand_double_range (rand, 0, IMAGE_W - w),
                      g_rand_double_range (rand, 0, IMAGE_H - h), w, h };

      region = limn_region_new_box (NULL, labels[i % 3], &box);
      if (i % 7 == 0)
        region->confidence = 0.8;
      g_assert_true (limn_draft_add_region (f->draft, region));
    }
  g_rand_free (rand);
  limn_gui_test_spin (50);

  /* Hover and select the smallest box under a point, as a person would. */
  to_widget (f, 250, 170, &x, &y);
  click (f, x, y);
  g_assert_nonnull (limn_image_canvas_get_selected (f->canvas));
  move (f, x + 40, y + 10);
  limn_gui_test_spin (50);
  shot = limn_gui_test_screenshot (GTK_WIDGET (f->window), "image-canvas-many");
}

static char *
write_generated (Fixture    *f,
                 const char *name,
                 const char *format,
                 int         width,
                 int         height,
                 gboolean    alpha)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, width, height);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  int n = gdk_pixbuf_get_n_channels (pixbuf);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guchar *p = pixels + (gsize)y * stride + x * n;

        p[0] = x * 255 / width;
        p[1] = y * 255 / height;
        p[2] = ((x / 64) ^ (y / 64)) & 1 ? 220 : 40;
        if (alpha)
          p[3] = x < width / 2 ? 255 : 96;
      }

  gdk_pixbuf_save (pixbuf, path, format, &error, NULL);
  g_assert_no_error (error);

  return path;
}

static void
preview_frame_cb (LimnImageCanvas *canvas,
                  gboolean        *seen_preview)
{
  /* Was something on screen before the full image arrived? */
  if (limn_image_canvas_get_full_resolution (canvas))
    return;
  *seen_preview = TRUE;
}

/* A photo at least twice the view gets a DCT-scaled preview first; the
 * full-resolution pyramid replaces it without moving the view. */
static void
test_preview_then_full (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = write_generated (f, "big.jpg", "jpeg", 3000, 2000, FALSE);
  gboolean seen_preview = FALSE;
  gulong id;
  int w, h;

  id = g_signal_connect (f->canvas, "first-frame", G_CALLBACK (preview_frame_cb), &seen_preview);
  open_task (f, path);
  g_signal_handler_disconnect (f->canvas, id);

  g_assert_cmpint (limn_image_canvas_get_state (f->canvas), ==, LIMN_IMAGE_CANVAS_STATE_READY);
  g_assert_true (limn_image_canvas_get_full_resolution (f->canvas));
  g_assert_true (seen_preview);
  limn_image_canvas_get_image_size (f->canvas, &w, &h);
  g_assert_cmpint (w, ==, 3000);
  g_assert_cmpint (h, ==, 2000);

  /* Boxes live in full-resolution pixels whatever was decoded first. */
  drag_image (f, 1000, 500, 2000, 1500);
  assert_box_near (&only_region (f)->box, 1000, 500, 1000, 1000, 1.0 / limn_image_canvas_get_zoom (f->canvas) + 0.01);
}

static void
test_alpha_png (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = write_generated (f, "alpha.png", "png", 1200, 900, TRUE);
  g_autofree char *shot = NULL;
  int w, h;

  open_task (f, path);
  g_assert_cmpint (limn_image_canvas_get_state (f->canvas), ==, LIMN_IMAGE_CANVAS_STATE_READY);
  limn_image_canvas_get_image_size (f->canvas, &w, &h);
  g_assert_cmpint (w, ==, 1200);
  g_assert_cmpint (h, ==, 900);

  /* Zoomed far in (nearest-neighbour tiles) and back out (mip levels). */
  limn_image_canvas_zoom_at (f->canvas, 8, 600, 300);
  limn_gui_test_spin (100);
  limn_image_canvas_zoom_fit (f->canvas);
  limn_gui_test_spin (100);
  shot = limn_gui_test_screenshot (GTK_WIDGET (f->window), "image-canvas-alpha");
}

/* Fails, saying where, if a pixel of the PNG at @path inside [x1, x2) ×
 * [y1, y2) differs from @rgb by more than @tolerance in a channel: a seam
 * between tiles shows as a row or column off. */
static void
assert_uniform (const char *path,
                int         x1,
                int         y1,
                int         x2,
                int         y2,
                guint32     rgb,
                int         tolerance)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (path, &error);
  g_autofree guchar *pixels = NULL;
  int width, height;
  gsize stride;

  g_assert_no_error (error);
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  g_assert_cmpint (x1, >=, 0);
  g_assert_cmpint (y1, >=, 0);
  g_assert_cmpint (x2, <=, width);
  g_assert_cmpint (y2, <=, height);

  stride = (gsize)width * 4;
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);

  for (int y = y1; y < y2; y++)
    for (int x = x1; x < x2; x++)
      {
        /* GDK_MEMORY_DEFAULT: B, G, R, A in memory, premultiplied (opaque here). */
        const guchar *p = pixels + (gsize)y * stride + (gsize)x * 4;
        int dr = abs (p[2] - (int)((rgb >> 16) & 0xff));
        int dg = abs (p[1] - (int)((rgb >> 8) & 0xff));
        int db = abs (p[0] - (int)(rgb & 0xff));

        if (MAX (dr, MAX (dg, db)) > tolerance)
          g_error ("%s: pixel (%d, %d) is #%02x%02x%02x, not #%06x (±%d), inside the "
                   "image's (%d, %d)–(%d, %d)", path, x, y, p[2], p[1], p[0], rgb,
                   tolerance, x1, y1, x2, y2);
      }
}

/* A small image magnified to fill the view spans several tiles, and must
 * look like one picture wherever the canvas lands: on the X screen, and
 * under a parent's transform that puts the tiles' edges between pixels
 * (moved by half a pixel; scaled, as a window with shadow margins is in a
 * screenshot of it). A uniform image shows any seam as a line. */
static void
test_magnified_seams (Fixture       *f,
                      gconstpointer  data)
{
  static const double zooms[] = { 0 /* fit */, 9.3, 13.7 };
  static const struct { double dx, dy, scale; } transforms[] = {
    { 0, 0, 1 },
    { 0.5, 0.5, 1 },
    { 0.3, 0.7, 0.992 },
  };
  const guint32 fill = 0x204080;
  GtkWidget *canvas = GTK_WIDGET (f->canvas);
  g_autofree char *path = g_build_filename (f->dir, "uniform.png", NULL);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 100, 80);
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_fill (pixbuf, (fill << 8) | 0xff);
  gdk_pixbuf_save (pixbuf, path, "png", &error, NULL);
  g_assert_no_error (error);
  open_task (f, path);
  g_assert_cmpint (limn_image_canvas_get_state (f->canvas), ==, LIMN_IMAGE_CANVAS_STATE_READY);

  for (guint z = 0; z < G_N_ELEMENTS (zooms); z++)
    {
      g_autofree char *root_name = g_strdup_printf ("image-canvas-magnified-%u-screen", z);
      g_autofree char *root_shot = NULL;
      double x1, y1, x2, y2;
      int rx1, ry1, rx2, ry2;

      if (zooms[z] > 0)
        limn_image_canvas_zoom_at (f->canvas, zooms[z], 333.3, 211.7);
      limn_gui_test_spin (200);
      g_assert_cmpfloat (limn_image_canvas_get_zoom (f->canvas), >, 7.0);

      /* The image on the canvas, less its anti-aliased edge: more than one
       * tile of 256 px each way. */
      limn_image_canvas_image_to_widget (f->canvas, 0, 0, &x1, &y1);
      limn_image_canvas_image_to_widget (f->canvas, 100, 80, &x2, &y2);
      x1 = MAX (x1, 0) + 2;
      y1 = MAX (y1, 0) + 2;
      x2 = MIN (x2, gtk_widget_get_width (canvas)) - 2;
      y2 = MIN (y2, gtk_widget_get_height (canvas)) - 2;
      g_assert_cmpfloat (x2 - x1, >, 256);
      g_assert_cmpfloat (y2 - y1, >, 256);

      for (guint t = 0; t < G_N_ELEMENTS (transforms); t++)
        {
          double dx = transforms[t].dx, dy = transforms[t].dy, scale = transforms[t].scale;
          g_autofree char *name = g_strdup_printf ("image-canvas-magnified-%u-%u", z, t);
          g_autofree char *shot = limn_gui_test_screenshot_transformed (canvas, dx, dy, scale, name);

          assert_uniform (shot, ceil (dx + x1 * scale), ceil (dy + y1 * scale),
                          floor (dx + x2 * scale), floor (dy + y2 * scale), fill, 2);
        }

      limn_gui_test_to_root (canvas, x1, y1, &rx1, &ry1);
      limn_gui_test_to_root (canvas, x2, y2, &rx2, &ry2);
      root_shot = limn_gui_test_screenshot_root (root_name);
      assert_uniform (root_shot, rx1 + 1, ry1 + 1, rx2 - 1, ry2 - 1, fill, 2);
    }
}

static void
test_corrupt (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *cut = g_build_filename (f->dir, "cut.jpg", NULL);
  g_autofree char *bytes = NULL;
  g_autofree char *shot = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (f->image, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (cut, bytes, len / 2, NULL));

  open_task (f, cut);
  g_assert_cmpint (limn_image_canvas_get_state (f->canvas), ==, LIMN_IMAGE_CANVAS_STATE_ERROR);
  g_assert_nonnull (limn_image_canvas_get_error_message (f->canvas));
  g_assert_nonnull (strstr (limn_image_canvas_get_error_message (f->canvas), "cut.jpg"));
  limn_gui_test_spin (50);
  shot = limn_gui_test_screenshot (GTK_WIDGET (f->window), "image-canvas-error");

  /* Input on an error canvas does nothing, and the canvas recovers. */
  drag (f, 100, 100, 200, 200, 3);
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+b Delete Tab plus");
  g_assert_cmpuint (limn_draft_get_n_regions (f->draft), ==, 0);

  g_assert_true (g_file_set_contents (cut, "not an image at all", -1, NULL));
  open_task (f, cut);
  g_assert_cmpint (limn_image_canvas_get_state (f->canvas), ==, LIMN_IMAGE_CANVAS_STATE_ERROR);

  open_task (f, f->image);
  g_assert_cmpint (limn_image_canvas_get_state (f->canvas), ==, LIMN_IMAGE_CANVAS_STATE_READY);
  g_assert_null (limn_image_canvas_get_error_message (f->canvas));
}

static void
test_too_large (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (f->dir, "copy.jpg", NULL);
  g_autofree char *bytes = NULL;
  gint64 start;
  gsize len;

  g_assert_true (g_file_get_contents (f->image, &bytes, &len, NULL));
  g_assert_true (g_file_set_contents (copy, bytes, len, NULL));

  /* 500 × 338 is 0.17 megapixels. */
  limn_image_canvas_set_max_pixels (f->canvas, 100000);
  start = g_get_monotonic_time ();
  open_task (f, copy);
  g_assert_cmpint (limn_image_canvas_get_state (f->canvas), ==, LIMN_IMAGE_CANVAS_STATE_ERROR);
  g_assert_nonnull (strstr (limn_image_canvas_get_error_message (f->canvas), "megapixels"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  /* Refused before decoding: nothing was ever shown. */
  g_assert_cmpuint (f->first_frames, ==, 0);
  g_assert_false (limn_image_canvas_get_full_resolution (f->canvas));
}

/* Pixels of @rgb (within @tolerance) in @shot's rectangle (x, y, w, h). */
static guint
count_color (const char   *shot,
             int           x0,
             int           y0,
             int           w,
             int           h,
             const guchar  rgb[3],
             int           tolerance)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (shot, &error);
  const guchar *pixels;
  int stride, n;
  guint count = 0;

  g_assert_no_error (error);
  pixels = gdk_pixbuf_read_pixels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  n = gdk_pixbuf_get_n_channels (pixbuf);
  for (int y = MAX (y0, 0); y < MIN (y0 + h, gdk_pixbuf_get_height (pixbuf)); y++)
    for (int x = MAX (x0, 0); x < MIN (x0 + w, gdk_pixbuf_get_width (pixbuf)); x++)
      {
        const guchar *px = pixels + (gsize) y * stride + x * n;

        if (ABS (px[0] - rgb[0]) <= tolerance && ABS (px[1] - rgb[1]) <= tolerance &&
            ABS (px[2] - rgb[2]) <= tolerance)
          count++;
      }
  return count;
}

/* The text of @region's chip, as the canvas lays it out. */
static const char *
chip_text_of (Fixture          *f,
              const LimnRegion *region)
{
  for (guint i = 0; i < f->canvas->items->len; i++)
    {
      CanvasItem *item = g_ptr_array_index (f->canvas->items, i);

      if (g_strcmp0 (item->region->id, region->id) == 0)
        return item->chip != NULL ? pango_layout_get_text (item->chip) : NULL;
    }
  return NULL;
}

/* Issue 21: a box's tag is the label's name in the user's language (as
 * the palette shows it), and a box too small to hold a tag gets one
 * outside it: above, or below when it touches the image's top. Before,
 * tags showed the default name and a 6 × 6 box had none. */
static void
test_small_box_tag_in_language (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *old_language = g_strdup (g_getenv ("LANGUAGE"));
  g_autofree char *shot = NULL;
  LimnLabel *car = limn_project_lookup_label (f->project, "car");
  const LimnRegion *mid, *top;
  /* #e66100, as the canvas draws it on its dark background */
  const guchar orange[3] = { 0xe6, 0x61, 0x00 };
  double x, y, x2, y2;

  g_setenv ("LANGUAGE", "de", TRUE);
  limn_label_set_translation (car, "de", "Auto", NULL);
  park_pointer (f);
  mid = add_box (f, 100, 150, 6, 6);
  top = add_box (f, 200, 0, 6, 6);
  limn_image_canvas_select (f->canvas, NULL);
  limn_gui_test_spin (300);

  g_assert_cmpstr (chip_text_of (f, mid), ==, "Auto");
  g_assert_cmpstr (chip_text_of (f, top), ==, "Auto");

  shot = limn_gui_test_screenshot (GTK_WIDGET (f->canvas), "image-canvas-small-box-tags");

  /* The 6 × 6 box is small on screen: its tag hangs above its top-left
   * corner, outside it. Sample the tag's left padding, clear of the text
   * and of the rounded corners. */
  limn_image_canvas_image_to_widget (f->canvas, 100, 150, &x, &y);
  limn_image_canvas_image_to_widget (f->canvas, 106, 156, &x2, &y2);
  g_test_message ("small box on screen: %g,%g to %g,%g", x, y, x2, y2);
  g_assert_cmpfloat (x2 - x, <, 16);
  g_assert_cmpuint (count_color (shot, (int) x + 1, (int) (y - CHIP_HEIGHT / 2) - 3, 3, 6, orange, 40), >=, 15);

  /* At the image's top there is no room above: the tag goes below. */
  limn_image_canvas_image_to_widget (f->canvas, 200, 0, &x, &y);
  limn_image_canvas_image_to_widget (f->canvas, 206, 6, &x2, &y2);
  g_assert_cmpuint (count_color (shot, (int) x + 1, (int) (y2 + CHIP_HEIGHT / 2) - 3, 3, 6, orange, 40), >=, 15);

  if (old_language != NULL)
    g_setenv ("LANGUAGE", old_language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}


int
main (int   argc,
      char *argv[])
{
  /* GTK's in-process test backend keeps accessible properties readable
   * (the suite's GTK_A11Y=none keeps none) without an a11y bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  limn_gui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/gui/image-canvas/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("draw", test_draw);
  ADD ("move-resize", test_move_resize);
  ADD ("escape-cancels-drag", test_escape_cancels_drag);
  ADD ("keyboard", test_keyboard);
  ADD ("suggestion", test_suggestion);
  ADD ("suggestion-double-click", test_suggestion_double_click);
  ADD ("accessible-selection", test_accessible_selection);
  ADD ("label-language", test_label_language);
  ADD ("nested-selection", test_nested_selection);
  ADD ("zoom-scroll", test_zoom_scroll);
  ADD ("pan", test_pan);
  ADD ("many-boxes", test_many_boxes);
  ADD ("preview-then-full", test_preview_then_full);
  ADD ("alpha-png", test_alpha_png);
  ADD ("magnified-seams", test_magnified_seams);
  ADD ("corrupt", test_corrupt);
  ADD ("too-large", test_too_large);
  ADD ("small-box-tag-in-language", test_small_box_tag_in_language);

#undef ADD

  return g_test_run ();
}
