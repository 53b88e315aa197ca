/* limn-task-page-actions.c
 *
 * Everything the annotator can do on the labeling page, as the "task."
 * actions (accelerators in limn-application.c), so buttons, keys and the
 * shortcuts window agree. The window holds them while the page is
 * visible. Label hotkeys are one shortcut controller per project on the
 * work area: plain keys there never reach a text field elsewhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "events/limn-event.h"
#include "limn-flag-dialog.h"
#include "limn-task-page-private.h"
#include "limn-task-title.h"

static void
set_enabled (LimnTaskPage *self,
             const char   *name,
             gboolean      enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

void
limn_task_page_update_actions (LimnTaskPage *self)
{
  gboolean has_task = self->draft != NULL && !self->busy;
  gboolean read_only = has_task && limn_draft_get_read_only (self->draft);
  gboolean editable = has_task && !read_only;

  /* Nobody submits an image nobody saw; a submitted task is submitted. */
  set_enabled (self, "submit", editable && !limn_task_page_media_missing (self));
  set_enabled (self, "skip", editable);
  set_enabled (self, "edit-task", read_only);
  set_enabled (self, "flag", has_task);
  set_enabled (self, "undo", editable && limn_draft_get_can_undo (self->draft));
  set_enabled (self, "redo", editable && limn_draft_get_can_redo (self->draft));
  set_enabled (self, "accept-suggestions", editable && limn_draft_get_n_suggestions (self->draft) > 0);
  set_enabled (self, "confidence", editable);
  set_enabled (self, "task-confidence", editable);
  set_enabled (self, "next-task", self->project != NULL);
  set_enabled (self, "prev-task", self->project != NULL);
}

void
limn_task_page_apply_label (LimnTaskPage *self,
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
  LimnTaskPage *self = LIMN_TASK_PAGE (gtk_widget_get_ancestor (widget, LIMN_TYPE_TASK_PAGE));

  limn_task_page_apply_label (self, g_variant_get_string (args, NULL));
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
limn_task_page_rebuild_label_shortcuts (LimnTaskPage *self)
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
  LimnTaskPage     *self;
  LimnTask       *task;     /* the task it was for: the open one may change */
  LimnTaskStatus  status;
  GPtrArray      *given;    /* the regions submitted (LimnRegion) */
} MoveOn;

static void
move_on_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  g_autofree MoveOn *m = data;
  g_autoptr(LimnTaskPage) self = m->self;
  g_autoptr(LimnTask) task = m->task;
  g_autoptr(GPtrArray) given = m->given;
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
      limn_task_page_toast (self, error->message);
      limn_task_page_update_actions (self);
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

  limn_task_page_toast (self, m->status == LIMN_TASK_STATUS_SUBMITTED ? _("Submitted") : _("Skipped"));

  /* A training item stays open for its feedback; Next moves on. */
  if (still_open && m->status == LIMN_TASK_STATUS_SUBMITTED && given != NULL &&
      limn_task_page_training_submitted (self, given))
    {
      limn_task_page_reopen_task (self);
      limn_task_page_refresh_then (self, NULL);
      limn_task_page_update_actions (self);
      return;
    }

  /* "Next" and the counts are the store's: read them back first. */
  limn_task_page_refresh_then (self, limn_task_page_advance);
  limn_task_page_update_actions (self);
}

static void
move_on (LimnTaskPage     *self,
         LimnTaskStatus  status)
{
  g_autoptr(LimnAnnotation) snapshot = NULL;
  JsonObject *payload;
  MoveOn *m;

  if (self->draft == NULL || self->busy || limn_draft_get_read_only (self->draft))
    return;
  if (status == LIMN_TASK_STATUS_SUBMITTED && limn_task_page_media_missing (self))
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
  limn_task_page_update_actions (self);

  m = g_new0 (MoveOn, 1);
  m->self = g_object_ref (self);
  m->task = g_object_ref (self->task);
  m->status = status;
  m->given = g_ptr_array_ref (snapshot->regions);

  if (status == LIMN_TASK_STATUS_SUBMITTED)
    limn_store_jobs_submit_async (self->worker, snapshot, NULL, move_on_cb, m);
  else
    limn_store_jobs_skip_async (self->worker, limn_task_get_id (self->task), snapshot, NULL, move_on_cb, m);
}

void
limn_task_page_submit_now (LimnTaskPage *self)
{
  move_on (self, LIMN_TASK_STATUS_SUBMITTED);
}

static void
submit_activated (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       data)
{
  LimnTaskPage *self = LIMN_TASK_PAGE (data);

  /* The same conditions move_on() has, so nothing is checked (and no
   * dialog shown) for a submit that would not happen. */
  if (self->draft == NULL || self->busy || limn_draft_get_read_only (self->draft) ||
      limn_task_page_media_missing (self))
    return;
  if (!limn_task_page_guardrails_allow_submit (self))
    return;
  move_on (self, LIMN_TASK_STATUS_SUBMITTED);
}

static void
skip_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       data)
{
  move_on (LIMN_TASK_PAGE (data), LIMN_TASK_STATUS_SKIPPED);
}

/* A submitted task is shown as sent; editing it again is a choice, and
 * makes the next revision (stored with the first change). */
static void
edit_task_activated (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       data)
{
  LimnTaskPage *self = LIMN_TASK_PAGE (data);

  if (self->draft == NULL || self->project == NULL ||
      !limn_draft_start_revision (self->draft, limn_project_get_guideline_version (self->project)))
    return;

  limn_task_page_update_submitted (self);
  limn_task_page_update_panel (self);
  if (limn_task_get_kind (self->task) == LIMN_TASK_TEXT)
    gtk_widget_grab_focus (GTK_WIDGET (self->span_view));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static void
flag_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(LimnTaskPage) self = data;
  g_autoptr(GError) error = NULL;
  LimnTask *task = g_object_get_data (G_OBJECT (self), "flagging-task");

  if (!limn_store_jobs_finish (LIMN_STORE_WORKER (object), result, &error))
    {
      limn_task_page_toast (self, error->message);
      return;
    }

  if (task != NULL)
    limn_task_set_flagged (task, TRUE);
  limn_task_page_toast (self, _("Flagged for the leads; it will be sent when you sync"));
}

static void
flag_cb (LimnFlagDialog *dialog,
         const char     *category,
         const char     *text,
         LimnTaskPage     *self)
{
  LimnFlag *flag;
  JsonObject *payload;

  if (self->task == NULL || self->worker == NULL)
    return;

  flag = limn_flag_new (limn_task_get_id (self->task), limn_store_worker_get_annotator (self->worker),
                        category, text);
  /* The annotator chose whether the report is about the selected region. */
  if (limn_flag_dialog_get_about_region (dialog))
    flag->region_id = g_strdup (limn_task_page_get_selected_region (self));

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
flag_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       data)
{
  LimnTaskPage *self = LIMN_TASK_PAGE (data);
  g_autofree char *title = NULL;
  LimnFlagDialog *dialog;
  const char *region_id;

  if (self->task == NULL)
    return;

  title = limn_task_title_for_display (self->task);
  dialog = limn_flag_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), title);
  if ((region_id = limn_task_page_get_selected_region (self)) != NULL)
    {
      const LimnRegion *region = limn_draft_lookup_region (self->draft, region_id);
      LimnLabel *label = region ? limn_project_lookup_label (self->project, region->label_id) : NULL;

      limn_flag_dialog_set_region (dialog, label ? limn_label_get_display_name (label, NULL) : _("unlabelled"),
                                   limn_task_get_kind (self->task) == LIMN_TASK_TEXT);
    }
  g_signal_connect_object (dialog, "flag", G_CALLBACK (flag_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
undo_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       data)
{
  LimnTaskPage *self = LIMN_TASK_PAGE (data);

  if (self->draft != NULL)
    limn_draft_undo (self->draft);
}

static void
redo_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       data)
{
  LimnTaskPage *self = LIMN_TASK_PAGE (data);

  if (self->draft != NULL)
    limn_draft_redo (self->draft);
}

static void
accept_suggestions_activated (GSimpleAction *action,
                               GVariant      *param,
                               gpointer       data)
{
  LimnTaskPage *self = LIMN_TASK_PAGE (data);
  guint n;

  if (self->draft == NULL)
    return;

  n = limn_draft_accept_all_suggestions (self->draft);
  if (n > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Accepted %u suggestion",
                                                            "Accepted %u suggestions", n), n);
      limn_task_page_toast (self, text);
    }
}

static double
step_to_confidence (LimnTaskPage *self,
                    GVariant   *param)
{
  guint steps = limn_project_get_confidence_steps (self->project);
  int step = g_variant_get_int32 (param);

  if (step < 1 || step > (int)steps)
    return -2;

  return limn_confidence_for_step (step, steps);
}

static void
confidence_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       data)
{
  LimnTaskPage *self = LIMN_TASK_PAGE (data);
  const char *region_id = limn_task_page_get_selected_region (self);
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
task_confidence_activated (GSimpleAction *action,
                            GVariant      *param,
                            gpointer       data)
{
  LimnTaskPage *self = LIMN_TASK_PAGE (data);
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
                           LimnTaskPage            *self)
{
  if (self->draft != NULL)
    limn_draft_set_confidence (self->draft, confidence);
  limn_task_page_update_panel (self);
}

static void
region_confidence_chosen_cb (LimnConfidenceControl *control,
                             double                 confidence,
                             LimnTaskPage            *self)
{
  const char *region_id = limn_task_page_get_selected_region (self);

  if (self->draft != NULL && region_id != NULL)
    limn_draft_set_region_confidence (self->draft, region_id, confidence);
  limn_task_page_update_panel (self);
}

static void
label_activated_cb (LimnLabelPalette *palette,
                    const char       *label_id,
                    LimnTaskPage       *self)
{
  limn_task_page_apply_label (self, label_id);

  /* Back to the work: the palette is a pointer shortcut, not a place. */
  if (self->task != NULL && limn_task_get_kind (self->task) == LIMN_TASK_TEXT)
    gtk_widget_grab_focus (GTK_WIDGET (self->span_view));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->canvas));
}

static void
move_task (LimnTaskPage *self,
           int         delta)
{
  guint n = limn_task_list_get_n_tasks (self->task_list);
  guint pos = limn_task_list_get_selected (self->task_list);

  if (n == 0)
    return;

  if (delta > 0 && limn_task_list_first_rework (self->task_list, pos) != GTK_INVALID_LIST_POSITION)
    /* Next goes to what the reviewer sent back first. */
    pos = limn_task_list_first_rework (self->task_list, pos);
  else if (pos == GTK_INVALID_LIST_POSITION)
    pos = 0;
  else
    pos = (pos + n + delta) % n;

  limn_task_page_select_task (self, pos);
}

static void
next_task_activated (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       data)
{
  move_task (LIMN_TASK_PAGE (data), 1);
}

static void
prev_task_activated (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       data)
{
  move_task (LIMN_TASK_PAGE (data), -1);
}

/* A task by id: the Open of a "sent back" toast. */
static void
open_task_activated (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       data)
{
  LimnTaskPage *self = LIMN_TASK_PAGE (data);
  guint pos = limn_task_list_find (self->task_list, g_variant_get_string (param, NULL));

  if (pos != GTK_INVALID_LIST_POSITION)
    limn_task_page_select_task (self, pos);
}

static void
toggle_sidebar_activated (GSimpleAction *action,
                           GVariant      *param,
                           gpointer       data)
{
  LimnTaskPage *self = LIMN_TASK_PAGE (data);

  adw_flap_set_reveal_flap (self->flap, !adw_flap_get_reveal_flap (self->flap));
}

static void
training_next_activated (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       data)
{
  limn_task_page_training_next (LIMN_TASK_PAGE (data));
}

static const GActionEntry actions[] = {
  { "submit", submit_activated },
  { "training-next", training_next_activated },
  { "skip", skip_activated },
  { "edit-task", edit_task_activated },
  { "flag", flag_activated },
  { "undo", undo_activated },
  { "redo", redo_activated },
  { "accept-suggestions", accept_suggestions_activated },
  { "confidence", confidence_activated, "i" },
  { "task-confidence", task_confidence_activated, "i" },
  { "next-task", next_task_activated },
  { "prev-task", prev_task_activated },
  { "open-task", open_task_activated, "s" },
  { "toggle-sidebar", toggle_sidebar_activated },
};

GSimpleActionGroup *
limn_task_page_actions_new (LimnTaskPage *self)
{
  GSimpleActionGroup *group = g_simple_action_group_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (group), actions, G_N_ELEMENTS (actions), self);

  return group;
}

void
limn_task_page_connect_panel (LimnTaskPage *self)
{
  g_signal_connect (self->palette, "label-activated", G_CALLBACK (label_activated_cb), self);
  g_signal_connect (self->task_confidence, "chosen", G_CALLBACK (task_confidence_chosen_cb), self);
  g_signal_connect (self->region_confidence, "chosen", G_CALLBACK (region_confidence_chosen_cb), self);
}
