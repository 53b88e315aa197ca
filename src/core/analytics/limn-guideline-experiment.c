/* limn-guideline-experiment.c
 *
 * Effects of a guideline version on agreement and gold accuracy, paired by
 * item, with a percentile bootstrap over items (docs/metrics.md §10).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdlib.h>

#include "limn-guideline-experiment.h"

typedef struct
{
  guint  answers;       /* m */
  guint *present;       /* per label: answers that have it */
  guint  gold_answers;  /* answers judged against gold overall */
  guint  gold_right;
} ArmItem;

struct _LimnGuidelineExperiment
{
  guint     n_items;
  guint     n_labels;
  gboolean *has_gold;   /* n_items */
  gboolean *gold;       /* n_items × n_labels */
  ArmItem  *arms[2];    /* n_items each */
  guint    *present;    /* storage of every ArmItem's present */
};

LimnGuidelineExperiment *
limn_guideline_experiment_new (guint n_items,
                               guint n_labels)
{
  LimnGuidelineExperiment *exp = g_new0 (LimnGuidelineExperiment, 1);

  exp->n_items = n_items;
  exp->n_labels = n_labels;
  exp->has_gold = g_new0 (gboolean, MAX (n_items, 1));
  exp->gold = g_new0 (gboolean, MAX ((gsize)n_items * n_labels, 1));
  exp->present = g_new0 (guint, MAX ((gsize)2 * n_items * n_labels, 1));
  for (guint a = 0; a < 2; a++)
    {
      exp->arms[a] = g_new0 (ArmItem, MAX (n_items, 1));
      for (guint i = 0; i < n_items; i++)
        exp->arms[a][i].present = exp->present + ((gsize)a * n_items + i) * n_labels;
    }
  return exp;
}

void
limn_guideline_experiment_free (LimnGuidelineExperiment *exp)
{
  if (exp == NULL)
    return;
  g_free (exp->has_gold);
  g_free (exp->gold);
  g_free (exp->present);
  g_free (exp->arms[0]);
  g_free (exp->arms[1]);
  g_free (exp);
}

static gboolean
check_item (LimnGuidelineExperiment  *exp,
            guint                     item,
            GError                  **error)
{
  if (item < exp->n_items)
    return TRUE;
  g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
               _("Item %u is not one of the %u items"), item, exp->n_items);
  return FALSE;
}

gboolean
limn_guideline_experiment_set_gold (LimnGuidelineExperiment  *exp,
                                    guint                     item,
                                    const gboolean           *has_label,
                                    GError                  **error)
{
  g_return_val_if_fail (exp != NULL, FALSE);
  g_return_val_if_fail (has_label != NULL || exp->n_labels == 0, FALSE);

  if (!check_item (exp, item, error))
    return FALSE;
  /* Answers already added were judged without it. */
  if (exp->arms[0][item].answers > 0 || exp->arms[1][item].answers > 0)
    {
      g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
                   _("The gold answer of item %u comes after its answers"), item);
      return FALSE;
    }
  exp->has_gold[item] = TRUE;
  for (guint k = 0; k < exp->n_labels; k++)
    exp->gold[(gsize)item * exp->n_labels + k] = has_label[k] != FALSE;
  return TRUE;
}

gboolean
limn_guideline_experiment_add_answer (LimnGuidelineExperiment  *exp,
                                      guint                     item,
                                      LimnExperimentArm         arm,
                                      const gboolean           *has_label,
                                      int                       right,
                                      GError                  **error)
{
  ArmItem *ai;

  g_return_val_if_fail (exp != NULL, FALSE);
  g_return_val_if_fail (has_label != NULL || exp->n_labels == 0, FALSE);

  if (!check_item (exp, item, error))
    return FALSE;
  if (arm != LIMN_EXPERIMENT_ARM_A && arm != LIMN_EXPERIMENT_ARM_B)
    {
      g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
                   _("An experiment has two arms, A and B"));
      return FALSE;
    }
  ai = &exp->arms[arm][item];
  ai->answers++;
  for (guint k = 0; k < exp->n_labels; k++)
    ai->present[k] += has_label[k] ? 1 : 0;

  if (right < 0 && exp->has_gold[item])
    {
      const gboolean *gold = exp->gold + (gsize)item * exp->n_labels;

      right = 1;
      for (guint k = 0; k < exp->n_labels && right; k++)
        if ((has_label[k] != FALSE) != gold[k])
          right = 0;
    }
  if (right >= 0)
    {
      ai->gold_answers++;
      ai->gold_right += right ? 1 : 0;
    }
  return TRUE;
}

/* Share of ordered pairs of distinct answers that agree on presence. */
static double
pair_agreement (guint m,
                guint c)
{
  if (m < 2)
    return NAN;
  return ((double)c * (c - 1) + (double)(m - c) * (m - c - 1)) / ((double)m * (m - 1));
}

static double
arm_agreement (const LimnGuidelineExperiment *exp,
               const ArmItem                 *ai,
               int                            label)
{
  double sum = 0;

  if (label >= 0)
    return pair_agreement (ai->answers, ai->present[label]);
  if (ai->answers < 2 || exp->n_labels == 0)
    return NAN;
  for (guint k = 0; k < exp->n_labels; k++)
    sum += pair_agreement (ai->answers, ai->present[k]);
  return sum / exp->n_labels;
}

static double
arm_gold (const LimnGuidelineExperiment *exp,
          guint                          item,
          const ArmItem                 *ai,
          int                            label)
{
  if (label < 0)
    return ai->gold_answers > 0 ? (double)ai->gold_right / ai->gold_answers : NAN;
  if (!exp->has_gold[item] || ai->answers == 0)
    return NAN;
  if (exp->gold[(gsize)item * exp->n_labels + label])
    return (double)ai->present[label] / ai->answers;
  return (double)(ai->answers - ai->present[label]) / ai->answers;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

/* Type 7 quantile of sorted @v. */
static double
quantile (const double *v,
          guint         n,
          double        p)
{
  double h, lo;
  guint i;

  if (n == 0)
    return NAN;
  h = (n - 1) * p;
  lo = floor (h);
  i = (guint)lo;
  if (i + 1 >= n)
    return v[n - 1];
  return v[i] + (h - lo) * (v[i + 1] - v[i]);
}

LimnExperimentResult *
limn_guideline_experiment_compute (LimnGuidelineExperiment  *exp,
                                   guint                     resamples,
                                   guint32                   seed,
                                   GError                  **error)
{
  g_autoptr(LimnExperimentResult) result = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autofree double *d = NULL, *a = NULL, *b = NULL, *sums = NULL, *boot = NULL;
  g_autofree guint *counts = NULL, *items = NULL, *boot_n = NULL, *cnt = NULL;
  guint n_measures, n = 0;

  g_return_val_if_fail (exp != NULL, NULL);

  if (resamples < LIMN_EXPERIMENT_MIN_RESAMPLES)
    {
      g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
                   _("A bootstrap interval needs at least %u resamples, not %u"),
                   (guint)LIMN_EXPERIMENT_MIN_RESAMPLES, resamples);
      return NULL;
    }

  result = g_new0 (LimnExperimentResult, 1);
  result->n_labels = exp->n_labels;
  result->resamples = resamples;
  result->label_agreement = g_new0 (LimnExperimentEffect, MAX (exp->n_labels, 1));
  result->label_gold = g_new0 (LimnExperimentEffect, MAX (exp->n_labels, 1));

  /* Measures: 0 agreement, 1 gold, then per label agreement and gold. */
  n_measures = 2 + 2 * exp->n_labels;
  items = g_new0 (guint, MAX (exp->n_items, 1));
  for (guint i = 0; i < exp->n_items; i++)
    if (exp->arms[0][i].answers > 0 && exp->arms[1][i].answers > 0)
      items[n++] = i;

  d = g_new (double, MAX ((gsize)n * n_measures, 1));
  a = g_new0 (double, n_measures);
  b = g_new0 (double, n_measures);
  counts = g_new0 (guint, n_measures);
  for (guint j = 0; j < n; j++)
    for (guint m = 0; m < n_measures; m++)
      {
        guint item = items[j];
        int label = m < 2 ? -1 : (int)((m - 2) / 2);
        gboolean agreement = m < 2 ? m == 0 : (m - 2) % 2 == 0;
        double va, vb;

        if (agreement)
          {
            va = arm_agreement (exp, &exp->arms[0][item], label);
            vb = arm_agreement (exp, &exp->arms[1][item], label);
          }
        else
          {
            va = arm_gold (exp, item, &exp->arms[0][item], label);
            vb = arm_gold (exp, item, &exp->arms[1][item], label);
          }
        d[(gsize)j * n_measures + m] = vb - va;  /* NaN unless both defined */
        if (!isnan (va) && !isnan (vb))
          {
            a[m] += va;
            b[m] += vb;
            counts[m]++;
          }
      }

  rand = g_rand_new_with_seed (seed);
  sums = g_new (double, n_measures);
  boot_n = g_new0 (guint, n_measures);
  cnt = g_new0 (guint, n_measures);
  boot = g_new (double, MAX ((gsize)resamples * n_measures, 1));
  for (guint r = 0; r < resamples; r++)
    {
      for (guint m = 0; m < n_measures; m++)
        sums[m] = 0, cnt[m] = 0;
      for (guint j = 0; j < n; j++)
        {
          const double *row = d + (gsize)g_rand_int_range (rand, 0, (gint32)n) * n_measures;

          for (guint m = 0; m < n_measures; m++)
            if (!isnan (row[m]))
              {
                sums[m] += row[m];
                cnt[m]++;
              }
        }
      /* A resample that drew no item defining a figure says nothing of it. */
      for (guint m = 0; m < n_measures; m++)
        if (cnt[m] > 0)
          boot[(gsize)m * resamples + boot_n[m]++] = sums[m] / cnt[m];
    }

  for (guint m = 0; m < n_measures; m++)
    {
      LimnExperimentEffect *e;
      double *v = boot + (gsize)m * resamples;

      if (m == 0)
        e = &result->agreement;
      else if (m == 1)
        e = &result->gold;
      else if ((m - 2) % 2 == 0)
        e = &result->label_agreement[(m - 2) / 2];
      else
        e = &result->label_gold[(m - 2) / 2];

      e->items = counts[m];
      if (counts[m] == 0)
        {
          e->estimate = e->low = e->high = e->mean_a = e->mean_b = NAN;
          continue;
        }
      e->mean_a = a[m] / counts[m];
      e->mean_b = b[m] / counts[m];
      e->estimate = e->mean_b - e->mean_a;
      qsort (v, boot_n[m], sizeof (double), compare_double);
      e->low = quantile (v, boot_n[m], 0.025);
      e->high = quantile (v, boot_n[m], 0.975);
    }

  return g_steal_pointer (&result);
}

void
limn_experiment_result_free (LimnExperimentResult *result)
{
  if (result == NULL)
    return;
  g_free (result->label_agreement);
  g_free (result->label_gold);
  g_free (result);
}

gboolean
limn_experiment_effect_is_clear (const LimnExperimentEffect *effect)
{
  if (isnan (effect->low) || isnan (effect->high))
    return FALSE;
  return effect->low > 0 || effect->high < 0;
}

static char *
clear_clause (const LimnExperimentEffect *e,
              gboolean                    agreement,
              const char                 *name)
{
  double size = fabs (e->estimate);

  /* Whole sentences per case, so each language words them its own way. */
  if (agreement && e->estimate > 0)
    return g_strdup_printf (_("Version B raised agreement on %s by %.2f [%.2f, %.2f]"),
                            name, size, e->low, e->high);
  if (agreement)
    return g_strdup_printf (_("Version B lowered agreement on %s by %.2f [%.2f, %.2f]"),
                            name, size, e->low, e->high);
  if (e->estimate > 0)
    return g_strdup_printf (_("Version B raised gold accuracy on %s by %.2f [%.2f, %.2f]"),
                            name, size, e->low, e->high);
  return g_strdup_printf (_("Version B lowered gold accuracy on %s by %.2f [%.2f, %.2f]"),
                          name, size, e->low, e->high);
}

char *
limn_experiment_result_verdict (const LimnExperimentResult *result,
                                const char * const         *label_names)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint clear = 0, unclear = 0;

  g_return_val_if_fail (result != NULL, NULL);

  for (guint k = 0; k < result->n_labels; k++)
    for (guint m = 0; m < 2; m++)
      {
        const LimnExperimentEffect *e = m == 0 ? &result->label_agreement[k]
                                               : &result->label_gold[k];
        g_autofree char *clause = NULL;

        if (isnan (e->estimate))
          continue;
        if (!limn_experiment_effect_is_clear (e))
          {
            unclear++;
            continue;
          }
        clause = clear_clause (e, m == 0, label_names[k]);
        if (clear++ > 0)
          /* TRANSLATORS: joins two findings of a guideline experiment */
          g_string_append (out, _("; "));
        g_string_append (out, clause);
      }

  if (clear == 0)
    return g_strdup (unclear > 0 ? _("No clear effect of version B on any label.")
                                 : _("Not enough answers from both arms to tell."));
  if (unclear > 0)
    {
      g_autofree char *body = g_string_free (g_steal_pointer (&out), FALSE);

      /* TRANSLATORS: %s is one or more findings, such as "Version B raised
       * agreement on Vehicle by 0.08 [0.03, 0.13]" */
      return g_strdup_printf (_("%s; no clear effect elsewhere."), body);
    }
  {
    g_autofree char *body = g_string_free (g_steal_pointer (&out), FALSE);

    /* TRANSLATORS: %s is one or more findings, ending the sentence */
    return g_strdup_printf (_("%s."), body);
  }
}
