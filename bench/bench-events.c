/* bench-events.c
 *
 * What recording a user action costs the UI thread: LimnEventLog stamps it
 * (UUID, clocks, JSON payload) and hands it to the writer thread, exactly as
 * the window does. Compared in the same run with committing each event in
 * its own synchronous=FULL transaction (what a naive logger on the UI
 * thread would wait for), and with how long until the batch is on disk.
 *
 * Design §11: ≤ 50 µs per event at the UI thread, which never waits on fsync.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "events/limn-event-log.h"
#include "store/limn-store-worker.h"

#define N_EVENTS 20000
#define N_NAIVE  300

static void
sink (LimnEvent *event,
      gpointer   data)
{
  limn_store_worker_append_event (data, event);
}

static gint64 committed;

static void
committed_cb (LimnStoreWorker *worker,
              guint            n,
              gint64           last_seq,
              gpointer         data)
{
  committed += n;
}

static JsonObject *
payload (guint i)
{
  JsonObject *o = json_object_new ();
  JsonObject *region = json_object_new ();
  JsonArray *box = json_array_new ();

  json_array_add_double_element (box, 10 + i % 100);
  json_array_add_double_element (box, 20 + i % 50);
  json_array_add_double_element (box, 64.5);
  json_array_add_double_element (box, 48.25);
  json_object_set_string_member (region, "id", "2b1f0f7a-1c9e-4a7b-8f43-0d2b5e6a7c81");
  json_object_set_string_member (region, "kind", "box");
  json_object_set_string_member (region, "label", "9a0c4e2d-3b6f-4c8a-9e1d-7f5b2a3c4d6e");
  json_object_set_array_member (region, "box", box);
  json_object_set_object_member (o, "region", region);

  return o;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("limn-bench-events-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "limn.db", NULL);
  g_autofree char *naive_path = g_build_filename (dir, "naive.db", NULL);
  g_autoptr(LimnStoreWorker) worker = NULL;
  g_autoptr(LimnEventLog) log = NULL;
  g_autoptr(LimnStore) naive = NULL;
  gint64 start, ui_us, done_us, naive_us;

  worker = limn_store_worker_open_sync (path, &error);
  g_assert_no_error (error);
  g_signal_connect (worker, "committed", G_CALLBACK (committed_cb), NULL);
  log = limn_event_log_new (NULL, "bench", NULL, sink, g_object_ref (worker), g_object_unref);
  limn_event_log_set_context (log, "0b6f7c1e-5f7e-4a45-9c1a-3b8c2f3e9d10", "6b1f0f7a-1c9e-4a7b-8f43-0d2b5e6a7c81");

  /* The UI thread's side: record N events as fast as input could make them. */
  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_EVENTS; i++)
    {
      g_autoptr(JsonObject) p = payload (i);

      limn_event_log_record (log, LIMN_EVENT_REGION_MOVED, p);
    }
  ui_us = g_get_monotonic_time () - start;

  while (committed < N_EVENTS)
    g_main_context_iteration (NULL, TRUE);
  done_us = g_get_monotonic_time () - start;
  g_assert_true (limn_store_worker_close (worker, NULL));

  /* The naive way: one durable transaction per event, on the caller. */
  naive = limn_store_open (naive_path, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_NAIVE; i++)
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_event_free);
      LimnEvent *e = limn_event_new (LIMN_EVENT_REGION_MOVED);

      e->session_id = g_strdup ("s");
      e->annotator = g_strdup ("bench");
      g_ptr_array_add (one, e);
      g_assert_true (limn_store_append_events (naive, one, NULL));
    }
  naive_us = g_get_monotonic_time () - start;

  printf ("bench-events: %d events recorded through LimnEventLog → LimnStoreWorker\n", N_EVENTS);
  printf ("  UI thread, per event:               %8.2f µs\n", (double)ui_us / N_EVENTS);
  printf ("  until all committed (fsync'd):      %8.1f ms  (%.0f events/s)\n",
          done_us / 1000.0, N_EVENTS / (done_us / 1e6));
  printf ("  naive: one FULL commit per event:   %8.1f µs per event (%d events)\n",
          (double)naive_us / N_NAIVE, N_NAIVE);
  printf ("  ratio UI-thread cost / naive commit: %.3f\n",
          ((double)ui_us / N_EVENTS) / ((double)naive_us / N_NAIVE));
  printf ("Target (design §11): ≤ 50 µs per event at the UI thread, which never waits on fsync.\n");

  g_clear_object (&naive);
  {
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *a = g_strconcat (path, suffixes[i], NULL);
        g_autofree char *b = g_strconcat (naive_path, suffixes[i], NULL);

        g_unlink (a);
        g_unlink (b);
      }
    g_rmdir (dir);
  }

  return 0;
}
