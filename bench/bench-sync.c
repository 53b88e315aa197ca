/* bench-sync.c
 *
 * Push throughput of events end to end over loopback: N events already in
 * the client's outbox (queued by the writer thread as the app would), then
 * one sync run that drains it through the real limn-server into the
 * server's store. Against a baseline measured in the same run: the same
 * events inserted into a SQLite file shaped like the server's events table
 * (WAL, synchronous=FULL, prepared statement, one transaction per batch).
 * Design §11: ≥ 50,000 events/s, and within 3× of the raw inserts.
 *
 *   build/bench/bench-sync [--events N] [--batch-size B] [--in-flight N] [--runs R]
 *
 * The server binary is $LIMN_SERVER_BINARY, else the one built beside it.
 * To profile the timed push only (both processes):
 *
 *   mkfifo ctl; perf record -g -D -1 --control fifo:ctl -- \
 *     env LIMN_BENCH_PERF_CONTROL=ctl build/bench/bench-sync --runs 1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "model/limn-id.h"
#include "store/limn-store-worker.h"
#include "sync/limn-sync-client.h"

static int n_events = 200000;
static int batch_size = 5000;
static int n_runs = 3;
static int in_flight = 3;

static const GOptionEntry entries[] = {
  { "events", 0, 0, G_OPTION_ARG_INT, &n_events, "Events to push (200000)", "N" },
  { "batch-size", 0, 0, G_OPTION_ARG_INT, &batch_size, "Items per batch, ≤ 5000 (5000)", "B" },
  { "runs", 0, 0, G_OPTION_ARG_INT, &n_runs, "Repetitions; the median is reported (3)", "R" },
  { "in-flight", 0, 0, G_OPTION_ARG_INT, &in_flight, "Batches on their way at once (3)", "N" },
  { NULL }
};

static const char *
server_binary (void)
{
  const char *env = g_getenv ("LIMN_SERVER_BINARY");

  return env != NULL && env[0] != '\0' ? env : LIMN_SERVER_BINARY_PATH;
}

static char *
admin (const char *data_dir,
       ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, (char *)server_binary ());
  g_ptr_array_add (argv, "admin");
  g_ptr_array_add (argv, "--data");
  g_ptr_array_add (argv, (char *)data_dir);
  va_start (args, data_dir);
  for (const char *a = va_arg (args, const char *); a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *)a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, NULL))
    g_error ("limn-server admin failed: %s", error ? error->message : err);

  return out;
}

static char *
kv (const char *output,
    const char *key)
{
  g_autofree char *prefix = g_strconcat (key, "=", NULL);
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return g_strdup (lines[i] + strlen (prefix));

  g_error ("no %s in “%s”", key, output);
  return NULL;
}

static char *
rm_rf_and_free (char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        rm_rf_and_free (g_steal_pointer (&child));
      else
        g_unlink (child);
    }
  g_rmdir (path);
  g_free (path);

  return NULL;
}

typedef struct
{
  char        *data_dir;
  char        *project_id;
  char        *token;
  char        *url;
  GSubprocess *process;
} Server;

static void
server_start (Server *s)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *texts = NULL;
  g_autofree char *out = NULL;
  g_autofree char *line = NULL;

  s->data_dir = g_dir_make_tmp ("limn-bench-server-XXXXXX", &error);
  g_assert_no_error (error);
  labels = g_build_filename (s->data_dir, "labels.txt", NULL);
  texts = g_build_filename (s->data_dir, "tasks.jsonl", NULL);
  g_file_set_contents (labels, "Person\nCar\n", -1, NULL);
  g_file_set_contents (texts, "{\"text\": \"A short text for the benchmark's events.\"}\n", -1, NULL);

  out = admin (s->data_dir, "project", "create", "--name", "Bench", "--labels", labels, "--kind", "text", NULL);
  s->project_id = kv (out, "project_id");
  g_free (admin (s->data_dir, "task", "add", "--project", s->project_id, "--texts", texts, NULL));
  g_free (admin (s->data_dir, "user", "add", "--name", "bench", NULL));
  g_free (out);
  out = admin (s->data_dir, "token", "issue", "--user", "bench", "--project", s->project_id,
               "--role", "annotator", NULL);
  s->token = kv (out, "token");

  s->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, server_binary (),
                                 "--data", s->data_dir, "--listen", "127.0.0.1:0", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (s->process));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  if (line == NULL || !g_str_has_prefix (line, "listening on "))
    g_error ("limn-server did not start");
  s->url = g_strdup (line + strlen ("listening on "));
}

static void
server_stop (Server *s)
{
  g_subprocess_send_signal (s->process, SIGTERM);
  g_subprocess_wait (s->process, NULL, NULL);
  g_clear_object (&s->process);
  s->data_dir = rm_rf_and_free (s->data_dir);
  g_free (s->project_id);
  g_free (s->token);
  g_free (s->url);
}

/* perf record --control fifo:PATH: sample the timed part only. */
static void
perf_control (const char *command)
{
  const char *path = g_getenv ("LIMN_BENCH_PERF_CONTROL");
  FILE *fifo;

  if (path == NULL || path[0] == '\0')
    return;

  fifo = fopen (path, "w");
  if (fifo == NULL)
    {
      g_warning ("Could not open %s", path);
      return;
    }
  fprintf (fifo, "%s\n", command);
  fclose (fifo);
}

/* CPU time (user + system, µs) of this process, all threads: the client's
 * main loop and its store's writer thread. */
static gint64
self_cpu_us (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * G_USEC_PER_SEC +
         ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
}

/* CPU time (µs) of the server process, from /proc/PID/stat. */
static gint64
server_cpu_us (Server *s)
{
  const char *pid = g_subprocess_get_identifier (s->process);
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid ? pid : "0");
  g_autofree char *stat = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (!g_file_get_contents (path, &stat, NULL, NULL) ||
      (after_name = strrchr (stat, ')')) == NULL)
    return 0;

  /* Fields after "(comm)": state is 3rd, utime 14th, stime 15th. */
  fields = g_strsplit (after_name + 2, " ", -1);
  if (g_strv_length (fields) < 13)
    return 0;

  return (g_ascii_strtoll (fields[11], NULL, 10) + g_ascii_strtoll (fields[12], NULL, 10)) *
         G_USEC_PER_SEC / sysconf (_SC_CLK_TCK);
}

/* Bytes a process has caused to be written to storage (/proc/PID/io),
 * what the disk must take whatever the CPU does. */
static gint64
write_bytes (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/io", pid);
  g_autofree char *io = NULL;
  const char *p;

  if (!g_file_get_contents (path, &io, NULL, NULL) ||
      (p = strstr (io, "\nwrite_bytes: ")) == NULL)
    return 0;

  return g_ascii_strtoll (p + strlen ("\nwrite_bytes: "), NULL, 10);
}

static gint64
server_events (Server *s)
{
  g_autofree char *status = admin (s->data_dir, "status", "--project", s->project_id, NULL);
  const char *p = strstr (status, " events=");

  return p != NULL ? g_ascii_strtoll (p + 8, NULL, 10) : -1;
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  *(GAsyncResult **)data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* The events: what an annotator's session logs, with a task and payloads
 * of ordinary size. */
static GPtrArray *
make_events (const char *project_id,
             const char *task_id,
             guint       n)
{
  GPtrArray *events = g_ptr_array_new_full (n, (GDestroyNotify)limn_event_free);
  g_autofree char *session = g_uuid_string_random ();
  static const char * const types[] = {
    LIMN_EVENT_REGION_CREATED, LIMN_EVENT_REGION_MOVED, LIMN_EVENT_LABEL_CHANGED, LIMN_EVENT_CONFIDENCE_SET,
  };
  gint64 wall = g_get_real_time ();

  for (guint i = 0; i < n; i++)
    {
      LimnEvent *e = limn_event_new (types[i % G_N_ELEMENTS (types)]);

      e->session_id = g_strdup (session);
      e->annotator = g_strdup ("bench");
      e->project_id = g_strdup (project_id);
      e->task_id = g_strdup (task_id);
      e->wall_us = wall + i * 1000;
      e->mono_us = i * 1000;
      g_free (e->payload);
      e->payload = g_strdup_printf ("{\"region\":{\"id\":\"%08x-0000-4000-8000-000000000000\",\"kind\":\"span\","
                                    "\"label\":\"person\",\"start\":%u,\"end\":%u}}", i, i % 40, i % 40 + 3);
      g_ptr_array_add (events, e);
    }

  return events;
}

/* The baseline: the same rows into a table shaped like the server's. */
static double
raw_insert_rate (GPtrArray *events)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("limn-bench-raw-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "raw.db", NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 start, end;

  g_assert_no_error (error);
  sqlite3_open (path, &db);
  sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                    "CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
                    "  user_id TEXT NOT NULL, project_id TEXT NOT NULL, task_id TEXT,"
                    "  session_id TEXT NOT NULL, type TEXT NOT NULL, wall_us INTEGER NOT NULL,"
                    "  mono_us INTEGER NOT NULL, payload TEXT NOT NULL DEFAULT '{}',"
                    "  received_us INTEGER NOT NULL);"
                    "CREATE INDEX events_by_project ON events (project_id, seq);", NULL, NULL, NULL);
  sqlite3_prepare_v2 (db, "INSERT INTO events (id, user_id, project_id, task_id, session_id, type, wall_us,"
                          " mono_us, payload, received_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      -1, &stmt, NULL);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < events->len; i++)
    {
      LimnEvent *e = g_ptr_array_index (events, i);

      if (i % batch_size == 0)
        sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);

      sqlite3_bind_text (stmt, 1, e->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, "bench-user", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, e->project_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, e->task_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, e->session_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, e->type, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 7, e->wall_us);
      sqlite3_bind_int64 (stmt, 8, e->mono_us);
      sqlite3_bind_text (stmt, 9, e->payload, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 10, g_get_real_time ());
      if (sqlite3_step (stmt) != SQLITE_DONE)
        g_error ("raw insert: %s", sqlite3_errmsg (db));
      sqlite3_reset (stmt);

      if (i % batch_size == (guint)batch_size - 1 || i + 1 == events->len)
        sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
    }
  end = g_get_monotonic_time ();

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  dir = rm_rf_and_free (g_steal_pointer (&dir));

  return events->len / ((end - start) / 1e6);
}

typedef struct
{
  double queue_s;   /* events through the writer into the outbox */
  double push_s;    /* outbox → server store, one sync run */
  double client_cpu_s;
  double server_cpu_s;
  gint64 client_written;
  gint64 server_written;
} Timing;

static Timing
push_once (GPtrArray *events)
{
  Server server = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LimnStoreWorker) worker = NULL;
  g_autoptr(LimnSyncClient) client = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autofree char *dir = g_dir_make_tmp ("limn-bench-client-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "limn.db", NULL);
  g_autoptr(GPtrArray) mine = NULL;
  Timing t;
  gint64 start, client_cpu, server_cpu;

  server_start (&server);
  worker = limn_store_worker_open_sync (db, &error);
  g_assert_no_error (error);
  client = limn_sync_client_new (worker, dir);
  g_object_set (client, "batch-size", batch_size, "max-in-flight", in_flight, "timeout", 120, NULL);
  if (!limn_sync_client_set_server (client, server.url, server.token, 0, &error))
    g_error ("%s", error->message);

  limn_sync_client_claim_async (client, server.project_id, 1, NULL, done_cb, &result);
  tasks = limn_sync_client_claim_finish (client, wait_for (&result), NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  /* Queue them as the app does: the writer batches them, outbox rows and all. */
  mine = make_events (server.project_id, g_ptr_array_index (tasks, 0), 0);
  for (guint i = 0; i < events->len; i++)
    {
      LimnEvent *e = limn_event_copy (g_ptr_array_index (events, i));

      g_free (e->project_id);
      e->project_id = g_strdup (server.project_id);
      g_free (e->task_id);
      e->task_id = g_strdup (g_ptr_array_index (tasks, 0));
      g_free (e->id);
      e->id = limn_id_new_time_ordered ();   /* a fresh id, as limn_event_new() makes */
      g_ptr_array_add (mine, e);
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < mine->len; i++)
    limn_store_worker_append_event (worker, limn_event_copy (g_ptr_array_index (mine, i)));
  limn_store_worker_flush_async (worker, NULL, done_cb, &result);
  if (!limn_store_worker_flush_finish (worker, wait_for (&result), &error))
    g_error ("%s", error->message);
  g_clear_object (&result);
  t.queue_s = (g_get_monotonic_time () - start) / 1e6;

  /* The measured part: outbox → limn-server → server store. */
  perf_control ("enable");
  client_cpu = self_cpu_us ();
  server_cpu = server_cpu_us (&server);
  t.client_written = -write_bytes ("self");
  t.server_written = -write_bytes (g_subprocess_get_identifier (server.process));
  start = g_get_monotonic_time ();
  limn_sync_client_sync_async (client, NULL, done_cb, &result);
  if (!limn_sync_client_sync_finish (client, wait_for (&result), &error))
    g_error ("sync: %s", error->message);
  t.push_s = (g_get_monotonic_time () - start) / 1e6;
  t.client_cpu_s = (self_cpu_us () - client_cpu) / 1e6;
  t.server_cpu_s = (server_cpu_us (&server) - server_cpu) / 1e6;
  t.client_written += write_bytes ("self");
  t.server_written += write_bytes (g_subprocess_get_identifier (server.process));
  perf_control ("disable");
  g_clear_object (&result);

  if (limn_sync_client_get_n_pending (client) != 0 || server_events (&server) != (gint64)events->len)
    g_error ("not everything arrived: %" G_GINT64_FORMAT " pending, %" G_GINT64_FORMAT " at the server",
             limn_sync_client_get_n_pending (client), server_events (&server));

  g_clear_object (&client);
  limn_store_worker_close (worker, NULL);
  g_clear_object (&worker);
  server_stop (&server);
  dir = rm_rf_and_free (g_steal_pointer (&dir));

  return t;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), (int (*)(const void *, const void *))compare_doubles);
  return values[n / 2];
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree double *push = NULL;
  g_autofree double *queue = NULL;
  g_autofree double *raw = NULL;
  double push_rate, raw_rate, queue_rate;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  batch_size = CLAMP (batch_size, 1, 5000);
  n_runs = MAX (n_runs, 1);
  g_setenv ("LIMN_CREDENTIALS", "file", TRUE);

  events = make_events ("00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002",
                        n_events);
  push = g_new0 (double, n_runs);
  queue = g_new0 (double, n_runs);
  raw = g_new0 (double, n_runs);

  in_flight = CLAMP (in_flight, 1, 8);
  {
    g_autofree char *load = NULL;

    g_file_get_contents ("/proc/loadavg", &load, NULL, NULL);
    printf ("bench-sync: %d events, batches of %d, %d in flight, %d runs (median); %u cores, load %s",
            n_events, batch_size, in_flight, n_runs, g_get_num_processors (), load ? load : "?\n");
  }
  for (int r = 0; r < n_runs; r++)
    {
      Timing t = push_once (events);

      raw[r] = raw_insert_rate (events);
      push[r] = events->len / t.push_s;
      queue[r] = events->len / t.queue_s;
      printf ("  run %d: push %.0f events/s (%.2f s), raw inserts %.0f events/s, queue %.0f events/s\n"
              "         per event: CPU client %.1f µs, server %.1f µs; written client %.0f B, "
              "server %.0f B\n",
              r + 1, push[r], t.push_s, raw[r], queue[r],
              t.client_cpu_s * 1e6 / events->len, t.server_cpu_s * 1e6 / events->len,
              (double)t.client_written / events->len, (double)t.server_written / events->len);
    }

  push_rate = median (push, n_runs);
  raw_rate = median (raw, n_runs);
  queue_rate = median (queue, n_runs);

  printf ("\n");
  printf ("push, client outbox → limn-server → server store: %8.0f events/s  (target ≥ 50,000: %s)\n",
          push_rate, push_rate >= 50000 ? "met" : "MISSED");
  printf ("raw batched SQLite inserts of the same events:   %8.0f events/s\n", raw_rate);
  printf ("ratio raw / push:                                 %8.2f×      (target ≤ 3×: %s)\n",
          raw_rate / push_rate, raw_rate / push_rate <= 3 ? "met" : "MISSED");
  printf ("(queuing through the writer into the outbox:      %8.0f events/s, not part of the push)\n",
          queue_rate);

  return 0;
}
