/* limn-review-page-actions.c
 *
 * What a reviewer does on the Review page, as actions under "review."
 * (accelerators in limn-application.c and ui/help-overlay.ui): accept,
 * correct (the editable copy as the reviewer left it), send back (a
 * reason and a comment, asked in LimnSendBackDialog), comments pinned to
 * the region last clicked, the next and previous item, and Get Items.
 * Each is an event in the session's log, with the time spent on the item;
 * a verdict is queued to the outbox in one store job and the next item
 * opens.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-review-page-private.h"
#include "limn-send-back-dialog.h"
#include "events/limn-event.h"

void
limn_review_page_update_actions (LimnReviewPage *self)
{
  gboolean deciding = self->verdict != NULL && !self->queueing;
  static const char * const verdicts[] = { "accept", "correct", "send-back", "add-comment" };

  if (self->actions == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (verdicts); i++)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions),
                                                                              verdicts[i])),
                                 deciding);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->actions),
                                                                            "get-items")),
                               self->sync != NULL && self->project != NULL && !self->claiming);
}

/* The draft's correction: what the reviewer changed, if anything. */
static LimnAnnotation *
correction_snapshot (LimnReviewPage *self)
{
  if (self->draft == NULL || limn_draft_get_version (self->draft) == 0)
    return NULL;
  return limn_draft_snapshot (self->draft, limn_review_page_active_ms (self), limn_review_page_active_ms (self));
}

void
limn_review_page_save_draft (LimnReviewPage *self)
{
  g_autoptr(LimnAnnotation) correction = NULL;

  if (self->verdict == NULL || self->worker == NULL)
    return;

  correction = correction_snapshot (self);
  if (correction != NULL)
    {
      g_clear_pointer (&self->verdict->correction, limn_annotation_unref);
      self->verdict->correction = g_steal_pointer (&correction);
    }
  self->verdict->active_ms = limn_review_page_active_ms (self);
  if (self->opened_us != 0)
    self->opened_us = g_get_monotonic_time ();
  limn_store_jobs_review_save_draft_async (self->worker, self->verdict, NULL, NULL, NULL);
}

/* Comments */

static const LimnRegion *
find_region (LimnReviewPage   *self,
             const char       *region_id,
             const char      **who)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->layers));

  if (self->draft != NULL && limn_draft_lookup_region (self->draft, region_id) != NULL)
    {
      *who = _("your copy");
      return limn_draft_lookup_region (self->draft, region_id);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(LimnOverlayLayer) layer = g_list_model_get_item (G_LIST_MODEL (self->layers), i);
      GPtrArray *regions = limn_overlay_layer_get_regions (layer);

      for (guint r = 0; r < regions->len; r++)
        if (g_strcmp0 (((LimnRegion *) g_ptr_array_index (regions, r))->id, region_id) == 0)
          {
            *who = limn_overlay_layer_get_name (layer);
            return g_ptr_array_index (regions, r);
          }
    }
  return NULL;
}

static char *
describe_region (LimnReviewPage *self,
                 const char     *region_id)
{
  const char *who = NULL;
  const LimnRegion *region = region_id != NULL ? find_region (self, region_id, &who) : NULL;
  LimnLabel *label = region != NULL && self->project != NULL ? limn_project_lookup_label (self->project, region->label_id)
                                                              : NULL;

  if (region == NULL)
    return g_strdup (_("The whole task"));
  /* TRANSLATORS: a region a comment is pinned to: its label (whose) */
  return g_strdup_printf (_("%s (%s)"), label != NULL ? limn_label_get_display_name (label, NULL) : _("Region"), who);
}

void
limn_review_page_target_region (LimnReviewPage *self,
                                const char     *region_id,
                                gboolean        focus)
{
  g_autofree char *what = NULL;
  g_autofree char *text = NULL;

  if (self->verdict == NULL)
    return;

  g_free (self->comment_region);
  self->comment_region = g_strdup (region_id);
  what = describe_region (self, region_id);
  text = g_strdup_printf (_("Comment on %s"), what);
  gtk_label_set_text (self->comment_target, text);
  if (focus)
    gtk_widget_grab_focus (GTK_WIDGET (self->comment_entry));
}

void
limn_review_page_show_comments (LimnReviewPage *self)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->comments_list))) != NULL)
    gtk_list_box_remove (self->comments_list, row);
  limn_image_canvas_clear_comments (self->canvas);
  limn_span_view_clear_comments (self->span_view);
  gtk_widget_set_visible (GTK_WIDGET (self->comments_list), self->verdict != NULL && self->verdict->comments->len > 0);
  gtk_label_set_text (self->comment_target, _("Click a region to pin a comment to it"));
  if (self->verdict == NULL)
    return;

  for (guint i = 0; i < self->verdict->comments->len; i++)
    {
      LimnReviewComment *c = g_ptr_array_index (self->verdict->comments, i);
      g_autofree char *where = describe_region (self, c->region_id);
      GtkWidget *action_row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), c->body);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (action_row), where);
      gtk_list_box_append (self->comments_list, action_row);
      if (c->region_id != NULL)
        {
          limn_image_canvas_set_comment (self->canvas, c->region_id, c->body);
          limn_span_view_set_comment (self->span_view, c->region_id, c->body);
        }
    }
}

static void
add_comment (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       data)
{
  LimnReviewPage *self = data;
  g_autofree char *body = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->comment_entry))));
  g_autofree char *region = g_strdup (self->comment_region);
  JsonObject *payload;

  if (self->verdict == NULL || *body == '\0')
    return;

  limn_review_verdict_add_comment (self->verdict, limn_review_comment_new (region, body));
  gtk_editable_set_text (GTK_EDITABLE (self->comment_entry), "");
  g_clear_pointer (&self->comment_region, g_free);
  limn_review_page_show_comments (self);
  limn_review_page_save_draft (self);

  payload = json_object_new ();
  if (region != NULL)
    json_object_set_string_member (payload, "region_id", region);
  else
    json_object_set_null_member (payload, "region_id");
  json_object_set_int_member (payload, "length", g_utf8_strlen (body, -1));
  limn_review_page_record (self, LIMN_EVENT_REVIEW_COMMENT, payload);
}

/* Verdicts */

static void
queued_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(LimnReviewPage) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *item_id = NULL;

  self->queueing = FALSE;
  if (!limn_store_jobs_review_finish (LIMN_STORE_WORKER (object), result, &error))
    {
      limn_review_page_toast (self, error->message);
      limn_review_page_update_actions (self);
      return;
    }

  if (self->contents == NULL)
    return;
  item_id = g_strdup (limn_review_item_get_id (self->contents->item));
  /* Decided: nothing is left to keep as a draft. */
  g_clear_pointer (&self->verdict, limn_review_verdict_free);
  limn_review_page_queue_done (self, item_id);
}

static void
give_verdict (LimnReviewPage *self,
              LimnVerdict     verdict)
{
  JsonObject *payload;

  if (self->verdict == NULL || self->queueing || self->worker == NULL)
    return;

  self->verdict->verdict = verdict;
  self->verdict->active_ms = limn_review_page_active_ms (self);
  self->opened_us = g_get_monotonic_time ();
  g_clear_pointer (&self->verdict->correction, limn_annotation_unref);
  if (verdict == LIMN_VERDICT_CORRECT)
    {
      self->verdict->correction = correction_snapshot (self);
      if (self->verdict->correction == NULL)
        {
          limn_review_page_toast (self, _("Change a region first: a correction needs an edit"));
          return;
        }
    }
  if (verdict != LIMN_VERDICT_SEND_BACK)
    g_clear_pointer (&self->verdict->reason_code, g_free);

  /* The event first, so it is committed before the outbox item. */
  payload = json_object_new ();
  json_object_set_string_member (payload, "verdict", limn_verdict_to_string (verdict));
  json_object_set_string_member (payload, "annotation_id", self->verdict->annotation_id);
  json_object_set_int_member (payload, "active_ms", self->verdict->active_ms);
  json_object_set_int_member (payload, "n_comments", self->verdict->comments->len);
  if (self->verdict->reason_code != NULL)
    json_object_set_string_member (payload, "reason_code", self->verdict->reason_code);
  limn_review_page_record (self, LIMN_EVENT_REVIEW_VERDICT, payload);

  self->queueing = TRUE;
  limn_review_page_update_actions (self);
  limn_store_jobs_review_queue_async (self->worker, self->verdict, NULL, queued_cb, g_object_ref (self));
}

static void
accept (GSimpleAction *action,
        GVariant      *parameter,
        gpointer       data)
{
  give_verdict (data, LIMN_VERDICT_ACCEPT);
}

static void
correct (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       data)
{
  give_verdict (data, LIMN_VERDICT_CORRECT);
}

static void
send_back_response_cb (LimnSendBackDialog *dialog,
                       const char         *response,
                       LimnReviewPage     *self)
{
  if (g_strcmp0 (response, "send") != 0 || self->verdict == NULL)
    return;

  g_free (self->verdict->reason_code);
  self->verdict->reason_code = g_strdup (limn_send_back_dialog_get_reason (dialog));
  g_free (self->verdict->comment);
  self->verdict->comment = g_strstrip (g_strdup (limn_send_back_dialog_get_comment (dialog)));
  give_verdict (self, LIMN_VERDICT_SEND_BACK);
}

static void
send_back (GSimpleAction *action,
           GVariant      *parameter,
           gpointer       data)
{
  LimnReviewPage *self = data;
  guint n_pinned = 0;
  const char *annotator;

  if (self->verdict == NULL || self->send_back_dialog != NULL)
    return;

  for (guint i = 0; i < self->verdict->comments->len; i++)
    n_pinned += ((LimnReviewComment *) g_ptr_array_index (self->verdict->comments, i))->region_id != NULL;
  annotator = self->reviewed != NULL ? self->reviewed->annotator : NULL;

  self->send_back_dialog = limn_send_back_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                      annotator, n_pinned, self->verdict->reason_code,
                                                      self->verdict->comment);
  g_object_add_weak_pointer (G_OBJECT (self->send_back_dialog), (gpointer *) &self->send_back_dialog);
  g_signal_connect_object (self->send_back_dialog, "response", G_CALLBACK (send_back_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (self->send_back_dialog));
}

static void
step_item (LimnReviewPage *self,
           int             step)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint pos = gtk_single_selection_get_selected (self->selection);

  if (n == 0)
    return;
  if (pos == GTK_INVALID_LIST_POSITION)
    pos = 0;
  else if ((step > 0 && pos + 1 < n) || (step < 0 && pos > 0))
    pos += step;
  gtk_single_selection_set_selected (self->selection, pos);
}

static void
next_item (GSimpleAction *action,
           GVariant      *parameter,
           gpointer       data)
{
  step_item (data, 1);
}

static void
prev_item (GSimpleAction *action,
           GVariant      *parameter,
           gpointer       data)
{
  step_item (data, -1);
}

static void
get_items (GSimpleAction *action,
           GVariant      *parameter,
           gpointer       data)
{
  limn_review_page_queue_claim (data);
}

static void
undo (GSimpleAction *action,
      GVariant      *parameter,
      gpointer       data)
{
  LimnReviewPage *self = data;

  if (self->draft != NULL)
    limn_draft_undo (self->draft);
}

static void
redo (GSimpleAction *action,
      GVariant      *parameter,
      gpointer       data)
{
  LimnReviewPage *self = data;

  if (self->draft != NULL)
    limn_draft_redo (self->draft);
}

static const GActionEntry actions[] = {
  { "accept", accept },
  { "correct", correct },
  { "send-back", send_back },
  { "add-comment", add_comment },
  { "next-item", next_item },
  { "prev-item", prev_item },
  { "get-items", get_items },
  { "undo", undo },
  { "redo", redo },
};

GSimpleActionGroup *
limn_review_page_actions_new (LimnReviewPage *self)
{
  GSimpleActionGroup *group = g_simple_action_group_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (group), actions, G_N_ELEMENTS (actions), self);
  return group;
}
