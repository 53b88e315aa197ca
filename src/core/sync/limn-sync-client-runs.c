/* limn-sync-client-runs.c
 *
 * LimnSyncClient's runs: (who am I, once) → push the outbox batch by batch
 * in several lanes → pull the change feed page by page → the team's figures
 * (at most every 10 minutes) → fetch the media
 * still missing. Each step is an HTTP exchange on this thread's main
 * context followed by a job on the writer thread, so the store is only
 * ever touched there and always in a transaction. A failed run schedules
 * the next with backoff; local commits, the network coming back and "sync
 * now" start one sooner. See docs/sync.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-sync"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "limn-sync-backoff.h"
#include "limn-sync-client-private.h"
#include "limn-sync-http.h"
#include "limn-sync-jobs.h"
#include "model/limn-util.h"

#define CHANGES_PAGE        500
#define COMMIT_DELAY_MS     2000                  /* gather a little after a local commit */
#define MAX_REKEYS          3

static void run_begin (LimnSyncClient *self);

/* What a failed run means to the annotator: the network is gone (offline),
 * the server said "not now" (retrying, no warning), or something only a
 * person can mend (an error: signed out, token revoked, a server that
 * breaks the protocol, a full disk). */
static LimnSyncState
state_for_error (const GError *error)
{
  if (error->domain == LIMN_SYNC_ERROR)
    switch (error->code)
      {
      case LIMN_SYNC_ERROR_OFFLINE:
      case LIMN_SYNC_ERROR_TIMEOUT:
        return LIMN_SYNC_STATE_OFFLINE;
      case LIMN_SYNC_ERROR_RATE_LIMITED:
      case LIMN_SYNC_ERROR_UNAVAILABLE:
        return LIMN_SYNC_STATE_RETRYING;
      default:
        break;
      }

  return LIMN_SYNC_STATE_ERROR;
}

void
limn_sync_client_note_reachable (LimnSyncClient *self)
{
  if (self->failures == 0)
    return;

  g_debug ("The server answers again; ending the backoff");
  self->failures = 0;
  if (self->automatic && !self->running && self->timer != NULL)
    limn_sync_client_schedule_run (self, 0);
}

void
limn_sync_client_kick (LimnSyncClient *self)
{
  if (!self->automatic)
    return;

  if (self->running)
    self->rerun = TRUE;
  else if (self->failures == 0)
    limn_sync_client_schedule_run (self, 0);
}

/* Waiters and runs */

static void
complete_tasks (GPtrArray    *tasks,
                const GError *error)
{
  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
  g_ptr_array_set_size (tasks, 0);
}

/* One run's context: the client and the run's cancellable, so a callback
 * of a run that was stopped (and perhaps replaced) ends quietly. */
typedef struct
{
  LimnSyncClient  *self;
  GCancellable    *cancellable;
  LimnOutboxBatch *batch;
  char            *cursor;
  guint            n_changes;
  gboolean         more;
} Step;

static Step *
step_new (LimnSyncClient *self)
{
  Step *step = g_new0 (Step, 1);

  step->self = g_object_ref (self);
  step->cancellable = g_object_ref (self->run_cancellable);

  return step;
}

static void
step_free (Step *step)
{
  g_clear_object (&step->self);
  g_clear_object (&step->cancellable);
  g_clear_pointer (&step->batch, limn_outbox_batch_free);
  g_free (step->cursor);
  g_free (step);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Step, step_free)

/* FALSE when this run was stopped: the step ends here. */
static gboolean
step_alive (Step *step)
{
  LimnSyncClient *self = step->self;

  if (!g_cancellable_is_cancelled (step->cancellable))
    return TRUE;

  if (self->run_cancellable == step->cancellable)
    limn_sync_client_abort_run (self);

  return FALSE;
}

/* Ends the run under way now: its callbacks, when they come, see the
 * cancelled cancellable and touch nothing. */
void
limn_sync_client_abort_run (LimnSyncClient *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->running)
    return;

  g_cancellable_cancel (self->run_cancellable);
  if (self->push_cancellable != NULL)
    g_cancellable_cancel (self->push_cancellable);
  self->running = FALSE;
  error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Sync was stopped."));
  complete_tasks (self->current, error);
  if (self->state == LIMN_SYNC_STATE_SYNCING)
    limn_sync_client_set_state (self, LIMN_SYNC_STATE_IDLE);
}

static void
outcome_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GError) error = NULL;

  if (!limn_sync_jobs_finish (LIMN_STORE_WORKER (object), result, &error))
    g_debug ("Could not record the sync outcome: %s", error->message);
}

/* The end of a run. The waiters hear of it only once n-pending is counted,
 * so what the UI reads after a run is already up to date. */
typedef struct
{
  Step   *step;
  GError *error;
  gint64  retry_after_ms;
} Ending;

static void
ending_free (Ending *ending)
{
  g_clear_pointer (&ending->step, step_free);
  g_clear_error (&ending->error);
  g_free (ending);
}

static void
run_ended (Ending *ending)
{
  LimnSyncClient *self = ending->step->self;
  gboolean retryable;

  /* Stopped meanwhile: abort_run() has told the waiters. */
  if (!step_alive (ending->step))
    return;

  self->running = FALSE;
  complete_tasks (self->current, ending->error);
  self->retry_delay_ms = -1;

  if (ending->error == NULL)
    {
      if (self->rerun || self->waiting->len > 0)
        limn_sync_client_schedule_run (self, 0);
      else if (self->automatic)
        limn_sync_client_schedule_run (self, (gint64)self->poll_s * 1000);
      return;
    }

  retryable = limn_sync_error_is_retryable (ending->error) || ending->error->domain == LIMN_STORE_ERROR;
  if (self->automatic && retryable)
    {
      self->retry_delay_ms = limn_sync_client_backoff_ms (self, self->failures, ending->retry_after_ms);
      self->failures++;
      limn_sync_client_schedule_run (self, self->retry_delay_ms);
      limn_sync_client_set_next_retry (self, g_get_real_time () + self->retry_delay_ms * 1000);
    }
  else if (self->waiting->len > 0)
    limn_sync_client_schedule_run (self, 0);
}

/* The outbox was counted: what the UI shows changes. */
static void
set_counts (LimnSyncClient *self,
            GAsyncResult   *result)
{
  g_autoptr(GError) error = NULL;
  gint64 n_items, n_tasks;

  if (!limn_sync_jobs_count_pending_finish (self->worker, result, &n_items, &n_tasks, &error))
    {
      g_debug ("Could not count the outbox: %s", error->message);
      return;
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (n_items != self->n_pending)
    {
      self->n_pending = n_items;
      limn_sync_client_notify (self, LIMN_SYNC_CLIENT_PROP_N_PENDING);
    }
  if (n_tasks != self->n_waiting_tasks)
    {
      self->n_waiting_tasks = n_tasks;
      limn_sync_client_notify (self, LIMN_SYNC_CLIENT_PROP_N_WAITING_TASKS);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
end_counted_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  Ending *ending = data;

  set_counts (ending->step->self, result);
  run_ended (ending);
  ending_free (ending);
}

static void
run_end (Step   *step,
         GError *error,            /* transfer full, nullable */
         gint64  retry_after_ms)
{
  LimnSyncClient *self = step->self;
  Ending *ending;

  if (!step_alive (step))
    {
      g_clear_error (&error);
      step_free (step);
      return;
    }

  if (error == NULL)
    {
      self->failures = 0;
      self->last_success_us = g_get_real_time ();
      limn_sync_client_notify (self, LIMN_SYNC_CLIENT_PROP_LAST_SUCCESS_US);
      limn_sync_client_set_last_error (self, NULL);
      self->last_error_code = -1;
      limn_sync_client_set_state (self, LIMN_SYNC_STATE_IDLE);
    }
  else
    {
      g_debug ("Sync run failed: %s", error->message);
      self->last_error_code = error->domain == LIMN_SYNC_ERROR ? error->code : -1;
      limn_sync_client_set_last_error (self, error->message);
      limn_sync_client_set_state (self, state_for_error (error));
    }

  ending = g_new0 (Ending, 1);
  ending->step = step;
  ending->error = error;
  ending->retry_after_ms = retry_after_ms;

  if (self->account == NULL)
    {
      run_ended (ending);
      ending_free (ending);
      return;
    }

  limn_sync_jobs_set_outcome_async (self->worker, self->account->id,
                                    error == NULL ? self->last_success_us : 0,
                                    error != NULL ? error->message : NULL,
                                    outcome_saved_cb, NULL);
  limn_sync_jobs_count_pending_async (self->worker, self->account, end_counted_cb, ending);
}

/* Takes @error; the step is not the caller's any more. */
static void
run_fail (Step   *step,
          GError *error,
          gint64  retry_after_ms)
{
  Step *owned = g_new0 (Step, 1);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      if (step->self->run_cancellable == step->cancellable)
        limn_sync_client_abort_run (step->self);
      return;
    }

  /* Callers hold @step in a g_autoptr: the end of the run gets a copy of
   * its context. */
  owned->self = g_object_ref (step->self);
  owned->cancellable = g_object_ref (step->cancellable);
  run_end (owned, error, retry_after_ms);
}

static void
run_succeed (Step *step)
{
  Step *owned = g_new0 (Step, 1);

  owned->self = g_object_ref (step->self);
  owned->cancellable = g_object_ref (step->cancellable);
  run_end (owned, NULL, -1);
}

/* Retry-After counts for 429 and 503. */
gint64
limn_sync_client_retry_after_ms (const LimnSyncResponse *response)
{
  gint64 ms;

  if ((response->status == 429 || response->status == 503) &&
      limn_sync_parse_retry_after (response->retry_after, g_get_real_time (), &ms))
    return ms;

  return -1;
}

/* Media: the run's last step (limn-sync-client-media.c). */

static void
media_passed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(Step) step = data;
  GError *error = NULL;

  if (!limn_sync_client_media_pass_finish (LIMN_SYNC_CLIENT (object), result, &error))
    {
      run_fail (step, error, -1);
      return;
    }

  if (step_alive (step))
    run_succeed (step);
}

static void
run_media (Step *step)   /* transfer full */
{
  limn_sync_client_media_pass_async (step->self, step->cancellable, media_passed_cb, step);
}

/* Team figures: after the pull, before the media; never fails the run. */

static void
team_figures_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(Step) step = data;

  limn_sync_client_team_figures_pass_finish (LIMN_SYNC_CLIENT (object), result, NULL);
  if (step_alive (step))
    run_media (g_steal_pointer (&step));
}

static void
run_team_figures (Step *step)   /* transfer full */
{
  limn_sync_client_team_figures_pass_async (step->self, step->cancellable, team_figures_cb, step);
}

/* Pull */

static void run_pull (Step *step);

static void
changes_applied_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(Step) step = data;
  LimnSyncClient *self = step->self;
  GError *error = NULL;

  if (!limn_sync_jobs_finish (LIMN_STORE_WORKER (object), result, &error))
    {
      run_fail (step, error, -1);
      return;
    }

  limn_set_str (&self->account->cursor, step->cursor);
  if (step->n_changes > 0)
    limn_sync_client_emit_changes_applied (self, step->n_changes);

  if (!step_alive (step))
    return;

  if (step->more)
    run_pull (g_steal_pointer (&step));
  else
    run_team_figures (g_steal_pointer (&step));
}

static void
changes_received_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_autoptr(Step) step = data;
  LimnSyncClient *self = step->self;
  g_autoptr(LimnSyncResponse) response = NULL;
  LimnWireChanges *changes;
  GError *error = NULL;

  response = limn_sync_http_send_finish (result, &error);
  if (response == NULL)
    {
      run_fail (step, error, -1);
      return;
    }

  error = limn_sync_http_status_error (response);
  if (error != NULL)
    {
      run_fail (step, error, limn_sync_client_retry_after_ms (response));
      return;
    }

  changes = limn_wire_parse_changes (response->body, CHANGES_PAGE, &error);
  if (changes == NULL)
    {
      run_fail (step, error, -1);
      return;
    }

  limn_sync_client_note_reachable (self);

  if (!step_alive (step))
    {
      limn_wire_changes_free (changes);
      return;
    }

  /* An empty page that says "more" would loop forever. */
  step->more = changes->more && changes->changes->len > 0;
  step->n_changes = changes->changes->len;
  g_free (step->cursor);
  step->cursor = g_strdup (changes->cursor);

  limn_sync_jobs_apply_changes_async (self->worker, self->account->id, self->media_dir, changes,
                                      changes_applied_cb, g_steal_pointer (&step));
}

static void
run_pull (Step *step)
{
  LimnSyncClient *self = step->self;
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *cursor = g_uri_escape_string (self->account->cursor ? self->account->cursor : "0",
                                                 NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/api/v1/changes?since=%s&limit=%d", cursor, CHANGES_PAGE);

  message = limn_sync_client_new_message (self, "GET", path, NULL, NULL);
  limn_sync_http_send_async (self->session, message, LIMN_SYNC_MAX_ANSWER_BYTES, step->cancellable,
                             changes_received_cb, step);
}

/* Push: lanes. Each lane takes a batch (a job on the writer thread, which
 * also marks it in flight), sends it until answered, acks it (a job), and
 * takes the next; max-in-flight lanes run at once, so building, sending and
 * acking overlap the server's work. When one lane fails, the others take
 * no new batch but finish the one they sent: the server may have applied
 * it, and its answer is worth storing (a 503 on one lane must not throw
 * away another's success). When the last lane ends, the run pulls or
 * fails. */

static void run_push (Step *lane);

static void
lane_end (Step   *lane,      /* borrowed */
          GError *error,     /* transfer full, nullable */
          gint64  retry_after_ms)
{
  LimnSyncClient *self = lane->self;

  if (!step_alive (lane))
    {
      g_clear_error (&error);
      return;
    }

  if (error != NULL && self->push_error == NULL)
    {
      self->push_error = g_steal_pointer (&error);
      self->push_retry_after_ms = retry_after_ms;
    }
  g_clear_error (&error);

  if (--self->lanes > 0)
    return;

  if (self->push_error != NULL)
    run_fail (lane, g_steal_pointer (&self->push_error), self->push_retry_after_ms);
  else
    run_pull (step_new (self));
}

/* On to the next batch, unless another lane failed. */
static void
lane_continue (Step *lane)   /* transfer full */
{
  LimnSyncClient *self = lane->self;

  g_clear_pointer (&lane->batch, limn_outbox_batch_free);

  if (self->push_error != NULL || g_cancellable_is_cancelled (self->push_cancellable))
    {
      lane_end (lane, NULL, -1);
      step_free (lane);
      return;
    }

  run_push (lane);
}

static void
batch_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(Step) lane = data;
  GError *error = NULL;

  if (!limn_sync_jobs_finish (LIMN_STORE_WORKER (object), result, &error))
    {
      lane_end (lane, error, -1);
      return;
    }

  if (step_alive (lane))
    lane_continue (g_steal_pointer (&lane));
}

static void
rekeyed_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(Step) lane = data;
  g_autofree char *key = NULL;
  GError *error = NULL;

  key = limn_sync_jobs_rekey_batch_finish (LIMN_STORE_WORKER (object), result, &error);
  if (key == NULL)
    {
      lane_end (lane, error, -1);
      return;
    }

  if (step_alive (lane))
    lane_continue (g_steal_pointer (&lane));
}

static void
emit_results (LimnSyncClient *self,
              GPtrArray      *kinds,
              GPtrArray      *results)
{
  for (guint i = 0; i < results->len; i++)
    {
      const LimnWireResult *r = g_ptr_array_index (results, i);
      const char *kind = g_ptr_array_index (kinds, i);

      limn_sync_client_emit_result (self, r->status, kind, r->id, r->reason);
    }
}

typedef struct
{
  Step      *lane;
  GPtrArray *results;
} AckData;

static void
acked_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      data)
{
  AckData *ack = data;
  g_autoptr(Step) lane = ack->lane;
  g_autoptr(GPtrArray) results = ack->results;
  LimnSyncClient *self = lane->self;
  GError *error = NULL;

  g_free (ack);

  if (!limn_sync_jobs_finish (LIMN_STORE_WORKER (object), result, &error))
    {
      lane_end (lane, error, -1);
      return;
    }

  /* Acked and stored: now the app may hear of conflicts and refusals. */
  emit_results (self, lane->batch->kinds, results);
  self->batch_limit = MIN (self->batch_size, MAX (self->batch_limit, 1) * 2);

  if (step_alive (lane))
    lane_continue (g_steal_pointer (&lane));
}

static void
batch_posted_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(Step) lane = data;
  LimnSyncClient *self = lane->self;
  g_autoptr(LimnSyncResponse) response = NULL;
  GPtrArray *results;
  GError *error = NULL;
  const char *key;
  guint n_items;

  response = limn_sync_http_send_finish (result, &error);
  if (response == NULL)
    {
      lane_end (lane, error, -1);
      return;
    }

  if (!step_alive (lane))
    return;

  n_items = lane->batch->item_ids->len;
  /* Owned by lane->batch, which the job callbacks keep alive. */
  key = lane->batch->key;

  if (response->status == 400 || response->status == 413)
    {
      g_autofree char *reason = limn_sync_http_error_text (response);

      /* Nothing was applied. Halve until the item the server cannot take
       * is alone; that one is refused for good, with the server's words. */
      if (n_items > 1)
        {
          self->batch_limit = MAX (1, n_items / 2);
          limn_sync_jobs_release_batch_async (self->worker, self->in_flight, key, batch_done_cb,
                                              g_steal_pointer (&lane));
          return;
        }

      if (reason == NULL)
        reason = g_strdup_printf (_("The server refused the item (HTTP %u)."), response->status);
      limn_sync_client_emit_result (self, LIMN_WIRE_REJECTED,
                                    g_ptr_array_index (lane->batch->kinds, 0),
                                    g_ptr_array_index (lane->batch->item_ids, 0), reason);
      limn_sync_jobs_reject_batch_async (self->worker, self->in_flight, key, reason, batch_done_cb,
                                         g_steal_pointer (&lane));
      return;
    }

  if (response->status == 422)
    {
      /* This key holds a different body at the server. */
      if (++self->rekeys > MAX_REKEYS)
        {
          lane_end (lane, limn_sync_http_status_error (response), -1);
          return;
        }
      limn_sync_jobs_rekey_batch_async (self->worker, self->in_flight, key, rekeyed_cb,
                                        g_steal_pointer (&lane));
      return;
    }

  error = limn_sync_http_status_error (response);
  if (error != NULL)
    {
      lane_end (lane, error, limn_sync_client_retry_after_ms (response));
      return;
    }

  results = limn_wire_parse_results (response->body, lane->batch->item_ids, &error);
  if (results == NULL)
    {
      lane_end (lane, error, -1);
      return;
    }

  limn_sync_client_note_reachable (self);

  {
    AckData *ack = g_new0 (AckData, 1);

    ack->results = g_ptr_array_ref (results);
    ack->lane = g_steal_pointer (&lane);
    limn_sync_jobs_ack_batch_async (self->worker, self->in_flight, ack->lane->batch, results,
                                    acked_cb, ack);
  }
}

static void
batch_taken_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(Step) lane = data;
  LimnSyncClient *self = lane->self;
  g_autoptr(SoupMessage) message = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  lane->batch = limn_sync_jobs_take_batch_finish (LIMN_STORE_WORKER (object), result, &error);
  if (lane->batch == NULL)
    {
      lane_end (lane, error, -1);
      return;
    }

  if (!step_alive (lane))
    return;

  /* Nothing left for this lane. */
  if (lane->batch->key == NULL)
    {
      lane_end (lane, NULL, -1);
      return;
    }

  g_debug ("Sending batch %s: %u items, %zu bytes%s",
           lane->batch->key, lane->batch->item_ids->len, g_bytes_get_size (lane->batch->body),
           lane->batch->sent_before > 0 ? " (again)" : "");

  /* Arguments are evaluated in no set order: nothing may read the lane in
   * the call that steals it. */
  cancellable = self->push_cancellable;
  message = limn_sync_client_new_message (self, "POST", "/api/v1/batches", lane->batch->key,
                                          lane->batch->body);
  limn_sync_http_send_async (self->session, message, LIMN_SYNC_MAX_ANSWER_BYTES, cancellable,
                             batch_posted_cb, g_steal_pointer (&lane));
}

static void
run_push (Step *lane)   /* transfer full */
{
  LimnSyncClient *self = lane->self;

  limn_sync_jobs_take_batch_async (self->worker, self->account, MAX (self->batch_limit, 1),
                                   LIMN_SYNC_MAX_BATCH_BYTES, self->in_flight, batch_taken_cb, lane);
}

/* Starts the run's push lanes; takes @step. */
static void
push_start (Step *step)
{
  LimnSyncClient *self = step->self;

  g_clear_error (&self->push_error);
  self->push_retry_after_ms = -1;
  g_clear_object (&self->push_cancellable);
  self->push_cancellable = g_cancellable_new ();
  /* What an earlier run left in flight is not any more (a job: it runs
   * before the lanes' first takes). */
  limn_sync_jobs_clear_in_flight_async (self->worker, self->in_flight);

  self->lanes = MAX (self->max_in_flight, 1);
  for (guint i = 0; i < self->lanes; i++)
    run_push (step_new (self));

  step_free (step);
}

/* Who the token is: once per server, before the first push. */

typedef void (*AccountReady) (Step *step);

static void
account_stored_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(Step) step = data;
  GError *error = NULL;
  LimnAccount *account = limn_sync_jobs_account_finish (LIMN_STORE_WORKER (object), result, &error);

  if (account == NULL)
    {
      run_fail (step, error, -1);
      return;
    }

  if (!step_alive (step))
    {
      limn_account_free (account);
      return;
    }

  limn_sync_client_set_account (step->self, account);
  push_start (g_steal_pointer (&step));
}

static void
me_received_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(Step) step = data;
  LimnSyncClient *self = step->self;
  g_autoptr(LimnSyncResponse) response = NULL;
  g_autoptr(LimnWireMe) me = NULL;
  GError *error = NULL;

  response = limn_sync_http_send_finish (result, &error);
  if (response == NULL)
    {
      run_fail (step, error, -1);
      return;
    }

  error = limn_sync_http_status_error (response);
  if (error != NULL)
    {
      run_fail (step, error, limn_sync_client_retry_after_ms (response));
      return;
    }

  me = limn_wire_parse_me (response->body, &error);
  if (me == NULL)
    {
      run_fail (step, error, -1);
      return;
    }

  limn_sync_client_note_reachable (self);

  if (!step_alive (step))
    return;

  limn_sync_jobs_ensure_account_async (self->worker, self->server_url, me, "none",
                                       self->allow_insecure, account_stored_cb,
                                       g_steal_pointer (&step));
}

static void
run_begin (LimnSyncClient *self)
{
  Step *step;

  if (self->running)
    {
      self->rerun = TRUE;
      return;
    }

  if (self->server_url == NULL || self->token == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_NOT_SIGNED_IN,
                                                     _("Sign in to a Limn server to sync."));

      complete_tasks (self->waiting, error);
      return;
    }

  self->running = TRUE;
  self->rerun = FALSE;
  self->rekeys = 0;
  limn_sync_client_set_next_retry (self, 0);
  g_ptr_array_extend_and_steal (self->current, g_steal_pointer (&self->waiting));
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);

  g_clear_object (&self->run_cancellable);
  self->run_cancellable = g_cancellable_new ();
  limn_sync_client_set_state (self, LIMN_SYNC_STATE_SYNCING);

  step = step_new (self);
  if (self->account == NULL)
    {
      g_autoptr(SoupMessage) message = limn_sync_client_new_message (self, "GET", "/api/v1/me", NULL, NULL);

      limn_sync_http_send_async (self->session, message, LIMN_SYNC_MAX_ANSWER_BYTES, step->cancellable,
                                 me_received_cb, step);
    }
  else
    push_start (step);
}

/* Scheduling */

static gboolean
timer_cb (gpointer data)
{
  LimnSyncClient *self = data;

  g_clear_pointer (&self->timer, g_source_unref);
  run_begin (self);

  return G_SOURCE_REMOVE;
}

/* Runs after @delay_ms, unless a run is due sooner. */
void
limn_sync_client_schedule_run (LimnSyncClient *self,
                               gint64          delay_ms)
{
  gint64 due = g_get_monotonic_time () + delay_ms * 1000;

  if (self->timer != NULL)
    {
      if (self->timer_due <= due)
        return;
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }

  self->timer_due = due;
  self->timer = g_timeout_source_new ((guint)CLAMP (delay_ms, 0, G_MAXUINT));
  g_source_set_callback (self->timer, timer_cb, self, NULL);
  g_source_set_name (self->timer, "[limn] sync run");
  g_source_attach (self->timer, self->context);
}

static void
cancel_timer (LimnSyncClient *self)
{
  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
}

/* n-pending */

static void counted_cb (GObject *object, GAsyncResult *result, gpointer data);

void
limn_sync_client_refresh_pending (LimnSyncClient *self)
{
  if (self->account == NULL)
    return;

  if (self->counting)
    {
      self->count_again = TRUE;
      return;
    }

  self->counting = TRUE;
  self->count_again = FALSE;
  limn_sync_jobs_count_pending_async (self->worker, self->account, counted_cb, g_object_ref (self));
}

static void
counted_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(LimnSyncClient) self = data;

  self->counting = FALSE;
  set_counts (self, result);

  if (self->count_again)
    limn_sync_client_refresh_pending (self);
}

static void
committed_cb (LimnStoreWorker *worker,
              guint            n_events,
              gint64           last_seq,
              LimnSyncClient  *self)
{
  limn_sync_client_refresh_pending (self);

  /* While backing off, a local commit does not hurry the next try. */
  if (self->automatic && self->failures == 0)
    limn_sync_client_schedule_run (self, COMMIT_DELAY_MS);
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    LimnSyncClient  *self)
{
  if (!self->automatic)
    return;

  /* Gone: say so now rather than at the next failed try. */
  if (!available)
    {
      if (!self->running && self->state == LIMN_SYNC_STATE_IDLE)
        limn_sync_client_set_state (self, LIMN_SYNC_STATE_OFFLINE);
      return;
    }

  g_debug ("The network changed; syncing");
  self->failures = 0;
  limn_sync_client_schedule_run (self, 0);
  limn_sync_client_hurry_claims (self);
  limn_sync_client_hurry_review_calls (self);
}

/* Public: runs */

void
limn_sync_client_start (LimnSyncClient *self)
{
  g_return_if_fail (LIMN_IS_SYNC_CLIENT (self));

  if (self->automatic)
    return;

  self->automatic = TRUE;
  if (self->monitor == NULL)
    self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->monitor_handler = g_signal_connect (self->monitor, "network-changed",
                                            G_CALLBACK (network_changed_cb), self);
  limn_sync_client_schedule_run (self, 0);
}

void
limn_sync_client_stop (LimnSyncClient *self)
{
  g_return_if_fail (LIMN_IS_SYNC_CLIENT (self));

  self->automatic = FALSE;
  g_clear_signal_handler (&self->monitor_handler, self->monitor);
  cancel_timer (self);
  self->retry_delay_ms = -1;
  limn_sync_client_set_next_retry (self, 0);

  limn_sync_client_abort_run (self);
}

void
limn_sync_client_sync_now (LimnSyncClient *self)
{
  g_return_if_fail (LIMN_IS_SYNC_CLIENT (self));

  self->failures = 0;
  limn_sync_client_media_retry_failed (self);
  limn_sync_client_hurry_claims (self);
  limn_sync_client_hurry_review_calls (self);
  if (self->running)
    self->rerun = TRUE;
  else
    limn_sync_client_schedule_run (self, 0);
}

void
limn_sync_client_sync_async (LimnSyncClient      *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (LIMN_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, limn_sync_client_sync_async);
  g_ptr_array_add (self->waiting, task);

  if (!self->running)
    limn_sync_client_schedule_run (self, 0);
}

gboolean
limn_sync_client_sync_finish (LimnSyncClient  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}


/* The writer's commits and the network's changes start runs. */
void
limn_sync_client_runs_init (LimnSyncClient *self)
{
  self->committed_handler = g_signal_connect (self->worker, "committed",
                                              G_CALLBACK (committed_cb), self);
}

void
limn_sync_client_runs_dispose (LimnSyncClient *self)
{
  cancel_timer (self);
  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
  g_clear_signal_handler (&self->monitor_handler, self->monitor);
  g_clear_signal_handler (&self->committed_handler, self->worker);
}
