/* limn-flag.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-model"

#include "config.h"

#include "limn-flag.h"
#include "limn-util.h"

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

LimnFlag *
limn_flag_copy (const LimnFlag *flag)
{
  LimnFlag *self = g_new0 (LimnFlag, 1);

  *self = *flag;
  self->id = g_strdup (flag->id);
  self->task_id = g_strdup (flag->task_id);
  self->region_id = g_strdup (flag->region_id);
  self->annotator = g_strdup (flag->annotator);
  self->category = g_strdup (flag->category);
  self->body = g_strdup (flag->body);

  return self;
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

static const char * const state_names[] = {
  [LIMN_FLAG_OPEN] = "open",
  [LIMN_FLAG_ANSWERED] = "answered",
  [LIMN_FLAG_CLOSED] = "closed",
};

const char *
limn_flag_state_to_string (LimnFlagState state)
{
  if ((guint)state < G_N_ELEMENTS (state_names))
    return state_names[state];
  return "open";
}

gboolean
limn_flag_state_from_string (const char    *str,
                             LimnFlagState *state)
{
  guint i;

  if (!limn_name_lookup (state_names, G_N_ELEMENTS (state_names), str, &i))
    return FALSE;

  *state = i;
  return TRUE;
}
