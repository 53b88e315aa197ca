/* limn-toxic-spans.c
 *
 * The three files are read whole, checked, and joined in memory: comments
 * by id, annotations by id, spans onto their annotation. Every annotation
 * then becomes a 0/1 mask over its comment's code points, and all figures
 * are computed from the masks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-analytics"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "limn-agreement.h"
#include "limn-csv.h"
#include "limn-region-match.h"
#include "text/limn-text-index.h"
#include "limn-toxic-spans.h"

typedef struct
{
  char   *id;
  char   *text;
  gint64  n_chars;
  gint64  n_utf16;
  gint64  first_astral;   /* code point index of the first astral character, or −1 */
  GArray *annotations;    /* guint, indices into Dataset.annotations */
} Comment;

typedef struct
{
  char   *id;
  guint   comment;
  guint   worker;
  GArray *spans;          /* LimnLabeledSpan */
  guint8 *mask;
} Annotation;

typedef struct
{
  GArray     *comments;      /* Comment */
  GArray     *annotations;   /* Annotation */
  GPtrArray  *workers;       /* worker ids, by index */
  GHashTable *worker_index;  /* id -> index + 1 */
  GHashTable *type_count;    /* span type -> count of spans used */
  JsonArray  *skipped_comments;
  JsonArray  *skipped_annotations;
  JsonArray  *skipped_spans;
  guint       n_spans;
  guint       n_ambiguous;   /* spans used in a text where UTF-16 units would differ */
  guint       n_all_toxic;
  guint       n_not_toxic;
  guint       n_without_spans;
} Dataset;

static void
dataset_clear (Dataset *ds)
{
  if (ds->comments != NULL)
    for (guint i = 0; i < ds->comments->len; i++)
      {
        Comment *c = &g_array_index (ds->comments, Comment, i);

        g_free (c->id);
        g_free (c->text);
        g_array_unref (c->annotations);
      }
  if (ds->annotations != NULL)
    for (guint i = 0; i < ds->annotations->len; i++)
      {
        Annotation *a = &g_array_index (ds->annotations, Annotation, i);

        g_free (a->id);
        g_array_unref (a->spans);
        g_free (a->mask);
      }
  g_clear_pointer (&ds->comments, g_array_unref);
  g_clear_pointer (&ds->annotations, g_array_unref);
  g_clear_pointer (&ds->workers, g_ptr_array_unref);
  g_clear_pointer (&ds->worker_index, g_hash_table_unref);
  g_clear_pointer (&ds->type_count, g_hash_table_unref);
  g_clear_pointer (&ds->skipped_comments, json_array_unref);
  g_clear_pointer (&ds->skipped_annotations, json_array_unref);
  g_clear_pointer (&ds->skipped_spans, json_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Dataset, dataset_clear)

/* Reading */

typedef struct
{
  GPtrArray *rows;       /* char **, without the header */
  GPtrArray *lines;      /* GUINT_TO_POINTER (line of each row) */
  int        column[8];  /* index of each wanted column, or −1 */
} Table;

static void
table_clear (Table *t)
{
  g_clear_pointer (&t->rows, g_ptr_array_unref);
  g_clear_pointer (&t->lines, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Table, table_clear)

/* Reads @name in @directory; @wanted lists column names (NULL-terminated,
 * at most 8), the first @n_required of which must be present. Header names
 * match ignoring case and surrounding spaces. */
static gboolean
read_table (const char          *directory,
            const char          *name,
            const char * const  *wanted,
            guint                n_required,
            Table               *table,
            GError             **error)
{
  g_autofree char *path = g_build_filename (directory, name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(LimnCsvReader) reader = NULL;
  g_auto(GStrv) header = NULL;
  char **row;
  gsize length;
  guint n_columns;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  _("Could not read %s: "), name);
      return FALSE;
    }

  if (!g_utf8_validate_len (contents, length, NULL))
    {
      g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_PARSE,
                   _("%s is not UTF-8 text"), name);
      return FALSE;
    }

  reader = limn_csv_reader_new (contents, length);
  header = limn_csv_reader_next (reader, &local_error);
  if (header == NULL)
    {
      if (local_error != NULL)
        g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", name);
      else
        g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_PARSE,
                     _("%s is empty"), name);
      return FALSE;
    }

  n_columns = g_strv_length (header);
  for (guint w = 0; wanted[w] != NULL; w++)
    {
      table->column[w] = -1;
      for (guint c = 0; c < n_columns; c++)
        {
          g_autofree char *stripped = g_strstrip (g_strdup (header[c]));

          if (g_ascii_strcasecmp (stripped, wanted[w]) == 0)
            table->column[w] = c;
        }

      if (table->column[w] < 0 && w < n_required)
        {
          g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_PARSE,
                       _("%s has no column “%s”"), name, wanted[w]);
          return FALSE;
        }
    }

  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  table->lines = g_ptr_array_new ();
  while ((row = limn_csv_reader_next (reader, &local_error)) != NULL)
    {
      if (g_strv_length (row) != n_columns)
        {
          g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_PARSE,
                       _("%s, line %u: %u fields where the header has %u"), name,
                       limn_csv_reader_get_line (reader), g_strv_length (row), n_columns);
          g_strfreev (row);
          return FALSE;
        }
      g_ptr_array_add (table->rows, row);
      g_ptr_array_add (table->lines, GUINT_TO_POINTER (limn_csv_reader_get_line (reader)));
    }

  if (local_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", name);
      return FALSE;
    }

  return TRUE;
}

static const char *
cell (Table *t,
      guint  row,
      guint  wanted)
{
  char **r = g_ptr_array_index (t->rows, row);

  return t->column[wanted] >= 0 ? r[t->column[wanted]] : NULL;
}

static gboolean
is_true (const char *s)
{
  return s != NULL && (g_ascii_strcasecmp (s, "true") == 0 || g_str_equal (s, "1"));
}

static void
add_skip (JsonArray  *array,
          const char *reason,
          guint       line,
          ...) G_GNUC_NULL_TERMINATED;

/* A skipped row: its reason, its line, then name/value string pairs. */
static void
add_skip (JsonArray  *array,
          const char *reason,
          guint       line,
          ...)
{
  JsonObject *o = json_object_new ();
  const char *key;
  va_list args;

  json_object_set_string_member (o, "reason", reason);
  json_object_set_int_member (o, "line", line);
  va_start (args, line);
  while ((key = va_arg (args, const char *)) != NULL)
    json_object_set_string_member (o, key, va_arg (args, const char *));
  va_end (args);
  json_array_add_object_element (array, o);
}

static gboolean
load_comments (Dataset     *ds,
               const char  *directory,
               GHashTable  *by_id,
               GError     **error)
{
  static const char * const wanted[] = { "comment_id", "comment_text", NULL };
  g_auto(Table) t = { 0 };

  if (!read_table (directory, "comments.csv", wanted, 2, &t, error))
    return FALSE;

  for (guint r = 0; r < t.rows->len; r++)
    {
      const char *id = cell (&t, r, 0), *text = cell (&t, r, 1);
      guint line = GPOINTER_TO_UINT (g_ptr_array_index (t.lines, r));
      g_autoptr(LimnTextIndex) index = NULL;
      g_autoptr(GError) text_error = NULL;
      Comment c = { 0 };

      if (g_hash_table_contains (by_id, id))
        {
          add_skip (ds->skipped_comments, "duplicate-comment", line, "comment_id", id, NULL);
          continue;
        }

      index = limn_text_index_new (text, -1, &text_error);
      if (index == NULL)
        {
          add_skip (ds->skipped_comments, "invalid-text", line, "comment_id", id,
                    "detail", text_error->message, NULL);
          continue;
        }

      c.id = g_strdup (id);
      c.text = g_strdup (text);
      c.n_chars = limn_text_index_get_n_chars (index);
      c.n_utf16 = limn_text_index_get_n_utf16 (index);
      c.first_astral = -1;
      if (c.n_utf16 > c.n_chars)
        {
          gint64 i = 0;

          for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), i++)
            if (g_utf8_get_char (p) > 0xFFFF)
              {
                c.first_astral = i;
                break;
              }
        }
      c.annotations = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (by_id, c.id, GUINT_TO_POINTER (ds->comments->len + 1));
      g_array_append_val (ds->comments, c);
    }

  return TRUE;
}

static guint
worker_of (Dataset    *ds,
           const char *id)
{
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (ds->worker_index, id));

  if (index == 0)
    {
      char *copy = g_strdup (id);

      g_ptr_array_add (ds->workers, copy);
      index = ds->workers->len;
      g_hash_table_insert (ds->worker_index, copy, GUINT_TO_POINTER (index));
    }

  return index - 1;
}

static gboolean
load_annotations (Dataset     *ds,
                  const char  *directory,
                  GHashTable  *comments_by_id,
                  GHashTable  *by_id,
                  GError     **error)
{
  static const char * const wanted[] = {
    "annotation", "comment_id", "worker", "all toxic", "not toxic", NULL
  };
  g_auto(Table) t = { 0 };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!read_table (directory, "annotations.csv", wanted, 3, &t, error))
    return FALSE;

  for (guint r = 0; r < t.rows->len; r++)
    {
      const char *id = cell (&t, r, 0), *comment_id = cell (&t, r, 1), *worker = cell (&t, r, 2);
      guint line = GPOINTER_TO_UINT (g_ptr_array_index (t.lines, r));
      guint comment = GPOINTER_TO_UINT (g_hash_table_lookup (comments_by_id, comment_id));
      g_autofree char *pair = NULL;
      Annotation a = { 0 };

      if (g_hash_table_contains (by_id, id))
        {
          add_skip (ds->skipped_annotations, "duplicate-annotation", line, "annotation", id, NULL);
          continue;
        }
      if (comment == 0)
        {
          add_skip (ds->skipped_annotations, "unknown-comment", line, "annotation", id,
                    "comment_id", comment_id, "worker", worker, NULL);
          continue;
        }

      /* One coder, one value per unit: a second annotation of the same
       * comment by the same worker is skipped. */
      pair = g_strdup_printf ("%s\n%s", comment_id, worker);
      if (g_hash_table_contains (seen, pair))
        {
          add_skip (ds->skipped_annotations, "worker-annotated-twice", line, "annotation", id,
                    "comment_id", comment_id, "worker", worker, NULL);
          continue;
        }
      g_hash_table_add (seen, g_steal_pointer (&pair));

      a.id = g_strdup (id);
      a.comment = comment - 1;
      a.worker = worker_of (ds, worker);
      a.spans = g_array_new (FALSE, FALSE, sizeof (LimnLabeledSpan));
      ds->n_all_toxic += is_true (cell (&t, r, 3));
      ds->n_not_toxic += is_true (cell (&t, r, 4));
      g_hash_table_insert (by_id, a.id, GUINT_TO_POINTER (ds->annotations->len + 1));
      g_array_append_val (g_array_index (ds->comments, Comment, a.comment).annotations,
                          ds->annotations->len);
      g_array_append_val (ds->annotations, a);
    }

  return TRUE;
}

static gboolean
parse_offset (const char *s,
              gint64     *out)
{
  g_autofree char *stripped = g_strstrip (g_strdup (s));

  return g_ascii_string_to_signed (stripped, 10, G_MININT64, G_MAXINT64, out, NULL);
}

static void
skip_span (Dataset          *ds,
           const char       *reason,
           guint             line,
           const char       *annotation_id,
           const Annotation *a,
           const char       *start,
           const char       *end)
{
  const Comment *c;
  JsonObject *o;

  add_skip (ds->skipped_spans, reason, line, "annotation", annotation_id,
            "start", start, "end", end, NULL);
  if (a == NULL)
    return;

  /* Where it was meant to go. */
  c = &g_array_index (ds->comments, Comment, a->comment);
  o = json_array_get_object_element (ds->skipped_spans,
                                     json_array_get_length (ds->skipped_spans) - 1);
  json_object_set_string_member (o, "comment_id", c->id);
  json_object_set_string_member (o, "worker", g_ptr_array_index (ds->workers, a->worker));
  json_object_set_int_member (o, "text_length", c->n_chars);
  json_object_set_int_member (o, "text_length_utf16", c->n_utf16);
}

static gboolean
load_spans (Dataset     *ds,
            const char  *directory,
            GHashTable  *annotations_by_id,
            GError     **error)
{
  static const char * const wanted[] = { "annotation", "start", "end", "type", NULL };
  g_auto(Table) t = { 0 };

  if (!read_table (directory, "spans.csv", wanted, 3, &t, error))
    return FALSE;

  ds->n_spans = t.rows->len;
  for (guint r = 0; r < t.rows->len; r++)
    {
      const char *id = cell (&t, r, 0), *start_s = cell (&t, r, 1), *end_s = cell (&t, r, 2);
      const char *type = cell (&t, r, 3);
      guint line = GPOINTER_TO_UINT (g_ptr_array_index (t.lines, r));
      guint index = GPOINTER_TO_UINT (g_hash_table_lookup (annotations_by_id, id));
      Annotation *a;
      Comment *c;
      LimnLabeledSpan span = { 0 };

      if (index == 0)
        {
          skip_span (ds, "unknown-annotation", line, id, NULL, start_s, end_s);
          continue;
        }

      a = &g_array_index (ds->annotations, Annotation, index - 1);
      c = &g_array_index (ds->comments, Comment, a->comment);
      if (!parse_offset (start_s, &span.start) || !parse_offset (end_s, &span.end))
        skip_span (ds, "not-a-number", line, id, a, start_s, end_s);
      else if (span.start < 0)
        skip_span (ds, "negative", line, id, a, start_s, end_s);
      else if (span.start >= span.end)
        skip_span (ds, "empty-or-reversed", line, id, a, start_s, end_s);
      else if (span.end > c->n_chars && span.end <= c->n_utf16)
        skip_span (ds, "utf-16-offsets", line, id, a, start_s, end_s);
      else if (span.end > c->n_chars)
        skip_span (ds, "past-end", line, id, a, start_s, end_s);
      else
        {
          g_array_append_val (a->spans, span);
          if (c->first_astral >= 0 && span.end > c->first_astral)
            ds->n_ambiguous++;
          if (type != NULL)
            g_hash_table_insert (ds->type_count, g_strdup (type),
                                 GUINT_TO_POINTER (GPOINTER_TO_UINT (
                                   g_hash_table_lookup (ds->type_count, type)) + 1));
        }
    }

  return TRUE;
}

/* Statistics */

static void
add_number (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  if (isfinite (value))
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static gboolean
add_alpha (Dataset      *ds,
           JsonBuilder  *b,
           GError      **error)
{
  g_autoptr(LimnReliabilityData) data = limn_reliability_data_new (2, error);
  LimnAgreement alpha;
  guint unit = 0;

  if (data == NULL)
    return FALSE;

  for (guint i = 0; i < ds->comments->len; i++)
    {
      Comment *c = &g_array_index (ds->comments, Comment, i);

      for (gint64 ch = 0; ch < c->n_chars; ch++, unit++)
        for (guint k = 0; k < c->annotations->len; k++)
          {
            Annotation *a = &g_array_index (ds->annotations, Annotation,
                                            g_array_index (c->annotations, guint, k));

            if (!limn_reliability_data_add (data, unit, a->worker, a->mask[ch], error))
              return FALSE;
          }
    }

  if (!limn_agreement_krippendorff_alpha (data, LIMN_AGREEMENT_ALL_CATEGORIES, &alpha, error))
    return FALSE;

  json_builder_set_member_name (b, "krippendorff_alpha");
  json_builder_begin_object (b);
  add_number (b, "value", alpha.value);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, limn_agreement_status_to_string (alpha.status));
  add_int (b, "characters", unit);
  add_int (b, "pairable_characters", alpha.n_units);
  add_int (b, "pairable_values", alpha.n_values);
  add_number (b, "observed_disagreement", alpha.observed);
  add_number (b, "expected_disagreement", alpha.expected);
  json_builder_end_object (b);
  return TRUE;
}

static int
compare_keys (gconstpointer pa,
              gconstpointer pb)
{
  guint64 a = *(const guint64 *) pa, b = *(const guint64 *) pb;

  return (a > b) - (a < b);
}

static gboolean
add_pairwise_kappa (Dataset      *ds,
                    JsonBuilder  *b,
                    GError      **error)
{
  g_autoptr(GHashTable) tables = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                        g_free, g_free);
  g_autoptr(GArray) keys = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint n_pairs = 0, n_below = 0, n_undefined = 0;
  double sum = 0;

  /* One 2 × 2 table per pair of workers (lower index first), over every
   * character of every comment both annotated. */
  for (guint i = 0; i < ds->comments->len; i++)
    {
      Comment *c = &g_array_index (ds->comments, Comment, i);

      for (guint x = 0; x < c->annotations->len; x++)
        for (guint y = x + 1; y < c->annotations->len; y++)
          {
            Annotation *a = &g_array_index (ds->annotations, Annotation,
                                            g_array_index (c->annotations, guint, x));
            Annotation *o = &g_array_index (ds->annotations, Annotation,
                                            g_array_index (c->annotations, guint, y));
            guint64 key;
            double *table;

            if (a->worker > o->worker)
              {
                Annotation *t = a;
                a = o;
                o = t;
              }

            key = ((guint64) a->worker << 32) | o->worker;
            table = g_hash_table_lookup (tables, &key);
            if (table == NULL)
              {
                table = g_new0 (double, 4);
                g_hash_table_insert (tables, g_memdup2 (&key, sizeof key), table);
                g_array_append_val (keys, key);
              }

            for (gint64 ch = 0; ch < c->n_chars; ch++)
              table[a->mask[ch] * 2 + o->mask[ch]] += 1;
          }
    }

  g_array_sort (keys, compare_keys);
  for (guint i = 0; i < keys->len; i++)
    {
      const double *table = g_hash_table_lookup (tables, &g_array_index (keys, guint64, i));
      LimnAgreement kappa;

      if (table[0] + table[1] + table[2] + table[3] < LIMN_TOXIC_SPANS_MIN_SHARED)
        {
          n_below++;
          continue;
        }

      if (!limn_agreement_cohen_kappa_table (table, 2, &kappa, error))
        return FALSE;

      if (isnan (kappa.value))
        n_undefined++;
      else
        {
          sum += kappa.value;
          n_pairs++;
        }
    }

  json_builder_set_member_name (b, "pairwise_cohen_kappa");
  json_builder_begin_object (b);
  add_number (b, "mean", n_pairs > 0 ? sum / n_pairs : NAN);
  add_int (b, "pairs", n_pairs);
  add_int (b, "pairs_undefined", n_undefined);
  add_int (b, "pairs_below_minimum", n_below);
  add_int (b, "min_shared_characters", LIMN_TOXIC_SPANS_MIN_SHARED);
  json_builder_end_object (b);
  return TRUE;
}

typedef struct
{
  guint   worker;
  guint   n_annotations;
  double  sum_f1;
  guint64 tp;
  guint64 n_worker;
  guint64 n_majority;
} WorkerF1;

/* Worker ids that are numbers sort as numbers, the rest as text. */
static int
compare_ids (const char *a,
             const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  gboolean da = la > 0 && strspn (a, "0123456789") == la;
  gboolean db = lb > 0 && strspn (b, "0123456789") == lb;

  if (da && db && la != lb)
    return la < lb ? -1 : 1;
  return strcmp (a, b);
}

static int
compare_worker_f1 (gconstpointer pa,
                   gconstpointer pb,
                   gpointer      user_data)
{
  GPtrArray *workers = user_data;

  return compare_ids (g_ptr_array_index (workers, ((const WorkerF1 *) pa)->worker),
                      g_ptr_array_index (workers, ((const WorkerF1 *) pb)->worker));
}

static void
add_span_f1 (Dataset     *ds,
             JsonBuilder *b)
{
  g_autoptr(GArray) per_worker = g_array_new (FALSE, TRUE, sizeof (WorkerF1));
  double sum = 0;
  guint n = 0;

  g_array_set_size (per_worker, ds->workers->len);
  for (guint w = 0; w < ds->workers->len; w++)
    g_array_index (per_worker, WorkerF1, w).worker = w;

  for (guint i = 0; i < ds->comments->len; i++)
    {
      Comment *c = &g_array_index (ds->comments, Comment, i);
      g_autofree guint8 *majority = g_malloc0 (MAX (c->n_chars, 1));
      g_autofree guint *votes = g_new0 (guint, MAX (c->n_chars, 1));
      guint n_ann = c->annotations->len;

      for (guint k = 0; k < n_ann; k++)
        {
          Annotation *a = &g_array_index (ds->annotations, Annotation,
                                          g_array_index (c->annotations, guint, k));

          for (gint64 ch = 0; ch < c->n_chars; ch++)
            votes[ch] += a->mask[ch];
        }

      /* Strictly more than half of the comment's annotators. */
      for (gint64 ch = 0; ch < c->n_chars; ch++)
        majority[ch] = 2 * votes[ch] > n_ann;

      for (guint k = 0; k < n_ann; k++)
        {
          Annotation *a = &g_array_index (ds->annotations, Annotation,
                                          g_array_index (c->annotations, guint, k));
          WorkerF1 *w = &g_array_index (per_worker, WorkerF1, a->worker);
          guint64 tp = 0, nw = 0, nm = 0;

          for (gint64 ch = 0; ch < c->n_chars; ch++)
            {
              tp += a->mask[ch] & majority[ch];
              nw += a->mask[ch];
              nm += majority[ch];
            }

          /* SemEval-2021 Task 5: both empty is a perfect score. */
          w->sum_f1 += nw + nm == 0 ? 1.0 : 2.0 * tp / (nw + nm);
          w->n_annotations++;
          w->tp += tp;
          w->n_worker += nw;
          w->n_majority += nm;
        }
    }

  g_array_sort_with_data (per_worker, compare_worker_f1, ds->workers);

  json_builder_set_member_name (b, "span_f1");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "workers");
  json_builder_begin_array (b);
  for (guint i = 0; i < per_worker->len; i++)
    {
      const WorkerF1 *w = &g_array_index (per_worker, WorkerF1, i);
      LimnMatchCounts counts = { w->tp, w->n_majority, w->n_worker };
      double precision, recall, micro;

      if (w->n_annotations == 0)
        continue;

      limn_match_counts_scores (&counts, &precision, &recall, &micro);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "worker");
      json_builder_add_string_value (b, g_ptr_array_index (ds->workers, w->worker));
      add_int (b, "annotations", w->n_annotations);
      add_number (b, "f1", w->sum_f1 / w->n_annotations);
      add_number (b, "precision", precision);
      add_number (b, "recall", recall);
      add_number (b, "micro_f1", micro);
      json_builder_end_object (b);

      sum += w->sum_f1 / w->n_annotations;
      n++;
    }
  json_builder_end_array (b);
  add_number (b, "mean", n > 0 ? sum / n : NAN);
  json_builder_end_object (b);
}

static void
add_array (JsonBuilder *b,
           const char  *name,
           JsonArray   *array)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  json_builder_set_member_name (b, name);
  json_builder_add_value (b, node);
}

JsonNode *
limn_toxic_spans_stats (const char  *directory,
                        GError     **error)
{
  g_auto(Dataset) ds = { 0 };
  g_autoptr(GHashTable) comments_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) annotations_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GList) types = NULL;
  guint n_used = 0;

  g_return_val_if_fail (directory != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ds.comments = g_array_new (FALSE, FALSE, sizeof (Comment));
  ds.annotations = g_array_new (FALSE, FALSE, sizeof (Annotation));
  ds.workers = g_ptr_array_new_with_free_func (g_free);
  ds.worker_index = g_hash_table_new (g_str_hash, g_str_equal);
  ds.type_count = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ds.skipped_comments = json_array_new ();
  ds.skipped_annotations = json_array_new ();
  ds.skipped_spans = json_array_new ();

  if (!load_comments (&ds, directory, comments_by_id, error) ||
      !load_annotations (&ds, directory, comments_by_id, annotations_by_id, error) ||
      !load_spans (&ds, directory, annotations_by_id, error))
    return NULL;

  for (guint i = 0; i < ds.annotations->len; i++)
    {
      Annotation *a = &g_array_index (ds.annotations, Annotation, i);
      Comment *c = &g_array_index (ds.comments, Comment, a->comment);

      /* The spans were checked against the text, so this cannot fail. */
      a->mask = limn_span_character_mask (c->n_chars, (LimnLabeledSpan *) a->spans->data,
                                          a->spans->len, -1, error);
      if (a->mask == NULL)
        return NULL;
      n_used += a->spans->len;
      ds.n_without_spans += a->spans->len == 0;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "dataset");
  json_builder_add_string_value (b, "toxic-spans");
  add_int (b, "items", ds.comments->len);
  add_int (b, "annotations", ds.annotations->len);
  add_int (b, "annotators", ds.workers->len);
  add_int (b, "annotations_without_spans", ds.n_without_spans);
  add_int (b, "annotations_flagged_all_toxic", ds.n_all_toxic);
  add_int (b, "annotations_flagged_not_toxic", ds.n_not_toxic);

  json_builder_set_member_name (b, "spans");
  json_builder_begin_object (b);
  add_int (b, "total", ds.n_spans);
  add_int (b, "used", n_used);
  add_int (b, "skipped", json_array_get_length (ds.skipped_spans));
  add_int (b, "used_after_astral_character", ds.n_ambiguous);
  json_builder_set_member_name (b, "types");
  json_builder_begin_object (b);
  types = g_list_sort (g_hash_table_get_keys (ds.type_count), (GCompareFunc) strcmp);
  for (GList *l = types; l != NULL; l = l->next)
    add_int (b, l->data, GPOINTER_TO_UINT (g_hash_table_lookup (ds.type_count, l->data)));
  json_builder_end_object (b);
  json_builder_end_object (b);

  add_array (b, "skipped_spans", g_steal_pointer (&ds.skipped_spans));
  add_array (b, "skipped_annotations", g_steal_pointer (&ds.skipped_annotations));
  add_array (b, "skipped_comments", g_steal_pointer (&ds.skipped_comments));

  if (!add_alpha (&ds, b, error) || !add_pairwise_kappa (&ds, b, error))
    return NULL;
  add_span_f1 (&ds, b);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}
