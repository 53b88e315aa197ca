/* limn-sync-client-team.c
 *
 * LimnSyncClient fetching the team's figures for the annotator's own
 * dashboard (GET /api/v1/projects/{id}/team-figures, docs/metrics.md §8):
 * a step of the run after the pull, at most every 10 minutes per project
 * (the figures move slowly and cost the server a pass over the project).
 * It never fails the run: offline, an old server without the route or an
 * unreadable body leave the dashboard saying "not enough team data yet"
 * or showing what came last. The body is kept as sent, and the pages
 * reload as after applied changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-sync"

#include "config.h"

#include "analytics/limn-team-figures.h"
#include "limn-sync-client-private.h"
#include "limn-sync-http.h"
#include "store/limn-store-dashboard.h"

typedef struct
{
  char    *project_id;
  char    *body;       /* to store; NULL: the server had none */
  gboolean changed;
} Pass;

static void
pass_free (gpointer data)
{
  Pass *p = data;

  g_free (p->project_id);
  g_free (p->body);
  g_free (p);
}

static gpointer
age_job (LimnStore  *store,
         gpointer    data,
         GError    **error)
{
  gint64 *received_us = g_new0 (gint64, 1);

  if (!limn_store_team_figures_age (store, data, received_us, error))
    g_clear_pointer (&received_us, g_free);
  return received_us;
}

static gpointer
save_job (LimnStore  *store,
          gpointer    data,
          GError    **error)
{
  Pass *p = data;

  if (!limn_store_save_team_figures (store, p->project_id, p->body, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(GTask) task = data;
  LimnSyncClient *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  /* Pages that show the figures reload as after applied changes. */
  if (limn_store_worker_run_finish (LIMN_STORE_WORKER (object), result, &error) == NULL)
    g_message ("Team figures not kept: %s", error->message);
  else
    limn_sync_client_emit_changes_applied (self, 0);

  g_task_return_boolean (task, TRUE);
}

static void
answer_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GTask) task = data;
  LimnSyncClient *self = g_task_get_source_object (task);
  Pass *p = g_task_get_task_data (task);
  g_autoptr(LimnSyncResponse) response = NULL;
  g_autoptr(LimnTeamFigures) figures = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;
  gsize length = 0;
  const char *body;

  response = limn_sync_http_send_finish (result, &error);
  if (response != NULL)
    error = limn_sync_http_status_error (response);
  if (error != NULL)
    {
      /* Offline, or a server without the route: the run goes on. */
      g_debug ("Team figures not fetched: %s", error->message);
      g_task_return_boolean (task, TRUE);
      return;
    }

  body = response->body != NULL ? g_bytes_get_data (response->body, &length) : NULL;
  if (body != NULL && length > 0 && !(length == 4 && memcmp (body, "null", 4) == 0))
    {
      figures = limn_team_figures_parse (body, length, &error);
      if (figures == NULL)
        {
          g_message ("Team figures left out: %s", error->message);
          g_task_return_boolean (task, TRUE);
          return;
        }
      p->body = g_strndup (body, length);
    }

  /* The cancellable first: the task is handed over in the same call. */
  cancellable = g_task_get_cancellable (task);
  limn_store_worker_run_async (self->worker, save_job, p, NULL, NULL, cancellable,
                               saved_cb, g_steal_pointer (&task));
}

static void
aged_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GTask) task = data;
  LimnSyncClient *self = g_task_get_source_object (task);
  Pass *p = g_task_get_task_data (task);
  g_autofree gint64 *received_us = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *path = NULL;
  GCancellable *cancellable;
  gint64 now = g_get_real_time ();

  received_us = limn_store_worker_run_finish (LIMN_STORE_WORKER (object), result, &error);
  if (received_us == NULL ||
      now - MAX (*received_us, self->team_figures_attempt_us) < LIMN_SYNC_TEAM_FIGURES_EVERY_US ||
      g_task_return_error_if_cancelled (task))
    {
      if (!g_task_had_error (task))
        g_task_return_boolean (task, TRUE);
      return;
    }

  self->team_figures_attempt_us = now;
  path = g_strdup_printf ("/api/v1/projects/%s/team-figures", p->project_id);
  message = limn_sync_client_new_message (self, "GET", path, NULL, NULL);
  cancellable = g_task_get_cancellable (task);
  limn_sync_http_send_async (self->session, message, LIMN_SYNC_MAX_ANSWER_BYTES, cancellable,
                             answer_cb, g_steal_pointer (&task));
}

void
limn_sync_client_team_figures_pass_async (LimnSyncClient      *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Pass *p;

  g_task_set_source_tag (task, limn_sync_client_team_figures_pass_async);

  /* A server admin's token is for no one project. */
  if (self->account == NULL || self->account->project_id == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  p = g_new0 (Pass, 1);
  p->project_id = g_strdup (self->account->project_id);
  g_task_set_task_data (task, p, pass_free);
  limn_store_worker_run_async (self->worker, age_job, g_strdup (p->project_id), g_free, g_free, cancellable,
                               aged_cb, g_steal_pointer (&task));
}

gboolean
limn_sync_client_team_figures_pass_finish (LimnSyncClient  *self,
                                           GAsyncResult    *result,
                                           GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
