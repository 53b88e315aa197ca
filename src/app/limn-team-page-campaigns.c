/* limn-team-page-campaigns.c
 *
 * The Team page's "Relabel Campaigns" section (issue 20,
 * docs/reviewer-guide.md "Relabel campaigns"): the project's campaigns
 * from the server, newest first, each a row with its state, why it was
 * proposed (an alert's proposal told as the alert is, in the user's
 * language), its scope in plain words, and its progress while it runs.
 * A proposed one has an Approve button, off with a tooltip for the
 * person who proposed it (the server refuses them: a second person must
 * approve); approving asks first, saying how many answers go back to
 * their annotators, then shows a toast and fetches the list again. With
 * no campaigns, the section is not there at all. Cancelled campaigns are
 * left out: nothing of theirs remains to act on or watch. A finished
 * campaign's row expands to its before/after comparison: answers changed,
 * agreement before → after, and the labels whose counts shifted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <inttypes.h>

#include <math.h>

#include <glib/gi18n.h>

#include "limn-team-page-private.h"
#include "charts/limn-chart-format.h"
#include "limn-when.h"

static void
clear_list (GtkListBox *list)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, row);
}

static const LimnCampaign *
find_campaign (LimnTeamPage *self,
               const char   *id)
{
  for (guint i = 0; self->campaigns != NULL && i < self->campaigns->len; i++)
    {
      const LimnCampaign *c = g_ptr_array_index (self->campaigns, i);

      if (g_strcmp0 (c->id, id) == 0)
        return c;
    }
  return NULL;
}

static const char *
viewer_id (LimnTeamPage *self)
{
  LimnSyncClient *sync = self->session != NULL ? limn_session_get_sync_client (self->session) : NULL;

  return sync != NULL ? limn_sync_client_get_user_id (sync) : NULL;
}

static const char *
state_text (LimnCampaignState state)
{
  switch (state)
    {
    case LIMN_CAMPAIGN_PROPOSED:
      return _("Waiting for approval");
    case LIMN_CAMPAIGN_RUNNING:
      return _("Running");
    case LIMN_CAMPAIGN_DONE:
      return _("Done");
    case LIMN_CAMPAIGN_ROLLED_BACK:
      return _("Rolled back");
    case LIMN_CAMPAIGN_CANCELLED:
      return _("Cancelled");
    case LIMN_CAMPAIGN_UNKNOWN:
    default:
      return _("In a state this version of Limn does not know");
    }
}

/* Why: an alert's proposal as the alert is told on this page, else the
 * proposer's words. */
static char *
reason_text (LimnTeamPage       *self,
             const LimnCampaign *c)
{
  if (c->proposed_by == NULL && c->proposed_from_alert != NULL)
    {
      for (guint i = 0; self->dashboard != NULL && i < self->dashboard->alerts->len; i++)
        {
          const LimnDashboardAlert *alert = g_ptr_array_index (self->dashboard->alerts, i);

          if (g_strcmp0 (alert->id, c->proposed_from_alert) == 0)
            {
              g_autofree char *text = limn_team_page_alert_text (self, alert);

              /* Translators: the alert's sentence follows. */
              return g_strdup_printf (_("Proposed by an alert: %s"), text);
            }
        }
      /* The alert no longer holds: the dashboard lists active ones only. */
      return g_strdup (_("Proposed by an alert that no longer holds"));
    }
  if (c->reason != NULL && c->reason[0] != '\0')
    return g_strdup (c->reason);
  return g_strdup (_("No reason given"));
}

static char *
day_text (gint64 us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);

  /* Translators: a day in a campaign's scope, see strftime(3): "10 Jan 2027". */
  return limn_format_date_pattern (utc, _("%-d %b %Y"));
}

/* "Label Car, agreement below 0.60 · 14 answers" */
static char *
scope_text (LimnTeamPage       *self,
            const LimnCampaign *c)
{
  const LimnCampaignScope *s = &c->scope;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  if (s->label != NULL)
    /* Translators: a campaign's scope: the answers with regions of that label. */
    g_ptr_array_add (parts, g_strdup_printf (_("Label %s"), limn_team_page_label_display (self, s->label, NULL)));
  if (!isnan (s->agreement_below))
    g_ptr_array_add (parts, g_strdup_printf (_("agreement below %.2f"), s->agreement_below));
  if (s->annotator != NULL)
    g_ptr_array_add (parts, g_strdup_printf (_("annotator %s"), s->annotator));
  if (g_strcmp0 (s->source, "human") == 0)
    g_ptr_array_add (parts, g_strdup (_("regions drawn by people")));
  else if (g_strcmp0 (s->source, "model") == 0)
    g_ptr_array_add (parts, g_strdup (_("regions from a model’s pre-labels")));
  if (s->since_us >= 0)
    {
      g_autofree char *day = day_text (s->since_us);

      g_ptr_array_add (parts, g_strdup_printf (_("since %s"), day));
    }
  if (s->until_us >= 0)
    {
      g_autofree char *day = day_text (s->until_us);

      g_ptr_array_add (parts, g_strdup_printf (_("until %s"), day));
    }
  if (s->guideline_version >= 0)
    g_ptr_array_add (parts, g_strdup_printf (_("guideline version %" PRId64), s->guideline_version));
  if (parts->len == 0)
    g_ptr_array_add (parts, g_strdup (_("Every answer")));
  g_ptr_array_add (parts, NULL);
  joined = g_strjoinv (", ", (char **)parts->pdata);
  /* Upper-case the first letter of a part that starts the sentence. */
  if (joined[0] != '\0' && g_unichar_islower (g_utf8_get_char (joined)))
    {
      g_autofree char *first = g_utf8_strup (joined, g_utf8_next_char (joined) - joined);
      g_autofree char *rest = g_strdup (g_utf8_next_char (joined));

      g_free (joined);
      joined = g_strconcat (first, rest, NULL);
    }

  if (!c->has_progress)
    return g_steal_pointer (&joined);
  if (c->tasks >= 0)
    /* Translators: a campaign's scope, then how many tasks it covers. */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u task", "%s · %u tasks", (gulong) c->tasks),
                            joined, (guint) c->tasks);
  /* Translators: a campaign's scope, then how many answers it covers. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %" PRId64 " answer",
                                       "%s · %" PRId64 " answers", c->total),
                          joined, c->total);
}

/* Approving */

static void
approved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(LimnTeamPage) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnCampaign) c = NULL;
  g_autofree char *toast = NULL;

  c = limn_sync_client_approve_campaign_finish (LIMN_SYNC_CLIENT (object), result, &error);
  self->approving = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (c == NULL)
    toast = g_strdup (error->message);
  else if (c->rework >= 0)
    toast = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "Campaign approved: %" PRId64 " answer went back for rework",
                                          "Campaign approved: %" PRId64 " answers went back for rework",
                                          c->rework),
                             c->rework);
  else
    toast = g_strdup (_("Campaign approved"));
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", toast);

  /* Either way the list changed, or was stale: fetch it again. */
  limn_team_page_fetch_campaigns (self);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          data)
{
  LimnTeamPage *self = data;
  const char *id = g_object_get_data (G_OBJECT (dialog), "campaign-id");
  LimnSyncClient *sync = self->session != NULL ? limn_session_get_sync_client (self->session) : NULL;

  if (g_strcmp0 (response, "approve") != 0 || sync == NULL || self->approving || self->project_id == NULL)
    return;

  self->approving = TRUE;
  /* Not cancelled by a refresh: the answer says what the server did. */
  limn_sync_client_approve_campaign_async (sync, self->project_id, id, NULL,
                                           approved_cb, g_object_ref (self));
}

static void
approve_clicked_cb (GtkButton    *button,
                    LimnTeamPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "campaign-id");
  const LimnCampaign *c = find_campaign (self, id);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;

  if (c == NULL || self->approving)
    return;

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "It will send %" PRId64 " answer back to its annotator "
                                       "for rework, first in their task list. The dataset as it is now "
                                       "is kept as a version, so the campaign can be compared and rolled back.",
                                       "It will send %" PRId64 " answers back to their annotators "
                                       "for rework, first in their task lists. The dataset as it is now "
                                       "is kept as a version, so the campaign can be compared and rolled back.",
                                       c->total),
                          c->total);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Approve This Campaign?"), body));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "approve", _("_Approve"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "approve", ADW_RESPONSE_SUGGESTED);
  /* Enter approves, Escape cancels: the dialog is the question. */
  adw_message_dialog_set_default_response (dialog, "approve");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "campaign-id", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Rows */

static GtkWidget *
progress_widget (const LimnCampaign *c,
                 char              **text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *bar = gtk_level_bar_new_for_interval (0, MAX (c->total, 1));
  GtkWidget *label;

  /* Translators: a running campaign's progress: "9 of 14 reworked". */
  *text = g_strdup_printf (_("%" PRId64 " of %" PRId64 " reworked"), c->reworked, c->total);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), c->reworked);
  /* No low/high colours: more reworked is not "full" in a warning sense. */
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_widget_set_size_request (bar, 140, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, *text, -1);
  label = gtk_label_new (*text);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), bar);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  return box;
}

static char *
agreement_figure (double alpha)
{
  return isnan (alpha) ? g_strdup ("—") : g_strdup_printf ("%.2f", alpha);
}

static void
add_comparison_row (AdwExpanderRow *expander,
                    const char     *title,
                    const char     *value)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (row, label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  adw_expander_row_add_row (expander, GTK_WIDGET (row));
}

/* A finished campaign's before/after as rows of @expander (when not
 * NULL); returns the same in one line. */
static char *
comparison_text (const LimnCampaign *c,
                 AdwExpanderRow     *expander)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) shifts = g_string_new (NULL);

  if (c->items_changed >= 0)
    {
      g_autofree char *changed = c->items_compared >= 0
        /* Translators: a finished campaign: "3 of 14" answers changed. */
        ? limn_format_localize_digits_take (g_strdup_printf (_("%u of %u"), (guint) c->items_changed,
                                                             (guint) c->items_compared))
        : limn_format_count (c->items_changed);

      if (expander != NULL)
        add_comparison_row (expander, _("Answers changed"), changed);
      /* Translators: "3 of 14 answers changed" */
      g_ptr_array_add (parts, g_strdup_printf (_("%s answers changed"), changed));
    }
  if (!isnan (c->agreement_before) || !isnan (c->agreement_after))
    {
      g_autofree char *before = agreement_figure (c->agreement_before);
      g_autofree char *after = agreement_figure (c->agreement_after);
      /* Translators: a value before → after; a right-to-left language
       * points the arrow the way it reads, e.g. "%s ← %s". */
      g_autofree char *value = g_strdup_printf (_("%s → %s"), before, after);

      if (expander != NULL)
        add_comparison_row (expander, _("Agreement (Krippendorff’s α), before → after"), value);
      /* Translators: agreement before → after: "agreement 0.42 → 0.78" */
      g_ptr_array_add (parts, g_strdup_printf (_("agreement %s"), value));
    }
  for (guint i = 0; c->label_shifts != NULL && i < c->label_shifts->len; i++)
    {
      const LimnCampaignLabelShift *shift = g_ptr_array_index (c->label_shifts, i);
      g_autofree char *value = NULL;

      if (shift->before == shift->after)
        continue;
      /* Translators: a label's region count before → after, and the
       * difference with its sign: "10 → 7 (−3)". A right-to-left language
       * points the arrow the way it reads, e.g. "%u ← %u (%s%u)". */
      value = g_strdup_printf (_("%u → %u (%s%u)"), (guint) shift->before, (guint) shift->after,
                               shift->after > shift->before ? "+" : "−",
                               (guint) ABS (shift->after - shift->before));
      value = limn_format_localize_digits_take (value);
      if (expander != NULL)
        add_comparison_row (expander, shift->name, value);
      g_string_append_printf (shifts, "%s%s %s", shifts->len > 0 ? ", " : "", shift->name, value);
    }
  if (c->label_shifts != NULL)
    {
      if (shifts->len == 0)
        {
          if (expander != NULL)
            add_comparison_row (expander, _("Labels"), _("No label’s count changed"));
          g_ptr_array_add (parts, g_strdup (_("no label’s count changed")));
        }
      else
        /* Translators: the labels whose region counts shifted: "labels Car 10 → 7 (−3), …" */
        g_ptr_array_add (parts, g_strdup_printf (_("labels %s"), shifts->str));
    }
  if (parts->len == 0)
    return NULL;
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* A finished campaign with a comparison: an expander row showing it. */
static GtkWidget *
finished_row (LimnTeamPage       *self,
              const LimnCampaign *c,
              const char         *reason,
              const char         *subtitle)
{
  AdwExpanderRow *row = ADW_EXPANDER_ROW (adw_expander_row_new ());
  g_autofree char *comparison = comparison_text (c, row);
  g_autofree char *text = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), reason);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_expander_row_set_subtitle (row, subtitle);
  text = g_strdup_printf ("%s — %s — %s", reason, subtitle, comparison);
  g_object_set_data_full (G_OBJECT (row), "text", g_steal_pointer (&text), g_free);
  g_object_set_data_full (G_OBJECT (row), "campaign-id", g_strdup (c->id), g_free);
  return GTK_WIDGET (row);
}

static GtkWidget *
campaign_row (LimnTeamPage       *self,
              const LimnCampaign *c)
{
  AdwActionRow *row;
  g_autofree char *reason = reason_text (self, c);
  g_autofree char *scope = scope_text (self, c);
  g_autofree char *when = limn_format_when (c->created_us);
  g_autofree char *subtitle = NULL;
  g_autofree char *progress = NULL;
  g_autofree char *text = NULL;

  /* Translators: a campaign's state, its scope, and when it was proposed. */
  subtitle = g_strdup_printf (_("%s — %s — proposed %s"), state_text (c->state), scope, when);
  if (c->items_changed >= 0 || c->label_shifts != NULL || !isnan (c->agreement_before))
    return finished_row (self, c, reason, subtitle);

  row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), reason);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (row, subtitle);
  adw_action_row_set_title_lines (row, 0);
  adw_action_row_set_subtitle_lines (row, 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  if (c->state == LIMN_CAMPAIGN_RUNNING && c->has_progress)
    adw_action_row_add_suffix (row, progress_widget (c, &progress));
  else if (c->state == LIMN_CAMPAIGN_PROPOSED)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Approve"));
      gboolean mine = c->proposed_by != NULL && g_strcmp0 (c->proposed_by, viewer_id (self)) == 0;

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "suggested-action");
      g_object_set_data_full (G_OBJECT (button), "campaign-id", g_strdup (c->id), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (approve_clicked_cb), self);
      if (mine)
        {
          gtk_widget_set_sensitive (button, FALSE);
          gtk_widget_set_tooltip_text (button, _("You proposed this campaign: another reviewer or admin "
                                                 "must approve it."));
        }
      else
        gtk_widget_set_tooltip_text (button, _("Start the campaign: send its answers back for rework"));
      g_object_set_data (G_OBJECT (row), "approve-button", button);
      adw_action_row_add_suffix (row, button);
    }

  text = progress != NULL ? g_strdup_printf ("%s — %s — %s", reason, subtitle, progress)
                          : g_strdup_printf ("%s — %s", reason, subtitle);
  g_object_set_data_full (G_OBJECT (row), "text", g_steal_pointer (&text), g_free);
  g_object_set_data_full (G_OBJECT (row), "campaign-id", g_strdup (c->id), g_free);
  return GTK_WIDGET (row);
}

void
limn_team_page_show_campaigns (LimnTeamPage *self)
{
  guint shown = 0;

  clear_list (self->campaigns_list);
  /* Newest first: the list comes oldest first. */
  for (guint i = self->campaigns != NULL ? self->campaigns->len : 0; i > 0; i--)
    {
      const LimnCampaign *c = g_ptr_array_index (self->campaigns, i - 1);

      if (c->state == LIMN_CAMPAIGN_CANCELLED)
        continue;
      gtk_list_box_append (self->campaigns_list, campaign_row (self, c));
      shown++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->campaigns_box), shown > 0);
}

/* Fetching */

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(LimnTeamPage) self = data;
  g_autoptr(GError) error = NULL;
  GPtrArray *campaigns;

  campaigns = limn_sync_client_list_campaigns_finish (LIMN_SYNC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->n_campaign_fetches++;
  /* The dashboard says what went wrong with the server; an older server
   * without campaigns, or a failed list, leaves what was shown. */
  if (campaigns == NULL)
    {
      g_debug ("Campaigns: %s", error->message);
      return;
    }
  g_clear_pointer (&self->campaigns, g_ptr_array_unref);
  self->campaigns = campaigns;
  limn_team_page_show_campaigns (self);
}

void
limn_team_page_fetch_campaigns (LimnTeamPage *self)
{
  LimnSyncClient *sync = self->session != NULL ? limn_session_get_sync_client (self->session) : NULL;

  if (sync == NULL || self->project_id == NULL || !self->remote)
    return;

  g_cancellable_cancel (self->campaigns_cancellable);
  g_clear_object (&self->campaigns_cancellable);
  self->campaigns_cancellable = g_cancellable_new ();
  limn_sync_client_list_campaigns_async (sync, self->project_id, self->campaigns_cancellable, listed_cb,
                                         g_object_ref (self));
}

void
limn_team_page_campaigns_clear (LimnTeamPage *self)
{
  g_cancellable_cancel (self->campaigns_cancellable);
  g_clear_object (&self->campaigns_cancellable);
  g_clear_pointer (&self->campaigns, g_ptr_array_unref);
}

/* For tests */

char *
limn_team_page_get_campaigns_text (LimnTeamPage *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (LIMN_IS_TEAM_PAGE (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->campaigns_box)))
    return g_strdup ("");
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->campaigns_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      const char *line = g_object_get_data (G_OBJECT (row), "text");

      if (line != NULL)
        g_string_append_printf (text, "%s\n", line);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

GtkWidget *
limn_team_page_get_approve_button (LimnTeamPage *self,
                                   const char   *campaign_id)
{
  g_return_val_if_fail (LIMN_IS_TEAM_PAGE (self), NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->campaigns_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "campaign-id"), campaign_id) == 0)
      return g_object_get_data (G_OBJECT (row), "approve-button");
  return NULL;
}

guint
limn_team_page_get_n_campaign_fetches (LimnTeamPage *self)
{
  g_return_val_if_fail (LIMN_IS_TEAM_PAGE (self), 0);
  return self->n_campaign_fetches;
}

GtkWidget *
limn_team_page_get_campaigns_list (LimnTeamPage *self)
{
  g_return_val_if_fail (LIMN_IS_TEAM_PAGE (self), NULL);
  return GTK_WIDGET (self->campaigns_list);
}
