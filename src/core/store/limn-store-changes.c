/* limn-store-changes.c
 *
 * What the server sent, applied idempotently: labels, guidelines, leases
 * granted, renewed and expired, claimed tasks with their suggestions, and
 * gold answers (shown only after the local submit); and the leased tasks'
 * images still to fetch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-store"

#include "config.h"

#include "limn-store-private.h"
#include "limn-store-changes.h"

/* What the server sent */

/**
 * limn_store_sync_save_labels:
 * @labels: (element-type LimnLabel): the project's labels, in order
 *
 * Upserts by id. A label that lost its name to another (renames can swap
 * names) keeps its id with the old name made unique, so its regions still
 * resolve.
 */
gboolean
limn_store_sync_save_labels (LimnStore   *self,
                             const char  *project_id,
                             GPtrArray   *labels,
                             GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  if (!limn_store_begin (self, error))
    return FALSE;

  for (guint i = 0; i < labels->len; i++)
    {
      LimnLabel *label = g_ptr_array_index (labels, i);

      stmt = limn_sqlite_prepare (self->sql,
                                  "UPDATE labels SET name = name || ' ' || id "
                                  "WHERE project_id = ?1 AND name = ?2 AND id != ?3",
                                  error);
      if (stmt == NULL)
        goto fail;
      limn_sqlite_bind_text (stmt, 1, project_id);
      limn_sqlite_bind_text (stmt, 2, limn_label_get_name (label));
      limn_sqlite_bind_text (stmt, 3, limn_label_get_id (label));
      if (!limn_sqlite_step_done (self->sql, stmt, error))
        goto fail;

      stmt = limn_sqlite_prepare (self->sql,
                                  LIMN_STORE_UPSERT_LABEL,
                                  error);
      if (stmt == NULL)
        goto fail;
      limn_sqlite_bind_text (stmt, 1, limn_label_get_id (label));
      limn_sqlite_bind_text (stmt, 2, project_id);
      sqlite3_bind_int (stmt, 3, i);
      limn_sqlite_bind_text (stmt, 4, limn_label_get_name (label));
      limn_sqlite_bind_text (stmt, 5, limn_label_get_color (label));
      limn_sqlite_bind_text (stmt, 6, limn_label_get_hotkey (label));
      limn_sqlite_bind_text (stmt, 7, limn_label_get_description (label));
      limn_store_bind_retired (stmt, 8, label);
      limn_store_bind_translations (stmt, 9, label);
      if (!limn_sqlite_step_done (self->sql, stmt, error))
        goto fail;
    }

  return limn_store_commit (self, error);

fail:
  limn_store_rollback (self);
  return FALSE;
}

gboolean
limn_store_sync_save_guidelines (LimnStore   *self,
                                 const char  *project_id,
                                 gint64       version,
                                 const char  *body,
                                 GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  stmt = limn_sqlite_prepare (self->sql,
                              "INSERT INTO guidelines (project_id, version, body, published_us) "
                              "VALUES (?, ?, ?, ?) "
                              "ON CONFLICT (project_id, version) DO UPDATE "
                              "  SET body = excluded.body",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, project_id);
  sqlite3_bind_int64 (stmt, 2, version);
  limn_sqlite_bind_text (stmt, 3, body);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time ());

  return limn_sqlite_step_done (self->sql, stmt, error);
}

/* A lease granted or renewed. Local progress is never moved back: only a
 * task not started (or whose lease had ended) becomes 'assigned'. */
static gboolean
upsert_assignment (LimnStore   *self,
                   const char  *task_id,
                   const char  *assignment_id,
                   gint64       lease_expires_us,
                   gboolean     insert,
                   GError     **error)
{
  sqlite3_stmt *stmt;

  if (insert)
    stmt = limn_sqlite_prepare (self->sql,
                                "INSERT INTO assignments (task_id, annotator, status, lease_expires_us, "
                                "  server_assignment_id, updated_us) VALUES (?1, ?2, 'assigned', ?3, ?4, ?5) "
                                "ON CONFLICT (task_id, annotator) DO UPDATE SET "
                                "  lease_expires_us = excluded.lease_expires_us, "
                                "  server_assignment_id = excluded.server_assignment_id, expired_us = NULL, "
                                "  status = CASE "
                                "    WHEN status = 'new' THEN 'assigned' "
                                "    WHEN status = 'expired' AND EXISTS (SELECT 1 FROM annotations n "
                                "      WHERE n.task_id = ?1 AND n.annotator = ?2 AND n.state = 'draft') "
                                "      THEN 'in_progress' "
                                "    WHEN status = 'expired' THEN 'assigned' "
                                "    ELSE status END, "
                                "  updated_us = excluded.updated_us",
                                error);
  else
    stmt = limn_sqlite_prepare (self->sql,
                                "UPDATE assignments SET lease_expires_us = ?3, server_assignment_id = ?4, "
                                "  expired_us = NULL, updated_us = ?5, "
                                "  status = CASE "
                                "    WHEN status = 'expired' AND EXISTS (SELECT 1 FROM annotations n "
                                "      WHERE n.task_id = ?1 AND n.annotator = ?2 AND n.state = 'draft') "
                                "      THEN 'in_progress' "
                                "    WHEN status = 'expired' THEN 'assigned' "
                                "    ELSE status END "
                                "WHERE task_id = ?1 AND annotator = ?2",
                                error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, task_id);
  limn_sqlite_bind_text (stmt, 2, limn_store_get_local_annotator (self));
  sqlite3_bind_int64 (stmt, 3, lease_expires_us);
  limn_sqlite_bind_text (stmt, 4, assignment_id);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time ());

  return limn_sqlite_step_done (self->sql, stmt, error);
}

void
limn_media_item_free (LimnMediaItem *item)
{
  if (item == NULL)
    return;

  g_free (item->sha256);
  g_free (item);
}

GPtrArray *
limn_store_sync_list_task_media (LimnStore          *self,
                                 const LimnAccount  *account,
                                 guint               limit,
                                 GError            **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_media_item_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT t.media_sha256, IFNULL (t.media_size, 0) "
                              "FROM tasks t JOIN projects p ON p.id = t.project_id "
                              "  JOIN assignments a ON a.task_id = t.id AND a.annotator = ?3 "
                              "WHERE p.server_url = ?1 AND (?2 IS NULL OR t.project_id = ?2) "
                              "  AND t.kind = 'image' AND t.media_sha256 IS NOT NULL "
                              "  AND a.status NOT IN ('submitted', 'accepted', 'expired') "
                              "ORDER BY t.project_id, t.position LIMIT ?4",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, account->server_url);
  limn_sqlite_bind_text (stmt, 2, account->project_id);
  limn_sqlite_bind_text (stmt, 3, limn_store_get_local_annotator (self));
  sqlite3_bind_int64 (stmt, 4, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LimnMediaItem *item = g_new0 (LimnMediaItem, 1);

      item->sha256 = limn_sqlite_column_dup (stmt, 0);
      item->size = sqlite3_column_int64 (stmt, 1);
      g_ptr_array_add (items, item);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      limn_sqlite_set_error (self->sql, rc, error);
      return NULL;
    }

  return g_steal_pointer (&items);
}

gboolean
limn_store_sync_holds_assignment (LimnStore  *self,
                                  const char *assignment_id)
{
  sqlite3_stmt *stmt;
  gboolean held;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT 1 FROM assignments WHERE server_assignment_id = ? AND annotator = ? "
                              "  AND expired_us IS NULL",
                              NULL);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, assignment_id);
  limn_sqlite_bind_text (stmt, 2, limn_store_get_local_annotator (self));
  held = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  return held;
}

/* A leased task with its suggestions; the task's media_path is set by the
 * caller (the media cache). */
gboolean
limn_store_sync_save_assignment (LimnStore                 *self,
                                 const LimnWireAssignment  *a,
                                 GError                   **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  if (!limn_store_begin (self, error))
    return FALSE;

  if (!limn_store_save_task (self, a->task, a->text, error) ||
      !limn_store_save_suggestions (self, limn_task_get_id (a->task), a->suggestions, error))
    goto fail;

  if (a->media_size > 0)
    {
      stmt = limn_sqlite_prepare (self->sql, "UPDATE tasks SET media_size = ?2 WHERE id = ?1",
                                  error);
      if (stmt == NULL)
        goto fail;
      limn_sqlite_bind_text (stmt, 1, limn_task_get_id (a->task));
      sqlite3_bind_int64 (stmt, 2, a->media_size);
      if (!limn_sqlite_step_done (self->sql, stmt, error))
        goto fail;
    }

  if (!upsert_assignment (self, limn_task_get_id (a->task), a->assignment_id, a->lease_expires_us,
                          TRUE, error))
    goto fail;

  return limn_store_commit (self, error);

fail:
  limn_store_rollback (self);
  return FALSE;
}

gboolean
limn_store_sync_renew_assignment (LimnStore   *self,
                                  const char  *task_id,
                                  const char  *assignment_id,
                                  gint64       lease_expires_us,
                                  GError     **error)
{
  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  return upsert_assignment (self, task_id, assignment_id, lease_expires_us, FALSE, error);
}

/* The lease ended. Local work stays: drafts are untouched, and a submit
 * still in the outbox keeps its status (the server will call it a
 * conflict, and it is kept as a conflicted revision). */
gboolean
limn_store_sync_expire_assignment (LimnStore   *self,
                                   const char  *task_id,
                                   GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  stmt = limn_sqlite_prepare (self->sql,
                              "UPDATE assignments SET expired_us = ?3, updated_us = ?3, "
                              "  status = CASE WHEN status IN ('submitted', 'accepted') "
                              "                THEN status ELSE 'expired' END "
                              "WHERE task_id = ?1 AND annotator = ?2",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, task_id);
  limn_sqlite_bind_text (stmt, 2, limn_store_get_local_annotator (self));
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());

  return limn_sqlite_step_done (self->sql, stmt, error);
}

gboolean
limn_store_sync_withdraw_assignment (LimnStore   *self,
                                     const char  *task_id,
                                     const char  *state,
                                     GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_strcmp0 (state, "submitted") == 0 || g_strcmp0 (state, "accepted") == 0, FALSE);

  /* Not "expired": the answer was never lost, only asked for again. */
  stmt = limn_sqlite_prepare (self->sql,
                              "UPDATE assignments SET status = ?4, rework = 0, expired_us = NULL, "
                              "  updated_us = ?3 "
                              "WHERE task_id = ?1 AND annotator = ?2",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, task_id);
  limn_sqlite_bind_text (stmt, 2, limn_store_get_local_annotator (self));
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());
  limn_sqlite_bind_text (stmt, 4, state);

  return limn_sqlite_step_done (self->sql, stmt, error);
}

gboolean
limn_store_sync_save_gold (LimnStore   *self,
                           const char  *task_id,
                           const char  *regions_json,
                           GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  stmt = limn_sqlite_prepare (self->sql,
                              "INSERT INTO gold (task_id, regions, received_us) VALUES (?, ?, ?) "
                              "ON CONFLICT (task_id) DO UPDATE SET regions = excluded.regions, "
                              "  received_us = excluded.received_us",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, task_id);
  limn_sqlite_bind_text (stmt, 2, regions_json);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());

  return limn_sqlite_step_done (self->sql, stmt, error);
}

gboolean
limn_store_sync_save_training (LimnStore   *self,
                               const char  *task_id,
                               const char  *status_json,
                               GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  stmt = limn_sqlite_prepare (self->sql,
                              "UPDATE projects SET settings = json_set ("
                              "  iif (json_valid (settings), settings, '{}'), '$.qualification_status', "
                              "  json_set (json (?2), '$.task_id', ?1)) "
                              "WHERE id = (SELECT project_id FROM tasks WHERE id = ?1) AND json_valid (?2)",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, task_id);
  limn_sqlite_bind_text (stmt, 2, status_json);
  return limn_sqlite_step_done (self->sql, stmt, error);
}

char *
limn_store_load_project_settings (LimnStore   *self,
                                  const char  *project_id,
                                  GError     **error)
{
  sqlite3_stmt *stmt;
  char *settings = NULL;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT settings FROM projects WHERE id = ? AND json_valid (settings)",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, project_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    settings = limn_sqlite_column_dup (stmt, 0);
  sqlite3_reset (stmt);
  return settings;
}

/**
 * limn_store_sync_load_gold:
 *
 * Returns: (transfer full) (nullable): the gold regions as JSON, only when
 *   the local annotator has submitted the task; %NULL otherwise
 */
char *
limn_store_sync_load_gold (LimnStore   *self,
                           const char  *task_id,
                           GError     **error)
{
  sqlite3_stmt *stmt;
  char *regions = NULL;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT g.regions FROM gold g WHERE g.task_id = ?1 AND EXISTS ("
                              "  SELECT 1 FROM annotations n WHERE n.task_id = ?1 AND n.annotator = ?2 "
                              "    AND n.state IN ('submitted', 'conflicted'))",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, task_id);
  limn_sqlite_bind_text (stmt, 2, limn_store_get_local_annotator (self));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    regions = limn_sqlite_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  return regions;
}
