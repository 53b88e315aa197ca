/* limn-drift.h
 *
 * Drift of an annotator's quality over time (docs/metrics.md, "Drift"): a
 * rolling-window mean, and an EWMA control chart (Roberts 1959) that raises
 * an alarm when the smoothed series leaves its control limits.
 *
 * The defaults (λ = 0.02, L = 4, μ0 from 200 answers) are for 0/1
 * correctness, where normal-theory limits are too tight on the low side:
 * with λ = 0.05 and L = 3, 60 % of steady 90 % annotators see a false
 * alarm within 1,000 answers. Measured with these defaults over 2,000 seeded annotators at
 * 90 %: 12.8 % see a false alarm within 1,000 answers (4.1 % when μ0 is
 * given rather than estimated), and a drop to 70 % is flagged after a
 * median of 44 answers (37 with μ0 given). See docs/metrics.md, "Drift".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "limn-analytics-error.h"

G_BEGIN_DECLS

/* The mean of each full window: out[i] averages x[i − window + 1 … i] for
 * i ≥ window − 1 and is NaN before. Returns n values (g_free), or NULL on
 * a window of 0 or a non-finite value. */
double *limn_rolling_mean (const double *x,
                           gsize         n,
                           gsize         window,
                           GError      **error);

typedef struct
{
  double lambda;   /* smoothing weight of the newest value, 0 < λ ≤ 1 (default 0.02) */
  double width;    /* L: limits at target ± L σ sqrt(λ / (2 − λ)) (default 4) */
  /* The in-control mean μ0; NaN (the default) estimates it from the first
   * @warmup values. */
  double target;
  /* The in-control standard deviation of one value; NaN (the default)
   * treats values as 0/1 outcomes, σ = sqrt(μ0 (1 − μ0)). */
  double sigma;
  guint  warmup;   /* values that estimate μ0 when target is NaN (default 200) */
} LimnEwmaOptions;

typedef struct
{
  gsize   n;
  double *ewma;        /* n; NaN over the warm-up */
  double *lower;       /* n; control limits, NaN over the warm-up */
  double *upper;
  double  target;      /* μ0 as used */
  double  sigma;       /* σ as used */
  gssize  first_low;   /* the first index below the lower limit, or −1 */
  gssize  first_high;  /* the first index above the upper limit, or −1 */
} LimnEwmaChart;

void           limn_ewma_options_init (LimnEwmaOptions       *options);
/* @options may be NULL for the defaults. Fails on invalid options, a
 * non-finite value, or fewer values than the warm-up needs. */
LimnEwmaChart *limn_ewma_chart        (const double          *x,
                                       gsize                  n,
                                       const LimnEwmaOptions *options,
                                       GError               **error);
void           limn_ewma_chart_free   (LimnEwmaChart         *chart);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnEwmaChart, limn_ewma_chart_free)

G_END_DECLS
