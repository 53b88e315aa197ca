/* limn-store-rework.c
 *
 * An annotator's side of review (docs/review.md, "Rework, closed"):
 * verdicts on my work from the change feed, applied once. A send-back
 * puts the task back in my hands (assignments.rework: first in the task
 * list until resubmitted) with the reviewer's pinned comments; an accept
 * or a correction makes it accepted, the correction kept as a revision of
 * my task authored by the reviewer. And a task's history, for both sides.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-store-private.h"
#include "limn-store-review.h"
#include "model/limn-util.h"

static gboolean
exec_task (LimnStore   *self,
           const char  *sql,
           const char  *task_id,
           GError     **error)
{
  sqlite3_stmt *stmt = limn_sqlite_prepare (self->sql, sql, error);

  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, task_id);
  limn_sqlite_bind_text (stmt, 2, limn_store_get_local_annotator (self));
  sqlite3_bind_int64 (stmt, 3, g_get_real_time ());

  return limn_sqlite_step_done (self->sql, stmt, error);
}

/* Back in my hands: in progress if I have a draft of it already. */
#define REWORK_SQL \
  "UPDATE assignments SET rework = 1, updated_us = ?3, expired_us = NULL, " \
  "  status = CASE WHEN EXISTS (SELECT 1 FROM annotations n WHERE n.task_id = ?1 " \
  "    AND n.annotator = ?2 AND n.state = 'draft') THEN 'in_progress' ELSE 'assigned' END " \
  "WHERE task_id = ?1 AND annotator = ?2"

gboolean
limn_store_sync_apply_rework (LimnStore   *self,
                              const char  *task_id,
                              GError     **error)
{
  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  return exec_task (self, REWORK_SQL, task_id, error);
}

static gboolean
task_here (LimnStore  *self,
           const char *task_id)
{
  sqlite3_stmt *stmt = limn_sqlite_prepare (self->sql, "SELECT 1 FROM tasks WHERE id = ?", NULL);
  gboolean here;

  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, task_id);
  here = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);

  return here;
}

gboolean
limn_store_sync_apply_review (LimnStore                *self,
                              const LimnReviewVerdict  *review,
                              GError                  **error)
{
  g_autofree char *comments = NULL;
  sqlite3_stmt *stmt;
  gboolean have_task;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);
  g_return_val_if_fail (review != NULL && review->verdict != LIMN_VERDICT_NONE, FALSE);

  comments = limn_store_comments_to_json (review->comments);

  if (!limn_store_begin (self, error))
    return FALSE;

  stmt = limn_sqlite_prepare (self->sql,
                              "INSERT INTO reviews (id, task_id, annotation_id, reviewer, verdict, reason_code, "
                              "  comment, comments, correction_id, guideline_version, created_us, origin) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                              "  (SELECT guideline_version FROM annotations WHERE id = ?3), ?10, 'server') "
                              "ON CONFLICT (id) DO NOTHING",
                              error);
  if (stmt == NULL)
    goto fail;
  limn_sqlite_bind_text (stmt, 1, review->id);
  limn_sqlite_bind_text (stmt, 2, review->task_id);
  limn_sqlite_bind_text (stmt, 3, review->annotation_id);
  limn_sqlite_bind_text (stmt, 4, review->reviewer);
  limn_sqlite_bind_text (stmt, 5, limn_verdict_to_string (review->verdict));
  limn_sqlite_bind_text (stmt, 6, review->reason_code);
  limn_sqlite_bind_text (stmt, 7, review->comment != NULL ? review->comment : "");
  limn_sqlite_bind_text (stmt, 8, comments);
  limn_sqlite_bind_text (stmt, 9, review->correction != NULL ? review->correction->id : NULL);
  sqlite3_bind_int64 (stmt, 10, review->created_us);
  if (!limn_sqlite_step_done (self->sql, stmt, error))
    goto fail;

  /* Seen before: its effects are here already (a later rework may have
   * moved the task on since). */
  if (sqlite3_changes (limn_store_get_db (self)) == 0)
    return limn_store_commit (self, error);

  have_task = task_here (self, review->task_id);

  switch (review->verdict)
    {
    case LIMN_VERDICT_CORRECT:
      if (have_task && review->correction != NULL)
        {
          g_autoptr(LimnAnnotation) c = limn_annotation_dup (review->correction);

          /* My task's next revision, made by the reviewer. */
          limn_set_str (&c->annotator, limn_store_get_local_annotator (self));
          limn_set_str (&c->task_id, review->task_id);
          if (c->author == NULL)
            c->author = g_strdup (review->reviewer);
          c->state = LIMN_ANNOTATION_SUBMITTED;
          if (!limn_store_save_received_annotation (self, c, error))
            goto fail;
        }
      G_GNUC_FALLTHROUGH;
    case LIMN_VERDICT_ACCEPT:
      if (!exec_task (self,
                      "UPDATE assignments SET status = 'accepted', rework = 0, updated_us = ?3 "
                      "WHERE task_id = ?1 AND annotator = ?2",
                      review->task_id, error))
        goto fail;
      break;
    case LIMN_VERDICT_SEND_BACK:
      if (!exec_task (self, REWORK_SQL, review->task_id, error))
        goto fail;
      break;
    case LIMN_VERDICT_NONE:
    default:
      break;
    }

  return limn_store_commit (self, error);

fail:
  limn_store_rollback (self);
  return FALSE;
}

#define REVIEW_COLUMNS \
  "id, item_id, task_id, annotation_id, reviewer, verdict, reason_code, comment, comments, correction_id, " \
  "guideline_version, active_ms, created_us, origin, read_us IS NOT NULL, sync_status, sync_reason "

static LimnReviewVerdict *
review_from_row (sqlite3_stmt  *stmt,
                 char         **correction_id,
                 GError       **error)
{
  g_autoptr(LimnReviewVerdict) v = NULL;
  LimnVerdict verdict = LIMN_VERDICT_NONE;

  limn_verdict_from_string ((const char *)sqlite3_column_text (stmt, 5), &verdict);
  v = limn_review_verdict_new ((const char *)sqlite3_column_text (stmt, 1),
                               (const char *)sqlite3_column_text (stmt, 2),
                               (const char *)sqlite3_column_text (stmt, 3), verdict);
  g_free (v->id);
  v->id = limn_sqlite_column_dup (stmt, 0);
  v->mine = g_strcmp0 ((const char *)sqlite3_column_text (stmt, 13), "local") == 0;
  /* Mine: the reviewer is this client's user, named by the server later. */
  if (!v->mine)
    v->reviewer = limn_sqlite_column_dup (stmt, 4);
  v->reason_code = limn_sqlite_column_dup (stmt, 6);
  g_free (v->comment);
  v->comment = limn_sqlite_column_dup (stmt, 7);
  if (!limn_store_comments_from_json ((const char *)sqlite3_column_text (stmt, 8), v->comments, error))
    return NULL;
  *correction_id = limn_sqlite_column_dup (stmt, 9);
  v->guideline_version = sqlite3_column_int64 (stmt, 10);
  v->active_ms = sqlite3_column_int64 (stmt, 11);
  v->created_us = sqlite3_column_int64 (stmt, 12);
  v->read = sqlite3_column_int (stmt, 14);
  v->sync_status = limn_sqlite_column_dup (stmt, 15);
  v->sync_reason = limn_sqlite_column_dup (stmt, 16);
  return g_steal_pointer (&v);
}

GPtrArray *
limn_store_list_reviews (LimnStore   *self,
                         const char  *task_id,
                         GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_review_verdict_free);
  g_autoptr(GPtrArray) corrections = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT " REVIEW_COLUMNS "FROM reviews WHERE task_id = ? ORDER BY created_us, id",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, task_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char *correction_id = NULL;
      LimnReviewVerdict *v = review_from_row (stmt, &correction_id, error);

      if (v == NULL)
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      g_ptr_array_add (out, v);
      g_ptr_array_add (corrections, correction_id);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      limn_sqlite_set_error (self->sql, rc, error);
      return NULL;
    }

  /* A correction is shown with its verdict when its revision is here. */
  for (guint i = 0; i < out->len; i++)
    {
      const char *cid = g_ptr_array_index (corrections, i);
      LimnReviewVerdict *v = g_ptr_array_index (out, i);
      g_autoptr(GError) local_error = NULL;

      if (cid == NULL)
        continue;
      v->correction = limn_store_load_annotation (self, cid, &local_error);
      if (v->correction == NULL &&
          !g_error_matches (local_error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  return g_steal_pointer (&out);
}

gboolean
limn_store_mark_reviews_read (LimnStore   *self,
                              const char  *task_id,
                              GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  stmt = limn_sqlite_prepare (self->sql,
                              "UPDATE reviews SET read_us = ?2 WHERE task_id = ?1 AND read_us IS NULL",
                              error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, task_id);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());

  return limn_sqlite_step_done (self->sql, stmt, error);
}

gint64
limn_store_count_unread_reviews (LimnStore   *self,
                                 const char  *project_id,
                                 GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 n = -1;

  g_return_val_if_fail (LIMN_IS_STORE (self), -1);

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT COUNT(*) FROM reviews r WHERE r.read_us IS NULL AND r.origin = 'server' "
                              "  AND (?1 IS NULL OR EXISTS (SELECT 1 FROM tasks t WHERE t.id = r.task_id "
                              "    AND t.project_id = ?1))",
                              error);
  if (stmt == NULL)
    return -1;
  limn_sqlite_bind_text (stmt, 1, project_id);
  if (!limn_sqlite_query_int (self->sql, stmt, &n, error))
    return -1;

  return n;
}

/* History */

static gint
entry_compare (gconstpointer a,
               gconstpointer b)
{
  const LimnHistoryEntry *x = *(LimnHistoryEntry **)a;
  const LimnHistoryEntry *y = *(LimnHistoryEntry **)b;

  if (x->when_us != y->when_us)
    return x->when_us < y->when_us ? -1 : 1;
  /* A revision before the verdict on it, at the same instant. */
  return (int)x->kind - (int)y->kind;
}

GPtrArray *
limn_store_load_history (LimnStore   *self,
                         const char  *task_id,
                         GError     **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_history_entry_free);
  g_autoptr(GPtrArray) reviews = NULL;
  const char *me = limn_store_get_local_annotator (self);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT id, annotator, author, revision, parent_id, guideline_version, state, "
                              "  IFNULL (submitted_us, created_us) FROM annotations "
                              "WHERE task_id = ? AND state != 'draft'",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, task_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LimnHistoryEntry *e = g_new0 (LimnHistoryEntry, 1);
      const char *annotator = (const char *)sqlite3_column_text (stmt, 1);

      e->kind = LIMN_HISTORY_REVISION;
      e->annotation_id = limn_sqlite_column_dup (stmt, 0);
      e->correction = sqlite3_column_type (stmt, 2) != SQLITE_NULL;
      /* NULL: the local annotator. */
      if (e->correction)
        e->who = limn_sqlite_column_dup (stmt, 2);
      else if (g_strcmp0 (annotator, me) != 0)
        e->who = g_strdup (annotator);
      e->revision = sqlite3_column_int64 (stmt, 3);
      e->parent_id = limn_sqlite_column_dup (stmt, 4);
      e->guideline_version = sqlite3_column_int64 (stmt, 5);
      limn_annotation_state_from_string ((const char *)sqlite3_column_text (stmt, 6), &e->state);
      e->when_us = sqlite3_column_int64 (stmt, 7);
      g_ptr_array_add (out, e);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      limn_sqlite_set_error (self->sql, rc, error);
      return NULL;
    }

  reviews = limn_store_list_reviews (self, task_id, error);
  if (reviews == NULL)
    return NULL;

  for (guint i = 0; i < reviews->len; i++)
    {
      LimnReviewVerdict *v = g_ptr_array_index (reviews, i);
      LimnHistoryEntry *e = g_new0 (LimnHistoryEntry, 1);

      e->kind = LIMN_HISTORY_REVIEW;
      e->when_us = v->created_us;
      e->who = g_strdup (v->reviewer);
      e->annotation_id = g_strdup (v->annotation_id);
      e->guideline_version = v->guideline_version;
      e->review = g_steal_pointer (&g_ptr_array_index (reviews, i));
      g_ptr_array_add (out, e);
    }

  g_ptr_array_sort (out, entry_compare);

  return g_steal_pointer (&out);
}
