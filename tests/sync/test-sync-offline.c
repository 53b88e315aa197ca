/* test-sync-offline.c
 *
 * Offline first: with the server down, an annotator labels and submits 100
 * tasks (with flags); sync runs fail as "offline" and automatic sync keeps
 * retrying with backoff; nothing is lost and nothing waits on the network.
 * When the server comes back (on the same address), the next automatic
 * run sends everything, and the server holds every event, annotation and
 * flag exactly once; the outbox drains. And when the network comes back
 * (GNetworkMonitor::network-changed), automatic sync runs at once instead
 * of waiting out its backoff.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "limn-fake-monitor.h"
#include "limn-server-test.h"
#include "sync/limn-sync-client-private.h"
#include "limn-sync-test.h"
#include "limn-test-util.h"

#define N_TASKS 100

typedef struct
{
  LimnSyncClient *client;
  guint           state_changes;
  gboolean        saw_offline;
} Watch;

static void
state_cb (LimnSyncClient *client,
          GParamSpec     *pspec,
          Watch          *w)
{
  w->state_changes++;
  if (limn_sync_client_get_state (client) == LIMN_SYNC_STATE_OFFLINE)
    w->saw_offline = TRUE;
}

static gboolean
drained (LimnSyncClient *client)
{
  return limn_sync_client_get_n_pending (client) == 0 &&
         limn_sync_client_get_state (client) == LIMN_SYNC_STATE_IDLE;
}

static void
test_offline_then_sync (void)
{
  g_autoptr(LimnTestServer) server = limn_test_server_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) task_ids = NULL;
  g_autoptr(GPtrArray) client_events = NULL;
  g_autoptr(GPtrArray) client_annotations = NULL;
  g_autoptr(GPtrArray) client_flags = NULL;
  g_autoptr(GPtrArray) server_events = NULL;
  g_autoptr(GPtrArray) server_annotations = NULL;
  g_autoptr(GPtrArray) server_flags = NULL;
  g_autofree char *project_id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autofree char *listen = NULL;
  const char *extra[3] = { "--listen", NULL, NULL };
  LimnSyncTestClient *local = limn_sync_test_client_new (NULL);
  Watch watch = { local->client, 0, FALSE };
  gint64 pending, deadline, started;
  guint requests;

  project_id = limn_test_server_add_image_project (server, "Streets", N_TASKS);
  token = limn_test_server_add_token (server, "alice", project_id, "annotator", NULL);
  limn_test_server_start (server, NULL, NULL);
  url = g_strdup (limn_test_server_get_url (server));
  listen = g_strdup (url + strlen ("http://"));

  g_assert_true (limn_sync_test_sign_in (local->client, url, token, &error));
  g_assert_no_error (error);
  limn_sync_client_set_prefetch_count (local->client, 0);
  g_object_set (local->client, "batch-size", 64, NULL);
  task_ids = limn_sync_test_claim (local->client, project_id, N_TASKS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (task_ids->len, ==, N_TASKS);

  /* The server goes away. */
  limn_test_server_stop (server);

  /* A run now fails as offline, and keeps everything. */
  g_signal_connect (local->client, "notify::state", G_CALLBACK (state_cb), &watch);
  g_assert_false (limn_sync_test_sync (local->client, &error));
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_OFFLINE);
  g_clear_error (&error);
  g_assert_cmpint (limn_sync_client_get_state (local->client), ==, LIMN_SYNC_STATE_OFFLINE);
  g_assert_true (watch.saw_offline);

  /* Automatic sync keeps trying (fast backoff for the test) while the
   * annotator works: labeling never waits on the network. */
  limn_sync_client_set_backoff (local->client, 20, 400, 1234);
  limn_sync_client_start (local->client);

  started = g_get_monotonic_time ();
  for (guint i = 0; i < task_ids->len; i++)
    g_free (limn_sync_test_label_task (local, project_id, g_ptr_array_index (task_ids, i),
                                       1 + i % 4, i % 10 == 0));
  g_test_message ("labeled %u tasks offline in %.2f s", task_ids->len,
                  (g_get_monotonic_time () - started) / 1e6);

  /* Let a retry or two fail, then look between two tries (not while one
   * is under way). */
  deadline = g_get_monotonic_time () + 600 * 1000;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while ((limn_sync_client_get_state (local->client) != LIMN_SYNC_STATE_OFFLINE ||
          limn_sync_client_get_retry_delay_ms (local->client) < 0) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  pending = limn_sync_test_count (local->worker, "SELECT COUNT(*) FROM outbox WHERE acked_us IS NULL");
  g_assert_cmpint (pending, ==,
                   limn_sync_test_count (local->worker, "SELECT COUNT(*) FROM events WHERE project_id IS NOT NULL") +
                   N_TASKS + N_TASKS / 10);
  g_assert_cmpint (limn_sync_client_get_n_pending (local->client), ==, pending);
  g_assert_cmpint (limn_sync_client_get_state (local->client), ==, LIMN_SYNC_STATE_OFFLINE);
  g_assert_cmpint (limn_sync_client_get_retry_delay_ms (local->client), >=, 0);
  g_assert_cmpint (limn_sync_client_get_retry_delay_ms (local->client), <=, 400);
  g_assert_nonnull (limn_sync_client_get_last_error (local->client));

  /* Back, on the same address: the next retry sends it all. */
  extra[1] = listen;
  limn_test_server_start (server, extra, NULL);
  g_assert_cmpstr (limn_test_server_get_url (server), ==, url);
  requests = limn_sync_client_get_n_requests (local->client);

  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!drained (local->client) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (drained (local->client));
  limn_sync_client_stop (local->client);
  g_test_message ("%u requests to drain %" G_GINT64_FORMAT " items",
                  limn_sync_client_get_n_requests (local->client) - requests, pending);

  /* Every item exactly once: the same ids on both sides. No route or admin
   * command lists the ids the server stored, so its database tells. */
  client_events = limn_sync_test_ids (local->db_path, "SELECT id FROM events WHERE project_id IS NOT NULL");
  client_annotations = limn_sync_test_ids (local->db_path,
                                           "SELECT id FROM annotations WHERE state = 'submitted'");
  client_flags = limn_sync_test_ids (local->db_path, "SELECT id FROM flags");
  server_events = limn_test_server_ids (server, "SELECT id FROM events");
  server_annotations = limn_test_server_ids (server, "SELECT id FROM annotations");
  server_flags = limn_test_server_ids (server, "SELECT id FROM flags");

  g_assert_cmpuint (client_annotations->len, ==, N_TASKS);
  g_assert_cmpuint (client_flags->len, ==, N_TASKS / 10);
  limn_sync_test_assert_same_ids (client_events, server_events, "events");
  limn_sync_test_assert_same_ids (client_annotations, server_annotations, "annotations");
  limn_sync_test_assert_same_ids (client_flags, server_flags, "flags");

  /* Each was applied once, none refused, all acked. */
  g_assert_cmpint (limn_sync_test_count (local->worker, "SELECT COUNT(*) FROM outbox WHERE acked_us IS NULL"), ==, 0);
  g_assert_cmpint (limn_sync_test_count (local->worker, "SELECT COUNT(*) FROM outbox WHERE result = 'applied'"), ==,
                   pending);
  g_assert_cmpint (limn_sync_test_count (local->worker,
                                         "SELECT COUNT(*) FROM annotations WHERE sync_status = 'applied'"), ==, N_TASKS);
  g_assert_cmpint (limn_test_server_count (server, NULL, "assignments.submitted"), ==, N_TASKS);

  limn_sync_test_client_free (local, FALSE);
}

/* The network comes back: automatic sync runs at once, not when a long
 * backoff would have it; the network going away shows as offline. */
static void
test_network_comes_back (void)
{
  g_autoptr(LimnTestServer) server = limn_test_server_new ();
  g_autoptr(LimnFakeMonitor) monitor = limn_fake_monitor_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) task_ids = NULL;
  g_autofree char *project_id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *url = NULL;
  g_autofree char *listen = NULL;
  const char *extra[3] = { "--listen", NULL, NULL };
  LimnSyncTestClient *local = limn_sync_test_client_new (NULL);
  guint requests;
  gint64 deadline;

  project_id = limn_test_server_add_image_project (server, "Streets", 3);
  token = limn_test_server_add_token (server, "alice", project_id, "annotator", NULL);
  limn_test_server_start (server, NULL, NULL);
  url = g_strdup (limn_test_server_get_url (server));
  listen = g_strdup (url + strlen ("http://"));
  g_assert_true (limn_sync_test_sign_in (local->client, url, token, &error));
  limn_sync_client_set_prefetch_count (local->client, 0);
  task_ids = limn_sync_test_claim (local->client, project_id, 3, &error);
  g_assert_no_error (error);
  limn_test_server_stop (server);

  for (guint i = 0; i < task_ids->len; i++)
    g_free (limn_sync_test_label_task (local, project_id, g_ptr_array_index (task_ids, i), 2, FALSE));

  /* Retries up to an hour apart; the first failure's delay is the seed's
   * first draw, well over a minute (asserted below). */
  limn_sync_client_set_backoff (local->client, 3600 * 1000, 3600 * 1000, 77);
  limn_sync_client_set_network_monitor (local->client, G_NETWORK_MONITOR (monitor));
  limn_sync_client_start (local->client);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (limn_sync_client_get_retry_delay_ms (local->client) < 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (limn_sync_client_get_retry_delay_ms (local->client), >, 60 * 1000);
  g_test_message ("next automatic try in %" G_GINT64_FORMAT " s",
                  limn_sync_client_get_retry_delay_ms (local->client) / 1000);
  g_assert_cmpint (limn_sync_client_get_state (local->client), ==, LIMN_SYNC_STATE_OFFLINE);

  /* The server is back; nothing happens until the network says so. */
  extra[1] = listen;
  limn_test_server_start (server, extra, NULL);
  requests = limn_sync_client_get_n_requests (local->client);
  deadline = g_get_monotonic_time () + 300 * 1000;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  g_assert_cmpuint (limn_sync_client_get_n_requests (local->client), ==, requests);

  limn_fake_monitor_set_available (monitor, FALSE);
  limn_fake_monitor_set_available (monitor, TRUE);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!drained (local->client) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (drained (local->client));
  g_assert_cmpint (limn_test_server_count (server, NULL, "annotations"), ==, 3);

  /* And the network going away shows at once. */
  limn_fake_monitor_set_available (monitor, FALSE);
  g_assert_cmpint (limn_sync_client_get_state (local->client), ==, LIMN_SYNC_STATE_OFFLINE);

  limn_sync_client_stop (local->client);
  limn_sync_test_client_free (local, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-offline/label-offline-then-sync", test_offline_then_sync);
  g_test_add_func ("/sync-offline/network-comes-back", test_network_comes_back);

  return g_test_run ();
}
