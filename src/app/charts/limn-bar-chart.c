/* limn-bar-chart.c
 *
 * Placeholder so that pages can link against the API; drawn later.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include "limn-bar-chart.h"

struct _LimnBarChart
{
  GtkWidget parent_instance;
};

static gboolean
limn_bar_chart_is_empty (LimnChart *chart)
{
  (void) chart;
  return TRUE;
}

static void
limn_bar_chart_chart_init (LimnChartInterface *iface)
{
  iface->is_empty = limn_bar_chart_is_empty;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (LimnBarChart, limn_bar_chart, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LIMN_TYPE_CHART, limn_bar_chart_chart_init))

static void
limn_bar_chart_class_init (LimnBarChartClass *klass)
{
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_IMG);
}

static void
limn_bar_chart_init (LimnBarChart *self)
{
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
}

LimnBarChart *
limn_bar_chart_new (void)
{
  return g_object_new (LIMN_TYPE_BAR_CHART, NULL);
}

void limn_bar_chart_set_format (LimnBarChart *self, LimnChartFormat format) { (void) format; limn_chart_changed (LIMN_CHART (self)); }
void limn_bar_chart_set_data (LimnBarChart *self, const char * const *categories, gsize n_categories, const char * const *series, gsize n_series, const double *values, const double *low, const double *high) { (void) categories; (void) n_categories; (void) series; (void) n_series; (void) values; (void) low; (void) high; limn_chart_changed (LIMN_CHART (self)); }
void limn_bar_chart_set_threshold (LimnBarChart *self, double value) { (void) value; limn_chart_changed (LIMN_CHART (self)); }
