/* limn-server-backend-sqlite-team.c
 *
 * Storage calls of the team dashboard (docs/metrics.md §9): the project's
 * answers in one ordered read with their regions' labels unpacked by
 * SQLite's json_each (no JSON parsing in C for 200,000 answers), the
 * reviews' verdicts, the staff who get alerts, the server's own values
 * and the alerts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <math.h>
#include <string.h>

#include "limn-server-backend-sqlite-private.h"

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *)sqlite3_column_text (stmt, column);
}

static gboolean
read_tasks (LimnSqlite          *sql,
            const char          *project_id,
            LimnServerTeamData  *data,
            GHashTable          *task_index,
            GError             **error)
{
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT id, is_gold, gold_answer FROM tasks WHERE project_id = ? "
                              "ORDER BY position", error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, project_id);

  for (;;)
    {
      gboolean has_row, gold;

      if (!limn_sqlite_step_row (sql, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        break;
      limn_server_team_data_intern (data->task_ids, task_index, column_text (stmt, 0));
      gold = sqlite3_column_int (stmt, 1) != 0;
      g_array_append_val (data->task_gold, gold);
      g_ptr_array_add (data->gold_answers, gold ? g_strdup (column_text (stmt, 2)) : NULL);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* One row per region (one with NULL label for an answer without any),
 * grouped by task, annotator and revision: the first group of each task
 * and annotator is their first answer, the rest is skipped. */
static gboolean
read_answers (LimnSqlite          *sql,
              const char          *project_id,
              LimnServerTeamData  *data,
              GHashTable          *task_index,
              GError             **error)
{
  g_autoptr(GHashTable) annotator_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) label_index = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt;
  gint64 current_row = -1;
  guint current_task = G_MAXUINT, current_annotator = G_MAXUINT;
  gboolean skipping = FALSE;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT a.task_id, a.annotator, a.rowid, a.received_us, "
                              "a.guideline_version, a.confidence, a.active_ms, "
                              "CASE WHEN t.is_gold THEN a.regions END, "
                              "json_extract (r.value, '$.label'), json_extract (r.value, '$.source') "
                              "FROM annotations a JOIN tasks t ON t.id = a.task_id "
                              "LEFT JOIN json_each (a.regions) r "
                              "WHERE a.project_id = ? AND a.state = 'submitted' AND a.author IS NULL "
                              "ORDER BY a.task_id, a.annotator, a.revision, a.rowid, r.key", error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, project_id);

  for (;;)
    {
      gboolean has_row;
      guint task, annotator;
      gint64 row;
      const char *label;

      if (!limn_sqlite_step_row (sql, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        break;

      task = GPOINTER_TO_UINT (g_hash_table_lookup (task_index, column_text (stmt, 0))) - 1;
      annotator = limn_server_team_data_intern (data->annotators, annotator_index,
                                                column_text (stmt, 1));
      row = sqlite3_column_int64 (stmt, 2);

      if (row != current_row)
        {
          /* A later revision of the same task and annotator: skipped. */
          skipping = task == current_task && annotator == current_annotator;
          current_row = row;
          current_task = task;
          current_annotator = annotator;
          if (!skipping)
            {
              LimnServerTeamAnswer answer = {
                .task = task,
                .annotator = annotator,
                .received_us = sqlite3_column_int64 (stmt, 3),
                .guideline_version = sqlite3_column_type (stmt, 4) == SQLITE_NULL
                                     ? -1 : sqlite3_column_int64 (stmt, 4),
                .confidence = sqlite3_column_type (stmt, 5) == SQLITE_NULL
                              ? -1 : sqlite3_column_double (stmt, 5),
                .active_ms = sqlite3_column_int64 (stmt, 6),
                .first_region = data->region_labels->len,
                .verdict = LIMN_SERVER_VERDICT_NONE,
                .regions = g_strdup (column_text (stmt, 7)),
              };

              g_array_append_val (data->answers, answer);
            }
        }
      if (skipping)
        continue;

      label = column_text (stmt, 8);
      if (label != NULL)
        {
          LimnServerTeamAnswer *answer = &g_array_index (data->answers, LimnServerTeamAnswer,
                                                         data->answers->len - 1);
          guint l = limn_server_team_data_intern (data->labels, label_index, label);
          const char *source = column_text (stmt, 9);

          g_array_append_val (data->region_labels, l);
          answer->n_regions++;
          if (source != NULL && strcmp (source, "model") == 0)
            answer->model = TRUE;
        }
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
read_reviews (LimnSqlite          *sql,
              const char          *project_id,
              LimnServerTeamData  *data,
              GHashTable          *task_index,
              GError             **error)
{
  g_autoptr(GHashTable) annotator_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree guint *first = g_new (guint, data->task_ids->len + 1);
  sqlite3_stmt *stmt;

  /* Answers come grouped by task: where each task's group starts. */
  for (guint t = 0; t <= data->task_ids->len; t++)
    first[t] = G_MAXUINT;
  for (guint i = data->answers->len; i-- > 0;)
    first[g_array_index (data->answers, LimnServerTeamAnswer, i).task] = i;
  for (guint i = 0; i < data->annotators->len; i++)
    g_hash_table_insert (annotator_index, g_ptr_array_index (data->annotators, i),
                         GUINT_TO_POINTER (i + 1));

  stmt = limn_sqlite_prepare (sql,
                              "SELECT n.task_id, n.annotator, v.verdict, v.created_us "
                              "FROM review_items i JOIN reviews v ON v.item_id = i.id "
                              "JOIN annotations n ON n.id = v.annotation_id "
                              "WHERE i.project_id = ? AND v.state = 'applied' "
                              "ORDER BY v.created_us, v.rowid", error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, project_id);

  for (;;)
    {
      gboolean has_row;
      guint task, annotator;
      const char *verdict;
      gint64 at;

      if (!limn_sqlite_step_row (sql, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        break;

      at = sqlite3_column_int64 (stmt, 3);
      g_array_append_val (data->review_times, at);

      task = GPOINTER_TO_UINT (g_hash_table_lookup (task_index, column_text (stmt, 0))) - 1;
      annotator = GPOINTER_TO_UINT (g_hash_table_lookup (annotator_index,
                                                         column_text (stmt, 1))) - 1;
      verdict = column_text (stmt, 2);
      if (task == G_MAXUINT || annotator == G_MAXUINT || first[task] == G_MAXUINT)
        continue;

      for (guint i = first[task]; i < data->answers->len; i++)
        {
          LimnServerTeamAnswer *answer = &g_array_index (data->answers, LimnServerTeamAnswer, i);

          if (answer->task != task)
            break;
          if (answer->annotator != annotator || answer->verdict != LIMN_SERVER_VERDICT_NONE)
            continue;
          answer->verdict = g_str_equal (verdict, "accept") ? LIMN_SERVER_VERDICT_ACCEPT
                          : g_str_equal (verdict, "correct") ? LIMN_SERVER_VERDICT_CORRECT
                          : LIMN_SERVER_VERDICT_SEND_BACK;
          answer->verdict_us = at;
        }
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static LimnServerTeamData *
sqlite_team_data (LimnServerTxn  *txn,
                  const char     *project_id,
                  GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  g_autoptr(LimnServerTeamData) data = limn_server_team_data_new ();
  g_autoptr(GHashTable) task_index = g_hash_table_new (g_str_hash, g_str_equal);

  if (!read_tasks (sql, project_id, data, task_index, error) ||
      !read_answers (sql, project_id, data, task_index, error) ||
      !read_reviews (sql, project_id, data, task_index, error))
    return NULL;

  return g_steal_pointer (&data);
}

static gboolean
sqlite_team_mark (LimnServerTxn  *txn,
                  const char     *project_id,
                  gint64         *answers,
                  gint64         *reviews,
                  GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  /* Both are one step down an index. */
  stmt = limn_sqlite_prepare (sql,
                              "SELECT max (rowid) FROM annotations "
                              "WHERE project_id = ? AND state = 'submitted'", error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, project_id);
  if (!limn_sqlite_query_int (sql, stmt, answers, error))
    return FALSE;

  stmt = limn_sqlite_prepare (sql, "SELECT max (rowid) FROM reviews", error);
  return stmt != NULL && limn_sqlite_query_int (sql, stmt, reviews, error);
}

static GPtrArray *
sqlite_list_project_staff (LimnServerTxn  *txn,
                           const char     *project_id,
                           GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT DISTINCT user_id FROM tokens WHERE revoked_us IS NULL AND "
                              "((project_id = ?1 AND role IN ('reviewer', 'admin')) OR "
                              " (project_id IS NULL AND role = 'admin')) ORDER BY user_id", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, project_id);
  return limn_server_sqlite_collect_ids (sql, stmt, error);
}

static gboolean
sqlite_get_meta (LimnServerTxn  *txn,
                 const char     *key,
                 GBytes        **value,
                 GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;
  gboolean has_row;

  *value = NULL;
  stmt = limn_sqlite_prepare (sql, "SELECT value FROM server_meta WHERE key = ?", error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, key);
  if (!limn_sqlite_step_row (sql, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    *value = g_bytes_new (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
sqlite_insert_meta (LimnServerTxn  *txn,
                    const char     *key,
                    GBytes         *value,
                    gboolean       *inserted,
                    GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;
  gsize size;
  gconstpointer bytes = g_bytes_get_data (value, &size);

  stmt = limn_sqlite_prepare (sql, "INSERT OR IGNORE INTO server_meta (key, value) VALUES (?, ?)",
                              error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, key);
  sqlite3_bind_blob (stmt, 2, bytes, size, SQLITE_TRANSIENT);
  if (!limn_sqlite_step_done (sql, stmt, error))
    return FALSE;
  *inserted = sqlite3_changes (limn_sqlite_get_db (sql)) > 0;
  return TRUE;
}

#define ALERT_COLUMNS \
  "id, project_id, kind, key, subject, value, threshold, message, data, since_us, updated_us, " \
  "cleared_us"

static gpointer
read_alert (sqlite3_stmt *stmt)
{
  LimnServerAlert *alert = g_new0 (LimnServerAlert, 1);

  alert->id = g_strdup (column_text (stmt, 0));
  alert->project_id = g_strdup (column_text (stmt, 1));
  alert->kind = g_strdup (column_text (stmt, 2));
  alert->key = g_strdup (column_text (stmt, 3));
  alert->subject = g_strdup (column_text (stmt, 4));
  alert->value = sqlite3_column_type (stmt, 5) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 5);
  alert->threshold = sqlite3_column_type (stmt, 6) == SQLITE_NULL
                     ? NAN : sqlite3_column_double (stmt, 6);
  alert->message = g_strdup (column_text (stmt, 7));
  alert->data = g_strdup (column_text (stmt, 8));
  alert->since_us = sqlite3_column_int64 (stmt, 9);
  alert->updated_us = sqlite3_column_int64 (stmt, 10);
  alert->cleared_us = sqlite3_column_int64 (stmt, 11);
  return alert;
}

static GPtrArray *
sqlite_list_alerts (LimnServerTxn  *txn,
                    const char     *project_id,
                    gboolean        active_only,
                    GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT " ALERT_COLUMNS " FROM alerts "
                              "WHERE (?1 IS NULL OR project_id = ?1) "
                              "AND (?2 = 0 OR cleared_us IS NULL) ORDER BY since_us, rowid", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, project_id);
  sqlite3_bind_int (stmt, 2, active_only ? 1 : 0);
  return limn_server_sqlite_collect_rows (sql, stmt, read_alert,
                                          (GDestroyNotify)limn_server_alert_free, error);
}

static void
bind_double_or_null (sqlite3_stmt *stmt,
                     int           index,
                     double        value)
{
  if (isfinite (value))
    sqlite3_bind_double (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

static gboolean
sqlite_insert_alert (LimnServerTxn          *txn,
                     const LimnServerAlert  *alert,
                     GError                **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "INSERT INTO alerts (" ALERT_COLUMNS ") "
                              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, coalesce (?, '{}'), ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, alert->id);
  limn_sqlite_bind_text (stmt, 2, alert->project_id);
  limn_sqlite_bind_text (stmt, 3, alert->kind);
  limn_sqlite_bind_text (stmt, 4, alert->key);
  limn_sqlite_bind_text (stmt, 5, alert->subject);
  bind_double_or_null (stmt, 6, alert->value);
  bind_double_or_null (stmt, 7, alert->threshold);
  limn_sqlite_bind_text (stmt, 8, alert->message);
  limn_sqlite_bind_text (stmt, 9, alert->data);
  sqlite3_bind_int64 (stmt, 10, alert->since_us);
  sqlite3_bind_int64 (stmt, 11, alert->updated_us);
  if (alert->cleared_us > 0)
    sqlite3_bind_int64 (stmt, 12, alert->cleared_us);
  return limn_sqlite_step_done (sql, stmt, error);
}

static gboolean
sqlite_update_alert (LimnServerTxn          *txn,
                     const LimnServerAlert  *alert,
                     GError                **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "UPDATE alerts SET subject = ?2, value = ?3, threshold = ?4, "
                              "message = ?5, data = coalesce (?6, '{}'), updated_us = ?7, "
                              "cleared_us = ?8 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, alert->id);
  limn_sqlite_bind_text (stmt, 2, alert->subject);
  bind_double_or_null (stmt, 3, alert->value);
  bind_double_or_null (stmt, 4, alert->threshold);
  limn_sqlite_bind_text (stmt, 5, alert->message);
  limn_sqlite_bind_text (stmt, 6, alert->data);
  sqlite3_bind_int64 (stmt, 7, alert->updated_us);
  if (alert->cleared_us > 0)
    sqlite3_bind_int64 (stmt, 8, alert->cleared_us);
  return limn_sqlite_step_done (sql, stmt, error);
}

void
limn_server_sqlite_team_init (LimnServerBackendInterface *iface)
{
  iface->team_data = sqlite_team_data;
  iface->team_mark = sqlite_team_mark;
  iface->list_project_staff = sqlite_list_project_staff;
  iface->get_meta = sqlite_get_meta;
  iface->insert_meta = sqlite_insert_meta;
  iface->list_alerts = sqlite_list_alerts;
  iface->insert_alert = sqlite_insert_alert;
  iface->update_alert = sqlite_update_alert;
}
