/* limn-store-sync.h
 *
 * The store's sync facet: accounts, remote projects, the outbox and its
 * batches, the change cursor, and applying what the server sent. Called on
 * the writer thread only (by limn-sync-jobs.c, and by the event, submit
 * and flag paths that queue work for the server).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-store.h"
#include "sync/limn-sync-wire.h"

G_BEGIN_DECLS

typedef struct
{
  char     *id;
  char     *server_url;
  char     *project_id;      /* the token's project, or NULL (server admin) */
  char     *user_id;
  char     *user_name;
  char     *role;
  char     *token_ref;       /* "secret-service" or "file" */
  gboolean  allow_insecure;
  char     *cursor;          /* of the change feed */
  gint64    last_success_us;
  char     *last_error;
} LimnAccount;

void         limn_account_free (LimnAccount *account);
LimnAccount *limn_account_copy (const LimnAccount *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnAccount, limn_account_free)

/* One batch of outbox rows, with its fixed identity and body. */
typedef struct
{
  char      *key;            /* the Idempotency-Key */
  GBytes    *body;           /* exactly the bytes to send, every time */
  GPtrArray *item_ids;       /* char *, in body order */
  GPtrArray *kinds;          /* char *, "event", "annotation", "flag" */
  guint      sent_before;    /* times this batch was handed out before */
} LimnOutboxBatch;

void         limn_outbox_batch_free (LimnOutboxBatch *batch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnOutboxBatch, limn_outbox_batch_free)

/* Remote projects. The set is cached per connection. */
gboolean     limn_store_is_remote_project    (LimnStore           *self,
                                              const char          *project_id);
GHashTable  *limn_store_get_remote_projects  (LimnStore           *self,
                                              GError             **error);
gboolean     limn_store_set_project_remote   (LimnStore           *self,
                                              const char          *project_id,
                                              const char          *server_url,
                                              const char          *settings_json,
                                              GError             **error);

/* Queuing for the server. Each is a no-op for a local project and joins
 * the caller's transaction, so the change and its outbox row commit
 * together. */
gboolean     limn_store_outbox_add_event     (LimnStore           *self,
                                              const LimnEvent     *event,
                                              GError             **error);
gboolean     limn_store_outbox_queue_annotation (LimnStore        *self,
                                                 const LimnAnnotation *annotation,
                                                 GError          **error);
gboolean     limn_store_outbox_queue_flag    (LimnStore           *self,
                                              const LimnFlag      *flag,
                                              GError             **error);

/* Batches */
LimnOutboxBatch *limn_store_outbox_take_batch (LimnStore          *self,
                                               const LimnAccount  *account,
                                               guint               max_items,
                                               gsize               max_bytes,
                                               GHashTable         *skip,
                                               GError            **error);
gboolean     limn_store_outbox_ack_batch     (LimnStore           *self,
                                              const char          *key,
                                              GPtrArray           *kinds,
                                              GPtrArray           *results,
                                              GError             **error);
gboolean     limn_store_outbox_release_batch (LimnStore           *self,
                                              const char          *key,
                                              GError             **error);
gboolean     limn_store_outbox_reject_batch  (LimnStore           *self,
                                              const char          *key,
                                              const char          *reason,
                                              GError             **error);
char        *limn_store_outbox_rekey_batch   (LimnStore           *self,
                                              const char          *key,
                                              GError             **error);
gint64       limn_store_outbox_count_pending_for (LimnStore       *self,
                                                  const LimnAccount *account,
                                                  GError         **error);
gint64       limn_store_outbox_count_waiting_tasks_for (LimnStore *self,
                                                        const LimnAccount *account,
                                                        GError   **error);

/* Accounts and sync state */
LimnAccount *limn_store_ensure_account       (LimnStore           *self,
                                              const char          *server_url,
                                              const LimnWireMe    *me,
                                              const char          *token_ref,
                                              gboolean             allow_insecure,
                                              GError             **error);
/* @account_id: (nullable): NULL loads the most recently used account. */
LimnAccount *limn_store_load_account         (LimnStore           *self,
                                              const char          *account_id,
                                              GError             **error);
gboolean     limn_store_delete_account       (LimnStore           *self,
                                              const char          *account_id,
                                              GError             **error);
gboolean     limn_store_set_sync_outcome     (LimnStore           *self,
                                              const char          *account_id,
                                              gint64               success_us,
                                              const char          *error_message,
                                              GError             **error);
gboolean     limn_store_set_cursor           (LimnStore           *self,
                                              const char          *account_id,
                                              const char          *cursor,
                                              GError             **error);

/* What the server sent. */
gboolean     limn_store_sync_save_labels     (LimnStore           *self,
                                              const char          *project_id,
                                              GPtrArray           *labels,
                                              GError             **error);
gboolean     limn_store_sync_save_guidelines (LimnStore           *self,
                                              const char          *project_id,
                                              gint64               version,
                                              const char          *body,
                                              GError             **error);
gboolean     limn_store_sync_save_assignment (LimnStore           *self,
                                              const LimnWireAssignment *assignment,
                                              GError             **error);
gboolean     limn_store_sync_renew_assignment (LimnStore          *self,
                                               const char         *task_id,
                                               const char         *assignment_id,
                                               gint64              lease_expires_us,
                                               GError            **error);
gboolean     limn_store_sync_expire_assignment (LimnStore         *self,
                                                const char        *task_id,
                                                GError           **error);
gboolean     limn_store_sync_save_gold       (LimnStore           *self,
                                              const char          *task_id,
                                              const char          *regions_json,
                                              GError             **error);
/* The gold answer, only once the local annotator submitted the task. */
char        *limn_store_sync_load_gold       (LimnStore           *self,
                                              const char          *task_id,
                                              GError             **error);
gboolean     limn_store_project_exists       (LimnStore           *self,
                                              const char          *project_id);

/* A leased task's image, for the media cache. */
typedef struct
{
  char   *sha256;
  gint64  size;     /* as announced, or 0 */
} LimnMediaItem;

void         limn_media_item_free            (LimnMediaItem       *item);

/* The images of @account's leased image tasks still to do (not submitted
 * or expired), in task order, at most @limit. */
GPtrArray   *limn_store_sync_list_task_media (LimnStore           *self,
                                              const LimnAccount   *account,
                                              guint                limit,
                                              GError             **error);
/* Whether the local annotator already holds the server's assignment
 * @assignment_id (a repeated claim returns leases already held). */
gboolean     limn_store_sync_holds_assignment (LimnStore          *self,
                                               const char         *assignment_id);

/* An annotation's sync status ("pending", "applied", "conflict",
 * "rejected", or NULL for a local project) and its reason. */
gboolean     limn_store_get_sync_status      (LimnStore           *self,
                                              const char          *annotation_id,
                                              char               **status,
                                              char               **reason,
                                              GError             **error);

G_END_DECLS
