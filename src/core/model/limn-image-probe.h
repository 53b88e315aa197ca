/* limn-image-probe.h
 *
 * Reads an image's header only (never its pixels), so callers can refuse
 * decompression bombs and unreadable files before any decoding. The probe
 * does disk I/O: call it from a worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LIMN_IMAGE_ERROR (limn_image_error_quark ())

/**
 * LimnImageError:
 * @LIMN_IMAGE_ERROR_UNREADABLE: the file is missing or cannot be read
 * @LIMN_IMAGE_ERROR_UNSUPPORTED: not an image format Limn can decode
 * @LIMN_IMAGE_ERROR_TOO_LARGE: more pixels than the configured limit
 * @LIMN_IMAGE_ERROR_CORRUPT: an image, but damaged, truncated or empty
 * @LIMN_IMAGE_ERROR_MISSING: there is no file (yet: a team task's image may
 *   still be on its way)
 */
typedef enum
{
  LIMN_IMAGE_ERROR_UNREADABLE,
  LIMN_IMAGE_ERROR_UNSUPPORTED,
  LIMN_IMAGE_ERROR_TOO_LARGE,
  LIMN_IMAGE_ERROR_CORRUPT,
  LIMN_IMAGE_ERROR_MISSING,
} LimnImageError;

/* What the header says. Width and height are as the image is displayed,
 * i.e. after its EXIF orientation (boxes are in these coordinates); the
 * stored size is what the pixel rows in the file have. */
typedef struct
{
  int   width;
  int   height;
  int   stored_width;
  int   stored_height;
  int   orientation;  /* EXIF 1…8; 1 when there is none */
  char *format_name;  /* gdk-pixbuf's name: "jpeg", "png", "webp", "tiff" … */
  char *mime_type;    /* e.g. "image/jpeg" */
} LimnImageInfo;

GQuark   limn_image_error_quark        (void);

/* The EXIF orientation (1…8) of a JPEG or TIFF file, read from its header
 * without decoding; 1 for other formats or when absent or unreadable. */
int      limn_image_read_orientation   (const char     *path);

gboolean limn_image_probe              (const char     *path,
                                        LimnImageInfo  *info,
                                        GError        **error);
void     limn_image_info_clear         (LimnImageInfo  *info);

/* Refuses an image of @width × @height when it has more than @max_pixels
 * (0: no limit), with a message the user can act on. */
gboolean limn_image_probe_check_pixels (int             width,
                                        int             height,
                                        guint64         max_pixels,
                                        GError        **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LimnImageInfo, limn_image_info_clear)

G_END_DECLS
