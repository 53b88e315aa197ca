/* bench-load-store.c
 *
 * The counts of bench-load on SQLite or PostgreSQL. The SQL is written
 * once with $1, which SQLite reads as a named parameter bound by index.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include "bench-load-store.h"

struct _BenchStore
{
  sqlite3 *db;
  PGconn  *pg;
};

BenchStore *
bench_store_open (const char *data_dir,
                  const char *database)
{
  BenchStore *store = g_new0 (BenchStore, 1);

  if (database != NULL)
    {
      store->pg = PQconnectdb (database);
      if (PQstatus (store->pg) != CONNECTION_OK)
        g_error ("connecting to %s: %s", database, PQerrorMessage (store->pg));
    }
  else
    {
      g_autofree char *path = g_build_filename (data_dir, "limn-server.db", NULL);

      if (sqlite3_open_v2 (path, &store->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        g_error ("opening %s: %s", path, sqlite3_errmsg (store->db));
    }

  return store;
}

void
bench_store_close (BenchStore *store)
{
  g_clear_pointer (&store->pg, PQfinish);
  g_clear_pointer (&store->db, sqlite3_close);
  g_free (store);
}

/* The first column of every row, as text. */
static GPtrArray *
query (BenchStore *store,
       const char *sql,
       const char *project_id)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_free);

  if (store->pg != NULL)
    {
      const char *values[] = { project_id };
      PGresult *res = PQexecParams (store->pg, sql, 1, NULL, values, NULL, NULL, 0);

      if (PQresultStatus (res) != PGRES_TUPLES_OK)
        g_error ("%s: %s", sql, PQerrorMessage (store->pg));
      for (int i = 0; i < PQntuples (res); i++)
        g_ptr_array_add (rows, g_strdup (PQgetvalue (res, i, 0)));
      PQclear (res);
    }
  else
    {
      sqlite3_stmt *stmt = NULL;

      if (sqlite3_prepare_v2 (store->db, sql, -1, &stmt, NULL) != SQLITE_OK)
        g_error ("%s: %s", sql, sqlite3_errmsg (store->db));
      sqlite3_bind_text (stmt, 1, project_id, -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (rows, g_strdup ((const char *)sqlite3_column_text (stmt, 0)));
      sqlite3_finalize (stmt);
    }

  return rows;
}

BenchTally
bench_store_count (BenchStore *store,
                   const char *sql,
                   const char *project_id,
                   GHashTable *sent)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) ids = query (store, sql, project_id);
  BenchTally t = { g_hash_table_size (sent), 0, 0, 0, 0 };

  for (guint i = 0; i < ids->len; i++)
    {
      gpointer key;

      t.stored++;
      if (!g_hash_table_lookup_extended (sent, g_ptr_array_index (ids, i), &key, NULL))
        t.unexpected++;
      else if (!g_hash_table_add (seen, key))
        t.duplicated++;
    }
  t.lost = t.sent - g_hash_table_size (seen);

  return t;
}

guint
bench_store_rows (BenchStore *store,
                  const char *sql,
                  const char *project_id)
{
  g_autoptr(GPtrArray) rows = query (store, sql, project_id);

  return rows->len;
}
