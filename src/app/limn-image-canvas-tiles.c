/* limn-image-canvas-tiles.c
 *
 * The picture's cache: tiles of device pixels, one layer of them per zoom,
 * their buffers from a pool of mapped pages, the nodes that draw them, the
 * older layer that stands in, scaled, while a new zoom's tiles are
 * rendered, and the scheduling of that work in a frame's budget and in
 * idle time. What a tile shows is drawn by limn-image-canvas-paint.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <inttypes.h>

#include "limn-image-canvas-private.h"

#include <math.h>
#include <string.h>
#ifdef G_OS_UNIX
#include <sys/mman.h>
#endif

#include "model/limn-util.h"

#define VIEW_TILE            256   /* device px: the picture is rendered in tiles this big */
#define TILE_BUDGET_US       1500  /* rendering tiles in a frame, when something stands in */
#define IDLE_SLICE_US        2000  /* rendering tiles per idle callback */
#define MAX_LAYERS           4     /* zooms whose tiles are kept */
#define POOL_SPARE           16    /* tile buffers kept for reuse */

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
  GPtrArray *spare;       /* TILE_BYTES each */
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

typedef struct
{
  int c1, r1, c2, r2;
} TileRange;

static const cairo_user_data_key_t tile_buffer_key;

static gboolean
uses_cairo_renderer (LimnImageCanvas *self)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GskRenderer *renderer = native ? gtk_native_get_renderer (native) : NULL;

  return renderer != NULL && GSK_IS_CAIRO_RENDERER (renderer);
}

/* A pooled buffer: a whole tile and its overlap (see render_tile()). */
#define TILE_BYTES ((VIEW_TILE + 1) * (VIEW_TILE + 1) * 4)

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
    g_error ("cannot map %zu bytes for a tile", size);
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

/* A surface of @width × @height device pixels: whole tiles, with or
 * without their overlap, come from the pool; those cut by the picture's
 * edge are mapped at their size. */
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
  if (width >= VIEW_TILE && height >= VIEW_TILE)
    buffer->size = TILE_BYTES;
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

static ViewTile *
layer_lookup (CanvasLayer *layer,
              int          column,
              int          row)
{
  return g_hash_table_lookup (layer->tiles, limn_image_canvas_cell_key (column, row));
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
      g_hash_table_remove (layer->tiles, limn_image_canvas_cell_key (c, r));
}

void
limn_image_canvas_clear_layers (LimnImageCanvas *self)
{
  g_ptr_array_set_size (self->layers, 0);
  g_clear_handle_id (&self->refine_id, g_source_remove);
  self->view_complete = FALSE;
}

/* Tiles rendered from @old_serial's pixels count as rendered from the
 * current ones if they were sharp. */
void
limn_image_canvas_keep_sharp_tiles (LimnImageCanvas *self,
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
 * it once. For cairo the surface may reach past @area: see render_tile(). */
static GskRenderNode *
tile_node (LimnImageCanvas       *self,
           cairo_surface_t       *surface,
           const graphene_rect_t *area)
{
  GskRenderNode *node;

  if (uses_cairo_renderer (self))
    {
      double sx, sy;
      graphene_rect_t bounds;
      cairo_t *cr;

      cairo_surface_get_device_scale (surface, &sx, &sy);
      bounds = GRAPHENE_RECT_INIT (area->origin.x, area->origin.y,
                                   cairo_image_surface_get_width (surface) / sx,
                                   cairo_image_surface_get_height (surface) / sy);
      node = gsk_cairo_node_new (&bounds);
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

/* Copies the last column and row of what @surface shows into the
 * @overlap_x columns and @overlap_y rows past it. */
static void
repeat_edges (cairo_surface_t *surface,
              int              overlap_x,
              int              overlap_y)
{
  guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  int width = cairo_image_surface_get_width (surface) - overlap_x;
  int height = cairo_image_surface_get_height (surface) - overlap_y;

  if (overlap_x == 0 && overlap_y == 0)
    return;

  for (int y = 0; y < height; y++)
    {
      guint32 *row = (guint32 *)(data + (gsize)y * stride);

      for (int x = width; x < width + overlap_x; x++)
        row[x] = row[width - 1];
    }
  for (int y = height; y < height + overlap_y; y++)
    memcpy (data + (gsize)y * stride, data + (gsize)(height - 1) * stride,
            (gsize)(width + overlap_x) * 4);
  cairo_surface_mark_dirty (surface);
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
  int overlap_x = 0, overlap_y = 0;
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

  /* Tiles meet edge to edge on the device grid, but a parent's transform
   * may put their edges between pixels (the widget moved by a fraction of
   * a pixel in an animation, the window scaled into a thumbnail or a
   * screenshot). There cairo gives the pixel on an edge to both tiles in
   * part, or to neither, and the background shows through as a line along
   * every tile edge. So with cairo a tile with a neighbour to its right or
   * below reaches one device pixel under it, repeating its last column or
   * row: the neighbour, drawn after it, hides that pixel where the grid is
   * whole, and where it covers the edge pixel only in part, the rest shows
   * this tile's edge, as it should, rather than the background. The
   * surface holds the extra pixels, so that its node is still replayed as
   * a plain copy. GL gives each pixel to exactly one of two textures that
   * meet, whatever the transform. */
  if (uses_cairo_renderer (self))
    {
      TileRange all;

      if (layer_tile_range (layer, &layer->extent, 0, &all))
        {
          overlap_x = column < all.c2;
          overlap_y = row < all.r2;
        }
    }

  tile->surface = tile_pool_new_surface (self->tile_pool,
                                         (int)round (area.size.width * sf) + overlap_x,
                                         (int)round (area.size.height * sf) + overlap_y, sf);
  cr = cairo_create (tile->surface);
  cairo_translate (cr, -area.origin.x, -area.origin.y);
  tile->sharp = limn_image_canvas_paint_tile (self, cr, layer, &area);
  cairo_destroy (cr);
  cairo_surface_flush (tile->surface);
  repeat_edges (tile->surface, overlap_x, overlap_y);

  tile->node = tile_node (self, tile->surface, &area);
  tile->image_serial = self->image_serial;
  tile->last_used = self->frame_serial;
  g_hash_table_replace (layer->tiles, limn_image_canvas_cell_key (column, row), tile);
  g_hash_table_remove (layer->stand_ins, limn_image_canvas_cell_key (column, row));

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

  node = g_hash_table_lookup (layer->stand_ins, limn_image_canvas_cell_key (column, row));
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
            gdk_cairo_set_source_rgba (cr, &canvas_background_color);
            cairo_paint (cr);
          }
        else
          {
            gtk_snapshot_push_clip (snapshot, &area);
            gtk_snapshot_append_color (snapshot, &canvas_background_color, &area);
          }

        for (int r = range.r1; r <= range.r2; r++)
          for (int c = range.c1; c <= range.c2; c++)
            {
              ViewTile *tile = layer_lookup (older, c, r);
              graphene_rect_t from = tile->area;
              /* Edges on this layer's device grid, so scaled tiles meet
               * without seams. */
              double x1 = limn_image_canvas_snap_px (from.origin.x / k, layer->scale);
              double y1 = limn_image_canvas_snap_px (from.origin.y / k, layer->scale);
              double x2 = limn_image_canvas_snap_px ((from.origin.x + from.size.width) / k,
                                                     layer->scale);
              double y2 = limn_image_canvas_snap_px ((from.origin.y + from.size.height) / k,
                                                     layer->scale);

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
    g_hash_table_insert (layer->stand_ins, limn_image_canvas_cell_key (column, row), node);

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
      limn_image_canvas_ensure_order (self);
      limn_image_canvas_place_chips (self, layer);
      limn_image_canvas_overlays_extent (self, layer);
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
              graphene_rect_t r = limn_image_canvas_zoomed_rect (layer->zoom, layer->scale,
                                                                 &item->region->box);

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
  graphene_rect_t view = limn_image_canvas_view_rect (self);
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
void
limn_image_canvas_snapshot_picture (LimnImageCanvas       *self,
                                    GtkSnapshot           *snapshot,
                                    const graphene_rect_t *view,
                                    const char            *exclude)
{
  gint64 deadline = g_get_monotonic_time () + TILE_BUDGET_US;
  gboolean complete = TRUE;
  CanvasLayer *layer;
  TileRange range;

  limn_image_canvas_ensure_order (self);
  layer = layer_for_zoom (self, self->zoom, self->fitted);
  set_tiles_exclude (self, exclude);

  /* Row by row, left to right: a tile's overlap lies under the tiles that
   * follow (see render_tile()). */
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

void
limn_image_canvas_init_tiles (LimnImageCanvas *self)
{
  self->layers = g_ptr_array_new_with_free_func (canvas_layer_free);
  self->tile_pool = tile_pool_new ();
  self->tile_entries = g_array_new (FALSE, FALSE, sizeof (TileEntry));
  self->tiles_exclude_index = G_MAXUINT;
}

void
limn_image_canvas_finalize_tiles (LimnImageCanvas *self)
{
  g_ptr_array_unref (self->layers);
  tile_pool_unref (self->tile_pool);
  g_array_unref (self->tile_entries);
  g_free (self->tiles_exclude);
}

/* Tiles are drawn by nodes made for one renderer: a new one needs new
 * tiles, and spare buffers wait for them in vain. */
void
limn_image_canvas_unrealize_tiles (LimnImageCanvas *self)
{
  limn_image_canvas_clear_layers (self);
  g_ptr_array_set_size (self->tile_pool->spare, 0);
}
