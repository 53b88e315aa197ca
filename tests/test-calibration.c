/* test-calibration.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "analytics/limn-calibration.h"

/* Eight answers worked by hand:
 *   bin 9: 0.95, 0.92, 1.0, all right: confidence 0.95667, accuracy 1
 *   bin 8: 0.85 right, 0.81 wrong, 0.88 right: 0.84667, accuracy 2/3
 *   bin 5: 0.55 wrong; bin 1: 0.15 wrong
 * ECE = (3 · 0.04333 + 3 · 0.18 + 0.55 + 0.15) / 8 = 1.37 / 8 = 0.17125.
 * Brier = (0.05² + 0.08² + 0.15² + 0.81² + 0.12² + 0.55² + 0.15² + 0²) / 8
 *       = 1.0269 / 8 = 0.1283625. */
static void
test_by_hand (void)
{
  static const double confidence[8] = { 0.95, 0.92, 0.85, 0.81, 0.88, 0.55, 0.15, 1.0 };
  static const gboolean correct[8] = { TRUE, TRUE, TRUE, FALSE, TRUE, FALSE, FALSE, TRUE };
  LimnCalibration c;
  g_autoptr(GError) error = NULL;

  g_assert_true (limn_calibration_compute (confidence, correct, 8, &c, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (c.ece, 0.17125, 1e-12);
  g_assert_cmpfloat_with_epsilon (c.brier, 0.1283625, 1e-12);
  g_assert_cmpuint (c.bins[9].count, ==, 3);
  g_assert_cmpfloat_with_epsilon (c.bins[9].mean_confidence, 2.87 / 3, 1e-12);
  g_assert_cmpfloat (c.bins[9].accuracy, ==, 1);
  g_assert_cmpuint (c.bins[8].count, ==, 3);
  g_assert_cmpfloat_with_epsilon (c.bins[8].accuracy, 2.0 / 3, 1e-12);
  g_assert_cmpuint (c.bins[0].count, ==, 0);
  g_assert_true (isnan (c.bins[0].accuracy));
}

/* Edges: 0 in bin 0, 0.3 in bin 3 (not 2), 0.7 in bin 7, 1 in bin 9. */
static void
test_bin_edges (void)
{
  static const double confidence[5] = { 0, 0.3, 0.7, 0.1 * 3, 1 };
  static const gboolean correct[5] = { 0 };
  LimnCalibration c;

  g_assert_true (limn_calibration_compute (confidence, correct, 5, &c, NULL));
  g_assert_cmpuint (c.bins[0].count, ==, 1);
  /* 0.1 · 3 is 0.30000000000000004: bin 3 as well. */
  g_assert_cmpuint (c.bins[3].count, ==, 2);
  g_assert_cmpuint (c.bins[7].count, ==, 1);
  g_assert_cmpuint (c.bins[9].count, ==, 1);
}

/* Seeded: right with probability equal to the stated confidence gives a
 * small ECE; always 90 % sure and right 60 % of the time gives ECE 0.3 and
 * Brier 0.6 · 0.01 + 0.4 · 0.81 = 0.33. */
static void
test_calibrated_and_overconfident (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autofree double *confidence = g_new (double, 20000);
  g_autofree gboolean *correct = g_new (gboolean, 20000);
  LimnCalibration c;
  g_autoptr(GError) error = NULL;
  static const double bad[1] = { 1.5 };

  for (guint i = 0; i < 20000; i++)
    {
      confidence[i] = g_rand_double (rand);
      correct[i] = g_rand_double (rand) < confidence[i];
    }
  g_assert_true (limn_calibration_compute (confidence, correct, 20000, &c, NULL));
  g_assert_cmpfloat (c.ece, <, 0.02);

  for (guint i = 0; i < 1000; i++)
    {
      confidence[i] = 0.9;
      correct[i] = i % 5 < 3;
    }
  g_assert_true (limn_calibration_compute (confidence, correct, 1000, &c, NULL));
  g_assert_cmpfloat_with_epsilon (c.ece, 0.3, 1e-12);
  g_assert_cmpfloat_with_epsilon (c.brier, 0.33, 1e-12);

  g_assert_true (limn_calibration_compute (NULL, NULL, 0, &c, NULL));
  g_assert_true (isnan (c.ece) && isnan (c.brier));

  g_assert_false (limn_calibration_compute (bad, correct, 1, &c, &error));
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/calibration/by-hand", test_by_hand);
  g_test_add_func ("/calibration/bin-edges", test_bin_edges);
  g_test_add_func ("/calibration/calibrated-and-overconfident", test_calibrated_and_overconfident);

  return g_test_run ();
}
