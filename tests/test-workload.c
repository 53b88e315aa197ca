/* test-workload.c: the fair-assignment rule (limn-workload.h), by cases
 * and on a simulated team (docs/metrics.md §10).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/limn-workload.h"

static void
test_ranks (void)
{
  const double d[] = { 1, 2, 2, 3, NAN };
  const double s[] = { 0.6, 0.9 };
  g_autoptr(LimnWorkloadPool) pool = limn_workload_pool_new (d, G_N_ELEMENTS (d), s, G_N_ELEMENTS (s));
  g_autoptr(LimnWorkloadPool) empty = limn_workload_pool_new (NULL, 0, NULL, 0);

  g_assert_true (limn_workload_pool_usable (pool));
  g_assert_false (limn_workload_pool_usable (empty));
  g_assert_cmpfloat_with_epsilon (limn_workload_difficulty_rank (pool, 1), 0.125, 1e-12);
  g_assert_cmpfloat_with_epsilon (limn_workload_difficulty_rank (pool, 2), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (limn_workload_difficulty_rank (pool, 3), 0.875, 1e-12);
  g_assert_cmpfloat_with_epsilon (limn_workload_difficulty_rank (pool, 9), 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (limn_workload_difficulty_rank (pool, NAN), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (limn_workload_difficulty_rank (empty, 1), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (limn_workload_skill_rank (pool, 0.9), 0.75, 1e-12);
  g_assert_true (isnan (limn_workload_skill_rank (empty, 0.9)));
  g_assert_true (isnan (limn_workload_skill_rank (pool, NAN)));
}

/* Tasks of difficulty 5, 4, 3, 2, 1 (hardest oldest), one unknown. */
static void
fill_tasks (LimnWorkloadTask *t)
{
  const double d[] = { 5, 4, 3, 2, 1, NAN };

  for (guint i = 0; i < G_N_ELEMENTS (d); i++)
    t[i] = (LimnWorkloadTask) { d[i], 0 };
}

static void
test_new_annotator (void)
{
  const double d[] = { 1, 2, 3, 4, 5 };
  const double s[] = { 0.6, 0.7, 0.8, 0.9 };
  g_autoptr(LimnWorkloadPool) pool = limn_workload_pool_new (d, 5, s, 4);
  LimnWorkloadAnnotator fresh = { NAN, 0 };
  LimnWorkloadAnnotator few = { 0.95, 29 };
  LimnWorkloadTask t[6];
  guint picked[6];

  g_assert_true (limn_workload_is_new (NULL, &fresh));
  g_assert_true (limn_workload_is_new (NULL, &few));

  /* At or below the median first in queue order (3, 2, 1, then the
   * unknown as a typical item), then the harder ones, easiest first. */
  fill_tasks (t);
  g_assert_cmpuint (limn_workload_pick (pool, NULL, &fresh, t, 6, 6, picked), ==, 6);
  g_assert_cmpuint (picked[0], ==, 2);
  g_assert_cmpuint (picked[1], ==, 3);
  g_assert_cmpuint (picked[2], ==, 4);
  g_assert_cmpuint (picked[3], ==, 5);
  g_assert_cmpuint (picked[4], ==, 1);
  g_assert_cmpuint (picked[5], ==, 0);

  /* Taking one passes over the two older, harder tasks. */
  fill_tasks (t);
  g_assert_cmpuint (limn_workload_pick (pool, NULL, &few, t, 6, 1, picked), ==, 1);
  g_assert_cmpuint (picked[0], ==, 2);
  g_assert_cmpuint (t[0].passed_over, ==, 1);
  g_assert_cmpuint (t[1].passed_over, ==, 1);
  g_assert_cmpuint (t[3].passed_over, ==, 0);
  g_assert_cmpuint (t[5].passed_over, ==, 0);
}

static void
test_skill_match (void)
{
  const double d[] = { 1, 2, 3, 4, 5 };
  const double s[] = { 0.6, 0.7, 0.8, 0.9 };
  g_autoptr(LimnWorkloadPool) pool = limn_workload_pool_new (d, 5, s, 4);
  LimnWorkloadAnnotator best = { 0.9, 500 };
  LimnWorkloadAnnotator weakest = { 0.6, 500 };
  LimnWorkloadTask t[6];
  guint picked[1];

  fill_tasks (t);
  limn_workload_pick (pool, NULL, &best, t, 6, 1, picked);
  g_assert_cmpuint (picked[0], ==, 0);      /* the hardest */
  fill_tasks (t);
  limn_workload_pick (pool, NULL, &weakest, t, 6, 1, picked);
  g_assert_cmpuint (picked[0], ==, 4);      /* the easiest */
  g_assert_cmpuint (t[0].passed_over, ==, 1);
  g_assert_cmpuint (t[5].passed_over, ==, 0);
}

static void
test_starvation (void)
{
  const double d[] = { 1, 2, 3, 4, 5 };
  const double s[] = { 0.6, 0.9 };
  g_autoptr(LimnWorkloadPool) pool = limn_workload_pool_new (d, 5, s, 2);
  LimnWorkloadAnnotator fresh = { NAN, 0 };
  LimnWorkloadAnnotator weakest = { 0.6, 500 };
  LimnWorkloadOptions options;
  LimnWorkloadTask t[6];
  guint picked[1];
  guint claims = 0;

  /* The hardest task, oldest, is passed over by the weakest annotator's
   * claims until the k-th; the next claim takes it. */
  limn_workload_options_init (&options);
  options.starve_after = 3;
  fill_tasks (t);
  do
    {
      limn_workload_pick (pool, &options, &weakest, t, 6, 1, picked);
      claims++;
    }
  while (picked[0] != 0 && claims < 100);
  g_assert_cmpuint (claims, ==, 4);

  /* A new annotator leaves a starving hard task to the next experienced
   * one while easier tasks are there, but takes a starving easy one first. */
  fill_tasks (t);
  t[0].passed_over = 3;
  t[3].passed_over = 3;
  limn_workload_pick (pool, &options, &fresh, t, 6, 1, picked);
  g_assert_cmpuint (picked[0], ==, 3);
  limn_workload_pick (pool, &options, &fresh, t + 1, 1, 1, picked);
  g_assert_cmpuint (picked[0], ==, 0);   /* nothing else: the hard one */
}

/* The simulated team */

#define SIM_TASKS      500
#define SIM_PEOPLE     10
#define SIM_NEW        2     /* the last two */
#define SIM_OVERLAP    3
#define SIM_WINDOW     50    /* eligible tasks the server reads per claim */
#define SIM_FIRST      30

typedef struct
{
  double  true_difficulty[SIM_TASKS];
  double  skill[SIM_PEOPLE];
  double  rate[SIM_PEOPLE];          /* chance of a claim in a round */
  guint   answers[SIM_TASKS];
  gboolean done[SIM_PEOPLE][SIM_TASKS];
  guint   passed[SIM_TASKS];
  guint   count[SIM_PEOPLE];         /* answers in this run */
  double  first_sum[SIM_PEOPLE];     /* difficulty of the first SIM_FIRST */
  guint   hard_answers;
  guint   hard_by_skilled;
  guint   seen[SIM_TASKS];           /* round it first entered a window, +1 */
  guint   max_wait;                  /* rounds from then to its last answer */
  guint   rounds;
  guint   max_passed;
  gboolean complete;
} Sim;

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

static double
median_of (const double *x,
           guint         n)
{
  g_autofree double *s = g_memdup2 (x, n * sizeof (double));

  qsort (s, n, sizeof (double), compare_doubles);
  return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static double
quantile_of (const double *x,
             guint         n,
             double        q)
{
  g_autofree double *s = g_memdup2 (x, n * sizeof (double));

  qsort (s, n, sizeof (double), compare_doubles);
  return s[(guint)(q * (n - 1))];
}

static void
sim_setup (Sim     *sim,
           guint32  seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  /* Skills spread from 0.6 to 0.95; the new ones one strong, one weak. */
  const double skills[SIM_PEOPLE] = { 0.62, 0.95, 0.70, 0.86, 0.66, 0.90, 0.78, 0.74, 0.92, 0.60 };
  const double rates[SIM_PEOPLE] = { 0.9, 0.5, 0.7, 1.0, 0.6, 0.8, 0.4, 0.9, 0.7, 0.8 };

  memset (sim, 0, sizeof *sim);
  for (guint t = 0; t < SIM_TASKS; t++)
    {
      /* Log-normal difficulty, as GLAD's 1/β with log β ~ N(1, 1). */
      double u1 = g_rand_double_range (rand, 1e-12, 1), u2 = g_rand_double (rand);
      double z = sqrt (-2 * log (u1)) * cos (2 * G_PI * u2);

      sim->true_difficulty[t] = exp (-(1 + 0.7 * z));
    }
  memcpy (sim->skill, skills, sizeof skills);
  memcpy (sim->rate, rates, sizeof rates);
}

static void
sim_run (Sim                       *sim,
         gboolean                   fair,
         const LimnWorkloadOptions *options,
         guint32                    seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  double skilled_cut = median_of (sim->skill, SIM_PEOPLE);
  double hard_cut = quantile_of (sim->true_difficulty, SIM_TASKS, 0.75);
  guint remaining = SIM_TASKS * SIM_OVERLAP;
  guint order[SIM_PEOPLE];

  for (guint p = 0; p < SIM_PEOPLE; p++)
    order[p] = p;

  while (remaining > 0 && sim->rounds < 100000)
    {
      double known[SIM_PEOPLE];
      g_autoptr(LimnWorkloadPool) pool = NULL;

      sim->rounds++;
      /* The estimates the server would have: a new annotator's skill
       * once they have answered enough. */
      for (guint p = 0; p < SIM_PEOPLE; p++)
        known[p] = p >= SIM_PEOPLE - SIM_NEW && sim->count[p] < LIMN_WORKLOAD_NEW_ANSWERS
                   ? NAN : sim->skill[p];
      pool = limn_workload_pool_new (sim->true_difficulty, SIM_TASKS, known, SIM_PEOPLE);

      for (guint i = SIM_PEOPLE - 1; i > 0; i--)
        {
          guint j = g_rand_int_range (rand, 0, i + 1), tmp = order[i];
          order[i] = order[j];
          order[j] = tmp;
        }

      for (guint k = 0; k < SIM_PEOPLE && remaining > 0; k++)
        {
          guint p = order[k];
          LimnWorkloadTask window[SIM_WINDOW];
          guint ids[SIM_WINDOW], n = 0, pick, task;
          LimnWorkloadAnnotator who = {
            known[p],
            p >= SIM_PEOPLE - SIM_NEW ? sim->count[p] : 500 + sim->count[p],
          };

          if (g_rand_double (rand) >= sim->rate[p])
            continue;

          /* The oldest eligible tasks, as the server's claim reads them. */
          for (guint t = 0; t < SIM_TASKS && n < SIM_WINDOW; t++)
            if (sim->answers[t] < SIM_OVERLAP && !sim->done[p][t])
              {
                window[n] = (LimnWorkloadTask) { sim->true_difficulty[t], sim->passed[t] };
                if (sim->seen[t] == 0)
                  sim->seen[t] = sim->rounds;
                ids[n++] = t;
              }
          if (n == 0)
            continue;

          if (fair)
            {
              limn_workload_pick (pool, options, &who, window, n, 1, &pick);
              for (guint w = 0; w < n; w++)
                {
                  sim->passed[ids[w]] = window[w].passed_over;
                  sim->max_passed = MAX (sim->max_passed, window[w].passed_over);
                }
            }
          else
            pick = g_rand_int_range (rand, 0, n);

          task = ids[pick];
          sim->answers[task]++;
          if (sim->answers[task] == SIM_OVERLAP)
            sim->max_wait = MAX (sim->max_wait, sim->rounds - sim->seen[task]);
          sim->done[p][task] = TRUE;
          if (sim->count[p] < SIM_FIRST)
            sim->first_sum[p] += sim->true_difficulty[task];
          sim->count[p]++;
          if (sim->true_difficulty[task] >= hard_cut)
            {
              sim->hard_answers++;
              sim->hard_by_skilled += sim->skill[p] > skilled_cut;
            }
          remaining--;
        }
    }

  sim->complete = TRUE;
  for (guint t = 0; t < SIM_TASKS; t++)
    if (sim->answers[t] != SIM_OVERLAP)
      sim->complete = FALSE;
}

static void
test_simulated_team (void)
{
  g_autofree Sim *fair = g_new (Sim, 1);
  g_autofree Sim *random = g_new (Sim, 1);
  double median;
  double fair_share, random_share;

  sim_setup (fair, 23);
  sim_setup (random, 23);
  median = median_of (fair->true_difficulty, SIM_TASKS);
  sim_run (fair, TRUE, NULL, 5);
  sim_run (random, FALSE, NULL, 5);

  /* Every task done, in about the rounds random order needs. */
  g_assert_true (fair->complete);
  g_assert_true (random->complete);
  g_assert_cmpuint (fair->rounds, <=, random->rounds + random->rounds / 10);

  fair_share = (double) fair->hard_by_skilled / fair->hard_answers;
  random_share = (double) random->hard_by_skilled / random->hard_answers;
  g_test_message ("rounds: fair %u, random %u; most passed over %u; longest wait in a window "
                  "(rounds): fair %u, random %u",
                  fair->rounds, random->rounds, fair->max_passed, fair->max_wait, random->max_wait);
  g_test_message ("hard items' answers by above-median skill: fair %.3f (%u/%u), random %.3f (%u/%u)",
                  fair_share, fair->hard_by_skilled, fair->hard_answers,
                  random_share, random->hard_by_skilled, random->hard_answers);
  g_assert_cmpfloat (fair_share, >, random_share + 0.15);
  /* No task waits longer in the window than under random picks. */
  g_assert_cmpuint (fair->max_wait, <=, random->max_wait);

  for (guint p = SIM_PEOPLE - SIM_NEW; p < SIM_PEOPLE; p++)
    {
      double fair_mean = fair->first_sum[p] / SIM_FIRST;
      double random_mean = random->first_sum[p] / SIM_FIRST;

      g_test_message ("new annotator %u (skill %.2f): first %u items' mean difficulty %.3f "
                      "(random %.3f; pool median %.3f)",
                      p, fair->skill[p], SIM_FIRST, fair_mean, random_mean, median);
      g_assert_cmpuint (fair->count[p], >=, SIM_FIRST);
      g_assert_cmpfloat (fair_mean, <, median);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/workload/ranks", test_ranks);
  g_test_add_func ("/workload/new-annotator", test_new_annotator);
  g_test_add_func ("/workload/skill-match", test_skill_match);
  g_test_add_func ("/workload/starvation", test_starvation);
  g_test_add_func ("/workload/simulated-team", test_simulated_team);

  return g_test_run ();
}
