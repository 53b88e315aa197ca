/* limn-fault-proxy.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "limn-fault-proxy.h"

struct _LimnFaultProxy
{
  SoupServer  *server;
  SoupSession *upstream;
  char        *upstream_url;
  char        *url;
  GRand       *rand;
  double       rate;
  guint        slow_max_ms;
  guint        hold_ms;
  guint        counts[LIMN_N_FAULTS];
  GPtrArray   *live;       /* Exchange: everything not finished, freed with the proxy */
  GQueue       queued;     /* LimnFault, as pointers: forced for the next requests */
  struct _Exchange *held;  /* the request being held back (REORDER) */
  guint        hold_id;
  LimnFault    down;       /* every request in scope gets it (NONE: up) */
  char        *scope;      /* path prefix faults apply to, or NULL */
  GPtrArray   *seen;       /* "METHOD path", every request */
};

typedef struct _Exchange
{
  LimnFaultProxy    *proxy;
  SoupServerMessage *msg;      /* NULL once answered, dropped or gone */
  LimnFault          fault;
  char              *method;
  char              *path;     /* with the query */
  SoupMessageHeaders *headers;
  GBytes            *body;
  guint              forwards; /* how many times to send it upstream */
  guint              timer_id;
  gulong             gone_id;
  GCancellable      *cancellable;
  /* The answer to relay */
  guint              status;
  GBytes            *answer;
  SoupMessageHeaders *answer_headers;
} Exchange;

static const char * const fault_names[] = {
  "none", "drop-request", "drop-response", "duplicate", "reorder", "500", "500-after", "slow", "429",
  "503", "corrupt",
};

G_STATIC_ASSERT (G_N_ELEMENTS (fault_names) == LIMN_N_FAULTS);

const char *
limn_fault_to_string (LimnFault fault)
{
  return fault < LIMN_N_FAULTS ? fault_names[fault] : "?";
}

static void
exchange_free (Exchange *ex)
{
  if (ex->timer_id != 0)
    g_source_remove (ex->timer_id);
  if (ex->msg != NULL)
    {
      g_clear_signal_handler (&ex->gone_id, ex->msg);
      g_object_unref (ex->msg);
    }
  g_cancellable_cancel (ex->cancellable);
  g_clear_object (&ex->cancellable);
  g_free (ex->method);
  g_free (ex->path);
  g_clear_pointer (&ex->headers, soup_message_headers_unref);
  g_clear_pointer (&ex->body, g_bytes_unref);
  g_clear_pointer (&ex->answer, g_bytes_unref);
  g_clear_pointer (&ex->answer_headers, soup_message_headers_unref);
  g_free (ex);
}

static void
exchange_done (Exchange *ex)
{
  g_ptr_array_remove_fast (ex->proxy->live, ex);   /* frees it */
}

/* The client gave up on this request (or the proxy closed it). */
static void
gone_cb (SoupServerMessage *msg,
         Exchange          *ex)
{
  g_clear_signal_handler (&ex->gone_id, ex->msg);
  g_clear_object (&ex->msg);
}

static void
drop_connection (Exchange *ex)
{
  GIOStream *io;

  if (ex->msg == NULL)
    return;

  g_clear_signal_handler (&ex->gone_id, ex->msg);
  io = soup_server_message_steal_connection (ex->msg);
  if (io != NULL)
    {
      g_io_stream_close (io, NULL, NULL);
      g_object_unref (io);
    }
  g_clear_object (&ex->msg);
}

static void
respond (Exchange   *ex,
         guint       status,
         const char *content_type,
         GBytes     *body)
{
  if (ex->msg == NULL)
    return;

  soup_server_message_set_status (ex->msg, status, NULL);
  if (body != NULL)
    soup_server_message_set_response (ex->msg, content_type, SOUP_MEMORY_COPY,
                                      g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  soup_server_message_unpause (ex->msg);
  g_clear_signal_handler (&ex->gone_id, ex->msg);
  g_clear_object (&ex->msg);
}

static void
respond_error (Exchange   *ex,
               guint       status,
               const char *code,
               const char *retry_after)
{
  g_autofree char *json = g_strdup_printf ("{\"error\":{\"code\":\"%s\",\"message\":\"fault proxy\"}}", code);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

  if (ex->msg != NULL && retry_after != NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (ex->msg), "Retry-After",
                                  retry_after);
  respond (ex, status, "application/json", body);
}

static void
relay_answer (Exchange *ex)
{
  static const char * const copied[] = {
    "Retry-After", "ETag", "Cache-Control", "Accept-Ranges", "Content-Range", NULL
  };
  const char *content_type;

  if (ex->msg == NULL)
    return;

  for (guint i = 0; copied[i] != NULL; i++)
    {
      const char *value = soup_message_headers_get_one (ex->answer_headers, copied[i]);

      if (value != NULL)
        soup_message_headers_replace (soup_server_message_get_response_headers (ex->msg), copied[i], value);
    }

  content_type = soup_message_headers_get_content_type (ex->answer_headers, NULL);
  respond (ex, ex->status, content_type ? content_type : "application/octet-stream", ex->answer);
}

static void forward (Exchange *ex);
static void release_held (LimnFaultProxy *self);

static gboolean
slow_done_cb (gpointer data)
{
  Exchange *ex = data;

  ex->timer_id = 0;
  relay_answer (ex);
  exchange_done (ex);

  return G_SOURCE_REMOVE;
}

/* The server answered (ex->forwards more to go, or the end). */
static void
answered (Exchange *ex)
{
  LimnFaultProxy *self = ex->proxy;

  if (ex->forwards > 0)
    {
      forward (ex);
      return;
    }

  switch (ex->fault)
    {
    case LIMN_FAULT_DROP_RESPONSE:
      drop_connection (ex);
      break;
    case LIMN_FAULT_ERROR_500_AFTER:
      respond_error (ex, 500, "internal", NULL);
      break;
    case LIMN_FAULT_SLOW:
      ex->timer_id = g_timeout_add (g_rand_int_range (self->rand, 0, MAX (self->slow_max_ms, 1)),
                                    slow_done_cb, ex);
      return;
    case LIMN_FAULT_CORRUPT:
      if (ex->answer != NULL && g_bytes_get_size (ex->answer) > 0)
        {
          gsize n = g_bytes_get_size (ex->answer);
          guint8 *copy = g_memdup2 (g_bytes_get_data (ex->answer, NULL), n);

          for (gsize i = 0; i < n; i += MAX (n / 16, 1))
            copy[i] ^= 0x5a;
          g_bytes_unref (ex->answer);
          ex->answer = g_bytes_new_take (copy, n);
        }
      relay_answer (ex);
      break;
    default:
      relay_answer (ex);
      break;
    }

  exchange_done (ex);

  /* Whatever was held back goes after the request that overtook it. */
  release_held (self);
}

static void
forwarded_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  Exchange *ex = data;
  SoupMessage *fwd = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;   /* the proxy is going away; ex is freed */

  if (bytes == NULL)
    {
      /* The server is down or dropped it: the client sees a dropped connection. */
      ex->forwards = 0;
      drop_connection (ex);
      exchange_done (ex);
      return;
    }

  g_clear_pointer (&ex->answer, g_bytes_unref);
  g_clear_pointer (&ex->answer_headers, soup_message_headers_unref);
  ex->status = soup_message_get_status (fwd);
  ex->answer = g_steal_pointer (&bytes);
  ex->answer_headers = soup_message_headers_ref (soup_message_get_response_headers (fwd));

  answered (ex);
}

static void
forward (Exchange *ex)
{
  LimnFaultProxy *self = ex->proxy;
  g_autofree char *uri = g_strconcat (self->upstream_url, ex->path, NULL);
  g_autoptr(SoupMessage) fwd = soup_message_new (ex->method, uri);
  SoupMessageHeadersIter iter;
  const char *name, *value;

  g_assert_nonnull (fwd);
  ex->forwards--;

  soup_message_add_flags (fwd, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_iter_init (&iter, ex->headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    if (g_ascii_strcasecmp (name, "Host") != 0 && g_ascii_strcasecmp (name, "Content-Length") != 0 &&
        g_ascii_strcasecmp (name, "Connection") != 0 && g_ascii_strcasecmp (name, "Content-Type") != 0 &&
        g_ascii_strcasecmp (name, "Accept-Encoding") != 0)
      soup_message_headers_append (soup_message_get_request_headers (fwd), name, value);

  if (ex->body != NULL && g_bytes_get_size (ex->body) > 0)
    soup_message_set_request_body_from_bytes (fwd, soup_message_headers_get_content_type (ex->headers, NULL),
                                              ex->body);

  soup_session_send_and_read_async (self->upstream, fwd, G_PRIORITY_DEFAULT, ex->cancellable,
                                    forwarded_cb, ex);
}

static gboolean
hold_expired_cb (gpointer data)
{
  LimnFaultProxy *self = data;

  self->hold_id = 0;
  release_held (self);

  return G_SOURCE_REMOVE;
}

static void
release_held (LimnFaultProxy *self)
{
  Exchange *held = g_steal_pointer (&self->held);

  if (held == NULL)
    return;

  if (self->hold_id != 0)
    {
      g_source_remove (self->hold_id);
      self->hold_id = 0;
    }

  forward (held);
}

static LimnFault
choose_fault (LimnFaultProxy *self,
              const char     *path)
{
  if (self->scope != NULL && !g_str_has_prefix (path, self->scope))
    return LIMN_FAULT_NONE;

  if (!g_queue_is_empty (&self->queued))
    return GPOINTER_TO_UINT (g_queue_pop_head (&self->queued));

  if (self->down != LIMN_FAULT_NONE)
    return self->down;

  if (self->rate <= 0 || g_rand_double (self->rand) >= self->rate)
    return LIMN_FAULT_NONE;

  return g_rand_int_range (self->rand, LIMN_FAULT_NONE + 1, LIMN_N_RANDOM_FAULTS);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  LimnFaultProxy *self = data;
  GUri *uri = soup_server_message_get_uri (msg);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  Exchange *ex = g_new0 (Exchange, 1);
  g_autoptr(GBytes) flat = soup_message_body_flatten (body);

  ex->proxy = self;
  ex->msg = g_object_ref (msg);
  ex->method = g_strdup (soup_server_message_get_method (msg));
  ex->path = g_uri_get_query (uri) != NULL
               ? g_strdup_printf ("%s?%s", g_uri_get_path (uri), g_uri_get_query (uri))
               : g_strdup (g_uri_get_path (uri));
  ex->headers = soup_message_headers_ref (soup_server_message_get_request_headers (msg));
  ex->body = g_bytes_ref (flat);
  ex->cancellable = g_cancellable_new ();
  ex->forwards = 1;
  ex->fault = choose_fault (self, ex->path);
  g_ptr_array_add (self->seen, g_strdup_printf ("%s %s", ex->method, ex->path));
  ex->gone_id = g_signal_connect (msg, "disconnected", G_CALLBACK (gone_cb), ex);
  g_ptr_array_add (self->live, ex);
  self->counts[ex->fault]++;

  soup_server_message_pause (msg);

  switch (ex->fault)
    {
    case LIMN_FAULT_DROP_REQUEST:
      drop_connection (ex);
      exchange_done (ex);
      return;

    case LIMN_FAULT_ERROR_500:
      respond_error (ex, 500, "internal", NULL);
      exchange_done (ex);
      return;

    case LIMN_FAULT_RATE_LIMITED:
      respond_error (ex, 429, "rate_limited", "1");
      exchange_done (ex);
      return;

    case LIMN_FAULT_ERROR_503:
      respond_error (ex, 503, "unavailable", "2");
      exchange_done (ex);
      return;

    case LIMN_FAULT_DUPLICATE:
      ex->forwards = 2;
      break;

    case LIMN_FAULT_REORDER:
      if (self->held == NULL)
        {
          self->held = ex;
          self->hold_id = g_timeout_add (self->hold_ms, hold_expired_cb, self);
          return;
        }
      break;

    default:
      break;
    }

  forward (ex);
}

LimnFaultProxy *
limn_fault_proxy_new (const char *upstream_url,
                      guint32     seed)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  LimnFaultProxy *self = g_new0 (LimnFaultProxy, 1);

  self->upstream_url = g_strdup (upstream_url);
  self->rand = g_rand_new_with_seed (seed);
  self->slow_max_ms = 2500;
  self->hold_ms = 2500;
  self->live = g_ptr_array_new_with_free_func ((GDestroyNotify)exchange_free);
  self->seen = g_ptr_array_new_with_free_func (g_free);
  self->upstream = soup_session_new_with_options ("timeout", 60, "max-conns-per-host", 16, NULL);
  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, NULL, handler, self, NULL);
  if (!soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("fault proxy: %s", error->message);

  uris = soup_server_get_uris (self->server);
  self->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));

  return self;
}

void
limn_fault_proxy_free (LimnFaultProxy *self)
{
  if (self == NULL)
    return;

  if (self->hold_id != 0)
    g_source_remove (self->hold_id);
  soup_server_disconnect (self->server);
  g_ptr_array_unref (self->live);
  g_object_unref (self->server);
  g_object_unref (self->upstream);
  g_rand_free (self->rand);
  g_queue_clear (&self->queued);
  g_ptr_array_unref (self->seen);
  g_free (self->scope);
  g_free (self->upstream_url);
  g_free (self->url);
  g_free (self);
}

const char *
limn_fault_proxy_get_url (LimnFaultProxy *self)
{
  return self->url;
}

void
limn_fault_proxy_set_rate (LimnFaultProxy *self,
                           double          rate)
{
  self->rate = CLAMP (rate, 0, 1);
}

void
limn_fault_proxy_queue_fault (LimnFaultProxy *self,
                              LimnFault       fault)
{
  g_queue_push_tail (&self->queued, GUINT_TO_POINTER (fault));
}

void
limn_fault_proxy_set_delays (LimnFaultProxy *self,
                             guint           slow_max_ms,
                             guint           hold_ms)
{
  self->slow_max_ms = slow_max_ms;
  self->hold_ms = hold_ms;
}

guint
limn_fault_proxy_get_count (LimnFaultProxy *self,
                            LimnFault       fault)
{
  g_return_val_if_fail (fault < LIMN_N_FAULTS, 0);
  return self->counts[fault];
}

void
limn_fault_proxy_set_down (LimnFaultProxy *self,
                           LimnFault       fault)
{
  g_return_if_fail (fault < LIMN_N_FAULTS);
  self->down = fault;
}

void
limn_fault_proxy_set_scope (LimnFaultProxy *self,
                            const char     *path_prefix)
{
  g_free (self->scope);
  self->scope = g_strdup (path_prefix);
}

guint
limn_fault_proxy_count_requests (LimnFaultProxy *self,
                                 const char     *method,
                                 const char     *path_prefix)
{
  guint n = 0;

  for (guint i = 0; i < self->seen->len; i++)
    {
      const char *line = g_ptr_array_index (self->seen, i);
      const char *space = strchr (line, ' ');

      if (method != NULL && (strlen (method) != (gsize)(space - line) || strncmp (line, method, space - line) != 0))
        continue;
      if (g_str_has_prefix (space + 1, path_prefix))
        n++;
    }

  return n;
}
