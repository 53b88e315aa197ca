/* limn-proportion.h
 *
 * A proportion with its Wilson score interval (Wilson 1927; no continuity
 * correction, as in Newcombe 1998, method 3), and the two-proportion z-test
 * that compares one annotator's share with the rest of the team.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "limn-analytics-error.h"

G_BEGIN_DECLS

/* The normal quantile for a two-sided 95 % interval. */
#define LIMN_Z_95 1.959963984540054

typedef struct
{
  guint64 successes;
  guint64 trials;
  double  estimate;   /* successes / trials; NaN when trials is 0 */
  double  lower;      /* the Wilson interval; NaN when trials is 0 */
  double  upper;
} LimnProportion;

/* Fails when successes > trials or @z is not positive and finite. */
gboolean limn_proportion_wilson (guint64          successes,
                                 guint64          trials,
                                 double           z,
                                 LimnProportion  *result,
                                 GError         **error);

/* Pooled two-proportion z-test of k1/n1 against k2/n2: z = (p1 − p2) /
 * sqrt(p (1 − p) (1/n1 + 1/n2)) with p = (k1 + k2) / (n1 + n2), and the
 * two-sided p-value 2 (1 − Φ(|z|)). Both NaN when either n is 0 or p is 0
 * or 1 (no variation to test). Fails when a k exceeds its n. */
gboolean limn_two_proportion_z_test (guint64   k1,
                                     guint64   n1,
                                     guint64   k2,
                                     guint64   n2,
                                     double   *z,
                                     double   *p_value,
                                     GError  **error);

G_END_DECLS
