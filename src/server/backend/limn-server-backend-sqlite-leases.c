/* limn-server-backend-sqlite-leases.c
 *
 * Storage calls on assignments: one row per task and annotator, ever
 * (UNIQUE (task_id, annotator)), whose state the server layer moves on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "limn-server-backend-sqlite-private.h"

#define LEASE_COLUMNS \
  "a.id, a.task_id, a.project_id, a.annotator, a.status, a.assigned_us, a.lease_expires_us, " \
  "a.gold_revealed_us IS NOT NULL, a.position, a.rework"

static gpointer
read_lease (sqlite3_stmt *stmt)
{
  LimnServerLease *lease = g_new0 (LimnServerLease, 1);

  lease->id = limn_sqlite_column_dup (stmt, 0);
  lease->task_id = limn_sqlite_column_dup (stmt, 1);
  lease->project_id = limn_sqlite_column_dup (stmt, 2);
  lease->annotator = limn_sqlite_column_dup (stmt, 3);
  if (!limn_server_lease_state_from_string ((const char *)sqlite3_column_text (stmt, 4),
                                            &lease->state))
    lease->state = LIMN_SERVER_LEASE_EXPIRED;
  lease->assigned_us = sqlite3_column_int64 (stmt, 5);
  lease->lease_expires_us = sqlite3_column_int64 (stmt, 6);
  lease->gold_revealed = sqlite3_column_int (stmt, 7) != 0;
  lease->position = sqlite3_column_int64 (stmt, 8);
  lease->rework = sqlite3_column_int (stmt, 9) != 0;

  return lease;
}

static gboolean
sqlite_any_leases_due (LimnServerTxn  *txn,
                       gint64          now_us,
                       gboolean       *due,
                       GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;
  gint64 n;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT EXISTS (SELECT 1 FROM assignments "
                              "WHERE status = 'assigned' AND lease_expires_us <= ?)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now_us);
  if (!limn_sqlite_query_int (sql, stmt, &n, error))
    return FALSE;

  *due = n != 0;
  return TRUE;
}

static GPtrArray *
sqlite_leases_due (LimnServerTxn  *txn,
                   gint64          now_us,
                   GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT " LEASE_COLUMNS " FROM assignments a "
                              "WHERE a.status = 'assigned' AND a.lease_expires_us <= ?", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, now_us);
  return limn_server_sqlite_collect_rows (sql, stmt, read_lease,
                                         (GDestroyNotify)limn_server_lease_free, error);
}

static gpointer
read_held (sqlite3_stmt *stmt)
{
  LimnServerAssignment *a = g_new0 (LimnServerAssignment, 1);

  a->id = limn_sqlite_column_dup (stmt, 0);
  a->lease_expires_us = sqlite3_column_int64 (stmt, 1);
  a->position = sqlite3_column_int64 (stmt, 2);
  a->rework = sqlite3_column_int (stmt, 3) != 0;
  a->task = limn_server_sqlite_read_task (stmt, 4);
  return a;
}

static GPtrArray *
sqlite_held_leases (LimnServerTxn  *txn,
                    const char     *user_id,
                    const char     *project_id,
                    GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT a.id, a.lease_expires_us, a.position, a.rework, "
                              LIMN_SERVER_SQLITE_TASK_COLUMNS " "
                              "FROM assignments a JOIN tasks t ON t.id = a.task_id "
                              "WHERE a.annotator = ? AND a.project_id = ? AND a.status = 'assigned' "
                              "ORDER BY a.rework DESC, a.position", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, user_id);
  limn_sqlite_bind_text (stmt, 2, project_id);
  return limn_server_sqlite_collect_rows (sql, stmt, read_held,
                                         (GDestroyNotify)limn_server_assignment_free, error);
}

static GPtrArray *
sqlite_candidate_tasks (LimnServerTxn  *txn,
                        const char     *project_id,
                        const char     *user_id,
                        gboolean        gold,
                        gint64          max_holders,
                        guint           limit,
                        GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT t.id FROM tasks t "
                              "WHERE t.project_id = ?1 AND t.is_gold = ?2 "
                              "AND NOT EXISTS (SELECT 1 FROM assignments a "
                              "                WHERE a.task_id = t.id AND a.annotator = ?3) "
                              "AND (?4 <= 0 OR (SELECT count(*) FROM assignments a "
                              "     WHERE a.task_id = t.id "
                              "     AND a.status IN ('assigned', 'submitted', 'accepted')) < ?4) "
                              "ORDER BY t.position LIMIT ?5", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, project_id);
  sqlite3_bind_int (stmt, 2, gold ? 1 : 0);
  limn_sqlite_bind_text (stmt, 3, user_id);
  sqlite3_bind_int64 (stmt, 4, max_holders);
  sqlite3_bind_int64 (stmt, 5, limit);

  return limn_server_sqlite_collect_ids (sql, stmt, error);
}

static gboolean
sqlite_insert_assignment (LimnServerTxn          *txn,
                          const LimnServerLease  *lease,
                          GError                **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "INSERT INTO assignments (id, task_id, project_id, annotator, "
                              "status, assigned_us, lease_expires_us, position) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, lease->id);
  limn_sqlite_bind_text (stmt, 2, lease->task_id);
  limn_sqlite_bind_text (stmt, 3, lease->project_id);
  limn_sqlite_bind_text (stmt, 4, lease->annotator);
  limn_sqlite_bind_text (stmt, 5, limn_server_lease_state_to_string (lease->state));
  sqlite3_bind_int64 (stmt, 6, lease->assigned_us);
  sqlite3_bind_int64 (stmt, 7, lease->lease_expires_us);
  sqlite3_bind_int64 (stmt, 8, lease->position);

  return limn_sqlite_step_done (sql, stmt, error);
}

static gboolean
sqlite_lookup_assignment (LimnServerTxn     *txn,
                          const char        *task_id,
                          const char        *user_id,
                          LimnServerLease  **lease,
                          GError           **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;
  gboolean has_row;

  *lease = NULL;
  stmt = limn_sqlite_prepare (sql,
                              "SELECT " LEASE_COLUMNS " FROM assignments a "
                              "WHERE a.task_id = ? AND a.annotator = ?", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, task_id);
  limn_sqlite_bind_text (stmt, 2, user_id);
  if (!limn_sqlite_step_row (sql, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    *lease = read_lease (stmt);
  sqlite3_reset (stmt);

  return TRUE;
}

static gboolean
sqlite_count_holders (LimnServerTxn  *txn,
                      const char     *task_id,
                      gint64         *holders,
                      GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT count(*) FROM assignments WHERE task_id = ? "
                              "AND status IN ('assigned', 'submitted', 'accepted')", error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, task_id);

  return limn_sqlite_query_int (sql, stmt, holders, error);
}

static gboolean
sqlite_count_assignments (LimnServerTxn  *txn,
                          const char     *user_id,
                          const char     *project_id,
                          gint64         *count,
                          GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT count(*) FROM assignments WHERE annotator = ? "
                              "AND project_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, user_id);
  limn_sqlite_bind_text (stmt, 2, project_id);

  return limn_sqlite_query_int (sql, stmt, count, error);
}

static gboolean
sqlite_set_lease_state (LimnServerTxn         *txn,
                        const char            *assignment_id,
                        LimnServerLeaseState   state,
                        gint64                 now_us,
                        GError               **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  if (state == LIMN_SERVER_LEASE_SUBMITTED)
    stmt = limn_sqlite_prepare (sql,
                                "UPDATE assignments SET status = 'submitted', "
                                "submitted_us = coalesce (submitted_us, ?) WHERE id = ?", error);
  else
    stmt = limn_sqlite_prepare (sql, "UPDATE assignments SET status = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  if (state == LIMN_SERVER_LEASE_SUBMITTED)
    sqlite3_bind_int64 (stmt, 1, now_us);
  else
    limn_sqlite_bind_text (stmt, 1, limn_server_lease_state_to_string (state));
  limn_sqlite_bind_text (stmt, 2, assignment_id);

  return limn_sqlite_step_done (sql, stmt, error);
}

static gboolean
sqlite_set_gold_revealed (LimnServerTxn  *txn,
                          const char     *assignment_id,
                          gint64          now_us,
                          GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql, "UPDATE assignments SET gold_revealed_us = ? WHERE id = ?",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now_us);
  limn_sqlite_bind_text (stmt, 2, assignment_id);

  return limn_sqlite_step_done (sql, stmt, error);
}

static GPtrArray *
sqlite_task_leases (LimnServerTxn  *txn,
                    const char     *task_id,
                    GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT " LEASE_COLUMNS " FROM assignments a WHERE a.task_id = ? "
                              "ORDER BY a.assigned_us, a.rowid", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, task_id);
  return limn_server_sqlite_collect_rows (sql, stmt, read_lease,
                                         (GDestroyNotify)limn_server_lease_free, error);
}

static gboolean
sqlite_set_lease_rework (LimnServerTxn  *txn,
                         const char     *assignment_id,
                         gboolean        rework,
                         gint64          lease_expires_us,
                         GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  if (rework)
    stmt = limn_sqlite_prepare (sql,
                                "UPDATE assignments SET status = 'assigned', rework = 1, "
                                "lease_expires_us = ?2 WHERE id = ?1", error);
  else
    stmt = limn_sqlite_prepare (sql, "UPDATE assignments SET rework = 0 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, assignment_id);
  if (rework)
    sqlite3_bind_int64 (stmt, 2, lease_expires_us);

  return limn_sqlite_step_done (sql, stmt, error);
}

void
limn_server_sqlite_leases_init (LimnServerBackendInterface *iface)
{
  iface->any_leases_due = sqlite_any_leases_due;
  iface->leases_due = sqlite_leases_due;
  iface->held_leases = sqlite_held_leases;
  iface->candidate_tasks = sqlite_candidate_tasks;
  iface->insert_assignment = sqlite_insert_assignment;
  iface->lookup_assignment = sqlite_lookup_assignment;
  iface->count_holders = sqlite_count_holders;
  iface->count_assignments = sqlite_count_assignments;
  iface->set_lease_state = sqlite_set_lease_state;
  iface->set_gold_revealed = sqlite_set_gold_revealed;
  iface->task_leases = sqlite_task_leases;
  iface->set_lease_rework = sqlite_set_lease_rework;
}
