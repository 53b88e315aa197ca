/* limn-image-canvas-comments.c
 *
 * Comments pinned on regions: a reviewer's note on a box, shown to the
 * annotator in rework and to the reviewer who wrote it. Each is a round
 * marker with a speech bubble just outside the box's top-right corner
 * (clear of the diff's badge on the corner and of the label chip on the
 * left), drawn over everything else each frame: there are a handful, not
 * thousands. The box is the editable region with that id, else an
 * overlay's or the diff's; a comment on a region not shown draws nothing.
 * Pointing at a marker shows the text as a tooltip, a click opens it in a
 * popover (it stays while the reader reads); the click is claimed in the
 * capture phase, so it never starts a drag on the box beneath.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include "limn-image-canvas-private.h"

#include "model/limn-util.h"

#define MARKER_RADIUS  9.0   /* logical px */
#define MARKER_GAP     4.0   /* from the box's right edge */

/* GNOME's accent blue, white glyph: reads on photos and on the dark
 * canvas alike. */
static const GdkRGBA marker_color = { 0.208, 0.518, 0.894, 1 };

typedef struct
{
  char    *text;
  LimnBox  box;
  gboolean shown;      /* a region with its id is on the canvas */
} PinnedComment;

static void
pinned_comment_free (gpointer data)
{
  PinnedComment *comment = data;

  g_free (comment->text);
  g_free (comment);
}

/* Finds each comment's region among the editable boxes, then the
 * overlays and the diff, once per change of either. */
static void
resolve (LimnImageCanvas *self)
{
  GHashTableIter iter;
  PinnedComment *comment;
  guint missing = 0;

  if (self->comments_serial == self->items_serial)
    return;
  self->comments_serial = self->items_serial;

  g_hash_table_iter_init (&iter, self->comments);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &comment))
    {
      comment->shown = FALSE;
      missing++;
    }

  for (guint i = 0; missing > 0 && i < self->items->len; i++)
    {
      const CanvasItem *item = g_ptr_array_index (self->items, i);

      comment = g_hash_table_lookup (self->comments, item->region->id);
      if (comment != NULL && !comment->shown && !item->suggestion)
        {
          comment->box = item->region->box;
          comment->shown = TRUE;
          missing--;
        }
    }

  for (guint i = 0; missing > 0 && i < self->overlay_items->len; i++)
    {
      const OverlayItem *item = &g_array_index (self->overlay_items, OverlayItem, i);

      comment = item->region->id ? g_hash_table_lookup (self->comments, item->region->id) : NULL;
      if (comment != NULL && !comment->shown)
        {
          comment->box = item->region->box;
          comment->shown = TRUE;
          missing--;
        }
    }
}

/* The marker's centre in widget coordinates. */
static void
marker_center (LimnImageCanvas     *self,
               const PinnedComment *comment,
               double              *cx,
               double              *cy)
{
  limn_image_canvas_image_to_widget (self, comment->box.x + comment->box.w, comment->box.y, cx, cy);
  *cx += MARKER_GAP + MARKER_RADIUS;
  *cy += 2 + MARKER_RADIUS;
}

const char *
limn_image_canvas_comment_at (LimnImageCanvas *self,
                              double           wx,
                              double           wy)
{
  GHashTableIter iter;
  const char *id, *found = NULL;
  PinnedComment *comment;
  double best = (MARKER_RADIUS + 2) * (MARKER_RADIUS + 2);

  if (g_hash_table_size (self->comments) == 0 || !limn_image_canvas_has_image (self))
    return NULL;

  resolve (self);
  g_hash_table_iter_init (&iter, self->comments);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, (gpointer *) &comment))
    {
      double cx, cy, d;

      if (!comment->shown)
        continue;
      marker_center (self, comment, &cx, &cy);
      d = (wx - cx) * (wx - cx) + (wy - cy) * (wy - cy);
      if (d <= best)
        {
          best = d;
          found = id;
        }
    }

  return found;
}

static void
draw_marker (cairo_t  *cr,
             double    cx,
             double    cy,
             gboolean  open)
{
  double r = MARKER_RADIUS;

  /* A soft shadow so it lifts off a busy photo. */
  cairo_arc (cr, cx, cy + 1, r + 1.5, 0, 2 * G_PI);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.35);
  cairo_fill (cr);

  cairo_arc (cr, cx, cy, r, 0, 2 * G_PI);
  gdk_cairo_set_source_rgba (cr, &marker_color);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, open ? 2.5 : 1.5);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_stroke (cr);

  /* A speech bubble: a rounded rectangle with a tail. */
  cairo_new_sub_path (cr);
  cairo_arc (cr, cx - 2.5, cy - 1.5, 2, G_PI, 1.5 * G_PI);
  cairo_arc (cr, cx + 2.5, cy - 1.5, 2, 1.5 * G_PI, 2 * G_PI);
  cairo_arc (cr, cx + 2.5, cy + 0.5, 2, 0, 0.5 * G_PI);
  cairo_line_to (cr, cx - 0.5, cy + 2.5);
  cairo_line_to (cr, cx - 3, cy + 4.5);
  cairo_line_to (cr, cx - 2.5, cy + 2.5);
  cairo_arc (cr, cx - 2.5, cy + 0.5, 2, 0.5 * G_PI, G_PI);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);
}

/* Every shown comment's marker, in widget coordinates (call outside the
 * view's translation). */
void
limn_image_canvas_snapshot_comments (LimnImageCanvas *self,
                                     GtkSnapshot     *snapshot)
{
  GHashTableIter iter;
  const char *id;
  PinnedComment *comment;
  gboolean open = self->comment_popover != NULL && gtk_widget_get_visible (self->comment_popover);

  if (g_hash_table_size (self->comments) == 0)
    return;

  resolve (self);
  g_hash_table_iter_init (&iter, self->comments);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, (gpointer *) &comment))
    {
      double cx, cy, reach = MARKER_RADIUS + 4;
      cairo_t *cr;

      if (!comment->shown)
        continue;
      marker_center (self, comment, &cx, &cy);
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (cx - reach, cy - reach,
                                                                     2 * reach, 2 * reach));
      draw_marker (cr, cx, cy, open && g_strcmp0 (self->comment_open, id) == 0);
      cairo_destroy (cr);
    }
}

gboolean
limn_image_canvas_comment_tooltip (LimnImageCanvas *self,
                                   int              x,
                                   int              y,
                                   GtkTooltip      *tooltip)
{
  const char *id = limn_image_canvas_comment_at (self, x, y);
  PinnedComment *comment;

  if (id == NULL)
    return FALSE;

  comment = g_hash_table_lookup (self->comments, id);
  gtk_tooltip_set_text (tooltip, comment->text);
  return TRUE;
}

void
limn_image_canvas_update_has_tooltip (LimnImageCanvas *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self),
                              self->overlay_items->len > 0 || g_hash_table_size (self->comments) > 0);
}

/* ------------------------------------------------------------------------ */
/* The popover                                                              */

static void
popover_closed_cb (GtkPopover      *popover,
                   LimnImageCanvas *self)
{
  g_clear_pointer (&self->comment_open, g_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
open_comment (LimnImageCanvas *self,
              const char      *id)
{
  PinnedComment *comment = g_hash_table_lookup (self->comments, id);
  double cx, cy;

  if (comment == NULL || !comment->shown)
    return;

  if (self->comment_popover == NULL)
    {
      GtkWidget *label = gtk_label_new (NULL);

      self->comment_popover = gtk_popover_new ();
      gtk_widget_set_parent (self->comment_popover, GTK_WIDGET (self));
      /* The canvas is always LTR; a comment is text in the UI's direction. */
      gtk_widget_set_direction (self->comment_popover, gtk_widget_get_default_direction ());
      gtk_popover_set_position (GTK_POPOVER (self->comment_popover), GTK_POS_BOTTOM);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_end (label, 6);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_popover_set_child (GTK_POPOVER (self->comment_popover), label);
      g_signal_connect (self->comment_popover, "closed", G_CALLBACK (popover_closed_cb), self);
    }

  limn_set_str (&self->comment_open, id);
  gtk_label_set_text (GTK_LABEL (gtk_popover_get_child (GTK_POPOVER (self->comment_popover))),
                      comment->text);
  marker_center (self, comment, &cx, &cy);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->comment_popover),
                               &(GdkRectangle) { (int) (cx - MARKER_RADIUS), (int) (cy - MARKER_RADIUS),
                                                 (int) (2 * MARKER_RADIUS), (int) (2 * MARKER_RADIUS) });
  gtk_popover_popup (GTK_POPOVER (self->comment_popover));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
limn_image_canvas_allocate_comments (LimnImageCanvas *self)
{
  if (self->comment_popover != NULL && gtk_widget_get_visible (self->comment_popover))
    gtk_popover_present (GTK_POPOVER (self->comment_popover));
}

static void
click_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  LimnImageCanvas *self)
{
  const char *id = limn_image_canvas_comment_at (self, x, y);

  g_clear_pointer (&self->comment_press, g_free);
  if (id == NULL)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  /* The marker's: no drag or selection starts beneath it. */
  self->comment_press = g_strdup (id);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
click_released_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   LimnImageCanvas *self)
{
  g_autofree char *id = g_steal_pointer (&self->comment_press);

  if (id != NULL && g_strcmp0 (limn_image_canvas_comment_at (self, x, y), id) == 0)
    open_comment (self, id);
}

/* ------------------------------------------------------------------------ */
/* API                                                                      */

void
limn_image_canvas_set_comment (LimnImageCanvas *self,
                               const char      *region_id,
                               const char      *text)
{
  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));
  g_return_if_fail (region_id != NULL);

  if (text != NULL)
    {
      PinnedComment *comment = g_new0 (PinnedComment, 1);

      comment->text = g_strdup (text);
      g_hash_table_replace (self->comments, g_strdup (region_id), comment);
    }
  else
    g_hash_table_remove (self->comments, region_id);

  if (self->comment_open != NULL && g_strcmp0 (self->comment_open, region_id) == 0)
    gtk_popover_popdown (GTK_POPOVER (self->comment_popover));
  /* Resolve again. */
  self->comments_serial = self->items_serial - 1;
  limn_image_canvas_update_has_tooltip (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
limn_image_canvas_get_comment (LimnImageCanvas *self,
                               const char      *region_id)
{
  PinnedComment *comment;

  g_return_val_if_fail (LIMN_IS_IMAGE_CANVAS (self), NULL);

  comment = region_id ? g_hash_table_lookup (self->comments, region_id) : NULL;
  return comment ? comment->text : NULL;
}

void
limn_image_canvas_clear_comments (LimnImageCanvas *self)
{
  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));

  if (self->comment_popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->comment_popover));
  g_hash_table_remove_all (self->comments);
  limn_image_canvas_update_has_tooltip (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
limn_image_canvas_comment_marker_position (LimnImageCanvas *self,
                                           const char      *region_id,
                                           double          *wx,
                                           double          *wy)
{
  PinnedComment *comment;

  g_return_val_if_fail (LIMN_IS_IMAGE_CANVAS (self), FALSE);

  comment = region_id ? g_hash_table_lookup (self->comments, region_id) : NULL;
  if (comment == NULL || !limn_image_canvas_has_image (self))
    return FALSE;
  resolve (self);
  if (!comment->shown)
    return FALSE;
  marker_center (self, comment, wx, wy);
  return TRUE;
}

const char *
limn_image_canvas_get_open_comment (LimnImageCanvas *self)
{
  g_return_val_if_fail (LIMN_IS_IMAGE_CANVAS (self), NULL);

  return self->comment_open;
}

void
limn_image_canvas_init_comments (LimnImageCanvas *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->comments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, pinned_comment_free);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed_cb), self);
  g_signal_connect (click, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

void
limn_image_canvas_dispose_comments (LimnImageCanvas *self)
{
  g_clear_pointer (&self->comment_popover, gtk_widget_unparent);
  g_clear_pointer (&self->comment_open, g_free);
  g_clear_pointer (&self->comment_press, g_free);
}

void
limn_image_canvas_finalize_comments (LimnImageCanvas *self)
{
  g_hash_table_unref (self->comments);
}
