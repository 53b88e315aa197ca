/* test-server-dashboard.c
 *
 * The team figures and the team dashboard (issue 19) on a real limn-server
 * over loopback: the seeded history (limn-server-history.h), the routes'
 * shape and numbers, who may see what, pseudonyms, alerts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "limn-server-history.h"
#include "limn-server-pseudonyms.h"
#include "limn-server-test.h"
#include "limn-test-postgres.h"

/* The seeder writes what the spec says, the same each time, and the
 * server serves it: the tokens sign in, the counts are the inventory's. */
static void
test_history_seeded (void)
{
  g_autoptr(LimnTestServer) a = limn_test_server_new ();
  g_autoptr(LimnTestServer) b = limn_test_server_new ();
  g_autofree char *db_a = limn_test_server_get_store (a);
  g_autofree char *db_b = limn_test_server_get_store (b);
  g_autoptr(LimnHistory) ha = NULL;
  g_autoptr(LimnHistory) hb = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *dump_a = NULL;
  g_autofree char *dump_b = NULL;
  LimnHistorySpec spec;

  limn_history_spec_init (&spec);
  spec.n_tasks = 300;
  spec.days = 10;
  spec.per_day = 8;

  g_assert_true (limn_test_seed_history_full (db_a, &spec, &ha, &error));
  g_assert_no_error (error);
  g_assert_true (limn_test_seed_history_full (db_b, &spec, &hb, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (ha->project_id, ==, hb->project_id);
  g_assert_cmpuint (ha->annotations, ==, 5 * 10 * 8);
  g_assert_cmpuint (ha->annotations, ==, hb->annotations);
  g_assert_cmpuint (ha->reviews, ==, hb->reviews);
  g_assert_cmpuint (ha->reviews, >, 0);
  g_assert_cmpuint (ha->annotator_tokens->len, ==, 5);

  g_assert_cmpint (limn_test_server_count (a, ha->project_id, "tasks"), ==, 340);
  g_assert_cmpint (limn_test_server_count (a, ha->project_id, "tasks.gold"), ==, 40);
  {
    /* Every answer, as received (group_concat is SQLite's, string_agg
     * PostgreSQL's). */
    const char *dump = limn_test_server_get_database (a) != NULL
                       ? "SELECT string_agg (id || regions || submitted_us, ';' ORDER BY recv_seq) "
                         "FROM annotations"
                       : "SELECT group_concat (id || regions || submitted_us, ';') "
                         "FROM annotations";

    dump_a = limn_test_db_text (a, dump, NULL);
    dump_b = limn_test_db_text (b, dump, NULL);
  }
  g_assert_cmpstr (dump_a, ==, dump_b);

  limn_test_server_start (a, NULL, NULL);
  limn_test_request (a, "GET", "/api/v1/me", g_ptr_array_index (ha->annotator_tokens, 0), NULL,
                     &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  limn_test_response_clear (&r);
  limn_test_request (a, "GET", "/api/v1/me", ha->reviewer_token, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
}

static char *
path_of (LimnHistory *h,
         const char  *route,
         const char  *query)
{
  return g_strdup_printf ("/api/v1/projects/%s/%s%s", h->project_id, route, query ? query : "");
}

/* Both routes answer on a default history: the shape of the contract. */
static void
test_routes_shape (void)
{
  g_autoptr(LimnTestServer) s = limn_test_server_new ();
  g_autofree char *db = limn_test_server_get_store (s);
  g_autoptr(LimnHistory) h = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *dashboard = NULL;
  g_autofree char *figures = NULL;
  JsonObject *obj;
  LimnHistorySpec spec;

  limn_history_spec_init (&spec);
  g_assert_true (limn_test_seed_history_full (db, &spec, &h, &error));
  g_assert_no_error (error);
  limn_test_server_start (s, NULL, NULL);

  dashboard = path_of (h, "dashboard", "?days=30");
  limn_test_request (s, "GET", dashboard, h->reviewer_token, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  obj = limn_test_response_object (&r);
  if (g_test_verbose ())
    g_printerr ("%s\n", json_to_string (r.json, TRUE));
  g_assert_cmpint (json_object_get_int_member (obj, "days"), ==, 30);
  g_assert_true (json_object_get_boolean_member (obj, "pseudonymous"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "throughput")), ==, 30);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "annotators")), ==, 5);
  limn_test_response_clear (&r);

  figures = path_of (h, "team-figures", NULL);
  limn_test_request (s, "GET", figures, g_ptr_array_index (h->annotator_tokens, 0), NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  obj = limn_test_response_object (&r);
  if (g_test_verbose ())
    g_printerr ("%s\n", json_to_string (r.json, TRUE));
  g_assert_cmpint (json_object_get_int_member (obj, "annotators"), ==, 5);
}

typedef struct
{
  LimnTestServer *server;
  LimnHistory    *history;
} Team;

static void
team_clear (Team *t)
{
  g_clear_pointer (&t->history, limn_history_free);
  g_clear_pointer (&t->server, limn_test_server_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Team, team_clear)

/* A small history (5 annotators, 10 days of 8 answers each a day), after
 * @tweak, in a running server. */
static void
team_start (Team            *t,
            LimnHistorySpec *spec)
{
  g_autofree char *db = NULL;
  g_autoptr(GError) error = NULL;

  t->server = limn_test_server_new ();
  db = limn_test_server_get_store (t->server);
  g_assert_true (limn_test_seed_history_full (db, spec, &t->history, &error));
  g_assert_no_error (error);
  limn_test_server_start (t->server, NULL, NULL);
}

static void
small_spec (LimnHistorySpec *spec)
{
  limn_history_spec_init (spec);
  spec->n_tasks = 1000;
  spec->days = 10;
  spec->per_day = 8;
}

static void
get (Team             *t,
     const char       *route,
     const char       *query,
     const char       *token,
     LimnTestResponse *r)
{
  g_autofree char *path = path_of (t->history, route, query);

  limn_test_response_clear (r);
  limn_test_request (t->server, "GET", path, token, NULL, r, NULL);
}

static const char *
annotator_token (Team  *t,
                 guint  i)
{
  return g_ptr_array_index (t->history->annotator_tokens, i);
}

static char *
error_message (LimnTestResponse *r)
{
  JsonObject *obj = limn_test_response_object (r);

  return g_strdup (json_object_get_string_member (json_object_get_object_member (obj, "error"),
                                                  "message"));
}

/* A hand-made history whose figures are worked out by hand below: 3
 * annotators (A0–A2), 6 tasks (5 is gold, answer one Person box), overlap
 * 3, every answer confident (0.9), A0 30 s an answer, A1 40 s, A2 50 s.
 *
 *   task  A0      A1      A2      received     reviews (an hour later)
 *   0     P  a    P  a    P       2 days ago   A0 accept, A1 accept
 *   1     C  a    C  a    T  s    2 days ago   A0, A1 accept, A2 send back
 *   2     C  s    T       C       2 days ago   A0 send back
 *   3     P  a    P       PC      yesterday    A0 accept
 *   4     T  c    C       –       yesterday    A0 correct
 *   5*    P       P       C       yesterday    (gold: P)
 */
static const LimnHistoryAnswer hand_answers[] = {
  { 0, 0, 2, "P", 0.9, 30, 'a' }, { 1, 0, 2, "P", 0.9, 40, 'a' }, { 2, 0, 2, "P", 0.9, 50, 0 },
  { 0, 1, 2, "C", 0.9, 30, 'a' }, { 1, 1, 2, "C", 0.9, 40, 'a' }, { 2, 1, 2, "T", 0.9, 50, 's' },
  { 0, 2, 2, "C", 0.9, 30, 's' }, { 1, 2, 2, "T", 0.9, 40, 0 },   { 2, 2, 2, "C", 0.9, 50, 0 },
  { 0, 3, 1, "P", 0.9, 30, 'a' }, { 1, 3, 1, "P", 0.9, 40, 0 },   { 2, 3, 1, "PC", 0.9, 50, 0 },
  { 0, 4, 1, "T", 0.9, 30, 'c' }, { 1, 4, 1, "C", 0.9, 40, 0 },
  { 0, 5, 1, "P", 0.9, 30, 0 },   { 1, 5, 1, "P", 0.9, 40, 0 },   { 2, 5, 1, "C", 0.9, 50, 0 },
};

/* Back to a version-5 file: without migration 16's guideline translations, 15's experiments, 14's
 * hidden task fields,
 * 13's qualification rule,
 * 12's guardrails, 11's label
 * translations, 8 and 9's campaigns and project setting, 7's dataset
 * versions, and migration 6's summary columns, counter and triggers (the
 * triggers first: they name the columns). */
static const char undo_migration_6[] =
  "ALTER TABLE projects DROP COLUMN qualification; "
  "ALTER TABLE projects DROP COLUMN hidden_task_fields; "
  "DROP TABLE experiments; "
  "ALTER TABLE guidelines DROP COLUMN translations; "
  "ALTER TABLE projects DROP COLUMN guardrails; "
  "ALTER TABLE labels DROP COLUMN names; ALTER TABLE labels DROP COLUMN descriptions; "
  "DROP TABLE campaign_items; DROP TABLE campaigns; "
  "ALTER TABLE projects DROP COLUMN auto_propose_campaigns; "
  "DROP TABLE datasets; "
  "DROP TRIGGER team_version_annotation_insert; DROP TRIGGER team_version_annotation_update; "
  "DROP TRIGGER team_version_review_insert; DROP TRIGGER team_version_review_update; "
  "DROP TRIGGER team_version_task_insert; DROP TRIGGER team_version_task_update; "
  "DROP TRIGGER team_version_task_delete; DROP TRIGGER team_version_label_insert; "
  "DROP TRIGGER team_version_label_update; DROP TRIGGER team_version_label_delete; "
  "DROP TRIGGER team_version_settings; "
  "ALTER TABLE annotations DROP COLUMN region_labels; "
  "ALTER TABLE annotations DROP COLUMN model_regions; "
  "ALTER TABLE projects DROP COLUMN team_version; "
  "PRAGMA user_version = 5;";

static void
hand_start (Team     *t,
            gboolean  from_version_5)
{
  LimnHistoryScript script = { 3, 6, 3, ".....P", hand_answers, G_N_ELEMENTS (hand_answers) };
  g_autofree char *db = NULL;
  g_autoptr(GError) error = NULL;

  t->server = limn_test_server_new ();
  db = limn_test_server_get_store (t->server);
  g_assert_true (limn_test_seed_script (db, &script, &t->history, &error));
  g_assert_no_error (error);
  if (from_version_5)
    {
      sqlite3 *handle = NULL;

      g_assert_cmpint (sqlite3_open (db, &handle), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_exec (handle, undo_migration_6, NULL, NULL, NULL), ==, SQLITE_OK);
      sqlite3_close (handle);
    }
  limn_test_server_start (t->server, NULL, NULL);
  if (from_version_5)
    g_assert_cmpint (limn_test_db_count (t->server, "SELECT count (*) FROM annotations "
                                         "WHERE region_labels LIKE '%,%'"), ==, 1);
}

#define assert_near(a, b) g_assert_cmpfloat_with_epsilon ((a), (b), 0.0005)

static void
assert_rate (JsonObject *obj,
             const char *member,
             double      p,
             double      low,
             double      high,
             gint64      n)
{
  JsonObject *rate = json_object_get_object_member (obj, member);

  assert_near (json_object_get_double_member (rate, "p"), p);
  assert_near (json_object_get_double_member (rate, "low"), low);
  assert_near (json_object_get_double_member (rate, "high"), high);
  g_assert_cmpint (json_object_get_int_member (rate, "n"), ==, n);
}

static JsonObject *
member_of (JsonObject *dashboard,
           const char *user_id)
{
  JsonArray *array = json_object_get_array_member (dashboard, "annotators");

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *a = json_array_get_object_element (array, i);

      if (g_str_equal (json_object_get_string_member (a, "annotator"), user_id))
        return a;
    }
  g_assert_not_reached ();
}

static JsonObject *
agreement_of (JsonObject *dashboard,
              const char *by,
              const char *key)
{
  JsonArray *array = json_object_get_array_member (dashboard, "agreement");

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *a = json_array_get_object_element (array, i);

      if (g_str_equal (json_object_get_string_member (a, "by"), by) &&
          g_str_equal (json_object_get_string_member (a, "key"), key))
        return a;
    }
  g_assert_not_reached ();
}

/* Every figure of the hand-made history, worked out by hand; the same
 * from a version-5 file, whose label summaries migration 6 fills in. */
static void
test_hand_numbers (gconstpointer data)
{
  g_auto(Team) t = { 0 };
  g_auto(LimnTestResponse) r = { 0 };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autofree char *finish = g_date_time_format (tomorrow, "%Y-%m-%d");
  GPtrArray *ids, *labels;
  JsonObject *obj, *a, *row, *forecast, *spot;
  JsonArray *throughput, *array;

  if (GPOINTER_TO_INT (data) && limn_test_postgres_wanted ())
    {
      g_test_skip ("a version-5 SQLite file: SQLite's migration 6 only");
      return;
    }
  hand_start (&t, GPOINTER_TO_INT (data));
  ids = t.history->annotator_ids;
  labels = t.history->label_ids;

  get (&t, "dashboard", "?days=3", t.history->admin_token, &r);
  g_assert_cmpuint (r.status, ==, 200);
  obj = limn_test_response_object (&r);
  if (g_test_verbose ())
    g_printerr ("%s\n", json_to_string (r.json, TRUE));

  /* Throughput: 9 answers and 6 reviews 2 days ago, 8 and 2 yesterday. */
  throughput = json_object_get_array_member (obj, "throughput");
  g_assert_cmpuint (json_array_get_length (throughput), ==, 3);
  {
    static const gint64 submitted[] = { 9, 8, 0 }, reviewed[] = { 6, 2, 0 };

    for (guint d = 0; d < 3; d++)
      {
        JsonObject *day = json_array_get_object_element (throughput, d);

        g_assert_cmpint (json_object_get_int_member (day, "submitted"), ==, submitted[d]);
        g_assert_cmpint (json_object_get_int_member (day, "reviewed"), ==, reviewed[d]);
      }
  }

  /* Remaining: task 4 lacks one of its 3. Rate: (9 + 8) / 2 whole days;
   * resampling {9, 8} gives means 8, 8.5, 9 (¼, ½, ¼): percentiles 8, 9.
   * Finish: today + ⌈1 / rate⌉ = tomorrow, whichever rate. */
  row = json_object_get_object_member (obj, "remaining");
  g_assert_cmpint (json_object_get_int_member (row, "tasks"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (row, "annotations"), ==, 1);
  forecast = json_object_get_object_member (obj, "forecast");
  assert_near (json_object_get_double_member (forecast, "rate_per_day"), 8.5);
  assert_near (json_object_get_double_member (forecast, "rate_low"), 8);
  assert_near (json_object_get_double_member (forecast, "rate_high"), 9);
  g_assert_cmpstr (json_object_get_string_member (forecast, "finish_day"), ==, finish);
  g_assert_cmpstr (json_object_get_string_member (forecast, "low_day"), ==, finish);
  g_assert_cmpstr (json_object_get_string_member (forecast, "high_day"), ==, finish);

  /* The capacity model's inputs (docs/metrics.md §10): the tasks by
   * answers give the remaining answers at the overlap, and the members'
   * daily rates over the same two whole days add up to the team's. */
  {
    JsonArray *by = json_object_get_array_member (row, "by_answers");
    gint64 left = 0;
    double sum = 0;

    for (guint k = 0; k < json_array_get_length (by) && k < 3; k++)
      left += json_array_get_int_element (by, k) * (3 - (gint64)k);
    g_assert_cmpint (left, ==, 1);
    array = json_object_get_array_member (obj, "annotators");
    for (guint m = 0; m < json_array_get_length (array); m++)
      {
        JsonObject *rate = json_object_get_object_member (json_array_get_object_element (array, m), "rate");

        g_assert_nonnull (rate);
        g_assert_cmpint (json_object_get_int_member (rate, "days"), ==, 2);
        g_assert_cmpfloat (json_object_get_double_member (rate, "sd"), >=, 0);
        sum += json_object_get_double_member (rate, "per_day");
      }
    assert_near (sum, 8.5);
  }

  /* A0's first verdicts: accept on 0, 1, 3, send back on 2, correct on 4.
   * Wilson at z = 1.959964, n = 5: (p̂ + z²/2n ± z √(p̂(1−p̂)/n + z²/4n²)) /
   * (1 + z²/n); z²/n = 0.768292, so for p̂ = 3/5
   *   (0.6 + 0.384146 ± 1.959964 √(0.048 + 0.036892)) / 1.768292
   *   = (0.984146 ± 0.571046) / 1.768292 = 0.230724 … 0.882379,
   * and for p̂ = 1/5: (0.2 + 0.384146 ± 1.959964 √(0.032 + 0.036892)) /
   * 1.768292 = 0.036224 … 0.624465. Gold: the one gold answer right. */
  a = member_of (obj, g_ptr_array_index (ids, 0));
  g_assert_cmpint (json_object_get_int_member (a, "submitted"), ==, 6);
  assert_rate (a, "acceptance", 0.6, 0.230724, 0.882379, 5);
  assert_rate (a, "rework", 0.2, 0.036224, 0.624465, 5);
  assert_rate (a, "correction", 0.2, 0.036224, 0.624465, 5);
  assert_rate (a, "gold_accuracy", 1, 0.206549, 1, 1);
  assert_near (json_object_get_double_member (a, "median_active_s"), 30);
  g_assert_true (json_object_get_null_member (a, "skill"));   /* fewer than 10 items */
  g_assert_false (json_object_get_boolean_member (a, "drifting"));
  /* A1: 2 of 2 accepted: z²/n = 1.920729, so (1 + 0.960365 ± 1.959964
   * √(0 + 0.240091)) / 2.920729 = (1.960365 ± 0.960364) / 2.920729 =
   * 0.342380 … 1. One of one (gold): (1 + 1.920729 ± 1.959964 √0.960365)
   * / 4.841459 = 0.206549 … 1; none of one: 0 … 0.793451. */
  a = member_of (obj, g_ptr_array_index (ids, 1));
  g_assert_cmpint (json_object_get_int_member (a, "submitted"), ==, 6);
  assert_rate (a, "acceptance", 1, 0.342380, 1, 2);
  /* A2 named Car on the gold Person box: F1 0, wrong. */
  a = member_of (obj, g_ptr_array_index (ids, 2));
  g_assert_cmpint (json_object_get_int_member (a, "submitted"), ==, 5);
  assert_rate (a, "acceptance", 0, 0, 0.793451, 1);
  assert_rate (a, "gold_accuracy", 0, 0, 0.793451, 1);
  assert_near (json_object_get_double_member (a, "median_active_s"), 50);

  /* Agreement on Person (units: the 6 tasks, each answered at least
   * twice; value 1 when the answer has a Person box):
   *   0: 1 1 1   1: 0 0 0   2: 0 0 0   3: 1 1 1   4: 0 0   5: 1 1 0
   * Coincidences (each unit's ordered pairs / (m − 1)): o11 = 3 + 3 + 1,
   * o00 = 3 + 3 + 2, o01 = o10 = 1 (unit 5); n0 = 9, n1 = 8, n = 17.
   * α = 1 − (n − 1)(o01 + o10) / (2 n0 n1) = 1 − 16 · 2 / 144 = 7/9.
   * Car: 0: 000, 1: 110, 2: 101, 3: 001, 4: 01, 5: 001: o00 = 5,
   * o11 = 2, o01 = o10 = 5, n0 = 10, n1 = 7: α = 1 − 16 · 10 / 140 = −1/7.
   * Bicycle: nobody used it, no variation: no α. */
  row = agreement_of (obj, "label", g_ptr_array_index (labels, 0));
  assert_near (json_object_get_double_member (row, "alpha"), 7.0 / 9);
  g_assert_cmpint (json_object_get_int_member (row, "units"), ==, 6);
  row = agreement_of (obj, "label", g_ptr_array_index (labels, 1));
  assert_near (json_object_get_double_member (row, "alpha"), -1.0 / 7);
  row = agreement_of (obj, "label", g_ptr_array_index (labels, 3));
  g_assert_true (json_object_get_null_member (row, "alpha"));

  /* Hot spot Car/Truck: one answer Car and not Truck, another Truck and
   * not Car on tasks 1, 2 and 4 (3 items) of the 5 where anyone used
   * either (1, 2, 3, 4, 5): 0.6; confidence 0.9. Car is used more (7
   * regions against 3). Person/Car mixes on task 5 only: not shown. */
  array = json_object_get_array_member (obj, "hot_spots");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  spot = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (spot, "label"), ==, g_ptr_array_index (labels, 1));
  g_assert_cmpstr (json_object_get_string_member (spot, "confused_with"), ==,
                   g_ptr_array_index (labels, 2));
  g_assert_cmpint (json_object_get_int_member (spot, "items"), ==, 3);
  assert_near (json_object_get_double_member (spot, "disagreement"), 0.6);
  assert_near (json_object_get_double_member (spot, "mean_confidence"), 0.9);

  /* Team figures: 18 regions, Person 8, Car 7, Truck 3, Bicycle 0;
   * median active time of 6 × 30, 6 × 40, 5 × 50 s: 40; gold 2 of 3
   * ((0.666667 + 0.640243 ± 1.959964 √(0.074074 + 0.106701)) / 2.280486
   * = 0.207660 … 0.938508); first verdicts 5 of 8 accepted (0.305742 …
   * 0.863156). */
  get (&t, "team-figures", NULL, annotator_token (&t, 0), &r);
  g_assert_cmpuint (r.status, ==, 200);
  obj = limn_test_response_object (&r);
  g_assert_cmpint (json_object_get_int_member (obj, "annotators"), ==, 3);
  array = json_object_get_array_member (obj, "labels");
  g_assert_cmpuint (json_array_get_length (array), ==, 4);
  {
    static const gint64 counts[] = { 8, 7, 3, 0 };

    for (guint k = 0; k < 4; k++)
      {
        JsonObject *l = json_array_get_object_element (array, k);

        g_assert_cmpstr (json_object_get_string_member (l, "label"), ==,
                         g_ptr_array_index (labels, k));
        g_assert_cmpint (json_object_get_int_member (l, "count"), ==, counts[k]);
        assert_near (json_object_get_double_member (l, "share"), counts[k] / 18.0);
      }
  }
  assert_near (json_object_get_double_member (obj, "median_active_s"), 40);
  assert_rate (obj, "gold_accuracy", 2.0 / 3, 0.207660, 0.938508, 3);
  assert_rate (obj, "acceptance", 0.625, 0.305742, 0.863156, 8);
}

/* Who may see what, and bad queries. */
static void
test_access (void)
{
  g_auto(Team) t = { 0 };
  g_auto(LimnTestResponse) r = { 0 };
  static const char * const bad[] = { "?days=0", "?days=abc", "?days=100000", "?days=", "?days=-3",
                                       "?days=366" };
  LimnHistorySpec spec;

  small_spec (&spec);
  team_start (&t, &spec);

  get (&t, "dashboard", NULL, annotator_token (&t, 0), &r);
  g_assert_cmpuint (r.status, ==, 403);
  get (&t, "team-figures", NULL, annotator_token (&t, 0), &r);
  g_assert_cmpuint (r.status, ==, 200);
  get (&t, "dashboard", NULL, NULL, &r);
  g_assert_cmpuint (r.status, ==, 401);
  get (&t, "dashboard", NULL, t.history->reviewer_token, &r);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (limn_test_response_object (&r), "days"), ==, 30);
  get (&t, "dashboard", "?days=365", t.history->admin_token, &r);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      limn_test_response_object (&r), "throughput")), ==, 365);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *message = NULL;

      get (&t, "dashboard", bad[i], t.history->reviewer_token, &r);
      g_assert_cmpuint (r.status, ==, 400);
      message = error_message (&r);
      g_assert_cmpstr (message, ==, "“days” must be a whole number from 1 to 365.");
    }

  /* Another project's id is the token's business as everywhere. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/dashboard",
                                             "00000000-0000-4000-8000-000000000000");

    limn_test_response_clear (&r);
    limn_test_request (t.server, "GET", path, t.history->reviewer_token, NULL, &r, NULL);
    g_assert_cmpuint (r.status, ==, 403);
    limn_test_response_clear (&r);
    limn_test_request (t.server, "GET", path, t.history->admin_token, NULL, &r, NULL);
    g_assert_cmpuint (r.status, ==, 404);
  }
}

/* With fewer than 3 annotators the team figures are a person's: only the
 * count is given. */
static void
test_k_anonymity (void)
{
  g_auto(Team) t = { 0 };
  g_auto(LimnTestResponse) r = { 0 };
  JsonObject *obj;
  LimnHistorySpec spec;

  small_spec (&spec);
  spec.n_annotators = 2;
  team_start (&t, &spec);

  get (&t, "team-figures", NULL, annotator_token (&t, 0), &r);
  g_assert_cmpuint (r.status, ==, 200);
  obj = limn_test_response_object (&r);
  g_assert_cmpint (json_object_get_int_member (obj, "annotators"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "labels")), ==, 0);
  g_assert_true (json_object_get_null_member (obj, "median_active_s"));
  g_assert_true (json_object_get_null_member (obj, "p90_active_s"));
  g_assert_true (json_object_get_null_member (obj, "gold_accuracy"));
  g_assert_true (json_object_get_null_member (obj, "acceptance"));
}

static GPtrArray *
annotator_names_of (LimnTestResponse *r)
{
  JsonArray *array = json_object_get_array_member (limn_test_response_object (r), "annotators");
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (names, g_strdup (json_object_get_string_member (
                                        json_array_get_object_element (array, i), "annotator")));
  return names;
}

/* The HMAC of the definition, computed here from the stored secret. */
static char *
expected_pseudonym (Team       *t,
                    const char *project_id,
                    const char *user_id)
{
  g_autofree char *hex = limn_test_db_text (t->server,
                                            limn_test_server_get_database (t->server) != NULL
                                            ? "SELECT encode (value, 'hex') FROM server_meta "
                                              "WHERE key = ?"
                                            : "SELECT hex (value) FROM server_meta WHERE key = ?",
                                            "pseudonym_secret");
  guchar key[32];
  g_autoptr(GHmac) hmac = NULL;

  g_assert_nonnull (hex);
  g_assert_cmpuint (strlen (hex), ==, 64);
  for (guint i = 0; i < 32; i++)
    key[i] = g_ascii_xdigit_value (hex[2 * i]) * 16 + g_ascii_xdigit_value (hex[2 * i + 1]);
  hmac = g_hmac_new (G_CHECKSUM_SHA256, key, sizeof key);
  g_hmac_update (hmac, (const guchar *)project_id, -1);
  g_hmac_update (hmac, (const guchar *)user_id, -1);
  return g_strdup_printf ("a-%.6s", g_hmac_get_string (hmac));
}

/* Reviewers see pseudonyms (the stored secret's HMAC, so stable across
 * requests and restarts and different in another project); admins ids. */
static void
test_pseudonyms (void)
{
  g_auto(Team) t = { 0 };
  g_auto(LimnTestResponse) r = { 0 };
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) again = NULL;
  g_autoptr(GPtrArray) restarted = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  LimnHistorySpec spec;

  small_spec (&spec);
  team_start (&t, &spec);

  get (&t, "dashboard", NULL, t.history->reviewer_token, &r);
  g_assert_true (json_object_get_boolean_member (limn_test_response_object (&r), "pseudonymous"));
  first = annotator_names_of (&r);
  get (&t, "dashboard", NULL, t.history->reviewer_token, &r);
  again = annotator_names_of (&r);
  limn_test_server_stop (t.server);
  limn_test_server_start (t.server, NULL, NULL);
  get (&t, "dashboard", NULL, t.history->reviewer_token, &r);
  restarted = annotator_names_of (&r);
  get (&t, "dashboard", NULL, t.history->admin_token, &r);
  g_assert_false (json_object_get_boolean_member (limn_test_response_object (&r), "pseudonymous"));
  ids = annotator_names_of (&r);

  g_assert_cmpuint (first->len, ==, 5);
  for (guint i = 0; i < first->len; i++)
    {
      const char *user_id = g_ptr_array_index (ids, i);
      g_autofree char *expected = expected_pseudonym (&t, t.history->project_id, user_id);
      g_autofree char *elsewhere = expected_pseudonym (&t, "00000000-0000-4000-8000-000000000000",
                                                       user_id);

      g_assert_true (g_ptr_array_find_with_equal_func (t.history->annotator_ids, user_id,
                                                       g_str_equal, NULL));
      g_assert_true (g_str_has_prefix (g_ptr_array_index (first, i), "a-"));
      g_assert_cmpuint (strlen (g_ptr_array_index (first, i)), ==, 8);
      g_assert_cmpstr (g_ptr_array_index (first, i), ==, expected);
      g_assert_cmpstr (g_ptr_array_index (again, i), ==, expected);
      g_assert_cmpstr (g_ptr_array_index (restarted, i), ==, expected);
      g_assert_cmpstr (elsewhere, !=, expected);
    }
}

/* 5 annotators × 8 a day: 40 answers on each whole day, so the rate is
 * 40 with no spread, and the finish is today + ⌈remaining / 40⌉. */
static void
test_forecast (void)
{
  g_auto(Team) t = { 0 };
  g_auto(LimnTestResponse) r = { 0 };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) finish = NULL;
  g_autofree char *expected = NULL;
  JsonObject *obj, *remaining, *forecast;
  gint64 gold_answers, left;
  LimnHistorySpec spec;

  small_spec (&spec);
  team_start (&t, &spec);

  get (&t, "dashboard", "?days=14", t.history->reviewer_token, &r);
  g_assert_cmpuint (r.status, ==, 200);
  obj = limn_test_response_object (&r);
  remaining = json_object_get_object_member (obj, "remaining");
  forecast = json_object_get_object_member (obj, "forecast");

  /* Which picks were gold is the seeder's draw: counted in the store. */
  gold_answers = limn_test_db_count (t.server, "SELECT count (*) FROM annotations a JOIN tasks k "
                                     "ON k.id = a.task_id WHERE k.is_gold <> 0 AND a.revision = 1 "
                                     "AND a.author IS NULL");
  left = 1000 * 3 - (t.history->annotations - gold_answers);
  g_assert_cmpint (json_object_get_int_member (remaining, "overlap"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (remaining, "annotations"), ==, left);
  g_assert_cmpfloat (json_object_get_double_member (forecast, "rate_per_day"), ==, 40.0);
  g_assert_cmpfloat (json_object_get_double_member (forecast, "rate_low"), ==, 40.0);
  g_assert_cmpfloat (json_object_get_double_member (forecast, "rate_high"), ==, 40.0);
  finish = g_date_time_add_days (now, (left + 39) / 40);
  expected = g_date_time_format (finish, "%Y-%m-%d");
  g_assert_cmpstr (json_object_get_string_member (forecast, "finish_day"), ==, expected);
  g_assert_cmpstr (json_object_get_string_member (forecast, "low_day"), ==, expected);
  g_assert_cmpstr (json_object_get_string_member (forecast, "high_day"), ==, expected);
}

static gboolean
has_alert (JsonArray  *alerts,
           const char *kind,
           const char *subject)
{
  for (guint i = 0; i < json_array_get_length (alerts); i++)
    {
      JsonObject *a = json_array_get_object_element (alerts, i);

      if (g_str_equal (json_object_get_string_member (a, "kind"), kind) &&
          (subject == NULL || g_str_equal (json_object_get_string_member (a, "subject"), subject)))
        return TRUE;
    }
  return FALSE;
}

static JsonArray *
alerts_of (LimnTestResponse *r)
{
  return json_object_get_array_member (limn_test_response_object (r), "alerts");
}

/* A clean history raises no alert. */
static void
test_alerts_clean (void)
{
  g_auto(Team) t = { 0 };
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *status = NULL;
  LimnHistorySpec spec;

  limn_history_spec_init (&spec);
  team_start (&t, &spec);
  get (&t, "dashboard", NULL, t.history->reviewer_token, &r);
  g_assert_cmpuint (r.status, ==, 200);
  if (g_test_verbose ())
    g_printerr ("%s\n", json_to_string (json_array_get_element (alerts_of (&r), 0) ?
                                        json_array_get_element (alerts_of (&r), 0) : r.json, TRUE));
  g_assert_cmpuint (json_array_get_length (alerts_of (&r)), ==, 0);
  status = limn_test_server_admin (t.server, "status", NULL);
  g_assert_null (strstr (status, "alert_id="));
}

/* A drifting annotator, an overused label and a confused one each raise
 * their alert; it reaches the reviewer's and admin's feed, not an
 * annotator's, and `admin status` lists it. */
static void
test_alerts_fire (void)
{
  g_auto(Team) t = { 0 };
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *status = NULL;
  g_autofree char *drifter = NULL;
  JsonArray *changes;
  guint n_alert_changes = 0;
  LimnHistorySpec spec;

  limn_history_spec_init (&spec);
  spec.drift_annotator = 1;
  spec.overuse_annotator = 0;
  spec.hard_label = 3;
  team_start (&t, &spec);

  get (&t, "dashboard", NULL, t.history->reviewer_token, &r);
  g_assert_cmpuint (r.status, ==, 200);
  if (g_test_verbose ())
    g_printerr ("%s\n", json_to_string (json_object_get_member (limn_test_response_object (&r),
                                                                "alerts"), TRUE));
  drifter = expected_pseudonym (&t, t.history->project_id,
                                g_ptr_array_index (t.history->annotator_ids, 1));
  g_assert_true (has_alert (alerts_of (&r), "annotator_drift", drifter));
  g_assert_true (has_alert (alerts_of (&r), "label_overuse", "Truck"));
  g_assert_true (has_alert (alerts_of (&r), "agreement_low", "Bicycle"));
  g_assert_false (has_alert (alerts_of (&r), "gold_drop", NULL));
  {
    g_autofree char *steady = expected_pseudonym (&t, t.history->project_id,
                                                  g_ptr_array_index (t.history->annotator_ids, 0));

    g_assert_false (has_alert (alerts_of (&r), "annotator_drift", steady));
  }

  get (&t, "dashboard", NULL, t.history->reviewer_token, &r);
  g_assert_cmpuint (r.status, ==, 200);
  {
    g_auto(LimnTestResponse) c = { 0 };

    limn_test_request (t.server, "GET", "/api/v1/changes?since=0", t.history->reviewer_token, NULL,
                       &c, NULL);
    g_assert_cmpuint (c.status, ==, 200);
    changes = json_object_get_array_member (limn_test_response_object (&c), "changes");
    for (guint i = 0; i < json_array_get_length (changes); i++)
      {
        JsonObject *change = json_array_get_object_element (changes, i);

        if (g_str_equal (json_object_get_string_member (change, "kind"), "alert"))
          {
            JsonObject *data = json_object_get_object_member (change, "data");

            n_alert_changes++;
            g_assert_true (has_alert (alerts_of (&r), json_object_get_string_member (data, "kind"),
                                      json_object_get_string_member (data, "subject")));
            g_assert_true (json_object_has_member (data, "id"));
            g_assert_true (json_object_has_member (data, "since_us"));
          }
      }
    /* Once per alert, however often it is looked at. */
    g_assert_cmpuint (n_alert_changes, ==, json_array_get_length (alerts_of (&r)));
  }
  for (guint a = 0; a < 5; a++)
    {
      g_auto(LimnTestResponse) c = { 0 };

      limn_test_request (t.server, "GET", "/api/v1/changes?since=0", annotator_token (&t, a), NULL,
                         &c, NULL);
      changes = json_object_get_array_member (limn_test_response_object (&c), "changes");
      for (guint i = 0; i < json_array_get_length (changes); i++)
        g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (changes, i),
                                                        "kind"), !=, "alert");
    }

  status = limn_test_server_admin (t.server, "status", NULL);
  g_assert_nonnull (strstr (status, "kind=annotator_drift"));
  g_assert_nonnull (strstr (status, "kind=label_overuse"));
  g_assert_nonnull (strstr (status, "kind=agreement_low subject=Bicycle"));
}

/* Everyone's gold accuracy falls in the last week. */
static void
test_alerts_gold_drop (void)
{
  g_auto(Team) t = { 0 };
  g_auto(LimnTestResponse) r = { 0 };
  LimnHistorySpec spec;

  limn_history_spec_init (&spec);
  spec.drift_annotator = LIMN_HISTORY_EVERYONE;
  spec.drift_days = 6;
  spec.gold_rate = 0.25;
  spec.n_gold = 400;
  team_start (&t, &spec);

  get (&t, "dashboard", NULL, t.history->reviewer_token, &r);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_true (has_alert (alerts_of (&r), "gold_drop", "team"));
}

static gint64
generated_us (LimnTestResponse *r)
{
  return json_object_get_int_member (limn_test_response_object (r), "generated_us");
}

static gint64
remaining_annotations (LimnTestResponse *r)
{
  return json_object_get_int_member (json_object_get_object_member (limn_test_response_object (r),
                                                                    "remaining"),
                                     "annotations");
}

/* A computed report is kept, for every viewer and window, until the
 * project's change counter moves: a settings change (here) moves it as
 * answers, reviews, tasks and labels do (migration 6's triggers). */
static void
test_kept_until_change (void)
{
  g_auto(Team) t = { 0 };
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *out = NULL;
  gint64 first, left;
  LimnHistorySpec spec;

  small_spec (&spec);
  team_start (&t, &spec);
  g_assert_cmpint (limn_test_db_count (t.server, "SELECT team_version FROM projects"), >, 0);

  get (&t, "dashboard", NULL, t.history->reviewer_token, &r);
  g_assert_cmpuint (r.status, ==, 200);
  first = generated_us (&r);
  left = remaining_annotations (&r);
  get (&t, "dashboard", "?days=7", t.history->admin_token, &r);
  g_assert_cmpint (generated_us (&r), ==, first);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      limn_test_response_object (&r), "throughput")), ==, 7);
  get (&t, "team-figures", NULL, annotator_token (&t, 0), &r);
  g_assert_cmpint (generated_us (&r), ==, first);

  out = limn_test_server_admin (t.server, "project", "set", "--project", t.history->project_id,
                                "--overlap", "4", NULL);
  get (&t, "dashboard", NULL, t.history->reviewer_token, &r);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpint (generated_us (&r), >, first);
  /* 1,000 tasks, each one more annotation to go. */
  g_assert_cmpint (remaining_annotations (&r), ==, left + 1000);
}

/* Cost (run with -m slow; seeding takes ~20 s): 200,000 answers (20
 * annotators × 100 days, 70,400 tasks, overlap 3). Measured on the
 * shared 2-core machine: docs/metrics.md §9, "Cost". A computation is
 * forced by moving the project's change counter (`project set` with the
 * same overlap); the budgets carry a margin for a busy machine. */
static double
timed_get (Team             *t,
           const char       *route,
           const char       *token,
           LimnTestResponse *r)
{
  gint64 start = g_get_monotonic_time ();

  get (t, route, NULL, token, r);
  g_assert_cmpuint (r->status, ==, 200);
  return (g_get_monotonic_time () - start) / 1e3;
}

static void
touch_project (Team *t)
{
  g_autofree char *out = limn_test_server_admin (t->server, "project", "set", "--project",
                                                 t->history->project_id, "--overlap", "3", NULL);
}

static void
test_large (void)
{
  g_auto(Team) t = { 0 };
  g_auto(LimnTestResponse) r = { 0 };
  LimnHistorySpec spec;
  gint64 start;
  double first, cold = 0, repeat = 0, figures_cold = 0, figures_repeat = 0;

  limn_history_spec_init (&spec);
  spec.n_annotators = 20;
  spec.days = 100;
  spec.per_day = 100;
  spec.n_tasks = 70000;
  spec.n_gold = 400;
  spec.gold_rate = 0.02;
  spec.review_rate = 0.3;
  start = g_get_monotonic_time ();
  team_start (&t, &spec);
  g_test_message ("seeded %u answers in %.1f s", t.history->annotations,
                  (g_get_monotonic_time () - start) / 1e6);
  g_assert_cmpuint (t.history->annotations, ==, 200000);

  /* At most the start sweep's computation, which it waits for. */
  first = timed_get (&t, "dashboard", t.history->reviewer_token, &r);
  for (guint i = 0; i < 3; i++)
    {
      double ms;

      touch_project (&t);
      ms = timed_get (&t, "dashboard", t.history->reviewer_token, &r);
      cold = i == 0 ? ms : MIN (cold, ms);
      ms = timed_get (&t, "dashboard", t.history->reviewer_token, &r);
      repeat = MAX (repeat, ms);
      touch_project (&t);
      ms = timed_get (&t, "team-figures", annotator_token (&t, 0), &r);
      figures_cold = i == 0 ? ms : MIN (figures_cold, ms);
      ms = timed_get (&t, "team-figures", annotator_token (&t, 1), &r);
      figures_repeat = MAX (figures_repeat, ms);
    }
  g_test_message ("200,000 answers: first dashboard %.0f ms; dashboard cold %.0f ms (best of 3), "
                  "repeat %.1f ms (worst); team figures cold %.0f ms, repeat %.1f ms", first, cold,
                  repeat, figures_cold, figures_repeat);
  g_assert_cmpfloat (cold, <=, 1500);
  g_assert_cmpfloat (figures_cold, <=, 1500);
  g_assert_cmpfloat (repeat, <=, 100);
  g_assert_cmpfloat (figures_repeat, <=, 100);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dashboard/history-seeded", test_history_seeded);
  g_test_add_func ("/dashboard/routes-shape", test_routes_shape);
  g_test_add_data_func ("/dashboard/hand-numbers", GINT_TO_POINTER (FALSE), test_hand_numbers);
  g_test_add_data_func ("/dashboard/hand-numbers-migrated", GINT_TO_POINTER (TRUE),
                        test_hand_numbers);
  g_test_add_func ("/dashboard/access", test_access);
  g_test_add_func ("/dashboard/k-anonymity", test_k_anonymity);
  g_test_add_func ("/dashboard/pseudonyms", test_pseudonyms);
  g_test_add_func ("/dashboard/forecast", test_forecast);
  g_test_add_func ("/dashboard/alerts-clean", test_alerts_clean);
  g_test_add_func ("/dashboard/alerts-fire", test_alerts_fire);
  g_test_add_func ("/dashboard/alerts-gold-drop", test_alerts_gold_drop);
  g_test_add_func ("/dashboard/kept-until-change", test_kept_until_change);
  if (g_test_slow ())
    g_test_add_func ("/dashboard/large", test_large);

  return g_test_run ();
}
