/* limn-server-campaigns-private.h
 *
 * What the campaign files share (limn-server-campaigns.c: getting the
 * project, matching, keeping a proposal), and what a relabel campaign
 * does to the annotators' work, one item at a time, inside the step's
 * write transaction (limn-server-campaign-rework.c):
 * send it back, take it back, restore the base answer. Each writes the
 * change that tells the annotator's app, as a reviewer's verdict would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-server-campaigns.h"

G_BEGIN_DECLS

/* @project_id's project; NOT_FOUND when there is none. */
LimnServerProject  *limn_server_campaign_get_project (LimnServerTxn  *txn,
                                                      const char     *project_id,
                                                      GError        **error);

/* The answers @scope matches, its alert's scope filled in first. */
GPtrArray          *limn_server_campaign_match_in    (LimnServerTxn            *txn,
                                                      const LimnServerProject  *project,
                                                      LimnServerCampaignScope  *scope,
                                                      GError                  **error);

/* A proposal of @scope's @matches kept (with its items), the campaign
 * answered; @proposer (taken) NULL: the server proposes it
 * (limn-server-campaign-triggers.c), from the alert in @scope or from
 * guideline version @from_guidelines (0: none). */
LimnServerCampaign *
limn_server_campaign_insert_proposal (LimnServerTxn                  *txn,
                                      const char                     *project_id,
                                      const LimnServerCampaignScope  *scope,
                                      GPtrArray                      *matches,
                                      LimnServerDatasetMethod         method,
                                      const char                     *reason,
                                      char                           *proposer,
                                      gint64                          from_guidelines,
                                      gint64                          now_us,
                                      GError                        **error);

/* Sends @item's answer (@latest, the annotator's latest revision) back
 * for rework, first keeping the assignment's state in @item (prior_state,
 * prior_rework) and @latest as its base. */
gboolean limn_server_campaign_send_back (LimnServerTxn                 *txn,
                                         const LimnServerCampaign      *c,
                                         LimnServerCampaignItem        *item,
                                         const LimnServerAnnotation    *latest,
                                         gint64                         now_us,
                                         GError                       **error);

/* A rework nobody did, taken back: the assignment is in its state from
 * before the campaign again, and the annotator's app learns it (a
 * `review` accept when it was accepted, else `assignment_expired`).
 * @by: the user name doing it, shown to the annotator. */
gboolean limn_server_campaign_take_back (LimnServerTxn                 *txn,
                                         const LimnServerCampaign      *c,
                                         LimnServerCampaignItem        *item,
                                         const char                    *by,
                                         gint64                         now_us,
                                         GError                       **error);

/* The base answer made current again, as a new revision, when the latest
 * differs from it (compared canonically); the annotator's app gets it as
 * a `review` correction. *restored or *unchanged says which. */
gboolean limn_server_campaign_restore   (LimnServerTxn                 *txn,
                                         const LimnServerCampaign      *c,
                                         const LimnServerCampaignItem  *item,
                                         const char                    *by,
                                         gboolean                      *restored,
                                         gboolean                      *unchanged,
                                         gint64                         now_us,
                                         GError                       **error);

/* @regions_json (an array of regions) in a form two equal answers share:
 * each region without its id, members sorted, numbers as doubles, the
 * regions sorted. */
char    *limn_server_campaign_regions_key (const char *regions_json);

G_END_DECLS
