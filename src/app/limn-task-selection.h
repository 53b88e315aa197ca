/* limn-task-selection.h
 *
 * The task list's selection: the task that is open, and nothing else. The
 * window sets it; the list view cannot (hover, the wheel and arrow keys
 * ask to select and are refused), so a task opens only when the annotator
 * activates it with a click or Enter. GtkSingleSelection would follow
 * the pointer in a list with single-click activation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LIMN_TYPE_TASK_SELECTION (limn_task_selection_get_type ())

G_DECLARE_FINAL_TYPE (LimnTaskSelection, limn_task_selection, LIMN, TASK_SELECTION, GObject)

LimnTaskSelection *limn_task_selection_new               (GListModel        *model);
/* GTK_INVALID_LIST_POSITION when nothing is open. */
guint              limn_task_selection_get_selected      (LimnTaskSelection *self);
/* Returns: (transfer none) (nullable) */
gpointer           limn_task_selection_get_selected_item (LimnTaskSelection *self);
void               limn_task_selection_set_selected      (LimnTaskSelection *self,
                                                          guint              position);

G_END_DECLS
