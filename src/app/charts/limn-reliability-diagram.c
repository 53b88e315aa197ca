/* limn-reliability-diagram.c
 *
 * Placeholder so that pages can link against the API; drawn later.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include "limn-reliability-diagram.h"

struct _LimnReliabilityDiagram
{
  GtkWidget parent_instance;
};

static gboolean
limn_reliability_diagram_is_empty (LimnChart *chart)
{
  (void) chart;
  return TRUE;
}

static void
limn_reliability_diagram_chart_init (LimnChartInterface *iface)
{
  iface->is_empty = limn_reliability_diagram_is_empty;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (LimnReliabilityDiagram, limn_reliability_diagram, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LIMN_TYPE_CHART, limn_reliability_diagram_chart_init))

static void
limn_reliability_diagram_class_init (LimnReliabilityDiagramClass *klass)
{
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_IMG);
}

static void
limn_reliability_diagram_init (LimnReliabilityDiagram *self)
{
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
}

LimnReliabilityDiagram *
limn_reliability_diagram_new (void)
{
  return g_object_new (LIMN_TYPE_RELIABILITY_DIAGRAM, NULL);
}

void limn_reliability_diagram_set_bins (LimnReliabilityDiagram *self, const LimnReliabilityBin *bins, gsize n_bins, double brier, double ece) { (void) bins; (void) n_bins; (void) brier; (void) ece; limn_chart_changed (LIMN_CHART (self)); }
