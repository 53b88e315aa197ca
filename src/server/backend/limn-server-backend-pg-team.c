/* limn-server-backend-pg-team.c
 *
 * PostgreSQL storage calls on the team dashboard and its alerts
 * (docs/metrics.md §9), the same SQL meaning as
 * limn-server-backend-sqlite-team.c.
 *
 * Not written yet: every call fails with NOT_SUPPORTED and says which, so
 * a server on PostgreSQL answers a clear error instead of crashing.
 * Replace each stub by its implementation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "limn-server-backend-pg-private.h"

static LimnServerTeamData *
pg_team_data (LimnServerTxn *txn,
              const char    *project_id,
              GError        **error)
{
  (void)txn;
  (void)project_id;
  limn_pg_not_supported (error, "team_data");
  return NULL;
}

static gboolean
pg_team_version (LimnServerTxn *txn,
                 const char    *project_id,
                 gint64        *version,
                 GError        **error)
{
  (void)txn;
  (void)project_id;
  (void)version;
  limn_pg_not_supported (error, "team_version");
  return FALSE;
}

static GPtrArray *
pg_list_project_staff (LimnServerTxn *txn,
                       const char    *project_id,
                       GError        **error)
{
  (void)txn;
  (void)project_id;
  limn_pg_not_supported (error, "list_project_staff");
  return NULL;
}

static gboolean
pg_get_meta (LimnServerTxn *txn,
             const char    *key,
             GBytes        **value,
             GError        **error)
{
  (void)txn;
  (void)key;
  (void)value;
  limn_pg_not_supported (error, "get_meta");
  return FALSE;
}

static gboolean
pg_insert_meta (LimnServerTxn *txn,
                const char    *key,
                GBytes        *value,
                gboolean      *inserted,
                GError        **error)
{
  (void)txn;
  (void)key;
  (void)value;
  (void)inserted;
  limn_pg_not_supported (error, "insert_meta");
  return FALSE;
}

static GPtrArray *
pg_list_alerts (LimnServerTxn *txn,
                const char    *project_id,
                gboolean      active_only,
                GError        **error)
{
  (void)txn;
  (void)project_id;
  (void)active_only;
  limn_pg_not_supported (error, "list_alerts");
  return NULL;
}

static gboolean
pg_insert_alert (LimnServerTxn         *txn,
                 const LimnServerAlert *alert,
                 GError                **error)
{
  (void)txn;
  (void)alert;
  limn_pg_not_supported (error, "insert_alert");
  return FALSE;
}

static gboolean
pg_update_alert (LimnServerTxn         *txn,
                 const LimnServerAlert *alert,
                 GError                **error)
{
  (void)txn;
  (void)alert;
  limn_pg_not_supported (error, "update_alert");
  return FALSE;
}

void
limn_server_pg_team_init (LimnServerBackendInterface *iface)
{
  iface->team_data = pg_team_data;
  iface->team_version = pg_team_version;
  iface->list_project_staff = pg_list_project_staff;
  iface->get_meta = pg_get_meta;
  iface->insert_meta = pg_insert_meta;
  iface->list_alerts = pg_list_alerts;
  iface->insert_alert = pg_insert_alert;
  iface->update_alert = pg_update_alert;
}
