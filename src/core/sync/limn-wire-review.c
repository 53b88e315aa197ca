/* limn-wire-review.c
 *
 * The server's words about review, rework and feedback (docs/review.md):
 * the change kinds review, message and note, the review queue, a
 * reviewer's leased items, and threads. Every member is checked for its
 * type and size; unknown members are ignored, as everywhere in the wire.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "json/limn-json-reader.h"
#include "limn-wire-private.h"
#include "limn-wire-review.h"

#define MAX_CODE 64

void
limn_wire_review_queue_free (LimnWireReviewQueue *queue)
{
  if (queue == NULL)
    return;

  g_clear_pointer (&queue->items, g_ptr_array_unref);
  g_clear_pointer (&queue->counts, g_hash_table_unref);
  g_free (queue);
}

void
limn_wire_review_item_free (LimnWireReviewItem *item)
{
  if (item == NULL)
    return;

  g_free (item->item_id);
  g_free (item->annotation_id);
  g_strfreev (item->reasons);
  g_clear_pointer (&item->task, limn_wire_assignment_free);
  g_clear_pointer (&item->annotations, g_ptr_array_unref);
  g_clear_pointer (&item->flags, g_ptr_array_unref);
  g_clear_pointer (&item->gold, g_ptr_array_unref);
  g_free (item->gold_json);
  g_clear_pointer (&item->history, g_ptr_array_unref);
  g_free (item);
}

void
limn_wire_thread_free (LimnWireThread *thread)
{
  if (thread == NULL)
    return;

  g_clear_pointer (&thread->flag, limn_flag_free);
  g_clear_pointer (&thread->messages, g_ptr_array_unref);
  g_free (thread);
}

/* Pieces */

/* An array of strings, each non-empty and at most @max_bytes; NULL member:
 * an empty vector when optional. */
static gboolean
get_strv (JsonObject   *o,
          const char   *member,
          LimnJsonReaderFlags flags,
          guint         max_length,
          gsize         max_bytes,
          GStrv        *out,
          const char   *ctx,
          GError      **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array = NULL;
  guint n;

  if (!limn_json_reader_get_array (o, member, flags, max_length, &array, ctx, error))
    return FALSE;

  n = array != NULL ? json_array_get_length (array) : 0;
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *s;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return limn_wire_bad (error, ctx, member, _("holds something that is not a string"));
      s = json_node_get_string (node);
      if (s[0] == '\0' || strlen (s) > max_bytes || !g_utf8_validate (s, -1, NULL))
        return limn_wire_bad (error, ctx, member, _("holds an empty or too long string"));
      g_strv_builder_add (builder, s);
    }

  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
get_flag_state (JsonObject    *o,
                const char    *member,
                LimnJsonReaderFlags flags,
                gboolean      *present,
                LimnFlagState *state,
                const char    *ctx,
                GError       **error)
{
  const char *s = NULL;

  if (!limn_json_reader_get_string (o, member, flags, 16, &s, ctx, error))
    return FALSE;

  *present = s != NULL;
  if (s != NULL && !limn_flag_state_from_string (s, state))
    return limn_wire_bad (error, ctx, member, _("is not open, answered or closed"));

  return TRUE;
}

/* Pinned comments: [{"id", "region_id"?, "body"}]. */
static gboolean
parse_comments (JsonObject  *o,
                const char  *ctx,
                GPtrArray   *out,
                GError     **error)
{
  JsonArray *array = NULL;
  guint n;

  if (!limn_json_reader_get_array (o, "comments", LIMN_JSON_READER_OPTIONAL,
                                   LIMN_WIRE_MAX_COMMENTS, &array, ctx, error))
    return FALSE;

  n = array != NULL ? json_array_get_length (array) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *where = g_strdup_printf ("%s.comments[%u]", ctx, i);
      JsonObject *c = limn_json_reader_get_element_object (array, i, where, error);
      const char *id = NULL, *region_id = NULL, *body = NULL;
      LimnReviewComment *comment;

      if (c == NULL ||
          !limn_json_reader_get_uuid (c, "id", LIMN_JSON_READER_REQUIRED, &id, where, error) ||
          !limn_json_reader_get_uuid (c, "region_id", LIMN_JSON_READER_OPTIONAL, &region_id, where, error) ||
          !limn_json_reader_get_string (c, "body", LIMN_JSON_READER_REQUIRED, LIMN_WIRE_MAX_FIELD,
                                        &body, where, error))
        return FALSE;

      comment = limn_review_comment_new (region_id, body);
      g_free (comment->id);
      comment->id = g_strdup (id);
      g_ptr_array_add (out, comment);
    }

  return TRUE;
}

/* Regions whose task is not at hand: all boxes or all spans; bounds and
 * labels are checked when applied, against the stored task. */
static GPtrArray *
parse_loose_regions (JsonArray   *array,
                     const char  *ctx,
                     GError     **error)
{
  LimnWireRegionRules box_rules = { LIMN_TASK_IMAGE, 0, 0, NULL, NULL, FALSE };
  LimnWireRegionRules span_rules = { LIMN_TASK_TEXT, 0, 0, NULL, NULL, FALSE };
  g_autoptr(GError) box_error = NULL;
  GPtrArray *regions;

  regions = limn_wire_parse_regions (array, ctx, &box_rules, &box_error);
  if (regions == NULL)
    {
      regions = limn_wire_parse_regions (array, ctx, &span_rules, NULL);
      if (regions == NULL)
        g_propagate_error (error, g_steal_pointer (&box_error));
    }

  return regions;
}

/* A verdict: a review change's data, or an entry of an item's history.
 * @task_id: the item's task (history entries do not repeat it), or NULL:
 * read from "task_id". */
static LimnReviewVerdict *
parse_verdict (JsonObject   *o,
               const char   *ctx,
               const char   *task_id,
               const char   *id_member,
               GError      **error)
{
  g_autoptr(LimnReviewVerdict) v = NULL;
  JsonObject *correction = NULL;
  const char *id = NULL, *annotation_id = NULL, *verdict = NULL, *reason_code = NULL;
  const char *comment = NULL, *reviewer = NULL;
  LimnVerdict kind;
  gint64 created_us = 0;

  if ((task_id == NULL &&
       !limn_json_reader_get_uuid (o, "task_id", LIMN_JSON_READER_REQUIRED, &task_id, ctx, error)) ||
      !limn_json_reader_get_uuid (o, id_member, LIMN_JSON_READER_REQUIRED, &id, ctx, error) ||
      !limn_json_reader_get_uuid (o, "annotation_id", LIMN_JSON_READER_OPTIONAL,
                                  &annotation_id, ctx, error) ||
      !limn_json_reader_get_string (o, "verdict", LIMN_JSON_READER_REQUIRED, 16, &verdict, ctx, error) ||
      !limn_json_reader_get_string (o, "reason_code", LIMN_JSON_READER_OPTIONAL, MAX_CODE,
                                    &reason_code, ctx, error) ||
      !limn_json_reader_get_string (o, "comment", LIMN_JSON_READER_OPTIONAL, LIMN_WIRE_MAX_FIELD,
                                    &comment, ctx, error) ||
      !limn_json_reader_get_string (o, "reviewer", LIMN_JSON_READER_REQUIRED, LIMN_WIRE_MAX_NAME,
                                    &reviewer, ctx, error) ||
      !limn_json_reader_get_object (o, "correction", LIMN_JSON_READER_OPTIONAL, &correction,
                                    ctx, error) ||
      !limn_json_reader_get_int (o, "created_us", LIMN_JSON_READER_REQUIRED, 0, G_MAXINT64,
                                 &created_us, ctx, error))
    return NULL;

  if (!limn_verdict_from_string (verdict, &kind) || kind == LIMN_VERDICT_NONE)
    {
      limn_wire_bad (error, ctx, "verdict", _("is not accept, correct or send_back"));
      return NULL;
    }
  if (kind == LIMN_VERDICT_SEND_BACK && (reason_code == NULL || reason_code[0] == '\0'))
    {
      limn_wire_bad (error, ctx, "reason_code", _("is missing for a send-back"));
      return NULL;
    }
  if (reviewer[0] == '\0')
    {
      limn_wire_bad (error, ctx, "reviewer", _("is empty"));
      return NULL;
    }
  if (correction != NULL && kind != LIMN_VERDICT_CORRECT)
    {
      limn_wire_bad (error, ctx, "correction", _("comes with a verdict that is not correct"));
      return NULL;
    }

  v = limn_review_verdict_new (NULL, task_id, annotation_id, kind);
  g_free (v->id);
  v->id = g_strdup (id);
  v->reviewer = g_strdup (reviewer);
  v->reason_code = g_strdup (reason_code);
  g_free (v->comment);
  v->comment = g_strdup (comment != NULL ? comment : "");
  v->created_us = created_us;
  v->mine = FALSE;

  if (!parse_comments (o, ctx, v->comments, error))
    return NULL;

  if (correction != NULL)
    {
      g_autofree char *cctx = g_strdup_printf ("%s.correction", ctx);
      g_autofree char *rctx = g_strdup_printf ("%s.correction.regions", ctx);
      const char *cid = NULL, *parent_id = NULL;
      JsonArray *regions = NULL;
      g_autoptr(GPtrArray) parsed = NULL;
      gint64 revision = 0;
      LimnAnnotation *a;

      if (!limn_json_reader_get_uuid (correction, "id", LIMN_JSON_READER_REQUIRED, &cid, cctx, error) ||
          !limn_json_reader_get_int (correction, "revision", LIMN_JSON_READER_REQUIRED, 1, G_MAXINT32,
                                     &revision, cctx, error) ||
          !limn_json_reader_get_uuid (correction, "parent_id", LIMN_JSON_READER_OPTIONAL,
                                      &parent_id, cctx, error) ||
          !limn_json_reader_get_array (correction, "regions", LIMN_JSON_READER_REQUIRED,
                                       LIMN_WIRE_MAX_REGIONS, &regions, cctx, error))
        return NULL;

      parsed = parse_loose_regions (regions, rctx, error);
      if (parsed == NULL)
        return NULL;

      a = limn_annotation_new (cid, task_id, NULL);
      a->author = g_strdup (reviewer);
      a->revision = revision;
      a->parent_id = g_strdup (parent_id != NULL ? parent_id : annotation_id);
      a->state = LIMN_ANNOTATION_SUBMITTED;
      a->created_us = created_us;
      a->submitted_us = created_us;
      for (guint i = 0; i < parsed->len; i++)
        g_ptr_array_add (a->regions, limn_region_ref (g_ptr_array_index (parsed, i)));
      v->correction = a;
    }

  return g_steal_pointer (&v);
}

/* Change kinds */

gboolean
limn_wire_parse_review_change (LimnWireChange  *c,
                               const char      *kind,
                               JsonObject      *data,
                               const char      *ctx,
                               GError         **error)
{
  if (g_str_equal (kind, "review"))
    {
      c->kind = LIMN_WIRE_CHANGE_REVIEW;
      c->review = parse_verdict (data, ctx, NULL, "review_id", error);
      if (c->review == NULL)
        return FALSE;
      c->task_id = g_strdup (c->review->task_id);
    }
  else if (g_str_equal (kind, "message"))
    {
      const char *thread_id = NULL, *task_id = NULL, *id = NULL, *author = NULL, *body = NULL;
      gboolean has_state = FALSE;
      LimnFlagState state = LIMN_FLAG_OPEN;
      gint64 created_us = 0;
      LimnMessage *m;

      c->kind = LIMN_WIRE_CHANGE_MESSAGE;
      if (!limn_json_reader_get_uuid (data, "thread_id", LIMN_JSON_READER_REQUIRED, &thread_id, ctx, error) ||
          !limn_json_reader_get_uuid (data, "task_id", LIMN_JSON_READER_OPTIONAL, &task_id, ctx, error) ||
          !limn_json_reader_get_uuid (data, "id", LIMN_JSON_READER_REQUIRED, &id, ctx, error) ||
          !limn_json_reader_get_string (data, "author", LIMN_JSON_READER_REQUIRED, LIMN_WIRE_MAX_NAME,
                                        &author, ctx, error) ||
          !limn_json_reader_get_string (data, "body", LIMN_JSON_READER_REQUIRED, LIMN_WIRE_MAX_FIELD,
                                        &body, ctx, error) ||
          !limn_json_reader_get_int (data, "created_us", LIMN_JSON_READER_REQUIRED, 0, G_MAXINT64,
                                     &created_us, ctx, error) ||
          !get_flag_state (data, "state", LIMN_JSON_READER_OPTIONAL, &has_state, &state, ctx, error))
        return FALSE;

      m = limn_message_new (thread_id, body);
      g_free (m->id);
      m->id = g_strdup (id);
      m->task_id = g_strdup (task_id);
      m->author = g_strdup (author);
      m->created_us = created_us;
      m->mine = FALSE;
      m->read = FALSE;
      if (has_state)
        limn_message_set_state (m, state);
      c->message = m;
      c->task_id = g_strdup (task_id);
    }
  else if (g_str_equal (kind, "note"))
    {
      const char *id = NULL, *author = NULL, *body = NULL;
      gint64 created_us = 0;
      LimnNote *n;

      c->kind = LIMN_WIRE_CHANGE_NOTE;
      if (!limn_json_reader_get_uuid (data, "id", LIMN_JSON_READER_REQUIRED, &id, ctx, error) ||
          !limn_json_reader_get_string (data, "author", LIMN_JSON_READER_REQUIRED, LIMN_WIRE_MAX_NAME,
                                        &author, ctx, error) ||
          !limn_json_reader_get_string (data, "body", LIMN_JSON_READER_REQUIRED, LIMN_WIRE_MAX_FIELD,
                                        &body, ctx, error) ||
          !limn_json_reader_get_int (data, "created_us", LIMN_JSON_READER_REQUIRED, 0, G_MAXINT64,
                                     &created_us, ctx, error))
        return FALSE;

      n = limn_note_new (NULL, NULL, body);
      g_free (n->id);
      n->id = g_strdup (id);
      n->author = g_strdup (author);
      n->created_us = created_us;
      n->mine = FALSE;
      n->read = FALSE;
      c->note = n;
    }
  else
    c->kind = LIMN_WIRE_CHANGE_UNKNOWN;

  return TRUE;
}

/* GET /api/v1/projects/{id}/review/queue */

static LimnWireReviewQueue *
read_queue (GBytes      *body,
            const char  *project_id,
            GError     **error)
{
  g_autoptr(JsonObject) root = limn_wire_parse_root (body, error);
  g_autoptr(LimnWireReviewQueue) out = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *items = NULL;
  JsonObject *counts = NULL;
  guint n;

  if (root == NULL)
    return NULL;

  out = g_new0 (LimnWireReviewQueue, 1);
  out->items = g_ptr_array_new_with_free_func (g_object_unref);
  out->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!limn_json_reader_get_array (root, "items", LIMN_JSON_READER_REQUIRED, LIMN_WIRE_MAX_QUEUE,
                                   &items, "queue", error) ||
      !limn_json_reader_get_object (root, "counts", LIMN_JSON_READER_OPTIONAL, &counts, "queue", error) ||
      !limn_json_reader_get_int (root, "total", LIMN_JSON_READER_OPTIONAL, 0, G_MAXINT32,
                                 &out->total, "queue", error))
    return NULL;

  n = json_array_get_length (items);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *where = g_strdup_printf ("items[%u]", i);
      JsonObject *o = limn_json_reader_get_element_object (items, i, where, error);
      const char *item_id = NULL, *task_id = NULL, *title = NULL, *kind = NULL, *state = NULL;
      const char *holder = NULL, *annotation_id = NULL;
      g_auto(GStrv) reasons = NULL, annotators = NULL, labels = NULL;
      gint64 min_level = 1, created_us = 0;
      LimnReviewItemInfo info = { 0 };

      if (o == NULL ||
          !limn_json_reader_get_uuid (o, "item_id", LIMN_JSON_READER_REQUIRED, &item_id, where, error) ||
          !limn_json_reader_get_uuid (o, "task_id", LIMN_JSON_READER_REQUIRED, &task_id, where, error) ||
          !limn_json_reader_get_uuid (o, "annotation_id", LIMN_JSON_READER_OPTIONAL,
                                      &annotation_id, where, error) ||
          !limn_json_reader_get_string (o, "title", LIMN_JSON_READER_REQUIRED, LIMN_WIRE_MAX_NAME,
                                        &title, where, error) ||
          !limn_json_reader_get_string (o, "kind", LIMN_JSON_READER_REQUIRED, 8, &kind, where, error) ||
          !get_strv (o, "reasons", LIMN_JSON_READER_REQUIRED, 32, MAX_CODE, &reasons, where, error) ||
          !limn_json_reader_get_int (o, "min_level", LIMN_JSON_READER_REQUIRED, 1, 2,
                                     &min_level, where, error) ||
          !limn_json_reader_get_string (o, "state", LIMN_JSON_READER_REQUIRED, 16, &state, where, error) ||
          !limn_json_reader_get_string (o, "holder", LIMN_JSON_READER_OPTIONAL, LIMN_WIRE_MAX_NAME,
                                        &holder, where, error) ||
          !limn_json_reader_get_int (o, "created_us", LIMN_JSON_READER_REQUIRED, 0, G_MAXINT64,
                                     &created_us, where, error) ||
          !get_strv (o, "annotators", LIMN_JSON_READER_OPTIONAL, LIMN_WIRE_MAX_ANNOTATORS,
                     LIMN_WIRE_MAX_NAME, &annotators, where, error) ||
          !get_strv (o, "labels", LIMN_JSON_READER_OPTIONAL, LIMN_WIRE_MAX_LABELS, 64,
                     &labels, where, error))
        return NULL;

      if (!g_str_equal (kind, "image") && !g_str_equal (kind, "text"))
        {
          limn_wire_bad (error, where, "kind", _("is not image or text"));
          return NULL;
        }
      if (!g_str_equal (state, "open") && !g_str_equal (state, "leased") && !g_str_equal (state, "decided"))
        {
          limn_wire_bad (error, where, "state", _("is not open, leased or decided"));
          return NULL;
        }
      if (!g_hash_table_add (seen, (gpointer)item_id))
        {
          limn_wire_bad (error, where, "item_id", _("repeats an item"));
          return NULL;
        }

      info.id = item_id;
      info.project_id = project_id;
      info.task_id = task_id;
      info.annotation_id = annotation_id;
      info.title = title;
      info.kind = g_str_equal (kind, "text") ? LIMN_TASK_TEXT : LIMN_TASK_IMAGE;
      info.reasons = (const char * const *)reasons;
      info.min_level = min_level;
      info.state = state;
      info.holder = holder;
      info.annotators = (const char * const *)annotators;
      info.labels = (const char * const *)labels;
      info.created_us = created_us;
      g_ptr_array_add (out->items, limn_review_item_new (&info));
    }

  if (counts != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (counts);

      for (GList *l = members; l != NULL; l = l->next)
        {
          gint64 count = 0;

          if (strlen (l->data) > MAX_CODE ||
              !limn_json_reader_get_int (counts, l->data, LIMN_JSON_READER_REQUIRED, 0, G_MAXINT32,
                                         &count, "queue.counts", error))
            {
              if (error == NULL || *error == NULL)
                limn_wire_bad (error, "queue.counts", NULL, _("has a reason that is too long"));
              return NULL;
            }
          g_hash_table_insert (out->counts, g_strdup (l->data), GUINT_TO_POINTER ((guint)count));
        }
    }

  return g_steal_pointer (&out);
}

/* POST /api/v1/projects/{id}/review/claims */

static LimnAnnotation *
parse_reviewed_annotation (JsonObject                *o,
                           const char                *ctx,
                           const char                *task_id,
                           const LimnWireRegionRules *rules,
                           GError                   **error)
{
  g_autoptr(LimnAnnotation) a = NULL;
  g_autoptr(GPtrArray) regions = NULL;
  g_autofree char *rctx = g_strdup_printf ("%s.regions", ctx);
  const char *id = NULL, *annotator = NULL, *author = NULL, *parent_id = NULL, *state = NULL;
  JsonArray *region_array = NULL;
  gint64 revision = 1, active_ms = 0, guideline_version = 0, submitted_us = 0;
  double confidence = LIMN_CONFIDENCE_UNSET;

  if (!limn_json_reader_get_uuid (o, "id", LIMN_JSON_READER_REQUIRED, &id, ctx, error) ||
      !limn_json_reader_get_string (o, "annotator", LIMN_JSON_READER_REQUIRED, LIMN_WIRE_MAX_NAME,
                                    &annotator, ctx, error) ||
      !limn_json_reader_get_string (o, "author", LIMN_JSON_READER_OPTIONAL, LIMN_WIRE_MAX_NAME,
                                    &author, ctx, error) ||
      !limn_json_reader_get_int (o, "revision", LIMN_JSON_READER_REQUIRED, 1, G_MAXINT32,
                                 &revision, ctx, error) ||
      !limn_json_reader_get_uuid (o, "parent_id", LIMN_JSON_READER_OPTIONAL, &parent_id, ctx, error) ||
      !limn_json_reader_get_string (o, "state", LIMN_JSON_READER_OPTIONAL, 16, &state, ctx, error) ||
      !limn_json_reader_get_double (o, "confidence", LIMN_JSON_READER_OPTIONAL, 0, 1,
                                    &confidence, ctx, error) ||
      !limn_json_reader_get_int (o, "active_ms", LIMN_JSON_READER_OPTIONAL, 0, G_MAXINT64,
                                 &active_ms, ctx, error) ||
      !limn_json_reader_get_int (o, "guideline_version", LIMN_JSON_READER_OPTIONAL, 0, G_MAXINT32,
                                 &guideline_version, ctx, error) ||
      !limn_json_reader_get_int (o, "submitted_us", LIMN_JSON_READER_OPTIONAL, 0, G_MAXINT64,
                                 &submitted_us, ctx, error) ||
      !limn_json_reader_get_array (o, "regions", LIMN_JSON_READER_REQUIRED, LIMN_WIRE_MAX_REGIONS,
                                   &region_array, ctx, error))
    return NULL;

  if (annotator[0] == '\0')
    {
      limn_wire_bad (error, ctx, "annotator", _("is empty"));
      return NULL;
    }

  regions = limn_wire_parse_regions (region_array, rctx, rules, error);
  if (regions == NULL)
    return NULL;

  a = limn_annotation_new (id, task_id, annotator);
  /* The author is recorded only when it is not the annotator. */
  if (author != NULL && !g_str_equal (author, annotator))
    a->author = g_strdup (author);
  a->revision = revision;
  a->parent_id = g_strdup (parent_id);
  a->state = LIMN_ANNOTATION_SUBMITTED;
  if (state != NULL && !limn_annotation_state_from_string (state, &a->state))
    {
      limn_wire_bad (error, ctx, "state", _("is not a known state"));
      return NULL;
    }
  a->confidence = confidence;
  a->active_ms = active_ms;
  a->guideline_version = guideline_version;
  a->submitted_us = submitted_us;
  a->created_us = submitted_us;
  for (guint i = 0; i < regions->len; i++)
    g_ptr_array_add (a->regions, limn_region_ref (g_ptr_array_index (regions, i)));

  return g_steal_pointer (&a);
}

static LimnFlag *
parse_thread_flag (JsonObject  *o,
                   const char  *ctx,
                   const char  *task_id,
                   GError     **error)
{
  g_autoptr(LimnFlag) flag = NULL;
  const char *id = NULL, *annotator = NULL, *category = NULL, *body = NULL, *region_id = NULL;
  gboolean has_state = FALSE;
  LimnFlagState state = LIMN_FLAG_OPEN;
  gint64 created_us = 0;

  if ((task_id == NULL &&
       !limn_json_reader_get_uuid (o, "task_id", LIMN_JSON_READER_REQUIRED, &task_id, ctx, error)) ||
      !limn_json_reader_get_uuid (o, "id", LIMN_JSON_READER_REQUIRED, &id, ctx, error) ||
      !limn_json_reader_get_uuid (o, "region_id", LIMN_JSON_READER_OPTIONAL, &region_id, ctx, error) ||
      !limn_json_reader_get_string (o, "annotator", LIMN_JSON_READER_REQUIRED, LIMN_WIRE_MAX_NAME,
                                    &annotator, ctx, error) ||
      !limn_json_reader_get_string (o, "category", LIMN_JSON_READER_REQUIRED, MAX_CODE,
                                    &category, ctx, error) ||
      !limn_json_reader_get_string (o, "body", LIMN_JSON_READER_REQUIRED, LIMN_WIRE_MAX_FIELD,
                                    &body, ctx, error) ||
      !get_flag_state (o, "state", LIMN_JSON_READER_REQUIRED, &has_state, &state, ctx, error) ||
      !limn_json_reader_get_int (o, "created_us", LIMN_JSON_READER_REQUIRED, 0, G_MAXINT64,
                                 &created_us, ctx, error))
    return NULL;

  flag = limn_flag_new (task_id, annotator, category, body);
  g_free (flag->id);
  flag->id = g_strdup (id);
  flag->region_id = g_strdup (region_id);
  flag->created_us = created_us;
  flag->state = state;

  return g_steal_pointer (&flag);
}

static LimnWireReviewItem *
parse_review_item (JsonObject   *o,
                   const char   *ctx,
                   LimnProject  *project,
                   GError      **error)
{
  g_autoptr(LimnWireReviewItem) item = g_new0 (LimnWireReviewItem, 1);
  g_autoptr(LimnTextIndex) index = NULL;
  g_autofree char *tctx = g_strdup_printf ("%s.task", ctx);
  JsonObject *task = NULL, *gold = NULL;
  JsonArray *annotations = NULL, *flags = NULL, *history = NULL;
  const char *item_id = NULL, *annotation_id = NULL, *task_id;
  LimnWireRegionRules rules = { 0 };
  guint n;

  if (!limn_json_reader_get_uuid (o, "item_id", LIMN_JSON_READER_REQUIRED, &item_id, ctx, error) ||
      !limn_json_reader_get_uuid (o, "annotation_id", LIMN_JSON_READER_OPTIONAL,
                                  &annotation_id, ctx, error) ||
      !get_strv (o, "reasons", LIMN_JSON_READER_REQUIRED, 32, MAX_CODE, &item->reasons, ctx, error) ||
      !limn_json_reader_get_int (o, "min_level", LIMN_JSON_READER_REQUIRED, 1, 2,
                                 &item->min_level, ctx, error) ||
      !limn_json_reader_get_int (o, "lease_expires_us", LIMN_JSON_READER_REQUIRED, 1, G_MAXINT64,
                                 &item->lease_expires_us, ctx, error) ||
      !limn_json_reader_get_object (o, "task", LIMN_JSON_READER_REQUIRED, &task, ctx, error) ||
      !limn_json_reader_get_array (o, "annotations", LIMN_JSON_READER_REQUIRED,
                                   LIMN_WIRE_MAX_ANNOTATORS * 4, &annotations, ctx, error) ||
      !limn_json_reader_get_array (o, "flags", LIMN_JSON_READER_OPTIONAL, LIMN_WIRE_MAX_THREADS,
                                   &flags, ctx, error) ||
      !limn_json_reader_get_object (o, "gold", LIMN_JSON_READER_OPTIONAL, &gold, ctx, error) ||
      !limn_json_reader_get_array (o, "history", LIMN_JSON_READER_OPTIONAL, LIMN_WIRE_MAX_COMMENTS,
                                   &history, ctx, error))
    return NULL;

  item->item_id = g_strdup (item_id);
  item->task = limn_wire_parse_task (task, tctx, limn_project_get_id (project), project, &index, error);
  if (item->task == NULL)
    return NULL;
  task_id = limn_task_get_id (item->task->task);

  /* Everyone's regions fit the task as its suggestions do. */
  rules.kind = limn_task_get_kind (item->task->task);
  rules.width = limn_task_get_width (item->task->task);
  rules.height = limn_task_get_height (item->task->task);
  rules.text = index;
  rules.project = project;

  item->annotations = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_annotation_unref);
  n = json_array_get_length (annotations);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *where = g_strdup_printf ("%s.annotations[%u]", ctx, i);
      JsonObject *a = limn_json_reader_get_element_object (annotations, i, where, error);
      LimnAnnotation *annotation;

      if (a == NULL)
        return NULL;
      annotation = parse_reviewed_annotation (a, where, task_id, &rules, error);
      if (annotation == NULL)
        return NULL;
      g_ptr_array_add (item->annotations, annotation);
    }

  /* docs/review.md: for a disagreement, the first annotator's latest. */
  if (annotation_id != NULL)
    item->annotation_id = g_strdup (annotation_id);
  else
    {
      const LimnAnnotation *latest = NULL;

      for (guint i = 0; i < item->annotations->len; i++)
        {
          const LimnAnnotation *a = g_ptr_array_index (item->annotations, i);
          const LimnAnnotation *first = g_ptr_array_index (item->annotations, 0);

          if (g_str_equal (a->annotator, first->annotator) && a->author == NULL &&
              (latest == NULL || a->revision > latest->revision))
            latest = a;
        }
      item->annotation_id = latest != NULL ? g_strdup (latest->id) : NULL;
    }

  item->flags = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_flag_free);
  n = flags != NULL ? json_array_get_length (flags) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *where = g_strdup_printf ("%s.flags[%u]", ctx, i);
      JsonObject *f = limn_json_reader_get_element_object (flags, i, where, error);
      LimnFlag *flag;

      if (f == NULL)
        return NULL;
      flag = parse_thread_flag (f, where, task_id, error);
      if (flag == NULL)
        return NULL;
      g_ptr_array_add (item->flags, flag);
    }

  if (gold != NULL)
    {
      g_autofree char *gctx = g_strdup_printf ("%s.gold", ctx);
      g_autofree char *rctx = g_strdup_printf ("%s.gold.regions", ctx);
      JsonArray *regions = NULL;

      if (!limn_json_reader_get_array (gold, "regions", LIMN_JSON_READER_REQUIRED,
                                       LIMN_WIRE_MAX_REGIONS, &regions, gctx, error))
        return NULL;
      item->gold = limn_wire_parse_regions (regions, rctx, &rules, error);
      if (item->gold == NULL)
        return NULL;
      item->gold_json = json_to_string (json_object_get_member (gold, "regions"), FALSE);
    }

  item->history = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_review_verdict_free);
  n = history != NULL ? json_array_get_length (history) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *where = g_strdup_printf ("%s.history[%u]", ctx, i);
      JsonObject *h = limn_json_reader_get_element_object (history, i, where, error);
      const char *kind = NULL;
      LimnReviewVerdict *v;

      if (h == NULL ||
          !limn_json_reader_get_string (h, "kind", LIMN_JSON_READER_REQUIRED, MAX_CODE, &kind, where, error))
        return NULL;
      /* Other kinds of entries are a newer server's. */
      if (!g_str_equal (kind, "review"))
        continue;
      v = parse_verdict (h, where, task_id, "review_id", error);
      if (v == NULL)
        return NULL;
      v->item_id = g_strdup (item_id);
      g_ptr_array_add (item->history, v);
    }

  return g_steal_pointer (&item);
}

GPtrArray *
limn_wire_parse_stored_regions (const char     *json,
                                LimnTask       *task,
                                LimnTextIndex  *text,
                                GError        **error)
{
  /* Wrapped as an object so the reader's limits apply as on the wire. */
  g_autofree char *wrapped = g_strdup_printf ("{\"regions\": %s}", json);
  g_autoptr(JsonNode) root = limn_json_reader_parse_object (wrapped, strlen (wrapped), error);
  LimnWireRegionRules rules = { 0 };
  JsonArray *regions = NULL;

  if (root == NULL ||
      !limn_json_reader_get_array (json_node_get_object (root), "regions", LIMN_JSON_READER_REQUIRED,
                                   LIMN_WIRE_MAX_REGIONS, &regions, "gold", error))
    return NULL;

  rules.kind = limn_task_get_kind (task);
  rules.width = limn_task_get_width (task);
  rules.height = limn_task_get_height (task);
  rules.text = text;
  return limn_wire_parse_regions (regions, "gold.regions", &rules, error);
}

static GPtrArray *
read_review_claims (GBytes       *body,
                    LimnProject  *project,
                    guint         max_count,
                    GError      **error)
{
  g_autoptr(JsonObject) root = limn_wire_parse_root (body, error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_wire_review_item_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array = NULL;
  guint n;

  if (root == NULL ||
      !limn_json_reader_get_array (root, "items", LIMN_JSON_READER_REQUIRED,
                                   MIN (max_count, LIMN_WIRE_MAX_CLAIM), &array, "review", error))
    return NULL;

  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *where = g_strdup_printf ("items[%u]", i);
      JsonObject *o = limn_json_reader_get_element_object (array, i, where, error);
      LimnWireReviewItem *item;

      if (o == NULL)
        return NULL;
      item = parse_review_item (o, where, project, error);
      if (item == NULL)
        return NULL;
      g_ptr_array_add (out, item);

      if (!g_hash_table_add (seen, item->item_id))
        {
          limn_wire_bad (error, where, "item_id", _("repeats an item"));
          return NULL;
        }
    }

  return g_steal_pointer (&out);
}

/* GET /api/v1/projects/{id}/threads */

static GPtrArray *
read_threads (GBytes  *body,
              GError **error)
{
  g_autoptr(JsonObject) root = limn_wire_parse_root (body, error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_wire_thread_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array = NULL;
  guint n;

  if (root == NULL ||
      !limn_json_reader_get_array (root, "threads", LIMN_JSON_READER_REQUIRED, LIMN_WIRE_MAX_THREADS,
                                   &array, "threads", error))
    return NULL;

  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *where = g_strdup_printf ("threads[%u]", i);
      JsonObject *o = limn_json_reader_get_element_object (array, i, where, error);
      g_autoptr(LimnWireThread) thread = g_new0 (LimnWireThread, 1);
      JsonArray *messages = NULL;
      guint n_messages;

      if (o == NULL)
        return NULL;
      thread->flag = parse_thread_flag (o, where, NULL, error);
      if (thread->flag == NULL ||
          !limn_json_reader_get_array (o, "messages", LIMN_JSON_READER_OPTIONAL, LIMN_WIRE_MAX_MESSAGES,
                                       &messages, where, error))
        return NULL;

      thread->messages = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_message_free);
      n_messages = messages != NULL ? json_array_get_length (messages) : 0;
      for (guint j = 0; j < n_messages; j++)
        {
          g_autofree char *mctx = g_strdup_printf ("%s.messages[%u]", where, j);
          JsonObject *m = limn_json_reader_get_element_object (messages, j, mctx, error);
          const char *id = NULL, *author = NULL, *mbody = NULL;
          gint64 created_us = 0;
          LimnMessage *message;

          if (m == NULL ||
              !limn_json_reader_get_uuid (m, "id", LIMN_JSON_READER_REQUIRED, &id, mctx, error) ||
              !limn_json_reader_get_string (m, "author", LIMN_JSON_READER_REQUIRED, LIMN_WIRE_MAX_NAME,
                                            &author, mctx, error) ||
              !limn_json_reader_get_string (m, "body", LIMN_JSON_READER_REQUIRED, LIMN_WIRE_MAX_FIELD,
                                            &mbody, mctx, error) ||
              !limn_json_reader_get_int (m, "created_us", LIMN_JSON_READER_REQUIRED, 0, G_MAXINT64,
                                         &created_us, mctx, error))
            return NULL;

          message = limn_message_new (thread->flag->id, mbody);
          g_free (message->id);
          message->id = g_strdup (id);
          message->task_id = g_strdup (thread->flag->task_id);
          message->author = g_strdup (author);
          message->created_us = created_us;
          message->mine = FALSE;
          message->read = FALSE;
          g_ptr_array_add (thread->messages, message);
        }

      if (!g_hash_table_add (seen, thread->flag->id))
        {
          limn_wire_bad (error, where, "id", _("repeats a thread"));
          return NULL;
        }
      g_ptr_array_add (out, g_steal_pointer (&thread));
    }

  return g_steal_pointer (&out);
}

LimnWireReviewQueue *
limn_wire_parse_review_queue (GBytes      *body,
                              const char  *project_id,
                              GError     **error)
{
  return limn_wire_answer_checked (read_queue (body, project_id, error), error);
}

GPtrArray *
limn_wire_parse_review_claims (GBytes       *body,
                               LimnProject  *project,
                               guint         max_count,
                               GError      **error)
{
  g_return_val_if_fail (LIMN_IS_PROJECT (project), NULL);

  return limn_wire_answer_checked (read_review_claims (body, project, max_count, error), error);
}

GPtrArray *
limn_wire_parse_threads (GBytes  *body,
                         GError **error)
{
  return limn_wire_answer_checked (read_threads (body, error), error);
}

/* POST /api/v1/projects/{id}/guidelines */

GBytes *
limn_wire_write_guidelines (const char         *body,
                            const char         *summary,
                            const char * const *labels)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  gsize length = 0;
  char *json;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, body);
  json_builder_set_member_name (builder, "summary");
  json_builder_add_string_value (builder, summary);
  if (labels != NULL && labels[0] != NULL)
    {
      json_builder_set_member_name (builder, "labels");
      json_builder_begin_array (builder);
      for (guint i = 0; labels[i] != NULL; i++)
        json_builder_add_string_value (builder, labels[i]);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, &length);

  return g_bytes_new_take (json, length);
}

gboolean
limn_wire_parse_published (GBytes  *answer,
                           gint64  *version,
                           GError **error)
{
  g_autoptr(JsonObject) root = limn_wire_parse_root (answer, error);

  return root != NULL &&
         limn_json_reader_get_int (root, "version", LIMN_JSON_READER_REQUIRED, 1, G_MAXINT32,
                                   version, "guidelines", error);
}
