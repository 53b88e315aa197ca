/* limn-json-elements.c
 *
 * The skipper is lenient on purpose: it only has to find where an element
 * ends in a text that is well-formed up to there, and LimnJsonScan then
 * checks those bytes strictly. On a broken text the skipper may end an
 * element early or run to the end, but the bytes before the first fault
 * are well-formed, so the range reaches that fault and the scan reports it
 * where a whole-text scan would.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-json"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "limn-json-elements.h"

struct _LimnJsonElements
{
  const char *data;
  const char *p;             /* where the walk goes on */
  const char *end;
  guint       max_depth;
  gboolean    object;
  gboolean    started;       /* an element was stepped to */
  gboolean    done;
  gsize       error_at;
  GString    *key;
  gsize       start;         /* the current element */
  gsize       stop;
};

/* Bytes the skipper stops at inside a string, and in a container. */
static const guint8 string_stop[256] = { ['"'] = 1, ['\\'] = 1 };
static const guint8 nest_stop[256] = {
  ['"'] = 1, ['['] = 1, [']'] = 1, ['{'] = 1, ['}'] = 1,
};
/* Bytes that end a number or a literal. */
static const guint8 scalar_stop[256] = {
  [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, [','] = 1, [':'] = 1,
  ['['] = 1, [']'] = 1, ['{'] = 1, ['}'] = 1, ['"'] = 1,
};

static gboolean
fail (LimnJsonElements  *self,
      GError           **error,
      int                code,
      const char        *at,
      const char        *what)
{
  self->error_at = at - self->data;
  g_set_error (error, LIMN_JSON_SCAN_ERROR, code, "byte %zu: %s", self->error_at, what);
  return FALSE;
}

static inline const char *
skip_space (const char *p,
            const char *end)
{
  while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
    p++;
  return p;
}

/* Past the string whose opening quote is at @p, or @end. */
static const char *
skip_string (const char *p,
             const char *end)
{
  p++;
  while (p < end)
    {
      while (p < end && !string_stop[(guchar) *p])
        p++;
      if (p >= end)
        break;
      if (*p == '"')
        return p + 1;
      /* A backslash: it and the escaped byte. */
      p = end - p > 2 ? p + 2 : end;
    }

  return end;
}

/* Where the value starting at @p ends: exact on a well-formed text. */
static const char *
skip_value (const char *p,
            const char *end)
{
  gsize depth = 0;

  if (*p == '"')
    return skip_string (p, end);

  if (*p != '[' && *p != '{')
    {
      while (p < end && !scalar_stop[(guchar) *p])
        p++;
      return p;
    }

  while (p < end)
    {
      while (p < end && !nest_stop[(guchar) *p])
        p++;
      if (p >= end)
        break;
      switch (*p)
        {
        case '"':
          p = skip_string (p, end);
          continue;
        case '[':
        case '{':
          depth++;
          break;
        default:
          if (--depth == 0)
            return p + 1;
          break;
        }
      p++;
    }

  return end;
}

LimnJsonElements *
limn_json_elements_new (const char  *data,
                        gsize        start,
                        gsize        end,
                        guint        max_depth,
                        GError     **error)
{
  g_autoptr(LimnJsonElements) self = g_new0 (LimnJsonElements, 1);

  g_return_val_if_fail (data != NULL || end == 0, NULL);
  g_return_val_if_fail (start <= end, NULL);

  self->data = data != NULL ? data : "";
  self->end = self->data + end;
  self->max_depth = max_depth;
  self->key = g_string_new (NULL);
  self->p = skip_space (self->data + start, self->end);

  if (self->p >= self->end || (*self->p != '[' && *self->p != '{'))
    {
      fail (self, error, LIMN_JSON_SCAN_ERROR_SYNTAX, self->p, _("expected an array or an object"));
      return NULL;
    }
  if (max_depth < 1)
    {
      fail (self, error, LIMN_JSON_SCAN_ERROR_DEPTH, self->p, _("nested too deeply"));
      return NULL;
    }

  self->object = *self->p == '{';
  self->p++;

  return g_steal_pointer (&self);
}

void
limn_json_elements_free (LimnJsonElements *self)
{
  if (self == NULL)
    return;

  g_string_free (self->key, TRUE);
  g_free (self);
}

gboolean
limn_json_elements_is_object (LimnJsonElements *self)
{
  return self->object;
}

gsize
limn_json_elements_get_error_offset (LimnJsonElements *self)
{
  return self->error_at;
}

/* A fault of a scan of @length bytes at @at, re-told from @data. */
static gboolean
rebase (LimnJsonElements  *self,
        GError           **error,
        GError            *scan_error,
        const char        *at,
        gsize              scan_at)
{
  const char *what = strstr (scan_error->message, ": ");

  self->error_at = (at - self->data) + scan_at;
  if (!g_str_has_prefix (scan_error->message, "byte ") || what == NULL)
    what = scan_error->message;
  else
    what += 2;
  g_set_error (error, scan_error->domain, scan_error->code, "byte %zu: %s", self->error_at, what);
  g_error_free (scan_error);
  return FALSE;
}

/* The member name at @p (checked by a scan of its bytes) into ->key. */
static gboolean
read_key (LimnJsonElements  *self,
          GError           **error)
{
  const char *p = self->p, *stop;
  g_autoptr(LimnJsonScan) scan = NULL;
  GError *scan_error = NULL;
  gsize scan_at = 0, length;
  const char *key;

  if (p >= self->end || *p != '"')
    return fail (self, error, LIMN_JSON_SCAN_ERROR_SYNTAX, p, _("expected a member name"));

  stop = skip_string (p, self->end);
  scan = limn_json_scan_new_full (p, stop - p, 1, &scan_at, &scan_error);
  if (scan == NULL)
    return rebase (self, error, scan_error, p, scan_at);

  key = limn_json_scan_get_string (scan, LIMN_JSON_SCAN_ROOT, &length);
  g_string_truncate (self->key, 0);
  g_string_append_len (self->key, key, length);

  p = skip_space (stop, self->end);
  if (p >= self->end || *p != ':')
    return fail (self, error, LIMN_JSON_SCAN_ERROR_SYNTAX, p, _("expected “:”"));
  self->p = p + 1;

  return TRUE;
}

/* After the closing bracket: only white space. */
static gboolean
finish (LimnJsonElements  *self,
        GError           **error)
{
  const char *p = skip_space (self->p, self->end);

  self->done = TRUE;
  if (p != self->end)
    return fail (self, error, LIMN_JSON_SCAN_ERROR_SYNTAX, p, _("text after the end"));
  return FALSE;
}

gboolean
limn_json_elements_next (LimnJsonElements  *self,
                         LimnJsonElement   *element,
                         GError           **error)
{
  const char *p;
  char close;

  g_return_val_if_fail (element != NULL, FALSE);

  if (self->done)
    return FALSE;

  close = self->object ? '}' : ']';
  p = skip_space (self->p, self->end);

  if (!self->started)
    {
      if (p < self->end && *p == close)
        {
          self->p = p + 1;
          return finish (self, error);
        }
    }
  else if (p < self->end && *p == close)
    {
      self->p = p + 1;
      return finish (self, error);
    }
  else if (p < self->end && *p == ',')
    p = skip_space (p + 1, self->end);
  else
    {
      self->done = TRUE;
      return fail (self, error, LIMN_JSON_SCAN_ERROR_SYNTAX, p,
                   self->object ? _("expected “,” or “}”") : _("expected “,” or “]”"));
    }

  self->started = TRUE;
  self->p = p;
  if (self->object)
    {
      if (!read_key (self, error))
        {
          self->done = TRUE;
          return FALSE;
        }
      p = skip_space (self->p, self->end);
    }

  if (p >= self->end || *p == ',' || *p == ':' || *p == ']' || *p == '}')
    {
      self->done = TRUE;
      return fail (self, error, LIMN_JSON_SCAN_ERROR_SYNTAX, p, _("expected a value"));
    }

  self->start = p - self->data;
  self->p = skip_value (p, self->end);
  self->stop = self->p - self->data;

  element->key = self->object ? self->key->str : NULL;
  element->key_length = self->object ? self->key->len : 0;
  element->start = self->start;
  element->end = self->stop;

  return TRUE;
}

LimnJsonScan *
limn_json_elements_scan (LimnJsonElements  *self,
                         GError           **error)
{
  GError *scan_error = NULL;
  LimnJsonScan *scan;
  gsize scan_at = 0;

  g_return_val_if_fail (self->started, NULL);

  scan = limn_json_scan_new_full (self->data + self->start, self->stop - self->start,
                                  self->max_depth - 1, &scan_at, &scan_error);
  if (scan == NULL)
    {
      rebase (self, error, scan_error, self->data + self->start, scan_at);
      self->done = TRUE;
    }

  return scan;
}

gboolean
limn_json_elements_check (const char  *data,
                          gsize        start,
                          gsize        end,
                          guint        max_depth,
                          gsize       *error_at,
                          GError     **error)
{
  g_autoptr(LimnJsonElements) walk = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *p = skip_space (data + start, data + end);
  LimnJsonElement element;

  if (p >= data + end || (*p != '[' && *p != '{'))
    {
      g_autoptr(LimnJsonScan) scan = NULL;
      gsize scan_at = 0;

      scan = limn_json_scan_new_full (data + start, end - start, max_depth, &scan_at, &local_error);
      if (scan != NULL)
        return TRUE;

      /* Re-told from @data by a walker that has seen nothing. */
      walk = g_new0 (LimnJsonElements, 1);
      walk->data = data;
      walk->key = g_string_new (NULL);
      rebase (walk, error, g_steal_pointer (&local_error), data + start, scan_at);
      if (error_at != NULL)
        *error_at = walk->error_at;
      return FALSE;
    }

  walk = limn_json_elements_new (data, start, end, max_depth, error);
  if (walk == NULL)
    {
      if (error_at != NULL)
        *error_at = p - data;
      return FALSE;
    }

  while (limn_json_elements_next (walk, &element, &local_error))
    {
      g_autoptr(LimnJsonScan) scan = limn_json_elements_scan (walk, &local_error);

      if (scan == NULL)
        break;
    }

  if (local_error != NULL)
    {
      if (error_at != NULL)
        *error_at = walk->error_at;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}
