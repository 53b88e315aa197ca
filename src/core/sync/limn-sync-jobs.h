/* limn-sync-jobs.h
 *
 * The sync client's database work, as typed async jobs on the store's
 * writer thread (LimnStoreWorker): each runs in one transaction, so what
 * the server sent is applied whole or not at all. Internal to the core;
 * the app calls LimnSyncClient.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "store/limn-store-changes.h"
#include "store/limn-store-outbox.h"
#include "store/limn-store-worker.h"
#include "limn-wire.h"

G_BEGIN_DECLS

/* For jobs that return a boolean. */
gboolean          limn_sync_jobs_finish              (LimnStoreWorker     *worker,
                                                      GAsyncResult        *result,
                                                      GError             **error);

void              limn_sync_jobs_ensure_account_async (LimnStoreWorker    *worker,
                                                       const char         *server_url,
                                                       const LimnWireMe   *me,
                                                       const char         *token_ref,
                                                       gboolean            allow_insecure,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
/* @account_id: (nullable): NULL for the most recently used. */
void              limn_sync_jobs_load_account_async  (LimnStoreWorker     *worker,
                                                      const char          *account_id,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
LimnAccount      *limn_sync_jobs_account_finish      (LimnStoreWorker     *worker,
                                                      GAsyncResult        *result,
                                                      GError             **error);
void              limn_sync_jobs_delete_account_async (LimnStoreWorker    *worker,
                                                       const char         *account_id,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);

/* @in_flight: the keys of batches on their way (a string set). It is read
 * and changed only on the writer thread, by these jobs, so two senders
 * never take the same batch: taking adds the key; acking, releasing,
 * rejecting and re-keying remove it; limn_sync_jobs_clear_in_flight_async()
 * empties it when a run starts. */
GHashTable       *limn_sync_jobs_in_flight_new       (void);
void              limn_sync_jobs_clear_in_flight_async (LimnStoreWorker   *worker,
                                                        GHashTable        *in_flight);
void              limn_sync_jobs_take_batch_async    (LimnStoreWorker     *worker,
                                                      const LimnAccount   *account,
                                                      guint                max_items,
                                                      gsize                max_bytes,
                                                      GHashTable          *in_flight,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
/* A batch with a NULL key means nothing is waiting. */
LimnOutboxBatch  *limn_sync_jobs_take_batch_finish   (LimnStoreWorker     *worker,
                                                      GAsyncResult        *result,
                                                      GError             **error);
/* Takes ownership of @results (LimnWireResult). */
void              limn_sync_jobs_ack_batch_async     (LimnStoreWorker     *worker,
                                                      GHashTable          *in_flight,
                                                      LimnOutboxBatch     *batch,
                                                      GPtrArray           *results,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
void              limn_sync_jobs_release_batch_async (LimnStoreWorker     *worker,
                                                      GHashTable          *in_flight,
                                                      const char          *key,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
void              limn_sync_jobs_reject_batch_async  (LimnStoreWorker     *worker,
                                                      GHashTable          *in_flight,
                                                      const char          *key,
                                                      const char          *reason,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
void              limn_sync_jobs_rekey_batch_async   (LimnStoreWorker     *worker,
                                                      GHashTable          *in_flight,
                                                      const char          *key,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
/* Returns: (transfer full): the new key */
char             *limn_sync_jobs_rekey_batch_finish  (LimnStoreWorker     *worker,
                                                      GAsyncResult        *result,
                                                      GError             **error);

void              limn_sync_jobs_count_pending_async (LimnStoreWorker     *worker,
                                                      const LimnAccount   *account,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
/* The outbox's items, and the tasks whose submit or flag is among them. */
gboolean          limn_sync_jobs_count_pending_finish (LimnStoreWorker    *worker,
                                                       GAsyncResult       *result,
                                                       gint64             *n_items,
                                                       gint64             *n_tasks,
                                                       GError            **error);

/* Applies a page of changes and stores its cursor, in one transaction.
 * Takes ownership of @changes. */
void              limn_sync_jobs_apply_changes_async (LimnStoreWorker     *worker,
                                                      const char          *account_id,
                                                      const char          *media_dir,
                                                      LimnWireChanges     *changes,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
/* Stores a claim: the project (remote), its tasks, suggestions and leases.
 * Takes ownership of @project and @assignments. @annotator: the claimer's
 * role is annotator, so the project's hidden task fields are removed from
 * its tasks already stored too. */
void              limn_sync_jobs_apply_claim_async   (LimnStoreWorker     *worker,
                                                      const char          *server_url,
                                                      const char          *media_dir,
                                                      LimnWireProject     *project,
                                                      GPtrArray           *assignments,
                                                      gboolean             annotator,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
/* How many of the assignments this client did not hold before. */
gboolean          limn_sync_jobs_apply_claim_finish  (LimnStoreWorker     *worker,
                                                      GAsyncResult        *result,
                                                      guint               *n_new,
                                                      GError             **error);
/* The images of the account's leased tasks still to do that are not in
 * the media cache (LimnMediaItem), in task order, at most @limit. */
void              limn_sync_jobs_list_missing_media_async (LimnStoreWorker *worker,
                                                           const LimnAccount *account,
                                                           const char    *media_dir,
                                                           guint          limit,
                                                           GAsyncReadyCallback callback,
                                                           gpointer       user_data);
GPtrArray        *limn_sync_jobs_list_missing_media_finish (LimnStoreWorker *worker,
                                                            GAsyncResult  *result,
                                                            GError       **error);
/* A reviewer's leased items (LimnWireReviewItem) with their project,
 * stored as a claim is (limn-sync-jobs-review.c); finish with
 * limn_sync_jobs_finish(). Takes ownership of @project and @items. */
void              limn_sync_jobs_apply_review_claim_async (LimnStoreWorker *worker,
                                                           const char    *server_url,
                                                           LimnWireProject *project,
                                                           GPtrArray     *items,
                                                           GAsyncReadyCallback callback,
                                                           gpointer       user_data);
/* The review queue (LimnReviewItem) of @project_id as listed; takes
 * ownership of @items. */
void              limn_sync_jobs_save_review_queue_async (LimnStoreWorker     *worker,
                                                          const char          *project_id,
                                                          GPtrArray           *items,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
/* Threads (LimnWireThread) of @project_id; takes ownership of @threads. */
void              limn_sync_jobs_save_threads_async  (LimnStoreWorker     *worker,
                                                      const char          *project_id,
                                                      GPtrArray           *threads,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
/* Version @version of @project_id's guidelines, just published by this
 * client, stored as the changes feed stores it; finish with
 * limn_sync_jobs_finish(). */
void              limn_sync_jobs_save_guideline_async (LimnStoreWorker    *worker,
                                                       const char         *project_id,
                                                       gint64              version,
                                                       const char         *body,
                                                       const char         *summary,
                                                       GAsyncReadyCallback callback,
                                                       gpointer            user_data);
void              limn_sync_jobs_set_outcome_async   (LimnStoreWorker     *worker,
                                                      const char          *account_id,
                                                      gint64               success_us,
                                                      const char          *error_message,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);

G_END_DECLS
