/* limn-window.c
 *
 * The main window: opens the store, a project and its tasks; keeps the open
 * task's draft, its timing and its autosave going. What the user can do
 * lives in limn-window-actions.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-delayed-spinner.h"
#include "model/limn-image-probe.h"
#include "limn-task-row.h"
#include "limn-window-private.h"

G_DEFINE_FINAL_TYPE (LimnWindow, limn_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  TASK_OPENED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void open_project_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      data);
static void update_media_page (LimnWindow *self);

void
limn_window_toast (LimnWindow *self,
                   const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  g_object_set_data_full (G_OBJECT (self), "last-toast", g_strdup (message), g_free);
  adw_toast_set_timeout (toast, 3);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

static void
show_loading (LimnWindow *self)
{
  gtk_stack_set_visible_child_name (self->work_stack, "loading");
  limn_delayed_spinner_start (self->loading_spinner);
}

static void
stop_loading (LimnWindow *self)
{
  limn_delayed_spinner_stop (self->loading_spinner);
}

/* Status pages get their icon when first shown: an SVG at 128 px would
 * load librsvg at start-up for pages nobody sees yet. */
static void
show_status_page (LimnWindow    *self,
                  AdwStatusPage *page,
                  const char    *icon_name)
{
  if (adw_status_page_get_icon_name (page) == NULL)
    adw_status_page_set_icon_name (page, icon_name);
  gtk_stack_set_visible_child (self->work_stack, GTK_WIDGET (page));
}

static void
present_now (LimnWindow *self)
{
  g_clear_handle_id (&self->present_id, g_source_remove);
  gtk_window_present (GTK_WINDOW (self));
}

static gboolean
present_timeout_cb (gpointer data)
{
  LimnWindow *self = data;

  self->present_id = 0;
  present_now (self);

  return G_SOURCE_REMOVE;
}

/* Shows the window once its first content is ready (a task's image decoded,
 * a text laid out, an error) or after PRESENT_WAIT_MS, whichever comes
 * first: an empty window painted first and its content right after costs a
 * whole extra frame on the way to what the annotator came for (a first
 * frame of a window takes ~50 ms with the cairo renderer). */
#define PRESENT_WAIT_MS 300

void
limn_window_present_when_ready (LimnWindow *self)
{
  g_return_if_fail (LIMN_IS_WINDOW (self));

  if (gtk_widget_get_visible (GTK_WIDGET (self)) ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->work_stack), "loading") != 0)
    present_now (self);
  else if (self->present_id == 0)
    {
      /* Creating the surface overlaps with the wait. */
      gtk_widget_realize (GTK_WIDGET (self));
      self->present_id = g_timeout_add (PRESENT_WAIT_MS, present_timeout_cb, self);
    }
}

/* Content is ready: the window waiting for it may show. */
static void
content_ready (LimnWindow *self)
{
  if (self->present_id != 0)
    present_now (self);
}

static void
work_page_cb (LimnWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->work_stack);

  if (g_strcmp0 (page, "image") == 0
      ? limn_image_canvas_get_state (self->canvas) == LIMN_IMAGE_CANVAS_STATE_READY
      : g_strcmp0 (page, "loading") != 0)
    content_ready (self);
}

void
limn_window_show_error (LimnWindow *self,
                        const char *title,
                        const char *message)
{
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, message);
  /* Without a store there is nothing to open instead. */
  gtk_widget_set_visible (adw_status_page_get_child (self->error_page), self->worker != NULL);
  gtk_widget_set_visible (self->side_panel, self->project != NULL);
  show_status_page (self, self->error_page, "dialog-error-symbolic");
  stop_loading (self);
}

static char *
format_duration (gint64 ms)
{
  gint64 s = ms / 1000;

  if (s >= 3600)
    return g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", s / 3600, (int)(s / 60 % 60), (int)(s % 60));
  return g_strdup_printf ("%d:%02d", (int)(s / 60), (int)(s % 60));
}

static void
update_timing (LimnWindow *self)
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
update_position (LimnWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tasks));
  guint pos = limn_task_selection_get_selected (self->selection);
  guint done = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LimnTask) t = g_list_model_get_item (G_LIST_MODEL (self->tasks), i);

      if (limn_task_get_status (t) == LIMN_TASK_STATUS_SUBMITTED)
        done++;
    }

  if (n == 0 || pos == GTK_INVALID_LIST_POSITION)
    text = g_strdup ("");
  else
    text = g_strdup_printf (_("Task %u of %u · %u submitted"), pos + 1, n, done);

  gtk_label_set_text (self->position_label, text);
}

static void
set_saved_state (LimnWindow *self)
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
  LimnWindow *self = data;

  update_timing (self);
  set_saved_state (self);
  update_media_page (self);

  return G_SOURCE_CONTINUE;
}

const char *
limn_window_get_selected_region (LimnWindow *self)
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
limn_window_update_panel (LimnWindow *self)
{
  const char *region_id = limn_window_get_selected_region (self);
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

  limn_window_update_actions (self);
}

/* Autosave: the worker coalesces snapshots and writes within 50 ms. */
void
limn_window_save_draft (LimnWindow *self)
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
                  LimnWindow *self)
{
  self->dirty = TRUE;
  limn_window_save_draft (self);

  if (self->task != NULL)
    {
      limn_task_set_n_regions (self->task, limn_draft_get_n_regions (draft));
      if (limn_task_get_status (self->task) == LIMN_TASK_STATUS_NEW ||
          limn_task_get_status (self->task) == LIMN_TASK_STATUS_SKIPPED)
        limn_task_set_status (self->task, LIMN_TASK_STATUS_IN_PROGRESS);
    }

  limn_window_update_panel (self);
}

/* Leaves the open task: its timing goes into the draft if it holds work. */
static void
close_task (LimnWindow *self)
{
  if (self->draft != NULL)
    {
      JsonObject *payload = json_object_new ();

      /* A submitted revision only looked at, or edited again without a
       * change, stays as it was: opening a task must not reopen it. */
      limn_activity_stop (self->activity);
      if (!limn_draft_get_read_only (self->draft) &&
          (limn_draft_get_version (self->draft) > 0 || self->stored_draft))
        limn_window_save_draft (self);

      json_object_set_int_member (payload, "active_ms", limn_activity_get_active_ms (self->activity));
      json_object_set_int_member (payload, "wall_ms", limn_activity_get_wall_ms (self->activity));
      limn_event_log_record (self->log, LIMN_EVENT_TASK_CLOSED, payload);
      json_object_unref (payload);

      g_signal_handlers_disconnect_by_func (self->draft, draft_changed_cb, self);
    }

  limn_image_canvas_set_task (self->canvas, NULL, NULL);
  limn_span_view_set_task (self->span_view, NULL, NULL, NULL);
  g_clear_object (&self->draft);
  g_clear_object (&self->task);
  g_clear_pointer (&self->text, limn_text_index_unref);
  self->stored_draft = FALSE;
  limn_window_update_submitted (self);
}

/* The open task's image, when it is not on screen. */

gboolean
limn_window_media_missing (LimnWindow *self)
{
  return self->task != NULL && limn_task_get_kind (self->task) == LIMN_TASK_IMAGE &&
         !limn_image_canvas_has_image (self->canvas);
}

/* A team task whose image is not here yet: the sync client fetches it, and
 * the canvas loads it when it lands. Anything else that keeps an image
 * from the screen is the file's own problem. */
static gboolean
image_is_on_its_way (LimnWindow *self)
{
  const GError *error = limn_image_canvas_get_error (self->canvas);

  return self->sync != NULL && limn_task_get_media_sha256 (self->task) != NULL &&
         g_error_matches (error, LIMN_IMAGE_ERROR, LIMN_IMAGE_ERROR_MISSING);
}

static char *
format_retry (LimnWindow *self)
{
  gint64 next = limn_sync_client_get_next_retry_us (self->sync);
  gint64 s;

  if (next <= 0)
    return NULL;

  s = MAX ((next - g_get_real_time () + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, 0);
  /* Translators: the time until Limn tries the server again */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Limn tries again in %" G_GINT64_FORMAT " second.",
                                       "Limn tries again in %" G_GINT64_FORMAT " seconds.", s), s);
}

/* What the media page says while the open task's image is on its way. */
static void
update_media_page (LimnWindow *self)
{
  const char *sha256;
  const char *message = NULL;
  g_autofree char *retry = NULL;
  g_autofree char *description = NULL;
  LimnMediaState state;
  gboolean busy = FALSE;

  if (self->task == NULL || self->sync == NULL || self->media_page == NULL ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->work_stack), "media-wait") != 0)
    return;

  sha256 = limn_task_get_media_sha256 (self->task);
  state = limn_sync_client_get_media_state (self->sync, sha256, &message);
  retry = format_retry (self);

  if (state == LIMN_MEDIA_STATE_DOWNLOADING)
    {
      busy = TRUE;
      description = g_strdup (_("Limn is downloading this task’s image from the team server."));
    }
  else
    switch (limn_sync_client_get_state (self->sync))
      {
      case LIMN_SYNC_STATE_OFFLINE:
        description = g_strdup_printf ("%s %s", _("Waiting for the network: the image comes as soon as "
                                                  "the team server can be reached."),
                                       retry ? retry : "");
        break;
      case LIMN_SYNC_STATE_RETRYING:
        description = g_strdup_printf ("%s %s",
                                       limn_sync_client_get_last_error (self->sync)
                                         ? limn_sync_client_get_last_error (self->sync)
                                         : _("The team server is busy."),
                                       retry ? retry : "");
        break;
      case LIMN_SYNC_STATE_ERROR:
        description = g_strdup_printf (_("Sync needs attention: %s"),
                                       limn_sync_client_get_last_error (self->sync)
                                         ? limn_sync_client_get_last_error (self->sync) : "");
        break;
      case LIMN_SYNC_STATE_SYNCING:
      case LIMN_SYNC_STATE_IDLE:
      default:
        busy = TRUE;
        description = g_strdup (_("Waiting to download this task’s image."));
        break;
      }

  adw_status_page_set_description (self->media_page, g_strstrip (description));
  gtk_widget_set_visible (GTK_WIDGET (self->media_spinner), busy);
  gtk_spinner_set_spinning (self->media_spinner, busy);
  gtk_widget_set_visible (self->media_retry_button, !busy);
}

/* Built the first time an image is awaited: most sessions never need it. */
static void
ensure_media_page (LimnWindow *self)
{
  g_autoptr(GtkBuilder) builder = NULL;

  if (self->media_page != NULL)
    return;

  builder = gtk_builder_new_from_resource (LIMN_RESOURCE_PATH "/ui/limn-media-page.ui");
  self->media_page = ADW_STATUS_PAGE (gtk_builder_get_object (builder, "media_page"));
  self->media_spinner = GTK_SPINNER (gtk_builder_get_object (builder, "media_spinner"));
  self->media_retry_button = GTK_WIDGET (gtk_builder_get_object (builder, "media_retry_button"));
  gtk_stack_add_named (self->work_stack, GTK_WIDGET (self->media_page), "media-wait");
}

/* The canvas cannot show the open image: wait for it, or say why not. */
static void
show_image_problem (LimnWindow *self)
{
  const char *message = NULL;
  const char *sha256 = limn_task_get_media_sha256 (self->task);

  if (image_is_on_its_way (self))
    {
      limn_sync_client_want_media (self->sync, sha256, 0);
      if (limn_sync_client_get_media_state (self->sync, sha256, &message) != LIMN_MEDIA_STATE_FAILED)
        {
          ensure_media_page (self);
          show_status_page (self, self->media_page, "folder-download-symbolic");
          update_media_page (self);
          return;
        }
    }

  adw_status_page_set_description (self->image_error_page,
                                   message ? message : limn_image_canvas_get_error_message (self->canvas));
  show_status_page (self, self->image_error_page, "image-missing-symbolic");
}

static void
media_changed_cb (LimnSyncClient *client,
                  const char     *sha256,
                  LimnWindow     *self)
{
  if (self->task == NULL || g_strcmp0 (limn_task_get_media_sha256 (self->task), sha256) != 0 ||
      limn_image_canvas_get_state (self->canvas) != LIMN_IMAGE_CANVAS_STATE_ERROR)
    return;

  switch (limn_sync_client_get_media_state (client, sha256, NULL))
    {
    case LIMN_MEDIA_STATE_READY:
      limn_image_canvas_reload (self->canvas);
      break;
    case LIMN_MEDIA_STATE_FAILED:
      show_image_problem (self);
      break;
    default:
      update_media_page (self);
      break;
    }
}

/* The banner over a submitted task: what became of it, and the way to
 * change it. */
void
limn_window_update_submitted (LimnWindow *self)
{
  gboolean read_only = self->draft != NULL && limn_draft_get_read_only (self->draft);
  gboolean team = self->project != NULL && limn_project_get_server_url (self->project) != NULL;
  gboolean unsent = read_only && self->task != NULL && limn_task_get_unsent (self->task);

  gtk_revealer_set_reveal_child (self->submitted_revealer, read_only);
  if (!read_only)
    return;

  gtk_image_set_from_icon_name (self->submitted_icon,
                                unsent ? "document-open-recent-symbolic" : "emblem-ok-symbolic");
  if (!team)
    gtk_label_set_text (self->submitted_label, _("Submitted. Edit it again to make a new revision."));
  else if (unsent)
    gtk_label_set_text (self->submitted_label, _("Submitted, not sent yet: it waits on this computer "
                                                 "and goes to the team server when it can."));
  else
    gtk_label_set_text (self->submitted_label, _("Submitted and received by the team server."));
}

static void
show_task_view (LimnWindow *self)
{
  stop_loading (self);

  if (limn_task_get_kind (self->task) == LIMN_TASK_TEXT)
    {
      gtk_stack_set_visible_child_name (self->work_stack, "text");
      gtk_widget_grab_focus (GTK_WIDGET (self->span_view));
    }
  else if (limn_image_canvas_get_state (self->canvas) == LIMN_IMAGE_CANVAS_STATE_ERROR)
    show_image_problem (self);
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
  g_autoptr(LimnWindow) self = data;
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
        limn_window_show_error (self, _("Cannot Open This Task"), error->message);
      return;
    }

  /* The list's object, so status changes show in the sidebar. */
  pos = limn_task_selection_get_selected (self->selection);
  listed = pos != GTK_INVALID_LIST_POSITION ? g_list_model_get_item (G_LIST_MODEL (self->tasks), pos) : NULL;
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

  adw_window_title_set_subtitle (self->window_title, limn_task_get_title (self->task));
  show_task_view (self);
  limn_window_update_submitted (self);
  limn_window_update_panel (self);
  update_position (self);
  update_timing (self);

  g_signal_emit (self, signals[TASK_OPENED], 0, limn_task_get_id (self->task));
}

void
limn_window_open_task (LimnWindow *self,
                       LimnTask   *task)
{
  g_return_if_fail (LIMN_IS_WINDOW (self));

  if (self->task != NULL && task != NULL &&
      g_str_equal (limn_task_get_id (self->task), limn_task_get_id (task)))
    return;

  close_task (self);

  g_cancellable_cancel (self->task_cancellable);
  g_clear_object (&self->task_cancellable);

  if (task == NULL)
    {
      limn_window_update_panel (self);
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
selection_changed_cb (GtkSelectionModel  *selection,
                      guint               position,
                      guint               n_items,
                      LimnWindow         *self)
{
  LimnTask *task = limn_task_selection_get_selected_item (LIMN_TASK_SELECTION (selection));

  if (task != NULL)
    limn_window_open_task (self, task);
  update_position (self);
}

/* A click or Enter on a row: the only ways the list opens a task. */
static void
task_activated_cb (GtkListView *list,
                   guint        position,
                   LimnWindow  *self)
{
  limn_window_select_task (self, position);
}

void
limn_window_select_task (LimnWindow *self,
                         guint       position)
{
  g_return_if_fail (LIMN_IS_WINDOW (self));

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->tasks)))
    return;

  limn_task_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->task_list), "list.scroll-to-item", "u", position);
}

/* After a submit or skip: the next task still to do, wrapping around. */
void
limn_window_advance (LimnWindow *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tasks));
  guint current = limn_task_selection_get_selected (self->selection);

  if (current == GTK_INVALID_LIST_POSITION)
    current = n - 1;

  for (guint k = 1; k <= n; k++)
    {
      guint i = (current + k) % n;
      g_autoptr(LimnTask) t = g_list_model_get_item (G_LIST_MODEL (self->tasks), i);
      LimnTaskStatus status = limn_task_get_status (t);

      if (status == LIMN_TASK_STATUS_NEW || status == LIMN_TASK_STATUS_IN_PROGRESS)
        {
          limn_window_select_task (self, i);
          return;
        }
    }

  limn_window_toast (self, _("Every task is submitted or skipped. Skipped ones stay in the list."));
  update_position (self);
}

void
limn_window_show_project (LimnWindow          *self,
                          LimnProjectContents *contents)
{
  guint first = 0;

  close_task (self);

  g_set_object (&self->project, contents->project);
  g_list_store_splice (self->tasks, 0, g_list_model_get_n_items (G_LIST_MODEL (self->tasks)),
                       contents->tasks->pdata, contents->tasks->len);

  adw_window_title_set_title (self->window_title, limn_project_get_name (self->project));
  /* What task switchers show: the project, as documents do in GNOME. */
  gtk_window_set_title (GTK_WINDOW (self), limn_project_get_name (self->project));
  gtk_widget_set_visible (self->side_panel, TRUE);
  adw_window_title_set_subtitle (self->window_title, NULL);
  limn_label_palette_set_project (self->palette, self->project);
  limn_image_canvas_set_project (self->canvas, self->project);
  limn_span_view_set_project (self->span_view, self->project);
  limn_confidence_control_set_steps (self->task_confidence, limn_project_get_confidence_steps (self->project));
  limn_confidence_control_set_steps (self->region_confidence, limn_project_get_confidence_steps (self->project));
  limn_window_rebuild_label_shortcuts (self);

  if (g_list_model_get_n_items (limn_project_get_labels (self->project)) > 0)
    {
      g_autoptr(LimnLabel) label = g_list_model_get_item (limn_project_get_labels (self->project), 0);

      limn_image_canvas_set_active_label (self->canvas, limn_label_get_id (label));
    }

  g_settings_set_string (self->settings, "last-project", limn_project_get_id (self->project));

  /* Start where the work is: the first task not yet submitted or skipped. */
  for (guint i = 0; i < contents->tasks->len; i++)
    {
      LimnTaskStatus s = limn_task_get_status (g_ptr_array_index (contents->tasks, i));

      if (s == LIMN_TASK_STATUS_NEW || s == LIMN_TASK_STATUS_IN_PROGRESS)
        {
          first = i;
          break;
        }
    }

  if (contents->tasks->len == 0)
    {
      limn_window_show_error (self, _("This Project Has No Tasks"),
                              _("Add images or texts to it, or open another project."));
      return;
    }

  limn_task_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  limn_window_select_task (self, first);
}

static char *
demo_project_path (void)
{
  const char *env = g_getenv ("LIMN_DEMO_DIR");
  g_autofree char *installed = g_build_filename (LIMN_INSTALLED_DEMO_DIR, "project.json", NULL);

  if (env != NULL && env[0] != '\0')
    return g_build_filename (env, "project.json", NULL);

  if (g_file_test (installed, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&installed);

  return g_build_filename (LIMN_SOURCE_DEMO_DIR, "project.json", NULL);
}

static void
import_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(LimnWindow) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnProjectContents) contents = NULL;

  contents = limn_store_jobs_import_finish (LIMN_STORE_WORKER (object), result, &error);
  if (self->worker == NULL)
    return;
  if (contents == NULL)
    {
      /* A failed import changes nothing: what was open stays open. */
      if (self->project == NULL)
        limn_window_show_error (self, _("Cannot Open This Project"), error->message);
      else
        {
          AdwMessageDialog *dialog;

          dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                               _("Cannot Open This Project"),
                                                               error->message));
          adw_message_dialog_add_response (dialog, "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (dialog));
        }
      return;
    }

  limn_window_show_project (self, contents);
}

void
limn_window_import (LimnWindow     *self,
                    LimnImportKind  kind,
                    const char     *path)
{
  if (self->worker == NULL)
    return;

  if (self->project == NULL)
    {
      show_loading (self);
    }

  limn_store_jobs_import_async (self->worker, kind, path, NULL, NULL, NULL, import_cb, g_object_ref (self));
}

void
limn_window_open_project_file (LimnWindow *self,
                               const char *path)
{
  g_return_if_fail (LIMN_IS_WINDOW (self));

  if (self->worker == NULL)
    {
      /* The store is still opening: do it as soon as it is ready. */
      g_free (self->pending_project_file);
      self->pending_project_file = g_strdup (path);
      return;
    }

  limn_window_import (self, LIMN_IMPORT_PROJECT_FILE, path);
}

static void
open_project_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(LimnWindow) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnProjectContents) contents = NULL;

  contents = limn_store_jobs_open_project_finish (LIMN_STORE_WORKER (object), result, &error);
  if (self->worker == NULL)
    return;
  if (contents != NULL)
    {
      limn_window_show_project (self, contents);
      return;
    }

  if (g_error_matches (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND))
    {
      /* First run (or the last project is gone): the demo. */
      g_autofree char *demo = demo_project_path ();

      limn_window_import (self, LIMN_IMPORT_PROJECT_FILE, demo);
      return;
    }

  limn_window_show_error (self, _("Cannot Open Your Work"), error->message);
}

/* Opens a project already in the store (one claimed from a server). */
void
limn_window_open_project_id (LimnWindow *self,
                             const char *project_id)
{
  g_return_if_fail (LIMN_IS_WINDOW (self));

  if (self->worker == NULL)
    return;

  limn_store_jobs_open_project_async (self->worker, project_id, NULL, open_project_cb, g_object_ref (self));
}

void
limn_window_open_default (LimnWindow *self)
{
  g_autofree char *last = NULL;

  g_return_if_fail (LIMN_IS_WINDOW (self));

  if (self->worker == NULL)
    {
      self->opening_default = TRUE;
      return;
    }

  last = g_settings_get_string (self->settings, "last-project");
  limn_store_jobs_open_project_async (self->worker, last[0] ? last : NULL, NULL,
                                      open_project_cb, g_object_ref (self));
}

/* The task list as the store has it: after a sync (statuses, flags and
 * new or expired tasks change under the annotator's feet), and after a
 * submit or skip, so counts and "next" come from the store. The open task
 * stays open. */
typedef struct
{
  LimnWindow  *self;
  void       (*then) (LimnWindow *self);
} Refresh;

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  g_autofree Refresh *r = data;
  g_autoptr(LimnWindow) self = r->self;
  g_autoptr(LimnProjectContents) contents = NULL;
  g_autoptr(GHashTable) fresh = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  contents = limn_store_jobs_open_project_finish (LIMN_STORE_WORKER (object), result, &error);
  if (self->worker == NULL || contents == NULL || self->project == NULL ||
      g_strcmp0 (limn_project_get_id (contents->project), limn_project_get_id (self->project)) != 0)
    {
      if (self->worker != NULL && r->then != NULL)
        r->then (self);
      return;
    }

  fresh = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < contents->tasks->len; i++)
    {
      LimnTask *t = g_ptr_array_index (contents->tasks, i);
      g_hash_table_insert (fresh, (gpointer)limn_task_get_id (t), t);
    }

  /* Update the rows in place (the open task keeps its object). */
  n = g_list_model_get_n_items (G_LIST_MODEL (self->tasks));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LimnTask) t = g_list_model_get_item (G_LIST_MODEL (self->tasks), i);
      LimnTask *f = g_hash_table_lookup (fresh, limn_task_get_id (t));

      if (f == NULL)
        continue;

      if (t != self->task || !self->dirty)
        {
          limn_task_set_status (t, limn_task_get_status (f));
          limn_task_set_n_regions (t, limn_task_get_n_regions (f));
        }
      limn_task_set_flagged (t, limn_task_get_flagged (f));
      limn_task_set_conflicted (t, limn_task_get_conflicted (f));
      limn_task_set_unsent (t, limn_task_get_unsent (f));
      g_hash_table_remove (fresh, limn_task_get_id (t));
    }

  /* New tasks (claimed, assigned) go at the end, in the server's order. */
  for (guint i = 0; i < contents->tasks->len; i++)
    {
      LimnTask *t = g_ptr_array_index (contents->tasks, i);

      if (g_hash_table_contains (fresh, limn_task_get_id (t)))
        g_list_store_append (self->tasks, t);
    }

  update_position (self);
  limn_window_update_submitted (self);

  if (r->then != NULL)
    r->then (self);
}

void
limn_window_refresh_tasks_then (LimnWindow  *self,
                                void       (*then) (LimnWindow *self))
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

void
limn_window_refresh_tasks (LimnWindow *self)
{
  limn_window_refresh_tasks_then (self, NULL);
}

/* The outbox shrank or grew: which submits wait, as the store says. */
static void
waiting_tasks_cb (LimnWindow *self)
{
  limn_window_refresh_tasks (self);
}

/* While the image waits, its page counts down to the next try. */
static void
sync_state_cb (LimnWindow *self)
{
  update_media_page (self);
}

static void
changes_applied_cb (LimnSyncClient *client,
                    guint           n_changes,
                    LimnWindow     *self)
{
  limn_window_refresh_tasks (self);
}

static void
conflict_cb (LimnSyncClient *client,
             const char     *kind,
             const char     *id,
             const char     *reason,
             LimnWindow     *self)
{
  g_autofree char *text = g_strdup_printf (_("The server kept your work as a conflicted revision: %s"),
                                           reason ? reason : _("the task changed while you were offline"));

  limn_window_toast (self, text);
  limn_window_refresh_tasks (self);
}

static void
rejected_cb (LimnSyncClient *client,
             const char     *kind,
             const char     *id,
             const char     *reason,
             LimnWindow     *self)
{
  g_autofree char *text = g_strdup_printf (_("The server refused a change: %s"), reason ? reason : "");

  limn_window_toast (self, text);
}

static void
restore_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(LimnWindow) self = data;
  g_autoptr(GError) error = NULL;

  if (self->sync == NULL)
    return;

  if (!limn_sync_client_restore_finish (LIMN_SYNC_CLIENT (object), result, &error))
    {
      /* Not signed in is the normal local-only case; anything else is worth
       * a word, and signing in again fixes it. */
      if (!g_error_matches (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_NOT_SIGNED_IN))
        limn_window_toast (self, error->message);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->sync_indicator), TRUE);
  limn_sync_client_start (self->sync);
}

static void
setup_sync (LimnWindow *self)
{
  g_autofree char *db = limn_store_default_path ();
  g_autofree char *data_dir = g_path_get_dirname (db);

  self->sync = limn_sync_client_new (self->worker, data_dir);
  g_settings_bind (self->settings, "offline-tasks", self->sync, "prefetch-count", G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->sync, "changes-applied", G_CALLBACK (changes_applied_cb), self, 0);
  g_signal_connect_object (self->sync, "conflict", G_CALLBACK (conflict_cb), self, 0);
  g_signal_connect_object (self->sync, "rejected", G_CALLBACK (rejected_cb), self, 0);
  g_signal_connect_object (self->sync, "media-changed", G_CALLBACK (media_changed_cb), self, 0);
  g_signal_connect_object (self->sync, "notify::n-waiting-tasks", G_CALLBACK (waiting_tasks_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::state", G_CALLBACK (sync_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::next-retry-us", G_CALLBACK (sync_state_cb), self,
                           G_CONNECT_SWAPPED);
  limn_sync_indicator_set_client (self->sync_indicator, self->sync);
  limn_sync_client_restore_async (self->sync, NULL, restore_cb, g_object_ref (self));
}

/* Store and session */

static void
sink_event (LimnEvent *event,
            gpointer   data)
{
  limn_store_worker_append_event (data, event);
}

static void
committed_cb (LimnStoreWorker *worker,
              guint            n_events,
              gint64           last_seq,
              LimnWindow      *self)
{
  set_saved_state (self);
}

static void
write_failed_cb (LimnStoreWorker *worker,
                 const GError    *error,
                 LimnWindow      *self)
{
  self->save_failed = TRUE;
  gtk_label_set_text (self->save_error_label, error->message);
  gtk_revealer_set_reveal_child (self->save_error_revealer, TRUE);
  set_saved_state (self);
}

static void
write_recovered_cb (LimnStoreWorker *worker,
                    LimnWindow      *self)
{
  self->save_failed = FALSE;
  gtk_revealer_set_reveal_child (self->save_error_revealer, FALSE);
  limn_window_toast (self, _("Your work is saved again"));
  set_saved_state (self);
}

static void
worker_open_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(LimnWindow) self = data;
  g_autoptr(GError) error = NULL;
  JsonObject *payload;

  self->worker = limn_store_worker_open_finish (result, &error);
  if (self->worker == NULL)
    {
      limn_window_show_error (self, _("Cannot Open Your Work"), error->message);
      return;
    }

  g_signal_connect_object (self->worker, "committed", G_CALLBACK (committed_cb), self, 0);
  g_signal_connect_object (self->worker, "write-failed", G_CALLBACK (write_failed_cb), self, 0);
  g_signal_connect_object (self->worker, "write-recovered", G_CALLBACK (write_recovered_cb), self, 0);

  self->log = limn_event_log_new (NULL, limn_store_worker_get_annotator (self->worker), NULL,
                                  sink_event, g_object_ref (self->worker), g_object_unref);
  self->activity = limn_activity_new (NULL, self->log);
  limn_activity_set_idle_threshold (self->activity,
                                    (gint64)g_settings_get_uint (self->settings, "idle-threshold") * G_USEC_PER_SEC);
  limn_activity_set_focused (self->activity, gtk_window_is_active (GTK_WINDOW (self)));

  payload = json_object_new ();
  json_object_set_string_member (payload, "version", PACKAGE_VERSION);
  limn_event_log_record (self->log, LIMN_EVENT_SESSION_STARTED, payload);
  json_object_unref (payload);

  setup_sync (self);

  if (self->pending_project_file != NULL)
    {
      g_autofree char *path = g_steal_pointer (&self->pending_project_file);

      limn_window_import (self, LIMN_IMPORT_PROJECT_FILE, path);
    }
  else if (self->opening_default)
    limn_window_open_default (self);
}

/* Activity: any input counts, wherever it lands in the window. */
static gboolean
input_cb (GtkEventControllerLegacy *controller,
          GdkEvent                 *event,
          LimnWindow               *self)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
    case GDK_BUTTON_PRESS:
    case GDK_BUTTON_RELEASE:
    case GDK_MOTION_NOTIFY:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
      if (self->activity != NULL)
        limn_activity_input (self->activity);
      break;
    default:
      break;
    }

  return GDK_EVENT_PROPAGATE;
}

static void
is_active_cb (LimnWindow *self)
{
  if (self->activity != NULL)
    limn_activity_set_focused (self->activity, gtk_window_is_active (GTK_WINDOW (self)));
}

static void
idle_threshold_changed_cb (LimnWindow *self)
{
  if (self->activity != NULL)
    limn_activity_set_idle_threshold (self->activity,
                                      (gint64)g_settings_get_uint (self->settings, "idle-threshold") * G_USEC_PER_SEC);
}

static void
max_pixels_changed_cb (LimnWindow *self)
{
  limn_image_canvas_set_max_pixels (self->canvas,
                                    (guint64)g_settings_get_uint (self->settings, "max-image-megapixels") * 1000000);
}

static void
canvas_state_cb (LimnWindow *self)
{
  if (self->task == NULL || limn_task_get_kind (self->task) != LIMN_TASK_IMAGE)
    return;

  if (limn_image_canvas_get_state (self->canvas) == LIMN_IMAGE_CANVAS_STATE_ERROR)
    {
      /* Only once the window knows the task (the store answered): before,
       * the loading page stays. */
      if (self->draft != NULL)
        show_image_problem (self);
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
  limn_window_update_actions (self);
}

static void
canvas_active_label_cb (LimnWindow *self)
{
  limn_label_palette_set_active (self->palette, limn_image_canvas_get_active_label (self->canvas));
}

static void
selection_notify_cb (LimnWindow *self)
{
  limn_window_update_panel (self);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  data)
{
  gtk_list_item_set_child (item, limn_task_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  data)
{
  limn_task_row_set_task (LIMN_TASK_ROW (gtk_list_item_get_child (item)),
                          gtk_list_item_get_item (item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  data)
{
  limn_task_row_set_task (LIMN_TASK_ROW (gtk_list_item_get_child (item)), NULL);
}

static gboolean
close_request_cb (LimnWindow *self)
{
  close_task (self);
  return FALSE;
}

/* LIMN_REPORT_FIRST_FRAME=1 (bench/bench-startup): print when the first
 * task is on screen and how much memory that took, then quit, in the same
 * key=value lines as bench/floor-viewer. */
static double
rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");

  return line ? g_ascii_strtod (line + 6, NULL) / 1024.0 : -1;
}

static void
report_after_paint_cb (GdkFrameClock *clock,
                       LimnWindow    *self)
{
  guint frames = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (self), "report-frames"));

  /* A few more frames, for what a second paint still allocates. */
  g_object_set_data (G_OBJECT (self), "report-frames", GUINT_TO_POINTER (frames + 1));
  if (frames < 10)
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  g_signal_handlers_disconnect_by_func (clock, report_after_paint_cb, self);
  g_print ("rss-settled-mb=%.1f\n", rss_mb ());
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
report_first_frame_cb (LimnWindow *self)
{
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (self));

  if (g_object_get_data (G_OBJECT (self), "report-frames") != NULL)
    return;

  g_print ("first-frame-us=%" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_print ("rss-mb=%.1f\n", rss_mb ());
  g_print ("renderer=%s\n", G_OBJECT_TYPE_NAME (renderer));
  g_object_set_data (G_OBJECT (self), "report-frames", GUINT_TO_POINTER (1));
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                           G_CALLBACK (report_after_paint_cb), self, 0);
}

static void
limn_window_dispose (GObject *object)
{
  LimnWindow *self = (LimnWindow *)object;

  g_cancellable_cancel (self->task_cancellable);
  g_clear_object (&self->task_cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->present_id, g_source_remove);

  if (self->log != NULL)
    close_task (self);

  /* Writes what is pending before the thread stops: at quit, waiting for a
   * last fsync is right. */
  if (self->worker != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!limn_store_worker_close (self->worker, &error))
        g_warning ("Some work could not be saved at exit: %s", error->message);
    }

  if (self->sync != NULL)
    {
      limn_sync_client_stop (self->sync);
      limn_sync_indicator_set_client (self->sync_indicator, NULL);
    }
  g_clear_object (&self->sync);
  g_clear_object (&self->activity);
  g_clear_object (&self->log);
  g_clear_object (&self->worker);
  g_clear_object (&self->project);
  g_clear_object (&self->selection);
  g_clear_object (&self->tasks);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->pending_project_file, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), LIMN_TYPE_WINDOW);

  G_OBJECT_CLASS (limn_window_parent_class)->dispose (object);
}

static void
limn_window_class_init (LimnWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = limn_window_dispose;

  /**
   * LimnWindow::task-opened:
   * @task_id: the task now shown, with its draft ready
   */
  signals[TASK_OPENED] =
    g_signal_new ("task-opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (LIMN_TYPE_IMAGE_CANVAS);
  g_type_ensure (LIMN_TYPE_SPAN_VIEW);
  g_type_ensure (LIMN_TYPE_LABEL_PALETTE);
  g_type_ensure (LIMN_TYPE_CONFIDENCE_CONTROL);
  g_type_ensure (LIMN_TYPE_SYNC_INDICATOR);

  gtk_widget_class_set_template_from_resource (widget_class, LIMN_RESOURCE_PATH "/ui/limn-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, save_error_revealer);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, save_error_label);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, task_list);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, work_stack);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, image_error_page);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, submitted_revealer);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, submitted_icon);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, submitted_label);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, canvas);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, span_view);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, side_panel);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, palette);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, palette_hint);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, task_confidence);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, region_confidence);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, region_confidence_caption);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, suggestions_box);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, suggestions_label);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, position_label);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, timing_label);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, save_label);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, sync_indicator);

  limn_window_class_init_actions (widget_class);
}

static void
limn_window_init (LimnWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autofree char *db_path = limn_store_default_path ();
  GtkEventController *legacy;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-crosshair", self->canvas, "show-crosshair", G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->settings, "changed::idle-threshold",
                           G_CALLBACK (idle_threshold_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::max-image-megapixels",
                           G_CALLBACK (max_pixels_changed_cb), self, G_CONNECT_SWAPPED);
  max_pixels_changed_cb (self);

  self->tasks = g_list_store_new (LIMN_TYPE_TASK);
  self->selection = limn_task_selection_new (G_LIST_MODEL (self->tasks));
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb), self);
  g_signal_connect (self->task_list, "activate", G_CALLBACK (task_activated_cb), self);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->task_list, factory);
  gtk_list_view_set_model (self->task_list, GTK_SELECTION_MODEL (self->selection));

  limn_window_connect_panel (self);
  g_signal_connect_swapped (self->canvas, "notify::state", G_CALLBACK (canvas_state_cb), self);
  g_signal_connect_swapped (self->work_stack, "notify::visible-child", G_CALLBACK (work_page_cb), self);
  g_signal_connect_swapped (self->canvas, "notify::active-label", G_CALLBACK (canvas_active_label_cb), self);
  g_signal_connect_swapped (self->canvas, "notify::selected-id", G_CALLBACK (selection_notify_cb), self);
  g_signal_connect_swapped (self->span_view, "notify::selected-id", G_CALLBACK (selection_notify_cb), self);

  legacy = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect (legacy, "event", G_CALLBACK (input_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), legacy);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (is_active_cb), NULL);
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);

  show_loading (self);
  gtk_widget_set_visible (self->side_panel, FALSE);
  limn_window_update_panel (self);

  self->tick_id = g_timeout_add_seconds (1, tick_cb, self);

  if (g_strcmp0 (g_getenv ("LIMN_REPORT_FIRST_FRAME"), "1") == 0)
    {
      g_signal_connect_swapped (self->canvas, "first-frame", G_CALLBACK (report_first_frame_cb), self);
      g_signal_connect_swapped (self->span_view, "first-frame", G_CALLBACK (report_first_frame_cb), self);
    }

  /* The database opens on the writer thread; the window is up meanwhile. */
  limn_store_worker_open_async (db_path, NULL, worker_open_cb, g_object_ref (self));
}

LimnWindow *
limn_window_new (LimnApplication *application)
{
  return g_object_new (LIMN_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

LimnSyncClient *
limn_window_get_sync_client (LimnWindow *self)
{
  g_return_val_if_fail (LIMN_IS_WINDOW (self), NULL);
  return self->sync;
}

LimnStoreWorker *
limn_window_get_worker (LimnWindow *self)
{
  g_return_val_if_fail (LIMN_IS_WINDOW (self), NULL);
  return self->worker;
}

LimnDraft *
limn_window_get_draft (LimnWindow *self)
{
  g_return_val_if_fail (LIMN_IS_WINDOW (self), NULL);
  return self->draft;
}

const char *
limn_window_get_task_id (LimnWindow *self)
{
  g_return_val_if_fail (LIMN_IS_WINDOW (self), NULL);
  return self->task ? limn_task_get_id (self->task) : NULL;
}

GtkWidget *
limn_window_get_image_canvas (LimnWindow *self)
{
  g_return_val_if_fail (LIMN_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->canvas);
}

GtkWidget *
limn_window_get_span_view (LimnWindow *self)
{
  g_return_val_if_fail (LIMN_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->span_view);
}

GtkWidget *
limn_window_get_task_list (LimnWindow *self)
{
  g_return_val_if_fail (LIMN_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->task_list);
}

GtkWidget *
limn_window_get_sync_indicator (LimnWindow *self)
{
  g_return_val_if_fail (LIMN_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->sync_indicator);
}

const char *
limn_window_get_work_page (LimnWindow *self)
{
  g_return_val_if_fail (LIMN_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->work_stack);
}

const char *
limn_window_get_position_text (LimnWindow *self)
{
  g_return_val_if_fail (LIMN_IS_WINDOW (self), NULL);
  return gtk_label_get_text (self->position_label);
}

const char *
limn_window_get_last_toast (LimnWindow *self)
{
  g_return_val_if_fail (LIMN_IS_WINDOW (self), NULL);
  return g_object_get_data (G_OBJECT (self), "last-toast");
}

gboolean
limn_window_get_submitted_banner_shown (LimnWindow *self)
{
  g_return_val_if_fail (LIMN_IS_WINDOW (self), FALSE);
  return gtk_revealer_get_reveal_child (self->submitted_revealer);
}
