/* limn-server-backend-pg-items.c
 *
 * PostgreSQL storage calls on what annotators send (events, annotations,
 * flags, each keyed by its client-made id), the stored answers of
 * batches, the changes feed and the audit log; the same SQL meaning as
 * limn-server-backend-sqlite-items.c. Events and the audit log are
 * append-only by trigger.
 *
 * A change's numbers (seq, and recipient_seq = the recipient's highest
 * + 1) are taken inside the write transaction, under the writers'
 * advisory lock: they are commit-ordered, so a cursor never passes a
 * change that commits later (docs/postgresql.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <stdlib.h>

#include "limn-server-backend-pg-private.h"

static gboolean
pg_lookup_item_owner (LimnServerTxn      *txn,
                      LimnBatchItemKind   kind,
                      const char         *item_id,
                      char              **user_id,
                      GError            **error)
{
  static const LimnPgStatement events = {
    "owner_event", "SELECT user_id FROM events WHERE id = $1", 1,
  };
  static const LimnPgStatement annotations = {
    "owner_annotation", "SELECT annotator FROM annotations WHERE id = $1", 1,
  };
  static const LimnPgStatement reviews = {
    "owner_review", "SELECT reviewer FROM reviews WHERE id = $1", 1,
  };
  static const LimnPgStatement messages = {
    "owner_message", "SELECT author FROM messages WHERE id = $1", 1,
  };
  static const LimnPgStatement notes = {
    "owner_note", "SELECT author FROM notes WHERE id = $1", 1,
  };
  static const LimnPgStatement flags = {
    "owner_flag", "SELECT user_id FROM flags WHERE id = $1", 1,
  };
  const LimnPgStatement *stmt;
  const char *values[] = { item_id };

  *user_id = NULL;
  switch (kind)
    {
    case LIMN_BATCH_ITEM_EVENT:
      stmt = &events;
      break;
    case LIMN_BATCH_ITEM_ANNOTATION:
      stmt = &annotations;
      break;
    case LIMN_BATCH_ITEM_REVIEW:
      stmt = &reviews;
      break;
    case LIMN_BATCH_ITEM_MESSAGE:
      stmt = &messages;
      break;
    case LIMN_BATCH_ITEM_NOTE:
      stmt = &notes;
      break;
    case LIMN_BATCH_ITEM_ACK:
      /* Acks are kept by user and version, not by id. */
      return TRUE;
    case LIMN_BATCH_ITEM_FLAG:
    default:
      stmt = &flags;
      break;
    }

  return limn_pg_query_text (txn, stmt, values, user_id, error);
}

static gboolean
pg_insert_event (LimnServerTxn        *txn,
                 const LimnBatchItem  *item,
                 const char           *user_id,
                 gint64                now_us,
                 gboolean             *inserted,
                 GError              **error)
{
  static const LimnPgStatement stmt = {
    "insert_event",
    "INSERT INTO events (id, user_id, project_id, task_id, session_id, type, wall_us, mono_us, "
    "payload, received_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
    "ON CONFLICT (id) DO NOTHING", 10,
  };
  LimnPgNum n[3];
  const char *values[] = {
    item->id, user_id, item->project_id, item->task_id, item->session_id, item->type,
    limn_pg_int64_param (&n[0], item->wall_us), limn_pg_int64_param (&n[1], item->mono_us),
    item->payload ? item->payload : "{}", limn_pg_int64_param (&n[2], now_us),
  };
  g_autoptr(PGresult) res = NULL;

  *inserted = FALSE;
  if (!limn_pg_run (txn, &stmt, values, &res, error))
    return FALSE;

  *inserted = g_strcmp0 (PQcmdTuples (res), "0") != 0;
  return TRUE;
}

static GHashTable *
pg_count_user_events (LimnServerTxn  *txn,
                      const char     *project_id,
                      const char     *type,
                      GError        **error)
{
  /* A scan of the project's events (events_by_project): an admin's
   * report, not a route. */
  static const LimnPgStatement stmt = {
    "count_user_events",
    "SELECT user_id, count (*) FROM events WHERE project_id = $1 AND type = $2 "
    "GROUP BY user_id", 2,
  };
  const char *values[] = { project_id, type };
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(PGresult) res = NULL;

  if (!limn_pg_run (txn, &stmt, values, &res, error))
    return NULL;

  for (int i = 0; i < PQntuples (res); i++)
    {
      gint64 *n = g_new (gint64, 1);

      *n = limn_pg_int64 (res, i, 1);
      g_hash_table_insert (counts, limn_pg_dup (res, i, 0), n);
    }

  return g_steal_pointer (&counts);
}

static gboolean
pg_insert_annotation (LimnServerTxn          *txn,
                      const LimnBatchItem    *item,
                      const char             *user_id,
                      const LimnServerLease  *lease,
                      const char             *conflict_reason,
                      gint64                  now_us,
                      GError                **error)
{
  /* $17 is the regions as sent: stored as text, read as JSON only for the
   * team dashboard's summary (SQLite schema migration 6). */
  static const LimnPgStatement stmt = {
    "insert_annotation",
    "INSERT INTO annotations (id, task_id, project_id, annotator, assignment_id, revision, "
    "parent_id, guideline_version, state, conflict_reason, confidence, active_ms, wall_ms, "
    "created_us, submitted_us, received_us, regions, region_count, rejected_suggestions, "
    "region_labels, model_regions) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, "
    "$17::text, $18, $19, "
    "coalesce ((SELECT string_agg (r.value ->> 'label', ',') "
    "           FROM jsonb_array_elements (($17::text)::jsonb) r), ''), "
    "(SELECT count (*) FROM jsonb_array_elements (($17::text)::jsonb) r "
    " WHERE r.value ->> 'source' = 'model'))", 19,
  };
  LimnPgNum n[9];
  const char *values[] = {
    item->id, item->task_id, lease->project_id, user_id, lease->id,
    limn_pg_int64_param (&n[0], item->revision),
    item->parent_id,
    item->guideline_version >= 0 ? limn_pg_int64_param (&n[1], item->guideline_version) : NULL,
    conflict_reason == NULL ? "submitted" : "conflicted",
    conflict_reason,
    item->confidence >= 0 ? limn_pg_double_param (&n[2], item->confidence) : NULL,
    limn_pg_int64_param (&n[3], item->active_ms),
    limn_pg_int64_param (&n[4], item->wall_ms),
    limn_pg_int64_param (&n[5], item->created_us),
    limn_pg_int64_param (&n[6], item->submitted_us),
    limn_pg_int64_param (&n[7], now_us),
    item->regions ? item->regions : "[]",
    limn_pg_int64_param (&n[8], item->region_count),
    item->rejected_suggestions ? item->rejected_suggestions : "[]",
  };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

static gboolean
pg_insert_flag (LimnServerTxn        *txn,
                const LimnBatchItem  *item,
                const char           *user_id,
                const char           *project_id,
                gint64                now_us,
                GError              **error)
{
  static const LimnPgStatement stmt = {
    "insert_flag",
    "INSERT INTO flags (id, task_id, project_id, user_id, region_id, category, body, "
    "created_us, received_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)", 9,
  };
  LimnPgNum n[2];
  const char *values[] = {
    item->id, item->task_id, project_id, user_id, item->region_id, item->category, item->body,
    limn_pg_int64_param (&n[0], item->created_us), limn_pg_int64_param (&n[1], now_us),
  };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

/* Stored answers */

static gboolean
pg_lookup_answer (LimnServerTxn           *txn,
                  const char              *user_id,
                  const char              *key,
                  LimnServerStoredAnswer **answer,
                  GError                 **error)
{
  static const LimnPgStatement stmt = {
    "lookup_answer",
    "SELECT request_sha256, status, body, token_id FROM idempotency "
    "WHERE user_id = $1 AND key = $2", 2,
  };
  const char *values[] = { user_id, key };
  g_autoptr(PGresult) res = NULL;
  LimnServerStoredAnswer *a;

  *answer = NULL;
  if (!limn_pg_run (txn, &stmt, values, &res, error))
    return FALSE;
  if (PQntuples (res) == 0)
    return TRUE;

  a = g_new0 (LimnServerStoredAnswer, 1);
  a->request_sha256 = limn_pg_dup (res, 0, 0);
  a->status = (int)limn_pg_int64 (res, 0, 1);
  a->body = limn_pg_bytes (res, 0, 2);
  if (a->body == NULL)
    a->body = g_bytes_new (NULL, 0);
  a->token_id = limn_pg_dup (res, 0, 3);

  *answer = a;
  return TRUE;
}

static gboolean
pg_insert_answer (LimnServerTxn                 *txn,
                  const char                    *user_id,
                  const char                    *key,
                  const LimnServerStoredAnswer  *answer,
                  gint64                         now_us,
                  GError                       **error)
{
  static const LimnPgStatement stmt = {
    "insert_answer",
    "INSERT INTO idempotency (user_id, key, request_sha256, status, body, created_us, token_id) "
    "VALUES ($1, $2, $3, $4, $5::bytea, $6, $7)", 7,
  };
  g_autofree char *body = limn_pg_bytes_param (answer->body);
  LimnPgNum n[2];
  const char *values[] = {
    user_id, key, answer->request_sha256, limn_pg_int64_param (&n[0], answer->status), body,
    limn_pg_int64_param (&n[1], now_us), answer->token_id,
  };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

static gboolean
pg_delete_answer (LimnServerTxn  *txn,
                  const char     *user_id,
                  const char     *key,
                  GError        **error)
{
  static const LimnPgStatement stmt = {
    "delete_answer", "DELETE FROM idempotency WHERE user_id = $1 AND key = $2", 2,
  };
  const char *values[] = { user_id, key };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

static gboolean
pg_forget_answers (LimnServerTxn  *txn,
                   gint64          before_us,
                   guint          *n_deleted,
                   GError        **error)
{
  static const LimnPgStatement stmt = {
    "forget_answers", "DELETE FROM idempotency WHERE created_us < $1", 1,
  };
  LimnPgNum before;
  const char *values[] = { limn_pg_int64_param (&before, before_us) };
  g_autoptr(PGresult) res = NULL;

  *n_deleted = 0;
  if (!limn_pg_run (txn, &stmt, values, &res, error))
    return FALSE;

  *n_deleted = (guint)strtoul (PQcmdTuples (res), NULL, 10);
  return TRUE;
}

/* Changes and audit */

static gboolean
pg_insert_change (LimnServerTxn  *txn,
                  const char     *recipient,
                  const char     *project_id,
                  const char     *kind,
                  const char     *data_json,
                  gint64          now_us,
                  GError        **error)
{
  static const LimnPgStatement stmt = {
    "insert_change",
    "INSERT INTO changes (recipient, project_id, kind, data, created_us, recipient_seq) "
    "VALUES ($1, $2, $3, $4, $5, "
    "(SELECT coalesce (max (recipient_seq), 0) + 1 FROM changes WHERE recipient = $1))", 5,
  };
  LimnPgNum now;
  const char *values[] = {
    recipient, project_id, kind, data_json, limn_pg_int64_param (&now, now_us),
  };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

static gpointer
read_change (const PGresult *res,
             int             row)
{
  LimnServerChange *change = g_new0 (LimnServerChange, 1);

  change->seq = limn_pg_int64 (res, row, 0);
  change->kind = limn_pg_dup (res, row, 1);
  change->data = limn_pg_dup (res, row, 2);
  return change;
}

static GPtrArray *
pg_list_changes (LimnServerTxn  *txn,
                 const char     *recipient,
                 const char     *project_id,
                 gint64          since,
                 guint           limit,
                 GError        **error)
{
  static const LimnPgStatement stmt = {
    "list_changes",
    "SELECT recipient_seq, kind, data FROM changes "
    "WHERE recipient = $1 AND recipient_seq > $2 "
    "AND ($3::text IS NULL OR project_id IS NULL OR project_id = $3) "
    "ORDER BY recipient_seq LIMIT $4", 4,
  };
  LimnPgNum n[2];
  const char *values[] = {
    recipient, limn_pg_int64_param (&n[0], since), project_id, limn_pg_int64_param (&n[1], limit),
  };

  return limn_pg_collect_rows (txn, &stmt, values, read_change,
                               (GDestroyNotify)limn_server_change_free, error);
}

static gboolean
pg_recipient_position (LimnServerTxn  *txn,
                       const char     *recipient,
                       gint64          global_seq,
                       gint64         *position,
                       GError        **error)
{
  static const LimnPgStatement stmt = {
    "recipient_position",
    "SELECT coalesce (max (recipient_seq), 0) FROM changes WHERE recipient = $1 AND seq <= $2", 2,
  };
  LimnPgNum seq;
  const char *values[] = { recipient, limn_pg_int64_param (&seq, global_seq) };

  return limn_pg_query_int64 (txn, &stmt, values, position, error);
}

static gboolean
pg_insert_audit (LimnServerTxn  *txn,
                 const char     *user_id,
                 const char     *token_id,
                 const char     *action,
                 const char     *detail_json,
                 gint64          time_us,
                 GError        **error)
{
  static const LimnPgStatement stmt = {
    "insert_audit",
    "INSERT INTO audit_log (time_us, user_id, token_id, action, detail) "
    "VALUES ($1, $2, $3, $4, $5)", 5,
  };
  LimnPgNum time;
  const char *values[] = {
    limn_pg_int64_param (&time, time_us), user_id, token_id, action, detail_json,
  };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

void
limn_server_pg_items_init (LimnServerBackendInterface *iface)
{
  iface->lookup_item_owner = pg_lookup_item_owner;
  iface->insert_event = pg_insert_event;
  iface->count_user_events = pg_count_user_events;
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
