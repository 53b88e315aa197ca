/* limn-statement-cache.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-store"

#include "config.h"

#include "limn-statement-cache.h"

struct _LimnStatementCache
{
  sqlite3    *db;           /* not owned */
  GHashTable *statements;   /* const char *sql (static) -> sqlite3_stmt */
};

LimnStatementCache *
limn_statement_cache_new (sqlite3 *db)
{
  LimnStatementCache *self = g_new0 (LimnStatementCache, 1);

  self->db = db;
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify)sqlite3_finalize);

  return self;
}

/* Before the connection closes: sqlite3_close_v2() waits for them. */
void
limn_statement_cache_free (LimnStatementCache *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->statements);
  g_free (self);
}

sqlite3_stmt *
limn_statement_cache_get (LimnStatementCache *self,
                          const char         *sql,
                          int                *rc)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  *rc = SQLITE_OK;
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  /* PERSISTENT: these live as long as the connection. */
  *rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (*rc != SQLITE_OK)
    return NULL;

  g_hash_table_insert (self->statements, (gpointer)sql, stmt);

  return stmt;
}

int
limn_statement_step_done (sqlite3_stmt *stmt)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);

  return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}
