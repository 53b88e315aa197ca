/* limn-store-worker.h
 *
 * The store's writer thread. It owns its own SQLite connection; the UI
 * thread hands it events and draft snapshots without waiting, and runs
 * reads and writes on it as async jobs, in order. Pending events and drafts
 * are written together in one transaction at most 50 ms after the first of
 * them arrived (so a crash loses at most that much), and always before any
 * job, in the job's transaction: when a submit's callback runs, the submit
 * and every action before it are on disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "model/limn-annotation.h"
#include "events/limn-event.h"
#include "limn-store.h"

G_BEGIN_DECLS

#define LIMN_STORE_WORKER_FLUSH_MS 50

/* Runs in the worker thread, inside a transaction that is committed when it
 * returns without an error and rolled back otherwise. */
typedef gpointer (*LimnStoreJobFunc) (LimnStore     *store,
                                      gpointer       data,
                                      GError       **error);

#define LIMN_TYPE_STORE_WORKER (limn_store_worker_get_type ())

G_DECLARE_FINAL_TYPE (LimnStoreWorker, limn_store_worker, LIMN, STORE_WORKER, GObject)

void             limn_store_worker_open_async   (const char          *path,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
LimnStoreWorker *limn_store_worker_open_finish  (GAsyncResult        *result,
                                                 GError             **error);
LimnStoreWorker *limn_store_worker_open_sync    (const char          *path,
                                                 GError             **error);

const char      *limn_store_worker_get_path     (LimnStoreWorker     *self);
const char      *limn_store_worker_get_annotator (LimnStoreWorker    *self);

/* Never blocks: queues for the next batch. Takes ownership of @event. */
void             limn_store_worker_append_event (LimnStoreWorker     *self,
                                                 LimnEvent           *event);
/* Queues a draft autosave; a newer snapshot of the same revision replaces
 * an older one not yet written. */
void             limn_store_worker_save_draft   (LimnStoreWorker     *self,
                                                 LimnAnnotation      *snapshot);
guint            limn_store_worker_get_n_pending (LimnStoreWorker    *self);

void             limn_store_worker_run_async    (LimnStoreWorker     *self,
                                                 LimnStoreJobFunc     func,
                                                 gpointer             data,
                                                 GDestroyNotify       data_free,
                                                 GDestroyNotify       result_free,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gpointer         limn_store_worker_run_finish   (LimnStoreWorker     *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* Runs a job and waits for it (tests, the CLI, shutdown). */
gpointer         limn_store_worker_run_sync     (LimnStoreWorker     *self,
                                                 LimnStoreJobFunc     func,
                                                 gpointer             data,
                                                 GError             **error);

/* Completes once everything queued before it is committed (or failed). */
void             limn_store_worker_flush_async  (LimnStoreWorker     *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean         limn_store_worker_flush_finish (LimnStoreWorker     *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* Writes what is pending and stops the thread; blocks (used at quit). */
gboolean         limn_store_worker_close        (LimnStoreWorker     *self,
                                                 GError             **error);

/* Test hook: forwarded to the worker's connection. */
void             limn_store_worker_set_max_pages (LimnStoreWorker    *self,
                                                  gint64              pages);

G_END_DECLS
