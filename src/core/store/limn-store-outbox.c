/* limn-store-outbox.c
 *
 * The outbox: what the server must learn, queued with the change itself,
 * sent in batches with a fixed identity, and acked with the server's
 * answer. See docs/sync.md for the protocol's shape; the rules that keep
 * it exactly-once live here:
 *
 * - an item enters the outbox in the transaction of the change itself;
 * - a batch gets its key and its rows in one transaction before it is sent,
 *   and is re-sent with the same key and the same bytes until answered
 *   (events and queued items are immutable, so the body is rebuilt from
 *   them and checked against the SHA-256 recorded when it was made);
 * - rows are acked only in the transaction that stores the server's
 *   per-item answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-store"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "limn-store-private.h"
#include "limn-store-outbox.h"

void
limn_outbox_batch_free (LimnOutboxBatch *batch)
{
  if (batch == NULL)
    return;

  g_free (batch->key);
  g_clear_pointer (&batch->body, g_bytes_unref);
  g_clear_pointer (&batch->item_ids, g_ptr_array_unref);
  g_clear_pointer (&batch->kinds, g_ptr_array_unref);
  g_free (batch);
}

/* Queuing */

/* The caller (limn_store_append_events) has checked the project is remote. */
gboolean
limn_store_outbox_add_event (LimnStore        *self,
                             const LimnEvent  *event,
                             GError          **error)
{
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (self->sql,
                              "INSERT INTO outbox (kind, item_id, project_id, event_seq, created_us) "
                              "VALUES ('event', ?, ?, ?, ?)",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, event->id);
  limn_sqlite_bind_text (stmt, 2, event->project_id);
  sqlite3_bind_int64 (stmt, 3, event->seq);
  sqlite3_bind_int64 (stmt, 4, event->wall_us);

  return limn_sqlite_step_done (self->sql, stmt, error);
}

static char *
task_project (LimnStore  *self,
              const char *task_id)
{
  sqlite3_stmt *stmt = limn_sqlite_prepare (self->sql, "SELECT project_id FROM tasks WHERE id = ?",
                                            NULL);
  char *project_id = NULL;

  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, task_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    project_id = limn_sqlite_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  return project_id;
}

gboolean
limn_store_outbox_queue_item (LimnStore   *self,
                              const char  *kind,
                              const char  *item_id,
                              const char  *project_id,
                              const char  *payload,
                              GError     **error)
{
  sqlite3_stmt *stmt;

  /* The first copy of an item stands: its bytes may already be in a batch. */
  stmt = limn_sqlite_prepare (self->sql,
                              "INSERT INTO outbox (kind, item_id, project_id, payload, created_us) "
                              "VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, item_id) DO NOTHING",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, kind);
  limn_sqlite_bind_text (stmt, 2, item_id);
  limn_sqlite_bind_text (stmt, 3, project_id);
  limn_sqlite_bind_text (stmt, 4, payload);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time ());

  return limn_sqlite_step_done (self->sql, stmt, error);
}

gboolean
limn_store_outbox_queue_annotation (LimnStore             *self,
                                    const LimnAnnotation  *annotation,
                                    GError               **error)
{
  g_autofree char *project_id = NULL;
  g_autofree char *payload = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  project_id = task_project (self, annotation->task_id);
  if (!limn_store_is_remote_project (self, project_id))
    return TRUE;

  payload = limn_wire_annotation_item (annotation);
  if (!limn_store_outbox_queue_item (self, "annotation", annotation->id, project_id, payload, error))
    return FALSE;

  stmt = limn_sqlite_prepare (self->sql,
                              "UPDATE annotations SET sync_status = 'pending', sync_reason = NULL "
                              "WHERE id = ?",
                              error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, annotation->id);

  return limn_sqlite_step_done (self->sql, stmt, error);
}

gboolean
limn_store_outbox_queue_flag (LimnStore       *self,
                              const LimnFlag  *flag,
                              GError         **error)
{
  g_autofree char *project_id = NULL;
  g_autofree char *payload = NULL;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  project_id = task_project (self, flag->task_id);
  if (!limn_store_is_remote_project (self, project_id))
    return TRUE;

  payload = limn_wire_flag_item (flag);

  return limn_store_outbox_queue_item (self, "flag", flag->id, project_id, payload, error);
}

/* Batches */

#define BATCH_COLUMNS \
  "o.seq, o.kind, o.item_id, o.payload, e.id, e.session_id, e.project_id, e.task_id, e.type, " \
  "e.wall_us, e.mono_us, e.payload "

#define PENDING_FOR_ACCOUNT \
  "FROM outbox o JOIN projects p ON p.id = o.project_id " \
  "WHERE o.acked_us IS NULL AND p.server_url = ?1 AND (?2 IS NULL OR o.project_id = ?2) "
/* The same rows, with one more table in the FROM clause. */
#define PENDING_FOR_ACCOUNT_JOINING(table) \
  "FROM outbox o JOIN projects p ON p.id = o.project_id, " table " " \
  "WHERE o.acked_us IS NULL AND p.server_url = ?1 AND (?2 IS NULL OR o.project_id = ?2) "

/* Appends the row's item; FALSE when the row cannot make one (its event is
 * gone, or it has no payload), which no Limn code can cause. */
static gboolean
append_item (GString      *out,
             sqlite3_stmt *stmt)
{
  const char *kind = (const char *)sqlite3_column_text (stmt, 1);

  if (g_strcmp0 (kind, "event") == 0)
    {
      if (sqlite3_column_type (stmt, 4) == SQLITE_NULL)
        return FALSE;

      limn_wire_append_event (out,
                              (const char *)sqlite3_column_text (stmt, 4),
                              (const char *)sqlite3_column_text (stmt, 5),
                              (const char *)sqlite3_column_text (stmt, 6),
                              (const char *)sqlite3_column_text (stmt, 7),
                              (const char *)sqlite3_column_text (stmt, 8),
                              sqlite3_column_int64 (stmt, 9),
                              sqlite3_column_int64 (stmt, 10),
                              (const char *)sqlite3_column_text (stmt, 11));
      return TRUE;
    }

  if (sqlite3_column_type (stmt, 3) == SQLITE_NULL)
    return FALSE;

  g_string_append (out, (const char *)sqlite3_column_text (stmt, 3));
  return TRUE;
}

static LimnOutboxBatch *
batch_new (const char *key)
{
  LimnOutboxBatch *batch = g_new0 (LimnOutboxBatch, 1);

  batch->key = g_strdup (key);
  batch->item_ids = g_ptr_array_new_with_free_func (g_free);
  batch->kinds = g_ptr_array_new_with_free_func (g_free);

  return batch;
}

static gboolean
exec_bound_key (LimnStore   *self,
                const char  *sql,
                const char  *a,
                const char  *b,
                GError     **error)
{
  sqlite3_stmt *stmt = limn_sqlite_prepare (self->sql, sql, error);

  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, a);
  limn_sqlite_bind_text (stmt, 2, b);

  return limn_sqlite_step_done (self->sql, stmt, error);
}

/* An open batch, rebuilt from its rows. A body that no longer hashes the
 * same (only an upgrade that changed the item format could do that) gets
 * a new key: the server then dedups the items by id instead. */
static LimnOutboxBatch *
rebuild_batch (LimnStore    *self,
               const char   *key,
               gint64        n_items,
               const char   *sha256,
               gint64        sent_count,
               GError      **error)
{
  g_autoptr(LimnOutboxBatch) batch = batch_new (key);
  g_autoptr(GString) body = g_string_sized_new (4096);
  g_autofree char *digest = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT " BATCH_COLUMNS "FROM outbox o LEFT JOIN events e ON e.seq = o.event_seq "
                              "WHERE o.batch_key = ?1 AND o.acked_us IS NULL ORDER BY o.seq",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, key);
  g_string_append (body, "{\"items\":[");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (batch->item_ids->len > 0)
        g_string_append_c (body, ',');
      if (!append_item (body, stmt))
        {
          sqlite3_reset (stmt);
          g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_CORRUPT,
                       _("An item queued for the server is missing from the database."));
          return NULL;
        }
      g_ptr_array_add (batch->item_ids, limn_sqlite_column_dup (stmt, 2));
      g_ptr_array_add (batch->kinds, limn_sqlite_column_dup (stmt, 1));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      limn_sqlite_set_error (self->sql, rc, error);
      return NULL;
    }

  g_string_append (body, "]}");
  digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)body->str, body->len);

  if (batch->item_ids->len == 0)
    {
      /* Nothing left in it (acked meanwhile): close it. */
      stmt = limn_sqlite_prepare (self->sql, "UPDATE outbox_batches SET acked_us = ?2 WHERE key = ?1",
                              error);
      if (stmt == NULL)
        return NULL;
      limn_sqlite_bind_text (stmt, 1, key);
      sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
      limn_sqlite_step_done (self->sql, stmt, error);
      return NULL;
    }

  if ((gint64)batch->item_ids->len != n_items || g_strcmp0 (digest, sha256) != 0)
    {
      g_autofree char *new_key = g_uuid_string_random ();

      g_warning ("Batch %s rebuilds differently (%u items, was %" PRId64 "); "
                 "sending it as %s", key, batch->item_ids->len, n_items, new_key);

      stmt = limn_sqlite_prepare (self->sql,
                                  "UPDATE outbox_batches SET key = ?2, n_items = ?3, body_sha256 = ?4, "
                                  "  sent_count = 0 WHERE key = ?1",
                                  error);
      if (stmt == NULL)
        return NULL;
      limn_sqlite_bind_text (stmt, 1, key);
      limn_sqlite_bind_text (stmt, 2, new_key);
      sqlite3_bind_int64 (stmt, 3, batch->item_ids->len);
      limn_sqlite_bind_text (stmt, 4, digest);
      if (!limn_sqlite_step_done (self->sql, stmt, error) ||
          !exec_bound_key (self,
                           "UPDATE outbox SET batch_key = ?2 WHERE batch_key = ?1 AND acked_us IS NULL",
                           key, new_key, error))
        return NULL;

      g_free (batch->key);
      batch->key = g_steal_pointer (&new_key);
      sent_count = 0;
    }

  stmt = limn_sqlite_prepare (self->sql,
                              "UPDATE outbox_batches SET sent_count = sent_count + 1 WHERE key = ?",
                              error);
  if (stmt == NULL)
    return NULL;
  limn_sqlite_bind_text (stmt, 1, batch->key);
  if (!limn_sqlite_step_done (self->sql, stmt, error))
    return NULL;

  batch->sent_before = sent_count;
  batch->body = g_string_free_to_bytes (g_steal_pointer (&body));

  return g_steal_pointer (&batch);
}

static gboolean
reject_row_locally (LimnStore   *self,
                    gint64       seq,
                    const char  *reason,
                    GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (self->sql,
                              "UPDATE outbox SET acked_us = ?2, result = 'rejected', reason = ?3 WHERE seq = ?1",
                              error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_int64 (stmt, 2, g_get_real_time ());
  limn_sqlite_bind_text (stmt, 3, reason);

  return limn_sqlite_step_done (self->sql, stmt, error);
}

/**
 * limn_store_outbox_take_batch:
 * @max_items: at most this many items (the server takes 5,000)
 * @max_bytes: stop adding items past this body size (one item always fits)
 * @skip: (nullable): keys of batches on their way already (a set)
 *
 * The account's oldest batch that was made but not answered, rebuilt
 * byte for byte; else a new batch of the oldest pending rows, keyed and
 * assigned in this transaction before anything is sent.
 *
 * Returns: (transfer full) (nullable): %NULL without an error when there is
 *   nothing to send
 */
LimnOutboxBatch *
limn_store_outbox_take_batch (LimnStore          *self,
                              const LimnAccount  *account,
                              guint               max_items,
                              gsize               max_bytes,
                              GHashTable         *skip,
                              GError            **error)
{
  g_autoptr(LimnOutboxBatch) batch = NULL;
  g_autoptr(GString) body = NULL;
  g_autoptr(GString) item = NULL;
  g_autoptr(GArray) seqs = NULL;
  g_autoptr(GArray) broken = NULL;
  g_autofree char *key = NULL;
  g_autofree char *digest = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);
  g_return_val_if_fail (account != NULL, NULL);

  /* 1. An open batch (made, not answered) goes again, unchanged, unless it
   * is on its way already. */
  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT key, n_items, body_sha256, sent_count FROM outbox_batches "
                              "WHERE account_id = ? AND acked_us IS NULL ORDER BY created_us, key",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, account->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *open_key = NULL;
      g_autofree char *sha256 = NULL;
      g_autoptr(GError) local_error = NULL;
      gint64 n_items, sent_count;

      if (skip != NULL && g_hash_table_contains (skip, sqlite3_column_text (stmt, 0)))
        continue;

      open_key = limn_sqlite_column_dup (stmt, 0);
      sha256 = limn_sqlite_column_dup (stmt, 2);
      n_items = sqlite3_column_int64 (stmt, 1);
      sent_count = sqlite3_column_int64 (stmt, 3);
      sqlite3_reset (stmt);

      batch = rebuild_batch (self, open_key, n_items, sha256, sent_count, &local_error);
      if (batch != NULL)
        return g_steal_pointer (&batch);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      /* It was empty and is closed now: make a new one. */
      rc = SQLITE_DONE;
      break;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      limn_sqlite_set_error (self->sql, rc, error);
      return NULL;
    }

  /* 2. A new batch of the oldest pending rows. */
  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT " BATCH_COLUMNS
                              "FROM outbox o JOIN projects p ON p.id = o.project_id "
                              "LEFT JOIN events e ON e.seq = o.event_seq "
                              "WHERE o.acked_us IS NULL AND o.batch_key IS NULL "
                              "  AND p.server_url = ?1 AND (?2 IS NULL OR o.project_id = ?2) "
                              "ORDER BY o.seq LIMIT ?3",
                              error);
  if (stmt == NULL)
    return NULL;

  key = g_uuid_string_random ();
  batch = batch_new (key);
  body = g_string_sized_new (64 * 1024);
  item = g_string_sized_new (1024);
  seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  broken = g_array_new (FALSE, FALSE, sizeof (gint64));

  limn_sqlite_bind_text (stmt, 1, account->server_url);
  limn_sqlite_bind_text (stmt, 2, account->project_id);
  sqlite3_bind_int64 (stmt, 3, CLAMP (max_items, 1, LIMN_WIRE_MAX_BATCH_ITEMS));

  g_string_append (body, "{\"items\":[");
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 seq = sqlite3_column_int64 (stmt, 0);

      g_string_truncate (item, 0);
      if (!append_item (item, stmt))
        {
          g_array_append_val (broken, seq);
          continue;
        }

      if (seqs->len > 0 && body->len + item->len + 3 > max_bytes)
        break;

      if (seqs->len > 0)
        g_string_append_c (body, ',');
      g_string_append_len (body, item->str, item->len);
      g_array_append_val (seqs, seq);
      g_ptr_array_add (batch->item_ids, limn_sqlite_column_dup (stmt, 2));
      g_ptr_array_add (batch->kinds, limn_sqlite_column_dup (stmt, 1));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      limn_sqlite_set_error (self->sql, rc, error);
      return NULL;
    }

  for (guint i = 0; i < broken->len; i++)
    if (!reject_row_locally (self, g_array_index (broken, gint64, i),
                             _("The item is missing from the local database."), error))
      return NULL;

  if (seqs->len == 0)
    return NULL;

  g_string_append (body, "]}");
  digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)body->str, body->len);

  stmt = limn_sqlite_prepare (self->sql,
                              "INSERT INTO outbox_batches (key, account_id, n_items, body_sha256, created_us, "
                              "  sent_count) VALUES (?, ?, ?, ?, ?, 1)",
                              error);
  if (stmt == NULL)
    return NULL;
  limn_sqlite_bind_text (stmt, 1, key);
  limn_sqlite_bind_text (stmt, 2, account->id);
  sqlite3_bind_int64 (stmt, 3, seqs->len);
  limn_sqlite_bind_text (stmt, 4, digest);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time ());
  if (!limn_sqlite_step_done (self->sql, stmt, error))
    return NULL;

  /* The rows taken are exactly the account's pending, unbatched rows from
   * the first taken to the last: the query read them in order and any it
   * could not use were refused above. One statement marks them (5,000
   * single-row updates were a third of this function); the count proves
   * it marked those and no others. */
  stmt = limn_sqlite_prepare (self->sql,
                              "UPDATE outbox SET batch_key = ?1 "
                              "WHERE seq BETWEEN ?2 AND ?3 AND acked_us IS NULL AND batch_key IS NULL "
                              "  AND project_id IN (SELECT id FROM projects WHERE server_url = ?4) "
                              "  AND (?5 IS NULL OR project_id = ?5)",
                              error);
  if (stmt == NULL)
    return NULL;
  limn_sqlite_bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, g_array_index (seqs, gint64, 0));
  sqlite3_bind_int64 (stmt, 3, g_array_index (seqs, gint64, seqs->len - 1));
  limn_sqlite_bind_text (stmt, 4, account->server_url);
  limn_sqlite_bind_text (stmt, 5, account->project_id);
  if (!limn_sqlite_step_done (self->sql, stmt, error))
    return NULL;
  if (sqlite3_changes (limn_store_get_db (self)) != (int)seqs->len)
    {
      g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_CORRUPT,
                   _("The outbox changed while a batch was made of it."));
      return NULL;
    }

  batch->body = g_string_free_to_bytes (g_steal_pointer (&body));

  return g_steal_pointer (&batch);
}

static gboolean
mark_annotation (LimnStore       *self,
                 const char      *annotation_id,
                 LimnWireStatus   status,
                 const char      *reason,
                 GError         **error)
{
  sqlite3_stmt *stmt;

  if (status == LIMN_WIRE_REJECTED)
    {
      gboolean expired = FALSE;

      /* A refusal of work on a task whose lease ended is a conflict: the
       * work is kept and shown as conflicted, not as invalid. */
      stmt = limn_sqlite_prepare (self->sql,
                                  "SELECT 1 FROM annotations n JOIN assignments a "
                                  "  ON a.task_id = n.task_id AND a.annotator = n.annotator "
                                  "WHERE n.id = ? AND a.expired_us IS NOT NULL",
                                  error);
      if (stmt == NULL)
        return FALSE;
      limn_sqlite_bind_text (stmt, 1, annotation_id);
      expired = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_reset (stmt);

      if (expired)
        status = LIMN_WIRE_CONFLICT;
    }

  switch (status)
    {
    case LIMN_WIRE_APPLIED:
    case LIMN_WIRE_DUPLICATE:
      stmt = limn_sqlite_prepare (self->sql,
                                  "UPDATE annotations SET sync_status = 'applied', sync_reason = NULL "
                                  "WHERE id = ?1 AND sync_status IS NOT 'conflict'",
                                  error);
      break;
    case LIMN_WIRE_CONFLICT:
      stmt = limn_sqlite_prepare (self->sql,
                                  "UPDATE annotations SET sync_status = 'conflict', sync_reason = ?2, "
                                  "  state = CASE WHEN state = 'submitted' THEN 'conflicted' ELSE state END "
                                  "WHERE id = ?1",
                                  error);
      break;
    case LIMN_WIRE_REJECTED:
    default:
      stmt = limn_sqlite_prepare (self->sql,
                                  "UPDATE annotations SET sync_status = 'rejected', sync_reason = ?2 "
                                  "WHERE id = ?1",
                                  error);
      break;
    }

  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, annotation_id);
  if (status != LIMN_WIRE_APPLIED && status != LIMN_WIRE_DUPLICATE)
    limn_sqlite_bind_text (stmt, 2, reason);

  return limn_sqlite_step_done (self->sql, stmt, error);
}

/* The row a review, message, note or ack item came from learns the
 * server's answer: it is shown as sent, conflicted or refused. */
static gboolean
mark_feedback (LimnStore       *self,
               const char      *kind,
               const char      *item_id,
               LimnWireStatus   status,
               const char      *reason,
               GError         **error)
{
  const char *sync_status;
  sqlite3_stmt *stmt;

  switch (status)
    {
    case LIMN_WIRE_APPLIED:
    case LIMN_WIRE_DUPLICATE:
      sync_status = "applied";
      reason = NULL;
      break;
    case LIMN_WIRE_CONFLICT:
      sync_status = "conflict";
      break;
    case LIMN_WIRE_REJECTED:
    default:
      sync_status = "rejected";
      break;
    }

  if (g_str_equal (kind, "review"))
    stmt = limn_sqlite_prepare (self->sql,
                                "UPDATE reviews SET sync_status = ?2, sync_reason = ?3 WHERE id = ?1", error);
  else if (g_str_equal (kind, "message"))
    stmt = limn_sqlite_prepare (self->sql,
                                "UPDATE messages SET sync_status = ?2, sync_reason = ?3 WHERE id = ?1", error);
  else if (g_str_equal (kind, "note"))
    stmt = limn_sqlite_prepare (self->sql,
                                "UPDATE notes SET sync_status = ?2, sync_reason = ?3 WHERE id = ?1", error);
  else if (g_str_equal (kind, "ack"))
    /* An acknowledgement refused stays unsynced; it is not asked again. */
    stmt = limn_sqlite_prepare (self->sql,
                                "UPDATE guideline_acks SET synced = (?2 = 'applied') WHERE id = ?1 AND ?3 IS ?3",
                                error);
  else
    return TRUE;

  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, item_id);
  limn_sqlite_bind_text (stmt, 2, sync_status);
  limn_sqlite_bind_text (stmt, 3, reason);

  return limn_sqlite_step_done (self->sql, stmt, error);
}

/**
 * limn_store_outbox_ack_batch:
 * @kinds: the batch's item kinds, in order
 * @results: (element-type LimnWireResult): the server's answer, one per item
 *
 * Stores the answer and acks the batch's rows, in one transaction. Acking
 * a batch already acked changes nothing.
 */
gboolean
limn_store_outbox_ack_batch (LimnStore   *self,
                             const char  *key,
                             GPtrArray   *kinds,
                             GPtrArray   *results,
                             GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 now = g_get_real_time ();
  gint64 n_items = -1, acked_us = 0;
  int rc;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);
  g_return_val_if_fail (kinds->len == results->len, FALSE);

  stmt = limn_sqlite_prepare (self->sql, "SELECT n_items, acked_us FROM outbox_batches WHERE key = ?", error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, key);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      n_items = sqlite3_column_int64 (stmt, 0);
      acked_us = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);

  if (n_items < 0)
    {
      g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND,
                   _("There is no batch “%s” in this database."), key);
      return FALSE;
    }
  if (acked_us > 0)
    return TRUE;
  if (n_items != results->len)
    {
      g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_INVALID,
                   _("The answer to batch “%s” has %u results for %" PRId64 " items."),
                   key, results->len, n_items);
      return FALSE;
    }

  if (!limn_store_begin (self, error))
    return FALSE;

  /* Most items are applied: one statement for all, then the exceptions. */
  stmt = limn_sqlite_prepare (self->sql,
                              "UPDATE outbox SET acked_us = ?2, result = 'applied' "
                              "WHERE batch_key = ?1 AND acked_us IS NULL",
                              error);
  if (stmt == NULL)
    goto fail;
  limn_sqlite_bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!limn_sqlite_step_done (self->sql, stmt, error))
    goto fail;
  if (sqlite3_changes (limn_store_get_db (self)) != n_items)
    {
      g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_INVALID,
                   _("Batch “%s” does not hold the items it was made of."), key);
      goto fail;
    }

  for (guint i = 0; i < results->len; i++)
    {
      const LimnWireResult *r = g_ptr_array_index (results, i);
      const char *kind = g_ptr_array_index (kinds, i);

      if (r->status != LIMN_WIRE_APPLIED)
        {
          stmt = limn_sqlite_prepare (self->sql,
                                      "UPDATE outbox SET result = ?3, reason = ?4 "
                                      "WHERE kind = ?1 AND item_id = ?2",
                                      error);
          if (stmt == NULL)
            goto fail;
          limn_sqlite_bind_text (stmt, 1, kind);
          limn_sqlite_bind_text (stmt, 2, r->id);
          limn_sqlite_bind_text (stmt, 3, limn_wire_status_to_string (r->status));
          limn_sqlite_bind_text (stmt, 4, r->reason);
          if (!limn_sqlite_step_done (self->sql, stmt, error))
            goto fail;
        }

      if (g_str_equal (kind, "annotation"))
        {
          if (!mark_annotation (self, r->id, r->status, r->reason, error))
            goto fail;
        }
      else if (!mark_feedback (self, kind, r->id, r->status, r->reason, error))
        goto fail;
    }

  stmt = limn_sqlite_prepare (self->sql, "UPDATE outbox_batches SET acked_us = ?2 WHERE key = ?1",
                              error);
  if (stmt == NULL)
    goto fail;
  limn_sqlite_bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!limn_sqlite_step_done (self->sql, stmt, error))
    goto fail;

  return limn_store_commit (self, error);

fail:
  limn_store_rollback (self);
  return FALSE;
}

/* The server refused the whole body and applied nothing (400, 413): the
 * rows go back to pending, to be sent in smaller batches. */
gboolean
limn_store_outbox_release_batch (LimnStore   *self,
                                 const char  *key,
                                 GError     **error)
{
  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  if (!limn_store_begin (self, error))
    return FALSE;

  if (!exec_bound_key (self, "UPDATE outbox SET batch_key = NULL WHERE batch_key = ?1 AND acked_us IS NULL",
                       key, NULL, error) ||
      !exec_bound_key (self, "DELETE FROM outbox_batches WHERE key = ?1", key, NULL, error))
    {
      limn_store_rollback (self);
      return FALSE;
    }

  return limn_store_commit (self, error);
}

/* A batch of one item the server refused whole: that item is rejected,
 * with the server's reason, and never resent. */
gboolean
limn_store_outbox_reject_batch (LimnStore   *self,
                                const char  *key,
                                const char  *reason,
                                GError     **error)
{
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) other_kinds = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  gint64 now = g_get_real_time ();
  int rc;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  if (!limn_store_begin (self, error))
    return FALSE;

  stmt = limn_sqlite_prepare (self->sql,
                              "SELECT item_id, kind FROM outbox WHERE batch_key = ?1 "
                              "  AND acked_us IS NULL AND kind != 'event'",
                              error);
  if (stmt == NULL)
    goto fail;
  limn_sqlite_bind_text (stmt, 1, key);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (g_strcmp0 ((const char *)sqlite3_column_text (stmt, 1), "annotation") == 0)
        g_ptr_array_add (annotations, limn_sqlite_column_dup (stmt, 0));
      else
        {
          g_ptr_array_add (others, limn_sqlite_column_dup (stmt, 0));
          g_ptr_array_add (other_kinds, limn_sqlite_column_dup (stmt, 1));
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      limn_sqlite_set_error (self->sql, rc, error);
      goto fail;
    }

  stmt = limn_sqlite_prepare (self->sql,
                              "UPDATE outbox SET acked_us = ?2, result = 'rejected', reason = ?3 "
                              "WHERE batch_key = ?1 AND acked_us IS NULL",
                              error);
  if (stmt == NULL)
    goto fail;
  limn_sqlite_bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, now);
  limn_sqlite_bind_text (stmt, 3, reason);
  if (!limn_sqlite_step_done (self->sql, stmt, error))
    goto fail;

  for (guint i = 0; i < annotations->len; i++)
    if (!mark_annotation (self, g_ptr_array_index (annotations, i), LIMN_WIRE_REJECTED, reason, error))
      goto fail;
  for (guint i = 0; i < others->len; i++)
    if (!mark_feedback (self, g_ptr_array_index (other_kinds, i), g_ptr_array_index (others, i),
                        LIMN_WIRE_REJECTED, reason, error))
      goto fail;

  stmt = limn_sqlite_prepare (self->sql, "UPDATE outbox_batches SET acked_us = ?2 WHERE key = ?1",
                              error);
  if (stmt == NULL)
    goto fail;
  limn_sqlite_bind_text (stmt, 1, key);
  sqlite3_bind_int64 (stmt, 2, now);
  if (!limn_sqlite_step_done (self->sql, stmt, error))
    goto fail;

  return limn_store_commit (self, error);

fail:
  limn_store_rollback (self);
  return FALSE;
}

/* 422: the server holds a different body under this key. The same rows go
 * under a new key; items already applied come back as duplicates. */
char *
limn_store_outbox_rekey_batch (LimnStore   *self,
                               const char  *key,
                               GError     **error)
{
  g_autofree char *new_key = g_uuid_string_random ();

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  if (!limn_store_begin (self, error))
    return NULL;

  if (!exec_bound_key (self, "UPDATE outbox_batches SET key = ?2, sent_count = 0 WHERE key = ?1",
                       key, new_key, error) ||
      !exec_bound_key (self, "UPDATE outbox SET batch_key = ?2 WHERE batch_key = ?1 AND acked_us IS NULL",
                       key, new_key, error))
    {
      limn_store_rollback (self);
      return NULL;
    }

  if (!limn_store_commit (self, error))
    return NULL;

  return g_steal_pointer (&new_key);
}

/* One count over an account's outbox rows: ?1 its server, ?2 its project. */
static gint64
count_for_account (LimnStore          *self,
                   const char         *sql,
                   const LimnAccount  *account,
                   GError            **error)
{
  sqlite3_stmt *stmt;
  gint64 n = -1;
  int rc;

  stmt = limn_sqlite_prepare (self->sql, sql, error);
  if (stmt == NULL)
    return -1;

  limn_sqlite_bind_text (stmt, 1, account->server_url);
  limn_sqlite_bind_text (stmt, 2, account->project_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW)
    limn_sqlite_set_error (self->sql, rc, error);

  return n;
}

gint64
limn_store_outbox_count_pending_for (LimnStore          *self,
                                     const LimnAccount  *account,
                                     GError            **error)
{
  g_return_val_if_fail (LIMN_IS_STORE (self), -1);

  return count_for_account (self, "SELECT COUNT(*) " PENDING_FOR_ACCOUNT, account, error);
}

/* What a person waits for: tasks whose submitted revision or flag is still
 * in the outbox (their events go with them and are not counted). */
gint64
limn_store_outbox_count_waiting_tasks_for (LimnStore          *self,
                                           const LimnAccount  *account,
                                           GError            **error)
{
  g_return_val_if_fail (LIMN_IS_STORE (self), -1);

  return count_for_account (self,
                            "SELECT COUNT(*) FROM ("
                            "  SELECT a.task_id " PENDING_FOR_ACCOUNT_JOINING ("annotations a")
                            "    AND o.kind = 'annotation' AND a.id = o.item_id "
                            "  UNION "
                            "  SELECT f.task_id " PENDING_FOR_ACCOUNT_JOINING ("flags f")
                            "    AND o.kind = 'flag' AND f.id = o.item_id)",
                            account, error);
}

gboolean
limn_store_get_sync_status (LimnStore   *self,
                            const char  *annotation_id,
                            char       **status,
                            char       **reason,
                            GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  stmt = limn_sqlite_prepare (self->sql, "SELECT sync_status, sync_reason FROM annotations WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, annotation_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (status != NULL)
        *status = limn_sqlite_column_dup (stmt, 0);
      if (reason != NULL)
        *reason = limn_sqlite_column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW)
    {
      g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND,
                   _("There is no annotation “%s” in this database."), annotation_id);
      return FALSE;
    }

  return TRUE;
}
