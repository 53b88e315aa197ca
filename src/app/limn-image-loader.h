/* limn-image-loader.h
 *
 * Decodes an image off the main thread in two steps: a fast scaled preview
 * (JPEG's DCT scaling makes a 24-megapixel photo preview in tens of
 * milliseconds), then the full resolution as a pyramid of 512 × 512 tiles.
 *
 * Coordinates: the pyramid is the image as displayed, after its EXIF
 * orientation has been applied; boxes are in those pixel coordinates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LIMN_IMAGE_TILE_SIZE 512

/* A read-only mip pyramid: level 0 is the full image, level k is 2^k times
 * smaller. Level 0's tiles share the decoded buffer; each level's tiles share
 * that level's buffer (no copy per tile). Immutable, so it may be shared
 * between threads. */
typedef struct _LimnImagePyramid LimnImagePyramid;

#define LIMN_TYPE_IMAGE_PYRAMID (limn_image_pyramid_get_type ())

GType             limn_image_pyramid_get_type        (void) G_GNUC_CONST;
LimnImagePyramid *limn_image_pyramid_ref             (LimnImagePyramid *self);
void              limn_image_pyramid_unref           (LimnImagePyramid *self);
int               limn_image_pyramid_get_width       (LimnImagePyramid *self);
int               limn_image_pyramid_get_height      (LimnImagePyramid *self);
gboolean          limn_image_pyramid_get_has_alpha   (LimnImagePyramid *self);
const char       *limn_image_pyramid_get_format_name (LimnImagePyramid *self);
guint             limn_image_pyramid_get_n_levels    (LimnImagePyramid *self);
void              limn_image_pyramid_get_level_size  (LimnImagePyramid *self,
                                                      guint             level,
                                                      int              *width,
                                                      int              *height,
                                                      guint            *n_columns,
                                                      guint            *n_rows);
GdkTexture       *limn_image_pyramid_get_tile        (LimnImagePyramid *self,
                                                      guint             level,
                                                      guint             column,
                                                      guint             row);
/* Copies a rectangle of a level into the caller's buffer in cairo's own
 * layout (RGB24, or premultiplied ARGB32 with alpha), for renderers that
 * draw with cairo. */
void              limn_image_pyramid_read_pixels     (LimnImagePyramid *self,
                                                      guint             level,
                                                      int               x,
                                                      int               y,
                                                      int               width,
                                                      int               height,
                                                      guchar           *dest,
                                                      gsize             dest_stride);
/* Bytes of pixel data held (all levels). */
gsize             limn_image_pyramid_get_size        (LimnImagePyramid *self);

/* Builds a pyramid from decoded pixels (8-bit RGB or RGBA). Used by the
 * loader's thread; public for tests and benchmarks. */
LimnImagePyramid *limn_image_pyramid_new_for_pixbuf  (GdkPixbuf        *pixbuf,
                                                      const char       *format_name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnImagePyramid, limn_image_pyramid_unref)

typedef enum
{
  LIMN_IMAGE_LOAD_PREVIEW,  /* a scaled preview is ready */
  LIMN_IMAGE_LOAD_DECODED,  /* full resolution decoded, building the pyramid */
} LimnImageLoadStage;

/* Called on the caller's main context, never after the load was cancelled.
 * @width and @height are the full image's displayed size; @preview is set
 * for LIMN_IMAGE_LOAD_PREVIEW. */
typedef void (*LimnImageLoadProgressFunc) (LimnImageLoadStage  stage,
                                           int                 width,
                                           int                 height,
                                           GdkTexture         *preview,
                                           gpointer            user_data);

/* @max_pixels: refuse larger images before decoding (0: no limit).
 * @preview_width, @preview_height: the device pixels the preview should fill;
 * 0 skips the preview. Fails with LIMN_IMAGE_ERROR or G_IO_ERROR_CANCELLED. */
void              limn_image_load_async              (const char                *path,
                                                      guint64                    max_pixels,
                                                      int                        preview_width,
                                                      int                        preview_height,
                                                      LimnImageLoadProgressFunc  progress,
                                                      gpointer                   progress_data,
                                                      GDestroyNotify             progress_destroy,
                                                      GCancellable              *cancellable,
                                                      GAsyncReadyCallback        callback,
                                                      gpointer                   user_data);
LimnImagePyramid *limn_image_load_finish             (GAsyncResult              *result,
                                                      GError                   **error);

G_END_DECLS
