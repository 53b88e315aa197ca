/* limn-store-annotations.c
 *
 * Annotation revisions with their regions, and assignment states.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-store-private.h"

static gboolean
insert_regions (LimnStore       *self,
                LimnAnnotation  *annotation,
                GError         **error)
{
  sqlite3_stmt *stmt;

  for (guint i = 0; i < annotation->regions->len; i++)
    {
      const LimnRegion *r = g_ptr_array_index (annotation->regions, i);

      stmt = limn_sqlite_prepare (self->sql,
                                  "INSERT INTO regions (annotation_id, id, position, kind, label_id, "
                                  "  confidence, x, y, w, h, start_cp, end_cp, text, source, "
                                  "  score, model_version, suggestion_id) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                  error);
      if (stmt == NULL)
        return FALSE;

      limn_sqlite_bind_text (stmt, 1, annotation->id);
      limn_sqlite_bind_text (stmt, 2, r->id);
      sqlite3_bind_int (stmt, 3, i);
      limn_sqlite_bind_text (stmt, 4, limn_region_kind_to_string (r->kind));
      limn_sqlite_bind_text (stmt, 5, r->label_id);
      limn_store_bind_double_or_null (stmt, 6, r->confidence);
      if (r->kind == LIMN_REGION_BOX)
        {
          sqlite3_bind_double (stmt, 7, r->box.x);
          sqlite3_bind_double (stmt, 8, r->box.y);
          sqlite3_bind_double (stmt, 9, r->box.w);
          sqlite3_bind_double (stmt, 10, r->box.h);
        }
      else
        {
          sqlite3_bind_int64 (stmt, 11, r->start);
          sqlite3_bind_int64 (stmt, 12, r->end);
          limn_sqlite_bind_text (stmt, 13, r->text);
        }
      limn_sqlite_bind_text (stmt, 14, r->source == LIMN_REGION_SOURCE_MODEL ? "model" : "human");
      limn_store_bind_double_or_null (stmt, 15, r->score);
      limn_sqlite_bind_text (stmt, 16, r->model_version);
      limn_sqlite_bind_text (stmt, 17, r->suggestion_id);

      if (!limn_sqlite_step_done (self->sql, stmt, error))
        return FALSE;
    }

  for (guint i = 0; i < annotation->rejected->len; i++)
    {
      stmt = limn_sqlite_prepare (self->sql,
                                  "INSERT INTO rejected_suggestions (annotation_id, suggestion_id) "
                                  "VALUES (?, ?)",
                                  error);
      if (stmt == NULL)
        return FALSE;
      limn_sqlite_bind_text (stmt, 1, annotation->id);
      limn_sqlite_bind_text (stmt, 2, g_ptr_array_index (annotation->rejected, i));
      if (!limn_sqlite_step_done (self->sql, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
save_regions (LimnStore       *self,
              LimnAnnotation  *annotation,
              GError         **error)
{
  sqlite3_stmt *stmt;

  /* A draft is rewritten whole on every save: simpler than diffing, and a
   * draft rarely holds more than a few hundred regions. */
  stmt = limn_sqlite_prepare (self->sql, "DELETE FROM regions WHERE annotation_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, annotation->id);
  if (!limn_sqlite_step_done (self->sql, stmt, error))
    return FALSE;

  stmt = limn_sqlite_prepare (self->sql, "DELETE FROM rejected_suggestions WHERE annotation_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, annotation->id);
  if (!limn_sqlite_step_done (self->sql, stmt, error))
    return FALSE;

  return insert_regions (self, annotation, error);
}

static gboolean
upsert_annotation (LimnStore       *self,
                   LimnAnnotation  *annotation,
                   GError         **error)
{
  sqlite3_stmt *stmt;
  gint64 now = g_get_real_time ();

  stmt = limn_sqlite_prepare (self->sql,
                              "INSERT INTO annotations (id, task_id, annotator, revision, parent_id, "
                              "  guideline_version, state, confidence, active_ms, wall_ms, region_count, "
                              "  created_us, updated_us, submitted_us, author) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                              "ON CONFLICT (id) DO UPDATE SET state = excluded.state, "
                              "  guideline_version = excluded.guideline_version, "
                              "  confidence = excluded.confidence, active_ms = excluded.active_ms, "
                              "  wall_ms = excluded.wall_ms, region_count = excluded.region_count, "
                              "  updated_us = excluded.updated_us, submitted_us = excluded.submitted_us, "
                              "  author = excluded.author",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, annotation->id);
  limn_sqlite_bind_text (stmt, 2, annotation->task_id);
  limn_sqlite_bind_text (stmt, 3, annotation->annotator);
  sqlite3_bind_int64 (stmt, 4, annotation->revision);
  limn_sqlite_bind_text (stmt, 5, annotation->parent_id);
  if (annotation->guideline_version > 0)
    sqlite3_bind_int64 (stmt, 6, annotation->guideline_version);
  limn_sqlite_bind_text (stmt, 7, limn_annotation_state_to_string (annotation->state));
  limn_store_bind_double_or_null (stmt, 8, annotation->confidence);
  sqlite3_bind_int64 (stmt, 9, MAX (annotation->active_ms, 0));
  sqlite3_bind_int64 (stmt, 10, MAX (annotation->wall_ms, 0));
  sqlite3_bind_int (stmt, 11, annotation->regions->len);
  sqlite3_bind_int64 (stmt, 12, annotation->created_us ? annotation->created_us : now);
  sqlite3_bind_int64 (stmt, 13, now);
  if (annotation->submitted_us > 0)
    sqlite3_bind_int64 (stmt, 14, annotation->submitted_us);
  limn_sqlite_bind_text (stmt, 15, annotation->author);

  return limn_sqlite_step_done (self->sql, stmt, error);
}

/* An annotation on a task row that the caller has just inserted
 * (limn_store_insert_task()): written as limn_store_save_annotation()
 * would, without the look for a submitted revision and the deletes of
 * earlier regions, which a new task cannot have. The caller holds the
 * transaction. */
gboolean
limn_store_add_first_annotation (LimnStore       *self,
                                 LimnAnnotation  *annotation,
                                 GError         **error)
{
  g_return_val_if_fail (limn_sqlite_get_depth (self->sql) > 0, FALSE);

  return upsert_annotation (self, annotation, error) &&
         insert_regions (self, annotation, error);
}

/**
 * limn_store_save_annotation:
 *
 * Inserts or updates one revision with its regions, all or nothing. A
 * submitted revision is final: saving over it is refused.
 */
gboolean
limn_store_save_annotation (LimnStore       *self,
                            LimnAnnotation  *annotation,
                            GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);
  g_return_val_if_fail (annotation != NULL, FALSE);

  if (!limn_store_begin (self, error))
    return FALSE;

  stmt = limn_sqlite_prepare (self->sql, "SELECT state FROM annotations WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  limn_sqlite_bind_text (stmt, 1, annotation->id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW &&
      g_strcmp0 ((const char *)sqlite3_column_text (stmt, 0), "draft") != 0)
    {
      sqlite3_reset (stmt);
      g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_INVALID,
                   _("This revision was already submitted and cannot be changed; "
                     "edits go into a new revision."));
      goto fail;
    }
  sqlite3_reset (stmt);

  if (!upsert_annotation (self, annotation, error) ||
      !save_regions (self, annotation, error))
    goto fail;

  return limn_store_commit (self, error);

fail:
  limn_store_rollback (self);
  return FALSE;
}

static gboolean
load_regions (LimnStore       *self,
              LimnAnnotation  *annotation,
              GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT id, kind, label_id, confidence, x, y, w, h, start_cp, "
                              "  end_cp, text, source, score, model_version, suggestion_id "
                              "FROM regions WHERE annotation_id = ? ORDER BY position",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, annotation->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *)sqlite3_column_text (stmt, 0);
      const char *label = (const char *)sqlite3_column_text (stmt, 2);
      LimnRegion *r;

      if (g_strcmp0 ((const char *)sqlite3_column_text (stmt, 1), "span") == 0)
        r = limn_region_new_span (id, label,
                                  sqlite3_column_int64 (stmt, 8),
                                  sqlite3_column_int64 (stmt, 9),
                                  (const char *)sqlite3_column_text (stmt, 10));
      else
        {
          LimnBox box = {
            sqlite3_column_double (stmt, 4), sqlite3_column_double (stmt, 5),
            sqlite3_column_double (stmt, 6), sqlite3_column_double (stmt, 7),
          };
          r = limn_region_new_box (id, label, &box);
        }

      if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
        r->confidence = sqlite3_column_double (stmt, 3);
      if (g_strcmp0 ((const char *)sqlite3_column_text (stmt, 11), "model") == 0)
        limn_region_set_model (r,
                               sqlite3_column_type (stmt, 12) == SQLITE_NULL
                                 ? LIMN_SCORE_UNSET : sqlite3_column_double (stmt, 12),
                               (const char *)sqlite3_column_text (stmt, 13),
                               (const char *)sqlite3_column_text (stmt, 14));

      g_ptr_array_add (annotation->regions, r);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return limn_sqlite_set_error (self->sql, rc, error);

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT suggestion_id FROM rejected_suggestions WHERE annotation_id = ? "
                              "ORDER BY suggestion_id",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, annotation->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (annotation->rejected, limn_sqlite_column_dup (stmt, 0));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return limn_sqlite_set_error (self->sql, rc, error);

  return TRUE;
}

#define ANNOTATION_COLUMNS \
  "id, task_id, annotator, revision, parent_id, guideline_version, state, confidence, " \
  "active_ms, wall_ms, created_us, updated_us, submitted_us, author "

static LimnAnnotation *
annotation_from_row (sqlite3_stmt *stmt)
{
  LimnAnnotation *a;

  a = limn_annotation_new ((const char *)sqlite3_column_text (stmt, 0),
                           (const char *)sqlite3_column_text (stmt, 1),
                           (const char *)sqlite3_column_text (stmt, 2));
  a->revision = sqlite3_column_int64 (stmt, 3);
  a->parent_id = limn_sqlite_column_dup (stmt, 4);
  a->guideline_version = sqlite3_column_int64 (stmt, 5);
  limn_annotation_state_from_string ((const char *)sqlite3_column_text (stmt, 6), &a->state);
  a->confidence = sqlite3_column_type (stmt, 7) == SQLITE_NULL
                    ? LIMN_CONFIDENCE_UNSET : sqlite3_column_double (stmt, 7);
  a->active_ms = sqlite3_column_int64 (stmt, 8);
  a->wall_ms = sqlite3_column_int64 (stmt, 9);
  a->created_us = sqlite3_column_int64 (stmt, 10);
  a->updated_us = sqlite3_column_int64 (stmt, 11);
  a->submitted_us = sqlite3_column_int64 (stmt, 12);
  a->author = limn_sqlite_column_dup (stmt, 13);

  return a;
}

static LimnAnnotation *
load_one (LimnStore     *self,
          sqlite3_stmt  *stmt,
          GError       **error)
{
  g_autoptr(LimnAnnotation) a = NULL;
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    a = annotation_from_row (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      limn_sqlite_set_error (self->sql, rc, error);
      return NULL;
    }

  if (a != NULL && !load_regions (self, a, error))
    return NULL;

  return g_steal_pointer (&a);
}

LimnAnnotation *
limn_store_load_annotation (LimnStore   *self,
                            const char  *annotation_id,
                            GError     **error)
{
  LimnAnnotation *a;
  sqlite3_stmt *stmt;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  stmt = limn_sqlite_prepare (self->sql, "SELECT " ANNOTATION_COLUMNS "FROM annotations WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  limn_sqlite_bind_text (stmt, 1, annotation_id);

  a = load_one (self, stmt, &local_error);
  if (a == NULL && local_error == NULL)
    g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND,
                 _("There is no annotation “%s” in this database."), annotation_id);
  else if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return a;
}

/**
 * limn_store_load_latest:
 *
 * Returns: (transfer full) (nullable): the annotator's newest revision of
 *   the task (an open draft wins), or %NULL without an error when there is none
 */
LimnAnnotation *
limn_store_load_latest (LimnStore   *self,
                        const char  *task_id,
                        const char  *annotator,
                        GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT " ANNOTATION_COLUMNS "FROM annotations "
                              "WHERE task_id = ? AND annotator = ? "
                              "ORDER BY state = 'draft' DESC, revision DESC LIMIT 1",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, task_id);
  limn_sqlite_bind_text (stmt, 2, annotator);

  return load_one (self, stmt, error);
}

gboolean
limn_store_set_assignment (LimnStore   *self,
                           const char  *task_id,
                           const char  *annotator,
                           const char  *status,
                           GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  stmt = limn_sqlite_prepare (self->sql,
                              "INSERT INTO assignments (task_id, annotator, status, updated_us) "
                              "VALUES (?, ?, ?, ?) "
                              "ON CONFLICT (task_id, annotator) DO UPDATE SET status = excluded.status, "
                              "  updated_us = excluded.updated_us",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, task_id);
  limn_sqlite_bind_text (stmt, 2, annotator);
  limn_sqlite_bind_text (stmt, 3, status);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time ());

  return limn_sqlite_step_done (self->sql, stmt, error);
}

char *
limn_store_get_assignment (LimnStore  *self,
                           const char *task_id,
                           const char *annotator)
{
  sqlite3_stmt *stmt;
  char *status = NULL;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT status FROM assignments WHERE task_id = ? AND annotator = ?",
                              NULL);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, task_id);
  limn_sqlite_bind_text (stmt, 2, annotator);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    status = limn_sqlite_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  return status;
}

gboolean
limn_store_save_received_annotation (LimnStore       *self,
                                     LimnAnnotation  *annotation,
                                     GError         **error)
{
  g_autoptr(LimnAnnotation) copy = NULL;
  sqlite3_stmt *stmt;
  gboolean exists, parent_here = TRUE;

  stmt = limn_sqlite_prepare (self->sql, "SELECT 1 FROM annotations WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, annotation->id);
  exists = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (exists)
    return TRUE;

  if (annotation->parent_id != NULL)
    {
      limn_sqlite_bind_text (stmt, 1, annotation->parent_id);
      parent_here = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);
    }

  if (!parent_here)
    {
      copy = limn_annotation_dup (annotation);
      g_clear_pointer (&copy->parent_id, g_free);
      annotation = copy;
    }

  if (!limn_store_begin (self, error))
    return FALSE;

  if (!limn_store_save_annotation (self, annotation, error))
    goto fail;

  /* The server has it: it came from there. */
  stmt = limn_sqlite_prepare (self->sql, "UPDATE annotations SET sync_status = 'applied' WHERE id = ?",
                              error);
  if (stmt == NULL)
    goto fail;
  limn_sqlite_bind_text (stmt, 1, annotation->id);
  if (!limn_sqlite_step_done (self->sql, stmt, error))
    goto fail;

  return limn_store_commit (self, error);

fail:
  limn_store_rollback (self);
  return FALSE;
}
