/* limn-server-routes-review.c
 *
 * The routes of review and feedback (docs/review.md, "Routes"; docs/api.md
 * lists their role checks): the review queue, review claims, threads,
 * publishing guidelines and changing labels. Verdicts, replies, acks and
 * notes travel in POST /batches (limn-server-routes-batches-review.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "json/limn-json-reader.h"
#include "limn-server-review.h"
#include "limn-server-review-queue.h"
#include "limn-server-routes.h"
#include "model/limn-id.h"
#include "model/limn-translations.h"

#define MAX_REVIEW_CLAIM 200
#define DEFAULT_QUEUE_PAGE 100
#define MAX_QUEUE_PAGE 1000
#define MAX_GUIDELINES (1024 * 1024)
#define MAX_SUMMARY (4 * 1024)
#define MAX_LABEL_CHANGES 1000

static gboolean
is_reviewer (LimnServerExchange *ex)
{
  if (ex->principal->role == LIMN_SERVER_ROLE_REVIEWER ||
      ex->principal->role == LIMN_SERVER_ROLE_ADMIN)
    return TRUE;

  limn_server_respond_error (ex, 403, _("Only reviewers (and admins) may do this."));
  return FALSE;
}

static const char *
query_param (LimnServerExchange *ex,
             const char         *name)
{
  const char *value = ex->query ? g_hash_table_lookup (ex->query, name) : NULL;

  return value != NULL && value[0] != '\0' ? value : NULL;
}

static gboolean
read_translations (JsonObject  *o,
                         const char  *member,
                         gsize        max_len,
                         char       **out,
                         const char  *where,
                         GError     **error)
{
  JsonObject *obj = NULL;
  g_autoptr(GHashTable) table = limn_translations_new ();
  g_autoptr(GError) local_error = NULL;

  *out = NULL;
  if (!limn_json_reader_get_object (o, member, LIMN_JSON_READER_OPTIONAL, &obj, where, error))
    return FALSE;
  if (obj == NULL)
    return TRUE;
  if (!limn_translations_read_object (obj, max_len, table, &local_error))
    {
      limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_RANGE, where, member,
                             _("maps language tags such as “de” or “pt-BR” to texts that are "
                               "not blank or too long"));
      return FALSE;
    }
  *out = g_hash_table_size (table) > 0 ? limn_translations_to_json (table) : g_strdup ("");
  return TRUE;
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

static JsonArray *
strv_to_array (char **strv)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  return array;
}

/* A stored JSON text as a node: checked when it was stored, still never
 * trusted to parse. */
static JsonNode *
stored_json (const char *text,
             gboolean    array)
{
  JsonNode *node = json_from_string (text ? text : (array ? "[]" : "{}"), NULL);

  if (node == NULL || (array ? !JSON_NODE_HOLDS_ARRAY (node) : !JSON_NODE_HOLDS_OBJECT (node)))
    {
      g_clear_pointer (&node, json_node_unref);
      node = array ? json_node_init_array (json_node_alloc (), json_array_new ())
                   : json_node_init_object (json_node_alloc (), json_object_new ());
    }
  return node;
}

void
limn_server_handle_review_queue (LimnServerBackend  *backend,
                                 LimnServerExchange *ex,
                                 const char         *project_id)
{
  static const char * const codes[] = {
    LIMN_REVIEW_FLAG, LIMN_REVIEW_LOW_CONFIDENCE, LIMN_REVIEW_DISAGREEMENT,
    LIMN_REVIEW_GOLD_FAILURE, LIMN_REVIEW_AUDIT, LIMN_REVIEW_REWORK, LIMN_REVIEW_DISPUTED,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(JsonObject) obj = json_object_new ();
  JsonObject *counts_obj;
  JsonArray *array;
  LimnQueueQuery query = { .state = -1, .sort = LIMN_QUEUE_SORT_AGE, .limit = DEFAULT_QUEUE_PAGE };
  const char *state = query_param (ex, "state");
  const char *sort = query_param (ex, "sort");
  const char *limit = query_param (ex, "limit");
  const char *offset = query_param (ex, "offset");
  guint64 n;
  guint total = 0;

  if (!is_reviewer (ex) || !limn_server_check_project (ex, project_id))
    return;

  query.reason = query_param (ex, "reason");
  query.annotator = query_param (ex, "annotator");
  query.label = query_param (ex, "label");

  if (query.reason != NULL && !limn_server_review_reason_is_valid (query.reason))
    {
      limn_server_respond_error (ex, 400, _("“reason” is not a reason code of the review queue."));
      return;
    }
  if (state != NULL)
    {
      LimnServerReviewState s;

      if (!limn_server_review_state_from_string (state, &s))
        {
          limn_server_respond_error (ex, 400, _("“state” must be open, leased or decided."));
          return;
        }
      query.state = s;
    }
  if (sort != NULL)
    {
      if (g_str_equal (sort, "age"))
        query.sort = LIMN_QUEUE_SORT_AGE;
      else if (g_str_equal (sort, "reason"))
        query.sort = LIMN_QUEUE_SORT_REASON;
      else if (g_str_equal (sort, "annotator"))
        query.sort = LIMN_QUEUE_SORT_ANNOTATOR;
      else
        {
          limn_server_respond_error (ex, 400, _("“sort” must be age, reason or annotator."));
          return;
        }
    }
  if (limit != NULL)
    {
      if (!g_ascii_string_to_unsigned (limit, 10, 1, MAX_QUEUE_PAGE, &n, NULL))
        {
          limn_server_respond_error (ex, 400, _("“limit” must be a whole number from 1 to 1000."));
          return;
        }
      query.limit = n;
    }
  if (offset != NULL)
    {
      if (!g_ascii_string_to_unsigned (offset, 10, 0, G_MAXUINT, &n, NULL))
        {
          limn_server_respond_error (ex, 400, _("“offset” must be a whole number."));
          return;
        }
      query.offset = n;
    }

  items = limn_server_review_queue_list (backend, project_id, &query, g_get_real_time (), &total,
                                         &counts, &error);
  if (items == NULL)
    {
      limn_server_respond_gerror (ex, error);
      return;
    }

  array = json_array_new ();
  json_object_set_array_member (obj, "items", array);
  for (guint i = 0; i < items->len; i++)
    {
      LimnServerReviewItem *item = g_ptr_array_index (items, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "item_id", item->id);
      json_object_set_string_member (o, "task_id", item->task_id);
      set_nullable_string (o, "annotation_id", item->annotation_id);
      json_object_set_string_member (o, "title", item->task_title ? item->task_title : "");
      json_object_set_string_member (o, "kind", item->task_kind ? item->task_kind : "");
      json_object_set_array_member (o, "reasons", strv_to_array (item->reasons));
      json_object_set_int_member (o, "min_level", item->min_level);
      json_object_set_string_member (o, "state", limn_server_review_state_to_string (item->state));
      set_nullable_string (o, "holder", item->holder_name);
      json_object_set_int_member (o, "created_us", item->created_us);
      json_object_set_array_member (o, "annotators", strv_to_array (item->annotators));
      json_object_set_array_member (o, "labels", strv_to_array (item->labels));
      json_array_add_object_element (array, o);
    }

  counts_obj = json_object_new ();
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    json_object_set_int_member (counts_obj, codes[i],
                                GPOINTER_TO_UINT (g_hash_table_lookup (counts, codes[i])));
  json_object_set_object_member (obj, "counts", counts_obj);
  json_object_set_int_member (obj, "total", total);

  limn_server_respond_object (ex, 200, obj);
}

static JsonObject *
annotation_to_json (const LimnServerAnnotation *a)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", a->id);
  json_object_set_string_member (o, "annotator", a->annotator_name);
  json_object_set_string_member (o, "author", a->author_name);
  json_object_set_int_member (o, "revision", a->revision);
  set_nullable_string (o, "parent_id", a->parent_id);
  json_object_set_string_member (o, "state", a->state);
  if (a->confidence >= 0)
    json_object_set_double_member (o, "confidence", a->confidence);
  else
    json_object_set_null_member (o, "confidence");
  json_object_set_int_member (o, "active_ms", a->active_ms);
  if (a->guideline_version >= 0)
    json_object_set_int_member (o, "guideline_version", a->guideline_version);
  else
    json_object_set_null_member (o, "guideline_version");
  json_object_set_int_member (o, "submitted_us", a->submitted_us);
  json_object_set_member (o, "regions", stored_json (a->regions, TRUE));
  return o;
}

static JsonObject *
flag_to_json (const LimnServerFlag *f)
{
  JsonObject *o = json_object_new ();

  json_object_set_string_member (o, "id", f->id);
  json_object_set_string_member (o, "task_id", f->task_id);
  json_object_set_string_member (o, "annotator", f->user_name);
  json_object_set_string_member (o, "category", f->category);
  json_object_set_string_member (o, "body", f->body);
  set_nullable_string (o, "region_id", f->region_id);
  json_object_set_string_member (o, "state", f->state);
  json_object_set_int_member (o, "created_us", f->created_us);
  return o;
}

static JsonObject *
review_to_json (const LimnServerReview *r)
{
  JsonObject *o = json_object_new ();
  JsonArray *comments = json_array_new ();

  json_object_set_string_member (o, "kind", "review");
  json_object_set_string_member (o, "review_id", r->id);
  json_object_set_string_member (o, "reviewer", r->reviewer_name ? r->reviewer_name : "");
  json_object_set_string_member (o, "annotation_id", r->annotation_id);
  json_object_set_string_member (o, "verdict", r->verdict);
  set_nullable_string (o, "reason_code", r->reason_code);
  json_object_set_string_member (o, "comment", r->comment ? r->comment : "");
  set_nullable_string (o, "correction_id", r->correction_id);
  for (guint i = 0; i < r->comments->len; i++)
    {
      LimnServerReviewComment *c = g_ptr_array_index (r->comments, i);
      JsonObject *co = json_object_new ();

      json_object_set_string_member (co, "id", c->id);
      set_nullable_string (co, "region_id", c->region_id);
      json_object_set_string_member (co, "body", c->body);
      json_array_add_object_element (comments, co);
    }
  json_object_set_array_member (o, "comments", comments);
  json_object_set_int_member (o, "created_us", r->created_us);
  return o;
}

static JsonObject *
lease_to_json (const LimnServerReviewLease *lease)
{
  JsonObject *o = json_object_new ();
  JsonArray *annotations = json_array_new ();
  JsonArray *flags = json_array_new ();
  JsonArray *history = json_array_new ();

  json_object_set_string_member (o, "item_id", lease->item->id);
  json_object_set_array_member (o, "reasons", strv_to_array (lease->item->reasons));
  json_object_set_int_member (o, "min_level", lease->item->min_level);
  json_object_set_int_member (o, "lease_expires_us", lease->item->lease_expires_us);
  set_nullable_string (o, "annotation_id", lease->item->annotation_id);
  json_object_set_object_member (o, "task", limn_server_task_to_json (lease->task, lease->position));

  for (guint i = 0; i < lease->annotations->len; i++)
    json_array_add_object_element (annotations,
                                   annotation_to_json (g_ptr_array_index (lease->annotations, i)));
  json_object_set_array_member (o, "annotations", annotations);

  for (guint i = 0; i < lease->flags->len; i++)
    json_array_add_object_element (flags, flag_to_json (g_ptr_array_index (lease->flags, i)));
  json_object_set_array_member (o, "flags", flags);

  if (lease->gold != NULL)
    {
      g_autoptr(JsonNode) gold = stored_json (lease->gold, FALSE);
      JsonObject *g = json_object_new ();
      JsonNode *regions = json_object_get_member (json_node_get_object (gold), "regions");

      if (regions != NULL && JSON_NODE_HOLDS_ARRAY (regions))
        json_object_set_member (g, "regions", json_node_copy (regions));
      else
        json_object_set_array_member (g, "regions", json_array_new ());
      json_object_set_object_member (o, "gold", g);
    }
  else
    json_object_set_null_member (o, "gold");

  for (guint i = 0; i < lease->reviews->len; i++)
    {
      LimnServerReview *r = g_ptr_array_index (lease->reviews, i);

      if (!r->conflicted)
        json_array_add_object_element (history, review_to_json (r));
    }
  json_object_set_array_member (o, "history", history);

  return o;
}

void
limn_server_handle_review_claims (LimnServerBackend  *backend,
                                  LimnServerExchange *ex,
                                  const char         *project_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) leases = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) item_ids = NULL;
  g_autoptr(JsonObject) obj = json_object_new ();
  JsonArray *ids = NULL;
  JsonArray *array;
  gint64 count = 0;
  const char *data;
  gsize len;

  if (!is_reviewer (ex) || !limn_server_check_project (ex, project_id))
    return;

  data = g_bytes_get_data (ex->body, &len);
  root = limn_json_reader_parse_object (data, len, &error);
  if (root == NULL ||
      !limn_json_reader_get_whole (json_node_get_object (root), "count", LIMN_JSON_READER_OPTIONAL,
                                   1, MAX_REVIEW_CLAIM, &count, NULL, &error) ||
      !limn_json_reader_get_array (json_node_get_object (root), "item_ids",
                                   LIMN_JSON_READER_OPTIONAL, MAX_REVIEW_CLAIM, &ids, NULL, &error))
    {
      limn_server_respond_gerror (ex, error);
      return;
    }

  if ((count == 0) == (ids == NULL))
    {
      limn_server_respond_error (ex, 400, _("Send either “count” or “item_ids”."));
      return;
    }

  for (guint i = 0; ids != NULL && i < json_array_get_length (ids); i++)
    {
      JsonNode *node = json_array_get_element (ids, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          !limn_id_is_uuid (json_node_get_string (node)))
        {
          limn_server_respond_error (ex, 400, _("“item_ids” must be a list of item ids."));
          return;
        }
      g_strv_builder_add (builder, json_node_get_string (node));
    }
  if (ids != NULL)
    item_ids = g_strv_builder_end (builder);

  leases = limn_server_review_claim (backend, ex->principal, project_id, (guint)count,
                                     (const char * const *)item_ids, g_get_real_time (), &error);
  if (leases == NULL)
    {
      limn_server_respond_gerror (ex, error);
      return;
    }

  array = json_array_new ();
  json_object_set_array_member (obj, "items", array);
  for (guint i = 0; i < leases->len; i++)
    json_array_add_object_element (array, lease_to_json (g_ptr_array_index (leases, i)));

  limn_server_respond_object (ex, 200, obj);
}

void
limn_server_handle_threads (LimnServerBackend  *backend,
                            LimnServerExchange *ex,
                            const char         *project_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) flags = NULL;
  g_autoptr(GHashTable) messages = NULL;
  g_autoptr(JsonObject) obj = json_object_new ();
  const char *state = query_param (ex, "state");
  JsonArray *array;

  if (!limn_server_check_project (ex, project_id))
    return;

  if (state != NULL && !g_str_equal (state, "open") && !g_str_equal (state, "answered") &&
      !g_str_equal (state, "closed"))
    {
      limn_server_respond_error (ex, 400, _("“state” must be open, answered or closed."));
      return;
    }

  flags = limn_server_review_threads (backend, ex->principal, project_id, state, &messages, &error);
  if (flags == NULL)
    {
      limn_server_respond_gerror (ex, error);
      return;
    }

  array = json_array_new ();
  json_object_set_array_member (obj, "threads", array);
  for (guint i = 0; i < flags->len; i++)
    {
      LimnServerFlag *flag = g_ptr_array_index (flags, i);
      GPtrArray *thread = g_hash_table_lookup (messages, flag->id);
      JsonObject *o = flag_to_json (flag);
      JsonArray *m = json_array_new ();

      for (guint j = 0; thread != NULL && j < thread->len; j++)
        {
          LimnServerMessage *msg = g_ptr_array_index (thread, j);
          JsonObject *mo = json_object_new ();

          json_object_set_string_member (mo, "id", msg->id);
          json_object_set_string_member (mo, "author", msg->author_name);
          json_object_set_string_member (mo, "body", msg->body);
          json_object_set_int_member (mo, "created_us", msg->created_us);
          json_array_add_object_element (m, mo);
        }
      json_object_set_array_member (o, "messages", m);
      json_array_add_object_element (array, o);
    }

  limn_server_respond_object (ex, 200, obj);
}

static gboolean
check_key (LimnServerExchange *ex)
{
  const char *key = ex->idempotency_key;
  gsize len = key ? strlen (key) : 0;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (key[i]) && key[i] != '_' && key[i] != '-')
      len = 0;

  if (len >= 8 && len <= 128)
    return TRUE;

  limn_server_respond_error (ex, 400, _("This route needs an Idempotency-Key header of 8 to 128 "
                                        "letters, digits, “_” or “-”."));
  return FALSE;
}

static char *
body_sha256 (LimnServerExchange *ex)
{
  gsize len;
  const guchar *data = g_bytes_get_data (ex->body, &len);

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data ? data : (const guchar *)"", len);
}

void
limn_server_handle_guidelines (LimnServerBackend  *backend,
                               LimnServerExchange *ex,
                               const char         *project_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) changed = NULL;
  const char *body = NULL, *summary = NULL;
  g_autofree char *translations = NULL;
  JsonArray *labels = NULL;
  const char *data;
  gint64 version = 0;
  gsize len;

  if (!is_reviewer (ex) || !limn_server_check_project (ex, project_id) || !check_key (ex))
    return;

  data = g_bytes_get_data (ex->body, &len);
  root = limn_json_reader_parse_object (data, len, &error);
  if (root == NULL ||
      !limn_json_reader_get_string (json_node_get_object (root), "body", LIMN_JSON_READER_REQUIRED,
                                    MAX_GUIDELINES, &body, NULL, &error) ||
      !limn_json_reader_get_string (json_node_get_object (root), "summary",
                                    LIMN_JSON_READER_OPTIONAL, MAX_SUMMARY, &summary, NULL, &error) ||
      !limn_json_reader_get_array (json_node_get_object (root), "labels",
                                   LIMN_JSON_READER_OPTIONAL, MAX_LABEL_CHANGES, &labels, NULL,
                                   &error) ||
      !read_translations (json_node_get_object (root), "translations", MAX_GUIDELINES,
                                &translations, "guidelines", &error))
    {
      limn_server_respond_gerror (ex, error);
      return;
    }

  /* The labels whose rules changed, by name or id. */
  for (guint i = 0; labels != NULL && i < json_array_get_length (labels); i++)
    {
      JsonNode *node = json_array_get_element (labels, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
          json_node_get_string (node)[0] == '\0')
        {
          limn_server_respond_error (ex, 400,
                                     _("“labels” must be a list of label names or ids."));
          return;
        }
      g_strv_builder_add (builder, json_node_get_string (node));
    }
  changed = g_strv_builder_end (builder);

  hash = body_sha256 (ex);
  if (!limn_server_review_publish_guidelines (backend, ex->principal, ex->idempotency_key, hash,
                                              project_id, body, summary, translations,
                                              (const char * const *)changed, g_get_real_time (),
                                              &version, &answer, &error))
    {
      limn_server_respond_gerror (ex, error);
      return;
    }

  limn_server_respond_bytes (ex, 200, "application/json", answer);
}

static gboolean
valid_color (const char *color)
{
  if (strlen (color) != 7 || color[0] != '#')
    return FALSE;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (color[i]))
      return FALSE;
  return TRUE;
}

/* A label's @member ("names", "descriptions"): an object of language tag to
 * text, each at most @max_len bytes. *@out: the canonical JSON, "" for an
 * empty object (the translations removed), NULL when absent (kept). */
static LimnLabelChange *
read_label_change (JsonArray  *labels,
                   guint       i,
                   GError    **error)
{
  g_autofree char *where = g_strdup_printf ("labels[%u]", i);
  JsonObject *o = limn_json_reader_get_element_object (labels, i, where, error);
  const char *id = NULL, *name = NULL, *color = NULL, *hotkey = NULL, *description = NULL;
  gboolean retired = FALSE;
  g_autofree char *trimmed = NULL;
  g_autofree char *names = NULL;
  g_autofree char *descriptions = NULL;
  LimnLabelChange *change;

  if (o == NULL ||
      !limn_json_reader_get_string (o, "id", LIMN_JSON_READER_OPTIONAL, 128, &id, where, error) ||
      !limn_json_reader_get_string (o, "name", LIMN_JSON_READER_OPTIONAL, 256, &name, where,
                                    error) ||
      !limn_json_reader_get_string (o, "color", LIMN_JSON_READER_OPTIONAL, 16, &color, where,
                                    error) ||
      !limn_json_reader_get_string (o, "hotkey", LIMN_JSON_READER_OPTIONAL, 8, &hotkey, where,
                                    error) ||
      !limn_json_reader_get_string (o, "description", LIMN_JSON_READER_OPTIONAL,
                                    LIMN_SERVER_MAX_TEXT_FIELD, &description, where, error) ||
      !limn_json_reader_get_boolean (o, "retired", LIMN_JSON_READER_OPTIONAL, &retired, where,
                                     error) ||
      !read_translations (o, "names", 256, &names, where, error) ||
      !read_translations (o, "descriptions", LIMN_SERVER_MAX_TEXT_FIELD, &descriptions,
                                where, error))
    return NULL;

  trimmed = name != NULL ? g_strstrip (g_strdup (name)) : NULL;
  if ((trimmed != NULL && trimmed[0] == '\0') ||
      (id == NULL && name == NULL) || (color != NULL && !valid_color (color)))
    {
      limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_RANGE, where, NULL,
                             _("a label needs a name (or the id of one) and colours are "
                               "#rrggbb"));
      return NULL;
    }

  change = g_new0 (LimnLabelChange, 1);
  change->id = g_strdup (id);
  change->name = g_strdup (name);
  change->color = g_strdup (color);
  change->hotkey = g_strdup (hotkey);
  change->description = g_strdup (description);
  change->retire = retired;
  change->names = g_steal_pointer (&names);
  change->descriptions = g_steal_pointer (&descriptions);
  return change;
}

void
limn_server_handle_labels (LimnServerBackend  *backend,
                           LimnServerExchange *ex,
                           const char         *project_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_label_change_free);
  g_autofree char *hash = NULL;
  JsonArray *labels = NULL;
  const char *data;
  gsize len;

  if (ex->principal->role != LIMN_SERVER_ROLE_ADMIN)
    {
      limn_server_respond_error (ex, 403, _("Only admins change the labels."));
      return;
    }
  if (!limn_server_check_project (ex, project_id) || !check_key (ex))
    return;

  data = g_bytes_get_data (ex->body, &len);
  root = limn_json_reader_parse_object (data, len, &error);
  if (root == NULL ||
      !limn_json_reader_get_array (json_node_get_object (root), "labels", LIMN_JSON_READER_REQUIRED,
                                   MAX_LABEL_CHANGES, &labels, NULL, &error))
    {
      limn_server_respond_gerror (ex, error);
      return;
    }

  for (guint i = 0; i < json_array_get_length (labels); i++)
    {
      LimnLabelChange *change = read_label_change (labels, i, &error);

      if (change == NULL)
        {
          limn_server_respond_gerror (ex, error);
          return;
        }
      g_ptr_array_add (changes, change);
    }

  hash = body_sha256 (ex);
  if (!limn_server_review_set_labels (backend, ex->principal, ex->idempotency_key, hash,
                                      project_id, changes, g_get_real_time (), &answer, &error))
    {
      limn_server_respond_gerror (ex, error);
      return;
    }

  limn_server_respond_bytes (ex, 200, "application/json", answer);
}
