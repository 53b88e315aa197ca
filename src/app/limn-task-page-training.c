/* limn-task-page-training.c
 *
 * Training feedback on the task page (docs/training.md). A submit made
 * while the annotator trains keeps the task open with the training panel
 * waiting; a sync is started at once, and the gold answer it brings (a
 * `gold` change, only after the answer reached the server) is compared
 * with the regions submitted. Next moves on like an ordinary submit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "limn-task-page-private.h"
#include "sync/limn-wire-review.h"

/* Most annotators never train: the panel is built on first use, not with
 * the page at start-up. */
static LimnTrainingPanel *
ensure_panel (LimnTaskPage *self)
{
  if (self->training_panel == NULL)
    {
      self->training_panel = g_object_new (LIMN_TYPE_TRAINING_PANEL, NULL);
      adw_bin_set_child (self->training_slot, GTK_WIDGET (self->training_panel));
    }

  return self->training_panel;
}

void
limn_task_page_training_clear (LimnTaskPage *self)
{
  g_clear_pointer (&self->training_task_id, g_free);
  g_clear_pointer (&self->training_given, g_ptr_array_unref);
  if (self->training_panel != NULL)
    limn_training_panel_hide (self->training_panel);
}

gboolean
limn_task_page_training_submitted (LimnTaskPage *self,
                                   GPtrArray    *given)
{
  if (!limn_training_status_in_training (self->training) || self->task == NULL ||
      limn_project_get_server_url (self->project) == NULL)
    return FALSE;

  g_free (self->training_task_id);
  self->training_task_id = g_strdup (limn_task_get_id (self->task));
  g_clear_pointer (&self->training_given, g_ptr_array_unref);
  self->training_given = g_ptr_array_ref (given);
  limn_training_panel_show_waiting (ensure_panel (self));

  /* The gold answer comes back with the sync that sends the answer. */
  if (self->sync != NULL)
    limn_sync_client_sync_now (self->sync);
  return TRUE;
}

/* The project's box matching threshold, as review uses it. */
static double
match_iou (const char *settings_json)
{
  g_autoptr(JsonNode) root = settings_json ? json_from_string (settings_json, NULL) : NULL;
  double iou = 0.5;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    iou = json_object_get_double_member_with_default (json_node_get_object (root), "match_iou", 0.5);
  return iou > 0 && iou <= 1 ? iou : 0.5;
}

void
limn_task_page_training_update (LimnTaskPage *self,
                                const char   *settings_json,
                                const char   *gold_json)
{
  g_autoptr(GPtrArray) gold = NULL;
  g_autoptr(LimnTrainingFeedback) feedback = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->training, limn_training_status_free);
  self->training = limn_training_status_from_settings (settings_json);

  if (self->training_task_id == NULL || self->task == NULL || gold_json == NULL ||
      !g_str_equal (self->training_task_id, limn_task_get_id (self->task)) ||
      self->training_given == NULL)
    return;

  gold = limn_wire_parse_stored_regions (gold_json, self->task, self->text, &error);
  if (gold != NULL)
    feedback = limn_training_feedback_new (gold, self->training_given, match_iou (settings_json), &error);
  if (feedback == NULL)
    {
      g_warning ("Cannot compare with the gold answer: %s", error->message);
      return;
    }

  limn_training_panel_show_feedback (ensure_panel (self), feedback, self->project,
                                     limn_project_get_display_guidelines (self->project, NULL),
                                     self->training);
}

void
limn_task_page_training_next (LimnTaskPage *self)
{
  limn_task_page_training_clear (self);
  /* As after any submit: "next" comes from the store's list. */
  limn_task_page_refresh_then (self, limn_task_page_advance);
}
