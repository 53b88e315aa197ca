/* limn-format-json.c
 *
 * JSON for the format files: whole files scanned once with LimnJsonScan
 * (no tree is built, so a 100,000-box COCO file costs one pass), strict
 * getters over the scan, line numbers for reports, and polygons. JSON text
 * is written with json/limn-json-writer.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-formats"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "limn-format-private.h"

#define MAX_DEPTH 128
/* Above this, a broken file's message says the line the scan stopped at,
 * not json-glib's line and column, so an error does not parse the file a
 * second time. */
#define MAX_REPARSE (64 * 1024 * 1024)
/* Line numbers: the count of newlines before every 64 KiB of the file,
 * made as far as asked (16,384 marks for 1 GB), then counted from the
 * nearer of the mark and the last answer. */
#define LINE_BLOCK (64 * 1024)
/* A walk gives back the mapped pages it has passed every so often: they
 * stay in the page cache, but would count in the process's resident
 * memory until the whole file had been touched. */
#define RELEASE_BLOCK (8 * 1024 * 1024)

struct _LimnFormatJson
{
  GMappedFile  *mapped;
  const char   *data;
  gsize         length;
  LimnJsonScan *scan;       /* the whole document's, or the current element's */
  char         *display;
  GArray       *marks;      /* guint64: newlines before each LINE_BLOCK */
  gsize         cursor;     /* the last offset a line was asked for */
  guint64       cursor_line;
  gsize         released;   /* the walk's pages before this are given back */
};

static const char *
skip_bom (const char *data,
          gsize      *length)
{
  if (*length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      *length -= 3;
      return data + 3;
    }

  return data;
}

static guint64
count_newlines (const char *p,
                const char *end)
{
  guint64 n = 0;

  while ((p = memchr (p, '\n', end - p)) != NULL)
    {
      n++;
      p++;
    }

  return n;
}

/* The line (from 1) of the byte at @offset. */
static guint64
line_at (LimnFormatJson *json,
         gsize           offset)
{
  gsize block, from;
  guint64 line;

  offset = MIN (offset, json->length);
  block = offset / LINE_BLOCK;
  if (json->marks == NULL)
    {
      guint64 zero = 0;

      json->marks = g_array_new (FALSE, FALSE, sizeof (guint64));
      g_array_append_val (json->marks, zero);
    }
  while (json->marks->len <= block)
    {
      gsize at = (gsize) (json->marks->len - 1) * LINE_BLOCK;
      guint64 n = g_array_index (json->marks, guint64, json->marks->len - 1) +
                  count_newlines (json->data + at, json->data + at + LINE_BLOCK);

      g_array_append_val (json->marks, n);
    }

  from = block * LINE_BLOCK;
  line = g_array_index (json->marks, guint64, block);
  if (json->cursor > from && json->cursor <= offset)
    {
      from = json->cursor;
      line = json->cursor_line;
    }
  line += count_newlines (json->data + from, json->data + offset);
  json->cursor = offset;
  json->cursor_line = line;

  return line + 1;
}

/* The scan's verdict in words a user can find in the file: json-glib's
 * line and column when it also refuses the text, else the line of the
 * byte the scan stopped at (@offset). Takes @scan_error. */
static void
set_malformed (GError         **error,
               LimnFormatJson  *json,
               gsize            offset,
               GError          *scan_error)
{
  const char *what = scan_error->message;

  if (g_error_matches (scan_error, LIMN_JSON_SCAN_ERROR, LIMN_JSON_SCAN_ERROR_TOO_LARGE))
    {
      g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_TOO_LARGE,
                   _("“%s” is too large to read as one JSON document (4 GiB or more)."),
                   json->display);
      g_error_free (scan_error);
      return;
    }

  if (json->length <= MAX_REPARSE)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autoptr(GError) local_error = NULL;

      if (!json_parser_load_from_data (parser, json->data, (gssize) json->length, &local_error))
        {
          const char *message = local_error->message;

          /* "<data>:3:14: Parse error: …" → "3:14: Parse error: …" */
          if (g_str_has_prefix (message, "<data>:"))
            message += strlen ("<data>:");
          g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_MALFORMED,
                       _("“%s” is not valid JSON: line %s"), json->display, message);
          g_error_free (scan_error);
          return;
        }
    }

  /* "byte 1234: what" → "line 56: what" */
  if (g_str_has_prefix (what, "byte ") && strstr (what, ": ") != NULL)
    what = strstr (what, ": ") + 2;
  g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_MALFORMED,
               _("“%s” is not valid JSON: line %" PRIu64 ": %s"),
               json->display, line_at (json, offset), what);
  g_error_free (scan_error);
}

LimnFormatJson *
limn_format_json_open (const char  *path,
                       const char  *display,
                       GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  LimnFormatJson *json;

  json = g_new0 (LimnFormatJson, 1);
  json->display = g_strdup (display);
  json->mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (json->mapped == NULL)
    {
      g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_NOT_FOUND,
                   _("Could not read “%s”: %s"), display, local_error->message);
      limn_format_json_free (json);
      return NULL;
    }

  json->length = g_mapped_file_get_length (json->mapped);
  json->data = json->length ? g_mapped_file_get_contents (json->mapped) : "";
  json->data = skip_bom (json->data, &json->length);

  return json;
}

LimnFormatJson *
limn_format_json_load (const char  *path,
                       const char  *display,
                       GError     **error)
{
  LimnFormatJson *json = limn_format_json_open (path, display, error);
  GError *local_error = NULL;
  gsize at = 0;

  if (json == NULL)
    return NULL;

  json->scan = limn_json_scan_new_full (json->data, json->length, MAX_DEPTH, &at, &local_error);
  if (json->scan == NULL)
    {
      set_malformed (error, json, at, local_error);
      limn_format_json_free (json);
      return NULL;
    }

  return json;
}

void
limn_format_json_free (LimnFormatJson *json)
{
  if (json == NULL)
    return;

  g_clear_pointer (&json->scan, limn_json_scan_free);
  g_clear_pointer (&json->mapped, g_mapped_file_unref);
  g_clear_pointer (&json->marks, g_array_unref);
  g_free (json->display);
  g_free (json);
}

LimnJsonScan *
limn_format_json_scan (LimnFormatJson *json)
{
  return json->scan;
}

gsize
limn_format_json_get_length (LimnFormatJson *json)
{
  return json->length;
}

gboolean
limn_format_json_is_container (LimnFormatJson *json,
                               gsize           start,
                               gsize           end,
                               char            bracket)
{
  const char *p = json->data + start, *stop = json->data + MIN (end, json->length);

  while (p < stop && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
    p++;
  return p < stop && *p == bracket;
}

/* Gives back the pages from ->released to the one @offset is on. The
 * mapping is private and read-only: nothing is lost, a page read again
 * comes back from the page cache. */
static void
release_pages (LimnFormatJson *json,
               gsize           offset)
{
#ifdef MADV_DONTNEED
  const char *base = g_mapped_file_get_contents (json->mapped);
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  gsize from = (json->data - base) + json->released;
  gsize to = (json->data - base) + offset;

  from = (from + page - 1) / page * page;
  to = to / page * page;
  if (base != NULL && to > from)
    madvise ((void *) (base + from), to - from, MADV_DONTNEED);
#endif
  json->released = offset;
}

LimnJsonElements *
limn_format_json_walk (LimnFormatJson  *json,
                       gsize            start,
                       gsize            end,
                       guint            level,
                       GError         **error)
{
  GError *local_error = NULL;
  LimnJsonElements *walk;

  end = MIN (end, json->length);
  json->released = start;
  walk = limn_json_elements_new (json->data, start, end, MAX_DEPTH - MIN (level, MAX_DEPTH),
                                 &local_error);
  if (walk == NULL)
    set_malformed (error, json, start, local_error);

  return walk;
}

gboolean
limn_format_json_step (LimnFormatJson    *json,
                       LimnJsonElements  *walk,
                       LimnJsonElement   *element,
                       gboolean           scan,
                       GError           **error)
{
  GError *local_error = NULL;

  /* The old scan goes first: its buffers serve the next one. */
  g_clear_pointer (&json->scan, limn_json_scan_free);

  if (!limn_json_elements_next (walk, element, &local_error))
    {
      if (local_error != NULL)
        set_malformed (error, json, limn_json_elements_get_error_offset (walk), local_error);
      return FALSE;
    }

  if (element->start >= json->released + RELEASE_BLOCK)
    release_pages (json, element->start);

  if (scan)
    {
      json->scan = limn_json_elements_scan (walk, &local_error);
      if (json->scan == NULL)
        {
          set_malformed (error, json, limn_json_elements_get_error_offset (walk), local_error);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
limn_format_json_check (LimnFormatJson  *json,
                        gsize            start,
                        gsize            end,
                        guint            level,
                        GError         **error)
{
  GError *local_error = NULL;
  gsize at = 0;

  if (limn_json_elements_check (json->data, start, MIN (end, json->length),
                                MAX_DEPTH - MIN (level, MAX_DEPTH), &at, &local_error))
    return TRUE;

  set_malformed (error, json, at, local_error);
  return FALSE;
}

char *
limn_format_json_where (LimnFormatJson *json,
                        guint           value)
{
  const char *raw = json->scan ? limn_json_scan_get_raw (json->scan, value, NULL) : NULL;

  if (raw == NULL)
    return g_strdup (json->display);

  return limn_format_where (json->display, line_at (json, raw - json->data));
}

LimnJsonScan *
limn_format_json_scan_text (const char  *text,
                            gsize        length,
                            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  LimnJsonScan *scan;

  text = skip_bom (text, &length);
  scan = limn_json_scan_new (text, length, MAX_DEPTH, &local_error);
  if (scan == NULL)
    g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_MALFORMED,
                 _("not valid JSON: %s"), local_error->message);

  return scan;
}

gboolean
limn_format_json_is_type (LimnJsonScan     *scan,
                          guint             value,
                          LimnJsonScanType  type)
{
  return value != LIMN_JSON_SCAN_NONE && limn_json_scan_get_type (scan, value) == type;
}

const char *
limn_format_json_member_string (LimnJsonScan *scan,
                                guint         object,
                                const char   *name)
{
  return limn_json_scan_get_string (scan, limn_json_scan_member (scan, object, name), NULL);
}

gboolean
limn_format_json_value_number (LimnJsonScan *scan,
                               guint         value,
                               double       *out)
{
  double v;

  if (!limn_format_json_is_type (scan, value, LIMN_JSON_SCAN_INTEGER) &&
      !limn_format_json_is_type (scan, value, LIMN_JSON_SCAN_DOUBLE))
    return FALSE;

  v = limn_json_scan_get_double (scan, value);
  if (!isfinite (v))
    return FALSE;

  *out = v;
  return TRUE;
}

gboolean
limn_format_json_member_number (LimnJsonScan *scan,
                                guint         object,
                                const char   *name,
                                double       *out)
{
  return limn_format_json_value_number (scan, limn_json_scan_member (scan, object, name), out);
}

gboolean
limn_format_json_value_number_loose (LimnJsonScan *scan,
                                     guint         value,
                                     double       *out,
                                     gboolean     *was_string)
{
  const char *str = limn_json_scan_get_string (scan, value, NULL);
  char *end = NULL;
  double v;

  *was_string = FALSE;
  if (str == NULL)
    return limn_format_json_value_number (scan, value, out);

  while (g_ascii_isspace (*str))
    str++;
  if (*str == '\0')
    return FALSE;

  v = g_ascii_strtod (str, &end);
  while (end != NULL && g_ascii_isspace (*end))
    end++;
  if (end == NULL || *end != '\0' || !isfinite (v))
    return FALSE;

  *out = v;
  *was_string = TRUE;
  return TRUE;
}

char *
limn_format_json_value_id (LimnJsonScan *scan,
                           guint         value)
{
  gsize length;
  const char *raw;
  double v;

  if (limn_format_json_is_type (scan, value, LIMN_JSON_SCAN_STRING))
    return g_strdup (limn_json_scan_get_string (scan, value, NULL));

  if (limn_format_json_is_type (scan, value, LIMN_JSON_SCAN_INTEGER))
    {
      raw = limn_json_scan_get_raw (scan, value, &length);
      return g_strndup (raw, length);
    }

  if (limn_format_json_value_number (scan, value, &v) && v == floor (v) && fabs (v) < 1e15)
    return g_strdup_printf ("%.0f", v);

  return NULL;
}

gboolean
limn_format_json_polygon_bbox (LimnJsonScan *scan,
                               guint         value,
                               LimnBox      *box)
{
  double x1 = G_MAXDOUBLE, y1 = G_MAXDOUBLE, x2 = -G_MAXDOUBLE, y2 = -G_MAXDOUBLE;
  guint n = 0;

  if (!limn_format_json_is_type (scan, value, LIMN_JSON_SCAN_ARRAY))
    return FALSE;

  for (guint poly = limn_json_scan_first (scan, value); poly != LIMN_JSON_SCAN_NONE;
       poly = limn_json_scan_next (scan, poly))
    {
      guint k = 0;

      if (!limn_format_json_is_type (scan, poly, LIMN_JSON_SCAN_ARRAY) ||
          limn_json_scan_get_length (scan, poly) % 2 != 0)
        return FALSE;

      for (guint v = limn_json_scan_first (scan, poly); v != LIMN_JSON_SCAN_NONE;
           v = limn_json_scan_next (scan, v), k++)
        {
          double c;

          if (!limn_format_json_value_number (scan, v, &c))
            return FALSE;
          if (k % 2 == 0)
            {
              x1 = MIN (x1, c);
              x2 = MAX (x2, c);
            }
          else
            {
              y1 = MIN (y1, c);
              y2 = MAX (y2, c);
              n++;
            }
        }
    }

  if (n == 0)
    return FALSE;

  box->x = x1;
  box->y = y1;
  box->w = x2 - x1;
  box->h = y2 - y1;
  return TRUE;
}

gboolean
limn_format_polygon_bbox (const char *json,
                          LimnBox    *box)
{
  g_autoptr(LimnJsonScan) scan = NULL;

  if (json == NULL)
    return FALSE;

  scan = limn_json_scan_new (json, strlen (json), MAX_DEPTH, NULL);
  return scan != NULL && limn_format_json_polygon_bbox (scan, LIMN_JSON_SCAN_ROOT, box);
}

void
limn_polygon_builder_init (LimnPolygonBuilder *builder)
{
  builder->json = g_string_new ("[[");
  builder->n_points = 0;
  builder->x1 = builder->y1 = G_MAXDOUBLE;
  builder->x2 = builder->y2 = -G_MAXDOUBLE;
}

void
limn_polygon_builder_add (LimnPolygonBuilder *builder,
                          double              x,
                          double              y)
{
  if (builder->n_points++ > 0)
    g_string_append_c (builder->json, ',');
  limn_json_writer_append_double (builder->json, x);
  g_string_append_c (builder->json, ',');
  limn_json_writer_append_double (builder->json, y);
  builder->x1 = MIN (builder->x1, x);
  builder->y1 = MIN (builder->y1, y);
  builder->x2 = MAX (builder->x2, x);
  builder->y2 = MAX (builder->y2, y);
}

char *
limn_polygon_builder_end (LimnPolygonBuilder *builder,
                          guint               min_points,
                          LimnBox            *box)
{
  if (builder->n_points < MAX (min_points, 1))
    {
      limn_polygon_builder_clear (builder);
      return NULL;
    }

  box->x = builder->x1;
  box->y = builder->y1;
  box->w = builder->x2 - builder->x1;
  box->h = builder->y2 - builder->y1;
  g_string_append (builder->json, "]]");

  return g_string_free (g_steal_pointer (&builder->json), FALSE);
}

void
limn_polygon_builder_clear (LimnPolygonBuilder *builder)
{
  if (builder->json != NULL)
    g_string_free (g_steal_pointer (&builder->json), TRUE);
}

const char *
limn_format_current_polygon (const LimnDatasetRegion *region)
{
  const char *polygon = limn_attrs_get (region->attrs, "polygon");
  LimnBox b;

  if (polygon == NULL || !limn_format_polygon_bbox (polygon, &b) ||
      fabs (b.x - region->box.x) > 0.5 || fabs (b.y - region->box.y) > 0.5 ||
      fabs (b.w - region->box.w) > 0.5 || fabs (b.h - region->box.h) > 0.5)
    return NULL;

  return polygon;
}

char *
limn_format_polygon_points (const LimnDatasetRegion *region,
                            double                   sx,
                            double                   sy)
{
  const char *polygon = limn_format_current_polygon (region);
  g_autoptr(LimnJsonScan) scan = NULL;
  GString *out;
  guint first;

  if (polygon == NULL)
    return NULL;

  scan = limn_json_scan_new (polygon, strlen (polygon), MAX_DEPTH, NULL);
  first = limn_json_scan_first (scan, LIMN_JSON_SCAN_ROOT);
  if (limn_json_scan_next (scan, first) != LIMN_JSON_SCAN_NONE)
    return NULL;   /* several polygons: one shape holds one */

  out = g_string_new ("[");
  for (guint v = limn_json_scan_first (scan, first); v != LIMN_JSON_SCAN_NONE;
       v = limn_json_scan_next (scan, limn_json_scan_next (scan, v)))
    {
      g_string_append (out, out->len > 1 ? ", [" : "[");
      limn_json_writer_append_double (out, limn_json_scan_get_double (scan, v) * sx);
      g_string_append (out, ", ");
      limn_json_writer_append_double (out,
                                      limn_json_scan_get_double (scan, limn_json_scan_next (scan, v)) * sy);
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, ']');

  return g_string_free (out, FALSE);
}
