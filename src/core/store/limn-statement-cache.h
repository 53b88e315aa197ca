/* limn-statement-cache.h
 *
 * Prepared statements of one SQLite connection, kept by their SQL text:
 * the desktop store and the server's SQLite backend both prepare each
 * statement once and reuse it. Errors stay with the callers, which map
 * SQLite's codes into their own error domains and words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct _LimnStatementCache LimnStatementCache;

LimnStatementCache *limn_statement_cache_new  (sqlite3            *db);
void                limn_statement_cache_free (LimnStatementCache *self);
/* A reset statement with no bindings for @sql, a constant string; NULL
 * with *@rc set to SQLite's code if it does not prepare. */
sqlite3_stmt       *limn_statement_cache_get  (LimnStatementCache *self,
                                               const char         *sql,
                                               int                *rc);

/* Steps a statement that returns no rows and resets it either way, so it
 * releases its read lock: SQLITE_OK, or SQLite's error code. */
int                 limn_statement_step_done  (sqlite3_stmt       *stmt);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnStatementCache, limn_statement_cache_free)

G_END_DECLS
