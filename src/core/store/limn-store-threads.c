/* limn-store-threads.c
 *
 * Threads: a flag (an ambiguity report) and the replies to it. The flag
 * row is the thread; replies live in messages, keyed by the flag's id (a
 * reply may arrive before its thread is listed). What came from the
 * server is unread until the thread is opened; what is written here is
 * queued for the server like a flag.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-store-private.h"
#include "limn-store-accounts.h"
#include "limn-store-threads.h"

static gboolean
insert_message (LimnStore          *self,
                const char         *project_id,
                const LimnMessage  *m,
                gboolean            local,
                GError            **error)
{
  g_autofree char *me = NULL;
  sqlite3_stmt *stmt;

  /* Mine is stored under the name the server knows me by. */
  if (local && m->author == NULL &&
      !limn_store_project_user_name (self, project_id, &me, error))
    return FALSE;

  /* The first copy stands: mine stays mine when the server lists it. */
  stmt = limn_sqlite_prepare (self->sql,
                              "INSERT INTO messages (id, thread_id, project_id, task_id, author, body, state, "
                              "  created_us, origin, read_us, sync_status) "
                              "VALUES (?1, ?2, IFNULL (?3, (SELECT project_id FROM flags WHERE id = ?2)), "
                              "  IFNULL (?4, (SELECT task_id FROM flags WHERE id = ?2)), ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
                              "ON CONFLICT (id) DO NOTHING",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, m->id);
  limn_sqlite_bind_text (stmt, 2, m->thread_id);
  limn_sqlite_bind_text (stmt, 3, project_id);
  limn_sqlite_bind_text (stmt, 4, m->task_id);
  limn_sqlite_bind_text (stmt, 5, m->author != NULL ? m->author : me != NULL ? me : "");
  limn_sqlite_bind_text (stmt, 6, m->body);
  limn_sqlite_bind_text (stmt, 7, m->sets_state ? limn_flag_state_to_string (m->state) : NULL);
  sqlite3_bind_int64 (stmt, 8, m->created_us);
  limn_sqlite_bind_text (stmt, 9, local ? "local" : "server");
  if (local)
    sqlite3_bind_int64 (stmt, 10, m->created_us);
  limn_sqlite_bind_text (stmt, 11, local ? "pending" : NULL);

  return limn_sqlite_step_done (self->sql, stmt, error);
}

static gboolean
set_thread_state (LimnStore      *self,
                  const char     *thread_id,
                  LimnFlagState   state,
                  GError        **error)
{
  sqlite3_stmt *stmt = limn_sqlite_prepare (self->sql, "UPDATE flags SET state = ?2 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, thread_id);
  limn_sqlite_bind_text (stmt, 2, limn_flag_state_to_string (state));

  return limn_sqlite_step_done (self->sql, stmt, error);
}

gboolean
limn_store_threads_save (LimnStore   *self,
                         const char  *project_id,
                         GPtrArray   *threads,
                         GError     **error)
{
  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  if (!limn_store_begin (self, error))
    return FALSE;

  for (guint i = 0; i < threads->len; i++)
    {
      const LimnWireThread *t = g_ptr_array_index (threads, i);

      if (!limn_store_save_server_flag (self, project_id, t->flag, error))
        goto fail;
      for (guint j = 0; j < t->messages->len; j++)
        if (!insert_message (self, project_id, g_ptr_array_index (t->messages, j), FALSE, error))
          goto fail;
    }

  return limn_store_commit (self, error);

fail:
  limn_store_rollback (self);
  return FALSE;
}

#define THREAD_COLUMNS \
  "f.id, f.task_id, f.region_id, f.annotator, f.category, f.body, f.created_us, f.state, f.project_id, " \
  "(SELECT t.title FROM tasks t WHERE t.id = f.task_id), f.origin = 'local', " \
  "(SELECT COUNT(*) FROM messages m WHERE m.thread_id = f.id), " \
  "(f.read_us IS NULL) + (SELECT COUNT(*) FROM messages m WHERE m.thread_id = f.id AND m.read_us IS NULL), " \
  "MAX (f.created_us, IFNULL ((SELECT MAX (m.created_us) FROM messages m WHERE m.thread_id = f.id), 0)) "

static LimnThread *
thread_from_row (sqlite3_stmt *stmt,
                 GPtrArray    *messages)
{
  LimnFlag flag = { 0 };
  LimnThreadInfo info = { 0 };

  flag.id = (char *)sqlite3_column_text (stmt, 0);
  flag.task_id = (char *)sqlite3_column_text (stmt, 1);
  flag.region_id = (char *)sqlite3_column_text (stmt, 2);
  flag.annotator = (char *)sqlite3_column_text (stmt, 3);
  flag.category = (char *)sqlite3_column_text (stmt, 4);
  flag.body = (char *)sqlite3_column_text (stmt, 5);
  flag.created_us = sqlite3_column_int64 (stmt, 6);
  limn_flag_state_from_string ((const char *)sqlite3_column_text (stmt, 7), &flag.state);

  info.flag = &flag;
  info.project_id = (const char *)sqlite3_column_text (stmt, 8);
  info.task_title = (const char *)sqlite3_column_text (stmt, 9);
  info.mine = sqlite3_column_int (stmt, 10);
  info.n_messages = sqlite3_column_int (stmt, 11);
  info.n_unread = sqlite3_column_int (stmt, 12);
  info.last_activity_us = sqlite3_column_int64 (stmt, 13);
  info.messages = messages;

  return limn_thread_new (&info);
}

GPtrArray *
limn_store_list_threads (LimnStore   *self,
                         const char  *project_id,
                         GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT " THREAD_COLUMNS "FROM flags f WHERE ?1 IS NULL OR f.project_id = ?1 "
                              "ORDER BY 14 DESC, f.id",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, project_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, thread_from_row (stmt, NULL));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      limn_sqlite_set_error (self->sql, rc, error);
      return NULL;
    }

  return g_steal_pointer (&out);
}

static GPtrArray *
load_messages (LimnStore   *self,
               const char  *thread_id,
               GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_message_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT id, task_id, author, body, state, created_us, origin, read_us IS NOT NULL, "
                              "  sync_status, sync_reason FROM messages WHERE thread_id = ? "
                              "ORDER BY created_us, id",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, thread_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LimnMessage *m = limn_message_new (thread_id, (const char *)sqlite3_column_text (stmt, 3));
      LimnFlagState state;

      g_free (m->id);
      m->id = limn_sqlite_column_dup (stmt, 0);
      m->task_id = limn_sqlite_column_dup (stmt, 1);
      m->mine = g_strcmp0 ((const char *)sqlite3_column_text (stmt, 6), "local") == 0;
      if (!m->mine)
        m->author = limn_sqlite_column_dup (stmt, 2);
      if (limn_flag_state_from_string ((const char *)sqlite3_column_text (stmt, 4), &state))
        limn_message_set_state (m, state);
      m->created_us = sqlite3_column_int64 (stmt, 5);
      m->read = sqlite3_column_int (stmt, 7);
      m->sync_status = limn_sqlite_column_dup (stmt, 8);
      m->sync_reason = limn_sqlite_column_dup (stmt, 9);
      g_ptr_array_add (out, m);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      limn_sqlite_set_error (self->sql, rc, error);
      return NULL;
    }

  return g_steal_pointer (&out);
}

LimnThread *
limn_store_load_thread (LimnStore   *self,
                        const char  *thread_id,
                        GError     **error)
{
  g_autoptr(GPtrArray) messages = NULL;
  LimnThread *thread = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  messages = load_messages (self, thread_id, error);
  if (messages == NULL)
    return NULL;

  stmt = limn_sqlite_prepare (self->sql, "SELECT " THREAD_COLUMNS "FROM flags f WHERE f.id = ?1", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, thread_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    thread = thread_from_row (stmt, messages);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND,
                 _("There is no thread “%s” in this database."), thread_id);
  else if (rc != SQLITE_ROW)
    limn_sqlite_set_error (self->sql, rc, error);

  return thread;
}

gboolean
limn_store_mark_thread_read (LimnStore   *self,
                             const char  *thread_id,
                             GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  if (!limn_store_begin (self, error))
    return FALSE;

  stmt = limn_sqlite_prepare (self->sql, "UPDATE flags SET read_us = ?2 WHERE id = ?1 AND read_us IS NULL",
                              error);
  if (stmt == NULL)
    goto fail;
  limn_sqlite_bind_text (stmt, 1, thread_id);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!limn_sqlite_step_done (self->sql, stmt, error))
    goto fail;

  stmt = limn_sqlite_prepare (self->sql,
                              "UPDATE messages SET read_us = ?2 WHERE thread_id = ?1 AND read_us IS NULL",
                              error);
  if (stmt == NULL)
    goto fail;
  limn_sqlite_bind_text (stmt, 1, thread_id);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!limn_sqlite_step_done (self->sql, stmt, error))
    goto fail;

  return limn_store_commit (self, error);

fail:
  limn_store_rollback (self);
  return FALSE;
}

gint64
limn_store_count_unread_messages (LimnStore   *self,
                                  const char  *project_id,
                                  GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 n = -1;

  g_return_val_if_fail (LIMN_IS_STORE (self), -1);

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT (SELECT COUNT(*) FROM flags WHERE read_us IS NULL "
                              "          AND (?1 IS NULL OR project_id = ?1)) "
                              "     + (SELECT COUNT(*) FROM messages WHERE read_us IS NULL "
                              "          AND (?1 IS NULL OR project_id = ?1))",
                              error);
  if (stmt == NULL)
    return -1;
  limn_sqlite_bind_text (stmt, 1, project_id);
  if (!limn_sqlite_query_int (self->sql, stmt, &n, error))
    return -1;

  return n;
}

gboolean
limn_store_queue_message (LimnStore     *self,
                          LimnMessage   *message,
                          GError       **error)
{
  g_autofree char *project_id = NULL;
  g_autofree char *task_id = NULL;
  g_autofree char *payload = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  if (message->body == NULL || message->body[0] == '\0')
    {
      g_set_error_literal (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_INVALID, _("A reply cannot be empty."));
      return FALSE;
    }

  if (!limn_store_begin (self, error))
    return FALSE;

  stmt = limn_sqlite_prepare (self->sql, "SELECT project_id, task_id FROM flags WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  limn_sqlite_bind_text (stmt, 1, message->thread_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      project_id = limn_sqlite_column_dup (stmt, 0);
      task_id = limn_sqlite_column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND,
                   _("There is no thread “%s” in this database."), message->thread_id);
      goto fail;
    }

  if (message->task_id == NULL)
    message->task_id = g_strdup (task_id);
  message->mine = TRUE;
  message->read = TRUE;

  if (!insert_message (self, project_id, message, TRUE, error) ||
      (message->sets_state && !set_thread_state (self, message->thread_id, message->state, error)))
    goto fail;

  if (limn_store_is_remote_project (self, project_id))
    {
      payload = limn_wire_message_item (message);
      if (!limn_store_outbox_queue_item (self, "message", message->id, project_id, payload, error))
        goto fail;
      g_free (message->sync_status);
      message->sync_status = g_strdup ("pending");
    }
  else
    {
      /* Nobody to tell: not pending. */
      stmt = limn_sqlite_prepare (self->sql, "UPDATE messages SET sync_status = NULL WHERE id = ?", error);
      if (stmt == NULL)
        goto fail;
      limn_sqlite_bind_text (stmt, 1, message->id);
      if (!limn_sqlite_step_done (self->sql, stmt, error))
        goto fail;
    }

  return limn_store_commit (self, error);

fail:
  limn_store_rollback (self);
  return FALSE;
}

gboolean
limn_store_sync_apply_message (LimnStore          *self,
                               const LimnMessage  *message,
                               GError            **error)
{
  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  if (!limn_store_begin (self, error))
    return FALSE;

  if (!insert_message (self, NULL, message, FALSE, error))
    goto fail;

  if (sqlite3_changes (limn_store_get_db (self)) > 0 && message->sets_state &&
      !set_thread_state (self, message->thread_id, message->state, error))
    goto fail;

  return limn_store_commit (self, error);

fail:
  limn_store_rollback (self);
  return FALSE;
}
