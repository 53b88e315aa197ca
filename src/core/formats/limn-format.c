/* limn-format.c
 *
 * The table of formats, detection, and the read and write entry points:
 * what every format gets the same way (nothing half-read, strict mode,
 * pre-labels, one output per annotator, and the report of what a format
 * cannot hold) lives here, so a format file holds only its own rules.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-formats"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "limn-format-private.h"

G_DEFINE_QUARK (limn-format-error-quark, limn_format_error)

#define PROBE_BYTES 65536

/* Adding a format: its file, and one line here. Earlier wins a tie. */
static const LimnFormat * const formats[] = {
  &limn_format_limn_project,
  &limn_format_image_folder,
  &limn_format_text_lines,
  &limn_format_coco,
  &limn_format_yolo,
  &limn_format_voc,
  &limn_format_labelme,
  &limn_format_label_studio,
  &limn_format_spacy,
  &limn_format_doccano,
  &limn_format_conll,
  &limn_format_brat,
  &limn_format_toxic_spans,
  NULL,
};

const LimnFormat * const *
limn_format_list (void)
{
  return formats;
}

const LimnFormat *
limn_format_lookup (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; formats[i] != NULL; i++)
    if (g_ascii_strcasecmp (formats[i]->id, id) == 0)
      return formats[i];

  return NULL;
}

static char *
list_ids (void)
{
  GString *ids = g_string_new (NULL);

  for (guint i = 0; formats[i] != NULL; i++)
    g_string_append_printf (ids, "%s%s", i ? ", " : "", formats[i]->id);

  return g_string_free (ids, FALSE);
}

gboolean
limn_format_probe_has (const LimnFormatProbe *probe,
                       const char            *needle)
{
  return probe->head_len > 0 && strstr (probe->head, needle) != NULL;
}

gboolean
limn_format_probe_suffix (const LimnFormatProbe *probe,
                          const char            *suffix)
{
  g_autofree char *lower = g_ascii_strdown (probe->path, -1);

  return g_str_has_suffix (lower, suffix);
}

char
limn_format_probe_first (const LimnFormatProbe *probe)
{
  const char *p = probe->head;

  if (g_str_has_prefix (p, "\xEF\xBB\xBF"))
    p += 3;
  while (g_ascii_isspace (*p))
    p++;

  return *p;
}

static char *
head_of (const char *path)
{
  char *head = g_malloc (PROBE_BYTES + 1);
  FILE *file = g_fopen (path, "rb");
  gsize n = 0;

  if (file != NULL)
    {
      n = fread (head, 1, PROBE_BYTES, file);
      fclose (file);
    }
  head[n] = '\0';

  return head;
}

char *
limn_format_probe_folder_head (const char         *dir,
                               const char         *suffix,
                               const char * const *subdirs)
{
  g_autoptr(GPtrArray) names = limn_format_list_dir (dir, suffix, NULL);

  if (names != NULL && names->len > 0)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, 0), NULL);

      return head_of (path);
    }

  for (guint i = 0; subdirs != NULL && subdirs[i] != NULL; i++)
    {
      g_autofree char *sub = g_build_filename (dir, subdirs[i], NULL);
      char *head = g_file_test (sub, G_FILE_TEST_IS_DIR)
                   ? limn_format_probe_folder_head (sub, suffix, NULL) : NULL;

      if (head != NULL)
        return head;
    }

  return NULL;
}

const LimnFormat *
limn_format_detect (const char  *path,
                    guint       *confidence,
                    GError     **error)
{
  g_autofree char *head = NULL;
  g_autofree char *ids = NULL;
  LimnFormatProbe probe = { path, FALSE, "", 0 };
  const LimnFormat *best = NULL;
  guint best_score = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (confidence != NULL)
    *confidence = 0;

  probe.is_dir = g_file_test (path, G_FILE_TEST_IS_DIR);
  if (!probe.is_dir)
    {
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_NOT_FOUND,
                       _("“%s” does not exist."), path);
          return NULL;
        }

      head = head_of (path);
      probe.head = head;
      probe.head_len = strlen (head);
    }

  for (guint i = 0; formats[i] != NULL; i++)
    {
      guint score = formats[i]->detect (&probe);

      if (score > best_score)
        {
          best = formats[i];
          best_score = MIN (score, 100);
        }
    }

  if (best == NULL)
    {
      ids = list_ids ();
      g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_UNKNOWN,
                   _("Limn does not recognise the format of “%s”. Name it (one of %s)."),
                   path, ids);
      return NULL;
    }

  if (confidence != NULL)
    *confidence = best_score;

  return best;
}

/* Reading */

static const LimnFormatReadOptions default_read_options = { 0 };

gboolean
limn_format_read (const LimnFormat             *format,
                  const char                   *path,
                  LimnDataset                  *dataset,
                  const LimnFormatReadOptions  *options,
                  LimnFormatProblems           *problems,
                  GCancellable                 *cancellable,
                  GError                      **error)
{
  g_autoptr(LimnFormatProblems) own_problems = NULL;
  LimnFormatReader reader = { 0 };
  guint n_labels;
  guint64 skipped;
  gboolean ok;

  g_return_val_if_fail (format != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (dataset != NULL, FALSE);
  g_return_val_if_fail (limn_dataset_get_n_items (dataset) == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (problems == NULL)
    problems = own_problems = limn_format_problems_new ();

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_NOT_FOUND,
                   _("“%s” does not exist."), path);
      return FALSE;
    }

  reader.format = format;
  reader.dataset = dataset;
  reader.options = options ? *options : default_read_options;
  reader.problems = problems;
  reader.cancellable = cancellable;

  n_labels = limn_dataset_get_n_labels (dataset);
  skipped = limn_format_problems_count_action (problems, LIMN_FORMAT_SKIPPED);

  ok = format->read (&reader, path, error);

  if (ok && reader.n_scored > 0)
    limn_format_problems_add (problems, path, "scored-as-suggestion", LIMN_FORMAT_CONVERTED,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%" PRIu64 " box carries a model's score: "
                                           "read as a pre-label (a suggestion), not an annotation.",
                                           "%" PRIu64 " boxes carry a model's score: "
                                           "read as pre-labels (suggestions), not annotations.",
                                           (gulong) MIN (reader.n_scored, G_MAXULONG)),
                              reader.n_scored);

  if (ok && reader.options.strict &&
      limn_format_problems_count_action (problems, LIMN_FORMAT_SKIPPED) > skipped)
    {
      guint64 n = limn_format_problems_count_action (problems, LIMN_FORMAT_SKIPPED) - skipped;

      g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_STRICT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Nothing was read: %" PRIu64 " part of “%s” would have "
                                "been left out (see the problems).",
                                "Nothing was read: %" PRIu64 " parts of “%s” would have "
                                "been left out (see the problems).",
                                (gulong) MIN (n, G_MAXULONG)),
                   n, path);
      ok = FALSE;
    }

  if (ok)
    ok = limn_dataset_flush (dataset, error);

  if (!ok)
    limn_dataset_truncate (dataset, 0, n_labels);

  return ok;
}

/* Writing */

static char *
set_key (const LimnDatasetAnnotation *annotation,
         gboolean                     suggestion)
{
  if (!suggestion)
    return g_strdup (annotation->annotator);

  if (annotation->model != NULL && annotation->model_version != NULL)
    return g_strdup_printf ("%s %s", annotation->model, annotation->model_version);

  return g_strdup (annotation->model ? annotation->model : annotation->model_version);
}

static gboolean
writes_suggestions_as_regions (LimnFormatWriter *writer)
{
  return writer->options.suggestions && !(writer->format->flags & LIMN_FORMAT_HOLDS_SUGGESTIONS);
}

GPtrArray *
limn_format_writer_annotations (LimnFormatWriter *writer,
                                LimnDatasetItem  *item)
{
  gboolean suggestions = writes_suggestions_as_regions (writer);
  GPtrArray *source = suggestions ? item->suggestions : item->annotations;
  GPtrArray *list = g_ptr_array_new ();

  for (guint i = 0; i < source->len; i++)
    {
      LimnDatasetAnnotation *a = g_ptr_array_index (source, i);
      g_autofree char *key = writer->filter ? set_key (a, suggestions) : NULL;

      if (!writer->filter || g_strcmp0 (key, writer->key) == 0)
        g_ptr_array_add (list, a);
    }

  return list;
}

GPtrArray *
limn_format_writer_suggestions (LimnFormatWriter *writer,
                                LimnDatasetItem  *item)
{
  GPtrArray *list = g_ptr_array_new ();

  if (writer->format->flags & LIMN_FORMAT_HOLDS_SUGGESTIONS)
    for (guint i = 0; i < item->suggestions->len; i++)
      g_ptr_array_add (list, g_ptr_array_index (item->suggestions, i));

  return list;
}

static gboolean
keeps_attribute (const LimnFormat *format,
                 const char       *key)
{
  for (guint i = 0; format->attributes != NULL && format->attributes[i] != NULL; i++)
    {
      const char *kept = format->attributes[i];
      gsize len = strlen (kept);

      if (len > 0 && kept[len - 1] == ':' ? g_str_has_prefix (key, kept) : g_str_equal (key, kept))
        return TRUE;
    }

  return FALSE;
}

typedef struct
{
  guint64     wrong_kind;
  guint64     annotated;   /* regions in annotations, for a format without them */
  guint64     scores;
  guint64     groups;
  guint64     suggested;
  GHashTable *attributes;   /* key → count */
} Losses;

static void
count_losses (LimnFormatWriter *writer,
              LimnDatasetItem  *item,
              Losses           *losses)
{
  const LimnFormat *format = writer->format;
  LimnFormatKind kind = item->kind == LIMN_TASK_IMAGE ? LIMN_FORMAT_IMAGES : LIMN_FORMAT_TEXTS;
  g_autoptr(GPtrArray) sets = NULL;

  if (!(format->kind & kind))
    {
      losses->wrong_kind++;
      return;
    }

  if (!(format->flags & LIMN_FORMAT_HOLDS_SUGGESTIONS) &&
      (!writer->options.suggestions || (format->flags & LIMN_FORMAT_NO_ANNOTATIONS)))
    for (guint i = 0; i < item->suggestions->len; i++)
      losses->suggested += ((LimnDatasetAnnotation *) g_ptr_array_index (item->suggestions, i))->regions->len;

  if (format->flags & LIMN_FORMAT_NO_ANNOTATIONS)
    {
      for (guint i = 0; i < item->annotations->len; i++)
        losses->annotated +=
          ((LimnDatasetAnnotation *) g_ptr_array_index (item->annotations, i))->regions->len;
      return;
    }

  sets = limn_format_writer_annotations (writer, item);
  for (guint i = 0; i < sets->len; i++)
    {
      LimnDatasetAnnotation *a = g_ptr_array_index (sets, i);

      for (guint j = 0; j < a->regions->len; j++)
        {
          LimnDatasetRegion *r = &g_array_index (a->regions, LimnDatasetRegion, j);
          gboolean provenance_counted = FALSE;

          if (r->score != LIMN_SCORE_UNSET && !(format->flags & LIMN_FORMAT_HOLDS_SCORES))
            losses->scores++;
          if (r->group != NULL && !(format->flags & LIMN_FORMAT_HOLDS_GROUPS))
            losses->groups++;

          for (guint k = 0; r->attrs != NULL && r->attrs[k] != NULL; k += 2)
            if (!keeps_attribute (format, r->attrs[k]))
              {
                /* Provenance is one loss, counted once per region. */
                gboolean provenance = g_str_has_prefix (r->attrs[k], "provenance:");
                const char *key = provenance ? "provenance:" : r->attrs[k];
                guint64 *n;

                if (provenance && provenance_counted)
                  continue;
                provenance_counted |= provenance;

                n = g_hash_table_lookup (losses->attributes, key);
                if (n == NULL)
                  {
                    n = g_new0 (guint64, 1);
                    g_hash_table_insert (losses->attributes, g_strdup (key), n);
                  }
                (*n)++;
              }
        }
    }
}

/* One report per kind of loss, with its count, for the whole output. */
static void
report_losses (LimnFormatWriter *writer,
               const char       *path)
{
  const char *name = _(writer->format->name);
  LimnFormatProblems *problems = writer->problems;
  Losses losses = { 0 };
  g_autoptr(GList) keys = NULL;

  losses.attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < limn_dataset_get_n_items (writer->dataset); i++)
    count_losses (writer, limn_dataset_get_item (writer->dataset, i), &losses);

  if (losses.wrong_kind > 0)
    limn_format_problems_add (problems, path, "wrong-kind", LIMN_FORMAT_SKIPPED,
                              writer->format->kind == LIMN_FORMAT_IMAGES
                              ? _("%s holds images only; texts left out: %" PRIu64 ".")
                              : _("%s holds texts only; images left out: %" PRIu64 "."),
                              name, losses.wrong_kind);
  if (losses.annotated > 0)
    limn_format_problems_add (problems, path, "annotations-not-written", LIMN_FORMAT_SKIPPED,
                              _("%s holds what there is to label, not annotations; annotated "
                                "regions left out: %" PRIu64 "."),
                              name, losses.annotated);
  if (losses.suggested > 0 && (writer->format->flags & LIMN_FORMAT_NO_ANNOTATIONS))
    limn_format_problems_add (problems, path, "suggestions-not-written", LIMN_FORMAT_SKIPPED,
                              _("%s has no place for pre-labels; suggested regions left out: "
                                "%" PRIu64 "."),
                              name, losses.suggested);
  else if (losses.suggested > 0)
    limn_format_problems_add (problems, path, "suggestions-not-written", LIMN_FORMAT_SKIPPED,
                              /* Each interface says how to write them alone
                               * (limn-convert --suggestions; the app's export
                               * dialog has no such choice). */
                              _("%s has no place for pre-labels apart from annotations; "
                                "suggested regions left out: %" PRIu64 "."),
                              name, losses.suggested);
  if (losses.scores > 0)
    limn_format_problems_add (problems, path, "score-lost", LIMN_FORMAT_SKIPPED,
                              _("%s cannot hold a score per region; regions whose score is "
                                "left out: %" PRIu64 "."),
                              name, losses.scores);
  if (losses.groups > 0)
    limn_format_problems_add (problems, path, "group-lost", LIMN_FORMAT_SKIPPED,
                              _("%s cannot join regions into one object; regions written as "
                                "separate ones: %" PRIu64 "."),
                              name, losses.groups);

  keys = g_list_sort (g_hash_table_get_keys (losses.attributes), (GCompareFunc) g_strcmp0);
  for (GList *l = keys; l != NULL; l = l->next)
    if (g_str_equal (l->data, "provenance:"))
      limn_format_problems_add (problems, path, "provenance-lost", LIMN_FORMAT_SKIPPED,
                                _("%s cannot say where a region came from (annotator, time, "
                                  "guideline version, reviewer, model); regions written "
                                  "without it: %" PRIu64 "."),
                                name,
                                *(guint64 *) g_hash_table_lookup (losses.attributes, l->data));
    else
      limn_format_problems_add (problems, path, "attribute-lost", LIMN_FORMAT_SKIPPED,
                              _("%s cannot hold the region attribute “%s”; regions it is left "
                                "out of: %" PRIu64 "."),
                              name, (const char *) l->data,
                              *(guint64 *) g_hash_table_lookup (losses.attributes, l->data));

  g_hash_table_unref (losses.attributes);
}

/* The distinct keys of the sets a format without annotators would write. */
static GPtrArray *
list_keys (LimnFormatWriter *writer)
{
  gboolean suggestions = writes_suggestions_as_regions (writer);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  gboolean unnamed = FALSE;

  for (guint i = 0; i < limn_dataset_get_n_items (writer->dataset); i++)
    {
      LimnDatasetItem *item = limn_dataset_get_item (writer->dataset, i);
      GPtrArray *source = suggestions ? item->suggestions : item->annotations;

      for (guint j = 0; j < source->len; j++)
        {
          char *key = set_key (g_ptr_array_index (source, j), suggestions);

          if (key == NULL)
            unnamed = TRUE;
          else if (!g_hash_table_contains (seen, key))
            {
              g_hash_table_add (seen, g_strdup (key));
              g_ptr_array_add (keys, key);
              continue;
            }
          g_free (key);
        }
    }

  if (unnamed)
    g_ptr_array_insert (keys, 0, NULL);

  return keys;
}

static char *
slug (const char *key)
{
  GString *out = g_string_new (NULL);

  if (key == NULL)
    return g_strdup ("unnamed");

  for (const char *p = key; *p != '\0'; p++)
    g_string_append_c (out, g_ascii_isalnum (*p) || strchr ("-_.@+", *p) ? *p : '_');

  if (out->len == 0 || out->str[0] == '.')
    g_string_prepend_c (out, '_');

  return g_string_free (out, FALSE);
}

/* OUT/<key>/ for a folder, OUT-<key>.ext for a file. */
static char *
split_path (const char *path,
            const char *key,
            gboolean    folder,
            GHashTable *used)
{
  g_autofree char *base = slug (key);
  g_autofree char *unique = g_strdup (base);
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  const char *dot;

  for (guint n = 2; g_hash_table_contains (used, unique); n++)
    {
      g_free (unique);
      unique = g_strdup_printf ("%s-%u", base, n);
    }
  g_hash_table_add (used, g_strdup (unique));

  if (folder)
    return g_build_filename (path, unique, NULL);

  dir = g_path_get_dirname (path);
  file = g_path_get_basename (path);
  dot = strrchr (file, '.');
  if (dot != NULL && dot != file)
    {
      g_autofree char *stem = g_strndup (file, dot - file);
      g_autofree char *name = g_strdup_printf ("%s-%s%s", stem, unique, dot);

      return g_build_filename (dir, name, NULL);
    }

  {
    g_autofree char *name = g_strdup_printf ("%s-%s", file, unique);

    return g_build_filename (dir, name, NULL);
  }
}

static const LimnFormatWriteOptions default_write_options = { 0 };

/* With @write FALSE, only what writing would report: nothing is made. */
static gboolean
write_or_check (const LimnFormat              *format,
                LimnDataset                   *dataset,
                const char                    *path,
                const LimnFormatWriteOptions  *options,
                LimnFormatProblems            *problems,
                gboolean                       write,
                GError                       **error)
{
  g_autoptr(LimnFormatProblems) own_problems = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GHashTable) used = NULL;
  LimnFormatWriter writer = { 0 };
  gboolean folder;

  g_return_val_if_fail (format != NULL, FALSE);
  g_return_val_if_fail (dataset != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (problems == NULL)
    problems = own_problems = limn_format_problems_new ();

  writer.format = format;
  writer.dataset = dataset;
  writer.options = options ? *options : default_write_options;
  writer.problems = problems;

  if (writer.options.annotator != NULL)
    {
      writer.filter = TRUE;
      writer.key = writer.options.annotator;
    }

  /* A read-only format (write is NULL) has nothing to check. */
  if (format->write == NULL)
    {
      if (write)
        g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_UNSUPPORTED,
                     _("Limn reads %s but does not write it."), _(format->name));
      return !write;
    }

  report_losses (&writer, path);

  if (writer.filter ||
      (format->flags & (LIMN_FORMAT_HOLDS_ANNOTATORS | LIMN_FORMAT_NO_ANNOTATIONS)))
    return !write || format->write (&writer, path, error);

  keys = list_keys (&writer);
  if (keys->len <= 1)
    {
      if (keys->len == 1 && g_ptr_array_index (keys, 0) != NULL)
        limn_format_problems_add (problems, path, "annotator-lost", LIMN_FORMAT_SKIPPED,
                                  _("%s cannot say who annotated: “%s” is not in the output."),
                                  _(format->name), (const char *) g_ptr_array_index (keys, 0));
      return !write || format->write (&writer, path, error);
    }

  /* Several annotators in a format without them: one output each, never
   * one annotator silently chosen or their boxes merged. */
  folder = (format->flags & LIMN_FORMAT_WRITES_FOLDER) != 0;
  if (write && folder && !limn_format_make_dir (path, error))
    return FALSE;

  used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  writer.filter = TRUE;
  for (guint i = 0; i < keys->len; i++)
    {
      g_autofree char *out = split_path (path, g_ptr_array_index (keys, i), folder, used);

      writer.key = g_ptr_array_index (keys, i);
      limn_format_problems_add (problems, out, "split-by-annotator", LIMN_FORMAT_CONVERTED,
                                _("%s cannot say who annotated: the work of “%s” is written "
                                  "to “%s” on its own."),
                                _(format->name), writer.key ? writer.key : _("(not recorded)"), out);
      if (write && !format->write (&writer, out, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
limn_format_write (const LimnFormat              *format,
                   LimnDataset                   *dataset,
                   const char                    *path,
                   const LimnFormatWriteOptions  *options,
                   LimnFormatProblems            *problems,
                   GError                       **error)
{
  return write_or_check (format, dataset, path, options, problems, TRUE, error);
}

void
limn_format_check_write (const LimnFormat              *format,
                         LimnDataset                   *dataset,
                         const char                    *path,
                         const LimnFormatWriteOptions  *options,
                         LimnFormatProblems            *problems)
{
  g_return_if_fail (problems != NULL);

  write_or_check (format, dataset, path, options, problems, FALSE, NULL);
}
