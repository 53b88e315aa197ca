/* limn-annotator-stats.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-analytics"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "limn-annotator-stats.h"

gboolean
limn_annotator_accuracy (const guint     *reference,
                         const guint     *given,
                         gsize            n,
                         guint            n_classes,
                         LimnProportion  *accuracy,
                         guint64         *confusion,
                         GError         **error)
{
  guint64 right = 0;

  g_return_val_if_fail (reference != NULL || n == 0, FALSE);
  g_return_val_if_fail (given != NULL || n == 0, FALSE);
  g_return_val_if_fail (accuracy != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (confusion != NULL)
    memset (confusion, 0, sizeof (guint64) * n_classes * n_classes);

  for (gsize i = 0; i < n; i++)
    {
      if (reference[i] >= n_classes || given[i] >= n_classes)
        {
          g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
                       _("Answer %zu has a class out of range (%u or %u; "
                         "there are %u)"), i, reference[i], given[i], n_classes);
          return FALSE;
        }

      right += reference[i] == given[i];
      if (confusion != NULL)
        confusion[(gsize) reference[i] * n_classes + given[i]]++;
    }

  return limn_proportion_wilson (right, n, LIMN_Z_95, accuracy, error);
}

gboolean
limn_annotator_review_rates (const LimnReviewOutcome *outcomes,
                             gsize                    n,
                             LimnReviewRates         *rates,
                             GError                 **error)
{
  guint64 count[3] = { 0, 0, 0 };

  g_return_val_if_fail (outcomes != NULL || n == 0, FALSE);
  g_return_val_if_fail (rates != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (gsize i = 0; i < n; i++)
    {
      if ((guint) outcomes[i] > LIMN_REVIEW_SENT_BACK)
        {
          g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
                       _("Review %zu has an unknown outcome %d"), i,
                       (int) outcomes[i]);
          return FALSE;
        }
      count[outcomes[i]]++;
    }

  return limn_proportion_wilson (count[LIMN_REVIEW_ACCEPTED], n, LIMN_Z_95,
                                 &rates->accepted, error) &&
         limn_proportion_wilson (count[LIMN_REVIEW_CORRECTED], n, LIMN_Z_95,
                                 &rates->corrected, error) &&
         limn_proportion_wilson (count[LIMN_REVIEW_SENT_BACK], n, LIMN_Z_95,
                                 &rates->sent_back, error);
}

static int
compare_doubles (gconstpointer pa,
                 gconstpointer pb)
{
  double a = *(const double *) pa, b = *(const double *) pb;

  return (a > b) - (a < b);
}

/* Type 7: h = (n − 1) q, between the order statistics ⌊h⌋ and ⌊h⌋ + 1. */
static double
quantile_sorted (const double *x,
                 gsize         n,
                 double        q)
{
  double h = (n - 1) * q;
  gsize lo = (gsize) floor (h);

  if (lo + 1 >= n)
    return x[n - 1];
  return x[lo] + (h - lo) * (x[lo + 1] - x[lo]);
}

gboolean
limn_annotator_time_summary (const double    *seconds,
                             gsize            n,
                             LimnTimeSummary *summary,
                             GError         **error)
{
  g_autofree double *sorted = NULL;
  double sum = 0;

  g_return_val_if_fail (seconds != NULL || n == 0, FALSE);
  g_return_val_if_fail (summary != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  summary->n = n;
  summary->median = summary->p90 = summary->mean = NAN;

  for (gsize i = 0; i < n; i++)
    if (!isfinite (seconds[i]) || seconds[i] < 0)
      {
        g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
                     _("Task %zu has an active time of %g seconds"), i,
                     seconds[i]);
        return FALSE;
      }

  if (n == 0)
    return TRUE;

  sorted = g_memdup2 (seconds, sizeof (double) * n);
  qsort (sorted, n, sizeof (double), compare_doubles);
  for (gsize i = 0; i < n; i++)
    sum += sorted[i];

  summary->median = quantile_sorted (sorted, n, 0.5);
  summary->p90 = quantile_sorted (sorted, n, 0.9);
  summary->mean = sum / n;
  return TRUE;
}

gboolean
limn_annotator_label_usage (const guint64   *mine,
                            const guint64   *team,
                            guint            n_labels,
                            double           alpha,
                            LimnLabelUsage  *usage,
                            GError         **error)
{
  guint64 n_mine = 0, n_rest = 0;

  g_return_val_if_fail (mine != NULL || n_labels == 0, FALSE);
  g_return_val_if_fail (team != NULL || n_labels == 0, FALSE);
  g_return_val_if_fail (usage != NULL || n_labels == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(alpha > 0 && alpha < 1))
    {
      g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
                   _("The significance level must be between 0 and 1, not %g"), alpha);
      return FALSE;
    }

  for (guint k = 0; k < n_labels; k++)
    {
      if (team[k] < mine[k])
        {
          g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
                       _("Label %u: the team’s count (%" PRIu64 ") is below the "
                         "annotator’s (%" PRIu64 "), which it includes"),
                       k, team[k], mine[k]);
          return FALSE;
        }
      n_mine += mine[k];
      n_rest += team[k] - mine[k];
    }

  for (guint k = 0; k < n_labels; k++)
    {
      LimnLabelUsage *u = &usage[k];

      u->share = n_mine > 0 ? (double) mine[k] / n_mine : NAN;
      u->team_share = n_rest > 0 ? (double) (team[k] - mine[k]) / n_rest : NAN;
      if (!limn_two_proportion_z_test (mine[k], n_mine, team[k] - mine[k], n_rest,
                                       &u->z, &u->p_value, error))
        return FALSE;

      if (isnan (u->z))
        u->use = LIMN_LABEL_USE_UNTESTED;
      else if (u->p_value < alpha / n_labels)
        u->use = u->z > 0 ? LIMN_LABEL_USE_OVER : LIMN_LABEL_USE_UNDER;
      else
        u->use = LIMN_LABEL_USE_TYPICAL;
    }

  return TRUE;
}
