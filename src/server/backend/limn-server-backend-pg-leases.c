/* limn-server-backend-pg-leases.c
 *
 * PostgreSQL storage calls on assignments: one row per task and annotator,
 * ever (UNIQUE (task_id, annotator)), whose state the server layer moves
 * on; the same SQL meaning as limn-server-backend-sqlite-leases.c.
 *
 * Rows about to be leased or expired are selected FOR UPDATE SKIP LOCKED
 * in a write transaction: harmless under the writers' advisory lock (no
 * other writer holds a row lock then), and still correct if that lock is
 * ever narrowed (docs/postgresql.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "limn-server-backend-pg-private.h"

#define LEASE_COLUMNS \
  "a.id, a.task_id, a.project_id, a.annotator, a.status, a.assigned_us, a.lease_expires_us, " \
  "a.gold_revealed_us IS NOT NULL, a.position, a.rework"

static gpointer
read_lease (const PGresult *res,
            int             row)
{
  LimnServerLease *lease = g_new0 (LimnServerLease, 1);

  lease->id = limn_pg_dup (res, row, 0);
  lease->task_id = limn_pg_dup (res, row, 1);
  lease->project_id = limn_pg_dup (res, row, 2);
  lease->annotator = limn_pg_dup (res, row, 3);
  if (!limn_server_lease_state_from_string (limn_pg_text (res, row, 4), &lease->state))
    lease->state = LIMN_SERVER_LEASE_EXPIRED;
  lease->assigned_us = limn_pg_int64 (res, row, 5);
  lease->lease_expires_us = limn_pg_int64 (res, row, 6);
  lease->gold_revealed = limn_pg_bool (res, row, 7);
  lease->position = limn_pg_int64 (res, row, 8);
  lease->rework = limn_pg_int64 (res, row, 9) != 0;

  return lease;
}

static gboolean
pg_any_leases_due (LimnServerTxn  *txn,
                   gint64          now_us,
                   gboolean       *due,
                   GError        **error)
{
  static const LimnPgStatement stmt = {
    "any_leases_due",
    "SELECT EXISTS (SELECT 1 FROM assignments "
    "WHERE status = 'assigned' AND lease_expires_us <= $1)", 1,
  };
  LimnPgNum now;
  const char *values[] = { limn_pg_int64_param (&now, now_us) };
  g_autoptr(PGresult) res = NULL;

  *due = FALSE;
  if (!limn_pg_run (txn, &stmt, values, &res, error))
    return FALSE;

  *due = limn_pg_bool (res, 0, 0);
  return TRUE;
}

static GPtrArray *
pg_leases_due (LimnServerTxn  *txn,
               gint64          now_us,
               GError        **error)
{
  static const LimnPgStatement read = {
    "leases_due",
    "SELECT " LEASE_COLUMNS " FROM assignments a "
    "WHERE a.status = 'assigned' AND a.lease_expires_us <= $1", 1,
  };
  static const LimnPgStatement write = {
    "leases_due_for_update",
    "SELECT " LEASE_COLUMNS " FROM assignments a "
    "WHERE a.status = 'assigned' AND a.lease_expires_us <= $1 FOR UPDATE SKIP LOCKED", 1,
  };
  LimnPgNum now;
  const char *values[] = { limn_pg_int64_param (&now, now_us) };

  return limn_pg_collect_rows (txn, txn->mode == LIMN_SERVER_TXN_WRITE ? &write : &read, values,
                               read_lease, (GDestroyNotify)limn_server_lease_free, error);
}

static gpointer
read_held (const PGresult *res,
           int             row)
{
  LimnServerAssignment *a = g_new0 (LimnServerAssignment, 1);

  a->id = limn_pg_dup (res, row, 0);
  a->lease_expires_us = limn_pg_int64 (res, row, 1);
  a->position = limn_pg_int64 (res, row, 2);
  a->rework = limn_pg_int64 (res, row, 3) != 0;
  a->task = limn_pg_read_task (res, row, 4);
  return a;
}

static GPtrArray *
pg_held_leases (LimnServerTxn  *txn,
                const char     *user_id,
                const char     *project_id,
                GError        **error)
{
  static const LimnPgStatement stmt = {
    "held_leases",
    "SELECT a.id, a.lease_expires_us, a.position, a.rework, " LIMN_PG_TASK_COLUMNS " "
    "FROM assignments a JOIN tasks t ON t.id = a.task_id "
    "WHERE a.annotator = $1 AND a.project_id = $2 AND a.status = 'assigned' "
    "ORDER BY a.rework DESC, a.position", 2,
  };
  const char *values[] = { user_id, project_id };

  return limn_pg_collect_rows (txn, &stmt, values, read_held,
                               (GDestroyNotify)limn_server_assignment_free, error);
}

#define CANDIDATES \
  "SELECT t.id FROM tasks t " \
  "WHERE t.project_id = $1 AND t.is_gold = $2::bigint " \
  "AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.task_id = t.id AND a.annotator = $3) " \
  "AND ($4::bigint <= 0 OR (SELECT count(*) FROM assignments a WHERE a.task_id = t.id " \
  "     AND a.status IN ('assigned', 'submitted', 'accepted')) < $4::bigint) " \
  "ORDER BY t.position LIMIT $5::bigint"

static GPtrArray *
pg_candidate_tasks (LimnServerTxn  *txn,
                    const char     *project_id,
                    const char     *user_id,
                    gboolean        gold,
                    gint64          max_holders,
                    guint           limit,
                    GError        **error)
{
  static const LimnPgStatement read = { "candidate_tasks", CANDIDATES, 5 };
  static const LimnPgStatement write = {
    "candidate_tasks_for_update", CANDIDATES " FOR UPDATE OF t SKIP LOCKED", 5,
  };
  LimnPgNum holders, max;
  const char *values[] = {
    project_id, gold ? "1" : "0", user_id, limn_pg_int64_param (&holders, max_holders),
    limn_pg_int64_param (&max, limit),
  };

  return limn_pg_collect_ids (txn, txn->mode == LIMN_SERVER_TXN_WRITE ? &write : &read, values,
                              error);
}

static gboolean
pg_insert_assignment (LimnServerTxn          *txn,
                      const LimnServerLease  *lease,
                      GError                **error)
{
  static const LimnPgStatement stmt = {
    "insert_assignment",
    "INSERT INTO assignments (id, task_id, project_id, annotator, status, assigned_us, "
    "lease_expires_us, position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", 8,
  };
  LimnPgNum n[3];
  const char *values[] = {
    lease->id, lease->task_id, lease->project_id, lease->annotator,
    limn_server_lease_state_to_string (lease->state),
    limn_pg_int64_param (&n[0], lease->assigned_us),
    limn_pg_int64_param (&n[1], lease->lease_expires_us),
    limn_pg_int64_param (&n[2], lease->position),
  };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

static gboolean
pg_lookup_assignment (LimnServerTxn     *txn,
                      const char        *task_id,
                      const char        *user_id,
                      LimnServerLease  **lease,
                      GError           **error)
{
  static const LimnPgStatement stmt = {
    "lookup_assignment",
    "SELECT " LEASE_COLUMNS " FROM assignments a WHERE a.task_id = $1 AND a.annotator = $2", 2,
  };
  const char *values[] = { task_id, user_id };
  g_autoptr(PGresult) res = NULL;

  *lease = NULL;
  if (!limn_pg_run (txn, &stmt, values, &res, error))
    return FALSE;
  if (PQntuples (res) > 0)
    *lease = read_lease (res, 0);

  return TRUE;
}

static gboolean
pg_count_holders (LimnServerTxn  *txn,
                  const char     *task_id,
                  gint64         *holders,
                  GError        **error)
{
  static const LimnPgStatement stmt = {
    "count_holders",
    "SELECT count(*) FROM assignments WHERE task_id = $1 "
    "AND status IN ('assigned', 'submitted', 'accepted')", 1,
  };
  const char *values[] = { task_id };

  return limn_pg_query_int64 (txn, &stmt, values, holders, error);
}

static gboolean
pg_count_assignments (LimnServerTxn  *txn,
                      const char     *user_id,
                      const char     *project_id,
                      gint64         *count,
                      GError        **error)
{
  static const LimnPgStatement stmt = {
    "count_assignments",
    "SELECT count(*) FROM assignments WHERE annotator = $1 AND project_id = $2", 2,
  };
  const char *values[] = { user_id, project_id };

  return limn_pg_query_int64 (txn, &stmt, values, count, error);
}

static gboolean
pg_set_lease_state (LimnServerTxn         *txn,
                    const char            *assignment_id,
                    LimnServerLeaseState   state,
                    gint64                 now_us,
                    GError               **error)
{
  static const LimnPgStatement submitted = {
    "set_lease_submitted",
    "UPDATE assignments SET status = 'submitted', submitted_us = coalesce (submitted_us, $1) "
    "WHERE id = $2", 2,
  };
  static const LimnPgStatement other = {
    "set_lease_state", "UPDATE assignments SET status = $1 WHERE id = $2", 2,
  };
  LimnPgNum now;
  const char *values[] = {
    state == LIMN_SERVER_LEASE_SUBMITTED
      ? limn_pg_int64_param (&now, now_us) : limn_server_lease_state_to_string (state),
    assignment_id,
  };

  return limn_pg_run (txn, state == LIMN_SERVER_LEASE_SUBMITTED ? &submitted : &other, values,
                      NULL, error);
}

static gboolean
pg_set_gold_revealed (LimnServerTxn  *txn,
                      const char     *assignment_id,
                      gint64          now_us,
                      GError        **error)
{
  static const LimnPgStatement stmt = {
    "set_gold_revealed", "UPDATE assignments SET gold_revealed_us = $1 WHERE id = $2", 2,
  };
  LimnPgNum now;
  const char *values[] = { limn_pg_int64_param (&now, now_us), assignment_id };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

static GPtrArray *
pg_task_leases (LimnServerTxn  *txn,
                const char     *task_id,
                GError        **error)
{
  static const LimnPgStatement stmt = {
    "task_leases",
    "SELECT " LEASE_COLUMNS " FROM assignments a WHERE a.task_id = $1 "
    "ORDER BY a.assigned_us, a.recv_seq", 1,
  };
  const char *values[] = { task_id };

  return limn_pg_collect_rows (txn, &stmt, values, read_lease,
                               (GDestroyNotify)limn_server_lease_free, error);
}

static gboolean
pg_set_lease_rework (LimnServerTxn  *txn,
                     const char     *assignment_id,
                     gboolean        rework,
                     gint64          lease_expires_us,
                     GError        **error)
{
  static const LimnPgStatement set = {
    "set_lease_rework",
    "UPDATE assignments SET status = 'assigned', rework = 1, lease_expires_us = $2 "
    "WHERE id = $1", 2,
  };
  static const LimnPgStatement clear = {
    "clear_lease_rework", "UPDATE assignments SET rework = 0 WHERE id = $1", 1,
  };
  LimnPgNum expires;
  const char *values[] = { assignment_id, limn_pg_int64_param (&expires, lease_expires_us) };

  return limn_pg_run (txn, rework ? &set : &clear, values, NULL, error);
}

void
limn_server_pg_leases_init (LimnServerBackendInterface *iface)
{
  iface->any_leases_due = pg_any_leases_due;
  iface->leases_due = pg_leases_due;
  iface->held_leases = pg_held_leases;
  iface->candidate_tasks = pg_candidate_tasks;
  iface->insert_assignment = pg_insert_assignment;
  iface->lookup_assignment = pg_lookup_assignment;
  iface->count_holders = pg_count_holders;
  iface->count_assignments = pg_count_assignments;
  iface->set_lease_state = pg_set_lease_state;
  iface->set_gold_revealed = pg_set_gold_revealed;
  iface->task_leases = pg_task_leases;
  iface->set_lease_rework = pg_set_lease_rework;
}
