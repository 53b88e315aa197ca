/* limn-server-backend-sqlite-accounts.c
 *
 * Storage calls on users and tokens. Only a token's SHA-256 is stored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "limn-server-backend-sqlite-private.h"

static gboolean
sqlite_lookup_token (LimnServerTxn        *txn,
                     const char           *token_sha256,
                     LimnServerPrincipal **principal,
                     gboolean             *revoked,
                     GError              **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  g_autofree char *role = NULL;
  LimnServerPrincipal *p;
  sqlite3_stmt *stmt;
  gboolean has_row;

  *principal = NULL;
  *revoked = FALSE;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT k.id, k.user_id, u.name, k.project_id, k.role, "
                              "k.revoked_us IS NOT NULL "
                              "FROM tokens k JOIN users u ON u.id = k.user_id "
                              "WHERE k.sha256 = ?", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, token_sha256);
  if (!limn_sqlite_step_row (sql, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      sqlite3_reset (stmt);
      return TRUE;
    }

  p = g_new0 (LimnServerPrincipal, 1);
  p->token_id = limn_sqlite_column_dup (stmt, 0);
  p->user_id = limn_sqlite_column_dup (stmt, 1);
  p->user_name = limn_sqlite_column_dup (stmt, 2);
  p->project_id = limn_sqlite_column_dup (stmt, 3);
  role = limn_sqlite_column_dup (stmt, 4);
  *revoked = sqlite3_column_int (stmt, 5) != 0;
  sqlite3_reset (stmt);

  if (!limn_server_role_from_string (role, &p->role))
    p->role = LIMN_SERVER_ROLE_ANNOTATOR;

  *principal = p;
  return TRUE;
}

static gboolean
sqlite_lookup_token_id (LimnServerTxn  *txn,
                        const char     *token_id,
                        gboolean       *found,
                        gboolean       *revoked,
                        GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  *revoked = FALSE;
  stmt = limn_sqlite_prepare (sql, "SELECT revoked_us IS NOT NULL FROM tokens WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, token_id);
  if (!limn_sqlite_step_row (sql, stmt, found, error))
    return FALSE;
  if (*found)
    *revoked = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);

  return TRUE;
}

static gboolean
sqlite_insert_token (LimnServerTxn   *txn,
                     const char      *token_id,
                     const char      *user_id,
                     const char      *project_id,
                     LimnServerRole   role,
                     const char      *token_sha256,
                     gint64           now_us,
                     GError         **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "INSERT INTO tokens (id, user_id, project_id, role, sha256, created_us) "
                              "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, token_id);
  limn_sqlite_bind_text (stmt, 2, user_id);
  limn_sqlite_bind_text (stmt, 3, project_id);
  limn_sqlite_bind_text (stmt, 4, limn_server_role_to_string (role));
  limn_sqlite_bind_text (stmt, 5, token_sha256);
  sqlite3_bind_int64 (stmt, 6, now_us);

  return limn_sqlite_step_done (sql, stmt, error);
}

static gboolean
sqlite_revoke_token (LimnServerTxn  *txn,
                     const char     *token_id,
                     gint64          now_us,
                     GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "UPDATE tokens SET revoked_us = ? WHERE id = ? AND revoked_us IS NULL",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now_us);
  limn_sqlite_bind_text (stmt, 2, token_id);

  return limn_sqlite_step_done (sql, stmt, error);
}

static gboolean
sqlite_lookup_user (LimnServerTxn  *txn,
                    const char     *name,
                    char          **user_id,
                    GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt = limn_sqlite_prepare (sql, "SELECT id FROM users WHERE name = ?", error);

  *user_id = NULL;
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, name);

  return limn_server_sqlite_query_text (sql, stmt, user_id, error);
}

static gboolean
sqlite_insert_user (LimnServerTxn  *txn,
                    const char     *user_id,
                    const char     *name,
                    gint64          now_us,
                    GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql, "INSERT INTO users (id, name, created_us) VALUES (?, ?, ?)",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, user_id);
  limn_sqlite_bind_text (stmt, 2, name);
  sqlite3_bind_int64 (stmt, 3, now_us);

  return limn_sqlite_step_done (sql, stmt, error);
}

void
limn_server_sqlite_accounts_init (LimnServerBackendInterface *iface)
{
  iface->lookup_token = sqlite_lookup_token;
  iface->lookup_token_id = sqlite_lookup_token_id;
  iface->insert_token = sqlite_insert_token;
  iface->revoke_token = sqlite_revoke_token;
  iface->lookup_user = sqlite_lookup_user;
  iface->insert_user = sqlite_insert_user;
}
