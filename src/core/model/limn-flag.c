/* limn-flag.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-model"

#include "config.h"

#include "limn-flag.h"

LimnFlag *
limn_flag_new (const char *task_id,
               const char *annotator,
               const char *category,
               const char *body)
{
  LimnFlag *flag = g_new0 (LimnFlag, 1);

  flag->id = g_uuid_string_random ();
  flag->task_id = g_strdup (task_id);
  flag->annotator = g_strdup (annotator);
  flag->category = g_strdup (category ? category : "other");
  flag->body = g_strdup (body ? body : "");
  flag->created_us = g_get_real_time ();

  return flag;
}

void
limn_flag_free (LimnFlag *flag)
{
  if (flag == NULL)
    return;

  g_free (flag->id);
  g_free (flag->task_id);
  g_free (flag->region_id);
  g_free (flag->annotator);
  g_free (flag->category);
  g_free (flag->body);
  g_free (flag);
}
