/* test-agreement.c
 *
 * The coefficients against published worked examples (sources cited at
 * each), then the degenerate tables peers got wrong.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "analytics/limn-agreement.h"

#define MISSING 0

/* A table from rows of 1-based category ids, MISSING (0) for no value:
 * rows[u * n_coders + c]. Category id k is stored as k − 1. */
static LimnReliabilityData *
table_from_rows (const guint *rows,
                 guint        n_units,
                 guint        n_coders,
                 guint        n_categories)
{
  g_autoptr(GError) error = NULL;
  LimnReliabilityData *data = limn_reliability_data_new (n_categories, &error);

  g_assert_no_error (error);
  for (guint u = 0; u < n_units; u++)
    for (guint c = 0; c < n_coders; c++)
      if (rows[u * n_coders + c] != MISSING)
        {
          limn_reliability_data_add (data, u, c, rows[u * n_coders + c] - 1, &error);
          g_assert_no_error (error);
        }

  return data;
}

/* A table from a distribution of raters by unit and category:
 * counts[u * q + k] coders put unit u in category k. Coders are numbered
 * from 0 within each unit; Fleiss, AC1 and α do not depend on who they are. */
static LimnReliabilityData *
table_from_counts (const guint *counts,
                   guint        n_units,
                   guint        q)
{
  g_autoptr(GError) error = NULL;
  LimnReliabilityData *data = limn_reliability_data_new (q, &error);

  for (guint u = 0; u < n_units; u++)
    {
      guint coder = 0;

      for (guint k = 0; k < q; k++)
        for (guint i = 0; i < counts[u * q + k]; i++)
          {
            limn_reliability_data_add (data, u, coder++, k, &error);
            g_assert_no_error (error);
          }
    }

  return data;
}

/* Two coders from a q × q contingency table, A by row and B by column. */
static LimnReliabilityData *
table_from_contingency (const double *table,
                        guint         q)
{
  g_autoptr(GError) error = NULL;
  LimnReliabilityData *data = limn_reliability_data_new (q, &error);
  guint unit = 0;

  for (guint a = 0; a < q; a++)
    for (guint b = 0; b < q; b++)
      for (guint i = 0; i < (guint) table[a * q + b]; i++)
        {
          g_assert_true (limn_reliability_data_add (data, unit, 0, a, NULL));
          g_assert_true (limn_reliability_data_add (data, unit, 1, b, NULL));
          unit++;
        }

  return data;
}

typedef gboolean (*Coefficient) (LimnReliabilityData *data,
                                 int                  category,
                                 LimnAgreement       *result,
                                 GError             **error);

static LimnAgreement
compute (Coefficient          coefficient,
         LimnReliabilityData *data,
         int                  category)
{
  g_autoptr(GError) error = NULL;
  LimnAgreement result;

  g_assert_true (coefficient (data, category, &result, &error));
  g_assert_no_error (error);
  return result;
}

static LimnAgreement
cohen (LimnReliabilityData *data,
       int                  category)
{
  g_autoptr(GError) error = NULL;
  LimnAgreement result;

  g_assert_true (limn_agreement_cohen_kappa (data, 0, 1, category, &result, &error));
  g_assert_no_error (error);
  return result;
}

#define assert_3dp(x, expected) g_assert_cmpfloat_with_epsilon ((x), (expected), 0.0005)

/* Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability.
 * Annenberg School for Communication, University of Pennsylvania, section C
 * ("Nominal data, any number of observers, missing data"): 4 observers, 12
 * units, values 1–5, 40 pairable values; α_nominal = 0.743. The same table
 * is irrCAC's cac.raw4raters (Gwet, irrCAC 1.0 README): Krippendorff's α
 * 0.74342, Gwet's AC1 0.77544 (p_a 0.8181818, p_e 0.1903212), Fleiss' κ
 * generalized to missing ratings 0.76117 (p_e 0.2387153). */
static const guint krippendorff_2011_c[12 * 4] = {
  /* A  B  C  D */
  1, 1, MISSING, 1,
  2, 2, 3, 2,
  3, 3, 3, 3,
  3, 3, 3, 3,
  2, 2, 2, 2,
  1, 2, 3, 4,
  4, 4, 4, 4,
  1, 1, 2, 1,
  2, 2, 2, 2,
  MISSING, 5, 5, 5,
  MISSING, MISSING, 1, 1,
  MISSING, MISSING, 3, MISSING,
};

static void
test_krippendorff_nominal_missing (void)
{
  g_autoptr(LimnReliabilityData) data = table_from_rows (krippendorff_2011_c, 12, 4, 5);
  LimnAgreement alpha = compute (limn_agreement_krippendorff_alpha, data, -1);
  LimnAgreement ac1 = compute (limn_agreement_gwet_ac1, data, -1);
  LimnAgreement fleiss = compute (limn_agreement_fleiss_kappa, data, -1);

  g_assert_cmpint (alpha.status, ==, LIMN_AGREEMENT_OK);
  assert_3dp (alpha.value, 0.743);
  g_assert_cmpfloat_with_epsilon (alpha.value, 0.74342, 0.000005);
  /* Unit 12 has one value and drops out: 11 units, 40 pairable values. */
  g_assert_cmpuint (alpha.n_units, ==, 11);
  g_assert_cmpuint (alpha.n_values, ==, 40);

  assert_3dp (ac1.value, 0.775);
  g_assert_cmpfloat_with_epsilon (ac1.value, 0.77544, 0.000005);
  g_assert_cmpfloat_with_epsilon (ac1.observed, 0.8181818, 1e-7);
  g_assert_cmpfloat_with_epsilon (ac1.expected, 0.1903212, 1e-7);

  g_assert_cmpfloat_with_epsilon (fleiss.value, 0.76117, 0.000005);
  g_assert_cmpfloat_with_epsilon (fleiss.expected, 0.2387153, 1e-7);
}

/* Krippendorff (2011), section A ("Binary or dichotomous data, two
 * observers, no missing data"): 10 units; α = 0.095. */
static void
test_krippendorff_binary (void)
{
  static const guint rows[10 * 2] = {
    1, 2,  2, 2,  1, 2,  1, 1,  1, 1,  1, 2,  1, 1,  1, 1,  2, 1,  1, 1,
  };
  g_autoptr(LimnReliabilityData) data = table_from_rows (rows, 10, 2, 2);
  LimnAgreement alpha = compute (limn_agreement_krippendorff_alpha, data, -1);

  /* By hand: n = 20, n_0 = 14, n_1 = 6, four disagreeing units each adding
   * one o_01 and one o_10: α = 1 − (n − 1) o_01 / (n_0 n_1) = 1 − 19·4/84. */
  assert_3dp (alpha.value, 0.095);
  g_assert_cmpfloat_with_epsilon (alpha.value, 1 - 76.0 / 84.0, 1e-12);
}

/* Wikipedia, "Cohen's kappa", worked example: 50 grant proposals, both
 * readers yes 20, A yes B no 5, A no B yes 10, both no 15; p_o = 0.7,
 * p_e = 0.5, κ = 0.4. */
static void
test_cohen_wikipedia (void)
{
  static const double table[4] = { 20, 5, 10, 15 };
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnReliabilityData) data = table_from_contingency (table, 2);
  LimnAgreement from_table, from_data;

  g_assert_true (limn_agreement_cohen_kappa_table (table, 2, &from_table, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (from_table.observed, 0.7, 1e-12);
  g_assert_cmpfloat_with_epsilon (from_table.expected, 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (from_table.value, 0.4, 1e-12);

  from_data = cohen (data, -1);
  g_assert_cmpfloat_with_epsilon (from_data.value, 0.4, 1e-12);
  g_assert_cmpuint (from_data.n_units, ==, 50);
}

/* irrCAC 1.0 README (Gwet), cont3x3abstractors, 100 units, 2 raters:
 * Cohen's κ 0.7964094, Gwet's AC1 0.8493305, Krippendorff's α 0.7972585. */
static void
test_two_raters_irrcac (void)
{
  static const double table[9] = {
    13, 0, 0,
    0, 20, 7,
    0, 4, 56,
  };
  g_autoptr(LimnReliabilityData) data = table_from_contingency (table, 3);
  LimnAgreement kappa = cohen (data, -1);
  LimnAgreement ac1 = compute (limn_agreement_gwet_ac1, data, -1);
  LimnAgreement alpha = compute (limn_agreement_krippendorff_alpha, data, -1);

  g_assert_cmpfloat_with_epsilon (kappa.value, 0.7964094, 1e-7);
  g_assert_cmpfloat_with_epsilon (ac1.value, 0.8493305, 1e-7);
  g_assert_cmpfloat_with_epsilon (alpha.value, 0.7972585, 1e-7);
  g_assert_cmpfloat_with_epsilon (ac1.observed, 0.89, 1e-12);
}

/* Fleiss (1971), as worked in Wikipedia's "Fleiss' kappa": 10 subjects, 14
 * raters each, 5 categories; P̄ = 0.378, P̄_e = 0.213, κ = 0.210. */
static void
test_fleiss_wikipedia (void)
{
  static const guint counts[10 * 5] = {
    0, 0, 0, 0, 14,
    0, 2, 6, 4, 2,
    0, 0, 3, 5, 6,
    0, 3, 9, 2, 0,
    2, 2, 8, 1, 1,
    7, 7, 0, 0, 0,
    3, 2, 6, 3, 0,
    2, 5, 3, 2, 2,
    6, 5, 2, 1, 0,
    0, 2, 2, 3, 7,
  };
  g_autoptr(LimnReliabilityData) data = table_from_counts (counts, 10, 5);
  LimnAgreement kappa = compute (limn_agreement_fleiss_kappa, data, -1);

  assert_3dp (kappa.observed, 0.378);
  assert_3dp (kappa.expected, 0.213);
  assert_3dp (kappa.value, 0.210);
  g_assert_cmpuint (kappa.n_values, ==, 140);
}

/* irrCAC 1.0 README, distrib.6raters: 15 patients, 6 psychiatrists, 5
 * categories: Gwet's AC1 0.4448007 (p_a 0.5511111, p_e 0.1914815),
 * Fleiss' κ 0.4139265 (p_e 0.2340741), Krippendorff's α 0.4204384. */
static void
test_six_raters_irrcac (void)
{
  static const guint counts[15 * 5] = {
    0, 0, 0, 6, 0,
    0, 3, 0, 0, 3,
    0, 1, 4, 0, 1,
    0, 0, 0, 0, 6,
    0, 3, 0, 3, 0,
    2, 0, 4, 0, 0,
    0, 0, 4, 0, 2,
    2, 0, 3, 1, 0,
    2, 0, 0, 4, 0,
    0, 0, 0, 0, 6,
    1, 0, 0, 5, 0,
    1, 1, 0, 4, 0,
    0, 3, 3, 0, 0,
    1, 0, 0, 5, 0,
    0, 2, 0, 3, 1,
  };
  g_autoptr(LimnReliabilityData) data = table_from_counts (counts, 15, 5);
  LimnAgreement ac1 = compute (limn_agreement_gwet_ac1, data, -1);
  LimnAgreement kappa = compute (limn_agreement_fleiss_kappa, data, -1);
  LimnAgreement alpha = compute (limn_agreement_krippendorff_alpha, data, -1);

  g_assert_cmpfloat_with_epsilon (ac1.value, 0.4448007, 1e-7);
  g_assert_cmpfloat_with_epsilon (ac1.observed, 0.5511111, 1e-7);
  g_assert_cmpfloat_with_epsilon (ac1.expected, 0.1914815, 1e-7);
  g_assert_cmpfloat_with_epsilon (kappa.value, 0.4139265, 1e-7);
  g_assert_cmpfloat_with_epsilon (kappa.expected, 0.2340741, 1e-7);
  g_assert_cmpfloat_with_epsilon (alpha.value, 0.4204384, 1e-7);
}

/* One label against the rest, on Krippendorff's table. Values cross-checked
 * with an independent Python script (counts per unit, the same formulas):
 * α per category 1..5 = 0.72043, 0.66667, 0.74, 0.77714, 1. Category 5
 * appears only in unit 10, where all three coders agree, so α = 1 by hand. */
static void
test_per_label (void)
{
  static const double expected_alpha[5] = { 0.7204301, 0.6666667, 0.74, 0.7771429, 1.0 };
  static const double expected_ac1[5] = { 0.8545455, 0.7746185, 0.8450780, 0.9441156, 1.0 };
  g_autoptr(LimnReliabilityData) data = table_from_rows (krippendorff_2011_c, 12, 4, 5);
  static const guint binary[10 * 2] = {
    1, 2,  2, 2,  1, 2,  1, 1,  1, 1,  1, 2,  1, 1,  1, 1,  2, 1,  1, 1,
  };
  g_autoptr(LimnReliabilityData) two = table_from_rows (binary, 10, 2, 2);
  double all;

  for (int k = 0; k < 5; k++)
    {
      LimnAgreement alpha = compute (limn_agreement_krippendorff_alpha, data, k);
      LimnAgreement ac1 = compute (limn_agreement_gwet_ac1, data, k);

      g_assert_cmpfloat_with_epsilon (alpha.value, expected_alpha[k], 1e-6);
      g_assert_cmpfloat_with_epsilon (ac1.value, expected_ac1[k], 1e-6);
    }

  /* With two categories, one-vs-rest is the same table either way. */
  all = compute (limn_agreement_krippendorff_alpha, two, -1).value;
  g_assert_cmpfloat_with_epsilon (compute (limn_agreement_krippendorff_alpha, two, 0).value,
                                  all, 1e-12);
  g_assert_cmpfloat_with_epsilon (compute (limn_agreement_krippendorff_alpha, two, 1).value,
                                  all, 1e-12);
  g_assert_cmpfloat_with_epsilon (cohen (two, 1).value, cohen (two, -1).value, 1e-12);
}

/* INCEpTION #2219: two annotators who labeled different documents got
 * α = 1.0. Nothing was compared, so every coefficient is undefined. */
static void
test_coders_never_overlap (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnReliabilityData) data = limn_reliability_data_new (3, &error);
  LimnAgreement r;

  for (guint u = 0; u < 10; u++)
    g_assert_true (limn_reliability_data_add (data, u, u < 5 ? 0 : 1, u % 3, NULL));

  r = compute (limn_agreement_krippendorff_alpha, data, -1);
  g_assert_true (isnan (r.value));
  g_assert_cmpint (r.status, ==, LIMN_AGREEMENT_NO_PAIRABLE_UNITS);
  g_assert_cmpuint (r.n_units, ==, 0);
  g_assert_cmpstr (limn_agreement_status_to_string (r.status), ==, "no-pairable-units");

  r = cohen (data, -1);
  g_assert_true (isnan (r.value));
  g_assert_cmpint (r.status, ==, LIMN_AGREEMENT_NO_PAIRABLE_UNITS);

  r = compute (limn_agreement_fleiss_kappa, data, -1);
  g_assert_true (isnan (r.value));
  g_assert_cmpint (r.status, ==, LIMN_AGREEMENT_NO_PAIRABLE_UNITS);

  r = compute (limn_agreement_gwet_ac1, data, 2);
  g_assert_true (isnan (r.value));
  g_assert_cmpint (r.status, ==, LIMN_AGREEMENT_NO_PAIRABLE_UNITS);
}

static void
test_degenerate (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnReliabilityData) empty = limn_reliability_data_new (2, &error);
  g_autoptr(LimnReliabilityData) same = limn_reliability_data_new (4, &error);
  g_autoptr(LimnReliabilityData) single = limn_reliability_data_new (1, &error);
  static const double zeros[4] = { 0, 0, 0, 0 };
  LimnAgreement r;

  /* Nothing at all. */
  r = compute (limn_agreement_krippendorff_alpha, empty, -1);
  g_assert_true (isnan (r.value));
  g_assert_cmpint (r.status, ==, LIMN_AGREEMENT_NO_PAIRABLE_UNITS);
  g_assert_true (limn_agreement_cohen_kappa_table (zeros, 2, &r, &error));
  g_assert_true (isnan (r.value));
  g_assert_cmpint (r.status, ==, LIMN_AGREEMENT_NO_PAIRABLE_UNITS);

  /* Everyone always says category 2: perfect raw agreement, but α and κ
   * are 0/0. AC1 divides by 1 − p_e with p_e = 0 and says 1. */
  for (guint u = 0; u < 20; u++)
    for (guint c = 0; c < 3; c++)
      g_assert_true (limn_reliability_data_add (same, u, c, 2, NULL));

  r = compute (limn_agreement_krippendorff_alpha, same, -1);
  g_assert_true (isnan (r.value));
  g_assert_cmpint (r.status, ==, LIMN_AGREEMENT_NO_VARIATION);
  g_assert_cmpfloat (r.observed, ==, 0);
  g_assert_cmpfloat (r.expected, ==, 0);
  r = compute (limn_agreement_fleiss_kappa, same, -1);
  g_assert_true (isnan (r.value));
  g_assert_cmpint (r.status, ==, LIMN_AGREEMENT_NO_VARIATION);
  r = cohen (same, -1);
  g_assert_true (isnan (r.value));
  g_assert_cmpint (r.status, ==, LIMN_AGREEMENT_NO_VARIATION);
  r = compute (limn_agreement_gwet_ac1, same, -1);
  g_assert_cmpfloat (r.value, ==, 1);
  /* Per label: category 0 is never used, so "0 or not" never varies. */
  r = compute (limn_agreement_krippendorff_alpha, same, 0);
  g_assert_cmpint (r.status, ==, LIMN_AGREEMENT_NO_VARIATION);

  /* One declared category: AC1 has no q − 1 to divide by. */
  for (guint c = 0; c < 2; c++)
    g_assert_true (limn_reliability_data_add (single, 0, c, 0, NULL));
  r = compute (limn_agreement_gwet_ac1, single, -1);
  g_assert_true (isnan (r.value));
  g_assert_cmpint (r.status, ==, LIMN_AGREEMENT_ONE_CATEGORY);
}

/* Label Studio #6155: one label dominates, raw agreement is 96 %, and κ
 * collapses while AC1 stays high. 100 units, two coders: both 0 in 95, A 1
 * and B 0 in 2, A 0 and B 1 in 2, both 1 in 1. By hand: p_o = 0.96; each
 * coder says 1 three times, so p_e(κ) = 0.97² + 0.03² = 0.9418 and
 * κ = 0.0182 / 0.0582 = 0.3127; π_1 = 0.03, p_e(AC1) = 2·0.97·0.03 = 0.0582
 * and AC1 = 0.9018 / 0.9418 = 0.9575. */
static void
test_dominant_label (void)
{
  static const double table[4] = { 95, 2, 2, 1 };
  g_autoptr(LimnReliabilityData) data = table_from_contingency (table, 2);
  LimnAgreement kappa = cohen (data, -1);
  LimnAgreement fleiss = compute (limn_agreement_fleiss_kappa, data, -1);
  LimnAgreement alpha = compute (limn_agreement_krippendorff_alpha, data, -1);
  LimnAgreement ac1 = compute (limn_agreement_gwet_ac1, data, -1);

  g_assert_cmpfloat_with_epsilon (kappa.observed, 0.96, 1e-12);
  g_assert_cmpfloat_with_epsilon (kappa.value, 0.0182 / 0.0582, 1e-9);
  g_assert_cmpfloat_with_epsilon (ac1.value, 0.9018 / 0.9418, 1e-9);
  g_assert_cmpfloat (kappa.value, <, 0.35);
  g_assert_cmpfloat (fleiss.value, <, 0.35);
  g_assert_cmpfloat (alpha.value, <, 0.35);
  g_assert_cmpfloat (ac1.value, >, 0.95);
}

static void
test_errors_and_order (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnReliabilityData) shuffled = NULL;
  g_autoptr(LimnReliabilityData) ordered = table_from_rows (krippendorff_2011_c, 12, 4, 5);
  g_autoptr(GRand) rand = g_rand_new_with_seed (19);
  guint order[48];
  LimnAgreement r;

  g_assert_null (limn_reliability_data_new (0, &error));
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID);
  g_clear_error (&error);

  shuffled = limn_reliability_data_new (5, &error);
  g_assert_false (limn_reliability_data_add (shuffled, 0, 0, 5, &error));
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (limn_reliability_data_add (shuffled, 0, G_MAXUINT32, 0, &error));
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (limn_reliability_data_add (shuffled, LIMN_RELIABILITY_MAX_INDEX + 1, 0, 0,
                                             &error));
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID);
  g_clear_error (&error);

  /* The same cells added in a random order: the same α. */
  for (guint i = 0; i < 48; i++)
    order[i] = i;
  for (guint i = 47; i > 0; i--)
    {
      guint j = g_rand_int_range (rand, 0, i + 1), t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  for (guint i = 0; i < 48; i++)
    if (krippendorff_2011_c[order[i]] != MISSING)
      g_assert_true (limn_reliability_data_add (shuffled, order[i] / 4, order[i] % 4,
                                                krippendorff_2011_c[order[i]] - 1, NULL));
  g_assert_cmpuint (limn_reliability_data_get_n_values (shuffled), ==, 41);
  g_assert_cmpuint (limn_reliability_data_get_n_units (shuffled), ==, 12);
  g_assert_cmpuint (limn_reliability_data_get_n_coders (shuffled), ==, 4);
  g_assert_cmpfloat_with_epsilon (compute (limn_agreement_krippendorff_alpha, shuffled, -1).value,
                                  compute (limn_agreement_krippendorff_alpha, ordered, -1).value,
                                  1e-12);

  /* Unit order first, then not: the table switches to sorting lazily and
   * still gives the same α. */
  {
    g_autoptr(LimnReliabilityData) half = limn_reliability_data_new (5, NULL);

    for (guint pass = 0; pass < 2; pass++)
      for (guint i = 0; i < 48; i++)
        if (krippendorff_2011_c[i] != MISSING && (i % 4 < 2) == (pass == 0))
          g_assert_true (limn_reliability_data_add (half, i / 4, i % 4,
                                                    krippendorff_2011_c[i] - 1, NULL));
    g_assert_cmpfloat_with_epsilon (compute (limn_agreement_krippendorff_alpha, half, -1).value,
                                    0.74342, 0.000005);
  }

  /* In unit order a second value for a cell is refused at once... */
  {
    g_autoptr(LimnReliabilityData) twice = limn_reliability_data_new (2, NULL);

    g_assert_true (limn_reliability_data_add (twice, 0, 0, 0, NULL));
    g_assert_true (limn_reliability_data_add (twice, 1, 0, 0, NULL));
    g_assert_false (limn_reliability_data_add (twice, 1, 0, 1, &error));
    g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_DUPLICATE);
    g_clear_error (&error);
    g_assert_cmpuint (limn_reliability_data_get_n_values (twice), ==, 2);
  }

  /* ...and out of order by the next computation. */
  g_assert_true (limn_reliability_data_add (shuffled, 3, 2, 0, NULL));
  g_assert_false (limn_agreement_krippendorff_alpha (shuffled, -1, &r, &error));
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_DUPLICATE);
  g_clear_error (&error);

  /* Bad arguments are errors, not assertions. */
  g_assert_false (limn_agreement_gwet_ac1 (ordered, 5, &r, &error));
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (limn_agreement_cohen_kappa (ordered, 1, 1, -1, &r, &error));
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID);
  g_clear_error (&error);
  {
    static const double negative[4] = { 1, -1, 0, 2 };
    g_assert_false (limn_agreement_cohen_kappa_table (negative, 2, &r, &error));
    g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/agreement/krippendorff-2011-nominal-missing",
                   test_krippendorff_nominal_missing);
  g_test_add_func ("/agreement/krippendorff-2011-binary", test_krippendorff_binary);
  g_test_add_func ("/agreement/cohen-wikipedia", test_cohen_wikipedia);
  g_test_add_func ("/agreement/two-raters-irrcac", test_two_raters_irrcac);
  g_test_add_func ("/agreement/fleiss-wikipedia", test_fleiss_wikipedia);
  g_test_add_func ("/agreement/six-raters-irrcac", test_six_raters_irrcac);
  g_test_add_func ("/agreement/per-label", test_per_label);
  g_test_add_func ("/agreement/coders-never-overlap", test_coders_never_overlap);
  g_test_add_func ("/agreement/degenerate", test_degenerate);
  g_test_add_func ("/agreement/dominant-label", test_dominant_label);
  g_test_add_func ("/agreement/errors-and-order", test_errors_and_order);

  return g_test_run ();
}
