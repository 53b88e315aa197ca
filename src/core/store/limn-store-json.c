/* limn-store-json.c
 *
 * The store's few JSON columns: string vectors (a review item's reasons,
 * annotators, labels) and pinned comments, written compactly and read
 * back strictly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "limn-store-private.h"
#include "model/limn-review.h"

static char *
array_to_string (JsonArray *array)
{
  g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), array);

  return json_to_string (node, FALSE);
}

char *
limn_store_strv_to_json (const char * const *strv)
{
  g_autoptr(JsonArray) array = json_array_new ();

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);

  return array_to_string (array);
}

/* @o's string member, or NULL (absent, null or not a string). */
static const char *
string_member (JsonObject *o,
               const char *member)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* The array in @json, or NULL when it is not one. */
static JsonNode *
parse_array (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return NULL;

  return json_node_copy (root);
}

GStrv
limn_store_strv_from_json (const char *json)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(JsonNode) root = parse_array (json);
  JsonArray *array;

  if (root == NULL)
    return g_strv_builder_end (builder);

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
    }

  return g_strv_builder_end (builder);
}

char *
limn_store_comments_to_json (GPtrArray *comments)
{
  g_autoptr(JsonArray) array = json_array_new ();

  for (guint i = 0; comments != NULL && i < comments->len; i++)
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

  return array_to_string (array);
}

gboolean
limn_store_comments_from_json (const char  *json,
                               GPtrArray   *out,
                               GError     **error)
{
  g_autoptr(JsonNode) root = parse_array (json);
  JsonArray *array;

  if (root == NULL)
    goto bad;

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *o;
      LimnReviewComment *c;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        goto bad;
      o = json_node_get_object (node);
      if (string_member (o, "id") == NULL || string_member (o, "body") == NULL)
        goto bad;

      c = limn_review_comment_new (string_member (o, "region_id"), string_member (o, "body"));
      g_free (c->id);
      c->id = g_strdup (string_member (o, "id"));
      g_ptr_array_add (out, c);
    }

  return TRUE;

bad:
  g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_CORRUPT,
               _("A review’s comments in the database are damaged."));
  return FALSE;
}
