/* limn-server-batches.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-server-audit.h"
#include "limn-server-batches.h"
#include "limn-server-changes.h"
#include "limn-server-guardrails.h"
#include "limn-server-projects.h"
#include "limn-server-qualification.h"
#include "limn-server-review-items.h"
#include "limn-server-review-queue.h"

/* Values in Batch.held. */
enum
{
  TASK_NEVER_HELD = 1,
  TASK_HELD = 2,
};

typedef struct
{
  LimnServerTxn              *txn;
  const LimnServerPrincipal  *principal;
  gint64                      now_us;
  /* Task id -> whether the caller has (or had) it. Assignments are never
   * deleted and only claims add them, which wait for this transaction's
   * write lock: the answer cannot change within a batch. */
  GHashTable                 *held;
  GHashTable                 *overlap;     /* project id -> gint64 * */
} Batch;

/* What a stored answer means for a request with @request_sha256 from
 * @principal: FALSE with KEY_REUSED when the key holds another body or
 * came from another token; TRUE with *replay set when it is a replay;
 * TRUE with *replay FALSE when the request is to be checked and applied
 * (nothing stored, or a batch that changed nothing, kept as a marker). */
static gboolean
judge_stored (const LimnServerStoredAnswer  *stored,
              const LimnServerPrincipal     *principal,
              const char                    *request_sha256,
              gboolean                      *replay,
              GError                       **error)
{
  *replay = FALSE;
  if (stored == NULL)
    return TRUE;

  if (stored->token_id != NULL && g_strcmp0 (stored->token_id, principal->token_id) != 0)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_KEY_REUSED,
                   _("This Idempotency-Key was used before with another token."));
      return FALSE;
    }

  if (g_strcmp0 (stored->request_sha256, request_sha256) != 0)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_KEY_REUSED,
                   _("This Idempotency-Key was used before with a different body."));
      return FALSE;
    }

  *replay = g_bytes_get_size (stored->body) > 0;
  return TRUE;
}

gboolean
limn_server_batches_replay (LimnServerBackend          *backend,
                            const LimnServerPrincipal  *principal,
                            const char                 *key,
                            const char                 *request_sha256,
                            guint                      *status,
                            GBytes                    **body,
                            GError                    **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);
  g_autoptr(LimnServerStoredAnswer) stored = NULL;
  gboolean replay;

  *body = NULL;
  if (txn == NULL ||
      !txn->store->lookup_answer (txn, principal->user_id, key, &stored, error) ||
      !judge_stored (stored, principal, request_sha256, &replay, error))
    return FALSE;

  if (replay)
    {
      *status = stored->status;
      *body = g_steal_pointer (&stored->body);
    }
  return TRUE;
}

gboolean
limn_server_batches_forget (LimnServerBackend  *backend,
                            gint64              before_us,
                            guint              *n_deleted,
                            GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);

  *n_deleted = 0;
  return txn != NULL &&
         txn->store->forget_answers (txn, before_us, n_deleted, error) &&
         limn_server_txn_commit (txn, error);
}

/* An id seen before is a duplicate when it was the caller's, else refused:
 * ids are the client's UUIDs, so a clash with someone else's is an error,
 * not a reason to tell them anything about that item. */
static gboolean
check_duplicate (Batch          *b,
                 LimnBatchItem  *item,
                 GError        **error)
{
  g_autofree char *owner = NULL;

  if (!b->txn->store->lookup_item_owner (b->txn, item->kind, item->id, &owner, error))
    return FALSE;

  if (owner != NULL && g_str_equal (owner, b->principal->user_id))
    item->status = LIMN_BATCH_DUPLICATE;
  else if (owner != NULL)
    limn_batch_item_reject (item, _("the id is already used"));

  return TRUE;
}

/* The first checks of an annotation or a flag: its id (a duplicate, or
 * someone else's), then the caller's assignment of its task. *lease NULL
 * when the item was decided here. */
static gboolean
own_lease (Batch            *b,
           LimnBatchItem    *item,
           LimnServerLease **lease,
           GError          **error)
{
  *lease = NULL;
  if (!check_duplicate (b, item, error))
    return FALSE;
  if (item->status != LIMN_BATCH_PENDING)
    return TRUE;

  if (!b->txn->store->lookup_assignment (b->txn, item->task_id, b->principal->user_id, lease,
                                         error))
    return FALSE;
  if (*lease == NULL)
    limn_batch_item_reject (item, _("the task is not assigned to you"));

  return TRUE;
}

/* A reviewer's (or admin's) events on a task she reviews (opened, a
 * comment, the verdict) are hers like an annotator's on a task she
 * holds: she holds, or held, a review item of it. */
static gboolean
reviews_task (Batch       *b,
              const char  *task_id,
              gboolean    *found,
              GError     **error)
{
  g_autoptr(GPtrArray) items = NULL;

  *found = FALSE;
  if (b->principal->role == LIMN_SERVER_ROLE_ANNOTATOR)
    return TRUE;

  items = b->txn->store->task_review_items (b->txn, task_id, error);
  if (items == NULL)
    return FALSE;
  for (guint i = 0; i < items->len && !*found; i++)
    {
      const LimnServerReviewItem *item = g_ptr_array_index (items, i);

      *found = g_strcmp0 (item->holder, b->principal->user_id) == 0;
    }

  return TRUE;
}

static gboolean
apply_event (Batch          *b,
             LimnBatchItem  *item,
             GError        **error)
{
  gboolean inserted;

  if (item->task_id != NULL)
    {
      gpointer known = g_hash_table_lookup (b->held, item->task_id);
      gboolean found;

      if (known != NULL)
        found = GPOINTER_TO_INT (known) == TASK_HELD;
      else
        {
          g_autoptr(LimnServerLease) lease = NULL;

          if (!b->txn->store->lookup_assignment (b->txn, item->task_id, b->principal->user_id,
                                                 &lease, error))
            return FALSE;
          found = lease != NULL;
          if (!found && !reviews_task (b, item->task_id, &found, error))
            return FALSE;
          g_hash_table_insert (b->held, g_strdup (item->task_id),
                               GINT_TO_POINTER (found ? TASK_HELD : TASK_NEVER_HELD));
        }
      if (!found)
        {
          limn_batch_item_reject (item, _("the task is not assigned to you"));
          return TRUE;
        }
    }

  /* Events are most of the traffic: insert first and look at the id only
   * when it was there already. */
  if (!b->txn->store->insert_event (b->txn, item, b->principal->user_id, b->now_us, &inserted,
                                    error))
    return FALSE;

  if (!inserted)
    return check_duplicate (b, item, error);

  item->status = LIMN_BATCH_APPLIED;
  return TRUE;
}

static gboolean
project_overlap (Batch       *b,
                 const char  *project_id,
                 gint64      *overlap,
                 GError     **error)
{
  gint64 *known = g_hash_table_lookup (b->overlap, project_id);
  LimnServerSettings settings;

  if (known == NULL)
    {
      if (!limn_server_projects_read_settings (b->txn, project_id, &settings, error))
        return FALSE;
      known = g_new (gint64, 1);
      *known = settings.overlap;
      g_hash_table_insert (b->overlap, g_strdup (project_id), known);
    }

  *overlap = *known;
  return TRUE;
}

/* A training answer (docs/training.md): the gold change says so, with the
 * annotator's qualification after it, so the app shows the differences and
 * the progress at once. The answer is stored by now, so it counts. */
static gboolean
add_training (Batch            *b,
              LimnServerLease  *lease,
              JsonObject       *data,
              GError          **error)
{
  LimnServerSettings settings;
  LimnServerQualification q;

  if (!limn_server_projects_read_settings (b->txn, lease->project_id, &settings, error))
    return FALSE;
  if (settings.qualification_gold_items <= 0)
    return TRUE;
  if (!limn_server_qualification_of (b->txn, lease->project_id, &settings, b->principal->user_id,
                                     lease->task_id, &q, error))
    return FALSE;
  if (q.task_counted)
    json_object_set_object_member (data, "training", limn_server_qualification_to_json (&q));
  return TRUE;
}

/* The answer of a gold task reaches an annotator only after they submitted
 * it, once. Written by the admin CLI after validation; still, never trust
 * it to be well-formed enough to crash on. */
static gboolean
reveal_gold (Batch            *b,
             LimnServerLease  *lease,
             GError          **error)
{
  g_autofree char *answer_json = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonObject) data = json_object_new ();
  JsonNode *regions = NULL;
  gboolean is_gold = FALSE;

  if (!b->txn->store->get_task_gold (b->txn, lease->task_id, &is_gold, &answer_json, error))
    return FALSE;
  if (!is_gold)
    return TRUE;

  answer = json_from_string (answer_json ? answer_json : "{}", NULL);
  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    regions = json_object_get_member (json_node_get_object (answer), "regions");

  json_object_set_string_member (data, "task_id", lease->task_id);
  if (regions != NULL && JSON_NODE_HOLDS_ARRAY (regions))
    json_object_set_member (data, "regions", json_node_copy (regions));
  else
    json_object_set_array_member (data, "regions", json_array_new ());
  if (!add_training (b, lease, data, error))
    return FALSE;

  return limn_server_changes_add (b->txn, b->principal->user_id, lease->project_id, "gold", data,
                                  b->now_us, error) &&
         b->txn->store->set_gold_revealed (b->txn, lease->id, b->now_us, error);
}

static gboolean
apply_annotation (Batch          *b,
                  LimnBatchItem  *item,
                  GError        **error)
{
  g_autoptr(LimnServerLease) lease = NULL;
  gboolean submit = FALSE;

  if (!own_lease (b, item, &lease, error))
    return FALSE;
  if (lease == NULL)
    return TRUE;

  if (item->blocked_by != NULL)
    {
      limn_batch_item_reject (item, item->blocked_by);
      item->code = g_strdup (LIMN_SERVER_GUARDRAIL_BLOCKED_CODE);
      return TRUE;
    }

  if (lease->state == LIMN_SERVER_LEASE_ASSIGNED || lease->state == LIMN_SERVER_LEASE_SUBMITTED)
    /* Still theirs, even past the lease if nobody swept it yet. */
    submit = TRUE;
  else if (lease->state == LIMN_SERVER_LEASE_ACCEPTED)
    {
      /* A reviewer settled the task; later edits are kept, not taken. */
      item->status = LIMN_BATCH_CONFLICT;
      g_free (item->reason);
      item->reason = g_strdup (_("the task was reviewed and accepted"));
      return b->txn->store->insert_annotation (b->txn, item, b->principal->user_id, lease,
                                               item->reason, b->now_us, error);
    }
  else
    {
      gint64 holders, overlap;

      /* Expired: the work is kept as the caller's if the task still has a
       * free place, else it is a conflicted revision. */
      if (!b->txn->store->count_holders (b->txn, item->task_id, &holders, error) ||
          !project_overlap (b, lease->project_id, &overlap, error))
        return FALSE;
      submit = holders < overlap;
    }

  if (submit)
    item->status = LIMN_BATCH_APPLIED;
  else
    {
      item->status = LIMN_BATCH_CONFLICT;
      g_free (item->reason);
      item->reason = g_strdup (_("task reassigned after the lease expired"));
    }

  if (!b->txn->store->insert_annotation (b->txn, item, b->principal->user_id, lease,
                                         submit ? NULL : item->reason, b->now_us, error))
    return FALSE;

  if (!submit)
    return TRUE;

  if (!b->txn->store->set_lease_state (b->txn, lease->id, LIMN_SERVER_LEASE_SUBMITTED, b->now_us,
                                       error) ||
      !limn_server_review_queue_annotation (b->txn, item, lease, b->now_us, error))
    return FALSE;

  return lease->gold_revealed || reveal_gold (b, lease, error);
}

static gboolean
apply_flag (Batch          *b,
            LimnBatchItem  *item,
            GError        **error)
{
  g_autoptr(LimnServerLease) lease = NULL;

  if (!own_lease (b, item, &lease, error))
    return FALSE;
  if (lease == NULL)
    return TRUE;

  if (!b->txn->store->insert_flag (b->txn, item, b->principal->user_id, lease->project_id,
                                   b->now_us, error) ||
      !limn_server_review_queue_flag (b->txn, item, lease->project_id, b->now_us, error))
    return FALSE;

  item->status = LIMN_BATCH_APPLIED;
  return TRUE;
}

/* Review and feedback items (limn-server-review-items.c), after the id
 * check every kind gets. */
static gboolean
apply_review_kind (Batch          *b,
                   LimnBatchItem  *item,
                   GError        **error)
{
  if (!check_duplicate (b, item, error))
    return FALSE;
  if (item->status != LIMN_BATCH_PENDING)
    return TRUE;

  switch (item->kind)
    {
    case LIMN_BATCH_ITEM_REVIEW:
      return limn_server_review_apply_verdict (b->txn, b->principal, item, b->now_us, error);
    case LIMN_BATCH_ITEM_MESSAGE:
      return limn_server_review_apply_message (b->txn, b->principal, item, b->now_us, error);
    case LIMN_BATCH_ITEM_ACK:
      return limn_server_review_apply_ack (b->txn, b->principal, item, b->now_us, error);
    case LIMN_BATCH_ITEM_NOTE:
    default:
      return limn_server_review_apply_note (b->txn, b->principal, item, b->now_us, error);
    }
}

gboolean
limn_server_batches_apply (LimnServerBackend          *backend,
                           const LimnServerPrincipal  *principal,
                           const char                 *key,
                           const char                 *request_sha256,
                           GPtrArray                  *items,
                           gint64                      now_us,
                           LimnBatchRenderFunc         render,
                           gpointer                    render_data,
                           gboolean                   *replayed,
                           guint                      *status,
                           GBytes                    **body,
                           GError                    **error)
{
  g_autoptr(LimnServerTxn) txn = NULL;
  g_autoptr(LimnServerStoredAnswer) stored = NULL;
  g_autoptr(GHashTable) held = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) overlap = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(JsonObject) detail = json_object_new ();
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) rendered = NULL;
  LimnServerStoredAnswer answer = {
    .request_sha256 = (char *)request_sha256,
    .token_id = principal->token_id,
    .status = 200,
  };
  guint counts[LIMN_BATCH_REJECTED + 1] = { 0 };
  gboolean replay;
  Batch b;

  *replayed = FALSE;
  txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  if (txn == NULL)
    return FALSE;

  /* Looked up again in the write transaction: two identical requests
   * racing each other apply once, and the second replays the first's
   * answer. */
  if (!txn->store->lookup_answer (txn, principal->user_id, key, &stored, error) ||
      !judge_stored (stored, principal, request_sha256, &replay, error))
    return FALSE;
  if (replay)
    {
      *replayed = TRUE;
      *status = stored->status;
      *body = g_steal_pointer (&stored->body);
      return TRUE;
    }
  /* A batch that changed nothing is checked again: nothing was applied
   * under its key, so nothing can be applied twice. */
  if (stored != NULL && !txn->store->delete_answer (txn, principal->user_id, key, error))
    return FALSE;

  b = (Batch) {
    .txn = txn,
    .principal = principal,
    .now_us = now_us,
    .held = held,
    .overlap = overlap,
  };

  for (guint i = 0; i < items->len; i++)
    {
      LimnBatchItem *item = g_ptr_array_index (items, i);
      gboolean ok = TRUE;

      if (item->status == LIMN_BATCH_PENDING)
        {
          switch (item->kind)
            {
            case LIMN_BATCH_ITEM_EVENT:
              ok = apply_event (&b, item, error);
              break;
            case LIMN_BATCH_ITEM_ANNOTATION:
              ok = apply_annotation (&b, item, error);
              break;
            case LIMN_BATCH_ITEM_FLAG:
              ok = apply_flag (&b, item, error);
              break;
            case LIMN_BATCH_ITEM_REVIEW:
            case LIMN_BATCH_ITEM_MESSAGE:
            case LIMN_BATCH_ITEM_ACK:
            case LIMN_BATCH_ITEM_NOTE:
              ok = apply_review_kind (&b, item, error);
              break;
            default:
              limn_batch_item_reject (item, _("unknown kind"));
              break;
            }
        }

      if (!ok)
        return FALSE;

      counts[item->status]++;
    }

  /* Only a batch that changed something keeps its answer: one that was
   * all refusals and duplicates costs its key and hash, not 70 bytes an
   * item (docs/security.md). */
  rendered = render (items, render_data);
  answer.body = counts[LIMN_BATCH_APPLIED] + counts[LIMN_BATCH_CONFLICT] > 0 ? rendered : empty;
  if (!txn->store->insert_answer (txn, principal->user_id, key, &answer, now_us, error))
    return FALSE;

  json_object_set_string_member (detail, "idempotency_key", key);
  json_object_set_int_member (detail, "items", items->len);
  json_object_set_int_member (detail, "applied", counts[LIMN_BATCH_APPLIED]);
  json_object_set_int_member (detail, "duplicate", counts[LIMN_BATCH_DUPLICATE]);
  json_object_set_int_member (detail, "conflict", counts[LIMN_BATCH_CONFLICT]);
  json_object_set_int_member (detail, "rejected", counts[LIMN_BATCH_REJECTED]);
  if (!limn_server_audit_add (txn, principal, "batch", detail, error) ||
      !limn_server_txn_commit (txn, error))
    return FALSE;

  *status = answer.status;
  *body = g_steal_pointer (&rendered);

  return TRUE;
}
