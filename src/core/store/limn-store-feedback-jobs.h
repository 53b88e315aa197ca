/* limn-store-feedback-jobs.h
 *
 * What the app asks of the store about review and feedback (docs/review.md):
 * the verdicts on the open task and a guideline update waiting to be read,
 * a task's history, the annotator's threads and coaching notes, a reply,
 * an acknowledgement. Typed async calls run on the writer thread like
 * limn-store-jobs.h, so the app never sees SQL or waits on disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-store-guidelines.h"
#include "limn-store-notes.h"
#include "limn-store-review.h"
#include "limn-store-threads.h"
#include "limn-store-worker.h"

G_BEGIN_DECLS

typedef struct
{
  GPtrArray     *reviews;      /* LimnReviewVerdict on the task, oldest first */
  LimnGuideline *needing_ack;  /* the project's newest version if not acknowledged, or NULL */
  char          *previous_body; /* the version before @needing_ack, or NULL */
  /* The latest verdict received is a correction: the revision it
   * corrected, with its regions (the correction is the verdict's), or NULL. */
  LimnAnnotation *corrected;
  /* The latest verdict received sent the task back and a revision of
   * mine answering it has been submitted since. */
  gboolean       resubmitted;
  /* Training (docs/training.md): the gold regions once I submitted the
   * task (JSON, or NULL), and the project's settings JSON with the rule
   * and my status. */
  char          *gold_json;
  char          *settings_json;
} LimnTaskFeedback;

typedef struct
{
  GPtrArray *threads;          /* LimnThread, last activity first */
  GPtrArray *notes;            /* LimnNote received, oldest first */
  gint64     n_unread;         /* unread flags, replies and notes, as before this read */
} LimnFeedbackContents;

void                  limn_task_feedback_free          (LimnTaskFeedback     *feedback);
void                  limn_feedback_contents_free      (LimnFeedbackContents *contents);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnTaskFeedback, limn_task_feedback_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnFeedbackContents, limn_feedback_contents_free)

/* The verdicts on @task_id (nullable: none; marked read) and the
 * guideline update of @project_id waiting to be acknowledged. */
void                  limn_store_jobs_task_feedback_async  (LimnStoreWorker     *worker,
                                                            const char          *project_id,
                                                            const char          *task_id,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
LimnTaskFeedback     *limn_store_jobs_task_feedback_finish (LimnStoreWorker     *worker,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* Returns (finish): (element-type LimnHistoryEntry). */
void                  limn_store_jobs_history_async        (LimnStoreWorker     *worker,
                                                            const char          *task_id,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
GPtrArray            *limn_store_jobs_history_finish       (LimnStoreWorker     *worker,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* @project_id's threads and the notes received; @mark_notes_read: the
 * notes are on screen. */
void                  limn_store_jobs_feedback_async       (LimnStoreWorker     *worker,
                                                            const char          *project_id,
                                                            gboolean             mark_notes_read,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
LimnFeedbackContents *limn_store_jobs_feedback_finish      (LimnStoreWorker     *worker,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* One thread with its replies; @mark_read: it is on screen. */
void                  limn_store_jobs_load_thread_async    (LimnStoreWorker     *worker,
                                                            const char          *thread_id,
                                                            gboolean             mark_read,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
LimnThread           *limn_store_jobs_load_thread_finish   (LimnStoreWorker     *worker,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* Takes ownership of @message: stored and queued for the server. */
void                  limn_store_jobs_queue_message_async  (LimnStoreWorker     *worker,
                                                            LimnMessage         *message,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
void                  limn_store_jobs_ack_guideline_async  (LimnStoreWorker     *worker,
                                                            const char          *project_id,
                                                            gint64               version,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
/* For queue_message and ack_guideline. */
gboolean              limn_store_jobs_feedback_done_finish (LimnStoreWorker     *worker,
                                                            GAsyncResult        *result,
                                                            GError             **error);

G_END_DECLS
