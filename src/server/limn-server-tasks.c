/* limn-server-tasks.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-server-audit.h"
#include "limn-server-projects.h"
#include "limn-server-tasks.h"

gboolean
limn_server_tasks_add (LimnServerBackend  *backend,
                       const char         *project_id,
                       GPtrArray          *tasks,
                       guint              *n_added,
                       guint              *n_skipped,
                       GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  g_autoptr(JsonObject) detail = limn_server_audit_admin_detail ();
  g_autoptr(LimnServerProject) project = NULL;
  gint64 now = g_get_real_time ();
  gint64 position;
  guint added = 0, skipped = 0;

  if (txn == NULL || !txn->store->get_project (txn, project_id, &project, error))
    return FALSE;
  if (project == NULL)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                   _("There is no project “%s”."), project_id);
      return FALSE;
    }

  if (!txn->store->next_task_position (txn, project_id, &position, error))
    return FALSE;

  for (guint i = 0; i < tasks->len; i++)
    {
      LimnServerNewTask *task = g_ptr_array_index (tasks, i);
      g_autofree char *owner = NULL;

      if (!g_str_equal (project->kind, "both") && !g_str_equal (project->kind, task->kind))
        {
          g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_INVALID,
                       _("“%s”: a project of kind %s cannot hold %s tasks."),
                       task->title, project->kind, task->kind);
          return FALSE;
        }

      if (!txn->store->lookup_task_project (txn, task->id, &owner, error))
        return FALSE;

      if (owner != NULL && !g_str_equal (owner, project_id))
        {
          g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_EXISTS,
                       _("“%s”: the task id %s belongs to another project."),
                       task->title, task->id);
          return FALSE;
        }

      if (owner != NULL)
        {
          skipped++;
          continue;
        }

      g_free (task->project_id);
      task->project_id = g_strdup (project_id);
      task->position = position++;
      if (!txn->store->insert_task (txn, task, now, error))
        {
          g_prefix_error (error, "“%s”: ", task->title);
          return FALSE;
        }
      added++;
    }

  json_object_set_string_member (detail, "project_id", project_id);
  json_object_set_int_member (detail, "added", added);
  json_object_set_int_member (detail, "skipped", skipped);
  if (!limn_server_audit_add (txn, NULL, "admin.task.add", detail, error) ||
      !limn_server_txn_commit (txn, error))
    return FALSE;

  *n_added = added;
  *n_skipped = skipped;
  return TRUE;
}

GHashTable *
limn_server_tasks_get (LimnServerBackend   *backend,
                       const char * const  *task_ids,
                       GError             **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);

  if (txn == NULL)
    return NULL;

  return txn->store->get_tasks (txn, task_ids, error);
}

gboolean
limn_server_tasks_set_gold (LimnServerBackend  *backend,
                            const char         *project_id,
                            const char         *task_id,
                            const char         *answer_json,
                            GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  g_autoptr(JsonObject) detail = limn_server_audit_admin_detail ();
  g_autofree char *owner = NULL;
  LimnServerSettings settings;

  if (txn == NULL || !limn_server_projects_read_settings (txn, project_id, &settings, error) ||
      !txn->store->lookup_task_project (txn, task_id, &owner, error))
    return FALSE;

  if (g_strcmp0 (owner, project_id) != 0)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                   _("The project has no task “%s”."), task_id);
      return FALSE;
    }

  if (!txn->store->set_task_gold (txn, task_id, answer_json, error))
    return FALSE;

  json_object_set_string_member (detail, "project_id", project_id);
  json_object_set_string_member (detail, "task_id", task_id);

  return limn_server_audit_add (txn, NULL, "admin.gold.set", detail, error) &&
         limn_server_txn_commit (txn, error);
}

gboolean
limn_server_tasks_get_gold (LimnServerBackend  *backend,
                            const char         *task_id,
                            gboolean           *is_gold,
                            char              **answer_json,
                            GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);

  *is_gold = FALSE;
  *answer_json = NULL;
  return txn != NULL && txn->store->get_task_gold (txn, task_id, is_gold, answer_json, error);
}

gboolean
limn_server_tasks_find_media (LimnServerBackend          *backend,
                              const LimnServerPrincipal  *principal,
                              const char                 *sha256,
                              char                      **mime,
                              GError                    **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);
  g_autofree char *found_mime = NULL;
  const char *holder = NULL;
  gboolean found = FALSE;

  if (txn == NULL)
    return FALSE;

  /* An annotator reads the images of their own tasks; reviewers and admins
   * of a project any of the project's; the server admin any. */
  if (principal->project_id != NULL && principal->role == LIMN_SERVER_ROLE_ANNOTATOR)
    holder = principal->user_id;

  if (!txn->store->find_media (txn, sha256, principal->project_id, holder, &found,
                               &found_mime, error))
    return FALSE;

  if (!found)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                   _("No such image."));
      return FALSE;
    }

  if (mime != NULL)
    *mime = g_steal_pointer (&found_mime);
  return TRUE;
}
