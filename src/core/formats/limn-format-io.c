/* limn-format-io.c
 *
 * Files for the format files: lines read in blocks (bounded memory on a
 * 1 GB JSONL file), and output written whole or not at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-formats"

#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "limn-format-private.h"

#define BLOCK (1024 * 1024)
#define MAX_LINE (256 * 1024 * 1024)

struct _LimnLineReader
{
  int      fd;
  char    *display;
  char    *buf;
  gsize    cap;
  gsize    start;   /* the next line begins here */
  gsize    end;     /* bytes read into buf */
  guint64  line;
  guint64  offset;  /* bytes handed out, with their LFs */
  guint64  size;
  gboolean eof;
};

LimnLineReader *
limn_line_reader_open (const char  *path,
                       GError     **error)
{
  LimnLineReader *reader;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    {
      int saved = errno;
      g_autofree char *display = g_filename_display_basename (path);

      g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_NOT_FOUND,
                   _("Could not read “%s”: %s"), display, g_strerror (saved));
      return NULL;
    }

  reader = g_new0 (LimnLineReader, 1);
  reader->fd = fd;
  {
    struct stat st;

    if (fstat (fd, &st) == 0)
      reader->size = st.st_size;
  }
  reader->display = g_filename_display_basename (path);
  reader->cap = BLOCK;
  reader->buf = g_malloc (reader->cap);

  return reader;
}

void
limn_line_reader_free (LimnLineReader *reader)
{
  if (reader == NULL)
    return;

  if (reader->fd >= 0)
    close (reader->fd);
  g_free (reader->buf);
  g_free (reader->display);
  g_free (reader);
}

/* Reads more after what is kept; FALSE on an error. */
static gboolean
fill (LimnLineReader  *reader,
      GError         **error)
{
  gssize n;

  if (reader->start > 0)
    {
      memmove (reader->buf, reader->buf + reader->start, reader->end - reader->start);
      reader->end -= reader->start;
      reader->start = 0;
    }

  /* One byte stays free for the NUL after a last line without LF. */
  if (reader->end + 1 >= reader->cap)
    {
      if (reader->cap >= MAX_LINE)
        {
          g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_TOO_LARGE,
                       _("%s:%" PRIu64 ": the line is longer than %d MiB."),
                       reader->display, reader->line + 1, MAX_LINE >> 20);
          return FALSE;
        }
      reader->cap *= 2;
      reader->buf = g_realloc (reader->buf, reader->cap);
    }

  do
    n = read (reader->fd, reader->buf + reader->end, reader->cap - reader->end - 1);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    {
      int saved = errno;

      g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_NOT_FOUND,
                   _("Could not read “%s”: %s"), reader->display, g_strerror (saved));
      return FALSE;
    }

  if (n == 0)
    reader->eof = TRUE;
  reader->end += n;

  return TRUE;
}

const char *
limn_line_reader_next (LimnLineReader  *reader,
                       gsize           *length,
                       guint64         *line,
                       GError         **error)
{
  gsize scanned = 0;

  for (;;)
    {
      char *from = reader->buf + reader->start + scanned;
      char *nl = memchr (from, '\n', reader->end - reader->start - scanned);
      char *text = reader->buf + reader->start;

      if (nl != NULL || (reader->eof && reader->start < reader->end))
        {
          gsize len = nl ? (gsize) (nl - text) : reader->end - reader->start;

          text[len] = '\0';
          reader->start += nl ? len + 1 : len;
          reader->offset += nl ? len + 1 : len;
          *length = len;
          *line = ++reader->line;
          return text;
        }

      if (reader->eof)
        return NULL;

      scanned = reader->end - reader->start;
      if (!fill (reader, error))
        return NULL;
    }
}

guint64
limn_line_reader_get_offset (LimnLineReader *reader)
{
  return reader->offset;
}

guint64
limn_line_reader_get_size (LimnLineReader *reader)
{
  return reader->size;
}

/* Output */

struct _LimnFormatOutput
{
  char     *path;
  char     *tmp;
  int       fd;
  GString  *buf;
  gboolean  committed;
};

static gboolean
set_write_error (GError     **error,
                 const char  *path,
                 int          saved)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_WRITE,
               _("Could not write “%s”: %s"), display, g_strerror (saved));
  return FALSE;
}

LimnFormatOutput *
limn_format_output_new (const char  *path,
                        GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX", base);
  LimnFormatOutput *output;

  output = g_new0 (LimnFormatOutput, 1);
  output->path = g_strdup (path);
  output->tmp = g_build_filename (dir, name, NULL);
  output->fd = g_mkstemp_full (output->tmp, O_WRONLY | O_CLOEXEC, 0644);
  output->buf = g_string_sized_new (BLOCK + BLOCK / 4);
  if (output->fd < 0)
    {
      set_write_error (error, path, errno);
      g_clear_pointer (&output->tmp, g_free);
      limn_format_output_free (output);
      return NULL;
    }

  return output;
}

GString *
limn_format_output_buffer (LimnFormatOutput *output)
{
  return output->buf;
}

static gboolean
write_out (LimnFormatOutput  *output,
           GError           **error)
{
  gsize done = 0;

  while (done < output->buf->len)
    {
      gssize n = write (output->fd, output->buf->str + done, output->buf->len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return set_write_error (error, output->path, errno);
      done += n;
    }

  g_string_truncate (output->buf, 0);
  return TRUE;
}

gboolean
limn_format_output_flush (LimnFormatOutput  *output,
                          GError           **error)
{
  return output->buf->len < BLOCK || write_out (output, error);
}

gboolean
limn_format_output_commit (LimnFormatOutput  *output,
                           GError           **error)
{
  int fd = output->fd;

  if (!write_out (output, error))
    return FALSE;

  output->fd = -1;
  if (fsync (fd) != 0 || close (fd) != 0)
    return set_write_error (error, output->path, errno);

  if (g_rename (output->tmp, output->path) != 0)
    return set_write_error (error, output->path, errno);

  output->committed = TRUE;
  return TRUE;
}

void
limn_format_output_free (LimnFormatOutput *output)
{
  if (output == NULL)
    return;

  if (output->fd >= 0)
    close (output->fd);
  if (!output->committed && output->tmp != NULL)
    g_unlink (output->tmp);
  g_string_free (output->buf, TRUE);
  g_free (output->tmp);
  g_free (output->path);
  g_free (output);
}

char *
limn_format_unique_name (GHashTable *used,
                         const char *stem,
                         const char *ext)
{
  char *name = g_strconcat (stem, ext, NULL);

  for (guint n = 2; g_hash_table_contains (used, name); n++)
    {
      g_free (name);
      name = g_strdup_printf ("%s-%u%s", stem, n, ext);
    }
  g_hash_table_add (used, g_strdup (name));

  return name;
}

gboolean
limn_format_write_text_items (LimnFormatWriter    *writer,
                              const char          *path,
                              LimnFormatItemFunc   func,
                              gpointer             user_data,
                              GError             **error)
{
  g_autoptr(LimnFormatOutput) output = limn_format_output_new (path, error);

  if (output == NULL)
    return FALSE;

  for (guint i = 0; i < limn_dataset_get_n_items (writer->dataset); i++)
    {
      LimnDatasetItem *item = limn_dataset_get_item (writer->dataset, i);

      if (item->kind != LIMN_TASK_TEXT)
        continue;
      func (writer, limn_format_output_buffer (output), item, user_data);
      if (!limn_format_output_flush (output, error))
        return FALSE;
    }

  return limn_format_output_commit (output, error);
}

gboolean
limn_format_write_file (const char  *path,
                        const char  *contents,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;

  if (g_file_set_contents_full (path, contents, (gssize) length,
                                G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local_error))
    return TRUE;

  display = g_filename_display_name (path);
  g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_WRITE,
               _("Could not write “%s”: %s"), display, local_error->message);
  return FALSE;
}

gboolean
limn_format_make_dir (const char  *path,
                      GError     **error)
{
  if (g_mkdir_with_parents (path, 0755) == 0)
    return TRUE;

  return set_write_error (error, path, errno);
}

gboolean
limn_format_link_image (LimnDatasetItem  *item,
                        const char       *target,
                        GError          **error)
{
  g_autoptr(GFile) src = NULL;
  g_autoptr(GFile) dst = NULL;
  g_autoptr(GError) local_error = NULL;

  g_unlink (target);
  if (symlink (item->path, target) == 0)
    return TRUE;

  /* A file system without links: copy. */
  src = g_file_new_for_path (item->path);
  dst = g_file_new_for_path (target);
  if (g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &local_error))
    return TRUE;

  g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_WRITE,
               _("Could not put the image “%s” in the output: %s"), item->name,
               local_error->message);
  return FALSE;
}

void
limn_format_append_box (GString       *out,
                        const LimnBox *box)
{
  g_string_append_c (out, '[');
  limn_json_writer_append_double (out, box->x);
  g_string_append (out, ", ");
  limn_json_writer_append_double (out, box->y);
  g_string_append (out, ", ");
  limn_json_writer_append_double (out, box->w);
  g_string_append (out, ", ");
  limn_json_writer_append_double (out, box->h);
  g_string_append_c (out, ']');
}

const char *
limn_format_writer_label (LimnFormatWriter *writer,
                          guint             label)
{
  return limn_dataset_get_label (writer->dataset, label)->name;
}

/* @path relative to @dir ("../images/a.jpg"), both made absolute first. */
static char *
relative_path (const char *dir,
               const char *path)
{
  g_autofree char *a = g_canonicalize_filename (dir, NULL);
  g_autofree char *b = g_canonicalize_filename (path, NULL);
  g_auto(GStrv) from = g_strsplit (a, G_DIR_SEPARATOR_S, -1);
  g_auto(GStrv) to = g_strsplit (b, G_DIR_SEPARATOR_S, -1);
  GString *out = g_string_new (NULL);
  guint common = 0;

  while (from[common] != NULL && to[common] != NULL && g_str_equal (from[common], to[common]))
    common++;

  for (guint i = common; from[i] != NULL; i++)
    if (from[i][0] != '\0')
      g_string_append (out, ".." G_DIR_SEPARATOR_S);
  for (guint i = common; to[i] != NULL; i++)
    {
      g_string_append (out, to[i]);
      if (to[i + 1] != NULL)
        g_string_append_c (out, G_DIR_SEPARATOR);
    }

  return g_string_free (out, FALSE);
}

char *
limn_format_writer_image_ref (LimnDatasetItem *item,
                              const char      *out_dir)
{
  if (item->path == NULL)
    return g_strdup (item->name);

  return relative_path (out_dir, item->path);
}

gboolean
limn_format_read_jsonl (LimnFormatReader     *reader,
                        const char           *path,
                        LimnJsonlRecordFunc   func,
                        gpointer              user_data,
                        GError              **error)
{
  g_autoptr(LimnLineReader) lines = limn_line_reader_open (path, error);
  g_autofree char *display = g_filename_display_basename (path);
  g_autoptr(GError) read_error = NULL;
  const char *line;
  gsize length;
  guint64 lineno;

  if (lines == NULL)
    return FALSE;

  while ((line = limn_line_reader_next (lines, &length, &lineno, &read_error)) != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(LimnJsonScan) scan = NULL;
      g_autofree char *where = NULL;
      const char *p = line;

      if (!limn_format_reader_poll (reader, error))
        return FALSE;
      if (reader->options.progress != NULL && (reader->n_polls & 255) == 0)
        reader->options.progress (limn_line_reader_get_offset (lines),
                                  limn_line_reader_get_size (lines),
                                  reader->options.progress_data);

      while (g_ascii_isspace (*p))
        p++;
      if (*p == '\0')
        continue;

      where = limn_format_where (display, lineno);
      scan = limn_format_json_scan_text (line, length, &local_error);
      if (scan == NULL)
        {
          limn_format_problems_add (reader->problems, where, "malformed", LIMN_FORMAT_SKIPPED,
                                    _("The line is %s: left out."), local_error->message);
          continue;
        }

      func (reader, scan, where, lineno, user_data);
      if (!limn_dataset_flush (reader->dataset, error))
        return FALSE;
    }

  if (read_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&read_error));
      return FALSE;
    }

  return TRUE;
}

gboolean
limn_format_is_integer (const char *str)
{
  char *end = NULL;

  if (str == NULL || *str == '\0')
    return FALSE;

  g_ascii_strtoll (str, &end, 10);
  return *end == '\0' && !g_ascii_isspace (*str);
}
