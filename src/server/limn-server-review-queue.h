/* limn-server-review-queue.h
 *
 * Which tasks enter the review queue and why (docs/review.md, "Entering
 * the queue"): flag, low_confidence, disagreement, gold_failure, audit
 * (stratified quotas), rework and disputed. Each rule runs inside the
 * batch transaction that applied the item, so a crash never loses a queue
 * entry nor makes one twice. A task has at most one item that is not
 * decided: a new reason merges into it and can only raise its level.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "backend/limn-server-backend.h"

G_BEGIN_DECLS

/* Reason codes */
#define LIMN_REVIEW_FLAG           "flag"
#define LIMN_REVIEW_LOW_CONFIDENCE "low_confidence"
#define LIMN_REVIEW_DISAGREEMENT   "disagreement"
#define LIMN_REVIEW_GOLD_FAILURE   "gold_failure"
#define LIMN_REVIEW_AUDIT          "audit"
#define LIMN_REVIEW_REWORK         "rework"
#define LIMN_REVIEW_DISPUTED       "disputed"

/* Whether @reason is one of the codes above. */
gboolean limn_server_review_reason_is_valid (const char *reason);

/* Puts @task_id in the queue for @reason at @level (1 or 2), or merges
 * the reason into its open item. @annotation_id (nullable) becomes the
 * revision under review. */
gboolean limn_server_review_queue_enter      (LimnServerTxn          *txn,
                                              const char             *project_id,
                                              const char             *task_id,
                                              const char             *annotation_id,
                                              const char             *reason,
                                              gint64                  level,
                                              gint64                  now_us,
                                              GError                **error);

/* The rules for an annotation just applied (stored and its lease
 * submitted). @before is the caller's lease as it was before this submit:
 * its state says whether this is the first answer, its rework mark whether
 * it answers a send-back (the mark is cleared here). */
gboolean limn_server_review_queue_annotation (LimnServerTxn          *txn,
                                              const LimnBatchItem    *item,
                                              const LimnServerLease  *before,
                                              gint64                  now_us,
                                              GError                **error);

/* A flag just applied. */
gboolean limn_server_review_queue_flag       (LimnServerTxn          *txn,
                                              const LimnBatchItem    *item,
                                              const char             *project_id,
                                              gint64                  now_us,
                                              GError                **error);

G_END_DECLS
