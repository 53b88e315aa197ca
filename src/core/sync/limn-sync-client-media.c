/* limn-sync-client-media.c
 *
 * LimnSyncClient's task images. Every run ends with a media pass: first
 * the images the app asked for (the annotator opened the task), then those
 * of the leased tasks still to do, up to prefetch-count. So a download the
 * network broke is tried again exactly when batches are: with the runs'
 * backoff, at once when the network comes back, and on "sync now". A file
 * the server does not have, or sends damaged twice, is FAILED: that is
 * the server's problem, shown as such, and not retried until sync_now().
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
#include "model/limn-id.h"
#include "model/limn-util.h"

/* The app's wishes kept at most: the tasks an annotator just opened. */
#define MAX_WANTED 32

typedef struct
{
  char           *sha256;
  gint64          size;
  LimnMediaState  state;
  char           *message;
  guint           mismatches;
  gboolean        wanted;
} MediaEntry;

static void
media_entry_free (MediaEntry *entry)
{
  g_free (entry->sha256);
  g_free (entry->message);
  g_free (entry);
}

void
limn_sync_client_media_init (LimnSyncClient *self)
{
  self->media = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify)media_entry_free);
  g_queue_init (&self->media_wanted);
}

void
limn_sync_client_media_clear (LimnSyncClient *self)
{
  g_queue_clear (&self->media_wanted);
  g_clear_pointer (&self->media, g_hash_table_unref);
}

static MediaEntry *
ensure_entry (LimnSyncClient *self,
              const char     *sha256,
              gint64          size)
{
  MediaEntry *entry = g_hash_table_lookup (self->media, sha256);

  if (entry == NULL)
    {
      entry = g_new0 (MediaEntry, 1);
      entry->sha256 = g_strdup (sha256);
      entry->state = LIMN_MEDIA_STATE_UNKNOWN;
      g_hash_table_insert (self->media, entry->sha256, entry);
    }
  if (size > 0)
    entry->size = size;

  return entry;
}

static void
set_entry_state (LimnSyncClient *self,
                 MediaEntry     *entry,
                 LimnMediaState  state,
                 const char     *message)
{
  gboolean changed = entry->state != state;

  changed |= limn_set_str (&entry->message, message);
  entry->state = state;

  if (changed)
    limn_sync_client_emit_media_changed (self, entry->sha256);
}

void
limn_sync_client_want_media (LimnSyncClient *self,
                             const char     *sha256,
                             gint64          expected_size)
{
  MediaEntry *entry;

  g_return_if_fail (LIMN_IS_SYNC_CLIENT (self));

  if (!limn_id_is_sha256 (sha256))
    return;

  entry = ensure_entry (self, sha256, expected_size);

  /* Most recent first; the oldest wish is forgotten past MAX_WANTED (its
   * task's image is still prefetched if the task is still to do). */
  if (entry->wanted)
    g_queue_remove (&self->media_wanted, entry->sha256);
  g_queue_push_head (&self->media_wanted, entry->sha256);
  entry->wanted = TRUE;
  while (self->media_wanted.length > MAX_WANTED)
    {
      MediaEntry *old = g_hash_table_lookup (self->media, g_queue_pop_tail (&self->media_wanted));

      old->wanted = FALSE;
    }

  if (self->server_url == NULL || self->token == NULL)
    {
      set_entry_state (self, entry, LIMN_MEDIA_STATE_FAILED,
                       _("Sign in to the team server to download this image."));
      return;
    }

  /* Asked for again: it was there, so it went missing; or it failed, and
   * stays failed until the user asks to sync now. */
  if (entry->state == LIMN_MEDIA_STATE_UNKNOWN || entry->state == LIMN_MEDIA_STATE_READY)
    set_entry_state (self, entry, LIMN_MEDIA_STATE_WAITING, NULL);

  if (entry->state == LIMN_MEDIA_STATE_WAITING)
    limn_sync_client_kick (self);
}

LimnMediaState
limn_sync_client_get_media_state (LimnSyncClient  *self,
                                  const char      *sha256,
                                  const char     **message)
{
  MediaEntry *entry;

  g_return_val_if_fail (LIMN_IS_SYNC_CLIENT (self), LIMN_MEDIA_STATE_UNKNOWN);

  entry = sha256 != NULL ? g_hash_table_lookup (self->media, sha256) : NULL;
  if (message != NULL)
    *message = entry != NULL ? entry->message : NULL;

  return entry != NULL ? entry->state : LIMN_MEDIA_STATE_UNKNOWN;
}

void
limn_sync_client_media_retry_failed (LimnSyncClient *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->media);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      MediaEntry *entry = value;

      if (entry->state == LIMN_MEDIA_STATE_FAILED)
        {
          entry->mismatches = 0;
          set_entry_state (self, entry, LIMN_MEDIA_STATE_WAITING, NULL);
        }
    }
}

/* Whether a failed download is the file's own problem (the server does
 * not have it, will not give it, or sends it damaged): nothing the network
 * or time will mend, so the pass goes on with the next image. */
static gboolean
is_file_problem (const GError *error)
{
  return g_error_matches (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_MEDIA) ||
         g_error_matches (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_NOT_FOUND) ||
         g_error_matches (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_FORBIDDEN);
}

void
limn_sync_client_media_downloading (LimnSyncClient *self,
                                    const char     *sha256,
                                    gint64          size)
{
  set_entry_state (self, ensure_entry (self, sha256, size), LIMN_MEDIA_STATE_DOWNLOADING, NULL);
}

void
limn_sync_client_media_done (LimnSyncClient *self,
                             const char     *sha256,
                             const char     *path,
                             const GError   *error)
{
  MediaEntry *entry = ensure_entry (self, sha256, 0);

  if (path != NULL)
    {
      entry->mismatches = 0;
      set_entry_state (self, entry, LIMN_MEDIA_STATE_READY, NULL);
    }
  else if (!is_file_problem (error) ||
           (g_error_matches (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_MEDIA) &&
            ++entry->mismatches < LIMN_SYNC_MEDIA_MAX_MISMATCHES))
    set_entry_state (self, entry, LIMN_MEDIA_STATE_WAITING, NULL);
  else if (g_error_matches (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_MEDIA))
    set_entry_state (self, entry, LIMN_MEDIA_STATE_FAILED, error->message);
  else
    set_entry_state (self, entry, LIMN_MEDIA_STATE_FAILED,
                     _("The team server does not have this image for you. "
                       "Skip the task or flag it for the leads."));
}

/* The pass */

typedef struct
{
  GPtrArray  *prefetch;   /* LimnMediaItem: leased tasks' images not in the cache */
  guint       next;
  GHashTable *tried;      /* sha256 (the entries' own strings): fetched in this pass already */
} Pass;

static void
pass_free (Pass *pass)
{
  g_clear_pointer (&pass->prefetch, g_ptr_array_unref);
  g_clear_pointer (&pass->tried, g_hash_table_unref);
  g_free (pass);
}

static void pass_next (GTask *task);

static void
pass_return (GTask  *task,     /* owned */
             GError *error)    /* transfer full, nullable */
{
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
fetched_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  GTask *task = data;
  LimnSyncClient *self = g_task_get_source_object (task);
  g_autofree char *path = NULL;
  GError *error = NULL;

  /* The fetch recorded the outcome; the network or the server (anything
   * but the file itself) fails the run, which is tried again. */
  path = limn_sync_client_fetch_media_finish (self, result, &error);
  if (error != NULL && !is_file_problem (error))
    {
      pass_return (task, error);
      return;
    }

  g_clear_error (&error);
  pass_next (task);
}

static MediaEntry *
next_entry (LimnSyncClient *self,
            Pass           *pass)
{
  /* What the annotator is looking at first, most recent wish first. */
  for (GList *l = self->media_wanted.head; l != NULL; l = l->next)
    {
      MediaEntry *entry = g_hash_table_lookup (self->media, l->data);

      if (entry->state == LIMN_MEDIA_STATE_WAITING && !g_hash_table_contains (pass->tried, entry->sha256))
        return entry;
    }

  while (pass->prefetch != NULL && pass->next < pass->prefetch->len)
    {
      LimnMediaItem *item = g_ptr_array_index (pass->prefetch, pass->next++);
      MediaEntry *entry = ensure_entry (self, item->sha256, item->size);

      if (entry->state != LIMN_MEDIA_STATE_FAILED && entry->state != LIMN_MEDIA_STATE_DOWNLOADING &&
          !g_hash_table_contains (pass->tried, entry->sha256))
        return entry;
    }

  return NULL;
}

static void
pass_next (GTask *task)   /* owned */
{
  LimnSyncClient *self = g_task_get_source_object (task);
  Pass *pass = g_task_get_task_data (task);
  MediaEntry *entry;
  GError *error = NULL;

  if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error))
    {
      pass_return (task, error);
      return;
    }

  entry = next_entry (self, pass);
  if (entry == NULL)
    {
      pass_return (task, NULL);
      return;
    }

  g_hash_table_add (pass->tried, entry->sha256);
  limn_sync_client_fetch_media_async (self, entry->sha256, entry->size,
                                      g_task_get_cancellable (task), fetched_cb, task);
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  GTask *task = data;
  Pass *pass = g_task_get_task_data (task);
  GError *error = NULL;

  pass->prefetch = limn_sync_jobs_list_missing_media_finish (LIMN_STORE_WORKER (object), result, &error);
  if (pass->prefetch == NULL)
    {
      pass_return (task, error);
      return;
    }

  pass_next (task);
}

void
limn_sync_client_media_pass_async (LimnSyncClient      *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Pass *pass = g_new0 (Pass, 1);

  g_task_set_source_tag (task, limn_sync_client_media_pass_async);
  pass->tried = g_hash_table_new (g_str_hash, g_str_equal);
  g_task_set_task_data (task, pass, (GDestroyNotify)pass_free);

  if (self->account == NULL || self->prefetch_count == 0)
    {
      pass_next (task);
      return;
    }

  limn_sync_jobs_list_missing_media_async (self->worker, self->account, self->media_dir,
                                           self->prefetch_count, listed_cb, task);
}

gboolean
limn_sync_client_media_pass_finish (LimnSyncClient  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
