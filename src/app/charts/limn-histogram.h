/* limn-histogram.h
 *
 * A histogram of counts over bins, e.g. active time per task, with the
 * median and 90th percentile marked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-chart.h"

G_BEGIN_DECLS

#define LIMN_TYPE_HISTOGRAM (limn_histogram_get_type ())

G_DECLARE_FINAL_TYPE (LimnHistogram, limn_histogram, LIMN, HISTOGRAM, GtkWidget)

LimnHistogram *limn_histogram_new         (void);
/* The format of the bin edges. */
void           limn_histogram_set_format  (LimnHistogram  *self,
                                           LimnChartFormat format);
/* n_bins counts; edges has n_bins + 1 values */
void           limn_histogram_set_bins    (LimnHistogram  *self,
                                           const double   *edges,
                                           const guint64  *counts,
                                           gsize           n_bins);
/* NaN: none */
void           limn_histogram_set_markers (LimnHistogram  *self,
                                           double          median,
                                           double          p90);

G_END_DECLS
