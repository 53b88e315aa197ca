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

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include "limn-image-canvas.h"

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <math.h>
#include <string.h>
#ifdef G_OS_UNIX
#include <sys/mman.h>
#endif

#include "limn-delayed-spinner.h"
#include "limn-image-canvas-private.h"
#include "model/limn-image-probe.h"
#include "model/limn-util.h"

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
#define NEAREST_FROM_ZOOM    2.0   /* device px per image px */
#define VIEW_TILE            256   /* device px: the picture is rendered in tiles this big */
#define TILE_BUDGET_US       1500  /* rendering tiles in a frame, when something stands in */
#define IDLE_SLICE_US        2000  /* rendering tiles per idle callback */
#define MAX_LAYERS           4     /* zooms whose tiles are kept */
#define POOL_SPARE           16    /* tile buffers kept for reuse */

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

typedef struct
{
  guint           index;   /* into self->items */
  graphene_rect_t rect;    /* zoomed box */
  gboolean        box;     /* the box reaches into the tile */
  gboolean        chip;    /* its placed chip does */
} TileEntry;

static void      clear_layers      (LimnImageCanvas *self);
static void      keep_sharp_tiles  (LimnImageCanvas *self,
                                    guint            old_serial);
static void      canvas_layer_free (gpointer         data);
static TilePool *tile_pool_new     (void);
static void      tile_pool_unref   (TilePool        *pool);

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
  if (item == NULL || !limn_image_canvas_editable (self))
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

  if (state != LIMN_IMAGE_CANVAS_STATE_ERROR)
    g_clear_error (&self->error);
  if (limn_set_str (&self->error_message, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }

  loading = state == LIMN_IMAGE_CANVAS_STATE_LOADING && !limn_image_canvas_has_image (self);
  if (loading)
    limn_delayed_spinner_start (GTK_SPINNER (self->spinner));
  else
    limn_delayed_spinner_stop (GTK_SPINNER (self->spinner));
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
clear_image (LimnImageCanvas *self)
{
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  clear_layers (self);
  g_clear_pointer (&self->pyramid, limn_image_pyramid_unref);
  g_clear_object (&self->preview);
  g_clear_pointer (&self->preview_surface, cairo_surface_destroy);
  g_clear_pointer (&self->scratch, g_free);
  self->scratch_size = 0;
  self->image_serial++;
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
  /* Tiles are rendered from it in cairo's layout until the pyramid comes. */
  g_clear_pointer (&self->preview_surface, cairo_surface_destroy);
  self->preview_surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                      gdk_texture_get_width (preview),
                                                      gdk_texture_get_height (preview));
  gdk_texture_download (preview, cairo_image_surface_get_data (self->preview_surface),
                        cairo_image_surface_get_stride (self->preview_surface));
  cairo_surface_mark_dirty (self->preview_surface);
  self->image_serial++;
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
      g_clear_error (&self->error);
      self->error = g_error_copy (error);
      set_state (self, LIMN_IMAGE_CANVAS_STATE_ERROR, error->message);
      return;
    }

  g_clear_object (&self->cancellable);
  self->pyramid = pyramid;
  g_clear_object (&self->preview);
  g_clear_pointer (&self->preview_surface, cairo_surface_destroy);
  /* Tiles from the preview that was as sharp as the zoom needs are as
   * good as any from the pyramid; the next frame renders the others again
   * from it, whole. */
  self->image_serial++;
  keep_sharp_tiles (self, self->image_serial - 1);
  self->render_all = TRUE;
  /* The frame that shows full resolution repaints the whole canvas, while
   * the image is loading, so that GTK allocates its buffers for a whole
   * view there rather than in the first zoom or pan frame: fresh pages
   * cost ~10 µs each to fault in on a virtual machine, a 1280 × 800 view
   * about 10 ms. */
  self->repaint_all = TRUE;
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
      g_clear_error (&self->error);
      self->error = g_error_new_literal (LIMN_IMAGE_ERROR, LIMN_IMAGE_ERROR_MISSING,
                                         _("This task has no image file"));
      set_state (self, LIMN_IMAGE_CANVAS_STATE_ERROR, self->error->message);
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

const GError *
limn_image_canvas_get_error (LimnImageCanvas *self)
{
  g_return_val_if_fail (LIMN_IS_IMAGE_CANVAS (self), NULL);
  return self->state == LIMN_IMAGE_CANVAS_STATE_ERROR ? self->error : NULL;
}

void
limn_image_canvas_reload (LimnImageCanvas *self)
{
  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));

  if (self->task == NULL || self->state == LIMN_IMAGE_CANVAS_STATE_READY)
    return;

  clear_image (self);
  start_loading (self);
  limn_image_canvas_update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
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

/* A frame with GSK's cairo renderer costs what it rasterizes: a texture
 * node is converted on every frame and a cairo node is replayed into a
 * temporary image and composited, so scaling the image and stroking 2,000
 * boxes again on every pan step cost more than the frame's budget. The
 * canvas therefore renders the picture itself, at the current zoom, into
 * opaque tiles of VIEW_TILE device pixels: background, image, its border
 * and every box but the one drawn on top, with their chips. A pan or hover
 * frame copies the tiles' pixels whatever the number of boxes. After a zoom
 * step an older layer (the previous zoom, else the one at fit zoom) stands
 * in, scaled, for the tiles not rendered yet; a frame renders what it can
 * in TILE_BUDGET_US and an idle callback the rest, then the ring of tiles
 * around the view so that panning finds it ready. */

struct _TilePool
{
  guint      ref_count;
  GPtrArray *spare;       /* VIEW_TILE² × 4 bytes each */
};

typedef struct
{
  TilePool *pool;
  guchar   *pixels;
  gsize     size;
} TileBuffer;

typedef struct
{
  cairo_surface_t *surface;
  GskRenderNode   *node;          /* draws the surface in its place */
  graphene_rect_t  area;          /* its cell, within what the layer draws */
  guint            image_serial;  /* the image's pixels it was rendered from */
  guint64          last_used;     /* frame_serial */
  gboolean         sharp;         /* from a source with a pixel per device pixel at least */
} ViewTile;

struct _CanvasLayer
{
  double           zoom;
  int              scale;
  guint            items_serial;
  guint            fitted : 1;    /* at fit zoom: what stands in when nothing else does */
  GHashTable      *tiles;         /* tile_key () -> ViewTile */
  GHashTable      *stand_ins;     /* tile_key () -> GskRenderNode, until the tile is rendered */
  GArray          *chips;         /* graphene_rect_t per item: its placed chip, or empty */
  graphene_rect_t  extent;        /* what is drawn (image, boxes, chips), zoomed coordinates */
};

typedef struct
{
  int c1, r1, c2, r2;
} TileRange;

static const cairo_user_data_key_t tile_buffer_key;

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

static void
array_unref_nullable (gpointer data)
{
  if (data != NULL)
    g_array_unref (data);
}

#define TILE_BYTES (VIEW_TILE * VIEW_TILE * 4)

/* Tile buffers are mapped on their own rather than taken from the heap:
 * there, 256 KB pieces would split the chunk GTK frees and allocates again
 * for every frame's paint surface, which then needs fresh pages, and a page
 * fault costs microseconds on a virtual machine (a 4 MB surface, ~10 ms). */
static guchar *
tile_buffer_alloc (gsize size)
{
#ifdef G_OS_UNIX
  void *pixels = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

  if (pixels == MAP_FAILED)
    g_error ("cannot map %" G_GSIZE_FORMAT " bytes for a tile", size);
  return pixels;
#else
  return g_malloc (size);
#endif
}

static void
tile_buffer_free (guchar *pixels,
                  gsize   size)
{
#ifdef G_OS_UNIX
  munmap (pixels, size);
#else
  g_free (pixels);
#endif
}

static void
tile_buffer_free_whole (gpointer pixels)
{
  tile_buffer_free (pixels, TILE_BYTES);
}

static TilePool *
tile_pool_new (void)
{
  TilePool *pool = g_new0 (TilePool, 1);

  pool->ref_count = 1;
  pool->spare = g_ptr_array_new_with_free_func (tile_buffer_free_whole);

  return pool;
}

static void
tile_pool_unref (TilePool *pool)
{
  if (--pool->ref_count > 0)
    return;

  g_ptr_array_unref (pool->spare);
  g_free (pool);
}

/* A tile's pixels go back to the pool when cairo lets go of its surface,
 * which may be after the tile (a render node of the last frame holds a
 * snapshot) or the canvas are gone. Reusing buffers spares the page faults
 * of fresh memory, which cost more than rendering on this kind of machine. */
static void
tile_buffer_release (gpointer data)
{
  TileBuffer *buffer = data;

  if (buffer->size == TILE_BYTES && buffer->pool->spare->len < POOL_SPARE)
    g_ptr_array_add (buffer->pool->spare, buffer->pixels);
  else
    tile_buffer_free (buffer->pixels, buffer->size);
  tile_pool_unref (buffer->pool);
  g_free (buffer);
}

/* A surface of @width × @height device pixels: whole tiles come from the
 * pool, those cut by the picture's edge are mapped at their size. */
static cairo_surface_t *
tile_pool_new_surface (TilePool *pool,
                       int       width,
                       int       height,
                       int       scale)
{
  TileBuffer *buffer = g_new0 (TileBuffer, 1);
  cairo_surface_t *surface;

  buffer->pool = pool;
  buffer->size = (gsize)width * height * 4;
  pool->ref_count++;
  if (buffer->size == TILE_BYTES && pool->spare->len > 0)
    buffer->pixels = g_ptr_array_steal_index_fast (pool->spare, pool->spare->len - 1);
  else
    buffer->pixels = tile_buffer_alloc (buffer->size);

  surface = cairo_image_surface_create_for_data (buffer->pixels, CAIRO_FORMAT_ARGB32,
                                                 width, height, width * 4);
  if (cairo_surface_set_user_data (surface, &tile_buffer_key, buffer,
                                   tile_buffer_release) != CAIRO_STATUS_SUCCESS)
    tile_buffer_release (buffer);
  cairo_surface_set_device_scale (surface, scale, scale);

  return surface;
}

static void
view_tile_free (gpointer data)
{
  ViewTile *tile = data;

  gsk_render_node_unref (tile->node);
  cairo_surface_destroy (tile->surface);
  g_free (tile);
}

static gpointer
tile_key (int column,
          int row)
{
  return GUINT_TO_POINTER (((guint)(row + 0x8000) << 16) | (guint)(column + 0x8000));
}

static ViewTile *
layer_lookup (CanvasLayer *layer,
              int          column,
              int          row)
{
  return g_hash_table_lookup (layer->tiles, tile_key (column, row));
}

static void
canvas_layer_free (gpointer data)
{
  CanvasLayer *layer = data;

  g_hash_table_unref (layer->tiles);
  g_hash_table_unref (layer->stand_ins);
  g_clear_pointer (&layer->chips, g_array_unref);
  g_free (layer);
}

/* Logical pixels per tile side. */
static double
layer_tile_extent (const CanvasLayer *layer)
{
  return (double)VIEW_TILE / layer->scale;
}

/* The tiles of @layer that @rect (in the layer's zoomed coordinates)
 * touches, widened by @margin tiles, within what the layer draws. */
static gboolean
layer_tile_range (const CanvasLayer     *layer,
                  const graphene_rect_t *rect,
                  int                    margin,
                  TileRange             *range)
{
  double t = layer_tile_extent (layer);
  const graphene_rect_t *e = &layer->extent;
  int ec1 = (int)floor (e->origin.x / t);
  int er1 = (int)floor (e->origin.y / t);
  int ec2 = (int)ceil ((e->origin.x + e->size.width) / t) - 1;
  int er2 = (int)ceil ((e->origin.y + e->size.height) / t) - 1;

  range->c1 = MAX ((int)floor (rect->origin.x / t) - margin, ec1);
  range->r1 = MAX ((int)floor (rect->origin.y / t) - margin, er1);
  range->c2 = MIN ((int)ceil ((rect->origin.x + rect->size.width) / t) - 1 + margin, ec2);
  range->r2 = MIN ((int)ceil ((rect->origin.y + rect->size.height) / t) - 1 + margin, er2);

  return range->c1 <= range->c2 && range->r1 <= range->r2;
}

static graphene_rect_t
layer_tile_rect (const CanvasLayer *layer,
                 int                column,
                 int                row)
{
  double t = layer_tile_extent (layer);

  return GRAPHENE_RECT_INIT (column * t, row * t, t, t);
}

/* Drops the tiles of @layer that @rect (zoomed coordinates) touches, and
 * the stand-ins, which may show what changed. */
static void
layer_invalidate (CanvasLayer           *layer,
                  const graphene_rect_t *rect)
{
  TileRange range;

  g_hash_table_remove_all (layer->stand_ins);
  if (!layer_tile_range (layer, rect, 0, &range))
    return;

  for (int r = range.r1; r <= range.r2; r++)
    for (int c = range.c1; c <= range.c2; c++)
      g_hash_table_remove (layer->tiles, tile_key (c, r));
}

static void
clear_layers (LimnImageCanvas *self)
{
  g_ptr_array_set_size (self->layers, 0);
  g_clear_handle_id (&self->refine_id, g_source_remove);
  self->view_complete = FALSE;
}

/* Tiles rendered from @old_serial's pixels count as rendered from the
 * current ones if they were sharp. */
static void
keep_sharp_tiles (LimnImageCanvas *self,
                  guint            old_serial)
{
  for (guint i = 0; i < self->layers->len; i++)
    {
      CanvasLayer *layer = g_ptr_array_index (self->layers, i);
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, layer->tiles);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          ViewTile *tile = value;

          if (tile->sharp && tile->image_serial == old_serial)
            tile->image_serial = self->image_serial;
        }
    }
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

/* Sorts the boxes in draw order and gives each its chip's text, once per
 * change of the items. */
static void
ensure_order (LimnImageCanvas *self)
{
  if (self->order_serial == self->items_serial)
    return;

  self->order_serial = self->items_serial;
  g_array_set_size (self->order, 0);
  g_array_set_size (self->colors, 0);
  self->max_chip_width = 0;

  for (guint i = 0; i < self->items->len; i++)
    g_array_append_val (self->order, i);
  g_array_sort_with_data (self->order, compare_draw_order, self);

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

      item->chip = chip_layout (self, text);
      pango_layout_get_pixel_extents (item->chip, NULL, &logical);
      item->chip_width = logical.width + 2 * CHIP_PAD_X + (item->suggestion ? 14 : 0);
      self->max_chip_width = MAX (self->max_chip_width, item->chip_width);
    }
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
           double                 zoom,
           const CanvasItem      *item,
           const graphene_rect_t *r)
{
  double cw = item->chip_width;
  double cy = r->origin.y - CHIP_HEIGHT - 1;
  double cx;

  if (cy < 0)
    cy = r->origin.y + 2;
  /* Slide left rather than hang off the image's right edge. */
  cx = MAX (MIN (r->origin.x - 1, self->image_width * zoom - cw), r->origin.x - 1 - MAX (cw - r->size.width, 0));

  return GRAPHENE_RECT_INIT (cx, cy, cw, CHIP_HEIGHT);
}

/* The box's rectangle in zoomed image coordinates, on the device grid. */
static graphene_rect_t
zoomed_rect_at (double         zoom,
                double         sf,
                const LimnBox *box)
{
  double x1 = snap_px (box->x * zoom, sf);
  double y1 = snap_px (box->y * zoom, sf);
  double x2 = MAX (snap_px ((box->x + box->w) * zoom, sf), x1 + 1 / sf);
  double y2 = MAX (snap_px ((box->y + box->h) * zoom, sf), y1 + 1 / sf);

  return GRAPHENE_RECT_INIT (x1, y1, x2 - x1, y2 - y1);
}

static graphene_rect_t
zoomed_rect (LimnImageCanvas *self,
             const LimnBox   *box)
{
  return zoomed_rect_at (self->zoom, gtk_widget_get_scale_factor (GTK_WIDGET (self)), box);
}

static gpointer
chip_cell_key (int x,
               int y)
{
  return tile_key (x, y);
}

/* Lays out the chips of every box at the layer's zoom, larger boxes first:
 * a chip that would cover one already placed is left out (hovering or
 * selecting its box shows it), so dense scenes stay readable. Placing them
 * all at once keeps every tile of the layer in agreement. Also measures
 * what the layer draws. */
static void
layer_place_chips (LimnImageCanvas *self,
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
      graphene_rect_t r = zoomed_rect_at (layer->zoom, layer->scale, &item->region->box);
      graphene_rect_t reach, chip;
      gboolean free_spot = TRUE;
      int c1, r1, c2, r2;

      graphene_rect_inset_r (&r, -4, -4, &reach);
      graphene_rect_union (&layer->extent, &reach, &layer->extent);

      if (r.size.width < CHIP_MIN_BOX || r.size.height < CHIP_MIN_BOX)
        continue;

      chip = chip_rect (self, layer->zoom, item, &r);
      c1 = (int)floor (chip.origin.x / CHIP_CELL);
      r1 = (int)floor (chip.origin.y / CHIP_CELL);
      c2 = (int)floor ((chip.origin.x + chip.size.width) / CHIP_CELL);
      r2 = (int)floor ((chip.origin.y + chip.size.height) / CHIP_CELL);

      for (int y = r1; y <= r2 && free_spot; y++)
        for (int x = c1; x <= c2 && free_spot; x++)
          {
            GArray *placed = g_hash_table_lookup (cells, chip_cell_key (x, y));

            for (guint k = 0; placed != NULL && k < placed->len && free_spot; k++)
              free_spot = !graphene_rect_intersection (&g_array_index (placed, graphene_rect_t, k),
                                                      &chip, NULL);
          }
      if (!free_spot)
        continue;

      for (int y = r1; y <= r2; y++)
        for (int x = c1; x <= c2; x++)
          {
            GArray *placed = g_hash_table_lookup (cells, chip_cell_key (x, y));

            if (placed == NULL)
              {
                placed = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
                g_hash_table_insert (cells, chip_cell_key (x, y), placed);
              }
            g_array_append_val (placed, chip);
          }
      g_array_index (layer->chips, graphene_rect_t, index) = chip;
      graphene_rect_union (&layer->extent, &chip, &layer->extent);
    }
}

/* The chip as snapshot_chip() draws it, into a cairo context at @place. */
static void
cairo_chip (cairo_t               *cr,
            const CanvasItem      *item,
            const graphene_rect_t *place)
{
  PangoRectangle logical;
  GdkRGBA bg = item->color;
  GdkRGBA fg = { 1, 1, 1, 1 };
  double extra = item->suggestion ? 14 : 0;
  double radius = 5;
  double cw = place->size.width;
  double cx = place->origin.x;
  double cy = place->origin.y;

  pango_layout_get_pixel_extents (item->chip, NULL, &logical);

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
  pango_cairo_show_layout (cr, item->chip);
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
  graphene_rect_t image_rect = GRAPHENE_RECT_INIT (0, 0,
                                                   snap_px (self->image_width * zoom, layer->scale),
                                                   snap_px (self->image_height * zoom, layer->scale));
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
  grid_query (self,
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
      TileEntry e = { index, zoomed_rect_at (zoom, layer->scale, &item->region->box), 0, 0 };

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

static cairo_surface_t *
tile_source_acquire (cairo_pattern_t             *pattern,
                     void                        *data,
                     cairo_surface_t             *target,
                     const cairo_rectangle_int_t *extents)
{
  return cairo_surface_reference (data);
}

static void
tile_source_release (cairo_pattern_t *pattern,
                     void            *data,
                     cairo_surface_t *surface)
{
  cairo_surface_destroy (surface);
}

static cairo_status_t
tile_source_copy (cairo_pattern_t       *pattern,
                  void                  *data,
                  const cairo_pattern_t *other)
{
  cairo_surface_reference (data);
  return CAIRO_STATUS_SUCCESS;
}

static void
tile_source_finish (cairo_pattern_t *pattern,
                    void            *data)
{
  cairo_surface_destroy (data);
}

/* Sets @surface, a tile, as the source at (@x, @y). A surface pattern
 * recorded into a cairo node keeps a snapshot of it, and the snapshot
 * copies the pixels to the heap when the tile goes while the node lives
 * on (GSK keeps the last frame's nodes): a raster source holds a reference
 * instead, so nothing is copied and the buffer returns to the pool when
 * the last node goes. */
static void
set_source_tile (cairo_t         *cr,
                 cairo_surface_t *surface,
                 double           x,
                 double           y)
{
  cairo_pattern_t *pattern;
  cairo_matrix_t matrix;
  double sx, sy;

  pattern = cairo_pattern_create_raster_source (cairo_surface_reference (surface),
                                                CAIRO_CONTENT_COLOR_ALPHA,
                                                cairo_image_surface_get_width (surface),
                                                cairo_image_surface_get_height (surface));
  cairo_raster_source_pattern_set_acquire (pattern, tile_source_acquire, tile_source_release);
  cairo_raster_source_pattern_set_copy (pattern, tile_source_copy);
  cairo_raster_source_pattern_set_finish (pattern, tile_source_finish);

  /* Pattern space is the tile's device pixels. */
  cairo_surface_get_device_scale (surface, &sx, &sy);
  cairo_matrix_init_scale (&matrix, sx, sy);
  cairo_matrix_translate (&matrix, -x, -y);
  cairo_pattern_set_matrix (pattern, &matrix);

  cairo_set_source (cr, pattern);
  cairo_pattern_destroy (pattern);
}

/* What draws a tile's surface in its place: a cairo node, which the cairo
 * renderer replays as one copy, or a texture for the others, which upload
 * it once. */
static GskRenderNode *
tile_node (LimnImageCanvas       *self,
           cairo_surface_t       *surface,
           const graphene_rect_t *area)
{
  GskRenderNode *node;

  if (uses_cairo_renderer (self))
    {
      cairo_t *cr;

      node = gsk_cairo_node_new (area);
      cr = gsk_cairo_node_get_draw_context (node);
      set_source_tile (cr, surface, area->origin.x, area->origin.y);
      /* Pixel for pixel. */
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
      cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
      cairo_paint (cr);
      cairo_destroy (cr);
    }
  else
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GdkTexture) texture = NULL;

      int width = cairo_image_surface_get_width (surface);
      int height = cairo_image_surface_get_height (surface);

      bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                          (gsize)width * height * 4,
                                          (GDestroyNotify)cairo_surface_destroy,
                                          cairo_surface_reference (surface));
      texture = gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, width * 4);
      node = gsk_texture_node_new (texture, area);
    }

  return node;
}

static ViewTile *
render_tile (LimnImageCanvas *self,
             CanvasLayer     *layer,
             int              column,
             int              row)
{
  graphene_rect_t cell = layer_tile_rect (layer, column, row);
  ViewTile *tile = g_new0 (ViewTile, 1);
  gint64 start = g_get_monotonic_time ();
  int sf = layer->scale;
  graphene_rect_t area;
  double x1, y1, x2, y2;
  cairo_t *cr;

  /* Only what the layer draws, on the device grid: a cell on the picture's
   * edge may hold a few pixels of border. */
  if (!graphene_rect_intersection (&cell, &layer->extent, &area))
    area = cell;
  x1 = floor (area.origin.x * sf) / sf;
  y1 = floor (area.origin.y * sf) / sf;
  x2 = ceil ((area.origin.x + area.size.width) * sf) / sf;
  y2 = ceil ((area.origin.y + area.size.height) * sf) / sf;
  area = GRAPHENE_RECT_INIT (x1, y1, MAX (x2 - x1, 1.0 / sf), MAX (y2 - y1, 1.0 / sf));
  tile->area = area;

  tile->surface = tile_pool_new_surface (self->tile_pool,
                                         (int)round (area.size.width * sf),
                                         (int)round (area.size.height * sf), sf);
  cr = cairo_create (tile->surface);
  cairo_translate (cr, -area.origin.x, -area.origin.y);
  gdk_cairo_set_source_rgba (cr, &background_color);
  cairo_paint (cr);
  tile->sharp = draw_tile_image (self, cr, layer, &area);
  draw_tile_boxes (self, cr, layer, &area);
  cairo_destroy (cr);
  cairo_surface_flush (tile->surface);

  tile->node = tile_node (self, tile->surface, &area);
  tile->image_serial = self->image_serial;
  tile->last_used = self->frame_serial;
  g_hash_table_replace (layer->tiles, tile_key (column, row), tile);
  g_hash_table_remove (layer->stand_ins, tile_key (column, row));

  /* What a tile costs lately, so a frame starts only those it has time for. */
  self->tile_cost_us = (3 * self->tile_cost_us + (g_get_monotonic_time () - start)) / 4;

  return tile;
}

/* A tile of @layer drawn from an older layer that covers it whole, scaled:
 * what a zoom frame shows until the tile is rendered. The older layers by
 * recency, the one at fit zoom last. NULL if none covers the tile. */
static GskRenderNode *
stand_in_node (LimnImageCanvas *self,
               CanvasLayer     *layer,
               int              column,
               int              row)
{
  graphene_rect_t area = layer_tile_rect (layer, column, row);
  gboolean with_cairo = uses_cairo_renderer (self);
  GskRenderNode *node;

  node = g_hash_table_lookup (layer->stand_ins, tile_key (column, row));
  if (node != NULL)
    return node;

  for (guint pass = 0; pass < 2 && node == NULL; pass++)
    for (guint i = 0; i < self->layers->len && node == NULL; i++)
      {
        CanvasLayer *older = g_ptr_array_index (self->layers, i);
        double k = older->zoom / layer->zoom;   /* older zoomed px per zoomed px */
        graphene_rect_t src = GRAPHENE_RECT_INIT (area.origin.x * k, area.origin.y * k,
                                                  area.size.width * k, area.size.height * k);
        gboolean covered = TRUE;
        GtkSnapshot *snapshot;
        cairo_t *cr = NULL;
        TileRange range;

        if (older == layer || older->fitted != (pass == 1) || older->chips == NULL)
          continue;

        /* Tiles outside what the older layer draws are background. */
        if (layer_tile_range (older, &src, 0, &range))
          for (int r = range.r1; r <= range.r2 && covered; r++)
            for (int c = range.c1; c <= range.c2 && covered; c++)
              covered = layer_lookup (older, c, r) != NULL;
        else
          range = (TileRange) { 0, 0, -1, -1 };
        if (!covered)
          continue;

        snapshot = gtk_snapshot_new ();
        if (with_cairo)
          {
            cr = gtk_snapshot_append_cairo (snapshot, &area);
            cairo_rectangle (cr, area.origin.x, area.origin.y, area.size.width, area.size.height);
            cairo_clip (cr);
            gdk_cairo_set_source_rgba (cr, &background_color);
            cairo_paint (cr);
          }
        else
          {
            gtk_snapshot_push_clip (snapshot, &area);
            gtk_snapshot_append_color (snapshot, &background_color, &area);
          }

        for (int r = range.r1; r <= range.r2; r++)
          for (int c = range.c1; c <= range.c2; c++)
            {
              ViewTile *tile = layer_lookup (older, c, r);
              graphene_rect_t from = tile->area;
              /* Edges on this layer's device grid, so scaled tiles meet
               * without seams. */
              double x1 = snap_px (from.origin.x / k, layer->scale);
              double y1 = snap_px (from.origin.y / k, layer->scale);
              double x2 = snap_px ((from.origin.x + from.size.width) / k, layer->scale);
              double y2 = snap_px ((from.origin.y + from.size.height) / k, layer->scale);

              tile->last_used = self->frame_serial;
              if (!with_cairo)
                {
                  gtk_snapshot_append_texture (snapshot, gsk_texture_node_get_texture (tile->node),
                                               &GRAPHENE_RECT_INIT (x1, y1, x2 - x1, y2 - y1));
                  continue;
                }

              cairo_save (cr);
              cairo_rectangle (cr, x1, y1, x2 - x1, y2 - y1);
              cairo_clip (cr);
              cairo_translate (cr, x1, y1);
              cairo_scale (cr, (x2 - x1) / from.size.width, (y2 - y1) / from.size.height);
              set_source_tile (cr, tile->surface, 0, 0);
              cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
              cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
              cairo_paint (cr);
              cairo_restore (cr);
            }

        if (with_cairo)
          cairo_destroy (cr);
        else
          gtk_snapshot_pop (snapshot);
        node = gtk_snapshot_free_to_node (snapshot);
      }

  if (node != NULL)
    g_hash_table_insert (layer->stand_ins, tile_key (column, row), node);

  return node;
}

static gboolean
same_zoom (double a,
           double b)
{
  return fabs (a - b) <= 1e-9 * MAX (a, b);
}

/* The layer at @zoom, made the most recently used; layers drawn from other
 * boxes or for another scale go. */
static CanvasLayer *
layer_for_zoom (LimnImageCanvas *self,
                double           zoom,
                gboolean         fitted)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  CanvasLayer *layer = NULL;

  for (guint i = self->layers->len; i-- > 0;)
    {
      CanvasLayer *l = g_ptr_array_index (self->layers, i);

      if (l->items_serial != self->items_serial || l->scale != scale)
        g_ptr_array_remove_index (self->layers, i);
    }

  for (guint i = 0; i < self->layers->len && layer == NULL; i++)
    {
      CanvasLayer *l = g_ptr_array_index (self->layers, i);

      if (same_zoom (l->zoom, zoom))
        layer = g_ptr_array_steal_index (self->layers, i);
    }

  if (layer == NULL)
    {
      layer = g_new0 (CanvasLayer, 1);
      layer->zoom = zoom;
      layer->scale = scale;
      layer->items_serial = self->items_serial;
      layer->tiles = g_hash_table_new_full (NULL, NULL, NULL, view_tile_free);
      layer->stand_ins = g_hash_table_new_full (NULL, NULL, NULL,
                                                (GDestroyNotify)gsk_render_node_unref);
      ensure_order (self);
      layer_place_chips (self, layer);
    }
  g_ptr_array_insert (self->layers, 0, layer);

  if (fitted)
    for (guint i = 0; i < self->layers->len; i++)
      {
        CanvasLayer *l = g_ptr_array_index (self->layers, i);

        l->fitted = l == layer;
      }

  return layer;
}

/* The box drawn on top is left out of the tiles: when it changes, the
 * tiles it and the previous one reach are rendered again. */
static void
set_tiles_exclude (LimnImageCanvas *self,
                   const char      *exclude)
{
  if (g_strcmp0 (self->tiles_exclude, exclude) != 0)
    {
      const char *ids[2] = { self->tiles_exclude, exclude };

      for (guint k = 0; k < G_N_ELEMENTS (ids); k++)
        {
          const CanvasItem *item = limn_image_canvas_lookup_item (self, ids[k]);

          if (item == NULL)
            continue;
          for (guint i = 0; i < self->layers->len; i++)
            {
              CanvasLayer *layer = g_ptr_array_index (self->layers, i);
              graphene_rect_t r = zoomed_rect_at (layer->zoom, layer->scale, &item->region->box);

              /* With its stroke and wherever its chip may be. */
              graphene_rect_inset_r (&r, -(self->max_chip_width + 4), -(CHIP_HEIGHT + 4), &r);
              layer_invalidate (layer, &r);
            }
        }
      limn_set_str (&self->tiles_exclude, exclude);
      self->tiles_exclude_serial = self->items_serial - 1;
    }

  if (self->tiles_exclude_serial != self->items_serial)
    {
      self->tiles_exclude_serial = self->items_serial;
      self->tiles_exclude_index = G_MAXUINT;
      for (guint i = 0; exclude != NULL && i < self->items->len; i++)
        {
          const CanvasItem *item = g_ptr_array_index (self->items, i);

          if (g_strcmp0 (item->region->id, exclude) == 0)
            self->tiles_exclude_index = i;
        }
    }
}

/* Keeps the layers and tiles within bounds: MAX_LAYERS layers (the one at
 * fit zoom stays), and about four views' worth of tiles, the least
 * recently used of older layers going first, then those of the current
 * layer off screen, then those at fit zoom. */
static void
trim_layers (LimnImageCanvas *self,
             guint            n_visible)
{
  guint cap = 4 * n_visible + 16;
  guint n_tiles = 0;

  while (self->layers->len > MAX_LAYERS)
    {
      guint i = self->layers->len - 1;

      while (i > 0 && ((CanvasLayer *)g_ptr_array_index (self->layers, i))->fitted)
        i--;
      if (i == 0)
        break;
      g_ptr_array_remove_index (self->layers, i);
    }

  for (guint i = 0; i < self->layers->len; i++)
    n_tiles += g_hash_table_size (((CanvasLayer *)g_ptr_array_index (self->layers, i))->tiles);

  while (n_tiles > cap)
    {
      CanvasLayer *victim_layer = NULL;
      gpointer victim_key = NULL;
      guint victim_class = G_MAXUINT;
      guint64 victim_used = G_MAXUINT64;

      for (guint i = 0; i < self->layers->len; i++)
        {
          CanvasLayer *layer = g_ptr_array_index (self->layers, i);
          guint class = i == 0 ? 1 : layer->fitted ? 2 : 0;
          GHashTableIter iter;
          gpointer key, value;

          g_hash_table_iter_init (&iter, layer->tiles);
          while (g_hash_table_iter_next (&iter, &key, &value))
            {
              ViewTile *tile = value;

              if (tile->last_used == self->frame_serial && i == 0)
                continue;
              if (class < victim_class || (class == victim_class && tile->last_used < victim_used))
                {
                  victim_layer = layer;
                  victim_key = key;
                  victim_class = class;
                  victim_used = tile->last_used;
                }
            }
        }

      if (victim_layer == NULL)
        break;
      g_hash_table_remove (victim_layer->tiles, victim_key);
      n_tiles--;
    }
}

/* The view in zoomed coordinates, as the snapshot draws it. */
static graphene_rect_t
view_rect (LimnImageCanvas *self)
{
  double sf = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  return GRAPHENE_RECT_INIT (-snap_px (self->offset_x, sf), -snap_px (self->offset_y, sf),
                             gtk_widget_get_width (GTK_WIDGET (self)),
                             gtk_widget_get_height (GTK_WIDGET (self)));
}

static guint
n_view_tiles (LimnImageCanvas *self)
{
  int sf = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  guint columns = (guint)ceil (width * sf / VIEW_TILE) + 1;
  guint rows = (guint)ceil (height * sf / VIEW_TILE) + 1;

  return columns * rows;
}

/* Renders the tiles frames will want, most wanted first, until @deadline:
 * those the view shows, then the ring around it, then, if there is none,
 * the layer at fit zoom that stands in when zooming out. Returns whether
 * work is left; sets @redraw if a tile on screen changed. */
static gboolean
render_pending (LimnImageCanvas *self,
                gint64           deadline,
                gboolean        *redraw)
{
  graphene_rect_t view = view_rect (self);
  CanvasLayer *layer, *fitted = NULL;
  TileRange range;

  *redraw = FALSE;
  if (!limn_image_canvas_has_image (self) || self->layers->len == 0 ||
      gtk_widget_get_width (GTK_WIDGET (self)) <= 0)
    return FALSE;

  /* The zoom may have changed since the last frame: prepare its layer. */
  layer = layer_for_zoom (self, self->zoom, self->fitted);

  for (int margin = 0; margin <= 1; margin++)
    if (layer_tile_range (layer, &view, margin, &range))
      for (int r = range.r1; r <= range.r2; r++)
        for (int c = range.c1; c <= range.c2; c++)
          {
            ViewTile *tile = layer_lookup (layer, c, r);

            if (tile != NULL && tile->image_serial == self->image_serial)
              continue;
            if (g_get_monotonic_time () >= deadline)
              return TRUE;
            render_tile (self, layer, c, r);
            *redraw |= margin == 0;
          }

  for (guint i = 0; i < self->layers->len; i++)
    if (((CanvasLayer *)g_ptr_array_index (self->layers, i))->fitted)
      fitted = g_ptr_array_index (self->layers, i);

  if (fitted == NULL && gtk_widget_get_width (GTK_WIDGET (self)) > 0)
    {
      fitted = layer_for_zoom (self, limn_image_canvas_fit_zoom (self), TRUE);
      /* Behind the current layer, not in front. */
      if (fitted != layer)
        {
          g_ptr_array_steal_index (self->layers, 0);
          g_ptr_array_add (self->layers, fitted);
        }
    }

  if (fitted != NULL && fitted != layer &&
      layer_tile_range (fitted, &fitted->extent, 0, &range))
    for (int r = range.r1; r <= range.r2; r++)
      for (int c = range.c1; c <= range.c2; c++)
        {
          if (layer_lookup (fitted, c, r) != NULL)
            continue;
          if (g_get_monotonic_time () >= deadline)
            return TRUE;
          render_tile (self, fitted, c, r);
        }

  /* Settled: older layers only help while zooming, spare buffers while
   * tiles come and go. */
  for (guint i = self->layers->len; i-- > 1;)
    if (!((CanvasLayer *)g_ptr_array_index (self->layers, i))->fitted)
      g_ptr_array_remove_index (self->layers, i);
  trim_layers (self, n_view_tiles (self));
  g_ptr_array_set_size (self->tile_pool->spare, 0);

  return FALSE;
}

static gboolean
refine_cb (gpointer data)
{
  LimnImageCanvas *self = data;
  gboolean redraw, more;

  more = render_pending (self, g_get_monotonic_time () + IDLE_SLICE_US, &redraw);
  if (redraw)
    gtk_widget_queue_draw (GTK_WIDGET (self));
  if (more)
    return G_SOURCE_CONTINUE;

  self->refine_id = 0;
  return G_SOURCE_REMOVE;
}

/* The picture, from the current layer's tiles: those missing are rendered
 * now if nothing stands in for them or while the frame's budget lasts,
 * else drawn from an older layer and left to the idle callback. */
static void
snapshot_picture (LimnImageCanvas       *self,
                  GtkSnapshot           *snapshot,
                  const graphene_rect_t *view,
                  const char            *exclude)
{
  gint64 deadline = g_get_monotonic_time () + TILE_BUDGET_US;
  gboolean complete = TRUE;
  CanvasLayer *layer;
  TileRange range;

  ensure_order (self);
  layer = layer_for_zoom (self, self->zoom, self->fitted);
  set_tiles_exclude (self, exclude);

  if (layer_tile_range (layer, view, 0, &range))
    for (int r = range.r1; r <= range.r2; r++)
      for (int c = range.c1; c <= range.c2; c++)
        {
          ViewTile *tile = layer_lookup (layer, c, r);

          if (tile == NULL || tile->image_serial != self->image_serial)
            {
              /* A tile rendered from the preview stands in for itself. */
              GskRenderNode *stand_in = tile ? tile->node : stand_in_node (self, layer, c, r);

              if (stand_in != NULL && !self->render_all &&
                  g_get_monotonic_time () + self->tile_cost_us > deadline)
                {
                  if (tile != NULL)
                    tile->last_used = self->frame_serial;
                  gtk_snapshot_append_node (snapshot, stand_in);
                  complete = FALSE;
                  continue;
                }
              tile = render_tile (self, layer, c, r);
            }

          tile->last_used = self->frame_serial;
          gtk_snapshot_append_node (snapshot, tile->node);
        }

  self->view_complete = complete;
  self->render_all = FALSE;
  trim_layers (self, n_view_tiles (self));

  /* Then the tiles left out, the ring around the view and the layer at fit
   * zoom, between frames. */
  if (self->refine_id == 0)
    self->refine_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, refine_cb, self, NULL);
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

  /* Small boxes get their chip only when hovered or selected, so 2,000 boxes
   * at fit zoom stay readable. */
  if (style == BOX_SELECTED || (style == BOX_HOVER_OVERLAY && !big) || (style == BOX_NORMAL && big))
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
  const CanvasItem *front;
  graphene_rect_t view;

  self->frame_serial++;
  if (self->repaint_all)
    {
      /* GSK repaints what differs from the last frame: a background that
       * differs invisibly makes it repaint the whole canvas. */
      GdkRGBA nudged = background_color;

      nudged.red += 1e-6;
      gtk_snapshot_append_color (snapshot, &nudged, &GRAPHENE_RECT_INIT (0, 0, width, height));
      self->repaint_all = FALSE;
    }
  else
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
  view = view_rect (self);
  ensure_order (self);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-view.origin.x, -view.origin.y));

  front = front_item (self);
  snapshot_picture (self, snapshot, &view, front ? front->region->id : NULL);
  snapshot_boxes (self, snapshot, front);

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
  /* Tiles are drawn by nodes made for this renderer. */
  clear_layers (self);
  g_ptr_array_set_size (self->tile_pool->spare, 0);

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
  g_ptr_array_unref (self->layers);
  tile_pool_unref (self->tile_pool);
  g_clear_pointer (&self->preview_surface, cairo_surface_destroy);
  g_free (self->scratch);
  g_array_unref (self->order);
  g_array_unref (self->colors);
  g_array_unref (self->tile_entries);
  g_free (self->tiles_exclude);
  g_free (self->active_label);
  g_free (self->selected_id);
  g_free (self->hover_id);
  g_free (self->error_message);
  g_clear_error (&self->error);
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
  self->layers = g_ptr_array_new_with_free_func (canvas_layer_free);
  self->tile_pool = tile_pool_new ();
  self->order = g_array_new (FALSE, FALSE, sizeof (guint));
  self->colors = g_array_new (FALSE, FALSE, sizeof (GdkRGBA));
  self->tile_entries = g_array_new (FALSE, FALSE, sizeof (TileEntry));
  self->order_serial = G_MAXUINT;
  self->tiles_exclude_index = G_MAXUINT;
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
