/* limn-sync-test.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "model/limn-draft.h"
#include "store/limn-store-private.h"
#include "limn-sync-test.h"
#include "limn-test-util.h"

static void
sink_event (LimnEvent *event,
            gpointer   data)
{
  limn_store_worker_append_event (data, event);
}

LimnSyncTestClient *
limn_sync_test_client_new (const char *dir)
{
  g_autoptr(GError) error = NULL;
  LimnSyncTestClient *self = g_new0 (LimnSyncTestClient, 1);

  /* Tests keep tokens in the 0600 file: there is no keyring daemon. */
  g_setenv ("LIMN_CREDENTIALS", "file", TRUE);

  self->dir = dir != NULL ? g_strdup (dir) : limn_test_mkdtemp ();
  self->db_path = g_build_filename (self->dir, "limn.db", NULL);
  self->worker = limn_store_worker_open_sync (self->db_path, &error);
  g_assert_no_error (error);
  self->client = limn_sync_client_new (self->worker, self->dir);
  self->log = limn_event_log_new (NULL, limn_store_worker_get_annotator (self->worker), NULL,
                                  sink_event, g_object_ref (self->worker), g_object_unref);

  return self;
}

void
limn_sync_test_client_free (LimnSyncTestClient *self,
                            gboolean            keep_dir)
{
  g_autoptr(GError) error = NULL;

  if (self == NULL)
    return;

  g_clear_object (&self->log);
  g_clear_object (&self->client);
  g_assert_true (limn_store_worker_close (self->worker, &error));
  g_assert_no_error (error);
  g_clear_object (&self->worker);

  /* Let callbacks queued by the closed worker run and drop their refs. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  if (!keep_dir)
    limn_test_rm_rf (self->dir);
  g_free (self->dir);
  g_free (self->db_path);
  g_free (self);
}

void
limn_sync_test_done_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      slot)
{
  *(GAsyncResult **)slot = g_object_ref (result);
}

GAsyncResult *
limn_sync_test_wait (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

gboolean
limn_sync_test_sync (LimnSyncClient  *client,
                     GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  limn_sync_client_sync_async (client, NULL, limn_sync_test_done_cb, &result);
  limn_sync_test_wait (&result);

  return limn_sync_client_sync_finish (client, result, error);
}

GPtrArray *
limn_sync_test_claim (LimnSyncClient  *client,
                      const char      *project_id,
                      guint            count,
                      GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  limn_sync_client_claim_async (client, project_id, count, NULL, limn_sync_test_done_cb, &result);
  limn_sync_test_wait (&result);

  return limn_sync_client_claim_finish (client, result, NULL, error);
}

gboolean
limn_sync_test_sign_in (LimnSyncClient  *client,
                        const char      *url,
                        const char      *token,
                        GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  limn_sync_client_sign_in_async (client, url, token, LIMN_SYNC_SERVER_DEFAULT, NULL,
                                  limn_sync_test_done_cb, &result);
  limn_sync_test_wait (&result);

  return limn_sync_client_sign_in_finish (client, result, error);
}

static gpointer
count_job (LimnStore  *store,
           gpointer    data,
           GError    **error)
{
  sqlite3_stmt *stmt = NULL;
  gint64 *n = g_new (gint64, 1);

  *n = -1;
  if (sqlite3_prepare_v2 (limn_store_get_db (store), data, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    *n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return n;
}

gint64
limn_sync_test_count (LimnStoreWorker *worker,
                      const char      *sql)
{
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *n = limn_store_worker_run_sync (worker, count_job, (gpointer)sql, &error);

  g_assert_no_error (error);
  g_assert_cmpint (*n, >=, 0);

  return *n;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

GPtrArray *
limn_sync_test_ids (const char *db_path,
                    const char *sql)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  g_ptr_array_sort (ids, compare_strings);

  return ids;
}

void
limn_sync_test_assert_same_ids (GPtrArray  *expected,
                                GPtrArray  *actual,
                                const char *what)
{
  for (guint i = 0; i < MIN (expected->len, actual->len); i++)
    if (g_strcmp0 (g_ptr_array_index (expected, i), g_ptr_array_index (actual, i)) != 0)
      g_error ("%s differ at %u: %s vs %s", what, i, (char *)g_ptr_array_index (expected, i),
               (char *)g_ptr_array_index (actual, i));

  if (expected->len != actual->len)
    g_error ("%s: %u expected, %u found", what, expected->len, actual->len);
}

void
limn_sync_test_assert_integrity (const char *db_path)
{
  g_autoptr(GPtrArray) result = limn_sync_test_ids (db_path, "PRAGMA integrity_check");

  g_assert_cmpuint (result->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (result, 0), ==, "ok");
}

static gpointer
first_label_job (LimnStore  *store,
                 gpointer    data,
                 GError    **error)
{
  g_autoptr(LimnProject) project = limn_store_load_project (store, data, error);
  g_autoptr(LimnLabel) label = NULL;

  if (project == NULL)
    return NULL;

  label = g_list_model_get_item (limn_project_get_labels (project), 0);
  return label != NULL ? g_strdup (limn_label_get_id (label)) : NULL;
}

char *
limn_sync_test_first_label (LimnStoreWorker *worker,
                            const char      *project_id)
{
  g_autoptr(GError) error = NULL;
  char *id = limn_store_worker_run_sync (worker, first_label_job, (gpointer)project_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (id);

  return id;
}

static void
job_done (LimnStoreWorker *worker,
          GAsyncResult   **slot)
{
  g_autoptr(GError) error = NULL;

  limn_sync_test_wait (slot);
  g_assert_true (limn_store_jobs_finish (worker, *slot, &error));
  g_assert_no_error (error);
  g_clear_object (slot);
}

char *
limn_sync_test_label_task (LimnSyncTestClient *self,
                           const char         *project_id,
                           const char         *task_id,
                           guint               n_regions,
                           gboolean            flag)
{
  return limn_sync_test_label_task_full (self, project_id, task_id, n_regions, flag, 0.8);
}

char *
limn_sync_test_label_task_full (LimnSyncTestClient *self,
                                const char         *project_id,
                                const char         *task_id,
                                guint               n_regions,
                                gboolean            flag,
                                double              confidence)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(LimnTaskContents) contents = NULL;
  g_autoptr(LimnDraft) draft = NULL;
  g_autoptr(LimnAnnotation) snapshot = NULL;
  g_autofree char *label = limn_sync_test_first_label (self->worker, project_id);
  JsonObject *payload;

  limn_event_log_set_context (self->log, project_id, task_id);
  limn_store_jobs_open_task_async (self->worker, task_id, 1, NULL, limn_sync_test_done_cb, &result);
  limn_sync_test_wait (&result);
  contents = limn_store_jobs_open_task_finish (self->worker, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  /* As the app does: a submitted task is edited again as a new revision. */
  if (contents->read_only)
    {
      draft = limn_draft_new_read_only (contents->annotation, contents->suggestions, self->log);
      g_assert_true (limn_draft_start_revision (draft, 1));
    }
  else
    draft = limn_draft_new (contents->annotation, contents->suggestions, self->log);
  payload = json_object_new ();
  json_object_set_string_member (payload, "annotation_id", contents->annotation->id);
  limn_event_log_record (self->log, LIMN_EVENT_TASK_OPENED, payload);
  json_object_unref (payload);

  for (guint i = 0; i < n_regions; i++)
    {
      g_autoptr(LimnRegion) region = NULL;

      if (limn_task_get_kind (contents->task) == LIMN_TASK_TEXT)
        {
          gint64 n = limn_text_index_get_n_chars (contents->text);
          gint64 start = i % MAX (n - 1, 1);
          g_autofree char *text = limn_text_index_substring (contents->text, start, start + 1);

          region = limn_region_new_span (NULL, label, start, start + 1, text);
        }
      else
        {
          int w = limn_task_get_width (contents->task), h = limn_task_get_height (contents->task);
          LimnBox box = { (i * 7) % MAX (w - 10, 1), (i * 3) % MAX (h - 10, 1), 8, 6 };

          region = limn_region_new_box (NULL, label, &box);
        }
      g_assert_true (limn_draft_add_region (draft, region));
    }
  g_assert_true (limn_draft_set_confidence (draft, confidence));

  if (flag)
    {
      LimnFlag *f = limn_flag_new (task_id, limn_store_worker_get_annotator (self->worker),
                                   "guideline-gap", "Is a cyclist a person?");

      payload = json_object_new ();
      json_object_set_string_member (payload, "flag_id", f->id);
      limn_event_log_record (self->log, LIMN_EVENT_FLAG_RAISED, payload);
      json_object_unref (payload);
      limn_store_jobs_flag_async (self->worker, f, NULL, limn_sync_test_done_cb, &result);
      job_done (self->worker, &result);
    }

  payload = json_object_new ();
  json_object_set_int_member (payload, "regions", n_regions);
  limn_event_log_record (self->log, LIMN_EVENT_SUBMIT, payload);
  json_object_unref (payload);

  snapshot = limn_draft_snapshot (draft, 1000 + n_regions, 2000 + n_regions);
  limn_store_jobs_submit_async (self->worker, snapshot, NULL, limn_sync_test_done_cb, &result);
  job_done (self->worker, &result);

  return g_strdup (snapshot->id);
}
