/* limn-sync-client-guidelines.c
 *
 * LimnSyncClient publishing a new version of a project's guidelines
 * (docs/review.md, `POST /api/v1/projects/{id}/guidelines`). Unlike
 * verdicts, a publication does not wait in the outbox: the reviewer asked
 * for it now and is told whether it happened. The Idempotency-Key is made
 * once per publication, so a retry after a lost answer publishes nothing
 * twice. The answer's version is stored through the writer as a
 * guidelines change would be, so the reviewer reads it at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-sync-client-private.h"
#include "limn-sync-http.h"
#include "limn-sync-jobs.h"
#include "limn-sync-retry.h"
#include "limn-wire-review.h"
#include "model/limn-id.h"

#define MAX_PUBLISH_ATTEMPTS 4

typedef struct
{
  LimnSyncRetry retry;  /* first: limn-sync-retry.h */
  char    *project_id;
  char    *body;
  char    *summary;
  GStrv    labels;     /* or NULL */
  char    *key;        /* one per publication, kept across retries */
  gint64   version;
} Publish;

static void
publish_free (gpointer data)
{
  Publish *p = data;

  g_free (p->project_id);
  g_free (p->body);
  g_free (p->summary);
  g_strfreev (p->labels);
  g_free (p->key);
  limn_sync_retry_clear (&p->retry);
  g_free (p);
}

static void publish_try (GTask *task);

/* Takes @task and @error. */
static void
publish_failed (GTask  *task,
                GError *error,
                gint64  retry_after_ms)
{
  if (g_error_matches (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_OFFLINE))
    {
      g_task_return_new_error (task, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_OFFLINE,
                               _("Publishing needs the server, and it cannot be reached. "
                                 "Nothing was published; try again when you are online."));
      g_error_free (error);
      g_object_unref (task);
      return;
    }

  /* A busy or slow server is worth a few more tries (the same key
   * publishes once). */
  limn_sync_retry_failed (task, error, retry_after_ms, limn_sync_retry_is_fault (error));
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  GTask *task = data;
  Publish *p = g_task_get_task_data (task);
  GError *error = NULL;

  /* Published either way; a failure to keep it here is still told. */
  if (!limn_sync_jobs_finish (LIMN_STORE_WORKER (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_int (task, p->version);
  g_object_unref (task);
}

static void
answer_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  GTask *task = data;
  LimnSyncClient *self = g_task_get_source_object (task);
  Publish *p = g_task_get_task_data (task);
  g_autoptr(LimnSyncResponse) response = NULL;
  GError *error = NULL;

  response = limn_sync_http_send_finish (result, &error);
  if (response != NULL)
    error = limn_sync_http_status_error (response);
  if (error == NULL)
    limn_wire_parse_published (response->body, &p->version, &error);
  if (error != NULL)
    {
      publish_failed (task, error, response ? limn_sync_client_retry_after_ms (response) : -1);
      return;
    }

  limn_sync_client_note_reachable (self);
  limn_sync_jobs_save_guideline_async (self->worker, p->project_id, p->version, p->body, p->summary,
                                       stored_cb, task);
}

static void
publish_try (GTask *task)   /* owned */
{
  LimnSyncClient *self = g_task_get_source_object (task);
  Publish *p = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *path = NULL;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (self->server_url == NULL || self->token == NULL)
    {
      g_task_return_new_error (task, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_NOT_SIGNED_IN,
                               _("Sign in to a Limn server to publish guidelines."));
      g_object_unref (task);
      return;
    }

  body = limn_wire_write_guidelines (p->body, p->summary, (const char * const *) p->labels);
  path = g_strdup_printf ("/api/v1/projects/%s/guidelines", p->project_id);
  message = limn_sync_client_new_message (self, "POST", path, p->key, body);
  limn_sync_http_send_async (self->session, message, LIMN_SYNC_MAX_ANSWER_BYTES,
                             g_task_get_cancellable (task), answer_cb, task);
}

void
limn_sync_client_publish_guidelines_async (LimnSyncClient      *self,
                                           const char          *project_id,
                                           const char          *body,
                                           const char          *summary,
                                           const char * const  *labels,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (summary != NULL ? summary : ""));
  Publish *p;

  g_return_if_fail (LIMN_IS_SYNC_CLIENT (self));
  g_return_if_fail (body != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, limn_sync_client_publish_guidelines_async);

  if (!limn_id_is_uuid (project_id))
    {
      g_task_return_new_error (task, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_FAILED,
                               _("“%s” is not a project id."), project_id ? project_id : "");
      return;
    }
  if (stripped[0] == '\0')
    {
      g_task_return_new_error (task, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_FAILED,
                               _("Say what changed before publishing."));
      return;
    }

  p = g_new0 (Publish, 1);
  limn_sync_retry_init (&p->retry, publish_try, NULL, "Publishing", MAX_PUBLISH_ATTEMPTS);
  p->project_id = g_strdup (project_id);
  p->body = g_strdup (body);
  p->summary = g_strdup (summary);
  p->labels = g_strdupv ((char **) labels);
  p->key = g_uuid_string_random ();
  g_task_set_task_data (task, p, publish_free);

  publish_try (g_steal_pointer (&task));
}

gint64
limn_sync_client_publish_guidelines_finish (LimnSyncClient  *self,
                                            GAsyncResult    *result,
                                            GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), 0);

  return g_task_propagate_int (G_TASK (result), error);
}
