/* limn-server-backend-pg-campaigns.c
 *
 * PostgreSQL storage calls on relabel campaigns, the same SQL meaning as
 * limn-server-backend-sqlite-campaigns.c.
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

static gboolean
pg_insert_campaign (LimnServerTxn            *txn,
                    const LimnServerCampaign *campaign,
                    GError                   **error)
{
  (void)txn;
  (void)campaign;
  limn_pg_not_supported (error, "insert_campaign");
  return FALSE;
}

static gboolean
pg_update_campaign (LimnServerTxn            *txn,
                    const LimnServerCampaign *campaign,
                    GError                   **error)
{
  (void)txn;
  (void)campaign;
  limn_pg_not_supported (error, "update_campaign");
  return FALSE;
}

static gboolean
pg_get_campaign (LimnServerTxn      *txn,
                 const char         *campaign_id,
                 LimnServerCampaign **campaign,
                 GError             **error)
{
  (void)txn;
  (void)campaign_id;
  (void)campaign;
  limn_pg_not_supported (error, "get_campaign");
  return FALSE;
}

static GPtrArray *
pg_list_campaigns (LimnServerTxn *txn,
                   const char    *project_id,
                   GError        **error)
{
  (void)txn;
  (void)project_id;
  limn_pg_not_supported (error, "list_campaigns");
  return NULL;
}

static gboolean
pg_insert_campaign_item (LimnServerTxn                *txn,
                         const LimnServerCampaignItem *item,
                         GError                       **error)
{
  (void)txn;
  (void)item;
  limn_pg_not_supported (error, "insert_campaign_item");
  return FALSE;
}

static gboolean
pg_update_campaign_item (LimnServerTxn                *txn,
                         const LimnServerCampaignItem *item,
                         GError                       **error)
{
  (void)txn;
  (void)item;
  limn_pg_not_supported (error, "update_campaign_item");
  return FALSE;
}

static GPtrArray *
pg_list_campaign_items (LimnServerTxn *txn,
                        const char    *campaign_id,
                        GError        **error)
{
  (void)txn;
  (void)campaign_id;
  limn_pg_not_supported (error, "list_campaign_items");
  return NULL;
}

static gboolean
pg_user_may_review (LimnServerTxn *txn,
                    const char    *user_id,
                    const char    *project_id,
                    gboolean      *may,
                    GError        **error)
{
  (void)txn;
  (void)user_id;
  (void)project_id;
  (void)may;
  limn_pg_not_supported (error, "user_may_review");
  return FALSE;
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
