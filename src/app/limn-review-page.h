/* limn-review-page.h
 *
 * The Review page (issue 18, docs/review.md), for reviewers and admins: the
 * queue of review items leased or listed here, with reasons, filters,
 * counts and "Get Items"; the task with every annotator's regions overlaid
 * and the reviewer's editable copy of the reviewed revision; the legend
 * and the verdict panel (accept, correct, send back with a reason and
 * comments pinned to regions). Verdicts go to the outbox and are pushed by
 * the normal sync, so reviewing works offline. A LimnPage, built the
 * first time it is shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "limn-page.h"

G_BEGIN_DECLS

#define LIMN_TYPE_REVIEW_PAGE (limn_review_page_get_type ())

G_DECLARE_FINAL_TYPE (LimnReviewPage, limn_review_page, LIMN, REVIEW_PAGE, GtkWidget)

/* Whether the signed-in user may review (the page table's may_open). */
gboolean     limn_review_page_may_open        (LimnSession    *session);

/* For tests: what the page shows. */
const char  *limn_review_page_get_item_id     (LimnReviewPage *self);
GtkWidget   *limn_review_page_get_canvas      (LimnReviewPage *self);
GtkWidget   *limn_review_page_get_legend      (LimnReviewPage *self);
GtkWidget   *limn_review_page_get_queue_view  (LimnReviewPage *self);
/* The "History (N)" expander; its child is the list of entries. */
GtkWidget   *limn_review_page_get_history     (LimnReviewPage *self);
/* The "Note to <annotator>…" buttons, one per annotator of the item. */
GtkWidget   *limn_review_page_get_notes       (LimnReviewPage *self);
/* A flagged item's thread: its list, reply box, Reply, Mark Answered. */
GtkWidget   *limn_review_page_get_thread      (LimnReviewPage *self);
GtkWidget   *limn_review_page_get_comment_entry (LimnReviewPage *self);
/* The send-back dialog while it is open, or NULL. */
GtkWidget   *limn_review_page_get_send_back_dialog (LimnReviewPage *self);
/* "empty", "review": whether there is a queue to show. */
const char  *limn_review_page_get_state       (LimnReviewPage *self);

G_END_DECLS
