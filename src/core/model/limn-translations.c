/* limn-translations.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-model"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "limn-translations.h"

GHashTable *
limn_translations_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* The subset of BCP 47 a project needs: a primary language subtag of two
 * or three letters, then subtags of two to eight letters or digits
 * (script, region, variant), separated by "-". Private-use and extension
 * singletons are refused: no locale names them. */
gboolean
limn_language_tag_is_valid (const char *tag)
{
  g_auto(GStrv) parts = NULL;
  gsize len;

  if (tag == NULL || tag[0] == '\0')
    return FALSE;

  parts = g_strsplit (tag, "-", -1);
  len = strlen (parts[0]);
  if (len < 2 || len > 3)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalpha (parts[0][i]))
      return FALSE;

  for (guint p = 1; parts[p] != NULL; p++)
    {
      len = strlen (parts[p]);
      if (len < 2 || len > 8)
        return FALSE;
      for (gsize i = 0; i < len; i++)
        if (!g_ascii_isalnum (parts[p][i]))
          return FALSE;
    }

  return TRUE;
}

/* "de_DE.UTF-8@euro" → "de-DE"; NULL for "C" and "POSIX". */
static char *
locale_to_tag (const char *locale)
{
  g_autofree char *tag = g_strndup (locale, strcspn (locale, ".@"));

  g_strdelimit (tag, "_", '-');
  if (!limn_language_tag_is_valid (tag))
    return NULL;

  return g_steal_pointer (&tag);
}

/* The first of @languages (locale names in order of preference, as
 * g_get_language_names() gives them: "de_DE.UTF-8", "de_DE", "de", "C")
 * that @translations has, tags compared without regard to case; NULL if
 * none. */
const char *
limn_translations_lookup (GHashTable         *translations,
                          const char * const *languages)
{
  if (translations == NULL || g_hash_table_size (translations) == 0)
    return NULL;

  if (languages == NULL)
    languages = g_get_language_names ();

  for (guint i = 0; languages[i] != NULL; i++)
    {
      g_autofree char *want = locale_to_tag (languages[i]);
      GHashTableIter iter;
      gpointer key, value;

      if (want == NULL)
        continue;

      g_hash_table_iter_init (&iter, translations);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (g_ascii_strcasecmp (key, want) == 0)
          return value;
    }

  return NULL;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* A JSON object, tags sorted so equal tables give equal text. */
char *
limn_translations_to_json (GHashTable *translations)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree gpointer *keys = NULL;
  guint n = 0;

  if (translations != NULL)
    keys = g_hash_table_get_keys_as_array (translations, &n);
  if (n > 0)
    qsort (keys, n, sizeof (gpointer), compare_keys);

  json_builder_begin_object (builder);
  for (guint i = 0; i < n; i++)
    {
      json_builder_set_member_name (builder, keys[i]);
      json_builder_add_string_value (builder, g_hash_table_lookup (translations, keys[i]));
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* Reads what limn_translations_to_json() wrote; an empty string is an
 * empty table (rows written before translations existed). */
GHashTable *
limn_translations_from_json (const char  *json,
                             GError     **error)
{
  g_autoptr(GHashTable) out = limn_translations_new ();
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *obj;
  JsonObjectIter iter;
  const char *tag;
  JsonNode *node;

  if (json == NULL || json[0] == '\0')
    return g_steal_pointer (&out);

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                   "Translations must be a JSON object");
      return NULL;
    }

  obj = json_node_get_object (json_parser_get_root (parser));
  json_object_iter_init (&iter, obj);
  while (json_object_iter_next (&iter, &tag, &node))
    {
      if (!limn_language_tag_is_valid (tag) || !JSON_NODE_HOLDS_VALUE (node) ||
          json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                       "Bad translation “%s”", tag);
          return NULL;
        }
      g_hash_table_insert (out, g_strdup (tag), g_strdup (json_node_get_string (node)));
    }

  return g_steal_pointer (&out);
}

gboolean
limn_translations_read_object (JsonObject  *obj,
                               gsize        max_len,
                               GHashTable  *into,
                               GError     **error)
{
  g_autoptr(GHashTable) read = limn_translations_new ();
  JsonObjectIter iter;
  const char *tag;
  JsonNode *node;
  GHashTableIter copy;
  gpointer key, value;

  json_object_iter_init (&iter, obj);
  while (json_object_iter_next (&iter, &tag, &node))
    {
      const char *text = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                         ? json_node_get_string (node) : NULL;
      g_autofree char *trimmed = text != NULL ? g_strstrip (g_strdup (text)) : NULL;

      if (!limn_language_tag_is_valid (tag))
        {
          g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                       _("“%s” is not a language tag"), tag);
          return FALSE;
        }
      if (text == NULL || trimmed[0] == '\0' || strlen (text) > max_len)
        {
          g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                       _("the text for “%s” is not a string, blank or too long"), tag);
          return FALSE;
        }
      g_hash_table_insert (read, g_strdup (tag), g_strdup (text));
    }

  g_hash_table_iter_init (&copy, read);
  while (g_hash_table_iter_next (&copy, &key, &value))
    g_hash_table_insert (into, g_strdup (key), g_strdup (value));
  return TRUE;
}

char *
limn_translations_canonical (const char *json)
{
  g_autoptr(GHashTable) table = NULL;

  if (json == NULL || json[0] == '\0')
    return NULL;
  table = limn_translations_from_json (json, NULL);
  if (table == NULL || g_hash_table_size (table) == 0)
    return NULL;
  return limn_translations_to_json (table);
}
