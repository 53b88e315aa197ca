/* limn-wire-parse.c
 *
 * What the server sends, checked before anything is written: exact JSON
 * types, sizes, UTF-8 (json/limn-json-reader.c), ids that are UUIDs,
 * hashes that are 64 hex digits, boxes inside their image and spans inside
 * their text, labels that belong to the project. The body is refused
 * before it is parsed when it is too large, not UTF-8, or nested too
 * deeply (json-glib's parser is recursive).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "json/limn-json-reader.h"
#include "json/limn-json-scan.h"
#include "json/limn-json-writer.h"
#include "limn-wire.h"
#include "limn-wire-private.h"
#include "model/limn-guardrails.h"
#include "model/limn-id.h"
#include "model/limn-translations.h"
#include "text/limn-text-index.h"

/* Freeing */

void
limn_wire_me_free (LimnWireMe *me)
{
  if (me == NULL)
    return;

  g_free (me->user_id);
  g_free (me->user_name);
  g_free (me->role);
  g_free (me->project_id);
  g_free (me);
}

void
limn_wire_project_free (LimnWireProject *project)
{
  if (project == NULL)
    return;

  g_clear_object (&project->project);
  g_free (project->settings_json);
  g_strfreev (project->hidden_task_fields);
  g_free (project);
}

void
limn_wire_assignment_free (LimnWireAssignment *assignment)
{
  if (assignment == NULL)
    return;

  g_free (assignment->assignment_id);
  g_clear_object (&assignment->task);
  g_free (assignment->text);
  g_free (assignment->media_mime);
  g_clear_pointer (&assignment->suggestions, g_ptr_array_unref);
  g_free (assignment);
}

void
limn_wire_result_free (LimnWireResult *result)
{
  if (result == NULL)
    return;

  g_free (result->id);
  g_free (result->reason);
  g_free (result);
}

void
limn_wire_change_free (LimnWireChange *change)
{
  if (change == NULL)
    return;

  g_free (change->project_id);
  g_free (change->task_id);
  g_free (change->assignment_id);
  g_clear_pointer (&change->assignment, limn_wire_assignment_free);
  g_free (change->body);
  g_clear_pointer (&change->labels, g_ptr_array_unref);
  g_clear_pointer (&change->regions, g_ptr_array_unref);
  g_free (change->regions_json);
  g_free (change->training_json);
  g_free (change->summary);
  g_free (change->translations);
  g_free (change->restored_state);
  g_clear_pointer (&change->review, limn_review_verdict_free);
  g_clear_pointer (&change->message, limn_message_free);
  g_clear_pointer (&change->note, limn_note_free);
  g_free (change);
}

void
limn_wire_changes_free (LimnWireChanges *changes)
{
  if (changes == NULL)
    return;

  g_clear_pointer (&changes->changes, g_ptr_array_unref);
  g_free (changes->cursor);
  g_free (changes);
}

/* Checks */

const char *
limn_wire_status_to_string (LimnWireStatus status)
{
  switch (status)
    {
    case LIMN_WIRE_APPLIED:   return "applied";
    case LIMN_WIRE_DUPLICATE: return "duplicate";
    case LIMN_WIRE_CONFLICT:  return "conflict";
    case LIMN_WIRE_REJECTED:  return "rejected";
    default:                  return "rejected";
    }
}

/* A fault of the answer's own (the reader's getters report theirs). */
gboolean
limn_wire_bad (GError     **error,
     const char  *ctx,
     const char  *member,
     const char  *problem)
{
  return limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_RANGE, ctx, member, problem);
}

/* The whole answer: within its size, then checked and parsed by the
 * reader (UTF-8, nesting, one object). */
JsonObject *
limn_wire_parse_root (GBytes  *body,
            GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;

  if (len > LIMN_WIRE_MAX_JSON_BYTES)
    {
      g_set_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_SYNTAX,
                   _("The answer is too large."));
      return NULL;
    }

  root = limn_json_reader_parse_object (data, len, error);
  if (root == NULL)
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

/* Every fault in an answer is LIMN_SYNC_ERROR_BAD_RESPONSE: the run is
 * retried with backoff, and nothing is saved. */
gpointer
limn_wire_answer_checked (gpointer   value,
                GError   **error)
{
  if (value == NULL && error != NULL && *error != NULL &&
      (*error)->domain == LIMN_JSON_READER_ERROR)
    {
      g_autoptr(GError) fault = g_steal_pointer (error);

      g_set_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE,
                   _("The server sent an invalid answer: %s Nothing was saved."), fault->message);
    }

  return value;
}

/* GET /api/v1/me */

static LimnWireMe *
read_me (GBytes  *body,
         GError **error)
{
  g_autoptr(JsonObject) root = limn_wire_parse_root (body, error);
  g_autoptr(LimnWireMe) me = NULL;
  JsonObject *user = NULL;
  const char *id = NULL, *name = NULL, *role = NULL, *project_id = NULL;

  if (root == NULL)
    return NULL;

  if (!limn_json_reader_get_object (root, "user", LIMN_JSON_READER_REQUIRED, &user, "me", error) ||
      !limn_json_reader_get_uuid (user, "id", LIMN_JSON_READER_REQUIRED, &id, "me.user", error) ||
      !limn_json_reader_get_string (user, "name", LIMN_JSON_READER_REQUIRED, LIMN_WIRE_MAX_NAME,
                                    &name, "me.user", error) ||
      !limn_json_reader_get_string (root, "role", LIMN_JSON_READER_REQUIRED, 32,
                                    &role, "me", error) ||
      !limn_json_reader_get_uuid (root, "project_id", LIMN_JSON_READER_OPTIONAL,
                                  &project_id, "me", error))
    return NULL;

  if (!g_str_equal (role, "annotator") && !g_str_equal (role, "reviewer") && !g_str_equal (role, "admin"))
    {
      limn_wire_bad (error, "me", "role", _("is not a known role"));
      return NULL;
    }

  me = g_new0 (LimnWireMe, 1);
  me->user_id = g_strdup (id);
  me->user_name = g_strdup (name);
  me->role = g_strdup (role);
  me->project_id = g_strdup (project_id);

  return g_steal_pointer (&me);
}

/* GET /api/v1/projects/{id} */

static LimnWireProject *
read_project (GBytes      *body,
              const char  *project_id,
              GError     **error)
{
  g_autoptr(JsonObject) root = limn_wire_parse_root (body, error);
  g_autoptr(LimnWireProject) out = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  JsonObject *guidelines = NULL, *settings = NULL;
  JsonArray *label_array = NULL;
  const char *id = NULL, *name = NULL, *kind_str = NULL, *gbody = NULL;
  LimnProjectKind kind;
  gint64 gversion = 0, steps = LIMN_DEFAULT_CONFIDENCE_STEPS, ignored_int;
  double ignored;

  if (root == NULL)
    return NULL;

  if (!limn_json_reader_get_uuid (root, "id", LIMN_JSON_READER_REQUIRED, &id, "project", error) ||
      !limn_json_reader_get_string (root, "name", LIMN_JSON_READER_REQUIRED, LIMN_WIRE_MAX_NAME,
                                    &name, "project", error) ||
      !limn_json_reader_get_string (root, "kind", LIMN_JSON_READER_REQUIRED, 16,
                                    &kind_str, "project", error) ||
      !limn_json_reader_get_array (root, "labels", LIMN_JSON_READER_REQUIRED, LIMN_WIRE_MAX_LABELS,
                                   &label_array, "project", error) ||
      !limn_json_reader_get_object (root, "guidelines", LIMN_JSON_READER_OPTIONAL,
                                    &guidelines, "project", error) ||
      !limn_json_reader_get_object (root, "settings", LIMN_JSON_READER_OPTIONAL,
                                    &settings, "project", error))
    return NULL;

  if (project_id != NULL && !g_str_equal (id, project_id))
    {
      limn_wire_bad (error, "project", "id", _("is not the project asked for"));
      return NULL;
    }
  if (!limn_project_kind_from_string (kind_str, &kind))
    {
      limn_wire_bad (error, "project", "kind", _("is not image, text or both"));
      return NULL;
    }

  labels = limn_wire_parse_labels (label_array, "project.labels", error);
  if (labels == NULL)
    return NULL;

  if (guidelines != NULL &&
      (!limn_json_reader_get_int (guidelines, "version", LIMN_JSON_READER_REQUIRED, 0, G_MAXINT32,
                                  &gversion, "project.guidelines", error) ||
       !limn_json_reader_get_string (guidelines, "body", LIMN_JSON_READER_REQUIRED,
                                     LIMN_WIRE_MAX_DOCUMENT, &gbody, "project.guidelines", error) ||
       !limn_json_reader_get_int (guidelines, "published_us", LIMN_JSON_READER_OPTIONAL, 0,
                                  G_MAXINT64, &ignored_int, "project.guidelines", error)))
    return NULL;

  if (settings != NULL &&
      (!limn_json_reader_get_int (settings, "overlap", LIMN_JSON_READER_OPTIONAL, 1, 1000,
                                  &ignored_int, "project.settings", error) ||
       !limn_json_reader_get_double (settings, "gold_rate", LIMN_JSON_READER_OPTIONAL, 0, 1,
                                     &ignored, "project.settings", error) ||
       !limn_json_reader_get_double (settings, "audit_rate", LIMN_JSON_READER_OPTIONAL, 0, 1,
                                     &ignored, "project.settings", error) ||
       !limn_json_reader_get_int (settings, "confidence_steps", LIMN_JSON_READER_OPTIONAL, 2, 10,
                                  &steps, "project.settings", error) ||
       !limn_json_reader_get_int (settings, "lease_seconds", LIMN_JSON_READER_OPTIONAL, 1,
                                  G_MAXINT32, &ignored_int, "project.settings", error)))
    return NULL;

  out = g_new0 (LimnWireProject, 1);
  out->project = limn_project_new (id, name, kind);
  for (guint i = 0; i < labels->len; i++)
    limn_project_add_label (out->project, g_ptr_array_index (labels, i));
  if (gbody != NULL)
    {
      limn_project_set_guidelines (out->project, gversion, gbody);
      /* Per language (issue 21), after set_guidelines(), which clears them. */
      if (!limn_wire_read_translations (guidelines, "translations", LIMN_WIRE_MAX_DOCUMENT,
                                        limn_project_get_guidelines_translations (out->project),
                                        "project.guidelines", error))
        {
          limn_wire_project_free (out);
          return NULL;
        }
    }
  limn_project_set_confidence_steps (out->project, steps);

  if (settings != NULL)
    {
      g_autofree char *rules = limn_guardrails_from_settings (settings);
      JsonNode *status = json_object_get_member (root, "qualification");
      JsonArray *hidden = NULL;

      /* The caller's training status (docs/training.md) is kept with the
       * settings, beside the rule, for the Progress page. */
      if (status != NULL && JSON_NODE_HOLDS_OBJECT (status))
        json_object_set_member (settings, "qualification_status", json_node_copy (status));

      /* Field names, kept as given: the store acts on those it knows. */
      if (!limn_json_reader_get_array (settings, "hidden_task_fields", LIMN_JSON_READER_OPTIONAL,
                                       16, &hidden, "project.settings", error))
        return NULL;
      if (hidden != NULL && json_array_get_length (hidden) > 0)
        {
          g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

          for (guint i = 0; i < json_array_get_length (hidden); i++)
            {
              JsonNode *node = json_array_get_element (hidden, i);

              if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
                g_strv_builder_add (names, json_node_get_string (node));
            }
          out->hidden_task_fields = g_strv_builder_end (names);
        }

      out->settings_json = limn_json_writer_object_to_string (settings);
      limn_project_set_guardrails (out->project, rules);
    }
  else
    out->settings_json = g_strdup ("{}");

  return g_steal_pointer (&out);
}

/* Regions: suggestions (with their task at hand) and gold answers. */

static LimnRegion *
parse_region (JsonObject        *o,
              const char        *ctx,
              const LimnWireRegionRules *rules,
              GError           **error)
{
  g_autoptr(LimnRegion) region = NULL;
  const char *id = NULL, *kind = NULL, *label = NULL, *text = NULL;
  const char *model_version = NULL, *suggestion_id = NULL;
  double score = LIMN_SCORE_UNSET, confidence = LIMN_CONFIDENCE_UNSET;

  if (!limn_json_reader_get_uuid (o, "id", LIMN_JSON_READER_REQUIRED, &id, ctx, error) ||
      !limn_json_reader_get_string (o, "kind", LIMN_JSON_READER_REQUIRED, 8, &kind, ctx, error) ||
      !limn_json_reader_get_uuid (o, "label", LIMN_JSON_READER_REQUIRED, &label, ctx, error) ||
      !limn_json_reader_get_double (o, "score", LIMN_JSON_READER_OPTIONAL, 0, 1,
                                    &score, ctx, error) ||
      !limn_json_reader_get_double (o, "confidence", LIMN_JSON_READER_OPTIONAL, 0, 1,
                                    &confidence, ctx, error) ||
      !limn_json_reader_get_string (o, "model_version", LIMN_JSON_READER_OPTIONAL, 256,
                                    &model_version, ctx, error) ||
      !limn_json_reader_get_uuid (o, "suggestion_id", LIMN_JSON_READER_OPTIONAL,
                                  &suggestion_id, ctx, error))
    return NULL;

  if (rules->project != NULL && limn_project_lookup_label (rules->project, label) == NULL)
    {
      limn_wire_bad (error, ctx, "label", _("is not a label of this project"));
      return NULL;
    }

  if (g_str_equal (kind, "box"))
    {
      JsonArray *box = NULL;
      LimnBox b;
      double v[4];

      if (rules->kind != LIMN_TASK_IMAGE)
        {
          limn_wire_bad (error, ctx, "kind", _("is a box on a text task"));
          return NULL;
        }
      if (!limn_json_reader_get_array (o, "box", LIMN_JSON_READER_REQUIRED, 4, &box, ctx, error))
        return NULL;
      if (json_array_get_length (box) != 4)
        {
          limn_wire_bad (error, ctx, "box", _("does not have four numbers"));
          return NULL;
        }
      for (guint i = 0; i < 4; i++)
        if (!limn_json_reader_node_number (json_array_get_element (box, i), &v[i]))
          {
            limn_wire_bad (error, ctx, "box", _("does not have four numbers"));
            return NULL;
          }

      b = (LimnBox){ v[0], v[1], v[2], v[3] };
      if (b.w <= 0 || b.h <= 0 || b.x < 0 || b.y < 0 ||
          (rules->width > 0 && (b.x + b.w > rules->width || b.y + b.h > rules->height)))
        {
          limn_wire_bad (error, ctx, "box", _("is empty or outside the image"));
          return NULL;
        }
      region = limn_region_new_box (id, label, &b);
    }
  else if (g_str_equal (kind, "span"))
    {
      gint64 start = 0, end = 0;

      if (rules->kind != LIMN_TASK_TEXT)
        {
          limn_wire_bad (error, ctx, "kind", _("is a span on an image task"));
          return NULL;
        }
      if (!limn_json_reader_get_int (o, "start", LIMN_JSON_READER_REQUIRED, 0, G_MAXINT32,
                                     &start, ctx, error) ||
          !limn_json_reader_get_int (o, "end", LIMN_JSON_READER_REQUIRED, 0, G_MAXINT32,
                                     &end, ctx, error) ||
          !limn_json_reader_get_string (o, "text", LIMN_JSON_READER_OPTIONAL,
                                        LIMN_WIRE_MAX_DOCUMENT, &text, ctx, error))
        return NULL;

      if (end <= start ||
          (rules->text != NULL && end > limn_text_index_get_n_chars (rules->text)))
        {
          limn_wire_bad (error, ctx, "end", _("is outside the text"));
          return NULL;
        }
      if (rules->text != NULL && text != NULL)
        {
          g_autofree char *covered = limn_text_index_substring (rules->text, start, end);

          if (!g_str_equal (covered, text))
            {
              limn_wire_bad (error, ctx, "text", _("is not the text the span covers"));
              return NULL;
            }
        }
      region = limn_region_new_span (id, label, start, end, text);
    }
  else
    {
      limn_wire_bad (error, ctx, "kind", _("is not box or span"));
      return NULL;
    }

  region->confidence = confidence;
  if (rules->suggestion)
    limn_region_set_model (region, score, model_version, NULL);
  else if (model_version != NULL || score >= 0)
    limn_region_set_model (region, score, model_version, suggestion_id);

  return g_steal_pointer (&region);
}

GPtrArray *
limn_wire_parse_regions (JsonArray         *array,
               const char        *ctx,
               const LimnWireRegionRules *rules,
               GError           **error)
{
  g_autoptr(GPtrArray) regions = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_region_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = array != NULL ? json_array_get_length (array) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *where = g_strdup_printf ("%s[%u]", ctx, i);
      JsonObject *o = limn_json_reader_get_element_object (array, i, where, error);
      LimnRegion *region;

      if (o == NULL)
        return NULL;

      region = parse_region (o, where, rules, error);
      if (region == NULL)
        return NULL;
      g_ptr_array_add (regions, region);

      if (!g_hash_table_add (seen, region->id))
        {
          limn_wire_bad (error, where, "id", _("repeats a region id"));
          return NULL;
        }
    }

  return g_steal_pointer (&regions);
}

static gboolean
is_language_tag (const char *tag)
{
  if (tag[0] == '\0')
    return FALSE;

  for (const char *p = tag; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;

  return TRUE;
}

/* A task as in claims, assignment changes and review items: its kind,
 * media or text, and its suggestions checked against both. */
LimnWireAssignment *
limn_wire_parse_task (JsonObject     *t,
                      const char     *tctx,
                      const char     *project_id,
                      LimnProject    *project,
                      LimnTextIndex **index_out,
                      GError        **error)
{
  g_autoptr(LimnWireAssignment) a = g_new0 (LimnWireAssignment, 1);
  g_autoptr(LimnTextIndex) index = NULL;
  g_autofree char *sctx = g_strdup_printf ("%s.suggestions", tctx);
  JsonObject *media = NULL;
  JsonArray *suggestions = NULL;
  const char *id = NULL, *kind = NULL, *title = NULL;
  const char *text = NULL, *language = NULL, *direction = NULL;
  gint64 position = 0;
  LimnWireRegionRules rules = { 0 };

  if (!limn_json_reader_get_uuid (t, "id", LIMN_JSON_READER_REQUIRED, &id, tctx, error) ||
      !limn_json_reader_get_string (t, "kind", LIMN_JSON_READER_REQUIRED, 8, &kind, tctx, error) ||
      !limn_json_reader_get_string (t, "title", LIMN_JSON_READER_REQUIRED, LIMN_WIRE_MAX_NAME,
                                    &title, tctx, error) ||
      !limn_json_reader_get_int (t, "position", LIMN_JSON_READER_OPTIONAL, 0, G_MAXINT32,
                                 &position, tctx, error) ||
      !limn_json_reader_get_array (t, "suggestions", LIMN_JSON_READER_OPTIONAL,
                                   LIMN_WIRE_MAX_REGIONS, &suggestions, tctx, error))
    return NULL;

  rules.project = project;
  rules.suggestion = TRUE;

  if (g_str_equal (kind, "image"))
    {
      const char *sha256 = NULL, *mime = NULL;
      gint64 size = 0, width = 0, height = 0;
      g_autofree char *mctx = g_strdup_printf ("%s.media", tctx);

      if (project != NULL && limn_project_get_kind (project) == LIMN_PROJECT_TEXT)
        {
          limn_wire_bad (error, tctx, "kind", _("is an image in a text project"));
          return NULL;
        }
      if (!limn_json_reader_get_object (t, "media", LIMN_JSON_READER_REQUIRED,
                                        &media, tctx, error) ||
          !limn_json_reader_get_string (media, "sha256", LIMN_JSON_READER_REQUIRED, 64,
                                        &sha256, mctx, error) ||
          !limn_json_reader_get_int (media, "size", LIMN_JSON_READER_REQUIRED, 1,
                                     LIMN_WIRE_MAX_MEDIA_BYTES, &size, mctx, error) ||
          !limn_json_reader_get_int (media, "width", LIMN_JSON_READER_REQUIRED, 1,
                                     LIMN_WIRE_MAX_IMAGE_SIDE, &width, mctx, error) ||
          !limn_json_reader_get_int (media, "height", LIMN_JSON_READER_REQUIRED, 1,
                                     LIMN_WIRE_MAX_IMAGE_SIDE, &height, mctx, error) ||
          !limn_json_reader_get_string (media, "mime", LIMN_JSON_READER_OPTIONAL, 128,
                                        &mime, mctx, error))
        return NULL;
      if (!limn_id_is_sha256 (sha256))
        {
          limn_wire_bad (error, mctx, "sha256", _("is not 64 lower-case hex digits"));
          return NULL;
        }

      a->task = limn_task_new (id, project_id, LIMN_TASK_IMAGE, position, title);
      limn_task_set_media_sha256 (a->task, sha256);
      limn_task_set_size (a->task, width, height);
      a->media_size = size;
      a->media_mime = g_strdup (mime);
      rules.kind = LIMN_TASK_IMAGE;
      rules.width = width;
      rules.height = height;
    }
  else if (g_str_equal (kind, "text"))
    {
      LimnTextDirection dir = LIMN_TEXT_DIRECTION_AUTO;

      if (project != NULL && limn_project_get_kind (project) == LIMN_PROJECT_IMAGE)
        {
          limn_wire_bad (error, tctx, "kind", _("is a text in an image project"));
          return NULL;
        }
      if (!limn_json_reader_get_string (t, "text", LIMN_JSON_READER_REQUIRED,
                                        LIMN_WIRE_MAX_DOCUMENT, &text, tctx, error) ||
          !limn_json_reader_get_string (t, "language", LIMN_JSON_READER_OPTIONAL, 35,
                                        &language, tctx, error) ||
          !limn_json_reader_get_string (t, "direction", LIMN_JSON_READER_OPTIONAL, 8,
                                        &direction, tctx, error))
        return NULL;
      if (language != NULL && !is_language_tag (language))
        {
          limn_wire_bad (error, tctx, "language", _("is not a language tag"));
          return NULL;
        }
      if (direction != NULL)
        {
          if (g_str_equal (direction, "ltr"))
            dir = LIMN_TEXT_DIRECTION_LTR;
          else if (g_str_equal (direction, "rtl"))
            dir = LIMN_TEXT_DIRECTION_RTL;
          else if (!g_str_equal (direction, "auto"))
            {
              limn_wire_bad (error, tctx, "direction", _("is not ltr, rtl or auto"));
              return NULL;
            }
        }

      index = limn_text_index_new (text, -1, NULL);
      if (index == NULL)
        {
          limn_wire_bad (error, tctx, "text", _("is not valid text"));
          return NULL;
        }

      a->task = limn_task_new (id, project_id, LIMN_TASK_TEXT, position, title);
      limn_task_set_language (a->task, language, dir);
      limn_task_set_text_length (a->task, limn_text_index_get_n_chars (index));
      a->text = g_strdup (text);
      rules.kind = LIMN_TASK_TEXT;
      rules.text = index;
    }
  else
    {
      limn_wire_bad (error, tctx, "kind", _("is not image or text"));
      return NULL;
    }

  a->suggestions = limn_wire_parse_regions (suggestions, sctx, &rules, error);
  if (a->suggestions == NULL)
    return NULL;

  if (index_out != NULL)
    *index_out = g_steal_pointer (&index);

  return g_steal_pointer (&a);
}

/* One assignment with its task, as in claims and in assignment changes. */
static LimnWireAssignment *
parse_assignment (JsonObject   *o,
                  const char   *ctx,
                  const char   *project_id,
                  LimnProject  *project,
                  GError      **error)
{
  g_autoptr(LimnWireAssignment) a = NULL;
  g_autofree char *tctx = g_strdup_printf ("%s.task", ctx);
  JsonObject *t = NULL;
  const char *assignment_id = NULL;
  gint64 lease = 0;

  if (!limn_json_reader_get_uuid (o, "assignment_id", LIMN_JSON_READER_REQUIRED,
                                  &assignment_id, ctx, error) ||
      !limn_json_reader_get_int (o, "lease_expires_us", LIMN_JSON_READER_REQUIRED, 1, G_MAXINT64,
                                 &lease, ctx, error) ||
      !limn_json_reader_get_object (o, "task", LIMN_JSON_READER_REQUIRED, &t, ctx, error))
    return NULL;

  a = limn_wire_parse_task (t, tctx, project_id, project, NULL, error);
  if (a == NULL)
    return NULL;

  a->assignment_id = g_strdup (assignment_id);
  a->lease_expires_us = lease;

  return g_steal_pointer (&a);
}

/* POST /api/v1/projects/{id}/claims */

static GPtrArray *
read_claims (GBytes       *body,
             LimnProject  *project,
             guint         max_count,
             GError      **error)
{
  g_autoptr(JsonObject) root = limn_wire_parse_root (body, error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_wire_assignment_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array = NULL;
  guint n;

  if (root == NULL ||
      !limn_json_reader_get_array (root, "assignments", LIMN_JSON_READER_REQUIRED,
                                   MIN (max_count, LIMN_WIRE_MAX_CLAIM), &array, "claims", error))
    return NULL;

  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *where = g_strdup_printf ("assignments[%u]", i);
      JsonObject *o = limn_json_reader_get_element_object (array, i, where, error);
      LimnWireAssignment *a;

      if (o == NULL)
        return NULL;

      a = parse_assignment (o, where, limn_project_get_id (project), project, error);
      if (a == NULL)
        return NULL;
      g_ptr_array_add (out, a);

      if (!g_hash_table_add (seen, (gpointer)limn_task_get_id (a->task)))
        {
          limn_wire_bad (error, where, "task.id", _("repeats a task"));
          return NULL;
        }
    }

  return g_steal_pointer (&out);
}

/* POST /api/v1/batches */

static gboolean
status_from_string (const char     *status,
                    LimnWireStatus *out)
{
  if (g_str_equal (status, "applied"))
    *out = LIMN_WIRE_APPLIED;
  else if (g_str_equal (status, "duplicate"))
    *out = LIMN_WIRE_DUPLICATE;
  else if (g_str_equal (status, "conflict"))
    *out = LIMN_WIRE_CONFLICT;
  else if (g_str_equal (status, "rejected"))
    *out = LIMN_WIRE_REJECTED;
  else
    return FALSE;

  return TRUE;
}

/* The answer read with LimnJsonScan, when it is strict JSON and right in
 * every respect; %NULL otherwise, and the json-glib path below finds the
 * fault and says what it is. A batch of 5,000 answers took longer to parse
 * into a tree than to send. */
static GPtrArray *
parse_results_scanned (const char *data,
                       gsize       len,
                       GPtrArray  *item_ids)
{
  g_autoptr(LimnJsonScan) scan = NULL;
  g_autoptr(GPtrArray) out = NULL;
  guint results, element, i = 0;

  if (len == 0 || len > LIMN_WIRE_MAX_JSON_BYTES)
    return NULL;

  scan = limn_json_scan_new (data, len, LIMN_JSON_READER_MAX_DEPTH, NULL);
  if (scan == NULL || limn_json_scan_get_type (scan, LIMN_JSON_SCAN_ROOT) != LIMN_JSON_SCAN_OBJECT)
    return NULL;

  results = limn_json_scan_member (scan, LIMN_JSON_SCAN_ROOT, "results");
  if (results == LIMN_JSON_SCAN_NONE ||
      limn_json_scan_get_type (scan, results) != LIMN_JSON_SCAN_ARRAY ||
      limn_json_scan_get_length (scan, results) != item_ids->len ||
      item_ids->len > LIMN_WIRE_MAX_BATCH_ITEMS)
    return NULL;

  out = g_ptr_array_new_full (item_ids->len, (GDestroyNotify)limn_wire_result_free);
  for (element = limn_json_scan_first (scan, results); element != LIMN_JSON_SCAN_NONE;
       element = limn_json_scan_next (scan, element), i++)
    {
      guint id = limn_json_scan_member (scan, element, "id");
      guint status = limn_json_scan_member (scan, element, "status");
      guint reason = limn_json_scan_member (scan, element, "reason");
      const char *reason_str = NULL;
      gsize id_len, status_len, reason_len = 0;
      const char *id_str = limn_json_scan_get_string (scan, id, &id_len);
      const char *status_str = limn_json_scan_get_string (scan, status, &status_len);
      LimnWireResult *r;
      LimnWireStatus s;

      if (reason != LIMN_JSON_SCAN_NONE &&
          limn_json_scan_get_type (scan, reason) != LIMN_JSON_SCAN_NULL)
        {
          reason_str = limn_json_scan_get_string (scan, reason, &reason_len);
          if (reason_str == NULL || reason_len > LIMN_WIRE_MAX_FIELD)
            return NULL;
        }

      if (id_str == NULL || id_len > 128 || status_str == NULL || status_len > 16 ||
          !g_str_equal (id_str, g_ptr_array_index (item_ids, i)) ||
          !status_from_string (status_str, &s))
        return NULL;

      r = g_new0 (LimnWireResult, 1);
      r->id = g_strdup (id_str);
      r->reason = g_strdup (reason_str);
      r->status = s;
      g_ptr_array_add (out, r);
    }

  return g_steal_pointer (&out);
}

static GPtrArray *
read_results (GBytes     *body,
              GPtrArray  *item_ids,
              GError    **error)
{
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GPtrArray) out = NULL;
  JsonArray *array = NULL;
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;

  if (data != NULL)
    {
      out = parse_results_scanned (data, len, item_ids);
      if (out != NULL)
        return g_steal_pointer (&out);
    }

  root = limn_wire_parse_root (body, error);
  if (root == NULL ||
      !limn_json_reader_get_array (root, "results", LIMN_JSON_READER_REQUIRED,
                                   LIMN_WIRE_MAX_BATCH_ITEMS, &array, "batch", error))
    return NULL;

  if (json_array_get_length (array) != item_ids->len)
    {
      limn_wire_bad (error, "batch", "results", _("does not answer every item once"));
      return NULL;
    }

  out = g_ptr_array_new_full (item_ids->len, (GDestroyNotify)limn_wire_result_free);
  for (guint i = 0; i < item_ids->len; i++)
    {
      JsonObject *o;
      const char *id = NULL, *status = NULL, *reason = NULL;
      LimnWireResult *r;
      char where[32];

      g_snprintf (where, sizeof where, "results[%u]", i);
      o = limn_json_reader_get_element_object (array, i, where, error);
      if (o == NULL ||
          !limn_json_reader_get_string (o, "id", LIMN_JSON_READER_REQUIRED, 128,
                                        &id, where, error) ||
          !limn_json_reader_get_string (o, "status", LIMN_JSON_READER_REQUIRED, 16,
                                        &status, where, error) ||
          !limn_json_reader_get_string (o, "reason", LIMN_JSON_READER_OPTIONAL, LIMN_WIRE_MAX_FIELD,
                                        &reason, where, error))
        return NULL;

      if (!g_str_equal (id, g_ptr_array_index (item_ids, i)))
        {
          limn_wire_bad (error, where, "id", _("is not the item sent in this place"));
          return NULL;
        }

      r = g_new0 (LimnWireResult, 1);
      g_ptr_array_add (out, r);
      r->id = g_strdup (id);
      r->reason = g_strdup (reason);

      if (!status_from_string (status, &r->status))
        {
          limn_wire_bad (error, where, "status", _("is not applied, duplicate, conflict or rejected"));
          return NULL;
        }
    }

  return g_steal_pointer (&out);
}

/* GET /api/v1/changes */

static gboolean
parse_change_data (LimnWireChange  *c,
                   const char      *kind,
                   JsonObject      *data,
                   const char      *ctx,
                   GError         **error)
{
  const char *project_id = NULL, *task_id = NULL, *assignment_id = NULL, *body = NULL;
  const char *summary = NULL;

  if (g_str_equal (kind, "assignment"))
    {
      JsonObject *task = NULL;

      c->kind = LIMN_WIRE_CHANGE_ASSIGNMENT;
      if (!limn_json_reader_get_uuid (data, "project_id", LIMN_JSON_READER_OPTIONAL,
                                      &project_id, ctx, error) ||
          !limn_json_reader_get_boolean (data, "rework", LIMN_JSON_READER_OPTIONAL,
                                         &c->rework, ctx, error) ||
          !limn_json_reader_get_object (data, "task", LIMN_JSON_READER_OPTIONAL, &task, ctx, error))
        return FALSE;

      if (task != NULL)
        {
          /* Labels are checked against the stored project when applied. */
          if (project_id == NULL)
            return limn_wire_bad (error, ctx, "project_id", _("is missing"));
          c->assignment = parse_assignment (data, ctx, project_id, NULL, error);
          if (c->assignment == NULL)
            return FALSE;
          c->task_id = g_strdup (limn_task_get_id (c->assignment->task));
          c->assignment_id = g_strdup (c->assignment->assignment_id);
          c->lease_expires_us = c->assignment->lease_expires_us;
        }
      else
        {
          if (!limn_json_reader_get_uuid (data, "task_id", LIMN_JSON_READER_REQUIRED,
                                          &task_id, ctx, error) ||
              !limn_json_reader_get_uuid (data, "assignment_id", LIMN_JSON_READER_REQUIRED,
                                          &assignment_id, ctx, error) ||
              !limn_json_reader_get_int (data, "lease_expires_us", LIMN_JSON_READER_REQUIRED, 1,
                                         G_MAXINT64, &c->lease_expires_us, ctx, error))
            return FALSE;
          c->task_id = g_strdup (task_id);
          c->assignment_id = g_strdup (assignment_id);
        }
      c->project_id = g_strdup (project_id);
    }
  else if (g_str_equal (kind, "assignment_expired"))
    {
      gboolean withdrawn = FALSE;
      const char *state = NULL;

      c->kind = LIMN_WIRE_CHANGE_ASSIGNMENT_EXPIRED;
      if (!limn_json_reader_get_uuid (data, "task_id", LIMN_JSON_READER_REQUIRED,
                                      &task_id, ctx, error) ||
          !limn_json_reader_get_uuid (data, "assignment_id", LIMN_JSON_READER_OPTIONAL,
                                      &assignment_id, ctx, error) ||
          !limn_json_reader_get_boolean (data, "withdrawn", LIMN_JSON_READER_OPTIONAL,
                                         &withdrawn, ctx, error) ||
          !limn_json_reader_get_string (data, "state", LIMN_JSON_READER_OPTIONAL, 32,
                                        &state, ctx, error))
        return FALSE;
      c->task_id = g_strdup (task_id);
      c->assignment_id = g_strdup (assignment_id);
      /* A campaign took its rework back: the answer stands as it was. Any
       * other state (a newer server's) is an ordinary expiry. */
      if (withdrawn && (g_strcmp0 (state, "submitted") == 0 || g_strcmp0 (state, "accepted") == 0))
        c->restored_state = g_strdup (state);
    }
  else if (g_str_equal (kind, "guidelines"))
    {
      c->kind = LIMN_WIRE_CHANGE_GUIDELINES;
      if (!limn_json_reader_get_uuid (data, "project_id", LIMN_JSON_READER_REQUIRED,
                                      &project_id, ctx, error) ||
          !limn_json_reader_get_int (data, "version", LIMN_JSON_READER_REQUIRED, 0, G_MAXINT32,
                                     &c->version, ctx, error) ||
          !limn_json_reader_get_string (data, "body", LIMN_JSON_READER_REQUIRED,
                                        LIMN_WIRE_MAX_DOCUMENT, &body, ctx, error) ||
          !limn_json_reader_get_string (data, "summary", LIMN_JSON_READER_OPTIONAL,
                                        LIMN_WIRE_MAX_FIELD, &summary, ctx, error) ||
          !limn_json_reader_get_int (data, "published_us", LIMN_JSON_READER_OPTIONAL, 0,
                                     G_MAXINT64, &c->published_us, ctx, error))
        return FALSE;
      c->project_id = g_strdup (project_id);
      c->body = g_strdup (body);
      c->summary = g_strdup (summary != NULL ? summary : "");
      {
        g_autoptr(GHashTable) translations = limn_translations_new ();

        if (!limn_wire_read_translations (data, "translations", LIMN_WIRE_MAX_DOCUMENT,
                                          translations, ctx, error))
          return FALSE;
        if (g_hash_table_size (translations) > 0)
          c->translations = limn_translations_to_json (translations);
      }
    }
  else if (g_str_equal (kind, "labels"))
    {
      JsonArray *labels = NULL;
      g_autofree char *lctx = g_strdup_printf ("%s.labels", ctx);

      c->kind = LIMN_WIRE_CHANGE_LABELS;
      if (!limn_json_reader_get_uuid (data, "project_id", LIMN_JSON_READER_REQUIRED,
                                      &project_id, ctx, error) ||
          !limn_json_reader_get_array (data, "labels", LIMN_JSON_READER_REQUIRED,
                                       LIMN_WIRE_MAX_LABELS, &labels, ctx, error))
        return FALSE;
      c->project_id = g_strdup (project_id);
      c->labels = limn_wire_parse_labels (labels, lctx, error);
      if (c->labels == NULL)
        return FALSE;
    }
  else if (g_str_equal (kind, "gold"))
    {
      JsonArray *regions = NULL;
      JsonNode *node;
      g_autofree char *rctx = g_strdup_printf ("%s.regions", ctx);
      /* Bounds and labels need the stored task: checked when applied. */
      LimnWireRegionRules box_rules = { LIMN_TASK_IMAGE, 0, 0, NULL, NULL, FALSE };
      LimnWireRegionRules span_rules = { LIMN_TASK_TEXT, 0, 0, NULL, NULL, FALSE };
      g_autoptr(GError) box_error = NULL;

      c->kind = LIMN_WIRE_CHANGE_GOLD;
      if (!limn_json_reader_get_uuid (data, "task_id", LIMN_JSON_READER_REQUIRED,
                                      &task_id, ctx, error) ||
          !limn_json_reader_get_array (data, "regions", LIMN_JSON_READER_REQUIRED,
                                       LIMN_WIRE_MAX_REGIONS, &regions, ctx, error))
        return FALSE;
      c->task_id = g_strdup (task_id);

      /* All boxes or all spans. */
      c->regions = limn_wire_parse_regions (regions, rctx, &box_rules, &box_error);
      if (c->regions == NULL)
        {
          c->regions = limn_wire_parse_regions (regions, rctx, &span_rules, NULL);
          if (c->regions == NULL)
            {
              g_propagate_error (error, g_steal_pointer (&box_error));
              return FALSE;
            }
        }

      node = json_object_get_member (data, "regions");
      c->regions_json = limn_json_writer_node_to_string (node);

      /* A training answer's status (docs/training.md), kept as sent. */
      node = json_object_get_member (data, "training");
      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        c->training_json = limn_json_writer_node_to_string (node);
    }
  else
    /* review, message, note (limn-wire-review.c), or a newer server's. */
    return limn_wire_parse_review_change (c, kind, data, ctx, error);

  return TRUE;
}

static LimnWireChanges *
read_changes (GBytes  *body,
              guint    limit,
              GError **error)
{
  g_autoptr(JsonObject) root = limn_wire_parse_root (body, error);
  g_autoptr(LimnWireChanges) out = NULL;
  JsonArray *array = NULL;
  const char *cursor = NULL;
  gint64 last_seq = G_MININT64;
  guint n;

  if (root == NULL)
    return NULL;

  out = g_new0 (LimnWireChanges, 1);
  out->changes = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_wire_change_free);

  if (!limn_json_reader_get_array (root, "changes", LIMN_JSON_READER_REQUIRED,
                                   MIN (limit, LIMN_WIRE_MAX_CHANGES), &array, "changes", error) ||
      !limn_json_reader_get_string (root, "cursor", LIMN_JSON_READER_REQUIRED, 256,
                                    &cursor, "changes", error) ||
      !limn_json_reader_get_boolean (root, "more", LIMN_JSON_READER_OPTIONAL,
                                     &out->more, "changes", error))
    return NULL;

  if (cursor[0] == '\0')
    {
      limn_wire_bad (error, "changes", "cursor", _("is empty"));
      return NULL;
    }
  out->cursor = g_strdup (cursor);

  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *where = g_strdup_printf ("changes[%u]", i);
      g_autofree char *dctx = g_strdup_printf ("changes[%u].data", i);
      JsonObject *o = limn_json_reader_get_element_object (array, i, where, error);
      JsonObject *data = NULL;
      const char *kind = NULL;
      LimnWireChange *c;

      if (o == NULL)
        return NULL;

      c = g_new0 (LimnWireChange, 1);
      g_ptr_array_add (out->changes, c);

      if (!limn_json_reader_get_int (o, "seq", LIMN_JSON_READER_REQUIRED, 0, G_MAXINT64,
                                     &c->seq, where, error) ||
          !limn_json_reader_get_string (o, "kind", LIMN_JSON_READER_REQUIRED, 64,
                                        &kind, where, error) ||
          !limn_json_reader_get_object (o, "data", LIMN_JSON_READER_REQUIRED, &data, where, error))
        return NULL;

      if (c->seq <= last_seq)
        {
          limn_wire_bad (error, where, "seq", _("is not in increasing order"));
          return NULL;
        }
      last_seq = c->seq;

      if (!parse_change_data (c, kind, data, dctx, error))
        return NULL;
    }

  return g_steal_pointer (&out);
}

LimnWireMe *
limn_wire_parse_me (GBytes  *body,
                    GError **error)
{
  return limn_wire_answer_checked (read_me (body, error), error);
}

LimnWireProject *
limn_wire_parse_project (GBytes      *body,
                         const char  *project_id,
                         GError     **error)
{
  return limn_wire_answer_checked (read_project (body, project_id, error), error);
}

GPtrArray *
limn_wire_parse_claims (GBytes       *body,
                        LimnProject  *project,
                        guint         max_count,
                        GError      **error)
{
  g_return_val_if_fail (LIMN_IS_PROJECT (project), NULL);

  return limn_wire_answer_checked (read_claims (body, project, max_count, error), error);
}

GPtrArray *
limn_wire_parse_results (GBytes     *body,
                         GPtrArray  *item_ids,
                         GError    **error)
{
  return limn_wire_answer_checked (read_results (body, item_ids, error), error);
}

LimnWireChanges *
limn_wire_parse_changes (GBytes  *body,
                         guint    limit,
                         GError **error)
{
  return limn_wire_answer_checked (read_changes (body, limit, error), error);
}

char *
limn_wire_parse_error_code (GBytes  *body,
                            char   **message_out)
{
  g_autoptr(JsonObject) root = NULL;
  JsonObject *err = NULL;
  const char *message = NULL, *code = NULL;

  if (message_out != NULL)
    *message_out = NULL;

  if (body == NULL || g_bytes_get_size (body) > 1024 * 1024)
    return NULL;

  root = limn_wire_parse_root (body, NULL);
  if (root == NULL ||
      !limn_json_reader_get_object (root, "error", LIMN_JSON_READER_REQUIRED,
                                    &err, "error", NULL) ||
      !limn_json_reader_get_string (err, "code", LIMN_JSON_READER_OPTIONAL, 64,
                                    &code, "error", NULL) ||
      !limn_json_reader_get_string (err, "message", LIMN_JSON_READER_OPTIONAL, 4096,
                                    &message, "error", NULL))
    return NULL;

  if (message_out != NULL && message != NULL && message[0] != '\0')
    *message_out = g_strdup (message);

  return code != NULL && code[0] != '\0' ? g_strdup (code) : NULL;
}

char *
limn_wire_parse_error (GBytes *body)
{
  g_autofree char *message = NULL;
  g_autofree char *code = limn_wire_parse_error_code (body, &message);

  if (message != NULL)
    return g_steal_pointer (&message);

  return g_steal_pointer (&code);
}
