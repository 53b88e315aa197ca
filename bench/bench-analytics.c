/* bench-analytics.c
 *
 * Quality analytics on 1,000,000 labels (200,000 items × 5 workers drawn
 * from 1,000, 4 classes, workers from 50 % to 95 % accurate): Krippendorff's
 * α, majority vote, Dawid–Skene and GLAD (10 EM iterations each), each
 * against a plain single pass over the same labels in the same run, which
 * reads every label once and counts it by class.
 *
 * Issue 19: α within 5× of that pass; Dawid–Skene ≤ 1 s per 10 iterations.
 *
 *   build/bench/bench-analytics [RUNS]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "analytics/limn-agreement.h"
#include "analytics/limn-truth.h"

#define N_ITEMS    200000
#define PER_ITEM   5
#define N_WORKERS  1000
#define N_CLASSES  4
#define N_LABELS   (N_ITEMS * PER_ITEM)

typedef struct
{
  guint32 item;
  guint32 worker;
  guint32 label;
} Label;

static Label *
simulate (guint32 *truth_of)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (19);
  double accuracy[N_WORKERS];
  Label *labels = g_new (Label, N_LABELS);
  gsize n = 0;

  for (guint w = 0; w < N_WORKERS; w++)
    accuracy[w] = g_rand_double_range (rand, 0.5, 0.95);

  for (guint u = 0; u < N_ITEMS; u++)
    {
      guint truth = g_rand_int_range (rand, 0, N_CLASSES);
      guint first = g_rand_int_range (rand, 0, N_WORKERS);

      truth_of[u] = truth;
      /* PER_ITEM distinct workers: a random start and a stride that steps
       * through consecutive workers. */
      for (guint i = 0; i < PER_ITEM; i++)
        {
          guint w = (first + i * 7) % N_WORKERS;
          guint label = g_rand_double (rand) < accuracy[w]
                        ? truth : (truth + g_rand_int_range (rand, 1, N_CLASSES)) % N_CLASSES;

          labels[n++] = (Label) { u, w, label };
        }
    }

  return labels;
}

static LimnReliabilityData *
table (const Label *labels,
       gsize        n)
{
  LimnReliabilityData *data = limn_reliability_data_new (N_CLASSES, NULL);

  for (gsize i = 0; i < n; i++)
    limn_reliability_data_add (data, labels[i].item, labels[i].worker, labels[i].label, NULL);

  return data;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *ms,
        guint   n)
{
  qsort (ms, n, sizeof (double), compare_doubles);
  return ms[n / 2];
}

/* The floor: one pass, every label read once and counted by class. */
static volatile guint64 sink;

static double
single_pass (const Label *labels)
{
  guint64 counts[N_CLASSES] = { 0 };
  gint64 start = g_get_monotonic_time ();

  for (gsize i = 0; i < N_LABELS; i++)
    counts[labels[i].label]++;
  sink = counts[0] + counts[N_CLASSES - 1];

  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
time_alpha (const Label *labels,
            gboolean     fresh,
            double      *alpha)
{
  g_autoptr(LimnReliabilityData) data = table (labels, N_LABELS);
  LimnAgreement result;
  gint64 start;

  if (!fresh)
    limn_agreement_krippendorff_alpha (data, LIMN_AGREEMENT_ALL_CATEGORIES, &result, NULL);

  start = g_get_monotonic_time ();
  limn_agreement_krippendorff_alpha (data, LIMN_AGREEMENT_ALL_CATEGORIES, &result, NULL);
  *alpha = result.value;
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The same labels added in a random order: the first α sorts them. */
static double
time_alpha_shuffled (const Label *shuffled,
                     double      *alpha)
{
  g_autoptr(LimnReliabilityData) data = table (shuffled, N_LABELS);
  LimnAgreement result;
  gint64 start = g_get_monotonic_time ();

  limn_agreement_krippendorff_alpha (data, LIMN_AGREEMENT_ALL_CATEGORIES, &result, NULL);
  *alpha = result.value;
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
time_truth (LimnReliabilityData *data,
            LimnTruthMethod      method,
            const guint32       *truth_of,
            double              *accuracy)
{
  g_autoptr(LimnTruth) t = NULL;
  LimnTruthOptions options;
  gint64 start;
  guint right = 0;

  limn_truth_options_init (&options);
  options.max_iterations = 10;
  options.tolerance = 0;   /* all 10 iterations */

  start = g_get_monotonic_time ();
  t = limn_truth_infer (data, method, &options, NULL);
  start = g_get_monotonic_time () - start;

  for (guint u = 0; u < N_ITEMS; u++)
    right += t->labels[u] == (int) truth_of[u];
  *accuracy = (double) right / N_ITEMS;
  return start / 1000.0;
}

static void
row (const char *name,
     double      ms,
     double      floor_ms,
     const char *note)
{
  printf ("%-52s %9.1f ms %8.1fx   %s\n", name, ms, ms / floor_ms, note);
}

int
main (int   argc,
      char *argv[])
{
  guint runs = argc > 1 ? MAX (atoi (argv[1]), 1) : 5;
  g_autofree guint32 *truth_of = g_new (guint32, N_ITEMS);
  g_autofree Label *labels = simulate (truth_of);
  g_autoptr(LimnReliabilityData) data = NULL;
  g_autofree double *pass = g_new (double, runs);
  g_autofree double *alpha_first = g_new (double, runs);
  g_autofree double *alpha_cached = g_new (double, runs);
  g_autofree double *build = g_new (double, runs);
  g_autofree double *alpha_shuffled = g_new (double, runs);
  g_autofree Label *shuffled = g_memdup2 (labels, sizeof (Label) * N_LABELS);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  double alpha_check = 0;
  double mv[3], ds[3], glad[3], acc_mv = 0, acc_ds = 0, acc_glad = 0, alpha = 0;
  double floor_ms;
  g_autofree char *note = NULL;

  for (gsize i = N_LABELS - 1; i > 0; i--)
    {
      gsize j = g_rand_int_range (rand, 0, i + 1);
      Label t = shuffled[i];

      shuffled[i] = shuffled[j];
      shuffled[j] = t;
    }

  for (guint r = 0; r < runs; r++)
    {
      gint64 start;

      pass[r] = single_pass (labels);
      alpha_first[r] = time_alpha (labels, TRUE, &alpha);
      alpha_cached[r] = time_alpha (labels, FALSE, &alpha);
      alpha_shuffled[r] = time_alpha_shuffled (shuffled, &alpha_check);

      start = g_get_monotonic_time ();
      g_clear_pointer (&data, limn_reliability_data_free);
      data = table (labels, N_LABELS);
      build[r] = (g_get_monotonic_time () - start) / 1000.0;
    }

  for (guint r = 0; r < 3; r++)
    {
      mv[r] = time_truth (data, LIMN_TRUTH_MAJORITY_VOTE, truth_of, &acc_mv);
      ds[r] = time_truth (data, LIMN_TRUTH_DAWID_SKENE, truth_of, &acc_ds);
      glad[r] = time_truth (data, LIMN_TRUTH_GLAD, truth_of, &acc_glad);
    }

  floor_ms = median (pass, runs);
  printf ("%d labels: %d items x %d of %d workers, %d classes; medians of %u runs "
           "(truth inference: 3)\n\n", N_LABELS, N_ITEMS, PER_ITEM, N_WORKERS, N_CLASSES, runs);
  printf ("%-52s %12s %9s\n", "", "time", "x pass");
  row ("single pass (count every label by class)", floor_ms, floor_ms, "the floor");
  row ("building the table (1,000,000 adds in unit order)", median (build, runs), floor_ms, "");
  note = g_strdup_printf ("alpha = %.4f; target <= 5x", alpha);
  row ("Krippendorff's alpha", median (alpha_first, runs), floor_ms, note);
  row ("Krippendorff's alpha, again", median (alpha_cached, runs), floor_ms, "");
  g_clear_pointer (&note, g_free);
  note = g_strdup_printf ("alpha = %.4f (sorts first)", alpha_check);
  row ("Krippendorff's alpha, added out of unit order", median (alpha_shuffled, runs), floor_ms,
       note);
  g_clear_pointer (&note, g_free);
  note = g_strdup_printf ("accuracy %.4f", acc_mv);
  row ("majority vote", median (mv, 3), floor_ms, note);
  g_clear_pointer (&note, g_free);
  note = g_strdup_printf ("accuracy %.4f; target <= 1,000 ms", acc_ds);
  row ("Dawid-Skene, 10 EM iterations", median (ds, 3), floor_ms, note);
  g_clear_pointer (&note, g_free);
  note = g_strdup_printf ("accuracy %.4f", acc_glad);
  row ("GLAD, 10 EM iterations", median (glad, 3), floor_ms, note);

  return 0;
}
