/* limn-server-backend-sqlite-work.c
 *
 * The annotators' side of the store: claims with leases, expiry, and
 * batches applied together with their idempotency record.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-server-backend-sqlite-private.h"

#define USEC_PER_SEC G_GINT64_CONSTANT (1000000)

/* Leases */

typedef struct
{
  char *id;
  char *task_id;
  char *project_id;
  char *annotator;
} Expiring;

static void
expiring_free (Expiring *e)
{
  g_free (e->id);
  g_free (e->task_id);
  g_free (e->project_id);
  g_free (e->annotator);
  g_free (e);
}

/* Inside a write transaction: every lease past @now_us becomes expired, its
 * task goes back to the pool, and its annotator learns of it. */
static gboolean
expire_in_transaction (LimnSqlConn  *conn,
                       gint64        now_us,
                       guint        *n_expired,
                       GError      **error)
{
  g_autoptr(GPtrArray) expiring = g_ptr_array_new_with_free_func ((GDestroyNotify)expiring_free);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (conn->sql,
                              "SELECT id, task_id, project_id, annotator FROM assignments "
                              "WHERE status = 'assigned' AND lease_expires_us <= ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now_us);
  for (;;)
    {
      Expiring *e;
      gboolean has_row;

      if (!limn_sqlite_step_row (conn->sql, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        break;

      e = g_new0 (Expiring, 1);
      e->id = limn_sqlite_column_dup (stmt, 0);
      e->task_id = limn_sqlite_column_dup (stmt, 1);
      e->project_id = limn_sqlite_column_dup (stmt, 2);
      e->annotator = limn_sqlite_column_dup (stmt, 3);
      g_ptr_array_add (expiring, e);
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < expiring->len; i++)
    {
      Expiring *e = g_ptr_array_index (expiring, i);
      g_autoptr(JsonObject) data = json_object_new ();

      stmt = limn_sqlite_prepare (conn->sql,
                                  "UPDATE assignments SET status = 'expired' WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      limn_sqlite_bind_text (stmt, 1, e->id);
      if (!limn_sqlite_step_done (conn->sql, stmt, error))
        return FALSE;

      json_object_set_string_member (data, "task_id", e->task_id);
      json_object_set_string_member (data, "assignment_id", e->id);
      if (!limn_server_sqlite_add_change (conn, e->annotator, e->project_id, "assignment_expired",
                                          data, now_us, error))
        return FALSE;
    }

  if (n_expired != NULL)
    *n_expired = expiring->len;

  return TRUE;
}

gboolean
limn_server_sqlite_expire_leases (LimnServerBackend  *backend,
                                  gint64              now_us,
                                  guint              *n_expired,
                                  GError            **error)
{
  LimnServerBackendSqlite *self = LIMN_SERVER_BACKEND_SQLITE (backend);
  g_autoptr(LimnSqlConn) conn = limn_server_sqlite_acquire (self, error);
  sqlite3_stmt *stmt;
  gint64 due;

  if (n_expired != NULL)
    *n_expired = 0;
  if (conn == NULL)
    return FALSE;

  /* The periodic sweep usually finds nothing: look before taking the
   * write lock. */
  stmt = limn_sqlite_prepare (conn->sql,
                              "SELECT EXISTS (SELECT 1 FROM assignments "
                              "WHERE status = 'assigned' AND lease_expires_us <= ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now_us);
  if (!limn_sqlite_query_int (conn->sql, stmt, &due, error))
    return FALSE;
  if (!due)
    return TRUE;

  if (!limn_server_sqlite_begin_write (conn, error) ||
      !expire_in_transaction (conn, now_us, n_expired, error))
    return FALSE;

  return limn_server_sqlite_commit (conn, error);
}

/* Claims */

static gboolean
read_settings (LimnSqlConn        *conn,
               const char         *project_id,
               LimnServerSettings *settings,
               GError            **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row;

  stmt = limn_sqlite_prepare (conn->sql,
                              "SELECT overlap, gold_rate, audit_rate, confidence_steps, lease_seconds "
                              "FROM projects WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, project_id);
  if (!limn_sqlite_step_row (conn->sql, stmt, &has_row, error))
    return FALSE;

  if (!has_row)
    {
      sqlite3_reset (stmt);
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                   _("There is no project “%s”."), project_id);
      return FALSE;
    }

  settings->overlap = sqlite3_column_int64 (stmt, 0);
  settings->gold_rate = sqlite3_column_double (stmt, 1);
  settings->audit_rate = sqlite3_column_double (stmt, 2);
  settings->confidence_steps = sqlite3_column_int64 (stmt, 3);
  settings->lease_seconds = sqlite3_column_int64 (stmt, 4);
  sqlite3_reset (stmt);

  return TRUE;
}

static gboolean
collect_ids (LimnSqlConn   *conn,
             sqlite3_stmt  *stmt,
             GPtrArray     *out,
             GError       **error)
{
  for (;;)
    {
      gboolean has_row;

      if (!limn_sqlite_step_row (conn->sql, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        break;
      g_ptr_array_add (out, limn_sqlite_column_dup (stmt, 0));
    }
  sqlite3_reset (stmt);

  return TRUE;
}

static LimnServerTask *
load_task (LimnSqlConn  *conn,
           const char   *task_id,
           GError      **error)
{
  sqlite3_stmt *stmt;
  LimnServerTask *task = NULL;
  gboolean has_row;

  stmt = limn_sqlite_prepare (conn->sql,
                              "SELECT " LIMN_SERVER_SQLITE_TASK_COLUMNS " "
                              "FROM tasks t WHERE t.id = ?",
                              error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, task_id);
  if (!limn_sqlite_step_row (conn->sql, stmt, &has_row, error))
    return NULL;
  if (has_row)
    task = limn_server_sqlite_read_task (stmt, 0);
  sqlite3_reset (stmt);

  if (task == NULL)
    g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                 _("There is no task “%s”."), task_id);

  return task;
}

GPtrArray *
limn_server_sqlite_claim (LimnServerBackend          *backend,
                          const LimnServerPrincipal  *principal,
                          const char                 *project_id,
                          guint                       count,
                          gint64                      now_us,
                          GError                    **error)
{
  LimnServerBackendSqlite *self = LIMN_SERVER_BACKEND_SQLITE (backend);
  g_autoptr(LimnSqlConn) conn = limn_server_sqlite_acquire (self, error);
  g_autoptr(GPtrArray) result = NULL;
  g_autoptr(JsonObject) detail = json_object_new ();
  g_autoptr(GPtrArray) normal = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) gold = g_ptr_array_new_with_free_func (g_free);
  guint next_normal = 0, next_gold = 0;
  LimnServerSettings settings;
  sqlite3_stmt *stmt;
  guint held, granted = 0;
  gint64 lease_us;

  if (conn == NULL || !limn_server_sqlite_begin_write (conn, error))
    return NULL;

  if (!read_settings (conn, project_id, &settings, error) ||
      !expire_in_transaction (conn, now_us, NULL, error))
    return NULL;

  result = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_assignment_free);

  /* Leases already held come first, oldest first. */
  stmt = limn_sqlite_prepare (conn->sql,
                              "SELECT a.id, a.lease_expires_us, "
                              LIMN_SERVER_SQLITE_TASK_COLUMNS " "
                              "FROM assignments a JOIN tasks t ON t.id = a.task_id "
                              "WHERE a.annotator = ? AND a.project_id = ? AND a.status = 'assigned' "
                              "ORDER BY a.assigned_us, a.rowid", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, principal->user_id);
  limn_sqlite_bind_text (stmt, 2, project_id);
  for (;;)
    {
      LimnServerAssignment *a;
      gboolean has_row;

      if (!limn_sqlite_step_row (conn->sql, stmt, &has_row, error))
        return NULL;
      if (!has_row)
        break;

      a = g_new0 (LimnServerAssignment, 1);
      a->id = limn_sqlite_column_dup (stmt, 0);
      a->lease_expires_us = sqlite3_column_int64 (stmt, 1);
      a->task = limn_server_sqlite_read_task (stmt, 2);
      g_ptr_array_add (result, a);
    }
  sqlite3_reset (stmt);
  held = result->len;

  if (held < count)
    {
      guint need = count - held;

      /* Candidates: never a task this annotator had (whatever became of
       * it); ordinary tasks only while fewer than `overlap` annotators hold
       * or submitted them; gold tasks regardless of overlap, since every
       * annotator is measured on them. */
      stmt = limn_sqlite_prepare (conn->sql,
                                  "SELECT t.id FROM tasks t "
                                  "WHERE t.project_id = ?1 AND t.is_gold = 0 "
                                  "AND NOT EXISTS (SELECT 1 FROM assignments a "
                                  "                WHERE a.task_id = t.id AND a.annotator = ?2) "
                                  "AND (SELECT count(*) FROM assignments a WHERE a.task_id = t.id "
                                  "     AND a.status IN ('assigned', 'submitted')) < ?3 "
                                  "ORDER BY t.position LIMIT ?4", error);
      if (stmt == NULL)
        return NULL;
      limn_sqlite_bind_text (stmt, 1, project_id);
      limn_sqlite_bind_text (stmt, 2, principal->user_id);
      sqlite3_bind_int64 (stmt, 3, settings.overlap);
      sqlite3_bind_int64 (stmt, 4, need);
      if (!collect_ids (conn, stmt, normal, error))
        return NULL;

      if (settings.gold_rate > 0)
        {
          stmt = limn_sqlite_prepare (conn->sql,
                                      "SELECT t.id FROM tasks t "
                                      "WHERE t.project_id = ?1 AND t.is_gold = 1 "
                                      "AND NOT EXISTS (SELECT 1 FROM assignments a "
                                      "                WHERE a.task_id = t.id AND a.annotator = ?2) "
                                      "ORDER BY random () LIMIT ?3", error);
          if (stmt == NULL)
            return NULL;
          limn_sqlite_bind_text (stmt, 1, project_id);
          limn_sqlite_bind_text (stmt, 2, principal->user_id);
          sqlite3_bind_int64 (stmt, 3, need);
          if (!collect_ids (conn, stmt, gold, error))
            return NULL;
        }

      lease_us = settings.lease_seconds * USEC_PER_SEC;
      for (guint i = 0; i < need; i++)
        {
          const char *task_id;
          g_autofree char *assignment_id = NULL;
          g_autoptr(JsonObject) data = NULL;
          LimnServerAssignment *a;

          /* Gold at about gold_rate. When the gold runs out, ordinary tasks
           * fill in; never the other way round, or a pool that ran dry
           * would hand out nothing but gold and so give it away. */
          if (next_gold < gold->len && g_random_double () < settings.gold_rate)
            task_id = g_ptr_array_index (gold, next_gold++);
          else if (next_normal < normal->len)
            task_id = g_ptr_array_index (normal, next_normal++);
          else if (settings.gold_rate >= 1.0 && next_gold < gold->len)
            task_id = g_ptr_array_index (gold, next_gold++);
          else
            break;

          assignment_id = g_uuid_string_random ();
          stmt = limn_sqlite_prepare (conn->sql,
                                      "INSERT INTO assignments (id, task_id, project_id, annotator, "
                                      "status, assigned_us, lease_expires_us) "
                                      "VALUES (?, ?, ?, ?, 'assigned', ?, ?)", error);
          if (stmt == NULL)
            return NULL;
          limn_sqlite_bind_text (stmt, 1, assignment_id);
          limn_sqlite_bind_text (stmt, 2, task_id);
          limn_sqlite_bind_text (stmt, 3, project_id);
          limn_sqlite_bind_text (stmt, 4, principal->user_id);
          sqlite3_bind_int64 (stmt, 5, now_us);
          sqlite3_bind_int64 (stmt, 6, now_us + lease_us);
          if (!limn_sqlite_step_done (conn->sql, stmt, error))
            return NULL;

          data = json_object_new ();
          json_object_set_string_member (data, "task_id", task_id);
          json_object_set_string_member (data, "assignment_id", assignment_id);
          json_object_set_int_member (data, "lease_expires_us", now_us + lease_us);
          if (!limn_server_sqlite_add_change (conn, principal->user_id, project_id, "assignment",
                                              data, now_us, error))
            return NULL;

          a = g_new0 (LimnServerAssignment, 1);
          a->id = g_steal_pointer (&assignment_id);
          a->lease_expires_us = now_us + lease_us;
          a->task = load_task (conn, task_id, error);
          g_ptr_array_add (result, a);
          if (a->task == NULL)
            return NULL;
          granted++;
        }
    }

  json_object_set_string_member (detail, "project_id", project_id);
  json_object_set_int_member (detail, "count", count);
  json_object_set_int_member (detail, "held", held);
  json_object_set_int_member (detail, "granted", granted);
  if (!limn_server_sqlite_add_audit (conn, principal, "claim", detail, error) ||
      !limn_server_sqlite_commit (conn, error))
    return NULL;

  return g_steal_pointer (&result);
}

/* Batches */

gboolean
limn_server_sqlite_lookup_idempotency (LimnServerBackend  *backend,
                                       const char         *user_id,
                                       const char         *key,
                                       char              **request_sha256,
                                       guint              *status,
                                       GBytes            **body,
                                       GError            **error)
{
  LimnServerBackendSqlite *self = LIMN_SERVER_BACKEND_SQLITE (backend);
  g_autoptr(LimnSqlConn) conn = limn_server_sqlite_acquire (self, error);
  sqlite3_stmt *stmt;
  gboolean has_row;

  if (conn == NULL)
    return FALSE;

  stmt = limn_sqlite_prepare (conn->sql,
                              "SELECT request_sha256, status, body FROM idempotency "
                              "WHERE user_id = ? AND key = ?", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, user_id);
  limn_sqlite_bind_text (stmt, 2, key);
  if (!limn_sqlite_step_row (conn->sql, stmt, &has_row, error))
    return FALSE;

  if (!has_row)
    {
      sqlite3_reset (stmt);
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                   _("No batch was stored under that key."));
      return FALSE;
    }

  *request_sha256 = limn_sqlite_column_dup (stmt, 0);
  *status = sqlite3_column_int (stmt, 1);
  *body = g_bytes_new (sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2));
  sqlite3_reset (stmt);

  return TRUE;
}

typedef struct
{
  char   *id;
  char   *status;
  char   *project_id;
  gint64  overlap;
  gboolean is_gold;
  gboolean gold_revealed;
  char   *gold_answer;
} Assignment;

static void
assignment_clear (Assignment *a)
{
  g_clear_pointer (&a->id, g_free);
  g_clear_pointer (&a->status, g_free);
  g_clear_pointer (&a->project_id, g_free);
  g_clear_pointer (&a->gold_answer, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Assignment, assignment_clear)

/* The caller's assignment for @task_id; *found FALSE when they never had it. */
static gboolean
find_assignment (LimnSqlConn  *conn,
                 const char   *task_id,
                 const char   *user_id,
                 Assignment   *a,
                 gboolean     *found,
                 GError      **error)
{
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (conn->sql,
                              "SELECT a.id, a.status, a.project_id, p.overlap, t.is_gold, "
                              "a.gold_revealed_us IS NOT NULL, t.gold_answer "
                              "FROM assignments a JOIN tasks t ON t.id = a.task_id "
                              "JOIN projects p ON p.id = a.project_id "
                              "WHERE a.task_id = ? AND a.annotator = ?", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, task_id);
  limn_sqlite_bind_text (stmt, 2, user_id);
  if (!limn_sqlite_step_row (conn->sql, stmt, found, error))
    return FALSE;

  if (*found)
    {
      a->id = limn_sqlite_column_dup (stmt, 0);
      a->status = limn_sqlite_column_dup (stmt, 1);
      a->project_id = limn_sqlite_column_dup (stmt, 2);
      a->overlap = sqlite3_column_int64 (stmt, 3);
      a->is_gold = sqlite3_column_int (stmt, 4) != 0;
      a->gold_revealed = sqlite3_column_int (stmt, 5) != 0;
      a->gold_answer = limn_sqlite_column_dup (stmt, 6);
    }
  sqlite3_reset (stmt);

  return TRUE;
}

/* Who stored @id in @table before; NULL when nobody. */
static gboolean
existing_owner (LimnSqlConn  *conn,
                const char   *sql,
                const char   *id,
                char        **owner,
                GError      **error)
{
  sqlite3_stmt *stmt = limn_sqlite_prepare (conn->sql, sql, error);
  gboolean has_row;

  *owner = NULL;
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, id);
  if (!limn_sqlite_step_row (conn->sql, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    *owner = limn_sqlite_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  return TRUE;
}

/* An id seen before is a duplicate when it was the caller's, else refused:
 * ids are the client's UUIDs, so a clash with someone else's is an error,
 * not a reason to tell them anything about that item. */
static gboolean
check_duplicate (LimnSqlConn                *conn,
                 const char                 *sql,
                 LimnBatchItem              *item,
                 const LimnServerPrincipal  *principal,
                 GError                    **error)
{
  g_autofree char *owner = NULL;

  if (!existing_owner (conn, sql, item->id, &owner, error))
    return FALSE;

  if (owner != NULL && g_str_equal (owner, principal->user_id))
    item->status = LIMN_BATCH_DUPLICATE;
  else if (owner != NULL)
    limn_batch_item_reject (item, _("the id is already used"));

  return TRUE;
}

static void
bind_static (sqlite3_stmt *stmt,
             int           index,
             const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

/* Values in apply_event()'s @held. */
enum
{
  TASK_NEVER_HELD = 1,
  TASK_HELD = 2,
};

/* @held: task id -> whether the caller has (or had) it, for this batch.
 * Assignments are never deleted and only claims add them, which wait for
 * this transaction's write lock: the answer cannot change within a batch.
 * @insert: the batch's INSERT statement, prepared on first use. */
static gboolean
apply_event (LimnSqlConn                *conn,
             const LimnServerPrincipal  *principal,
             LimnBatchItem              *item,
             GHashTable                 *held,
             sqlite3_stmt              **insert,
             gint64                      now_us,
             GError                    **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (item->task_id != NULL)
    {
      gpointer known = g_hash_table_lookup (held, item->task_id);
      gboolean found;

      if (known != NULL)
        found = GPOINTER_TO_INT (known) == TASK_HELD;
      else
        {
          g_auto(Assignment) a = { 0 };

          if (!find_assignment (conn, item->task_id, principal->user_id, &a, &found, error))
            return FALSE;
          g_hash_table_insert (held, g_strdup (item->task_id),
                               GINT_TO_POINTER (found ? TASK_HELD : TASK_NEVER_HELD));
        }
      if (!found)
        {
          limn_batch_item_reject (item, _("the task is not assigned to you"));
          return TRUE;
        }
    }

  /* Events are most of the traffic: insert first and look at the id only
   * when it was there already. The item outlives the step, so its strings
   * are bound without a copy. */
  if (*insert == NULL)
    {
      *insert = limn_sqlite_prepare (conn->sql,
                                     "INSERT INTO events (id, user_id, project_id, task_id, "
                                     "session_id, type, wall_us, mono_us, payload, received_us) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                                     "ON CONFLICT (id) DO NOTHING", error);
      if (*insert == NULL)
        return FALSE;
    }
  stmt = *insert;

  bind_static (stmt, 1, item->id);
  bind_static (stmt, 2, principal->user_id);
  bind_static (stmt, 3, item->project_id);
  bind_static (stmt, 4, item->task_id);
  bind_static (stmt, 5, item->session_id);
  bind_static (stmt, 6, item->type);
  sqlite3_bind_int64 (stmt, 7, item->wall_us);
  sqlite3_bind_int64 (stmt, 8, item->mono_us);
  bind_static (stmt, 9, item->payload ? item->payload : "{}");
  sqlite3_bind_int64 (stmt, 10, now_us);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return limn_sqlite_set_error (conn->sql, rc, error);

  if (sqlite3_changes (limn_sqlite_get_db (conn->sql)) == 0)
    return check_duplicate (conn, "SELECT user_id FROM events WHERE id = ?", item, principal,
                            error);

  item->status = LIMN_BATCH_APPLIED;
  return TRUE;
}

static gboolean
reveal_gold (LimnSqlConn  *conn,
             const char   *user_id,
             const char   *task_id,
             Assignment   *a,
             gint64        now_us,
             GError      **error)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonObject) data = json_object_new ();
  JsonNode *regions = NULL;
  sqlite3_stmt *stmt;

  /* Written by the admin CLI after validation; still, never trust it to
   * be well-formed enough to crash on. */
  answer = json_from_string (a->gold_answer ? a->gold_answer : "{}", NULL);
  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    regions = json_object_get_member (json_node_get_object (answer), "regions");

  json_object_set_string_member (data, "task_id", task_id);
  if (regions != NULL && JSON_NODE_HOLDS_ARRAY (regions))
    json_object_set_member (data, "regions", json_node_copy (regions));
  else
    json_object_set_array_member (data, "regions", json_array_new ());

  if (!limn_server_sqlite_add_change (conn, user_id, a->project_id, "gold", data, now_us, error))
    return FALSE;

  stmt = limn_sqlite_prepare (conn->sql, "UPDATE assignments SET gold_revealed_us = ? WHERE id = ?",
                              error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now_us);
  limn_sqlite_bind_text (stmt, 2, a->id);

  return limn_sqlite_step_done (conn->sql, stmt, error);
}

static gboolean
count_active (LimnSqlConn  *conn,
              const char   *task_id,
              gint64       *out,
              GError      **error)
{
  sqlite3_stmt *stmt = limn_sqlite_prepare (conn->sql,
                                            "SELECT count(*) FROM assignments WHERE task_id = ? "
                                            "AND status IN ('assigned', 'submitted')", error);

  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, task_id);

  return limn_sqlite_query_int (conn->sql, stmt, out, error);
}

static gboolean
apply_annotation (LimnSqlConn                *conn,
                  const LimnServerPrincipal  *principal,
                  LimnBatchItem              *item,
                  gint64                      now_us,
                  GError                    **error)
{
  g_auto(Assignment) a = { 0 };
  sqlite3_stmt *stmt;
  gboolean found;
  gboolean submit = FALSE;

  if (!check_duplicate (conn, "SELECT annotator FROM annotations WHERE id = ?",
                        item, principal, error))
    return FALSE;
  if (item->status != LIMN_BATCH_PENDING)
    return TRUE;

  if (!find_assignment (conn, item->task_id, principal->user_id, &a, &found, error))
    return FALSE;

  if (!found)
    {
      limn_batch_item_reject (item, _("the task is not assigned to you"));
      return TRUE;
    }

  if (g_str_equal (a.status, "assigned") || g_str_equal (a.status, "submitted"))
    {
      /* Still theirs, even past the lease if nobody swept it yet. */
      item->status = LIMN_BATCH_APPLIED;
      submit = TRUE;
    }
  else
    {
      gint64 active;

      /* Expired: the work is kept as the caller's if the task still has a
       * free place, else it is a conflicted revision. */
      if (!count_active (conn, item->task_id, &active, error))
        return FALSE;

      if (active < a.overlap)
        {
          item->status = LIMN_BATCH_APPLIED;
          submit = TRUE;
        }
      else
        {
          item->status = LIMN_BATCH_CONFLICT;
          g_free (item->reason);
          item->reason = g_strdup (_("task reassigned after the lease expired"));
        }
    }

  stmt = limn_sqlite_prepare (conn->sql,
                              "INSERT INTO annotations (id, task_id, project_id, annotator, "
                              "assignment_id, revision, parent_id, guideline_version, state, "
                              "conflict_reason, confidence, active_ms, wall_ms, created_us, "
                              "submitted_us, received_us, regions, region_count, "
                              "rejected_suggestions) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                              "?15, ?16, ?17, ?18, ?19)", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, item->id);
  limn_sqlite_bind_text (stmt, 2, item->task_id);
  limn_sqlite_bind_text (stmt, 3, a.project_id);
  limn_sqlite_bind_text (stmt, 4, principal->user_id);
  limn_sqlite_bind_text (stmt, 5, a.id);
  sqlite3_bind_int64 (stmt, 6, item->revision);
  limn_sqlite_bind_text (stmt, 7, item->parent_id);
  if (item->guideline_version >= 0)
    sqlite3_bind_int64 (stmt, 8, item->guideline_version);
  limn_sqlite_bind_text (stmt, 9, submit ? "submitted" : "conflicted");
  limn_sqlite_bind_text (stmt, 10, submit ? NULL : item->reason);
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
  if (!limn_sqlite_step_done (conn->sql, stmt, error))
    return FALSE;

  if (!submit)
    return TRUE;

  stmt = limn_sqlite_prepare (conn->sql,
                              "UPDATE assignments SET status = 'submitted', "
                              "submitted_us = coalesce (submitted_us, ?) WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now_us);
  limn_sqlite_bind_text (stmt, 2, a.id);
  if (!limn_sqlite_step_done (conn->sql, stmt, error))
    return FALSE;

  /* The answer of a gold task reaches an annotator only now, once. */
  if (a.is_gold && !a.gold_revealed)
    return reveal_gold (conn, principal->user_id, item->task_id, &a, now_us, error);

  return TRUE;
}

static gboolean
apply_flag (LimnSqlConn                *conn,
            const LimnServerPrincipal  *principal,
            LimnBatchItem              *item,
            gint64                      now_us,
            GError                    **error)
{
  g_auto(Assignment) a = { 0 };
  sqlite3_stmt *stmt;
  gboolean found;

  if (!check_duplicate (conn, "SELECT user_id FROM flags WHERE id = ?", item, principal, error))
    return FALSE;
  if (item->status != LIMN_BATCH_PENDING)
    return TRUE;

  if (!find_assignment (conn, item->task_id, principal->user_id, &a, &found, error))
    return FALSE;
  if (!found)
    {
      limn_batch_item_reject (item, _("the task is not assigned to you"));
      return TRUE;
    }

  stmt = limn_sqlite_prepare (conn->sql,
                              "INSERT INTO flags (id, task_id, project_id, user_id, region_id, "
                              "category, body, created_us, received_us) "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, item->id);
  limn_sqlite_bind_text (stmt, 2, item->task_id);
  limn_sqlite_bind_text (stmt, 3, a.project_id);
  limn_sqlite_bind_text (stmt, 4, principal->user_id);
  limn_sqlite_bind_text (stmt, 5, item->region_id);
  limn_sqlite_bind_text (stmt, 6, item->category);
  limn_sqlite_bind_text (stmt, 7, item->body);
  sqlite3_bind_int64 (stmt, 8, item->created_us);
  sqlite3_bind_int64 (stmt, 9, now_us);
  if (!limn_sqlite_step_done (conn->sql, stmt, error))
    return FALSE;

  item->status = LIMN_BATCH_APPLIED;
  return TRUE;
}

gboolean
limn_server_sqlite_apply_batch (LimnServerBackend          *backend,
                                const LimnServerPrincipal  *principal,
                                const char                 *key,
                                const char                 *request_sha256,
                                GPtrArray                  *items,
                                gint64                      now_us,
                                LimnBatchRenderFunc         render,
                                gpointer                    render_data,
                                gboolean                   *replayed,
                                guint                      *status,
                                GBytes                    **body,
                                GError                    **error)
{
  LimnServerBackendSqlite *self = LIMN_SERVER_BACKEND_SQLITE (backend);
  g_autoptr(LimnSqlConn) conn = limn_server_sqlite_acquire (self, error);
  g_autoptr(JsonObject) detail = json_object_new ();
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GHashTable) held = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *insert_event = NULL;
  guint counts[LIMN_BATCH_REJECTED + 1] = { 0 };
  sqlite3_stmt *stmt;
  gboolean has_row;

  *replayed = FALSE;
  if (conn == NULL || !limn_server_sqlite_begin_write (conn, error))
    return FALSE;

  /* Looked up again under the write lock: two identical requests racing
   * each other apply once, and the second replays the first's answer. */
  stmt = limn_sqlite_prepare (conn->sql,
                              "SELECT request_sha256, status, body FROM idempotency "
                              "WHERE user_id = ? AND key = ?", error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, principal->user_id);
  limn_sqlite_bind_text (stmt, 2, key);
  if (!limn_sqlite_step_row (conn->sql, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      gboolean same = g_strcmp0 ((const char *)sqlite3_column_text (stmt, 0), request_sha256) == 0;

      if (same)
        {
          *replayed = TRUE;
          *status = sqlite3_column_int (stmt, 1);
          *body = g_bytes_new (sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2));
        }
      sqlite3_reset (stmt);

      if (!same)
        {
          g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_KEY_REUSED,
                       _("This Idempotency-Key was used before with a different body."));
          return FALSE;
        }
      return TRUE;
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < items->len; i++)
    {
      LimnBatchItem *item = g_ptr_array_index (items, i);
      gboolean ok = TRUE;

      if (item->status == LIMN_BATCH_PENDING)
        {
          switch (item->kind)
            {
            case LIMN_BATCH_ITEM_EVENT:
              ok = apply_event (conn, principal, item, held, &insert_event, now_us, error);
              break;
            case LIMN_BATCH_ITEM_ANNOTATION:
              ok = apply_annotation (conn, principal, item, now_us, error);
              break;
            case LIMN_BATCH_ITEM_FLAG:
              ok = apply_flag (conn, principal, item, now_us, error);
              break;
            default:
              limn_batch_item_reject (item, _("unknown kind"));
              break;
            }
        }

      if (!ok)
        return FALSE;

      counts[item->status]++;
    }

  answer = render (items, render_data);

  stmt = limn_sqlite_prepare (conn->sql,
                              "INSERT INTO idempotency (user_id, key, request_sha256, status, body, "
                              "created_us) VALUES (?, ?, ?, 200, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, principal->user_id);
  limn_sqlite_bind_text (stmt, 2, key);
  limn_sqlite_bind_text (stmt, 3, request_sha256);
  sqlite3_bind_blob64 (stmt, 4, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                       SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, now_us);
  if (!limn_sqlite_step_done (conn->sql, stmt, error))
    return FALSE;

  json_object_set_string_member (detail, "idempotency_key", key);
  json_object_set_int_member (detail, "items", items->len);
  json_object_set_int_member (detail, "applied", counts[LIMN_BATCH_APPLIED]);
  json_object_set_int_member (detail, "duplicate", counts[LIMN_BATCH_DUPLICATE]);
  json_object_set_int_member (detail, "conflict", counts[LIMN_BATCH_CONFLICT]);
  json_object_set_int_member (detail, "rejected", counts[LIMN_BATCH_REJECTED]);
  if (!limn_server_sqlite_add_audit (conn, principal, "batch", detail, error) ||
      !limn_server_sqlite_commit (conn, error))
    return FALSE;

  *status = 200;
  *body = g_steal_pointer (&answer);

  return TRUE;
}
