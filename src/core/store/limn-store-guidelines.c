/* limn-store-guidelines.c
 *
 * Guidelines by version, with what changed, and the local annotator's
 * acknowledgements: one per version, queued for the server once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-store"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "limn-store-private.h"
#include "limn-store-accounts.h"
#include "limn-store-guidelines.h"

gboolean
limn_store_sync_save_guideline (LimnStore   *self,
                                const char  *project_id,
                                gint64       version,
                                const char  *body,
                                const char  *summary,
                                const char  *translations,
                                gint64       published_us,
                                GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  /* A version's translations never change on the server: the row this
   * app wrote when it published (none) keeps those the feed brings. */
  stmt = limn_sqlite_prepare (self->sql,
                              "INSERT INTO guidelines (project_id, version, body, summary, published_us, "
                              "                        translations) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, coalesce (?6, '{}')) "
                              "ON CONFLICT (project_id, version) DO UPDATE "
                              "  SET body = excluded.body, summary = excluded.summary, "
                              "      translations = coalesce (?6, translations)",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, project_id);
  sqlite3_bind_int64 (stmt, 2, version);
  limn_sqlite_bind_text (stmt, 3, body);
  limn_sqlite_bind_text (stmt, 4, summary != NULL ? summary : "");
  sqlite3_bind_int64 (stmt, 5, published_us > 0 ? published_us : g_get_real_time ());
  limn_sqlite_bind_text (stmt, 6, translations);

  return limn_sqlite_step_done (self->sql, stmt, error);
}

#define GUIDELINE_COLUMNS \
  "g.project_id, g.version, g.body, g.summary, g.published_us, IFNULL (k.acked_us, 0), IFNULL (k.synced, 0) " \
  "FROM guidelines g LEFT JOIN guideline_acks k ON k.project_id = g.project_id AND k.version = g.version "

static LimnGuideline *
guideline_from_row (sqlite3_stmt *stmt)
{
  LimnGuideline *g = g_new0 (LimnGuideline, 1);

  g->project_id = limn_sqlite_column_dup (stmt, 0);
  g->version = sqlite3_column_int64 (stmt, 1);
  g->body = limn_sqlite_column_dup (stmt, 2);
  g->summary = limn_sqlite_column_dup (stmt, 3);
  g->published_us = sqlite3_column_int64 (stmt, 4);
  g->acked_us = sqlite3_column_int64 (stmt, 5);
  g->ack_synced = sqlite3_column_int (stmt, 6);

  return g;
}

GPtrArray *
limn_store_list_guidelines (LimnStore   *self,
                            const char  *project_id,
                            GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_guideline_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT " GUIDELINE_COLUMNS "WHERE g.project_id = ? AND g.version > 0 "
                              "ORDER BY g.version DESC",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, project_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, guideline_from_row (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      limn_sqlite_set_error (self->sql, rc, error);
      return NULL;
    }

  return g_steal_pointer (&out);
}

LimnGuideline *
limn_store_load_guideline (LimnStore   *self,
                           const char  *project_id,
                           GError     **error)
{
  g_autoptr(GPtrArray) all = limn_store_list_guidelines (self, project_id, error);

  if (all == NULL || all->len == 0)
    return NULL;

  return g_ptr_array_steal_index (all, 0);
}

LimnGuideline *
limn_store_guideline_needing_ack (LimnStore   *self,
                                  const char  *project_id,
                                  GError     **error)
{
  g_autoptr(LimnGuideline) current = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  /* Nobody to tell in a local project; a version 0 row that older
   * stores keep is no publication (list_guidelines skips it). */
  if (!limn_store_is_remote_project (self, project_id))
    return NULL;

  current = limn_store_load_guideline (self, project_id, &local_error);
  if (current == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (limn_guideline_is_acked (current))
    return NULL;

  return g_steal_pointer (&current);
}

gboolean
limn_store_ack_guideline (LimnStore   *self,
                          const char  *project_id,
                          gint64       version,
                          GError     **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *payload = NULL;
  sqlite3_stmt *stmt;
  gboolean remote;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  remote = limn_store_is_remote_project (self, project_id);

  if (!limn_store_begin (self, error))
    return FALSE;

  stmt = limn_sqlite_prepare (self->sql,
                              "INSERT INTO guideline_acks (project_id, version, id, acked_us, synced) "
                              "SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM guidelines "
                              "  WHERE project_id = ?1 AND version = ?2) "
                              "ON CONFLICT (project_id, version) DO NOTHING",
                              error);
  if (stmt == NULL)
    goto fail;
  limn_sqlite_bind_text (stmt, 1, project_id);
  sqlite3_bind_int64 (stmt, 2, version);
  limn_sqlite_bind_text (stmt, 3, id);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time ());
  sqlite3_bind_int (stmt, 5, remote ? 0 : 1);
  if (!limn_sqlite_step_done (self->sql, stmt, error))
    goto fail;

  /* Acknowledged before (or no such version): nothing more to send. */
  if (sqlite3_changes (limn_store_get_db (self)) == 0)
    {
      gint64 known = 0;

      stmt = limn_sqlite_prepare (self->sql,
                                  "SELECT COUNT(*) FROM guidelines WHERE project_id = ? AND version = ?", error);
      if (stmt == NULL)
        goto fail;
      limn_sqlite_bind_text (stmt, 1, project_id);
      sqlite3_bind_int64 (stmt, 2, version);
      if (!limn_sqlite_query_int (self->sql, stmt, &known, error))
        goto fail;
      if (known == 0)
        {
          g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND,
                       _("There is no version %" PRId64 " of these guidelines."), version);
          goto fail;
        }
      return limn_store_commit (self, error);
    }

  if (remote)
    {
      payload = limn_wire_ack_item (id, project_id, version);
      if (!limn_store_outbox_queue_item (self, "ack", id, project_id, payload, error))
        goto fail;
    }

  return limn_store_commit (self, error);

fail:
  limn_store_rollback (self);
  return FALSE;
}
