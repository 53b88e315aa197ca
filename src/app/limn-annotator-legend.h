/* limn-annotator-legend.h
 *
 * The review side panel's legend: one row per LimnOverlayLayer (an
 * annotator, the gold answer, the pre-labels, a correction) with a swatch
 * in the layer's colour and line style, its name, the annotator's
 * confidence and active time, their flag's text, and a switch that shows
 * or hides the layer on the canvas or the span view sharing the model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LIMN_TYPE_ANNOTATOR_LEGEND (limn_annotator_legend_get_type ())

G_DECLARE_FINAL_TYPE (LimnAnnotatorLegend, limn_annotator_legend, LIMN, ANNOTATOR_LEGEND, GtkWidget)

GtkWidget  *limn_annotator_legend_new        (void);
/* A GListModel of LimnOverlayLayer, or NULL. */
void        limn_annotator_legend_set_layers (LimnAnnotatorLegend *self,
                                              GListModel          *layers);
GListModel *limn_annotator_legend_get_layers (LimnAnnotatorLegend *self);
/* The switch of the row at @position, for tests and focus. */
GtkWidget  *limn_annotator_legend_get_switch (LimnAnnotatorLegend *self,
                                              guint                position);

G_END_DECLS
