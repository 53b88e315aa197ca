/* limn-store-notes.c
 *
 * Coaching notes: kept with the annotator they are about and shown to
 * them; a reviewer's are queued for the server like any other work.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-store-private.h"
#include "limn-store-accounts.h"
#include "limn-store-notes.h"

static gboolean
insert_note (LimnStore       *self,
             const LimnNote  *note,
             const char      *annotator,
             gboolean         local,
             const char      *sync_status,
             GError         **error)
{
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (self->sql,
                              "INSERT INTO notes (id, project_id, annotator, author, body, created_us, origin, "
                              "  read_us, sync_status) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                              "ON CONFLICT (id) DO NOTHING",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, note->id);
  limn_sqlite_bind_text (stmt, 2, note->project_id);
  limn_sqlite_bind_text (stmt, 3, annotator != NULL ? annotator : "");
  limn_sqlite_bind_text (stmt, 4, note->author != NULL ? note->author : "");
  limn_sqlite_bind_text (stmt, 5, note->body);
  sqlite3_bind_int64 (stmt, 6, note->created_us);
  limn_sqlite_bind_text (stmt, 7, local ? "local" : "server");
  if (local)
    sqlite3_bind_int64 (stmt, 8, note->created_us);
  limn_sqlite_bind_text (stmt, 9, sync_status);

  return limn_sqlite_step_done (self->sql, stmt, error);
}

gboolean
limn_store_queue_note (LimnStore  *self,
                       LimnNote   *note,
                       GError    **error)
{
  g_autofree char *payload = NULL;
  gboolean remote;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);
  g_return_val_if_fail (note != NULL, FALSE);

  if (note->annotator == NULL || note->annotator[0] == '\0' || note->body == NULL || note->body[0] == '\0')
    {
      g_set_error_literal (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_INVALID,
                           _("A note needs an annotator and some text."));
      return FALSE;
    }

  remote = limn_store_is_remote_project (self, note->project_id);

  if (!limn_store_begin (self, error))
    return FALSE;

  note->mine = TRUE;
  note->read = TRUE;
  if (!insert_note (self, note, note->annotator, TRUE, remote ? "pending" : NULL, error))
    goto fail;

  if (remote)
    {
      payload = limn_wire_note_item (note);
      if (!limn_store_outbox_queue_item (self, "note", note->id, note->project_id, payload, error))
        goto fail;
      g_free (note->sync_status);
      note->sync_status = g_strdup ("pending");
    }

  return limn_store_commit (self, error);

fail:
  limn_store_rollback (self);
  return FALSE;
}

gboolean
limn_store_sync_apply_note (LimnStore       *self,
                            const LimnNote  *note,
                            const char      *annotator,
                            GError         **error)
{
  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  return insert_note (self, note, annotator, FALSE, NULL, error);
}

GPtrArray *
limn_store_list_notes (LimnStore   *self,
                       const char  *annotator,
                       GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_note_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT id, project_id, annotator, author, body, created_us, origin, "
                              "  read_us IS NOT NULL, sync_status, sync_reason FROM notes "
                              "WHERE (?1 IS NULL AND origin = 'server') OR (origin = 'local' AND annotator = ?1) "
                              "ORDER BY created_us, id",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, annotator);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LimnNote *n = limn_note_new ((const char *)sqlite3_column_text (stmt, 1),
                                   (const char *)sqlite3_column_text (stmt, 2),
                                   (const char *)sqlite3_column_text (stmt, 4));

      g_free (n->id);
      n->id = limn_sqlite_column_dup (stmt, 0);
      n->mine = g_strcmp0 ((const char *)sqlite3_column_text (stmt, 6), "local") == 0;
      if (!n->mine)
        n->author = limn_sqlite_column_dup (stmt, 3);
      n->created_us = sqlite3_column_int64 (stmt, 5);
      n->read = sqlite3_column_int (stmt, 7);
      n->sync_status = limn_sqlite_column_dup (stmt, 8);
      n->sync_reason = limn_sqlite_column_dup (stmt, 9);
      g_ptr_array_add (out, n);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      limn_sqlite_set_error (self->sql, rc, error);
      return NULL;
    }

  return g_steal_pointer (&out);
}

gboolean
limn_store_mark_notes_read (LimnStore  *self,
                            GError    **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  stmt = limn_sqlite_prepare (self->sql, "UPDATE notes SET read_us = ? WHERE read_us IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time ());

  return limn_sqlite_step_done (self->sql, stmt, error);
}

gint64
limn_store_count_unread_notes (LimnStore  *self,
                               GError    **error)
{
  sqlite3_stmt *stmt;
  gint64 n = -1;

  g_return_val_if_fail (LIMN_IS_STORE (self), -1);

  stmt = limn_sqlite_prepare (self->sql, "SELECT COUNT(*) FROM notes WHERE read_us IS NULL", error);
  if (stmt == NULL)
    return -1;
  if (!limn_sqlite_query_int (self->sql, stmt, &n, error))
    return -1;

  return n;
}
