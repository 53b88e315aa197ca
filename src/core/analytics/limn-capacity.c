/* limn-capacity.c
 *
 * The team's answers over the next T days are taken as normal with mean
 * μT and variance σ²T + τ²T²: μ the sum of the annotators' mean daily
 * rates; σ² the sum of their daily variances (days independent, so the
 * day-to-day spread grows like T); τ² the sum of var/days, the
 * uncertainty of each mean rate, which does not average out (it grows
 * like T²). The finish is R/μ days; the interval's ends are the days the
 * 97.5 % and 2.5 % bounds of that sum reach R.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-analytics"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "limn-capacity.h"

#define Z_975 1.959963984540054

gint64
limn_capacity_remaining (const gint64 *by_answers,
                         guint         n_by_answers,
                         gint64        overlap)
{
  gint64 remaining = 0;

  g_return_val_if_fail (by_answers != NULL || n_by_answers == 0, 0);

  for (guint k = 0; k < n_by_answers && (gint64)k < overlap; k++)
    remaining += by_answers[k] * (overlap - (gint64)k);
  return remaining;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

static double
median (double *x,
        guint   n)
{
  if (n == 0)
    return NAN;
  qsort (x, n, sizeof (double), compare_doubles);
  return n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
}

void
limn_capacity_median (const LimnCapacityRate *rates,
                      guint                   n_rates,
                      LimnCapacityRate       *out)
{
  g_autofree double *per_day = g_new (double, MAX (n_rates, 1));
  g_autofree double *sd = g_new (double, MAX (n_rates, 1));
  g_autofree double *days = g_new (double, MAX (n_rates, 1));
  guint n = 0;

  for (guint i = 0; i < n_rates; i++)
    if (rates[i].days > 0 && isfinite (rates[i].per_day))
      {
        per_day[n] = rates[i].per_day;
        sd[n] = isfinite (rates[i].sd) ? rates[i].sd : 0;
        days[n++] = rates[i].days;
      }

  out->per_day = median (per_day, n);
  out->sd = median (sd, n);
  out->days = n > 0 ? (guint)MAX (1, lround (median (days, n))) : 0;
}

/* Work done by day @t at the z-bound: μt + z·√(σ²t + τ²t²). */
static double
bound (double mu,
       double sigma2,
       double tau2,
       double z,
       double t)
{
  return mu * t + z * sqrt (sigma2 * t + tau2 * t * t);
}

/* The least t ≥ 0 with bound (t) ≥ r, bound convex or concave in t but
 * crossing r once: bisection between @lo (below) and a doubled @hi. */
static double
crossing (double mu,
          double sigma2,
          double tau2,
          double z,
          double r,
          double lo)
{
  double hi = MAX (lo, 1.0);

  while (bound (mu, sigma2, tau2, z, hi) < r)
    {
      lo = hi;
      hi *= 2;
    }
  for (int i = 0; i < 100 && hi - lo > 1e-9 * hi; i++)
    {
      double mid = (lo + hi) / 2;

      if (bound (mu, sigma2, tau2, z, mid) < r)
        lo = mid;
      else
        hi = mid;
    }
  return hi;
}

gboolean
limn_capacity_forecast (const LimnCapacityRate   *rates,
                        guint                     n_rates,
                        const gint64             *by_answers,
                        guint                     n_by_answers,
                        const LimnCapacityWhatIf *what_if,
                        LimnCapacityForecast     *out)
{
  LimnCapacityRate med;
  double mu = 0, sigma2 = 0, tau2 = 0;

  g_return_val_if_fail (rates != NULL || n_rates == 0, FALSE);
  g_return_val_if_fail (what_if != NULL && out != NULL, FALSE);

  out->remaining = limn_capacity_remaining (by_answers, n_by_answers, what_if->overlap);
  out->rate = NAN;
  out->days = out->days_low = out->days_high = NAN;

  for (guint i = 0; i < n_rates; i++)
    if (rates[i].days > 0 && isfinite (rates[i].per_day))
      {
        double var = isfinite (rates[i].sd) ? rates[i].sd * rates[i].sd : 0;

        mu += rates[i].per_day;
        sigma2 += var;
        tau2 += var / rates[i].days;
      }

  limn_capacity_median (rates, n_rates, &med);
  if (what_if->added > 0 && isfinite (med.per_day))
    {
      double var = med.sd * med.sd;

      mu += what_if->added * med.per_day;
      sigma2 += what_if->added * var;
      tau2 += what_if->added * var / med.days;
    }
  out->rate = mu;

  if (out->remaining == 0)
    {
      out->days = out->days_low = out->days_high = 0;
      return TRUE;
    }
  if (!(mu > 0))
    return FALSE;

  out->days = out->remaining / mu;
  out->days_low = crossing (mu, sigma2, tau2, Z_975, out->remaining, 0);
  /* The lower bound grows without end only while μ > zτ: else a rate of 0
   * is within the interval and no finish is excluded. */
  out->days_high = mu > Z_975 * sqrt (tau2)
                   ? crossing (mu, sigma2, tau2, -Z_975, out->remaining, out->days)
                   : INFINITY;
  return TRUE;
}
