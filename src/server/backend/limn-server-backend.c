/* limn-server-backend.c
 *
 * The storage interface: its type, transactions, and one dispatching
 * wrapper per storage call.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "limn-server-backend.h"

G_DEFINE_QUARK (limn-server-backend-error-quark, limn_server_backend_error)

G_DEFINE_INTERFACE (LimnServerBackend, limn_server_backend, G_TYPE_OBJECT)

static void
limn_server_backend_default_init (LimnServerBackendInterface *iface)
{
}

LimnServerTxn *
limn_server_backend_begin (LimnServerBackend  *self,
                           LimnServerTxnMode   mode,
                           GError            **error)
{
  g_return_val_if_fail (LIMN_IS_SERVER_BACKEND (self), NULL);
  return LIMN_SERVER_BACKEND_GET_IFACE (self)->begin (self, mode, error);
}

void
limn_server_txn_init (LimnServerTxn      *txn,
                      LimnServerBackend  *backend,
                      LimnServerTxnMode   mode)
{
  txn->backend = backend;
  txn->iface = LIMN_SERVER_BACKEND_GET_IFACE (backend);
  txn->mode = mode;
}

gboolean
limn_server_txn_commit (LimnServerTxn  *txn,
                        GError        **error)
{
  return txn->iface->commit (txn, error);
}

void
limn_server_txn_end (LimnServerTxn *txn)
{
  if (txn != NULL)
    txn->iface->end (txn);
}

/* Storage calls */

gboolean
limn_server_txn_lookup_token (LimnServerTxn        *txn,
                              const char           *token_sha256,
                              LimnServerPrincipal **principal,
                              gboolean             *revoked,
                              GError              **error)
{
  return txn->iface->lookup_token (txn, token_sha256, principal, revoked, error);
}

gboolean
limn_server_txn_lookup_token_id (LimnServerTxn  *txn,
                                 const char     *token_id,
                                 gboolean       *found,
                                 gboolean       *revoked,
                                 GError        **error)
{
  return txn->iface->lookup_token_id (txn, token_id, found, revoked, error);
}

gboolean
limn_server_txn_insert_token (LimnServerTxn   *txn,
                              const char      *token_id,
                              const char      *user_id,
                              const char      *project_id,
                              LimnServerRole   role,
                              const char      *token_sha256,
                              gint64           now_us,
                              GError         **error)
{
  return txn->iface->insert_token (txn, token_id, user_id, project_id, role, token_sha256, now_us,
                                   error);
}

gboolean
limn_server_txn_revoke_token (LimnServerTxn  *txn,
                              const char     *token_id,
                              gint64          now_us,
                              GError        **error)
{
  return txn->iface->revoke_token (txn, token_id, now_us, error);
}

gboolean
limn_server_txn_lookup_user (LimnServerTxn  *txn,
                             const char     *name,
                             char          **user_id,
                             GError        **error)
{
  return txn->iface->lookup_user (txn, name, user_id, error);
}

gboolean
limn_server_txn_insert_user (LimnServerTxn  *txn,
                             const char     *user_id,
                             const char     *name,
                             gint64          now_us,
                             GError        **error)
{
  return txn->iface->insert_user (txn, user_id, name, now_us, error);
}

gboolean
limn_server_txn_insert_project (LimnServerTxn            *txn,
                                const LimnServerProject  *project,
                                gint64                    now_us,
                                GError                  **error)
{
  return txn->iface->insert_project (txn, project, now_us, error);
}

gboolean
limn_server_txn_get_project (LimnServerTxn      *txn,
                             const char         *project_id,
                             LimnServerProject **project,
                             GError            **error)
{
  return txn->iface->get_project (txn, project_id, project, error);
}

GPtrArray     *
limn_server_txn_list_project_ids (LimnServerTxn  *txn,
                                  GError        **error)
{
  return txn->iface->list_project_ids (txn, error);
}

gboolean
limn_server_txn_get_settings (LimnServerTxn       *txn,
                              const char          *project_id,
                              LimnServerSettings  *settings,
                              gboolean            *found,
                              GError             **error)
{
  return txn->iface->get_settings (txn, project_id, settings, found, error);
}

gboolean
limn_server_txn_update_settings (LimnServerTxn             *txn,
                                 const char                *project_id,
                                 const LimnServerSettings  *settings,
                                 GError                   **error)
{
  return txn->iface->update_settings (txn, project_id, settings, error);
}

GPtrArray     *
limn_server_txn_project_status (LimnServerTxn  *txn,
                                const char     *project_id,
                                GError        **error)
{
  return txn->iface->project_status (txn, project_id, error);
}

LimnServerInventory *
limn_server_txn_inventory (LimnServerTxn  *txn,
                           const char     *project_id,
                           GError        **error)
{
  return txn->iface->inventory (txn, project_id, error);
}

GHashTable    *
limn_server_txn_get_tasks (LimnServerTxn       *txn,
                           const char * const  *task_ids,
                           GError             **error)
{
  return txn->iface->get_tasks (txn, task_ids, error);
}

gboolean
limn_server_txn_lookup_task_project (LimnServerTxn  *txn,
                                     const char     *task_id,
                                     char          **project_id,
                                     GError        **error)
{
  return txn->iface->lookup_task_project (txn, task_id, project_id, error);
}

gboolean
limn_server_txn_next_task_position (LimnServerTxn  *txn,
                                    const char     *project_id,
                                    gint64         *position,
                                    GError        **error)
{
  return txn->iface->next_task_position (txn, project_id, position, error);
}

gboolean
limn_server_txn_insert_task (LimnServerTxn         *txn,
                             const LimnServerTask  *task,
                             gint64                 now_us,
                             GError               **error)
{
  return txn->iface->insert_task (txn, task, now_us, error);
}

gboolean
limn_server_txn_set_task_gold (LimnServerTxn  *txn,
                               const char     *task_id,
                               const char     *answer_json,
                               GError        **error)
{
  return txn->iface->set_task_gold (txn, task_id, answer_json, error);
}

gboolean
limn_server_txn_get_task_gold (LimnServerTxn  *txn,
                               const char     *task_id,
                               gboolean       *is_gold,
                               char          **answer_json,
                               GError        **error)
{
  return txn->iface->get_task_gold (txn, task_id, is_gold, answer_json, error);
}

gboolean
limn_server_txn_find_media (LimnServerTxn  *txn,
                            const char     *sha256,
                            const char     *project_id,
                            const char     *holder,
                            gboolean       *found,
                            char          **mime,
                            GError        **error)
{
  return txn->iface->find_media (txn, sha256, project_id, holder, found, mime, error);
}

gboolean
limn_server_txn_any_leases_due (LimnServerTxn  *txn,
                                gint64          now_us,
                                gboolean       *due,
                                GError        **error)
{
  return txn->iface->any_leases_due (txn, now_us, due, error);
}

GPtrArray     *
limn_server_txn_leases_due (LimnServerTxn  *txn,
                            gint64          now_us,
                            GError        **error)
{
  return txn->iface->leases_due (txn, now_us, error);
}

GPtrArray     *
limn_server_txn_held_leases (LimnServerTxn  *txn,
                             const char     *user_id,
                             const char     *project_id,
                             GError        **error)
{
  return txn->iface->held_leases (txn, user_id, project_id, error);
}

GPtrArray     *
limn_server_txn_candidate_tasks (LimnServerTxn  *txn,
                                 const char     *project_id,
                                 const char     *user_id,
                                 gboolean        gold,
                                 gint64          max_holders,
                                 guint           limit,
                                 GError        **error)
{
  return txn->iface->candidate_tasks (txn, project_id, user_id, gold, max_holders, limit, error);
}

gboolean
limn_server_txn_insert_assignment (LimnServerTxn          *txn,
                                   const LimnServerLease  *lease,
                                   GError                **error)
{
  return txn->iface->insert_assignment (txn, lease, error);
}

gboolean
limn_server_txn_lookup_assignment (LimnServerTxn    *txn,
                                   const char       *task_id,
                                   const char       *user_id,
                                   LimnServerLease **lease,
                                   GError          **error)
{
  return txn->iface->lookup_assignment (txn, task_id, user_id, lease, error);
}

gboolean
limn_server_txn_count_holders (LimnServerTxn  *txn,
                               const char     *task_id,
                               gint64         *holders,
                               GError        **error)
{
  return txn->iface->count_holders (txn, task_id, holders, error);
}

gboolean
limn_server_txn_set_lease_state (LimnServerTxn         *txn,
                                 const char            *assignment_id,
                                 LimnServerLeaseState   state,
                                 gint64                 now_us,
                                 GError               **error)
{
  return txn->iface->set_lease_state (txn, assignment_id, state, now_us, error);
}

gboolean
limn_server_txn_set_gold_revealed (LimnServerTxn  *txn,
                                   const char     *assignment_id,
                                   gint64          now_us,
                                   GError        **error)
{
  return txn->iface->set_gold_revealed (txn, assignment_id, now_us, error);
}

gboolean
limn_server_txn_lookup_item_owner (LimnServerTxn      *txn,
                                   LimnBatchItemKind   kind,
                                   const char         *item_id,
                                   char              **user_id,
                                   GError            **error)
{
  return txn->iface->lookup_item_owner (txn, kind, item_id, user_id, error);
}

gboolean
limn_server_txn_insert_event (LimnServerTxn        *txn,
                              const LimnBatchItem  *item,
                              const char           *user_id,
                              gint64                now_us,
                              gboolean             *inserted,
                              GError              **error)
{
  return txn->iface->insert_event (txn, item, user_id, now_us, inserted, error);
}

gboolean
limn_server_txn_insert_annotation (LimnServerTxn          *txn,
                                   const LimnBatchItem    *item,
                                   const char             *user_id,
                                   const LimnServerLease  *lease,
                                   const char             *conflict_reason,
                                   gint64                  now_us,
                                   GError                **error)
{
  return txn->iface->insert_annotation (txn, item, user_id, lease, conflict_reason, now_us, error);
}

gboolean
limn_server_txn_insert_flag (LimnServerTxn        *txn,
                             const LimnBatchItem  *item,
                             const char           *user_id,
                             const char           *project_id,
                             gint64                now_us,
                             GError              **error)
{
  return txn->iface->insert_flag (txn, item, user_id, project_id, now_us, error);
}

gboolean
limn_server_txn_lookup_answer (LimnServerTxn           *txn,
                               const char              *user_id,
                               const char              *key,
                               LimnServerStoredAnswer **answer,
                               GError                 **error)
{
  return txn->iface->lookup_answer (txn, user_id, key, answer, error);
}

gboolean
limn_server_txn_insert_answer (LimnServerTxn                 *txn,
                               const char                    *user_id,
                               const char                    *key,
                               const LimnServerStoredAnswer  *answer,
                               gint64                         now_us,
                               GError                       **error)
{
  return txn->iface->insert_answer (txn, user_id, key, answer, now_us, error);
}

gboolean
limn_server_txn_insert_change (LimnServerTxn  *txn,
                               const char     *recipient,
                               const char     *project_id,
                               const char     *kind,
                               const char     *data_json,
                               gint64          now_us,
                               GError        **error)
{
  return txn->iface->insert_change (txn, recipient, project_id, kind, data_json, now_us, error);
}

GPtrArray     *
limn_server_txn_list_changes (LimnServerTxn  *txn,
                              const char     *recipient,
                              const char     *project_id,
                              gint64          since,
                              guint           limit,
                              GError        **error)
{
  return txn->iface->list_changes (txn, recipient, project_id, since, limit, error);
}

gboolean
limn_server_txn_insert_audit (LimnServerTxn  *txn,
                              const char     *user_id,
                              const char     *token_id,
                              const char     *action,
                              const char     *detail_json,
                              gint64          time_us,
                              GError        **error)
{
  return txn->iface->insert_audit (txn, user_id, token_id, action, detail_json, time_us, error);
}
