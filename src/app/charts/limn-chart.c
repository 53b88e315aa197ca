/* limn-chart.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include "limn-chart-private.h"

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_INTERFACE (LimnChart, limn_chart, GTK_TYPE_WIDGET)

static void
limn_chart_default_init (LimnChartInterface *iface)
{
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_INTERFACE (iface),
                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

gboolean
limn_chart_is_empty (LimnChart *self)
{
  LimnChartInterface *iface;

  g_return_val_if_fail (LIMN_IS_CHART (self), TRUE);

  iface = LIMN_CHART_GET_IFACE (self);
  return iface->is_empty ? iface->is_empty (self) : FALSE;
}

char *
limn_chart_describe (LimnChart *self)
{
  LimnChartInterface *iface;

  g_return_val_if_fail (LIMN_IS_CHART (self), NULL);

  iface = LIMN_CHART_GET_IFACE (self);
  return iface->describe ? iface->describe (self) : g_strdup ("");
}

GStrv
limn_chart_get_columns (LimnChart *self)
{
  LimnChartInterface *iface;

  g_return_val_if_fail (LIMN_IS_CHART (self), NULL);

  iface = LIMN_CHART_GET_IFACE (self);
  if (iface->get_columns)
    return iface->get_columns (self);
  return g_new0 (char *, 1);
}

GPtrArray *
limn_chart_get_rows (LimnChart *self)
{
  LimnChartInterface *iface;

  g_return_val_if_fail (LIMN_IS_CHART (self), NULL);

  iface = LIMN_CHART_GET_IFACE (self);
  if (iface->get_rows)
    return iface->get_rows (self);
  return g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
}

char *
limn_chart_get_tooltip_at (LimnChart *self,
                           double     x,
                           double     y)
{
  LimnChartInterface *iface;

  g_return_val_if_fail (LIMN_IS_CHART (self), NULL);

  iface = LIMN_CHART_GET_IFACE (self);
  if (iface->tooltip_at == NULL || limn_chart_is_empty (self))
    return NULL;
  /* Charts mirror right to left: their hit tests are written left to right. */
  return iface->tooltip_at (self, limn_chart_logical_x (GTK_WIDGET (self), x), y);
}

gboolean
limn_chart_query_tooltip (GtkWidget  *widget,
                          int         x,
                          int         y,
                          gboolean    keyboard_mode,
                          GtkTooltip *tooltip)
{
  g_autofree char *text = NULL;

  /* Keyboard users get the same figures from the table view. */
  if (keyboard_mode)
    return FALSE;
  text = limn_chart_get_tooltip_at (LIMN_CHART (widget), x, y);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

void
limn_chart_changed (LimnChart *self)
{
  g_autofree char *description = NULL;

  g_return_if_fail (LIMN_IS_CHART (self));

  description = limn_chart_describe (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[CHANGED], 0);
}
