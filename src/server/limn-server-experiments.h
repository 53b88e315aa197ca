/* limn-server-experiments.h
 *
 * Guideline experiments (issue 23; docs/server-guide.md, "Guideline
 * experiments"): the project's annotators split into arm A, served
 * guideline version a, and arm B, served version b (a published version
 * or a draft), answer the same pool of tasks; the result (agreement and
 * gold accuracy B − A with bootstrap intervals, per label, a verdict) is
 * computed by limn-guideline-experiment.h. Accepting it publishes b to
 * everyone: the pilot gate. Lifecycle: running → done → accepted | rejected.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "backend/limn-server-backend.h"

G_BEGIN_DECLS

#define LIMN_SERVER_EXPERIMENT_RESAMPLES 2000

typedef struct
{
  const char *project_id;
  const char *by;           /* the admin's user name */
  gint64      version_a;    /* ≤ 0: the project's latest version */
  gint64      version_b;    /* > 0: a published version; else @draft */
  const char *draft;        /* Markdown of an unpublished version b */
  const char *split;        /* random | balanced */
  gint64      per_arm;      /* answers per pool task from each arm, ≥ 2 */
  gint64      items;        /* the pool's size */
  gint64      days;         /* 0: no time limit */
  guint32     seed;         /* the split's */
} LimnServerExperimentStart;

JsonObject *limn_server_experiments_start  (LimnServerBackend                *backend,
                                            const LimnServerExperimentStart  *start,
                                            gint64                            now_us,
                                            GError                          **error);
/* The experiment with its progress; it becomes done here when its stop
 * rule holds (the result is then computed and kept). */
JsonObject *limn_server_experiments_status (LimnServerBackend  *backend,
                                            const char         *experiment_id,
                                            gint64              now_us,
                                            GError            **error);
/* The result: kept when done, else computed on the answers so far
 * (marked "interim"). */
JsonObject *limn_server_experiments_result (LimnServerBackend  *backend,
                                            const char         *experiment_id,
                                            gint64              now_us,
                                            GError            **error);
/* @accept: publishes version b to everyone (a draft becomes the next
 * version); else keeps a. Only a done experiment. */
JsonObject *limn_server_experiments_decide (LimnServerBackend  *backend,
                                            const char         *experiment_id,
                                            const char         *by,
                                            gboolean            accept,
                                            gint64              now_us,
                                            GError            **error);

/* While an experiment runs, @project's guidelines as @user_id is to see
 * them: an arm's member gets the arm's version, everyone else is left as
 * is. */
gboolean    limn_server_experiments_guidelines_for (LimnServerBackend  *backend,
                                                    LimnServerProject  *project,
                                                    const char         *user_id,
                                                    GError            **error);

/* For a claim in @txn: *pool the running experiment's tasks (NULL when
 * none runs; ids as keys), *mine those @user_id is to get first, by
 * position: pool tasks they have had no assignment of that fewer than
 * per_arm members of their arm hold. */
gboolean    limn_server_experiments_claimable (LimnServerTxn  *txn,
                                               const char     *project_id,
                                               const char     *user_id,
                                               GHashTable    **pool,
                                               GPtrArray     **mine,
                                               GError        **error);

G_END_DECLS
