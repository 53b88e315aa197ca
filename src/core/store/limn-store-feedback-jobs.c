/* limn-store-feedback-jobs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-store"

#include "config.h"

#include "limn-store-changes.h"
#include "limn-store-feedback-jobs.h"

void
limn_task_feedback_free (LimnTaskFeedback *feedback)
{
  if (feedback == NULL)
    return;

  g_clear_pointer (&feedback->reviews, g_ptr_array_unref);
  g_clear_pointer (&feedback->needing_ack, limn_guideline_free);
  g_clear_pointer (&feedback->previous_body, g_free);
  g_clear_pointer (&feedback->corrected, limn_annotation_unref);
  g_clear_pointer (&feedback->gold_json, g_free);
  g_clear_pointer (&feedback->settings_json, g_free);
  g_free (feedback);
}

void
limn_feedback_contents_free (LimnFeedbackContents *contents)
{
  if (contents == NULL)
    return;

  g_clear_pointer (&contents->threads, g_ptr_array_unref);
  g_clear_pointer (&contents->notes, g_ptr_array_unref);
  g_free (contents);
}

typedef struct
{
  char     *project_id;
  char     *task_id;     /* or a thread's id */
  gint64    version;
  gboolean  flag;        /* mark read */
} Args;

static void
args_free (gpointer data)
{
  Args *a = data;

  g_free (a->project_id);
  g_free (a->task_id);
  g_free (a);
}

static Args *
args_new (const char *project_id,
          const char *id,
          gint64      version,
          gboolean    flag)
{
  Args *a = g_new0 (Args, 1);

  a->project_id = g_strdup (project_id);
  a->task_id = g_strdup (id);
  a->version = version;
  a->flag = flag;

  return a;
}

/* The open task */

static const LimnReviewVerdict *
latest_received (GPtrArray *reviews)
{
  const LimnReviewVerdict *latest = NULL;

  for (guint i = 0; i < reviews->len; i++)
    {
      const LimnReviewVerdict *v = g_ptr_array_index (reviews, i);

      if (!v->mine && v->verdict != LIMN_VERDICT_NONE)
        latest = v;
    }

  return latest;
}

/* A submitted revision of mine after the one sent back: it links to it
 * (parent_id), or at least comes later. */
static gboolean
find_resubmitted (LimnStore                *store,
                  const LimnReviewVerdict  *sent_back,
                  gboolean                 *resubmitted,
                  GError                  **error)
{
  g_autoptr(GPtrArray) history = limn_store_load_history (store, sent_back->task_id, error);
  gint64 reviewed = G_MAXINT64;

  if (history == NULL)
    return FALSE;

  for (guint i = 0; i < history->len; i++)
    {
      const LimnHistoryEntry *e = g_ptr_array_index (history, i);

      if (e->kind == LIMN_HISTORY_REVISION && g_strcmp0 (e->annotation_id, sent_back->annotation_id) == 0)
        reviewed = e->revision;
    }

  *resubmitted = FALSE;
  for (guint i = 0; i < history->len; i++)
    {
      const LimnHistoryEntry *e = g_ptr_array_index (history, i);

      if (e->kind == LIMN_HISTORY_REVISION && !e->correction && e->state == LIMN_ANNOTATION_SUBMITTED &&
          g_strcmp0 (e->annotation_id, sent_back->annotation_id) != 0 &&
          (g_strcmp0 (e->parent_id, sent_back->annotation_id) == 0 || e->revision > reviewed))
        *resubmitted = TRUE;
    }

  return TRUE;
}

static gpointer
task_feedback_job (LimnStore  *store,
                   gpointer    data,
                   GError    **error)
{
  Args *a = data;
  g_autoptr(LimnTaskFeedback) out = g_new0 (LimnTaskFeedback, 1);
  g_autoptr(GError) local_error = NULL;
  const LimnReviewVerdict *latest;

  if (a->task_id == NULL)
    out->reviews = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_review_verdict_free);
  else
    out->reviews = limn_store_list_reviews (store, a->task_id, error);
  if (out->reviews == NULL)
    return NULL;

  /* Shown with the task: the verdicts are read once it opens. */
  if (out->reviews->len > 0 && !limn_store_mark_reviews_read (store, a->task_id, error))
    return NULL;

  latest = latest_received (out->reviews);
  if (latest != NULL && latest->verdict == LIMN_VERDICT_CORRECT && latest->correction != NULL)
    {
      out->corrected = limn_store_load_annotation (store, latest->annotation_id, &local_error);
      /* The corrected revision may never have been here (another device's). */
      if (out->corrected == NULL &&
          !g_error_matches (local_error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      g_clear_error (&local_error);
    }
  else if (latest != NULL && latest->verdict == LIMN_VERDICT_SEND_BACK &&
           !find_resubmitted (store, latest, &out->resubmitted, error))
    return NULL;

  if (a->task_id != NULL)
    {
      out->gold_json = limn_store_sync_load_gold (store, a->task_id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  if (a->project_id != NULL)
    {
      out->settings_json = limn_store_load_project_settings (store, a->project_id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  if (a->project_id != NULL)
    {
      out->needing_ack = limn_store_guideline_needing_ack (store, a->project_id, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  if (out->needing_ack != NULL)
    {
      g_autoptr(GPtrArray) all = limn_store_list_guidelines (store, a->project_id, error);

      if (all == NULL)
        return NULL;
      /* Newest first: the one after the current is the previous version. */
      for (guint i = 0; i < all->len; i++)
        {
          LimnGuideline *g = g_ptr_array_index (all, i);

          if (g->version < out->needing_ack->version)
            {
              out->previous_body = g_strdup (g->body);
              break;
            }
        }
    }

  return g_steal_pointer (&out);
}

void
limn_store_jobs_task_feedback_async (LimnStoreWorker     *worker,
                                     const char          *project_id,
                                     const char          *task_id,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  limn_store_worker_run_async (worker, task_feedback_job, args_new (project_id, task_id, 0, FALSE), args_free,
                               (GDestroyNotify)limn_task_feedback_free, cancellable, callback, user_data);
}

LimnTaskFeedback *
limn_store_jobs_task_feedback_finish (LimnStoreWorker  *worker,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  return limn_store_worker_run_finish (worker, result, error);
}

/* History */

static gpointer
history_job (LimnStore  *store,
             gpointer    data,
             GError    **error)
{
  Args *a = data;

  return limn_store_load_history (store, a->task_id, error);
}

void
limn_store_jobs_history_async (LimnStoreWorker     *worker,
                               const char          *task_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  limn_store_worker_run_async (worker, history_job, args_new (NULL, task_id, 0, FALSE), args_free,
                               (GDestroyNotify)g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
limn_store_jobs_history_finish (LimnStoreWorker  *worker,
                                GAsyncResult     *result,
                                GError          **error)
{
  return limn_store_worker_run_finish (worker, result, error);
}

/* Threads and notes */

static gpointer
feedback_job (LimnStore  *store,
              gpointer    data,
              GError    **error)
{
  Args *a = data;
  g_autoptr(LimnFeedbackContents) out = g_new0 (LimnFeedbackContents, 1);
  g_autoptr(GPtrArray) notes = NULL;
  gint64 n_messages, n_notes;

  out->threads = limn_store_list_threads (store, a->project_id, error);
  if (out->threads == NULL)
    return NULL;

  notes = limn_store_list_notes (store, NULL, error);
  if (notes == NULL)
    return NULL;
  out->notes = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_note_free);
  for (guint i = 0; i < notes->len; i++)
    {
      LimnNote *n = g_ptr_array_index (notes, i);

      /* A note is about the annotator, not a project: the change feed
       * may bring it without one. */
      if (a->project_id == NULL || n->project_id == NULL || g_strcmp0 (n->project_id, a->project_id) == 0)
        g_ptr_array_add (out->notes, limn_note_copy (n));
    }

  if ((n_messages = limn_store_count_unread_messages (store, a->project_id, error)) < 0 ||
      (n_notes = limn_store_count_unread_notes (store, error)) < 0)
    return NULL;
  out->n_unread = n_messages + n_notes;

  if (a->flag && n_notes > 0 && !limn_store_mark_notes_read (store, error))
    return NULL;

  return g_steal_pointer (&out);
}

void
limn_store_jobs_feedback_async (LimnStoreWorker     *worker,
                                const char          *project_id,
                                gboolean             mark_notes_read,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  limn_store_worker_run_async (worker, feedback_job, args_new (project_id, NULL, 0, mark_notes_read), args_free,
                               (GDestroyNotify)limn_feedback_contents_free, cancellable, callback, user_data);
}

LimnFeedbackContents *
limn_store_jobs_feedback_finish (LimnStoreWorker  *worker,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  return limn_store_worker_run_finish (worker, result, error);
}

static gpointer
load_thread_job (LimnStore  *store,
                 gpointer    data,
                 GError    **error)
{
  Args *a = data;

  if (a->flag && !limn_store_mark_thread_read (store, a->task_id, error))
    return NULL;

  return limn_store_load_thread (store, a->task_id, error);
}

void
limn_store_jobs_load_thread_async (LimnStoreWorker     *worker,
                                   const char          *thread_id,
                                   gboolean             mark_read,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  limn_store_worker_run_async (worker, load_thread_job, args_new (NULL, thread_id, 0, mark_read), args_free,
                               g_object_unref, cancellable, callback, user_data);
}

LimnThread *
limn_store_jobs_load_thread_finish (LimnStoreWorker  *worker,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  return limn_store_worker_run_finish (worker, result, error);
}

/* Replies and acknowledgements */

static gpointer
queue_message_job (LimnStore  *store,
                   gpointer    data,
                   GError    **error)
{
  if (!limn_store_queue_message (store, data, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

void
limn_store_jobs_queue_message_async (LimnStoreWorker     *worker,
                                     LimnMessage         *message,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  limn_store_worker_run_async (worker, queue_message_job, message, (GDestroyNotify)limn_message_free, NULL,
                               cancellable, callback, user_data);
}

static gpointer
ack_job (LimnStore  *store,
         gpointer    data,
         GError    **error)
{
  Args *a = data;

  if (!limn_store_ack_guideline (store, a->project_id, a->version, error))
    return NULL;

  return GINT_TO_POINTER (TRUE);
}

void
limn_store_jobs_ack_guideline_async (LimnStoreWorker     *worker,
                                     const char          *project_id,
                                     gint64               version,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  limn_store_worker_run_async (worker, ack_job, args_new (project_id, NULL, version, FALSE), args_free, NULL,
                               cancellable, callback, user_data);
}

gboolean
limn_store_jobs_feedback_done_finish (LimnStoreWorker  *worker,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  return limn_store_worker_run_finish (worker, result, error) != NULL;
}
