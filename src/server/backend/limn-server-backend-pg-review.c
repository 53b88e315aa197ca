/* limn-server-backend-pg-review.c
 *
 * PostgreSQL storage calls on review, rework and feedback
 * (docs/review.md), the same SQL meaning as
 * limn-server-backend-sqlite-review.c.
 *
 * The calls a batch makes (review queue entry) are written; the others
 * fail with NOT_SUPPORTED and say which, so a server on PostgreSQL
 * answers a clear error instead of crashing. Replace each stub by its
 * implementation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <json-glib/json-glib.h>

#include "json/limn-json-writer.h"
#include "limn-server-backend-pg-private.h"

/* The calls the sync path needs (a submitted annotation enters the
 * review queue in the batch's transaction: limn-server-review-queue.c),
 * written with the core facets. */

/* A JSON array of strings, as the review items store it, to a string
 * vector; anything else in it is skipped. */
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

#define ITEM_COLUMNS \
  "i.id, i.project_id, i.task_id, i.annotation_id, i.reasons, i.min_level, i.state, i.holder, " \
  "coalesce (i.lease_expires_us, 0), i.created_us, coalesce (i.decided_us, 0), i.round"

static gpointer
read_item (const PGresult *res,
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
    "get_review_item", "SELECT " ITEM_COLUMNS " FROM review_items i WHERE i.id = $1", 1,
  };
  const char *values[] = { item_id };
  g_autoptr(PGresult) res = NULL;

  *item = NULL;
  if (!limn_pg_run (txn, &stmt, values, &res, error))
    return FALSE;
  if (PQntuples (res) > 0)
    *item = read_item (res, 0);

  return TRUE;
}

/* What insert and update store of an item, from $first on: annotation_id,
 * reasons, min_level, state, holder, lease_expires_us, decided_us. */
typedef struct
{
  char      *reasons;
  LimnPgNum  min_level;
  LimnPgNum  lease_expires;
  LimnPgNum  decided;
} ItemState;

static void
item_state_values (const LimnServerReviewItem  *item,
                   ItemState                   *state,
                   const char                 **values)
{
  state->reasons = strv_to_json (item->reasons);
  values[0] = item->annotation_id;
  values[1] = state->reasons;
  values[2] = limn_pg_int64_param (&state->min_level, item->min_level);
  values[3] = limn_server_review_state_to_string (item->state);
  values[4] = item->holder;
  values[5] = item->lease_expires_us > 0
                ? limn_pg_int64_param (&state->lease_expires, item->lease_expires_us) : NULL;
  values[6] = item->decided_us > 0 ? limn_pg_int64_param (&state->decided, item->decided_us) : NULL;
}

static gboolean
pg_insert_review_item (LimnServerTxn               *txn,
                       const LimnServerReviewItem  *item,
                       GError                     **error)
{
  static const LimnPgStatement stmt = {
    "insert_review_item",
    "INSERT INTO review_items (id, project_id, task_id, created_us, round, annotation_id, "
    "reasons, min_level, state, holder, lease_expires_us, decided_us) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)", 12,
  };
  ItemState state = { 0 };
  LimnPgNum created, round;
  const char *values[12] = {
    item->id, item->project_id, item->task_id, limn_pg_int64_param (&created, item->created_us),
    limn_pg_int64_param (&round, item->round),
  };
  gboolean ok;

  item_state_values (item, &state, values + 5);
  ok = limn_pg_run (txn, &stmt, values, NULL, error);
  g_free (state.reasons);

  return ok;
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
  ItemState state = { 0 };
  const char *values[8] = { item->id };
  gboolean ok;

  item_state_values (item, &state, values + 1);
  ok = limn_pg_run (txn, &stmt, values, NULL, error);
  g_free (state.reasons);

  return ok;
}

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
    "JOIN users ua ON ua.id = n.annotator LEFT JOIN users ub ON ub.id = n.author "
    "WHERE n.task_id = $1 ORDER BY n.received_us, n.recv_seq", 1,
  };
  const char *values[] = { task_id };

  return limn_pg_collect_rows (txn, &stmt, values, read_annotation,
                               (GDestroyNotify)limn_server_annotation_free, error);
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
  LimnPgNum n[2];
  const char *values[] = {
    project_id, stratum, limn_pg_int64_param (&n[0], seen), limn_pg_int64_param (&n[1], sampled),
  };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

/* Not written yet. */

static GPtrArray *
pg_list_project_members (LimnServerTxn *txn,
                         const char    *project_id,
                         GError        **error)
{
  (void)txn;
  (void)project_id;
  limn_pg_not_supported (error, "list_project_members");
  return NULL;
}

static gboolean
pg_get_reviewer_level (LimnServerTxn *txn,
                       const char    *project_id,
                       const char    *user_id,
                       gint64        *level,
                       GError        **error)
{
  (void)txn;
  (void)project_id;
  (void)user_id;
  (void)level;
  limn_pg_not_supported (error, "get_reviewer_level");
  return FALSE;
}

static gboolean
pg_set_reviewer_level (LimnServerTxn *txn,
                       const char    *project_id,
                       const char    *user_id,
                       gint64        level,
                       GError        **error)
{
  (void)txn;
  (void)project_id;
  (void)user_id;
  (void)level;
  limn_pg_not_supported (error, "set_reviewer_level");
  return FALSE;
}

static GPtrArray *
pg_list_review_items (LimnServerTxn *txn,
                      const char    *project_id,
                      int           state,
                      GError        **error)
{
  (void)txn;
  (void)project_id;
  (void)state;
  limn_pg_not_supported (error, "list_review_items");
  return NULL;
}

static gboolean
pg_insert_review (LimnServerTxn          *txn,
                  const LimnServerReview *review,
                  GError                 **error)
{
  (void)txn;
  (void)review;
  limn_pg_not_supported (error, "insert_review");
  return FALSE;
}

static GPtrArray *
pg_list_task_reviews (LimnServerTxn *txn,
                      const char    *task_id,
                      GError        **error)
{
  (void)txn;
  (void)task_id;
  limn_pg_not_supported (error, "list_task_reviews");
  return NULL;
}

static gboolean
pg_set_annotation_author (LimnServerTxn *txn,
                          const char    *annotation_id,
                          const char    *author,
                          GError        **error)
{
  (void)txn;
  (void)annotation_id;
  (void)author;
  limn_pg_not_supported (error, "set_annotation_author");
  return FALSE;
}

static gboolean
pg_get_flag (LimnServerTxn  *txn,
             const char     *flag_id,
             LimnServerFlag **flag,
             GError         **error)
{
  (void)txn;
  (void)flag_id;
  (void)flag;
  limn_pg_not_supported (error, "get_flag");
  return FALSE;
}

static GPtrArray *
pg_list_flags (LimnServerTxn *txn,
               const char    *project_id,
               const char    *user_id,
               const char    *task_id,
               const char    *state,
               GError        **error)
{
  (void)txn;
  (void)project_id;
  (void)user_id;
  (void)task_id;
  (void)state;
  limn_pg_not_supported (error, "list_flags");
  return NULL;
}

static gboolean
pg_set_flag_state (LimnServerTxn *txn,
                   const char    *flag_id,
                   const char    *state,
                   GError        **error)
{
  (void)txn;
  (void)flag_id;
  (void)state;
  limn_pg_not_supported (error, "set_flag_state");
  return FALSE;
}

static gboolean
pg_insert_message (LimnServerTxn           *txn,
                   const LimnServerMessage *message,
                   GError                  **error)
{
  (void)txn;
  (void)message;
  limn_pg_not_supported (error, "insert_message");
  return FALSE;
}

static GPtrArray *
pg_list_messages (LimnServerTxn *txn,
                  const char    *project_id,
                  const char    *thread_id,
                  GError        **error)
{
  (void)txn;
  (void)project_id;
  (void)thread_id;
  limn_pg_not_supported (error, "list_messages");
  return NULL;
}

static gboolean
pg_insert_note (LimnServerTxn        *txn,
                const LimnServerNote *note,
                GError               **error)
{
  (void)txn;
  (void)note;
  limn_pg_not_supported (error, "insert_note");
  return FALSE;
}

static gboolean
pg_insert_guideline_ack (LimnServerTxn *txn,
                         const char    *project_id,
                         const char    *user_id,
                         gint64        version,
                         gint64        now_us,
                         gboolean      *inserted,
                         GError        **error)
{
  (void)txn;
  (void)project_id;
  (void)user_id;
  (void)version;
  (void)now_us;
  (void)inserted;
  limn_pg_not_supported (error, "insert_guideline_ack");
  return FALSE;
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
