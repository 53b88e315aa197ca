/* test-sync-review-e2e.c
 *
 * Review, rework and feedback end to end (docs/review.md, issue 18): the
 * real limn-server on a loopback port and three real clients with their
 * own store files, two annotators (alice, bob) and a reviewer (rita).
 * Alice submits a task with low confidence and flags another; bob
 * submits the first too. Rita lists the queue, leases the items, sees
 * both annotators' regions, corrects one task, sends the first back with
 * a reason and comments pinned to a region and to the task, and answers
 * the flag, all through the outbox. Alice sees the rework first, with the
 * comments, the reply unread and the history; she resubmits (the new
 * revision's parent is the reviewed one) and rita accepts. Then a verdict
 * and a reply made with the server down arrive exactly once, and a
 * replayed batch changes nothing; and a guideline published with the
 * admin CLI reaches alice, who acknowledges it once. Every step is checked
 * in all three databases.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "limn-server-test.h"
#include "limn-sync-test.h"
#include "limn-test-util.h"
#include "store/limn-store-guidelines.h"
#include "store/limn-store-private.h"
#include "store/limn-store-review.h"
#include "store/limn-store-threads.h"
#include "sync/limn-sync-client-private.h"

typedef struct
{
  LimnSyncTestClient *client;
  const char         *name;
  char               *token;
  guint               conflicts;
  guint               rejections;
} Member;

typedef struct
{
  LimnTestServer *server;
  char           *url;
  char           *listen;
  char           *project_id;
  GPtrArray      *task_ids;     /* the server's, in position order */
  Member          alice, bob, rita;
  char           *flag_id;
  char           *a1;           /* alice's revision of task 0, sent back */
  char           *b1;           /* bob's revision of task 0 */
  char           *a2;           /* alice's revision of task 1, flagged, corrected */
  char           *a3;           /* alice's revision of task 2, judged offline */
  char           *pinned;       /* the region of a1 rita commented on */
} Fixture;

static void
conflict_cb (LimnSyncClient *client,
             const char     *kind,
             const char     *id,
             const char     *reason,
             Member         *m)
{
  g_test_message ("%s: conflict: %s %s: %s", m->name, kind, id, reason);
  m->conflicts++;
}

static void
rejected_cb (LimnSyncClient *client,
             const char     *kind,
             const char     *id,
             const char     *reason,
             Member         *m)
{
  g_test_message ("%s: rejected: %s %s: %s", m->name, kind, id, reason);
  m->rejections++;
}

static void
member_init (Fixture    *f,
             Member     *m,
             const char *name,
             const char *role)
{
  m->name = name;
  m->token = limn_test_server_add_token (f->server, name, f->project_id, role, NULL);
  m->client = limn_sync_test_client_new (NULL);
  g_signal_connect (m->client->client, "conflict", G_CALLBACK (conflict_cb), m);
  g_signal_connect (m->client->client, "rejected", G_CALLBACK (rejected_cb), m);
}

static void
member_sign_in (Fixture *f,
                Member  *m)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (limn_sync_test_sign_in (m->client->client, f->url, m->token, &error));
  g_assert_no_error (error);
  limn_sync_client_set_prefetch_count (m->client->client, 0);
}

static void
member_sync (Member *m)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (limn_sync_test_sync (m->client->client, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (m->conflicts, ==, 0);
  g_assert_cmpuint (m->rejections, ==, 0);
  g_assert_cmpint (limn_sync_client_get_n_pending (m->client->client), ==, 0);
}

static void
member_clear (Member *m)
{
  limn_sync_test_assert_integrity (m->client->db_path);
  limn_sync_test_client_free (m->client, FALSE);
  g_free (m->token);
}

static char *
write_file (LimnTestServer *server,
            const char     *name,
            const char     *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (limn_test_server_get_data_dir (server), "..", name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);

  return path;
}

static gint64
publish_guidelines (Fixture    *f,
                    const char *body,
                    const char *summary)
{
  g_autofree char *path = write_file (f->server, "guidelines.md", body);
  g_autofree char *out = limn_test_server_admin (f->server, "guidelines", "publish", "--project", f->project_id,
                                                 "--file", path, "--summary", summary, NULL);
  g_autofree char *version = limn_test_kv (out, "version");

  g_unlink (path);
  g_assert_nonnull (version);

  return g_ascii_strtoll (version, NULL, 10);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->server = limn_test_server_new ();
  f->project_id = limn_test_server_add_image_project (f->server, "Streets", 4);
  f->task_ids = limn_test_server_get_task_ids (f->server, f->project_id);
  /* Two annotators on every task, so rita sees both on the first. */
  g_free (limn_test_server_admin (f->server, "project", "set", "--project", f->project_id,
                                  "--overlap", "2", NULL));
  g_assert_cmpint (publish_guidelines (f, "# Boxes\n\nBox every person.\n", "First version."), ==, 1);

  member_init (f, &f->alice, "alice", "annotator");
  member_init (f, &f->bob, "bob", "annotator");
  member_init (f, &f->rita, "rita", "reviewer");

  limn_test_server_start (f->server, NULL, NULL);
  f->url = g_strdup (limn_test_server_get_url (f->server));
  f->listen = g_strdup (f->url + strlen ("http://"));

  member_sign_in (f, &f->alice);
  member_sign_in (f, &f->bob);
  member_sign_in (f, &f->rita);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  member_clear (&f->alice);
  member_clear (&f->bob);
  member_clear (&f->rita);
  limn_test_server_free (f->server);
  g_free (f->url);
  g_free (f->listen);
  g_free (f->project_id);
  g_free (f->flag_id);
  g_free (f->a1);
  g_free (f->b1);
  g_free (f->a2);
  g_free (f->a3);
  g_free (f->pinned);
}

/* Reading the databases */

/* How a review is stored at rest no route tells in full: the server's
 * file, read-only. */
static gint64
server_count (Fixture    *f,
              const char *format,
              ...) G_GNUC_PRINTF (2, 3);

static gint64
server_count (Fixture    *f,
              const char *format,
              ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  return limn_test_db_count (f->server, sql);
}

static gint64
client_count (Member     *m,
              const char *format,
              ...) G_GNUC_PRINTF (2, 3);

static gint64
client_count (Member     *m,
              const char *format,
              ...)
{
  g_autofree char *sql = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  return limn_sync_test_count (m->client->worker, sql);
}

/* The one value @sql selects in @m's store. */
static char *
client_text (Member     *m,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static char *
client_text (Member     *m,
             const char *format,
             ...)
{
  g_autofree char *sql = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  rows = limn_sync_test_ids (m->client->db_path, sql);
  if (rows->len != 1)
    g_error ("%s: %u rows for %s", m->name, rows->len, sql);

  return g_strdup (g_ptr_array_index (rows, 0));
}

#define assert_client_text(m, expected, ...) \
  G_STMT_START { \
    g_autofree char *_value = client_text (m, __VA_ARGS__); \
    g_assert_cmpstr (_value, ==, expected); \
  } G_STMT_END

static const char *
task (Fixture *f,
      guint    i)
{
  return g_ptr_array_index (f->task_ids, i);
}

/* The store's API, on the writer thread */

typedef struct
{
  const char        *id;
  const char        *project_id;
  LimnReviewVerdict *verdict;
  LimnMessage       *message;
  gint64             version;
} Call;

static gpointer
load_annotations_job (LimnStore  *store,
                      gpointer    data,
                      GError    **error)
{
  return limn_store_review_load_annotations (store, ((Call *)data)->id, error);
}

static gpointer
queue_verdict_job (LimnStore  *store,
                   gpointer    data,
                   GError    **error)
{
  return GINT_TO_POINTER (limn_store_review_queue_verdict (store, ((Call *)data)->verdict, error));
}

static gpointer
queue_message_job (LimnStore  *store,
                   gpointer    data,
                   GError    **error)
{
  return GINT_TO_POINTER (limn_store_queue_message (store, ((Call *)data)->message, error));
}

static gpointer
list_tasks_job (LimnStore  *store,
                gpointer    data,
                GError    **error)
{
  return limn_store_list_tasks (store, ((Call *)data)->project_id, ((Call *)data)->id, error);
}

static gpointer
list_reviews_job (LimnStore  *store,
                  gpointer    data,
                  GError    **error)
{
  return limn_store_list_reviews (store, ((Call *)data)->id, error);
}

static gpointer
load_history_job (LimnStore  *store,
                  gpointer    data,
                  GError    **error)
{
  return limn_store_load_history (store, ((Call *)data)->id, error);
}

static gpointer
load_thread_job (LimnStore  *store,
                 gpointer    data,
                 GError    **error)
{
  return limn_store_load_thread (store, ((Call *)data)->id, error);
}

static gpointer
unread_messages_job (LimnStore  *store,
                     gpointer    data,
                     GError    **error)
{
  gint64 *n = g_new (gint64, 1);

  *n = limn_store_count_unread_messages (store, ((Call *)data)->project_id, error);
  return n;
}

static gpointer
guideline_needing_ack_job (LimnStore  *store,
                           gpointer    data,
                           GError    **error)
{
  LimnGuideline *g = limn_store_guideline_needing_ack (store, ((Call *)data)->project_id, error);

  /* NULL is an answer here: none needs acknowledging. */
  return g != NULL ? (gpointer)g : (gpointer)g_new0 (LimnGuideline, 1);
}

static gpointer
ack_guideline_job (LimnStore  *store,
                   gpointer    data,
                   GError    **error)
{
  Call *c = data;

  return GINT_TO_POINTER (limn_store_ack_guideline (store, c->project_id, c->version, error));
}

static gpointer
run (Member         *m,
     LimnStoreJobFunc job,
     Call           *call)
{
  g_autoptr(GError) error = NULL;
  gpointer result = limn_store_worker_run_sync (m->client->worker, job, call, &error);

  g_assert_no_error (error);
  g_assert_nonnull (result);

  return result;
}

/* The sync client's review calls, waited for */

static GPtrArray *
review_queue (Member     *m,
              const char *project_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *ids;

  limn_sync_client_review_queue_async (m->client->client, project_id, NULL, limn_sync_test_done_cb, &result);
  ids = limn_sync_client_review_queue_finish (m->client->client, limn_sync_test_wait (&result), &error);
  g_assert_no_error (error);

  return ids;
}

static GPtrArray *
review_claim (Member     *m,
              const char *project_id,
              guint       count)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *ids;

  limn_sync_client_review_claim_async (m->client->client, project_id, count, NULL,
                                       limn_sync_test_done_cb, &result);
  ids = limn_sync_client_review_claim_finish (m->client->client, limn_sync_test_wait (&result), &error);
  g_assert_no_error (error);

  return ids;
}

static GPtrArray *
threads (Member     *m,
         const char *project_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *ids;

  limn_sync_client_threads_async (m->client->client, project_id, NULL, limn_sync_test_done_cb, &result);
  ids = limn_sync_client_threads_finish (m->client->client, limn_sync_test_wait (&result), &error);
  g_assert_no_error (error);

  return ids;
}

/* The review item rita holds on @task_id with no verdict given here. */
static char *
held_item (Fixture    *f,
           const char *task_id)
{
  return client_text (&f->rita, "SELECT id FROM review_items WHERE task_id = '%s' AND review_id IS NULL "
                                "AND lease_expires_us IS NOT NULL", task_id);
}

static void
queue_verdict (Member            *m,
               LimnReviewVerdict *verdict)
{
  Call call = { .verdict = verdict };

  g_assert_true (GPOINTER_TO_INT (run (m, queue_verdict_job, &call)));
}

static void
queue_reply (Member     *m,
             const char *thread_id,
             const char *body,
             char      **id)
{
  g_autoptr(LimnMessage) message = limn_message_new (thread_id, body);
  Call call = { .message = message };

  g_assert_true (GPOINTER_TO_INT (run (m, queue_message_job, &call)));
  *id = g_strdup (message->id);
}

static LimnAnnotation *
find_annotation (GPtrArray  *annotations,
                 const char *id)
{
  for (guint i = 0; i < annotations->len; i++)
    if (g_str_equal (((LimnAnnotation *)g_ptr_array_index (annotations, i))->id, id))
      return g_ptr_array_index (annotations, i);

  g_error ("revision %s was not received", id);
  return NULL;
}

/* 1. Alice labels three tasks: the first with low confidence, the second
 * flagged with a question, the third with low confidence too (judged
 * offline later); bob labels the first the same way, surely. */
static void
step_annotators_submit (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) bobs = NULL;

  mine = limn_sync_test_claim (f->alice.client->client, f->project_id, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mine->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (g_ptr_array_index (mine, i), ==, task (f, i));
  bobs = limn_sync_test_claim (f->bob.client->client, f->project_id, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_ptr_array_index (bobs, 0), ==, task (f, 0));

  f->a1 = limn_sync_test_label_task_full (f->alice.client, f->project_id, task (f, 0), 2, FALSE, 0.3);
  f->a2 = limn_sync_test_label_task_full (f->alice.client, f->project_id, task (f, 1), 1, TRUE, 0.8);
  f->a3 = limn_sync_test_label_task_full (f->alice.client, f->project_id, task (f, 2), 1, FALSE, 0.3);
  f->b1 = limn_sync_test_label_task_full (f->bob.client, f->project_id, task (f, 0), 2, FALSE, 0.8);
  f->flag_id = client_text (&f->alice, "SELECT id FROM flags");

  member_sync (&f->alice);
  member_sync (&f->bob);

  /* The server queued the low confidence twice and the flag, nothing
   * else: bob agrees with alice. */
  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM annotations"), ==, 4);
  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM review_items WHERE state = 'open'"), ==, 3);
  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM review_items WHERE task_id = '%s' "
                                    "AND annotation_id = '%s' AND reasons = '[\"low_confidence\"]'",
                                 task (f, 0), f->a1), ==, 1);
  /* The flag came before the submit (as the app queues them): its item
   * names no revision; the claim answers with alice's latest. */
  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM review_items WHERE task_id = '%s' "
                                    "AND (annotation_id IS NULL OR annotation_id = '%s') "
                                    "AND reasons LIKE '%%\"flag\"%%'", task (f, 1), f->a2), ==, 1);
  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM review_items WHERE task_id = '%s' "
                                    "AND annotation_id = '%s'", task (f, 2), f->a3), ==, 1);
}

/* 2. Rita lists and leases the queue, sees both annotators on the first
 * task, corrects the second, sends the first back with comments, and
 * answers the flag. */
static void
step_reviewer_judges (Fixture *f)
{
  g_autoptr(GPtrArray) listed = review_queue (&f->rita, f->project_id);
  g_autoptr(GPtrArray) claimed = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GPtrArray) thread_ids = NULL;
  g_autoptr(LimnReviewVerdict) correct = NULL;
  g_autoptr(LimnReviewVerdict) send_back = NULL;
  g_autofree char *item0 = NULL;
  g_autofree char *item1 = NULL;
  g_autofree char *reply_id = NULL;
  LimnAnnotation *a1, *b1, *a2;
  LimnAnnotation *correction;
  LimnRegion *moved;
  Call call = { 0 };

  g_assert_cmpuint (listed->len, ==, 3);
  g_assert_cmpint (client_count (&f->rita, "SELECT COUNT(*) FROM review_items WHERE state = 'open' "
                                           "AND lease_expires_us IS NULL"), ==, 3);
  g_assert_cmpint (client_count (&f->rita, "SELECT COUNT(*) FROM review_items WHERE task_id = '%s' "
                                           "AND annotation_id = '%s' AND annotators LIKE '%%alice%%' "
                                           "AND annotators LIKE '%%bob%%'", task (f, 0), f->a1), ==, 1);

  claimed = review_claim (&f->rita, f->project_id, 10);
  g_assert_cmpuint (claimed->len, ==, 3);
  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM review_items r JOIN users u ON u.id = r.holder "
                                    "WHERE r.state = 'leased' AND u.name = 'rita'"), ==, 3);
  item0 = held_item (f, task (f, 0));
  item1 = held_item (f, task (f, 1));

  /* Both annotators' regions, as they submitted them. */
  call.id = item0;
  annotations = run (&f->rita, load_annotations_job, &call);
  g_assert_cmpuint (annotations->len, ==, 2);
  a1 = find_annotation (annotations, f->a1);
  b1 = find_annotation (annotations, f->b1);
  g_assert_cmpstr (a1->annotator, ==, "alice");
  g_assert_cmpstr (b1->annotator, ==, "bob");
  g_assert_cmpuint (a1->regions->len, ==, 2);
  g_assert_cmpuint (b1->regions->len, ==, 2);
  g_assert_cmpfloat_with_epsilon (a1->confidence, 0.3, 1e-9);
  assert_client_text (&f->rita, f->a1, "SELECT annotation_id FROM review_items WHERE id = '%s'", item0);

  /* Send the first back: a reason, a comment on one of alice's boxes and
   * one on the task. */
  send_back = limn_review_verdict_new (item0, NULL, f->a1, LIMN_VERDICT_SEND_BACK);
  send_back->reason_code = g_strdup ("missed_object");
  g_free (send_back->comment);
  send_back->comment = g_strdup ("Two cars are not boxed.");
  f->pinned = g_strdup (((LimnRegion *)g_ptr_array_index (a1->regions, 0))->id);
  limn_review_verdict_add_comment (send_back, limn_review_comment_new (f->pinned, "Too loose."));
  limn_review_verdict_add_comment (send_back, limn_review_comment_new (NULL, "Look at the left edge."));
  send_back->active_ms = 30000;
  queue_verdict (&f->rita, send_back);

  /* Correct the second: one box moved, as the reviewer. */
  g_clear_pointer (&annotations, g_ptr_array_unref);
  call.id = item1;
  annotations = run (&f->rita, load_annotations_job, &call);
  g_assert_cmpuint (annotations->len, ==, 1);
  a2 = find_annotation (annotations, f->a2);
  assert_client_text (&f->rita, f->a2, "SELECT annotation_id FROM review_items WHERE id = '%s'", item1);
  correction = limn_review_new_correction (a2, limn_store_worker_get_annotator (f->rita.client->worker));
  moved = limn_region_dup (g_ptr_array_index (correction->regions, 0));
  moved->box.x += 3;
  g_ptr_array_remove_index (correction->regions, 0);
  g_ptr_array_insert (correction->regions, 0, moved);
  correct = limn_review_verdict_new (item1, NULL, f->a2, LIMN_VERDICT_CORRECT);
  correct->correction = correction;
  queue_verdict (&f->rita, correct);
  /* Queuing replaced it with the submitted revision. */
  correction = NULL;

  /* Answer the flag in its thread. */
  thread_ids = threads (&f->rita, f->project_id);
  g_assert_cmpuint (thread_ids->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (thread_ids, 0), ==, f->flag_id);
  queue_reply (&f->rita, f->flag_id, "Yes: a cyclist is a person.", &reply_id);

  g_assert_cmpint (client_count (&f->rita, "SELECT COUNT(*) FROM outbox WHERE acked_us IS NULL "
                                           "AND kind IN ('review', 'message')"), ==, 3);
  member_sync (&f->rita);

  /* The verdicts given here carry rita's name, not an empty one. */
  assert_client_text (&f->rita, "rita", "SELECT DISTINCT reviewer FROM reviews");
  g_assert_cmpint (client_count (&f->rita, "SELECT COUNT(*) FROM reviews WHERE sync_status = 'applied'"), ==, 2);
  assert_client_text (&f->rita, "rita", "SELECT author FROM messages WHERE id = '%s'", reply_id);

  /* The server acted on each once. */
  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM reviews"), ==, 2);
  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM reviews WHERE id = '%s' AND verdict = 'send_back' "
                                    "AND reason_code = 'missed_object' AND annotation_id = '%s'",
                                 send_back->id, f->a1), ==, 1);
  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM review_comments WHERE region_id IS NOT NULL"), ==, 1);
  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM review_comments WHERE region_id IS NULL"), ==, 1);
  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM annotations a JOIN users u ON u.id = a.author "
                                    "WHERE a.id = '%s' AND u.name = 'rita' AND a.parent_id = '%s' "
                                    "AND a.revision = 2", correct->correction->id, f->a2), ==, 1);
  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM assignments s JOIN users u ON u.id = s.annotator "
                                    "WHERE u.name = 'alice' AND s.task_id = '%s' AND s.status = 'assigned' "
                                    "AND s.rework = 1", task (f, 0)), ==, 1);
  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM assignments s JOIN users u ON u.id = s.annotator "
                                    "WHERE u.name = 'alice' AND s.task_id = '%s' AND s.status = 'accepted'",
                                 task (f, 1)), ==, 1);
  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM messages WHERE id = '%s'", reply_id), ==, 1);
  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM flags WHERE id = '%s' AND state = 'answered'",
                                 f->flag_id), ==, 1);
}

/* 3. Alice sees the rework first, with both comments, the reply unread
 * and the history; she resubmits. */
static void
step_annotator_reworks (Fixture *f)
{
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) reviews = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(LimnThread) thread = NULL;
  g_autoptr(GPtrArray) pinned = NULL;
  g_autoptr(GPtrArray) on_task = NULL;
  g_autofree gint64 *unread = NULL;
  g_autofree char *a1b = NULL;
  const char *me = limn_store_worker_get_annotator (f->alice.client->worker);
  LimnReviewVerdict *v;
  LimnMessage *reply;
  gboolean saw_revision = FALSE, saw_verdict = FALSE;
  Call call = { .project_id = f->project_id };

  member_sync (&f->alice);

  call.id = me;
  tasks = run (&f->alice, list_tasks_job, &call);
  g_assert_cmpuint (tasks->len, ==, 3);
  g_assert_cmpstr (limn_task_get_id (g_ptr_array_index (tasks, 0)), ==, task (f, 0));
  g_assert_cmpint (limn_task_get_status (g_ptr_array_index (tasks, 0)), ==, LIMN_TASK_STATUS_NEEDS_REWORK);
  for (guint i = 1; i < tasks->len; i++)
    if (g_str_equal (limn_task_get_id (g_ptr_array_index (tasks, i)), task (f, 1)))
      g_assert_cmpint (limn_task_get_status (g_ptr_array_index (tasks, i)), ==, LIMN_TASK_STATUS_ACCEPTED);

  /* The verdict with both comments, from rita. */
  call.id = task (f, 0);
  reviews = run (&f->alice, list_reviews_job, &call);
  g_assert_cmpuint (reviews->len, ==, 1);
  v = g_ptr_array_index (reviews, 0);
  g_assert_cmpint (v->verdict, ==, LIMN_VERDICT_SEND_BACK);
  g_assert_cmpstr (v->reviewer, ==, "rita");
  g_assert_cmpstr (v->reason_code, ==, "missed_object");
  g_assert_cmpstr (v->comment, ==, "Two cars are not boxed.");
  g_assert_cmpstr (v->annotation_id, ==, f->a1);
  g_assert_false (v->read);
  g_assert_cmpuint (v->comments->len, ==, 2);
  on_task = limn_review_verdict_comments_for (v, NULL);
  g_assert_cmpuint (on_task->len, ==, 1);
  g_assert_cmpstr (((LimnReviewComment *)g_ptr_array_index (on_task, 0))->body, ==, "Look at the left edge.");
  pinned = limn_review_verdict_comments_for (v, f->pinned);
  g_assert_cmpuint (pinned->len, ==, 1);
  g_assert_cmpstr (((LimnReviewComment *)g_ptr_array_index (pinned, 0))->body, ==, "Too loose.");

  /* The reply in the flag's thread, unread. */
  call.id = f->flag_id;
  thread = run (&f->alice, load_thread_job, &call);
  g_assert_cmpuint (limn_thread_get_messages (thread)->len, ==, 1);
  reply = g_ptr_array_index (limn_thread_get_messages (thread), 0);
  g_assert_cmpstr (reply->author, ==, "rita");
  g_assert_cmpstr (reply->body, ==, "Yes: a cyclist is a person.");
  g_assert_false (reply->read);
  g_assert_cmpint (limn_thread_get_state (thread), ==, LIMN_FLAG_ANSWERED);
  unread = run (&f->alice, unread_messages_job, &call);
  g_assert_cmpint (*unread, >=, 1);

  /* The history: my revision, then the verdict with its comment. */
  call.id = task (f, 0);
  history = run (&f->alice, load_history_job, &call);
  for (guint i = 0; i < history->len; i++)
    {
      LimnHistoryEntry *e = g_ptr_array_index (history, i);

      if (e->kind == LIMN_HISTORY_REVISION && g_strcmp0 (e->annotation_id, f->a1) == 0)
        {
          g_assert_false (saw_verdict);
          saw_revision = TRUE;
        }
      else if (e->kind == LIMN_HISTORY_REVIEW)
        {
          g_assert_cmpint (e->review->verdict, ==, LIMN_VERDICT_SEND_BACK);
          g_assert_cmpstr (e->review->comment, ==, "Two cars are not boxed.");
          g_assert_cmpstr (e->who, ==, "rita");
          saw_verdict = TRUE;
        }
    }
  g_assert_true (saw_revision);
  g_assert_true (saw_verdict);

  /* Resubmit: the new revision links to the reviewed one. */
  a1b = limn_sync_test_label_task_full (f->alice.client, f->project_id, task (f, 0), 1, FALSE, 0.8);
  assert_client_text (&f->alice, f->a1, "SELECT parent_id FROM annotations WHERE id = '%s'", a1b);
  member_sync (&f->alice);

  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM annotations WHERE id = '%s' AND parent_id = '%s' "
                                    "AND revision = 2 AND state = 'submitted'", a1b, f->a1), ==, 1);
  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM review_items WHERE task_id = '%s' "
                                    "AND state = 'open' AND annotation_id = '%s' "
                                    "AND reasons LIKE '%%\"rework\"%%'", task (f, 0), a1b), ==, 1);
  g_free (f->a1);
  f->a1 = g_steal_pointer (&a1b);
}

/* 4. Rita leases the rework and accepts it; alice sees it accepted. */
static void
step_reviewer_accepts (Fixture *f)
{
  g_autoptr(GPtrArray) claimed = review_claim (&f->rita, f->project_id, 10);
  g_autoptr(LimnReviewVerdict) accept = NULL;
  g_autofree char *item = held_item (f, task (f, 0));

  /* The rework, and the third task still held. */
  g_assert_cmpuint (claimed->len, ==, 2);
  assert_client_text (&f->rita, f->a1, "SELECT annotation_id FROM review_items WHERE id = '%s'", item);
  g_assert_cmpint (client_count (&f->rita, "SELECT COUNT(*) FROM review_items WHERE id = '%s' "
                                           "AND reasons LIKE '%%rework%%'", item), ==, 1);

  accept = limn_review_verdict_new (item, NULL, f->a1, LIMN_VERDICT_ACCEPT);
  queue_verdict (&f->rita, accept);
  member_sync (&f->rita);
  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM assignments s JOIN users u ON u.id = s.annotator "
                                    "WHERE u.name = 'alice' AND s.task_id = '%s' AND s.status = 'accepted'",
                                 task (f, 0)), ==, 1);

  member_sync (&f->alice);
  g_assert_cmpint (client_count (&f->alice, "SELECT COUNT(*) FROM assignments WHERE task_id = '%s' "
                                            "AND status = 'accepted'", task (f, 0)), ==, 1);
  g_assert_cmpint (client_count (&f->alice, "SELECT COUNT(*) FROM reviews WHERE task_id = '%s' "
                                            "AND verdict = 'accept' AND reviewer = 'rita'", task (f, 0)), ==, 1);
}

/* 5. A verdict and a reply made with the server down arrive once when it
 * is back, and sending their batch again changes nothing. */
static void
step_offline (Fixture *f)
{
  const char *extra[] = { "--listen", f->listen, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnReviewVerdict) verdict = NULL;
  g_autoptr(GPtrArray) payloads = NULL;
  g_autofree char *item = held_item (f, task (f, 2));
  g_autofree char *reply_id = NULL;
  g_autofree char *body = NULL;
  g_autofree char *key = g_uuid_string_random ();
  g_auto(LimnTestResponse) r = { 0 };
  JsonArray *results;
  gint64 reviews, messages, comments, changes;

  limn_test_server_stop (f->server);

  verdict = limn_review_verdict_new (item, NULL, f->a3, LIMN_VERDICT_SEND_BACK);
  verdict->reason_code = g_strdup ("loose_box");
  queue_verdict (&f->rita, verdict);
  queue_reply (&f->rita, f->flag_id, "And so is a person pushing a bike.", &reply_id);

  g_assert_false (limn_sync_test_sync (f->rita.client->client, &error));
  g_assert_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_OFFLINE);
  g_clear_error (&error);
  g_assert_cmpint (limn_sync_client_get_n_pending (f->rita.client->client), ==, 2);

  limn_test_server_start (f->server, extra, NULL);
  g_assert_cmpstr (limn_test_server_get_url (f->server), ==, f->url);
  member_sync (&f->rita);
  member_sync (&f->rita);

  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM reviews WHERE id = '%s'", verdict->id), ==, 1);
  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM messages WHERE id = '%s'", reply_id), ==, 1);
  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM reviews"), ==, 4);
  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM messages"), ==, 2);

  /* The same items again, in a batch of their own. */
  reviews = server_count (f, "SELECT COUNT(*) FROM reviews");
  messages = server_count (f, "SELECT COUNT(*) FROM messages");
  comments = server_count (f, "SELECT COUNT(*) FROM review_comments");
  changes = server_count (f, "SELECT COUNT(*) FROM changes");
  payloads = limn_sync_test_ids (f->rita.client->db_path,
                                 "SELECT payload FROM outbox WHERE kind IN ('review', 'message')");
  g_assert_cmpuint (payloads->len, ==, 6);
  g_ptr_array_add (payloads, NULL);
  {
    g_autofree char *items = g_strjoinv (",", (char **)payloads->pdata);

    body = g_strdup_printf ("{\"items\": [%s]}", items);
  }
  limn_test_request (f->server, "POST", "/api/v1/batches", f->rita.token, body, &r,
                     "Idempotency-Key", key, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  results = json_object_get_array_member (limn_test_response_object (&r), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      const char *status = json_object_get_string_member (json_array_get_object_element (results, i), "status");

      g_assert_true (g_str_equal (status, "applied") || g_str_equal (status, "duplicate"));
    }
  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM reviews"), ==, reviews);
  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM messages"), ==, messages);
  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM review_comments"), ==, comments);
  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM changes"), ==, changes);

  /* Alice gets the second reply once. */
  member_sync (&f->alice);
  member_sync (&f->alice);
  g_assert_cmpint (client_count (&f->alice, "SELECT COUNT(*) FROM messages WHERE thread_id = '%s'",
                                 f->flag_id), ==, 2);
  g_assert_cmpint (client_count (&f->alice, "SELECT COUNT(*) FROM reviews WHERE id = '%s'", verdict->id), ==, 1);
}

/* 6. A new version of the guidelines, published with the admin CLI. */
static void
step_guidelines (Fixture *f)
{
  g_autoptr(LimnGuideline) needed = NULL;
  g_autoptr(LimnGuideline) none = NULL;
  Call call = { .project_id = f->project_id };

  g_assert_cmpint (publish_guidelines (f, "# Boxes\n\nBox every person, cyclists too.\n",
                                       "Cyclists are persons."), ==, 2);
  member_sync (&f->alice);

  needed = run (&f->alice, guideline_needing_ack_job, &call);
  g_assert_cmpint (needed->version, ==, 2);
  g_assert_cmpstr (needed->summary, ==, "Cyclists are persons.");
  g_assert_nonnull (strstr (needed->body, "cyclists too"));

  call.version = 2;
  g_assert_true (GPOINTER_TO_INT (run (&f->alice, ack_guideline_job, &call)));
  g_assert_true (GPOINTER_TO_INT (run (&f->alice, ack_guideline_job, &call)));
  member_sync (&f->alice);
  member_sync (&f->alice);

  none = run (&f->alice, guideline_needing_ack_job, &call);
  g_assert_cmpint (none->version, ==, 0);
  g_assert_cmpint (client_count (&f->alice, "SELECT COUNT(*) FROM guideline_acks WHERE version = 2 "
                                            "AND synced = 1"), ==, 1);
  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM guideline_acks g JOIN users u ON u.id = g.user_id "
                                    "WHERE u.name = 'alice' AND g.version = 2"), ==, 1);
  g_assert_cmpint (server_count (f, "SELECT COUNT(*) FROM guideline_acks"), ==, 1);
}

static void
test_loop (Fixture       *f,
           gconstpointer  data)
{
  step_annotators_submit (f);
  step_reviewer_judges (f);
  step_annotator_reworks (f);
  step_reviewer_accepts (f);
  step_offline (f);
  step_guidelines (f);

  limn_test_server_assert_integrity (f->server);
}

/* A review call that failed while the server was down waits out its
 * backoff, unless the user asks to sync now (or the network comes back):
 * then it is tried at once, like a claim. */
static void
test_review_call_hurried (Fixture       *f,
                          gconstpointer  data)
{
  const char *extra[] = { "--listen", f->listen, NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  LimnSyncClient *client = f->rita.client->client;
  gint64 deadline;

  limn_test_server_stop (f->server);
  limn_sync_client_set_backoff (client, 60000, 60000, 1);
  limn_sync_client_review_queue_async (client, f->project_id, NULL, limn_sync_test_done_cb, &result);

  /* The first try fails at once and the next waits a minute. */
  deadline = g_get_monotonic_time () + 500 * 1000;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (result);

  limn_test_server_start (f->server, extra, NULL);
  limn_sync_client_sync_now (client);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (result);

  ids = limn_sync_client_review_queue_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);

  /* Let the run sync_now() started end before the teardown. */
  g_assert_true (limn_sync_test_sync (client, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sync-review-e2e/loop", Fixture, NULL, setup, test_loop, teardown);
  g_test_add ("/sync-review-e2e/review-call-hurried", Fixture, NULL, setup, test_review_call_hurried, teardown);

  return g_test_run ();
}
