/* limn-sync-client-dashboard.c
 *
 * LimnSyncClient fetching a project's team dashboard (issue 19,
 * GET /api/v1/projects/{id}/dashboard?days=N) for a reviewer or admin.
 * Nothing is stored: the page shows the answer and keeps the last one
 * itself. A busy or slow server is asked again a few times after the
 * client's backoff; a server that cannot be reached fails at once, so the
 * page can say so while it still shows the figures it had. Errors say
 * what they mean for the dashboard, translated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-sync-client-private.h"
#include "limn-sync-http.h"
#include "limn-sync-retry.h"
#include "limn-wire-dashboard.h"
#include "model/limn-id.h"

#define MAX_DASHBOARD_ATTEMPTS 3

typedef struct
{
  LimnSyncRetry retry;   /* first: limn-sync-retry.h */
  char         *project_id;
  guint         days;
} Fetch;

static void
fetch_free (gpointer data)
{
  Fetch *f = data;

  g_free (f->project_id);
  limn_sync_retry_clear (&f->retry);
  g_free (f);
}

/* The sync client's error, said for the dashboard where the generic
 * sentence would mislead ("Limn will try again" when it will not). Takes
 * @error. */
static GError *
dashboard_error (GError *error)
{
  GError *said = NULL;

  if (error->domain != LIMN_SYNC_ERROR)
    return error;

  switch (error->code)
    {
    case LIMN_SYNC_ERROR_OFFLINE:
      said = g_error_new_literal (LIMN_SYNC_ERROR, error->code,
                                  _("The server cannot be reached, so the team dashboard "
                                    "could not be brought up to date."));
      break;
    case LIMN_SYNC_ERROR_FORBIDDEN:
      said = g_error_new_literal (LIMN_SYNC_ERROR, error->code,
                                  _("Only reviewers and admins of this project may see its team dashboard."));
      break;
    case LIMN_SYNC_ERROR_NOT_FOUND:
      said = g_error_new_literal (LIMN_SYNC_ERROR, error->code,
                                  _("The server has no team dashboard for this project; "
                                    "it may be older than this version of Limn."));
      break;
    case LIMN_SYNC_ERROR_UNAVAILABLE:
      said = g_error_new_literal (LIMN_SYNC_ERROR, error->code,
                                  _("The server had a problem making the team dashboard. "
                                    "Try again in a while."));
      break;
    default:
      return error;
    }

  g_debug ("Dashboard: %s", error->message);
  g_error_free (error);
  return said;
}

/* Takes @task and @error. */
static void
fetch_failed (GTask  *task,
              GError *error,
              gint64  retry_after_ms)
{
  /* Offline stays offline for a while: the page says so now. */
  gboolean worth = limn_sync_retry_is_fault (error) &&
                   !g_error_matches (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_OFFLINE);

  limn_sync_retry_failed (task, dashboard_error (error), retry_after_ms, worth);
}

static void
answer_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  GTask *task = data;
  LimnSyncClient *self = g_task_get_source_object (task);
  g_autoptr(LimnSyncResponse) response = NULL;
  LimnTeamDashboard *dashboard = NULL;
  GError *error = NULL;

  response = limn_sync_http_send_finish (result, &error);
  if (response != NULL)
    error = limn_sync_http_status_error (response);
  if (error == NULL)
    dashboard = limn_wire_parse_dashboard (response->body, &error);
  if (error != NULL)
    {
      fetch_failed (task, error, response != NULL ? limn_sync_client_retry_after_ms (response) : -1);
      return;
    }

  limn_sync_client_note_reachable (self);
  g_task_return_pointer (task, dashboard, (GDestroyNotify)limn_team_dashboard_free);
  g_object_unref (task);
}

static void
fetch_try (GTask *task)   /* owned */
{
  LimnSyncClient *self = g_task_get_source_object (task);
  Fetch *f = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *path = NULL;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (self->server_url == NULL || self->token == NULL)
    {
      g_task_return_new_error (task, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_NOT_SIGNED_IN,
                               _("Sign in to a Limn server to see the team dashboard."));
      g_object_unref (task);
      return;
    }

  path = g_strdup_printf ("/api/v1/projects/%s/dashboard?days=%u", f->project_id, f->days);
  message = limn_sync_client_new_message (self, "GET", path, NULL, NULL);
  limn_sync_http_send_async (self->session, message, LIMN_SYNC_MAX_ANSWER_BYTES,
                             g_task_get_cancellable (task), answer_cb, task);
}

void
limn_sync_client_fetch_dashboard_async (LimnSyncClient      *self,
                                        const char          *project_id,
                                        guint                days,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Fetch *f;

  g_return_if_fail (LIMN_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, limn_sync_client_fetch_dashboard_async);

  if (!limn_id_is_uuid (project_id))
    {
      g_task_return_new_error (task, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_FAILED,
                               _("“%s” is not a project id."), project_id ? project_id : "");
      return;
    }

  f = g_new0 (Fetch, 1);
  limn_sync_retry_init (&f->retry, fetch_try, &self->review_retries, "Dashboard", MAX_DASHBOARD_ATTEMPTS);
  f->project_id = g_strdup (project_id);
  f->days = CLAMP (days, 1, LIMN_WIRE_MAX_DASHBOARD_DAYS);
  g_task_set_task_data (task, f, fetch_free);

  fetch_try (g_steal_pointer (&task));
}

LimnTeamDashboard *
limn_sync_client_fetch_dashboard_finish (LimnSyncClient  *self,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
