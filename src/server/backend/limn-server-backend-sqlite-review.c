/* limn-server-backend-sqlite-review.c
 *
 * Storage calls of review, rework and feedback (docs/review.md): project
 * members and reviewer levels, review items (at most one per task that is
 * not decided, by a partial unique index), verdicts with their pinned
 * comments, annotations and flags as reviewers read them, thread
 * messages, coaching notes, guideline acknowledgements and the audit
 * sample's counters. Lists of reasons, annotators and labels are JSON
 * arrays in the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <json-glib/json-glib.h>

#include "json/limn-json-writer.h"
#include "limn-server-backend-sqlite-private.h"

/* A JSON array of strings, as this file stores it, to a string vector;
 * anything else in it is skipped. */
static char **
strv_from_json (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text ? text : "[]", NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (element));
        }
    }

  return g_strv_builder_end (builder);
}

static char *
strv_to_json (char **strv)
{
  GString *out = g_string_new ("[");

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      limn_json_writer_append_string (out, strv[i]);
    }
  g_string_append_c (out, ']');

  return g_string_free (out, FALSE);
}

/* Members and reviewers */

static GPtrArray *
sqlite_list_project_members (LimnServerTxn  *txn,
                             const char     *project_id,
                             GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT DISTINCT user_id FROM tokens WHERE project_id = ? "
                              "AND revoked_us IS NULL ORDER BY user_id", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, project_id);
  return limn_server_sqlite_collect_ids (sql, stmt, error);
}

static gboolean
sqlite_get_reviewer_level (LimnServerTxn  *txn,
                           const char     *project_id,
                           const char     *user_id,
                           gint64         *level,
                           GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT level FROM reviewers WHERE project_id = ? AND user_id = ?",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, project_id);
  limn_sqlite_bind_text (stmt, 2, user_id);
  return limn_sqlite_query_int (sql, stmt, level, error);
}

static gboolean
sqlite_set_reviewer_level (LimnServerTxn  *txn,
                           const char     *project_id,
                           const char     *user_id,
                           gint64          level,
                           GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "INSERT INTO reviewers (project_id, user_id, level) VALUES (?, ?, ?) "
                              "ON CONFLICT (project_id, user_id) DO UPDATE SET level = excluded.level",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, project_id);
  limn_sqlite_bind_text (stmt, 2, user_id);
  sqlite3_bind_int64 (stmt, 3, level);
  return limn_sqlite_step_done (sql, stmt, error);
}

/* Review items */

#define ITEM_COLUMNS \
  "i.id, i.project_id, i.task_id, i.annotation_id, i.reasons, i.min_level, i.state, i.holder, " \
  "coalesce (i.lease_expires_us, 0), i.created_us, coalesce (i.decided_us, 0), i.round"

static gpointer
read_item (sqlite3_stmt *stmt)
{
  LimnServerReviewItem *item = g_new0 (LimnServerReviewItem, 1);

  item->id = limn_sqlite_column_dup (stmt, 0);
  item->project_id = limn_sqlite_column_dup (stmt, 1);
  item->task_id = limn_sqlite_column_dup (stmt, 2);
  item->annotation_id = limn_sqlite_column_dup (stmt, 3);
  item->reasons = strv_from_json ((const char *)sqlite3_column_text (stmt, 4));
  item->min_level = sqlite3_column_int64 (stmt, 5);
  if (!limn_server_review_state_from_string ((const char *)sqlite3_column_text (stmt, 6),
                                             &item->state))
    item->state = LIMN_SERVER_REVIEW_DECIDED;
  item->holder = limn_sqlite_column_dup (stmt, 7);
  item->lease_expires_us = sqlite3_column_int64 (stmt, 8);
  item->created_us = sqlite3_column_int64 (stmt, 9);
  item->decided_us = sqlite3_column_int64 (stmt, 10);
  item->round = sqlite3_column_int64 (stmt, 11);
  return item;
}

static gpointer
read_listed_item (sqlite3_stmt *stmt)
{
  LimnServerReviewItem *item = read_item (stmt);

  item->holder_name = limn_sqlite_column_dup (stmt, 12);
  item->task_title = limn_sqlite_column_dup (stmt, 13);
  item->task_kind = limn_sqlite_column_dup (stmt, 14);
  item->annotators = strv_from_json ((const char *)sqlite3_column_text (stmt, 15));
  item->labels = strv_from_json ((const char *)sqlite3_column_text (stmt, 16));
  return item;
}

static GPtrArray *
sqlite_task_review_items (LimnServerTxn  *txn,
                          const char     *task_id,
                          GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT " ITEM_COLUMNS " FROM review_items i WHERE i.task_id = ? "
                              "ORDER BY i.created_us, i.rowid", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, task_id);
  return limn_server_sqlite_collect_rows (sql, stmt, read_item,
                                         (GDestroyNotify)limn_server_review_item_free, error);
}

static gboolean
sqlite_get_review_item (LimnServerTxn          *txn,
                        const char             *item_id,
                        LimnServerReviewItem  **item,
                        GError                **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;
  gboolean has_row;

  *item = NULL;
  stmt = limn_sqlite_prepare (sql, "SELECT " ITEM_COLUMNS " FROM review_items i WHERE i.id = ?",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, item_id);
  if (!limn_sqlite_step_row (sql, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    *item = read_item (stmt);
  sqlite3_reset (stmt);

  return TRUE;
}

/* Who submitted (corrections aside), by first submit; the labels every
 * submitted annotation of the task uses, sorted. */
#define ITEM_ANNOTATORS \
  "(SELECT json_group_array (name) FROM (SELECT u.name AS name FROM annotations n " \
  "  JOIN users u ON u.id = n.annotator WHERE n.task_id = i.task_id AND n.author IS NULL " \
  "  AND n.state = 'submitted' GROUP BY n.annotator ORDER BY min (n.rowid)))"
#define ITEM_LABELS \
  "(SELECT json_group_array (label) FROM (SELECT DISTINCT json_extract (r.value, '$.label') " \
  "  AS label FROM annotations n, json_each (n.regions) r WHERE n.task_id = i.task_id " \
  "  AND n.state = 'submitted' ORDER BY label))"

static GPtrArray *
sqlite_list_review_items (LimnServerTxn  *txn,
                          const char     *project_id,
                          int             state,
                          GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT " ITEM_COLUMNS ", u.name, t.title, t.kind, "
                              ITEM_ANNOTATORS ", " ITEM_LABELS " "
                              "FROM review_items i JOIN tasks t ON t.id = i.task_id "
                              "LEFT JOIN users u ON u.id = i.holder "
                              "WHERE i.project_id = ?1 "
                              "AND ((?2 IS NULL AND i.state <> 'decided') OR i.state = ?2) "
                              "ORDER BY i.created_us, i.rowid", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, project_id);
  if (state >= 0 && state < LIMN_SERVER_N_REVIEW_STATES)
    limn_sqlite_bind_text (stmt, 2, limn_server_review_state_to_string (state));
  return limn_server_sqlite_collect_rows (sql, stmt, read_listed_item,
                                         (GDestroyNotify)limn_server_review_item_free, error);
}

/* Binds what insert and update store of @item, from @first on:
 * annotation_id, reasons, min_level, state, holder, lease_expires_us,
 * decided_us. */
static void
bind_item_state (sqlite3_stmt               *stmt,
                 int                         first,
                 const LimnServerReviewItem *item)
{
  g_autofree char *reasons = strv_to_json (item->reasons);

  limn_sqlite_bind_text (stmt, first, item->annotation_id);
  limn_sqlite_bind_text (stmt, first + 1, reasons);
  sqlite3_bind_int64 (stmt, first + 2, item->min_level);
  limn_sqlite_bind_text (stmt, first + 3, limn_server_review_state_to_string (item->state));
  limn_sqlite_bind_text (stmt, first + 4, item->holder);
  if (item->lease_expires_us > 0)
    sqlite3_bind_int64 (stmt, first + 5, item->lease_expires_us);
  if (item->decided_us > 0)
    sqlite3_bind_int64 (stmt, first + 6, item->decided_us);
}

static gboolean
sqlite_insert_review_item (LimnServerTxn               *txn,
                           const LimnServerReviewItem  *item,
                           GError                     **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "INSERT INTO review_items (id, project_id, task_id, created_us, round, "
                              "annotation_id, reasons, min_level, state, holder, lease_expires_us, "
                              "decided_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, item->id);
  limn_sqlite_bind_text (stmt, 2, item->project_id);
  limn_sqlite_bind_text (stmt, 3, item->task_id);
  sqlite3_bind_int64 (stmt, 4, item->created_us);
  sqlite3_bind_int64 (stmt, 5, item->round);
  bind_item_state (stmt, 6, item);
  return limn_sqlite_step_done (sql, stmt, error);
}

static gboolean
sqlite_update_review_item (LimnServerTxn               *txn,
                           const LimnServerReviewItem  *item,
                           GError                     **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "UPDATE review_items SET annotation_id = ?2, reasons = ?3, "
                              "min_level = ?4, state = ?5, holder = ?6, lease_expires_us = ?7, "
                              "decided_us = ?8 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, item->id);
  bind_item_state (stmt, 2, item);
  return limn_sqlite_step_done (sql, stmt, error);
}

/* Verdicts */

static gboolean
sqlite_insert_review (LimnServerTxn           *txn,
                      const LimnServerReview  *review,
                      GError                 **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "INSERT INTO reviews (id, item_id, reviewer, annotation_id, verdict, "
                              "reason_code, comment, correction_id, state, active_ms, created_us, "
                              "received_us) VALUES (?, ?, ?, ?, ?, ?, coalesce (?, ''), ?, ?, ?, ?, ?)",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, review->id);
  limn_sqlite_bind_text (stmt, 2, review->item_id);
  limn_sqlite_bind_text (stmt, 3, review->reviewer);
  limn_sqlite_bind_text (stmt, 4, review->annotation_id);
  limn_sqlite_bind_text (stmt, 5, review->verdict);
  limn_sqlite_bind_text (stmt, 6, review->reason_code);
  limn_sqlite_bind_text (stmt, 7, review->comment);
  limn_sqlite_bind_text (stmt, 8, review->correction_id);
  limn_sqlite_bind_text (stmt, 9, review->conflicted ? "conflicted" : "applied");
  sqlite3_bind_int64 (stmt, 10, review->active_ms);
  sqlite3_bind_int64 (stmt, 11, review->created_us);
  sqlite3_bind_int64 (stmt, 12, review->received_us);
  if (!limn_sqlite_step_done (sql, stmt, error))
    return FALSE;

  for (guint i = 0; i < review->comments->len; i++)
    {
      const LimnServerReviewComment *comment = g_ptr_array_index (review->comments, i);

      stmt = limn_sqlite_prepare (sql,
                                  "INSERT INTO review_comments (id, review_id, task_id, region_id, "
                                  "body, position) VALUES (?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      limn_sqlite_bind_text (stmt, 1, comment->id);
      limn_sqlite_bind_text (stmt, 2, review->id);
      limn_sqlite_bind_text (stmt, 3, review->task_id);
      limn_sqlite_bind_text (stmt, 4, comment->region_id);
      limn_sqlite_bind_text (stmt, 5, comment->body);
      sqlite3_bind_int64 (stmt, 6, i);
      if (!limn_sqlite_step_done (sql, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gpointer
read_review (sqlite3_stmt *stmt)
{
  LimnServerReview *r = limn_server_review_new ();

  r->id = limn_sqlite_column_dup (stmt, 0);
  r->item_id = limn_sqlite_column_dup (stmt, 1);
  r->task_id = limn_sqlite_column_dup (stmt, 2);
  r->reviewer = limn_sqlite_column_dup (stmt, 3);
  r->reviewer_name = limn_sqlite_column_dup (stmt, 4);
  r->annotation_id = limn_sqlite_column_dup (stmt, 5);
  r->verdict = limn_sqlite_column_dup (stmt, 6);
  r->reason_code = limn_sqlite_column_dup (stmt, 7);
  r->comment = limn_sqlite_column_dup (stmt, 8);
  r->correction_id = limn_sqlite_column_dup (stmt, 9);
  r->conflicted = sqlite3_column_int (stmt, 10) != 0;
  r->active_ms = sqlite3_column_int64 (stmt, 11);
  r->created_us = sqlite3_column_int64 (stmt, 12);
  r->received_us = sqlite3_column_int64 (stmt, 13);
  return r;
}

static gpointer
read_comment (sqlite3_stmt *stmt)
{
  LimnServerReviewComment *c = g_new0 (LimnServerReviewComment, 1);

  c->id = limn_sqlite_column_dup (stmt, 0);
  c->region_id = limn_sqlite_column_dup (stmt, 1);
  c->body = limn_sqlite_column_dup (stmt, 2);
  return c;
}

static GPtrArray *
sqlite_list_task_reviews (LimnServerTxn  *txn,
                          const char     *task_id,
                          GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  g_autoptr(GPtrArray) reviews = NULL;
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT r.id, r.item_id, i.task_id, r.reviewer, u.name, "
                              "r.annotation_id, r.verdict, r.reason_code, r.comment, "
                              "r.correction_id, r.state = 'conflicted', r.active_ms, r.created_us, "
                              "r.received_us FROM reviews r JOIN review_items i ON i.id = r.item_id "
                              "JOIN users u ON u.id = r.reviewer WHERE i.task_id = ? "
                              "ORDER BY r.received_us, r.rowid", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, task_id);
  reviews = limn_server_sqlite_collect_rows (sql, stmt, read_review,
                                            (GDestroyNotify)limn_server_review_free, error);
  if (reviews == NULL)
    return NULL;

  for (guint i = 0; i < reviews->len; i++)
    {
      LimnServerReview *review = g_ptr_array_index (reviews, i);
      GPtrArray *comments;

      stmt = limn_sqlite_prepare (sql,
                                  "SELECT id, region_id, body FROM review_comments "
                                  "WHERE review_id = ? ORDER BY position", error);
      if (stmt == NULL)
        return NULL;
      limn_sqlite_bind_text (stmt, 1, review->id);
      comments = limn_server_sqlite_collect_rows (sql, stmt, read_comment,
                                                  (GDestroyNotify)limn_server_review_comment_free,
                                                  error);
      if (comments == NULL)
        return NULL;
      g_ptr_array_extend_and_steal (review->comments, comments);
    }

  return g_steal_pointer (&reviews);
}

/* Annotations as reviewers read them */

static gpointer
read_annotation (sqlite3_stmt *stmt)
{
  LimnServerAnnotation *a = g_new0 (LimnServerAnnotation, 1);

  a->id = limn_sqlite_column_dup (stmt, 0);
  a->task_id = limn_sqlite_column_dup (stmt, 1);
  a->project_id = limn_sqlite_column_dup (stmt, 2);
  a->annotator = limn_sqlite_column_dup (stmt, 3);
  a->annotator_name = limn_sqlite_column_dup (stmt, 4);
  a->author = limn_sqlite_column_dup (stmt, 5);
  a->author_name = limn_sqlite_column_dup (stmt, 6);
  a->revision = sqlite3_column_int64 (stmt, 7);
  a->parent_id = limn_sqlite_column_dup (stmt, 8);
  a->guideline_version = sqlite3_column_int64 (stmt, 9);
  a->state = limn_sqlite_column_dup (stmt, 10);
  a->confidence = sqlite3_column_double (stmt, 11);
  a->active_ms = sqlite3_column_int64 (stmt, 12);
  a->wall_ms = sqlite3_column_int64 (stmt, 13);
  a->submitted_us = sqlite3_column_int64 (stmt, 14);
  a->received_us = sqlite3_column_int64 (stmt, 15);
  a->regions = limn_sqlite_column_dup (stmt, 16);
  return a;
}

static GPtrArray *
sqlite_list_task_annotations (LimnServerTxn  *txn,
                              const char     *task_id,
                              GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT n.id, n.task_id, n.project_id, n.annotator, ua.name, "
                              "coalesce (n.author, n.annotator), coalesce (ub.name, ua.name), "
                              "n.revision, n.parent_id, coalesce (n.guideline_version, -1), n.state, "
                              "coalesce (n.confidence, -1), n.active_ms, n.wall_ms, n.submitted_us, "
                              "n.received_us, n.regions FROM annotations n "
                              "JOIN users ua ON ua.id = n.annotator "
                              "LEFT JOIN users ub ON ub.id = n.author "
                              "WHERE n.task_id = ? ORDER BY n.received_us, n.rowid", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, task_id);
  return limn_server_sqlite_collect_rows (sql, stmt, read_annotation,
                                         (GDestroyNotify)limn_server_annotation_free, error);
}

static gboolean
sqlite_set_annotation_author (LimnServerTxn  *txn,
                              const char     *annotation_id,
                              const char     *author,
                              GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql, "UPDATE annotations SET author = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, author);
  limn_sqlite_bind_text (stmt, 2, annotation_id);
  return limn_sqlite_step_done (sql, stmt, error);
}

/* Flags, threads and notes */

#define FLAG_COLUMNS \
  "f.id, f.task_id, f.project_id, f.user_id, u.name, f.region_id, f.category, f.body, f.state, " \
  "f.created_us FROM flags f JOIN users u ON u.id = f.user_id"

static gpointer
read_flag (sqlite3_stmt *stmt)
{
  LimnServerFlag *f = g_new0 (LimnServerFlag, 1);

  f->id = limn_sqlite_column_dup (stmt, 0);
  f->task_id = limn_sqlite_column_dup (stmt, 1);
  f->project_id = limn_sqlite_column_dup (stmt, 2);
  f->user_id = limn_sqlite_column_dup (stmt, 3);
  f->user_name = limn_sqlite_column_dup (stmt, 4);
  f->region_id = limn_sqlite_column_dup (stmt, 5);
  f->category = limn_sqlite_column_dup (stmt, 6);
  f->body = limn_sqlite_column_dup (stmt, 7);
  f->state = limn_sqlite_column_dup (stmt, 8);
  f->created_us = sqlite3_column_int64 (stmt, 9);
  return f;
}

static gboolean
sqlite_get_flag (LimnServerTxn    *txn,
                 const char       *flag_id,
                 LimnServerFlag  **flag,
                 GError          **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;
  gboolean has_row;

  *flag = NULL;
  stmt = limn_sqlite_prepare (sql, "SELECT " FLAG_COLUMNS " WHERE f.id = ?", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, flag_id);
  if (!limn_sqlite_step_row (sql, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    *flag = read_flag (stmt);
  sqlite3_reset (stmt);

  return TRUE;
}

static GPtrArray *
sqlite_list_flags (LimnServerTxn  *txn,
                   const char     *project_id,
                   const char     *user_id,
                   const char     *task_id,
                   const char     *state,
                   GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT " FLAG_COLUMNS " WHERE f.project_id = ?1 "
                              "AND (?2 IS NULL OR f.user_id = ?2) AND (?3 IS NULL OR f.task_id = ?3) "
                              "AND (?4 IS NULL OR f.state = ?4) ORDER BY f.received_us, f.rowid",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, project_id);
  limn_sqlite_bind_text (stmt, 2, user_id);
  limn_sqlite_bind_text (stmt, 3, task_id);
  limn_sqlite_bind_text (stmt, 4, state);
  return limn_server_sqlite_collect_rows (sql, stmt, read_flag,
                                         (GDestroyNotify)limn_server_flag_free, error);
}

static gboolean
sqlite_set_flag_state (LimnServerTxn  *txn,
                       const char     *flag_id,
                       const char     *state,
                       GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql, "UPDATE flags SET state = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, state);
  limn_sqlite_bind_text (stmt, 2, flag_id);
  return limn_sqlite_step_done (sql, stmt, error);
}

static gboolean
sqlite_insert_message (LimnServerTxn            *txn,
                       const LimnServerMessage  *message,
                       GError                  **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "INSERT INTO messages (id, thread_id, author, body, created_us, "
                              "received_us) VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, message->id);
  limn_sqlite_bind_text (stmt, 2, message->thread_id);
  limn_sqlite_bind_text (stmt, 3, message->author);
  limn_sqlite_bind_text (stmt, 4, message->body);
  sqlite3_bind_int64 (stmt, 5, message->created_us);
  sqlite3_bind_int64 (stmt, 6, message->received_us);
  return limn_sqlite_step_done (sql, stmt, error);
}

static gpointer
read_message (sqlite3_stmt *stmt)
{
  LimnServerMessage *m = g_new0 (LimnServerMessage, 1);

  m->id = limn_sqlite_column_dup (stmt, 0);
  m->thread_id = limn_sqlite_column_dup (stmt, 1);
  m->author = limn_sqlite_column_dup (stmt, 2);
  m->author_name = limn_sqlite_column_dup (stmt, 3);
  m->body = limn_sqlite_column_dup (stmt, 4);
  m->created_us = sqlite3_column_int64 (stmt, 5);
  m->received_us = sqlite3_column_int64 (stmt, 6);
  return m;
}

static GPtrArray *
sqlite_list_messages (LimnServerTxn  *txn,
                      const char     *project_id,
                      const char     *thread_id,
                      GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT m.id, m.thread_id, m.author, u.name, m.body, m.created_us, "
                              "m.received_us FROM messages m JOIN flags f ON f.id = m.thread_id "
                              "JOIN users u ON u.id = m.author WHERE f.project_id = ?1 "
                              "AND (?2 IS NULL OR m.thread_id = ?2) ORDER BY m.received_us, m.rowid",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, project_id);
  limn_sqlite_bind_text (stmt, 2, thread_id);
  return limn_server_sqlite_collect_rows (sql, stmt, read_message,
                                         (GDestroyNotify)limn_server_message_free, error);
}

static gboolean
sqlite_insert_note (LimnServerTxn         *txn,
                    const LimnServerNote  *note,
                    GError               **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "INSERT INTO notes (id, project_id, annotator, author, body, created_us) "
                              "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, note->id);
  limn_sqlite_bind_text (stmt, 2, note->project_id);
  limn_sqlite_bind_text (stmt, 3, note->annotator);
  limn_sqlite_bind_text (stmt, 4, note->author);
  limn_sqlite_bind_text (stmt, 5, note->body);
  sqlite3_bind_int64 (stmt, 6, note->created_us);
  return limn_sqlite_step_done (sql, stmt, error);
}

/* Guideline acknowledgements and the audit sample */

static gboolean
sqlite_insert_guideline_ack (LimnServerTxn  *txn,
                             const char     *project_id,
                             const char     *user_id,
                             gint64          version,
                             gint64          now_us,
                             gboolean       *inserted,
                             GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "INSERT INTO guideline_acks (project_id, user_id, version, acked_us) "
                              "VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, project_id);
  limn_sqlite_bind_text (stmt, 2, user_id);
  sqlite3_bind_int64 (stmt, 3, version);
  sqlite3_bind_int64 (stmt, 4, now_us);
  if (!limn_sqlite_step_done (sql, stmt, error))
    return FALSE;

  *inserted = sqlite3_changes (limn_sqlite_get_db (sql)) != 0;
  return TRUE;
}

static gboolean
sqlite_get_audit_stratum (LimnServerTxn  *txn,
                          const char     *project_id,
                          const char     *stratum,
                          gint64         *seen,
                          gint64         *sampled,
                          GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;
  gboolean has_row;

  *seen = *sampled = 0;
  stmt = limn_sqlite_prepare (sql,
                              "SELECT seen, sampled FROM audit_strata "
                              "WHERE project_id = ? AND stratum = ?", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, project_id);
  limn_sqlite_bind_text (stmt, 2, stratum);
  if (!limn_sqlite_step_row (sql, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      *seen = sqlite3_column_int64 (stmt, 0);
      *sampled = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);

  return TRUE;
}

static gboolean
sqlite_set_audit_stratum (LimnServerTxn  *txn,
                          const char     *project_id,
                          const char     *stratum,
                          gint64          seen,
                          gint64          sampled,
                          GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "INSERT INTO audit_strata (project_id, stratum, seen, sampled) "
                              "VALUES (?, ?, ?, ?) ON CONFLICT (project_id, stratum) "
                              "DO UPDATE SET seen = excluded.seen, sampled = excluded.sampled", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, project_id);
  limn_sqlite_bind_text (stmt, 2, stratum);
  sqlite3_bind_int64 (stmt, 3, seen);
  sqlite3_bind_int64 (stmt, 4, sampled);
  return limn_sqlite_step_done (sql, stmt, error);
}

void
limn_server_sqlite_review_init (LimnServerBackendInterface *iface)
{
  iface->list_project_members = sqlite_list_project_members;
  iface->get_reviewer_level = sqlite_get_reviewer_level;
  iface->set_reviewer_level = sqlite_set_reviewer_level;
  iface->task_review_items = sqlite_task_review_items;
  iface->get_review_item = sqlite_get_review_item;
  iface->list_review_items = sqlite_list_review_items;
  iface->insert_review_item = sqlite_insert_review_item;
  iface->update_review_item = sqlite_update_review_item;
  iface->insert_review = sqlite_insert_review;
  iface->list_task_reviews = sqlite_list_task_reviews;
  iface->list_task_annotations = sqlite_list_task_annotations;
  iface->set_annotation_author = sqlite_set_annotation_author;
  iface->get_flag = sqlite_get_flag;
  iface->list_flags = sqlite_list_flags;
  iface->set_flag_state = sqlite_set_flag_state;
  iface->insert_message = sqlite_insert_message;
  iface->list_messages = sqlite_list_messages;
  iface->insert_note = sqlite_insert_note;
  iface->insert_guideline_ack = sqlite_insert_guideline_ack;
  iface->get_audit_stratum = sqlite_get_audit_stratum;
  iface->set_audit_stratum = sqlite_set_audit_stratum;
}
