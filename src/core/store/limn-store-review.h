/* limn-store-review.h
 *
 * Review in the store (docs/review.md, "Client store"). A reviewer's side:
 * the queue as listed, items leased here with everyone's revisions, a
 * verdict being made (saved as it changes) and queued for the server. An
 * annotator's side: verdicts on my work from the change feed (a send-back
 * makes the task needs_rework and first in the list, an accept or a
 * correction makes it accepted), their pinned comments, and a task's
 * history. Called on the writer thread, like the rest of the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-store.h"
#include "model/limn-history.h"
#include "model/limn-review.h"
#include "model/limn-review-item.h"
#include "sync/limn-wire-review.h"

G_BEGIN_DECLS

/* Reviewer: the queue and leased items */

/* @items (LimnReviewItem): the whole queue as listed. Entries no longer
 * listed are dropped unless held, drafted or decided here. */
gboolean           limn_store_review_save_queue      (LimnStore          *self,
                                                      const char         *project_id,
                                                      GPtrArray          *items,
                                                      GError            **error);
/* A leased item with its task, everyone's revisions, flags, gold and
 * history; the project must be stored. Saving it again changes nothing
 * already received. */
gboolean           limn_store_review_save_leased     (LimnStore          *self,
                                                      const char         *project_id,
                                                      const LimnWireReviewItem *item,
                                                      GError            **error);
/* Returns: (element-type LimnReviewItem): oldest first; @leased_only: only
 * those held here with their contents. */
GPtrArray         *limn_store_review_list_items      (LimnStore          *self,
                                                      const char         *project_id,
                                                      gboolean            leased_only,
                                                      GError            **error);
/* Returns: (element-type LimnAnnotation): the revisions received with the
 * item, with their regions, in the order received. */
GPtrArray         *limn_store_review_load_annotations (LimnStore         *self,
                                                       const char        *item_id,
                                                       GError           **error);
/* Returns: (nullable): the item's gold regions as JSON, %NULL if none. */
char              *limn_store_review_load_gold       (LimnStore          *self,
                                                      const char         *item_id,
                                                      GError            **error);

/* Reviewer: the verdict being made, and queued */

/* Saves @draft (its correction too, while a draft) for its item_id. */
gboolean           limn_store_review_save_draft      (LimnStore          *self,
                                                      const LimnReviewVerdict *draft,
                                                      GError            **error);
/* Returns: (nullable): the item's draft, %NULL without an error if none. */
LimnReviewVerdict *limn_store_review_load_draft      (LimnStore          *self,
                                                      const char         *item_id,
                                                      GError            **error);
/* Checks @verdict (a choice; a known reason code for a send-back; a
 * correction for a correct), submits its correction, freezes it as a
 * batch item in the outbox, and drops the draft: all in one transaction.
 * An item already decided here is refused (LIMN_STORE_ERROR_INVALID). */
gboolean           limn_store_review_queue_verdict   (LimnStore          *self,
                                                      LimnReviewVerdict  *verdict,
                                                      GError            **error);

/* Annotator: verdicts on my work (limn-store-rework.c) */

/* A review change. Applied once: a verdict already here changes nothing.
 * A correction is stored as a revision of my task authored by the
 * reviewer (labels and bounds are the caller's to check). */
gboolean           limn_store_sync_apply_review      (LimnStore          *self,
                                                      const LimnReviewVerdict *review,
                                                      GError            **error);
/* An assignment change with "rework": the task is mine to redo. */
gboolean           limn_store_sync_apply_rework      (LimnStore          *self,
                                                      const char         *task_id,
                                                      GError            **error);
/* Returns: (element-type LimnReviewVerdict): the verdicts on @task_id,
 * received and given here, oldest first, with their comments and
 * corrections. */
GPtrArray         *limn_store_list_reviews           (LimnStore          *self,
                                                      const char         *task_id,
                                                      GError            **error);
gboolean           limn_store_mark_reviews_read      (LimnStore          *self,
                                                      const char         *task_id,
                                                      GError            **error);
/* Verdicts received and not yet read, in @project_id (nullable: all). */
gint64             limn_store_count_unread_reviews   (LimnStore          *self,
                                                      const char         *project_id,
                                                      GError            **error);
/* Returns: (element-type LimnHistoryEntry): @task_id's submitted
 * revisions (anyone's, corrections marked) and verdicts, oldest first. */
GPtrArray         *limn_store_load_history           (LimnStore          *self,
                                                      const char         *task_id,
                                                      GError            **error);

G_END_DECLS
