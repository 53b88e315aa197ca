/* limn-server-review-items.h
 *
 * The batch item kinds of review and feedback (docs/review.md, "Batch
 * item kinds"): review (a verdict), message (a reply in a flag's thread),
 * ack (a guideline version read) and note (coaching). Each runs in the
 * batch's write transaction after limn-server-batches.c checked its id
 * (duplicates and ids of others), sets the item's status (applied,
 * conflict, rejected; an ack already made is a duplicate) and writes the
 * changes its effect causes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "backend/limn-server-backend.h"

G_BEGIN_DECLS

/* The caller's reviewer level in @project_id: 2 for admins, the stored
 * level of a reviewer (1 when none is stored), 0 for annotators. */
gboolean limn_server_review_caller_level (LimnServerTxn              *txn,
                                          const LimnServerPrincipal  *principal,
                                          const char                 *project_id,
                                          gint64                     *level,
                                          GError                    **error);

/* Sends the task of @lease back to its annotator as a rework lease (a
 * fresh lease, marked rework, with an "assignment" change for them), as a
 * send_back verdict does; relabel campaigns use it too. */
gboolean limn_server_review_send_back     (LimnServerTxn              *txn,
                                           const LimnServerLease      *lease,
                                           gint64                      now_us,
                                           GError                    **error);

gboolean limn_server_review_apply_verdict (LimnServerTxn              *txn,
                                           const LimnServerPrincipal  *principal,
                                           LimnBatchItem              *item,
                                           gint64                      now_us,
                                           GError                    **error);
gboolean limn_server_review_apply_message (LimnServerTxn              *txn,
                                           const LimnServerPrincipal  *principal,
                                           LimnBatchItem              *item,
                                           gint64                      now_us,
                                           GError                    **error);
gboolean limn_server_review_apply_ack     (LimnServerTxn              *txn,
                                           const LimnServerPrincipal  *principal,
                                           LimnBatchItem              *item,
                                           gint64                      now_us,
                                           GError                    **error);
gboolean limn_server_review_apply_note    (LimnServerTxn              *txn,
                                           const LimnServerPrincipal  *principal,
                                           LimnBatchItem              *item,
                                           gint64                      now_us,
                                           GError                    **error);

G_END_DECLS
