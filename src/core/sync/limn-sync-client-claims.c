/* limn-sync-client-claims.c
 *
 * LimnSyncClient's claims and media: lease tasks (project, tasks,
 * suggestions and leases stored in one job), then fetch the first images
 * into the media cache, verified.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-media-cache.h"
#include "limn-sync-client-private.h"
#include "limn-sync-http.h"
#include "limn-sync-jobs.h"
#include "limn-sync-retry.h"
#include "model/limn-id.h"

/* Claims. A claim the network or the server fails is tried again after
 * the runs' backoff, at most MAX_CLAIM_ATTEMPTS times; the network coming
 * back or "sync now" tries at once (limn_sync_client_hurry_claims()). The
 * server answers a repeated claim with the leases already held, so a
 * claim whose answer was lost leases nothing twice. */

#define MAX_CLAIM_ATTEMPTS 6

typedef struct
{
  LimnSyncRetry    retry;        /* first: limn-sync-retry.h */
  char            *project_id;
  guint            count;
  LimnWireProject *project;
  GPtrArray       *task_ids;     /* char * */
  GPtrArray       *prefetch;     /* char *sha256, paired with sizes */
  GArray          *sizes;        /* gint64 */
  guint            next;
  guint            n_new;
} Claim;

static void
claim_free (gpointer data)
{
  Claim *c = data;

  g_free (c->project_id);
  g_clear_pointer (&c->project, limn_wire_project_free);
  g_clear_pointer (&c->task_ids, g_ptr_array_unref);
  g_clear_pointer (&c->prefetch, g_ptr_array_unref);
  g_clear_pointer (&c->sizes, g_array_unref);
  limn_sync_retry_clear (&c->retry);
  g_free (c);
}

static void claim_try (GTask *task);
static void claim_prefetch_next (GTask *task);

static void
claim_prefetched_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      data)
{
  GTask *task = data;
  LimnSyncClient *self = g_task_get_source_object (task);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  /* The tasks are leased and stored: an image that did not come is
   * fetched by the next runs (and at once when its task is opened). */
  path = limn_sync_client_fetch_media_finish (self, result, &error);
  if (path == NULL)
    {
      g_message ("Could not prefetch an image: %s", error->message);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        limn_sync_client_kick (self);
    }

  claim_prefetch_next (task);
}

static void
claim_prefetch_next (GTask *task)   /* owned */
{
  LimnSyncClient *self = g_task_get_source_object (task);
  Claim *c = g_task_get_task_data (task);

  if (c->next >= c->prefetch->len || g_task_return_error_if_cancelled (task))
    {
      if (!g_task_had_error (task))
        g_task_return_pointer (task, g_steal_pointer (&c->task_ids), (GDestroyNotify)g_ptr_array_unref);
      g_object_unref (task);
      return;
    }

  limn_sync_client_fetch_media_async (self, g_ptr_array_index (c->prefetch, c->next),
                                      g_array_index (c->sizes, gint64, c->next),
                                      g_task_get_cancellable (task), claim_prefetched_cb, task);
  c->next++;
}

/* A claim failed: tried again later when the network or the server is to
 * blame and attempts are left, else the caller is told. Takes @task and
 * @error. */
static void
claim_failed (GTask  *task,
              GError *error,
              gint64  retry_after_ms)
{
  limn_sync_retry_failed (task, error, retry_after_ms, limn_sync_retry_is_fault (error));
}

void
limn_sync_client_hurry_claims (LimnSyncClient *self)
{
  limn_sync_retry_hurry (&self->claim_retries);
}

static void
claim_stored_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  GTask *task = data;
  LimnSyncClient *self = g_task_get_source_object (task);
  Claim *c = g_task_get_task_data (task);
  GError *error = NULL;

  if (!limn_sync_jobs_apply_claim_finish (LIMN_STORE_WORKER (object), result, &c->n_new, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  limn_sync_client_refresh_pending (self);
  claim_prefetch_next (task);
}

static void
claims_received_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      data)
{
  GTask *task = data;
  LimnSyncClient *self = g_task_get_source_object (task);
  Claim *c = g_task_get_task_data (task);
  g_autoptr(LimnSyncResponse) response = NULL;
  g_autoptr(GPtrArray) assignments = NULL;
  GError *error = NULL;

  response = limn_sync_http_send_finish (result, &error);
  if (response != NULL)
    error = limn_sync_http_status_error (response);
  if (error == NULL)
    assignments = limn_wire_parse_claims (response->body, c->project->project, c->count, &error);
  if (error != NULL)
    {
      claim_failed (task, error, response ? limn_sync_client_retry_after_ms (response) : -1);
      return;
    }

  limn_sync_client_note_reachable (self);
  g_clear_pointer (&c->task_ids, g_ptr_array_unref);
  g_clear_pointer (&c->prefetch, g_ptr_array_unref);
  g_clear_pointer (&c->sizes, g_array_unref);
  c->task_ids = g_ptr_array_new_with_free_func (g_free);
  c->prefetch = g_ptr_array_new_with_free_func (g_free);
  c->sizes = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < assignments->len; i++)
    {
      LimnWireAssignment *a = g_ptr_array_index (assignments, i);
      const char *sha256 = limn_task_get_media_sha256 (a->task);

      g_ptr_array_add (c->task_ids, g_strdup (limn_task_get_id (a->task)));
      if (sha256 != NULL && c->prefetch->len < self->prefetch_count)
        {
          g_ptr_array_add (c->prefetch, g_strdup (sha256));
          g_array_append_val (c->sizes, a->media_size);
        }
    }

  limn_sync_jobs_apply_claim_async (self->worker, self->server_url, self->media_dir,
                                    g_steal_pointer (&c->project), g_steal_pointer (&assignments),
                                    g_strcmp0 (limn_sync_client_get_role (self), "annotator") == 0,
                                    claim_stored_cb, task);
}

/* The project of a claim came back (@result, of its GET): kept in
 * *@project (its labels check what the claim brings), then
 * {"count": @count} is posted to the project's @route ("claims",
 * "review/claims"), answered to @callback with @task. FALSE with @error
 * and *@retry_after_ms when the project did not come. */
gboolean
limn_sync_client_claim_with_project (LimnSyncClient       *self,
                                     GAsyncResult         *result,
                                     GTask                *task,
                                     const char           *project_id,
                                     LimnWireProject     **project,
                                     guint                 count,
                                     const char           *route,
                                     GAsyncReadyCallback   callback,
                                     gint64               *retry_after_ms,
                                     GError              **error)
{
  g_autoptr(LimnSyncResponse) response = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;
  GError *local = NULL;

  response = limn_sync_http_send_finish (result, &local);
  if (response != NULL)
    local = limn_sync_http_status_error (response);
  if (local == NULL)
    {
      g_clear_pointer (project, limn_wire_project_free);
      *project = limn_wire_parse_project (response->body, project_id, &local);
    }
  if (local != NULL)
    {
      *retry_after_ms = response != NULL ? limn_sync_client_retry_after_ms (response) : -1;
      g_propagate_error (error, local);
      return FALSE;
    }

  json = g_strdup_printf ("{\"count\":%u}", count);
  body = g_bytes_new (json, strlen (json));
  path = g_strdup_printf ("/api/v1/projects/%s/%s", project_id, route);
  message = limn_sync_client_new_message (self, "POST", path, NULL, body);
  limn_sync_http_send_async (self->session, message, LIMN_SYNC_MAX_CLAIM_BYTES,
                             g_task_get_cancellable (task), callback, task);
  return TRUE;
}

static void
project_received_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      data)
{
  GTask *task = data;
  Claim *c = g_task_get_task_data (task);
  GError *error = NULL;
  gint64 retry_after_ms;

  if (!limn_sync_client_claim_with_project (g_task_get_source_object (task), result, task, c->project_id,
                                            &c->project, c->count, "claims", claims_received_cb,
                                            &retry_after_ms, &error))
    claim_failed (task, error, retry_after_ms);
}

/* One attempt: the project, then the claim. */
static void
claim_try (GTask *task)   /* owned */
{
  LimnSyncClient *self = g_task_get_source_object (task);
  Claim *c = g_task_get_task_data (task);
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
                               _("Sign in to a Limn server to get tasks."));
      g_object_unref (task);
      return;
    }

  path = g_strdup_printf ("/api/v1/projects/%s", c->project_id);
  message = limn_sync_client_new_message (self, "GET", path, NULL, NULL);
  limn_sync_http_send_async (self->session, message, LIMN_SYNC_MAX_ANSWER_BYTES,
                             g_task_get_cancellable (task), project_received_cb, task);
}

void
limn_sync_client_claim_async (LimnSyncClient      *self,
                              const char          *project_id,
                              guint                count,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Claim *c;

  g_return_if_fail (LIMN_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, limn_sync_client_claim_async);

  if (!limn_id_is_uuid (project_id))
    {
      g_task_return_new_error (task, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_FAILED,
                               _("“%s” is not a project id."), project_id ? project_id : "");
      return;
    }

  c = g_new0 (Claim, 1);
  limn_sync_retry_init (&c->retry, claim_try, &self->claim_retries, "Claim", MAX_CLAIM_ATTEMPTS);
  c->project_id = g_strdup (project_id);
  c->count = CLAMP (count, 1, LIMN_WIRE_MAX_CLAIM);
  g_task_set_task_data (task, c, claim_free);

  claim_try (g_steal_pointer (&task));
}

GPtrArray *
limn_sync_client_claim_finish (LimnSyncClient  *self,
                               GAsyncResult    *result,
                               guint           *n_new,
                               GError         **error)
{
  GPtrArray *ids;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  ids = g_task_propagate_pointer (G_TASK (result), error);
  if (n_new != NULL)
    *n_new = ids != NULL ? ((Claim *)g_task_get_task_data (G_TASK (result)))->n_new : 0;

  return ids;
}

/* Media */

static void
media_fetched_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  LimnSyncClient *self = g_task_get_source_object (task);
  GError *error = NULL;
  char *path = limn_media_cache_fetch_finish (result, &error);

  limn_sync_client_media_done (self, g_task_get_task_data (task), path, error);
  if (path == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, path, g_free);
}

void
limn_sync_client_fetch_media_async (LimnSyncClient      *self,
                                    const char          *sha256,
                                    gint64               expected_size,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (LIMN_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, limn_sync_client_fetch_media_async);

  if (self->server_url == NULL || self->token == NULL)
    {
      g_task_return_new_error (task, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_NOT_SIGNED_IN,
                               _("Sign in to a Limn server to download images."));
      g_object_unref (task);
      return;
    }

  if (!limn_id_is_sha256 (sha256))
    {
      g_task_return_new_error (task, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE,
                               _("“%s” is not a SHA-256."), sha256 ? sha256 : "");
      g_object_unref (task);
      return;
    }

  g_task_set_task_data (task, g_strdup (sha256), g_free);
  limn_sync_client_media_downloading (self, sha256, expected_size);
  self->n_requests++;
  limn_media_cache_fetch_async (self->session, self->server_url, self->token, self->media_dir,
                                sha256, expected_size, cancellable, media_fetched_cb, task);
}

char *
limn_sync_client_fetch_media_finish (LimnSyncClient  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
