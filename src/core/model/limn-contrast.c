/* limn-contrast.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "limn-contrast.h"

#include <math.h>
#include <string.h>

static double
linearize (double channel)
{
  channel = CLAMP (channel, 0.0, 1.0);
  if (channel <= 0.04045)
    return channel / 12.92;
  return pow ((channel + 0.055) / 1.055, 2.4);
}

/* WCAG 2.1 relative luminance of an sRGB colour, channels in 0..1. */
double
limn_color_relative_luminance (double red,
                               double green,
                               double blue)
{
  return 0.2126 * linearize (red) + 0.7152 * linearize (green) + 0.0722 * linearize (blue);
}

/* WCAG 2.1 contrast ratio, 1..21, whichever of the two is lighter. */
double
limn_color_contrast_ratio (const double fg[3],
                           const double bg[3])
{
  double a = limn_color_relative_luminance (fg[0], fg[1], fg[2]);
  double b = limn_color_relative_luminance (bg[0], bg[1], bg[2]);

  return (MAX (a, b) + 0.05) / (MIN (a, b) + 0.05);
}

static void
mix (const double color[3],
     double       target,
     double       t,
     double       out[3])
{
  for (int i = 0; i < 3; i++)
    out[i] = color[i] + (target - color[i]) * t;
}

/* Writes to @out the colour to draw @color with on @bg so it reaches
 * @min_ratio: @color itself when it does, else @color mixed toward black
 * (on a light background) or white (on a dark one) just enough, which
 * keeps its hue. Returns whether @color had to change. A project's colour
 * is never rewritten: this is only what is drawn. */
gboolean
limn_color_ensure_contrast (const double color[3],
                            const double bg[3],
                            double       min_ratio,
                            double       out[3])
{
  double bg_lum = limn_color_relative_luminance (bg[0], bg[1], bg[2]);
  double target = bg_lum > 0.18 ? 0.0 : 1.0;
  double lo = 0.0, hi = 1.0;

  if (limn_color_contrast_ratio (color, bg) >= min_ratio)
    {
      memcpy (out, color, 3 * sizeof (double));
      return FALSE;
    }

  /* Contrast grows monotonically along the mix, so bisect for the least
   * change; 20 steps are far below a colour step of 1/255. */
  for (int step = 0; step < 20; step++)
    {
      double mid = (lo + hi) / 2, probe[3];

      mix (color, target, mid, probe);
      if (limn_color_contrast_ratio (probe, bg) >= min_ratio)
        hi = mid;
      else
        lo = mid;
    }
  mix (color, target, hi, out);

  return TRUE;
}

/* Black or white, whichever contrasts more with @bg: for any background
 * one of them reaches at least 4.58:1, so text on a label colour always
 * meets WCAG 1.4.3. */
void
limn_color_text_on (const double bg[3],
                    double       out[3])
{
  static const double black[3] = { 0, 0, 0 };
  static const double white[3] = { 1, 1, 1 };

  if (limn_color_contrast_ratio (black, bg) >= limn_color_contrast_ratio (white, bg))
    memcpy (out, black, sizeof black);
  else
    memcpy (out, white, sizeof white);
}
