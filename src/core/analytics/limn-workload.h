/* limn-workload.h
 *
 * Which of the eligible tasks an annotator is handed next, from the
 * items' estimated difficulty and the annotator's skill and experience
 * (docs/metrics.md §10, "Fair workload"). Pure: the server's claims feed
 * it the GLAD estimates its team report keeps, and keep the counts of
 * how often each task was passed over.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LIMN_WORKLOAD_NEW_ANSWERS  30   /* fewer answers than this: new */
#define LIMN_WORKLOAD_NEW_QUANTILE 0.5  /* new annotators get items above it last */
#define LIMN_WORKLOAD_STARVE_AFTER 100  /* passed over this often: taken regardless */

typedef struct
{
  double difficulty;    /* any scale, larger is harder; NaN: no estimate yet */
  guint  passed_over;   /* claims that took a later task instead */
} LimnWorkloadTask;

typedef struct
{
  double  skill;        /* any scale, larger is better; NaN: no estimate */
  guint64 answers;      /* answers so far in the project */
} LimnWorkloadAnnotator;

typedef struct
{
  guint  new_answers;
  double new_quantile;
  guint  starve_after;
} LimnWorkloadOptions;

void                  limn_workload_options_init (LimnWorkloadOptions *options);

/* The project's estimates that ranks are taken against: every item's
 * difficulty and every annotator's skill (NaN entries are left out). */
typedef struct _LimnWorkloadPool LimnWorkloadPool;

LimnWorkloadPool     *limn_workload_pool_new     (const double           *difficulty,
                                                  gsize                   n_difficulty,
                                                  const double           *skill,
                                                  gsize                   n_skill);
void                  limn_workload_pool_free    (LimnWorkloadPool       *pool);
/* Whether any item has a difficulty estimate. */
gboolean              limn_workload_pool_usable  (const LimnWorkloadPool *pool);
/* The mid-rank of @difficulty among the pool's, in [0, 1]; 0.5 (a typical
 * item) for NaN or an empty pool. */
double                limn_workload_difficulty_rank (const LimnWorkloadPool *pool,
                                                     double                  difficulty);
/* The mid-rank of @skill among the pool's, in [0, 1]; NaN for NaN or when
 * the pool has no skills. */
double                limn_workload_skill_rank   (const LimnWorkloadPool *pool,
                                                  double                  skill);
/* New: fewer than new_answers answers, or no skill estimate. */
gboolean              limn_workload_is_new       (const LimnWorkloadOptions   *options,
                                                  const LimnWorkloadAnnotator *who);

/* Picks up to @need of @tasks (the eligible ones, oldest first) for @who
 * and writes their indexes to @picked in the order they are handed out;
 * returns how many (min (need, n_tasks)). Then adds one to passed_over of
 * every task not picked that is older than a picked one. The order:
 *
 *  - for a new annotator: the tasks whose difficulty rank is at most
 *    new_quantile (no estimate counts as 0.5), oldest first, those passed
 *    over starve_after times or more before the rest; then the others,
 *    easiest first (a starving hard task waits for an experienced one);
 *  - for the others: tasks passed over starve_after times or more, oldest
 *    first; then by the distance between the task's difficulty rank and
 *    the annotator's skill rank, nearest first, then oldest first.
 *
 * @options NULL: the defaults. */
guint                 limn_workload_pick         (const LimnWorkloadPool      *pool,
                                                  const LimnWorkloadOptions   *options,
                                                  const LimnWorkloadAnnotator *who,
                                                  LimnWorkloadTask            *tasks,
                                                  guint                        n_tasks,
                                                  guint                        need,
                                                  guint                       *picked);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnWorkloadPool, limn_workload_pool_free)

G_END_DECLS
