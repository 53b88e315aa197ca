/* limn-team-page.c
 *
 * The Team page: its template, fetching the dashboard from the server
 * and its states (loading, an error with nothing to show, the dashboard,
 * the dashboard kept with "could not update"), and the campaigns fetched
 * after each dashboard. What each section shows is
 * built in limn-team-page-figures.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-accessible.h"
#include "limn-delayed-spinner.h"
#include "limn-review-page.h"
#include "limn-team-page-private.h"
#include "limn-when.h"

G_DEFINE_FINAL_TYPE_WITH_CODE (LimnTeamPage, limn_team_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LIMN_TYPE_PAGE, limn_team_page_page_init))

enum {
  PROP_0,
  PROP_SUBTITLE,
  N_PROPS
};

static const guint days_choices[] = { 7, 30, 90 };

gboolean
limn_team_page_may_open (LimnSession *session)
{
  /* The server decides who sees the figures (403 otherwise); the page is
   * offered to whoever the Review page is. */
  return limn_review_page_may_open (session);
}

static guint
selected_days (LimnTeamPage *self)
{
  guint i = gtk_drop_down_get_selected (self->days_dropdown);

  return i < G_N_ELEMENTS (days_choices) ? days_choices[i] : 30;
}

static void
set_busy (LimnTeamPage *self,
          gboolean      busy)
{
  self->busy = busy;
  if (busy)
    limn_delayed_spinner_start (self->spinner);
  else
    limn_delayed_spinner_stop (self->spinner);
  if (busy && self->dashboard == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
      limn_delayed_spinner_start (self->loading_spinner);
    }
  else
    limn_delayed_spinner_stop (self->loading_spinner);
}

/* @message: why the figures could not be fetched. With figures on
 * screen they stay, with when they are from; else the error page. */
static void
show_error (LimnTeamPage *self,
            const char   *message)
{
  if (self->dashboard != NULL)
    {
      g_autofree char *when = limn_format_when (self->dashboard->generated_us > 0 ? self->dashboard->generated_us
                                                                                   : self->fetched_us);
      g_autofree char *text = NULL;

      /* Translators: an error message, then when the figures shown are from. */
      text = g_strdup_printf (_("%s The figures shown are as of %s."), message, when);
      adw_action_row_set_subtitle (self->stale_row, text);
      g_free (self->stale_text);
      self->stale_text = g_steal_pointer (&text);
      gtk_widget_set_visible (GTK_WIDGET (self->stale_list), TRUE);
      gtk_stack_set_visible_child_name (self->stack, "dashboard");
    }
  else
    {
      adw_status_page_set_description (self->error_page, message);
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
}

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(LimnTeamPage) self = data;
  g_autoptr(GError) error = NULL;
  LimnTeamDashboard *dashboard;

  dashboard = limn_sync_client_fetch_dashboard_finish (LIMN_SYNC_CLIENT (object), result, &error);
  /* A newer fetch replaced this one: it tells. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->n_fetched++;
  set_busy (self, FALSE);
  if (dashboard == NULL)
    {
      g_debug ("Team dashboard: %s", error->message);
      show_error (self, error->message);
    }
  else
    {
      g_clear_pointer (&self->dashboard, limn_team_dashboard_free);
      self->dashboard = dashboard;
      self->fetched_us = g_get_real_time ();
      g_clear_pointer (&self->stale_text, g_free);
      gtk_widget_set_visible (GTK_WIDGET (self->stale_list), FALSE);
      limn_team_page_show_figures (self);
      /* After the dashboard: the server proposes campaigns for the alerts
       * it raises while making it, and they are told as the alert is. */
      limn_team_page_show_campaigns (self);
      limn_team_page_fetch_campaigns (self);
      gtk_stack_set_visible_child_name (self->stack, "dashboard");
      limn_page_set_badge (LIMN_PAGE (self), dashboard->alerts->len);
    }

  if (!self->ready_sent)
    {
      self->ready_sent = TRUE;
      limn_page_content_ready (LIMN_PAGE (self));
    }
}

static void
fetch (LimnTeamPage *self)
{
  LimnSyncClient *sync = self->session != NULL ? limn_session_get_sync_client (self->session) : NULL;

  /* Not on screen: fetched when it is. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->want_fetch = TRUE;
      return;
    }
  self->want_fetch = FALSE;

  if (self->project_id == NULL)
    return;
  if (!self->remote)
    {
      show_error (self, _("This project is only on this computer: the team’s figures come from a Limn server."));
      return;
    }
  if (sync == NULL)
    {
      show_error (self, _("Sign in to the project’s server to see the team’s figures."));
      return;
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  limn_sync_client_fetch_dashboard_async (sync, self->project_id, selected_days (self), self->cancellable,
                                          fetched_cb, g_object_ref (self));
}

static void
refresh_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       data)
{
  LimnTeamPage *self = data;

  self->want_fetch = TRUE;
  fetch (self);
}

static void
days_changed_cb (LimnTeamPage *self)
{
  fetch (self);
}

static void
grouping_changed_cb (LimnTeamPage *self)
{
  limn_team_page_show_agreement (self);
}

/* LimnPage */

static void
set_session (LimnPage    *page,
             LimnSession *session)
{
  LimnTeamPage *self = LIMN_TEAM_PAGE (page);

  g_set_object (&self->session, session);
}

static void
show_project (LimnPage            *page,
              LimnProjectContents *contents)
{
  LimnTeamPage *self = LIMN_TEAM_PAGE (page);
  const char *id = limn_project_get_id (contents->project);

  g_set_object (&self->project, contents->project);
  self->remote = limn_project_get_server_url (contents->project) != NULL;
  if (g_strcmp0 (self->project_id, id) == 0)
    return;

  /* Another project: its figures, not the last one's. */
  g_free (self->project_id);
  self->project_id = g_strdup (id);
  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->dashboard, limn_team_dashboard_free);
  limn_team_page_campaigns_clear (self);
  limn_team_page_show_campaigns (self);
  gtk_widget_set_visible (GTK_WIDGET (self->stale_list), FALSE);
  fetch (self);
}

static GtkWidget *
get_header_start (LimnPage *page)
{
  return NULL;
}

static GtkWidget *
get_header_end (LimnPage *page)
{
  return LIMN_TEAM_PAGE (page)->header_end;
}

static GActionGroup *
get_actions (LimnPage *page)
{
  return G_ACTION_GROUP (LIMN_TEAM_PAGE (page)->actions);
}

/* The store changed (a sync ran): the server's figures may have too. */
static void
reload (LimnPage *page)
{
  fetch (LIMN_TEAM_PAGE (page));
}

static void
close_page (LimnPage *page)
{
  g_cancellable_cancel (LIMN_TEAM_PAGE (page)->cancellable);
  g_cancellable_cancel (LIMN_TEAM_PAGE (page)->campaigns_cancellable);
}

void
limn_team_page_page_init (LimnPageInterface *iface)
{
  iface->set_session = set_session;
  iface->show_project = show_project;
  iface->get_header_start = get_header_start;
  iface->get_header_end = get_header_end;
  iface->get_actions = get_actions;
  iface->reload = reload;
  iface->close = close_page;
}

/* Shown: fetched the first time, and when a reload came meanwhile. */
static void
limn_team_page_map (GtkWidget *widget)
{
  LimnTeamPage *self = LIMN_TEAM_PAGE (widget);

  GTK_WIDGET_CLASS (limn_team_page_parent_class)->map (widget);
  if (self->want_fetch || (self->dashboard == NULL && !self->busy))
    fetch (self);
}

/* For tests */

const char *
limn_team_page_get_state (LimnTeamPage *self)
{
  g_return_val_if_fail (LIMN_IS_TEAM_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

gboolean
limn_team_page_is_busy (LimnTeamPage *self)
{
  g_return_val_if_fail (LIMN_IS_TEAM_PAGE (self), FALSE);
  return self->busy;
}

guint
limn_team_page_get_n_fetched (LimnTeamPage *self)
{
  g_return_val_if_fail (LIMN_IS_TEAM_PAGE (self), 0);
  return self->n_fetched;
}

const LimnTeamDashboard *
limn_team_page_get_dashboard (LimnTeamPage *self)
{
  g_return_val_if_fail (LIMN_IS_TEAM_PAGE (self), NULL);
  return self->dashboard;
}

const char *
limn_team_page_get_stale_text (LimnTeamPage *self)
{
  g_return_val_if_fail (LIMN_IS_TEAM_PAGE (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->stale_list)) && self->stale_text ? self->stale_text : "";
}

gboolean
limn_team_page_get_pseudonym_note_visible (LimnTeamPage *self)
{
  g_return_val_if_fail (LIMN_IS_TEAM_PAGE (self), FALSE);
  return gtk_widget_get_visible (self->pseudonym_note);
}

GtkWidget *
limn_team_page_get_agreement_chart (LimnTeamPage *self)
{
  g_return_val_if_fail (LIMN_IS_TEAM_PAGE (self), NULL);
  return GTK_WIDGET (self->agreement_chart);
}

GtkWidget *
limn_team_page_get_grouping_dropdown (LimnTeamPage *self)
{
  g_return_val_if_fail (LIMN_IS_TEAM_PAGE (self), NULL);
  return GTK_WIDGET (self->grouping_dropdown);
}

void
limn_team_page_set_days (LimnTeamPage *self,
                         guint         days)
{
  g_return_if_fail (LIMN_IS_TEAM_PAGE (self));

  for (guint i = 0; i < G_N_ELEMENTS (days_choices); i++)
    if (days_choices[i] == days)
      gtk_drop_down_set_selected (self->days_dropdown, i);
}

void
limn_team_page_scroll_to (LimnTeamPage *self,
                          double        fraction)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);

  gtk_adjustment_set_value (adj, gtk_adjustment_get_lower (adj) +
                                 fraction * (gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj)));
}

/* GObject */

static void
limn_team_page_dispose (GObject *object)
{
  LimnTeamPage *self = LIMN_TEAM_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->spinner != NULL)
    {
      limn_delayed_spinner_stop (self->spinner);
      limn_delayed_spinner_stop (self->loading_spinner);
    }
  g_clear_object (&self->header_end);
  gtk_widget_dispose_template (GTK_WIDGET (self), LIMN_TYPE_TEAM_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->cancellable);
  limn_team_page_campaigns_clear (self);
  g_clear_object (&self->actions);
  g_clear_object (&self->session);
  g_clear_pointer (&self->dashboard, limn_team_dashboard_free);
  g_clear_pointer (&self->project_id, g_free);
  g_clear_object (&self->project);
  g_clear_pointer (&self->stale_text, g_free);
  g_clear_pointer (&self->forecast_text, g_free);
  g_clear_pointer (&self->capacity_text, g_free);

  G_OBJECT_CLASS (limn_team_page_parent_class)->dispose (object);
}

static void
limn_team_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SUBTITLE:
      g_value_set_string (value, NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_team_page_class_init (LimnTeamPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = limn_team_page_dispose;
  object_class->get_property = limn_team_page_get_property;
  g_object_class_override_property (object_class, PROP_SUBTITLE, "subtitle");
  widget_class->map = limn_team_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, LIMN_RESOURCE_PATH "/ui/limn-team-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LimnTeamPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LimnTeamPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, LimnTeamPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, LimnTeamPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, LimnTeamPage, stale_list);
  gtk_widget_class_bind_template_child (widget_class, LimnTeamPage, stale_row);
  gtk_widget_class_bind_template_child (widget_class, LimnTeamPage, as_of_label);
  gtk_widget_class_bind_template_child (widget_class, LimnTeamPage, pseudonym_note);
  gtk_widget_class_bind_template_child (widget_class, LimnTeamPage, alerts_list);
  gtk_widget_class_bind_template_child (widget_class, LimnTeamPage, campaigns_box);
  gtk_widget_class_bind_template_child (widget_class, LimnTeamPage, campaigns_list);
  gtk_widget_class_bind_template_child (widget_class, LimnTeamPage, throughput_box);
  gtk_widget_class_bind_template_child (widget_class, LimnTeamPage, forecast_label);
  gtk_widget_class_bind_template_child (widget_class, LimnTeamPage, remaining_label);
  gtk_widget_class_bind_template_child (widget_class, LimnTeamPage, capacity_box);
  gtk_widget_class_bind_template_child (widget_class, LimnTeamPage, capacity_added_spin);
  gtk_widget_class_bind_template_child (widget_class, LimnTeamPage, capacity_overlap_spin);
  gtk_widget_class_bind_template_child (widget_class, LimnTeamPage, capacity_label);
  gtk_widget_class_bind_template_child (widget_class, LimnTeamPage, annotators_box);
  gtk_widget_class_bind_template_child (widget_class, LimnTeamPage, annotator_list);
  gtk_widget_class_bind_template_child (widget_class, LimnTeamPage, grouping_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LimnTeamPage, agreement_box);
  gtk_widget_class_bind_template_child (widget_class, LimnTeamPage, hot_spot_list);
  gtk_widget_class_bind_template_child (widget_class, LimnTeamPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, LimnTeamPage, days_dropdown);
  gtk_widget_class_bind_template_child_full (widget_class, "header_end", FALSE,
                                             G_STRUCT_OFFSET (LimnTeamPage, header_end));
  gtk_widget_class_bind_template_callback (widget_class, days_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, grouping_changed_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "teampage");
}

static const GActionEntry actions[] = {
  { "refresh", refresh_action },
};

static void
limn_team_page_init (LimnTeamPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  limn_accessible_label_popup_button (GTK_WIDGET (self->days_dropdown), _("Period shown"));
  limn_accessible_label_popup_button (GTK_WIDGET (self->grouping_dropdown), _("Group agreement by"));
  g_object_ref_sink (self->header_end);

  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), actions, G_N_ELEMENTS (actions), self);
  /* The buttons inside the page find the group without the window. */
  gtk_widget_insert_action_group (GTK_WIDGET (self), "team", G_ACTION_GROUP (self->actions));

  limn_team_page_figures_init (self);
  limn_team_page_capacity_init (self);
}
