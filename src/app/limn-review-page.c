/* limn-review-page.c
 *
 * The Review page: its template, its session, and the item on screen (the
 * task with everyone's regions as overlay layers, and the reviewer's
 * editable copy of the reviewed revision). The queue is in
 * limn-review-page-queue.c, verdicts and comments in
 * limn-review-page-actions.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-accessible.h"
#include "limn-overlay-layer.h"
#include "limn-review-page-private.h"
#include "events/limn-event.h"
#include "model/limn-flag.h"
#include "sync/limn-media-cache.h"

static void limn_review_page_page_init (LimnPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LimnReviewPage, limn_review_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LIMN_TYPE_PAGE, limn_review_page_page_init))

enum {
  PROP_0,
  PROP_SUBTITLE,
  N_PROPS
};

gboolean
limn_review_page_may_open (LimnSession *session)
{
  LimnSyncClient *sync = limn_session_get_sync_client (session);

  return sync != NULL && limn_sync_client_is_reviewer (sync);
}

void
limn_review_page_toast (LimnReviewPage *self,
                        const char     *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

static void
set_subtitle (LimnReviewPage *self,
              const char     *subtitle)
{
  if (g_strcmp0 (self->subtitle, subtitle) == 0)
    return;
  g_free (self->subtitle);
  self->subtitle = g_strdup (subtitle);
  g_object_notify (G_OBJECT (self), "subtitle");
}

gint64
limn_review_page_active_ms (LimnReviewPage *self)
{
  gint64 prior = self->verdict != NULL ? self->verdict->active_ms : 0;

  if (self->opened_us == 0)
    return prior;
  return prior + (g_get_monotonic_time () - self->opened_us) / 1000;
}

void
limn_review_page_record (LimnReviewPage *self,
                         const char     *type,
                         JsonObject     *payload)
{
  g_autoptr(JsonObject) owned = payload != NULL ? payload : json_object_new ();

  if (self->log == NULL)
    return;
  if (self->contents != NULL)
    {
      json_object_set_string_member (owned, "item_id", limn_review_item_get_id (self->contents->item));
      limn_event_log_set_context (self->log, limn_review_item_get_project_id (self->contents->item),
                                  limn_review_item_get_task_id (self->contents->item));
    }
  limn_event_log_record (self->log, type, owned);
  g_steal_pointer (&owned);
}

/* The item on screen */

void
limn_review_page_clear_item (LimnReviewPage *self)
{
  g_cancellable_cancel (self->item_cancellable);
  g_clear_object (&self->item_cancellable);

  /* What was made so far is kept for next time. */
  if (self->verdict != NULL && !self->queueing)
    {
      limn_review_page_save_draft (self);
      limn_review_page_record (self, LIMN_EVENT_REVIEW_CLOSED, NULL);
    }

  limn_image_canvas_clear_comments (self->canvas);
  limn_span_view_clear_comments (self->span_view);
  limn_image_canvas_set_task (self->canvas, NULL, NULL);
  limn_span_view_set_task (self->span_view, NULL, NULL, NULL);
  g_list_store_remove_all (self->layers);
  g_clear_pointer (&self->contents, limn_review_contents_free);
  g_clear_pointer (&self->reviewed, limn_annotation_unref);
  g_clear_object (&self->draft);
  g_clear_pointer (&self->verdict, limn_review_verdict_free);
  g_clear_pointer (&self->comment_region, g_free);
  self->opened_us = 0;
  /* Focus leaves the panel before it goes insensitive. */
  if (gtk_widget_get_focus_child (self->side_panel) != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->queue_view));
  gtk_stack_set_visible_child_name (self->work_stack, "none");
  gtk_widget_set_sensitive (self->side_panel, FALSE);
  gtk_label_set_text (self->item_title, "");
  gtk_label_set_text (self->flags_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->flags_label), FALSE);
  limn_review_page_show_history (self);
  limn_review_page_show_thread (self);
  limn_review_page_show_notes (self);
  limn_review_page_show_comments (self);
  limn_review_page_update_actions (self);
  set_subtitle (self, NULL);
}

static void
fill_reasons (LimnReviewPage *self,
              LimnReviewItem *item)
{
  const char * const *reasons = limn_review_item_get_reasons (item);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->item_reasons))) != NULL)
    gtk_box_remove (self->item_reasons, child);
  for (guint i = 0; reasons != NULL && reasons[i] != NULL; i++)
    gtk_box_append (self->item_reasons, limn_review_reason_pill (reasons[i]));
}

static const char *
flag_of (LimnReviewContents *contents,
         const char         *annotator)
{
  for (guint i = 0; i < contents->flags->len; i++)
    {
      LimnFlag *flag = g_ptr_array_index (contents->flags, i);

      if (g_strcmp0 (flag->annotator, annotator) == 0)
        return flag->body;
    }
  return NULL;
}

/* One layer per annotator's revision, in the order received, then the
 * gold answer (shown: it is what the reviewer compares against), then the
 * model's pre-labels (hidden until asked for). The reviewed revision's layer is the one the
 * editable copy lies on. */
static void
fill_layers (LimnReviewPage *self)
{
  LimnReviewContents *c = self->contents;
  g_autoptr(GString) flags = g_string_new (NULL);
  guint n_annotators = 0;

  for (guint i = 0; i < c->annotations->len; i++)
    {
      LimnAnnotation *a = g_ptr_array_index (c->annotations, i);
      const char *name = a->author != NULL ? a->author : a->annotator;
      g_autoptr(LimnOverlayLayer) layer = limn_overlay_layer_new (name, LIMN_OVERLAY_ANNOTATOR, n_annotators++,
                                                                  a->regions);
      const char *flag = flag_of (c, a->annotator);

      if (a->confidence >= 0)
        limn_overlay_layer_set_confidence (layer, a->confidence);
      if (a->active_ms > 0)
        limn_overlay_layer_set_active_ms (layer, a->active_ms);
      if (flag != NULL)
        {
          limn_overlay_layer_set_note (layer, flag);
          g_string_append_printf (flags, "%s%s: “%s”", flags->len > 0 ? "\n" : "", name, flag);
        }
      g_list_store_append (self->layers, layer);
    }

  if (c->gold != NULL)
    {
      g_autoptr(LimnOverlayLayer) layer = limn_overlay_layer_new (_("Gold"), LIMN_OVERLAY_GOLD, 0, c->gold);

      g_list_store_append (self->layers, layer);
    }

  if (c->suggestions->len > 0)
    {
      g_autoptr(LimnOverlayLayer) layer = limn_overlay_layer_new (_("Pre-labels"), LIMN_OVERLAY_PRELABELS, 0,
                                                                  c->suggestions);

      limn_overlay_layer_set_visible (layer, FALSE);
      g_list_store_append (self->layers, layer);
    }

  gtk_label_set_text (self->flags_label, flags->str);
  gtk_widget_set_visible (GTK_WIDGET (self->flags_label), flags->len > 0);
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(LimnReviewPage) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnReviewContents) contents = limn_store_jobs_review_open_finish (LIMN_STORE_WORKER (object),
                                                                               result, &error);
  const char *reviewed_id;
  JsonObject *payload;
  GtkWidget *work, *focus;

  if (contents == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          limn_review_page_toast (self, error->message);
          gtk_stack_set_visible_child_name (self->work_stack, "none");
        }
      return;
    }

  self->contents = g_steal_pointer (&contents);
  reviewed_id = limn_review_item_get_annotation_id (self->contents->item);
  for (guint i = 0; i < self->contents->annotations->len; i++)
    {
      LimnAnnotation *a = g_ptr_array_index (self->contents->annotations, i);

      if (self->reviewed == NULL || g_strcmp0 (a->id, reviewed_id) == 0)
        {
          g_clear_pointer (&self->reviewed, limn_annotation_unref);
          self->reviewed = limn_annotation_ref (a);
        }
    }

  /* A draft from before goes on where it was; else a fresh verdict. */
  if (self->contents->draft != NULL)
    self->verdict = limn_review_verdict_copy (self->contents->draft);
  else
    self->verdict = limn_review_verdict_new (limn_review_item_get_id (self->contents->item),
                                             limn_review_item_get_task_id (self->contents->item),
                                             self->reviewed != NULL ? self->reviewed->id : reviewed_id,
                                             LIMN_VERDICT_NONE);
  g_free (self->verdict->task_id);
  self->verdict->task_id = g_strdup (limn_review_item_get_task_id (self->contents->item));

  if (self->reviewed != NULL)
    {
      g_autoptr(LimnAnnotation) copy = NULL;

      if (self->verdict->correction != NULL)
        copy = limn_annotation_ref (self->verdict->correction);
      else
        copy = limn_review_new_correction (self->reviewed, limn_store_worker_get_annotator (self->worker));
      self->draft = limn_draft_new (copy, NULL, self->log);
    }

  fill_layers (self);
  fill_reasons (self, self->contents->item);
  gtk_label_set_text (self->item_title, limn_review_item_get_title (self->contents->item));
  set_subtitle (self, limn_review_item_get_title (self->contents->item));

  if (limn_task_get_kind (self->contents->task) == LIMN_TASK_TEXT)
    {
      limn_span_view_set_task (self->span_view, self->contents->task, self->contents->text, self->draft);
      gtk_stack_set_visible_child_name (self->work_stack, "text");
      work = GTK_WIDGET (self->span_view);
    }
  else
    {
      const char *sha256 = limn_task_get_media_sha256 (self->contents->task);

      /* A reviewed task's image is in the media cache, fetched on demand
       * like a labeling task's. */
      if (limn_task_get_media_path (self->contents->task) == NULL && sha256 != NULL && self->sync != NULL)
        {
          g_autofree char *path = limn_media_cache_path (limn_sync_client_get_media_dir (self->sync), sha256);

          limn_task_set_media_path (self->contents->task, path);
          if (!g_file_test (path, G_FILE_TEST_EXISTS))
            limn_sync_client_want_media (self->sync, sha256, 0);
        }
      limn_image_canvas_set_task (self->canvas, self->contents->task, self->draft);
      gtk_stack_set_visible_child_name (self->work_stack, "image");
      work = GTK_WIDGET (self->canvas);
    }
  gtk_widget_set_sensitive (self->side_panel, TRUE);
  /* The opened item has the keyboard, as an opened task does (Tab walks
   * its regions, arrows edit them), unless the reviewer is typing. */
  focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  if (focus == NULL || !GTK_IS_EDITABLE (focus) || !gtk_widget_is_drawable (focus))
    gtk_widget_grab_focus (work);
  limn_review_page_show_history (self);
  limn_review_page_show_thread (self);
  limn_review_page_show_notes (self);
  limn_review_page_show_comments (self);
  limn_review_page_update_actions (self);

  self->opened_us = g_get_monotonic_time ();
  payload = json_object_new ();
  json_object_set_string_member (payload, "annotation_id", self->verdict->annotation_id);
  json_object_set_int_member (payload, "n_annotations", self->contents->annotations->len);
  json_object_set_boolean_member (payload, "resumed", self->contents->draft != NULL);
  limn_review_page_record (self, LIMN_EVENT_REVIEW_OPENED, payload);
}

void
limn_review_page_open_item (LimnReviewPage *self,
                            LimnReviewItem *item)
{
  if (self->contents != NULL && item != NULL &&
      g_strcmp0 (limn_review_item_get_id (self->contents->item), limn_review_item_get_id (item)) == 0)
    return;

  limn_review_page_clear_item (self);
  if (item == NULL || self->worker == NULL)
    return;

  if (!limn_review_item_get_leased (item))
    {
      gtk_stack_set_visible_child_name (self->work_stack, "not-held");
      return;
    }

  gtk_stack_set_visible_child_name (self->work_stack, "loading");
  self->item_cancellable = g_cancellable_new ();
  limn_store_jobs_review_open_async (self->worker, limn_review_item_get_project_id (item),
                                     limn_review_item_get_id (item), self->item_cancellable, opened_cb,
                                     g_object_ref (self));
}

/* The image of the item on screen arrived: show it. */
static void
media_changed_cb (LimnSyncClient *client,
                  const char     *sha256,
                  LimnReviewPage *self)
{
  if (self->contents != NULL &&
      g_strcmp0 (limn_task_get_media_sha256 (self->contents->task), sha256) == 0 &&
      limn_sync_client_get_media_state (client, sha256, NULL) == LIMN_MEDIA_STATE_READY)
    limn_image_canvas_reload (self->canvas);
}

/* A sync run ended: the server's queue may have changed even when no
 * change was for the reviewer (a resubmitted rework, a new flag), so list
 * it again, as after Get Items. */
static void
sync_state_cb (LimnReviewPage *self)
{
  LimnSyncState state = limn_sync_client_get_state (self->sync);

  if (self->was_syncing && state != LIMN_SYNC_STATE_SYNCING && state != LIMN_SYNC_STATE_OFFLINE)
    limn_review_page_queue_fetch (self);
  self->was_syncing = state == LIMN_SYNC_STATE_SYNCING;
}

static void
set_sync (LimnReviewPage *self,
          LimnSyncClient *sync)
{
  if (self->sync == sync)
    return;
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_set_object (&self->sync, sync);
  if (sync != NULL)
    {
      g_signal_connect_object (sync, "media-changed", G_CALLBACK (media_changed_cb), self, 0);
      g_signal_connect_object (sync, "notify::state", G_CALLBACK (sync_state_cb), self, G_CONNECT_SWAPPED);
    }
}

/* A click on a region: the next comment is pinned to it. */
static void
region_activated_cb (LimnReviewPage   *self,
                     LimnOverlayLayer *layer,
                     const char       *region_id)
{
  limn_review_page_target_region (self, region_id, TRUE);
}

static void
selected_cb (LimnReviewPage *self)
{
  g_autofree char *id = NULL;

  if (gtk_widget_get_visible (GTK_WIDGET (self->span_view)) &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->work_stack), "text") == 0)
    g_object_get (self->span_view, "selected-id", &id, NULL);
  else
    g_object_get (self->canvas, "selected-id", &id, NULL);
  if (id != NULL)
    limn_review_page_target_region (self, id, FALSE);
}

static void
comment_activate_cb (LimnReviewPage *self)
{
  g_action_group_activate_action (G_ACTION_GROUP (self->actions), "add-comment", NULL);
}

/* LimnPage */

static void
set_session (LimnPage    *page,
             LimnSession *session)
{
  LimnReviewPage *self = LIMN_REVIEW_PAGE (page);

  g_set_object (&self->session, session);
  g_set_object (&self->worker, limn_session_get_worker (session));
  g_set_object (&self->log, limn_session_get_log (session));
  set_sync (self, limn_session_get_sync_client (session));
  limn_review_page_update_actions (self);
}

static void
show_project (LimnPage            *page,
              LimnProjectContents *contents)
{
  LimnReviewPage *self = LIMN_REVIEW_PAGE (page);

  if (self->project == contents->project)
    return;
  g_set_object (&self->project, contents->project);
  limn_image_canvas_set_project (self->canvas, contents->project);
  limn_span_view_set_project (self->span_view, contents->project);
  limn_review_page_clear_item (self);
  limn_review_page_queue_reload (self, NULL);
  limn_review_page_queue_fetch (self);
}

static GtkWidget *
get_header_start (LimnPage *page)
{
  return LIMN_REVIEW_PAGE (page)->header_start;
}

static GtkWidget *
get_header_end (LimnPage *page)
{
  return LIMN_REVIEW_PAGE (page)->header_end;
}

static GActionGroup *
get_actions (LimnPage *page)
{
  return G_ACTION_GROUP (LIMN_REVIEW_PAGE (page)->actions);
}

static void
reload (LimnPage *page)
{
  LimnReviewPage *self = LIMN_REVIEW_PAGE (page);

  /* The sync client may have come since the session was given. */
  if (self->session != NULL && self->sync == NULL)
    set_sync (self, limn_session_get_sync_client (self->session));
  limn_review_page_queue_reload (self, NULL);
  limn_review_page_queue_fetch (self);
}

static void
close_page (LimnPage *page)
{
  limn_review_page_clear_item (LIMN_REVIEW_PAGE (page));
}

static void
limn_review_page_page_init (LimnPageInterface *iface)
{
  iface->set_session = set_session;
  iface->show_project = show_project;
  iface->get_header_start = get_header_start;
  iface->get_header_end = get_header_end;
  iface->get_actions = get_actions;
  iface->reload = reload;
  iface->close = close_page;
}

/* For tests */

const char *
limn_review_page_get_item_id (LimnReviewPage *self)
{
  g_return_val_if_fail (LIMN_IS_REVIEW_PAGE (self), NULL);
  return self->contents != NULL ? limn_review_item_get_id (self->contents->item) : NULL;
}

GtkWidget *
limn_review_page_get_canvas (LimnReviewPage *self)
{
  g_return_val_if_fail (LIMN_IS_REVIEW_PAGE (self), NULL);
  return GTK_WIDGET (self->canvas);
}

GtkWidget *
limn_review_page_get_legend (LimnReviewPage *self)
{
  g_return_val_if_fail (LIMN_IS_REVIEW_PAGE (self), NULL);
  return GTK_WIDGET (self->legend);
}

GtkWidget *
limn_review_page_get_history (LimnReviewPage *self)
{
  g_return_val_if_fail (LIMN_IS_REVIEW_PAGE (self), NULL);
  return GTK_WIDGET (self->history_expander);
}

GtkWidget *
limn_review_page_get_notes (LimnReviewPage *self)
{
  g_return_val_if_fail (LIMN_IS_REVIEW_PAGE (self), NULL);
  return self->notes_box;
}

GtkWidget *
limn_review_page_get_thread (LimnReviewPage *self)
{
  g_return_val_if_fail (LIMN_IS_REVIEW_PAGE (self), NULL);
  return self->thread_box;
}

GtkWidget *
limn_review_page_get_queue_view (LimnReviewPage *self)
{
  g_return_val_if_fail (LIMN_IS_REVIEW_PAGE (self), NULL);
  return GTK_WIDGET (self->queue_view);
}

GtkWidget *
limn_review_page_get_comment_entry (LimnReviewPage *self)
{
  g_return_val_if_fail (LIMN_IS_REVIEW_PAGE (self), NULL);
  return GTK_WIDGET (self->comment_entry);
}

GtkWidget *
limn_review_page_get_send_back_dialog (LimnReviewPage *self)
{
  g_return_val_if_fail (LIMN_IS_REVIEW_PAGE (self), NULL);
  return self->send_back_dialog;
}

const char *
limn_review_page_get_state (LimnReviewPage *self)
{
  g_return_val_if_fail (LIMN_IS_REVIEW_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->main_stack);
}

/* GObject */

static void
limn_review_page_dispose (GObject *object)
{
  LimnReviewPage *self = LIMN_REVIEW_PAGE (object);
  GtkWidget *child;

  if (self->layers != NULL)
    limn_review_page_clear_item (self);
  limn_review_page_queue_dispose (self);
  if (self->send_back_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->send_back_dialog));

  g_clear_object (&self->header_start);
  g_clear_object (&self->header_end);
  gtk_widget_dispose_template (GTK_WIDGET (self), LIMN_TYPE_REVIEW_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->layers);
  g_clear_object (&self->actions);
  set_sync (self, NULL);
  g_clear_object (&self->log);
  g_clear_object (&self->worker);
  g_clear_object (&self->session);
  g_clear_object (&self->project);
  g_clear_pointer (&self->subtitle, g_free);

  G_OBJECT_CLASS (limn_review_page_parent_class)->dispose (object);
}

static void
limn_review_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LimnReviewPage *self = LIMN_REVIEW_PAGE (object);

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
limn_review_page_class_init (LimnReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = limn_review_page_dispose;
  object_class->get_property = limn_review_page_get_property;
  g_object_class_override_property (object_class, PROP_SUBTITLE, "subtitle");

  g_type_ensure (LIMN_TYPE_IMAGE_CANVAS);
  g_type_ensure (LIMN_TYPE_SPAN_VIEW);
  g_type_ensure (LIMN_TYPE_ANNOTATOR_LEGEND);

  gtk_widget_class_set_template_from_resource (widget_class, LIMN_RESOURCE_PATH "/ui/limn-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LimnReviewPage, main_stack);
  gtk_widget_class_bind_template_child (widget_class, LimnReviewPage, counts_label);
  gtk_widget_class_bind_template_child (widget_class, LimnReviewPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LimnReviewPage, reason_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LimnReviewPage, sort_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LimnReviewPage, queue_view);
  gtk_widget_class_bind_template_child (widget_class, LimnReviewPage, work_stack);
  gtk_widget_class_bind_template_child (widget_class, LimnReviewPage, not_held_page);
  gtk_widget_class_bind_template_child (widget_class, LimnReviewPage, canvas);
  gtk_widget_class_bind_template_child (widget_class, LimnReviewPage, span_view);
  gtk_widget_class_bind_template_child (widget_class, LimnReviewPage, item_title);
  gtk_widget_class_bind_template_child (widget_class, LimnReviewPage, item_reasons);
  gtk_widget_class_bind_template_child (widget_class, LimnReviewPage, legend);
  gtk_widget_class_bind_template_child (widget_class, LimnReviewPage, flags_label);
  gtk_widget_class_bind_template_child (widget_class, LimnReviewPage, notes_box);
  gtk_widget_class_bind_template_child (widget_class, LimnReviewPage, history_expander);
  gtk_widget_class_bind_template_child (widget_class, LimnReviewPage, history_list);
  gtk_widget_class_bind_template_child (widget_class, LimnReviewPage, thread_box);
  gtk_widget_class_bind_template_child (widget_class, LimnReviewPage, thread_list);
  gtk_widget_class_bind_template_child (widget_class, LimnReviewPage, reply_view);
  gtk_widget_class_bind_template_child (widget_class, LimnReviewPage, answer_button);
  gtk_widget_class_bind_template_child (widget_class, LimnReviewPage, comments_list);
  gtk_widget_class_bind_template_child (widget_class, LimnReviewPage, comment_target);
  gtk_widget_class_bind_template_child (widget_class, LimnReviewPage, comment_entry);
  gtk_widget_class_bind_template_child (widget_class, LimnReviewPage, side_panel);
  gtk_widget_class_bind_template_child_full (widget_class, "header_start", FALSE,
                                             G_STRUCT_OFFSET (LimnReviewPage, header_start));
  gtk_widget_class_bind_template_child_full (widget_class, "header_end", FALSE,
                                             G_STRUCT_OFFSET (LimnReviewPage, header_end));
  gtk_widget_class_bind_template_callback (widget_class, region_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, comment_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, limn_review_page_reply);
  gtk_widget_class_bind_template_callback (widget_class, limn_review_page_mark_answered);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
limn_review_page_init (LimnReviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  limn_accessible_label_popup_button (GTK_WIDGET (self->reason_dropdown), _("Show Items for One Reason"));
  limn_accessible_label_popup_button (GTK_WIDGET (self->sort_dropdown), _("Sort the Queue"));
  g_object_ref_sink (self->header_start);
  g_object_ref_sink (self->header_end);

  self->layers = g_list_store_new (LIMN_TYPE_OVERLAY_LAYER);
  limn_image_canvas_set_overlays (self->canvas, G_LIST_MODEL (self->layers));
  limn_span_view_set_overlays (self->span_view, G_LIST_MODEL (self->layers));
  limn_image_canvas_set_highlight_disagreements (self->canvas, TRUE);
  limn_span_view_set_highlight_disagreements (self->span_view, TRUE);
  limn_annotator_legend_set_layers (self->legend, G_LIST_MODEL (self->layers));

  self->actions = limn_review_page_actions_new (self);
  limn_review_page_queue_init (self);
  limn_review_page_clear_item (self);
}
