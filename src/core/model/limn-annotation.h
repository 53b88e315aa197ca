/* limn-annotation.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "limn-region.h"

G_BEGIN_DECLS

typedef enum
{
  LIMN_ANNOTATION_DRAFT,
  LIMN_ANNOTATION_SUBMITTED,
  LIMN_ANNOTATION_SKIPPED,
  LIMN_ANNOTATION_CONFLICTED,
} LimnAnnotationState;

typedef struct _LimnAnnotation LimnAnnotation;

/* One revision of one annotator's work on one task, as the store keeps it.
 * Like LimnRegion it is immutable once shared: the draft hands the store's
 * writer thread a fresh snapshot after every change. */
struct _LimnAnnotation
{
  char                *id;                 /* UUID of this revision */
  char                *task_id;
  char                *annotator;
  char                *author;             /* NULL: the annotator; a reviewer's name for a correction */
  gint64               revision;           /* 1, 2, … */
  char                *parent_id;          /* the revision this one edits, or NULL */
  gint64               guideline_version;
  LimnAnnotationState  state;
  double               confidence;         /* task-level, or LIMN_CONFIDENCE_UNSET */
  gint64               active_ms;
  gint64               wall_ms;
  gint64               created_us;
  gint64               updated_us;
  gint64               submitted_us;       /* 0 until submitted */
  GPtrArray           *regions;            /* LimnRegion, in creation order */
  GPtrArray           *rejected;           /* char *: suggestion ids the annotator rejected */
};

#define LIMN_TYPE_ANNOTATION (limn_annotation_get_type ())

GType           limn_annotation_get_type (void) G_GNUC_CONST;
LimnAnnotation *limn_annotation_new      (const char           *id,
                                          const char           *task_id,
                                          const char           *annotator);
LimnAnnotation *limn_annotation_dup      (const LimnAnnotation *annotation);
LimnAnnotation *limn_annotation_ref      (LimnAnnotation       *annotation);
void            limn_annotation_unref    (LimnAnnotation       *annotation);
LimnAnnotation *limn_annotation_new_revision (const LimnAnnotation *parent);
const LimnRegion *limn_annotation_lookup_region (const LimnAnnotation *annotation,
                                                 const char           *region_id);

const char     *limn_annotation_state_to_string   (LimnAnnotationState  state);
gboolean        limn_annotation_state_from_string (const char          *str,
                                                   LimnAnnotationState *state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnAnnotation, limn_annotation_unref)

G_END_DECLS
