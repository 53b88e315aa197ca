/* test-drift.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "analytics/limn-drift.h"

static void
test_rolling_mean (void)
{
  static const double x[5] = { 1, 0, 1, 1, 0 };
  g_autofree double *m = NULL;
  g_autoptr(GError) error = NULL;

  m = limn_rolling_mean (x, 5, 2, &error);
  g_assert_no_error (error);
  g_assert_true (isnan (m[0]));
  g_assert_cmpfloat (m[1], ==, 0.5);
  g_assert_cmpfloat (m[2], ==, 0.5);
  g_assert_cmpfloat (m[3], ==, 1);
  g_assert_cmpfloat (m[4], ==, 0.5);

  g_assert_null (limn_rolling_mean (x, 5, 0, &error));
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID);
}

/* λ = 0.5, μ0 = 0, σ = 1, L = 3: limits ±3 sqrt(0.5 / 1.5) = ±1.732. Values
 * 1 then 4: z = 0.5, then 2.25, above the upper limit. */
static void
test_ewma_by_hand (void)
{
  static const double x[2] = { 1, 4 };
  LimnEwmaOptions options;
  g_autoptr(LimnEwmaChart) chart = NULL;
  g_autoptr(GError) error = NULL;

  limn_ewma_options_init (&options);
  options.lambda = 0.5;
  options.width = 3;
  options.target = 0;
  options.sigma = 1;
  chart = limn_ewma_chart (x, 2, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (chart->ewma[0], 0.5, 1e-15);
  g_assert_cmpfloat_with_epsilon (chart->upper[0], 3 * sqrt (1.0 / 3), 1e-12);
  g_assert_cmpfloat_with_epsilon (chart->lower[0], -3 * sqrt (1.0 / 3), 1e-12);
  g_assert_cmpfloat_with_epsilon (chart->ewma[1], 2.25, 1e-15);
  g_assert_cmpfloat_with_epsilon (chart->upper[1], chart->upper[0], 1e-15);
  g_assert_cmpint (chart->first_high, ==, 1);
  g_assert_cmpint (chart->first_low, ==, -1);

  options.lambda = 0;
  g_assert_null (limn_ewma_chart (x, 2, &options, &error));
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID);
}

static int
compare_doubles (gconstpointer pa,
                 gconstpointer pb)
{
  double a = *(const double *) pa, b = *(const double *) pb;

  return (a > b) - (a < b);
}

static double *
bernoulli (GRand *rand,
           gsize  n,
           gsize  shift_at,
           double before,
           double after)
{
  double *x = g_new (double, n);

  for (gsize i = 0; i < n; i++)
    x[i] = g_rand_double (rand) < (i < shift_at ? before : after) ? 1 : 0;
  return x;
}

/* The default chart (λ = 0.02, L = 4, μ0 from the first 200 answers) on
 * 0/1 correctness, over 200 seeded annotators each:
 * - steady at 90 % for 1,200 answers: false alarms happen (12.8 % of such
 *   series over 2,000 seeds, see limn-drift.h); at most 20 % here;
 * - 90 % for 1,200 answers, then 70 %: at most 20 % alarm before the
 *   change, every other one is flagged within 200 answers of it, and the
 *   median delay is under 60 answers. */
static void
test_ewma_alarm (void)
{
  guint false_alarms = 0, early = 0;
  g_autoptr(GArray) delays = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint32 seed = 1; seed <= 200; seed++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
      g_autofree double *stable = bernoulli (rand, 1200, 1200, 0.9, 0.9);
      g_autofree double *shifted = bernoulli (rand, 2000, 1200, 0.9, 0.7);
      g_autoptr(LimnEwmaChart) a = limn_ewma_chart (stable, 1200, NULL, NULL);
      g_autoptr(LimnEwmaChart) b = limn_ewma_chart (shifted, 2000, NULL, NULL);

      g_assert_true (isnan (a->ewma[199]));
      g_assert_false (isnan (a->ewma[200]));
      false_alarms += a->first_low >= 0;
      if (b->first_low >= 0 && b->first_low < 1200)
        early++;
      else
        {
          double delay = b->first_low - 1200;

          g_assert_cmpint (b->first_low, >=, 1200);
          g_assert_cmpfloat (delay, <, 200);
          g_array_append_val (delays, delay);
        }
    }

  g_array_sort (delays, compare_doubles);
  g_test_message ("false alarms %u/200, early %u/200, median delay %.0f", false_alarms, early,
                  g_array_index (delays, double, delays->len / 2));
  g_assert_cmpuint (false_alarms, <=, 40);
  g_assert_cmpuint (early, <=, 40);
  g_assert_cmpfloat (g_array_index (delays, double, delays->len / 2), <, 60);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/drift/rolling-mean", test_rolling_mean);
  g_test_add_func ("/drift/ewma-by-hand", test_ewma_by_hand);
  g_test_add_func ("/drift/ewma-alarm", test_ewma_alarm);

  return g_test_run ();
}
