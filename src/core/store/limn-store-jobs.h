/* limn-store-jobs.h
 *
 * What the app asks of the store, as typed async calls that run on the
 * writer thread (LimnStoreWorker). The app never sees SQL or waits on disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-store-import.h"
#include "limn-store-import-stream.h"
#include "limn-store-worker.h"
#include "text/limn-text-index.h"

G_BEGIN_DECLS

typedef struct
{
  LimnProject *project;
  GPtrArray   *tasks;        /* LimnTask, in order, with this annotator's status */
  gint64       n_unread_feedback; /* unread flags, replies and notes: the Feedback badge */
} LimnProjectContents;

typedef struct
{
  LimnTask       *task;
  LimnAnnotation *annotation;  /* the draft to edit: stored, next revision, or fresh */
  GPtrArray      *suggestions; /* LimnRegion (source MODEL) */
  LimnTextIndex  *text;        /* text tasks: the document, indexed off the UI thread */
  gboolean        read_only;   /* @annotation is submitted: shown as sent until the annotator edits */
  gboolean        stored_draft; /* @annotation is a draft already in the store */
} LimnTaskContents;

void                 limn_project_contents_free   (LimnProjectContents *contents);
void                 limn_task_contents_free      (LimnTaskContents    *contents);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnProjectContents, limn_project_contents_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnTaskContents, limn_task_contents_free)

/* @project_id: (nullable): NULL opens the most recently used project. */
void                 limn_store_jobs_open_project_async (LimnStoreWorker     *worker,
                                                         const char          *project_id,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
LimnProjectContents *limn_store_jobs_open_project_finish (LimnStoreWorker    *worker,
                                                          GAsyncResult       *result,
                                                          GError            **error);

/* limn_store_import_source() on the writer thread. @labels: (nullable):
 * for folders and text files; NULL reads labels.txt. */
void                 limn_store_jobs_import_async       (LimnStoreWorker     *worker,
                                                         LimnImportKind       kind,
                                                         const char          *path,
                                                         const char          *name,
                                                         const char * const  *labels,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
LimnProjectContents *limn_store_jobs_import_finish      (LimnStoreWorker     *worker,
                                                         GAsyncResult        *result,
                                                         GError             **error);

/* limn_store_import_labeled() on the writer thread, in one transaction
 * that a cancel rolls back whole. Takes ownership of @dataset. Finish
 * with limn_store_jobs_import_finish(). */
void                 limn_store_jobs_import_labeled_async (LimnStoreWorker   *worker,
                                                           LimnDataset       *dataset,
                                                           GCancellable      *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer           user_data);

typedef struct
{
  LimnProjectContents *contents;   /* the project after the import */
  LimnImportReport     report;
  LimnFormatProblems  *problems;   /* items left out, and why */
} LimnImportIntoResult;

void                  limn_import_into_result_free (LimnImportIntoResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnImportIntoResult, limn_import_into_result_free)

/* limn_store_import_into() on the writer thread, in one transaction that
 * a cancel rolls back whole. Takes ownership of @dataset. */
void                  limn_store_jobs_import_into_async  (LimnStoreWorker     *worker,
                                                          const char          *project_id,
                                                          LimnDataset         *dataset,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
LimnImportIntoResult *limn_store_jobs_import_into_finish (LimnStoreWorker     *worker,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* How far a streamed import has read, set on the writer thread and read
 * on any (the dialog's progress bar); refcounted. */
typedef struct _LimnImportProgress LimnImportProgress;

LimnImportProgress   *limn_import_progress_new   (void);
LimnImportProgress   *limn_import_progress_ref   (LimnImportProgress *progress);
void                  limn_import_progress_unref (LimnImportProgress *progress);
/* The fraction of the file read, 0 to 1; negative when the reader cannot tell. */
double                limn_import_progress_get   (LimnImportProgress *progress);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnImportProgress, limn_import_progress_unref)

/* limn_store_import_stream() on the writer thread: @path read with
 * @format straight into the store in one transaction that a cancel rolls
 * back whole; @project_id NULL makes a new project. @options' strings are
 * copied, its progress callback is replaced by @progress (nullable).
 * Finish with limn_store_jobs_import_into_finish(). */
void                  limn_store_jobs_import_stream_async (LimnStoreWorker             *worker,
                                                           const LimnFormat            *format,
                                                           const char                  *path,
                                                           const LimnFormatReadOptions *options,
                                                           const char * const          *labels,
                                                           const char                  *project_id,
                                                           LimnImportProgress          *progress,
                                                           GCancellable                *cancellable,
                                                           GAsyncReadyCallback          callback,
                                                           gpointer                     user_data);

void                 limn_store_jobs_open_task_async    (LimnStoreWorker     *worker,
                                                         const char          *task_id,
                                                         gint64               guideline_version,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
LimnTaskContents    *limn_store_jobs_open_task_finish   (LimnStoreWorker     *worker,
                                                         GAsyncResult        *result,
                                                         GError             **error);

/* Freezes @snapshot as submitted; the callback means it is on disk with
 * every event recorded before it. */
void                 limn_store_jobs_submit_async       (LimnStoreWorker     *worker,
                                                         LimnAnnotation      *snapshot,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
/* Skips the task; @snapshot (nullable) keeps any work on it as a draft. */
void                 limn_store_jobs_skip_async         (LimnStoreWorker     *worker,
                                                         const char          *task_id,
                                                         LimnAnnotation      *snapshot,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
/* Takes ownership of @flag. */
void                 limn_store_jobs_flag_async         (LimnStoreWorker     *worker,
                                                         LimnFlag            *flag,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
/* For submit, skip and flag. */
gboolean             limn_store_jobs_finish             (LimnStoreWorker     *worker,
                                                         GAsyncResult        *result,
                                                         GError             **error);

G_END_DECLS
