/* limn-store-accounts.c
 *
 * The store's record of servers: accounts (a server, a user, where the
 * token is kept) with their sync state and change cursor, and which
 * projects are remote (have a server), cached per connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-store-private.h"
#include "limn-store-accounts.h"

/* Account */

void
limn_account_free (LimnAccount *account)
{
  if (account == NULL)
    return;

  g_free (account->id);
  g_free (account->server_url);
  g_free (account->project_id);
  g_free (account->user_id);
  g_free (account->user_name);
  g_free (account->role);
  g_free (account->token_ref);
  g_free (account->cursor);
  g_free (account->last_error);
  g_free (account);
}

LimnAccount *
limn_account_copy (const LimnAccount *account)
{
  LimnAccount *copy;

  if (account == NULL)
    return NULL;

  copy = g_new0 (LimnAccount, 1);
  copy->id = g_strdup (account->id);
  copy->server_url = g_strdup (account->server_url);
  copy->project_id = g_strdup (account->project_id);
  copy->user_id = g_strdup (account->user_id);
  copy->user_name = g_strdup (account->user_name);
  copy->role = g_strdup (account->role);
  copy->token_ref = g_strdup (account->token_ref);
  copy->allow_insecure = account->allow_insecure;
  copy->cursor = g_strdup (account->cursor);
  copy->last_success_us = account->last_success_us;
  copy->last_error = g_strdup (account->last_error);

  return copy;
}

/* Remote projects: a per-connection cache, so queuing an event costs a hash
 * lookup rather than a query. It is reloaded when this connection marks a
 * project remote, or when PRAGMA data_version says another connection
 * committed. */

typedef struct
{
  GHashTable *ids;
  gint64      data_version;
  gboolean    valid;
} RemoteCache;

static void
remote_cache_free (gpointer data)
{
  RemoteCache *cache = data;

  g_hash_table_unref (cache->ids);
  g_free (cache);
}

static GQuark
remote_cache_quark (void)
{
  static GQuark quark;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("limn-store-remote-projects");

  return quark;
}

static RemoteCache *
remote_cache (LimnStore *self)
{
  RemoteCache *cache = g_object_get_qdata (G_OBJECT (self), remote_cache_quark ());

  if (cache == NULL)
    {
      cache = g_new0 (RemoteCache, 1);
      cache->ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_object_set_qdata_full (G_OBJECT (self), remote_cache_quark (), cache, remote_cache_free);
    }

  return cache;
}

static gboolean
read_data_version (LimnStore  *self,
                   gint64     *version,
                   GError    **error)
{
  sqlite3_stmt *stmt = limn_sqlite_prepare (self->sql, "PRAGMA data_version", error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *version = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW)
    return limn_sqlite_set_error (self->sql, rc, error);

  return TRUE;
}

/**
 * limn_store_get_remote_projects:
 *
 * Returns: (transfer none) (nullable): the ids of projects that sync with a
 *   server (a set), valid until the next store call; %NULL on error
 */
GHashTable *
limn_store_get_remote_projects (LimnStore  *self,
                                GError    **error)
{
  RemoteCache *cache = remote_cache (self);
  sqlite3_stmt *stmt;
  gint64 version = 0;
  int rc;

  if (!read_data_version (self, &version, error))
    return NULL;

  if (cache->valid && cache->data_version == version)
    return cache->ids;

  stmt = limn_sqlite_prepare (self->sql, "SELECT id FROM projects WHERE server_url IS NOT NULL",
                              error);
  if (stmt == NULL)
    return NULL;

  g_hash_table_remove_all (cache->ids);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (cache->ids, limn_sqlite_column_dup (stmt, 0));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      cache->valid = FALSE;
      limn_sqlite_set_error (self->sql, rc, error);
      return NULL;
    }

  cache->valid = TRUE;
  cache->data_version = version;

  return cache->ids;
}

gboolean
limn_store_is_remote_project (LimnStore  *self,
                              const char *project_id)
{
  GHashTable *remote;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  if (project_id == NULL)
    return FALSE;

  remote = limn_store_get_remote_projects (self, NULL);

  return remote != NULL && g_hash_table_contains (remote, project_id);
}

gboolean
limn_store_set_project_remote (LimnStore   *self,
                               const char  *project_id,
                               const char  *server_url,
                               const char  *settings_json,
                               GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  stmt = limn_sqlite_prepare (self->sql,
                              "UPDATE projects SET server_url = ?2, remote_id = ?1, "
                              "  settings = IFNULL (?3, settings), updated_us = ?4 WHERE id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, project_id);
  limn_sqlite_bind_text (stmt, 2, server_url);
  limn_sqlite_bind_text (stmt, 3, settings_json);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time ());

  remote_cache (self)->valid = FALSE;

  return limn_sqlite_step_done (self->sql, stmt, error);
}

gboolean
limn_store_hide_task_fields (LimnStore           *self,
                             const char          *project_id,
                             const char * const  *fields,
                             GError             **error)
{
  static const struct { const char *field; const char *sql; } steps[] = {
    { "title", "UPDATE tasks SET title = '' WHERE project_id = ? AND title != ''" },
    { "language", "UPDATE tasks SET language = NULL WHERE project_id = ? AND language IS NOT NULL" },
    { "suggestions", "DELETE FROM pre_annotations WHERE task_id IN "
                     "(SELECT id FROM tasks WHERE project_id = ?)" },
    { "suggestion_scores", "UPDATE pre_annotations SET score = NULL, model_version = NULL "
                           "WHERE task_id IN (SELECT id FROM tasks WHERE project_id = ?) "
                           "AND (score IS NOT NULL OR model_version IS NOT NULL)" },
  };

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  if (fields == NULL || fields[0] == NULL)
    return TRUE;
  if (!limn_store_begin (self, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      sqlite3_stmt *stmt;

      if (!g_strv_contains (fields, steps[i].field))
        continue;
      stmt = limn_sqlite_prepare (self->sql, steps[i].sql, error);
      if (stmt == NULL)
        goto fail;
      limn_sqlite_bind_text (stmt, 1, project_id);
      if (!limn_sqlite_step_done (self->sql, stmt, error))
        goto fail;
    }
  return limn_store_commit (self, error);

fail:
  limn_store_rollback (self);
  return FALSE;
}

gboolean
limn_store_project_exists (LimnStore  *self,
                           const char *project_id)
{
  sqlite3_stmt *stmt = limn_sqlite_prepare (self->sql, "SELECT 1 FROM projects WHERE id = ?", NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, project_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  return found;
}

/* Accounts and sync state */

gboolean
limn_store_project_user_name (LimnStore   *self,
                              const char  *project_id,
                              char       **user_name,
                              GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  *user_name = NULL;
  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT a.user_name FROM accounts a JOIN projects p ON p.server_url = a.server_url "
                              "WHERE p.id = ?1 AND (a.project_id IS NULL OR a.project_id = p.id) "
                              "ORDER BY a.project_id IS NULL, a.last_used_us DESC LIMIT 1",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, project_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *user_name = limn_sqlite_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return limn_sqlite_set_error (self->sql, rc, error);

  return TRUE;
}

LimnAccount *
limn_store_load_account (LimnStore   *self,
                         const char  *account_id,
                         GError     **error)
{
  g_autoptr(LimnAccount) account = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT a.id, a.server_url, a.project_id, a.user_id, a.user_name, a.role, "
                              "  a.token_ref, a.allow_insecure, IFNULL (s.cursor, '0'), "
                              "  IFNULL (s.last_success_us, 0), s.last_error "
                              "FROM accounts a LEFT JOIN sync_state s ON s.account_id = a.id "
                              "WHERE ?1 IS NULL OR a.id = ?1 ORDER BY a.last_used_us DESC LIMIT 1",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, account_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      account = g_new0 (LimnAccount, 1);
      account->id = limn_sqlite_column_dup (stmt, 0);
      account->server_url = limn_sqlite_column_dup (stmt, 1);
      account->project_id = limn_sqlite_column_dup (stmt, 2);
      account->user_id = limn_sqlite_column_dup (stmt, 3);
      account->user_name = limn_sqlite_column_dup (stmt, 4);
      account->role = limn_sqlite_column_dup (stmt, 5);
      account->token_ref = limn_sqlite_column_dup (stmt, 6);
      account->allow_insecure = sqlite3_column_int (stmt, 7) != 0;
      account->cursor = limn_sqlite_column_dup (stmt, 8);
      account->last_success_us = sqlite3_column_int64 (stmt, 9);
      account->last_error = limn_sqlite_column_dup (stmt, 10);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      limn_sqlite_set_error (self->sql, rc, error);
      return NULL;
    }

  if (account == NULL)
    g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND,
                 _("You have not signed in to a Limn server yet."));

  return g_steal_pointer (&account);
}

/**
 * limn_store_ensure_account:
 * @me: who the server says the token belongs to
 *
 * Finds or creates the account for (@server_url, user, project) and makes
 * it the most recently used.
 */
LimnAccount *
limn_store_ensure_account (LimnStore         *self,
                           const char        *server_url,
                           const LimnWireMe  *me,
                           const char        *token_ref,
                           gboolean           allow_insecure,
                           GError           **error)
{
  g_autofree char *id = NULL;
  sqlite3_stmt *stmt;
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  if (!limn_store_begin (self, error))
    return NULL;

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT id FROM accounts WHERE server_url = ?1 AND user_id = ?2 "
                              "  AND IFNULL (project_id, '') = IFNULL (?3, '')",
                              error);
  if (stmt == NULL)
    goto fail;
  limn_sqlite_bind_text (stmt, 1, server_url);
  limn_sqlite_bind_text (stmt, 2, me->user_id);
  limn_sqlite_bind_text (stmt, 3, me->project_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = limn_sqlite_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  if (id == NULL)
    id = g_uuid_string_random ();

  stmt = limn_sqlite_prepare (self->sql,
                              "INSERT INTO accounts (id, server_url, project_id, user_id, user_name, role, "
                              "  token_ref, allow_insecure, created_us, last_used_us) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9) "
                              "ON CONFLICT (id) DO UPDATE SET user_name = excluded.user_name, "
                              "  role = excluded.role, "
                              "  token_ref = CASE WHEN excluded.token_ref = 'none' THEN token_ref "
                              "                   ELSE excluded.token_ref END, "
                              "  allow_insecure = excluded.allow_insecure, last_used_us = excluded.last_used_us",
                              error);
  if (stmt == NULL)
    goto fail;
  limn_sqlite_bind_text (stmt, 1, id);
  limn_sqlite_bind_text (stmt, 2, server_url);
  limn_sqlite_bind_text (stmt, 3, me->project_id);
  limn_sqlite_bind_text (stmt, 4, me->user_id);
  limn_sqlite_bind_text (stmt, 5, me->user_name);
  limn_sqlite_bind_text (stmt, 6, me->role);
  limn_sqlite_bind_text (stmt, 7, token_ref);
  sqlite3_bind_int (stmt, 8, allow_insecure ? 1 : 0);
  sqlite3_bind_int64 (stmt, 9, now);
  if (!limn_sqlite_step_done (self->sql, stmt, error))
    goto fail;

  stmt = limn_sqlite_prepare (self->sql,
                              "INSERT INTO sync_state (account_id) VALUES (?) "
                              "ON CONFLICT (account_id) DO NOTHING",
                              error);
  if (stmt == NULL)
    goto fail;
  limn_sqlite_bind_text (stmt, 1, id);
  if (!limn_sqlite_step_done (self->sql, stmt, error))
    goto fail;

  if (!limn_store_commit (self, error))
    return NULL;

  return limn_store_load_account (self, id, error);

fail:
  limn_store_rollback (self);
  return NULL;
}

gboolean
limn_store_delete_account (LimnStore   *self,
                           const char  *account_id,
                           GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  stmt = limn_sqlite_prepare (self->sql, "DELETE FROM accounts WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, account_id);

  return limn_sqlite_step_done (self->sql, stmt, error);
}

/**
 * limn_store_set_sync_outcome:
 * @success_us: when a run succeeded, or 0 after a failure
 * @error_message: (nullable): why the run failed; %NULL clears it
 */
gboolean
limn_store_set_sync_outcome (LimnStore   *self,
                             const char  *account_id,
                             gint64       success_us,
                             const char  *error_message,
                             GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  stmt = limn_sqlite_prepare (self->sql,
                              "UPDATE sync_state SET last_attempt_us = ?4, "
                              "  last_success_us = CASE WHEN ?2 > 0 THEN ?2 ELSE last_success_us END, "
                              "  last_error = ?3, "
                              "  last_error_us = CASE WHEN ?3 IS NULL THEN last_error_us ELSE ?4 END "
                              "WHERE account_id = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, account_id);
  sqlite3_bind_int64 (stmt, 2, success_us);
  limn_sqlite_bind_text (stmt, 3, error_message);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time ());

  return limn_sqlite_step_done (self->sql, stmt, error);
}

gboolean
limn_store_set_cursor (LimnStore   *self,
                       const char  *account_id,
                       const char  *cursor,
                       GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  stmt = limn_sqlite_prepare (self->sql, "UPDATE sync_state SET cursor = ?2 WHERE account_id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, account_id);
  limn_sqlite_bind_text (stmt, 2, cursor);

  if (!limn_sqlite_step_done (self->sql, stmt, error))
    return FALSE;

  if (sqlite3_changes (limn_store_get_db (self)) != 1)
    {
      g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND,
                   _("The sync account is gone from this database."));
      return FALSE;
    }

  return TRUE;
}
