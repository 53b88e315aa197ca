/* limn-task-list.h
 *
 * The labeling page's sidebar: the project's tasks in order, each with
 * its state, the open one highlighted. A task opens on a click or Enter
 * (::task-activated); nothing opens it by hovering, scrolling or moving
 * the focus. What the rows say comes from the store: the page hands in
 * the tasks a store job read, and merge() updates them in place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "model/limn-task.h"

G_BEGIN_DECLS

#define LIMN_TYPE_TASK_LIST (limn_task_list_get_type ())

G_DECLARE_FINAL_TYPE (LimnTaskList, limn_task_list, LIMN, TASK_LIST, GtkWidget)

/* Replaces every task (a project was opened); nothing is selected. */
void        limn_task_list_set_tasks       (LimnTaskList *self,
                                            GPtrArray    *tasks);
/* The store's view of the same project: rows are updated in place (the
 * @open task keeps its status and region count while @open_dirty, since
 * its unsaved edits are newer), and tasks new to the list are appended in
 * the store's order. Tasks sent back since the last merge move to the
 * top (the open one stays where it is).
 *
 * Returns: (transfer full) (element-type LimnTask): the tasks sent back
 * since the last merge, first in the list first */
GPtrArray  *limn_task_list_merge           (LimnTaskList *self,
                                            GPtrArray    *fresh,
                                            LimnTask     *open,
                                            gboolean      open_dirty);
guint       limn_task_list_get_n_tasks     (LimnTaskList *self);
/* Returns: (transfer full) */
LimnTask   *limn_task_list_get_task        (LimnTaskList *self,
                                            guint         position);
/* The open task's position, or GTK_INVALID_LIST_POSITION. */
guint       limn_task_list_get_selected    (LimnTaskList *self);
/* Returns: (transfer none) (nullable) */
LimnTask   *limn_task_list_get_selected_task (LimnTaskList *self);
/* Marks the open task and scrolls to it (emits ::selection-changed). */
void        limn_task_list_select          (LimnTaskList *self,
                                            guint         position);
guint       limn_task_list_count_status    (LimnTaskList   *self,
                                            LimnTaskStatus  status);
/* The first task sent back other than @from, or else the next task
 * still to do after @from (wrapping), or GTK_INVALID_LIST_POSITION:
 * rework comes first. */
guint       limn_task_list_next_to_do      (LimnTaskList *self,
                                            guint         from);
/* The first task sent back other than @from, or
 * GTK_INVALID_LIST_POSITION. */
guint       limn_task_list_first_rework    (LimnTaskList *self,
                                            guint         from);
/* The position of the task @task_id, or GTK_INVALID_LIST_POSITION. */
guint       limn_task_list_find            (LimnTaskList *self,
                                            const char   *task_id);
/* The list view itself (tests walk its rows). */
GtkWidget  *limn_task_list_get_view        (LimnTaskList *self);

G_END_DECLS
