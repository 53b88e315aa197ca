/* limn-span-view-comments.c
 *
 * Comments pinned on spans, as on the image canvas
 * (limn-image-canvas-comments.c): a round marker with a speech bubble on
 * the top edge of the line, at the span's last character (its caption is
 * at its first), drawn per frame for the blocks on screen. The span is
 * the editable one with that id, else a visible overlay layer's. Pointing
 * at a marker shows the text as a tooltip, a click opens it in a popover.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include "limn-span-view-private.h"

#include "model/limn-util.h"

#define MARKER_RADIUS 7.0

static const GdkRGBA marker_color = { 0.208, 0.518, 0.894, 1 };

typedef struct
{
  graphene_rect_t  rect;   /* widget coordinates at the time of drawing */
  const char      *id;     /* the comments table's key */
} CommentHit;

/* The span a comment is pinned on: editable first, then the overlays. */
static const LimnRegion *
find_region (LimnSpanView *self,
             const char   *id)
{
  LimnSpanItem *item = g_hash_table_lookup (self->items_by_id, id);

  if (item != NULL && !item->is_suggestion)
    return item->region;

  for (guint i = 0; i < self->overlay_layers->len; i++)
    {
      LimnOverlayLayer *layer = g_ptr_array_index (self->overlay_layers, i);
      GPtrArray *regions = limn_overlay_layer_get_regions (layer);

      if (!limn_overlay_layer_get_visible (layer))
        continue;
      for (guint k = 0; k < regions->len; k++)
        {
          const LimnRegion *region = g_ptr_array_index (regions, k);

          if (region->kind == LIMN_REGION_SPAN && g_strcmp0 (region->id, id) == 0)
            return region;
        }
    }

  return NULL;
}

/* Draws the markers of the comments whose spans end in block @index, in
 * the layout's coordinates; @origin_y is the layout's top in the widget. */
void
limn_span_view_draw_comments (LimnSpanView  *self,
                              GtkSnapshot   *snapshot,
                              guint          index,
                              LimnTextBlock *block,
                              PangoLayout   *layout,
                              double         origin_y)
{
  GHashTableIter iter;
  const char *id;
  const char *text;

  if (g_hash_table_size (self->comments) == 0)
    return;

  g_hash_table_iter_init (&iter, self->comments);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, (gpointer *) &text))
    {
      const LimnRegion *region = find_region (self, id);
      gboolean open = g_strcmp0 (self->comment_open, id) == 0;
      PangoRectangle strong;
      CommentHit hit;
      double cx, cy, reach = MARKER_RADIUS + 3;
      gint64 end;
      cairo_t *cr;

      if (region == NULL)
        continue;
      end = CLAMP (region->end, region->start, limn_text_index_get_n_chars (self->text));
      if (end <= block->cp_start || end > block->cp_end || region->start >= block->cp_end)
        continue;

      pango_layout_get_cursor_pos (layout, limn_span_view_layout_cp_to_index (self->layout, index, end),
                                   &strong, NULL);
      cx = pango_units_to_double (strong.x);
      cy = pango_units_to_double (strong.y) - 2;

      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (cx - reach, cy - reach,
                                                                     2 * reach, 2 * reach));
      cairo_arc (cr, cx, cy, MARKER_RADIUS, 0, 2 * G_PI);
      gdk_cairo_set_source_rgba (cr, &marker_color);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, open ? 2.5 : 1.5);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_stroke (cr);
      /* The speech bubble. */
      cairo_new_sub_path (cr);
      cairo_rectangle (cr, cx - 3.5, cy - 3, 7, 4.5);
      cairo_move_to (cr, cx - 2, cy + 1.5);
      cairo_line_to (cr, cx - 3, cy + 3.5);
      cairo_line_to (cr, cx + 0.5, cy + 1.5);
      cairo_close_path (cr);
      cairo_fill (cr);
      cairo_destroy (cr);

      hit.rect = GRAPHENE_RECT_INIT (self->column_x + cx - MARKER_RADIUS - 1, origin_y + cy - MARKER_RADIUS - 1,
                                     2 * MARKER_RADIUS + 2, 2 * MARKER_RADIUS + 2);
      hit.id = id;
      g_array_append_val (self->comment_hits, hit);
    }
}

const char *
limn_span_view_comment_at (LimnSpanView *self,
                           double        x,
                           double        y)
{
  double shift = gtk_adjustment_get_value (self->vadjustment) - self->hits_value;
  graphene_point_t point = GRAPHENE_POINT_INIT (x, y + shift);

  for (guint i = self->comment_hits->len; i > 0; i--)
    {
      CommentHit *hit = &g_array_index (self->comment_hits, CommentHit, i - 1);

      if (graphene_rect_contains_point (&hit->rect, &point))
        return hit->id;
    }

  return NULL;
}

const char *
limn_span_view_comment_marker_at (LimnSpanView *self,
                                  double        x,
                                  double        y)
{
  g_return_val_if_fail (LIMN_IS_SPAN_VIEW (self), NULL);

  return limn_span_view_comment_at (self, x, y);
}

gboolean
limn_span_view_comment_tooltip (LimnSpanView *self,
                                double        x,
                                double        y,
                                GtkTooltip   *tooltip)
{
  const char *id = limn_span_view_comment_at (self, x, y);

  if (id == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, g_hash_table_lookup (self->comments, id));
  return TRUE;
}

void
limn_span_view_update_has_tooltip (LimnSpanView *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self),
                              limn_span_index_get_size (self->overlay_spans) > 0 ||
                              g_hash_table_size (self->comments) > 0);
}

static void
popover_closed_cb (GtkPopover   *popover,
                   LimnSpanView *self)
{
  g_clear_pointer (&self->comment_open, g_free);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* A click on a marker opens its comment; FALSE if there is none there. */
gboolean
limn_span_view_open_comment_at (LimnSpanView *self,
                                double        x,
                                double        y)
{
  const char *id = limn_span_view_comment_at (self, x, y);
  GtkWidget *label;

  if (id == NULL)
    return FALSE;

  if (self->comment_popover == NULL)
    {
      label = gtk_label_new (NULL);
      self->comment_popover = gtk_popover_new ();
      gtk_widget_set_parent (self->comment_popover, GTK_WIDGET (self));
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
  label = gtk_popover_get_child (GTK_POPOVER (self->comment_popover));
  gtk_label_set_text (GTK_LABEL (label), g_hash_table_lookup (self->comments, id));
  gtk_popover_set_pointing_to (GTK_POPOVER (self->comment_popover),
                               &(GdkRectangle) { (int) x - 4, (int) y - 4, 8, 8 });
  gtk_popover_popup (GTK_POPOVER (self->comment_popover));
  gtk_widget_queue_draw (GTK_WIDGET (self));

  return TRUE;
}

void
limn_span_view_allocate_comments (LimnSpanView *self)
{
  if (self->comment_popover != NULL && gtk_widget_get_visible (self->comment_popover))
    gtk_popover_present (GTK_POPOVER (self->comment_popover));
}

void
limn_span_view_set_comment (LimnSpanView *self,
                            const char   *region_id,
                            const char   *text)
{
  g_return_if_fail (LIMN_IS_SPAN_VIEW (self));
  g_return_if_fail (region_id != NULL);

  /* The hits point at the table's keys: forget them until the next frame. */
  g_array_set_size (self->comment_hits, 0);
  if (text != NULL)
    g_hash_table_replace (self->comments, g_strdup (region_id), g_strdup (text));
  else
    {
      if (g_strcmp0 (self->comment_open, region_id) == 0)
        gtk_popover_popdown (GTK_POPOVER (self->comment_popover));
      g_hash_table_remove (self->comments, region_id);
    }

  limn_span_view_update_has_tooltip (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
limn_span_view_get_comment (LimnSpanView *self,
                            const char   *region_id)
{
  g_return_val_if_fail (LIMN_IS_SPAN_VIEW (self), NULL);

  return region_id ? g_hash_table_lookup (self->comments, region_id) : NULL;
}

void
limn_span_view_clear_comments (LimnSpanView *self)
{
  g_return_if_fail (LIMN_IS_SPAN_VIEW (self));

  if (self->comment_popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->comment_popover));
  g_array_set_size (self->comment_hits, 0);
  g_hash_table_remove_all (self->comments);
  limn_span_view_update_has_tooltip (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
limn_span_view_get_open_comment (LimnSpanView *self)
{
  g_return_val_if_fail (LIMN_IS_SPAN_VIEW (self), NULL);

  return self->comment_open;
}

void
limn_span_view_init_comments (LimnSpanView *self)
{
  self->comments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->comment_hits = g_array_new (FALSE, FALSE, sizeof (CommentHit));
}

void
limn_span_view_dispose_comments (LimnSpanView *self)
{
  g_clear_pointer (&self->comment_popover, gtk_widget_unparent);
  g_clear_pointer (&self->comment_open, g_free);
}

void
limn_span_view_finalize_comments (LimnSpanView *self)
{
  g_clear_pointer (&self->comment_hits, g_array_unref);
  g_clear_pointer (&self->comments, g_hash_table_unref);
}
