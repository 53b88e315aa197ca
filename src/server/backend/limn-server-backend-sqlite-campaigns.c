/* limn-server-backend-sqlite-campaigns.c
 *
 * The SQLite backend's storage calls for relabel campaigns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "limn-server-backend-sqlite-private.h"

#define CAMPAIGN_COLUMNS \
  "id, project_id, state, scope, reason, proposed_by, proposed_from_alert, approved_by, " \
  "dataset_from, base_version, result_version, comparison, created_us, updated_us, " \
  "finished_by, rolled_back_by, cancelled_by, proposed_from_guidelines"

static gpointer
read_campaign (sqlite3_stmt *stmt)
{
  LimnServerCampaign *c = g_new0 (LimnServerCampaign, 1);

  c->id = limn_sqlite_column_dup (stmt, 0);
  c->project_id = limn_sqlite_column_dup (stmt, 1);
  c->state = limn_sqlite_column_dup (stmt, 2);
  c->scope = limn_sqlite_column_dup (stmt, 3);
  c->reason = limn_sqlite_column_dup (stmt, 4);
  c->proposed_by = limn_sqlite_column_dup (stmt, 5);
  c->proposed_from_alert = limn_sqlite_column_dup (stmt, 6);
  c->approved_by = limn_sqlite_column_dup (stmt, 7);
  c->dataset_from = limn_sqlite_column_dup (stmt, 8);
  c->base_version = sqlite3_column_int64 (stmt, 9);
  c->result_version = sqlite3_column_int64 (stmt, 10);
  c->comparison = limn_sqlite_column_dup (stmt, 11);
  c->created_us = sqlite3_column_int64 (stmt, 12);
  c->updated_us = sqlite3_column_int64 (stmt, 13);
  c->finished_by = limn_sqlite_column_dup (stmt, 14);
  c->rolled_back_by = limn_sqlite_column_dup (stmt, 15);
  c->cancelled_by = limn_sqlite_column_dup (stmt, 16);
  c->proposed_from_guidelines = sqlite3_column_int64 (stmt, 17);

  return c;
}

static gboolean
sqlite_insert_campaign (LimnServerTxn             *txn,
                        const LimnServerCampaign  *c,
                        GError                   **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "INSERT INTO campaigns (" CAMPAIGN_COLUMNS ") VALUES "
                              "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
                              "?18)",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, c->id);
  limn_sqlite_bind_text (stmt, 2, c->project_id);
  limn_sqlite_bind_text (stmt, 3, c->state);
  limn_sqlite_bind_text (stmt, 4, c->scope);
  limn_sqlite_bind_text (stmt, 5, c->reason);
  limn_sqlite_bind_text (stmt, 6, c->proposed_by);
  limn_sqlite_bind_text (stmt, 7, c->proposed_from_alert);
  limn_sqlite_bind_text (stmt, 8, c->approved_by);
  limn_sqlite_bind_text (stmt, 9, c->dataset_from);
  sqlite3_bind_int64 (stmt, 10, c->base_version);
  sqlite3_bind_int64 (stmt, 11, c->result_version);
  limn_sqlite_bind_text (stmt, 12, c->comparison);
  sqlite3_bind_int64 (stmt, 13, c->created_us);
  sqlite3_bind_int64 (stmt, 14, c->updated_us);
  limn_sqlite_bind_text (stmt, 15, c->finished_by);
  limn_sqlite_bind_text (stmt, 16, c->rolled_back_by);
  limn_sqlite_bind_text (stmt, 17, c->cancelled_by);
  if (c->proposed_from_guidelines > 0)
    sqlite3_bind_int64 (stmt, 18, c->proposed_from_guidelines);
  else
    sqlite3_bind_null (stmt, 18);

  return limn_sqlite_step_done (sql, stmt, error);
}

static gboolean
sqlite_update_campaign (LimnServerTxn             *txn,
                        const LimnServerCampaign  *c,
                        GError                   **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "UPDATE campaigns SET state = ?2, approved_by = ?3, "
                              "base_version = ?4, result_version = ?5, comparison = ?6, "
                              "updated_us = ?7, finished_by = ?8, rolled_back_by = ?9, "
                              "cancelled_by = ?10 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, c->id);
  limn_sqlite_bind_text (stmt, 2, c->state);
  limn_sqlite_bind_text (stmt, 3, c->approved_by);
  sqlite3_bind_int64 (stmt, 4, c->base_version);
  sqlite3_bind_int64 (stmt, 5, c->result_version);
  limn_sqlite_bind_text (stmt, 6, c->comparison);
  sqlite3_bind_int64 (stmt, 7, c->updated_us);
  limn_sqlite_bind_text (stmt, 8, c->finished_by);
  limn_sqlite_bind_text (stmt, 9, c->rolled_back_by);
  limn_sqlite_bind_text (stmt, 10, c->cancelled_by);

  return limn_sqlite_step_done (sql, stmt, error);
}

static gboolean
sqlite_get_campaign (LimnServerTxn        *txn,
                     const char           *campaign_id,
                     LimnServerCampaign  **campaign,
                     GError              **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;
  gboolean has_row;

  *campaign = NULL;
  stmt = limn_sqlite_prepare (sql, "SELECT " CAMPAIGN_COLUMNS " FROM campaigns WHERE id = ?",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, campaign_id);
  if (!limn_sqlite_step_row (sql, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    *campaign = read_campaign (stmt);
  sqlite3_reset (stmt);

  return TRUE;
}

static GPtrArray *
sqlite_list_campaigns (LimnServerTxn  *txn,
                       const char     *project_id,
                       GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT " CAMPAIGN_COLUMNS " FROM campaigns "
                              "WHERE project_id = ? ORDER BY created_us, rowid", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, project_id);
  return limn_server_sqlite_collect_rows (sql, stmt, read_campaign,
                                          (GDestroyNotify)limn_server_campaign_free, error);
}

static gboolean
sqlite_insert_campaign_item (LimnServerTxn                 *txn,
                             const LimnServerCampaignItem  *item,
                             GError                       **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "INSERT INTO campaign_items (campaign_id, task_id, annotator, state, "
                              "  base_annotation_id, result_annotation_id, prior_state, prior_rework) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, item->campaign_id);
  limn_sqlite_bind_text (stmt, 2, item->task_id);
  limn_sqlite_bind_text (stmt, 3, item->annotator);
  limn_sqlite_bind_text (stmt, 4, item->state);
  limn_sqlite_bind_text (stmt, 5, item->base_annotation_id);
  limn_sqlite_bind_text (stmt, 6, item->result_annotation_id);
  limn_sqlite_bind_text (stmt, 7, item->prior_state);
  sqlite3_bind_int (stmt, 8, item->prior_rework ? 1 : 0);

  return limn_sqlite_step_done (sql, stmt, error);
}

static gboolean
sqlite_update_campaign_item (LimnServerTxn                 *txn,
                             const LimnServerCampaignItem  *item,
                             GError                       **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "UPDATE campaign_items SET state = ?4, base_annotation_id = ?5, "
                              "  result_annotation_id = ?6, prior_state = ?7, prior_rework = ?8 "
                              "WHERE campaign_id = ?1 AND task_id = ?2 AND annotator = ?3", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, item->campaign_id);
  limn_sqlite_bind_text (stmt, 2, item->task_id);
  limn_sqlite_bind_text (stmt, 3, item->annotator);
  limn_sqlite_bind_text (stmt, 4, item->state);
  limn_sqlite_bind_text (stmt, 5, item->base_annotation_id);
  limn_sqlite_bind_text (stmt, 6, item->result_annotation_id);
  limn_sqlite_bind_text (stmt, 7, item->prior_state);
  sqlite3_bind_int (stmt, 8, item->prior_rework ? 1 : 0);

  return limn_sqlite_step_done (sql, stmt, error);
}

static gpointer
read_item (sqlite3_stmt *stmt)
{
  LimnServerCampaignItem *item = g_new0 (LimnServerCampaignItem, 1);

  item->campaign_id = limn_sqlite_column_dup (stmt, 0);
  item->task_id = limn_sqlite_column_dup (stmt, 1);
  item->annotator = limn_sqlite_column_dup (stmt, 2);
  item->state = limn_sqlite_column_dup (stmt, 3);
  item->base_annotation_id = limn_sqlite_column_dup (stmt, 4);
  item->result_annotation_id = limn_sqlite_column_dup (stmt, 5);
  item->prior_state = limn_sqlite_column_dup (stmt, 6);
  item->prior_rework = sqlite3_column_int (stmt, 7) != 0;

  return item;
}

static GPtrArray *
sqlite_list_campaign_items (LimnServerTxn  *txn,
                            const char     *campaign_id,
                            GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT i.campaign_id, i.task_id, i.annotator, i.state, "
                              "  i.base_annotation_id, i.result_annotation_id, i.prior_state, i.prior_rework "
                              "FROM campaign_items i JOIN tasks t ON t.id = i.task_id "
                              "WHERE i.campaign_id = ? ORDER BY t.position, t.id, i.annotator",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, campaign_id);
  return limn_server_sqlite_collect_rows (sql, stmt, read_item,
                                          (GDestroyNotify)limn_server_campaign_item_free, error);
}

static gboolean
sqlite_user_may_review (LimnServerTxn  *txn,
                        const char     *user_id,
                        const char     *project_id,
                        gboolean       *may,
                        GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;
  gint64 n = 0;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT count (*) FROM tokens WHERE user_id = ?1 "
                              "AND revoked_us IS NULL "
                              "AND ((role = 'admin' AND (project_id IS NULL OR project_id = ?2)) "
                              "     OR (role = 'reviewer' AND project_id = ?2))", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, user_id);
  limn_sqlite_bind_text (stmt, 2, project_id);
  if (!limn_sqlite_query_int (sql, stmt, &n, error))
    return FALSE;
  *may = n > 0;
  return TRUE;
}

void
limn_server_sqlite_campaigns_init (LimnServerBackendInterface *iface)
{
  iface->insert_campaign = sqlite_insert_campaign;
  iface->update_campaign = sqlite_update_campaign;
  iface->get_campaign = sqlite_get_campaign;
  iface->list_campaigns = sqlite_list_campaigns;
  iface->insert_campaign_item = sqlite_insert_campaign_item;
  iface->update_campaign_item = sqlite_update_campaign_item;
  iface->list_campaign_items = sqlite_list_campaign_items;
  iface->user_may_review = sqlite_user_may_review;
}
