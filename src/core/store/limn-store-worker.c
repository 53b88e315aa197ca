/* limn-store-worker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-store"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "limn-store-worker.h"

#define RETRY_MIN_MS 500
#define RETRY_MAX_MS 30000

typedef enum
{
  ITEM_WAKE,
  ITEM_JOB,
  ITEM_FLUSH,
  ITEM_MAX_PAGES,
  ITEM_STOP,
} ItemKind;

typedef struct
{
  ItemKind          kind;
  GTask            *task;
  LimnStoreJobFunc  func;
  gpointer          data;
  GDestroyNotify    data_free;
  GDestroyNotify    result_free;
  gint64            number;
} Item;

struct _LimnStoreWorker
{
  GObject       parent_instance;

  char         *path;
  char         *annotator;
  GThread      *thread;
  GAsyncQueue  *queue;         /* Item */
  GMainContext *context;       /* where signals are emitted */

  GMutex        lock;          /* protects the pending_* fields */
  GPtrArray    *pending_events;
  GHashTable   *pending_drafts; /* annotation id -> LimnAnnotation */
  gint64        pending_since;  /* monotonic µs of the oldest pending item, 0 if none */

  /* Thread-only. */
  LimnStore    *store;
  guint         failures;
  gint64        retry_at;
  gboolean      failing;

  gboolean      closed;
};

G_DEFINE_FINAL_TYPE (LimnStoreWorker, limn_store_worker, G_TYPE_OBJECT)

enum {
  COMMITTED,
  WRITE_FAILED,
  WRITE_RECOVERED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
item_free (Item *item)
{
  if (item->data_free != NULL && item->data != NULL)
    item->data_free (item->data);
  g_clear_object (&item->task);
  g_free (item);
}

static void
push (LimnStoreWorker *self,
      ItemKind         kind,
      GTask           *task)
{
  Item *item = g_new0 (Item, 1);

  item->kind = kind;
  item->task = task;
  g_async_queue_push (self->queue, item);
}

/* Signals go to the thread that created the worker. */

typedef struct
{
  LimnStoreWorker *self;
  guint            signal;
  guint            n_events;
  gint64           last_seq;
  GError          *error;
} Emission;

static gboolean
emit_in_context (gpointer data)
{
  Emission *e = data;

  switch (e->signal)
    {
    case COMMITTED:
      g_signal_emit (e->self, signals[COMMITTED], 0, e->n_events, e->last_seq);
      break;
    case WRITE_FAILED:
      g_signal_emit (e->self, signals[WRITE_FAILED], 0, e->error);
      break;
    case WRITE_RECOVERED:
      g_signal_emit (e->self, signals[WRITE_RECOVERED], 0);
      break;
    default:
      g_assert_not_reached ();
    }

  return G_SOURCE_REMOVE;
}

static void
emission_free (gpointer data)
{
  Emission *e = data;

  g_object_unref (e->self);
  g_clear_error (&e->error);
  g_free (e);
}

static void
emit (LimnStoreWorker *self,
      guint            signal,
      guint            n_events,
      gint64           last_seq,
      const GError    *error)
{
  Emission *e = g_new0 (Emission, 1);

  e->self = g_object_ref (self);
  e->signal = signal;
  e->n_events = n_events;
  e->last_seq = last_seq;
  e->error = error ? g_error_copy (error) : NULL;

  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, emit_in_context, e, emission_free);
}

/* Pending work, taken whole by the thread and put back on failure. */

typedef struct
{
  GPtrArray  *events;
  GHashTable *drafts;
} Batch;

static Batch
take_pending (LimnStoreWorker *self)
{
  Batch batch;

  g_mutex_lock (&self->lock);
  batch.events = g_steal_pointer (&self->pending_events);
  batch.drafts = g_steal_pointer (&self->pending_drafts);
  self->pending_events = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_event_free);
  self->pending_drafts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify)limn_annotation_unref);
  self->pending_since = 0;
  g_mutex_unlock (&self->lock);

  return batch;
}

static void
batch_clear (Batch *batch)
{
  g_clear_pointer (&batch->events, g_ptr_array_unref);
  g_clear_pointer (&batch->drafts, g_hash_table_unref);
}

/* Puts a failed batch back in front of what arrived meanwhile, keeping
 * event order and letting newer draft snapshots win. */
static void
put_back (LimnStoreWorker *self,
          Batch           *batch)
{
  GHashTableIter iter;
  gpointer key, value;

  g_mutex_lock (&self->lock);

  for (guint i = 0; i < batch->events->len; i++)
    ((LimnEvent *)g_ptr_array_index (batch->events, i))->seq = 0;
  g_ptr_array_extend_and_steal (batch->events, g_steal_pointer (&self->pending_events));
  self->pending_events = g_steal_pointer (&batch->events);

  g_hash_table_iter_init (&iter, batch->drafts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (self->pending_drafts, key))
      {
        g_hash_table_insert (self->pending_drafts, g_strdup (key), limn_annotation_ref (value));
      }

  if (self->pending_since == 0)
    self->pending_since = g_get_monotonic_time ();

  g_mutex_unlock (&self->lock);

  batch_clear (batch);
}

static gboolean
batch_is_empty (Batch *batch)
{
  return batch->events->len == 0 && g_hash_table_size (batch->drafts) == 0;
}

/* Writes the batch inside the current transaction. A draft whose revision
 * was submitted meanwhile is dropped (the submit holds newer data); any
 * other failure fails the batch. */
static gboolean
write_batch (LimnStoreWorker  *self,
             Batch            *batch,
             GError          **error)
{
  GHashTableIter iter;
  gpointer value;

  if (!limn_store_append_events (self->store, batch->events, error))
    return FALSE;

  g_hash_table_iter_init (&iter, batch->drafts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      LimnAnnotation *draft = value;
      g_autoptr(GError) local_error = NULL;

      if (!limn_store_save_annotation (self->store, draft, &local_error))
        {
          if (g_error_matches (local_error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_INVALID))
            {
              g_debug ("Dropping stale draft %s: %s", draft->id, local_error->message);
              continue;
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      if (!limn_store_set_assignment (self->store, draft->task_id, draft->annotator,
                                      LIMN_ASSIGNMENT_IN_PROGRESS, error))
        return FALSE;
    }

  return TRUE;
}

static void
note_success (LimnStoreWorker *self,
              Batch           *batch)
{
  if (batch->events->len > 0)
    emit (self, COMMITTED, batch->events->len,
          ((LimnEvent *)g_ptr_array_index (batch->events, batch->events->len - 1))->seq, NULL);

  if (self->failing)
    {
      self->failing = FALSE;
      self->failures = 0;
      self->retry_at = 0;
      emit (self, WRITE_RECOVERED, 0, 0, NULL);
    }
}

static void
note_failure (LimnStoreWorker *self,
              const GError    *error)
{
  gint64 delay_ms = MIN ((gint64)RETRY_MIN_MS << MIN (self->failures, 10), RETRY_MAX_MS);

  self->failures++;
  self->failing = TRUE;
  self->retry_at = g_get_monotonic_time () + delay_ms * 1000;
  g_message ("Could not save (retrying in %" PRId64 " ms): %s", delay_ms, error->message);
  emit (self, WRITE_FAILED, 0, 0, error);
}

static gboolean
flush_pending (LimnStoreWorker  *self,
               GError          **error)
{
  Batch batch = take_pending (self);
  g_autoptr(GError) local_error = NULL;

  if (batch_is_empty (&batch))
    {
      batch_clear (&batch);
      return TRUE;
    }

  if (!limn_store_begin (self->store, &local_error) ||
      !write_batch (self, &batch, &local_error) ||
      !limn_store_commit (self->store, &local_error))
    {
      limn_store_rollback (self->store);
      put_back (self, &batch);
      note_failure (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  note_success (self, &batch);
  batch_clear (&batch);

  return TRUE;
}

/* Disk and database trouble, as opposed to a job refusing its input (an
 * import of a bad file, a task that does not exist): only the former means
 * the pending work could not be saved. */
static gboolean
is_storage_error (const GError *error)
{
  if (error->domain != LIMN_STORE_ERROR)
    return FALSE;

  return error->code != LIMN_STORE_ERROR_NOT_FOUND &&
         error->code != LIMN_STORE_ERROR_INVALID;
}

static void
run_job (LimnStoreWorker *self,
         Item            *item)
{
  Batch batch;
  g_autoptr(GError) error = NULL;
  gpointer result = NULL;

  if (g_task_return_error_if_cancelled (item->task))
    return;

  /* The job and everything queued before it share one transaction. */
  batch = take_pending (self);

  if (!limn_store_begin (self->store, &error))
    {
      put_back (self, &batch);
      note_failure (self, error);
      g_task_return_error (item->task, g_steal_pointer (&error));
      return;
    }

  if (!write_batch (self, &batch, &error))
    {
      limn_store_rollback (self->store);
      put_back (self, &batch);
      note_failure (self, error);
      g_task_return_error (item->task, g_steal_pointer (&error));
      return;
    }

  result = item->func (self->store, item->data, &error);

  if (error == NULL && limn_store_commit (self->store, &error))
    {
      note_success (self, &batch);
      batch_clear (&batch);
      g_task_return_pointer (item->task, result, item->result_free);
      return;
    }

  if (result != NULL && item->result_free != NULL)
    item->result_free (result);

  /* The job failed (perhaps for its own reasons): keep the batch, and write
   * it on its own so the job's failure does not hold back the event log. */
  limn_store_rollback (self->store);
  put_back (self, &batch);
  if (is_storage_error (error))
    note_failure (self, error);
  else
    flush_pending (self, NULL);

  g_task_return_error (item->task, g_steal_pointer (&error));
}

static gint64
next_deadline (LimnStoreWorker *self)
{
  gint64 since;

  g_mutex_lock (&self->lock);
  since = self->pending_since;
  g_mutex_unlock (&self->lock);

  if (since == 0)
    return 0;

  if (self->failing)
    return MAX (self->retry_at, since + LIMN_STORE_WORKER_FLUSH_MS * 1000);

  return since + LIMN_STORE_WORKER_FLUSH_MS * 1000;
}

static gpointer
worker_thread (gpointer data)
{
  LimnStoreWorker *self = data;

  for (;;)
    {
      gint64 deadline = next_deadline (self);
      Item *item;

      if (deadline == 0)
        item = g_async_queue_pop (self->queue);
      else
        {
          gint64 wait = deadline - g_get_monotonic_time ();

          item = wait > 0 ? g_async_queue_timeout_pop (self->queue, wait) : g_async_queue_try_pop (self->queue);
        }

      if (item == NULL)
        {
          flush_pending (self, NULL);
          continue;
        }

      switch (item->kind)
        {
        case ITEM_WAKE:
          break;

        case ITEM_JOB:
          run_job (self, item);
          break;

        case ITEM_FLUSH:
          {
            g_autoptr(GError) error = NULL;

            if (flush_pending (self, &error))
              g_task_return_boolean (item->task, TRUE);
            else
              g_task_return_error (item->task, g_steal_pointer (&error));
          }
          break;

        case ITEM_MAX_PAGES:
          limn_store_set_max_pages (self->store, item->number);
          if (item->task)
            g_task_return_boolean (item->task, TRUE);
          break;

        case ITEM_STOP:
          {
            g_autoptr(GError) error = NULL;

            if (flush_pending (self, &error))
              g_task_return_boolean (item->task, TRUE);
            else
              g_task_return_error (item->task, g_steal_pointer (&error));
            item_free (item);
            g_clear_object (&self->store);
          }
          return NULL;

        default:
          g_assert_not_reached ();
        }

      item_free (item);
    }
}

static void
limn_store_worker_dispose (GObject *object)
{
  LimnStoreWorker *self = (LimnStoreWorker *)object;

  if (self->thread != NULL && !self->closed)
    {
      g_autoptr(GError) error = NULL;

      if (!limn_store_worker_close (self, &error))
        g_warning ("Closing the store: %s", error->message);
    }

  G_OBJECT_CLASS (limn_store_worker_parent_class)->dispose (object);
}

static void
limn_store_worker_finalize (GObject *object)
{
  LimnStoreWorker *self = (LimnStoreWorker *)object;

  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->pending_events, g_ptr_array_unref);
  g_clear_pointer (&self->pending_drafts, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->store);
  g_mutex_clear (&self->lock);
  g_free (self->path);
  g_free (self->annotator);

  G_OBJECT_CLASS (limn_store_worker_parent_class)->finalize (object);
}

static void
limn_store_worker_class_init (LimnStoreWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = limn_store_worker_dispose;
  object_class->finalize = limn_store_worker_finalize;

  /**
   * LimnStoreWorker::committed:
   * @n_events: events in the batch
   * @last_seq: the local sequence of its last event
   */
  signals[COMMITTED] =
    g_signal_new ("committed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_INT64);

  /**
   * LimnStoreWorker::write-failed:
   * @error: why; the work stays in memory and is retried with backoff
   */
  signals[WRITE_FAILED] =
    g_signal_new ("write-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  signals[WRITE_RECOVERED] =
    g_signal_new ("write-recovered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
limn_store_worker_init (LimnStoreWorker *self)
{
  g_mutex_init (&self->lock);
  self->queue = g_async_queue_new ();
  self->pending_events = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_event_free);
  self->pending_drafts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify)limn_annotation_unref);
  self->context = g_main_context_ref_thread_default ();
}

/* Opening runs in the new thread too: migrations never touch the UI thread. */

typedef struct
{
  LimnStoreWorker *self;
  GTask           *task;
} OpenData;

static gpointer
open_thread (gpointer data)
{
  OpenData *od = data;
  LimnStoreWorker *self = od->self;
  g_autoptr(GError) error = NULL;

  self->store = limn_store_open (self->path, &error);
  if (self->store == NULL)
    {
      g_task_return_error (od->task, g_steal_pointer (&error));
      g_object_unref (od->task);
      g_free (od);
      return NULL;
    }

  self->annotator = g_strdup (limn_store_get_local_annotator (self->store));
  g_task_return_pointer (od->task, g_object_ref (self), g_object_unref);
  g_object_unref (od->task);
  g_free (od);

  return worker_thread (self);
}

void
limn_store_worker_open_async (const char          *path,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(LimnStoreWorker) self = g_object_new (LIMN_TYPE_STORE_WORKER, NULL);
  OpenData *od = g_new0 (OpenData, 1);
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, limn_store_worker_open_async);
  self->path = g_strdup (path);

  od->self = self;
  od->task = task;
  /* The thread holds no reference: close() joins it before finalize. */
  self->thread = g_thread_new ("limn-store", open_thread, od);

  /* Keep self alive until the task returns it (or fails). */
  g_object_set_data_full (G_OBJECT (task), "worker", g_object_ref (self), g_object_unref);
}

LimnStoreWorker *
limn_store_worker_open_finish (GAsyncResult  *result,
                               GError       **error)
{
  LimnStoreWorker *self;

  g_return_val_if_fail (G_IS_TASK (result), NULL);

  self = g_task_propagate_pointer (G_TASK (result), error);
  if (self == NULL)
    {
      /* The thread has ended; join it so nothing leaks. */
      LimnStoreWorker *failed = g_object_get_data (G_OBJECT (result), "worker");

      if (failed != NULL && failed->thread != NULL)
        {
          g_thread_join (failed->thread);
          failed->thread = NULL;
          failed->closed = TRUE;
        }
    }

  return self;
}

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  *(GAsyncResult **)data = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GMainContext  *context,
                 GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (context, TRUE);

  return *slot;
}

LimnStoreWorker *
limn_store_worker_open_sync (const char  *path,
                             GError     **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  LimnStoreWorker *self;

  g_main_context_push_thread_default (context);
  limn_store_worker_open_async (path, NULL, sync_done_cb, &result);
  wait_for_result (context, &result);
  self = limn_store_worker_open_finish (result, error);
  g_main_context_pop_thread_default (context);

  /* Signals belong to the caller's context, not the private one. */
  if (self != NULL)
    {
      g_main_context_unref (self->context);
      self->context = g_main_context_ref_thread_default ();
    }

  return self;
}

const char *
limn_store_worker_get_path (LimnStoreWorker *self)
{
  g_return_val_if_fail (LIMN_IS_STORE_WORKER (self), NULL);
  return self->path;
}

const char *
limn_store_worker_get_annotator (LimnStoreWorker *self)
{
  g_return_val_if_fail (LIMN_IS_STORE_WORKER (self), NULL);
  return self->annotator;
}

static void
note_pending (LimnStoreWorker *self,
              gboolean         was_empty)
{
  /* Wake the thread only when the batch starts, so it sets its deadline;
   * later items ride along without touching the queue. */
  if (was_empty)
    push (self, ITEM_WAKE, NULL);
}

void
limn_store_worker_append_event (LimnStoreWorker *self,
                                LimnEvent       *event)
{
  gboolean was_empty;

  g_return_if_fail (LIMN_IS_STORE_WORKER (self));
  g_return_if_fail (event != NULL);

  g_mutex_lock (&self->lock);
  was_empty = self->pending_since == 0;
  if (was_empty)
    self->pending_since = g_get_monotonic_time ();
  g_ptr_array_add (self->pending_events, event);
  g_mutex_unlock (&self->lock);

  note_pending (self, was_empty);
}

void
limn_store_worker_save_draft (LimnStoreWorker *self,
                              LimnAnnotation  *snapshot)
{
  gboolean was_empty;

  g_return_if_fail (LIMN_IS_STORE_WORKER (self));
  g_return_if_fail (snapshot != NULL);

  g_mutex_lock (&self->lock);
  was_empty = self->pending_since == 0;
  if (was_empty)
    self->pending_since = g_get_monotonic_time ();
  g_hash_table_replace (self->pending_drafts, g_strdup (snapshot->id), limn_annotation_ref (snapshot));
  g_mutex_unlock (&self->lock);

  note_pending (self, was_empty);
}

guint
limn_store_worker_get_n_pending (LimnStoreWorker *self)
{
  guint n;

  g_return_val_if_fail (LIMN_IS_STORE_WORKER (self), 0);

  g_mutex_lock (&self->lock);
  n = self->pending_events->len + g_hash_table_size (self->pending_drafts);
  g_mutex_unlock (&self->lock);

  return n;
}

/**
 * limn_store_worker_run_async:
 * @func: runs in the worker thread, in a transaction
 * @result_free: frees what @func returns if nobody takes it
 */
void
limn_store_worker_run_async (LimnStoreWorker     *self,
                             LimnStoreJobFunc     func,
                             gpointer             data,
                             GDestroyNotify       data_free,
                             GDestroyNotify       result_free,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Item *item;

  g_return_if_fail (LIMN_IS_STORE_WORKER (self));
  g_return_if_fail (func != NULL);

  item = g_new0 (Item, 1);
  item->kind = ITEM_JOB;
  item->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (item->task, limn_store_worker_run_async);
  item->func = func;
  item->data = data;
  item->data_free = data_free;
  item->result_free = result_free;

  if (self->closed)
    {
      g_task_return_new_error (item->task, G_IO_ERROR, G_IO_ERROR_CLOSED,
                               _("The database is closed."));
      item_free (item);
      return;
    }

  g_async_queue_push (self->queue, item);
}

gpointer
limn_store_worker_run_finish (LimnStoreWorker  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gpointer
limn_store_worker_run_sync (LimnStoreWorker   *self,
                            LimnStoreJobFunc   func,
                            gpointer           data,
                            GError           **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  gpointer out;

  g_main_context_push_thread_default (context);
  limn_store_worker_run_async (self, func, data, NULL, NULL, NULL, sync_done_cb, &result);
  wait_for_result (context, &result);
  out = limn_store_worker_run_finish (self, result, error);
  g_main_context_pop_thread_default (context);

  return out;
}

void
limn_store_worker_flush_async (LimnStoreWorker     *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (LIMN_IS_STORE_WORKER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, limn_store_worker_flush_async);

  if (self->closed)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  push (self, ITEM_FLUSH, task);
}

gboolean
limn_store_worker_flush_finish (LimnStoreWorker  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
limn_store_worker_close (LimnStoreWorker  *self,
                         GError          **error)
{
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gboolean ok;

  g_return_val_if_fail (LIMN_IS_STORE_WORKER (self), FALSE);

  if (self->closed || self->thread == NULL)
    return TRUE;

  self->closed = TRUE;

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  push (self, ITEM_STOP, g_task_new (self, NULL, sync_done_cb, &result));
  wait_for_result (context, &result);
  ok = g_task_propagate_boolean (G_TASK (result), error);
  g_main_context_pop_thread_default (context);

  g_thread_join (self->thread);
  self->thread = NULL;

  return ok;
}

void
limn_store_worker_set_max_pages (LimnStoreWorker *self,
                                 gint64           pages)
{
  Item *item;

  g_return_if_fail (LIMN_IS_STORE_WORKER (self));

  item = g_new0 (Item, 1);
  item->kind = ITEM_MAX_PAGES;
  item->number = pages;
  g_async_queue_push (self->queue, item);
}
