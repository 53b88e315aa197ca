/* test-server-experiments.c
 *
 * Guideline experiments end to end on a real limn-server and database
 * (docs/server-guide.md, "Guideline experiments"): a simulated team of 8
 * annotators is split by `limn-server admin experiment start`; the
 * project route serves each arm its version (B a draft); the annotators
 * claim and submit over the API, arm A missing or inventing Car 40 % of
 * the time and arm B never (Person 10 % in both), so the true effect is
 * known; the pool reaches each arm, the experiment becomes done, and the
 * reported intervals cover the true effects. Accept publishes the draft
 * to everyone; reject (another project) publishes nothing. Refusals exit
 * non-zero. A balanced split keeps annotators of like past gold accuracy
 * in different arms.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "limn-server-history.h"
#include "limn-server-test.h"
#include "limn-test-postgres.h"
#include "limn-test-util.h"

#define N_ANNOTATORS 8
#define PERSON_ERROR 0.1
#define CAR_ERROR_A  0.4
#define CAR_ERROR_B  0.0

static const char draft_text[] = "# Guidelines v2\n\nA car half hidden is still a Car.\n";

typedef struct
{
  LimnTestServer *s;
  char           *work;
  char           *project;
  char           *labels[2];                /* Person, Car ids */
  GPtrArray      *task_ids;                 /* owned by s */
  GHashTable     *index;                    /* task id → position + 1 */
  gboolean       *truth;                    /* per task, Person then Car */
  char           *tokens[N_ANNOTATORS];
  char           *admin;                    /* the lead's token */
  int             arm[N_ANNOTATORS];        /* 'a' | 'b', from what each is served */
  guint          *answered;                 /* per task and arm: answers so far */
  guint32         seed;
} Team;

static JsonObject *
parse_owned (char *text)
{
  g_autofree char *owned = text;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (owned, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

#define admin_json(s, ...) parse_owned (limn_test_server_admin ((s), __VA_ARGS__, NULL))

static char *
write_file (const char *dir,
            const char *name,
            const char *text)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/* One box per label present, in fixed places (100 × 80 images). */
static char *
regions_json (const Team     *t,
              const gboolean *has)
{
  static const char * const boxes[2] = { "[5, 5, 30, 30]", "[50, 40, 30, 30]" };
  GString *out = g_string_new ("[");

  for (guint k = 0; k < 2; k++)
    if (has[k])
      {
        g_autofree char *id = g_uuid_string_random ();

        g_string_append_printf (out, "%s{\"id\": \"%s\", \"kind\": \"box\", \"label\": \"%s\", "
                                "\"box\": %s}", out->len > 1 ? ", " : "", id, t->labels[k],
                                boxes[k]);
      }
  g_string_append (out, "]");
  return g_string_free (out, FALSE);
}

/* A project of @n_tasks images, the first @n_gold of them gold with their
 * true answer, guidelines v1, the 8 annotators, a reviewer and the lead. */
static void
team_init (Team       *t,
           const char *name,
           guint       n_tasks,
           guint       n_gold,
           guint32     seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree char *v1 = NULL;
  g_autofree char *out = NULL;

  t->project = limn_test_server_add_image_project (t->s, name, n_tasks);
  t->labels[0] = limn_test_server_label_id (t->s, t->project, 0);
  t->labels[1] = limn_test_server_label_id (t->s, t->project, 1);
  t->task_ids = limn_test_server_get_task_ids (t->s, t->project);
  t->index = g_hash_table_new (g_str_hash, g_str_equal);
  t->truth = g_new0 (gboolean, 2 * n_tasks);
  t->answered = g_new0 (guint, 2 * n_tasks);
  for (guint i = 0; i < n_tasks; i++)
    {
      g_hash_table_insert (t->index, g_ptr_array_index (t->task_ids, i), GUINT_TO_POINTER (i + 1));
      t->truth[2 * i] = g_rand_double (rand) < 0.5;
      t->truth[2 * i + 1] = g_rand_double (rand) < 0.5;
      if (i < n_gold)
        {
          g_autofree char *regions = regions_json (t, t->truth + 2 * i);
          g_autofree char *answer = g_strdup_printf ("{\"regions\": %s}", regions);
          g_autofree char *file = g_strdup_printf ("gold-%s-%u.json", name, i);
          g_autofree char *path = write_file (t->work, file, answer);
          g_autofree char *set = NULL;

          set = limn_test_server_admin (t->s, "gold", "set", "--project", t->project, "--task",
                                        g_ptr_array_index (t->task_ids, i), "--answer", path,
                                        NULL);
        }
    }
  /* Gold at a quarter of the pool. */
  out = limn_test_server_admin (t->s, "project", "set", "--project", t->project,
                                "--gold-rate", "0.25", NULL);
  v1 = write_file (t->work, "v1.md", "# Guidelines v1\n");
  g_free (out);
  out = limn_test_server_admin (t->s, "guidelines", "publish", "--project", t->project,
                                "--file", v1, NULL);
  for (guint a = 0; a < N_ANNOTATORS; a++)
    {
      g_autofree char *user = g_strdup_printf ("ann-%u", a);

      t->tokens[a] = limn_test_server_add_token (t->s, user, t->project, "annotator", NULL);
    }
  g_free (limn_test_server_add_token (t->s, "checker", t->project, "reviewer", NULL));
  t->admin = limn_test_server_add_token (t->s, "lead", t->project, "admin", NULL);
}

static void
team_clear (Team *t)
{
  for (guint a = 0; a < N_ANNOTATORS; a++)
    g_free (t->tokens[a]);
  g_free (t->admin);
  g_free (t->project);
  g_free (t->labels[0]);
  g_free (t->labels[1]);
  g_hash_table_unref (t->index);
  g_free (t->truth);
  g_free (t->answered);
}

/* The guidelines the project route gives @token: version and body. */
static gint64
served (Team        *t,
        const char  *token,
        char       **body)
{
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s", t->project);
  JsonObject *g;

  limn_test_request (t->s, "GET", path, token, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  g = json_object_get_object_member (limn_test_response_object (&r), "guidelines");
  if (body != NULL)
    *body = g_strdup (json_object_get_string_member (g, "body"));
  return json_object_get_int_member (g, "version");
}

/* Claims one task for annotator @a and submits an answer: each label's
 * presence flipped with the arm's error rate. The draws depend only on
 * the task, the arm and how many of the arm answered it before, not on
 * who (user ids, and so the split, differ from run to run): the same
 * answers every run. FALSE when nothing came. */
static gboolean
work_one (Team  *t,
          guint  a)
{
  g_auto(LimnTestResponse) r = { 0 };
  g_auto(LimnTestResponse) b = { 0 };
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/claims", t->project);
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *regions = NULL;
  g_autofree char *body = NULL;
  const char *task;
  JsonArray *assignments;
  g_autoptr(GRand) rand = NULL;
  gboolean has[2];
  guint i;

  limn_test_request (t->s, "POST", path, t->tokens[a], "{\"count\": 1}", &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  assignments = json_object_get_array_member (limn_test_response_object (&r), "assignments");
  if (json_array_get_length (assignments) == 0)
    return FALSE;
  task = json_object_get_string_member (
    json_object_get_object_member (json_array_get_object_element (assignments, 0), "task"), "id");
  i = GPOINTER_TO_UINT (g_hash_table_lookup (t->index, task)) - 1;
  {
    guint32 key[4] = { t->seed, i, (guint32)t->arm[a], t->answered[2 * i + (t->arm[a] == 'b')]++ };

    rand = g_rand_new_with_seed_array (key, G_N_ELEMENTS (key));
  }
  for (guint k = 0; k < 2; k++)
    {
      double e = k == 0 ? PERSON_ERROR : t->arm[a] == 'a' ? CAR_ERROR_A : CAR_ERROR_B;

      has[k] = g_rand_double (rand) < e ? !t->truth[2 * i + k] : t->truth[2 * i + k];
    }
  regions = regions_json (t, has);
  body = g_strdup_printf ("{\"items\": [{\"kind\": \"annotation\", \"id\": \"%s\", "
                          "\"task_id\": \"%s\", \"revision\": 1, \"guideline_version\": %d, "
                          "\"regions\": %s}]}", id, task, t->arm[a] == 'a' ? 1 : 2, regions);
  limn_test_request (t->s, "POST", "/api/v1/batches", t->tokens[a], body, &b,
                     "Idempotency-Key", key, NULL);
  g_assert_cmpuint (b.status, ==, 200);
  return TRUE;
}

/* Every annotator works a task a round until the experiment is done. */
static JsonObject *
drive (Team       *t,
       const char *experiment,
       guint32     seed)
{
  t->seed = seed;
  for (guint round = 0; round < 200; round++)
    {
      JsonObject *status;

      for (guint a = 0; a < N_ANNOTATORS; a++)
        work_one (t, a);
      status = admin_json (t->s, "experiment", "status", experiment);
      if (g_str_equal (json_object_get_string_member (status, "state"), "done"))
        return status;
      json_object_unref (status);
    }
  g_assert_not_reached ();
}

/* A refused command (NULL-terminated words): non-zero, a sentence on
 * stderr containing @words. */
static void
assert_refused (LimnTestServer *s,
                const char     *words,
                ...)
{
  const char *args[16] = { NULL };
  g_autofree char *err = NULL;
  va_list ap;
  guint n = 0;
  int status;

  va_start (ap, words);
  for (const char *a = va_arg (ap, const char *); a != NULL && n < 15; a = va_arg (ap, const char *))
    args[n++] = a;
  va_end (ap);

  status = limn_test_server_admin_run (s, NULL, &err, args[0], args[1], args[2], args[3], args[4],
                                       args[5], args[6], args[7], args[8], args[9], args[10],
                                       args[11], args[12], args[13], args[14], NULL);
  g_assert_cmpint (status, !=, 0);
  if (strstr (err, words) == NULL)
    g_error ("expected “%s” in: %s", words, err);
}

static JsonObject *
effect (JsonObject *result,
        const char *label,
        const char *what)
{
  JsonArray *labels = json_object_get_array_member (result, "labels");

  if (label == NULL)
    return json_object_get_object_member (result, what);
  for (guint i = 0; i < json_array_get_length (labels); i++)
    {
      JsonObject *l = json_array_get_object_element (labels, i);

      if (g_str_equal (json_object_get_string_member (l, "name"), label))
        return json_object_get_object_member (l, what);
    }
  g_assert_not_reached ();
}

static void
assert_covers (JsonObject *e,
               double      truth,
               const char *what)
{
  double low = json_object_get_double_member (e, "low");
  double high = json_object_get_double_member (e, "high");

  g_test_message ("%s: %.3f [%.3f, %.3f] over %" G_GINT64_FORMAT " items; true %.3f", what,
                  json_object_get_double_member (e, "estimate"), low, high,
                  json_object_get_int_member (e, "items"), truth);
  g_assert_cmpfloat (low, <=, truth);
  g_assert_cmpfloat (high, >=, truth);
}

static void
learn_arms (Team       *t,
            gint64      version_b,
            const char *body_b)
{
  guint in_a = 0, in_b = 0;

  for (guint a = 0; a < N_ANNOTATORS; a++)
    {
      g_autofree char *body = NULL;
      gint64 v = served (t, t->tokens[a], &body);

      if (v == 1)
        {
          t->arm[a] = 'a';
          g_assert_cmpstr (body, ==, "# Guidelines v1\n");
          in_a++;
        }
      else
        {
          g_assert_cmpint (v, ==, version_b);
          g_assert_cmpstr (body, ==, body_b);
          t->arm[a] = 'b';
          in_b++;
        }
    }
  g_assert_cmpuint (in_a, ==, N_ANNOTATORS / 2);
  g_assert_cmpuint (in_b, ==, N_ANNOTATORS / 2);
  /* Outside the arms (the lead, a reviewer), the current version. */
  g_assert_cmpint (served (t, t->admin, NULL), ==, 1);
}

static void
test_accept (void)
{
  g_autoptr(LimnTestServer) s = limn_test_server_new ();
  g_autofree char *work = g_dir_make_tmp ("limn-experiment-XXXXXX", NULL);
  g_autofree char *draft = write_file (work, "v2.md", draft_text);
  g_autoptr(JsonObject) started = NULL;
  g_autoptr(JsonObject) done = NULL;
  g_autoptr(JsonObject) interim = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) accepted = NULL;
  Team t = { s, work };
  const char *id;
  JsonObject *res;
  const double true_car = 1.0 - ((1 - CAR_ERROR_A) * (1 - CAR_ERROR_A) + CAR_ERROR_A * CAR_ERROR_A);

  limn_test_server_start (s, NULL, NULL);
  team_init (&t, "Streets", 48, 12, 3);

  started = admin_json (s, "experiment", "start", "--project", t.project, "--by", "lead",
                        "--draft", draft, "--split", "balanced", "--per-arm", "2",
                        "--items", "40", "--seed", "5");
  id = json_object_get_string_member (started, "id");
  g_assert_cmpstr (json_object_get_string_member (started, "state"), ==, "running");
  g_assert_cmpint (json_object_get_int_member (started, "pool"), ==, 40);
  g_assert_true (json_object_get_boolean_member (started, "draft"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (started, "arms"), "a")), ==, 4);

  assert_refused (s, "already running", "experiment", "start", "--project", t.project,
                  "--by", "lead", "--draft", draft, "--items", "2", NULL);
  learn_arms (&t, 2, draft_text);

  /* Not done: no accept; the result so far is interim. */
  assert_refused (s, "only a done experiment", "experiment", "accept", id, "--by", "lead", NULL);
  interim = admin_json (s, "experiment", "result", id);
  g_assert_true (json_object_get_boolean_member (interim, "interim"));

  done = drive (&t, id, 11);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (done, "progress"),
                                               "complete_items"), ==, 40);

  result = admin_json (s, "experiment", "result", id);
  g_assert_false (json_object_get_boolean_member (result, "interim"));
  res = json_object_get_object_member (result, "result");
  /* Every pool task has exactly 2 answers from each arm: 80 a side. */
  g_assert_cmpint (json_object_get_int_member (res, "answers_a"), ==, 80);
  g_assert_cmpint (json_object_get_int_member (res, "answers_b"), ==, 80);
  g_assert_cmpint (json_object_get_int_member (res, "resamples"), >=, 2000);
  g_test_message ("verdict: %s", json_object_get_string_member (res, "verdict"));

  /* Agreement of two answers on Car: 1 in B, (1 − e)² + e² in A. */
  assert_covers (effect (res, "Car", "agreement"), true_car, "Car agreement");
  assert_covers (effect (res, "Car", "gold_accuracy"), CAR_ERROR_A - CAR_ERROR_B, "Car gold");
  assert_covers (effect (res, "Person", "agreement"), 0, "Person agreement");
  assert_covers (effect (res, "Person", "gold_accuracy"), 0, "Person gold");
  assert_covers (effect (res, NULL, "agreement"), true_car / 2, "agreement");
  g_assert_true (json_object_get_boolean_member (effect (res, "Car", "agreement"), "clear"));
  g_assert_false (json_object_get_boolean_member (effect (res, "Person", "agreement"), "clear"));
  g_assert_false (json_object_get_boolean_member (effect (res, "Person", "gold_accuracy"),
                                                  "clear"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (res, "verdict"),
                                   "Version B raised agreement on Car by "));
  g_assert_nonnull (strstr (json_object_get_string_member (res, "verdict"),
                            "no clear effect elsewhere."));

  /* The pilot gate: accepting publishes the draft as version 2 to all. */
  accepted = admin_json (s, "experiment", "accept", id, "--by", "lead");
  g_assert_cmpstr (json_object_get_string_member (accepted, "state"), ==, "accepted");
  g_assert_cmpint (json_object_get_int_member (accepted, "published_version"), ==, 2);
  for (guint a = 0; a < N_ANNOTATORS; a++)
    {
      g_autofree char *body = NULL;

      g_assert_cmpint (served (&t, t.tokens[a], &body), ==, 2);
      g_assert_cmpstr (body, ==, draft_text);
    }
  g_assert_cmpint (served (&t, t.admin, NULL), ==, 2);
  assert_refused (s, "only a done experiment", "experiment", "reject", id, "--by", "lead", NULL);

  team_clear (&t);
}

static void
test_reject (void)
{
  g_autoptr(LimnTestServer) s = limn_test_server_new ();
  g_autofree char *work = g_dir_make_tmp ("limn-experiment-XXXXXX", NULL);
  g_autofree char *draft = write_file (work, "v2.md", draft_text);
  g_autoptr(JsonObject) started = NULL;
  g_autoptr(JsonObject) done = NULL;
  g_autoptr(JsonObject) rejected = NULL;
  Team t = { s, work };
  const char *id;

  limn_test_server_start (s, NULL, NULL);
  team_init (&t, "Roads", 12, 0, 4);

  /* Refusals: no such project, no version b, too large a pool, no id. */
  assert_refused (s, "no project", "experiment", "start", "--project", "nope", "--by", "lead",
                  "--draft", draft, NULL);
  assert_refused (s, "version b", "experiment", "start", "--project", t.project, "--by", "lead",
                  NULL);
  assert_refused (s, "nobody has started", "experiment", "start", "--project", t.project,
                  "--by", "lead", "--draft", draft, "--items", "13", NULL);
  assert_refused (s, "no experiment", "experiment", "status", "nope", NULL);

  started = admin_json (s, "experiment", "start", "--project", t.project, "--by", "lead",
                        "--draft", draft, "--items", "6", "--seed", "9");
  id = json_object_get_string_member (started, "id");
  g_assert_cmpstr (json_object_get_string_member (started, "split"), ==, "random");
  learn_arms (&t, 2, draft_text);
  done = drive (&t, id, 12);

  rejected = admin_json (s, "experiment", "reject", id, "--by", "lead");
  g_assert_cmpstr (json_object_get_string_member (rejected, "state"), ==, "rejected");
  g_assert_false (json_object_has_member (rejected, "published_version"));
  /* Everyone keeps version 1; nothing was published. */
  for (guint a = 0; a < N_ANNOTATORS; a++)
    {
      g_autofree char *body = NULL;

      g_assert_cmpint (served (&t, t.tokens[a], &body), ==, 1);
      g_assert_cmpstr (body, ==, "# Guidelines v1\n");
    }
  assert_refused (s, "only a done experiment", "experiment", "accept", id, "--by", "lead", NULL);

  team_clear (&t);
}

/* Four annotators right on 4, 3, 2 and 1 of 4 gold tasks: balanced by
 * past gold accuracy, the two best go one to each arm, and so do the two
 * worst. Over several seeds, so a coin that happened to fall right would
 * not pass for the rule (a random split keeps both pairs apart 2 times
 * in 3). */
static const LimnHistoryAnswer graded[] = {
  { 0, 0, 3, "P", -1, 30, 0 }, { 0, 1, 3, "P", -1, 30, 0 },
  { 0, 2, 3, "P", -1, 30, 0 }, { 0, 3, 3, "P", -1, 30, 0 },
  { 1, 0, 3, "P", -1, 30, 0 }, { 1, 1, 3, "P", -1, 30, 0 },
  { 1, 2, 3, "P", -1, 30, 0 }, { 1, 3, 3, "C", -1, 30, 0 },
  { 2, 0, 3, "P", -1, 30, 0 }, { 2, 1, 3, "P", -1, 30, 0 },
  { 2, 2, 3, "C", -1, 30, 0 }, { 2, 3, 3, "C", -1, 30, 0 },
  { 3, 0, 3, "P", -1, 30, 0 }, { 3, 1, 3, "C", -1, 30, 0 },
  { 3, 2, 3, "C", -1, 30, 0 }, { 3, 3, 3, "C", -1, 30, 0 },
};

/* Marks experiment @id rejected in the store: nothing ends a running one
 * early, and the next seed needs the project free (one running at a
 * time). The only write behind the server's back here. */
static void
end_experiment (LimnTestServer *s,
                const char     *id)
{
  g_autofree char *path = limn_test_server_get_db_path (s);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  if (limn_test_server_get_database (s) != NULL)
    {
      /* RETURNING: the helper reads a row, and the row says it was there. */
      g_autofree char *ended = limn_test_postgres_query_text (limn_test_server_get_database (s),
                                                              "UPDATE experiments SET state = "
                                                              "'rejected' WHERE id = $1 "
                                                              "RETURNING id", id);

      g_assert_cmpstr (ended, ==, id);
      return;
    }

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE experiments SET state = 'rejected' WHERE id = ?",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static const char *
arm_of (JsonObject *experiment,
        const char *user)
{
  JsonObject *arms = json_object_get_object_member (experiment, "arms");

  for (guint k = 0; k < 2; k++)
    {
      JsonArray *a = json_object_get_array_member (arms, k == 0 ? "a" : "b");

      for (guint i = 0; i < json_array_get_length (a); i++)
        if (g_str_equal (json_array_get_string_element (a, i), user))
          return k == 0 ? "a" : "b";
    }
  g_assert_not_reached ();
}

static void
test_balanced (void)
{
  LimnHistoryScript script = { 4, 12, 4, "PPPP........", graded, G_N_ELEMENTS (graded) };
  g_autoptr(LimnTestServer) s = limn_test_server_new ();
  g_autofree char *db = limn_test_server_get_store (s);
  g_autofree char *work = g_dir_make_tmp ("limn-experiment-XXXXXX", NULL);
  g_autofree char *draft = write_file (work, "v2.md", draft_text);
  g_autoptr(LimnHistory) h = NULL;
  g_autoptr(GError) error = NULL;
  /* LIMN_TEST_SPLIT=random shows the test failing without the rule
   * (5 of 6 seeds keep each pair apart). */
  const char *split = g_getenv ("LIMN_TEST_SPLIT") ? g_getenv ("LIMN_TEST_SPLIT") : "balanced";
  guint apart[2] = { 0, 0 };

  g_assert_true (limn_test_seed_script (db, &script, &h, &error));
  g_assert_no_error (error);
  limn_test_server_start (s, NULL, NULL);

  for (guint seed = 1; seed <= 6; seed++)
    {
      g_autofree char *seed_text = g_strdup_printf ("%u", seed);
      g_autoptr(JsonObject) e = NULL;
      g_autoptr(JsonObject) status = NULL;
      const char * const *ids = (const char * const *)h->annotator_ids->pdata;

      e = admin_json (s, "experiment", "start", "--project", h->project_id, "--by", "admin",
                      "--draft", draft, "--items", "2", "--split", split, "--seed", seed_text);
      apart[0] += !g_str_equal (arm_of (e, ids[0]), arm_of (e, ids[1]));
      apart[1] += !g_str_equal (arm_of (e, ids[2]), arm_of (e, ids[3]));
      /* The reviewer and the admin are in neither arm. */
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                          json_object_get_object_member (e, "arms"), "a")), ==, 2);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                          json_object_get_object_member (e, "arms"), "b")), ==, 2);

      /* Nothing answered yet: running, nothing complete. */
      status = admin_json (s, "experiment", "status", json_object_get_string_member (e, "id"));
      g_assert_cmpstr (json_object_get_string_member (status, "state"), ==, "running");
      g_assert_cmpint (json_object_get_int_member (
                         json_object_get_object_member (status, "progress"), "complete_items"),
                       ==, 0);
      end_experiment (s, json_object_get_string_member (e, "id"));
    }
  g_test_message ("%s split: best pair apart %u of 6 seeds, worst pair %u", split, apart[0],
                  apart[1]);
  g_assert_cmpuint (apart[0], ==, 6);
  g_assert_cmpuint (apart[1], ==, 6);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/experiments/accept", test_accept);
  g_test_add_func ("/server/experiments/reject", test_reject);
  g_test_add_func ("/server/experiments/balanced", test_balanced);

  return g_test_run ();
}
