/* limn-server-backend-pg-leases.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "limn-server-backend-pg-private.h"

static gboolean
pg_any_leases_due (LimnServerTxn *txn,
                   gint64        now_us,
                   gboolean      *due,
                   GError        **error)
{
  (void)txn;
  (void)now_us;
  (void)due;
  limn_pg_not_supported (error, "any_leases_due");
  return FALSE;
}

static GPtrArray *
pg_leases_due (LimnServerTxn *txn,
               gint64        now_us,
               GError        **error)
{
  (void)txn;
  (void)now_us;
  limn_pg_not_supported (error, "leases_due");
  return NULL;
}

static GPtrArray *
pg_held_leases (LimnServerTxn *txn,
                const char    *user_id,
                const char    *project_id,
                GError        **error)
{
  (void)txn;
  (void)user_id;
  (void)project_id;
  limn_pg_not_supported (error, "held_leases");
  return NULL;
}

static GPtrArray *
pg_candidate_tasks (LimnServerTxn *txn,
                    const char    *project_id,
                    const char    *user_id,
                    gboolean      gold,
                    gint64        max_holders,
                    guint         limit,
                    GError        **error)
{
  (void)txn;
  (void)project_id;
  (void)user_id;
  (void)gold;
  (void)max_holders;
  (void)limit;
  limn_pg_not_supported (error, "candidate_tasks");
  return NULL;
}

static gboolean
pg_insert_assignment (LimnServerTxn         *txn,
                      const LimnServerLease *lease,
                      GError                **error)
{
  (void)txn;
  (void)lease;
  limn_pg_not_supported (error, "insert_assignment");
  return FALSE;
}

static gboolean
pg_lookup_assignment (LimnServerTxn   *txn,
                      const char      *task_id,
                      const char      *user_id,
                      LimnServerLease **lease,
                      GError          **error)
{
  (void)txn;
  (void)task_id;
  (void)user_id;
  (void)lease;
  limn_pg_not_supported (error, "lookup_assignment");
  return FALSE;
}

static gboolean
pg_count_holders (LimnServerTxn *txn,
                  const char    *task_id,
                  gint64        *holders,
                  GError        **error)
{
  (void)txn;
  (void)task_id;
  (void)holders;
  limn_pg_not_supported (error, "count_holders");
  return FALSE;
}

static gboolean
pg_count_assignments (LimnServerTxn *txn,
                      const char    *user_id,
                      const char    *project_id,
                      gint64        *count,
                      GError        **error)
{
  (void)txn;
  (void)user_id;
  (void)project_id;
  (void)count;
  limn_pg_not_supported (error, "count_assignments");
  return FALSE;
}

static gboolean
pg_set_lease_state (LimnServerTxn        *txn,
                    const char           *assignment_id,
                    LimnServerLeaseState state,
                    gint64               now_us,
                    GError               **error)
{
  (void)txn;
  (void)assignment_id;
  (void)state;
  (void)now_us;
  limn_pg_not_supported (error, "set_lease_state");
  return FALSE;
}

static gboolean
pg_set_gold_revealed (LimnServerTxn *txn,
                      const char    *assignment_id,
                      gint64        now_us,
                      GError        **error)
{
  (void)txn;
  (void)assignment_id;
  (void)now_us;
  limn_pg_not_supported (error, "set_gold_revealed");
  return FALSE;
}

static GPtrArray *
pg_task_leases (LimnServerTxn *txn,
                const char    *task_id,
                GError        **error)
{
  (void)txn;
  (void)task_id;
  limn_pg_not_supported (error, "task_leases");
  return NULL;
}

static gboolean
pg_set_lease_rework (LimnServerTxn *txn,
                     const char    *assignment_id,
                     gboolean      rework,
                     gint64        lease_expires_us,
                     GError        **error)
{
  (void)txn;
  (void)assignment_id;
  (void)rework;
  (void)lease_expires_us;
  limn_pg_not_supported (error, "set_lease_rework");
  return FALSE;
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
