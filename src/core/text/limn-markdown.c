/* limn-markdown.c
 *
 * The blocks of a Markdown document, line by line: each line either
 * continues the open paragraph or starts a block, and containers (quotes,
 * list items) are read by stripping their markers and reading what is left
 * as a document of its own. Simple, and deep only as deep as the nesting,
 * which is capped so hostile guidelines cannot exhaust the stack.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "limn-markdown-private.h"

/* Quotes and lists nested deeper than this read as text. */
#define MAX_DEPTH 16

static void parse_lines (GPtrArray *lines,
                         guint      depth,
                         GPtrArray *out);

static LimnMarkdownBlock *
block_new (LimnMarkdownKind kind)
{
  LimnMarkdownBlock *block = g_new0 (LimnMarkdownBlock, 1);

  block->kind = kind;
  if (kind == LIMN_MARKDOWN_PARAGRAPH || kind == LIMN_MARKDOWN_HEADING || kind == LIMN_MARKDOWN_CELL)
    block->inlines = g_ptr_array_new_with_free_func ((GDestroyNotify) limn_markdown_inline_free);
  else
    block->children = g_ptr_array_new_with_free_func ((GDestroyNotify) limn_markdown_block_free);

  return block;
}

void
limn_markdown_inline_free (LimnMarkdownInline *run)
{
  if (run == NULL)
    return;
  g_free (run->text);
  g_free (run->href);
  g_free (run);
}

void
limn_markdown_block_free (LimnMarkdownBlock *block)
{
  if (block == NULL)
    return;
  g_free (block->text);
  g_free (block->info);
  g_clear_pointer (&block->inlines, g_ptr_array_unref);
  g_clear_pointer (&block->children, g_ptr_array_unref);
  g_free (block);
}

void
limn_markdown_change_free (LimnMarkdownChange *change)
{
  if (change == NULL)
    return;
  g_free (change->title);
  g_free (change);
}

/* Columns of leading white space, a tab to the next multiple of 4. */
static guint
indent_of (const char *line)
{
  guint col = 0;

  for (; *line == ' ' || *line == '\t'; line++)
    col = *line == '\t' ? (col + 4) & ~3u : col + 1;

  return col;
}

static gboolean
is_blank (const char *line)
{
  return line[strspn (line, " \t")] == '\0';
}

/* @line without its first @cols columns of white space. */
static char *
strip_columns (const char *line,
               guint       cols)
{
  guint col = 0;

  while (col < cols && (*line == ' ' || *line == '\t'))
    {
      guint next = *line == '\t' ? (col + 4) & ~3u : col + 1;

      if (next > cols)
        return g_strdup_printf ("%*s%s", (int) (next - cols), "", line + 1);
      col = next;
      line++;
    }

  return g_strdup (line);
}

/* At most three spaces of indent, then the rest. */
static const char *
opening (const char *line)
{
  return indent_of (line) <= 3 ? line + strspn (line, " \t") : NULL;
}

static guint
heading_level (const char *line)
{
  const char *p = opening (line);
  guint level = 0;

  if (p == NULL)
    return 0;
  while (p[level] == '#')
    level++;

  return level >= 1 && level <= 6 && (p[level] == '\0' || p[level] == ' ' || p[level] == '\t') ? level : 0;
}

static gboolean
is_rule (const char *line)
{
  const char *p = opening (line);
  guint count = 0;
  char c;

  if (p == NULL || (*p != '-' && *p != '*' && *p != '_'))
    return FALSE;
  c = *p;
  for (; *p != '\0'; p++)
    {
      if (*p == c)
        count++;
      else if (*p != ' ' && *p != '\t')
        return FALSE;
    }

  return count >= 3;
}

/* "===" or "---" under a paragraph: its level, or 0. */
static guint
setext_level (const char *line)
{
  const char *p = opening (line);
  gsize n;

  if (p == NULL || (*p != '=' && *p != '-'))
    return 0;
  n = strspn (p, *p == '=' ? "=" : "-");

  return is_blank (p + n) ? (*p == '=' ? 1 : 2) : 0;
}

/* "```" or "~~~": the fence's character and length, or 0. */
static gsize
fence_of (const char *line,
          char       *c)
{
  const char *p = opening (line);
  gsize n;

  if (p == NULL || (*p != '`' && *p != '~'))
    return 0;
  n = strspn (p, *p == '`' ? "`" : "~");
  /* A backtick fence's info string has no backtick. */
  if (n < 3 || (*p == '`' && strchr (p + n, '`') != NULL))
    return 0;
  *c = *p;

  return n;
}

/* A list marker: returns the column where the item's content starts, or 0. */
static guint
list_marker (const char *line,
             gboolean   *ordered,
             guint      *number,
             char       *delimiter)
{
  guint indent = indent_of (line);
  const char *p = opening (line);
  const char *after;
  guint spaces;

  if (p == NULL)
    return 0;

  if (*p == '-' || *p == '*' || *p == '+')
    {
      *ordered = FALSE;
      *delimiter = *p;
      after = p + 1;
    }
  else if (g_ascii_isdigit (*p))
    {
      gsize digits = strspn (p, "0123456789");

      if (digits > 9 || (p[digits] != '.' && p[digits] != ')'))
        return 0;
      *ordered = TRUE;
      *number = (guint) g_ascii_strtoull (p, NULL, 10);
      *delimiter = p[digits];
      after = p + digits + 1;
    }
  else
    return 0;

  if (*after != '\0' && *after != ' ' && *after != '\t')
    return 0;
  spaces = indent_of (after);
  /* Five spaces after the marker are one space and an indented code block. */
  if (spaces == 0 || spaces > 4 || is_blank (after))
    spaces = 1;

  return indent + (guint) (after - p) + spaces;
}

/* Cells of a table row, without the outer pipes; "\|" is a pipe in a cell. */
static GPtrArray *
split_row (const char *line)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *row = g_strstrip (g_strdup (line));
  GString *cell = g_string_new (NULL);
  const char *p = row;

  if (*p == '|')
    p++;
  for (; *p != '\0'; p++)
    {
      if (p[0] == '\\' && p[1] == '|')
        {
          g_string_append_c (cell, '|');
          p++;
        }
      else if (*p == '|')
        {
          g_ptr_array_add (cells, g_strstrip (g_string_free (cell, FALSE)));
          cell = g_string_new (NULL);
        }
      else
        g_string_append_c (cell, *p);
    }
  /* A row ending in "|" has no empty last cell. */
  if (cell->len > 0 || row[0] == '\0' || row[strlen (row) - 1] != '|')
    g_ptr_array_add (cells, g_strstrip (g_string_free (cell, FALSE)));
  else
    g_string_free (cell, TRUE);

  return cells;
}

static guint
count_cells (const char *line)
{
  g_autoptr(GPtrArray) cells = split_row (line);

  return cells->len;
}

/* The delimiter row under a table's header: its alignments, or NULL. */
static GArray *
table_delimiter (const char *line,
                 guint       n_columns)
{
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(GArray) aligns = NULL;

  if (strchr (line, '|') == NULL && n_columns > 1)
    return NULL;
  cells = split_row (line);
  if (cells->len != n_columns)
    return NULL;

  aligns = g_array_new (FALSE, FALSE, sizeof (LimnMarkdownAlign));
  for (guint i = 0; i < cells->len; i++)
    {
      const char *cell = g_ptr_array_index (cells, i);
      gsize len = strlen (cell);
      gboolean left = len > 0 && cell[0] == ':';
      gboolean right = len > 0 && cell[len - 1] == ':';
      LimnMarkdownAlign align;

      if (len == 0 || strspn (cell, ":-") != len || strchr (cell, '-') == NULL ||
          strchr (cell + left, ':') != (right ? cell + len - 1 : NULL))
        return NULL;
      align = left && right ? LIMN_MARKDOWN_ALIGN_CENTER : right ? LIMN_MARKDOWN_ALIGN_RIGHT
              : left ? LIMN_MARKDOWN_ALIGN_LEFT : LIMN_MARKDOWN_ALIGN_NONE;
      g_array_append_val (aligns, align);
    }

  return g_steal_pointer (&aligns);
}

static LimnMarkdownBlock *
inline_block (LimnMarkdownKind  kind,
              const char       *text)
{
  LimnMarkdownBlock *block = block_new (kind);

  limn_markdown_parse_inlines (text, strlen (text), block->inlines);

  return block;
}

static LimnMarkdownBlock *
table_row (const char        *line,
           GArray            *aligns)
{
  LimnMarkdownBlock *row = block_new (LIMN_MARKDOWN_ROW);
  g_autoptr(GPtrArray) cells = split_row (line);

  for (guint i = 0; i < aligns->len; i++)
    {
      LimnMarkdownBlock *cell = inline_block (LIMN_MARKDOWN_CELL, i < cells->len ? g_ptr_array_index (cells, i) : "");

      cell->align = g_array_index (aligns, LimnMarkdownAlign, i);
      g_ptr_array_add (row->children, cell);
    }

  return row;
}

/* Whether @line would start a block and so ends a paragraph. An ordered
 * list interrupts a paragraph only from 1, so "2024. A year" stays text. */
static gboolean
interrupts_paragraph (const char *line)
{
  gboolean ordered;
  guint number = 1;
  char delimiter, fence;
  const char *p = opening (line);

  if (p == NULL)
    return FALSE;
  if (heading_level (line) > 0 || is_rule (line) || fence_of (line, &fence) > 0 || *p == '>')
    return TRUE;
  if (list_marker (line, &ordered, &number, &delimiter) == 0)
    return FALSE;

  /* An empty item does not interrupt either. */
  return !is_blank (p + (ordered ? strspn (p, "0123456789") : 0) + 1) && (!ordered || number == 1);
}

static guint
read_fence (GPtrArray *lines,
            guint      i,
            GPtrArray *out)
{
  const char *line = g_ptr_array_index (lines, i);
  guint indent = indent_of (line);
  char c = 0, close_c = 0;
  gsize n = fence_of (line, &c);
  LimnMarkdownBlock *block = block_new (LIMN_MARKDOWN_CODE);
  GString *code = g_string_new (NULL);

  block->info = g_strstrip (g_strdup (opening (line) + n));
  for (i++; i < lines->len; i++)
    {
      g_autofree char *content = NULL;

      line = g_ptr_array_index (lines, i);
      if (fence_of (line, &close_c) >= n && close_c == c && is_blank (opening (line) + strspn (opening (line), (char[]) { c, 0 })))
        {
          i++;
          break;
        }
      content = strip_columns (line, indent);
      g_string_append (code, content);
      g_string_append_c (code, '\n');
    }

  block->text = g_string_free (code, FALSE);
  g_ptr_array_add (out, block);

  return i;
}

static guint
read_indented_code (GPtrArray *lines,
                    guint      i,
                    GPtrArray *out)
{
  LimnMarkdownBlock *block = block_new (LIMN_MARKDOWN_CODE);
  GString *code = g_string_new (NULL);
  guint end = i;

  for (guint j = i; j < lines->len; j++)
    {
      const char *line = g_ptr_array_index (lines, j);

      if (!is_blank (line) && indent_of (line) < 4)
        break;
      if (!is_blank (line))
        end = j + 1;
    }

  for (; i < end; i++)
    {
      g_autofree char *content = strip_columns (g_ptr_array_index (lines, i), 4);

      g_string_append (code, content);
      g_string_append_c (code, '\n');
    }

  block->text = g_string_free (code, FALSE);
  block->info = g_strdup ("");
  g_ptr_array_add (out, block);

  return end;
}

static guint
read_quote (GPtrArray *lines,
            guint      i,
            guint      depth,
            GPtrArray *out)
{
  g_autoptr(GPtrArray) inner = g_ptr_array_new_with_free_func (g_free);
  LimnMarkdownBlock *block = block_new (LIMN_MARKDOWN_QUOTE);

  for (; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);
      const char *p = opening (line);

      if (p != NULL && *p == '>')
        {
          p++;
          g_ptr_array_add (inner, *p == ' ' ? g_strdup (p + 1) : *p == '\t' ? strip_columns (p, 1) : g_strdup (p));
        }
      /* A lazy line: it goes on with the quote's paragraph. */
      else if (!is_blank (line) && inner->len > 0 && !is_blank (g_ptr_array_index (inner, inner->len - 1)) &&
               !interrupts_paragraph (line))
        g_ptr_array_add (inner, g_strdup (line));
      else
        break;
    }

  parse_lines (inner, depth + 1, block->children);
  g_ptr_array_add (out, block);

  return i;
}

static guint
read_list (GPtrArray *lines,
           guint      i,
           guint      depth,
           GPtrArray *out)
{
  LimnMarkdownBlock *list = block_new (LIMN_MARKDOWN_LIST);
  char list_delimiter = 0;

  while (i < lines->len)
    {
      const char *line = g_ptr_array_index (lines, i);
      g_autoptr(GPtrArray) inner = g_ptr_array_new_with_free_func (g_free);
      LimnMarkdownBlock *item;
      gboolean ordered;
      guint number = 1, content;
      char delimiter;

      content = list_marker (line, &ordered, &number, &delimiter);
      if (content == 0 || is_rule (line) || (list_delimiter != 0 && delimiter != list_delimiter))
        break;
      if (list_delimiter == 0)
        {
          list_delimiter = delimiter;
          list->ordered = ordered;
          list->start = number;
        }

      /* The marker's columns become white space: the first line is then
       * stripped like the item's other lines. */
      {
        g_autofree char *first = g_strdup (line);
        const char *p = opening (first);
        gsize marker = ordered ? strspn (p, "0123456789") + 1 : 1;

        memset ((char *) p, ' ', marker);
        g_ptr_array_add (inner, strip_columns (first, MIN (content, indent_of (first))));
      }

      for (i++; i < lines->len; i++)
        {
          line = g_ptr_array_index (lines, i);
          if (is_blank (line))
            {
              guint next = i + 1;

              while (next < lines->len && is_blank (g_ptr_array_index (lines, next)))
                next++;
              if (next >= lines->len || indent_of (g_ptr_array_index (lines, next)) < content)
                break;
              /* All the blank lines at once: each looked ahead once. */
              for (; i < next; i++)
                g_ptr_array_add (inner, g_strdup (""));
              i--;
            }
          else if (indent_of (line) >= content)
            g_ptr_array_add (inner, strip_columns (line, content));
          else if (!is_blank (g_ptr_array_index (inner, inner->len - 1)) && !interrupts_paragraph (line) &&
                   list_marker (line, &ordered, &number, &delimiter) == 0)
            g_ptr_array_add (inner, g_strdup (line));
          else
            break;
        }

      item = block_new (LIMN_MARKDOWN_ITEM);
      parse_lines (inner, depth + 1, item->children);
      g_ptr_array_add (list->children, item);

      /* Blank lines between items keep the list going. */
      {
        guint next = i;

        while (next < lines->len && is_blank (g_ptr_array_index (lines, next)))
          next++;
        if (next > i && next < lines->len && !is_rule (g_ptr_array_index (lines, next)) &&
            list_marker (g_ptr_array_index (lines, next), &ordered, &number, &delimiter) > 0 &&
            delimiter == list_delimiter)
          i = next;
      }
    }

  g_ptr_array_add (out, list);

  return i;
}

static guint
read_table (GPtrArray *lines,
            guint      i,
            GArray    *aligns,
            GPtrArray *out)
{
  LimnMarkdownBlock *table = block_new (LIMN_MARKDOWN_TABLE);

  g_ptr_array_add (table->children, table_row (g_ptr_array_index (lines, i), aligns));
  for (i += 2; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (is_blank (line) || strchr (line, '|') == NULL || interrupts_paragraph (line))
        break;
      g_ptr_array_add (table->children, table_row (line, aligns));
    }

  g_ptr_array_add (out, table);

  return i;
}

static guint
read_paragraph (GPtrArray *lines,
                guint      i,
                GPtrArray *out)
{
  GString *text = g_string_new (NULL);
  LimnMarkdownBlock *block;
  guint level = 0;

  for (; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (is_blank (line))
        break;
      if (text->len > 0 && (level = setext_level (line)) > 0)
        {
          i++;
          break;
        }
      if (text->len > 0 && interrupts_paragraph (line))
        break;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, line + strspn (line, " \t"));
    }

  block = block_new (level > 0 ? LIMN_MARKDOWN_HEADING : LIMN_MARKDOWN_PARAGRAPH);
  block->level = level;
  limn_markdown_parse_inlines (text->str, text->len, block->inlines);
  g_ptr_array_add (out, block);
  g_string_free (text, TRUE);

  return i;
}

static void
parse_lines (GPtrArray *lines,
             guint      depth,
             GPtrArray *out)
{
  guint i = 0;

  while (i < lines->len)
    {
      const char *line = g_ptr_array_index (lines, i);
      const char *p = opening (line);
      guint level, n_columns;
      g_autoptr(GArray) aligns = NULL;
      gboolean ordered;
      guint number;
      char c;

      if (is_blank (line))
        i++;
      else if (p == NULL)
        i = read_indented_code (lines, i, out);
      else if ((level = heading_level (line)) > 0)
        {
          g_autofree char *text = g_strstrip (g_strdup (p + level));
          gsize len = strlen (text);
          LimnMarkdownBlock *block;

          /* A closing run of "#" after a space is not part of the text. */
          while (len > 0 && text[len - 1] == '#')
            len--;
          if (len == 0 || text[len - 1] == ' ' || text[len - 1] == '\t')
            text[len] = '\0';
          block = inline_block (LIMN_MARKDOWN_HEADING, g_strstrip (text));
          block->level = level;
          g_ptr_array_add (out, block);
          i++;
        }
      else if (fence_of (line, &c) > 0)
        i = read_fence (lines, i, out);
      else if (is_rule (line))
        {
          g_ptr_array_add (out, block_new (LIMN_MARKDOWN_RULE));
          i++;
        }
      else if (*p == '>' && depth < MAX_DEPTH)
        i = read_quote (lines, i, depth, out);
      else if (list_marker (line, &ordered, &number, &c) > 0 && depth < MAX_DEPTH)
        i = read_list (lines, i, depth, out);
      else if (strchr (line, '|') != NULL && i + 1 < lines->len &&
               (n_columns = count_cells (line)) > 0 &&
               (aligns = table_delimiter (g_ptr_array_index (lines, i + 1), n_columns)) != NULL)
        i = read_table (lines, i, aligns, out);
      else
        i = read_paragraph (lines, i, out);
    }
}

GPtrArray *
limn_markdown_parse (const char *text)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) limn_markdown_block_free);
  g_autofree char *valid = NULL;
  const char *p, *end;

  g_return_val_if_fail (text != NULL, blocks);

  /* Not UTF-8 is not text: show what can be shown. Lines are cut with
   * memchr(): g_strsplit()'s strstr() measures the rest of the text at
   * every line under AddressSanitizer, which made 512 K lines take 50 s. */
  valid = g_utf8_make_valid (text, -1);
  end = valid + strlen (valid);
  for (p = valid;;)
    {
      const char *nl = memchr (p, '\n', (gsize) (end - p));
      const char *stop = nl != NULL ? nl : end;

      if (stop > p && stop[-1] == '\r')
        stop--;
      g_ptr_array_add (lines, g_strndup (p, (gsize) (stop - p)));
      if (nl == NULL)
        break;
      p = nl + 1;
    }

  parse_lines (lines, 0, blocks);

  return blocks;
}

char *
limn_markdown_inlines_to_text (GPtrArray *inlines)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; inlines != NULL && i < inlines->len; i++)
    g_string_append (text, ((LimnMarkdownInline *) g_ptr_array_index (inlines, i))->text);

  return g_string_free (text, FALSE);
}

/* What a block shows, styles and kinds included, white space not: two
 * versions that render the same have the same signature. */
static void
signature (LimnMarkdownBlock *block,
           GString           *out)
{
  g_string_append_printf (out, "<%d:%u:%d:%u:%d>", block->kind, block->level, block->ordered, block->start,
                          block->align);
  if (block->text != NULL)
    g_string_append (out, block->text);
  for (guint i = 0; block->inlines != NULL && i < block->inlines->len; i++)
    {
      LimnMarkdownInline *run = g_ptr_array_index (block->inlines, i);

      gboolean space = TRUE;

      /* Words, each followed by one space: white space does not count. */
      g_string_append_printf (out, "[%d|%s|", run->style, run->href != NULL ? run->href : "");
      for (const char *p = run->text; *p != '\0'; p++)
        {
          gboolean blank = *p == ' ' || *p == '\t' || *p == '\n';

          if (!blank)
            g_string_append_c (out, *p);
          else if (!space)
            g_string_append_c (out, ' ');
          space = blank;
        }
      if (!space)
        g_string_append_c (out, ' ');
      g_string_append_c (out, ']');
    }
  for (guint i = 0; block->children != NULL && i < block->children->len; i++)
    signature (g_ptr_array_index (block->children, i), out);
}

typedef struct
{
  char    *key;    /* title, and "#n" for the n-th section of that title */
  char    *title;
  GString *body;
} Section;

static void
section_free (Section *section)
{
  g_free (section->key);
  g_free (section->title);
  g_string_free (section->body, TRUE);
  g_free (section);
}

static GPtrArray *
sections_of (const char *text)
{
  g_autoptr(GPtrArray) blocks = limn_markdown_parse (text);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *sections = g_ptr_array_new_with_free_func ((GDestroyNotify) section_free);
  Section *current = g_new0 (Section, 1);

  current->key = g_strdup ("");
  current->title = g_strdup ("");
  current->body = g_string_new (NULL);
  g_ptr_array_add (sections, current);

  for (guint i = 0; i < blocks->len; i++)
    {
      LimnMarkdownBlock *block = g_ptr_array_index (blocks, i);

      if (block->kind == LIMN_MARKDOWN_HEADING)
        {
          char *title = limn_markdown_inlines_to_text (block->inlines);
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (seen, title)) + 1;

          current = g_new0 (Section, 1);
          current->title = title;
          current->key = g_strdup_printf ("%s#%u", title, n);
          current->body = g_string_new (NULL);
          g_hash_table_replace (seen, g_strdup (title), GUINT_TO_POINTER (n));
          g_ptr_array_add (sections, current);
          /* The heading's level and styles count as its content. */
        }
      signature (block, current->body);
    }

  return sections;
}

static Section *
find_section (GPtrArray  *sections,
              const char *key)
{
  for (guint i = 0; i < sections->len; i++)
    if (g_str_equal (((Section *) g_ptr_array_index (sections, i))->key, key))
      return g_ptr_array_index (sections, i);

  return NULL;
}

static void
add_change (GPtrArray              *changes,
            LimnMarkdownChangeKind  kind,
            const char             *title)
{
  LimnMarkdownChange *change = g_new0 (LimnMarkdownChange, 1);

  change->kind = kind;
  change->title = g_strdup (title);
  g_ptr_array_add (changes, change);
}

GPtrArray *
limn_markdown_changed_sections (const char *old_text,
                                const char *new_text)
{
  g_autoptr(GPtrArray) old_sections = sections_of (old_text != NULL ? old_text : "");
  g_autoptr(GPtrArray) new_sections = sections_of (new_text != NULL ? new_text : "");
  GPtrArray *changes = g_ptr_array_new_with_free_func ((GDestroyNotify) limn_markdown_change_free);

  for (guint i = 0; i < new_sections->len; i++)
    {
      Section *section = g_ptr_array_index (new_sections, i);
      Section *before = find_section (old_sections, section->key);

      /* An empty preamble that appears or goes is no change. */
      if (before == NULL && section->body->len > 0)
        add_change (changes, LIMN_MARKDOWN_SECTION_ADDED, section->title);
      else if (before != NULL && !g_string_equal (before->body, section->body))
        add_change (changes, LIMN_MARKDOWN_SECTION_CHANGED, section->title);
    }

  for (guint i = 0; i < old_sections->len; i++)
    {
      Section *section = g_ptr_array_index (old_sections, i);

      if (find_section (new_sections, section->key) == NULL && section->body->len > 0)
        add_change (changes, LIMN_MARKDOWN_SECTION_REMOVED, section->title);
    }

  return changes;
}
