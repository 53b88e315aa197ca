/* limn-heat-map.c
 *
 * Placeholder so that pages can link against the API; drawn later.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include "limn-heat-map.h"

struct _LimnHeatMap
{
  GtkWidget parent_instance;
};

static gboolean
limn_heat_map_is_empty (LimnChart *chart)
{
  (void) chart;
  return TRUE;
}

static void
limn_heat_map_chart_init (LimnChartInterface *iface)
{
  iface->is_empty = limn_heat_map_is_empty;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (LimnHeatMap, limn_heat_map, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LIMN_TYPE_CHART, limn_heat_map_chart_init))

static void
limn_heat_map_class_init (LimnHeatMapClass *klass)
{
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_IMG);
}

static void
limn_heat_map_init (LimnHeatMap *self)
{
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
}

LimnHeatMap *
limn_heat_map_new (void)
{
  return g_object_new (LIMN_TYPE_HEAT_MAP, NULL);
}

void limn_heat_map_set_matrix (LimnHeatMap *self, const char * const *row_labels, gsize n_rows, const char * const *col_labels, gsize n_cols, const guint64 *counts, const char *row_title, const char *col_title) { (void) row_labels; (void) n_rows; (void) col_labels; (void) n_cols; (void) counts; (void) row_title; (void) col_title; limn_chart_changed (LIMN_CHART (self)); }
