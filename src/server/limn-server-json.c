/* limn-server-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "limn-server-json.h"
#include "model/limn-id.h"

G_DEFINE_QUARK (limn-json-error-quark, limn_json_error)

/* One pass over the raw text, before json-glib sees it: nesting depth
 * outside strings, and "\u0000" escapes inside them. */
static gboolean
prescan (const char  *data,
         gsize        length,
         GError     **error)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            {
              if (i + 5 < length && data[i + 1] == 'u' &&
                  memcmp (data + i + 2, "0000", 4) == 0)
                {
                  g_set_error (error, LIMN_JSON_ERROR, LIMN_JSON_ERROR_SYNTAX,
                               _("Strings must not contain NUL characters (\\u0000)."));
                  return FALSE;
                }
              i++;
            }
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          break;
        case '[':
        case '{':
          if (++depth > LIMN_JSON_MAX_DEPTH)
            {
              g_set_error (error, LIMN_JSON_ERROR, LIMN_JSON_ERROR_SYNTAX,
                           _("The JSON is nested more than %d levels deep."),
                           LIMN_JSON_MAX_DEPTH);
              return FALSE;
            }
          break;
        case ']':
        case '}':
          if (depth > 0)
            depth--;
          break;
        default:
          break;
        }
    }

  return TRUE;
}

JsonNode *
limn_json_parse_object (const char  *data,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (length > G_MAXSSIZE)
    length = G_MAXSSIZE;

  if (length > 0 && !g_utf8_validate_len (data, length, NULL))
    {
      g_set_error (error, LIMN_JSON_ERROR, LIMN_JSON_ERROR_SYNTAX,
                   _("The body is not valid UTF-8."));
      return NULL;
    }

  if (!prescan (data, length, error))
    return NULL;

  /* Immutable: the parser shares strings instead of copying them. */
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, length > 0 ? data : "", length, &local_error))
    {
      g_set_error (error, LIMN_JSON_ERROR, LIMN_JSON_ERROR_SYNTAX,
                   _("The body is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, LIMN_JSON_ERROR, LIMN_JSON_ERROR_SYNTAX,
                   _("The body must be a JSON object."));
      return NULL;
    }

  return json_node_ref (root);
}

static char *
path_of (const char *where,
         const char *member)
{
  if (where == NULL || where[0] == '\0')
    return g_strdup (member);
  return g_strdup_printf ("%s.%s", where, member);
}

/* Looks @member up; %NULL for absent or null. */
static JsonNode *
lookup (JsonObject    *object,
        const char    *member,
        LimnJsonFlags  flags,
        const char    *where,
        gboolean      *ok,
        GError       **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *ok = TRUE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (flags & LIMN_JSON_REQUIRED)
        {
          g_autofree char *path = path_of (where, member);

          g_set_error (error, LIMN_JSON_ERROR, LIMN_JSON_ERROR_TYPE,
                       _("%s: missing."), path);
          *ok = FALSE;
        }
      return NULL;
    }

  return node;
}

static gboolean
type_error (const char  *where,
            const char  *member,
            const char  *what,
            GError     **error)
{
  g_autofree char *path = path_of (where, member);

  /* Translators: the second %s says what the member must be, e.g. "a string". */
  g_set_error (error, LIMN_JSON_ERROR, LIMN_JSON_ERROR_TYPE, _("%s: must be %s."), path, what);
  return FALSE;
}

gboolean
limn_json_get_string (JsonObject    *object,
                      const char    *member,
                      LimnJsonFlags  flags,
                      gsize          max_bytes,
                      const char   **out,
                      const char    *where,
                      GError       **error)
{
  gboolean ok;
  JsonNode *node = lookup (object, member, flags, where, &ok, error);
  const char *value;

  if (node == NULL)
    return ok;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return type_error (where, member, _("a string"), error);

  value = json_node_get_string (node);
  if (max_bytes > 0 && strlen (value) > max_bytes)
    {
      g_autofree char *path = path_of (where, member);

      g_set_error (error, LIMN_JSON_ERROR, LIMN_JSON_ERROR_RANGE,
                   _("%s: longer than %" G_GSIZE_FORMAT " bytes."), path, max_bytes);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

gboolean
limn_json_get_uuid (JsonObject    *object,
                    const char    *member,
                    LimnJsonFlags  flags,
                    const char   **out,
                    const char    *where,
                    GError       **error)
{
  const char *value = NULL;

  if (!limn_json_get_string (object, member, flags, 64, &value, where, error))
    return FALSE;

  if (value != NULL && !limn_id_is_uuid (value))
    return type_error (where, member, _("a lower-case UUID"), error);

  if (value != NULL)
    *out = value;
  return TRUE;
}

gboolean
limn_json_node_number (JsonNode *node,
                       double   *out)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *out = (double)json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return FALSE;

  return isfinite (*out);
}

gboolean
limn_json_get_int (JsonObject    *object,
                   const char    *member,
                   LimnJsonFlags  flags,
                   gint64         min,
                   gint64         max,
                   gint64        *out,
                   const char    *where,
                   GError       **error)
{
  gboolean ok;
  JsonNode *node = lookup (object, member, flags, where, &ok, error);
  gint64 value;

  if (node == NULL)
    return ok;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return type_error (where, member, _("a whole number"), error);

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    value = json_node_get_int (node);
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      /* ±2^63 cannot be represented; anything that large is out of range. */
      if (!isfinite (d) || d != floor (d) || d < -9.2e18 || d > 9.2e18)
        return type_error (where, member, _("a whole number"), error);
      value = (gint64)d;
    }
  else
    return type_error (where, member, _("a whole number"), error);

  if (value < min || value > max)
    {
      g_autofree char *path = path_of (where, member);

      g_set_error (error, LIMN_JSON_ERROR, LIMN_JSON_ERROR_RANGE,
                   _("%s: must be from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT "."),
                   path, min, max);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

gboolean
limn_json_get_double (JsonObject    *object,
                      const char    *member,
                      LimnJsonFlags  flags,
                      double         min,
                      double         max,
                      double        *out,
                      const char    *where,
                      GError       **error)
{
  gboolean ok;
  JsonNode *node = lookup (object, member, flags, where, &ok, error);
  double value;

  if (node == NULL)
    return ok;

  if (!limn_json_node_number (node, &value))
    return type_error (where, member, _("a number"), error);

  if (value < min || value > max)
    {
      g_autofree char *path = path_of (where, member);

      g_set_error (error, LIMN_JSON_ERROR, LIMN_JSON_ERROR_RANGE,
                   _("%s: must be from %g to %g."), path, min, max);
      return FALSE;
    }

  *out = value;
  return TRUE;
}

gboolean
limn_json_get_array (JsonObject    *object,
                     const char    *member,
                     LimnJsonFlags  flags,
                     JsonArray    **out,
                     const char    *where,
                     GError       **error)
{
  gboolean ok;
  JsonNode *node = lookup (object, member, flags, where, &ok, error);

  if (node == NULL)
    return ok;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return type_error (where, member, _("an array"), error);

  *out = json_node_get_array (node);
  return TRUE;
}

gboolean
limn_json_get_object (JsonObject    *object,
                      const char    *member,
                      LimnJsonFlags  flags,
                      JsonObject   **out,
                      const char    *where,
                      GError       **error)
{
  gboolean ok;
  JsonNode *node = lookup (object, member, flags, where, &ok, error);

  if (node == NULL)
    return ok;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return type_error (where, member, _("an object"), error);

  *out = json_node_get_object (node);
  return TRUE;
}
