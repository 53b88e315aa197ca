/* limn-store-import.c
 *
 * A dataset into the store: everything is turned into tasks and checked
 * first (images hashed, texts indexed), then written in one transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-store"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "formats/limn-format.h"
#include "limn-store-import.h"
#include "limn-store-import-private.h"
#include "limn-store-private.h"
#include "model/limn-id.h"
#include "model/limn-translations.h"
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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Pending, pending_free)

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

/* The label's names and descriptions in other languages, as the project
 * file reader left them (JSON text it checked). */
static void
label_add_translations (LimnLabel *label,
                        LimnAttrs  attrs)
{
  const char *members[] = { "names", "descriptions" };

  for (guint m = 0; m < G_N_ELEMENTS (members); m++)
    {
      g_autoptr(GHashTable) texts = limn_translations_from_json (limn_attrs_get (attrs, members[m]),
                                                                 NULL);
      GHashTable *into = m == 0 ? limn_label_get_names (label) : limn_label_get_descriptions (label);
      GHashTableIter iter;
      gpointer tag, text;

      if (texts == NULL)
        continue;
      g_hash_table_iter_init (&iter, texts);
      while (g_hash_table_iter_next (&iter, &tag, &text))
        g_hash_table_insert (into, g_strdup (tag), g_strdup (text));
    }
}

LimnProject *
limn_store_import_make_project (LimnDataset *dataset)
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
  limn_project_set_guardrails (project, limn_dataset_get_attr (dataset, "guardrails"));
  if (guidelines != NULL)
    {
      g_autoptr(GHashTable) translated =
        limn_translations_from_json (limn_dataset_get_attr (dataset, "guidelines_translations"), NULL);

      limn_project_set_guidelines (project, 1, guidelines);
      if (translated != NULL)
        {
          GHashTableIter iter;
          gpointer tag, text;

          g_hash_table_iter_init (&iter, translated);
          while (g_hash_table_iter_next (&iter, &tag, &text))
            g_hash_table_insert (limn_project_get_guidelines_translations (project),
                                 g_strdup (tag), g_strdup (text));
        }
    }

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
      label_add_translations (label, l->attrs);
      limn_project_add_label (project, label);
    }

  return project;
}

/* The project's label id for each of the dataset's labels, by place. */
static GPtrArray *
label_ids_by_place (LimnProject *project)
{
  GListModel *labels = limn_project_get_labels (project);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(LimnLabel) label = g_list_model_get_item (labels, i);

      g_ptr_array_add (ids, g_strdup (limn_label_get_id (label)));
    }

  return ids;
}

/* The id of the @n-th region under @scope: limn_id_derive (scope, "n"),
 * the number written without printf (one call per region imported). */
static char *
derive_nth (const char *scope,
            guint       n)
{
  char key[16];
  char *k = key + sizeof key - 1;

  *k = '\0';
  do
    *--k = '0' + n % 10;
  while ((n /= 10) > 0);

  return limn_id_derive (scope, k);
}

static LimnRegion *
make_region (GPtrArray          *label_ids,
             LimnDatasetRegion  *d,
             const char         *id,
             LimnTextIndex      *index)
{
  const char *label_id = g_ptr_array_index (label_ids, d->label);

  if (d->kind == LIMN_REGION_BOX)
    return limn_region_new_box (id, label_id, &d->box);
  else
    {
      g_autofree char *covered = limn_text_index_substring (index, d->start, d->end);

      return limn_region_new_span (id, label_id, d->start, d->end, covered);
    }
}

/* Each annotator's work as a submitted first revision, its id derived
 * from the task and the annotator so an import run again finds it;
 * work the source does not name is @local's. */
static GPtrArray *
make_annotations (LimnProject      *project,
                  GPtrArray        *label_ids,
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
      g_autofree char *scope = g_strconcat (task_id, "/", annotator, NULL);
      g_autofree char *id = limn_id_derive ("annotation", scope);
      LimnAnnotation *a = limn_annotation_new (id, task_id, annotator);

      a->state = LIMN_ANNOTATION_SUBMITTED;
      a->guideline_version = limn_project_get_guideline_version (project);
      a->created_us = now;
      a->submitted_us = now;
      for (guint r = 0; r < set->regions->len; r++)
        {
          LimnDatasetRegion *d = &g_array_index (set->regions, LimnDatasetRegion, r);
          g_autofree char *region_id = NULL;

          /* A box the store cannot hold (no area) is not an annotation. */
          if (d->kind == LIMN_REGION_BOX && !(d->box.w > 0 && d->box.h > 0))
            continue;
          region_id = derive_nth (id, r);
          g_ptr_array_add (a->regions, make_region (label_ids, d, region_id, index));
        }
      g_ptr_array_add (out, a);
    }

  return out;
}

static GPtrArray *
make_suggestions (GPtrArray        *label_ids,
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
          g_autofree char *id = derive_nth (task_id, regions->len);
          LimnRegion *region = make_region (label_ids, d, id, index);

          limn_region_set_model (region, d->score,
                                 set->model_version ? set->model_version : set->model, NULL);
          g_ptr_array_add (regions, region);
        }
    }

  return regions;
}

/* Without a UUID from the source (or, with @own_ids FALSE, always), a
 * task's id derives from the project and the item: the same image or line
 * imported again is the same task. */
static char *
task_id_for (LimnProject     *project,
             LimnDatasetItem *item,
             gboolean         own_ids)
{
  const char *given = limn_attrs_get (item->attrs, "id");
  const char *key = limn_attrs_get (item->attrs, "key");

  if (own_ids && given != NULL && g_uuid_string_is_valid (given))
    return g_strdup (given);

  return limn_id_derive (limn_project_get_id (project), key ? key : item->name);
}

static Pending *
make_task (LimnProject      *project,
           GPtrArray        *label_ids,
           LimnDatasetItem  *item,
           const char       *id,
           guint             position,
           const char       *local,
           GError          **error)
{
  const char *project_id = limn_project_get_id (project);
  g_autofree char *title = NULL;
  g_autoptr(LimnTextIndex) index = NULL;
  g_autoptr(GError) local_error = NULL;
  Pending *p;

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

  p->suggestions = make_suggestions (label_ids, item, id, index);
  if (local != NULL)
    p->annotations = make_annotations (project, label_ids, item, id, index, local);
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
  g_autoptr(GPtrArray) label_ids = NULL;
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
                   _("The source holds annotations (%" PRIu64 "); a project takes "
                     "only what there is to label and a model’s suggestions."),
                   counts.boxes + counts.spans);
      return NULL;
    }

  project = limn_store_import_make_project (dataset);
  label_ids = label_ids_by_place (project);
  for (guint i = 0; i < limn_dataset_get_n_items (dataset); i++)
    {
      LimnDatasetItem *item = limn_dataset_get_item (dataset, i);
      g_autofree char *id = task_id_for (project, item, TRUE);
      Pending *p = make_task (project, label_ids, item, id, i,
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

/* Into an open project */

static gboolean
same_regions (LimnAnnotation *a,
              LimnAnnotation *b)
{
  if (a->regions->len != b->regions->len)
    return FALSE;

  for (guint i = 0; i < a->regions->len; i++)
    {
      const LimnRegion *x = g_ptr_array_index (a->regions, i);
      const LimnRegion *y = g_ptr_array_index (b->regions, i);

      if (x->kind != y->kind || g_strcmp0 (x->label_id, y->label_id) != 0 ||
          (x->kind == LIMN_REGION_BOX
           ? memcmp (&x->box, &y->box, sizeof x->box) != 0
           : x->start != y->start || x->end != y->end))
        return FALSE;
    }

  return TRUE;
}

/* An imported annotation on a task that was there: the annotator's first
 * revision (with the id a new project's import gives it), else the next
 * one after their latest submitted; nothing when that latest holds the
 * same regions (imported before) or is a draft (theirs to finish first).
 * TRUE with *@written FALSE when nothing was written. */
static gboolean
add_revision (LimnStore       *store,
              LimnAnnotation  *a,
              gboolean         fresh,
              const char      *where,
              LimnFormatProblems *problems,
              gboolean        *written,
              GError         **error)
{
  g_autoptr(LimnAnnotation) latest = NULL;
  g_autoptr(GError) local_error = NULL;

  *written = FALSE;
  /* A task this import has just made holds no one's work: the first
   * revision, nothing to look up or replace. */
  if (fresh)
    {
      if (!limn_store_add_first_annotation (store, a, error) ||
          !limn_store_set_assignment (store, a->task_id, a->annotator,
                                      LIMN_ASSIGNMENT_SUBMITTED, error))
        return FALSE;
      *written = TRUE;
      return TRUE;
    }

  latest = limn_store_load_latest (store, a->task_id, a->annotator, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (latest != NULL)
    {
      g_autofree char *scope = NULL;

      if (same_regions (latest, a))
        return TRUE;
      if (latest->state == LIMN_ANNOTATION_DRAFT)
        {
          if (problems != NULL)
            limn_format_problems_add (problems, where, "draft-kept", LIMN_FORMAT_SKIPPED,
                                      _("“%s” has a draft of this item: it is kept, and the "
                                        "imported work is not added."), a->annotator);
          return TRUE;
        }
      scope = g_strdup_printf ("%s/%s/%" PRId64, a->task_id, a->annotator,
                               latest->revision + 1);
      g_free (a->id);
      a->id = limn_id_derive ("annotation", scope);
      a->revision = latest->revision + 1;
      a->parent_id = g_strdup (latest->id);
      for (guint r = 0; r < a->regions->len; r++)
        {
          LimnRegion *region = g_ptr_array_index (a->regions, r);

          g_free (region->id);
          region->id = derive_nth (a->id, r);
        }
    }

  if (!limn_store_save_annotation (store, a, error) ||
      !limn_store_set_assignment (store, a->task_id, a->annotator, LIMN_ASSIGNMENT_SUBMITTED,
                                  error))
    return FALSE;

  *written = TRUE;
  return TRUE;
}

/* Image tasks by file name, text tasks by id. */
static GHashTable *
index_tasks (GPtrArray *tasks)
{
  GHashTable *by = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  for (guint i = 0; i < tasks->len; i++)
    {
      LimnTask *task = g_ptr_array_index (tasks, i);
      const char *path = limn_task_get_media_path (task);

      g_hash_table_insert (by, g_strdup (limn_task_get_id (task)), g_object_ref (task));
      if (limn_task_get_kind (task) != LIMN_TASK_IMAGE)
        continue;
      if (path != NULL)
        g_hash_table_insert (by, g_path_get_basename (path), g_object_ref (task));
      if (!g_hash_table_contains (by, limn_task_get_title (task)))
        g_hash_table_insert (by, g_strdup (limn_task_get_title (task)), g_object_ref (task));
    }

  return by;
}

static LimnTask *
match_task (GHashTable      *tasks,
            LimnProject     *project,
            LimnDatasetItem *item)
{
  g_autofree char *id = NULL;
  LimnTask *task;

  if (item->kind == LIMN_TASK_IMAGE)
    {
      g_autofree char *name = g_path_get_basename (item->name);

      task = g_hash_table_lookup (tasks, name);
      if (task != NULL && limn_task_get_kind (task) == LIMN_TASK_IMAGE)
        return task;
    }

  /* The task's own id (an export of this project), else the one this
   * project's import gives the item. */
  task = g_hash_table_lookup (tasks, limn_attrs_get (item->attrs, "id") ?
                              limn_attrs_get (item->attrs, "id") : "");
  if (task == NULL)
    {
      id = task_id_for (project, item, FALSE);
      task = g_hash_table_lookup (tasks, id);
    }

  return task != NULL && limn_task_get_kind (task) == item->kind ? task : NULL;
}

/* The dataset's labels from the first not mapped yet on, as the
 * project's, by name; a label the project does not have is added to it
 * (the dialog leaves out the labels the user unticked before this is
 * called) and the project saved. A stream calls this as labels appear. */
gboolean
limn_import_into_map_labels (LimnImportInto  *ctx,
                             LimnDataset     *dataset,
                             GError         **error)
{
  guint added = 0;

  for (guint i = ctx->label_ids->len; i < limn_dataset_get_n_labels (dataset); i++)
    {
      const LimnDatasetLabel *l = limn_dataset_get_label (dataset, i);
      LimnLabel *label = limn_project_lookup_label_by_name (ctx->project, l->name);

      if (label == NULL)
        {
          guint place = g_list_model_get_n_items (limn_project_get_labels (ctx->project));
          g_autofree char *id = limn_id_derive (limn_project_get_id (ctx->project), l->name);
          g_autofree char *key = limn_hotkey_for_index (place);
          g_autoptr(LimnLabel) new_label = limn_label_new (id, l->name,
                                                           l->color ? l->color
                                                           : limn_color_for_index (place),
                                                           key);

          limn_label_set_description (new_label, limn_attrs_get (l->attrs, "description"));
          label_add_translations (new_label, l->attrs);
          limn_project_add_label (ctx->project, new_label);
          label = new_label;
          added++;
        }
      g_ptr_array_add (ctx->label_ids, g_strdup (limn_label_get_id (label)));
    }

  ctx->report.labels_added += added;
  return added == 0 || limn_store_save_project (ctx->store, ctx->project, error);
}

gboolean
limn_import_into_open (LimnImportInto      *ctx,
                       LimnStore           *store,
                       LimnProject         *project,
                       LimnFormatProblems  *problems,
                       GError             **error)
{
  g_autoptr(GPtrArray) tasks = NULL;

  memset (ctx, 0, sizeof *ctx);
  ctx->store = store;
  ctx->local = limn_store_get_local_annotator (store);
  ctx->project = g_object_ref (project);
  ctx->kind = limn_project_get_kind (project);
  ctx->problems = problems;
  ctx->label_ids = g_ptr_array_new_with_free_func (g_free);
  ctx->position = -1;

  if (limn_project_get_server_url (project) != NULL)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                   _("“%s” belongs to a team server: import into a project of your own."),
                   limn_project_get_name (project));
      return FALSE;
    }

  tasks = limn_store_list_tasks (store, limn_project_get_id (project), ctx->local, error);
  if (tasks == NULL)
    return FALSE;
  for (guint i = 0; i < tasks->len; i++)
    ctx->position = MAX (ctx->position, limn_task_get_position (g_ptr_array_index (tasks, i)));
  ctx->by = index_tasks (tasks);

  return TRUE;
}

void
limn_import_into_clear (LimnImportInto *ctx)
{
  g_clear_object (&ctx->project);
  g_clear_pointer (&ctx->by, g_hash_table_unref);
  g_clear_pointer (&ctx->label_ids, g_ptr_array_unref);
}

gboolean
limn_import_into_item (LimnImportInto   *ctx,
                       LimnDatasetItem  *item,
                       GError          **error)
{
  LimnStore *store = ctx->store;
  LimnFormatProblems *problems = ctx->problems;
  LimnTask *task = match_task (ctx->by, ctx->project, item);
  g_autoptr(Pending) p = NULL;
  g_autofree char *id = NULL;
  gboolean matched = task != NULL;
  gboolean fresh = FALSE;       /* a task row this item has just made */

  if ((ctx->kind == LIMN_PROJECT_IMAGE && item->kind != LIMN_TASK_IMAGE) ||
      (ctx->kind == LIMN_PROJECT_TEXT && item->kind != LIMN_TASK_TEXT))
    {
      if (problems != NULL)
        limn_format_problems_add (problems, item->name, "wrong-kind", LIMN_FORMAT_SKIPPED,
                                  item->kind == LIMN_TASK_IMAGE
                                  ? _("An image, and this project labels texts.")
                                  : _("A text, and this project labels images."));
      ctx->report.skipped++;
      return TRUE;
    }

  if (task != NULL)
    id = g_strdup (limn_task_get_id (task));
  else
    {
      id = task_id_for (ctx->project, item, ctx->own_ids);
      /* A stream hands over the records of one item apart: the task a
       * record before made is this one's too. */
      if (ctx->seen != NULL)
        {
          gboolean first;

          if (!ctx->seen (store, ctx->seen_data, id, &first, error))
            return FALSE;
          matched = !first;
        }
    }

  if (matched && item->kind == LIMN_TASK_TEXT)
    {
      g_autoptr(GError) text_error = NULL;
      g_autofree char *text = limn_store_load_task_text (store, id, &text_error);

      if (text == NULL && !g_error_matches (text_error, LIMN_STORE_ERROR,
                                            LIMN_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&text_error));
          return FALSE;
        }
      /* Spans count characters: on other words they would mean other things. */
      if (g_strcmp0 (text, item->text) != 0)
        {
          if (problems != NULL)
            limn_format_problems_add (problems, item->name, "text-differs",
                                      LIMN_FORMAT_SKIPPED,
                                      _("The project has a text of this id with other "
                                        "words: its spans would not fit."));
          ctx->report.skipped++;
          return TRUE;
        }
    }

  if (matched)
    {
      /* There already: only its work, its image need not be here. */
      g_autoptr(LimnTextIndex) index = NULL;

      if (item->kind == LIMN_TASK_TEXT &&
          (index = limn_text_index_new (item->text, -1, error)) == NULL)
        return FALSE;
      p = g_new0 (Pending, 1);
      p->suggestions = make_suggestions (ctx->label_ids, item, id, index);
      p->annotations = make_annotations (ctx->project, ctx->label_ids, item, id, index,
                                         ctx->local);
      if (task != NULL)
        ctx->report.matched++;
    }
  else
    {
      g_autoptr(GError) task_error = NULL;

      p = make_task (ctx->project, ctx->label_ids, item, id, (guint) (ctx->position + 1),
                     ctx->local, &task_error);
      /* An image not on this computer: that item left out, not all. */
      if (p == NULL && g_error_matches (task_error, LIMN_IMPORT_ERROR,
                                        LIMN_IMPORT_ERROR_NOT_FOUND))
        {
          if (problems != NULL)
            limn_format_problems_add (problems, item->name, "image-missing",
                                      LIMN_FORMAT_SKIPPED, "%s", task_error->message);
          ctx->report.skipped++;
          return TRUE;
        }
      if (p == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&task_error));
          return FALSE;
        }
      if (!limn_store_insert_task (store, p->task, p->text, &fresh, error))
        return FALSE;
      ctx->position++;
      ctx->report.added++;
    }

  /* A fresh task has no suggestions to replace. */
  if (((!matched && !fresh) || p->suggestions->len > 0) &&
      !limn_store_save_suggestions (store, id, p->suggestions, error))
    return FALSE;

  for (guint j = 0; j < p->annotations->len; j++)
    {
      LimnAnnotation *a = g_ptr_array_index (p->annotations, j);
      gboolean first = fresh;
      gboolean written;

      /* Two sets by one annotator: the second is their next revision. */
      for (guint k = 0; first && k < j; k++)
        first = g_strcmp0 (((LimnAnnotation *) g_ptr_array_index (p->annotations, k))->annotator,
                           a->annotator) != 0;
      if (!add_revision (store, a, first, item->name, problems, &written, error))
        return FALSE;
      ctx->report.revisions += written;
    }

  return TRUE;
}

/**
 * limn_store_import_into:
 * @problems: (nullable): where the items left out are reported
 *
 * Adds @dataset to the local project @project_id in one transaction:
 * items already in it (images by file name, texts by id) get the
 * dataset's annotations as each annotator's next submitted revision and
 * its suggestions, if it has any, in place of the earlier ones; other
 * items become new tasks after the last. Labels match by name; one the
 * project does not have is added. An item of a kind the project does not
 * hold, a text whose words differ from the task's, or a new image that is
 * not on this computer is skipped and reported. Imported again, nothing changes.
 *
 * Returns: (transfer full): the project as stored
 */
LimnProject *
limn_store_import_into (LimnStore          *store,
                        const char         *project_id,
                        LimnDataset        *dataset,
                        LimnImportReport   *report,
                        LimnFormatProblems *problems,
                        GError            **error)
{
  g_autoptr(LimnProject) project = NULL;
  LimnImportInto ctx = { 0 };

  g_return_val_if_fail (LIMN_IS_STORE (store), NULL);
  g_return_val_if_fail (project_id != NULL, NULL);
  g_return_val_if_fail (dataset != NULL, NULL);

  if (!limn_store_begin (store, error))
    return NULL;

  project = limn_store_load_project (store, project_id, error);
  if (project == NULL ||
      !limn_import_into_open (&ctx, store, project, problems, error) ||
      !limn_import_into_map_labels (&ctx, dataset, error))
    goto fail;

  for (guint i = 0; i < limn_dataset_get_n_items (dataset); i++)
    if (!limn_import_into_item (&ctx, limn_dataset_get_item (dataset, i), error))
      goto fail;

  if (!limn_store_commit (store, error))
    {
      limn_import_into_clear (&ctx);
      return NULL;
    }

  if (report != NULL)
    *report = ctx.report;
  g_set_object (&project, ctx.project);
  limn_import_into_clear (&ctx);
  return g_steal_pointer (&project);

fail:
  limn_import_into_clear (&ctx);
  limn_store_rollback (store);
  return NULL;
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
