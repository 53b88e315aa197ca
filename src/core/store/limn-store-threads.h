/* limn-store-threads.h
 *
 * Threads (docs/review.md, "Feedback channels"): a flag and the replies to
 * it, as listed by the server or received in the change feed; unread
 * counts; replies written here and queued for the server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-store.h"
#include "model/limn-thread.h"
#include "sync/limn-wire-review.h"

G_BEGIN_DECLS

/* @threads (LimnWireThread): flags added unread or their state updated;
 * replies added unread unless already here. */
gboolean     limn_store_threads_save          (LimnStore          *self,
                                               const char         *project_id,
                                               GPtrArray          *threads,
                                               GError            **error);
/* Returns: (element-type LimnThread): @project_id's threads (NULL: all),
 * last activity first, with counts; replies not loaded. */
GPtrArray   *limn_store_list_threads          (LimnStore          *self,
                                               const char         *project_id,
                                               GError            **error);
/* One thread with its replies, oldest first. */
LimnThread  *limn_store_load_thread           (LimnStore          *self,
                                               const char         *thread_id,
                                               GError            **error);
gboolean     limn_store_mark_thread_read      (LimnStore          *self,
                                               const char         *thread_id,
                                               GError            **error);
/* Unread flags and replies in @project_id (NULL: all). */
gint64       limn_store_count_unread_messages (LimnStore          *self,
                                               const char         *project_id,
                                               GError            **error);
/* A reply written here (limn_message_new()): stored, the thread's state
 * moved when the reply sets one, and queued for the server; the thread
 * must be here (LIMN_STORE_ERROR_NOT_FOUND). */
gboolean     limn_store_queue_message         (LimnStore          *self,
                                               LimnMessage        *message,
                                               GError            **error);
/* A message change: added once, unread; its state moves the thread. */
gboolean     limn_store_sync_apply_message    (LimnStore          *self,
                                               const LimnMessage  *message,
                                               GError            **error);

G_END_DECLS
