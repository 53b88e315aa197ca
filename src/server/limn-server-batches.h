/* limn-server-batches.h
 *
 * POST /api/v1/batches, once the route has checked each item's shape: the
 * rules that need the store, all here.
 * - Idempotency: the answer is stored with the key, in the transaction
 *   that applied the items; the same key again with the same body replays
 *   it, with another body is KEY_REUSED (422). Keys are per user.
 * - Once per id: an id the caller stored before is a `duplicate`; one that
 *   someone else stored is `rejected` ("the id is already used"), telling
 *   them nothing about that item.
 * - Ownership: an item about a task the caller never had is `rejected`
 *   ("the task is not assigned to you").
 * - Conflicts: an annotation on a task the caller still holds (or submitted
 *   before) is `applied` and submits the lease; after the lease expired it
 *   is `applied` while the task has a free place under `overlap` (the task
 *   is theirs again), else stored as a conflicted revision (`conflict`,
 *   "task reassigned after the lease expired").
 * - Gold: the first submit of a gold task writes a `gold` change with its
 *   answer for the caller, once.
 * One write transaction per batch: a crash never applies a batch without
 * its stored answer, nor stores an answer it did not apply.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "backend/limn-server-backend.h"

G_BEGIN_DECLS

/* Renders the per-item answer; these exact bytes are stored with the key. */
typedef GBytes *(*LimnBatchRenderFunc) (GPtrArray *items,
                                        gpointer   user_data);

/* The stored answer to replay for a request of @principal with @key and
 * @request_sha256 in *body (with its *status), or *body NULL when the
 * request is to be checked and applied. Fails with KEY_REUSED when the key
 * holds another body or was used by another token. */
gboolean limn_server_batches_replay (LimnServerBackend          *backend,
                                     const LimnServerPrincipal  *principal,
                                     const char                 *key,
                                     const char                 *request_sha256,
                                     guint                      *status,
                                     GBytes                    **body,
                                     GError                    **error);

/* Deletes the answers stored before @before_us (the retention of
 * docs/server-guide.md): their keys may then be used again, and the
 * items they applied stay applied (ids are unique), so a late replay gets
 * `duplicate` where it would have got its stored answer. */
gboolean limn_server_batches_forget (LimnServerBackend          *backend,
                                     gint64                      before_us,
                                     guint                      *n_deleted,
                                     GError                    **error);

/* Applies @items (LimnBatchItem; those still PENDING) and stores @render's
 * answer under @key (only the key and hash when nothing was applied or
 * conflicted). If the key was stored meanwhile with the same
 * @request_sha256, nothing is applied and *replayed is set with the stored
 * answer; with another hash or token it fails with KEY_REUSED. */
gboolean limn_server_batches_apply  (LimnServerBackend          *backend,
                                     const LimnServerPrincipal  *principal,
                                     const char                 *key,
                                     const char                 *request_sha256,
                                     GPtrArray                  *items,
                                     gint64                      now_us,
                                     LimnBatchRenderFunc         render,
                                     gpointer                    render_data,
                                     gboolean                   *replayed,
                                     guint                      *status,
                                     GBytes                    **body,
                                     GError                    **error);

G_END_DECLS
