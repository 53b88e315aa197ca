/* test-server-guardrails.c
 *
 * A project's guardrails (docs/guardrails.md) on a real limn-server: the
 * admin sets them (and is refused rules naming a label the project lacks),
 * the project route sends them, a `block` finding refuses the answer with
 * code "guardrail_blocked" and stores nothing, a `warn` finding lets it in
 * with its override event, and `admin stats` counts overrides per
 * annotator. Spans are checked against the task's text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "limn-server-test.h"
#include "limn-test-util.h"

#define SESSION "5f0c3f8e-2a1b-4c3d-8e9f-0a1b2c3d4e5f"

static const char image_rules[] =
  "{\"rules\": ["
  " {\"id\": \"shape\", \"rule\": \"box_shape\", \"severity\": \"block\", \"min_area\": 100},"
  " {\"id\": \"dup\", \"rule\": \"duplicate_box\", \"severity\": \"warn\", \"iou\": 0.8},"
  " {\"id\": \"need-car\", \"rule\": \"required_label\", \"severity\": \"warn\", \"label\": \"Car\"}"
  "]}";

typedef struct
{
  LimnTestServer *server;
  char           *project;
  char           *ann[2];
  char           *person;      /* label ids */
  char           *car;
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
set_rules (Fixture    *f,
           const char *project,
           const char *rules)
{
  g_autofree char *path = write_file (f, "rules.json", rules);
  g_autofree char *out = limn_test_server_admin (f->server, "project", "set", "--project", project,
                                                 "--guardrails", path, NULL);

  g_unlink (path);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->server = limn_test_server_new ();
  f->project = limn_test_server_add_image_project (f->server, "Street scenes", 4);
  f->ann[0] = limn_test_server_add_token (f->server, "ann1", f->project, "annotator", NULL);
  f->ann[1] = limn_test_server_add_token (f->server, "ann2", f->project, "annotator", NULL);
  f->person = limn_test_server_label_id (f->server, f->project, 0);
  f->car = limn_test_server_label_id (f->server, f->project, 1);
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

static char *
claim_one (Fixture    *f,
           const char *token,
           const char *project)
{
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/claims", project);
  JsonArray *assignments;
  JsonObject *task;

  limn_test_request (f->server, "POST", path, token, "{\"count\": 1}", &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  assignments = json_object_get_array_member (limn_test_response_object (&r), "assignments");
  g_assert_cmpuint (json_array_get_length (assignments), ==, 1);
  task = json_object_get_object_member (json_array_get_object_element (assignments, 0), "task");
  return g_strdup (json_object_get_string_member (task, "id"));
}

/* Posts @items (the inside of "items": [...]) and returns result @index. */
static JsonObject *
post (Fixture          *f,
      const char       *token,
      const char       *items,
      guint             index,
      LimnTestResponse *r)
{
  static guint key;
  g_autofree char *body = g_strdup_printf ("{\"items\": [%s]}", items);
  g_autofree char *idem = g_strdup_printf ("guardrails-key-%04u", ++key);
  JsonArray *results;

  limn_test_request (f->server, "POST", "/api/v1/batches", token, body, r,
                     "Idempotency-Key", idem, NULL);
  g_assert_cmpuint (r->status, ==, 200);
  results = json_object_get_array_member (limn_test_response_object (r), "results");
  return json_array_get_object_element (results, index);
}

static char *
annotation (const char *id,
            const char *task_id,
            const char *regions)
{
  return g_strdup_printf ("{\"kind\": \"annotation\", \"id\": \"%s\", \"task_id\": \"%s\","
                          " \"revision\": 1, \"regions\": [%s]}", id, task_id, regions);
}

static char *
box (const char *n,
     const char *label,
     int         x,
     int         y,
     int         w,
     int         h)
{
  return g_strdup_printf ("{\"id\": \"0b5d6c1e-1111-4a2b-8c3d-0000000000%s\", \"kind\": \"box\","
                          " \"label\": \"%s\", \"box\": [%d, %d, %d, %d]}", n, label, x, y, w, h);
}

static char *
override_event (const char *id,
                const char *project,
                const char *task_id,
                const char *rules)
{
  return g_strdup_printf ("{\"kind\": \"event\", \"id\": \"%s\", \"session_id\": \"" SESSION "\","
                          " \"project_id\": \"%s\", \"task_id\": \"%s\","
                          " \"type\": \"guardrail_override\", \"wall_us\": 1763856000000000,"
                          " \"mono_us\": 1, \"payload\": {\"rules\": [%s],"
                          " \"reason\": \"two cars parked bumper to bumper\"}}",
                          id, project, task_id, rules);
}

static void
test_admin_sets_rules (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *bad_label = write_file (f, "bad-label.json",
                                           "{\"rules\": [{\"id\": \"t\", \"rule\": \"required_label\","
                                           " \"severity\": \"block\", \"label\": \"Truck\"}]}");
  g_autofree char *bad_rule = write_file (f, "bad-rule.json",
                                          "{\"rules\": [{\"id\": \"t\", \"rule\": \"spelling\","
                                          " \"severity\": \"block\"}]}");
  g_autofree char *err = NULL;
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s", f->project);
  g_auto(LimnTestResponse) r = { 0 };
  g_auto(LimnTestResponse) again = { 0 };
  JsonObject *settings;

  /* Refused, with the reason: a label the project lacks, a rule it does
   * not know. */
  g_assert_cmpint (limn_test_server_admin_run (f->server, NULL, &err, "project", "set",
                                               "--project", f->project, "--guardrails",
                                               bad_label, NULL), !=, 0);
  g_assert_nonnull (strstr (err, "no label named Truck"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (limn_test_server_admin_run (f->server, NULL, &err, "project", "set",
                                               "--project", f->project, "--guardrails",
                                               bad_rule, NULL), !=, 0);
  g_assert_nonnull (strstr (err, "not a rule Limn knows"));

  set_rules (f, f->project, image_rules);
  limn_test_request (f->server, "GET", path, f->ann[0], NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  settings = json_object_get_object_member (limn_test_response_object (&r), "settings");
  g_assert_true (json_object_has_member (settings, "guardrails"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (settings, "guardrails"), "rules")), ==, 3);

  g_free (limn_test_server_admin (f->server, "project", "set", "--project", f->project,
                                  "--guardrails", "none", NULL));
  limn_test_request (f->server, "GET", path, f->ann[0], NULL, &again, NULL);
  settings = json_object_get_object_member (limn_test_response_object (&again), "settings");
  g_assert_false (json_object_has_member (settings, "guardrails"));

  g_unlink (bad_label);
  g_unlink (bad_rule);
}

static void
test_block_rejects (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *task = claim_one (f, f->ann[0], f->project);
  g_autofree char *tiny = box ("01", f->car, 10, 10, 5, 5);
  g_autofree char *item = annotation ("a0000000-0000-4000-8000-000000000001", task, tiny);
  g_autofree char *event = override_event ("a0000000-0000-4000-8000-000000000002", f->project,
                                           task, "\"shape\"");
  g_autofree char *both = g_strdup_printf ("%s, %s", event, item);
  g_autofree char *fine = box ("01", f->car, 10, 10, 20, 20);
  g_autofree char *item2 = annotation ("a0000000-0000-4000-8000-000000000003", task, fine);
  g_auto(LimnTestResponse) r = { 0 };
  g_auto(LimnTestResponse) r2 = { 0 };
  g_auto(LimnTestResponse) r3 = { 0 };
  g_auto(LimnTestResponse) r4 = { 0 };
  JsonObject *result;

  /* Without rules the 5 × 5 box is taken: the rules make the difference. */
  {
    g_autofree char *task2 = claim_one (f, f->ann[1], f->project);
    g_autofree char *item0 = annotation ("a0000000-0000-4000-8000-000000000009", task2, tiny);

    result = post (f, f->ann[1], item0, 0, &r4);
    g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "applied");
  }

  set_rules (f, f->project, image_rules);

  result = post (f, f->ann[0], item, 0, &r);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, "guardrail_blocked");
  g_assert_nonnull (strstr (json_object_get_string_member (result, "reason"), "guardrail shape:"));
  g_assert_nonnull (strstr (json_object_get_string_member (result, "reason"), "“Car” box"));
  g_assert_cmpint (limn_test_server_count (f->server, f->project, "annotations"), ==, 1);

  /* An override does not lift a block; the event itself is kept. */
  result = post (f, f->ann[0], both, 1, &r2);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, "guardrail_blocked");
  g_assert_cmpint (limn_test_server_count (f->server, f->project, "annotations"), ==, 1);

  /* Fixed, it goes in. */
  result = post (f, f->ann[0], item2, 0, &r3);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "applied");
  g_assert_false (json_object_has_member (result, "code"));
  g_assert_cmpint (limn_test_server_count (f->server, f->project, "annotations"), ==, 2);
}

static JsonObject *
overrides_of (JsonNode *stats)
{
  return json_object_get_object_member (json_node_get_object (stats), "guardrail_overrides");
}

static void
test_warn_override_counted (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *task0 = NULL, *task1 = NULL, *b1 = NULL, *b2 = NULL, *regions = NULL;
  g_autofree char *item0 = NULL, *item1 = NULL, *ev0 = NULL, *ev1 = NULL;
  g_autofree char *items0 = NULL, *items1 = NULL, *out = NULL, *pseudo = NULL;
  g_autoptr(JsonNode) stats = NULL;
  g_autoptr(JsonNode) stats_pseudo = NULL;
  g_auto(LimnTestResponse) r = { 0 };
  g_auto(LimnTestResponse) r2 = { 0 };
  JsonObject *result, *o;
  JsonArray *annotators;

  set_rules (f, f->project, image_rules);
  task0 = claim_one (f, f->ann[0], f->project);
  task1 = claim_one (f, f->ann[1], f->project);

  /* Two Person boxes at IoU 0.9, no Car: two warnings, no block. */
  b1 = box ("01", f->person, 10, 10, 50, 50);
  b2 = box ("02", f->person, 10, 15, 50, 45);
  regions = g_strdup_printf ("%s, %s", b1, b2);
  item0 = annotation ("b0000000-0000-4000-8000-000000000001", task0, regions);
  ev0 = override_event ("b0000000-0000-4000-8000-000000000002", f->project, task0,
                        "\"dup\", \"need-car\"");
  items0 = g_strdup_printf ("%s, %s", ev0, item0);
  result = post (f, f->ann[0], items0, 1, &r);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "applied");

  item1 = annotation ("b0000000-0000-4000-8000-000000000003", task1, regions);
  ev1 = override_event ("b0000000-0000-4000-8000-000000000004", f->project, task1, "\"dup\"");
  items1 = g_strdup_printf ("%s, %s", ev1, item1);
  result = post (f, f->ann[1], items1, 1, &r2);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "applied");
  g_assert_cmpint (limn_test_server_count (f->server, f->project, "events.type.guardrail_override"),
                   ==, 2);

  out = limn_test_server_admin (f->server, "stats", "--project", f->project, "--names", NULL);
  stats = json_from_string (out, NULL);
  g_assert_nonnull (stats);
  o = overrides_of (stats);
  g_assert_cmpint (json_object_get_int_member (o, "total"), ==, 2);
  annotators = json_object_get_array_member (o, "annotators");
  g_assert_cmpuint (json_array_get_length (annotators), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (annotators, i),
                                                 "overrides"), ==, 1);

  /* Without --names, the same counts under pseudonyms. */
  pseudo = limn_test_server_admin (f->server, "stats", "--project", f->project, NULL);
  stats_pseudo = json_from_string (pseudo, NULL);
  o = overrides_of (stats_pseudo);
  g_assert_cmpint (json_object_get_int_member (o, "total"), ==, 2);
  g_assert_null (strstr (pseudo, "ann1"));
}

static void
test_spans (Fixture       *f,
            gconstpointer  data)
{
  const char * const texts[] = { "Élodie visited Zürich", NULL };
  g_autofree char *project = limn_test_server_add_text_project (f->server, "Trips", texts);
  g_autofree char *token = limn_test_server_add_token (f->server, "ann3", project, "annotator",
                                                       NULL);
  g_autofree char *car = limn_test_server_label_id (f->server, project, 1);
  g_autofree char *task = NULL, *cut = NULL, *whole = NULL;
  g_auto(LimnTestResponse) r = { 0 };
  g_auto(LimnTestResponse) r2 = { 0 };
  JsonObject *result;

  set_rules (f, project,
             "{\"rules\": [{\"id\": \"words\", \"rule\": \"span_words\", \"severity\": \"block\"}]}");
  task = claim_one (f, token, project);

  cut = g_strdup_printf ("{\"kind\": \"annotation\", \"id\": \"c0000000-0000-4000-8000-000000000001\","
                         " \"task_id\": \"%s\", \"revision\": 1, \"regions\": [{\"id\":"
                         " \"0b5d6c1e-1111-4a2b-8c3d-000000000101\", \"kind\": \"span\","
                         " \"label\": \"%s\", \"start\": 16, \"end\": 21, \"text\": \"ürich\"}]}",
                         task, car);
  result = post (f, token, cut, 0, &r);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "rejected");
  g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, "guardrail_blocked");
  g_assert_nonnull (strstr (json_object_get_string_member (result, "reason"), "cuts a word"));

  whole = g_strdup_printf ("{\"kind\": \"annotation\", \"id\": \"c0000000-0000-4000-8000-000000000002\","
                           " \"task_id\": \"%s\", \"revision\": 1, \"regions\": [{\"id\":"
                           " \"0b5d6c1e-1111-4a2b-8c3d-000000000101\", \"kind\": \"span\","
                           " \"label\": \"%s\", \"start\": 15, \"end\": 21, \"text\": \"Zürich\"}]}",
                           task, car);
  result = post (f, token, whole, 0, &r2);
  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "applied");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server-guardrails/admin-sets-rules", Fixture, NULL, setup,
              test_admin_sets_rules, teardown);
  g_test_add ("/server-guardrails/block-rejects", Fixture, NULL, setup,
              test_block_rejects, teardown);
  g_test_add ("/server-guardrails/warn-override-counted", Fixture, NULL, setup,
              test_warn_override_counted, teardown);
  g_test_add ("/server-guardrails/spans", Fixture, NULL, setup, test_spans, teardown);

  return g_test_run ();
}
