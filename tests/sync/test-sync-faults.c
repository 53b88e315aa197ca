/* test-sync-faults.c
 *
 * Exactly once, whatever happens: the sync client talks to the real
 * limn-server through a fault-injecting proxy (requests dropped, answers
 * dropped after the server applied them, duplicated, reordered, 500s
 * before and after applying, slow answers past the client's timeout, 429
 * with Retry-After, 503, answers corrupted on the way), and in a second
 * case the client runs in a child process that is killed with SIGKILL at
 * seeded random moments mid-sync,
 * restarted, and finally allowed to finish. In the end the server has one
 * copy of every event, annotation and flag the client stored (same ids,
 * same counts), the outbox is drained, and both databases pass
 * PRAGMA integrity_check.
 *
 * Bounded: loops stop at a count or a time budget, whichever comes first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>

#include "limn-fault-proxy.h"
#include "limn-server-test.h"
#include "store/limn-store.h"
#include "sync/limn-sync-client-private.h"
#include "limn-sync-test.h"
#include "limn-test-util.h"

#define N_TASKS          40
#define SEED             20261123
#define KILL_ITERATIONS  16
#define KILL_BUDGET_S    25

static char *self_exe;

/* Every item the client stored is at the server, once: the same ids on
 * both sides, and both files intact. No route or admin command lists the
 * ids the server stored, and PRAGMA integrity_check is SQLite's own, so
 * the server's database tells (either backend). */
static void
assert_exactly_once (LimnTestServer *server,
                     const char     *client_db,
                     const char     *project_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM events WHERE project_id = '%s'", project_id);
  g_autoptr(GPtrArray) ce = limn_sync_test_ids (client_db, sql);
  g_autoptr(GPtrArray) ca = limn_sync_test_ids (client_db, "SELECT id FROM annotations "
                                                           "WHERE state IN ('submitted', 'conflicted')");
  g_autoptr(GPtrArray) cf = limn_sync_test_ids (client_db, "SELECT id FROM flags");
  g_autoptr(GPtrArray) se = limn_test_server_ids (server, sql);
  g_autoptr(GPtrArray) sa = limn_test_server_ids (server, "SELECT id FROM annotations");
  g_autoptr(GPtrArray) sf = limn_test_server_ids (server, "SELECT id FROM flags");
  g_autoptr(GPtrArray) pending = limn_sync_test_ids (client_db, "SELECT seq FROM outbox WHERE acked_us IS NULL");
  g_autoptr(GPtrArray) refused = limn_sync_test_ids (client_db, "SELECT item_id FROM outbox "
                                                                "WHERE result IN ('rejected', 'conflict')");

  g_test_message ("client and server: %u events, %u annotations, %u flags", ce->len, ca->len, cf->len);
  g_assert_cmpuint (ca->len, >, 0);
  g_assert_cmpuint (cf->len, >, 0);
  limn_sync_test_assert_same_ids (ce, se, "events");
  limn_sync_test_assert_same_ids (ca, sa, "annotations");
  limn_sync_test_assert_same_ids (cf, sf, "flags");
  g_assert_cmpuint (pending->len, ==, 0);
  g_assert_cmpuint (refused->len, ==, 0);

  limn_sync_test_assert_integrity (client_db);
  limn_test_server_assert_integrity (server);
}

static GPtrArray *
unlabeled (LimnSyncTestClient *local)
{
  return limn_sync_test_ids (local->db_path,
                             "SELECT task_id FROM assignments WHERE status IN ('assigned', 'in_progress')");
}

static gboolean
restore (LimnSyncClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  limn_sync_client_restore_async (client, NULL, limn_sync_test_done_cb, &result);
  limn_sync_test_wait (&result);
  if (!limn_sync_client_restore_finish (client, result, &error))
    {
      g_printerr ("child: %s\n", error->message);
      return FALSE;
    }

  return TRUE;
}

/* The client in a child process: label a little, sync, again and again,
 * until killed; or, with @finish, label what is left and sync until the
 * outbox is empty. */
static int
client_child (const char *dir,
              guint32     seed,
              gboolean    finish)
{
  LimnSyncTestClient *local = limn_sync_test_client_new (dir);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree char *project_id = NULL;
  guint attempts = 0;

  if (!restore (local->client))
    return 2;

  project_id = g_strdup (limn_sync_client_get_project_id (local->client));
  g_object_set (local->client, "batch-size", 8, "timeout", 2, NULL);

  for (;;)
    {
      g_autoptr(GPtrArray) todo = unlabeled (local);
      g_autoptr(GError) error = NULL;
      gboolean ok;

      if (todo->len > 0 && (finish || g_rand_boolean (rand)))
        g_free (limn_sync_test_label_task (local, project_id, g_ptr_array_index (todo, 0),
                                           g_rand_int_range (rand, 1, 6), g_rand_int_range (rand, 0, 4) == 0));

      ok = limn_sync_test_sync (local->client, &error);
      if (finish && ok && todo->len == 0 && limn_sync_client_get_n_pending (local->client) == 0)
        break;
      if (finish && ++attempts > 2000)
        {
          g_printerr ("child: gave up: %s\n", error ? error->message : "?");
          return 3;
        }
    }

  limn_sync_test_client_free (local, TRUE);
  return 0;
}

typedef struct
{
  LimnTestServer *server;
  LimnFaultProxy *proxy;
  char           *project_id;
  char           *token;
} Team;

static void
team_start (Team *team)
{
  team->server = limn_test_server_new ();
  team->project_id = limn_test_server_add_image_project (team->server, "Streets", N_TASKS);
  team->token = limn_test_server_add_token (team->server, "alice", team->project_id, "annotator", NULL);
  limn_test_server_start (team->server, NULL, NULL);
  team->proxy = limn_fault_proxy_new (limn_test_server_get_url (team->server), SEED);
  limn_fault_proxy_set_delays (team->proxy, 3000, 2500);
}

static void
team_stop (Team *team)
{
  g_clear_pointer (&team->proxy, limn_fault_proxy_free);
  /* Let the proxy's cancelled exchanges finish before the server stops. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_pointer (&team->server, limn_test_server_free);
  g_free (team->project_id);
  g_free (team->token);
}

static void
report_faults (LimnFaultProxy *proxy)
{
  g_autoptr(GString) s = g_string_new ("faults:");

  for (LimnFault f = LIMN_FAULT_NONE; f < LIMN_N_FAULTS; f++)
    g_string_append_printf (s, " %s=%u", limn_fault_to_string (f), limn_fault_proxy_get_count (proxy, f));
  g_test_message ("%s", s->str);
}

/* Sign in and claim with the proxy quiet; the projects then sync through it. */
static void
prepare_client (Team               *team,
                LimnSyncTestClient *local)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) task_ids = NULL;

  limn_fault_proxy_set_rate (team->proxy, 0);
  g_assert_true (limn_sync_test_sign_in (local->client, limn_fault_proxy_get_url (team->proxy),
                                         team->token, &error));
  g_assert_no_error (error);
  limn_sync_client_set_prefetch_count (local->client, 0);
  task_ids = limn_sync_test_claim (local->client, team->project_id, N_TASKS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (task_ids->len, ==, N_TASKS);
}

static void
test_proxy_faults (void)
{
  Team team = { 0 };
  LimnSyncTestClient *local;
  g_autoptr(GPtrArray) task_ids = NULL;
  gint64 deadline;
  guint runs = 0, failures = 0;
  gboolean ok = FALSE;

  team_start (&team);
  local = limn_sync_test_client_new (NULL);
  prepare_client (&team, local);
  g_object_set (local->client, "batch-size", 6, "timeout", 2, NULL);

  task_ids = unlabeled (local);
  for (guint i = 0; i < task_ids->len; i++)
    g_free (limn_sync_test_label_task (local, team.project_id, g_ptr_array_index (task_ids, i),
                                       1 + i % 5, i % 6 == 0));

  /* Every kind of fault at least once, then a seeded mix. */
  for (LimnFault f = LIMN_FAULT_NONE + 1; f < LIMN_N_FAULTS; f++)
    limn_fault_proxy_queue_fault (team.proxy, f);
  limn_fault_proxy_set_rate (team.proxy, 0.5);

  deadline = g_get_monotonic_time () + 40 * G_USEC_PER_SEC;
  while (!ok && runs < 300 && g_get_monotonic_time () < deadline)
    {
      g_autoptr(GError) error = NULL;

      ok = limn_sync_test_sync (local->client, &error);
      runs++;
      if (!ok)
        {
          failures++;
          /* A corrupted answer is a bad response: nothing of it is kept. */
          g_assert_true (g_error_matches (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_UNAVAILABLE) ||
                         g_error_matches (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_TIMEOUT) ||
                         g_error_matches (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_RATE_LIMITED) ||
                         g_error_matches (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_OFFLINE) ||
                         g_error_matches (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE));
        }
    }
  report_faults (team.proxy);
  g_test_message ("%u runs, %u failed", runs, failures);

  /* Quiet network: the last run finishes whatever is left. */
  limn_fault_proxy_set_rate (team.proxy, 0);
  if (!ok)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (limn_sync_test_sync (local->client, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpint (limn_sync_client_get_n_pending (local->client), ==, 0);

  for (LimnFault f = LIMN_FAULT_NONE; f < LIMN_N_FAULTS; f++)
    g_assert_cmpuint (limn_fault_proxy_get_count (team.proxy, f), >, 0);
  g_assert_cmpuint (failures, >, 0);

  assert_exactly_once (team.server, local->db_path, team.project_id);
  /* Answers replayed from the server's idempotency store, or items sent
   * again under a new batch, came back as duplicates, not as copies. */
  g_test_message ("duplicates acked: %" G_GINT64_FORMAT,
                  limn_sync_test_count (local->worker, "SELECT COUNT(*) FROM outbox WHERE result = 'duplicate'"));

  limn_sync_test_client_free (local, FALSE);
  team_stop (&team);
}

static void
iterate_for (guint ms)
{
  gint64 until = g_get_monotonic_time () + (gint64)ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (500);
    }
}

static void
exited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  *(gboolean *)data = TRUE;
}

static void
test_sigkill_mid_sync (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  g_autoptr(GSubprocess) finisher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  Team team = { 0 };
  LimnSyncTestClient *local;
  gint64 budget_end, deadline;
  gboolean exited = FALSE;
  guint iteration;

  team_start (&team);
  local = limn_sync_test_client_new (NULL);
  prepare_client (&team, local);
  dir = g_strdup (local->dir);
  limn_sync_test_client_free (local, TRUE);

  limn_fault_proxy_set_rate (team.proxy, 0.3);
  budget_end = g_get_monotonic_time () + KILL_BUDGET_S * G_USEC_PER_SEC;

  for (iteration = 0; iteration < KILL_ITERATIONS && g_get_monotonic_time () < budget_end; iteration++)
    {
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(LimnStore) store = NULL;
      g_autofree char *seed = g_strdup_printf ("%u", g_rand_int (rand));
      guint kill_after_ms = g_rand_int_range (rand, 50, 1200);

      child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                                self_exe, "--client-child", dir, seed, NULL);
      g_assert_no_error (error);

      /* The proxy lives in this process: keep its loop turning. */
      iterate_for (kill_after_ms);
      g_subprocess_send_signal (child, SIGKILL);
      g_subprocess_wait (child, NULL, NULL);
      if (!g_subprocess_get_if_signaled (child))
        g_error ("the client child ended by itself (status %d) in iteration %u",
                 g_subprocess_get_status (child), iteration);

      /* What the kill left behind is sound. */
      {
        g_autofree char *path = g_build_filename (dir, "limn.db", NULL);

        store = limn_store_open (path, &error);
        g_assert_no_error (error);
        g_assert_true (limn_store_check_integrity (store, &error));
        g_assert_no_error (error);
      }
    }
  {
    guint requests = 0;

    for (LimnFault f = LIMN_FAULT_NONE; f < LIMN_N_FAULTS; f++)
      requests += limn_fault_proxy_get_count (team.proxy, f);
    g_test_message ("%u kills; the killed clients made %u requests", iteration, requests);
    g_assert_cmpuint (iteration, >=, 8);
    /* They got somewhere before each kill: the kills land mid-sync. */
    g_assert_cmpuint (requests, >=, iteration * 2);
  }

  /* Finally let it finish, through the same faulty network. */
  finisher = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error,
                               self_exe, "--client-child", dir, "7", "--finish", NULL);
  g_assert_no_error (error);
  g_subprocess_wait_async (finisher, NULL, exited_cb, &exited);
  deadline = g_get_monotonic_time () + 90 * G_USEC_PER_SEC;
  while (!exited && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!exited)
    {
      g_subprocess_force_exit (finisher);
      g_error ("the client did not finish syncing in time");
    }
  g_assert_true (g_subprocess_get_if_exited (finisher));
  g_assert_cmpint (g_subprocess_get_exit_status (finisher), ==, 0);
  report_faults (team.proxy);

  {
    g_autofree char *path = g_build_filename (dir, "limn.db", NULL);

    assert_exactly_once (team.server, path, team.project_id);
  }

  limn_test_rm_rf (dir);
  team_stop (&team);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (argc >= 4 && g_str_equal (argv[1], "--client-child"))
    return client_child (argv[2], (guint32)g_ascii_strtoull (argv[3], NULL, 10),
                         argc >= 5 && g_str_equal (argv[4], "--finish"));

  g_test_init (&argc, &argv, NULL);
  self_exe = g_test_build_filename (G_TEST_BUILT, "test-sync-faults", NULL);

  g_test_add_func ("/sync-faults/proxy-faults", test_proxy_faults);
  g_test_add_func ("/sync-faults/sigkill-mid-sync", test_sigkill_mid_sync);

  status = g_test_run ();
  g_free (self_exe);

  return status;
}
