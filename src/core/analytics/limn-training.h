/* limn-training.h
 *
 * Training and qualification as the annotator sees them (docs/training.md):
 * the project's rule and their status, as the server sends them, in words
 * for the Progress page; and the feedback after a training submit — where
 * their answer differs from the gold one (boxes matched by IoU, spans by
 * overlap, labels ignored in the matching so a wrong label is one
 * difference, not two), with the guideline passage for each label
 * involved. No GTK.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "analytics/limn-region-diff.h"
#include "model/limn-project.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean has_rule;
  gint64   gold_items;        /* the rule */
  double   min_accuracy;
  gboolean known;             /* the server sent a status */
  gboolean passed;
  gint64   scored;            /* the current attempt */
  gint64   right;
  gint64   failed_attempts;
  gint64   training_scored;   /* every training answer since the (re)start */
  gint64   training_right;
  char    *task_id;           /* the training answer the status came with, or NULL */
} LimnTrainingStatus;

/* From settings JSON ({"qualification": rule, "qualification_status":
 * status}); NULL for NULL or not an object. */
LimnTrainingStatus *limn_training_status_from_settings (const char          *settings_json);
void                limn_training_status_free          (LimnTrainingStatus  *status);
/* The annotator still trains: a rule they have not passed. */
gboolean            limn_training_status_in_training   (const LimnTrainingStatus *status);
/* "Qualification: 14 of 20 gold items, 86 % — passes at 80 %", or
 * "Qualified: 18 of 20 gold items right", or NULL without a rule. */
char               *limn_training_status_describe      (const LimnTrainingStatus *status);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnTrainingStatus, limn_training_status_free)

typedef enum
{
  LIMN_TRAINING_MATCH,        /* same place, same label */
  LIMN_TRAINING_MISSED,       /* in gold, not in the answer */
  LIMN_TRAINING_EXTRA,        /* in the answer, not in gold */
  LIMN_TRAINING_WRONG_LABEL,  /* same place, another label */
} LimnTrainingDifferenceKind;

typedef struct
{
  LimnTrainingDifferenceKind  kind;
  const LimnRegion           *gold;     /* NULL for EXTRA */
  const LimnRegion           *given;    /* NULL for MISSED */
  double                      iou;      /* boxes: area; spans: code points; 0 unmatched */
} LimnTrainingDifference;

typedef struct _LimnTrainingFeedback LimnTrainingFeedback;

/* @gold and @given: LimnRegion pointers. Boxes match at IoU ≥ @min_iou. */
LimnTrainingFeedback         *limn_training_feedback_new       (GPtrArray            *gold,
                                                                GPtrArray            *given,
                                                                double                min_iou,
                                                                GError              **error);
void                          limn_training_feedback_free      (LimnTrainingFeedback *feedback);
guint                         limn_training_feedback_get_n     (LimnTrainingFeedback *feedback);
const LimnTrainingDifference *limn_training_feedback_get       (LimnTrainingFeedback *feedback,
                                                                guint                 index);
/* Every difference is a MATCH. */
gboolean                      limn_training_feedback_all_right (LimnTrainingFeedback *feedback);
/* One line for a difference, with label display names from @project:
 * "Car: missed", "Car given as Person (IoU 0.82)", "Extra Person box",
 * "Car: right (IoU 0.91)". */
char                         *limn_training_difference_describe (const LimnTrainingDifference *d,
                                                                 LimnProject                  *project);
/* The label ids involved in a difference (gold's and given), once each,
 * in order of first appearance. */
GStrv                         limn_training_feedback_label_ids (LimnTrainingFeedback *feedback);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnTrainingFeedback, limn_training_feedback_free)

/* The guideline passage for @label_name: the section (to the next heading
 * of the same or a higher level) whose heading names the label, matched
 * as a whole word (or with a plural s), case-insensitively; NULL when no heading does (the
 * caller shows the whole guideline then). */
char *limn_training_guideline_passage (const char *markdown,
                                       const char *label_name);

G_END_DECLS
