/* limn-server-projects.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-server-audit.h"
#include "limn-server-projects.h"
#include "model/limn-id.h"
#include "model/limn-label.h"

static void
set_no_project (GError     **error,
                const char  *project_id)
{
  g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
               _("There is no project “%s”."), project_id);
}

gboolean
limn_server_projects_read_settings (LimnServerTxn       *txn,
                                    const char          *project_id,
                                    LimnServerSettings  *settings,
                                    GError             **error)
{
  gboolean found = FALSE;

  if (!txn->store->get_settings (txn, project_id, settings, &found, error))
    return FALSE;
  if (!found)
    {
      set_no_project (error, project_id);
      return FALSE;
    }

  return TRUE;
}

char *
limn_server_projects_create (LimnServerBackend   *backend,
                             const char          *name,
                             const char          *kind,
                             const char * const  *label_names,
                             const char          *guidelines,
                             GError             **error)
{
  g_autoptr(LimnServerTxn) txn = NULL;
  g_autoptr(JsonObject) detail = limn_server_audit_admin_detail ();
  g_autoptr(LimnServerProject) project = g_new0 (LimnServerProject, 1);
  gint64 now = g_get_real_time ();

  project->id = g_uuid_string_random ();
  project->name = g_strdup (name);
  project->kind = g_strdup (kind);
  project->settings = (LimnServerSettings) {
    .overlap = LIMN_SERVER_DEFAULT_OVERLAP,
    .gold_rate = 0,
    .audit_rate = 0,
    .confidence_steps = LIMN_SERVER_DEFAULT_CONFIDENCE_STEPS,
    .lease_seconds = LIMN_SERVER_DEFAULT_LEASE_SECONDS,
    .review_threshold = LIMN_SERVER_DEFAULT_REVIEW_THRESHOLD,
    .senior_threshold = LIMN_SERVER_DEFAULT_SENIOR_THRESHOLD,
    .agreement_threshold = LIMN_SERVER_DEFAULT_AGREEMENT_THRESHOLD,
    .match_iou = LIMN_SERVER_DEFAULT_MATCH_IOU,
    .auto_propose_campaigns = 1,
  };
  project->labels = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_label_free);
  for (guint i = 0; label_names != NULL && label_names[i] != NULL; i++)
    {
      LimnServerLabel *label = g_new0 (LimnServerLabel, 1);

      /* The same name in the same project is the same label, always. */
      label->id = limn_id_derive (project->id, label_names[i]);
      label->name = g_strdup (label_names[i]);
      label->color = g_strdup (limn_color_for_index (i));
      label->hotkey = limn_hotkey_for_index (i);
      g_ptr_array_add (project->labels, label);
    }
  if (guidelines != NULL)
    {
      project->guideline_version = 1;
      project->guidelines = g_strdup (guidelines);
      project->guidelines_published_us = now;
    }

  txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  if (txn == NULL || !txn->store->insert_project (txn, project, now, error))
    return NULL;

  json_object_set_string_member (detail, "project_id", project->id);
  json_object_set_string_member (detail, "name", name);
  json_object_set_string_member (detail, "kind", kind);
  json_object_set_int_member (detail, "labels", project->labels->len);
  if (!limn_server_audit_add (txn, NULL, "admin.project.create", detail, error) ||
      !limn_server_txn_commit (txn, error))
    return NULL;

  return g_steal_pointer (&project->id);
}

LimnServerProject *
limn_server_projects_get (LimnServerBackend  *backend,
                          const char         *project_id,
                          GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);
  LimnServerProject *project = NULL;

  if (txn == NULL || !txn->store->get_project (txn, project_id, &project, error))
    return NULL;
  if (project == NULL)
    set_no_project (error, project_id);

  return project;
}

GPtrArray *
limn_server_projects_list (LimnServerBackend          *backend,
                           const LimnServerPrincipal  *principal,
                           GError                    **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) projects = NULL;

  if (txn == NULL)
    return NULL;

  if (principal->project_id != NULL)
    {
      ids = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (ids, g_strdup (principal->project_id));
    }
  else
    {
      ids = txn->store->list_project_ids (txn, error);
      if (ids == NULL)
        return NULL;
    }

  projects = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_project_free);
  for (guint i = 0; i < ids->len; i++)
    {
      LimnServerProject *project = NULL;

      if (!txn->store->get_project (txn, g_ptr_array_index (ids, i), &project, error))
        return NULL;
      if (project != NULL)
        g_ptr_array_add (projects, project);
    }

  return g_steal_pointer (&projects);
}

gboolean
limn_server_projects_set_settings (LimnServerBackend         *backend,
                                   const char                *project_id,
                                   const LimnServerSettings  *settings,
                                   GError                   **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  g_autoptr(JsonObject) detail = limn_server_audit_admin_detail ();
  LimnServerSettings old;

  if (txn == NULL || !limn_server_projects_read_settings (txn, project_id, &old, error) ||
      !txn->store->update_settings (txn, project_id, settings, error))
    return FALSE;

  json_object_set_string_member (detail, "project_id", project_id);
  if (settings->overlap >= 0)
    json_object_set_int_member (detail, "overlap", settings->overlap);
  if (settings->gold_rate >= 0)
    json_object_set_double_member (detail, "gold_rate", settings->gold_rate);
  if (settings->audit_rate >= 0)
    json_object_set_double_member (detail, "audit_rate", settings->audit_rate);
  if (settings->confidence_steps >= 0)
    json_object_set_int_member (detail, "confidence_steps", settings->confidence_steps);
  if (settings->lease_seconds >= 0)
    json_object_set_int_member (detail, "lease_seconds", settings->lease_seconds);
  if (settings->review_threshold >= 0)
    json_object_set_double_member (detail, "review_threshold", settings->review_threshold);
  if (settings->senior_threshold >= 0)
    json_object_set_double_member (detail, "senior_threshold", settings->senior_threshold);
  if (settings->agreement_threshold >= 0)
    json_object_set_double_member (detail, "agreement_threshold", settings->agreement_threshold);
  if (settings->match_iou >= 0)
    json_object_set_double_member (detail, "match_iou", settings->match_iou);
  if (settings->auto_propose_campaigns >= 0)
    json_object_set_boolean_member (detail, "auto_propose_campaigns",
                                    settings->auto_propose_campaigns != 0);
  if (settings->guardrails != NULL)
    json_object_set_string_member (detail, "guardrails", settings->guardrails);
  if (settings->qualification != NULL)
    json_object_set_string_member (detail, "qualification", settings->qualification);
  if (settings->hidden_task_fields != NULL)
    json_object_set_string_member (detail, "hidden_task_fields", settings->hidden_task_fields);

  return limn_server_audit_add (txn, NULL, "admin.project.set", detail, error) &&
         limn_server_txn_commit (txn, error);
}

/* A read transaction, after checking that @project_id (when given)
 * exists. */
static LimnServerTxn *
begin_read_of (LimnServerBackend  *backend,
               const char         *project_id,
               GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);
  LimnServerSettings settings;

  if (txn == NULL)
    return NULL;
  if (project_id != NULL && !limn_server_projects_read_settings (txn, project_id, &settings, error))
    return NULL;

  return g_steal_pointer (&txn);
}

GPtrArray *
limn_server_projects_status (LimnServerBackend  *backend,
                             const char         *project_id,
                             GError            **error)
{
  g_autoptr(LimnServerTxn) txn = begin_read_of (backend, project_id, error);

  return txn != NULL ? txn->store->project_status (txn, project_id, error) : NULL;
}

LimnServerInventory *
limn_server_projects_inventory (LimnServerBackend  *backend,
                                const char         *project_id,
                                GError            **error)
{
  g_autoptr(LimnServerTxn) txn = begin_read_of (backend, project_id, error);

  return txn != NULL ? txn->store->inventory (txn, project_id, error) : NULL;
}
