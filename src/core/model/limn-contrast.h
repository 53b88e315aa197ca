/* limn-contrast.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* WCAG 2.1 thresholds: non-text graphics (1.4.11) and normal text (1.4.3). */
#define LIMN_CONTRAST_NON_TEXT 3.0
#define LIMN_CONTRAST_TEXT     4.5

/* The backgrounds label colours are drawn on: the image canvas (dark in
 * every theme) and the text views of the light and the dark theme. */
#define LIMN_BACKGROUND_LIGHT "#ffffff"
#define LIMN_BACKGROUND_DARK  "#1f1f21"

double   limn_color_relative_luminance (double red,
                                        double green,
                                        double blue);
double   limn_color_contrast_ratio     (const double fg[3],
                                        const double bg[3]);
gboolean limn_color_ensure_contrast    (const double color[3],
                                        const double bg[3],
                                        double       min_ratio,
                                        double       out[3]);
void     limn_color_text_on            (const double bg[3],
                                        double       out[3]);

G_END_DECLS
