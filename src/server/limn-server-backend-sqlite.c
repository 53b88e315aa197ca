/* limn-server-backend-sqlite.c
 *
 * Opening the file (store/limn-sqlite.c opens, migrates and refuses it, in
 * the words of the server's errors); the connection pool and its write
 * lock; the read-side operations. Claims and batches are in
 * limn-server-backend-sqlite-work.c, admin operations in
 * limn-server-backend-sqlite-admin.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>

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

gboolean
limn_server_sqlite_begin_read (LimnSqlConn  *conn,
                               GError      **error)
{
  g_return_val_if_fail (limn_sqlite_get_depth (conn->sql) == 0, FALSE);

  return limn_sqlite_begin (conn->sql, FALSE, error);
}

gboolean
limn_server_sqlite_begin_write (LimnSqlConn  *conn,
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

gboolean
limn_server_sqlite_commit (LimnSqlConn  *conn,
                           GError      **error)
{
  gboolean ok;

  g_return_val_if_fail (limn_sqlite_get_depth (conn->sql) > 0, FALSE);

  /* A failed COMMIT rolls back: either way the transaction is over. */
  ok = limn_sqlite_commit (conn->sql, error);
  release_write_lock (conn);

  return ok;
}

void
limn_server_sqlite_rollback (LimnSqlConn *conn)
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

LimnSqlConn *
limn_server_sqlite_acquire (LimnServerBackendSqlite  *self,
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

void
limn_server_sqlite_release (LimnSqlConn *conn)
{
  LimnServerBackendSqlite *self;

  if (conn == NULL)
    return;

  self = conn->owner;
  limn_server_sqlite_rollback (conn);

  g_mutex_lock (&self->pool_lock);
  g_ptr_array_add (self->idle, conn);
  g_mutex_unlock (&self->pool_lock);
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

  sql = limn_sqlite_open_schema (path, &server_errors, limn_server_sqlite_get_schema (), error);
  if (sql == NULL)
    return NULL;

  /* The first connection joins the pool. */
  limn_server_sqlite_release (conn_new (self, sql));

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

gboolean
limn_server_sqlite_add_change (LimnSqlConn  *conn,
                               const char   *recipient,
                               const char   *project_id,
                               const char   *kind,
                               JsonObject   *data,
                               gint64        now_us,
                               GError      **error)
{
  g_autofree char *text = limn_json_writer_object_to_string (data);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (conn->sql,
                              "INSERT INTO changes (recipient, project_id, kind, data, created_us) "
                              "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, recipient);
  limn_sqlite_bind_text (stmt, 2, project_id);
  limn_sqlite_bind_text (stmt, 3, kind);
  limn_sqlite_bind_text (stmt, 4, text);
  sqlite3_bind_int64 (stmt, 5, now_us);

  return limn_sqlite_step_done (conn->sql, stmt, error);
}

gboolean
limn_server_sqlite_add_audit (LimnSqlConn                *conn,
                              const LimnServerPrincipal  *principal,
                              const char                 *action,
                              JsonObject                 *detail,
                              GError                    **error)
{
  g_autofree char *text = detail != NULL ? limn_json_writer_object_to_string (detail) : NULL;
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (conn->sql,
                              "INSERT INTO audit_log (time_us, user_id, token_id, action, detail) "
                              "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, g_get_real_time ());
  limn_sqlite_bind_text (stmt, 2, principal ? principal->user_id : NULL);
  limn_sqlite_bind_text (stmt, 3, principal ? principal->token_id : NULL);
  limn_sqlite_bind_text (stmt, 4, action);
  limn_sqlite_bind_text (stmt, 5, text ? text : "{}");

  return limn_sqlite_step_done (conn->sql, stmt, error);
}

/* Read-side operations */

static LimnServerPrincipal *
sqlite_authenticate (LimnServerBackend  *backend,
                     const char         *token_sha256,
                     GError            **error)
{
  LimnServerBackendSqlite *self = LIMN_SERVER_BACKEND_SQLITE (backend);
  g_autoptr(LimnSqlConn) conn = limn_server_sqlite_acquire (self, error);
  g_autofree char *role = NULL;
  LimnServerPrincipal *principal;
  sqlite3_stmt *stmt;
  gboolean has_row;

  if (conn == NULL)
    return NULL;

  stmt = limn_sqlite_prepare (conn->sql,
                              "SELECT k.id, k.user_id, u.name, k.project_id, k.role "
                              "FROM tokens k JOIN users u ON u.id = k.user_id "
                              "WHERE k.sha256 = ? AND k.revoked_us IS NULL", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, token_sha256);
  if (!limn_sqlite_step_row (conn->sql, stmt, &has_row, error))
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

  stmt = limn_sqlite_prepare (conn->sql,
                              "SELECT id, name, kind, overlap, gold_rate, audit_rate, "
                              "confidence_steps, lease_seconds FROM projects WHERE id = ?",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, project_id);
  if (!limn_sqlite_step_row (conn->sql, stmt, &has_row, error))
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

  stmt = limn_sqlite_prepare (conn->sql,
                              "SELECT id, name, color, hotkey, description FROM labels "
                              "WHERE project_id = ? ORDER BY position", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, project_id);
  for (;;)
    {
      LimnServerLabel *label;

      if (!limn_sqlite_step_row (conn->sql, stmt, &has_row, error))
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

  stmt = limn_sqlite_prepare (conn->sql,
                              "SELECT version, body, published_us FROM guidelines "
                              "WHERE project_id = ? ORDER BY version DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, project_id);
  if (!limn_sqlite_step_row (conn->sql, stmt, &has_row, error))
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
  g_autoptr(LimnSqlConn) conn = limn_server_sqlite_acquire (self, error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) projects = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row;

  if (conn == NULL || !limn_server_sqlite_begin_read (conn, error))
    return NULL;

  if (principal->project_id != NULL)
    g_ptr_array_add (ids, g_strdup (principal->project_id));
  else
    {
      stmt = limn_sqlite_prepare (conn->sql, "SELECT id FROM projects ORDER BY created_us, id",
                              error);
      if (stmt == NULL)
        return NULL;

      for (;;)
        {
          if (!limn_sqlite_step_row (conn->sql, stmt, &has_row, error))
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
  g_autoptr(LimnSqlConn) conn = limn_server_sqlite_acquire (self, error);

  if (conn == NULL || !limn_server_sqlite_begin_read (conn, error))
    return NULL;

  return read_project (conn, project_id, error);
}

static GHashTable *
sqlite_get_tasks (LimnServerBackend   *backend,
                  const char * const  *task_ids,
                  GError             **error)
{
  LimnServerBackendSqlite *self = LIMN_SERVER_BACKEND_SQLITE (backend);
  g_autoptr(LimnSqlConn) conn = limn_server_sqlite_acquire (self, error);
  g_autoptr(GHashTable) tasks = NULL;
  sqlite3_stmt *stmt;

  if (conn == NULL || !limn_server_sqlite_begin_read (conn, error))
    return NULL;

  stmt = limn_sqlite_prepare (conn->sql,
                              "SELECT " LIMN_SERVER_SQLITE_TASK_COLUMNS " "
                              "FROM tasks t WHERE t.id = ?",
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
      if (!limn_sqlite_step_row (conn->sql, stmt, &has_row, error))
        return NULL;
      if (has_row)
        {
          LimnServerTask *task = limn_server_sqlite_read_task (stmt, 0);

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
  g_autoptr(LimnSqlConn) conn = limn_server_sqlite_acquire (self, error);
  sqlite3_stmt *stmt;
  gboolean has_row;

  if (conn == NULL)
    return FALSE;

  if (principal->project_id == NULL)
    stmt = limn_sqlite_prepare (conn->sql,
                                "SELECT mime FROM tasks WHERE media_sha256 = ?1 LIMIT 1", error);
  else if (principal->role == LIMN_SERVER_ROLE_ANNOTATOR)
    /* Any assignment row: a task they hold, held or submitted. */
    stmt = limn_sqlite_prepare (conn->sql,
                                "SELECT t.mime FROM tasks t JOIN assignments a ON a.task_id = t.id "
                                "WHERE t.media_sha256 = ?1 AND t.project_id = ?2 "
                                "AND a.annotator = ?3 LIMIT 1", error);
  else
    stmt = limn_sqlite_prepare (conn->sql,
                                "SELECT mime FROM tasks WHERE media_sha256 = ?1 "
                                "AND project_id = ?2 LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, sha256);
  if (principal->project_id != NULL)
    limn_sqlite_bind_text (stmt, 2, principal->project_id);
  if (principal->project_id != NULL && principal->role == LIMN_SERVER_ROLE_ANNOTATOR)
    limn_sqlite_bind_text (stmt, 3, principal->user_id);

  if (!limn_sqlite_step_row (conn->sql, stmt, &has_row, error))
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
  g_autoptr(LimnSqlConn) conn = limn_server_sqlite_acquire (self, error);
  g_autoptr(GPtrArray) changes = NULL;
  sqlite3_stmt *stmt;

  *more = FALSE;
  if (conn == NULL)
    return NULL;

  /* A project token sees its project's changes only; the server admin's
   * token sees all of its user's. */
  stmt = limn_sqlite_prepare (conn->sql,
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

      if (!limn_sqlite_step_row (conn->sql, stmt, &has_row, error))
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
  g_autoptr(LimnSqlConn) conn = limn_server_sqlite_acquire (self, error);
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

  if (!limn_server_sqlite_begin_write (conn, error))
    return FALSE;

  if (!limn_server_sqlite_add_audit (conn, principal, action,
                                     node ? json_node_get_object (node) : NULL, error))
    return FALSE;

  return limn_server_sqlite_commit (conn, error);
}

static void
limn_server_backend_sqlite_iface_init (LimnServerBackendInterface *iface)
{
  iface->authenticate = sqlite_authenticate;
  iface->list_projects = sqlite_list_projects;
  iface->get_project = sqlite_get_project;
  iface->get_tasks = sqlite_get_tasks;
  iface->expire_leases = limn_server_sqlite_expire_leases;
  iface->claim = limn_server_sqlite_claim;
  iface->find_media = sqlite_find_media;
  iface->lookup_idempotency = limn_server_sqlite_lookup_idempotency;
  iface->apply_batch = limn_server_sqlite_apply_batch;
  iface->list_changes = sqlite_list_changes;
  iface->append_audit = sqlite_append_audit;
  iface->create_user = limn_server_sqlite_create_user;
  iface->find_user = limn_server_sqlite_find_user;
  iface->create_project = limn_server_sqlite_create_project;
  iface->add_tasks = limn_server_sqlite_add_tasks;
  iface->issue_token = limn_server_sqlite_issue_token;
  iface->revoke_token = limn_server_sqlite_revoke_token;
  iface->set_gold = limn_server_sqlite_set_gold;
  iface->update_settings = limn_server_sqlite_update_settings;
  iface->project_status = limn_server_sqlite_project_status;
}
