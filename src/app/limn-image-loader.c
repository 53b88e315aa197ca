/* limn-image-loader.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include "limn-image-loader.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "model/limn-image-probe.h"

#define READ_CHUNK (256 * 1024)
/* Stop adding levels once the whole image fits in this many pixels. */
#define SMALLEST_LEVEL 64

typedef struct
{
  int          width;
  int          height;
  gsize        stride;
  guint        n_columns;
  guint        n_rows;
  GBytes      *bytes;
  GdkTexture **tiles;
} Level;

struct _LimnImagePyramid
{
  gatomicrefcount  ref_count;
  int              width;
  int              height;
  gboolean         has_alpha;
  GdkMemoryFormat  format;
  char            *format_name;
  guint            n_levels;
  Level           *levels;
};

G_DEFINE_BOXED_TYPE (LimnImagePyramid, limn_image_pyramid,
                     limn_image_pyramid_ref, limn_image_pyramid_unref)

LimnImagePyramid *
limn_image_pyramid_ref (LimnImagePyramid *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
limn_image_pyramid_unref (LimnImagePyramid *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint i = 0; i < self->n_levels; i++)
    {
      Level *level = &self->levels[i];

      for (guint t = 0; t < level->n_columns * level->n_rows; t++)
        g_clear_object (&level->tiles[t]);
      g_free (level->tiles);
      g_clear_pointer (&level->bytes, g_bytes_unref);
    }
  g_free (self->levels);
  g_free (self->format_name);
  g_free (self);
}

int
limn_image_pyramid_get_width (LimnImagePyramid *self)
{
  return self->width;
}

int
limn_image_pyramid_get_height (LimnImagePyramid *self)
{
  return self->height;
}

gboolean
limn_image_pyramid_get_has_alpha (LimnImagePyramid *self)
{
  return self->has_alpha;
}

const char *
limn_image_pyramid_get_format_name (LimnImagePyramid *self)
{
  return self->format_name;
}

guint
limn_image_pyramid_get_n_levels (LimnImagePyramid *self)
{
  return self->n_levels;
}

void
limn_image_pyramid_get_level_size (LimnImagePyramid *self,
                                   guint             level,
                                   int              *width,
                                   int              *height,
                                   guint            *n_columns,
                                   guint            *n_rows)
{
  const Level *l;

  g_return_if_fail (level < self->n_levels);

  l = &self->levels[level];
  if (width)
    *width = l->width;
  if (height)
    *height = l->height;
  if (n_columns)
    *n_columns = l->n_columns;
  if (n_rows)
    *n_rows = l->n_rows;
}

/**
 * limn_image_pyramid_get_tile:
 *
 * Returns: (transfer none): the tile, LIMN_IMAGE_TILE_SIZE square except at
 *   the right and bottom edges
 */
GdkTexture *
limn_image_pyramid_get_tile (LimnImagePyramid *self,
                             guint             level,
                             guint             column,
                             guint             row)
{
  const Level *l;

  g_return_val_if_fail (level < self->n_levels, NULL);

  l = &self->levels[level];
  g_return_val_if_fail (column < l->n_columns && row < l->n_rows, NULL);

  return l->tiles[row * l->n_columns + column];
}

/**
 * limn_image_pyramid_read_pixels:
 * @dest: (out caller-allocates): @height rows of @dest_stride bytes
 *
 * Copies the rectangle (@x, @y, @width, @height) of @level, which must lie
 * inside the level, into @dest in cairo's own layout: CAIRO_FORMAT_RGB24
 * (alpha byte 0xff) without alpha, premultiplied CAIRO_FORMAT_ARGB32 with.
 * The caller owns the buffer, so repeated reads allocate nothing.
 */
void
limn_image_pyramid_read_pixels (LimnImagePyramid *self,
                                guint             level,
                                int               x,
                                int               y,
                                int               width,
                                int               height,
                                guchar           *dest,
                                gsize             dest_stride)
{
  const Level *l;
  const guchar *src;

  g_return_if_fail (level < self->n_levels);

  l = &self->levels[level];
  g_return_if_fail (x >= 0 && y >= 0 && width >= 0 && height >= 0);
  g_return_if_fail (x + width <= l->width && y + height <= l->height);

  src = (const guchar *)g_bytes_get_data (l->bytes, NULL) + (gsize)y * l->stride;

  for (int row = 0; row < height; row++)
    {
      const guchar *s = src + (gsize)row * l->stride;
      guint32 *d = (guint32 *)(dest + (gsize)row * dest_stride);

      if (!self->has_alpha)
        {
          s += (gsize)x * 3;
          for (int i = 0; i < width; i++, s += 3)
            d[i] = 0xff000000u | ((guint32)s[0] << 16) | ((guint32)s[1] << 8) | s[2];
        }
      else
        {
          s += (gsize)x * 4;
          for (int i = 0; i < width; i++, s += 4)
            {
              guint a = s[3];

              d[i] = ((guint32)a << 24) |
                     ((guint32)((s[0] * a + 127) / 255) << 16) |
                     ((guint32)((s[1] * a + 127) / 255) << 8) |
                     (guint32)((s[2] * a + 127) / 255);
            }
        }
    }
}

gsize
limn_image_pyramid_get_size (LimnImagePyramid *self)
{
  gsize size = 0;

  for (guint i = 0; i < self->n_levels; i++)
    size += g_bytes_get_size (self->levels[i].bytes);

  return size;
}

/* Cuts a level into tiles that point into its buffer: each tile is a slice
 * of the same GBytes with the level's full stride, so no pixel is copied. */
static void
level_make_tiles (Level           *level,
                  GdkMemoryFormat  format,
                  guint            bpp)
{
  level->n_columns = (level->width + LIMN_IMAGE_TILE_SIZE - 1) / LIMN_IMAGE_TILE_SIZE;
  level->n_rows = (level->height + LIMN_IMAGE_TILE_SIZE - 1) / LIMN_IMAGE_TILE_SIZE;
  level->tiles = g_new0 (GdkTexture *, level->n_columns * level->n_rows);

  for (guint r = 0; r < level->n_rows; r++)
    for (guint c = 0; c < level->n_columns; c++)
      {
        int x0 = c * LIMN_IMAGE_TILE_SIZE;
        int y0 = r * LIMN_IMAGE_TILE_SIZE;
        int tw = MIN (LIMN_IMAGE_TILE_SIZE, level->width - x0);
        int th = MIN (LIMN_IMAGE_TILE_SIZE, level->height - y0);
        gsize offset = (gsize)y0 * level->stride + (gsize)x0 * bpp;
        gsize length = (gsize)(th - 1) * level->stride + (gsize)tw * bpp;
        g_autoptr(GBytes) slice = g_bytes_new_from_bytes (level->bytes, offset, length);

        level->tiles[r * level->n_columns + c] =
          gdk_memory_texture_new (tw, th, format, slice, level->stride);
      }
}

/* Halves @src with a 2 × 2 box filter (an odd last row or column averages
 * what there is). With alpha the colours are weighted by it, so transparent
 * pixels do not darken their neighbours' edges. */
static void
downscale_half (const Level *src,
                Level       *dst,
                guint        bpp)
{
  const guchar *in = g_bytes_get_data (src->bytes, NULL);
  guchar *out;

  dst->width = (src->width + 1) / 2;
  dst->height = (src->height + 1) / 2;
  dst->stride = ((gsize)dst->width * bpp + 3) & ~(gsize)3;
  out = g_malloc ((gsize)dst->height * dst->stride);

  for (int y = 0; y < dst->height; y++)
    {
      const guchar *row0 = in + (gsize)(2 * y) * src->stride;
      const guchar *row1 = 2 * y + 1 < src->height ? row0 + src->stride : row0;
      guchar *o = out + (gsize)y * dst->stride;
      int full = src->width / 2;
      int x;

      if (bpp == 3)
        {
          for (x = 0; x < full; x++)
            {
              const guchar *a = row0 + 6 * x;
              const guchar *b = row1 + 6 * x;

              o[0] = (a[0] + a[3] + b[0] + b[3] + 2) >> 2;
              o[1] = (a[1] + a[4] + b[1] + b[4] + 2) >> 2;
              o[2] = (a[2] + a[5] + b[2] + b[5] + 2) >> 2;
              o += 3;
            }
          if (x < dst->width)
            {
              const guchar *a = row0 + 6 * x;
              const guchar *b = row1 + 6 * x;

              o[0] = (a[0] + b[0] + 1) >> 1;
              o[1] = (a[1] + b[1] + 1) >> 1;
              o[2] = (a[2] + b[2] + 1) >> 1;
            }
        }
      else
        {
          for (x = 0; x < dst->width; x++)
            {
              const guchar *p[4];
              guint alpha = 0;
              guint n = 0;
              guint sum[3] = { 0, 0, 0 };

              p[n++] = row0 + 8 * x;
              p[n++] = row1 + 8 * x;
              if (2 * x + 1 < src->width)
                {
                  p[n++] = row0 + 8 * x + 4;
                  p[n++] = row1 + 8 * x + 4;
                }

              for (guint i = 0; i < n; i++)
                {
                  alpha += p[i][3];
                  for (guint c = 0; c < 3; c++)
                    sum[c] += p[i][c] * p[i][3];
                }

              for (guint c = 0; c < 3; c++)
                o[c] = alpha ? (sum[c] + alpha / 2) / alpha : 0;
              o[3] = (alpha + n / 2) / n;
              o += 4;
            }
        }
    }

  dst->bytes = g_bytes_new_take (out, (gsize)dst->height * dst->stride);
}

/**
 * limn_image_pyramid_new_for_pixbuf:
 * @pixbuf: 8-bit RGB or RGBA (non-premultiplied, as gdk-pixbuf has it)
 *
 * Level 0 keeps a reference to @pixbuf's own pixels. Runs in O(pixels);
 * call it from a thread for large images.
 */
LimnImagePyramid *
limn_image_pyramid_new_for_pixbuf (GdkPixbuf  *pixbuf,
                                   const char *format_name)
{
  LimnImagePyramid *self;
  GPtrArray *levels;
  guint bpp;

  g_return_val_if_fail (GDK_IS_PIXBUF (pixbuf), NULL);
  g_return_val_if_fail (gdk_pixbuf_get_bits_per_sample (pixbuf) == 8, NULL);

  self = g_new0 (LimnImagePyramid, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->width = gdk_pixbuf_get_width (pixbuf);
  self->height = gdk_pixbuf_get_height (pixbuf);
  self->has_alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  bpp = gdk_pixbuf_get_n_channels (pixbuf);
  /* Opaque images take three bytes a pixel, which the cairo renderer also
   * uploads as RGB24 (no blending); gdk-pixbuf's alpha is not premultiplied. */
  self->format = self->has_alpha ? GDK_MEMORY_R8G8B8A8 : GDK_MEMORY_R8G8B8;
  self->format_name = g_strdup (format_name);

  levels = g_ptr_array_new ();
  {
    Level *level0 = g_new0 (Level, 1);

    level0->width = self->width;
    level0->height = self->height;
    level0->stride = gdk_pixbuf_get_rowstride (pixbuf);
    /* Wraps the pixbuf's pixels and keeps the pixbuf alive: no copy. */
    level0->bytes = gdk_pixbuf_read_pixel_bytes (pixbuf);
    g_ptr_array_add (levels, level0);
  }

  for (;;)
    {
      Level *prev = g_ptr_array_index (levels, levels->len - 1);
      Level *next;

      if (prev->width <= SMALLEST_LEVEL && prev->height <= SMALLEST_LEVEL)
        break;
      if (prev->width < 2 || prev->height < 2)
        break;

      next = g_new0 (Level, 1);
      downscale_half (prev, next, bpp);
      g_ptr_array_add (levels, next);
    }

  self->n_levels = levels->len;
  self->levels = g_new0 (Level, self->n_levels);
  for (guint i = 0; i < levels->len; i++)
    {
      Level *level = g_ptr_array_index (levels, i);

      self->levels[i] = *level;
      g_free (level);
      level_make_tiles (&self->levels[i], self->format, bpp);
    }
  g_ptr_array_unref (levels);

  return self;
}

/* ------------------------------------------------------------------------ */

typedef struct
{
  gatomicrefcount            ref_count;
  LimnImageLoadProgressFunc  func;
  gpointer                   data;
  GDestroyNotify             destroy;
  GCancellable              *cancellable;
  GMainContext              *context;
} Progress;

typedef struct
{
  char     *path;
  guint64   max_pixels;
  int       preview_width;
  int       preview_height;
  Progress *progress;  /* owned by the Completion, valid while the thread runs */
} LoadJob;

typedef struct
{
  GAsyncReadyCallback  callback;
  gpointer             user_data;
  Progress            *progress;
} Completion;

typedef struct
{
  Progress           *progress;
  LimnImageLoadStage  stage;
  int                 width;
  int                 height;
  GdkTexture         *preview;
} ProgressMessage;

static Progress *
progress_ref (Progress *progress)
{
  g_atomic_ref_count_inc (&progress->ref_count);
  return progress;
}

/* Only ever called on the caller's context: the destroy notify may drop the
 * last reference to a widget. */
static void
progress_unref (Progress *progress)
{
  if (!g_atomic_ref_count_dec (&progress->ref_count))
    return;

  if (progress->destroy)
    progress->destroy (progress->data);
  g_clear_object (&progress->cancellable);
  g_main_context_unref (progress->context);
  g_free (progress);
}

static gboolean
progress_dispatch (gpointer data)
{
  ProgressMessage *msg = data;
  Progress *progress = msg->progress;

  if (progress->func != NULL &&
      (progress->cancellable == NULL || !g_cancellable_is_cancelled (progress->cancellable)))
    progress->func (msg->stage, msg->width, msg->height, msg->preview, progress->data);

  return G_SOURCE_REMOVE;
}

static void
progress_message_free (gpointer data)
{
  ProgressMessage *msg = data;

  g_clear_object (&msg->preview);
  progress_unref (msg->progress);
  g_free (msg);
}

static void
progress_post (Progress           *progress,
               LimnImageLoadStage  stage,
               int                 width,
               int                 height,
               GdkTexture         *preview)
{
  ProgressMessage *msg;

  if (progress->func == NULL)
    return;

  msg = g_new0 (ProgressMessage, 1);
  msg->progress = progress_ref (progress);
  msg->stage = stage;
  msg->width = width;
  msg->height = height;
  msg->preview = preview ? g_object_ref (preview) : NULL;
  g_main_context_invoke_full (progress->context, G_PRIORITY_DEFAULT,
                              progress_dispatch, msg, progress_message_free);
}

static void
load_job_free (gpointer data)
{
  LoadJob *job = data;

  g_free (job->path);
  g_free (job);
}

/* Scaled decoding: ask for exactly what libjpeg's DCT scaling (1/2, 1/4, 1/8)
 * produces, so gdk-pixbuf does not rescale afterwards. */
static void
preview_size_prepared_cb (GdkPixbufLoader *loader,
                          int              width,
                          int              height,
                          gpointer         data)
{
  const LoadJob *job = data;
  int denom = 1;

  while (denom < 8 &&
         (width + 2 * denom - 1) / (2 * denom) >= job->preview_width &&
         (height + 2 * denom - 1) / (2 * denom) >= job->preview_height)
    denom *= 2;

  if (denom > 1)
    gdk_pixbuf_loader_set_size (loader,
                                (width + denom - 1) / denom,
                                (height + denom - 1) / denom);
}

typedef struct
{
  int rows_done;
  int updates;
} Coverage;

static void
area_updated_cb (GdkPixbufLoader *loader,
                 int              x,
                 int              y,
                 int              width,
                 int              height,
                 gpointer         data)
{
  Coverage *coverage = data;

  coverage->updates++;
  coverage->rows_done = MAX (coverage->rows_done, y + height);
}

/* gdk-pixbuf's JPEG loader pads a truncated file with grey and reports
 * success, so walk the markers: a whole JPEG reaches its EOI. Stops at the
 * first EOI, so trailers (motion photos) do not matter. */
static gboolean
jpeg_is_complete (const char *path)
{
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, NULL);
  const guchar *data;
  gsize len, pos = 2;

  if (file == NULL)
    return FALSE;

  data = (const guchar *)g_mapped_file_get_contents (file);
  len = g_mapped_file_get_length (file);
  if (len < 4 || data[0] != 0xff || data[1] != 0xd8)
    return FALSE;

  while (pos + 1 < len)
    {
      guchar marker;
      gsize segment;

      if (data[pos] != 0xff)
        return FALSE;
      marker = data[pos + 1];
      if (marker == 0xff)
        {
          pos++;
          continue;
        }
      if (marker == 0xd9)
        return TRUE;
      if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7))
        {
          pos += 2;
          continue;
        }
      if (pos + 3 >= len)
        return FALSE;
      segment = ((gsize)data[pos + 2] << 8) | data[pos + 3];
      pos += 2 + segment;

      if (marker == 0xda)
        {
          /* Entropy-coded data: up to the next marker that is neither a
           * stuffed 0xff00 nor a restart marker. */
          while (pos + 1 < len &&
                 !(data[pos] == 0xff && data[pos + 1] != 0 &&
                   !(data[pos + 1] >= 0xd0 && data[pos + 1] <= 0xd7)))
            pos++;
        }
    }

  return FALSE;
}

static GdkPixbuf *
decode (const char    *path,
        const char    *format_name,
        const LoadJob *preview_for,
        GCancellable  *cancellable,
        GError       **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = g_filename_display_basename (path);
  g_autofree guchar *buffer = NULL;
  Coverage coverage = { 0, 0 };
  GdkPixbuf *pixbuf;
  gboolean ok = TRUE;
  int fd;

  loader = gdk_pixbuf_loader_new_with_type (format_name, &local_error);
  if (loader == NULL)
    {
      g_set_error (error, LIMN_IMAGE_ERROR, LIMN_IMAGE_ERROR_UNSUPPORTED,
                   _("“%s” is not an image format Limn can open"), display);
      return NULL;
    }

  if (preview_for != NULL)
    g_signal_connect (loader, "size-prepared", G_CALLBACK (preview_size_prepared_cb), (gpointer)preview_for);
  else
    g_signal_connect (loader, "area-updated", G_CALLBACK (area_updated_cb), &coverage);

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      gdk_pixbuf_loader_close (loader, NULL);
      g_set_error (error, LIMN_IMAGE_ERROR, LIMN_IMAGE_ERROR_UNREADABLE,
                   _("Could not read the image “%s”: %s"), display, g_strerror (saved_errno));
      return NULL;
    }

  buffer = g_malloc (READ_CHUNK);
  for (;;)
    {
      gssize n = read (fd, buffer, READ_CHUNK);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          close (fd);
          gdk_pixbuf_loader_close (loader, NULL);
          g_set_error (error, LIMN_IMAGE_ERROR, LIMN_IMAGE_ERROR_UNREADABLE,
                       _("Could not read the image “%s”: %s"), display, g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          close (fd);
          gdk_pixbuf_loader_close (loader, NULL);
          return NULL;
        }
      if (!gdk_pixbuf_loader_write (loader, buffer, n, &local_error))
        {
          ok = FALSE;
          break;
        }
    }
  close (fd);

  if (!gdk_pixbuf_loader_close (loader, ok ? &local_error : NULL))
    ok = FALSE;

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (!ok || pixbuf == NULL)
    {
      g_debug ("decoding %s failed: %s", path, local_error ? local_error->message : "no pixbuf");
      g_set_error (error, LIMN_IMAGE_ERROR, LIMN_IMAGE_ERROR_CORRUPT,
                   _("The image “%s” is damaged and cannot be shown"), display);
      return NULL;
    }

  if (preview_for == NULL && g_strcmp0 (format_name, "jpeg") == 0 && !jpeg_is_complete (path))
    {
      g_set_error (error, LIMN_IMAGE_ERROR, LIMN_IMAGE_ERROR_CORRUPT,
                   _("The image “%s” is incomplete: the file ends before the picture does"),
                   display);
      return NULL;
    }

  /* Other loaders report the rows they decoded. */
  if (preview_for == NULL && coverage.updates > 0 &&
      coverage.rows_done < gdk_pixbuf_get_height (pixbuf))
    {
      g_set_error (error, LIMN_IMAGE_ERROR, LIMN_IMAGE_ERROR_CORRUPT,
                   _("The image “%s” is incomplete (only %d of %d rows could be read)"),
                   display, coverage.rows_done, gdk_pixbuf_get_height (pixbuf));
      return NULL;
    }

  if (gdk_pixbuf_get_bits_per_sample (pixbuf) != 8 ||
      gdk_pixbuf_get_colorspace (pixbuf) != GDK_COLORSPACE_RGB)
    {
      g_set_error (error, LIMN_IMAGE_ERROR, LIMN_IMAGE_ERROR_UNSUPPORTED,
                   _("“%s” uses a pixel format Limn cannot show"), display);
      return NULL;
    }

  /* Boxes live in the coordinates of the image as displayed. */
  return gdk_pixbuf_apply_embedded_orientation (pixbuf);
}

static GdkTexture *
texture_for_pixbuf (GdkPixbuf *pixbuf)
{
  g_autoptr(GBytes) bytes = gdk_pixbuf_read_pixel_bytes (pixbuf);

  return gdk_memory_texture_new (gdk_pixbuf_get_width (pixbuf),
                                 gdk_pixbuf_get_height (pixbuf),
                                 gdk_pixbuf_get_has_alpha (pixbuf) ? GDK_MEMORY_R8G8B8A8 : GDK_MEMORY_R8G8B8,
                                 bytes,
                                 gdk_pixbuf_get_rowstride (pixbuf));
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadJob *job = task_data;
  g_auto(LimnImageInfo) info = { 0 };
  g_autoptr(GdkPixbuf) full = NULL;
  g_autoptr(GError) error = NULL;
  LimnImagePyramid *pyramid;

  if (!limn_image_probe (job->path, &info, &error) ||
      !limn_image_probe_check_pixels (info.width, info.height, job->max_pixels, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Only JPEG decodes faster when scaled; other formats would decode in
   * full twice. */
  if (g_strcmp0 (info.format_name, "jpeg") == 0 &&
      job->preview_width > 0 && job->preview_height > 0 &&
      info.width >= 2 * job->preview_width && info.height >= 2 * job->preview_height)
    {
      g_autoptr(GdkPixbuf) preview = decode (job->path, info.format_name, job, cancellable, &error);

      if (preview != NULL)
        {
          g_autoptr(GdkTexture) texture = texture_for_pixbuf (preview);
          gboolean swap = gdk_pixbuf_get_width (preview) != gdk_pixbuf_get_height (preview) &&
                          ((gdk_pixbuf_get_width (preview) > gdk_pixbuf_get_height (preview)) !=
                           (info.width > info.height));

          progress_post (job->progress, LIMN_IMAGE_LOAD_PREVIEW,
                         swap ? info.height : info.width,
                         swap ? info.width : info.height,
                         texture);
        }
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      else
        {
          /* The full decode will report the problem in its own words. */
          g_clear_error (&error);
        }
    }

  full = decode (job->path, info.format_name, NULL, cancellable, &error);
  if (full == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  progress_post (job->progress, LIMN_IMAGE_LOAD_DECODED,
                 gdk_pixbuf_get_width (full), gdk_pixbuf_get_height (full), NULL);

  if (g_task_return_error_if_cancelled (task))
    return;

  pyramid = limn_image_pyramid_new_for_pixbuf (full, info.format_name);
  g_task_return_pointer (task, pyramid, (GDestroyNotify)limn_image_pyramid_unref);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  Completion *completion = data;

  if (completion->callback)
    completion->callback (object, result, completion->user_data);
  progress_unref (completion->progress);
  g_free (completion);
}

void
limn_image_load_async (const char                *path,
                       guint64                    max_pixels,
                       int                        preview_width,
                       int                        preview_height,
                       LimnImageLoadProgressFunc  progress_func,
                       gpointer                   progress_data,
                       GDestroyNotify             progress_destroy,
                       GCancellable              *cancellable,
                       GAsyncReadyCallback        callback,
                       gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  Completion *completion;
  Progress *progress;
  LoadJob *job;

  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  progress = g_new0 (Progress, 1);
  g_atomic_ref_count_init (&progress->ref_count);
  progress->func = progress_func;
  progress->data = progress_data;
  progress->destroy = progress_destroy;
  progress->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  progress->context = g_main_context_ref_thread_default ();

  completion = g_new0 (Completion, 1);
  completion->callback = callback;
  completion->user_data = user_data;
  completion->progress = progress;

  job = g_new0 (LoadJob, 1);
  job->path = g_strdup (path);
  job->max_pixels = max_pixels;
  job->preview_width = preview_width;
  job->preview_height = preview_height;
  job->progress = progress;

  task = g_task_new (NULL, cancellable, load_done_cb, completion);
  g_task_set_source_tag (task, limn_image_load_async);
  g_task_set_name (task, "limn-image-load");
  g_task_set_task_data (task, job, load_job_free);
  g_task_run_in_thread (task, load_thread);
}

LimnImagePyramid *
limn_image_load_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
