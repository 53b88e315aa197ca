/* test-sync-review.c
 *
 * Review, rework and feedback on the client (docs/review.md), without a
 * server: the server's answers as JSON fixtures written to the contract
 * (tests/sync/data/review), parsed and applied through the sync client's
 * own job on a real SQLite file; bad input is an error and changes
 * nothing; the items the client queues are the contract's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "limn-test-util.h"
#include "store/limn-store-private.h"
#include "store/limn-store-guidelines.h"
#include "store/limn-store-notes.h"
#include "store/limn-store-review.h"
#include "store/limn-store-threads.h"
#include "store/limn-store-worker.h"
#include "sync/limn-sync-jobs.h"
#include "sync/limn-wire-review.h"

#define P  "11111111-1111-4111-8111-111111111111"
#define L1 "22222222-2222-4222-8222-222222222201"
#define L2 "22222222-2222-4222-8222-222222222202"
#define T1 "33333333-3333-4333-8333-333333333301"
#define T2 "33333333-3333-4333-8333-333333333302"
#define T3 "33333333-3333-4333-8333-333333333303"
#define A1 "44444444-4444-4444-8444-444444444401"
#define A2 "44444444-4444-4444-8444-444444444402"
#define R1 "55555555-5555-4555-8555-555555555501"
#define R2 "55555555-5555-4555-8555-555555555502"
#define FLAG "99999999-9999-4999-8999-999999999901"
#define SERVER "http://127.0.0.1:9"

typedef struct
{
  char            *dir;
  char            *path;
  LimnStore       *store;
  LimnStoreWorker *worker;
  char            *account_id;
  const char      *me;
} Fixture;

static LimnAnnotation *
submitted (const char *id,
           const char *task_id,
           const char *annotator,
           const char *region_id,
           const char *label)
{
  LimnAnnotation *a = limn_annotation_new (id, task_id, annotator);
  LimnBox box = { 10, 10, 50, 40 };

  g_ptr_array_add (a->regions, limn_region_new_box (region_id, label, &box));
  a->state = LIMN_ANNOTATION_SUBMITTED;
  a->guideline_version = 2;
  a->submitted_us = 1700000000000000;
  a->created_us = 1700000000000000;

  return a;
}

/* A remote project with three leased tasks: T1 and T2 submitted (A1, A2),
 * T3 still to do; and my flag on T1. */
static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnProject) p = limn_project_new (P, "Street", LIMN_PROJECT_IMAGE);
  g_autoptr(LimnLabel) l1 = limn_label_new (L1, "Person", "#3584e4", "1");
  g_autoptr(LimnLabel) l2 = limn_label_new (L2, "Car", "#e66100", "2");
  g_autoptr(LimnAnnotation) a1 = NULL;
  g_autoptr(LimnAnnotation) a2 = NULL;
  g_autoptr(LimnAccount) account = NULL;
  g_autoptr(LimnFlag) flag = NULL;
  LimnWireMe me = { (char *)"0e0e0e0e-0000-4000-8000-000000000001", (char *)"ann",
                    (char *)"annotator", (char *)P };
  const char *tasks[] = { T1, T2, T3 };

  f->dir = limn_test_mkdtemp ();
  f->path = g_build_filename (f->dir, "limn.db", NULL);
  f->store = limn_store_open (f->path, &error);
  g_assert_no_error (error);
  f->me = limn_store_get_local_annotator (f->store);

  limn_project_add_label (p, l1);
  limn_project_add_label (p, l2);
  limn_project_set_guidelines (p, 2, "# Boxes");
  g_assert_true (limn_store_save_project (f->store, p, &error));
  g_assert_true (limn_store_set_project_remote (f->store, P, SERVER, "{}", &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (tasks); i++)
    {
      g_autoptr(LimnTask) t = limn_task_new (tasks[i], P, LIMN_TASK_IMAGE, i, tasks[i]);

      limn_task_set_size (t, 640, 480);
      g_assert_true (limn_store_save_task (f->store, t, NULL, &error));
      g_assert_true (limn_store_set_assignment (f->store, tasks[i], f->me, i < 2 ? "submitted" : "assigned",
                                                &error));
      g_assert_no_error (error);
    }

  a1 = submitted (A1, T1, f->me, R1, L1);
  a2 = submitted (A2, T2, f->me, R2, L2);
  g_assert_true (limn_store_save_annotation (f->store, a1, &error));
  g_assert_true (limn_store_save_annotation (f->store, a2, &error));
  g_assert_no_error (error);

  flag = limn_flag_new (T1, f->me, "guideline-gap", "Is a cyclist a person?");
  g_free (flag->id);
  flag->id = g_strdup (FLAG);
  g_assert_true (limn_store_add_flag (f->store, flag, &error));
  g_assert_no_error (error);

  account = limn_store_ensure_account (f->store, SERVER, &me, "none", TRUE, &error);
  g_assert_no_error (error);
  f->account_id = g_strdup (account->id);

  f->worker = limn_store_worker_open_sync (f->path, &error);
  g_assert_no_error (error);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_object (&f->worker);
  g_clear_object (&f->store);
  limn_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->account_id);
}

static GBytes *
fixture_bytes (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "sync", "data", "review", name, NULL);
  char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);

  return g_bytes_new_take (contents, len);
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  *(GAsyncResult **)data = g_object_ref (result);
}

/* Parses @name and applies it with the sync client's job; the job's
 * answer. */
static gboolean
apply_fixture (Fixture     *f,
               const char  *name,
               GError     **error)
{
  g_autoptr(GBytes) body = fixture_bytes (name);
  g_autoptr(GAsyncResult) result = NULL;
  LimnWireChanges *changes = limn_wire_parse_changes (body, 1000, error);

  if (changes == NULL)
    return FALSE;

  limn_sync_jobs_apply_changes_async (f->worker, f->account_id, f->dir, changes, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return limn_sync_jobs_finish (f->worker, result, error);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (limn_store_get_db (f->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return n;
}

static LimnTask *
find_task (GPtrArray  *tasks,
           const char *id)
{
  for (guint i = 0; i < tasks->len; i++)
    if (g_str_equal (limn_task_get_id (g_ptr_array_index (tasks, i)), id))
      return g_ptr_array_index (tasks, i);

  return NULL;
}

/* Applying */

static void
test_send_back (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) reviews = NULL;
  g_autoptr(GPtrArray) pinned = NULL;
  LimnReviewVerdict *v;

  /* Before: the project's order, T2 submitted. */
  tasks = limn_store_list_tasks (f->store, P, f->me, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (limn_task_get_id (g_ptr_array_index (tasks, 0)), ==, T1);
  g_assert_cmpint (limn_task_get_status (find_task (tasks, T2)), ==, LIMN_TASK_STATUS_SUBMITTED);
  g_clear_pointer (&tasks, g_ptr_array_unref);

  g_assert_true (apply_fixture (f, "changes-send-back.json", &error));
  g_assert_no_error (error);

  /* The sent-back task is mine again, first in the list. */
  tasks = limn_store_list_tasks (f->store, P, f->me, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tasks->len, ==, 3);
  g_assert_cmpstr (limn_task_get_id (g_ptr_array_index (tasks, 0)), ==, T2);
  g_assert_cmpint (limn_task_get_status (g_ptr_array_index (tasks, 0)), ==, LIMN_TASK_STATUS_NEEDS_REWORK);
  g_assert_true (limn_task_status_is_to_do (LIMN_TASK_STATUS_NEEDS_REWORK));

  /* With the reviewer's comments pinned on its regions. */
  reviews = limn_store_list_reviews (f->store, T2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reviews->len, ==, 1);
  v = g_ptr_array_index (reviews, 0);
  g_assert_cmpint (v->verdict, ==, LIMN_VERDICT_SEND_BACK);
  g_assert_cmpstr (v->reason_code, ==, "missed_object");
  g_assert_cmpstr (v->reviewer, ==, "rita");
  g_assert_cmpstr (v->annotation_id, ==, A2);
  g_assert_cmpint (v->guideline_version, ==, 2);
  g_assert_false (v->mine);
  g_assert_false (v->read);
  pinned = limn_review_verdict_comments_for (v, R2);
  g_assert_cmpuint (pinned->len, ==, 1);
  g_assert_cmpstr (((LimnReviewComment *)g_ptr_array_index (pinned, 0))->body, ==, "This box is loose.");
  g_clear_pointer (&pinned, g_ptr_array_unref);
  pinned = limn_review_verdict_comments_for (v, NULL);
  g_assert_cmpuint (pinned->len, ==, 1);
  g_assert_cmpint (limn_store_count_unread_reviews (f->store, P, &error), ==, 1);
  g_assert_true (limn_store_mark_reviews_read (f->store, T2, &error));
  g_assert_cmpint (limn_store_count_unread_reviews (f->store, P, &error), ==, 0);
  g_assert_no_error (error);

  /* Editing keeps it needs-rework and first; the resubmit ends that. */
  g_assert_true (limn_store_set_assignment (f->store, T2, f->me, "in_progress", &error));
  g_clear_pointer (&tasks, g_ptr_array_unref);
  tasks = limn_store_list_tasks (f->store, P, f->me, &error);
  g_assert_cmpint (limn_task_get_status (g_ptr_array_index (tasks, 0)), ==, LIMN_TASK_STATUS_NEEDS_REWORK);
  g_assert_true (limn_store_set_assignment (f->store, T2, f->me, "submitted", &error));
  g_clear_pointer (&tasks, g_ptr_array_unref);
  tasks = limn_store_list_tasks (f->store, P, f->me, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (limn_task_get_id (g_ptr_array_index (tasks, 0)), ==, T1);
  g_assert_cmpint (limn_task_get_status (find_task (tasks, T2)), ==, LIMN_TASK_STATUS_SUBMITTED);

  /* A verdict is applied once: the same page again moves nothing back. */
  g_assert_true (apply_fixture (f, "changes-send-back.json", &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM reviews"), ==, 1);
}

static void
test_accept_and_correct (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) reviews = NULL;
  g_autoptr(LimnAnnotation) latest = NULL;
  g_autoptr(LimnAnnotation) original = NULL;
  LimnHistoryEntry *e;

  g_assert_true (apply_fixture (f, "changes-accept-correct.json", &error));
  g_assert_no_error (error);

  tasks = limn_store_list_tasks (f->store, P, f->me, &error);
  g_assert_no_error (error);
  g_assert_cmpint (limn_task_get_status (find_task (tasks, T1)), ==, LIMN_TASK_STATUS_ACCEPTED);
  g_assert_cmpint (limn_task_get_status (find_task (tasks, T2)), ==, LIMN_TASK_STATUS_ACCEPTED);
  g_assert_true (limn_task_status_is_done (LIMN_TASK_STATUS_ACCEPTED));

  /* The correction is my task's next revision, authored by the reviewer;
   * the original stays. */
  latest = limn_store_load_latest (f->store, T1, f->me, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (latest->id, ==, "44444444-4444-4444-8444-444444444411");
  g_assert_cmpstr (latest->author, ==, "rita");
  g_assert_cmpstr (latest->parent_id, ==, A1);
  g_assert_cmpint (latest->revision, ==, 2);
  g_assert_cmpint (latest->state, ==, LIMN_ANNOTATION_SUBMITTED);
  g_assert_cmpfloat (((LimnRegion *)g_ptr_array_index (latest->regions, 0))->box.w, ==, 40);
  original = limn_store_load_annotation (f->store, A1, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (((LimnRegion *)g_ptr_array_index (original->regions, 0))->box.w, ==, 50);

  reviews = limn_store_list_reviews (f->store, T1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (((LimnReviewVerdict *)g_ptr_array_index (reviews, 0))->correction);

  /* History: my revision, the reviewer's, the verdict; who and when. */
  history = limn_store_load_history (f->store, T1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 3);
  e = g_ptr_array_index (history, 0);
  g_assert_cmpint (e->kind, ==, LIMN_HISTORY_REVISION);
  g_assert_cmpstr (e->annotation_id, ==, A1);
  g_assert_null (e->who);
  g_assert_cmpint (e->guideline_version, ==, 2);
  e = g_ptr_array_index (history, 1);
  g_assert_cmpint (e->kind, ==, LIMN_HISTORY_REVISION);
  g_assert_true (e->correction);
  g_assert_cmpstr (e->who, ==, "rita");
  g_assert_cmpstr (e->parent_id, ==, A1);
  e = g_ptr_array_index (history, 2);
  g_assert_cmpint (e->kind, ==, LIMN_HISTORY_REVIEW);
  g_assert_cmpint (e->review->verdict, ==, LIMN_VERDICT_CORRECT);
  g_assert_cmpstr (e->who, ==, "rita");
}

static void
test_feedback (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnThread) thread = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(LimnGuideline) pending = NULL;
  g_autoptr(LimnGuideline) after = NULL;
  g_autoptr(LimnMessage) reply = NULL;
  g_autoptr(GBytes) payload = NULL;
  LimnMessage *m;

  g_assert_cmpint (limn_store_count_unread_messages (f->store, P, &error), ==, 0);
  g_assert_true (apply_fixture (f, "changes-feedback.json", &error));
  g_assert_no_error (error);

  /* A reviewer's answer: the thread is answered and the reply unread. */
  g_assert_cmpint (limn_store_count_unread_messages (f->store, P, &error), ==, 1);
  thread = limn_store_load_thread (f->store, FLAG, &error);
  g_assert_no_error (error);
  g_assert_cmpint (limn_thread_get_state (thread), ==, LIMN_FLAG_ANSWERED);
  g_assert_true (limn_thread_get_mine (thread));
  g_assert_cmpuint (limn_thread_get_n_unread (thread), ==, 1);
  g_assert_cmpuint (limn_thread_get_messages (thread)->len, ==, 1);
  m = g_ptr_array_index (limn_thread_get_messages (thread), 0);
  g_assert_cmpstr (m->author, ==, "rita");
  g_assert_cmpstr (m->body, ==, "A cyclist is a person.");
  g_assert_true (limn_store_mark_thread_read (f->store, FLAG, &error));
  g_assert_cmpint (limn_store_count_unread_messages (f->store, P, &error), ==, 0);

  /* I close it: stored, the thread closed, queued as a message item. */
  reply = limn_message_new (FLAG, "Thanks, clear now.");
  limn_message_set_state (reply, LIMN_FLAG_CLOSED);
  g_assert_true (limn_store_queue_message (f->store, reply, &error));
  g_assert_no_error (error);
  g_clear_object (&thread);
  thread = limn_store_load_thread (f->store, FLAG, &error);
  g_assert_cmpint (limn_thread_get_state (thread), ==, LIMN_FLAG_CLOSED);
  g_assert_cmpuint (limn_thread_get_n_messages (thread), ==, 2);
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM outbox WHERE kind = 'message' AND payload LIKE "
                             "'%\"kind\":\"message\"%\"state\":\"closed\"%'"), ==, 1);

  /* The new guidelines, with what changed, wait for my acknowledgement. */
  pending = limn_store_guideline_needing_ack (f->store, P, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pending);
  g_assert_cmpint (pending->version, ==, 3);
  g_assert_cmpstr (pending->summary, ==, "Cyclists are people.");
  g_assert_cmpint (pending->published_us, ==, 1700000500000000);
  g_assert_true (limn_store_ack_guideline (f->store, P, 3, &error));
  g_assert_true (limn_store_ack_guideline (f->store, P, 3, &error));
  g_assert_no_error (error);
  g_assert_null (limn_store_guideline_needing_ack (f->store, P, &error));
  g_assert_no_error (error);
  after = limn_store_load_guideline (f->store, P, &error);
  g_assert_true (limn_guideline_is_acked (after));
  g_assert_false (after->ack_synced);
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM outbox WHERE kind = 'ack' AND payload LIKE "
                             "'%\"version\":3%'"), ==, 1);
  g_assert_false (limn_store_ack_guideline (f->store, P, 9, &error));
  g_assert_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The coaching note is mine, unread. */
  notes = limn_store_list_notes (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpstr (((LimnNote *)g_ptr_array_index (notes, 0))->author, ==, "rita");
  g_assert_cmpstr (((LimnNote *)g_ptr_array_index (notes, 0))->annotator, ==, "ann");
  g_assert_cmpint (limn_store_count_unread_notes (f->store, &error), ==, 1);
  g_assert_true (limn_store_mark_notes_read (f->store, &error));
  g_assert_cmpint (limn_store_count_unread_notes (f->store, &error), ==, 0);

  /* The kind a newer server sent was skipped; the cursor moved. */
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM sync_state WHERE cursor = '34'"), ==, 1);
}

static void
test_labels_retired (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnProject) project = NULL;
  g_autoptr(LimnAnnotation) a2 = NULL;
  LimnLabel *car, *person;

  g_assert_true (apply_fixture (f, "changes-labels.json", &error));
  g_assert_no_error (error);

  project = limn_store_load_project (f->store, P, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (limn_project_get_labels (project)), ==, 3);

  /* Renamed in place: same id, new name. */
  person = limn_project_lookup_label (project, L1);
  g_assert_cmpstr (limn_label_get_name (person), ==, "Pedestrian");
  g_assert_false (limn_label_get_retired (person));

  /* Retired: still there for A2's region, refused for new ones. */
  a2 = limn_store_load_annotation (f->store, A2, &error);
  g_assert_no_error (error);
  car = limn_project_lookup_label (project, ((LimnRegion *)g_ptr_array_index (a2->regions, 0))->label_id);
  g_assert_nonnull (car);
  g_assert_cmpstr (limn_label_get_name (car), ==, "Car");
  g_assert_true (limn_label_get_retired (car));
  g_assert_null (limn_project_lookup_hotkey (project, "2"));
  g_assert_true (limn_project_lookup_hotkey (project, "3") != NULL);

  /* Un-retired by a later change. */
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM labels WHERE retired_us IS NOT NULL"), ==, 1);
}

/* Each fault: an error that names the answer bad, and nothing stored. */
static void
test_bad_changes (Fixture       *f,
                  gconstpointer  data)
{
  const char *bad[] = {
    "bad-review-verdict.json",
    "bad-review-send-back-without-reason.json",
    "bad-review-comments-type.json",
    "bad-review-correction-on-accept.json",
    "bad-message-state.json",
    "bad-message-created-type.json",
    "bad-note-body.json",
    "bad-labels-retired-type.json",
    "bad-guidelines-summary-type.json",
    "bad-assignment-rework-type.json",
  };
  const char *state_sql =
    "SELECT (SELECT COUNT(*) FROM reviews) + (SELECT COUNT(*) FROM messages) + (SELECT COUNT(*) FROM notes) "
    "  + (SELECT COUNT(*) FROM guidelines) * 100 + (SELECT COUNT(*) FROM labels WHERE retired_us IS NOT NULL) * 1000 "
    "  + (SELECT COUNT(*) FROM assignments WHERE rework = 1) * 10000 "
    "  + (SELECT COUNT(*) FROM sync_state WHERE cursor != '0') * 100000";
  gint64 before = count (f, state_sql);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", bad[i]);
      g_assert_false (apply_fixture (f, bad[i], &error));
      g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE);
      g_assert_cmpint (count (f, state_sql), ==, before);
    }

  /* A fault found when applying (a correction's label is not the
   * project's) undoes the whole page: the message before it is not kept
   * and the cursor does not move. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (apply_fixture (f, "bad-apply-correction-label.json", &error));
    g_assert_nonnull (error);
    g_assert_cmpint (count (f, state_sql), ==, before);
  }

  /* A correction's box outside my image is called what it is, not gold. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (apply_fixture (f, "bad-apply-correction-outside.json", &error));
    g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE);
    g_assert_nonnull (strstr (error->message, "a corrected box is outside the image"));
    g_assert_cmpint (count (f, state_sql), ==, before);
  }
}

/* The wire: the review routes' answers */

static void
test_parse_queue (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = fixture_bytes ("review-queue.json");
  g_autoptr(LimnWireReviewQueue) queue = limn_wire_parse_review_queue (body, P, &error);
  LimnReviewItem *item;
  const char *bad[] = { "bad-review-queue-level-type.json", "bad-review-queue-state.json" };

  g_assert_no_error (error);
  g_assert_cmpuint (queue->items->len, ==, 2);
  g_assert_cmpint (queue->total, ==, 2);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (queue->counts, "low_confidence")), ==, 1);
  item = g_ptr_array_index (queue->items, 0);
  g_assert_cmpstr (limn_review_item_get_project_id (item), ==, P);
  g_assert_true (limn_review_item_has_reason (item, "audit"));
  g_assert_cmpstr (limn_review_item_get_annotators (item)[1], ==, "bob");
  item = g_ptr_array_index (queue->items, 1);
  g_assert_cmpint (limn_review_item_get_min_level (item), ==, 2);
  g_assert_cmpstr (limn_review_item_get_holder (item), ==, "sam");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) b = fixture_bytes (bad[i]);
      g_autoptr(GError) e = NULL;

      g_assert_null (limn_wire_parse_review_queue (b, P, &e));
      g_assert_error (e, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE);
    }
}

static LimnProject *
wire_project (void)
{
  LimnProject *p = limn_project_new (P, "Street", LIMN_PROJECT_IMAGE);
  g_autoptr(LimnLabel) l1 = limn_label_new (L1, "Person", "#3584e4", "1");
  g_autoptr(LimnLabel) l2 = limn_label_new (L2, "Car", "#e66100", "2");

  limn_project_add_label (p, l1);
  limn_project_add_label (p, l2);

  return p;
}

static void
test_parse_claims_and_threads (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnProject) project = wire_project ();
  g_autoptr(GBytes) body = fixture_bytes ("review-claims.json");
  g_autoptr(GPtrArray) items = limn_wire_parse_review_claims (body, project, 10, &error);
  g_autoptr(GBytes) tbody = fixture_bytes ("threads.json");
  g_autoptr(GPtrArray) threads = NULL;
  const char *bad[] = { "bad-review-claims-box-outside.json", "bad-review-claims-unknown-label.json" };
  LimnWireReviewItem *item;
  LimnAnnotation *a;
  LimnWireThread *t;

  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpstr (item->reasons[0], ==, "disagreement");
  g_assert_cmpint (item->lease_expires_us, ==, 1900000000000000);
  g_assert_cmpstr (limn_task_get_title (item->task->task), ==, "five.jpg");
  g_assert_cmpuint (item->task->suggestions->len, ==, 1);
  g_assert_cmpuint (item->annotations->len, ==, 2);
  a = g_ptr_array_index (item->annotations, 0);
  g_assert_cmpstr (a->annotator, ==, "ann");
  g_assert_null (a->author);
  g_assert_cmpfloat (a->confidence, ==, 0.4);
  g_assert_cmpint (a->active_ms, ==, 41000);
  /* The first annotator's latest is under review when the server does
   * not say. */
  g_assert_cmpstr (item->annotation_id, ==, a->id);
  g_assert_cmpuint (item->flags->len, ==, 1);
  g_assert_null (item->gold);
  /* The entry of a newer kind is skipped. */
  g_assert_cmpuint (item->history->len, ==, 1);
  g_assert_cmpstr (((LimnReviewVerdict *)g_ptr_array_index (item->history, 0))->reviewer, ==, "sam");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) b = fixture_bytes (bad[i]);
      g_autoptr(GError) e = NULL;

      g_assert_null (limn_wire_parse_review_claims (b, project, 10, &e));
      g_assert_error (e, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE);
    }

  threads = limn_wire_parse_threads (tbody, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (threads->len, ==, 2);
  t = g_ptr_array_index (threads, 0);
  g_assert_cmpint (t->flag->state, ==, LIMN_FLAG_ANSWERED);
  g_assert_cmpuint (t->messages->len, ==, 1);
  t = g_ptr_array_index (threads, 1);
  g_assert_cmpstr (t->flag->region_id, ==, "eeeeeeee-eeee-4eee-8eee-eeeeeeeeee01");
  {
    g_autoptr(GBytes) b = fixture_bytes ("bad-threads-messages-type.json");
    g_autoptr(GError) e = NULL;

    g_assert_null (limn_wire_parse_threads (b, &e));
    g_assert_error (e, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE);
  }
}

/* A reviewer: leased items, a draft, a verdict into the outbox */

static JsonObject *
outbox_item (Fixture    *f,
             const char *kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (limn_store_get_db (f->store),
                                       "SELECT payload FROM outbox WHERE kind = ?", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_true (json_parser_load_from_data (parser, (const char *)sqlite3_column_text (stmt, 0), -1, &error));
  sqlite3_finalize (stmt);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_reviewer (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnProject) project = wire_project ();
  g_autoptr(GBytes) qbody = fixture_bytes ("review-queue.json");
  g_autoptr(GBytes) cbody = fixture_bytes ("review-claims.json");
  g_autoptr(GBytes) tbody = fixture_bytes ("threads.json");
  g_autoptr(LimnWireReviewQueue) queue = limn_wire_parse_review_queue (qbody, P, &error);
  g_autoptr(GPtrArray) claimed = limn_wire_parse_review_claims (cbody, project, 10, &error);
  g_autoptr(GPtrArray) threads = limn_wire_parse_threads (tbody, &error);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(LimnReviewVerdict) draft = NULL;
  g_autoptr(LimnReviewVerdict) loaded = NULL;
  g_autoptr(LimnReviewVerdict) again = NULL;
  g_autoptr(JsonObject) item = NULL;
  LimnWireReviewItem *c;
  const char *item_id = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbb01";

  g_assert_no_error (error);
  c = g_ptr_array_index (claimed, 0);

  g_assert_true (limn_store_review_save_queue (f->store, P, queue->items, &error));
  g_assert_true (limn_store_review_save_leased (f->store, P, c, &error));
  /* Twice: nothing received is stored twice, nothing fails. */
  g_assert_true (limn_store_review_save_leased (f->store, P, c, &error));
  g_assert_true (limn_store_threads_save (f->store, P, threads, &error));
  g_assert_no_error (error);

  items = limn_store_review_list_items (f->store, P, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = limn_store_review_list_items (f->store, P, TRUE, &error);
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_true (limn_review_item_get_leased (g_ptr_array_index (items, 0)));
  g_assert_cmpint (limn_review_item_get_lease_expires_us (g_ptr_array_index (items, 0)), ==, 1900000000000000);

  /* Everyone's revisions, in order; bob's parent is not here, so unlinked. */
  annotations = limn_store_review_load_annotations (f->store, item_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (annotations->len, ==, 2);
  g_assert_cmpstr (((LimnAnnotation *)g_ptr_array_index (annotations, 1))->annotator, ==, "bob");
  g_assert_null (((LimnAnnotation *)g_ptr_array_index (annotations, 1))->parent_id);
  g_assert_null (limn_store_review_load_gold (f->store, item_id, &error));
  g_assert_no_error (error);

  /* The reviewed task is not in my own task list. */
  tasks = limn_store_list_tasks (f->store, P, f->me, &error);
  g_assert_cmpuint (tasks->len, ==, 3);
  /* The threads of others are listed, unread. */
  listed = limn_store_list_threads (f->store, P, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (listed->len, ==, 3);
  g_assert_cmpint (limn_store_count_unread_messages (f->store, P, &error), ==, 3);

  /* A draft survives a restart of the page. */
  g_assert_null (limn_store_review_load_draft (f->store, item_id, &error));
  g_assert_no_error (error);
  draft = limn_review_verdict_new (item_id, NULL, limn_review_item_get_annotation_id (g_ptr_array_index (items, 0)),
                                   LIMN_VERDICT_SEND_BACK);
  limn_review_verdict_add_comment (draft, limn_review_comment_new ("eeeeeeee-eeee-4eee-8eee-eeeeeeeeee01",
                                                                   "Too loose."));
  draft->active_ms = 5000;
  g_assert_true (limn_store_review_save_draft (f->store, draft, &error));
  g_assert_no_error (error);
  loaded = limn_store_review_load_draft (f->store, item_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (loaded->verdict, ==, LIMN_VERDICT_SEND_BACK);
  g_assert_cmpuint (loaded->comments->len, ==, 1);
  g_assert_cmpstr (loaded->task_id, ==, "33333333-3333-4333-8333-333333333305");

  /* A send-back without a reason is refused; with one it is queued. */
  g_assert_false (limn_store_review_queue_verdict (f->store, loaded, &error));
  g_assert_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM outbox WHERE kind = 'review'"), ==, 0);
  loaded->reason_code = g_strdup ("loose_box");
  g_free (loaded->comment);
  loaded->comment = g_strdup ("Tighten the boxes.");
  g_assert_true (limn_store_review_queue_verdict (f->store, loaded, &error));
  g_assert_no_error (error);
  g_assert_null (limn_store_review_load_draft (f->store, item_id, &error));
  g_assert_no_error (error);

  item = outbox_item (f, "review");
  g_assert_cmpstr (json_object_get_string_member (item, "kind"), ==, "review");
  g_assert_cmpstr (json_object_get_string_member (item, "id"), ==, loaded->id);
  g_assert_cmpstr (json_object_get_string_member (item, "item_id"), ==, item_id);
  g_assert_cmpstr (json_object_get_string_member (item, "annotation_id"), ==, "dddddddd-dddd-4ddd-8ddd-dddddddddd01");
  g_assert_cmpstr (json_object_get_string_member (item, "verdict"), ==, "send_back");
  g_assert_cmpstr (json_object_get_string_member (item, "reason_code"), ==, "loose_box");
  g_assert_cmpstr (json_object_get_string_member (item, "comment"), ==, "Tighten the boxes.");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (item, "comments")), ==, 1);
  g_assert_false (json_object_has_member (item, "correction"));
  g_assert_cmpint (json_object_get_int_member (item, "active_ms"), ==, 5000);
  g_assert_true (json_object_has_member (item, "created_us"));

  /* Decided here: a second verdict is refused. */
  again = limn_review_verdict_new (item_id, NULL, "dddddddd-dddd-4ddd-8ddd-dddddddddd01", LIMN_VERDICT_ACCEPT);
  g_assert_false (limn_store_review_queue_verdict (f->store, again, &error));
  g_assert_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = limn_store_review_list_items (f->store, P, TRUE, &error);
  g_assert_true (limn_review_item_get_decided (g_ptr_array_index (items, 0)));

  /* The server's answer reaches the verdict. */
  {
    g_autoptr(LimnAccount) account = limn_store_load_account (f->store, f->account_id, &error);
    g_autoptr(LimnOutboxBatch) batch = limn_store_outbox_take_batch (f->store, account, 100, 1 << 20, NULL, &error);
    g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_wire_result_free);
    g_autoptr(GPtrArray) reviews = NULL;

    g_assert_no_error (error);
    for (guint i = 0; i < batch->item_ids->len; i++)
      {
        LimnWireResult *r = g_new0 (LimnWireResult, 1);

        r->id = g_strdup (g_ptr_array_index (batch->item_ids, i));
        r->status = g_str_equal (g_ptr_array_index (batch->kinds, i), "review") ? LIMN_WIRE_CONFLICT
                                                                               : LIMN_WIRE_APPLIED;
        r->reason = g_strdup ("decided by someone else");
        g_ptr_array_add (results, r);
      }
    g_assert_true (limn_store_outbox_ack_batch (f->store, batch->key, batch->kinds, results, &error));
    g_assert_no_error (error);
    reviews = limn_store_list_reviews (f->store, "33333333-3333-4333-8333-333333333305", &error);
    g_assert_no_error (error);
    /* sam's earlier verdict from the history, and mine. */
    g_assert_cmpuint (reviews->len, ==, 2);
    g_assert_true (((LimnReviewVerdict *)g_ptr_array_index (reviews, 1))->mine);
    g_assert_cmpstr (((LimnReviewVerdict *)g_ptr_array_index (reviews, 1))->sync_status, ==, "conflict");
  }
}

static void
test_note_item (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnNote) note = limn_note_new (P, "bob", "Watch the small cars.");
  g_autoptr(LimnNote) empty = limn_note_new (P, "bob", "");
  g_autoptr(JsonObject) item = NULL;
  g_autoptr(GPtrArray) notes = NULL;

  g_assert_false (limn_store_queue_note (f->store, empty, &error));
  g_assert_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (limn_store_queue_note (f->store, note, &error));
  g_assert_no_error (error);
  item = outbox_item (f, "note");
  g_assert_cmpstr (json_object_get_string_member (item, "kind"), ==, "note");
  g_assert_cmpstr (json_object_get_string_member (item, "id"), ==, note->id);
  g_assert_cmpstr (json_object_get_string_member (item, "annotator"), ==, "bob");
  g_assert_cmpstr (json_object_get_string_member (item, "body"), ==, "Watch the small cars.");
  g_assert_cmpint (json_object_get_int_member (item, "created_us"), ==, note->created_us);

  notes = limn_store_list_notes (f->store, "bob", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpstr (((LimnNote *)g_ptr_array_index (notes, 0))->sync_status, ==, "pending");
}

/* Migration 3 on a file made by the code of schema 2 */

static void
test_migrates_v2 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "v2.db", NULL);
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "schema-v2.sql", NULL);
  g_autofree char *sql = NULL;
  g_autoptr(LimnStore) store = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) flags = NULL;
  g_autoptr(GPtrArray) threads = NULL;
  g_autoptr(LimnProject) project = NULL;
  g_autoptr(LimnAnnotation) a = NULL;
  const char *task = "8a0f6a52-5d55-4b9f-8f3c-1c1f7c0e0c01";
  sqlite3 *db;

  g_assert_true (g_file_get_contents (fixture, &sql, NULL, &error));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  store = limn_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (limn_store_get_schema_version (store), ==, LIMN_STORE_SCHEMA_VERSION);
  g_assert_true (limn_store_check_integrity (store, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (limn_store_get_local_annotator (store), ==, "8542e3f9-e123-48c8-ac1a-4c287199e252");

  /* Everything of version 2 is there and reads as before. */
  tasks = limn_store_list_tasks (store, "8a0f6a52-5d55-4b9f-8f3c-1c1f7c0e0001",
                                 limn_store_get_local_annotator (store), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tasks->len, ==, 2);
  g_assert_cmpint (limn_task_get_status (g_ptr_array_index (tasks, 0)), ==, LIMN_TASK_STATUS_SUBMITTED);
  g_assert_cmpint (limn_task_get_status (g_ptr_array_index (tasks, 1)), ==, LIMN_TASK_STATUS_IN_PROGRESS);
  g_assert_true (limn_task_get_flagged (g_ptr_array_index (tasks, 0)));
  a = limn_store_load_latest (store, task, limn_store_get_local_annotator (store), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (a->regions->len, ==, 1);
  g_assert_null (a->author);
  project = limn_store_load_project (store, "8a0f6a52-5d55-4b9f-8f3c-1c1f7c0e0001", &error);
  g_assert_no_error (error);
  g_assert_false (limn_label_get_retired (limn_project_lookup_label (project,
                                                                     "8a0f6a52-5d55-4b9f-8f3c-1c1f7c0e0a02")));
  flags = limn_store_list_flags (store, task, &error);
  g_assert_cmpuint (flags->len, ==, 1);
  g_assert_cmpint (((LimnFlag *)g_ptr_array_index (flags, 0))->state, ==, LIMN_FLAG_OPEN);
  /* My own old flag is a thread of mine, read, in its project. */
  threads = limn_store_list_threads (store, "8a0f6a52-5d55-4b9f-8f3c-1c1f7c0e0001", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (threads->len, ==, 1);
  g_assert_true (limn_thread_get_mine (g_ptr_array_index (threads, 0)));
  g_assert_cmpuint (limn_thread_get_n_unread (g_ptr_array_index (threads, 0)), ==, 0);
  g_assert_cmpint (limn_store_outbox_count_pending (store, &error), ==, 2);
  /* Version 2 was never acknowledged: it asks to be, once. */
  {
    g_autoptr(LimnGuideline) g = limn_store_guideline_needing_ack (store, "8a0f6a52-5d55-4b9f-8f3c-1c1f7c0e0001",
                                                                   &error);

    g_assert_no_error (error);
    g_assert_nonnull (g);
    g_assert_cmpint (g->version, ==, 2);
    g_assert_cmpstr (g->summary, ==, "");
  }

  g_clear_object (&store);
  limn_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/sync-review/apply/send-back", test_send_back);
  ADD ("/sync-review/apply/accept-and-correct", test_accept_and_correct);
  ADD ("/sync-review/apply/feedback", test_feedback);
  ADD ("/sync-review/apply/labels-retired", test_labels_retired);
  ADD ("/sync-review/apply/bad", test_bad_changes);
  ADD ("/sync-review/store/reviewer", test_reviewer);
  ADD ("/sync-review/store/note", test_note_item);
#undef ADD
  g_test_add_func ("/sync-review/wire/queue", test_parse_queue);
  g_test_add_func ("/sync-review/wire/claims-and-threads", test_parse_claims_and_threads);
  g_test_add_func ("/sync-review/store/migrates-v2", test_migrates_v2);

  return g_test_run ();
}
