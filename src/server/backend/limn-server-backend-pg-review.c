/* limn-server-backend-pg-review.c
 *
 * PostgreSQL storage calls on review, rework and feedback
 * (docs/review.md), the same SQL meaning as
 * limn-server-backend-sqlite-review.c.
 *
 * Not written yet: every call fails with NOT_SUPPORTED and says which, so
 * a server on PostgreSQL answers a clear error instead of crashing.
 * Replace each stub by its implementation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "limn-server-backend-pg-private.h"

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
pg_task_review_items (LimnServerTxn *txn,
                      const char    *task_id,
                      GError        **error)
{
  (void)txn;
  (void)task_id;
  limn_pg_not_supported (error, "task_review_items");
  return NULL;
}

static gboolean
pg_get_review_item (LimnServerTxn        *txn,
                    const char           *item_id,
                    LimnServerReviewItem **item,
                    GError               **error)
{
  (void)txn;
  (void)item_id;
  (void)item;
  limn_pg_not_supported (error, "get_review_item");
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
pg_insert_review_item (LimnServerTxn              *txn,
                       const LimnServerReviewItem *item,
                       GError                     **error)
{
  (void)txn;
  (void)item;
  limn_pg_not_supported (error, "insert_review_item");
  return FALSE;
}

static gboolean
pg_update_review_item (LimnServerTxn              *txn,
                       const LimnServerReviewItem *item,
                       GError                     **error)
{
  (void)txn;
  (void)item;
  limn_pg_not_supported (error, "update_review_item");
  return FALSE;
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

static GPtrArray *
pg_list_task_annotations (LimnServerTxn *txn,
                          const char    *task_id,
                          GError        **error)
{
  (void)txn;
  (void)task_id;
  limn_pg_not_supported (error, "list_task_annotations");
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

static gboolean
pg_get_audit_stratum (LimnServerTxn *txn,
                      const char    *project_id,
                      const char    *stratum,
                      gint64        *seen,
                      gint64        *sampled,
                      GError        **error)
{
  (void)txn;
  (void)project_id;
  (void)stratum;
  (void)seen;
  (void)sampled;
  limn_pg_not_supported (error, "get_audit_stratum");
  return FALSE;
}

static gboolean
pg_set_audit_stratum (LimnServerTxn *txn,
                      const char    *project_id,
                      const char    *stratum,
                      gint64        seen,
                      gint64        sampled,
                      GError        **error)
{
  (void)txn;
  (void)project_id;
  (void)stratum;
  (void)seen;
  (void)sampled;
  limn_pg_not_supported (error, "set_audit_stratum");
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
