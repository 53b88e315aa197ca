/* limn-task-title.h
 *
 * The title the app shows for a task: its own, or "Task N" when its
 * project hides titles from annotators and the server sent none
 * (settings.hidden_task_fields; docs/security.md, "Privacy").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "model/limn-task.h"

G_BEGIN_DECLS

/* N is the task's position + 1 (the annotator's own count), in the
 * locale's digits. */
char *limn_task_title_for_display (LimnTask *task);

G_END_DECLS
