/* limn-sync-jobs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-media-cache.h"
#include "limn-sync-jobs.h"
#include "store/limn-store-guidelines.h"
#include "store/limn-store-notes.h"
#include "store/limn-store-review.h"
#include "store/limn-store-threads.h"
#include "text/limn-text-index.h"

#define DONE GINT_TO_POINTER (TRUE)

gboolean
limn_sync_jobs_finish (LimnStoreWorker  *worker,
                       GAsyncResult     *result,
                       GError          **error)
{
  return limn_store_worker_run_finish (worker, result, error) != NULL;
}

static void
run (LimnStoreWorker     *worker,
     LimnStoreJobFunc     func,
     gpointer             data,
     GDestroyNotify       data_free,
     GDestroyNotify       result_free,
     GAsyncReadyCallback  callback,
     gpointer             user_data)
{
  limn_store_worker_run_async (worker, func, data, data_free, result_free, NULL, callback, user_data);
}

/* Accounts */

typedef struct
{
  char       *server_url;
  LimnWireMe *me;
  char       *token_ref;
  gboolean    allow_insecure;
  char       *account_id;
  gint64      success_us;
  char       *message;
} AccountData;

static void
account_data_free (gpointer data)
{
  AccountData *d = data;

  g_free (d->server_url);
  g_clear_pointer (&d->me, limn_wire_me_free);
  g_free (d->token_ref);
  g_free (d->account_id);
  g_free (d->message);
  g_free (d);
}

static gpointer
ensure_account_job (LimnStore  *store,
                    gpointer    data,
                    GError    **error)
{
  AccountData *d = data;

  return limn_store_ensure_account (store, d->server_url, d->me, d->token_ref, d->allow_insecure, error);
}

void
limn_sync_jobs_ensure_account_async (LimnStoreWorker     *worker,
                                     const char          *server_url,
                                     const LimnWireMe    *me,
                                     const char          *token_ref,
                                     gboolean             allow_insecure,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  AccountData *d = g_new0 (AccountData, 1);

  d->server_url = g_strdup (server_url);
  d->me = g_new0 (LimnWireMe, 1);
  d->me->user_id = g_strdup (me->user_id);
  d->me->user_name = g_strdup (me->user_name);
  d->me->role = g_strdup (me->role);
  d->me->project_id = g_strdup (me->project_id);
  d->token_ref = g_strdup (token_ref);
  d->allow_insecure = allow_insecure;

  run (worker, ensure_account_job, d, account_data_free, (GDestroyNotify)limn_account_free,
       callback, user_data);
}

static gpointer
load_account_job (LimnStore  *store,
                  gpointer    data,
                  GError    **error)
{
  return limn_store_load_account (store, data, error);
}

void
limn_sync_jobs_load_account_async (LimnStoreWorker     *worker,
                                   const char          *account_id,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  run (worker, load_account_job, g_strdup (account_id), g_free, (GDestroyNotify)limn_account_free,
       callback, user_data);
}

LimnAccount *
limn_sync_jobs_account_finish (LimnStoreWorker  *worker,
                               GAsyncResult     *result,
                               GError          **error)
{
  return limn_store_worker_run_finish (worker, result, error);
}

static gpointer
delete_account_job (LimnStore  *store,
                    gpointer    data,
                    GError    **error)
{
  return limn_store_delete_account (store, data, error) ? DONE : NULL;
}

void
limn_sync_jobs_delete_account_async (LimnStoreWorker     *worker,
                                     const char          *account_id,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  run (worker, delete_account_job, g_strdup (account_id), g_free, NULL, callback, user_data);
}

static gpointer
set_outcome_job (LimnStore  *store,
                 gpointer    data,
                 GError    **error)
{
  AccountData *d = data;

  return limn_store_set_sync_outcome (store, d->account_id, d->success_us, d->message, error) ? DONE : NULL;
}

void
limn_sync_jobs_set_outcome_async (LimnStoreWorker     *worker,
                                  const char          *account_id,
                                  gint64               success_us,
                                  const char          *error_message,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  AccountData *d = g_new0 (AccountData, 1);

  d->account_id = g_strdup (account_id);
  d->success_us = success_us;
  d->message = g_strdup (error_message);

  run (worker, set_outcome_job, d, account_data_free, NULL, callback, user_data);
}

/* Batches */

typedef struct
{
  LimnAccount     *account;
  guint            max_items;
  gsize            max_bytes;
  GHashTable      *in_flight;
  LimnOutboxBatch *batch;
  GPtrArray       *results;
  char            *key;
  char            *reason;
} BatchData;

static void
batch_data_free (gpointer data)
{
  BatchData *d = data;

  g_clear_pointer (&d->in_flight, g_hash_table_unref);
  g_clear_pointer (&d->account, limn_account_free);
  g_clear_pointer (&d->batch, limn_outbox_batch_free);
  g_clear_pointer (&d->results, g_ptr_array_unref);
  g_free (d->key);
  g_free (d->reason);
  g_free (d);
}

GHashTable *
limn_sync_jobs_in_flight_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* Off the writer thread only through these jobs. */
static void
in_flight_remove (BatchData *d)
{
  if (d->in_flight != NULL && d->key != NULL)
    g_hash_table_remove (d->in_flight, d->key);
}

static gpointer
clear_in_flight_job (LimnStore  *store,
                     gpointer    data,
                     GError    **error)
{
  BatchData *d = data;

  g_hash_table_remove_all (d->in_flight);
  return DONE;
}

void
limn_sync_jobs_clear_in_flight_async (LimnStoreWorker *worker,
                                      GHashTable      *in_flight)
{
  BatchData *d = g_new0 (BatchData, 1);

  d->in_flight = g_hash_table_ref (in_flight);
  run (worker, clear_in_flight_job, d, batch_data_free, NULL, NULL, NULL);
}

static gpointer
take_batch_job (LimnStore  *store,
                gpointer    data,
                GError    **error)
{
  BatchData *d = data;
  g_autoptr(GError) local_error = NULL;
  LimnOutboxBatch *batch;

  batch = limn_store_outbox_take_batch (store, d->account, d->max_items, d->max_bytes, d->in_flight,
                                        &local_error);
  if (batch == NULL && local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* Nothing waiting: an empty batch, so the result is not mistaken for an error. */
  if (batch == NULL)
    batch = g_new0 (LimnOutboxBatch, 1);
  else if (d->in_flight != NULL)
    g_hash_table_add (d->in_flight, g_strdup (batch->key));

  return batch;
}

void
limn_sync_jobs_take_batch_async (LimnStoreWorker     *worker,
                                 const LimnAccount   *account,
                                 guint                max_items,
                                 gsize                max_bytes,
                                 GHashTable          *in_flight,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  BatchData *d = g_new0 (BatchData, 1);

  d->account = limn_account_copy (account);
  d->max_items = max_items;
  d->max_bytes = max_bytes;
  d->in_flight = in_flight != NULL ? g_hash_table_ref (in_flight) : NULL;

  run (worker, take_batch_job, d, batch_data_free, (GDestroyNotify)limn_outbox_batch_free,
       callback, user_data);
}

LimnOutboxBatch *
limn_sync_jobs_take_batch_finish (LimnStoreWorker  *worker,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  return limn_store_worker_run_finish (worker, result, error);
}

static gpointer
ack_batch_job (LimnStore  *store,
               gpointer    data,
               GError    **error)
{
  BatchData *d = data;

  if (!limn_store_outbox_ack_batch (store, d->batch->key, d->batch->kinds, d->results, error))
    return NULL;

  in_flight_remove (d);
  return DONE;
}

void
limn_sync_jobs_ack_batch_async (LimnStoreWorker     *worker,
                                GHashTable          *in_flight,
                                LimnOutboxBatch     *batch,
                                GPtrArray           *results,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  BatchData *d = g_new0 (BatchData, 1);

  d->in_flight = in_flight != NULL ? g_hash_table_ref (in_flight) : NULL;
  d->key = g_strdup (batch->key);

  /* The batch's key and kinds; the body stays with the caller. */
  d->batch = g_new0 (LimnOutboxBatch, 1);
  d->batch->key = g_strdup (batch->key);
  d->batch->kinds = g_ptr_array_ref (batch->kinds);
  d->results = results;

  run (worker, ack_batch_job, d, batch_data_free, NULL, callback, user_data);
}

static gpointer
release_batch_job (LimnStore  *store,
                   gpointer    data,
                   GError    **error)
{
  BatchData *d = data;

  if (!limn_store_outbox_release_batch (store, d->key, error))
    return NULL;

  in_flight_remove (d);
  return DONE;
}

void
limn_sync_jobs_release_batch_async (LimnStoreWorker     *worker,
                                    GHashTable          *in_flight,
                                    const char          *key,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  BatchData *d = g_new0 (BatchData, 1);

  d->in_flight = in_flight != NULL ? g_hash_table_ref (in_flight) : NULL;

  d->key = g_strdup (key);
  run (worker, release_batch_job, d, batch_data_free, NULL, callback, user_data);
}

static gpointer
reject_batch_job (LimnStore  *store,
                  gpointer    data,
                  GError    **error)
{
  BatchData *d = data;

  if (!limn_store_outbox_reject_batch (store, d->key, d->reason, error))
    return NULL;

  in_flight_remove (d);
  return DONE;
}

void
limn_sync_jobs_reject_batch_async (LimnStoreWorker     *worker,
                                   GHashTable          *in_flight,
                                   const char          *key,
                                   const char          *reason,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  BatchData *d = g_new0 (BatchData, 1);

  d->in_flight = in_flight != NULL ? g_hash_table_ref (in_flight) : NULL;

  d->key = g_strdup (key);
  d->reason = g_strdup (reason);
  run (worker, reject_batch_job, d, batch_data_free, NULL, callback, user_data);
}

static gpointer
rekey_batch_job (LimnStore  *store,
                 gpointer    data,
                 GError    **error)
{
  BatchData *d = data;
  char *new_key = limn_store_outbox_rekey_batch (store, d->key, error);

  /* The old key is done with; the batch is taken again under the new one. */
  if (new_key != NULL)
    in_flight_remove (d);

  return new_key;
}

void
limn_sync_jobs_rekey_batch_async (LimnStoreWorker     *worker,
                                  GHashTable          *in_flight,
                                  const char          *key,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  BatchData *d = g_new0 (BatchData, 1);

  d->in_flight = in_flight != NULL ? g_hash_table_ref (in_flight) : NULL;

  d->key = g_strdup (key);
  run (worker, rekey_batch_job, d, batch_data_free, g_free, callback, user_data);
}

char *
limn_sync_jobs_rekey_batch_finish (LimnStoreWorker  *worker,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  return limn_store_worker_run_finish (worker, result, error);
}

static gpointer
count_pending_job (LimnStore  *store,
                   gpointer    data,
                   GError    **error)
{
  BatchData *d = data;
  gint64 n[2];

  n[0] = limn_store_outbox_count_pending_for (store, d->account, error);
  if (n[0] < 0)
    return NULL;
  n[1] = limn_store_outbox_count_waiting_tasks_for (store, d->account, error);
  if (n[1] < 0)
    return NULL;

  return g_memdup2 (n, sizeof n);
}

void
limn_sync_jobs_count_pending_async (LimnStoreWorker     *worker,
                                    const LimnAccount   *account,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  BatchData *d = g_new0 (BatchData, 1);

  d->account = limn_account_copy (account);
  run (worker, count_pending_job, d, batch_data_free, g_free, callback, user_data);
}

gboolean
limn_sync_jobs_count_pending_finish (LimnStoreWorker  *worker,
                                     GAsyncResult     *result,
                                     gint64           *n_items,
                                     gint64           *n_tasks,
                                     GError          **error)
{
  g_autofree gint64 *n = limn_store_worker_run_finish (worker, result, error);

  if (n == NULL)
    return FALSE;

  *n_items = n[0];
  *n_tasks = n[1];
  return TRUE;
}

/* Changes and claims */

static gboolean
bad_change (GError     **error,
            const char  *what,
            const char  *id)
{
  g_set_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_BAD_RESPONSE,
               _("The server sent an invalid change: %s (%s). Nothing was saved."), what, id);
  return FALSE;
}

static gboolean
check_labels (LimnProject  *project,
              GPtrArray    *regions,
              const char   *task_id,
              GError      **error)
{
  for (guint i = 0; regions != NULL && i < regions->len; i++)
    {
      const LimnRegion *r = g_ptr_array_index (regions, i);

      if (limn_project_lookup_label (project, r->label_id) == NULL)
        return bad_change (error, _("a region’s label is not in the project"), task_id);
    }

  return TRUE;
}

/* What a region that does not fit its task is called in the error: a
 * gold answer's, or a reviewer's correction's (checked the same way). */
typedef struct
{
  const char *kind;
  const char *box;
  const char *span;
  const char *text;
} FitMessages;

static const FitMessages gold_messages = {
  N_("a gold region does not fit the task’s kind"),
  N_("a gold box is outside the image"),
  N_("a gold span is outside the text"),
  N_("a gold span’s text does not match"),
};

static const FitMessages correction_messages = {
  N_("a corrected region does not fit the task’s kind"),
  N_("a corrected box is outside the image"),
  N_("a corrected span is outside the text"),
  N_("a corrected span’s text does not match"),
};

/* Gold or corrected regions against the stored task: kind, bounds, text
 * and labels. */
static gboolean
check_fit (LimnStore          *store,
           LimnTask           *task,
           GPtrArray          *regions,
           const FitMessages  *messages,
           GError            **error)
{
  g_autoptr(LimnProject) project = NULL;
  g_autoptr(LimnTextIndex) index = NULL;
  const char *task_id = limn_task_get_id (task);
  LimnRegionKind kind = limn_task_get_kind (task) == LIMN_TASK_TEXT ? LIMN_REGION_SPAN : LIMN_REGION_BOX;

  project = limn_store_load_project (store, limn_task_get_project_id (task), error);
  if (project == NULL || !check_labels (project, regions, task_id, error))
    return FALSE;

  if (kind == LIMN_REGION_SPAN)
    {
      g_autofree char *text = limn_store_load_task_text (store, task_id, error);

      if (text == NULL)
        return FALSE;
      index = limn_text_index_new (text, -1, NULL);
      if (index == NULL)
        return bad_change (error, _("the task’s text is not valid"), task_id);
    }

  for (guint i = 0; i < regions->len; i++)
    {
      const LimnRegion *r = g_ptr_array_index (regions, i);

      if (r->kind != kind)
        return bad_change (error, _(messages->kind), task_id);

      if (kind == LIMN_REGION_BOX)
        {
          double w = limn_task_get_width (task), h = limn_task_get_height (task);

          if (w > 0 && (r->box.x + r->box.w > w || r->box.y + r->box.h > h))
            return bad_change (error, _(messages->box), task_id);
        }
      else
        {
          if (r->end > limn_text_index_get_n_chars (index))
            return bad_change (error, _(messages->span), task_id);
          if (r->text != NULL)
            {
              g_autofree char *covered = limn_text_index_substring (index, r->start, r->end);

              if (!g_str_equal (covered, r->text))
                return bad_change (error, _(messages->text), task_id);
            }
        }
    }

  return TRUE;
}

static gboolean
save_leased_task (LimnStore           *store,
                  LimnWireAssignment  *a,
                  const char          *media_dir,
                  GError             **error)
{
  const char *sha256 = limn_task_get_media_sha256 (a->task);

  if (sha256 != NULL)
    {
      g_autofree char *path = limn_media_cache_path (media_dir, sha256);

      limn_task_set_media_path (a->task, path);
    }

  return limn_store_sync_save_assignment (store, a, error);
}

typedef struct
{
  char            *account_id;
  char            *media_dir;
  char            *server_url;
  LimnWireChanges *changes;
  LimnWireProject *project;
  GPtrArray       *assignments;
  gboolean         hide;      /* the claimer is an annotator: apply hidden_task_fields */
} ApplyData;

static void
apply_data_free (gpointer data)
{
  ApplyData *d = data;

  g_free (d->account_id);
  g_free (d->media_dir);
  g_free (d->server_url);
  g_clear_pointer (&d->changes, limn_wire_changes_free);
  g_clear_pointer (&d->project, limn_wire_project_free);
  g_clear_pointer (&d->assignments, g_ptr_array_unref);
  g_free (d);
}

/* A verdict on my work; its correction's regions must fit my task. */
static gboolean
apply_review (LimnStore       *store,
              LimnWireChange  *c,
              GError         **error)
{
  if (c->review->correction != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(LimnTask) task = limn_store_load_task (store, c->task_id,
                                                       limn_store_get_local_annotator (store),
                                                       &local_error);

      if (task == NULL && !g_error_matches (local_error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (task != NULL &&
          !check_fit (store, task, c->review->correction->regions, &correction_messages, error))
        return FALSE;
    }

  return limn_store_sync_apply_review (store, c->review, error);
}

static gboolean
apply_change (LimnStore       *store,
              LimnWireChange  *c,
              const char      *media_dir,
              const char      *user_name,
              GError         **error)
{
  switch (c->kind)
    {
    case LIMN_WIRE_CHANGE_ASSIGNMENT:
      if (c->assignment != NULL)
        {
          g_autoptr(LimnProject) project = NULL;

          /* A lease in a project this client has not claimed from yet:
           * the next claim brings the project with it. */
          if (!limn_store_project_exists (store, c->project_id))
            return TRUE;

          project = limn_store_load_project (store, c->project_id, error);
          if (project == NULL ||
              !check_labels (project, c->assignment->suggestions, c->task_id, error) ||
              !save_leased_task (store, c->assignment, media_dir, error))
            return FALSE;
        }
      else if (!limn_store_sync_renew_assignment (store, c->task_id, c->assignment_id,
                                                  c->lease_expires_us, error))
        return FALSE;

      /* A sent-back task's fresh lease: mine to redo, first in the list. */
      return !c->rework || limn_store_sync_apply_rework (store, c->task_id, error);

    case LIMN_WIRE_CHANGE_REVIEW:
      return apply_review (store, c, error);

    case LIMN_WIRE_CHANGE_MESSAGE:
      return limn_store_sync_apply_message (store, c->message, error);

    case LIMN_WIRE_CHANGE_NOTE:
      return limn_store_sync_apply_note (store, c->note, user_name, error);

    case LIMN_WIRE_CHANGE_ASSIGNMENT_EXPIRED:
      if (c->restored_state != NULL)
        return limn_store_sync_withdraw_assignment (store, c->task_id, c->restored_state, error);
      return limn_store_sync_expire_assignment (store, c->task_id, error);

    case LIMN_WIRE_CHANGE_GUIDELINES:
      if (!limn_store_project_exists (store, c->project_id))
        return TRUE;
      return limn_store_sync_save_guideline (store, c->project_id, c->version, c->body, c->summary,
                                             c->translations,
                                             c->published_us, error);

    case LIMN_WIRE_CHANGE_LABELS:
      if (!limn_store_project_exists (store, c->project_id))
        return TRUE;
      return limn_store_sync_save_labels (store, c->project_id, c->labels, error);

    case LIMN_WIRE_CHANGE_GOLD:
      {
        g_autoptr(GError) local_error = NULL;
        g_autoptr(LimnTask) task = limn_store_load_task (store, c->task_id,
                                                         limn_store_get_local_annotator (store),
                                                         &local_error);

        if (task == NULL)
          {
            if (g_error_matches (local_error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND))
              return TRUE;
            g_propagate_error (error, g_steal_pointer (&local_error));
            return FALSE;
          }

        if (!check_fit (store, task, c->regions, &gold_messages, error))
          return FALSE;

        return limn_store_sync_save_gold (store, c->task_id, c->regions_json, error) &&
               (c->training_json == NULL ||
                limn_store_sync_save_training (store, c->task_id, c->training_json, error));
      }

    case LIMN_WIRE_CHANGE_UNKNOWN:
    default:
      return TRUE;
    }
}

static gpointer
apply_changes_job (LimnStore  *store,
                   gpointer    data,
                   GError    **error)
{
  ApplyData *d = data;
  g_autoptr(LimnAccount) account = NULL;
  g_autoptr(GError) local_error = NULL;

  /* Notes are for this account's user. */
  account = limn_store_load_account (store, d->account_id, &local_error);

  for (guint i = 0; i < d->changes->changes->len; i++)
    if (!apply_change (store, g_ptr_array_index (d->changes->changes, i), d->media_dir,
                       account != NULL ? account->user_name : NULL, error))
      return NULL;

  /* The cursor moves in the same transaction as what it covers. */
  if (!limn_store_set_cursor (store, d->account_id, d->changes->cursor, error))
    return NULL;

  return DONE;
}

void
limn_sync_jobs_apply_changes_async (LimnStoreWorker     *worker,
                                    const char          *account_id,
                                    const char          *media_dir,
                                    LimnWireChanges     *changes,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  ApplyData *d = g_new0 (ApplyData, 1);

  d->account_id = g_strdup (account_id);
  d->media_dir = g_strdup (media_dir);
  d->changes = changes;

  run (worker, apply_changes_job, d, apply_data_free, NULL, callback, user_data);
}

static gpointer
apply_claim_job (LimnStore  *store,
                 gpointer    data,
                 GError    **error)
{
  ApplyData *d = data;
  LimnProject *project = d->project->project;
  const char *project_id = limn_project_get_id (project);
  guint n_new = 0;

  /* Labels first when the project is known (renames may swap names),
   * then the project with its labels and guidelines. */
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
  /* Fields the project hides now, gone from tasks received before. */
  if (d->hide &&
      !limn_store_hide_task_fields (store, project_id,
                                    (const char * const *) d->project->hidden_task_fields, error))
    return NULL;

  for (guint i = 0; i < d->assignments->len; i++)
    {
      LimnWireAssignment *a = g_ptr_array_index (d->assignments, i);

      /* The server gives leases already held first: those are not new. */
      if (!limn_store_sync_holds_assignment (store, a->assignment_id))
        n_new++;
      if (!save_leased_task (store, a, d->media_dir, error))
        return NULL;
    }

  return g_memdup2 (&n_new, sizeof n_new);
}

void
limn_sync_jobs_apply_claim_async (LimnStoreWorker     *worker,
                                  const char          *server_url,
                                  const char          *media_dir,
                                  LimnWireProject     *project,
                                  GPtrArray           *assignments,
                                  gboolean             annotator,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  ApplyData *d = g_new0 (ApplyData, 1);

  d->server_url = g_strdup (server_url);
  d->media_dir = g_strdup (media_dir);
  d->project = project;
  d->hide = annotator;
  d->assignments = assignments;

  run (worker, apply_claim_job, d, apply_data_free, g_free, callback, user_data);
}

gboolean
limn_sync_jobs_apply_claim_finish (LimnStoreWorker  *worker,
                                   GAsyncResult     *result,
                                   guint            *n_new,
                                   GError          **error)
{
  g_autofree guint *n = limn_store_worker_run_finish (worker, result, error);

  if (n == NULL)
    return FALSE;

  *n_new = *n;
  return TRUE;
}

/* Media */

typedef struct
{
  LimnAccount *account;
  char        *media_dir;
  guint        limit;
} MediaData;

static void
media_data_free (gpointer data)
{
  MediaData *d = data;

  g_clear_pointer (&d->account, limn_account_free);
  g_free (d->media_dir);
  g_free (d);
}

static gpointer
missing_media_job (LimnStore  *store,
                   gpointer    data,
                   GError    **error)
{
  MediaData *d = data;
  g_autoptr(GPtrArray) items = limn_store_sync_list_task_media (store, d->account, d->limit, error);

  if (items == NULL)
    return NULL;

  /* On this thread, so the main loop never waits on a stat. */
  for (guint i = items->len; i > 0; i--)
    {
      LimnMediaItem *item = g_ptr_array_index (items, i - 1);
      g_autofree char *path = limn_media_cache_path (d->media_dir, item->sha256);

      if (path == NULL || g_file_test (path, G_FILE_TEST_EXISTS))
        g_ptr_array_remove_index (items, i - 1);
    }

  return g_steal_pointer (&items);
}

void
limn_sync_jobs_list_missing_media_async (LimnStoreWorker     *worker,
                                         const LimnAccount   *account,
                                         const char          *media_dir,
                                         guint                limit,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  MediaData *d = g_new0 (MediaData, 1);

  d->account = limn_account_copy (account);
  d->media_dir = g_strdup (media_dir);
  d->limit = limit;
  run (worker, missing_media_job, d, media_data_free, (GDestroyNotify)g_ptr_array_unref, callback, user_data);
}

GPtrArray *
limn_sync_jobs_list_missing_media_finish (LimnStoreWorker  *worker,
                                          GAsyncResult     *result,
                                          GError          **error)
{
  return limn_store_worker_run_finish (worker, result, error);
}
