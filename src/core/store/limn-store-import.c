/* limn-store-import.c
 *
 * A dataset into the store: everything is turned into tasks and checked
 * first (images hashed, texts indexed), then written in one transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "formats/limn-format.h"
#include "limn-store-import.h"
#include "model/limn-id.h"
#include "text/limn-text-index.h"

/* LimnImportKind → the format that reads it. */
static const char * const source_formats[] = {
  [LIMN_IMPORT_PROJECT_FILE] = "limn-project",
  [LIMN_IMPORT_IMAGE_FOLDER] = "image-folder",
  [LIMN_IMPORT_TEXT_FILE] = "text-lines",
};

/* A task ready to write: nothing is written until all are. */
typedef struct
{
  LimnTask  *task;
  char      *text;
  GPtrArray *suggestions;
  GPtrArray *annotations;   /* LimnAnnotation, submitted */
} Pending;

static void
pending_free (gpointer data)
{
  Pending *p = data;

  g_clear_object (&p->task);
  g_clear_pointer (&p->suggestions, g_ptr_array_unref);
  g_clear_pointer (&p->annotations, g_ptr_array_unref);
  g_free (p);
}

static char *
sha256_file (const char  *path,
             GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, error);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guchar buf[65536];
  gssize n;

  if (in == NULL)
    return NULL;

  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buf, sizeof buf, NULL, error)) > 0)
    g_checksum_update (sum, buf, n);

  if (n < 0)
    return NULL;

  return g_strdup (g_checksum_get_string (sum));
}

static LimnProjectKind
project_kind (LimnDataset *dataset)
{
  LimnProjectKind kind = LIMN_PROJECT_BOTH;
  gboolean images = FALSE, texts = FALSE;

  if (limn_project_kind_from_string (limn_dataset_get_attr (dataset, "kind"), &kind))
    return kind;

  for (guint i = 0; i < limn_dataset_get_n_items (dataset); i++)
    {
      if (limn_dataset_get_item (dataset, i)->kind == LIMN_TASK_IMAGE)
        images = TRUE;
      else
        texts = TRUE;
    }

  return images == texts ? LIMN_PROJECT_BOTH : images ? LIMN_PROJECT_IMAGE : LIMN_PROJECT_TEXT;
}

static LimnProject *
make_project (LimnDataset *dataset)
{
  const char *id = limn_dataset_get_attr (dataset, "id");
  const char *name = limn_dataset_get_attr (dataset, "name");
  const char *source = limn_dataset_get_attr (dataset, "source");
  const char *steps = limn_dataset_get_attr (dataset, "confidence_steps");
  const char *guidelines = limn_dataset_get_attr (dataset, "guidelines");
  g_autofree char *derived = NULL;
  LimnProject *project;

  if (id == NULL || !g_uuid_string_is_valid (id))
    id = derived = limn_id_derive ("dataset", source ? source : name ? name : "");

  project = limn_project_new (id, name ? name : _("Imported project"), project_kind (dataset));
  limn_project_set_source_path (project, source);
  if (steps != NULL)
    limn_project_set_confidence_steps (project, CLAMP (g_ascii_strtoull (steps, NULL, 10), 2, 10));
  if (guidelines != NULL)
    limn_project_set_guidelines (project, 1, guidelines);

  /* Unset colours and hotkeys follow the label's place: 1…9, 0, q, w, … */
  for (guint i = 0; i < limn_dataset_get_n_labels (dataset); i++)
    {
      const LimnDatasetLabel *l = limn_dataset_get_label (dataset, i);
      const char *hotkey = limn_attrs_get (l->attrs, "hotkey");
      g_autofree char *label_id = limn_id_derive (id, l->name);
      g_autofree char *default_key = hotkey ? NULL : limn_hotkey_for_index (i);
      g_autoptr(LimnLabel) label = limn_label_new (label_id, l->name,
                                                   l->color ? l->color : limn_color_for_index (i),
                                                   hotkey ? hotkey : default_key);

      limn_label_set_description (label, limn_attrs_get (l->attrs, "description"));
      limn_project_add_label (project, label);
    }

  return project;
}

static LimnRegion *
make_region (LimnProject        *project,
             LimnDatasetRegion  *d,
             const char         *id,
             LimnTextIndex      *index)
{
  g_autoptr(LimnLabel) label = g_list_model_get_item (limn_project_get_labels (project), d->label);

  if (d->kind == LIMN_REGION_BOX)
    return limn_region_new_box (id, limn_label_get_id (label), &d->box);
  else
    {
      g_autofree char *covered = limn_text_index_substring (index, d->start, d->end);

      return limn_region_new_span (id, limn_label_get_id (label), d->start, d->end, covered);
    }
}

/* Each annotator's work as a submitted first revision, its id derived
 * from the task and the annotator so an import run again finds it;
 * work the source does not name is @local's. */
static GPtrArray *
make_annotations (LimnProject      *project,
                  LimnDatasetItem  *item,
                  const char       *task_id,
                  LimnTextIndex    *index,
                  const char       *local)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) limn_annotation_unref);
  gint64 now = g_get_real_time ();

  for (guint s = 0; s < item->annotations->len; s++)
    {
      LimnDatasetAnnotation *set = g_ptr_array_index (item->annotations, s);
      const char *annotator = set->annotator ? set->annotator : local;
      g_autofree char *scope = g_strdup_printf ("%s/%s", task_id, annotator);
      g_autofree char *id = limn_id_derive ("annotation", scope);
      LimnAnnotation *a = limn_annotation_new (id, task_id, annotator);

      a->state = LIMN_ANNOTATION_SUBMITTED;
      a->guideline_version = limn_project_get_guideline_version (project);
      a->created_us = now;
      a->submitted_us = now;
      for (guint r = 0; r < set->regions->len; r++)
        {
          LimnDatasetRegion *d = &g_array_index (set->regions, LimnDatasetRegion, r);
          g_autofree char *key = g_strdup_printf ("%u", r);
          g_autofree char *region_id = limn_id_derive (id, key);

          /* A box the store cannot hold (no area) is not an annotation. */
          if (d->kind == LIMN_REGION_BOX && !(d->box.w > 0 && d->box.h > 0))
            continue;
          g_ptr_array_add (a->regions, make_region (project, d, region_id, index));
        }
      g_ptr_array_add (out, a);
    }

  return out;
}

static GPtrArray *
make_suggestions (LimnProject      *project,
                  LimnDatasetItem  *item,
                  const char       *task_id,
                  LimnTextIndex    *index)
{
  GPtrArray *regions = g_ptr_array_new_with_free_func ((GDestroyNotify) limn_region_unref);

  for (guint s = 0; s < item->suggestions->len; s++)
    {
      LimnDatasetAnnotation *set = g_ptr_array_index (item->suggestions, s);

      for (guint r = 0; r < set->regions->len; r++)
        {
          LimnDatasetRegion *d = &g_array_index (set->regions, LimnDatasetRegion, r);
          g_autofree char *key = g_strdup_printf ("%u", regions->len);
          g_autofree char *id = limn_id_derive (task_id, key);
          LimnRegion *region = make_region (project, d, id, index);

          limn_region_set_model (region, d->score,
                                 set->model_version ? set->model_version : set->model, NULL);
          g_ptr_array_add (regions, region);
        }
    }

  return regions;
}

static Pending *
make_task (LimnProject      *project,
           LimnDatasetItem  *item,
           guint             position,
           const char       *local,
           GError          **error)
{
  const char *project_id = limn_project_get_id (project);
  const char *given = limn_attrs_get (item->attrs, "id");
  const char *key = limn_attrs_get (item->attrs, "key");
  g_autofree char *derived = NULL;
  g_autofree char *title = NULL;
  g_autoptr(LimnTextIndex) index = NULL;
  g_autoptr(GError) local_error = NULL;
  Pending *p;
  const char *id = given;

  /* Without a UUID from the source, the id derives from it: the same
   * image or line imported again is the same task. */
  if (id == NULL || !g_uuid_string_is_valid (id))
    id = derived = limn_id_derive (project_id, key ? key : item->name);

  if (item->kind == LIMN_TASK_IMAGE)
    {
      g_autofree char *sha = NULL;

      if (item->path == NULL || (sha = sha256_file (item->path, &local_error)) == NULL)
        {
          g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NOT_FOUND,
                       _("Could not read “%s”: %s"), item->path ? item->path : item->name,
                       local_error ? local_error->message : _("the image is not on this computer"));
          return NULL;
        }

      title = g_path_get_basename (item->name);
      p = g_new0 (Pending, 1);
      p->task = limn_task_new (id, project_id, LIMN_TASK_IMAGE, position, title);
      limn_task_set_media_path (p->task, item->path);
      limn_task_set_media_sha256 (p->task, sha);
      limn_task_set_size (p->task, item->width, item->height);
    }
  else
    {
      index = limn_text_index_new (item->text, -1, &local_error);
      if (index == NULL)
        {
          g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_ENCODING, "%s: %s",
                       item->name, local_error->message);
          return NULL;
        }

      title = limn_task_title_for_text (item->text);
      p = g_new0 (Pending, 1);
      p->task = limn_task_new (id, project_id, LIMN_TASK_TEXT, position, title);
      limn_task_set_language (p->task, limn_attrs_get (item->attrs, "language"),
                              limn_text_direction_from_string (limn_attrs_get (item->attrs,
                                                                               "direction")));
      limn_task_set_text_length (p->task, limn_text_index_get_n_chars (index));
      p->text = item->text;
    }

  p->suggestions = make_suggestions (project, item, id, index);
  if (local != NULL)
    p->annotations = make_annotations (project, item, id, index, local);
  return p;
}

static gboolean
write_all (LimnStore    *store,
           LimnProject  *project,
           GPtrArray    *pending,
           GError      **error)
{
  if (!limn_store_begin (store, error))
    return FALSE;

  if (!limn_store_save_project (store, project, error))
    goto fail;

  for (guint i = 0; i < pending->len; i++)
    {
      Pending *p = g_ptr_array_index (pending, i);

      if (!limn_store_save_task (store, p->task, p->text, error) ||
          !limn_store_save_suggestions (store, limn_task_get_id (p->task), p->suggestions, error))
        goto fail;

      for (guint j = 0; p->annotations != NULL && j < p->annotations->len; j++)
        {
          LimnAnnotation *a = g_ptr_array_index (p->annotations, j);
          g_autoptr(LimnAnnotation) there = NULL;
          g_autoptr(GError) missing = NULL;

          /* Imported before: a submitted revision is final, and any work
           * done on it since is newer. */
          there = limn_store_load_annotation (store, a->id, &missing);
          if (there != NULL)
            continue;
          if (!g_error_matches (missing, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&missing));
              goto fail;
            }
          if (!limn_store_save_annotation (store, a, error) ||
              !limn_store_set_assignment (store, a->task_id, a->annotator,
                                          LIMN_ASSIGNMENT_SUBMITTED, error))
            goto fail;
        }
    }

  return limn_store_commit (store, error);

fail:
  limn_store_rollback (store);
  return FALSE;
}

/**
 * limn_store_import_dataset:
 *
 * Saves @dataset as a local project: its labels (colours and hotkeys by
 * place where the dataset has none), its images and texts as tasks, and
 * its suggestions, replacing the tasks' earlier ones. Annotations already
 * made on its tasks are kept. The dataset's attributes name the project
 * ("id", "name", "kind", "guidelines", "confidence_steps", "source") and
 * its items' attributes their tasks ("id", "key", "language",
 * "direction"): what Limn's own sources read. A dataset holding
 * annotations is refused: only pre-labels become part of a project.
 *
 * Returns: (transfer full): the project as stored
 */
static LimnProject *
import_dataset (LimnStore    *store,
                LimnDataset  *dataset,
                gboolean      annotations,
                GError      **error)
{
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (pending_free);
  g_autoptr(LimnProject) project = NULL;
  LimnDatasetCounts counts;

  g_return_val_if_fail (LIMN_IS_STORE (store), NULL);
  g_return_val_if_fail (dataset != NULL, NULL);

  limn_dataset_get_counts (dataset, &counts);
  if (limn_dataset_get_n_labels (dataset) == 0)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NO_LABELS,
                   _("Add at least one label: annotators need something to label with."));
      return NULL;
    }
  if (counts.items == 0)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NO_TASKS,
                   _("There is nothing to label: no images or texts."));
      return NULL;
    }
  if (!annotations && counts.boxes + counts.spans > 0)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                   _("The source holds annotations (%" G_GUINT64_FORMAT "); a project takes "
                     "only what there is to label and a model’s suggestions."),
                   counts.boxes + counts.spans);
      return NULL;
    }

  project = make_project (dataset);
  for (guint i = 0; i < limn_dataset_get_n_items (dataset); i++)
    {
      Pending *p = make_task (project, limn_dataset_get_item (dataset, i), i,
                              annotations ? limn_store_get_local_annotator (store) : NULL,
                              error);

      if (p == NULL)
        return NULL;
      g_ptr_array_add (pending, p);
    }

  if (!write_all (store, project, pending, error))
    return NULL;

  return g_steal_pointer (&project);
}

LimnProject *
limn_store_import_dataset (LimnStore    *store,
                           LimnDataset  *dataset,
                           GError      **error)
{
  return import_dataset (store, dataset, FALSE, error);
}

/**
 * limn_store_import_labeled:
 *
 * As limn_store_import_dataset(), and the dataset's annotations too: each
 * annotator's regions become their submitted first revision of the task
 * (the local annotator's when the source does not say who), in the same
 * transaction. Imported again, a revision already there is kept as it is.
 *
 * Returns: (transfer full): the project as stored
 */
LimnProject *
limn_store_import_labeled (LimnStore    *store,
                           LimnDataset  *dataset,
                           GError      **error)
{
  g_return_val_if_fail (LIMN_IS_STORE (store), NULL);
  g_return_val_if_fail (dataset != NULL, NULL);

  return import_dataset (store, dataset, TRUE, error);
}

/**
 * limn_store_import_source:
 * @name: (nullable): the project's name; the source's if %NULL or empty
 * @labels: (nullable): label names for a folder or text file; %NULL reads
 *   a folder's labels.txt
 *
 * Reads @path with the format @kind names and imports it
 * (limn_store_import_dataset()). Every fault is a LIMN_IMPORT_ERROR that
 * says where, and changes nothing.
 *
 * Returns: (transfer full): the project as stored
 */
LimnProject *
limn_store_import_source (LimnStore           *store,
                          LimnImportKind       kind,
                          const char          *path,
                          const char          *name,
                          const char * const  *labels,
                          GError             **error)
{
  g_autoptr(LimnDataset) dataset = limn_dataset_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (kind < G_N_ELEMENTS (source_formats), NULL);

  if ((labels != NULL && labels[0] == NULL) || (labels == NULL && kind == LIMN_IMPORT_TEXT_FILE))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NO_LABELS,
                   _("Add at least one label: annotators need something to label with."));
      return NULL;
    }

  for (guint i = 0; labels != NULL && labels[i] != NULL; i++)
    limn_dataset_add_label (dataset, labels[i], NULL, NULL);

  if (!limn_format_read (limn_format_lookup (source_formats[kind]), path, dataset, NULL, NULL,
                         NULL, &local_error))
    {
      /* The seam's own checks (the path is missing) in the import's terms. */
      if (local_error->domain == LIMN_FORMAT_ERROR)
        g_set_error_literal (error, LIMN_IMPORT_ERROR,
                             local_error->code == LIMN_FORMAT_ERROR_NOT_FOUND
                             ? LIMN_IMPORT_ERROR_NOT_FOUND : LIMN_IMPORT_ERROR_FORMAT,
                             local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (limn_dataset_get_n_labels (dataset) == 0)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NO_LABELS,
                   _("Add at least one label (or put a labels.txt with one label per "
                     "line in the folder)."));
      return NULL;
    }

  if (name != NULL && name[0] != '\0')
    limn_dataset_set_attr (dataset, "name", name);

  return limn_store_import_dataset (store, dataset, error);
}
