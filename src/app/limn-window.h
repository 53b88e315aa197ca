/* limn-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "limn-application.h"
#include "model/limn-draft.h"
#include "store/limn-store-worker.h"
#include "sync/limn-sync-client.h"

G_BEGIN_DECLS

#define LIMN_TYPE_WINDOW (limn_window_get_type ())

G_DECLARE_FINAL_TYPE (LimnWindow, limn_window, LIMN, WINDOW, AdwApplicationWindow)

LimnWindow      *limn_window_new               (LimnApplication *application);
/* Imports (or refreshes) a project file and opens it. */
void             limn_window_open_project_file (LimnWindow      *self,
                                                const char      *path);
/* Opens a project file, an image folder or any data set limn-convert
 * reads: a project file like open_project_file(), others in the Import
 * dialog. */
void             limn_window_open_path         (LimnWindow      *self,
                                                const char      *path);
/* Opens what the user had last, or the demo on a first run. */
void             limn_window_open_default      (LimnWindow      *self);
void             limn_window_present_when_ready (LimnWindow     *self);

/* For tests and benchmarks: what the window shows. */
LimnStoreWorker *limn_window_get_worker        (LimnWindow      *self);
LimnSyncClient  *limn_window_get_sync_client   (LimnWindow      *self);
LimnDraft       *limn_window_get_draft         (LimnWindow      *self);
const char      *limn_window_get_task_id       (LimnWindow      *self);
GtkWidget       *limn_window_get_image_canvas  (LimnWindow      *self);
GtkWidget       *limn_window_get_span_view     (LimnWindow      *self);
void             limn_window_select_task       (LimnWindow      *self,
                                                guint            position);
GtkWidget       *limn_window_get_task_list     (LimnWindow      *self);
GtkWidget       *limn_window_get_sync_indicator (LimnWindow     *self);
/* The work area's page: "loading", "image", "text", "media-wait", "image-error", "error". */
const char      *limn_window_get_work_page     (LimnWindow      *self);
/* The status bar's "Task 3 of 12 · 2 submitted". */
const char      *limn_window_get_position_text (LimnWindow      *self);
/* The last toast's text. */
const char      *limn_window_get_last_toast    (LimnWindow      *self);
gboolean         limn_window_get_submitted_banner_shown (LimnWindow *self);

G_END_DECLS
