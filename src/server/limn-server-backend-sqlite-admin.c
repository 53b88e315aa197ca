/* limn-server-backend-sqlite-admin.c
 *
 * What `limn-server admin` changes: users, tokens, projects, tasks, gold
 * and settings. Each operation is one transaction with its audit record, so
 * a failure changes nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "model/limn-id.h"
#include "model/limn-label.h"
#include "limn-server-backend-sqlite-private.h"

static JsonObject *
admin_detail (void)
{
  JsonObject *detail = json_object_new ();

  /* The admin CLI has no token; say which account on the machine ran it. */
  json_object_set_string_member (detail, "by", g_get_user_name ());
  return detail;
}

static gboolean
exists (LimnSqlConn  *conn,
        const char   *sql,
        const char   *id,
        gboolean     *found,
        GError      **error)
{
  sqlite3_stmt *stmt = limn_sqlite_prepare (conn->sql, sql, error);
  gint64 n;

  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, id);
  if (!limn_sqlite_query_int (conn->sql, stmt, &n, error))
    return FALSE;

  *found = n != 0;
  return TRUE;
}

static gboolean
require_project (LimnSqlConn  *conn,
                 const char   *project_id,
                 char        **kind,
                 GError      **error)
{
  sqlite3_stmt *stmt = limn_sqlite_prepare (conn->sql, "SELECT kind FROM projects WHERE id = ?",
                                            error);
  gboolean has_row;

  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, project_id);
  if (!limn_sqlite_step_row (conn->sql, stmt, &has_row, error))
    return FALSE;

  if (has_row && kind != NULL)
    *kind = limn_sqlite_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  if (!has_row)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                   _("There is no project “%s”."), project_id);
      return FALSE;
    }

  return TRUE;
}

char *
limn_server_sqlite_create_user (LimnServerBackend  *backend,
                                const char         *name,
                                GError            **error)
{
  LimnServerBackendSqlite *self = LIMN_SERVER_BACKEND_SQLITE (backend);
  g_autoptr(LimnSqlConn) conn = limn_server_sqlite_acquire (self, error);
  g_autoptr(JsonObject) detail = admin_detail ();
  g_autofree char *id = g_uuid_string_random ();
  sqlite3_stmt *stmt;
  gboolean found;

  if (conn == NULL || !limn_server_sqlite_begin_write (conn, error))
    return NULL;

  if (!exists (conn, "SELECT count(*) FROM users WHERE name = ?", name, &found, error))
    return NULL;
  if (found)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_EXISTS,
                   _("There is already a user named “%s”."), name);
      return NULL;
    }

  stmt = limn_sqlite_prepare (conn->sql,
                              "INSERT INTO users (id, name, created_us) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return NULL;
  limn_sqlite_bind_text (stmt, 1, id);
  limn_sqlite_bind_text (stmt, 2, name);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  if (!limn_sqlite_step_done (conn->sql, stmt, error))
    return NULL;

  json_object_set_string_member (detail, "user_id", id);
  json_object_set_string_member (detail, "name", name);
  if (!limn_server_sqlite_add_audit (conn, NULL, "admin.user.add", detail, error) ||
      !limn_server_sqlite_commit (conn, error))
    return NULL;

  return g_steal_pointer (&id);
}

char *
limn_server_sqlite_find_user (LimnServerBackend  *backend,
                              const char         *name,
                              GError            **error)
{
  LimnServerBackendSqlite *self = LIMN_SERVER_BACKEND_SQLITE (backend);
  g_autoptr(LimnSqlConn) conn = limn_server_sqlite_acquire (self, error);
  sqlite3_stmt *stmt;
  gboolean has_row;
  char *id = NULL;

  if (conn == NULL)
    return NULL;

  stmt = limn_sqlite_prepare (conn->sql, "SELECT id FROM users WHERE name = ?", error);
  if (stmt == NULL)
    return NULL;
  limn_sqlite_bind_text (stmt, 1, name);
  if (!limn_sqlite_step_row (conn->sql, stmt, &has_row, error))
    return NULL;
  if (has_row)
    id = limn_sqlite_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  if (id == NULL)
    g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                 _("There is no user named “%s”."), name);

  return id;
}

char *
limn_server_sqlite_create_project (LimnServerBackend   *backend,
                                   const char          *name,
                                   const char          *kind,
                                   const char * const  *label_names,
                                   const char          *guidelines,
                                   GError             **error)
{
  LimnServerBackendSqlite *self = LIMN_SERVER_BACKEND_SQLITE (backend);
  g_autoptr(LimnSqlConn) conn = limn_server_sqlite_acquire (self, error);
  g_autoptr(JsonObject) detail = admin_detail ();
  g_autofree char *id = g_uuid_string_random ();
  gint64 now = g_get_real_time ();
  sqlite3_stmt *stmt;
  guint n_labels = 0;

  if (conn == NULL || !limn_server_sqlite_begin_write (conn, error))
    return NULL;

  stmt = limn_sqlite_prepare (conn->sql,
                              "INSERT INTO projects (id, name, kind, overlap, gold_rate, audit_rate, "
                              "confidence_steps, lease_seconds, created_us) "
                              "VALUES (?, ?, ?, ?, 0, 0, ?, ?, ?)", error);
  if (stmt == NULL)
    return NULL;
  limn_sqlite_bind_text (stmt, 1, id);
  limn_sqlite_bind_text (stmt, 2, name);
  limn_sqlite_bind_text (stmt, 3, kind);
  sqlite3_bind_int64 (stmt, 4, LIMN_SERVER_DEFAULT_OVERLAP);
  sqlite3_bind_int64 (stmt, 5, LIMN_SERVER_DEFAULT_CONFIDENCE_STEPS);
  sqlite3_bind_int64 (stmt, 6, LIMN_SERVER_DEFAULT_LEASE_SECONDS);
  sqlite3_bind_int64 (stmt, 7, now);
  if (!limn_sqlite_step_done (conn->sql, stmt, error))
    return NULL;

  for (guint i = 0; label_names != NULL && label_names[i] != NULL; i++, n_labels++)
    {
      g_autofree char *label_id = limn_id_derive (id, label_names[i]);
      g_autofree char *hotkey = limn_hotkey_for_index (i);

      stmt = limn_sqlite_prepare (conn->sql,
                                  "INSERT INTO labels (id, project_id, position, name, color, hotkey) "
                                  "VALUES (?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return NULL;
      limn_sqlite_bind_text (stmt, 1, label_id);
      limn_sqlite_bind_text (stmt, 2, id);
      sqlite3_bind_int64 (stmt, 3, i);
      limn_sqlite_bind_text (stmt, 4, label_names[i]);
      limn_sqlite_bind_text (stmt, 5, limn_color_for_index (i));
      limn_sqlite_bind_text (stmt, 6, hotkey);
      if (!limn_sqlite_step_done (conn->sql, stmt, error))
        return NULL;
    }

  if (guidelines != NULL)
    {
      stmt = limn_sqlite_prepare (conn->sql,
                                  "INSERT INTO guidelines (project_id, version, body, published_us) "
                                  "VALUES (?, 1, ?, ?)", error);
      if (stmt == NULL)
        return NULL;
      limn_sqlite_bind_text (stmt, 1, id);
      limn_sqlite_bind_text (stmt, 2, guidelines);
      sqlite3_bind_int64 (stmt, 3, now);
      if (!limn_sqlite_step_done (conn->sql, stmt, error))
        return NULL;
    }

  json_object_set_string_member (detail, "project_id", id);
  json_object_set_string_member (detail, "name", name);
  json_object_set_string_member (detail, "kind", kind);
  json_object_set_int_member (detail, "labels", n_labels);
  if (!limn_server_sqlite_add_audit (conn, NULL, "admin.project.create", detail, error) ||
      !limn_server_sqlite_commit (conn, error))
    return NULL;

  return g_steal_pointer (&id);
}

gboolean
limn_server_sqlite_add_tasks (LimnServerBackend  *backend,
                              const char         *project_id,
                              GPtrArray          *tasks,
                              guint              *n_added,
                              guint              *n_skipped,
                              GError            **error)
{
  LimnServerBackendSqlite *self = LIMN_SERVER_BACKEND_SQLITE (backend);
  g_autoptr(LimnSqlConn) conn = limn_server_sqlite_acquire (self, error);
  g_autoptr(JsonObject) detail = admin_detail ();
  g_autofree char *kind = NULL;
  gint64 now = g_get_real_time ();
  gint64 position;
  sqlite3_stmt *stmt;
  guint added = 0, skipped = 0;

  if (conn == NULL || !limn_server_sqlite_begin_write (conn, error))
    return FALSE;

  if (!require_project (conn, project_id, &kind, error))
    return FALSE;

  stmt = limn_sqlite_prepare (conn->sql,
                              "SELECT coalesce (max (position) + 1, 0) FROM tasks WHERE project_id = ?",
                              error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, project_id);
  if (!limn_sqlite_query_int (conn->sql, stmt, &position, error))
    return FALSE;

  for (guint i = 0; i < tasks->len; i++)
    {
      LimnServerNewTask *task = g_ptr_array_index (tasks, i);
      g_autofree char *owner = NULL;
      gboolean has_row;

      if (!g_str_equal (kind, "both") && !g_str_equal (kind, task->kind))
        {
          g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_INVALID,
                       _("“%s”: a project of kind %s cannot hold %s tasks."),
                       task->title, kind, task->kind);
          return FALSE;
        }

      stmt = limn_sqlite_prepare (conn->sql, "SELECT project_id FROM tasks WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      limn_sqlite_bind_text (stmt, 1, task->id);
      if (!limn_sqlite_step_row (conn->sql, stmt, &has_row, error))
        return FALSE;
      if (has_row)
        owner = limn_sqlite_column_dup (stmt, 0);
      sqlite3_reset (stmt);

      if (owner != NULL && !g_str_equal (owner, project_id))
        {
          g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_EXISTS,
                       _("“%s”: the task id %s belongs to another project."),
                       task->title, task->id);
          return FALSE;
        }

      if (owner != NULL)
        {
          skipped++;
          continue;
        }

      stmt = limn_sqlite_prepare (conn->sql,
                                  "INSERT INTO tasks (id, project_id, position, kind, title, "
                                  "media_sha256, media_size, width, height, mime, text, language, "
                                  "direction, suggestions, created_us) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
                                  "coalesce (?13, 'auto'), coalesce (?14, '[]'), ?15)", error);
      if (stmt == NULL)
        return FALSE;
      limn_sqlite_bind_text (stmt, 1, task->id);
      limn_sqlite_bind_text (stmt, 2, project_id);
      sqlite3_bind_int64 (stmt, 3, position++);
      limn_sqlite_bind_text (stmt, 4, task->kind);
      limn_sqlite_bind_text (stmt, 5, task->title);
      limn_sqlite_bind_text (stmt, 6, task->media_sha256);
      if (task->media_sha256 != NULL)
        {
          sqlite3_bind_int64 (stmt, 7, task->media_size);
          sqlite3_bind_int64 (stmt, 8, task->width);
          sqlite3_bind_int64 (stmt, 9, task->height);
        }
      limn_sqlite_bind_text (stmt, 10, task->mime);
      limn_sqlite_bind_text (stmt, 11, task->text);
      limn_sqlite_bind_text (stmt, 12, task->language);
      limn_sqlite_bind_text (stmt, 13, task->direction);
      limn_sqlite_bind_text (stmt, 14, task->suggestions);
      sqlite3_bind_int64 (stmt, 15, now);
      if (!limn_sqlite_step_done (conn->sql, stmt, error))
        {
          g_prefix_error (error, "“%s”: ", task->title);
          return FALSE;
        }
      added++;
    }

  json_object_set_string_member (detail, "project_id", project_id);
  json_object_set_int_member (detail, "added", added);
  json_object_set_int_member (detail, "skipped", skipped);
  if (!limn_server_sqlite_add_audit (conn, NULL, "admin.task.add", detail, error) ||
      !limn_server_sqlite_commit (conn, error))
    return FALSE;

  *n_added = added;
  *n_skipped = skipped;
  return TRUE;
}

char *
limn_server_sqlite_issue_token (LimnServerBackend  *backend,
                                const char         *user_id,
                                const char         *project_id,
                                LimnServerRole      role,
                                const char         *token_sha256,
                                GError            **error)
{
  LimnServerBackendSqlite *self = LIMN_SERVER_BACKEND_SQLITE (backend);
  g_autoptr(LimnSqlConn) conn = limn_server_sqlite_acquire (self, error);
  g_autoptr(JsonObject) detail = admin_detail ();
  g_autofree char *id = g_uuid_string_random ();
  sqlite3_stmt *stmt;
  gboolean found;

  if (conn == NULL || !limn_server_sqlite_begin_write (conn, error))
    return NULL;

  if (!exists (conn, "SELECT count(*) FROM users WHERE id = ?", user_id, &found, error))
    return NULL;
  if (!found)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                   _("There is no user “%s”."), user_id);
      return NULL;
    }

  if (project_id != NULL && !require_project (conn, project_id, NULL, error))
    return NULL;

  if (project_id == NULL && role != LIMN_SERVER_ROLE_ADMIN)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_INVALID,
                   _("Only an admin token can be issued without a project."));
      return NULL;
    }

  stmt = limn_sqlite_prepare (conn->sql,
                              "INSERT INTO tokens (id, user_id, project_id, role, sha256, created_us) "
                              "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return NULL;
  limn_sqlite_bind_text (stmt, 1, id);
  limn_sqlite_bind_text (stmt, 2, user_id);
  limn_sqlite_bind_text (stmt, 3, project_id);
  limn_sqlite_bind_text (stmt, 4, limn_server_role_to_string (role));
  limn_sqlite_bind_text (stmt, 5, token_sha256);
  sqlite3_bind_int64 (stmt, 6, g_get_real_time ());
  if (!limn_sqlite_step_done (conn->sql, stmt, error))
    return NULL;

  json_object_set_string_member (detail, "token_id", id);
  json_object_set_string_member (detail, "user_id", user_id);
  if (project_id != NULL)
    json_object_set_string_member (detail, "project_id", project_id);
  json_object_set_string_member (detail, "role", limn_server_role_to_string (role));
  if (!limn_server_sqlite_add_audit (conn, NULL, "admin.token.issue", detail, error) ||
      !limn_server_sqlite_commit (conn, error))
    return NULL;

  return g_steal_pointer (&id);
}

gboolean
limn_server_sqlite_revoke_token (LimnServerBackend  *backend,
                                 const char         *token_id,
                                 GError            **error)
{
  LimnServerBackendSqlite *self = LIMN_SERVER_BACKEND_SQLITE (backend);
  g_autoptr(LimnSqlConn) conn = limn_server_sqlite_acquire (self, error);
  g_autoptr(JsonObject) detail = admin_detail ();
  sqlite3_stmt *stmt;
  gboolean found;

  if (conn == NULL || !limn_server_sqlite_begin_write (conn, error))
    return FALSE;

  if (!exists (conn, "SELECT count(*) FROM tokens WHERE id = ?", token_id, &found, error))
    return FALSE;
  if (!found)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                   _("There is no token “%s”."), token_id);
      return FALSE;
    }

  stmt = limn_sqlite_prepare (conn->sql,
                              "UPDATE tokens SET revoked_us = ? WHERE id = ? AND revoked_us IS NULL",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time ());
  limn_sqlite_bind_text (stmt, 2, token_id);
  if (!limn_sqlite_step_done (conn->sql, stmt, error))
    return FALSE;

  if (sqlite3_changes (limn_sqlite_get_db (conn->sql)) == 0)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_INVALID,
                   _("The token “%s” was revoked already."), token_id);
      return FALSE;
    }

  json_object_set_string_member (detail, "token_id", token_id);
  if (!limn_server_sqlite_add_audit (conn, NULL, "admin.token.revoke", detail, error))
    return FALSE;

  return limn_server_sqlite_commit (conn, error);
}

gboolean
limn_server_sqlite_set_gold (LimnServerBackend  *backend,
                             const char         *project_id,
                             const char         *task_id,
                             const char         *answer_json,
                             GError            **error)
{
  LimnServerBackendSqlite *self = LIMN_SERVER_BACKEND_SQLITE (backend);
  g_autoptr(LimnSqlConn) conn = limn_server_sqlite_acquire (self, error);
  g_autoptr(JsonObject) detail = admin_detail ();
  sqlite3_stmt *stmt;

  if (conn == NULL || !limn_server_sqlite_begin_write (conn, error))
    return FALSE;

  if (!require_project (conn, project_id, NULL, error))
    return FALSE;

  stmt = limn_sqlite_prepare (conn->sql,
                              "UPDATE tasks SET is_gold = 1, gold_answer = ? "
                              "WHERE id = ? AND project_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, answer_json);
  limn_sqlite_bind_text (stmt, 2, task_id);
  limn_sqlite_bind_text (stmt, 3, project_id);
  if (!limn_sqlite_step_done (conn->sql, stmt, error))
    return FALSE;

  if (sqlite3_changes (limn_sqlite_get_db (conn->sql)) == 0)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                   _("The project has no task “%s”."), task_id);
      return FALSE;
    }

  json_object_set_string_member (detail, "project_id", project_id);
  json_object_set_string_member (detail, "task_id", task_id);
  if (!limn_server_sqlite_add_audit (conn, NULL, "admin.gold.set", detail, error))
    return FALSE;

  return limn_server_sqlite_commit (conn, error);
}

gboolean
limn_server_sqlite_update_settings (LimnServerBackend         *backend,
                                    const char                *project_id,
                                    const LimnServerSettings  *settings,
                                    GError                   **error)
{
  LimnServerBackendSqlite *self = LIMN_SERVER_BACKEND_SQLITE (backend);
  g_autoptr(LimnSqlConn) conn = limn_server_sqlite_acquire (self, error);
  g_autoptr(JsonObject) detail = admin_detail ();
  sqlite3_stmt *stmt;

  if (conn == NULL || !limn_server_sqlite_begin_write (conn, error))
    return FALSE;

  if (!require_project (conn, project_id, NULL, error))
    return FALSE;

  stmt = limn_sqlite_prepare (conn->sql,
                              "UPDATE projects SET overlap = coalesce (?1, overlap), "
                              "gold_rate = coalesce (?2, gold_rate), "
                              "audit_rate = coalesce (?3, audit_rate), "
                              "confidence_steps = coalesce (?4, confidence_steps), "
                              "lease_seconds = coalesce (?5, lease_seconds) WHERE id = ?6", error);
  if (stmt == NULL)
    return FALSE;

  json_object_set_string_member (detail, "project_id", project_id);
  if (settings->overlap >= 0)
    {
      sqlite3_bind_int64 (stmt, 1, settings->overlap);
      json_object_set_int_member (detail, "overlap", settings->overlap);
    }
  if (settings->gold_rate >= 0)
    {
      sqlite3_bind_double (stmt, 2, settings->gold_rate);
      json_object_set_double_member (detail, "gold_rate", settings->gold_rate);
    }
  if (settings->audit_rate >= 0)
    {
      sqlite3_bind_double (stmt, 3, settings->audit_rate);
      json_object_set_double_member (detail, "audit_rate", settings->audit_rate);
    }
  if (settings->confidence_steps >= 0)
    {
      sqlite3_bind_int64 (stmt, 4, settings->confidence_steps);
      json_object_set_int_member (detail, "confidence_steps", settings->confidence_steps);
    }
  if (settings->lease_seconds >= 0)
    {
      sqlite3_bind_int64 (stmt, 5, settings->lease_seconds);
      json_object_set_int_member (detail, "lease_seconds", settings->lease_seconds);
    }
  limn_sqlite_bind_text (stmt, 6, project_id);

  if (!limn_sqlite_step_done (conn->sql, stmt, error) ||
      !limn_server_sqlite_add_audit (conn, NULL, "admin.project.set", detail, error))
    return FALSE;

  return limn_server_sqlite_commit (conn, error);
}

GPtrArray *
limn_server_sqlite_project_status (LimnServerBackend  *backend,
                                   const char         *project_id,
                                   GError            **error)
{
  LimnServerBackendSqlite *self = LIMN_SERVER_BACKEND_SQLITE (backend);
  g_autoptr(LimnSqlConn) conn = limn_server_sqlite_acquire (self, error);
  g_autoptr(GPtrArray) result = NULL;
  sqlite3_stmt *stmt;

  if (conn == NULL || !limn_server_sqlite_begin_read (conn, error))
    return NULL;

  if (project_id != NULL && !require_project (conn, project_id, NULL, error))
    return NULL;

  stmt = limn_sqlite_prepare (conn->sql,
                              "SELECT p.id, p.name, p.kind, "
                              "(SELECT count(*) FROM tasks t WHERE t.project_id = p.id), "
                              "(SELECT count(*) FROM tasks t WHERE t.project_id = p.id AND t.is_gold), "
                              "(SELECT count(*) FROM assignments a WHERE a.project_id = p.id "
                              " AND a.status = 'assigned'), "
                              "(SELECT count(*) FROM assignments a WHERE a.project_id = p.id "
                              " AND a.status = 'submitted'), "
                              "(SELECT count(*) FROM assignments a WHERE a.project_id = p.id "
                              " AND a.status = 'expired'), "
                              "(SELECT count(*) FROM annotations n WHERE n.project_id = p.id), "
                              "(SELECT count(*) FROM annotations n WHERE n.project_id = p.id "
                              " AND n.state = 'conflicted'), "
                              "(SELECT count(*) FROM flags f WHERE f.project_id = p.id), "
                              "(SELECT count(*) FROM events e WHERE e.project_id = p.id) "
                              "FROM projects p WHERE ?1 IS NULL OR p.id = ?1 "
                              "ORDER BY p.created_us, p.id", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, project_id);
  result = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_project_status_free);
  for (;;)
    {
      LimnServerProjectStatus *s;
      gboolean has_row;

      if (!limn_sqlite_step_row (conn->sql, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;

      s = g_new0 (LimnServerProjectStatus, 1);
      s->project_id = limn_sqlite_column_dup (stmt, 0);
      s->name = limn_sqlite_column_dup (stmt, 1);
      s->kind = limn_sqlite_column_dup (stmt, 2);
      s->tasks = sqlite3_column_int64 (stmt, 3);
      s->gold = sqlite3_column_int64 (stmt, 4);
      s->assigned = sqlite3_column_int64 (stmt, 5);
      s->submitted = sqlite3_column_int64 (stmt, 6);
      s->expired = sqlite3_column_int64 (stmt, 7);
      s->annotations = sqlite3_column_int64 (stmt, 8);
      s->conflicts = sqlite3_column_int64 (stmt, 9);
      s->flags = sqlite3_column_int64 (stmt, 10);
      s->events = sqlite3_column_int64 (stmt, 11);
      g_ptr_array_add (result, s);
    }
  sqlite3_reset (stmt);

  return g_steal_pointer (&result);
}
