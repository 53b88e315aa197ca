/* limn-server-backend-pg-team.c
 *
 * PostgreSQL storage calls on the team dashboard and its alerts
 * (docs/metrics.md §9), the same SQL meaning as
 * limn-server-backend-sqlite-team.c.
 *
 * team_version and list_alerts are written; the others fail with
 * NOT_SUPPORTED and say which, so a server on PostgreSQL answers a clear
 * error instead of crashing. Replace each stub by its implementation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <math.h>

#include "limn-server-backend-pg-private.h"

/* The calls every request and `admin status` make (the alerts' refresh
 * reads the change counter; status lists the alerts), written with the
 * core facets. */

static gboolean
pg_team_version (LimnServerTxn  *txn,
                 const char     *project_id,
                 gint64         *version,
                 GError        **error)
{
  static const LimnPgStatement stmt = {
    "team_version", "SELECT coalesce (max (team_version), -1) FROM projects WHERE id = $1", 1,
  };
  const char *values[] = { project_id };

  return limn_pg_query_int64 (txn, &stmt, values, version, error);
}

#define ALERT_COLUMNS \
  "id, project_id, kind, key, subject, value, threshold, message, data, since_us, updated_us, " \
  "cleared_us"

static gpointer
read_alert (const PGresult *res,
            int             row)
{
  LimnServerAlert *alert = g_new0 (LimnServerAlert, 1);

  alert->id = limn_pg_dup (res, row, 0);
  alert->project_id = limn_pg_dup (res, row, 1);
  alert->kind = limn_pg_dup (res, row, 2);
  alert->key = limn_pg_dup (res, row, 3);
  alert->subject = limn_pg_dup (res, row, 4);
  alert->value = limn_pg_is_null (res, row, 5) ? NAN : limn_pg_double (res, row, 5);
  alert->threshold = limn_pg_is_null (res, row, 6) ? NAN : limn_pg_double (res, row, 6);
  alert->message = limn_pg_dup (res, row, 7);
  alert->data = limn_pg_dup (res, row, 8);
  alert->since_us = limn_pg_int64 (res, row, 9);
  alert->updated_us = limn_pg_int64 (res, row, 10);
  alert->cleared_us = limn_pg_int64 (res, row, 11);
  return alert;
}

static GPtrArray *
pg_list_alerts (LimnServerTxn  *txn,
                const char     *project_id,
                gboolean        active_only,
                GError        **error)
{
  static const LimnPgStatement stmt = {
    "list_alerts",
    "SELECT " ALERT_COLUMNS " FROM alerts WHERE ($1::text IS NULL OR project_id = $1) "
    "AND ($2::boolean = false OR cleared_us IS NULL) ORDER BY since_us, recv_seq", 2,
  };
  const char *values[] = { project_id, limn_pg_bool_param (active_only) };

  return limn_pg_collect_rows (txn, &stmt, values, read_alert,
                               (GDestroyNotify)limn_server_alert_free, error);
}

/* Not written yet. */

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
