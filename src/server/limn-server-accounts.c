/* limn-server-accounts.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-server-accounts.h"
#include "limn-server-audit.h"
#include "limn-server-projects.h"

LimnServerPrincipal *
limn_server_accounts_authenticate (LimnServerBackend  *backend,
                                   const char         *token_sha256,
                                   GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);
  g_autoptr(LimnServerPrincipal) principal = NULL;
  gboolean revoked = FALSE;

  if (txn == NULL ||
      !txn->store->lookup_token (txn, token_sha256, &principal, &revoked, error))
    return NULL;

  if (principal == NULL || revoked)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                   _("Unknown or revoked token."));
      return NULL;
    }

  return g_steal_pointer (&principal);
}

char *
limn_server_accounts_add_user (LimnServerBackend  *backend,
                               const char         *name,
                               GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  g_autoptr(JsonObject) detail = limn_server_audit_admin_detail ();
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *existing = NULL;

  if (txn == NULL || !txn->store->lookup_user (txn, name, &existing, error))
    return NULL;
  if (existing != NULL)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_EXISTS,
                   _("There is already a user named “%s”."), name);
      return NULL;
    }

  if (!txn->store->insert_user (txn, id, name, g_get_real_time (), error))
    return NULL;

  json_object_set_string_member (detail, "user_id", id);
  /* Not the name: the audit log is append-only, and a name must stay
   * erasable (erase-annotator). */
  if (!limn_server_audit_add (txn, NULL, "admin.user.add", detail, error) ||
      !limn_server_txn_commit (txn, error))
    return NULL;

  return g_steal_pointer (&id);
}

char *
limn_server_accounts_issue_token (LimnServerBackend  *backend,
                                  const char         *user_name,
                                  const char         *project_id,
                                  LimnServerRole      role,
                                  const char         *token_sha256,
                                  GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  g_autoptr(JsonObject) detail = limn_server_audit_admin_detail ();
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *user_id = NULL;
  LimnServerSettings settings;

  if (txn == NULL || !txn->store->lookup_user (txn, user_name, &user_id, error))
    return NULL;
  if (user_id == NULL)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                   _("There is no user named “%s”."), user_name);
      return NULL;
    }

  if (project_id != NULL && !limn_server_projects_read_settings (txn, project_id, &settings, error))
    return NULL;

  if (project_id == NULL && role != LIMN_SERVER_ROLE_ADMIN)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_INVALID,
                   _("Only an admin token can be issued without a project."));
      return NULL;
    }

  if (!txn->store->insert_token (txn, id, user_id, project_id, role, token_sha256,
                                 g_get_real_time (), error))
    return NULL;

  json_object_set_string_member (detail, "token_id", id);
  json_object_set_string_member (detail, "user_id", user_id);
  if (project_id != NULL)
    json_object_set_string_member (detail, "project_id", project_id);
  json_object_set_string_member (detail, "role", limn_server_role_to_string (role));
  if (!limn_server_audit_add (txn, NULL, "admin.token.issue", detail, error) ||
      !limn_server_txn_commit (txn, error))
    return NULL;

  return g_steal_pointer (&id);
}

gboolean
limn_server_accounts_revoke_token (LimnServerBackend  *backend,
                                   const char         *token_id,
                                   GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  g_autoptr(JsonObject) detail = limn_server_audit_admin_detail ();
  gboolean found = FALSE, revoked = FALSE;

  if (txn == NULL || !txn->store->lookup_token_id (txn, token_id, &found, &revoked, error))
    return FALSE;

  if (!found)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                   _("There is no token “%s”."), token_id);
      return FALSE;
    }
  if (revoked)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_INVALID,
                   _("The token “%s” was revoked already."), token_id);
      return FALSE;
    }

  if (!txn->store->revoke_token (txn, token_id, g_get_real_time (), error))
    return FALSE;

  json_object_set_string_member (detail, "token_id", token_id);

  return limn_server_audit_add (txn, NULL, "admin.token.revoke", detail, error) &&
         limn_server_txn_commit (txn, error);
}
