/* limn-wire-write.c
 *
 * What the client sends: outbox items, built so that the same rows always
 * give the same bytes (a batch is rebuilt and its SHA-256 compared, see
 * docs/sync.md). Events are written by hand, the hot path of a push;
 * submitted revisions and flags once, when queued, through json-glib.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-sync"

#include "config.h"

#include <string.h>

#include "json/limn-json-writer.h"
#include "limn-wire.h"

/* Building */

static gboolean
looks_like_object (const char *json)
{
  gsize len;

  if (json == NULL)
    return FALSE;

  while (g_ascii_isspace (*json))
    json++;
  len = strlen (json);
  while (len > 0 && g_ascii_isspace (json[len - 1]))
    len--;

  return len >= 2 && json[0] == '{' && json[len - 1] == '}' && g_utf8_validate (json, len, NULL);
}

/* The event item, written by hand: it is the hot path of a push (tens of
 * thousands per second), and the stored payload is spliced in as it is. */
void
limn_wire_append_event (GString    *out,
                        const char *id,
                        const char *session_id,
                        const char *project_id,
                        const char *task_id,
                        const char *type,
                        gint64      wall_us,
                        gint64      mono_us,
                        const char *payload)
{
  g_string_append (out, "{\"kind\":\"event\",\"id\":");
  limn_json_writer_append_string (out, id);
  g_string_append (out, ",\"session_id\":");
  limn_json_writer_append_string (out, session_id);
  g_string_append (out, ",\"project_id\":");
  limn_json_writer_append_string (out, project_id);
  g_string_append (out, ",\"task_id\":");
  limn_json_writer_append_string (out, task_id);
  g_string_append (out, ",\"type\":");
  limn_json_writer_append_string (out, type);
  g_string_append (out, ",\"wall_us\":");
  limn_json_writer_append_int (out, wall_us);
  g_string_append (out, ",\"mono_us\":");
  limn_json_writer_append_int (out, mono_us);
  g_string_append (out, ",\"payload\":");
  if (looks_like_object (payload))
    g_string_append (out, payload);
  else
    {
      /* Never written by Limn; kept rather than dropped. */
      g_string_append (out, "{\"unparsed\":");
      limn_json_writer_append_string (out, payload);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, '}');
}

/* A submitted revision as the server takes it. Called once, when the
 * submit is stored; the text is kept in the outbox and sent as it is. */
char *
limn_wire_annotation_item (const LimnAnnotation *a)
{
  g_autoptr(JsonObject) o = json_object_new ();
  JsonArray *regions = json_array_sized_new (a->regions->len);
  JsonArray *rejected = json_array_sized_new (a->rejected->len);

  json_object_set_string_member (o, "kind", "annotation");
  json_object_set_string_member (o, "id", a->id);
  json_object_set_string_member (o, "task_id", a->task_id);
  json_object_set_int_member (o, "revision", a->revision);
  if (a->parent_id != NULL)
    json_object_set_string_member (o, "parent_id", a->parent_id);
  else
    json_object_set_null_member (o, "parent_id");
  if (a->guideline_version > 0)
    json_object_set_int_member (o, "guideline_version", a->guideline_version);
  else
    json_object_set_null_member (o, "guideline_version");
  if (a->confidence >= 0)
    json_object_set_double_member (o, "confidence", a->confidence);
  else
    json_object_set_null_member (o, "confidence");
  json_object_set_int_member (o, "active_ms", MAX (a->active_ms, 0));
  json_object_set_int_member (o, "wall_ms", MAX (a->wall_ms, 0));
  json_object_set_int_member (o, "created_us", a->created_us);
  json_object_set_int_member (o, "submitted_us", a->submitted_us);

  for (guint i = 0; i < a->regions->len; i++)
    json_array_add_object_element (regions, limn_region_to_json (g_ptr_array_index (a->regions, i)));
  json_object_set_array_member (o, "regions", regions);

  for (guint i = 0; i < a->rejected->len; i++)
    json_array_add_string_element (rejected, g_ptr_array_index (a->rejected, i));
  json_object_set_array_member (o, "rejected_suggestions", rejected);

  return limn_json_writer_object_to_string (o);
}

char *
limn_wire_flag_item (const LimnFlag *flag)
{
  g_autoptr(JsonObject) o = json_object_new ();

  json_object_set_string_member (o, "kind", "flag");
  json_object_set_string_member (o, "id", flag->id);
  json_object_set_string_member (o, "task_id", flag->task_id);
  if (flag->region_id != NULL)
    json_object_set_string_member (o, "region_id", flag->region_id);
  else
    json_object_set_null_member (o, "region_id");
  json_object_set_string_member (o, "category", flag->category);
  json_object_set_string_member (o, "body", flag->body);
  json_object_set_int_member (o, "created_us", flag->created_us);

  return limn_json_writer_object_to_string (o);
}

/* Review, rework and feedback (docs/review.md, "Batch item kinds"): each
 * frozen as JSON when queued, like a flag. */

static JsonArray *
comments_to_json (GPtrArray *comments)
{
  JsonArray *array = json_array_sized_new (comments->len);

  for (guint i = 0; i < comments->len; i++)
    {
      const LimnReviewComment *c = g_ptr_array_index (comments, i);
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

char *
limn_wire_review_item (const LimnReviewVerdict *v)
{
  g_autoptr(JsonObject) o = json_object_new ();

  json_object_set_string_member (o, "kind", "review");
  json_object_set_string_member (o, "id", v->id);
  json_object_set_string_member (o, "item_id", v->item_id);
  json_object_set_string_member (o, "annotation_id", v->annotation_id);
  json_object_set_string_member (o, "verdict", limn_verdict_to_string (v->verdict));
  if (v->reason_code != NULL)
    json_object_set_string_member (o, "reason_code", v->reason_code);
  else
    json_object_set_null_member (o, "reason_code");
  json_object_set_string_member (o, "comment", v->comment != NULL ? v->comment : "");
  json_object_set_array_member (o, "comments", comments_to_json (v->comments));

  /* Only a correction carries one (the server refuses it otherwise). */
  if (v->verdict == LIMN_VERDICT_CORRECT && v->correction != NULL)
    {
      const LimnAnnotation *a = v->correction;
      JsonObject *c = json_object_new ();
      JsonArray *regions = json_array_sized_new (a->regions->len);

      json_object_set_string_member (c, "id", a->id);
      for (guint i = 0; i < a->regions->len; i++)
        json_array_add_object_element (regions, limn_region_to_json (g_ptr_array_index (a->regions, i)));
      json_object_set_array_member (c, "regions", regions);
      json_object_set_int_member (c, "active_ms", MAX (a->active_ms, 0));
      json_object_set_int_member (c, "wall_ms", MAX (a->wall_ms, 0));
      json_object_set_object_member (o, "correction", c);
    }

  json_object_set_int_member (o, "active_ms", MAX (v->active_ms, 0));
  json_object_set_int_member (o, "created_us", v->created_us);

  return limn_json_writer_object_to_string (o);
}

char *
limn_wire_message_item (const LimnMessage *m)
{
  g_autoptr(JsonObject) o = json_object_new ();

  json_object_set_string_member (o, "kind", "message");
  json_object_set_string_member (o, "id", m->id);
  json_object_set_string_member (o, "thread_id", m->thread_id);
  json_object_set_string_member (o, "body", m->body);
  json_object_set_int_member (o, "created_us", m->created_us);
  if (m->sets_state)
    json_object_set_string_member (o, "state", limn_flag_state_to_string (m->state));

  return limn_json_writer_object_to_string (o);
}

char *
limn_wire_ack_item (const char *id,
                    const char *project_id,
                    gint64      version)
{
  g_autoptr(JsonObject) o = json_object_new ();

  json_object_set_string_member (o, "kind", "ack");
  json_object_set_string_member (o, "id", id);
  json_object_set_string_member (o, "project_id", project_id);
  json_object_set_int_member (o, "version", version);

  return limn_json_writer_object_to_string (o);
}

char *
limn_wire_note_item (const LimnNote *n)
{
  g_autoptr(JsonObject) o = json_object_new ();

  json_object_set_string_member (o, "kind", "note");
  json_object_set_string_member (o, "id", n->id);
  json_object_set_string_member (o, "annotator", n->annotator);
  json_object_set_string_member (o, "body", n->body);
  json_object_set_int_member (o, "created_us", n->created_us);

  return limn_json_writer_object_to_string (o);
}
