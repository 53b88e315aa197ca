/* test-image-probe.c
 *
 * The header probe on real files of every format Limn opens, and on the
 * broken ones users actually have: truncated, misnamed, empty, missing, and
 * a decompression bomb that claims 20000 × 20000 pixels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "model/limn-image-probe.h"

static char *tmpdir;

static GdkPixbuf *
make_pixbuf (int      width,
             int      height,
             gboolean alpha)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, width, height);
  int n_channels = gdk_pixbuf_get_n_channels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guchar *p = pixels + y * stride + x * n_channels;

        p[0] = x * 255 / width;
        p[1] = y * 255 / height;
        p[2] = (x ^ y) & 0xff;
        if (alpha)
          p[3] = 200;
      }

  return pixbuf;
}

static gboolean
have_saver (const char *name)
{
  g_autoptr(GSList) formats = gdk_pixbuf_get_formats ();

  for (GSList *l = formats; l != NULL; l = l->next)
    {
      g_autofree char *fname = gdk_pixbuf_format_get_name (l->data);

      if (g_strcmp0 (fname, name) == 0)
        return gdk_pixbuf_format_is_writable (l->data);
    }

  return FALSE;
}

static char *
save_image (const char *format,
            const char *file,
            int         width,
            int         height)
{
  g_autoptr(GdkPixbuf) pixbuf = make_pixbuf (width, height, g_str_equal (format, "png"));
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmpdir, file, NULL);

  gdk_pixbuf_save (pixbuf, path, format, &error, NULL);
  g_assert_no_error (error);

  return path;
}

static void
check_probe (const char *format,
             const char *file,
             const char *mime)
{
  g_autofree char *path = NULL;
  g_auto(LimnImageInfo) info = { 0 };
  g_autoptr(GError) error = NULL;

  if (!have_saver (format))
    {
      g_test_skip_printf ("no gdk-pixbuf saver for %s is installed", format);
      return;
    }

  path = save_image (format, file, 321, 123);
  g_assert_true (limn_image_probe (path, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.width, ==, 321);
  g_assert_cmpint (info.height, ==, 123);
  g_assert_cmpstr (info.format_name, ==, format);
  g_assert_cmpstr (info.mime_type, ==, mime);
}

static void
test_png (void)
{
  check_probe ("png", "a.png", "image/png");
}

static void
test_jpeg (void)
{
  check_probe ("jpeg", "a.jpg", "image/jpeg");
}

static void
test_webp (void)
{
  check_probe ("webp", "a.webp", "image/webp");
}

static void
test_tiff (void)
{
  check_probe ("tiff", "a.tiff", "image/tiff");
}

/* A truncated JPEG still has its header: the probe accepts it and the full
 * decode (the loader's job) notices the missing rows. */
static void
test_truncated_jpeg (void)
{
  g_autofree char *path = save_image ("jpeg", "full.jpg", 400, 300);
  g_autofree char *cut = g_build_filename (tmpdir, "cut.jpg", NULL);
  g_autofree char *data = NULL;
  g_auto(LimnImageInfo) info = { 0 };
  g_autoptr(GError) error = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_true (g_file_set_contents (cut, data, len / 3, NULL));
  g_assert_true (limn_image_probe (cut, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.width, ==, 400);
  g_assert_cmpint (info.height, ==, 300);

  /* Cut inside the header: nothing to go on. */
  limn_image_info_clear (&info);
  g_assert_true (g_file_set_contents (cut, data, 20, NULL));
  g_assert_false (limn_image_probe (cut, &info, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == LIMN_IMAGE_ERROR);
  g_assert_true (error->code == LIMN_IMAGE_ERROR_UNSUPPORTED ||
                 error->code == LIMN_IMAGE_ERROR_CORRUPT);
}

static void
test_text_as_png (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "notes.png", NULL);
  g_auto(LimnImageInfo) info = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "These are my notes, not a picture.\n", -1, NULL));
  g_assert_false (limn_image_probe (path, &info, &error));
  g_assert_error (error, LIMN_IMAGE_ERROR, LIMN_IMAGE_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "notes.png"));
  g_assert_null (info.format_name);
}

static void
test_empty (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "empty.jpg", NULL);
  g_auto(LimnImageInfo) info = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  g_assert_false (limn_image_probe (path, &info, &error));
  g_assert_error (error, LIMN_IMAGE_ERROR, LIMN_IMAGE_ERROR_CORRUPT);
}

static void
test_missing (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "no-such-image.png", NULL);
  g_auto(LimnImageInfo) info = { 0 };
  g_autoptr(GError) error = NULL;

  /* Missing is its own case: a team task's image may still be on its way. */
  g_assert_false (limn_image_probe (path, &info, &error));
  g_assert_error (error, LIMN_IMAGE_ERROR, LIMN_IMAGE_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "no-such-image.png"));

  g_clear_error (&error);
  g_assert_false (limn_image_probe (tmpdir, &info, &error));
  g_assert_error (error, LIMN_IMAGE_ERROR, LIMN_IMAGE_ERROR_UNREADABLE);
}

static guint32
crc32_bytes (const guchar *data,
             gsize         len)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320 & (-(crc & 1)));
    }

  return crc ^ 0xffffffff;
}

static void
put_be32 (guchar  *p,
          guint32  v)
{
  p[0] = v >> 24;
  p[1] = v >> 16;
  p[2] = v >> 8;
  p[3] = v;
}

/* A valid PNG signature and IHDR claiming 20000 × 20000 RGB, followed by a
 * tiny IDAT: 400 megapixels (1.2 GB decoded) in 60 bytes. */
static void
test_bomb (void)
{
  static const guchar signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autofree char *path = g_build_filename (tmpdir, "bomb.png", NULL);
  g_auto(LimnImageInfo) info = { 0 };
  g_autoptr(GError) error = NULL;
  guchar png[8 + 25 + 12 + 12];
  guchar *ihdr = png + 8;
  guchar *idat = ihdr + 25;
  guchar *iend = idat + 12;
  gint64 start;

  memcpy (png, signature, 8);
  put_be32 (ihdr, 13);
  memcpy (ihdr + 4, "IHDR", 4);
  put_be32 (ihdr + 8, 20000);
  put_be32 (ihdr + 12, 20000);
  ihdr[16] = 8;  /* bit depth */
  ihdr[17] = 2;  /* RGB */
  ihdr[18] = ihdr[19] = ihdr[20] = 0;
  put_be32 (ihdr + 21, crc32_bytes (ihdr + 4, 17));
  put_be32 (idat, 0);
  memcpy (idat + 4, "IDAT", 4);
  put_be32 (idat + 8, crc32_bytes (idat + 4, 4));
  put_be32 (iend, 0);
  memcpy (iend + 4, "IEND", 4);
  put_be32 (iend + 8, crc32_bytes (iend + 4, 4));
  g_assert_true (g_file_set_contents (path, (const char *)png, sizeof png, NULL));

  start = g_get_monotonic_time ();
  g_assert_true (limn_image_probe (path, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.width, ==, 20000);
  g_assert_cmpint (info.height, ==, 20000);

  g_assert_false (limn_image_probe_check_pixels (info.width, info.height, 100000000, &error));
  g_assert_error (error, LIMN_IMAGE_ERROR, LIMN_IMAGE_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "400"));
  g_assert_nonnull (strstr (error->message, "100"));
  /* Only the header was read: no time to decode 1.2 GB here. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
}

static void
test_check_pixels (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (limn_image_probe_check_pixels (6000, 4000, 100000000, &error));
  g_assert_no_error (error);
  g_assert_true (limn_image_probe_check_pixels (6000, 4000, 0, &error));
  g_assert_true (limn_image_probe_check_pixels (10000, 10000, 100000000, &error));

  g_assert_false (limn_image_probe_check_pixels (15000, 10000, 100000000, &error));
  g_assert_error (error, LIMN_IMAGE_ERROR, LIMN_IMAGE_ERROR_TOO_LARGE);
  g_assert_cmpstr (error->message, ==,
                   "This image is 150 megapixels; Limn opens images up to 100 megapixels (see Preferences)");
  g_clear_error (&error);

  /* Just over the limit: the message must not read "100 … up to 100". */
  g_assert_false (limn_image_probe_check_pixels (10001, 10000, 100000000, &error));
  g_assert_error (error, LIMN_IMAGE_ERROR, LIMN_IMAGE_ERROR_TOO_LARGE);
  g_assert_null (strstr (error->message, "is 100 megapixels"));
  g_clear_error (&error);

  g_assert_false (limn_image_probe_check_pixels (0, 10, 0, &error));
  g_assert_error (error, LIMN_IMAGE_ERROR, LIMN_IMAGE_ERROR_CORRUPT);
}

/* gdk-pixbuf writes no EXIF, so splice an APP1 segment holding one IFD0
 * entry, Orientation = @orientation, right after a JPEG's SOI marker. */
static char *
save_oriented_jpeg (const char *file,
                    int         width,
                    int         height,
                    int         orientation,
                    gboolean    big_endian)
{
  g_autofree char *plain = save_image ("jpeg", "plain.jpg", width, height);
  g_autofree char *contents = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  char *path = g_build_filename (tmpdir, file, NULL);
  gsize len;
  const guint8 le[] = {
    0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,
    'I', 'I', 42, 0, 8, 0, 0, 0,                 /* TIFF header, IFD0 at 8 */
    1, 0,                                        /* one entry */
    0x12, 0x01, 3, 0, 1, 0, 0, 0, (guint8)orientation, 0, 0, 0,
    0, 0, 0, 0,                                  /* no next IFD */
  };
  const guint8 be[] = {
    0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,
    'M', 'M', 0, 42, 0, 0, 0, 8,
    0, 1,
    0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (guint8)orientation, 0, 0,
    0, 0, 0, 0,
  };

  g_assert_true (g_file_get_contents (plain, &contents, &len, NULL));
  g_byte_array_append (out, (const guint8 *)contents, 2);        /* SOI */
  g_byte_array_append (out, big_endian ? be : le, sizeof le);
  g_byte_array_append (out, (const guint8 *)contents + 2, len - 2);
  g_assert_true (g_file_set_contents (path, (const char *)out->data, out->len, NULL));

  return path;
}

/* Boxes are in the image as displayed: a phone photo stored landscape with
 * "rotate 90°" must probe as portrait, exactly as gdk-pixbuf shows it. */
static void
test_exif_orientation (void)
{
  for (int orientation = 1; orientation <= 8; orientation++)
    for (int big = 0; big <= 1; big++)
      {
        g_autofree char *name = g_strdup_printf ("o%d-%d.jpg", orientation, big);
        g_autofree char *path = save_oriented_jpeg (name, 64, 40, orientation, big);
        g_auto(LimnImageInfo) info = { 0 };
        g_autoptr(GError) error = NULL;
        g_autoptr(GdkPixbuf) decoded = NULL;
        g_autoptr(GdkPixbuf) shown = NULL;

        g_assert_true (limn_image_probe (path, &info, &error));
        g_assert_no_error (error);
        g_assert_cmpint (info.orientation, ==, orientation);
        g_assert_cmpint (info.stored_width, ==, 64);
        g_assert_cmpint (info.stored_height, ==, 40);
        g_assert_cmpint (info.width, ==, orientation >= 5 ? 40 : 64);
        g_assert_cmpint (info.height, ==, orientation >= 5 ? 64 : 40);

        /* The same size as gdk-pixbuf's own decode, oriented. */
        decoded = gdk_pixbuf_new_from_file (path, &error);
        g_assert_no_error (error);
        shown = gdk_pixbuf_apply_embedded_orientation (decoded);
        g_assert_cmpint (gdk_pixbuf_get_width (shown), ==, info.width);
        g_assert_cmpint (gdk_pixbuf_get_height (shown), ==, info.height);
      }

  /* Damaged EXIF means no orientation, never a crash. */
  {
    g_autofree char *path = g_build_filename (tmpdir, "bad-exif.jpg", NULL);
    const guint8 junk[] = { 0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x10, 'E', 'x', 'i', 'f', 0, 0,
                            'I', 'I', 42, 0, 0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xD9 };

    g_assert_true (g_file_set_contents (path, (const char *)junk, sizeof junk, NULL));
    g_assert_cmpint (limn_image_read_orientation (path), ==, 1);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_setenv ("LC_ALL", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("limn-probe-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/image-probe/png", test_png);
  g_test_add_func ("/image-probe/exif-orientation", test_exif_orientation);
  g_test_add_func ("/image-probe/jpeg", test_jpeg);
  g_test_add_func ("/image-probe/webp", test_webp);
  g_test_add_func ("/image-probe/tiff", test_tiff);
  g_test_add_func ("/image-probe/truncated-jpeg", test_truncated_jpeg);
  g_test_add_func ("/image-probe/text-as-png", test_text_as_png);
  g_test_add_func ("/image-probe/empty", test_empty);
  g_test_add_func ("/image-probe/missing", test_missing);
  g_test_add_func ("/image-probe/bomb", test_bomb);
  g_test_add_func ("/image-probe/check-pixels", test_check_pixels);

  ret = g_test_run ();

  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *p = g_build_filename (tmpdir, name, NULL);
        g_unlink (p);
      }
    g_rmdir (tmpdir);
  }

  return ret;
}
