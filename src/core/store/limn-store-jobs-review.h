/* limn-store-jobs-review.h
 *
 * What the Review page asks of the store, as typed async calls on the
 * writer thread (the limn-store-jobs.h pattern): the queue as listed, one
 * leased item with everything needed to show it, and a verdict saved as a
 * draft or queued for the server. The page never sees SQL nor waits on
 * disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-store-notes.h"
#include "limn-store-review.h"
#include "limn-store-worker.h"
#include "text/limn-text-index.h"

G_BEGIN_DECLS

typedef struct
{
  LimnReviewItem    *item;
  LimnTask          *task;
  GPtrArray         *annotations;  /* LimnAnnotation: everyone's revisions, as received */
  GPtrArray         *suggestions;  /* LimnRegion: the task's pre-labels */
  GPtrArray         *flags;        /* LimnFlag raised on the task, as stored here */
  GPtrArray         *history;      /* LimnHistoryEntry: the task's revisions and verdicts */
  char              *gold_json;    /* the gold regions as received, or NULL */
  GPtrArray         *gold;         /* LimnRegion: the same, read, or NULL */
  LimnTextIndex     *text;         /* text tasks */
  LimnReviewVerdict *draft;        /* the verdict being made, or NULL */
  GPtrArray         *notes;        /* LimnNote written here to the item's annotators, oldest first */
} LimnReviewContents;

void limn_review_contents_free (LimnReviewContents *contents);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnReviewContents, limn_review_contents_free)

/* The review items of @project_id stored here (LimnReviewItem), oldest
 * first. */
void                limn_store_jobs_review_list_async    (LimnStoreWorker     *worker,
                                                          const char          *project_id,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
GPtrArray          *limn_store_jobs_review_list_finish   (LimnStoreWorker     *worker,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* A leased item of @project_id with its task and contents. */
void                limn_store_jobs_review_open_async    (LimnStoreWorker     *worker,
                                                          const char          *project_id,
                                                          const char          *item_id,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
LimnReviewContents *limn_store_jobs_review_open_finish   (LimnStoreWorker     *worker,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* Saves a copy of @draft (limn_store_review_save_draft); the callback may
 * be NULL: a draft that fails to save is lost work only until the next. */
void                limn_store_jobs_review_save_draft_async (LimnStoreWorker  *worker,
                                                          const LimnReviewVerdict *draft,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
/* Queues a copy of @verdict for the server (limn_store_review_queue_verdict). */
void                limn_store_jobs_review_queue_async   (LimnStoreWorker     *worker,
                                                          const LimnReviewVerdict *verdict,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
/* For save_draft and queue. */
gboolean            limn_store_jobs_review_finish        (LimnStoreWorker     *worker,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* Queues a copy of @note (limn_store_queue_note); the result is the note
 * as queued (with its sync status), free with limn_note_free(). */
void                limn_store_jobs_review_queue_note_async  (LimnStoreWorker     *worker,
                                                          const LimnNote      *note,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
LimnNote           *limn_store_jobs_review_queue_note_finish (LimnStoreWorker     *worker,
                                                          GAsyncResult        *result,
                                                          GError             **error);

G_END_DECLS
