/* limn-format-spacy.c
 *
 * spaCy / Prodigy JSON Lines: {"text", "spans": [{"start", "end", "label"}]}
 * per line, offsets in code points (Python string indices), end-exclusive,
 * as in Limn. Prodigy adds "answer" (accept / reject / ignore: the spans of
 * a rejected or ignored record are not entities) and "_annotator_id"; the
 * records of one text (same id or _input_hash) are one item. spaCy v2
 * training tuples ["text", {"entities": [[start, end, label]]}] read too.
 * Streamed line by line.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-formats"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>

#include "limn-format-private.h"

static guint
spacy_detect (const LimnFormatProbe *probe)
{
  char first = limn_format_probe_first (probe);

  if (probe->is_dir)
    return 0;

  if (first == '[' && limn_format_probe_has (probe, "\"entities\"") &&
      !limn_format_probe_has (probe, "\"annotations\""))
    return 80;

  if (first != '{' || !limn_format_probe_has (probe, "\"text\""))
    return 0;

  if (limn_format_probe_has (probe, "\"_input_hash\"") || limn_format_probe_has (probe, "\"answer\""))
    return 95;
  if (limn_format_probe_has (probe, "\"spans\""))
    return limn_format_probe_suffix (probe, ".jsonl") ? 90 : 70;

  return 0;
}

static const LimnOffsetUnit units[] = { LIMN_OFFSETS_CODE_POINTS, LIMN_OFFSETS_UTF16 };

/* The record's item: the one read earlier for the same id and text, or a
 * new one. */
static LimnDatasetItem *
record_item (LimnFormatReader  *reader,
             LimnJsonScan      *scan,
             const char        *text,
             guint64            line,
             LimnTextIndex    **index,
             const char        *where)
{
  guint meta = limn_json_scan_member (scan, LIMN_JSON_SCAN_ROOT, "meta");
  g_autofree char *id = limn_format_json_value_id (scan, limn_json_scan_member (scan, LIMN_JSON_SCAN_ROOT, "id"));
  LimnDatasetItem *item;

  if (id == NULL)
    id = limn_format_json_value_id (scan, limn_json_scan_member (scan, meta, "id"));
  if (id == NULL)
    id = limn_format_json_value_id (scan, limn_json_scan_member (scan, LIMN_JSON_SCAN_ROOT, "_input_hash"));
  if (id == NULL)
    id = g_strdup_printf ("line %" PRIu64, line);

  item = limn_dataset_lookup_item (reader->dataset, id);
  if (item != NULL && g_str_equal (item->text, text))
    {
      *index = limn_text_index_new (text, -1, NULL);
      return item;
    }

  if (item != NULL)
    limn_format_problems_add (reader->problems, where, "duplicate-id", LIMN_FORMAT_KEPT,
                              _("The id %s was used before for another text: both are kept."), id);

  return limn_format_reader_add_text (reader, id, text, index, where);
}

static gboolean
span_bounds (LimnJsonScan *scan,
             guint         span,
             gint64       *start,
             gint64       *end)
{
  double s, e;

  if (!limn_format_json_member_number (scan, span, "start", &s) ||
      !limn_format_json_member_number (scan, span, "end", &e) ||
      s != floor (s) || e != floor (e) || fabs (s) > 1e15 || fabs (e) > 1e15)
    return FALSE;

  *start = (gint64) s;
  *end = (gint64) e;
  return TRUE;
}

/* The label of a span: a string, or a number kept as its text. */
static char *
span_label (LimnFormatReader *reader,
            LimnJsonScan     *scan,
            guint             value,
            const char       *where)
{
  char *label = limn_format_json_value_id (scan, value);

  if (label != NULL && !limn_format_json_is_type (scan, value, LIMN_JSON_SCAN_STRING))
    limn_format_problems_add (reader->problems, where, "label-id-number", LIMN_FORMAT_CONVERTED,
                              _("The label is given as the number %s: read as the label “%s”."),
                              label, label);

  return label;
}

static void
read_record (LimnFormatReader *reader,
             LimnJsonScan     *scan,
             const char       *where,
             guint64           line,
             gpointer          user_data)
{
  g_autoptr(LimnTextIndex) index = NULL;
  g_autoptr(GArray) spans = g_array_new (FALSE, TRUE, sizeof (LimnRawSpan));
  guint root = LIMN_JSON_SCAN_ROOT, list, provenance;
  const char *text, *answer = NULL;
  gboolean tuples = FALSE;
  LimnDatasetItem *item;
  LimnDatasetAnnotation *annotation;

  if (limn_format_json_is_type (scan, root, LIMN_JSON_SCAN_ARRAY) &&
      limn_json_scan_get_length (scan, root) == 2)
    {
      /* spaCy v2: ["text", {"entities": [[start, end, label], …]}] */
      guint first = limn_json_scan_first (scan, root);

      text = limn_json_scan_get_string (scan, first, NULL);
      list = limn_json_scan_member (scan, limn_json_scan_next (scan, first), "entities");
      tuples = TRUE;
    }
  else
    {
      text = limn_format_json_member_string (scan, root, "text");
      list = limn_json_scan_member (scan, root, "spans");
      answer = limn_format_json_member_string (scan, root, "answer");
    }

  if (text == NULL)
    {
      limn_format_problems_add (reader->problems, where, "bad-record", LIMN_FORMAT_SKIPPED,
                                _("The record has no “text”: left out."));
      return;
    }

  item = record_item (reader, scan, text, line, &index, where);
  if (item == NULL)
    return;

  if (answer != NULL && !g_str_equal (answer, "accept"))
    {
      guint n = limn_json_scan_get_length (scan, list);

      limn_format_problems_add (reader->problems, where, g_str_equal (answer, "reject")
                                ? "answer-reject" : "answer-ignore", LIMN_FORMAT_SKIPPED,
                                g_dngettext (GETTEXT_PACKAGE,
                                             "The annotator answered “%s”: the record's %u span "
                                             "is not an entity and is left out (the text is kept).",
                                             "The annotator answered “%s”: the record's %u spans "
                                             "are not entities and are left out (the text is kept).",
                                             n),
                                answer, n);
      return;
    }

  /* No "spans" at all: a text still to annotate, not one with none. */
  if (list == LIMN_JSON_SCAN_NONE)
    return;
  if (!limn_format_json_is_type (scan, list, LIMN_JSON_SCAN_ARRAY))
    {
      limn_format_problems_add (reader->problems, where, "bad-record", LIMN_FORMAT_SKIPPED,
                                _("“spans” must be a list: the record's spans are left out."));
      return;
    }

  {
    g_autofree char *annotator = limn_format_json_value_id (scan, limn_json_scan_member (scan, root, "_annotator_id"));

    if (annotator == NULL)
      annotator = limn_format_json_value_id (scan,
                                             limn_json_scan_member (scan, root, "_session_id"));
    annotation = limn_format_reader_annotation (reader, item, annotator);
  }

  provenance = tuples ? LIMN_JSON_SCAN_NONE : limn_format_json_provenance_list (scan);
  for (guint s = limn_json_scan_first (scan, list); s != LIMN_JSON_SCAN_NONE;
       s = limn_json_scan_next (scan, s), provenance = limn_json_scan_next (scan, provenance))
    {
      LimnRawSpan span = { 0 };
      g_autofree char *label = NULL;
      double score = LIMN_SCORE_UNSET;
      gboolean ok;

      if (tuples)
        {
          guint a = limn_json_scan_first (scan, s), b = limn_json_scan_next (scan, a);
          gint64 start = 0, end = 0;

          ok = limn_json_scan_get_length (scan, s) == 3 &&
               limn_json_scan_get_int64 (scan, a, &start) && limn_json_scan_get_int64 (scan, b, &end);
          span.start = start;
          span.end = end;
          if (ok)
            label = span_label (reader, scan, limn_json_scan_next (scan, b), where);
        }
      else
        {
          ok = span_bounds (scan, s, &span.start, &span.end);
          label = span_label (reader, scan, limn_json_scan_member (scan, s, "label"), where);
          span.text = limn_format_json_member_string (scan, s, "text");
          limn_format_json_member_number (scan, s, "score", &score);
        }

      if (!ok)
        {
          limn_format_problems_add (reader->problems, where, "bad-span", LIMN_FORMAT_SKIPPED,
                                    _("A span needs whole numbers in “start” and “end”: left out."));
          continue;
        }

      span.label = limn_format_reader_label (reader, label, where);
      span.score = score != LIMN_SCORE_UNSET ? CLAMP (score, 0, 1) : LIMN_SCORE_UNSET;
      span.where = where;
      span.annotation = annotation;
      limn_format_json_read_provenance (scan, provenance, &span.attrs);
      g_array_append_val (spans, span);
    }

  limn_format_reader_add_spans (reader, index, spans, units, G_N_ELEMENTS (units), where);
  limn_format_raw_spans_clear_attrs (spans);
}

static gboolean
spacy_read (LimnFormatReader  *reader,
            const char        *path,
            GError           **error)
{
  return limn_format_read_jsonl (reader, path, read_record, NULL, error);
}

/* Writing */

static void
append_record (LimnFormatWriter      *writer,
               GString               *out,
               LimnDatasetItem       *item,
               LimnDatasetAnnotation *annotation)
{
  g_string_append (out, "{\"text\": ");
  limn_json_writer_append_string (out, item->text);
  g_string_append_printf (out, ", \"_input_hash\": %d, \"meta\": {\"id\": ",
                          (int) g_str_hash (item->text));
  limn_json_writer_append_string (out, item->name);
  if (limn_format_annotation_has_provenance (annotation))
    {
      g_string_append (out, ", \"limn_provenance\": ");
      limn_format_append_provenance_list (out, annotation);
    }
  g_string_append_c (out, '}');

  if (annotation != NULL)
    {
      g_string_append (out, ", \"answer\": \"accept\"");
      if (annotation->annotator != NULL)
        {
          g_string_append (out, ", \"_annotator_id\": ");
          limn_json_writer_append_string (out, annotation->annotator);
        }

      g_string_append (out, ", \"spans\": [");
      for (guint r = 0; r < annotation->regions->len; r++)
        {
          LimnDatasetRegion *region = &g_array_index (annotation->regions, LimnDatasetRegion, r);

          g_string_append_printf (out, "%s{\"start\": %" PRId64 ", \"end\": %" PRId64
                                  ", \"label\": ", r ? ", " : "", region->start, region->end);
          limn_json_writer_append_string (out, limn_format_writer_label (writer, region->label));
          g_string_append (out, ", \"text\": ");
          limn_json_writer_append_string (out, region->text);
          g_string_append_c (out, '}');
        }
      g_string_append_c (out, ']');
    }

  g_string_append (out, "}\n");
}

/* One line per annotator, as Prodigy keeps them. */
static void
append_item (LimnFormatWriter *writer,
             GString          *out,
             LimnDatasetItem  *item,
             gpointer          user_data)
{
  g_autoptr(GPtrArray) sets = limn_format_writer_annotations (writer, item);

  if (sets->len == 0)
    append_record (writer, out, item, NULL);
  for (guint s = 0; s < sets->len; s++)
    append_record (writer, out, item, g_ptr_array_index (sets, s));
}

static gboolean
spacy_write (LimnFormatWriter  *writer,
             const char        *path,
             GError           **error)
{
  return limn_format_write_text_items (writer, path, append_item, NULL, error);
}

static const char * const spacy_attributes[] = { "provenance:", NULL };

const LimnFormat limn_format_spacy = {
  "spacy", N_("spaCy / Prodigy JSONL"), LIMN_FORMAT_TEXTS, LIMN_FORMAT_HOLDS_ANNOTATORS,
  spacy_attributes,
  spacy_detect, spacy_read, spacy_write,
};
