/* limn-image-canvas-paint.c
 *
 * What the canvas draws: the picture inside a tile (background, the image
 * at the mip level the zoom calls for, its border, every box with its
 * chip, placed so chips never cover each other), and each frame's snapshot:
 * the tiles, then over them the hovered and selected boxes with handles,
 * the box being drawn, the crosshair, or the error when there is no image.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include "limn-focus-ring.h"
#include "charts/limn-chart-format.h"
#include "limn-image-canvas-private.h"
#include "model/limn-contrast.h"

#include <glib/gi18n.h>
#include <math.h>

#define CHIP_MIN_BOX         16.0  /* smaller on screen: the chip never goes inside */
#define CHIP_PAD_X           6.0
#define CHIP_CELL            64.0  /* buckets for placing chips without overlaps */
#define NEAREST_FROM_ZOOM    2.0   /* device px per image px */

static const GdkRGBA image_border_color = { 1.0, 1.0, 1.0, 0.10 };

static void
array_unref_nullable (gpointer data)
{
  if (data != NULL)
    g_array_unref (data);
}

PangoLayout *
limn_image_canvas_chip_layout (LimnImageCanvas *self,
                               const char      *text)
{
  PangoLayout *layout = g_hash_table_lookup (self->chip_layouts, text);

  if (layout == NULL)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_SEMIBOLD));
      pango_attr_list_insert (attrs, pango_attr_size_new (9 * PANGO_SCALE));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
      pango_layout_set_single_paragraph_mode (layout, TRUE);
      g_hash_table_insert (self->chip_layouts, g_strdup (text), layout);
    }

  return layout;
}

static char *
chip_text (const CanvasItem *item)
{
  const LimnRegion *region = item->region;
  const char *name = item->label_name ? item->label_name : _("Unlabeled");

  if (item->suggestion)
    {
      if (region->score != LIMN_SCORE_UNSET)
        /* Translators: a model's suggestion: label name and its score */
        return limn_format_localize_digits_name_take (
          g_strdup_printf (_("%s %.0f%%"), LIMN_FORMAT_NAME_MARK, region->score * 100), name);
      return g_strdup (name);
    }

  if (region->confidence != LIMN_CONFIDENCE_UNSET)
    {
      g_autofree char *confidence = limn_format_decimal (region->confidence, 1);

      return g_strdup_printf ("%s · %s", name, confidence);
    }

  return g_strdup (name);
}

/* Sorts the boxes in draw order and gives each its chip's text, once per
 * change of the items. */
void
limn_image_canvas_ensure_order (LimnImageCanvas *self)
{
  if (self->order_serial == self->items_serial)
    return;

  self->order_serial = self->items_serial;
  g_array_set_size (self->order, 0);
  g_array_set_size (self->colors, 0);
  self->max_chip_width = 0;

  for (guint i = 0; i < self->items->len; i++)
    g_array_append_val (self->order, i);
  g_array_sort_with_data (self->order, limn_image_canvas_compare_draw_order, self);

  for (guint i = 0; i < self->order->len; i++)
    {
      CanvasItem *item = g_ptr_array_index (self->items, g_array_index (self->order, guint, i));
      g_autofree char *text = chip_text (item);
      PangoRectangle logical;
      gboolean known = item->suggestion;

      for (guint c = 0; c < self->colors->len && !known; c++)
        known = gdk_rgba_equal (&g_array_index (self->colors, GdkRGBA, c), &item->color);
      if (!known)
        g_array_append_val (self->colors, item->color);

      item->chip = limn_image_canvas_chip_layout (self, text);
      pango_layout_get_pixel_extents (item->chip, NULL, &logical);
      item->chip_width = logical.width + 2 * CHIP_PAD_X + (item->suggestion ? 14 : 0);
      self->max_chip_width = MAX (self->max_chip_width, item->chip_width);
    }
}

/* Chip text: black or white, whichever reaches 4.5:1 on the chip's colour
 * (WCAG 1.4.3). */
static gboolean
color_is_light (const GdkRGBA *c)
{
  const double bg[3] = { c->red, c->green, c->blue };
  double text[3];

  limn_color_text_on (bg, text);
  return text[0] < 0.5;
}

/* Where a box's chip goes: above its top-left corner; when the box
 * touches the image's top (y = 0 in zoomed coordinates), inside a box big
 * enough to hold it, else just below a small one, so it never hides it. */
static graphene_rect_t
chip_rect (LimnImageCanvas       *self,
           double                 zoom,
           const CanvasItem      *item,
           const graphene_rect_t *r)
{
  double cw = item->chip_width;
  double cy = r->origin.y - CHIP_HEIGHT - 1;
  double cx;

  if (cy < 0)
    cy = r->size.width >= CHIP_MIN_BOX && r->size.height >= CHIP_MIN_BOX
         ? r->origin.y + 2 : r->origin.y + r->size.height + 1;
  /* Slide left rather than hang off the image's right edge. */
  cx = MAX (MIN (r->origin.x - 1, self->image_width * zoom - cw), r->origin.x - 1 - MAX (cw - r->size.width, 0));

  return GRAPHENE_RECT_INIT (cx, cy, cw, CHIP_HEIGHT);
}

/* The box's rectangle in zoomed image coordinates, on the device grid. */
graphene_rect_t
limn_image_canvas_zoomed_rect (double         zoom,
                               double         sf,
                               const LimnBox *box)
{
  double x1 = limn_image_canvas_snap_px (box->x * zoom, sf);
  double y1 = limn_image_canvas_snap_px (box->y * zoom, sf);
  double x2 = MAX (limn_image_canvas_snap_px ((box->x + box->w) * zoom, sf), x1 + 1 / sf);
  double y2 = MAX (limn_image_canvas_snap_px ((box->y + box->h) * zoom, sf), y1 + 1 / sf);

  return GRAPHENE_RECT_INIT (x1, y1, x2 - x1, y2 - y1);
}

static graphene_rect_t
zoomed_rect (LimnImageCanvas *self,
             const LimnBox   *box)
{
  return limn_image_canvas_zoomed_rect (self->zoom, gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                                        box);
}

/* Lays out the chips of every box at the layer's zoom, larger boxes first:
 * a chip that would cover one already placed is left out (hovering or
 * selecting its box shows it), so dense scenes stay readable. Placing them
 * all at once keeps every tile of the layer in agreement. Also measures
 * what the layer draws. */
void
limn_image_canvas_place_chips (LimnImageCanvas *self,
                               CanvasLayer     *layer)
{
  g_autoptr(GHashTable) cells = g_hash_table_new_full (NULL, NULL, NULL, array_unref_nullable);
  graphene_rect_t image = GRAPHENE_RECT_INIT (0, 0, self->image_width * layer->zoom,
                                              self->image_height * layer->zoom);

  layer->chips = g_array_sized_new (FALSE, TRUE, sizeof (graphene_rect_t), self->items->len);
  g_array_set_size (layer->chips, self->items->len);
  /* The border and strokes reach past the image's edge. */
  graphene_rect_inset_r (&image, -4, -4, &layer->extent);

  for (guint i = 0; i < self->order->len; i++)
    {
      guint index = g_array_index (self->order, guint, i);
      const CanvasItem *item = g_ptr_array_index (self->items, index);
      graphene_rect_t r = limn_image_canvas_zoomed_rect (layer->zoom, layer->scale,
                                                         &item->region->box);
      graphene_rect_t reach, chip;
      gboolean free_spot = TRUE;
      int c1, r1, c2, r2;

      graphene_rect_inset_r (&r, -4, -4, &reach);
      graphene_rect_union (&layer->extent, &reach, &layer->extent);

      chip = chip_rect (self, layer->zoom, item, &r);
      c1 = (int)floor (chip.origin.x / CHIP_CELL);
      r1 = (int)floor (chip.origin.y / CHIP_CELL);
      c2 = (int)floor ((chip.origin.x + chip.size.width) / CHIP_CELL);
      r2 = (int)floor ((chip.origin.y + chip.size.height) / CHIP_CELL);

      for (int y = r1; y <= r2 && free_spot; y++)
        for (int x = c1; x <= c2 && free_spot; x++)
          {
            GArray *placed = g_hash_table_lookup (cells, limn_image_canvas_cell_key (x, y));

            for (guint k = 0; placed != NULL && k < placed->len && free_spot; k++)
              free_spot = !graphene_rect_intersection (&g_array_index (placed, graphene_rect_t, k),
                                                      &chip, NULL);
          }
      if (!free_spot)
        continue;

      for (int y = r1; y <= r2; y++)
        for (int x = c1; x <= c2; x++)
          {
            GArray *placed = g_hash_table_lookup (cells, limn_image_canvas_cell_key (x, y));

            if (placed == NULL)
              {
                placed = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
                g_hash_table_insert (cells, limn_image_canvas_cell_key (x, y), placed);
              }
            g_array_append_val (placed, chip);
          }
      g_array_index (layer->chips, graphene_rect_t, index) = chip;
      graphene_rect_union (&layer->extent, &chip, &layer->extent);
    }
}

void
limn_image_canvas_cairo_chip (cairo_t               *cr,
                              PangoLayout           *layout,
                              const GdkRGBA         *color,
                              gboolean               suggestion,
                              const graphene_rect_t *place)
{
  PangoRectangle logical;
  GdkRGBA bg = *color;
  GdkRGBA fg = { 1, 1, 1, 1 };
  double extra = suggestion ? 14 : 0;
  double radius = 5;
  double cw = place->size.width;
  double cx = place->origin.x;
  double cy = place->origin.y;

  pango_layout_get_pixel_extents (layout, NULL, &logical);

  if (suggestion)
    bg.alpha = 0.8;
  if (color_is_light (color))
    fg = (GdkRGBA) { 0, 0, 0, 1 };

  cairo_new_sub_path (cr);
  cairo_arc (cr, cx + cw - radius, cy + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, cx + cw - radius, cy + CHIP_HEIGHT - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, cx + radius, cy + CHIP_HEIGHT - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, cx + radius, cy + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  gdk_cairo_set_source_rgba (cr, &bg);
  cairo_fill (cr);

  gdk_cairo_set_source_rgba (cr, &fg);
  if (suggestion)
    {
      double mx = cx + CHIP_PAD_X + 4, my = cy + CHIP_HEIGHT / 2;

      cairo_move_to (cr, mx, my - 4);
      cairo_line_to (cr, mx + 4, my);
      cairo_line_to (cr, mx, my + 4);
      cairo_line_to (cr, mx - 4, my);
      cairo_close_path (cr);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }

  cairo_move_to (cr, cx + CHIP_PAD_X + extra, cy + (CHIP_HEIGHT - logical.height) / 2);
  pango_cairo_show_layout (cr, layout);
}

/* The chip as snapshot_chip() draws it, into a cairo context at @place. */
static void
cairo_chip (cairo_t               *cr,
            const CanvasItem      *item,
            const graphene_rect_t *place)
{
  limn_image_canvas_cairo_chip (cr, item->chip, &item->color, item->suggestion, place);
}

/* The image's part of a tile: its border, then the pixels of the mip level
 * the zoom calls for (the coarsest with at least one pixel per device
 * pixel: minification between 1× and 2×, never magnification of a coarse
 * level), or of the preview while there is no pyramid yet. */
static gboolean
draw_tile_image (LimnImageCanvas       *self,
                 cairo_t               *cr,
                 const CanvasLayer     *layer,
                 const graphene_rect_t *area)
{
  double zoom = layer->zoom;
  double device_zoom = zoom * layer->scale;
  graphene_rect_t image_rect =
    GRAPHENE_RECT_INIT (0, 0,
                        limn_image_canvas_snap_px (self->image_width * zoom, layer->scale),
                        limn_image_canvas_snap_px (self->image_height * zoom, layer->scale));
  graphene_rect_t part;
  cairo_surface_t *source;
  double sx, sy;        /* zoomed px per source px */
  int x0 = 0, y0 = 0;   /* the source's origin, in source px */
  gboolean sharp = TRUE;

  /* A faint line separates the image from the background. */
  cairo_rectangle (cr, -0.5, -0.5, image_rect.size.width + 1, image_rect.size.height + 1);
  cairo_set_line_width (cr, 1);
  gdk_cairo_set_source_rgba (cr, &image_border_color);
  cairo_stroke (cr);

  if (!graphene_rect_intersection (&image_rect, area, &part))
    return TRUE;

  if (self->pyramid != NULL)
    {
      guint n_levels = limn_image_pyramid_get_n_levels (self->pyramid);
      guint level = 0;
      int lw, lh, x1, y1;
      gsize stride, size;

      while (level + 1 < n_levels && ldexp (1.0, -(int)(level + 1)) >= device_zoom)
        level++;
      limn_image_pyramid_get_level_size (self->pyramid, level, &lw, &lh, NULL, NULL);
      sx = sy = zoom * ldexp (1.0, level);

      /* The level's pixels under the tile, and one more around for the
       * filter. */
      x0 = CLAMP ((int)floor (part.origin.x / sx) - 1, 0, lw);
      y0 = CLAMP ((int)floor (part.origin.y / sy) - 1, 0, lh);
      x1 = CLAMP ((int)ceil ((part.origin.x + part.size.width) / sx) + 1, 0, lw);
      y1 = CLAMP ((int)ceil ((part.origin.y + part.size.height) / sy) + 1, 0, lh);
      if (x1 <= x0 || y1 <= y0)
        return TRUE;

      stride = (gsize)(x1 - x0) * 4;
      size = stride * (y1 - y0);
      if (size > self->scratch_size)
        {
          g_free (self->scratch);
          self->scratch = g_malloc (size);
          self->scratch_size = size;
        }
      limn_image_pyramid_read_pixels (self->pyramid, level, x0, y0, x1 - x0, y1 - y0,
                                      self->scratch, stride);
      source = cairo_image_surface_create_for_data (self->scratch,
                                                    limn_image_pyramid_get_has_alpha (self->pyramid)
                                                      ? CAIRO_FORMAT_ARGB32 : CAIRO_FORMAT_RGB24,
                                                    x1 - x0, y1 - y0, stride);
    }
  else if (self->preview_surface != NULL)
    {
      source = cairo_surface_reference (self->preview_surface);
      sx = zoom * self->image_width / cairo_image_surface_get_width (source);
      sy = zoom * self->image_height / cairo_image_surface_get_height (source);
      /* As sharp as the pyramid would be while it is not magnified. */
      sharp = MAX (sx, sy) * layer->scale <= 1.0 + 1e-6;
    }
  else
    return FALSE;

  cairo_save (cr);
  cairo_rectangle (cr, part.origin.x, part.origin.y, part.size.width, part.size.height);
  cairo_clip (cr);
  cairo_scale (cr, sx, sy);
  cairo_set_source_surface (cr, source, x0, y0);
  /* Zoomed in, annotators want to see the pixels; otherwise bilinear,
   * which between 1× and 2× minification of the mip is enough. */
  cairo_pattern_set_filter (cairo_get_source (cr),
                            device_zoom >= NEAREST_FROM_ZOOM ? CAIRO_FILTER_NEAREST
                                                             : CAIRO_FILTER_BILINEAR);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (source);

  return sharp;
}

/* The boxes' part of a tile: the fills and outlines of each colour as one
 * path, then suggestions, then chips, from every box that reaches into the
 * tile. Every tile draws a box or chip it shares with a neighbour the same
 * way, so they meet without seams. */
static void
draw_tile_boxes (LimnImageCanvas       *self,
                 cairo_t               *cr,
                 const CanvasLayer     *layer,
                 const graphene_rect_t *area)
{
  static const double dashes[] = { 6, 4 };
  double zoom = layer->zoom;
  double side = self->max_chip_width + 4;
  double above = CHIP_HEIGHT + 4;
  graphene_rect_t reach;
  GArray *entries = self->tile_entries;

  /* Strokes reach 1.5 px past a box; chips hang above it or to the side. */
  graphene_rect_inset_r (area, -2, -2, &reach);
  limn_image_canvas_query_items (self,
                                 (area->origin.x - side) / zoom, (area->origin.y - above) / zoom,
                                 (area->origin.x + area->size.width + side) / zoom,
                                 (area->origin.y + area->size.height + above) / zoom,
                                 TRUE);

  g_array_set_size (entries, 0);
  for (guint i = 0; i < self->visible->len; i++)
    {
      guint index = g_array_index (self->visible, guint, i);
      const CanvasItem *item = g_ptr_array_index (self->items, index);
      const graphene_rect_t *chip = &g_array_index (layer->chips, graphene_rect_t, index);
      TileEntry e = { index, limn_image_canvas_zoomed_rect (zoom, layer->scale, &item->region->box),
                      0, 0 };

      if (index == self->tiles_exclude_index)
        continue;
      e.box = graphene_rect_intersection (&e.rect, &reach, NULL);
      e.chip = chip->size.width > 0 && graphene_rect_intersection (chip, area, NULL);
      if (e.box || e.chip)
        g_array_append_val (entries, e);
    }

  for (guint c = 0; c < self->colors->len; c++)
    {
      GdkRGBA color = g_array_index (self->colors, GdkRGBA, c);
      gboolean any = FALSE;

      for (guint i = 0; i < entries->len; i++)
        {
          const TileEntry *e = &g_array_index (entries, TileEntry, i);
          const CanvasItem *item = g_ptr_array_index (self->items, e->index);

          if (!e->box || item->suggestion || !gdk_rgba_equal (&item->color, &color))
            continue;
          if (!any)
            cairo_new_path (cr);
          any = TRUE;
          cairo_rectangle (cr, e->rect.origin.x, e->rect.origin.y, e->rect.size.width, e->rect.size.height);
        }
      if (!any)
        continue;

      color.alpha = 0.12;
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_fill_preserve (cr);
      color.alpha = 1;
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }

  /* Suggestions: dashed over a dark line, so they read on any photo. */
  for (guint i = 0; i < entries->len; i++)
    {
      const TileEntry *e = &g_array_index (entries, TileEntry, i);
      const CanvasItem *item = g_ptr_array_index (self->items, e->index);
      GdkRGBA fill = item->color;

      if (!e->box || !item->suggestion)
        continue;
      fill.alpha = 0.06;
      cairo_rectangle (cr, e->rect.origin.x, e->rect.origin.y, e->rect.size.width, e->rect.size.height);
      gdk_cairo_set_source_rgba (cr, &fill);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, 2);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.45);
      cairo_stroke_preserve (cr);
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      gdk_cairo_set_source_rgba (cr, &item->color);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  for (guint i = 0; i < entries->len; i++)
    {
      const TileEntry *e = &g_array_index (entries, TileEntry, i);

      if (e->chip)
        cairo_chip (cr, g_ptr_array_index (self->items, e->index),
                    &g_array_index (layer->chips, graphene_rect_t, e->index));
    }
}

/* The picture in @area (zoomed coordinates, on the device grid) at
 * @layer's zoom, drawn into @cr: background, image, boxes and chips.
 * Returns whether the image was as sharp as the zoom can show. */
gboolean
limn_image_canvas_paint_tile (LimnImageCanvas       *self,
                              cairo_t               *cr,
                              const CanvasLayer     *layer,
                              const graphene_rect_t *area)
{
  gboolean sharp;

  gdk_cairo_set_source_rgba (cr, &canvas_background_color);
  cairo_paint (cr);
  sharp = draw_tile_image (self, cr, layer, area);
  limn_image_canvas_paint_overlays (self, cr, layer, area);
  draw_tile_boxes (self, cr, layer, area);

  return sharp;
}

/* The label chip at the box's top-left, above it, or inside when the box
 * touches the image's top (y = 0 in zoomed coordinates). */
static void
snapshot_chip (LimnImageCanvas       *self,
               GtkSnapshot           *snapshot,
               const CanvasItem      *item,
               const graphene_rect_t *r)
{
  PangoRectangle logical;
  graphene_rect_t place;
  GskRoundedRect chip;
  GdkRGBA bg = item->color;
  GdkRGBA fg = { 1, 1, 1, 1 };
  double extra = item->suggestion ? 14 : 0;
  double cw, cx, cy;

  place = chip_rect (self, self->zoom, item, r);
  pango_layout_get_pixel_extents (item->chip, NULL, &logical);
  cw = place.size.width;
  cx = place.origin.x;
  cy = place.origin.y;

  if (item->suggestion)
    bg.alpha = 0.8;
  if (color_is_light (&item->color))
    fg = (GdkRGBA) { 0, 0, 0, 1 };

  gsk_rounded_rect_init_from_rect (&chip, &GRAPHENE_RECT_INIT (cx, cy, cw, CHIP_HEIGHT), 5);
  gtk_snapshot_push_rounded_clip (snapshot, &chip);
  gtk_snapshot_append_color (snapshot, &bg, &chip.bounds);
  gtk_snapshot_pop (snapshot);

  if (item->suggestion)
    {
      /* The "suggested" mark: a small hollow diamond before the text. */
      double mx = cx + CHIP_PAD_X + 4, my = cy + CHIP_HEIGHT / 2;
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (mx - 5, my - 5, 10, 10));

      cairo_move_to (cr, mx, my - 4);
      cairo_line_to (cr, mx + 4, my);
      cairo_line_to (cr, mx, my + 4);
      cairo_line_to (cr, mx - 4, my);
      cairo_close_path (cr);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
      cairo_destroy (cr);
    }

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (cx + CHIP_PAD_X + extra,
                                                          cy + (CHIP_HEIGHT - logical.height) / 2));
  gtk_snapshot_append_layout (snapshot, item->chip, &fg);
  gtk_snapshot_restore (snapshot);
}

/* Dashed outline for suggestions: GSK has no dashed border, so this is a
 * small cairo node, bounded tightly so the renderer's damage stays small. */
static void
snapshot_dashed_rect (GtkSnapshot           *snapshot,
                      const graphene_rect_t *r,
                      const GdkRGBA         *color,
                      double                 line_width)
{
  static const double dashes[] = { 6, 4 };
  graphene_rect_t bounds;
  cairo_t *cr;

  graphene_rect_inset_r (r, -line_width, -line_width, &bounds);
  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  cairo_rectangle (cr, r->origin.x, r->origin.y, r->size.width, r->size.height);
  cairo_set_line_width (cr, line_width);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.45);
  cairo_stroke_preserve (cr);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
snapshot_handles (GtkSnapshot           *snapshot,
                  const graphene_rect_t *r,
                  const GdkRGBA         *color)
{
  double xs[3] = { r->origin.x, r->origin.x + r->size.width / 2, r->origin.x + r->size.width };
  double ys[3] = { r->origin.y, r->origin.y + r->size.height / 2, r->origin.y + r->size.height };
  static const GdkRGBA white = { 1, 1, 1, 1 };
  const float widths[4] = { 1.5, 1.5, 1.5, 1.5 };
  const GdkRGBA colors[4] = { *color, *color, *color, *color };

  for (int j = 0; j < 3; j++)
    for (int i = 0; i < 3; i++)
      {
        GskRoundedRect handle;

        if (i == 1 && j == 1)
          continue;
        /* Edge handles only where the box is big enough to tell them apart. */
        if ((i == 1 && r->size.width < 3 * HANDLE_SIZE) ||
            (j == 1 && r->size.height < 3 * HANDLE_SIZE))
          continue;

        gsk_rounded_rect_init_from_rect (&handle,
                                         &GRAPHENE_RECT_INIT (round (xs[i] - HANDLE_SIZE / 2),
                                                              round (ys[j] - HANDLE_SIZE / 2),
                                                              HANDLE_SIZE, HANDLE_SIZE), 1.5);
        gtk_snapshot_append_color (snapshot, &white, &handle.bounds);
        gtk_snapshot_append_border (snapshot, &handle, widths, colors);
      }
}

typedef enum
{
  BOX_NORMAL,
  BOX_HOVER_OVERLAY,  /* drawn over the cached normal box */
  BOX_SELECTED,
  BOX_GHOST,          /* being drawn */
} BoxStyle;

static void
snapshot_box (LimnImageCanvas  *self,
              GtkSnapshot      *snapshot,
              const CanvasItem *item,
              const LimnBox    *box,
              BoxStyle          style)
{
  graphene_rect_t r = zoomed_rect (self, box);
  gboolean big = r.size.width >= CHIP_MIN_BOX && r.size.height >= CHIP_MIN_BOX;
  GdkRGBA fill = item->color;
  double line;

  switch (style)
    {
    case BOX_HOVER_OVERLAY:
      fill.alpha = 0.10;
      line = 3;
      break;
    case BOX_SELECTED:
      fill.alpha = item->suggestion ? 0.16 : 0.22;
      line = 3;
      break;
    case BOX_GHOST:
      fill.alpha = 0.18;
      line = 2;
      break;
    case BOX_NORMAL:
    default:
      fill.alpha = item->suggestion ? 0.06 : 0.12;
      line = 2;
      break;
    }

  gtk_snapshot_append_color (snapshot, &fill, &r);

  if (item->suggestion)
    {
      snapshot_dashed_rect (snapshot, &r, &item->color, style == BOX_NORMAL ? 2 : 2.5);
    }
  else
    {
      GskRoundedRect outline;
      const float widths[4] = { line, line, line, line };
      const GdkRGBA colors[4] = { item->color, item->color, item->color, item->color };

      /* Centre the stroke on the box's edge. */
      gsk_rounded_rect_init_from_rect (&outline, &r, 0);
      gsk_rounded_rect_shrink (&outline, -line / 2, -line / 2, -line / 2, -line / 2);
      gtk_snapshot_append_border (snapshot, &outline, widths, colors);

      /* A dark hairline around the selection sets it apart from its
       * neighbours, on any photo. */
      if (style == BOX_SELECTED)
        {
          static const float halo_widths[4] = { 1, 1, 1, 1 };
          static const GdkRGBA halo = { 0, 0, 0, 0.55 };
          const GdkRGBA halo_colors[4] = { halo, halo, halo, halo };

          gsk_rounded_rect_shrink (&outline, -1, -1, -1, -1);
          gtk_snapshot_append_border (snapshot, &outline, halo_widths, halo_colors);
        }
    }

  /* The tiles draw every chip that has room; hovering a box shows its chip
   * even where a neighbour's took the room. */
  if (style == BOX_SELECTED || style == BOX_NORMAL || (style == BOX_HOVER_OVERLAY && !big))
    snapshot_chip (self, snapshot, item, &r);

  if (style == BOX_SELECTED && !item->suggestion)
    snapshot_handles (snapshot, &r, &item->color);
}

/* The box drawn on top of the tiles: the one being moved or resized, else
 * the selected one. */
static const CanvasItem *
front_item (LimnImageCanvas *self)
{
  const CanvasItem *front = NULL;

  if (self->drag_mode == CANVAS_DRAG_MOVE || self->drag_mode == CANVAS_DRAG_RESIZE)
    front = limn_image_canvas_lookup_item (self, self->drag_id);
  if (front == NULL)
    front = limn_image_canvas_lookup_item (self, self->selected_id);

  return front;
}

/* What is drawn over the tiles: the hovered box, the front one with its
 * handles, the box being drawn. */
static void
snapshot_boxes (LimnImageCanvas  *self,
                GtkSnapshot      *snapshot,
                const CanvasItem *front)
{
  const char *exclude = front ? front->region->id : NULL;
  gboolean dragging = self->drag_mode == CANVAS_DRAG_MOVE || self->drag_mode == CANVAS_DRAG_RESIZE;

  if (self->hover_id != NULL && g_strcmp0 (self->hover_id, exclude) != 0 && !dragging)
    {
      const CanvasItem *hovered = limn_image_canvas_lookup_item (self, self->hover_id);

      if (hovered != NULL)
        snapshot_box (self, snapshot, hovered, &hovered->region->box, BOX_HOVER_OVERLAY);
    }

  if (front != NULL)
    {
      gboolean front_dragged = dragging && g_strcmp0 (front->region->id, self->drag_id) == 0;

      snapshot_box (self, snapshot, front, front_dragged ? &self->drag_box : &front->region->box,
                    BOX_SELECTED);
    }

  if (self->drag_mode == CANVAS_DRAG_CREATE && self->drag_active)
    {
      CanvasItem ghost = { 0, };
      g_autoptr(LimnRegion) region = NULL;

      region = limn_region_new_box ("", limn_image_canvas_label_for_new_box (self), &self->drag_box);
      ghost.region = region;
      limn_image_canvas_label_color (self, region->label_id, &ghost.color, &ghost.label_name);
      snapshot_box (self, snapshot, &ghost, &self->drag_box, BOX_GHOST);
    }
}

static void
snapshot_crosshair (LimnImageCanvas *self,
                    GtkSnapshot     *snapshot,
                    double           width,
                    double           height)
{
  static const double dashes[] = { 5, 4 };
  double sf = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  double x1, y1, x2, y2, px, py;
  cairo_t *cr;

  limn_image_canvas_image_to_widget (self, 0, 0, &x1, &y1);
  limn_image_canvas_image_to_widget (self, self->image_width, self->image_height, &x2, &y2);
  x1 = MAX (x1, 0);
  y1 = MAX (y1, 0);
  x2 = MIN (x2, width);
  y2 = MIN (y2, height);
  /* The middle of a device pixel, so the 1 px lines are crisp. */
  px = (floor (self->pointer_x * sf) + 0.5) / sf;
  py = (floor (self->pointer_y * sf) + 0.5) / sf;
  if (px < x1 || px > x2 || py < y1 || py > y2)
    return;

  /* Two thin nodes rather than one over the image: when the pointer moves
   * only these strips are damaged. */
  for (int horizontal = 0; horizontal < 2; horizontal++)
    {
      graphene_rect_t bounds = horizontal
        ? GRAPHENE_RECT_INIT (x1, py - 1, x2 - x1, 2)
        : GRAPHENE_RECT_INIT (px - 1, y1, 2, y2 - y1);

      cr = gtk_snapshot_append_cairo (snapshot, &bounds);
      if (horizontal)
        {
          cairo_move_to (cr, x1, py);
          cairo_line_to (cr, x2, py);
        }
      else
        {
          cairo_move_to (cr, px, y1);
          cairo_line_to (cr, px, y2);
        }
      cairo_set_line_width (cr, 1 / sf);
      cairo_set_source_rgba (cr, 0, 0, 0, 0.5);
      cairo_stroke_preserve (cr);
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
      cairo_stroke (cr);
      cairo_destroy (cr);
    }
}

/* The window shows errors in its own status page; drawn here too, the
 * canvas never sits blank when used on its own. Colours are fixed because
 * the background is dark in every theme. */
static void
snapshot_error (LimnImageCanvas *self,
                GtkSnapshot     *snapshot,
                double           width,
                double           height)
{
  static const GdkRGBA icon_color = { 1, 1, 1, 0.45 };
  static const GdkRGBA title_color = { 1, 1, 1, 0.92 };
  static const GdkRGBA text_color = { 1, 1, 1, 0.7 };
  GtkWidget *widget = GTK_WIDGET (self);
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
  g_autoptr(GtkIconPaintable) icon = NULL;
  g_autoptr(PangoLayout) title = NULL;
  g_autoptr(PangoLayout) message = NULL;
  PangoAttrList *attrs;
  int tw, th, mw, mh;
  double icon_size = 64, y;
  double wrap = MIN (width - 48, 480);

  if (wrap < 32)
    return;

  icon = gtk_icon_theme_lookup_icon (theme, "image-missing-symbolic", NULL, icon_size,
                                     gtk_widget_get_scale_factor (widget),
                                     gtk_widget_get_direction (widget), 0);

  title = gtk_widget_create_pango_layout (widget, _("Cannot Show This Image"));
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_attr_list_insert (attrs, pango_attr_scale_new (1.4));
  pango_layout_set_attributes (title, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_alignment (title, PANGO_ALIGN_CENTER);
  pango_layout_set_width (title, wrap * PANGO_SCALE);
  pango_layout_set_wrap (title, PANGO_WRAP_WORD_CHAR);
  pango_layout_get_pixel_size (title, &tw, &th);

  message = gtk_widget_create_pango_layout (widget, self->error_message ? self->error_message : "");
  pango_layout_set_alignment (message, PANGO_ALIGN_CENTER);
  pango_layout_set_width (message, wrap * PANGO_SCALE);
  pango_layout_set_wrap (message, PANGO_WRAP_WORD_CHAR);
  pango_layout_get_pixel_size (message, &mw, &mh);

  y = MAX (12, (height - (icon_size + 24 + th + 12 + mh)) / 2);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round ((width - icon_size) / 2), round (y)));
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot,
                                            icon_size, icon_size, &icon_color, 1);
  gtk_snapshot_restore (snapshot);
  y += icon_size + 24;

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round ((width - wrap) / 2), round (y)));
  gtk_snapshot_append_layout (snapshot, title, &title_color);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, th + 12));
  gtk_snapshot_append_layout (snapshot, message, &text_color);
  gtk_snapshot_restore (snapshot);
}

void
limn_image_canvas_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  LimnImageCanvas *self = LIMN_IMAGE_CANVAS (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  const CanvasItem *front;
  graphene_rect_t view;

  self->frame_serial++;
  if (self->repaint_all)
    {
      /* GSK repaints what differs from the last frame: a background that
       * differs invisibly makes it repaint the whole canvas. */
      GdkRGBA nudged = canvas_background_color;

      nudged.red += 1e-6;
      gtk_snapshot_append_color (snapshot, &nudged, &GRAPHENE_RECT_INIT (0, 0, width, height));
      self->repaint_all = FALSE;
    }
  else
    gtk_snapshot_append_color (snapshot, &canvas_background_color, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (!limn_image_canvas_has_image (self))
    {
      if (self->state == LIMN_IMAGE_CANVAS_STATE_ERROR)
        snapshot_error (self, snapshot, width, height);
      gtk_widget_snapshot_child (widget, self->spinner, snapshot);
      limn_focus_ring_snapshot (widget, snapshot);
      return;
    }

  /* Everything image-bound is drawn in zoomed image coordinates under one
   * translation to the view's offset, on the device pixel grid. */
  view = limn_image_canvas_view_rect (self);
  limn_image_canvas_ensure_order (self);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-view.origin.x, -view.origin.y));

  front = front_item (self);
  limn_image_canvas_snapshot_picture (self, snapshot, &view, front ? front->region->id : NULL);
  limn_image_canvas_snapshot_overlay_hover (self, snapshot);
  snapshot_boxes (self, snapshot, front);

  gtk_snapshot_restore (snapshot);
  limn_image_canvas_snapshot_comments (self, snapshot);

  if (self->show_crosshair && self->pointer_inside && !self->space_held &&
      (self->drag_mode == CANVAS_DRAG_NONE || self->drag_mode == CANVAS_DRAG_CREATE) &&
      (self->cursor_name == NULL || g_str_equal (self->cursor_name, "crosshair") ||
       g_str_equal (self->cursor_name, "pointer")))
    snapshot_crosshair (self, snapshot, width, height);

  limn_focus_ring_snapshot (widget, snapshot);
  self->frame_has_image = TRUE;
}
