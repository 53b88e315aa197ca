/* limn-server-erase.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-server-audit.h"
#include "limn-server-erase.h"
#include "limn-server-pseudonyms.h"

static void
add_count (JsonObject *counts,
           const char *member,
           gint64      n,
           gint64     *total)
{
  json_object_set_int_member (counts, member, n);
  *total += n;
}

JsonObject *
limn_server_erase_annotator (LimnServerBackend  *backend,
                             const char         *who,
                             gboolean            apply,
                             GError            **error)
{
  g_autoptr(GBytes) secret = limn_server_pseudonym_secret (backend, error);
  g_autoptr(LimnServerTxn) txn = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonObject) detail = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *new_name = NULL;
  LimnServerErasure e;
  JsonObject *counts;
  gint64 total = 0;

  if (secret == NULL)
    return NULL;
  txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  if (txn == NULL || !txn->store->lookup_user (txn, who, &user_id, error))
    return NULL;
  /* Not a name: an id (the only way to name someone already erased). */
  if (user_id == NULL)
    {
      if (!txn->store->get_user_name (txn, who, &name, error))
        return NULL;
      if (name == NULL)
        {
          g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                       _("There is no user “%s”."), who);
          return NULL;
        }
      user_id = g_strdup (who);
    }

  new_name = limn_server_erased_name (secret, user_id);
  if (!txn->store->erase_user (txn, user_id, new_name, LIMN_SERVER_ERASED_TEXT, &e, error))
    return NULL;

  report = json_object_new ();
  counts = json_object_new ();
  json_object_set_string_member (report, "user_id", user_id);
  json_object_set_string_member (report, "name", new_name);
  json_object_set_boolean_member (report, "applied", apply);
  add_count (counts, "name", e.name, &total);
  add_count (counts, "tokens", e.tokens, &total);
  add_count (counts, "threads", e.threads, &total);
  add_count (counts, "messages", e.messages, &total);
  add_count (counts, "notes", e.notes, &total);
  add_count (counts, "changes_to_them", e.changes_to_them, &total);
  add_count (counts, "changes_naming_them", e.changes_naming, &total);
  json_object_set_object_member (report, "erased", counts);
  json_object_set_boolean_member (report, "nothing_left", total == 0);

  if (!apply)
    return g_steal_pointer (&report);

  /* The audit log is append-only: it gets the id and the counts, never
   * the name being erased. */
  detail = limn_server_audit_admin_detail ();
  json_object_set_string_member (detail, "user_id", user_id);
  json_object_set_object_member (detail, "erased", json_object_ref (counts));
  if (!limn_server_audit_add (txn, NULL, "admin.user.erase", detail, error) ||
      !limn_server_txn_commit (txn, error))
    return NULL;

  return g_steal_pointer (&report);
}
