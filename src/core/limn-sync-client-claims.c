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

/* Claims */

typedef struct
{
  char            *project_id;
  guint            count;
  LimnWireProject *project;
  GPtrArray       *task_ids;     /* char * */
  GPtrArray       *prefetch;     /* char *sha256, paired with sizes */
  GArray          *sizes;        /* gint64 */
  guint            next;
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
  g_free (c);
}

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

  path = limn_sync_client_fetch_media_finish (self, result, &error);
  if (path == NULL)
    {
      /* The tasks are leased and stored: a missing image is fetched when
       * the task is opened. Say why it failed. */
      g_message ("Could not prefetch an image: %s", error->message);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        limn_sync_client_set_last_error (self, error->message);
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

static void
claim_stored_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  GTask *task = data;
  LimnSyncClient *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!limn_sync_jobs_finish (LIMN_STORE_WORKER (object), result, &error))
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
  g_autoptr(GTask) task = data;
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
      g_task_return_error (task, error);
      return;
    }

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
                                    claim_stored_cb, g_steal_pointer (&task));
}

static void
project_received_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_autoptr(GTask) task = data;
  LimnSyncClient *self = g_task_get_source_object (task);
  Claim *c = g_task_get_task_data (task);
  g_autoptr(LimnSyncResponse) response = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;
  GError *error = NULL;

  response = limn_sync_http_send_finish (result, &error);
  if (response != NULL)
    error = limn_sync_http_status_error (response);
  if (error == NULL)
    c->project = limn_wire_parse_project (response->body, c->project_id, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  json = g_strdup_printf ("{\"count\":%u}", c->count);
  body = g_bytes_new (json, strlen (json));
  path = g_strdup_printf ("/api/v1/projects/%s/claims", c->project_id);
  message = limn_sync_client_new_message (self, "POST", path, NULL, body);
  {
    GCancellable *cancellable = g_task_get_cancellable (task);

    limn_sync_http_send_async (self->session, message, LIMN_SYNC_MAX_CLAIM_BYTES, cancellable,
                               claims_received_cb, g_steal_pointer (&task));
  }
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
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *path = NULL;
  Claim *c;

  g_return_if_fail (LIMN_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, limn_sync_client_claim_async);

  if (self->server_url == NULL || self->token == NULL)
    {
      g_task_return_new_error (task, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_NOT_SIGNED_IN,
                               _("Sign in to a Limn server to get tasks."));
      return;
    }
  if (!limn_wire_is_uuid (project_id))
    {
      g_task_return_new_error (task, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_FAILED,
                               _("“%s” is not a project id."), project_id ? project_id : "");
      return;
    }

  c = g_new0 (Claim, 1);
  c->project_id = g_strdup (project_id);
  c->count = CLAMP (count, 1, LIMN_WIRE_MAX_CLAIM);
  g_task_set_task_data (task, c, claim_free);

  path = g_strdup_printf ("/api/v1/projects/%s", project_id);
  message = limn_sync_client_new_message (self, "GET", path, NULL, NULL);
  limn_sync_http_send_async (self->session, message, LIMN_SYNC_MAX_ANSWER_BYTES, cancellable,
                             project_received_cb, g_steal_pointer (&task));
}

GPtrArray *
limn_sync_client_claim_finish (LimnSyncClient  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Media */

static void
media_fetched_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;
  char *path = limn_media_cache_fetch_finish (result, &error);

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
