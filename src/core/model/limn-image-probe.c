/* limn-image-probe.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-model"

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
      g_set_error (error, LIMN_IMAGE_ERROR,
                   saved_errno == ENOENT ? LIMN_IMAGE_ERROR_MISSING : LIMN_IMAGE_ERROR_UNREADABLE,
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

  info->stored_width = width;
  info->stored_height = height;
  info->orientation = limn_image_read_orientation (path);
  /* Orientations 5–8 turn the image a quarter: its displayed size swaps. */
  info->width = info->orientation >= 5 ? height : width;
  info->height = info->orientation >= 5 ? width : height;
  info->format_name = gdk_pixbuf_format_get_name (format);
  {
    g_auto(GStrv) mime_types = gdk_pixbuf_format_get_mime_types (format);

    info->mime_type = g_strdup (mime_types != NULL && mime_types[0] != NULL
                                ? mime_types[0] : "application/octet-stream");
  }

  return TRUE;
}

/* A reader for the one EXIF tag Limn needs, Orientation (0x0112) in IFD0,
 * bounded and defensive: any malformed structure means "no orientation". */

static guint
get16 (const guint8 *p,
       gboolean      big)
{
  return big ? (p[0] << 8) | p[1] : p[0] | (p[1] << 8);
}

static guint32
get32 (const guint8 *p,
       gboolean      big)
{
  return big ? ((guint32)p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]
             : p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32)p[3] << 24);
}

/* @tiff points at a TIFF header ("II*\0" or "MM\0*") of @len bytes. */
static int
tiff_orientation (const guint8 *tiff,
                  gsize         len)
{
  gboolean big;
  guint32 ifd;
  guint n;

  if (len < 8)
    return 1;

  if (tiff[0] == 'I' && tiff[1] == 'I')
    big = FALSE;
  else if (tiff[0] == 'M' && tiff[1] == 'M')
    big = TRUE;
  else
    return 1;

  if (get16 (tiff + 2, big) != 42)
    return 1;

  ifd = get32 (tiff + 4, big);
  if (ifd > len - 2)
    return 1;

  n = get16 (tiff + ifd, big);
  for (guint i = 0; i < n; i++)
    {
      gsize entry = (gsize)ifd + 2 + (gsize)i * 12;

      if (entry + 12 > len)
        return 1;

      if (get16 (tiff + entry, big) == 0x0112)
        {
          guint value = get16 (tiff + entry + 8, big);

          return value >= 1 && value <= 8 ? (int)value : 1;
        }
    }

  return 1;
}

int
limn_image_read_orientation (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, NULL);
  guint8 buf[65536];
  gsize len = 0;
  gsize pos;

  if (in == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (in), buf, sizeof buf, &len, NULL, NULL) ||
      len < 4)
    return 1;

  /* TIFF: the file is the TIFF structure. */
  if ((buf[0] == 'I' && buf[1] == 'I') || (buf[0] == 'M' && buf[1] == 'M'))
    return tiff_orientation (buf, len);

  /* JPEG: walk the markers before the image data for APP1 "Exif\0\0". */
  if (buf[0] != 0xFF || buf[1] != 0xD8)
    return 1;

  pos = 2;
  while (pos + 4 <= len)
    {
      guint marker, seglen;

      if (buf[pos] != 0xFF)
        return 1;
      marker = buf[pos + 1];
      if (marker == 0xDA || marker == 0xD9)   /* start of scan, end of image */
        return 1;

      seglen = get16 (buf + pos + 2, TRUE);
      if (seglen < 2 || pos + 2 + seglen > len)
        return 1;

      if (marker == 0xE1 && seglen >= 8 && memcmp (buf + pos + 4, "Exif\0\0", 6) == 0)
        return tiff_orientation (buf + pos + 10, seglen - 8);

      pos += 2 + seglen;
    }

  return 1;
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
