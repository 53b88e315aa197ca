/* limn-server-leases.h
 *
 * Lease expiry: a lease past its time returns its task to the pool, and
 * its annotator learns of it through an `assignment_expired` change. Claims
 * expire leases as they go; the server also sweeps periodically.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "backend/limn-server-backend.h"

G_BEGIN_DECLS

/* In a transaction of its own, when any lease is due. */
gboolean limn_server_leases_expire     (LimnServerBackend  *backend,
                                        gint64              now_us,
                                        guint              *n_expired,
                                        GError            **error);

/* Inside the caller's write transaction (a claim). */
gboolean limn_server_leases_expire_due (LimnServerTxn      *txn,
                                        gint64              now_us,
                                        guint              *n_expired,
                                        GError            **error);

G_END_DECLS
