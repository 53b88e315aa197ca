/* limn-server-backend-sqlite-experiments.c
 *
 * The SQLite backend's storage calls for guideline experiments (migration
 * 14), and the body of one guideline version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "limn-server-backend-sqlite-private.h"

#define EXPERIMENT_COLUMNS \
  "id, project_id, state, version_a, version_b, draft, split, per_arm, stop_items, " \
  "stop_days, arms, pool, result, started_by, decided_by, started_us, ended_us, " \
  "decided_us, published_version, seed"

static gpointer
read_experiment (sqlite3_stmt *stmt)
{
  LimnServerExperiment *e = g_new0 (LimnServerExperiment, 1);

  e->id = limn_sqlite_column_dup (stmt, 0);
  e->project_id = limn_sqlite_column_dup (stmt, 1);
  e->state = limn_sqlite_column_dup (stmt, 2);
  e->version_a = sqlite3_column_int64 (stmt, 3);
  e->version_b = sqlite3_column_int64 (stmt, 4);
  e->draft = limn_sqlite_column_dup (stmt, 5);
  e->split = limn_sqlite_column_dup (stmt, 6);
  e->per_arm = sqlite3_column_int64 (stmt, 7);
  e->stop_items = sqlite3_column_int64 (stmt, 8);
  e->stop_days = sqlite3_column_int64 (stmt, 9);
  e->arms = limn_sqlite_column_dup (stmt, 10);
  e->pool = limn_sqlite_column_dup (stmt, 11);
  e->result = limn_sqlite_column_dup (stmt, 12);
  e->started_by = limn_sqlite_column_dup (stmt, 13);
  e->decided_by = limn_sqlite_column_dup (stmt, 14);
  e->started_us = sqlite3_column_int64 (stmt, 15);
  e->ended_us = sqlite3_column_int64 (stmt, 16);
  e->decided_us = sqlite3_column_int64 (stmt, 17);
  e->published_version = sqlite3_column_int64 (stmt, 18);
  e->seed = sqlite3_column_int64 (stmt, 19);

  return e;
}

static gboolean
sqlite_insert_experiment (LimnServerTxn               *txn,
                          const LimnServerExperiment  *e,
                          GError                     **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "INSERT INTO experiments (" EXPERIMENT_COLUMNS ") VALUES "
                              "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
                              "?16, ?17, ?18, ?19, ?20)", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, e->id);
  limn_sqlite_bind_text (stmt, 2, e->project_id);
  limn_sqlite_bind_text (stmt, 3, e->state);
  sqlite3_bind_int64 (stmt, 4, e->version_a);
  sqlite3_bind_int64 (stmt, 5, e->version_b);
  limn_sqlite_bind_text (stmt, 6, e->draft);
  limn_sqlite_bind_text (stmt, 7, e->split);
  sqlite3_bind_int64 (stmt, 8, e->per_arm);
  sqlite3_bind_int64 (stmt, 9, e->stop_items);
  sqlite3_bind_int64 (stmt, 10, e->stop_days);
  limn_sqlite_bind_text (stmt, 11, e->arms);
  limn_sqlite_bind_text (stmt, 12, e->pool);
  limn_sqlite_bind_text (stmt, 13, e->result);
  limn_sqlite_bind_text (stmt, 14, e->started_by);
  limn_sqlite_bind_text (stmt, 15, e->decided_by);
  sqlite3_bind_int64 (stmt, 16, e->started_us);
  sqlite3_bind_int64 (stmt, 17, e->ended_us);
  sqlite3_bind_int64 (stmt, 18, e->decided_us);
  sqlite3_bind_int64 (stmt, 19, e->published_version);
  sqlite3_bind_int64 (stmt, 20, e->seed);

  return limn_sqlite_step_done (sql, stmt, error);
}

static gboolean
sqlite_update_experiment (LimnServerTxn               *txn,
                          const LimnServerExperiment  *e,
                          GError                     **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "UPDATE experiments SET state = ?2, result = ?3, decided_by = ?4, "
                              "ended_us = ?5, decided_us = ?6, published_version = ?7 "
                              "WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, e->id);
  limn_sqlite_bind_text (stmt, 2, e->state);
  limn_sqlite_bind_text (stmt, 3, e->result);
  limn_sqlite_bind_text (stmt, 4, e->decided_by);
  sqlite3_bind_int64 (stmt, 5, e->ended_us);
  sqlite3_bind_int64 (stmt, 6, e->decided_us);
  sqlite3_bind_int64 (stmt, 7, e->published_version);

  return limn_sqlite_step_done (sql, stmt, error);
}

static gboolean
sqlite_get_experiment (LimnServerTxn          *txn,
                       const char             *experiment_id,
                       LimnServerExperiment  **experiment,
                       GError                **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;
  gboolean has_row;

  *experiment = NULL;
  stmt = limn_sqlite_prepare (sql, "SELECT " EXPERIMENT_COLUMNS " FROM experiments WHERE id = ?",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, experiment_id);
  if (!limn_sqlite_step_row (sql, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    *experiment = read_experiment (stmt);
  sqlite3_reset (stmt);

  return TRUE;
}

static gboolean
sqlite_running_experiment (LimnServerTxn          *txn,
                           const char             *project_id,
                           LimnServerExperiment  **experiment,
                           GError                **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;
  gboolean has_row;

  *experiment = NULL;
  stmt = limn_sqlite_prepare (sql,
                              "SELECT " EXPERIMENT_COLUMNS " FROM experiments "
                              "WHERE project_id = ? AND state = 'running'", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, project_id);
  if (!limn_sqlite_step_row (sql, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    *experiment = read_experiment (stmt);
  sqlite3_reset (stmt);

  return TRUE;
}

static gboolean
sqlite_get_guideline (LimnServerTxn  *txn,
                      const char     *project_id,
                      gint64          version,
                      char          **body,
                      gint64         *published_us,
                      GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;
  gboolean has_row;

  *body = NULL;
  stmt = limn_sqlite_prepare (sql,
                              "SELECT body, published_us FROM guidelines "
                              "WHERE project_id = ? AND version = ?", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, project_id);
  sqlite3_bind_int64 (stmt, 2, version);
  if (!limn_sqlite_step_row (sql, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      *body = limn_sqlite_column_dup (stmt, 0);
      if (published_us != NULL)
        *published_us = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);

  return TRUE;
}

void
limn_server_sqlite_experiments_init (LimnServerBackendInterface *iface)
{
  iface->insert_experiment = sqlite_insert_experiment;
  iface->update_experiment = sqlite_update_experiment;
  iface->get_experiment = sqlite_get_experiment;
  iface->running_experiment = sqlite_running_experiment;
  iface->get_guideline = sqlite_get_guideline;
}
