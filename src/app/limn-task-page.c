/* limn-task-page.c
 *
 * The labeling page: opens a task of the project (its image decoding while
 * the store loads the annotation), keeps its draft, its timing and its
 * autosave going, shows a submitted task read-only, and reads the task
 * list back from the store after each submit. What the annotator can do
 * is in limn-task-page-actions.c, an image still on its way in
 * limn-task-page-media.c, what review says in limn-task-page-feedback.c
 * and limn-task-page-changes.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "events/limn-event.h"
#include "limn-delayed-spinner.h"
#include "charts/limn-chart-format.h"
#include "limn-task-page-private.h"
#include "limn-task-title.h"
#include "model/limn-util.h"

static void limn_task_page_page_init (LimnPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LimnTaskPage, limn_task_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LIMN_TYPE_PAGE, limn_task_page_page_init))

enum {
  PROP_0,
  PROP_SUBTITLE,
  N_PROPS
};

enum {
  TASK_OPENED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
limn_task_page_toast (LimnTaskPage *self,
                      const char   *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

static void
set_subtitle (LimnTaskPage *self,
              const char   *subtitle)
{
  if (limn_set_str (&self->subtitle, subtitle))
    g_object_notify (G_OBJECT (self), "subtitle");
}

static void
show_loading (LimnTaskPage *self)
{
  gtk_stack_set_visible_child_name (self->work_stack, "loading");
  limn_delayed_spinner_start (self->loading_spinner);
}

static void
stop_loading (LimnTaskPage *self)
{
  limn_delayed_spinner_stop (self->loading_spinner);
}

/* Status pages get their icon when first shown: an SVG at 128 px would
 * load librsvg at start-up for pages nobody sees yet. */
void
limn_task_page_show_status_page (LimnTaskPage  *self,
                                 AdwStatusPage *page,
                                 const char    *icon_name)
{
  if (adw_status_page_get_icon_name (page) == NULL)
    adw_status_page_set_icon_name (page, icon_name);
  gtk_stack_set_visible_child (self->work_stack, GTK_WIDGET (page));
}

static void
work_page_cb (LimnTaskPage *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->work_stack);

  if (g_strcmp0 (page, "image") == 0
      ? limn_image_canvas_get_state (self->canvas) == LIMN_IMAGE_CANVAS_STATE_READY
      : g_strcmp0 (page, "loading") != 0)
    limn_page_content_ready (LIMN_PAGE (self));
}

void
limn_task_page_show_error (LimnTaskPage *self,
                        const char *title,
                        const char *message)
{
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, message);
  /* Without a store there is nothing to open instead. */
  gtk_widget_set_visible (adw_status_page_get_child (self->error_page), self->worker != NULL);
  gtk_widget_set_visible (self->side_panel, self->project != NULL);
  limn_task_page_show_status_page (self, self->error_page, "dialog-error-symbolic");
  stop_loading (self);
}

static char *
format_duration (gint64 ms)
{
  gint64 s = ms / 1000;
  g_autofree char *ascii = NULL;

  if (s >= 3600)
    ascii = g_strdup_printf ("%" PRId64 ":%02d:%02d", s / 3600, (int)(s / 60 % 60), (int)(s % 60));
  else
    ascii = g_strdup_printf ("%d:%02d", (int)(s / 60), (int)(s % 60));
  /* A clock: the locale's digits, no grouping. */
  return limn_format_localize_digits (ascii, LC_NUMERIC);
}

static void
update_timing (LimnTaskPage *self)
{
  g_autofree char *active = NULL;
  g_autofree char *wall = NULL;
  g_autofree char *text = NULL;

  if (self->draft == NULL || self->activity == NULL)
    {
      gtk_label_set_text (self->timing_label, "");
      return;
    }

  active = format_duration (limn_activity_get_active_ms (self->activity));
  wall = format_duration (limn_activity_get_wall_ms (self->activity));

  if (limn_activity_is_idle (self->activity))
    /* Translators: shown when the annotator has not touched anything for a while */
    text = g_strdup_printf (_("Idle, not counted · Active %s · Total %s"), active, wall);
  else
    text = g_strdup_printf (_("Active %s · Total %s"), active, wall);

  gtk_label_set_text (self->timing_label, text);
}

static void
update_position (LimnTaskPage *self)
{
  guint n = limn_task_list_get_n_tasks (self->task_list);
  guint pos = limn_task_list_get_selected (self->task_list);
  guint done = limn_task_list_count_status (self->task_list, LIMN_TASK_STATUS_SUBMITTED);
  g_autofree char *text = NULL;

  if (n == 0 || pos == GTK_INVALID_LIST_POSITION)
    text = g_strdup ("");
  else
    text = limn_format_localize_digits_take (g_strdup_printf (_("Task %u of %u · %u submitted"),
                                                              pos + 1, n, done));

  gtk_label_set_text (self->position_label, text);
}

static void
set_saved_state (LimnTaskPage *self)
{
  if (self->save_failed)
    gtk_label_set_text (self->save_label, _("Not saved yet, retrying"));
  else if (self->worker != NULL && limn_store_worker_get_n_pending (self->worker) > 0)
    gtk_label_set_text (self->save_label, _("Saving…"));
  else
    gtk_label_set_text (self->save_label, _("All changes saved"));
}

static gboolean
tick_cb (gpointer data)
{
  LimnTaskPage *self = data;

  update_timing (self);
  set_saved_state (self);
  limn_task_page_update_media_page (self);

  return G_SOURCE_CONTINUE;
}

const char *
limn_task_page_get_selected_region (LimnTaskPage *self)
{
  const char *id = NULL;

  if (self->draft == NULL || self->task == NULL)
    return NULL;

  if (limn_task_get_kind (self->task) == LIMN_TASK_IMAGE)
    id = limn_image_canvas_get_selected (self->canvas);
  else
    id = limn_span_view_get_selected (self->span_view);

  /* Suggestions have no confidence of the annotator's. */
  return limn_draft_lookup_region (self->draft, id) ? id : NULL;
}

void
limn_task_page_update_panel (LimnTaskPage *self)
{
  const char *region_id = limn_task_page_get_selected_region (self);
  guint n_suggestions = self->draft ? limn_draft_get_n_suggestions (self->draft) : 0;
  gboolean editable = self->draft != NULL && !limn_draft_get_read_only (self->draft);

  limn_confidence_control_set_value (self->task_confidence,
                                     self->draft ? limn_draft_get_confidence (self->draft) : -1);

  /* A submitted task shows its ratings; changing them is editing it. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->task_confidence), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->palette), editable || self->draft == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->region_confidence), editable && region_id != NULL);
  gtk_widget_set_sensitive (self->region_confidence_caption, editable && region_id != NULL);
  limn_confidence_control_set_value (self->region_confidence,
                                     region_id ? limn_draft_lookup_region (self->draft, region_id)->confidence : -1);

  gtk_widget_set_visible (self->suggestions_box, n_suggestions > 0);
  if (n_suggestions > 0)
    {
      const LimnRegion *first = limn_draft_get_suggestion (self->draft, 0);
      g_autofree char *text = NULL;

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u suggestion from %s. Tab selects, Enter accepts, Delete rejects.",
                                           "%u suggestions from %s. Tab selects, Enter accepts, Delete rejects.",
                                           n_suggestions),
                              n_suggestions, first->model_version ? first->model_version : _("a model"));
      gtk_label_set_text (self->suggestions_label, text);
    }

  if (self->task != NULL && limn_task_get_kind (self->task) == LIMN_TASK_TEXT)
    gtk_label_set_text (self->palette_hint, _("Select text, then press a label's key."));
  else if (self->task != NULL)
    gtk_label_set_text (self->palette_hint, _("Drag to draw a box with the highlighted label; "
                                              "a key relabels the selected box."));
  else
    gtk_label_set_text (self->palette_hint, "");

  limn_task_page_update_actions (self);
}

/* Autosave: the worker coalesces snapshots and writes within 50 ms. */
void
limn_task_page_save_draft (LimnTaskPage *self)
{
  g_autoptr(LimnAnnotation) snapshot = NULL;

  if (self->draft == NULL || self->worker == NULL)
    return;

  snapshot = limn_draft_snapshot (self->draft,
                                  limn_activity_get_active_ms (self->activity),
                                  limn_activity_get_wall_ms (self->activity));
  limn_store_worker_save_draft (self->worker, snapshot);
  set_saved_state (self);
}

static void
draft_changed_cb (LimnDraft  *draft,
                  LimnTaskPage *self)
{
  self->dirty = TRUE;
  limn_task_page_save_draft (self);

  if (self->task != NULL)
    {
      limn_task_set_n_regions (self->task, limn_draft_get_n_regions (draft));
      if (limn_task_get_status (self->task) == LIMN_TASK_STATUS_NEW ||
          limn_task_get_status (self->task) == LIMN_TASK_STATUS_SKIPPED)
        limn_task_set_status (self->task, LIMN_TASK_STATUS_IN_PROGRESS);
    }

  limn_task_page_update_panel (self);
}

/* Leaves the open task: its timing goes into the draft if it holds work. */
static void close_task (LimnTaskPage *self);

void
limn_task_page_reopen_task (LimnTaskPage *self)
{
  g_autoptr(LimnTask) task = self->task != NULL ? g_object_ref (self->task) : NULL;
  g_autofree char *training = g_strdup (self->training_task_id);

  close_task (self);
  /* The same task: its training state stays (open_task would clear it). */
  g_free (self->training_task_id);
  self->training_task_id = g_steal_pointer (&training);
  limn_task_page_open_task (self, task);
}

static void
close_task (LimnTaskPage *self)
{
  if (self->draft != NULL)
    {
      JsonObject *payload = json_object_new ();

      /* A submitted revision only looked at, or edited again without a
       * change, stays as it was: opening a task must not reopen it. */
      limn_activity_stop (self->activity);
      if (!limn_draft_get_read_only (self->draft) &&
          (limn_draft_get_version (self->draft) > 0 || self->stored_draft))
        limn_task_page_save_draft (self);

      json_object_set_int_member (payload, "active_ms", limn_activity_get_active_ms (self->activity));
      json_object_set_int_member (payload, "wall_ms", limn_activity_get_wall_ms (self->activity));
      limn_event_log_record (self->log, LIMN_EVENT_TASK_CLOSED, payload);
      json_object_unref (payload);

      g_signal_handlers_disconnect_by_func (self->draft, draft_changed_cb, self);
    }

  limn_task_page_feedback_clear (self);
  limn_image_canvas_set_task (self->canvas, NULL, NULL);
  limn_span_view_set_task (self->span_view, NULL, NULL, NULL);
  g_clear_object (&self->draft);
  g_clear_object (&self->task);
  g_clear_pointer (&self->text, limn_text_index_unref);
  self->stored_draft = FALSE;
  limn_task_page_update_submitted (self);
}

gboolean
limn_task_page_media_missing (LimnTaskPage *self)
{
  return self->task != NULL && limn_task_get_kind (self->task) == LIMN_TASK_IMAGE &&
         !limn_image_canvas_has_image (self->canvas);
}

/* The banner over a submitted task: what became of it, and the way to
 * change it. */
void
limn_task_page_update_submitted (LimnTaskPage *self)
{
  gboolean read_only = self->draft != NULL && limn_draft_get_read_only (self->draft);
  gboolean team = self->project != NULL && limn_project_get_server_url (self->project) != NULL;
  gboolean unsent = read_only && self->task != NULL && limn_task_get_unsent (self->task);
  LimnTaskStatus status = self->task != NULL ? limn_task_get_status (self->task) : LIMN_TASK_STATUS_NEW;
  /* The rework banner says what the reviewer decided, with Edit Again;
   * while it is being read, a reviewed task waits for it. */
  gboolean covered = limn_rework_banner_get_covers_status (self->rework_banner) ||
                     (self->feedback_pending && (status == LIMN_TASK_STATUS_NEEDS_REWORK ||
                                                 status == LIMN_TASK_STATUS_ACCEPTED));

  limn_rework_banner_set_can_edit (self->rework_banner, read_only);
  gtk_revealer_set_reveal_child (self->submitted_revealer, read_only && !covered);
  if (!read_only || covered)
    return;

  gtk_image_set_from_icon_name (self->submitted_icon,
                                self->task != NULL && limn_task_get_status (self->task) == LIMN_TASK_STATUS_NEEDS_REWORK
                                ? "document-edit-symbolic"
                                : unsent ? "document-open-recent-symbolic" : "emblem-ok-symbolic");
  if (self->task != NULL && limn_task_get_status (self->task) == LIMN_TASK_STATUS_NEEDS_REWORK)
    gtk_label_set_text (self->submitted_label, _("Sent back to you. Edit it again to make the new revision "
                                                 "the reviewer asks for."));
  else if (self->task != NULL && limn_task_get_status (self->task) == LIMN_TASK_STATUS_ACCEPTED)
    gtk_label_set_text (self->submitted_label, _("Accepted. Edit it again to make a new revision."));
  else if (!team)
    gtk_label_set_text (self->submitted_label, _("Submitted. Edit it again to make a new revision."));
  else if (unsent)
    gtk_label_set_text (self->submitted_label, _("Submitted, not sent yet: it waits on this computer "
                                                 "and goes to the team server when it can."));
  else
    gtk_label_set_text (self->submitted_label, _("Submitted and received by the team server."));
}

void
limn_task_page_show_task_view (LimnTaskPage *self)
{
  stop_loading (self);

  if (limn_task_get_kind (self->task) == LIMN_TASK_TEXT)
    {
      gtk_stack_set_visible_child_name (self->work_stack, "text");
      gtk_widget_grab_focus (GTK_WIDGET (self->span_view));
    }
  else if (limn_image_canvas_get_state (self->canvas) == LIMN_IMAGE_CANVAS_STATE_ERROR)
    limn_task_page_show_image_problem (self);
  else
    {
      gtk_stack_set_visible_child_name (self->work_stack, "image");
      gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
    }
}

static void
open_task_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(LimnTaskPage) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnTaskContents) contents = NULL;
  g_autoptr(LimnTask) listed = NULL;
  JsonObject *payload;
  guint pos;

  contents = limn_store_jobs_open_task_finish (LIMN_STORE_WORKER (object), result, &error);
  if (self->worker == NULL)   /* the window closed meanwhile */
    return;
  if (contents == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        limn_task_page_show_error (self, _("Cannot Open This Task"), error->message);
      return;
    }

  /* The list's object, so status changes show in the sidebar. */
  pos = limn_task_list_get_selected (self->task_list);
  listed = pos != GTK_INVALID_LIST_POSITION ? limn_task_list_get_task (self->task_list, pos) : NULL;
  if (listed == NULL || g_strcmp0 (limn_task_get_id (listed), limn_task_get_id (contents->task)) != 0)
    g_set_object (&listed, contents->task);

  self->task = g_object_ref (listed);
  self->text = contents->text ? limn_text_index_ref (contents->text) : NULL;

  limn_event_log_set_context (self->log, limn_project_get_id (self->project), limn_task_get_id (self->task));
  if (contents->read_only)
    self->draft = limn_draft_new_read_only (contents->annotation, contents->suggestions, self->log);
  else
    self->draft = limn_draft_new (contents->annotation, contents->suggestions, self->log);
  self->stored_draft = contents->stored_draft;
  g_signal_connect (self->draft, "changed", G_CALLBACK (draft_changed_cb), self);

  payload = json_object_new ();
  json_object_set_string_member (payload, "annotation_id", contents->annotation->id);
  json_object_set_int_member (payload, "revision", contents->annotation->revision);
  json_object_set_int_member (payload, "regions", contents->annotation->regions->len);
  json_object_set_int_member (payload, "suggestions", limn_draft_get_n_suggestions (self->draft));
  json_object_set_boolean_member (payload, "read_only", contents->read_only);
  limn_event_log_record (self->log, LIMN_EVENT_TASK_OPENED, payload);
  json_object_unref (payload);

  limn_activity_start (self->activity, contents->annotation->active_ms, contents->annotation->wall_ms);
  self->dirty = FALSE;

  if (limn_task_get_kind (self->task) == LIMN_TASK_TEXT)
    limn_span_view_set_task (self->span_view, self->task, self->text, self->draft);
  else
    limn_image_canvas_set_task (self->canvas, self->task, self->draft);

  {
    g_autofree char *title = limn_task_title_for_display (self->task);

    set_subtitle (self, title);
  }
  limn_task_page_show_task_view (self);
  /* First: the submitted bar waits for what review says. */
  limn_task_page_feedback_load (self);
  limn_task_page_update_submitted (self);
  limn_task_page_update_panel (self);
  update_position (self);
  update_timing (self);

  g_signal_emit (self, signals[TASK_OPENED], 0, limn_task_get_id (self->task));
}

void
limn_task_page_open_task (LimnTaskPage *self,
                       LimnTask   *task)
{
  g_return_if_fail (LIMN_IS_TASK_PAGE (self));

  if (self->task != NULL && task != NULL &&
      g_str_equal (limn_task_get_id (self->task), limn_task_get_id (task)))
    return;

  /* Opening another task leaves a training item's feedback behind. */
  if (task == NULL || g_strcmp0 (self->training_task_id, limn_task_get_id (task)) != 0)
    limn_task_page_training_clear (self);

  close_task (self);

  g_cancellable_cancel (self->task_cancellable);
  g_clear_object (&self->task_cancellable);

  if (task == NULL)
    {
      limn_task_page_update_panel (self);
      return;
    }

  /* The image decodes while the store loads the annotation: the canvas
   * keeps loading when open_task_cb hands it the same task with its draft. */
  if (limn_task_get_kind (task) == LIMN_TASK_IMAGE)
    limn_image_canvas_set_task (self->canvas, task, NULL);

  self->task_cancellable = g_cancellable_new ();
  limn_store_jobs_open_task_async (self->worker, limn_task_get_id (task),
                                   limn_project_get_guideline_version (self->project),
                                   self->task_cancellable, open_task_cb, g_object_ref (self));
}

static void
selection_changed_cb (LimnTaskPage *self)
{
  LimnTask *task = limn_task_list_get_selected_task (self->task_list);

  if (task != NULL)
    limn_task_page_open_task (self, task);
  update_position (self);
}

/* A click or Enter on a row: the only ways the list opens a task. */
static void
task_activated_cb (LimnTaskPage *self,
                   guint         position)
{
  limn_task_page_select_task (self, position);
}

void
limn_task_page_select_task (LimnTaskPage *self,
                            guint         position)
{
  g_return_if_fail (LIMN_IS_TASK_PAGE (self));

  limn_task_list_select (self->task_list, position);
}

/* After a submit or skip: the next task still to do, wrapping around. */
void
limn_task_page_advance (LimnTaskPage *self)
{
  guint next = limn_task_list_next_to_do (self->task_list, limn_task_list_get_selected (self->task_list));

  if (next != GTK_INVALID_LIST_POSITION)
    {
      limn_task_page_select_task (self, next);
      return;
    }

  limn_task_page_toast (self, _("Every task is submitted or skipped. Skipped ones stay in the list."));
  update_position (self);
}

static void
show_project (LimnPage            *page,
              LimnProjectContents *contents)
{
  LimnTaskPage *self = LIMN_TASK_PAGE (page);
  guint first = 0;

  close_task (self);

  g_set_object (&self->project, contents->project);
  limn_task_list_set_tasks (self->task_list, contents->tasks);

  gtk_widget_set_visible (self->side_panel, TRUE);
  set_subtitle (self, NULL);
  limn_label_palette_set_project (self->palette, self->project);
  limn_image_canvas_set_project (self->canvas, self->project);
  limn_span_view_set_project (self->span_view, self->project);
  limn_confidence_control_set_steps (self->task_confidence, limn_project_get_confidence_steps (self->project));
  limn_confidence_control_set_steps (self->region_confidence, limn_project_get_confidence_steps (self->project));
  limn_task_page_rebuild_label_shortcuts (self);

  if (g_list_model_get_n_items (limn_project_get_labels (self->project)) > 0)
    {
      g_autoptr(LimnLabel) label = g_list_model_get_item (limn_project_get_labels (self->project), 0);

      limn_image_canvas_set_active_label (self->canvas, limn_label_get_id (label));
    }

  /* Start where the work is: the first task not yet submitted or skipped. */
  for (guint i = 0; i < contents->tasks->len; i++)
    {
      LimnTaskStatus s = limn_task_get_status (g_ptr_array_index (contents->tasks, i));

      /* A task sent back is listed first, and is where work starts. */
      if (limn_task_status_is_to_do (s))
        {
          first = i;
          break;
        }
    }

  if (contents->tasks->len == 0)
    {
      limn_task_page_show_error (self, _("This Project Has No Tasks"),
                              _("Add images or texts to it, or open another project."));
      return;
    }

  limn_task_page_select_task (self, first);
}

/* The task list as the store has it: after a sync (statuses, flags and
 * new or expired tasks change under the annotator's feet), and after a
 * submit or skip, so counts and "next" come from the store. The open task
 * stays open. */
typedef struct
{
  LimnTaskPage  *self;
  void       (*then) (LimnTaskPage *self);
} Refresh;

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  g_autofree Refresh *r = data;
  g_autoptr(LimnTaskPage) self = r->self;
  g_autoptr(LimnProjectContents) contents = NULL;
  g_autoptr(GPtrArray) sent_back = NULL;
  g_autoptr(GError) error = NULL;

  contents = limn_store_jobs_open_project_finish (LIMN_STORE_WORKER (object), result, &error);
  if (self->worker == NULL || contents == NULL || self->project == NULL ||
      g_strcmp0 (limn_project_get_id (contents->project), limn_project_get_id (self->project)) != 0)
    {
      if (self->worker != NULL && r->then != NULL)
        r->then (self);
      return;
    }

  sent_back = limn_task_list_merge (self->task_list, contents->tasks, self->task, self->dirty);
  limn_task_page_feedback_sent_back (self, sent_back);

  update_position (self);
  limn_task_page_update_submitted (self);

  if (r->then != NULL)
    r->then (self);
}

void
limn_task_page_refresh_then (LimnTaskPage  *self,
                                void       (*then) (LimnTaskPage *self))
{
  Refresh *r;

  if (self->worker == NULL || self->project == NULL)
    {
      if (then != NULL)
        then (self);
      return;
    }

  r = g_new0 (Refresh, 1);
  r->self = g_object_ref (self);
  r->then = then;
  limn_store_jobs_open_project_async (self->worker, limn_project_get_id (self->project), NULL,
                                      refresh_cb, r);
}

static void
refresh_tasks (LimnTaskPage *self)
{
  limn_task_page_refresh_then (self, NULL);
}

/* The outbox shrank or grew: which submits wait, as the store says. */
static void
waiting_tasks_cb (LimnTaskPage *self)
{
  refresh_tasks (self);
}

/* While the image waits, its page counts down to the next try. */
static void
sync_state_cb (LimnTaskPage *self)
{
  limn_task_page_update_media_page (self);
}

static void
committed_cb (LimnStoreWorker *worker,
              guint            n_events,
              gint64           last_seq,
              LimnTaskPage      *self)
{
  set_saved_state (self);
}

static void
write_failed_cb (LimnStoreWorker *worker,
                 const GError    *error,
                 LimnTaskPage      *self)
{
  self->save_failed = TRUE;
  set_saved_state (self);
}

static void
write_recovered_cb (LimnStoreWorker *worker,
                    LimnTaskPage      *self)
{
  self->save_failed = FALSE;
  set_saved_state (self);
}

static void
max_pixels_changed_cb (LimnTaskPage *self)
{
  limn_image_canvas_set_max_pixels (self->canvas,
                                    (guint64)g_settings_get_uint (limn_session_get_settings (self->session),
                                                                  "max-image-megapixels") * 1000000);
}

static void
canvas_state_cb (LimnTaskPage *self)
{
  if (self->task == NULL || limn_task_get_kind (self->task) != LIMN_TASK_IMAGE)
    return;

  if (limn_image_canvas_get_state (self->canvas) == LIMN_IMAGE_CANVAS_STATE_ERROR)
    {
      /* Only once the window knows the task (the store answered): before,
       * the loading page stays. */
      if (self->draft != NULL)
        limn_task_page_show_image_problem (self);
    }
  else
    {
      const char *page = gtk_stack_get_visible_child_name (self->work_stack);

      if (g_strcmp0 (page, "image-error") == 0 || g_strcmp0 (page, "media-wait") == 0)
        {
          gtk_stack_set_visible_child_name (self->work_stack, "image");
          gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
        }
    }
  work_page_cb (self);
  /* Submit waits for the image to be on screen. */
  limn_task_page_update_actions (self);
}

static void
canvas_active_label_cb (LimnTaskPage *self)
{
  limn_label_palette_set_active (self->palette, limn_image_canvas_get_active_label (self->canvas));
}

static void
selection_notify_cb (LimnTaskPage *self)
{
  limn_task_page_update_panel (self);
}

/* The sync client comes with sign-in (or never, for local work). */
static void
sync_client_cb (LimnTaskPage *self)
{
  LimnSyncClient *sync = limn_session_get_sync_client (self->session);

  if (sync == self->sync)
    return;

  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_set_object (&self->sync, sync);
  if (sync == NULL)
    return;

  g_signal_connect_object (sync, "media-changed", G_CALLBACK (limn_task_page_media_changed_cb), self, 0);
  g_signal_connect_object (sync, "notify::n-waiting-tasks", G_CALLBACK (waiting_tasks_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (sync, "notify::state", G_CALLBACK (sync_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sync, "notify::next-retry-us", G_CALLBACK (sync_state_cb), self,
                           G_CONNECT_SWAPPED);
}

/* LimnPage */

static void
set_session (LimnPage    *page,
             LimnSession *session)
{
  LimnTaskPage *self = LIMN_TASK_PAGE (page);

  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  self->worker = g_object_ref (limn_session_get_worker (session));
  self->log = g_object_ref (limn_session_get_log (session));
  self->activity = g_object_ref (limn_session_get_activity (session));

  g_signal_connect_object (self->worker, "committed", G_CALLBACK (committed_cb), self, 0);
  g_signal_connect_object (self->worker, "write-failed", G_CALLBACK (write_failed_cb), self, 0);
  g_signal_connect_object (self->worker, "write-recovered", G_CALLBACK (write_recovered_cb), self, 0);

  g_settings_bind (limn_session_get_settings (session), "show-crosshair", self->canvas, "show-crosshair",
                   G_SETTINGS_BIND_GET);
  g_signal_connect_object (limn_session_get_settings (session), "changed::max-image-megapixels",
                           G_CALLBACK (max_pixels_changed_cb), self, G_CONNECT_SWAPPED);
  max_pixels_changed_cb (self);

  g_signal_connect_object (session, "notify::sync-client", G_CALLBACK (sync_client_cb), self,
                           G_CONNECT_SWAPPED);
  sync_client_cb (self);
  limn_task_page_update_panel (self);
}

static GtkWidget *
get_header_start (LimnPage *page)
{
  return LIMN_TASK_PAGE (page)->header_start;
}

static GtkWidget *
get_header_end (LimnPage *page)
{
  return LIMN_TASK_PAGE (page)->header_end;
}

static GActionGroup *
get_actions (LimnPage *page)
{
  return G_ACTION_GROUP (LIMN_TASK_PAGE (page)->actions);
}

static void
reload (LimnPage *page)
{
  refresh_tasks (LIMN_TASK_PAGE (page));
  limn_task_page_feedback_load (LIMN_TASK_PAGE (page));
}

static void
close_page (LimnPage *page)
{
  LimnTaskPage *self = LIMN_TASK_PAGE (page);

  g_cancellable_cancel (self->task_cancellable);
  g_cancellable_cancel (self->feedback_cancellable);
  if (self->log != NULL)
    close_task (self);
}

static void
limn_task_page_page_init (LimnPageInterface *iface)
{
  iface->set_session = set_session;
  iface->show_project = show_project;
  iface->get_header_start = get_header_start;
  iface->get_header_end = get_header_end;
  iface->get_actions = get_actions;
  iface->reload = reload;
  iface->close = close_page;
}

/* GObject */

static void
limn_task_page_dispose (GObject *object)
{
  LimnTaskPage *self = LIMN_TASK_PAGE (object);
  GtkWidget *child;

  close_page (LIMN_PAGE (self));
  g_clear_object (&self->task_cancellable);
  g_clear_object (&self->feedback_cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);

  /* The header widgets are the window's children while shown. */
  g_clear_object (&self->header_start);
  g_clear_object (&self->header_end);
  gtk_widget_dispose_template (GTK_WIDGET (self), LIMN_TYPE_TASK_PAGE);
  /* The template's outer box is not bound: unparent it here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->actions);
  g_clear_object (&self->sync);
  g_clear_object (&self->activity);
  g_clear_object (&self->log);
  g_clear_object (&self->worker);
  g_clear_object (&self->session);
  g_clear_object (&self->project);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_pointer (&self->training, limn_training_status_free);
  g_clear_pointer (&self->training_task_id, g_free);
  g_clear_pointer (&self->training_given, g_ptr_array_unref);
  g_clear_pointer (&self->changes, limn_region_diff_unref);
  g_clear_pointer (&self->changes_before, limn_annotation_unref);
  g_clear_pointer (&self->changes_after, limn_annotation_unref);
  g_clear_pointer (&self->changes_reviewer, g_free);

  G_OBJECT_CLASS (limn_task_page_parent_class)->dispose (object);
}

static void
limn_task_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LimnTaskPage *self = LIMN_TASK_PAGE (object);

  switch (prop_id)
    {
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_task_page_class_init (LimnTaskPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = limn_task_page_dispose;
  object_class->get_property = limn_task_page_get_property;
  g_object_class_override_property (object_class, PROP_SUBTITLE, "subtitle");

  /**
   * LimnTaskPage::task-opened:
   * @task_id: the task now shown, with its draft ready
   */
  signals[TASK_OPENED] =
    g_signal_new ("task-opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (LIMN_TYPE_IMAGE_CANVAS);
  g_type_ensure (LIMN_TYPE_SPAN_VIEW);
  g_type_ensure (LIMN_TYPE_LABEL_PALETTE);
  g_type_ensure (LIMN_TYPE_CONFIDENCE_CONTROL);
  g_type_ensure (LIMN_TYPE_TASK_LIST);
  g_type_ensure (LIMN_TYPE_REWORK_BANNER);

  gtk_widget_class_set_template_from_resource (widget_class, LIMN_RESOURCE_PATH "/ui/limn-task-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LimnTaskPage, flap);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskPage, task_list);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskPage, guideline_revealer);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskPage, guideline_label);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskPage, rework_banner);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskPage, training_slot);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskPage, submitted_revealer);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskPage, submitted_icon);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskPage, submitted_label);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskPage, work_stack);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskPage, image_error_page);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskPage, canvas);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskPage, span_view);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskPage, side_panel);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskPage, palette);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskPage, palette_hint);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskPage, task_confidence);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskPage, region_confidence);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskPage, region_confidence_caption);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskPage, suggestions_box);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskPage, suggestions_label);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskPage, position_label);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskPage, timing_label);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskPage, save_label);
  gtk_widget_class_bind_template_child_full (widget_class, "header_start", FALSE,
                                             G_STRUCT_OFFSET (LimnTaskPage, header_start));
  gtk_widget_class_bind_template_child_full (widget_class, "header_end", FALSE,
                                             G_STRUCT_OFFSET (LimnTaskPage, header_end));
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "taskpage");
}

static void
limn_task_page_init (LimnTaskPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Not in the page's tree: the window packs them while the page shows. */
  g_object_ref_sink (self->header_start);
  g_object_ref_sink (self->header_end);

  self->actions = limn_task_page_actions_new (self);
  limn_task_page_connect_panel (self);
  limn_task_page_feedback_init (self);
  limn_task_page_changes_init (self);

  g_signal_connect_swapped (self->task_list, "selection-changed", G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_swapped (self->task_list, "task-activated", G_CALLBACK (task_activated_cb), self);
  g_signal_connect_swapped (self->canvas, "notify::state", G_CALLBACK (canvas_state_cb), self);
  g_signal_connect_swapped (self->work_stack, "notify::visible-child", G_CALLBACK (work_page_cb), self);
  g_signal_connect_swapped (self->canvas, "notify::active-label", G_CALLBACK (canvas_active_label_cb), self);
  g_signal_connect_swapped (self->canvas, "notify::selected-id", G_CALLBACK (selection_notify_cb), self);
  g_signal_connect_swapped (self->span_view, "notify::selected-id", G_CALLBACK (selection_notify_cb), self);

  show_loading (self);
  gtk_widget_set_visible (self->side_panel, FALSE);
  limn_task_page_update_panel (self);

  self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
}

/* For tests and benchmarks */

LimnDraft *
limn_task_page_get_draft (LimnTaskPage *self)
{
  g_return_val_if_fail (LIMN_IS_TASK_PAGE (self), NULL);
  return self->draft;
}

const char *
limn_task_page_get_task_id (LimnTaskPage *self)
{
  g_return_val_if_fail (LIMN_IS_TASK_PAGE (self), NULL);
  return self->task ? limn_task_get_id (self->task) : NULL;
}

GtkWidget *
limn_task_page_get_image_canvas (LimnTaskPage *self)
{
  g_return_val_if_fail (LIMN_IS_TASK_PAGE (self), NULL);
  return GTK_WIDGET (self->canvas);
}

GtkWidget *
limn_task_page_get_span_view (LimnTaskPage *self)
{
  g_return_val_if_fail (LIMN_IS_TASK_PAGE (self), NULL);
  return GTK_WIDGET (self->span_view);
}

GtkWidget *
limn_task_page_get_task_list (LimnTaskPage *self)
{
  g_return_val_if_fail (LIMN_IS_TASK_PAGE (self), NULL);
  return limn_task_list_get_view (self->task_list);
}

const char *
limn_task_page_get_work_page (LimnTaskPage *self)
{
  g_return_val_if_fail (LIMN_IS_TASK_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->work_stack);
}

const char *
limn_task_page_get_position_text (LimnTaskPage *self)
{
  g_return_val_if_fail (LIMN_IS_TASK_PAGE (self), NULL);
  return gtk_label_get_text (self->position_label);
}

gboolean
limn_task_page_get_submitted_banner_shown (LimnTaskPage *self)
{
  g_return_val_if_fail (LIMN_IS_TASK_PAGE (self), FALSE);
  return gtk_revealer_get_reveal_child (self->submitted_revealer);
}
