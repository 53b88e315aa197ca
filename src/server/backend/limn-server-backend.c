/* limn-server-backend.c
 *
 * The storage interface: its type and its transactions.
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
  txn->store = LIMN_SERVER_BACKEND_GET_IFACE (backend);
  txn->mode = mode;
}

gboolean
limn_server_txn_commit (LimnServerTxn  *txn,
                        GError        **error)
{
  return txn->store->commit (txn, error);
}

void
limn_server_txn_end (LimnServerTxn *txn)
{
  if (txn != NULL)
    txn->store->end (txn);
}
