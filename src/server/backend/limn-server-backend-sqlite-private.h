/* limn-server-backend-sqlite-private.h
 *
 * What the files of the SQLite backend share: a pool of connections (one
 * per thread that is using the store at the moment), transactions on them,
 * and each storage call's implementation, by facet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "limn-server-backend-sqlite.h"
#include "store/limn-sqlite.h"

G_BEGIN_DECLS

/* One connection of the pool, with the backend it belongs to. */
typedef struct
{
  LimnServerBackendSqlite *owner;
  LimnSqlite              *sql;
  gboolean                 holds_write_lock;
} LimnSqlConn;

/* A transaction: a connection taken from the pool from begin to end.
 * Reads take a snapshot (BEGIN); writes are BEGIN IMMEDIATE behind the
 * process's write lock, so threads queue on a mutex instead of spinning in
 * SQLite's busy handler. Other processes (the admin CLI) still meet the
 * busy timeout. */
typedef struct
{
  LimnServerTxn  parent;
  LimnSqlConn   *conn;
  sqlite3_stmt  *insert_event;   /* prepared on the first event of a batch */
} LimnSqliteTxn;

/* The connection of a transaction. */
static inline LimnSqlite *
limn_server_sqlite_txn_sql (LimnServerTxn *txn)
{
  return ((LimnSqliteTxn *)txn)->conn->sql;
}

/* The schema's migrations and per-connection settings
 * (limn-server-backend-sqlite-schema.c). */
const LimnSqliteSchema *limn_server_sqlite_get_schema (void);

/* Shared rows */
#define LIMN_SERVER_SQLITE_TASK_COLUMNS \
  "t.id, t.project_id, t.kind, t.title, t.position, t.media_sha256, t.media_size, " \
  "t.width, t.height, t.mime, t.text, t.language, t.direction, t.suggestions"

LimnServerTask *limn_server_sqlite_read_task (sqlite3_stmt *stmt,
                                              int           first_column);

/* Binds @text without a copy: it must outlive the step. */
void            limn_server_sqlite_bind_static (sqlite3_stmt *stmt,
                                                int           index,
                                                const char   *text);

/* The text in the first column of @stmt's first row (NULL when there is
 * no row, or it is NULL), then reset. */
gboolean        limn_server_sqlite_query_text  (LimnSqlite    *sql,
                                                sqlite3_stmt  *stmt,
                                                char         **out,
                                                GError       **error);

/* What @read makes of every row of @stmt (freed with @free_func), then
 * reset. */
typedef gpointer (*LimnSqliteReadRow) (sqlite3_stmt *stmt);

GPtrArray      *limn_server_sqlite_collect_rows (LimnSqlite        *sql,
                                                 sqlite3_stmt      *stmt,
                                                 LimnSqliteReadRow  read,
                                                 GDestroyNotify     free_func,
                                                 GError           **error);
/* The ids in the first column of every row of @stmt, then reset. */
GPtrArray      *limn_server_sqlite_collect_ids  (LimnSqlite        *sql,
                                                 sqlite3_stmt      *stmt,
                                                 GError           **error);

/* The storage calls, by facet: each file fills in its part of the
 * interface (limn-server-backend.h says what each call answers). */
void            limn_server_sqlite_accounts_init (LimnServerBackendInterface *iface);
void            limn_server_sqlite_projects_init (LimnServerBackendInterface *iface);
void            limn_server_sqlite_leases_init   (LimnServerBackendInterface *iface);
void            limn_server_sqlite_items_init    (LimnServerBackendInterface *iface);
void            limn_server_sqlite_review_init   (LimnServerBackendInterface *iface);
void            limn_server_sqlite_team_init     (LimnServerBackendInterface *iface);
void            limn_server_sqlite_datasets_init (LimnServerBackendInterface *iface);
void            limn_server_sqlite_campaigns_init (LimnServerBackendInterface *iface);
void            limn_server_sqlite_erase_init    (LimnServerBackendInterface *iface);
void            limn_server_sqlite_experiments_init (LimnServerBackendInterface *iface);

G_END_DECLS
