/* limn-sync-test.h
 *
 * What the sync tests share: a client side (a temporary data folder, the
 * store's writer thread, a LimnSyncClient using the 0600 token file), a
 * way to wait for async calls on the default main context, and labeling a
 * task the way the app does (LimnDraft edits logged through LimnEventLog
 * into the writer, then the submit and flag jobs).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "events/limn-event-log.h"
#include "store/limn-store-jobs.h"
#include "store/limn-store-worker.h"
#include "sync/limn-sync-client.h"

G_BEGIN_DECLS

typedef struct
{
  char            *dir;
  char            *db_path;
  LimnStoreWorker *worker;
  LimnSyncClient  *client;
  LimnEventLog    *log;
} LimnSyncTestClient;

/* @dir: (nullable): an existing data folder to reopen, or NULL for a new one. */
LimnSyncTestClient *limn_sync_test_client_new   (const char          *dir);
/* Closes the writer (everything queued is written) and frees; the folder
 * stays when @keep_dir. */
void                limn_sync_test_client_free  (LimnSyncTestClient  *self,
                                                 gboolean             keep_dir);

/* Iterates the default main context until *@slot is set. */
GAsyncResult       *limn_sync_test_wait         (GAsyncResult       **slot);
/* The GAsyncReadyCallback that stores the result for limn_sync_test_wait(). */
void                limn_sync_test_done_cb      (GObject             *object,
                                                 GAsyncResult        *result,
                                                 gpointer             slot);

/* One full sync run (push, then pull), waited for. */
gboolean            limn_sync_test_sync         (LimnSyncClient      *client,
                                                 GError             **error);
GPtrArray          *limn_sync_test_claim        (LimnSyncClient      *client,
                                                 const char          *project_id,
                                                 guint                count,
                                                 GError             **error);
gboolean            limn_sync_test_sign_in      (LimnSyncClient      *client,
                                                 const char          *url,
                                                 const char          *token,
                                                 GError             **error);

/* An integer from one SQL query on the writer's connection (a job). */
gint64              limn_sync_test_count        (LimnStoreWorker     *worker,
                                                 const char          *sql);
/* The first column of every row of @sql, on a read-only connection to
 * @db_path (a client's or the server's database), sorted. */
GPtrArray          *limn_sync_test_ids          (const char          *db_path,
                                                 const char          *sql);
/* Asserts two id lists (sorted) are equal, naming the first difference. */
void                limn_sync_test_assert_same_ids (GPtrArray        *expected,
                                                    GPtrArray        *actual,
                                                    const char       *what);
/* PRAGMA integrity_check on a read-only connection. */
void                limn_sync_test_assert_integrity (const char      *db_path);

/* Project id of the first label of @project_id, via the store. */
char               *limn_sync_test_first_label  (LimnStoreWorker     *worker,
                                                 const char          *project_id);

/* Labels @task_id as the app does: opens it, adds @n_regions boxes (or
 * spans, for text) with the first label, sets the task's confidence,
 * optionally raises a flag, and submits. Returns the submitted revision's
 * id. Every edit logs its event through self->log. */
char               *limn_sync_test_label_task   (LimnSyncTestClient  *self,
                                                 const char          *project_id,
                                                 const char          *task_id,
                                                 guint                n_regions,
                                                 gboolean             flag);
/* The same with the task's @confidence (limn_sync_test_label_task() sets
 * 0.8). */
char               *limn_sync_test_label_task_full (LimnSyncTestClient *self,
                                                    const char         *project_id,
                                                    const char         *task_id,
                                                    guint               n_regions,
                                                    gboolean            flag,
                                                    double              confidence);

G_END_DECLS
