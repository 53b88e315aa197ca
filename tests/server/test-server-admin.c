/* test-server-admin.c
 *
 * `limn-server admin`: every command, its errors with their messages and
 * exit status 1, and that a failed command changes nothing (every table's
 * row count, and the media store, before and after).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "limn-server-history.h"
#include "limn-server-pseudonyms.h"
#include "limn-server-test.h"
#include "limn-test-util.h"

typedef struct
{
  LimnTestServer *server;
  char           *work;       /* input files */
  char           *labels;     /* work/labels.txt */
} Fixture;

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->work, name, NULL);

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);

  return path;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->server = limn_test_server_new ();
  f->work = limn_test_mkdtemp ();
  f->labels = write_file (f, "labels.txt", "Person\nCar\n# a comment\n\nBicycle\n", -1);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_pointer (&f->server, limn_test_server_free);
  limn_test_rm_rf (f->work);
  g_free (f->work);
  g_free (f->labels);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  if (d == NULL)
    return 0;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      n += g_file_test (path, G_FILE_TEST_IS_DIR) ? count_files (path) : 1;
    }

  return n;
}

/* The count of every kind of record (`admin inspect`: users, tokens,
 * projects, labels, guidelines, tasks, assignments, annotations, events,
 * flags, stored batch answers, changes, the audit log) and the number of
 * media files. */
static char *
snapshot (Fixture *f)
{
  g_autofree char *db = limn_test_server_get_db_path (f->server);
  g_autofree char *media = g_build_filename (limn_test_server_get_data_dir (f->server), "media",
                                             NULL);
  GString *out = g_string_new (NULL);

  /* Whether a failed command created the database: only the data folder
   * can tell, since asking `inspect` would create it. */
  if (!g_file_test (db, G_FILE_TEST_EXISTS))
    g_string_append (out, "no database ");
  else
    {
      g_autoptr(GHashTable) counts = limn_test_server_inspect (f->server, NULL, NULL);
      guint n = 0;
      g_autofree gpointer *keys = g_hash_table_get_keys_as_array (counts, &n);

      qsort (keys, n, sizeof (gpointer), compare_strings);
      for (guint i = 0; i < n; i++)
        g_string_append_printf (out, "%s=%s ", (char *)keys[i],
                                (char *)g_hash_table_lookup (counts, keys[i]));
    }

  g_string_append_printf (out, "media=%u", count_files (media));
  return g_string_free (out, FALSE);
}

/* Runs a command that must fail: exit status 1, a message containing
 * @message on stderr, and nothing changed. */
#define assert_fails(f, message, ...)                                             \
  G_STMT_START {                                                                  \
    g_autofree char *before_ = snapshot (f);                                      \
    g_autofree char *after_ = NULL;                                               \
    g_autofree char *out_ = NULL;                                                 \
    g_autofree char *err_ = NULL;                                                 \
    int status_ = limn_test_server_admin_run ((f)->server, &out_, &err_,          \
                                              __VA_ARGS__, NULL);                 \
    if (status_ != 1 || strstr (err_, message) == NULL)                           \
      g_error ("expected failure with “%s”, got %d: %s", message, status_, err_); \
    g_assert_cmpstr (out_, ==, "");                                               \
    after_ = snapshot (f);                                                        \
    g_assert_cmpstr (before_, ==, after_);                                        \
  } G_STMT_END

static char *
create_project (Fixture    *f,
                const char *kind)
{
  g_autofree char *out = limn_test_server_admin (f->server, "project", "create", "--name",
                                                 "Street scenes", "--labels", f->labels,
                                                 "--kind", kind, NULL);
  char *id = limn_test_kv (out, "project_id");

  g_assert_nonnull (id);
  return id;
}

static void
test_project_create (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *guide = write_file (f, "g.md", "# Guidelines\n\nBox people tightly.\n", -1);
  g_autofree char *bad_utf8 = write_file (f, "bad.txt", "Person\n\xff\xfe\n", -1);
  g_autofree char *empty = write_file (f, "empty.txt", "# nothing\n\n", -1);
  g_autofree char *twice = write_file (f, "twice.txt", "Car\nCar\n", -1);
  g_autofree char *missing = g_build_filename (f->work, "nope.txt", NULL);
  g_autofree char *out = NULL;
  g_autofree char *id = NULL;
  g_autofree char *admin = NULL;
  g_autofree char *path = NULL;

  out = limn_test_server_admin (f->server, "project", "create", "--name", "Street scenes",
                                "--labels", f->labels, "--guidelines", guide, NULL);
  id = limn_test_kv (out, "project_id");
  g_assert_nonnull (id);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "labels"), ==, 3);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "audit.admin.project.create"), ==, 1);

  /* The project as the API serves it: its kind and guidelines as given. */
  admin = limn_test_server_add_token (f->server, "boss", NULL, "admin", NULL);
  path = g_strdup_printf ("/api/v1/projects/%s", id);
  limn_test_server_start (f->server, NULL, NULL);
  {
    g_auto(LimnTestResponse) r = { 0 };
    JsonObject *project;

    limn_test_request (f->server, "GET", path, admin, NULL, &r, NULL);
    g_assert_cmpuint (r.status, ==, 200);
    project = limn_test_response_object (&r);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (project, "labels")),
                      ==, 3);
    g_assert_cmpstr (json_object_get_string_member (
                       json_object_get_object_member (project, "guidelines"), "body"),
                     ==, "# Guidelines\n\nBox people tightly.\n");
    g_assert_cmpstr (json_object_get_string_member (project, "kind"), ==, "image");
  }
  limn_test_server_stop (f->server);

  assert_fails (f, "nope.txt", "project", "create", "--name", "X", "--labels", missing);
  assert_fails (f, "UTF-8", "project", "create", "--name", "X", "--labels", bad_utf8);
  assert_fails (f, "at least one label", "project", "create", "--name", "X", "--labels", empty);
  assert_fails (f, "twice", "project", "create", "--name", "X", "--labels", twice);
  assert_fails (f, "--kind", "project", "create", "--name", "X", "--labels", f->labels,
                "--kind", "video");
  assert_fails (f, "--name", "project", "create", "--labels", f->labels);
  assert_fails (f, "must not be empty", "project", "create", "--name", "  ", "--labels", f->labels);
  assert_fails (f, "--colour", "project", "create", "--name", "X", "--labels", f->labels,
                "--colour", "red");
  assert_fails (f, "nope.txt", "project", "create", "--name", "X", "--labels", f->labels,
                "--guidelines", missing);
}

static char *
image_folder (Fixture    *f,
              const char *name,
              guint       n,
              gboolean    with_broken)
{
  char *folder = g_build_filename (f->work, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *file = g_strdup_printf ("%s/photo-%u.png", folder, i);

      limn_test_write_png (file, 120 + i, 90, 0x336699 + i);
    }

  {
    /* Not an image by name: ignored. */
    g_autofree char *notes = g_build_filename (folder, "notes.txt", NULL);
    g_file_set_contents (notes, "hello", -1, NULL);
  }

  if (with_broken)
    {
      g_autofree char *broken = g_build_filename (folder, "zz-broken.png", NULL);
      g_file_set_contents (broken, "this is not a PNG at all", -1, NULL);
    }

  return folder;
}

static void
test_task_add_images (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *project = create_project (f, "image");
  g_autofree char *text_project = NULL;
  g_autofree char *folder = image_folder (f, "imgs", 2, FALSE);
  g_autofree char *broken = image_folder (f, "broken", 2, TRUE);
  g_autofree char *missing = g_build_filename (f->work, "no-such-folder", NULL);
  g_autofree char *out = NULL;
  g_autofree char *again = NULL;
  g_autofree char *first = NULL;
  g_autoptr(GHashTable) task = NULL;
  const char *sha;
  g_autofree char *media_path = NULL;
  g_autofree char *prefix = NULL;
  g_auto(GStrv) lines = NULL;

  out = limn_test_server_admin (f->server, "task", "add", "--project", project, "--images",
                                folder, NULL);
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "tasks"), ==, 2);

  /* The first task (in name order) is photo-0.png, as its header says. */
  first = limn_test_kv (out, "task_id");
  task = limn_test_server_inspect (f->server, NULL, first);
  g_assert_cmpstr (g_hash_table_lookup (task, "title"), ==, "photo-0.png");
  g_assert_cmpstr (g_hash_table_lookup (task, "width"), ==, "120");
  g_assert_cmpstr (g_hash_table_lookup (task, "height"), ==, "90");
  g_assert_cmpstr (g_hash_table_lookup (task, "mime"), ==, "image/png");

  /* Stored by content. */
  sha = g_hash_table_lookup (task, "media_sha256");
  prefix = g_strndup (sha, 2);
  media_path = g_build_filename (limn_test_server_get_data_dir (f->server), "media", prefix, sha,
                                 NULL);
  g_assert_true (g_file_test (media_path, G_FILE_TEST_IS_REGULAR));
  {
    g_autofree char *original = g_build_filename (folder, "photo-0.png", NULL);
    g_autofree char *sum = limn_test_file_checksum (original);

    g_assert_cmpstr (sum, ==, sha);
  }

  /* Adding the folder again finds the same tasks and adds none. */
  again = limn_test_server_admin (f->server, "task", "add", "--project", project, "--images",
                                  folder, NULL);
  g_assert_cmpstr (g_strstrip (again), ==, out);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "tasks"), ==, 2);

  /* One broken image stops all, and no file is left behind. */
  assert_fails (f, "zz-broken.png", "task", "add", "--project", project, "--images", broken);
  assert_fails (f, "no-such-folder", "task", "add", "--project", project, "--images", missing);
  assert_fails (f, "no project", "task", "add", "--project", "00000000-0000-4000-8000-000000000000",
                "--images", folder);
  assert_fails (f, "either", "task", "add", "--project", project, "--images", folder,
                "--texts", f->labels);
  assert_fails (f, "either", "task", "add", "--project", project);

  text_project = create_project (f, "text");
  assert_fails (f, "text project", "task", "add", "--project", text_project, "--images", folder);
}

/* --media: the images go to a folder of their own (several instances on
 * one database share it), and a store this build has not got is refused
 * before anything is written. */
static void
test_task_add_media_elsewhere (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *project = create_project (f, "image");
  g_autofree char *folder = image_folder (f, "imgs", 2, FALSE);
  g_autofree char *shared = g_build_filename (f->work, "shared-media", NULL);
  g_autofree char *data_media = g_build_filename (limn_test_server_get_data_dir (f->server),
                                                  "media", NULL);
  g_autofree char *out = NULL;
  g_autofree char *first = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GHashTable) task = NULL;
  const char *sha;

  assert_fails (f, "not built in", "task", "add", "--project", project, "--images", folder,
                "--media", "s3://bucket/limn");

  out = limn_test_server_admin (f->server, "task", "add", "--project", project, "--images",
                                folder, "--media", shared, NULL);
  first = limn_test_kv (out, "task_id");
  task = limn_test_server_inspect (f->server, NULL, first);
  sha = g_hash_table_lookup (task, "media_sha256");
  prefix = g_strndup (sha, 2);
  path = g_build_filename (shared, prefix, sha, NULL);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_files (data_media), ==, 0);
}

static void
test_task_add_texts (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *project = create_project (f, "text");
  g_autofree char *good = write_file (f, "good.jsonl",
                                      "{\"text\": \"Hello world\"}\r\n"
                                      "\n"
                                      "{\"text\": \"مرحبا بالعالم\", \"language\": \"ar\", "
                                      "\"direction\": \"rtl\", \"id\": 17}\n"
                                      "{\"text\": \"Kept id\", \"id\": "
                                      "\"5a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9\"}\n", -1);
  g_autofree char *bad_utf8 = write_file (f, "bad.jsonl",
                                          "{\"text\": \"a\"}\n{\"text\": \"b\"}\n"
                                          "{\"text\": \"\xc3\x28\"}\n", -1);
  g_autofree char *bad_json = write_file (f, "badjson.jsonl", "{\"text\": \"a\"}\n{\"text\": \n", -1);
  g_autofree char *bad_dir = write_file (f, "dir.jsonl", "{\"text\": \"a\", \"direction\": \"up\"}\n",
                                         -1);
  g_autofree char *no_text = write_file (f, "notext.jsonl", "{\"txt\": \"a\"}\n", -1);
  g_autofree char *wrong_type = write_file (f, "type.jsonl", "{\"text\": 5}\n", -1);
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  guint hello = 0, arabic = 0;

  out = limn_test_server_admin (f->server, "task", "add", "--project", project, "--texts", good,
                                NULL);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "tasks"), ==, 3);
  g_assert_nonnull (strstr (out, "task_id=5a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9"));

  /* Each task as stored: the Arabic one right to left, the first without
   * its CR. */
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "task_id="))
      {
        g_autoptr(GHashTable) task = limn_test_server_inspect (f->server, NULL, lines[i] + 8);

        if (g_strcmp0 (g_hash_table_lookup (task, "language"), "ar") == 0)
          {
            g_assert_cmpstr (g_hash_table_lookup (task, "direction"), ==, "rtl");
            arabic++;
          }
        hello += g_strcmp0 (g_hash_table_lookup (task, "text"), "Hello world") == 0;
      }
  g_assert_cmpuint (arabic, ==, 1);
  g_assert_cmpuint (hello, ==, 1);

  assert_fails (f, "line 3", "task", "add", "--project", project, "--texts", bad_utf8);
  assert_fails (f, "Line 2", "task", "add", "--project", project, "--texts", bad_json);
  assert_fails (f, "direction", "task", "add", "--project", project, "--texts", bad_dir);
  assert_fails (f, "text", "task", "add", "--project", project, "--texts", no_text);
  assert_fails (f, "string", "task", "add", "--project", project, "--texts", wrong_type);
}

static void
test_users_and_tokens (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *project = create_project (f, "image");
  g_autofree char *out = NULL;
  g_autofree char *token = NULL;
  g_autofree char *token_id = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *db_path = limn_test_server_get_db_path (f->server);
  g_autofree char *db_bytes = NULL;
  gsize db_len;

  out = limn_test_server_admin (f->server, "user", "add", "--name", "alice", NULL);
  g_assert_true (g_str_has_prefix (out, "user_id="));
  assert_fails (f, "already", "user", "add", "--name", "alice");
  assert_fails (f, "--name", "user", "add");

  g_free (out);
  out = limn_test_server_admin (f->server, "token", "issue", "--user", "alice", "--project",
                                project, "--role", "annotator", NULL);
  token = limn_test_kv (out, "token");
  token_id = limn_test_kv (out, "token_id");
  g_assert_true (g_regex_match_simple ("^limn_[A-Za-z0-9_-]{43}$", token, 0, 0));

  /* Only the hash is kept. What is stored at rest, byte for byte, only the
   * database file can tell. */
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  stored = limn_test_db_text (f->server, "SELECT sha256 FROM tokens WHERE id = ?", token_id);
  g_assert_cmpstr (stored, ==, hash);
  if (limn_test_server_get_database (f->server) != NULL)
    {
      /* PostgreSQL: no row of any table that could hold it has it. */
      g_autofree char *found = limn_test_db_text (f->server,
                                                  "SELECT count(*) FROM (SELECT t::text AS r FROM tokens t "
                                                  "UNION ALL SELECT a::text FROM audit_log a "
                                                  "UNION ALL SELECT u::text FROM users u) x "
                                                  "WHERE strpos (r, ?) > 0", token + 5);

      g_assert_cmpstr (found, ==, "0");
    }
  else
    {
      g_assert_true (g_file_get_contents (db_path, &db_bytes, &db_len, NULL));
      g_assert_null (g_strstr_len (db_bytes, db_len, token + 5));
    }

  /* A server-wide admin token has no project. */
  g_free (out);
  out = limn_test_server_admin (f->server, "token", "issue", "--user", "alice", "--role", "admin",
                                NULL);
  g_assert_nonnull (strstr (out, "\ntoken=limn_"));

  assert_fails (f, "no user", "token", "issue", "--user", "zed", "--project", project,
                "--role", "annotator");
  assert_fails (f, "--project", "token", "issue", "--user", "alice", "--role", "reviewer");
  assert_fails (f, "--role", "token", "issue", "--user", "alice", "--project", project,
                "--role", "owner");
  assert_fails (f, "no project", "token", "issue", "--user", "alice", "--project",
                "00000000-0000-4000-8000-000000000000", "--role", "annotator");

  g_free (out);
  out = limn_test_server_admin (f->server, "token", "revoke", "--token-id", token_id, NULL);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "tokens.revoked"), ==, 1);
  assert_fails (f, "already", "token", "revoke", "--token-id", token_id);
  assert_fails (f, "no token", "token", "revoke", "--token-id", "nope");
}

static void
test_gold_set (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *project = create_project (f, "image");
  g_autofree char *other = create_project (f, "image");
  g_autofree char *folder = image_folder (f, "imgs", 1, FALSE);
  g_autofree char *folder2 = image_folder (f, "imgs2", 1, FALSE);
  g_autofree char *out = limn_test_server_admin (f->server, "task", "add", "--project", project,
                                                 "--images", folder, NULL);
  g_autofree char *out2 = limn_test_server_admin (f->server, "task", "add", "--project", other,
                                                  "--images", folder2, NULL);
  g_autofree char *task = limn_test_kv (out, "task_id");
  g_autofree char *other_task = limn_test_kv (out2, "task_id");
  g_autofree char *label = limn_test_server_label_id (f->server, project, 1);   /* Car */
  g_autofree char *good_json = g_strdup_printf ("{\"regions\": [{\"id\": "
                                                "\"11111111-2222-4333-8444-555555555555\", "
                                                "\"kind\": \"box\", \"label\": \"%s\", "
                                                "\"box\": [10, 10, 50, 40]}]}", label);
  g_autofree char *outside_json = g_strdup_printf ("{\"regions\": [{\"id\": "
                                                   "\"11111111-2222-4333-8444-555555555555\", "
                                                   "\"kind\": \"box\", \"label\": \"%s\", "
                                                   "\"box\": [100, 10, 50, 40]}]}", label);
  g_autofree char *good = write_file (f, "gold.json", good_json, -1);
  g_autofree char *outside = write_file (f, "outside.json", outside_json, -1);
  g_autofree char *unknown = write_file (f, "unknown.json",
                                         "{\"regions\": [{\"id\": "
                                         "\"11111111-2222-4333-8444-555555555555\", \"kind\": \"box\", "
                                         "\"label\": \"Car\", \"box\": [1, 1, 5, 5]}]}", -1);
  g_autofree char *not_json = write_file (f, "not.json", "regions: none", -1);
  g_autofree char *spans = write_file (f, "spans.json",
                                       "{\"regions\": [{\"id\": "
                                       "\"11111111-2222-4333-8444-555555555555\", \"kind\": \"span\", "
                                       "\"label\": \"x\", \"start\": 0, \"end\": 1, \"text\": \"a\"}]}",
                                       -1);
  g_autofree char *missing = g_build_filename (f->work, "none.json", NULL);
  g_autofree char *set = NULL;

  set = limn_test_server_admin (f->server, "gold", "set", "--project", project, "--task", task,
                                "--answer", good, NULL);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "tasks.gold"), ==, 1);
  {
    g_autoptr(GHashTable) stored = limn_test_server_inspect (f->server, NULL, task);

    g_assert_cmpstr (g_hash_table_lookup (stored, "gold"), ==, "1");
    g_assert_nonnull (strstr (g_hash_table_lookup (stored, "gold_answer"),
                              "11111111-2222-4333-8444-555555555555"));
  }

  assert_fails (f, "outside", "gold", "set", "--project", project, "--task", task,
                "--answer", outside);
  assert_fails (f, "unknown label", "gold", "set", "--project", project, "--task", task,
                "--answer", unknown);
  assert_fails (f, "JSON", "gold", "set", "--project", project, "--task", task,
                "--answer", not_json);
  assert_fails (f, "unknown label", "gold", "set", "--project", project, "--task", task,
                "--answer", spans);
  assert_fails (f, "none.json", "gold", "set", "--project", project, "--task", task,
                "--answer", missing);
  assert_fails (f, "no task", "gold", "set", "--project", project, "--task", other_task,
                "--answer", good);
  assert_fails (f, "no project", "gold", "set", "--project", "00000000-0000-4000-8000-000000000000",
                "--task", task, "--answer", good);
}

static void
test_project_set (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *project = create_project (f, "image");
  g_autofree char *out = NULL;

  out = limn_test_server_admin (f->server, "project", "set", "--project", project, "--overlap", "3",
                                "--gold-rate", "0.1", "--audit-rate", "0.05", "--lease-seconds",
                                "3600", NULL);
  {
    g_autoptr(GHashTable) settings = limn_test_server_inspect (f->server, project, NULL);

    g_assert_cmpstr (g_hash_table_lookup (settings, "overlap"), ==, "3");
    g_assert_cmpfloat (g_ascii_strtod (g_hash_table_lookup (settings, "gold_rate"), NULL), ==, 0.1);
    g_assert_cmpfloat (g_ascii_strtod (g_hash_table_lookup (settings, "audit_rate"), NULL), ==,
                       0.05);
    g_assert_cmpstr (g_hash_table_lookup (settings, "lease_seconds"), ==, "3600");
    g_assert_cmpstr (g_hash_table_lookup (settings, "confidence_steps"), ==, "5");
  }

  assert_fails (f, "--overlap", "project", "set", "--project", project, "--overlap", "0");
  assert_fails (f, "--gold-rate", "project", "set", "--project", project, "--gold-rate", "1.5");
  assert_fails (f, "--audit-rate", "project", "set", "--project", project, "--audit-rate", "nan");
  assert_fails (f, "--lease-seconds", "project", "set", "--project", project,
                "--lease-seconds", "soon");
  assert_fails (f, "Say what to change", "project", "set", "--project", project);
  assert_fails (f, "no project", "project", "set", "--project", "nope", "--overlap", "2");
}

/* `limn-server admin ARGS…` without --data: the exit status, with stdout
 * and stderr in @out and @err. */
static int
run_bare (char       **out,
          char       **err,
          const char  *first,
          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;
  va_list args;

  g_ptr_array_add (argv, (gpointer)g_getenv ("LIMN_SERVER_BINARY"));
  g_ptr_array_add (argv, "admin");
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)a);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  return WEXITSTATUS (wait_status);
}

/* Every command and group answers --help (and `help …`) with its usage on
 * stdout, needs no --data for it, and touches no database. */
static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  static const char * const commands[][3] = {
    { "project", "create", "--labels" }, { "project", "set", "--overlap" },
    { "task", "add", "--images" }, { "user", "add", "--name" },
    { "token", "issue", "--role" }, { "token", "revoke", "--token-id" },
    { "gold", "set", "--answer" }, { "status", NULL, "--project" },
    { "inspect", NULL, "--task" }, { "stats", NULL, "--toxic-spans" },
  };
  const char * const overview[] = { "--help", "-h", "help" };
  g_autofree char *db = g_build_filename (f->work, "help", "limn-server.db", NULL);
  g_autofree char *data_dir = g_path_get_dirname (db);

  for (guint i = 0; i < G_N_ELEMENTS (overview); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (run_bare (&out, &err, overview[i], NULL), ==, 0);
      g_assert_true (g_str_has_prefix (out, "Usage: limn-server admin"));
      for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
        {
          g_autofree char *words = g_strjoin (" ", commands[c][0], commands[c][1], NULL);

          g_assert_nonnull (strstr (out, words));
        }
    }

  for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
    {
      g_autofree char *words = g_strjoin (" ", commands[c][0], commands[c][1], NULL);
      g_autofree char *usage = g_strconcat ("Usage: limn-server admin --data DIR ", words, NULL);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *out2 = NULL;
      g_autofree char *err2 = NULL;

      if (commands[c][1] != NULL)
        {
          g_assert_cmpint (run_bare (&out, &err, commands[c][0], commands[c][1], "--help", NULL),
                           ==, 0);
          g_assert_cmpint (run_bare (&out2, &err2, "help", commands[c][0], commands[c][1], NULL),
                           ==, 0);
        }
      else
        {
          g_assert_cmpint (run_bare (&out, &err, commands[c][0], "--help", NULL), ==, 0);
          g_assert_cmpint (run_bare (&out2, &err2, "help", commands[c][0], NULL), ==, 0);
        }
      g_test_message ("%s", out);
      if (!g_str_equal (commands[c][0], "stats"))
        g_assert_true (g_str_has_prefix (out, usage));
      g_assert_nonnull (strstr (out, commands[c][2]));
      g_assert_cmpstr (out, ==, out2);
    }

  /* A group lists its commands. */
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (run_bare (&out, &err, "token", "--help", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "token issue"));
    g_assert_nonnull (strstr (out, "token revoke"));
    g_assert_null (strstr (out, "project create"));
  }

  /* --help wins over everything else on the line, and opens nothing. */
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (run_bare (&out, &err, "--data", data_dir, "project", "set", "--project",
                               "x", "--help", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "--gold-rate"));
    g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  }

  /* An unknown command is still an error, with the overview. */
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint (run_bare (&out, &err, "frobnicate", "--help", NULL), ==, 1);
    g_assert_nonnull (strstr (err, "unknown command"));
  }
}

static void
test_status (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *project = create_project (f, "image");
  g_autofree char *folder = image_folder (f, "imgs", 3, FALSE);
  g_autofree char *out = limn_test_server_admin (f->server, "task", "add", "--project", project,
                                                 "--images", folder, NULL);
  g_autofree char *status = limn_test_server_admin (f->server, "status", NULL);
  g_autofree char *one = limn_test_server_admin (f->server, "status", "--project", project, NULL);
  g_autofree char *tasks = limn_test_kv (strstr (status, "tasks="), "tasks");

  g_assert_cmpstr (tasks, ==, "3");
  g_assert_nonnull (strstr (status, "name=Street scenes"));
  g_assert_nonnull (strstr (one, project));
  g_assert_nonnull (strstr (status, "conflicts=0 flags=0"));

  assert_fails (f, "no project", "status", "--project", "00000000-0000-4000-8000-000000000000");
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *project = create_project (f, "image");

  assert_fails (f, "unknown command", "frobnicate");
  assert_fails (f, "unknown command", "project", "destroy");
  assert_fails (f, "needs a value", "status", "--project");
  assert_fails (f, "twice", "status", "--project", "a", "--project", "b");

  /* No --data at all. */
  {
    g_autoptr(GError) error = NULL;
    const char *argv[] = { g_getenv ("LIMN_SERVER_BINARY"), "admin", "status", NULL };
    int wait_status = 0;

    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                  &wait_status, &error);
    g_assert_no_error (error);
    g_assert_true (WIFEXITED (wait_status));
    g_assert_cmpint (WEXITSTATUS (wait_status), ==, 1);
    g_assert_nonnull (strstr (err, "--data"));
  }
}

static void
test_newer_database (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *project = create_project (f, "image");
  g_autofree char *db_path = limn_test_server_get_db_path (f->server);
  g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  sqlite3 *db = NULL;

  if (limn_test_server_get_database (f->server) != NULL)
    {
      g_autofree char *version = NULL;

      /* PostgreSQL: the version row says it, and stays as it was. */
      g_free (limn_test_db_text (f->server, "UPDATE schema_version SET version = 99 "
                                 "RETURNING version", NULL));
      g_assert_cmpint (limn_test_server_admin_run (f->server, &out, &err, "status", NULL), ==, 1);
      g_assert_nonnull (strstr (err, "newer"));
      version = limn_test_db_text (f->server, "SELECT version FROM schema_version", NULL);
      g_assert_cmpstr (version, ==, "99");
      return;
    }

  /* A file "from a newer limn-server" can only be made by writing to the
   * SQLite file itself. */
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  before = limn_test_file_checksum (db_path);

  g_assert_cmpint (limn_test_server_admin_run (f->server, &out, &err, "status", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "newer"));

  after = limn_test_file_checksum (db_path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

/* What migration 6 (the team dashboard's summary columns and change
 * counter) added: its triggers first, which name the columns. */
#define UNDO_MIGRATION_6 \
  "DROP TRIGGER team_version_annotation_insert; DROP TRIGGER team_version_annotation_update; " \
  "DROP TRIGGER team_version_review_insert; DROP TRIGGER team_version_review_update; " \
  "DROP TRIGGER team_version_task_insert; DROP TRIGGER team_version_task_update; " \
  "DROP TRIGGER team_version_task_delete; DROP TRIGGER team_version_label_insert; " \
  "DROP TRIGGER team_version_label_update; DROP TRIGGER team_version_label_delete; " \
  "DROP TRIGGER team_version_settings; " \
  "ALTER TABLE annotations DROP COLUMN region_labels; " \
  "ALTER TABLE annotations DROP COLUMN model_regions; " \
  "ALTER TABLE projects DROP COLUMN team_version; "

/* What migration 3 (review, docs/review.md) added, taken away again: a
 * version-2 file, in the words of this build; with what migrations 5 and
 * 6 (the team dashboard), 7 (dataset versions), 8–9 (campaigns) and 11
 * (label names per language), 12 (guardrails), 13 (qualification), 14 (hidden task fields),
 * 15 (experiments) and 16 (guidelines per language) added. */
#define UNDO_MIGRATION_4 \
  "ALTER TABLE projects DROP COLUMN qualification; " \
  "ALTER TABLE projects DROP COLUMN hidden_task_fields; " \
  "DROP TABLE experiments; " \
  "ALTER TABLE guidelines DROP COLUMN translations; " \
  "ALTER TABLE projects DROP COLUMN guardrails; " \
  "ALTER TABLE labels DROP COLUMN names; ALTER TABLE labels DROP COLUMN descriptions; " \
  "DROP TABLE campaign_items; DROP TABLE campaigns; " \
  "ALTER TABLE projects DROP COLUMN auto_propose_campaigns; " \
  "DROP TABLE datasets; " \
  UNDO_MIGRATION_6 \
  "DROP TABLE alerts; DROP TABLE server_meta; " \
  "DROP TABLE review_comments; DROP TABLE reviews; DROP TABLE review_items; " \
  "DROP TABLE reviewers; DROP TABLE messages; DROP TABLE guideline_acks; DROP TABLE notes; " \
  "DROP TABLE audit_strata; DROP INDEX flags_by_task; " \
  "ALTER TABLE projects DROP COLUMN review_threshold; " \
  "ALTER TABLE projects DROP COLUMN senior_threshold; " \
  "ALTER TABLE projects DROP COLUMN agreement_threshold; " \
  "ALTER TABLE projects DROP COLUMN match_iou; " \
  "ALTER TABLE assignments DROP COLUMN rework; ALTER TABLE annotations DROP COLUMN author; " \
  "ALTER TABLE guidelines DROP COLUMN summary; ALTER TABLE guidelines DROP COLUMN published_by; " \
  "ALTER TABLE labels DROP COLUMN retired_us; "

/* A version-1 file (assignments without a position) opens with each
 * annotator's assignments numbered in the order they were made. */
static void
test_migrate_positions (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *project = limn_test_server_add_image_project (f->server, "Old", 3);
  g_autofree char *t1 = limn_test_server_add_token (f->server, "ann", project, "annotator", NULL);
  g_autofree char *t2 = limn_test_server_add_token (f->server, "bob", project, "annotator", NULL);
  GPtrArray *tasks = limn_test_server_get_task_ids (f->server, project);
  g_autofree char *db_path = limn_test_server_get_db_path (f->server);
  g_autofree char *out = NULL;
  g_autofree char *ann = NULL;
  g_autofree char *bob = NULL;
  /* ann took tasks 2, 0, 1 in that order; bob took 1. */
  const struct { const char *who; guint task; } rows[] = {
    { "ann", 2 }, { "bob", 1 }, { "ann", 0 }, { "ann", 1 },
  };
  sqlite3 *db = NULL;

  if (limn_test_server_get_database (f->server) != NULL)
    {
      g_test_skip ("SQLite's migration 2: PostgreSQL's schema starts with positions");
      return;
    }

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  /* Back to version 1: without version 4's review tables, version 3's
   * per-user change numbers and answer tokens, and version 2's position. */
  g_assert_cmpint (sqlite3_exec (db, UNDO_MIGRATION_4 "ALTER TABLE assignments DROP COLUMN position; "
                                 "DROP INDEX changes_by_recipient_seq; "
                                 "ALTER TABLE changes DROP COLUMN recipient_seq; "
                                 "DROP INDEX idempotency_by_age; "
                                 "ALTER TABLE idempotency DROP COLUMN token_id; "
                                 "PRAGMA user_version = 1", NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *sql = NULL;

      sql = g_strdup_printf ("INSERT INTO assignments (id, task_id, project_id, annotator, status, "
                             "assigned_us, lease_expires_us) SELECT 'a%u', '%s', '%s', id, "
                             "'assigned', 1, 2 FROM users WHERE name = '%s'", i,
                             (const char *)g_ptr_array_index (tasks, rows[i].task), project,
                             rows[i].who);
      g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  sqlite3_close (db);

  out = limn_test_server_admin (f->server, "status", NULL);
  ann = limn_test_db_text (f->server, "SELECT group_concat (a.id || ':' || a.position, ' ') FROM "
                           "(SELECT * FROM assignments ORDER BY id) a JOIN users u "
                           "ON u.id = a.annotator WHERE u.name = ?", "ann");
  bob = limn_test_db_text (f->server, "SELECT group_concat (a.id || ':' || a.position, ' ') FROM "
                           "assignments a JOIN users u ON u.id = a.annotator WHERE u.name = ?",
                           "bob");
  g_assert_cmpstr (ann, ==, "a0:0 a2:1 a3:2");
  g_assert_cmpstr (bob, ==, "a1:0");
  g_assert_cmpint (limn_test_db_count (f->server, "PRAGMA user_version"), ==, 16);
}

/* --database chooses the store: sqlite:PATH beside the data folder's
 * default file, and PostgreSQL refused clearly in this version. */
static void
test_database_uri (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *other = g_build_filename (f->work, "other.db", NULL);
  g_autofree char *uri = g_strconcat ("sqlite:", other, NULL);
  g_autofree char *out = NULL;
  g_autofree char *inspect = NULL;
  g_autofree char *project = create_project (f, "image");

  out = limn_test_server_admin (f->server, "--database", uri, "user", "add", "--name", "zoe", NULL);
  g_assert_true (g_file_test (other, G_FILE_TEST_IS_REGULAR));
  inspect = limn_test_server_admin (f->server, "--database", uri, "inspect", NULL);
  g_assert_true (g_str_has_prefix (inspect, "users=1\n"));
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "users"), ==, 0);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "projects"), ==, 1);

  /* Reaches libpq, which finds no server there (a socket directory
   * that does not exist: no port anyone could be listening on). */
  assert_fails (f, "PostgreSQL", "--database",
                "postgresql:///limn?host=/nonexistent-limn-socket-dir", "status");
  assert_fails (f, "not a database", "--database", "mysql://x/y", "status");
}

/* `admin stats --toxic-spans DIR` prints the statistics as JSON and needs
 * no --data; a folder without the files is an error, not a crash. */
static void
test_stats_toxic_spans (Fixture       *f,
                        gconstpointer  data)
{
  const char *shared = g_getenv ("LIMN_SHARED_DATA");
  g_autofree char *dir = shared ? g_build_filename (shared, "toxic-spans", NULL) : NULL;
  const char *argv[] = { g_getenv ("LIMN_SERVER_BINARY"), "admin", "stats", "--toxic-spans",
                         NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int wait_status = 0;
  JsonObject *root;

  assert_fails (f, "--toxic-spans", "stats");
  assert_fails (f, "comments.csv", "stats", "--toxic-spans",
                limn_test_server_get_data_dir (f->server));

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("toxic-spans not found under LIMN_SHARED_DATA");
      return;
    }

  argv[4] = dir;
  g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, 0);

  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "items"), ==, 400);
  g_assert_cmpint (json_object_get_int_member (root, "annotators"), ==, 982);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "skipped_spans")),
                    ==, 4);
  g_assert_true (json_object_has_member (json_object_get_object_member (root,
                                                                        "krippendorff_alpha"),
                                         "value"));
}

/* `admin stats --project` adds the team dashboard's agreement rows and
 * skills, from the same computation as the route: 3 annotators on 3
 * tasks, Person given by all on task 0, by two of three on task 1, by
 * nobody on task 2 (Car there). Coincidences of Person presence: o11 = 3
 * + 1, o00 = 3, o01 = o10 = 1; n1 = 5, n0 = 4, n = 9, so α = 1 − (n − 1)
 * (o01 + o10) / (2 n0 n1) = 1 − 16/40 = 0.6. Annotators under their
 * pseudonyms, by user id with --names. */
static const LimnHistoryAnswer team_answers[] = {
  { 0, 0, 1, "P", 0.9, 30, 0 }, { 1, 0, 1, "P", 0.9, 30, 0 }, { 2, 0, 1, "P", 0.9, 30, 0 },
  { 0, 1, 1, "P", 0.9, 30, 0 }, { 1, 1, 1, "P", 0.9, 30, 0 }, { 2, 1, 1, "C", 0.9, 30, 0 },
  { 0, 2, 1, "C", 0.9, 30, 0 }, { 1, 2, 1, "C", 0.9, 30, 0 }, { 2, 2, 1, "C", 0.9, 30, 0 },
};

static JsonObject *
team_part (JsonParser *parser,
           const char *out)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  return json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                        "team");
}

static void
test_stats_team (Fixture       *f,
                 gconstpointer  data)
{
  LimnHistoryScript script = { 3, 3, 3, NULL, team_answers, G_N_ELEMENTS (team_answers) };
  g_autofree char *db = limn_test_server_get_store (f->server);
  g_autoptr(LimnHistory) h = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) named_parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *named = NULL;
  g_autofree char *hex = NULL;
  g_autoptr(GBytes) secret = NULL;
  guchar key[32];
  JsonObject *team, *team_named;
  JsonArray *rows, *annotators, *annotators_named;
  gboolean seen_person = FALSE;

  g_assert_true (limn_test_seed_script (db, &script, &h, &error));
  g_assert_no_error (error);

  out = limn_test_server_admin (f->server, "stats", "--project", h->project_id, NULL);
  named = limn_test_server_admin (f->server, "stats", "--project", h->project_id, "--names", NULL);
  team = team_part (parser, out);
  team_named = team_part (named_parser, named);
  g_assert_true (json_object_get_boolean_member (team, "pseudonymous"));
  g_assert_false (json_object_get_boolean_member (team_named, "pseudonymous"));

  rows = json_object_get_array_member (team, "agreement");
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (!g_str_equal (json_object_get_string_member (row, "by"), "label") ||
          !g_str_equal (json_object_get_string_member (row, "name"), "Person"))
        continue;
      seen_person = TRUE;
      g_assert_cmpstr (json_object_get_string_member (row, "key"), ==,
                       g_ptr_array_index (h->label_ids, 0));
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (row, "alpha"), 0.6, 1e-9);
      g_assert_cmpint (json_object_get_int_member (row, "units"), ==, 3);
    }
  g_assert_true (seen_person);

  /* The secret the first run made, as the dashboard's pseudonyms use it. */
  hex = limn_test_db_text (f->server,
                           limn_test_server_get_database (f->server) != NULL
                           ? "SELECT encode (value, 'hex') FROM server_meta WHERE key = ?"
                           : "SELECT hex (value) FROM server_meta WHERE key = ?",
                           "pseudonym_secret");
  g_assert_nonnull (hex);
  for (guint i = 0; i < 32; i++)
    key[i] = g_ascii_xdigit_value (hex[2 * i]) * 16 + g_ascii_xdigit_value (hex[2 * i + 1]);
  secret = g_bytes_new (key, sizeof key);

  annotators = json_object_get_array_member (team, "annotators");
  annotators_named = json_object_get_array_member (team_named, "annotators");
  g_assert_cmpuint (json_array_get_length (annotators), ==, 3);
  g_assert_cmpuint (json_array_get_length (annotators_named), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *a = json_array_get_object_element (annotators, i);
      JsonObject *n = json_array_get_object_element (annotators_named, i);
      const char *user_id = json_object_get_string_member (n, "annotator");
      g_autofree char *pseudonym = limn_server_pseudonym (secret, h->project_id, user_id);

      g_assert_true (g_ptr_array_find_with_equal_func (h->annotator_ids, user_id, g_str_equal,
                                                       NULL));
      g_assert_cmpstr (json_object_get_string_member (a, "annotator"), ==, pseudonym);
      g_assert_cmpint (json_object_get_int_member (a, "submitted"), ==, 3);
      /* GLAD's skill needs 10 answers on shared tasks: 3 here. */
      g_assert_true (json_object_get_null_member (a, "skill"));
    }
  g_assert_null (strstr (out, (const char *)g_ptr_array_index (h->annotator_ids, 0)));

  assert_fails (f, "--names go with --project", "stats", "--names", "--toxic-spans",
                limn_test_server_get_data_dir (f->server));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/server-admin/project-create", test_project_create);
  ADD ("/server-admin/task-add/images", test_task_add_images);
  ADD ("/server-admin/task-add/media-elsewhere", test_task_add_media_elsewhere);
  ADD ("/server-admin/task-add/texts", test_task_add_texts);
  ADD ("/server-admin/users-and-tokens", test_users_and_tokens);
  ADD ("/server-admin/gold-set", test_gold_set);
  ADD ("/server-admin/project-set", test_project_set);
  ADD ("/server-admin/status", test_status);
  ADD ("/server-admin/usage-errors", test_usage_errors);
  ADD ("/server-admin/help", test_help);
  ADD ("/server-admin/database-uri", test_database_uri);
  ADD ("/server-admin/newer-database", test_newer_database);
  ADD ("/server-admin/migrate-positions", test_migrate_positions);
  ADD ("/server-admin/stats-toxic-spans", test_stats_toxic_spans);
  ADD ("/server-admin/stats-team", test_stats_team);
#undef ADD

  return g_test_run ();
}
