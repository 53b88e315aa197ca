/* limn-image-canvas-items.c
 *
 * The boxes the canvas shows: one item per box region of the draft and per
 * suggestion, with its colour and label name, their grid index
 * (limn-image-canvas-grid.c), and hit testing (the smallest box under the
 * pointer wins).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include "limn-image-canvas-private.h"
#include "limn-task-title.h"
#include "model/limn-contrast.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

static const GdkRGBA unknown_label_color = { 0.6, 0.6, 0.62, 1.0 };

static void
canvas_item_free (gpointer data)
{
  CanvasItem *item = data;

  limn_region_unref (item->region);
  g_free (item);
}

/* The grid over the boxes, built again whenever they change. */
void
limn_image_canvas_build_grid (LimnImageCanvas *self)
{
  g_autofree LimnBox *boxes = g_new (LimnBox, MAX (self->items->len, 1));

  self->items_serial++;
  for (guint i = 0; i < self->items->len; i++)
    boxes[i] = ((const CanvasItem *) g_ptr_array_index (self->items, i))->region->box;
  limn_canvas_grid_build (&self->grid, boxes, self->items->len, self->image_width, self->image_height);
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
 * order if @sorted. */
void
limn_image_canvas_query_items (LimnImageCanvas *self,
                               double           x1,
                               double           y1,
                               double           x2,
                               double           y2,
                               gboolean         sorted)
{
  limn_canvas_grid_query (&self->grid, x1, y1, x2, y2, self->visible);
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
      const double bg[3] = { canvas_background_color.red, canvas_background_color.green,
                             canvas_background_color.blue };
      double given[3], drawn[3];

      limn_label_get_rgb (label, &r, &g, &b);
      given[0] = r, given[1] = g, given[2] = b;
      /* The canvas is dark in both themes: the drawn stroke reaches 3:1
       * on it (WCAG 1.4.11); the project's colour stays as given. */
      limn_color_ensure_contrast (given, bg, LIMN_CONTRAST_NON_TEXT, drawn);
      *color = (GdkRGBA) { drawn[0], drawn[1], drawn[2], 1.0 };
      /* The name the palette shows: the user's language, else the default. */
      *name = limn_label_get_display_name (label, NULL);
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
      g_autofree char *title = limn_task_title_for_display (self->task);
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
  limn_image_canvas_update_accessible_selection (self);
}

/* What is selected, as the canvas's accessible description: GTK 4.8 has no
 * accessible children for custom drawing, so the boxes cannot be nodes. */
void
limn_image_canvas_update_accessible_selection (LimnImageCanvas *self)
{
  CanvasItem *item = limn_image_canvas_lookup_item (self, self->selected_id);
  g_autofree char *description = NULL;

  if (item == NULL)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }

  if (item->suggestion)
    /* Translators: accessible description of the image; %s is a label name */
    description = g_strdup_printf (_("Selected suggestion: %s"), item->label_name ? item->label_name : "");
  else
    /* Translators: accessible description of the image; %s is a label name */
    description = g_strdup_printf (_("Selected box: %s"), item->label_name ? item->label_name : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
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
  limn_canvas_grid_clear (&self->grid);
  g_ptr_array_unref (self->items);
  g_array_unref (self->visible);
}
