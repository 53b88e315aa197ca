/* test-sync-outbox.c
 *
 * The client's outbox without a server: migration 2 keeps a version 1
 * file's rows; work on a remote project is queued in the transaction that
 * stores it (events through the writer's batch, submits and flags through
 * their jobs) and local projects queue nothing; a batch keeps its key and
 * its exact bytes until it is answered, across a restart; answers are
 * stored with the ack (conflicts kept as conflicted revisions, refusals
 * with their reason, never resent).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "store/limn-store-jobs.h"
#include "store/limn-store-private.h"
#include "store/limn-store-changes.h"
#include "store/limn-store-outbox.h"
#include "sync/limn-wire.h"
#include "limn-test-util.h"

#define SERVER "https://limn.test"

typedef struct
{
  char        *dir;
  char        *path;
  LimnStore   *store;
  char        *project_id;
  char        *local_project_id;
  char        *label_id;
  GPtrArray   *task_ids;
  LimnAccount *account;
} Fixture;

static void
save_project (LimnStore  *store,
              const char *project_id,
              const char *label_id,
              GPtrArray  *task_ids,
              guint       n_tasks,
              const char *server_url)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnProject) project = limn_project_new (project_id, "Streets", LIMN_PROJECT_IMAGE);
  g_autoptr(LimnLabel) label = limn_label_new (label_id, "Person", "#3584e4", "1");

  limn_project_add_label (project, label);
  g_assert_true (limn_store_save_project (store, project, &error));
  g_assert_no_error (error);
  if (server_url != NULL)
    {
      g_assert_true (limn_store_set_project_remote (store, project_id, server_url, "{}", &error));
      g_assert_no_error (error);
    }

  for (guint i = 0; i < n_tasks; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *title = g_strdup_printf ("img-%03u.png", i);
      g_autoptr(LimnTask) task = limn_task_new (id, project_id, LIMN_TASK_IMAGE, i, title);

      limn_task_set_size (task, 100, 80);
      g_assert_true (limn_store_save_task (store, task, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (limn_store_set_assignment (store, id, limn_store_get_local_annotator (store),
                                                "assigned", &error));
      if (task_ids != NULL)
        g_ptr_array_add (task_ids, g_steal_pointer (&id));
    }
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  LimnWireMe me = { 0 };

  f->dir = limn_test_mkdtemp ();
  f->path = g_build_filename (f->dir, "limn.db", NULL);
  f->store = limn_store_open (f->path, &error);
  g_assert_no_error (error);

  f->project_id = g_uuid_string_random ();
  f->local_project_id = g_uuid_string_random ();
  f->label_id = g_uuid_string_random ();
  f->task_ids = g_ptr_array_new_with_free_func (g_free);
  save_project (f->store, f->project_id, f->label_id, f->task_ids, 4, SERVER);
  save_project (f->store, f->local_project_id, f->label_id, NULL, 0, NULL);

  me.user_id = g_uuid_string_random ();
  me.user_name = g_strdup ("alice");
  me.role = g_strdup ("annotator");
  me.project_id = g_strdup (f->project_id);
  f->account = limn_store_ensure_account (f->store, SERVER, &me, "file", FALSE, &error);
  g_assert_no_error (error);
  g_free (me.user_id);
  g_free (me.user_name);
  g_free (me.role);
  g_free (me.project_id);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (f->store != NULL)
    {
      g_assert_true (limn_store_check_integrity (f->store, &error));
      g_assert_no_error (error);
    }
  g_clear_object (&f->store);
  limn_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->project_id);
  g_free (f->local_project_id);
  g_free (f->label_id);
  g_ptr_array_unref (f->task_ids);
  limn_account_free (f->account);
}

static LimnEvent *
make_event (const char *project_id,
            const char *task_id,
            guint       n)
{
  LimnEvent *e = limn_event_new (LIMN_EVENT_REGION_CREATED);

  e->session_id = g_uuid_string_random ();
  e->annotator = g_strdup ("alice");
  e->project_id = g_strdup (project_id);
  e->task_id = g_strdup (task_id);
  e->wall_us = 1763856000000000 + n;
  e->mono_us = n;
  g_free (e->payload);
  e->payload = g_strdup_printf ("{\"n\":%u,\"text\":\"quote \\\" and é\"}", n);

  return e;
}

static GPtrArray *
append_events (Fixture    *f,
               const char *project_id,
               guint       n)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_event_free);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (events, make_event (project_id, g_ptr_array_index (f->task_ids, i % f->task_ids->len), i));

  g_assert_true (limn_store_append_events (f->store, events, &error));
  g_assert_no_error (error);

  return events;
}

static gint64
pending (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  gint64 n = limn_store_outbox_count_pending_for (f->store, f->account, &error);

  g_assert_no_error (error);
  return n;
}

static gint64
count (LimnStore  *store,
       const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_prepare_v2 (limn_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return n;
}

static LimnOutboxBatch *
take (Fixture *f,
      guint    max_items,
      gsize    max_bytes)
{
  g_autoptr(GError) error = NULL;
  LimnOutboxBatch *batch;

  g_assert_true (limn_store_begin (f->store, &error));
  batch = limn_store_outbox_take_batch (f->store, f->account, max_items, max_bytes, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (limn_store_commit (f->store, &error));
  g_assert_no_error (error);

  return batch;
}

static GPtrArray *
results_for (LimnOutboxBatch *batch,
             LimnWireStatus   status)
{
  GPtrArray *results = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_wire_result_free);

  for (guint i = 0; i < batch->item_ids->len; i++)
    {
      LimnWireResult *r = g_new0 (LimnWireResult, 1);

      r->id = g_strdup (g_ptr_array_index (batch->item_ids, i));
      r->status = status;
      g_ptr_array_add (results, r);
    }

  return results;
}

static void
ack (Fixture         *f,
     LimnOutboxBatch *batch,
     GPtrArray       *results)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (limn_store_outbox_ack_batch (f->store, batch->key, batch->kinds, results, &error));
  g_assert_no_error (error);
}

/* The body parses, and lists the expected ids in order. */
static JsonArray *
body_items (LimnOutboxBatch *batch,
            JsonNode       **root_out)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root = json_from_string (g_bytes_get_data (batch->body, NULL), &error);
  JsonArray *items;

  g_assert_no_error (error);
  items = json_object_get_array_member (json_node_get_object (root), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, batch->item_ids->len);
  for (guint i = 0; i < batch->item_ids->len; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, i), "id"), ==,
                     g_ptr_array_index (batch->item_ids, i));

  *root_out = root;
  return items;
}

static void
test_migrates_v1 (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "sync", "data", "schema-v1.sql", NULL);
  g_autofree char *v1 = g_build_filename (f->dir, "v1.db", NULL);
  g_autoptr(LimnStore) store = NULL;
  g_autofree char *status = NULL;
  sqlite3 *db;

  g_assert_true (g_file_get_contents (fixture, &sql, NULL, &error));
  g_assert_cmpint (sqlite3_open (v1, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  store = limn_store_open (v1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (limn_store_get_schema_version (store), ==, LIMN_STORE_SCHEMA_VERSION);
  g_assert_true (limn_store_check_integrity (store, &error));
  g_assert_no_error (error);

  /* Rows of version 1 are all there; the outbox row kept its payload (its
   * unknown result is dropped), and points at no event. */
  g_assert_cmpint (count (store, "SELECT COUNT(*) FROM events"), ==, 1);
  g_assert_cmpint (count (store, "SELECT COUNT(*) FROM annotations WHERE sync_status IS NULL"), ==, 1);
  g_assert_cmpint (count (store, "SELECT COUNT(*) FROM outbox WHERE item_id = 'f-1' AND kind = 'flag' "
                                 "AND payload = '{\"kind\":\"flag\"}' AND result IS NULL "
                                 "AND event_seq IS NULL AND acked_us IS NULL"), ==, 1);
  g_assert_cmpint (count (store, "SELECT COUNT(*) FROM sync_state"), ==, 0);
  g_assert_cmpint (count (store, "SELECT COUNT(*) FROM accounts"), ==, 0);
  g_assert_cmpint (count (store, "SELECT COUNT(*) FROM gold"), ==, 0);
  g_assert_cmpint (count (store, "SELECT COUNT(*) FROM assignments WHERE expired_us IS NULL "
                                 "AND server_assignment_id IS NULL"), ==, 1);
  g_assert_cmpstr (limn_store_get_local_annotator (store), ==, "6f0c2c1e-1b1b-4c9e-9a43-3d2f7f1d0a01");
  g_assert_true (limn_store_get_sync_status (store, "a-1", &status, NULL, &error));
  g_assert_null (status);
}

static void
test_events_of_remote_projects_only (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GPtrArray) remote = NULL;
  g_autoptr(GPtrArray) local = NULL;
  g_autoptr(GPtrArray) loose = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_event_free);
  g_autoptr(GError) error = NULL;

  remote = append_events (f, f->project_id, 5);
  local = append_events (f, f->local_project_id, 3);
  g_ptr_array_add (loose, make_event (NULL, NULL, 0));
  g_assert_true (limn_store_append_events (f->store, loose, &error));

  g_assert_cmpint (pending (f), ==, 5);
  /* The outbox points at the events; it copies nothing. */
  g_assert_cmpint (count (f->store, "SELECT COUNT(*) FROM outbox o JOIN events e ON e.seq = o.event_seq "
                                    "AND e.id = o.item_id WHERE o.kind = 'event' AND o.payload IS NULL"), ==, 5);

  /* A project that becomes remote is seen by the next batch of events. */
  g_assert_true (limn_store_set_project_remote (f->store, f->local_project_id, SERVER, NULL, &error));
  g_clear_pointer (&local, g_ptr_array_unref);
  local = append_events (f, f->local_project_id, 2);
  g_assert_cmpint (count (f->store, "SELECT COUNT(*) FROM outbox"), ==, 7);
}

/* A change on another connection (PRAGMA data_version) reaches the cache. */
static void
test_remote_cache_sees_other_connections (Fixture       *f,
                                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnStore) other = limn_store_open (f->path, &error);
  g_autoptr(GPtrArray) events = NULL;

  g_assert_no_error (error);
  g_assert_false (limn_store_is_remote_project (f->store, f->local_project_id));
  g_assert_true (limn_store_set_project_remote (other, f->local_project_id, SERVER, NULL, &error));
  g_assert_true (limn_store_is_remote_project (f->store, f->local_project_id));
  events = append_events (f, f->local_project_id, 1);
  g_assert_cmpint (count (f->store, "SELECT COUNT(*) FROM outbox"), ==, 1);
}

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  Wait *w = data;

  w->result = g_object_ref (result);
  g_main_loop_quit (w->loop);
}

static void
wait_job (LimnStoreWorker *worker,
          Wait            *w)
{
  g_autoptr(GError) error = NULL;

  g_main_loop_run (w->loop);
  g_assert_true (limn_store_jobs_finish (worker, w->result, &error));
  g_assert_no_error (error);
  g_clear_object (&w->result);
}

static gpointer
count_job (LimnStore  *store,
           gpointer    data,
           GError    **error)
{
  return GINT_TO_POINTER ((int)count (store, data) + 1);
}

/* Through the writer thread, as the app does: events, a submit and a flag
 * of the remote project are queued; the local project's are not. */
static void
test_jobs_queue_remote_work (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnStoreWorker) worker = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  Wait w = { 0 };
  const char *task_id = g_ptr_array_index (f->task_ids, 0);
  g_autofree char *local_task = g_uuid_string_random ();
  g_autofree char *status = NULL;
  g_autoptr(LimnAnnotation) annotation = NULL;
  g_autoptr(LimnAnnotation) local_annotation = NULL;
  LimnBox box = { 10, 10, 20, 20 };
  const char *annotator;

  {
    g_autoptr(LimnTask) t = limn_task_new (local_task, f->local_project_id, LIMN_TASK_IMAGE, 0, "x.png");

    g_assert_true (limn_store_save_task (f->store, t, NULL, &error));
  }
  g_clear_object (&f->store);

  g_main_context_push_thread_default (context);
  w.loop = g_main_loop_new (context, FALSE);
  worker = limn_store_worker_open_sync (f->path, &error);
  g_assert_no_error (error);
  annotator = limn_store_worker_get_annotator (worker);

  for (guint i = 0; i < 3; i++)
    limn_store_worker_append_event (worker, make_event (f->project_id, task_id, i));
  limn_store_worker_append_event (worker, make_event (f->local_project_id, local_task, 9));

  annotation = limn_annotation_new (NULL, task_id, annotator);
  g_ptr_array_add (annotation->regions, limn_region_new_box (NULL, f->label_id, &box));
  annotation->confidence = 0.8;
  limn_store_jobs_submit_async (worker, annotation, NULL, done_cb, &w);
  wait_job (worker, &w);

  local_annotation = limn_annotation_new (NULL, local_task, annotator);
  limn_store_jobs_submit_async (worker, local_annotation, NULL, done_cb, &w);
  wait_job (worker, &w);

  limn_store_jobs_flag_async (worker, limn_flag_new (task_id, annotator, "guideline-gap", "Cyclist?"),
                              NULL, done_cb, &w);
  wait_job (worker, &w);
  limn_store_jobs_flag_async (worker, limn_flag_new (local_task, annotator, "other", "x"), NULL, done_cb, &w);
  wait_job (worker, &w);

  g_assert_cmpint (GPOINTER_TO_INT (limn_store_worker_run_sync (worker, count_job,
                     "SELECT COUNT(*) FROM outbox WHERE kind = 'event'", &error)) - 1, ==, 3);
  g_assert_cmpint (GPOINTER_TO_INT (limn_store_worker_run_sync (worker, count_job,
                     "SELECT COUNT(*) FROM outbox WHERE kind = 'annotation' AND payload LIKE '%\"regions\":[{%'",
                     &error)) - 1, ==, 1);
  g_assert_cmpint (GPOINTER_TO_INT (limn_store_worker_run_sync (worker, count_job,
                     "SELECT COUNT(*) FROM outbox WHERE kind = 'flag'", &error)) - 1, ==, 1);
  g_assert_cmpint (GPOINTER_TO_INT (limn_store_worker_run_sync (worker, count_job,
                     "SELECT COUNT(*) FROM annotations WHERE sync_status = 'pending'", &error)) - 1, ==, 1);
  g_assert_cmpint (GPOINTER_TO_INT (limn_store_worker_run_sync (worker, count_job,
                     "SELECT COUNT(*) FROM annotations WHERE sync_status IS NULL", &error)) - 1, ==, 1);

  g_assert_true (limn_store_worker_close (worker, &error));
  g_main_loop_unref (w.loop);
  g_main_context_pop_thread_default (context);

  f->store = limn_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (limn_store_get_sync_status (f->store, annotation->id, &status, NULL, &error));
  g_assert_cmpstr (status, ==, "pending");
}

static void
test_batch_identity (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = append_events (f, f->project_id, 10);
  g_autoptr(LimnOutboxBatch) first = take (f, 4, 1 << 20);
  g_autoptr(LimnOutboxBatch) again = take (f, 4, 1 << 20);
  g_autoptr(LimnOutboxBatch) after_restart = NULL;
  g_autoptr(LimnOutboxBatch) next = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *items;
  JsonObject *item;

  g_assert_nonnull (first);
  g_assert_cmpuint (first->item_ids->len, ==, 4);
  g_assert_cmpuint (first->sent_before, ==, 0);
  g_assert_cmpstr (again->key, ==, first->key);
  g_assert_true (g_bytes_equal (again->body, first->body));
  g_assert_cmpuint (again->sent_before, ==, 1);

  /* The oldest rows, in order, in the wire format of docs/api.md. */
  items = body_items (first, &root);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (g_ptr_array_index (first->item_ids, i), ==,
                     ((LimnEvent *)g_ptr_array_index (events, i))->id);
  item = json_array_get_object_element (items, 1);
  g_assert_cmpstr (json_object_get_string_member (item, "kind"), ==, "event");
  g_assert_cmpstr (json_object_get_string_member (item, "project_id"), ==, f->project_id);
  g_assert_cmpstr (json_object_get_string_member (item, "type"), ==, LIMN_EVENT_REGION_CREATED);
  g_assert_cmpint (json_object_get_int_member (item, "wall_us"), ==, 1763856000000001);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "payload"), "text"),
                   ==, "quote \" and é");

  /* A restart (or a kill) between making and answering: same key, same bytes. */
  g_clear_object (&f->store);
  f->store = limn_store_open (f->path, &error);
  g_assert_no_error (error);
  after_restart = take (f, 2000, 1 << 20);
  g_assert_cmpstr (after_restart->key, ==, first->key);
  g_assert_true (g_bytes_equal (after_restart->body, first->body));

  ack (f, first, results_for (first, LIMN_WIRE_APPLIED));
  g_assert_cmpint (pending (f), ==, 6);

  /* Acked rows are never sent again. */
  next = take (f, 2000, 1 << 20);
  g_assert_cmpstr (next->key, !=, first->key);
  g_assert_cmpuint (next->item_ids->len, ==, 6);
  g_assert_cmpstr (g_ptr_array_index (next->item_ids, 0), ==, ((LimnEvent *)g_ptr_array_index (events, 4))->id);
  ack (f, next, results_for (next, LIMN_WIRE_DUPLICATE));
  g_assert_cmpint (pending (f), ==, 0);
  g_assert_null (take (f, 2000, 1 << 20));
}

/* Two senders at once: a batch on its way is skipped, and the next one
 * gets the rows after it; each is acked on its own. */
static void
test_in_flight_skipped (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = append_events (f, f->project_id, 9);
  g_autoptr(GHashTable) in_flight = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(LimnOutboxBatch) first = NULL;
  g_autoptr(LimnOutboxBatch) second = NULL;
  g_autoptr(LimnOutboxBatch) third = NULL;
  g_autoptr(LimnOutboxBatch) resent = NULL;

  g_assert_true (limn_store_begin (f->store, &error));
  first = limn_store_outbox_take_batch (f->store, f->account, 3, 1 << 20, in_flight, &error);
  g_hash_table_add (in_flight, first->key);
  second = limn_store_outbox_take_batch (f->store, f->account, 3, 1 << 20, in_flight, &error);
  g_hash_table_add (in_flight, second->key);
  third = limn_store_outbox_take_batch (f->store, f->account, 3, 1 << 20, in_flight, &error);
  g_assert_true (limn_store_commit (f->store, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (first->key, !=, second->key);
  g_assert_cmpstr (g_ptr_array_index (second->item_ids, 0), ==, ((LimnEvent *)g_ptr_array_index (events, 3))->id);
  g_assert_cmpstr (g_ptr_array_index (third->item_ids, 0), ==, ((LimnEvent *)g_ptr_array_index (events, 6))->id);

  /* Answered out of order. */
  ack (f, second, results_for (second, LIMN_WIRE_APPLIED));
  g_assert_cmpint (pending (f), ==, 6);

  /* Without the set (a restart), the oldest open batch goes again first. */
  resent = take (f, 3, 1 << 20);
  g_assert_cmpstr (resent->key, ==, first->key);
  g_assert_true (g_bytes_equal (resent->body, first->body));
  ack (f, first, results_for (first, LIMN_WIRE_APPLIED));
  ack (f, third, results_for (third, LIMN_WIRE_APPLIED));
  g_assert_cmpint (pending (f), ==, 0);
}

static void
test_byte_cap (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) events = append_events (f, f->project_id, 20);
  g_autoptr(LimnOutboxBatch) small = take (f, 2000, 1200);
  g_autoptr(LimnOutboxBatch) tiny = NULL;

  g_assert_cmpuint (small->item_ids->len, >, 1);
  g_assert_cmpuint (small->item_ids->len, <, 20);
  g_assert_cmpuint (g_bytes_get_size (small->body), <=, 1200);
  ack (f, small, results_for (small, LIMN_WIRE_APPLIED));

  /* One item always goes, even past the cap. */
  tiny = take (f, 2000, 10);
  g_assert_cmpuint (tiny->item_ids->len, ==, 1);
}

static LimnAnnotation *
submit (Fixture    *f,
        const char *task_id)
{
  g_autoptr(GError) error = NULL;
  LimnAnnotation *a = limn_annotation_new (NULL, task_id, limn_store_get_local_annotator (f->store));
  LimnBox box = { 1, 2, 30, 40 };

  g_ptr_array_add (a->regions, limn_region_new_box (NULL, f->label_id, &box));
  a->state = LIMN_ANNOTATION_SUBMITTED;
  a->submitted_us = g_get_real_time ();
  g_assert_true (limn_store_save_annotation (f->store, a, &error));
  g_assert_true (limn_store_outbox_queue_annotation (f->store, a, &error));
  g_assert_no_error (error);

  return a;
}

static void
test_results_are_stored (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnAnnotation) conflicted = submit (f, g_ptr_array_index (f->task_ids, 0));
  g_autoptr(LimnAnnotation) applied = submit (f, g_ptr_array_index (f->task_ids, 1));
  g_autoptr(LimnAnnotation) refused = submit (f, g_ptr_array_index (f->task_ids, 2));
  g_autoptr(LimnAnnotation) expired = submit (f, g_ptr_array_index (f->task_ids, 3));
  g_autoptr(GPtrArray) events = append_events (f, f->project_id, 2);
  g_autoptr(LimnOutboxBatch) batch = take (f, 2000, 1 << 20);
  g_autoptr(LimnAnnotation) reloaded = NULL;
  g_autofree char *status = NULL;
  g_autofree char *reason = NULL;
  GPtrArray *results;

  g_assert_cmpuint (batch->item_ids->len, ==, 6);
  g_assert_cmpstr (g_ptr_array_index (batch->kinds, 0), ==, "annotation");
  g_assert_cmpstr (g_ptr_array_index (batch->kinds, 5), ==, "event");

  /* The lease of task 3 ended while the submit waited in the outbox. */
  g_assert_true (limn_store_sync_expire_assignment (f->store, g_ptr_array_index (f->task_ids, 3), &error));

  results = results_for (batch, LIMN_WIRE_APPLIED);
  ((LimnWireResult *)g_ptr_array_index (results, 0))->status = LIMN_WIRE_CONFLICT;
  ((LimnWireResult *)g_ptr_array_index (results, 0))->reason = g_strdup ("task reassigned after the lease expired");
  ((LimnWireResult *)g_ptr_array_index (results, 1))->status = LIMN_WIRE_DUPLICATE;
  ((LimnWireResult *)g_ptr_array_index (results, 2))->status = LIMN_WIRE_REJECTED;
  ((LimnWireResult *)g_ptr_array_index (results, 2))->reason = g_strdup ("region 1: unknown label");
  ((LimnWireResult *)g_ptr_array_index (results, 3))->status = LIMN_WIRE_REJECTED;
  ((LimnWireResult *)g_ptr_array_index (results, 3))->reason = g_strdup ("the task is not assigned to you");
  ((LimnWireResult *)g_ptr_array_index (results, 5))->status = LIMN_WIRE_REJECTED;
  ((LimnWireResult *)g_ptr_array_index (results, 5))->reason = g_strdup ("type: bad");
  ack (f, batch, results);

  /* Conflict: acked, and the local revision is kept, shown as conflicted. */
  reloaded = limn_store_load_annotation (f->store, conflicted->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reloaded->state, ==, LIMN_ANNOTATION_CONFLICTED);
  g_assert_cmpuint (reloaded->regions->len, ==, 1);
  g_assert_true (limn_store_get_sync_status (f->store, conflicted->id, &status, &reason, &error));
  g_assert_cmpstr (status, ==, "conflict");
  g_assert_cmpstr (reason, ==, "task reassigned after the lease expired");
  g_clear_pointer (&status, g_free);
  g_clear_pointer (&reason, g_free);

  g_assert_true (limn_store_get_sync_status (f->store, applied->id, &status, NULL, &error));
  g_assert_cmpstr (status, ==, "applied");
  g_clear_pointer (&status, g_free);

  /* Rejected: the reason is kept and shown; the item is not resent. */
  g_assert_true (limn_store_get_sync_status (f->store, refused->id, &status, &reason, &error));
  g_assert_cmpstr (status, ==, "rejected");
  g_assert_cmpstr (reason, ==, "region 1: unknown label");
  g_clear_pointer (&status, g_free);
  g_clear_pointer (&reason, g_free);

  /* Rejected after the lease ended: a conflict, the work kept. */
  g_assert_true (limn_store_get_sync_status (f->store, expired->id, &status, NULL, &error));
  g_assert_cmpstr (status, ==, "conflict");
  g_clear_pointer (&status, g_free);

  g_assert_cmpint (count (f->store, "SELECT COUNT(*) FROM outbox WHERE result = 'rejected' "
                                    "AND reason = 'type: bad' AND kind = 'event'"), ==, 1);
  g_assert_cmpint (pending (f), ==, 0);
  g_assert_null (take (f, 2000, 1 << 20));

  /* Acking again (a replayed answer) changes nothing. */
  results = results_for (batch, LIMN_WIRE_APPLIED);
  ack (f, batch, results);
  g_assert_cmpint (count (f->store, "SELECT COUNT(*) FROM outbox WHERE result = 'conflict'"), ==, 1);
}

static void
test_wrong_answer_changes_nothing (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = append_events (f, f->project_id, 3);
  g_autoptr(LimnOutboxBatch) batch = take (f, 2000, 1 << 20);
  g_autoptr(GPtrArray) results = results_for (batch, LIMN_WIRE_APPLIED);

  g_ptr_array_remove_index (results, 2);
  g_ptr_array_remove_index (batch->kinds, 2);
  g_assert_false (limn_store_outbox_ack_batch (f->store, batch->key, batch->kinds, results, &error));
  g_assert_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_INVALID);
  g_assert_cmpint (pending (f), ==, 3);
  g_assert_cmpint (count (f->store, "SELECT COUNT(*) FROM outbox WHERE acked_us IS NOT NULL"), ==, 0);
}

static void
test_release_reject_rekey (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = append_events (f, f->project_id, 4);
  g_autoptr(LimnOutboxBatch) batch = take (f, 2000, 1 << 20);
  g_autoptr(LimnOutboxBatch) again = NULL;
  g_autoptr(LimnOutboxBatch) one = NULL;
  g_autoptr(LimnOutboxBatch) rekeyed = NULL;
  g_autofree char *new_key = NULL;

  /* Released (the server refused the body whole, applying nothing). */
  g_assert_true (limn_store_outbox_release_batch (f->store, batch->key, &error));
  g_assert_cmpint (pending (f), ==, 4);
  again = take (f, 2, 1 << 20);
  g_assert_cmpstr (again->key, !=, batch->key);
  g_assert_cmpuint (again->item_ids->len, ==, 2);

  /* Rekeyed (422): same rows, same bytes, new key. */
  new_key = limn_store_outbox_rekey_batch (f->store, again->key, &error);
  g_assert_no_error (error);
  rekeyed = take (f, 2000, 1 << 20);
  g_assert_cmpstr (rekeyed->key, ==, new_key);
  g_assert_true (g_bytes_equal (rekeyed->body, again->body));
  ack (f, rekeyed, results_for (rekeyed, LIMN_WIRE_APPLIED));

  /* A batch of one refused whole: rejected for good with its reason. */
  one = take (f, 1, 1 << 20);
  g_assert_true (limn_store_outbox_reject_batch (f->store, one->key, "payload: larger than 64 KiB", &error));
  g_assert_no_error (error);
  g_assert_cmpint (pending (f), ==, 1);
  g_assert_cmpint (count (f->store, "SELECT COUNT(*) FROM outbox WHERE result = 'rejected' "
                                    "AND reason = 'payload: larger than 64 KiB'"), ==, 1);
}

static void
test_rebuild_mismatch_rekeys (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GPtrArray) events = append_events (f, f->project_id, 3);
  g_autoptr(LimnOutboxBatch) batch = take (f, 2000, 1 << 20);
  g_autoptr(LimnOutboxBatch) again = NULL;

  /* As if an upgrade changed how items are written. */
  g_assert_cmpint (sqlite3_exec (limn_store_get_db (f->store),
                                 "UPDATE outbox_batches SET body_sha256 = 'x'", NULL, NULL, NULL), ==, SQLITE_OK);
  g_test_expect_message ("limn-store", G_LOG_LEVEL_WARNING, "*rebuilds differently*");
  again = take (f, 2000, 1 << 20);
  g_test_assert_expected_messages ();
  g_assert_cmpstr (again->key, !=, batch->key);
  g_assert_true (g_bytes_equal (again->body, batch->body));
}

/* An outbox left by a build that wrote U+007F raw in an event item (the
 * client's escaper did, before there was one escaper for client and
 * server): its open batch rebuilds with "\u007f", hashes differently, so
 * it goes under a new key (docs/sync.md) and drains like any other. A
 * batch without DEL in an escaped field keeps its key: see batch-identity. */
static void
test_old_escaping_drains (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnEvent) event = make_event (f->project_id, g_ptr_array_index (f->task_ids, 0), 0);
  g_autoptr(GPtrArray) events = g_ptr_array_new ();
  g_autoptr(LimnOutboxBatch) batch = NULL;
  g_autoptr(LimnOutboxBatch) again = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GString) old_body = NULL;
  g_autofree char *old_sha256 = NULL;
  g_autofree char *sql = NULL;

  g_free (event->type);
  event->type = g_strdup ("typed\x7f" "deleted");
  g_ptr_array_add (events, event);
  g_assert_true (limn_store_append_events (f->store, events, &error));
  g_assert_no_error (error);

  batch = take (f, 2000, 1 << 20);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (batch->body, NULL), -1, "\"typed\\u007fdeleted\""));

  /* The body as the old build wrote and hashed it. */
  old_body = g_string_new_len (g_bytes_get_data (batch->body, NULL), g_bytes_get_size (batch->body));
  g_assert_cmpuint (g_string_replace (old_body, "\\u007f", "\x7f", 0), ==, 1);
  old_sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)old_body->str, old_body->len);
  sql = g_strdup_printf ("UPDATE outbox_batches SET body_sha256 = '%s' WHERE key = '%s'", old_sha256, batch->key);
  g_assert_cmpint (sqlite3_exec (limn_store_get_db (f->store), sql, NULL, NULL, NULL), ==, SQLITE_OK);

  g_test_expect_message ("limn-store", G_LOG_LEVEL_WARNING, "*rebuilds differently*");
  again = take (f, 2000, 1 << 20);
  g_test_assert_expected_messages ();
  g_assert_cmpstr (again->key, !=, batch->key);
  g_assert_true (g_bytes_equal (again->body, batch->body));
  results = results_for (again, LIMN_WIRE_APPLIED);
  ack (f, again, results);
  g_assert_cmpint (pending (f), ==, 0);
  g_assert_null (take (f, 2000, 1 << 20));
}

static void
test_items_are_immutable (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) events = append_events (f, f->project_id, 1);
  sqlite3 *db = limn_store_get_db (f->store);

  g_assert_cmpint (sqlite3_exec (db, "UPDATE outbox SET payload = '{}'", NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE outbox SET item_id = 'x'", NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE outbox SET batch_key = 'k'", NULL, NULL, NULL), ==, SQLITE_OK);
}

/* A batch marks exactly the rows it took: not the rows of other projects
 * or servers between them, not a row it could not use (refused instead),
 * not the rows after a count or byte cap. */
static void
test_batch_marks_its_rows (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *other_project = g_uuid_string_random ();
  g_autofree char *same_server = g_uuid_string_random ();
  g_autoptr(LimnOutboxBatch) first = NULL;
  g_autoptr(LimnOutboxBatch) second = NULL;
  g_autoptr(LimnOutboxBatch) third = NULL;
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(GPtrArray) c = NULL;
  g_autoptr(GPtrArray) d = NULL;
  g_autoptr(GPtrArray) e = NULL;
  g_autofree char *sql = NULL;

  save_project (f->store, other_project, f->label_id, NULL, 0, "https://other.test");
  save_project (f->store, same_server, f->label_id, NULL, 0, SERVER);

  a = append_events (f, f->project_id, 3);
  b = append_events (f, other_project, 2);
  /* A row that makes no item (no payload): refused when met. */
  g_assert_cmpint (sqlite3_exec (limn_store_get_db (f->store),
                                 "INSERT INTO outbox (kind, item_id, project_id, event_seq, created_us) "
                                 "VALUES ('flag', 'broken-1', (SELECT project_id FROM outbox LIMIT 1), "
                                 "(SELECT min (seq) FROM events), 1)", NULL, NULL, NULL), ==, SQLITE_OK);
  c = append_events (f, same_server, 2);
  d = append_events (f, f->project_id, 3);

  first = take (f, 100, 4 * 1024 * 1024);
  g_assert_cmpuint (first->item_ids->len, ==, 6);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM outbox WHERE batch_key = '%s'", first->key);
  g_assert_cmpint (count (f->store, sql), ==, 6);
  g_assert_cmpint (count (f->store, "SELECT COUNT(*) FROM outbox WHERE batch_key IS NOT NULL"), ==, 6);
  g_assert_cmpint (count (f->store, "SELECT COUNT(*) FROM outbox WHERE item_id = 'broken-1' "
                                    "AND result = 'rejected' AND acked_us IS NOT NULL"), ==, 1);
  g_assert_cmpint (count (f->store, "SELECT COUNT(*) FROM outbox WHERE acked_us IS NULL "
                                    "AND batch_key IS NULL"), ==, 4);

  /* Caps: the rows past the count, or past the bytes, stay unmarked. */
  {
    g_autoptr(GPtrArray) results = results_for (first, LIMN_WIRE_APPLIED);

    ack (f, first, results);
  }
  e = append_events (f, f->project_id, 5);
  second = take (f, 2, 4 * 1024 * 1024);
  g_assert_cmpuint (second->item_ids->len, ==, 2);
  g_free (sql);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM outbox WHERE batch_key = '%s'", second->key);
  g_assert_cmpint (count (f->store, sql), ==, 2);
  {
    g_autoptr(GPtrArray) results = results_for (second, LIMN_WIRE_APPLIED);

    ack (f, second, results);
  }
  third = take (f, 100, g_bytes_get_size (second->body) + 10);
  g_assert_cmpuint (third->item_ids->len, >=, 1);
  g_assert_cmpuint (third->item_ids->len, <, 3);
  g_free (sql);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM outbox WHERE batch_key = '%s'", third->key);
  g_assert_cmpint (count (f->store, sql), ==, third->item_ids->len);
  g_assert_cmpint (count (f->store, "SELECT COUNT(*) FROM outbox WHERE acked_us IS NULL "
                                    "AND batch_key IS NULL"), ==, 4 + 3 - third->item_ids->len);
  g_assert_true (limn_store_check_integrity (f->store, &error));
}

static void
test_accounts (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnAccount) again = NULL;
  g_autoptr(LimnAccount) loaded = NULL;
  LimnWireMe me = { f->account->user_id, (char *)"alice b.", (char *)"annotator", f->account->project_id };

  /* The same user and project: the same account; a session-only token
   * does not hide the kept one. */
  again = limn_store_ensure_account (f->store, SERVER, &me, "none", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->id, ==, f->account->id);
  g_assert_cmpstr (again->token_ref, ==, "file");
  g_assert_cmpstr (again->user_name, ==, "alice b.");
  g_assert_cmpstr (again->cursor, ==, "0");

  g_assert_true (limn_store_set_cursor (f->store, again->id, "41", &error));
  g_assert_true (limn_store_set_sync_outcome (f->store, again->id, 1234, NULL, &error));
  loaded = limn_store_load_account (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->cursor, ==, "41");
  g_assert_cmpint (loaded->last_success_us, ==, 1234);

  g_assert_false (limn_store_set_cursor (f->store, "no-such-account", "1", &error));
  g_assert_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND);
}

/* An event item's bytes never change (an open batch is rebuilt and must
 * hash the same): numbers at the edges of gint64 as printf writes them. */
static void
test_event_item_bytes (void)
{
  static const gint64 values[] = { 0, 1, -1, 9, 10, -10, 1763856000000000, G_MAXINT64, G_MININT64 };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);
      g_autofree char *expected =
        g_strdup_printf ("{\"kind\":\"event\",\"id\":\"i\",\"session_id\":\"s\",\"project_id\":\"p\","
                         "\"task_id\":null,\"type\":\"t\",\"wall_us\":%" G_GINT64_FORMAT
                         ",\"mono_us\":%" G_GINT64_FORMAT ",\"payload\":{\"a\":1}}",
                         values[i], -values[i] - 1);

      limn_wire_append_event (out, "i", "s", "p", NULL, "t", values[i], -values[i] - 1, "{\"a\":1}");
      g_assert_cmpstr (out->str, ==, expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-outbox/event-item-bytes", test_event_item_bytes);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/sync-outbox/migrates-v1", test_migrates_v1);
  ADD ("/sync-outbox/events-of-remote-projects", test_events_of_remote_projects_only);
  ADD ("/sync-outbox/remote-cache-other-connection", test_remote_cache_sees_other_connections);
  ADD ("/sync-outbox/jobs-queue-remote-work", test_jobs_queue_remote_work);
  ADD ("/sync-outbox/batch-identity", test_batch_identity);
  ADD ("/sync-outbox/in-flight-skipped", test_in_flight_skipped);
  ADD ("/sync-outbox/byte-cap", test_byte_cap);
  ADD ("/sync-outbox/batch-marks-its-rows", test_batch_marks_its_rows);
  ADD ("/sync-outbox/results-stored", test_results_are_stored);
  ADD ("/sync-outbox/wrong-answer", test_wrong_answer_changes_nothing);
  ADD ("/sync-outbox/release-reject-rekey", test_release_reject_rekey);
  ADD ("/sync-outbox/rebuild-mismatch", test_rebuild_mismatch_rekeys);
  ADD ("/sync-outbox/old-escaping-drains", test_old_escaping_drains);
  ADD ("/sync-outbox/items-immutable", test_items_are_immutable);
  ADD ("/sync-outbox/accounts", test_accounts);
#undef ADD

  return g_test_run ();
}
