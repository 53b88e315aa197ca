/* limn-format-read.c
 *
 * The checks every reader makes the same way: labels, boxes against the
 * image, span offsets against the text, and files found inside the input.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-formats"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>

#include "limn-format-private.h"
#include "model/limn-geometry.h"
#include "model/limn-image-probe.h"

char *
limn_format_where (const char *file,
                   guint64     line)
{
  if (line == 0)
    return g_strdup (file);

  return g_strdup_printf ("%s:%" PRIu64, file, line);
}

gboolean
limn_format_reader_poll (LimnFormatReader  *reader,
                         GError           **error)
{
  if ((++reader->n_polls & 255) != 0)
    return TRUE;

  return !g_cancellable_set_error_if_cancelled (reader->cancellable, error);
}

LimnDatasetAnnotation *
limn_format_reader_annotation (LimnFormatReader *reader,
                               LimnDatasetItem  *item,
                               const char       *annotator)
{
  if (reader->options.suggestions)
    return limn_dataset_item_suggestion (item, reader->options.model, reader->options.model_version);

  return limn_dataset_item_annotation (item, annotator);
}

LimnDatasetAnnotation *
limn_format_reader_suggestion (LimnFormatReader *reader,
                               LimnDatasetItem  *item,
                               const char       *model,
                               const char       *model_version)
{
  return limn_dataset_item_suggestion (item,
                                       model ? model : reader->options.model,
                                       model_version ? model_version : reader->options.model_version);
}

int
limn_format_reader_label (LimnFormatReader *reader,
                          const char       *name,
                          const char       *where)
{
  int index;

  if (name == NULL || name[0] == '\0')
    {
      limn_format_problems_add (reader->problems, where, "missing-label", LIMN_FORMAT_SKIPPED,
                                _("A region without a label: left out."));
      return -1;
    }

  index = limn_dataset_find_label (reader->dataset, name);
  if (index >= 0)
    return index;

  if (reader->options.unknown_labels == LIMN_FORMAT_LABELS_SKIP)
    {
      limn_format_problems_add (reader->problems, where, "unknown-label", LIMN_FORMAT_SKIPPED,
                                _("The label “%s” is not in the label set: region left out."),
                                name);
      return -1;
    }

  return (int) limn_dataset_add_label (reader->dataset, name, NULL, NULL);
}

static gboolean
box_equal (const LimnBox *a,
           const LimnBox *b)
{
  return fabs (a->x - b->x) < 1e-9 && fabs (a->y - b->y) < 1e-9 &&
         fabs (a->w - b->w) < 1e-9 && fabs (a->h - b->h) < 1e-9;
}

LimnDatasetRegion *
limn_format_reader_add_box (LimnFormatReader      *reader,
                            LimnDatasetItem       *item,
                            LimnDatasetAnnotation *annotation,
                            int                    label,
                            const LimnBox         *box,
                            const char            *where)
{
  LimnBox b = *box;

  if (label < 0)
    return NULL;

  if (!isfinite (b.x) || !isfinite (b.y) || !isfinite (b.w) || !isfinite (b.h) ||
      b.w < 0 || b.h < 0)
    {
      limn_format_problems_add (reader->problems, where, "bad-box", LIMN_FORMAT_SKIPPED,
                                _("The box [%g, %g, %g, %g] is not a box (a size is negative "
                                  "or a number is not finite): left out."),
                                b.x, b.y, b.w, b.h);
      return NULL;
    }

  if (b.w == 0 || b.h == 0)
    {
      limn_format_problems_add (reader->problems, where, "zero-area", LIMN_FORMAT_SKIPPED,
                                _("The box at (%g, %g) has no area (%g × %g): left out."),
                                b.x, b.y, b.w, b.h);
      return NULL;
    }

  if (item->width > 0 && item->height > 0)
    {
      LimnBox clamped = limn_box_clamp (&b, item->width, item->height);

      if (clamped.w <= 0 || clamped.h <= 0)
        {
          limn_format_problems_add (reader->problems, where, "outside-image", LIMN_FORMAT_SKIPPED,
                                    _("The box [%g, %g, %g, %g] lies outside the %d×%d image: "
                                      "left out."),
                                    b.x, b.y, b.w, b.h, item->width, item->height);
          return NULL;
        }

      /* Float noise from normalised or percent coordinates at an edge
       * (x = 0.05·W − 0.1·W/2) is not an overshoot worth a report. */
      if (!box_equal (&clamped, &b) &&
          fabs (clamped.x - b.x) + fabs (clamped.y - b.y) +
          fabs (clamped.w - b.w) + fabs (clamped.h - b.h) < 1e-6)
        b = clamped;
      else if (!box_equal (&clamped, &b))
        {
          limn_format_problems_add (reader->problems, where, "clamped", LIMN_FORMAT_CONVERTED,
                                    _("The box [%g, %g, %g, %g] reaches outside the %d×%d image: "
                                      "cut to [%g, %g, %g, %g]."),
                                    b.x, b.y, b.w, b.h, item->width, item->height,
                                    clamped.x, clamped.y, clamped.w, clamped.h);
          b = clamped;
        }
    }

  return limn_dataset_annotation_add_box (annotation, (guint) label, &b);
}

LimnDatasetRegion *
limn_format_reader_add_scored_box (LimnFormatReader *reader,
                                   LimnDatasetItem  *item,
                                   int               label,
                                   const LimnBox    *box,
                                   double            score,
                                   const char       *where)
{
  gboolean model = score != LIMN_SCORE_UNSET && !reader->options.suggestions;
  LimnDatasetAnnotation *annotation = model ? limn_format_reader_suggestion (reader, item, NULL, NULL)
                                            : limn_format_reader_annotation (reader, item, NULL);
  LimnDatasetRegion *region = limn_format_reader_add_box (reader, item, annotation, label, box, where);

  if (region != NULL && score != LIMN_SCORE_UNSET)
    {
      region->score = CLAMP (score, 0, 1);
      reader->n_scored += model;
    }

  return region;
}

gboolean
limn_format_reader_skip_malformed (LimnFormatReader  *reader,
                                   const char        *where,
                                   GError            *local_error,
                                   GError           **error)
{
  if (!g_error_matches (local_error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_MALFORMED))
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }

  limn_format_problems_add (reader->problems, where, "malformed", LIMN_FORMAT_SKIPPED,
                            "%s", local_error->message);
  g_error_free (local_error);
  return TRUE;
}

gboolean
limn_format_read_files (LimnFormatReader    *reader,
                        const char          *folder,
                        GPtrArray           *names,
                        LimnFormatFileFunc   func,
                        GError             **error)
{
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (folder, name, NULL);
      GError *local_error = NULL;

      if (!limn_format_reader_poll (reader, error))
        return FALSE;

      if (!func (reader, path, name, &local_error) &&
          !limn_format_reader_skip_malformed (reader, name, local_error, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
limn_format_reader_probe_size (LimnFormatReader *reader,
                               LimnDatasetItem  *item,
                               const char       *where)
{
  g_auto(LimnImageInfo) info = { 0 };
  g_autoptr(GError) error = NULL;

  if (item->width > 0 && item->height > 0)
    return TRUE;

  if (item->path == NULL)
    {
      limn_format_problems_add (reader->problems, where, "image-size-unknown", LIMN_FORMAT_KEPT,
                                _("The size of “%s” is not recorded and the image was not found: "
                                  "its boxes are not checked against it."),
                                item->name);
      return FALSE;
    }

  if (!limn_image_probe (item->path, &info, &error))
    {
      limn_format_problems_add (reader->problems, where, "image-size-unknown", LIMN_FORMAT_KEPT,
                                _("The size of “%s” is not recorded and the image cannot be read "
                                  "(%s): its boxes are not checked against it."),
                                item->name, error->message);
      return FALSE;
    }

  item->width = info.width;
  item->height = info.height;
  return TRUE;
}

static char *
existing (char *path)
{
  char *absolute;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_free (path);
      return NULL;
    }

  absolute = g_canonicalize_filename (path, NULL);
  g_free (path);
  return absolute;
}

char *
limn_format_find_file (const char         *dir,
                       const char         *name,
                       const char * const *subdirs)
{
  g_auto(GStrv) parts = NULL;
  char *found;

  if (name == NULL || name[0] == '\0')
    return NULL;

  parts = g_strsplit_set (name, "/\\", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_equal (parts[i], ".."))
      return NULL;

  if (g_path_is_absolute (name))
    return existing (g_strdup (name));

  found = existing (g_build_filename (dir, name, NULL));
  for (guint i = 0; found == NULL && subdirs != NULL && subdirs[i] != NULL; i++)
    found = existing (g_build_filename (dir, subdirs[i], name, NULL));

  return found;
}

char *
limn_format_reader_find_image (LimnFormatReader   *reader,
                               const char         *dir,
                               const char         *name,
                               const char * const *subdirs)
{
  g_autofree char *base = NULL;
  char *found = limn_format_find_file (dir, name, subdirs);

  if (found != NULL || reader->options.images == NULL || name == NULL)
    return found;

  found = limn_format_find_file (reader->options.images, name, NULL);
  if (found != NULL)
    return found;

  base = g_path_get_basename (name);
  return limn_format_find_file (reader->options.images, base, NULL);
}

gboolean
limn_format_read_text_file (const char  *path,
                            gsize        max_size,
                            char       **contents,
                            gsize       *length,
                            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GMappedFile) mapped = NULL;
  g_autofree char *display = g_filename_display_basename (path);
  gsize len;

  *contents = NULL;
  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_NOT_FOUND,
                   _("Could not read “%s”: %s"), display, local_error->message);
      return FALSE;
    }

  len = g_mapped_file_get_length (mapped);
  if (max_size > 0 && len > max_size)
    {
      g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_TOO_LARGE,
                   _("“%s” is larger than %zu MiB."), display, max_size >> 20);
      return FALSE;
    }

  if (!limn_utf8_validate_text (len ? g_mapped_file_get_contents (mapped) : "", len, &local_error))
    {
      g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_MALFORMED,
                   "%s: %s", display, local_error->message);
      return FALSE;
    }

  *contents = g_strndup (len ? g_mapped_file_get_contents (mapped) : "", len);
  if (length != NULL)
    *length = len;

  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

GPtrArray *
limn_format_list_dir (const char  *dir,
                      const char  *suffix,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) d = g_dir_open (dir, 0, &local_error);
  GPtrArray *names;
  const char *name;

  if (d == NULL)
    {
      g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_NOT_FOUND,
                   _("Could not open the folder “%s”: %s"), dir, local_error->message);
      return NULL;
    }

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (name, -1);

      if (name[0] != '.' && g_str_has_suffix (lower, suffix))
        g_ptr_array_add (names, g_strdup (name));
    }

  g_ptr_array_sort (names, compare_strings);
  return names;
}

LimnDatasetItem *
limn_format_reader_add_text (LimnFormatReader  *reader,
                             const char        *name,
                             const char        *text,
                             LimnTextIndex    **index,
                             const char        *where)
{
  g_autoptr(GError) error = NULL;

  *index = limn_text_index_new (text, -1, &error);
  if (*index == NULL)
    {
      limn_format_problems_add (reader->problems, where, "bad-text", LIMN_FORMAT_SKIPPED,
                                _("The text cannot be read (%s): record left out."),
                                error->message);
      return NULL;
    }

  return limn_dataset_add_text (reader->dataset, name, text);
}

/* Spans */

typedef struct
{
  gint64 start;
  gint64 end;
  gboolean valid;
} Mapped;

static gboolean
map_offset (const LimnTextIndex *index,
            LimnOffsetUnit       unit,
            GArray              *crs,
            gint64               offset,
            gboolean             is_end,
            gint64              *cp)
{
  switch (unit)
    {
    case LIMN_OFFSETS_CODE_POINTS:
      *cp = offset;
      return offset >= 0 && offset <= limn_text_index_get_n_chars (index);

    case LIMN_OFFSETS_UTF16:
      return limn_text_index_utf16_to_char (index, offset, cp, NULL);

    case LIMN_OFFSETS_BYTES:
      if (offset < 0 || (guint64) offset > limn_text_index_get_n_bytes (index) ||
          !limn_text_index_check_byte (index, (gsize) offset, NULL))
        return FALSE;
      *cp = limn_text_index_byte_to_char (index, (gsize) offset);
      return TRUE;

    case LIMN_OFFSETS_NO_CR:
    default:
      {
        /* crs holds r_i, the offset in the CR-less text of the LF that
         * followed the i-th CR. A start at that LF begins after the CR; an
         * end there stops before it. */
        guint n = 0;

        /* Past the text however many CRs it has (and no overflow below). */
        if (offset < 0 || offset > limn_text_index_get_n_chars (index))
          return FALSE;
        while (n < crs->len &&
               (is_end ? g_array_index (crs, gint64, n) < offset
                       : g_array_index (crs, gint64, n) <= offset))
          n++;
        *cp = offset + n;
        return *cp <= limn_text_index_get_n_chars (index);
      }
    }
}

static gboolean
is_word (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

static gunichar
char_at (const LimnTextIndex *index,
         gint64               cp)
{
  return g_utf8_get_char (limn_text_index_get_text (index) + limn_text_index_char_to_byte (index, cp));
}

/* 0–2: how many of the span's edges fall where a person would put them. */
static guint
edge_score (const LimnTextIndex *index,
            gint64               start,
            gint64               end)
{
  gint64 n = limn_text_index_get_n_chars (index);
  guint score = 0;

  if (end <= start)
    return 0;

  if (!g_unichar_isspace (char_at (index, start)) &&
      (start == 0 || !is_word (char_at (index, start - 1)) || !is_word (char_at (index, start))))
    score++;
  if (!g_unichar_isspace (char_at (index, end - 1)) &&
      (end == n || !is_word (char_at (index, end)) || !is_word (char_at (index, end - 1))))
    score++;

  return score;
}

/* The same text, taking any run of white space (a newline the source
 * wrote as a space, CR-LF) as one space. */
static gboolean
same_text (const char *a,
           gsize       a_len,
           const char *b)
{
  const char *a_end = a + a_len;

  while (a < a_end && *b != '\0')
    {
      if (g_ascii_isspace (*a) && g_ascii_isspace (*b))
        {
          while (a < a_end && g_ascii_isspace (*a))
            a++;
          while (g_ascii_isspace (*b))
            b++;
          continue;
        }

      if (*a != *b)
        return FALSE;
      a++;
      b++;
    }

  return a == a_end && *b == '\0';
}

static gboolean
text_matches (const LimnTextIndex *index,
              gint64               start,
              gint64               end,
              const char          *recorded)
{
  gsize a = limn_text_index_char_to_byte (index, start);
  gsize b = limn_text_index_char_to_byte (index, end);

  return same_text (limn_text_index_get_text (index) + a, b - a, recorded);
}

typedef struct
{
  guint n_valid;
  guint n_text;
  guint edges;
  guint n_differ;   /* spans this unit places elsewhere than code points would */
} Fit;

static void
fit_unit (const LimnTextIndex *index,
          LimnOffsetUnit       unit,
          GArray              *crs,
          const LimnRawSpan   *spans,
          guint                n_spans,
          gboolean             score,
          Mapped              *mapped,
          Fit                 *fit)
{
  memset (fit, 0, sizeof *fit);

  for (guint i = 0; i < n_spans; i++)
    {
      Mapped *m = &mapped[i];

      m->valid = spans[i].start <= spans[i].end &&
                 map_offset (index, unit, crs, spans[i].start, FALSE, &m->start) &&
                 map_offset (index, unit, crs, spans[i].end, TRUE, &m->end) &&
                 m->start <= m->end;
      if (!m->valid)
        continue;

      fit->n_valid++;
      if (!score)
        continue;
      fit->edges += edge_score (index, m->start, m->end);
      if (spans[i].text != NULL && text_matches (index, m->start, m->end, spans[i].text))
        fit->n_text++;
      if (m->start != spans[i].start || m->end != spans[i].end)
        fit->n_differ++;
    }
}

static gboolean
fit_better (const Fit *a,
            const Fit *b)
{
  if (a->n_text != b->n_text)
    return a->n_text > b->n_text;
  if (a->n_valid != b->n_valid)
    return a->n_valid > b->n_valid;
  return a->edges > b->edges;
}

static const char *
unit_kind (LimnOffsetUnit unit)
{
  switch (unit)
    {
    case LIMN_OFFSETS_UTF16:
      return "utf16-offsets";
    case LIMN_OFFSETS_BYTES:
      return "byte-offsets";
    case LIMN_OFFSETS_NO_CR:
      return "crlf-offsets";
    case LIMN_OFFSETS_CODE_POINTS:
    default:
      return "code-point-offsets";
    }
}

static const char *
unit_detail (LimnOffsetUnit unit)
{
  switch (unit)
    {
    case LIMN_OFFSETS_UTF16:
      return _("The offsets count UTF-16 units (the text has characters outside the Basic "
               "Multilingual Plane, such as emoji): converted to code points.");
    case LIMN_OFFSETS_BYTES:
      return _("The offsets count UTF-8 bytes: converted to code points.");
    case LIMN_OFFSETS_NO_CR:
      return _("The offsets count each CR-LF line end as one character: converted to code "
               "points over the text as given (where the CR counts).");
    case LIMN_OFFSETS_CODE_POINTS:
    default:
      return _("The offsets count code points.");
    }
}

void
limn_format_reader_add_spans (LimnFormatReader     *reader,
                              const LimnTextIndex  *index,
                              GArray               *raw,
                              const LimnOffsetUnit *units,
                              guint                 n_units,
                              const char           *where)
{
  LimnRawSpan *spans = (LimnRawSpan *) (void *) raw->data;
  guint n_spans = raw->len;
  g_autoptr(GArray) crs = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree Mapped *best = g_new0 (Mapped, MAX (n_spans, 1));
  g_autofree Mapped *trial = g_new0 (Mapped, MAX (n_spans, 1));
  Fit best_fit, fit;
  LimnOffsetUnit chosen = units[0];
  const char *text = limn_text_index_get_text (index);
  gboolean has_crlf = strstr (text, "\r\n") != NULL;
  gboolean viable[8] = { TRUE };
  gboolean compete = FALSE;

  g_return_if_fail (n_units <= G_N_ELEMENTS (viable));

  if (n_spans == 0)
    return;

  /* Where each CR-LF's LF would sit in the text without the CRs. */
  for (guint u = 0; u < n_units && has_crlf && crs->len == 0; u++)
    if (units[u] == LIMN_OFFSETS_NO_CR)
      {
        gint64 cp = 0;

        for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), cp++)
          if (p[0] == '\r' && p[1] == '\n')
            {
              gint64 r = cp - crs->len;

              g_array_append_val (crs, r);
            }
      }

  /* Only units that can count differently on this text compete. */
  for (guint u = 1; u < n_units; u++)
    viable[u] = !((units[u] == LIMN_OFFSETS_NO_CR && !has_crlf) ||
                  (units[u] == LIMN_OFFSETS_UTF16 &&
                   limn_text_index_get_n_utf16 (index) == limn_text_index_get_n_chars (index)) ||
                  (units[u] == LIMN_OFFSETS_BYTES &&
                   limn_text_index_get_n_bytes (index) == (gsize) limn_text_index_get_n_chars (index)));
  for (guint u = 1; u < n_units; u++)
    compete |= viable[u];

  fit_unit (index, units[0], crs, spans, n_spans, compete, best, &best_fit);
  for (guint u = 1; u < n_units; u++)
    {
      if (!viable[u])
        continue;

      fit_unit (index, units[u], crs, spans, n_spans, TRUE, trial, &fit);
      if (fit_better (&fit, &best_fit))
        {
          Mapped *swap = best;

          best = trial;
          trial = swap;
          best_fit = fit;
          chosen = units[u];
        }
    }

  if (chosen != LIMN_OFFSETS_CODE_POINTS && best_fit.n_differ > 0)
    limn_format_problems_add (reader->problems, where, unit_kind (chosen),
                              LIMN_FORMAT_CONVERTED, "%s", unit_detail (chosen));

  for (guint i = 0; i < n_spans; i++)
    {
      LimnRawSpan *s = &spans[i];
      g_autofree char *covered = NULL;
      LimnDatasetRegion *region;

      if (s->label < 0)
        continue;

      if (!best[i].valid)
        {
          limn_format_problems_add (reader->problems, s->where, "out-of-range", LIMN_FORMAT_SKIPPED,
                                    _("The span %" PRId64 "–%" PRId64
                                      " lies outside the text (%" PRId64
                                      " characters), or splits a character: left out."),
                                    s->start, s->end, limn_text_index_get_n_chars (index));
          continue;
        }

      if (best[i].start == best[i].end)
        {
          limn_format_problems_add (reader->problems, s->where, "empty-span", LIMN_FORMAT_SKIPPED,
                                    _("The span at %" PRId64 " is empty: left out."),
                                    s->start);
          continue;
        }

      covered = limn_text_index_substring (index, best[i].start, best[i].end);
      if (s->text != NULL && !same_text (covered, strlen (covered), s->text))
        limn_format_problems_add (reader->problems, s->where, "text-mismatch", LIMN_FORMAT_KEPT,
                                  _("The span %" PRId64 "–%" PRId64
                                    " records the text “%s” but covers “%s”: kept at its "
                                    "offsets, with the text it covers."),
                                  best[i].start, best[i].end, s->text, covered);

      region = limn_dataset_annotation_add_span (s->annotation, (guint) s->label,
                                                 best[i].start, best[i].end, covered);
      region->score = s->score;
      region->id = g_strdup (s->id);
      region->group = g_strdup (s->group);
      region->attrs = g_strdupv (s->attrs);
    }
}
