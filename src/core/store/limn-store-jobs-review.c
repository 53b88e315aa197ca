/* limn-store-jobs-review.c
 *
 * The Review page's store calls, run on the writer thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-store-jobs-review.h"

void
limn_review_contents_free (LimnReviewContents *contents)
{
  if (contents == NULL)
    return;

  g_clear_object (&contents->item);
  g_clear_object (&contents->task);
  g_clear_pointer (&contents->annotations, g_ptr_array_unref);
  g_clear_pointer (&contents->suggestions, g_ptr_array_unref);
  g_clear_pointer (&contents->flags, g_ptr_array_unref);
  g_clear_pointer (&contents->history, g_ptr_array_unref);
  g_clear_pointer (&contents->gold_json, g_free);
  g_clear_pointer (&contents->gold, g_ptr_array_unref);
  g_clear_pointer (&contents->text, limn_text_index_unref);
  g_clear_pointer (&contents->draft, limn_review_verdict_free);
  g_clear_pointer (&contents->notes, g_ptr_array_unref);
  g_free (contents);
}

/* List */

static gpointer
list_job (LimnStore  *store,
          gpointer    data,
          GError    **error)
{
  return limn_store_review_list_items (store, data, FALSE, error);
}

void
limn_store_jobs_review_list_async (LimnStoreWorker     *worker,
                                   const char          *project_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  limn_store_worker_run_async (worker, list_job, g_strdup (project_id), g_free,
                               (GDestroyNotify) g_ptr_array_unref, cancellable, callback, user_data);
}

GPtrArray *
limn_store_jobs_review_list_finish (LimnStoreWorker  *worker,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  return limn_store_worker_run_finish (worker, result, error);
}

/* Open */

typedef struct
{
  char *project_id;
  char *item_id;
} OpenData;

static void
open_data_free (gpointer data)
{
  OpenData *d = data;

  g_free (d->project_id);
  g_free (d->item_id);
  g_free (d);
}

/* The notes written here to each annotator of the item, once each. */
static gboolean
load_notes (LimnStore           *store,
            LimnReviewContents  *contents,
            GError             **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  contents->notes = g_ptr_array_new_with_free_func ((GDestroyNotify) limn_note_free);
  for (guint i = 0; i < contents->annotations->len; i++)
    {
      LimnAnnotation *a = g_ptr_array_index (contents->annotations, i);
      g_autoptr(GPtrArray) notes = NULL;

      if (a->annotator == NULL || !g_hash_table_add (seen, a->annotator))
        continue;
      notes = limn_store_list_notes (store, a->annotator, error);
      if (notes == NULL)
        return FALSE;
      for (guint j = 0; j < notes->len; j++)
        g_ptr_array_add (contents->notes, limn_note_copy (g_ptr_array_index (notes, j)));
    }
  return TRUE;
}

static gpointer
open_job (LimnStore  *store,
          gpointer    data,
          GError    **error)
{
  OpenData *d = data;
  g_autoptr(LimnReviewContents) contents = g_new0 (LimnReviewContents, 1);
  g_autoptr(GPtrArray) items = limn_store_review_list_items (store, d->project_id, TRUE, error);
  const char *task_id;

  if (items == NULL)
    return NULL;
  for (guint i = 0; i < items->len && contents->item == NULL; i++)
    if (g_strcmp0 (limn_review_item_get_id (g_ptr_array_index (items, i)), d->item_id) == 0)
      contents->item = g_object_ref (g_ptr_array_index (items, i));
  if (contents->item == NULL)
    {
      g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND,
                   _("This review item is no longer held here."));
      return NULL;
    }

  task_id = limn_review_item_get_task_id (contents->item);
  contents->task = limn_store_load_task (store, task_id, limn_store_get_local_annotator (store), error);
  if (contents->task == NULL)
    return NULL;
  contents->annotations = limn_store_review_load_annotations (store, d->item_id, error);
  if (contents->annotations == NULL)
    return NULL;
  contents->suggestions = limn_store_load_suggestions (store, task_id, error);
  if (contents->suggestions == NULL)
    return NULL;
  contents->flags = limn_store_list_flags (store, task_id, error);
  if (contents->flags == NULL)
    return NULL;
  contents->history = limn_store_load_history (store, task_id, error);
  if (contents->history == NULL)
    return NULL;

  contents->gold_json = limn_store_review_load_gold (store, d->item_id, error);
  if (contents->gold_json == NULL && error != NULL && *error != NULL)
    return NULL;
  contents->draft = limn_store_review_load_draft (store, d->item_id, error);
  if (contents->draft == NULL && error != NULL && *error != NULL)
    return NULL;
  if (!load_notes (store, contents, error))
    return NULL;

  if (limn_task_get_kind (contents->task) == LIMN_TASK_TEXT)
    {
      g_autofree char *text = limn_store_load_task_text (store, task_id, error);

      if (text == NULL)
        return NULL;
      contents->text = limn_text_index_new (text, -1, error);
      if (contents->text == NULL)
        return NULL;
    }

  /* Read here, off the main loop, by the reader that checked it. A gold
   * answer that no longer reads is left out: the item is still to judge. */
  if (contents->gold_json != NULL)
    {
      g_autoptr(GError) gold_error = NULL;

      contents->gold = limn_wire_parse_stored_regions (contents->gold_json, contents->task,
                                                       contents->text, &gold_error);
      if (contents->gold == NULL)
        g_message ("Review item %s: its gold answer is left out: %s", d->item_id, gold_error->message);
    }

  return g_steal_pointer (&contents);
}

void
limn_store_jobs_review_open_async (LimnStoreWorker     *worker,
                                   const char          *project_id,
                                   const char          *item_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  OpenData *d = g_new0 (OpenData, 1);

  d->project_id = g_strdup (project_id);
  d->item_id = g_strdup (item_id);
  limn_store_worker_run_async (worker, open_job, d, open_data_free,
                               (GDestroyNotify) limn_review_contents_free, cancellable, callback, user_data);
}

LimnReviewContents *
limn_store_jobs_review_open_finish (LimnStoreWorker  *worker,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  return limn_store_worker_run_finish (worker, result, error);
}

/* Draft and verdict */

static gpointer
save_draft_job (LimnStore  *store,
                gpointer    data,
                GError    **error)
{
  return limn_store_review_save_draft (store, data, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

static gpointer
queue_job (LimnStore  *store,
           gpointer    data,
           GError    **error)
{
  return limn_store_review_queue_verdict (store, data, error) ? GINT_TO_POINTER (TRUE) : NULL;
}

void
limn_store_jobs_review_save_draft_async (LimnStoreWorker         *worker,
                                         const LimnReviewVerdict *draft,
                                         GCancellable            *cancellable,
                                         GAsyncReadyCallback      callback,
                                         gpointer                 user_data)
{
  limn_store_worker_run_async (worker, save_draft_job, limn_review_verdict_copy (draft),
                               (GDestroyNotify) limn_review_verdict_free, NULL,
                               cancellable, callback, user_data);
}

void
limn_store_jobs_review_queue_async (LimnStoreWorker         *worker,
                                    const LimnReviewVerdict *verdict,
                                    GCancellable            *cancellable,
                                    GAsyncReadyCallback      callback,
                                    gpointer                 user_data)
{
  limn_store_worker_run_async (worker, queue_job, limn_review_verdict_copy (verdict),
                               (GDestroyNotify) limn_review_verdict_free, NULL,
                               cancellable, callback, user_data);
}

gboolean
limn_store_jobs_review_finish (LimnStoreWorker  *worker,
                               GAsyncResult     *result,
                               GError          **error)
{
  return limn_store_worker_run_finish (worker, result, error) != NULL;
}

/* Coaching notes */

static gpointer
queue_note_job (LimnStore  *store,
                gpointer    data,
                GError    **error)
{
  LimnNote *note = data;

  if (!limn_store_queue_note (store, note, error))
    return NULL;
  return limn_note_copy (note);
}

void
limn_store_jobs_review_queue_note_async (LimnStoreWorker     *worker,
                                         const LimnNote      *note,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  limn_store_worker_run_async (worker, queue_note_job, limn_note_copy (note),
                               (GDestroyNotify) limn_note_free, (GDestroyNotify) limn_note_free,
                               cancellable, callback, user_data);
}

LimnNote *
limn_store_jobs_review_queue_note_finish (LimnStoreWorker  *worker,
                                          GAsyncResult     *result,
                                          GError          **error)
{
  return limn_store_worker_run_finish (worker, result, error);
}
