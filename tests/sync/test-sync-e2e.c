/* test-sync-e2e.c
 *
 * The sync client against the real limn-server on a loopback port: an
 * admin makes a project, a user and a token; the client signs in, claims
 * tasks (with their media, verified), labels them as the app does (draft
 * edits, events, a flag, submits through the writer's jobs) and syncs; the
 * server then holds exactly those annotations, flags and events, once.
 * Also: text tasks with spans over emoji and Arabic, signing in again from
 * the kept 0600 token, gold revealed only after the submit, and a lease
 * that ended offline turning the submit into a kept, conflicted revision,
 * and task fields a project hides from annotators never reaching the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sys/stat.h>

#include "sync/limn-credentials.h"
#include "sync/limn-media-cache.h"
#include "limn-server-test.h"
#include "store/limn-store-changes.h"
#include "sync/limn-sync-client-private.h"
#include "limn-sync-test.h"
#include "limn-test-util.h"

/* `limn-server admin status` prints key=value pairs on one line. */
static gint64
status_field (const char *status,
              const char *key)
{
  g_autofree char *needle = g_strconcat (" ", key, "=", NULL);
  const char *p = strstr (status, needle);

  g_assert_nonnull (p);
  return g_ascii_strtoll (p + strlen (needle), NULL, 10);
}

/* How an annotation was stored (its confidence, regions, region count) no
 * route or admin command shows: for those only, the server's database
 * file. Counts of records come from `admin inspect`. */
static gint64
stored_annotations (LimnTestServer *server,
                    const char     *sql)
{
  return limn_test_db_count (server, sql);
}

typedef struct
{
  LimnTestServer     *server;
  LimnSyncTestClient *local;
  char               *project_id;
  char               *token;
  guint               conflicts;
  guint               rejections;
  guint               changes;
} Fixture;

static void
conflict_cb (LimnSyncClient *client,
             const char     *kind,
             const char     *id,
             const char     *reason,
             Fixture        *f)
{
  g_test_message ("conflict: %s %s: %s", kind, id, reason);
  f->conflicts++;
}

static void
rejected_cb (LimnSyncClient *client,
             const char     *kind,
             const char     *id,
             const char     *reason,
             Fixture        *f)
{
  g_test_message ("rejected: %s %s: %s", kind, id, reason);
  f->rejections++;
}

static void
changes_cb (LimnSyncClient *client,
            guint           n,
            Fixture        *f)
{
  f->changes += n;
}

static void
setup_client (Fixture *f)
{
  f->local = limn_sync_test_client_new (NULL);
  g_signal_connect (f->local->client, "conflict", G_CALLBACK (conflict_cb), f);
  g_signal_connect (f->local->client, "rejected", G_CALLBACK (rejected_cb), f);
  g_signal_connect (f->local->client, "changes-applied", G_CALLBACK (changes_cb), f);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->server = limn_test_server_new ();
  setup_client (f);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  limn_sync_test_client_free (f->local, FALSE);
  limn_test_server_free (f->server);
  g_free (f->project_id);
  g_free (f->token);
}

static void
test_label_and_sync_images (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) task_ids = NULL;
  g_autoptr(GPtrArray) annotation_ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *status = NULL;
  g_autofree char *token_path = NULL;
  gint64 local_events;
  guint requests;
  struct stat st;

  f->project_id = limn_test_server_add_image_project (f->server, "Streets", 5);
  f->token = limn_test_server_add_token (f->server, "alice", f->project_id, "annotator", NULL);
  limn_test_server_start (f->server, NULL, NULL);

  /* Sign in: the server says who the token is; the token is kept 0600. */
  g_assert_true (limn_sync_test_sign_in (f->local->client, limn_test_server_get_url (f->server),
                                         f->token, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (limn_sync_client_get_user_name (f->local->client), ==, "alice");
  g_assert_cmpstr (limn_sync_client_get_project_id (f->local->client), ==, f->project_id);
  {
    g_autofree char *dir = g_build_filename (f->local->dir, "credentials", NULL);
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    g_assert_nonnull (d);
    name = g_dir_read_name (d);
    g_assert_nonnull (name);
    token_path = g_build_filename (dir, name, NULL);
    g_assert_cmpint (stat (token_path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }

  /* Claim three; the first two images arrive with the claim. */
  limn_sync_client_set_prefetch_count (f->local->client, 2);
  task_ids = limn_sync_test_claim (f->local->client, f->project_id, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (task_ids->len, ==, 3);
  g_assert_cmpint (limn_sync_test_count (f->local->worker,
                                         "SELECT COUNT(*) FROM tasks t JOIN projects p ON p.id = t.project_id "
                                         "WHERE p.server_url IS NOT NULL AND t.media_path LIKE '%/media/%' "
                                         "AND t.media_size > 0"), ==, 3);
  g_assert_cmpint (limn_sync_test_count (f->local->worker,
                                         "SELECT COUNT(*) FROM assignments WHERE status = 'assigned' "
                                         "AND lease_expires_us > 0 AND server_assignment_id IS NOT NULL"), ==, 3);
  g_assert_cmpint (limn_sync_test_count (f->local->worker, "SELECT COUNT(*) FROM labels"), ==, 2);
  {
    guint present = 0;

    for (guint i = 0; i < task_ids->len; i++)
      {
        g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM tasks WHERE id = '%s'",
                                                (char *)g_ptr_array_index (task_ids, i));
        g_autoptr(GHashTable) task = limn_test_server_inspect (f->server, NULL,
                                                               g_ptr_array_index (task_ids, i));
        const char *sha = g_hash_table_lookup (task, "media_sha256");
        g_autofree char *path = limn_media_cache_path (limn_sync_client_get_media_dir (f->local->client), sha);
        g_autofree char *sum = limn_test_file_checksum (path);

        g_assert_cmpint (limn_sync_test_count (f->local->worker, sql), ==, 1);
        if (sum != NULL)
          {
            g_assert_cmpstr (sum, ==, sha);
            present++;
          }
      }
    g_assert_cmpuint (present, ==, 2);
  }

  /* Label them as the app does; the first one also gets a flag. */
  for (guint i = 0; i < task_ids->len; i++)
    g_ptr_array_add (annotation_ids,
                     limn_sync_test_label_task (f->local, f->project_id, g_ptr_array_index (task_ids, i),
                                                2 + i, i == 0));

  local_events = limn_sync_test_count (f->local->worker,
                                       "SELECT COUNT(*) FROM events WHERE project_id IS NOT NULL");
  g_assert_cmpint (local_events, >, 15);
  g_assert_cmpint (limn_sync_test_count (f->local->worker,
                                         "SELECT COUNT(*) FROM outbox WHERE acked_us IS NULL"), ==,
                   local_events + 3 + 1);

  g_assert_true (limn_sync_test_sync (f->local->client, &error));
  g_assert_no_error (error);
  g_assert_cmpint (limn_sync_client_get_state (f->local->client), ==, LIMN_SYNC_STATE_IDLE);
  g_assert_cmpint (limn_sync_client_get_n_pending (f->local->client), ==, 0);
  g_assert_cmpint (limn_sync_client_get_last_success_us (f->local->client), >, 0);
  g_assert_null (limn_sync_client_get_last_error (f->local->client));
  g_assert_cmpuint (f->conflicts + f->rejections, ==, 0);
  /* The three leases came back through the change feed too. */
  g_assert_cmpuint (f->changes, >=, 3);

  /* The server holds exactly what was labeled. */
  status = limn_test_server_admin (f->server, "status", "--project", f->project_id, NULL);
  g_test_message ("%s", status);
  g_assert_cmpint (status_field (status, "annotations"), ==, 3);
  g_assert_cmpint (status_field (status, "submitted"), ==, 3);
  g_assert_cmpint (status_field (status, "flags"), ==, 1);
  g_assert_cmpint (status_field (status, "events"), ==, local_events);
  g_assert_cmpint (status_field (status, "conflicts"), ==, 0);
  for (guint i = 0; i < annotation_ids->len; i++)
    {
      /* As stored (see stored_annotations ()). */
      g_autofree char *count = limn_test_db_text (f->server,
                                                  "SELECT region_count FROM annotations WHERE id = ?",
                                                  g_ptr_array_index (annotation_ids, i));
      g_autofree char *sql = g_strdup_printf ("SELECT COUNT(*) FROM annotations WHERE id = '%s' "
                                              "AND sync_status = 'applied'",
                                              (char *)g_ptr_array_index (annotation_ids, i));

      g_assert_cmpint (g_ascii_strtoll (count, NULL, 10), ==, 2 + i);
      g_assert_cmpint (limn_sync_test_count (f->local->worker, sql), ==, 1);
    }
  g_assert_cmpint (stored_annotations (f->server, "SELECT COUNT(*) FROM annotations WHERE confidence = 0.8"), ==, 3);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "events.type.submit"), ==, 3);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "events.type.flag_raised"), ==, 1);

  /* Nothing left to send: a second run only pulls. */
  requests = limn_sync_client_get_n_requests (f->local->client);
  g_assert_true (limn_sync_test_sync (f->local->client, &error));
  g_assert_cmpuint (limn_sync_client_get_n_requests (f->local->client), ==, requests + 1);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "events"), ==, local_events);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "annotations"), ==, 3);
}

static void
test_text_spans (Fixture       *f,
                 gconstpointer  data)
{
  static const char * const texts[] = {
    "Hello 👩‍💻 world, CRLF\r\nand more",
    "مرحبا بالعالم",
    "日本語のテキスト",
    NULL,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) task_ids = NULL;

  f->project_id = limn_test_server_add_text_project (f->server, "Notes", texts);
  f->token = limn_test_server_add_token (f->server, "bob", f->project_id, "annotator", NULL);
  limn_test_server_start (f->server, NULL, NULL);

  g_assert_true (limn_sync_test_sign_in (f->local->client, limn_test_server_get_url (f->server),
                                         f->token, &error));
  task_ids = limn_sync_test_claim (f->local->client, f->project_id, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (task_ids->len, ==, 3);
  g_assert_cmpint (limn_sync_test_count (f->local->worker,
                                         "SELECT COUNT(*) FROM tasks WHERE kind = 'text' AND text_length > 0"), ==, 3);

  for (guint i = 0; i < task_ids->len; i++)
    g_free (limn_sync_test_label_task (f->local, f->project_id, g_ptr_array_index (task_ids, i), 4, FALSE));

  g_assert_true (limn_sync_test_sync (f->local->client, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->rejections, ==, 0);
  g_assert_cmpint (stored_annotations (f->server, "SELECT COUNT(*) FROM annotations WHERE region_count = 4"), ==, 3);
  /* Code points survive the trip: the server checked each span's text. */
  g_assert_cmpint (stored_annotations (f->server, "SELECT COUNT(*) FROM annotations WHERE regions LIKE '%\"span\"%'"), ==, 3);
}

static void
test_restore_from_kept_token (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) task_ids = NULL;
  g_autofree char *dir = NULL;

  f->project_id = limn_test_server_add_image_project (f->server, "Streets", 2);
  f->token = limn_test_server_add_token (f->server, "carol", f->project_id, "annotator", NULL);
  limn_test_server_start (f->server, NULL, NULL);

  /* Nobody signed in yet. */
  limn_sync_client_restore_async (f->local->client, NULL, limn_sync_test_done_cb, &result);
  limn_sync_test_wait (&result);
  g_assert_false (limn_sync_client_restore_finish (f->local->client, result, &error));
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_NOT_SIGNED_IN);
  g_clear_error (&error);
  g_clear_object (&result);

  g_assert_true (limn_sync_test_sign_in (f->local->client, limn_test_server_get_url (f->server),
                                         f->token, &error));
  task_ids = limn_sync_test_claim (f->local->client, f->project_id, 1, &error);
  g_assert_no_error (error);
  g_free (limn_sync_test_label_task (f->local, f->project_id, g_ptr_array_index (task_ids, 0), 1, FALSE));

  /* The app quits before syncing, and starts again. */
  dir = g_strdup (f->local->dir);
  limn_sync_test_client_free (f->local, TRUE);
  f->local = limn_sync_test_client_new (dir);

  limn_sync_client_restore_async (f->local->client, NULL, limn_sync_test_done_cb, &result);
  limn_sync_test_wait (&result);
  g_assert_true (limn_sync_client_restore_finish (f->local->client, result, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (limn_sync_client_get_server_url (f->local->client), ==, limn_test_server_get_url (f->server));
  g_assert_cmpstr (limn_sync_client_get_user_name (f->local->client), ==, "carol");

  g_assert_true (limn_sync_test_sync (f->local->client, &error));
  g_assert_no_error (error);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "annotations"), ==, 1);

  /* Signing out forgets the token. */
  g_clear_object (&result);
  limn_sync_client_sign_out_async (f->local->client, NULL, limn_sync_test_done_cb, &result);
  limn_sync_test_wait (&result);
  g_assert_true (limn_sync_client_sign_out_finish (f->local->client, result, &error));
  g_assert_null (limn_sync_client_get_server_url (f->local->client));
  g_clear_object (&result);
  limn_sync_client_restore_async (f->local->client, NULL, limn_sync_test_done_cb, &result);
  limn_sync_test_wait (&result);
  g_assert_false (limn_sync_client_restore_finish (f->local->client, result, &error));
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_NOT_SIGNED_IN);
}

static gpointer
load_gold_job (LimnStore  *store,
               gpointer    data,
               GError    **error)
{
  char *gold = limn_store_sync_load_gold (store, data, error);

  return gold != NULL ? gold : g_strdup ("");
}

static void
test_gold_after_submit (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) task_ids = NULL;
  g_autofree char *task_id = NULL;
  g_autofree char *label = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *answer_path = NULL;
  g_autofree char *gold = NULL;

  f->project_id = limn_test_server_add_image_project (f->server, "Streets", 1);
  f->token = limn_test_server_add_token (f->server, "dave", f->project_id, "annotator", NULL);
  task_id = g_strdup (g_ptr_array_index (limn_test_server_get_task_ids (f->server, f->project_id), 0));
  label = limn_test_server_label_id (f->server, f->project_id, 0);
  answer = g_strdup_printf ("{\"regions\":[{\"id\":\"%s\",\"kind\":\"box\",\"label\":\"%s\",\"box\":[5,5,20,10]}]}",
                            task_id, label);
  answer_path = g_build_filename (limn_test_server_get_data_dir (f->server), "..", "gold.json", NULL);
  g_assert_true (g_file_set_contents (answer_path, answer, -1, &error));
  g_free (limn_test_server_admin (f->server, "gold", "set", "--project", f->project_id, "--task", task_id,
                                  "--answer", answer_path, NULL));
  g_free (limn_test_server_admin (f->server, "project", "set", "--project", f->project_id,
                                  "--gold-rate", "1", NULL));
  g_unlink (answer_path);
  limn_test_server_start (f->server, NULL, NULL);

  g_assert_true (limn_sync_test_sign_in (f->local->client, limn_test_server_get_url (f->server),
                                         f->token, &error));
  task_ids = limn_sync_test_claim (f->local->client, f->project_id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_ptr_array_index (task_ids, 0), ==, task_id);

  /* Before the submit: no gold anywhere on the client. */
  g_assert_true (limn_sync_test_sync (f->local->client, &error));
  g_assert_cmpint (limn_sync_test_count (f->local->worker, "SELECT COUNT(*) FROM gold"), ==, 0);

  g_free (limn_sync_test_label_task (f->local, f->project_id, task_id, 1, FALSE));
  g_assert_true (limn_sync_test_sync (f->local->client, &error));
  g_assert_no_error (error);
  g_assert_cmpint (limn_sync_test_count (f->local->worker, "SELECT COUNT(*) FROM gold"), ==, 1);
  gold = limn_store_worker_run_sync (f->local->worker, load_gold_job, task_id, &error);
  g_assert_nonnull (strstr (gold, "\"box\""));
}

/* Training (docs/training.md): the project's rule and the caller's status
 * come with the project and are kept in its settings; a claim brings a
 * gold item and no gold answer; after the submit the gold change brings
 * the answer and the new status, kept with the task's id. */
static void
test_training (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) task_ids = NULL;
  g_autofree char *label = NULL;
  g_autofree char *answer_path = g_build_filename (limn_test_server_get_data_dir (f->server), "..",
                                                   "gold.json", NULL);
  g_autofree char *sql = NULL;
  GPtrArray *all;

  f->project_id = limn_test_server_add_image_project (f->server, "Streets", 3);
  f->token = limn_test_server_add_token (f->server, "gina", f->project_id, "annotator", NULL);
  all = limn_test_server_get_task_ids (f->server, f->project_id);
  label = limn_test_server_label_id (f->server, f->project_id, 0);
  for (guint i = 1; i < 3; i++)
    {
      g_autofree char *answer =
        g_strdup_printf ("{\"regions\":[{\"id\":\"%s\",\"kind\":\"box\",\"label\":\"%s\","
                         "\"box\":[5,5,20,10]}]}", (char *)g_ptr_array_index (all, i), label);

      g_assert_true (g_file_set_contents (answer_path, answer, -1, &error));
      g_free (limn_test_server_admin (f->server, "gold", "set", "--project", f->project_id, "--task",
                                      g_ptr_array_index (all, i), "--answer", answer_path, NULL));
    }
  g_unlink (answer_path);
  g_free (limn_test_server_admin (f->server, "project", "set", "--project", f->project_id,
                                  "--qualification", "{\"min_accuracy\": 0.8, \"gold_items\": 2}",
                                  NULL));
  limn_test_server_start (f->server, NULL, NULL);

  g_assert_true (limn_sync_test_sign_in (f->local->client, limn_test_server_get_url (f->server),
                                         f->token, &error));
  task_ids = limn_sync_test_claim (f->local->client, f->project_id, 1, &error);
  g_assert_no_error (error);
  /* The first gold item, not the first task. */
  g_assert_cmpstr (g_ptr_array_index (task_ids, 0), ==, g_ptr_array_index (all, 1));
  g_assert_true (limn_sync_test_sync (f->local->client, &error));
  g_assert_cmpint (limn_sync_test_count (f->local->worker, "SELECT COUNT(*) FROM gold"), ==, 0);
  g_assert_cmpint (limn_sync_test_count (f->local->worker,
                                         "SELECT json_extract (settings, '$.qualification.gold_items') "
                                         "FROM projects"), ==, 2);
  g_assert_cmpint (limn_sync_test_count (f->local->worker,
                                         "SELECT json_extract (settings, '$.qualification_status.passed') "
                                         "FROM projects"), ==, 0);

  g_free (limn_sync_test_label_task (f->local, f->project_id, g_ptr_array_index (task_ids, 0), 1, FALSE));
  g_assert_true (limn_sync_test_sync (f->local->client, &error));
  g_assert_no_error (error);
  g_assert_cmpint (limn_sync_test_count (f->local->worker, "SELECT COUNT(*) FROM gold"), ==, 1);
  g_assert_cmpint (limn_sync_test_count (f->local->worker,
                                         "SELECT json_extract (settings, '$.qualification_status.training_scored') "
                                         "FROM projects"), ==, 1);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM projects WHERE "
                         "json_extract (settings, '$.qualification_status.task_id') = '%s'",
                         (char *)g_ptr_array_index (task_ids, 0));
  g_assert_cmpint (limn_sync_test_count (f->local->worker, sql), ==, 1);
}

/* A lease that ran out while the annotator worked offline, and the task
 * went to someone else: the submit is kept, locally, as a conflicted
 * revision, and the server stores it as conflicted. */
static void
test_expired_lease_conflict (Fixture       *f,
                             gconstpointer  data)
{
  static const char * const sweep[] = { "--sweep-interval", "1", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) task_ids = NULL;
  g_autoptr(GPtrArray) others = NULL;
  g_autofree char *other_token = NULL;
  g_autofree char *annotation = NULL;
  g_autofree char *sql = NULL;
  LimnSyncTestClient *other;

  f->project_id = limn_test_server_add_image_project (f->server, "Streets", 1);
  f->token = limn_test_server_add_token (f->server, "erin", f->project_id, "annotator", NULL);
  other_token = limn_test_server_add_token (f->server, "frank", f->project_id, "annotator", NULL);
  g_free (limn_test_server_admin (f->server, "project", "set", "--project", f->project_id,
                                  "--lease-seconds", "1", NULL));
  limn_test_server_start (f->server, sweep, NULL);

  g_assert_true (limn_sync_test_sign_in (f->local->client, limn_test_server_get_url (f->server),
                                         f->token, &error));
  task_ids = limn_sync_test_claim (f->local->client, f->project_id, 1, &error);
  g_assert_no_error (error);

  /* The lease ends and the sweep gives the task to frank. */
  g_usleep (2600 * 1000);
  other = limn_sync_test_client_new (NULL);
  g_assert_true (limn_sync_test_sign_in (other->client, limn_test_server_get_url (f->server),
                                         other_token, &error));
  others = limn_sync_test_claim (other->client, f->project_id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (others->len, ==, 1);
  limn_sync_test_client_free (other, FALSE);

  annotation = limn_sync_test_label_task (f->local, f->project_id, g_ptr_array_index (task_ids, 0), 2, FALSE);
  g_assert_true (limn_sync_test_sync (f->local->client, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (f->conflicts, ==, 1);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM annotations WHERE id = '%s' AND state = 'conflicted' "
                         "AND sync_status = 'conflict' AND region_count = 2", annotation);
  g_assert_cmpint (limn_sync_test_count (f->local->worker, sql), ==, 1);
  g_assert_cmpint (limn_sync_test_count (f->local->worker, "SELECT COUNT(*) FROM assignments "
                                                           "WHERE expired_us IS NOT NULL"), ==, 1);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "annotations.conflicted"), ==, 1);
  g_assert_cmpint (limn_sync_client_get_n_pending (f->local->client), ==, 0);
}

/* Car's texts as the app would show them to a de_DE, a ja_JP and a fr_FR
 * user, and its description for de_DE, from the client's store. */
static gpointer
car_texts_job (LimnStore  *store,
               gpointer    data,
               GError    **error)
{
  g_autoptr(LimnProject) project = limn_store_load_project (store, data, error);
  const char * const de[] = { "de_DE.UTF-8", "de_DE", "de", "C", NULL };
  const char * const ja[] = { "ja_JP.UTF-8", "ja_JP", "ja", "C", NULL };
  const char * const fr[] = { "fr_FR.UTF-8", "fr_FR", "fr", "C", NULL };
  GListModel *labels;

  if (project == NULL)
    return NULL;
  labels = limn_project_get_labels (project);
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(LimnLabel) label = g_list_model_get_item (labels, i);

      if (g_str_equal (limn_label_get_name (label), "Car"))
        return g_strdup_printf ("%s|%s|%s|%s", limn_label_get_display_name (label, de),
                                limn_label_get_display_name (label, ja),
                                limn_label_get_display_name (label, fr),
                                limn_label_get_display_description (label, de));
    }
  return g_strdup ("no Car");
}

static char *
car_texts (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  char *texts = limn_store_worker_run_sync (f->local->worker, car_texts_job, f->project_id, &error);

  g_assert_no_error (error);
  return texts;
}

/* Label names and descriptions per language given on the server (issue 21)
 * reach the client with the project and with a later labels change; the
 * user sees their language, else the project's default. */
static void
test_label_translations (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) task_ids = NULL;
  g_autofree char *out = NULL;
  g_autofree char *texts = NULL;

  f->project_id = limn_test_server_add_image_project (f->server, "Streets", 3);
  f->token = limn_test_server_add_token (f->server, "alice", f->project_id, "annotator", NULL);
  out = limn_test_server_admin (f->server, "labels", "translate", "--project", f->project_id,
                                "--label", "Car", "--language", "de", "--name", "Auto",
                                "--description", "Jedes Straßenfahrzeug", NULL);
  limn_test_server_start (f->server, NULL, NULL);

  g_assert_true (limn_sync_test_sign_in (f->local->client, limn_test_server_get_url (f->server),
                                         f->token, &error));
  g_assert_no_error (error);
  task_ids = limn_sync_test_claim (f->local->client, f->project_id, 1, &error);
  g_assert_no_error (error);
  texts = car_texts (f);
  g_assert_cmpstr (texts, ==, "Auto|Car|Car|Jedes Straßenfahrzeug");

  /* A language added later arrives as a labels change. */
  g_free (out);
  out = limn_test_server_admin (f->server, "labels", "translate", "--project", f->project_id,
                                "--label", "Car", "--language", "ja", "--name", "車", NULL);
  g_assert_true (limn_sync_test_sync (f->local->client, &error));
  g_assert_no_error (error);
  g_free (texts);
  texts = car_texts (f);
  g_assert_cmpstr (texts, ==, "Auto|車|Car|Jedes Straßenfahrzeug");
  g_assert_cmpint (limn_sync_test_count (f->local->worker,
                                         "SELECT COUNT(*) FROM labels WHERE names LIKE '%車%'"), ==, 1);
}

static void
set_guardrails (Fixture    *f,
                const char *rules)
{
  g_autofree char *path = g_build_filename (f->local->dir, "rules.json", NULL);

  g_assert_true (g_file_set_contents (path, rules, -1, NULL));
  g_free (limn_test_server_admin (f->server, "project", "set", "--project", f->project_id,
                                  "--guardrails", path, NULL));
}

/* Guardrails end to end (docs/guardrails.md): the rules reach the client
 * with the project; an override event logged as the app logs it reaches
 * the server and is counted; an answer a block rule refuses comes back
 * rejected with the rule in the reason, and the server stores nothing. */
static void
test_guardrails (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) task_ids = NULL;
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(JsonNode) stats = NULL;
  g_autofree char *out = NULL;
  JsonArray *rules = json_array_new ();

  f->project_id = limn_test_server_add_image_project (f->server, "Streets", 3);
  f->token = limn_test_server_add_token (f->server, "alice", f->project_id, "annotator", NULL);
  set_guardrails (f, "{\"rules\": [{\"id\": \"sure\", \"rule\": \"value_range\","
                     " \"severity\": \"warn\", \"field\": \"confidence\", \"min\": 0.9}]}");
  limn_test_server_start (f->server, NULL, NULL);
  g_assert_true (limn_sync_test_sign_in (f->local->client, limn_test_server_get_url (f->server),
                                         f->token, &error));
  task_ids = limn_sync_test_claim (f->local->client, f->project_id, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (task_ids->len, ==, 2);
  g_assert_cmpint (limn_sync_test_count (f->local->worker,
                                         "SELECT COUNT(*) FROM projects WHERE json_extract (settings,"
                                         " '$.guardrails.rules[0].id') = 'sure'"), ==, 1);

  /* A warning passed with a reason: the override event, then the answer. */
  limn_event_log_set_context (f->local->log, f->project_id, g_ptr_array_index (task_ids, 0));
  json_array_add_string_element (rules, "sure");
  json_object_set_array_member (payload, "rules", rules);
  json_object_set_string_member (payload, "reason", "the photo is blurred");
  limn_event_log_record (f->local->log, "guardrail_override", payload);
  g_free (limn_sync_test_label_task (f->local, f->project_id, g_ptr_array_index (task_ids, 0), 2,
                                     FALSE));
  g_assert_true (limn_sync_test_sync (f->local->client, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->rejections, ==, 0);
  g_assert_cmpint (limn_test_server_count (f->server, f->project_id, "annotations"), ==, 1);

  out = limn_test_server_admin (f->server, "stats", "--project", f->project_id, "--names", NULL);
  stats = json_from_string (out, NULL);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                     json_node_get_object (stats), "guardrail_overrides"), "total"), ==, 1);

  /* The admin makes small boxes a block: the next answer is refused. */
  set_guardrails (f, "{\"rules\": [{\"id\": \"shape\", \"rule\": \"box_shape\","
                     " \"severity\": \"block\", \"min_area\": 1000000}]}");
  g_free (limn_sync_test_label_task (f->local, f->project_id, g_ptr_array_index (task_ids, 1), 1,
                                     FALSE));
  g_assert_true (limn_sync_test_sync (f->local->client, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->rejections, ==, 1);
  g_assert_cmpint (limn_test_server_count (f->server, f->project_id, "annotations"), ==, 1);
  g_assert_cmpint (limn_sync_test_count (f->local->worker,
                                         "SELECT COUNT(*) FROM annotations WHERE sync_status = 'rejected'"
                                         " AND sync_reason LIKE 'guardrail shape:%'"), ==, 1);
}

/* hidden_task_fields (docs/security.md, "Privacy"): what the server does
 * not send, the client's store never holds, and what it held before the
 * project hid it goes at the next claim. Two image tasks with a model's
 * suggestion each (LabelMe files imported as suggestions); the first is
 * claimed openly, then the project hides titles and suggestions. */
static void
test_hidden_task_fields (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  const char *dir = limn_test_server_get_data_dir (f->server);
  g_autofree char *folder = g_build_filename (dir, "labelme", NULL);
  g_autofree char *labels = g_build_filename (dir, "labels.txt", NULL);
  g_autofree char *out = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = g_strdup_printf ("photo-%u.png", i);
      g_autofree char *png = g_build_filename (folder, name, NULL);
      g_autofree char *json_name = g_strdup_printf ("photo-%u.json", i);
      g_autofree char *json = g_build_filename (folder, json_name, NULL);
      g_autofree char *text = NULL;

      limn_test_write_png (png, 120 + i, 90, 0x336699);
      text = g_strdup_printf ("{\"version\": \"5.0.1\", \"flags\": {}, \"shapes\": [{"
                              "\"label\": \"Person\", \"points\": [[10, 10], [40, 30]],"
                              " \"group_id\": null, \"shape_type\": \"rectangle\","
                              " \"flags\": {}}], \"imagePath\": \"%s\","
                              " \"imageData\": null, \"imageHeight\": 90,"
                              " \"imageWidth\": %u}", name, 120 + i);
      g_assert_true (g_file_set_contents (json, text, -1, NULL));
    }
  g_assert_true (g_file_set_contents (labels, "Person\nCar\n", -1, NULL));
  out = limn_test_server_admin (f->server, "project", "create", "--name", "Hidden",
                                "--labels", labels, NULL);
  f->project_id = limn_test_kv (out, "project_id");
  g_free (limn_test_server_admin (f->server, "import", "--project", f->project_id, "--format",
                                  "labelme", "--as-suggestions", "--model", "det",
                                  "--model-version", "4", folder, NULL));
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT count (*) FROM tasks "
                                       "WHERE suggestions LIKE '%det/4%'"), ==, 2);
  f->token = limn_test_server_add_token (f->server, "alice", f->project_id, "annotator", NULL);
  limn_test_server_start (f->server, NULL, NULL);
  g_assert_true (limn_sync_test_sign_in (f->local->client, limn_test_server_get_url (f->server),
                                         f->token, &error));

  /* Before: the first task as it is. */
  first = limn_sync_test_claim (f->local->client, f->project_id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (first->len, ==, 1);
  g_assert_cmpint (limn_sync_test_count (f->local->worker,
                                         "SELECT COUNT(*) FROM tasks WHERE title LIKE 'photo-%'"),
                   ==, 1);
  g_assert_cmpint (limn_sync_test_count (f->local->worker,
                                         "SELECT COUNT(*) FROM pre_annotations"), ==, 1);
  /* Submitted: the next claim does not send it again. */
  g_free (limn_sync_test_label_task (f->local, f->project_id, g_ptr_array_index (first, 0), 1,
                                     FALSE));
  g_assert_true (limn_sync_test_sync (f->local->client, &error));
  g_assert_no_error (error);

  g_free (limn_test_server_admin (f->server, "project", "set", "--project", f->project_id,
                                  "--hide-fields", "title,suggestions", NULL));
  second = limn_sync_test_claim (f->local->client, f->project_id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (second, 0), !=, g_ptr_array_index (first, 0));
  g_assert_true (limn_sync_test_sync (f->local->client, &error));
  g_assert_no_error (error);

  /* After: neither task has its title (the file's name) or a suggestion,
   * the one received before included; the project says what is hidden. */
  g_assert_cmpint (limn_sync_test_count (f->local->worker, "SELECT COUNT(*) FROM tasks"), ==, 2);
  g_assert_cmpint (limn_sync_test_count (f->local->worker,
                                         "SELECT COUNT(*) FROM tasks WHERE title = ''"), ==, 2);
  g_assert_cmpint (limn_sync_test_count (f->local->worker,
                                         "SELECT COUNT(*) FROM tasks WHERE instr (title, 'photo')"
                                         " OR instr (meta, 'photo')"), ==, 0);
  g_assert_cmpint (limn_sync_test_count (f->local->worker,
                                         "SELECT COUNT(*) FROM pre_annotations"), ==, 0);
  g_assert_cmpint (limn_sync_test_count (f->local->worker,
                                         "SELECT COUNT(*) FROM projects WHERE json_extract (settings,"
                                         " '$.hidden_task_fields[1]') = 'suggestions'"), ==, 1);
}

/* The guidelines as the app would show them to a de_DE, a ja_JP and a
 * fr_FR user, from the client's store. */
static gpointer
guideline_texts_job (LimnStore  *store,
                     gpointer    data,
                     GError    **error)
{
  g_autoptr(LimnProject) project = limn_store_load_project (store, data, error);
  const char * const de[] = { "de_DE.UTF-8", "de_DE", "de", "C", NULL };
  const char * const ja[] = { "ja_JP.UTF-8", "ja_JP", "ja", "C", NULL };
  const char * const fr[] = { "fr_FR.UTF-8", "fr_FR", "fr", "C", NULL };

  if (project == NULL)
    return NULL;
  return g_strdup_printf ("%" G_GINT64_FORMAT ":%s|%s|%s", limn_project_get_guideline_version (project),
                          limn_project_get_display_guidelines (project, de),
                          limn_project_get_display_guidelines (project, ja),
                          limn_project_get_display_guidelines (project, fr));
}

static char *
write_temp (const char *dir,
            const char *name,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
  return path;
}

/* Guidelines per language published on the server (issue 21) reach the
 * client with the project and with a later guidelines change; the user
 * reads their language, else the default. */
static void
test_guideline_translations (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) task_ids = NULL;
  g_autofree char *dir = g_dir_make_tmp ("limn-guide-XXXXXX", &error);
  g_autofree char *en = write_temp (dir, "en.md", "Box cars.");
  g_autofree char *de = write_temp (dir, "de.md", "Autos einrahmen.");
  g_autofree char *ja = write_temp (dir, "ja.md", "車を囲む。");
  g_autofree char *opt = g_strdup_printf ("de=%s", de);
  g_autofree char *out = NULL;
  char *texts;

  f->project_id = limn_test_server_add_image_project (f->server, "Streets", 3);
  f->token = limn_test_server_add_token (f->server, "alice", f->project_id, "annotator", NULL);
  out = limn_test_server_admin (f->server, "guidelines", "publish", "--project", f->project_id,
                                "--file", en, "--translations", opt, NULL);
  limn_test_server_start (f->server, NULL, NULL);

  g_assert_true (limn_sync_test_sign_in (f->local->client, limn_test_server_get_url (f->server),
                                         f->token, &error));
  g_assert_no_error (error);
  task_ids = limn_sync_test_claim (f->local->client, f->project_id, 1, &error);
  g_assert_no_error (error);
  texts = limn_store_worker_run_sync (f->local->worker, guideline_texts_job, f->project_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (texts, ==, "1:Autos einrahmen.|Box cars.|Box cars.");
  g_free (texts);

  /* A new version with Japanese arrives as a guidelines change. */
  g_free (opt);
  opt = g_strdup_printf ("ja=%s,de=%s", ja, de);
  g_free (out);
  out = limn_test_server_admin (f->server, "guidelines", "publish", "--project", f->project_id,
                                "--file", en, "--translations", opt, NULL);
  g_assert_true (limn_sync_test_sync (f->local->client, &error));
  g_assert_no_error (error);
  texts = limn_store_worker_run_sync (f->local->worker, guideline_texts_job, f->project_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (texts, ==, "2:Autos einrahmen.|車を囲む。|Box cars.");
  g_free (texts);
  g_assert_cmpint (limn_sync_test_count (f->local->worker,
                                         "SELECT COUNT(*) FROM guidelines WHERE translations LIKE '%車%'"),
                   ==, 1);
  g_unlink (en);
  g_unlink (de);
  g_unlink (ja);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/sync-e2e/label-and-sync-images", test_label_and_sync_images);
  ADD ("/sync-e2e/text-spans", test_text_spans);
  ADD ("/sync-e2e/restore-from-kept-token", test_restore_from_kept_token);
  ADD ("/sync-e2e/gold-after-submit", test_gold_after_submit);
  ADD ("/sync-e2e/expired-lease-conflict", test_expired_lease_conflict);
  ADD ("/sync-e2e/label-translations", test_label_translations);
  ADD ("/sync-e2e/guideline-translations", test_guideline_translations);
  ADD ("/sync-e2e/guardrails", test_guardrails);
  ADD ("/sync-e2e/training", test_training);
  ADD ("/sync-e2e/hidden-task-fields", test_hidden_task_fields);
#undef ADD

  return g_test_run ();
}
