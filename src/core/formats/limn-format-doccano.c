/* limn-format-doccano.c
 *
 * doccano JSON Lines, in each layout doccano has exported:
 *   {"text", "label": [[start, end, "LABEL"], …]}          (1.x sequence labelling)
 *   {"text", "labels": [[start, end, "LABEL"], …]}         (older)
 *   {"text", "entities": [{"start_offset", "end_offset", "label"}], "relations"}
 *   {"text", "annotations": [{"start_offset", "end_offset", "label": 3, "user": 1}]}
 * doccano's browser counts offsets in UTF-16 units: where a text has
 * characters outside the BMP, the reader decides per record whether the
 * offsets are UTF-16 or code points (range, then word edges; UTF-16 on a
 * tie) and reports a conversion. The writer writes UTF-16 offsets.
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
doccano_detect (const LimnFormatProbe *probe)
{
  if (probe->is_dir || limn_format_probe_first (probe) != '{' ||
      !limn_format_probe_has (probe, "\"text\""))
    return 0;

  if (limn_format_probe_has (probe, "\"start_offset\""))
    return 95;
  if (limn_format_probe_has (probe, "\"label\": [[") || limn_format_probe_has (probe, "\"labels\": [[") ||
      limn_format_probe_has (probe, "\"label\":[[") || limn_format_probe_has (probe, "\"labels\":[["))
    return 90;

  return limn_format_probe_suffix (probe, ".jsonl") ? 30 : 0;
}

static const LimnOffsetUnit units[] = { LIMN_OFFSETS_UTF16, LIMN_OFFSETS_CODE_POINTS };

typedef struct
{
  LimnFormatReader *reader;
  LimnJsonScan     *scan;
  LimnDatasetItem  *item;
  const char       *where;
  const char       *annotator;  /* the record's user, if it names one */
  GArray           *spans;      /* LimnRawSpan */
  guint             provenance; /* the next span's in meta.limn_provenance, or NONE */
} Record;

/* A label as doccano gives it: a name, or a number (an id in the
 * project's label set, which the export does not carry). */
static int
record_label (Record *record,
              guint   value)
{
  LimnFormatReader *reader = record->reader;
  g_autofree char *label = limn_format_json_value_id (record->scan, value);

  if (label != NULL && !limn_format_json_is_type (record->scan, value, LIMN_JSON_SCAN_STRING))
    {
      int by_id = limn_dataset_find_label_id (reader->dataset, label);

      if (by_id >= 0)
        return by_id;
      limn_format_problems_add (reader->problems, record->where, "label-id-number",
                                LIMN_FORMAT_CONVERTED,
                                _("The label is given as the number %s (an id in the doccano "
                                  "project, whose names the export does not carry): read as the "
                                  "label “%s”."), label, label);
    }

  return limn_format_reader_label (reader, label, record->where);
}

static void
add_span (Record     *record,
          double      start,
          double      end,
          int         label,
          const char *annotator)
{
  LimnRawSpan span = { 0 };
  guint provenance = record->provenance;

  /* One entry per span written, whatever becomes of the span. */
  record->provenance = limn_json_scan_next (record->scan, provenance);
  if (label < 0)
    return;

  if (start != floor (start) || end != floor (end) || fabs (start) > 1e15 || fabs (end) > 1e15)
    {
      limn_format_problems_add (record->reader->problems, record->where, "bad-span",
                                LIMN_FORMAT_SKIPPED,
                                _("A span needs whole-number offsets: left out."));
      return;
    }

  span.start = (gint64) start;
  span.end = (gint64) end;
  span.label = label;
  span.score = LIMN_SCORE_UNSET;
  span.where = record->where;
  span.annotation = limn_format_reader_annotation (record->reader, record->item, annotator);
  limn_format_json_read_provenance (record->scan, provenance, &span.attrs);
  g_array_append_val (record->spans, span);
}

/* [[start, end, label], …] */
static void
read_tuples (Record *record,
             guint   list)
{
  LimnJsonScan *scan = record->scan;

  for (guint t = limn_json_scan_first (scan, list); t != LIMN_JSON_SCAN_NONE;
       t = limn_json_scan_next (scan, t))
    {
      guint a = limn_json_scan_first (scan, t), b = limn_json_scan_next (scan, a);
      double start, end;

      if (limn_json_scan_get_length (scan, t) != 3 ||
          !limn_format_json_value_number (scan, a, &start) ||
          !limn_format_json_value_number (scan, b, &end))
        {
          limn_format_problems_add (record->reader->problems, record->where, "bad-span",
                                    LIMN_FORMAT_SKIPPED,
                                    _("A label must be [start, end, label]: left out."));
          continue;
        }
      add_span (record, start, end, record_label (record, limn_json_scan_next (scan, b)),
                record->annotator);
    }
}

/* [{"start_offset", "end_offset", "label", "user"?}, …] */
static void
read_objects (Record *record,
              guint   list)
{
  LimnJsonScan *scan = record->scan;

  for (guint e = limn_json_scan_first (scan, list); e != LIMN_JSON_SCAN_NONE;
       e = limn_json_scan_next (scan, e))
    {
      g_autofree char *user = limn_format_json_value_id (scan,
                                                         limn_json_scan_member (scan, e, "user"));
      double start, end;

      if (!limn_format_json_member_number (scan, e, "start_offset", &start) ||
          !limn_format_json_member_number (scan, e, "end_offset", &end))
        {
          limn_format_problems_add (record->reader->problems, record->where, "bad-span",
                                    LIMN_FORMAT_SKIPPED,
                                    _("An entity needs “start_offset” and “end_offset”: left out."));
          continue;
        }
      add_span (record, start, end, record_label (record, limn_json_scan_member (scan, e, "label")),
                user ? user : record->annotator);
    }
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
  g_autofree char *id = limn_format_json_value_id (scan, limn_json_scan_member (scan, LIMN_JSON_SCAN_ROOT, "id"));
  g_autofree char *annotator = NULL;
  const char *text = limn_format_json_member_string (scan, LIMN_JSON_SCAN_ROOT, "text");
  const char * const tuple_keys[] = { "label", "labels" };
  Record record = { reader, scan, NULL, where, NULL, spans, LIMN_JSON_SCAN_NONE };
  guint list, relations;

  if (text == NULL)
    {
      limn_format_problems_add (reader->problems, where, "bad-record", LIMN_FORMAT_SKIPPED,
                                _("The record has no “text”: left out."));
      return;
    }

  if (id == NULL)
    id = g_strdup_printf ("line %" PRIu64, line);
  record.item = limn_format_reader_add_text (reader, id, text, &index, where);
  if (record.item == NULL)
    return;

  annotator = limn_format_json_value_id (scan,
                                         limn_json_scan_member (scan, LIMN_JSON_SCAN_ROOT, "user"));
  if (annotator == NULL)
    annotator = limn_format_json_value_id (scan, limn_json_scan_member (scan, LIMN_JSON_SCAN_ROOT, "annotator"));
  record.annotator = annotator;
  record.provenance = limn_format_json_provenance_list (scan);

  for (guint k = 0; k < G_N_ELEMENTS (tuple_keys); k++)
    {
      list = limn_json_scan_member (scan, LIMN_JSON_SCAN_ROOT, tuple_keys[k]);
      if (limn_format_json_is_type (scan, list, LIMN_JSON_SCAN_ARRAY))
        {
          /* An empty list still says "labelled, nothing found". */
          limn_format_reader_annotation (reader, record.item, annotator);
          read_tuples (&record, list);
        }
    }

  list = limn_json_scan_member (scan, LIMN_JSON_SCAN_ROOT, "entities");
  if (limn_format_json_is_type (scan, list, LIMN_JSON_SCAN_ARRAY))
    {
      limn_format_reader_annotation (reader, record.item, annotator);
      read_objects (&record, list);
    }
  list = limn_json_scan_member (scan, LIMN_JSON_SCAN_ROOT, "annotations");
  if (limn_format_json_is_type (scan, list, LIMN_JSON_SCAN_ARRAY))
    read_objects (&record, list);

  relations = limn_json_scan_member (scan, LIMN_JSON_SCAN_ROOT, "relations");
  if (limn_json_scan_get_length (scan, relations) > 0)
    limn_format_problems_add (reader->problems, where, "relations-not-kept", LIMN_FORMAT_SKIPPED,
                              _("Limn keeps spans, not relations between them; relations left "
                                "out: %u."),
                              limn_json_scan_get_length (scan, relations));

  limn_format_reader_add_spans (reader, index, spans, units, G_N_ELEMENTS (units), where);
  limn_format_raw_spans_clear_attrs (spans);
}

static gboolean
doccano_read (LimnFormatReader  *reader,
              const char        *path,
              GError           **error)
{
  return limn_format_read_jsonl (reader, path, read_record, NULL, error);
}

/* Writing */

static void
append_item (LimnFormatWriter *writer,
             GString          *out,
             LimnDatasetItem  *item,
             gpointer          user_data)
{
  g_autoptr(GPtrArray) sets = limn_format_writer_annotations (writer, item);
  g_autoptr(LimnTextIndex) index = limn_text_index_new (item->text, -1, NULL);
  LimnDatasetAnnotation *a = sets->len > 0 ? g_ptr_array_index (sets, 0) : NULL;
  guint64 *astral = user_data;

  g_string_append (out, "{\"id\": ");
  if (limn_format_is_integer (item->name))
    g_string_append (out, item->name);
  else
    limn_json_writer_append_string (out, item->name);
  g_string_append (out, ", \"text\": ");
  limn_json_writer_append_string (out, item->text);
  g_string_append (out, ", \"label\": [");
  for (guint r = 0; a != NULL && r < a->regions->len; r++)
    {
      LimnDatasetRegion *region = &g_array_index (a->regions, LimnDatasetRegion, r);
      gint64 start = limn_text_index_char_to_utf16 (index, region->start);
      gint64 end = limn_text_index_char_to_utf16 (index, region->end);

      *astral += start != region->start || end != region->end;
      g_string_append_printf (out, "%s[%" PRId64 ", %" PRId64 ", ",
                              r ? ", " : "", start, end);
      limn_json_writer_append_string (out, limn_format_writer_label (writer, region->label));
      g_string_append_c (out, ']');
    }
  g_string_append (out, "]");
  if (limn_format_annotation_has_provenance (a))
    {
      g_string_append (out, ", \"meta\": {\"limn_provenance\": ");
      limn_format_append_provenance_list (out, a);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "}\n");
}

static gboolean
doccano_write (LimnFormatWriter  *writer,
               const char        *path,
               GError           **error)
{
  guint64 astral = 0;

  if (!limn_format_write_text_items (writer, path, append_item, &astral, error))
    return FALSE;

  if (astral > 0)
    limn_format_problems_add (writer->problems, path, "utf16-offsets", LIMN_FORMAT_CONVERTED,
                              _("doccano counts UTF-16 units; spans after characters outside the "
                                "BMP (such as emoji) written with UTF-16 offsets, not code points: "
                                "%" PRIu64 "."), astral);

  return TRUE;
}

static const char * const doccano_attributes[] = { "provenance:", NULL };

const LimnFormat limn_format_doccano = {
  "doccano", N_("doccano JSONL"), LIMN_FORMAT_TEXTS, 0, doccano_attributes,
  doccano_detect, doccano_read, doccano_write,
};
