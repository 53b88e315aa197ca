/* test-region-match.c
 *
 * The assignment solver against brute force, then box and span matching on
 * cases built so that the rules documented in limn-region-match.h decide.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "analytics/limn-assignment.h"
#include "analytics/limn-region-match.h"
#include "model/limn-geometry.h"

static void
test_assignment_textbook (void)
{
  /* Min-cost 3 × 3: rows to columns 1, 0, 2 cost 1 + 2 + 2 = 5 (every other
   * permutation costs more; checked by hand). */
  static const double cost[9] = {
    4, 1, 3,
    2, 0, 5,
    3, 2, 2,
  };
  int row_to_col[3];
  g_autoptr(GError) error = NULL;

  g_assert_true (limn_assignment_solve (cost, 3, 3, row_to_col, &error));
  g_assert_no_error (error);
  g_assert_cmpint (row_to_col[0], ==, 1);
  g_assert_cmpint (row_to_col[1], ==, 0);
  g_assert_cmpint (row_to_col[2], ==, 2);
}

static double
brute_force (const double *cost,
             guint         n_rows,
             guint         n_cols,
             guint         row,
             guint         used)
{
  double best = INFINITY;

  if (row == n_rows)
    return 0;

  for (guint j = 0; j < n_cols; j++)
    if (!(used & (1u << j)))
      best = MIN (best, cost[row * n_cols + j] +
                  brute_force (cost, n_rows, n_cols, row + 1, used | (1u << j)));

  return best;
}

/* Random rectangular matrices (more columns than rows, and transposed)
 * against trying every assignment. */
static void
test_assignment_brute_force (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);

  for (guint trial = 0; trial < 300; trial++)
    {
      guint n_rows = g_rand_int_range (rand, 1, 6);
      guint n_cols = g_rand_int_range (rand, n_rows, 7);
      gboolean transpose = trial % 2;
      double cost[6 * 7], t[6 * 7];
      int row_to_col[7];
      double total = 0;
      guint assigned = 0;

      for (guint i = 0; i < n_rows * n_cols; i++)
        cost[i] = g_rand_int_range (rand, 0, 10) / 4.0;   /* many ties */

      if (!transpose)
        {
          g_assert_true (limn_assignment_solve (cost, n_rows, n_cols, row_to_col, NULL));
          for (guint i = 0; i < n_rows; i++)
            {
              g_assert_cmpint (row_to_col[i], >=, 0);
              total += cost[i * n_cols + row_to_col[i]];
              assigned++;
            }
        }
      else
        {
          for (guint i = 0; i < n_rows; i++)
            for (guint j = 0; j < n_cols; j++)
              t[j * n_rows + i] = cost[i * n_cols + j];
          g_assert_true (limn_assignment_solve (t, n_cols, n_rows, row_to_col, NULL));
          for (guint j = 0; j < n_cols; j++)
            if (row_to_col[j] >= 0)
              {
                total += t[j * n_rows + row_to_col[j]];
                assigned++;
              }
        }

      g_assert_cmpuint (assigned, ==, n_rows);
      g_assert_cmpfloat_with_epsilon (total, brute_force (cost, n_rows, n_cols, 0, 0), 1e-9);
    }

  {
    double bad[1] = { NAN };
    int r[1];
    g_autoptr(GError) error = NULL;

    g_assert_false (limn_assignment_solve (bad, 1, 1, r, &error));
    g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID);
  }
}

static GArray *
match_boxes (const LimnLabeledBox *a,
             guint                 n_a,
             const LimnLabeledBox *b,
             guint                 n_b,
             double                min_iou,
             LimnLabelRule         rule)
{
  g_autoptr(GError) error = NULL;
  GArray *m = limn_match_boxes (a, n_a, b, n_b, min_iou, rule, &error);

  g_assert_no_error (error);
  g_assert_nonnull (m);
  return m;
}

/* Greedy, as many tools do it: the best remaining IoU first. */
static guint
greedy_matches (const LimnLabeledBox *a,
                guint                 n_a,
                const LimnLabeledBox *b,
                guint                 n_b,
                double                min_iou)
{
  gboolean used_a[8] = { 0 }, used_b[8] = { 0 };
  guint n = 0;

  for (;;)
    {
      double best = 0;
      guint bi = 0, bj = 0;

      for (guint i = 0; i < n_a; i++)
        for (guint j = 0; j < n_b; j++)
          if (!used_a[i] && !used_b[j] && limn_box_iou (&a[i].box, &b[j].box) > best)
            {
              best = limn_box_iou (&a[i].box, &b[j].box);
              bi = i;
              bj = j;
            }

      if (best < min_iou)
        return n;
      used_a[bi] = used_b[bj] = TRUE;
      n++;
    }
}

/* A1 overlaps B1 by IoU 90/110 = 0.82 and B2 by 60/140 = 0.43; A2 overlaps B1 by 0.43
 * and B2 by 10/190 = 0.05. At IoU ≥ 0.4 greedy takes A1–B1 and leaves A2
 * alone (1 match); the optimal matching is A1–B2 and A2–B1 (2 matches). */
static void
test_optimal_beats_greedy (void)
{
  LimnLabeledBox a[2] = {
    { { 0, 0, 10, 10 }, 0 },
    { { 5, 0, 10, 10 }, 0 },
  };
  LimnLabeledBox b[2] = {
    { { 1, 0, 10, 10 }, 0 },
    { { -4, 0, 10, 10 }, 0 },
  };
  g_autoptr(GArray) m = match_boxes (a, 2, b, 2, 0.4, LIMN_MATCH_SAME_LABEL);
  LimnMatchCounts counts = { m->len, 2, 2 };
  double f1;

  g_assert_cmpfloat_with_epsilon (limn_box_iou (&a[0].box, &b[0].box), 90.0 / 110.0, 1e-12);
  g_assert_cmpuint (greedy_matches (a, 2, b, 2, 0.4), ==, 1);

  g_assert_cmpuint (m->len, ==, 2);
  g_assert_cmpuint (g_array_index (m, LimnMatch, 0).a, ==, 0);
  g_assert_cmpuint (g_array_index (m, LimnMatch, 0).b, ==, 1);
  g_assert_cmpuint (g_array_index (m, LimnMatch, 1).a, ==, 1);
  g_assert_cmpuint (g_array_index (m, LimnMatch, 1).b, ==, 0);
  g_assert_cmpfloat_with_epsilon (g_array_index (m, LimnMatch, 1).iou, 60.0 / 140.0, 1e-12);

  limn_match_counts_scores (&counts, NULL, NULL, &f1);
  g_assert_cmpfloat (f1, ==, 1.0);
}

/* With as many pairs possible either way, the larger total IoU wins: A1–B1
 * 0.82 + A2–B2 0.82 over A1–B2 + A2–B1. Labels must agree unless told
 * otherwise; IoU exactly at the threshold counts. */
static void
test_box_rules (void)
{
  LimnLabeledBox a[2] = {
    { { 0, 0, 10, 10 }, 1 },
    { { 20, 0, 10, 10 }, 2 },
  };
  LimnLabeledBox b[3] = {
    { { 21, 0, 10, 10 }, 2 },   /* A2 at 0.818 */
    { { 1, 0, 10, 10 }, 1 },    /* A1 at 0.818 */
    { { 0, 0, 10, 5 }, 3 },     /* A1 at exactly 0.5, another label */
  };
  g_autoptr(GArray) same = match_boxes (a, 2, b, 3, 0.5, LIMN_MATCH_SAME_LABEL);
  g_autoptr(GArray) any = match_boxes (a, 2, b, 3, 0.5, LIMN_MATCH_ANY_LABEL);
  g_autoptr(GArray) strict = match_boxes (a, 2, b, 3, 0.85, LIMN_MATCH_ANY_LABEL);
  g_autoptr(GArray) empty = match_boxes (a, 0, b, 3, 0.5, LIMN_MATCH_ANY_LABEL);
  g_autoptr(GError) error = NULL;
  LimnLabeledBox bad = { { 0, 0, -1, 5 }, 0 };

  g_assert_cmpuint (same->len, ==, 2);
  g_assert_cmpuint (g_array_index (same, LimnMatch, 0).b, ==, 1);
  g_assert_cmpuint (g_array_index (same, LimnMatch, 1).b, ==, 0);
  /* Ignoring labels, A1 could take B3 (0.5) but B2 (0.818) gives more IoU. */
  g_assert_cmpuint (any->len, ==, 2);
  g_assert_cmpuint (g_array_index (any, LimnMatch, 0).b, ==, 1);
  g_assert_cmpuint (strict->len, ==, 0);
  g_assert_cmpuint (empty->len, ==, 0);

  {
    LimnLabeledBox half[1] = { { { 0, 0, 10, 5 }, 1 } };
    g_autoptr(GArray) at = match_boxes (a, 1, half, 1, 0.5, LIMN_MATCH_SAME_LABEL);
    g_assert_cmpuint (at->len, ==, 1);
  }

  g_assert_null (limn_match_boxes (a, 2, b, 3, 0, LIMN_MATCH_ANY_LABEL, &error));
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (limn_match_boxes (a, 2, &bad, 1, 0.5, LIMN_MATCH_ANY_LABEL, &error));
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID);
}

static GArray *
match_spans (const LimnLabeledSpan *a,
             guint                  n_a,
             const LimnLabeledSpan *b,
             guint                  n_b,
             LimnSpanRule           span_rule,
             LimnLabelRule          label_rule)
{
  g_autoptr(GError) error = NULL;
  GArray *m = limn_match_spans (a, n_a, b, n_b, span_rule, label_rule, &error);

  g_assert_no_error (error);
  g_assert_nonnull (m);
  return m;
}

static void
test_spans_exact_and_overlap (void)
{
  static const LimnLabeledSpan a[3] = {
    { 0, 5, 0 }, { 10, 20, 0 }, { 30, 35, 1 },
  };
  static const LimnLabeledSpan b[4] = {
    { 0, 5, 0 }, { 12, 20, 0 }, { 30, 35, 0 }, { 40, 45, 0 },
  };
  g_autoptr(GArray) exact = match_spans (a, 3, b, 4, LIMN_SPAN_MATCH_EXACT,
                                         LIMN_MATCH_SAME_LABEL);
  g_autoptr(GArray) exact_any = match_spans (a, 3, b, 4, LIMN_SPAN_MATCH_EXACT,
                                             LIMN_MATCH_ANY_LABEL);
  g_autoptr(GArray) overlap = match_spans (a, 3, b, 4, LIMN_SPAN_MATCH_OVERLAP,
                                           LIMN_MATCH_SAME_LABEL);
  g_autoptr(GArray) overlap_any = match_spans (a, 3, b, 4, LIMN_SPAN_MATCH_OVERLAP,
                                               LIMN_MATCH_ANY_LABEL);
  LimnMatchCounts counts = { 0, 3, 4 };
  double precision, recall, f1;

  g_assert_cmpuint (exact->len, ==, 1);
  g_assert_cmpuint (exact_any->len, ==, 2);
  g_assert_cmpuint (overlap->len, ==, 2);
  g_assert_cmpfloat_with_epsilon (g_array_index (overlap, LimnMatch, 1).iou, 0.8, 1e-12);
  g_assert_cmpuint (overlap_any->len, ==, 3);

  counts.matched = overlap->len;
  limn_match_counts_scores (&counts, &precision, &recall, &f1);
  g_assert_cmpfloat_with_epsilon (precision, 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (recall, 2.0 / 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (f1, 4.0 / 7.0, 1e-12);
}

/* One-to-one: a long span over two short ones matches only one of them, the
 * one sharing more of it ([40, 60) has IoU 0.2, [0, 10) 0.1). Adjacent
 * spans ([0, 5) and [5, 9)) share no character. */
static void
test_spans_one_to_one (void)
{
  static const LimnLabeledSpan a[2] = { { 0, 100, 0 }, { 200, 205, 0 } };
  static const LimnLabeledSpan b[3] = { { 0, 10, 0 }, { 40, 60, 0 }, { 205, 210, 0 } };
  static const LimnLabeledSpan bad[1] = { { 7, 7, 0 } };
  g_autoptr(GArray) m = match_spans (a, 2, b, 3, LIMN_SPAN_MATCH_OVERLAP, LIMN_MATCH_SAME_LABEL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (m->len, ==, 1);
  g_assert_cmpuint (g_array_index (m, LimnMatch, 0).b, ==, 1);
  g_assert_cmpfloat_with_epsilon (g_array_index (m, LimnMatch, 0).iou, 0.2, 1e-12);

  g_assert_null (limn_match_spans (a, 2, bad, 1, LIMN_SPAN_MATCH_OVERLAP, LIMN_MATCH_ANY_LABEL,
                                   &error));
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID);
}

/* Per character: A covers 0–9, B 5–14 of a 20-character text; both cover
 * 5–9, so 5 matched of 10 and 10: F1 = 0.5. For label 1 only A's second
 * span [16, 18) counts. */
static void
test_character_level (void)
{
  static const LimnLabeledSpan a[2] = { { 0, 10, 0 }, { 16, 18, 1 } };
  static const LimnLabeledSpan b[1] = { { 5, 15, 0 } };
  static const LimnLabeledSpan outside[1] = { { 15, 21, 0 } };
  LimnMatchCounts counts;
  LimnMatchCounts none = { 0, 0, 0 };
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *mask = NULL;
  double f1, precision;

  g_assert_true (limn_span_character_counts (20, a, 2, b, 1, 0, &counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts.matched, ==, 5);
  g_assert_cmpuint (counts.n_a, ==, 10);
  g_assert_cmpuint (counts.n_b, ==, 10);
  limn_match_counts_scores (&counts, NULL, NULL, &f1);
  g_assert_cmpfloat_with_epsilon (f1, 0.5, 1e-12);

  g_assert_true (limn_span_character_counts (20, a, 2, b, 1, -1, &counts, &error));
  g_assert_cmpuint (counts.n_a, ==, 12);
  g_assert_true (limn_span_character_counts (20, a, 2, b, 1, 1, &counts, &error));
  g_assert_cmpuint (counts.matched, ==, 0);
  g_assert_cmpuint (counts.n_a, ==, 2);
  g_assert_cmpuint (counts.n_b, ==, 0);
  limn_match_counts_scores (&counts, &precision, NULL, &f1);
  g_assert_true (isnan (precision));
  g_assert_cmpfloat (f1, ==, 0);

  limn_match_counts_scores (&none, NULL, NULL, &f1);
  g_assert_true (isnan (f1));

  mask = limn_span_character_mask (20, outside, 1, -1, &error);
  g_assert_null (mask);
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID);
}

/* The best (most pairs, then largest total IoU) of A[i..] against the B
 * not in @used, by trying every pairing. */
static void
best_pairing (const LimnLabeledBox *a,
              guint                 n_a,
              const LimnLabeledBox *b,
              guint                 n_b,
              double                min_iou,
              guint                 i,
              guint                 used,
              guint                *count,
              double               *total)
{
  guint best_count;
  double best_total;

  if (i == n_a)
    {
      *count = 0;
      *total = 0;
      return;
    }

  /* A[i] left alone. */
  best_pairing (a, n_a, b, n_b, min_iou, i + 1, used, &best_count, &best_total);

  for (guint j = 0; j < n_b; j++)
    {
      double iou = limn_box_iou (&a[i].box, &b[j].box);
      guint c;
      double t;

      if ((used & (1u << j)) || iou < min_iou)
        continue;
      best_pairing (a, n_a, b, n_b, min_iou, i + 1, used | (1u << j), &c, &t);
      c++;
      t += iou;
      if (c > best_count || (c == best_count && t > best_total + 1e-12))
        {
          best_count = c;
          best_total = t;
        }
    }

  *count = best_count;
  *total = best_total;
}

/* Boxes of very different widths, some wide enough that a left edge far
 * off still pairs: the candidate search by left edge must find every
 * pair a scan of all of them would. */
static void
test_box_candidates (void)
{
  static const double thresholds[] = { 0.05, 0.3, 0.5, 0.9 };
  GRand *rand = g_rand_new_with_seed (11);

  for (guint round = 0; round < 300; round++)
    {
      LimnLabeledBox a[6], b[6];
      double t = thresholds[round % G_N_ELEMENTS (thresholds)];
      g_autoptr(GArray) matches = NULL;
      g_autoptr(GError) error = NULL;
      guint count;
      double total, sum = 0;

      for (guint k = 0; k < 6; k++)
        {
          double wa = g_rand_int_range (rand, 0, 4) == 0 ? g_rand_double_range (rand, 60, 200)
                                                         : g_rand_double_range (rand, 1, 40);
          double wb = g_rand_int_range (rand, 0, 4) == 0 ? g_rand_double_range (rand, 60, 200)
                                                         : g_rand_double_range (rand, 1, 40);

          a[k] = (LimnLabeledBox) { { g_rand_double_range (rand, 0, 80), g_rand_double_range (rand, 0, 30),
                                      wa, g_rand_double_range (rand, 5, 30) }, 0 };
          b[k] = (LimnLabeledBox) { { g_rand_double_range (rand, 0, 80), g_rand_double_range (rand, 0, 30),
                                      wb, g_rand_double_range (rand, 5, 30) }, 0 };
        }

      matches = limn_match_boxes (a, 6, b, 6, t, LIMN_MATCH_ANY_LABEL, &error);
      g_assert_no_error (error);
      best_pairing (a, 6, b, 6, t, 0, 0, &count, &total);
      for (guint m = 0; m < matches->len; m++)
        sum += g_array_index (matches, LimnMatch, m).iou;
      g_assert_cmpuint (matches->len, ==, count);
      g_assert_cmpfloat_with_epsilon (sum, total, 1e-9);
    }

  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/region-match/assignment-textbook", test_assignment_textbook);
  g_test_add_func ("/region-match/assignment-brute-force", test_assignment_brute_force);
  g_test_add_func ("/region-match/optimal-beats-greedy", test_optimal_beats_greedy);
  g_test_add_func ("/region-match/box-rules", test_box_rules);
  g_test_add_func ("/region-match/box-candidates", test_box_candidates);
  g_test_add_func ("/region-match/spans-exact-and-overlap", test_spans_exact_and_overlap);
  g_test_add_func ("/region-match/spans-one-to-one", test_spans_one_to_one);
  g_test_add_func ("/region-match/character-level", test_character_level);

  return g_test_run ();
}
