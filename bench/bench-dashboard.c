/* bench-dashboard.c
 *
 * The personal dashboard's load (store/limn-store-dashboard.h) on a client
 * database with 1,000,000 events and the history behind them: 20,000
 * tasks over 26 weeks, each submitted by the annotator (10 % reworked
 * once), 3 boxes each, 10 % gold, 30 % reviewed, threads, notes and team
 * figures. Timed as the Progress page gets it: a job on the store's
 * writer thread (its own connection), computation included. Against, in
 * the same run, a plain read of the same rows (the revisions, their
 * regions, the gold answers and the verdicts: every column the load reads,
 * no computation) and, for scale, one scan of the event log, which the
 * load never touches. No drawing is measured (no GSK renderer involved).
 *
 * Issue 19: the dashboard opens in ≤ 200 ms over 1,000,000 events.
 *
 *   build/bench/bench-dashboard [RUNS]
 *
 * The database is built once into BENCH_CACHE_DIR (about 20 s) and reused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "store/limn-store-dashboard.h"
#include "store/limn-store-worker.h"
#include "store/limn-store.h"

#define N_EVENTS   1000000
#define N_TASKS    20000
#define N_WEEKS    26
#define N_LABELS   5
#define PROJECT    "11111111-1111-4111-8111-111111111111"
#define DB_VERSION "1"
#define DAY_US     (G_GINT64_CONSTANT (24) * 3600 * G_USEC_PER_SEC)

static const char * const label_names[N_LABELS] = { "car", "person", "bike", "truck", "sign" };

static void
exec (sqlite3    *db,
      const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static sqlite3_stmt *
prepare (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  return stmt;
}

static void
step_done (sqlite3_stmt *stmt)
{
  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("insert: %s", sqlite3_errmsg (sqlite3_db_handle (stmt)));
  sqlite3_reset (stmt);
}

static char *
label_id (guint k)
{
  return g_strdup_printf ("22222222-2222-4222-8222-2222222222%02u", k);
}

/* The history, written as sync and submits leave it. */
static void
build (const char *path,
       gint64      now_us)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnStore) store = limn_store_open (path, &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (19);
  const char *me;
  sqlite3 *db = NULL;
  sqlite3_stmt *task, *ann, *region, *gold, *review, *event;
  gint64 start = g_get_monotonic_time ();

  g_assert_no_error (error);
  me = limn_store_get_local_annotator (store);
  g_assert (sqlite3_open (path, &db) == SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  exec (db, "BEGIN");
  exec (db, "INSERT INTO projects (id, name, kind, server_url, created_us, updated_us) "
            "VALUES ('" PROJECT "', 'Streets', 'image', 'https://limn.example', 0, 0)");
  for (guint k = 0; k < N_LABELS; k++)
    {
      g_autofree char *id = label_id (k);
      g_autofree char *sql = g_strdup_printf ("INSERT INTO labels (id, project_id, position, name, color) "
                                              "VALUES ('%s', '" PROJECT "', %u, '%s', '#3584e4')",
                                              id, k, label_names[k]);
      exec (db, sql);
    }

  task = prepare (db, "INSERT INTO tasks (id, project_id, position, kind, title, width, height, created_us) "
                      "VALUES (?1, '" PROJECT "', ?2, 'image', ?3, 1920, 1080, 0)");
  ann = prepare (db, "INSERT INTO annotations (id, task_id, annotator, revision, state, confidence, active_ms, "
                     "  region_count, created_us, updated_us, submitted_us) "
                     "VALUES (?1, ?2, ?3, ?4, 'submitted', ?5, ?6, 3, ?7, ?7, ?7)");
  region = prepare (db, "INSERT INTO regions (annotation_id, id, position, kind, label_id, x, y, w, h) "
                        "VALUES (?1, ?2, ?3, 'box', ?4, ?5, ?6, 120, 80)");
  gold = prepare (db, "INSERT INTO gold (task_id, regions, received_us) VALUES (?1, ?2, ?3)");
  review = prepare (db, "INSERT INTO reviews (id, task_id, annotation_id, reviewer, verdict, reason_code, comment, "
                        "  created_us, origin) VALUES (?1, ?2, ?3, 'rita', ?4, ?5, ?6, ?7, 'server')");
  event = prepare (db, "INSERT INTO events (id, session_id, annotator, project_id, task_id, type, wall_us, mono_us, "
                       "  payload) VALUES (?1, 's', ?2, '" PROJECT "', ?3, ?4, ?5, ?5, ?6)");

  for (guint t = 0; t < N_TASKS; t++)
    {
      g_autofree char *tid = g_strdup_printf ("33333333-3333-4333-8333-%012u", t);
      g_autofree char *title = g_strdup_printf ("Street %u", t);
      gint64 when = now_us - (gint64) (N_WEEKS * 7 * DAY_US) * (N_TASKS - t) / N_TASKS;
      guint revisions = g_rand_int_range (rand, 0, 10) == 0 ? 2 : 1;
      gboolean is_gold = t % 10 == 0;
      guint labels[3];
      double xs[3];

      sqlite3_bind_text (task, 1, tid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (task, 2, t);
      sqlite3_bind_text (task, 3, title, -1, SQLITE_TRANSIENT);
      step_done (task);

      for (guint i = 0; i < 3; i++)
        {
          labels[i] = g_rand_int_range (rand, 0, N_LABELS);
          xs[i] = 100 + 300 * i;
        }

      if (is_gold)
        {
          g_autoptr(GString) json = g_string_new ("[");

          for (guint i = 0; i < 3; i++)
            {
              g_autofree char *lid = label_id (labels[i]);

              g_string_append_printf (json, "%s{\"id\": \"77777777-7777-4777-8777-7777777777%02u\", \"kind\": \"box\", "
                                      "\"label\": \"%s\", \"box\": [%g, 200, 120, 80]}",
                                      i ? ", " : "", i, lid, xs[i]);
            }
          g_string_append_c (json, ']');
          sqlite3_bind_text (gold, 1, tid, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (gold, 2, json->str, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (gold, 3, when);
          step_done (gold);
        }

      for (guint r = 1; r <= revisions; r++)
        {
          g_autofree char *aid = g_strdup_printf ("44444444-4444-4444-8444-%010u%02u", t, r);
          gint64 at = when + (r - 1) * DAY_US;

          sqlite3_bind_text (ann, 1, aid, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (ann, 2, tid, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (ann, 3, me, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int (ann, 4, r);
          sqlite3_bind_double (ann, 5, 0.5 + g_rand_int_range (rand, 0, 6) * 0.1);
          sqlite3_bind_int64 (ann, 6, g_rand_int_range (rand, 8000, 180000));
          sqlite3_bind_int64 (ann, 7, at);
          step_done (ann);

          for (guint i = 0; i < 3; i++)
            {
              g_autofree char *rid = g_strdup_printf ("r%u", i);
              g_autofree char *lid = NULL;
              /* Four in five regions right. */
              guint label = g_rand_int_range (rand, 0, 5) == 0 ? (labels[i] + 1) % N_LABELS : labels[i];

              lid = label_id (label);
              sqlite3_bind_text (region, 1, aid, -1, SQLITE_TRANSIENT);
              sqlite3_bind_text (region, 2, rid, -1, SQLITE_TRANSIENT);
              sqlite3_bind_int (region, 3, i);
              sqlite3_bind_text (region, 4, lid, -1, SQLITE_TRANSIENT);
              sqlite3_bind_double (region, 5, xs[i] + g_rand_int_range (rand, -8, 9));
              sqlite3_bind_double (region, 6, 200 + g_rand_int_range (rand, -8, 9));
              step_done (region);
            }

          if (!is_gold && t % 10 < 4 && g_rand_int_range (rand, 0, 4) < 3)
            {
              g_autofree char *vid = g_strdup_printf ("v-%s", aid);
              guint v = g_rand_int_range (rand, 0, 10);
              const char *verdict = v < 7 ? "accept" : v < 9 ? "correct" : "send_back";

              sqlite3_bind_text (review, 1, vid, -1, SQLITE_TRANSIENT);
              sqlite3_bind_text (review, 2, tid, -1, SQLITE_TRANSIENT);
              sqlite3_bind_text (review, 3, aid, -1, SQLITE_TRANSIENT);
              sqlite3_bind_text (review, 4, verdict, -1, SQLITE_STATIC);
              if (v == 9)
                sqlite3_bind_text (review, 5, "unclear", -1, SQLITE_STATIC);
              else
                sqlite3_bind_null (review, 5);
              sqlite3_bind_text (review, 6, v % 4 == 0 ? "Tighter around the wheels." : "", -1, SQLITE_STATIC);
              sqlite3_bind_int64 (review, 7, at + G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC);
              step_done (review);
            }
        }
    }

  /* The event log: 50 events a task, the rest spread over the same time. */
  for (guint e = 0; e < N_EVENTS; e++)
    {
      static const char * const types[] = { "region_created", "region_moved", "label_changed", "zoom", "idle" };
      guint t = e / (N_EVENTS / N_TASKS);
      g_autofree char *id = g_strdup_printf ("55555555-5555-4555-8555-%012u", e);
      g_autofree char *tid = g_strdup_printf ("33333333-3333-4333-8333-%012u", MIN (t, N_TASKS - 1));

      sqlite3_bind_text (event, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (event, 2, me, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (event, 3, tid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (event, 4, types[e % 5], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (event, 5, now_us - (gint64) (N_WEEKS * 7 * DAY_US) * (N_EVENTS - e) / N_EVENTS);
      sqlite3_bind_text (event, 6, "{\"region\": \"r1\", \"x\": 412.5, \"y\": 200.0, \"dx\": 3, \"dy\": -1}",
                         -1, SQLITE_STATIC);
      step_done (event);
    }

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "INSERT INTO flags (id, task_id, project_id, annotator, category, body, state, created_us, origin) "
        "VALUES ('f%u', '33333333-3333-4333-8333-%012u', '" PROJECT "', 'ann', 'guideline-gap', 'Unclear?', '%s', "
        "%" G_GINT64_FORMAT ", 'local');"
        "INSERT INTO messages (id, thread_id, project_id, author, body, created_us, origin) "
        "VALUES ('m%u', 'f%u', '" PROJECT "', 'rita', 'Like this.', %" G_GINT64_FORMAT ", 'server');"
        "INSERT INTO notes (id, project_id, annotator, author, body, created_us, origin) "
        "VALUES ('n%u', '" PROJECT "', 'ann', 'rita', 'Good week.', %" G_GINT64_FORMAT ", 'server');",
        i, i * 400, i % 4 ? "closed" : "answered", now_us - (gint64) i * DAY_US, i, i, now_us - (gint64) i * DAY_US + 1, i,
        now_us - (gint64) i * DAY_US);
      exec (db, sql);
    }
  exec (db, "INSERT INTO team_figures (project_id, body, received_us) VALUES ('" PROJECT "', "
            "'{\"project\": \"" PROJECT "\", \"generated_us\": 0, \"annotators\": 12, \"labels\": ["
            "{\"label\": \"car\", \"count\": 90000, \"share\": 0.3}, {\"label\": \"person\", \"count\": 60000, \"share\": 0.2},"
            "{\"label\": \"bike\", \"count\": 60000, \"share\": 0.2}, {\"label\": \"truck\", \"count\": 60000, \"share\": 0.2},"
            "{\"label\": \"sign\", \"count\": 30000, \"share\": 0.1}], \"median_active_s\": 60.1, \"p90_active_s\": 150.0,"
            "\"gold_accuracy\": null, \"acceptance\": null}', 0)");
  exec (db, "INSERT OR REPLACE INTO meta (key, value) VALUES ('bench_dashboard', '" DB_VERSION "')");
  exec (db, "COMMIT");

  sqlite3_finalize (task);
  sqlite3_finalize (ann);
  sqlite3_finalize (region);
  sqlite3_finalize (gold);
  sqlite3_finalize (review);
  sqlite3_finalize (event);
  exec (db, "ANALYZE");
  sqlite3_close (db);
  printf ("built %s in %.1f s\n", path, (g_get_monotonic_time () - start) / 1e6);
}

static gboolean
built (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  if (!g_file_test (path, G_FILE_TEST_EXISTS) || sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    return FALSE;
  if (sqlite3_prepare_v2 (db, "SELECT value FROM meta WHERE key = 'bench_dashboard'", -1, &stmt, NULL) == SQLITE_OK)
    {
      ok = sqlite3_step (stmt) == SQLITE_ROW && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), DB_VERSION) == 0;
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);
  return ok;
}

typedef struct
{
  gint64  now_us;
  double  ms;
  double  cpu_ms;
  LimnPersonalDashboard *last;
} Run;

/* CPU time of the calling thread: steadier than wall time when other
 * work shares the cores. */
static double
thread_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static gpointer
dashboard_job (LimnStore  *store,
               gpointer    data,
               GError    **error)
{
  Run *run = data;
  gint64 start = g_get_monotonic_time ();
  double cpu = thread_cpu_ms ();
  LimnPersonalDashboard *d = limn_store_load_dashboard (store, PROJECT, run->now_us, 0, error);

  run->cpu_ms = thread_cpu_ms () - cpu;
  run->ms = (g_get_monotonic_time () - start) / 1000.0;
  g_clear_pointer (&run->last, limn_personal_dashboard_free);
  run->last = d;
  return GINT_TO_POINTER (d != NULL);
}

/* The same rows, read plainly: every column the load reads, nothing computed. */
static double
plain_read (sqlite3    *db,
            const char *me,
            gint64     *rows,
            double     *cpu_ms)
{
  double cpu = thread_cpu_ms ();
  static const char * const sql[] = {
    "SELECT a.id, a.task_id, a.confidence, a.active_ms, a.submitted_us FROM annotations a "
    "JOIN tasks t ON t.id = a.task_id WHERE a.annotator = ?1 AND t.project_id = '" PROJECT "'",
    "SELECT r.kind, r.label_id, r.x, r.y, r.w, r.h, r.start_cp, r.end_cp FROM annotations a "
    "JOIN regions r ON r.annotation_id = a.id WHERE a.annotator = ?1",
    "SELECT g.task_id, g.regions FROM gold g",
    "SELECT r.annotation_id, r.verdict, r.created_us FROM reviews r",
  };
  gint64 start = g_get_monotonic_time ();
  gint64 sum = 0;

  *rows = 0;
  for (guint q = 0; q < G_N_ELEMENTS (sql); q++)
    {
      sqlite3_stmt *stmt = prepare (db, sql[q]);

      sqlite3_bind_text (stmt, 1, me, -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            sum += sqlite3_column_bytes (stmt, c);
          (*rows)++;
        }
      sqlite3_finalize (stmt);
    }
  g_assert (sum > 0);
  *cpu_ms = thread_cpu_ms () - cpu;
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
event_scan (sqlite3 *db,
            gint64  *n)
{
  sqlite3_stmt *stmt = prepare (db, "SELECT SUM (length (payload)), COUNT(*) FROM events");
  gint64 start = g_get_monotonic_time ();

  g_assert (sqlite3_step (stmt) == SQLITE_ROW);
  *n = sqlite3_column_int64 (stmt, 1);
  sqlite3_finalize (stmt);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *ms,
        guint   n)
{
  qsort (ms, n, sizeof (double), compare_double);
  return n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
}

int
main (int    argc,
      char **argv)
{
  guint runs = argc > 1 ? MAX (atoi (argv[1]), 1) : 9;
  g_autofree char *path = g_build_filename (BENCH_CACHE_DIR, "dashboard.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnStoreWorker) worker = NULL;
  g_autofree double *load_ms = g_new (double, runs);
  g_autofree double *job_ms = g_new (double, runs);
  g_autofree double *plain_ms = g_new (double, runs);
  g_autofree double *load_cpu = g_new (double, runs);
  g_autofree double *plain_cpu = g_new (double, runs);
  Run run = { g_get_real_time (), 0, 0, NULL };
  double first_ms = 0, scan_ms, load_med, plain_med, job_med;
  gint64 rows = 0, n_events = 0;
  sqlite3 *db = NULL;

  g_mkdir_with_parents (BENCH_CACHE_DIR, 0700);
  if (!built (path))
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);

      g_remove (path);
      g_remove (wal);
      build (path, run.now_us);
    }

  /* Opening the store is the app's start-up, not the page's. */
  worker = limn_store_worker_open_sync (path, &error);
  g_assert_no_error (error);
  g_assert (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);

  for (guint i = 0; i < runs; i++)
    {
      gint64 start = g_get_monotonic_time ();

      g_assert (limn_store_worker_run_sync (worker, dashboard_job, &run, &error));
      g_assert_no_error (error);
      job_ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      load_ms[i] = run.ms;
      load_cpu[i] = run.cpu_ms;
      if (i == 0)
        first_ms = job_ms[0];
      plain_ms[i] = plain_read (db, limn_store_worker_get_annotator (worker), &rows, &plain_cpu[i]);
    }
  scan_ms = event_scan (db, &n_events);

  load_med = median (load_ms, runs);
  job_med = median (job_ms, runs);
  plain_med = median (plain_ms, runs);

  printf ("database: %" G_GINT64_FORMAT " events, %" G_GUINT64_FORMAT " submissions, %" G_GINT64_FORMAT
          " rows read plainly; medians of %u runs\n",
          n_events, run.last->n_submissions, rows, runs);
  printf ("%-58s %9.1f ms %7.2fx\n", "plain read of the same rows (the floor)", plain_med, 1.0);
  printf ("%-58s %9.1f ms %7.2fx\n", "dashboard load, computation included", load_med, load_med / plain_med);
  printf ("%-58s %9.1f ms %7.2fx   target <= 200 ms: %s\n", "dashboard as the page gets it (writer-thread job)",
          job_med, job_med / plain_med, job_med <= 200 ? "met" : "MISSED");
  printf ("%-58s %9.1f ms\n", "  first job after opening", first_ms);
  {
    double lc = median (load_cpu, runs), pc = median (plain_cpu, runs);

    printf ("%-58s %9.1f ms %7.2fx   (plain read %.1f ms CPU)\n", "dashboard load, CPU time of its thread", lc,
            lc / pc, pc);
  }
  printf ("%-58s %9.1f ms %7.2fx   never done by the load\n", "one scan of the event log", scan_ms,
          scan_ms / plain_med);
  printf ("figures: gold %.3f of %" G_GUINT64_FORMAT ", accepted %.3f of %" G_GUINT64_FORMAT
          ", median %.1f s, ECE %.3f, %u open threads\n",
          run.last->gold_accuracy.estimate, run.last->gold_accuracy.trials,
          run.last->review_rates.accepted.estimate, run.last->review_rates.accepted.trials,
          run.last->time.median, run.last->calibration.ece, run.last->open_threads->len);

  limn_personal_dashboard_free (run.last);
  sqlite3_close (db);
  g_assert (limn_store_worker_close (worker, &error));
  return 0;
}
