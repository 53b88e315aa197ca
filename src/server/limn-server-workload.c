/* limn-server-workload.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <math.h>
#include <string.h>

#include "analytics/limn-workload.h"
#include "limn-server-workload.h"

struct _LimnServerWorkload
{
  LimnServerTeamCache *team;
  GMutex               lock;
  GHashTable          *passed;   /* project id → (task id → times passed over) */
};

LimnServerWorkload *
limn_server_workload_new (LimnServerTeamCache *team)
{
  LimnServerWorkload *workload = g_new0 (LimnServerWorkload, 1);

  workload->team = team;
  g_mutex_init (&workload->lock);
  workload->passed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify)g_hash_table_unref);
  return workload;
}

void
limn_server_workload_free (LimnServerWorkload *workload)
{
  if (workload == NULL)
    return;
  g_mutex_clear (&workload->lock);
  g_hash_table_unref (workload->passed);
  g_free (workload);
}

gboolean
limn_server_workload_order (LimnServerWorkload *workload,
                            const char         *project_id,
                            const char         *user_id,
                            GPtrArray          *candidates,
                            guint               need)
{
  g_autoptr(LimnServerTeamReport) report = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  g_autofree LimnWorkloadTask *tasks = NULL;
  g_autofree guint *picked = NULL;
  g_autofree gboolean *taken = NULL;
  g_autofree gpointer *order = NULL;
  const LimnServerTeamMember *member;
  LimnWorkloadAnnotator who;
  GHashTable *passed;
  guint n, k = 0;

  if (workload == NULL || candidates->len == 0 || need == 0)
    return FALSE;
  report = limn_server_team_cache_peek (workload->team, project_id);
  if (report == NULL || report->open_difficulty == NULL ||
      !limn_workload_pool_usable (report->workload_pool))
    return FALSE;

  member = limn_server_team_report_member (report, user_id);
  who.skill = member != NULL ? member->skill : NAN;
  who.answers = member != NULL ? member->submitted : 0;

  locker = g_mutex_locker_new (&workload->lock);
  passed = g_hash_table_lookup (workload->passed, project_id);
  if (passed == NULL)
    {
      passed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (workload->passed, g_strdup (project_id), passed);
    }

  tasks = g_new (LimnWorkloadTask, candidates->len);
  for (guint i = 0; i < candidates->len; i++)
    {
      const char *id = g_ptr_array_index (candidates, i);
      const double *d = g_hash_table_lookup (report->open_difficulty, id);

      tasks[i].difficulty = d != NULL ? *d : NAN;
      tasks[i].passed_over = GPOINTER_TO_UINT (g_hash_table_lookup (passed, id));
    }

  picked = g_new (guint, MIN (need, candidates->len));
  n = limn_workload_pick (report->workload_pool, NULL, &who, tasks, candidates->len, need, picked);

  /* A task handed out starts again from 0: it is moving. */
  taken = g_new0 (gboolean, candidates->len);
  for (guint i = 0; i < n; i++)
    taken[picked[i]] = TRUE;
  for (guint i = 0; i < candidates->len; i++)
    {
      const char *id = g_ptr_array_index (candidates, i);

      if (taken[i])
        g_hash_table_remove (passed, id);
      else if (tasks[i].passed_over > 0)
        g_hash_table_insert (passed, g_strdup (id), GUINT_TO_POINTER (tasks[i].passed_over));
    }

  order = g_new (gpointer, candidates->len);
  for (guint i = 0; i < n; i++)
    order[k++] = candidates->pdata[picked[i]];
  for (guint i = 0; i < candidates->len; i++)
    if (!taken[i])
      order[k++] = candidates->pdata[i];
  memcpy (candidates->pdata, order, candidates->len * sizeof (gpointer));
  return TRUE;
}
