/* test-store-worker.c
 *
 * The writer thread: events are batched without the caller waiting, jobs
 * see everything queued before them, a full disk keeps work in memory and
 * recovers, and a process killed with SIGKILL at random moments loses
 * nothing that was reported committed and leaves a sound database.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sys/wait.h>

#include "store/limn-store-worker.h"
#include "limn-test-util.h"

typedef struct
{
  char            *dir;
  char            *path;
  LimnStoreWorker *worker;
  guint            committed_batches;
  guint            committed_events;
  gint64           last_seq;
  guint            failures;
  guint            recoveries;
} Fixture;

static void
committed_cb (LimnStoreWorker *worker,
              guint            n_events,
              gint64           last_seq,
              Fixture         *f)
{
  f->committed_batches++;
  f->committed_events += n_events;
  f->last_seq = last_seq;
}

static void
failed_cb (LimnStoreWorker *worker,
           GError          *error,
           Fixture         *f)
{
  f->failures++;
}

static void
recovered_cb (LimnStoreWorker *worker,
              Fixture         *f)
{
  f->recoveries++;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = limn_test_mkdtemp ();
  f->path = g_build_filename (f->dir, "limn.db", NULL);
  f->worker = limn_store_worker_open_sync (f->path, &error);
  g_assert_no_error (error);
  g_signal_connect (f->worker, "committed", G_CALLBACK (committed_cb), f);
  g_signal_connect (f->worker, "write-failed", G_CALLBACK (failed_cb), f);
  g_signal_connect (f->worker, "write-recovered", G_CALLBACK (recovered_cb), f);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  if (f->worker != NULL)
    g_assert_true (limn_store_worker_close (f->worker, NULL));
  g_clear_object (&f->worker);
  limn_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static LimnEvent *
make_event (const char *id,
            const char *task_id)
{
  LimnEvent *e = limn_event_new (LIMN_EVENT_REGION_CREATED);

  if (id != NULL)
    {
      g_free (e->id);
      e->id = g_strdup (id);
    }
  e->session_id = g_strdup ("session");
  e->annotator = g_strdup ("alice");
  e->task_id = g_strdup (task_id);
  e->wall_us = g_get_real_time ();
  e->mono_us = g_get_monotonic_time ();
  g_free (e->payload);
  e->payload = g_strdup ("{\"region\":{\"id\":\"r\",\"kind\":\"box\",\"box\":[1,2,3,4]}}");

  return e;
}

static gpointer
count_events_job (LimnStore  *store,
                  gpointer    data,
                  GError    **error)
{
  gint64 n = limn_store_count_events (store, error);

  return n < 0 ? NULL : GINT_TO_POINTER ((int)n + 1);
}

static gint64
count_events (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gpointer r = limn_store_worker_run_sync (f->worker, count_events_job, NULL, &error);

  g_assert_no_error (error);
  return GPOINTER_TO_INT (r) - 1;
}

static gboolean
events_committed (gpointer data)
{
  Fixture *f = data;

  return f->committed_events >= 2000;
}

static gboolean
wait_until (gboolean (*cond) (gpointer),
            gpointer   data,
            guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_ms * 1000;

  while (!cond (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (500);

  return cond (data);
}

static void
test_batching (Fixture       *f,
               gconstpointer  data)
{
  gint64 start, elapsed;

  /* 2,000 events as fast as the UI could make them. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < 2000; i++)
    limn_store_worker_append_event (f->worker, make_event (NULL, "t1"));
  elapsed = g_get_monotonic_time () - start;

  /* The caller never waited for a disk: far under the 50 µs/event budget
   * (design §11), even with sanitizers on. */
  g_test_message ("append: %.2f µs per event", elapsed / 2000.0);
  g_assert_cmpfloat (elapsed / 2000.0, <, 50.0);

  g_assert_true (wait_until (events_committed, f, 10000));
  g_assert_cmpuint (f->committed_events, ==, 2000);
  g_assert_cmpint (f->last_seq, ==, 2000);
  /* Batched: a handful of transactions, not 2,000 fsyncs. */
  g_assert_cmpuint (f->committed_batches, <=, 20);
  g_assert_cmpint (count_events (f), ==, 2000);
}

static void
test_flush_deadline (Fixture       *f,
                     gconstpointer  data)
{
  gint64 start = g_get_monotonic_time ();

  limn_store_worker_append_event (f->worker, make_event (NULL, "t1"));
  while (f->committed_events == 0 && g_get_monotonic_time () - start < 5 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);

  /* Committed on its own within the flush interval plus an fsync. */
  g_test_message ("single event committed after %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (f->committed_events, ==, 1);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

static void
test_job_sees_prior_events (Fixture       *f,
                            gconstpointer  data)
{
  for (guint i = 0; i < 7; i++)
    limn_store_worker_append_event (f->worker, make_event (NULL, "t1"));

  /* No waiting for the timer: the job's transaction includes them. */
  g_assert_cmpint (count_events (f), ==, 7);
}

static gpointer
setup_task_job (LimnStore  *store,
                gpointer    data,
                GError    **error)
{
  g_autoptr(LimnProject) p = limn_project_new ("p", "P", LIMN_PROJECT_IMAGE);
  g_autoptr(LimnTask) t = limn_task_new ("t1", "p", LIMN_TASK_IMAGE, 0, "a.jpg");

  if (!limn_store_save_project (store, p, error) || !limn_store_save_task (store, t, NULL, error))
    return NULL;

  return GINT_TO_POINTER (1);
}

static gpointer
load_latest_job (LimnStore  *store,
                 gpointer    data,
                 GError    **error)
{
  return limn_store_load_latest (store, "t1", "alice", error);
}

static void
test_drafts_coalesce (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnAnnotation) a = limn_annotation_new (NULL, "t1", "alice");
  g_autoptr(LimnAnnotation) loaded = NULL;

  g_assert_nonnull (limn_store_worker_run_sync (f->worker, setup_task_job, NULL, &error));

  /* Ten autosaves of one draft: the newest wins. */
  for (guint i = 1; i <= 10; i++)
    {
      LimnAnnotation *snap = limn_annotation_dup (a);
      LimnBox box = { i, i, 10, 10 };

      g_ptr_array_add (snap->regions, limn_region_new_box ("r", "l", &box));
      snap->active_ms = i * 100;
      limn_store_worker_save_draft (f->worker, snap);
      limn_annotation_unref (snap);
    }

  loaded = limn_store_worker_run_sync (f->worker, load_latest_job, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_cmpint (loaded->active_ms, ==, 1000);
  g_assert_cmpfloat (((LimnRegion *)g_ptr_array_index (loaded->regions, 0))->box.x, ==, 10);
}

static gpointer
failing_job (LimnStore  *store,
             gpointer    data,
             GError    **error)
{
  limn_store_set_meta (store, "job-wrote", "yes", NULL);
  g_set_error_literal (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND, "no such thing");
  return NULL;
}

static gpointer
meta_job (LimnStore  *store,
          gpointer    data,
          GError    **error)
{
  char *v = limn_store_get_meta (store, "job-wrote");

  return v ? v : g_strdup ("");
}

static void
test_failed_job_keeps_events (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *v = NULL;

  limn_store_worker_append_event (f->worker, make_event (NULL, "t1"));
  g_assert_null (limn_store_worker_run_sync (f->worker, failing_job, NULL, &error));
  g_assert_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND);

  /* The job's own writes were rolled back; the event was still written. */
  v = limn_store_worker_run_sync (f->worker, meta_job, NULL, NULL);
  g_assert_cmpstr (v, ==, "");
  g_assert_cmpint (count_events (f), ==, 1);
}

static gboolean
has_failed (gpointer data)
{
  return ((Fixture *)data)->failures > 0;
}

static gboolean
has_recovered (gpointer data)
{
  return ((Fixture *)data)->recoveries > 0;
}

static void
test_disk_full_recovers (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_nonnull (limn_store_worker_run_sync (f->worker, setup_task_job, NULL, &error));
  limn_store_worker_set_max_pages (f->worker, 1);

  /* Fill until a batch cannot be written. */
  while (f->failures == 0 && n < 20000)
    {
      for (guint i = 0; i < 200; i++, n++)
        limn_store_worker_append_event (f->worker, make_event (NULL, "t1"));
      wait_until (has_failed, f, 100);
    }
  g_assert_cmpuint (f->failures, >, 0);
  /* Nothing is dropped: it waits in memory. */
  g_assert_cmpuint (limn_store_worker_get_n_pending (f->worker), >, 0);

  /* Space comes back (the cap is lifted): the retry writes everything. */
  limn_store_worker_set_max_pages (f->worker, G_MAXINT32);
  g_assert_true (wait_until (has_recovered, f, 60000));
  g_assert_cmpint (count_events (f), ==, n);
  g_assert_cmpuint (limn_store_worker_get_n_pending (f->worker), ==, 0);
}

/* The crash test's child: writes events with known ids as fast as it can
 * and reports every commit on stdout, until it is killed. */
static int
crash_child (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnStoreWorker) worker = limn_store_worker_open_sync (path, &error);
  gint64 base;
  guint n = 0;

  if (worker == NULL)
    {
      g_printerr ("child: %s\n", error->message);
      return 1;
    }

  base = count_events (&(Fixture){ .worker = worker });

  for (;;)
    {
      g_autofree char *id = NULL;
      gint64 reported_seq = 0;

      for (guint i = 0; i < 37; i++, n++)
        {
          id = g_strdup_printf ("evt-%" G_GINT64_FORMAT, base + n + 1);
          limn_store_worker_append_event (worker, make_event (id, "t1"));
          g_clear_pointer (&id, g_free);
        }

      /* The flush barrier completes after the commit: report it. */
      {
        g_autoptr(GMainContext) ctx = g_main_context_ref_thread_default ();
        Fixture f = { .worker = worker };

        reported_seq = count_events (&f);
      }
      g_print ("committed %" G_GINT64_FORMAT "\n", reported_seq);
      fflush (stdout);
    }

  return 0;
}

static void
test_sigkill_loses_nothing_reported (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);
  const char *self_exe = g_test_get_filename (G_TEST_BUILT, "test-store-worker", NULL);

  g_assert_true (limn_store_worker_close (f->worker, NULL));
  g_clear_object (&f->worker);

  for (guint iteration = 0; iteration < 12; iteration++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GDataInputStream) lines = NULL;
      g_autoptr(LimnStore) store = NULL;
      g_autoptr(GPtrArray) events = NULL;
      gint64 reported = 0;
      guint kill_after_lines = g_rand_int_range (rand, 1, 40);
      guint kill_delay_us = g_rand_int_range (rand, 0, 30000);

      child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                self_exe, "--crash-child", f->path, NULL);
      g_assert_no_error (error);
      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));

      for (guint i = 0; i < kill_after_lines; i++)
        {
          g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, &error);

          g_assert_no_error (error);
          g_assert_nonnull (line);
          g_assert_true (g_str_has_prefix (line, "committed "));
          reported = g_ascii_strtoll (line + 10, NULL, 10);
        }

      /* Kill it somewhere inside the next batch. */
      g_usleep (kill_delay_us);
      g_subprocess_send_signal (child, SIGKILL);
      g_subprocess_wait (child, NULL, NULL);
      g_assert_true (g_subprocess_get_if_signaled (child));

      store = limn_store_open (f->path, &error);
      g_assert_no_error (error);
      g_assert_true (limn_store_check_integrity (store, &error));
      g_assert_no_error (error);

      /* Every event reported committed is there, in order, with its id. */
      events = limn_store_list_events (store, NULL, 0, 0, &error);
      g_assert_no_error (error);
      g_assert_cmpint (events->len, >=, reported);
      for (gint64 i = 0; i < reported; i++)
        {
          LimnEvent *e = g_ptr_array_index (events, i);
          g_autofree char *expected = g_strdup_printf ("evt-%" G_GINT64_FORMAT, i + 1);

          g_assert_cmpstr (e->id, ==, expected);
          g_assert_cmpint (e->seq, ==, i + 1);
        }

      g_test_message ("iteration %u: %" G_GINT64_FORMAT " reported, %u on disk",
                      iteration, reported, events->len);
    }
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--crash-child"))
    return crash_child (argv[2]);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/store-worker/batching", test_batching);
  ADD ("/store-worker/flush-deadline", test_flush_deadline);
  ADD ("/store-worker/job-sees-prior-events", test_job_sees_prior_events);
  ADD ("/store-worker/drafts-coalesce", test_drafts_coalesce);
  ADD ("/store-worker/failed-job-keeps-events", test_failed_job_keeps_events);
  ADD ("/store-worker/disk-full-recovers", test_disk_full_recovers);
  ADD ("/store-worker/sigkill", test_sigkill_loses_nothing_reported);
#undef ADD

  return g_test_run ();
}
