/* limn-window-private.h
 *
 * The window's state, shared by its facets: limn-window.c (project and task
 * flow, autosave, timing) and limn-window-actions.c (what the user can do).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "events/limn-activity.h"
#include "limn-confidence-control.h"
#include "events/limn-event-log.h"
#include "limn-image-canvas.h"
#include "store/limn-store-jobs.h"
#include "limn-label-palette.h"
#include "limn-span-view.h"
#include "sync/limn-sync-client.h"
#include "limn-sync-indicator.h"
#include "limn-task-selection.h"
#include "limn-window.h"

G_BEGIN_DECLS

struct _LimnWindow
{
  AdwApplicationWindow   parent_instance;

  /* Template children */
  AdwToastOverlay       *toasts;
  AdwWindowTitle        *window_title;
  AdwFlap               *flap;
  GtkRevealer           *save_error_revealer;
  GtkLabel              *save_error_label;
  GtkListView           *task_list;
  GtkStack              *work_stack;
  GtkSpinner            *loading_spinner;
  AdwStatusPage         *error_page;
  AdwStatusPage         *image_error_page;
  AdwStatusPage         *media_page;
  GtkSpinner            *media_spinner;
  GtkWidget             *media_retry_button;
  GtkRevealer           *submitted_revealer;
  GtkImage              *submitted_icon;
  GtkLabel              *submitted_label;
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
  LimnSyncIndicator     *sync_indicator;

  GSettings             *settings;
  LimnStoreWorker       *worker;
  LimnEventLog          *log;
  LimnActivity          *activity;
  LimnSyncClient        *sync;

  LimnProject           *project;
  GListStore            *tasks;
  LimnTaskSelection     *selection;
  GtkEventController    *label_shortcuts;

  LimnTask              *task;          /* the open task */
  LimnDraft             *draft;
  LimnTextIndex         *text;
  GCancellable          *task_cancellable;
  char                  *pending_project_file;

  guint                  tick_id;
  guint                  present_id;    /* presents the window if content is slow */
  gulong                 canvas_state_id;
  guint                  busy : 1;      /* a submit or skip is on its way */
  guint                  save_failed : 1;
  guint                  dirty : 1;     /* edits not yet committed */
  guint                  stored_draft : 1; /* the open draft was in the store before */
  guint                  opening_default : 1;
  guint                  claiming : 1;  /* "Get More Tasks" is on its way */
};

/* limn-window.c */
void      limn_window_open_task          (LimnWindow *self,
                                          LimnTask   *task);
void      limn_window_save_draft         (LimnWindow *self);
void      limn_window_advance            (LimnWindow *self);
void      limn_window_show_project       (LimnWindow          *self,
                                          LimnProjectContents *contents);
void      limn_window_show_error         (LimnWindow *self,
                                          const char *title,
                                          const char *message);
void      limn_window_toast              (LimnWindow *self,
                                          const char *message);
void      limn_window_update_panel       (LimnWindow *self);
const char *limn_window_get_selected_region (LimnWindow *self);
void      limn_window_refresh_tasks      (LimnWindow     *self);
/* Reloads the task list from the store, then calls @then (if any). */
void      limn_window_refresh_tasks_then (LimnWindow     *self,
                                          void          (*then) (LimnWindow *self));
/* The open task's image has not been on screen: it cannot be submitted. */
gboolean  limn_window_media_missing      (LimnWindow     *self);
void      limn_window_update_submitted   (LimnWindow     *self);
void      limn_window_open_project_id    (LimnWindow     *self,
                                          const char     *project_id);
void      limn_window_claim_tasks        (LimnWindow     *self);
void      limn_window_import             (LimnWindow     *self,
                                          LimnImportKind  kind,
                                          const char     *path);

/* limn-window-actions.c */
void      limn_window_class_init_actions (GtkWidgetClass *widget_class);
void      limn_window_connect_panel      (LimnWindow     *self);
void      limn_window_update_actions     (LimnWindow     *self);
void      limn_window_rebuild_label_shortcuts (LimnWindow *self);
void      limn_window_apply_label        (LimnWindow     *self,
                                          const char     *label_id);

G_END_DECLS
