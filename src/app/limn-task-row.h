/* limn-task-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "model/limn-task.h"

G_BEGIN_DECLS

#define LIMN_TYPE_TASK_ROW (limn_task_row_get_type ())

G_DECLARE_FINAL_TYPE (LimnTaskRow, limn_task_row, LIMN, TASK_ROW, GtkWidget)

GtkWidget *limn_task_row_new      (void);
void       limn_task_row_set_task (LimnTaskRow *self,
                                   LimnTask    *task);
/* What the row says to a screen reader: title, state, what it holds. */
const char *limn_task_row_get_description (LimnTaskRow *self);

const char *limn_task_status_icon_name (LimnTaskStatus status);
const char *limn_task_status_label     (LimnTaskStatus status);

G_END_DECLS
