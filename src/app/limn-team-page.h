/* limn-team-page.h
 *
 * The Team page (issue 19, docs/reviewer-guide.md "Team dashboard"), for
 * reviewers and admins: the project's figures as the server computes them
 * (alerts, throughput with the finish-date forecast, per-annotator
 * acceptance, rework and gold accuracy, agreement by label, source and
 * guideline version, confusion hot spots), fetched when first shown, on
 * reload and on team.refresh (F5, Ctrl+R). Offline, or with the server
 * down, the last figures stay on screen with when they were fetched. A
 * LimnPage, built the first time it is shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "limn-page.h"
#include "sync/limn-wire-dashboard.h"

G_BEGIN_DECLS

#define LIMN_TYPE_TEAM_PAGE (limn_team_page_get_type ())

G_DECLARE_FINAL_TYPE (LimnTeamPage, limn_team_page, LIMN, TEAM_PAGE, GtkWidget)

/* Whether the signed-in user may see the team's figures (the page
 * table's may_open): a reviewer or an admin, as for the Review page. */
gboolean     limn_team_page_may_open          (LimnSession  *session);

/* For tests: what the page shows. */
/* "loading", "error" (nothing to show yet) or "dashboard". */
const char  *limn_team_page_get_state         (LimnTeamPage *self);
gboolean     limn_team_page_is_busy           (LimnTeamPage *self);
/* How many fetches finished (either way). */
guint        limn_team_page_get_n_fetched     (LimnTeamPage *self);
/* The dashboard on screen, or NULL. */
const LimnTeamDashboard *limn_team_page_get_dashboard (LimnTeamPage *self);
/* The texts shown: alert rows (one line each, title and subtitle), the
 * forecast line, the "could not update" row's subtitle ("" when hidden),
 * the hot spot rows and the annotator rows. */
char        *limn_team_page_get_alerts_text   (LimnTeamPage *self);
const char  *limn_team_page_get_forecast_text (LimnTeamPage *self);
const char  *limn_team_page_get_stale_text    (LimnTeamPage *self);
char        *limn_team_page_get_hot_spots_text (LimnTeamPage *self);
char        *limn_team_page_get_annotators_text (LimnTeamPage *self);
gboolean     limn_team_page_get_pseudonym_note_visible (LimnTeamPage *self);
/* The agreement chart and the menu choosing its grouping. */
GtkWidget   *limn_team_page_get_agreement_chart (LimnTeamPage *self);
GtkWidget   *limn_team_page_get_grouping_dropdown (LimnTeamPage *self);
/* The relabel campaign rows, one line each ("" when the section is not
 * shown); a proposed campaign's Approve button (NULL if none); how many
 * campaign lists arrived (either way); the campaigns' list box. */
char        *limn_team_page_get_campaigns_text (LimnTeamPage *self);
GtkWidget   *limn_team_page_get_approve_button (LimnTeamPage *self,
                                                const char   *campaign_id);
guint        limn_team_page_get_n_campaign_fetches (LimnTeamPage *self);
GtkWidget   *limn_team_page_get_campaigns_list (LimnTeamPage *self);
/* Chooses the period as the header bar's menu does (7, 30 or 90). */
void         limn_team_page_set_days          (LimnTeamPage *self,
                                               guint         days);
/* The what-if section: its forecast line ("" when none), the finish day it
 * shows (UTC µs; -1: none) and its two spin buttons. */
const char  *limn_team_page_get_capacity_text (LimnTeamPage *self);
gint64       limn_team_page_get_capacity_finish (LimnTeamPage *self);
GtkWidget   *limn_team_page_get_capacity_added_spin (LimnTeamPage *self);
GtkWidget   *limn_team_page_get_capacity_overlap_spin (LimnTeamPage *self);
/* The widget scrolled to show @child (for screenshots of the lower part). */
void         limn_team_page_scroll_to         (LimnTeamPage *self,
                                               double        fraction);

G_END_DECLS
