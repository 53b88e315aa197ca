/* limn-server-backend-sqlite-datasets.c
 *
 * The SQLite backend's storage calls for dataset versions and import.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "limn-server-backend-sqlite-private.h"

static gpointer
read_task_row (sqlite3_stmt *stmt)
{
  return limn_server_sqlite_read_task (stmt, 0);
}

static GPtrArray *
sqlite_list_tasks (LimnServerTxn  *txn,
                   const char     *project_id,
                   GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT " LIMN_SERVER_SQLITE_TASK_COLUMNS " FROM tasks t "
                              "WHERE t.project_id = ? ORDER BY t.position, t.id", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, project_id);
  return limn_server_sqlite_collect_rows (sql, stmt, read_task_row,
                                          (GDestroyNotify)limn_server_task_free, error);
}

static gpointer
read_revision (sqlite3_stmt *stmt)
{
  LimnServerRevision *r = g_new0 (LimnServerRevision, 1);

  r->id = limn_sqlite_column_dup (stmt, 0);
  r->task_id = limn_sqlite_column_dup (stmt, 1);
  r->annotator = limn_sqlite_column_dup (stmt, 2);
  r->author = limn_sqlite_column_dup (stmt, 3);
  r->revision = sqlite3_column_int64 (stmt, 4);
  r->guideline_version = sqlite3_column_int64 (stmt, 5);
  r->submitted_us = sqlite3_column_int64 (stmt, 6);
  r->regions = limn_sqlite_column_dup (stmt, 7);
  r->reviewer = limn_sqlite_column_dup (stmt, 8);

  return r;
}

/* The reviewer is the last one whose applied review accepted the revision
 * or made it (a correction), as the app's export reads it. */
static GPtrArray *
sqlite_list_latest_revisions (LimnServerTxn  *txn,
                              const char     *project_id,
                              GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT a.id, a.task_id, a.annotator, a.author, a.revision, "
                              "  coalesce (a.guideline_version, 0), a.submitted_us, a.regions, "
                              "  (SELECT r.reviewer FROM reviews r "
                              "   WHERE r.state = 'applied' "
                              "     AND ((r.annotation_id = a.id AND r.verdict = 'accept') "
                              "          OR r.correction_id = a.id) "
                              "   ORDER BY r.created_us DESC, r.rowid DESC LIMIT 1) "
                              "FROM annotations a JOIN tasks t ON t.id = a.task_id "
                              "WHERE a.project_id = ?1 AND a.state = 'submitted' "
                              "  AND a.revision = (SELECT max (b.revision) FROM annotations b "
                              "                    WHERE b.task_id = a.task_id "
                              "                      AND b.annotator = a.annotator "
                              "                      AND b.state = 'submitted') "
                              "ORDER BY t.position, t.id, a.annotator", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, project_id);
  return limn_server_sqlite_collect_rows (sql, stmt, read_revision,
                                          (GDestroyNotify)limn_server_revision_free, error);
}

static gboolean
sqlite_latest_dataset_version (LimnServerTxn  *txn,
                               const char     *project_id,
                               gint64         *version,
                               GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT coalesce (max (version), 0) FROM datasets "
                              "WHERE project_id = ?", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, project_id);
  return limn_sqlite_query_int (sql, stmt, version, error);
}

#define DATASET_COLUMNS \
  "project_id, version, method, min_iou, guideline_version, note, created_by, created_us, " \
  "items, regions, manifest, snapshot_sha256"

static gpointer
read_dataset (sqlite3_stmt *stmt)
{
  LimnServerDataset *d = g_new0 (LimnServerDataset, 1);

  d->project_id = limn_sqlite_column_dup (stmt, 0);
  d->version = sqlite3_column_int64 (stmt, 1);
  d->method = limn_sqlite_column_dup (stmt, 2);
  d->min_iou = sqlite3_column_double (stmt, 3);
  d->guideline_version = sqlite3_column_int64 (stmt, 4);
  d->note = limn_sqlite_column_dup (stmt, 5);
  d->created_by = limn_sqlite_column_dup (stmt, 6);
  d->created_us = sqlite3_column_int64 (stmt, 7);
  d->items = sqlite3_column_int64 (stmt, 8);
  d->regions = sqlite3_column_int64 (stmt, 9);
  d->manifest = limn_sqlite_column_dup (stmt, 10);
  d->snapshot_sha256 = limn_sqlite_column_dup (stmt, 11);

  return d;
}

static GPtrArray *
sqlite_list_datasets (LimnServerTxn  *txn,
                      const char     *project_id,
                      GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql,
                              "SELECT " DATASET_COLUMNS " FROM datasets "
                              "WHERE project_id = ? ORDER BY version", error);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, project_id);
  return limn_server_sqlite_collect_rows (sql, stmt, read_dataset,
                                          (GDestroyNotify)limn_server_dataset_free, error);
}

static gboolean
sqlite_get_dataset (LimnServerTxn       *txn,
                    const char          *project_id,
                    gint64               version,
                    LimnServerDataset  **dataset,
                    GError             **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;
  gboolean has_row;

  *dataset = NULL;
  stmt = limn_sqlite_prepare (sql,
                              "SELECT " DATASET_COLUMNS ", snapshot FROM datasets "
                              "WHERE project_id = ? AND version = ?", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, project_id);
  sqlite3_bind_int64 (stmt, 2, version);
  if (!limn_sqlite_step_row (sql, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      LimnServerDataset *d = read_dataset (stmt);

      d->snapshot = g_bytes_new (sqlite3_column_blob (stmt, 12), sqlite3_column_bytes (stmt, 12));
      *dataset = d;
    }
  sqlite3_reset (stmt);

  return TRUE;
}

static gboolean
sqlite_insert_dataset (LimnServerTxn            *txn,
                       const LimnServerDataset  *d,
                       GError                  **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;
  gsize size;
  gconstpointer bytes = g_bytes_get_data (d->snapshot, &size);

  stmt = limn_sqlite_prepare (sql,
                              "INSERT INTO datasets (" DATASET_COLUMNS ", snapshot) "
                              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, d->project_id);
  sqlite3_bind_int64 (stmt, 2, d->version);
  limn_sqlite_bind_text (stmt, 3, d->method);
  sqlite3_bind_double (stmt, 4, d->min_iou);
  sqlite3_bind_int64 (stmt, 5, d->guideline_version);
  limn_sqlite_bind_text (stmt, 6, d->note ? d->note : "");
  limn_sqlite_bind_text (stmt, 7, d->created_by);
  sqlite3_bind_int64 (stmt, 8, d->created_us);
  sqlite3_bind_int64 (stmt, 9, d->items);
  sqlite3_bind_int64 (stmt, 10, d->regions);
  limn_sqlite_bind_text (stmt, 11, d->manifest);
  limn_sqlite_bind_text (stmt, 12, d->snapshot_sha256);
  /* A zero-length blob would bind as NULL with a NULL pointer. */
  sqlite3_bind_blob (stmt, 13, size ? bytes : "", size, SQLITE_TRANSIENT);

  return limn_sqlite_step_done (sql, stmt, error);
}

static gboolean
sqlite_set_task_suggestions (LimnServerTxn  *txn,
                             const char     *task_id,
                             const char     *suggestions_json,
                             GError        **error)
{
  LimnSqlite *sql = limn_server_sqlite_txn_sql (txn);
  sqlite3_stmt *stmt;

  stmt = limn_sqlite_prepare (sql, "UPDATE tasks SET suggestions = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, suggestions_json);
  limn_sqlite_bind_text (stmt, 2, task_id);
  return limn_sqlite_step_done (sql, stmt, error);
}

void
limn_server_sqlite_datasets_init (LimnServerBackendInterface *iface)
{
  iface->list_tasks = sqlite_list_tasks;
  iface->list_latest_revisions = sqlite_list_latest_revisions;
  iface->latest_dataset_version = sqlite_latest_dataset_version;
  iface->list_datasets = sqlite_list_datasets;
  iface->get_dataset = sqlite_get_dataset;
  iface->insert_dataset = sqlite_insert_dataset;
  iface->set_task_suggestions = sqlite_set_task_suggestions;
}
