/* limn-wire-campaigns.h
 *
 * Relabel campaigns as the server sends them to reviewers and admins
 * (issue 20, docs/api.md "Relabel campaigns"): the list
 * (GET /api/v1/projects/{id}/campaigns), one campaign with its items
 * (GET …/campaigns/{cid}) and the approval's answer
 * (POST …/campaigns/{cid}/approve). Checked in full (types, ranges,
 * sizes, ids) before the app sees any of it; unknown members are
 * ignored, an unknown state is kept as LIMN_CAMPAIGN_UNKNOWN (a newer
 * server's) and shown without actions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LIMN_WIRE_MAX_CAMPAIGNS      10000
#define LIMN_WIRE_MAX_CAMPAIGN_ITEMS 1000000
#define LIMN_WIRE_MAX_CAMPAIGN_LABELS 10000

typedef enum
{
  LIMN_CAMPAIGN_PROPOSED,
  LIMN_CAMPAIGN_RUNNING,
  LIMN_CAMPAIGN_DONE,
  LIMN_CAMPAIGN_ROLLED_BACK,
  LIMN_CAMPAIGN_CANCELLED,
  LIMN_CAMPAIGN_UNKNOWN,       /* a newer server's state */
} LimnCampaignState;

typedef enum
{
  LIMN_CAMPAIGN_ITEM_PROPOSED,
  LIMN_CAMPAIGN_ITEM_PENDING,
  LIMN_CAMPAIGN_ITEM_REWORKED,
  LIMN_CAMPAIGN_ITEM_WITHDRAWN,
  LIMN_CAMPAIGN_ITEM_UNKNOWN,
} LimnCampaignItemState;

typedef struct
{
  char                  *task_id;
  char                  *annotator;           /* the server's user id or pseudonym */
  LimnCampaignItemState  state;
  char                  *base_annotation_id;  /* or NULL */
  char                  *result_annotation_id;/* or NULL */
} LimnCampaignItem;

/* What the campaign covers; every part optional (NULL, -1 or NaN). */
typedef struct
{
  char   *label;                 /* a label id or name, as proposed */
  char   *annotator;
  char   *source;                /* "human" or "model" */
  gint64  since_us;
  gint64  until_us;
  gint64  guideline_version;
  double  agreement_below;
  char   *alert_id;
} LimnCampaignScope;

/* One label's regions over a campaign's answers, before and after. */
typedef struct
{
  char   *name;                  /* the label's name, as the server has it */
  gint64  before;
  gint64  after;
} LimnCampaignLabelShift;

typedef struct
{
  char              *id;
  char              *project_id;
  LimnCampaignState  state;
  LimnCampaignScope  scope;
  char              *reason;               /* the proposer's words, or the server's English */
  char              *proposed_by;          /* a user id; NULL: the server, from an alert */
  char              *proposed_from_alert;  /* or NULL */
  char              *approved_by;          /* or NULL */
  char              *from;                 /* the base version's method, or NULL */
  gint64             base_version;         /* 0: none yet */
  gint64             result_version;       /* 0: none yet */
  char              *finished_by;
  char              *rolled_back_by;
  char              *cancelled_by;
  gint64             created_us;
  gint64             updated_us;
  /* progress; has_progress FALSE when the answer has none (approve) */
  gboolean           has_progress;
  gint64             total;
  gint64             reworked;
  gint64             remaining;
  gint64             withdrawn;
  gint64             rework;               /* approve: answers sent back; -1 otherwise */
  GPtrArray         *items;                /* LimnCampaignItem; NULL in the list */
  /* comparison, once finished: NaN / -1 when absent */
  gint64             items_changed;
  double             agreement_before;
  double             agreement_after;
  gint64             items_compared;       /* -1 when absent */
  GPtrArray         *label_shifts;         /* LimnCampaignLabelShift, in the server's order; NULL when absent */
  gint64             tasks;                /* progress: distinct tasks; -1 when absent (an older server) */
} LimnCampaign;

void               limn_campaign_free             (LimnCampaign *campaign);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnCampaign, limn_campaign_free)

const char        *limn_campaign_state_to_string  (LimnCampaignState state);

/* The list in @body, oldest first (LimnCampaign, items NULL). Any fault
 * is LIMN_SYNC_ERROR_BAD_RESPONSE with a translated message naming the
 * member ("campaigns[2].progress.total: must be an integer."). */
GPtrArray         *limn_wire_parse_campaigns      (GBytes       *body,
                                                   GError      **error);
/* One campaign: a status (with items) or an approval's answer. */
LimnCampaign      *limn_wire_parse_campaign       (GBytes       *body,
                                                   GError      **error);

G_END_DECLS
