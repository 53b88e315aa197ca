/* limn-server-backend-sqlite-team.c
 *
 * Storage calls of the team dashboard (docs/metrics.md §9): the project's
 * answers in one scan of its annotations, their regions' labels from the
 * summary columns of migration 6 (no JSON parsing for 200,000 answers),
 * the reviews' verdicts, the project's change counter, the staff who get
 * alerts, the server's own values and the alerts.
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

/* What the read collects beside the data. */
typedef struct
{
  GHashTable   *task_index;     /* task id → index + 1 */
  GStringChunk *strings;
  GHashTable   *reviewed;       /* annotation id → index + 1 into owners */
  GArray       *owners;         /* LimnServerTeamOwner per reviewed annotation */
  GArray       *verdicts;       /* LimnServerTeamVerdict */
} Read;

/* Every applied review of the server in one scan of small rows (measured
 * 5× faster than joining the project's review items to their reviews and
 * those to their annotations by text id); which of them are the
 * project's is known once its annotations are read. */
static gboolean
read_reviews (LimnSqlite  *sql,
              Read        *r,
              GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT annotation_id, verdict, created_us, rowid FROM reviews "
                              "WHERE state = 'applied'", error);
  if (stmt == NULL)
    return FALSE;

  for (;;)
    {
      gboolean has_row;
      const char *id, *verdict;
      guint reviewed;
      LimnServerTeamVerdict v;

      if (!limn_sqlite_step_row (sql, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        break;

      id = column_text (stmt, 0);
      reviewed = GPOINTER_TO_UINT (g_hash_table_lookup (r->reviewed, id));
      if (reviewed == 0)
        {
          LimnServerTeamOwner nobody = { G_MAXUINT, G_MAXUINT };

          g_array_append_val (r->owners, nobody);
          reviewed = r->owners->len;
          g_hash_table_insert (r->reviewed, g_string_chunk_insert (r->strings, id),
                               GUINT_TO_POINTER (reviewed));
        }
      verdict = column_text (stmt, 1);
      v.reviewed = reviewed - 1;
      v.verdict = g_str_equal (verdict, "accept") ? LIMN_SERVER_VERDICT_ACCEPT
                : g_str_equal (verdict, "correct") ? LIMN_SERVER_VERDICT_CORRECT
                : LIMN_SERVER_VERDICT_SEND_BACK;
      v.at = sqlite3_column_int64 (stmt, 2);
      v.order = sqlite3_column_int64 (stmt, 3);
      g_array_append_val (r->verdicts, v);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* The project's annotations in one pass down annotations_by_project (rows
 * in insertion order: no sort in SQLite and no seek per task, measured 3×
 * faster than walking the tasks and seeking each one's annotations), one
 * row per revision, its regions' labels from the summary column
 * (migration 6), the regions themselves read only for gold tasks (SQLite
 * decodes a column when asked). Then grouped by task in C (a counting
 * sort on the task index); the lowest submitted revision of each task and
 * annotator is their answer. Annotators are numbered in the order of
 * their first annotation. */
static gboolean
read_answers (LimnSqlite          *sql,
              const char          *project_id,
              LimnServerTeamData  *data,
              Read                *r,
              GError             **error)
{
  g_autoptr(GHashTable) annotator_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (LimnServerTeamCandidate));
  sqlite3_stmt *stmt;
  guint last_annotator = G_MAXUINT;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT id, task_id, annotator, "
                              "state = 'submitted' AND author IS NULL, revision, rowid, "
                              "received_us, guideline_version, confidence, active_ms, "
                              "region_labels, model_regions, regions "
                              "FROM annotations WHERE project_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, project_id);

  for (;;)
    {
      gboolean has_row;
      guint task, annotator, reviewed;
      const char *who;
      LimnServerTeamCandidate c = { 0 };

      if (!limn_sqlite_step_row (sql, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        break;

      task = GPOINTER_TO_UINT (g_hash_table_lookup (r->task_index, column_text (stmt, 1)));
      if (task-- == 0)
        continue;   /* never: annotations refer to the project's tasks */

      /* One annotator's work tends to come in runs. */
      who = column_text (stmt, 2);
      if (last_annotator != G_MAXUINT &&
          strcmp (who, g_ptr_array_index (data->annotators, last_annotator)) == 0)
        annotator = last_annotator;
      else
        annotator = limn_server_team_data_intern (data->annotators, annotator_index, who);
      last_annotator = annotator;

      reviewed = GPOINTER_TO_UINT (g_hash_table_lookup (r->reviewed, column_text (stmt, 0)));
      if (reviewed != 0)
        g_array_index (r->owners, LimnServerTeamOwner, reviewed - 1) =
          (LimnServerTeamOwner) { task, annotator };

      if (sqlite3_column_int (stmt, 3) == 0)
        continue;   /* conflicted, or a reviewer's correction */

      c.revision = sqlite3_column_int64 (stmt, 4);
      c.order = sqlite3_column_int64 (stmt, 5);
      c.answer = (LimnServerTeamAnswer) {
        .task = task,
        .annotator = annotator,
        .received_us = sqlite3_column_int64 (stmt, 6),
        .guideline_version = sqlite3_column_type (stmt, 7) == SQLITE_NULL
                             ? -1 : sqlite3_column_int64 (stmt, 7),
        .confidence = sqlite3_column_type (stmt, 8) == SQLITE_NULL
                      ? -1 : sqlite3_column_double (stmt, 8),
        .active_ms = sqlite3_column_int64 (stmt, 9),
        .first_region = data->region_labels->len,
        .verdict = LIMN_SERVER_VERDICT_NONE,
        .model = sqlite3_column_int64 (stmt, 11) > 0,
      };
      limn_server_team_data_add_region_labels (data, &c.answer, column_text (stmt, 10));
      if (g_array_index (data->task_gold, gboolean, task))
        c.answer.regions = g_strdup (column_text (stmt, 12));
      g_array_append_val (candidates, c);
    }
  sqlite3_reset (stmt);

  limn_server_team_data_keep_first_answers (data, candidates);
  return TRUE;
}

static LimnServerTeamData *
sqlite_team_data (LimnServerTxn  *txn,
                  const char     *project_id,
                  GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  g_autoptr(LimnServerTeamData) data = limn_server_team_data_new ();
  Read r = {
    g_hash_table_new (g_str_hash, g_str_equal),
    g_string_chunk_new (64 * 1024),
    g_hash_table_new (g_str_hash, g_str_equal),
    g_array_new (FALSE, FALSE, sizeof (LimnServerTeamOwner)),
    g_array_new (FALSE, FALSE, sizeof (LimnServerTeamVerdict)),
  };
  gboolean ok;

  ok = read_tasks (sql, project_id, data, r.task_index, error) &&
       read_reviews (sql, &r, error) &&
       read_answers (sql, project_id, data, &r, error);
  if (ok)
    limn_server_team_data_apply_verdicts (data, r.owners, r.verdicts);

  g_hash_table_unref (r.task_index);
  g_hash_table_unref (r.reviewed);
  g_string_chunk_free (r.strings);
  g_array_unref (r.owners);
  g_array_unref (r.verdicts);
  return ok ? g_steal_pointer (&data) : NULL;
}

/* One row by primary key: kept by the triggers of migration 6. */
static gboolean
sqlite_team_version (LimnServerTxn  *txn,
                     const char     *project_id,
                     gint64         *version,
                     GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql, "SELECT coalesce (max (team_version), -1) FROM projects "
                              "WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  limn_sqlite_bind_text (stmt, 1, project_id);
  return limn_sqlite_query_int (sql, stmt, version, error);
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
  iface->team_version = sqlite_team_version;
  iface->list_project_staff = sqlite_list_project_staff;
  iface->get_meta = sqlite_get_meta;
  iface->insert_meta = sqlite_insert_meta;
  iface->list_alerts = sqlite_list_alerts;
  iface->insert_alert = sqlite_insert_alert;
  iface->update_alert = sqlite_update_alert;
}
