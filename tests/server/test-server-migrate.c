/* test-server-migrate.c
 *
 * The store as a whole (issue 22): `limn-server admin migrate` copies a
 * running SQLite deployment into PostgreSQL, and the server on the copy
 * answers as the original did; a target that is not empty, or at another
 * schema version, is refused and left as it was. `admin backup` copies a
 * running server's SQLite file with the online backup API.
 *
 * The backup test needs no PostgreSQL (suite server); the migrate tests start the
 * private cluster (tests/limn-test-postgres.h) and exit 77 where it cannot
 * start (suite postgresql, skipped).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include "limn-server-history.h"
#include "limn-server-test.h"
#include "limn-test-postgres.h"
#include "limn-test-util.h"

typedef struct
{
  LimnTestServer *server;     /* on SQLite */
  LimnHistory    *history;
} Fixture;

/* A small team history (tasks, gold, answers, reviews, guidelines) and a
 * dataset version, written while the server is stopped. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *db = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  LimnHistorySpec spec;

  g_autofree char *task_id = NULL;
  g_autofree char *batch = NULL;
  g_autofree char *event_a = g_uuid_string_random ();
  g_autofree char *event_b = g_uuid_string_random ();
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *session = g_uuid_string_random ();
  g_auto(LimnTestResponse) sent = { 0 };

  (void)data;
  f->server = limn_test_server_new_on (NULL);
  db = limn_test_server_get_db_path (f->server);

  limn_history_spec_init (&spec);
  spec.n_annotators = 3;
  spec.n_tasks = 60;
  spec.n_gold = 6;
  spec.days = 4;
  spec.per_day = 6;
  g_assert_true (limn_test_seed_history_full (db, &spec, &f->history, &error));
  g_assert_no_error (error);

  out = limn_test_server_admin (f->server, "dataset", "create", "--project",
                                f->history->project_id, "--from", "majority", NULL);
  g_assert_nonnull (strstr (out, "\"version\""));
  limn_test_server_start (f->server, NULL, NULL);

  /* Live work on top: each annotator claims tasks, which writes to the
   * changes feed and the audit log. */
  for (guint i = 0; i < f->history->annotator_tokens->len; i++)
    {
      g_auto(LimnTestResponse) r = { 0 };
      g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/claims",
                                               f->history->project_id);

      limn_test_request (f->server, "POST", path, g_ptr_array_index (f->history->annotator_tokens, i),
                         "{\"count\": 2}", &r, NULL);
      g_assert_cmpuint (r.status, ==, 200);
      if (i == 0)
        {
          JsonArray *leased = json_object_get_array_member (limn_test_response_object (&r),
                                                            "assignments");
          JsonObject *task = json_object_get_object_member (json_array_get_object_element (leased, 0),
                                                            "task");

          task_id = g_strdup (json_object_get_string_member (task, "id"));
        }
    }

  /* Events and a stored batch answer (a blob) through a batch with an
   * Idempotency-Key. */
  batch = g_strdup_printf ("{\"items\": ["
                           "{\"kind\": \"event\", \"id\": \"%s\", \"session_id\": \"%s\", "
                           "\"project_id\": \"%s\", \"task_id\": \"%s\", \"type\": \"task_opened\", "
                           "\"wall_us\": 1700000000000000, \"mono_us\": 1, \"payload\": {\"n\": 1}},"
                           "{\"kind\": \"event\", \"id\": \"%s\", \"session_id\": \"%s\", "
                           "\"project_id\": \"%s\", \"task_id\": \"%s\", \"type\": \"region_created\", "
                           "\"wall_us\": 1700000000000500, \"mono_us\": 2, \"payload\": {\"é\": 0.1}}]}",
                           event_a, session, f->history->project_id, task_id,
                           event_b, session, f->history->project_id, task_id);
  limn_test_request (f->server, "POST", "/api/v1/batches",
                     g_ptr_array_index (f->history->annotator_tokens, 0), batch, &sent,
                     "Idempotency-Key", key, NULL);
  g_assert_cmpuint (sent.status, ==, 200);
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT count (*) FROM events"), ==, 2);
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT count (*) FROM idempotency"), ==, 1);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  (void)data;
  g_clear_pointer (&f->history, limn_history_free);
  g_clear_pointer (&f->server, limn_test_server_free);
}

/* The answers compared across backends: the project as an annotator sees
 * it, the changes feed of each annotator, the admin's stats of the
 * project (accuracy against gold, the team's agreement). */
static char *
answers (LimnTestServer *server,
         LimnHistory    *h)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s", h->project_id);
  g_autofree char *stats = NULL;

  for (guint i = 0; i < h->annotator_tokens->len; i++)
    {
      const char *token = g_ptr_array_index (h->annotator_tokens, i);
      g_auto(LimnTestResponse) project = { 0 };
      g_auto(LimnTestResponse) changes = { 0 };
      g_autofree char *p = NULL;
      g_autofree char *c = NULL;

      limn_test_request (server, "GET", path, token, NULL, &project, NULL);
      g_assert_cmpuint (project.status, ==, 200);
      limn_test_request (server, "GET", "/api/v1/changes?since=0&limit=1000", token, NULL,
                         &changes, NULL);
      g_assert_cmpuint (changes.status, ==, 200);
      p = json_to_string (project.json, FALSE);
      c = json_to_string (changes.json, FALSE);
      g_string_append_printf (out, "project[%u] %s\nchanges[%u] %s\n", i, p, i, c);
    }

  stats = limn_test_server_admin (server, "stats", "--project", h->project_id, NULL);
  g_string_append_printf (out, "stats %s\n", stats);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static gint64
report_rows (JsonObject *report,
             const char *table)
{
  JsonArray *tables = json_object_get_array_member (report, "tables");

  for (guint i = 0; i < json_array_get_length (tables); i++)
    {
      JsonObject *t = json_array_get_object_element (tables, i);

      if (g_str_equal (json_object_get_string_member (t, "name"), table))
        {
          g_assert_cmpuint (strlen (json_object_get_string_member (t, "sha256")), ==, 64);
          return json_object_get_int_member (t, "rows");
        }
    }

  g_assert_not_reached ();
}

/* Migrated while the SQLite server runs; the server on PostgreSQL gives
 * the same answers, and keeps numbering where SQLite stopped. */
static void
test_migrate_copy (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *uri = limn_test_postgres_new_database ();
  g_autofree char *db = limn_test_server_get_db_path (f->server);
  g_autofree char *from = g_strconcat ("sqlite:", db, NULL);
  g_autofree char *draft = g_build_filename (limn_test_server_get_data_dir (f->server),
                                             "draft.md", NULL);
  g_autofree char *set = NULL;
  g_autofree char *started = NULL;
  g_autofree char *before = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *experiment = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *pg_changes = NULL;
  g_autofree char *next_seq = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(LimnTestServer) pg = NULL;
  const char *media_args[3] = { "--media", NULL, NULL };
  g_autofree char *media = g_build_filename (limn_test_server_get_data_dir (f->server),
                                             "media", NULL);
  int status;

  (void)data;
  /* What SQLite migrations 13 to 15 added is copied too: a qualification
   * rule, hidden task fields and a running experiment. */
  set = limn_test_server_admin (f->server, "project", "set", "--project", f->history->project_id,
                                "--qualification", "{\"gold_items\": 2, \"min_accuracy\": 0.5}",
                                "--hide-fields", "title", NULL);
  g_assert_true (g_file_set_contents (draft, "# Guidelines, draft\n", -1, NULL));
  /* Two arms of two: a fourth annotator. */
  g_free (limn_test_server_add_token (f->server, "fourth", f->history->project_id, "annotator",
                                      NULL));
  started = limn_test_server_admin (f->server, "experiment", "start", "--project",
                                    f->history->project_id, "--by", "admin", "--draft", draft,
                                    "--items", "2", "--seed", "7", NULL);
  before = answers (f->server, f->history);

  status = limn_test_server_admin_run (f->server, &out, &err, "migrate", "--from", from,
                                       "--to", uri, NULL);
  if (status != 0)
    g_printerr ("%s", err);
  g_assert_cmpint (status, ==, 0);

  report = parse_object (out);
  g_test_message ("%s", out);
  g_assert_cmpint (report_rows (report, "annotations"), ==,
                   limn_test_db_count (f->server, "SELECT count (*) FROM annotations"));
  g_assert_cmpint (report_rows (report, "reviews"), ==,
                   limn_test_db_count (f->server, "SELECT count (*) FROM reviews"));
  g_assert_cmpint (report_rows (report, "tasks"), ==,
                   limn_test_db_count (f->server, "SELECT count (*) FROM tasks"));
  g_assert_cmpint (report_rows (report, "datasets"), ==, 1);
  g_assert_cmpint (report_rows (report, "events"), ==, 2);
  g_assert_cmpint (report_rows (report, "idempotency"), ==, 1);
  g_assert_cmpint (report_rows (report, "experiments"), ==, 1);
  copied = limn_test_postgres_query_text (uri, "SELECT qualification || ' ' || hidden_task_fields "
                                          "FROM projects WHERE id = $1", f->history->project_id);
  stored = limn_test_db_text (f->server, "SELECT qualification || ' ' || hidden_task_fields "
                             "FROM projects WHERE id = ?", f->history->project_id);
  g_assert_nonnull (strstr (stored, "gold_items"));
  g_assert_true (g_str_has_suffix (stored, " title"));
  g_assert_cmpstr (copied, ==, stored);
  experiment = limn_test_postgres_query_text (uri, "SELECT draft FROM experiments "
                                              "WHERE state = 'running'", NULL);
  g_assert_cmpstr (experiment, ==, "# Guidelines, draft\n");
  g_assert_cmpint (report_rows (report, "changes"), >, 0);
  g_assert_cmpint (json_object_get_int_member (report, "rows"), >, 100);

  /* The changes feed's numbers go on after the copied ones. */
  pg_changes = limn_test_postgres_query_text (uri, "SELECT max (seq) FROM changes", NULL);
  next_seq = limn_test_postgres_query_text (uri, "SELECT nextval ('changes_seq_seq')", NULL);
  g_assert_cmpint (g_ascii_strtoll (next_seq, NULL, 10), >,
                   g_ascii_strtoll (pg_changes, NULL, 10));

  limn_test_server_stop (f->server);

  pg = limn_test_server_new_on (uri);
  media_args[1] = media;
  limn_test_server_start (pg, media_args, NULL);
  after = answers (pg, f->history);
  g_assert_cmpstr (after, ==, before);
  limn_test_server_stop (pg);
}

/* A database that already holds a deployment is refused and left as it
 * was; so is one at another schema version. */
static void
test_migrate_refused (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *uri = limn_test_postgres_new_database ();
  g_autofree char *old_uri = limn_test_postgres_new_database ();
  g_autofree char *db = limn_test_server_get_db_path (f->server);
  g_autofree char *from = g_strconcat ("sqlite:", db, NULL);
  g_autoptr(LimnTestServer) other = limn_test_server_new_on (uri);
  g_autoptr(LimnTestServer) old = limn_test_server_new_on (old_uri);
  g_autofree char *users = NULL;
  g_autofree char *tasks = NULL;
  g_autofree char *audit = NULL;
  g_autofree char *version = NULL;
  g_autofree char *err = NULL;
  g_autofree char *old_err = NULL;
  g_autofree char *added = NULL;

  (void)data;
  added = limn_test_server_admin (other, "user", "add", "--name", "zed", NULL);
  audit = limn_test_postgres_query_text (uri, "SELECT count (*) FROM audit_log", NULL);

  g_assert_cmpint (limn_test_server_admin_run (f->server, NULL, &err, "migrate", "--from", from,
                                               "--to", uri, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "not empty"));

  users = limn_test_postgres_query_text (uri, "SELECT string_agg (name, ',') FROM users", NULL);
  tasks = limn_test_postgres_query_text (uri, "SELECT count (*) FROM tasks", NULL);
  g_assert_cmpstr (users, ==, "zed");
  g_assert_cmpstr (tasks, ==, "0");
  g_free (users);
  users = limn_test_postgres_query_text (uri, "SELECT count (*) FROM audit_log", NULL);
  g_assert_cmpstr (users, ==, audit);

  /* An empty schema one version behind: upgrade it first. */
  g_free (limn_test_server_admin (old, "status", NULL));
  version = limn_test_postgres_query_text (old_uri,
                                           "UPDATE schema_version SET version = version - 1 "
                                           "RETURNING version", NULL);
  g_assert_cmpint (limn_test_server_admin_run (f->server, NULL, &old_err, "migrate", "--from",
                                               from, "--to", old_uri, NULL), ==, 1);
  g_assert_nonnull (strstr (old_err, "schema version"));
  g_free (tasks);
  tasks = limn_test_postgres_query_text (old_uri, "SELECT count (*) FROM tasks", NULL);
  g_assert_cmpstr (tasks, ==, "0");
}

/* A copy that does not read back as it was sent is rolled back, and the
 * table is named. The difference is made by a rule on the target (rules
 * rewrite the INSERT itself; the copy turns triggers off, not rules): each
 * label copied is then recoloured. */
static void
test_migrate_verified (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *uri = limn_test_postgres_new_database ();
  g_autofree char *db = limn_test_server_get_db_path (f->server);
  g_autofree char *from = g_strconcat ("sqlite:", db, NULL);
  g_autoptr(LimnTestServer) target = limn_test_server_new_on (uri);
  PGconn *pg;
  PGresult *res;
  g_autofree char *users = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  (void)data;
  /* The schema, empty: as `migrate` would make it. */
  g_free (limn_test_server_admin (target, "status", NULL));
  pg = PQconnectdb (uri);
  g_assert_cmpint (PQstatus (pg), ==, CONNECTION_OK);
  res = PQexec (pg, "CREATE RULE recolour AS ON INSERT TO labels DO ALSO "
                "UPDATE labels SET color = '#000000' WHERE id = NEW.id");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_COMMAND_OK);
  PQclear (res);
  PQfinish (pg);

  g_assert_cmpint (limn_test_server_admin_run (f->server, &out, &err, "migrate", "--from", from,
                                               "--to", uri, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "“labels” differs"));
  g_assert_cmpstr (out, ==, "");

  /* Nothing of the copy was committed, not even the tables before it. */
  users = limn_test_postgres_query_text (uri, "SELECT count (*) FROM users", NULL);
  labels = limn_test_postgres_query_text (uri, "SELECT count (*) FROM labels", NULL);
  g_assert_cmpstr (users, ==, "0");
  g_assert_cmpstr (labels, ==, "0");
}

/* Migrated while another process keeps writing to the SQLite store: the
 * copy is one snapshot, verified, between what was there before and
 * after. */
static void
test_migrate_live (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *uri = limn_test_postgres_new_database ();
  g_autofree char *db = limn_test_server_get_db_path (f->server);
  g_autofree char *from = g_strconcat ("sqlite:", db, NULL);
  g_autofree char *script = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before, after, copied;
  int status;

  (void)data;
  before = limn_test_db_count (f->server, "SELECT count (*) FROM users");
  script = g_strdup_printf ("for i in $(seq 1 40); do \"$0\" admin --data '%s' user add "
                            "--name \"writer-$i\" >/dev/null || exit 1; done",
                            limn_test_server_get_data_dir (f->server));
  writer = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "/bin/sh", "-c", script,
                             g_getenv ("LIMN_SERVER_BINARY"), NULL);
  g_assert_no_error (error);

  /* Once the writer is under way. */
  while (limn_test_db_count (f->server, "SELECT count (*) FROM users") < before + 3)
    g_usleep (2000);
  status = limn_test_server_admin_run (f->server, &out, &err, "migrate", "--from", from,
                                       "--to", uri, NULL);
  if (status != 0)
    g_printerr ("%s", err);
  g_assert_cmpint (status, ==, 0);

  g_assert_true (g_subprocess_wait_check (writer, NULL, &error));
  g_assert_no_error (error);
  after = limn_test_db_count (f->server, "SELECT count (*) FROM users");
  g_assert_cmpint (after, ==, before + 40);

  report = parse_object (out);
  copied = report_rows (report, "users");
  g_test_message ("users: %" G_GINT64_FORMAT " before, %" G_GINT64_FORMAT " copied, %"
                  G_GINT64_FORMAT " after", before, copied, after);
  g_assert_cmpint (copied, >=, before + 3);
  g_assert_cmpint (copied, <=, after);
}

static gint64
count_in (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

/* A backup of the running server's store opens, passes its integrity
 * check and holds the same rows. */
static void
test_backup_sqlite (Fixture       *f,
                    gconstpointer  data)
{
  static const char * const tables[] = {
    "users", "projects", "tasks", "assignments", "annotations", "reviews", "review_items",
    "events", "changes", "audit_log", "datasets", "guidelines", NULL,
  };
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *copy = g_build_filename (dir, "backup.db", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *pg_err = NULL;
  g_autofree char *bytes = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  (void)data;
  out = limn_test_server_admin (f->server, "backup", "--to", copy, NULL);
  bytes = limn_test_kv (out, "bytes");
  g_assert_cmpint (g_ascii_strtoll (bytes, NULL, 10), >, 0);

  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM %s", tables[i]);
      gint64 n = limn_test_db_count (f->server, sql);

      g_assert_cmpint (n, ==, count_in (copy, sql));
      if (g_str_equal (tables[i], "annotations"))
        g_assert_cmpint (n, >, 0);
    }

  g_assert_cmpint (sqlite3_open_v2 (copy, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* A second backup to the same file is refused; the first stays. */
  g_assert_cmpint (limn_test_server_admin_run (f->server, NULL, &err, "backup", "--to", copy,
                                               NULL), ==, 1);
  g_assert_nonnull (strstr (err, "exists"));

  /* On PostgreSQL the command says to use pg_dump. */
  g_assert_cmpint (limn_test_server_admin_run (f->server, NULL, &pg_err,
                                               "--database", "postgresql:///limn", "backup",
                                               "--to", copy, NULL), ==, 1);
  g_assert_nonnull (strstr (pg_err, "pg_dump"));

  limn_test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/backup/sqlite", Fixture, NULL, fixture_set_up, test_backup_sqlite,
              fixture_tear_down);
  g_test_add ("/migrate/copy", Fixture, NULL, fixture_set_up, test_migrate_copy,
              fixture_tear_down);
  g_test_add ("/migrate/refused", Fixture, NULL, fixture_set_up, test_migrate_refused,
              fixture_tear_down);
  g_test_add ("/migrate/verified", Fixture, NULL, fixture_set_up, test_migrate_verified,
              fixture_tear_down);
  g_test_add ("/migrate/live", Fixture, NULL, fixture_set_up, test_migrate_live,
              fixture_tear_down);

  return g_test_run ();
}
