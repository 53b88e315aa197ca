/* limn-format-brat.c
 *
 * brat standoff: NAME.txt holds the text, NAME.ann its annotations, one per
 * line: "T1<TAB>Label 0 5;10 15<TAB>text" (fragments for a discontinuous
 * span), "A1<TAB>Negated T1", "#1<TAB>AnnotatorNotes T1<TAB>note". Offsets
 * are code points over the text file as it is, CR characters included (a
 * file counted with CR-LF as one is found by its recorded texts and
 * converted). A discontinuous span becomes one span per fragment sharing a
 * group; attributes and notes are kept on the span; relations, events and
 * normalisations are not. A line that is not an annotation continues the
 * one before (a note or text written over several lines).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-formats"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "limn-format-private.h"

#define MAX_FILE (512 * 1024 * 1024)
#define MAX_DEPTH 8

static guint
brat_detect (const LimnFormatProbe *probe)
{
  g_autoptr(GPtrArray) names = NULL;

  if (!probe->is_dir)
    {
      g_autofree char *ann = NULL;

      if (limn_format_probe_suffix (probe, ".ann"))
        return 95;
      if (!limn_format_probe_suffix (probe, ".txt"))
        return 0;
      ann = g_strdup_printf ("%.*s.ann", (int) strlen (probe->path) - 4, probe->path);
      return g_file_test (ann, G_FILE_TEST_IS_REGULAR) ? 90 : 0;
    }

  names = limn_format_list_dir (probe->path, ".ann", NULL);
  return names != NULL && names->len > 0 ? 95 : 0;
}

/* One annotation line, with any continuation lines joined to it. */
typedef struct
{
  guint64  line;
  char    *text;
} Line;

static void
line_clear (gpointer data)
{
  g_free (((Line *) data)->text);
}

static gboolean
starts_annotation (const char *line)
{
  const char *p = line;

  if (*p == '*' && p[1] == '\t')
    return TRUE;
  if (strchr ("TRAEMN#", *p) == NULL || *p == '\0')
    return FALSE;
  for (p++; g_ascii_isdigit (*p); p++)
    ;
  return *p == '\t' && p > line + 1;
}

/* The .ann file's annotations; a line that does not start one continues
 * the one before, and says so. */
static GArray *
split_lines (LimnFormatReader *reader,
             const char       *contents,
             const char       *display)
{
  g_auto(GStrv) raw = g_strsplit (contents, "\n", -1);
  GArray *lines = g_array_new (FALSE, TRUE, sizeof (Line));

  g_array_set_clear_func (lines, line_clear);
  for (guint i = 0; raw[i] != NULL; i++)
    {
      char *text = raw[i];
      gsize len = strlen (text);
      Line line;

      if (len > 0 && text[len - 1] == '\r')
        text[--len] = '\0';

      if (starts_annotation (text) || lines->len == 0)
        {
          if (len == 0)
            continue;
          line.line = i + 1;
          line.text = g_strdup (text);
          g_array_append_val (lines, line);
          continue;
        }

      if (len == 0)
        continue;

      {
        Line *last = &g_array_index (lines, Line, lines->len - 1);
        g_autofree char *where = limn_format_where (display, i + 1);
        char *joined = g_strconcat (last->text, "\n", text, NULL);

        g_free (last->text);
        last->text = joined;
        limn_format_problems_add (reader->problems, where, "continued-line", LIMN_FORMAT_CONVERTED,
                                  _("The line does not start an annotation: read as more of the "
                                    "one on line %" PRIu64 "."), last->line);
      }
    }

  return lines;
}

typedef struct
{
  char      *id;
  int        label;
  GArray    *fragments;   /* gint64 pairs */
  char      *text;
  LimnAttrs  attrs;
  char      *where;
} Entity;

static void
entity_free (gpointer data)
{
  Entity *e = data;

  g_free (e->id);
  g_array_unref (e->fragments);
  g_free (e->text);
  g_strfreev (e->attrs);
  g_free (e->where);
  g_free (e);
}

/* "Label 0 5;10 15" */
static Entity *
parse_entity (LimnFormatReader *reader,
              const char       *id,
              const char       *middle,
              const char       *text,
              const char       *where)
{
  g_auto(GStrv) parts = g_strsplit (middle, ";", -1);
  g_autofree char *label = NULL;
  Entity *e = g_new0 (Entity, 1);
  const char *space = parts[0] ? strchr (parts[0], ' ') : NULL;

  e->id = g_strdup (id);
  e->fragments = g_array_new (FALSE, FALSE, sizeof (gint64));
  e->text = g_strdup (text);
  e->where = g_strdup (where);

  if (space == NULL)
    {
      entity_free (e);
      return NULL;
    }
  label = g_strndup (parts[0], space - parts[0]);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *offsets = i == 0 ? space + 1 : parts[i];
      gint64 start, end;
      char *stop = NULL;

      start = g_ascii_strtoll (offsets, &stop, 10);
      if (stop == offsets || *stop != ' ')
        {
          entity_free (e);
          return NULL;
        }
      offsets = stop + 1;
      end = g_ascii_strtoll (offsets, &stop, 10);
      if (stop == offsets || *stop != '\0')
        {
          entity_free (e);
          return NULL;
        }
      g_array_append_val (e->fragments, start);
      g_array_append_val (e->fragments, end);
    }

  e->label = limn_format_reader_label (reader, label, where);
  return e;
}

static void
unsupported (LimnFormatReader *reader,
             const char       *where,
             char              type)
{
  const char *what = type == 'R' ? _("a relation") : type == 'E' ? _("an event")
                     : type == 'N' ? _("a normalisation") : _("an equivalence");

  limn_format_problems_add (reader->problems, where, "unsupported-annotation", LIMN_FORMAT_SKIPPED,
                            _("The line is %s: Limn keeps spans only; left out."), what);
}

static void
read_ann (LimnFormatReader *reader,
          LimnDatasetItem  *item,
          LimnTextIndex    *index,
          const char       *contents,
          const char       *display)
{
  static const LimnOffsetUnit units[] = {
    LIMN_OFFSETS_CODE_POINTS, LIMN_OFFSETS_NO_CR, LIMN_OFFSETS_UTF16, LIMN_OFFSETS_BYTES,
  };
  g_autoptr(GArray) lines = split_lines (reader, contents, display);
  g_autoptr(GPtrArray) entities = g_ptr_array_new_with_free_func (entity_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) spans = g_array_new (FALSE, TRUE, sizeof (LimnRawSpan));
  LimnDatasetAnnotation *annotation = limn_format_reader_annotation (reader, item, NULL);

  for (guint i = 0; i < lines->len; i++)
    {
      Line *line = &g_array_index (lines, Line, i);
      g_autofree char *where = limn_format_where (display, line->line);
      g_auto(GStrv) cols = g_strsplit (line->text, "\t", 3);
      char type = line->text[0];
      Entity *target;

      if (cols[1] == NULL)
        {
          limn_format_problems_add (reader->problems, where, "bad-line", LIMN_FORMAT_SKIPPED,
                                    _("The line is not a brat annotation (ID, tab, …): left out."));
          continue;
        }

      if (type == 'T')
        {
          Entity *e;

          if (g_hash_table_contains (by_id, cols[0]))
            {
              limn_format_problems_add (reader->problems, where, "duplicate-id", LIMN_FORMAT_SKIPPED,
                                        _("The id %s is used twice: the second is left out."), cols[0]);
              continue;
            }
          e = parse_entity (reader, cols[0], cols[1], cols[2], where);
          if (e == NULL)
            {
              limn_format_problems_add (reader->problems, where, "bad-line", LIMN_FORMAT_SKIPPED,
                                        _("A text-bound annotation needs “Label start end” "
                                          "(fragments joined by ;): left out."));
              continue;
            }
          g_ptr_array_add (entities, e);
          g_hash_table_insert (by_id, e->id, e);
        }
      else if (type == 'A' || type == 'M')
        {
          g_auto(GStrv) words = g_strsplit (cols[1], " ", 3);
          g_autofree char *key = NULL;

          target = words[0] && words[1] ? g_hash_table_lookup (by_id, words[1]) : NULL;
          if (target == NULL)
            {
              limn_format_problems_add (reader->problems, where, "unsupported-annotation",
                                        LIMN_FORMAT_SKIPPED,
                                        _("The attribute is not on a text span read here: left out."));
              continue;
            }
          key = g_strdup_printf ("brat:%s", words[0]);
          limn_attrs_set (&target->attrs, key, words[2] ? words[2] : "true");
        }
      else if (type == '#')
        {
          g_auto(GStrv) words = g_strsplit (cols[1], " ", 2);

          target = words[0] && words[1] ? g_hash_table_lookup (by_id, words[1]) : NULL;
          if (target == NULL || cols[2] == NULL)
            {
              limn_format_problems_add (reader->problems, where, "unsupported-annotation",
                                        LIMN_FORMAT_SKIPPED,
                                        _("The note is not on a text span read here: left out."));
              continue;
            }
          limn_attrs_set (&target->attrs, "note", cols[2]);
        }
      else
        unsupported (reader, where, type);
    }

  for (guint i = 0; i < entities->len; i++)
    {
      Entity *e = g_ptr_array_index (entities, i);
      guint n = e->fragments->len / 2;

      if (n > 1)
        limn_format_problems_add (reader->problems, e->where, "discontinuous", LIMN_FORMAT_CONVERTED,
                                  _("The span %s is in pieces: read as one span per piece, in "
                                    "one group (written back as one); pieces: %u."), e->id, n);

      for (guint f = 0; f < n; f++)
        {
          LimnRawSpan span = { 0 };

          span.start = g_array_index (e->fragments, gint64, 2 * f);
          span.end = g_array_index (e->fragments, gint64, 2 * f + 1);
          span.text = n == 1 ? e->text : NULL;
          span.label = e->label;
          span.score = LIMN_SCORE_UNSET;
          span.id = e->id;
          span.group = n > 1 ? e->id : NULL;
          span.attrs = e->attrs;
          span.where = e->where;
          span.annotation = annotation;
          g_array_append_val (spans, span);
        }
    }

  limn_format_reader_add_spans (reader, index, spans, units, G_N_ELEMENTS (units), display);
}

/* NAME.txt with NAME.ann beside it. @name is how the document is known. */
static gboolean
read_document (LimnFormatReader  *reader,
               const char        *txt,
               const char        *name,
               GError           **error)
{
  g_autofree char *ann = g_strdup_printf ("%.*s.ann", (int) strlen (txt) - 4, txt);
  g_autofree char *text = NULL;
  g_autofree char *annotations = NULL;
  g_autofree char *display = g_strdup_printf ("%s.ann", name);
  g_autoptr(LimnTextIndex) index = NULL;
  GError *local_error = NULL;
  LimnDatasetItem *item;

  if (!limn_format_read_text_file (txt, MAX_FILE, &text, NULL, &local_error) ||
      (g_file_test (ann, G_FILE_TEST_EXISTS) &&
       !limn_format_read_text_file (ann, MAX_FILE, &annotations, NULL, &local_error)))
    {
      g_autofree char *where = g_strdup_printf ("%s.txt", name);

      return limn_format_reader_skip_malformed (reader, where, local_error, error);
    }

  item = limn_format_reader_add_text (reader, name, text, &index, display);
  if (item != NULL && annotations != NULL)
    read_ann (reader, item, index, annotations, display);

  return limn_dataset_flush (reader->dataset, error);
}

static gboolean
read_folder (LimnFormatReader  *reader,
             const char        *dir,
             const char        *prefix,
             guint              depth,
             GError           **error)
{
  g_autoptr(GPtrArray) names = limn_format_list_dir (dir, "", error);

  if (names == NULL)
    return FALSE;

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, file, NULL);
      g_autofree char *name = prefix ? g_build_filename (prefix, file, NULL) : g_strdup (file);

      if (!limn_format_reader_poll (reader, error))
        return FALSE;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (depth < MAX_DEPTH && !g_file_test (path, G_FILE_TEST_IS_SYMLINK) &&
              !read_folder (reader, path, name, depth + 1, error))
            return FALSE;
          continue;
        }

      if (g_str_has_suffix (file, ".txt"))
        {
          name[strlen (name) - 4] = '\0';
          if (!read_document (reader, path, name, error))
            return FALSE;
        }
      else if (g_str_has_suffix (file, ".ann"))
        {
          g_autofree char *txt = g_strdup_printf ("%.*s.txt", (int) strlen (path) - 4, path);

          if (!g_file_test (txt, G_FILE_TEST_IS_REGULAR))
            limn_format_problems_add (reader->problems, name, "text-missing", LIMN_FORMAT_SKIPPED,
                                      _("There is no text file beside this annotation file: left "
                                        "out."));
        }
    }

  return TRUE;
}

static gboolean
brat_read (LimnFormatReader  *reader,
           const char        *path,
           GError           **error)
{
  g_autofree char *txt = NULL;
  g_autofree char *base = NULL;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return read_folder (reader, path, NULL, 0, error);

  txt = g_str_has_suffix (path, ".ann") ? g_strdup_printf ("%.*s.txt", (int) strlen (path) - 4, path)
                                        : g_strdup (path);
  if (!g_str_has_suffix (txt, ".txt") || !g_file_test (txt, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_NOT_FOUND,
                   _("brat needs the text file beside the annotations: “%s” is missing."), txt);
      return FALSE;
    }

  base = g_path_get_basename (txt);
  base[strlen (base) - 4] = '\0';
  return read_document (reader, txt, base, error);
}

/* Writing */

typedef struct
{
  guint64 notes;
  guint64 renamed;
} Losses;

static char *
brat_type (const char *label,
           Losses     *losses)
{
  char *type = g_strdup (label);

  if (strpbrk (type, " \t\r\n;") != NULL)
    {
      g_strdelimit (type, " \t\r\n;", '_');
      losses->renamed++;
    }

  return type;
}

static char *
one_line (const char *text,
          guint64    *changed)
{
  char *copy = g_strdup (text);

  if (strpbrk (copy, "\r\n\t") != NULL)
    {
      (*changed)++;
      g_strdelimit (copy, "\r\n\t", ' ');
    }

  return copy;
}

static char *
ann_text (LimnFormatWriter      *writer,
          LimnDatasetAnnotation *a,
          Losses                *losses)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GHashTable) done = g_hash_table_new (g_str_hash, g_str_equal);
  guint t = 0, attr = 0, note = 0;
  guint64 ignored = 0;

  for (guint r = 0; a != NULL && r < a->regions->len; r++)
    {
      LimnDatasetRegion *region = &g_array_index (a->regions, LimnDatasetRegion, r);
      g_autoptr(GString) offsets = g_string_new (NULL);
      g_autoptr(GString) covered = g_string_new (NULL);
      g_autofree char *type = NULL;
      g_autofree char *text = NULL;
      const char *note_text;

      if (region->kind != LIMN_REGION_SPAN ||
          (region->group != NULL && g_hash_table_contains (done, region->group)))
        continue;

      /* The fragments of a group, in text order, make one T line. */
      for (guint k = r; k < a->regions->len; k++)
        {
          LimnDatasetRegion *f = &g_array_index (a->regions, LimnDatasetRegion, k);

          if (k != r && (region->group == NULL || g_strcmp0 (f->group, region->group) != 0 ||
                         f->kind != LIMN_REGION_SPAN))
            continue;
          g_string_append_printf (offsets, "%s%" PRId64 " %" PRId64,
                                  offsets->len ? ";" : "", f->start, f->end);
          g_string_append_printf (covered, "%s%s", covered->len ? " " : "", f->text ? f->text : "");
        }
      if (region->group != NULL)
        g_hash_table_add (done, region->group);

      type = brat_type (limn_format_writer_label (writer, region->label), losses);
      text = one_line (covered->str, &ignored);
      g_string_append_printf (out, "T%u\t%s %s\t%s\n", ++t, type, offsets->str, text);

      for (guint k = 0; region->attrs != NULL && region->attrs[k] != NULL; k += 2)
        if (g_str_has_prefix (region->attrs[k], "brat:"))
          {
            const char *value = region->attrs[k + 1];

            g_string_append_printf (out, "A%u\t%s T%u%s%s\n", ++attr, region->attrs[k] + 5, t,
                                    g_str_equal (value, "true") ? "" : " ",
                                    g_str_equal (value, "true") ? "" : value);
          }

      note_text = limn_attrs_get (region->attrs, "note");
      if (note_text != NULL)
        {
          g_autofree char *line = one_line (note_text, &losses->notes);

          g_string_append_printf (out, "#%u\tAnnotatorNotes T%u\t%s\n", ++note, t, line);
        }
    }

  return g_string_free (out, FALSE);
}

/* A document's name as a path under the output: brat collections are
 * folders, so "news/a" stays news/a.txt; nothing climbs out or hides. */
static char *
document_path (const char *name)
{
  g_auto(GStrv) parts = g_strsplit (name, "/", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strdelimit (parts[i], "\\:", '_');

      if (part[0] == '\0')
        continue;
      if (part[0] == '.')
        part[0] = '_';
      g_string_append_printf (out, "%s%s", out->len ? "/" : "", part);
    }

  if (out->len == 0)
    g_string_append (out, "document");

  return g_string_free (out, FALSE);
}

static gboolean
brat_write (LimnFormatWriter  *writer,
            const char        *path,
            GError           **error)
{
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Losses losses = { 0 };

  if (!limn_format_make_dir (path, error))
    return FALSE;

  for (guint i = 0; i < limn_dataset_get_n_items (writer->dataset); i++)
    {
      LimnDatasetItem *item = limn_dataset_get_item (writer->dataset, i);
      g_autoptr(GPtrArray) sets = NULL;
      g_autofree char *stem = NULL;
      g_autofree char *txt = NULL;
      g_autofree char *ann = NULL;
      g_autofree char *annotations = NULL;
      g_autofree char *txt_name = NULL;
      g_autofree char *ann_name = NULL;

      if (item->kind != LIMN_TASK_TEXT)
        continue;

      {
        g_autofree char *base = document_path (item->name);

        stem = limn_format_unique_name (used, base, "");
      }

      sets = limn_format_writer_annotations (writer, item);
      annotations = ann_text (writer, sets->len ? g_ptr_array_index (sets, 0) : NULL, &losses);
      txt_name = g_strdup_printf ("%s.txt", stem);
      ann_name = g_strdup_printf ("%s.ann", stem);
      txt = g_build_filename (path, txt_name, NULL);
      ann = g_build_filename (path, ann_name, NULL);
      if (strchr (stem, '/') != NULL)
        {
          g_autofree char *parent = g_path_get_dirname (txt);

          if (!limn_format_make_dir (parent, error))
            return FALSE;
        }
      if (!limn_format_write_file (txt, item->text, strlen (item->text), error) ||
          !limn_format_write_file (ann, annotations, strlen (annotations), error))
        return FALSE;
    }

  if (losses.notes > 0)
    limn_format_problems_add (writer->problems, path, "note-joined", LIMN_FORMAT_CONVERTED,
                              _("brat notes are one line; notes whose line breaks became spaces: "
                                "%" PRIu64 "."), losses.notes);
  if (losses.renamed > 0)
    limn_format_problems_add (writer->problems, path, "label-renamed", LIMN_FORMAT_CONVERTED,
                              _("brat types cannot hold spaces or “;”, which became “_”; spans "
                                "so renamed: %" PRIu64 "."), losses.renamed);

  return TRUE;
}

static const char * const brat_attributes[] = { "brat:", "note", NULL };

const LimnFormat limn_format_brat = {
  "brat", N_("brat standoff"), LIMN_FORMAT_TEXTS, LIMN_FORMAT_HOLDS_GROUPS | LIMN_FORMAT_WRITES_FOLDER,
  brat_attributes,
  brat_detect, brat_read, brat_write,
};
