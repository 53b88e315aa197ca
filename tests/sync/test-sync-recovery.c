/* test-sync-recovery.c
 *
 * What an annotator meets on a bad network, at the sync client: the real
 * limn-server behind the fault proxy, and a network monitor the test
 * controls.
 *
 *  - An image whose download failed is fetched again: with the runs'
 *    backoff, at once when the network comes back, and on "sync now";
 *    a file the server does not have, or sends damaged, is FAILED and
 *    not fetched in a loop.
 *  - A claim the network or the server fails is tried again, and says how
 *    many tasks are new (the server returns leases already held first).
 *  - A 503 on one push lane does not throw away another lane's batch that
 *    the server applied.
 *  - The network coming back, or a first success, ends a long backoff and
 *    sends everything waiting at once: the outbox is empty within 2 s.
 *  - What the UI counts are tasks, not events; and a 503 is "retrying",
 *    not an error that needs the user.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "limn-fake-monitor.h"
#include "limn-fault-proxy.h"
#include "sync/limn-media-cache.h"
#include "limn-server-test.h"
#include "sync/limn-sync-client-private.h"
#include "limn-sync-test.h"
#include "limn-test-util.h"

#define SEED 20261207

typedef struct
{
  LimnTestServer     *server;
  LimnFaultProxy     *proxy;
  LimnFakeMonitor    *monitor;
  LimnSyncTestClient *local;
  char               *project_id;
  char               *token;
  char               *token_id;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint n_images = GPOINTER_TO_UINT (data);

  f->server = limn_test_server_new ();
  f->project_id = limn_test_server_add_image_project (f->server, "Streets", n_images);
  f->token = limn_test_server_add_token (f->server, "alice", f->project_id, "annotator", &f->token_id);
  limn_test_server_start (f->server, NULL, NULL);
  f->proxy = limn_fault_proxy_new (limn_test_server_get_url (f->server), SEED);
  f->monitor = limn_fake_monitor_new ();

  f->local = limn_sync_test_client_new (NULL);
  limn_sync_client_set_network_monitor (f->local->client, G_NETWORK_MONITOR (f->monitor));
  g_assert_true (limn_sync_test_sign_in (f->local->client, limn_fault_proxy_get_url (f->proxy),
                                         f->token, &error));
  g_assert_no_error (error);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  limn_sync_client_stop (f->local->client);
  limn_sync_test_client_free (f->local, FALSE);
  g_clear_object (&f->monitor);
  g_clear_pointer (&f->proxy, limn_fault_proxy_free);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_pointer (&f->server, limn_test_server_free);
  g_free (f->project_id);
  g_free (f->token);
  g_free (f->token_id);
}

typedef gboolean (*Condition) (Fixture *f);

/* Iterates until @cond holds or @timeout_ms pass; the time it took in ms,
 * or -1. */
static gint64
wait_for (Fixture   *f,
          Condition  cond,
          guint      timeout_ms)
{
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + (gint64)timeout_ms * 1000;

  while (!cond (f))
    {
      if (g_get_monotonic_time () > deadline)
        return -1;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }

  return (g_get_monotonic_time () - start) / 1000;
}

static char *
task_sha256 (Fixture    *f,
             const char *task_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT media_sha256 FROM tasks WHERE id = '%s'", task_id);
  g_autoptr(GPtrArray) ids = limn_sync_test_ids (f->local->db_path, sql);

  g_assert_cmpuint (ids->len, ==, 1);
  return g_strdup (g_ptr_array_index (ids, 0));
}

static gboolean
media_file_exists (Fixture    *f,
                   const char *sha256)
{
  g_autofree char *path = limn_media_cache_path (limn_sync_client_get_media_dir (f->local->client), sha256);

  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static const char *wanted;

static gboolean
wanted_ready (Fixture *f)
{
  return limn_sync_client_get_media_state (f->local->client, wanted, NULL) == LIMN_MEDIA_STATE_READY;
}

static gboolean
wanted_settled (Fixture *f)
{
  LimnMediaState state = limn_sync_client_get_media_state (f->local->client, wanted, NULL);

  return state == LIMN_MEDIA_STATE_READY || state == LIMN_MEDIA_STATE_FAILED ||
         (state == LIMN_MEDIA_STATE_WAITING && limn_sync_client_get_retry_delay_ms (f->local->client) >= 0);
}

static guint
media_requests (Fixture    *f,
                const char *sha256)
{
  g_autofree char *path = g_strconcat ("/api/v1/media/", sha256, NULL);

  return limn_fault_proxy_count_requests (f->proxy, "GET", path);
}

static guint wanted_requests;

/* The wanted image was asked for wanted_requests times, and that download
 * is over. */
static gboolean
wanted_fetched (Fixture *f)
{
  return media_requests (f, wanted) >= wanted_requests &&
         limn_sync_client_get_media_state (f->local->client, wanted, NULL) != LIMN_MEDIA_STATE_DOWNLOADING;
}

/* 1. Media that failed once comes back: by backoff, by the network
 * returning, by "sync now"; the server's own problems are FAILED. */
static void
test_media_retried (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) task_ids = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autofree char *absent = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "no such image", -1);
  const char *message = NULL;
  guint before;

  /* The claim works, but every image download fails: the network drops them. */
  limn_fault_proxy_set_scope (f->proxy, "/api/v1/media/");
  limn_fault_proxy_set_down (f->proxy, LIMN_FAULT_DROP_REQUEST);
  limn_sync_client_set_prefetch_count (f->local->client, 3);
  task_ids = limn_sync_test_claim (f->local->client, f->project_id, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (task_ids->len, ==, 3);
  first = task_sha256 (f, g_ptr_array_index (task_ids, 0));
  second = task_sha256 (f, g_ptr_array_index (task_ids, 1));
  third = task_sha256 (f, g_ptr_array_index (task_ids, 2));
  g_assert_false (media_file_exists (f, first));
  g_assert_cmpint (limn_sync_client_get_media_state (f->local->client, first, NULL), ==,
                   LIMN_MEDIA_STATE_WAITING);

  /* Automatic sync tries again with backoff (short here): still down. */
  limn_sync_client_set_backoff (f->local->client, 200, 400, 7);
  limn_sync_client_start (f->local->client);
  wanted = first;
  limn_sync_client_want_media (f->local->client, first, 0);
  before = media_requests (f, first);
  g_assert_cmpint (wait_for (f, wanted_settled, 10000), >=, 0);
  /* A lost connection is tried again; it asks nothing of the annotator. */
  g_assert_cmpint (limn_sync_client_get_state (f->local->client), ==, LIMN_SYNC_STATE_RETRYING);
  {
    gint64 deadline = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;

    while (media_requests (f, first) < before + 2 && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  }
  g_assert_cmpuint (media_requests (f, first), >=, before + 2);
  g_assert_cmpint (limn_sync_client_get_media_state (f->local->client, first, NULL), ==,
                   LIMN_MEDIA_STATE_WAITING);

  /* The network comes back after a long backoff: fetched at once. */
  limn_sync_client_set_backoff (f->local->client, 3600 * 1000, 3600 * 1000, 7);
  limn_fake_monitor_set_available (f->monitor, FALSE);
  limn_fault_proxy_set_down (f->proxy, LIMN_FAULT_NONE);
  limn_fake_monitor_set_available (f->monitor, TRUE);
  g_assert_cmpint (wait_for (f, wanted_ready, 5000), >=, 0);
  g_assert_true (media_file_exists (f, first));
  /* The run's media pass also brought the leased tasks' other images. */
  wanted = third;
  g_assert_cmpint (wait_for (f, wanted_ready, 5000), >=, 0);
  g_assert_true (media_file_exists (f, second));

  /* A damaged download (twice) is the server's problem: FAILED, with why,
   * and not fetched in a loop. */
  limn_fault_proxy_set_down (f->proxy, LIMN_FAULT_CORRUPT);
  {
    g_autofree char *path = limn_media_cache_path (limn_sync_client_get_media_dir (f->local->client), second);

    g_assert_cmpint (g_unlink (path), ==, 0);
  }
  wanted = second;
  wanted_requests = media_requests (f, second) + 1;
  limn_sync_client_want_media (f->local->client, second, 0);
  g_assert_cmpint (wait_for (f, wanted_fetched, 5000), >=, 0);
  g_assert_cmpint (limn_sync_client_get_media_state (f->local->client, second, NULL), ==,
                   LIMN_MEDIA_STATE_WAITING);
  wanted_requests++;
  limn_sync_client_sync_now (f->local->client);
  g_assert_cmpint (wait_for (f, wanted_fetched, 5000), >=, 0);
  g_assert_cmpint (limn_sync_client_get_media_state (f->local->client, second, &message), ==,
                   LIMN_MEDIA_STATE_FAILED);
  g_assert_nonnull (message);
  g_assert_false (media_file_exists (f, second));
  before = media_requests (f, second);
  limn_sync_client_want_media (f->local->client, second, 0);
  {
    gint64 deadline = g_get_monotonic_time () + 300 * 1000;

    while (g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE), g_usleep (1000);
  }
  g_assert_cmpuint (media_requests (f, second), ==, before);

  /* "Sync now" gives it one more chance; the server mends meanwhile. */
  limn_fault_proxy_set_down (f->proxy, LIMN_FAULT_NONE);
  limn_sync_client_sync_now (f->local->client);
  g_assert_cmpint (wait_for (f, wanted_ready, 5000), >=, 0);
  g_assert_true (media_file_exists (f, second));

  /* An image the server does not have: FAILED at once, with a message
   * that is not about the network. */
  wanted = absent;
  limn_sync_client_want_media (f->local->client, absent, 0);
  g_assert_cmpint (wait_for (f, wanted_settled, 5000), >=, 0);
  g_assert_cmpint (limn_sync_client_get_media_state (f->local->client, absent, &message), ==,
                   LIMN_MEDIA_STATE_FAILED);
  g_assert_nonnull (strstr (message, "does not have"));
}

/* 6. "Get More Tasks" survives faults, and counts what is new. */
static void
test_claim_retried (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) again = NULL;
  guint n_new = 0;

  limn_sync_client_set_backoff (f->local->client, 50, 200, 3);
  limn_sync_client_set_prefetch_count (f->local->client, 0);

  /* The project read is dropped, the claim answered 503, then the claim
   * applied by the server but its answer lost: the client tries again and
   * the server gives the leases it already granted. */
  limn_fault_proxy_set_scope (f->proxy, "/api/v1/projects/");
  limn_fault_proxy_queue_fault (f->proxy, LIMN_FAULT_DROP_REQUEST);
  limn_fault_proxy_queue_fault (f->proxy, LIMN_FAULT_NONE);
  limn_fault_proxy_queue_fault (f->proxy, LIMN_FAULT_ERROR_503);
  limn_fault_proxy_queue_fault (f->proxy, LIMN_FAULT_NONE);
  limn_fault_proxy_queue_fault (f->proxy, LIMN_FAULT_DROP_RESPONSE);

  limn_sync_client_claim_async (f->local->client, f->project_id, 4, NULL, limn_sync_test_done_cb, &result);
  limn_sync_test_wait (&result);
  ids = limn_sync_client_claim_finish (f->local->client, result, &n_new, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 4);
  g_assert_cmpuint (n_new, ==, 4);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "assignments"), ==, 4);
  g_assert_cmpuint (limn_fault_proxy_count_requests (f->proxy, "POST", "/api/v1/projects/"), ==, 3);

  /* Again, with nothing submitted: the same four, none new. */
  g_clear_object (&result);
  limn_sync_client_claim_async (f->local->client, f->project_id, 4, NULL, limn_sync_test_done_cb, &result);
  limn_sync_test_wait (&result);
  again = limn_sync_client_claim_finish (f->local->client, result, &n_new, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->len, ==, 4);
  g_assert_cmpuint (n_new, ==, 0);

  /* A server that stays down: the claim gives up after a few tries, with
   * the server's trouble as the reason. */
  limn_fault_proxy_set_down (f->proxy, LIMN_FAULT_ERROR_503);
  g_clear_object (&result);
  g_clear_pointer (&again, g_ptr_array_unref);
  limn_sync_client_claim_async (f->local->client, f->project_id, 4, NULL, limn_sync_test_done_cb, &result);
  limn_sync_test_wait (&result);
  again = limn_sync_client_claim_finish (f->local->client, result, &n_new, &error);
  g_assert_null (again);
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_UNAVAILABLE);
}

static void
label_all (Fixture   *f,
           GPtrArray *task_ids)
{
  for (guint i = 0; i < task_ids->len; i++)
    g_free (limn_sync_test_label_task (f->local, f->project_id, g_ptr_array_index (task_ids, i), 2, FALSE));
}

static gboolean
drained (Fixture *f)
{
  return limn_sync_client_get_n_pending (f->local->client) == 0 &&
         limn_sync_client_get_state (f->local->client) == LIMN_SYNC_STATE_IDLE;
}

/* 7a. A 503 on one lane leaves the other lanes' batches be: every batch
 * the server applied is acked in that same run, so only the refused one
 * is sent again. */
static void
test_lanes_independent (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) task_ids = NULL;
  gint64 batches;
  guint posts;

  limn_sync_client_set_prefetch_count (f->local->client, 0);
  task_ids = limn_sync_test_claim (f->local->client, f->project_id, 12, &error);
  g_assert_no_error (error);
  label_all (f, task_ids);

  /* Small batches on three lanes; the first batch POST is answered 503
   * while the other two lanes' are at the server, answered slowly. */
  g_object_set (f->local->client, "batch-size", 10, "max-in-flight", 3, NULL);
  limn_fault_proxy_set_scope (f->proxy, "/api/v1/batches");
  limn_fault_proxy_set_delays (f->proxy, 300, 2500);
  limn_fault_proxy_queue_fault (f->proxy, LIMN_FAULT_ERROR_503);
  limn_fault_proxy_queue_fault (f->proxy, LIMN_FAULT_SLOW);
  limn_fault_proxy_queue_fault (f->proxy, LIMN_FAULT_SLOW);

  g_assert_false (limn_sync_test_sync (f->local->client, &error));
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_UNAVAILABLE);
  g_clear_error (&error);
  g_assert_cmpint (limn_sync_client_get_state (f->local->client), ==, LIMN_SYNC_STATE_RETRYING);

  /* The two slow batches were applied and acked, not thrown away. */
  g_assert_cmpint (limn_sync_test_count (f->local->worker,
                                         "SELECT COUNT(*) FROM outbox_batches WHERE acked_us IS NOT NULL"), ==, 2);

  g_assert_true (limn_sync_test_sync (f->local->client, &error));
  g_assert_no_error (error);
  g_assert_cmpint (limn_sync_client_get_n_pending (f->local->client), ==, 0);

  /* Each batch went once, but the refused one twice. */
  batches = limn_sync_test_count (f->local->worker, "SELECT COUNT(*) FROM outbox_batches");
  posts = limn_fault_proxy_count_requests (f->proxy, "POST", "/api/v1/batches");
  g_test_message ("%" G_GINT64_FORMAT " batches, %u requests", batches, posts);
  g_assert_cmpint (posts, ==, batches + 1);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "annotations"), ==, task_ids->len);
}

/* Claims @n tasks, then, with every request getting @fault and retries an
 * hour apart (as after a long time offline), labels them all and waits
 * until the client has given up for now. */
static GPtrArray *
label_while_down (Fixture   *f,
                  guint      n,
                  LimnFault  fault)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *task_ids;
  gint64 deadline;

  limn_sync_client_set_prefetch_count (f->local->client, 0);
  task_ids = limn_sync_test_claim (f->local->client, f->project_id, n, &error);
  g_assert_no_error (error);

  limn_fault_proxy_set_down (f->proxy, fault);
  limn_sync_client_set_backoff (f->local->client, 3600 * 1000, 3600 * 1000, 77);
  limn_sync_client_start (f->local->client);
  label_all (f, task_ids);

  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while ((limn_sync_client_get_retry_delay_ms (f->local->client) < 60 * 1000 ||
          limn_sync_client_get_n_waiting_tasks (f->local->client) < (gint64)task_ids->len) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  return task_ids;
}

/* 7b. Offline long enough for the backoff to grow, then the network comes
 * back: everything waiting is sent at once. */
static void
test_network_return_drains (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) task_ids = NULL;
  gint64 ms;

  /* The network goes: every request is dropped. */
  task_ids = label_while_down (f, 10, LIMN_FAULT_DROP_REQUEST);
  /* Connections dropped mid-way: tried again, nothing asked of the user. */
  g_assert_cmpint (limn_sync_client_get_state (f->local->client), ==, LIMN_SYNC_STATE_RETRYING);
  g_assert_cmpint (limn_sync_client_get_retry_delay_ms (f->local->client), >, 60 * 1000);
  g_assert_cmpint (limn_sync_client_get_next_retry_us (f->local->client), >, g_get_real_time ());
  /* 3. What waits are tasks: ten, though far more events wait with them. */
  g_assert_cmpint (limn_sync_client_get_n_waiting_tasks (f->local->client), ==, task_ids->len);
  g_assert_cmpint (limn_sync_client_get_n_pending (f->local->client), >, 3 * task_ids->len);

  /* The network is back: the outbox is empty within 2 s. */
  limn_fault_proxy_set_down (f->proxy, LIMN_FAULT_NONE);
  limn_fake_monitor_set_available (f->monitor, FALSE);
  limn_fake_monitor_set_available (f->monitor, TRUE);
  ms = wait_for (f, drained, 10000);
  g_test_message ("network back to an empty outbox: %" G_GINT64_FORMAT " ms (%u tasks)", ms, task_ids->len);
  g_assert_cmpint (ms, >=, 0);
  g_assert_cmpint (ms, <=, 2000);
  g_assert_cmpint (limn_sync_client_get_n_waiting_tasks (f->local->client), ==, 0);
  g_assert_cmpint (limn_sync_client_get_next_retry_us (f->local->client), ==, 0);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "annotations"), ==, task_ids->len);
}

/* 7c. Without a network signal (the server was down, not the network), the
 * first request that succeeds ends the backoff: the outbox follows. */
static void
test_first_success_drains (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) task_ids = NULL;
  g_autoptr(GPtrArray) more = NULL;
  gint64 ms;

  /* 4. The server answers 503: retrying, which is not an error. */
  task_ids = label_while_down (f, 4, LIMN_FAULT_ERROR_503);
  g_assert_cmpint (limn_sync_client_get_state (f->local->client), ==, LIMN_SYNC_STATE_RETRYING);
  g_assert_cmpint (limn_sync_client_get_next_retry_us (f->local->client), >, g_get_real_time ());

  /* The server is back; the annotator asks for more tasks. That answer
   * ends the backoff, and the waiting work follows at once. */
  limn_fault_proxy_set_down (f->proxy, LIMN_FAULT_NONE);
  more = limn_sync_test_claim (f->local->client, f->project_id, 6, &error);
  g_assert_no_error (error);
  ms = wait_for (f, drained, 10000);
  g_test_message ("first success to an empty outbox: %" G_GINT64_FORMAT " ms", ms);
  g_assert_cmpint (ms, >=, 0);
  g_assert_cmpint (ms, <=, 2000);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "annotations"), ==, task_ids->len);
}

/* A revoked token needs the user: an error, not a retry. */
static void
test_attention (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  g_assert_true (limn_sync_test_sync (f->local->client, &error));
  g_assert_cmpint (limn_sync_client_get_state (f->local->client), ==, LIMN_SYNC_STATE_IDLE);

  out = limn_test_server_admin (f->server, "token", "revoke", "--token-id", f->token_id, NULL);
  g_assert_false (limn_sync_test_sync (f->local->client, &error));
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_UNAUTHORIZED);
  g_assert_cmpint (limn_sync_client_get_state (f->local->client), ==, LIMN_SYNC_STATE_ERROR);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync-recovery/media-retried", Fixture, GUINT_TO_POINTER (3), setup,
              test_media_retried, teardown);
  g_test_add ("/sync-recovery/claim-retried", Fixture, GUINT_TO_POINTER (8), setup,
              test_claim_retried, teardown);
  g_test_add ("/sync-recovery/lanes-independent", Fixture, GUINT_TO_POINTER (12), setup,
              test_lanes_independent, teardown);
  g_test_add ("/sync-recovery/network-return-drains", Fixture, GUINT_TO_POINTER (10), setup,
              test_network_return_drains, teardown);
  g_test_add ("/sync-recovery/first-success-drains", Fixture, GUINT_TO_POINTER (10), setup,
              test_first_success_drains, teardown);
  g_test_add ("/sync-recovery/attention", Fixture, GUINT_TO_POINTER (1), setup,
              test_attention, teardown);

  return g_test_run ();
}
