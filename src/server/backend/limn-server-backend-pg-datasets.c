/* limn-server-backend-pg-datasets.c
 *
 * PostgreSQL storage calls on datasets and import, the same SQL meaning as
 * limn-server-backend-sqlite-datasets.c.
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
pg_list_tasks (LimnServerTxn *txn,
               const char    *project_id,
               GError        **error)
{
  (void)txn;
  (void)project_id;
  limn_pg_not_supported (error, "list_tasks");
  return NULL;
}

static GPtrArray *
pg_list_latest_revisions (LimnServerTxn *txn,
                          const char    *project_id,
                          GError        **error)
{
  (void)txn;
  (void)project_id;
  limn_pg_not_supported (error, "list_latest_revisions");
  return NULL;
}

static gboolean
pg_latest_dataset_version (LimnServerTxn *txn,
                           const char    *project_id,
                           gint64        *version,
                           GError        **error)
{
  (void)txn;
  (void)project_id;
  (void)version;
  limn_pg_not_supported (error, "latest_dataset_version");
  return FALSE;
}

static GPtrArray *
pg_list_datasets (LimnServerTxn *txn,
                  const char    *project_id,
                  GError        **error)
{
  (void)txn;
  (void)project_id;
  limn_pg_not_supported (error, "list_datasets");
  return NULL;
}

static gboolean
pg_get_dataset (LimnServerTxn     *txn,
                const char        *project_id,
                gint64            version,
                LimnServerDataset **dataset,
                GError            **error)
{
  (void)txn;
  (void)project_id;
  (void)version;
  (void)dataset;
  limn_pg_not_supported (error, "get_dataset");
  return FALSE;
}

static gboolean
pg_insert_dataset (LimnServerTxn           *txn,
                   const LimnServerDataset *dataset,
                   GError                  **error)
{
  (void)txn;
  (void)dataset;
  limn_pg_not_supported (error, "insert_dataset");
  return FALSE;
}

static gboolean
pg_set_task_suggestions (LimnServerTxn *txn,
                         const char    *task_id,
                         const char    *suggestions_json,
                         GError        **error)
{
  (void)txn;
  (void)task_id;
  (void)suggestions_json;
  limn_pg_not_supported (error, "set_task_suggestions");
  return FALSE;
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
