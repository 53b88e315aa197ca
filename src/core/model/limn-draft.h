/* limn-draft.h
 *
 * The editing model for one task: the annotator's current regions, the
 * model's pending suggestions, task confidence, and undo/redo. The canvas and
 * the span view edit only through these calls; each call logs exactly one
 * event and emits ::changed once. Nothing here touches disk: the window hands
 * limn_draft_snapshot() to the store's writer after each change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "limn-annotation.h"
#include "events/limn-event-log.h"
#include "limn-region.h"

G_BEGIN_DECLS

#define LIMN_TYPE_DRAFT (limn_draft_get_type ())

G_DECLARE_FINAL_TYPE (LimnDraft, limn_draft, LIMN, DRAFT, GObject)

/* @annotation: the stored draft (or a fresh one); @suggestions: the task's
 * pre-annotations (LimnRegion with source MODEL), those already accepted or
 * rejected in @annotation are hidden. */
LimnDraft        *limn_draft_new                 (LimnAnnotation   *annotation,
                                                  GPtrArray        *suggestions,
                                                  LimnEventLog     *log);

/* A submitted revision shown as it was sent: every edit below returns FALSE
 * until limn_draft_start_revision() makes an editable next revision of it
 * (stored only once something changes). */
LimnDraft        *limn_draft_new_read_only       (LimnAnnotation   *annotation,
                                                  GPtrArray        *suggestions,
                                                  LimnEventLog     *log);
gboolean          limn_draft_get_read_only       (LimnDraft        *self);
/* Logs LIMN_EVENT_REVISION_STARTED; FALSE if the draft was editable. */
gboolean          limn_draft_start_revision      (LimnDraft        *self,
                                                  gint64            guideline_version);

/* Reading. Indices are stable until the next ::changed. */
guint             limn_draft_get_n_regions       (LimnDraft        *self);
const LimnRegion *limn_draft_get_region          (LimnDraft        *self,
                                                  guint             index);
const LimnRegion *limn_draft_lookup_region       (LimnDraft        *self,
                                                  const char       *region_id);
guint             limn_draft_get_n_suggestions   (LimnDraft        *self);
const LimnRegion *limn_draft_get_suggestion      (LimnDraft        *self,
                                                  guint             index);
const LimnRegion *limn_draft_lookup_suggestion   (LimnDraft        *self,
                                                  const char       *suggestion_id);
double            limn_draft_get_confidence      (LimnDraft        *self);
guint64           limn_draft_get_version         (LimnDraft        *self);
gboolean          limn_draft_get_can_undo        (LimnDraft        *self);
gboolean          limn_draft_get_can_redo        (LimnDraft        *self);
const char       *limn_draft_get_task_id         (LimnDraft        *self);
const char       *limn_draft_get_annotation_id   (LimnDraft        *self);

/* Editing. Each returns FALSE (and changes nothing) when the id is unknown
 * or the edit would change nothing. */
gboolean          limn_draft_add_region          (LimnDraft        *self,
                                                  LimnRegion       *region);
gboolean          limn_draft_remove_region       (LimnDraft        *self,
                                                  const char       *region_id);
gboolean          limn_draft_move_region         (LimnDraft        *self,
                                                  const char       *region_id,
                                                  const LimnBox    *box);
gboolean          limn_draft_resize_region       (LimnDraft        *self,
                                                  const char       *region_id,
                                                  const LimnBox    *box);
gboolean          limn_draft_resize_span         (LimnDraft        *self,
                                                  const char       *region_id,
                                                  gint64            start,
                                                  gint64            end,
                                                  const char       *text);
gboolean          limn_draft_set_region_label    (LimnDraft        *self,
                                                  const char       *region_id,
                                                  const char       *label_id);
gboolean          limn_draft_set_region_confidence (LimnDraft      *self,
                                                    const char     *region_id,
                                                    double          confidence);
gboolean          limn_draft_set_confidence      (LimnDraft        *self,
                                                  double            confidence);
const char       *limn_draft_accept_suggestion   (LimnDraft        *self,
                                                  const char       *suggestion_id);
gboolean          limn_draft_reject_suggestion   (LimnDraft        *self,
                                                  const char       *suggestion_id);
guint             limn_draft_accept_all_suggestions (LimnDraft     *self);

/* Groups several edits into one undo step (e.g. "accept all"). */
void              limn_draft_begin_group         (LimnDraft        *self);
void              limn_draft_end_group           (LimnDraft        *self);
gboolean          limn_draft_undo                (LimnDraft        *self);
gboolean          limn_draft_redo                (LimnDraft        *self);

/* A frozen copy for the store, with the given timing figures. */
LimnAnnotation   *limn_draft_snapshot            (LimnDraft        *self,
                                                  gint64            active_ms,
                                                  gint64            wall_ms);

G_END_DECLS
