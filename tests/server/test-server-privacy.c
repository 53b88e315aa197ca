/* test-server-privacy.c
 *
 * Privacy of annotators on a real limn-server (docs/security.md,
 * "Privacy"): pseudonyms keyed by the server's secret (stable across
 * restarts, different per project and per secret, not a hash of the id),
 * relabel campaigns shown to reviewers under pseudonyms, and `admin
 * erase-annotator`, after which no column of any table holds the person's
 * name while their labels and their pseudonym in exports stay.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "limn-server-pseudonyms.h"
#include "limn-server-test.h"

#define SESSION "5f0c3f8e-2a1b-4c3d-8e9f-0a1b2c3d4e5f"
#define NAME "Zelda Quixote-Privacy"

typedef struct
{
  LimnTestServer *server;
  char           *project;
  char           *ann;         /* the token of NAME, an annotator */
  char           *other;       /* another annotator's */
  char           *reviewer;
  char           *person;      /* label id */
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->server = limn_test_server_new ();
  f->project = limn_test_server_add_image_project (f->server, "Street scenes", 3);
  f->ann = limn_test_server_add_token (f->server, NAME, f->project, "annotator", NULL);
  f->other = limn_test_server_add_token (f->server, "bert", f->project, "annotator", NULL);
  f->reviewer = limn_test_server_add_token (f->server, "rita", f->project, "reviewer", NULL);
  f->person = limn_test_server_label_id (f->server, f->project, 0);
  limn_test_server_start (f->server, NULL, NULL);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_pointer (&f->server, limn_test_server_free);
  g_free (f->project);
  g_free (f->ann);
  g_free (f->other);
  g_free (f->reviewer);
  g_free (f->person);
}

static char *
claim_one (Fixture    *f,
           const char *token)
{
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/claims", f->project);
  JsonArray *assignments;
  JsonObject *task;

  limn_test_request (f->server, "POST", path, token, "{\"count\": 1}", &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  assignments = json_object_get_array_member (limn_test_response_object (&r), "assignments");
  g_assert_cmpuint (json_array_get_length (assignments), ==, 1);
  task = json_object_get_object_member (json_array_get_object_element (assignments, 0), "task");
  return g_strdup (json_object_get_string_member (task, "id"));
}

static void
post (Fixture    *f,
      const char *token,
      const char *items)
{
  static guint key;
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *body = g_strdup_printf ("{\"items\": [%s]}", items);
  g_autofree char *idem = g_strdup_printf ("privacy-key-%04u", ++key);
  JsonArray *results;

  limn_test_request (f->server, "POST", "/api/v1/batches", token, body, &r,
                     "Idempotency-Key", idem, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  results = json_object_get_array_member (limn_test_response_object (&r), "results");
  for (guint i = 0; i < json_array_get_length (results); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, i),
                                                    "status"), ==, "applied");
}

/* An annotation of @task by @token, one box, and (for NAME) a thread with
 * text and an event with a written reason. */
static void
work (Fixture    *f,
      const char *token,
      gboolean    with_text)
{
  g_autofree char *task = claim_one (f, token);
  g_autofree char *ann_id = g_uuid_string_random ();
  g_autofree char *region_id = g_uuid_string_random ();
  g_autofree char *items = NULL;

  items = g_strdup_printf ("{\"kind\": \"annotation\", \"id\": \"%s\", \"task_id\": \"%s\","
                           " \"revision\": 1, \"confidence\": 0.3,"
                           " \"regions\": [{\"id\": \"%s\", \"kind\": \"box\","
                           " \"label\": \"%s\", \"box\": [10, 10, 30, 20]}]}",
                           ann_id, task, region_id, f->person);
  post (f, token, items);
  if (with_text)
    {
      g_autofree char *flag_id = g_uuid_string_random ();
      g_autofree char *event_id = g_uuid_string_random ();
      g_autofree char *message_id = g_uuid_string_random ();
      g_autofree char *more = NULL;

      more = g_strdup_printf ("{\"kind\": \"flag\", \"id\": \"%s\", \"task_id\": \"%s\","
                              " \"category\": \"unclear\", \"body\": \"I, " NAME ", ask\"},"
                              "{\"kind\": \"event\", \"id\": \"%s\", \"session_id\": \"" SESSION "\","
                              " \"project_id\": \"%s\", \"task_id\": \"%s\","
                              " \"type\": \"guardrail_override\", \"wall_us\": 1763856000000000,"
                              " \"mono_us\": 1, \"payload\": {\"rules\": [],"
                              " \"reason\": \"two cars parked bumper to bumper\"}}",
                              flag_id, task, event_id, f->project, task);
      post (f, token, more);
      g_free (more);
      /* A reply in their own thread: it reaches the project's reviewers
       * with its author's name. */
      more = g_strdup_printf ("{\"kind\": \"message\", \"id\": \"%s\", \"thread_id\": \"%s\","
                              " \"body\": \"more from " NAME "\", \"created_us\": 1}",
                              message_id, flag_id);
      post (f, token, more);
    }
}

static GBytes *
stored_secret (Fixture *f)
{
  g_autofree char *hex = limn_test_db_text (f->server,
                                            limn_test_server_get_database (f->server) != NULL
                                            ? "SELECT encode (value, 'hex') FROM server_meta "
                                              "WHERE key = ?"
                                            : "SELECT hex (value) FROM server_meta "
                                              "WHERE key = ?",
                                            "pseudonym_secret");
  guchar key[32];

  g_assert_nonnull (hex);
  g_assert_cmpuint (strlen (hex), ==, 64);
  for (guint i = 0; i < 32; i++)
    key[i] = g_ascii_xdigit_value (hex[2 * i]) * 16 + g_ascii_xdigit_value (hex[2 * i + 1]);
  return g_bytes_new (key, sizeof key);
}

static char *
user_id_of (Fixture    *f,
            const char *name)
{
  /* No route tells a user's id by name to anyone. */
  return limn_test_db_text (f->server, "SELECT id FROM users WHERE name = ?", name);
}

static char *
export (Fixture    *f,
        const char *version,
        const char *name)
{
  g_autofree char *path = g_build_filename (limn_test_server_get_data_dir (f->server), name, NULL);
  g_autofree char *out = limn_test_server_admin (f->server, "export", "--project", f->project,
                                                 "--version", version, "--format",
                                                 "label-studio", "--output", path, NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* rows_holding() on PostgreSQL: every column of every table of the
 * schema, a BYTEA one searched for the needle's UTF-8 bytes (SQLite's
 * CAST of a blob to text reads its bytes too). */
static gint64
pg_rows_holding (Fixture    *f,
                 const char *needle)
{
  g_autoptr(GPtrArray) columns = NULL;
  gint64 found = 0;

  columns = limn_test_server_ids (f->server,
                                  "SELECT table_name || '.' || column_name || '.' || data_type "
                                  "FROM information_schema.columns "
                                  "WHERE table_schema = current_schema () "
                                  "AND table_name IN (SELECT table_name FROM "
                                  "information_schema.tables WHERE table_type = 'BASE TABLE' "
                                  "AND table_schema = current_schema ())");
  g_assert_cmpuint (columns->len, >, 0);
  for (guint i = 0; i < columns->len; i++)
    {
      g_auto(GStrv) part = g_strsplit (g_ptr_array_index (columns, i), ".", 3);
      g_autofree char *sql = NULL;
      g_autofree char *n = NULL;

      g_assert_cmpuint (g_strv_length (part), ==, 3);
      sql = g_str_equal (part[2], "bytea")
            ? g_strdup_printf ("SELECT count (*) FROM \"%s\" "
                               "WHERE position (convert_to (?, 'UTF8') IN \"%s\") > 0",
                               part[0], part[1])
            : g_strdup_printf ("SELECT count (*) FROM \"%s\" "
                               "WHERE strpos (CAST (\"%s\" AS TEXT), ?) > 0",
                               part[0], part[1]);
      n = limn_test_db_text (f->server, sql, needle);
      g_assert_nonnull (n);
      if (g_ascii_strtoll (n, NULL, 10) > 0)
        g_test_message ("%s.%s holds “%s”", part[0], part[1], needle);
      found += g_ascii_strtoll (n, NULL, 10);
    }
  return found;
}

/* Rows of every table with @needle in any column, read from the file
 * itself: what is stored at rest is the point here. */
static gint64
rows_holding (Fixture    *f,
              const char *needle)
{
  g_autofree char *path = limn_test_server_get_db_path (f->server);
  sqlite3 *db = NULL;
  sqlite3_stmt *tables = NULL;
  gint64 found = 0;

  if (limn_test_server_get_database (f->server) != NULL)
    return pg_rows_holding (f, needle);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table'",
                                       -1, &tables, NULL), ==, SQLITE_OK);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      g_autofree char *table = g_strdup ((const char *)sqlite3_column_text (tables, 0));
      g_autofree char *info_sql = g_strdup_printf ("PRAGMA table_info (\"%s\")", table);
      sqlite3_stmt *info = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, info_sql, -1, &info, NULL), ==, SQLITE_OK);
      while (sqlite3_step (info) == SQLITE_ROW)
        {
          const char *column = (const char *)sqlite3_column_text (info, 1);
          g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM \"%s\" "
                                                  "WHERE instr (CAST (\"%s\" AS TEXT), ?) > 0",
                                                  table, column);
          sqlite3_stmt *count = NULL;

          g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &count, NULL), ==, SQLITE_OK);
          sqlite3_bind_text (count, 1, needle, -1, SQLITE_STATIC);
          g_assert_cmpint (sqlite3_step (count), ==, SQLITE_ROW);
          if (sqlite3_column_int64 (count, 0) > 0)
            g_test_message ("%s.%s holds “%s”", table, column, needle);
          found += sqlite3_column_int64 (count, 0);
          sqlite3_finalize (count);
        }
      sqlite3_finalize (info);
    }
  sqlite3_finalize (tables);
  sqlite3_close (db);
  return found;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

/* Pseudonyms: keyed, stable, per project, not a hash of the id. */
static void
test_pseudonyms (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *id = user_id_of (f, NAME);
  g_autoptr(GBytes) secret = NULL;
  g_autoptr(GBytes) restarted = NULL;
  g_autoptr(GBytes) other_secret = NULL;
  g_autofree char *mine = NULL;
  g_autofree char *elsewhere = NULL;
  g_autofree char *other_key = NULL;
  g_autofree char *v1 = NULL;
  g_autofree char *v1_again = NULL;
  g_autofree char *sha_id = g_compute_checksum_for_string (G_CHECKSUM_SHA256, id, -1);
  g_autofree char *both = g_strconcat (f->project, id, NULL);
  g_autofree char *sha_both = g_compute_checksum_for_string (G_CHECKSUM_SHA256, both, -1);
  guchar other[32];

  work (f, f->ann, FALSE);
  g_free (limn_test_server_admin (f->server, "dataset", "create", "--project", f->project, "--from", "majority", NULL));
  v1 = export (f, "1", "v1.json");
  secret = stored_secret (f);
  mine = limn_server_pseudonym (secret, f->project, id);

  /* The export names them by the pseudonym, never by id or name. */
  g_assert_nonnull (strstr (v1, mine));
  g_assert_null (strstr (v1, id));
  g_assert_null (strstr (v1, NAME));

  /* A restart keeps the secret, so the same export names them alike. */
  limn_test_server_stop (f->server);
  limn_test_server_start (f->server, NULL, NULL);
  restarted = stored_secret (f);
  g_assert_true (g_bytes_equal (secret, restarted));
  v1_again = export (f, "1", "v1-again.json");
  g_assert_cmpstr (v1, ==, v1_again);

  /* Another project, another pseudonym; another secret, another one:
   * without the secret the id cannot be tried against it. */
  elsewhere = limn_server_pseudonym (secret, "00000000-0000-4000-8000-000000000000", id);
  g_assert_cmpstr (mine, !=, elsewhere);
  memset (other, 0x5a, sizeof other);
  other_secret = g_bytes_new (other, sizeof other);
  other_key = limn_server_pseudonym (other_secret, f->project, id);
  g_assert_cmpstr (mine, !=, other_key);
  /* Not a plain hash of the id, nor of project and id. */
  g_assert_false (strncmp (mine + 2, sha_id, 6) == 0);
  g_assert_false (strncmp (mine + 2, sha_both, 6) == 0);
}

/* erase-annotator: the name gone from every table, labels kept, the same
 * pseudonym in exports, audit-logged, and nothing left the second time. */
static void
test_erase (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *id = user_id_of (f, NAME);
  g_autoptr(GBytes) secret = NULL;
  g_autofree char *pseudonym = NULL;
  g_autofree char *v1 = NULL;
  g_autofree char *v2 = NULL;
  g_autofree char *dry = NULL;
  g_autofree char *out = NULL;
  g_autofree char *again = NULL;
  g_autoptr(JsonObject) dry_report = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_auto(LimnTestResponse) r = { 0 };
  gint64 labels_before, events_before;
  JsonObject *erased;

  work (f, f->ann, TRUE);
  work (f, f->other, FALSE);
  /* They also review: their verdict reaches bert with their name. */
  {
    g_autofree char *as_reviewer = limn_test_server_add_token (f->server, NAME, f->project,
                                                               "reviewer", NULL);
    g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/review/claims", f->project);
    g_autofree char *vid = g_uuid_string_random ();
    g_autofree char *verdict = NULL;
    g_auto(LimnTestResponse) rv = { 0 };
    JsonArray *review_items;
    JsonObject *item = NULL;

    limn_test_request (f->server, "POST", path, as_reviewer, "{\"count\": 10}", &rv, NULL);
    g_assert_cmpuint (rv.status, ==, 200);
    review_items = json_object_get_array_member (limn_test_response_object (&rv), "items");
    for (guint i = 0; i < json_array_get_length (review_items); i++)
      {
        JsonObject *o = json_array_get_object_element (review_items, i);
        JsonArray *answers = json_object_get_array_member (o, "annotations");

        for (guint k = 0; k < json_array_get_length (answers); k++)
          if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (answers, k),
                                                        "annotator"), "bert") == 0)
            item = o;
      }
    g_assert_nonnull (item);
    verdict = g_strdup_printf ("{\"kind\": \"review\", \"id\": \"%s\", \"item_id\": \"%s\","
                               " \"annotation_id\": \"%s\", \"verdict\": \"accept\","
                               " \"active_ms\": 3000}", vid,
                               json_object_get_string_member (item, "item_id"),
                               json_object_get_string_member (item, "annotation_id"));
    post (f, as_reviewer, verdict);
  }
  g_free (limn_test_server_admin (f->server, "dataset", "create", "--project", f->project, "--from", "majority", NULL));
  v1 = export (f, "1", "v1.json");
  secret = stored_secret (f);
  pseudonym = limn_server_pseudonym (secret, f->project, id);
  g_assert_nonnull (strstr (v1, pseudonym));
  labels_before = limn_test_db_count (f->server, "SELECT count (*) FROM annotations");
  events_before = limn_test_db_count (f->server, "SELECT count (*) FROM events");
  g_assert_cmpint (rows_holding (f, NAME), >, 0);

  /* Without --yes: what would go, and nothing goes. */
  dry = limn_test_server_admin (f->server, "erase-annotator", "--user", NAME, NULL);
  dry_report = parse_object (dry);
  g_assert_false (json_object_get_boolean_member (dry_report, "applied"));
  g_assert_false (json_object_get_boolean_member (dry_report, "nothing_left"));
  {
    g_autofree char *still = user_id_of (f, NAME);

    g_assert_nonnull (still);
  }

  out = limn_test_server_admin (f->server, "erase-annotator", "--user", NAME, "--yes", NULL);
  report = parse_object (out);
  g_assert_true (json_object_get_boolean_member (report, "applied"));
  g_assert_cmpstr (json_object_get_string_member (report, "user_id"), ==, id);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (report, "name"), "erased-"));
  erased = json_object_get_object_member (report, "erased");
  g_assert_cmpint (json_object_get_int_member (erased, "name"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (erased, "tokens"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (erased, "threads"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (erased, "messages"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (erased, "changes_naming_them"), >=, 1);

  /* No column of any table holds the name any more. */
  g_assert_cmpint (rows_holding (f, NAME), ==, 0);
  /* Their labels and events stay. */
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT count (*) FROM annotations"), ==,
                   labels_before);
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT count (*) FROM events"), ==,
                   events_before);
  /* Their token no longer opens anything. */
  limn_test_request (f->server, "GET", "/api/v1/me", f->ann, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 401);
  /* Audit-logged under the id. */
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT count (*) FROM audit_log "
                                       "WHERE action = 'admin.user.erase'"), ==, 1);

  /* A dataset made after erasure names them by the same pseudonym. */
  g_free (limn_test_server_admin (f->server, "dataset", "create", "--project", f->project, "--from", "majority", NULL));
  v2 = export (f, "2", "v2.json");
  g_assert_nonnull (strstr (v2, pseudonym));

  /* Idempotent: by id now, and nothing left. */
  again = limn_test_server_admin (f->server, "erase-annotator", "--user", id, "--yes", NULL);
  second = parse_object (again);
  g_assert_true (json_object_get_boolean_member (second, "nothing_left"));
  g_assert_cmpstr (json_object_get_string_member (second, "name"), ==,
                   json_object_get_string_member (report, "name"));
}

/* Relabel campaigns name annotators by pseudonym for reviewers, by id
 * for admins. */
static void
test_campaigns (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *id = user_id_of (f, NAME);
  g_autofree char *admin = limn_test_server_add_token (f->server, "ada", f->project, "admin", NULL);
  g_autofree char *out = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonObject) proposed = NULL;
  g_autoptr(GBytes) secret = NULL;
  g_autofree char *pseudonym = NULL;
  g_auto(LimnTestResponse) r = { 0 };
  g_auto(LimnTestResponse) a = { 0 };
  g_autofree char *reviewer_text = NULL;
  g_autofree char *admin_text = NULL;

  work (f, f->ann, FALSE);
  work (f, f->other, FALSE);
  g_free (limn_test_server_admin (f->server, "dataset", "create", "--project", f->project, "--from", "majority", NULL));
  out = limn_test_server_admin (f->server, "campaign", "propose", "--project", f->project,
                                "--annotator", NAME, "--reason", "check", "--by", "ada", NULL);
  proposed = parse_object (out);
  secret = stored_secret (f);
  pseudonym = limn_server_pseudonym (secret, f->project, id);

  path = g_strdup_printf ("/api/v1/projects/%s/campaigns/%s", f->project,
                          json_object_get_string_member (proposed, "id"));
  limn_test_request (f->server, "GET", path, f->reviewer, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  reviewer_text = g_strndup (g_bytes_get_data (r.body, NULL), g_bytes_get_size (r.body));
  g_assert_null (strstr (reviewer_text, id));
  g_assert_null (strstr (reviewer_text, NAME));
  g_assert_nonnull (strstr (reviewer_text, pseudonym));

  limn_test_request (f->server, "GET", path, admin, NULL, &a, NULL);
  g_assert_cmpuint (a.status, ==, 200);
  admin_text = g_strndup (g_bytes_get_data (a.body, NULL), g_bytes_get_size (a.body));
  g_assert_nonnull (strstr (admin_text, id));
}

/* A project whose one task (photo.png) has a model's suggestion, made by
 * importing a LabelMe file as suggestions. Returns its id. */
static char *
suggested_project (Fixture *f)
{
  const char *dir = limn_test_server_get_data_dir (f->server);
  g_autofree char *folder = g_build_filename (dir, "labelme", NULL);
  g_autofree char *png = g_build_filename (folder, "photo.png", NULL);
  g_autofree char *json = g_build_filename (folder, "photo.json", NULL);
  g_autofree char *labels = g_build_filename (dir, "labels.txt", NULL);
  g_autofree char *out = NULL;
  g_autofree char *report = NULL;
  char *project;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  limn_test_write_png (png, 120, 90, 0x336699);
  g_assert_true (g_file_set_contents (json,
                                      "{\"version\": \"5.0.1\", \"flags\": {}, \"shapes\": [{"
                                      "\"label\": \"Person\", \"points\": [[10, 10], [40, 30]],"
                                      " \"group_id\": null, \"shape_type\": \"rectangle\","
                                      " \"flags\": {}}], \"imagePath\": \"photo.png\","
                                      " \"imageData\": null, \"imageHeight\": 90,"
                                      " \"imageWidth\": 120}", -1, NULL));
  g_assert_true (g_file_set_contents (labels, "Person\nCar\n", -1, NULL));
  out = limn_test_server_admin (f->server, "project", "create", "--name", "Hidden",
                                "--labels", labels, NULL);
  project = limn_test_kv (out, "project_id");
  report = limn_test_server_admin (f->server, "import", "--project", project, "--format",
                                   "labelme", "--as-suggestions", "--model", "det",
                                   "--model-version", "4", folder, NULL);
  return project;
}

static JsonObject *
claimed_task (Fixture          *f,
              const char       *project,
              const char       *token,
              LimnTestResponse *r)
{
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/claims", project);
  JsonArray *assignments;

  limn_test_request (f->server, "POST", path, token, "{\"count\": 1}", r, NULL);
  g_assert_cmpuint (r->status, ==, 200);
  assignments = json_object_get_array_member (limn_test_response_object (r), "assignments");
  g_assert_cmpuint (json_array_get_length (assignments), ==, 1);
  return json_object_get_object_member (json_array_get_object_element (assignments, 0), "task");
}

/* hidden_task_fields: annotators' claims lack the hidden fields, an
 * admin's claim and a reviewer's review item have them; the project
 * says which are hidden; "none" clears. */
static void
test_hidden_fields (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *project = suggested_project (f);
  g_autofree char *ann = limn_test_server_add_token (f->server, "hana", project, "annotator", NULL);
  g_autofree char *ann2 = limn_test_server_add_token (f->server, "hugo", project, "annotator", NULL);
  g_autofree char *rev = limn_test_server_add_token (f->server, "rex", project, "reviewer", NULL);
  g_autofree char *admin = limn_test_server_add_token (f->server, "ada", project, "admin", NULL);
  g_autofree char *project_path = g_strdup_printf ("/api/v1/projects/%s", project);
  g_autofree char *review_path = g_strdup_printf ("/api/v1/projects/%s/review/claims", project);
  g_autofree char *err = NULL;
  g_autofree char *items = NULL;
  g_autofree char *ann_id = g_uuid_string_random ();
  g_autofree char *label = limn_test_server_label_id (f->server, project, 0);
  g_auto(LimnTestResponse) r = { 0 };
  g_auto(LimnTestResponse) a = { 0 };
  g_auto(LimnTestResponse) p = { 0 };
  g_auto(LimnTestResponse) rv = { 0 };
  g_auto(LimnTestResponse) cleared = { 0 };
  g_auto(LimnTestResponse) b = { 0 };
  JsonObject *task, *settings, *reviewed;
  JsonArray *hidden, *review_items;

  /* Only known fields. */
  g_assert_cmpint (limn_test_server_admin_run (f->server, NULL, &err, "project", "set",
                                               "--project", project, "--hide-fields",
                                               "title,gps", NULL), !=, 0);
  g_assert_nonnull (strstr (err, "gps"));
  /* Three people may each hold the one task. */
  g_free (limn_test_server_admin (f->server, "project", "set", "--project", project,
                                  "--hide-fields", "suggestions,title", "--overlap", "3", NULL));

  limn_test_request (f->server, "GET", project_path, ann, NULL, &p, NULL);
  settings = json_object_get_object_member (limn_test_response_object (&p), "settings");
  hidden = json_object_get_array_member (settings, "hidden_task_fields");
  g_assert_cmpuint (json_array_get_length (hidden), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (hidden, 0), ==, "title");
  g_assert_cmpstr (json_array_get_string_element (hidden, 1), ==, "suggestions");

  /* The annotator: no title, no suggestions. */
  task = claimed_task (f, project, ann, &r);
  g_assert_cmpstr (json_object_get_string_member (task, "title"), ==, "");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (task, "suggestions")),
                    ==, 0);
  /* An admin who claims sees everything. */
  task = claimed_task (f, project, admin, &a);
  g_assert_cmpstr (json_object_get_string_member (task, "title"), ==, "photo.png");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (task, "suggestions")),
                    ==, 1);

  /* A reviewer, on the annotator's unsure answer: everything too. */
  items = g_strdup_printf ("{\"items\": [{\"kind\": \"annotation\", \"id\": \"%s\","
                           " \"task_id\": \"%s\", \"revision\": 1, \"confidence\": 0.3,"
                           " \"regions\": [{\"id\": \"%s\", \"kind\": \"box\", \"label\": \"%s\","
                           " \"box\": [10, 10, 30, 20]}]}]}",
                           ann_id, json_object_get_string_member (task, "id"), ann_id, label);
  limn_test_request (f->server, "POST", "/api/v1/batches", ann, items, &b,
                     "Idempotency-Key", "privacy-hidden-0001", NULL);
  g_assert_cmpuint (b.status, ==, 200);
  limn_test_request (f->server, "POST", review_path, rev, "{\"count\": 1}", &rv, NULL);
  g_assert_cmpuint (rv.status, ==, 200);
  review_items = json_object_get_array_member (limn_test_response_object (&rv), "items");
  g_assert_cmpuint (json_array_get_length (review_items), ==, 1);
  reviewed = json_object_get_object_member (json_array_get_object_element (review_items, 0),
                                            "task");
  g_assert_cmpstr (json_object_get_string_member (reviewed, "title"), ==, "photo.png");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (reviewed,
                                                                         "suggestions")), ==, 1);

  /* suggestion_scores alone: the suggestion stays, its model and score go. */
  g_free (limn_test_server_admin (f->server, "project", "set", "--project", project,
                                  "--hide-fields", "suggestion_scores", NULL));
  {
    g_auto(LimnTestResponse) s = { 0 };
    JsonObject *suggestion;

    task = claimed_task (f, project, ann2, &s);
    g_assert_cmpstr (json_object_get_string_member (task, "title"), ==, "photo.png");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (task, "suggestions")),
                      ==, 1);
    suggestion = json_array_get_object_element (json_object_get_array_member (task, "suggestions"),
                                                0);
    g_assert_false (json_object_has_member (suggestion, "score"));
    g_assert_false (json_object_has_member (suggestion, "model_version"));
    g_assert_false (json_object_has_member (suggestion, "model"));
  }

  g_free (limn_test_server_admin (f->server, "project", "set", "--project", project,
                                  "--hide-fields", "none", NULL));
  limn_test_request (f->server, "GET", project_path, ann, NULL, &cleared, NULL);
  settings = json_object_get_object_member (limn_test_response_object (&cleared), "settings");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (settings,
                                                                         "hidden_task_fields")),
                    ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/privacy/pseudonyms", Fixture, NULL, setup, test_pseudonyms, teardown);
  g_test_add ("/privacy/erase-annotator", Fixture, NULL, setup, test_erase, teardown);
  g_test_add ("/privacy/campaigns", Fixture, NULL, setup, test_campaigns, teardown);
  g_test_add ("/privacy/hidden-fields", Fixture, NULL, setup, test_hidden_fields, teardown);

  return g_test_run ();
}
