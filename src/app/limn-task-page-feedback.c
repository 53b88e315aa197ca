/* limn-task-page-feedback.c
 *
 * What review says about the open task (docs/review.md): the latest
 * verdict over it, the comments pinned to its regions (drawn on the canvas
 * or the text; activating one in the banner selects the region), whether
 * a task sent back was submitted again, the correction to compare with
 * (limn-task-page-changes.c), the task's history on demand; and a banner
 * while the project's guidelines have a version the annotator has not
 * acknowledged; a toast when a sync sends tasks back. All read on the
 * writer thread; the
 * verdicts are marked read once shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "limn-task-page-private.h"
#include "limn-task-title.h"
#include "charts/limn-chart-format.h"
#include "store/limn-store-feedback-jobs.h"

/* Region id → its label's name, as the open revision has them. */
static GHashTable *
region_labels (LimnTaskPage *self,
               GPtrArray    *reviews)
{
  GHashTable *labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < reviews->len; i++)
    {
      const LimnReviewVerdict *v = g_ptr_array_index (reviews, i);

      for (guint j = 0; v->comments != NULL && j < v->comments->len; j++)
        {
          const LimnReviewComment *c = g_ptr_array_index (v->comments, j);
          const LimnRegion *region;
          LimnLabel *label;

          if (c->region_id == NULL || self->draft == NULL ||
              (region = limn_draft_lookup_region (self->draft, c->region_id)) == NULL)
            continue;

          label = limn_project_lookup_label (self->project, region->label_id);
          g_hash_table_replace (labels, g_strdup (c->region_id),
                                g_strdup (label != NULL ? limn_label_get_display_name (label, NULL) : _("Unlabelled")));
        }
    }

  return labels;
}

static const LimnReviewVerdict *
latest_received (GPtrArray *reviews)
{
  const LimnReviewVerdict *latest = NULL;

  for (guint i = 0; reviews != NULL && i < reviews->len; i++)
    {
      const LimnReviewVerdict *v = g_ptr_array_index (reviews, i);

      if (!v->mine && v->verdict != LIMN_VERDICT_NONE)
        latest = v;
    }

  return latest;
}

static void
clear_comments (LimnTaskPage *self)
{
  limn_image_canvas_clear_comments (self->canvas);
  limn_span_view_clear_comments (self->span_view);
}

/* The reviewer's comments on regions, where the annotator looks: a marker
 * on each region, its text on hover and click. */
static void
pin_comments (LimnTaskPage            *self,
              const LimnReviewVerdict *verdict)
{
  gboolean text = limn_task_get_kind (self->task) == LIMN_TASK_TEXT;

  clear_comments (self);
  for (guint i = 0; verdict != NULL && verdict->comments != NULL && i < verdict->comments->len; i++)
    {
      const LimnReviewComment *c = g_ptr_array_index (verdict->comments, i);

      if (c->region_id == NULL)
        continue;
      if (text)
        limn_span_view_set_comment (self->span_view, c->region_id, c->body);
      else
        limn_image_canvas_set_comment (self->canvas, c->region_id, c->body);
    }
}

static void
show_guideline_update (LimnTaskPage  *self,
                       LimnGuideline *update)
{
  g_autofree char *text = NULL;

  gtk_revealer_set_reveal_child (self->guideline_revealer, update != NULL);
  if (update == NULL)
    return;

  if (update->summary != NULL && update->summary[0] != '\0')
    /* Translators: %lld is a version number, %s what changed */
    text = g_strdup_printf (_("Guidelines updated to version %" PRId64 ": %s"),
                            update->version, update->summary);
  else
    text = g_strdup_printf (_("Guidelines updated to version %" PRId64 "."), update->version);
  gtk_label_set_text (self->guideline_label, text);
}

static void
task_feedback_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(LimnTaskPage) self = data;
  g_autoptr(LimnTaskFeedback) feedback = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) labels = NULL;
  const LimnReviewVerdict *latest;

  feedback = limn_store_jobs_task_feedback_finish (LIMN_STORE_WORKER (object), result, &error);
  if (feedback == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Cannot read the reviews of this task: %s", error->message);
          self->feedback_pending = FALSE;
          if (self->worker != NULL)
            limn_task_page_update_submitted (self);
        }
      return;
    }
  if (self->worker == NULL)
    return;

  show_guideline_update (self, feedback->needing_ack);
  limn_task_page_training_update (self, feedback->settings_json, feedback->gold_json);

  /* The task may have closed while the store answered. */
  if (self->task == NULL)
    return;

  labels = region_labels (self, feedback->reviews);
  limn_rework_banner_set_reviews (self->rework_banner, feedback->reviews, labels);
  limn_rework_banner_set_resubmitted (self->rework_banner, feedback->resubmitted);
  latest = latest_received (feedback->reviews);
  pin_comments (self, latest);
  limn_task_page_changes_set (self, latest, feedback->corrected);

  self->feedback_pending = FALSE;
  limn_task_page_update_submitted (self);
}

void
limn_task_page_feedback_load (LimnTaskPage *self)
{
  if (self->worker == NULL || self->project == NULL)
    return;

  /* Local work has no reviews nor guideline updates. */
  if (limn_project_get_server_url (self->project) == NULL)
    return;

  g_cancellable_cancel (self->feedback_cancellable);
  g_clear_object (&self->feedback_cancellable);
  self->feedback_cancellable = g_cancellable_new ();
  self->feedback_pending = self->task != NULL;

  limn_store_jobs_task_feedback_async (self->worker, limn_project_get_id (self->project),
                                       self->task != NULL ? limn_task_get_id (self->task) : NULL,
                                       self->feedback_cancellable, task_feedback_cb, g_object_ref (self));
}

void
limn_task_page_feedback_clear (LimnTaskPage *self)
{
  self->feedback_pending = FALSE;
  limn_rework_banner_set_reviews (self->rework_banner, NULL, NULL);
  clear_comments (self);
  limn_task_page_changes_clear (self);
}

static void
history_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(LimnTaskPage) self = data;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = limn_store_jobs_history_finish (LIMN_STORE_WORKER (object), result, &error);
  if (entries == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        limn_task_page_toast (self, error->message);
      return;
    }

  limn_rework_banner_set_history (self->rework_banner, entries);
}

static void
history_requested_cb (LimnTaskPage *self)
{
  if (self->worker == NULL || self->task == NULL)
    return;

  limn_store_jobs_history_async (self->worker, limn_task_get_id (self->task), self->feedback_cancellable,
                                 history_cb, g_object_ref (self));
}

/* A pinned comment: show the region it is about. */
static void
region_activated_cb (LimnTaskPage *self,
                     const char   *region_id)
{
  if (self->task == NULL)
    return;

  if (limn_task_get_kind (self->task) == LIMN_TASK_TEXT)
    {
      limn_span_view_select (self->span_view, region_id);
      gtk_widget_grab_focus (GTK_WIDGET (self->span_view));
    }
  else
    {
      limn_image_canvas_select (self->canvas, region_id);
      gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
    }
}

void
limn_task_page_feedback_sent_back (LimnTaskPage *self,
                                   GPtrArray    *tasks)
{
  AdwToastOverlay *overlay;
  g_autofree char *text = NULL;
  AdwToast *toast;
  LimnTask *first;
  LimnTaskStatus status;
  gboolean open_is_task;

  if (tasks == NULL || tasks->len == 0)
    return;

  /* The annotator busy on a task keeps working: the list already shows
   * the rework first, and Next goes there. Only when what is open is done
   * (or nothing is) does the app offer to go. */
  status = self->task != NULL ? limn_task_get_status (self->task) : LIMN_TASK_STATUS_SUBMITTED;
  if (status != LIMN_TASK_STATUS_SUBMITTED && status != LIMN_TASK_STATUS_ACCEPTED)
    return;

  first = g_ptr_array_index (tasks, 0);
  open_is_task = self->task != NULL && g_strcmp0 (limn_task_get_id (self->task), limn_task_get_id (first)) == 0;
  overlay = ADW_TOAST_OVERLAY (gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY));
  if (overlay == NULL || open_is_task)
    return;

  if (tasks->len == 1)
    /* Translators: %s is a task's title */
    {
      g_autofree char *title = limn_task_title_for_display (first);

      text = g_strdup_printf (_("“%s” was sent back to you"), title);
    }
  else
    text = limn_format_localize_digits_take (
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u task was sent back to you",
                                    "%u tasks were sent back to you", tasks->len),
                       tasks->len));

  toast = adw_toast_new (text);
  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_action_name (toast, "task.open-task");
  adw_toast_set_action_target_value (toast, g_variant_new_string (limn_task_get_id (first)));
  adw_toast_set_timeout (toast, 10);
  g_object_set_data_full (G_OBJECT (gtk_widget_get_root (GTK_WIDGET (self))), "last-toast",
                          g_strdup (text), g_free);
  adw_toast_overlay_add_toast (overlay, toast);
}

void
limn_task_page_feedback_init (LimnTaskPage *self)
{
  g_signal_connect_swapped (self->rework_banner, "history-requested", G_CALLBACK (history_requested_cb), self);
  g_signal_connect_swapped (self->rework_banner, "region-activated", G_CALLBACK (region_activated_cb), self);
}
