/* limn-server-records-campaigns.h
 *
 * Relabel campaigns (docs/server-guide.md, "Relabel campaigns"), as C
 * values: a campaign and its items (a task and the annotator whose answer
 * is to be redone).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *id;
  char   *project_id;
  char   *state;               /* proposed | approved | running | done | rolled_back | cancelled */
  char   *scope;               /* JSON object text: the query */
  char   *reason;
  char   *proposed_by;         /* user id; NULL: the server, from an alert or guidelines */
  char   *proposed_from_alert; /* alert id; NULL */
  char   *approved_by;         /* user id; NULL until approved */
  char   *dataset_from;        /* accepted | majority | dawid-skene */
  gint64  base_version;        /* dataset version frozen at approval; 0: none yet */
  gint64  result_version;      /* made at finish (or rollback); 0: none yet */
  char   *comparison;          /* JSON object text made at finish; NULL */
  gint64  created_us;
  gint64  updated_us;
  char   *finished_by;         /* user ids of who did the step; NULL */
  char   *rolled_back_by;
  char   *cancelled_by;
  gint64  proposed_from_guidelines; /* the guideline version that proposed it; 0: none */
} LimnServerCampaign;

void limn_server_campaign_free (LimnServerCampaign *campaign);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnServerCampaign, limn_server_campaign_free)

typedef struct
{
  char *campaign_id;
  char *task_id;
  char *annotator;             /* user id */
  char *state;                 /* proposed | pending | reworked | withdrawn */
  char *base_annotation_id;    /* the answer when approved; NULL before */
  char *result_annotation_id;  /* the answer at finish; NULL before */
  char *prior_state;           /* the assignment's state when approved (assigned |
                                * submitted | expired | accepted); NULL before */
  gboolean prior_rework;       /* it was in rework already (a reviewer's send_back) */
} LimnServerCampaignItem;

void limn_server_campaign_item_free (LimnServerCampaignItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnServerCampaignItem, limn_server_campaign_item_free)

G_END_DECLS
