/* test-guideline-experiment.c
 *
 * Guideline experiments (docs/metrics.md §10) on a simulated team whose
 * effect is known: every annotator misses or invents label k with
 * probability e_k; version B lowers e on one label by a set amount. The
 * bootstrap interval must cover the true effect in ≥ 90 % of 50 seeds, and
 * labels without an effect must read "no clear effect". Plus small cases
 * worked by hand.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "analytics/limn-guideline-experiment.h"

#define N_LABELS 4
#define N_ITEMS 200
#define PER_ARM 3
#define ERROR_A 0.2
#define ERROR_B_VEHICLE 0.1
#define N_SEEDS 50

static const char * const names[N_LABELS] = { "Vehicle", "Person", "Sign", "Tree" };

/* Two answers with independent flips at rate e agree with probability
 * (1 − e)² + e². */
static double
agree (double e)
{
  return (1 - e) * (1 - e) + e * e;
}

static LimnGuidelineExperiment *
simulate (guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  LimnGuidelineExperiment *exp = limn_guideline_experiment_new (N_ITEMS, N_LABELS);

  for (guint i = 0; i < N_ITEMS; i++)
    {
      gboolean truth[N_LABELS];

      for (guint k = 0; k < N_LABELS; k++)
        truth[k] = g_rand_double (rand) < 0.3 + 0.1 * k;
      /* Half the pool is gold, as a pilot batch seeded with gold would be. */
      if (i % 2 == 0)
        g_assert_true (limn_guideline_experiment_set_gold (exp, i, truth, NULL));

      for (guint arm = 0; arm < 2; arm++)
        for (guint n = 0; n < PER_ARM; n++)
          {
            gboolean answer[N_LABELS];

            for (guint k = 0; k < N_LABELS; k++)
              {
                double e = arm == 1 && k == 0 ? ERROR_B_VEHICLE : ERROR_A;

                answer[k] = g_rand_double (rand) < e ? !truth[k] : truth[k];
              }
            g_assert_true (limn_guideline_experiment_add_answer (exp, i, arm, answer, -1, NULL));
          }
    }
  return exp;
}

static gboolean
covers (const LimnExperimentEffect *e,
        double                      truth)
{
  return e->low <= truth && truth <= e->high;
}

static void
test_simulated_team (void)
{
  const double true_vehicle_agreement = agree (ERROR_B_VEHICLE) - agree (ERROR_A);
  const double true_vehicle_gold = ERROR_A - ERROR_B_VEHICLE;
  const double true_agreement = true_vehicle_agreement / N_LABELS;
  const double true_gold = (1 - ERROR_B_VEHICLE) * pow (1 - ERROR_A, N_LABELS - 1) -
                           pow (1 - ERROR_A, N_LABELS);
  guint cover_agreement = 0, cover_gold = 0, cover_all = 0, cover_all_gold = 0;
  guint null_unclear = 0, null_total = 0, null_covered = 0, vehicle_clear = 0;
  double width = 0;

  for (guint32 seed = 1; seed <= N_SEEDS; seed++)
    {
      g_autoptr(LimnGuidelineExperiment) exp = simulate (seed);
      g_autoptr(LimnExperimentResult) r = NULL;
      g_autoptr(GError) error = NULL;

      r = limn_guideline_experiment_compute (exp, 2000, seed, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (r->label_agreement[0].items, ==, N_ITEMS);
      g_assert_cmpuint (r->label_gold[0].items, ==, N_ITEMS / 2);

      cover_agreement += covers (&r->label_agreement[0], true_vehicle_agreement);
      cover_gold += covers (&r->label_gold[0], true_vehicle_gold);
      cover_all += covers (&r->agreement, true_agreement);
      cover_all_gold += covers (&r->gold, true_gold);
      vehicle_clear += limn_experiment_effect_is_clear (&r->label_agreement[0]);
      width += r->label_agreement[0].high - r->label_agreement[0].low;
      for (guint k = 1; k < N_LABELS; k++)
        {
          null_total += 2;
          null_unclear += !limn_experiment_effect_is_clear (&r->label_agreement[k]);
          null_unclear += !limn_experiment_effect_is_clear (&r->label_gold[k]);
          null_covered += covers (&r->label_agreement[k], 0) + covers (&r->label_gold[k], 0);
        }
    }

  g_test_message ("true effects: Vehicle agreement %.4f, gold %.4f; all labels %.4f, gold %.4f",
                  true_vehicle_agreement, true_vehicle_gold, true_agreement, true_gold);
  g_test_message ("coverage over %u seeds: Vehicle agreement %u, gold %u; all labels %u, gold %u; "
                  "Vehicle agreement clear in %u, mean width %.3f; no-effect labels unclear %u of %u",
                  N_SEEDS, cover_agreement, cover_gold, cover_all, cover_all_gold,
                  vehicle_clear, width / N_SEEDS, null_unclear, null_total);

  g_assert_cmpuint (cover_agreement * 10, >=, N_SEEDS * 9);
  g_assert_cmpuint (cover_gold * 10, >=, N_SEEDS * 9);
  g_assert_cmpuint (cover_all * 10, >=, N_SEEDS * 9);
  g_assert_cmpuint (cover_all_gold * 10, >=, N_SEEDS * 9);
  /* The effect is large enough to be seen nearly always. */
  g_assert_cmpuint (vehicle_clear * 10, >=, N_SEEDS * 9);
  /* Labels without an effect: unclear (the interval covers 0) ≥ 90 %. */
  g_assert_cmpuint (null_unclear, ==, null_covered);
  g_assert_cmpuint (null_unclear * 10, >=, null_total * 9);
}

static void
test_verdict (void)
{
  g_autoptr(LimnGuidelineExperiment) exp = simulate (7);
  g_autoptr(LimnExperimentResult) r = limn_guideline_experiment_compute (exp, 2000, 7, NULL);
  g_autofree char *verdict = limn_experiment_result_verdict (r, names);
  g_autofree char *expect = NULL;
  const LimnExperimentEffect *v = &r->label_agreement[0];

  g_test_message ("seed 7: %s", verdict);
  for (guint k = 1; k < N_LABELS; k++)
    {
      g_assert_false (limn_experiment_effect_is_clear (&r->label_agreement[k]));
      g_assert_false (limn_experiment_effect_is_clear (&r->label_gold[k]));
    }
  g_assert_true (limn_experiment_effect_is_clear (v));
  expect = g_strdup_printf ("Version B raised agreement on Vehicle by %.2f [%.2f, %.2f]",
                            v->estimate, v->low, v->high);
  g_assert_true (g_str_has_prefix (verdict, expect));
  g_assert_true (g_str_has_suffix (verdict, "; no clear effect elsewhere."));
  for (guint k = 1; k < N_LABELS; k++)
    g_assert_null (strstr (verdict, names[k]));
}

/* Same answers and seed, same intervals; another seed, other intervals. */
static void
test_deterministic (void)
{
  g_autoptr(LimnGuidelineExperiment) exp = simulate (3);
  g_autoptr(LimnExperimentResult) r1 = limn_guideline_experiment_compute (exp, 2000, 11, NULL);
  g_autoptr(LimnExperimentResult) r2 = limn_guideline_experiment_compute (exp, 2000, 11, NULL);
  g_autoptr(LimnExperimentResult) r3 = limn_guideline_experiment_compute (exp, 2000, 12, NULL);

  g_assert_cmpfloat (r1->agreement.low, ==, r2->agreement.low);
  g_assert_cmpfloat (r1->label_gold[2].high, ==, r2->label_gold[2].high);
  g_assert_cmpfloat (r1->agreement.estimate, ==, r3->agreement.estimate);
  g_assert_cmpfloat (r1->agreement.low, !=, r3->agreement.low);
}

/* Two items, two labels, worked by hand. */
static void
test_by_hand (void)
{
  g_autoptr(LimnGuidelineExperiment) exp = limn_guideline_experiment_new (3, 2);
  g_autoptr(LimnExperimentResult) r = NULL;
  g_autoptr(GError) error = NULL;
  const gboolean yy[2] = { TRUE, TRUE }, yn[2] = { TRUE, FALSE }, nn[2] = { FALSE, FALSE };
  const char * const two[2] = { "Car", "Bus" };
  g_autofree char *verdict = NULL;

  g_assert_true (limn_guideline_experiment_set_gold (exp, 0, yn, NULL));
  /* Item 0, A: yn, nn, yy → label 0 present 2 of 3: agreement 1/3; label 1
   * 1 of 3: 1/3; gold right: yn only (1/3); per label 2/3 and 2/3.
   * B: yn, yn → agreement 1, 1; gold 1; per label 1, 1. */
  g_assert_true (limn_guideline_experiment_add_answer (exp, 0, LIMN_EXPERIMENT_ARM_A, yn, -1, NULL));
  g_assert_true (limn_guideline_experiment_add_answer (exp, 0, LIMN_EXPERIMENT_ARM_A, nn, -1, NULL));
  g_assert_true (limn_guideline_experiment_add_answer (exp, 0, LIMN_EXPERIMENT_ARM_A, yy, -1, NULL));
  g_assert_true (limn_guideline_experiment_add_answer (exp, 0, LIMN_EXPERIMENT_ARM_B, yn, -1, NULL));
  g_assert_true (limn_guideline_experiment_add_answer (exp, 0, LIMN_EXPERIMENT_ARM_B, yn, -1, NULL));
  /* Item 1, no gold. A: yy, yy → 1, 1. B: yy, nn → 0, 0. The caller's
   * explicit rule counts even without gold presence. */
  g_assert_true (limn_guideline_experiment_add_answer (exp, 1, LIMN_EXPERIMENT_ARM_A, yy, 1, NULL));
  g_assert_true (limn_guideline_experiment_add_answer (exp, 1, LIMN_EXPERIMENT_ARM_A, yy, 1, NULL));
  g_assert_true (limn_guideline_experiment_add_answer (exp, 1, LIMN_EXPERIMENT_ARM_B, yy, 0, NULL));
  g_assert_true (limn_guideline_experiment_add_answer (exp, 1, LIMN_EXPERIMENT_ARM_B, nn, 0, NULL));
  /* Item 2: only arm A, so it is not paired and counts nowhere. */
  g_assert_true (limn_guideline_experiment_add_answer (exp, 2, LIMN_EXPERIMENT_ARM_A, yy, -1, NULL));

  /* Gold after answers, an item out of range, too few resamples: refused. */
  g_assert_false (limn_guideline_experiment_set_gold (exp, 1, yy, &error));
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (limn_guideline_experiment_add_answer (exp, 3, LIMN_EXPERIMENT_ARM_A, yy, -1, &error));
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (limn_guideline_experiment_compute (exp, 1999, 1, &error));
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID);
  g_clear_error (&error);

  r = limn_guideline_experiment_compute (exp, 2000, 1, &error);
  g_assert_no_error (error);
  /* Agreement: item 0 d = 1 − 1/3, item 1 d = 0 − 1: mean (2/3 − 1) / 2. */
  g_assert_cmpuint (r->agreement.items, ==, 2);
  g_assert_cmpfloat_with_epsilon (r->agreement.estimate, (2.0 / 3 - 1) / 2, 1e-12);
  g_assert_cmpfloat_with_epsilon (r->agreement.mean_a, (1.0 / 3 + 1) / 2, 1e-12);
  /* Resampling two items: means of {d0, d1} drawn twice. */
  g_assert_cmpfloat_with_epsilon (r->agreement.low, -1, 1e-12);
  g_assert_cmpfloat_with_epsilon (r->agreement.high, 2.0 / 3, 1e-12);
  /* Gold overall: item 0 d = 1 − 1/3, item 1 d = 0 − 1. */
  g_assert_cmpuint (r->gold.items, ==, 2);
  g_assert_cmpfloat_with_epsilon (r->gold.estimate, (2.0 / 3 - 1) / 2, 1e-12);
  /* Gold per label: item 0 only, d = 1 − 2/3. */
  g_assert_cmpuint (r->label_gold[0].items, ==, 1);
  g_assert_cmpfloat_with_epsilon (r->label_gold[0].estimate, 1.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (r->label_gold[0].low, 1.0 / 3, 1e-12);
  g_assert_true (limn_experiment_effect_is_clear (&r->label_gold[0]));

  verdict = limn_experiment_result_verdict (r, two);
  g_assert_cmpstr (verdict, ==,
                   "Version B raised gold accuracy on Car by 0.33 [0.33, 0.33]; "
                   "Version B raised gold accuracy on Bus by 0.33 [0.33, 0.33]; "
                   "no clear effect elsewhere.");
}

static void
test_not_enough (void)
{
  g_autoptr(LimnGuidelineExperiment) exp = limn_guideline_experiment_new (2, 1);
  g_autoptr(LimnExperimentResult) r = NULL;
  g_autofree char *verdict = NULL;
  const gboolean y[1] = { TRUE };
  const char * const one[1] = { "Car" };

  g_assert_true (limn_guideline_experiment_add_answer (exp, 0, LIMN_EXPERIMENT_ARM_A, y, -1, NULL));
  r = limn_guideline_experiment_compute (exp, 2000, 1, NULL);
  g_assert_true (isnan (r->agreement.estimate));
  g_assert_true (isnan (r->gold.low));
  g_assert_cmpuint (r->label_agreement[0].items, ==, 0);
  verdict = limn_experiment_result_verdict (r, one);
  g_assert_cmpstr (verdict, ==, "Not enough answers from both arms to tell.");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/guideline-experiment/simulated-team", test_simulated_team);
  g_test_add_func ("/guideline-experiment/verdict", test_verdict);
  g_test_add_func ("/guideline-experiment/deterministic", test_deterministic);
  g_test_add_func ("/guideline-experiment/by-hand", test_by_hand);
  g_test_add_func ("/guideline-experiment/not-enough", test_not_enough);

  return g_test_run ();
}
