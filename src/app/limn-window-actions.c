/* limn-window-actions.c
 *
 * Everything the annotator can do in the window, as actions with
 * accelerators (set in limn-application.c), so menus, buttons, keys and
 * the shortcuts window all agree. Label hotkeys are one shortcut
 * controller per project on the work area: plain keys there never reach a
 * text field elsewhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-flag-dialog.h"
#include "limn-new-project-dialog.h"
#include "limn-sign-in-dialog.h"
#include "sync/limn-sync-error.h"
#include "limn-window-private.h"

void
limn_window_update_actions (LimnWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_task = self->draft != NULL && !self->busy;
  gboolean read_only = has_task && limn_draft_get_read_only (self->draft);
  gboolean editable = has_task && !read_only;

  /* Nobody submits an image nobody saw; a submitted task is submitted. */
  gtk_widget_action_set_enabled (widget, "win.submit", editable && !limn_window_media_missing (self));
  gtk_widget_action_set_enabled (widget, "win.skip", editable);
  gtk_widget_action_set_enabled (widget, "win.edit-task", read_only);
  gtk_widget_action_set_enabled (widget, "win.flag", has_task);
  gtk_widget_action_set_enabled (widget, "win.undo", editable && limn_draft_get_can_undo (self->draft));
  gtk_widget_action_set_enabled (widget, "win.redo", editable && limn_draft_get_can_redo (self->draft));
  gtk_widget_action_set_enabled (widget, "win.accept-suggestions",
                                 editable && limn_draft_get_n_suggestions (self->draft) > 0);
  gtk_widget_action_set_enabled (widget, "win.confidence", editable);
  gtk_widget_action_set_enabled (widget, "win.task-confidence", editable);
  gtk_widget_action_set_enabled (widget, "win.get-tasks", self->sync != NULL && !self->claiming);
  gtk_widget_action_set_enabled (widget, "win.guidelines", self->project != NULL);
  gtk_widget_action_set_enabled (widget, "win.next-task", self->project != NULL);
  gtk_widget_action_set_enabled (widget, "win.prev-task", self->project != NULL);
  gtk_widget_action_set_enabled (widget, "win.sign-in", self->sync != NULL);
}

void
limn_window_apply_label (LimnWindow *self,
                         const char *label_id)
{
  if (self->task == NULL || self->draft == NULL)
    return;

  if (limn_task_get_kind (self->task) == LIMN_TASK_TEXT)
    limn_span_view_apply_label (self->span_view, label_id);
  else
    limn_image_canvas_apply_label (self->canvas, label_id);
}

static gboolean
label_shortcut_cb (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   data)
{
  LimnWindow *self = LIMN_WINDOW (gtk_widget_get_root (widget));

  limn_window_apply_label (self, g_variant_get_string (args, NULL));
  return TRUE;
}

static void
add_label_shortcut (GtkShortcutController *controller,
                    guint                  keyval,
                    const char            *label_id)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keyval, 0),
                                            gtk_callback_action_new (label_shortcut_cb, NULL, NULL));

  gtk_shortcut_set_arguments (shortcut, g_variant_new_string (label_id));
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

void
limn_window_rebuild_label_shortcuts (LimnWindow *self)
{
  GtkShortcutController *controller;
  GListModel *labels;

  if (self->label_shortcuts != NULL)
    {
      gtk_widget_remove_controller (GTK_WIDGET (self->work_stack), self->label_shortcuts);
      self->label_shortcuts = NULL;
    }

  if (self->project == NULL)
    return;

  controller = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_set_scope (controller, GTK_SHORTCUT_SCOPE_LOCAL);
  labels = limn_project_get_labels (self->project);

  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(LimnLabel) label = g_list_model_get_item (labels, i);
      const char *hotkey = limn_label_get_hotkey (label);

      if (hotkey == NULL || !limn_hotkey_is_valid (hotkey))
        continue;

      add_label_shortcut (controller, gdk_unicode_to_keyval (hotkey[0]), limn_label_get_id (label));
      if (g_ascii_isdigit (hotkey[0]))
        add_label_shortcut (controller, GDK_KEY_KP_0 + (hotkey[0] - '0'), limn_label_get_id (label));
    }

  self->label_shortcuts = GTK_EVENT_CONTROLLER (controller);
  gtk_widget_add_controller (GTK_WIDGET (self->work_stack), self->label_shortcuts);
}

/* Submit and skip: both save the draft's state on the writer thread, mark
 * the task, and move on to the next task still to do. */

typedef struct
{
  LimnWindow     *self;
  LimnTask       *task;     /* the task it was for: the open one may change */
  LimnTaskStatus  status;
} MoveOn;

static void
move_on_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  g_autofree MoveOn *m = data;
  g_autoptr(LimnWindow) self = m->self;
  g_autoptr(LimnTask) task = m->task;
  g_autoptr(GError) error = NULL;
  gboolean still_open = self->draft != NULL && self->task == task;

  self->busy = FALSE;

  if (!limn_store_jobs_finish (LIMN_STORE_WORKER (object), result, &error))
    {
      /* Nothing is lost: the draft stays open and autosaved, and timing
       * goes on from where it stopped. */
      if (still_open)
        limn_activity_start (self->activity, limn_activity_get_active_ms (self->activity),
                             limn_activity_get_wall_ms (self->activity));
      limn_window_toast (self, error->message);
      limn_window_update_actions (self);
      return;
    }

  if (self->worker == NULL)
    return;

  limn_task_set_status (task, m->status);

  /* The job stored the draft's last state (a submitted revision is final,
   * a skipped one keeps its status): leaving the task saves nothing more. */
  if (still_open)
    {
      g_signal_handlers_disconnect_matched (self->draft, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, self);
      g_clear_object (&self->draft);
    }

  limn_window_toast (self, m->status == LIMN_TASK_STATUS_SUBMITTED ? _("Submitted") : _("Skipped"));
  /* "Next" and the counts are the store's: read them back first. */
  limn_window_refresh_tasks_then (self, limn_window_advance);
  limn_window_update_actions (self);
}

static void
move_on (LimnWindow     *self,
         LimnTaskStatus  status)
{
  g_autoptr(LimnAnnotation) snapshot = NULL;
  JsonObject *payload;
  MoveOn *m;

  if (self->draft == NULL || self->busy || limn_draft_get_read_only (self->draft))
    return;
  if (status == LIMN_TASK_STATUS_SUBMITTED && limn_window_media_missing (self))
    return;

  payload = json_object_new ();
  json_object_set_string_member (payload, "annotation_id", limn_draft_get_annotation_id (self->draft));
  json_object_set_int_member (payload, "regions", limn_draft_get_n_regions (self->draft));
  json_object_set_int_member (payload, "active_ms", limn_activity_get_active_ms (self->activity));
  json_object_set_int_member (payload, "wall_ms", limn_activity_get_wall_ms (self->activity));
  if (limn_draft_get_confidence (self->draft) >= 0)
    json_object_set_double_member (payload, "confidence", limn_draft_get_confidence (self->draft));
  limn_event_log_record (self->log,
                         status == LIMN_TASK_STATUS_SUBMITTED ? LIMN_EVENT_SUBMIT : LIMN_EVENT_SKIP,
                         payload);
  json_object_unref (payload);

  limn_activity_stop (self->activity);
  snapshot = limn_draft_snapshot (self->draft,
                                  limn_activity_get_active_ms (self->activity),
                                  limn_activity_get_wall_ms (self->activity));

  self->busy = TRUE;
  limn_window_update_actions (self);

  m = g_new0 (MoveOn, 1);
  m->self = g_object_ref (self);
  m->task = g_object_ref (self->task);
  m->status = status;

  if (status == LIMN_TASK_STATUS_SUBMITTED)
    limn_store_jobs_submit_async (self->worker, snapshot, NULL, move_on_cb, m);
  else
    limn_store_jobs_skip_async (self->worker, limn_task_get_id (self->task), snapshot, NULL, move_on_cb, m);
}

static void
win_submit (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  move_on (LIMN_WINDOW (widget), LIMN_TASK_STATUS_SUBMITTED);
}

static void
win_skip (GtkWidget  *widget,
          const char *action_name,
          GVariant   *param)
{
  move_on (LIMN_WINDOW (widget), LIMN_TASK_STATUS_SKIPPED);
}

/* A submitted task is shown as sent; editing it again is a choice, and
 * makes the next revision (stored with the first change). */
static void
win_edit_task (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  LimnWindow *self = LIMN_WINDOW (widget);

  if (self->draft == NULL || self->project == NULL ||
      !limn_draft_start_revision (self->draft, limn_project_get_guideline_version (self->project)))
    return;

  limn_window_update_submitted (self);
  limn_window_update_panel (self);
  if (limn_task_get_kind (self->task) == LIMN_TASK_TEXT)
    gtk_widget_grab_focus (GTK_WIDGET (self->span_view));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

/* Flag */

static void
flag_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(LimnWindow) self = data;
  g_autoptr(GError) error = NULL;
  LimnTask *task = g_object_get_data (G_OBJECT (self), "flagging-task");

  if (!limn_store_jobs_finish (LIMN_STORE_WORKER (object), result, &error))
    {
      limn_window_toast (self, error->message);
      return;
    }

  if (task != NULL)
    limn_task_set_flagged (task, TRUE);
  limn_window_toast (self, _("Flagged for the leads; it will be sent when you sync"));
}

static void
flag_cb (LimnFlagDialog *dialog,
         const char     *category,
         const char     *text,
         LimnWindow     *self)
{
  LimnFlag *flag;
  JsonObject *payload;

  if (self->task == NULL || self->worker == NULL)
    return;

  flag = limn_flag_new (limn_task_get_id (self->task), limn_store_worker_get_annotator (self->worker),
                        category, text);
  flag->region_id = g_strdup (limn_window_get_selected_region (self));

  payload = json_object_new ();
  json_object_set_string_member (payload, "flag_id", flag->id);
  json_object_set_string_member (payload, "category", category);
  if (flag->region_id != NULL)
    json_object_set_string_member (payload, "region_id", flag->region_id);
  limn_event_log_record (self->log, LIMN_EVENT_FLAG_RAISED, payload);
  json_object_unref (payload);

  g_object_set_data_full (G_OBJECT (self), "flagging-task", g_object_ref (self->task), g_object_unref);
  limn_store_jobs_flag_async (self->worker, flag, NULL, flag_done_cb, g_object_ref (self));
}

static void
win_flag (GtkWidget  *widget,
          const char *action_name,
          GVariant   *param)
{
  LimnWindow *self = LIMN_WINDOW (widget);
  LimnFlagDialog *dialog;

  if (self->task == NULL)
    return;

  dialog = limn_flag_dialog_new (GTK_WINDOW (self), limn_task_get_title (self->task));
  g_signal_connect_object (dialog, "flag", G_CALLBACK (flag_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Editing */

static void
win_undo (GtkWidget  *widget,
          const char *action_name,
          GVariant   *param)
{
  LimnWindow *self = LIMN_WINDOW (widget);

  if (self->draft != NULL)
    limn_draft_undo (self->draft);
}

static void
win_redo (GtkWidget  *widget,
          const char *action_name,
          GVariant   *param)
{
  LimnWindow *self = LIMN_WINDOW (widget);

  if (self->draft != NULL)
    limn_draft_redo (self->draft);
}

static void
win_accept_suggestions (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  LimnWindow *self = LIMN_WINDOW (widget);
  guint n;

  if (self->draft == NULL)
    return;

  n = limn_draft_accept_all_suggestions (self->draft);
  if (n > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Accepted %u suggestion",
                                                            "Accepted %u suggestions", n), n);
      limn_window_toast (self, text);
    }
}

static double
step_to_confidence (LimnWindow *self,
                    GVariant   *param)
{
  guint steps = limn_project_get_confidence_steps (self->project);
  int step = g_variant_get_int32 (param);

  if (step < 1 || step > (int)steps)
    return -2;

  return limn_confidence_for_step (step, steps);
}

static void
win_confidence (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  LimnWindow *self = LIMN_WINDOW (widget);
  const char *region_id = limn_window_get_selected_region (self);
  double c;

  if (self->draft == NULL)
    return;

  c = step_to_confidence (self, param);
  if (c < -1)
    return;

  /* With a region selected, Alt+n rates it; otherwise the whole task. */
  if (region_id != NULL)
    limn_draft_set_region_confidence (self->draft, region_id, c);
  else
    limn_draft_set_confidence (self->draft, c);
}

static void
win_task_confidence (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  LimnWindow *self = LIMN_WINDOW (widget);
  double c;

  if (self->draft == NULL)
    return;

  c = step_to_confidence (self, param);
  if (c >= -1)
    limn_draft_set_confidence (self->draft, c);
}

static void
task_confidence_chosen_cb (LimnConfidenceControl *control,
                           double                 confidence,
                           LimnWindow            *self)
{
  if (self->draft != NULL)
    limn_draft_set_confidence (self->draft, confidence);
  limn_window_update_panel (self);
}

static void
region_confidence_chosen_cb (LimnConfidenceControl *control,
                             double                 confidence,
                             LimnWindow            *self)
{
  const char *region_id = limn_window_get_selected_region (self);

  if (self->draft != NULL && region_id != NULL)
    limn_draft_set_region_confidence (self->draft, region_id, confidence);
  limn_window_update_panel (self);
}

static void
label_activated_cb (LimnLabelPalette *palette,
                    const char       *label_id,
                    LimnWindow       *self)
{
  limn_window_apply_label (self, label_id);

  /* Back to the work: the palette is a pointer shortcut, not a place. */
  if (self->task != NULL && limn_task_get_kind (self->task) == LIMN_TASK_TEXT)
    gtk_widget_grab_focus (GTK_WIDGET (self->span_view));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

/* Navigation */

static void
move_task (LimnWindow *self,
           int         delta)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tasks));
  guint pos = limn_task_selection_get_selected (self->selection);

  if (n == 0)
    return;

  if (pos == GTK_INVALID_LIST_POSITION)
    pos = 0;
  else
    pos = (pos + n + delta) % n;

  limn_window_select_task (self, pos);
}

static void
win_next_task (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  move_task (LIMN_WINDOW (widget), 1);
}

static void
win_prev_task (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  move_task (LIMN_WINDOW (widget), -1);
}

static void
win_toggle_sidebar (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  LimnWindow *self = LIMN_WINDOW (widget);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

static void
win_guidelines (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  LimnWindow *self = LIMN_WINDOW (widget);
  GtkWidget *window, *toolbar, *header, *scroller, *view;
  GtkTextBuffer *buffer;
  g_autofree char *title = NULL;

  if (self->project == NULL)
    return;

  title = g_strdup_printf (_("Guidelines: %s"), limn_project_get_name (self->project));
  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 720);

  toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (_("Guidelines"),
                                                                                  limn_project_get_name (self->project)));
  gtk_box_append (GTK_BOX (toolbar), header);

  view = gtk_text_view_new ();
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 24);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 24);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 18);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 18);
  gtk_text_view_set_pixels_below_lines (GTK_TEXT_VIEW (view), 4);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_set_text (buffer, limn_project_get_guidelines (self->project), -1);

  scroller = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_box_append (GTK_BOX (toolbar), scroller);
  adw_window_set_content (ADW_WINDOW (window), toolbar);
  gtk_window_present (GTK_WINDOW (window));
}

/* Projects */

static void
project_created_cb (LimnNewProjectDialog *dialog,
                    LimnProjectContents  *contents,
                    LimnWindow           *self)
{
  limn_window_show_project (self, contents);
}

static void
win_new_project (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  LimnWindow *self = LIMN_WINDOW (widget);
  LimnNewProjectDialog *dialog;

  if (self->worker == NULL)
    return;

  dialog = limn_new_project_dialog_new (GTK_WINDOW (self), self->worker);
  g_signal_connect_object (dialog, "project-created", G_CALLBACK (project_created_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  LimnWindow      *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        limn_window_open_project_file (self, path);
    }

  g_object_unref (chooser);
}

static void
win_open_project (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  LimnWindow *self = LIMN_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Open Project File"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Limn project files"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
win_open_demo (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  LimnWindow *self = LIMN_WINDOW (widget);
  const char *env = g_getenv ("LIMN_DEMO_DIR");
  g_autofree char *installed = g_build_filename (LIMN_INSTALLED_DEMO_DIR, "project.json", NULL);
  g_autofree char *path = NULL;

  if (env != NULL && env[0] != '\0')
    path = g_build_filename (env, "project.json", NULL);
  else if (g_file_test (installed, G_FILE_TEST_IS_REGULAR))
    path = g_steal_pointer (&installed);
  else
    path = g_build_filename (LIMN_SOURCE_DEMO_DIR, "project.json", NULL);

  limn_window_open_project_file (self, path);
}

/* Team server */

static void
claim_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(LimnWindow) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  const char *project_id;
  guint n_new = 0;

  ids = limn_sync_client_claim_finish (LIMN_SYNC_CLIENT (object), result, &n_new, &error);
  self->claiming = FALSE;
  limn_sync_indicator_set_claiming (self->sync_indicator, FALSE);
  if (self->worker == NULL)
    return;
  limn_window_update_actions (self);

  if (ids == NULL)
    {
      /* Tried again already; the tasks here are still there to work on. */
      g_autofree char *text = g_strdup_printf (_("Could not get tasks: %s"), error->message);

      limn_window_toast (self, text);
      return;
    }

  project_id = limn_sync_client_get_project_id (self->sync);
  if (self->project != NULL && g_strcmp0 (limn_project_get_id (self->project), project_id) == 0)
    {
      g_autofree char *text = NULL;

      /* The server gives leases already held first: say what is new. */
      if (n_new > 0)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new task, also offline",
                                             "%u new tasks, also offline", n_new), n_new);
      else if (ids->len > 0)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "No new tasks: you hold %u still to do",
                                             "No new tasks: you hold %u still to do", ids->len), ids->len);
      else
        text = g_strdup (_("No tasks are left to take in this project"));

      limn_window_toast (self, text);
      limn_window_refresh_tasks (self);
    }
  else if (project_id != NULL)
    limn_window_open_project_id (self, project_id);
}

void
limn_window_claim_tasks (LimnWindow *self)
{
  const char *project_id;

  if (self->sync == NULL)
    return;

  project_id = limn_sync_client_get_project_id (self->sync);
  if (project_id == NULL)
    {
      limn_window_toast (self, _("This account has no project to take tasks from."));
      return;
    }

  if (self->claiming)
    return;

  self->claiming = TRUE;
  limn_sync_indicator_set_claiming (self->sync_indicator, TRUE);
  limn_window_update_actions (self);
  limn_sync_client_claim_async (self->sync, project_id,
                                g_settings_get_uint (self->settings, "offline-tasks"),
                                NULL, claim_done_cb, g_object_ref (self));
}

static void
signed_in_cb (LimnSignInDialog *dialog,
              LimnWindow       *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->sync_indicator), TRUE);
  limn_sync_client_start (self->sync);
  limn_window_claim_tasks (self);
}

static void
win_sign_in (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  LimnWindow *self = LIMN_WINDOW (widget);
  LimnSignInDialog *dialog;

  if (self->sync == NULL)
    return;

  dialog = limn_sign_in_dialog_new (GTK_WINDOW (self), self->sync);
  g_signal_connect_object (dialog, "signed-in", G_CALLBACK (signed_in_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sign_out_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(LimnWindow) self = data;
  g_autoptr(GError) error = NULL;

  if (!limn_sync_client_sign_out_finish (LIMN_SYNC_CLIENT (object), result, &error))
    {
      limn_window_toast (self, error->message);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->sync_indicator), FALSE);
  limn_window_toast (self, _("Signed out. Work not yet sent stays queued for the next sign-in."));
}

static void
win_sign_out (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  LimnWindow *self = LIMN_WINDOW (widget);

  if (self->sync == NULL)
    return;

  limn_sync_client_stop (self->sync);
  limn_sync_client_sign_out_async (self->sync, NULL, sign_out_cb, g_object_ref (self));
}

static void
win_sync_now (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  LimnWindow *self = LIMN_WINDOW (widget);

  if (self->sync != NULL && limn_sync_client_get_server_url (self->sync) != NULL)
    limn_sync_client_sync_now (self->sync);
}

static void
win_get_tasks (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  limn_window_claim_tasks (LIMN_WINDOW (widget));
}

/* The shortcuts window is built the first time it is asked for, not with
 * every window as GtkApplication does for gtk/help-overlay.ui: it is a large
 * widget tree that startup does not need. */
static void
win_show_help_overlay (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  LimnWindow *self = LIMN_WINDOW (widget);
  GtkWindow *overlay = g_object_get_data (G_OBJECT (self), "help-overlay");

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (LIMN_RESOURCE_PATH "/ui/help-overlay.ui");

      overlay = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_window_set_transient_for (overlay, GTK_WINDOW (self));
      gtk_window_set_hide_on_close (overlay, TRUE);
      g_object_set_data_full (G_OBJECT (self), "help-overlay", g_object_ref (overlay),
                              (GDestroyNotify)gtk_window_destroy);
    }

  gtk_window_present (overlay);
}

void
limn_window_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.submit", NULL, win_submit);
  gtk_widget_class_install_action (widget_class, "win.skip", NULL, win_skip);
  gtk_widget_class_install_action (widget_class, "win.edit-task", NULL, win_edit_task);
  gtk_widget_class_install_action (widget_class, "win.flag", NULL, win_flag);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, win_undo);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, win_redo);
  gtk_widget_class_install_action (widget_class, "win.accept-suggestions", NULL, win_accept_suggestions);
  gtk_widget_class_install_action (widget_class, "win.confidence", "i", win_confidence);
  gtk_widget_class_install_action (widget_class, "win.task-confidence", "i", win_task_confidence);
  gtk_widget_class_install_action (widget_class, "win.next-task", NULL, win_next_task);
  gtk_widget_class_install_action (widget_class, "win.prev-task", NULL, win_prev_task);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL, win_toggle_sidebar);
  gtk_widget_class_install_action (widget_class, "win.guidelines", NULL, win_guidelines);
  gtk_widget_class_install_action (widget_class, "win.new-project", NULL, win_new_project);
  gtk_widget_class_install_action (widget_class, "win.open-project", NULL, win_open_project);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, win_open_demo);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, win_show_help_overlay);
  gtk_widget_class_install_action (widget_class, "win.sign-in", NULL, win_sign_in);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, win_sign_out);
  gtk_widget_class_install_action (widget_class, "win.sync-now", NULL, win_sync_now);
  gtk_widget_class_install_action (widget_class, "win.get-tasks", NULL, win_get_tasks);
}

void
limn_window_connect_panel (LimnWindow *self)
{
  g_signal_connect (self->palette, "label-activated", G_CALLBACK (label_activated_cb), self);
  g_signal_connect (self->task_confidence, "chosen", G_CALLBACK (task_confidence_chosen_cb), self);
  g_signal_connect (self->region_confidence, "chosen", G_CALLBACK (region_confidence_chosen_cb), self);
}
