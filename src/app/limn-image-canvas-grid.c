/* limn-image-canvas-grid.c
 *
 * A uniform grid over the image that finds the boxes touching a rectangle:
 * each box is listed in every cell it touches, or apart when it spans too
 * many. The canvas keeps one for the draft's boxes and one for the review
 * overlays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include "limn-image-canvas-private.h"

#include <math.h>
#include <string.h>

#define GRID_CELLS           64    /* along the image's longer side */
#define LARGE_ITEM_CELLS     256

void
limn_canvas_grid_clear (CanvasGrid *grid)
{
  if (grid->cells != NULL)
    {
      for (guint i = 0; i < grid->columns * grid->rows; i++)
        if (grid->cells[i] != NULL)
          g_array_unref (grid->cells[i]);
      g_clear_pointer (&grid->cells, g_free);
    }
  g_clear_pointer (&grid->large, g_array_unref);
  g_clear_pointer (&grid->seen, g_free);
  g_clear_pointer (&grid->boxes, g_free);
  grid->columns = grid->rows = 0;
  grid->n = 0;
}

static void
cell_range (const CanvasGrid *grid,
            double            x1,
            double            y1,
            double            x2,
            double            y2,
            guint            *c1,
            guint            *r1,
            guint            *c2,
            guint            *r2)
{
  *c1 = (guint)CLAMP (floor (x1 / grid->cell_size), 0, grid->columns - 1);
  *r1 = (guint)CLAMP (floor (y1 / grid->cell_size), 0, grid->rows - 1);
  *c2 = (guint)CLAMP (floor (x2 / grid->cell_size), 0, grid->columns - 1);
  *r2 = (guint)CLAMP (floor (y2 / grid->cell_size), 0, grid->rows - 1);
}

/* Indexes @n boxes (copied) over an image of @width × @height; boxes
 * reaching past it widen the grid. */
void
limn_canvas_grid_build (CanvasGrid    *grid,
                        const LimnBox *boxes,
                        guint          n,
                        double         width,
                        double         height)
{
  double extent;

  limn_canvas_grid_clear (grid);
  if (n == 0)
    return;

  extent = MAX (MAX (width, height), 1);
  for (guint i = 0; i < n; i++)
    {
      extent = MAX (extent, boxes[i].x + boxes[i].w);
      extent = MAX (extent, boxes[i].y + boxes[i].h);
    }

  grid->n = n;
  grid->boxes = g_memdup2 (boxes, sizeof (LimnBox) * n);
  grid->cell_size = MAX (extent / GRID_CELLS, 8.0);
  grid->columns = (guint)ceil (extent / grid->cell_size) + 1;
  grid->rows = grid->columns;
  grid->cells = g_new0 (GArray *, grid->columns * grid->rows);
  grid->large = g_array_new (FALSE, FALSE, sizeof (guint));
  grid->seen = g_new0 (guint, n);
  grid->stamp = 0;

  for (guint i = 0; i < n; i++)
    {
      const LimnBox *b = &boxes[i];
      guint c1, r1, c2, r2;

      cell_range (grid, b->x, b->y, b->x + b->w, b->y + b->h, &c1, &r1, &c2, &r2);
      if ((c2 - c1 + 1) * (r2 - r1 + 1) > LARGE_ITEM_CELLS)
        {
          g_array_append_val (grid->large, i);
          continue;
        }

      for (guint r = r1; r <= r2; r++)
        for (guint c = c1; c <= c2; c++)
          {
            GArray **cell = &grid->cells[r * grid->columns + c];

            if (*cell == NULL)
              *cell = g_array_sized_new (FALSE, FALSE, sizeof (guint), 4);
            g_array_append_val (*cell, i);
          }
    }
}

/* Sets @out to the indices of the boxes touching the rectangle, each once. */
void
limn_canvas_grid_query (CanvasGrid *grid,
                        double      x1,
                        double      y1,
                        double      x2,
                        double      y2,
                        GArray     *out)
{
  LimnBox query = { x1, y1, x2 - x1, y2 - y1 };
  guint c1, r1, c2, r2;

  g_array_set_size (out, 0);
  if (grid->cells == NULL)
    return;

  if (++grid->stamp == 0)
    {
      memset (grid->seen, 0, sizeof (guint) * grid->n);
      grid->stamp = 1;
    }

#define CONSIDER(index) G_STMT_START {                                    \
    guint idx_ = (index);                                                 \
    if (grid->seen[idx_] != grid->stamp)                                  \
      {                                                                   \
        grid->seen[idx_] = grid->stamp;                                   \
        if (limn_box_intersects (&grid->boxes[idx_], &query))             \
          g_array_append_val (out, idx_);                                 \
      }                                                                   \
  } G_STMT_END

  for (guint i = 0; i < grid->large->len; i++)
    CONSIDER (g_array_index (grid->large, guint, i));

  cell_range (grid, x1, y1, x2, y2, &c1, &r1, &c2, &r2);
  for (guint r = r1; r <= r2; r++)
    for (guint c = c1; c <= c2; c++)
      {
        GArray *cell = grid->cells[r * grid->columns + c];

        if (cell == NULL)
          continue;
        for (guint i = 0; i < cell->len; i++)
          CONSIDER (g_array_index (cell, guint, i));
      }

#undef CONSIDER
}
