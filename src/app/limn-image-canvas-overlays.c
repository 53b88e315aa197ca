/* limn-image-canvas-overlays.c
 *
 * Review overlays: other people's regions over the image, read-only, under
 * the editable boxes. Each LimnOverlayLayer of the model that is visible
 * shows its boxes in its colour and line style; a box that another visible
 * layer left out or labelled otherwise (matched by IoU with the optimal
 * matcher, through limn-region-diff.h) is emphasised: a thicker line and a
 * tint, so disagreements stand out among agreements drawn thin. A diff
 * (LimnRegionDiff, e.g. an annotator's revision against the reviewer's
 * correction) draws each change with its own colour and mark: added "+",
 * removed "−", moved (the old place dotted, an arrow to the new), relabelled
 * (a tag and a chip "old → new"), so no change is told by colour alone.
 *
 * Overlays are painted into the same cached tiles as the boxes (see
 * limn-image-canvas-tiles.c), found through their own grid, so pan and
 * hover frames cost the same with 10,000 overlaid boxes as without; only
 * the hovered region is drawn on top, with its chip. Pointing at a region
 * gives a tooltip (who, label, confidence); a click on one where no
 * editable box is emits ::region-activated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include "limn-image-canvas-private.h"

#include <glib/gi18n.h>
#include <math.h>

#define LINE_WIDTH       2.0   /* logical px; 1.5 was faint on photos */
#define EMPHASIS_WIDTH   3.0
#define BADGE_RADIUS     7.0
#define MARK_REACH       (BADGE_RADIUS + 4)

/* The diff's marks: Okabe and Ito's colours, each with its own symbol. */
static const GdkRGBA added_color = { 0.000, 0.620, 0.451, 1 };      /* bluish green, "+" */
static const GdkRGBA removed_color = { 0.835, 0.369, 0.000, 1 };    /* vermillion, "−" */
static const GdkRGBA moved_color = { 0.337, 0.706, 0.914, 1 };      /* sky blue, arrow */
static const GdkRGBA relabelled_color = { 0.902, 0.624, 0.000, 1 }; /* orange, tag */
static const GdkRGBA unchanged_color = { 0.85, 0.85, 0.87, 0.55 };
static const GdkRGBA halo_color = { 0, 0, 0, 0.45 };

static void
overlay_item_clear (gpointer data)
{
  OverlayItem *item = data;

  g_clear_pointer (&item->region, limn_region_unref);
  g_clear_pointer (&item->before, limn_region_unref);
}

static LimnOverlayLayer *
layer_at (LimnImageCanvas *self,
          guint            index)
{
  return index < self->overlay_layers->len ? g_ptr_array_index (self->overlay_layers, index) : NULL;
}

static const char *
label_name (LimnImageCanvas  *self,
            const LimnRegion *region)
{
  GdkRGBA color;
  const char *name = NULL;

  limn_image_canvas_label_color (self, region->label_id, &color, &name);

  return name ? name : _("Unlabeled");
}

static LimnBox
union_box (const LimnBox *a,
           const LimnBox *b)
{
  double x1 = MIN (a->x, b->x), y1 = MIN (a->y, b->y);

  return (LimnBox) { x1, y1, MAX (a->x + a->w, b->x + b->w) - x1, MAX (a->y + a->h, b->y + b->h) - y1 };
}

static void
add_item (LimnImageCanvas     *self,
          const LimnRegion    *region,
          const LimnRegion    *before,
          guint                layer,
          LimnRegionDiffFlags  diff)
{
  OverlayItem item = { 0, };

  if (region == NULL || region->kind != LIMN_REGION_BOX)
    return;

  item.region = limn_region_ref ((LimnRegion *) region);
  item.before = before ? limn_region_ref ((LimnRegion *) before) : NULL;
  item.layer = layer;
  item.diff = diff;
  item.reach = before ? union_box (&region->box, &before->box) : region->box;
  item.area = limn_box_area (&region->box);

  if (diff & LIMN_REGION_DIFF_RELABELLED && before != NULL)
    {
      /* Translators: a label changed in a review, old → new */
      g_autofree char *text = g_strdup_printf (_("%s → %s"), label_name (self, before),
                                               label_name (self, region));
      PangoRectangle logical;

      item.chip = limn_image_canvas_chip_layout (self, text);
      pango_layout_get_pixel_extents (item.chip, NULL, &logical);
      item.chip_width = logical.width + 12;
      self->overlay_chip_width = MAX (self->overlay_chip_width, item.chip_width);
    }

  g_array_append_val (self->overlay_items, item);
}

/* What matching two layers found: the positions, among each one's boxes,
 * of those the other left out or labelled otherwise. Kept until either
 * layer's regions or the threshold change, so toggling a layer (the
 * reviewer's most frequent action) matches nothing again: with 5 × 2,000
 * boxes matching all 10 pairs is most of a toggle's cost. */
typedef struct
{
  LimnOverlayLayer *a;
  LimnOverlayLayer *b;
  GArray           *marked_a;  /* guint */
  GArray           *marked_b;
} PairMarks;

static void
pair_marks_free (gpointer data)
{
  PairMarks *marks = data;

  g_object_unref (marks->a);
  g_object_unref (marks->b);
  g_array_unref (marks->marked_a);
  g_array_unref (marks->marked_b);
  g_free (marks);
}

static PairMarks *
match_pair (LimnImageCanvas  *self,
            LimnOverlayLayer *la,
            LimnOverlayLayer *lb,
            guint             start_a,
            guint             end_a,
            guint             start_b,
            guint             end_b)
{
  g_autoptr(GPtrArray) a = g_ptr_array_new ();
  g_autoptr(GPtrArray) b = g_ptr_array_new ();
  g_autoptr(LimnRegionDiff) diff = NULL;
  LimnRegionDiffOptions options;
  PairMarks *marks;

  for (guint i = 0; i < self->overlay_pairs->len; i++)
    {
      marks = g_ptr_array_index (self->overlay_pairs, i);
      if (marks->a == la && marks->b == lb)
        return marks;
    }

  limn_region_diff_options_init (&options);
  options.min_iou = self->overlay_match_iou;
  /* Annotators' regions never share ids; only where they are counts. */
  options.match_ids = FALSE;

  for (guint k = start_a; k < end_a; k++)
    g_ptr_array_add (a, g_array_index (self->overlay_items, OverlayItem, k).region);
  for (guint k = start_b; k < end_b; k++)
    g_ptr_array_add (b, g_array_index (self->overlay_items, OverlayItem, k).region);

  marks = g_new0 (PairMarks, 1);
  marks->a = g_object_ref (la);
  marks->b = g_object_ref (lb);
  marks->marked_a = g_array_new (FALSE, FALSE, sizeof (guint));
  marks->marked_b = g_array_new (FALSE, FALSE, sizeof (guint));
  g_ptr_array_add (self->overlay_pairs, marks);

  diff = limn_region_diff_new (a, b, &options, NULL);
  for (guint n = 0; diff != NULL && n < limn_region_diff_get_n_changes (diff); n++)
    {
      const LimnRegionChange *c = limn_region_diff_get_change (diff, n);

      if ((c->flags & (LIMN_REGION_DIFF_ADDED | LIMN_REGION_DIFF_REMOVED |
                       LIMN_REGION_DIFF_RELABELLED)) == 0)
        continue;
      if (c->a != NULL)
        g_array_append_val (marks->marked_a, c->index_a);
      if (c->b != NULL)
        g_array_append_val (marks->marked_b, c->index_b);
    }

  return marks;
}

/* Forgets what was matched with @layer (NULL: everything). */
static void
forget_pairs (LimnImageCanvas  *self,
              LimnOverlayLayer *layer)
{
  for (guint i = self->overlay_pairs->len; i > 0; i--)
    {
      PairMarks *marks = g_ptr_array_index (self->overlay_pairs, i - 1);

      if (layer == NULL || marks->a == layer || marks->b == layer)
        g_ptr_array_remove_index_fast (self->overlay_pairs, i - 1);
    }
}

/* Marks the boxes of visible layers that some other visible layer left out
 * or labelled otherwise: the first-to-last items of layer i start at
 * starts[i]. */
static void
mark_disagreements (LimnImageCanvas *self,
                    const guint     *starts,
                    guint            n_layers)
{
  for (guint i = 0; i < n_layers; i++)
    for (guint j = i + 1; j < n_layers; j++)
      {
        LimnOverlayLayer *la = g_ptr_array_index (self->overlay_layers, i);
        LimnOverlayLayer *lb = g_ptr_array_index (self->overlay_layers, j);
        PairMarks *marks;

        /* A hidden layer is not there to disagree with; a visible one
         * with no boxes disagrees with every box of the other. */
        if (!limn_overlay_layer_get_visible (la) || !limn_overlay_layer_get_visible (lb) ||
            (starts[i] == starts[i + 1] && starts[j] == starts[j + 1]))
          continue;

        marks = match_pair (self, la, lb, starts[i], starts[i + 1], starts[j], starts[j + 1]);
        for (guint k = 0; k < marks->marked_a->len; k++)
          g_array_index (self->overlay_items, OverlayItem,
                         starts[i] + g_array_index (marks->marked_a, guint, k)).emphasised = TRUE;
        for (guint k = 0; k < marks->marked_b->len; k++)
          g_array_index (self->overlay_items, OverlayItem,
                         starts[j] + g_array_index (marks->marked_b, guint, k)).emphasised = TRUE;
      }
}

/* Builds the overlay items from the visible layers and the diff, marks the
 * disagreements and indexes them; the tiles are rendered again. */
void
limn_image_canvas_rebuild_overlays (LimnImageCanvas *self)
{
  g_autofree guint *starts = g_new0 (guint, self->overlay_layers->len + 1);
  g_autofree LimnBox *boxes = NULL;
  guint n_layers = self->overlay_layers->len;

  g_array_set_size (self->overlay_items, 0);
  self->overlay_chip_width = 0;
  self->overlay_hover = G_MAXUINT;

  for (guint i = 0; i < n_layers; i++)
    {
      LimnOverlayLayer *layer = g_ptr_array_index (self->overlay_layers, i);
      GPtrArray *regions = limn_overlay_layer_get_regions (layer);

      starts[i] = self->overlay_items->len;
      if (!limn_overlay_layer_get_visible (layer))
        continue;
      for (guint k = 0; k < regions->len; k++)
        add_item (self, g_ptr_array_index (regions, k), NULL, i, 0);
    }
  starts[n_layers] = self->overlay_items->len;

  if (self->highlight_disagreements)
    mark_disagreements (self, starts, n_layers);

  for (guint n = 0; self->diff != NULL && n < limn_region_diff_get_n_changes (self->diff); n++)
    {
      const LimnRegionChange *c = limn_region_diff_get_change (self->diff, n);

      if (c->b != NULL)
        add_item (self, c->b, c->flags == LIMN_REGION_DIFF_UNCHANGED ? NULL : c->a, G_MAXUINT, c->flags);
      else
        add_item (self, c->a, NULL, G_MAXUINT, c->flags);
    }

  boxes = g_new (LimnBox, MAX (self->overlay_items->len, 1));
  for (guint k = 0; k < self->overlay_items->len; k++)
    boxes[k] = g_array_index (self->overlay_items, OverlayItem, k).reach;
  limn_canvas_grid_build (&self->overlay_grid, boxes, self->overlay_items->len,
                          self->image_width, self->image_height);

  limn_image_canvas_update_has_tooltip (self);
  /* Every layer of tiles shows the old overlays. */
  self->items_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ------------------------------------------------------------------------ */
/* Drawing                                                                  */

/* Widens what @layer draws by the overlays, their marks and chips. */
void
limn_image_canvas_overlays_extent (LimnImageCanvas *self,
                                   CanvasLayer     *layer)
{
  for (guint k = 0; k < self->overlay_items->len; k++)
    {
      const OverlayItem *item = &g_array_index (self->overlay_items, OverlayItem, k);
      graphene_rect_t r = limn_image_canvas_zoomed_rect (layer->zoom, layer->scale, &item->reach);

      graphene_rect_inset_r (&r, -MAX (MARK_REACH, item->chip_width), -MAX (MARK_REACH, CHIP_HEIGHT + 4), &r);
      graphene_rect_union (&layer->extent, &r, &layer->extent);
    }
}

static void
rect_path (cairo_t               *cr,
           const graphene_rect_t *r)
{
  cairo_rectangle (cr, r->origin.x, r->origin.y, r->size.width, r->size.height);
}

/* Strokes the current path in @style: a dark halo so it reads on any photo,
 * then the colour; DOUBLE as a wide line with a dark one down its middle. */
static void
stroke_styled (cairo_t              *cr,
               const GdkRGBA        *color,
               LimnOverlayLineStyle  style,
               double                width)
{
  double line = style == LIMN_OVERLAY_LINE_DOUBLE ? width * 2.2 : width;

  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_line_width (cr, line + 2);
  gdk_cairo_set_source_rgba (cr, &halo_color);
  cairo_stroke_preserve (cr);

  limn_overlay_set_dash (cr, style, line);
  cairo_set_line_width (cr, line);
  gdk_cairo_set_source_rgba (cr, color);
  if (style != LIMN_OVERLAY_LINE_DOUBLE)
    {
      cairo_stroke (cr);
      return;
    }
  cairo_stroke_preserve (cr);
  cairo_set_line_width (cr, line / 3);
  cairo_set_source_rgba (cr, 0.07, 0.07, 0.08, 0.9);
  cairo_stroke (cr);
}

/* A round badge with the diff's symbol, centred on the box's top-right
 * corner. */
static void
draw_badge (cairo_t               *cr,
            const graphene_rect_t *r,
            LimnRegionDiffFlags    flags,
            const GdkRGBA         *color)
{
  double cx = r->origin.x + r->size.width;
  double cy = r->origin.y;
  double s = BADGE_RADIUS * 0.5;

  cairo_set_dash (cr, NULL, 0, 0);
  cairo_new_sub_path (cr);
  cairo_arc (cr, cx, cy, BADGE_RADIUS, 0, 2 * G_PI);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 1.5);
  gdk_cairo_set_source_rgba (cr, &halo_color);
  cairo_stroke (cr);

  cairo_set_source_rgba (cr, 0.05, 0.05, 0.06, 1);
  cairo_set_line_width (cr, 2);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  if (flags & LIMN_REGION_DIFF_ADDED)
    {
      cairo_move_to (cr, cx - s, cy);
      cairo_line_to (cr, cx + s, cy);
      cairo_move_to (cr, cx, cy - s);
      cairo_line_to (cr, cx, cy + s);
    }
  else if (flags & LIMN_REGION_DIFF_REMOVED)
    {
      cairo_move_to (cr, cx - s, cy);
      cairo_line_to (cr, cx + s, cy);
    }
  else if (flags & LIMN_REGION_DIFF_MOVED)
    {
      /* Four-way arrow: moved or resized. */
      cairo_move_to (cr, cx - s, cy);
      cairo_line_to (cr, cx + s, cy);
      cairo_move_to (cr, cx + s - 2, cy - 2);
      cairo_line_to (cr, cx + s, cy);
      cairo_line_to (cr, cx + s - 2, cy + 2);
      cairo_move_to (cr, cx - s + 2, cy - 2);
      cairo_line_to (cr, cx - s, cy);
      cairo_line_to (cr, cx - s + 2, cy + 2);
    }
  else
    {
      /* A tag: relabelled. */
      cairo_move_to (cr, cx - s, cy - s);
      cairo_line_to (cr, cx + 0.5, cy - s);
      cairo_line_to (cr, cx + s, cy);
      cairo_line_to (cr, cx + 0.5, cy + s);
      cairo_line_to (cr, cx - s, cy + s);
      cairo_close_path (cr);
    }
  cairo_stroke (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
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

/* One change of the diff: removed dashed, moved from its old place (dotted)
 * with an arrow, each with its badge; relabelled with its chip. */
static void
draw_diff_item (LimnImageCanvas   *self,
                cairo_t           *cr,
                const OverlayItem *item,
                double             zoom,
                int                scale,
                double             width)
{
  graphene_rect_t r = limn_image_canvas_zoomed_rect (zoom, scale, &item->region->box);
  const GdkRGBA *color = diff_color (item->diff);
  GdkRGBA fill = *color;

  if (item->diff == LIMN_REGION_DIFF_UNCHANGED)
    {
      rect_path (cr, &r);
      stroke_styled (cr, color, LIMN_OVERLAY_LINE_SOLID, 1);
      return;
    }

  if (item->before != NULL && (item->diff & LIMN_REGION_DIFF_MOVED))
    {
      graphene_rect_t o = limn_image_canvas_zoomed_rect (zoom, scale, &item->before->box);
      graphene_point_t from, to;
      double angle;

      rect_path (cr, &o);
      stroke_styled (cr, &moved_color, LIMN_OVERLAY_LINE_DOTTED, width);
      graphene_rect_get_center (&o, &from);
      graphene_rect_get_center (&r, &to);
      if (graphene_point_distance (&from, &to, NULL, NULL) > 6)
        {
          angle = atan2 (to.y - from.y, to.x - from.x);
          cairo_move_to (cr, from.x, from.y);
          cairo_line_to (cr, to.x, to.y);
          cairo_move_to (cr, to.x - 7 * cos (angle - 0.5), to.y - 7 * sin (angle - 0.5));
          cairo_line_to (cr, to.x, to.y);
          cairo_line_to (cr, to.x - 7 * cos (angle + 0.5), to.y - 7 * sin (angle + 0.5));
          stroke_styled (cr, &moved_color, LIMN_OVERLAY_LINE_SOLID, 1.5);
        }
    }

  fill.alpha = 0.16;
  rect_path (cr, &r);
  gdk_cairo_set_source_rgba (cr, &fill);
  cairo_fill_preserve (cr);
  stroke_styled (cr, color,
                 item->diff & LIMN_REGION_DIFF_REMOVED ? LIMN_OVERLAY_LINE_DASHED : LIMN_OVERLAY_LINE_SOLID,
                 width);
  draw_badge (cr, &r, item->diff, color);

  if (item->chip != NULL)
    {
      graphene_rect_t place = GRAPHENE_RECT_INIT (r.origin.x - 1, r.origin.y - CHIP_HEIGHT - 1,
                                                  item->chip_width, CHIP_HEIGHT);

      if (place.origin.y < 0)
        place.origin.y = r.origin.y + 2;
      limn_image_canvas_cairo_chip (cr, item->chip, &relabelled_color, FALSE, &place);
    }
}

/* The overlays' part of a tile: per layer, the boxes that agree as one thin
 * path, then the emphasised ones of every layer over them, then the diff. */
void
limn_image_canvas_paint_overlays (LimnImageCanvas       *self,
                                  cairo_t               *cr,
                                  const CanvasLayer     *layer,
                                  const graphene_rect_t *area)
{
  double zoom = layer->zoom;
  double side = MAX (MARK_REACH, self->overlay_chip_width) + 2;
  double above = MAX (MARK_REACH, CHIP_HEIGHT + 4);
  GArray *visible = self->overlay_visible;
  guint n_shown = 0;

  if (self->overlay_items->len == 0)
    return;

  limn_canvas_grid_query (&self->overlay_grid,
                          (area->origin.x - side) / zoom, (area->origin.y - above) / zoom,
                          (area->origin.x + area->size.width + side) / zoom,
                          (area->origin.y + area->size.height + MARK_REACH) / zoom,
                          visible);
  if (visible->len == 0)
    return;

  for (guint l = 0; l < self->overlay_layers->len; l++)
    n_shown += limn_overlay_layer_get_visible (g_ptr_array_index (self->overlay_layers, l));

  cairo_save (cr);
  for (int pass = 0; pass < 2; pass++)
    for (guint l = 0; l < self->overlay_layers->len; l++)
      {
        LimnOverlayLayer *overlay = g_ptr_array_index (self->overlay_layers, l);
        gboolean emphasised = pass == 1;
        gboolean any = FALSE;
        GdkRGBA color;

        limn_overlay_layer_get_color (overlay, &color);
        cairo_new_path (cr);
        for (guint i = 0; i < visible->len; i++)
          {
            const OverlayItem *item = &g_array_index (self->overlay_items, OverlayItem,
                                                      g_array_index (visible, guint, i));
            graphene_rect_t r;

            if (item->layer != l || item->emphasised != emphasised)
              continue;
            r = limn_image_canvas_zoomed_rect (zoom, layer->scale, &item->region->box);
            rect_path (cr, &r);
            any = TRUE;
          }
        if (!any)
          continue;

        if (emphasised)
          {
            GdkRGBA tint = color;

            tint.alpha = 0.18;
            gdk_cairo_set_source_rgba (cr, &tint);
            cairo_fill_preserve (cr);
          }
        else if (self->highlight_disagreements && n_shown > 1)
          /* Agreement stays in the background. */
          color.alpha = 0.8;
        stroke_styled (cr, &color, limn_overlay_layer_get_line_style (overlay),
                       emphasised ? EMPHASIS_WIDTH : LINE_WIDTH);
      }

  for (guint i = 0; i < visible->len; i++)
    {
      const OverlayItem *item = &g_array_index (self->overlay_items, OverlayItem,
                                                g_array_index (visible, guint, i));

      if (item->layer == G_MAXUINT)
        draw_diff_item (self, cr, item, zoom, layer->scale, 2);
    }
  cairo_restore (cr);
}

/* The hovered overlay region over the tiles: a wider line and a chip
 * naming whose it is. */
void
limn_image_canvas_snapshot_overlay_hover (LimnImageCanvas *self,
                                          GtkSnapshot     *snapshot)
{
  const OverlayItem *item;
  LimnOverlayLayer *overlay;
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  graphene_rect_t r, bounds, place;
  g_autofree char *text = NULL;
  PangoLayout *chip;
  PangoRectangle logical;
  GdkRGBA color;
  cairo_t *cr;

  if (self->overlay_hover >= self->overlay_items->len || self->hover_id != NULL)
    return;

  item = &g_array_index (self->overlay_items, OverlayItem, self->overlay_hover);
  overlay = layer_at (self, item->layer);
  r = limn_image_canvas_zoomed_rect (self->zoom, scale, &item->region->box);

  if (overlay != NULL)
    {
      limn_overlay_layer_get_color (overlay, &color);
      /* Translators: a reviewed region's chip: who drew it, its label */
      text = g_strdup_printf (_("%s · %s"), limn_overlay_layer_get_name (overlay),
                              label_name (self, item->region));
    }
  else
    {
      color = *diff_color (item->diff);
      text = g_strdup (label_name (self, item->region));
    }

  chip = limn_image_canvas_chip_layout (self, text);
  pango_layout_get_pixel_extents (chip, NULL, &logical);
  place = GRAPHENE_RECT_INIT (r.origin.x - 1, r.origin.y + r.size.height + 3, logical.width + 12, CHIP_HEIGHT);

  graphene_rect_union (&r, &place, &bounds);
  graphene_rect_inset (&bounds, -MARK_REACH - 4, -MARK_REACH - 4);
  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  rect_path (cr, &r);
  if (overlay != NULL)
    stroke_styled (cr, &color, limn_overlay_layer_get_line_style (overlay), EMPHASIS_WIDTH + 0.5);
  else
    draw_diff_item (self, cr, item, self->zoom, scale, EMPHASIS_WIDTH);
  cairo_new_path (cr);
  limn_image_canvas_cairo_chip (cr, chip, &color, FALSE, &place);
  cairo_destroy (cr);
}

/* ------------------------------------------------------------------------ */
/* Pointing                                                                 */

guint
limn_image_canvas_overlay_item_at (LimnImageCanvas *self,
                                   double           ix,
                                   double           iy)
{
  double slop = 3.0 / MAX (self->zoom, 1e-6);
  guint best = G_MAXUINT;
  double best_area = G_MAXDOUBLE;

  if (self->overlay_items->len == 0)
    return G_MAXUINT;

  limn_canvas_grid_query (&self->overlay_grid, ix - slop, iy - slop, ix + slop, iy + slop,
                          self->overlay_visible);
  for (guint i = 0; i < self->overlay_visible->len; i++)
    {
      guint index = g_array_index (self->overlay_visible, guint, i);
      const OverlayItem *item = &g_array_index (self->overlay_items, OverlayItem, index);
      LimnBox b = item->region->box;

      b.x -= slop / 2;
      b.y -= slop / 2;
      b.w += slop;
      b.h += slop;
      /* The smallest wins, so nested regions stay reachable. */
      if (limn_box_contains (&b, ix, iy) && item->area < best_area)
        {
          best = index;
          best_area = item->area;
        }
    }

  return best;
}

void
limn_image_canvas_activate_overlay (LimnImageCanvas *self,
                                    guint            index)
{
  const OverlayItem *item;

  if (index >= self->overlay_items->len)
    return;

  item = &g_array_index (self->overlay_items, OverlayItem, index);
  limn_image_canvas_emit_region_activated (self, layer_at (self, item->layer), item->region->id);
}

static char *
describe_item (LimnImageCanvas   *self,
               const OverlayItem *item)
{
  LimnOverlayLayer *overlay = layer_at (self, item->layer);
  const char *label = label_name (self, item->region);
  double confidence = item->region->confidence;

  if (overlay == NULL)
    {
      if (item->diff & LIMN_REGION_DIFF_ADDED)
        return g_strdup_printf (_("Added: %s"), label);
      if (item->diff & LIMN_REGION_DIFF_REMOVED)
        return g_strdup_printf (_("Removed: %s"), label);
      if (item->diff & LIMN_REGION_DIFF_RELABELLED && item->before != NULL)
        return g_strdup_printf (_("Relabelled: %s → %s"), label_name (self, item->before), label);
      if (item->diff & LIMN_REGION_DIFF_MOVED)
        return g_strdup_printf (_("Moved or resized: %s"), label);
      return g_strdup_printf (_("Unchanged: %s"), label);
    }

  if (confidence < 0)
    confidence = limn_overlay_layer_get_confidence (overlay);
  if (confidence >= 0)
    /* Translators: who drew a region, its label, their confidence */
    return g_strdup_printf (_("%s · %s · confidence %.1f"), limn_overlay_layer_get_name (overlay),
                            label, confidence);
  return g_strdup_printf (_("%s · %s"), limn_overlay_layer_get_name (overlay), label);
}

gboolean
limn_image_canvas_query_tooltip (GtkWidget  *widget,
                                 int         x,
                                 int         y,
                                 gboolean    keyboard,
                                 GtkTooltip *tooltip)
{
  LimnImageCanvas *self = LIMN_IMAGE_CANVAS (widget);
  g_autofree char *text = NULL;
  double ix, iy;
  guint index;

  if (keyboard || !limn_image_canvas_has_image (self))
    return FALSE;
  if (limn_image_canvas_comment_tooltip (self, x, y, tooltip))
    return TRUE;

  limn_image_canvas_widget_to_image (self, x, y, &ix, &iy);
  /* An editable box under the pointer speaks for itself. */
  if (limn_image_canvas_item_at (self, ix, iy) != NULL)
    return FALSE;
  index = limn_image_canvas_overlay_item_at (self, ix, iy);
  if (index == G_MAXUINT)
    return FALSE;

  text = describe_item (self, &g_array_index (self->overlay_items, OverlayItem, index));
  gtk_tooltip_set_text (tooltip, text);

  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The layers                                                               */

static void
layer_notify_cb (LimnOverlayLayer *layer,
                 GParamSpec       *pspec,
                 LimnImageCanvas  *self)
{
  const char *name = g_param_spec_get_name (pspec);

  /* What the legend says changes nothing drawn. */
  if (g_str_equal (name, "confidence") || g_str_equal (name, "active-ms") || g_str_equal (name, "note"))
    return;
  if (g_str_equal (name, "regions"))
    forget_pairs (self, layer);

  limn_image_canvas_rebuild_overlays (self);
  limn_image_canvas_update_hover (self);
}

static void
disconnect_layers (LimnImageCanvas *self)
{
  for (guint i = 0; i < self->overlay_layers->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (self->overlay_layers, i),
                                          layer_notify_cb, self);
  g_ptr_array_set_size (self->overlay_layers, 0);
}

static void
overlays_changed_cb (GListModel      *model,
                     guint            position,
                     guint            removed,
                     guint            added,
                     LimnImageCanvas *self)
{
  guint n = g_list_model_get_n_items (model);

  disconnect_layers (self);
  for (guint i = 0; i < n; i++)
    {
      LimnOverlayLayer *layer = g_list_model_get_item (model, i);

      g_ptr_array_add (self->overlay_layers, layer);
      g_signal_connect (layer, "notify", G_CALLBACK (layer_notify_cb), self);
    }

  /* Layers gone from the model take what was matched with them. */
  for (guint i = self->overlay_pairs->len; i > 0; i--)
    {
      PairMarks *marks = g_ptr_array_index (self->overlay_pairs, i - 1);

      if (!g_ptr_array_find (self->overlay_layers, marks->a, NULL) ||
          !g_ptr_array_find (self->overlay_layers, marks->b, NULL))
        g_ptr_array_remove_index_fast (self->overlay_pairs, i - 1);
    }

  limn_image_canvas_rebuild_overlays (self);
}

void
limn_image_canvas_set_overlays (LimnImageCanvas *self,
                                GListModel      *layers)
{
  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));
  g_return_if_fail (layers == NULL || G_IS_LIST_MODEL (layers));
  g_return_if_fail (layers == NULL || g_list_model_get_item_type (layers) == LIMN_TYPE_OVERLAY_LAYER);

  if (self->overlays == layers)
    return;

  if (self->overlays != NULL)
    g_signal_handlers_disconnect_by_func (self->overlays, overlays_changed_cb, self);
  disconnect_layers (self);
  forget_pairs (self, NULL);
  g_set_object (&self->overlays, layers);

  if (layers != NULL)
    {
      g_signal_connect (layers, "items-changed", G_CALLBACK (overlays_changed_cb), self);
      overlays_changed_cb (layers, 0, 0, g_list_model_get_n_items (layers), self);
    }
  else
    limn_image_canvas_rebuild_overlays (self);
}

GListModel *
limn_image_canvas_get_overlays (LimnImageCanvas *self)
{
  g_return_val_if_fail (LIMN_IS_IMAGE_CANVAS (self), NULL);

  return self->overlays;
}

void
limn_image_canvas_set_diff (LimnImageCanvas *self,
                            LimnRegionDiff  *diff)
{
  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));

  if (self->diff == diff)
    return;

  g_clear_pointer (&self->diff, limn_region_diff_unref);
  self->diff = diff ? limn_region_diff_ref (diff) : NULL;
  limn_image_canvas_rebuild_overlays (self);
}

LimnRegionDiff *
limn_image_canvas_get_diff (LimnImageCanvas *self)
{
  g_return_val_if_fail (LIMN_IS_IMAGE_CANVAS (self), NULL);

  return self->diff;
}

void
limn_image_canvas_set_overlay_match_iou (LimnImageCanvas *self,
                                         double           min_iou)
{
  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));
  g_return_if_fail (min_iou > 0 && min_iou <= 1);

  if (self->overlay_match_iou != min_iou)
    {
      self->overlay_match_iou = min_iou;
      forget_pairs (self, NULL);
      limn_image_canvas_rebuild_overlays (self);
    }
}

void
limn_image_canvas_set_highlight_disagreements (LimnImageCanvas *self,
                                               gboolean         highlight)
{
  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));

  if (self->highlight_disagreements != !!highlight)
    {
      self->highlight_disagreements = !!highlight;
      limn_image_canvas_rebuild_overlays (self);
    }
}

gboolean
limn_image_canvas_overlay_at (LimnImageCanvas   *self,
                              double             wx,
                              double             wy,
                              LimnOverlayLayer **layer,
                              const char       **region_id)
{
  const OverlayItem *item;
  double ix, iy;
  guint index;

  g_return_val_if_fail (LIMN_IS_IMAGE_CANVAS (self), FALSE);

  limn_image_canvas_widget_to_image (self, wx, wy, &ix, &iy);
  index = limn_image_canvas_overlay_item_at (self, ix, iy);
  if (index == G_MAXUINT)
    return FALSE;

  item = &g_array_index (self->overlay_items, OverlayItem, index);
  if (layer != NULL)
    *layer = layer_at (self, item->layer);
  if (region_id != NULL)
    *region_id = item->region->id;

  return TRUE;
}

gboolean
limn_image_canvas_is_disagreement (LimnImageCanvas  *self,
                                   LimnOverlayLayer *layer,
                                   const char       *region_id)
{
  g_return_val_if_fail (LIMN_IS_IMAGE_CANVAS (self), FALSE);

  for (guint k = 0; k < self->overlay_items->len; k++)
    {
      const OverlayItem *item = &g_array_index (self->overlay_items, OverlayItem, k);

      if (layer_at (self, item->layer) == layer && g_strcmp0 (item->region->id, region_id) == 0)
        return item->emphasised;
    }

  return FALSE;
}

void
limn_image_canvas_init_overlays (LimnImageCanvas *self)
{
  self->overlay_layers = g_ptr_array_new_with_free_func (g_object_unref);
  self->overlay_items = g_array_new (FALSE, TRUE, sizeof (OverlayItem));
  g_array_set_clear_func (self->overlay_items, overlay_item_clear);
  self->overlay_visible = g_array_new (FALSE, FALSE, sizeof (guint));
  self->overlay_pairs = g_ptr_array_new_with_free_func (pair_marks_free);
  self->overlay_match_iou = 0.5;
  self->overlay_hover = G_MAXUINT;
  self->overlay_press = G_MAXUINT;
  self->highlight_disagreements = TRUE;
}

void
limn_image_canvas_dispose_overlays (LimnImageCanvas *self)
{
  if (self->overlays != NULL)
    g_signal_handlers_disconnect_by_func (self->overlays, overlays_changed_cb, self);
  g_clear_object (&self->overlays);
  disconnect_layers (self);
  g_clear_pointer (&self->diff, limn_region_diff_unref);
  g_array_set_size (self->overlay_items, 0);
  g_ptr_array_set_size (self->overlay_pairs, 0);
}

void
limn_image_canvas_finalize_overlays (LimnImageCanvas *self)
{
  limn_canvas_grid_clear (&self->overlay_grid);
  g_ptr_array_unref (self->overlay_layers);
  g_array_unref (self->overlay_items);
  g_array_unref (self->overlay_visible);
  g_ptr_array_unref (self->overlay_pairs);
}
