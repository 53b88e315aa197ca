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
#include <string.h>

#include "limn-server-history.h"
#include "limn-server-pseudonyms.h"
#include "limn-server-test.h"

/* The seeder writes what the spec says, the same each time, and the
 * server serves it: the tokens sign in, the counts are the inventory's. */
static void
test_history_seeded (void)
{
  g_autoptr(LimnTestServer) a = limn_test_server_new ();
  g_autoptr(LimnTestServer) b = limn_test_server_new ();
  g_autofree char *db_a = limn_test_server_get_db_path (a);
  g_autofree char *db_b = limn_test_server_get_db_path (b);
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
  dump_a = limn_test_db_text (a, "SELECT group_concat (id || regions || submitted_us, ';') "
                                 "FROM annotations WHERE ?1 IS NOT NULL", "x");
  dump_b = limn_test_db_text (b, "SELECT group_concat (id || regions || submitted_us, ';') "
                                 "FROM annotations WHERE ?1 IS NOT NULL", "x");
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
  g_autofree char *db = limn_test_server_get_db_path (s);
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
  db = limn_test_server_get_db_path (t->server);
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
  g_autofree char *hex = limn_test_db_text (t->server, "SELECT hex (value) FROM server_meta "
                                            "WHERE key = ?", "pseudonym_secret");
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
                                     "ON k.id = a.task_id WHERE k.is_gold AND a.revision = 1 "
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
  g_assert_false (has_alert (alerts_of (&r), "annotator_drift",
                             expected_pseudonym (&t, t.history->project_id,
                                                 g_ptr_array_index (t.history->annotator_ids, 0))));

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
