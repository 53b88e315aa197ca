/* test-server-security.c
 *
 * The server never trusts the client (design §10): every role against every
 * route it must not use, revoked and garbage tokens, the limit on failed
 * sign-ins, gold kept hidden, other annotators' and projects' work, path
 * traversal in media names, SQL metacharacters stored verbatim, body size
 * limits, and malformed input that must change nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
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
  char           *project_a;
  char           *project_b;
  char           *ann_a;
  char           *ann_a2;
  char           *rev_a;
  char           *ann_b;
  char           *admin;
  char           *revoked;
  char           *task_a;       /* claimed by ann_a */
  char           *sha_a;        /* its image */
  char           *sha_a_free;   /* an image of project A nobody claimed */
  char           *task_b;       /* claimed by ann_b */
  char           *label_a;
} Fixture;

static JsonArray *
claim (Fixture    *f,
       const char *token,
       const char *project,
       guint       count)
{
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/claims", project);
  g_autofree char *body = g_strdup_printf ("{\"count\": %u}", count);

  limn_test_request (f->server, "POST", path, token, body, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);

  return json_array_ref (json_object_get_array_member (limn_test_response_object (&r),
                                                       "assignments"));
}

static JsonObject *
task_of (JsonArray *assignments,
         guint      i)
{
  return json_object_get_object_member (json_array_get_object_element (assignments, i), "task");
}

/* A task of project A nobody has claimed: the fixture's one claim there
 * took task_a. */
static char *
unclaimed_task (Fixture *f)
{
  GPtrArray *ids = limn_test_server_get_task_ids (f->server, f->project_a);

  for (guint i = 0; i < ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (ids, i), f->task_a) != 0)
      return g_strdup (g_ptr_array_index (ids, i));

  g_assert_not_reached ();
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autofree char *revoked_id = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonArray) a = NULL;
  g_autoptr(JsonArray) b = NULL;

  f->server = limn_test_server_new ();
  f->project_a = limn_test_server_add_image_project (f->server, "A", 3);
  f->project_b = limn_test_server_add_image_project (f->server, "B", 2);
  f->ann_a = limn_test_server_add_token (f->server, "alice", f->project_a, "annotator", NULL);
  f->ann_a2 = limn_test_server_add_token (f->server, "arno", f->project_a, "annotator", NULL);
  f->rev_a = limn_test_server_add_token (f->server, "rita", f->project_a, "reviewer", NULL);
  f->ann_b = limn_test_server_add_token (f->server, "bob", f->project_b, "annotator", NULL);
  f->admin = limn_test_server_add_token (f->server, "boss", NULL, "admin", NULL);
  f->revoked = limn_test_server_add_token (f->server, "gone", f->project_a, "annotator",
                                           &revoked_id);
  out = limn_test_server_admin (f->server, "token", "revoke", "--token-id", revoked_id, NULL);
  f->label_a = limn_test_server_label_id (f->server, f->project_a, 0);

  limn_test_server_start (f->server, NULL, NULL);

  a = claim (f, f->ann_a, f->project_a, 1);
  f->task_a = g_strdup (json_object_get_string_member (task_of (a, 0), "id"));
  f->sha_a = g_strdup (json_object_get_string_member (
                         json_object_get_object_member (task_of (a, 0), "media"), "sha256"));
  {
    g_autofree char *free_task = unclaimed_task (f);
    g_autoptr(GHashTable) task = limn_test_server_inspect (f->server, NULL, free_task);

    f->sha_a_free = g_strdup (g_hash_table_lookup (task, "media_sha256"));
  }
  b = claim (f, f->ann_b, f->project_b, 1);
  f->task_b = g_strdup (json_object_get_string_member (task_of (b, 0), "id"));
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_pointer (&f->server, limn_test_server_free);
  g_free (f->project_a);
  g_free (f->project_b);
  g_free (f->ann_a);
  g_free (f->ann_a2);
  g_free (f->rev_a);
  g_free (f->ann_b);
  g_free (f->admin);
  g_free (f->revoked);
  g_free (f->task_a);
  g_free (f->sha_a);
  g_free (f->sha_a_free);
  g_free (f->task_b);
  g_free (f->label_a);
}

static const char *
error_code (LimnTestResponse *r)
{
  JsonObject *obj = limn_test_response_object (r);

  return json_object_get_string_member (json_object_get_object_member (obj, "error"), "code");
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* The count of every kind of record but the audit log (`admin inspect`),
 * to prove a rejected request changed nothing. */
static char *
snapshot (Fixture *f)
{
  g_autoptr(GHashTable) counts = limn_test_server_inspect (f->server, NULL, NULL);
  guint n = 0;
  g_autofree gpointer *keys = g_hash_table_get_keys_as_array (counts, &n);
  GString *out = g_string_new (NULL);

  qsort (keys, n, sizeof (gpointer), compare_strings);
  for (guint i = 0; i < n; i++)
    if (!g_str_has_prefix (keys[i], "audit"))
      g_string_append_printf (out, "%s=%s ", (char *)keys[i],
                              (char *)g_hash_table_lookup (counts, keys[i]));

  return g_string_free (out, FALSE);
}

typedef enum { T_NONE, T_GARBAGE, T_REVOKED, T_ANN_A, T_REV_A, T_ANN_B, T_ADMIN } Who;

static const char *
token_for (Fixture *f,
           Who      who)
{
  switch (who)
    {
    case T_GARBAGE: return "limn_thisIsNotAToken0000000000000000000000000";
    case T_REVOKED: return f->revoked;
    case T_ANN_A:   return f->ann_a;
    case T_REV_A:   return f->rev_a;
    case T_ANN_B:   return f->ann_b;
    case T_ADMIN:   return f->admin;
    case T_NONE:
    default:        return NULL;
    }
}

typedef struct
{
  Who         who;
  const char *method;
  const char *path;      /* %A project A, %B project B, %M media A, %F free media A */
  const char *body;
  guint       status;
} Case;

static char *
expand (Fixture    *f,
        const char *path)
{
  GString *out = g_string_new (NULL);

  for (const char *p = path; *p != '\0'; p++)
    {
      if (p[0] == '%' && p[1] == 'A')
        g_string_append (out, f->project_a), p++;
      else if (p[0] == '%' && p[1] == 'B')
        g_string_append (out, f->project_b), p++;
      else if (p[0] == '%' && p[1] == 'M')
        g_string_append (out, f->sha_a), p++;
      else if (p[0] == '%' && p[1] == 'F')
        g_string_append (out, f->sha_a_free), p++;
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static void
test_roles (Fixture       *f,
            gconstpointer  data)
{
  static const Case cases[] = {
    /* No token: 401 everywhere but health. */
    { T_NONE, "GET", "/api/v1/me", NULL, 401 },
    { T_NONE, "GET", "/api/v1/projects", NULL, 401 },
    { T_NONE, "GET", "/api/v1/projects/%A", NULL, 401 },
    { T_NONE, "POST", "/api/v1/projects/%A/claims", "{\"count\": 1}", 401 },
    { T_NONE, "GET", "/api/v1/media/%M", NULL, 401 },
    { T_NONE, "POST", "/api/v1/batches", "{\"items\": []}", 401 },
    { T_NONE, "GET", "/api/v1/changes?since=0", NULL, 401 },
    { T_NONE, "GET", "/api/v1/health", NULL, 200 },
    /* Garbage and revoked tokens (fewer than the failure limit). */
    { T_GARBAGE, "GET", "/api/v1/me", NULL, 401 },
    { T_GARBAGE, "GET", "/api/v1/media/%M", NULL, 401 },
    { T_GARBAGE, "POST", "/api/v1/batches", "{\"items\": []}", 401 },
    { T_REVOKED, "GET", "/api/v1/me", NULL, 401 },
    { T_REVOKED, "POST", "/api/v1/projects/%A/claims", "{\"count\": 1}", 401 },
    { T_REVOKED, "GET", "/api/v1/changes?since=0", NULL, 401 },
    /* Reviewers do not claim. */
    { T_REV_A, "POST", "/api/v1/projects/%A/claims", "{\"count\": 1}", 403 },
    /* Nobody reaches another project, existing or not. */
    { T_ANN_A, "GET", "/api/v1/projects/%B", NULL, 403 },
    { T_ANN_A, "POST", "/api/v1/projects/%B/claims", "{\"count\": 1}", 403 },
    { T_REV_A, "GET", "/api/v1/projects/%B", NULL, 403 },
    { T_ANN_B, "GET", "/api/v1/projects/%A", NULL, 403 },
    { T_ANN_A, "GET", "/api/v1/projects/00000000-0000-4000-8000-000000000000", NULL, 403 },
    /* Media: only what the caller may see. */
    { T_ANN_B, "GET", "/api/v1/media/%M", NULL, 404 },
    { T_ANN_A, "GET", "/api/v1/media/%F", NULL, 404 },
    { T_REV_A, "GET", "/api/v1/media/%F", NULL, 200 },
    { T_ADMIN, "GET", "/api/v1/media/%F", NULL, 200 },
    /* What each may do, for contrast. */
    { T_ANN_A, "GET", "/api/v1/media/%M", NULL, 200 },
    { T_ADMIN, "GET", "/api/v1/projects/%B", NULL, 200 },
    { T_ADMIN, "GET", "/api/v1/projects/00000000-0000-4000-8000-000000000000", NULL, 404 },
    /* Wrong methods. */
    { T_ANN_A, "GET", "/api/v1/batches", NULL, 405 },
    { T_ANN_A, "PUT", "/api/v1/projects/%A", "{}", 405 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const Case *c = &cases[i];
      g_auto(LimnTestResponse) r = { 0 };
      g_autofree char *path = expand (f, c->path);

      limn_test_request (f->server, c->method, path, token_for (f, c->who), c->body, &r,
                         "Idempotency-Key", "role-table-key", NULL);
      if (r.status != c->status)
        g_error ("case %u: %s %s as %d: %u, expected %u", i, c->method, c->path, c->who,
                 r.status, c->status);
      if (c->status >= 400)
        g_assert_nonnull (error_code (&r));
    }
}

static void
test_rate_limit (Fixture       *f,
                 gconstpointer  data)
{
  g_auto(LimnTestResponse) r = { 0 };
  const char *retry;
  guint64 seconds = 0;

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *garbage = g_strdup_printf ("limn_guess%u", i);

      limn_test_request (f->server, "GET", "/api/v1/me", garbage, NULL, &r, NULL);
      g_assert_cmpuint (r.status, ==, 401);
    }

  limn_test_request (f->server, "GET", "/api/v1/me", "limn_one-more-guess", NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 429);
  g_assert_cmpstr (error_code (&r), ==, "rate_limited");
  retry = soup_message_headers_get_one (r.headers, "Retry-After");
  g_assert_nonnull (retry);
  g_assert_true (g_ascii_string_to_unsigned (retry, 10, 1, 60, &seconds, NULL));

  /* A valid token still goes through: behind one proxy address, the
   * team is not locked out by someone's guesses (issue 17). Guessing
   * stays slowed down. */
  limn_test_request (f->server, "GET", "/api/v1/me", f->ann_a, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  limn_test_request (f->server, "GET", "/api/v1/me", "limn_another-guess", NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 429);

  /* Health needs no sign-in and stays open. */
  limn_test_request (f->server, "GET", "/api/v1/health", NULL, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
}

static void
test_revoke_while_running (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *token_id = NULL;
  g_autofree char *token = limn_test_server_add_token (f->server, "temp", f->project_a,
                                                       "annotator", &token_id);
  g_autofree char *out = NULL;
  g_auto(LimnTestResponse) r = { 0 };

  limn_test_request (f->server, "GET", "/api/v1/me", token, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);

  out = limn_test_server_admin (f->server, "token", "revoke", "--token-id", token_id, NULL);

  limn_test_request (f->server, "GET", "/api/v1/me", token, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 401);

  /* The database keeps only the hash: what is stored at rest only the
   * database file can tell. */
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT count(*) FROM tokens "
                                       "WHERE sha256 LIKE 'limn_%'"), ==, 0);
}

static void
test_gold_hidden (Fixture       *f,
                  gconstpointer  data)
{
  const char *secret = "6f1d2e3c-4b5a-4978-8a6b-5c4d3e2f1a0b";
  g_autofree char *project = limn_test_server_add_image_project (f->server, "Gold", 1);
  g_autofree char *token = limn_test_server_add_token (f->server, "gil", project, "annotator", NULL);
  g_autofree char *reviewer = limn_test_server_add_token (f->server, "rex", project, "reviewer", NULL);
  g_autofree char *task = g_strdup (g_ptr_array_index (limn_test_server_get_task_ids (f->server,
                                                                                      project), 0));
  g_autofree char *label = limn_test_server_label_id (f->server, project, 0);
  g_autofree char *answer = g_strdup_printf ("{\"regions\": [{\"id\": \"%s\", \"kind\": \"box\", "
                                             "\"label\": \"%s\", \"box\": [1, 1, 10, 10]}]}",
                                             secret, label);
  g_autofree char *answer_path = g_strdup_printf ("%s.gold.json",
                                                  limn_test_server_get_data_dir (f->server));
  g_autofree char *out = NULL;
  g_autofree char *project_path = g_strdup_printf ("/api/v1/projects/%s", project);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) mine = NULL;
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *media = NULL;

  g_file_set_contents (answer_path, answer, -1, &error);
  g_assert_no_error (error);
  out = limn_test_server_admin (f->server, "gold", "set", "--project", project, "--task", task,
                                "--answer", answer_path, NULL);
  g_unlink (answer_path);
  g_free (out);
  out = limn_test_server_admin (f->server, "project", "set", "--project", project,
                                "--gold-rate", "1", NULL);

  mine = claim (f, token, project, 1);
  g_assert_cmpuint (json_array_get_length (mine), ==, 1);
  media = g_strdup_printf ("/api/v1/media/%s", json_object_get_string_member (
                             json_object_get_object_member (task_of (mine, 0), "media"), "sha256"));

  /* Not in the claim, the project, the changes or the media. */
  {
    const char *paths[] = { "/api/v1/changes?since=0", project_path, media, "/api/v1/projects" };

    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      {
        limn_test_request (f->server, "GET", paths[i], token, NULL, &r, NULL);
        g_assert_cmpuint (r.status, ==, 200);
        g_assert_null (body_find (r.body, secret));
        limn_test_request (f->server, "GET", paths[i], reviewer, NULL, &r, NULL);
        g_assert_null (body_find (r.body, secret));
      }
  }
  {
    g_autofree char *claim_path = g_strdup_printf ("/api/v1/projects/%s/claims", project);

    limn_test_request (f->server, "POST", claim_path, token, "{\"count\": 5}", &r, NULL);
    g_assert_cmpuint (r.status, ==, 200);
    g_assert_null (body_find (r.body, secret));
  }
}

static char *
annotation_batch (const char *id,
                  const char *task,
                  const char *regions)
{
  return g_strdup_printf ("{\"items\": [{\"kind\": \"annotation\", \"id\": \"%s\", "
                          "\"task_id\": \"%s\", \"revision\": 1, \"regions\": %s}]}",
                          id, task, regions);
}

static const char *
item_status (LimnTestResponse *r,
             guint             i,
             const char      **reason)
{
  JsonObject *result;

  g_assert_cmpuint (r->status, ==, 200);
  result = json_array_get_object_element (json_object_get_array_member (
                                            limn_test_response_object (r), "results"), i);
  if (reason != NULL)
    *reason = json_object_has_member (result, "reason")
              ? json_object_get_string_member (result, "reason") : NULL;
  return json_object_get_string_member (result, "status");
}

static void
test_others_work (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *region = g_strdup_printf ("[{\"id\": \"0b5d6c1e-1111-4a2b-8c3d-000000000001\", "
                                             "\"kind\": \"box\", \"label\": \"%s\", "
                                             "\"box\": [1, 1, 5, 5]}]", f->label_a);
  g_autofree char *batch = NULL;
  g_autofree char *event = NULL;
  g_auto(LimnTestResponse) r = { 0 };
  const char *reason = NULL;

  /* arno (project A) sends work on alice's task, then on project B's. */
  batch = g_strdup_printf ("{\"items\": ["
                           "{\"kind\": \"annotation\", \"id\": \"f0000000-0000-4000-8000-000000000001\","
                           " \"task_id\": \"%s\", \"revision\": 1, \"regions\": %s},"
                           "{\"kind\": \"annotation\", \"id\": \"f0000000-0000-4000-8000-000000000002\","
                           " \"task_id\": \"%s\", \"revision\": 1, \"regions\": []},"
                           "{\"kind\": \"flag\", \"id\": \"f0000000-0000-4000-8000-000000000003\","
                           " \"task_id\": \"%s\", \"category\": \"other\", \"body\": \"x\"},"
                           "{\"kind\": \"event\", \"id\": \"f0000000-0000-4000-8000-000000000004\","
                           " \"session_id\": \"f0000000-0000-4000-8000-0000000000aa\","
                           " \"project_id\": \"%s\", \"task_id\": null, \"type\": \"task_opened\","
                           " \"wall_us\": 1, \"mono_us\": 1}"
                           "]}", f->task_a, region, f->task_b, f->task_b, f->project_b);
  limn_test_request (f->server, "POST", "/api/v1/batches", f->ann_a2, batch, &r,
                     "Idempotency-Key", "others-0001", NULL);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpstr (item_status (&r, i, &reason), ==, "rejected");
      g_assert_nonnull (reason);
    }

  /* Nothing of it stored. */
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "annotations"), ==, 0);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "flags"), ==, 0);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "events"), ==, 0);
}

static void
test_path_traversal (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *long_name = g_strnfill (1000, 'a');
  g_autofree char *long_path = g_strconcat ("/api/v1/media/", long_name, NULL);
  g_autofree char *upper = g_ascii_strup (f->sha_a, -1);
  g_autofree char *upper_path = g_strconcat ("/api/v1/media/", upper, NULL);
  const char *paths[] = {
    "/api/v1/media/..%2f..%2f..%2fetc%2fpasswd",
    "/api/v1/media/%2e%2e",
    "/api/v1/media/%2e%2e%2f%2e%2e%2flimn-server.db",
    "/api/v1/media/../limn-server.db",
    "/api/v1/media/..%5c..%5climn-server.db",
    "/api/v1/media/%00",
    long_path,
    upper_path,
  };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_auto(LimnTestResponse) r = { 0 };

      limn_test_request (f->server, "GET", paths[i], f->admin, NULL, &r, NULL);
      if (r.status != 400 && r.status != 404)
        g_error ("%s: %u", paths[i], r.status);
      /* Never the database or any file's bytes. */
      g_assert_null (body_find (r.body, "SQLite format"));
    }

  /* Still serving. */
  {
    g_auto(LimnTestResponse) r = { 0 };

    limn_test_request (f->server, "GET", "/api/v1/health", NULL, NULL, &r, NULL);
    g_assert_cmpuint (r.status, ==, 200);
  }
}

static void
test_sql_metacharacters (Fixture       *f,
                         gconstpointer  data)
{
  const char *evil[] = { "' OR 1=1 --", "\"; DROP TABLE tasks; --", "x'); DELETE FROM users; --" };
  g_auto(LimnTestResponse) r = { 0 };
  gint64 tasks_before = limn_test_server_count (f->server, NULL, "tasks");
  gint64 users_before = limn_test_server_count (f->server, NULL, "users");

  for (guint i = 0; i < G_N_ELEMENTS (evil); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *stored = NULL;
      g_autofree char *flag_id = g_strdup_printf ("e1000000-0000-4000-8000-00000000000%u", i);
      g_autofree char *event_id = g_strdup_printf ("e2000000-0000-4000-8000-00000000000%u", i);
      g_autofree char *key = g_strdup_printf ("sql-meta-%u", i);
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *body = NULL;

      /* Admin input: stored verbatim, as the API then says. */
      out = limn_test_server_admin (f->server, "user", "add", "--name", evil[i], NULL);
      {
        g_autofree char *token = limn_test_server_add_token (f->server, evil[i], f->project_a,
                                                             "reviewer", NULL);
        g_auto(LimnTestResponse) me = { 0 };

        limn_test_request (f->server, "GET", "/api/v1/me", token, NULL, &me, NULL);
        g_assert_cmpuint (me.status, ==, 200);
        g_assert_cmpstr (json_object_get_string_member (
                           json_object_get_object_member (limn_test_response_object (&me), "user"),
                           "name"), ==, evil[i]);
      }

      /* Client input in every free-text field. */
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "items");
      json_builder_begin_array (b);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, "flag");
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, flag_id);
      json_builder_set_member_name (b, "task_id");
      json_builder_add_string_value (b, f->task_a);
      json_builder_set_member_name (b, "category");
      json_builder_add_string_value (b, "other");
      json_builder_set_member_name (b, "body");
      json_builder_add_string_value (b, evil[i]);
      json_builder_end_object (b);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, "event");
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, event_id);
      json_builder_set_member_name (b, "session_id");
      json_builder_add_string_value (b, "e3000000-0000-4000-8000-000000000000");
      json_builder_set_member_name (b, "project_id");
      json_builder_add_string_value (b, f->project_a);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, "note");
      json_builder_set_member_name (b, "wall_us");
      json_builder_add_int_value (b, 1);
      json_builder_set_member_name (b, "mono_us");
      json_builder_add_int_value (b, 1);
      json_builder_set_member_name (b, "payload");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, evil[i]);
      json_builder_add_string_value (b, evil[i]);
      json_builder_end_object (b);
      json_builder_end_object (b);
      /* In fields with a fixed form they are refused. */
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, "flag");
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, evil[i]);
      json_builder_set_member_name (b, "task_id");
      json_builder_add_string_value (b, evil[i]);
      json_builder_set_member_name (b, "category");
      json_builder_add_string_value (b, evil[i]);
      json_builder_set_member_name (b, "body");
      json_builder_add_string_value (b, "x");
      json_builder_end_object (b);
      json_builder_end_array (b);
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      body = json_to_string (root, FALSE);

      limn_test_request (f->server, "POST", "/api/v1/batches", f->ann_a, body, &r,
                         "Idempotency-Key", key, NULL);
      g_assert_cmpstr (item_status (&r, 0, NULL), ==, "applied");
      g_assert_cmpstr (item_status (&r, 1, NULL), ==, "applied");
      g_assert_cmpstr (item_status (&r, 2, NULL), ==, "rejected");

      /* No route or admin command shows a flag's text: only the database
       * file can tell what was stored. */
      stored = limn_test_db_text (f->server, "SELECT body FROM flags WHERE id = ?", flag_id);
      g_assert_cmpstr (stored, ==, evil[i]);

      /* As a header value and a path, too. */
      limn_test_request (f->server, "POST", "/api/v1/batches", f->ann_a, "{\"items\": []}", &r,
                         "Idempotency-Key", evil[i], NULL);
      g_assert_cmpuint (r.status, ==, 400);
    }

  /* Nothing was executed: the tables are all there, with their rows. */
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "tasks"), ==, tasks_before);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "users"), ==,
                   users_before + G_N_ELEMENTS (evil));
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "events"), ==, G_N_ELEMENTS (evil));
  /* In a path: just an id that is not the token's project. */
  limn_test_request (f->server, "GET", "/api/v1/projects/'%20OR%201=1%20--", f->ann_a, NULL, &r,
                     NULL);
  g_assert_cmpuint (r.status, ==, 403);
  limn_test_request (f->server, "GET", "/api/v1/projects/'%20OR%201=1%20--", f->admin, NULL, &r,
                     NULL);
  g_assert_cmpuint (r.status, ==, 404);
}

static void
test_body_limits (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *before = snapshot (f);
  g_autofree char *after = NULL;
  gsize big = 9 * 1024 * 1024;
  g_autofree char *body = g_malloc (big);
  g_auto(LimnTestResponse) r = { 0 };

  memset (body, ' ', big);
  memcpy (body, "{\"items\": [", 11);
  memcpy (body + big - 2, "]}", 2);

  limn_test_request_bytes (f->server, "POST", "/api/v1/batches", f->ann_a, "application/json",
                           body, big, &r, "Idempotency-Key", "too-big-0001", NULL);
  g_assert_cmpuint (r.status, ==, 413);
  g_assert_cmpstr (error_code (&r), ==, "payload_too_large");

  after = snapshot (f);
  g_assert_cmpstr (before, ==, after);
}

/* A chunked body has no Content-Length to check up front: the server
 * counts while reading. Sent by hand over a socket. */
static void
test_chunked_limit (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = g_uri_parse (limn_test_server_get_url (f->server), G_URI_FLAGS_NONE, NULL);
  g_autofree char *head = NULL;
  g_autofree char *chunk = g_strnfill (1024 * 1024, ' ');
  g_autofree char *chunk_head = g_strdup_printf ("%x\r\n", 1024 * 1024);
  GOutputStream *out;
  GInputStream *in;
  char reply[64] = { 0 };
  gssize n;

  conn = g_socket_client_connect_to_host (client, g_uri_get_host (uri), g_uri_get_port (uri),
                                          NULL, &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
  in = g_io_stream_get_input_stream (G_IO_STREAM (conn));

  head = g_strdup_printf ("POST /api/v1/batches HTTP/1.1\r\nHost: %s\r\n"
                          "Authorization: Bearer %s\r\nIdempotency-Key: chunked-0001\r\n"
                          "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
                          g_uri_get_host (uri), f->ann_a);
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 9; i++)
    {
      g_output_stream_write_all (out, chunk_head, strlen (chunk_head), NULL, NULL, &error);
      g_assert_no_error (error);
      g_output_stream_write_all (out, chunk, 1024 * 1024, NULL, NULL, &error);
      g_assert_no_error (error);
      g_output_stream_write_all (out, "\r\n", 2, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_output_stream_write_all (out, "0\r\n\r\n", 5, NULL, NULL, &error);
  g_assert_no_error (error);

  n = g_input_stream_read (in, reply, sizeof reply - 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, >, 12);
  g_assert_true (g_str_has_prefix (reply, "HTTP/1.1 413"));
}

typedef struct
{
  const char *content_type;
  const char *body;
  gssize      length;     /* -1: strlen */
  guint       status;
} BadBody;

static void
test_malformed (Fixture       *f,
                gconstpointer  data)
{
  static const BadBody bad[] = {
    { "application/json", "not json", -1, 400 },
    { "application/json", "[1, 2, 3]", -1, 400 },
    { "application/json", "\"items\"", -1, 400 },
    { "application/json", "{\"items\": 5}", -1, 400 },
    { "application/json", "{\"items\": \"x\"}", -1, 400 },
    { "application/json", "{}", -1, 400 },
    { "application/json", "{\"items\": [\"\xff\xfe\"]}", -1, 400 },
    { "application/json", "{\"items\": [{\"kind\": \"flag\", \"body\": \"a\\u0000b\"}]}", -1, 400 },
    { "application/json", "", 0, 400 },
    { "text/plain", "{\"items\": []}", -1, 415 },
    { NULL, "{\"items\": []}", -1, 415 },
  };
  g_autofree char *before = snapshot (f);
  g_autofree char *after = NULL;
  g_autoptr(GString) deep = g_string_new ("{\"items\": ");
  g_autoptr(GString) many = g_string_new ("{\"items\": [");
  g_auto(LimnTestResponse) r = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *key = g_strdup_printf ("malformed-%04u", i);

      limn_test_request_bytes (f->server, "POST", "/api/v1/batches", f->ann_a,
                               bad[i].content_type, bad[i].body,
                               bad[i].length < 0 ? strlen (bad[i].body) : (gsize)bad[i].length,
                               &r, "Idempotency-Key", key, NULL);
      if (r.status != bad[i].status)
        g_error ("body %u: %u, expected %u", i, r.status, bad[i].status);
      g_assert_nonnull (error_code (&r));
    }

  /* Nested deeply enough to overflow a recursive parser's stack. */
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  limn_test_request (f->server, "POST", "/api/v1/batches", f->ann_a, deep->str, &r,
                     "Idempotency-Key", "deep-0001", NULL);
  g_assert_cmpuint (r.status, ==, 400);

  for (guint i = 0; i < 5001; i++)
    g_string_append (many, i ? ",{}" : "{}");
  g_string_append (many, "]}");
  limn_test_request (f->server, "POST", "/api/v1/batches", f->ann_a, many->str, &r,
                     "Idempotency-Key", "many-0001", NULL);
  g_assert_cmpuint (r.status, ==, 400);

  after = snapshot (f);
  g_assert_cmpstr (before, ==, after);

  limn_test_request (f->server, "GET", "/api/v1/health", NULL, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
}

static void
test_invalid_items (Fixture       *f,
                    gconstpointer  data)
{
  struct
  {
    const char *regions;
    const char *why;
  } bad[] = {
    { "[{\"id\": \"0b5d6c1e-1111-4a2b-8c3d-000000000001\", \"kind\": \"box\", \"label\": "
      "\"00000000-0000-4000-8000-000000000000\", \"box\": [1, 1, 5, 5]}]", "unknown label" },
    { "[{\"id\": \"0b5d6c1e-1111-4a2b-8c3d-000000000001\", \"kind\": \"box\", \"label\": \"%L\", "
      "\"box\": [90, 70, 50, 50]}]", "outside" },
    { "[{\"id\": \"0b5d6c1e-1111-4a2b-8c3d-000000000001\", \"kind\": \"box\", \"label\": \"%L\", "
      "\"box\": [1, 1, 0, 5]}]", "empty" },
    { "[{\"id\": \"0b5d6c1e-1111-4a2b-8c3d-000000000001\", \"kind\": \"box\", \"label\": \"%L\", "
      "\"box\": [1, 1, \"5\", 5]}]", "box" },
    { "[{\"id\": \"0b5d6c1e-1111-4a2b-8c3d-000000000001\", \"kind\": \"box\", \"label\": \"%L\", "
      "\"box\": [1, 1, 1e400, 5]}]", "box" },
    { "[{\"id\": \"0b5d6c1e-1111-4a2b-8c3d-000000000001\", \"kind\": \"box\", \"label\": \"%L\", "
      "\"box\": [1, 1, 5, 5], \"confidence\": 1.5}]", "confidence" },
    { "[{\"id\": \"0b5d6c1e-1111-4a2b-8c3d-000000000001\", \"kind\": \"box\", \"label\": \"%L\", "
      "\"box\": [1, 1, 5, 5], \"score\": -0.1}]", "score" },
    { "[{\"id\": \"0b5d6c1e-1111-4a2b-8c3d-000000000001\", \"kind\": \"span\", \"label\": \"%L\", "
      "\"start\": 0, \"end\": 3, \"text\": \"abc\"}]", "spans" },
    { "[{\"id\": \"not-a-uuid\", \"kind\": \"box\", \"label\": \"%L\", \"box\": [1, 1, 5, 5]}]",
      "UUID" },
    { "[{\"id\": \"0b5d6c1e-1111-4a2b-8c3d-000000000001\", \"kind\": \"box\", \"label\": \"%L\", "
      "\"box\": [1, 1, 5, 5]}, {\"id\": \"0b5d6c1e-1111-4a2b-8c3d-000000000001\", \"kind\": \"box\", "
      "\"label\": \"%L\", \"box\": [2, 2, 5, 5]}]", "another region" },
    { "\"regions\"", "array" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(GStrv) parts = g_strsplit (bad[i].regions, "%L", -1);
      g_autofree char *regions = g_strjoinv (f->label_a, parts);
      g_autofree char *id = g_strdup_printf ("b0000000-0000-4000-8000-0000000000%02u", i);
      g_autofree char *key = g_strdup_printf ("invalid-item-%02u", i);
      g_autofree char *body = annotation_batch (id, f->task_a, regions);
      g_auto(LimnTestResponse) r = { 0 };
      const char *reason = NULL;

      limn_test_request (f->server, "POST", "/api/v1/batches", f->ann_a, body, &r,
                         "Idempotency-Key", key, NULL);
      g_assert_cmpstr (item_status (&r, 0, &reason), ==, "rejected");
      if (reason == NULL || strstr (reason, bad[i].why) == NULL)
        g_error ("case %u: reason “%s” does not say “%s”", i, reason, bad[i].why);
    }

  /* Wrong types at the item level. */
  {
    const char *items[] = {
      "{\"kind\": \"annotation\", \"id\": \"b1000000-0000-4000-8000-000000000001\", "
      "\"task_id\": \"%T\", \"revision\": \"1\", \"regions\": []}",
      "{\"kind\": \"annotation\", \"id\": \"b1000000-0000-4000-8000-000000000002\", "
      "\"task_id\": \"%T\", \"revision\": 0, \"regions\": []}",
      "{\"kind\": \"annotation\", \"id\": \"b1000000-0000-4000-8000-000000000003\", "
      "\"task_id\": \"%T\", \"revision\": 1, \"regions\": [], \"active_ms\": -5}",
      "{\"kind\": \"event\", \"id\": \"b1000000-0000-4000-8000-000000000004\", "
      "\"session_id\": 5, \"project_id\": \"x\", \"type\": \"t\", \"wall_us\": 1, \"mono_us\": 1}",
      "{\"kind\": \"mystery\", \"id\": \"b1000000-0000-4000-8000-000000000005\"}",
      "{\"kind\": \"flag\", \"id\": 12, \"task_id\": \"%T\", \"category\": \"x\", \"body\": \"y\"}",
      "{\"kind\": \"flag\", \"id\": \"B1000000-0000-4000-8000-000000000007\", \"task_id\": \"%T\", "
      "\"category\": \"x\", \"body\": \"y\"}",
      "7",
    };

    for (guint i = 0; i < G_N_ELEMENTS (items); i++)
      {
        g_auto(GStrv) parts = g_strsplit (items[i], "%T", -1);
        g_autofree char *item = g_strjoinv (f->task_a, parts);
        g_autofree char *body = g_strdup_printf ("{\"items\": [%s]}", item);
        g_autofree char *key = g_strdup_printf ("wrong-type-%02u", i);
        g_auto(LimnTestResponse) r = { 0 };

        limn_test_request (f->server, "POST", "/api/v1/batches", f->ann_a, body, &r,
                           "Idempotency-Key", key, NULL);
        g_assert_cmpstr (item_status (&r, 0, NULL), ==, "rejected");
      }
  }

  /* Only idempotency records were added: no annotation, event or flag. */
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "annotations"), ==, 0);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "events"), ==, 0);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "flags"), ==, 0);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "assignments.submitted"), ==, 0);
}

/* Replaces each "%X" of @pairs (NULL-terminated name, value pairs) in
 * @template. */
static char *
fill (const char *template,
      ...)
{
  g_autofree char *out = g_strdup (template);
  va_list args;

  va_start (args, template);
  for (const char *name = va_arg (args, const char *); name != NULL; name = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);
      g_auto(GStrv) parts = g_strsplit (out, name, -1);

      g_free (out);
      out = g_strjoinv (value, parts);
    }
  va_end (args);

  return g_steal_pointer (&out);
}

/* Event items take a fast way through the server when the body is strict
 * JSON (limn-server-routes-batches.c); a body only json-glib accepts (here:
 * one with a number written 01, not a comment, which the reader refuses)
 * takes the old way. Both must give every item the same status and
 * reason, whatever is wrong with it. */
static void
test_event_items (Fixture       *f,
                  gconstpointer  data)
{
  static const struct
  {
    const char *item;     /* %ID id, %EID the id with its first letter escaped, %P, %T, %Q, %U */
    const char *status;
    const char *reason;   /* a part of it */
  } cases[] = {
    { "{\"kind\": \"event\", \"id\": \"%ID\", \"session_id\": \"%S\", \"project_id\": \"%P\", "
      "\"task_id\": \"%T\", \"type\": \"region_created\", \"wall_us\": 1, \"mono_us\": -5, "
      "\"payload\": { \"n\" : 1, \"s\": \"\\u00e9\\n\" }}", "applied", NULL },
    { "{\"kind\": \"event\", \"id\": \"%EID\", \"session_id\": \"%S\", \"project_id\": \"%P\", "
      "\"task_id\": null, \"type\": \"a.b-c_d\", \"wall_us\": 0, \"mono_us\": 0, \"payload\": null}",
      "applied", NULL },
    { "{\"kind\": \"event\", \"id\": \"%ID\", \"session_id\": \"%S\", \"project_id\": \"%P\", "
      "\"type\": \"t\", \"wall_us\": 1.0, \"mono_us\": 2e3, \"extra\": [1, {\"x\": null}]}", "applied", NULL },
    { "{\"kind\": \"event\", \"id\": \"%ID\", \"session_id\": \"%S\", \"project_id\": \"%P\", "
      "\"type\": \"first\", \"type\": \"second\", \"wall_us\": 1, \"mono_us\": 1}", "applied", NULL },
    /* json-glib wraps integers past 64 bits: 2^64 - 1 reads as -1 */
    { "{\"kind\": \"event\", \"id\": \"%ID\", \"session_id\": \"%S\", \"project_id\": \"%P\", "
      "\"type\": \"t\", \"wall_us\": 1, \"mono_us\": 18446744073709551615}", "applied", NULL },
    { "{\"kind\": \"event\", \"id\": \"%ID\", \"session_id\": \"%S\", \"project_id\": \"%P\", "
      "\"type\": \"t\", \"wall_us\": 9223372036854775808, \"mono_us\": 1}", "rejected", "wall_us" },
    { "{\"kind\": \"event\", \"id\": \"%ID\", \"session_id\": \"%S\", \"project_id\": \"%P\", "
      "\"type\": \"t\", \"wall_us\": 1.5, \"mono_us\": 1}", "rejected", "wall_us" },
    { "{\"kind\": \"event\", \"id\": \"%ID\", \"session_id\": \"%S\", \"project_id\": \"%P\", "
      "\"type\": \"t\", \"wall_us\": -1, \"mono_us\": 1}", "rejected", "wall_us" },
    { "{\"kind\": \"event\", \"id\": \"%ID\", \"session_id\": \"%S\", \"project_id\": \"%P\", "
      "\"type\": \"t\", \"wall_us\": 1, \"mono_us\": \"1\"}", "rejected", "mono_us" },
    { "{\"kind\": \"event\", \"id\": \"%ID\", \"session_id\": \"%S\", \"project_id\": \"%P\", "
      "\"type\": \"t\", \"mono_us\": 1}", "rejected", "wall_us" },
    { "{\"kind\": \"event\", \"id\": \"%ID\", \"session_id\": \"%S\", \"project_id\": \"%P\", "
      "\"type\": \"\", \"wall_us\": 1, \"mono_us\": 1}", "rejected", "type" },
    { "{\"kind\": \"event\", \"id\": \"%ID\", \"session_id\": \"%S\", \"project_id\": \"%P\", "
      "\"type\": \"a b\", \"wall_us\": 1, \"mono_us\": 1}", "rejected", "type" },
    { "{\"kind\": \"event\", \"id\": \"%ID\", \"session_id\": \"%S\", \"project_id\": \"%P\", "
      "\"type\": \"%65\", \"wall_us\": 1, \"mono_us\": 1}", "rejected", "type" },
    { "{\"kind\": \"event\", \"id\": \"%ID\", \"session_id\": \"5F0C3F8E-2A1B-4C3D-8E9F-0A1B2C3D4E5F\", "
      "\"project_id\": \"%P\", \"type\": \"t\", \"wall_us\": 1, \"mono_us\": 1}", "rejected", "session_id" },
    { "{\"kind\": \"event\", \"id\": \"%ID\", \"session_id\": null, \"project_id\": \"%P\", "
      "\"type\": \"t\", \"wall_us\": 1, \"mono_us\": 1}", "rejected", "session_id" },
    { "{\"kind\": \"event\", \"id\": \"%ID\", \"session_id\": \"%S\", \"project_id\": \"%Q\", "
      "\"type\": \"t\", \"wall_us\": 1, \"mono_us\": 1}", "rejected", "not your project" },
    { "{\"kind\": \"event\", \"id\": \"%ID\", \"session_id\": \"%S\", \"project_id\": \"%P\", "
      "\"task_id\": \"%B\", \"type\": \"t\", \"wall_us\": 1, \"mono_us\": 1}", "rejected", "not assigned" },
    { "{\"kind\": \"event\", \"id\": \"%ID\", \"session_id\": \"%S\", \"project_id\": \"%P\", "
      "\"task_id\": \"%U\", \"type\": \"t\", \"wall_us\": 1, \"mono_us\": 1}", "rejected", "not assigned" },
    { "{\"kind\": \"event\", \"id\": \"%ID\", \"session_id\": \"%S\", \"project_id\": \"%P\", "
      "\"type\": \"t\", \"wall_us\": 1, \"mono_us\": 1, \"payload\": [1]}", "rejected", "payload" },
    { "{\"kind\": \"Event\", \"id\": \"%ID\", \"session_id\": \"%S\", \"project_id\": \"%P\", "
      "\"type\": \"t\", \"wall_us\": 1, \"mono_us\": 1}", "rejected", "kind" },
    { "{\"kind\": \"event\", \"session_id\": \"%S\", \"project_id\": \"%P\", "
      "\"type\": \"t\", \"wall_us\": 1, \"mono_us\": 1}", "rejected", "id" },
    { "{\"kind\": \"event\", \"id\": \"%ID\", \"id\": \"not-a-uuid\", \"session_id\": \"%S\", "
      "\"project_id\": \"%P\", \"type\": \"t\", \"wall_us\": 1, \"mono_us\": 1}", "rejected", "UUID" },
    /* Payloads at the limit: json-glib's compact text decides. */
    { "{\"kind\": \"event\", \"id\": \"%ID\", \"session_id\": \"%S\", \"project_id\": \"%P\", "
      "\"type\": \"t\", \"wall_us\": 1, \"mono_us\": 1, \"payload\": {\"a\": \"%X65000\"}}", "applied", NULL },
    { "{\"kind\": \"event\", \"id\": \"%ID\", \"session_id\": \"%S\", \"project_id\": \"%P\", "
      "\"type\": \"t\", \"wall_us\": 1, \"mono_us\": 1, \"payload\": {\"a\": \"%X70000\"}}", "rejected", "64 KiB" },
    { "{\"kind\": \"event\", \"id\": \"%ID\", \"session_id\": \"%S\", \"project_id\": \"%P\", "
      "\"type\": \"t\", \"wall_us\": 1, \"mono_us\": 1, \"payload\": {\"a\": [%TENTHS]}}", "rejected", "64 KiB" },
    { "{\"kind\": \"event\", \"id\": \"%ID\", \"session_id\": \"%S\", \"project_id\": \"%P\", "
      "\"type\": \"t\", \"wall_us\": 1, \"mono_us\": 1, \"payload\": {\"a\": \"%DEL\"}}", "rejected", "64 KiB" },
    { "{\"kind\": \"event\", \"id\": \"%ID\", \"session_id\": \"%S\", \"project_id\": \"%P\", "
      "\"type\": \"t\", \"wall_us\": 1, \"mono_us\": 1, \"payload\": {%SPACES\"a\": 1}}", "applied", NULL },
    { "7", "rejected", "object" },
    { "{\"kind\": \"flag\", \"id\": \"%ID\", \"task_id\": \"%T\", \"category\": \"c\", \"body\": \"b\"}",
      "applied", NULL },
  };
  g_autofree char *unclaimed = unclaimed_task (f);
  g_autofree char *long_type = g_strnfill (65, 't');
  g_autofree char *x65000 = g_strnfill (65000, 'x');
  g_autofree char *x70000 = g_strnfill (70000, 'x');
  g_autofree char *del = g_strnfill (12000, 0x7f);
  g_autofree char *spaces = g_strnfill (70000, ' ');
  g_autoptr(GString) tenths = g_string_new ("0.1");
  JsonArray *results[2] = { NULL, NULL };

  /* 10,000 × "0.1" is 40 KB as sent, 200 KB as json-glib writes it. */
  for (guint i = 1; i < 10000; i++)
    g_string_append (tenths, ",0.1");

  for (guint way = 0; way < 2; way++)
    {
      g_autoptr(GString) body = g_string_new (way == 0 ? "{\"items\": [" : "{\"json-glib only\": 01, \"items\": [");
      g_autofree char *key = g_strdup_printf ("event-items-%u", way);
      g_auto(LimnTestResponse) r = { 0 };

      for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        {
          g_autofree char *id = g_strdup_printf ("c%u%06u-0000-4000-8000-000000000000", way, i);
          g_autofree char *escaped = g_strdup_printf ("\\u0063%s", id + 1);
          /* Longer names first: "%T" would eat "%TENTHS". */
          g_autofree char *item = fill (cases[i].item, "%TENTHS", tenths->str, "%SPACES", spaces,
                                        "%X65000", x65000, "%X70000", x70000, "%DEL", del,
                                        "%EID", escaped, "%ID", id, "%65", long_type,
                                        "%S", "5f0c3f8e-2a1b-4c3d-8e9f-0a1b2c3d4e5f",
                                        "%P", f->project_a, "%Q", f->project_b, "%T", f->task_a,
                                        "%B", f->task_b, "%U", unclaimed, NULL);

          if (i > 0)
            g_string_append_c (body, ',');
          g_string_append (body, item);
        }
      g_string_append (body, "]}");

      limn_test_request (f->server, "POST", "/api/v1/batches", f->ann_a, body->str, &r,
                         "Idempotency-Key", key, NULL);
      if (r.status != 200)
        g_error ("way %u: %u %.*s", way, r.status, (int)g_bytes_get_size (r.body),
                 (const char *)g_bytes_get_data (r.body, NULL));
      results[way] = json_array_ref (json_object_get_array_member (limn_test_response_object (&r),
                                                                   "results"));
      /* Written by hand on the server, as json-glib would write it. */
      {
        g_autofree char *canonical = json_to_string (r.json, FALSE);

        g_assert_cmpmem (g_bytes_get_data (r.body, NULL), g_bytes_get_size (r.body),
                         canonical, strlen (canonical));
      }
      g_assert_cmpuint (json_array_get_length (results[way]), ==, G_N_ELEMENTS (cases));
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      JsonObject *fast = json_array_get_object_element (results[0], i);
      JsonObject *slow = json_array_get_object_element (results[1], i);
      const char *reason = json_object_get_string_member_with_default (fast, "reason", NULL);

      if (g_strcmp0 (json_object_get_string_member (fast, "status"), cases[i].status) != 0 ||
          (cases[i].reason != NULL && (reason == NULL || strstr (reason, cases[i].reason) == NULL)))
        g_error ("case %u: %s (%s), expected %s (%s)", i, json_object_get_string_member (fast, "status"),
                 reason, cases[i].status, cases[i].reason);
      g_assert_cmpstr (json_object_get_string_member (fast, "status"), ==,
                       json_object_get_string_member (slow, "status"));
      g_assert_cmpstr (reason, ==, json_object_get_string_member_with_default (slow, "reason", NULL));
      g_assert_cmpint (json_object_get_null_member (fast, "id"), ==,
                       json_object_get_null_member (slow, "id"));
    }
  g_clear_pointer (&results[0], json_array_unref);
  g_clear_pointer (&results[1], json_array_unref);

  /* What is stored: the payload as the client sent it on the fast way, as
   * json-glib writes it on the other; the rest the same. Stored bytes no
   * route or admin command shows: only the database file can tell. */
  {
    g_autofree char *fast = limn_test_db_text (f->server, "SELECT payload FROM events WHERE id = ?",
                                               "c0000000-0000-4000-8000-000000000000");
    g_autofree char *slow = limn_test_db_text (f->server, "SELECT payload FROM events WHERE id = ?",
                                               "c1000000-0000-4000-8000-000000000000");
    g_autofree char *type = limn_test_db_text (f->server, "SELECT type FROM events WHERE id = ?",
                                               "c0000003-0000-4000-8000-000000000000");
    g_autofree char *spaced = limn_test_db_text (f->server, "SELECT payload FROM events WHERE id = ?",
                                                 "c0000026-0000-4000-8000-000000000000");

    g_assert_cmpstr (fast, ==, "{ \"n\" : 1, \"s\": \"\\u00e9\\n\" }");
    g_assert_cmpstr (slow, ==, "{\"n\":1,\"s\":\"\xc3\xa9\\n\"}");
    g_assert_cmpstr (type, ==, "second");
    g_assert_cmpstr (spaced, ==, "{\"a\":1}");
    g_assert_cmpint (limn_test_db_count (f->server, "SELECT count(*) FROM events WHERE id LIKE 'c0%' "
                                         "AND payload = '{}'"), ==, 4);
    g_assert_cmpint (limn_test_db_count (f->server, "SELECT count(*) FROM events WHERE "
                                         "mono_us = -1 AND id LIKE 'c_000004-%'"), ==, 2);
  }
}

static void
test_text_offsets (Fixture       *f,
                   gconstpointer  data)
{
  const char * const texts[] = { "Emoji 👩‍💻 here", NULL };
  g_autofree char *project = limn_test_server_add_text_project (f->server, "T", texts);
  g_autofree char *token = limn_test_server_add_token (f->server, "tina", project, "annotator", NULL);
  g_autofree char *label = limn_test_server_label_id (f->server, project, 0);
  g_autoptr(JsonArray) mine = claim (f, token, project, 1);
  const char *task = json_object_get_string_member (task_of (mine, 0), "id");
  struct { int start, end; const char *text; } spans[] = {
    { 0, 99, "x" },            /* past the end */
    { 5, 3, "x" },             /* backwards */
    { -1, 2, "x" },            /* negative */
    { 0, 5, "EMOJI" },         /* text differs */
    { 6, 7, "👩" },            /* fine: one code point of the ZWJ sequence */
  };

  for (guint i = 0; i < G_N_ELEMENTS (spans); i++)
    {
      g_autofree char *regions = g_strdup_printf ("[{\"id\": \"0b5d6c1e-1111-4a2b-8c3d-000000000001\", "
                                                  "\"kind\": \"span\", \"label\": \"%s\", "
                                                  "\"start\": %d, \"end\": %d, \"text\": \"%s\"}]",
                                                  label, spans[i].start, spans[i].end, spans[i].text);
      g_autofree char *id = g_strdup_printf ("b2000000-0000-4000-8000-0000000000%02u", i);
      g_autofree char *key = g_strdup_printf ("offsets-%02u", i);
      g_autofree char *body = annotation_batch (id, task, regions);
      g_auto(LimnTestResponse) r = { 0 };

      limn_test_request (f->server, "POST", "/api/v1/batches", token, body, &r,
                         "Idempotency-Key", key, NULL);
      g_assert_cmpstr (item_status (&r, 0, NULL), ==,
                       i == G_N_ELEMENTS (spans) - 1 ? "applied" : "rejected");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/server-security/roles", test_roles);
  ADD ("/server-security/rate-limit", test_rate_limit);
  ADD ("/server-security/revoke-while-running", test_revoke_while_running);
  ADD ("/server-security/gold-hidden", test_gold_hidden);
  ADD ("/server-security/others-work", test_others_work);
  ADD ("/server-security/path-traversal", test_path_traversal);
  ADD ("/server-security/sql-metacharacters", test_sql_metacharacters);
  ADD ("/server-security/body-limit", test_body_limits);
  ADD ("/server-security/chunked-limit", test_chunked_limit);
  ADD ("/server-security/malformed", test_malformed);
  ADD ("/server-security/invalid-items", test_invalid_items);
  ADD ("/server-security/event-items", test_event_items);
  ADD ("/server-security/text-offsets", test_text_offsets);
#undef ADD

  return g_test_run ();
}
