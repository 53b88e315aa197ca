/* limn-review.h
 *
 * A reviewer's verdict on one revision (docs/review.md): accept, correct
 * (the reviewer's edit becomes a new revision, authored by the reviewer)
 * or send back (a reason code and comments pinned to regions or to the
 * task). The same value serves both sides: a verdict a reviewer is making
 * or has queued here, and one received on the annotator's own work.
 * Also the names of the queue's reasons and of the send-back codes, with
 * their words for people.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "limn-annotation.h"

G_BEGIN_DECLS

typedef enum
{
  LIMN_VERDICT_NONE,        /* a draft without a choice yet */
  LIMN_VERDICT_ACCEPT,
  LIMN_VERDICT_CORRECT,
  LIMN_VERDICT_SEND_BACK,
} LimnVerdict;

/* "accept", "correct", "send_back"; NULL for NONE. */
const char         *limn_verdict_to_string           (LimnVerdict   verdict);
gboolean            limn_verdict_from_string         (const char   *str,
                                                      LimnVerdict  *verdict);

/* The reasons a task enters the review queue, as the server names them:
 * "flag", "low_confidence", "disagreement", "gold_failure", "audit",
 * "rework", "disputed". NULL-terminated. */
const char * const *limn_review_reasons              (void);
/* A reason's name for people ("Low confidence"); an unknown code is
 * returned as it is (a newer server's). */
const char         *limn_review_reason_label         (const char   *reason);

/* Why a task is sent back: "missed_object", "wrong_label", "loose_box",
 * "wrong_span", "guideline", "other". NULL-terminated. */
const char * const *limn_send_back_reasons           (void);
gboolean            limn_send_back_reason_is_valid   (const char   *code);
/* "Missed an object" …; an unknown code is returned as it is. */
const char         *limn_send_back_reason_label      (const char   *code);

/* A comment pinned to a region of the reviewed revision, or to the task. */
typedef struct
{
  char *id;
  char *region_id;       /* NULL: the whole task */
  char *body;
} LimnReviewComment;

#define LIMN_TYPE_REVIEW_COMMENT (limn_review_comment_get_type ())

GType               limn_review_comment_get_type     (void) G_GNUC_CONST;
/* A fresh id; @region_id (nullable). */
LimnReviewComment  *limn_review_comment_new          (const char   *region_id,
                                                      const char   *body);
LimnReviewComment  *limn_review_comment_copy         (const LimnReviewComment *comment);
void                limn_review_comment_free         (LimnReviewComment *comment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnReviewComment, limn_review_comment_free)

typedef struct
{
  char           *id;              /* UUID; the batch item's id */
  char           *item_id;         /* the review item (a reviewer's), or NULL */
  char           *task_id;
  char           *annotation_id;   /* the revision reviewed */
  char           *reviewer;        /* the reviewer's user name (NULL while made here) */
  LimnVerdict     verdict;
  char           *reason_code;     /* required with SEND_BACK */
  char           *comment;         /* never NULL */
  GPtrArray      *comments;        /* LimnReviewComment, pinned */
  /* CORRECT: the reviewer's revision (parent_id the reviewed one,
   * author the reviewer); while made here, the draft that edits it. */
  LimnAnnotation *correction;
  gint64          active_ms;       /* the reviewer's active time on the item */
  gint64          created_us;
  gint64          guideline_version; /* of the reviewed revision, when known */
  gboolean        mine;            /* given here, not received */
  gboolean        read;            /* received: the annotator has seen it */
  char           *sync_status;     /* given here: "pending", "applied", "conflict", "rejected" */
  char           *sync_reason;
} LimnReviewVerdict;

#define LIMN_TYPE_REVIEW_VERDICT (limn_review_verdict_get_type ())

GType               limn_review_verdict_get_type     (void) G_GNUC_CONST;
/* A verdict being made on @item_id's revision @annotation_id; a fresh id. */
LimnReviewVerdict  *limn_review_verdict_new          (const char   *item_id,
                                                      const char   *task_id,
                                                      const char   *annotation_id,
                                                      LimnVerdict   verdict);
LimnReviewVerdict  *limn_review_verdict_copy         (const LimnReviewVerdict *verdict);
void                limn_review_verdict_free         (LimnReviewVerdict *verdict);
/* Takes @comment. */
void                limn_review_verdict_add_comment  (LimnReviewVerdict *verdict,
                                                      LimnReviewComment *comment);
/* The comments pinned to @region_id (NULL: to the task), in order. */
GPtrArray          *limn_review_verdict_comments_for (const LimnReviewVerdict *verdict,
                                                      const char   *region_id);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnReviewVerdict, limn_review_verdict_free)

/* The reviewer's correction of @reviewed: a draft of the next revision,
 * same regions (same ids, so the two can be compared region by region),
 * parent_id the reviewed revision, held by @annotator (the local
 * annotator id, whose drafts the store keeps). */
LimnAnnotation     *limn_review_new_correction       (const LimnAnnotation *reviewed,
                                                      const char   *annotator);

G_END_DECLS
