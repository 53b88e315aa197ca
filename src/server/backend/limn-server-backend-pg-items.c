/* limn-server-backend-pg-items.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "limn-server-backend-pg-private.h"

static gboolean
pg_lookup_item_owner (LimnServerTxn     *txn,
                      LimnBatchItemKind kind,
                      const char        *item_id,
                      char              **user_id,
                      GError            **error)
{
  (void)txn;
  (void)kind;
  (void)item_id;
  (void)user_id;
  limn_pg_not_supported (error, "lookup_item_owner");
  return FALSE;
}

static gboolean
pg_insert_event (LimnServerTxn       *txn,
                 const LimnBatchItem *item,
                 const char          *user_id,
                 gint64              now_us,
                 gboolean            *inserted,
                 GError              **error)
{
  (void)txn;
  (void)item;
  (void)user_id;
  (void)now_us;
  (void)inserted;
  limn_pg_not_supported (error, "insert_event");
  return FALSE;
}

static gboolean
pg_insert_annotation (LimnServerTxn         *txn,
                      const LimnBatchItem   *item,
                      const char            *user_id,
                      const LimnServerLease *lease,
                      const char            *conflict_reason,
                      gint64                now_us,
                      GError                **error)
{
  (void)txn;
  (void)item;
  (void)user_id;
  (void)lease;
  (void)conflict_reason;
  (void)now_us;
  limn_pg_not_supported (error, "insert_annotation");
  return FALSE;
}

static gboolean
pg_insert_flag (LimnServerTxn       *txn,
                const LimnBatchItem *item,
                const char          *user_id,
                const char          *project_id,
                gint64              now_us,
                GError              **error)
{
  (void)txn;
  (void)item;
  (void)user_id;
  (void)project_id;
  (void)now_us;
  limn_pg_not_supported (error, "insert_flag");
  return FALSE;
}

static gboolean
pg_lookup_answer (LimnServerTxn          *txn,
                  const char             *user_id,
                  const char             *key,
                  LimnServerStoredAnswer **answer,
                  GError                 **error)
{
  (void)txn;
  (void)user_id;
  (void)key;
  (void)answer;
  limn_pg_not_supported (error, "lookup_answer");
  return FALSE;
}

static gboolean
pg_insert_answer (LimnServerTxn                *txn,
                  const char                   *user_id,
                  const char                   *key,
                  const LimnServerStoredAnswer *answer,
                  gint64                       now_us,
                  GError                       **error)
{
  (void)txn;
  (void)user_id;
  (void)key;
  (void)answer;
  (void)now_us;
  limn_pg_not_supported (error, "insert_answer");
  return FALSE;
}

static gboolean
pg_delete_answer (LimnServerTxn *txn,
                  const char    *user_id,
                  const char    *key,
                  GError        **error)
{
  (void)txn;
  (void)user_id;
  (void)key;
  limn_pg_not_supported (error, "delete_answer");
  return FALSE;
}

static gboolean
pg_forget_answers (LimnServerTxn *txn,
                   gint64        before_us,
                   guint         *n_deleted,
                   GError        **error)
{
  (void)txn;
  (void)before_us;
  (void)n_deleted;
  limn_pg_not_supported (error, "forget_answers");
  return FALSE;
}

static gboolean
pg_recipient_position (LimnServerTxn *txn,
                       const char    *recipient,
                       gint64        global_seq,
                       gint64        *position,
                       GError        **error)
{
  (void)txn;
  (void)recipient;
  (void)global_seq;
  (void)position;
  limn_pg_not_supported (error, "recipient_position");
  return FALSE;
}

static gboolean
pg_insert_change (LimnServerTxn *txn,
                  const char    *recipient,
                  const char    *project_id,
                  const char    *kind,
                  const char    *data_json,
                  gint64        now_us,
                  GError        **error)
{
  (void)txn;
  (void)recipient;
  (void)project_id;
  (void)kind;
  (void)data_json;
  (void)now_us;
  limn_pg_not_supported (error, "insert_change");
  return FALSE;
}

static GPtrArray *
pg_list_changes (LimnServerTxn *txn,
                 const char    *recipient,
                 const char    *project_id,
                 gint64        since,
                 guint         limit,
                 GError        **error)
{
  (void)txn;
  (void)recipient;
  (void)project_id;
  (void)since;
  (void)limit;
  limn_pg_not_supported (error, "list_changes");
  return NULL;
}

static gboolean
pg_insert_audit (LimnServerTxn *txn,
                 const char    *user_id,
                 const char    *token_id,
                 const char    *action,
                 const char    *detail_json,
                 gint64        time_us,
                 GError        **error)
{
  (void)txn;
  (void)user_id;
  (void)token_id;
  (void)action;
  (void)detail_json;
  (void)time_us;
  limn_pg_not_supported (error, "insert_audit");
  return FALSE;
}

void
limn_server_pg_items_init (LimnServerBackendInterface *iface)
{
  iface->lookup_item_owner = pg_lookup_item_owner;
  iface->insert_event = pg_insert_event;
  iface->insert_annotation = pg_insert_annotation;
  iface->insert_flag = pg_insert_flag;
  iface->lookup_answer = pg_lookup_answer;
  iface->insert_answer = pg_insert_answer;
  iface->delete_answer = pg_delete_answer;
  iface->forget_answers = pg_forget_answers;
  iface->recipient_position = pg_recipient_position;
  iface->insert_change = pg_insert_change;
  iface->list_changes = pg_list_changes;
  iface->insert_audit = pg_insert_audit;
}
