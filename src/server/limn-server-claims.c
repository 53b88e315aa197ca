/* limn-server-claims.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-server-audit.h"
#include "limn-server-changes.h"
#include "limn-server-claims.h"
#include "limn-server-experiments.h"
#include "limn-server-leases.h"
#include "limn-server-projects.h"
#include "limn-server-qualification.h"

/* Up to @need of @ids in random order, in place: a partial Fisher–Yates. */
static void
shuffle_first (GPtrArray *ids,
               guint      need)
{
  for (guint i = 0; i < ids->len && i < need; i++)
    {
      guint j = (guint)g_random_int_range ((gint32)i, (gint32)ids->len);
      gpointer tmp = ids->pdata[i];

      ids->pdata[i] = ids->pdata[j];
      ids->pdata[j] = tmp;
    }
}

/* Removes the tasks of @pool from @ids, keeping the order. */
static void
drop_pool (GPtrArray  *ids,
           GHashTable *pool)
{
  for (guint i = ids->len; i-- > 0;)
    if (g_hash_table_contains (pool, g_ptr_array_index (ids, i)))
      g_ptr_array_remove_index (ids, i);
}

/* A new lease on @task_id at the annotator's @position, with its change. */
static gboolean
grant (LimnServerTxn              *txn,
       const LimnServerPrincipal  *principal,
       const char                 *project_id,
       const char                 *task_id,
       gint64                      position,
       gint64                      now_us,
       gint64                      lease_us,
       GPtrArray                  *granted,
       GError                    **error)
{
  g_autoptr(JsonObject) data = json_object_new ();
  LimnServerLease lease = {
    .id = g_uuid_string_random (),
    .task_id = (char *)task_id,
    .project_id = (char *)project_id,
    .annotator = principal->user_id,
    .state = LIMN_SERVER_LEASE_ASSIGNED,
    .assigned_us = now_us,
    .lease_expires_us = now_us + lease_us,
    .position = position,
  };
  LimnServerAssignment *a;

  if (!txn->store->insert_assignment (txn, &lease, error))
    {
      g_free (lease.id);
      return FALSE;
    }

  json_object_set_string_member (data, "task_id", task_id);
  json_object_set_string_member (data, "assignment_id", lease.id);
  json_object_set_int_member (data, "lease_expires_us", lease.lease_expires_us);

  a = g_new0 (LimnServerAssignment, 1);
  a->id = lease.id;
  a->lease_expires_us = lease.lease_expires_us;
  a->position = position;
  g_ptr_array_add (granted, a);

  return limn_server_changes_add (txn, principal->user_id, project_id, "assignment", data, now_us,
                                  error);
}

GPtrArray *
limn_server_claims_take (LimnServerBackend          *backend,
                         LimnServerWorkload         *workload,
                         const LimnServerPrincipal  *principal,
                         const char                 *project_id,
                         guint                       count,
                         gint64                      now_us,
                         GError                    **error)
{
  g_autoptr(LimnServerTxn) txn = NULL;
  g_autoptr(GPtrArray) result = NULL;
  g_autoptr(GPtrArray) normal = NULL;
  g_autoptr(GPtrArray) gold = NULL;
  g_autoptr(GPtrArray) granted = NULL;
  g_autoptr(GHashTable) pool = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GStrvBuilder) granted_ids = g_strv_builder_new ();
  g_autoptr(GHashTable) tasks = NULL;
  g_auto(GStrv) ids = NULL;
  g_autoptr(JsonObject) detail = json_object_new ();
  guint next_normal = 0, next_gold = 0, next_mine = 0;
  LimnServerSettings settings;
  LimnServerQualification qualification;
  gint64 position;
  guint held, need;

  txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  if (txn == NULL || !limn_server_projects_read_settings (txn, project_id, &settings, error) ||
      !limn_server_leases_expire_due (txn, now_us, NULL, error))
    return NULL;

  /* Leases already held come first, oldest first. */
  result = txn->store->held_leases (txn, principal->user_id, project_id, error);
  if (result == NULL)
    return NULL;
  held = result->len;
  need = held < count ? count - held : 0;

  granted = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_assignment_free);
  if (need > 0)
    {
      if (!txn->store->count_assignments (txn, principal->user_id, project_id, &position, error) ||
          !limn_server_qualification_of (txn, project_id, &settings, principal->user_id, NULL,
                                         &qualification, error))
        return NULL;

      /* A running guideline experiment's pool goes to its arms only, the
       * annotator's arm first, whatever the overlap (limn-server-experiments.h). */
      if (!limn_server_experiments_claimable (txn, project_id, principal->user_id, &pool, &mine,
                                              error))
        return NULL;

      if (!qualification.passed)
        {
          /* Training (docs/training.md): gold items only, each once, by
           * position (the admin's order), whoever else had them: overlap
           * is for the labels a project collects, and training makes none. */
          normal = g_ptr_array_new ();
          gold = txn->store->candidate_tasks (txn, project_id, principal->user_id, TRUE, 0, need,
                                              error);
          if (gold == NULL)
            return NULL;
          settings.gold_rate = 1.0;
          /* Nor an experiment's pool: an arm's answers are qualified work. */
          g_clear_pointer (&mine, g_ptr_array_unref);
        }
      else
        normal = txn->store->candidate_tasks (txn, project_id, principal->user_id, FALSE,
                                              settings.overlap,
                                              (workload != NULL ? need + LIMN_SERVER_WORKLOAD_WINDOW : need) +
                                              (pool != NULL ? g_hash_table_size (pool) : 0),
                                              error);
      if (normal == NULL)
        return NULL;
      if (pool != NULL)
        drop_pool (normal, pool);
      limn_server_workload_order (workload, project_id, principal->user_id, normal, need);

      if (gold == NULL && settings.gold_rate > 0)
        {
          /* Every gold task the annotator has not had, in random order.
           * Overlap holds for gold as for any task: were gold exempt, the
           * only tasks two annotators of an overlap-1 project shared would
           * be the gold ones. */
          gold = txn->store->candidate_tasks (txn, project_id, principal->user_id, TRUE,
                                              settings.overlap, G_MAXUINT, error);
          if (gold == NULL)
            return NULL;
          if (pool != NULL)
            drop_pool (gold, pool);
          shuffle_first (gold, need);
        }
      else if (gold == NULL)
        gold = g_ptr_array_new ();

      for (guint i = 0; i < need; i++)
        {
          const char *task_id;

          /* Gold at about gold_rate. When the gold runs out, ordinary tasks
           * fill in; never the other way round, or a pool that ran dry
           * would hand out nothing but gold and so give it away. */
          if (mine != NULL && next_mine < mine->len)
            task_id = g_ptr_array_index (mine, next_mine++);
          else if (next_gold < gold->len && g_random_double () < settings.gold_rate)
            task_id = g_ptr_array_index (gold, next_gold++);
          else if (next_normal < normal->len)
            task_id = g_ptr_array_index (normal, next_normal++);
          else if (settings.gold_rate >= 1.0 && next_gold < gold->len)
            task_id = g_ptr_array_index (gold, next_gold++);
          else
            break;

          if (!grant (txn, principal, project_id, task_id, position++, now_us,
                      settings.lease_seconds * G_USEC_PER_SEC, granted, error))
            return NULL;
          g_strv_builder_add (granted_ids, task_id);
        }

      /* The granted tasks, read in the transaction that granted them. */
      ids = g_strv_builder_end (granted_ids);
      tasks = txn->store->get_tasks (txn, (const char * const *)ids, error);
      if (tasks == NULL)
        return NULL;

      for (guint i = 0; i < granted->len; i++)
        {
          LimnServerAssignment *a = g_ptr_array_index (granted, i);

          if (!g_hash_table_steal_extended (tasks, ids[i], NULL, (gpointer *)&a->task))
            {
              g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                           _("There is no task “%s”."), ids[i]);
              return NULL;
            }
        }
      g_ptr_array_extend_and_steal (result, g_steal_pointer (&granted));
    }

  json_object_set_string_member (detail, "project_id", project_id);
  json_object_set_int_member (detail, "count", count);
  json_object_set_int_member (detail, "held", held);
  json_object_set_int_member (detail, "granted", result->len - held);
  if (!limn_server_audit_add (txn, principal, "claim", detail, error) ||
      !limn_server_txn_commit (txn, error))
    return NULL;

  return g_steal_pointer (&result);
}
