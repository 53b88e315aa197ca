/* limn-image-canvas-items.c
 *
 * The boxes the canvas shows: one item per box region of the draft and per
 * suggestion, with its colour and label name, a uniform grid over the image
 * that finds the boxes in a rectangle, and hit testing (the smallest box
 * under the pointer wins).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include "limn-image-canvas-private.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#define GRID_CELLS           64    /* along the image's longer side */
#define LARGE_ITEM_CELLS     256

static const GdkRGBA unknown_label_color = { 0.6, 0.6, 0.62, 1.0 };

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
void
limn_image_canvas_build_grid (LimnImageCanvas *self)
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

int
limn_image_canvas_compare_draw_order (gconstpointer a,
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
void
limn_image_canvas_query_items (LimnImageCanvas *self,
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
    g_array_sort_with_data (self->visible, limn_image_canvas_compare_draw_order, self);
}

void
limn_image_canvas_label_color (LimnImageCanvas *self,
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
  limn_image_canvas_label_color (self, region->label_id, &item->color, &item->label_name);
  g_ptr_array_add (self->items, item);
}

void
limn_image_canvas_update_accessible_label (LimnImageCanvas *self)
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

void
limn_image_canvas_rebuild_items (LimnImageCanvas *self)
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

  limn_image_canvas_build_grid (self);
  limn_image_canvas_update_accessible_label (self);
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

  limn_image_canvas_query_items (self, ix - slop, iy - slop, ix + slop, iy + slop, FALSE);
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

void
limn_image_canvas_init_items (LimnImageCanvas *self)
{
  self->items = g_ptr_array_new_with_free_func (canvas_item_free);
  self->visible = g_array_new (FALSE, FALSE, sizeof (guint));
}

void
limn_image_canvas_finalize_items (LimnImageCanvas *self)
{
  grid_clear (self);
  g_ptr_array_unref (self->items);
  g_array_unref (self->visible);
}
