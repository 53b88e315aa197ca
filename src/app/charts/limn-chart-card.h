/* limn-chart-card.h
 *
 * How a page shows a chart: a card with a title, an optional subtitle, a
 * "Show as Table" toggle, the chart or its table, and an empty state that
 * says what will appear and when.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LIMN_TYPE_CHART_CARD (limn_chart_card_get_type ())

G_DECLARE_FINAL_TYPE (LimnChartCard, limn_chart_card, LIMN, CHART_CARD, GtkWidget)

LimnChartCard *limn_chart_card_new            (const char    *title,
                                               const char    *subtitle,
                                               const char    *empty_title,
                                               const char    *empty_description,
                                               GtkWidget     *chart /* a LimnChart */);
GtkWidget     *limn_chart_card_get_chart      (LimnChartCard *self);
void           limn_chart_card_set_show_table (LimnChartCard *self,
                                               gboolean       table);
gboolean       limn_chart_card_get_show_table (LimnChartCard *self);

G_END_DECLS
