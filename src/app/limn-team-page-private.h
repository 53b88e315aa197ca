/* limn-team-page-private.h
 *
 * What the Team page's facets share: limn-team-page.c (the page, fetching,
 * its states) and limn-team-page-figures.c (what each section shows).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "charts/limn-bar-chart.h"
#include "charts/limn-chart-card.h"
#include "charts/limn-time-chart.h"
#include "limn-team-page.h"

G_BEGIN_DECLS

struct _LimnTeamPage
{
  GtkWidget          parent_instance;

  /* Template children */
  GtkStack          *stack;
  GtkSpinner        *loading_spinner;
  AdwStatusPage     *error_page;
  GtkScrolledWindow *scroller;
  GtkListBox        *stale_list;
  AdwActionRow      *stale_row;
  GtkLabel          *as_of_label;
  GtkWidget         *pseudonym_note;
  GtkListBox        *alerts_list;
  GtkBox            *campaigns_box;
  GtkListBox        *campaigns_list;
  GtkBox            *throughput_box;
  GtkLabel          *forecast_label;
  GtkLabel          *remaining_label;
  GtkBox            *capacity_box;
  GtkSpinButton     *capacity_added_spin;
  GtkSpinButton     *capacity_overlap_spin;
  GtkLabel          *capacity_label;
  GtkBox            *annotators_box;
  GtkListBox        *annotator_list;
  GtkDropDown       *grouping_dropdown;
  GtkBox            *agreement_box;
  GtkListBox        *hot_spot_list;
  GtkSpinner        *spinner;
  GtkDropDown       *days_dropdown;
  GtkWidget         *header_end;    /* owned: the window's while shown */

  /* The charts (limn-team-page-figures.c) */
  LimnTimeChart     *throughput_chart;
  LimnBarChart      *annotator_chart;
  LimnBarChart      *agreement_chart;
  LimnChartCard     *agreement_card;

  LimnSession       *session;
  GSimpleActionGroup *actions;
  char              *project_id;
  LimnProject       *project;       /* its labels name the server's label ids */
  gboolean           remote;        /* the project is on a server */
  GCancellable      *cancellable;
  LimnTeamDashboard *dashboard;     /* the last one fetched, or NULL */
  gint64             fetched_us;
  char              *stale_text;
  char              *forecast_text;
  char              *capacity_text;
  gint64             capacity_finish_us;  /* the what-if forecast's day; -1: none */
  gint64             capacity_overlap;    /* the dashboard's overlap the spin was set to */
  guint              n_fetched;
  /* Relabel campaigns (limn-team-page-campaigns.c) */
  GPtrArray         *campaigns;     /* LimnCampaign, the last list fetched, or NULL */
  GCancellable      *campaigns_cancellable;
  guint              n_campaign_fetches;
  guint              approving : 1;
  guint              busy : 1;
  guint              want_fetch : 1;
  guint              ready_sent : 1;
};

void limn_team_page_page_init      (LimnPageInterface *iface);

/* limn-team-page-figures.c */
void limn_team_page_figures_init   (LimnTeamPage *self);
/* Every section from self->dashboard. */
void limn_team_page_show_figures   (LimnTeamPage *self);
/* The agreement chart for the grouping chosen. */
void limn_team_page_show_agreement (LimnTeamPage *self);

/* A label the server names by id, as this project names it. */
const char *limn_team_page_label_display (LimnTeamPage             *self,
                                          const char               *id,
                                          const char               *server_name);
/* An alert told in the user's language. */
char       *limn_team_page_alert_text    (LimnTeamPage             *self,
                                          const LimnDashboardAlert *alert);

/* limn-team-page-capacity.c */
void limn_team_page_capacity_init  (LimnTeamPage *self);
/* The what-if section from self->dashboard and the spin buttons. */
void limn_team_page_show_capacity  (LimnTeamPage *self);

/* limn-team-page-campaigns.c */
/* Fetches the campaigns along with the dashboard; shows them when they come. */
void limn_team_page_fetch_campaigns (LimnTeamPage *self);
/* The section from self->campaigns (and the dashboard's alerts, for the
 * reasons of the campaigns alerts proposed). */
void limn_team_page_show_campaigns  (LimnTeamPage *self);
void limn_team_page_campaigns_clear (LimnTeamPage *self);

G_END_DECLS
