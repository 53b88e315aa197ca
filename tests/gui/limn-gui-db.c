/* limn-gui-db.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <sqlite3.h>

#include "limn-gui-db.h"
#include "limn-gui-test.h"

char *
limn_gui_db_text (const char *db_path,
                  const char *sql,
                  const char *arg)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 2000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        g_string_append_printf (out, "%s%s", i > 0 ? "|" : "", (const char *)sqlite3_column_text (stmt, i));
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

typedef struct
{
  const char *db_path;
  const char *sql;
  const char *arg;
  const char *want;
} DbWait;

static gboolean
db_is (gpointer data)
{
  DbWait *w = data;
  g_autofree char *have = limn_gui_db_text (w->db_path, w->sql, w->arg);

  return g_strcmp0 (have, w->want) == 0;
}

void
limn_gui_db_assert (const char *db_path,
                    const char *sql,
                    const char *arg,
                    const char *want)
{
  DbWait w = { db_path, sql, arg, want };

  if (!limn_gui_test_wait_until (db_is, &w, 10000))
    {
      g_autofree char *have = limn_gui_db_text (db_path, sql, arg);

      g_test_message ("%s (%s): have \"%s\", want \"%s\"", sql, arg, have, want);
      g_assert_cmpstr (have, ==, want);
    }
}
