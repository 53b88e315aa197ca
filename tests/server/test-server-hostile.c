/* test-server-hostile.c
 *
 * One bad client or a stalled network against the real server (issue 17,
 * docs/security.md): refusals before the body is read, per-route body
 * limits, caps on connections and queued work, read and idle timeouts,
 * the listen backlog, limits checked before a JSON tree is built, what a
 * refused batch costs on disk and how long answers are kept, quotas per
 * token, a sign-in limit that never refuses a valid token, logged paths,
 * replays across tokens, a per-user change cursor and the database's mode.
 * Raw sockets where libsoup's client would hide what the server does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/stat.h>

#include "limn-server-test.h"
#include "limn-test-util.h"

typedef struct
{
  LimnTestServer *server;
  char           *project;
  char           *other_project;
  char           *alice;          /* annotator of project */
  char           *alice_other;    /* alice again, on other_project */
  char           *bob;            /* annotator of project */
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  const char * const texts[] = { "one", "two", "three", "four", "five", "six", NULL };
  const char * const *args = data;
  g_autofree char *log = NULL;

  f->server = limn_test_server_new ();
  f->project = limn_test_server_add_text_project (f->server, "P", texts);
  f->other_project = limn_test_server_add_text_project (f->server, "Q", texts);
  f->alice = limn_test_server_add_token (f->server, "alice", f->project, "annotator", NULL);
  f->alice_other = limn_test_server_add_token (f->server, "alice", f->other_project, "annotator",
                                               NULL);
  f->bob = limn_test_server_add_token (f->server, "bob", f->project, "annotator", NULL);

  /* A test that reads the log asks for it with "--log" first. */
  if (args != NULL && g_strcmp0 (args[0], "--log") == 0)
    {
      log = g_build_filename (limn_test_server_get_data_dir (f->server), "stderr.log", NULL);
      limn_test_server_set_stderr_path (f->server, log);
      limn_test_server_setenv (f->server, "G_MESSAGES_DEBUG", "limn-server");
      args++;
    }
  limn_test_server_start (f->server, args, NULL);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_pointer (&f->server, limn_test_server_free);
  g_free (f->project);
  g_free (f->other_project);
  g_free (f->alice);
  g_free (f->alice_other);
  g_free (f->bob);
}

/* Raw HTTP */

static GSocketConnection *
raw_connect (Fixture *f)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GUri) uri = g_uri_parse (limn_test_server_get_url (f->server), G_URI_FLAGS_NONE, NULL);
  g_autoptr(GError) error = NULL;
  GSocketConnection *conn;

  conn = g_socket_client_connect_to_host (client, g_uri_get_host (uri), g_uri_get_port (uri),
                                          NULL, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (g_socket_connection_get_socket (conn), 20);
  return conn;
}

/* Sends what it can; a server that closed early is not an error here. */
static gboolean
raw_send (GSocketConnection *conn,
          const char        *data,
          gsize              len)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (conn));

  return g_output_stream_write_all (out, data, len, NULL, NULL, NULL);
}

/* What the server sends until it closes the connection or @seconds pass;
 * *closed says which. */
static GString *
raw_read (GSocketConnection *conn,
          double             seconds,
          gboolean          *closed)
{
  GSocket *socket = g_socket_connection_get_socket (conn);
  GString *out = g_string_new (NULL);
  gint64 end = g_get_monotonic_time () + (gint64)(seconds * G_USEC_PER_SEC);

  *closed = FALSE;
  for (gint64 now = g_get_monotonic_time (); now < end; now = g_get_monotonic_time ())
    {
      char buf[16384];
      gssize n;

      if (!g_socket_condition_timed_wait (socket, G_IO_IN, end - now, NULL, NULL))
        break;
      n = g_socket_receive (socket, buf, sizeof buf, NULL, NULL);
      if (n <= 0)
        {
          *closed = TRUE;
          break;
        }
      g_string_append_len (out, buf, n);
    }

  return out;
}

static guint
raw_status (GString *reply)
{
  char digits[4] = { 0 };
  guint64 status = 0;

  if (reply->len < 12 || !g_str_has_prefix (reply->str, "HTTP/1.1 "))
    return 0;
  memcpy (digits, reply->str + 9, 3);
  g_ascii_string_to_unsigned (digits, 10, 100, 599, &status, NULL);
  return (guint)status;
}

static char *
host_of (Fixture *f)
{
  g_autoptr(GUri) uri = g_uri_parse (limn_test_server_get_url (f->server), G_URI_FLAGS_NONE, NULL);

  return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
}

static const char *
error_code (LimnTestResponse *r)
{
  JsonObject *obj = limn_test_response_object (r);

  return json_object_get_string_member (json_object_get_object_member (obj, "error"), "code");
}

static gint64
proc_status_kb (GPid        pid,
                const char *field)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int)pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], field) && lines[i][strlen (field)] == ':')
      return g_ascii_strtoll (lines[i] + strlen (field) + 1, NULL, 10);

  g_assert_not_reached ();
}

static char *
event_item (const char *id,
            const char *project)
{
  return g_strdup_printf ("{\"kind\": \"event\", \"id\": \"%s\", "
                          "\"session_id\": \"5f0c3f8e-2a1b-4c3d-8e9f-0a1b2c3d4e5f\", "
                          "\"project_id\": \"%s\", \"type\": \"t\", \"wall_us\": 1, "
                          "\"mono_us\": 1}", id, project);
}

static char *
event_batch (guint       first,
             guint       n,
             const char *project)
{
  GString *body = g_string_new ("{\"items\": [");

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("e%07u-0000-4000-8000-000000000000", first + i);
      g_autofree char *item = event_item (id, project);

      g_string_append (body, i ? "," : "");
      g_string_append (body, item);
    }
  g_string_append (body, "]}");

  return g_string_free (body, FALSE);
}

/* 1. Memory before authentication */

/* A wrong token is refused as soon as the headers are in: the 8 MB the
 * client announced are never waited for, and the connection closes. */
static void
test_refused_before_body (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GSocketConnection) conn = raw_connect (f);
  g_autofree char *host = host_of (f);
  g_autofree char *head = g_strdup_printf ("POST /api/v1/batches HTTP/1.1\r\nHost: %s\r\n"
                                           "Authorization: Bearer limn_not-a-token\r\n"
                                           "Idempotency-Key: refused-0001\r\n"
                                           "Content-Type: application/json\r\n"
                                           "Content-Length: 8000000\r\n\r\n", host);
  g_autofree char *some = g_strnfill (65536, '0');
  g_autoptr(GString) reply = NULL;
  gint64 start = g_get_monotonic_time ();
  gboolean closed;

  g_assert_true (raw_send (conn, head, strlen (head)));
  raw_send (conn, some, 65536);

  reply = raw_read (conn, 8, &closed);
  g_assert_cmpuint (raw_status (reply), ==, 401);
  g_assert_nonnull (strstr (reply->str, "\"unauthorized\""));
  g_assert_true (closed);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 6 * G_USEC_PER_SEC);
}

/* Each route takes the body it needs: a claim is a few bytes. Refused
 * from Content-Length before reading, and counted while reading a chunked
 * one. */
static void
test_route_body_limits (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/claims", f->project);
  g_autofree char *host = host_of (f);
  g_autoptr(GString) padded = g_string_new ("{\"count\": 1");
  g_auto(LimnTestResponse) r = { 0 };

  /* Padding that fits in 8 MiB is no longer read. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (padded, ' ');
  g_string_append_c (padded, '}');
  limn_test_request (f->server, "POST", path, f->alice, padded->str, &r, NULL);
  g_assert_cmpuint (r.status, ==, 413);
  g_assert_cmpstr (error_code (&r), ==, "payload_too_large");

  /* Announced: answered without waiting for the body. */
  {
    g_autoptr(GSocketConnection) conn = raw_connect (f);
    g_autofree char *head = g_strdup_printf ("POST %s HTTP/1.1\r\nHost: %s\r\n"
                                             "Authorization: Bearer %s\r\n"
                                             "Content-Type: application/json\r\n"
                                             "Content-Length: 1048576\r\n\r\n", path, host, f->alice);
    g_autoptr(GString) reply = NULL;
    gboolean closed;

    g_assert_true (raw_send (conn, head, strlen (head)));
    reply = raw_read (conn, 8, &closed);
    g_assert_cmpuint (raw_status (reply), ==, 413);
    g_assert_true (closed);
  }

  /* Chunked: cut off once past the limit. */
  {
    g_autoptr(GSocketConnection) conn = raw_connect (f);
    g_autofree char *head = g_strdup_printf ("POST %s HTTP/1.1\r\nHost: %s\r\n"
                                             "Authorization: Bearer %s\r\n"
                                             "Content-Type: application/json\r\n"
                                             "Transfer-Encoding: chunked\r\n\r\n", path, host, f->alice);
    g_autofree char *chunk = g_strnfill (65536, ' ');
    g_autoptr(GString) reply = NULL;
    gboolean closed;

    g_assert_true (raw_send (conn, head, strlen (head)));
    raw_send (conn, "10000\r\n", 7);
    raw_send (conn, chunk, 65536);
    raw_send (conn, "\r\n", 2);
    reply = raw_read (conn, 8, &closed);
    g_assert_cmpuint (raw_status (reply), ==, 413);
    g_assert_true (closed);
  }

  /* What a claim needs still works. */
  limn_test_request (f->server, "POST", path, f->alice, "{\"count\": 1}", &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
}

static const char * const cap_args[] = { "--max-connections", "2", NULL };

static void
test_connection_cap (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GSocketConnection) one = raw_connect (f);
  g_autoptr(GSocketConnection) two = raw_connect (f);
  g_autofree char *host = host_of (f);
  g_autofree char *health = g_strdup_printf ("GET /api/v1/health HTTP/1.1\r\nHost: %s\r\n\r\n", host);
  gboolean served = FALSE;

  /* Let the server take both in. */
  g_usleep (300 * 1000);

  {
    g_autoptr(GSocketConnection) three = raw_connect (f);
    g_autoptr(GString) reply = NULL;
    gboolean closed;

    g_assert_true (raw_send (three, health, strlen (health)));
    reply = raw_read (three, 8, &closed);
    g_assert_cmpuint (raw_status (reply), ==, 503);
    g_assert_nonnull (strstr (reply->str, "Retry-After: "));
    g_assert_true (closed);
  }

  /* Room again once they are gone. */
  g_io_stream_close (G_IO_STREAM (one), NULL, NULL);
  g_io_stream_close (G_IO_STREAM (two), NULL, NULL);
  for (guint i = 0; i < 50 && !served; i++)
    {
      g_autoptr(GSocketConnection) again = raw_connect (f);
      g_autoptr(GString) reply = NULL;
      gboolean closed;

      g_assert_true (raw_send (again, health, strlen (health)));
      reply = raw_read (again, 2, &closed);
      served = raw_status (reply) == 200;
      if (!served)
        g_usleep (100 * 1000);
    }
  g_assert_true (served);
}

static const char * const queue_args[] = { "--max-queue", "1", NULL };

/* Workers stuck behind a write lock someone else holds: one request may
 * wait in the queue, the next is told to come back. */
static void
test_queue_cap (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *host = host_of (f);
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/claims", f->project);
  GSocketConnection *conns[6];
  gpointer lock;
  guint refused = 0, served = 0;

  /* The sweep the server runs as it starts writes too: let it finish
   * before the lock is taken, or it holds a worker of its own. */
  g_usleep (500 * 1000);
  lock = limn_test_server_lock_writes (f->server);

  for (guint i = 0; i < G_N_ELEMENTS (conns); i++)
    {
      g_autofree char *request = g_strdup_printf ("POST %s HTTP/1.1\r\nHost: %s\r\n"
                                                  "Authorization: Bearer %s\r\n"
                                                  "Content-Type: application/json\r\n"
                                                  "Content-Length: 12\r\n\r\n{\"count\": 1}",
                                                  path, host, i % 2 ? f->bob : f->alice);

      conns[i] = raw_connect (f);
      g_assert_true (raw_send (conns[i], request, strlen (request)));
      g_usleep (150 * 1000);
    }

  /* The sixth found four workers busy and one request queued. */
  {
    g_autoptr(GString) reply = NULL;
    gboolean closed;

    reply = raw_read (conns[5], 2, &closed);
    g_assert_cmpuint (raw_status (reply), ==, 503);
    g_assert_nonnull (strstr (reply->str, "Retry-After: "));
    g_assert_nonnull (strstr (reply->str, "queued"));
  }

  g_usleep (500 * 1000);
  limn_test_server_unlock_writes (f->server, lock);

  for (guint i = 0; i < G_N_ELEMENTS (conns); i++)
    {
      if (i < 5)
        {
          g_autoptr(GString) reply = NULL;
          gboolean closed;
          guint status;

          reply = raw_read (conns[i], 0.05, &closed);
          while (raw_status (reply) == 0 && !closed)
            {
              g_autoptr(GString) more = raw_read (conns[i], 10, &closed);

              g_string_append_len (reply, more->str, more->len);
            }
          status = raw_status (reply);
          served += status == 200;
          refused += status == 503;
        }
      g_object_unref (conns[i]);
    }
  /* All five in the pool were served once the lock was gone. */
  g_assert_cmpuint (served, ==, 5);
  g_assert_cmpuint (refused, ==, 0);
}

/* Bodies held at once are bounded over all connections (48 MiB): six
 * accepted 8 MiB uploads that stall fill it, and the next one is told to
 * come back instead of growing the server. */
static void
test_body_budget (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *host = host_of (f);
  GSocketConnection *stalled[6];
  g_autofree char *body = event_batch (0, 1, f->project);
  g_auto(LimnTestResponse) r = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (stalled); i++)
    {
      g_autofree char *head = g_strdup_printf ("POST /api/v1/batches HTTP/1.1\r\nHost: %s\r\n"
                                               "Authorization: Bearer %s\r\n"
                                               "Idempotency-Key: budget-%04u\r\n"
                                               "Content-Type: application/json\r\n"
                                               "Content-Length: 8388608\r\n\r\n{\"items\": [",
                                               host, i % 2 ? f->bob : f->alice, i);

      stalled[i] = raw_connect (f);
      g_assert_true (raw_send (stalled[i], head, strlen (head)));
    }
  g_usleep (300 * 1000);

  limn_test_request (f->server, "POST", "/api/v1/batches", f->alice, body, &r,
                     "Idempotency-Key", "budget-late", NULL);
  g_assert_cmpuint (r.status, ==, 503);
  g_assert_cmpstr (error_code (&r), ==, "unavailable");
  g_assert_nonnull (soup_message_headers_get_one (r.headers, "Retry-After"));

  /* Their room comes back when they go. */
  for (guint i = 0; i < G_N_ELEMENTS (stalled); i++)
    g_object_unref (stalled[i]);
  for (guint i = 0; i < 50; i++)
    {
      limn_test_request (f->server, "POST", "/api/v1/batches", f->alice, body, &r,
                         "Idempotency-Key", "budget-late", NULL);
      if (r.status != 503)
        break;
      g_usleep (100 * 1000);
    }
  g_assert_cmpuint (r.status, ==, 200);
}

static const char * const idle_args[] = { "--idle-timeout", "1", NULL };

static void
test_idle_timeout (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *host = host_of (f);
  g_autofree char *health = g_strdup_printf ("GET /api/v1/health HTTP/1.1\r\nHost: %s\r\n\r\n", host);

  /* Connected and silent. */
  {
    g_autoptr(GSocketConnection) conn = raw_connect (f);
    g_autoptr(GString) reply = NULL;
    gboolean closed;

    reply = raw_read (conn, 5, &closed);
    g_assert_true (closed);
    g_assert_cmpuint (reply->len, ==, 0);
  }

  /* After an answer: closed at once (see no-connection-leak). */
  {
    g_autoptr(GSocketConnection) conn = raw_connect (f);
    g_autoptr(GString) reply = NULL;
    gboolean closed;

    g_assert_true (raw_send (conn, health, strlen (health)));
    reply = raw_read (conn, 5, &closed);
    g_assert_cmpuint (raw_status (reply), ==, 200);
    g_assert_true (closed);
  }
}

static const char * const read_args[] = { "--read-timeout", "1", "--idle-timeout", "30", NULL };

/* A byte now and then keeps a socket busy but never makes a request: the
 * whole request must arrive within the read timeout. */
static void
test_read_timeout (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GSocketConnection) conn = raw_connect (f);
  g_autofree char *host = host_of (f);
  g_autofree char *head = g_strdup_printf ("GET /api/v1/health HTTP/1.1\r\nHost: %s\r\nX-Slow: ", host);
  g_autoptr(GString) reply = NULL;
  gboolean closed = FALSE;

  g_assert_true (raw_send (conn, head, strlen (head)));
  for (guint i = 0; i < 15 && !closed; i++)
    {
      g_autoptr(GString) got = NULL;

      if (!raw_send (conn, "a", 1))
        break;
      got = raw_read (conn, 0.25, &closed);
    }

  reply = raw_read (conn, 3, &closed);
  g_assert_true (closed);
}

static guint
count_fds (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/fd", (int)pid);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* libsoup 3.2 never closes a kept-alive connection that its client closes
 * between two requests: each such connection kept a file descriptor
 * until the server stopped. */
static void
test_no_connection_leak (Fixture       *f,
                         gconstpointer  data)
{
  GPid pid = limn_test_server_get_pid (f->server);
  g_autofree char *host = host_of (f);
  g_autofree char *health = g_strdup_printf ("GET /api/v1/health HTTP/1.1\r\nHost: %s\r\n\r\n", host);
  g_auto(LimnTestResponse) r = { 0 };
  guint before, after = 0;

  /* Settled: the sweep run at start-up may open a database connection of
   * its own, which then stays in the pool. */
  limn_test_request (f->server, "GET", "/api/v1/me", f->alice, NULL, &r, NULL);
  g_usleep (300 * 1000);
  before = count_fds (pid);
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(GSocketConnection) conn = raw_connect (f);
      g_autoptr(GString) reply = NULL;
      char buf[4096];

      g_assert_true (raw_send (conn, health, strlen (health)));
      g_socket_condition_timed_wait (g_socket_connection_get_socket (conn), G_IO_IN,
                                     5 * G_USEC_PER_SEC, NULL, NULL);
      g_assert_cmpint (g_socket_receive (g_socket_connection_get_socket (conn), buf, sizeof buf,
                                         NULL, NULL), >, 12);
      g_assert_true (g_str_has_prefix (buf, "HTTP/1.1 200"));
    }

  for (guint i = 0; i < 50; i++)
    {
      after = count_fds (pid);
      if (after <= before)
        break;
      g_usleep (100 * 1000);
    }
  g_assert_cmpuint (after, <=, before);
}

/* libsoup listens with a backlog of 10: connections beyond it wait a
 * second for the SYN to be sent again. Counted while the server is
 * stopped, so nothing is accepted meanwhile. */
static void
test_backlog (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GUri) uri = g_uri_parse (limn_test_server_get_url (f->server), G_URI_FLAGS_NONE, NULL);
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (g_uri_get_host (uri));
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (inet, g_uri_get_port (uri));
  GPid pid = limn_test_server_get_pid (f->server);
  GSocket *sockets[64];
  guint connected = 0;

  g_assert_cmpint (kill (pid, SIGSTOP), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (sockets); i++)
    {
      g_autoptr(GError) error = NULL;

      sockets[i] = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, &error);
      g_assert_no_error (error);
      g_socket_set_blocking (sockets[i], FALSE);
      if (!g_socket_connect (sockets[i], address, NULL, &error))
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);
    }
  g_usleep (500 * 1000);
  for (guint i = 0; i < G_N_ELEMENTS (sockets); i++)
    if (g_socket_condition_check (sockets[i], G_IO_OUT) & G_IO_OUT &&
        g_socket_check_connect_result (sockets[i], NULL))
      connected++;
  g_assert_cmpint (kill (pid, SIGCONT), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (sockets); i++)
    {
      g_socket_close (sockets[i], NULL);
      g_object_unref (sockets[i]);
    }

  g_assert_cmpuint (connected, ==, G_N_ELEMENTS (sockets));
}

/* 2. JSON limits before the tree */

static void
test_json_limits_first (Fixture       *f,
                        gconstpointer  data)
{
  GPid pid = limn_test_server_get_pid (f->server);
  gsize n = (8 * 1024 * 1024 - 13) / 2;
  GString *zeros = g_string_sized_new (8 * 1024 * 1024);
  g_autoptr(GString) values = g_string_new ("{\"items\": [[");
  g_auto(LimnTestResponse) r = { 0 };
  gint64 idle_kb;

  /* Settled: the server answered once. */
  limn_test_request (f->server, "GET", "/api/v1/me", f->alice, NULL, &r, NULL);
  idle_kb = proc_status_kb (pid, "VmRSS");

  g_string_append (zeros, "{\"items\":[");
  for (gsize i = 0; i < n; i++)
    g_string_append (zeros, "0,");
  g_string_append (zeros, "0]}");
  g_assert_cmpuint (zeros->len, <=, 8 * 1024 * 1024);
  limn_test_request_bytes (f->server, "POST", "/api/v1/batches", f->alice, "application/json",
                           zeros->str, zeros->len, &r, "Idempotency-Key", "zeros-0001", NULL);
  g_string_free (zeros, TRUE);
  g_assert_cmpuint (r.status, ==, 400);
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (
                      limn_test_response_object (&r), "error"), "message"), "5000 items"));
  /* It was 358 MB, the tree json-glib built for it. */
  g_assert_cmpint (proc_status_kb (pid, "VmHWM") - idle_kb, <, 64 * 1024);

  /* One item holding half a million values: refused before a tree too. */
  for (guint i = 0; i < 500000; i++)
    g_string_append (values, i ? ",0" : "0");
  g_string_append (values, "]]}");
  limn_test_request (f->server, "POST", "/api/v1/batches", f->alice, values->str, &r,
                     "Idempotency-Key", "values-0001", NULL);
  g_assert_cmpuint (r.status, ==, 400);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "batches"), ==, 0);
}

/* 3. Disk through stored answers, quotas */

static void
test_rejected_batch_stores_little (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GString) body = g_string_new ("{\"items\": [");
  g_auto(LimnTestResponse) r = { 0 };
  g_auto(LimnTestResponse) again = { 0 };

  for (guint i = 0; i < 5000; i++)
    g_string_append (body, i ? ",0" : "0");
  g_string_append (body, "]}");

  limn_test_request (f->server, "POST", "/api/v1/batches", f->alice, body->str, &r,
                     "Idempotency-Key", "rejected-0001", NULL);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpuint (g_bytes_get_size (r.body), >, 300000);

  /* What is stored at rest only the database file can tell. */
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT coalesce (sum (length (body)), 0) "
                                       "FROM idempotency"), <=, 64);

  /* Sent again: the same answer; with another body: still 422. */
  limn_test_request (f->server, "POST", "/api/v1/batches", f->alice, body->str, &again,
                     "Idempotency-Key", "rejected-0001", NULL);
  g_assert_cmpuint (again.status, ==, 200);
  g_assert_true (g_bytes_equal (r.body, again.body));
  limn_test_request (f->server, "POST", "/api/v1/batches", f->alice, "{\"items\": [1]}", &again,
                     "Idempotency-Key", "rejected-0001", NULL);
  g_assert_cmpuint (again.status, ==, 422);
}

static const char * const retention_args[] = {
  "--answer-retention-days", "0.00002", "--sweep-interval", "1", NULL
};

static void
test_answer_retention (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *body = event_batch (0, 1, f->project);
  g_autofree char *other = event_batch (1, 1, f->project);
  g_auto(LimnTestResponse) r = { 0 };

  limn_test_request (f->server, "POST", "/api/v1/batches", f->alice, body, &r,
                     "Idempotency-Key", "retained-0001", NULL);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT count (*) FROM idempotency"), ==, 1);

  /* 0.00002 days is 1.7 s; the sweep runs every second. */
  g_usleep (4 * G_USEC_PER_SEC);
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT count (*) FROM idempotency"), ==, 0);

  /* The key is free again; the event it applied stays applied. */
  limn_test_request (f->server, "POST", "/api/v1/batches", f->alice, other, &r,
                     "Idempotency-Key", "retained-0001", NULL);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "events"), ==, 2);
}

static const char * const quota_args[] = {
  "--batches-per-minute", "3", "--events-per-batch", "2", NULL
};

static void
test_quotas (Fixture       *f,
             gconstpointer  data)
{
  g_auto(LimnTestResponse) r = { 0 };
  guint64 seconds = 0;

  /* Events per batch: 413, so the client halves the batch. */
  {
    g_autofree char *three = event_batch (0, 3, f->project);

    limn_test_request (f->server, "POST", "/api/v1/batches", f->alice, three, &r,
                       "Idempotency-Key", "quota-three", NULL);
    g_assert_cmpuint (r.status, ==, 413);
    g_assert_cmpint (limn_test_server_count (f->server, NULL, "events"), ==, 0);
  }

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *two = event_batch (10 + 2 * i, 2, f->project);
      g_autofree char *key = g_strdup_printf ("quota-%04u", i);

      limn_test_request (f->server, "POST", "/api/v1/batches", f->alice, two, &r,
                         "Idempotency-Key", key, NULL);
      g_assert_cmpuint (r.status, ==, 200);
    }

  /* The fourth batch within a minute. */
  {
    g_autofree char *one = event_batch (20, 1, f->project);

    limn_test_request (f->server, "POST", "/api/v1/batches", f->alice, one, &r,
                       "Idempotency-Key", "quota-0004", NULL);
    g_assert_cmpuint (r.status, ==, 429);
    g_assert_cmpstr (error_code (&r), ==, "rate_limited");
    g_assert_true (g_ascii_string_to_unsigned (soup_message_headers_get_one (r.headers,
                                                                             "Retry-After"),
                                               10, 1, 60, &seconds, NULL));

    /* Per token: bob is not slowed down by alice. */
    limn_test_request (f->server, "POST", "/api/v1/batches", f->bob, "{\"items\": []}", &r,
                       "Idempotency-Key", "quota-bob-1", NULL);
    g_assert_cmpuint (r.status, ==, 200);
  }
}

/* 4. A team behind one address */

static void
test_valid_token_never_locked_out (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/claims", f->project);
  g_auto(LimnTestResponse) r = { 0 };

  for (guint i = 0; i < 11; i++)
    {
      g_autofree char *garbage = g_strdup_printf ("limn_guess%u", i);

      limn_test_request (f->server, "GET", "/api/v1/me", garbage, NULL, &r, NULL);
      g_assert_cmpuint (r.status, ==, i < 10 ? 401 : 429);
    }

  /* Others behind the same address go on working. */
  limn_test_request (f->server, "GET", "/api/v1/me", f->alice, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  limn_test_request (f->server, "POST", path, f->bob, "{\"count\": 1}", &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);

  /* Guessing stays slowed down. */
  limn_test_request (f->server, "GET", "/api/v1/me", "limn_guess-again", NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 429);
}

/* 5. Lesser items */

static const char * const log_args[] = { "--log", NULL };

static void
test_logged_path_escaped (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/x%%0Aforged-line%%0D%%1B%%5B31m");
  g_autofree char *log_path = g_build_filename (limn_test_server_get_data_dir (f->server),
                                                "stderr.log", NULL);
  g_autofree char *log = NULL;
  g_auto(GStrv) lines = NULL;
  g_auto(LimnTestResponse) r = { 0 };

  limn_test_request (f->server, "GET", path, f->alice, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 403);
  limn_test_server_stop (f->server);

  g_assert_true (g_file_get_contents (log_path, &log, NULL, NULL));
  g_assert_nonnull (strstr (log, "forged-line"));
  g_assert_null (strchr (log, '\r'));
  g_assert_null (strchr (log, '\x1b'));
  lines = g_strsplit (log, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_false (g_str_has_prefix (lines[i], "forged-line"));
}

static void
test_replay_checks_token (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *body = event_batch (0, 1, f->project);
  g_auto(LimnTestResponse) r = { 0 };

  limn_test_request (f->server, "POST", "/api/v1/batches", f->alice, body, &r,
                     "Idempotency-Key", "two-tokens-1", NULL);
  g_assert_cmpuint (r.status, ==, 200);

  /* The same user with their token of another project: not a replay. */
  limn_test_request (f->server, "POST", "/api/v1/batches", f->alice_other, body, &r,
                     "Idempotency-Key", "two-tokens-1", NULL);
  g_assert_cmpuint (r.status, ==, 422);

  /* The token that sent it still gets its answer. */
  limn_test_request (f->server, "POST", "/api/v1/batches", f->alice, body, &r,
                     "Idempotency-Key", "two-tokens-1", NULL);
  g_assert_cmpuint (r.status, ==, 200);
}

static JsonArray *
pull (Fixture     *f,
      const char  *token,
      const char  *since,
      char       **cursor)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%s", since);
  g_auto(LimnTestResponse) r = { 0 };
  JsonObject *obj;

  limn_test_request (f->server, "GET", path, token, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  obj = limn_test_response_object (&r);
  *cursor = g_strdup (json_object_get_string_member (obj, "cursor"));
  return json_array_ref (json_object_get_array_member (obj, "changes"));
}

/* Alice's changes are numbered as hers: nothing in them counts bob's. */
static void
test_cursor_per_user (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/claims", f->project);
  g_autofree char *cursor = NULL;
  g_autofree char *cursor2 = NULL;
  g_autoptr(JsonArray) changes = NULL;
  g_autoptr(JsonArray) none = NULL;
  g_auto(LimnTestResponse) r = { 0 };

  /* Six tasks: alice one, bob three, alice one more. */
  limn_test_request (f->server, "POST", path, f->alice, "{\"count\": 1}", &r, NULL);
  limn_test_request (f->server, "POST", path, f->bob, "{\"count\": 3}", &r, NULL);
  limn_test_request (f->server, "POST", path, f->alice, "{\"count\": 2}", &r, NULL);

  changes = pull (f, f->alice, "0", &cursor);
  g_assert_cmpuint (json_array_get_length (changes), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (changes, i), "seq"),
                     ==, i + 1);

  /* Nothing new: no changes, the same cursor. */
  none = pull (f, f->alice, cursor, &cursor2);
  g_assert_cmpuint (json_array_get_length (none), ==, 0);
  g_assert_cmpstr (cursor, ==, cursor2);

  /* A cursor from before (the store-wide sequence at alice's first
   * change) is read as her position there: her second change follows. */
  {
    g_autofree char *global = g_strdup_printf ("%" G_GINT64_FORMAT,
                                               limn_test_db_count (f->server,
                                                                   "SELECT min (seq) FROM changes c "
                                                                   "JOIN users u ON u.id = c.recipient "
                                                                   "WHERE u.name = 'alice'"));
    g_autofree char *cursor3 = NULL;
    g_autoptr(JsonArray) rest = pull (f, f->alice, global, &cursor3);

    g_assert_cmpuint (json_array_get_length (rest), ==, 1);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (rest, 0), "seq"),
                     ==, 2);
    g_assert_cmpstr (cursor3, ==, cursor);
  }
}

static void
assert_private (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  if ((st.st_mode & 0077) != 0)
    g_error ("%s has mode %o", path, st.st_mode & 0777);
}

static void
test_database_mode (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *db = limn_test_server_get_db_path (f->server);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);
  g_auto(LimnTestResponse) r = { 0 };

  if (limn_test_server_get_database (f->server) != NULL)
    {
      g_test_skip ("the SQLite file's modes: PostgreSQL keeps its own files");
      return;
    }

  limn_test_request (f->server, "GET", "/api/v1/me", f->alice, NULL, &r, NULL);
  assert_private (db);
  assert_private (wal);
  assert_private (shm);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn, args) g_test_add (path, Fixture, args, setup, fn, teardown)
  ADD ("/server-hostile/refused-before-body", test_refused_before_body, NULL);
  ADD ("/server-hostile/route-body-limits", test_route_body_limits, NULL);
  ADD ("/server-hostile/connection-cap", test_connection_cap, cap_args);
  ADD ("/server-hostile/queue-cap", test_queue_cap, queue_args);
  ADD ("/server-hostile/body-budget", test_body_budget, NULL);
  ADD ("/server-hostile/idle-timeout", test_idle_timeout, idle_args);
  ADD ("/server-hostile/read-timeout", test_read_timeout, read_args);
  ADD ("/server-hostile/no-connection-leak", test_no_connection_leak, NULL);
  ADD ("/server-hostile/backlog", test_backlog, NULL);
  ADD ("/server-hostile/json-limits-first", test_json_limits_first, NULL);
  ADD ("/server-hostile/rejected-batch-stores-little", test_rejected_batch_stores_little, NULL);
  ADD ("/server-hostile/answer-retention", test_answer_retention, retention_args);
  ADD ("/server-hostile/quotas", test_quotas, quota_args);
  ADD ("/server-hostile/valid-token-never-locked-out", test_valid_token_never_locked_out, NULL);
  ADD ("/server-hostile/logged-path-escaped", test_logged_path_escaped, log_args);
  ADD ("/server-hostile/replay-checks-token", test_replay_checks_token, NULL);
  ADD ("/server-hostile/cursor-per-user", test_cursor_per_user, NULL);
  ADD ("/server-hostile/database-mode", test_database_mode, NULL);
#undef ADD

  return g_test_run ();
}
