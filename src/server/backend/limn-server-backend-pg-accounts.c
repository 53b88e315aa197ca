/* limn-server-backend-pg-accounts.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "limn-server-backend-pg-private.h"

static gboolean
pg_lookup_token (LimnServerTxn       *txn,
                 const char          *token_sha256,
                 LimnServerPrincipal **principal,
                 gboolean            *revoked,
                 GError              **error)
{
  (void)txn;
  (void)token_sha256;
  (void)principal;
  (void)revoked;
  limn_pg_not_supported (error, "lookup_token");
  return FALSE;
}

static gboolean
pg_lookup_token_id (LimnServerTxn *txn,
                    const char    *token_id,
                    gboolean      *found,
                    gboolean      *revoked,
                    GError        **error)
{
  (void)txn;
  (void)token_id;
  (void)found;
  (void)revoked;
  limn_pg_not_supported (error, "lookup_token_id");
  return FALSE;
}

static gboolean
pg_insert_token (LimnServerTxn  *txn,
                 const char     *token_id,
                 const char     *user_id,
                 const char     *project_id,
                 LimnServerRole role,
                 const char     *token_sha256,
                 gint64         now_us,
                 GError         **error)
{
  (void)txn;
  (void)token_id;
  (void)user_id;
  (void)project_id;
  (void)role;
  (void)token_sha256;
  (void)now_us;
  limn_pg_not_supported (error, "insert_token");
  return FALSE;
}

static gboolean
pg_revoke_token (LimnServerTxn *txn,
                 const char    *token_id,
                 gint64        now_us,
                 GError        **error)
{
  (void)txn;
  (void)token_id;
  (void)now_us;
  limn_pg_not_supported (error, "revoke_token");
  return FALSE;
}

static gboolean
pg_lookup_user (LimnServerTxn *txn,
                const char    *name,
                char          **user_id,
                GError        **error)
{
  (void)txn;
  (void)name;
  (void)user_id;
  limn_pg_not_supported (error, "lookup_user");
  return FALSE;
}

static gboolean
pg_insert_user (LimnServerTxn *txn,
                const char    *user_id,
                const char    *name,
                gint64        now_us,
                GError        **error)
{
  (void)txn;
  (void)user_id;
  (void)name;
  (void)now_us;
  limn_pg_not_supported (error, "insert_user");
  return FALSE;
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
