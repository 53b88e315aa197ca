/* limn-server.c
 *
 * The request pipeline: body limits while the request is still being read,
 * routing, authentication with a per-address limit on failures, and the
 * hand-over to worker threads.
 *
 * Why worker threads: a batch commits with synchronous=FULL (an fsync,
 * 0.2–5 ms here, more on a busy disk) and can hold 5,000 items; a claim
 * scans the project's tasks. Done on the main loop, one slow request would
 * stall every other client, TLS handshakes included. So every route that
 * touches the store pauses its message (soup_server_message_pause), runs on
 * a GThreadPool with a store connection of its own, and the main loop
 * writes the answer and unpauses. Correctness with concurrent clients comes
 * from the store, not from the thread layout: each claim, batch or admin
 * change is one write transaction of the backend (with SQLite, BEGIN
 * IMMEDIATE behind one write lock), readers see snapshots. Only /health
 * answers on the main loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "json/limn-json-writer.h"
#include "json/limn-json-reader.h"
#include "limn-server.h"
#include "limn-server-accounts.h"
#include "limn-server-leases.h"
#include "limn-server-request.h"
#include "limn-server-response.h"
#include "limn-server-routes.h"

#define N_WORKERS 4
#define DEFAULT_SWEEP_SECONDS 30
#define API_PREFIX "/api/v1/"

G_DEFINE_QUARK (limn-server-error-quark, limn_server_error)

struct _LimnServer
{
  GObject            parent_instance;

  LimnServerBackend *backend;
  LimnServerMedia   *media;
  SoupServer        *soup;
  GMainContext      *context;
  GThreadPool       *pool;
  char              *url;
  guint              sweep_id;
  guint              sweep_seconds;
  gboolean           shut_down;

  GMutex             failures_lock;
  GHashTable        *failures;      /* remote host -> GArray of gint64 times */
};

G_DEFINE_FINAL_TYPE (LimnServer, limn_server, G_TYPE_OBJECT)

typedef enum
{
  ROUTE_ME,
  ROUTE_PROJECTS,
  ROUTE_PROJECT,
  ROUTE_CLAIMS,
  ROUTE_MEDIA,
  ROUTE_BATCHES,
  ROUTE_CHANGES,
  ROUTE_SWEEP,        /* not a request: the periodic lease sweep */
} Route;

typedef struct
{
  LimnServer         *server;
  SoupServerMessage  *msg;
  gulong              disconnected_id;
  gboolean            disconnected;
  Route               route;
  char               *arg;
  LimnServerExchange *ex;
  gint64              started_us;
} Job;

static void
job_free (Job *job)
{
  if (job->msg != NULL && job->disconnected_id != 0)
    g_signal_handler_disconnect (job->msg, job->disconnected_id);
  g_clear_object (&job->msg);
  g_clear_object (&job->server);
  g_free (job->arg);
  limn_server_exchange_free (job->ex);
  g_free (job);
}

/* Authentication failures per client address */

static void
prune (GArray *times,
       gint64  now)
{
  guint keep = 0;

  while (keep < times->len && g_array_index (times, gint64, keep) <= now - LIMN_SERVER_AUTH_WINDOW_US)
    keep++;
  if (keep > 0)
    g_array_remove_range (times, 0, keep);
}

/* Seconds until the address may try again, or 0 when it may now. */
static guint
blocked_for (LimnServer *self,
             const char *host,
             gint64      now)
{
  GArray *times;
  guint wait = 0;

  g_mutex_lock (&self->failures_lock);
  times = g_hash_table_lookup (self->failures, host);
  if (times != NULL)
    {
      prune (times, now);
      if (times->len >= LIMN_SERVER_AUTH_FAILURES)
        {
          gint64 until = g_array_index (times, gint64, times->len - LIMN_SERVER_AUTH_FAILURES) +
                         LIMN_SERVER_AUTH_WINDOW_US;

          wait = (guint)MAX (1, (until - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
        }
    }
  g_mutex_unlock (&self->failures_lock);

  return wait;
}

static void
record_failure (LimnServer *self,
                const char *host,
                gint64      now)
{
  GArray *times;

  g_mutex_lock (&self->failures_lock);
  times = g_hash_table_lookup (self->failures, host);
  if (times == NULL)
    {
      times = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (self->failures, g_strdup (host), times);
    }
  prune (times, now);
  g_array_append_val (times, now);
  if (times->len > LIMN_SERVER_AUTH_FAILURES)
    g_array_remove_index (times, 0);
  g_mutex_unlock (&self->failures_lock);
}

static gboolean
forget_old_failures (gpointer key,
                     gpointer value,
                     gpointer user_data)
{
  GArray *times = value;

  prune (times, *(gint64 *)user_data);
  return times->len == 0;
}

static void
prune_failures (LimnServer *self)
{
  gint64 now = g_get_monotonic_time ();

  g_mutex_lock (&self->failures_lock);
  g_hash_table_foreach_remove (self->failures, forget_old_failures, &now);
  g_mutex_unlock (&self->failures_lock);
}

static gboolean
authenticate (LimnServer         *self,
              LimnServerExchange *ex)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  gint64 now = g_get_monotonic_time ();
  const char *host = ex->remote_host ? ex->remote_host : "";
  const char *token;
  guint wait;

  wait = blocked_for (self, host, now);
  if (wait > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", wait);

      limn_server_add_header (ex, "Retry-After", seconds);
      limn_server_respond_error (ex, 429, _("Too many failed sign-ins from this address; "
                                            "try again later."));
      return FALSE;
    }

  if (ex->authorization == NULL)
    {
      limn_server_add_header (ex, "WWW-Authenticate", "Bearer");
      limn_server_respond_error (ex, 401, _("This route needs “Authorization: Bearer <token>”."));
      return FALSE;
    }

  token = limn_server_parse_bearer (ex->authorization);
  if (token == NULL)
    {
      record_failure (self, host, now);
      limn_server_add_header (ex, "WWW-Authenticate", "Bearer");
      limn_server_respond_error (ex, 401, _("The Authorization header is not “Bearer <token>”."));
      return FALSE;
    }

  /* Tokens are never logged or stored; only their hash is looked up. */
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  ex->principal = limn_server_accounts_authenticate (self->backend, hash, &error);
  if (ex->principal != NULL)
    return TRUE;

  if (g_error_matches (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND))
    {
      record_failure (self, host, now);
      limn_server_add_header (ex, "WWW-Authenticate", "Bearer error=\"invalid_token\"");
      limn_server_respond_error (ex, 401, _("The token is unknown or was revoked."));
    }
  else
    limn_server_respond_gerror (ex, error);

  return FALSE;
}

/* Worker side */

static gboolean
job_finish (gpointer data)
{
  Job *job = data;
  LimnServerExchange *ex = job->ex;
  SoupMessageHeaders *headers;

  if (job->route == ROUTE_SWEEP || job->disconnected)
    {
      job_free (job);
      return G_SOURCE_REMOVE;
    }

  headers = soup_server_message_get_response_headers (job->msg);
  for (guint i = 0; ex->response_headers != NULL && i + 1 < ex->response_headers->len; i += 2)
    soup_message_headers_replace (headers,
                                  g_ptr_array_index (ex->response_headers, i),
                                  g_ptr_array_index (ex->response_headers, i + 1));

  if (ex->status == 0)
    limn_server_respond_error (ex, 500, _("The server failed to handle the request."));

  soup_server_message_set_status (job->msg, ex->status, NULL);
  if (ex->response_body != NULL)
    {
      if (ex->response_type != NULL)
        soup_message_headers_replace (headers, "Content-Type", ex->response_type);
      soup_message_body_append_bytes (soup_server_message_get_response_body (job->msg),
                                      ex->response_body);
    }

  g_debug ("%s %s → %u (%.1f ms)", ex->method, ex->path, ex->status,
           (g_get_monotonic_time () - job->started_us) / 1000.0);

  soup_server_message_unpause (job->msg);
  job_free (job);

  return G_SOURCE_REMOVE;
}

static gboolean
is_json_type (const char *content_type)
{
  return content_type != NULL && g_ascii_strcasecmp (content_type, "application/json") == 0;
}

static void
job_run (gpointer data,
         gpointer user_data)
{
  Job *job = data;
  LimnServer *self = job->server;
  LimnServerExchange *ex = job->ex;

  if (job->route == ROUTE_SWEEP)
    {
      g_autoptr(GError) error = NULL;
      guint n = 0;

      if (!limn_server_leases_expire (self->backend, g_get_real_time (), &n, &error))
        g_warning ("Could not expire leases: %s", error->message);
      else if (n > 0)
        g_debug ("Expired %u leases", n);
    }
  else if (authenticate (self, ex))
    {
      if (g_str_equal (ex->method, "POST") && !is_json_type (ex->content_type))
        limn_server_respond_error (ex, 415, _("Send the body as application/json."));
      else
        switch (job->route)
          {
          case ROUTE_ME:
            limn_server_handle_me (self->backend, ex);
            break;
          case ROUTE_PROJECTS:
            limn_server_handle_projects (self->backend, ex);
            break;
          case ROUTE_PROJECT:
            limn_server_handle_project (self->backend, ex, job->arg);
            break;
          case ROUTE_CLAIMS:
            limn_server_handle_claims (self->backend, ex, job->arg);
            break;
          case ROUTE_MEDIA:
            limn_server_handle_media (self->backend, self->media, ex, job->arg);
            break;
          case ROUTE_BATCHES:
            limn_server_handle_batches (self->backend, ex);
            break;
          case ROUTE_CHANGES:
            limn_server_handle_changes (self->backend, ex);
            break;
          case ROUTE_SWEEP:
          default:
            g_assert_not_reached ();
          }
    }

  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, job_finish, job, NULL);
}

/* Main loop side */

static void
respond_now (SoupServerMessage *msg,
             guint              status,
             const char        *message)
{
  g_autoptr(GBytes) body = limn_server_error_body (status, message);

  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Content-Type", "application/json");
  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), body);
}

static void
on_got_chunk (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  gsize total = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), "limn-body-size"));

  total += g_bytes_get_size (chunk);
  g_object_set_data (G_OBJECT (msg), "limn-body-size", GSIZE_TO_POINTER (total));

  if (total > LIMN_SERVER_MAX_BODY &&
      g_object_get_data (G_OBJECT (msg), "limn-too-large") == NULL)
    {
      SoupMessageBody *body = soup_server_message_get_request_body (msg);

      /* Stop keeping what is still coming; the handler answers 413. */
      g_object_set_data (G_OBJECT (msg), "limn-too-large", GINT_TO_POINTER (1));
      soup_message_body_set_accumulate (body, FALSE);
      soup_message_body_truncate (body);
    }
}

/* Runs when the headers are in, before the body is read. */
static void
early_handler (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > LIMN_SERVER_MAX_BODY)
    {
      /* Answer without keeping the body; the connection closes after. */
      soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
      respond_now (msg, 413, _("The request body is larger than 8 MiB."));
      return;
    }

  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk), NULL);
}

static void
on_disconnected (SoupServerMessage *msg,
                 gpointer           user_data)
{
  Job *job = user_data;

  job->disconnected = TRUE;
}

static gboolean
match_route (const char  *method,
             char       **segments,
             Route       *route,
             const char **arg,
             const char **allowed)
{
  guint n = g_strv_length (segments);
  gboolean get = g_str_equal (method, "GET") || g_str_equal (method, "HEAD");
  gboolean post = g_str_equal (method, "POST");

  *arg = NULL;
  *allowed = NULL;

  if (n == 1 && g_str_equal (segments[0], "me"))
    *route = ROUTE_ME, *allowed = "GET, HEAD";
  else if (n == 1 && g_str_equal (segments[0], "projects"))
    *route = ROUTE_PROJECTS, *allowed = "GET, HEAD";
  else if (n == 2 && g_str_equal (segments[0], "projects"))
    *route = ROUTE_PROJECT, *arg = segments[1], *allowed = "GET, HEAD";
  else if (n == 3 && g_str_equal (segments[0], "projects") && g_str_equal (segments[2], "claims"))
    *route = ROUTE_CLAIMS, *arg = segments[1], *allowed = "POST";
  else if (n == 2 && g_str_equal (segments[0], "media"))
    *route = ROUTE_MEDIA, *arg = segments[1], *allowed = "GET, HEAD";
  else if (n == 1 && g_str_equal (segments[0], "batches"))
    *route = ROUTE_BATCHES, *allowed = "POST";
  else if (n == 1 && g_str_equal (segments[0], "changes"))
    *route = ROUTE_CHANGES, *allowed = "GET, HEAD";
  else
    return FALSE;

  return g_str_equal (*allowed, "POST") ? post : get;
}

static char *
dup_header (SoupMessageHeaders *headers,
            const char         *name)
{
  return g_strdup (soup_message_headers_get_one (headers, name));
}

static void
server_callback (SoupServer        *soup,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  LimnServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  g_auto(GStrv) segments = NULL;
  g_autoptr(GBytes) body = NULL;
  const char *arg, *allowed;
  LimnServerExchange *ex;
  Route route;
  Job *job;

  if (g_object_get_data (G_OBJECT (msg), "limn-too-large") != NULL)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Connection", "close");
      respond_now (msg, 413, _("The request body is larger than 8 MiB."));
      return;
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");

  if (g_str_equal (path, "/api/v1/health"))
    {
      g_autoptr(JsonObject) obj = json_object_new ();
      g_autofree char *text = NULL;

      if (!g_str_equal (method, "GET") && !g_str_equal (method, "HEAD"))
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Allow", "GET, HEAD");
          respond_now (msg, 405, _("This route does not take that method."));
          return;
        }

      json_object_set_string_member (obj, "status", "ok");
      json_object_set_string_member (obj, "version", PACKAGE_VERSION);
      json_object_set_int_member (obj, "api", 1);
      text = limn_json_writer_object_to_string (obj);
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                        text, strlen (text));
      return;
    }

  if (!g_str_has_prefix (path, API_PREFIX))
    {
      respond_now (msg, 404, _("There is no such route."));
      return;
    }

  segments = g_strsplit (path + strlen (API_PREFIX), "/", -1);
  if (!match_route (method, segments, &route, &arg, &allowed))
    {
      if (allowed != NULL)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                        "Allow", allowed);
          respond_now (msg, 405, _("This route does not take that method."));
        }
      else
        respond_now (msg, 404, _("There is no such route."));
      return;
    }

  ex = g_new0 (LimnServerExchange, 1);
  ex->method = g_strdup (method);
  ex->path = g_strdup (path);
  ex->segments = g_steal_pointer (&segments);
  ex->query = query ? g_hash_table_ref (query) : NULL;
  ex->authorization = dup_header (headers, "Authorization");
  ex->idempotency_key = dup_header (headers, "Idempotency-Key");
  ex->if_none_match = dup_header (headers, "If-None-Match");
  ex->range = dup_header (headers, "Range");
  ex->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  ex->body = g_steal_pointer (&body);
  ex->remote_host = g_strdup (soup_server_message_get_remote_host (msg));

  job = g_new0 (Job, 1);
  job->server = g_object_ref (self);
  job->msg = g_object_ref (msg);
  job->route = route;
  job->arg = g_strdup (arg);
  job->ex = ex;
  job->started_us = g_get_monotonic_time ();
  job->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (on_disconnected), job);

  /* libsoup must not answer the Range header itself: the media handler
   * does, and every other route ignores it. */
  soup_message_headers_remove (headers, "Range");

  soup_server_message_pause (msg);
  g_thread_pool_push (self->pool, job, NULL);
}

static gboolean
sweep_cb (gpointer data)
{
  LimnServer *self = data;
  Job *job = g_new0 (Job, 1);

  job->server = g_object_ref (self);
  job->route = ROUTE_SWEEP;
  g_thread_pool_push (self->pool, job, NULL);

  prune_failures (self);

  return G_SOURCE_CONTINUE;
}

/* Object */

static void
limn_server_finalize (GObject *object)
{
  LimnServer *self = (LimnServer *)object;

  limn_server_shutdown (self);
  g_clear_object (&self->soup);
  g_clear_object (&self->backend);
  g_clear_pointer (&self->media, limn_server_media_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->failures, g_hash_table_unref);
  g_mutex_clear (&self->failures_lock);
  g_free (self->url);

  G_OBJECT_CLASS (limn_server_parent_class)->finalize (object);
}

static void
limn_server_class_init (LimnServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = limn_server_finalize;
}

static void
limn_server_init (LimnServer *self)
{
  g_mutex_init (&self->failures_lock);
  self->failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)g_array_unref);
  self->sweep_seconds = DEFAULT_SWEEP_SECONDS;
}

LimnServer *
limn_server_new (LimnServerBackend *backend,
                 LimnServerMedia   *media)
{
  LimnServer *self;

  g_return_val_if_fail (LIMN_IS_SERVER_BACKEND (backend), NULL);

  self = g_object_new (LIMN_TYPE_SERVER, NULL);
  self->backend = g_object_ref (backend);
  self->media = media;
  self->context = g_main_context_ref_thread_default ();
  self->pool = g_thread_pool_new (job_run, self, N_WORKERS, FALSE, NULL);

  return self;
}

void
limn_server_set_sweep_interval (LimnServer *self,
                                guint       seconds)
{
  g_return_if_fail (LIMN_IS_SERVER (self));
  self->sweep_seconds = MAX (seconds, 1);
}

static GInetAddress *
parse_address (const char  *address,
               char       **host_out,
               guint       *port_out,
               GError     **error)
{
  g_autofree char *host = NULL;
  const char *colon;
  guint64 port;
  GInetAddress *inet;

  colon = strrchr (address, ':');
  if (colon == NULL || colon == address)
    goto bad;

  if (address[0] == '[')
    {
      if (colon[-1] != ']')
        goto bad;
      host = g_strndup (address + 1, colon - address - 2);
    }
  else
    host = g_strndup (address, colon - address);

  if (!g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &port, NULL))
    goto bad;

  if (g_str_equal (host, "localhost"))
    inet = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  else
    inet = g_inet_address_new_from_string (host);
  if (inet == NULL)
    goto bad;

  *host_out = g_steal_pointer (&host);
  *port_out = (guint)port;
  return inet;

bad:
  g_set_error (error, LIMN_SERVER_ERROR, LIMN_SERVER_ERROR_ADDRESS,
               _("“%s” is not an address to listen on: use IP:PORT, e.g. 127.0.0.1:8080 "
                 "or [::1]:8080 (port 0 picks a free port)."), address);
  return NULL;
}

gboolean
limn_server_listen (LimnServer       *self,
                    const char       *address,
                    GTlsCertificate  *certificate,
                    GError          **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) sockaddr = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *host = NULL;
  GSList *listeners;
  guint port;

  g_return_val_if_fail (LIMN_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  inet = parse_address (address, &host, &port, error);
  if (inet == NULL)
    return FALSE;

  self->soup = soup_server_new ("server-header", "limn-server/" PACKAGE_VERSION " ", NULL);
  if (certificate != NULL)
    soup_server_set_tls_certificate (self->soup, certificate);

  soup_server_add_early_handler (self->soup, NULL, early_handler, self, NULL);
  soup_server_add_handler (self->soup, NULL, server_callback, self, NULL);

  sockaddr = g_inet_socket_address_new (inet, port);
  if (!soup_server_listen (self->soup, sockaddr,
                           certificate != NULL ? SOUP_SERVER_LISTEN_HTTPS : 0, error))
    return FALSE;

  listeners = soup_server_get_listeners (self->soup);
  if (listeners != NULL)
    bound = g_socket_get_local_address (listeners->data, NULL);
  g_slist_free (listeners);
  if (bound != NULL)
    port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  self->url = g_strdup_printf ("%s://%s%s%s:%u",
                               certificate != NULL ? "https" : "http",
                               strchr (host, ':') ? "[" : "", host,
                               strchr (host, ':') ? "]" : "", port);

  self->sweep_id = g_timeout_add_seconds (self->sweep_seconds, sweep_cb, self);

  return TRUE;
}

const char *
limn_server_get_url (LimnServer *self)
{
  g_return_val_if_fail (LIMN_IS_SERVER (self), NULL);
  return self->url;
}

void
limn_server_shutdown (LimnServer *self)
{
  g_return_if_fail (LIMN_IS_SERVER (self));

  if (self->shut_down)
    return;
  self->shut_down = TRUE;

  g_clear_handle_id (&self->sweep_id, g_source_remove);

  /* Let the workers finish what they started, then let the main loop hand
   * their answers to libsoup before the connections close. */
  if (self->pool != NULL)
    {
      g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);
      while (g_main_context_pending (self->context))
        g_main_context_iteration (self->context, FALSE);
    }

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
}
