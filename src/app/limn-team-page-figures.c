/* limn-team-page-figures.c
 *
 * What each section of the Team page shows, from the dashboard the server
 * sent: alerts told in the user's language from their kind and figures
 * (the server's English only for a kind this version does not know),
 * throughput per day with the forecast as projected bars and one line,
 * per-annotator rates with their intervals, agreement for the grouping
 * chosen against the 0.6 line, and hot spots. Every list has an empty
 * state that says what will show there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <inttypes.h>

#include <math.h>

#include <glib/gi18n.h>

#include "charts/limn-chart-format.h"
#include "limn-team-page-private.h"
#include "limn-when.h"

/* Below it, agreement is commonly read as unreliable (Krippendorff's
 * tentative 0.667, rounded down as the server's alert does). */
#define AGREEMENT_THRESHOLD 0.6
/* Projected days drawn after the last real one, at most. */
#define MAX_PROJECTED_DAYS 90

static void
clear_list (GtkListBox *list)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, row);
}

/* A row of a boxed list that only shows; its text is kept for tests
 * and for the row's accessible label. */
static AdwActionRow *
info_row (const char *title,
          const char *subtitle,
          const char *icon_name,
          const char *icon_class)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  g_autofree char *text = subtitle != NULL && subtitle[0] != '\0' ? g_strdup_printf ("%s — %s", title, subtitle)
                                                                   : g_strdup (title);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (row, subtitle);
  adw_action_row_set_title_lines (row, 0);
  adw_action_row_set_subtitle_lines (row, 0);
  if (icon_name != NULL)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

      if (icon_class != NULL)
        gtk_widget_add_css_class (icon, icon_class);
      adw_action_row_add_prefix (row, icon);
    }
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  g_object_set_data_full (G_OBJECT (row), "text", g_steal_pointer (&text), g_free);

  return row;
}

static char *
list_text (GtkListBox *list)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      const char *line = g_object_get_data (G_OBJECT (row), "text");

      if (line != NULL)
        g_string_append_printf (text, "%s\n", line);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A share as a percentage, another figure as a number with 2 decimals. */
static char *
format_figure (double value)
{
  if (value >= 0 && value <= 1)
    return limn_chart_format_value (LIMN_CHART_FORMAT_PERCENT, value);
  return g_strdup_printf ("%.2f", value);
}

static char *
format_day (gint64 day_us)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (day_us / G_USEC_PER_SEC);

  /* Translators: a day in the forecast line, see strftime(3): "10 Jan". */
  return limn_format_date_pattern (utc, _("%-d %b"));
}

/* A label the server names by id: its name here (the project as synced),
 * else the server's, else the id. */
const char *
limn_team_page_label_display (LimnTeamPage *self,
                              const char   *id,
                              const char   *server_name)
{
  LimnLabel *label = self->project != NULL && id != NULL ? limn_project_lookup_label (self->project, id) : NULL;

  if (label != NULL)
    return limn_label_get_display_name (label, NULL);
  return server_name != NULL ? server_name : id;
}

/* Alerts */

/* The hot spot a confusion_hot_spot alert is about: the server names the
 * pair "Name / Name" (either order) with the names its hot spots carry
 * (a label's id where it sends no name). */
static const LimnDashboardHotSpot *
alert_hot_spot (LimnTeamPage *self,
                const char   *subject)
{
  GPtrArray *spots = self->dashboard != NULL ? self->dashboard->hot_spots : NULL;

  for (guint i = 0; spots != NULL && i < spots->len; i++)
    {
      const LimnDashboardHotSpot *h = g_ptr_array_index (spots, i);
      const char *a = h->label_name != NULL ? h->label_name : h->label;
      const char *b = h->confused_with_name != NULL ? h->confused_with_name : h->confused_with;
      g_autofree char *ab = g_strdup_printf ("%s / %s", a, b);
      g_autofree char *ba = g_strdup_printf ("%s / %s", b, a);

      if (g_strcmp0 (subject, ab) == 0 || g_strcmp0 (subject, ba) == 0)
        return h;
    }
  return NULL;
}

static char *
hot_spot_alert_text (LimnTeamPage             *self,
                     const LimnDashboardAlert *alert)
{
  const LimnDashboardHotSpot *h = alert_hot_spot (self, alert->subject);
  g_autofree char *disagreement = limn_chart_format_value (LIMN_CHART_FORMAT_PERCENT, alert->value);
  g_autofree char *confidence = NULL;
  g_autofree char *threshold = NULL;
  const char *a, *b;
  guint n;

  if (h == NULL)
    {
      threshold = format_figure (alert->threshold);
      /* Translators: two labels as the server names them ("Car / Truck"),
       * their disagreement and the alarm level. */
      return g_strdup_printf (_("The labels %s are confused: %s disagreement (alarm at %s)."),
                              alert->subject, disagreement, threshold);
    }

  n = (guint) CLAMP (h->items, 0, G_MAXUINT);
  a = limn_team_page_label_display (self, h->label, h->label_name);
  b = limn_team_page_label_display (self, h->confused_with, h->confused_with_name);
  if (isnan (h->mean_confidence))
    /* Translators: two labels, on how many tasks they are confused and
     * the disagreement: "“Car” and “Truck” are confused on 12 tasks (31 %
     * disagreement)." */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "“%s” and “%s” are confused on %u task (%s disagreement).",
                                         "“%s” and “%s” are confused on %u tasks (%s disagreement).",
                                         n),
                            a, b, n, disagreement);
  confidence = limn_chart_format_value (LIMN_CHART_FORMAT_PERCENT, h->mean_confidence);
  /* Translators: two labels, on how many tasks they are confused, the
   * disagreement and the annotators' mean confidence: "“Car” and “Truck”
   * are confused on 12 tasks (31 % disagreement at 88 % confidence)." */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "“%s” and “%s” are confused on %u task (%s disagreement at %s confidence).",
                                       "“%s” and “%s” are confused on %u tasks (%s disagreement at %s confidence).",
                                       n),
                          a, b, n, disagreement, confidence);
}

char *
limn_team_page_alert_text (LimnTeamPage             *self,
                           const LimnDashboardAlert *alert)
{
  g_autofree char *value = NULL;
  g_autofree char *threshold = NULL;

  switch (alert->kind)
    {
    case LIMN_ALERT_AGREEMENT_LOW:
      /* Translators: a label, its agreement (α) and the threshold:
       * "Agreement on “car” fell to 0.52 (threshold 0.60)." */
      return g_strdup_printf (_("Agreement on “%s” fell to %.2f (threshold %.2f)."),
                              limn_team_page_label_display (self, alert->subject, NULL), alert->value, alert->threshold);
    case LIMN_ALERT_ANNOTATOR_DRIFT:
      value = format_figure (alert->value);
      threshold = format_figure (alert->threshold);
      /* Translators: an annotator, their recent figure and the alarm level. */
      return g_strdup_printf (_("%s’s recent work drifts from their earlier work (%s; alarm at %s)."),
                              alert->subject, value, threshold);
    case LIMN_ALERT_LABEL_OVERUSE:
      value = format_figure (alert->value);
      threshold = format_figure (alert->threshold);
      /* Translators: a label, how much it is used and the threshold. */
      return g_strdup_printf (_("The label “%s” is used more than the team’s usual: %s (threshold %s)."),
                              limn_team_page_label_display (self, alert->subject, NULL), value, threshold);
    case LIMN_ALERT_GOLD_DROP:
      value = format_figure (alert->value);
      threshold = format_figure (alert->threshold);
      /* Translators: an annotator, their accuracy against gold and the threshold. */
      return g_strdup_printf (_("Accuracy against gold of %s fell to %s (threshold %s)."),
                              alert->subject, value, threshold);
    case LIMN_ALERT_CONFUSION_HOT_SPOT:
      return hot_spot_alert_text (self, alert);
    case LIMN_ALERT_UNKNOWN:
    default:
      /* A kind this version does not know: the server's words, as sent. */
      return g_strdup (alert->message != NULL ? alert->message : _("The server raised an alert."));
    }
}

static void
show_alerts (LimnTeamPage *self)
{
  GPtrArray *alerts = self->dashboard->alerts;

  clear_list (self->alerts_list);
  for (guint i = 0; i < alerts->len; i++)
    {
      const LimnDashboardAlert *alert = g_ptr_array_index (alerts, i);
      g_autofree char *text = limn_team_page_alert_text (self, alert);
      g_autofree char *when = alert->since_us > 0 ? limn_format_when (alert->since_us) : NULL;
      /* Translators: when an alert was first raised. */
      g_autofree char *since = when != NULL ? g_strdup_printf (_("Since %s"), when) : NULL;

      gtk_list_box_append (self->alerts_list,
                           GTK_WIDGET (info_row (text, since, "dialog-warning-symbolic", "warning")));
    }

  if (alerts->len == 0)
    gtk_list_box_append (self->alerts_list,
                         GTK_WIDGET (info_row (_("No alerts"),
                                               _("Agreement, drift, label use and accuracy against gold "
                                                 "are all within their thresholds."),
                                               "emblem-ok-symbolic", "success")));
}

/* Throughput and forecast */

static void
show_throughput (LimnTeamPage *self)
{
  const LimnTeamDashboard *d = self->dashboard;
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (LimnTimePoint));
  g_autofree char *forecast = NULL;
  gint64 next_us;

  for (guint i = 0; i < d->throughput->len; i++)
    {
      const LimnDashboardDay *day = &g_array_index (d->throughput, LimnDashboardDay, i);
      LimnTimePoint p = { day->day_us, day->submitted, NAN, NAN, MIN (day->submitted, G_MAXUINT), FALSE };

      g_array_append_val (points, p);
    }

  /* The forecast as projected days at its rate, up to the finish. */
  if (d->has_forecast && !isnan (d->rate_per_day) && d->throughput->len > 0)
    {
      next_us = g_array_index (d->throughput, LimnDashboardDay, d->throughput->len - 1).day_us +
                (gint64)86400 * G_USEC_PER_SEC;
      for (guint i = 0; next_us <= d->finish_day_us && i < MAX_PROJECTED_DAYS; i++)
        {
          LimnTimePoint p = { next_us, d->rate_per_day, NAN, NAN, 0, TRUE };

          g_array_append_val (points, p);
          next_us += (gint64)86400 * G_USEC_PER_SEC;
        }
    }
  limn_time_chart_set_points (self->throughput_chart, (const LimnTimePoint *)(gpointer)points->data, points->len);

  if (d->has_forecast)
    {
      g_autofree char *finish = format_day (d->finish_day_us);
      g_autofree char *low = format_day (d->low_day_us);
      g_autofree char *high = format_day (d->high_day_us);
      g_autofree char *rate = limn_format_decimal (isnan (d->rate_per_day) ? 0 : d->rate_per_day, 0);

      if (d->low_day_us == d->high_day_us)
        /* Translators: the finish day, then annotations per day. */
        forecast = g_strdup_printf (_("Finish expected %s at %s a day"), finish, rate);
      else
        /* Translators: the finish day, its interval, then annotations per
         * day: "Finish expected 10 Jan (2 Jan – 21 Jan) at 50 a day". */
        forecast = g_strdup_printf (_("Finish expected %s (%s – %s) at %s a day"), finish, low, high, rate);
    }
  else if (d->remaining_tasks == 0)
    forecast = g_strdup (_("Every task is done."));
  else if (d->throughput->len == 0)
    forecast = g_strdup (_("No finish date yet: nothing was submitted in this period."));
  else
    forecast = g_strdup (_("No finish date can be forecast from this period’s work yet."));

  gtk_label_set_text (self->forecast_label, forecast);
  g_free (self->forecast_text);
  self->forecast_text = g_steal_pointer (&forecast);

  if (d->remaining_tasks >= 0)
    {
      g_autofree char *text = NULL;

      if (d->remaining_annotations >= 0 && d->remaining_overlap > 1)
        /* Translators: tasks left, then annotations left and the overlap
         * (annotators per task). */
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%" PRId64 " task left (%" PRId64
                                             " annotations, %" PRId64 " annotators each)",
                                             "%" PRId64 " tasks left (%" PRId64
                                             " annotations, %" PRId64 " annotators each)",
                                             d->remaining_tasks),
                                d->remaining_tasks, d->remaining_annotations, d->remaining_overlap);
      else
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " task left",
                                             "%" PRId64 " tasks left", d->remaining_tasks),
                                d->remaining_tasks);
      gtk_label_set_text (self->remaining_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->remaining_label), d->remaining_tasks >= 0);
}

/* Annotators */

static GtkWidget *
pill (const char *text,
      const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "limn-state-pill");
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
show_annotators (LimnTeamPage *self)
{
  GPtrArray *annotators = self->dashboard->annotators;
  const char *series[] = { _("Acceptance"), _("Rework"), _("Accuracy against gold") };
  g_autofree const char **names = g_new0 (const char *, annotators->len + 1);
  g_autofree double *values = g_new (double, annotators->len * 3 + 1);
  g_autofree double *low = g_new (double, annotators->len * 3 + 1);
  g_autofree double *high = g_new (double, annotators->len * 3 + 1);

  clear_list (self->annotator_list);
  for (guint i = 0; i < annotators->len; i++)
    {
      const LimnDashboardAnnotator *a = g_ptr_array_index (annotators, i);
      const LimnDashboardRate *rates[] = { &a->acceptance, &a->rework, &a->gold_accuracy };
      g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *subtitle = NULL;
      AdwActionRow *row;

      names[i] = a->annotator;
      for (guint s = 0; s < 3; s++)
        {
          values[i * 3 + s] = rates[s]->p;
          low[i * 3 + s] = rates[s]->low;
          high[i * 3 + s] = rates[s]->high;
        }

      g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " submitted",
                                                            "%" PRId64 " submitted", a->submitted),
                                               a->submitted));
      if (!isnan (a->skill))
        /* Translators: the annotator's difficulty-adjusted ability. */
        g_ptr_array_add (parts, g_strdup_printf (_("skill %.2f"), a->skill));
      if (!isnan (a->median_active_s))
        {
          g_autofree char *median = limn_chart_format_value (LIMN_CHART_FORMAT_DURATION, a->median_active_s);

          /* Translators: the median time an annotator spends on a task. */
          g_ptr_array_add (parts, g_strdup_printf (_("median %s a task"), median));
        }
      g_ptr_array_add (parts, NULL);
      subtitle = g_strjoinv (" · ", (char **)parts->pdata);

      row = info_row (a->annotator, subtitle, "avatar-default-symbolic", NULL);
      if (a->drifting)
        {
          GtkWidget *badge = pill (_("Drifting"), "warning");
          g_autofree char *text = g_strdup_printf ("%s (%s)", (char *)g_object_get_data (G_OBJECT (row), "text"),
                                                   _("Drifting"));

          gtk_widget_set_tooltip_text (badge, _("Their recent work departs from their earlier work"));
          adw_action_row_add_suffix (row, badge);
          g_object_set_data_full (G_OBJECT (row), "text", g_steal_pointer (&text), g_free);
        }
      gtk_list_box_append (self->annotator_list, GTK_WIDGET (row));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->annotator_list), annotators->len > 0);

  limn_bar_chart_set_data (self->annotator_chart, names, annotators->len, series, G_N_ELEMENTS (series),
                           values, low, high);
}

/* Agreement */

void
limn_team_page_show_agreement (LimnTeamPage *self)
{
  static const char *titles[] = { N_("Agreement by Label"), N_("Agreement by Source"),
                                  N_("Agreement by Guideline Version") };
  LimnAgreementBy by = MIN (gtk_drop_down_get_selected (self->grouping_dropdown), LIMN_AGREEMENT_BY_N - 1);
  const char *series[] = { _("Krippendorff’s α"), _("Gwet’s AC1") };
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  GPtrArray *rows = self->dashboard != NULL ? self->dashboard->agreement : NULL;

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      const LimnDashboardAgreement *a = g_ptr_array_index (rows, i);

      if (a->by != by)
        continue;
      /* Translators: a guideline version in the agreement chart. */
      g_ptr_array_add (keys, by == LIMN_AGREEMENT_BY_GUIDELINE_VERSION ? g_strdup_printf (_("Version %s"), a->key)
                                                                      : g_strdup (limn_team_page_label_display (self, a->key, a->name)));
      g_array_append_val (values, a->alpha);
      g_array_append_val (values, a->ac1);
    }

  /* The card's title says the grouping (the charts' contract has the
   * property; a card without it keeps its first title). */
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (self->agreement_card), "title") != NULL)
    g_object_set (self->agreement_card, "title", g_dgettext (GETTEXT_PACKAGE, titles[by]), NULL);
  limn_bar_chart_set_data (self->agreement_chart, (const char * const *)keys->pdata, keys->len,
                           series, G_N_ELEMENTS (series), (const double *)(gpointer)values->data, NULL, NULL);
}

/* Hot spots */

static void
show_hot_spots (LimnTeamPage *self)
{
  GPtrArray *spots = self->dashboard->hot_spots;

  clear_list (self->hot_spot_list);
  for (guint i = 0; i < spots->len; i++)
    {
      const LimnDashboardHotSpot *h = g_ptr_array_index (spots, i);
      g_autofree char *pair = g_strdup_printf ("%s ↔ %s", limn_team_page_label_display (self, h->label, h->label_name),
                                               limn_team_page_label_display (self, h->confused_with, h->confused_with_name));
      g_autofree char *disagreement = limn_chart_format_value (LIMN_CHART_FORMAT_PERCENT, h->disagreement);
      g_autofree char *confidence = limn_chart_format_value (LIMN_CHART_FORMAT_PERCENT, h->mean_confidence);
      g_autofree char *title = NULL;
      g_autofree char *items = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " item",
                                                             "%" PRId64 " items", h->items),
                                                h->items);

      if (!isnan (h->mean_confidence))
        /* Translators: two labels, the disagreement between them and the
         * annotators' mean confidence: "car ↔ truck: 31 % disagreement at
         * 88 % confidence". */
        title = g_strdup_printf (_("%s: %s disagreement at %s confidence"), pair, disagreement, confidence);
      else
        title = g_strdup_printf (_("%s: %s disagreement"), pair, disagreement);

      gtk_list_box_append (self->hot_spot_list, GTK_WIDGET (info_row (title, items, NULL, NULL)));
    }

  if (spots->len == 0)
    gtk_list_box_append (self->hot_spot_list,
                         GTK_WIDGET (info_row (_("No hot spots"),
                                               _("No pair of labels is disputed while annotators are "
                                                 "confident. Pairs show here as overlapping work is reviewed."),
                                               "emblem-ok-symbolic", "success")));
}

void
limn_team_page_show_figures (LimnTeamPage *self)
{
  const LimnTeamDashboard *d = self->dashboard;
  g_autofree char *when = limn_format_when (d->generated_us > 0 ? d->generated_us : self->fetched_us);
  g_autofree char *as_of = NULL;

  /* Translators: the period shown in days, then when the server made the figures. */
  as_of = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The last %u day, as of %s.",
                                        "The last %u days, as of %s.", d->days),
                           d->days, when);
  gtk_label_set_text (self->as_of_label, as_of);
  gtk_widget_set_visible (self->pseudonym_note, d->pseudonymous);

  show_alerts (self);
  show_throughput (self);
  limn_team_page_show_capacity (self);
  show_annotators (self);
  limn_team_page_show_agreement (self);
  show_hot_spots (self);
}

void
limn_team_page_figures_init (LimnTeamPage *self)
{
  LimnChartCard *card;

  self->throughput_chart = limn_time_chart_new ();
  limn_time_chart_set_bars (self->throughput_chart, TRUE);
  limn_time_chart_set_format (self->throughput_chart, LIMN_CHART_FORMAT_COUNT);
  limn_time_chart_set_period (self->throughput_chart, _("Day"));
  card = limn_chart_card_new (_("Throughput"), _("Annotations submitted per day; after today, the forecast"),
                              _("Nothing Submitted Yet"),
                              _("Annotations submitted each day show here, with a forecast of the finish."),
                              GTK_WIDGET (self->throughput_chart));
  gtk_box_append (self->throughput_box, GTK_WIDGET (card));

  self->annotator_chart = limn_bar_chart_new ();
  limn_bar_chart_set_format (self->annotator_chart, LIMN_CHART_FORMAT_PERCENT);
  card = limn_chart_card_new (_("Annotators"),
                              /* xgettext:no-c-format */
                              _("Acceptance, rework and accuracy against gold, with 95 % intervals"),
                              /* Also when annotators are listed below but none of
                               * their work was reviewed or met gold yet. */
                              _("Nothing Reviewed Yet"),
                              _("Each annotator’s acceptance, rework and accuracy against gold show here "
                                "once their work is reviewed or meets gold tasks."),
                              GTK_WIDGET (self->annotator_chart));
  gtk_box_append (self->annotators_box, GTK_WIDGET (card));

  self->agreement_chart = limn_bar_chart_new ();
  limn_bar_chart_set_format (self->agreement_chart, LIMN_CHART_FORMAT_NUMBER);
  limn_bar_chart_set_threshold (self->agreement_chart, AGREEMENT_THRESHOLD);
  self->agreement_card = limn_chart_card_new (_("Agreement by Label"), NULL, _("No Agreement Yet"),
                                              _("Agreement shows here once several annotators "
                                                "labeled the same tasks."),
                                              GTK_WIDGET (self->agreement_chart));
  gtk_box_append (self->agreement_box, GTK_WIDGET (self->agreement_card));
}

/* For tests */

char *
limn_team_page_get_alerts_text (LimnTeamPage *self)
{
  g_return_val_if_fail (LIMN_IS_TEAM_PAGE (self), NULL);
  return list_text (self->alerts_list);
}

const char *
limn_team_page_get_forecast_text (LimnTeamPage *self)
{
  g_return_val_if_fail (LIMN_IS_TEAM_PAGE (self), NULL);
  return self->forecast_text != NULL ? self->forecast_text : "";
}

char *
limn_team_page_get_hot_spots_text (LimnTeamPage *self)
{
  g_return_val_if_fail (LIMN_IS_TEAM_PAGE (self), NULL);
  return list_text (self->hot_spot_list);
}

char *
limn_team_page_get_annotators_text (LimnTeamPage *self)
{
  g_return_val_if_fail (LIMN_IS_TEAM_PAGE (self), NULL);
  return list_text (self->annotator_list);
}
