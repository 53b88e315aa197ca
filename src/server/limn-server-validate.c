/* limn-server-validate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "model/limn-geometry.h"
#include "model/limn-region.h"
#include "json/limn-json-reader.h"
#include "limn-server-validate.h"

GHashTable *
limn_server_label_set (const LimnServerProject *project)
{
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; project->labels != NULL && i < project->labels->len; i++)
    {
      LimnServerLabel *label = g_ptr_array_index (project->labels, i);

      /* A retired label stays on the annotations that used it and is
       * refused in new work (docs/review.md). */
      if (label->retired_us == 0)
        g_hash_table_add (set, g_strdup (label->id));
    }

  return set;
}

static gboolean
fail (GError     **error,
      const char  *where,
      const char  *message)
{
  g_set_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_RANGE,
               "%s: %s", where, message);
  return FALSE;
}

static LimnRegion *
check_region (JsonObject            *obj,
              const LimnServerTask  *task,
              GHashTable            *label_ids,
              LimnTextIndex         *index,
              const char            *where,
              GError               **error)
{
  g_autoptr(LimnRegion) region = NULL;
  const char *id = NULL, *kind = NULL, *label = NULL, *source = NULL;
  const char *model_version = NULL, *suggestion_id = NULL;
  double confidence = LIMN_CONFIDENCE_UNSET, score = LIMN_SCORE_UNSET;
  gboolean is_image = g_strcmp0 (task->kind, "image") == 0;

  if (!limn_json_reader_get_uuid (obj, "id", LIMN_JSON_READER_REQUIRED, &id, where, error) ||
      !limn_json_reader_get_string (obj, "kind", LIMN_JSON_READER_REQUIRED, 16, &kind,
                                    where, error) ||
      !limn_json_reader_get_string (obj, "label", LIMN_JSON_READER_REQUIRED, 64, &label,
                                    where, error) ||
      !limn_json_reader_get_double (obj, "confidence", LIMN_JSON_READER_OPTIONAL, 0, 1, &confidence,
                                    where, error) ||
      !limn_json_reader_get_string (obj, "source", LIMN_JSON_READER_OPTIONAL, 16, &source,
                                    where, error) ||
      !limn_json_reader_get_double (obj, "score", LIMN_JSON_READER_OPTIONAL, 0, 1, &score,
                                    where, error) ||
      !limn_json_reader_get_string (obj, "model_version", LIMN_JSON_READER_OPTIONAL, 256,
                                    &model_version, where, error) ||
      !limn_json_reader_get_uuid (obj, "suggestion_id", LIMN_JSON_READER_OPTIONAL, &suggestion_id,
                                  where, error))
    return NULL;

  if (!g_hash_table_contains (label_ids, label))
    {
      fail (error, where, _("unknown label"));
      return NULL;
    }

  if (source != NULL && !g_str_equal (source, "human") && !g_str_equal (source, "model"))
    {
      fail (error, where, _("“source” must be human or model"));
      return NULL;
    }

  if (g_str_equal (kind, "box"))
    {
      JsonArray *array = NULL;
      LimnBox box;

      if (!is_image)
        {
          fail (error, where, _("a text task takes spans, not boxes"));
          return NULL;
        }

      if (!limn_json_reader_get_array (obj, "box", LIMN_JSON_READER_REQUIRED, 0, &array,
                                       where, error))
        return NULL;

      if (json_array_get_length (array) != 4 ||
          !limn_json_reader_node_number (json_array_get_element (array, 0), &box.x) ||
          !limn_json_reader_node_number (json_array_get_element (array, 1), &box.y) ||
          !limn_json_reader_node_number (json_array_get_element (array, 2), &box.w) ||
          !limn_json_reader_node_number (json_array_get_element (array, 3), &box.h))
        {
          fail (error, where, _("“box” must be [x, y, width, height], four finite numbers"));
          return NULL;
        }

      if (!limn_box_is_valid (&box, task->width, task->height))
        {
          g_autofree char *message = NULL;

          if (box.w <= 0 || box.h <= 0)
            message = g_strdup (_("the box is empty"));
          else
            /* Translators: the image's width × height in pixels */
            message = g_strdup_printf (_("the box is outside the %" PRId64 "×%"
                                         PRId64 " image"),
                                       task->width, task->height);
          fail (error, where, message);
          return NULL;
        }

      region = limn_region_new_box (id, label, &box);
    }
  else if (g_str_equal (kind, "span"))
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *covered = NULL;
      const char *text = NULL;
      gint64 start = 0, end = 0;

      if (is_image || index == NULL)
        {
          fail (error, where, _("an image task takes boxes, not spans"));
          return NULL;
        }

      if (!limn_json_reader_get_whole (obj, "start", LIMN_JSON_READER_REQUIRED, 0, G_MAXINT64,
                                       &start, where, error) ||
          !limn_json_reader_get_whole (obj, "end", LIMN_JSON_READER_REQUIRED, 0, G_MAXINT64,
                                       &end, where, error) ||
          !limn_json_reader_get_string (obj, "text", LIMN_JSON_READER_REQUIRED, 0, &text,
                                        where, error))
        return NULL;

      if (start >= end)
        {
          fail (error, where, _("a span must cover at least one character (start < end)"));
          return NULL;
        }

      if (!limn_text_index_check_range (index, start, end, &local_error))
        {
          fail (error, where, local_error->message);
          return NULL;
        }

      covered = limn_text_index_substring (index, start, end);
      if (strcmp (covered, text) != 0)
        {
          fail (error, where, _("“text” differs from the text the span covers"));
          return NULL;
        }

      region = limn_region_new_span (id, label, start, end, covered);
    }
  else
    {
      fail (error, where, _("“kind” must be box or span"));
      return NULL;
    }

  region->confidence = confidence;
  if (g_strcmp0 (source, "model") == 0 || score >= 0 || model_version != NULL ||
      suggestion_id != NULL)
    limn_region_set_model (region, score, model_version, suggestion_id);

  return g_steal_pointer (&region);
}

JsonArray *
limn_server_check_regions (JsonArray             *regions,
                           const LimnServerTask  *task,
                           GHashTable            *label_ids,
                           LimnTextIndex         *index,
                           GError               **error)
{
  g_autoptr(JsonArray) canonical = json_array_new ();
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = json_array_get_length (regions);

  if (n > LIMN_SERVER_MAX_REGIONS)
    {
      g_set_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_RANGE,
                   _("more than %d regions"), LIMN_SERVER_MAX_REGIONS);
      return NULL;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (regions, i);
      g_autofree char *where = g_strdup_printf (_("region %u"), i + 1);
      g_autoptr(LimnRegion) region = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          fail (error, where, _("must be an object"));
          return NULL;
        }

      region = check_region (json_node_get_object (node), task, label_ids, index, where, error);
      if (region == NULL)
        return NULL;

      if (g_hash_table_contains (ids, region->id))
        {
          fail (error, where, _("the id is used by another region"));
          return NULL;
        }
      /* The id lives in the canonical array, which outlives this set. */
      json_array_add_object_element (canonical, limn_region_to_json (region));
      g_hash_table_add (ids, (gpointer)json_object_get_string_member (
        json_array_get_object_element (canonical, json_array_get_length (canonical) - 1), "id"));
    }

  return g_steal_pointer (&canonical);
}
