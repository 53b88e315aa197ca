/* test-server-api.c
 *
 * The HTTP contract of docs/api.md against a real limn-server: health, me,
 * projects, claims (overlap, no repeats, leases that expire), gold mixed in
 * without a trace, media with ETag and ranges, batches (applied, duplicate,
 * byte-identical replay, 422), conflicts, the changes feed, and gold
 * revealed only after a submit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "limn-server-test.h"
#include "limn-test-util.h"

/* Where @needle occurs in a response body (which may be empty), or NULL. */
static const char *
body_find (GBytes     *body,
           const char *needle)
{
  gsize len = 0;
  const char *data = body ? g_bytes_get_data (body, &len) : NULL;

  return data != NULL ? g_strstr_len (data, len, needle) : NULL;
}

typedef struct
{
  LimnTestServer *server;
  char           *project;     /* image project, 6 tasks */
  char           *ann[3];
  char           *reviewer;
  char           *admin;       /* server-wide */
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  const char * const extra[] = { "--sweep-interval", "1", NULL };

  f->server = limn_test_server_new ();
  f->project = limn_test_server_add_image_project (f->server, "Street scenes", 6);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("ann%u", i + 1);

      f->ann[i] = limn_test_server_add_token (f->server, name, f->project, "annotator", NULL);
    }
  f->reviewer = limn_test_server_add_token (f->server, "rita", f->project, "reviewer", NULL);
  f->admin = limn_test_server_add_token (f->server, "boss", NULL, "admin", NULL);

  limn_test_server_start (f->server, extra, NULL);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_pointer (&f->server, limn_test_server_free);
  g_free (f->project);
  for (guint i = 0; i < 3; i++)
    g_free (f->ann[i]);
  g_free (f->reviewer);
  g_free (f->admin);
}

static char *
project_path (const char *project,
              const char *tail)
{
  return g_strdup_printf ("/api/v1/projects/%s%s", project, tail ? tail : "");
}

/* Claims @count tasks; returns the "assignments" array (a new reference). */
static JsonArray *
claim (Fixture    *f,
       const char *token,
       const char *project,
       guint       count)
{
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *path = project_path (project, "/claims");
  g_autofree char *body = g_strdup_printf ("{\"count\": %u}", count);

  limn_test_request (f->server, "POST", path, token, body, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);

  return json_array_ref (json_object_get_array_member (limn_test_response_object (&r),
                                                       "assignments"));
}

static const char *
assignment_task_id (JsonArray *assignments,
                    guint      i)
{
  JsonObject *a = json_array_get_object_element (assignments, i);

  return json_object_get_string_member (json_object_get_object_member (a, "task"), "id");
}

static JsonObject *
get_changes (Fixture          *f,
             const char       *token,
             const char       *since,
             guint             limit,
             LimnTestResponse *r)
{
  g_autofree char *path = limit > 0
    ? g_strdup_printf ("/api/v1/changes?since=%s&limit=%u", since, limit)
    : g_strdup_printf ("/api/v1/changes?since=%s", since);

  limn_test_request (f->server, "GET", path, token, NULL, r, NULL);
  g_assert_cmpuint (r->status, ==, 200);
  return limn_test_response_object (r);
}

static guint
count_changes (JsonObject *changes,
               const char *kind,
               const char *task_id)
{
  JsonArray *array = json_object_get_array_member (changes, "changes");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *c = json_array_get_object_element (array, i);
      JsonObject *data = json_object_get_object_member (c, "data");

      if (g_str_equal (json_object_get_string_member (c, "kind"), kind) &&
          (task_id == NULL ||
           g_strcmp0 (json_object_get_string_member (data, "task_id"), task_id) == 0))
        n++;
    }

  return n;
}

static void
test_health (Fixture       *f,
             gconstpointer  data)
{
  g_auto(LimnTestResponse) r = { 0 };
  JsonObject *obj;

  limn_test_request (f->server, "GET", "/api/v1/health", NULL, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  obj = limn_test_response_object (&r);
  g_assert_cmpstr (json_object_get_string_member (obj, "status"), ==, "ok");
  g_assert_cmpint (json_object_get_int_member (obj, "api"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (obj, "version"), ==, PACKAGE_VERSION);

  limn_test_request (f->server, "GET", "/api/v1/nothing-here", f->ann[0], NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 404);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (limn_test_response_object (&r), "error"),
                     "code"), ==, "not_found");

  limn_test_request (f->server, "DELETE", "/api/v1/me", f->ann[0], NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 405);
}

static void
test_me (Fixture       *f,
         gconstpointer  data)
{
  g_auto(LimnTestResponse) r = { 0 };
  JsonObject *obj;

  limn_test_request (f->server, "GET", "/api/v1/me", f->ann[0], NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  obj = limn_test_response_object (&r);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj, "user"),
                                                  "name"), ==, "ann1");
  g_assert_cmpstr (json_object_get_string_member (obj, "role"), ==, "annotator");
  g_assert_cmpstr (json_object_get_string_member (obj, "project_id"), ==, f->project);

  limn_test_request (f->server, "GET", "/api/v1/me", f->admin, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  obj = limn_test_response_object (&r);
  g_assert_cmpstr (json_object_get_string_member (obj, "role"), ==, "admin");
  g_assert_true (json_object_get_null_member (obj, "project_id"));
}

static void
test_projects (Fixture       *f,
               gconstpointer  data)
{
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *other = limn_test_server_add_image_project (f->server, "Other", 1);
  g_autofree char *path = project_path (f->project, NULL);
  JsonObject *obj, *settings;
  JsonArray *labels;

  limn_test_request (f->server, "GET", "/api/v1/projects", f->ann[0], NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      limn_test_response_object (&r), "projects")), ==, 1);

  limn_test_request (f->server, "GET", "/api/v1/projects", f->admin, NULL, &r, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      limn_test_response_object (&r), "projects")), ==, 2);

  limn_test_request (f->server, "GET", path, f->reviewer, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  obj = limn_test_response_object (&r);
  g_assert_cmpstr (json_object_get_string_member (obj, "name"), ==, "Street scenes");
  g_assert_cmpstr (json_object_get_string_member (obj, "kind"), ==, "image");
  labels = json_object_get_array_member (obj, "labels");
  g_assert_cmpuint (json_array_get_length (labels), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (labels, 0),
                                                  "name"), ==, "Person");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (labels, 0),
                                                  "hotkey"), ==, "1");
  settings = json_object_get_object_member (obj, "settings");
  g_assert_cmpint (json_object_get_int_member (settings, "overlap"), ==, 1);
  g_assert_cmpfloat (json_object_get_double_member (settings, "gold_rate"), ==, 0);
  g_assert_cmpfloat (json_object_get_double_member (settings, "audit_rate"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (settings, "confidence_steps"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (settings, "lease_seconds"), ==, 86400);
}

static void
test_claims_overlap (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GHashTable) per_task = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *arrays[3] = { NULL, NULL, NULL };
  g_autoptr(JsonArray) again = NULL;
  g_autoptr(JsonArray) two = NULL;
  g_autoptr(JsonArray) three = NULL;
  g_autofree char *out = NULL;
  guint total = 0;

  out = limn_test_server_admin (f->server, "project", "set", "--project", f->project,
                                "--overlap", "2", NULL);

  /* Held leases first, topped up to N. */
  two = claim (f, f->ann[0], f->project, 2);
  g_assert_cmpuint (json_array_get_length (two), ==, 2);
  three = claim (f, f->ann[0], f->project, 3);
  g_assert_cmpuint (json_array_get_length (three), ==, 3);
  g_assert_cmpstr (assignment_task_id (three, 0), ==, assignment_task_id (two, 0));
  g_assert_cmpstr (assignment_task_id (three, 1), ==, assignment_task_id (two, 1));

  for (guint a = 0; a < 3; a++)
    {
      g_autoptr(GHashTable) mine = g_hash_table_new (g_str_hash, g_str_equal);

      arrays[a] = claim (f, f->ann[a], f->project, 10);
      for (guint i = 0; i < json_array_get_length (arrays[a]); i++)
        {
          const char *task = assignment_task_id (arrays[a], i);

          /* Never the same task twice to one annotator. */
          g_assert_false (g_hash_table_contains (mine, task));
          g_hash_table_add (mine, (gpointer)task);
          g_hash_table_insert (per_task, (gpointer)task,
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (per_task, task)) + 1));
          total++;
        }
    }

  /* 6 tasks × overlap 2 = 12 leases, each task to at most 2 annotators. */
  g_assert_cmpuint (total, ==, 12);
  g_assert_cmpuint (g_hash_table_size (per_task), ==, 6);
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, per_task);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      g_assert_cmpuint (GPOINTER_TO_UINT (value), <=, 2);
  }

  /* Claiming again returns the same leases, nothing new. */
  again = claim (f, f->ann[2], f->project, 10);
  g_assert_cmpuint (json_array_get_length (again), ==, json_array_get_length (arrays[2]));
  for (guint a = 0; a < 3; a++)
    json_array_unref (arrays[a]);

  /* A claim is a write: the audit log has it, with the token. */
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "audit.claim.by_token"), ==, 6);

  /* Bad counts. */
  {
    g_auto(LimnTestResponse) r = { 0 };
    g_autofree char *path = project_path (f->project, "/claims");

    limn_test_request (f->server, "POST", path, f->ann[0], "{\"count\": 0}", &r, NULL);
    g_assert_cmpuint (r.status, ==, 400);
    limn_test_request (f->server, "POST", path, f->ann[0], "{\"count\": 201}", &r, NULL);
    g_assert_cmpuint (r.status, ==, 400);
    limn_test_request (f->server, "POST", path, f->ann[0], "{\"count\": \"5\"}", &r, NULL);
    g_assert_cmpuint (r.status, ==, 400);
  }
}

static void
test_lease_expiry (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *project = limn_test_server_add_image_project (f->server, "Leases", 1);
  g_autofree char *t1 = limn_test_server_add_token (f->server, "ann1", project, "annotator", NULL);
  g_autofree char *t2 = limn_test_server_add_token (f->server, "ann2", project, "annotator", NULL);
  g_autofree char *out = limn_test_server_admin (f->server, "project", "set", "--project", project,
                                                 "--lease-seconds", "1", NULL);
  g_autoptr(JsonArray) first = claim (f, t1, project, 1);
  g_autoptr(JsonArray) none = NULL;
  g_autoptr(JsonArray) second = NULL;
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *task = NULL;
  JsonObject *changes;

  g_assert_cmpuint (json_array_get_length (first), ==, 1);
  task = g_strdup (assignment_task_id (first, 0));

  /* While the lease runs, nobody else gets the task (overlap 1). */
  none = claim (f, t2, project, 1);
  g_assert_cmpuint (json_array_get_length (none), ==, 0);
  g_clear_pointer (&none, json_array_unref);

  g_usleep (1500 * G_TIME_SPAN_MILLISECOND);

  /* Expired: ann1 never gets it again; it is back in the pool for ann2. */
  none = claim (f, t1, project, 1);
  g_assert_cmpuint (json_array_get_length (none), ==, 0);
  second = claim (f, t2, project, 1);
  g_assert_cmpuint (json_array_get_length (second), ==, 1);
  g_assert_cmpstr (assignment_task_id (second, 0), ==, task);

  changes = get_changes (f, t1, "0", 0, &r);
  g_assert_cmpuint (count_changes (changes, "assignment", task), ==, 1);
  g_assert_cmpuint (count_changes (changes, "assignment_expired", task), ==, 1);
}

static void
test_lease_sweep (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *project = limn_test_server_add_image_project (f->server, "Sweep", 1);
  g_autofree char *t1 = limn_test_server_add_token (f->server, "ann1", project, "annotator", NULL);
  g_autofree char *out = limn_test_server_admin (f->server, "project", "set", "--project", project,
                                                 "--lease-seconds", "1", NULL);
  g_autoptr(JsonArray) first = claim (f, t1, project, 1);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint expired = 0;

  /* Nobody claims: the periodic sweep (every second here) expires it. */
  while (expired == 0 && g_get_monotonic_time () < deadline)
    {
      g_auto(LimnTestResponse) r = { 0 };

      g_usleep (300 * G_TIME_SPAN_MILLISECOND);
      expired = count_changes (get_changes (f, t1, "0", 0, &r), "assignment_expired",
                               assignment_task_id (first, 0));
    }

  g_assert_cmpuint (expired, ==, 1);
}

static JsonObject *
task_of (JsonArray *assignments,
         guint      i)
{
  return json_object_get_object_member (json_array_get_object_element (assignments, i), "task");
}

/* The member names of @node, recursively, in order: two tasks with the
 * same shape give the same string. */
static void
append_shape (GString  *out,
              JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));

      g_string_append_c (out, '{');
      for (GList *l = members; l != NULL; l = l->next)
        {
          g_string_append_printf (out, "%s:", (const char *)l->data);
          append_shape (out, json_object_get_member (json_node_get_object (node), l->data));
          g_string_append_c (out, ',');
        }
      g_string_append_c (out, '}');
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    g_string_append (out, "[]");
  else
    g_string_append (out, g_type_name (json_node_get_value_type (node)));
}

static char *
shape_of (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  GString *out = g_string_new (NULL);

  append_shape (out, node);
  return g_string_free (out, FALSE);
}

/* Makes the last @n_gold tasks of a fresh 4-task project gold. */
static char *
gold_project (Fixture    *f,
              guint       n_gold,
              GPtrArray  *gold_ids,
              const char *answer_region_id)
{
  g_autofree char *project = limn_test_server_add_image_project (f->server, "Gold", 4);
  g_autofree char *answer = NULL;
  g_autofree char *label = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  label = limn_test_server_label_id (f->server, project, 0);
  answer = g_strdup_printf ("{\"regions\": [{\"id\": \"%s\", \"kind\": \"box\", \"label\": \"%s\", "
                            "\"box\": [1, 2, 30, 40]}]}", answer_region_id, label);
  path = g_strdup_printf ("%s.answer.json", limn_test_server_get_data_dir (f->server));
  g_file_set_contents (path, answer, -1, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n_gold; i++)
    {
      GPtrArray *ids = limn_test_server_get_task_ids (f->server, project);
      g_autofree char *task = g_strdup (g_ptr_array_index (ids, ids->len - 1 - i));
      g_autofree char *out = limn_test_server_admin (f->server, "gold", "set", "--project", project,
                                                     "--task", task, "--answer", path, NULL);

      g_ptr_array_add (gold_ids, g_steal_pointer (&task));
    }

  g_unlink (path);
  return g_steal_pointer (&project);
}

static void
test_gold_rates (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) gold = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *project = gold_project (f, 2, gold, "7c9e6679-7425-40de-944b-e07fc1f90ae7");
  g_autofree char *t1 = limn_test_server_add_token (f->server, "g1", project, "annotator", NULL);
  g_autofree char *t2 = limn_test_server_add_token (f->server, "g2", project, "annotator", NULL);
  g_autofree char *out = NULL;
  g_autoptr(JsonArray) with_gold = NULL;
  g_autoptr(JsonArray) without = NULL;
  g_autofree char *shape_gold = NULL;
  g_autofree char *shape_plain = NULL;

  /* Rate 1: the first two claimed are the gold ones. */
  out = limn_test_server_admin (f->server, "project", "set", "--project", project,
                                "--gold-rate", "1", "--overlap", "2", NULL);
  with_gold = claim (f, t1, project, 2);
  g_assert_cmpuint (json_array_get_length (with_gold), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_true (g_ptr_array_find_with_equal_func (gold, assignment_task_id (with_gold, i),
                                                     g_str_equal, NULL));

  /* Rate 0: never gold, however many are asked for. */
  g_free (out);
  out = limn_test_server_admin (f->server, "project", "set", "--project", project,
                                "--gold-rate", "0", NULL);
  without = claim (f, t2, project, 4);
  g_assert_cmpuint (json_array_get_length (without), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_false (g_ptr_array_find_with_equal_func (gold, assignment_task_id (without, i),
                                                      g_str_equal, NULL));

  /* A gold task looks exactly like any other. */
  shape_gold = shape_of (task_of (with_gold, 0));
  shape_plain = shape_of (task_of (without, 0));
  g_assert_cmpstr (shape_gold, ==, shape_plain);
  g_assert_null (strstr (shape_gold, "gold"));
}

/* The positions of a claim, in the order it lists them. */
static GArray *
positions_of (JsonArray *assignments)
{
  GArray *positions = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < json_array_get_length (assignments); i++)
    {
      gint64 p = json_object_get_int_member (task_of (assignments, i), "position");

      g_array_append_val (positions, p);
    }
  return positions;
}

/* Nothing a client sees tells a gold task apart: not its position (the
 * annotator's own count, not the task's place in the pool, which gold
 * breaks), not its place in the claim, not who else got it (overlap holds
 * for gold too, so two annotators never share a task that overlap 1 would
 * not give to both). */
static void
test_gold_indistinguishable (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GPtrArray) gold = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *project = gold_project (f, 1, gold, "7c9e6679-7425-40de-944b-e07fc1f90ae8");
  g_autofree char *t1 = limn_test_server_add_token (f->server, "ia", project, "annotator", NULL);
  g_autofree char *t2 = limn_test_server_add_token (f->server, "ib", project, "annotator", NULL);
  g_autofree char *out = NULL;
  g_autoptr(JsonArray) first = NULL;
  g_autoptr(JsonArray) topped = NULL;
  g_autoptr(JsonArray) other = NULL;
  g_autoptr(GArray) positions = NULL;

  /* Rate 1: gold (the pool's last task) comes first. */
  out = limn_test_server_admin (f->server, "project", "set", "--project", project,
                                "--gold-rate", "1", NULL);
  first = claim (f, t1, project, 1);
  g_assert_cmpstr (assignment_task_id (first, 0), ==, g_ptr_array_index (gold, 0));

  /* Topped up later: the annotator's own count goes on 0, 1, 2, 3 in the
   * order of the claim, whatever the pool's order. */
  topped = claim (f, t1, project, 4);
  g_assert_cmpuint (json_array_get_length (topped), ==, 4);
  positions = positions_of (topped);
  for (guint i = 0; i < positions->len; i++)
    g_assert_cmpint (g_array_index (positions, gint64, i), ==, i);

  /* Overlap 1: the other annotator gets none of those, gold included. */
  other = claim (f, t2, project, 4);
  g_assert_cmpuint (json_array_get_length (other), ==, 0);
}

static void
test_media (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(JsonArray) mine = claim (f, f->ann[0], f->project, 1);
  JsonObject *media = json_object_get_object_member (task_of (mine, 0), "media");
  const char *sha = json_object_get_string_member (media, "sha256");
  g_autofree char *path = g_strdup_printf ("/api/v1/media/%s", sha);
  g_autofree char *etag = g_strdup_printf ("\"%s\"", sha);
  g_autofree char *content_range = NULL;
  g_autofree char *body_sha = NULL;
  g_auto(LimnTestResponse) r = { 0 };
  gsize size;

  limn_test_request (f->server, "GET", path, f->ann[0], NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  size = g_bytes_get_size (r.body);
  g_assert_cmpint (size, ==, json_object_get_int_member (media, "size"));
  body_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, r.body);
  g_assert_cmpstr (body_sha, ==, sha);
  g_assert_cmpstr (soup_message_headers_get_one (r.headers, "ETag"), ==, etag);
  g_assert_cmpstr (soup_message_headers_get_content_type (r.headers, NULL), ==, "image/png");
  g_assert_cmpstr (soup_message_headers_get_one (r.headers, "Accept-Ranges"), ==, "bytes");
  g_assert_nonnull (strstr (soup_message_headers_get_one (r.headers, "Cache-Control"), "immutable"));

  limn_test_request (f->server, "GET", path, f->ann[0], NULL, &r, "If-None-Match", etag, NULL);
  g_assert_cmpuint (r.status, ==, 304);
  g_assert_cmpuint (g_bytes_get_size (r.body), ==, 0);

  limn_test_request (f->server, "GET", path, f->ann[0], NULL, &r, "Range", "bytes=0-9", NULL);
  g_assert_cmpuint (r.status, ==, 206);
  g_assert_cmpuint (g_bytes_get_size (r.body), ==, 10);
  content_range = g_strdup_printf ("bytes 0-9/%" G_GSIZE_FORMAT, size);
  g_assert_cmpstr (soup_message_headers_get_one (r.headers, "Content-Range"), ==, content_range);

  limn_test_request (f->server, "GET", path, f->ann[0], NULL, &r, "Range", "bytes=-4", NULL);
  g_assert_cmpuint (r.status, ==, 206);
  g_assert_cmpuint (g_bytes_get_size (r.body), ==, 4);

  limn_test_request (f->server, "GET", path, f->ann[0], NULL, &r, "Range", "bytes=999999-", NULL);
  g_assert_cmpuint (r.status, ==, 416);

  /* Unknown, and not assigned to the caller: both 404. */
  limn_test_request (f->server, "GET", "/api/v1/media/"
                     "0000000000000000000000000000000000000000000000000000000000000000",
                     f->ann[0], NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 404);
  limn_test_request (f->server, "GET", path, f->ann[1], NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 404);

  /* Reviewers see every image of their project. */
  limn_test_request (f->server, "GET", path, f->reviewer, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
}

static char *
label_id (Fixture    *f,
          const char *project,
          guint       position)
{
  return limn_test_server_label_id (f->server, project, position);
}

static char *
batch_body (const char *task_id,
            const char *label,
            const char *event_id,
            const char *annotation_id,
            const char *flag_id,
            const char *project)
{
  return g_strdup_printf (
    "{\"items\": ["
    " {\"kind\": \"event\", \"id\": \"%s\", \"session_id\": \"5f0c3f8e-2a1b-4c3d-8e9f-0a1b2c3d4e5f\","
    "  \"project_id\": \"%s\", \"task_id\": \"%s\", \"type\": \"region_created\","
    "  \"wall_us\": 1763856000000000, \"mono_us\": 123456, \"payload\": {\"n\": 1}},"
    " {\"kind\": \"annotation\", \"id\": \"%s\", \"task_id\": \"%s\", \"revision\": 1,"
    "  \"parent_id\": null, \"guideline_version\": 1, \"confidence\": 0.8, \"active_ms\": 41000,"
    "  \"wall_ms\": 65000, \"created_us\": 1763856000000000, \"submitted_us\": 1763856065000000,"
    "  \"regions\": [{\"id\": \"0b5d6c1e-1111-4a2b-8c3d-000000000001\", \"kind\": \"box\","
    "               \"label\": \"%s\", \"box\": [10, 20, 30, 40], \"confidence\": 0.6}],"
    "  \"rejected_suggestions\": []},"
    " {\"kind\": \"flag\", \"id\": \"%s\", \"task_id\": \"%s\", \"region_id\": null,"
    "  \"category\": \"guideline-gap\", \"body\": \"Is a cyclist a person?\","
    "  \"created_us\": 1763856001000000}"
    "]}",
    event_id, project, task_id, annotation_id, task_id, label, flag_id, task_id);
}

static void
assert_statuses (LimnTestResponse *r,
                 const char       *s0,
                 const char       *s1,
                 const char       *s2)
{
  JsonArray *results;
  const char *want[3] = { s0, s1, s2 };

  g_assert_cmpuint (r->status, ==, 200);
  results = json_object_get_array_member (limn_test_response_object (r), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, i),
                                                    "status"), ==, want[i]);
}

static void
test_batches (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JsonArray) mine = claim (f, f->ann[0], f->project, 1);
  g_autofree char *label = label_id (f, f->project, 0);
  g_autofree char *body = batch_body (assignment_task_id (mine, 0), label,
                                      "a0000000-0000-4000-8000-000000000001",
                                      "a0000000-0000-4000-8000-000000000002",
                                      "a0000000-0000-4000-8000-000000000003", f->project);
  g_autofree char *other_body = NULL;
  g_auto(LimnTestResponse) r = { 0 };
  g_auto(LimnTestResponse) replay = { 0 };

  limn_test_request (f->server, "POST", "/api/v1/batches", f->ann[0], body, &r,
                     "Idempotency-Key", "key-0001-abcdef", NULL);
  assert_statuses (&r, "applied", "applied", "applied");

  /* Same key, same body: the stored answer, byte for byte, nothing applied again. */
  limn_test_request (f->server, "POST", "/api/v1/batches", f->ann[0], body, &replay,
                     "Idempotency-Key", "key-0001-abcdef", NULL);
  g_assert_cmpuint (replay.status, ==, 200);
  g_assert_true (g_bytes_equal (r.body, replay.body));
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "events"), ==, 1);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "annotations"), ==, 1);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "flags"), ==, 1);

  /* A new key with the same items: each is a duplicate. */
  limn_test_request (f->server, "POST", "/api/v1/batches", f->ann[0], body, &r,
                     "Idempotency-Key", "key-0002-abcdef", NULL);
  assert_statuses (&r, "duplicate", "duplicate", "duplicate");

  /* The same ids from someone else: refused, not "duplicate". */
  {
    g_autoptr(JsonArray) theirs = claim (f, f->ann[1], f->project, 1);
    g_autofree char *their_body = batch_body (assignment_task_id (theirs, 0), label,
                                              "a0000000-0000-4000-8000-000000000001",
                                              "a0000000-0000-4000-8000-000000000002",
                                              "a0000000-0000-4000-8000-000000000003", f->project);

    limn_test_request (f->server, "POST", "/api/v1/batches", f->ann[1], their_body, &r,
                       "Idempotency-Key", "key-0001-abcdef", NULL);
    assert_statuses (&r, "rejected", "rejected", "rejected");
  }

  /* Same key, another body: 422, nothing stored. */
  other_body = g_strconcat (body, " ", NULL);
  limn_test_request (f->server, "POST", "/api/v1/batches", f->ann[0], other_body, &r,
                     "Idempotency-Key", "key-0001-abcdef", NULL);
  g_assert_cmpuint (r.status, ==, 422);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (limn_test_response_object (&r), "error"),
                     "code"), ==, "unprocessable");

  /* No key: 400. */
  limn_test_request (f->server, "POST", "/api/v1/batches", f->ann[0], body, &r, NULL);
  g_assert_cmpuint (r.status, ==, 400);

  /* The submit moved the assignment on; the audit log has the three applied batches. */
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "assignments.submitted"), ==, 1);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "audit.batch.by_token"), ==, 3);

  /* The stored region is the checked one. No route or admin command shows
   * an annotation as stored, so only the database file can tell. */
  {
    g_autofree char *regions = limn_test_db_text (f->server, "SELECT regions FROM annotations "
                                                  "WHERE id = ?",
                                                  "a0000000-0000-4000-8000-000000000002");

    g_assert_nonnull (strstr (regions, "\"box\":[10.0,20.0,30.0,40.0]"));
  }
}

static char *
one_annotation (const char *id,
                const char *task_id,
                const char *label,
                int         revision)
{
  return g_strdup_printf ("{\"items\": [{\"kind\": \"annotation\", \"id\": \"%s\", "
                          "\"task_id\": \"%s\", \"revision\": %d, \"regions\": "
                          "[{\"id\": \"0b5d6c1e-1111-4a2b-8c3d-00000000000%d\", \"kind\": \"box\", "
                          "\"label\": \"%s\", \"box\": [1, 1, 5, 5]}]}]}",
                          id, task_id, revision, revision, label);
}

static const char *
first_status (LimnTestResponse *r,
              const char      **reason)
{
  JsonObject *result;

  g_assert_cmpuint (r->status, ==, 200);
  result = json_array_get_object_element (json_object_get_array_member (
                                            limn_test_response_object (r), "results"), 0);
  if (reason != NULL)
    *reason = json_object_has_member (result, "reason")
              ? json_object_get_string_member (result, "reason") : NULL;
  return json_object_get_string_member (result, "status");
}

static void
test_conflicts (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *project = limn_test_server_add_image_project (f->server, "Conflicts", 2);
  g_autofree char *t1 = limn_test_server_add_token (f->server, "ann1", project, "annotator", NULL);
  g_autofree char *t2 = limn_test_server_add_token (f->server, "ann2", project, "annotator", NULL);
  g_autofree char *out = limn_test_server_admin (f->server, "project", "set", "--project", project,
                                                 "--lease-seconds", "1", NULL);
  g_autofree char *label = label_id (f, project, 1);
  g_autoptr(JsonArray) held = claim (f, t1, project, 2);
  g_autoptr(JsonArray) taken = NULL;
  g_autofree char *reassigned = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *body = NULL;
  g_auto(LimnTestResponse) r = { 0 };
  const char *reason = NULL;

  g_assert_cmpuint (json_array_get_length (held), ==, 2);
  reassigned = g_strdup (assignment_task_id (held, 0));
  kept = g_strdup (assignment_task_id (held, 1));

  g_usleep (1500 * G_TIME_SPAN_MILLISECOND);

  /* ann2 takes both expired tasks; then give one back by letting ann2's
   * lease run out too while nobody takes it. */
  taken = claim (f, t2, project, 1);
  g_assert_cmpuint (json_array_get_length (taken), ==, 1);
  g_assert_cmpstr (assignment_task_id (taken, 0), ==, reassigned);

  /* Reassigned after the lease expired: stored, but as a conflict. */
  body = one_annotation ("c0000000-0000-4000-8000-000000000001", reassigned, label, 1);
  limn_test_request (f->server, "POST", "/api/v1/batches", t1, body, &r,
                     "Idempotency-Key", "conflict-0001", NULL);
  g_assert_cmpstr (first_status (&r, &reason), ==, "conflict");
  g_assert_nonnull (reason);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "annotations.conflicted"), ==, 1);

  /* Expired but nobody took it: the work is the caller's after all. */
  g_free (body);
  body = one_annotation ("c0000000-0000-4000-8000-000000000002", kept, label, 1);
  limn_test_request (f->server, "POST", "/api/v1/batches", t1, body, &r,
                     "Idempotency-Key", "conflict-0002", NULL);
  g_assert_cmpstr (first_status (&r, NULL), ==, "applied");

  {
    g_autofree char *status = limn_test_server_admin (f->server, "status", "--project", project,
                                                      NULL);
    g_autofree char *conflicts = limn_test_kv (strstr (status, "conflicts="), "conflicts");

    g_assert_cmpstr (conflicts, ==, "1");
  }
}

static void
test_changes_feed (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(JsonArray) mine = claim (f, f->ann[1], f->project, 5);
  g_autofree char *cursor = g_strdup ("0");
  guint seen = 0, pages = 0;
  gint64 last_seq = 0;

  g_assert_cmpuint (json_array_get_length (mine), ==, 5);

  for (;;)
    {
      g_auto(LimnTestResponse) r = { 0 };
      JsonObject *page = get_changes (f, f->ann[1], cursor, 2, &r);
      JsonArray *changes = json_object_get_array_member (page, "changes");
      gboolean more = json_object_get_boolean_member (page, "more");

      for (guint i = 0; i < json_array_get_length (changes); i++)
        {
          gint64 seq = json_object_get_int_member (json_array_get_object_element (changes, i), "seq");

          g_assert_cmpint (seq, >, last_seq);
          last_seq = seq;
          seen++;
        }

      g_free (cursor);
      cursor = limn_test_json_string (page, "cursor");
      pages++;
      g_assert_cmpuint (json_array_get_length (changes), <=, 2);
      if (!more)
        break;
      g_assert_cmpuint (json_array_get_length (changes), ==, 2);
    }

  g_assert_cmpuint (seen, ==, 5);
  g_assert_cmpuint (pages, ==, 3);

  /* Nothing new: the cursor stays. */
  {
    g_auto(LimnTestResponse) r = { 0 };
    JsonObject *page = get_changes (f, f->ann[1], cursor, 0, &r);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "changes")), ==, 0);
    g_assert_cmpstr (json_object_get_string_member (page, "cursor"), ==, cursor);
    g_assert_false (json_object_get_boolean_member (page, "more"));
  }

  /* Another annotator's feed holds none of these. */
  {
    g_auto(LimnTestResponse) r = { 0 };
    JsonObject *page = get_changes (f, f->ann[2], "0", 0, &r);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (page, "changes")), ==, 0);
  }

  {
    g_auto(LimnTestResponse) r = { 0 };

    limn_test_request (f->server, "GET", "/api/v1/changes?since=abc", f->ann[1], NULL, &r, NULL);
    g_assert_cmpuint (r.status, ==, 400);
    limn_test_request (f->server, "GET", "/api/v1/changes?since=0&limit=1001", f->ann[1], NULL,
                       &r, NULL);
    g_assert_cmpuint (r.status, ==, 400);
  }
}

static void
test_gold_reveal (Fixture       *f,
                  gconstpointer  data)
{
  const char *region_id = "9d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6";
  g_autoptr(GPtrArray) gold = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *project = gold_project (f, 1, gold, region_id);
  g_autofree char *token = limn_test_server_add_token (f->server, "gina", project, "annotator", NULL);
  g_autofree char *out = limn_test_server_admin (f->server, "project", "set", "--project", project,
                                                 "--gold-rate", "1", NULL);
  g_autofree char *label = label_id (f, project, 0);
  g_autofree char *body = NULL;
  g_autoptr(JsonArray) mine = claim (f, token, project, 1);
  g_auto(LimnTestResponse) r = { 0 };
  const char *gold_task = g_ptr_array_index (gold, 0);
  JsonObject *changes;
  JsonArray *array;

  g_assert_cmpstr (assignment_task_id (mine, 0), ==, gold_task);

  /* Before the submit the answer is nowhere: not in changes. */
  changes = get_changes (f, token, "0", 0, &r);
  g_assert_cmpuint (count_changes (changes, "gold", NULL), ==, 0);
  g_assert_null (body_find (r.body, region_id));

  body = one_annotation ("d0000000-0000-4000-8000-000000000001", gold_task, label, 1);
  limn_test_request (f->server, "POST", "/api/v1/batches", token, body, &r,
                     "Idempotency-Key", "gold-submit-1", NULL);
  g_assert_cmpstr (first_status (&r, NULL), ==, "applied");

  changes = get_changes (f, token, "0", 0, &r);
  g_assert_cmpuint (count_changes (changes, "gold", gold_task), ==, 1);
  array = json_object_get_array_member (changes, "changes");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *c = json_array_get_object_element (array, i);

      if (g_str_equal (json_object_get_string_member (c, "kind"), "gold"))
        {
          JsonArray *regions = json_object_get_array_member (json_object_get_object_member (c, "data"),
                                                             "regions");

          g_assert_cmpuint (json_array_get_length (regions), ==, 1);
          g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (regions, 0),
                                                          "id"), ==, region_id);
        }
    }

  /* A second revision that copies the revealed answer is taken, and
   * reveals nothing new. */
  g_free (body);
  body = g_strdup_printf ("{\"items\": [{\"kind\": \"annotation\", "
                          "\"id\": \"d0000000-0000-4000-8000-000000000002\", \"task_id\": \"%s\", "
                          "\"revision\": 2, \"regions\": [{\"id\": \"%s\", \"kind\": \"box\", "
                          "\"label\": \"%s\", \"box\": [1, 2, 30, 40]}]}]}",
                          gold_task, region_id, label);
  limn_test_request (f->server, "POST", "/api/v1/batches", token, body, &r,
                     "Idempotency-Key", "gold-submit-2", NULL);
  g_assert_cmpstr (first_status (&r, NULL), ==, "applied");
  changes = get_changes (f, token, "0", 0, &r);
  g_assert_cmpuint (count_changes (changes, "gold", gold_task), ==, 1);

  /* Scored on the first answer, made before the reveal: its box misses. */
  {
    g_autofree char *stats = limn_test_server_admin (f->server, "stats", "--project", project,
                                                     NULL);
    g_autoptr(JsonNode) root = json_from_string (stats, NULL);
    JsonArray *annotators;
    JsonObject *gina;

    g_assert_nonnull (root);
    annotators = json_object_get_array_member (
      json_object_get_object_member (json_node_get_object (root), "gold"), "annotators");
    g_assert_cmpuint (json_array_get_length (annotators), ==, 1);
    gina = json_array_get_object_element (annotators, 0);
    g_assert_cmpstr (json_object_get_string_member (gina, "annotator"), ==, "gina");
    g_assert_cmpint (json_object_get_int_member (gina, "tasks"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (gina, "gold_regions"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (gina, "matched"), ==, 0);
    g_assert_cmpfloat (json_object_get_double_member (gina, "f1"), ==, 0.0);
  }
}

static void
test_text_spans (Fixture       *f,
                 gconstpointer  data)
{
  const char * const texts[] = { "Hello 👋 wörld, مرحبا", NULL };
  g_autofree char *project = limn_test_server_add_text_project (f->server, "Texts", texts);
  g_autofree char *token = limn_test_server_add_token (f->server, "tess", project, "annotator", NULL);
  g_autofree char *label = label_id (f, project, 0);
  g_autoptr(JsonArray) mine = claim (f, token, project, 1);
  g_autofree char *body = NULL;
  g_auto(LimnTestResponse) r = { 0 };
  const char *reason = NULL;
  JsonObject *task = task_of (mine, 0);

  g_assert_cmpstr (json_object_get_string_member (task, "text"), ==, texts[0]);
  g_assert_cmpstr (json_object_get_string_member (task, "direction"), ==, "auto");

  /* Code points, not bytes: the emoji is one. "wörld" is [8, 13). */
  body = g_strdup_printf ("{\"items\": [{\"kind\": \"annotation\", "
                          "\"id\": \"e0000000-0000-4000-8000-000000000001\", \"task_id\": \"%s\", "
                          "\"revision\": 1, \"regions\": [{\"id\": "
                          "\"e0000000-0000-4000-8000-0000000000a1\", \"kind\": \"span\", "
                          "\"label\": \"%s\", \"start\": 8, \"end\": 13, \"text\": \"wörld\"}]}]}",
                          assignment_task_id (mine, 0), label);
  limn_test_request (f->server, "POST", "/api/v1/batches", token, body, &r,
                     "Idempotency-Key", "span-0001", NULL);
  g_assert_cmpstr (first_status (&r, &reason), ==, "applied");
}

typedef struct
{
  const char *url;
  const char *project;
  char       *token;
  GMutex     *lock;
  GCond      *cond;
  gboolean   *go;
  GPtrArray  *tasks;     /* out: task ids this annotator got */
} Claimer;

/* One annotator on its own thread and connection, starting when told. */
static gpointer
claimer_run (gpointer data)
{
  Claimer *c = data;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strdup_printf ("%s/api/v1/projects/%s/claims", c->url, c->project);
  g_autofree char *auth = g_strconcat ("Bearer ", c->token, NULL);
  g_autoptr(GError) error = NULL;

  g_mutex_lock (c->lock);
  while (!*c->go)
    g_cond_wait (c->cond, c->lock);
  g_mutex_unlock (c->lock);

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
      g_autoptr(GBytes) body = g_bytes_new_static ("{\"count\": 10}", 13);
      g_autoptr(GBytes) reply = NULL;
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;
      JsonArray *assignments;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
      soup_message_set_request_body_from_bytes (msg, "application/json", body);
      reply = soup_session_send_and_read (session, msg, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 200);

      text = g_strndup (g_bytes_get_data (reply, NULL), g_bytes_get_size (reply));
      root = json_from_string (text, &error);
      g_assert_no_error (error);
      assignments = json_object_get_array_member (json_node_get_object (root), "assignments");
      g_ptr_array_set_size (c->tasks, 0);
      for (guint i = 0; i < json_array_get_length (assignments); i++)
        g_ptr_array_add (c->tasks, g_strdup (assignment_task_id (assignments, i)));
    }

  return NULL;
}

static void
test_claims_concurrent (Fixture       *f,
                        gconstpointer  data)
{
  enum { N_ANNOTATORS = 6 };
  g_autofree char *project = limn_test_server_add_image_project (f->server, "Race", 20);
  g_autofree char *out = limn_test_server_admin (f->server, "project", "set", "--project", project,
                                                 "--overlap", "2", NULL);
  g_autoptr(GHashTable) per_task = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Claimer claimers[N_ANNOTATORS];
  GThread *threads[N_ANNOTATORS];
  GMutex lock;
  GCond cond;
  gboolean go = FALSE;
  guint total = 0;

  g_mutex_init (&lock);
  g_cond_init (&cond);
  for (guint i = 0; i < N_ANNOTATORS; i++)
    {
      g_autofree char *name = g_strdup_printf ("racer%u", i);

      claimers[i].url = limn_test_server_get_url (f->server);
      claimers[i].project = project;
      claimers[i].token = limn_test_server_add_token (f->server, name, project, "annotator", NULL);
      claimers[i].lock = &lock;
      claimers[i].cond = &cond;
      claimers[i].go = &go;
      claimers[i].tasks = g_ptr_array_new_with_free_func (g_free);
      threads[i] = g_thread_new (name, claimer_run, &claimers[i]);
    }

  g_mutex_lock (&lock);
  go = TRUE;
  g_cond_broadcast (&cond);
  g_mutex_unlock (&lock);

  for (guint i = 0; i < N_ANNOTATORS; i++)
    {
      g_autoptr(GHashTable) mine = g_hash_table_new (g_str_hash, g_str_equal);

      g_thread_join (threads[i]);
      for (guint t = 0; t < claimers[i].tasks->len; t++)
        {
          const char *task = g_ptr_array_index (claimers[i].tasks, t);
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (per_task, task));

          g_assert_false (g_hash_table_contains (mine, task));
          g_hash_table_add (mine, (gpointer)task);
          g_hash_table_insert (per_task, g_strdup (task), GUINT_TO_POINTER (n + 1));
          g_assert_cmpuint (n + 1, <=, 2);
          total++;
        }
      g_ptr_array_unref (claimers[i].tasks);
      g_free (claimers[i].token);
    }

  /* 20 tasks × overlap 2 = 40 places for 6 × 10 asked: all 40 taken, none twice. */
  g_assert_cmpuint (total, ==, 40);
  g_assert_cmpint (limn_test_server_count (f->server, project, "assignments.assigned"), ==, 40);

  g_mutex_clear (&lock);
  g_cond_clear (&cond);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/server-api/health", test_health);
  ADD ("/server-api/me", test_me);
  ADD ("/server-api/projects", test_projects);
  ADD ("/server-api/claims/overlap", test_claims_overlap);
  ADD ("/server-api/claims/concurrent", test_claims_concurrent);
  ADD ("/server-api/claims/lease-expiry", test_lease_expiry);
  ADD ("/server-api/claims/lease-sweep", test_lease_sweep);
  ADD ("/server-api/claims/gold-rates", test_gold_rates);
  ADD ("/server-api/claims/gold-indistinguishable", test_gold_indistinguishable);
  ADD ("/server-api/media", test_media);
  ADD ("/server-api/batches", test_batches);
  ADD ("/server-api/batches/conflicts", test_conflicts);
  ADD ("/server-api/batches/text-spans", test_text_spans);
  ADD ("/server-api/changes", test_changes_feed);
  ADD ("/server-api/gold-reveal", test_gold_reveal);
#undef ADD

  return g_test_run ();
}
