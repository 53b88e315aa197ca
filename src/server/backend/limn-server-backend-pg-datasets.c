/* limn-server-backend-pg-datasets.c
 *
 * PostgreSQL storage calls on dataset versions and import, the same SQL
 * meaning as limn-server-backend-sqlite-datasets.c. Where SQLite breaks
 * ties by rowid, recv_seq does; text is sorted COLLATE "C", byte order as
 * SQLite's BINARY, whatever the database's locale. Snapshots are bytea.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "limn-server-backend-pg-private.h"

static gpointer
read_task_row (const PGresult *res,
               int             row)
{
  return limn_pg_read_task (res, row, 0);
}

static GPtrArray *
pg_list_tasks (LimnServerTxn  *txn,
               const char     *project_id,
               GError        **error)
{
  static const LimnPgStatement stmt = {
    "list_tasks",
    "SELECT " LIMN_PG_TASK_COLUMNS " FROM tasks t "
    "WHERE t.project_id = $1 ORDER BY t.position, t.id COLLATE \"C\"", 1,
  };
  const char *values[] = { project_id };

  return limn_pg_collect_rows (txn, &stmt, values, read_task_row,
                               (GDestroyNotify)limn_server_task_free, error);
}

static gpointer
read_revision (const PGresult *res,
               int             row)
{
  LimnServerRevision *r = g_new0 (LimnServerRevision, 1);

  r->id = limn_pg_dup (res, row, 0);
  r->task_id = limn_pg_dup (res, row, 1);
  r->annotator = limn_pg_dup (res, row, 2);
  r->author = limn_pg_dup (res, row, 3);
  r->revision = limn_pg_int64 (res, row, 4);
  r->guideline_version = limn_pg_int64 (res, row, 5);
  r->submitted_us = limn_pg_int64 (res, row, 6);
  r->regions = limn_pg_dup (res, row, 7);
  r->reviewer = limn_pg_dup (res, row, 8);

  return r;
}

/* The reviewer is the last one whose applied review accepted the revision
 * or made it (a correction), as the app's export reads it. */
static GPtrArray *
pg_list_latest_revisions (LimnServerTxn  *txn,
                          const char     *project_id,
                          GError        **error)
{
  static const LimnPgStatement stmt = {
    "list_latest_revisions",
    "SELECT a.id, a.task_id, a.annotator, a.author, a.revision, "
    "  coalesce (a.guideline_version, 0), a.submitted_us, a.regions, "
    "  (SELECT r.reviewer FROM reviews r "
    "   WHERE r.state = 'applied' "
    "     AND ((r.annotation_id = a.id AND r.verdict = 'accept') "
    "          OR r.correction_id = a.id) "
    "   ORDER BY r.created_us DESC, r.recv_seq DESC LIMIT 1) "
    "FROM annotations a JOIN tasks t ON t.id = a.task_id "
    "WHERE a.project_id = $1 AND a.state = 'submitted' "
    "  AND a.revision = (SELECT max (b.revision) FROM annotations b "
    "                    WHERE b.task_id = a.task_id "
    "                      AND b.annotator = a.annotator "
    "                      AND b.state = 'submitted') "
    "ORDER BY t.position, t.id COLLATE \"C\", a.annotator COLLATE \"C\"", 1,
  };
  const char *values[] = { project_id };

  return limn_pg_collect_rows (txn, &stmt, values, read_revision,
                               (GDestroyNotify)limn_server_revision_free, error);
}

static gboolean
pg_latest_dataset_version (LimnServerTxn  *txn,
                           const char     *project_id,
                           gint64         *version,
                           GError        **error)
{
  static const LimnPgStatement stmt = {
    "latest_dataset_version",
    "SELECT coalesce (max (version), 0) FROM datasets WHERE project_id = $1", 1,
  };
  const char *values[] = { project_id };

  return limn_pg_query_int64 (txn, &stmt, values, version, error);
}

#define DATASET_COLUMNS \
  "project_id, version, method, min_iou, guideline_version, note, created_by, created_us, " \
  "items, regions, manifest, snapshot_sha256"

static LimnServerDataset *
read_dataset_row (const PGresult *res,
                  int             row)
{
  LimnServerDataset *d = g_new0 (LimnServerDataset, 1);

  d->project_id = limn_pg_dup (res, row, 0);
  d->version = limn_pg_int64 (res, row, 1);
  d->method = limn_pg_dup (res, row, 2);
  d->min_iou = limn_pg_double (res, row, 3);
  d->guideline_version = limn_pg_int64 (res, row, 4);
  d->note = limn_pg_dup (res, row, 5);
  d->created_by = limn_pg_dup (res, row, 6);
  d->created_us = limn_pg_int64 (res, row, 7);
  d->items = limn_pg_int64 (res, row, 8);
  d->regions = limn_pg_int64 (res, row, 9);
  d->manifest = limn_pg_dup (res, row, 10);
  d->snapshot_sha256 = limn_pg_dup (res, row, 11);

  return d;
}

static gpointer
read_dataset (const PGresult *res,
              int             row)
{
  return read_dataset_row (res, row);
}

/* Without the snapshots: listing versions must not read every blob. */
static GPtrArray *
pg_list_datasets (LimnServerTxn  *txn,
                  const char     *project_id,
                  GError        **error)
{
  static const LimnPgStatement stmt = {
    "list_datasets",
    "SELECT " DATASET_COLUMNS " FROM datasets WHERE project_id = $1 ORDER BY version", 1,
  };
  const char *values[] = { project_id };

  return limn_pg_collect_rows (txn, &stmt, values, read_dataset,
                               (GDestroyNotify)limn_server_dataset_free, error);
}

static gboolean
pg_get_dataset (LimnServerTxn       *txn,
                const char          *project_id,
                gint64               version,
                LimnServerDataset  **dataset,
                GError             **error)
{
  static const LimnPgStatement stmt = {
    "get_dataset",
    "SELECT " DATASET_COLUMNS ", snapshot FROM datasets "
    "WHERE project_id = $1 AND version = $2", 2,
  };
  LimnPgNum n_version;
  const char *values[] = { project_id, limn_pg_int64_param (&n_version, version) };
  g_autoptr(PGresult) res = NULL;

  *dataset = NULL;
  if (!limn_pg_run (txn, &stmt, values, &res, error))
    return FALSE;
  if (PQntuples (res) > 0)
    {
      LimnServerDataset *d = read_dataset_row (res, 0);

      d->snapshot = limn_pg_bytes (res, 0, 12);
      if (d->snapshot == NULL)
        d->snapshot = g_bytes_new (NULL, 0);
      *dataset = d;
    }

  return TRUE;
}

static gboolean
pg_insert_dataset (LimnServerTxn            *txn,
                   const LimnServerDataset  *d,
                   GError                  **error)
{
  static const LimnPgStatement stmt = {
    "insert_dataset",
    "INSERT INTO datasets (" DATASET_COLUMNS ", snapshot) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)", 13,
  };
  LimnPgNum n_version, n_min_iou, n_guideline, n_created, n_items, n_regions;
  g_autofree char *snapshot = limn_pg_bytes_param (d->snapshot);
  const char *values[] = {
    d->project_id,
    limn_pg_int64_param (&n_version, d->version),
    d->method,
    limn_pg_double_param (&n_min_iou, d->min_iou),
    limn_pg_int64_param (&n_guideline, d->guideline_version),
    d->note ? d->note : "",
    d->created_by,
    limn_pg_int64_param (&n_created, d->created_us),
    limn_pg_int64_param (&n_items, d->items),
    limn_pg_int64_param (&n_regions, d->regions),
    d->manifest,
    d->snapshot_sha256,
    snapshot,
  };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

static gboolean
pg_set_task_suggestions (LimnServerTxn  *txn,
                         const char     *task_id,
                         const char     *suggestions_json,
                         GError        **error)
{
  static const LimnPgStatement stmt = {
    "set_task_suggestions",
    "UPDATE tasks SET suggestions = $1 WHERE id = $2", 2,
  };
  const char *values[] = { suggestions_json, task_id };

  return limn_pg_run (txn, &stmt, values, NULL, error);
}

void
limn_server_pg_datasets_init (LimnServerBackendInterface *iface)
{
  iface->list_tasks = pg_list_tasks;
  iface->list_latest_revisions = pg_list_latest_revisions;
  iface->latest_dataset_version = pg_latest_dataset_version;
  iface->list_datasets = pg_list_datasets;
  iface->get_dataset = pg_get_dataset;
  iface->insert_dataset = pg_insert_dataset;
  iface->set_task_suggestions = pg_set_task_suggestions;
}
