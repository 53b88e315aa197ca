/* test-server-qualification.c
 *
 * Training and the qualification gate (docs/training.md) on a real
 * limn-server: until an annotator passes the project's rule, claims hand
 * them gold items only, each once, in position order and outside overlap,
 * with no gold answer in the claim; the gold change after each submit
 * carries the gold answer and the training status; a failed attempt keeps
 * them training on unseen items; passing brings normal items;
 * requalify_on_guideline_change starts over after a publish; admin stats
 * shows the lead who passed and who fails.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "limn-server-test.h"
#include "limn-test-util.h"

#define N_TASKS 10
#define N_GOLD  6
#define GOLD_REGION "11111111-2222-4333-8444-555555555555"

typedef struct
{
  LimnTestServer *server;
  char           *project;
  char           *ann[2];
  char           *car;        /* label id */
  char           *person;
  GPtrArray      *tasks;      /* owned by server */
  guint           key;
} Fixture;

static char *
write_file (Fixture    *f,
            const char *name,
            const char *text)
{
  char *path = g_build_filename (limn_test_server_get_data_dir (f->server), name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autofree char *answer = NULL;

  f->server = limn_test_server_new ();
  f->project = limn_test_server_add_image_project (f->server, "Street scenes", N_TASKS);
  f->ann[0] = limn_test_server_add_token (f->server, "ann1", f->project, "annotator", NULL);
  f->ann[1] = limn_test_server_add_token (f->server, "ann2", f->project, "annotator", NULL);
  f->person = limn_test_server_label_id (f->server, f->project, 0);
  f->car = limn_test_server_label_id (f->server, f->project, 1);
  f->tasks = limn_test_server_get_task_ids (f->server, f->project);
  g_assert_cmpuint (f->tasks->len, ==, N_TASKS);

  /* The first N_GOLD tasks are gold: one Car box. */
  {
    g_autofree char *text = g_strdup_printf ("{\"regions\": [{\"id\": \"" GOLD_REGION "\","
                                             " \"kind\": \"box\", \"label\": \"%s\","
                                             " \"box\": [10, 10, 30, 30]}]}", f->car);

    answer = write_file (f, "gold.json", text);
  }
  for (guint i = 0; i < N_GOLD; i++)
    {
      g_autofree char *out = limn_test_server_admin (f->server, "gold", "set", "--project",
                                                     f->project, "--task",
                                                     g_ptr_array_index (f->tasks, i),
                                                     "--answer", answer, NULL);
    }
  g_unlink (answer);
  limn_test_server_start (f->server, NULL, NULL);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_pointer (&f->server, limn_test_server_free);
  g_free (f->project);
  g_free (f->ann[0]);
  g_free (f->ann[1]);
  g_free (f->person);
  g_free (f->car);
}

static void
set_rule (Fixture    *f,
          const char *rule)
{
  g_autofree char *out = limn_test_server_admin (f->server, "project", "set", "--project",
                                                 f->project, "--qualification", rule, NULL);
}

static gboolean
is_gold (Fixture    *f,
         const char *task_id)
{
  for (guint i = 0; i < N_GOLD; i++)
    if (g_str_equal (g_ptr_array_index (f->tasks, i), task_id))
      return TRUE;
  return FALSE;
}

/* Claims up to @count and returns the task ids; asserts that nothing in
 * the claim's body gives a gold answer away. */
static GPtrArray *
claim (Fixture    *f,
       const char *token,
       guint       count)
{
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/claims", f->project);
  g_autofree char *body = g_strdup_printf ("{\"count\": %u}", count);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  JsonArray *assignments;
  g_autofree char *text = NULL;

  limn_test_request (f->server, "POST", path, token, body, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  text = g_strndup (g_bytes_get_data (r.body, NULL), g_bytes_get_size (r.body));
  g_assert_null (strstr (text, GOLD_REGION));
  g_assert_null (strstr (text, "gold"));
  g_assert_null (strstr (text, "regions"));

  assignments = json_object_get_array_member (limn_test_response_object (&r), "assignments");
  for (guint i = 0; i < json_array_get_length (assignments); i++)
    {
      JsonObject *task = json_object_get_object_member (json_array_get_object_element (assignments, i),
                                                        "task");

      g_ptr_array_add (ids, g_strdup (json_object_get_string_member (task, "id")));
    }
  return ids;
}

/* Submits one box on @task_id: the gold one when @right, else a Person box
 * elsewhere. */
static void
submit (Fixture    *f,
        const char *token,
        const char *task_id,
        gboolean    right)
{
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *ann_id = g_uuid_string_random ();
  g_autofree char *region_id = g_uuid_string_random ();
  g_autofree char *idem = g_strdup_printf ("qualification-key-%04u", ++f->key);
  g_autofree char *body =
    g_strdup_printf ("{\"items\": [{\"kind\": \"annotation\", \"id\": \"%s\", \"task_id\": \"%s\","
                     " \"revision\": 1, \"regions\": [{\"id\": \"%s\", \"kind\": \"box\","
                     " \"label\": \"%s\", \"box\": %s}]}]}",
                     ann_id, task_id, region_id, right ? f->car : f->person,
                     right ? "[11, 10, 30, 30]" : "[60, 40, 20, 20]");
  JsonObject *result;

  limn_test_request (f->server, "POST", "/api/v1/batches", token, body, &r,
                     "Idempotency-Key", idem, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  result = json_array_get_object_element (json_object_get_array_member (limn_test_response_object (&r),
                                                                        "results"), 0);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "applied");
}

/* The data of the latest `gold` change for @task_id, or NULL. */
static JsonObject *
gold_change (Fixture          *f,
             const char       *token,
             const char       *task_id,
             LimnTestResponse *r)
{
  JsonArray *changes;
  JsonObject *found = NULL;

  limn_test_request (f->server, "GET", "/api/v1/changes?since=0&limit=1000", token, NULL, r, NULL);
  g_assert_cmpuint (r->status, ==, 200);
  changes = json_object_get_array_member (limn_test_response_object (r), "changes");
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *c = json_array_get_object_element (changes, i);
      JsonObject *d = json_object_get_object_member (c, "data");

      if (g_str_equal (json_object_get_string_member (c, "kind"), "gold") &&
          g_str_equal (json_object_get_string_member (d, "task_id"), task_id))
        found = d;
    }
  return found;
}

static JsonObject *
my_status (Fixture          *f,
           const char       *token,
           LimnTestResponse *r)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s", f->project);

  limn_test_request (f->server, "GET", path, token, NULL, r, NULL);
  g_assert_cmpuint (r->status, ==, 200);
  return json_object_get_object_member (limn_test_response_object (r), "qualification");
}

/* Gold only, by position, each once, outside overlap; a failed attempt
 * keeps the annotator training on items they have not seen; passing brings
 * normal items. */
static void
test_gate (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) other = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_auto(LimnTestResponse) r = { 0 };
  g_auto(LimnTestResponse) p = { 0 };
  g_auto(LimnTestResponse) p2 = { 0 };
  g_autofree char *stats = NULL;
  g_autofree char *project_path = g_strdup_printf ("/api/v1/projects/%s", f->project);
  JsonObject *d, *training, *settings, *q;

  set_rule (f, "{\"min_accuracy\": 0.8, \"gold_items\": 2}");
  limn_test_request (f->server, "GET", project_path, f->ann[0], NULL, &p, NULL);
  settings = json_object_get_object_member (limn_test_response_object (&p), "settings");
  q = json_object_get_object_member (settings, "qualification");
  g_assert_nonnull (q);
  g_assert_cmpint (json_object_get_int_member (q, "gold_items"), ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (q, "min_accuracy"), ==, 0.8);

  /* The first two gold items, in position order. */
  first = claim (f, f->ann[0], 2);
  g_assert_cmpuint (first->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (first, 0), ==, g_ptr_array_index (f->tasks, 0));
  g_assert_cmpstr (g_ptr_array_index (first, 1), ==, g_ptr_array_index (f->tasks, 1));

  /* Overlap 1 does not keep training items from a second trainee. */
  other = claim (f, f->ann[1], 1);
  g_assert_cmpstr (g_ptr_array_index (other, 0), ==, g_ptr_array_index (f->tasks, 0));

  /* No gold before the submit; after it, the gold change carries the
   * answer and the status. */
  g_assert_null (gold_change (f, f->ann[0], g_ptr_array_index (first, 0), &r));
  limn_test_response_clear (&r);
  submit (f, f->ann[0], g_ptr_array_index (first, 0), FALSE);
  d = gold_change (f, f->ann[0], g_ptr_array_index (first, 0), &r);
  g_assert_nonnull (d);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (d, "regions")), ==, 1);
  training = json_object_get_object_member (d, "training");
  g_assert_nonnull (training);
  g_assert_cmpint (json_object_get_int_member (training, "scored"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (training, "right"), ==, 0);
  g_assert_false (json_object_get_boolean_member (training, "passed"));
  limn_test_response_clear (&r);

  /* 1 of 2 is below 80 %: failed, a fresh attempt. */
  submit (f, f->ann[0], g_ptr_array_index (first, 1), TRUE);
  training = json_object_get_object_member (gold_change (f, f->ann[0], g_ptr_array_index (first, 1), &r),
                                            "training");
  g_assert_cmpint (json_object_get_int_member (training, "failed_attempts"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (training, "scored"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (training, "training_scored"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (training, "training_right"), ==, 1);
  g_assert_false (json_object_get_boolean_member (training, "passed"));
  limn_test_response_clear (&r);

  stats = limn_test_server_admin (f->server, "stats", "--project", f->project, "--names", NULL);
  g_assert_nonnull (strstr (stats, "\"state\" : \"failing\""));
  g_clear_pointer (&stats, g_free);

  /* Still training: the next gold items, none seen before. */
  second = claim (f, f->ann[0], 5);
  g_assert_cmpuint (second->len, ==, N_GOLD - 2);
  for (guint i = 0; i < second->len; i++)
    {
      g_assert_true (is_gold (f, g_ptr_array_index (second, i)));
      g_assert_cmpstr (g_ptr_array_index (second, i), ==, g_ptr_array_index (f->tasks, i + 2));
    }

  /* Two right: passed. */
  submit (f, f->ann[0], g_ptr_array_index (second, 0), TRUE);
  submit (f, f->ann[0], g_ptr_array_index (second, 1), TRUE);
  training = json_object_get_object_member (gold_change (f, f->ann[0], g_ptr_array_index (second, 1), &r),
                                            "training");
  g_assert_true (json_object_get_boolean_member (training, "passed"));
  g_assert_cmpint (json_object_get_int_member (training, "right"), ==, 2);
  q = my_status (f, f->ann[0], &p2);
  g_assert_true (json_object_get_boolean_member (q, "passed"));

  /* Now normal items come (after the two gold leases still held). */
  after = claim (f, f->ann[0], 4);
  g_assert_cmpuint (after->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (after, 0), ==, g_ptr_array_index (second, 2));
  g_assert_cmpstr (g_ptr_array_index (after, 1), ==, g_ptr_array_index (second, 3));
  g_assert_false (is_gold (f, g_ptr_array_index (after, 2)));
  g_assert_false (is_gold (f, g_ptr_array_index (after, 3)));

  stats = limn_test_server_admin (f->server, "stats", "--project", f->project, "--names", NULL);
  g_assert_nonnull (strstr (stats, "\"state\" : \"passed\""));
  g_assert_nonnull (strstr (stats, "\"annotator\" : \"ann1\""));
}

/* Running out of training items hands out nothing, not normal work; no
 * rule (or "none") means normal items from the start. */
static void
test_no_rule_and_exhausted (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) normal = NULL;
  g_autofree char *err = NULL;

  /* Bad rules are refused with the reason. */
  g_assert_cmpint (limn_test_server_admin_run (f->server, NULL, &err, "project", "set", "--project",
                                               f->project, "--qualification",
                                               "{\"min_accuracy\": 1.5, \"gold_items\": 2}", NULL),
                   !=, 0);
  g_assert_nonnull (strstr (err, "min_accuracy"));

  set_rule (f, "{\"min_accuracy\": 1, \"gold_items\": 10}");
  ids = claim (f, f->ann[1], 50);
  g_assert_cmpuint (ids->len, ==, N_GOLD);
  for (guint i = 0; i < ids->len; i++)
    submit (f, f->ann[1], g_ptr_array_index (ids, i), TRUE);
  none = claim (f, f->ann[1], 5);
  g_assert_cmpuint (none->len, ==, 0);

  set_rule (f, "none");
  normal = claim (f, f->ann[1], 2);
  g_assert_cmpuint (normal->len, ==, 2);
  g_assert_false (is_gold (f, g_ptr_array_index (normal, 0)));
}

/* With requalify_on_guideline_change, a new guideline version sends a
 * qualified annotator back to training on gold they have not seen. */
static void
test_requalify (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) normal = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_auto(LimnTestResponse) p = { 0 };
  g_autofree char *md = write_file (f, "v2.md", "# Car\n\nBox the whole car, mirrors included.\n");
  g_autofree char *out = NULL;

  set_rule (f, "{\"min_accuracy\": 0.5, \"gold_items\": 1, \"requalify_on_guideline_change\": true}");
  first = claim (f, f->ann[0], 1);
  submit (f, f->ann[0], g_ptr_array_index (first, 0), TRUE);
  normal = claim (f, f->ann[0], 1);
  g_assert_false (is_gold (f, g_ptr_array_index (normal, 0)));
  submit (f, f->ann[0], g_ptr_array_index (normal, 0), TRUE);

  out = limn_test_server_admin (f->server, "guidelines", "publish", "--project", f->project,
                                "--file", md, NULL);
  g_assert_false (json_object_get_boolean_member (my_status (f, f->ann[0], &p), "passed"));
  again = claim (f, f->ann[0], 1);
  g_assert_cmpstr (g_ptr_array_index (again, 0), ==, g_ptr_array_index (f->tasks, 1));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server-qualification/gate", Fixture, NULL, setup, test_gate, teardown);
  g_test_add ("/server-qualification/no-rule-and-exhausted", Fixture, NULL, setup,
              test_no_rule_and_exhausted, teardown);
  g_test_add ("/server-qualification/requalify", Fixture, NULL, setup, test_requalify, teardown);

  return g_test_run ();
}
