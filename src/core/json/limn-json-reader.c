/* limn-json-reader.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-json"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "limn-json-reader.h"
#include "model/limn-id.h"

G_DEFINE_QUARK (limn-json-reader-error-quark, limn_json_reader_error)

static int
hex4 (const char *p)
{
  int value = 0;

  for (guint i = 0; i < 4; i++)
    {
      if (!g_ascii_isxdigit (p[i]))
        return -1;
      value = value * 16 + g_ascii_xdigit_value (p[i]);
    }

  return value;
}

static gboolean
refuse (GError     **error,
        const char  *message)
{
  g_set_error_literal (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_SYNTAX, message);
  return FALSE;
}

/* The escape at @p (a backslash in a string, before @end); *@next is one
 * past it. json-glib reads a \u escape of fewer than four hex digits, or a
 * surrogate without its other half, by swallowing what follows, the
 * closing quote included, so its strings would end elsewhere than ours. */
static gboolean
check_escape (const char   *p,
              const char   *end,
              const char  **next,
              GError      **error)
{
  gsize left = end - p;
  int u, low;

  if (left < 2 || p[1] != 'u')
    {
      *next = p + MIN (left, 2);
      return TRUE;
    }

  if (left < 6 || (u = hex4 (p + 2)) < 0)
    return refuse (error, _("A \\u escape needs four hex digits."));
  if (u == 0)
    return refuse (error, _("Strings must not contain NUL characters (\\u0000)."));
  if (u >= 0xdc00 && u <= 0xdfff)
    return refuse (error, _("Strings must not contain lone surrogates (\\ud800 to \\udfff)."));
  if (u >= 0xd800 && u <= 0xdbff)
    {
      if (left < 12 || p[6] != '\\' || p[7] != 'u' ||
          (low = hex4 (p + 8)) < 0xdc00 || low > 0xdfff)
        return refuse (error, _("Strings must not contain lone surrogates (\\ud800 to \\udfff)."));
      *next = p + 12;
    }
  else
    *next = p + 6;

  return TRUE;
}

/* One past the closing quote of the string opening at *@pp, or @end;
 * FALSE for an escape check_escape() refuses. */
static gboolean
skip_string (const char  **pp,
             const char   *end,
             GError      **error)
{
  const char *p = *pp + 1, *stop = p;

  while (p < end)
    {
      const char *escape;

      /* The quote is looked for again only once an escaped one is passed:
       * looked for after every escape, a long string of them cost time
       * quadratic in its length. */
      if (stop < p || (stop < end && *stop != '"'))
        {
          stop = memchr (p, '"', end - p);
          if (stop == NULL)
            stop = end;
        }
      escape = memchr (p, '\\', stop - p);
      if (escape == NULL)
        {
          *pp = stop < end ? stop + 1 : end;
          return TRUE;
        }
      if (!check_escape (escape, end, &p, error))
        return FALSE;
    }

  *pp = end;
  return TRUE;
}

/* Counting without parsing. Every value but the root follows one of '[',
 * '{', ',' or ':' (an array's first element, an object's first key, the
 * next element or member, a member's value), so one plus the number of
 * those bytes outside strings is at least the number of values any parser
 * builds from the text, valid JSON or not. That holds only if this pass
 * and json-glib see the same strings, so what json-glib reads as strings
 * or skips and JSON has not (single-quoted strings, C and C++ comments,
 * the escapes check_escape() refuses) is refused here: a '"' hidden in
 * one made brackets count as text here while json-glib recursed through
 * them past the depth limit, and overflowed the stack. */
gboolean
limn_json_reader_check_limits (const char                  *data,
                               gsize                        length,
                               const LimnJsonReaderLimits  *limits,
                               GError                     **error)
{
  const char *p = data, *end;
  guint max_depth = limits->max_depth > 0 ? limits->max_depth : LIMN_JSON_READER_MAX_DEPTH;
  guint64 values = 1, items = 0;
  guint depth = 0;
  gboolean root_is_object = FALSE, in_items = FALSE;

  /* An empty body may come as NULL, and NULL + 0 is undefined. */
  if (length == 0)
    return TRUE;
  end = data + length;

  while (p < end)
    {
      switch (*p)
        {
        case '"':
          if (!skip_string (&p, end, error))
            return FALSE;
          continue;

        case '\'':
        case '/':
          return refuse (error, _("Comments and single-quoted strings are not JSON."));

        case '[':
        case '{':
          if (++depth > max_depth)
            {
              g_set_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_SYNTAX,
                           _("The JSON text is nested more than %u levels deep."), max_depth);
              return FALSE;
            }
          if (depth == 1)
            root_is_object = *p == '{';
          else if (depth == 2 && root_is_object && *p == '[')
            {
              in_items = TRUE;
              items = 1;
            }
          values++;
          break;

        case ']':
        case '}':
          if (depth == 2)
            in_items = FALSE;
          if (depth > 0)
            depth--;
          break;

        case ',':
          if (in_items && depth == 2)
            items++;
          values++;
          break;

        case ':':
          values++;
          break;

        default:
          break;
        }

      if (limits->max_values > 0 && values > limits->max_values)
        {
          g_set_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_TOO_LARGE,
                       _("The JSON text holds more than %u values."), limits->max_values);
          return FALSE;
        }
      if (limits->max_items > 0 && items > limits->max_items)
        {
          g_set_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_TOO_LARGE,
                       _("A list in the JSON text holds more than %u items."), limits->max_items);
          return FALSE;
        }
      p++;
    }

  return TRUE;
}

JsonNode *
limn_json_reader_parse_object (const char  *data,
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
      g_set_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_SYNTAX,
                   _("The JSON text is not valid UTF-8."));
      return NULL;
    }

  if (!limn_json_reader_check_limits (data, length, &(LimnJsonReaderLimits) { 0 }, error))
    return NULL;

  /* Immutable: the parser shares strings instead of copying them. */
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, length > 0 ? data : "", length, &local_error))
    {
      g_set_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_SYNTAX,
                   _("The text is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_SYNTAX,
                   _("The JSON text must be an object."));
      return NULL;
    }

  return json_node_ref (root);
}

gboolean
limn_json_reader_fail (GError              **error,
                       LimnJsonReaderError   code,
                       const char           *where,
                       const char           *member,
                       const char           *problem)
{
  g_autofree char *path = NULL;

  if (error == NULL)
    return FALSE;

  if (where != NULL && where[0] != '\0' && member != NULL)
    path = g_strdup_printf ("%s.%s", where, member);
  else
    path = g_strdup (member != NULL ? member : where != NULL ? where : "");

  /* Translators: a JSON member's path, then what is wrong with it:
   * "items[3].box: must be an array." */
  g_set_error (error, LIMN_JSON_READER_ERROR, code, _("%s: %s."), path, problem);
  return FALSE;
}

/* @member of @object, or %NULL when it is absent or null (an error when
 * it is required: *@ok is then %FALSE). */
static JsonNode *
lookup (JsonObject           *object,
        const char           *member,
        LimnJsonReaderFlags   flags,
        const char           *where,
        gboolean             *ok,
        GError              **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *ok = TRUE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (flags & LIMN_JSON_READER_REQUIRED)
        *ok = limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_TYPE, where, member,
                                     _("missing"));
      return NULL;
    }

  return node;
}

static gboolean
is_value_of (JsonNode *node,
             GType     type)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

gboolean
limn_json_reader_get_string (JsonObject           *object,
                             const char           *member,
                             LimnJsonReaderFlags   flags,
                             gsize                 max_bytes,
                             const char          **out,
                             const char           *where,
                             GError              **error)
{
  gboolean ok;
  JsonNode *node = lookup (object, member, flags, where, &ok, error);
  const char *value;
  gsize length;

  if (node == NULL)
    return ok;

  if (!is_value_of (node, G_TYPE_STRING))
    return limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_TYPE, where, member,
                                  _("must be a string"));

  value = json_node_get_string (node);
  length = strlen (value);
  if (max_bytes > 0 && length > max_bytes)
    {
      g_autofree char *problem = g_strdup_printf (_("longer than %zu bytes"),
                                                  max_bytes);

      return limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_RANGE, where, member, problem);
    }

  /* json-glib decodes a lone surrogate escape into bytes that are not UTF-8. */
  if (!g_utf8_validate_len (value, length, NULL))
    return limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_RANGE, where, member,
                                  _("not valid UTF-8"));

  *out = value;
  return TRUE;
}

gboolean
limn_json_reader_get_uuid (JsonObject           *object,
                           const char           *member,
                           LimnJsonReaderFlags   flags,
                           const char          **out,
                           const char           *where,
                           GError              **error)
{
  const char *value = NULL;

  if (!limn_json_reader_get_string (object, member, flags, 0, &value, where, error))
    return FALSE;

  if (value == NULL)
    return TRUE;

  if (!limn_id_is_uuid (value))
    return limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_TYPE, where, member,
                                  _("must be a lower-case UUID"));

  *out = value;
  return TRUE;
}

static gboolean
int_in_range (gint64                value,
              gint64                min,
              gint64                max,
              gint64               *out,
              const char           *where,
              const char           *member,
              GError              **error)
{
  if (value < min || value > max)
    {
      g_autofree char *problem =
        g_strdup_printf (_("must be from %" PRId64 " to %" PRId64), min, max);

      return limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_RANGE, where, member, problem);
    }

  *out = value;
  return TRUE;
}

gboolean
limn_json_reader_get_int (JsonObject           *object,
                          const char           *member,
                          LimnJsonReaderFlags   flags,
                          gint64                min,
                          gint64                max,
                          gint64               *out,
                          const char           *where,
                          GError              **error)
{
  gboolean ok;
  JsonNode *node = lookup (object, member, flags, where, &ok, error);

  if (node == NULL)
    return ok;

  if (!is_value_of (node, G_TYPE_INT64))
    return limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_TYPE, where, member,
                                  _("must be an integer"));

  return int_in_range (json_node_get_int (node), min, max, out, where, member, error);
}

gboolean
limn_json_reader_get_whole (JsonObject           *object,
                            const char           *member,
                            LimnJsonReaderFlags   flags,
                            gint64                min,
                            gint64                max,
                            gint64               *out,
                            const char           *where,
                            GError              **error)
{
  gboolean ok;
  JsonNode *node = lookup (object, member, flags, where, &ok, error);
  gint64 value;

  if (node == NULL)
    return ok;

  if (is_value_of (node, G_TYPE_INT64))
    value = json_node_get_int (node);
  else if (is_value_of (node, G_TYPE_DOUBLE))
    {
      double d = json_node_get_double (node);

      /* ±2^63 cannot be represented; anything that large is out of range. */
      if (!isfinite (d) || d != floor (d) || d < -9.2e18 || d > 9.2e18)
        return limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_TYPE, where, member,
                                      _("must be a whole number"));
      value = (gint64)d;
    }
  else
    return limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_TYPE, where, member,
                                  _("must be a whole number"));

  return int_in_range (value, min, max, out, where, member, error);
}

gboolean
limn_json_reader_node_number (JsonNode *node,
                              double   *out)
{
  double value;

  if (node == NULL)
    return FALSE;

  if (is_value_of (node, G_TYPE_INT64))
    value = (double)json_node_get_int (node);
  else if (is_value_of (node, G_TYPE_DOUBLE))
    value = json_node_get_double (node);
  else
    return FALSE;

  if (!isfinite (value))
    return FALSE;

  *out = value;
  return TRUE;
}

gboolean
limn_json_reader_get_double (JsonObject           *object,
                             const char           *member,
                             LimnJsonReaderFlags   flags,
                             double                min,
                             double                max,
                             double               *out,
                             const char           *where,
                             GError              **error)
{
  gboolean ok;
  JsonNode *node = lookup (object, member, flags, where, &ok, error);
  double value;

  if (node == NULL)
    return ok;

  if (!limn_json_reader_node_number (node, &value))
    return limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_TYPE, where, member,
                                  _("must be a number"));

  if (value < min || value > max)
    {
      g_autofree char *problem = g_strdup_printf (_("must be from %g to %g"), min, max);

      return limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_RANGE, where, member, problem);
    }

  *out = value;
  return TRUE;
}

gboolean
limn_json_reader_get_boolean (JsonObject           *object,
                              const char           *member,
                              LimnJsonReaderFlags   flags,
                              gboolean             *out,
                              const char           *where,
                              GError              **error)
{
  gboolean ok;
  JsonNode *node = lookup (object, member, flags, where, &ok, error);

  if (node == NULL)
    return ok;

  if (!is_value_of (node, G_TYPE_BOOLEAN))
    return limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_TYPE, where, member,
                                  _("must be true or false"));

  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
limn_json_reader_get_array (JsonObject           *object,
                            const char           *member,
                            LimnJsonReaderFlags   flags,
                            guint                 max_length,
                            JsonArray           **out,
                            const char           *where,
                            GError              **error)
{
  gboolean ok;
  JsonNode *node = lookup (object, member, flags, where, &ok, error);
  JsonArray *array;

  if (node == NULL)
    return ok;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_TYPE, where, member,
                                  _("must be an array"));

  array = json_node_get_array (node);
  if (max_length > 0 && json_array_get_length (array) > max_length)
    {
      g_autofree char *problem = g_strdup_printf (_("more than %u elements"), max_length);

      return limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_RANGE, where, member, problem);
    }

  *out = array;
  return TRUE;
}

gboolean
limn_json_reader_get_object (JsonObject           *object,
                             const char           *member,
                             LimnJsonReaderFlags   flags,
                             JsonObject          **out,
                             const char           *where,
                             GError              **error)
{
  gboolean ok;
  JsonNode *node = lookup (object, member, flags, where, &ok, error);

  if (node == NULL)
    return ok;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_TYPE, where, member,
                                  _("must be an object"));

  *out = json_node_get_object (node);
  return TRUE;
}

JsonObject *
limn_json_reader_get_element_object (JsonArray   *array,
                                     guint        index,
                                     const char  *where,
                                     GError     **error)
{
  JsonNode *node = index < json_array_get_length (array) ? json_array_get_element (array, index) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      limn_json_reader_fail (error, LIMN_JSON_READER_ERROR_TYPE, where, NULL, _("must be an object"));
      return NULL;
    }

  return json_node_get_object (node);
}
