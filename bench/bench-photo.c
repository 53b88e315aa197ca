/* bench-photo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bench-photo.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <math.h>

/* A photo-like test image: smooth gradients, soft blobs, hard-edged shapes
 * and sensor-like noise, so the JPEG is as hard to decode as a real photo
 * (about 1.5 bits per pixel at quality 90). */
void
bench_generate_photo (const char *path,
                      int         width,
                      int         height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  GRand *rand = g_rand_new_with_seed (7);
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint32 noise = 12345;

  for (int y = 0; y < height; y++)
    {
      guchar *row = pixels + (gsize)y * stride;
      double fy = (double)y / height;

      for (int x = 0; x < width; x++)
        {
          double fx = (double)x / width;
          double r = 90 + 120 * fy + 30 * sin (fx * 17 + fy * 5);
          double g = 110 + 80 * fx + 25 * sin (fy * 23 - fx * 7);
          double b = 150 - 90 * fy + 35 * cos (fx * 11 + fy * 13);
          int n;

          noise = noise * 1103515245 + 12345;
          n = (int)((noise >> 16) & 31) - 16;
          row[3 * x + 0] = CLAMP (r + n, 0, 255);
          row[3 * x + 1] = CLAMP (g + n, 0, 255);
          row[3 * x + 2] = CLAMP (b + n, 0, 255);
        }
    }

  for (int i = 0; i < 300; i++)
    {
      int cx = g_rand_int_range (rand, 0, width);
      int cy = g_rand_int_range (rand, 0, height);
      int rad = g_rand_int_range (rand, 20, 400);
      int shape = g_rand_int_range (rand, 0, 2);
      guchar cr = g_rand_int_range (rand, 0, 256);
      guchar cg = g_rand_int_range (rand, 0, 256);
      guchar cb = g_rand_int_range (rand, 0, 256);

      for (int y = MAX (cy - rad, 0); y < MIN (cy + rad, height); y++)
        for (int x = MAX (cx - rad, 0); x < MIN (cx + rad, width); x++)
          {
            guchar *p = pixels + (gsize)y * stride + 3 * x;
            double d = hypot (x - cx, y - cy) / rad;
            double a;

            if (shape == 0)
              a = d < 1 ? 0.6 * (1 - d * d) : 0;   /* soft blob */
            else
              a = 0.85;                            /* hard rectangle */
            p[0] = p[0] * (1 - a) + cr * a;
            p[1] = p[1] * (1 - a) + cg * a;
            p[2] = p[2] * (1 - a) + cb * a;
          }
    }
  g_rand_free (rand);

  gdk_pixbuf_save (pixbuf, path, "jpeg", &error, "quality", "90", NULL);
  if (error != NULL)
    g_error ("cannot write %s: %s", path, error->message);
}
