/* limn-store-events.c
 *
 * The append-only event log, flags, and the outbox.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-store-private.h"
#include "limn-store-outbox.h"

/**
 * limn_store_append_events:
 * @events: (element-type LimnEvent): events to append; each gets its seq
 *
 * Appends in one transaction (joining the caller's, if any). An event of a
 * project that syncs with a server also gets its outbox row, in the same
 * transaction.
 */
gboolean
limn_store_append_events (LimnStore  *self,
                          GPtrArray  *events,
                          GError    **error)
{
  sqlite3_stmt *stmt;
  GHashTable *remote;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  if (events->len == 0)
    return TRUE;

  if (!limn_store_begin (self, error))
    return FALSE;

  /* Cached per connection: one cheap check per batch, not a query per event. */
  remote = limn_store_get_remote_projects (self, error);
  if (remote == NULL)
    goto fail;

  for (guint i = 0; i < events->len; i++)
    {
      LimnEvent *e = g_ptr_array_index (events, i);

      stmt = limn_sqlite_prepare (self->sql,
                                  "INSERT INTO events (id, session_id, annotator, project_id, task_id, "
                                  "  type, wall_us, mono_us, payload) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                  error);
      if (stmt == NULL)
        goto fail;

      limn_sqlite_bind_text (stmt, 1, e->id);
      limn_sqlite_bind_text (stmt, 2, e->session_id);
      limn_sqlite_bind_text (stmt, 3, e->annotator);
      limn_sqlite_bind_text (stmt, 4, e->project_id);
      limn_sqlite_bind_text (stmt, 5, e->task_id);
      limn_sqlite_bind_text (stmt, 6, e->type);
      sqlite3_bind_int64 (stmt, 7, e->wall_us);
      sqlite3_bind_int64 (stmt, 8, e->mono_us);
      limn_sqlite_bind_text (stmt, 9, e->payload ? e->payload : "{}");

      if (!limn_sqlite_step_done (self->sql, stmt, error))
        goto fail;

      e->seq = sqlite3_last_insert_rowid (limn_store_get_db (self));

      if (e->project_id != NULL && g_hash_table_contains (remote, e->project_id) &&
          !limn_store_outbox_add_event (self, e, error))
        goto fail;
    }

  if (!limn_store_commit (self, error))
    {
      for (guint i = 0; i < events->len; i++)
        ((LimnEvent *)g_ptr_array_index (events, i))->seq = 0;
      return FALSE;
    }

  return TRUE;

fail:
  limn_store_rollback (self);
  for (guint i = 0; i < events->len; i++)
    ((LimnEvent *)g_ptr_array_index (events, i))->seq = 0;
  return FALSE;
}

/**
 * limn_store_list_events:
 * @task_id: (nullable): only this task's events, or all
 * @after_seq: only events with a larger seq
 * @limit: at most this many (0: no limit)
 *
 * Returns: (transfer full) (element-type LimnEvent): in seq order
 */
GPtrArray *
limn_store_list_events (LimnStore   *self,
                        const char  *task_id,
                        gint64       after_seq,
                        guint        limit,
                        GError     **error)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_event_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT seq, id, session_id, annotator, project_id, task_id, type, "
                              "  wall_us, mono_us, payload FROM events "
                              "WHERE seq > ?1 AND (?2 IS NULL OR task_id = ?2) "
                              "ORDER BY seq LIMIT ?3",
                              error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, after_seq);
  limn_sqlite_bind_text (stmt, 2, task_id);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64)limit : G_MAXINT64);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LimnEvent *e = g_new0 (LimnEvent, 1);

      e->seq = sqlite3_column_int64 (stmt, 0);
      e->id = limn_sqlite_column_dup (stmt, 1);
      e->session_id = limn_sqlite_column_dup (stmt, 2);
      e->annotator = limn_sqlite_column_dup (stmt, 3);
      e->project_id = limn_sqlite_column_dup (stmt, 4);
      e->task_id = limn_sqlite_column_dup (stmt, 5);
      e->type = limn_sqlite_column_dup (stmt, 6);
      e->wall_us = sqlite3_column_int64 (stmt, 7);
      e->mono_us = sqlite3_column_int64 (stmt, 8);
      e->payload = limn_sqlite_column_dup (stmt, 9);
      g_ptr_array_add (events, e);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      limn_sqlite_set_error (self->sql, rc, error);
      return NULL;
    }

  return g_steal_pointer (&events);
}

gint64
limn_store_count_events (LimnStore  *self,
                         GError    **error)
{
  sqlite3_stmt *stmt;
  gint64 n = -1;

  g_return_val_if_fail (LIMN_IS_STORE (self), -1);

  stmt = limn_sqlite_prepare (self->sql, "SELECT COUNT(*) FROM events", error);
  if (stmt == NULL)
    return -1;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return n;
}

gboolean
limn_store_add_flag (LimnStore       *self,
                     const LimnFlag  *flag,
                     GError         **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  stmt = limn_sqlite_prepare (self->sql,
                              "INSERT INTO flags (id, task_id, project_id, region_id, annotator, category, "
                              "  body, state, created_us, read_us) "
                              "VALUES (?1, ?2, (SELECT project_id FROM tasks WHERE id = ?2), ?3, ?4, ?5, ?6, ?8, "
                              "  ?7, ?7)",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, flag->id);
  limn_sqlite_bind_text (stmt, 2, flag->task_id);
  limn_sqlite_bind_text (stmt, 3, flag->region_id);
  limn_sqlite_bind_text (stmt, 4, flag->annotator);
  limn_sqlite_bind_text (stmt, 5, flag->category);
  limn_sqlite_bind_text (stmt, 6, flag->body);
  sqlite3_bind_int64 (stmt, 7, flag->created_us);
  limn_sqlite_bind_text (stmt, 8, limn_flag_state_to_string (flag->state));

  return limn_sqlite_step_done (self->sql, stmt, error);
}

/**
 * limn_store_list_flags:
 *
 * Returns: (transfer full) (element-type LimnFlag): the task's flags, oldest first
 */
GPtrArray *
limn_store_list_flags (LimnStore   *self,
                       const char  *task_id,
                       GError     **error)
{
  g_autoptr(GPtrArray) flags = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_flag_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT id, task_id, region_id, annotator, category, body, "
                              "  created_us, state FROM flags WHERE task_id = ? ORDER BY created_us",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, task_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LimnFlag *flag = g_new0 (LimnFlag, 1);

      flag->id = limn_sqlite_column_dup (stmt, 0);
      flag->task_id = limn_sqlite_column_dup (stmt, 1);
      flag->region_id = limn_sqlite_column_dup (stmt, 2);
      flag->annotator = limn_sqlite_column_dup (stmt, 3);
      flag->category = limn_sqlite_column_dup (stmt, 4);
      flag->body = limn_sqlite_column_dup (stmt, 5);
      flag->created_us = sqlite3_column_int64 (stmt, 6);
      limn_flag_state_from_string ((const char *)sqlite3_column_text (stmt, 7), &flag->state);
      g_ptr_array_add (flags, flag);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      limn_sqlite_set_error (self->sql, rc, error);
      return NULL;
    }

  return g_steal_pointer (&flags);
}

/* Adding the same (kind, item) twice is a no-op: the first one stands. */
gboolean
limn_store_outbox_add (LimnStore   *self,
                       const char  *kind,
                       const char  *item_id,
                       const char  *project_id,
                       const char  *payload,
                       GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  stmt = limn_sqlite_prepare (self->sql,
                              "INSERT INTO outbox (kind, item_id, project_id, payload, created_us) "
                              "VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, item_id) DO NOTHING",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, kind);
  limn_sqlite_bind_text (stmt, 2, item_id);
  limn_sqlite_bind_text (stmt, 3, project_id);
  limn_sqlite_bind_text (stmt, 4, payload);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time ());

  return limn_sqlite_step_done (self->sql, stmt, error);
}

gint64
limn_store_outbox_count_pending (LimnStore  *self,
                                 GError    **error)
{
  sqlite3_stmt *stmt;
  gint64 n = -1;

  g_return_val_if_fail (LIMN_IS_STORE (self), -1);

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT COUNT(*) FROM outbox WHERE acked_us IS NULL", error);
  if (stmt == NULL)
    return -1;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return n;
}
