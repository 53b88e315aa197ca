/* limn-training-panel.h
 *
 * Over a training item just submitted (docs/training.md): how the answer
 * compares with the gold one — each region right, missed, extra or given
 * the wrong label, with its IoU (boxes) or overlap (spans) — the
 * guideline passage for each label involved (the section whose heading
 * names it, the whole guideline otherwise), where the annotator stands
 * on the qualification, and Next ("task.training-next") to go on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "analytics/limn-training.h"
#include "model/limn-project.h"

G_BEGIN_DECLS

#define LIMN_TYPE_TRAINING_PANEL (limn_training_panel_get_type ())

G_DECLARE_FINAL_TYPE (LimnTrainingPanel, limn_training_panel, LIMN, TRAINING_PANEL, GtkWidget)

/* Shown, waiting for the gold answer (it comes with the next sync). */
void        limn_training_panel_show_waiting  (LimnTrainingPanel        *self);
/* Shown with the differences. @guidelines: the project's Markdown, or
 * NULL; @status: nullable. */
void        limn_training_panel_show_feedback (LimnTrainingPanel        *self,
                                               LimnTrainingFeedback     *feedback,
                                               LimnProject              *project,
                                               const char               *guidelines,
                                               const LimnTrainingStatus *status);
void        limn_training_panel_hide          (LimnTrainingPanel        *self);

/* For tests */
const char *limn_training_panel_get_title       (LimnTrainingPanel *self);
/* The differences, one line each, "\n"-joined; the passages' Markdown,
 * "\n\n"-joined. */
char       *limn_training_panel_get_differences (LimnTrainingPanel *self);
char       *limn_training_panel_get_passages    (LimnTrainingPanel *self);
const char *limn_training_panel_get_status      (LimnTrainingPanel *self);
GtkWidget  *limn_training_panel_get_next_button (LimnTrainingPanel *self);

G_END_DECLS
