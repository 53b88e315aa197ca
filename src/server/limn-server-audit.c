/* limn-server-audit.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "json/limn-json-writer.h"
#include "limn-server-audit.h"

gboolean
limn_server_audit_add (LimnServerTxn              *txn,
                       const LimnServerPrincipal  *principal,
                       const char                 *action,
                       JsonObject                 *detail,
                       GError                    **error)
{
  g_autofree char *text = detail != NULL ? limn_json_writer_object_to_string (detail) : NULL;

  return txn->store->insert_audit (txn, principal ? principal->user_id : NULL,
                                   principal ? principal->token_id : NULL, action,
                                   text ? text : "{}", g_get_real_time (), error);
}

JsonObject *
limn_server_audit_admin_detail (void)
{
  JsonObject *detail = json_object_new ();

  json_object_set_string_member (detail, "by", g_get_user_name ());
  return detail;
}
