/* limn-chart.h
 *
 * The interface every chart widget implements: whether it has anything to
 * show, a text alternative, and its data as a table, so that a card can
 * offer the same figures to screen readers and as a table view.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "limn-chart-format.h"

G_BEGIN_DECLS

#define LIMN_TYPE_CHART (limn_chart_get_type ())

G_DECLARE_INTERFACE (LimnChart, limn_chart, LIMN, CHART, GtkWidget)

struct _LimnChartInterface {
  GTypeInterface parent_iface;

  gboolean   (*is_empty)    (LimnChart *self);
  /* One or two translated sentences: the text alternative
   * ("Accuracy against gold by week, 6 weeks: from 78 % to 86 %, latest 86 % (81–90 %)."). */
  char      *(*describe)    (LimnChart *self);
  /* Table view: column titles (NULL-terminated) and rows, each a
   * NULL-terminated GStrv of the same length, formatted for display. */
  GStrv      (*get_columns) (LimnChart *self);
  GPtrArray *(*get_rows)    (LimnChart *self);   /* element: GStrv, free func g_strfreev */
};

gboolean   limn_chart_is_empty    (LimnChart *self);
char      *limn_chart_describe    (LimnChart *self);
GStrv      limn_chart_get_columns (LimnChart *self);
GPtrArray *limn_chart_get_rows    (LimnChart *self);
/* Implementations call this after any data change: emits "changed" and
 * updates GTK_ACCESSIBLE_PROPERTY_DESCRIPTION from describe(). */
void       limn_chart_changed     (LimnChart *self);

G_END_DECLS
