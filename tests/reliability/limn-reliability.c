/* limn-reliability.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-reliability"

#include "config.h"

#include <sqlite3.h>

#include "model/limn-draft.h"
#include "store/limn-store-private.h"
#include "limn-reliability.h"
#include "limn-sync-test.h"
#include "limn-test-util.h"

gboolean
limn_rel_soak (void)
{
  return g_strcmp0 (g_getenv ("LIMN_SOAK"), "1") == 0;
}

/* The team */

LimnRelTeam *
limn_rel_team_new (void)
{
  LimnRelTeam *team = g_new0 (LimnRelTeam, 1);

  /* The kill loops resend hundreds of batches a minute from one token,
   * past the default quota of 120 (--batches-per-minute), which
   * test-server-hostile proves on its own. */
  static const char * const args[] = { "--batches-per-minute", "1000000", NULL };

  team->server = limn_test_server_new ();
  limn_test_server_start (team->server, args, NULL);

  return team;
}

static void
drop_client (LimnRelTeam *team)
{
  if (team->client_dir != NULL)
    limn_test_rm_rf (team->client_dir);
  g_clear_pointer (&team->client_dir, g_free);
  g_clear_pointer (&team->db_path, g_free);
  g_clear_pointer (&team->project_id, g_free);
}

void
limn_rel_team_new_client (LimnRelTeam *team,
                          guint        n_tasks)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) task_ids = NULL;
  g_autofree char *token = NULL;
  g_autofree char *name = g_strdup_printf ("annotator-%u", ++team->n_clients);
  LimnSyncTestClient *local;

  drop_client (team);
  /* Admin commands may run beside the server (they wait for its lock). */
  team->project_id = limn_test_server_add_image_project (team->server, name, n_tasks);
  token = limn_test_server_add_token (team->server, name, team->project_id, "annotator", NULL);

  local = limn_sync_test_client_new (NULL);
  g_assert_true (limn_sync_test_sign_in (local->client, limn_test_server_get_url (team->server),
                                         token, &error));
  g_assert_no_error (error);
  /* No image downloads: the suites are about the database. */
  limn_sync_client_set_prefetch_count (local->client, 0);
  task_ids = limn_sync_test_claim (local->client, team->project_id, n_tasks, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (task_ids->len, ==, n_tasks);

  team->client_dir = g_strdup (local->dir);
  team->db_path = g_strdup (local->db_path);
  limn_sync_test_client_free (local, TRUE);
}

void
limn_rel_team_free (LimnRelTeam *team)
{
  if (team == NULL)
    return;

  drop_client (team);
  g_clear_pointer (&team->server, limn_test_server_free);
  g_free (team);
}

/* The child */

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

static void
wait_job (LimnStoreWorker *worker,
          GAsyncResult   **slot)
{
  g_autoptr(GError) error = NULL;

  limn_sync_test_wait (slot);
  if (!limn_store_jobs_finish (worker, *slot, &error))
    g_error ("child: a job failed: %s", error->message);
  g_clear_object (slot);
}

/* What the app's task page does, from opening a task to submitting it:
 * every edit is logged, autosaved as a draft snapshot, and the submit job
 * runs after the submit event. The submitted revision's active_ms is
 * 1000 + its number of regions, so a check can tell a whole revision from a
 * half-written one. */
static char *
label_task (LimnSyncTestClient *local,
            LimnProject        *project,
            const char         *task_id,
            GRand              *rand)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LimnTaskContents) contents = NULL;
  g_autoptr(LimnDraft) draft = NULL;
  g_autoptr(LimnAnnotation) snapshot = NULL;
  g_autoptr(LimnLabel) label = g_list_model_get_item (limn_project_get_labels (project), 0);
  gint64 guidelines = limn_project_get_guideline_version (project);
  guint n_new = g_rand_int_range (rand, 1, 6);
  guint n_regions;
  JsonObject *payload;

  limn_event_log_set_context (local->log, limn_project_get_id (project), task_id);
  limn_store_jobs_open_task_async (local->worker, task_id, guidelines, NULL,
                                   limn_sync_test_done_cb, &result);
  limn_sync_test_wait (&result);
  contents = limn_store_jobs_open_task_finish (local->worker, result, &error);
  if (contents == NULL)
    g_error ("child: opening task %s: %s", task_id, error->message);
  g_clear_object (&result);

  /* A submitted task is edited again as its next revision. */
  if (contents->read_only)
    {
      draft = limn_draft_new_read_only (contents->annotation, contents->suggestions, local->log);
      g_assert_true (limn_draft_start_revision (draft, guidelines));
    }
  else
    draft = limn_draft_new (contents->annotation, contents->suggestions, local->log);

  payload = json_object_new ();
  json_object_set_string_member (payload, "annotation_id", limn_draft_get_annotation_id (draft));
  limn_event_log_record (local->log, LIMN_EVENT_TASK_OPENED, payload);
  json_object_unref (payload);

  for (guint i = 0; i < n_new; i++)
    {
      g_autoptr(LimnRegion) region = NULL;
      g_autoptr(LimnAnnotation) autosave = NULL;
      int w = limn_task_get_width (contents->task), h = limn_task_get_height (contents->task);
      LimnBox box = { g_rand_int_range (rand, 0, w - 10), g_rand_int_range (rand, 0, h - 10), 8, 6 };

      region = limn_region_new_box (NULL, limn_label_get_id (label), &box);
      g_assert_true (limn_draft_add_region (draft, region));

      /* The page autosaves on every change; the writer coalesces. */
      autosave = limn_draft_snapshot (draft, i, i);
      limn_store_worker_save_draft (local->worker, autosave);
    }
  /* FALSE when a next revision already carries it. */
  limn_draft_set_confidence (draft, 0.8);

  if (g_rand_int_range (rand, 0, 5) == 0)
    {
      LimnFlag *flag = limn_flag_new (task_id, limn_store_worker_get_annotator (local->worker),
                                      "guideline-gap", "Is a cyclist a person?");

      payload = json_object_new ();
      json_object_set_string_member (payload, "flag_id", flag->id);
      limn_event_log_record (local->log, LIMN_EVENT_FLAG_RAISED, payload);
      json_object_unref (payload);
      limn_store_jobs_flag_async (local->worker, flag, NULL, limn_sync_test_done_cb, &result);
      wait_job (local->worker, &result);
    }

  n_regions = limn_draft_get_n_regions (draft);
  payload = json_object_new ();
  json_object_set_string_member (payload, "annotation_id", limn_draft_get_annotation_id (draft));
  json_object_set_int_member (payload, "regions", n_regions);
  limn_event_log_record (local->log, LIMN_EVENT_SUBMIT, payload);
  json_object_unref (payload);

  snapshot = limn_draft_snapshot (draft, 1000 + n_regions, 2000 + n_regions);
  limn_store_jobs_submit_async (local->worker, snapshot, NULL, limn_sync_test_done_cb, &result);
  wait_job (local->worker, &result);

  return g_strdup (snapshot->id);
}

static LimnProjectContents *
open_project (LimnStoreWorker *worker,
              const char      *project_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  LimnProjectContents *contents;

  limn_store_jobs_open_project_async (worker, project_id, NULL, limn_sync_test_done_cb, &result);
  limn_sync_test_wait (&result);
  contents = limn_store_jobs_open_project_finish (worker, result, &error);
  if (contents == NULL)
    g_error ("child: opening the project: %s", error->message);

  return contents;
}

static gpointer
set_autocheckpoint_job (LimnStore  *store,
                        gpointer    data,
                        GError    **error)
{
  sqlite3_wal_autocheckpoint (limn_store_get_db (store), GPOINTER_TO_INT (data));
  return NULL;
}

int
limn_rel_child_run (const char *dir,
                    guint32     seed,
                    gboolean    finish)
{
  LimnSyncTestClient *local = limn_sync_test_client_new (dir);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(LimnProjectContents) contents = NULL;

  if (!restore (local->client))
    return 2;

  /* Half the children checkpoint the WAL every few pages instead of every
   * 1,000 (SQLite's default, which a short-lived child seldom reaches), so
   * kills and power cuts land in checkpoints too. */
  if (!finish && g_rand_boolean (rand))
    limn_store_worker_run_sync (local->worker, set_autocheckpoint_job,
                                GINT_TO_POINTER (g_rand_int_range (rand, 4, 64)), NULL);

  limn_sync_client_set_prefetch_count (local->client, 0);
  /* Small batches: more of them, so kills land between making a batch,
   * sending it and storing its answer. */
  g_object_set (local->client, "batch-size", 8, "timeout", 5, NULL);

  if (finish)
    {
      for (guint attempt = 0;; attempt++)
        {
          g_autoptr(GError) error = NULL;

          if (limn_sync_test_sync (local->client, &error) &&
              limn_sync_client_get_n_pending (local->client) == 0)
            break;
          if (attempt > 50)
            {
              g_printerr ("child: could not send everything: %s\n", error ? error->message : "?");
              return 3;
            }
        }
      limn_sync_test_client_free (local, TRUE);
      return 0;
    }

  contents = open_project (local->worker, limn_sync_client_get_project_id (local->client));
  g_assert_cmpuint (contents->tasks->len, >, 0);

  for (;;)
    {
      LimnTask *task = g_ptr_array_index (contents->tasks,
                                          g_rand_int_range (rand, 0, contents->tasks->len));
      g_autofree char *id = label_task (local, contents->project, limn_task_get_id (task), rand);

      g_print ("done %s\n", id);
      fflush (stdout);
      limn_sync_client_sync_now (local->client);
    }

  return 1;
}

GSubprocess *
limn_rel_spawn_child (const char *self_exe,
                      const char *dir,
                      guint32     seed,
                      const char *extra1,
                      const char *extra2)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *seed_text = g_strdup_printf ("%u", seed);
  GSubprocess *child;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            self_exe, "--child", dir, seed_text, extra1, extra2, NULL);
  g_assert_no_error (error);

  return child;
}

gboolean
limn_rel_read_done (GDataInputStream *lines,
                    GHashTable       *reported)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line (lines, NULL, NULL, &error);

  g_assert_no_error (error);
  if (line == NULL)
    return FALSE;

  if (!g_str_has_prefix (line, "done "))
    g_error ("the child printed “%s”", line);
  g_hash_table_add (reported, g_strdup (line + 5));

  return TRUE;
}

/* The checks */

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("bad check query (%s): %s", sqlite3_errmsg (db), sql);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return n;
}

/* Each counts the rows that break a rule; all must be 0. */
static const struct
{
  const char *rule;
  const char *sql;
} invariants[] = {
  { "every submitted revision of a remote project has its outbox row",
    "SELECT COUNT(*) FROM annotations a JOIN tasks t ON t.id = a.task_id "
    "JOIN projects p ON p.id = t.project_id "
    "WHERE p.server_url IS NOT NULL AND a.state IN ('submitted', 'conflicted') "
    "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'annotation' AND o.item_id = a.id)" },
  { "every queued annotation is a stored revision",
    "SELECT COUNT(*) FROM outbox o WHERE o.kind = 'annotation' "
    "AND NOT EXISTS (SELECT 1 FROM annotations a WHERE a.id = o.item_id)" },
  { "every event of a remote project has its outbox row",
    "SELECT COUNT(*) FROM events e JOIN projects p ON p.id = e.project_id "
    "WHERE p.server_url IS NOT NULL "
    "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'event' AND o.item_id = e.id "
    "                AND o.event_seq = e.seq)" },
  { "every queued event is a stored event",
    "SELECT COUNT(*) FROM outbox o WHERE o.kind = 'event' "
    "AND NOT EXISTS (SELECT 1 FROM events e WHERE e.seq = o.event_seq AND e.id = o.item_id)" },
  { "every flag of a remote project has its outbox row",
    "SELECT COUNT(*) FROM flags f JOIN tasks t ON t.id = f.task_id "
    "JOIN projects p ON p.id = t.project_id WHERE p.server_url IS NOT NULL "
    "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'flag' AND o.item_id = f.id)" },
  { "an outbox row is acked exactly when it has a result",
    "SELECT COUNT(*) FROM outbox WHERE (acked_us IS NULL) <> (result IS NULL)" },
  { "a row waiting in a batch belongs to an open batch",
    "SELECT COUNT(*) FROM outbox o WHERE o.batch_key IS NOT NULL AND o.acked_us IS NULL "
    "AND NOT EXISTS (SELECT 1 FROM outbox_batches b WHERE b.key = o.batch_key AND b.acked_us IS NULL)" },
  { "an open batch holds exactly its n_items waiting rows",
    "SELECT COUNT(*) FROM outbox_batches b WHERE b.acked_us IS NULL AND b.n_items <> "
    "(SELECT COUNT(*) FROM outbox o WHERE o.batch_key = b.key AND o.acked_us IS NULL)" },
  { "an answered batch has no waiting rows",
    "SELECT COUNT(*) FROM outbox_batches b WHERE b.acked_us IS NOT NULL "
    "AND EXISTS (SELECT 1 FROM outbox o WHERE o.batch_key = b.key AND o.acked_us IS NULL)" },
  { "an acked row came from a batch",
    "SELECT COUNT(*) FROM outbox o WHERE o.acked_us IS NOT NULL AND o.result <> 'rejected' "
    "AND NOT EXISTS (SELECT 1 FROM outbox_batches b WHERE b.key = o.batch_key AND b.acked_us IS NOT NULL)" },
  { "a revision waiting in the outbox is 'pending'",
    "SELECT COUNT(*) FROM annotations a JOIN outbox o ON o.kind = 'annotation' AND o.item_id = a.id "
    "WHERE o.acked_us IS NULL AND a.sync_status IS NOT 'pending'" },
  { "an applied revision is marked applied",
    "SELECT COUNT(*) FROM annotations a JOIN outbox o ON o.kind = 'annotation' AND o.item_id = a.id "
    "WHERE o.result IN ('applied', 'duplicate') AND a.sync_status NOT IN ('applied', 'conflict')" },
  { "a submitted revision has all its regions (no half transaction)",
    "SELECT COUNT(*) FROM annotations a WHERE a.state IN ('submitted', 'conflicted') "
    "AND (a.region_count <> (SELECT COUNT(*) FROM regions r WHERE r.annotation_id = a.id) "
    "     OR a.active_ms <> 1000 + a.region_count)" },
  { "a submitted revision was stored with its submit event",
    "SELECT COUNT(*) FROM annotations a WHERE a.state IN ('submitted', 'conflicted') "
    "AND a.id NOT IN (SELECT json_extract (e.payload, '$.annotation_id') FROM events e "
    "                 WHERE e.type = 'submit' "
    "                 AND json_extract (e.payload, '$.annotation_id') IS NOT NULL)" },
};

gboolean
limn_rel_check_client (const char     *db_path,
                       GHashTable     *reported,
                       const char     *what,
                       LimnRelCounts  *counts,
                       GError        **refusal)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnStore) store = NULL;
  g_autoptr(GHashTable) stored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key;
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;

  /* The app's way back in: open (recovering the WAL) and migrate. */
  store = limn_store_open (db_path, &error);
  if (store == NULL)
    {
      /* Refusing is allowed only where the caller allows it, and only with
       * a message a person can act on. */
      if (refusal == NULL || error->domain != LIMN_STORE_ERROR || *error->message == '\0')
        g_error ("%s: the database does not reopen: %s", what, error->message);
      g_propagate_error (refusal, g_steal_pointer (&error));
      return FALSE;
    }
  if (!limn_store_check_integrity (store, &error))
    g_error ("%s: %s", what, error->message);

  db = limn_store_get_db (store);
  for (guint i = 0; i < G_N_ELEMENTS (invariants); i++)
    {
      gint64 n = query_int (db, invariants[i].sql);

      if (n != 0)
        g_error ("%s: broken rule: %s (%" G_GINT64_FORMAT " rows)", what, invariants[i].rule, n);
    }

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM annotations "
                                           "WHERE state IN ('submitted', 'conflicted')",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_add (stored, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);

  /* Reported done means on disk: the submit job's callback ran after its
   * commit. (Its outbox row is checked by the first rule.) */
  g_hash_table_iter_init (&iter, reported);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (stored, key))
      g_error ("%s: the submit %s was reported done and is gone", what, (char *)key);

  if (counts != NULL)
    {
      counts->submitted = g_hash_table_size (stored);
      counts->acked = query_int (db, "SELECT COUNT(*) FROM outbox WHERE acked_us IS NOT NULL");
      counts->pending = query_int (db, "SELECT COUNT(*) FROM outbox WHERE acked_us IS NULL");
      counts->open_batches = query_int (db, "SELECT COUNT(*) FROM outbox_batches WHERE acked_us IS NULL");
      counts->events = query_int (db, "SELECT COUNT(*) FROM events");
    }

  return TRUE;
}

void
limn_rel_check_exactly_once (LimnRelTeam *team,
                             GHashTable  *reported)
{
  g_autofree char *server_db = limn_test_server_get_db_path (team->server);
  g_autofree char *events_sql = g_strdup_printf ("SELECT id FROM events WHERE project_id = '%s'",
                                                 team->project_id);
  g_autoptr(GPtrArray) ce = limn_sync_test_ids (team->db_path, events_sql);
  g_autoptr(GPtrArray) ca = limn_sync_test_ids (team->db_path, "SELECT id FROM annotations "
                                                               "WHERE state IN ('submitted', 'conflicted')");
  g_autoptr(GPtrArray) cf = limn_sync_test_ids (team->db_path, "SELECT id FROM flags");
  g_autoptr(GPtrArray) se = limn_sync_test_ids (server_db, events_sql);
  g_autofree char *annotations_sql = g_strdup_printf ("SELECT id FROM annotations WHERE project_id = '%s'",
                                                      team->project_id);
  g_autofree char *flags_sql = g_strdup_printf ("SELECT id FROM flags WHERE project_id = '%s'",
                                                team->project_id);
  g_autoptr(GPtrArray) sa = limn_sync_test_ids (server_db, annotations_sql);
  g_autoptr(GPtrArray) sf = limn_sync_test_ids (server_db, flags_sql);
  g_autoptr(GPtrArray) pending = limn_sync_test_ids (team->db_path,
                                                     "SELECT seq FROM outbox WHERE acked_us IS NULL");
  g_autoptr(GPtrArray) refused = limn_sync_test_ids (team->db_path,
                                                     "SELECT item_id FROM outbox "
                                                     "WHERE result IN ('rejected', 'conflict')");
  g_autoptr(GHashTable) at_server = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;

  g_test_message ("client and server: %u events, %u annotations, %u flags; %u submits reported",
                  ce->len, ca->len, cf->len, g_hash_table_size (reported));
  limn_sync_test_assert_same_ids (ce, se, "events");
  limn_sync_test_assert_same_ids (ca, sa, "annotations");
  limn_sync_test_assert_same_ids (cf, sf, "flags");
  g_assert_cmpuint (pending->len, ==, 0);
  g_assert_cmpuint (refused->len, ==, 0);

  for (guint i = 0; i < sa->len; i++)
    g_hash_table_add (at_server, g_ptr_array_index (sa, i));
  g_hash_table_iter_init (&iter, reported);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (at_server, key))
      g_error ("the submit %s was reported done and never reached the server", (char *)key);

  limn_sync_test_assert_integrity (team->db_path);
  limn_sync_test_assert_integrity (server_db);
}
