/* limn-task-page-private.h
 *
 * The labeling page's state, shared by its facets: limn-task-page.c (the
 * task flow: opening, autosave, timing, the submitted banner),
 * limn-task-page-media.c (the image on its way), limn-task-page-actions.c
 * (what the annotator can do, as the "task." actions),
 * limn-task-page-feedback.c (what review says about the task) and
 * limn-task-page-changes.c (a reviewer's correction against the
 * annotator's revision).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "limn-confidence-control.h"
#include "limn-image-canvas.h"
#include "limn-label-palette.h"
#include "limn-rework-banner.h"
#include "limn-span-view.h"
#include "limn-task-list.h"
#include "limn-training-panel.h"
#include "limn-task-page.h"
#include "model/limn-review.h"
#include "text/limn-text-index.h"

G_BEGIN_DECLS

struct _LimnTaskPage
{
  GtkWidget              parent_instance;

  /* Template children */
  AdwFlap               *flap;
  LimnTaskList          *task_list;
  GtkRevealer           *guideline_revealer;
  GtkLabel              *guideline_label;
  LimnReworkBanner      *rework_banner;
  AdwBin                *training_slot;
  LimnTrainingPanel     *training_panel;   /* in training_slot once needed */
  GtkRevealer           *submitted_revealer;
  GtkImage              *submitted_icon;
  GtkLabel              *submitted_label;
  GtkStack              *work_stack;
  GtkSpinner            *loading_spinner;
  AdwStatusPage         *error_page;
  AdwStatusPage         *image_error_page;
  LimnImageCanvas       *canvas;
  LimnSpanView          *span_view;
  GtkWidget             *side_panel;
  LimnLabelPalette      *palette;
  GtkLabel              *palette_hint;
  LimnConfidenceControl *task_confidence;
  LimnConfidenceControl *region_confidence;
  GtkWidget             *region_confidence_caption;
  GtkWidget             *suggestions_box;
  GtkLabel              *suggestions_label;
  GtkLabel              *position_label;
  GtkLabel              *timing_label;
  GtkLabel              *save_label;
  GtkWidget             *header_start;
  GtkWidget             *header_end;

  /* Built on first need */
  AdwStatusPage         *media_page;
  GtkSpinner            *media_spinner;
  GtkWidget             *media_retry_button;

  GSimpleActionGroup    *actions;
  GtkEventController    *label_shortcuts;

  /* From the session */
  LimnSession           *session;
  LimnStoreWorker       *worker;
  LimnEventLog          *log;
  LimnActivity          *activity;
  LimnSyncClient        *sync;

  LimnProject           *project;
  LimnTask              *task;          /* the open task */
  LimnDraft             *draft;
  LimnTextIndex         *text;
  GCancellable          *task_cancellable;
  GCancellable          *feedback_cancellable;
  char                  *subtitle;

  /* The reviewer's correction of the open task against the revision it
   * corrected (limn-task-page-changes.c), and their side-by-side page. */
  LimnRegionDiff        *changes;
  LimnAnnotation        *changes_before;
  LimnAnnotation        *changes_after;
  char                  *changes_reviewer;
  GtkWidget             *compare_page;

  /* Training (limn-task-page-training.c): the project's rule and my
   * status as last read; the training item just submitted, kept open for
   * its feedback, and the regions I gave it. */
  LimnTrainingStatus    *training;
  char                  *training_task_id;
  GPtrArray             *training_given;

  guint                  tick_id;
  guint                  busy : 1;      /* a submit or skip is on its way */
  guint                  save_failed : 1;
  guint                  dirty : 1;     /* edits not yet committed */
  guint                  stored_draft : 1; /* the open draft was in the store before */
  guint                  feedback_pending : 1; /* the open task's verdicts are being read */
};

/* limn-task-page.c */
void        limn_task_page_open_task          (LimnTaskPage *self,
                                               LimnTask     *task);
void        limn_task_page_save_draft         (LimnTaskPage *self);
void        limn_task_page_advance            (LimnTaskPage *self);
void        limn_task_page_update_panel       (LimnTaskPage *self);
void        limn_task_page_update_submitted   (LimnTaskPage *self);
const char *limn_task_page_get_selected_region (LimnTaskPage *self);
/* Reloads the task list from the store, then calls @then (if any). */
void        limn_task_page_refresh_then       (LimnTaskPage *self,
                                               void        (*then) (LimnTaskPage *self));
/* The open task's image has not been on screen: it cannot be submitted. */
gboolean    limn_task_page_media_missing      (LimnTaskPage *self);
void        limn_task_page_toast              (LimnTaskPage *self,
                                               const char   *message);
/* Shows the open task's canvas or text (or why its image cannot show). */
void        limn_task_page_show_task_view     (LimnTaskPage *self);
void        limn_task_page_show_status_page   (LimnTaskPage  *self,
                                               AdwStatusPage *page,
                                               const char    *icon_name);

/* Opens the open task again from the store (a submit closed its draft). */
void        limn_task_page_reopen_task        (LimnTaskPage *self);

/* limn-task-page-training.c: feedback after a training submit. */
/* After submitting @given (LimnRegion) on the open task: in training,
 * keeps the task open with the panel waiting for the gold answer and
 * returns TRUE; otherwise FALSE (the page moves on). */
gboolean    limn_task_page_training_submitted (LimnTaskPage *self,
                                               GPtrArray    *given);
/* The feedback job read @settings_json (the rule and my status) and, for
 * the open task, @gold_json (nullable). */
void        limn_task_page_training_update    (LimnTaskPage *self,
                                               const char   *settings_json,
                                               const char   *gold_json);
/* Forgets the training item (another task opens). */
void        limn_task_page_training_clear     (LimnTaskPage *self);
/* "task.training-next": the panel's Next. */
void        limn_task_page_training_next      (LimnTaskPage *self);

/* limn-task-page-media.c: the open task's image on its way. */
/* The canvas cannot show the open image: wait for it, or say why not. */
void        limn_task_page_show_image_problem (LimnTaskPage *self);
/* What the media page says while the image is on its way. */
void        limn_task_page_update_media_page  (LimnTaskPage *self);
void        limn_task_page_media_changed_cb   (LimnSyncClient *client,
                                               const char     *sha256,
                                               LimnTaskPage   *self);

/* limn-task-page-feedback.c: what review says about the open task, and a
 * guideline update waiting to be read. */
void        limn_task_page_feedback_init      (LimnTaskPage *self);
/* Reads the open task's verdicts and the guideline update again. */
void        limn_task_page_feedback_load      (LimnTaskPage *self);
void        limn_task_page_feedback_clear     (LimnTaskPage *self);
/* A sync brought @tasks back from review: say so, with Open. */
void        limn_task_page_feedback_sent_back (LimnTaskPage *self,
                                               GPtrArray    *tasks);

/* limn-task-page-changes.c: Show Changes and Side by Side, the
 * "task.show-changes" and "task.side-by-side" actions. */
void        limn_task_page_changes_init       (LimnTaskPage *self);
/* @verdict: the latest verdict received, a correction of @before (both
 * nullable: nothing to compare). */
void        limn_task_page_changes_set        (LimnTaskPage            *self,
                                               const LimnReviewVerdict *verdict,
                                               LimnAnnotation          *before);
void        limn_task_page_changes_clear      (LimnTaskPage *self);

/* limn-task-page-actions.c */
GSimpleActionGroup *limn_task_page_actions_new (LimnTaskPage *self);
void        limn_task_page_update_actions     (LimnTaskPage *self);
void        limn_task_page_connect_panel      (LimnTaskPage *self);
void        limn_task_page_rebuild_label_shortcuts (LimnTaskPage *self);
void        limn_task_page_apply_label        (LimnTaskPage *self,
                                               const char   *label_id);
/* Submits the open draft without checking the guardrails again. */
void        limn_task_page_submit_now         (LimnTaskPage *self);

/* limn-task-page-guardrails.c: TRUE when the open draft may be submitted
 * now; else the dialog of what the project's guardrails found is shown
 * (its Submit Anyway calls limn_task_page_submit_now()). */
gboolean    limn_task_page_guardrails_allow_submit (LimnTaskPage *self);

G_END_DECLS
