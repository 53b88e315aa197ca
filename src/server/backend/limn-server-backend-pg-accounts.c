/* limn-server-backend-pg-accounts.c
 *
 * PostgreSQL storage calls on users and tokens, the same SQL meaning as
 * limn-server-backend-sqlite-accounts.c. Only a token's SHA-256 is stored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "limn-server-backend-pg-private.h"

static gboolean
pg_lookup_token (LimnServerTxn        *txn,
                 const char           *token_sha256,
                 LimnServerPrincipal **principal,
                 gboolean             *revoked,
                 GError              **error)
{
  static const LimnPgStatement stmt = {
    "lookup_token",
    "SELECT k.id, k.user_id, u.name, k.project_id, k.role, k.revoked_us IS NOT NULL "
    "FROM tokens k JOIN users u ON u.id = k.user_id WHERE k.sha256 = $1", 1,
  };
  const char *values[] = { token_sha256 };
  g_autoptr(PGresult) res = NULL;
  LimnServerPrincipal *p;

  *principal = NULL;
  *revoked = FALSE;

  if (!limn_pg_run (txn, &stmt, values, &res, error))
    return FALSE;
  if (PQntuples (res) == 0)
    return TRUE;

  p = g_new0 (LimnServerPrincipal, 1);
  p->token_id = limn_pg_dup (res, 0, 0);
  p->user_id = limn_pg_dup (res, 0, 1);
  p->user_name = limn_pg_dup (res, 0, 2);
  p->project_id = limn_pg_dup (res, 0, 3);
  if (!limn_server_role_from_string (limn_pg_text (res, 0, 4), &p->role))
    p->role = LIMN_SERVER_ROLE_ANNOTATOR;
  *revoked = limn_pg_bool (res, 0, 5);

  *principal = p;
  return TRUE;
}

static gboolean
pg_lookup_token_id (LimnServerTxn  *txn,
                    const char     *token_id,
                    gboolean       *found,
                    gboolean       *revoked,
                    GError        **error)
{
  static const LimnPgStatement stmt = {
    "lookup_token_id", "SELECT revoked_us IS NOT NULL FROM tokens WHERE id = $1", 1,
  };
  const char *values[] = { token_id };
  g_autoptr(PGresult) res = NULL;

  *found = FALSE;
  *revoked = FALSE;
  if (!limn_pg_run (txn, &stmt, values, &res, error))
    return FALSE;

  *found = PQntuples (res) > 0;
  if (*found)
    *revoked = limn_pg_bool (res, 0, 0);

  return TRUE;
}

static gboolean
pg_insert_token (LimnServerTxn   *txn,
                 const char      *token_id,
                 const char      *user_id,
                 const char      *project_id,
                 LimnServerRole   role,
                 const char      *token_sha256,
                 gint64           now_us,
                 GError         **error)
{
  static const LimnPgStatement stmt = {
    "insert_token",
    "INSERT INTO tokens (id, user_id, project_id, role, sha256, created_us) "
    "VALUES ($1, $2, $3, $4, $5, $6)", 6,
  };
  LimnPgNum now;
  const char *values[] = {
    token_id, user_id, project_id, limn_server_role_to_string (role), token_sha256,
    limn_pg_int64_param (&now, now_us),
  };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

static gboolean
pg_revoke_token (LimnServerTxn  *txn,
                 const char     *token_id,
                 gint64          now_us,
                 GError        **error)
{
  static const LimnPgStatement stmt = {
    "revoke_token", "UPDATE tokens SET revoked_us = $1 WHERE id = $2 AND revoked_us IS NULL", 2,
  };
  LimnPgNum now;
  const char *values[] = { limn_pg_int64_param (&now, now_us), token_id };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

static gboolean
pg_lookup_user (LimnServerTxn  *txn,
                const char     *name,
                char          **user_id,
                GError        **error)
{
  static const LimnPgStatement stmt = {
    "lookup_user", "SELECT id FROM users WHERE name = $1", 1,
  };
  const char *values[] = { name };

  return limn_pg_query_text (txn, &stmt, values, user_id, error);
}

static gboolean
pg_insert_user (LimnServerTxn  *txn,
                const char     *user_id,
                const char     *name,
                gint64          now_us,
                GError        **error)
{
  static const LimnPgStatement stmt = {
    "insert_user", "INSERT INTO users (id, name, created_us) VALUES ($1, $2, $3)", 3,
  };
  LimnPgNum now;
  const char *values[] = { user_id, name, limn_pg_int64_param (&now, now_us) };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

void
limn_server_pg_accounts_init (LimnServerBackendInterface *iface)
{
  iface->lookup_token = pg_lookup_token;
  iface->lookup_token_id = pg_lookup_token_id;
  iface->insert_token = pg_insert_token;
  iface->revoke_token = pg_revoke_token;
  iface->lookup_user = pg_lookup_user;
  iface->insert_user = pg_insert_user;
}
