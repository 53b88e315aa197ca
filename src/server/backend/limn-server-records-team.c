/* limn-server-records-team.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "limn-server-records-team.h"

static void
answer_clear (gpointer data)
{
  LimnServerTeamAnswer *answer = data;

  g_clear_pointer (&answer->regions, g_free);
}

LimnServerTeamData *
limn_server_team_data_new (void)
{
  LimnServerTeamData *data = g_new0 (LimnServerTeamData, 1);

  data->task_ids = g_ptr_array_new_with_free_func (g_free);
  data->task_gold = g_array_new (FALSE, FALSE, sizeof (gboolean));
  data->gold_answers = g_ptr_array_new_with_free_func (g_free);
  data->annotators = g_ptr_array_new_with_free_func (g_free);
  data->labels = g_ptr_array_new_with_free_func (g_free);
  data->answers = g_array_new (FALSE, FALSE, sizeof (LimnServerTeamAnswer));
  g_array_set_clear_func (data->answers, answer_clear);
  data->region_labels = g_array_new (FALSE, FALSE, sizeof (guint));
  data->review_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  return data;
}

void
limn_server_team_data_free (LimnServerTeamData *data)
{
  if (data == NULL)
    return;

  g_ptr_array_unref (data->task_ids);
  g_array_unref (data->task_gold);
  g_ptr_array_unref (data->gold_answers);
  g_ptr_array_unref (data->annotators);
  g_ptr_array_unref (data->labels);
  g_array_unref (data->answers);
  g_array_unref (data->region_labels);
  g_array_unref (data->review_times);
  g_free (data);
}

guint
limn_server_team_data_intern (GPtrArray  *array,
                              GHashTable *index,
                              const char *id)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (index, id));

  if (n == 0)
    {
      char *copy = g_strdup (id);

      g_ptr_array_add (array, copy);
      n = array->len;
      g_hash_table_insert (index, copy, GUINT_TO_POINTER (n));
    }
  return n - 1;
}

LimnServerAlert *
limn_server_alert_copy (const LimnServerAlert *alert)
{
  LimnServerAlert *copy = g_memdup2 (alert, sizeof *alert);

  copy->id = g_strdup (alert->id);
  copy->project_id = g_strdup (alert->project_id);
  copy->kind = g_strdup (alert->kind);
  copy->key = g_strdup (alert->key);
  copy->subject = g_strdup (alert->subject);
  copy->message = g_strdup (alert->message);
  copy->data = g_strdup (alert->data);
  return copy;
}

void
limn_server_alert_free (LimnServerAlert *alert)
{
  if (alert == NULL)
    return;

  g_free (alert->id);
  g_free (alert->project_id);
  g_free (alert->kind);
  g_free (alert->key);
  g_free (alert->subject);
  g_free (alert->message);
  g_free (alert->data);
  g_free (alert);
}
