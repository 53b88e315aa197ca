/* limn-format-conll.c
 *
 * CoNLL token-per-line files: "token … TAG" (the tag is the last column),
 * a blank line between sentences, "-DOCSTART-" between documents. Tags are
 * read in IOB2, IOB1, BIOES/BILOU or plain IO; written in IOB2. A text is
 * the tokens joined by spaces, one sentence per line: the original spacing
 * is not in the format. One item per document when the file has
 * -DOCSTART- lines, else one per sentence. Streamed line by line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-formats"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "limn-format-private.h"

static gboolean
is_tag (const char *tag)
{
  return g_str_equal (tag, "O") ||
         (strchr ("BIESLU", tag[0]) != NULL && tag[0] != '\0' && tag[1] == '-' && tag[2] != '\0');
}

static guint
conll_detect (const LimnFormatProbe *probe)
{
  g_auto(GStrv) lines = NULL;
  guint tagged = 0, other = 0;

  if (probe->is_dir || probe->head_len == 0)
    return 0;

  lines = g_strsplit (probe->head, "\n", 200);
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
      guint n = g_strv_length (fields);

      if (lines[i][0] == '\0' || g_str_has_prefix (lines[i], "-DOCSTART-"))
        continue;
      if (n >= 2 && is_tag (fields[n - 1]))
        tagged++;
      else
        other++;
    }

  if (tagged < 2 || other * 4 > tagged)
    return 0;

  return limn_format_probe_suffix (probe, ".conll") || limn_format_probe_suffix (probe, ".iob") ||
         limn_format_probe_suffix (probe, ".bio") || limn_format_probe_suffix (probe, ".bioes")
         ? 95 : 85;
}

typedef struct
{
  LimnFormatReader *reader;
  const char       *display;
  gboolean          documents;   /* items are documents (-DOCSTART-), else sentences */
  GString          *text;
  GArray           *spans;       /* LimnRawSpan, offsets in code points */
  gint64            n_chars;
  guint64           first_line;
  guint64           n_items;
  /* the open chunk */
  int               label;
  char             *type;
  gint64            start;
  gint64            end;
  /* what the tags say about the scheme */
  guint64           i_starts;    /* I-X starting a chunk */
  guint64           b_after_o;   /* B-X not after I-X of its type: IOB2 style */
  guint64           bioes;
  guint64           io;
  gboolean          columns;     /* more than token and tag */
  gboolean          sentence_open;
  GPtrArray        *wheres;
} Conll;

static void
close_chunk (Conll *c)
{
  LimnRawSpan span = { 0 };

  if (c->type == NULL)
    return;

  span.start = c->start;
  span.end = c->end;
  span.label = c->label;
  span.score = LIMN_SCORE_UNSET;
  span.where = g_ptr_array_index (c->wheres, c->wheres->len - 1);
  g_array_append_val (c->spans, span);
  g_clear_pointer (&c->type, g_free);
}

/* The text so far becomes an item with its spans. */
static void
finish_item (Conll *c)
{
  static const LimnOffsetUnit units[] = { LIMN_OFFSETS_CODE_POINTS };
  g_autoptr(LimnTextIndex) index = NULL;
  g_autofree char *where = NULL;
  g_autofree char *name = NULL;
  LimnDatasetItem *item;

  close_chunk (c);
  if (c->text->len == 0)
    return;

  where = limn_format_where (c->display, c->first_line);
  name = g_strdup_printf (c->documents ? "document %" PRIu64 : "sentence %" PRIu64,
                          ++c->n_items);
  item = limn_format_reader_add_text (c->reader, name, c->text->str, &index, where);
  if (item != NULL)
    {
      LimnDatasetAnnotation *annotation = limn_format_reader_annotation (c->reader, item, NULL);

      for (guint i = 0; i < c->spans->len; i++)
        g_array_index (c->spans, LimnRawSpan, i).annotation = annotation;
      limn_format_reader_add_spans (c->reader, index, c->spans, units, 1, where);
    }

  g_string_truncate (c->text, 0);
  g_array_set_size (c->spans, 0);
  g_ptr_array_set_size (c->wheres, 0);
  c->n_chars = 0;
}

static void
read_token (Conll      *c,
            const char *token,
            const char *tag,
            const char *where)
{
  gint64 length = g_utf8_strlen (token, -1);
  const char *type = tag[0] != '\0' && tag[1] == '-' ? tag + 2 : tag;
  char prefix = tag[0] != '\0' && tag[1] == '-' ? tag[0] : 'I';
  gboolean continues = c->type != NULL && g_str_equal (c->type, type);

  if (c->n_chars > 0)
    c->n_chars++;   /* the space or newline before it */

  if (g_str_equal (tag, "O"))
    {
      close_chunk (c);
      c->n_chars += length;
      return;
    }

  if (tag[1] != '-')
    c->io++;
  if (strchr ("ESLU", prefix))
    c->bioes++;

  /* A chunk starts at B-, S-/U-, or any tag of another type; it goes on at
   * I-, E-/L- of its type. So IOB1, IOB2, BIOES and IO all read alike. */
  if (prefix == 'B' || prefix == 'S' || prefix == 'U' || !continues)
    {
      if (prefix == 'I' && !continues)
        c->i_starts++;
      if (prefix == 'B' && !continues)
        c->b_after_o++;
      close_chunk (c);
      c->type = g_strdup (type);
      c->label = limn_format_reader_label (c->reader, type, where);
      c->start = c->n_chars;
      g_ptr_array_add (c->wheres, g_strdup (where));
    }

  c->n_chars += length;
  c->end = c->n_chars;
  if (prefix == 'E' || prefix == 'L' || prefix == 'S' || prefix == 'U')
    close_chunk (c);
}

static void
report_scheme (Conll *c)
{
  LimnFormatProblems *problems = c->reader->problems;

  if (c->bioes > 0)
    limn_format_problems_add (problems, c->display, "conll-scheme", LIMN_FORMAT_CONVERTED,
                              _("The tags are BIOES (or BILOU): read into spans; Limn writes "
                                "IOB2."));
  else if (c->i_starts > 0 && c->b_after_o == 0)
    limn_format_problems_add (problems, c->display, "conll-scheme", LIMN_FORMAT_CONVERTED,
                              _("The tags are IOB1 (I- starts a chunk, B- only separates two of "
                                "one type): read into spans; Limn writes IOB2."));
  else if (c->i_starts > 0)
    limn_format_problems_add (problems, c->display, "iob-repair", LIMN_FORMAT_CONVERTED,
                              _("Chunks that begin with I- instead of B-, read as if they began "
                                "with B-: %" PRIu64 "."), c->i_starts);
  if (c->io > 0)
    limn_format_problems_add (problems, c->display, "conll-scheme", LIMN_FORMAT_CONVERTED,
                              _("Tags without a B-/I- prefix (IO tags), whose neighbouring tokens "
                                "of one type are read as one span: %" PRIu64 "."), c->io);
  if (c->columns)
    limn_format_problems_add (problems, c->display, "columns-not-kept", LIMN_FORMAT_SKIPPED,
                              _("The columns between the token and the tag (part of speech, "
                                "chunks) are not kept."));
}

/* One line of the file: a token, a sentence break or a document break. */
static gboolean
read_line (Conll       *c,
           const char  *line,
           gsize        length,
           const char  *where,
           guint64      lineno,
           GError     **error)
{
  LimnFormatReader *reader = c->reader;
  g_autofree char *copy = NULL;
  g_auto(GStrv) fields = NULL;
  guint n = 0;

  if (!g_utf8_validate_len (line, length, NULL))
    {
      limn_format_problems_add (reader->problems, where, "bad-text", LIMN_FORMAT_SKIPPED,
                                _("The line is not UTF-8 text: left out."));
      return TRUE;
    }

  copy = g_strstrip (g_strdup (line));   /* the CR of a CR-LF file too */
  if (copy[0] == '#' && c->text->len == 0)
    return TRUE;   /* a CoNLL-U style comment before a sentence */

  if (g_str_has_prefix (copy, "-DOCSTART-"))
    {
      finish_item (c);
      c->documents = TRUE;
      c->sentence_open = FALSE;
      return limn_dataset_flush (reader->dataset, error);
    }

  if (copy[0] == '\0')
    {
      c->sentence_open = FALSE;
      if (c->documents)
        {
          close_chunk (c);
          return TRUE;
        }
      finish_item (c);
      return limn_dataset_flush (reader->dataset, error);
    }

  fields = g_strsplit_set (copy, " \t", -1);
  for (guint i = 0; fields[i] != NULL; i++)
    if (fields[i][0] != '\0')
      fields[n++] = fields[i];
    else
      g_free (fields[i]);
  fields[n] = NULL;

  if (n < 2)
    {
      limn_format_problems_add (reader->problems, where, "bad-line", LIMN_FORMAT_SKIPPED,
                                _("A token line needs the token and its tag: left out."));
      return TRUE;
    }
  c->columns |= n > 2;

  if (c->text->len == 0)
    c->first_line = lineno;
  else
    g_string_append_c (c->text, c->sentence_open ? ' ' : '\n');
  g_string_append (c->text, fields[0]);
  read_token (c, fields[0], fields[n - 1], where);
  c->sentence_open = TRUE;

  return TRUE;
}

static gboolean
conll_read (LimnFormatReader  *reader,
            const char        *path,
            GError           **error)
{
  g_autoptr(LimnLineReader) lines = limn_line_reader_open (path, error);
  g_autofree char *display = g_filename_display_basename (path);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) spans = g_array_new (FALSE, TRUE, sizeof (LimnRawSpan));
  g_autoptr(GPtrArray) wheres = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  Conll c = { 0 };
  gboolean ok = TRUE;
  const char *line;
  gsize length;
  guint64 lineno;

  if (lines == NULL)
    return FALSE;

  c.reader = reader;
  c.display = display;
  c.text = text;
  c.spans = spans;
  c.wheres = wheres;

  while (ok && (line = limn_line_reader_next (lines, &length, &lineno, &local_error)) != NULL)
    {
      g_autofree char *where = limn_format_where (display, lineno);

      ok = limn_format_reader_poll (reader, &local_error) &&
           read_line (&c, line, length, where, lineno, &local_error);
    }

  if (local_error == NULL)
    {
      finish_item (&c);
      report_scheme (&c);
    }
  g_free (c.type);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

/* Writing */

typedef struct
{
  gint64 start;   /* code points */
  gint64 end;
} Token;

/* Tokens split at white space and at every span edge, so each span is
 * whole tokens. */
static GArray *
tokenize (const LimnTextIndex   *index,
          LimnDatasetAnnotation *annotation)
{
  const char *text = limn_text_index_get_text (index);
  g_autoptr(GHashTable) cuts = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (gint64));
  GArray *tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  Token t = { -1, -1 };
  gint64 cp = 0;

  for (guint r = 0; annotation != NULL && r < annotation->regions->len; r++)
    {
      LimnDatasetRegion *region = &g_array_index (annotation->regions, LimnDatasetRegion, r);

      g_array_append_val (edges, region->start);
      g_array_append_val (edges, region->end);
    }
  for (guint i = 0; i < edges->len; i++)
    g_hash_table_add (cuts, &g_array_index (edges, gint64, i));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), cp++)
    {
      gboolean space = g_unichar_isspace (g_utf8_get_char (p));

      if (t.start >= 0 && (space || g_hash_table_contains (cuts, &cp)))
        {
          t.end = cp;
          g_array_append_val (tokens, t);
          t.start = -1;
        }
      if (!space && t.start < 0)
        t.start = cp;
    }
  if (t.start >= 0)
    {
      t.end = cp;
      g_array_append_val (tokens, t);
    }

  return tokens;
}

static int
compare_regions (gconstpointer a,
                 gconstpointer b)
{
  const LimnDatasetRegion *ra = *(const LimnDatasetRegion **) a;
  const LimnDatasetRegion *rb = *(const LimnDatasetRegion **) b;

  return ra->start != rb->start ? (ra->start < rb->start ? -1 : 1)
         : ra->end != rb->end ? (ra->end > rb->end ? -1 : 1) : 0;
}

typedef struct
{
  guint64 overlaps;
  guint64 respaced;
  guint64 empty;
} Losses;

static void
write_item (LimnFormatWriter *writer,
            GString          *out,
            LimnDatasetItem  *item,
            Losses           *losses)
{
  g_autoptr(GPtrArray) sets = limn_format_writer_annotations (writer, item);
  LimnDatasetAnnotation *a = sets->len > 0 ? g_ptr_array_index (sets, 0) : NULL;
  g_autoptr(LimnTextIndex) index = limn_text_index_new (item->text, -1, NULL);
  g_autoptr(GArray) tokens = NULL;
  g_autoptr(GPtrArray) regions = g_ptr_array_new ();
  g_autoptr(GString) rebuilt = g_string_new (NULL);
  const char *text = item->text;
  const LimnDatasetRegion *open = NULL;
  guint next = 0;

  if (index == NULL)
    return;

  tokens = tokenize (index, a);
  if (tokens->len == 0)
    {
      losses->empty++;
      return;
    }

  for (guint r = 0; a != NULL && r < a->regions->len; r++)
    g_ptr_array_add (regions, &g_array_index (a->regions, LimnDatasetRegion, r));
  g_ptr_array_sort (regions, compare_regions);

  for (guint i = 0; i < tokens->len; i++)
    {
      Token *t = &g_array_index (tokens, Token, i);
      gsize b0 = limn_text_index_char_to_byte (index, t->start);
      gsize b1 = limn_text_index_char_to_byte (index, t->end);
      const char *tag = "O";
      gboolean begin = FALSE;
      gboolean newline = i > 0 &&
                         memchr (text + limn_text_index_char_to_byte (index, g_array_index (tokens, Token, i - 1).end),
                                 '\n', b0 - limn_text_index_char_to_byte (index, g_array_index (tokens, Token, i - 1).end)) != NULL;

      if (newline)
        g_string_append_c (out, '\n');
      if (i > 0)
        g_string_append_c (rebuilt, newline ? '\n' : ' ');
      g_string_append_len (rebuilt, text + b0, b1 - b0);

      if (open != NULL && open->end <= t->start)
        open = NULL;
      while (next < regions->len && ((LimnDatasetRegion *) g_ptr_array_index (regions, next))->start <= t->start)
        {
          const LimnDatasetRegion *r = g_ptr_array_index (regions, next++);

          if (open == NULL && r->start == t->start && r->end > t->start)
            {
              open = r;
              begin = TRUE;
            }
          else
            losses->overlaps++;
        }

      if (open != NULL)
        tag = limn_format_writer_label (writer, open->label);
      g_string_append_len (out, text + b0, b1 - b0);
      g_string_append_printf (out, " %s%s\n", open == NULL ? "" : begin ? "B-" : "I-", tag);
    }

  losses->overlaps += regions->len - next;
  if (!g_str_equal (rebuilt->str, text))
    losses->respaced++;
}

typedef struct
{
  Losses   losses;
  gboolean documents;   /* texts of several lines: -DOCSTART- before each */
} ConllOut;

static void
append_item (LimnFormatWriter *writer,
             GString          *out,
             LimnDatasetItem  *item,
             gpointer          user_data)
{
  ConllOut *o = user_data;

  if (o->documents)
    g_string_append (out, "-DOCSTART- O\n\n");
  write_item (writer, out, item, &o->losses);
  g_string_append_c (out, '\n');
}

static gboolean
conll_write (LimnFormatWriter  *writer,
             const char        *path,
             GError           **error)
{
  ConllOut o = { { 0 }, FALSE };
  Losses *losses = &o.losses;

  /* Multi-line texts need -DOCSTART- to come back as one item each. */
  for (guint i = 0; i < limn_dataset_get_n_items (writer->dataset); i++)
    {
      LimnDatasetItem *item = limn_dataset_get_item (writer->dataset, i);

      o.documents |= item->kind == LIMN_TASK_TEXT && strchr (item->text, '\n') != NULL;
    }

  if (!limn_format_write_text_items (writer, path, append_item, &o, error))
    return FALSE;

  if (losses->overlaps > 0)
    limn_format_problems_add (writer->problems, path, "overlap-lost", LIMN_FORMAT_SKIPPED,
                              _("IOB tags cannot hold overlapping or nested spans, nor spans that begin "
                                "or end in white space; left out: %" PRIu64 "."),
                              losses->overlaps);
  if (losses->respaced > 0)
    limn_format_problems_add (writer->problems, path, "text-respaced", LIMN_FORMAT_CONVERTED,
                              _("CoNLL keeps tokens, not spacing; texts that come back with single "
                                "spaces between tokens (and tokens split at span edges), so their "
                                "offsets change: %" PRIu64 "."), losses->respaced);
  if (losses->empty > 0)
    limn_format_problems_add (writer->problems, path, "empty-text", LIMN_FORMAT_SKIPPED,
                              _("Texts without tokens, left out: %" PRIu64 "."),
                              losses->empty);

  return TRUE;
}

const LimnFormat limn_format_conll = {
  "conll", N_("CoNLL IOB2"), LIMN_FORMAT_TEXTS, 0, NULL,
  conll_detect, conll_read, conll_write,
};
