/* limn-server-backend-sqlite-private.h
 *
 * What the facets of the SQLite backend share: a pool of connections (one
 * per thread that is using the store at the moment), a statement cache per
 * connection, transactions, and the mapping of SQLite errors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "limn-server-backend-sqlite.h"
#include "store/limn-statement-cache.h"

G_BEGIN_DECLS

typedef struct
{
  LimnServerBackendSqlite *owner;
  sqlite3                 *db;
  LimnStatementCache      *statements;
  gboolean                 in_transaction;
  gboolean                 holds_write_lock;
} LimnSqlConn;

LimnSqlConn  *limn_sqlite_acquire        (LimnServerBackendSqlite  *self,
                                          GError                  **error);
void          limn_sqlite_release        (LimnSqlConn              *conn);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnSqlConn, limn_sqlite_release)

/* Reads take a snapshot (BEGIN); writes are BEGIN IMMEDIATE behind the
 * process's write lock, so threads queue on a mutex instead of spinning in
 * SQLite's busy handler. Other processes (the admin CLI) still meet the
 * busy timeout. */
gboolean      limn_sqlite_begin_read     (LimnSqlConn              *conn,
                                          GError                  **error);
gboolean      limn_sqlite_begin_write    (LimnSqlConn              *conn,
                                          GError                  **error);
gboolean      limn_sqlite_commit         (LimnSqlConn              *conn,
                                          GError                  **error);
void          limn_sqlite_rollback       (LimnSqlConn              *conn);

sqlite3_stmt *limn_sqlite_prepare        (LimnSqlConn              *conn,
                                          const char               *sql,
                                          GError                  **error);
/* Steps a statement expected to give no row (or to ignore it); resets it. */
gboolean      limn_sqlite_step_done      (LimnSqlConn              *conn,
                                          sqlite3_stmt             *stmt,
                                          GError                  **error);
/* Steps once: TRUE with *has_row for SQLITE_ROW / SQLITE_DONE. */
gboolean      limn_sqlite_step_row       (LimnSqlConn              *conn,
                                          sqlite3_stmt             *stmt,
                                          gboolean                 *has_row,
                                          GError                  **error);
gboolean      limn_sqlite_set_error      (LimnSqlConn              *conn,
                                          int                       rc,
                                          GError                  **error);
/* A single integer from a query with at most one row (0 if none). */
gboolean      limn_sqlite_query_int      (LimnSqlConn              *conn,
                                          sqlite3_stmt             *stmt,
                                          gint64                   *out,
                                          GError                  **error);

char         *limn_sqlite_column_dup     (sqlite3_stmt             *stmt,
                                          int                       column);
void          limn_sqlite_bind_text      (sqlite3_stmt             *stmt,
                                          int                       index,
                                          const char               *text);

gboolean      limn_sqlite_migrate        (LimnSqlConn              *conn,
                                          int                       from_version,
                                          GError                  **error);

/* Shared rows */
#define LIMN_SQLITE_TASK_COLUMNS \
  "t.id, t.project_id, t.kind, t.title, t.position, t.media_sha256, t.media_size, " \
  "t.width, t.height, t.mime, t.text, t.language, t.direction, t.suggestions"

LimnServerTask *limn_sqlite_read_task    (sqlite3_stmt             *stmt,
                                          int                       first_column);

gboolean      limn_sqlite_add_change     (LimnSqlConn              *conn,
                                          const char               *recipient,
                                          const char               *project_id,
                                          const char               *kind,
                                          JsonObject               *data,
                                          gint64                    now_us,
                                          GError                  **error);
gboolean      limn_sqlite_add_audit      (LimnSqlConn              *conn,
                                          const LimnServerPrincipal *principal,
                                          const char               *action,
                                          JsonObject               *detail,
                                          GError                  **error);

/* Facets */
GPtrArray    *limn_sqlite_claim          (LimnServerBackend        *backend,
                                          const LimnServerPrincipal *principal,
                                          const char               *project_id,
                                          guint                     count,
                                          gint64                    now_us,
                                          GError                  **error);
gboolean      limn_sqlite_expire_leases  (LimnServerBackend        *backend,
                                          gint64                    now_us,
                                          guint                    *n_expired,
                                          GError                  **error);
gboolean      limn_sqlite_lookup_idempotency (LimnServerBackend    *backend,
                                          const char               *user_id,
                                          const char               *key,
                                          char                    **request_sha256,
                                          guint                    *status,
                                          GBytes                  **body,
                                          GError                  **error);
gboolean      limn_sqlite_apply_batch    (LimnServerBackend        *backend,
                                          const LimnServerPrincipal *principal,
                                          const char               *key,
                                          const char               *request_sha256,
                                          GPtrArray                *items,
                                          gint64                    now_us,
                                          LimnBatchRenderFunc       render,
                                          gpointer                  render_data,
                                          gboolean                 *replayed,
                                          guint                    *status,
                                          GBytes                  **body,
                                          GError                  **error);

char         *limn_sqlite_create_user    (LimnServerBackend        *backend,
                                          const char               *name,
                                          GError                  **error);
char         *limn_sqlite_find_user      (LimnServerBackend        *backend,
                                          const char               *name,
                                          GError                  **error);
char         *limn_sqlite_create_project (LimnServerBackend        *backend,
                                          const char               *name,
                                          const char               *kind,
                                          const char * const       *label_names,
                                          const char               *guidelines,
                                          GError                  **error);
gboolean      limn_sqlite_add_tasks      (LimnServerBackend        *backend,
                                          const char               *project_id,
                                          GPtrArray                *tasks,
                                          guint                    *n_added,
                                          guint                    *n_skipped,
                                          GError                  **error);
char         *limn_sqlite_issue_token    (LimnServerBackend        *backend,
                                          const char               *user_id,
                                          const char               *project_id,
                                          LimnServerRole            role,
                                          const char               *token_sha256,
                                          GError                  **error);
gboolean      limn_sqlite_revoke_token   (LimnServerBackend        *backend,
                                          const char               *token_id,
                                          GError                  **error);
gboolean      limn_sqlite_set_gold       (LimnServerBackend        *backend,
                                          const char               *project_id,
                                          const char               *task_id,
                                          const char               *answer_json,
                                          GError                  **error);
gboolean      limn_sqlite_update_settings (LimnServerBackend       *backend,
                                          const char               *project_id,
                                          const LimnServerSettings *settings,
                                          GError                  **error);
GPtrArray    *limn_sqlite_project_status (LimnServerBackend        *backend,
                                          const char               *project_id,
                                          GError                  **error);

G_END_DECLS
