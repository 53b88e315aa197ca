/* limn-server-backend-pg-private.h
 *
 * What the files of the PostgreSQL backend share: a pool of connections
 * (one per transaction in progress), transactions on them, prepared
 * statements, readers of results, and each storage call's implementation,
 * by facet (limn-server-backend-pg-{accounts,projects,leases,items,review,
 * team,datasets,campaigns,erase,experiments}.c).
 *
 * How a storage call looks:
 *
 *   static const LimnPgStatement lookup_user = {
 *     "lookup_user", "SELECT id FROM users WHERE name = $1", 1,
 *   };
 *   const char *values[] = { name };
 *   g_autoptr(PGresult) res = NULL;
 *
 *   if (!limn_pg_run (txn, &lookup_user, values, &res, error))
 *     return FALSE;
 *   *user_id = PQntuples (res) > 0 ? limn_pg_dup (res, 0, 0) : NULL;
 *
 * Parameters are text (NULL is SQL NULL); numbers are formatted into
 * LimnPgNum buffers on the stack (limn_pg_int64_param()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libpq-fe.h>

#include "limn-server-backend-pg.h"

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

/* The key of the advisory lock every write transaction takes first
 * (pg_advisory_xact_lock): writers are serialized across every
 * limn-server process on the database, as SQLite's single writer was.
 * "LIMN" in ASCII. */
#define LIMN_PG_WRITE_LOCK_KEY "1279872334"

/* One connection of the pool, with the backend it belongs to. */
typedef struct
{
  LimnServerBackendPg *owner;
  PGconn              *pg;
  GHashTable          *prepared;   /* const LimnPgStatement * → its name here */
  guint                n_prepared;
  gboolean             broken;     /* lost: closed, not returned to the pool */
} LimnPgConn;

/* A transaction: a connection taken from the pool from begin to end.
 * Writes: BEGIN ISOLATION LEVEL READ COMMITTED, then the advisory lock;
 * reads: BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY (a snapshot). */
typedef struct
{
  LimnServerTxn  parent;
  LimnPgConn    *conn;
  gboolean       open;     /* BEGIN done, neither COMMIT nor ROLLBACK yet */
} LimnPgTxn;

static inline PGconn *
limn_pg_txn_conn (LimnServerTxn *txn)
{
  return ((LimnPgTxn *)txn)->conn->pg;
}

/* A statement prepared on each connection the first time it is used
 * there; keyed by its address, so declare it static const. @name is only
 * for messages. */
typedef struct
{
  const char *name;
  const char *sql;
  int         n_params;
} LimnPgStatement;

/* Runs @sql (with $1 … $n) with @n text @values (NULL: SQL NULL). The
 * result is kept in @out when not NULL. Errors are mapped from SQLSTATE:
 * class 23 (constraints, 23505 a unique one among them) → INVALID, as on
 * SQLite, 40001/40P01 → BUSY, 53100 → FULL, 25006 → READ_ONLY,
 * a lost connection → FAILED. */
gboolean        limn_pg_exec     (LimnServerTxn          *txn,
                                  const char             *sql,
                                  int                     n,
                                  const char * const     *values,
                                  PGresult              **out,
                                  GError                **error);
/* The same with a prepared statement (@stmt->n_params values). */
gboolean        limn_pg_run      (LimnServerTxn          *txn,
                                  const LimnPgStatement  *stmt,
                                  const char * const     *values,
                                  PGresult              **out,
                                  GError                **error);

/* Readers. limn_pg_text(): the value, NULL for SQL NULL (owned by @res);
 * limn_pg_dup(): a copy. Numbers read 0 (FALSE) for SQL NULL. */
const char     *limn_pg_text     (const PGresult *res, int row, int col);
char           *limn_pg_dup      (const PGresult *res, int row, int col);
gint64          limn_pg_int64    (const PGresult *res, int row, int col);
double          limn_pg_double   (const PGresult *res, int row, int col);
gboolean        limn_pg_bool     (const PGresult *res, int row, int col);
gboolean        limn_pg_is_null  (const PGresult *res, int row, int col);
/* A bytea column, unescaped. */
GBytes         *limn_pg_bytes    (const PGresult *res, int row, int col);

/* Parameters: numbers are formatted into a buffer on the caller's stack,
 * which must outlive the call that sends it. */
typedef struct { char s[G_ASCII_DTOSTR_BUF_SIZE + 1]; } LimnPgNum;

const char     *limn_pg_int64_param  (LimnPgNum *buf, gint64 value);
const char     *limn_pg_double_param (LimnPgNum *buf, double value);
static inline const char *
limn_pg_bool_param (gboolean value)
{
  return value ? "t" : "f";
}
/* A bytea parameter in hex form ("\\x…"), to be freed. */
char           *limn_pg_bytes_param  (GBytes *bytes);

/* What @read makes of every row of the result of @stmt (freed with
 * @free_func). */
typedef gpointer (*LimnPgReadRow) (const PGresult *res, int row);

GPtrArray      *limn_pg_collect_rows (LimnServerTxn          *txn,
                                      const LimnPgStatement  *stmt,
                                      const char * const     *values,
                                      LimnPgReadRow           read,
                                      GDestroyNotify          free_func,
                                      GError                **error);
/* The texts in the first column of every row. */
GPtrArray      *limn_pg_collect_ids  (LimnServerTxn          *txn,
                                      const LimnPgStatement  *stmt,
                                      const char * const     *values,
                                      GError                **error);

/* The text in the first column of the first row (NULL when there is no
 * row, or it is NULL). */
gboolean        limn_pg_query_text   (LimnServerTxn          *txn,
                                      const LimnPgStatement  *stmt,
                                      const char * const     *values,
                                      char                  **out,
                                      GError                **error);

/* The integer in the first column of the first row (0 when there is no
 * row, or it is NULL). */
gboolean        limn_pg_query_int64  (LimnServerTxn          *txn,
                                      const LimnPgStatement  *stmt,
                                      const char * const     *values,
                                      gint64                 *out,
                                      GError                **error);

/* A storage call the backend has not got yet (review, team, datasets,
 * campaigns until they are written): NOT_SUPPORTED. */
void            limn_pg_not_supported (GError    **error,
                                       const char *call);

/* Shared rows */
#define LIMN_PG_TASK_COLUMNS \
  "t.id, t.project_id, t.kind, t.title, t.position, t.media_sha256, t.media_size, " \
  "t.width, t.height, t.mime, t.text, t.language, t.direction, t.suggestions"
#define LIMN_PG_TASK_N_COLUMNS 14

LimnServerTask *limn_pg_read_task (const PGresult *res,
                                   int             row,
                                   int             first_column);

/* The schema's migrations (limn-server-backend-pg-schema.c): brings the
 * database to LIMN_SERVER_PG_SCHEMA_VERSION, or refuses one from a newer
 * limn-server (NEWER_VERSION) without writing to it. */
gboolean        limn_pg_migrate       (PGconn     *pg,
                                       const char *uri_for_messages,
                                       GError    **error);

/* Maps the error of @res (or of the connection when @res is NULL) to a
 * LimnServerBackendError. */
void            limn_pg_set_error     (GError        **error,
                                       PGconn         *pg,
                                       const PGresult *res,
                                       const char     *what);

/* The storage calls, by facet: each file fills in its part of the
 * interface (limn-server-backend.h says what each call answers). */
void            limn_server_pg_accounts_init  (LimnServerBackendInterface *iface);
void            limn_server_pg_projects_init  (LimnServerBackendInterface *iface);
void            limn_server_pg_leases_init    (LimnServerBackendInterface *iface);
void            limn_server_pg_items_init     (LimnServerBackendInterface *iface);
void            limn_server_pg_review_init    (LimnServerBackendInterface *iface);
void            limn_server_pg_team_init      (LimnServerBackendInterface *iface);
void            limn_server_pg_datasets_init  (LimnServerBackendInterface *iface);
void            limn_server_pg_campaigns_init (LimnServerBackendInterface *iface);
void            limn_server_pg_erase_init     (LimnServerBackendInterface *iface);
void            limn_server_pg_experiments_init (LimnServerBackendInterface *iface);

G_END_DECLS
