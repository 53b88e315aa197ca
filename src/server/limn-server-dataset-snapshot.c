/* limn-server-dataset-snapshot.c
 *
 * {"limn_dataset": 1, "attrs": {…}, "labels": [{"name", "id", "color",
 *  "attrs"}], "items": [{"kind", "name", "width", "height" | "text",
 *  "attrs", "annotations": [SET], "suggestions": [SET]}]}
 * SET: {"annotator", "model", "model_version", "regions": [REGION]}
 * REGION: {"kind", "label" (an index), "box" | "start", "end", "text",
 *  "score", "id", "group", "attrs"}
 * Absent values are left out; attributes keep their order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "formats/limn-format.h"
#include "json/limn-json-writer.h"
#include "limn-server-dataset-snapshot.h"

#define SNAPSHOT_VERSION 1

const char * const limn_server_snapshot_attrs[] = {
  "id", "name", "kind", "dataset_version", "guideline_version", NULL
};

static void
member (GString    *out,
        gboolean   *first,
        const char *name)
{
  if (!*first)
    g_string_append_c (out, ',');
  *first = FALSE;
  limn_json_writer_append_string (out, name);
  g_string_append_c (out, ':');
}

static void
string_member (GString    *out,
               gboolean   *first,
               const char *name,
               const char *value)
{
  if (value == NULL)
    return;
  member (out, first, name);
  limn_json_writer_append_string (out, value);
}

static void
attrs_member (GString    *out,
              gboolean   *first,
              LimnAttrs   attrs)
{
  gboolean inner = TRUE;

  if (attrs == NULL || attrs[0] == NULL)
    return;
  member (out, first, "attrs");
  g_string_append_c (out, '[');
  /* Pairs in an array, not an object: the order is part of the bytes. */
  for (guint k = 0; attrs[k] != NULL && attrs[k + 1] != NULL; k += 2)
    {
      if (!inner)
        g_string_append_c (out, ',');
      inner = FALSE;
      g_string_append_c (out, '[');
      limn_json_writer_append_string (out, attrs[k]);
      g_string_append_c (out, ',');
      limn_json_writer_append_string (out, attrs[k + 1]);
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, ']');
}

static void
write_region (GString                 *out,
              const LimnDatasetRegion *r)
{
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  string_member (out, &first, "kind", r->kind == LIMN_REGION_BOX ? "box" : "span");
  member (out, &first, "label");
  limn_json_writer_append_int (out, r->label);
  if (r->kind == LIMN_REGION_BOX)
    {
      member (out, &first, "box");
      g_string_append_c (out, '[');
      limn_json_writer_append_double (out, r->box.x);
      g_string_append_c (out, ',');
      limn_json_writer_append_double (out, r->box.y);
      g_string_append_c (out, ',');
      limn_json_writer_append_double (out, r->box.w);
      g_string_append_c (out, ',');
      limn_json_writer_append_double (out, r->box.h);
      g_string_append_c (out, ']');
    }
  else
    {
      member (out, &first, "start");
      limn_json_writer_append_int (out, r->start);
      member (out, &first, "end");
      limn_json_writer_append_int (out, r->end);
      string_member (out, &first, "text", r->text);
    }
  if (r->score >= 0)
    {
      member (out, &first, "score");
      limn_json_writer_append_double (out, r->score);
    }
  string_member (out, &first, "id", r->id);
  string_member (out, &first, "group", r->group);
  attrs_member (out, &first, r->attrs);
  g_string_append_c (out, '}');
}

static void
write_sets (GString    *out,
            gboolean   *first,
            const char *name,
            GPtrArray  *sets)
{
  if (sets == NULL || sets->len == 0)
    return;
  member (out, first, name);
  g_string_append_c (out, '[');
  for (guint s = 0; s < sets->len; s++)
    {
      const LimnDatasetAnnotation *a = g_ptr_array_index (sets, s);
      gboolean inner = TRUE;

      if (s > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');
      string_member (out, &inner, "annotator", a->annotator);
      string_member (out, &inner, "model", a->model);
      string_member (out, &inner, "model_version", a->model_version);
      member (out, &inner, "regions");
      g_string_append (out, "[\n");
      for (guint i = 0; i < a->regions->len; i++)
        {
          if (i > 0)
            g_string_append (out, ",\n");
          write_region (out, &g_array_index (a->regions, LimnDatasetRegion, i));
        }
      g_string_append (out, "]}");
    }
  g_string_append_c (out, ']');
}

static void
write_item (GString         *out,
            LimnDatasetItem *item)
{
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  string_member (out, &first, "kind", item->kind == LIMN_TASK_TEXT ? "text" : "image");
  string_member (out, &first, "name", item->name);
  if (item->kind == LIMN_TASK_TEXT)
    string_member (out, &first, "text", item->text);
  else
    {
      member (out, &first, "width");
      limn_json_writer_append_int (out, item->width);
      member (out, &first, "height");
      limn_json_writer_append_int (out, item->height);
    }
  attrs_member (out, &first, item->attrs);
  write_sets (out, &first, "annotations", item->annotations);
  write_sets (out, &first, "suggestions", item->suggestions);
  g_string_append_c (out, '}');
}

GBytes *
limn_server_snapshot_write (LimnDataset *dataset)
{
  GString *out = g_string_new (NULL);
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  member (out, &first, "limn_dataset");
  limn_json_writer_append_int (out, SNAPSHOT_VERSION);

  member (out, &first, "attrs");
  g_string_append_c (out, '[');
  {
    gboolean inner = TRUE;

    for (guint k = 0; limn_server_snapshot_attrs[k] != NULL; k++)
      {
        const char *value = limn_dataset_get_attr (dataset, limn_server_snapshot_attrs[k]);

        if (value == NULL)
          continue;
        if (!inner)
          g_string_append_c (out, ',');
        inner = FALSE;
        g_string_append_c (out, '[');
        limn_json_writer_append_string (out, limn_server_snapshot_attrs[k]);
        g_string_append_c (out, ',');
        limn_json_writer_append_string (out, value);
        g_string_append_c (out, ']');
      }
  }
  g_string_append (out, "]");

  member (out, &first, "labels");
  g_string_append (out, "[\n");
  for (guint i = 0; i < limn_dataset_get_n_labels (dataset); i++)
    {
      const LimnDatasetLabel *l = limn_dataset_get_label (dataset, i);
      gboolean inner = TRUE;

      if (i > 0)
        g_string_append (out, ",\n");
      g_string_append_c (out, '{');
      string_member (out, &inner, "name", l->name);
      string_member (out, &inner, "id", l->id);
      string_member (out, &inner, "color", l->color);
      attrs_member (out, &inner, l->attrs);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "],\n");

  limn_json_writer_append_string (out, "items");
  g_string_append (out, ":[\n");
  for (guint i = 0; i < limn_dataset_get_n_items (dataset); i++)
    {
      if (i > 0)
        g_string_append (out, ",\n");
      write_item (out, limn_dataset_get_item (dataset, i));
    }
  g_string_append (out, "]}\n");

  return g_string_free_to_bytes (out);
}

/* Reading */

static gboolean
malformed (GError     **error,
           const char  *what)
{
  g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_MALFORMED,
               _("The dataset snapshot is damaged: %s."), what);
  return FALSE;
}

static const char *
get_string (JsonObject *o,
            const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

static gboolean
get_number (JsonObject *o,
            const char *name,
            double     *out)
{
  JsonNode *n = json_object_get_member (o, name);
  GType t = n && JSON_NODE_HOLDS_VALUE (n) ? json_node_get_value_type (n) : G_TYPE_INVALID;

  if (t != G_TYPE_INT64 && t != G_TYPE_DOUBLE)
    return FALSE;
  *out = json_node_get_double (n);
  return TRUE;
}

static gboolean
read_attrs (JsonObject  *o,
            LimnAttrs   *attrs,
            GError     **error)
{
  JsonNode *n = json_object_get_member (o, "attrs");
  JsonArray *pairs;

  if (n == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (n))
    return malformed (error, "attrs");
  pairs = json_node_get_array (n);
  for (guint k = 0; k < json_array_get_length (pairs); k++)
    {
      JsonNode *p = json_array_get_element (pairs, k);
      JsonArray *pair = JSON_NODE_HOLDS_ARRAY (p) ? json_node_get_array (p) : NULL;
      JsonNode *key, *value;

      if (pair == NULL || json_array_get_length (pair) != 2)
        return malformed (error, "attrs");
      key = json_array_get_element (pair, 0);
      value = json_array_get_element (pair, 1);
      if (json_node_get_value_type (key) != G_TYPE_STRING ||
          json_node_get_value_type (value) != G_TYPE_STRING)
        return malformed (error, "attrs");
      limn_attrs_set (attrs, json_node_get_string (key), json_node_get_string (value));
    }
  return TRUE;
}

static gboolean
read_region (LimnDataset           *dataset,
             LimnDatasetAnnotation *set,
             JsonObject            *o,
             GError               **error)
{
  const char *kind = get_string (o, "kind");
  double label, score;
  LimnDatasetRegion *r;

  if (kind == NULL || !get_number (o, "label", &label) || label < 0 ||
      label >= limn_dataset_get_n_labels (dataset))
    return malformed (error, "region");

  if (g_str_equal (kind, "box"))
    {
      JsonNode *n = json_object_get_member (o, "box");
      JsonArray *a = n && JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
      LimnBox box;

      if (a == NULL || json_array_get_length (a) != 4)
        return malformed (error, "box");
      box.x = json_array_get_double_element (a, 0);
      box.y = json_array_get_double_element (a, 1);
      box.w = json_array_get_double_element (a, 2);
      box.h = json_array_get_double_element (a, 3);
      r = limn_dataset_annotation_add_box (set, (guint)label, &box);
    }
  else if (g_str_equal (kind, "span"))
    {
      double start, end;

      if (!get_number (o, "start", &start) || !get_number (o, "end", &end))
        return malformed (error, "span");
      r = limn_dataset_annotation_add_span (set, (guint)label, (gint64)start, (gint64)end,
                                            get_string (o, "text"));
    }
  else
    return malformed (error, "region kind");

  if (get_number (o, "score", &score))
    r->score = score;
  r->id = g_strdup (get_string (o, "id"));
  r->group = g_strdup (get_string (o, "group"));
  return read_attrs (o, &r->attrs, error);
}

static gboolean
read_sets (LimnDataset      *dataset,
           LimnDatasetItem  *item,
           JsonObject       *o,
           gboolean          suggestions,
           GError          **error)
{
  JsonNode *n = json_object_get_member (o, suggestions ? "suggestions" : "annotations");
  JsonArray *sets;

  if (n == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (n))
    return malformed (error, "annotations");
  sets = json_node_get_array (n);
  for (guint s = 0; s < json_array_get_length (sets); s++)
    {
      JsonNode *sn = json_array_get_element (sets, s);
      JsonObject *so = JSON_NODE_HOLDS_OBJECT (sn) ? json_node_get_object (sn) : NULL;
      JsonNode *rn = so ? json_object_get_member (so, "regions") : NULL;
      LimnDatasetAnnotation *set;
      JsonArray *regions;

      if (rn == NULL || !JSON_NODE_HOLDS_ARRAY (rn))
        return malformed (error, "annotation");
      if (suggestions)
        set = limn_dataset_item_suggestion (item, get_string (so, "model"),
                                            get_string (so, "model_version"));
      else
        set = limn_dataset_item_annotation (item, get_string (so, "annotator"));

      regions = json_node_get_array (rn);
      for (guint i = 0; i < json_array_get_length (regions); i++)
        {
          JsonNode *r = json_array_get_element (regions, i);

          if (!JSON_NODE_HOLDS_OBJECT (r) ||
              !read_region (dataset, set, json_node_get_object (r), error))
            return r != NULL && JSON_NODE_HOLDS_OBJECT (r) ? FALSE : malformed (error, "region");
        }
    }
  return TRUE;
}

static gboolean
read_item (LimnDataset  *dataset,
           JsonObject   *o,
           GError      **error)
{
  const char *kind = get_string (o, "kind");
  const char *name = get_string (o, "name");
  LimnDatasetItem *item;

  if (kind == NULL || name == NULL)
    return malformed (error, "item");

  if (g_str_equal (kind, "text"))
    {
      const char *text = get_string (o, "text");

      if (text == NULL)
        return malformed (error, "item text");
      item = limn_dataset_add_text (dataset, name, text);
    }
  else
    {
      double w, h;

      if (!get_number (o, "width", &w) || !get_number (o, "height", &h))
        return malformed (error, "item size");
      /* No path: the output names each image and never depends on where
       * the server keeps it. */
      item = limn_dataset_add_image (dataset, name, NULL, (int)w, (int)h);
    }

  return read_attrs (o, &item->attrs, error) &&
         read_sets (dataset, item, o, FALSE, error) &&
         read_sets (dataset, item, o, TRUE, error);
}

LimnDataset *
limn_server_snapshot_read (GBytes  *snapshot,
                           GError **error)
{
  g_autoptr(LimnDataset) dataset = limn_dataset_new ();
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (snapshot, &size);
  JsonObject *root;
  JsonNode *n;
  double version;
  LimnAttrs attrs = NULL;

  if (!json_parser_load_from_data (parser, data ? data : "", size, &local_error))
    {
      malformed (error, local_error->message);
      return NULL;
    }
  n = json_parser_get_root (parser);
  root = n && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
  if (root == NULL || !get_number (root, "limn_dataset", &version) || version != SNAPSHOT_VERSION)
    {
      malformed (error, "not a snapshot of this version");
      return NULL;
    }

  if (!read_attrs (root, &attrs, error))
    {
      g_strfreev (attrs);
      return NULL;
    }
  for (guint k = 0; attrs != NULL && attrs[k] != NULL && attrs[k + 1] != NULL; k += 2)
    limn_dataset_set_attr (dataset, attrs[k], attrs[k + 1]);
  g_strfreev (attrs);

  n = json_object_get_member (root, "labels");
  if (n == NULL || !JSON_NODE_HOLDS_ARRAY (n))
    {
      malformed (error, "labels");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (n)); i++)
    {
      JsonNode *ln = json_array_get_element (json_node_get_array (n), i);
      JsonObject *lo = JSON_NODE_HOLDS_OBJECT (ln) ? json_node_get_object (ln) : NULL;
      const char *name = lo ? get_string (lo, "name") : NULL;
      guint index;

      if (name == NULL)
        {
          malformed (error, "label");
          return NULL;
        }
      index = limn_dataset_add_label (dataset, name, get_string (lo, "id"), get_string (lo, "color"));
      if (!read_attrs (lo, &limn_dataset_edit_label (dataset, index)->attrs, error))
        return NULL;
    }

  n = json_object_get_member (root, "items");
  if (n == NULL || !JSON_NODE_HOLDS_ARRAY (n))
    {
      malformed (error, "items");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (json_node_get_array (n)); i++)
    {
      JsonNode *in = json_array_get_element (json_node_get_array (n), i);

      if (!JSON_NODE_HOLDS_OBJECT (in))
        {
          malformed (error, "item");
          return NULL;
        }
      if (!read_item (dataset, json_node_get_object (in), error))
        return NULL;
    }

  return g_steal_pointer (&dataset);
}
