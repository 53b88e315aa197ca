/* limn-reliability-diagram.h
 *
 * Confidence calibration: accuracy against mean stated confidence per
 * confidence bin, beside the diagonal of perfect calibration, with the
 * Brier score and the expected calibration error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-chart.h"

G_BEGIN_DECLS

/* NaN when n == 0 */
typedef struct {
  double  confidence_mean;
  double  accuracy;
  guint64 n;
} LimnReliabilityBin;

#define LIMN_TYPE_RELIABILITY_DIAGRAM (limn_reliability_diagram_get_type ())

G_DECLARE_FINAL_TYPE (LimnReliabilityDiagram, limn_reliability_diagram, LIMN, RELIABILITY_DIAGRAM, GtkWidget)

LimnReliabilityDiagram *limn_reliability_diagram_new      (void);
/* Bins are equal width over [0,1]; bin i covers [i/n, (i+1)/n).
 * brier, ece: NaN when unknown. */
void                    limn_reliability_diagram_set_bins (LimnReliabilityDiagram   *self,
                                                           const LimnReliabilityBin *bins,
                                                           gsize                     n_bins /* 10 */,
                                                           double                    brier,
                                                           double                    ece);

G_END_DECLS
