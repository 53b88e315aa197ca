/* limn-store-review.c
 *
 * A reviewer's side of review (docs/review.md): the queue as listed, items
 * leased here with everyone's revisions (stored as revisions of their
 * authors, so a correction's parent resolves), the verdict being made, and
 * the verdict queued in the outbox like any other work.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-store-private.h"
#include "limn-store-review.h"
#include "limn-store-accounts.h"

/* The queue */

gboolean
limn_store_review_save_queue (LimnStore   *self,
                              const char  *project_id,
                              GPtrArray   *items,
                              GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  if (!limn_store_begin (self, error))
    return FALSE;

  /* What the server no longer lists is gone, unless this client holds it,
   * is making a verdict on it, or has one to send. */
  stmt = limn_sqlite_prepare (self->sql,
                              "DELETE FROM review_items WHERE project_id = ?1 "
                              "  AND lease_expires_us IS NULL AND review_id IS NULL "
                              "  AND NOT EXISTS (SELECT 1 FROM review_drafts d WHERE d.item_id = review_items.id)",
                              error);
  if (stmt == NULL)
    goto fail;
  limn_sqlite_bind_text (stmt, 1, project_id);
  if (!limn_sqlite_step_done (self->sql, stmt, error))
    goto fail;

  for (guint i = 0; i < items->len; i++)
    {
      LimnReviewItem *item = g_ptr_array_index (items, i);
      g_autofree char *reasons = limn_store_strv_to_json (limn_review_item_get_reasons (item));
      g_autofree char *annotators = limn_store_strv_to_json (limn_review_item_get_annotators (item));
      g_autofree char *labels = limn_store_strv_to_json (limn_review_item_get_labels (item));

      stmt = limn_sqlite_prepare (self->sql,
                                  "INSERT INTO review_items (id, project_id, task_id, annotation_id, title, kind, "
                                  "  reasons, min_level, state, holder, annotators, labels, created_us, listed_us) "
                                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) "
                                  "ON CONFLICT (id) DO UPDATE SET "
                                  "  annotation_id = IFNULL (excluded.annotation_id, annotation_id), "
                                  "  title = excluded.title, reasons = excluded.reasons, "
                                  "  min_level = excluded.min_level, state = excluded.state, "
                                  "  holder = excluded.holder, annotators = excluded.annotators, "
                                  "  labels = excluded.labels, listed_us = excluded.listed_us",
                                  error);
      if (stmt == NULL)
        goto fail;
      limn_sqlite_bind_text (stmt, 1, limn_review_item_get_id (item));
      limn_sqlite_bind_text (stmt, 2, project_id);
      limn_sqlite_bind_text (stmt, 3, limn_review_item_get_task_id (item));
      limn_sqlite_bind_text (stmt, 4, limn_review_item_get_annotation_id (item));
      limn_sqlite_bind_text (stmt, 5, limn_review_item_get_title (item));
      limn_sqlite_bind_text (stmt, 6, limn_review_item_get_kind (item) == LIMN_TASK_TEXT ? "text" : "image");
      limn_sqlite_bind_text (stmt, 7, reasons);
      sqlite3_bind_int (stmt, 8, limn_review_item_get_min_level (item));
      limn_sqlite_bind_text (stmt, 9, limn_review_item_get_state (item));
      limn_sqlite_bind_text (stmt, 10, limn_review_item_get_holder (item));
      limn_sqlite_bind_text (stmt, 11, annotators);
      limn_sqlite_bind_text (stmt, 12, labels);
      sqlite3_bind_int64 (stmt, 13, limn_review_item_get_created_us (item));
      sqlite3_bind_int64 (stmt, 14, now);
      if (!limn_sqlite_step_done (self->sql, stmt, error))
        goto fail;
    }

  return limn_store_commit (self, error);

fail:
  limn_store_rollback (self);
  return FALSE;
}

gboolean
limn_store_save_server_flag (LimnStore       *self,
                             const char      *project_id,
                             const LimnFlag  *flag,
                             GError         **error)
{
  sqlite3_stmt *stmt;

  /* A flag already here (mine, or listed before) keeps its reading. */
  stmt = limn_sqlite_prepare (self->sql,
                              "INSERT INTO flags (id, task_id, project_id, region_id, annotator, category, body, "
                              "  state, created_us, origin) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'server') "
                              "ON CONFLICT (id) DO UPDATE SET state = excluded.state, "
                              "  project_id = IFNULL (project_id, excluded.project_id)",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, flag->id);
  limn_sqlite_bind_text (stmt, 2, flag->task_id);
  limn_sqlite_bind_text (stmt, 3, project_id);
  limn_sqlite_bind_text (stmt, 4, flag->region_id);
  limn_sqlite_bind_text (stmt, 5, flag->annotator);
  limn_sqlite_bind_text (stmt, 6, flag->category);
  limn_sqlite_bind_text (stmt, 7, flag->body);
  limn_sqlite_bind_text (stmt, 8, limn_flag_state_to_string (flag->state));
  sqlite3_bind_int64 (stmt, 9, flag->created_us);

  return limn_sqlite_step_done (self->sql, stmt, error);
}

/* A verdict received (another reviewer's, in an item's history). */
static gboolean
save_server_review (LimnStore                *self,
                    const LimnReviewVerdict  *v,
                    GError                  **error)
{
  g_autofree char *comments = limn_store_comments_to_json (v->comments);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (self->sql,
                              "INSERT INTO reviews (id, task_id, item_id, annotation_id, reviewer, verdict, "
                              "  reason_code, comment, comments, correction_id, created_us, origin, read_us) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'server', ?12) "
                              "ON CONFLICT (id) DO NOTHING",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, v->id);
  limn_sqlite_bind_text (stmt, 2, v->task_id);
  limn_sqlite_bind_text (stmt, 3, v->item_id);
  limn_sqlite_bind_text (stmt, 4, v->annotation_id);
  limn_sqlite_bind_text (stmt, 5, v->reviewer);
  limn_sqlite_bind_text (stmt, 6, limn_verdict_to_string (v->verdict));
  limn_sqlite_bind_text (stmt, 7, v->reason_code);
  limn_sqlite_bind_text (stmt, 8, v->comment);
  limn_sqlite_bind_text (stmt, 9, comments);
  limn_sqlite_bind_text (stmt, 10, v->correction != NULL ? v->correction->id : NULL);
  sqlite3_bind_int64 (stmt, 11, v->created_us);
  /* A history is context for the reviewer, not news. */
  sqlite3_bind_int64 (stmt, 12, g_get_real_time ());

  return limn_sqlite_step_done (self->sql, stmt, error);
}

gboolean
limn_store_review_save_leased (LimnStore                 *self,
                               const char                *project_id,
                               const LimnWireReviewItem  *item,
                               GError                   **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *reasons = limn_store_strv_to_json ((const char * const *)item->reasons);
  g_autofree char *ids_json = NULL;
  g_autoptr(GStrvBuilder) annotators = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) annotator_names = NULL;
  g_autofree char *annotators_json = NULL;
  LimnTask *task = item->task->task;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  if (!limn_store_begin (self, error))
    return FALSE;

  /* The task, for the review page only: no assignment, so it is not in
   * the reviewer's own task list. */
  if (!limn_store_save_task (self, task, item->task->text, error) ||
      !limn_store_save_suggestions (self, limn_task_get_id (task), item->task->suggestions, error))
    goto fail;

  for (guint i = 0; i < item->annotations->len; i++)
    {
      LimnAnnotation *a = g_ptr_array_index (item->annotations, i);

      if (!limn_store_save_received_annotation (self, a, error))
        goto fail;
      g_ptr_array_add (ids, g_strdup (a->id));
      if (g_hash_table_add (seen, a->annotator))
        g_strv_builder_add (annotators, a->annotator);
    }
  g_ptr_array_add (ids, NULL);
  ids_json = limn_store_strv_to_json ((const char * const *)ids->pdata);
  annotator_names = g_strv_builder_end (annotators);
  annotators_json = limn_store_strv_to_json ((const char * const *)annotator_names);

  for (guint i = 0; i < item->flags->len; i++)
    if (!limn_store_save_server_flag (self, project_id, g_ptr_array_index (item->flags, i), error))
      goto fail;

  for (guint i = 0; i < item->history->len; i++)
    if (!save_server_review (self, g_ptr_array_index (item->history, i), error))
      goto fail;

  stmt = limn_sqlite_prepare (self->sql,
                              "INSERT INTO review_items (id, project_id, task_id, annotation_id, title, kind, "
                              "  reasons, min_level, state, annotators, created_us, lease_expires_us, "
                              "  annotation_ids, gold) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'leased', ?9, ?10, ?11, ?12, ?13) "
                              "ON CONFLICT (id) DO UPDATE SET annotation_id = excluded.annotation_id, "
                              "  title = excluded.title, kind = excluded.kind, reasons = excluded.reasons, "
                              "  min_level = excluded.min_level, state = 'leased', holder = NULL, "
                              "  annotators = excluded.annotators, "
                              "  lease_expires_us = excluded.lease_expires_us, "
                              "  annotation_ids = excluded.annotation_ids, gold = excluded.gold",
                              error);
  if (stmt == NULL)
    goto fail;
  limn_sqlite_bind_text (stmt, 1, item->item_id);
  limn_sqlite_bind_text (stmt, 2, project_id);
  limn_sqlite_bind_text (stmt, 3, limn_task_get_id (task));
  limn_sqlite_bind_text (stmt, 4, item->annotation_id);
  limn_sqlite_bind_text (stmt, 5, limn_task_get_title (task));
  limn_sqlite_bind_text (stmt, 6, limn_task_get_kind (task) == LIMN_TASK_TEXT ? "text" : "image");
  limn_sqlite_bind_text (stmt, 7, reasons);
  sqlite3_bind_int (stmt, 8, item->min_level);
  limn_sqlite_bind_text (stmt, 9, annotators_json);
  sqlite3_bind_int64 (stmt, 10, g_get_real_time ());
  sqlite3_bind_int64 (stmt, 11, item->lease_expires_us);
  limn_sqlite_bind_text (stmt, 12, ids_json);
  limn_sqlite_bind_text (stmt, 13, item->gold_json);
  if (!limn_sqlite_step_done (self->sql, stmt, error))
    goto fail;

  return limn_store_commit (self, error);

fail:
  limn_store_rollback (self);
  return FALSE;
}

#define ITEM_COLUMNS \
  "i.id, i.project_id, i.task_id, i.annotation_id, i.title, i.kind, i.reasons, i.min_level, i.state, " \
  "i.holder, i.annotators, i.labels, i.created_us, i.lease_expires_us, " \
  "i.annotation_ids IS NOT NULL AND i.lease_expires_us IS NOT NULL, i.review_id IS NOT NULL, " \
  "EXISTS (SELECT 1 FROM review_drafts d WHERE d.item_id = i.id) "

static LimnReviewItem *
item_from_row (sqlite3_stmt *stmt)
{
  g_auto(GStrv) reasons = limn_store_strv_from_json ((const char *)sqlite3_column_text (stmt, 6));
  g_auto(GStrv) annotators = limn_store_strv_from_json ((const char *)sqlite3_column_text (stmt, 10));
  g_auto(GStrv) labels = limn_store_strv_from_json ((const char *)sqlite3_column_text (stmt, 11));
  LimnReviewItemInfo info = { 0 };

  info.id = (const char *)sqlite3_column_text (stmt, 0);
  info.project_id = (const char *)sqlite3_column_text (stmt, 1);
  info.task_id = (const char *)sqlite3_column_text (stmt, 2);
  info.annotation_id = (const char *)sqlite3_column_text (stmt, 3);
  info.title = (const char *)sqlite3_column_text (stmt, 4);
  info.kind = g_strcmp0 ((const char *)sqlite3_column_text (stmt, 5), "text") == 0 ? LIMN_TASK_TEXT
                                                                                 : LIMN_TASK_IMAGE;
  info.reasons = (const char * const *)reasons;
  info.min_level = sqlite3_column_int (stmt, 7);
  info.state = (const char *)sqlite3_column_text (stmt, 8);
  info.holder = (const char *)sqlite3_column_text (stmt, 9);
  info.annotators = (const char * const *)annotators;
  info.labels = (const char * const *)labels;
  info.created_us = sqlite3_column_int64 (stmt, 12);
  info.lease_expires_us = sqlite3_column_int64 (stmt, 13);
  info.leased = sqlite3_column_int (stmt, 14);
  info.decided = sqlite3_column_int (stmt, 15);
  info.has_draft = sqlite3_column_int (stmt, 16);

  return limn_review_item_new (&info);
}

GPtrArray *
limn_store_review_list_items (LimnStore   *self,
                              const char  *project_id,
                              gboolean     leased_only,
                              GError     **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT " ITEM_COLUMNS "FROM review_items i WHERE i.project_id = ?1 "
                              "  AND (?2 = 0 OR (i.lease_expires_us IS NOT NULL AND i.annotation_ids IS NOT NULL)) "
                              "ORDER BY i.created_us, i.id",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, project_id);
  sqlite3_bind_int (stmt, 2, leased_only);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (items, item_from_row (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      limn_sqlite_set_error (self->sql, rc, error);
      return NULL;
    }

  return g_steal_pointer (&items);
}

/* One text column of an item; NOT_FOUND when there is no such item. */
static gboolean
item_column (LimnStore   *self,
             const char  *sql,
             const char  *item_id,
             char       **out,
             GError     **error)
{
  sqlite3_stmt *stmt = limn_sqlite_prepare (self->sql, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, item_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = limn_sqlite_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  if (rc == SQLITE_DONE)
    {
      g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND,
                   _("There is no review item “%s” in this database."), item_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return limn_sqlite_set_error (self->sql, rc, error);

  return TRUE;
}

GPtrArray *
limn_store_review_load_annotations (LimnStore   *self,
                                    const char  *item_id,
                                    GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_annotation_unref);
  g_autofree char *ids_json = NULL;
  g_auto(GStrv) ids = NULL;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  if (!item_column (self, "SELECT annotation_ids FROM review_items WHERE id = ?", item_id, &ids_json, error))
    return NULL;

  ids = limn_store_strv_from_json (ids_json);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      LimnAnnotation *a = limn_store_load_annotation (self, ids[i], error);

      if (a == NULL)
        return NULL;
      g_ptr_array_add (out, a);
    }

  return g_steal_pointer (&out);
}

char *
limn_store_review_load_gold (LimnStore   *self,
                             const char  *item_id,
                             GError     **error)
{
  char *gold = NULL;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  if (!item_column (self, "SELECT gold FROM review_items WHERE id = ?", item_id, &gold, error))
    return NULL;

  return gold;
}

/* Drafts */

gboolean
limn_store_review_save_draft (LimnStore                *self,
                              const LimnReviewVerdict  *draft,
                              GError                  **error)
{
  g_autofree char *comments = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);
  g_return_val_if_fail (draft != NULL && draft->item_id != NULL, FALSE);

  comments = limn_store_comments_to_json (draft->comments);

  if (!limn_store_begin (self, error))
    return FALSE;

  if (draft->correction != NULL && draft->correction->state == LIMN_ANNOTATION_DRAFT &&
      !limn_store_save_annotation (self, draft->correction, error))
    goto fail;

  stmt = limn_sqlite_prepare (self->sql,
                              "INSERT INTO review_drafts (item_id, id, verdict, reason_code, comment, comments, "
                              "  correction_id, active_ms, updated_us) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
                              "ON CONFLICT (item_id) DO UPDATE SET verdict = excluded.verdict, "
                              "  reason_code = excluded.reason_code, comment = excluded.comment, "
                              "  comments = excluded.comments, correction_id = excluded.correction_id, "
                              "  active_ms = excluded.active_ms, updated_us = excluded.updated_us",
                              error);
  if (stmt == NULL)
    goto fail;
  limn_sqlite_bind_text (stmt, 1, draft->item_id);
  limn_sqlite_bind_text (stmt, 2, draft->id);
  limn_sqlite_bind_text (stmt, 3, limn_verdict_to_string (draft->verdict));
  limn_sqlite_bind_text (stmt, 4, draft->reason_code);
  limn_sqlite_bind_text (stmt, 5, draft->comment != NULL ? draft->comment : "");
  limn_sqlite_bind_text (stmt, 6, comments);
  limn_sqlite_bind_text (stmt, 7, draft->correction != NULL ? draft->correction->id : NULL);
  sqlite3_bind_int64 (stmt, 8, MAX (draft->active_ms, 0));
  sqlite3_bind_int64 (stmt, 9, g_get_real_time ());
  if (!limn_sqlite_step_done (self->sql, stmt, error))
    goto fail;

  return limn_store_commit (self, error);

fail:
  limn_store_rollback (self);
  return FALSE;
}

LimnReviewVerdict *
limn_store_review_load_draft (LimnStore   *self,
                              const char  *item_id,
                              GError     **error)
{
  g_autoptr(LimnReviewVerdict) v = NULL;
  g_autofree char *correction_id = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT d.id, i.task_id, i.annotation_id, d.verdict, d.reason_code, d.comment, "
                              "  d.comments, d.correction_id, d.active_ms "
                              "FROM review_drafts d JOIN review_items i ON i.id = d.item_id WHERE d.item_id = ?",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, item_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      LimnVerdict verdict = LIMN_VERDICT_NONE;

      limn_verdict_from_string ((const char *)sqlite3_column_text (stmt, 3), &verdict);
      v = limn_review_verdict_new (item_id, (const char *)sqlite3_column_text (stmt, 1),
                                   (const char *)sqlite3_column_text (stmt, 2), verdict);
      g_free (v->id);
      v->id = limn_sqlite_column_dup (stmt, 0);
      v->reason_code = limn_sqlite_column_dup (stmt, 4);
      g_free (v->comment);
      v->comment = limn_sqlite_column_dup (stmt, 5);
      if (!limn_store_comments_from_json ((const char *)sqlite3_column_text (stmt, 6), v->comments, error))
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      correction_id = limn_sqlite_column_dup (stmt, 7);
      v->active_ms = sqlite3_column_int64 (stmt, 8);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      limn_sqlite_set_error (self->sql, rc, error);
      return NULL;
    }
  if (v == NULL)
    return NULL;

  if (correction_id != NULL)
    {
      v->correction = limn_store_load_annotation (self, correction_id, error);
      if (v->correction == NULL)
        return NULL;
    }

  return g_steal_pointer (&v);
}

/* Queuing a verdict */

static gboolean
check_verdict (const LimnReviewVerdict  *v,
               GError                  **error)
{
  const char *problem = NULL;

  if (v->item_id == NULL || v->annotation_id == NULL)
    problem = _("A verdict must name the item and the revision it judges.");
  else if (v->verdict == LIMN_VERDICT_NONE)
    problem = _("Choose accept, correct or send back.");
  else if (v->verdict == LIMN_VERDICT_SEND_BACK && !limn_send_back_reason_is_valid (v->reason_code))
    problem = _("A task sent back needs a reason.");
  else if (v->verdict == LIMN_VERDICT_CORRECT && v->correction == NULL)
    problem = _("A correction needs the corrected regions.");
  else if (v->verdict != LIMN_VERDICT_CORRECT && v->correction != NULL)
    problem = _("Only a correction carries corrected regions.");

  if (problem != NULL)
    {
      g_set_error_literal (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_INVALID, problem);
      return FALSE;
    }

  return TRUE;
}

gboolean
limn_store_review_queue_verdict (LimnStore          *self,
                                 LimnReviewVerdict  *v,
                                 GError            **error)
{
  g_autofree char *project_id = NULL;
  g_autofree char *task_id = NULL;
  g_autofree char *review_id = NULL;
  g_autofree char *payload = NULL;
  g_autofree char *comments = NULL;
  g_autofree char *me = NULL;
  sqlite3_stmt *stmt;
  gint64 now = g_get_real_time ();
  int rc;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);
  g_return_val_if_fail (v != NULL, FALSE);

  if (!check_verdict (v, error))
    return FALSE;

  if (!limn_store_begin (self, error))
    return FALSE;

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT project_id, task_id, review_id FROM review_items WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  limn_sqlite_bind_text (stmt, 1, v->item_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      project_id = limn_sqlite_column_dup (stmt, 0);
      task_id = limn_sqlite_column_dup (stmt, 1);
      review_id = limn_sqlite_column_dup (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND,
                   _("There is no review item “%s” in this database."), v->item_id);
      goto fail;
    }
  if (review_id != NULL)
    {
      g_set_error_literal (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_INVALID,
                           _("This item already has a verdict."));
      goto fail;
    }

  /* Stored under the name the server knows me by, as it stores it. */
  if (!limn_store_project_user_name (self, project_id, &me, error))
    goto fail;

  g_free (v->task_id);
  v->task_id = g_strdup (task_id);
  if (v->created_us == 0)
    v->created_us = now;

  if (v->correction != NULL)
    {
      g_autoptr(LimnAnnotation) submitted = limn_annotation_dup (v->correction);

      submitted->state = LIMN_ANNOTATION_SUBMITTED;
      submitted->submitted_us = v->created_us;
      if (!limn_store_save_annotation (self, submitted, error))
        goto fail;
      limn_annotation_unref (v->correction);
      v->correction = g_steal_pointer (&submitted);
    }

  comments = limn_store_comments_to_json (v->comments);
  stmt = limn_sqlite_prepare (self->sql,
                              "INSERT INTO reviews (id, task_id, item_id, annotation_id, reviewer, verdict, "
                              "  reason_code, comment, comments, correction_id, active_ms, created_us, origin, "
                              "  read_us, sync_status) "
                              "VALUES (?1, ?2, ?3, ?4, ?13, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'local', ?11, ?12)",
                              error);
  if (stmt == NULL)
    goto fail;
  limn_sqlite_bind_text (stmt, 1, v->id);
  limn_sqlite_bind_text (stmt, 2, task_id);
  limn_sqlite_bind_text (stmt, 3, v->item_id);
  limn_sqlite_bind_text (stmt, 4, v->annotation_id);
  limn_sqlite_bind_text (stmt, 5, limn_verdict_to_string (v->verdict));
  limn_sqlite_bind_text (stmt, 6, v->reason_code);
  limn_sqlite_bind_text (stmt, 7, v->comment != NULL ? v->comment : "");
  limn_sqlite_bind_text (stmt, 8, comments);
  limn_sqlite_bind_text (stmt, 9, v->correction != NULL ? v->correction->id : NULL);
  sqlite3_bind_int64 (stmt, 10, MAX (v->active_ms, 0));
  sqlite3_bind_int64 (stmt, 11, v->created_us);
  limn_sqlite_bind_text (stmt, 12, limn_store_is_remote_project (self, project_id) ? "pending" : NULL);
  limn_sqlite_bind_text (stmt, 13, me != NULL ? me : "");
  if (!limn_sqlite_step_done (self->sql, stmt, error))
    goto fail;

  if (limn_store_is_remote_project (self, project_id))
    {
      payload = limn_wire_review_item (v);
      if (!limn_store_outbox_queue_item (self, "review", v->id, project_id, payload, error))
        goto fail;
    }

  stmt = limn_sqlite_prepare (self->sql, "UPDATE review_items SET review_id = ?2 WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  limn_sqlite_bind_text (stmt, 1, v->item_id);
  limn_sqlite_bind_text (stmt, 2, v->id);
  if (!limn_sqlite_step_done (self->sql, stmt, error))
    goto fail;

  stmt = limn_sqlite_prepare (self->sql, "DELETE FROM review_drafts WHERE item_id = ?", error);
  if (stmt == NULL)
    goto fail;
  limn_sqlite_bind_text (stmt, 1, v->item_id);
  if (!limn_sqlite_step_done (self->sql, stmt, error))
    goto fail;

  return limn_store_commit (self, error);

fail:
  limn_store_rollback (self);
  return FALSE;
}
