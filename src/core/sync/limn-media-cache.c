/* limn-media-cache.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-sync"

#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "limn-media-cache.h"
#include "limn-sync-http.h"
#include "limn-wire.h"
#include "model/limn-id.h"

#define CHUNK (256 * 1024)

char *
limn_media_cache_path (const char *media_dir,
                       const char *sha256)
{
  char prefix[3];

  g_return_val_if_fail (limn_id_is_sha256 (sha256), NULL);

  prefix[0] = sha256[0];
  prefix[1] = sha256[1];
  prefix[2] = '\0';

  return g_build_filename (media_dir, prefix, sha256, NULL);
}

typedef struct
{
  SoupSession   *session;
  char          *server_url;
  char          *token;
  char          *sha256;
  char          *path;
  char          *tmp;
  gint64         expected_size;
  gint64         received;
  int            fd;
  GOutputStream *out;
  GInputStream  *in;
  SoupMessage   *message;
  GChecksum     *checksum;
  gboolean       ok;
} Fetch;

static void
fetch_free (gpointer data)
{
  Fetch *f = data;

  g_clear_object (&f->session);
  g_free (f->server_url);
  g_free (f->token);
  g_free (f->sha256);
  g_free (f->path);
  if (f->tmp != NULL && !f->ok)
    g_unlink (f->tmp);   /* a failed download leaves nothing behind */
  g_free (f->tmp);
  if (f->out != NULL)
    g_clear_object (&f->out);   /* closes the fd */
  else if (f->fd >= 0)
    close (f->fd);
  g_clear_object (&f->in);
  g_clear_object (&f->message);
  g_clear_pointer (&f->checksum, g_checksum_free);
  g_free (f);
}

static void fetch_fail (GTask *task, GError *error);

/* Step 4, on a thread: sync, close, and rename into place. */
static void
commit_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Fetch *f = data;
  int errsv;

  if (fsync (f->fd) != 0)
    goto fail;
  g_clear_object (&f->out);
  f->fd = -1;
  if (g_rename (f->tmp, f->path) != 0)
    goto fail;

  f->ok = TRUE;
  g_task_return_pointer (task, g_strdup (f->path), g_free);
  return;

fail:
  errsv = errno;
  g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (errsv),
                           _("Could not save “%s”: %s"), f->path, g_strerror (errsv));
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data);

static void
written_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  GTask *task = data;
  Fetch *f = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      fetch_fail (task, error);
      return;
    }

  g_input_stream_read_bytes_async (f->in, CHUNK, G_PRIORITY_LOW, g_task_get_cancellable (task),
                                   read_cb, task);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  GTask *task = data;
  Fetch *f = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  gsize n;

  if (bytes == NULL)
    {
      GError *mapped = limn_sync_http_map_error (error);

      g_error_free (error);
      fetch_fail (task, mapped);
      return;
    }

  n = g_bytes_get_size (bytes);
  if (n == 0)
    {
      const char *digest = g_checksum_get_string (f->checksum);

      if ((f->expected_size > 0 && f->received != f->expected_size) || !g_str_equal (digest, f->sha256))
        {
          fetch_fail (task, g_error_new (LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_MEDIA,
                                         _("The image %.12s… from the server is damaged "
                                           "(%" PRId64 " bytes, SHA-256 %.12s…); it was not kept."),
                                         f->sha256, f->received, digest));
          return;
        }

      g_task_run_in_thread (task, commit_thread);
      g_object_unref (task);
      return;
    }

  f->received += n;
  if (f->received > (f->expected_size > 0 ? f->expected_size : LIMN_WIRE_MAX_MEDIA_BYTES))
    {
      fetch_fail (task, g_error_new (LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_MEDIA,
                                     _("The image %.12s… from the server is larger than announced; "
                                       "it was not kept."), f->sha256));
      return;
    }

  g_checksum_update (f->checksum, g_bytes_get_data (bytes, NULL), n);
  g_output_stream_write_all_async (f->out, g_bytes_get_data (bytes, NULL), n, G_PRIORITY_LOW,
                                   g_task_get_cancellable (task), written_cb, task);
  /* The stream copies nothing: keep the chunk alive until written. */
  g_object_set_data_full (G_OBJECT (task), "chunk", g_steal_pointer (&bytes),
                          (GDestroyNotify)g_bytes_unref);
}

static void
fetch_fail (GTask  *task,
            GError *error)
{
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  GTask *task = data;
  Fetch *f = g_task_get_task_data (task);
  GError *error = NULL;
  guint status;

  f->in = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (f->in == NULL)
    {
      GError *mapped = limn_sync_http_map_error (error);

      g_error_free (error);
      fetch_fail (task, mapped);
      return;
    }

  status = soup_message_get_status (f->message);
  if (status != SOUP_STATUS_OK)
    {
      LimnSyncResponse response = { status, NULL, NULL };

      error = limn_sync_http_status_error (&response);
      if (error == NULL)
        error = g_error_new (LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE,
                             _("The server answered a download with HTTP %u."), status);
      fetch_fail (task, error);
      return;
    }

  g_input_stream_read_bytes_async (f->in, CHUNK, G_PRIORITY_LOW, g_task_get_cancellable (task),
                                   read_cb, task);
}

/* Step 2, on a thread: the folder and a private temporary file. */
static void
prepare_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  Fetch *f = data;
  g_autofree char *dir = g_path_get_dirname (f->path);
  int errsv;

  if (g_file_test (f->path, G_FILE_TEST_IS_REGULAR))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_mkdir_with_parents (dir, 0700) != 0)
    goto fail;

  f->tmp = g_strconcat (f->path, ".part-XXXXXX", NULL);
  f->fd = g_mkstemp_full (f->tmp, O_WRONLY | O_CLOEXEC, 0600);
  if (f->fd < 0)
    {
      g_clear_pointer (&f->tmp, g_free);
      goto fail;
    }

  g_task_return_boolean (task, FALSE);
  return;

fail:
  errsv = errno;
  g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (errsv),
                           _("Could not create the media folder “%s”: %s"), dir, g_strerror (errsv));
}

static void
prepared_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  GTask *task = data;   /* the outer task, owned */
  Fetch *f = g_task_get_task_data (task);
  GError *error = NULL;
  g_autofree char *path = NULL;
  gboolean present;

  present = g_task_propagate_boolean (G_TASK (result), &error);
  if (error != NULL)
    {
      fetch_fail (task, error);
      return;
    }

  if (present)
    {
      g_task_return_pointer (task, g_strdup (f->path), g_free);
      g_object_unref (task);
      return;
    }

  f->out = g_unix_output_stream_new (f->fd, TRUE);
  path = g_strconcat ("/api/v1/media/", f->sha256, NULL);
  f->message = limn_sync_http_message_new ("GET", f->server_url, path, f->token, NULL, NULL);
  if (f->message == NULL)
    {
      fetch_fail (task, g_error_new (LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_INVALID_URL,
                                     _("“%s” is not a server address."), f->server_url));
      return;
    }
  soup_message_headers_replace (soup_message_get_request_headers (f->message), "Accept", "*/*");

  soup_session_send_async (f->session, f->message, G_PRIORITY_LOW, g_task_get_cancellable (task),
                           sent_cb, task);
}

void
limn_media_cache_fetch_async (SoupSession         *session,
                              const char          *server_url,
                              const char          *token,
                              const char          *media_dir,
                              const char          *sha256,
                              gint64               expected_size,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task = g_task_new (session, cancellable, callback, user_data);
  GTask *prepare;
  Fetch *f;

  g_task_set_source_tag (task, limn_media_cache_fetch_async);

  if (!limn_id_is_sha256 (sha256))
    {
      g_task_return_new_error (task, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE,
                               _("“%s” is not a SHA-256."), sha256 ? sha256 : "");
      g_object_unref (task);
      return;
    }

  f = g_new0 (Fetch, 1);
  f->session = g_object_ref (session);
  f->server_url = g_strdup (server_url);
  f->token = g_strdup (token);
  f->sha256 = g_strdup (sha256);
  f->path = limn_media_cache_path (media_dir, sha256);
  f->expected_size = expected_size;
  f->fd = -1;
  f->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_task_set_task_data (task, f, fetch_free);

  /* Step 1: is it there already? (on a thread, with the folder and the
   * temporary file made in the same trip) */
  prepare = g_task_new (NULL, cancellable, prepared_cb, task);
  g_task_set_task_data (prepare, f, NULL);
  g_task_run_in_thread (prepare, prepare_thread);
  g_object_unref (prepare);
}

char *
limn_media_cache_fetch_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
