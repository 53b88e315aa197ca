/* limn-server-json-limits.c
 *
 * Counting without parsing. Every value but the root follows one of
 * '[', '{', ',' or ':' (an array's first element, an object's first key,
 * the next element or member, a member's value), so one plus the number of
 * those bytes outside strings and comments is at least the number of
 * values any parser builds from the text, valid JSON or not. Strings are
 * skipped as json-glib reads them (double or single quotes, backslash
 * escapes in double-quoted ones), and so are C and C++ comments, so text
 * json-glib takes for a string is never counted as structure, and
 * nothing json-glib takes for structure is skipped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "limn-server-json-limits.h"

G_DEFINE_QUARK (limn-server-json-limits-error-quark, limn_server_json_limits_error)

/* One past the closing quote of the string opening at @p, or @end. */
static const char *
skip_string (const char *p,
             const char *end)
{
  char quote = *p++;

  while (p < end)
    {
      const char *stop = memchr (p, quote, end - p);
      const char *escape = quote == '"' ? memchr (p, '\\', (stop ? stop : end) - p) : NULL;

      if (escape != NULL)
        p = escape + 2;
      else if (stop != NULL)
        return stop + 1;
      else
        return end;
    }

  return end;
}

/* One past the comment opening at @p ("/" then "*" or "/"), or @end. */
static const char *
skip_comment (const char *p,
              const char *end)
{
  if (p[1] == '*')
    {
      const char *close = g_strstr_len (p + 2, end - p - 2, "*/");

      return close ? close + 2 : end;
    }
  else
    {
      const char *newline = memchr (p, '\n', end - p);

      return newline ? newline + 1 : end;
    }
}

gboolean
limn_server_json_check_limits (const char                  *data,
                               gsize                        length,
                               const LimnServerJsonLimits  *limits,
                               guint                       *n_values,
                               GError                     **error)
{
  const char *p = data, *end = data + length;
  guint64 values = 1, items = 0;
  guint depth = 0;
  gboolean root_is_object = FALSE, in_items = FALSE;

  while (p < end)
    {
      switch (*p)
        {
        case '"':
        case '\'':
          p = skip_string (p, end);
          continue;

        case '/':
          if (p + 1 < end && (p[1] == '*' || p[1] == '/'))
            {
              p = skip_comment (p, end);
              continue;
            }
          break;

        case '[':
        case '{':
          if (++depth > limits->max_depth)
            {
              g_set_error (error, LIMN_SERVER_JSON_LIMITS_ERROR, LIMN_SERVER_JSON_LIMITS_ERROR_DEPTH,
                           _("The body is nested deeper than %u levels."), limits->max_depth);
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

      if (values > limits->max_values)
        {
          g_set_error (error, LIMN_SERVER_JSON_LIMITS_ERROR, LIMN_SERVER_JSON_LIMITS_ERROR_VALUES,
                       _("The body holds more than %u values."), limits->max_values);
          return FALSE;
        }
      if (limits->max_items > 0 && items > limits->max_items)
        {
          g_set_error (error, LIMN_SERVER_JSON_LIMITS_ERROR, LIMN_SERVER_JSON_LIMITS_ERROR_ITEMS,
                       _("A list in the body holds more than %u items."), limits->max_items);
          return FALSE;
        }
      p++;
    }

  if (n_values != NULL)
    *n_values = (guint)values;
  return TRUE;
}
