/* limn-review-item.h
 *
 * One entry of a project's review queue as a reviewer sees it: a task with
 * the reasons it needs review (model/limn-review.h names them), who
 * annotated it, which labels it uses, and where this client stands with
 * it (listed, leased here with its contents, a verdict being made or
 * queued). An immutable snapshot with read-only properties, for list
 * views, filters and sorters; the store makes new ones on every load.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "limn-task.h"

G_BEGIN_DECLS

/* What the store fills in. */
typedef struct
{
  const char         *id;
  const char         *project_id;
  const char         *task_id;
  const char         *annotation_id;     /* the revision under review, when known */
  const char         *title;
  LimnTaskKind        kind;
  const char * const *reasons;           /* NULL-terminated */
  int                 min_level;         /* 1, or 2: senior reviewers only */
  const char         *state;             /* the server's: "open", "leased", "decided" */
  const char         *holder;            /* who leased it, or NULL */
  const char * const *annotators;        /* user names, NULL-terminated */
  const char * const *labels;            /* label ids used, NULL-terminated */
  gint64              created_us;
  gint64              lease_expires_us;  /* this client's lease, or 0 */
  gboolean            leased;            /* held here, with its contents */
  gboolean            decided;           /* a verdict is queued here */
  gboolean            has_draft;         /* a verdict is being made here */
} LimnReviewItemInfo;

#define LIMN_TYPE_REVIEW_ITEM (limn_review_item_get_type ())

G_DECLARE_FINAL_TYPE (LimnReviewItem, limn_review_item, LIMN, REVIEW_ITEM, GObject)

LimnReviewItem     *limn_review_item_new                (const LimnReviewItemInfo *info);
const char         *limn_review_item_get_id             (LimnReviewItem *self);
const char         *limn_review_item_get_project_id     (LimnReviewItem *self);
const char         *limn_review_item_get_task_id        (LimnReviewItem *self);
const char         *limn_review_item_get_annotation_id  (LimnReviewItem *self);
const char         *limn_review_item_get_title          (LimnReviewItem *self);
LimnTaskKind        limn_review_item_get_kind           (LimnReviewItem *self);
const char * const *limn_review_item_get_reasons        (LimnReviewItem *self);
gboolean            limn_review_item_has_reason         (LimnReviewItem *self,
                                                         const char     *reason);
int                 limn_review_item_get_min_level      (LimnReviewItem *self);
const char         *limn_review_item_get_state          (LimnReviewItem *self);
const char         *limn_review_item_get_holder         (LimnReviewItem *self);
const char * const *limn_review_item_get_annotators     (LimnReviewItem *self);
const char * const *limn_review_item_get_labels         (LimnReviewItem *self);
gint64              limn_review_item_get_created_us     (LimnReviewItem *self);
gint64              limn_review_item_get_lease_expires_us (LimnReviewItem *self);
gboolean            limn_review_item_get_leased         (LimnReviewItem *self);
gboolean            limn_review_item_get_decided        (LimnReviewItem *self);
gboolean            limn_review_item_get_has_draft      (LimnReviewItem *self);

G_END_DECLS
