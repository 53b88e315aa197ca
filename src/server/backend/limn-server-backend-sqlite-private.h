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

/* The ids in the first column of every row of @stmt, then reset. */
GPtrArray      *limn_server_sqlite_collect_ids (LimnSqlite    *sql,
                                                sqlite3_stmt  *stmt,
                                                GError       **error);

/* Storage calls (limn-server-backend.h says what each one answers) */

/* limn-server-backend-sqlite-accounts.c */
gboolean limn_server_sqlite_lookup_token    (LimnServerTxn        *txn,
                                             const char           *token_sha256,
                                             LimnServerPrincipal **principal,
                                             gboolean             *revoked,
                                             GError              **error);
gboolean limn_server_sqlite_lookup_token_id (LimnServerTxn  *txn,
                                             const char     *token_id,
                                             gboolean       *found,
                                             gboolean       *revoked,
                                             GError        **error);
gboolean limn_server_sqlite_insert_token    (LimnServerTxn   *txn,
                                             const char      *token_id,
                                             const char      *user_id,
                                             const char      *project_id,
                                             LimnServerRole   role,
                                             const char      *token_sha256,
                                             gint64           now_us,
                                             GError         **error);
gboolean limn_server_sqlite_revoke_token    (LimnServerTxn  *txn,
                                             const char     *token_id,
                                             gint64          now_us,
                                             GError        **error);
gboolean limn_server_sqlite_lookup_user     (LimnServerTxn  *txn,
                                             const char     *name,
                                             char          **user_id,
                                             GError        **error);
gboolean limn_server_sqlite_insert_user     (LimnServerTxn  *txn,
                                             const char     *user_id,
                                             const char     *name,
                                             gint64          now_us,
                                             GError        **error);

/* limn-server-backend-sqlite-projects.c */
gboolean              limn_server_sqlite_insert_project      (LimnServerTxn            *txn,
                                                              const LimnServerProject  *project,
                                                              gint64                    now_us,
                                                              GError                  **error);
gboolean              limn_server_sqlite_get_project         (LimnServerTxn      *txn,
                                                              const char         *project_id,
                                                              LimnServerProject **project,
                                                              GError            **error);
GPtrArray     *       limn_server_sqlite_list_project_ids    (LimnServerTxn  *txn,
                                                              GError        **error);
gboolean              limn_server_sqlite_get_settings        (LimnServerTxn       *txn,
                                                              const char          *project_id,
                                                              LimnServerSettings  *settings,
                                                              gboolean            *found,
                                                              GError             **error);
gboolean              limn_server_sqlite_update_settings     (LimnServerTxn             *txn,
                                                              const char                *project_id,
                                                              const LimnServerSettings  *settings,
                                                              GError                   **error);
GPtrArray     *       limn_server_sqlite_project_status      (LimnServerTxn  *txn,
                                                              const char     *project_id,
                                                              GError        **error);
LimnServerInventory * limn_server_sqlite_inventory           (LimnServerTxn  *txn,
                                                              const char     *project_id,
                                                              GError        **error);
GHashTable    *       limn_server_sqlite_get_tasks           (LimnServerTxn       *txn,
                                                              const char * const  *task_ids,
                                                              GError             **error);
gboolean              limn_server_sqlite_lookup_task_project (LimnServerTxn  *txn,
                                                              const char     *task_id,
                                                              char          **project_id,
                                                              GError        **error);
gboolean              limn_server_sqlite_next_task_position  (LimnServerTxn  *txn,
                                                              const char     *project_id,
                                                              gint64         *position,
                                                              GError        **error);
gboolean              limn_server_sqlite_insert_task         (LimnServerTxn         *txn,
                                                              const LimnServerTask  *task,
                                                              gint64                 now_us,
                                                              GError               **error);
gboolean              limn_server_sqlite_set_task_gold       (LimnServerTxn  *txn,
                                                              const char     *task_id,
                                                              const char     *answer_json,
                                                              GError        **error);
gboolean              limn_server_sqlite_get_task_gold       (LimnServerTxn  *txn,
                                                              const char     *task_id,
                                                              gboolean       *is_gold,
                                                              char          **answer_json,
                                                              GError        **error);
gboolean              limn_server_sqlite_find_media          (LimnServerTxn  *txn,
                                                              const char     *sha256,
                                                              const char     *project_id,
                                                              const char     *holder,
                                                              gboolean       *found,
                                                              char          **mime,
                                                              GError        **error);

/* limn-server-backend-sqlite-leases.c */
gboolean        limn_server_sqlite_any_leases_due    (LimnServerTxn  *txn,
                                                      gint64          now_us,
                                                      gboolean       *due,
                                                      GError        **error);
GPtrArray     * limn_server_sqlite_leases_due        (LimnServerTxn  *txn,
                                                      gint64          now_us,
                                                      GError        **error);
GPtrArray     * limn_server_sqlite_held_leases       (LimnServerTxn  *txn,
                                                      const char     *user_id,
                                                      const char     *project_id,
                                                      GError        **error);
GPtrArray     * limn_server_sqlite_candidate_tasks   (LimnServerTxn  *txn,
                                                      const char     *project_id,
                                                      const char     *user_id,
                                                      gboolean        gold,
                                                      gint64          max_holders,
                                                      guint           limit,
                                                      GError        **error);
gboolean        limn_server_sqlite_insert_assignment (LimnServerTxn          *txn,
                                                      const LimnServerLease  *lease,
                                                      GError                **error);
gboolean        limn_server_sqlite_lookup_assignment (LimnServerTxn    *txn,
                                                      const char       *task_id,
                                                      const char       *user_id,
                                                      LimnServerLease **lease,
                                                      GError          **error);
gboolean        limn_server_sqlite_count_holders     (LimnServerTxn  *txn,
                                                      const char     *task_id,
                                                      gint64         *holders,
                                                      GError        **error);
gboolean        limn_server_sqlite_set_lease_state   (LimnServerTxn         *txn,
                                                      const char            *assignment_id,
                                                      LimnServerLeaseState   state,
                                                      gint64                 now_us,
                                                      GError               **error);
gboolean        limn_server_sqlite_set_gold_revealed (LimnServerTxn  *txn,
                                                      const char     *assignment_id,
                                                      gint64          now_us,
                                                      GError        **error);

/* limn-server-backend-sqlite-items.c */
gboolean        limn_server_sqlite_lookup_item_owner (LimnServerTxn      *txn,
                                                      LimnBatchItemKind   kind,
                                                      const char         *item_id,
                                                      char              **user_id,
                                                      GError            **error);
gboolean        limn_server_sqlite_insert_event      (LimnServerTxn        *txn,
                                                      const LimnBatchItem  *item,
                                                      const char           *user_id,
                                                      gint64                now_us,
                                                      gboolean             *inserted,
                                                      GError              **error);
gboolean        limn_server_sqlite_insert_annotation (LimnServerTxn          *txn,
                                                      const LimnBatchItem    *item,
                                                      const char             *user_id,
                                                      const LimnServerLease  *lease,
                                                      const char             *conflict_reason,
                                                      gint64                  now_us,
                                                      GError                **error);
gboolean        limn_server_sqlite_insert_flag       (LimnServerTxn        *txn,
                                                      const LimnBatchItem  *item,
                                                      const char           *user_id,
                                                      const char           *project_id,
                                                      gint64                now_us,
                                                      GError              **error);
gboolean        limn_server_sqlite_lookup_answer     (LimnServerTxn           *txn,
                                                      const char              *user_id,
                                                      const char              *key,
                                                      LimnServerStoredAnswer **answer,
                                                      GError                 **error);
gboolean        limn_server_sqlite_insert_answer     (LimnServerTxn                 *txn,
                                                      const char                    *user_id,
                                                      const char                    *key,
                                                      const LimnServerStoredAnswer  *answer,
                                                      gint64                         now_us,
                                                      GError                       **error);
gboolean        limn_server_sqlite_insert_change     (LimnServerTxn  *txn,
                                                      const char     *recipient,
                                                      const char     *project_id,
                                                      const char     *kind,
                                                      const char     *data_json,
                                                      gint64          now_us,
                                                      GError        **error);
GPtrArray     * limn_server_sqlite_list_changes      (LimnServerTxn  *txn,
                                                      const char     *recipient,
                                                      const char     *project_id,
                                                      gint64          since,
                                                      guint           limit,
                                                      GError        **error);
gboolean        limn_server_sqlite_insert_audit      (LimnServerTxn  *txn,
                                                      const char     *user_id,
                                                      const char     *token_id,
                                                      const char     *action,
                                                      const char     *detail_json,
                                                      gint64          time_us,
                                                      GError        **error);
G_END_DECLS
