/* limn-sync-http.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-sync"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "limn-sync-error-codes.h"
#include "limn-sync-http.h"
#include "limn-wire.h"

#define READ_CHUNK (64 * 1024)

void
limn_sync_response_free (LimnSyncResponse *response)
{
  if (response == NULL)
    return;

  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response->retry_after);
  g_free (response);
}

SoupMessage *
limn_sync_http_message_new (const char *method,
                            const char *server_url,
                            const char *path,
                            const char *token,
                            const char *idempotency_key,
                            GBytes     *body)
{
  g_autofree char *uri = g_strconcat (server_url, path, NULL);
  SoupMessage *message = soup_message_new (method, uri);
  SoupMessageHeaders *headers;

  if (message == NULL)
    return NULL;

  /* Never follow a redirect: it could send the token elsewhere, or to
   * plain http. Every request of the protocol is idempotent (a batch by
   * its Idempotency-Key, a claim because the server answers with the
   * leases already held first), so a POST may use a kept-alive connection
   * too: libsoup would otherwise open a new one for each, and under load
   * the server's accept queue overflows (bench-load). */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT | SOUP_MESSAGE_IDEMPOTENT);

  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (token != NULL)
    {
      g_autofree char *auth = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", auth);
    }
  if (idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", idempotency_key);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (message, "application/json", body);

  return message;
}

typedef struct
{
  SoupMessage  *message;
  GInputStream *stream;
  GByteArray   *data;
  gsize         max_body;
} SendData;

static void
send_data_free (gpointer p)
{
  SendData *d = p;

  g_clear_object (&d->message);
  g_clear_object (&d->stream);
  g_clear_pointer (&d->data, g_byte_array_unref);
  g_free (d);
}

GError *
limn_sync_http_map_error (const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (error->domain == LIMN_SYNC_ERROR)
    return g_error_copy (error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new (LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_TIMEOUT,
                        _("The server did not answer in time."));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND) ||
      error->domain == G_RESOLVER_ERROR)
    return g_error_new (LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_OFFLINE,
                        _("The server cannot be reached (%s). Your work is kept and will be sent later."),
                        error->message);

  if (error->domain == G_TLS_ERROR)
    return g_error_new (LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_FAILED,
                        _("The server’s secure connection could not be trusted (%s)."),
                        error->message);

  /* A connection closed or reset mid-exchange: the request may or may not
   * have arrived; trying again is safe (idempotent). */
  return g_error_new (LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_UNAVAILABLE,
                      _("The connection to the server was lost (%s)."), error->message);
}

static void
finish_read (GTask    *task,
             SendData *d)
{
  LimnSyncResponse *response = g_new0 (LimnSyncResponse, 1);
  const char *retry_after;

  response->status = soup_message_get_status (d->message);
  response->body = g_byte_array_free_to_bytes (g_steal_pointer (&d->data));
  retry_after = soup_message_headers_get_one (soup_message_get_response_headers (d->message),
                                              "Retry-After");
  response->retry_after = g_strdup (retry_after);

  g_task_return_pointer (task, response, (GDestroyNotify)limn_sync_response_free);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GTask) task = data;
  SendData *d = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);

  if (bytes == NULL)
    {
      g_task_return_error (task, limn_sync_http_map_error (error));
      return;
    }

  if (g_bytes_get_size (bytes) == 0)
    {
      finish_read (task, d);
      return;
    }

  if (d->data->len + g_bytes_get_size (bytes) > d->max_body)
    {
      g_task_return_new_error (task, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE,
                               _("The server’s answer is larger than %zu bytes; "
                                 "nothing was saved."), d->max_body);
      return;
    }

  g_byte_array_append (d->data, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  {
    GCancellable *cancellable = g_task_get_cancellable (task);

    g_input_stream_read_bytes_async (d->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                     cancellable, read_cb, g_steal_pointer (&task));
  }
}

static void
sent_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GTask) task = data;
  SendData *d = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  goffset length;

  d->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (d->stream == NULL)
    {
      g_task_return_error (task, limn_sync_http_map_error (error));
      return;
    }

  length = soup_message_headers_get_content_length (soup_message_get_response_headers (d->message));
  if (length > 0 && (guint64)length > d->max_body)
    {
      g_task_return_new_error (task, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE,
                               _("The server’s answer is larger than %zu bytes; "
                                 "nothing was saved."), d->max_body);
      return;
    }

  {
    GCancellable *cancellable = g_task_get_cancellable (task);

    g_input_stream_read_bytes_async (d->stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                     cancellable, read_cb, g_steal_pointer (&task));
  }
}

void
limn_sync_http_send_async (SoupSession         *session,
                           SoupMessage         *message,
                           gsize                max_body,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task = g_task_new (session, cancellable, callback, user_data);
  SendData *d = g_new0 (SendData, 1);

  g_task_set_source_tag (task, limn_sync_http_send_async);
  d->message = g_object_ref (message);
  d->data = g_byte_array_new ();
  d->max_body = max_body;
  g_task_set_task_data (task, d, send_data_free);

  soup_session_send_async (session, message, G_PRIORITY_DEFAULT, cancellable, sent_cb, task);
}

LimnSyncResponse *
limn_sync_http_send_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GError *limn_sync_http_status_error_for (guint       status,
                                                const char *server_message);

char *
limn_sync_http_error_text (const LimnSyncResponse *response)
{
  g_autofree char *message = NULL;
  g_autofree char *code = limn_wire_parse_error_code (response->body, &message);
  const char *own = limn_sync_error_code_message (code);

  /* Never the server's words for a code Limn knows: they are in the
   * server's locale, not the user's (issue 21). */
  if (own != NULL)
    return g_strdup (own);

  return g_steal_pointer (&message);
}

GError *
limn_sync_http_status_error (const LimnSyncResponse *response)
{
  g_autofree char *message = NULL;
  g_autofree char *code = NULL;
  const char *own;
  guint status = response->status;

  if (status >= 200 && status < 300)
    return NULL;

  code = limn_wire_parse_error_code (response->body, &message);
  own = limn_sync_error_code_message (code);
  if (own != NULL)
    {
      /* The kind of error still comes from the status: retrying and
       * signing in again depend on it. */
      g_autoptr(GError) generic = limn_sync_http_status_error_for (status, "");

      return g_error_new_literal (LIMN_SYNC_ERROR, generic->code, own);
    }

  /* An unknown code (a newer server): its own words are all there is. */
  return limn_sync_http_status_error_for (status, message);
}

static GError *
limn_sync_http_status_error_for (guint       status,
                                 const char *server_message)
{
  g_autofree char *message = g_strdup (server_message);
  const char *detail;

  /* The server's sentence goes in parentheses: without its full stop. */
  if (message != NULL && g_str_has_suffix (message, "."))
    message[strlen (message) - 1] = '\0';
  detail = message != NULL ? message : soup_status_get_phrase (status);
  if (detail == NULL)
    detail = "";

  switch (status)
    {
    case 401:
      return g_error_new (LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_UNAUTHORIZED,
                          _("The server did not accept the token (%s). Sign in again."), detail);
    case 403:
      return g_error_new (LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_FORBIDDEN,
                          _("The server does not allow this for your account (%s)."), detail);
    case 404:
      return g_error_new (LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_NOT_FOUND,
                          _("The server does not know this (%s)."), detail);
    case 408:
      return g_error_new (LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_TIMEOUT,
                          _("The server did not answer in time (%s)."), detail);
    case 429:
      return g_error_new (LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_RATE_LIMITED,
                          _("The server asks Limn to slow down (%s)."), detail);
    default:
      break;
    }

  if (status >= 500 && status < 600)
    return g_error_new (LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_UNAVAILABLE,
                        _("The server had a problem (HTTP %u: %s). Limn will try again."), status, detail);

  if (status >= 300 && status < 400)
    return g_error_new (LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_REFUSED,
                        _("The server sent a redirect (HTTP %u); Limn does not follow redirects. "
                          "Check the server address."), status);

  if (status >= 400 && status < 500)
    return g_error_new (LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_REFUSED,
                        _("The server refused the request (HTTP %u: %s)."), status, detail);

  return g_error_new (LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE,
                      _("The server answered with an unexpected status (HTTP %u)."), status);
}

gboolean
limn_sync_error_is_retryable (const GError *error)
{
  if (error == NULL || error->domain != LIMN_SYNC_ERROR)
    return FALSE;

  switch (error->code)
    {
    case LIMN_SYNC_ERROR_OFFLINE:
    case LIMN_SYNC_ERROR_TIMEOUT:
    case LIMN_SYNC_ERROR_RATE_LIMITED:
    case LIMN_SYNC_ERROR_UNAVAILABLE:
    case LIMN_SYNC_ERROR_BAD_RESPONSE:
    case LIMN_SYNC_ERROR_MEDIA:
      return TRUE;
    default:
      return FALSE;
    }
}
