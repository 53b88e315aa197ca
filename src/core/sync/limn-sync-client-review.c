/* limn-sync-client-review.c
 *
 * LimnSyncClient's review calls (docs/review.md, "Routes"): a reviewer's
 * lease of queue items with everything needed to judge them, the queue
 * as listed, and a project's threads. Like claims: the project first, then the call; a
 * failure of the network or the server's availability is tried again
 * after the runs' backoff, a few times; the answer is stored in one job.
 * Verdicts, replies, acks and notes go through the outbox, not here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "limn-sync-client-private.h"
#include "limn-sync-http.h"
#include "limn-sync-jobs.h"
#include "limn-wire-review.h"
#include "limn-sync-retry.h"
#include "model/limn-id.h"

#define MAX_REVIEW_ATTEMPTS 6

typedef enum
{
  CALL_REVIEW_CLAIM,
  CALL_REVIEW_QUEUE,
  CALL_THREADS,
} CallKind;

typedef struct
{
  LimnSyncRetry    retry;        /* first: limn-sync-retry.h */
  CallKind         kind;
  char            *project_id;
  guint            count;
  LimnWireProject *project;
  GPtrArray       *ids;          /* char *: the items leased or listed, or the threads stored */
} Call;

static void
call_free (gpointer data)
{
  Call *c = data;

  g_free (c->project_id);
  g_clear_pointer (&c->project, limn_wire_project_free);
  g_clear_pointer (&c->ids, g_ptr_array_unref);
  limn_sync_retry_clear (&c->retry);
  g_free (c);
}

static void call_try (GTask *task);

void
limn_sync_client_hurry_review_calls (LimnSyncClient *self)
{
  limn_sync_retry_hurry (&self->review_retries);
}

/* Takes @task and @error. */
static void
call_failed (GTask  *task,
             GError *error,
             gint64  retry_after_ms)
{
  limn_sync_retry_failed (task, error, retry_after_ms, limn_sync_retry_is_fault (error));
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  GTask *task = data;
  Call *c = g_task_get_task_data (task);
  GError *error = NULL;

  if (!limn_sync_jobs_finish (LIMN_STORE_WORKER (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&c->ids), (GDestroyNotify)g_ptr_array_unref);
  g_object_unref (task);
}

static void
answer_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  GTask *task = data;
  LimnSyncClient *self = g_task_get_source_object (task);
  Call *c = g_task_get_task_data (task);
  g_autoptr(LimnSyncResponse) response = NULL;
  g_autoptr(GPtrArray) parsed = NULL;
  g_autoptr(LimnWireReviewQueue) queue = NULL;
  GError *error = NULL;

  response = limn_sync_http_send_finish (result, &error);
  if (response != NULL)
    error = limn_sync_http_status_error (response);
  if (error == NULL)
    {
      if (c->kind == CALL_REVIEW_CLAIM)
        parsed = limn_wire_parse_review_claims (response->body, c->project->project, c->count, &error);
      else if (c->kind == CALL_REVIEW_QUEUE)
        {
          queue = limn_wire_parse_review_queue (response->body, c->project_id, &error);
          if (queue != NULL)
            parsed = g_ptr_array_ref (queue->items);
        }
      else
        parsed = limn_wire_parse_threads (response->body, &error);
    }
  if (error != NULL)
    {
      call_failed (task, error, response ? limn_sync_client_retry_after_ms (response) : -1);
      return;
    }

  limn_sync_client_note_reachable (self);
  g_clear_pointer (&c->ids, g_ptr_array_unref);
  c->ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < parsed->len; i++)
    {
      if (c->kind == CALL_REVIEW_CLAIM)
        g_ptr_array_add (c->ids, g_strdup (((LimnWireReviewItem *)g_ptr_array_index (parsed, i))->item_id));
      else if (c->kind == CALL_REVIEW_QUEUE)
        g_ptr_array_add (c->ids, g_strdup (limn_review_item_get_id (g_ptr_array_index (parsed, i))));
      else
        g_ptr_array_add (c->ids, g_strdup (((LimnWireThread *)g_ptr_array_index (parsed, i))->flag->id));
    }

  if (c->kind == CALL_REVIEW_CLAIM)
    limn_sync_jobs_apply_review_claim_async (self->worker, self->server_url, g_steal_pointer (&c->project),
                                             g_steal_pointer (&parsed), stored_cb, task);
  else if (c->kind == CALL_REVIEW_QUEUE)
    limn_sync_jobs_save_review_queue_async (self->worker, c->project_id, g_steal_pointer (&parsed),
                                            stored_cb, task);
  else
    limn_sync_jobs_save_threads_async (self->worker, c->project_id, g_steal_pointer (&parsed),
                                       stored_cb, task);
}

static void
project_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  GTask *task = data;
  Call *c = g_task_get_task_data (task);
  GError *error = NULL;
  gint64 retry_after_ms;

  if (!limn_sync_client_claim_with_project (g_task_get_source_object (task), result, task, c->project_id,
                                            &c->project, c->count, "review/claims", answer_cb,
                                            &retry_after_ms, &error))
    call_failed (task, error, retry_after_ms);
}

/* One attempt: a review claim needs the project (its labels check the
 * regions); the queue and threads do not. */
static void
call_try (GTask *task)   /* owned */
{
  LimnSyncClient *self = g_task_get_source_object (task);
  Call *c = g_task_get_task_data (task);
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
                               _("Sign in to a Limn server to review."));
      g_object_unref (task);
      return;
    }

  if (c->kind == CALL_REVIEW_CLAIM)
    {
      path = g_strdup_printf ("/api/v1/projects/%s", c->project_id);
      message = limn_sync_client_new_message (self, "GET", path, NULL, NULL);
      limn_sync_http_send_async (self->session, message, LIMN_SYNC_MAX_ANSWER_BYTES,
                                 g_task_get_cancellable (task), project_cb, task);
    }
  else if (c->kind == CALL_REVIEW_QUEUE)
    {
      /* The whole queue in one page: the wire takes no more. */
      path = g_strdup_printf ("/api/v1/projects/%s/review/queue?limit=%u", c->project_id,
                              LIMN_WIRE_MAX_QUEUE);
      message = limn_sync_client_new_message (self, "GET", path, NULL, NULL);
      limn_sync_http_send_async (self->session, message, LIMN_SYNC_MAX_ANSWER_BYTES,
                                 g_task_get_cancellable (task), answer_cb, task);
    }
  else
    {
      path = g_strdup_printf ("/api/v1/projects/%s/threads", c->project_id);
      message = limn_sync_client_new_message (self, "GET", path, NULL, NULL);
      limn_sync_http_send_async (self->session, message, LIMN_SYNC_MAX_ANSWER_BYTES,
                                 g_task_get_cancellable (task), answer_cb, task);
    }
}

static void
call_start (LimnSyncClient      *self,
            CallKind             kind,
            const char          *project_id,
            guint                count,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Call *c;

  g_task_set_source_tag (task, source_tag);

  if (!limn_id_is_uuid (project_id))
    {
      g_task_return_new_error (task, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_FAILED,
                               _("“%s” is not a project id."), project_id ? project_id : "");
      return;
    }

  c = g_new0 (Call, 1);
  limn_sync_retry_init (&c->retry, call_try, &self->review_retries, "Review call", MAX_REVIEW_ATTEMPTS);
  c->kind = kind;
  c->project_id = g_strdup (project_id);
  c->count = CLAMP (count, 1, LIMN_WIRE_MAX_CLAIM);
  g_task_set_task_data (task, c, call_free);

  call_try (g_steal_pointer (&task));
}

void
limn_sync_client_review_claim_async (LimnSyncClient      *self,
                                     const char          *project_id,
                                     guint                count,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (LIMN_IS_SYNC_CLIENT (self));

  call_start (self, CALL_REVIEW_CLAIM, project_id, count, limn_sync_client_review_claim_async,
              cancellable, callback, user_data);
}

GPtrArray *
limn_sync_client_review_claim_finish (LimnSyncClient  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
limn_sync_client_review_queue_async (LimnSyncClient      *self,
                                     const char          *project_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (LIMN_IS_SYNC_CLIENT (self));

  call_start (self, CALL_REVIEW_QUEUE, project_id, 1, limn_sync_client_review_queue_async,
              cancellable, callback, user_data);
}

GPtrArray *
limn_sync_client_review_queue_finish (LimnSyncClient  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
limn_sync_client_threads_async (LimnSyncClient      *self,
                                const char          *project_id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (LIMN_IS_SYNC_CLIENT (self));

  call_start (self, CALL_THREADS, project_id, 1, limn_sync_client_threads_async,
              cancellable, callback, user_data);
}

GPtrArray *
limn_sync_client_threads_finish (LimnSyncClient  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
