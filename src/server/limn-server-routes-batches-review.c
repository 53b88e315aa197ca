/* limn-server-routes-batches-review.c
 *
 * The shape and content checks of the batch items of review and feedback
 * (docs/review.md): review (a verdict, its pinned comments and, for
 * `correct`, the reviewer's regions checked like an annotation's),
 * message, ack and note. What needs the store (roles against items,
 * leases, levels) is limn-server-review-items.c's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "json/limn-json-reader.h"
#include "json/limn-json-writer.h"
#include "limn-server-limits.h"
#include "limn-server-review.h"
#include "limn-server-routes-batches-private.h"
#include "limn-server-tasks.h"

#define MAX_COMMENTS 1000

static const char * const verdicts[] = { "accept", "correct", "send_back", NULL };
static const char * const reason_codes[] = {
  "missed_object", "wrong_label", "loose_box", "wrong_span", "guideline", "other", NULL,
};

static gboolean
range_error (GError     **error,
             const char  *message)
{
  g_set_error_literal (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_RANGE, message);
  return FALSE;
}

/* The task of review item @item_id when it lies in the caller's project,
 * loaded into the batch's tasks. */
static LimnServerTask *
review_item_task (BatchContext  *ctx,
                  const char    *item_id,
                  GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *task_id = limn_server_review_item_task (ctx->backend, item_id, &local_error);
  LimnServerTask *task;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (task_id != NULL && !g_hash_table_contains (ctx->tasks, task_id))
    {
      const char *ids[] = { task_id, NULL };
      g_autoptr(GHashTable) tasks = limn_server_tasks_get (ctx->backend, ids, error);
      gpointer key, value;

      if (tasks == NULL)
        return NULL;
      if (g_hash_table_steal_extended (tasks, task_id, &key, &value))
        g_hash_table_insert (ctx->tasks, key, value);
    }

  task = task_id != NULL ? limn_batch_caller_task (ctx, task_id) : NULL;
  if (task == NULL)
    range_error (error, _("there is no such review item"));
  return task;
}

static gboolean
check_comments (JsonArray      *comments,
                LimnBatchItem  *item,
                GError        **error)
{
  g_autoptr(JsonArray) out = json_array_new ();

  for (guint i = 0; comments != NULL && i < json_array_get_length (comments); i++)
    {
      g_autofree char *where = g_strdup_printf ("comments[%u]", i);
      JsonObject *c = limn_json_reader_get_element_object (comments, i, where, error);
      const char *id = NULL, *region_id = NULL, *body = NULL;
      JsonObject *o;

      if (c == NULL ||
          !limn_json_reader_get_uuid (c, "id", LIMN_JSON_READER_REQUIRED, &id, where, error) ||
          !limn_json_reader_get_string (c, "region_id", LIMN_JSON_READER_OPTIONAL, 128,
                                        &region_id, where, error) ||
          !limn_json_reader_get_string (c, "body", LIMN_JSON_READER_REQUIRED,
                                        LIMN_SERVER_MAX_TEXT_FIELD, &body, where, error))
        return FALSE;

      o = json_object_new ();
      json_object_set_string_member (o, "id", id);
      if (region_id != NULL)
        json_object_set_string_member (o, "region_id", region_id);
      else
        json_object_set_null_member (o, "region_id");
      json_object_set_string_member (o, "body", body);
      json_array_add_object_element (out, o);
    }

  item->comments = limn_json_writer_array_to_string (out);
  return TRUE;
}

static gboolean
check_correction (BatchContext   *ctx,
                  JsonObject     *correction,
                  LimnBatchItem  *item,
                  GError        **error)
{
  const char *id = NULL;
  JsonArray *regions = NULL;
  g_autoptr(JsonArray) canonical = NULL;
  LimnServerTask *task;

  if (!limn_json_reader_get_uuid (correction, "id", LIMN_JSON_READER_REQUIRED, &id,
                                  "correction", error) ||
      !limn_json_reader_get_array (correction, "regions", LIMN_JSON_READER_REQUIRED, 0, &regions,
                                   "correction", error) ||
      !limn_json_reader_get_whole (correction, "active_ms", LIMN_JSON_READER_OPTIONAL, 0,
                                   G_MAXINT64, &item->correction_active_ms, "correction", error) ||
      !limn_json_reader_get_whole (correction, "wall_ms", LIMN_JSON_READER_OPTIONAL, 0,
                                   G_MAXINT64, &item->correction_wall_ms, "correction", error))
    return FALSE;

  task = review_item_task (ctx, item->review_item_id, error);
  if (task == NULL)
    return FALSE;

  canonical = limn_batch_check_regions (ctx, task, regions, error);
  if (canonical == NULL)
    return FALSE;

  item->correction_id = g_strdup (id);
  item->correction_region_count = json_array_get_length (canonical);
  item->correction_regions = limn_json_writer_array_to_string (canonical);
  return TRUE;
}

gboolean
limn_batch_check_review (BatchContext   *ctx,
                         JsonObject     *obj,
                         LimnBatchItem  *item,
                         GError        **error)
{
  const char *item_id = NULL, *annotation_id = NULL, *verdict = NULL, *reason_code = NULL;
  const char *comment = NULL;
  JsonArray *comments = NULL;
  JsonObject *correction = NULL;

  if (!limn_json_reader_get_uuid (obj, "item_id", LIMN_JSON_READER_REQUIRED, &item_id,
                                  NULL, error) ||
      !limn_json_reader_get_uuid (obj, "annotation_id", LIMN_JSON_READER_REQUIRED, &annotation_id,
                                  NULL, error) ||
      !limn_json_reader_get_string (obj, "verdict", LIMN_JSON_READER_REQUIRED, 16, &verdict,
                                    NULL, error) ||
      !limn_json_reader_get_string (obj, "reason_code", LIMN_JSON_READER_OPTIONAL, 32,
                                    &reason_code, NULL, error) ||
      !limn_json_reader_get_string (obj, "comment", LIMN_JSON_READER_OPTIONAL,
                                    LIMN_SERVER_MAX_TEXT_FIELD, &comment, NULL, error) ||
      !limn_json_reader_get_array (obj, "comments", LIMN_JSON_READER_OPTIONAL, MAX_COMMENTS,
                                   &comments, NULL, error) ||
      !limn_json_reader_get_object (obj, "correction", LIMN_JSON_READER_OPTIONAL, &correction,
                                    NULL, error) ||
      !limn_json_reader_get_whole (obj, "active_ms", LIMN_JSON_READER_OPTIONAL, 0, G_MAXINT64,
                                   &item->active_ms, NULL, error) ||
      !limn_json_reader_get_whole (obj, "created_us", LIMN_JSON_READER_OPTIONAL, 0, G_MAXINT64,
                                   &item->created_us, NULL, error))
    return FALSE;

  if (!g_strv_contains (verdicts, verdict))
    return range_error (error, _("verdict: must be accept, correct or send_back"));
  if (reason_code != NULL && !g_strv_contains (reason_codes, reason_code))
    return range_error (error, _("reason_code: must be missed_object, wrong_label, loose_box, "
                                 "wrong_span, guideline or other"));
  if (g_str_equal (verdict, "send_back") && reason_code == NULL)
    return range_error (error, _("reason_code: a send_back needs one"));
  if (g_str_equal (verdict, "correct") != (correction != NULL))
    return range_error (error, _("correction: given with correct, and only then"));

  item->review_item_id = g_strdup (item_id);
  item->annotation_id = g_strdup (annotation_id);
  item->verdict = g_strdup (verdict);
  item->reason_code = g_strdup (reason_code);
  item->comment = g_strdup (comment ? comment : "");

  if (!check_comments (comments, item, error))
    return FALSE;

  return correction == NULL || check_correction (ctx, correction, item, error);
}

gboolean
limn_batch_check_message (BatchContext   *ctx,
                          JsonObject     *obj,
                          LimnBatchItem  *item,
                          GError        **error)
{
  const char *thread_id = NULL, *body = NULL, *state = NULL;

  if (!limn_json_reader_get_uuid (obj, "thread_id", LIMN_JSON_READER_REQUIRED, &thread_id,
                                  NULL, error) ||
      !limn_json_reader_get_string (obj, "body", LIMN_JSON_READER_REQUIRED,
                                    LIMN_SERVER_MAX_TEXT_FIELD, &body, NULL, error) ||
      !limn_json_reader_get_string (obj, "state", LIMN_JSON_READER_OPTIONAL, 16, &state,
                                    NULL, error) ||
      !limn_json_reader_get_whole (obj, "created_us", LIMN_JSON_READER_OPTIONAL, 0, G_MAXINT64,
                                   &item->created_us, NULL, error))
    return FALSE;

  if (state != NULL && !g_str_equal (state, "answered") && !g_str_equal (state, "closed"))
    return range_error (error, _("state: must be answered or closed"));

  item->thread_id = g_strdup (thread_id);
  item->body = g_strdup (body);
  item->thread_state = g_strdup (state);
  return TRUE;
}

/* A project id the caller may write to: its token's, or for the server
 * admin one that exists. */
static gboolean
check_item_project (BatchContext   *ctx,
                    const char     *project_id,
                    LimnBatchItem  *item,
                    GError        **error)
{
  if (project_id == NULL)
    project_id = ctx->principal->project_id;

  if (project_id == NULL ||
      (ctx->principal->project_id != NULL && !g_str_equal (ctx->principal->project_id, project_id)) ||
      (ctx->principal->project_id == NULL && limn_batch_labels_for (ctx, project_id, NULL) == NULL))
    return range_error (error, _("project_id: not your project"));

  item->project_id = g_strdup (project_id);
  return TRUE;
}

gboolean
limn_batch_check_ack (BatchContext   *ctx,
                      JsonObject     *obj,
                      LimnBatchItem  *item,
                      GError        **error)
{
  const char *project_id = NULL;

  if (!limn_json_reader_get_uuid (obj, "project_id", LIMN_JSON_READER_REQUIRED, &project_id,
                                  NULL, error) ||
      !limn_json_reader_get_whole (obj, "version", LIMN_JSON_READER_REQUIRED, 1, G_MAXINT32,
                                   &item->version, NULL, error))
    return FALSE;

  return check_item_project (ctx, project_id, item, error);
}

gboolean
limn_batch_check_note (BatchContext   *ctx,
                       JsonObject     *obj,
                       LimnBatchItem  *item,
                       GError        **error)
{
  const char *project_id = NULL, *annotator = NULL, *body = NULL;

  if (!limn_json_reader_get_uuid (obj, "project_id", LIMN_JSON_READER_OPTIONAL, &project_id,
                                  NULL, error) ||
      !limn_json_reader_get_string (obj, "annotator", LIMN_JSON_READER_REQUIRED, 256, &annotator,
                                    NULL, error) ||
      !limn_json_reader_get_string (obj, "body", LIMN_JSON_READER_REQUIRED,
                                    LIMN_SERVER_MAX_TEXT_FIELD, &body, NULL, error) ||
      !limn_json_reader_get_whole (obj, "created_us", LIMN_JSON_READER_OPTIONAL, 0, G_MAXINT64,
                                   &item->created_us, NULL, error))
    return FALSE;

  item->annotator = g_strdup (annotator);
  item->body = g_strdup (body);
  return check_item_project (ctx, project_id, item, error);
}
