/* limn-server-leases.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "limn-server-changes.h"
#include "limn-server-leases.h"

gboolean
limn_server_leases_expire_due (LimnServerTxn  *txn,
                               gint64          now_us,
                               guint          *n_expired,
                               GError        **error)
{
  g_autoptr(GPtrArray) due = txn->store->leases_due (txn, now_us, error);

  if (due == NULL)
    return FALSE;

  for (guint i = 0; i < due->len; i++)
    {
      LimnServerLease *lease = g_ptr_array_index (due, i);
      g_autoptr(JsonObject) data = json_object_new ();

      if (!txn->store->set_lease_state (txn, lease->id, LIMN_SERVER_LEASE_EXPIRED, now_us,
                                        error))
        return FALSE;

      json_object_set_string_member (data, "task_id", lease->task_id);
      json_object_set_string_member (data, "assignment_id", lease->id);
      if (!limn_server_changes_add (txn, lease->annotator, lease->project_id, "assignment_expired",
                                    data, now_us, error))
        return FALSE;
    }

  if (n_expired != NULL)
    *n_expired = due->len;

  return TRUE;
}

gboolean
limn_server_leases_expire (LimnServerBackend  *backend,
                           gint64              now_us,
                           guint              *n_expired,
                           GError            **error)
{
  g_autoptr(LimnServerTxn) look = NULL;
  g_autoptr(LimnServerTxn) txn = NULL;
  gboolean due = FALSE;

  if (n_expired != NULL)
    *n_expired = 0;

  /* The periodic sweep usually finds nothing: look before taking the
   * write lock. */
  look = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);
  if (look == NULL || !look->store->any_leases_due (look, now_us, &due, error))
    return FALSE;
  g_clear_pointer (&look, limn_server_txn_end);
  if (!due)
    return TRUE;

  txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  if (txn == NULL || !limn_server_leases_expire_due (txn, now_us, n_expired, error))
    return FALSE;

  return limn_server_txn_commit (txn, error);
}
