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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dashboard/history-seeded", test_history_seeded);
  g_test_add_func ("/dashboard/routes-shape", test_routes_shape);

  return g_test_run ();
}
