/* limn-server-backend-sqlite.c
 *
 * The SQLite backend's object: opening the file (store/limn-sqlite.c
 * opens, migrates and refuses it, in the words of the server's errors),
 * the connection pool and its write lock, and transactions. The storage
 * calls are in limn-server-backend-sqlite-{accounts,projects,leases,items,review}.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "limn-server-backend-sqlite-private.h"

struct _LimnServerBackendSqlite
{
  GObject    parent_instance;

  char      *path;
  GMutex     pool_lock;
  GPtrArray *idle;         /* LimnSqlConn, not in use */
  GMutex     write_lock;   /* held from BEGIN IMMEDIATE to COMMIT/ROLLBACK */
};

static void limn_server_backend_sqlite_iface_init (LimnServerBackendInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LimnServerBackendSqlite, limn_server_backend_sqlite, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (LIMN_TYPE_SERVER_BACKEND,
                                                      limn_server_backend_sqlite_iface_init))

/* What SQLite's faults mean to the server's operator. */
static const LimnSqliteErrors server_errors = {
  .domain = limn_server_backend_error_quark,
  .codes = {
    [LIMN_SQLITE_FAULT_FAILED] = LIMN_SERVER_BACKEND_ERROR_FAILED,
    [LIMN_SQLITE_FAULT_OPEN] = LIMN_SERVER_BACKEND_ERROR_OPEN,
    [LIMN_SQLITE_FAULT_NEWER] = LIMN_SERVER_BACKEND_ERROR_NEWER_VERSION,
    [LIMN_SQLITE_FAULT_CORRUPT] = LIMN_SERVER_BACKEND_ERROR_CORRUPT,
    [LIMN_SQLITE_FAULT_FULL] = LIMN_SERVER_BACKEND_ERROR_FULL,
    [LIMN_SQLITE_FAULT_READ_ONLY] = LIMN_SERVER_BACKEND_ERROR_READ_ONLY,
    [LIMN_SQLITE_FAULT_BUSY] = LIMN_SERVER_BACKEND_ERROR_BUSY,
    [LIMN_SQLITE_FAULT_IO] = LIMN_SERVER_BACKEND_ERROR_FAILED,
    [LIMN_SQLITE_FAULT_INVALID] = LIMN_SERVER_BACKEND_ERROR_INVALID,
  },
  .messages = {
    [LIMN_SQLITE_FAULT_NEWER] =
      N_("“%s” was written by a newer limn-server (database version %d; this "
         "version understands up to %d). Update limn-server; the file has not "
         "been changed."),
    [LIMN_SQLITE_FAULT_CORRUPT] = N_("“%s” is damaged or is not a limn-server database (%s)."),
    [LIMN_SQLITE_FAULT_FULL] = N_("The disk holding “%s” is full."),
    [LIMN_SQLITE_FAULT_READ_ONLY] = N_("“%s” cannot be written to (read-only file or folder)."),
    [LIMN_SQLITE_FAULT_BUSY] = N_("The database “%s” is busy (%s)."),
  },
  .migration_failed = N_("Could not upgrade the server database to version %d: "),
};

static void
conn_free (LimnSqlConn *conn)
{
  if (conn == NULL)
    return;

  g_clear_pointer (&conn->sql, limn_sqlite_close);
  g_free (conn);
}

static void
limn_server_backend_sqlite_finalize (GObject *object)
{
  LimnServerBackendSqlite *self = (LimnServerBackendSqlite *)object;

  g_clear_pointer (&self->idle, g_ptr_array_unref);
  g_mutex_clear (&self->pool_lock);
  g_mutex_clear (&self->write_lock);
  g_free (self->path);

  G_OBJECT_CLASS (limn_server_backend_sqlite_parent_class)->finalize (object);
}

static void
limn_server_backend_sqlite_class_init (LimnServerBackendSqliteClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = limn_server_backend_sqlite_finalize;
}

static void
limn_server_backend_sqlite_init (LimnServerBackendSqlite *self)
{
  g_mutex_init (&self->pool_lock);
  g_mutex_init (&self->write_lock);
  self->idle = g_ptr_array_new_with_free_func ((GDestroyNotify)conn_free);
}

/* Transactions */

static gboolean
begin_read (LimnSqlConn  *conn,
            GError      **error)
{
  g_return_val_if_fail (limn_sqlite_get_depth (conn->sql) == 0, FALSE);

  return limn_sqlite_begin (conn->sql, FALSE, error);
}

static gboolean
begin_write (LimnSqlConn  *conn,
             GError      **error)
{
  g_return_val_if_fail (limn_sqlite_get_depth (conn->sql) == 0, FALSE);

  g_mutex_lock (&conn->owner->write_lock);
  if (!limn_sqlite_begin (conn->sql, TRUE, error))
    {
      g_mutex_unlock (&conn->owner->write_lock);
      return FALSE;
    }

  conn->holds_write_lock = TRUE;
  return TRUE;
}

static void
release_write_lock (LimnSqlConn *conn)
{
  if (conn->holds_write_lock)
    {
      conn->holds_write_lock = FALSE;
      g_mutex_unlock (&conn->owner->write_lock);
    }
}

static gboolean
conn_commit (LimnSqlConn  *conn,
             GError      **error)
{
  gboolean ok;

  g_return_val_if_fail (limn_sqlite_get_depth (conn->sql) > 0, FALSE);

  /* A failed COMMIT rolls back: either way the transaction is over. */
  ok = limn_sqlite_commit (conn->sql, error);
  release_write_lock (conn);

  return ok;
}

static void
conn_rollback (LimnSqlConn *conn)
{
  limn_sqlite_rollback (conn->sql);
  release_write_lock (conn);
}

/* Connections */

/* NOMUTEX: a connection is used by one thread at a time (the pool hands it
 * out), so SQLite's own per-connection mutex is not needed. */
static LimnSqlConn *
conn_new (LimnServerBackendSqlite *self,
          LimnSqlite              *sql)
{
  LimnSqlConn *conn = g_new0 (LimnSqlConn, 1);

  conn->owner = self;
  conn->sql = sql;

  return conn;
}

static LimnSqlConn *
conn_acquire (LimnServerBackendSqlite  *self,
              GError                  **error)
{
  g_autoptr(LimnSqlite) sql = NULL;
  LimnSqlConn *conn = NULL;

  g_mutex_lock (&self->pool_lock);
  if (self->idle->len > 0)
    conn = g_ptr_array_steal_index_fast (self->idle, self->idle->len - 1);
  g_mutex_unlock (&self->pool_lock);

  if (conn != NULL)
    return conn;

  /* journal_mode=WAL is the file's; the rest is set per connection. */
  sql = limn_sqlite_open (self->path, &server_errors, error);
  if (sql == NULL || !limn_sqlite_exec (sql, limn_server_sqlite_get_schema ()->pragmas, error))
    return NULL;

  return conn_new (self, g_steal_pointer (&sql));
}

static void
conn_release (LimnSqlConn *conn)
{
  LimnServerBackendSqlite *self;

  if (conn == NULL)
    return;

  self = conn->owner;
  conn_rollback (conn);

  g_mutex_lock (&self->pool_lock);
  g_ptr_array_add (self->idle, conn);
  g_mutex_unlock (&self->pool_lock);
}

/* A new database file is made readable by the server's user only (SQLite
 * would make it 0644 under the usual umask): it holds everyone's work and
 * the tokens' hashes. SQLite gives its -wal and -shm files the database's
 * mode. An existing file keeps the mode its operator gave it. */
static gboolean
create_private (const char  *path,
                GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_OPEN,
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (errsv));
      return FALSE;
    }

  fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno != EEXIST)
    {
      int errsv = errno;

      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_OPEN,
                   _("Could not create the database “%s”: %s"), path, g_strerror (errsv));
      return FALSE;
    }
  if (fd >= 0)
    close (fd);

  return TRUE;
}

/**
 * limn_server_backend_sqlite_open:
 *
 * Opens (creating if needed) the server database at @path and brings it to
 * the current schema. A file from a newer limn-server, or one that is not a
 * database, is refused before anything is written to it.
 */
LimnServerBackend *
limn_server_backend_sqlite_open (const char  *path,
                                 GError     **error)
{
  g_autoptr(LimnServerBackendSqlite) self = NULL;
  LimnSqlite *sql;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (LIMN_TYPE_SERVER_BACKEND_SQLITE, NULL);
  self->path = g_strdup (path);

  if (!create_private (path, error))
    return NULL;

  sql = limn_sqlite_open_schema (path, &server_errors, limn_server_sqlite_get_schema (), error);
  if (sql == NULL)
    return NULL;

  /* The first connection joins the pool. */
  conn_release (conn_new (self, sql));

  return LIMN_SERVER_BACKEND (g_steal_pointer (&self));
}

/* Shared rows */

LimnServerTask *
limn_server_sqlite_read_task (sqlite3_stmt *stmt,
                              int           c)
{
  LimnServerTask *task = g_new0 (LimnServerTask, 1);

  task->id = limn_sqlite_column_dup (stmt, c + 0);
  task->project_id = limn_sqlite_column_dup (stmt, c + 1);
  task->kind = limn_sqlite_column_dup (stmt, c + 2);
  task->title = limn_sqlite_column_dup (stmt, c + 3);
  task->position = sqlite3_column_int64 (stmt, c + 4);
  task->media_sha256 = limn_sqlite_column_dup (stmt, c + 5);
  task->media_size = sqlite3_column_int64 (stmt, c + 6);
  task->width = sqlite3_column_int64 (stmt, c + 7);
  task->height = sqlite3_column_int64 (stmt, c + 8);
  task->mime = limn_sqlite_column_dup (stmt, c + 9);
  task->text = limn_sqlite_column_dup (stmt, c + 10);
  task->language = limn_sqlite_column_dup (stmt, c + 11);
  task->direction = limn_sqlite_column_dup (stmt, c + 12);
  task->suggestions = limn_sqlite_column_dup (stmt, c + 13);

  return task;
}

void
limn_server_sqlite_bind_static (sqlite3_stmt *stmt,
                                int           index,
                                const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

gboolean
limn_server_sqlite_query_text (LimnSqlite    *sql,
                               sqlite3_stmt  *stmt,
                               char         **out,
                               GError       **error)
{
  gboolean has_row;

  *out = NULL;
  if (!limn_sqlite_step_row (sql, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    *out = limn_sqlite_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  return TRUE;
}

GPtrArray *
limn_server_sqlite_collect_rows (LimnSqlite         *sql,
                                 sqlite3_stmt       *stmt,
                                 LimnSqliteReadRow   read,
                                 GDestroyNotify      free_func,
                                 GError            **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);

  for (;;)
    {
      gboolean has_row;

      if (!limn_sqlite_step_row (sql, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;
      g_ptr_array_add (rows, read (stmt));
    }
  sqlite3_reset (stmt);

  return g_steal_pointer (&rows);
}

static gpointer
read_first_column (sqlite3_stmt *stmt)
{
  return limn_sqlite_column_dup (stmt, 0);
}

GPtrArray *
limn_server_sqlite_collect_ids (LimnSqlite    *sql,
                                sqlite3_stmt  *stmt,
                                GError       **error)
{
  return limn_server_sqlite_collect_rows (sql, stmt, read_first_column, g_free, error);
}

/* Transactions */

static LimnServerTxn *
sqlite_begin (LimnServerBackend  *backend,
              LimnServerTxnMode   mode,
              GError            **error)
{
  LimnServerBackendSqlite *self = LIMN_SERVER_BACKEND_SQLITE (backend);
  LimnSqlConn *conn = conn_acquire (self, error);
  LimnSqliteTxn *txn;

  if (conn == NULL)
    return NULL;

  if (!(mode == LIMN_SERVER_TXN_WRITE ? begin_write (conn, error) : begin_read (conn, error)))
    {
      conn_release (conn);
      return NULL;
    }

  txn = g_new0 (LimnSqliteTxn, 1);
  limn_server_txn_init (&txn->parent, backend, mode);
  txn->conn = conn;

  return &txn->parent;
}

static gboolean
sqlite_commit (LimnServerTxn  *txn,
               GError        **error)
{
  LimnSqliteTxn *self = (LimnSqliteTxn *)txn;

  return conn_commit (self->conn, error);
}

static void
sqlite_end (LimnServerTxn *txn)
{
  LimnSqliteTxn *self = (LimnSqliteTxn *)txn;

  /* The cached statement belongs to the connection's statement cache. */
  if (self->insert_event != NULL)
    sqlite3_reset (self->insert_event);
  conn_release (self->conn);
  g_free (self);
}

static void
limn_server_backend_sqlite_iface_init (LimnServerBackendInterface *iface)
{
  iface->begin = sqlite_begin;
  iface->commit = sqlite_commit;
  iface->end = sqlite_end;
  limn_server_sqlite_accounts_init (iface);
  limn_server_sqlite_projects_init (iface);
  limn_server_sqlite_leases_init (iface);
  limn_server_sqlite_items_init (iface);
  limn_server_sqlite_review_init (iface);
  limn_server_sqlite_team_init (iface);
  limn_server_sqlite_datasets_init (iface);
  limn_server_sqlite_campaigns_init (iface);
  limn_server_sqlite_erase_init (iface);
  limn_server_sqlite_experiments_init (iface);
}
