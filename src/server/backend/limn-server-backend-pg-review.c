/* limn-server-backend-pg-review.c
 *
 * PostgreSQL storage calls on review, rework and feedback
 * (docs/review.md), the same SQL meaning as
 * limn-server-backend-sqlite-review.c: project members and reviewer
 * levels, review items (at most one per task that is not decided, by a
 * partial unique index), verdicts with their pinned comments, annotations
 * and flags as reviewers read them, thread messages, coaching notes,
 * guideline acknowledgements and the audit sample's counters.
 *
 * Lists of reasons, annotators and labels are JSON array texts, as in the
 * SQLite store (so `admin migrate` copies them as they are). Where SQLite
 * breaks ties by rowid, recv_seq does; text is sorted COLLATE "C", byte
 * order as SQLite's BINARY, whatever the database's locale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <json-glib/json-glib.h>

#include "json/limn-json-writer.h"
#include "limn-server-backend-pg-private.h"

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

/* A timestamp that 0 means "none" for: SQL NULL then. */
static const char *
optional_us (LimnPgNum *buf,
             gint64     value)
{
  return value > 0 ? limn_pg_int64_param (buf, value) : NULL;
}

/* Members and reviewers */

static GPtrArray *
pg_list_project_members (LimnServerTxn  *txn,
                         const char     *project_id,
                         GError        **error)
{
  static const LimnPgStatement stmt = {
    "list_project_members",
    "SELECT DISTINCT user_id COLLATE \"C\" AS user_id FROM tokens WHERE project_id = $1 "
    "AND revoked_us IS NULL ORDER BY 1", 1,
  };
  const char *values[] = { project_id };

  return limn_pg_collect_ids (txn, &stmt, values, error);
}

static gboolean
pg_get_reviewer_level (LimnServerTxn  *txn,
                       const char     *project_id,
                       const char     *user_id,
                       gint64         *level,
                       GError        **error)
{
  static const LimnPgStatement stmt = {
    "get_reviewer_level",
    "SELECT level FROM reviewers WHERE project_id = $1 AND user_id = $2", 2,
  };
  const char *values[] = { project_id, user_id };

  return limn_pg_query_int64 (txn, &stmt, values, level, error);
}

static gboolean
pg_set_reviewer_level (LimnServerTxn  *txn,
                       const char     *project_id,
                       const char     *user_id,
                       gint64          level,
                       GError        **error)
{
  static const LimnPgStatement stmt = {
    "set_reviewer_level",
    "INSERT INTO reviewers (project_id, user_id, level) VALUES ($1, $2, $3) "
    "ON CONFLICT (project_id, user_id) DO UPDATE SET level = excluded.level", 3,
  };
  LimnPgNum n_level;
  const char *values[] = { project_id, user_id, limn_pg_int64_param (&n_level, level) };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

/* Review items */

#define ITEM_COLUMNS \
  "i.id, i.project_id, i.task_id, i.annotation_id, i.reasons, i.min_level, i.state, i.holder, " \
  "coalesce (i.lease_expires_us, 0), i.created_us, coalesce (i.decided_us, 0), i.round"

static LimnServerReviewItem *
read_item_row (const PGresult *res,
               int             row)
{
  LimnServerReviewItem *item = g_new0 (LimnServerReviewItem, 1);

  item->id = limn_pg_dup (res, row, 0);
  item->project_id = limn_pg_dup (res, row, 1);
  item->task_id = limn_pg_dup (res, row, 2);
  item->annotation_id = limn_pg_dup (res, row, 3);
  item->reasons = strv_from_json (limn_pg_text (res, row, 4));
  item->min_level = limn_pg_int64 (res, row, 5);
  if (!limn_server_review_state_from_string (limn_pg_text (res, row, 6), &item->state))
    item->state = LIMN_SERVER_REVIEW_DECIDED;
  item->holder = limn_pg_dup (res, row, 7);
  item->lease_expires_us = limn_pg_int64 (res, row, 8);
  item->created_us = limn_pg_int64 (res, row, 9);
  item->decided_us = limn_pg_int64 (res, row, 10);
  item->round = limn_pg_int64 (res, row, 11);
  return item;
}

static gpointer
read_item (const PGresult *res,
           int             row)
{
  return read_item_row (res, row);
}

static gpointer
read_listed_item (const PGresult *res,
                  int             row)
{
  LimnServerReviewItem *item = read_item_row (res, row);

  item->holder_name = limn_pg_dup (res, row, 12);
  item->task_title = limn_pg_dup (res, row, 13);
  item->task_kind = limn_pg_dup (res, row, 14);
  item->annotators = strv_from_json (limn_pg_text (res, row, 15));
  item->labels = strv_from_json (limn_pg_text (res, row, 16));
  return item;
}

static GPtrArray *
pg_task_review_items (LimnServerTxn  *txn,
                      const char     *task_id,
                      GError        **error)
{
  static const LimnPgStatement stmt = {
    "task_review_items",
    "SELECT " ITEM_COLUMNS " FROM review_items i WHERE i.task_id = $1 "
    "ORDER BY i.created_us, i.recv_seq", 1,
  };
  const char *values[] = { task_id };

  return limn_pg_collect_rows (txn, &stmt, values, read_item,
                               (GDestroyNotify)limn_server_review_item_free, error);
}

static gboolean
pg_get_review_item (LimnServerTxn          *txn,
                    const char             *item_id,
                    LimnServerReviewItem  **item,
                    GError                **error)
{
  static const LimnPgStatement stmt = {
    "get_review_item",
    "SELECT " ITEM_COLUMNS " FROM review_items i WHERE i.id = $1", 1,
  };
  const char *values[] = { item_id };
  g_autoptr(PGresult) res = NULL;

  *item = NULL;
  if (!limn_pg_run (txn, &stmt, values, &res, error))
    return FALSE;
  if (PQntuples (res) > 0)
    *item = read_item_row (res, 0);

  return TRUE;
}

/* Who submitted (corrections aside), by first submit; the label ids every
 * submitted annotation of the task uses, sorted (strings only: the reader
 * skips anything else, as SQLite's did). */
#define ITEM_ANNOTATORS \
  "(SELECT coalesce (json_agg (s.name ORDER BY s.first), '[]') FROM (SELECT u.name AS name, " \
  "  min (n.recv_seq) AS first FROM annotations n JOIN users u ON u.id = n.annotator " \
  "  WHERE n.task_id = i.task_id AND n.author IS NULL AND n.state = 'submitted' " \
  "  GROUP BY n.annotator, u.name) s)"
#define ITEM_LABELS \
  "(SELECT coalesce (json_agg (l.label ORDER BY l.label COLLATE \"C\"), '[]') FROM (SELECT " \
  "  DISTINCT r.value ->> 'label' AS label FROM annotations n, " \
  "  jsonb_array_elements (n.regions::jsonb) r WHERE n.task_id = i.task_id " \
  "  AND n.state = 'submitted' AND jsonb_typeof (r.value -> 'label') = 'string') l)"

static GPtrArray *
pg_list_review_items (LimnServerTxn  *txn,
                      const char     *project_id,
                      int             state,
                      GError        **error)
{
  static const LimnPgStatement stmt = {
    "list_review_items",
    "SELECT " ITEM_COLUMNS ", u.name, t.title, t.kind, "
    ITEM_ANNOTATORS ", " ITEM_LABELS " "
    "FROM review_items i JOIN tasks t ON t.id = i.task_id "
    "LEFT JOIN users u ON u.id = i.holder "
    "WHERE i.project_id = $1 "
    "AND (($2::text IS NULL AND i.state <> 'decided') OR i.state = $2::text) "
    "ORDER BY i.created_us, i.recv_seq", 2,
  };
  const char *values[] = { project_id, NULL };

  if (state >= 0 && state < LIMN_SERVER_N_REVIEW_STATES)
    values[1] = limn_server_review_state_to_string (state);
  return limn_pg_collect_rows (txn, &stmt, values, read_listed_item,
                               (GDestroyNotify)limn_server_review_item_free, error);
}

static gboolean
pg_insert_review_item (LimnServerTxn               *txn,
                       const LimnServerReviewItem  *item,
                       GError                     **error)
{
  static const LimnPgStatement stmt = {
    "insert_review_item",
    "INSERT INTO review_items (id, project_id, task_id, created_us, round, "
    "annotation_id, reasons, min_level, state, holder, lease_expires_us, "
    "decided_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)", 12,
  };
  g_autofree char *reasons = strv_to_json (item->reasons);
  LimnPgNum n_created, n_round, n_level, n_lease, n_decided;
  const char *values[] = {
    item->id, item->project_id, item->task_id,
    limn_pg_int64_param (&n_created, item->created_us),
    limn_pg_int64_param (&n_round, item->round),
    item->annotation_id, reasons,
    limn_pg_int64_param (&n_level, item->min_level),
    limn_server_review_state_to_string (item->state),
    item->holder,
    optional_us (&n_lease, item->lease_expires_us),
    optional_us (&n_decided, item->decided_us),
  };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

static gboolean
pg_update_review_item (LimnServerTxn               *txn,
                       const LimnServerReviewItem  *item,
                       GError                     **error)
{
  static const LimnPgStatement stmt = {
    "update_review_item",
    "UPDATE review_items SET annotation_id = $2, reasons = $3, min_level = $4, state = $5, "
    "holder = $6, lease_expires_us = $7, decided_us = $8 WHERE id = $1", 8,
  };
  g_autofree char *reasons = strv_to_json (item->reasons);
  LimnPgNum n_level, n_lease, n_decided;
  const char *values[] = {
    item->id, item->annotation_id, reasons,
    limn_pg_int64_param (&n_level, item->min_level),
    limn_server_review_state_to_string (item->state),
    item->holder,
    optional_us (&n_lease, item->lease_expires_us),
    optional_us (&n_decided, item->decided_us),
  };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

/* Verdicts */

static gboolean
pg_insert_review (LimnServerTxn           *txn,
                  const LimnServerReview  *review,
                  GError                 **error)
{
  static const LimnPgStatement insert_review = {
    "insert_review",
    "INSERT INTO reviews (id, item_id, reviewer, annotation_id, verdict, reason_code, comment, "
    "correction_id, state, active_ms, created_us, received_us) "
    "VALUES ($1, $2, $3, $4, $5, $6, coalesce ($7, ''), $8, $9, $10, $11, $12)", 12,
  };
  static const LimnPgStatement insert_comment = {
    "insert_review_comment",
    "INSERT INTO review_comments (id, review_id, task_id, region_id, body, position) "
    "VALUES ($1, $2, $3, $4, $5, $6)", 6,
  };
  LimnPgNum n_active, n_created, n_received;
  const char *values[] = {
    review->id, review->item_id, review->reviewer, review->annotation_id, review->verdict,
    review->reason_code, review->comment, review->correction_id,
    review->conflicted ? "conflicted" : "applied",
    limn_pg_int64_param (&n_active, review->active_ms),
    limn_pg_int64_param (&n_created, review->created_us),
    limn_pg_int64_param (&n_received, review->received_us),
  };

  if (!limn_pg_run (txn, &insert_review, values, NULL, error))
    return FALSE;

  for (guint i = 0; i < review->comments->len; i++)
    {
      const LimnServerReviewComment *comment = g_ptr_array_index (review->comments, i);
      LimnPgNum n_position;
      const char *comment_values[] = {
        comment->id, review->id, review->task_id, comment->region_id, comment->body,
        limn_pg_int64_param (&n_position, i),
      };

      if (!limn_pg_run (txn, &insert_comment, comment_values, NULL, error))
        return FALSE;
    }

  return TRUE;
}

static gpointer
read_review (const PGresult *res,
             int             row)
{
  LimnServerReview *r = limn_server_review_new ();

  r->id = limn_pg_dup (res, row, 0);
  r->item_id = limn_pg_dup (res, row, 1);
  r->task_id = limn_pg_dup (res, row, 2);
  r->reviewer = limn_pg_dup (res, row, 3);
  r->reviewer_name = limn_pg_dup (res, row, 4);
  r->annotation_id = limn_pg_dup (res, row, 5);
  r->verdict = limn_pg_dup (res, row, 6);
  r->reason_code = limn_pg_dup (res, row, 7);
  r->comment = limn_pg_dup (res, row, 8);
  r->correction_id = limn_pg_dup (res, row, 9);
  r->conflicted = limn_pg_bool (res, row, 10);
  r->active_ms = limn_pg_int64 (res, row, 11);
  r->created_us = limn_pg_int64 (res, row, 12);
  r->received_us = limn_pg_int64 (res, row, 13);
  return r;
}

static gpointer
read_comment (const PGresult *res,
              int             row)
{
  LimnServerReviewComment *c = g_new0 (LimnServerReviewComment, 1);

  c->id = limn_pg_dup (res, row, 0);
  c->region_id = limn_pg_dup (res, row, 1);
  c->body = limn_pg_dup (res, row, 2);
  return c;
}

static GPtrArray *
pg_list_task_reviews (LimnServerTxn  *txn,
                      const char     *task_id,
                      GError        **error)
{
  static const LimnPgStatement list_reviews = {
    "list_task_reviews",
    "SELECT r.id, r.item_id, i.task_id, r.reviewer, u.name, r.annotation_id, r.verdict, "
    "r.reason_code, r.comment, r.correction_id, r.state = 'conflicted', r.active_ms, "
    "r.created_us, r.received_us FROM reviews r JOIN review_items i ON i.id = r.item_id "
    "JOIN users u ON u.id = r.reviewer WHERE i.task_id = $1 "
    "ORDER BY r.received_us, r.recv_seq", 1,
  };
  static const LimnPgStatement list_comments = {
    "list_review_comments",
    "SELECT id, region_id, body FROM review_comments WHERE review_id = $1 ORDER BY position", 1,
  };
  const char *values[] = { task_id };
  g_autoptr(GPtrArray) reviews = NULL;

  reviews = limn_pg_collect_rows (txn, &list_reviews, values, read_review,
                                  (GDestroyNotify)limn_server_review_free, error);
  if (reviews == NULL)
    return NULL;

  for (guint i = 0; i < reviews->len; i++)
    {
      LimnServerReview *review = g_ptr_array_index (reviews, i);
      const char *comment_values[] = { review->id };
      GPtrArray *comments;

      comments = limn_pg_collect_rows (txn, &list_comments, comment_values, read_comment,
                                       (GDestroyNotify)limn_server_review_comment_free, error);
      if (comments == NULL)
        return NULL;
      g_ptr_array_extend_and_steal (review->comments, comments);
    }

  return g_steal_pointer (&reviews);
}

/* Annotations as reviewers read them */

static gpointer
read_annotation (const PGresult *res,
                 int             row)
{
  LimnServerAnnotation *a = g_new0 (LimnServerAnnotation, 1);

  a->id = limn_pg_dup (res, row, 0);
  a->task_id = limn_pg_dup (res, row, 1);
  a->project_id = limn_pg_dup (res, row, 2);
  a->annotator = limn_pg_dup (res, row, 3);
  a->annotator_name = limn_pg_dup (res, row, 4);
  a->author = limn_pg_dup (res, row, 5);
  a->author_name = limn_pg_dup (res, row, 6);
  a->revision = limn_pg_int64 (res, row, 7);
  a->parent_id = limn_pg_dup (res, row, 8);
  a->guideline_version = limn_pg_int64 (res, row, 9);
  a->state = limn_pg_dup (res, row, 10);
  a->confidence = limn_pg_double (res, row, 11);
  a->active_ms = limn_pg_int64 (res, row, 12);
  a->wall_ms = limn_pg_int64 (res, row, 13);
  a->submitted_us = limn_pg_int64 (res, row, 14);
  a->received_us = limn_pg_int64 (res, row, 15);
  a->regions = limn_pg_dup (res, row, 16);
  return a;
}

static GPtrArray *
pg_list_task_annotations (LimnServerTxn  *txn,
                          const char     *task_id,
                          GError        **error)
{
  static const LimnPgStatement stmt = {
    "list_task_annotations",
    "SELECT n.id, n.task_id, n.project_id, n.annotator, ua.name, "
    "coalesce (n.author, n.annotator), coalesce (ub.name, ua.name), "
    "n.revision, n.parent_id, coalesce (n.guideline_version, -1), n.state, "
    "coalesce (n.confidence, -1), n.active_ms, n.wall_ms, n.submitted_us, "
    "n.received_us, n.regions FROM annotations n "
    "JOIN users ua ON ua.id = n.annotator "
    "LEFT JOIN users ub ON ub.id = n.author "
    "WHERE n.task_id = $1 ORDER BY n.received_us, n.recv_seq", 1,
  };
  const char *values[] = { task_id };

  return limn_pg_collect_rows (txn, &stmt, values, read_annotation,
                               (GDestroyNotify)limn_server_annotation_free, error);
}

static gboolean
pg_set_annotation_author (LimnServerTxn  *txn,
                          const char     *annotation_id,
                          const char     *author,
                          GError        **error)
{
  static const LimnPgStatement stmt = {
    "set_annotation_author", "UPDATE annotations SET author = $1 WHERE id = $2", 2,
  };
  const char *values[] = { author, annotation_id };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

/* Flags, threads and notes */

#define FLAG_COLUMNS \
  "f.id, f.task_id, f.project_id, f.user_id, u.name, f.region_id, f.category, f.body, f.state, " \
  "f.created_us FROM flags f JOIN users u ON u.id = f.user_id"

static gpointer
read_flag (const PGresult *res,
           int             row)
{
  LimnServerFlag *f = g_new0 (LimnServerFlag, 1);

  f->id = limn_pg_dup (res, row, 0);
  f->task_id = limn_pg_dup (res, row, 1);
  f->project_id = limn_pg_dup (res, row, 2);
  f->user_id = limn_pg_dup (res, row, 3);
  f->user_name = limn_pg_dup (res, row, 4);
  f->region_id = limn_pg_dup (res, row, 5);
  f->category = limn_pg_dup (res, row, 6);
  f->body = limn_pg_dup (res, row, 7);
  f->state = limn_pg_dup (res, row, 8);
  f->created_us = limn_pg_int64 (res, row, 9);
  return f;
}

static gboolean
pg_get_flag (LimnServerTxn    *txn,
             const char       *flag_id,
             LimnServerFlag  **flag,
             GError          **error)
{
  static const LimnPgStatement stmt = {
    "get_flag", "SELECT " FLAG_COLUMNS " WHERE f.id = $1", 1,
  };
  const char *values[] = { flag_id };
  g_autoptr(PGresult) res = NULL;

  *flag = NULL;
  if (!limn_pg_run (txn, &stmt, values, &res, error))
    return FALSE;
  if (PQntuples (res) > 0)
    *flag = read_flag (res, 0);

  return TRUE;
}

static GPtrArray *
pg_list_flags (LimnServerTxn  *txn,
               const char     *project_id,
               const char     *user_id,
               const char     *task_id,
               const char     *state,
               GError        **error)
{
  static const LimnPgStatement stmt = {
    "list_flags",
    "SELECT " FLAG_COLUMNS " WHERE f.project_id = $1 "
    "AND ($2::text IS NULL OR f.user_id = $2::text) "
    "AND ($3::text IS NULL OR f.task_id = $3::text) "
    "AND ($4::text IS NULL OR f.state = $4::text) ORDER BY f.received_us, f.recv_seq", 4,
  };
  const char *values[] = { project_id, user_id, task_id, state };

  return limn_pg_collect_rows (txn, &stmt, values, read_flag,
                               (GDestroyNotify)limn_server_flag_free, error);
}

static gboolean
pg_set_flag_state (LimnServerTxn  *txn,
                   const char     *flag_id,
                   const char     *state,
                   GError        **error)
{
  static const LimnPgStatement stmt = {
    "set_flag_state", "UPDATE flags SET state = $1 WHERE id = $2", 2,
  };
  const char *values[] = { state, flag_id };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

static gboolean
pg_insert_message (LimnServerTxn            *txn,
                   const LimnServerMessage  *message,
                   GError                  **error)
{
  static const LimnPgStatement stmt = {
    "insert_message",
    "INSERT INTO messages (id, thread_id, author, body, created_us, received_us) "
    "VALUES ($1, $2, $3, $4, $5, $6)", 6,
  };
  LimnPgNum n_created, n_received;
  const char *values[] = {
    message->id, message->thread_id, message->author, message->body,
    limn_pg_int64_param (&n_created, message->created_us),
    limn_pg_int64_param (&n_received, message->received_us),
  };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

static gpointer
read_message (const PGresult *res,
              int             row)
{
  LimnServerMessage *m = g_new0 (LimnServerMessage, 1);

  m->id = limn_pg_dup (res, row, 0);
  m->thread_id = limn_pg_dup (res, row, 1);
  m->author = limn_pg_dup (res, row, 2);
  m->author_name = limn_pg_dup (res, row, 3);
  m->body = limn_pg_dup (res, row, 4);
  m->created_us = limn_pg_int64 (res, row, 5);
  m->received_us = limn_pg_int64 (res, row, 6);
  return m;
}

static GPtrArray *
pg_list_messages (LimnServerTxn  *txn,
                  const char     *project_id,
                  const char     *thread_id,
                  GError        **error)
{
  static const LimnPgStatement stmt = {
    "list_messages",
    "SELECT m.id, m.thread_id, m.author, u.name, m.body, m.created_us, m.received_us "
    "FROM messages m JOIN flags f ON f.id = m.thread_id JOIN users u ON u.id = m.author "
    "WHERE f.project_id = $1 AND ($2::text IS NULL OR m.thread_id = $2::text) "
    "ORDER BY m.received_us, m.recv_seq", 2,
  };
  const char *values[] = { project_id, thread_id };

  return limn_pg_collect_rows (txn, &stmt, values, read_message,
                               (GDestroyNotify)limn_server_message_free, error);
}

static gboolean
pg_insert_note (LimnServerTxn         *txn,
                const LimnServerNote  *note,
                GError               **error)
{
  static const LimnPgStatement stmt = {
    "insert_note",
    "INSERT INTO notes (id, project_id, annotator, author, body, created_us) "
    "VALUES ($1, $2, $3, $4, $5, $6)", 6,
  };
  LimnPgNum n_created;
  const char *values[] = {
    note->id, note->project_id, note->annotator, note->author, note->body,
    limn_pg_int64_param (&n_created, note->created_us),
  };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

/* Guideline acknowledgements and the audit sample */

static gboolean
pg_insert_guideline_ack (LimnServerTxn  *txn,
                         const char     *project_id,
                         const char     *user_id,
                         gint64          version,
                         gint64          now_us,
                         gboolean       *inserted,
                         GError        **error)
{
  static const LimnPgStatement stmt = {
    "insert_guideline_ack",
    "INSERT INTO guideline_acks (project_id, user_id, version, acked_us) "
    "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1", 4,
  };
  LimnPgNum n_version, n_now;
  const char *values[] = {
    project_id, user_id,
    limn_pg_int64_param (&n_version, version),
    limn_pg_int64_param (&n_now, now_us),
  };
  g_autoptr(PGresult) res = NULL;

  if (!limn_pg_run (txn, &stmt, values, &res, error))
    return FALSE;

  *inserted = PQntuples (res) > 0;
  return TRUE;
}

static gboolean
pg_get_audit_stratum (LimnServerTxn  *txn,
                      const char     *project_id,
                      const char     *stratum,
                      gint64         *seen,
                      gint64         *sampled,
                      GError        **error)
{
  static const LimnPgStatement stmt = {
    "get_audit_stratum",
    "SELECT seen, sampled FROM audit_strata WHERE project_id = $1 AND stratum = $2", 2,
  };
  const char *values[] = { project_id, stratum };
  g_autoptr(PGresult) res = NULL;

  *seen = *sampled = 0;
  if (!limn_pg_run (txn, &stmt, values, &res, error))
    return FALSE;
  if (PQntuples (res) > 0)
    {
      *seen = limn_pg_int64 (res, 0, 0);
      *sampled = limn_pg_int64 (res, 0, 1);
    }

  return TRUE;
}

static gboolean
pg_set_audit_stratum (LimnServerTxn  *txn,
                      const char     *project_id,
                      const char     *stratum,
                      gint64          seen,
                      gint64          sampled,
                      GError        **error)
{
  static const LimnPgStatement stmt = {
    "set_audit_stratum",
    "INSERT INTO audit_strata (project_id, stratum, seen, sampled) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (project_id, stratum) "
    "DO UPDATE SET seen = excluded.seen, sampled = excluded.sampled", 4,
  };
  LimnPgNum n_seen, n_sampled;
  const char *values[] = {
    project_id, stratum,
    limn_pg_int64_param (&n_seen, seen),
    limn_pg_int64_param (&n_sampled, sampled),
  };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

void
limn_server_pg_review_init (LimnServerBackendInterface *iface)
{
  iface->list_project_members = pg_list_project_members;
  iface->get_reviewer_level = pg_get_reviewer_level;
  iface->set_reviewer_level = pg_set_reviewer_level;
  iface->task_review_items = pg_task_review_items;
  iface->get_review_item = pg_get_review_item;
  iface->list_review_items = pg_list_review_items;
  iface->insert_review_item = pg_insert_review_item;
  iface->update_review_item = pg_update_review_item;
  iface->insert_review = pg_insert_review;
  iface->list_task_reviews = pg_list_task_reviews;
  iface->list_task_annotations = pg_list_task_annotations;
  iface->set_annotation_author = pg_set_annotation_author;
  iface->get_flag = pg_get_flag;
  iface->list_flags = pg_list_flags;
  iface->set_flag_state = pg_set_flag_state;
  iface->insert_message = pg_insert_message;
  iface->list_messages = pg_list_messages;
  iface->insert_note = pg_insert_note;
  iface->insert_guideline_ack = pg_insert_guideline_ack;
  iface->get_audit_stratum = pg_get_audit_stratum;
  iface->set_audit_stratum = pg_set_audit_stratum;
}
