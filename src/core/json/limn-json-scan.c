/* limn-json-scan.c
 *
 * One pass over the text with an explicit stack (no recursion, so depth
 * costs no C stack). Every value becomes a 24-byte token in document
 * order; strings are unescaped as they are checked, into one buffer no
 * larger than the text (each string has two quotes in the text, room for
 * its NUL, and unescaping never lengthens it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-json"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "limn-json-scan.h"

G_DEFINE_QUARK (limn-json-scan-error-quark, limn_json_scan_error)

typedef struct
{
  guint8  type;
  guint8  in_range;           /* INTEGER: fits in a gint64 */
  guint32 start;              /* first byte in the text */
  guint32 end;                /* one past the last byte in the text */
  guint32 next;               /* next value in the same container, or NONE */
  union
  {
    gint64 integer;           /* INTEGER, when in_range */
    struct
    {
      guint32 count;          /* elements, or members */
      guint32 after;          /* one past the last descendant */
    } container;
    struct
    {
      guint32 offset;         /* in ->strings */
      guint32 length;
    } str;
  } v;
} Token;

struct _LimnJsonScan
{
  const char *data;
  gsize       length;
  Token      *tokens;
  guint       n_tokens;
  guint       n_alloc;
  char       *strings;        /* unescaped strings, each NUL-terminated */
  gsize       strings_len;
  gsize       strings_alloc;
  gsize       error_at;       /* the byte of the fault, when the scan failed */
};

/* The buffers of the last scan freed on this thread, for the next one: a
 * server thread scans batch after batch of about the same size, and fresh
 * pages for each cost it more in page faults than the scan itself did
 * (perf: 5% of the server's time). One set per thread, at most
 * CACHE_MAX bytes, freed with the thread. */
#define CACHE_MAX (32 * 1024 * 1024)

typedef struct
{
  Token *tokens;
  guint  n_alloc;
  char  *strings;
  gsize  strings_alloc;
} Buffers;

static void
buffers_free (gpointer data)
{
  Buffers *b = data;

  g_free (b->tokens);
  g_free (b->strings);
  g_free (b);
}

static GPrivate cached_buffers = G_PRIVATE_INIT (buffers_free);

typedef struct
{
  guint32 token;              /* the container */
  guint32 last;               /* its last child so far, or NONE */
} Frame;

/* Bytes that stand for themselves inside a string: printable ASCII other
 * than the quote and the backslash. */
static const guint8 plain[256] = {
  [0x20] = 1, [0x21] = 1, [0x23 ... 0x5b] = 1, [0x5d ... 0x7f] = 1,
};

static gboolean
fail (GError       **error,
      int            code,
      LimnJsonScan  *self,
      const char    *at,
      const char    *what)
{
  self->error_at = at - self->data;
  g_set_error (error, LIMN_JSON_SCAN_ERROR, code, "byte %zu: %s", self->error_at, what);
  return FALSE;
}

static guint
add_token (LimnJsonScan     *self,
           LimnJsonScanType  type,
           const char       *at)
{
  Token *t;

  if (self->n_tokens == self->n_alloc)
    {
      self->n_alloc = self->n_alloc * 2;
      self->tokens = g_renew (Token, self->tokens, self->n_alloc);
    }

  t = &self->tokens[self->n_tokens];
  t->type = type;
  t->in_range = FALSE;
  t->start = at - self->data;
  t->end = t->start + 1;
  t->next = LIMN_JSON_SCAN_NONE;
  t->v.integer = 0;

  return self->n_tokens++;
}

static inline int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Four hex digits at @p (bounds checked by the caller). */
static int
hex4 (const char *p)
{
  int a = hex_value (p[0]), b = hex_value (p[1]), c = hex_value (p[2]), d = hex_value (p[3]);

  if (a < 0 || b < 0 || c < 0 || d < 0)
    return -1;

  return (a << 12) | (b << 8) | (c << 4) | d;
}

static char *
put_utf8 (char     *out,
          gunichar  c)
{
  if (c < 0x80)
    *out++ = c;
  else if (c < 0x800)
    {
      *out++ = 0xc0 | (c >> 6);
      *out++ = 0x80 | (c & 0x3f);
    }
  else if (c < 0x10000)
    {
      *out++ = 0xe0 | (c >> 12);
      *out++ = 0x80 | ((c >> 6) & 0x3f);
      *out++ = 0x80 | (c & 0x3f);
    }
  else
    {
      *out++ = 0xf0 | (c >> 18);
      *out++ = 0x80 | ((c >> 12) & 0x3f);
      *out++ = 0x80 | ((c >> 6) & 0x3f);
      *out++ = 0x80 | (c & 0x3f);
    }

  return out;
}

/* The length of the well-formed UTF-8 sequence at @p (Unicode table 3-7:
 * no overlong forms, no surrogates, nothing past U+10FFFF), or 0. */
static gsize
utf8_sequence (const guchar *p,
               const guchar *end)
{
  guchar lo = 0x80, hi = 0xbf;
  gsize n;

  if (p[0] >= 0xc2 && p[0] <= 0xdf)
    n = 2;
  else if (p[0] >= 0xe0 && p[0] <= 0xef)
    {
      n = 3;
      if (p[0] == 0xe0)
        lo = 0xa0;
      else if (p[0] == 0xed)
        hi = 0x9f;
    }
  else if (p[0] >= 0xf0 && p[0] <= 0xf4)
    {
      n = 4;
      if (p[0] == 0xf0)
        lo = 0x90;
      else if (p[0] == 0xf4)
        hi = 0x8f;
    }
  else
    return 0;

  if ((gsize)(end - p) < n || p[1] < lo || p[1] > hi)
    return 0;
  for (gsize i = 2; i < n; i++)
    if (p[i] < 0x80 || p[i] > 0xbf)
      return 0;

  return n;
}

/* The string whose opening quote is at *@pp: checked, unescaped into
 * ->strings; *@pp moves past the closing quote. */
static gboolean
scan_string (LimnJsonScan  *self,
             const char   **pp,
             const char    *end,
             guint          token,
             GError       **error)
{
  const char *p = *pp + 1;
  char *start = self->strings + self->strings_len;
  char *out = start;

  for (;;)
    {
      guchar c;

      while (p < end && plain[(guchar)*p])
        *out++ = *p++;

      if (p >= end)
        return fail (error, LIMN_JSON_SCAN_ERROR_SYNTAX, self, p, _("unterminated string"));

      c = *p;
      if (c == '"')
        break;

      if (c == '\\')
        {
          if (end - p < 2)
            return fail (error, LIMN_JSON_SCAN_ERROR_SYNTAX, self, p, _("unterminated string"));

          switch (p[1])
            {
            case '"':  *out++ = '"'; break;
            case '\\': *out++ = '\\'; break;
            case '/':  *out++ = '/'; break;
            case 'b':  *out++ = '\b'; break;
            case 'f':  *out++ = '\f'; break;
            case 'n':  *out++ = '\n'; break;
            case 'r':  *out++ = '\r'; break;
            case 't':  *out++ = '\t'; break;
            case 'u':
              {
                int u, low;

                if (end - p < 6 || (u = hex4 (p + 2)) < 0)
                  return fail (error, LIMN_JSON_SCAN_ERROR_SYNTAX, self, p,
                               _("a \\u escape needs four hex digits"));
                if (u == 0)
                  return fail (error, LIMN_JSON_SCAN_ERROR_ENCODING, self, p,
                               _("strings must not contain NUL characters (\\u0000)"));
                if (u >= 0xdc00 && u <= 0xdfff)
                  return fail (error, LIMN_JSON_SCAN_ERROR_ENCODING, self, p,
                               _("a low surrogate without a high one"));
                if (u >= 0xd800 && u <= 0xdbff)
                  {
                    if (end - p < 12 || p[6] != '\\' || p[7] != 'u' ||
                        (low = hex4 (p + 8)) < 0xdc00 || low > 0xdfff)
                      return fail (error, LIMN_JSON_SCAN_ERROR_ENCODING, self, p,
                                   _("a high surrogate without a low one"));
                    u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
                    p += 6;
                  }
                out = put_utf8 (out, u);
                p += 6;
                continue;
              }
            default:
              return fail (error, LIMN_JSON_SCAN_ERROR_SYNTAX, self, p,
                           _("an unknown escape"));
            }
          p += 2;
        }
      else if (c < 0x20)
        return fail (error, LIMN_JSON_SCAN_ERROR_SYNTAX, self, p,
                     _("a control character in a string (it must be escaped)"));
      else
        {
          gsize n = utf8_sequence ((const guchar *)p, (const guchar *)end);

          if (n == 0)
            return fail (error, LIMN_JSON_SCAN_ERROR_ENCODING, self, p, _("not UTF-8"));
          memcpy (out, p, n);
          out += n;
          p += n;
        }
    }

  *out = '\0';
  self->tokens[token].v.str.offset = start - self->strings;
  self->tokens[token].v.str.length = out - start;
  self->tokens[token].end = p + 1 - self->data;
  self->strings_len += out - start + 1;
  *pp = p + 1;

  return TRUE;
}

static gboolean
scan_number (LimnJsonScan  *self,
             const char   **pp,
             const char    *end,
             guint          token,
             GError       **error)
{
  const char *p = *pp;
  gboolean negative = FALSE, overflow = FALSE, integer = TRUE;
  guint64 n = 0;
  Token *t;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }

  if (p < end && *p == '0')
    p++;
  else if (p < end && *p >= '1' && *p <= '9')
    {
      while (p < end && g_ascii_isdigit (*p))
        {
          guint d = *p - '0';

          if (n > (G_MAXUINT64 - d) / 10)
            overflow = TRUE;
          else
            n = n * 10 + d;
          p++;
        }
    }
  else
    return fail (error, LIMN_JSON_SCAN_ERROR_SYNTAX, self, p, _("a malformed number"));

  if (p < end && *p == '.')
    {
      integer = FALSE;
      p++;
      if (p >= end || !g_ascii_isdigit (*p))
        return fail (error, LIMN_JSON_SCAN_ERROR_SYNTAX, self, p, _("a malformed number"));
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      integer = FALSE;
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (p >= end || !g_ascii_isdigit (*p))
        return fail (error, LIMN_JSON_SCAN_ERROR_SYNTAX, self, p, _("a malformed number"));
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }

  t = &self->tokens[token];
  t->end = p - self->data;
  if (!integer)
    t->type = LIMN_JSON_SCAN_DOUBLE;
  else if (!overflow && !negative && n <= G_MAXINT64)
    {
      t->in_range = TRUE;
      t->v.integer = (gint64)n;
    }
  else if (!overflow && negative && n <= (guint64)G_MAXINT64 + 1)
    {
      t->in_range = TRUE;
      t->v.integer = n == (guint64)G_MAXINT64 + 1 ? G_MININT64 : -(gint64)n;
    }

  *pp = p;
  return TRUE;
}

static inline const char *
skip_space (const char *p,
            const char *end)
{
  while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
    p++;
  return p;
}

/* Links the new value @token into the innermost open container. */
static void
adopt (LimnJsonScan *self,
       GArray       *stack,
       guint         token,
       gboolean      counts)
{
  Frame *f;

  if (stack->len == 0)
    return;

  f = &g_array_index (stack, Frame, stack->len - 1);
  if (f->last != LIMN_JSON_SCAN_NONE)
    self->tokens[f->last].next = token;
  f->last = token;
  if (counts)
    self->tokens[f->token].v.container.count++;
}

static gboolean
scan_document (LimnJsonScan  *self,
               guint          max_depth,
               GError       **error)
{
  g_autoptr(GArray) stack = g_array_sized_new (FALSE, FALSE, sizeof (Frame), 33);
  const char *p = self->data, *end = self->data + self->length;
  enum { VALUE, KEY, AFTER } state = VALUE;

  for (;;)
    {
      p = skip_space (p, end);

      if (state == KEY)
        {
          guint key;

          if (p >= end || *p != '"')
            return fail (error, LIMN_JSON_SCAN_ERROR_SYNTAX, self, p,
                         _("expected a member name"));
          key = add_token (self, LIMN_JSON_SCAN_STRING, p);
          adopt (self, stack, key, TRUE);
          if (!scan_string (self, &p, end, key, error))
            return FALSE;
          p = skip_space (p, end);
          if (p >= end || *p != ':')
            return fail (error, LIMN_JSON_SCAN_ERROR_SYNTAX, self, p, _("expected “:”"));
          p++;
          state = VALUE;
          continue;
        }

      if (state == AFTER)
        {
          Frame *f;
          Token *t;

          if (stack->len == 0)
            {
              if (p != end)
                return fail (error, LIMN_JSON_SCAN_ERROR_SYNTAX, self, p,
                             _("text after the end"));
              return TRUE;
            }

          f = &g_array_index (stack, Frame, stack->len - 1);
          t = &self->tokens[f->token];
          if (p < end && *p == ',')
            {
              p++;
              state = t->type == LIMN_JSON_SCAN_OBJECT ? KEY : VALUE;
              continue;
            }
          if (p < end && ((t->type == LIMN_JSON_SCAN_OBJECT && *p == '}') ||
                          (t->type == LIMN_JSON_SCAN_ARRAY && *p == ']')))
            {
              p++;
              t->end = p - self->data;
              t->v.container.after = self->n_tokens;
              g_array_set_size (stack, stack->len - 1);
              continue;
            }
          return fail (error, LIMN_JSON_SCAN_ERROR_SYNTAX, self, p,
                       t->type == LIMN_JSON_SCAN_OBJECT ? _("expected “,” or “}”")
                                                        : _("expected “,” or “]”"));
        }

      /* VALUE */
      if (p >= end)
        return fail (error, LIMN_JSON_SCAN_ERROR_SYNTAX, self, p, _("expected a value"));

      switch (*p)
        {
        case '{':
        case '[':
          {
            gboolean object = *p == '{';
            guint token = add_token (self, object ? LIMN_JSON_SCAN_OBJECT : LIMN_JSON_SCAN_ARRAY, p);
            Frame frame = { token, LIMN_JSON_SCAN_NONE };

            adopt (self, stack, token, stack->len > 0 &&
                   self->tokens[g_array_index (stack, Frame, stack->len - 1).token].type ==
                   LIMN_JSON_SCAN_ARRAY);
            if (stack->len >= max_depth)
              return fail (error, LIMN_JSON_SCAN_ERROR_DEPTH, self, p,
                           _("nested too deeply"));
            g_array_append_val (stack, frame);
            p = skip_space (p + 1, end);
            if (p < end && *p == (object ? '}' : ']'))
              {
                p++;
                self->tokens[token].end = p - self->data;
                self->tokens[token].v.container.after = self->n_tokens;
                g_array_set_size (stack, stack->len - 1);
                state = AFTER;
              }
            else
              state = object ? KEY : VALUE;
            continue;
          }

        default:
          break;
        }

      {
        guint token = add_token (self, LIMN_JSON_SCAN_NULL, p);

        adopt (self, stack, token, stack->len > 0 &&
               self->tokens[g_array_index (stack, Frame, stack->len - 1).token].type ==
               LIMN_JSON_SCAN_ARRAY);

        if (*p == '"')
          {
            self->tokens[token].type = LIMN_JSON_SCAN_STRING;
            if (!scan_string (self, &p, end, token, error))
              return FALSE;
          }
        else if (*p == '-' || g_ascii_isdigit (*p))
          {
            self->tokens[token].type = LIMN_JSON_SCAN_INTEGER;
            if (!scan_number (self, &p, end, token, error))
              return FALSE;
          }
        else
          {
            static const struct { const char *word; gsize len; LimnJsonScanType type; } literals[] = {
              { "null", 4, LIMN_JSON_SCAN_NULL },
              { "false", 5, LIMN_JSON_SCAN_FALSE },
              { "true", 4, LIMN_JSON_SCAN_TRUE },
            };
            gboolean found = FALSE;

            for (guint i = 0; i < G_N_ELEMENTS (literals) && !found; i++)
              if ((gsize)(end - p) >= literals[i].len &&
                  memcmp (p, literals[i].word, literals[i].len) == 0)
                {
                  self->tokens[token].type = literals[i].type;
                  p += literals[i].len;
                  self->tokens[token].end = p - self->data;
                  found = TRUE;
                }

            if (!found)
              return fail (error, LIMN_JSON_SCAN_ERROR_SYNTAX, self, p,
                           _("expected a value"));
          }
        state = AFTER;
      }
    }
}

LimnJsonScan *
limn_json_scan_new (const char  *data,
                    gsize        length,
                    guint        max_depth,
                    GError     **error)
{
  return limn_json_scan_new_full (data, length, max_depth, NULL, error);
}

LimnJsonScan *
limn_json_scan_new_full (const char  *data,
                         gsize        length,
                         guint        max_depth,
                         gsize       *error_at,
                         GError     **error)
{
  g_autoptr(LimnJsonScan) self = NULL;
  Buffers *cache;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  /* Offsets are 32-bit, and one is kept free for NONE. */
  if (length >= G_MAXUINT32)
    {
      if (error_at != NULL)
        *error_at = 0;
      g_set_error (error, LIMN_JSON_SCAN_ERROR, LIMN_JSON_SCAN_ERROR_TOO_LARGE,
                   _("The JSON text is too large."));
      return NULL;
    }

  self = g_new0 (LimnJsonScan, 1);
  self->data = data != NULL ? data : "";
  self->length = length;
  /* About one value per 10 bytes in a batch of events; grown as needed. */
  self->n_alloc = MAX (16, length / 8);
  self->strings_alloc = length + 1;

  cache = g_private_get (&cached_buffers);
  if (cache != NULL && cache->tokens != NULL &&
      cache->n_alloc >= self->n_alloc && cache->strings_alloc >= self->strings_alloc)
    {
      self->tokens = g_steal_pointer (&cache->tokens);
      self->n_alloc = cache->n_alloc;
      self->strings = g_steal_pointer (&cache->strings);
      self->strings_alloc = cache->strings_alloc;
    }
  else
    {
      self->tokens = g_new (Token, self->n_alloc);
      self->strings = g_malloc (self->strings_alloc);
    }

  if (!scan_document (self, max_depth, error))
    {
      if (error_at != NULL)
        *error_at = self->error_at;
      return NULL;
    }

  return g_steal_pointer (&self);
}

void
limn_json_scan_free (LimnJsonScan *scan)
{
  Buffers *cache;

  if (scan == NULL)
    return;

  if (scan->n_alloc * sizeof (Token) + scan->strings_alloc <= CACHE_MAX)
    {
      cache = g_private_get (&cached_buffers);
      if (cache == NULL)
        {
          cache = g_new0 (Buffers, 1);
          g_private_set (&cached_buffers, cache);
        }
      if (cache->tokens == NULL || cache->n_alloc <= scan->n_alloc)
        {
          g_free (cache->tokens);
          g_free (cache->strings);
          cache->tokens = g_steal_pointer (&scan->tokens);
          cache->n_alloc = scan->n_alloc;
          cache->strings = g_steal_pointer (&scan->strings);
          cache->strings_alloc = scan->strings_alloc;
        }
    }

  g_free (scan->tokens);
  g_free (scan->strings);
  g_free (scan);
}

guint
limn_json_scan_get_n_values (LimnJsonScan *scan)
{
  return scan->n_tokens;
}

static inline const Token *
token_at (LimnJsonScan *scan,
          guint         value)
{
  return value < scan->n_tokens ? &scan->tokens[value] : NULL;
}

LimnJsonScanType
limn_json_scan_get_type (LimnJsonScan *scan,
                         guint         value)
{
  const Token *t = token_at (scan, value);

  g_return_val_if_fail (t != NULL, LIMN_JSON_SCAN_NULL);
  return t->type;
}

static inline gboolean
is_container (const Token *t)
{
  return t->type == LIMN_JSON_SCAN_ARRAY || t->type == LIMN_JSON_SCAN_OBJECT;
}

guint
limn_json_scan_first (LimnJsonScan *scan,
                      guint         value)
{
  const Token *t = token_at (scan, value);

  if (t == NULL || !is_container (t) || t->v.container.after == value + 1)
    return LIMN_JSON_SCAN_NONE;
  return value + 1;
}

guint
limn_json_scan_next (LimnJsonScan *scan,
                     guint         value)
{
  const Token *t = token_at (scan, value);

  return t != NULL ? t->next : LIMN_JSON_SCAN_NONE;
}

guint
limn_json_scan_get_length (LimnJsonScan *scan,
                           guint         value)
{
  const Token *t = token_at (scan, value);

  return t != NULL && is_container (t) ? t->v.container.count : 0;
}

guint
limn_json_scan_end (LimnJsonScan *scan,
                    guint         value)
{
  const Token *t = token_at (scan, value);

  if (t == NULL)
    return value;
  return is_container (t) ? t->v.container.after : value + 1;
}

guint
limn_json_scan_member (LimnJsonScan *scan,
                       guint         object,
                       const char   *name)
{
  const Token *t = token_at (scan, object);
  guint found = LIMN_JSON_SCAN_NONE;

  if (t == NULL || t->type != LIMN_JSON_SCAN_OBJECT)
    return LIMN_JSON_SCAN_NONE;

  for (guint key = limn_json_scan_first (scan, object); key != LIMN_JSON_SCAN_NONE;)
    {
      guint value = scan->tokens[key].next;

      if (limn_json_scan_string_equal (scan, key, name))
        found = value;
      key = scan->tokens[value].next;
    }

  return found;
}

const char *
limn_json_scan_get_string (LimnJsonScan *scan,
                           guint         value,
                           gsize        *length)
{
  const Token *t = token_at (scan, value);

  if (t == NULL || t->type != LIMN_JSON_SCAN_STRING)
    return NULL;

  if (length != NULL)
    *length = t->v.str.length;
  return scan->strings + t->v.str.offset;
}

gboolean
limn_json_scan_string_equal (LimnJsonScan *scan,
                             guint         value,
                             const char   *str)
{
  const Token *t = token_at (scan, value);

  return t != NULL && t->type == LIMN_JSON_SCAN_STRING &&
         strlen (str) == t->v.str.length &&
         memcmp (scan->strings + t->v.str.offset, str, t->v.str.length) == 0;
}

gboolean
limn_json_scan_get_int64 (LimnJsonScan *scan,
                          guint         value,
                          gint64       *out)
{
  const Token *t = token_at (scan, value);

  if (t == NULL || t->type != LIMN_JSON_SCAN_INTEGER || !t->in_range)
    return FALSE;

  *out = t->v.integer;
  return TRUE;
}

double
limn_json_scan_get_double (LimnJsonScan *scan,
                           guint         value)
{
  const Token *t = token_at (scan, value);
  g_autofree char *copy = NULL;

  if (t == NULL || (t->type != LIMN_JSON_SCAN_INTEGER && t->type != LIMN_JSON_SCAN_DOUBLE))
    return NAN;

  copy = g_strndup (scan->data + t->start, t->end - t->start);
  return g_ascii_strtod (copy, NULL);
}

const char *
limn_json_scan_get_raw (LimnJsonScan *scan,
                        guint         value,
                        gsize        *length)
{
  const Token *t = token_at (scan, value);

  if (t == NULL)
    return NULL;

  if (length != NULL)
    *length = t->end - t->start;
  return scan->data + t->start;
}
