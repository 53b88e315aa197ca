/* limn-sync-wire.c
 *
 * Everything the server sends is checked here before anything is written:
 * exact JSON types, sizes, UTF-8, ids that are UUIDs, hashes that are 64
 * hex digits, boxes inside their image and spans inside their text, labels
 * that belong to the project. The body is refused before it is parsed when
 * it is too large, not UTF-8, or nested too deeply (json-glib's parser is
 * recursive).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-sync"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "json/limn-json-scan.h"
#include "json/limn-json-writer.h"
#include "limn-sync-wire.h"
#include "model/limn-id.h"
#include "text/limn-text-index.h"

G_DEFINE_QUARK (limn-sync-error-quark, limn_sync_error)

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

/* Errors name the offending field the way a JSON path would. */
static gboolean
bad (GError    **error,
     const char *ctx,
     const char *member,
     const char *problem)
{
  g_set_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE,
               _("The server sent an invalid answer: %s%s%s %s. Nothing was saved."),
               ctx, member != NULL ? "." : "", member != NULL ? member : "", problem);
  return FALSE;
}

/* Structure before parsing: size, UTF-8, and nesting depth (a scan that
 * skips strings), so a hostile body cannot exhaust memory or the stack. */
static gboolean
check_body (const char  *data,
            gsize        len,
            GError     **error)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  if (len > LIMN_WIRE_MAX_JSON_BYTES)
    return bad (error, _("the answer"), NULL, _("is too large"));

  if (!g_utf8_validate_len (data, len, NULL))
    return bad (error, _("the answer"), NULL, _("is not valid UTF-8"));

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '{':
        case '[':
          if (++depth > LIMN_WIRE_MAX_DEPTH)
            return bad (error, _("the answer"), NULL, _("is nested too deeply"));
          break;
        case '}':
        case ']':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }

  return TRUE;
}

static JsonObject *
parse_root (GBytes  *body,
            GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;

  if (data == NULL || len == 0)
    {
      bad (error, _("the answer"), NULL, _("is empty"));
      return NULL;
    }

  if (!check_body (data, len, error))
    return NULL;

  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      bad (error, _("the answer"), NULL, _("is not JSON"));
      return NULL;
    }

  root = json_parser_steal_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      bad (error, _("the answer"), NULL, _("is not a JSON object"));
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/* Typed member access. Absent and null are the same for nullable members. */

static gboolean
get_string (JsonObject  *o,
            const char  *ctx,
            const char  *name,
            gboolean     nullable,
            gsize        max_bytes,
            const char **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (o, name);
  const char *s;
  gsize len;

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (nullable)
        return TRUE;
      return bad (error, ctx, name, node == NULL ? _("is missing") : _("must not be null"));
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return bad (error, ctx, name, _("is not a string"));

  s = json_node_get_string (node);
  len = strlen (s);
  if (len > max_bytes)
    return bad (error, ctx, name, _("is too long"));
  if (!g_utf8_validate (s, len, NULL))
    return bad (error, ctx, name, _("is not valid UTF-8"));

  *out = s;
  return TRUE;
}

static gboolean
get_uuid (JsonObject  *o,
          const char  *ctx,
          const char  *name,
          gboolean     nullable,
          const char **out,
          GError     **error)
{
  if (!get_string (o, ctx, name, nullable, 36, out, error))
    return FALSE;

  if (*out != NULL && !limn_id_is_uuid (*out))
    return bad (error, ctx, name, _("is not a lower-case UUID"));

  return TRUE;
}

static gboolean
get_int (JsonObject  *o,
         const char  *ctx,
         const char  *name,
         gboolean     optional,
         gint64       min,
         gint64       max,
         gint64      *out,
         GError     **error)
{
  JsonNode *node = json_object_get_member (o, name);
  gint64 v;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (optional)
        return TRUE;
      return bad (error, ctx, name, _("is missing"));
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return bad (error, ctx, name, _("is not an integer"));

  v = json_node_get_int (node);
  if (v < min || v > max)
    return bad (error, ctx, name, _("is out of range"));

  *out = v;
  return TRUE;
}

static gboolean
node_to_double (JsonNode *node,
                double   *out)
{
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    *out = (double)json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return FALSE;

  return isfinite (*out);
}

static gboolean
get_number (JsonObject  *o,
            const char  *ctx,
            const char  *name,
            gboolean     optional,
            double       min,
            double       max,
            double      *out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (o, name);
  double v;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (optional)
        return TRUE;
      return bad (error, ctx, name, _("is missing"));
    }

  if (!node_to_double (node, &v))
    return bad (error, ctx, name, _("is not a finite number"));
  if (v < min || v > max)
    return bad (error, ctx, name, _("is out of range"));

  *out = v;
  return TRUE;
}

static gboolean
get_bool (JsonObject  *o,
          const char  *ctx,
          const char  *name,
          gboolean    *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (o, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *out = FALSE;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return bad (error, ctx, name, _("is not true or false"));

  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_object (JsonObject  *o,
            const char  *ctx,
            const char  *name,
            gboolean     nullable,
            JsonObject **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (o, name);

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (nullable)
        return TRUE;
      return bad (error, ctx, name, _("is missing"));
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return bad (error, ctx, name, _("is not an object"));

  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
get_array (JsonObject  *o,
           const char  *ctx,
           const char  *name,
           gboolean     optional,
           guint        max_len,
           JsonArray  **out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (o, name);

  *out = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (optional)
        return TRUE;
      return bad (error, ctx, name, _("is missing"));
    }

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return bad (error, ctx, name, _("is not an array"));

  *out = json_node_get_array (node);
  if (json_array_get_length (*out) > max_len)
    return bad (error, ctx, name, _("has too many elements"));

  return TRUE;
}

static JsonObject *
element_object (JsonArray   *array,
                guint        i,
                const char  *ctx,
                GError     **error)
{
  JsonNode *node = json_array_get_element (array, i);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      bad (error, ctx, NULL, _("is not an object"));
      return NULL;
    }

  return json_node_get_object (node);
}

/* GET /api/v1/me */

LimnWireMe *
limn_wire_parse_me (GBytes  *body,
                    GError **error)
{
  g_autoptr(JsonObject) root = parse_root (body, error);
  g_autoptr(LimnWireMe) me = NULL;
  JsonObject *user;
  const char *id, *name, *role, *project_id;

  if (root == NULL)
    return NULL;

  if (!get_object (root, "me", "user", FALSE, &user, error) ||
      !get_uuid (user, "me.user", "id", FALSE, &id, error) ||
      !get_string (user, "me.user", "name", FALSE, LIMN_WIRE_MAX_NAME, &name, error) ||
      !get_string (root, "me", "role", FALSE, 32, &role, error) ||
      !get_uuid (root, "me", "project_id", TRUE, &project_id, error))
    return NULL;

  if (!g_str_equal (role, "annotator") && !g_str_equal (role, "reviewer") && !g_str_equal (role, "admin"))
    {
      bad (error, "me", "role", _("is not a known role"));
      return NULL;
    }

  me = g_new0 (LimnWireMe, 1);
  me->user_id = g_strdup (id);
  me->user_name = g_strdup (name);
  me->role = g_strdup (role);
  me->project_id = g_strdup (project_id);

  return g_steal_pointer (&me);
}

/* Labels, shared by the project and by label changes. */

static GPtrArray *
parse_labels (JsonArray   *array,
              const char  *ctx,
              GError     **error)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *where = g_strdup_printf ("%s[%u]", ctx, i);
      JsonObject *o = element_object (array, i, where, error);
      const char *id, *name, *color, *hotkey, *description;
      LimnLabel *label;

      if (o == NULL ||
          !get_uuid (o, where, "id", FALSE, &id, error) ||
          !get_string (o, where, "name", FALSE, 256, &name, error) ||
          !get_string (o, where, "color", FALSE, 16, &color, error) ||
          !get_string (o, where, "hotkey", TRUE, 16, &hotkey, error) ||
          !get_string (o, where, "description", TRUE, LIMN_WIRE_MAX_FIELD, &description, error))
        return NULL;

      if (name[0] == '\0')
        {
          bad (error, where, "name", _("is empty"));
          return NULL;
        }
      if (!limn_color_parse (color, NULL, NULL, NULL))
        {
          bad (error, where, "color", _("is not a #rrggbb color"));
          return NULL;
        }
      if (g_hash_table_contains (seen, id) || g_hash_table_contains (seen, name))
        {
          bad (error, where, NULL, _("repeats a label"));
          return NULL;
        }
      g_hash_table_add (seen, (gpointer)id);
      g_hash_table_add (seen, (gpointer)name);

      /* A hotkey this client cannot type is dropped, not an error: the
       * label still works from the palette. */
      label = limn_label_new (id, name, color, limn_hotkey_is_valid (hotkey) ? hotkey : NULL);
      limn_label_set_description (label, description);
      g_ptr_array_add (labels, label);
    }

  return g_steal_pointer (&labels);
}

/* GET /api/v1/projects/{id} */

LimnWireProject *
limn_wire_parse_project (GBytes      *body,
                         const char  *project_id,
                         GError     **error)
{
  g_autoptr(JsonObject) root = parse_root (body, error);
  g_autoptr(LimnWireProject) out = NULL;
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(JsonNode) settings_node = NULL;
  JsonObject *guidelines, *settings;
  JsonArray *label_array;
  const char *id, *name, *kind_str, *gbody = NULL;
  LimnProjectKind kind;
  gint64 gversion = 0, steps = LIMN_DEFAULT_CONFIDENCE_STEPS, ignored_int;
  double ignored;

  if (root == NULL)
    return NULL;

  if (!get_uuid (root, "project", "id", FALSE, &id, error) ||
      !get_string (root, "project", "name", FALSE, LIMN_WIRE_MAX_NAME, &name, error) ||
      !get_string (root, "project", "kind", FALSE, 16, &kind_str, error) ||
      !get_array (root, "project", "labels", FALSE, LIMN_WIRE_MAX_LABELS, &label_array, error) ||
      !get_object (root, "project", "guidelines", TRUE, &guidelines, error) ||
      !get_object (root, "project", "settings", TRUE, &settings, error))
    return NULL;

  if (project_id != NULL && !g_str_equal (id, project_id))
    {
      bad (error, "project", "id", _("is not the project asked for"));
      return NULL;
    }
  if (!limn_project_kind_from_string (kind_str, &kind))
    {
      bad (error, "project", "kind", _("is not image, text or both"));
      return NULL;
    }

  labels = parse_labels (label_array, "project.labels", error);
  if (labels == NULL)
    return NULL;

  if (guidelines != NULL &&
      (!get_int (guidelines, "project.guidelines", "version", FALSE, 0, G_MAXINT32, &gversion, error) ||
       !get_string (guidelines, "project.guidelines", "body", FALSE, LIMN_WIRE_MAX_DOCUMENT, &gbody, error) ||
       !get_int (guidelines, "project.guidelines", "published_us", TRUE, 0, G_MAXINT64, &ignored_int, error)))
    return NULL;

  if (settings != NULL &&
      (!get_int (settings, "project.settings", "overlap", TRUE, 1, 1000, &ignored_int, error) ||
       !get_number (settings, "project.settings", "gold_rate", TRUE, 0, 1, &ignored, error) ||
       !get_number (settings, "project.settings", "audit_rate", TRUE, 0, 1, &ignored, error) ||
       !get_int (settings, "project.settings", "confidence_steps", TRUE, 2, 10, &steps, error) ||
       !get_int (settings, "project.settings", "lease_seconds", TRUE, 1, G_MAXINT32, &ignored_int, error)))
    return NULL;

  out = g_new0 (LimnWireProject, 1);
  out->project = limn_project_new (id, name, kind);
  for (guint i = 0; i < labels->len; i++)
    limn_project_add_label (out->project, g_ptr_array_index (labels, i));
  if (gbody != NULL)
    limn_project_set_guidelines (out->project, gversion, gbody);
  limn_project_set_confidence_steps (out->project, steps);

  if (settings != NULL)
    {
      settings_node = json_node_init_object (json_node_alloc (), settings);
      out->settings_json = json_to_string (settings_node, FALSE);
    }
  else
    out->settings_json = g_strdup ("{}");

  return g_steal_pointer (&out);
}

/* Regions: suggestions (with their task at hand) and gold answers. */

typedef struct
{
  LimnTaskKind   kind;
  double         width;    /* 0: not known here, checked later */
  double         height;
  LimnTextIndex *text;     /* NULL: not known here */
  LimnProject   *project;  /* NULL: labels checked later */
  gboolean       suggestion;
} RegionRules;

static LimnRegion *
parse_region (JsonObject        *o,
              const char        *ctx,
              const RegionRules *rules,
              GError           **error)
{
  g_autoptr(LimnRegion) region = NULL;
  const char *id, *kind, *label, *model_version = NULL, *text = NULL, *suggestion_id = NULL;
  double score = LIMN_SCORE_UNSET, confidence = LIMN_CONFIDENCE_UNSET;

  if (!get_uuid (o, ctx, "id", FALSE, &id, error) ||
      !get_string (o, ctx, "kind", FALSE, 8, &kind, error) ||
      !get_uuid (o, ctx, "label", FALSE, &label, error) ||
      !get_number (o, ctx, "score", TRUE, 0, 1, &score, error) ||
      !get_number (o, ctx, "confidence", TRUE, 0, 1, &confidence, error) ||
      !get_string (o, ctx, "model_version", TRUE, 256, &model_version, error) ||
      !get_uuid (o, ctx, "suggestion_id", TRUE, &suggestion_id, error))
    return NULL;

  if (rules->project != NULL && limn_project_lookup_label (rules->project, label) == NULL)
    {
      bad (error, ctx, "label", _("is not a label of this project"));
      return NULL;
    }

  if (g_str_equal (kind, "box"))
    {
      JsonArray *box;
      LimnBox b;
      double v[4];

      if (rules->kind != LIMN_TASK_IMAGE)
        {
          bad (error, ctx, "kind", _("is a box on a text task"));
          return NULL;
        }
      if (!get_array (o, ctx, "box", FALSE, 4, &box, error))
        return NULL;
      if (json_array_get_length (box) != 4)
        {
          bad (error, ctx, "box", _("does not have four numbers"));
          return NULL;
        }
      for (guint i = 0; i < 4; i++)
        if (!node_to_double (json_array_get_element (box, i), &v[i]))
          {
            bad (error, ctx, "box", _("does not have four numbers"));
            return NULL;
          }

      b = (LimnBox){ v[0], v[1], v[2], v[3] };
      if (b.w <= 0 || b.h <= 0 || b.x < 0 || b.y < 0 ||
          (rules->width > 0 && (b.x + b.w > rules->width || b.y + b.h > rules->height)))
        {
          bad (error, ctx, "box", _("is empty or outside the image"));
          return NULL;
        }
      region = limn_region_new_box (id, label, &b);
    }
  else if (g_str_equal (kind, "span"))
    {
      gint64 start = 0, end = 0;

      if (rules->kind != LIMN_TASK_TEXT)
        {
          bad (error, ctx, "kind", _("is a span on an image task"));
          return NULL;
        }
      if (!get_int (o, ctx, "start", FALSE, 0, G_MAXINT32, &start, error) ||
          !get_int (o, ctx, "end", FALSE, 0, G_MAXINT32, &end, error) ||
          !get_string (o, ctx, "text", TRUE, LIMN_WIRE_MAX_DOCUMENT, &text, error))
        return NULL;

      if (end <= start ||
          (rules->text != NULL && end > limn_text_index_get_n_chars (rules->text)))
        {
          bad (error, ctx, "end", _("is outside the text"));
          return NULL;
        }
      if (rules->text != NULL && text != NULL)
        {
          g_autofree char *covered = limn_text_index_substring (rules->text, start, end);

          if (!g_str_equal (covered, text))
            {
              bad (error, ctx, "text", _("is not the text the span covers"));
              return NULL;
            }
        }
      region = limn_region_new_span (id, label, start, end, text);
    }
  else
    {
      bad (error, ctx, "kind", _("is not box or span"));
      return NULL;
    }

  region->confidence = confidence;
  if (rules->suggestion)
    limn_region_set_model (region, score, model_version, NULL);
  else if (model_version != NULL || score >= 0)
    limn_region_set_model (region, score, model_version, suggestion_id);

  return g_steal_pointer (&region);
}

static GPtrArray *
parse_regions (JsonArray         *array,
               const char        *ctx,
               const RegionRules *rules,
               GError           **error)
{
  g_autoptr(GPtrArray) regions = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_region_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = array != NULL ? json_array_get_length (array) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *where = g_strdup_printf ("%s[%u]", ctx, i);
      JsonObject *o = element_object (array, i, where, error);
      LimnRegion *region;

      if (o == NULL)
        return NULL;

      region = parse_region (o, where, rules, error);
      if (region == NULL)
        return NULL;
      g_ptr_array_add (regions, region);

      if (!g_hash_table_add (seen, region->id))
        {
          bad (error, where, "id", _("repeats a region id"));
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

/* One assignment with its task, as in claims and in assignment changes. */
static LimnWireAssignment *
parse_assignment (JsonObject   *o,
                  const char   *ctx,
                  const char   *project_id,
                  LimnProject  *project,
                  GError      **error)
{
  g_autoptr(LimnWireAssignment) a = g_new0 (LimnWireAssignment, 1);
  g_autoptr(LimnTextIndex) index = NULL;
  g_autofree char *tctx = g_strdup_printf ("%s.task", ctx);
  g_autofree char *sctx = g_strdup_printf ("%s.task.suggestions", ctx);
  JsonObject *t, *media;
  JsonArray *suggestions;
  const char *assignment_id, *id, *kind, *title, *text = NULL, *language = NULL, *direction = NULL;
  gint64 lease = 0, position = 0;
  RegionRules rules = { 0 };

  if (!get_uuid (o, ctx, "assignment_id", FALSE, &assignment_id, error) ||
      !get_int (o, ctx, "lease_expires_us", FALSE, 1, G_MAXINT64, &lease, error) ||
      !get_object (o, ctx, "task", FALSE, &t, error) ||
      !get_uuid (t, tctx, "id", FALSE, &id, error) ||
      !get_string (t, tctx, "kind", FALSE, 8, &kind, error) ||
      !get_string (t, tctx, "title", FALSE, LIMN_WIRE_MAX_NAME, &title, error) ||
      !get_int (t, tctx, "position", TRUE, 0, G_MAXINT32, &position, error) ||
      !get_array (t, tctx, "suggestions", TRUE, LIMN_WIRE_MAX_REGIONS, &suggestions, error))
    return NULL;

  a->assignment_id = g_strdup (assignment_id);
  a->lease_expires_us = lease;
  rules.project = project;
  rules.suggestion = TRUE;

  if (g_str_equal (kind, "image"))
    {
      const char *sha256, *mime;
      gint64 size = 0, width = 0, height = 0;
      g_autofree char *mctx = g_strdup_printf ("%s.media", tctx);

      if (project != NULL && limn_project_get_kind (project) == LIMN_PROJECT_TEXT)
        {
          bad (error, tctx, "kind", _("is an image in a text project"));
          return NULL;
        }
      if (!get_object (t, tctx, "media", FALSE, &media, error) ||
          !get_string (media, mctx, "sha256", FALSE, 64, &sha256, error) ||
          !get_int (media, mctx, "size", FALSE, 1, LIMN_WIRE_MAX_MEDIA_BYTES, &size, error) ||
          !get_int (media, mctx, "width", FALSE, 1, LIMN_WIRE_MAX_IMAGE_SIDE, &width, error) ||
          !get_int (media, mctx, "height", FALSE, 1, LIMN_WIRE_MAX_IMAGE_SIDE, &height, error) ||
          !get_string (media, mctx, "mime", TRUE, 128, &mime, error))
        return NULL;
      if (!limn_id_is_sha256 (sha256))
        {
          bad (error, mctx, "sha256", _("is not 64 lower-case hex digits"));
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
          bad (error, tctx, "kind", _("is a text in an image project"));
          return NULL;
        }
      if (!get_string (t, tctx, "text", FALSE, LIMN_WIRE_MAX_DOCUMENT, &text, error) ||
          !get_string (t, tctx, "language", TRUE, 35, &language, error) ||
          !get_string (t, tctx, "direction", TRUE, 8, &direction, error))
        return NULL;
      if (language != NULL && !is_language_tag (language))
        {
          bad (error, tctx, "language", _("is not a language tag"));
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
              bad (error, tctx, "direction", _("is not ltr, rtl or auto"));
              return NULL;
            }
        }

      index = limn_text_index_new (text, -1, NULL);
      if (index == NULL)
        {
          bad (error, tctx, "text", _("is not valid text"));
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
      bad (error, tctx, "kind", _("is not image or text"));
      return NULL;
    }

  a->suggestions = parse_regions (suggestions, sctx, &rules, error);
  if (a->suggestions == NULL)
    return NULL;

  return g_steal_pointer (&a);
}

/* POST /api/v1/projects/{id}/claims */

GPtrArray *
limn_wire_parse_claims (GBytes       *body,
                        LimnProject  *project,
                        guint         max_count,
                        GError      **error)
{
  g_autoptr(JsonObject) root = parse_root (body, error);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_wire_assignment_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array;
  guint n;

  g_return_val_if_fail (LIMN_IS_PROJECT (project), NULL);

  if (root == NULL ||
      !get_array (root, "claims", "assignments", FALSE, MIN (max_count, LIMN_WIRE_MAX_CLAIM), &array, error))
    return NULL;

  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *where = g_strdup_printf ("assignments[%u]", i);
      JsonObject *o = element_object (array, i, where, error);
      LimnWireAssignment *a;

      if (o == NULL)
        return NULL;

      a = parse_assignment (o, where, limn_project_get_id (project), project, error);
      if (a == NULL)
        return NULL;
      g_ptr_array_add (out, a);

      if (!g_hash_table_add (seen, (gpointer)limn_task_get_id (a->task)))
        {
          bad (error, where, "task.id", _("repeats a task"));
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

  scan = limn_json_scan_new (data, len, LIMN_WIRE_MAX_DEPTH, NULL);
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

GPtrArray *
limn_wire_parse_results (GBytes     *body,
                         GPtrArray  *item_ids,
                         GError    **error)
{
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GPtrArray) out = NULL;
  JsonArray *array;
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;

  if (data != NULL)
    {
      out = parse_results_scanned (data, len, item_ids);
      if (out != NULL)
        return g_steal_pointer (&out);
    }

  root = parse_root (body, error);
  if (root == NULL ||
      !get_array (root, "batch", "results", FALSE, LIMN_WIRE_MAX_BATCH_ITEMS, &array, error))
    return NULL;

  if (json_array_get_length (array) != item_ids->len)
    {
      bad (error, "batch", "results", _("does not answer every item once"));
      return NULL;
    }

  out = g_ptr_array_new_full (item_ids->len, (GDestroyNotify)limn_wire_result_free);
  for (guint i = 0; i < item_ids->len; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *o;
      const char *id, *status, *reason;
      LimnWireResult *r;
      char where[32];

      g_snprintf (where, sizeof where, "results[%u]", i);
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          bad (error, where, NULL, _("is not an object"));
          return NULL;
        }
      o = json_node_get_object (node);

      if (!get_string (o, where, "id", FALSE, 128, &id, error) ||
          !get_string (o, where, "status", FALSE, 16, &status, error) ||
          !get_string (o, where, "reason", TRUE, LIMN_WIRE_MAX_FIELD, &reason, error))
        return NULL;

      if (!g_str_equal (id, g_ptr_array_index (item_ids, i)))
        {
          bad (error, where, "id", _("is not the item sent in this place"));
          return NULL;
        }

      r = g_new0 (LimnWireResult, 1);
      g_ptr_array_add (out, r);
      r->id = g_strdup (id);
      r->reason = g_strdup (reason);

      if (!status_from_string (status, &r->status))
        {
          bad (error, where, "status", _("is not applied, duplicate, conflict or rejected"));
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

  if (g_str_equal (kind, "assignment"))
    {
      JsonObject *task;

      c->kind = LIMN_WIRE_CHANGE_ASSIGNMENT;
      if (!get_uuid (data, ctx, "project_id", TRUE, &project_id, error) ||
          !get_object (data, ctx, "task", TRUE, &task, error))
        return FALSE;

      if (task != NULL)
        {
          /* Labels are checked against the stored project when applied. */
          if (project_id == NULL)
            return bad (error, ctx, "project_id", _("is missing"));
          c->assignment = parse_assignment (data, ctx, project_id, NULL, error);
          if (c->assignment == NULL)
            return FALSE;
          c->task_id = g_strdup (limn_task_get_id (c->assignment->task));
          c->assignment_id = g_strdup (c->assignment->assignment_id);
          c->lease_expires_us = c->assignment->lease_expires_us;
        }
      else
        {
          if (!get_uuid (data, ctx, "task_id", FALSE, &task_id, error) ||
              !get_uuid (data, ctx, "assignment_id", FALSE, &assignment_id, error) ||
              !get_int (data, ctx, "lease_expires_us", FALSE, 1, G_MAXINT64, &c->lease_expires_us, error))
            return FALSE;
          c->task_id = g_strdup (task_id);
          c->assignment_id = g_strdup (assignment_id);
        }
      c->project_id = g_strdup (project_id);
    }
  else if (g_str_equal (kind, "assignment_expired"))
    {
      c->kind = LIMN_WIRE_CHANGE_ASSIGNMENT_EXPIRED;
      if (!get_uuid (data, ctx, "task_id", FALSE, &task_id, error) ||
          !get_uuid (data, ctx, "assignment_id", TRUE, &assignment_id, error))
        return FALSE;
      c->task_id = g_strdup (task_id);
      c->assignment_id = g_strdup (assignment_id);
    }
  else if (g_str_equal (kind, "guidelines"))
    {
      c->kind = LIMN_WIRE_CHANGE_GUIDELINES;
      if (!get_uuid (data, ctx, "project_id", FALSE, &project_id, error) ||
          !get_int (data, ctx, "version", FALSE, 0, G_MAXINT32, &c->version, error) ||
          !get_string (data, ctx, "body", FALSE, LIMN_WIRE_MAX_DOCUMENT, &body, error))
        return FALSE;
      c->project_id = g_strdup (project_id);
      c->body = g_strdup (body);
    }
  else if (g_str_equal (kind, "labels"))
    {
      JsonArray *labels;
      g_autofree char *lctx = g_strdup_printf ("%s.labels", ctx);

      c->kind = LIMN_WIRE_CHANGE_LABELS;
      if (!get_uuid (data, ctx, "project_id", FALSE, &project_id, error) ||
          !get_array (data, ctx, "labels", FALSE, LIMN_WIRE_MAX_LABELS, &labels, error))
        return FALSE;
      c->project_id = g_strdup (project_id);
      c->labels = parse_labels (labels, lctx, error);
      if (c->labels == NULL)
        return FALSE;
    }
  else if (g_str_equal (kind, "gold"))
    {
      JsonArray *regions;
      JsonNode *node;
      g_autofree char *rctx = g_strdup_printf ("%s.regions", ctx);
      /* Bounds and labels need the stored task: checked when applied. */
      RegionRules box_rules = { LIMN_TASK_IMAGE, 0, 0, NULL, NULL, FALSE };
      RegionRules span_rules = { LIMN_TASK_TEXT, 0, 0, NULL, NULL, FALSE };
      g_autoptr(GError) box_error = NULL;

      c->kind = LIMN_WIRE_CHANGE_GOLD;
      if (!get_uuid (data, ctx, "task_id", FALSE, &task_id, error) ||
          !get_array (data, ctx, "regions", FALSE, LIMN_WIRE_MAX_REGIONS, &regions, error))
        return FALSE;
      c->task_id = g_strdup (task_id);

      /* All boxes or all spans. */
      c->regions = parse_regions (regions, rctx, &box_rules, &box_error);
      if (c->regions == NULL)
        {
          c->regions = parse_regions (regions, rctx, &span_rules, NULL);
          if (c->regions == NULL)
            {
              g_propagate_error (error, g_steal_pointer (&box_error));
              return FALSE;
            }
        }

      node = json_object_get_member (data, "regions");
      c->regions_json = json_to_string (node, FALSE);
    }
  else
    c->kind = LIMN_WIRE_CHANGE_UNKNOWN;

  return TRUE;
}

LimnWireChanges *
limn_wire_parse_changes (GBytes  *body,
                         guint    limit,
                         GError **error)
{
  g_autoptr(JsonObject) root = parse_root (body, error);
  g_autoptr(LimnWireChanges) out = NULL;
  JsonArray *array;
  const char *cursor;
  gint64 last_seq = G_MININT64;
  guint n;

  if (root == NULL)
    return NULL;

  out = g_new0 (LimnWireChanges, 1);
  out->changes = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_wire_change_free);

  if (!get_array (root, "changes", "changes", FALSE, MIN (limit, LIMN_WIRE_MAX_CHANGES), &array, error) ||
      !get_string (root, "changes", "cursor", FALSE, 256, &cursor, error) ||
      !get_bool (root, "changes", "more", &out->more, error))
    return NULL;

  if (cursor[0] == '\0')
    {
      bad (error, "changes", "cursor", _("is empty"));
      return NULL;
    }
  out->cursor = g_strdup (cursor);

  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *where = g_strdup_printf ("changes[%u]", i);
      g_autofree char *dctx = g_strdup_printf ("changes[%u].data", i);
      JsonObject *o = element_object (array, i, where, error);
      JsonObject *data;
      const char *kind;
      LimnWireChange *c;

      if (o == NULL)
        return NULL;

      c = g_new0 (LimnWireChange, 1);
      g_ptr_array_add (out->changes, c);

      if (!get_int (o, where, "seq", FALSE, 0, G_MAXINT64, &c->seq, error) ||
          !get_string (o, where, "kind", FALSE, 64, &kind, error) ||
          !get_object (o, where, "data", FALSE, &data, error))
        return NULL;

      if (c->seq <= last_seq)
        {
          bad (error, where, "seq", _("is not in increasing order"));
          return NULL;
        }
      last_seq = c->seq;

      if (!parse_change_data (c, kind, data, dctx, error))
        return NULL;
    }

  return g_steal_pointer (&out);
}

char *
limn_wire_parse_error (GBytes *body)
{
  g_autoptr(JsonObject) root = NULL;
  JsonObject *err;
  const char *message = NULL, *code = NULL;

  if (body == NULL || g_bytes_get_size (body) > 1024 * 1024)
    return NULL;

  root = parse_root (body, NULL);
  if (root == NULL ||
      !get_object (root, "error", "error", FALSE, &err, NULL) ||
      !get_string (err, "error", "code", TRUE, 64, &code, NULL) ||
      !get_string (err, "error", "message", TRUE, 4096, &message, NULL))
    return NULL;

  if (message != NULL && message[0] != '\0')
    return g_strdup (message);

  return g_strdup (code);
}

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
