/* limn-task-title.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "charts/limn-chart-format.h"
#include "limn-task-title.h"

char *
limn_task_title_for_display (LimnTask *task)
{
  const char *title;

  g_return_val_if_fail (LIMN_IS_TASK (task), NULL);

  title = limn_task_get_title (task);
  if (title != NULL && title[0] != '\0')
    return g_strdup (title);
  return limn_format_localize_digits_take (
    /* Translators: a task whose title the project hides from annotators;
     * %d is its number, 1 for their first task in the project. */
    g_strdup_printf (_("Task %d"), (int) (limn_task_get_position (task) + 1)));
}
