/* limn-drift.c
 *
 * The EWMA z_t = λ x_t + (1 − λ) z_{t−1}, z_0 = μ0, has the steady-state
 * standard deviation σ sqrt(λ / (2 − λ)) while the process stays at μ0
 * (Montgomery, Introduction to Statistical Quality Control, §9.2). The
 * limits use that steady state from the start rather than the narrower
 * exact limits of the first few values: with 0/1 outcomes one mistake
 * among the first answers of a 95 % annotator would already cross those.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-analytics"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>

#include "limn-drift.h"

static gboolean
check_values (const double *x,
              gsize         n,
              GError      **error)
{
  for (gsize i = 0; i < n; i++)
    if (!isfinite (x[i]))
      {
        g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
                     _("Value %zu of the series is not a finite number"), i);
        return FALSE;
      }

  return TRUE;
}

double *
limn_rolling_mean (const double *x,
                   gsize         n,
                   gsize         window,
                   GError      **error)
{
  g_autofree double *out = NULL;
  double sum = 0;

  g_return_val_if_fail (x != NULL || n == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (window == 0)
    {
      g_set_error_literal (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
                           _("A rolling window needs at least one value"));
      return NULL;
    }
  if (!check_values (x, n, error))
    return NULL;

  out = g_new (double, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    {
      sum += x[i];
      if (i >= window)
        sum -= x[i - window];
      /* Re-add the window now and then so rounding cannot accumulate. */
      if (i >= window && i % 4096 == 0)
        {
          sum = 0;
          for (gsize j = i + 1 - window; j <= i; j++)
            sum += x[j];
        }
      out[i] = i + 1 >= window ? sum / window : NAN;
    }

  return g_steal_pointer (&out);
}

void
limn_ewma_options_init (LimnEwmaOptions *options)
{
  g_return_if_fail (options != NULL);

  options->lambda = 0.02;
  options->width = 4;
  options->target = NAN;
  options->sigma = NAN;
  options->warmup = 200;
}

void
limn_ewma_chart_free (LimnEwmaChart *chart)
{
  if (chart == NULL)
    return;

  g_free (chart->ewma);
  g_free (chart->lower);
  g_free (chart->upper);
  g_free (chart);
}

LimnEwmaChart *
limn_ewma_chart (const double          *x,
                 gsize                  n,
                 const LimnEwmaOptions *options,
                 GError               **error)
{
  LimnEwmaOptions defaults;
  g_autoptr(LimnEwmaChart) chart = NULL;
  double lambda, mu, sigma, z, half;
  gsize start = 0;

  g_return_val_if_fail (x != NULL || n == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    {
      limn_ewma_options_init (&defaults);
      options = &defaults;
    }

  lambda = options->lambda;
  if (!(lambda > 0 && lambda <= 1) || !(isfinite (options->width) && options->width > 0) ||
      isinf (options->target) || isinf (options->sigma) || options->sigma < 0)
    {
      g_set_error_literal (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
                           _("An EWMA chart needs 0 < λ ≤ 1, a positive width, and a finite "
                             "target and σ ≥ 0 when they are given"));
      return NULL;
    }
  if (!check_values (x, n, error))
    return NULL;

  mu = options->target;
  if (isnan (mu))
    {
      double sum = 0;

      if (options->warmup == 0 || n < options->warmup)
        {
          g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
                       _("Estimating the target needs a warm-up of at least one value and "
                         "%u values; the series has %zu"), options->warmup, n);
          return NULL;
        }

      for (gsize i = 0; i < options->warmup; i++)
        sum += x[i];
      start = options->warmup;
      /* 0/1 outcomes: Laplace's (k + 1) / (n + 2), so a flawless warm-up
       * does not leave σ = 0 and make one mistake an alarm. */
      mu = isnan (options->sigma) ? (sum + 1) / (options->warmup + 2) : sum / options->warmup;
    }

  sigma = isnan (options->sigma) ? sqrt (mu * (1 - mu)) : options->sigma;

  chart = g_new0 (LimnEwmaChart, 1);
  chart->n = n;
  chart->ewma = g_new (double, MAX (n, 1));
  chart->lower = g_new (double, MAX (n, 1));
  chart->upper = g_new (double, MAX (n, 1));
  chart->target = mu;
  chart->sigma = isnan (sigma) ? 0 : sigma;
  chart->first_low = chart->first_high = -1;

  z = mu;
  half = options->width * chart->sigma * sqrt (lambda / (2 - lambda));
  for (gsize i = 0; i < n; i++)
    {
      if (i < start)
        {
          chart->ewma[i] = chart->lower[i] = chart->upper[i] = NAN;
          continue;
        }

      z = lambda * x[i] + (1 - lambda) * z;
      chart->ewma[i] = z;
      chart->lower[i] = mu - half;
      chart->upper[i] = mu + half;

      if (z < mu - half && chart->first_low < 0)
        chart->first_low = i;
      if (z > mu + half && chart->first_high < 0)
        chart->first_high = i;
    }

  return g_steal_pointer (&chart);
}
