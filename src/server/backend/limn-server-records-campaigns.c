/* limn-server-records-campaigns.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "limn-server-records-campaigns.h"

void
limn_server_campaign_free (LimnServerCampaign *campaign)
{
  if (campaign == NULL)
    return;

  g_free (campaign->id);
  g_free (campaign->project_id);
  g_free (campaign->state);
  g_free (campaign->scope);
  g_free (campaign->reason);
  g_free (campaign->proposed_by);
  g_free (campaign->proposed_from_alert);
  g_free (campaign->approved_by);
  g_free (campaign->dataset_from);
  g_free (campaign->comparison);
  g_free (campaign->finished_by);
  g_free (campaign->rolled_back_by);
  g_free (campaign->cancelled_by);
  g_free (campaign);
}

void
limn_server_campaign_item_free (LimnServerCampaignItem *item)
{
  if (item == NULL)
    return;

  g_free (item->campaign_id);
  g_free (item->task_id);
  g_free (item->annotator);
  g_free (item->state);
  g_free (item->base_annotation_id);
  g_free (item->result_annotation_id);
  g_free (item->prior_state);
  g_free (item);
}
