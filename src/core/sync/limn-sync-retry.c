/* limn-sync-retry.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-sync"

#include "config.h"

#include <inttypes.h>

#include "limn-sync-client-private.h"
#include "limn-sync-error.h"
#include "limn-sync-retry.h"

void
limn_sync_retry_init (LimnSyncRetry     *retry,
                      LimnSyncRetryFunc  again,
                      GPtrArray        **waiting,
                      const char        *what,
                      guint              max_attempts)
{
  retry->again = again;
  retry->waiting = waiting;
  retry->what = what;
  retry->max_attempts = max_attempts;
  retry->attempt = 0;
  retry->source = NULL;
}

void
limn_sync_retry_clear (LimnSyncRetry *retry)
{
  if (retry->source == NULL)
    return;
  g_source_destroy (retry->source);
  g_clear_pointer (&retry->source, g_source_unref);
}

gboolean
limn_sync_retry_is_fault (const GError *error)
{
  return g_error_matches (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_OFFLINE) ||
         g_error_matches (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_TIMEOUT) ||
         g_error_matches (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_RATE_LIMITED) ||
         g_error_matches (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_UNAVAILABLE);
}

static gboolean
retry_cb (gpointer data)
{
  GTask *task = data;
  LimnSyncRetry *retry = g_task_get_task_data (task);

  g_clear_pointer (&retry->source, g_source_unref);
  if (retry->waiting != NULL)
    g_ptr_array_remove (*retry->waiting, task);
  retry->again (task);

  return G_SOURCE_REMOVE;
}

void
limn_sync_retry_failed (GTask   *task,
                        GError  *error,
                        gint64   retry_after_ms,
                        gboolean worth_retrying)
{
  LimnSyncClient *client = g_task_get_source_object (task);
  LimnSyncRetry *retry = g_task_get_task_data (task);
  g_autofree char *name = NULL;
  gint64 delay_ms;

  if (!worth_retrying || retry->attempt + 1 >= retry->max_attempts ||
      g_task_return_error_if_cancelled (task))
    {
      if (!g_task_had_error (task))
        g_task_return_error (task, error);
      else
        g_error_free (error);
      g_object_unref (task);
      return;
    }

  delay_ms = limn_sync_client_backoff_ms (client, retry->attempt++, retry_after_ms);
  g_debug ("%s failed (%s); trying again in %" PRId64 " ms", retry->what, error->message, delay_ms);
  g_error_free (error);

  name = g_strdup_printf ("[limn] %s retry", retry->what);
  retry->source = g_timeout_source_new ((guint) CLAMP (delay_ms, 0, G_MAXUINT));
  g_source_set_callback (retry->source, retry_cb, task, NULL);
  g_source_set_name (retry->source, name);
  g_source_attach (retry->source, client->context);
  if (retry->waiting != NULL)
    g_ptr_array_add (*retry->waiting, task);
}

void
limn_sync_retry_hurry (GPtrArray **waiting)
{
  g_autoptr(GPtrArray) tasks = g_steal_pointer (waiting);

  *waiting = g_ptr_array_new ();
  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);
      LimnSyncRetry *retry = g_task_get_task_data (task);

      limn_sync_retry_clear (retry);
      retry->again (task);
    }
}
