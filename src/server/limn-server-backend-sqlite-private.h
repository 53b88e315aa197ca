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
#include "store/limn-sqlite.h"

G_BEGIN_DECLS

/* One connection of the pool, with the backend it belongs to. */
typedef struct
{
  LimnServerBackendSqlite *owner;
  LimnSqlite              *sql;
  gboolean                 holds_write_lock;
} LimnSqlConn;

LimnSqlConn  *limn_server_sqlite_acquire     (LimnServerBackendSqlite  *self,
                                              GError                  **error);
void          limn_server_sqlite_release     (LimnSqlConn              *conn);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnSqlConn, limn_server_sqlite_release)

/* Reads take a snapshot (BEGIN); writes are BEGIN IMMEDIATE behind the
 * process's write lock, so threads queue on a mutex instead of spinning in
 * SQLite's busy handler. Other processes (the admin CLI) still meet the
 * busy timeout. */
gboolean      limn_server_sqlite_begin_read  (LimnSqlConn              *conn,
                                              GError                  **error);
gboolean      limn_server_sqlite_begin_write (LimnSqlConn              *conn,
                                              GError                  **error);
gboolean      limn_server_sqlite_commit      (LimnSqlConn              *conn,
                                              GError                  **error);
void          limn_server_sqlite_rollback    (LimnSqlConn              *conn);

/* The schema's migrations and per-connection settings
 * (limn-server-backend-sqlite-schema.c). */
const LimnSqliteSchema *limn_server_sqlite_get_schema (void);

/* Shared rows */
#define LIMN_SERVER_SQLITE_TASK_COLUMNS \
  "t.id, t.project_id, t.kind, t.title, t.position, t.media_sha256, t.media_size, " \
  "t.width, t.height, t.mime, t.text, t.language, t.direction, t.suggestions"

LimnServerTask *limn_server_sqlite_read_task    (sqlite3_stmt             *stmt,
                                                 int                       first_column);

gboolean      limn_server_sqlite_add_change     (LimnSqlConn              *conn,
                                                 const char               *recipient,
                                                 const char               *project_id,
                                                 const char               *kind,
                                                 JsonObject               *data,
                                                 gint64                    now_us,
                                                 GError                  **error);
gboolean      limn_server_sqlite_add_audit      (LimnSqlConn              *conn,
                                                 const LimnServerPrincipal *principal,
                                                 const char               *action,
                                                 JsonObject               *detail,
                                                 GError                  **error);

/* Facets */
GPtrArray    *limn_server_sqlite_claim   (LimnServerBackend        *backend,
                                          const LimnServerPrincipal *principal,
                                          const char               *project_id,
                                          guint                     count,
                                          gint64                    now_us,
                                          GError                  **error);
gboolean      limn_server_sqlite_expire_leases  (LimnServerBackend        *backend,
                                                 gint64                    now_us,
                                                 guint                    *n_expired,
                                                 GError                  **error);
gboolean      limn_server_sqlite_lookup_idempotency (LimnServerBackend    *backend,
                                          const char               *user_id,
                                          const char               *key,
                                          char                    **request_sha256,
                                          guint                    *status,
                                          GBytes                  **body,
                                          GError                  **error);
gboolean      limn_server_sqlite_apply_batch    (LimnServerBackend        *backend,
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

char         *limn_server_sqlite_create_user    (LimnServerBackend        *backend,
                                                 const char               *name,
                                                 GError                  **error);
char         *limn_server_sqlite_find_user      (LimnServerBackend        *backend,
                                                 const char               *name,
                                                 GError                  **error);
char         *limn_server_sqlite_create_project (LimnServerBackend        *backend,
                                                 const char               *name,
                                                 const char               *kind,
                                                 const char * const       *label_names,
                                                 const char               *guidelines,
                                                 GError                  **error);
gboolean      limn_server_sqlite_add_tasks      (LimnServerBackend        *backend,
                                                 const char               *project_id,
                                                 GPtrArray                *tasks,
                                                 guint                    *n_added,
                                                 guint                    *n_skipped,
                                                 GError                  **error);
char         *limn_server_sqlite_issue_token    (LimnServerBackend        *backend,
                                                 const char               *user_id,
                                                 const char               *project_id,
                                                 LimnServerRole            role,
                                                 const char               *token_sha256,
                                                 GError                  **error);
gboolean      limn_server_sqlite_revoke_token   (LimnServerBackend        *backend,
                                                 const char               *token_id,
                                                 GError                  **error);
gboolean      limn_server_sqlite_set_gold       (LimnServerBackend        *backend,
                                                 const char               *project_id,
                                                 const char               *task_id,
                                                 const char               *answer_json,
                                                 GError                  **error);
gboolean      limn_server_sqlite_update_settings (LimnServerBackend       *backend,
                                          const char               *project_id,
                                          const LimnServerSettings *settings,
                                          GError                  **error);
GPtrArray    *limn_server_sqlite_project_status (LimnServerBackend        *backend,
                                                 const char               *project_id,
                                                 GError                  **error);

G_END_DECLS
