/* limn-time-chart.h
 *
 * Values over time: accuracy or rework by week with intervals, throughput
 * per day as bars with forecast points.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-chart.h"

G_BEGIN_DECLS

typedef struct {
  gint64   time_us;    /* start of the period (UTC µs) */
  double   value;      /* NaN: no data that period (gap) */
  double   low, high;  /* interval (e.g. Wilson 95 %); NaN: none */
  guint    n;          /* observations behind it (shown in table/tooltip) */
  gboolean projected;  /* forecast: drawn dashed, after the last real point */
} LimnTimePoint;

#define LIMN_TYPE_TIME_CHART (limn_time_chart_get_type ())

G_DECLARE_FINAL_TYPE (LimnTimeChart, limn_time_chart, LIMN, TIME_CHART, GtkWidget)

LimnTimeChart *limn_time_chart_new           (void);
void           limn_time_chart_set_format    (LimnTimeChart       *self,
                                              LimnChartFormat      format);
void           limn_time_chart_set_period    (LimnTimeChart       *self,
                                              const char          *period_name /* translated, e.g. "Week" */);
void           limn_time_chart_set_points    (LimnTimeChart       *self,
                                              const LimnTimePoint *points,
                                              gsize                n);
void           limn_time_chart_set_threshold (LimnTimeChart       *self,
                                              double               value /* NaN: none */);
/* Bars instead of a line (counts per day). */
void           limn_time_chart_set_bars      (LimnTimeChart       *self,
                                              gboolean             bars);

G_END_DECLS
