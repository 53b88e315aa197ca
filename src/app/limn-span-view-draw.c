/* limn-span-view-draw.c
 *
 * Drawing: only the blocks in the viewport, only the spans overlapping them
 * (found through the span index), text as cached render nodes. A span shows
 * as a translucent fill over its exact glyph ranges (bidi-aware), a bar in
 * its lane under each line (so overlapping spans stay apart) and a caption
 * chip with its label at its start.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "limn-span-view-private.h"
#include "charts/limn-chart-format.h"
#include "model/limn-contrast.h"

#define FILL_ALPHA            0.28
#define SUGGESTION_FILL_ALPHA 0.12
#define SELECTED_FILL_ALPHA   0.46
#define CHIP_MAX_WIDTH        160
#define CHIP_PAD_X            4

typedef struct
{
  GskRenderNode *node;
  int            width;
  int            height;
} LimnSpanChip;

typedef struct
{
  LimnSpanItem *item;
  guint         lane;
  int           bs;          /* byte indices in the block's layout */
  int           be;
  gboolean      starts_here;
  GdkRGBA       color;
} DrawSpan;

static void
chip_free (gpointer data)
{
  LimnSpanChip *chip = data;

  g_clear_pointer (&chip->node, gsk_render_node_unref);
  g_free (chip);
}

void
limn_span_view_drop_chips (LimnSpanView *self)
{
  if (self->chips != NULL)
    g_hash_table_remove_all (self->chips);
}

static GdkRGBA
shade (const GdkRGBA *c,
       double         factor,
       double         alpha)
{
  return (GdkRGBA) { c->red * factor, c->green * factor, c->blue * factor, alpha };
}

static LimnSpanChip *
render_chip (LimnSpanView  *self,
             const char    *text,
             const GdkRGBA *color,
             gboolean       suggestion)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  LimnSpanChip *chip = g_new0 (LimnSpanChip, 1);
  PangoRectangle logical;
  GskRoundedRect outline;
  GdkRGBA text_color;
  int height = MAX (8, self->metrics.caption_band - 3);

  pango_layout_set_font_description (layout, self->caption_font);
  pango_layout_set_width (layout, CHIP_MAX_WIDTH * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  pango_layout_get_pixel_extents (layout, NULL, &logical);

  chip->width = logical.width + 2 * CHIP_PAD_X;
  chip->height = height;
  gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (0, 0, chip->width, height), 3);

  if (suggestion)
    {
      GdkRGBA fill = *color;
      GdkRGBA border = *color;

      /* A suggestion is tentative: an outlined chip, the label in the text
       * colour so it reads on any label colour. */
      fill.alpha = 0.16;
      border.alpha = 0.9;
      gtk_snapshot_push_rounded_clip (snapshot, &outline);
      gtk_snapshot_append_color (snapshot, &fill, &outline.bounds);
      gtk_snapshot_pop (snapshot);
      gtk_snapshot_append_border (snapshot, &outline,
                                  (float[4]) { 1, 1, 1, 1 },
                                  (GdkRGBA[4]) { border, border, border, border });
      text_color = self->fg;
    }
  else
    {
      const double bg[3] = { color->red, color->green, color->blue };
      double text[3];

      gtk_snapshot_push_rounded_clip (snapshot, &outline);
      gtk_snapshot_append_color (snapshot, color, &outline.bounds);
      gtk_snapshot_pop (snapshot);
      /* Opaque black or white, whichever reaches 4.5:1 (WCAG 1.4.3). */
      limn_color_text_on (bg, text);
      text_color = (GdkRGBA) { text[0], text[1], text[2], 1 };
    }

  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (CHIP_PAD_X - logical.x,
                                                          (height - logical.height) / 2 - logical.y));
  gtk_snapshot_append_layout (snapshot, layout, &text_color);
  chip->node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));

  g_object_unref (layout);

  return chip;
}

static LimnSpanChip *
get_chip (LimnSpanView *self,
          LimnSpanItem *item)
{
  const LimnRegion *region = item->region;
  int percent = item->is_suggestion && region->score >= 0
                ? (int) round (CLAMP (region->score, 0, 1) * 100) : -1;
  g_autofree char *key = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  LimnSpanChip *chip;
  GdkRGBA color;

  if (self->chips == NULL)
    self->chips = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, chip_free);

  key = g_strdup_printf ("%s\x1f%d\x1f%d", region->label_id ? region->label_id : "",
                         item->is_suggestion, percent);
  chip = g_hash_table_lookup (self->chips, key);
  if (chip != NULL)
    return chip;

  name = limn_span_view_get_label_name (self, region->label_id);
  if (percent >= 0)
    /* Translators: a suggested span's caption: label name and model score */
    text = limn_format_localize_digits_name_take (
      g_strdup_printf (C_("span caption", "%s %d%%"), LIMN_FORMAT_NAME_MARK, percent), name);
  else
    text = g_steal_pointer (&name);

  limn_span_view_get_label_color (self, region->label_id, &color);
  chip = render_chip (self, text, &color, item->is_suggestion);
  g_hash_table_insert (self->chips, g_steal_pointer (&key), chip);

  return chip;
}

static LimnSpanChip *
get_overflow_chip (LimnSpanView *self,
                   guint         count)
{
  g_autofree char *key = g_strdup_printf ("+%u", count);
  g_autoptr(GtkSnapshot) snapshot = NULL;
  LimnSpanChip *chip;
  PangoLayout *layout;
  PangoRectangle logical;

  if (self->chips == NULL)
    self->chips = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, chip_free);

  chip = g_hash_table_lookup (self->chips, key);
  if (chip != NULL)
    return chip;

  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), key);
  pango_layout_set_font_description (layout, self->caption_font);
  pango_layout_get_pixel_extents (layout, NULL, &logical);

  snapshot = gtk_snapshot_new ();
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-logical.x, -logical.y));
  gtk_snapshot_append_layout (snapshot, layout, &self->dim_fg);

  chip = g_new0 (LimnSpanChip, 1);
  chip->node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  chip->width = logical.width;
  chip->height = logical.height;
  g_hash_table_insert (self->chips, g_strdup (key), chip);
  g_object_unref (layout);

  return chip;
}

typedef struct
{
  LimnSpanView  *self;
  guint          index;
  LimnTextBlock *block;
  GArray        *spans;
} Collect;

static gboolean
collect_cb (const LimnSpanEntry *entry,
            gpointer             user_data)
{
  Collect *c = user_data;
  LimnSpanItem *item = entry->data;
  gint64 s = MAX (item->start, c->block->cp_start);
  gint64 e = MIN (item->end, c->block->cp_end);
  DrawSpan ds;

  /* Only its newline lies in this block, or it lies wholly elsewhere. */
  if (s > e || (s == e && item->start != item->end))
    return TRUE;

  ds.item = item;
  ds.lane = entry->lane;
  ds.bs = limn_span_view_layout_cp_to_index (c->self->layout, c->index, s);
  ds.be = limn_span_view_layout_cp_to_index (c->self->layout, c->index, e);
  ds.starts_here = item->start >= c->block->cp_start;
  limn_span_view_get_label_color (c->self, item->region->label_id, &ds.color);
  g_array_append_val (c->spans, ds);

  return TRUE;
}

static void
add_hit (LimnSpanView *self,
         double        x,
         double        y,
         double        width,
         double        height,
         LimnSpanItem *item)
{
  LimnSpanHit hit = { GRAPHENE_RECT_INIT (x, y, width, height), item };

  g_array_append_val (self->hits, hit);
}

static void
append_dashes (GtkSnapshot   *snapshot,
               const GdkRGBA *color,
               double         x,
               double         y,
               double         width,
               double         height)
{
  for (double d = 0; d < width; d += 8)
    gtk_snapshot_append_color (snapshot, color,
                               &GRAPHENE_RECT_INIT (x + d, y, MIN (5, width - d), height));
}

/* Draws everything of block @index but the text, in layout coordinates;
 * @origin_y is the layout's top in widget coordinates (for culling and hit
 * rectangles). */
static void
draw_decorations (LimnSpanView  *self,
                  GtkSnapshot   *snapshot,
                  guint          index,
                  LimnTextBlock *block,
                  PangoLayout   *layout,
                  double         origin_y,
                  gint64         sel_start,
                  gint64         sel_end)
{
  const LimnSpanViewMetrics *m = &self->metrics;
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (DrawSpan));
  g_autoptr(GArray) overlays = g_array_new (FALSE, FALSE, sizeof (LimnSpanOverlayDraw));
  Collect collect = { self, index, block, spans };
  PangoLayoutIter *iter;
  int sel_bs = -1;
  int sel_be = -1;
  gboolean sel_newline = FALSE;
  gboolean last_block = index + 1 == limn_span_view_layout_get_n_blocks (self->layout);

  limn_span_index_query (self->spans, block->cp_start, block->cp_end, collect_cb, &collect);

  if (sel_start < sel_end && sel_start <= block->cp_end && sel_end >= block->cp_start)
    {
      sel_bs = limn_span_view_layout_cp_to_index (self->layout, index, MAX (sel_start, block->cp_start));
      sel_be = limn_span_view_layout_cp_to_index (self->layout, index, MIN (sel_end, block->cp_end));
      sel_newline = block->para_end && !last_block && sel_end > block->cp_end && sel_start <= block->cp_end;
    }

  limn_span_view_collect_overlays (self, index, block, overlays);

  if (spans->len == 0 && sel_bs < 0 && overlays->len == 0)
    return;

  iter = pango_layout_get_iter (layout);
  do
    {
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      gboolean last_line = pango_layout_iter_at_last_line (iter);
      int line_start = line->start_index;
      int line_end = line_start + line->length;
      PangoRectangle logical;
      double ly, lh;
      double occupied[16][2];
      guint n_occupied = 0;
      guint overflow = 0;
      int *ranges;
      int n_ranges;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      ly = pango_units_to_double (logical.y);
      lh = pango_units_to_double (logical.height);

      if (origin_y + ly + lh + m->lane_band < 0)
        continue;
      if (origin_y + ly - m->caption_band > self->alloc_height)
        break;

      /* Fills first, under the text. */
      for (guint i = 0; i < spans->len; i++)
        {
          DrawSpan *ds = &g_array_index (spans, DrawSpan, i);
          gboolean selected = g_strcmp0 (ds->item->region->id, self->selected_id) == 0;
          double alpha = selected ? SELECTED_FILL_ALPHA
                         : ds->item->is_suggestion ? SUGGESTION_FILL_ALPHA : FILL_ALPHA;
          GdkRGBA fill = ds->color;
          guint lane = MIN (ds->lane, SPAN_VIEW_MAX_LANES - 1);
          double bar_y = ly + lh + 2 + lane * (SPAN_VIEW_BAR_HEIGHT + SPAN_VIEW_BAR_GAP);

          if (ds->bs == ds->be)
            {
              /* An empty span: a thin mark where it stands. */
              PangoRectangle strong;

              if (ds->bs < line_start || (ds->bs >= line_end && !last_line))
                continue;
              pango_layout_get_cursor_pos (layout, ds->bs, &strong, NULL);
              gtk_snapshot_append_color (snapshot, &ds->color,
                                         &GRAPHENE_RECT_INIT (pango_units_to_double (strong.x) - 1, ly,
                                                              2, lh));
              continue;
            }

          if (ds->be <= line_start || ds->bs >= line_end)
            continue;

          if (ds->lane >= SPAN_VIEW_MAX_LANES)
            overflow++;

          fill.alpha = alpha;
          pango_layout_line_get_x_ranges (line, MAX (ds->bs, line_start), MIN (ds->be, line_end),
                                          &ranges, &n_ranges);
          for (int r = 0; r < n_ranges; r++)
            {
              double x0 = pango_units_to_double (ranges[2 * r]);
              double x1 = pango_units_to_double (ranges[2 * r + 1]);
              graphene_rect_t rect = GRAPHENE_RECT_INIT (x0, ly, x1 - x0, lh);

              if (x1 <= x0)
                continue;

              gtk_snapshot_append_color (snapshot, &fill, &rect);

              if (selected)
                {
                  GskRoundedRect outline;
                  GdkRGBA edge = shade (&ds->color, 0.7, 1.0);

                  gsk_rounded_rect_init_from_rect (&outline, &rect, 2);
                  gtk_snapshot_append_border (snapshot, &outline,
                                              (float[4]) { 1.5, 1.5, 1.5, 1.5 },
                                              (GdkRGBA[4]) { edge, edge, edge, edge });
                }

              if (ds->item->is_suggestion)
                append_dashes (snapshot, &ds->color, x0, bar_y, x1 - x0, SPAN_VIEW_BAR_HEIGHT);
              else
                gtk_snapshot_append_color (snapshot, &ds->color,
                                           &GRAPHENE_RECT_INIT (x0, bar_y, x1 - x0, SPAN_VIEW_BAR_HEIGHT));

              add_hit (self, self->column_x + x0, origin_y + bar_y - 1, x1 - x0,
                       SPAN_VIEW_BAR_HEIGHT + 2, ds->item);
            }
          g_free (ranges);
        }

      if (overlays->len > 0)
        limn_span_view_draw_overlay_line (self, snapshot, layout, line, overlays, ly, lh, origin_y);

      /* The text selection, in the theme's colour. */
      if (sel_bs >= 0 && sel_be > line_start && sel_bs < line_end)
        {
          pango_layout_line_get_x_ranges (line, MAX (sel_bs, line_start), MIN (sel_be, line_end),
                                          &ranges, &n_ranges);
          for (int r = 0; r < n_ranges; r++)
            {
              double x0 = pango_units_to_double (ranges[2 * r]);
              double x1 = pango_units_to_double (ranges[2 * r + 1]);

              if (x1 > x0)
                gtk_snapshot_append_color (snapshot, &self->selection,
                                           &GRAPHENE_RECT_INIT (x0, ly, x1 - x0, lh));
            }
          g_free (ranges);
        }

      /* A selected newline shows as a short block after the line's end. */
      if (sel_newline && last_line)
        {
          gboolean rtl = pango_layout_get_alignment (layout) == PANGO_ALIGN_RIGHT;
          double w = m->char_width / 2.0;
          double x = rtl ? pango_units_to_double (logical.x) - w
                         : pango_units_to_double (logical.x + logical.width);

          gtk_snapshot_append_color (snapshot, &self->selection, &GRAPHENE_RECT_INIT (x, ly, w, lh));
        }

      /* Captions at span starts, pushed apart when they would overlap. */
      for (guint i = 0; i < spans->len; i++)
        {
          DrawSpan *ds = &g_array_index (spans, DrawSpan, i);
          LimnSpanChip *chip;
          PangoRectangle strong;
          PangoRectangle pos;
          gboolean rtl;
          double x0, x1;
          double chip_y = ly - m->caption_band + 1;

          if (!ds->starts_here)
            continue;
          if (ds->bs < line_start || (ds->bs >= line_end && !(last_line && ds->bs == line_end)))
            continue;
          /* The start sits at a wrapped line's end: its text begins on the
           * next line, and so does its caption. */
          if (ds->bs == line_end && ds->be > ds->bs)
            continue;

          chip = get_chip (self, ds->item);
          pango_layout_get_cursor_pos (layout, ds->bs, &strong, NULL);
          pango_layout_index_to_pos (layout, ds->bs, &pos);
          rtl = pos.width < 0;

          if (!rtl)
            {
              x0 = pango_units_to_double (strong.x);
              for (guint k = 0; k < n_occupied; k++)
                if (x0 < occupied[k][1] && x0 + chip->width > occupied[k][0])
                  x0 = occupied[k][1] + 2;
              x1 = x0 + chip->width;
            }
          else
            {
              x1 = pango_units_to_double (strong.x);
              for (guint k = 0; k < n_occupied; k++)
                if (x1 - chip->width < occupied[k][1] && x1 > occupied[k][0])
                  x1 = occupied[k][0] - 2;
              x0 = x1 - chip->width;
            }

          if (n_occupied < G_N_ELEMENTS (occupied))
            {
              occupied[n_occupied][0] = x0;
              occupied[n_occupied][1] = x1;
              n_occupied++;
            }

          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (x0), chip_y));
          gtk_snapshot_append_node (snapshot, chip->node);
          gtk_snapshot_restore (snapshot);

          add_hit (self, self->column_x + round (x0), origin_y + chip_y, chip->width, chip->height,
                   ds->item);
        }

      /* More lanes than fit: say how many more at the line's end. */
      if (overflow > 0)
        {
          LimnSpanChip *chip = get_overflow_chip (self, overflow);
          gboolean rtl = pango_layout_get_alignment (layout) == PANGO_ALIGN_RIGHT;
          double x = rtl ? -chip->width - 4 : m->width + 4;

          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (x), ly + lh - 2));
          gtk_snapshot_append_node (snapshot, chip->node);
          gtk_snapshot_restore (snapshot);
        }
    }
  while (pango_layout_iter_next_line (iter));

  pango_layout_iter_free (iter);
}

static void
first_frame_painted_cb (GdkFrameClock *clock,
                        LimnSpanView  *self)
{
  g_clear_signal_handler (&self->first_frame_id, clock);
  g_clear_object (&self->first_frame_clock);
  g_signal_emit_by_name (self, "first-frame");
}

static void
draw_caret (LimnSpanView *self,
            GtkSnapshot  *snapshot,
            double        value)
{
  graphene_rect_t rect;

  /* No caret over a selection, nor while a span is selected: the hotkeys
   * then act on that, not on a position. */
  if (!gtk_widget_has_focus (GTK_WIDGET (self)) || self->cursor != self->anchor ||
      self->selected_id != NULL)
    return;

  if (!limn_span_view_cursor_rect (self, self->cursor, NULL, &rect))
    return;

  if (rect.origin.y - value > self->alloc_height || rect.origin.y + rect.size.height - value < 0)
    return;

  gtk_snapshot_append_color (snapshot, &self->caret,
                             &GRAPHENE_RECT_INIT (floor (rect.origin.x), rect.origin.y - value,
                                                  2, rect.size.height));
}

void
limn_span_view_snapshot_text (LimnSpanView *self,
                              GtkSnapshot  *snapshot)
{
  double value;
  guint n;
  gint64 sel_start = MIN (self->cursor, self->anchor);
  gint64 sel_end = MAX (self->cursor, self->anchor);

  if (self->layout == NULL || !self->configured || self->alloc_height <= 0)
    return;

  self->in_snapshot = TRUE;

  value = gtk_adjustment_get_value (self->vadjustment);
  n = limn_span_view_layout_get_n_blocks (self->layout);
  g_array_set_size (self->hits, 0);
  g_array_set_size (self->overlay_hits, 0);
  g_array_set_size (self->comment_hits, 0);
  self->hits_value = value;

  for (guint i = limn_span_view_layout_block_at_y (self->layout, (gint64) floor (value) - SPAN_VIEW_TOP_MARGIN);
       i < n; i++)
    {
      double top = limn_span_view_block_top (self, i) - value;
      LimnTextBlock *block;
      PangoLayout *layout;
      double origin_y;

      if (top >= self->alloc_height)
        break;

      layout = limn_span_view_measure (self, i);
      block = limn_span_view_layout_get_block (self->layout, i);
      origin_y = round (top) + limn_span_view_layout_get_text_top (self->layout, i);

      if (block->text_node == NULL)
        {
          g_autoptr(GtkSnapshot) text = gtk_snapshot_new ();

          gtk_snapshot_append_layout (text, layout, &self->fg);
          block->text_node = gtk_snapshot_free_to_node (g_steal_pointer (&text));
        }

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (self->column_x, origin_y));
      draw_decorations (self, snapshot, i, block, layout, origin_y, sel_start, sel_end);
      if (block->text_node != NULL)
        gtk_snapshot_append_node (snapshot, block->text_node);
      limn_span_view_draw_comments (self, snapshot, i, block, layout, origin_y);
      gtk_snapshot_restore (snapshot);
    }

  draw_caret (self, snapshot, value);

  self->in_snapshot = FALSE;

  if (!self->first_frame_done)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

      self->first_frame_done = TRUE;
      if (clock != NULL)
        {
          self->first_frame_clock = g_object_ref (clock);
          self->first_frame_id = g_signal_connect (clock, "after-paint",
                                                   G_CALLBACK (first_frame_painted_cb), self);
        }
    }
}
