/* limn-task-page.h
 *
 * The labeling page: the task list, the image canvas or the span view, the
 * labels and confidence panel and the status bar; the task flow from
 * opening a task to submitting it. A LimnPage: its "task." actions and its
 * header bar buttons are the window's while it is visible.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-page.h"
#include "model/limn-draft.h"

G_BEGIN_DECLS

#define LIMN_TYPE_TASK_PAGE (limn_task_page_get_type ())

G_DECLARE_FINAL_TYPE (LimnTaskPage, limn_task_page, LIMN, TASK_PAGE, GtkWidget)

/* A page-level problem (the project has no tasks, a task cannot open). */
void         limn_task_page_show_error     (LimnTaskPage *self,
                                            const char   *title,
                                            const char   *message);
void         limn_task_page_select_task    (LimnTaskPage *self,
                                            guint         position);

/* For tests and benchmarks: what the page shows. */
LimnDraft   *limn_task_page_get_draft      (LimnTaskPage *self);
const char  *limn_task_page_get_task_id    (LimnTaskPage *self);
GtkWidget   *limn_task_page_get_image_canvas (LimnTaskPage *self);
GtkWidget   *limn_task_page_get_span_view  (LimnTaskPage *self);
GtkWidget   *limn_task_page_get_task_list  (LimnTaskPage *self);
const char  *limn_task_page_get_work_page  (LimnTaskPage *self);
const char  *limn_task_page_get_position_text (LimnTaskPage *self);
gboolean     limn_task_page_get_submitted_banner_shown (LimnTaskPage *self);

G_END_DECLS
