/* test-annotator-stats.c
 *
 * Wilson intervals against Newcombe (1998), the z-test and every
 * per-annotator figure against values worked by hand.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "analytics/limn-annotator-stats.h"

static LimnProportion
wilson (guint64 k,
        guint64 n)
{
  g_autoptr(GError) error = NULL;
  LimnProportion p;

  g_assert_true (limn_proportion_wilson (k, n, LIMN_Z_95, &p, &error));
  g_assert_no_error (error);
  return p;
}

/* Newcombe, R. G. (1998). Two-sided confidence intervals for the single
 * proportion: comparison of seven methods. Statistics in Medicine 17,
 * 857–872, Table II, method 3 (Wilson score, no continuity correction):
 * 81/263: 0.2553–0.3662; 15/148: 0.0624–0.1605; 0/20: 0–0.1611;
 * 1/29: 0.0061–0.1718. */
static void
test_wilson_newcombe (void)
{
  static const struct { guint64 k, n; double lower, upper; } cases[] = {
    { 81, 263, 0.2553, 0.3662 },
    { 15, 148, 0.0624, 0.1605 },
    { 0, 20, 0.0, 0.1611 },
    { 1, 29, 0.0061, 0.1718 },
  };
  g_autoptr(GError) error = NULL;
  LimnProportion p;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      p = wilson (cases[i].k, cases[i].n);
      g_assert_cmpfloat_with_epsilon (p.lower, cases[i].lower, 0.00005);
      g_assert_cmpfloat_with_epsilon (p.upper, cases[i].upper, 0.00005);
      g_assert_cmpfloat_with_epsilon (p.estimate, (double) cases[i].k / cases[i].n, 1e-15);
    }

  /* All successes: the interval ends at 1 and is not degenerate. */
  p = wilson (20, 20);
  g_assert_cmpfloat (p.upper, ==, 1);
  g_assert_cmpfloat_with_epsilon (p.lower, 1 - 0.1611, 0.00005);

  p = wilson (0, 0);
  g_assert_true (isnan (p.estimate) && isnan (p.lower) && isnan (p.upper));

  g_assert_false (limn_proportion_wilson (3, 2, LIMN_Z_95, &p, &error));
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID);
}

/* 45/100 against 30/100: pooled p = 0.375, SE = sqrt(0.375 · 0.625 · 0.02)
 * = 0.068465, z = 0.15 / SE = 2.19089, two-sided p = 0.028460. */
static void
test_two_proportion (void)
{
  g_autoptr(GError) error = NULL;
  double z, p;

  g_assert_true (limn_two_proportion_z_test (45, 100, 30, 100, &z, &p, &error));
  g_assert_cmpfloat_with_epsilon (z, 2.19089, 0.00001);
  g_assert_cmpfloat_with_epsilon (p, 0.028460, 0.000001);

  /* Nobody ever used it: nothing to test. */
  g_assert_true (limn_two_proportion_z_test (0, 100, 0, 50, &z, &p, &error));
  g_assert_true (isnan (z) && isnan (p));
  g_assert_true (limn_two_proportion_z_test (1, 100, 0, 0, &z, &p, &error));
  g_assert_true (isnan (z));
}

static void
test_accuracy_and_confusion (void)
{
  /* Gold and an annotator, 3 classes: 7 of 10 right. */
  static const guint gold[10] = { 0, 0, 0, 1, 1, 1, 2, 2, 2, 2 };
  static const guint mine[10] = { 0, 0, 1, 1, 1, 2, 2, 2, 2, 0 };
  guint64 confusion[9];
  LimnProportion accuracy;
  g_autoptr(GError) error = NULL;
  static const guint bad[1] = { 3 };

  g_assert_true (limn_annotator_accuracy (gold, mine, 10, 3, &accuracy, confusion, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (accuracy.successes, ==, 7);
  g_assert_cmpfloat_with_epsilon (accuracy.estimate, 0.7, 1e-15);
  /* Wilson 7/10: 0.3968–0.8922. */
  g_assert_cmpfloat_with_epsilon (accuracy.lower, 0.39678, 0.00001);
  g_assert_cmpfloat_with_epsilon (accuracy.upper, 0.89221, 0.00001);
  g_assert_cmpuint (confusion[0 * 3 + 0], ==, 2);
  g_assert_cmpuint (confusion[0 * 3 + 1], ==, 1);
  g_assert_cmpuint (confusion[1 * 3 + 2], ==, 1);
  g_assert_cmpuint (confusion[2 * 3 + 0], ==, 1);
  g_assert_cmpuint (confusion[2 * 3 + 2], ==, 3);

  g_assert_false (limn_annotator_accuracy (gold, bad, 1, 3, &accuracy, NULL, &error));
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID);
}

static void
test_review_rates (void)
{
  LimnReviewOutcome outcomes[10];
  LimnReviewRates rates;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 10; i++)
    outcomes[i] = i < 7 ? LIMN_REVIEW_ACCEPTED : i < 9 ? LIMN_REVIEW_CORRECTED
                                                       : LIMN_REVIEW_SENT_BACK;

  g_assert_true (limn_annotator_review_rates (outcomes, 10, &rates, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (rates.accepted.estimate, 0.7, 1e-15);
  g_assert_cmpfloat_with_epsilon (rates.corrected.estimate, 0.2, 1e-15);
  g_assert_cmpfloat_with_epsilon (rates.sent_back.estimate, 0.1, 1e-15);
  /* Wilson 1/10: 0.0179–0.4042; 2/10: 0.0567–0.5098. */
  g_assert_cmpfloat_with_epsilon (rates.sent_back.lower, 0.01788, 0.00001);
  g_assert_cmpfloat_with_epsilon (rates.sent_back.upper, 0.40415, 0.00001);
  g_assert_cmpfloat_with_epsilon (rates.corrected.upper, 0.50984, 0.00001);

  outcomes[3] = 7;
  g_assert_false (limn_annotator_review_rates (outcomes, 10, &rates, &error));
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID);
}

/* 10, 20 … 100 s: median 55; p90 at h = 9 · 0.9 = 8.1, between 90 and 100:
 * 91 (R's quantile(x, 0.9), type 7). Order does not matter. */
static void
test_time_summary (void)
{
  static const double seconds[10] = { 100, 20, 30, 40, 50, 60, 70, 80, 90, 10 };
  static const double bad[2] = { 3, -1 };
  LimnTimeSummary s;
  g_autoptr(GError) error = NULL;

  g_assert_true (limn_annotator_time_summary (seconds, 10, &s, &error));
  g_assert_cmpfloat_with_epsilon (s.median, 55, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.p90, 91, 1e-12);
  g_assert_cmpfloat_with_epsilon (s.mean, 55, 1e-12);

  g_assert_true (limn_annotator_time_summary (seconds, 1, &s, &error));
  g_assert_cmpfloat (s.median, ==, 100);
  g_assert_cmpfloat (s.p90, ==, 100);
  g_assert_true (limn_annotator_time_summary (NULL, 0, &s, &error));
  g_assert_true (isnan (s.median));

  g_assert_false (limn_annotator_time_summary (bad, 2, &s, &error));
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID);
}

/* The annotator: 60, 30, 10 of 100 labels; the team with them: 460, 330,
 * 210, so the rest: 400, 300, 200 of 900. Label 0: 0.60 against 0.444,
 * z = 2.961, p = 0.0031 < 0.05 / 3: overused. Label 1: 0.30 against 0.333,
 * z = −0.673, p = 0.50: typical. Label 2: 0.10 against 0.222, z = −2.847,
 * p = 0.0044: underused. */
static void
test_label_usage (void)
{
  static const guint64 mine[4] = { 60, 30, 10, 0 };
  static const guint64 team[4] = { 460, 330, 210, 0 };
  static const guint64 short_team[4] = { 10, 330, 210, 0 };
  LimnLabelUsage usage[4];
  g_autoptr(GError) error = NULL;

  g_assert_true (limn_annotator_label_usage (mine, team, 3, 0.05, usage, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (usage[0].share, 0.6, 1e-15);
  g_assert_cmpfloat_with_epsilon (usage[0].team_share, 400.0 / 900.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (usage[0].z, 2.96095, 0.00001);
  g_assert_cmpint (usage[0].use, ==, LIMN_LABEL_USE_OVER);
  g_assert_cmpfloat_with_epsilon (usage[1].z, -0.67252, 0.00001);
  g_assert_cmpint (usage[1].use, ==, LIMN_LABEL_USE_TYPICAL);
  g_assert_cmpfloat_with_epsilon (usage[2].p_value, 0.0044169, 0.0000001);
  g_assert_cmpint (usage[2].use, ==, LIMN_LABEL_USE_UNDER);

  /* A fourth label nobody uses cannot be tested, and counts in Bonferroni:
   * label 2's p = 0.0044 is still below 0.05 / 4. */
  g_assert_true (limn_annotator_label_usage (mine, team, 4, 0.05, usage, &error));
  g_assert_cmpint (usage[3].use, ==, LIMN_LABEL_USE_UNTESTED);
  g_assert_cmpint (usage[2].use, ==, LIMN_LABEL_USE_UNDER);
  /* At α = 0.01 the Bonferroni threshold 0.0033 keeps label 0 (p 0.0031)
   * and drops label 2 (p 0.0044). */
  g_assert_true (limn_annotator_label_usage (mine, team, 3, 0.01, usage, &error));
  g_assert_cmpint (usage[0].use, ==, LIMN_LABEL_USE_OVER);
  g_assert_cmpint (usage[2].use, ==, LIMN_LABEL_USE_TYPICAL);

  g_assert_false (limn_annotator_label_usage (mine, short_team, 3, 0.05, usage, &error));
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/annotator-stats/wilson-newcombe", test_wilson_newcombe);
  g_test_add_func ("/annotator-stats/two-proportion", test_two_proportion);
  g_test_add_func ("/annotator-stats/accuracy-and-confusion", test_accuracy_and_confusion);
  g_test_add_func ("/annotator-stats/review-rates", test_review_rates);
  g_test_add_func ("/annotator-stats/time-summary", test_time_summary);
  g_test_add_func ("/annotator-stats/label-usage", test_label_usage);

  return g_test_run ();
}
