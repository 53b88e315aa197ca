/* limn-server-backend-sqlite.c
 *
 * Opening, migrating and refusing the file; the connection pool,
 * statements, transactions and errors; the read-side operations. Claims and
 * batches are in limn-server-backend-sqlite-work.c, admin operations in
 * limn-server-backend-sqlite-admin.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "json/limn-json-writer.h"
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

static void
conn_free (LimnSqlConn *conn)
{
  if (conn == NULL)
    return;

  g_clear_pointer (&conn->statements, limn_statement_cache_free);
  if (conn->db != NULL)
    sqlite3_close_v2 (conn->db);
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

/* Errors */

gboolean
limn_sqlite_set_error (LimnSqlConn  *conn,
                       int           rc,
                       GError      **error)
{
  const char *path = conn->owner->path;
  const char *detail = conn->db ? sqlite3_errmsg (conn->db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_FULL,
                   _("The disk holding “%s” is full."), path);
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_READ_ONLY,
                   _("“%s” cannot be written to (read-only file or folder)."), path);
      break;

    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_CORRUPT,
                   _("“%s” is damaged or is not a limn-server database (%s)."), path, detail);
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_BUSY,
                   _("The database “%s” is busy (%s)."), path, detail);
      break;

    case SQLITE_CANTOPEN:
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_OPEN,
                   _("Could not open the database “%s” (%s)."), path, detail);
      break;

    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_INVALID,
                   _("The data breaks a rule of the database (%s)."), detail);
      break;

    default:
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_FAILED,
                   _("Database error in “%s”: %s"), path, detail);
      break;
    }

  return FALSE;
}

/* Statements */

sqlite3_stmt *
limn_sqlite_prepare (LimnSqlConn  *conn,
                     const char   *sql,
                     GError      **error)
{
  int rc;
  sqlite3_stmt *stmt = limn_statement_cache_get (conn->statements, sql, &rc);

  if (stmt == NULL)
    limn_sqlite_set_error (conn, rc, error);

  return stmt;
}

gboolean
limn_sqlite_step_done (LimnSqlConn   *conn,
                       sqlite3_stmt  *stmt,
                       GError       **error)
{
  int rc = limn_statement_step_done (stmt);

  return rc == SQLITE_OK || limn_sqlite_set_error (conn, rc, error);
}

gboolean
limn_sqlite_step_row (LimnSqlConn   *conn,
                      sqlite3_stmt  *stmt,
                      gboolean      *has_row,
                      GError       **error)
{
  int rc = sqlite3_step (stmt);

  *has_row = rc == SQLITE_ROW;
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      limn_sqlite_set_error (conn, rc, error);
      sqlite3_reset (stmt);
      return FALSE;
    }

  return TRUE;
}

gboolean
limn_sqlite_query_int (LimnSqlConn   *conn,
                       sqlite3_stmt  *stmt,
                       gint64        *out,
                       GError       **error)
{
  gboolean has_row;

  *out = 0;
  if (!limn_sqlite_step_row (conn, stmt, &has_row, error))
    return FALSE;

  if (has_row)
    *out = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return TRUE;
}

char *
limn_sqlite_column_dup (sqlite3_stmt *stmt,
                        int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text ? g_strdup ((const char *)text) : NULL;
}

void
limn_sqlite_bind_text (sqlite3_stmt *stmt,
                       int           index,
                       const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static gboolean
exec_fixed (LimnSqlConn  *conn,
            const char   *sql,
            GError      **error)
{
  int rc = sqlite3_exec (conn->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return limn_sqlite_set_error (conn, rc, error);

  return TRUE;
}

/* Transactions */

gboolean
limn_sqlite_begin_read (LimnSqlConn  *conn,
                        GError      **error)
{
  g_return_val_if_fail (!conn->in_transaction, FALSE);

  if (!exec_fixed (conn, "BEGIN", error))
    return FALSE;

  conn->in_transaction = TRUE;
  return TRUE;
}

gboolean
limn_sqlite_begin_write (LimnSqlConn  *conn,
                         GError      **error)
{
  g_return_val_if_fail (!conn->in_transaction, FALSE);

  g_mutex_lock (&conn->owner->write_lock);
  if (!exec_fixed (conn, "BEGIN IMMEDIATE", error))
    {
      g_mutex_unlock (&conn->owner->write_lock);
      return FALSE;
    }

  conn->in_transaction = TRUE;
  conn->holds_write_lock = TRUE;
  return TRUE;
}

static void
end_transaction (LimnSqlConn *conn)
{
  conn->in_transaction = FALSE;
  if (conn->holds_write_lock)
    {
      conn->holds_write_lock = FALSE;
      g_mutex_unlock (&conn->owner->write_lock);
    }
}

gboolean
limn_sqlite_commit (LimnSqlConn  *conn,
                    GError      **error)
{
  g_return_val_if_fail (conn->in_transaction, FALSE);

  if (!exec_fixed (conn, "COMMIT", error))
    {
      /* A failed COMMIT (disk full) leaves the transaction open. */
      limn_sqlite_rollback (conn);
      return FALSE;
    }

  end_transaction (conn);
  return TRUE;
}

void
limn_sqlite_rollback (LimnSqlConn *conn)
{
  if (!conn->in_transaction)
    return;

  sqlite3_exec (conn->db, "ROLLBACK", NULL, NULL, NULL);
  end_transaction (conn);
}

/* Connections */

static LimnSqlConn *
conn_open (LimnServerBackendSqlite  *self,
           GError                  **error)
{
  LimnSqlConn *conn = g_new0 (LimnSqlConn, 1);
  int rc;

  conn->owner = self;
  /* NOMUTEX: a connection is used by one thread at a time (the pool hands
   * it out), so SQLite's own per-connection mutex is not needed. */
  rc = sqlite3_open_v2 (self->path, &conn->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      limn_sqlite_set_error (conn, rc, error);
      conn_free (conn);
      return NULL;
    }

  sqlite3_extended_result_codes (conn->db, TRUE);
  sqlite3_busy_timeout (conn->db, 5000);
  conn->statements = limn_statement_cache_new (conn->db);

  return conn;
}

/* Per-connection settings; journal_mode=WAL is a property of the file. */
static gboolean
conn_configure (LimnSqlConn  *conn,
                GError      **error)
{
  /* A batch of 5,000 events with random ids (Limn's are time-ordered
   * now, but any UUID is allowed) inserts into random places of the id
   * index: a larger page cache and memory-mapped reads halve its time
   * (pread was a tenth of it with SQLite's 2 MiB default). Such a batch
   * dirties most of that index's pages, so its commit writes ~2,500 pages
   * to the WAL: with SQLite's default of a checkpoint every 1,000 pages,
   * each commit copied them all into the database again. Every 10,000
   * pages (the WAL then grows to ~40–50 MiB) a checkpoint writes each
   * page once for four batches: a quarter less written, 4 µs less CPU per
   * event. */
  return exec_fixed (conn, "PRAGMA synchronous = FULL", error) &&
         exec_fixed (conn, "PRAGMA foreign_keys = ON", error) &&
         exec_fixed (conn, "PRAGMA cache_size = -16384", error) &&
         exec_fixed (conn, "PRAGMA mmap_size = 268435456", error) &&
         exec_fixed (conn, "PRAGMA temp_store = MEMORY", error) &&
         exec_fixed (conn, "PRAGMA wal_autocheckpoint = 10000", error);
}

LimnSqlConn *
limn_sqlite_acquire (LimnServerBackendSqlite  *self,
                     GError                  **error)
{
  LimnSqlConn *conn = NULL;

  g_mutex_lock (&self->pool_lock);
  if (self->idle->len > 0)
    conn = g_ptr_array_steal_index_fast (self->idle, self->idle->len - 1);
  g_mutex_unlock (&self->pool_lock);

  if (conn != NULL)
    return conn;

  conn = conn_open (self, error);
  if (conn != NULL && !conn_configure (conn, error))
    g_clear_pointer (&conn, conn_free);

  return conn;
}

void
limn_sqlite_release (LimnSqlConn *conn)
{
  LimnServerBackendSqlite *self;

  if (conn == NULL)
    return;

  self = conn->owner;
  limn_sqlite_rollback (conn);

  g_mutex_lock (&self->pool_lock);
  g_ptr_array_add (self->idle, conn);
  g_mutex_unlock (&self->pool_lock);
}

static int
read_user_version (LimnSqlConn  *conn,
                   GError      **error)
{
  sqlite3_stmt *stmt;
  gint64 version;

  stmt = limn_sqlite_prepare (conn, "PRAGMA user_version", error);
  if (stmt == NULL || !limn_sqlite_query_int (conn, stmt, &version, error))
    return -1;

  return (int)version;
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
  g_autofree char *dir = NULL;
  LimnSqlConn *conn;
  int version;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (LIMN_TYPE_SERVER_BACKEND_SQLITE, NULL);
  self->path = g_strdup (path);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_OPEN,
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (errsv));
      return NULL;
    }

  conn = conn_open (self, error);
  if (conn == NULL)
    return NULL;

  /* Read the version before any PRAGMA that writes (journal_mode does), so
   * a newer or foreign file is left exactly as it was. */
  version = read_user_version (conn, error);
  if (version < 0)
    {
      conn_free (conn);
      return NULL;
    }

  if (version > LIMN_SERVER_SCHEMA_VERSION)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NEWER_VERSION,
                   _("“%s” was written by a newer limn-server (database version %d; this "
                     "version understands up to %d). Update limn-server; the file has not "
                     "been changed."),
                   path, version, LIMN_SERVER_SCHEMA_VERSION);
      conn_free (conn);
      return NULL;
    }

  /* WAL: readers on other threads run beside the one writer.
   * synchronous=FULL: an acknowledged batch survives power loss. */
  if (!exec_fixed (conn, "PRAGMA journal_mode = WAL", error) ||
      !conn_configure (conn, error) ||
      !limn_sqlite_migrate (conn, version, error))
    {
      conn_free (conn);
      return NULL;
    }

  limn_sqlite_release (conn);

  return LIMN_SERVER_BACKEND (g_steal_pointer (&self));
}

/* Shared rows */

LimnServerTask *
limn_sqlite_read_task (sqlite3_stmt *stmt,
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

gboolean
limn_sqlite_add_change (LimnSqlConn  *conn,
                        const char   *recipient,
                        const char   *project_id,
                        const char   *kind,
                        JsonObject   *data,
                        gint64        now_us,
                        GError      **error)
{
  g_autofree char *text = limn_json_writer_object_to_string (data);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (conn,
                              "INSERT INTO changes (recipient, project_id, kind, data, created_us) "
                              "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, recipient);
  limn_sqlite_bind_text (stmt, 2, project_id);
  limn_sqlite_bind_text (stmt, 3, kind);
  limn_sqlite_bind_text (stmt, 4, text);
  sqlite3_bind_int64 (stmt, 5, now_us);

  return limn_sqlite_step_done (conn, stmt, error);
}

gboolean
limn_sqlite_add_audit (LimnSqlConn                *conn,
                       const LimnServerPrincipal  *principal,
                       const char                 *action,
                       JsonObject                 *detail,
                       GError                    **error)
{
  g_autofree char *text = detail != NULL ? limn_json_writer_object_to_string (detail) : NULL;
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (conn,
                              "INSERT INTO audit_log (time_us, user_id, token_id, action, detail) "
                              "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, g_get_real_time ());
  limn_sqlite_bind_text (stmt, 2, principal ? principal->user_id : NULL);
  limn_sqlite_bind_text (stmt, 3, principal ? principal->token_id : NULL);
  limn_sqlite_bind_text (stmt, 4, action);
  limn_sqlite_bind_text (stmt, 5, text ? text : "{}");

  return limn_sqlite_step_done (conn, stmt, error);
}

/* Read-side operations */

static LimnServerPrincipal *
sqlite_authenticate (LimnServerBackend  *backend,
                     const char         *token_sha256,
                     GError            **error)
{
  LimnServerBackendSqlite *self = LIMN_SERVER_BACKEND_SQLITE (backend);
  g_autoptr(LimnSqlConn) conn = limn_sqlite_acquire (self, error);
  g_autofree char *role = NULL;
  LimnServerPrincipal *principal;
  sqlite3_stmt *stmt;
  gboolean has_row;

  if (conn == NULL)
    return NULL;

  stmt = limn_sqlite_prepare (conn,
                              "SELECT k.id, k.user_id, u.name, k.project_id, k.role "
                              "FROM tokens k JOIN users u ON u.id = k.user_id "
                              "WHERE k.sha256 = ? AND k.revoked_us IS NULL", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, token_sha256);
  if (!limn_sqlite_step_row (conn, stmt, &has_row, error))
    return NULL;

  if (!has_row)
    {
      sqlite3_reset (stmt);
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                   _("Unknown or revoked token."));
      return NULL;
    }

  principal = g_new0 (LimnServerPrincipal, 1);
  principal->token_id = limn_sqlite_column_dup (stmt, 0);
  principal->user_id = limn_sqlite_column_dup (stmt, 1);
  principal->user_name = limn_sqlite_column_dup (stmt, 2);
  principal->project_id = limn_sqlite_column_dup (stmt, 3);
  role = limn_sqlite_column_dup (stmt, 4);
  sqlite3_reset (stmt);

  if (!limn_server_role_from_string (role, &principal->role))
    principal->role = LIMN_SERVER_ROLE_ANNOTATOR;

  return principal;
}

static LimnServerProject *
read_project (LimnSqlConn  *conn,
              const char   *project_id,
              GError      **error)
{
  g_autoptr(LimnServerProject) project = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;

  stmt = limn_sqlite_prepare (conn,
                              "SELECT id, name, kind, overlap, gold_rate, audit_rate, "
                              "confidence_steps, lease_seconds FROM projects WHERE id = ?",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, project_id);
  if (!limn_sqlite_step_row (conn, stmt, &has_row, error))
    return NULL;

  if (!has_row)
    {
      sqlite3_reset (stmt);
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                   _("There is no project “%s”."), project_id);
      return NULL;
    }

  project = g_new0 (LimnServerProject, 1);
  project->id = limn_sqlite_column_dup (stmt, 0);
  project->name = limn_sqlite_column_dup (stmt, 1);
  project->kind = limn_sqlite_column_dup (stmt, 2);
  project->settings.overlap = sqlite3_column_int64 (stmt, 3);
  project->settings.gold_rate = sqlite3_column_double (stmt, 4);
  project->settings.audit_rate = sqlite3_column_double (stmt, 5);
  project->settings.confidence_steps = sqlite3_column_int64 (stmt, 6);
  project->settings.lease_seconds = sqlite3_column_int64 (stmt, 7);
  project->labels = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_label_free);
  sqlite3_reset (stmt);

  stmt = limn_sqlite_prepare (conn,
                              "SELECT id, name, color, hotkey, description FROM labels "
                              "WHERE project_id = ? ORDER BY position", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, project_id);
  for (;;)
    {
      LimnServerLabel *label;

      if (!limn_sqlite_step_row (conn, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;

      label = g_new0 (LimnServerLabel, 1);
      label->id = limn_sqlite_column_dup (stmt, 0);
      label->name = limn_sqlite_column_dup (stmt, 1);
      label->color = limn_sqlite_column_dup (stmt, 2);
      label->hotkey = limn_sqlite_column_dup (stmt, 3);
      label->description = limn_sqlite_column_dup (stmt, 4);
      g_ptr_array_add (project->labels, label);
    }
  sqlite3_reset (stmt);

  stmt = limn_sqlite_prepare (conn,
                              "SELECT version, body, published_us FROM guidelines "
                              "WHERE project_id = ? ORDER BY version DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, project_id);
  if (!limn_sqlite_step_row (conn, stmt, &has_row, error))
    return NULL;
  if (has_row)
    {
      project->guideline_version = sqlite3_column_int64 (stmt, 0);
      project->guidelines = limn_sqlite_column_dup (stmt, 1);
      project->guidelines_published_us = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);

  return g_steal_pointer (&project);
}

static GPtrArray *
sqlite_list_projects (LimnServerBackend          *backend,
                      const LimnServerPrincipal  *principal,
                      GError                    **error)
{
  LimnServerBackendSqlite *self = LIMN_SERVER_BACKEND_SQLITE (backend);
  g_autoptr(LimnSqlConn) conn = limn_sqlite_acquire (self, error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) projects = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;

  if (conn == NULL || !limn_sqlite_begin_read (conn, error))
    return NULL;

  if (principal->project_id != NULL)
    g_ptr_array_add (ids, g_strdup (principal->project_id));
  else
    {
      stmt = limn_sqlite_prepare (conn, "SELECT id FROM projects ORDER BY created_us, id", error);
      if (stmt == NULL)
        return NULL;

      for (;;)
        {
          if (!limn_sqlite_step_row (conn, stmt, &has_row, error))
            return NULL;
          if (!has_row)
            break;
          g_ptr_array_add (ids, limn_sqlite_column_dup (stmt, 0));
        }
      sqlite3_reset (stmt);
    }

  projects = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_project_free);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      LimnServerProject *project = read_project (conn, g_ptr_array_index (ids, i), &local_error);

      if (project != NULL)
        g_ptr_array_add (projects, project);
      else if (!g_error_matches (local_error, LIMN_SERVER_BACKEND_ERROR,
                                 LIMN_SERVER_BACKEND_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  return g_steal_pointer (&projects);
}

static LimnServerProject *
sqlite_get_project (LimnServerBackend  *backend,
                    const char         *project_id,
                    GError            **error)
{
  LimnServerBackendSqlite *self = LIMN_SERVER_BACKEND_SQLITE (backend);
  g_autoptr(LimnSqlConn) conn = limn_sqlite_acquire (self, error);

  if (conn == NULL || !limn_sqlite_begin_read (conn, error))
    return NULL;

  return read_project (conn, project_id, error);
}

static GHashTable *
sqlite_get_tasks (LimnServerBackend   *backend,
                  const char * const  *task_ids,
                  GError             **error)
{
  LimnServerBackendSqlite *self = LIMN_SERVER_BACKEND_SQLITE (backend);
  g_autoptr(LimnSqlConn) conn = limn_sqlite_acquire (self, error);
  g_autoptr(GHashTable) tasks = NULL;
  sqlite3_stmt *stmt;

  if (conn == NULL || !limn_sqlite_begin_read (conn, error))
    return NULL;

  stmt = limn_sqlite_prepare (conn,
                              "SELECT " LIMN_SQLITE_TASK_COLUMNS " FROM tasks t WHERE t.id = ?",
                              error);
  if (stmt == NULL)
    return NULL;

  tasks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                 (GDestroyNotify)limn_server_task_free);
  for (guint i = 0; task_ids != NULL && task_ids[i] != NULL; i++)
    {
      gboolean has_row;

      if (g_hash_table_contains (tasks, task_ids[i]))
        continue;

      sqlite3_reset (stmt);
      limn_sqlite_bind_text (stmt, 1, task_ids[i]);
      if (!limn_sqlite_step_row (conn, stmt, &has_row, error))
        return NULL;
      if (has_row)
        {
          LimnServerTask *task = limn_sqlite_read_task (stmt, 0);

          g_hash_table_insert (tasks, task->id, task);
        }
      sqlite3_reset (stmt);
    }

  return g_steal_pointer (&tasks);
}

static gboolean
sqlite_find_media (LimnServerBackend          *backend,
                   const LimnServerPrincipal  *principal,
                   const char                 *sha256,
                   char                      **mime,
                   GError                    **error)
{
  LimnServerBackendSqlite *self = LIMN_SERVER_BACKEND_SQLITE (backend);
  g_autoptr(LimnSqlConn) conn = limn_sqlite_acquire (self, error);
  sqlite3_stmt *stmt;
  gboolean has_row;

  if (conn == NULL)
    return FALSE;

  if (principal->project_id == NULL)
    stmt = limn_sqlite_prepare (conn,
                                "SELECT mime FROM tasks WHERE media_sha256 = ?1 LIMIT 1", error);
  else if (principal->role == LIMN_SERVER_ROLE_ANNOTATOR)
    /* Any assignment row: a task they hold, held or submitted. */
    stmt = limn_sqlite_prepare (conn,
                                "SELECT t.mime FROM tasks t JOIN assignments a ON a.task_id = t.id "
                                "WHERE t.media_sha256 = ?1 AND t.project_id = ?2 "
                                "AND a.annotator = ?3 LIMIT 1", error);
  else
    stmt = limn_sqlite_prepare (conn,
                                "SELECT mime FROM tasks WHERE media_sha256 = ?1 "
                                "AND project_id = ?2 LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, sha256);
  if (principal->project_id != NULL)
    limn_sqlite_bind_text (stmt, 2, principal->project_id);
  if (principal->project_id != NULL && principal->role == LIMN_SERVER_ROLE_ANNOTATOR)
    limn_sqlite_bind_text (stmt, 3, principal->user_id);

  if (!limn_sqlite_step_row (conn, stmt, &has_row, error))
    return FALSE;

  if (!has_row)
    {
      sqlite3_reset (stmt);
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                   _("No such image."));
      return FALSE;
    }

  if (mime != NULL)
    *mime = limn_sqlite_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  return TRUE;
}

static GPtrArray *
sqlite_list_changes (LimnServerBackend          *backend,
                     const LimnServerPrincipal  *principal,
                     gint64                      since,
                     guint                       limit,
                     gboolean                   *more,
                     GError                    **error)
{
  LimnServerBackendSqlite *self = LIMN_SERVER_BACKEND_SQLITE (backend);
  g_autoptr(LimnSqlConn) conn = limn_sqlite_acquire (self, error);
  g_autoptr(GPtrArray) changes = NULL;
  sqlite3_stmt *stmt;

  *more = FALSE;
  if (conn == NULL)
    return NULL;

  /* A project token sees its project's changes only; the server admin's
   * token sees all of its user's. */
  stmt = limn_sqlite_prepare (conn,
                              "SELECT seq, kind, data FROM changes "
                              "WHERE recipient = ?1 AND seq > ?2 "
                              "AND (?3 IS NULL OR project_id IS NULL OR project_id = ?3) "
                              "ORDER BY seq LIMIT ?4", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, principal->user_id);
  sqlite3_bind_int64 (stmt, 2, since);
  limn_sqlite_bind_text (stmt, 3, principal->project_id);
  sqlite3_bind_int64 (stmt, 4, (gint64)limit + 1);

  changes = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_change_free);
  for (;;)
    {
      LimnServerChange *change;
      gboolean has_row;

      if (!limn_sqlite_step_row (conn, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;

      if (changes->len == limit)
        {
          *more = TRUE;
          break;
        }

      change = g_new0 (LimnServerChange, 1);
      change->seq = sqlite3_column_int64 (stmt, 0);
      change->kind = limn_sqlite_column_dup (stmt, 1);
      change->data = limn_sqlite_column_dup (stmt, 2);
      g_ptr_array_add (changes, change);
    }
  sqlite3_reset (stmt);

  return g_steal_pointer (&changes);
}

static gboolean
sqlite_append_audit (LimnServerBackend          *backend,
                     const LimnServerPrincipal  *principal,
                     const char                 *action,
                     const char                 *detail_json,
                     GError                    **error)
{
  LimnServerBackendSqlite *self = LIMN_SERVER_BACKEND_SQLITE (backend);
  g_autoptr(LimnSqlConn) conn = limn_sqlite_acquire (self, error);
  g_autoptr(JsonNode) node = NULL;

  if (conn == NULL)
    return FALSE;

  if (detail_json != NULL)
    {
      node = json_from_string (detail_json, error);
      if (node == NULL)
        return FALSE;
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_INVALID,
                       _("An audit record's detail must be a JSON object."));
          return FALSE;
        }
    }

  if (!limn_sqlite_begin_write (conn, error))
    return FALSE;

  if (!limn_sqlite_add_audit (conn, principal, action,
                              node ? json_node_get_object (node) : NULL, error))
    return FALSE;

  return limn_sqlite_commit (conn, error);
}

static void
limn_server_backend_sqlite_iface_init (LimnServerBackendInterface *iface)
{
  iface->authenticate = sqlite_authenticate;
  iface->list_projects = sqlite_list_projects;
  iface->get_project = sqlite_get_project;
  iface->get_tasks = sqlite_get_tasks;
  iface->expire_leases = limn_sqlite_expire_leases;
  iface->claim = limn_sqlite_claim;
  iface->find_media = sqlite_find_media;
  iface->lookup_idempotency = limn_sqlite_lookup_idempotency;
  iface->apply_batch = limn_sqlite_apply_batch;
  iface->list_changes = sqlite_list_changes;
  iface->append_audit = sqlite_append_audit;
  iface->create_user = limn_sqlite_create_user;
  iface->find_user = limn_sqlite_find_user;
  iface->create_project = limn_sqlite_create_project;
  iface->add_tasks = limn_sqlite_add_tasks;
  iface->issue_token = limn_sqlite_issue_token;
  iface->revoke_token = limn_sqlite_revoke_token;
  iface->set_gold = limn_sqlite_set_gold;
  iface->update_settings = limn_sqlite_update_settings;
  iface->project_status = limn_sqlite_project_status;
}
