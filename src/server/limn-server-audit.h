/* limn-server-audit.h
 *
 * The audit log: who did what, when, with which token. Every write of the
 * server layer adds its record in the transaction that does the write, so
 * the log never holds a record of something that did not happen, nor
 * misses one that did.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "backend/limn-server-backend.h"

G_BEGIN_DECLS

/* @principal NULL: the admin CLI, which has no token (see
 * limn_server_audit_admin_detail()). */
gboolean    limn_server_audit_add          (LimnServerTxn              *txn,
                                            const LimnServerPrincipal  *principal,
                                            const char                 *action,
                                            JsonObject                 *detail,
                                            GError                    **error);

/* A detail object that says which account on the machine ran the admin
 * command. */
JsonObject *limn_server_audit_admin_detail (void);

G_END_DECLS
