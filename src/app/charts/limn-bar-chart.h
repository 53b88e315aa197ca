/* limn-bar-chart.h
 *
 * Grouped horizontal bars: a label distribution, mine against the team's;
 * agreement per label; per-annotator figures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-chart.h"

G_BEGIN_DECLS

#define LIMN_TYPE_BAR_CHART (limn_bar_chart_get_type ())

G_DECLARE_FINAL_TYPE (LimnBarChart, limn_bar_chart, LIMN, BAR_CHART, GtkWidget)

LimnBarChart *limn_bar_chart_new           (void);
void          limn_bar_chart_set_format    (LimnBarChart       *self,
                                            LimnChartFormat     format);
/* values category-major: values[c * n_series + s]; NaN: no bar.
 * low/high may be NULL (no intervals). The first series is drawn in the
 * accent color ("you"), the others in neutrals ("team"). */
void          limn_bar_chart_set_data      (LimnBarChart       *self,
                                            const char * const *categories,
                                            gsize               n_categories,
                                            const char * const *series,
                                            gsize               n_series,
                                            const double       *values,
                                            const double       *low,
                                            const double       *high);
void          limn_bar_chart_set_threshold (LimnBarChart       *self,
                                            double              value /* NaN: none */);

G_END_DECLS
