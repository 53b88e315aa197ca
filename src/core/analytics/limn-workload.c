/* limn-workload.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-analytics"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "limn-workload.h"

struct _LimnWorkloadPool
{
  double *difficulty;   /* sorted, NaN left out */
  gsize   n_difficulty;
  double *skill;        /* likewise */
  gsize   n_skill;
};

void
limn_workload_options_init (LimnWorkloadOptions *options)
{
  g_return_if_fail (options != NULL);

  options->new_answers = LIMN_WORKLOAD_NEW_ANSWERS;
  options->new_quantile = LIMN_WORKLOAD_NEW_QUANTILE;
  options->starve_after = LIMN_WORKLOAD_STARVE_AFTER;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

static double *
sorted_finite (const double *values,
               gsize         n,
               gsize        *n_out)
{
  double *out = g_new (double, MAX (n, 1));
  gsize k = 0;

  for (gsize i = 0; i < n; i++)
    if (isfinite (values[i]))
      out[k++] = values[i];
  qsort (out, k, sizeof (double), compare_doubles);
  *n_out = k;
  return out;
}

LimnWorkloadPool *
limn_workload_pool_new (const double *difficulty,
                        gsize         n_difficulty,
                        const double *skill,
                        gsize         n_skill)
{
  LimnWorkloadPool *pool = g_new0 (LimnWorkloadPool, 1);

  g_return_val_if_fail (difficulty != NULL || n_difficulty == 0, pool);
  g_return_val_if_fail (skill != NULL || n_skill == 0, pool);

  pool->difficulty = sorted_finite (difficulty, n_difficulty, &pool->n_difficulty);
  pool->skill = sorted_finite (skill, n_skill, &pool->n_skill);
  return pool;
}

void
limn_workload_pool_free (LimnWorkloadPool *pool)
{
  if (pool == NULL)
    return;
  g_free (pool->difficulty);
  g_free (pool->skill);
  g_free (pool);
}

gboolean
limn_workload_pool_usable (const LimnWorkloadPool *pool)
{
  return pool != NULL && pool->n_difficulty > 0;
}

/* (values below + half the values equal) / n, by two binary searches. */
static double
mid_rank (const double *sorted,
          gsize         n,
          double        x)
{
  gsize lo = 0, hi = n, below, upto;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (sorted[mid] < x)
        lo = mid + 1;
      else
        hi = mid;
    }
  below = lo;
  hi = n;
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (sorted[mid] <= x)
        lo = mid + 1;
      else
        hi = mid;
    }
  upto = lo;
  return (below + (upto - below) / 2.0) / n;
}

double
limn_workload_difficulty_rank (const LimnWorkloadPool *pool,
                               double                  difficulty)
{
  if (pool == NULL || pool->n_difficulty == 0 || !isfinite (difficulty))
    return 0.5;
  return mid_rank (pool->difficulty, pool->n_difficulty, difficulty);
}

double
limn_workload_skill_rank (const LimnWorkloadPool *pool,
                          double                  skill)
{
  if (pool == NULL || pool->n_skill == 0 || !isfinite (skill))
    return NAN;
  return mid_rank (pool->skill, pool->n_skill, skill);
}

gboolean
limn_workload_is_new (const LimnWorkloadOptions   *options,
                      const LimnWorkloadAnnotator *who)
{
  LimnWorkloadOptions defaults;

  if (options == NULL)
    {
      limn_workload_options_init (&defaults);
      options = &defaults;
    }
  return who->answers < options->new_answers || !isfinite (who->skill);
}

typedef struct
{
  guint  tier;
  double key;
  guint  index;
} Candidate;

static int
compare_candidates (const void *a,
                    const void *b)
{
  const Candidate *x = a, *y = b;

  if (x->tier != y->tier)
    return x->tier < y->tier ? -1 : 1;
  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return (x->index > y->index) - (x->index < y->index);
}

guint
limn_workload_pick (const LimnWorkloadPool      *pool,
                    const LimnWorkloadOptions   *options,
                    const LimnWorkloadAnnotator *who,
                    LimnWorkloadTask            *tasks,
                    guint                        n_tasks,
                    guint                        need,
                    guint                       *picked)
{
  g_autofree Candidate *c = NULL;
  LimnWorkloadOptions defaults;
  gboolean is_new;
  double skill_rank;
  guint n, last = 0;

  g_return_val_if_fail (who != NULL, 0);
  g_return_val_if_fail (tasks != NULL || n_tasks == 0, 0);
  g_return_val_if_fail (picked != NULL || need == 0, 0);

  if (options == NULL)
    {
      limn_workload_options_init (&defaults);
      options = &defaults;
    }

  n = MIN (need, n_tasks);
  if (n == 0)
    return 0;

  is_new = limn_workload_is_new (options, who);
  skill_rank = limn_workload_skill_rank (pool, who->skill);
  /* Known skill but no team to rank it in: a typical annotator. */
  if (isnan (skill_rank))
    skill_rank = 0.5;

  c = g_new (Candidate, n_tasks);
  for (guint i = 0; i < n_tasks; i++)
    {
      double rank = limn_workload_difficulty_rank (pool, tasks[i].difficulty);

      gboolean starving = tasks[i].passed_over >= options->starve_after;

      c[i].index = i;
      if (is_new)
        {
          /* Below the cap in queue order (the queue's own fairness), a
           * starving one first; above it only when nothing else is left,
           * easiest first: a starving hard task waits for the next
           * experienced annotator instead. */
          gboolean easy = rank <= options->new_quantile;

          c[i].tier = easy ? (starving ? 0 : 1) : 2;
          c[i].key = easy ? 0 : rank;
        }
      else if (starving)
        {
          c[i].tier = 0;
          c[i].key = 0;
        }
      else
        {
          c[i].tier = 1;
          c[i].key = fabs (rank - skill_rank);
        }
    }
  qsort (c, n_tasks, sizeof (Candidate), compare_candidates);

  for (guint k = 0; k < n; k++)
    {
      picked[k] = c[k].index;
      last = MAX (last, c[k].index);
    }

  /* Passed over: not picked, yet older than a task that was. */
  for (guint k = n; k < n_tasks; k++)
    if (c[k].index < last)
      tasks[c[k].index].passed_over++;

  return n;
}
