/* limn-calibration.h
 *
 * How well an annotator's stated confidence matches how often they are
 * right (docs/metrics.md, "Calibration"): the Brier score, the expected
 * calibration error over 10 equal-width bins, and the reliability diagram
 * those bins draw.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "limn-analytics-error.h"

G_BEGIN_DECLS

#define LIMN_CALIBRATION_BINS 10

typedef struct
{
  gsize  count;
  double mean_confidence;   /* NaN for an empty bin */
  double accuracy;          /* NaN for an empty bin */
} LimnCalibrationBin;

typedef struct
{
  gsize              n;
  double             brier;  /* mean (confidence − correct)²; NaN when n is 0 */
  double             ece;    /* Σ_b (count_b / n) |accuracy_b − confidence_b|; NaN when n is 0 */
  /* Bin b holds confidences in [b/10, (b+1)/10); the last also holds 1. */
  LimnCalibrationBin bins[LIMN_CALIBRATION_BINS];
} LimnCalibration;

/* @confidence[i] in [0, 1] is the stated probability that answer i is
 * right, @correct[i] whether it was. Fails on a confidence outside [0, 1]
 * or not a number. */
gboolean limn_calibration_compute (const double    *confidence,
                                   const gboolean  *correct,
                                   gsize            n,
                                   LimnCalibration *result,
                                   GError         **error);

G_END_DECLS
