/* limn-time-chart.c
 *
 * Placeholder so that pages can link against the API; drawn later.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include "limn-time-chart.h"

struct _LimnTimeChart
{
  GtkWidget parent_instance;
};

static gboolean
limn_time_chart_is_empty (LimnChart *chart)
{
  (void) chart;
  return TRUE;
}

static void
limn_time_chart_chart_init (LimnChartInterface *iface)
{
  iface->is_empty = limn_time_chart_is_empty;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (LimnTimeChart, limn_time_chart, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LIMN_TYPE_CHART, limn_time_chart_chart_init))

static void
limn_time_chart_class_init (LimnTimeChartClass *klass)
{
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_IMG);
}

static void
limn_time_chart_init (LimnTimeChart *self)
{
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
}

LimnTimeChart *
limn_time_chart_new (void)
{
  return g_object_new (LIMN_TYPE_TIME_CHART, NULL);
}

void limn_time_chart_set_format (LimnTimeChart *self, LimnChartFormat format) { (void) format; limn_chart_changed (LIMN_CHART (self)); }
void limn_time_chart_set_period (LimnTimeChart *self, const char *period_name) { (void) period_name; limn_chart_changed (LIMN_CHART (self)); }
void limn_time_chart_set_points (LimnTimeChart *self, const LimnTimePoint *points, gsize n) { (void) points; (void) n; limn_chart_changed (LIMN_CHART (self)); }
void limn_time_chart_set_threshold (LimnTimeChart *self, double value) { (void) value; limn_chart_changed (LIMN_CHART (self)); }
void limn_time_chart_set_bars (LimnTimeChart *self, gboolean bars) { (void) bars; limn_chart_changed (LIMN_CHART (self)); }
