/* limn-server-connections.c
 *
 * Counting: the first message of a connection starts when it is accepted,
 * before any byte arrives; its GSocket then gets our mark, a small state
 * that every message of the connection shares. The first message to hear
 * that the connection is gone (disconnected, also emitted when the
 * connection is taken over to refuse a request) counts it out; libsoup
 * may keep the socket object itself for a while after closing it. The
 * state holds a reference on a shared counter, not on this object, so it
 * may outlive the server's object.
 *
 * Timeouts: g_socket_set_timeout() makes every read or write that waits
 * longer fail with G_IO_ERROR_TIMED_OUT, libsoup's non-blocking ones too
 * (GSocket's sources honour it), and libsoup then closes the connection:
 * that is the idle timeout. A client sending a byte now and then never
 * trips it, so each request also gets a deadline from its start to its
 * last byte (got-body), past which the socket is shut down.
 *
 * Refusing before the body: once got-headers (or got-chunk) has decided,
 * libsoup would still read the whole body before writing any answer. The
 * connection is taken from libsoup instead (steal_connection, which 3.2
 * allows from these signals: the message's I/O is detached before the
 * read loop looks at it again), the answer written, what the client still
 * sends drained into a small buffer, and the stream closed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <inttypes.h>

#include <netinet/in.h>
#include <string.h>

#include "limn-server-connections.h"
#include "limn-server-limits.h"

#define LISTEN_BACKLOG 4096
/* A connection past the cap gets this long to send its request line. */
#define OVER_CAP_TIMEOUT 2

typedef struct
{
  gint refs;
  gint open;
} Counter;

struct _LimnServerConnections
{
  SoupServer *soup;
  gulong      started_id;
  Counter    *counter;
  guint       max_connections;
  guint       idle_timeout;
  guint       read_timeout;
};

static GQuark
connection_mark_quark (void)
{
  return g_quark_from_static_string ("limn-server-connection");
}

static GQuark
over_cap_mark_quark (void)
{
  return g_quark_from_static_string ("limn-server-over-cap");
}

static GQuark
deadline_mark_quark (void)
{
  return g_quark_from_static_string ("limn-server-read-deadline");
}


static Counter *
counter_ref (Counter *counter)
{
  g_atomic_int_inc (&counter->refs);
  return counter;
}

static void
counter_unref (Counter *counter)
{
  if (g_atomic_int_dec_and_test (&counter->refs))
    g_free (counter);
}

typedef struct
{
  Counter  *counter;
  gboolean  closed;
} Connection;

static void
connection_close (Connection *conn)
{
  if (conn->closed)
    return;
  conn->closed = TRUE;
  g_atomic_int_add (&conn->counter->open, -1);
}

static void
connection_clear (gpointer data)
{
  Connection *conn = data;

  connection_close (conn);
  counter_unref (conn->counter);
}

static void
connection_unref (gpointer data)
{
  g_rc_box_release_full (data, connection_clear);
}

static void
on_disconnected (SoupServerMessage *msg,
                 gpointer           user_data)
{
  Connection *conn = g_object_get_qdata (G_OBJECT (msg), connection_mark_quark ());

  if (conn != NULL)
    connection_close (conn);
}

/* Weak: the socket may go (and its connection be counted out) before the
 * message that waits on it. */
typedef struct
{
  GWeakRef socket;
  GSource *source;
} Deadline;

static void
deadline_free (gpointer data)
{
  Deadline *deadline = data;

  g_source_destroy (deadline->source);
  g_source_unref (deadline->source);
  g_weak_ref_clear (&deadline->socket);
  g_free (deadline);
}

static gboolean
deadline_passed (gpointer data)
{
  Deadline *deadline = data;
  g_autoptr(GSocket) socket = g_weak_ref_get (&deadline->socket);

  /* libsoup's next read sees the end of the stream and drops the
   * connection. */
  if (socket != NULL)
    {
      g_debug ("A request took longer than its read timeout; closing its connection");
      g_socket_shutdown (socket, TRUE, TRUE, NULL);
    }
  return G_SOURCE_REMOVE;
}

static void
request_read (SoupServerMessage *msg,
              gpointer           user_data)
{
  g_object_set_qdata (G_OBJECT (msg), deadline_mark_quark (), NULL);
}

static void
on_request_started (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  LimnServerConnections *self = user_data;
  GSocket *socket = soup_server_message_get_socket (msg);
  Connection *conn;
  Deadline *deadline;

  if (socket == NULL)
    return;

  conn = g_object_get_qdata (G_OBJECT (socket), connection_mark_quark ());
  if (conn == NULL)
    {
      gint open = g_atomic_int_add (&self->counter->open, 1) + 1;
      gboolean over = self->max_connections > 0 && (guint)open > self->max_connections;

      conn = g_rc_box_new0 (Connection);
      conn->counter = counter_ref (self->counter);
      g_object_set_qdata_full (G_OBJECT (socket), connection_mark_quark (), conn, connection_unref);
      g_socket_set_timeout (socket, over ? OVER_CAP_TIMEOUT : self->idle_timeout);
      if (over)
        g_object_set_qdata (G_OBJECT (socket), over_cap_mark_quark (), GINT_TO_POINTER (1));
    }
  g_object_set_qdata_full (G_OBJECT (msg), connection_mark_quark (), g_rc_box_acquire (conn),
                           connection_unref);
  g_signal_connect (msg, "disconnected", G_CALLBACK (on_disconnected), NULL);

  if (self->read_timeout == 0)
    return;

  deadline = g_new0 (Deadline, 1);
  g_weak_ref_init (&deadline->socket, socket);
  deadline->source = g_timeout_source_new_seconds (self->read_timeout);
  g_source_set_callback (deadline->source, deadline_passed, deadline, NULL);
  g_source_attach (deadline->source, g_main_context_get_thread_default ());
  g_object_set_qdata_full (G_OBJECT (msg), deadline_mark_quark (), deadline, deadline_free);
  g_signal_connect (msg, "got-body", G_CALLBACK (request_read), NULL);
}

LimnServerConnections *
limn_server_connections_new (SoupServer *soup,
                             guint       max_connections,
                             guint       idle_timeout,
                             guint       read_timeout)
{
  LimnServerConnections *self = g_new0 (LimnServerConnections, 1);

  self->soup = g_object_ref (soup);
  self->counter = g_new0 (Counter, 1);
  self->counter->refs = 1;
  self->max_connections = max_connections;
  self->idle_timeout = idle_timeout;
  self->read_timeout = read_timeout;
  self->started_id = g_signal_connect (soup, "request-started",
                                       G_CALLBACK (on_request_started), self);

  return self;
}

void
limn_server_connections_free (LimnServerConnections *self)
{
  if (self == NULL)
    return;

  g_clear_signal_handler (&self->started_id, self->soup);
  g_clear_object (&self->soup);
  counter_unref (self->counter);
  g_free (self);
}

gboolean
limn_server_connections_listen (LimnServerConnections  *self,
                                GSocketAddress         *address,
                                gboolean                https,
                                GError                **error)
{
  g_autoptr(GSocket) socket = NULL;
  GSocketFamily family = g_socket_address_get_family (address);

  socket = g_socket_new (family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, error);
  if (socket == NULL)
    return FALSE;

  /* As soup_server_listen() would: an IPv6 address listens on IPv6 only. */
  if (family == G_SOCKET_FAMILY_IPV6)
    g_socket_set_option (socket, IPPROTO_IPV6, IPV6_V6ONLY, TRUE, NULL);

  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, address, TRUE, error) ||
      !g_socket_listen (socket, error))
    return FALSE;

  return soup_server_listen_socket (self->soup, socket, https ? SOUP_SERVER_LISTEN_HTTPS : 0,
                                    error);
}

guint
limn_server_connections_count (LimnServerConnections *self)
{
  return (guint)MAX (g_atomic_int_get (&self->counter->open), 0);
}

gboolean
limn_server_connections_over_cap (SoupServerMessage *msg)
{
  GSocket *socket = soup_server_message_get_socket (msg);

  return socket != NULL && g_object_get_qdata (G_OBJECT (socket), over_cap_mark_quark ()) != NULL;
}

/* Refusing */

typedef struct
{
  GIOStream    *stream;
  GBytes       *response;
  GCancellable *cancellable;
  GSource      *timeout;
  guint64       left;          /* bytes still to drain */
  char          buffer[8192];
} Linger;

static void
linger_closed (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Linger *linger = user_data;

  g_io_stream_close_finish (G_IO_STREAM (object), result, NULL);
  g_source_destroy (linger->timeout);
  g_source_unref (linger->timeout);
  g_object_unref (linger->cancellable);
  g_bytes_unref (linger->response);
  g_object_unref (linger->stream);
  g_free (linger);
}

static void
linger_finish (Linger *linger)
{
  g_io_stream_close_async (linger->stream, G_PRIORITY_DEFAULT, NULL, linger_closed, linger);
}

static void
linger_read (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Linger *linger = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);

  if (n <= 0 || (guint64)n >= linger->left)
    {
      linger_finish (linger);
      return;
    }

  linger->left -= n;
  g_input_stream_read_async (G_INPUT_STREAM (object), linger->buffer, sizeof linger->buffer,
                             G_PRIORITY_DEFAULT, linger->cancellable, linger_read, linger);
}

static void
linger_written (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Linger *linger = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL) ||
      linger->left == 0)
    {
      linger_finish (linger);
      return;
    }

  g_input_stream_read_async (g_io_stream_get_input_stream (linger->stream), linger->buffer,
                             sizeof linger->buffer, G_PRIORITY_DEFAULT, linger->cancellable,
                             linger_read, linger);
}

static gboolean
linger_timeout (gpointer data)
{
  Linger *linger = data;

  /* The pending read or write ends cancelled, and that closes. */
  g_cancellable_cancel (linger->cancellable);
  return G_SOURCE_REMOVE;
}

void
limn_server_refuse (SoupServerMessage  *msg,
                    guint               status,
                    GBytes             *body,
                    const char * const *headers,
                    guint64             drain)
{
  g_autoptr(GString) head = g_string_new (NULL);
  g_autoptr(GIOStream) stream = NULL;
  const char *phrase = soup_status_get_phrase (status);
  Linger *linger;
  gsize len;
  const char *data = g_bytes_get_data (body, &len);

  g_string_append_printf (head, "HTTP/1.1 %u %s\r\n"
                          "Content-Type: application/json\r\n"
                          "Content-Length: %zu" "\r\n"
                          "Cache-Control: no-store\r\n"
                          "Connection: close\r\n", status, phrase ? phrase : "Error", len);
  for (guint i = 0; headers != NULL && headers[i] != NULL && headers[i + 1] != NULL; i += 2)
    g_string_append_printf (head, "%s: %s\r\n", headers[i], headers[i + 1]);
  g_string_append (head, "\r\n");
  g_string_append_len (head, data, len);

  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    return;

  linger = g_new0 (Linger, 1);
  linger->stream = g_steal_pointer (&stream);
  linger->left = drain;
  linger->cancellable = g_cancellable_new ();
  linger->response = g_string_free_to_bytes (g_steal_pointer (&head));
  linger->timeout = g_timeout_source_new_seconds (LIMN_SERVER_LINGER_SECONDS);
  g_source_set_callback (linger->timeout, linger_timeout, linger, NULL);
  g_source_attach (linger->timeout, g_main_context_get_thread_default ());

  data = g_bytes_get_data (linger->response, &len);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (linger->stream), data, len,
                                   G_PRIORITY_DEFAULT, linger->cancellable, linger_written, linger);
}
