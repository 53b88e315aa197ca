/* limn-format-text-lines.c
 *
 * A text file of documents to label: one per non-empty line, or, in a
 * file named .jsonl, one JSON object per line with "text" and optionally
 * "id" (a string or a whole number), "language" and "direction". A CR
 * before each newline is a line ending, not text. New Local Project's
 * source and the server's `task add --texts`; written back the same way.
 *
 * Dataset attributes: "id" (derived from the file's path), "name" (the
 * file's), "kind", "source". Items: "id" (the record's, as written),
 * "key" (what a task id derives from: the line, with the record's id or
 * text), "line", "language", "direction".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-formats"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "limn-format-private.h"

static gboolean
is_jsonl (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".jsonl");
}

static guint
text_lines_detect (const LimnFormatProbe *probe)
{
  if (probe->is_dir || probe->head_len == 0)
    return 0;

  /* Any text file is lines: every other text format scores higher. */
  if (is_jsonl (probe->path))
    return limn_format_probe_first (probe) == '{' && limn_format_probe_has (probe, "\"text\"")
           ? 25 : 0;

  return limn_format_probe_suffix (probe, ".txt") ? 20 : 0;
}

/* Reading */

/* The record's id as text: a string, or a whole number (doccano). */
static gboolean
record_id (JsonObject  *obj,
           char       **id,
           const char  *where,
           GError     **error)
{
  JsonNode *node = json_object_get_member (obj, "id");

  *id = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    *id = g_strdup (json_node_get_string (node));
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    *id = g_strdup_printf ("%" PRId64, json_node_get_int (node));
  else
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_FORMAT,
                   _("%s: “id” must be a string or a whole number."), where);
      return FALSE;
    }

  return TRUE;
}

static LimnDatasetItem *
read_record (LimnFormatReader  *reader,
             const char        *line,
             gsize              length,
             guint              lineno,
             const char        *where,
             GError           **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *key = NULL;
  const char *text = NULL, *language = NULL, *direction = NULL;
  LimnDatasetItem *item;
  JsonObject *obj;

  root = limn_json_reader_parse_object (line, length, &local_error);
  if (root == NULL)
    {
      limn_import_refile (error, g_steal_pointer (&local_error), LIMN_IMPORT_ERROR_FORMAT, where);
      return NULL;
    }

  obj = json_node_get_object (root);
  if (!limn_import_get_string (obj, "text", LIMN_JSON_READER_REQUIRED, &text, where, error) ||
      !limn_import_get_string (obj, "language", LIMN_JSON_READER_OPTIONAL, &language, where,
                               error) ||
      !limn_import_get_string (obj, "direction", LIMN_JSON_READER_OPTIONAL, &direction, where,
                               error) ||
      !record_id (obj, &id, where, error))
    return NULL;

  if (text[0] == '\0')
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                   _("%s: “text” is empty."), where);
      return NULL;
    }

  if (!limn_import_check_direction (direction, where, error))
    return NULL;

  name = id ? g_strdup (id) : g_strdup_printf ("line %u", lineno);
  item = limn_import_add_text (reader, name, text, NULL, where, error);
  if (item == NULL)
    return NULL;

  /* The line with the record's id (or its text) keys a derived task id, so
   * a re-import matches. */
  key = g_strdup_printf ("%u:%s", lineno, id ? id : text);
  limn_attrs_set (&item->attrs, "id", id);
  limn_attrs_set (&item->attrs, "key", key);
  limn_attrs_set (&item->attrs, "language", language);
  limn_attrs_set (&item->attrs, "direction", direction);

  return item;
}

static gboolean
text_lines_read (LimnFormatReader  *reader,
                 const char        *path,
                 GError           **error)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *basename = g_path_get_basename (absolute);
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean jsonl = is_jsonl (basename);
  gsize length;
  guint n = 0;

  if (!g_file_get_contents (absolute, &contents, &length, &local_error))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NOT_FOUND,
                   _("Could not read “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  /* Say which line is broken, before anything else looks at the text. */
  if (!limn_utf8_validate_text (contents, length, &local_error))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_ENCODING,
                   _("“%s” is not UTF-8 text: %s"), basename, local_error->message);
      return FALSE;
    }

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *where = NULL;
      g_autofree char *line_str = NULL;
      char *line = lines[i];
      gsize len = strlen (line);
      LimnDatasetItem *item;

      if (len > 0 && line[len - 1] == '\r')
        line[--len] = '\0';

      if (limn_import_is_blank (line))
        continue;
      if (!limn_format_reader_poll (reader, error))
        return FALSE;

      where = g_strdup_printf (_("Line %u"), i + 1);
      line_str = g_strdup_printf ("%u", i + 1);

      if (jsonl)
        item = read_record (reader, line, len, i + 1, where, error);
      else
        {
          g_autofree char *name = g_strdup_printf ("line %u", i + 1);

          item = limn_import_add_text (reader, name, line, NULL, where, error);
          if (item != NULL)
            limn_attrs_set (&item->attrs, "key", line_str);
        }

      if (item == NULL)
        return FALSE;
      limn_attrs_set (&item->attrs, "line", line_str);
      n++;
    }

  if (n == 0)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NO_TASKS,
                   _("“%s” has no documents (every line is empty)."), basename);
      return FALSE;
    }

  limn_import_set_source (reader, "text-file", "text", absolute);

  return TRUE;
}

/* Writing */

typedef struct
{
  gboolean jsonl;
  guint64  respaced;
  guint64  blank;
} Output;

static void
append_item (LimnFormatWriter *writer,
             GString          *out,
             LimnDatasetItem  *item,
             gpointer          user_data)
{
  Output *o = user_data;

  if (limn_import_is_blank (item->text))
    {
      o->blank++;
      return;
    }

  if (o->jsonl)
    {
      const char *id = limn_attrs_get (item->attrs, "id");

      g_string_append (out, "{\"text\": ");
      limn_json_writer_append_string (out, item->text);
      if (id != NULL)
        {
          g_string_append (out, ", \"id\": ");
          if (limn_format_is_integer (id))
            g_string_append (out, id);
          else
            limn_json_writer_append_string (out, id);
        }
      if (limn_attrs_get (item->attrs, "language") != NULL)
        {
          g_string_append (out, ", \"language\": ");
          limn_json_writer_append_string (out, limn_attrs_get (item->attrs, "language"));
        }
      if (limn_attrs_get (item->attrs, "direction") != NULL)
        {
          g_string_append (out, ", \"direction\": ");
          limn_json_writer_append_string (out, limn_attrs_get (item->attrs, "direction"));
        }
      g_string_append (out, "}\n");
      return;
    }

  /* One line a document: its line breaks become spaces. */
  {
    gsize start = out->len;

    g_string_append (out, item->text);
    if (strpbrk (out->str + start, "\r\n") != NULL)
      {
        g_strdelimit (out->str + start, "\r\n", ' ');
        o->respaced++;
      }
    g_string_append_c (out, '\n');
  }
}

static gboolean
text_lines_write (LimnFormatWriter  *writer,
                  const char        *path,
                  GError           **error)
{
  Output o = { is_jsonl (path), 0, 0 };

  if (!limn_format_write_text_items (writer, path, append_item, &o, error))
    return FALSE;

  if (o.respaced > 0)
    limn_format_problems_add (writer->problems, path, "text-respaced", LIMN_FORMAT_CONVERTED,
                              _("Texts with line breaks, written on one line with spaces for "
                                "them (a .jsonl file keeps them): %" PRIu64 "."),
                              o.respaced);
  if (o.blank > 0)
    limn_format_problems_add (writer->problems, path, "empty-text", LIMN_FORMAT_SKIPPED,
                              _("Empty texts, which are not documents to label: %" PRIu64
                                "."), o.blank);

  return TRUE;
}

const LimnFormat limn_format_text_lines = {
  "text-lines", N_("Text file (a document a line, or JSONL)"), LIMN_FORMAT_TEXTS,
  LIMN_FORMAT_NO_ANNOTATIONS, NULL,
  text_lines_detect, text_lines_read, text_lines_write,
};
