/* limn-history.h
 *
 * A task's history as both sides see it (docs/review.md, "Rework,
 * closed"): its revisions (who, when, under which guideline version, and
 * which revision each one edits) and the verdicts on them (with their
 * comments), oldest first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "limn-review.h"

G_BEGIN_DECLS

typedef enum
{
  LIMN_HISTORY_REVISION,
  LIMN_HISTORY_REVIEW,
} LimnHistoryKind;

typedef struct
{
  LimnHistoryKind      kind;
  gint64               when_us;
  char                *who;              /* a user name; NULL: the local annotator */
  /* REVISION */
  char                *annotation_id;
  gint64               revision;
  char                *parent_id;
  gint64               guideline_version;
  LimnAnnotationState  state;
  gboolean             correction;       /* a reviewer's correction */
  /* REVIEW */
  LimnReviewVerdict   *review;
} LimnHistoryEntry;

#define LIMN_TYPE_HISTORY_ENTRY (limn_history_entry_get_type ())

GType             limn_history_entry_get_type (void) G_GNUC_CONST;
LimnHistoryEntry *limn_history_entry_copy     (const LimnHistoryEntry *entry);
void              limn_history_entry_free     (LimnHistoryEntry       *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnHistoryEntry, limn_history_entry_free)

G_END_DECLS
