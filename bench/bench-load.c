/* bench-load.c
 *
 * A load generator for limn-server, in a process of its own: it starts the
 * real server on a loopback port chosen at run time, sets up a text project
 * and one annotator (user and token) per simulated person with
 * `limn-server admin`, then runs every annotator at once, each with a
 * libsoup session of its own as each app has, one request at a time, as
 * the app's sync client does:
 *
 *   claim T tasks → for each: push a batch (E events and the annotation,
 *   with an Idempotency-Key) → pull changes; R rounds.
 *
 * Every few batches an annotator sends the same batch again with the same
 * key (a lost answer, retried), which must come back as the stored answer.
 * A request whose connection is lost is sent again (the same batch with
 * the same key), as the app's client does, and counted as retried.
 * The annotators start spread over --ramp-ms, as apps whose sync timers
 * are not in step do; --ramp-ms 0 starts them in the same instant (see
 * bench/README.md for what that does to the server's accept queue).
 * Bounded in count (R rounds) and time (--max-seconds: no new request after
 * it). It reports requests/s and p50/p99 latency per route against the
 * same server's idle round trip (GET /api/v1/me, one client, before the
 * load), the CPU time of the server (per thread), of itself and of the
 * whole machine during the load, and an fdatasync in the server's folder
 * as the disk's baseline; then it counts on the server's database (a
 * read-only SQLite connection) that every item sent was stored exactly
 * once, and that no task was leased to two annotators (the project's
 * overlap is 1), both in the claims' answers and in its assignments.
 *
 * --database URI runs the server on that PostgreSQL database, and
 * --instances N starts N servers on the same store (PostgreSQL; one
 * data folder for the media), the annotators spread round-robin over
 * them (bench-instances runs the configurations side by side).
 *
 *   build/bench/bench-load [--annotators N] [--rounds R] [--tasks T] [--events E]
 *                          [--think-ms MS] [--ramp-ms MS] [--max-seconds S]
 *                          [--database URI] [--instances N]
 *
 * The last line is machine-readable (tests/reliability/test-load.c reads
 * it); the exit status is 0 only with zero errors, zero lost and zero
 * duplicated. The server binary is $LIMN_SERVER_BINARY, else the one built
 * beside this.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bench-load-store.h"
#include "bench-measure.h"

static int n_annotators = 50;
static int n_rounds = 4;
static int n_tasks = 5;
static int n_events = 20;
static int think_ms = 0;
static int max_seconds = 120;
static int replay_every = 5;
static int ramp_ms = 1000;
static gboolean reuse_posts = FALSE;
static char *database = NULL;
static int n_instances = 1;

static const GOptionEntry entries[] = {
  { "annotators", 0, 0, G_OPTION_ARG_INT, &n_annotators, "Simulated annotators, each with a token (50)", "N" },
  { "rounds", 0, 0, G_OPTION_ARG_INT, &n_rounds, "Claims per annotator (4)", "R" },
  { "tasks", 0, 0, G_OPTION_ARG_INT, &n_tasks, "Tasks per claim, one batch each (5)", "T" },
  { "events", 0, 0, G_OPTION_ARG_INT, &n_events, "Events per batch, with one annotation (20)", "E" },
  { "think-ms", 0, 0, G_OPTION_ARG_INT, &think_ms, "Pause after each answer (0: as fast as answered)", "MS" },
  { "max-seconds", 0, 0, G_OPTION_ARG_INT, &max_seconds, "No new request after this (120)", "S" },
  { "replay-every", 0, 0, G_OPTION_ARG_INT, &replay_every, "Send every Nth batch twice, same key (5; 0: never)", "N" },
  { "ramp-ms", 0, 0, G_OPTION_ARG_INT, &ramp_ms, "Start the annotators evenly over this time (1000; 0: all at once)", "MS" },
  { "reuse-posts", 0, 0, G_OPTION_ARG_NONE, &reuse_posts,
    "Mark claims and batches idempotent, so libsoup sends them on kept-alive connections "
    "(the app does not: each POST opens a connection)", NULL },
  { "database", 0, 0, G_OPTION_ARG_STRING, &database,
    "The store: a postgresql:// URI (default: SQLite in the data folder)", "URI" },
  { "instances", 0, 0, G_OPTION_ARG_INT, &n_instances,
    "limn-server processes on the one store, annotators round-robin (1; >1 needs --database)", "N" },
  { NULL }
};

typedef enum
{
  ROUTE_IDLE,
  ROUTE_CLAIMS,
  ROUTE_BATCHES,
  ROUTE_REPLAYS,
  ROUTE_CHANGES,
  N_ROUTES
} Route;

static const char * const route_names[N_ROUTES] = {
  "idle GET /me",
  "POST claims",
  "POST batches",
  "POST batches (replayed)",
  "GET changes",
};

typedef struct _Bench Bench;

typedef enum
{
  STEP_CLAIM,
  STEP_BATCH,
  STEP_PULL,
  STEP_REPLAY,
} Step;

typedef struct
{
  Bench      *bench;
  guint       index;
  const char *url;          /* its instance's */
  char       *auth;         /* "Bearer …" */
  SoupSession *session;     /* its own, as each app has */
  GPtrArray  *task_ids;     /* of the current claim */
  GPtrArray  *task_texts;
  guint       next_task;
  guint       round;
  guint       batches;
  Step        step;
  char       *cursor;
  char       *last_key;     /* the last batch answered, for a replay */
  GBytes     *last_body;
  char       *last_answer;
  gboolean    done;
} Annotator;

struct _Bench
{
  char         *server_url;   /* the first instance's */
  char         *data_dir;
  GSubprocess  *server;       /* the first instance */
  GPtrArray    *servers;      /* GSubprocess *, every instance */
  GPtrArray    *server_urls;  /* char * */
  GHashTable   *leased;       /* task id → annotators it was leased to */
  SoupSession  *session;
  char         *project_id;
  char         *label_id;
  GPtrArray    *annotators;
  GArray       *latency[N_ROUTES];   /* gint64 µs */
  guint         errors[N_ROUTES];
  guint         retried[N_ROUTES];   /* lost connections, sent again */
  GArray       *connects;            /* gint64 µs: requests that opened a connection */
  GHashTable   *sent_events;         /* id set */
  GHashTable   *sent_annotations;
  guint         in_flight;
  guint         running;             /* annotators not done */
  gint64        stop_at;
  gboolean      stopped_by_time;
  GMainLoop    *loop;
};

typedef struct
{
  Annotator  *a;
  Route       route;
  gint64      start;         /* of the first attempt: what the person waits */
  guint       attempt;
  char       *method;
  char       *uri;
  SoupMessage *msg;
  GBytes     *body;          /* batches: what was sent */
  char       *key;
  GPtrArray  *event_ids;     /* batches: ids sent */
  char       *annotation_id;
} Request;

static void annotator_next (Annotator *a);
static gboolean send_again_pending (gpointer data);

/* Setting up the server */

static const char *
server_binary (void)
{
  const char *env = g_getenv ("LIMN_SERVER_BINARY");

  return env != NULL && env[0] != '\0' ? env : LIMN_SERVER_BINARY_PATH;
}

static char *
admin_argv (const char  *data_dir,
            const char **args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_ptr_array_add (argv, (char *)server_binary ());
  g_ptr_array_add (argv, "admin");
  g_ptr_array_add (argv, "--data");
  g_ptr_array_add (argv, (char *)data_dir);
  if (database != NULL)
    {
      g_ptr_array_add (argv, "--database");
      g_ptr_array_add (argv, database);
    }
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, NULL))
    g_error ("limn-server admin %s %s failed: %s", args[0], args[1],
             error ? error->message : err);

  return out;
}

static char *
kv (const char *output,
    const char *key)
{
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);
  g_autofree char *prefix = g_strconcat (key, "=", NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return g_strdup (lines[i] + strlen (prefix));

  g_error ("no %s= in “%s”", key, output);
}

/* Admin commands, several at a time (each opens the database, so this is
 * what setting up 50 people costs): @commands is a list of argument
 * lists after "admin --data DIR"; returns their outputs, in order. */
typedef struct
{
  const char *data_dir;
  GPtrArray  *commands;   /* GStrv */
  GPtrArray  *outputs;    /* char * */
  guint       next;
  guint       running;
} AdminRun;

static void run_next (AdminRun *run);

static void
ran_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  AdminRun *run = data;
  guint index = GPOINTER_TO_UINT (g_object_get_data (source, "index"));
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  if (!g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &out, NULL, &error) ||
      !g_subprocess_get_successful (G_SUBPROCESS (source)))
    g_error ("limn-server admin %s failed", ((char **)g_ptr_array_index (run->commands, index))[0]);

  g_ptr_array_index (run->outputs, index) = out;
  run->running--;
  run_next (run);
}

static void
run_next (AdminRun *run)
{
  while (run->running < 4 && run->next < run->commands->len)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      char **args = g_ptr_array_index (run->commands, run->next);
      GSubprocess *p;

      g_ptr_array_add (argv, (char *)server_binary ());
      g_ptr_array_add (argv, "admin");
      g_ptr_array_add (argv, "--data");
      g_ptr_array_add (argv, (char *)run->data_dir);
      if (database != NULL)
        {
          g_ptr_array_add (argv, "--database");
          g_ptr_array_add (argv, database);
        }
      for (guint i = 0; args[i] != NULL; i++)
        g_ptr_array_add (argv, args[i]);
      g_ptr_array_add (argv, NULL);

      p = g_subprocess_newv ((const char * const *)argv->pdata,
                             G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
      g_assert_no_error (error);
      g_object_set_data (G_OBJECT (p), "index", GUINT_TO_POINTER (run->next));
      g_subprocess_communicate_utf8_async (p, NULL, NULL, ran_cb, run);
      g_object_unref (p);   /* the call holds it until it is done */
      run->next++;
      run->running++;
    }
}

static GPtrArray *
run_admin_commands (const char *data_dir,
                    GPtrArray  *commands)
{
  AdminRun run = { data_dir, commands, g_ptr_array_new_with_free_func (g_free), 0, 0 };

  g_ptr_array_set_size (run.outputs, commands->len);
  run_next (&run);
  while (run.running > 0)
    g_main_context_iteration (NULL, TRUE);

  return run.outputs;
}

/* A user and an annotator token on the project for each simulated person. */
static GPtrArray *
issue_tokens (Bench *b)
{
  g_autoptr(GPtrArray) users = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  g_autoptr(GPtrArray) outputs = NULL;
  GPtrArray *tokens = g_ptr_array_new_with_free_func (g_free);

  for (int i = 0; i < n_annotators; i++)
    {
      g_autofree char *name = g_strdup_printf ("annotator-%03d", i);

      g_ptr_array_add (users, g_strdupv ((char *[]){ "user", "add", "--name", name, NULL }));
      g_ptr_array_add (issues, g_strdupv ((char *[]){ "token", "issue", "--user", name, "--project",
                                                      b->project_id, "--role", "annotator", NULL }));
    }

  g_ptr_array_unref (run_admin_commands (b->data_dir, users));
  outputs = run_admin_commands (b->data_dir, issues);
  for (guint i = 0; i < outputs->len; i++)
    g_ptr_array_add (tokens, kv (g_ptr_array_index (outputs, i), "token"));

  return tokens;
}

static void
setup_project (Bench *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) jsonl = g_string_new (NULL);
  g_autofree char *labels = g_build_filename (b->data_dir, "labels.txt", NULL);
  g_autofree char *texts = g_build_filename (b->data_dir, "texts.jsonl", NULL);
  g_autofree char *out = NULL;
  guint total = n_annotators * n_rounds * n_tasks;

  g_file_set_contents (labels, "Person\nPlace\n", -1, &error);
  g_assert_no_error (error);
  out = admin_argv (b->data_dir, (const char *[]){ "project", "create", "--name", "Load", "--labels",
                                                   labels, "--kind", "text", NULL });
  b->project_id = kv (out, "project_id");

  for (guint i = 0; i < total; i++)
    g_string_append_printf (jsonl, "{\"text\": \"Task %u: Ada Lovelace met Charles Babbage in London "
                            "in 1833, and wrote the first program for his engine.\"}\n", i);
  g_file_set_contents (texts, jsonl->str, jsonl->len, &error);
  g_assert_no_error (error);
  g_free (admin_argv (b->data_dir, (const char *[]){ "task", "add", "--project", b->project_id,
                                                     "--texts", texts, NULL }));
}

/* The servers: each a port of its own, chosen now; all on one store. */
static void
start_server (Bench *b)
{
  b->servers = g_ptr_array_new_with_free_func (g_object_unref);
  b->server_urls = g_ptr_array_new_with_free_func (g_free);

  for (int i = 0; i < n_instances; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDataInputStream) lines = NULL;
      g_autofree char *line = NULL;
      GSubprocess *server;

      server = database != NULL
        ? g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, server_binary (), "--data",
                            b->data_dir, "--database", database, "--listen", "127.0.0.1:0", NULL)
        : g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, server_binary (), "--data",
                            b->data_dir, "--listen", "127.0.0.1:0", NULL);
      g_assert_no_error (error);
      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
      line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
      if (line == NULL || !g_str_has_prefix (line, "listening on "))
        g_error ("limn-server did not start");
      g_ptr_array_add (b->servers, server);
      g_ptr_array_add (b->server_urls, g_strdup (line + strlen ("listening on ")));
    }

  b->server = g_ptr_array_index (b->servers, 0);
  b->server_url = g_strdup (g_ptr_array_index (b->server_urls, 0));
}

/* Requests */

static void
request_free (Request *r)
{
  g_clear_object (&r->msg);
  g_free (r->method);
  g_free (r->uri);
  g_clear_pointer (&r->body, g_bytes_unref);
  g_clear_pointer (&r->event_ids, g_ptr_array_unref);
  g_free (r->annotation_id);
  g_free (r->key);
  g_free (r);
}

static void
count_error (Request    *r,
             const char *what)
{
  Bench *b = r->a->bench;

  b->errors[r->route]++;
  if (b->errors[r->route] <= 5)
    g_printerr ("error: %s (annotator %u): %s\n", route_names[r->route], r->a->index, what);
}

static JsonObject *
parse_object (GBytes  *body,
              JsonNode **root)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *data = g_bytes_get_data (body, &len);

  if (!json_parser_load_from_data (parser, data, len, NULL))
    return NULL;
  *root = json_parser_steal_root (parser);
  return JSON_NODE_HOLDS_OBJECT (*root) ? json_node_get_object (*root) : NULL;
}

static void
handle_claims (Request    *r,
               JsonObject *answer)
{
  Annotator *a = r->a;
  JsonArray *assignments = json_object_get_array_member (answer, "assignments");

  g_ptr_array_set_size (a->task_ids, 0);
  g_ptr_array_set_size (a->task_texts, 0);
  for (guint i = 0; assignments != NULL && i < json_array_get_length (assignments); i++)
    {
      JsonObject *task = json_object_get_object_member (json_array_get_object_element (assignments, i),
                                                        "task");

      const char *id = json_object_get_string_member (task, "id");

      g_ptr_array_add (a->task_ids, g_strdup (id));
      /* Overlap 1: a task leased twice is a double assignment. */
      g_hash_table_insert (a->bench->leased, g_strdup (id),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (a->bench->leased,
                                                                                    id)) + 1));
      g_ptr_array_add (a->task_texts, g_strdup (json_object_get_string_member (task, "text")));
    }
  if (a->task_ids->len != (guint)n_tasks)
    count_error (r, "the claim did not lease the tasks asked for");
  a->next_task = 0;
}

static void
handle_batch (Request    *r,
              JsonObject *answer,
              GBytes     *raw)
{
  Annotator *a = r->a;
  Bench *b = a->bench;
  JsonArray *results = json_object_get_array_member (answer, "results");
  guint n = r->route == ROUTE_REPLAYS ? 0 : r->event_ids->len + 1;

  if (r->route == ROUTE_REPLAYS)
    {
      /* The stored answer, byte for byte. */
      gsize len;
      const char *data = g_bytes_get_data (raw, &len);

      if (a->last_answer == NULL || strlen (a->last_answer) != len || memcmp (a->last_answer, data, len) != 0)
        count_error (r, "a replayed key did not return the stored answer");
      return;
    }

  if (results == NULL || json_array_get_length (results) != n)
    {
      count_error (r, "the answer does not list every item");
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonObject *res = json_array_get_object_element (results, i);
      const char *status = json_object_get_string_member (res, "status");

      if (g_strcmp0 (status, "applied") != 0)
        {
          g_autofree char *why = g_strdup_printf ("item %u: %s (%s)", i, status,
                                                  json_object_get_string_member_with_default (res, "reason", ""));
          count_error (r, why);
          return;
        }
    }

  /* Stored once each: counted on the server's database at the end. */
  for (guint i = 0; i < r->event_ids->len; i++)
    g_hash_table_add (b->sent_events, g_strdup (g_ptr_array_index (r->event_ids, i)));
  g_hash_table_add (b->sent_annotations, g_strdup (r->annotation_id));

  g_free (a->last_key);
  a->last_key = g_strdup (r->key);
  g_clear_pointer (&a->last_body, g_bytes_unref);
  a->last_body = g_bytes_ref (r->body);
  g_free (a->last_answer);
  a->last_answer = g_strndup (g_bytes_get_data (raw, NULL), g_bytes_get_size (raw));
}

static gboolean
start_annotator (gpointer data)
{
  annotator_next (data);
  return G_SOURCE_REMOVE;
}

static gboolean
next_after_think (gpointer data)
{
  annotator_next (data);
  return G_SOURCE_REMOVE;
}

static void
answered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Request *r = data;
  Annotator *a = r->a;
  Bench *b = a->bench;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(JsonNode) root = NULL;
  gint64 took = g_get_monotonic_time () - r->start;
  guint status = soup_message_get_status (r->msg);
  JsonObject *answer = NULL;

  b->in_flight--;

  /* Did it wait for a new connection, and how long? */
  {
    SoupMessageMetrics *m = soup_message_get_metrics (r->msg);

    if (m != NULL && soup_message_metrics_get_connect_start (m) != 0)
      {
        gint64 connect = soup_message_metrics_get_connect_end (m) - soup_message_metrics_get_connect_start (m);

        g_array_append_val (b->connects, connect);
      }
  }

  /* A connection lost on the way is what the app's client meets too: it
   * sends the same request again (a batch with the same key), after a
   * short, jittered pause. Counted apart from errors. */
  if (body == NULL && r->attempt < 4 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      b->retried[r->route]++;
      if (b->retried[r->route] <= 3)
        g_printerr ("retrying: %s (annotator %u): %s\n", route_names[r->route], a->index, error->message);
      b->in_flight++;   /* still on its way, for the loop's count */
      g_timeout_add (g_random_int_range (20, 200), send_again_pending, r);
      return;
    }

  g_array_append_val (b->latency[r->route], took);

  if (body == NULL)
    count_error (r, error->message);
  else if (status != 200)
    {
      g_autofree char *why = g_strdup_printf ("HTTP %u: %.*s", status, (int)MIN (g_bytes_get_size (body), 200),
                                              (const char *)g_bytes_get_data (body, NULL));
      count_error (r, why);
    }
  else if ((answer = parse_object (body, &root)) == NULL)
    count_error (r, "the answer is not a JSON object");
  else
    switch (r->route)
      {
      case ROUTE_IDLE:
        break;
      case ROUTE_CLAIMS:
        handle_claims (r, answer);
        break;
      case ROUTE_BATCHES:
      case ROUTE_REPLAYS:
        handle_batch (r, answer, body);
        break;
      case ROUTE_CHANGES:
        if (json_object_has_member (answer, "cursor"))
          {
            g_free (a->cursor);
            a->cursor = g_strdup (json_object_get_string_member (answer, "cursor"));
          }
        break;
      default:
        g_assert_not_reached ();
      }

  request_free (r);

  /* From the main loop, not from inside the answer's callback: by then
   * libsoup has put the connection back in its pool, so the next request
   * reuses it (as the app's next request, after a store job, does)
   * instead of opening another. */
  if (think_ms > 0)
    g_timeout_add (think_ms, next_after_think, a);
  else
    g_idle_add (next_after_think, a);
}

static void
send_attempt (Request *r)
{
  Bench *b = r->a->bench;
  SoupMessageHeaders *headers;

  g_clear_object (&r->msg);
  r->msg = soup_message_new (r->method, r->uri);
  soup_message_add_flags (r->msg, SOUP_MESSAGE_COLLECT_METRICS);
  /* libsoup never sends a POST on a connection it kept alive (the server
   * may have closed it meanwhile, and a POST is not safe to send twice)
   * unless told it is idempotent. A batch with its key and a claim are. */
  if (reuse_posts)
    soup_message_add_flags (r->msg, SOUP_MESSAGE_IDEMPOTENT);
  headers = soup_message_get_request_headers (r->msg);
  soup_message_headers_replace (headers, "Authorization", r->a->auth);
  if (r->key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", r->key);
  if (r->body != NULL)
    soup_message_set_request_body_from_bytes (r->msg, "application/json", r->body);

  r->attempt++;
  b->in_flight++;
  soup_session_send_and_read_async (r->a->session, r->msg, G_PRIORITY_DEFAULT, NULL, answered_cb, r);
}

static gboolean
send_again_pending (gpointer data)
{
  Request *r = data;

  r->a->bench->in_flight--;
  send_attempt (r);
  return G_SOURCE_REMOVE;
}

static Request *
send_request (Annotator  *a,
              Route       route,
              const char *method,
              const char *path,
              GBytes     *body,
              const char *key)
{
  Request *r = g_new0 (Request, 1);

  r->a = a;
  r->route = route;
  r->method = g_strdup (method);
  r->uri = g_strconcat (a->url, path, NULL);
  r->key = g_strdup (key);
  r->body = body != NULL ? g_bytes_ref (body) : NULL;
  r->start = g_get_monotonic_time ();
  send_attempt (r);

  return r;
}

/* One batch: the events of working on a task, then its annotation (a span
 * over the task's first word, with its text, as the server checks). */
static void
send_batch (Annotator *a)
{
  Bench *b = a->bench;
  const char *task_id = g_ptr_array_index (a->task_ids, a->next_task);
  const char *text = g_ptr_array_index (a->task_texts, a->next_task);
  g_autofree char *session = g_uuid_string_random ();
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *region = g_uuid_string_random ();
  g_autoptr(GString) s = g_string_new ("{\"items\":[");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GPtrArray) event_ids = g_ptr_array_new_with_free_func (g_free);
  gint64 now = g_get_real_time ();
  const char *space = strchr (text, ' ');
  int word = space != NULL ? (int)(space - text) : (int)strlen (text);
  Request *r;
  char *annotation_id;

  for (int i = 0; i < n_events; i++)
    {
      char *id = g_uuid_string_random ();

      g_string_append_printf (s, "{\"kind\":\"event\",\"id\":\"%s\",\"session_id\":\"%s\","
                              "\"project_id\":\"%s\",\"task_id\":\"%s\",\"type\":\"region_created\","
                              "\"wall_us\":%" G_GINT64_FORMAT ",\"mono_us\":%d,"
                              "\"payload\":{\"n\":%d,\"label\":\"%s\"}},",
                              id, session, b->project_id, task_id, now + i, i * 1000, i, b->label_id);
      g_ptr_array_add (event_ids, id);
    }
  annotation_id = g_uuid_string_random ();
  g_string_append_printf (s, "{\"kind\":\"annotation\",\"id\":\"%s\",\"task_id\":\"%s\",\"revision\":1,"
                          "\"confidence\":0.75,\"active_ms\":41000,\"wall_ms\":65000,"
                          "\"created_us\":%" G_GINT64_FORMAT ",\"submitted_us\":%" G_GINT64_FORMAT ","
                          "\"regions\":[{\"id\":\"%s\",\"kind\":\"span\",\"label\":\"%s\","
                          "\"start\":0,\"end\":%d,\"text\":\"%.*s\"}]}]}",
                          annotation_id, task_id, now, now, region, b->label_id, word, word, text);
  body = g_string_free_to_bytes (g_steal_pointer (&s));

  r = send_request (a, ROUTE_BATCHES, "POST", "/api/v1/batches", body, key);
  r->event_ids = g_steal_pointer (&event_ids);
  r->annotation_id = annotation_id;
}

/* The annotator's next step, after each answer. */
static void
annotator_next (Annotator *a)
{
  Bench *b = a->bench;

  if (a->done)
    return;

  while (!a->done)
    {
      g_autofree char *path = NULL;

      if (g_get_monotonic_time () >= b->stop_at)
        {
          b->stopped_by_time = TRUE;
          break;
        }

      switch (a->step)
        {
        case STEP_CLAIM:
          if (a->round >= (guint)n_rounds)
            {
              a->done = TRUE;
              continue;
            }
          a->round++;
          path = g_strdup_printf ("/api/v1/projects/%s/claims", b->project_id);
          {
            g_autofree char *text = g_strdup_printf ("{\"count\":%d}", n_tasks);
            gsize len = strlen (text);
            g_autoptr(GBytes) body = g_bytes_new_take (g_steal_pointer (&text), len);

            send_request (a, ROUTE_CLAIMS, "POST", path, body, NULL);
          }
          a->step = STEP_BATCH;
          return;

        case STEP_BATCH:
          if (a->next_task >= a->task_ids->len)
            {
              a->step = STEP_CLAIM;
              continue;
            }
          send_batch (a);
          a->next_task++;
          a->batches++;
          a->step = STEP_PULL;
          return;

        case STEP_PULL:
          /* As a sync run ends: what the server has for this person. */
          path = g_strdup_printf ("/api/v1/changes?since=%s&limit=500", a->cursor ? a->cursor : "0");
          send_request (a, ROUTE_CHANGES, "GET", path, NULL, NULL);
          a->step = replay_every > 0 && a->batches % replay_every == 0 ? STEP_REPLAY : STEP_BATCH;
          return;

        case STEP_REPLAY:
          /* The answer to the last batch was lost: the same key again. */
          a->step = STEP_BATCH;
          if (a->last_key == NULL)
            continue;
          send_request (a, ROUTE_REPLAYS, "POST", "/api/v1/batches", a->last_body, a->last_key);
          return;

        default:
          g_assert_not_reached ();
        }
    }

  a->done = TRUE;
  b->running--;
  if (b->running == 0)
    g_main_loop_quit (b->loop);
}


/* Figures */

static GBytes *
get_sync (Bench      *b,
          const char *path,
          const char *auth,
          guint      *status)
{
  g_autofree char *uri = g_strconcat (b->server_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(GError) error = NULL;
  GBytes *body;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
  body = soup_session_send_and_read (b->session, msg, NULL, &error);
  if (body == NULL)
    g_error ("GET %s: %s", path, error->message);
  *status = soup_message_get_status (msg);

  return body;
}

/* The floor: one client, one request at a time, nothing else running. */
static void
idle_round_trips (Bench      *b,
                  const char *auth,
                  guint       n)
{
  for (guint i = 0; i < n + 20; i++)
    {
      gint64 start = g_get_monotonic_time (), took;
      guint status;
      g_autoptr(GBytes) body = get_sync (b, "/api/v1/me", auth, &status);

      took = g_get_monotonic_time () - start;
      if (status != 200)
        g_error ("GET /api/v1/me: HTTP %u", status);
      if (i >= 20)   /* the first ones warm the connection up */
        g_array_append_val (b->latency[ROUTE_IDLE], took);
    }
}

static char *
fetch_label (Bench      *b,
             const char *auth)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s", b->project_id);
  g_autoptr(JsonNode) root = NULL;
  guint status;
  g_autoptr(GBytes) body = get_sync (b, path, auth, &status);
  JsonObject *project = status == 200 ? parse_object (body, &root) : NULL;
  JsonArray *labels = project != NULL ? json_object_get_array_member (project, "labels") : NULL;

  if (labels == NULL || json_array_get_length (labels) == 0)
    g_error ("GET %s: HTTP %u, no labels", path, status);

  return g_strdup (json_object_get_string_member (json_array_get_object_element (labels, 0), "id"));
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
bench_free (Bench *b)
{
  for (guint i = 0; i < b->annotators->len; i++)
    {
      Annotator *a = g_ptr_array_index (b->annotators, i);

      g_free (a->auth);
      g_clear_object (&a->session);
      g_ptr_array_unref (a->task_ids);
      g_ptr_array_unref (a->task_texts);
      g_free (a->cursor);
      g_free (a->last_key);
      g_clear_pointer (&a->last_body, g_bytes_unref);
      g_free (a->last_answer);
      g_free (a);
    }
  g_ptr_array_unref (b->annotators);
  for (Route r = 0; r < N_ROUTES; r++)
    g_array_unref (b->latency[r]);
  g_hash_table_unref (b->sent_events);
  g_hash_table_unref (b->sent_annotations);
  g_array_unref (b->connects);
  g_clear_pointer (&b->loop, g_main_loop_unref);
  g_clear_object (&b->session);
  g_clear_pointer (&b->servers, g_ptr_array_unref);
  g_clear_pointer (&b->server_urls, g_ptr_array_unref);
  g_clear_pointer (&b->leased, g_hash_table_unref);
  rm_rf (b->data_dir);
  g_free (b->data_dir);
  g_free (b->server_url);
  g_free (b->project_id);
  g_free (b->label_id);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— load on limn-server from simulated annotators");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GPtrArray) threads_before = g_ptr_array_new_with_free_func ((GDestroyNotify)g_hash_table_unref);
  g_autoptr(GPtrArray) threads_after = g_ptr_array_new_with_free_func ((GDestroyNotify)g_hash_table_unref);
  g_autoptr(GString) by_thread = g_string_new (NULL);
  g_autoptr(GString) route_lines = g_string_new (NULL);
  Bench bench = { 0 }, *b = &bench;
  const char *pid = NULL;
  gint64 start, server_ticks = 0, machine_before;
  double wall, self_before, self_cores, server_cores, machine_cores, idle_p50, idle_p99, fsync, writes_per_s;
  double clk = sysconf (_SC_CLK_TCK);
  int cores = sysconf (_SC_NPROCESSORS_ONLN);
  guint requests = 0, errors = 0, retried = 0, items, doubled = 0, doubled_stored;
  BenchTally ev, an;
  BenchStore *store;
  GHashTableIter iter;
  gpointer key, value;
  int exit_status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (n_annotators < 1 || n_rounds < 1 || n_tasks < 1 || n_tasks > 200 || n_events < 0 ||
      n_events > 4999 || max_seconds < 1 || think_ms < 0 || replay_every < 0 || ramp_ms < 0 ||
      n_instances < 1 || n_instances > 16 || (n_instances > 1 && database == NULL))
    {
      g_printerr ("bench-load: an option is out of range\n");
      return 2;
    }

  for (Route r = 0; r < N_ROUTES; r++)
    b->latency[r] = g_array_new (FALSE, FALSE, sizeof (gint64));
  b->sent_events = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  b->sent_annotations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  b->annotators = g_ptr_array_new ();
  b->connects = g_array_new (FALSE, FALSE, sizeof (gint64));
  b->leased = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  b->data_dir = g_dir_make_tmp ("limn-bench-load-XXXXXX", &error);
  g_assert_no_error (error);

  setup_project (b);
  tokens = issue_tokens (b);
  start_server (b);

  /* The set-up and the idle round trips: one client of its own. */
  b->session = soup_session_new_with_options ("timeout", 60, NULL);
  for (int i = 0; i < n_annotators; i++)
    {
      Annotator *a = g_new0 (Annotator, 1);

      a->bench = b;
      a->index = i;
      a->auth = g_strconcat ("Bearer ", (char *)g_ptr_array_index (tokens, i), NULL);
      a->url = g_ptr_array_index (b->server_urls, i % n_instances);
      a->session = soup_session_new_with_options ("timeout", 60, NULL);
      a->task_ids = g_ptr_array_new_with_free_func (g_free);
      a->task_texts = g_ptr_array_new_with_free_func (g_free);
      a->step = STEP_CLAIM;
      g_ptr_array_add (b->annotators, a);
    }

  b->label_id = fetch_label (b, ((Annotator *)g_ptr_array_index (b->annotators, 0))->auth);
  idle_round_trips (b, ((Annotator *)g_ptr_array_index (b->annotators, 0))->auth, 300);
  fsync = bench_fsync_ms (b->data_dir);

  g_print ("bench-load: %d annotators, each %d claims of %d tasks; per task a batch of %d events "
           "+ 1 annotation and a pull; every %d. batch sent twice (same key); think %d ms; ramp %d ms; "
           "POSTs %s; %d cores; %d instance%s on %s\n",
           n_annotators, n_rounds, n_tasks, n_events, replay_every, think_ms, ramp_ms,
           reuse_posts ? "on kept-alive connections" : "each on a new connection (as the app)", cores,
           n_instances, n_instances > 1 ? "s" : "", database != NULL ? "PostgreSQL" : "SQLite");

  /* The load. */
  b->loop = g_main_loop_new (NULL, FALSE);
  b->running = n_annotators;
  for (guint i = 0; i < b->servers->len; i++)
    g_ptr_array_add (threads_before,
                     bench_sample_threads (g_subprocess_get_identifier (g_ptr_array_index (b->servers, i))));
  self_before = bench_self_cpu_s ();
  machine_before = bench_machine_busy_ticks ();
  start = g_get_monotonic_time ();
  b->stop_at = start + (gint64)max_seconds * G_USEC_PER_SEC;
  for (guint i = 0; i < b->annotators->len; i++)
    g_timeout_add (ramp_ms * i / n_annotators, start_annotator, g_ptr_array_index (b->annotators, i));
  g_main_loop_run (b->loop);
  while (b->in_flight > 0)
    g_main_context_iteration (NULL, TRUE);
  wall = (g_get_monotonic_time () - start) / 1e6;
  self_cores = (bench_self_cpu_s () - self_before) / wall;
  machine_cores = (bench_machine_busy_ticks () - machine_before) / clk / wall;
  for (guint i = 0; i < b->servers->len; i++)
    g_ptr_array_add (threads_after,
                     bench_sample_threads (g_subprocess_get_identifier (g_ptr_array_index (b->servers, i))));

  /* Where the servers' CPU went (all instances). */
  for (guint s = 0; s < b->servers->len; s++)
    {
      pid = g_subprocess_get_identifier (g_ptr_array_index (b->servers, s));
      g_hash_table_iter_init (&iter, g_ptr_array_index (threads_after, s));
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          BenchThreadSample *after = value;
          BenchThreadSample *before = g_hash_table_lookup (g_ptr_array_index (threads_before, s), key);
          gint64 ticks = after->ticks - (before != NULL ? before->ticks : 0);
          gint64 waits = after->waits - (before != NULL ? before->waits : 0);
          gint64 preempted = after->preempted - (before != NULL ? before->preempted : 0);

          server_ticks += ticks;
          if (ticks >= clk * wall * 0.02)   /* ≥ 2 % of a core */
            g_string_append_printf (by_thread, "  %-16s %-6s %5.2f cores, %6" G_GINT64_FORMAT " waits/s, %5"
                                    G_GINT64_FORMAT " preempted/s\n",
                                    after->name, g_str_equal (key, pid) ? "(main)" : "",
                                    ticks / clk / wall, (gint64)(waits / wall), (gint64)(preempted / wall));
        }
    }
  server_cores = server_ticks / clk / wall;

  g_array_sort (b->latency[ROUTE_IDLE], bench_compare_gint64);
  idle_p50 = bench_percentile_ms (b->latency[ROUTE_IDLE], 0.50);
  idle_p99 = bench_percentile_ms (b->latency[ROUTE_IDLE], 0.99);

  g_print ("\n%-24s %8s %8s %8s %8s %8s %9s %9s %6s %7s\n", "route", "requests", "req/s", "p50 ms",
           "p99 ms", "max ms", "p50/idle", "p99/idle", "errors", "retried");
  for (Route r = 0; r < N_ROUTES; r++)
    {
      GArray *l = b->latency[r];

      g_array_sort (l, bench_compare_gint64);
      g_print ("%-24s %8u %8.0f %8.2f %8.2f %8.2f %9.1f %9.1f %6u %7u\n", route_names[r], l->len,
               r == ROUTE_IDLE ? 0 : l->len / wall, bench_percentile_ms (l, 0.50), bench_percentile_ms (l, 0.99),
               bench_percentile_ms (l, 1.0), bench_percentile_ms (l, 0.50) / idle_p50,
               bench_percentile_ms (l, 0.99) / idle_p99, b->errors[r], b->retried[r]);
      g_string_append_printf (route_lines, "route \"%s\" requests=%u rps=%.1f p50_ms=%.2f p99_ms=%.2f "
                              "errors=%u\n", route_names[r], l->len, r == ROUTE_IDLE ? 0 : l->len / wall,
                              bench_percentile_ms (l, 0.50), bench_percentile_ms (l, 0.99), b->errors[r]);
      if (r != ROUTE_IDLE)
        requests += l->len;
      errors += b->errors[r];
      retried += b->retried[r];
    }
  items = g_hash_table_size (b->sent_events) + g_hash_table_size (b->sent_annotations);
  g_print ("%-24s %8u %8.0f   (%.0f items stored/s; %.1f s%s)\n", "all, under load", requests,
           requests / wall, items / wall, wall, b->stopped_by_time ? ", cut by --max-seconds" : "");
  g_print ("%s", route_lines->str);   /* machine-readable, for bench-instances */
  {
    guint slow = 0;

    g_array_sort (b->connects, bench_compare_gint64);
    for (guint i = 0; i < b->connects->len; i++)
      slow += g_array_index (b->connects, gint64, i) >= 900000;
    g_print ("connections opened: %u (p50 %.2f ms, max %.0f ms to connect; %u took >= 0.9 s, "
             "a SYN the server's accept queue dropped)\n", b->connects->len,
             bench_percentile_ms (b->connects, 0.5), bench_percentile_ms (b->connects, 1.0), slow);
  }

  g_print ("\nserver CPU: %.2f cores of %d; by thread (>= 2 %% of a core):\n%s"
           "load generator CPU: %.2f cores; the whole machine: %.2f cores busy (others: %.2f)\n",
           server_cores, cores, by_thread->str, self_cores, machine_cores,
           MAX (0, machine_cores - server_cores - self_cores));

  /* Claims and batches each commit a write transaction, one at a time
   * (one write lock); each commit costs at least one fdatasync. */
  writes_per_s = (b->latency[ROUTE_CLAIMS]->len + b->latency[ROUTE_BATCHES]->len) / wall;
  g_print ("disk: 4 KiB write + fdatasync %.2f ms (median, same folder, before the load); "
           "write transactions %.0f/s -> %.0f %% of the time in fdatasync alone, one writer at a time\n",
           fsync, writes_per_s, 100 * writes_per_s * fsync / 1000);

  /* Stop the server (it finishes what is under way), then count. */
  g_clear_object (&b->session);
  for (guint i = 0; i < b->annotators->len; i++)
    g_clear_object (&((Annotator *)g_ptr_array_index (b->annotators, i))->session);
  for (guint i = 0; i < b->servers->len; i++)
    g_subprocess_send_signal (g_ptr_array_index (b->servers, i), SIGTERM);
  for (guint i = 0; i < b->servers->len; i++)
    {
      GSubprocess *server = g_ptr_array_index (b->servers, i);

      g_subprocess_wait (server, NULL, NULL);
      if (!g_subprocess_get_if_exited (server) || g_subprocess_get_exit_status (server) != 0)
        {
          g_printerr ("bench-load: limn-server did not exit cleanly\n");
          errors++;
        }
    }

  store = bench_store_open (b->data_dir, database);
  ev = bench_store_count (store, "SELECT id FROM events WHERE project_id = $1", b->project_id,
                          b->sent_events);
  an = bench_store_count (store, "SELECT id FROM annotations WHERE project_id = $1", b->project_id,
                          b->sent_annotations);
  doubled_stored = bench_store_rows (store, "SELECT task_id FROM assignments WHERE project_id = $1 "
                                     "GROUP BY task_id HAVING count (*) > 1", b->project_id);
  bench_store_close (store);
  g_hash_table_iter_init (&iter, b->leased);
  while (g_hash_table_iter_next (&iter, &key, &value))
    doubled += GPOINTER_TO_UINT (value) > 1;
  g_print ("\nexactly once, counted on the server's database: events %u sent, %u stored "
           "(%u lost, %u duplicated, %u unexpected); annotations %u sent, %u stored "
           "(%u lost, %u duplicated, %u unexpected)\n",
           ev.sent, ev.stored, ev.lost, ev.duplicated, ev.unexpected,
           an.sent, an.stored, an.lost, an.duplicated, an.unexpected);
  g_print ("no double assignment: %u tasks leased, %u leased twice in the claims' answers, "
           "%u with two assignments in the store\n", g_hash_table_size (b->leased), doubled,
           doubled_stored);

  exit_status = errors == 0 && items > 0 &&
                ev.lost + an.lost + ev.duplicated + an.duplicated + ev.unexpected + an.unexpected +
                doubled + doubled_stored == 0
                ? 0 : 1;
  g_print ("result instances=%d doubled=%u annotators=%d requests=%u errors=%u retried=%u items=%u lost=%u duplicated=%u unexpected=%u "
           "seconds=%.1f cut=%d server_cores=%.2f machine_cores=%.2f idle_p50_ms=%.3f claims_p99_ms=%.2f batches_p99_ms=%.2f\n",
           n_instances, doubled + doubled_stored, n_annotators, requests, errors, retried, items, ev.lost + an.lost, ev.duplicated + an.duplicated,
           ev.unexpected + an.unexpected, wall, b->stopped_by_time, server_cores, machine_cores, idle_p50,
           bench_percentile_ms (b->latency[ROUTE_CLAIMS], 0.99), bench_percentile_ms (b->latency[ROUTE_BATCHES], 0.99));

  bench_free (b);
  return exit_status;
}
