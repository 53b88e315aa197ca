/* limn-markdown-inline.c
 *
 * Runs of styled text inside a paragraph, a heading or a table cell:
 * emphasis, strong, code spans, strikethrough, links, autolinks, escapes,
 * entities and line breaks. Nested styles become flags on flat runs, which
 * is all a label or a text buffer needs.
 *
 * Emphasis follows CommonMark's flanking rules closely enough for prose
 * (an opener is followed by a non-space, a closer preceded by one, "_"
 * never inside a word); it does not implement the full delimiter stack,
 * so rare nestings like "*a **b* c**" read differently than CommonMark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "limn-markdown-private.h"

/* Guards against text made to be slow: each opener that finds no closer
 * would scan to the end of the paragraph again. */
#define MAX_NESTING   32    /* styles inside styles; deeper is text */
#define MAX_LINK_TEXT 1000  /* bytes from "[" to "]" */
#define MAX_LINK_DEST 2048  /* bytes of a link's destination */
#define MAX_TICKS     16    /* longer backtick runs are text */

typedef struct
{
  GPtrArray *out;
  GString   *pending;
  LimnMarkdownStyle pending_style;
  char      *pending_href;
  guint      nesting;
} Runs;

/* Within one range, a search that found nothing from an offset finds
 * nothing from any later one: remember where each kind failed. */
typedef struct
{
  gsize closer[3][2];        /* '*', '_', '~' × one, two */
  gsize ticks[MAX_TICKS];
  GArray *brackets;          /* Brackets, by open; NULL until asked */
} Misses;

static void
misses_init (Misses *misses)
{
  for (guint i = 0; i < 3; i++)
    misses->closer[i][0] = misses->closer[i][1] = G_MAXSIZE;
  for (guint i = 0; i < MAX_TICKS; i++)
    misses->ticks[i] = G_MAXSIZE;
  misses->brackets = NULL;
}

static void
flush (Runs *runs)
{
  LimnMarkdownInline *run;

  if (runs->pending->len == 0)
    return;

  run = g_new0 (LimnMarkdownInline, 1);
  run->style = runs->pending_style;
  run->text = g_strndup (runs->pending->str, runs->pending->len);
  run->href = g_strdup (runs->pending_href);
  g_ptr_array_add (runs->out, run);
  g_string_truncate (runs->pending, 0);
}

/* Text in @style; merged with the run before when the style is the same. */
static void
append (Runs              *runs,
        LimnMarkdownStyle  style,
        const char        *href,
        const char        *text,
        gssize             len)
{
  if (runs->pending->len > 0 &&
      (style != runs->pending_style || g_strcmp0 (href, runs->pending_href) != 0))
    flush (runs);

  if (runs->pending->len == 0)
    {
      runs->pending_style = style;
      g_free (runs->pending_href);
      runs->pending_href = g_strdup (href);
    }
  g_string_append_len (runs->pending, text, len);
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static gboolean
is_word (char c)
{
  return g_ascii_isalnum (c) || (guchar) c >= 0x80;
}

static gsize
run_length (const char *s,
            gsize       i,
            gsize       len,
            char        c)
{
  gsize n = 0;

  while (i + n < len && s[i + n] == c)
    n++;

  return n;
}

/* The end of a code span opened by @n backticks at @i, or 0. */
static gsize
code_span_end (const char *s,
               gsize       i,
               gsize       len,
               gsize       n,
               Misses     *misses)
{
  if (n >= MAX_TICKS || i >= misses->ticks[n])
    return 0;

  for (gsize j = i + n; j < len;)
    {
      gsize m;

      if (s[j] != '`')
        {
          j++;
          continue;
        }
      m = run_length (s, j, len, '`');
      if (m == n)
        return j;
      j += m;
    }

  misses->ticks[n] = i;
  return 0;
}

/* Where a run of @n delimiters @c opened before @from closes: a run of at
 * least @n preceded by a non-space (and for "_" not followed by a word
 * character), skipping code spans and escapes. Returns the offset of the
 * last @n characters of that run, or 0. */
static gsize
find_closer (const char *s,
             gsize       from,
             gsize       len,
             char        c,
             gsize       n,
             Misses     *misses)
{
  gsize *miss = &misses->closer[c == '*' ? 0 : c == '_' ? 1 : 2][n - 1];

  if (from >= *miss)
    return 0;

  for (gsize j = from; j < len;)
    {
      gsize m;

      if (s[j] == '\\' && j + 1 < len)
        {
          j += 2;
          continue;
        }
      if (s[j] == '`')
        {
          gsize ticks = run_length (s, j, len, '`');
          gsize end = code_span_end (s, j, len, ticks, misses);

          j = end != 0 ? end + ticks : j + ticks;
          continue;
        }
      if (s[j] != c)
        {
          j++;
          continue;
        }

      m = run_length (s, j, len, c);
      if (j > from && !is_space (s[j - 1]) && (m == n || (m > n && n == 2) || (m == 3 && n == 1)) &&
          (c != '_' || j + m >= len || !is_word (s[j + m])))
        return j + m - n;
      j += m;
    }

  *miss = from;
  return 0;
}

/* The link destination and title after "](", up to the closing ")".
 * Returns the offset after ")" or 0. */
static gsize
link_destination (const char  *s,
                  gsize        i,
                  gsize        len,
                  char       **href)
{
  gsize start, end, depth = 0;

  while (i < len && is_space (s[i]))
    i++;

  if (i < len && s[i] == '<')
    {
      start = ++i;
      while (i < len && i - start < MAX_LINK_DEST && s[i] != '>' && s[i] != '\n')
        i++;
      if (i >= len || s[i] != '>')
        return 0;
      end = i++;
    }
  else
    {
      start = i;
      while (i < len && i - start < MAX_LINK_DEST && !is_space (s[i]) && (s[i] != ')' || depth > 0))
        {
          if (s[i] == '(')
            depth++;
          else if (s[i] == ')')
            depth--;
          i++;
        }
      end = i;
    }

  while (i < len && is_space (s[i]))
    i++;
  /* A title: read past it, guidelines have no use for it. */
  if (i < len && (s[i] == '"' || s[i] == '\''))
    {
      char quote = s[i++];

      while (i < len && s[i] != quote)
        i++;
      if (i >= len)
        return 0;
      i++;
      while (i < len && is_space (s[i]))
        i++;
    }

  if (i >= len || s[i] != ')')
    return 0;

  *href = g_strndup (s + start, end - start);
  return i + 1;
}

typedef struct
{
  gsize open;
  gsize close;
} Brackets;

static int
brackets_compare (gconstpointer a,
                  gconstpointer b)
{
  gsize x = ((const Brackets *) a)->open, y = ((const Brackets *) b)->open;

  return x < y ? -1 : x > y;
}

/* The "]" closing the "[" at @i, or 0. The pairs of the range are found
 * once, with a stack, the first time a "[" asks: scanning from each "["
 * would make "[[[[…" quadratic. */
static gsize
bracket_end (const char *s,
             gsize       i,
             gsize       len,
             Misses     *misses)
{
  Brackets key = { i, 0 }, *found;

  if (misses->brackets == NULL)
    {
      g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (gsize));

      misses->brackets = g_array_new (FALSE, FALSE, sizeof (Brackets));
      for (gsize j = 0; j < len; j++)
        {
          if (s[j] == '\\')
            j++;
          else if (s[j] == '[')
            g_array_append_val (stack, j);
          else if (s[j] == ']' && stack->len > 0)
            {
              Brackets pair = { g_array_index (stack, gsize, stack->len - 1), j };

              g_array_set_size (stack, stack->len - 1);
              if (j - pair.open <= MAX_LINK_TEXT)
                g_array_append_val (misses->brackets, pair);
            }
        }
      g_array_sort (misses->brackets, brackets_compare);
    }

  if (misses->brackets->len == 0)
    return 0;
  found = bsearch (&key, misses->brackets->data, misses->brackets->len, sizeof (Brackets), brackets_compare);

  return found != NULL ? found->close : 0;
}

/* Links open in a browser from the app: only the web and mail. A
 * guideline must not launch a local file or a custom scheme. */
static gboolean
safe_href (const char *href)
{
  return g_str_has_prefix (href, "https://") || g_str_has_prefix (href, "http://") ||
         g_str_has_prefix (href, "mailto:");
}

static gboolean
autolink (const char  *s,
          gsize        i,
          gsize        len,
          gsize       *end,
          char       **href)
{
  gsize j = i + 1;
  g_autofree char *inner = NULL;

  while (j < len && j - i < MAX_LINK_DEST && s[j] != '>' && s[j] != '<' && !is_space (s[j]))
    j++;
  if (j >= len || s[j] != '>' || j == i + 1)
    return FALSE;

  inner = g_strndup (s + i + 1, j - i - 1);
  if (strchr (inner, ':') == NULL && strchr (inner, '@') != NULL)
    *href = g_strconcat ("mailto:", inner, NULL);
  else if (safe_href (inner))
    *href = g_strdup (inner);
  else
    return FALSE;

  *end = j + 1;
  return TRUE;
}

static const struct { const char *name; const char *text; } entities[] = {
  { "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" }, { "apos", "'" },
  { "nbsp", "\xc2\xa0" }, { "copy", "\xc2\xa9" }, { "mdash", "\xe2\x80\x94" },
  { "ndash", "\xe2\x80\x93" }, { "hellip", "\xe2\x80\xa6" },
};

/* An entity at @i ("&amp;", "&#233;", "&#xE9;"): its length, its text. */
static gsize
entity (const char *s,
        gsize       i,
        gsize       len,
        char        utf8[8])
{
  gsize j = i + 1;

  while (j < len && j - i <= 10 && (g_ascii_isalnum (s[j]) || s[j] == '#'))
    j++;
  if (j >= len || s[j] != ';' || j == i + 1)
    return 0;

  if (s[i + 1] == '#')
    {
      g_autofree char *digits = g_strndup (s + i + 2, j - i - 2);
      gboolean hex = digits[0] == 'x' || digits[0] == 'X';
      char *rest = NULL;
      guint64 cp = g_ascii_strtoull (digits + hex, &rest, hex ? 16 : 10);

      if (rest == digits + hex || *rest != '\0')
        return 0;
      if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
      utf8[g_unichar_to_utf8 ((gunichar) cp, utf8)] = '\0';
      return j - i + 1;
    }

  for (gsize k = 0; k < G_N_ELEMENTS (entities); k++)
    if (strlen (entities[k].name) == j - i - 1 && strncmp (s + i + 1, entities[k].name, j - i - 1) == 0)
      {
        g_strlcpy (utf8, entities[k].text, 8);
        return j - i + 1;
      }

  return 0;
}

static void
parse_range (Runs              *runs,
             const char        *s,
             gsize              len,
             LimnMarkdownStyle  style,
             const char        *href);

/* Emphasis, strong or strikethrough opened by the run at @i; returns the
 * offset after the closer, or 0 when the run is text. */
static gsize
delimited (Runs              *runs,
           const char        *s,
           gsize              i,
           gsize              len,
           LimnMarkdownStyle  style,
           const char        *href,
           Misses            *misses)
{
  char c = s[i];
  gsize n = run_length (s, i, len, c);
  gsize close;

  /* An opener is followed by a non-space; "_" does not open in a word. */
  if (runs->nesting >= MAX_NESTING || i + n >= len || is_space (s[i + n]) ||
      (c == '_' && i > 0 && is_word (s[i - 1])))
    return 0;

  if (c == '~')
    {
      if (n != 2 || (close = find_closer (s, i + 2, len, '~', 2, misses)) == 0)
        return 0;
      parse_range (runs, s + i + 2, close - i - 2, style | LIMN_MARKDOWN_STYLE_STRIKE, href);
      return close + 2;
    }

  if (n >= 2 && (close = find_closer (s, i + 2, len, c, 2, misses)) != 0)
    {
      parse_range (runs, s + i + 2, close - i - 2, style | LIMN_MARKDOWN_STYLE_STRONG, href);
      return close + 2;
    }
  if ((close = find_closer (s, i + 1, len, c, 1, misses)) != 0)
    {
      parse_range (runs, s + i + 1, close - i - 1, style | LIMN_MARKDOWN_STYLE_EMPHASIS, href);
      return close + 1;
    }

  return 0;
}

/* A link or an image at @i ("[" or "!["); returns the offset after it, or 0. */
static gsize
link (Runs              *runs,
      const char        *s,
      gsize              i,
      gsize              len,
      LimnMarkdownStyle  style,
      const char        *href,
      Misses            *misses)
{
  gboolean image = s[i] == '!';
  gsize open = i + image;
  gsize close = bracket_end (s, open, len, misses);
  g_autofree char *dest = NULL;
  gsize end;

  if (runs->nesting >= MAX_NESTING || close == 0 || close + 1 >= len || s[close + 1] != '(' ||
      (end = link_destination (s, close + 2, len, &dest)) == 0)
    return 0;

  /* An image shows its description: the app does not fetch pictures named
   * by guidelines. An unsafe link is its text. */
  if (image || href != NULL || !safe_href (dest))
    parse_range (runs, s + open + 1, close - open - 1, style, href);
  else
    parse_range (runs, s + open + 1, close - open - 1, style | LIMN_MARKDOWN_STYLE_LINK, dest);

  return end;
}

static void
parse_range (Runs              *runs,
             const char        *s,
             gsize              len,
             LimnMarkdownStyle  style,
             const char        *href)
{
  gsize i = 0;
  Misses misses;

  misses_init (&misses);
  runs->nesting++;

  while (i < len)
    {
      char c = s[i];
      gsize end;

      if (c == '\\' && i + 1 < len && s[i + 1] == '\n')
        {
          append (runs, style, href, "\n", 1);
          i += 2;
        }
      else if (c == '\\' && i + 1 < len && g_ascii_ispunct (s[i + 1]))
        {
          append (runs, style, href, s + i + 1, 1);
          i += 2;
        }
      else if (c == '\n')
        {
          /* Two spaces before the end of a line break it; otherwise the
           * lines of a paragraph flow. */
          gboolean hard = i >= 2 && s[i - 1] == ' ' && s[i - 2] == ' ';

          while (runs->pending->len > 0 && runs->pending->str[runs->pending->len - 1] == ' ')
            g_string_truncate (runs->pending, runs->pending->len - 1);
          append (runs, style, href, hard ? "\n" : " ", 1);
          for (i++; i < len && (s[i] == ' ' || s[i] == '\t'); i++)
            ;
        }
      else if (c == '`')
        {
          gsize n = run_length (s, i, len, '`');
          gsize close = code_span_end (s, i, len, n, &misses);

          if (close == 0)
            {
              append (runs, style, href, s + i, n);
              i += n;
              continue;
            }
          else
            {
              g_autofree char *code = g_strndup (s + i + n, close - i - n);
              gsize code_len = strlen (code);
              char *start = code;

              g_strdelimit (code, "\n", ' ');
              if (code_len >= 2 && code[0] == ' ' && code[code_len - 1] == ' ' &&
                  strspn (code, " ") != code_len)
                {
                  code[code_len - 1] = '\0';
                  start++;
                }
              append (runs, style | LIMN_MARKDOWN_STYLE_CODE, href, start, -1);
              i = close + n;
            }
        }
      else if ((c == '*' || c == '_' || c == '~') && (end = delimited (runs, s, i, len, style, href, &misses)) != 0)
        i = end;
      else if ((c == '[' || (c == '!' && i + 1 < len && s[i + 1] == '[')) &&
               (end = link (runs, s, i, len, style, href, &misses)) != 0)
        i = end;
      else if (c == '<' && href == NULL)
        {
          g_autofree char *dest = NULL;

          if (autolink (s, i, len, &end, &dest))
            {
              append (runs, style | LIMN_MARKDOWN_STYLE_LINK, dest, s + i + 1, end - i - 2);
              i = end;
            }
          else
            append (runs, style, href, s + i++, 1);
        }
      else if (c == '&')
        {
          char utf8[8];
          gsize n = entity (s, i, len, utf8);

          if (n > 0)
            {
              append (runs, style, href, utf8, -1);
              i += n;
            }
          else
            append (runs, style, href, s + i++, 1);
        }
      else if (c == '*' || c == '_' || c == '~')
        {
          /* A delimiter run that is text: all of it, so its tail does not
           * open what its head could not. */
          gsize n = run_length (s, i, len, c);

          append (runs, style, href, s + i, n);
          i += n;
        }
      else
        append (runs, style, href, s + i++, 1);
    }

  runs->nesting--;
  g_clear_pointer (&misses.brackets, g_array_unref);
}

void
limn_markdown_parse_inlines (const char *text,
                             gsize       len,
                             GPtrArray  *out)
{
  Runs runs = { out, g_string_new (NULL), 0, NULL, 0 };

  /* Trailing spaces of the last line are no break. */
  while (len > 0 && is_space (text[len - 1]))
    len--;

  parse_range (&runs, text, len, 0, NULL);
  flush (&runs);
  g_string_free (runs.pending, TRUE);
  g_free (runs.pending_href);
}
