/* test-server-review.c
 *
 * Review, rework and feedback (docs/review.md) against a real limn-server:
 * each reason puts a task in the queue; the stratified audit samples every
 * annotator and label at the rate; review leases (exclusive, expiring);
 * verdicts (accept, correct with its revision link, send back to the same
 * annotator, first in their claims), replayed exactly once; second
 * send-backs go to senior reviewers; authorization; threads; guidelines
 * and label changes reaching members; retired labels refused in new work.
 * Texts per language: test-server-translations.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <glib/gstdio.h>
#include <string.h>

#include "limn-server-test.h"

typedef struct
{
  LimnTestServer *server;
  char           *project;     /* image project */
  char           *person;      /* its label ids */
  char           *car;
  GPtrArray      *tasks;       /* owned by server */
  char           *ann[3];
  char           *rita;        /* reviewer, level 1 */
  char           *sam;         /* reviewer, level 2 */
  char           *admin;       /* server-wide */
  char           *other;       /* project B */
  char           *bob;         /* reviewer of project B */
} Fixture;

static void
setup_n (Fixture *f,
         guint    n_tasks)
{
  const char * const extra[] = { "--sweep-interval", "1", NULL };
  g_autofree char *out = NULL;

  f->server = limn_test_server_new ();
  f->project = limn_test_server_add_image_project (f->server, "Street scenes", n_tasks);
  f->tasks = limn_test_server_get_task_ids (f->server, f->project);
  f->person = limn_test_server_label_id (f->server, f->project, 0);
  f->car = limn_test_server_label_id (f->server, f->project, 1);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("ann%u", i + 1);

      f->ann[i] = limn_test_server_add_token (f->server, name, f->project, "annotator", NULL);
    }
  f->rita = limn_test_server_add_token (f->server, "rita", f->project, "reviewer", NULL);
  f->sam = limn_test_server_add_token (f->server, "sam", f->project, "reviewer", NULL);
  out = limn_test_server_admin (f->server, "reviewer", "set", "--project", f->project,
                                "--user", "sam", "--level", "2", NULL);
  f->admin = limn_test_server_add_token (f->server, "boss", NULL, "admin", NULL);
  f->other = limn_test_server_add_image_project (f->server, "Other", 2);
  f->bob = limn_test_server_add_token (f->server, "bob", f->other, "reviewer", NULL);

  limn_test_server_start (f->server, extra, NULL);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  setup_n (f, GPOINTER_TO_UINT (data) ? GPOINTER_TO_UINT (data) : 6);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_pointer (&f->server, limn_test_server_free);
  g_free (f->project);
  g_free (f->person);
  g_free (f->car);
  for (guint i = 0; i < 3; i++)
    g_free (f->ann[i]);
  g_free (f->rita);
  g_free (f->sam);
  g_free (f->admin);
  g_free (f->other);
  g_free (f->bob);
}

static const char *
task (Fixture *f,
      guint    i)
{
  return g_ptr_array_index (f->tasks, i);
}

static char *
path_of (const char *project,
         const char *tail)
{
  return g_strdup_printf ("/api/v1/projects/%s%s", project, tail);
}

static void
set (Fixture    *f,
     const char *option,
     const char *value)
{
  g_autofree char *out = limn_test_server_admin (f->server, "project", "set", "--project",
                                                 f->project, option, value, NULL);
}

/* Claims @count tasks; returns the task ids in the order answered. */
static GPtrArray *
claim (Fixture    *f,
       const char *token,
       guint       count,
       gboolean   *first_rework)
{
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *path = path_of (f->project, "/claims");
  g_autofree char *body = g_strdup_printf ("{\"count\": %u}", count);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  JsonArray *a;

  limn_test_request (f->server, "POST", path, token, body, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  a = json_object_get_array_member (limn_test_response_object (&r), "assignments");
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      JsonObject *o = json_array_get_object_element (a, i);

      g_ptr_array_add (ids, g_strdup (json_object_get_string_member (
        json_object_get_object_member (o, "task"), "id")));
      if (i == 0 && first_rework != NULL)
        *first_rework = json_object_get_boolean_member_with_default (o, "rework", FALSE);
    }
  return ids;
}

/* Posts {"items": [@items]} under @key (a fresh one when NULL); returns
 * the status of the first item, and its reason if wanted. */
static char *
post_items (Fixture          *f,
            const char       *token,
            const char       *items,
            const char       *key,
            LimnTestResponse *out)
{
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *fresh = g_uuid_string_random ();
  g_autofree char *body = g_strdup_printf ("{\"items\": [%s]}", items);
  LimnTestResponse *resp = out ? out : &r;
  JsonObject *first;

  limn_test_request (f->server, "POST", "/api/v1/batches", token, body, resp,
                     "Idempotency-Key", key ? key : fresh, NULL);
  g_assert_cmpuint (resp->status, ==, 200);
  first = json_array_get_object_element (
    json_object_get_array_member (limn_test_response_object (resp), "results"), 0);
  if (g_str_equal (json_object_get_string_member (first, "status"), "rejected") ||
      g_str_equal (json_object_get_string_member (first, "status"), "conflict"))
    g_test_message ("reason: %s", json_object_get_string_member (first, "reason"));
  return g_strdup (json_object_get_string_member (first, "status"));
}

/* An annotation item: one box of @label, with @confidence (< 0: none). */
static char *
annotation (const char *id,
            const char *task_id,
            const char *label,
            double      confidence,
            gint64      revision,
            const char *parent_id,
            guint       x)
{
  g_autofree char *conf = confidence >= 0 ? g_strdup_printf (", \"confidence\": %.2f", confidence)
                                          : g_strdup ("");
  g_autofree char *parent = parent_id ? g_strdup_printf ("\"%s\"", parent_id) : g_strdup ("null");
  g_autofree char *region = g_uuid_string_random ();

  return g_strdup_printf ("{\"kind\": \"annotation\", \"id\": \"%s\", \"task_id\": \"%s\", "
                          "\"revision\": %" G_GINT64_FORMAT ", \"parent_id\": %s%s, "
                          "\"regions\": [{\"id\": \"%s\", \"kind\": \"box\", \"label\": \"%s\", "
                          "\"box\": [%u, 2, 20, 20]}]}",
                          id, task_id, revision, parent, conf, region, label, x);
}

static char *
submit (Fixture    *f,
        const char *token,
        const char *task_id,
        const char *label,
        double      confidence)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *item = annotation (id, task_id, label, confidence, 1, NULL, 1);
  g_autofree char *status = post_items (f, token, item, NULL, NULL);

  g_assert_cmpstr (status, ==, "applied");
  return g_steal_pointer (&id);
}

static JsonObject *
get_queue (Fixture          *f,
           const char       *token,
           const char       *query,
           LimnTestResponse *r)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/review/queue%s", f->project,
                                           query ? query : "");

  limn_test_request (f->server, "GET", path, token, NULL, r, NULL);
  g_assert_cmpuint (r->status, ==, 200);
  return limn_test_response_object (r);
}

/* The queue item of @task_id (NULL if none), a new reference. */
static JsonObject *
queue_item (Fixture    *f,
            const char *task_id,
            const char *state)
{
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *query = g_strdup_printf ("?limit=1000&state=%s", state ? state : "open");
  JsonArray *items = json_object_get_array_member (get_queue (f, f->admin, query, &r), "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *o = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (o, "task_id"), task_id))
        return json_object_ref (o);
    }
  return NULL;
}

static gboolean
has_reason (JsonObject *item,
            const char *reason)
{
  JsonArray *reasons = json_object_get_array_member (item, "reasons");

  for (guint i = 0; i < json_array_get_length (reasons); i++)
    if (g_str_equal (json_array_get_string_element (reasons, i), reason))
      return TRUE;
  return FALSE;
}

/* Review claims: the answer's "items". */
static JsonArray *
review_claim (Fixture    *f,
              const char *token,
              const char *body,
              guint       expect_status)
{
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *path = path_of (f->project, "/review/claims");

  limn_test_request (f->server, "POST", path, token, body, &r, NULL);
  g_assert_cmpuint (r.status, ==, expect_status);
  if (expect_status != 200)
    return NULL;
  return json_array_ref (json_object_get_array_member (limn_test_response_object (&r), "items"));
}

static JsonObject *
changes_of (Fixture          *f,
            const char       *token,
            LimnTestResponse *r)
{
  limn_test_request (f->server, "GET", "/api/v1/changes?since=0", token, NULL, r, NULL);
  g_assert_cmpuint (r->status, ==, 200);
  return limn_test_response_object (r);
}

/* The data of the last change of @kind in @token's feed, a new reference. */
static JsonObject *
last_change (Fixture    *f,
             const char *token,
             const char *kind,
             guint      *count)
{
  g_auto(LimnTestResponse) r = { 0 };
  JsonArray *changes = json_object_get_array_member (changes_of (f, token, &r), "changes");
  JsonObject *found = NULL;

  *count = 0;
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *c = json_array_get_object_element (changes, i);

      if (g_str_equal (json_object_get_string_member (c, "kind"), kind))
        {
          found = json_object_get_object_member (c, "data");
          (*count)++;
        }
    }
  return found ? json_object_ref (found) : NULL;
}

static char *
verdict (const char *id,
         const char *item_id,
         const char *annotation_id,
         const char *what,
         const char *extra)
{
  return g_strdup_printf ("{\"kind\": \"review\", \"id\": \"%s\", \"item_id\": \"%s\", "
                          "\"annotation_id\": \"%s\", \"verdict\": \"%s\", \"active_ms\": 3000%s}",
                          id, item_id, annotation_id, what, extra ? extra : "");
}

/* Each reason puts the task in the queue, at its level. */
static void
test_reasons (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) t1 = NULL;
  g_autoptr(GPtrArray) t2 = NULL;
  g_autoptr(JsonObject) item = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *flag = NULL;
  g_autofree char *flag_id = g_uuid_string_random ();
  g_autofree char *status = NULL;
  g_auto(LimnTestResponse) r = { 0 };
  JsonObject *counts;

  set (f, "--overlap", "2");
  t1 = claim (f, f->ann[0], 4, NULL);
  t2 = claim (f, f->ann[1], 4, NULL);
  g_assert_cmpstr (g_ptr_array_index (t1, 0), ==, g_ptr_array_index (t2, 0));

  /* flag */
  flag = g_strdup_printf ("{\"kind\": \"flag\", \"id\": \"%s\", \"task_id\": \"%s\", "
                          "\"category\": \"unclear\", \"body\": \"A cyclist?\"}", flag_id, task (f, 0));
  status = post_items (f, f->ann[0], flag, NULL, NULL);
  g_assert_cmpstr (status, ==, "applied");
  item = queue_item (f, task (f, 0), NULL);
  g_assert_nonnull (item);
  g_assert_true (has_reason (item, "flag"));
  g_clear_pointer (&item, json_object_unref);

  /* low_confidence: level 1 below 0.4, level 2 below 0.2 */
  a = submit (f, f->ann[0], task (f, 1), f->person, 0.3);
  item = queue_item (f, task (f, 1), NULL);
  g_assert_true (has_reason (item, "low_confidence"));
  g_assert_cmpint (json_object_get_int_member (item, "min_level"), ==, 1);
  g_clear_pointer (&item, json_object_unref);
  g_free (a);
  a = submit (f, f->ann[0], task (f, 2), f->person, 0.1);
  item = queue_item (f, task (f, 2), NULL);
  g_assert_true (has_reason (item, "low_confidence"));
  g_assert_cmpint (json_object_get_int_member (item, "min_level"), ==, 2);
  g_clear_pointer (&item, json_object_unref);

  /* disagreement: judged when the second of two submits, not before */
  g_free (a);
  a = submit (f, f->ann[0], task (f, 3), f->person, -1);
  g_assert_null (queue_item (f, task (f, 3), NULL));
  b = submit (f, f->ann[1], task (f, 3), f->car, -1);
  item = queue_item (f, task (f, 3), NULL);
  g_assert_nonnull (item);
  g_assert_true (has_reason (item, "disagreement"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (item, "annotators")), ==, 2);
  g_clear_pointer (&item, json_object_unref);

  /* Agreeing annotators do not enter. */
  g_free (a);
  g_free (b);
  a = submit (f, f->ann[0], task (f, 0), f->person, -1);
  b = submit (f, f->ann[1], task (f, 0), f->person, -1);
  item = queue_item (f, task (f, 0), NULL);
  g_assert_false (has_reason (item, "disagreement"));
  g_clear_pointer (&item, json_object_unref);

  /* Counts per reason, filters */
  counts = json_object_get_object_member (get_queue (f, f->rita, "?reason=low_confidence", &r),
                                          "counts");
  g_assert_cmpint (json_object_get_int_member (counts, "low_confidence"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (counts, "flag"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (counts, "disagreement"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (limn_test_response_object (&r), "total"), ==, 2);
}

/* gold_failure: a first answer far from gold. */
static void
test_gold_failure (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *answer = NULL;
  g_autofree char *file = g_build_filename (limn_test_server_get_data_dir (f->server), "..",
                                            "gold.json", NULL);
  g_autofree char *out = NULL;
  g_autofree char *a = NULL;
  g_autoptr(GPtrArray) got = NULL;
  g_autoptr(JsonObject) item = NULL;
  g_autoptr(GError) error = NULL;

  answer = g_strdup_printf ("{\"regions\": [{\"id\": \"7c9e6679-7425-40de-944b-e07fc1f90ae7\", "
                            "\"kind\": \"box\", \"label\": \"%s\", \"box\": [1, 2, 20, 20]}]}",
                            f->person);
  g_file_set_contents (file, answer, -1, &error);
  g_assert_no_error (error);
  out = limn_test_server_admin (f->server, "gold", "set", "--project", f->project, "--task",
                                task (f, 5), "--answer", file, NULL);
  set (f, "--gold-rate", "1");

  got = claim (f, f->ann[0], 1, NULL);
  g_assert_cmpstr (g_ptr_array_index (got, 0), ==, task (f, 5));
  a = submit (f, f->ann[0], task (f, 5), f->car, -1);
  item = queue_item (f, task (f, 5), NULL);
  g_assert_nonnull (item);
  g_assert_true (has_reason (item, "gold_failure"));
  g_unlink (file);
}

/* The audit over a seeded run: 110 annotations by annotators doing 60,
 * 30 and 20 tasks, one in five a Car. Every annotator and label stratum
 * of 20 or more is sampled within [rate − 1/seen, 1.5 × rate]. */
static void
test_audit (Fixture       *f,
            gconstpointer  data)
{
  const guint share[3] = { 60, 30, 20 };
  const double rate = 0.1;
  GPtrArray *got[3] = { NULL };
  g_autoptr(GHashTable) annotator_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) label_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(LimnTestResponse) r = { 0 };
  guint next[3] = { 0 }, seen_ann[3] = { 0 }, sampled_ann[3] = { 0 };
  guint seen_label[2] = { 0 }, sampled_label[2] = { 0 };
  guint k = 0;
  JsonArray *items;

  set (f, "--audit-rate", "0.1");
  for (guint a = 0; a < 3; a++)
    {
      got[a] = claim (f, f->ann[a], share[a], NULL);
      g_assert_cmpuint (got[a]->len, ==, share[a]);
    }

  /* Round robin until each ran out. */
  while (next[0] < share[0] || next[1] < share[1] || next[2] < share[2])
    for (guint a = 0; a < 3; a++)
      {
        const char *task_id;
        g_autofree char *id = NULL;
        guint label;

        if (next[a] >= share[a])
          continue;
        task_id = g_ptr_array_index (got[a], next[a]++);
        label = k++ % 5 == 0 ? 1 : 0;
        id = submit (f, f->ann[a], task_id, label ? f->car : f->person, -1);
        g_hash_table_insert (annotator_of, (gpointer)task_id, GUINT_TO_POINTER (a));
        g_hash_table_insert (label_of, (gpointer)task_id, GUINT_TO_POINTER (label));
        seen_ann[a]++;
        seen_label[label]++;
      }

  items = json_object_get_array_member (get_queue (f, f->rita, "?reason=audit&limit=1000", &r),
                                        "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      const char *task_id = json_object_get_string_member (json_array_get_object_element (items, i),
                                                           "task_id");

      sampled_ann[GPOINTER_TO_UINT (g_hash_table_lookup (annotator_of, task_id))]++;
      sampled_label[GPOINTER_TO_UINT (g_hash_table_lookup (label_of, task_id))]++;
    }

  for (guint a = 0; a < 3; a++)
    {
      double got_rate = (double)sampled_ann[a] / seen_ann[a];

      g_test_message ("annotator %u: %u of %u", a, sampled_ann[a], seen_ann[a]);
      g_assert_cmpfloat (got_rate, >=, rate - 1.0 / seen_ann[a]);
      g_assert_cmpfloat (got_rate, <=, rate * 1.5);
    }
  for (guint l = 0; l < 2; l++)
    {
      double got_rate = (double)sampled_label[l] / seen_label[l];

      g_test_message ("label %u: %u of %u", l, sampled_label[l], seen_label[l]);
      g_assert_cmpuint (seen_label[l], >=, 20);
      g_assert_cmpfloat (got_rate, >=, rate - 1.0 / seen_label[l]);
      g_assert_cmpfloat (got_rate, <=, rate * 1.5);
    }

  for (guint a = 0; a < 3; a++)
    g_ptr_array_unref (got[a]);
}

static const char *
lease_item_id (JsonArray *items,
               guint      i)
{
  return json_object_get_string_member (json_array_get_object_element (items, i), "item_id");
}

static const char *
lease_task_id (JsonArray *items,
               guint      i)
{
  return json_object_get_string_member (
    json_object_get_object_member (json_array_get_object_element (items, i), "task"), "id");
}

/* Leases: two reviewers never hold one item; a lease runs out. */
static void
test_leases (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(JsonArray) rita = NULL;
  g_autoptr(JsonArray) sam = NULL;
  g_autoptr(JsonArray) again = NULL;
  g_autofree char *a = NULL;
  g_autofree char *review_id = g_uuid_string_random ();
  g_autofree char *v = NULL;
  g_autofree char *status = NULL;
  g_autoptr(GPtrArray) got = claim (f, f->ann[0], 1, NULL);

  a = submit (f, f->ann[0], task (f, 0), f->person, 0.3);
  set (f, "--lease-seconds", "2");

  rita = review_claim (f, f->rita, "{\"count\": 5}", 200);
  g_assert_cmpuint (json_array_get_length (rita), ==, 1);
  sam = review_claim (f, f->sam, "{\"count\": 5}", 200);
  g_assert_cmpuint (json_array_get_length (sam), ==, 0);
  /* Claiming again answers what is held. */
  again = review_claim (f, f->rita, "{\"count\": 5}", 200);
  g_assert_cmpuint (json_array_get_length (again), ==, 1);
  g_assert_cmpstr (lease_item_id (again, 0), ==, lease_item_id (rita, 0));

  g_usleep (2200 * 1000);
  g_clear_pointer (&sam, json_array_unref);
  sam = review_claim (f, f->sam, "{\"count\": 5}", 200);
  g_assert_cmpuint (json_array_get_length (sam), ==, 1);

  /* Rita's verdict, made after her lease went to Sam, is a conflict. */
  v = verdict (review_id, lease_item_id (rita, 0), a, "accept", NULL);
  status = post_items (f, f->rita, v, NULL, NULL);
  g_assert_cmpstr (status, ==, "conflict");
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT count(*) FROM reviews "
                                       "WHERE state = 'conflicted'"), ==, 1);
}

/* Verdicts: accept, correct (a new revision by the reviewer), send back
 * (to the same annotator, first, with comments), exactly once; a second
 * send-back goes to senior reviewers only. */
static void
test_verdicts (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) got = claim (f, f->ann[0], 3, NULL);
  g_autoptr(GPtrArray) rework = NULL;
  g_autoptr(JsonArray) leases = NULL;
  g_autoptr(JsonArray) none = NULL;
  g_autoptr(JsonObject) change = NULL;
  g_autoptr(JsonObject) item = NULL;
  g_auto(LimnTestResponse) first = { 0 };
  g_auto(LimnTestResponse) replay = { 0 };
  /* g_autofree on an array frees its first element only. */
  char *ann_id[3] = { NULL };
  char *rev_id[3] = { NULL };
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *body = NULL;
  g_autofree char *correction_id = g_uuid_string_random ();
  g_autofree char *extra = NULL;
  g_autofree char *items = NULL;
  g_autofree char *status = NULL;
  g_autofree char *text = NULL;
  g_autofree char *resubmit_id = g_uuid_string_random ();
  g_autofree char *resubmit = NULL;
  const char *item_for[3] = { NULL };
  gboolean rework_first = FALSE;
  guint n;

  for (guint i = 0; i < 3; i++)
    {
      ann_id[i] = submit (f, f->ann[0], task (f, i), f->person, 0.3);
      rev_id[i] = g_uuid_string_random ();
    }

  leases = review_claim (f, f->rita, "{\"count\": 3}", 200);
  g_assert_cmpuint (json_array_get_length (leases), ==, 3);
  for (guint i = 0; i < 3; i++)
    for (guint j = 0; j < 3; j++)
      if (g_str_equal (lease_task_id (leases, j), task (f, i)))
        item_for[i] = lease_item_id (leases, j);
  {
    JsonObject *l0 = json_array_get_object_element (leases, 0);
    JsonArray *annotations = json_object_get_array_member (l0, "annotations");

    g_assert_cmpuint (json_array_get_length (annotations), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (annotations, 0),
                                                    "annotator"), ==, "ann1");
  }

  /* accept; correct; send_back — in one batch, then replayed. */
  extra = g_strdup_printf (", \"correction\": {\"id\": \"%s\", \"active_ms\": 9000, "
                           "\"regions\": [{\"id\": \"9b5d6c1e-1111-4a2b-8c3d-000000000001\", "
                           "\"kind\": \"box\", \"label\": \"%s\", \"box\": [3, 3, 30, 30]}]}",
                           correction_id, f->car);
  {
    g_autofree char *v0 = verdict (rev_id[0], item_for[0], ann_id[0], "accept", NULL);
    g_autofree char *v1 = verdict (rev_id[1], item_for[1], ann_id[1], "correct", extra);
    g_autofree char *v2 = verdict (rev_id[2], item_for[2], ann_id[2], "send_back",
                                   ", \"reason_code\": \"missed_object\", \"comment\": \"Two cars.\", "
                                   "\"comments\": [{\"id\": \"8b5d6c1e-1111-4a2b-8c3d-000000000001\", "
                                   "\"region_id\": null, \"body\": \"Left edge\"}]");

    items = g_strdup_printf ("%s, %s, %s", v0, v1, v2);
  }
  status = post_items (f, f->rita, items, key, &first);
  g_assert_cmpstr (status, ==, "applied");
  text = g_strndup (g_bytes_get_data (first.body, NULL), g_bytes_get_size (first.body));
  g_assert_null (strstr (text, "rejected"));
  g_assert_null (strstr (text, "conflict"));
  g_free (status);
  status = post_items (f, f->rita, items, key, &replay);
  g_assert_true (g_bytes_equal (first.body, replay.body));
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT count(*) FROM reviews"), ==, 3);
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT count(*) FROM review_comments"), ==, 1);
  /* The same verdicts under another key: duplicates, nothing applied twice. */
  {
    g_auto(LimnTestResponse) again = { 0 };
    g_autofree char *s = post_items (f, f->rita, items, NULL, &again);

    g_assert_cmpstr (s, ==, "duplicate");
    g_assert_cmpint (limn_test_db_count (f->server, "SELECT count(*) FROM reviews"), ==, 3);
  }

  /* accept and correct: the assignment accepted. Reading the file: no
   * route tells an assignment's status. */
  g_free (text);
  /* One assignment, accepted; SQL both SQLite and PostgreSQL read. */
  text = limn_test_db_text (f->server, "SELECT count (*) || ' ' || max (status) FROM assignments "
                            "WHERE task_id IN (SELECT task_id FROM annotations WHERE id = ?)",
                            ann_id[0]);
  g_assert_cmpstr (text, ==, "1 accepted");

  /* The correction: revision 2, linked to the reviewed one, by rita. */
  g_free (text);
  text = limn_test_db_text (f->server, "SELECT n.parent_id || ' ' || n.revision || ' ' || u.name "
                            "|| ' ' || a.name FROM annotations n JOIN users u ON u.id = n.author "
                            "JOIN users a ON a.id = n.annotator WHERE n.id = ?", correction_id);
  {
    g_autofree char *want = g_strdup_printf ("%s 2 rita ann1", ann_id[1]);

    g_assert_cmpstr (text, ==, want);
  }

  /* The annotator hears of each verdict. */
  change = last_change (f, f->ann[0], "review", &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpstr (json_object_get_string_member (change, "verdict"), ==, "send_back");
  g_assert_cmpstr (json_object_get_string_member (change, "reason_code"), ==, "missed_object");
  g_assert_cmpstr (json_object_get_string_member (change, "reviewer"), ==, "rita");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (change, "comments")), ==, 1);
  g_clear_pointer (&change, json_object_unref);
  change = last_change (f, f->ann[0], "assignment", &n);
  g_assert_true (json_object_get_boolean_member (change, "rework"));
  g_assert_cmpstr (json_object_get_string_member (change, "task_id"), ==, task (f, 2));

  /* Sent back: the same annotator gets it first, marked rework. */
  rework = claim (f, f->ann[0], 1, &rework_first);
  g_assert_cmpstr (g_ptr_array_index (rework, 0), ==, task (f, 2));
  g_assert_true (rework_first);

  /* Their next revision links to the reviewed one and enters as rework. */
  resubmit = annotation (resubmit_id, task (f, 2), f->car, -1, 2, ann_id[2], 4);
  g_free (status);
  status = post_items (f, f->ann[0], resubmit, NULL, NULL);
  g_assert_cmpstr (status, ==, "applied");
  item = queue_item (f, task (f, 2), NULL);
  g_assert_nonnull (item);
  g_assert_true (has_reason (item, "rework"));
  g_assert_cmpint (json_object_get_int_member (item, "min_level"), ==, 1);

  /* A decided item: another verdict is a conflict. */
  {
    g_autofree char *late_id = g_uuid_string_random ();
    g_autofree char *late = verdict (late_id, item_for[0], ann_id[0], "accept", NULL);
    g_autofree char *s = post_items (f, f->sam, late, NULL, NULL);

    g_assert_cmpstr (s, ==, "conflict");
  }

  /* Sent back a second time: disputed, for senior reviewers only. */
  {
    g_autoptr(JsonArray) l2 = review_claim (f, f->rita, "{\"count\": 1}", 200);
    g_autofree char *second_id = g_uuid_string_random ();
    g_autofree char *second = NULL;
    g_autofree char *s = NULL;
    g_autofree char *third_id = g_uuid_string_random ();
    g_autofree char *third = NULL;
    g_autoptr(JsonObject) disputed = NULL;
    g_autoptr(GPtrArray) again = NULL;
    g_autoptr(JsonArray) senior = NULL;
    g_autofree char *junior_id = g_uuid_string_random ();
    g_autofree char *junior = NULL;

    g_assert_cmpuint (json_array_get_length (l2), ==, 1);
    second = verdict (second_id, lease_item_id (l2, 0), resubmit_id, "send_back",
                      ", \"reason_code\": \"loose_box\"");
    s = post_items (f, f->rita, second, NULL, NULL);
    g_assert_cmpstr (s, ==, "applied");

    again = claim (f, f->ann[0], 1, NULL);
    third = annotation (third_id, task (f, 2), f->car, -1, 3, resubmit_id, 5);
    g_free (s);
    s = post_items (f, f->ann[0], third, NULL, NULL);
    g_assert_cmpstr (s, ==, "applied");

    disputed = queue_item (f, task (f, 2), NULL);
    g_assert_true (has_reason (disputed, "disputed"));
    g_assert_cmpint (json_object_get_int_member (disputed, "min_level"), ==, 2);

    /* Listed to rita, not leased to her; her verdict is refused. */
    none = review_claim (f, f->rita, "{\"count\": 5}", 200);
    g_assert_cmpuint (json_array_get_length (none), ==, 0);
    junior = verdict (junior_id, json_object_get_string_member (disputed, "item_id"), third_id,
                      "accept", NULL);
    g_free (s);
    s = post_items (f, f->rita, junior, NULL, NULL);
    g_assert_cmpstr (s, ==, "rejected");

    senior = review_claim (f, f->sam, "{\"count\": 5}", 200);
    g_assert_cmpuint (json_array_get_length (senior), ==, 1);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
      json_array_get_object_element (senior, 0), "history")), ==, 2);
  }

  for (guint i = 0; i < 3; i++)
    {
      g_free (ann_id[i]);
      g_free (rev_id[i]);
    }
}

/* Who may do what. */
static void
test_authorization (Fixture       *f,
                    gconstpointer  data)
{
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *queue = path_of (f->project, "/review/queue");
  g_autofree char *threads = path_of (f->project, "/threads");
  g_autofree char *a = NULL;
  g_autofree char *flag_id = g_uuid_string_random ();
  g_autofree char *flag = NULL;
  g_autofree char *status = NULL;
  g_autofree char *v = NULL;
  g_autofree char *vid = g_uuid_string_random ();
  g_autoptr(JsonObject) item = NULL;
  g_autoptr(GPtrArray) got = claim (f, f->ann[0], 2, NULL);
  g_autoptr(GPtrArray) got2 = claim (f, f->ann[1], 1, NULL);

  a = submit (f, f->ann[0], task (f, 0), f->person, 0.3);
  flag = g_strdup_printf ("{\"kind\": \"flag\", \"id\": \"%s\", \"task_id\": \"%s\", "
                          "\"category\": \"unclear\", \"body\": \"?\"}", flag_id, task (f, 1));
  status = post_items (f, f->ann[0], flag, NULL, NULL);
  item = queue_item (f, task (f, 0), NULL);

  /* An annotator: no queue, no review lease, no verdict. */
  limn_test_request (f->server, "GET", queue, f->ann[0], NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 403);
  g_assert_null (review_claim (f, f->ann[0], "{\"count\": 1}", 403));
  v = verdict (vid, json_object_get_string_member (item, "item_id"), a, "accept", NULL);
  g_free (status);
  status = post_items (f, f->ann[1], v, NULL, NULL);
  g_assert_cmpstr (status, ==, "rejected");

  /* Threads: an annotator sees their own only. */
  limn_test_response_clear (&r);
  limn_test_request (f->server, "GET", threads, f->ann[0], NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
    limn_test_response_object (&r), "threads")), ==, 1);
  limn_test_response_clear (&r);
  limn_test_request (f->server, "GET", threads, f->ann[1], NULL, &r, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
    limn_test_response_object (&r), "threads")), ==, 0);

  /* A reviewer of project B sees nothing of A. */
  limn_test_response_clear (&r);
  limn_test_request (f->server, "GET", queue, f->bob, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 403);
  limn_test_response_clear (&r);
  limn_test_request (f->server, "GET", threads, f->bob, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 403);
  g_assert_null (review_claim (f, f->bob, "{\"count\": 1}", 403));
  g_free (vid);
  vid = g_uuid_string_random ();
  g_free (v);
  v = verdict (vid, json_object_get_string_member (item, "item_id"), a, "accept", NULL);
  g_free (status);
  status = post_items (f, f->bob, v, NULL, NULL);
  g_assert_cmpstr (status, ==, "rejected");

  /* Guidelines are for reviewers, labels for admins. */
  {
    g_autofree char *g = path_of (f->project, "/guidelines");
    g_autofree char *l = path_of (f->project, "/labels");

    limn_test_response_clear (&r);
    limn_test_request (f->server, "POST", g, f->ann[0], "{\"body\": \"x\"}", &r,
                       "Idempotency-Key", "key-annotator-1", NULL);
    g_assert_cmpuint (r.status, ==, 403);
    limn_test_response_clear (&r);
    limn_test_request (f->server, "PUT", l, f->rita, "{\"labels\": []}", &r,
                       "Idempotency-Key", "key-reviewer-1", NULL);
    g_assert_cmpuint (r.status, ==, 403);
  }
}

/* A flag's thread: replies both ways through the changes feed. */
static void
test_threads (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) got = claim (f, f->ann[0], 1, NULL);
  g_autofree char *flag_id = g_uuid_string_random ();
  g_autofree char *flag = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *reply_id = g_uuid_string_random ();
  g_autofree char *close = NULL;
  g_autofree char *close_id = g_uuid_string_random ();
  g_autofree char *intruder = NULL;
  g_autofree char *intruder_id = g_uuid_string_random ();
  g_autofree char *status = NULL;
  g_autoptr(JsonObject) change = NULL;
  g_autofree char *state = NULL;
  guint n;

  flag = g_strdup_printf ("{\"kind\": \"flag\", \"id\": \"%s\", \"task_id\": \"%s\", "
                          "\"category\": \"unclear\", \"body\": \"A cyclist?\"}", flag_id, task (f, 0));
  status = post_items (f, f->ann[0], flag, NULL, NULL);

  reply = g_strdup_printf ("{\"kind\": \"message\", \"id\": \"%s\", \"thread_id\": \"%s\", "
                           "\"body\": \"Yes, a person.\"}", reply_id, flag_id);
  g_free (status);
  status = post_items (f, f->rita, reply, NULL, NULL);
  g_assert_cmpstr (status, ==, "applied");
  change = last_change (f, f->ann[0], "message", &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (change, "author"), ==, "rita");
  g_assert_cmpstr (json_object_get_string_member (change, "state"), ==, "answered");
  state = limn_test_db_text (f->server, "SELECT state FROM flags WHERE id = ?", flag_id);
  g_assert_cmpstr (state, ==, "answered");

  /* Another annotator may not write in it. */
  intruder = g_strdup_printf ("{\"kind\": \"message\", \"id\": \"%s\", \"thread_id\": \"%s\", "
                              "\"body\": \"Me too\"}", intruder_id, flag_id);
  g_free (status);
  status = post_items (f, f->ann[1], intruder, NULL, NULL);
  g_assert_cmpstr (status, ==, "rejected");

  /* The annotator closes it; rita hears. */
  close = g_strdup_printf ("{\"kind\": \"message\", \"id\": \"%s\", \"thread_id\": \"%s\", "
                           "\"body\": \"Thanks\", \"state\": \"closed\"}", close_id, flag_id);
  g_free (status);
  status = post_items (f, f->ann[0], close, NULL, NULL);
  g_assert_cmpstr (status, ==, "applied");
  g_clear_pointer (&change, json_object_unref);
  change = last_change (f, f->rita, "message", &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (change, "state"), ==, "closed");
  g_free (state);
  state = limn_test_db_text (f->server, "SELECT state FROM flags WHERE id = ?", flag_id);
  g_assert_cmpstr (state, ==, "closed");

  /* A coaching note reaches the annotator. */
  {
    g_autofree char *note_id = g_uuid_string_random ();
    g_autofree char *note = g_strdup_printf ("{\"kind\": \"note\", \"id\": \"%s\", "
                                             "\"annotator\": \"ann1\", \"body\": \"Tighter boxes\"}",
                                             note_id);
    g_autofree char *s = post_items (f, f->rita, note, NULL, NULL);
    g_autoptr(JsonObject) c = NULL;

    g_assert_cmpstr (s, ==, "applied");
    c = last_change (f, f->ann[0], "note", &n);
    g_assert_cmpstr (json_object_get_string_member (c, "body"), ==, "Tighter boxes");
  }
}

/* Guidelines and labels reach every member; a retired label is refused in
 * new work and kept in old. */
static void
test_guidelines_labels (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(LimnTestResponse) r = { 0 };
  g_auto(LimnTestResponse) r2 = { 0 };
  g_autofree char *g = path_of (f->project, "/guidelines");
  g_autofree char *l = path_of (f->project, "/labels");
  g_autoptr(GPtrArray) got = claim (f, f->ann[0], 3, NULL);
  g_autoptr(JsonObject) change = NULL;
  g_autofree char *old_car = NULL;
  g_autofree char *ack = NULL;
  g_autofree char *ack_id = g_uuid_string_random ();
  g_autofree char *status = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *bike = NULL;
  gint64 version;
  guint n;

  old_car = submit (f, f->ann[0], task (f, 0), f->car, -1);

  limn_test_request (f->server, "POST", g, f->rita,
                     "{\"body\": \"# Rules\\nBox cyclists as Person.\", \"summary\": \"Cyclists\"}",
                     &r, "Idempotency-Key", "guidelines-key-1", NULL);
  g_assert_cmpuint (r.status, ==, 200);
  version = json_object_get_int_member (limn_test_response_object (&r), "version");
  g_assert_cmpint (version, >=, 1);
  limn_test_request (f->server, "POST", g, f->rita,
                     "{\"body\": \"# Rules\\nBox cyclists as Person.\", \"summary\": \"Cyclists\"}",
                     &r2, "Idempotency-Key", "guidelines-key-1", NULL);
  g_assert_true (g_bytes_equal (r.body, r2.body));
  change = last_change (f, f->ann[0], "guidelines", &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (change, "summary"), ==, "Cyclists");
  g_assert_cmpint (json_object_get_int_member (change, "version"), ==, version);

  ack = g_strdup_printf ("{\"kind\": \"ack\", \"id\": \"%s\", \"project_id\": \"%s\", "
                         "\"version\": %" G_GINT64_FORMAT "}", ack_id, f->project, version);
  status = post_items (f, f->ann[0], ack, NULL, NULL);
  g_assert_cmpstr (status, ==, "applied");
  g_free (status);
  status = post_items (f, f->ann[0], ack, NULL, NULL);
  g_assert_cmpstr (status, ==, "duplicate");

  /* Retire Car, add Bike. */
  labels = g_strdup_printf ("{\"labels\": [{\"id\": \"%s\", \"retired\": true}, "
                            "{\"name\": \"Bike\"}]}", f->car);
  limn_test_response_clear (&r);
  limn_test_request (f->server, "PUT", l, f->admin, labels, &r,
                     "Idempotency-Key", "labels-key-0001", NULL);
  g_assert_cmpuint (r.status, ==, 200);
  g_clear_pointer (&change, json_object_unref);
  change = last_change (f, f->ann[0], "labels", &n);
  g_assert_cmpuint (n, ==, 1);
  {
    JsonArray *set = json_object_get_array_member (change, "labels");

    g_assert_cmpuint (json_array_get_length (set), ==, 3);
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (set, 1),
                                                   "retired"));
    bike = g_strdup (json_object_get_string_member (json_array_get_object_element (set, 2), "id"));
  }

  {
    g_autofree char *id = g_uuid_string_random ();
    g_autofree char *item = annotation (id, task (f, 1), f->car, -1, 1, NULL, 1);
    g_autofree char *s = post_items (f, f->ann[0], item, NULL, NULL);
    g_autofree char *b = NULL;

    g_assert_cmpstr (s, ==, "rejected");
    b = submit (f, f->ann[0], task (f, 2), bike, -1);
  }
  /* The old Car annotation is still there, untouched. By this project's
   * Car (another test's server may have one too). */
  {
    g_autofree char *n = limn_test_db_text (f->server, "SELECT count(*) FROM annotations WHERE "
                                            "regions LIKE '%' || CAST (? AS TEXT) || '%'",
                                            f->car);

    g_assert_cmpstr (n, ==, "1");
  }
}

/* The admin commands of review. */
static void
test_admin (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) got = claim (f, f->ann[0], 1, NULL);
  g_autofree char *a = submit (f, f->ann[0], task (f, 0), f->person, 0.3);
  g_autofree char *file = g_build_filename (limn_test_server_get_data_dir (f->server), "..",
                                            "guide.md", NULL);
  g_autofree char *out = NULL;
  g_autofree char *version = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) change = NULL;
  guint n;

  out = limn_test_server_admin (f->server, "queue", "list", "--project", f->project, NULL);
  node = json_from_string (out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
    json_node_get_object (node), "items")), ==, 1);

  g_file_set_contents (file, "# Guide\n", -1, &error);
  g_assert_no_error (error);
  g_free (out);
  out = limn_test_server_admin (f->server, "guidelines", "publish", "--project", f->project,
                                "--file", file, "--summary", "First words", NULL);
  version = limn_test_kv (out, "version");
  g_assert_nonnull (version);
  change = last_change (f, f->ann[0], "guidelines", &n);
  g_assert_cmpstr (json_object_get_string_member (change, "summary"), ==, "First words");

  g_free (out);
  out = limn_test_server_admin (f->server, "labels", "rename", "--project", f->project,
                                "--label", "Car", "--name", "Vehicle", NULL);
  g_free (out);
  out = limn_test_server_admin (f->server, "labels", "add", "--project", f->project,
                                "--name", "Tree", NULL);
  g_free (out);
  out = limn_test_server_admin (f->server, "labels", "retire", "--project", f->project,
                                "--label", "Tree", NULL);
  g_clear_pointer (&change, json_object_unref);
  change = last_change (f, f->ann[0], "labels", &n);
  g_assert_cmpuint (n, ==, 3);
  g_free (out);
  out = limn_test_server_admin (f->server, "flags", "list", "--project", f->project, NULL);
  g_assert_nonnull (strstr (out, "\"flags\""));
  g_unlink (file);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn, n) \
  g_test_add ("/server-review/" path, Fixture, GUINT_TO_POINTER (n), setup, fn, teardown)

  ADD ("reasons", test_reasons, 6);
  ADD ("gold-failure", test_gold_failure, 6);
  ADD ("audit", test_audit, 110);
  ADD ("leases", test_leases, 2);
  ADD ("verdicts", test_verdicts, 4);
  ADD ("authorization", test_authorization, 3);
  ADD ("threads", test_threads, 2);
  ADD ("guidelines-labels", test_guidelines_labels, 3);
  ADD ("admin", test_admin, 2);

  return g_test_run ();
}
