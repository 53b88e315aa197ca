/* limn-progress-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <inttypes.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "charts/limn-bar-chart.h"
#include "charts/limn-chart-card.h"
#include "charts/limn-chart-format.h"
#include "charts/limn-heat-map.h"
#include "charts/limn-histogram.h"
#include "charts/limn-reliability-diagram.h"
#include "charts/limn-time-chart.h"
#include "limn-flag-dialog.h"
#include "limn-progress-page.h"
#include "analytics/limn-training.h"
#include "store/limn-store-feedback-jobs.h"
#include "limn-when.h"
#include "model/limn-util.h"
#include "store/limn-store-dashboard.h"

enum
{
  CARD_ACCURACY,
  CARD_REWORK,
  CARD_TIME,
  CARD_CALIBRATION,
  CARD_CONFUSION,
  CARD_LABELS,
  N_CARDS
};

static const char * const card_names[N_CARDS] = {
  "accuracy", "rework", "time", "calibration", "confusion", "labels",
};

struct _LimnProgressPage
{
  GtkWidget        parent_instance;

  /* Template children */
  GtkStack        *stack;
  AdwStatusPage   *empty_page;
  GtkLabel        *week_value;
  GtkWidget       *accuracy_box;
  GtkLabel        *accuracy_value;
  GtkLabel        *accuracy_caption;
  GtkLabel        *time_value;
  GtkLabel        *growth_label;
  GtkWidget       *training_box;
  GtkLabel        *training_label;
  GtkLabel        *training_accuracy_label;
  GtkWidget       *drift_box;
  GtkBox          *cards;
  AdwPreferencesGroup *feedback_group;
  GtkListBox      *feedback_list;
  GtkWidget       *threads_group;
  GtkListBox      *threads_list;

  LimnChartCard   *card[N_CARDS];

  LimnSession     *session;
  LimnStoreWorker *worker;
  char            *project_id;
  GCancellable    *cancellable;
  gboolean         stale;          /* to load when next shown */
  gboolean         loading;
  gboolean         again;          /* a reload came during a load */
  gboolean         ready;          /* ::content-ready emitted */
  guint            n_loads;
};

static void limn_progress_page_page_init (LimnPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LimnProgressPage, limn_progress_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LIMN_TYPE_PAGE, limn_progress_page_page_init))

enum {
  PROP_0,
  PROP_SUBTITLE,
  N_PROPS
};

static void load (LimnProgressPage *self);

gboolean
limn_progress_page_may_open (LimnSession *session)
{
  return limn_session_get_project (session) != NULL;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, row);
}

/* Points on the chart: 0 … 1 as whole percentage points. */
static int
points (double share)
{
  return (int) lround (share * 100);
}

/* The summary */

static void
show_summary (LimnProgressPage            *self,
              const LimnPersonalDashboard *d)
{
  g_autofree char *week = g_strdup_printf ("%" PRIu64, d->submitted_this_week);
  g_autofree char *accuracy = NULL;
  g_autofree char *caption = NULL;
  g_autofree char *time = limn_chart_format_value (LIMN_CHART_FORMAT_DURATION, d->time.median);
  g_autofree char *growth = NULL;
  const LimnProportion *a = &d->gold_accuracy;

  gtk_label_set_text (self->week_value, week);
  gtk_label_set_text (self->time_value, time);

  if (a->trials > 0)
    {
      g_autofree char *n = limn_chart_format_value (LIMN_CHART_FORMAT_COUNT, a->trials);

      accuracy = limn_chart_format_value (LIMN_CHART_FORMAT_PERCENT, a->estimate);
      /* Translators: %s is the number of gold tasks, already formatted */
      caption = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Accuracy on %s gold task",
                                              "Accuracy on %s gold tasks", (gulong) MIN (a->trials, G_MAXULONG)),
                                 n);
    }
  else
    {
      accuracy = g_strdup ("—");
      caption = g_strdup (_("Accuracy appears after your first gold task is revealed"));
    }
  gtk_label_set_text (self->accuracy_value, accuracy);
  gtk_label_set_text (self->accuracy_caption, caption);
  if (a->trials > 0)
    {
      g_autofree char *interval = limn_chart_format_interval (LIMN_CHART_FORMAT_PERCENT, a->estimate,
                                                              a->lower, a->upper);
      /* Translators: %s is a percentage with its 95 % interval */
      g_autofree char *tip = g_strdup_printf (_("%s: the range shows how sure this figure is"), interval);

      gtk_widget_set_tooltip_text (self->accuracy_box, tip);
    }
  else
    gtk_widget_set_tooltip_text (self->accuracy_box, NULL);

  /* Growth, in the annotator's own terms: never against anyone else. */
  if (d->growth_known)
    {
      int delta = (int) lround (d->growth_points);

      if (delta > 0)
        growth = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Your accuracy rose %d point over 6 weeks.",
                                               "Your accuracy rose %d points over 6 weeks.", delta), delta);
      else if (delta == 0)
        growth = g_strdup_printf (_("Your accuracy held steady at %d %% over 6 weeks."), points (d->growth_now));
      else
        growth = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Your accuracy is %d point lower than 3 weeks before; the feedback below may show why.",
                                               "Your accuracy is %d points lower than 3 weeks before; the feedback below may show why.",
                                               -delta), -delta);
    }
  else if (d->n_submissions > 0)
    growth = g_strdup (_("Keep going: how your accuracy moves shows here after a few weeks of gold tasks."));
  if (growth != NULL)
    growth = limn_format_localize_digits_take (growth);

  gtk_label_set_text (self->growth_label, growth != NULL ? growth : "");
  gtk_widget_set_visible (GTK_WIDGET (self->growth_label), growth != NULL);
  gtk_widget_set_visible (self->drift_box, d->drift == LIMN_DRIFT_BELOW_USUAL);
}

/* The charts */

static GtkWidget *
chart_of (LimnProgressPage *self,
          guint             card)
{
  return limn_chart_card_get_chart (self->card[card]);
}

static void
set_weeks (LimnProgressPage *self,
           guint             card,
           GArray           *weeks)
{
  g_autofree LimnTimePoint *p = g_new0 (LimnTimePoint, MAX (weeks->len, 1));

  for (guint i = 0; i < weeks->len; i++)
    {
      const LimnDashboardWeek *w = &g_array_index (weeks, LimnDashboardWeek, i);

      p[i] = (LimnTimePoint) { w->week_us, w->rate.estimate, w->rate.lower, w->rate.upper,
                               (guint) MIN (w->rate.trials, G_MAXUINT), FALSE };
    }
  limn_time_chart_set_points (LIMN_TIME_CHART (chart_of (self, card)), p, weeks->len);
}

static void
show_time (LimnProgressPage            *self,
           const LimnPersonalDashboard *d)
{
  LimnHistogram *histogram = LIMN_HISTOGRAM (chart_of (self, CARD_TIME));
  g_autofree char *subtitle = NULL;

  limn_histogram_set_bins (histogram, d->bin_edges, d->bin_counts, d->n_bins);
  limn_histogram_set_markers (histogram, d->time.median, d->time.p90);

  if (d->time.n > 0)
    {
      g_autofree char *median = limn_chart_format_value (LIMN_CHART_FORMAT_DURATION, d->time.median);
      g_autofree char *p90 = limn_chart_format_value (LIMN_CHART_FORMAT_DURATION, d->time.p90);

      if (d->team != NULL && !isnan (d->team->median_active_s))
        {
          g_autofree char *team = limn_chart_format_value (LIMN_CHART_FORMAT_DURATION, d->team->median_active_s);

          /* Translators: durations: my median, my 90th percentile, the team's median */
          subtitle = g_strdup_printf (_("Half your tasks take under %s, nine in ten under %s. Across the team, half take under %s."),
                                      median, p90, team);
        }
      else
        /* Translators: durations: my median, my 90th percentile */
        subtitle = g_strdup_printf (_("Half your tasks take under %s, nine in ten under %s."), median, p90);
    }
  g_object_set (self->card[CARD_TIME], "subtitle",
                subtitle != NULL ? subtitle : _("Active time on each submitted task; idle time is left out."),
                NULL);
}

static void
show_calibration (LimnProgressPage            *self,
                  const LimnPersonalDashboard *d)
{
  LimnReliabilityBin bins[LIMN_CALIBRATION_BINS];

  for (guint b = 0; b < LIMN_CALIBRATION_BINS; b++)
    bins[b] = (LimnReliabilityBin) { d->calibration.bins[b].mean_confidence, d->calibration.bins[b].accuracy,
                                     d->calibration.bins[b].count };
  limn_reliability_diagram_set_bins (LIMN_RELIABILITY_DIAGRAM (chart_of (self, CARD_CALIBRATION)), bins,
                                     LIMN_CALIBRATION_BINS, d->calibration.brier, d->calibration.ece);
}

/* Rows and columns are the labels that occur, then "None". */
static void
show_confusion (LimnProgressPage            *self,
                const LimnPersonalDashboard *d)
{
  guint n = d->n_labels, side = n + 1, k = 0;
  g_autofree guint *keep = g_new (guint, side);
  g_autofree const char **names = g_new0 (const char *, side + 1);
  g_autofree guint64 *counts = NULL;

  for (guint i = 0; i < side; i++)
    {
      guint64 sum = 0;

      for (guint j = 0; j < side; j++)
        sum += d->confusion[i * side + j] + d->confusion[j * side + i];
      if (sum > 0)
        {
          keep[k] = i;
          names[k++] = i < n ? d->labels[i] : _("None");
        }
    }

  counts = g_new0 (guint64, MAX (k * k, 1));
  for (guint i = 0; i < k; i++)
    for (guint j = 0; j < k; j++)
      counts[i * k + j] = d->confusion[keep[i] * side + keep[j]];

  limn_heat_map_set_matrix (LIMN_HEAT_MAP (chart_of (self, CARD_CONFUSION)), names, k, names, k, counts,
                            _("Gold"), _("Yours"));
}

static void
show_labels (LimnProgressPage            *self,
             const LimnPersonalDashboard *d)
{
  guint n = d->n_labels, n_series = d->team != NULL ? 2 : 1;
  g_autofree double *values = g_new (double, MAX (n * n_series, 1));
  const char *series[] = { _("You"), _("Team"), NULL };
  guint64 mine = 0, team = 0;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autoptr(GPtrArray) over = g_ptr_array_new ();
  g_autoptr(GPtrArray) under = g_ptr_array_new ();

  for (guint k = 0; k < n; k++)
    {
      mine += d->my_label_counts[k];
      team += d->team_label_counts != NULL ? d->team_label_counts[k] : 0;
    }
  for (guint k = 0; k < n; k++)
    {
      values[k * n_series] = mine > 0 ? (double) d->my_label_counts[k] / mine : NAN;
      if (n_series == 2)
        values[k * n_series + 1] = team > 0 ? (double) d->team_label_counts[k] / team : NAN;
      if (d->label_usage != NULL && d->label_usage[k].use == LIMN_LABEL_USE_OVER)
        g_ptr_array_add (over, d->labels[k]);
      else if (d->label_usage != NULL && d->label_usage[k].use == LIMN_LABEL_USE_UNDER)
        g_ptr_array_add (under, d->labels[k]);
    }

  limn_bar_chart_set_data (LIMN_BAR_CHART (chart_of (self, CARD_LABELS)), (const char * const *) d->labels,
                           mine > 0 ? n : 0, series, n_series, values, NULL, NULL);

  if (d->team == NULL)
    g_string_append (subtitle, _("Not enough team data yet: the team’s shares appear once at least 3 annotators "
                                 "have submitted work and you have synced."));
  else if (over->len == 0 && under->len == 0)
    g_string_append (subtitle, _("You use the labels about as often as the team does."));
  else
    {
      /* A difference to look at, not a fault: the test is in docs/metrics.md. */
      for (guint i = 0; i < over->len; i++)
        {
          /* Translators: %s is a label's name */
          g_string_append_printf (subtitle, _("You use “%s” more often than the team. "),
                                  (const char *) g_ptr_array_index (over, i));
        }
      for (guint i = 0; i < under->len; i++)
        {
          /* Translators: %s is a label's name */
          g_string_append_printf (subtitle, _("You use “%s” less often than the team. "),
                                  (const char *) g_ptr_array_index (under, i));
        }
      g_string_append (subtitle, _("Worth a look at the guidelines’ examples."));
    }
  g_object_set (self->card[CARD_LABELS], "subtitle", subtitle->str, NULL);
}

/* Feedback */

static const char *
feedback_kind (LimnFeedbackKind kind)
{
  switch (kind)
    {
    case LIMN_FEEDBACK_REPLY: return C_("feedback kind", "Reply");
    case LIMN_FEEDBACK_NOTE: return _("Coaching note");
    case LIMN_FEEDBACK_REVIEW_COMMENT:
    default: return _("Review comment");
    }
}

static GtkWidget *
feedback_row (const LimnFeedbackItem *item)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = limn_format_when (item->created_us);
  g_autofree char *subtitle = NULL;
  g_autofree char *body = g_markup_escape_text (item->body != NULL ? item->body : "", -1);
  const char *icon = item->kind == LIMN_FEEDBACK_NOTE ? "user-available-symbolic"
                     : item->kind == LIMN_FEEDBACK_REPLY ? "mail-unread-symbolic" : "emblem-ok-symbolic";

  if (item->context != NULL)
    subtitle = g_strdup_printf ("%s · %s · %s", feedback_kind (item->kind), item->context, when);
  else
    subtitle = g_strdup_printf ("%s · %s", feedback_kind (item->kind), when);
  {
    g_autofree char *escaped = g_markup_escape_text (subtitle, -1);

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), body);
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  }
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon));

  /* A reply and a note lead to the Feedback page; a verdict's comment is
   * on its task. */
  if (item->kind == LIMN_FEEDBACK_REPLY || item->kind == LIMN_FEEDBACK_NOTE)
    {
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "thread-id", g_strdup (item->thread_id ? item->thread_id : ""),
                              g_free);
    }
  else
    gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);

  return row;
}

static GtkWidget *
thread_row (const LimnOpenThread *t)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = limn_format_when (t->last_us);
  g_autofree char *subtitle = NULL;
  g_autofree char *escaped = NULL;
  gboolean answered = g_strcmp0 (t->state, "answered") == 0;

  /* Translators: the task's title, the thread's state, its last activity */
  subtitle = g_strdup_printf (_("%s · %s · %s"), t->title != NULL ? t->title : _("A task no longer here"),
                              answered ? _("Answered") : _("Waiting for an answer"), when);
  escaped = g_markup_escape_text (subtitle, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), limn_flag_dialog_category_label (t->category));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (answered ? "mail-unread-symbolic" : "flag-symbolic"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "thread-id", g_strdup (t->id), g_free);

  return row;
}

static void
row_activated_cb (LimnProgressPage *self,
                  GtkListBoxRow    *row)
{
  const char *thread_id = g_object_get_data (G_OBJECT (row), "thread-id");

  if (thread_id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.show-feedback", "s", thread_id);
}

static void
show_feedback (LimnProgressPage            *self,
               const LimnPersonalDashboard *d)
{
  g_autofree char *counts = NULL;
  g_autofree char *comments = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " review comment",
                                                            "%" PRIu64 " review comments",
                                                            (gulong) MIN (d->n_review_comments, G_MAXULONG)),
                                               d->n_review_comments);
  g_autofree char *replies = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " reply",
                                                           "%" PRIu64 " replies",
                                                           (gulong) MIN (d->n_replies, G_MAXULONG)),
                                              d->n_replies);
  g_autofree char *notes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " coaching note",
                                                         "%" PRIu64 " coaching notes",
                                                         (gulong) MIN (d->n_notes, G_MAXULONG)),
                                            d->n_notes);

  /* Translators: three counts: review comments, replies, coaching notes */
  counts = g_strdup_printf (_("Received: %s, %s, %s."), comments, replies, notes);
  adw_preferences_group_set_description (self->feedback_group, counts);

  clear_list (self->feedback_list);
  for (guint i = 0; i < d->recent_feedback->len; i++)
    gtk_list_box_append (self->feedback_list, feedback_row (g_ptr_array_index (d->recent_feedback, i)));
  if (d->recent_feedback->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Nothing yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("Reviewers’ comments, replies to your questions and coaching notes "
                                     "appear here after they reach you by sync."));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->feedback_list, row);
    }

  clear_list (self->threads_list);
  for (guint i = 0; i < d->open_threads->len; i++)
    gtk_list_box_append (self->threads_list, thread_row (g_ptr_array_index (d->open_threads, i)));
  gtk_widget_set_visible (self->threads_group, d->open_threads->len > 0);
}

static void
show_dashboard (LimnProgressPage            *self,
                const LimnPersonalDashboard *d)
{
  if (d->n_submissions == 0 && d->recent_feedback->len == 0 && d->open_threads->len == 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  show_summary (self, d);
  set_weeks (self, CARD_ACCURACY, d->gold_weeks);
  set_weeks (self, CARD_REWORK, d->rework_weeks);
  show_time (self, d);
  show_calibration (self, d);
  show_confusion (self, d);
  show_labels (self, d);
  show_feedback (self, d);
  gtk_stack_set_visible_child_name (self->stack, "dashboard");
}

/* Training (docs/training.md): where I stand on the project's
 * qualification and my accuracy on training items, as the server last
 * said (kept with the project's settings). */
static void
training_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(LimnProgressPage) self = data;
  g_autoptr(LimnTaskFeedback) feedback = NULL;
  g_autoptr(LimnTrainingStatus) status = NULL;
  g_autofree char *text = NULL;
  g_autofree char *accuracy = NULL;

  feedback = limn_store_jobs_task_feedback_finish (LIMN_STORE_WORKER (object), result, NULL);
  if (feedback == NULL || self->worker == NULL)
    return;

  status = limn_training_status_from_settings (feedback->settings_json);
  text = limn_training_status_describe (status);
  gtk_widget_set_visible (self->training_box, text != NULL);
  gtk_label_set_text (self->training_label, text ? text : "");

  if (status != NULL && status->training_scored > 0)
    /* Translators: e.g. "Training accuracy: 12 of 14 right (86 %)" */
    accuracy = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "Training accuracy: %" PRId64 " of %" PRId64
                                             " right (%d %%)",
                                             "Training accuracy: %" PRId64 " of %" PRId64
                                             " right (%d %%)", (gulong)status->training_scored),
                                status->training_right, status->training_scored,
                                (int)(100.0 * (double)status->training_right / (double)status->training_scored + 0.5));
  gtk_label_set_text (self->training_accuracy_label, accuracy ? accuracy : "");
  gtk_widget_set_visible (GTK_WIDGET (self->training_accuracy_label), accuracy != NULL);
}

static void
dashboard_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(LimnProgressPage) self = data;
  g_autoptr(LimnPersonalDashboard) d = NULL;
  g_autoptr(GError) error = NULL;

  self->loading = FALSE;
  d = limn_store_jobs_dashboard_finish (LIMN_STORE_WORKER (object), result, &error);
  if (d == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
    }
  else
    {
      self->n_loads++;
      show_dashboard (self, d);
      limn_store_jobs_task_feedback_async (self->worker, self->project_id, NULL, self->cancellable,
                                           training_cb, g_object_ref (self));
    }

  if (!self->ready)
    {
      self->ready = TRUE;
      limn_page_content_ready (LIMN_PAGE (self));
    }
  if (self->again)
    {
      self->again = FALSE;
      load (self);
    }
}

/* Only while shown: a hidden page is marked stale and loads when shown. */
static void
load (LimnProgressPage *self)
{
  if (self->worker == NULL || self->project_id == NULL)
    return;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  if (self->loading)
    {
      self->again = TRUE;
      return;
    }

  self->stale = FALSE;
  self->loading = TRUE;
  limn_store_jobs_dashboard_async (self->worker, self->project_id, self->cancellable, dashboard_cb,
                                   g_object_ref (self));
}

/* LimnPage */

static void
set_session (LimnPage    *page,
             LimnSession *session)
{
  LimnProgressPage *self = LIMN_PROGRESS_PAGE (page);

  g_set_object (&self->session, session);
  g_set_object (&self->worker, limn_session_get_worker (session));
}

static void
show_project (LimnPage            *page,
              LimnProjectContents *contents)
{
  LimnProgressPage *self = LIMN_PROGRESS_PAGE (page);

  if (limn_set_str (&self->project_id, limn_project_get_id (contents->project)))
    gtk_stack_set_visible_child_name (self->stack, "loading");
  load (self);
}

static void
reload (LimnPage *page)
{
  load (LIMN_PROGRESS_PAGE (page));
}

static void
close_page (LimnPage *page)
{
  g_cancellable_cancel (LIMN_PROGRESS_PAGE (page)->cancellable);
}

static void
limn_progress_page_page_init (LimnPageInterface *iface)
{
  iface->set_session = set_session;
  iface->show_project = show_project;
  iface->reload = reload;
  iface->close = close_page;
}

static void
limn_progress_page_map (GtkWidget *widget)
{
  LimnProgressPage *self = LIMN_PROGRESS_PAGE (widget);

  GTK_WIDGET_CLASS (limn_progress_page_parent_class)->map (widget);
  if (self->stale || self->n_loads == 0)
    load (self);
}

/* For tests */

const char *
limn_progress_page_get_state (LimnProgressPage *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
limn_progress_page_get_summary (LimnProgressPage *self,
                                guint             index)
{
  GtkLabel *labels[] = { self->week_value, self->accuracy_value, self->time_value, self->growth_label };

  g_return_val_if_fail (index < G_N_ELEMENTS (labels), NULL);
  return gtk_label_get_text (labels[index]);
}

GtkWidget *
limn_progress_page_get_card (LimnProgressPage *self,
                             const char       *name)
{
  for (guint i = 0; i < N_CARDS; i++)
    if (g_str_equal (card_names[i], name))
      return GTK_WIDGET (self->card[i]);
  return NULL;
}

GtkWidget *
limn_progress_page_get_feedback_list (LimnProgressPage *self)
{
  return GTK_WIDGET (self->feedback_list);
}

GtkWidget *
limn_progress_page_get_threads_list (LimnProgressPage *self)
{
  return GTK_WIDGET (self->threads_list);
}

guint
limn_progress_page_get_n_loads (LimnProgressPage *self)
{
  return self->n_loads;
}

char *
limn_progress_page_get_training (LimnProgressPage *self)
{
  if (!gtk_widget_get_visible (self->training_box))
    return g_strdup ("");
  return g_strconcat (gtk_label_get_text (self->training_label), "\n",
                      gtk_label_get_text (self->training_accuracy_label), NULL);
}

/* GObject */

static void
limn_progress_page_dispose (GObject *object)
{
  LimnProgressPage *self = LIMN_PROGRESS_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), LIMN_TYPE_PROGRESS_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->worker);
  g_clear_object (&self->session);
  g_clear_pointer (&self->project_id, g_free);

  G_OBJECT_CLASS (limn_progress_page_parent_class)->dispose (object);
}

static void
limn_progress_page_get_property (GObject    *object,
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
limn_progress_page_class_init (LimnProgressPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = limn_progress_page_dispose;
  object_class->get_property = limn_progress_page_get_property;
  g_object_class_override_property (object_class, PROP_SUBTITLE, "subtitle");
  widget_class->map = limn_progress_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, LIMN_RESOURCE_PATH "/ui/limn-progress-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LimnProgressPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LimnProgressPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, LimnProgressPage, week_value);
  gtk_widget_class_bind_template_child (widget_class, LimnProgressPage, accuracy_box);
  gtk_widget_class_bind_template_child (widget_class, LimnProgressPage, accuracy_value);
  gtk_widget_class_bind_template_child (widget_class, LimnProgressPage, accuracy_caption);
  gtk_widget_class_bind_template_child (widget_class, LimnProgressPage, time_value);
  gtk_widget_class_bind_template_child (widget_class, LimnProgressPage, growth_label);
  gtk_widget_class_bind_template_child (widget_class, LimnProgressPage, training_box);
  gtk_widget_class_bind_template_child (widget_class, LimnProgressPage, training_label);
  gtk_widget_class_bind_template_child (widget_class, LimnProgressPage, training_accuracy_label);
  gtk_widget_class_bind_template_child (widget_class, LimnProgressPage, drift_box);
  gtk_widget_class_bind_template_child (widget_class, LimnProgressPage, cards);
  gtk_widget_class_bind_template_child (widget_class, LimnProgressPage, feedback_group);
  gtk_widget_class_bind_template_child (widget_class, LimnProgressPage, feedback_list);
  gtk_widget_class_bind_template_child (widget_class, LimnProgressPage, threads_group);
  gtk_widget_class_bind_template_child (widget_class, LimnProgressPage, threads_list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "progresspage");
}

static void
add_card (LimnProgressPage *self,
          guint             index,
          const char       *title,
          const char       *subtitle,
          const char       *empty_title,
          const char       *empty_description,
          GtkWidget        *chart)
{
  self->card[index] = limn_chart_card_new (title, subtitle, empty_title, empty_description, chart);
  gtk_widget_set_name (GTK_WIDGET (self->card[index]), card_names[index]);
  gtk_box_append (self->cards, GTK_WIDGET (self->card[index]));
}

static void
limn_progress_page_init (LimnProgressPage *self)
{
  LimnTimeChart *accuracy = limn_time_chart_new ();
  LimnTimeChart *rework = limn_time_chart_new ();
  LimnHistogram *time = limn_histogram_new ();
  LimnBarChart *labels = limn_bar_chart_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  limn_time_chart_set_format (accuracy, LIMN_CHART_FORMAT_PERCENT);
  limn_time_chart_set_period (accuracy, _("Week"));
  limn_time_chart_set_format (rework, LIMN_CHART_FORMAT_PERCENT);
  limn_time_chart_set_period (rework, _("Week"));
  limn_histogram_set_format (time, LIMN_CHART_FORMAT_DURATION);
  limn_bar_chart_set_format (labels, LIMN_CHART_FORMAT_PERCENT);

  add_card (self, CARD_ACCURACY, _("Accuracy Over Time"),
            _("Your first answer to each gold task that matched the gold answer, by week, with its likely range."),
            _("No Accuracy Yet"), _("Accuracy appears after your first gold task is revealed."),
            GTK_WIDGET (accuracy));
  add_card (self, CARD_REWORK, _("Rework Over Time"),
            _("Your reviewed submissions that a reviewer sent back to redo, by week."),
            _("No Reviews Yet"), _("Rework appears once a reviewer has looked at your work."),
            GTK_WIDGET (rework));
  add_card (self, CARD_TIME, _("Time per Task"), NULL,
            _("No Times Yet"), _("Times appear after your first submitted task."),
            GTK_WIDGET (time));
  add_card (self, CARD_CALIBRATION, _("How Sure You Were"),
            _("When you said you were this sure, how often you were right (gold or an accepted review). "
              "Points on the diagonal mean your confidence is a good guide."),
            _("Nothing to Compare Yet"),
            _("This appears once tasks you rated for confidence are checked by a gold answer or a review."),
            GTK_WIDGET (limn_reliability_diagram_new ()));
  add_card (self, CARD_CONFUSION, _("Labels on Gold Tasks"),
            _("Each gold region (rows) and what you gave it (columns). “None” is a region missed or one "
              "gold does not have."),
            _("No Gold Answers Yet"), _("This appears after your first gold task is revealed."),
            GTK_WIDGET (limn_heat_map_new ()));
  add_card (self, CARD_LABELS, _("Labels You Use"), NULL,
            _("No Labels Yet"), _("Your label use appears after your first submitted task."),
            GTK_WIDGET (labels));
}
