/* test-sqlite.c
 *
 * The SQLite helper the store and the server share: errors come in the
 * caller's domain, codes and words; statements are prepared once and come
 * back reset; transactions nest as savepoints; migrations run in order,
 * each in its own transaction, and one that fails leaves the file at the
 * version before it; a file from a newer program is refused untouched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "store/limn-sqlite.h"
#include "limn-test-util.h"

static GQuark test_sqlite_error_quark (void);
G_DEFINE_QUARK (test-sqlite-error-quark, test_sqlite_error)

enum { T_FAILED = 10, T_OPEN, T_NEWER, T_CORRUPT, T_FULL, T_READ_ONLY, T_BUSY, T_INVALID };

static const LimnSqliteErrors test_errors = {
  .domain = test_sqlite_error_quark,
  .codes = {
    [LIMN_SQLITE_FAULT_FAILED] = T_FAILED,
    [LIMN_SQLITE_FAULT_OPEN] = T_OPEN,
    [LIMN_SQLITE_FAULT_NEWER] = T_NEWER,
    [LIMN_SQLITE_FAULT_CORRUPT] = T_CORRUPT,
    [LIMN_SQLITE_FAULT_FULL] = T_FULL,
    [LIMN_SQLITE_FAULT_READ_ONLY] = T_READ_ONLY,
    [LIMN_SQLITE_FAULT_BUSY] = T_BUSY,
    [LIMN_SQLITE_FAULT_IO] = T_FAILED,
    [LIMN_SQLITE_FAULT_INVALID] = T_INVALID,
  },
  .messages = {
    [LIMN_SQLITE_FAULT_NEWER] = "%s is version %d, newer than %d",
    [LIMN_SQLITE_FAULT_CORRUPT] = "%s is damaged (%s)",
    [LIMN_SQLITE_FAULT_FULL] = "%s: full",
    [LIMN_SQLITE_FAULT_READ_ONLY] = "%s: read-only",
    [LIMN_SQLITE_FAULT_BUSY] = "%s: busy (%s)",
  },
  .migration_failed = "upgrade to %d: ",
};

static const char * const migrations[] = {
  NULL,
  "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE); PRAGMA user_version = 1;",
  "ALTER TABLE t ADD COLUMN note TEXT; PRAGMA user_version = 2;",
  "CREATE TABLE u (x); INSERT INTO nowhere VALUES (1); PRAGMA user_version = 3;",
};

static const LimnSqliteSchema schema_v2 = { migrations, 2, "PRAGMA foreign_keys = ON;" };
static const LimnSqliteSchema schema_v3 = { migrations, 3, NULL };
static const LimnSqliteSchema schema_v1 = { migrations, 1, NULL };

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("limn-sqlite-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "sub", "x.db", NULL);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  limn_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static gint64
count (LimnSqlite *sql,
       const char *query)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = limn_sqlite_prepare (sql, query, &error);
  gint64 n = -1;

  g_assert_no_error (error);
  g_assert_true (limn_sqlite_query_int (sql, stmt, &n, &error));
  g_assert_no_error (error);
  return n;
}

static void
test_statements_and_errors (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnSqlite) sql = limn_sqlite_open_schema (f->path, &test_errors, &schema_v2, &error);
  g_autofree char *name = NULL;
  g_autofree char *note = NULL;
  sqlite3_stmt *stmt, *again;
  gboolean has_row;

  g_assert_no_error (error);
  g_assert_cmpint (limn_sqlite_get_user_version (sql, &error), ==, 2);

  stmt = limn_sqlite_prepare (sql, "INSERT INTO t (name) VALUES (?)", &error);
  limn_sqlite_bind_text (stmt, 1, "a");
  g_assert_true (limn_sqlite_step_done (sql, stmt, &error));
  again = limn_sqlite_prepare (sql, "INSERT INTO t (name) VALUES (?)", &error);
  g_assert_true (again == stmt);

  /* Unbound: NULL, which the schema refuses, in the caller's words. */
  g_assert_false (limn_sqlite_step_done (sql, again, &error));
  g_assert_error (error, test_sqlite_error_quark (), T_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "The data breaks a rule of the database ("));
  g_clear_error (&error);

  g_assert_null (limn_sqlite_prepare (sql, "SELECT nothing FROM nowhere", &error));
  g_assert_error (error, test_sqlite_error_quark (), T_FAILED);
  g_assert_nonnull (strstr (error->message, f->path));
  g_clear_error (&error);

  stmt = limn_sqlite_prepare (sql, "SELECT name, note FROM t", &error);
  g_assert_true (limn_sqlite_step_row (sql, stmt, &has_row, &error));
  g_assert_true (has_row);
  name = limn_sqlite_column_dup (stmt, 0);
  note = limn_sqlite_column_dup (stmt, 1);
  g_assert_cmpstr (name, ==, "a");
  g_assert_null (note);
  g_assert_true (limn_sqlite_step_row (sql, stmt, &has_row, &error));
  g_assert_false (has_row);
}

static void
test_transactions (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnSqlite) sql = limn_sqlite_open_schema (f->path, &test_errors, &schema_v1, &error);

  g_assert_true (limn_sqlite_begin (sql, TRUE, &error));
  g_assert_true (limn_sqlite_exec (sql, "INSERT INTO t (name) VALUES ('kept')", &error));
  g_assert_true (limn_sqlite_begin (sql, TRUE, &error));
  g_assert_cmpuint (limn_sqlite_get_depth (sql), ==, 2);
  g_assert_true (limn_sqlite_exec (sql, "INSERT INTO t (name) VALUES ('dropped')", &error));
  limn_sqlite_rollback (sql);
  g_assert_true (limn_sqlite_begin (sql, TRUE, &error));
  g_assert_true (limn_sqlite_exec (sql, "INSERT INTO t (name) VALUES ('nested')", &error));
  g_assert_true (limn_sqlite_commit (sql, &error));
  g_assert_true (limn_sqlite_commit (sql, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (limn_sqlite_get_depth (sql), ==, 0);
  g_assert_cmpint (count (sql, "SELECT COUNT(*) FROM t"), ==, 2);
  g_assert_cmpint (count (sql, "SELECT COUNT(*) FROM t WHERE name = 'dropped'"), ==, 0);

  /* A reader's snapshot. */
  g_assert_true (limn_sqlite_begin (sql, FALSE, &error));
  g_assert_cmpint (count (sql, "SELECT COUNT(*) FROM t"), ==, 2);
  limn_sqlite_rollback (sql);
}

/* Flattened (a bulk import): nested ones are no savepoints, and one
 * rolled back dooms the whole transaction, so nothing half-done commits. */
static void
test_flattened (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnSqlite) sql = limn_sqlite_open_schema (f->path, &test_errors, &schema_v1, &error);

  g_assert_true (limn_sqlite_begin (sql, TRUE, &error));
  limn_sqlite_flatten_nested (sql);
  g_assert_true (limn_sqlite_begin (sql, TRUE, &error));
  g_assert_cmpuint (limn_sqlite_get_depth (sql), ==, 2);
  g_assert_true (limn_sqlite_exec (sql, "INSERT INTO t (name) VALUES ('nested')", &error));
  g_assert_true (limn_sqlite_commit (sql, &error));
  g_assert_true (limn_sqlite_commit (sql, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (sql, "SELECT COUNT(*) FROM t"), ==, 1);

  g_assert_true (limn_sqlite_begin (sql, TRUE, &error));
  limn_sqlite_flatten_nested (sql);
  g_assert_true (limn_sqlite_exec (sql, "INSERT INTO t (name) VALUES ('outer')", &error));
  g_assert_true (limn_sqlite_begin (sql, TRUE, &error));
  g_assert_true (limn_sqlite_exec (sql, "INSERT INTO t (name) VALUES ('half')", &error));
  limn_sqlite_rollback (sql);
  g_assert_false (limn_sqlite_commit (sql, &error));
  g_assert_error (error, test_sqlite_error_quark (), T_FAILED);
  g_clear_error (&error);
  g_assert_cmpuint (limn_sqlite_get_depth (sql), ==, 0);
  g_assert_cmpint (count (sql, "SELECT COUNT(*) FROM t"), ==, 1);

  /* It ended with its transaction: the next nests savepoints again. */
  g_assert_true (limn_sqlite_begin (sql, TRUE, &error));
  g_assert_true (limn_sqlite_exec (sql, "INSERT INTO t (name) VALUES ('kept')", &error));
  g_assert_true (limn_sqlite_begin (sql, TRUE, &error));
  g_assert_true (limn_sqlite_exec (sql, "INSERT INTO t (name) VALUES ('dropped')", &error));
  limn_sqlite_rollback (sql);
  g_assert_true (limn_sqlite_commit (sql, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (sql, "SELECT COUNT(*) FROM t"), ==, 2);
}

static void
test_migrations (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnSqlite) sql = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;

  sql = limn_sqlite_open_schema (f->path, &test_errors, &schema_v1, &error);
  g_assert_no_error (error);
  g_clear_pointer (&sql, limn_sqlite_close);

  /* 1 → 2 works; 2 → 3 fails and leaves version 2 whole. */
  sql = limn_sqlite_open_schema (f->path, &test_errors, &schema_v3, &error);
  g_assert_null (sql);
  g_assert_error (error, test_sqlite_error_quark (), T_FAILED);
  g_assert_true (g_str_has_prefix (error->message, "upgrade to 3: "));
  g_clear_error (&error);

  sql = limn_sqlite_open_schema (f->path, &test_errors, &schema_v2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (limn_sqlite_get_user_version (sql, &error), ==, 2);
  g_assert_cmpint (count (sql, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'u'"), ==, 0);
  g_clear_pointer (&sql, limn_sqlite_close);

  /* A newer file is refused, byte for byte untouched. */
  g_assert_true (g_file_get_contents (f->path, &before, &before_len, NULL));
  sql = limn_sqlite_open_schema (f->path, &test_errors, &schema_v1, &error);
  g_assert_null (sql);
  g_assert_error (error, test_sqlite_error_quark (), T_NEWER);
  g_assert_true (g_str_has_suffix (error->message, "is version 2, newer than 1"));
  g_assert_true (g_file_get_contents (f->path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
}

static void
test_not_a_database (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnSqlite) sql = NULL;
  g_autofree char *dir = g_path_get_dirname (f->path);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (f->path, "this is not a database, not even close to one........"
                                      "............................................................"
                                      "............................................................", -1, NULL));
  sql = limn_sqlite_open_schema (f->path, &test_errors, &schema_v1, &error);
  g_assert_null (sql);
  g_assert_error (error, test_sqlite_error_quark (), T_CORRUPT);
  g_assert_true (g_str_has_prefix (error->message, f->path));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/sqlite/statements-and-errors", test_statements_and_errors);
  ADD ("/sqlite/transactions", test_transactions);
  ADD ("/sqlite/flattened", test_flattened);
  ADD ("/sqlite/migrations", test_migrations);
  ADD ("/sqlite/not-a-database", test_not_a_database);
#undef ADD

  return g_test_run ();
}
