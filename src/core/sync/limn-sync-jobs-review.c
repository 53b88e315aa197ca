/* limn-sync-jobs-review.c
 *
 * The review routes' answers stored on the writer thread, each in one
 * transaction: a reviewer's leased items (with the project, as a claim
 * stores it), the review queue as listed, threads, and guidelines this
 * client published.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-sync"

#include "config.h"

#include "limn-sync-jobs.h"
#include "store/limn-store-guidelines.h"
#include "store/limn-store-review.h"
#include "store/limn-store-threads.h"

typedef struct
{
  char            *server_url;
  char            *project_id;
  LimnWireProject *project;
  GPtrArray       *items;
} ReviewData;

static void
review_data_free (gpointer data)
{
  ReviewData *d = data;

  g_free (d->server_url);
  g_free (d->project_id);
  g_clear_pointer (&d->project, limn_wire_project_free);
  g_clear_pointer (&d->items, g_ptr_array_unref);
  g_free (d);
}

static gpointer
review_claim_job (LimnStore  *store,
                  gpointer    data,
                  GError    **error)
{
  ReviewData *d = data;
  LimnProject *project = d->project->project;
  const char *project_id = limn_project_get_id (project);

  if (limn_store_project_exists (store, project_id))
    {
      g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_object_unref);
      GListModel *model = limn_project_get_labels (project);

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        g_ptr_array_add (labels, g_list_model_get_item (model, i));
      if (!limn_store_sync_save_labels (store, project_id, labels, error))
        return NULL;
    }

  if (!limn_store_save_project (store, project, error) ||
      !limn_store_set_project_remote (store, project_id, d->server_url, d->project->settings_json, error))
    return NULL;

  for (guint i = 0; i < d->items->len; i++)
    if (!limn_store_review_save_leased (store, project_id, g_ptr_array_index (d->items, i), error))
      return NULL;

  return GINT_TO_POINTER (TRUE);
}

void
limn_sync_jobs_apply_review_claim_async (LimnStoreWorker     *worker,
                                         const char          *server_url,
                                         LimnWireProject     *project,
                                         GPtrArray           *items,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  ReviewData *d = g_new0 (ReviewData, 1);

  d->server_url = g_strdup (server_url);
  d->project = project;
  d->items = items;

  limn_store_worker_run_async (worker, review_claim_job, d, review_data_free, NULL, NULL, callback, user_data);
}

static gpointer
review_queue_job (LimnStore  *store,
                  gpointer    data,
                  GError    **error)
{
  ReviewData *d = data;

  if (!limn_store_review_save_queue (store, d->project_id, d->items, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

void
limn_sync_jobs_save_review_queue_async (LimnStoreWorker     *worker,
                                        const char          *project_id,
                                        GPtrArray           *items,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  ReviewData *d = g_new0 (ReviewData, 1);

  d->project_id = g_strdup (project_id);
  d->items = items;

  limn_store_worker_run_async (worker, review_queue_job, d, review_data_free, NULL, NULL, callback, user_data);
}

static gpointer
threads_job (LimnStore  *store,
             gpointer    data,
             GError    **error)
{
  ReviewData *d = data;

  if (!limn_store_threads_save (store, d->project_id, d->items, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

void
limn_sync_jobs_save_threads_async (LimnStoreWorker     *worker,
                                   const char          *project_id,
                                   GPtrArray           *threads,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  ReviewData *d = g_new0 (ReviewData, 1);

  d->project_id = g_strdup (project_id);
  d->items = threads;

  limn_store_worker_run_async (worker, threads_job, d, review_data_free, NULL, NULL, callback, user_data);
}

typedef struct
{
  char   *project_id;
  gint64  version;
  char   *body;
  char   *summary;
} GuidelineData;

static void
guideline_data_free (gpointer data)
{
  GuidelineData *d = data;

  g_free (d->project_id);
  g_free (d->body);
  g_free (d->summary);
  g_free (d);
}

/* The same row a guidelines change from the feed writes, so the later
 * change of the same version only rewrites it. */
static gpointer
guideline_job (LimnStore  *store,
               gpointer    data,
               GError    **error)
{
  GuidelineData *d = data;

  if (limn_store_project_exists (store, d->project_id) &&
      !limn_store_sync_save_guideline (store, d->project_id, d->version, d->body, d->summary,
                                       NULL, 0, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

void
limn_sync_jobs_save_guideline_async (LimnStoreWorker     *worker,
                                     const char          *project_id,
                                     gint64               version,
                                     const char          *body,
                                     const char          *summary,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GuidelineData *d = g_new0 (GuidelineData, 1);

  d->project_id = g_strdup (project_id);
  d->version = version;
  d->body = g_strdup (body);
  d->summary = g_strdup (summary);

  limn_store_worker_run_async (worker, guideline_job, d, guideline_data_free, NULL, NULL, callback, user_data);
}
