/* test-contrast.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "model/limn-contrast.h"
#include "model/limn-label.h"

static void
parse (const char *hex,
       double      out[3])
{
  g_assert_true (limn_color_parse (hex, &out[0], &out[1], &out[2]));
}

static double
ratio (const char *a,
       const char *b)
{
  double fa[3], fb[3];

  parse (a, fa);
  parse (b, fb);
  return limn_color_contrast_ratio (fa, fb);
}

static void
test_known_ratios (void)
{
  g_assert_cmpfloat_with_epsilon (limn_color_relative_luminance (1, 1, 1), 1.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (limn_color_relative_luminance (0, 0, 0), 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (ratio ("#ffffff", "#000000"), 21.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (ratio ("#000000", "#ffffff"), 21.0, 1e-9);
  /* The classic near miss: #777 on white is 4.48:1, just under AA text. */
  g_assert_cmpfloat_with_epsilon (ratio ("#777777", "#ffffff"), 4.48, 0.005);
  g_assert_cmpfloat_with_epsilon (ratio ("#767676", "#ffffff"), 4.54, 0.005);
  g_assert_cmpfloat_with_epsilon (ratio ("#3584e4", "#3584e4"), 1.0, 1e-9);
}

static void
test_kept_when_enough (void)
{
  double c[3], bg[3], out[3];

  parse ("#1c71d8", c);
  parse (LIMN_BACKGROUND_LIGHT, bg);
  g_assert_false (limn_color_ensure_contrast (c, bg, LIMN_CONTRAST_NON_TEXT, out));
  for (int i = 0; i < 3; i++)
    g_assert_cmpfloat (out[i], ==, c[i]);
}

static void
test_adjusted_same_hue (void)
{
  double c[3], bg[3], out[3];

  /* GNOME yellow on white is about 1.7:1: darkened, hue kept. */
  parse ("#f5c211", c);
  parse (LIMN_BACKGROUND_LIGHT, bg);
  g_assert_cmpfloat (limn_color_contrast_ratio (c, bg), <, 3.0);
  g_assert_true (limn_color_ensure_contrast (c, bg, LIMN_CONTRAST_NON_TEXT, out));
  g_assert_cmpfloat (limn_color_contrast_ratio (out, bg), >=, 3.0);
  g_assert_cmpfloat (limn_color_contrast_ratio (out, bg), <, 3.1);
  /* Mixing toward black scales every channel alike: same hue. */
  g_assert_cmpfloat_with_epsilon (out[1] / out[0], c[1] / c[0], 1e-9);
  g_assert_cmpfloat_with_epsilon (out[2] / out[0], c[2] / c[0], 1e-9);

  /* Dark blue on the dark background: lightened. */
  parse ("#1a237e", c);
  parse (LIMN_BACKGROUND_DARK, bg);
  g_assert_true (limn_color_ensure_contrast (c, bg, LIMN_CONTRAST_NON_TEXT, out));
  g_assert_cmpfloat (limn_color_contrast_ratio (out, bg), >=, 3.0);
  g_assert_cmpfloat (out[2], >, out[0]);
}

/* Every default colour, and black and white themselves, end up drawable on
 * both backgrounds. */
static void
test_palette_both_themes (void)
{
  const char *extra[] = { "#000000", "#ffffff", "#777777", "#ffff00" };
  double light[3], dark[3];

  parse (LIMN_BACKGROUND_LIGHT, light);
  parse (LIMN_BACKGROUND_DARK, dark);
  for (guint i = 0; i < 12 + G_N_ELEMENTS (extra); i++)
    {
      const char *hex = i < 12 ? limn_color_for_index (i) : extra[i - 12];
      double c[3], out[3], text[3];

      parse (hex, c);
      limn_color_ensure_contrast (c, light, LIMN_CONTRAST_NON_TEXT, out);
      g_assert_cmpfloat (limn_color_contrast_ratio (out, light), >=, 3.0);
      limn_color_ensure_contrast (c, dark, LIMN_CONTRAST_NON_TEXT, out);
      g_assert_cmpfloat (limn_color_contrast_ratio (out, dark), >=, 3.0);
      limn_color_text_on (c, text);
      g_assert_cmpfloat (limn_color_contrast_ratio (text, c), >=, 4.5);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/contrast/known-ratios", test_known_ratios);
  g_test_add_func ("/contrast/kept-when-enough", test_kept_when_enough);
  g_test_add_func ("/contrast/adjusted-same-hue", test_adjusted_same_hue);
  g_test_add_func ("/contrast/palette-both-themes", test_palette_both_themes);

  return g_test_run ();
}
