/* limn-server-backend-pg-experiments.c
 *
 * The PostgreSQL backend's storage calls for guideline experiments
 * (PostgreSQL migration 3), and the body of one guideline version; as
 * limn-server-backend-sqlite-experiments.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "limn-server-backend-pg-private.h"

#define EXPERIMENT_COLUMNS \
  "id, project_id, state, version_a, version_b, draft, split, per_arm, stop_items, " \
  "stop_days, arms, pool, result, started_by, decided_by, started_us, ended_us, " \
  "decided_us, published_version, seed"

static LimnServerExperiment *
read_experiment (const PGresult *res,
                 int             row)
{
  LimnServerExperiment *e = g_new0 (LimnServerExperiment, 1);

  e->id = limn_pg_dup (res, row, 0);
  e->project_id = limn_pg_dup (res, row, 1);
  e->state = limn_pg_dup (res, row, 2);
  e->version_a = limn_pg_int64 (res, row, 3);
  e->version_b = limn_pg_int64 (res, row, 4);
  e->draft = limn_pg_dup (res, row, 5);
  e->split = limn_pg_dup (res, row, 6);
  e->per_arm = limn_pg_int64 (res, row, 7);
  e->stop_items = limn_pg_int64 (res, row, 8);
  e->stop_days = limn_pg_int64 (res, row, 9);
  e->arms = limn_pg_dup (res, row, 10);
  e->pool = limn_pg_dup (res, row, 11);
  e->result = limn_pg_dup (res, row, 12);
  e->started_by = limn_pg_dup (res, row, 13);
  e->decided_by = limn_pg_dup (res, row, 14);
  e->started_us = limn_pg_int64 (res, row, 15);
  e->ended_us = limn_pg_int64 (res, row, 16);
  e->decided_us = limn_pg_int64 (res, row, 17);
  e->published_version = limn_pg_int64 (res, row, 18);
  e->seed = limn_pg_int64 (res, row, 19);

  return e;
}

static gboolean
pg_insert_experiment (LimnServerTxn               *txn,
                      const LimnServerExperiment  *e,
                      GError                     **error)
{
  static const LimnPgStatement stmt = {
    "insert_experiment",
    "INSERT INTO experiments (" EXPERIMENT_COLUMNS ") VALUES "
    "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
    "$16, $17, $18, $19, $20)", 20,
  };
  LimnPgNum n[10];
  const char *values[] = {
    e->id,
    e->project_id,
    e->state,
    limn_pg_int64_param (&n[0], e->version_a),
    limn_pg_int64_param (&n[1], e->version_b),
    e->draft,
    e->split,
    limn_pg_int64_param (&n[2], e->per_arm),
    limn_pg_int64_param (&n[3], e->stop_items),
    limn_pg_int64_param (&n[4], e->stop_days),
    e->arms,
    e->pool,
    e->result,
    e->started_by,
    e->decided_by,
    limn_pg_int64_param (&n[5], e->started_us),
    limn_pg_int64_param (&n[6], e->ended_us),
    limn_pg_int64_param (&n[7], e->decided_us),
    limn_pg_int64_param (&n[8], e->published_version),
    limn_pg_int64_param (&n[9], e->seed),
  };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

static gboolean
pg_update_experiment (LimnServerTxn               *txn,
                      const LimnServerExperiment  *e,
                      GError                     **error)
{
  static const LimnPgStatement stmt = {
    "update_experiment",
    "UPDATE experiments SET state = $2, result = $3, decided_by = $4, "
    "ended_us = $5, decided_us = $6, published_version = $7 "
    "WHERE id = $1", 7,
  };
  LimnPgNum n[3];
  const char *values[] = {
    e->id,
    e->state,
    e->result,
    e->decided_by,
    limn_pg_int64_param (&n[0], e->ended_us),
    limn_pg_int64_param (&n[1], e->decided_us),
    limn_pg_int64_param (&n[2], e->published_version),
  };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

/* The one experiment @stmt's row is, or NULL. */
static gboolean
query_experiment (LimnServerTxn          *txn,
                  const LimnPgStatement  *stmt,
                  const char             *value,
                  LimnServerExperiment  **experiment,
                  GError                **error)
{
  const char *values[] = { value };
  g_autoptr(PGresult) res = NULL;

  *experiment = NULL;
  if (!limn_pg_run (txn, stmt, values, &res, error))
    return FALSE;
  if (PQntuples (res) > 0)
    *experiment = read_experiment (res, 0);

  return TRUE;
}

static gboolean
pg_get_experiment (LimnServerTxn          *txn,
                   const char             *experiment_id,
                   LimnServerExperiment  **experiment,
                   GError                **error)
{
  static const LimnPgStatement stmt = {
    "get_experiment", "SELECT " EXPERIMENT_COLUMNS " FROM experiments WHERE id = $1", 1,
  };

  return query_experiment (txn, &stmt, experiment_id, experiment, error);
}

static gboolean
pg_running_experiment (LimnServerTxn          *txn,
                       const char             *project_id,
                       LimnServerExperiment  **experiment,
                       GError                **error)
{
  static const LimnPgStatement stmt = {
    "running_experiment",
    "SELECT " EXPERIMENT_COLUMNS " FROM experiments "
    "WHERE project_id = $1 AND state = 'running'", 1,
  };

  return query_experiment (txn, &stmt, project_id, experiment, error);
}

static gboolean
pg_get_guideline (LimnServerTxn  *txn,
                  const char     *project_id,
                  gint64          version,
                  char          **body,
                  gint64         *published_us,
                  GError        **error)
{
  static const LimnPgStatement stmt = {
    "get_guideline",
    "SELECT body, published_us FROM guidelines WHERE project_id = $1 AND version = $2", 2,
  };
  LimnPgNum n;
  const char *values[] = { project_id, limn_pg_int64_param (&n, version) };
  g_autoptr(PGresult) res = NULL;

  *body = NULL;
  if (!limn_pg_run (txn, &stmt, values, &res, error))
    return FALSE;
  if (PQntuples (res) > 0)
    {
      *body = limn_pg_dup (res, 0, 0);
      if (published_us != NULL)
        *published_us = limn_pg_int64 (res, 0, 1);
    }

  return TRUE;
}

void
limn_server_pg_experiments_init (LimnServerBackendInterface *iface)
{
  iface->insert_experiment = pg_insert_experiment;
  iface->update_experiment = pg_update_experiment;
  iface->get_experiment = pg_get_experiment;
  iface->running_experiment = pg_running_experiment;
  iface->get_guideline = pg_get_guideline;
}
