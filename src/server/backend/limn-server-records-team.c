/* limn-server-records-team.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

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

static guint
intern_label (GPtrArray  *labels,
              const char *id,
              gsize       len)
{
  for (guint l = 0; l < labels->len; l++)
    {
      const char *known = g_ptr_array_index (labels, l);

      if (strncmp (known, id, len) == 0 && known[len] == '\0')
        return l;
    }
  g_ptr_array_add (labels, g_strndup (id, len));
  return labels->len - 1;
}

void
limn_server_team_data_add_region_labels (LimnServerTeamData   *data,
                                         LimnServerTeamAnswer *answer,
                                         const char           *summary)
{
  while (summary != NULL && *summary != '\0')
    {
      const char *comma = strchr (summary, ',');
      gsize len = comma ? (gsize)(comma - summary) : strlen (summary);

      if (len > 0)
        {
          guint l = intern_label (data->labels, summary, len);

          g_array_append_val (data->region_labels, l);
          answer->n_regions++;
        }
      summary = comma ? comma + 1 : NULL;
    }
}

static gboolean
candidate_before (const LimnServerTeamCandidate *x,
                  const LimnServerTeamCandidate *y)
{
  return x->revision < y->revision || (x->revision == y->revision && x->order < y->order);
}

void
limn_server_team_data_keep_first_answers (LimnServerTeamData *data,
                                          GArray             *candidates)
{
  guint n_tasks = data->task_ids->len;
  g_autofree guint *start = g_new0 (guint, n_tasks + 1);
  g_autofree guint *order = g_new (guint, candidates->len + 1);

  /* Counting sort by task; within a task (a few rows) the first revision
   * of each annotator wins. */
  for (guint i = 0; i < candidates->len; i++)
    start[g_array_index (candidates, LimnServerTeamCandidate, i).answer.task + 1]++;
  for (guint t = 0; t < n_tasks; t++)
    start[t + 1] += start[t];
  {
    g_autofree guint *next = g_memdup2 (start, sizeof (guint) * (n_tasks + 1));

    for (guint i = 0; i < candidates->len; i++)
      order[next[g_array_index (candidates, LimnServerTeamCandidate, i).answer.task]++] = i;
  }

  for (guint t = 0; t < n_tasks; t++)
    for (guint i = start[t]; i < start[t + 1]; i++)
      {
        LimnServerTeamCandidate *c = &g_array_index (candidates, LimnServerTeamCandidate, order[i]);
        gboolean first = TRUE;

        for (guint j = start[t]; j < start[t + 1] && first; j++)
          {
            const LimnServerTeamCandidate *o = &g_array_index (candidates, LimnServerTeamCandidate,
                                                               order[j]);

            if (j != i && o->answer.annotator == c->answer.annotator && candidate_before (o, c))
              first = FALSE;
          }
        if (first)
          g_array_append_val (data->answers, c->answer);
        else
          g_free (c->answer.regions);
      }
}

static int
by_time (const void *a,
         const void *b)
{
  const LimnServerTeamVerdict *x = a, *y = b;

  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  return (x->order > y->order) - (x->order < y->order);
}

void
limn_server_team_data_apply_verdicts (LimnServerTeamData *data,
                                      GArray             *owners,
                                      GArray             *verdicts)
{
  g_autofree guint *first = g_new (guint, data->task_ids->len + 1);
  g_autoptr(GArray) mine = g_array_new (FALSE, FALSE, sizeof (LimnServerTeamVerdict));

  /* Answers are grouped by task: where each task's group starts. */
  for (guint t = 0; t <= data->task_ids->len; t++)
    first[t] = G_MAXUINT;
  for (guint i = data->answers->len; i-- > 0;)
    first[g_array_index (data->answers, LimnServerTeamAnswer, i).task] = i;

  for (guint i = 0; i < verdicts->len; i++)
    {
      const LimnServerTeamVerdict *v = &g_array_index (verdicts, LimnServerTeamVerdict, i);

      if (g_array_index (owners, LimnServerTeamOwner, v->reviewed).task != G_MAXUINT)
        g_array_append_val (mine, *v);
    }
  /* g_array_sort: qsort's pointer may not be NULL, even for no items. */
  g_array_sort (mine, by_time);

  for (guint k = 0; k < mine->len; k++)
    {
      const LimnServerTeamVerdict *v = &g_array_index (mine, LimnServerTeamVerdict, k);
      const LimnServerTeamOwner *owner = &g_array_index (owners, LimnServerTeamOwner, v->reviewed);

      g_array_append_val (data->review_times, v->at);
      for (guint i = first[owner->task]; i < data->answers->len; i++)
        {
          LimnServerTeamAnswer *answer = &g_array_index (data->answers, LimnServerTeamAnswer, i);

          if (answer->task != owner->task)
            break;
          if (answer->annotator != owner->annotator || answer->verdict != LIMN_SERVER_VERDICT_NONE)
            continue;
          answer->verdict = v->verdict;
          answer->verdict_us = v->at;
        }
    }
}
