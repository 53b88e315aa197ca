/* limn-server.c
 *
 * The request pipeline. When a request's headers are in (got-headers, the
 * early handler), before any of its body is read: the cap on connections,
 * routing, authentication (a limit on failed sign-ins per address that
 * never refuses a valid token), the per-token quota of batches, the
 * route's body limit and the budget of body bytes held at once; a request
 * refused there is answered at once and its connection closed
 * (limn-server-connections.c), so an unauthenticated client costs no
 * memory. An accepted body is kept in one buffer as it arrives, counted
 * against the limit chunk by chunk. Then the cap on queued work, and the
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

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "json/limn-json-writer.h"
#include "json/limn-json-reader.h"
#include "limn-server.h"
#include "limn-server-accounts.h"
#include "limn-server-alerts.h"
#include "limn-server-team-cache.h"
#include "limn-server-workload.h"
#include "limn-server-batches.h"
#include "limn-server-connections.h"
#include "limn-server-leases.h"
#include "limn-server-log.h"
#include "limn-server-request.h"
#include "limn-server-response.h"
#include "limn-server-routes.h"
#include "limn-server-throttle.h"

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

  LimnServerLimits       limits;
  LimnServerConnections *connections;
  LimnServerThrottle    *failures;       /* failed sign-ins per client address */
  LimnServerThrottle    *batches;        /* batches per token */
  gint                   body_memory;    /* bytes of request bodies held now */
  LimnServerAlertWatch  *alerts;
  LimnServerTeamCache   *team;           /* computed team figures per project */
  LimnServerWorkload    *workload;       /* claims' passed-over counts (limn-server-workload.h) */
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
  ROUTE_REVIEW_QUEUE,
  ROUTE_REVIEW_CLAIMS,
  ROUTE_THREADS,
  ROUTE_GUIDELINES,
  ROUTE_LABELS,
  ROUTE_TEAM_FIGURES,
  ROUTE_DASHBOARD,
  ROUTE_CAMPAIGNS,
  ROUTE_CAMPAIGN,
  ROUTE_CAMPAIGN_APPROVE,
  ROUTE_SWEEP,        /* not a request: the periodic lease sweep */
  ROUTE_NONE,         /* health, or no route: answered on the main loop */
} Route;

/* What the early handler learnt of a request, kept on its message until
 * the body is in, then handed to the job. */
typedef struct
{
  LimnServer          *server;
  Route                route;
  char                *arg;
  LimnServerPrincipal *principal;
  GByteArray          *body;
  gsize                limit;
  gsize                received;
  gsize                reserved;      /* counted in server->body_memory */
  gboolean             chunked;
} Request;

static GQuark
request_mark_quark (void)
{
  return g_quark_from_static_string ("limn-server-request");
}


static void
request_free (gpointer data)
{
  Request *req = data;

  if (req == NULL)
    return;
  if (req->reserved > 0)
    g_atomic_int_add (&req->server->body_memory, -(gint)req->reserved);
  g_clear_object (&req->server);
  g_free (req->arg);
  g_clear_pointer (&req->principal, limn_server_principal_free);
  g_clear_pointer (&req->body, g_byte_array_unref);
  g_free (req);
}

/* Counts @bytes more against the budget of bodies held at once. */
static gboolean
request_reserve (Request *req,
                 gsize    bytes)
{
  gint now = g_atomic_int_add (&req->server->body_memory, (gint)bytes) + (gint)bytes;

  if (now > LIMN_SERVER_MAX_BODY_MEMORY && now > (gint)bytes)
    {
      g_atomic_int_add (&req->server->body_memory, -(gint)bytes);
      return FALSE;
    }
  req->reserved += bytes;
  return TRUE;
}

typedef struct
{
  LimnServer         *server;
  SoupServerMessage  *msg;
  gulong              disconnected_id;
  gboolean            disconnected;
  Route               route;
  char               *arg;
  LimnServerExchange *ex;
  Request            *request;      /* holds the body's place in the budget */
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
  request_free (job->request);
  g_free (job);
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

  g_debug ("%s %s → %u (%.1f ms)", ex->method, ex->log_path, ex->status,
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
      gint64 now = g_get_real_time ();
      gint64 retention_us = (gint64)(self->limits.answer_retention_days * 86400.0 * G_USEC_PER_SEC);
      guint n = 0;

      if (!limn_server_leases_expire (self->backend, now, &n, &error))
        g_warning ("Could not expire leases: %s", error->message);
      else if (n > 0)
        g_debug ("Expired %u leases", n);
      g_clear_error (&error);

      if (!limn_server_batches_forget (self->backend, now - retention_us, &n, &error))
        g_warning ("Could not forget old batch answers: %s", error->message);
      else if (n > 0)
        g_debug ("Forgot %u stored batch answers", n);

      /* Alerts of the projects whose answers or reviews changed. */
      limn_server_alert_watch_run (self->alerts, self->team, self->backend, now);
    }
  else if ((g_str_equal (ex->method, "POST") || g_str_equal (ex->method, "PUT")) &&
           !is_json_type (ex->content_type))
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
        limn_server_handle_claims (self->backend, self->workload, ex, job->arg);
        break;
      case ROUTE_MEDIA:
        limn_server_handle_media (self->backend, self->media, ex, job->arg);
        break;
      case ROUTE_BATCHES:
        limn_server_handle_batches (self->backend, ex, self->limits.events_per_batch);
        break;
      case ROUTE_CHANGES:
        limn_server_handle_changes (self->backend, ex);
        break;
      case ROUTE_REVIEW_QUEUE:
        limn_server_handle_review_queue (self->backend, ex, job->arg);
        break;
      case ROUTE_REVIEW_CLAIMS:
        limn_server_handle_review_claims (self->backend, ex, job->arg);
        break;
      case ROUTE_THREADS:
        limn_server_handle_threads (self->backend, ex, job->arg);
        break;
      case ROUTE_GUIDELINES:
        limn_server_handle_guidelines (self->backend, ex, job->arg);
        break;
      case ROUTE_LABELS:
        limn_server_handle_labels (self->backend, ex, job->arg);
        break;
      case ROUTE_TEAM_FIGURES:
        limn_server_handle_team_figures (self->backend, self->team, ex, job->arg);
        break;
      case ROUTE_DASHBOARD:
        limn_server_handle_dashboard (self->backend, self->team, ex, job->arg);
        break;
      case ROUTE_CAMPAIGNS:
        limn_server_handle_campaigns (self->backend, ex, job->arg);
        break;
      case ROUTE_CAMPAIGN:
        limn_server_handle_campaign (self->backend, ex, job->arg);
        break;
      case ROUTE_CAMPAIGN_APPROVE:
        limn_server_handle_campaign_approve (self->backend, ex, job->arg);
        break;
      case ROUTE_SWEEP:
      case ROUTE_NONE:
      default:
        g_assert_not_reached ();
      }

#ifdef __GLIBC__
  /* A large body leaves large free blocks in this thread's arena; give
   * them back rather than keep the peak for good. */
  if (ex != NULL && ex->body != NULL && g_bytes_get_size (ex->body) > 1024 * 1024)
    {
      g_clear_pointer (&ex->body, g_bytes_unref);
      malloc_trim (0);
    }
#endif

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

/* Answers now and closes, without reading the rest of the body. */
static void
refuse (SoupServerMessage  *msg,
        guint               status,
        const char         *message,
        const char         *header,
        const char         *value,
        guint64             drain)
{
  g_autoptr(GBytes) body = limn_server_error_body (status, message);
  const char * const headers[] = { header, value, NULL };

  limn_server_refuse (msg, status, body, header != NULL ? headers : NULL, drain);
}

static void
refuse_retry (SoupServerMessage *msg,
              guint              status,
              const char        *message,
              guint              seconds,
              guint64            drain)
{
  g_autofree char *retry = g_strdup_printf ("%u", MAX (seconds, 1));

  refuse (msg, status, message, "Retry-After", retry, drain);
}

/* What is left of the body to drain after refusing. */
static guint64
body_left (SoupServerMessage *msg,
           gsize              received)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset length;

  if (soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CONTENT_LENGTH)
    return 2 * (guint64)LIMN_SERVER_MAX_BODY;
  length = soup_message_headers_get_content_length (headers);
  /* A little over, for what libsoup had buffered and the client's pace. */
  return (guint64)MAX (length - (goffset)received, 0) + 65536;
}

static void
on_got_chunk (SoupServerMessage *msg,
              GBytes            *chunk,
              gpointer           user_data)
{
  Request *req = g_object_get_qdata (G_OBJECT (msg), request_mark_quark ());
  gsize size = g_bytes_get_size (chunk);

  if (req == NULL)
    return;

  req->received += size;
  if (req->received > req->limit)
    {
      g_autofree char *message = g_strdup_printf (_("The request body is larger than this route "
                                                    "takes (%zu bytes)."),
                                                  req->limit);

      refuse (msg, 413, message, NULL, NULL, body_left (msg, req->received));
      return;
    }

  if (req->chunked && !request_reserve (req, size))
    {
      refuse_retry (msg, 503, _("The server is busy; try again shortly."), 5,
                    body_left (msg, req->received));
      return;
    }

  if (req->body != NULL)
    g_byte_array_append (req->body, g_bytes_get_data (chunk, NULL), size);
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
  gboolean put = g_str_equal (method, "PUT");

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
  else if (n == 4 && g_str_equal (segments[0], "projects") && g_str_equal (segments[2], "review") &&
           g_str_equal (segments[3], "queue"))
    *route = ROUTE_REVIEW_QUEUE, *arg = segments[1], *allowed = "GET, HEAD";
  else if (n == 4 && g_str_equal (segments[0], "projects") && g_str_equal (segments[2], "review") &&
           g_str_equal (segments[3], "claims"))
    *route = ROUTE_REVIEW_CLAIMS, *arg = segments[1], *allowed = "POST";
  else if (n == 3 && g_str_equal (segments[0], "projects") && g_str_equal (segments[2], "threads"))
    *route = ROUTE_THREADS, *arg = segments[1], *allowed = "GET, HEAD";
  else if (n == 3 && g_str_equal (segments[0], "projects") &&
           g_str_equal (segments[2], "guidelines"))
    *route = ROUTE_GUIDELINES, *arg = segments[1], *allowed = "POST";
  else if (n == 3 && g_str_equal (segments[0], "projects") && g_str_equal (segments[2], "labels"))
    *route = ROUTE_LABELS, *arg = segments[1], *allowed = "PUT";
  else if (n == 3 && g_str_equal (segments[0], "projects") &&
           g_str_equal (segments[2], "team-figures"))
    *route = ROUTE_TEAM_FIGURES, *arg = segments[1], *allowed = "GET, HEAD";
  else if (n == 3 && g_str_equal (segments[0], "projects") &&
           g_str_equal (segments[2], "dashboard"))
    *route = ROUTE_DASHBOARD, *arg = segments[1], *allowed = "GET, HEAD";
  else if (n == 3 && g_str_equal (segments[0], "projects") &&
           g_str_equal (segments[2], "campaigns"))
    *route = ROUTE_CAMPAIGNS, *arg = segments[1], *allowed = "GET, HEAD";
  else if (n == 4 && g_str_equal (segments[0], "projects") &&
           g_str_equal (segments[2], "campaigns") && segments[3][0] != '\0')
    *route = ROUTE_CAMPAIGN, *arg = segments[1], *allowed = "GET, HEAD";
  else if (n == 5 && g_str_equal (segments[0], "projects") &&
           g_str_equal (segments[2], "campaigns") && segments[3][0] != '\0' &&
           g_str_equal (segments[4], "approve"))
    *route = ROUTE_CAMPAIGN_APPROVE, *arg = segments[1], *allowed = "POST";
  else
    return FALSE;

  if (g_str_equal (*allowed, "POST"))
    return post;
  if (g_str_equal (*allowed, "PUT"))
    return put;
  return get;
}

/* The route of @path, or ROUTE_NONE for health and anything the main loop
 * answers (404, 405). */
static Route
route_of (const char  *method,
          const char  *path,
          char       **arg)
{
  g_auto(GStrv) segments = NULL;
  const char *arg_ref, *allowed;
  Route route;

  *arg = NULL;
  if (!g_str_has_prefix (path, API_PREFIX))
    return ROUTE_NONE;

  segments = g_strsplit (path + strlen (API_PREFIX), "/", -1);
  if (!match_route (method, segments, &route, &arg_ref, &allowed))
    return ROUTE_NONE;

  *arg = g_strdup (arg_ref);
  return route;
}

/* The principal of the request's token, or %NULL when the request was
 * refused. A valid token always goes through: the limit on failures only
 * slows down failing attempts, so a team behind one address is never
 * locked out by someone else's (docs/security.md). */
static LimnServerPrincipal *
authenticate (LimnServer        *self,
              SoupServerMessage *msg,
              guint64            drain)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  const char *host = soup_server_message_get_remote_host (msg);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  LimnServerPrincipal *principal;
  gint64 now = g_get_monotonic_time ();
  const char *token;
  const char *problem;
  guint wait;

  if (host == NULL)
    host = "";

  if (authorization == NULL)
    {
      refuse (msg, 401, _("This route needs “Authorization: Bearer <token>”."),
              "WWW-Authenticate", "Bearer", drain);
      return NULL;
    }

  token = limn_server_parse_bearer (authorization);
  if (token == NULL)
    problem = _("The Authorization header is not “Bearer <token>”.");
  else
    {
      /* Tokens are never logged or stored; only their hash is looked up. */
      hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
      principal = limn_server_accounts_authenticate (self->backend, hash, &error);
      if (principal != NULL)
        return principal;

      if (!g_error_matches (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND))
        {
          g_warning ("Could not check a token: %s", error->message);
          refuse_retry (msg, 503, _("The server is busy; try again shortly."), 5, drain);
          return NULL;
        }
      problem = _("The token is unknown or was revoked.");
    }

  wait = limn_server_throttle_wait (self->failures, host, now);
  limn_server_throttle_add (self->failures, host, now);
  if (wait > 0)
    refuse_retry (msg, 429, _("Too many failed sign-ins from this address; try again later."),
                  wait, drain);
  else
    refuse (msg, 401, problem, "WWW-Authenticate",
            hash != NULL ? "Bearer error=\"invalid_token\"" : "Bearer", drain);

  return NULL;
}

/* Runs when the headers are in, before any of the body is read. */
static void
early_handler (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  LimnServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *method = soup_server_message_get_method (msg);
  gboolean has_length = soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH;
  goffset length = has_length ? soup_message_headers_get_content_length (headers) : 0;
  guint64 drain = body_left (msg, 0);
  Request *req;

  /* One request per connection. libsoup 3.2 loses track of a kept-alive
   * connection that its client closes, or that times out, between two
   * requests: the message waiting for the next request has no completion
   * callback until that request's first byte, so its end of stream
   * disconnects nothing (fixed in libsoup 3.3.0, commit d20c6601). Its
   * socket and objects stay until the server stops, one per connection
   * (docs/security.md), and the cap on connections would count it for
   * good. The cost is a handshake per request:
   * about 0.2 ms on loopback, a TLS handshake with --tls-certificate
   * (bench/README.md, bench-attacks). */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Connection", "close");

  if (limn_server_connections_over_cap (msg))
    {
      refuse_retry (msg, 503, _("The server has too many connections open; try again shortly."),
                    5, drain);
      return;
    }

  req = g_new0 (Request, 1);
  req->server = g_object_ref (self);
  req->route = route_of (method, path, &req->arg);
  /* Batches, guidelines (a Markdown document) and a label set can be
   * large; every other body is a few fields. */
  req->limit = req->route == ROUTE_BATCHES || req->route == ROUTE_GUIDELINES || req->route == ROUTE_LABELS
               ? LIMN_SERVER_MAX_BODY : LIMN_SERVER_MAX_SMALL_BODY;
  req->chunked = !has_length;
  g_object_set_qdata_full (G_OBJECT (msg), request_mark_quark (), req, request_free);

  if (req->route != ROUTE_NONE)
    {
      req->principal = authenticate (self, msg, drain);
      if (req->principal == NULL)
        return;
    }

  if (req->route == ROUTE_BATCHES && self->limits.batches_per_minute > 0)
    {
      guint wait = limn_server_throttle_take (self->batches, req->principal->token_id,
                                              g_get_monotonic_time ());

      if (wait > 0)
        {
          g_autofree char *message =
            g_strdup_printf (_("This token sent more than %u batches in a minute; try again "
                               "later."), self->limits.batches_per_minute);

          refuse_retry (msg, 429, message, wait, drain);
          return;
        }
    }

  if (length > (goffset)req->limit)
    {
      g_autofree char *message = g_strdup_printf (_("The request body is larger than this route "
                                                    "takes (%zu bytes)."),
                                                  req->limit);

      refuse (msg, 413, message, NULL, NULL, drain);
      return;
    }

  if (length > 0 && !request_reserve (req, (gsize)length))
    {
      refuse_retry (msg, 503, _("The server is busy; try again shortly."), 5, drain);
      return;
    }

  /* The body is kept once, here, as it comes (libsoup would keep its
   * chunks and copy them again). */
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  req->body = g_byte_array_sized_new ((guint)length);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk), NULL);
}

static void
on_disconnected (SoupServerMessage *msg,
                 gpointer           user_data)
{
  Job *job = user_data;

  job->disconnected = TRUE;
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
  const char *arg, *allowed;
  LimnServerExchange *ex;
  Request *req;
  Route route;
  Job *job;

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
  req = g_object_steal_qdata (G_OBJECT (msg), request_mark_quark ());
  if (!match_route (method, segments, &route, &arg, &allowed) || req == NULL ||
      req->principal == NULL)
    {
      request_free (req);
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

  if (self->limits.max_queue > 0 && g_thread_pool_unprocessed (self->pool) >= self->limits.max_queue)
    {
      request_free (req);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Retry-After", "2");
      respond_now (msg, 503, _("The server has too much work queued; try again shortly."));
      return;
    }

  ex = g_new0 (LimnServerExchange, 1);
  ex->method = g_strdup (method);
  ex->path = g_strdup (path);
  ex->log_path = limn_server_log_escape (path);
  ex->segments = g_steal_pointer (&segments);
  ex->query = query ? g_hash_table_ref (query) : NULL;
  ex->idempotency_key = dup_header (headers, "Idempotency-Key");
  ex->if_none_match = dup_header (headers, "If-None-Match");
  ex->range = dup_header (headers, "Range");
  ex->content_type = g_strdup (soup_message_headers_get_content_type (headers, NULL));
  ex->body = g_byte_array_free_to_bytes (g_steal_pointer (&req->body));
  ex->remote_host = g_strdup (soup_server_message_get_remote_host (msg));
  ex->principal = g_steal_pointer (&req->principal);

  job = g_new0 (Job, 1);
  job->server = g_object_ref (self);
  job->msg = g_object_ref (msg);
  job->route = route;
  job->arg = g_strdup (arg);
  job->ex = ex;
  job->request = req;
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

  limn_server_throttle_prune (self->failures, g_get_monotonic_time ());
  limn_server_throttle_prune (self->batches, g_get_monotonic_time ());

  return G_SOURCE_CONTINUE;
}

/* Object */

static void
limn_server_finalize (GObject *object)
{
  LimnServer *self = (LimnServer *)object;

  limn_server_shutdown (self);
  g_clear_pointer (&self->connections, limn_server_connections_free);
  g_clear_object (&self->soup);
  g_clear_object (&self->backend);
  g_clear_object (&self->media);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->failures, limn_server_throttle_free);
  g_clear_pointer (&self->batches, limn_server_throttle_free);
  g_clear_pointer (&self->alerts, limn_server_alert_watch_free);
  g_clear_pointer (&self->workload, limn_server_workload_free);
  g_clear_pointer (&self->team, limn_server_team_cache_free);
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
  self->sweep_seconds = DEFAULT_SWEEP_SECONDS;
  limn_server_set_limits (self, NULL);
  self->failures = limn_server_throttle_new (LIMN_SERVER_AUTH_FAILURES, LIMN_SERVER_AUTH_WINDOW_US);
  self->alerts = limn_server_alert_watch_new ();
  self->team = limn_server_team_cache_new ();
  self->workload = limn_server_workload_new (self->team);
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
limn_server_set_limits (LimnServer             *self,
                        const LimnServerLimits *limits)
{
  static const LimnServerLimits none = { 0 };

  g_return_if_fail (LIMN_IS_SERVER (self));
  g_return_if_fail (self->soup == NULL);

  if (limits == NULL)
    limits = &none;
#define OR(field, fallback) (limits->field > 0 ? limits->field : (fallback))
  self->limits.max_connections = OR (max_connections, LIMN_SERVER_DEFAULT_MAX_CONNECTIONS);
  self->limits.max_queue = OR (max_queue, LIMN_SERVER_DEFAULT_MAX_QUEUE);
  self->limits.idle_timeout = OR (idle_timeout, LIMN_SERVER_DEFAULT_IDLE_TIMEOUT);
  self->limits.read_timeout = OR (read_timeout, LIMN_SERVER_DEFAULT_READ_TIMEOUT);
  self->limits.batches_per_minute = OR (batches_per_minute, LIMN_SERVER_DEFAULT_BATCHES_PER_MINUTE);
  self->limits.events_per_batch = MIN (OR (events_per_batch, LIMN_SERVER_DEFAULT_EVENTS_PER_BATCH),
                                       LIMN_SERVER_MAX_BATCH_ITEMS);
  self->limits.answer_retention_days = OR (answer_retention_days,
                                           LIMN_SERVER_DEFAULT_RETENTION_DAYS);
#undef OR

  g_clear_pointer (&self->batches, limn_server_throttle_free);
  self->batches = limn_server_throttle_new (self->limits.batches_per_minute, 60 * G_USEC_PER_SEC);
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
  self->connections = limn_server_connections_new (self->soup, self->limits.max_connections,
                                                   self->limits.idle_timeout,
                                                   self->limits.read_timeout);

  sockaddr = g_inet_socket_address_new (inet, port);
  if (!limn_server_connections_listen (self->connections, sockaddr, certificate != NULL, error))
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
  /* Old batch answers go at start-up too, not only a sweep later. */
  sweep_cb (self);

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
