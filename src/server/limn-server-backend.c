/* limn-server-backend.c
 *
 * The interface's type, its value types and its dispatching wrappers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "limn-server-backend.h"

G_DEFINE_QUARK (limn-server-backend-error-quark, limn_server_backend_error)

G_DEFINE_INTERFACE (LimnServerBackend, limn_server_backend, G_TYPE_OBJECT)

static void
limn_server_backend_default_init (LimnServerBackendInterface *iface)
{
}

static const char * const role_names[] = { "annotator", "reviewer", "admin" };

const char *
limn_server_role_to_string (LimnServerRole role)
{
  g_return_val_if_fail (role <= LIMN_SERVER_ROLE_ADMIN, NULL);
  return role_names[role];
}

gboolean
limn_server_role_from_string (const char     *str,
                              LimnServerRole *role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (g_strcmp0 (str, role_names[i]) == 0)
      {
        *role = (LimnServerRole)i;
        return TRUE;
      }

  return FALSE;
}

const char *
limn_batch_status_to_string (LimnBatchStatus status)
{
  switch (status)
    {
    case LIMN_BATCH_APPLIED:
      return "applied";
    case LIMN_BATCH_DUPLICATE:
      return "duplicate";
    case LIMN_BATCH_CONFLICT:
      return "conflict";
    case LIMN_BATCH_REJECTED:
      return "rejected";
    case LIMN_BATCH_PENDING:
    default:
      return "pending";
    }
}

void
limn_server_principal_free (LimnServerPrincipal *principal)
{
  if (principal == NULL)
    return;

  g_free (principal->token_id);
  g_free (principal->user_id);
  g_free (principal->user_name);
  g_free (principal->project_id);
  g_free (principal);
}

void
limn_server_label_free (LimnServerLabel *label)
{
  if (label == NULL)
    return;

  g_free (label->id);
  g_free (label->name);
  g_free (label->color);
  g_free (label->hotkey);
  g_free (label->description);
  g_free (label);
}

void
limn_server_project_free (LimnServerProject *project)
{
  if (project == NULL)
    return;

  g_free (project->id);
  g_free (project->name);
  g_free (project->kind);
  g_clear_pointer (&project->labels, g_ptr_array_unref);
  g_free (project->guidelines);
  g_free (project);
}

void
limn_server_task_free (LimnServerTask *task)
{
  if (task == NULL)
    return;

  g_free (task->id);
  g_free (task->project_id);
  g_free (task->kind);
  g_free (task->title);
  g_free (task->media_sha256);
  g_free (task->mime);
  g_free (task->text);
  g_free (task->language);
  g_free (task->direction);
  g_free (task->suggestions);
  g_free (task);
}

void
limn_server_assignment_free (LimnServerAssignment *assignment)
{
  if (assignment == NULL)
    return;

  g_free (assignment->id);
  g_clear_pointer (&assignment->task, limn_server_task_free);
  g_free (assignment);
}

void
limn_server_change_free (LimnServerChange *change)
{
  if (change == NULL)
    return;

  g_free (change->kind);
  g_free (change->data);
  g_free (change);
}

LimnBatchItem *
limn_batch_item_new (LimnBatchItemKind kind)
{
  LimnBatchItem *item = g_new0 (LimnBatchItem, 1);

  item->kind = kind;
  item->status = LIMN_BATCH_PENDING;
  item->guideline_version = -1;
  item->confidence = -1;

  return item;
}

void
limn_batch_item_free (LimnBatchItem *item)
{
  if (item == NULL)
    return;

  g_free (item->reason);
  g_free (item->id);
  g_free (item->project_id);
  g_free (item->task_id);
  g_free (item->session_id);
  g_free (item->type);
  g_free (item->payload);
  g_free (item->parent_id);
  g_free (item->regions);
  g_free (item->rejected_suggestions);
  g_free (item->region_id);
  g_free (item->category);
  g_free (item->body);
  g_free (item);
}

void
limn_batch_item_reject (LimnBatchItem *item,
                        const char    *reason)
{
  item->status = LIMN_BATCH_REJECTED;
  g_free (item->reason);
  item->reason = g_strdup (reason);
}

void
limn_server_project_status_free (LimnServerProjectStatus *status)
{
  if (status == NULL)
    return;

  g_free (status->project_id);
  g_free (status->name);
  g_free (status->kind);
  g_free (status);
}

#define IFACE(self) LIMN_SERVER_BACKEND_GET_IFACE (self)

LimnServerPrincipal *
limn_server_backend_authenticate (LimnServerBackend  *self,
                                  const char         *token_sha256,
                                  GError            **error)
{
  g_return_val_if_fail (LIMN_IS_SERVER_BACKEND (self), NULL);
  return IFACE (self)->authenticate (self, token_sha256, error);
}

GPtrArray *
limn_server_backend_list_projects (LimnServerBackend          *self,
                                   const LimnServerPrincipal  *principal,
                                   GError                    **error)
{
  g_return_val_if_fail (LIMN_IS_SERVER_BACKEND (self), NULL);
  return IFACE (self)->list_projects (self, principal, error);
}

LimnServerProject *
limn_server_backend_get_project (LimnServerBackend  *self,
                                 const char         *project_id,
                                 GError            **error)
{
  g_return_val_if_fail (LIMN_IS_SERVER_BACKEND (self), NULL);
  return IFACE (self)->get_project (self, project_id, error);
}

GHashTable *
limn_server_backend_get_tasks (LimnServerBackend   *self,
                               const char * const  *task_ids,
                               GError             **error)
{
  g_return_val_if_fail (LIMN_IS_SERVER_BACKEND (self), NULL);
  return IFACE (self)->get_tasks (self, task_ids, error);
}

gboolean
limn_server_backend_expire_leases (LimnServerBackend  *self,
                                   gint64              now_us,
                                   guint              *n_expired,
                                   GError            **error)
{
  g_return_val_if_fail (LIMN_IS_SERVER_BACKEND (self), FALSE);
  return IFACE (self)->expire_leases (self, now_us, n_expired, error);
}

GPtrArray *
limn_server_backend_claim (LimnServerBackend          *self,
                           const LimnServerPrincipal  *principal,
                           const char                 *project_id,
                           guint                       count,
                           gint64                      now_us,
                           GError                    **error)
{
  g_return_val_if_fail (LIMN_IS_SERVER_BACKEND (self), NULL);
  return IFACE (self)->claim (self, principal, project_id, count, now_us, error);
}

gboolean
limn_server_backend_find_media (LimnServerBackend          *self,
                                const LimnServerPrincipal  *principal,
                                const char                 *sha256,
                                char                      **mime,
                                GError                    **error)
{
  g_return_val_if_fail (LIMN_IS_SERVER_BACKEND (self), FALSE);
  return IFACE (self)->find_media (self, principal, sha256, mime, error);
}

gboolean
limn_server_backend_lookup_idempotency (LimnServerBackend  *self,
                                        const char         *user_id,
                                        const char         *key,
                                        char              **request_sha256,
                                        guint              *status,
                                        GBytes            **body,
                                        GError            **error)
{
  g_return_val_if_fail (LIMN_IS_SERVER_BACKEND (self), FALSE);
  return IFACE (self)->lookup_idempotency (self, user_id, key, request_sha256, status, body, error);
}

gboolean
limn_server_backend_apply_batch (LimnServerBackend          *self,
                                 const LimnServerPrincipal  *principal,
                                 const char                 *key,
                                 const char                 *request_sha256,
                                 GPtrArray                  *items,
                                 gint64                      now_us,
                                 LimnBatchRenderFunc         render,
                                 gpointer                    render_data,
                                 gboolean                   *replayed,
                                 guint                      *status,
                                 GBytes                    **body,
                                 GError                    **error)
{
  g_return_val_if_fail (LIMN_IS_SERVER_BACKEND (self), FALSE);
  return IFACE (self)->apply_batch (self, principal, key, request_sha256, items, now_us,
                                    render, render_data, replayed, status, body, error);
}

GPtrArray *
limn_server_backend_list_changes (LimnServerBackend          *self,
                                  const LimnServerPrincipal  *principal,
                                  gint64                      since,
                                  guint                       limit,
                                  gboolean                   *more,
                                  GError                    **error)
{
  g_return_val_if_fail (LIMN_IS_SERVER_BACKEND (self), NULL);
  return IFACE (self)->list_changes (self, principal, since, limit, more, error);
}

gboolean
limn_server_backend_append_audit (LimnServerBackend          *self,
                                  const LimnServerPrincipal  *principal,
                                  const char                 *action,
                                  const char                 *detail_json,
                                  GError                    **error)
{
  g_return_val_if_fail (LIMN_IS_SERVER_BACKEND (self), FALSE);
  return IFACE (self)->append_audit (self, principal, action, detail_json, error);
}

char *
limn_server_backend_create_user (LimnServerBackend  *self,
                                 const char         *name,
                                 GError            **error)
{
  g_return_val_if_fail (LIMN_IS_SERVER_BACKEND (self), NULL);
  return IFACE (self)->create_user (self, name, error);
}

char *
limn_server_backend_find_user (LimnServerBackend  *self,
                               const char         *name,
                               GError            **error)
{
  g_return_val_if_fail (LIMN_IS_SERVER_BACKEND (self), NULL);
  return IFACE (self)->find_user (self, name, error);
}

char *
limn_server_backend_create_project (LimnServerBackend   *self,
                                    const char          *name,
                                    const char          *kind,
                                    const char * const  *label_names,
                                    const char          *guidelines,
                                    GError             **error)
{
  g_return_val_if_fail (LIMN_IS_SERVER_BACKEND (self), NULL);
  return IFACE (self)->create_project (self, name, kind, label_names, guidelines, error);
}

gboolean
limn_server_backend_add_tasks (LimnServerBackend  *self,
                               const char         *project_id,
                               GPtrArray          *tasks,
                               guint              *n_added,
                               guint              *n_skipped,
                               GError            **error)
{
  g_return_val_if_fail (LIMN_IS_SERVER_BACKEND (self), FALSE);
  return IFACE (self)->add_tasks (self, project_id, tasks, n_added, n_skipped, error);
}

char *
limn_server_backend_issue_token (LimnServerBackend  *self,
                                 const char         *user_id,
                                 const char         *project_id,
                                 LimnServerRole      role,
                                 const char         *token_sha256,
                                 GError            **error)
{
  g_return_val_if_fail (LIMN_IS_SERVER_BACKEND (self), NULL);
  return IFACE (self)->issue_token (self, user_id, project_id, role, token_sha256, error);
}

gboolean
limn_server_backend_revoke_token (LimnServerBackend  *self,
                                  const char         *token_id,
                                  GError            **error)
{
  g_return_val_if_fail (LIMN_IS_SERVER_BACKEND (self), FALSE);
  return IFACE (self)->revoke_token (self, token_id, error);
}

gboolean
limn_server_backend_set_gold (LimnServerBackend  *self,
                              const char         *project_id,
                              const char         *task_id,
                              const char         *answer_json,
                              GError            **error)
{
  g_return_val_if_fail (LIMN_IS_SERVER_BACKEND (self), FALSE);
  return IFACE (self)->set_gold (self, project_id, task_id, answer_json, error);
}

gboolean
limn_server_backend_update_settings (LimnServerBackend         *self,
                                     const char                *project_id,
                                     const LimnServerSettings  *settings,
                                     GError                   **error)
{
  g_return_val_if_fail (LIMN_IS_SERVER_BACKEND (self), FALSE);
  return IFACE (self)->update_settings (self, project_id, settings, error);
}

GPtrArray *
limn_server_backend_project_status (LimnServerBackend  *self,
                                    const char         *project_id,
                                    GError            **error)
{
  g_return_val_if_fail (LIMN_IS_SERVER_BACKEND (self), NULL);
  return IFACE (self)->project_status (self, project_id, error);
}
