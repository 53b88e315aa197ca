/* limn-server-backend-sqlite-items.c
 *
 * Storage calls on what annotators send (events, annotations, flags, each
 * keyed by its client-made id), the stored answers of batches, the changes
 * feed and the audit log. Events and the audit log are append-only by
 * trigger.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "limn-server-backend-sqlite-private.h"

static gboolean
sqlite_lookup_item_owner (LimnServerTxn      *txn,
                          LimnBatchItemKind   kind,
                          const char         *item_id,
                          char              **user_id,
                          GError            **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  *user_id = NULL;
  switch (kind)
    {
    case LIMN_BATCH_ITEM_EVENT:
      stmt = limn_sqlite_prepare (sql, "SELECT user_id FROM events WHERE id = ?", error);
      break;
    case LIMN_BATCH_ITEM_ANNOTATION:
      stmt = limn_sqlite_prepare (sql, "SELECT annotator FROM annotations WHERE id = ?", error);
      break;
    case LIMN_BATCH_ITEM_REVIEW:
      stmt = limn_sqlite_prepare (sql, "SELECT reviewer FROM reviews WHERE id = ?", error);
      break;
    case LIMN_BATCH_ITEM_MESSAGE:
      stmt = limn_sqlite_prepare (sql, "SELECT author FROM messages WHERE id = ?", error);
      break;
    case LIMN_BATCH_ITEM_NOTE:
      stmt = limn_sqlite_prepare (sql, "SELECT author FROM notes WHERE id = ?", error);
      break;
    case LIMN_BATCH_ITEM_ACK:
      /* Acks are kept by user and version, not by id. */
      return TRUE;
    case LIMN_BATCH_ITEM_FLAG:
    default:
      stmt = limn_sqlite_prepare (sql, "SELECT user_id FROM flags WHERE id = ?", error);
      break;
    }
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, item_id);

  return limn_server_sqlite_query_text (sql, stmt, user_id, error);
}

/* Events are most of the traffic: the statement is kept on the transaction
 * for the batch, and the item's strings are bound without a copy. */
static gboolean
sqlite_insert_event (LimnServerTxn        *txn,
                     const LimnBatchItem  *item,
                     const char           *user_id,
                     gint64                now_us,
                     gboolean             *inserted,
                     GError              **error)
{
  LimnSqliteTxn *self = (LimnSqliteTxn *)txn;
  LimnSqlite *sql = self->conn->sql;
  sqlite3_stmt *stmt;
  int rc;

  if (self->insert_event == NULL)
    {
      self->insert_event = limn_sqlite_prepare (sql,
                                                "INSERT INTO events (id, user_id, project_id, task_id, "
                                                "session_id, type, wall_us, mono_us, payload, "
                                                "received_us) "
                                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                                "ON CONFLICT (id) DO NOTHING", error);
      if (self->insert_event == NULL)
        return FALSE;
    }
  stmt = self->insert_event;

  limn_server_sqlite_bind_static (stmt, 1, item->id);
  limn_server_sqlite_bind_static (stmt, 2, user_id);
  limn_server_sqlite_bind_static (stmt, 3, item->project_id);
  limn_server_sqlite_bind_static (stmt, 4, item->task_id);
  limn_server_sqlite_bind_static (stmt, 5, item->session_id);
  limn_server_sqlite_bind_static (stmt, 6, item->type);
  sqlite3_bind_int64 (stmt, 7, item->wall_us);
  sqlite3_bind_int64 (stmt, 8, item->mono_us);
  limn_server_sqlite_bind_static (stmt, 9, item->payload ? item->payload : "{}");
  sqlite3_bind_int64 (stmt, 10, now_us);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return limn_sqlite_set_error (sql, rc, error);

  *inserted = sqlite3_changes (limn_sqlite_get_db (sql)) != 0;
  return TRUE;
}

static GHashTable *
sqlite_count_user_events (LimnServerTxn  *txn,
                          const char     *project_id,
                          const char     *type,
                          GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt;
  gboolean has_row = TRUE, ok = TRUE;

  /* A scan of the project's events (events_by_project): an admin's
   * report, not a route. */
  stmt = limn_sqlite_prepare (sql,
                              "SELECT user_id, count (*) FROM events "
                              "WHERE project_id = ? AND type = ? GROUP BY user_id", error);
  if (stmt == NULL)
    return NULL;
  limn_sqlite_bind_text (stmt, 1, project_id);
  limn_sqlite_bind_text (stmt, 2, type);

  while ((ok = limn_sqlite_step_row (sql, stmt, &has_row, error)) && has_row)
    {
      gint64 *n = g_new (gint64, 1);

      *n = sqlite3_column_int64 (stmt, 1);
      g_hash_table_insert (counts, limn_sqlite_column_dup (stmt, 0), n);
    }
  sqlite3_reset (stmt);

  return ok ? g_steal_pointer (&counts) : NULL;
}

static gboolean
sqlite_insert_annotation (LimnServerTxn          *txn,
                          const LimnBatchItem    *item,
                          const char             *user_id,
                          const LimnServerLease  *lease,
                          const char             *conflict_reason,
                          gint64                  now_us,
                          GError                **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "INSERT INTO annotations (id, task_id, project_id, annotator, "
                              "assignment_id, revision, parent_id, guideline_version, state, "
                              "conflict_reason, confidence, active_ms, wall_ms, created_us, "
                              "submitted_us, received_us, regions, region_count, "
                              "rejected_suggestions, region_labels, model_regions) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                              "?15, ?16, ?17, ?18, ?19, "
                              /* The team dashboard's summary (schema migration 6). */
                              "coalesce ((SELECT group_concat (json_extract (r.value, '$.label'), "
                              "',') FROM json_each (?17) r), '')"
                              ", (SELECT count (*) FROM json_each (?17) r "
                              "WHERE json_extract (r.value, '$.source') = 'model'))", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, item->id);
  limn_sqlite_bind_text (stmt, 2, item->task_id);
  limn_sqlite_bind_text (stmt, 3, lease->project_id);
  limn_sqlite_bind_text (stmt, 4, user_id);
  limn_sqlite_bind_text (stmt, 5, lease->id);
  sqlite3_bind_int64 (stmt, 6, item->revision);
  limn_sqlite_bind_text (stmt, 7, item->parent_id);
  if (item->guideline_version >= 0)
    sqlite3_bind_int64 (stmt, 8, item->guideline_version);
  limn_sqlite_bind_text (stmt, 9, conflict_reason == NULL ? "submitted" : "conflicted");
  limn_sqlite_bind_text (stmt, 10, conflict_reason);
  if (item->confidence >= 0)
    sqlite3_bind_double (stmt, 11, item->confidence);
  sqlite3_bind_int64 (stmt, 12, item->active_ms);
  sqlite3_bind_int64 (stmt, 13, item->wall_ms);
  sqlite3_bind_int64 (stmt, 14, item->created_us);
  sqlite3_bind_int64 (stmt, 15, item->submitted_us);
  sqlite3_bind_int64 (stmt, 16, now_us);
  limn_sqlite_bind_text (stmt, 17, item->regions ? item->regions : "[]");
  sqlite3_bind_int64 (stmt, 18, item->region_count);
  limn_sqlite_bind_text (stmt, 19, item->rejected_suggestions ? item->rejected_suggestions : "[]");

  return limn_sqlite_step_done (sql, stmt, error);
}

static gboolean
sqlite_insert_flag (LimnServerTxn        *txn,
                    const LimnBatchItem  *item,
                    const char           *user_id,
                    const char           *project_id,
                    gint64                now_us,
                    GError              **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "INSERT INTO flags (id, task_id, project_id, user_id, region_id, "
                              "category, body, created_us, received_us) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, item->id);
  limn_sqlite_bind_text (stmt, 2, item->task_id);
  limn_sqlite_bind_text (stmt, 3, project_id);
  limn_sqlite_bind_text (stmt, 4, user_id);
  limn_sqlite_bind_text (stmt, 5, item->region_id);
  limn_sqlite_bind_text (stmt, 6, item->category);
  limn_sqlite_bind_text (stmt, 7, item->body);
  sqlite3_bind_int64 (stmt, 8, item->created_us);
  sqlite3_bind_int64 (stmt, 9, now_us);

  return limn_sqlite_step_done (sql, stmt, error);
}

/* Stored answers */

static gboolean
sqlite_lookup_answer (LimnServerTxn           *txn,
                      const char              *user_id,
                      const char              *key,
                      LimnServerStoredAnswer **answer,
                      GError                 **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  LimnServerStoredAnswer *a;
  sqlite3_stmt *stmt;
  gboolean has_row;

  *answer = NULL;
  stmt = limn_sqlite_prepare (sql,
                              "SELECT request_sha256, status, body, token_id FROM idempotency "
                              "WHERE user_id = ? AND key = ?", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, user_id);
  limn_sqlite_bind_text (stmt, 2, key);
  if (!limn_sqlite_step_row (sql, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      sqlite3_reset (stmt);
      return TRUE;
    }

  a = g_new0 (LimnServerStoredAnswer, 1);
  a->request_sha256 = limn_sqlite_column_dup (stmt, 0);
  a->status = sqlite3_column_int (stmt, 1);
  a->body = g_bytes_new (sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2));
  a->token_id = limn_sqlite_column_dup (stmt, 3);
  sqlite3_reset (stmt);

  *answer = a;
  return TRUE;
}

static gboolean
sqlite_insert_answer (LimnServerTxn                 *txn,
                      const char                    *user_id,
                      const char                    *key,
                      const LimnServerStoredAnswer  *answer,
                      gint64                         now_us,
                      GError                       **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "INSERT INTO idempotency (user_id, key, request_sha256, status, body, "
                              "created_us, token_id) VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, user_id);
  limn_sqlite_bind_text (stmt, 2, key);
  limn_sqlite_bind_text (stmt, 3, answer->request_sha256);
  sqlite3_bind_int (stmt, 4, answer->status);
  sqlite3_bind_blob64 (stmt, 5, g_bytes_get_data (answer->body, NULL),
                       g_bytes_get_size (answer->body), SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, now_us);
  limn_sqlite_bind_text (stmt, 7, answer->token_id);

  return limn_sqlite_step_done (sql, stmt, error);
}

static gboolean
sqlite_delete_answer (LimnServerTxn  *txn,
                      const char     *user_id,
                      const char     *key,
                      GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql, "DELETE FROM idempotency WHERE user_id = ? AND key = ?", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, user_id);
  limn_sqlite_bind_text (stmt, 2, key);
  return limn_sqlite_step_done (sql, stmt, error);
}

static gboolean
sqlite_forget_answers (LimnServerTxn  *txn,
                       gint64          before_us,
                       guint          *n_deleted,
                       GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  *n_deleted = 0;
  stmt = limn_sqlite_prepare (sql, "DELETE FROM idempotency WHERE created_us < ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, before_us);
  if (!limn_sqlite_step_done (sql, stmt, error))
    return FALSE;
  *n_deleted = (guint)sqlite3_changes (limn_sqlite_get_db (sql));
  return TRUE;
}

/* Changes and audit */

static gboolean
sqlite_insert_change (LimnServerTxn  *txn,
                      const char     *recipient,
                      const char     *project_id,
                      const char     *kind,
                      const char     *data_json,
                      gint64          now_us,
                      GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "INSERT INTO changes (recipient, project_id, kind, data, created_us, "
                              "recipient_seq) VALUES (?1, ?2, ?3, ?4, ?5, "
                              "(SELECT coalesce (max (recipient_seq), 0) + 1 FROM changes "
                              "WHERE recipient = ?1))", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, recipient);
  limn_sqlite_bind_text (stmt, 2, project_id);
  limn_sqlite_bind_text (stmt, 3, kind);
  limn_sqlite_bind_text (stmt, 4, data_json);
  sqlite3_bind_int64 (stmt, 5, now_us);

  return limn_sqlite_step_done (sql, stmt, error);
}

static gpointer
read_change (sqlite3_stmt *stmt)
{
  LimnServerChange *change = g_new0 (LimnServerChange, 1);

  change->seq = sqlite3_column_int64 (stmt, 0);
  change->kind = limn_sqlite_column_dup (stmt, 1);
  change->data = limn_sqlite_column_dup (stmt, 2);
  return change;
}

static GPtrArray *
sqlite_list_changes (LimnServerTxn  *txn,
                     const char     *recipient,
                     const char     *project_id,
                     gint64          since,
                     guint           limit,
                     GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT recipient_seq, kind, data FROM changes "
                              "WHERE recipient = ?1 AND recipient_seq > ?2 "
                              "AND (?3 IS NULL OR project_id IS NULL OR project_id = ?3) "
                              "ORDER BY recipient_seq LIMIT ?4", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, recipient);
  sqlite3_bind_int64 (stmt, 2, since);
  limn_sqlite_bind_text (stmt, 3, project_id);
  sqlite3_bind_int64 (stmt, 4, limit);

  return limn_server_sqlite_collect_rows (sql, stmt, read_change,
                                         (GDestroyNotify)limn_server_change_free, error);
}

static gboolean
sqlite_recipient_position (LimnServerTxn  *txn,
                           const char     *recipient,
                           gint64          global_seq,
                           gint64         *position,
                           GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;
  gboolean has_row;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT coalesce (max (recipient_seq), 0) FROM changes "
                              "WHERE recipient = ? AND seq <= ?", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, recipient);
  sqlite3_bind_int64 (stmt, 2, global_seq);
  if (!limn_sqlite_step_row (sql, stmt, &has_row, error))
    return FALSE;
  *position = has_row ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
sqlite_insert_audit (LimnServerTxn  *txn,
                     const char     *user_id,
                     const char     *token_id,
                     const char     *action,
                     const char     *detail_json,
                     gint64          time_us,
                     GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "INSERT INTO audit_log (time_us, user_id, token_id, action, detail) "
                              "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, time_us);
  limn_sqlite_bind_text (stmt, 2, user_id);
  limn_sqlite_bind_text (stmt, 3, token_id);
  limn_sqlite_bind_text (stmt, 4, action);
  limn_sqlite_bind_text (stmt, 5, detail_json);

  return limn_sqlite_step_done (sql, stmt, error);
}

void
limn_server_sqlite_items_init (LimnServerBackendInterface *iface)
{
  iface->lookup_item_owner = sqlite_lookup_item_owner;
  iface->insert_event = sqlite_insert_event;
  iface->count_user_events = sqlite_count_user_events;
  iface->insert_annotation = sqlite_insert_annotation;
  iface->insert_flag = sqlite_insert_flag;
  iface->lookup_answer = sqlite_lookup_answer;
  iface->insert_answer = sqlite_insert_answer;
  iface->delete_answer = sqlite_delete_answer;
  iface->forget_answers = sqlite_forget_answers;
  iface->recipient_position = sqlite_recipient_position;
  iface->insert_change = sqlite_insert_change;
  iface->list_changes = sqlite_list_changes;
  iface->insert_audit = sqlite_insert_audit;
}
