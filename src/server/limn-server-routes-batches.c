/* limn-server-routes-batches.c
 *
 * POST /api/v1/batches: the idempotency key, the shape and content checks
 * of every item (types, sizes, labels, geometry, offsets), then one call to
 * the batch rules (limn-server-batches.c), which apply the items and store
 * the answer together.
 *
 * Two ways to read a body, one verdict. Events are most of the traffic, so
 * a body that is strict JSON is read with LimnJsonScan, and an event item
 * that passes every check there is taken from the scan without a tree; its
 * payload is kept as the bytes the client sent. Every other item (an
 * annotation, a flag, an event with anything to refuse or anything
 * unusual) is parsed alone with json-glib and checked by the same code as
 * before, so refusals and their reasons do not depend on the path. A body
 * the scanner refuses (not JSON, or JSON only json-glib accepts) goes
 * entirely the json-glib way, as it always did.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "json/limn-json-scan.h"
#include "json/limn-json-writer.h"
#include "json/limn-json-reader.h"
#include "limn-server-batches.h"
#include "limn-server-guardrails.h"
#include "limn-server-projects.h"
#include "limn-server-request.h"
#include "limn-server-routes.h"
#include "limn-server-routes-batches-private.h"
#include "limn-server-tasks.h"
#include "limn-server-validate.h"
#include "model/limn-id.h"

#define MAX_ID_ECHO 128

static void
batch_context_clear (BatchContext *ctx)
{
  g_clear_pointer (&ctx->tasks, g_hash_table_unref);
  g_clear_pointer (&ctx->projects, g_hash_table_unref);
  g_clear_pointer (&ctx->label_sets, g_hash_table_unref);
  g_clear_pointer (&ctx->indexes, g_hash_table_unref);
  g_clear_pointer (&ctx->guardrails, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (BatchContext, batch_context_clear)

gboolean
limn_batch_valid_word (const char *s,
                       gsize       max)
{
  gsize len = strlen (s);

  if (len == 0 || len > max)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (s[i]) && s[i] != '_' && s[i] != '-' && s[i] != '.')
      return FALSE;

  return TRUE;
}

/* A project's labels, loaded once per batch. NULL when the project does
 * not exist. */
GHashTable *
limn_batch_labels_for (BatchContext  *ctx,
            const char    *project_id,
            GError       **error)
{
  GHashTable *set = g_hash_table_lookup (ctx->label_sets, project_id);
  g_autoptr(LimnServerProject) project = NULL;
  g_autoptr(GError) local_error = NULL;
  LimnGuardrails *rules;

  if (set != NULL)
    return set;

  project = limn_server_projects_get (ctx->backend, project_id, &local_error);
  if (project == NULL)
    {
      if (!g_error_matches (local_error, LIMN_SERVER_BACKEND_ERROR,
                            LIMN_SERVER_BACKEND_ERROR_NOT_FOUND))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  set = limn_server_label_set (project);
  g_hash_table_insert (ctx->label_sets, g_strdup (project_id), set);

  /* The project's guardrails with it, once per batch. Rules this server
   * cannot read (written by a newer one) check nothing rather than refuse
   * every answer. */
  rules = limn_server_guardrails_for (project, &local_error);
  if (local_error != NULL)
    g_warning ("Project %s: guardrails not applied: %s", project_id, local_error->message);
  g_hash_table_insert (ctx->guardrails, g_strdup (project_id), rules);

  return set;
}

/* The task, if it exists and lies in the caller's project. Anything else
 * reads the same to the caller, so ids of other projects give nothing away. */
LimnServerTask *
limn_batch_caller_task (BatchContext *ctx,
             const char   *task_id)
{
  LimnServerTask *task = g_hash_table_lookup (ctx->tasks, task_id);

  if (task == NULL)
    return NULL;
  if (ctx->principal->project_id != NULL &&
      g_strcmp0 (ctx->principal->project_id, task->project_id) != 0)
    return NULL;

  return task;
}

static gboolean
check_event (BatchContext   *ctx,
             JsonObject     *obj,
             LimnBatchItem  *item,
             GError        **error)
{
  const char *session_id = NULL, *project_id = NULL, *task_id = NULL, *type = NULL;
  JsonObject *payload = NULL;
  gint64 wall_us = 0, mono_us = 0;

  if (!limn_json_reader_get_uuid (obj, "session_id", LIMN_JSON_READER_REQUIRED, &session_id,
                                  NULL, error) ||
      !limn_json_reader_get_uuid (obj, "project_id", LIMN_JSON_READER_REQUIRED, &project_id,
                                  NULL, error) ||
      !limn_json_reader_get_uuid (obj, "task_id", LIMN_JSON_READER_OPTIONAL, &task_id,
                                  NULL, error) ||
      !limn_json_reader_get_string (obj, "type", LIMN_JSON_READER_REQUIRED, 64, &type,
                                    NULL, error) ||
      !limn_json_reader_get_whole (obj, "wall_us", LIMN_JSON_READER_REQUIRED, 0, G_MAXINT64,
                                   &wall_us, NULL, error) ||
      !limn_json_reader_get_whole (obj, "mono_us", LIMN_JSON_READER_REQUIRED,
                                   G_MININT64, G_MAXINT64, &mono_us, NULL, error) ||
      !limn_json_reader_get_object (obj, "payload", LIMN_JSON_READER_OPTIONAL, &payload,
                                    NULL, error))
    return FALSE;

  if (!limn_batch_valid_word (type, 64))
    {
      g_set_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_RANGE,
                   _("type: letters, digits, “_”, “-” and “.” only"));
      return FALSE;
    }

  /* A project token writes to its project; the server admin to any that
   * exists. */
  if ((ctx->principal->project_id != NULL && !g_str_equal (ctx->principal->project_id, project_id)) ||
      (ctx->principal->project_id == NULL && limn_batch_labels_for (ctx, project_id, NULL) == NULL))
    {
      g_set_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_RANGE,
                   _("project_id: not your project"));
      return FALSE;
    }

  if (task_id != NULL)
    {
      LimnServerTask *task = limn_batch_caller_task (ctx, task_id);

      if (task == NULL || !g_str_equal (task->project_id, project_id))
        {
          g_set_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_RANGE,
                       _("the task is not assigned to you"));
          return FALSE;
        }
    }

  item->session_id = g_strdup (session_id);
  item->project_id = g_strdup (project_id);
  item->task_id = g_strdup (task_id);
  item->type = g_strdup (type);
  item->wall_us = wall_us;
  item->mono_us = mono_us;
  if (payload != NULL)
    {
      /* Not json-glib's generator, which writes 1e+20 as "1e+20.0": a
       * payload stored that no reader takes back. */
      item->payload = limn_json_writer_object_to_string (payload);
      if (strlen (item->payload) > LIMN_SERVER_MAX_PAYLOAD)
        {
          g_set_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_RANGE,
                       _("payload: larger than 64 KiB"));
          return FALSE;
        }
    }

  return TRUE;
}

JsonArray *
limn_batch_check_regions (BatchContext          *ctx,
                          const LimnServerTask  *task,
                          JsonArray             *regions,
                          GError               **error)
{
  LimnTextIndex *index = NULL;
  GHashTable *labels;

  labels = limn_batch_labels_for (ctx, task->project_id, error);
  if (labels == NULL)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_RANGE,
                     _("the task is not assigned to you"));
      return NULL;
    }

  if (g_str_equal (task->kind, "text"))
    {
      index = g_hash_table_lookup (ctx->indexes, task->id);
      if (index == NULL)
        {
          index = limn_text_index_new (task->text ? task->text : "", -1, error);
          if (index == NULL)
            return NULL;
          g_hash_table_insert (ctx->indexes, g_strdup (task->id), index);
        }
    }

  return limn_server_check_regions (regions, task, labels, index, error);
}

static gboolean
check_annotation (BatchContext   *ctx,
                  JsonObject     *obj,
                  LimnBatchItem  *item,
                  GError        **error)
{
  const char *task_id = NULL, *parent_id = NULL;
  JsonArray *regions = NULL, *rejected = NULL;
  g_autoptr(JsonArray) canonical = NULL;
  g_autoptr(JsonArray) rejected_out = json_array_new ();
  LimnServerTask *task;
  LimnGuardrails *rules;
  gint64 now = g_get_real_time ();

  item->created_us = now;
  item->submitted_us = now;

  if (!limn_json_reader_get_uuid (obj, "task_id", LIMN_JSON_READER_REQUIRED, &task_id,
                                  NULL, error) ||
      !limn_json_reader_get_whole (obj, "revision", LIMN_JSON_READER_REQUIRED, 1, G_MAXINT32,
                                   &item->revision, NULL, error) ||
      !limn_json_reader_get_uuid (obj, "parent_id", LIMN_JSON_READER_OPTIONAL, &parent_id,
                                  NULL, error) ||
      !limn_json_reader_get_whole (obj, "guideline_version", LIMN_JSON_READER_OPTIONAL,
                                   0, G_MAXINT32, &item->guideline_version, NULL, error) ||
      !limn_json_reader_get_double (obj, "confidence", LIMN_JSON_READER_OPTIONAL, 0, 1,
                                    &item->confidence, NULL, error) ||
      !limn_json_reader_get_whole (obj, "active_ms", LIMN_JSON_READER_OPTIONAL, 0, G_MAXINT64,
                                   &item->active_ms, NULL, error) ||
      !limn_json_reader_get_whole (obj, "wall_ms", LIMN_JSON_READER_OPTIONAL, 0, G_MAXINT64,
                                   &item->wall_ms, NULL, error) ||
      !limn_json_reader_get_whole (obj, "created_us", LIMN_JSON_READER_OPTIONAL, 0, G_MAXINT64,
                                   &item->created_us, NULL, error) ||
      !limn_json_reader_get_whole (obj, "submitted_us", LIMN_JSON_READER_OPTIONAL, 0, G_MAXINT64,
                                   &item->submitted_us, NULL, error) ||
      !limn_json_reader_get_array (obj, "regions", LIMN_JSON_READER_REQUIRED, 0, &regions,
                                   NULL, error) ||
      !limn_json_reader_get_array (obj, "rejected_suggestions", LIMN_JSON_READER_OPTIONAL,
                                   0, &rejected, NULL, error))
    return FALSE;

  task = limn_batch_caller_task (ctx, task_id);
  if (task == NULL)
    {
      g_set_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_RANGE,
                   _("the task is not assigned to you"));
      return FALSE;
    }

  canonical = limn_batch_check_regions (ctx, task, regions, error);
  if (canonical == NULL)
    return FALSE;

  /* Decided after the id and lease checks (limn-server-batches.c), so a
   * resent answer stays a duplicate even if the rules changed since. */
  rules = g_hash_table_lookup (ctx->guardrails, task->project_id);
  if (rules != NULL)
    item->blocked_by = limn_server_guardrails_blocked (rules, task,
                                                       g_hash_table_lookup (ctx->indexes, task->id),
                                                       canonical);

  for (guint i = 0; rejected != NULL && i < json_array_get_length (rejected); i++)
    {
      JsonNode *node = json_array_get_element (rejected, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          !limn_id_is_uuid (json_node_get_string (node)) || i >= LIMN_SERVER_MAX_REGIONS)
        {
          g_set_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_TYPE,
                       _("rejected_suggestions: must be a list of suggestion ids"));
          return FALSE;
        }
      json_array_add_string_element (rejected_out, json_node_get_string (node));
    }

  item->task_id = g_strdup (task_id);
  item->project_id = g_strdup (task->project_id);
  item->parent_id = g_strdup (parent_id);
  item->region_count = json_array_get_length (canonical);
  item->regions = limn_json_writer_array_to_string (canonical);
  item->rejected_suggestions = limn_json_writer_array_to_string (rejected_out);

  return TRUE;
}

static gboolean
check_flag (BatchContext   *ctx,
            JsonObject     *obj,
            LimnBatchItem  *item,
            GError        **error)
{
  const char *task_id = NULL, *region_id = NULL, *category = NULL, *body = NULL;
  LimnServerTask *task;

  item->created_us = g_get_real_time ();

  if (!limn_json_reader_get_uuid (obj, "task_id", LIMN_JSON_READER_REQUIRED, &task_id,
                                  NULL, error) ||
      !limn_json_reader_get_uuid (obj, "region_id", LIMN_JSON_READER_OPTIONAL, &region_id,
                                  NULL, error) ||
      !limn_json_reader_get_string (obj, "category", LIMN_JSON_READER_REQUIRED, 64, &category,
                                    NULL, error) ||
      !limn_json_reader_get_string (obj, "body", LIMN_JSON_READER_REQUIRED,
                                    LIMN_SERVER_MAX_TEXT_FIELD, &body, NULL, error) ||
      !limn_json_reader_get_whole (obj, "created_us", LIMN_JSON_READER_OPTIONAL, 0, G_MAXINT64,
                                   &item->created_us, NULL, error))
    return FALSE;

  if (!limn_batch_valid_word (category, 64))
    {
      g_set_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_RANGE,
                   _("category: letters, digits, “_”, “-” and “.” only"));
      return FALSE;
    }

  task = limn_batch_caller_task (ctx, task_id);
  if (task == NULL)
    {
      g_set_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_RANGE,
                   _("the task is not assigned to you"));
      return FALSE;
    }

  item->task_id = g_strdup (task_id);
  item->project_id = g_strdup (task->project_id);
  item->region_id = g_strdup (region_id);
  item->category = g_strdup (category);
  item->body = g_strdup (body);

  return TRUE;
}

/* One item: its shape and content. A bad item is rejected on its own; the
 * rest of the batch goes on. Only a store failure fails the whole batch. */
static LimnBatchItem *
check_item (BatchContext  *ctx,
            JsonNode      *node,
            GError       **error)
{
  g_autoptr(GError) reason = NULL;
  LimnBatchItem *item;
  JsonObject *obj;
  const char *kind = NULL, *id = NULL;
  LimnBatchItemKind k;
  gboolean ok;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      item = limn_batch_item_new (LIMN_BATCH_ITEM_EVENT);
      limn_batch_item_reject (item, _("an item must be an object"));
      return item;
    }

  obj = json_node_get_object (node);

  /* Echo the id back when it is a sensible string, valid or not, so the
   * client can match the answer to what it sent. */
  {
    JsonNode *id_node = json_object_get_member (obj, "id");

    if (id_node != NULL && JSON_NODE_HOLDS_VALUE (id_node) &&
        json_node_get_value_type (id_node) == G_TYPE_STRING &&
        strlen (json_node_get_string (id_node)) <= MAX_ID_ECHO)
      id = json_node_get_string (id_node);
  }

  if (!limn_json_reader_get_string (obj, "kind", LIMN_JSON_READER_REQUIRED, 32, &kind,
                                    NULL, &reason))
    k = LIMN_BATCH_ITEM_EVENT;
  else if (g_str_equal (kind, "event"))
    k = LIMN_BATCH_ITEM_EVENT;
  else if (g_str_equal (kind, "annotation"))
    k = LIMN_BATCH_ITEM_ANNOTATION;
  else if (g_str_equal (kind, "flag"))
    k = LIMN_BATCH_ITEM_FLAG;
  else if (g_str_equal (kind, "review"))
    k = LIMN_BATCH_ITEM_REVIEW;
  else if (g_str_equal (kind, "message"))
    k = LIMN_BATCH_ITEM_MESSAGE;
  else if (g_str_equal (kind, "ack"))
    k = LIMN_BATCH_ITEM_ACK;
  else if (g_str_equal (kind, "note"))
    k = LIMN_BATCH_ITEM_NOTE;
  else
    {
      k = LIMN_BATCH_ITEM_EVENT;
      g_set_error (&reason, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_RANGE,
                   _("kind: must be event, annotation, flag, review, message, ack or note"));
    }

  item = limn_batch_item_new (k);
  item->id = g_strdup (id);

  if (reason == NULL && !limn_id_is_uuid (id))
    g_set_error (&reason, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_TYPE,
                 _("id: must be a lower-case UUID"));

  if (reason == NULL)
    {
      switch (k)
        {
        case LIMN_BATCH_ITEM_ANNOTATION:
          ok = check_annotation (ctx, obj, item, &reason);
          break;
        case LIMN_BATCH_ITEM_FLAG:
          ok = check_flag (ctx, obj, item, &reason);
          break;
        case LIMN_BATCH_ITEM_REVIEW:
          ok = limn_batch_check_review (ctx, obj, item, &reason);
          break;
        case LIMN_BATCH_ITEM_MESSAGE:
          ok = limn_batch_check_message (ctx, obj, item, &reason);
          break;
        case LIMN_BATCH_ITEM_ACK:
          ok = limn_batch_check_ack (ctx, obj, item, &reason);
          break;
        case LIMN_BATCH_ITEM_NOTE:
          ok = limn_batch_check_note (ctx, obj, item, &reason);
          break;
        case LIMN_BATCH_ITEM_EVENT:
        default:
          ok = check_event (ctx, obj, item, &reason);
          break;
        }

      if (!ok && reason == NULL)
        g_set_error (&reason, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_RANGE,
                     _("invalid item"));
    }

  if (reason != NULL)
    {
      /* Store failures are the batch's, not the item's. */
      if (reason->domain == LIMN_SERVER_BACKEND_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&reason));
          limn_batch_item_free (item);
          return NULL;
        }
      limn_batch_item_reject (item, reason->message);
    }

  return item;
}

/* The fast path */

/* Whether @s (@len bytes, no NUL) is a lower-case UUID. */
static gboolean
is_uuid_len (const char *s,
             gsize       len)
{
  return len == 36 && limn_id_is_uuid (s);
}

/* The most bytes check_event() can write for the payload that spans @raw
 * (@len bytes, checked by the scan) holding @n_numbers numbers. Compact
 * output never lengthens anything but a number (a double is at most 40
 * characters as json-glib writes it, fewer as limn_json_writer does) and
 * a raw U+007F, which becomes "\u007f"; spaces, escapes and repeated
 * members only shrink. So an event whose bound is within the limit
 * would have passed check_event()'s size check, and one past it is left
 * to that check. */
static gsize
payload_bound (const char *raw,
               gsize       len,
               guint       n_numbers)
{
  gsize bound = len + 40 * (gsize)n_numbers;

  for (const char *p = memchr (raw, 0x7f, len); p != NULL;
       p = memchr (p + 1, 0x7f, len - (p + 1 - raw)))
    bound += 5;

  return bound;
}

/* An event item read straight from the scan, when it is one that
 * check_item() would accept as it is; %NULL for anything else (another
 * kind, a member missing, repeated or of the wrong type, a value out of
 * range, an id not the caller's to use), which then goes through
 * check_item() for its verdict and reason. */
static LimnBatchItem *
fast_event (BatchContext *ctx,
            LimnJsonScan *scan,
            guint         object)
{
  enum { ID, KIND, SESSION, PROJECT, TASK, TYPE, WALL, MONO, PAYLOAD, N_MEMBERS };
  static const char * const names[N_MEMBERS] = {
    "id", "kind", "session_id", "project_id", "task_id", "type", "wall_us", "mono_us", "payload",
  };
  static const gsize name_len[N_MEMBERS] = { 2, 4, 10, 10, 7, 4, 7, 7, 7 };
  guint member[N_MEMBERS];
  const char *str[N_MEMBERS] = { NULL };
  gsize len[N_MEMBERS] = { 0 };
  gint64 wall_us, mono_us;
  LimnBatchItem *item;

  if (limn_json_scan_get_type (scan, object) != LIMN_JSON_SCAN_OBJECT)
    return NULL;

  for (guint m = 0; m < N_MEMBERS; m++)
    member[m] = LIMN_JSON_SCAN_NONE;

  for (guint key = limn_json_scan_first (scan, object); key != LIMN_JSON_SCAN_NONE;)
    {
      guint value = limn_json_scan_next (scan, key);
      gsize key_len;
      const char *key_str = limn_json_scan_get_string (scan, key, &key_len);

      for (guint m = 0; m < N_MEMBERS; m++)
        if (key_len == name_len[m] && memcmp (key_str, names[m], key_len) == 0)
          {
            if (member[m] != LIMN_JSON_SCAN_NONE)
              return NULL;
            member[m] = value;
            break;
          }
      key = limn_json_scan_next (scan, value);
    }

  /* Strings; task_id and payload may be absent or null. */
  for (guint m = ID; m <= TYPE; m++)
    {
      if (m == TASK && (member[m] == LIMN_JSON_SCAN_NONE ||
                        limn_json_scan_get_type (scan, member[m]) == LIMN_JSON_SCAN_NULL))
        continue;
      str[m] = limn_json_scan_get_string (scan, member[m], &len[m]);
      if (str[m] == NULL)
        return NULL;
    }

  if (!g_str_equal (str[KIND], "event") ||
      !is_uuid_len (str[ID], len[ID]) ||
      !is_uuid_len (str[SESSION], len[SESSION]) ||
      !is_uuid_len (str[PROJECT], len[PROJECT]) ||
      (str[TASK] != NULL && !is_uuid_len (str[TASK], len[TASK])) ||
      !limn_batch_valid_word (str[TYPE], 64) ||
      !limn_json_scan_get_int64 (scan, member[WALL], &wall_us) || wall_us < 0 ||
      !limn_json_scan_get_int64 (scan, member[MONO], &mono_us))
    return NULL;

  if (member[PAYLOAD] != LIMN_JSON_SCAN_NONE)
    {
      LimnJsonScanType t = limn_json_scan_get_type (scan, member[PAYLOAD]);

      if (t == LIMN_JSON_SCAN_NULL)
        member[PAYLOAD] = LIMN_JSON_SCAN_NONE;
      else if (t != LIMN_JSON_SCAN_OBJECT)
        return NULL;
    }

  /* The same rules as check_event(). */
  if ((ctx->principal->project_id != NULL && !g_str_equal (ctx->principal->project_id, str[PROJECT])) ||
      (ctx->principal->project_id == NULL && limn_batch_labels_for (ctx, str[PROJECT], NULL) == NULL))
    return NULL;

  if (str[TASK] != NULL)
    {
      LimnServerTask *task = limn_batch_caller_task (ctx, str[TASK]);

      if (task == NULL || !g_str_equal (task->project_id, str[PROJECT]))
        return NULL;
    }

  item = limn_batch_item_new (LIMN_BATCH_ITEM_EVENT);
  if (member[PAYLOAD] != LIMN_JSON_SCAN_NONE)
    {
      guint n_numbers = 0;
      gsize raw_len;
      const char *raw = limn_json_scan_get_raw (scan, member[PAYLOAD], &raw_len);

      for (guint v = member[PAYLOAD] + 1; v < limn_json_scan_end (scan, member[PAYLOAD]); v++)
        {
          LimnJsonScanType t = limn_json_scan_get_type (scan, v);

          if (t == LIMN_JSON_SCAN_INTEGER || t == LIMN_JSON_SCAN_DOUBLE)
            n_numbers++;
          /* 1e400: json-glib reads infinity, which check_event() stores
           * as null; the bytes sent would mean something else. */
          if (t == LIMN_JSON_SCAN_DOUBLE && !isfinite (limn_json_scan_get_double (scan, v)))
            {
              limn_batch_item_free (item);
              return NULL;
            }
        }

      if (payload_bound (raw, raw_len, n_numbers) > LIMN_SERVER_MAX_PAYLOAD)
        {
          limn_batch_item_free (item);
          return NULL;
        }
      item->payload = g_strndup (raw, raw_len);
    }

  item->id = g_strndup (str[ID], len[ID]);
  item->session_id = g_strndup (str[SESSION], len[SESSION]);
  item->project_id = g_strndup (str[PROJECT], len[PROJECT]);
  item->task_id = g_strndup (str[TASK], len[TASK]);
  item->type = g_strndup (str[TYPE], len[TYPE]);
  item->wall_us = wall_us;
  item->mono_us = mono_us;

  return item;
}

/* Any other item of a scanned body: json-glib parses its bytes alone (the
 * scan checked them, so this is the tree json-glib would have built inside
 * the whole body) and check_item() decides, as before. */
static LimnBatchItem *
check_scanned_item (BatchContext  *ctx,
                    LimnJsonScan  *scan,
                    guint          value,
                    GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  gsize len;
  const char *raw = limn_json_scan_get_raw (scan, value, &len);

  if (!json_parser_load_from_data (parser, raw, len, &local_error))
    {
      /* Not reached: the scan accepted these bytes. */
      g_set_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_SYNTAX,
                   _("The body is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  return check_item (ctx, json_parser_get_root (parser), error);
}

/* The items array of a scanned body, or NONE when the body is not an
 * object with an "items" array of at most 5,000 items (json-glib's path
 * then gives the same answer as before). */
static guint
scanned_items (LimnJsonScan *scan)
{
  guint items = limn_json_scan_member (scan, LIMN_JSON_SCAN_ROOT, "items");

  if (items == LIMN_JSON_SCAN_NONE ||
      limn_json_scan_get_type (scan, items) != LIMN_JSON_SCAN_ARRAY ||
      limn_json_scan_get_length (scan, items) > LIMN_SERVER_MAX_BATCH_ITEMS)
    return LIMN_JSON_SCAN_NONE;

  return items;
}

/* Task ids the items mention, to load in one go: from the scan. */
static GStrv
collect_scanned_task_ids (LimnJsonScan *scan,
                          guint         items)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint v = limn_json_scan_first (scan, items); v != LIMN_JSON_SCAN_NONE;
       v = limn_json_scan_next (scan, v))
    {
      guint task = limn_json_scan_member (scan, v, "task_id");
      const char *id = task != LIMN_JSON_SCAN_NONE ? limn_json_scan_get_string (scan, task, NULL) : NULL;

      if (id != NULL && limn_id_is_uuid (id) && !g_hash_table_contains (seen, id))
        {
          g_hash_table_add (seen, (gpointer)id);
          g_strv_builder_add (builder, id);
        }
    }

  return g_strv_builder_end (builder);
}

/* {"results":[{"id":…,"status":…[,"reason":…]},…]}, written directly: a
 * tree of 5,000 objects cost more than the rest of the answer, and this
 * runs under the store's write lock. */
static GBytes *
render_results (GPtrArray *items,
                gpointer   user_data)
{
  GString *out = g_string_sized_new (64 + items->len * 72);

  g_string_append (out, "{\"results\":[");
  for (guint i = 0; i < items->len; i++)
    {
      LimnBatchItem *item = g_ptr_array_index (items, i);

      g_string_append (out, i == 0 ? "{\"id\":" : ",{\"id\":");
      if (item->id != NULL)
        limn_json_writer_append_string (out, item->id);
      else
        g_string_append (out, "null");
      g_string_append (out, ",\"status\":\"");
      g_string_append (out, limn_batch_status_to_string (item->status));
      g_string_append_c (out, '"');
      if (item->reason != NULL &&
          (item->status == LIMN_BATCH_REJECTED || item->status == LIMN_BATCH_CONFLICT))
        {
          g_string_append (out, ",\"reason\":");
          limn_json_writer_append_string (out, item->reason);
        }
      if (item->code != NULL && item->status == LIMN_BATCH_REJECTED)
        {
          g_string_append (out, ",\"code\":");
          limn_json_writer_append_string (out, item->code);
        }
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");

  return g_string_free_to_bytes (out);
}

/* Task ids the items mention, to load in one go. */
static GStrv
collect_task_ids (JsonArray *items)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      JsonNode *task;
      const char *id;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      task = json_object_get_member (json_node_get_object (node), "task_id");
      if (task == NULL || !JSON_NODE_HOLDS_VALUE (task) ||
          json_node_get_value_type (task) != G_TYPE_STRING)
        continue;

      id = json_node_get_string (task);
      if (limn_id_is_uuid (id) && !g_hash_table_contains (seen, id))
        {
          g_hash_table_add (seen, (gpointer)id);
          g_strv_builder_add (builder, id);
        }
    }

  return g_strv_builder_end (builder);
}

static void
respond_stored (LimnServerExchange *ex,
                guint               status,
                GBytes             *body)
{
  limn_server_respond_bytes (ex, status, "application/json", body);
}

/* Event items in the scanned or parsed items, to hold a batch to the
 * quota; an item whose kind is not "event" is not counted. */
static guint
count_events (LimnJsonScan *scan,
              guint         scanned,
              JsonArray    *array)
{
  guint n = 0;

  if (scan != NULL)
    {
      for (guint v = limn_json_scan_first (scan, scanned); v != LIMN_JSON_SCAN_NONE;
           v = limn_json_scan_next (scan, v))
        {
          guint kind = limn_json_scan_member (scan, v, "kind");

          n += kind != LIMN_JSON_SCAN_NONE && limn_json_scan_string_equal (scan, kind, "event");
        }
      return n;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonNode *kind = JSON_NODE_HOLDS_OBJECT (node)
                       ? json_object_get_member (json_node_get_object (node), "kind") : NULL;

      n += kind != NULL && JSON_NODE_HOLDS_VALUE (kind) &&
           json_node_get_value_type (kind) == G_TYPE_STRING &&
           g_str_equal (json_node_get_string (kind), "event");
    }
  return n;
}

gboolean
limn_server_check_batch_limits (GBytes  *body,
                                GError **error)
{
  static const LimnJsonReaderLimits limits = {
    .max_depth = LIMN_JSON_READER_MAX_DEPTH,
    .max_values = LIMN_SERVER_MAX_BATCH_VALUES,
    .max_items = LIMN_SERVER_MAX_BATCH_ITEMS,
  };
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;

  return limn_json_reader_check_limits (data, len, &limits, error);
}

/* Strict JSON is scanned; anything else is json-glib's to judge. */
GPtrArray *
limn_server_decode_batch (LimnServerBackend          *backend,
                          const LimnServerPrincipal  *principal,
                          GBytes                     *body,
                          guint                       events_per_batch,
                          GError                    **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_auto(GStrv) task_ids = NULL;
  g_auto(BatchContext) ctx = { 0 };
  g_autoptr(LimnJsonScan) scan = NULL;
  guint scanned = LIMN_JSON_SCAN_NONE;
  JsonArray *array = NULL;
  gsize len = 0;
  const guchar *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;

  scan = limn_json_scan_new (data ? (const char *)data : "", len, LIMN_JSON_READER_MAX_DEPTH, NULL);
  if (scan != NULL)
    scanned = scanned_items (scan);
  if (scanned == LIMN_JSON_SCAN_NONE)
    {
      g_clear_pointer (&scan, limn_json_scan_free);

      root = limn_json_reader_parse_object ((const char *)data, len, error);
      if (root == NULL ||
          !limn_json_reader_get_array (json_node_get_object (root), "items",
                                       LIMN_JSON_READER_REQUIRED, 0, &array, NULL, error))
        return NULL;

      if (json_array_get_length (array) > LIMN_SERVER_MAX_BATCH_ITEMS)
        {
          g_set_error_literal (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_RANGE,
                               _("A batch holds at most 5000 items."));
          return NULL;
        }
    }

  if (count_events (scan, scanned, array) > events_per_batch)
    {
      g_set_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_TOO_LARGE,
                   _("A batch holds at most %u events here; send fewer at a time."),
                   events_per_batch);
      return NULL;
    }

  ctx.backend = backend;
  ctx.principal = principal;
  ctx.label_sets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)g_hash_table_unref);
  ctx.indexes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify)limn_text_index_unref);
  ctx.guardrails = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)limn_guardrails_unref);

  task_ids = scan != NULL ? collect_scanned_task_ids (scan, scanned) : collect_task_ids (array);
  ctx.tasks = limn_server_tasks_get (backend, (const char * const *)task_ids, error);
  if (ctx.tasks == NULL)
    return NULL;

  if (scan != NULL)
    {
      items = g_ptr_array_new_full (limn_json_scan_get_length (scan, scanned),
                                    (GDestroyNotify)limn_batch_item_free);
      for (guint v = limn_json_scan_first (scan, scanned); v != LIMN_JSON_SCAN_NONE;
           v = limn_json_scan_next (scan, v))
        {
          LimnBatchItem *item = fast_event (&ctx, scan, v);

          if (item == NULL)
            item = check_scanned_item (&ctx, scan, v, error);
          if (item == NULL)
            return NULL;
          g_ptr_array_add (items, item);
        }
    }
  else
    {
      items = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_batch_item_free);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          LimnBatchItem *item = check_item (&ctx, json_array_get_element (array, i), error);

          if (item == NULL)
            return NULL;
          g_ptr_array_add (items, item);
        }
    }

  return g_steal_pointer (&items);
}

void
limn_server_handle_batches (LimnServerBackend  *backend,
                            LimnServerExchange *ex,
                            guint               events_per_batch)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) stored = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(GBytes) previous = NULL;
  const guchar *data;
  gboolean replayed = FALSE;
  guint status = 0;
  gsize len;

  if (!limn_server_valid_idempotency_key (ex->idempotency_key))
    {
      limn_server_respond_error (ex, 400, _("A batch needs an Idempotency-Key header of 8 to "
                                            "128 letters, digits, “_” or “-”."));
      return;
    }

  data = g_bytes_get_data (ex->body, &len);

  /* Size, depth and item count before anything is built for the body. */
  if (!limn_server_check_batch_limits (ex->body, &error))
    {
      limn_server_respond_error (ex, 400, error->message);
      return;
    }

  hash = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data ? data : (const guchar *)"", len);

  /* A replay is answered from the store before anything is parsed, so the
   * client gets exactly the bytes it got the first time. */
  if (!limn_server_batches_replay (backend, ex->principal, ex->idempotency_key, hash,
                                   &status, &previous, &error))
    {
      limn_server_respond_gerror (ex, error);
      return;
    }
  if (previous != NULL)
    {
      respond_stored (ex, status, previous);
      return;
    }

  items = limn_server_decode_batch (backend, ex->principal, ex->body, events_per_batch, &error);
  if (items == NULL &&
      g_error_matches (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_TOO_LARGE))
    {
      /* Past the quota: 413, so the client halves the batch. */
      limn_server_respond_error (ex, 413, error->message);
      return;
    }
  if (items == NULL)
    {
      limn_server_respond_gerror (ex, error);
      return;
    }

  if (!limn_server_batches_apply (backend, ex->principal, ex->idempotency_key, hash, items,
                                        g_get_real_time (), render_results, NULL,
                                        &replayed, &status, &stored, &error))
    {
      limn_server_respond_gerror (ex, error);
      return;
    }

  respond_stored (ex, status, stored);
}
