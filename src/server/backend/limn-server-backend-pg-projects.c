/* limn-server-backend-pg-projects.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "limn-server-backend-pg-private.h"

static gboolean
pg_insert_project (LimnServerTxn           *txn,
                   const LimnServerProject *project,
                   gint64                  now_us,
                   GError                  **error)
{
  (void)txn;
  (void)project;
  (void)now_us;
  limn_pg_not_supported (error, "insert_project");
  return FALSE;
}

static gboolean
pg_get_project (LimnServerTxn     *txn,
                const char        *project_id,
                LimnServerProject **project,
                GError            **error)
{
  (void)txn;
  (void)project_id;
  (void)project;
  limn_pg_not_supported (error, "get_project");
  return FALSE;
}

static GPtrArray *
pg_list_project_ids (LimnServerTxn *txn,
                     GError        **error)
{
  (void)txn;
  limn_pg_not_supported (error, "list_project_ids");
  return NULL;
}

static gboolean
pg_get_settings (LimnServerTxn      *txn,
                 const char         *project_id,
                 LimnServerSettings *settings,
                 gboolean           *found,
                 GError             **error)
{
  (void)txn;
  (void)project_id;
  (void)settings;
  (void)found;
  limn_pg_not_supported (error, "get_settings");
  return FALSE;
}

static gboolean
pg_update_settings (LimnServerTxn            *txn,
                    const char               *project_id,
                    const LimnServerSettings *settings,
                    GError                   **error)
{
  (void)txn;
  (void)project_id;
  (void)settings;
  limn_pg_not_supported (error, "update_settings");
  return FALSE;
}

static GPtrArray *
pg_project_status (LimnServerTxn *txn,
                   const char    *project_id,
                   GError        **error)
{
  (void)txn;
  (void)project_id;
  limn_pg_not_supported (error, "project_status");
  return NULL;
}

static LimnServerInventory *
pg_inventory (LimnServerTxn *txn,
              const char    *project_id,
              GError        **error)
{
  (void)txn;
  (void)project_id;
  limn_pg_not_supported (error, "inventory");
  return NULL;
}

static GHashTable    *
pg_get_tasks (LimnServerTxn      *txn,
              const char * const *task_ids,
              GError             **error)
{
  (void)txn;
  (void)task_ids;
  limn_pg_not_supported (error, "get_tasks");
  return NULL;
}

static gboolean
pg_lookup_task_project (LimnServerTxn *txn,
                        const char    *task_id,
                        char          **project_id,
                        GError        **error)
{
  (void)txn;
  (void)task_id;
  (void)project_id;
  limn_pg_not_supported (error, "lookup_task_project");
  return FALSE;
}

static gboolean
pg_next_task_position (LimnServerTxn *txn,
                       const char    *project_id,
                       gint64        *position,
                       GError        **error)
{
  (void)txn;
  (void)project_id;
  (void)position;
  limn_pg_not_supported (error, "next_task_position");
  return FALSE;
}

static gboolean
pg_insert_task (LimnServerTxn        *txn,
                const LimnServerTask *task,
                gint64               now_us,
                GError               **error)
{
  (void)txn;
  (void)task;
  (void)now_us;
  limn_pg_not_supported (error, "insert_task");
  return FALSE;
}

static gboolean
pg_set_task_gold (LimnServerTxn *txn,
                  const char    *task_id,
                  const char    *answer_json,
                  GError        **error)
{
  (void)txn;
  (void)task_id;
  (void)answer_json;
  limn_pg_not_supported (error, "set_task_gold");
  return FALSE;
}

static gboolean
pg_get_task_gold (LimnServerTxn *txn,
                  const char    *task_id,
                  gboolean      *is_gold,
                  char          **answer_json,
                  GError        **error)
{
  (void)txn;
  (void)task_id;
  (void)is_gold;
  (void)answer_json;
  limn_pg_not_supported (error, "get_task_gold");
  return FALSE;
}

static GPtrArray *
pg_list_gold_answers (LimnServerTxn *txn,
                      const char    *project_id,
                      GError        **error)
{
  (void)txn;
  (void)project_id;
  limn_pg_not_supported (error, "list_gold_answers");
  return NULL;
}

static gboolean
pg_find_media (LimnServerTxn *txn,
               const char    *sha256,
               const char    *project_id,
               const char    *holder,
               gboolean      *found,
               char          **mime,
               GError        **error)
{
  (void)txn;
  (void)sha256;
  (void)project_id;
  (void)holder;
  (void)found;
  (void)mime;
  limn_pg_not_supported (error, "find_media");
  return FALSE;
}

static gboolean
pg_insert_label (LimnServerTxn         *txn,
                 const char            *project_id,
                 const LimnServerLabel *label,
                 gint64                position,
                 GError                **error)
{
  (void)txn;
  (void)project_id;
  (void)label;
  (void)position;
  limn_pg_not_supported (error, "insert_label");
  return FALSE;
}

static gboolean
pg_update_label (LimnServerTxn         *txn,
                 const LimnServerLabel *label,
                 GError                **error)
{
  (void)txn;
  (void)label;
  limn_pg_not_supported (error, "update_label");
  return FALSE;
}

static gboolean
pg_insert_guideline (LimnServerTxn *txn,
                     const char    *project_id,
                     gint64        version,
                     const char    *body,
                     const char    *summary,
                     const char    *published_by,
                     gint64        now_us,
                     GError        **error)
{
  (void)txn;
  (void)project_id;
  (void)version;
  (void)body;
  (void)summary;
  (void)published_by;
  (void)now_us;
  limn_pg_not_supported (error, "insert_guideline");
  return FALSE;
}

static gboolean
pg_latest_guideline_version (LimnServerTxn *txn,
                             const char    *project_id,
                             gint64        *version,
                             GError        **error)
{
  (void)txn;
  (void)project_id;
  (void)version;
  limn_pg_not_supported (error, "latest_guideline_version");
  return FALSE;
}

void
limn_server_pg_projects_init (LimnServerBackendInterface *iface)
{
  iface->insert_project = pg_insert_project;
  iface->get_project = pg_get_project;
  iface->list_project_ids = pg_list_project_ids;
  iface->get_settings = pg_get_settings;
  iface->update_settings = pg_update_settings;
  iface->project_status = pg_project_status;
  iface->inventory = pg_inventory;
  iface->get_tasks = pg_get_tasks;
  iface->lookup_task_project = pg_lookup_task_project;
  iface->next_task_position = pg_next_task_position;
  iface->insert_task = pg_insert_task;
  iface->set_task_gold = pg_set_task_gold;
  iface->get_task_gold = pg_get_task_gold;
  iface->list_gold_answers = pg_list_gold_answers;
  iface->find_media = pg_find_media;
  iface->insert_label = pg_insert_label;
  iface->update_label = pg_update_label;
  iface->insert_guideline = pg_insert_guideline;
  iface->latest_guideline_version = pg_latest_guideline_version;
}
