/* limn-calibration.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-analytics"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>

#include "limn-calibration.h"

/* The bin of a confidence, exact at the edges whatever 10 c rounds to. */
static guint
bin_of (double c)
{
  int b = (int) floor (c * LIMN_CALIBRATION_BINS);

  b = CLAMP (b, 0, LIMN_CALIBRATION_BINS - 1);
  if (b + 1 < LIMN_CALIBRATION_BINS && c >= (b + 1) / (double) LIMN_CALIBRATION_BINS)
    b++;
  else if (b > 0 && c < b / (double) LIMN_CALIBRATION_BINS)
    b--;

  return b;
}

gboolean
limn_calibration_compute (const double    *confidence,
                          const gboolean  *correct,
                          gsize            n,
                          LimnCalibration *result,
                          GError         **error)
{
  double sum_confidence[LIMN_CALIBRATION_BINS] = { 0 };
  double sum_correct[LIMN_CALIBRATION_BINS] = { 0 };
  double brier = 0, ece = 0;

  g_return_val_if_fail (confidence != NULL || n == 0, FALSE);
  g_return_val_if_fail (correct != NULL || n == 0, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  result->n = n;
  result->brier = result->ece = NAN;
  for (guint b = 0; b < LIMN_CALIBRATION_BINS; b++)
    result->bins[b] = (LimnCalibrationBin) { 0, NAN, NAN };

  for (gsize i = 0; i < n; i++)
    {
      double c = confidence[i], y = correct[i] ? 1 : 0;
      guint b;

      if (!(c >= 0 && c <= 1))
        {
          g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
                       _("Confidence %zu is %g, not a probability"), i, c);
          return FALSE;
        }

      b = bin_of (c);
      result->bins[b].count++;
      sum_confidence[b] += c;
      sum_correct[b] += y;
      brier += (c - y) * (c - y);
    }

  if (n == 0)
    return TRUE;

  for (guint b = 0; b < LIMN_CALIBRATION_BINS; b++)
    {
      LimnCalibrationBin *bin = &result->bins[b];

      if (bin->count == 0)
        continue;

      bin->mean_confidence = sum_confidence[b] / bin->count;
      bin->accuracy = sum_correct[b] / bin->count;
      ece += (double) bin->count / n * fabs (bin->accuracy - bin->mean_confidence);
    }

  result->brier = brier / n;
  result->ece = ece;
  return TRUE;
}
