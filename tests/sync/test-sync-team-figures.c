/* test-sync-team-figures.c
 *
 * The team's figures for the personal dashboard, end to end (issue 19):
 * three annotators label and sync against the real limn-server on a
 * loopback port; a sync run fetches GET /api/v1/projects/{id}/team-figures
 * after the pull and keeps the body; the dashboard then shows the team's
 * label use beside the annotator's. With one annotator the server
 * withholds the figures and the dashboard says so; a run within 10 minutes
 * of the last does not ask again. (A server without the route failing no
 * run is what sync-e2e and the other suites saw before the route came.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "limn-server-test.h"
#include "limn-sync-test.h"
#include "store/limn-store-dashboard.h"
#include "sync/limn-sync-client-private.h"
#include "limn-test-util.h"

typedef struct
{
  LimnTestServer *server;
  char           *project_id;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->server = limn_test_server_new ();
  f->project_id = limn_test_server_add_image_project (f->server, "Streets", 12);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  limn_test_server_free (f->server);
  g_free (f->project_id);
}

/* A signed-in client that labeled and synced @n tasks. */
static LimnSyncTestClient *
annotator (Fixture    *f,
           const char *name,
           guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *token = limn_test_server_add_token (f->server, name, f->project_id, "annotator", NULL);
  LimnSyncTestClient *c = limn_sync_test_client_new (NULL);
  g_autoptr(GPtrArray) tasks = NULL;

  g_assert_true (limn_sync_test_sign_in (c->client, limn_test_server_get_url (f->server), token, &error));
  g_assert_no_error (error);
  tasks = limn_sync_test_claim (c->client, f->project_id, n, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tasks->len, ==, n);
  for (guint i = 0; i < tasks->len; i++)
    g_free (limn_sync_test_label_task (c, f->project_id, g_ptr_array_index (tasks, i), 1 + i, FALSE));
  g_assert_true (limn_sync_test_sync (c->client, &error));
  g_assert_no_error (error);

  return c;
}

typedef struct
{
  const char            *project_id;
  LimnPersonalDashboard *out;
} Load;

static gpointer
load_job (LimnStore  *store,
          gpointer    data,
          GError    **error)
{
  Load *l = data;

  l->out = limn_store_load_dashboard (store, l->project_id, g_get_real_time (), 0, error);
  return GINT_TO_POINTER (l->out != NULL);
}

static LimnPersonalDashboard *
dashboard (LimnSyncTestClient *c,
           const char         *project_id)
{
  g_autoptr(GError) error = NULL;
  Load l = { project_id, NULL };

  g_assert_true (limn_store_worker_run_sync (c->worker, load_job, &l, &error));
  g_assert_no_error (error);
  return l.out;
}

static void
forget_age (LimnSyncTestClient *c)
{
  sqlite3 *db = NULL;

  /* As if 10 minutes had passed. */
  c->client->team_figures_attempt_us = 0;
  g_assert_cmpint (sqlite3_open (c->db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE team_figures SET received_us = 0", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_team_figures (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  LimnSyncTestClient *alice, *bob, *carol;
  g_autoptr(LimnPersonalDashboard) alone = NULL;
  g_autoptr(LimnPersonalDashboard) d = NULL;
  gint64 received;
  guint64 team = 0, mine = 0;

  limn_test_server_start (f->server, NULL, NULL);

  /* Alone on the project: the server withholds the team's figures. */
  alice = annotator (f, "alice", 3);
  g_assert_cmpint (limn_sync_test_count (alice->worker, "SELECT COUNT(*) FROM team_figures"), ==, 1);
  alone = dashboard (alice, f->project_id);
  g_assert_null (alone->team);
  g_assert_cmpuint (alone->n_submissions, ==, 3);

  /* Within 10 minutes a run does not ask again. */
  received = limn_sync_test_count (alice->worker, "SELECT received_us FROM team_figures");
  g_assert_true (limn_sync_test_sync (alice->client, &error));
  g_assert_no_error (error);
  g_assert_cmpint (limn_sync_test_count (alice->worker, "SELECT received_us FROM team_figures"), ==, received);

  bob = annotator (f, "bob", 3);
  carol = annotator (f, "carol", 3);

  forget_age (alice);
  g_assert_true (limn_sync_test_sync (alice->client, &error));
  g_assert_no_error (error);
  g_assert_cmpint (limn_sync_test_count (alice->worker, "SELECT received_us FROM team_figures"), >, 0);

  d = dashboard (alice, f->project_id);
  g_assert_nonnull (d->team);
  g_assert_cmpint (d->team->annotators, ==, 3);
  for (guint k = 0; k < d->n_labels; k++)
    {
      team += d->team_label_counts[k];
      mine += d->my_label_counts[k];
    }
  /* Alice's 1 + 2 + 3 boxes of the first label, among the team's 18. */
  g_assert_cmpuint (mine, ==, 6);
  g_assert_cmpuint (team, ==, 18);
  g_assert_nonnull (d->label_usage);

  limn_sync_test_client_free (carol, FALSE);
  limn_sync_test_client_free (bob, FALSE);
  limn_sync_test_client_free (alice, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync/team-figures", Fixture, NULL, setup, test_team_figures, teardown);

  return g_test_run ();
}
