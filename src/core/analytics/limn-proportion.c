/* limn-proportion.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-analytics"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>

#include "limn-proportion.h"

static gboolean
check_counts (guint64   k,
              guint64   n,
              GError  **error)
{
  if (k <= n)
    return TRUE;

  g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
               _("%" PRIu64 " successes out of %" PRIu64 " trials"), k, n);
  return FALSE;
}

/* Wilson: the p for which |p̂ − p| = z sqrt(p (1 − p) / n), i.e.
 * (p̂ + z²/2n ± z sqrt(p̂ (1 − p̂)/n + z²/4n²)) / (1 + z²/n). */
gboolean
limn_proportion_wilson (guint64          successes,
                        guint64          trials,
                        double           z,
                        LimnProportion  *result,
                        GError         **error)
{
  double n = trials, p, z2, denominator, centre, half;

  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  result->successes = successes;
  result->trials = trials;
  result->estimate = result->lower = result->upper = NAN;

  if (!check_counts (successes, trials, error))
    return FALSE;
  if (!(isfinite (z) && z > 0))
    {
      g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
                   _("The normal quantile z must be positive, not %g"), z);
      return FALSE;
    }

  if (trials == 0)
    return TRUE;

  p = successes / n;
  z2 = z * z;
  denominator = 1 + z2 / n;
  centre = p + z2 / (2 * n);
  half = z * sqrt (p * (1 - p) / n + z2 / (4 * n * n));

  result->estimate = p;
  result->lower = MAX (0.0, (centre - half) / denominator);
  result->upper = MIN (1.0, (centre + half) / denominator);
  return TRUE;
}

gboolean
limn_two_proportion_z_test (guint64   k1,
                            guint64   n1,
                            guint64   k2,
                            guint64   n2,
                            double   *z,
                            double   *p_value,
                            GError  **error)
{
  double pooled, se, zz;

  g_return_val_if_fail (z != NULL, FALSE);
  g_return_val_if_fail (p_value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *z = *p_value = NAN;
  if (!check_counts (k1, n1, error) || !check_counts (k2, n2, error))
    return FALSE;

  if (n1 == 0 || n2 == 0)
    return TRUE;

  pooled = (double) (k1 + k2) / (double) (n1 + n2);
  se = sqrt (pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
  if (!(se > 0))
    return TRUE;

  zz = ((double) k1 / n1 - (double) k2 / n2) / se;
  *z = zz;
  *p_value = erfc (fabs (zz) / G_SQRT2);
  return TRUE;
}
