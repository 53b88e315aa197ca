/* limn-server-review-items.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "limn-server-changes.h"
#include "limn-server-projects.h"
#include "limn-server-review-items.h"
#include "limn-server-review-queue.h"

gboolean
limn_server_review_caller_level (LimnServerTxn              *txn,
                                 const LimnServerPrincipal  *principal,
                                 const char                 *project_id,
                                 gint64                     *level,
                                 GError                    **error)
{
  *level = 0;
  switch (principal->role)
    {
    case LIMN_SERVER_ROLE_ADMIN:
      *level = 2;
      return TRUE;
    case LIMN_SERVER_ROLE_REVIEWER:
      if (!txn->store->get_reviewer_level (txn, project_id, principal->user_id, level, error))
        return FALSE;
      *level = CLAMP (*level, 1, 2);
      return TRUE;
    case LIMN_SERVER_ROLE_ANNOTATOR:
    default:
      return TRUE;
    }
}

/* The pinned comments of a verdict, as the route checked them. */
static void
read_comments (const char *json,
               GPtrArray  *comments)
{
  g_autoptr(JsonNode) root = json_from_string (json ? json : "[]", NULL);
  JsonArray *array;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return;

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = json_array_get_object_element (array, i);
      LimnServerReviewComment *c;

      if (o == NULL)
        continue;
      c = g_new0 (LimnServerReviewComment, 1);
      c->id = g_strdup (json_object_get_string_member_with_default (o, "id", NULL));
      c->region_id = g_strdup (json_object_get_string_member_with_default (o, "region_id", NULL));
      c->body = g_strdup (json_object_get_string_member_with_default (o, "body", ""));
      g_ptr_array_add (comments, c);
    }
}

static JsonArray *
comments_to_json (GPtrArray *comments)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < comments->len; i++)
    {
      LimnServerReviewComment *c = g_ptr_array_index (comments, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "id", c->id);
      if (c->region_id != NULL)
        json_object_set_string_member (o, "region_id", c->region_id);
      else
        json_object_set_null_member (o, "region_id");
      json_object_set_string_member (o, "body", c->body);
      json_array_add_object_element (array, o);
    }

  return array;
}

static void
set_nullable_string (JsonObject *o,
                     const char *member,
                     const char *value)
{
  if (value != NULL)
    json_object_set_string_member (o, member, value);
  else
    json_object_set_null_member (o, member);
}

static void
set_conflict (LimnBatchItem *item,
              const char    *reason)
{
  item->status = LIMN_BATCH_CONFLICT;
  g_free (item->reason);
  item->reason = g_strdup (reason);
}

/* A correction: a new revision of the reviewed annotator's task, made by
 * the reviewer, linked to the revision it corrects. */
static gboolean
store_correction (LimnServerTxn               *txn,
                  const LimnServerPrincipal   *principal,
                  const LimnBatchItem         *item,
                  const LimnServerAnnotation  *reviewed,
                  const LimnServerLease       *lease,
                  gint64                       now_us,
                  GError                     **error)
{
  g_autoptr(LimnBatchItem) correction = limn_batch_item_new (LIMN_BATCH_ITEM_ANNOTATION);

  correction->id = g_strdup (item->correction_id);
  correction->task_id = g_strdup (reviewed->task_id);
  correction->project_id = g_strdup (reviewed->project_id);
  correction->revision = reviewed->revision + 1;
  correction->parent_id = g_strdup (reviewed->id);
  correction->active_ms = item->correction_active_ms;
  correction->wall_ms = item->correction_wall_ms;
  correction->created_us = item->created_us > 0 ? item->created_us : now_us;
  correction->submitted_us = now_us;
  correction->regions = g_strdup (item->correction_regions ? item->correction_regions : "[]");
  correction->region_count = item->correction_region_count;

  if (!txn->store->latest_guideline_version (txn, reviewed->project_id,
                                             &correction->guideline_version, error))
    return FALSE;
  if (correction->guideline_version == 0)
    correction->guideline_version = -1;

  return txn->store->insert_annotation (txn, correction, reviewed->annotator, lease, NULL, now_us,
                                        error) &&
         txn->store->set_annotation_author (txn, correction->id, principal->user_id, error);
}

static LimnServerAnnotation *
find_annotation (GPtrArray  *annotations,
                 const char *id)
{
  for (guint i = 0; i < annotations->len; i++)
    {
      LimnServerAnnotation *a = g_ptr_array_index (annotations, i);

      if (g_strcmp0 (a->id, id) == 0)
        return a;
    }
  return NULL;
}

/* The `review` change for the annotator whose work was judged. */
static gboolean
write_review_change (LimnServerTxn               *txn,
                     const LimnServerPrincipal   *principal,
                     const LimnServerReview      *review,
                     const LimnServerAnnotation  *reviewed,
                     const LimnBatchItem         *item,
                     gint64                       now_us,
                     GError                     **error)
{
  g_autoptr(JsonObject) data = json_object_new ();

  json_object_set_string_member (data, "task_id", reviewed->task_id);
  json_object_set_string_member (data, "annotation_id", reviewed->id);
  json_object_set_string_member (data, "review_id", review->id);
  json_object_set_string_member (data, "verdict", review->verdict);
  set_nullable_string (data, "reason_code", review->reason_code);
  json_object_set_string_member (data, "comment", review->comment ? review->comment : "");
  json_object_set_array_member (data, "comments", comments_to_json (review->comments));
  json_object_set_string_member (data, "reviewer", principal->user_name);
  if (review->correction_id != NULL)
    {
      JsonObject *c = json_object_new ();
      g_autoptr(JsonNode) regions = json_from_string (item->correction_regions
                                                      ? item->correction_regions : "[]", NULL);

      json_object_set_string_member (c, "id", review->correction_id);
      json_object_set_int_member (c, "revision", reviewed->revision + 1);
      json_object_set_string_member (c, "parent_id", reviewed->id);
      if (regions != NULL && JSON_NODE_HOLDS_ARRAY (regions))
        json_object_set_member (c, "regions", g_steal_pointer (&regions));
      else
        json_object_set_array_member (c, "regions", json_array_new ());
      json_object_set_object_member (data, "correction", c);
    }
  else
    json_object_set_null_member (data, "correction");
  json_object_set_int_member (data, "created_us", review->created_us);

  return limn_server_changes_add (txn, reviewed->annotator, reviewed->project_id, "review", data,
                                  now_us, error);
}

/* send_back: the task returns to the same annotator as a rework lease. */
gboolean
limn_server_review_send_back (LimnServerTxn          *txn,
           const LimnServerLease  *lease,
           gint64                  now_us,
           GError                **error)
{
  g_autoptr(JsonObject) data = json_object_new ();
  LimnServerSettings settings;
  gint64 expires;

  if (!limn_server_projects_read_settings (txn, lease->project_id, &settings, error))
    return FALSE;

  expires = now_us + settings.lease_seconds * G_USEC_PER_SEC;
  if (!txn->store->set_lease_rework (txn, lease->id, TRUE, expires, error))
    return FALSE;

  json_object_set_string_member (data, "task_id", lease->task_id);
  json_object_set_string_member (data, "assignment_id", lease->id);
  json_object_set_int_member (data, "lease_expires_us", expires);
  json_object_set_boolean_member (data, "rework", TRUE);
  return limn_server_changes_add (txn, lease->annotator, lease->project_id, "assignment", data,
                                  now_us, error);
}

gboolean
limn_server_review_apply_verdict (LimnServerTxn              *txn,
                                  const LimnServerPrincipal  *principal,
                                  LimnBatchItem              *item,
                                  gint64                      now_us,
                                  GError                    **error)
{
  g_autoptr(LimnServerReviewItem) ri = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(LimnServerLease) lease = NULL;
  g_autoptr(LimnServerReview) review = NULL;
  LimnServerAnnotation *reviewed;
  const char *conflict = NULL;
  gint64 level;

  if (principal->role == LIMN_SERVER_ROLE_ANNOTATOR)
    {
      limn_batch_item_reject (item, _("only reviewers give verdicts"));
      return TRUE;
    }

  if (!txn->store->get_review_item (txn, item->review_item_id, &ri, error))
    return FALSE;
  /* Another project's item reads as none at all. */
  if (ri == NULL ||
      (principal->project_id != NULL && g_strcmp0 (principal->project_id, ri->project_id) != 0))
    {
      limn_batch_item_reject (item, _("there is no such review item"));
      return TRUE;
    }

  if (!limn_server_review_caller_level (txn, principal, ri->project_id, &level, error))
    return FALSE;
  if (level < ri->min_level)
    {
      limn_batch_item_reject (item, _("this item is for senior reviewers"));
      return TRUE;
    }

  annotations = txn->store->list_task_annotations (txn, ri->task_id, error);
  if (annotations == NULL)
    return FALSE;
  reviewed = find_annotation (annotations, item->annotation_id);
  if (reviewed == NULL || g_strcmp0 (reviewed->state, "submitted") != 0)
    {
      limn_batch_item_reject (item, _("the annotation is not a submitted revision of this task"));
      return TRUE;
    }

  if (g_strcmp0 (item->verdict, "correct") == 0)
    {
      g_autofree char *owner = NULL;

      if (!txn->store->lookup_item_owner (txn, LIMN_BATCH_ITEM_ANNOTATION, item->correction_id,
                                          &owner, error))
        return FALSE;
      if (owner != NULL)
        {
          limn_batch_item_reject (item, _("the correction’s id is already used"));
          return TRUE;
        }
    }

  if (!txn->store->lookup_assignment (txn, ri->task_id, reviewed->annotator, &lease, error))
    return FALSE;
  if (lease == NULL)
    {
      limn_batch_item_reject (item, _("the annotation is not a submitted revision of this task"));
      return TRUE;
    }

  /* Someone else got there first: the verdict is kept, not acted on. */
  if (ri->state == LIMN_SERVER_REVIEW_DECIDED)
    conflict = _("the item was decided meanwhile");
  else if (ri->state == LIMN_SERVER_REVIEW_LEASED && ri->lease_expires_us > now_us &&
           g_strcmp0 (ri->holder, principal->user_id) != 0)
    conflict = _("the item is leased by another reviewer");

  review = limn_server_review_new ();
  review->id = g_strdup (item->id);
  review->item_id = g_strdup (ri->id);
  review->task_id = g_strdup (ri->task_id);
  review->reviewer = g_strdup (principal->user_id);
  review->annotation_id = g_strdup (reviewed->id);
  review->verdict = g_strdup (item->verdict);
  review->reason_code = g_strdup (item->reason_code);
  review->comment = g_strdup (item->comment ? item->comment : "");
  review->correction_id = conflict == NULL ? g_strdup (item->correction_id) : NULL;
  review->conflicted = conflict != NULL;
  review->active_ms = item->active_ms;
  review->created_us = item->created_us > 0 ? item->created_us : now_us;
  review->received_us = now_us;
  read_comments (item->comments, review->comments);

  if (conflict != NULL)
    {
      set_conflict (item, conflict);
      return txn->store->insert_review (txn, review, error);
    }

  /* The correction first: the review refers to it. */
  if (review->correction_id != NULL &&
      !store_correction (txn, principal, item, reviewed, lease, now_us, error))
    return FALSE;
  if (!txn->store->insert_review (txn, review, error))
    return FALSE;

  if (g_str_equal (item->verdict, "send_back"))
    {
      if (!limn_server_review_send_back (txn, lease, now_us, error))
        return FALSE;
    }
  else if (!txn->store->set_lease_state (txn, lease->id, LIMN_SERVER_LEASE_ACCEPTED, now_us, error))
    return FALSE;

  ri->state = LIMN_SERVER_REVIEW_DECIDED;
  ri->decided_us = now_us;
  g_free (ri->holder);
  ri->holder = g_strdup (principal->user_id);
  g_free (ri->annotation_id);
  ri->annotation_id = g_strdup (reviewed->id);
  if (!txn->store->update_review_item (txn, ri, error) ||
      !write_review_change (txn, principal, review, reviewed, item, now_us, error))
    return FALSE;

  item->status = LIMN_BATCH_APPLIED;
  return TRUE;
}

/* Whether the task was ever sent back. */
static gboolean
was_sent_back (LimnServerTxn  *txn,
               const char     *task_id,
               gboolean       *sent_back,
               GError        **error)
{
  g_autoptr(GPtrArray) reviews = txn->store->list_task_reviews (txn, task_id, error);

  *sent_back = FALSE;
  if (reviews == NULL)
    return FALSE;
  for (guint i = 0; i < reviews->len; i++)
    {
      LimnServerReview *r = g_ptr_array_index (reviews, i);

      if (!r->conflicted && g_strcmp0 (r->verdict, "send_back") == 0)
        *sent_back = TRUE;
    }
  return TRUE;
}

gboolean
limn_server_review_apply_message (LimnServerTxn              *txn,
                                  const LimnServerPrincipal  *principal,
                                  LimnBatchItem              *item,
                                  gint64                      now_us,
                                  GError                    **error)
{
  g_autoptr(LimnServerFlag) flag = NULL;
  g_autoptr(GPtrArray) recipients = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) data = json_object_new ();
  LimnServerMessage message = { 0 };
  gboolean from_annotator;
  const char *state;

  if (!txn->store->get_flag (txn, item->thread_id, &flag, error))
    return FALSE;

  from_annotator = principal->role == LIMN_SERVER_ROLE_ANNOTATOR;
  /* Threads of other projects, and for an annotator those of others,
   * read as none at all. */
  if (flag == NULL ||
      (principal->project_id != NULL && g_strcmp0 (principal->project_id, flag->project_id) != 0) ||
      (from_annotator && g_strcmp0 (flag->user_id, principal->user_id) != 0))
    {
      limn_batch_item_reject (item, _("there is no such thread"));
      return TRUE;
    }

  if (from_annotator)
    {
      g_autoptr(GPtrArray) messages = NULL;

      /* A reply of the annotator reopens the thread, unless they close it;
       * it reaches the reviewers who wrote in it. */
      state = g_strcmp0 (item->thread_state, "closed") == 0 ? "closed" : "open";
      messages = txn->store->list_messages (txn, flag->project_id, flag->id, error);
      if (messages == NULL)
        return FALSE;
      for (guint i = 0; i < messages->len; i++)
        {
          LimnServerMessage *m = g_ptr_array_index (messages, i);

          if (!g_str_equal (m->author, principal->user_id) &&
              !g_ptr_array_find_with_equal_func (recipients, m->author, g_str_equal, NULL))
            g_ptr_array_add (recipients, g_strdup (m->author));
        }
    }
  else
    {
      state = item->thread_state != NULL ? item->thread_state : "answered";
      g_ptr_array_add (recipients, g_strdup (flag->user_id));
    }

  message.id = item->id;
  message.thread_id = flag->id;
  message.author = principal->user_id;
  message.body = item->body;
  message.created_us = item->created_us > 0 ? item->created_us : now_us;
  message.received_us = now_us;
  if (!txn->store->insert_message (txn, &message, error) ||
      !txn->store->set_flag_state (txn, flag->id, state, error))
    return FALSE;

  json_object_set_string_member (data, "thread_id", flag->id);
  json_object_set_string_member (data, "task_id", flag->task_id);
  json_object_set_string_member (data, "id", item->id);
  json_object_set_string_member (data, "author", principal->user_name);
  json_object_set_string_member (data, "body", item->body);
  json_object_set_int_member (data, "created_us", message.created_us);
  json_object_set_string_member (data, "state", state);
  for (guint i = 0; i < recipients->len; i++)
    if (!limn_server_changes_add (txn, g_ptr_array_index (recipients, i), flag->project_id,
                                  "message", data, now_us, error))
      return FALSE;

  /* An annotator answering back about a task that was sent back
   * disputes the verdict: a senior reviewer looks again. */
  if (from_annotator && !g_str_equal (state, "closed"))
    {
      gboolean sent_back;

      if (!was_sent_back (txn, flag->task_id, &sent_back, error))
        return FALSE;
      if (sent_back && !limn_server_review_queue_enter (txn, flag->project_id, flag->task_id, NULL,
                                                        LIMN_REVIEW_DISPUTED, 2, now_us, error))
        return FALSE;
    }

  item->status = LIMN_BATCH_APPLIED;
  return TRUE;
}

gboolean
limn_server_review_apply_ack (LimnServerTxn              *txn,
                              const LimnServerPrincipal  *principal,
                              LimnBatchItem              *item,
                              gint64                      now_us,
                              GError                    **error)
{
  gint64 latest = 0;
  gboolean inserted = FALSE;

  if (!txn->store->latest_guideline_version (txn, item->project_id, &latest, error))
    return FALSE;
  if (item->version < 1 || item->version > latest)
    {
      limn_batch_item_reject (item, _("there is no such guideline version"));
      return TRUE;
    }

  if (!txn->store->insert_guideline_ack (txn, item->project_id, principal->user_id, item->version,
                                         now_us, &inserted, error))
    return FALSE;

  item->status = inserted ? LIMN_BATCH_APPLIED : LIMN_BATCH_DUPLICATE;
  return TRUE;
}

gboolean
limn_server_review_apply_note (LimnServerTxn              *txn,
                               const LimnServerPrincipal  *principal,
                               LimnBatchItem              *item,
                               gint64                      now_us,
                               GError                    **error)
{
  g_autofree char *annotator = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(JsonObject) data = json_object_new ();
  LimnServerNote note = { 0 };

  if (principal->role == LIMN_SERVER_ROLE_ANNOTATOR)
    {
      limn_batch_item_reject (item, _("only reviewers write coaching notes"));
      return TRUE;
    }

  if (!txn->store->lookup_user (txn, item->annotator, &annotator, error))
    return FALSE;
  members = annotator ? txn->store->list_project_members (txn, item->project_id, error)
                      : g_ptr_array_new_with_free_func (g_free);
  if (members == NULL)
    return FALSE;
  if (annotator == NULL || !g_ptr_array_find_with_equal_func (members, annotator, g_str_equal, NULL))
    {
      limn_batch_item_reject (item, _("there is no such annotator in the project"));
      return TRUE;
    }

  note.id = item->id;
  note.project_id = item->project_id;
  note.annotator = annotator;
  note.author = principal->user_id;
  note.body = item->body;
  note.created_us = item->created_us > 0 ? item->created_us : now_us;
  if (!txn->store->insert_note (txn, &note, error))
    return FALSE;

  json_object_set_string_member (data, "id", item->id);
  json_object_set_string_member (data, "author", principal->user_name);
  json_object_set_string_member (data, "body", item->body);
  json_object_set_int_member (data, "created_us", note.created_us);
  if (!limn_server_changes_add (txn, annotator, item->project_id, "note", data, now_us, error))
    return FALSE;

  item->status = LIMN_BATCH_APPLIED;
  return TRUE;
}
