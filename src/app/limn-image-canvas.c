/* limn-image-canvas.c
 *
 * The canvas's model and rendering: the image pyramid, the view transform,
 * the spatial index of boxes and the snapshot. Gestures and key actions are
 * in limn-image-canvas-gestures.c.
 *
 * Rendering with GSK's cairo renderer converts every texture to a cairo
 * surface on every frame, so the snapshot appends only the visible tiles of
 * the mip level closest to the zoom (never magnifying a coarse level when a
 * finer one exists) and only the boxes the grid index finds in the viewport.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-image-canvas"

#include "config.h"

#include "limn-image-canvas.h"

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
#include <string.h>

#include "limn-image-canvas-private.h"
#include "limn-image-probe.h"
#include "limn-util.h"

#define DEFAULT_MAX_PIXELS   (G_GUINT64_CONSTANT (100) * 1000 * 1000)
#define FIT_MARGIN           12.0  /* logical px around the fitted image */
#define MAX_DEVICE_ZOOM      32.0  /* device px per image px */
#define GRID_CELLS           64    /* along the image's longer side */
#define LARGE_ITEM_CELLS     256
#define CHIP_MIN_BOX         16.0  /* no chip on boxes smaller than this on screen */
#define CHIP_HEIGHT          18.0
#define CHIP_PAD_X           6.0
#define HANDLE_SIZE          8.0
#define CHIP_CELL            64.0  /* buckets for placing chips without overlaps */
#define BASE_CELL            256.0 /* the boxes layer is cut into cells this big */
#define NEAREST_FROM_ZOOM    2.0   /* device px per image px */
#define TILE_BUDGET_US       3000  /* converting tiles per frame, cairo renderer */

G_DEFINE_ENUM_TYPE (LimnImageCanvasState, limn_image_canvas_state,
                    G_DEFINE_ENUM_VALUE (LIMN_IMAGE_CANVAS_STATE_EMPTY, "empty"),
                    G_DEFINE_ENUM_VALUE (LIMN_IMAGE_CANVAS_STATE_LOADING, "loading"),
                    G_DEFINE_ENUM_VALUE (LIMN_IMAGE_CANVAS_STATE_READY, "ready"),
                    G_DEFINE_ENUM_VALUE (LIMN_IMAGE_CANVAS_STATE_ERROR, "error"))

G_DEFINE_FINAL_TYPE (LimnImageCanvas, limn_image_canvas, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ZOOM,
  PROP_SELECTED_ID,
  PROP_ACTIVE_LABEL,
  PROP_STATE,
  PROP_ERROR_MESSAGE,
  PROP_SHOW_CROSSHAIR,
  PROP_FULL_RESOLUTION,
  N_PROPS
};

enum {
  FIRST_FRAME,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const GdkRGBA background_color = { 0.122, 0.122, 0.129, 1.0 };
static const GdkRGBA image_border_color = { 1.0, 1.0, 1.0, 0.10 };
static const GdkRGBA unknown_label_color = { 0.6, 0.6, 0.62, 1.0 };

/* ------------------------------------------------------------------------ */
/* Items and the spatial index                                              */

static void
canvas_item_free (gpointer data)
{
  CanvasItem *item = data;

  limn_region_unref (item->region);
  g_free (item);
}

static void
grid_clear (LimnImageCanvas *self)
{
  if (self->grid != NULL)
    {
      for (guint i = 0; i < self->grid_columns * self->grid_rows; i++)
        if (self->grid[i] != NULL)
          g_array_unref (self->grid[i]);
      g_clear_pointer (&self->grid, g_free);
    }
  g_clear_pointer (&self->large_items, g_array_unref);
  g_clear_pointer (&self->seen, g_free);
  self->grid_columns = self->grid_rows = 0;
}

static void
cell_range (LimnImageCanvas *self,
            double           x1,
            double           y1,
            double           x2,
            double           y2,
            guint           *c1,
            guint           *r1,
            guint           *c2,
            guint           *r2)
{
  *c1 = (guint)CLAMP (floor (x1 / self->cell_size), 0, self->grid_columns - 1);
  *r1 = (guint)CLAMP (floor (y1 / self->cell_size), 0, self->grid_rows - 1);
  *c2 = (guint)CLAMP (floor (x2 / self->cell_size), 0, self->grid_columns - 1);
  *r2 = (guint)CLAMP (floor (y2 / self->cell_size), 0, self->grid_rows - 1);
}

/* A uniform grid over the image: each box is listed in every cell it
 * touches, or in large_items when it spans more than LARGE_ITEM_CELLS. */
static void
grid_build (LimnImageCanvas *self)
{
  double extent;

  grid_clear (self);
  self->items_serial++;

  if (self->items->len == 0)
    return;

  extent = MAX (MAX (self->image_width, self->image_height), 1);
  for (guint i = 0; i < self->items->len; i++)
    {
      const CanvasItem *item = g_ptr_array_index (self->items, i);

      extent = MAX (extent, item->region->box.x + item->region->box.w);
      extent = MAX (extent, item->region->box.y + item->region->box.h);
    }

  self->cell_size = MAX (extent / GRID_CELLS, 8.0);
  self->grid_columns = (guint)ceil (extent / self->cell_size) + 1;
  self->grid_rows = self->grid_columns;
  self->grid = g_new0 (GArray *, self->grid_columns * self->grid_rows);
  self->large_items = g_array_new (FALSE, FALSE, sizeof (guint));
  self->seen = g_new0 (guint, self->items->len);
  self->query_stamp = 0;

  for (guint i = 0; i < self->items->len; i++)
    {
      const CanvasItem *item = g_ptr_array_index (self->items, i);
      const LimnBox *b = &item->region->box;
      guint c1, r1, c2, r2;

      cell_range (self, b->x, b->y, b->x + b->w, b->y + b->h, &c1, &r1, &c2, &r2);
      if ((c2 - c1 + 1) * (r2 - r1 + 1) > LARGE_ITEM_CELLS)
        {
          g_array_append_val (self->large_items, i);
          continue;
        }

      for (guint r = r1; r <= r2; r++)
        for (guint c = c1; c <= c2; c++)
          {
            GArray **cell = &self->grid[r * self->grid_columns + c];

            if (*cell == NULL)
              *cell = g_array_sized_new (FALSE, FALSE, sizeof (guint), 4);
            g_array_append_val (*cell, i);
          }
    }
}

static int
compare_draw_order (gconstpointer a,
                    gconstpointer b,
                    gpointer      data)
{
  LimnImageCanvas *self = data;
  guint ia = *(const guint *)a;
  guint ib = *(const guint *)b;
  const CanvasItem *A = g_ptr_array_index (self->items, ia);
  const CanvasItem *B = g_ptr_array_index (self->items, ib);

  /* Larger boxes first so nested ones stay visible on top; then by index. */
  if (A->area != B->area)
    return A->area > B->area ? -1 : 1;
  return ia < ib ? -1 : (ia > ib);
}

/* Fills self->visible with the items touching the image rectangle, in draw
 * order. */
static void
grid_query (LimnImageCanvas *self,
            double           x1,
            double           y1,
            double           x2,
            double           y2,
            gboolean         sorted)
{
  LimnBox query = { x1, y1, x2 - x1, y2 - y1 };
  guint c1, r1, c2, r2;

  g_array_set_size (self->visible, 0);
  if (self->grid == NULL)
    return;

  if (++self->query_stamp == 0)
    {
      memset (self->seen, 0, sizeof (guint) * self->items->len);
      self->query_stamp = 1;
    }

#define CONSIDER(index) G_STMT_START {                                    \
    guint idx_ = (index);                                                 \
    if (self->seen[idx_] != self->query_stamp)                            \
      {                                                                   \
        const CanvasItem *it_ = g_ptr_array_index (self->items, idx_);    \
        self->seen[idx_] = self->query_stamp;                             \
        if (limn_box_intersects (&it_->region->box, &query))              \
          g_array_append_val (self->visible, idx_);                       \
      }                                                                   \
  } G_STMT_END

  for (guint i = 0; i < self->large_items->len; i++)
    CONSIDER (g_array_index (self->large_items, guint, i));

  cell_range (self, x1, y1, x2, y2, &c1, &r1, &c2, &r2);
  for (guint r = r1; r <= r2; r++)
    for (guint c = c1; c <= c2; c++)
      {
        GArray *cell = self->grid[r * self->grid_columns + c];

        if (cell == NULL)
          continue;
        for (guint i = 0; i < cell->len; i++)
          CONSIDER (g_array_index (cell, guint, i));
      }

#undef CONSIDER

  if (sorted)
    g_array_sort_with_data (self->visible, compare_draw_order, self);
}

static void
label_color (LimnImageCanvas *self,
             const char      *label_id,
             GdkRGBA         *color,
             const char     **name)
{
  LimnLabel *label = NULL;

  if (self->project != NULL && label_id != NULL)
    label = limn_project_lookup_label (self->project, label_id);

  if (label != NULL)
    {
      double r, g, b;

      limn_label_get_rgb (label, &r, &g, &b);
      *color = (GdkRGBA) { r, g, b, 1.0 };
      *name = limn_label_get_name (label);
    }
  else
    {
      *color = unknown_label_color;
      *name = label_id;
    }
}

static void
add_item (LimnImageCanvas  *self,
          const LimnRegion *region,
          gboolean          suggestion)
{
  CanvasItem *item;

  if (region == NULL || region->kind != LIMN_REGION_BOX)
    return;

  item = g_new0 (CanvasItem, 1);
  item->region = limn_region_ref ((LimnRegion *)region);
  item->suggestion = suggestion;
  item->area = limn_box_area (&region->box);
  label_color (self, region->label_id, &item->color, &item->label_name);
  g_ptr_array_add (self->items, item);
}

static void
update_accessible_label (LimnImageCanvas *self)
{
  g_autofree char *label = NULL;
  guint n_suggestions = self->items->len - self->n_regions;

  if (self->task == NULL)
    label = g_strdup (_("No image"));
  else
    {
      const char *title = limn_task_get_title (self->task);
      g_autofree char *boxes = g_strdup_printf (ngettext ("%u box", "%u boxes", self->n_regions),
                                                self->n_regions);

      if (n_suggestions > 0)
        {
          g_autofree char *suggested = g_strdup_printf (ngettext ("%u suggestion", "%u suggestions", n_suggestions),
                                                        n_suggestions);
          /* Translators: image title, then "3 boxes", then "2 suggestions" */
          label = g_strdup_printf (_("Image “%s”, %s, %s"), title ? title : "", boxes, suggested);
        }
      else
        /* Translators: image title, then "3 boxes" */
        label = g_strdup_printf (_("Image “%s”, %s"), title ? title : "", boxes);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
rebuild_items (LimnImageCanvas *self)
{
  g_ptr_array_set_size (self->items, 0);
  self->n_regions = 0;

  if (self->draft != NULL)
    {
      guint n = limn_draft_get_n_regions (self->draft);

      for (guint i = 0; i < n; i++)
        add_item (self, limn_draft_get_region (self->draft, i), FALSE);
      self->n_regions = self->items->len;

      n = limn_draft_get_n_suggestions (self->draft);
      for (guint i = 0; i < n; i++)
        add_item (self, limn_draft_get_suggestion (self->draft, i), TRUE);
    }

  grid_build (self);
  update_accessible_label (self);
}

CanvasItem *
limn_image_canvas_lookup_item (LimnImageCanvas *self,
                               const char      *id)
{
  if (id == NULL)
    return NULL;

  for (guint i = 0; i < self->items->len; i++)
    {
      CanvasItem *item = g_ptr_array_index (self->items, i);

      if (g_strcmp0 (item->region->id, id) == 0)
        return item;
    }

  return NULL;
}

/* The smallest box under the point wins, so nested boxes stay reachable. */
CanvasItem *
limn_image_canvas_item_at (LimnImageCanvas *self,
                           double           ix,
                           double           iy)
{
  double slop = 3.0 / MAX (self->zoom, 1e-6);
  CanvasItem *best = NULL;

  grid_query (self, ix - slop, iy - slop, ix + slop, iy + slop, FALSE);
  for (guint i = 0; i < self->visible->len; i++)
    {
      CanvasItem *item = g_ptr_array_index (self->items, g_array_index (self->visible, guint, i));
      LimnBox b = item->region->box;

      /* A few screen pixels of slack make thin boxes clickable. */
      b.x -= slop / 2;
      b.y -= slop / 2;
      b.w += slop;
      b.h += slop;
      if (!limn_box_contains (&b, ix, iy))
        continue;
      if (best == NULL || item->area < best->area)
        best = item;
    }

  return best;
}

/* ------------------------------------------------------------------------ */
/* View                                                                     */

gboolean
limn_image_canvas_has_image (LimnImageCanvas *self)
{
  return self->image_width > 0 && self->image_height > 0 &&
         (self->pyramid != NULL || self->preview != NULL);
}

double
limn_image_canvas_fit_zoom (LimnImageCanvas *self)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->image_width <= 0 || self->image_height <= 0 || w <= 0 || h <= 0)
    return 1.0;

  w = MAX (w - 2 * FIT_MARGIN, w / 2);
  h = MAX (h - 2 * FIT_MARGIN, h / 2);

  return MIN (w / self->image_width, h / self->image_height);
}

double
limn_image_canvas_min_zoom (LimnImageCanvas *self)
{
  return limn_image_canvas_fit_zoom (self) / 4;
}

double
limn_image_canvas_max_zoom (LimnImageCanvas *self)
{
  double sf = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  return MAX (MAX_DEVICE_ZOOM / sf, limn_image_canvas_fit_zoom (self));
}

/* The image may move until its edge reaches the widget's centre. */
void
limn_image_canvas_clamp_view (LimnImageCanvas *self)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double iw = self->image_width * self->zoom;
  double ih = self->image_height * self->zoom;

  self->offset_x = CLAMP (self->offset_x, w / 2 - iw, w / 2);
  self->offset_y = CLAMP (self->offset_y, h / 2 - ih, h / 2);
}

static void
set_zoom_internal (LimnImageCanvas *self,
                   double           zoom)
{
  if (self->zoom != zoom)
    {
      self->zoom = zoom;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
    }
}

void
limn_image_canvas_zoom_fit (LimnImageCanvas *self)
{
  double w, h;

  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));

  w = gtk_widget_get_width (GTK_WIDGET (self));
  h = gtk_widget_get_height (GTK_WIDGET (self));
  set_zoom_internal (self, limn_image_canvas_fit_zoom (self));
  self->offset_x = (w - self->image_width * self->zoom) / 2;
  self->offset_y = (h - self->image_height * self->zoom) / 2;
  self->fitted = TRUE;
  self->view_valid = w > 0 && h > 0;
  limn_image_canvas_update_hover (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Zooms so the image point under (wx, wy) stays there. */
void
limn_image_canvas_zoom_at (LimnImageCanvas *self,
                           double           zoom,
                           double           wx,
                           double           wy)
{
  double ix, iy;

  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));

  if (self->image_width <= 0)
    return;

  zoom = CLAMP (zoom, limn_image_canvas_min_zoom (self), limn_image_canvas_max_zoom (self));
  limn_image_canvas_widget_to_image (self, wx, wy, &ix, &iy);
  set_zoom_internal (self, zoom);
  self->offset_x = wx - ix * zoom;
  self->offset_y = wy - iy * zoom;
  self->fitted = FALSE;
  limn_image_canvas_clamp_view (self);
  limn_image_canvas_update_hover (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
limn_image_canvas_zoom_one_to_one (LimnImageCanvas *self)
{
  double sf = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  double wx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double wy = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;

  if (self->pointer_inside)
    {
      wx = self->pointer_x;
      wy = self->pointer_y;
    }

  limn_image_canvas_zoom_at (self, 1.0 / sf, wx, wy);
}

void
limn_image_canvas_pan_by (LimnImageCanvas *self,
                          double           dx,
                          double           dy)
{
  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));

  self->offset_x += dx;
  self->offset_y += dy;
  self->fitted = FALSE;
  limn_image_canvas_clamp_view (self);
  limn_image_canvas_update_hover (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
limn_image_canvas_image_to_widget (LimnImageCanvas *self,
                                   double           ix,
                                   double           iy,
                                   double          *wx,
                                   double          *wy)
{
  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));

  if (wx)
    *wx = self->offset_x + ix * self->zoom;
  if (wy)
    *wy = self->offset_y + iy * self->zoom;
}

void
limn_image_canvas_widget_to_image (LimnImageCanvas *self,
                                   double           wx,
                                   double           wy,
                                   double          *ix,
                                   double          *iy)
{
  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));

  if (ix)
    *ix = (wx - self->offset_x) / self->zoom;
  if (iy)
    *iy = (wy - self->offset_y) / self->zoom;
}

/* Brings a box that Tab or a new box selected into view, moving as little
 * as possible. */
void
limn_image_canvas_ensure_visible (LimnImageCanvas *self,
                                  const LimnBox   *box)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double x1, y1, x2, y2, dx = 0, dy = 0;
  double margin = 24;

  limn_image_canvas_image_to_widget (self, box->x, box->y, &x1, &y1);
  limn_image_canvas_image_to_widget (self, box->x + box->w, box->y + box->h, &x2, &y2);

  if (x2 - x1 > w - 2 * margin || x1 < margin)
    dx = margin - x1;
  else if (x2 > w - margin)
    dx = (w - margin) - x2;
  if (y2 - y1 > h - 2 * margin || y1 < margin + CHIP_HEIGHT)
    dy = margin + CHIP_HEIGHT - y1;
  else if (y2 > h - margin)
    dy = (h - margin) - y2;

  if (dx != 0 || dy != 0)
    limn_image_canvas_pan_by (self, dx, dy);
}

/* ------------------------------------------------------------------------ */
/* Hover and cursor                                                         */

static void
set_hover (LimnImageCanvas *self,
           const char      *id)
{
  if (limn_set_str (&self->hover_id, id))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
limn_image_canvas_update_cursor (LimnImageCanvas *self)
{
  static const char *handle_cursors[] = {
    [LIMN_HANDLE_NONE] = "crosshair",
    [LIMN_HANDLE_TOP_LEFT] = "nw-resize",
    [LIMN_HANDLE_TOP] = "n-resize",
    [LIMN_HANDLE_TOP_RIGHT] = "ne-resize",
    [LIMN_HANDLE_RIGHT] = "e-resize",
    [LIMN_HANDLE_BOTTOM_RIGHT] = "se-resize",
    [LIMN_HANDLE_BOTTOM] = "s-resize",
    [LIMN_HANDLE_BOTTOM_LEFT] = "sw-resize",
    [LIMN_HANDLE_LEFT] = "w-resize",
    [LIMN_HANDLE_BODY] = "move",
  };
  const char *name = "default";

  if (!limn_image_canvas_has_image (self))
    name = "default";
  else if (self->drag_mode == CANVAS_DRAG_PAN)
    name = "grabbing";
  else if (self->space_held)
    name = "grab";
  else if (self->drag_mode == CANVAS_DRAG_RESIZE)
    name = handle_cursors[self->drag_handle];
  else if (self->drag_mode == CANVAS_DRAG_MOVE && self->drag_active)
    name = "move";
  else if (self->drag_mode == CANVAS_DRAG_CREATE)
    name = "crosshair";
  else if (self->pointer_inside)
    {
      CanvasItem *selected = limn_image_canvas_lookup_item (self, self->selected_id);
      double ix, iy;

      limn_image_canvas_widget_to_image (self, self->pointer_x, self->pointer_y, &ix, &iy);
      name = "crosshair";

      if (selected != NULL && !selected->suggestion)
        {
          LimnHandle handle = limn_box_hit_handle (&selected->region->box, ix, iy,
                                                   (HANDLE_SIZE / 2 + 2) / self->zoom);

          if (handle != LIMN_HANDLE_NONE)
            name = handle_cursors[handle];
        }
      if (g_str_equal (name, "crosshair") && self->hover_id != NULL)
        name = "pointer";
      if (g_str_equal (name, "move") && g_strcmp0 (self->hover_id, self->selected_id) != 0)
        name = "pointer";
    }

  if (self->cursor_name != name)
    {
      self->cursor_name = name;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), name);
    }
}

void
limn_image_canvas_update_hover (LimnImageCanvas *self)
{
  CanvasItem *item = NULL;

  if (self->pointer_inside && limn_image_canvas_has_image (self) &&
      (self->drag_mode == CANVAS_DRAG_NONE || self->drag_mode == CANVAS_DRAG_SELECT))
    {
      double ix, iy;

      limn_image_canvas_widget_to_image (self, self->pointer_x, self->pointer_y, &ix, &iy);
      item = limn_image_canvas_item_at (self, ix, iy);
    }

  if (self->drag_mode == CANVAS_DRAG_NONE || self->drag_mode == CANVAS_DRAG_SELECT)
    set_hover (self, item ? item->region->id : NULL);

  /* The crosshair follows the pointer. */
  if (self->show_crosshair && limn_image_canvas_has_image (self))
    gtk_widget_queue_draw (GTK_WIDGET (self));

  limn_image_canvas_update_cursor (self);
}

/* ------------------------------------------------------------------------ */
/* Selection and labels                                                     */

void
limn_image_canvas_set_selected (LimnImageCanvas *self,
                                const char      *id)
{
  if (limn_set_str (&self->selected_id, id))
    {
      limn_image_canvas_update_actions (self);
      limn_image_canvas_update_cursor (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ID]);
    }
}

void
limn_image_canvas_select (LimnImageCanvas *self,
                          const char      *id)
{
  CanvasItem *item;

  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));

  item = limn_image_canvas_lookup_item (self, id);
  limn_image_canvas_set_selected (self, item ? id : NULL);
  if (item != NULL && gtk_widget_get_width (GTK_WIDGET (self)) > 0)
    limn_image_canvas_ensure_visible (self, &item->region->box);
}

const char *
limn_image_canvas_get_selected (LimnImageCanvas *self)
{
  g_return_val_if_fail (LIMN_IS_IMAGE_CANVAS (self), NULL);

  return self->selected_id;
}

void
limn_image_canvas_set_active_label (LimnImageCanvas *self,
                                    const char      *label_id)
{
  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));

  if (limn_set_str (&self->active_label, label_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE_LABEL]);
}

const char *
limn_image_canvas_get_active_label (LimnImageCanvas *self)
{
  g_return_val_if_fail (LIMN_IS_IMAGE_CANVAS (self), NULL);

  return self->active_label;
}

/* The label hotkey: relabels the selected box (accepting a selected
 * suggestion with that label, as one undo step), else picks the label for
 * the next new box. */
void
limn_image_canvas_apply_label (LimnImageCanvas *self,
                               const char      *label_id)
{
  CanvasItem *item;

  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));
  g_return_if_fail (label_id != NULL);

  item = limn_image_canvas_lookup_item (self, self->selected_id);
  if (item == NULL || self->draft == NULL)
    {
      limn_image_canvas_set_active_label (self, label_id);
      return;
    }

  if (item->suggestion)
    {
      g_autofree char *suggestion_id = g_strdup (item->region->id);
      g_autofree char *region_id = NULL;

      limn_draft_begin_group (self->draft);
      region_id = g_strdup (limn_draft_accept_suggestion (self->draft, suggestion_id));
      if (region_id != NULL)
        limn_draft_set_region_label (self->draft, region_id, label_id);
      limn_draft_end_group (self->draft);
      if (region_id != NULL)
        limn_image_canvas_set_selected (self, region_id);
    }
  else
    {
      g_autofree char *region_id = g_strdup (item->region->id);

      limn_draft_set_region_label (self->draft, region_id, label_id);
    }
}

/* The label a new box gets: the active one, else the project's first. */
const char *
limn_image_canvas_label_for_new_box (LimnImageCanvas *self)
{
  if (self->active_label != NULL)
    return self->active_label;

  if (self->project != NULL)
    {
      GListModel *labels = limn_project_get_labels (self->project);

      if (g_list_model_get_n_items (labels) > 0)
        {
          g_autoptr(LimnLabel) label = g_list_model_get_item (labels, 0);

          return limn_label_get_id (label);
        }
    }

  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Loading                                                                  */

static void
set_state (LimnImageCanvas      *self,
           LimnImageCanvasState  state,
           const char           *message)
{
  gboolean loading;

  if (limn_set_str (&self->error_message, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }

  loading = state == LIMN_IMAGE_CANVAS_STATE_LOADING && !limn_image_canvas_has_image (self);
  gtk_widget_set_visible (self->spinner, loading);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), loading);
  limn_image_canvas_update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_image_size (LimnImageCanvas *self,
                int              width,
                int              height)
{
  gboolean changed = self->image_width != width || self->image_height != height;

  self->image_width = width;
  self->image_height = height;

  if (changed || !self->view_valid)
    {
      /* Boxes outside the old extent may now fall in the grid. */
      grid_build (self);
      limn_image_canvas_zoom_fit (self);
    }
}

static void
clear_tile_surfaces (LimnImageCanvas *self)
{
  g_hash_table_remove_all (self->tile_cache);
  g_clear_pointer (&self->base_node, gsk_render_node_unref);
  g_clear_pointer (&self->tiles_node, gsk_render_node_unref);
}

static void
clear_image (LimnImageCanvas *self)
{
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  clear_tile_surfaces (self);
  g_clear_pointer (&self->pyramid, limn_image_pyramid_unref);
  g_clear_object (&self->preview);
  self->image_width = self->image_height = 0;
  self->frame_has_image = FALSE;
  self->first_frame_emitted = FALSE;
  self->view_valid = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FULL_RESOLUTION]);
}

static void
load_progress_cb (LimnImageLoadStage  stage,
                  int                 width,
                  int                 height,
                  GdkTexture         *preview,
                  gpointer            data)
{
  LimnImageCanvas *self = data;

  if (stage != LIMN_IMAGE_LOAD_PREVIEW || self->pyramid != NULL)
    return;

  g_set_object (&self->preview, preview);
  set_image_size (self, width, height);
  set_state (self, LIMN_IMAGE_CANVAS_STATE_LOADING, NULL);
  limn_image_canvas_update_hover (self);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(LimnImageCanvas) self = data;
  g_autoptr(GError) error = NULL;
  LimnImagePyramid *pyramid;

  pyramid = limn_image_load_finish (result, &error);
  if (pyramid == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_debug ("cannot show image: %s", error->message);
      clear_image (self);
      set_state (self, LIMN_IMAGE_CANVAS_STATE_ERROR, error->message);
      return;
    }

  g_clear_object (&self->cancellable);
  self->pyramid = pyramid;
  g_clear_object (&self->preview);
#ifdef __GLIBC__
  /* Decoding freed tens of megabytes in many pieces (the preview, libjpeg's
   * buffers); give them back rather than keep them resident. */
  malloc_trim (0);
#endif
  set_image_size (self, limn_image_pyramid_get_width (pyramid), limn_image_pyramid_get_height (pyramid));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FULL_RESOLUTION]);
  set_state (self, LIMN_IMAGE_CANVAS_STATE_READY, NULL);
  limn_image_canvas_update_hover (self);
}

static void
start_loading (LimnImageCanvas *self)
{
  const char *path = limn_task_get_media_path (self->task);
  GtkWidget *widget = GTK_WIDGET (self);
  int sf = gtk_widget_get_scale_factor (widget);
  int pw = gtk_widget_get_width (widget) * sf;
  int ph = gtk_widget_get_height (widget) * sf;

  if (path == NULL)
    {
      set_state (self, LIMN_IMAGE_CANVAS_STATE_ERROR, _("This task has no image file"));
      return;
    }

  /* Before the first allocation, preview for a typical window. */
  if (pw <= 0 || ph <= 0)
    {
      pw = 1280 * sf;
      ph = 800 * sf;
    }

  self->cancellable = g_cancellable_new ();
  set_state (self, LIMN_IMAGE_CANVAS_STATE_LOADING, NULL);
  limn_image_load_async (path, self->max_pixels, pw, ph,
                         load_progress_cb, g_object_ref (self), g_object_unref,
                         self->cancellable, load_done_cb, g_object_ref (self));
}

static void
draft_changed_cb (LimnImageCanvas *self)
{
  rebuild_items (self);

  if (self->selected_id != NULL && limn_image_canvas_lookup_item (self, self->selected_id) == NULL)
    limn_image_canvas_set_selected (self, NULL);
  if (self->hover_id != NULL && limn_image_canvas_lookup_item (self, self->hover_id) == NULL)
    g_clear_pointer (&self->hover_id, g_free);

  limn_image_canvas_update_actions (self);
  limn_image_canvas_update_hover (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
limn_image_canvas_set_task (LimnImageCanvas *self,
                            LimnTask        *task,
                            LimnDraft       *draft)
{
  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));
  g_return_if_fail (task == NULL || LIMN_IS_TASK (task));
  g_return_if_fail (draft == NULL || LIMN_IS_DRAFT (draft));

  limn_image_canvas_cancel_drag (self);

  if (self->draft != NULL)
    {
      g_clear_signal_handler (&self->draft_changed_id, self->draft);
      g_clear_object (&self->draft);
    }

  if (self->task != task)
    {
      clear_image (self);
      g_set_object (&self->task, task);
      if (task != NULL)
        start_loading (self);
      else
        set_state (self, LIMN_IMAGE_CANVAS_STATE_EMPTY, NULL);
    }

  if (draft != NULL)
    {
      self->draft = g_object_ref (draft);
      self->draft_changed_id = g_signal_connect_swapped (draft, "changed",
                                                         G_CALLBACK (draft_changed_cb), self);
    }

  g_clear_pointer (&self->hover_id, g_free);
  limn_image_canvas_set_selected (self, NULL);
  rebuild_items (self);
  limn_image_canvas_update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
limn_image_canvas_set_project (LimnImageCanvas *self,
                               LimnProject     *project)
{
  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));
  g_return_if_fail (project == NULL || LIMN_IS_PROJECT (project));

  if (g_set_object (&self->project, project))
    {
      g_hash_table_remove_all (self->chip_layouts);
      rebuild_items (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

void
limn_image_canvas_set_max_pixels (LimnImageCanvas *self,
                                  guint64          max_pixels)
{
  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));

  self->max_pixels = max_pixels;
}

void
limn_image_canvas_set_show_crosshair (LimnImageCanvas *self,
                                      gboolean         show_crosshair)
{
  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));

  show_crosshair = !!show_crosshair;
  if (self->show_crosshair != show_crosshair)
    {
      self->show_crosshair = show_crosshair;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_CROSSHAIR]);
    }
}

gboolean
limn_image_canvas_get_show_crosshair (LimnImageCanvas *self)
{
  g_return_val_if_fail (LIMN_IS_IMAGE_CANVAS (self), FALSE);

  return self->show_crosshair;
}

LimnImageCanvasState
limn_image_canvas_get_state (LimnImageCanvas *self)
{
  g_return_val_if_fail (LIMN_IS_IMAGE_CANVAS (self), LIMN_IMAGE_CANVAS_STATE_EMPTY);

  return self->state;
}

const char *
limn_image_canvas_get_error_message (LimnImageCanvas *self)
{
  g_return_val_if_fail (LIMN_IS_IMAGE_CANVAS (self), NULL);

  return self->error_message;
}

double
limn_image_canvas_get_zoom (LimnImageCanvas *self)
{
  g_return_val_if_fail (LIMN_IS_IMAGE_CANVAS (self), 1.0);

  return self->zoom;
}

void
limn_image_canvas_get_image_size (LimnImageCanvas *self,
                                  int             *width,
                                  int             *height)
{
  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));

  if (width)
    *width = self->image_width;
  if (height)
    *height = self->image_height;
}

gboolean
limn_image_canvas_get_full_resolution (LimnImageCanvas *self)
{
  g_return_val_if_fail (LIMN_IS_IMAGE_CANVAS (self), FALSE);

  return self->pyramid != NULL;
}

/* ------------------------------------------------------------------------ */
/* Rendering                                                                */

/* With GSK's cairo renderer a texture node is converted to a cairo surface
 * on every frame (and through a float path for RGB), so the canvas keeps
 * the visible tiles as cairo surfaces, converted once, and draws them in a
 * cairo node. Other renderers upload textures once and keep them. */
typedef struct
{
  cairo_surface_t *surface;
  guint64          last_used;
} TileSurface;

static void
tile_surface_free (gpointer data)
{
  TileSurface *tile = data;

  cairo_surface_destroy (tile->surface);
  g_free (tile);
}

static double
snap_px (double v,
         double sf)
{
  return round (v * sf) / sf;
}

static gboolean
uses_cairo_renderer (LimnImageCanvas *self)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GskRenderer *renderer = native ? gtk_native_get_renderer (native) : NULL;

  return renderer != NULL && GSK_IS_CAIRO_RENDERER (renderer);
}

static cairo_surface_t *
tile_surface (LimnImageCanvas *self,
              GdkTexture      *texture,
              guint            level,
              guint            column,
              guint            row)
{
  TileSurface *tile = g_hash_table_lookup (self->tile_cache, texture);

  if (tile == NULL)
    {
      tile = g_new0 (TileSurface, 1);
      tile->surface = limn_image_pyramid_create_tile_surface (self->pyramid, level, column, row);
      g_hash_table_insert (self->tile_cache, texture, tile);
    }
  tile->last_used = self->frame_serial;

  return tile->surface;
}

static cairo_surface_t *
tile_surface_lookup (LimnImageCanvas *self,
                     GdkTexture      *texture)
{
  TileSurface *tile = g_hash_table_lookup (self->tile_cache, texture);

  return tile ? tile->surface : NULL;
}

static void
tile_surface_touch (LimnImageCanvas *self,
                    GdkTexture      *texture)
{
  TileSurface *tile = g_hash_table_lookup (self->tile_cache, texture);

  if (tile != NULL)
    tile->last_used = self->frame_serial;
}

static gboolean
refine_cb (gpointer data)
{
  LimnImageCanvas *self = data;

  self->refine_id = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));

  return G_SOURCE_REMOVE;
}

/* Keeps the tiles of this frame and a few more; the rest go. */
static void
trim_tile_cache (LimnImageCanvas *self,
                 guint            n_visible)
{
  guint cap = n_visible + 2;

  while (g_hash_table_size (self->tile_cache) > cap)
    {
      GHashTableIter iter;
      gpointer key, value, oldest_key = NULL;
      guint64 oldest = G_MAXUINT64;

      g_hash_table_iter_init (&iter, self->tile_cache);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          TileSurface *tile = value;

          if (tile->last_used < oldest)
            {
              oldest = tile->last_used;
              oldest_key = key;
            }
        }

      if (oldest_key == NULL || oldest == self->frame_serial)
        break;
      g_hash_table_remove (self->tile_cache, oldest_key);
    }
}

/* Draws the visible tiles of one mip level. Coordinates are zoomed image
 * coordinates (the caller translated to the view's offset); @view is the
 * widget's rectangle in them. */
static void
snapshot_tiles (LimnImageCanvas       *self,
                GtkSnapshot           *snapshot,
                const graphene_rect_t *view)
{
  double sf = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  double device_zoom = self->zoom * sf;
  guint n_levels = limn_image_pyramid_get_n_levels (self->pyramid);
  gboolean with_cairo = uses_cairo_renderer (self);
  gboolean incomplete = FALSE;
  GtkSnapshot *outer;
  gint64 deadline;
  guint level = 0;
  guint n_visible = 0;
  double level_scale, tile_extent;
  double vx1, vy1, vx2, vy2;
  guint n_columns, n_rows;
  int c1, r1, c2, r2;

  /* The coarsest level that still has at least one pixel per device pixel:
   * minification between 1× and 2×, never magnification of a coarse level. */
  while (level + 1 < n_levels && ldexp (1.0, -(int)(level + 1)) >= device_zoom)
    level++;

  level_scale = ldexp (1.0, level);    /* image px per level px */
  tile_extent = LIMN_IMAGE_TILE_SIZE * level_scale;
  limn_image_pyramid_get_level_size (self->pyramid, level, NULL, NULL, &n_columns, &n_rows);

  vx1 = MAX (view->origin.x / self->zoom, 0);
  vy1 = MAX (view->origin.y / self->zoom, 0);
  vx2 = MIN ((view->origin.x + view->size.width) / self->zoom, self->image_width);
  vy2 = MIN ((view->origin.y + view->size.height) / self->zoom, self->image_height);
  if (vx2 <= vx1 || vy2 <= vy1)
    return;

  c1 = (int)floor (vx1 / tile_extent);
  r1 = (int)floor (vy1 / tile_extent);
  c2 = MIN ((int)ceil (vx2 / tile_extent), (int)n_columns) - 1;
  r2 = MIN ((int)ceil (vy2 / tile_extent), (int)n_rows) - 1;

  {
    int key[6] = { level, c1, r1, c2, r2, (int)sf };

    if (self->tiles_node != NULL && self->tiles_zoom == self->zoom &&
        memcmp (key, self->tiles_key, sizeof key) == 0)
      {
        gtk_snapshot_append_node (snapshot, self->tiles_node);
        return;
      }
    memcpy (self->tiles_key, key, sizeof key);
    self->tiles_zoom = self->zoom;
    g_clear_pointer (&self->tiles_node, gsk_render_node_unref);
  }

  /* Drawn into a node of its own, kept for the next frames. */
  outer = snapshot;
  snapshot = gtk_snapshot_new ();
  deadline = g_get_monotonic_time () + TILE_BUDGET_US;

  for (int r = r1; r <= r2; r++)
    for (int c = c1; c <= c2; c++)
      {
        GdkTexture *tile = limn_image_pyramid_get_tile (self->pyramid, level, c, r);
        double ix1 = c * tile_extent;
        double iy1 = r * tile_extent;
        double ix2 = MIN (ix1 + gdk_texture_get_width (tile) * level_scale, self->image_width);
        double iy2 = MIN (iy1 + gdk_texture_get_height (tile) * level_scale, self->image_height);
        /* Edges on the device pixel grid: neighbouring tiles meet exactly,
         * without seams from antialiased fractional edges. */
        double x1 = snap_px (ix1 * self->zoom, sf);
        double y1 = snap_px (iy1 * self->zoom, sf);
        double x2 = snap_px (ix2 * self->zoom, sf);
        double y2 = snap_px (iy2 * self->zoom, sf);
        graphene_rect_t dest = GRAPHENE_RECT_INIT (x1, y1, x2 - x1, y2 - y1);
        cairo_surface_t *surface;
        guint src_level = level;
        guint src_c = c, src_r = r;
        GdkTexture *src = tile;
        cairo_t *cr;

        n_visible++;

        if (!with_cairo)
          {
            gtk_snapshot_append_texture (snapshot, tile, &dest);
            continue;
          }

        surface = tile_surface_lookup (self, tile);
        if (surface == NULL && g_get_monotonic_time () < deadline)
          surface = tile_surface (self, tile, level, c, r);
        if (surface == NULL)
          {
            /* Out of time for converting tiles in this frame: a coarser
             * level stands in, and the next frames sharpen the image. */
            incomplete = TRUE;
            while (surface == NULL && src_level + 1 < n_levels)
              {
                src_level++;
                src_c /= 2;
                src_r /= 2;
                src = limn_image_pyramid_get_tile (self->pyramid, src_level, src_c, src_r);
                surface = tile_surface_lookup (self, src);
              }
            if (surface == NULL)
              surface = tile_surface (self, src, src_level, src_c, src_r);
          }
        tile_surface_touch (self, src);

        cr = gtk_snapshot_append_cairo (snapshot, &dest);
        cairo_rectangle (cr, x1, y1, x2 - x1, y2 - y1);
        cairo_clip (cr);
        {
          /* Where the source tile lies, in zoomed coordinates. */
          double src_extent = LIMN_IMAGE_TILE_SIZE * ldexp (1.0, src_level);
          double sx1 = src_c * src_extent * self->zoom;
          double sy1 = src_r * src_extent * self->zoom;
          double scale = ldexp (1.0, src_level) * self->zoom;

          if (src_level == level)
            {
              /* Exactly onto the snapped edges. */
              cairo_translate (cr, x1, y1);
              cairo_scale (cr, (x2 - x1) / gdk_texture_get_width (tile),
                           (y2 - y1) / gdk_texture_get_height (tile));
            }
          else
            {
              cairo_translate (cr, sx1, sy1);
              cairo_scale (cr, scale, scale);
            }
        }
        cairo_set_source_surface (cr, surface, 0, 0);
        /* Zoomed in, annotators want to see the pixels; otherwise bilinear,
         * which between 1× and 2× minification of the mip is enough. */
        cairo_pattern_set_filter (cairo_get_source (cr),
                                  device_zoom >= NEAREST_FROM_ZOOM ? CAIRO_FILTER_NEAREST
                                                                   : CAIRO_FILTER_BILINEAR);
        cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
        cairo_paint (cr);
        cairo_destroy (cr);
      }

  if (with_cairo)
    trim_tile_cache (self, n_visible * (incomplete ? 2 : 1));

  if (incomplete)
    {
      /* Not the node to keep: draw again soon with more tiles ready. */
      GskRenderNode *node = gtk_snapshot_free_to_node (snapshot);

      self->tiles_key[0] = -1;
      if (node != NULL)
        {
          gtk_snapshot_append_node (outer, node);
          gsk_render_node_unref (node);
        }
      if (self->refine_id == 0)
        self->refine_id = g_idle_add_full (G_PRIORITY_LOW, refine_cb, self, NULL);
      return;
    }

  self->tiles_node = gtk_snapshot_free_to_node (snapshot);
  if (self->tiles_node != NULL)
    gtk_snapshot_append_node (outer, self->tiles_node);
}

static PangoLayout *
chip_layout (LimnImageCanvas *self,
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
        return g_strdup_printf (_("%s %.0f%%"), name, region->score * 100);
      return g_strdup (name);
    }

  if (region->confidence != LIMN_CONFIDENCE_UNSET)
    return g_strdup_printf ("%s · %.1f", name, region->confidence);

  return g_strdup (name);
}

static gboolean
color_is_light (const GdkRGBA *c)
{
  return 0.2126 * c->red + 0.7152 * c->green + 0.0722 * c->blue > 0.62;
}

/* Where a box's chip goes: above its top-left corner, or inside when the
 * box touches the image's top (y = 0 in zoomed coordinates). */
static graphene_rect_t
chip_rect (LimnImageCanvas       *self,
           const CanvasItem      *item,
           const graphene_rect_t *r)
{
  g_autofree char *text = chip_text (item);
  PangoLayout *layout = chip_layout (self, text);
  PangoRectangle logical;
  double extra = item->suggestion ? 14 : 0;
  double cy = r->origin.y - CHIP_HEIGHT - 1;

  double cw, cx;

  pango_layout_get_pixel_extents (layout, NULL, &logical);
  if (cy < 0)
    cy = r->origin.y + 2;
  cw = logical.width + 2 * CHIP_PAD_X + extra;
  /* Slide left rather than hang off the image's right edge. */
  cx = MAX (MIN (r->origin.x - 1, self->image_width * self->zoom - cw), r->origin.x - 1 - MAX (cw - r->size.width, 0));

  return GRAPHENE_RECT_INIT (cx, cy, cw, CHIP_HEIGHT);
}

/* The label chip at the box's top-left, above it, or inside when the box
 * touches the image's top (y = 0 in zoomed coordinates). */
static void
snapshot_chip (LimnImageCanvas       *self,
               GtkSnapshot           *snapshot,
               const CanvasItem      *item,
               const graphene_rect_t *r)
{
  g_autofree char *text = chip_text (item);
  PangoLayout *layout = chip_layout (self, text);
  PangoRectangle logical;
  graphene_rect_t place;
  GskRoundedRect chip;
  GdkRGBA bg = item->color;
  GdkRGBA fg = { 1, 1, 1, 1 };
  double extra = item->suggestion ? 14 : 0;
  double cw, cx, cy;

  place = chip_rect (self, item, r);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  cw = place.size.width;
  cx = place.origin.x;
  cy = place.origin.y;

  if (item->suggestion)
    bg.alpha = 0.8;
  if (color_is_light (&item->color))
    fg = (GdkRGBA) { 0.08, 0.08, 0.1, 1 };

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
  gtk_snapshot_append_layout (snapshot, layout, &fg);
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

/* The box's rectangle in zoomed image coordinates, on the device grid. */
static graphene_rect_t
zoomed_rect (LimnImageCanvas *self,
             const LimnBox   *box)
{
  double sf = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  double x1 = snap_px (box->x * self->zoom, sf);
  double y1 = snap_px (box->y * self->zoom, sf);
  double x2 = MAX (snap_px ((box->x + box->w) * self->zoom, sf), x1 + 1 / sf);
  double y2 = MAX (snap_px ((box->y + box->h) * self->zoom, sf), y1 + 1 / sf);

  return GRAPHENE_RECT_INIT (x1, y1, x2 - x1, y2 - y1);
}

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

  /* Small boxes get their chip only when hovered or selected, so 2,000 boxes
   * at fit zoom stay readable. */
  if (style == BOX_SELECTED || (style == BOX_HOVER_OVERLAY && !big) || (style == BOX_NORMAL && big))
    snapshot_chip (self, snapshot, item, &r);

  if (style == BOX_SELECTED && !item->suggestion)
    snapshot_handles (snapshot, &r, &item->color);
}

static void
array_unref_nullable (gpointer data)
{
  if (data != NULL)
    g_array_unref (data);
}

/* The chip as snapshot_chip() draws it, but into a cairo context: inside
 * the boxes node, hundreds of chips are one render node instead of three
 * nodes and a rounded clip each. */
static void
cairo_chip (LimnImageCanvas       *self,
            cairo_t               *cr,
            const CanvasItem      *item,
            const graphene_rect_t *r)
{
  g_autofree char *text = chip_text (item);
  PangoLayout *layout = chip_layout (self, text);
  PangoRectangle logical;
  graphene_rect_t place;
  GdkRGBA bg = item->color;
  GdkRGBA fg = { 1, 1, 1, 1 };
  double extra = item->suggestion ? 14 : 0;
  double radius = 5;
  double cw, cx, cy;

  place = chip_rect (self, item, r);
  pango_layout_get_pixel_extents (layout, NULL, &logical);
  cw = place.size.width;
  cx = place.origin.x;
  cy = place.origin.y;

  if (item->suggestion)
    bg.alpha = 0.8;
  if (color_is_light (&item->color))
    fg = (GdkRGBA) { 0.08, 0.08, 0.1, 1 };

  cairo_new_sub_path (cr);
  cairo_arc (cr, cx + cw - radius, cy + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, cx + cw - radius, cy + CHIP_HEIGHT - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, cx + radius, cy + CHIP_HEIGHT - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, cx + radius, cy + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  gdk_cairo_set_source_rgba (cr, &bg);
  cairo_fill (cr);

  gdk_cairo_set_source_rgba (cr, &fg);
  if (item->suggestion)
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

typedef struct
{
  guint           index;   /* into self->items */
  graphene_rect_t rect;    /* zoomed box */
  graphene_rect_t chip;    /* placed chip, or empty */
} BaseEntry;

/* Lays chips out greedily, larger boxes first: a chip that would cover one
 * already placed is left out (hovering or selecting its box shows it), so
 * dense scenes stay readable. */
static void
place_chips (LimnImageCanvas       *self,
             GArray                *entries,
             const graphene_rect_t *bounds)
{
  int cols = (int)ceil (bounds->size.width / CHIP_CELL) + 1;
  int rows = (int)ceil ((bounds->size.height + CHIP_HEIGHT + 4) / CHIP_CELL) + 1;
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (array_unref_nullable);

  g_ptr_array_set_size (cells, cols * rows);

  for (guint i = 0; i < entries->len; i++)
    {
      BaseEntry *e = &g_array_index (entries, BaseEntry, i);
      const CanvasItem *item = g_ptr_array_index (self->items, e->index);
      gboolean free_spot = TRUE;
      graphene_rect_t chip;
      int c1, r1, c2, r2;

      if (e->rect.size.width < CHIP_MIN_BOX || e->rect.size.height < CHIP_MIN_BOX)
        continue;

      chip = chip_rect (self, item, &e->rect);
      c1 = CLAMP ((int)floor ((chip.origin.x - bounds->origin.x) / CHIP_CELL), 0, cols - 1);
      r1 = CLAMP ((int)floor ((chip.origin.y - bounds->origin.y + CHIP_HEIGHT + 4) / CHIP_CELL), 0, rows - 1);
      c2 = CLAMP ((int)floor ((chip.origin.x + chip.size.width - bounds->origin.x) / CHIP_CELL), 0, cols - 1);
      r2 = CLAMP ((int)floor ((chip.origin.y + chip.size.height - bounds->origin.y + CHIP_HEIGHT + 4) / CHIP_CELL), 0, rows - 1);

      for (int y = r1; y <= r2 && free_spot; y++)
        for (int x = c1; x <= c2 && free_spot; x++)
          {
            GArray *placed = g_ptr_array_index (cells, y * cols + x);

            for (guint k = 0; placed != NULL && k < placed->len && free_spot; k++)
              free_spot = !graphene_rect_intersection (&g_array_index (placed, graphene_rect_t, k),
                                                      &chip, NULL);
          }
      if (!free_spot)
        continue;

      for (int y = r1; y <= r2; y++)
        for (int x = c1; x <= c2; x++)
          {
            GArray **placed = (GArray **)&g_ptr_array_index (cells, y * cols + x);

            if (*placed == NULL)
              *placed = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
            g_array_append_val (*placed, chip);
          }
      e->chip = chip;
    }
}

/* One cell of the boxes layer: the fills and outlines of each colour as a
 * single cairo path, then suggestions, then chips. */
static void
snapshot_base_cell (LimnImageCanvas       *self,
                    GtkSnapshot           *snapshot,
                    GArray                *all_entries,
                    GArray                *members,
                    GArray                *colors,
                    const graphene_rect_t *cell)
{
  static const double dashes[] = { 6, 4 };
  graphene_rect_t reach;
  cairo_t *cr = NULL;

  /* Strokes reach 1.5 px past a box, chips hang above it. */
  graphene_rect_inset_r (cell, -2, -2, &reach);

#define CELL_CR() (cr != NULL ? cr : (cr = gtk_snapshot_append_cairo (snapshot, cell),          \
                                      cairo_rectangle (cr, cell->origin.x, cell->origin.y,       \
                                                       cell->size.width, cell->size.height),     \
                                      cairo_clip (cr), cr))

  for (guint c = 0; c < colors->len; c++)
    {
      GdkRGBA color = g_array_index (colors, GdkRGBA, c);
      gboolean any = FALSE;

      for (guint i = 0; i < members->len; i++)
        {
          const BaseEntry *e = &g_array_index (all_entries, BaseEntry, g_array_index (members, guint, i));
          const CanvasItem *item = g_ptr_array_index (self->items, e->index);

          if (item->suggestion || !gdk_rgba_equal (&item->color, &color) ||
              !graphene_rect_intersection (&e->rect, &reach, NULL))
            continue;
          if (!any)
            cairo_new_path (CELL_CR ());
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
  for (guint i = 0; i < members->len; i++)
    {
      const BaseEntry *e = &g_array_index (all_entries, BaseEntry, g_array_index (members, guint, i));
      const CanvasItem *item = g_ptr_array_index (self->items, e->index);
      GdkRGBA fill = item->color;

      if (!item->suggestion || !graphene_rect_intersection (&e->rect, &reach, NULL))
        continue;
      fill.alpha = 0.06;
      cairo_rectangle (CELL_CR (), e->rect.origin.x, e->rect.origin.y, e->rect.size.width, e->rect.size.height);
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

  for (guint i = 0; i < members->len; i++)
    {
      const BaseEntry *e = &g_array_index (all_entries, BaseEntry, g_array_index (members, guint, i));

      if (e->chip.size.width > 0 && graphene_rect_intersection (&e->chip, cell, NULL))
        cairo_chip (self, CELL_CR (), g_ptr_array_index (self->items, e->index), &e->rect);
    }

#undef CELL_CR

  if (cr != NULL)
    cairo_destroy (cr);
}

/* The cached layer of every box in @area (zoomed coordinates) except the
 * one drawn on top, in cells of BASE_CELL pixels: within a cell all boxes
 * of a colour are one cairo path (2,000 boxes make a few hundred drawing
 * operations, not 4,000 render nodes to walk every frame), and a small
 * change on screen (hover, the crosshair) only replays the cells it
 * touches. */
static GskRenderNode *
build_base_node (LimnImageCanvas       *self,
                 const graphene_rect_t *area,
                 const char            *exclude)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GArray) colors = g_array_new (FALSE, FALSE, sizeof (GdkRGBA));
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (BaseEntry));
  g_autoptr(GPtrArray) cells = NULL;
  double x1 = area->origin.x / self->zoom;
  double y1 = area->origin.y / self->zoom;
  double x2 = (area->origin.x + area->size.width) / self->zoom;
  double y2 = (area->origin.y + area->size.height + CHIP_HEIGHT + 4) / self->zoom;
  graphene_rect_t bounds;
  int cols, rows;

  grid_query (self, x1, y1, x2, y2, TRUE);
  if (self->visible->len == 0)
    return NULL;

  for (guint i = 0; i < self->visible->len; i++)
    {
      guint index = g_array_index (self->visible, guint, i);
      const CanvasItem *item = g_ptr_array_index (self->items, index);
      BaseEntry e = { index, zoomed_rect (self, &item->region->box), GRAPHENE_RECT_INIT (0, 0, 0, 0) };
      gboolean known = FALSE;

      if (g_strcmp0 (item->region->id, exclude) == 0)
        continue;
      g_array_append_val (entries, e);
      for (guint c = 0; c < colors->len && !known; c++)
        known = gdk_rgba_equal (&g_array_index (colors, GdkRGBA, c), &item->color);
      if (!known && !item->suggestion)
        g_array_append_val (colors, item->color);
    }

  graphene_rect_inset_r (area, -4, -4, &bounds);
  place_chips (self, entries, &bounds);

  cols = (int)ceil (bounds.size.width / BASE_CELL);
  rows = (int)ceil (bounds.size.height / BASE_CELL);
  cells = g_ptr_array_new_with_free_func (array_unref_nullable);
  g_ptr_array_set_size (cells, cols * rows);

  /* Each entry goes in the cells its box, stroke or chip reaches, in draw
   * order. */
  for (guint i = 0; i < entries->len; i++)
    {
      const BaseEntry *e = &g_array_index (entries, BaseEntry, i);
      graphene_rect_t reach;
      int c1, r1, c2, r2;

      graphene_rect_inset_r (&e->rect, -2, -2, &reach);
      if (e->chip.size.width > 0)
        graphene_rect_union (&reach, &e->chip, &reach);
      c1 = CLAMP ((int)floor ((reach.origin.x - bounds.origin.x) / BASE_CELL), 0, cols - 1);
      r1 = CLAMP ((int)floor ((reach.origin.y - bounds.origin.y) / BASE_CELL), 0, rows - 1);
      c2 = CLAMP ((int)floor ((reach.origin.x + reach.size.width - bounds.origin.x) / BASE_CELL), 0, cols - 1);
      r2 = CLAMP ((int)floor ((reach.origin.y + reach.size.height - bounds.origin.y) / BASE_CELL), 0, rows - 1);

      for (int r = r1; r <= r2; r++)
        for (int c = c1; c <= c2; c++)
          {
            GArray **members = (GArray **)&g_ptr_array_index (cells, r * cols + c);

            if (*members == NULL)
              *members = g_array_new (FALSE, FALSE, sizeof (guint));
            g_array_append_val (*members, i);
          }
    }

  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++)
      {
        GArray *members = g_ptr_array_index (cells, r * cols + c);
        graphene_rect_t cell = GRAPHENE_RECT_INIT (bounds.origin.x + c * BASE_CELL,
                                                   bounds.origin.y + r * BASE_CELL,
                                                   BASE_CELL, BASE_CELL);

        if (members != NULL)
          snapshot_base_cell (self, snapshot, entries, members, colors, &cell);
      }

  return gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

static void
snapshot_boxes (LimnImageCanvas       *self,
                GtkSnapshot           *snapshot,
                const graphene_rect_t *view)
{
  const CanvasItem *front = NULL;
  const char *exclude = NULL;
  gboolean dragging = self->drag_mode == CANVAS_DRAG_MOVE || self->drag_mode == CANVAS_DRAG_RESIZE;
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  /* The selected (or dragged) box is drawn on top, out of the cache. */
  if (dragging)
    front = limn_image_canvas_lookup_item (self, self->drag_id);
  if (front == NULL)
    front = limn_image_canvas_lookup_item (self, self->selected_id);
  if (front != NULL)
    exclude = front->region->id;

  if (self->base_node == NULL ||
      self->base_zoom != self->zoom ||
      self->base_scale != scale ||
      self->base_items_serial != self->items_serial ||
      g_strcmp0 (self->base_exclude, exclude) != 0 ||
      !graphene_rect_contains_rect (&self->base_area, view))
    {
      /* Cover half a view more on each side, so panning reuses it. */
      graphene_rect_inset_r (view, -view->size.width / 2, -view->size.height / 2, &self->base_area);
      g_clear_pointer (&self->base_node, gsk_render_node_unref);
      self->base_node = build_base_node (self, &self->base_area, exclude);
      self->base_zoom = self->zoom;
      self->base_scale = scale;
      self->base_items_serial = self->items_serial;
      limn_set_str (&self->base_exclude, exclude);
    }

  if (self->base_node != NULL)
    gtk_snapshot_append_node (snapshot, self->base_node);

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
      label_color (self, region->label_id, &ghost.color, &ghost.label_name);
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

static void
limn_image_canvas_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  LimnImageCanvas *self = LIMN_IMAGE_CANVAS (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double sf = gtk_widget_get_scale_factor (widget);
  double ox, oy;
  graphene_rect_t image_rect, view;

  self->frame_serial++;
  gtk_snapshot_append_color (snapshot, &background_color, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (!limn_image_canvas_has_image (self))
    {
      if (self->state == LIMN_IMAGE_CANVAS_STATE_ERROR)
        snapshot_error (self, snapshot, width, height);
      gtk_widget_snapshot_child (widget, self->spinner, snapshot);
      return;
    }

  /* Everything image-bound is drawn in zoomed image coordinates under one
   * translation to the view's offset, on the device pixel grid. */
  ox = snap_px (self->offset_x, sf);
  oy = snap_px (self->offset_y, sf);
  view = GRAPHENE_RECT_INIT (-ox, -oy, width, height);
  image_rect = GRAPHENE_RECT_INIT (0, 0,
                                   snap_px (self->image_width * self->zoom, sf),
                                   snap_px (self->image_height * self->zoom, sf));

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (ox, oy));

  /* A faint line separates the image from the background. */
  {
    GskRoundedRect outline;
    const float widths[4] = { 1, 1, 1, 1 };
    const GdkRGBA colors[4] = { image_border_color, image_border_color,
                                image_border_color, image_border_color };

    gsk_rounded_rect_init_from_rect (&outline, &image_rect, 0);
    gsk_rounded_rect_shrink (&outline, -1, -1, -1, -1);
    gtk_snapshot_append_border (snapshot, &outline, widths, colors);
  }

  if (self->pyramid != NULL)
    snapshot_tiles (self, snapshot, &view);
  else
    gtk_snapshot_append_texture (snapshot, self->preview, &image_rect);

  snapshot_boxes (self, snapshot, &view);

  gtk_snapshot_restore (snapshot);

  if (self->show_crosshair && self->pointer_inside && !self->space_held &&
      (self->drag_mode == CANVAS_DRAG_NONE || self->drag_mode == CANVAS_DRAG_CREATE) &&
      (self->cursor_name == NULL || g_str_equal (self->cursor_name, "crosshair") ||
       g_str_equal (self->cursor_name, "pointer")))
    snapshot_crosshair (self, snapshot, width, height);

  self->frame_has_image = TRUE;
}

/* ::first-frame is emitted once the frame that shows the image and its
 * boxes has been painted, which is what the user sees. */
static void
after_paint_cb (GdkFrameClock   *clock,
                LimnImageCanvas *self)
{
  if (self->frame_has_image && !self->first_frame_emitted)
    {
      self->first_frame_emitted = TRUE;
      g_signal_emit (self, signals[FIRST_FRAME], 0);
    }
}

static void
limn_image_canvas_realize (GtkWidget *widget)
{
  LimnImageCanvas *self = LIMN_IMAGE_CANVAS (widget);

  GTK_WIDGET_CLASS (limn_image_canvas_parent_class)->realize (widget);

  self->frame_clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  self->after_paint_id = g_signal_connect (self->frame_clock, "after-paint",
                                           G_CALLBACK (after_paint_cb), self);
}

static void
limn_image_canvas_unrealize (GtkWidget *widget)
{
  LimnImageCanvas *self = LIMN_IMAGE_CANVAS (widget);

  if (self->frame_clock != NULL)
    {
      g_clear_signal_handler (&self->after_paint_id, self->frame_clock);
      g_clear_object (&self->frame_clock);
    }
  clear_tile_surfaces (self);

  GTK_WIDGET_CLASS (limn_image_canvas_parent_class)->unrealize (widget);
}

static void
limn_image_canvas_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  LimnImageCanvas *self = LIMN_IMAGE_CANVAS (widget);
  int min_w, min_h;

  gtk_widget_measure (self->spinner, GTK_ORIENTATION_HORIZONTAL, -1, &min_w, NULL, NULL, NULL);
  gtk_widget_measure (self->spinner, GTK_ORIENTATION_VERTICAL, -1, &min_h, NULL, NULL, NULL);
  min_w = MAX (min_w, 32);
  min_h = MAX (min_h, 32);
  gtk_widget_size_allocate (self->spinner,
                            &(GtkAllocation) { (width - min_w) / 2, (height - min_h) / 2, min_w, min_h },
                            -1);

  if (self->image_width > 0)
    {
      if (self->fitted || !self->view_valid)
        limn_image_canvas_zoom_fit (self);
      else
        {
          set_zoom_internal (self, CLAMP (self->zoom, limn_image_canvas_min_zoom (self),
                                          limn_image_canvas_max_zoom (self)));
          limn_image_canvas_clamp_view (self);
        }
    }
}

static void
limn_image_canvas_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  *minimum = 64;
  *natural = 640;
}

static void
limn_image_canvas_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  LimnImageCanvas *self = LIMN_IMAGE_CANVAS (widget);

  GTK_WIDGET_CLASS (limn_image_canvas_parent_class)->css_changed (widget, change);

  /* Fonts may have changed. */
  g_hash_table_remove_all (self->chip_layouts);
  self->items_serial++;
}

static void
limn_image_canvas_dispose (GObject *object)
{
  LimnImageCanvas *self = LIMN_IMAGE_CANVAS (object);

  limn_image_canvas_set_task (self, NULL, NULL);
  g_clear_handle_id (&self->refine_id, g_source_remove);
  g_clear_pointer (&self->spinner, gtk_widget_unparent);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (limn_image_canvas_parent_class)->dispose (object);
}

static void
limn_image_canvas_finalize (GObject *object)
{
  LimnImageCanvas *self = LIMN_IMAGE_CANVAS (object);

  grid_clear (self);
  g_ptr_array_unref (self->items);
  g_array_unref (self->visible);
  g_hash_table_unref (self->chip_layouts);
  g_hash_table_unref (self->tile_cache);
  g_clear_pointer (&self->base_node, gsk_render_node_unref);
  g_clear_pointer (&self->tiles_node, gsk_render_node_unref);
  g_free (self->base_exclude);
  g_free (self->active_label);
  g_free (self->selected_id);
  g_free (self->hover_id);
  g_free (self->error_message);
  g_free (self->drag_id);
  g_free (self->last_click_id);

  G_OBJECT_CLASS (limn_image_canvas_parent_class)->finalize (object);
}

static void
limn_image_canvas_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LimnImageCanvas *self = LIMN_IMAGE_CANVAS (object);

  switch (prop_id)
    {
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    case PROP_SELECTED_ID:
      g_value_set_string (value, self->selected_id);
      break;
    case PROP_ACTIVE_LABEL:
      g_value_set_string (value, self->active_label);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    case PROP_SHOW_CROSSHAIR:
      g_value_set_boolean (value, self->show_crosshair);
      break;
    case PROP_FULL_RESOLUTION:
      g_value_set_boolean (value, self->pyramid != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_image_canvas_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LimnImageCanvas *self = LIMN_IMAGE_CANVAS (object);

  switch (prop_id)
    {
    case PROP_SELECTED_ID:
      limn_image_canvas_select (self, g_value_get_string (value));
      break;
    case PROP_ACTIVE_LABEL:
      limn_image_canvas_set_active_label (self, g_value_get_string (value));
      break;
    case PROP_SHOW_CROSSHAIR:
      limn_image_canvas_set_show_crosshair (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_image_canvas_class_init (LimnImageCanvasClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = limn_image_canvas_dispose;
  object_class->finalize = limn_image_canvas_finalize;
  object_class->get_property = limn_image_canvas_get_property;
  object_class->set_property = limn_image_canvas_set_property;

  widget_class->snapshot = limn_image_canvas_snapshot;
  widget_class->measure = limn_image_canvas_measure;
  widget_class->size_allocate = limn_image_canvas_size_allocate;
  widget_class->realize = limn_image_canvas_realize;
  widget_class->unrealize = limn_image_canvas_unrealize;
  widget_class->css_changed = limn_image_canvas_css_changed;

  /**
   * LimnImageCanvas:zoom:
   *
   * Logical pixels per image pixel.
   */
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, 0, G_MAXDOUBLE, 1.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_ID] =
    g_param_spec_string ("selected-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE_LABEL] =
    g_param_spec_string ("active-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       LIMN_TYPE_IMAGE_CANVAS_STATE, LIMN_IMAGE_CANVAS_STATE_EMPTY,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_CROSSHAIR] =
    g_param_spec_boolean ("show-crosshair", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FULL_RESOLUTION] =
    g_param_spec_boolean ("full-resolution", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LimnImageCanvas::first-frame:
   *
   * The first frame showing the task's image (preview or full) with its
   * boxes has been painted.
   */
  signals[FIRST_FRAME] =
    g_signal_new ("first-frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "limn-image-canvas");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);

  limn_image_canvas_class_init_actions (widget_class);
}

static void
limn_image_canvas_init (LimnImageCanvas *self)
{
  self->items = g_ptr_array_new_with_free_func (canvas_item_free);
  self->visible = g_array_new (FALSE, FALSE, sizeof (guint));
  self->chip_layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->tile_cache = g_hash_table_new_full (NULL, NULL, NULL, tile_surface_free);
  self->max_pixels = DEFAULT_MAX_PIXELS;
  self->show_crosshair = TRUE;
  self->zoom = 1.0;
  self->fitted = TRUE;

  self->spinner = gtk_spinner_new ();
  {
    /* Light on the canvas's dark background, whatever the theme. */
    g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();

    gtk_css_provider_load_from_data (provider, "spinner { color: rgba(255,255,255,0.8); }", -1);
    gtk_style_context_add_provider (gtk_widget_get_style_context (self->spinner),
                                    GTK_STYLE_PROVIDER (provider),
                                    GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
  gtk_widget_set_visible (self->spinner, FALSE);
  gtk_widget_set_parent (self->spinner, GTK_WIDGET (self));

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  limn_image_canvas_init_gestures (self);
  update_accessible_label (self);
  limn_image_canvas_update_actions (self);
}

GtkWidget *
limn_image_canvas_new (void)
{
  return g_object_new (LIMN_TYPE_IMAGE_CANVAS, NULL);
}
