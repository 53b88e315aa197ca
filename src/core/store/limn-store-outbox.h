/* limn-store-outbox.h
 *
 * The outbox (docs/sync.md): queuing work for the server in the
 * transaction that stores it, batches with a fixed identity, and acks
 * stored with the answer. Called on the writer thread only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-store-accounts.h"

G_BEGIN_DECLS

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

/* An annotation's sync status ("pending", "applied", "conflict",
 * "rejected", or NULL for a local project) and its reason. */
gboolean     limn_store_get_sync_status      (LimnStore           *self,
                                              const char          *annotation_id,
                                              char               **status,
                                              char               **reason,
                                              GError             **error);

G_END_DECLS
