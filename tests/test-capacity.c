/* test-capacity.c: the capacity model (limn-capacity.h), its normal
 * approximation checked against a simulated team.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "analytics/limn-capacity.h"

static void
test_remaining (void)
{
  const gint64 by_answers[] = { 10, 5, 2, 7 };

  g_assert_cmpint (limn_capacity_remaining (by_answers, 4, 3), ==, 10 * 3 + 5 * 2 + 2 * 1);
  g_assert_cmpint (limn_capacity_remaining (by_answers, 4, 1), ==, 10);
  g_assert_cmpint (limn_capacity_remaining (by_answers, 4, 5), ==, 50 + 20 + 6 + 14);
  g_assert_cmpint (limn_capacity_remaining (NULL, 0, 3), ==, 0);
}

static void
test_exact (void)
{
  const LimnCapacityRate rates[] = { { 10, 0, 14 }, { 10, 0, 14 }, { 30, 0, 7 }, { 5, 0, 0 } };
  const gint64 by_answers[] = { 100, 0, 50 };   /* overlap 3: 300 + 50 */
  LimnCapacityWhatIf what_if = { 0, 3 };
  LimnCapacityForecast f;
  LimnCapacityRate med;

  /* No spread: the interval is the point; the rate without days is left out. */
  g_assert_true (limn_capacity_forecast (rates, 4, by_answers, 3, &what_if, &f));
  g_assert_cmpint (f.remaining, ==, 350);
  g_assert_cmpfloat_with_epsilon (f.rate, 50, 1e-12);
  g_assert_cmpfloat_with_epsilon (f.days, 7, 1e-12);
  g_assert_cmpfloat_with_epsilon (f.days_low, 7, 1e-6);
  g_assert_cmpfloat_with_epsilon (f.days_high, 7, 1e-6);

  limn_capacity_median (rates, 4, &med);
  g_assert_cmpfloat_with_epsilon (med.per_day, 10, 1e-12);
  g_assert_cmpuint (med.days, ==, 14);

  /* Two more at the median rate (10): 70 a day. */
  what_if.added = 2;
  g_assert_true (limn_capacity_forecast (rates, 4, by_answers, 3, &what_if, &f));
  g_assert_cmpfloat_with_epsilon (f.days, 5, 1e-12);

  /* Overlap 4: 400 + 100. */
  what_if.added = 0;
  what_if.overlap = 4;
  g_assert_true (limn_capacity_forecast (rates, 4, by_answers, 3, &what_if, &f));
  g_assert_cmpint (f.remaining, ==, 500);
  g_assert_cmpfloat_with_epsilon (f.days, 10, 1e-12);

  /* Nothing left; nobody working. */
  what_if.overlap = 0;
  g_assert_true (limn_capacity_forecast (rates, 4, by_answers, 3, &what_if, &f));
  g_assert_cmpfloat (f.days, ==, 0);
  what_if.overlap = 3;
  g_assert_false (limn_capacity_forecast (rates + 3, 1, by_answers, 3, &what_if, &f));
  g_assert_false (limn_capacity_forecast (NULL, 0, by_answers, 3, &what_if, &f));
}

static double
normal (GRand *rand)
{
  double u1 = g_rand_double_range (rand, 1e-12, 1), u2 = g_rand_double (rand);

  return sqrt (-2 * log (u1)) * cos (2 * G_PI * u2);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

/* The model's interval against the finish days of a simulated team whose
 * true rates are drawn around the observed ones (as the model assumes the
 * observed means are off by sd/√days) and whose days vary by sd. */
static void
test_against_simulation (void)
{
  const LimnCapacityRate rates[] = {
    { 20, 8, 14 }, { 30, 12, 14 }, { 25, 5, 10 }, { 10, 6, 14 }, { 40, 15, 5 },
  };
  const gint64 by_answers[] = { 1000 };           /* overlap 3: 3,000 answers */
  const LimnCapacityWhatIf what_if = { 0, 3 };
  const guint runs = 4000;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree double *finish = g_new (double, runs);
  LimnCapacityForecast f;
  double sim_low, sim_mid, sim_high;

  g_assert_true (limn_capacity_forecast (rates, 5, by_answers, 1, &what_if, &f));

  for (guint r = 0; r < runs; r++)
    {
      double mean[G_N_ELEMENTS (rates)];
      double done = 0;
      guint day = 0;

      for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
        mean[i] = MAX (0, rates[i].per_day + normal (rand) * rates[i].sd / sqrt (rates[i].days));
      for (;;)
        {
          double today = 0;

          for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
            today += mean[i] + normal (rand) * rates[i].sd;
          today = MAX (0, today);
          if (done + today >= 3000)
            {
              finish[r] = day + (3000 - done) / today;
              break;
            }
          done += today;
          day++;
        }
    }
  qsort (finish, runs, sizeof (double), compare_doubles);
  sim_low = finish[(guint)(0.025 * runs)];
  sim_mid = finish[runs / 2];
  sim_high = finish[(guint)(0.975 * runs)];

  g_test_message ("model: %.2f days [%.2f, %.2f]; simulation: median %.2f [%.2f, %.2f]",
                  f.days, f.days_low, f.days_high, sim_mid, sim_low, sim_high);
  g_assert_cmpfloat (fabs (f.days - sim_mid) / sim_mid, <, 0.05);
  g_assert_cmpfloat (fabs (f.days_low - sim_low) / sim_low, <, 0.08);
  g_assert_cmpfloat (fabs (f.days_high - sim_high) / sim_high, <, 0.08);
}

/* A mean rate the interval cannot tell from 0: no upper bound. */
static void
test_unbounded (void)
{
  const LimnCapacityRate rates[] = { { 1, 10, 2 } };
  const gint64 by_answers[] = { 100 };
  const LimnCapacityWhatIf what_if = { 0, 1 };
  LimnCapacityForecast f;

  g_assert_true (limn_capacity_forecast (rates, 1, by_answers, 1, &what_if, &f));
  g_assert_cmpfloat_with_epsilon (f.days, 100, 1e-12);
  g_assert_true (isinf (f.days_high));
  g_assert_cmpfloat (f.days_low, <, f.days);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/capacity/remaining", test_remaining);
  g_test_add_func ("/capacity/exact", test_exact);
  g_test_add_func ("/capacity/simulation", test_against_simulation);
  g_test_add_func ("/capacity/unbounded", test_unbounded);

  return g_test_run ();
}
