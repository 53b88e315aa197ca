/* limn-heat-map.h
 *
 * A confusion matrix: rows are the reference (gold or reviewed label),
 * columns the label given; cells are shaded by the row share, the diagonal
 * in the accent color, off-diagonal in warning/error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-chart.h"

G_BEGIN_DECLS

#define LIMN_TYPE_HEAT_MAP (limn_heat_map_get_type ())

G_DECLARE_FINAL_TYPE (LimnHeatMap, limn_heat_map, LIMN, HEAT_MAP, GtkWidget)

LimnHeatMap *limn_heat_map_new        (void);
/* counts row-major n_rows × n_cols; rows = reference (gold/reviewed), columns = given */
void         limn_heat_map_set_matrix (LimnHeatMap        *self,
                                       const char * const *row_labels,
                                       gsize               n_rows,
                                       const char * const *col_labels,
                                       gsize               n_cols,
                                       const guint64      *counts,
                                       const char         *row_title,
                                       const char         *col_title);

G_END_DECLS
