/* limn-histogram.c
 *
 * Placeholder so that pages can link against the API; drawn later.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include "limn-histogram.h"

struct _LimnHistogram
{
  GtkWidget parent_instance;
};

static gboolean
limn_histogram_is_empty (LimnChart *chart)
{
  (void) chart;
  return TRUE;
}

static void
limn_histogram_chart_init (LimnChartInterface *iface)
{
  iface->is_empty = limn_histogram_is_empty;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (LimnHistogram, limn_histogram, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LIMN_TYPE_CHART, limn_histogram_chart_init))

static void
limn_histogram_class_init (LimnHistogramClass *klass)
{
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_IMG);
}

static void
limn_histogram_init (LimnHistogram *self)
{
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
}

LimnHistogram *
limn_histogram_new (void)
{
  return g_object_new (LIMN_TYPE_HISTOGRAM, NULL);
}

void limn_histogram_set_format (LimnHistogram *self, LimnChartFormat format) { (void) format; limn_chart_changed (LIMN_CHART (self)); }
void limn_histogram_set_bins (LimnHistogram *self, const double *edges, const guint64 *counts, gsize n_bins) { (void) edges; (void) counts; (void) n_bins; limn_chart_changed (LIMN_CHART (self)); }
void limn_histogram_set_markers (LimnHistogram *self, double median, double p90) { (void) median; (void) p90; limn_chart_changed (LIMN_CHART (self)); }
