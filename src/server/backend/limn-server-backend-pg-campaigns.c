/* limn-server-backend-pg-campaigns.c
 *
 * PostgreSQL storage calls on relabel campaigns, the same SQL meaning as
 * limn-server-backend-sqlite-campaigns.c. Where SQLite breaks ties by
 * rowid, recv_seq does; text is sorted COLLATE "C", byte order as
 * SQLite's BINARY, whatever the database's locale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "limn-server-backend-pg-private.h"

#define CAMPAIGN_COLUMNS \
  "id, project_id, state, scope, reason, proposed_by, proposed_from_alert, approved_by, " \
  "dataset_from, base_version, result_version, comparison, created_us, updated_us, " \
  "finished_by, rolled_back_by, cancelled_by, proposed_from_guidelines"

static gpointer
read_campaign (const PGresult *res,
               int             row)
{
  LimnServerCampaign *c = g_new0 (LimnServerCampaign, 1);

  c->id = limn_pg_dup (res, row, 0);
  c->project_id = limn_pg_dup (res, row, 1);
  c->state = limn_pg_dup (res, row, 2);
  c->scope = limn_pg_dup (res, row, 3);
  c->reason = limn_pg_dup (res, row, 4);
  c->proposed_by = limn_pg_dup (res, row, 5);
  c->proposed_from_alert = limn_pg_dup (res, row, 6);
  c->approved_by = limn_pg_dup (res, row, 7);
  c->dataset_from = limn_pg_dup (res, row, 8);
  c->base_version = limn_pg_int64 (res, row, 9);
  c->result_version = limn_pg_int64 (res, row, 10);
  c->comparison = limn_pg_dup (res, row, 11);
  c->created_us = limn_pg_int64 (res, row, 12);
  c->updated_us = limn_pg_int64 (res, row, 13);
  c->finished_by = limn_pg_dup (res, row, 14);
  c->rolled_back_by = limn_pg_dup (res, row, 15);
  c->cancelled_by = limn_pg_dup (res, row, 16);
  c->proposed_from_guidelines = limn_pg_int64 (res, row, 17);

  return c;
}

static gboolean
pg_insert_campaign (LimnServerTxn             *txn,
                    const LimnServerCampaign  *c,
                    GError                   **error)
{
  static const LimnPgStatement stmt = {
    "insert_campaign",
    "INSERT INTO campaigns (" CAMPAIGN_COLUMNS ") VALUES "
    "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)", 18,
  };
  LimnPgNum n_base, n_result, n_created, n_updated, n_guidelines;
  const char *values[] = {
    c->id,
    c->project_id,
    c->state,
    c->scope,
    c->reason,
    c->proposed_by,
    c->proposed_from_alert,
    c->approved_by,
    c->dataset_from,
    limn_pg_int64_param (&n_base, c->base_version),
    limn_pg_int64_param (&n_result, c->result_version),
    c->comparison,
    limn_pg_int64_param (&n_created, c->created_us),
    limn_pg_int64_param (&n_updated, c->updated_us),
    c->finished_by,
    c->rolled_back_by,
    c->cancelled_by,
    /* 0 means "not from guidelines": NULL, as the CHECK wants. */
    c->proposed_from_guidelines > 0
      ? limn_pg_int64_param (&n_guidelines, c->proposed_from_guidelines) : NULL,
  };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

static gboolean
pg_update_campaign (LimnServerTxn             *txn,
                    const LimnServerCampaign  *c,
                    GError                   **error)
{
  static const LimnPgStatement stmt = {
    "update_campaign",
    "UPDATE campaigns SET state = $2, approved_by = $3, "
    "base_version = $4, result_version = $5, comparison = $6, "
    "updated_us = $7, finished_by = $8, rolled_back_by = $9, "
    "cancelled_by = $10 WHERE id = $1", 10,
  };
  LimnPgNum n_base, n_result, n_updated;
  const char *values[] = {
    c->id,
    c->state,
    c->approved_by,
    limn_pg_int64_param (&n_base, c->base_version),
    limn_pg_int64_param (&n_result, c->result_version),
    c->comparison,
    limn_pg_int64_param (&n_updated, c->updated_us),
    c->finished_by,
    c->rolled_back_by,
    c->cancelled_by,
  };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

static gboolean
pg_get_campaign (LimnServerTxn        *txn,
                 const char           *campaign_id,
                 LimnServerCampaign  **campaign,
                 GError              **error)
{
  static const LimnPgStatement stmt = {
    "get_campaign",
    "SELECT " CAMPAIGN_COLUMNS " FROM campaigns WHERE id = $1", 1,
  };
  const char *values[] = { campaign_id };
  g_autoptr(PGresult) res = NULL;

  *campaign = NULL;
  if (!limn_pg_run (txn, &stmt, values, &res, error))
    return FALSE;
  if (PQntuples (res) > 0)
    *campaign = read_campaign (res, 0);

  return TRUE;
}

static GPtrArray *
pg_list_campaigns (LimnServerTxn  *txn,
                   const char     *project_id,
                   GError        **error)
{
  static const LimnPgStatement stmt = {
    "list_campaigns",
    "SELECT " CAMPAIGN_COLUMNS " FROM campaigns "
    "WHERE project_id = $1 ORDER BY created_us, recv_seq", 1,
  };
  const char *values[] = { project_id };

  return limn_pg_collect_rows (txn, &stmt, values, read_campaign,
                               (GDestroyNotify)limn_server_campaign_free, error);
}

static gboolean
pg_insert_campaign_item (LimnServerTxn                 *txn,
                         const LimnServerCampaignItem  *item,
                         GError                       **error)
{
  static const LimnPgStatement stmt = {
    "insert_campaign_item",
    "INSERT INTO campaign_items (campaign_id, task_id, annotator, state, "
    "  base_annotation_id, result_annotation_id, prior_state, prior_rework) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", 8,
  };
  const char *values[] = {
    item->campaign_id,
    item->task_id,
    item->annotator,
    item->state,
    item->base_annotation_id,
    item->result_annotation_id,
    item->prior_state,
    item->prior_rework ? "1" : "0",
  };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

static gboolean
pg_update_campaign_item (LimnServerTxn                 *txn,
                         const LimnServerCampaignItem  *item,
                         GError                       **error)
{
  static const LimnPgStatement stmt = {
    "update_campaign_item",
    "UPDATE campaign_items SET state = $4, base_annotation_id = $5, "
    "  result_annotation_id = $6, prior_state = $7, prior_rework = $8 "
    "WHERE campaign_id = $1 AND task_id = $2 AND annotator = $3", 8,
  };
  const char *values[] = {
    item->campaign_id,
    item->task_id,
    item->annotator,
    item->state,
    item->base_annotation_id,
    item->result_annotation_id,
    item->prior_state,
    item->prior_rework ? "1" : "0",
  };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

static gpointer
read_item (const PGresult *res,
           int             row)
{
  LimnServerCampaignItem *item = g_new0 (LimnServerCampaignItem, 1);

  item->campaign_id = limn_pg_dup (res, row, 0);
  item->task_id = limn_pg_dup (res, row, 1);
  item->annotator = limn_pg_dup (res, row, 2);
  item->state = limn_pg_dup (res, row, 3);
  item->base_annotation_id = limn_pg_dup (res, row, 4);
  item->result_annotation_id = limn_pg_dup (res, row, 5);
  item->prior_state = limn_pg_dup (res, row, 6);
  item->prior_rework = limn_pg_int64 (res, row, 7) != 0;

  return item;
}

static GPtrArray *
pg_list_campaign_items (LimnServerTxn  *txn,
                        const char     *campaign_id,
                        GError        **error)
{
  static const LimnPgStatement stmt = {
    "list_campaign_items",
    "SELECT i.campaign_id, i.task_id, i.annotator, i.state, "
    "  i.base_annotation_id, i.result_annotation_id, i.prior_state, i.prior_rework "
    "FROM campaign_items i JOIN tasks t ON t.id = i.task_id "
    "WHERE i.campaign_id = $1 "
    "ORDER BY t.position, t.id COLLATE \"C\", i.annotator COLLATE \"C\"", 1,
  };
  const char *values[] = { campaign_id };

  return limn_pg_collect_rows (txn, &stmt, values, read_item,
                               (GDestroyNotify)limn_server_campaign_item_free, error);
}

static gboolean
pg_user_may_review (LimnServerTxn  *txn,
                    const char     *user_id,
                    const char     *project_id,
                    gboolean       *may,
                    GError        **error)
{
  static const LimnPgStatement stmt = {
    "user_may_review",
    "SELECT count (*) FROM tokens WHERE user_id = $1 "
    "AND revoked_us IS NULL "
    "AND ((role = 'admin' AND (project_id IS NULL OR project_id = $2)) "
    "     OR (role = 'reviewer' AND project_id = $2))", 2,
  };
  const char *values[] = { user_id, project_id };
  gint64 n = 0;

  if (!limn_pg_query_int64 (txn, &stmt, values, &n, error))
    return FALSE;
  *may = n > 0;
  return TRUE;
}

void
limn_server_pg_campaigns_init (LimnServerBackendInterface *iface)
{
  iface->insert_campaign = pg_insert_campaign;
  iface->update_campaign = pg_update_campaign;
  iface->get_campaign = pg_get_campaign;
  iface->list_campaigns = pg_list_campaigns;
  iface->insert_campaign_item = pg_insert_campaign_item;
  iface->update_campaign_item = pg_update_campaign_item;
  iface->list_campaign_items = pg_list_campaign_items;
  iface->user_may_review = pg_user_may_review;
}
