/* limn-store-jobs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-store-jobs.h"
#include "limn-store-notes.h"
#include "limn-store-outbox.h"
#include "limn-store-threads.h"

void
limn_project_contents_free (LimnProjectContents *contents)
{
  if (contents == NULL)
    return;

  g_clear_object (&contents->project);
  g_clear_pointer (&contents->tasks, g_ptr_array_unref);
  g_free (contents);
}

void
limn_task_contents_free (LimnTaskContents *contents)
{
  if (contents == NULL)
    return;

  g_clear_object (&contents->task);
  g_clear_pointer (&contents->annotation, limn_annotation_unref);
  g_clear_pointer (&contents->suggestions, g_ptr_array_unref);
  g_clear_pointer (&contents->text, limn_text_index_unref);
  g_free (contents);
}

static LimnProjectContents *
load_contents (LimnStore   *store,
               LimnProject *project,
               GError     **error)
{
  g_autoptr(LimnProjectContents) contents = g_new0 (LimnProjectContents, 1);

  contents->project = g_object_ref (project);
  contents->tasks = limn_store_list_tasks (store, limn_project_get_id (project),
                                           limn_store_get_local_annotator (store), error);
  if (contents->tasks == NULL)
    return NULL;

  /* Two counts on indexed columns: the badge is right from the start
   * without building the Feedback page. */
  if (limn_project_get_server_url (project) != NULL)
    {
      gint64 n_messages = limn_store_count_unread_messages (store, limn_project_get_id (project), error);
      gint64 n_notes = n_messages < 0 ? -1 : limn_store_count_unread_notes (store, error);

      if (n_notes < 0)
        return NULL;
      contents->n_unread_feedback = n_messages + n_notes;
    }

  return g_steal_pointer (&contents);
}

/* Open project */

static gpointer
open_project_job (LimnStore  *store,
                  gpointer    data,
                  GError    **error)
{
  const char *project_id = data;
  g_autoptr(LimnProject) project = NULL;

  if (project_id != NULL)
    project = limn_store_load_project (store, project_id, error);
  else
    {
      g_autoptr(GPtrArray) all = limn_store_list_projects (store, error);

      if (all == NULL)
        return NULL;
      if (all->len == 0)
        {
          g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND,
                       _("There are no projects yet."));
          return NULL;
        }
      project = g_object_ref (g_ptr_array_index (all, 0));
    }

  if (project == NULL)
    return NULL;

  return load_contents (store, project, error);
}

void
limn_store_jobs_open_project_async (LimnStoreWorker     *worker,
                                    const char          *project_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  limn_store_worker_run_async (worker, open_project_job, g_strdup (project_id), g_free,
                               (GDestroyNotify)limn_project_contents_free,
                               cancellable, callback, user_data);
}

LimnProjectContents *
limn_store_jobs_open_project_finish (LimnStoreWorker  *worker,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  return limn_store_worker_run_finish (worker, result, error);
}

/* Import */

typedef struct
{
  LimnImportKind kind;
  char          *path;
  char          *name;
  GStrv          labels;
} ImportData;

static void
import_data_free (gpointer data)
{
  ImportData *d = data;

  g_free (d->path);
  g_free (d->name);
  g_strfreev (d->labels);
  g_free (d);
}

static gpointer
import_job (LimnStore  *store,
            gpointer    data,
            GError    **error)
{
  ImportData *d = data;
  g_autoptr(LimnProject) project = limn_store_import_source (store, d->kind, d->path, d->name,
                                                             (const char * const *) d->labels,
                                                             error);

  if (project == NULL)
    return NULL;

  return load_contents (store, project, error);
}

void
limn_store_jobs_import_async (LimnStoreWorker     *worker,
                              LimnImportKind       kind,
                              const char          *path,
                              const char          *name,
                              const char * const  *labels,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  ImportData *d = g_new0 (ImportData, 1);

  d->kind = kind;
  d->path = g_strdup (path);
  d->name = g_strdup (name);
  d->labels = labels ? g_strdupv ((char **)labels) : NULL;

  limn_store_worker_run_async (worker, import_job, d, import_data_free,
                               (GDestroyNotify)limn_project_contents_free,
                               cancellable, callback, user_data);
}

LimnProjectContents *
limn_store_jobs_import_finish (LimnStoreWorker  *worker,
                               GAsyncResult     *result,
                               GError          **error)
{
  return limn_store_worker_run_finish (worker, result, error);
}

/* Import with annotations */

typedef struct
{
  LimnDataset  *dataset;
  GCancellable *cancellable;
} LabeledData;

static void
labeled_data_free (gpointer data)
{
  LabeledData *d = data;

  g_clear_pointer (&d->dataset, limn_dataset_free);
  g_clear_object (&d->cancellable);
  g_free (d);
}

static gpointer
import_labeled_job (LimnStore  *store,
                    gpointer    data,
                    GError    **error)
{
  LabeledData *d = data;
  g_autoptr(LimnProject) project = NULL;

  if (g_cancellable_set_error_if_cancelled (d->cancellable, error))
    return NULL;

  project = limn_store_import_labeled (store, d->dataset, error);
  if (project == NULL)
    return NULL;

  /* Cancelled while it was written: the error rolls the job's
   * transaction back, so nothing of it stays. */
  if (g_cancellable_set_error_if_cancelled (d->cancellable, error))
    return NULL;

  return load_contents (store, project, error);
}

void
limn_store_jobs_import_labeled_async (LimnStoreWorker     *worker,
                                      LimnDataset         *dataset,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  LabeledData *d = g_new0 (LabeledData, 1);

  d->dataset = dataset;
  d->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  limn_store_worker_run_async (worker, import_labeled_job, d, labeled_data_free,
                               (GDestroyNotify)limn_project_contents_free,
                               cancellable, callback, user_data);
}

/* Import into the open project */

typedef struct
{
  char         *project_id;
  LimnDataset  *dataset;
  GCancellable *cancellable;
} IntoData;

static void
into_data_free (gpointer data)
{
  IntoData *d = data;

  g_free (d->project_id);
  g_clear_pointer (&d->dataset, limn_dataset_free);
  g_clear_object (&d->cancellable);
  g_free (d);
}

void
limn_import_into_result_free (LimnImportIntoResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->contents, limn_project_contents_free);
  g_clear_pointer (&result->problems, limn_format_problems_free);
  g_free (result);
}

static gpointer
import_into_job (LimnStore  *store,
                 gpointer    data,
                 GError    **error)
{
  IntoData *d = data;
  g_autoptr(LimnImportIntoResult) result = g_new0 (LimnImportIntoResult, 1);
  g_autoptr(LimnProject) project = NULL;

  if (g_cancellable_set_error_if_cancelled (d->cancellable, error))
    return NULL;

  result->problems = limn_format_problems_new ();
  project = limn_store_import_into (store, d->project_id, d->dataset, &result->report,
                                    result->problems, error);
  if (project == NULL)
    return NULL;

  /* As for a new project: a cancel now rolls it all back. */
  if (g_cancellable_set_error_if_cancelled (d->cancellable, error))
    return NULL;

  result->contents = load_contents (store, project, error);
  if (result->contents == NULL)
    return NULL;

  return g_steal_pointer (&result);
}

void
limn_store_jobs_import_into_async (LimnStoreWorker     *worker,
                                   const char          *project_id,
                                   LimnDataset         *dataset,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  IntoData *d = g_new0 (IntoData, 1);

  d->project_id = g_strdup (project_id);
  d->dataset = dataset;
  d->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  limn_store_worker_run_async (worker, import_into_job, d, into_data_free,
                               (GDestroyNotify) limn_import_into_result_free,
                               cancellable, callback, user_data);
}

LimnImportIntoResult *
limn_store_jobs_import_into_finish (LimnStoreWorker  *worker,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  return limn_store_worker_run_finish (worker, result, error);
}

/* Streamed import */

struct _LimnImportProgress
{
  int permille;   /* -1: the reader cannot tell */
};

LimnImportProgress *
limn_import_progress_new (void)
{
  LimnImportProgress *progress = g_atomic_rc_box_new0 (LimnImportProgress);

  progress->permille = -1;
  return progress;
}

LimnImportProgress *
limn_import_progress_ref (LimnImportProgress *progress)
{
  return g_atomic_rc_box_acquire (progress);
}

void
limn_import_progress_unref (LimnImportProgress *progress)
{
  if (progress != NULL)
    g_atomic_rc_box_release (progress);
}

double
limn_import_progress_get (LimnImportProgress *progress)
{
  int permille = g_atomic_int_get (&progress->permille);

  return permille < 0 ? -1 : permille / 1000.0;
}

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  LimnImportProgress *progress = user_data;

  if (total > 0)
    g_atomic_int_set (&progress->permille, (int) MIN (done * 1000 / total, 1000));
}

typedef struct
{
  const LimnFormat      *format;
  char                  *path;
  LimnFormatReadOptions  options;
  char                  *model;
  char                  *model_version;
  char                  *images;
  GStrv                  labels;
  char                  *project_id;
  LimnImportProgress    *progress;
  GCancellable          *cancellable;
} StreamData;

static void
stream_data_free (gpointer data)
{
  StreamData *d = data;

  g_free (d->path);
  g_free (d->model);
  g_free (d->model_version);
  g_free (d->images);
  g_strfreev (d->labels);
  g_free (d->project_id);
  g_clear_pointer (&d->progress, limn_import_progress_unref);
  g_clear_object (&d->cancellable);
  g_free (d);
}

static gpointer
import_stream_job (LimnStore  *store,
                   gpointer    data,
                   GError    **error)
{
  StreamData *d = data;
  g_autoptr(LimnImportIntoResult) result = g_new0 (LimnImportIntoResult, 1);
  g_autoptr(LimnProject) project = NULL;

  if (g_cancellable_set_error_if_cancelled (d->cancellable, error))
    return NULL;

  result->problems = limn_format_problems_new ();
  project = limn_store_import_stream (store, d->format, d->path, &d->options,
                                      (const char * const *) d->labels, d->project_id,
                                      &result->report, result->problems, d->cancellable, error);
  if (project == NULL)
    return NULL;

  result->contents = load_contents (store, project, error);
  if (result->contents == NULL)
    return NULL;

  return g_steal_pointer (&result);
}

void
limn_store_jobs_import_stream_async (LimnStoreWorker             *worker,
                                     const LimnFormat            *format,
                                     const char                  *path,
                                     const LimnFormatReadOptions *options,
                                     const char * const          *labels,
                                     const char                  *project_id,
                                     LimnImportProgress          *progress,
                                     GCancellable                *cancellable,
                                     GAsyncReadyCallback          callback,
                                     gpointer                     user_data)
{
  StreamData *d = g_new0 (StreamData, 1);

  d->format = format;
  d->path = g_strdup (path);
  if (options != NULL)
    d->options = *options;
  d->options.model = d->model = g_strdup (d->options.model);
  d->options.model_version = d->model_version = g_strdup (d->options.model_version);
  d->options.images = d->images = g_strdup (d->options.images);
  d->options.progress = progress ? progress_cb : NULL;
  d->options.progress_data = progress;
  d->progress = progress ? limn_import_progress_ref (progress) : NULL;
  d->labels = labels ? g_strdupv ((char **) labels) : NULL;
  d->project_id = g_strdup (project_id);
  d->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  limn_store_worker_run_async (worker, import_stream_job, d, stream_data_free,
                               (GDestroyNotify) limn_import_into_result_free,
                               cancellable, callback, user_data);
}

/* Open task */

typedef struct
{
  char   *task_id;
  gint64  guideline_version;
} OpenTaskData;

static void
open_task_data_free (gpointer data)
{
  OpenTaskData *d = data;

  g_free (d->task_id);
  g_free (d);
}

static gpointer
open_task_job (LimnStore  *store,
               gpointer    data,
               GError    **error)
{
  OpenTaskData *d = data;
  const char *annotator = limn_store_get_local_annotator (store);
  g_autoptr(LimnTaskContents) contents = g_new0 (LimnTaskContents, 1);
  g_autoptr(LimnAnnotation) latest = NULL;
  g_autoptr(GError) local_error = NULL;

  contents->task = limn_store_load_task (store, d->task_id, annotator, error);
  if (contents->task == NULL)
    return NULL;

  latest = limn_store_load_latest (store, d->task_id, annotator, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* Continue the open draft. A submitted revision is shown as it was sent:
   * opening a task to look at it changes nothing, and editing it again is
   * the annotator's choice (LimnDraft makes the next revision then). */
  if (latest == NULL)
    {
      contents->annotation = limn_annotation_new (NULL, d->task_id, annotator);
      contents->annotation->guideline_version = d->guideline_version;
    }
  else
    {
      contents->read_only = latest->state == LIMN_ANNOTATION_SUBMITTED ||
                            latest->state == LIMN_ANNOTATION_CONFLICTED;
      contents->stored_draft = latest->state == LIMN_ANNOTATION_DRAFT;
      contents->annotation = g_steal_pointer (&latest);
    }

  contents->suggestions = limn_store_load_suggestions (store, d->task_id, error);
  if (contents->suggestions == NULL)
    return NULL;

  if (limn_task_get_kind (contents->task) == LIMN_TASK_TEXT)
    {
      g_autofree char *text = limn_store_load_task_text (store, d->task_id, error);

      if (text == NULL)
        return NULL;

      contents->text = limn_text_index_new (text, -1, error);
      if (contents->text == NULL)
        return NULL;
    }

  return g_steal_pointer (&contents);
}

void
limn_store_jobs_open_task_async (LimnStoreWorker     *worker,
                                 const char          *task_id,
                                 gint64               guideline_version,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  OpenTaskData *d = g_new0 (OpenTaskData, 1);

  d->task_id = g_strdup (task_id);
  d->guideline_version = guideline_version;

  limn_store_worker_run_async (worker, open_task_job, d, open_task_data_free,
                               (GDestroyNotify)limn_task_contents_free,
                               cancellable, callback, user_data);
}

LimnTaskContents *
limn_store_jobs_open_task_finish (LimnStoreWorker  *worker,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  return limn_store_worker_run_finish (worker, result, error);
}

/* Submit, skip, flag */

static gpointer
submit_job (LimnStore  *store,
            gpointer    data,
            GError    **error)
{
  g_autoptr(LimnAnnotation) frozen = limn_annotation_dup (data);

  frozen->state = LIMN_ANNOTATION_SUBMITTED;
  frozen->submitted_us = g_get_real_time ();

  /* A remote project's submit enters the outbox in the same transaction. */
  if (!limn_store_save_annotation (store, frozen, error) ||
      !limn_store_set_assignment (store, frozen->task_id, frozen->annotator,
                                  LIMN_ASSIGNMENT_SUBMITTED, error) ||
      !limn_store_outbox_queue_annotation (store, frozen, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

void
limn_store_jobs_submit_async (LimnStoreWorker     *worker,
                              LimnAnnotation      *snapshot,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  limn_store_worker_run_async (worker, submit_job, limn_annotation_ref (snapshot),
                               (GDestroyNotify)limn_annotation_unref, NULL,
                               cancellable, callback, user_data);
}

typedef struct
{
  char           *task_id;
  LimnAnnotation *snapshot;
} SkipData;

static void
skip_data_free (gpointer data)
{
  SkipData *d = data;

  g_free (d->task_id);
  g_clear_pointer (&d->snapshot, limn_annotation_unref);
  g_free (d);
}

static gpointer
skip_job (LimnStore  *store,
          gpointer    data,
          GError    **error)
{
  SkipData *d = data;

  if (d->snapshot != NULL && d->snapshot->regions->len > 0 &&
      !limn_store_save_annotation (store, d->snapshot, error))
    return NULL;

  if (!limn_store_set_assignment (store, d->task_id, limn_store_get_local_annotator (store),
                                  LIMN_ASSIGNMENT_SKIPPED, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

void
limn_store_jobs_skip_async (LimnStoreWorker     *worker,
                            const char          *task_id,
                            LimnAnnotation      *snapshot,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  SkipData *d = g_new0 (SkipData, 1);

  d->task_id = g_strdup (task_id);
  d->snapshot = snapshot ? limn_annotation_ref (snapshot) : NULL;

  limn_store_worker_run_async (worker, skip_job, d, skip_data_free, NULL,
                               cancellable, callback, user_data);
}

static gpointer
flag_job (LimnStore  *store,
          gpointer    data,
          GError    **error)
{
  if (!limn_store_add_flag (store, data, error) ||
      !limn_store_outbox_queue_flag (store, data, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

void
limn_store_jobs_flag_async (LimnStoreWorker     *worker,
                            LimnFlag            *flag,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  limn_store_worker_run_async (worker, flag_job, flag, (GDestroyNotify)limn_flag_free, NULL,
                               cancellable, callback, user_data);
}

gboolean
limn_store_jobs_finish (LimnStoreWorker  *worker,
                        GAsyncResult     *result,
                        GError          **error)
{
  return limn_store_worker_run_finish (worker, result, error) != NULL;
}
