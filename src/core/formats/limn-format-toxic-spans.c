/* limn-format-toxic-spans.c
 *
 * The folder layout of the Toxic Spans data (Pavlopoulos et al. 2021;
 * ../shared/data/toxic-spans): comments.csv (comment_id, comment_text),
 * annotations.csv (annotation, comment_id, worker, …) and spans.csv
 * (annotation, type, start, end), read as a multi-annotator text dataset:
 * one item per comment, one annotation per worker (an annotation without
 * spans says "nothing toxic here"), the span type as the label, offsets in
 * code points of comment_text, end-exclusive. The same files give the
 * statistics of limn-toxic-spans.c; this reader applies the formats' rules
 * instead (skip and report per file and line, never trust an offset).
 *
 * Read only: the layout has no place for labels beyond the types, and
 * nothing exports to it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-formats"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "limn-format-private.h"
#include "analytics/limn-csv.h"

#define MAX_FILE (512 * 1024 * 1024)

static const char * const file_names[] = { "comments.csv", "annotations.csv", "spans.csv" };

static gboolean
has_all_files (const char *dir)
{
  for (guint i = 0; i < G_N_ELEMENTS (file_names); i++)
    {
      g_autofree char *path = g_build_filename (dir, file_names[i], NULL);

      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_layout_file (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);

  for (guint i = 0; i < G_N_ELEMENTS (file_names); i++)
    if (g_str_equal (base, file_names[i]))
      return TRUE;

  return FALSE;
}

static guint
toxic_spans_detect (const LimnFormatProbe *probe)
{
  g_autofree char *dir = NULL;

  if (probe->is_dir)
    return has_all_files (probe->path) ? 100 : 0;

  /* One of the three files stands for its folder. */
  if (!is_layout_file (probe->path))
    return 0;
  dir = g_path_get_dirname (probe->path);

  return has_all_files (dir) ? 95 : 0;
}

/* Reading */

typedef struct
{
  LimnFormatReader *reader;
  GStringChunk     *wheres;        /* "file:line" of every span, alive until they are added */
  GPtrArray        *comments;      /* Comment, in file order */
  GHashTable       *comment_by_id; /* id -> Comment (owned by @comments) */
  GHashTable       *annotations;   /* annotation id -> Annotation (owned) */
  GHashTable       *left_out;      /* annotation ids skipped, so their spans say why */
} Context;

typedef struct
{
  LimnDatasetItem *item;
  LimnTextIndex   *index;
  char            *where;
  GArray          *spans;   /* LimnRawSpan */
} Comment;

typedef struct
{
  Comment               *comment;
  LimnDatasetAnnotation *annotation;
} Annotation;

static void
comment_free (gpointer data)
{
  Comment *c = data;

  g_clear_pointer (&c->index, limn_text_index_unref);
  g_free (c->where);
  g_array_unref (c->spans);
  g_free (c);
}

static void
context_clear (Context *ctx)
{
  g_clear_pointer (&ctx->wheres, g_string_chunk_free);
  g_clear_pointer (&ctx->comment_by_id, g_hash_table_unref);
  g_clear_pointer (&ctx->comments, g_ptr_array_unref);
  g_clear_pointer (&ctx->annotations, g_hash_table_unref);
  g_clear_pointer (&ctx->left_out, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Context, context_clear)

/* One CSV file: the header's columns found by name, then a callback per
 * row. A broken line (text after a closing quote, the wrong number of
 * fields) is skipped and reported; a file that cannot be read as CSV at
 * all (not UTF-8, no header, a quote never closed) is an error. */
typedef struct
{
  const char *file;          /* display name */
  int         column[4];     /* index of each wanted column, or -1 */
  guint       n_columns;
} Table;

typedef void (*RowFunc) (Context     *ctx,
                         Table       *table,
                         char       **row,
                         const char  *where);

static const char *
cell (Table  *table,
      char  **row,
      guint   wanted)
{
  return table->column[wanted] >= 0 ? row[table->column[wanted]] : NULL;
}

static gboolean
read_table (Context             *ctx,
            const char          *dir,
            const char          *name,
            const char * const  *wanted,
            guint                n_required,
            RowFunc              func,
            GError             **error)
{
  LimnFormatReader *reader = ctx->reader;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(LimnCsvReader) csv = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) header = NULL;
  Table table = { name, { -1, -1, -1, -1 }, 0 };
  gsize length;

  if (!limn_format_read_text_file (path, MAX_FILE, &contents, &length, error))
    return FALSE;

  csv = limn_csv_reader_new (contents, length);
  header = limn_csv_reader_next (csv, &local_error);
  if (header == NULL)
    {
      g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_MALFORMED,
                   _("“%s” has no header line: %s"), name,
                   local_error ? local_error->message : _("the file is empty"));
      return FALSE;
    }

  table.n_columns = g_strv_length (header);
  for (guint w = 0; wanted[w] != NULL; w++)
    {
      g_assert (w < G_N_ELEMENTS (table.column));
      for (guint c = 0; c < table.n_columns; c++)
        {
          g_autofree char *stripped = g_strstrip (g_strdup (header[c]));

          if (g_ascii_strcasecmp (stripped, wanted[w]) == 0)
            table.column[w] = c;
        }

      if (table.column[w] < 0 && w < n_required)
        {
          g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_MALFORMED,
                       _("“%s” has no column “%s”."), name, wanted[w]);
          return FALSE;
        }
    }

  for (;;)
    {
      g_auto(GStrv) row = limn_csv_reader_next (csv, &local_error);
      g_autofree char *where = NULL;

      if (row == NULL && local_error == NULL)
        break;

      where = limn_format_where (name, limn_csv_reader_get_line (csv));
      if (row == NULL)
        {
          if (!limn_csv_reader_recover (csv))
            {
              g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_MALFORMED,
                           "%s: %s", where, local_error->message);
              return FALSE;
            }
          limn_format_problems_add (reader->problems, where, "malformed", LIMN_FORMAT_SKIPPED,
                                    _("The line is not valid CSV (%s): left out."),
                                    local_error->message);
          g_clear_error (&local_error);
          continue;
        }

      if (g_strv_length (row) != table.n_columns)
        {
          limn_format_problems_add (reader->problems, where, "malformed", LIMN_FORMAT_SKIPPED,
                                    _("The line has %u fields where the header has %u: left out."),
                                    g_strv_length (row), table.n_columns);
          continue;
        }

      if (!limn_format_reader_poll (reader, error))
        return FALSE;
      func (ctx, &table, row, where);
    }

  return TRUE;
}

static void
read_comment (Context     *ctx,
              Table       *table,
              char       **row,
              const char  *where)
{
  LimnFormatReader *reader = ctx->reader;
  const char *id = cell (table, row, 0), *text = cell (table, row, 1);
  Comment *c;

  if (g_hash_table_contains (ctx->comment_by_id, id))
    {
      limn_format_problems_add (reader->problems, where, "duplicate-id", LIMN_FORMAT_SKIPPED,
                                _("The comment “%s” was given before: this one left out."), id);
      return;
    }

  c = g_new0 (Comment, 1);
  c->item = limn_format_reader_add_text (reader, id, text, &c->index, where);
  if (c->item == NULL)
    {
      g_free (c);
      return;
    }
  c->where = g_strdup (where);
  c->spans = g_array_new (FALSE, TRUE, sizeof (LimnRawSpan));
  g_ptr_array_add (ctx->comments, c);
  g_hash_table_insert (ctx->comment_by_id, c->item->name, c);
}

static void
read_annotation (Context     *ctx,
                 Table       *table,
                 char       **row,
                 const char  *where)
{
  LimnFormatReader *reader = ctx->reader;
  const char *id = cell (table, row, 0), *comment_id = cell (table, row, 1);
  const char *worker = cell (table, row, 2);
  Comment *c = g_hash_table_lookup (ctx->comment_by_id, comment_id);
  Annotation *a;

  if (g_hash_table_contains (ctx->annotations, id) || g_hash_table_contains (ctx->left_out, id))
    {
      limn_format_problems_add (reader->problems, where, "duplicate-id", LIMN_FORMAT_SKIPPED,
                                _("The annotation “%s” was given before: this one left out."), id);
      return;
    }

  if (c == NULL)
    {
      limn_format_problems_add (reader->problems, where, "unknown-item", LIMN_FORMAT_SKIPPED,
                                _("The annotation “%s” is of the comment “%s”, which "
                                  "comments.csv does not hold: left out with its spans."),
                                id, comment_id);
      g_hash_table_add (ctx->left_out, g_strdup (id));
      return;
    }

  /* One annotation per worker and comment: a second would merge two
   * judgements into one. */
  for (guint i = 0; !reader->options.suggestions && i < c->item->annotations->len; i++)
    if (g_strcmp0 (((LimnDatasetAnnotation *) g_ptr_array_index (c->item->annotations, i))->annotator,
                   worker) == 0)
      {
        limn_format_problems_add (reader->problems, where, "annotated-twice", LIMN_FORMAT_SKIPPED,
                                  _("The worker “%s” annotated the comment “%s” before: the "
                                    "annotation “%s” left out with its spans."),
                                  worker, comment_id, id);
        g_hash_table_add (ctx->left_out, g_strdup (id));
        return;
      }

  a = g_new0 (Annotation, 1);
  a->comment = c;
  a->annotation = limn_format_reader_annotation (reader, c->item, worker);
  g_hash_table_insert (ctx->annotations, g_strdup (id), a);
}

static gboolean
parse_offset (const char *s,
              gint64     *out)
{
  g_autofree char *stripped = g_strstrip (g_strdup (s));

  return g_ascii_string_to_signed (stripped, 10, 0, G_MAXINT64, out, NULL);
}

static void
read_span (Context     *ctx,
           Table       *table,
           char       **row,
           const char  *where)
{
  LimnFormatReader *reader = ctx->reader;
  const char *id = cell (table, row, 0), *start = cell (table, row, 1);
  const char *end = cell (table, row, 2), *type = cell (table, row, 3);
  Annotation *a = g_hash_table_lookup (ctx->annotations, id);
  LimnRawSpan span = { 0 };
  gint64 n_chars, n_utf16;

  if (a == NULL)
    {
      if (!g_hash_table_contains (ctx->left_out, id))
        limn_format_problems_add (reader->problems, where, "unknown-annotation",
                                  LIMN_FORMAT_SKIPPED,
                                  _("The span is of the annotation “%s”, which annotations.csv "
                                    "does not hold: left out."), id);
      return;
    }

  if (!parse_offset (start, &span.start) || !parse_offset (end, &span.end))
    {
      limn_format_problems_add (reader->problems, where, "bad-span", LIMN_FORMAT_SKIPPED,
                                _("A span needs whole-number offsets from 0, not “%s” and “%s”: "
                                  "left out."), start, end);
      return;
    }

  /* Offsets before the label: a span that cannot be placed is reported
   * as such even when its type is missing too. */
  n_chars = limn_text_index_get_n_chars (a->comment->index);
  n_utf16 = limn_text_index_get_n_utf16 (a->comment->index);
  if (span.end > n_chars || span.start > span.end)
    {
      limn_format_problems_add (reader->problems, where, "out-of-range", LIMN_FORMAT_SKIPPED,
                                span.end > n_chars && span.end <= n_utf16 && span.start < span.end
                                ? _("The span %" PRId64 "–%" PRId64 " lies "
                                    "outside the text (%" PRId64 " characters); it would "
                                    "fit if it counted UTF-16 units, which this layout does not: "
                                    "left out.")
                                : _("The span %" PRId64 "–%" PRId64 " lies "
                                    "outside the text (%" PRId64 " characters): left out."),
                                span.start, span.end, n_chars);
      return;
    }
  if (span.start == span.end)
    {
      limn_format_problems_add (reader->problems, where, "empty-span", LIMN_FORMAT_SKIPPED,
                                _("The span at %" PRId64 " is empty: left out."),
                                span.start);
      return;
    }

  /* Without a type column every span is "toxic", as the data means. */
  span.label = limn_format_reader_label (reader, type != NULL ? type : "toxic", where);
  span.score = LIMN_SCORE_UNSET;
  span.where = g_string_chunk_insert (ctx->wheres, where);
  span.annotation = a->annotation;
  g_array_append_val (a->comment->spans, span);
}

static gboolean
toxic_spans_read (LimnFormatReader  *reader,
                  const char        *path,
                  GError           **error)
{
  static const char * const comment_columns[] = { "comment_id", "comment_text", NULL };
  static const char * const annotation_columns[] = { "annotation", "comment_id", "worker", NULL };
  static const char * const span_columns[] = { "annotation", "start", "end", "type", NULL };
  static const LimnOffsetUnit units[] = { LIMN_OFFSETS_CODE_POINTS };
  g_autofree char *dir = NULL;
  g_auto(Context) ctx = { 0 };

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    dir = g_strdup (path);
  else if (is_layout_file (path))
    dir = g_path_get_dirname (path);
  else
    {
      g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_MALFORMED,
                   _("The Toxic Spans layout is a folder with comments.csv, annotations.csv "
                     "and spans.csv; “%s” is none of them."), path);
      return FALSE;
    }

  ctx.reader = reader;
  ctx.wheres = g_string_chunk_new (4096);
  ctx.comments = g_ptr_array_new_with_free_func (comment_free);
  ctx.comment_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  ctx.annotations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ctx.left_out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!read_table (&ctx, dir, "comments.csv", comment_columns, 2, read_comment, error) ||
      !read_table (&ctx, dir, "annotations.csv", annotation_columns, 3, read_annotation, error) ||
      !read_table (&ctx, dir, "spans.csv", span_columns, 3, read_span, error))
    return FALSE;

  /* The shared checks per comment, all its workers' spans at once (ranges
   * were checked above, with what this layout can say about them). */
  for (guint i = 0; i < ctx.comments->len; i++)
    {
      Comment *c = g_ptr_array_index (ctx.comments, i);

      limn_format_reader_add_spans (reader, c->index, c->spans, units, G_N_ELEMENTS (units),
                                    c->where);
    }

  return TRUE;
}

const LimnFormat limn_format_toxic_spans = {
  "toxic-spans", N_("Toxic Spans CSV"), LIMN_FORMAT_TEXTS,
  LIMN_FORMAT_HOLDS_ANNOTATORS, NULL,
  toxic_spans_detect, toxic_spans_read, NULL,
};
