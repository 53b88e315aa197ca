/* limn-span-view-overlays.c
 *
 * Review overlays in the text: each visible LimnOverlayLayer's spans as an
 * underline in its colour and line style, one row per layer below the
 * lane bars, with brackets at each span's first and last character, so a
 * reviewer reads who marked what, and where each span ends, line by line.
 * A span that another visible layer has no overlapping span for, or one
 * with another label, is emphasised (a thicker underline and a tint over
 * its text). A diff (LimnRegionDiff) gets the last row: added, removed,
 * moved (the old offsets dotted) and relabelled spans, each in its colour
 * with its mark at its start.
 *
 * Positions come from Pango (x ranges of glyphs, cursor positions for the
 * brackets), so right-to-left and mixed text, and CJK without spaces, are
 * underlined exactly where their characters are.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-span-view-private.h"

#define ROW_HEIGHT       5    /* one layer's row: the underline and its gap */
#define DIFF_ROW_HEIGHT  9
#define LINE             2
#define EMPHASIS_LINE    3

/* The diff's colours (Okabe and Ito), each with its own line and mark. */
static const GdkRGBA added_color = { 0.000, 0.620, 0.451, 1 };
static const GdkRGBA removed_color = { 0.835, 0.369, 0.000, 1 };
static const GdkRGBA moved_color = { 0.337, 0.706, 0.914, 1 };
static const GdkRGBA relabelled_color = { 0.902, 0.624, 0.000, 1 };
static const GdkRGBA unchanged_color = { 0.55, 0.55, 0.58, 0.7 };

typedef struct
{
  LimnRegion          *region;
  LimnRegion          *before;      /* the diff's A side of a moved pair */
  guint                layer;       /* into overlay_layers; G_MAXUINT for the diff */
  guint                row;
  guint                emphasised : 1;
  LimnRegionDiffFlags  diff;
  gint64               start;       /* clamped to the text */
  gint64               end;
} OverlaySpan;

typedef struct
{
  graphene_rect_t  rect;   /* widget coordinates at the time of drawing */
  OverlaySpan     *span;
} OverlayHit;

static void
overlay_span_free (gpointer data)
{
  OverlaySpan *span = data;

  limn_region_unref (span->region);
  g_clear_pointer (&span->before, limn_region_unref);
  g_free (span);
}

static LimnOverlayLayer *
layer_at (LimnSpanView *self,
          guint         index)
{
  return index < self->overlay_layers->len ? g_ptr_array_index (self->overlay_layers, index) : NULL;
}

/* Extra height below each line for the overlay rows. */
int
limn_span_view_overlay_band (LimnSpanView *self)
{
  return (int) self->overlay_rows * ROW_HEIGHT + (self->diff != NULL ? DIFF_ROW_HEIGHT : 0);
}

static void
add_span (LimnSpanView        *self,
          const LimnRegion    *region,
          const LimnRegion    *before,
          guint                layer,
          guint                row,
          LimnRegionDiffFlags  diff,
          gint64               n_chars)
{
  OverlaySpan *span;

  if (region == NULL || region->kind != LIMN_REGION_SPAN)
    return;

  span = g_new0 (OverlaySpan, 1);
  span->region = limn_region_ref ((LimnRegion *) region);
  span->before = before ? limn_region_ref ((LimnRegion *) before) : NULL;
  span->layer = layer;
  span->row = row;
  span->diff = diff;
  span->start = CLAMP (region->start, 0, n_chars);
  span->end = CLAMP (region->end, span->start, n_chars);
  if (before != NULL)
    {
      span->start = MIN (span->start, CLAMP (before->start, 0, n_chars));
      span->end = MAX (span->end, CLAMP (before->end, span->start, n_chars));
    }
  limn_span_index_add (self->overlay_spans, span->start, span->end, span);
}

typedef struct
{
  GPtrArray *spans;
} Gather;

static gboolean
gather_cb (const LimnSpanEntry *entry,
           gpointer             user_data)
{
  g_ptr_array_add (((Gather *) user_data)->spans, entry->data);
  return TRUE;
}

/* Marks the spans of each visible layer that another visible layer has no
 * overlapping span for, or one with another label (limn-region-diff.h). */
static void
mark_disagreements (LimnSpanView *self,
                    GPtrArray    *by_layer)
{
  LimnRegionDiffOptions options;

  limn_region_diff_options_init (&options);
  options.match_ids = FALSE;

  for (guint i = 0; i < by_layer->len; i++)
    for (guint j = i + 1; j < by_layer->len; j++)
      {
        GPtrArray *si = g_ptr_array_index (by_layer, i), *sj = g_ptr_array_index (by_layer, j);
        g_autoptr(GPtrArray) a = g_ptr_array_new ();
        g_autoptr(GPtrArray) b = g_ptr_array_new ();
        g_autoptr(LimnRegionDiff) diff = NULL;

        for (guint k = 0; k < si->len; k++)
          g_ptr_array_add (a, ((OverlaySpan *) g_ptr_array_index (si, k))->region);
        for (guint k = 0; k < sj->len; k++)
          g_ptr_array_add (b, ((OverlaySpan *) g_ptr_array_index (sj, k))->region);
        diff = limn_region_diff_new (a, b, &options, NULL);

        for (guint n = 0; diff != NULL && n < limn_region_diff_get_n_changes (diff); n++)
          {
            const LimnRegionChange *c = limn_region_diff_get_change (diff, n);

            if ((c->flags & (LIMN_REGION_DIFF_ADDED | LIMN_REGION_DIFF_REMOVED |
                             LIMN_REGION_DIFF_RELABELLED)) == 0)
              continue;
            if (c->a != NULL)
              ((OverlaySpan *) g_ptr_array_index (si, c->index_a))->emphasised = TRUE;
            if (c->b != NULL)
              ((OverlaySpan *) g_ptr_array_index (sj, c->index_b))->emphasised = TRUE;
          }
      }
}

void
limn_span_view_rebuild_overlays (LimnSpanView *self)
{
  gint64 n_chars = self->text ? limn_text_index_get_n_chars (self->text) : 0;
  g_autoptr(GPtrArray) by_layer = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  int old_band = limn_span_view_overlay_band (self);
  guint row = 0;

  limn_span_index_clear (self->overlay_spans);
  g_array_set_size (self->overlay_hits, 0);

  for (guint i = 0; self->text != NULL && i < self->overlay_layers->len; i++)
    {
      LimnOverlayLayer *layer = g_ptr_array_index (self->overlay_layers, i);
      GPtrArray *regions = limn_overlay_layer_get_regions (layer);
      if (!limn_overlay_layer_get_visible (layer))
        continue;
      for (guint k = 0; k < regions->len; k++)
        add_span (self, g_ptr_array_index (regions, k), NULL, i, row, 0, n_chars);
      row++;
      g_ptr_array_add (by_layer, g_ptr_array_new ());
    }
  self->overlay_rows = row;

  for (guint n = 0; self->text != NULL && self->diff != NULL && n < limn_region_diff_get_n_changes (self->diff); n++)
    {
      const LimnRegionChange *c = limn_region_diff_get_change (self->diff, n);

      add_span (self, c->b ? c->b : c->a, c->b && c->flags != LIMN_REGION_DIFF_UNCHANGED ? c->a : NULL,
                G_MAXUINT, row, c->flags, n_chars);
    }

  limn_span_index_build (self->overlay_spans);

  /* Each layer's spans in its order, for the disagreement diff. */
  if (self->highlight_disagreements && by_layer->len > 1)
    {
      Gather gather = { g_ptr_array_new () };
      g_autoptr(GPtrArray) all = gather.spans;
      guint l = 0;

      limn_span_index_query (self->overlay_spans, G_MININT64 / 2, G_MAXINT64 / 2, gather_cb, &gather);
      for (guint i = 0; i < self->overlay_layers->len; i++)
        {
          if (!limn_overlay_layer_get_visible (g_ptr_array_index (self->overlay_layers, i)))
            continue;
          for (guint k = 0; k < all->len; k++)
            {
              OverlaySpan *span = g_ptr_array_index (all, k);

              if (span->layer == i)
                g_ptr_array_add (g_ptr_array_index (by_layer, l), span);
            }
          l++;
        }
      mark_disagreements (self, by_layer);
    }

  limn_span_view_update_has_tooltip (self);

  /* The rows change the lines' height: lay the text out again. */
  if (limn_span_view_overlay_band (self) != old_band)
    {
      self->metrics_valid = FALSE;
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------------ */
/* Drawing                                                                  */

typedef struct
{
  LimnSpanView  *self;
  guint          index;
  LimnTextBlock *block;
  GArray        *out;
} Collect;

/* @start–@end clipped to the block, as byte indices of its layout; FALSE
 * when nothing of it is in the block. */
static gboolean
clip_to_block (Collect *c,
               gint64   start,
               gint64   end,
               int     *bs,
               int     *be)
{
  gint64 s = MAX (start, c->block->cp_start);
  gint64 e = MIN (end, c->block->cp_end);

  if (s >= e)
    return FALSE;

  *bs = limn_span_view_layout_cp_to_index (c->self->layout, c->index, s);
  *be = limn_span_view_layout_cp_to_index (c->self->layout, c->index, e);
  return TRUE;
}

static gboolean
collect_cb (const LimnSpanEntry *entry,
            gpointer             user_data)
{
  Collect *c = user_data;
  OverlaySpan *span = entry->data;
  LimnSpanOverlayDraw d = { span, -1, -1, -1, -1, 0, 0 };
  gboolean here = clip_to_block (c, span->region->start, span->region->end, &d.bs, &d.be);

  if (span->before != NULL && (span->diff & LIMN_REGION_DIFF_MOVED))
    here |= clip_to_block (c, span->before->start, span->before->end, &d.obs, &d.obe);
  if (!here)
    return TRUE;

  d.starts_here = span->region->start >= c->block->cp_start && span->region->start < c->block->cp_end;
  d.ends_here = span->region->end > c->block->cp_start && span->region->end <= c->block->cp_end;
  g_array_append_val (c->out, d);

  return TRUE;
}

/* The overlay spans in block @index, with their byte ranges in its layout. */
void
limn_span_view_collect_overlays (LimnSpanView  *self,
                                 guint          index,
                                 LimnTextBlock *block,
                                 GArray        *out)
{
  Collect collect = { self, index, block, out };

  g_array_set_size (out, 0);
  if (limn_span_index_get_size (self->overlay_spans) > 0)
    limn_span_index_query (self->overlay_spans, block->cp_start, block->cp_end, collect_cb, &collect);
}

static void
append_styled_bar (GtkSnapshot          *snapshot,
                   const GdkRGBA        *color,
                   LimnOverlayLineStyle  style,
                   double                x,
                   double                y,
                   double                width,
                   double                thickness)
{
  switch (style)
    {
    case LIMN_OVERLAY_LINE_DASHED:
      for (double d = 0; d < width; d += 9)
        gtk_snapshot_append_color (snapshot, color,
                                   &GRAPHENE_RECT_INIT (x + d, y, MIN (6, width - d), thickness));
      break;
    case LIMN_OVERLAY_LINE_DOTTED:
      for (double d = 0; d < width; d += 2 * thickness + 1)
        gtk_snapshot_append_color (snapshot, color,
                                   &GRAPHENE_RECT_INIT (x + d, y, MIN (thickness, width - d), thickness));
      break;
    case LIMN_OVERLAY_LINE_DOUBLE:
      gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, y - 1, width, 1));
      gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, y + thickness, width, 1));
      break;
    case LIMN_OVERLAY_LINE_SOLID:
    default:
      gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, y, width, thickness));
      break;
    }
}

static const GdkRGBA *
diff_color (LimnRegionDiffFlags flags)
{
  if (flags & LIMN_REGION_DIFF_ADDED)
    return &added_color;
  if (flags & LIMN_REGION_DIFF_REMOVED)
    return &removed_color;
  if (flags & LIMN_REGION_DIFF_RELABELLED)
    return &relabelled_color;
  if (flags & LIMN_REGION_DIFF_MOVED)
    return &moved_color;
  return &unchanged_color;
}

/* The diff's mark at a span's start: a small square with "+", "−", a
 * double arrow or a tag, drawn with rectangles. */
static void
append_mark (GtkSnapshot         *snapshot,
             LimnRegionDiffFlags  flags,
             const GdkRGBA       *color,
             double               x,
             double               y)
{
  static const GdkRGBA ink = { 0.05, 0.05, 0.06, 1 };

  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, y, 7, 7));
  if (flags & (LIMN_REGION_DIFF_ADDED | LIMN_REGION_DIFF_REMOVED))
    gtk_snapshot_append_color (snapshot, &ink, &GRAPHENE_RECT_INIT (x + 1, y + 3, 5, 1));
  if (flags & LIMN_REGION_DIFF_ADDED)
    gtk_snapshot_append_color (snapshot, &ink, &GRAPHENE_RECT_INIT (x + 3, y + 1, 1, 5));
  else if (flags & LIMN_REGION_DIFF_RELABELLED)
    gtk_snapshot_append_color (snapshot, &ink, &GRAPHENE_RECT_INIT (x + 2, y + 2, 3, 3));
  else if (flags & LIMN_REGION_DIFF_MOVED)
    {
      gtk_snapshot_append_color (snapshot, &ink, &GRAPHENE_RECT_INIT (x + 1, y + 3, 5, 1));
      gtk_snapshot_append_color (snapshot, &ink, &GRAPHENE_RECT_INIT (x + 1, y + 2, 1, 3));
      gtk_snapshot_append_color (snapshot, &ink, &GRAPHENE_RECT_INIT (x + 5, y + 2, 1, 3));
    }
}

/* x of the cursor position before byte @bs (the span's start) or after its
 * last character (@be), in layout coordinates. */
static double
edge_x (PangoLayout *layout,
        int          index)
{
  PangoRectangle strong;

  pango_layout_get_cursor_pos (layout, index, &strong, NULL);
  return pango_units_to_double (strong.x);
}

static void
add_hit (LimnSpanView *self,
         double        x,
         double        y,
         double        width,
         double        height,
         OverlaySpan  *span)
{
  OverlayHit hit = { GRAPHENE_RECT_INIT (x, y, width, height), span };

  g_array_append_val (self->overlay_hits, hit);
}

/* Draws the overlay rows of one line: @overlays from
 * limn_span_view_collect_overlays(); @ly and @lh the line's logical top and
 * height, @origin_y the layout's top in widget coordinates. */
void
limn_span_view_draw_overlay_line (LimnSpanView    *self,
                                  GtkSnapshot     *snapshot,
                                  PangoLayout     *layout,
                                  PangoLayoutLine *line,
                                  GArray          *overlays,
                                  double           ly,
                                  double           lh,
                                  double           origin_y)
{
  int line_start = line->start_index;
  int line_end = line_start + line->length;
  double rows_y = ly + lh + 3 + SPAN_VIEW_MAX_LANES * (SPAN_VIEW_BAR_HEIGHT + SPAN_VIEW_BAR_GAP);

  for (guint i = 0; i < overlays->len; i++)
    {
      LimnSpanOverlayDraw *d = &g_array_index (overlays, LimnSpanOverlayDraw, i);
      OverlaySpan *span = d->span;
      LimnOverlayLayer *layer = layer_at (self, span->layer);
      double y = rows_y + span->row * ROW_HEIGHT;
      double thickness = span->emphasised ? EMPHASIS_LINE : LINE;
      LimnOverlayLineStyle style;
      GdkRGBA color;
      int *ranges;
      int n_ranges;
      int bs, be;

      if ((d->be <= line_start || d->bs >= line_end) && (d->obe <= line_start || d->obs >= line_end))
        continue;

      if (layer != NULL)
        {
          limn_overlay_layer_get_color (layer, &color);
          style = limn_overlay_layer_get_line_style (layer);
        }
      else
        {
          color = *diff_color (span->diff);
          style = span->diff & LIMN_REGION_DIFF_REMOVED ? LIMN_OVERLAY_LINE_DASHED : LIMN_OVERLAY_LINE_SOLID;
          thickness = 3;
          y += 2;
        }

      /* A moved span's old offsets, dotted, above its new ones. */
      if (d->obs >= 0 && d->obe > line_start && d->obs < line_end)
        {
          pango_layout_line_get_x_ranges (line, MAX (d->obs, line_start), MIN (d->obe, line_end),
                                          &ranges, &n_ranges);
          for (int r = 0; r < n_ranges; r++)
            {
              double x0 = pango_units_to_double (ranges[2 * r]);
              double x1 = pango_units_to_double (ranges[2 * r + 1]);

              if (x1 > x0)
                append_styled_bar (snapshot, &color, LIMN_OVERLAY_LINE_DOTTED, x0, y - 3, x1 - x0, 1);
            }
          g_free (ranges);
        }
      if (d->bs < 0 || d->be <= line_start || d->bs >= line_end)
        continue;

      bs = MAX (d->bs, line_start);
      be = MIN (d->be, line_end);
      pango_layout_line_get_x_ranges (line, bs, be, &ranges, &n_ranges);
      for (int r = 0; r < n_ranges; r++)
        {
          double x0 = pango_units_to_double (ranges[2 * r]);
          double x1 = pango_units_to_double (ranges[2 * r + 1]);

          if (x1 <= x0)
            continue;
          if (span->emphasised)
            {
              GdkRGBA tint = color;

              tint.alpha = 0.16;
              gtk_snapshot_append_color (snapshot, &tint, &GRAPHENE_RECT_INIT (x0, ly, x1 - x0, lh));
            }
          append_styled_bar (snapshot, &color, style, x0, y, x1 - x0, thickness);
          add_hit (self, self->column_x + x0, origin_y + y - 2, x1 - x0, thickness + 4, span);
        }
      g_free (ranges);

      /* Brackets where the span starts and ends, whichever side that is. */
      if (d->starts_here && d->bs >= line_start)
        {
          double x = edge_x (layout, d->bs);

          gtk_snapshot_append_color (snapshot, &color, &GRAPHENE_RECT_INIT (x - 0.5, y - 4, 1.5, 4 + thickness));
          if (layer == NULL && span->diff != LIMN_REGION_DIFF_UNCHANGED)
            {
              PangoRectangle pos;
              gboolean rtl;

              pango_layout_index_to_pos (layout, d->bs, &pos);
              rtl = pos.width < 0;
              append_mark (snapshot, span->diff, &color, rtl ? x - 8 : x + 1, y - 7);
            }
        }
      if (d->ends_here && d->be <= line_end)
        {
          double x = edge_x (layout, d->be);

          gtk_snapshot_append_color (snapshot, &color, &GRAPHENE_RECT_INIT (x - 1, y - 4, 1.5, 4 + thickness));
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Pointing                                                                 */

static OverlaySpan *
span_at (LimnSpanView *self,
         double        x,
         double        y)
{
  double shift = gtk_adjustment_get_value (self->vadjustment) - self->hits_value;
  graphene_point_t point = GRAPHENE_POINT_INIT (x, y + shift);

  for (guint i = self->overlay_hits->len; i > 0; i--)
    {
      OverlayHit *hit = &g_array_index (self->overlay_hits, OverlayHit, i - 1);

      if (graphene_rect_contains_point (&hit->rect, &point))
        return hit->span;
    }

  return NULL;
}

gboolean
limn_span_view_overlay_at (LimnSpanView      *self,
                           double             x,
                           double             y,
                           LimnOverlayLayer **layer,
                           const char       **region_id)
{
  OverlaySpan *span;

  g_return_val_if_fail (LIMN_IS_SPAN_VIEW (self), FALSE);

  span = span_at (self, x, y);
  if (span == NULL)
    return FALSE;

  if (layer != NULL)
    *layer = layer_at (self, span->layer);
  if (region_id != NULL)
    *region_id = span->region->id;

  return TRUE;
}

/* A click on an overlay's underline: ::region-activated. */
gboolean
limn_span_view_activate_overlay_at (LimnSpanView *self,
                                    double        x,
                                    double        y)
{
  OverlaySpan *span = span_at (self, x, y);

  if (span == NULL)
    return FALSE;

  g_signal_emit_by_name (self, "region-activated", layer_at (self, span->layer), span->region->id);
  return TRUE;
}

gboolean
limn_span_view_query_tooltip (GtkWidget  *widget,
                              int         x,
                              int         y,
                              gboolean    keyboard,
                              GtkTooltip *tooltip)
{
  LimnSpanView *self = LIMN_SPAN_VIEW (widget);
  OverlaySpan *span = keyboard ? NULL : span_at (self, x, y);
  LimnOverlayLayer *layer;
  g_autofree char *label = NULL;
  g_autofree char *text = NULL;

  if (!keyboard && limn_span_view_comment_tooltip (self, x, y, tooltip))
    return TRUE;
  if (span == NULL)
    return FALSE;

  layer = layer_at (self, span->layer);
  label = limn_span_view_get_label_name (self, span->region->label_id);
  if (layer != NULL)
    {
      double confidence = span->region->confidence >= 0 ? span->region->confidence
                                                        : limn_overlay_layer_get_confidence (layer);

      if (confidence >= 0)
        text = g_strdup_printf (_("%s · %s · confidence %.1f"), limn_overlay_layer_get_name (layer),
                                label, confidence);
      else
        text = g_strdup_printf (_("%s · %s"), limn_overlay_layer_get_name (layer), label);
    }
  else if (span->diff & LIMN_REGION_DIFF_ADDED)
    text = g_strdup_printf (_("Added: %s"), label);
  else if (span->diff & LIMN_REGION_DIFF_REMOVED)
    text = g_strdup_printf (_("Removed: %s"), label);
  else if (span->diff & LIMN_REGION_DIFF_RELABELLED && span->before != NULL)
    {
      g_autofree char *old = limn_span_view_get_label_name (self, span->before->label_id);

      text = g_strdup_printf (_("Relabelled: %s → %s"), old, label);
    }
  else if (span->diff & LIMN_REGION_DIFF_MOVED)
    text = g_strdup_printf (_("Moved or resized: %s"), label);
  else
    text = g_strdup_printf (_("Unchanged: %s"), label);

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The layers                                                               */

static void
layer_notify_cb (LimnOverlayLayer *layer,
                 GParamSpec       *pspec,
                 LimnSpanView     *self)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "confidence") || g_str_equal (name, "active-ms") || g_str_equal (name, "note"))
    return;

  limn_span_view_rebuild_overlays (self);
}

static void
disconnect_layers (LimnSpanView *self)
{
  for (guint i = 0; i < self->overlay_layers->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->overlay_layers, i),
                                          layer_notify_cb, self);
  g_ptr_array_set_size (self->overlay_layers, 0);
}

static void
overlays_changed_cb (GListModel   *model,
                     guint         position,
                     guint         removed,
                     guint         added,
                     LimnSpanView *self)
{
  guint n = g_list_model_get_n_items (model);

  disconnect_layers (self);
  for (guint i = 0; i < n; i++)
    {
      LimnOverlayLayer *layer = g_list_model_get_item (model, i);

      g_ptr_array_add (self->overlay_layers, layer);
      g_signal_connect (layer, "notify", G_CALLBACK (layer_notify_cb), self);
    }

  limn_span_view_rebuild_overlays (self);
}

void
limn_span_view_set_overlays (LimnSpanView *self,
                             GListModel   *layers)
{
  g_return_if_fail (LIMN_IS_SPAN_VIEW (self));
  g_return_if_fail (layers == NULL || G_IS_LIST_MODEL (layers));
  g_return_if_fail (layers == NULL || g_list_model_get_item_type (layers) == LIMN_TYPE_OVERLAY_LAYER);

  if (self->overlays == layers)
    return;

  if (self->overlays != NULL)
    g_signal_handlers_disconnect_by_func (self->overlays, overlays_changed_cb, self);
  disconnect_layers (self);
  g_set_object (&self->overlays, layers);

  if (layers != NULL)
    {
      g_signal_connect (layers, "items-changed", G_CALLBACK (overlays_changed_cb), self);
      overlays_changed_cb (layers, 0, 0, g_list_model_get_n_items (layers), self);
    }
  else
    limn_span_view_rebuild_overlays (self);
}

void
limn_span_view_set_diff (LimnSpanView   *self,
                         LimnRegionDiff *diff)
{
  g_return_if_fail (LIMN_IS_SPAN_VIEW (self));

  if (self->diff == diff)
    return;

  g_clear_pointer (&self->diff, limn_region_diff_unref);
  self->diff = diff ? limn_region_diff_ref (diff) : NULL;
  limn_span_view_rebuild_overlays (self);
}

void
limn_span_view_set_highlight_disagreements (LimnSpanView *self,
                                            gboolean      highlight)
{
  g_return_if_fail (LIMN_IS_SPAN_VIEW (self));

  if (self->highlight_disagreements != !!highlight)
    {
      self->highlight_disagreements = !!highlight;
      limn_span_view_rebuild_overlays (self);
    }
}

gboolean
limn_span_view_is_disagreement (LimnSpanView     *self,
                                LimnOverlayLayer *layer,
                                const char       *region_id)
{
  Gather gather = { g_ptr_array_new () };
  g_autoptr(GPtrArray) all = gather.spans;

  g_return_val_if_fail (LIMN_IS_SPAN_VIEW (self), FALSE);

  limn_span_index_query (self->overlay_spans, G_MININT64 / 2, G_MAXINT64 / 2, gather_cb, &gather);
  for (guint k = 0; k < all->len; k++)
    {
      OverlaySpan *span = g_ptr_array_index (all, k);

      if (layer_at (self, span->layer) == layer && g_strcmp0 (span->region->id, region_id) == 0)
        return span->emphasised;
    }

  return FALSE;
}

void
limn_span_view_init_overlays (LimnSpanView *self)
{
  self->overlay_layers = g_ptr_array_new_with_free_func (g_object_unref);
  self->overlay_spans = limn_span_index_new (overlay_span_free);
  self->overlay_hits = g_array_new (FALSE, FALSE, sizeof (OverlayHit));
  self->highlight_disagreements = TRUE;
}

void
limn_span_view_dispose_overlays (LimnSpanView *self)
{
  if (self->overlays != NULL)
    g_signal_handlers_disconnect_by_func (self->overlays, overlays_changed_cb, self);
  g_clear_object (&self->overlays);
  if (self->overlay_layers != NULL)
    disconnect_layers (self);
  g_clear_pointer (&self->diff, limn_region_diff_unref);
  if (self->overlay_spans != NULL)
    limn_span_index_clear (self->overlay_spans);
}

void
limn_span_view_finalize_overlays (LimnSpanView *self)
{
  g_clear_pointer (&self->overlay_layers, g_ptr_array_unref);
  g_clear_pointer (&self->overlay_spans, limn_span_index_free);
  g_clear_pointer (&self->overlay_hits, g_array_unref);
}
