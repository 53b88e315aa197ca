/* limn-image-probe.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-image-probe"

#include "config.h"

#include "limn-image-probe.h"

#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <unistd.h>

G_DEFINE_QUARK (limn-image-error-quark, limn_image_error)

void
limn_image_info_clear (LimnImageInfo *info)
{
  g_clear_pointer (&info->format_name, g_free);
  g_clear_pointer (&info->mime_type, g_free);
  info->width = 0;
  info->height = 0;
}

/**
 * limn_image_probe:
 * @path: a local file
 * @info: (out caller-allocates): filled on success; clear it with
 *   limn_image_info_clear()
 *
 * Identifies the format and the size from the file's header. gdk-pixbuf
 * stops feeding its loader once the size is known, so a 20000 × 20000 PNG is
 * probed as fast as a small one. Blocks on disk: call it from a thread.
 */
gboolean
limn_image_probe (const char     *path,
                  LimnImageInfo  *info,
                  GError        **error)
{
  g_autofree char *display = NULL;
  GdkPixbufFormat *format;
  GStatBuf st;
  int width = 0;
  int height = 0;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  memset (info, 0, sizeof *info);
  display = g_filename_display_basename (path);

  /* gdk_pixbuf_get_file_info() says nothing about why it failed, so find out
   * first whether the file can be read at all. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, LIMN_IMAGE_ERROR, LIMN_IMAGE_ERROR_UNREADABLE,
                   _("Could not read the image “%s”: %s"),
                   display, g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);

  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, LIMN_IMAGE_ERROR, LIMN_IMAGE_ERROR_UNREADABLE,
                   _("Could not read the image “%s”: it is not a regular file"),
                   display);
      return FALSE;
    }

  if (st.st_size == 0)
    {
      g_set_error (error, LIMN_IMAGE_ERROR, LIMN_IMAGE_ERROR_CORRUPT,
                   _("The image “%s” is empty (0 bytes)"), display);
      return FALSE;
    }

  format = gdk_pixbuf_get_file_info (path, &width, &height);
  if (format == NULL)
    {
      g_set_error (error, LIMN_IMAGE_ERROR, LIMN_IMAGE_ERROR_UNSUPPORTED,
                   _("“%s” is not an image format Limn can open"), display);
      return FALSE;
    }

  if (width <= 0 || height <= 0)
    {
      g_set_error (error, LIMN_IMAGE_ERROR, LIMN_IMAGE_ERROR_CORRUPT,
                   _("The image “%s” is damaged: its size could not be read"),
                   display);
      return FALSE;
    }

  info->width = width;
  info->height = height;
  info->format_name = gdk_pixbuf_format_get_name (format);
  {
    g_auto(GStrv) mime_types = gdk_pixbuf_format_get_mime_types (format);

    info->mime_type = g_strdup (mime_types != NULL && mime_types[0] != NULL
                                ? mime_types[0] : "application/octet-stream");
  }

  return TRUE;
}

static char *
format_megapixels (double megapixels)
{
  if (megapixels >= 10)
    return g_strdup_printf ("%.0f", megapixels);
  return g_strdup_printf ("%.1f", megapixels);
}

gboolean
limn_image_probe_check_pixels (int       width,
                               int       height,
                               guint64   max_pixels,
                               GError  **error)
{
  guint64 pixels;

  if (width <= 0 || height <= 0)
    {
      g_set_error (error, LIMN_IMAGE_ERROR, LIMN_IMAGE_ERROR_CORRUPT,
                   _("The image has no pixels (%d × %d)"), width, height);
      return FALSE;
    }

  pixels = (guint64)width * (guint64)height;
  if (max_pixels > 0 && pixels > max_pixels)
    {
      g_autofree char *size = format_megapixels (pixels / 1e6);
      g_autofree char *limit = format_megapixels (max_pixels / 1e6);

      /* Never say "100 megapixels; … up to 100 megapixels". */
      if (g_strcmp0 (size, limit) == 0)
        {
          g_free (size);
          size = g_strdup_printf ("%.2f", pixels / 1e6);
        }

      /* Translators: the first %s is the image's size in megapixels, the
       * second the limit set in Preferences, e.g. "150" and "100". */
      g_set_error (error, LIMN_IMAGE_ERROR, LIMN_IMAGE_ERROR_TOO_LARGE,
                   _("This image is %s megapixels; Limn opens images up to %s megapixels (see Preferences)"),
                   size, limit);
      return FALSE;
    }

  return TRUE;
}
