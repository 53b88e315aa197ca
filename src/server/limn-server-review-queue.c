/* limn-server-review-queue.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>

#include "limn-server-gold.h"
#include "limn-server-projects.h"
#include "limn-server-review-queue.h"

static const char * const reasons[] = {
  LIMN_REVIEW_FLAG, LIMN_REVIEW_LOW_CONFIDENCE, LIMN_REVIEW_DISAGREEMENT,
  LIMN_REVIEW_GOLD_FAILURE, LIMN_REVIEW_AUDIT, LIMN_REVIEW_REWORK, LIMN_REVIEW_DISPUTED, NULL,
};

gboolean
limn_server_review_reason_is_valid (const char *reason)
{
  return reason != NULL && g_strv_contains (reasons, reason);
}

gboolean
limn_server_review_queue_enter (LimnServerTxn  *txn,
                                const char     *project_id,
                                const char     *task_id,
                                const char     *annotation_id,
                                const char     *reason,
                                gint64          level,
                                gint64          now_us,
                                GError        **error)
{
  g_autoptr(GPtrArray) items = txn->store->task_review_items (txn, task_id, error);
  LimnServerReviewItem *open = NULL;

  if (items == NULL)
    return FALSE;

  for (guint i = 0; i < items->len; i++)
    {
      LimnServerReviewItem *it = g_ptr_array_index (items, i);

      if (it->state != LIMN_SERVER_REVIEW_DECIDED)
        open = it;
    }

  if (open != NULL)
    {
      if (!limn_server_review_item_has_reason (open, reason))
        {
          g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

          g_strv_builder_addv (builder, (const char **)open->reasons);
          g_strv_builder_add (builder, reason);
          g_strfreev (open->reasons);
          open->reasons = g_strv_builder_end (builder);
        }
      open->min_level = MAX (open->min_level, level);
      if (annotation_id != NULL)
        {
          g_free (open->annotation_id);
          open->annotation_id = g_strdup (annotation_id);
        }
      return txn->store->update_review_item (txn, open, error);
    }
  else
    {
      g_autoptr(LimnServerReviewItem) item = limn_server_review_item_new ();

      item->id = g_uuid_string_random ();
      item->project_id = g_strdup (project_id);
      item->task_id = g_strdup (task_id);
      item->annotation_id = g_strdup (annotation_id);
      g_strfreev (item->reasons);
      item->reasons = g_new0 (char *, 2);
      item->reasons[0] = g_strdup (reason);
      item->min_level = CLAMP (level, 1, 2);
      item->state = LIMN_SERVER_REVIEW_OPEN;
      item->created_us = now_us;
      item->round = items->len + 1;
      return txn->store->insert_review_item (txn, item, error);
    }
}

/* The lowest confidence the annotation or any of its regions gives, or -1
 * when none does. */
static double
lowest_confidence (const LimnBatchItem *item,
                   JsonArray           *regions)
{
  double lowest = item->confidence;

  for (guint i = 0; regions != NULL && i < json_array_get_length (regions); i++)
    {
      JsonObject *r = json_array_get_object_element (regions, i);
      double c;

      if (r == NULL || !json_object_has_member (r, "confidence"))
        continue;
      c = json_object_get_double_member_with_default (r, "confidence", -1);
      if (c >= 0 && (lowest < 0 || c < lowest))
        lowest = c;
    }

  return lowest;
}

/* The stratified audit: strata are the annotator, each label used and the
 * source. Each stratum counts the annotations seen and sampled; one is
 * sampled when any of its strata is behind its quota after counting it,
 * and then counts as sampled in all of them. */
static gboolean
audit_sample (LimnServerTxn        *txn,
              const LimnBatchItem  *item,
              const char           *annotator,
              const char           *project_id,
              JsonArray            *regions,
              double                rate,
              gboolean             *sampled,
              GError              **error)
{
  g_autoptr(GPtrArray) strata = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) taken = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean model = FALSE;

  *sampled = FALSE;
  g_ptr_array_add (strata, g_strconcat ("annotator:", annotator, NULL));
  for (guint i = 0; regions != NULL && i < json_array_get_length (regions); i++)
    {
      JsonObject *r = json_array_get_object_element (regions, i);
      const char *label = r ? json_object_get_string_member_with_default (r, "label", NULL) : NULL;

      if (label != NULL && !g_hash_table_contains (labels, label))
        {
          g_hash_table_add (labels, (gpointer)label);
          g_ptr_array_add (strata, g_strconcat ("label:", label, NULL));
        }
      if (r != NULL && g_strcmp0 (json_object_get_string_member_with_default (r, "source", NULL),
                                  "model") == 0)
        model = TRUE;
    }
  g_ptr_array_add (strata, g_strdup (model ? "source:model" : "source:human"));

  for (guint i = 0; i < strata->len; i++)
    {
      gint64 n_seen, n_sampled;

      if (!txn->store->get_audit_stratum (txn, project_id, g_ptr_array_index (strata, i),
                                          &n_seen, &n_sampled, error))
        return FALSE;
      n_seen++;
      /* A small epsilon: 0.1 × 30 is 2.9999… in binary. */
      if ((double)n_sampled < floor (rate * (double)n_seen + 1e-9))
        *sampled = TRUE;
      g_array_append_val (seen, n_seen);
      g_array_append_val (taken, n_sampled);
    }

  for (guint i = 0; i < strata->len; i++)
    if (!txn->store->set_audit_stratum (txn, project_id, g_ptr_array_index (strata, i),
                                        g_array_index (seen, gint64, i),
                                        g_array_index (taken, gint64, i) + (*sampled ? 1 : 0),
                                        error))
      return FALSE;

  return TRUE;
}

/* Gold: the first answer against the gold answer. */
static gboolean
gold_fails (LimnServerTxn             *txn,
            const LimnBatchItem       *item,
            const LimnServerSettings  *settings,
            gboolean                  *fails,
            GError                   **error)
{
  g_autofree char *answer_json = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *gold_regions = NULL;
  JsonNode *regions = NULL;
  gboolean is_gold = FALSE;
  double f1;

  *fails = FALSE;
  if (!txn->store->get_task_gold (txn, item->task_id, &is_gold, &answer_json, error))
    return FALSE;
  if (!is_gold)
    return TRUE;

  answer = json_from_string (answer_json ? answer_json : "{}", NULL);
  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
    regions = json_object_get_member (json_node_get_object (answer), "regions");
  gold_regions = regions != NULL && JSON_NODE_HOLDS_ARRAY (regions)
                 ? json_to_string (regions, FALSE) : g_strdup ("[]");

  if (!limn_server_regions_f1 (gold_regions, item->regions, settings->match_iou, &f1, error))
    return FALSE;

  *fails = f1 < settings->agreement_threshold;
  return TRUE;
}

/* Disagreement, judged when the last overlapping annotator submitted: the
 * latest submitted revision of each annotator (corrections aside),
 * pairwise. *first_annotation: the latest of the first annotator. */
static gboolean
annotators_disagree (LimnServerTxn             *txn,
                     const char                *task_id,
                     const LimnServerSettings  *settings,
                     gboolean                  *disagree,
                     char                     **first_annotation,
                     GError                   **error)
{
  g_autoptr(GPtrArray) leases = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GPtrArray) latest = g_ptr_array_new ();
  g_autoptr(GHashTable) by_annotator = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 submitted = 0;

  *disagree = FALSE;
  *first_annotation = NULL;

  leases = txn->store->task_leases (txn, task_id, error);
  if (leases == NULL)
    return FALSE;
  for (guint i = 0; i < leases->len; i++)
    {
      LimnServerLease *l = g_ptr_array_index (leases, i);

      if (l->state == LIMN_SERVER_LEASE_SUBMITTED || l->state == LIMN_SERVER_LEASE_ACCEPTED)
        submitted++;
    }
  if (submitted < settings->overlap)
    return TRUE;

  annotations = txn->store->list_task_annotations (txn, task_id, error);
  if (annotations == NULL)
    return FALSE;

  /* Received order: later revisions replace earlier ones in place, so
   * the annotators stay in the order of their first submit. */
  for (guint i = 0; i < annotations->len; i++)
    {
      LimnServerAnnotation *a = g_ptr_array_index (annotations, i);
      gpointer slot;

      if (g_strcmp0 (a->state, "submitted") != 0 || g_strcmp0 (a->author, a->annotator) != 0)
        continue;
      if (g_hash_table_lookup_extended (by_annotator, a->annotator, NULL, &slot))
        latest->pdata[GPOINTER_TO_UINT (slot)] = a;
      else
        {
          g_hash_table_insert (by_annotator, a->annotator, GUINT_TO_POINTER (latest->len));
          g_ptr_array_add (latest, a);
        }
    }

  for (guint i = 0; i < latest->len && !*disagree; i++)
    for (guint j = i + 1; j < latest->len && !*disagree; j++)
      {
        LimnServerAnnotation *a = g_ptr_array_index (latest, i);
        LimnServerAnnotation *b = g_ptr_array_index (latest, j);
        double f1;

        if (!limn_server_regions_f1 (a->regions, b->regions, settings->match_iou, &f1, error))
          return FALSE;
        *disagree = f1 < settings->agreement_threshold;
      }

  if (*disagree)
    *first_annotation = g_strdup (((LimnServerAnnotation *)g_ptr_array_index (latest, 0))->id);
  return TRUE;
}

/* A rework enters at the level of the item it answers; a task sent back
 * a second time is disputed and goes to senior reviewers. */
static gboolean
enter_rework (LimnServerTxn        *txn,
              const LimnBatchItem  *item,
              const char           *project_id,
              gint64                now_us,
              GError              **error)
{
  g_autoptr(GPtrArray) items = txn->store->task_review_items (txn, item->task_id, error);
  g_autoptr(GPtrArray) reviews = NULL;
  gint64 level = 1;
  guint send_backs = 0;

  if (items == NULL)
    return FALSE;
  if (items->len > 0)
    level = ((LimnServerReviewItem *)g_ptr_array_index (items, items->len - 1))->min_level;

  reviews = txn->store->list_task_reviews (txn, item->task_id, error);
  if (reviews == NULL)
    return FALSE;
  for (guint i = 0; i < reviews->len; i++)
    {
      LimnServerReview *r = g_ptr_array_index (reviews, i);

      if (!r->conflicted && g_strcmp0 (r->verdict, "send_back") == 0)
        send_backs++;
    }

  if (!limn_server_review_queue_enter (txn, project_id, item->task_id, item->id,
                                       LIMN_REVIEW_REWORK, level, now_us, error))
    return FALSE;
  if (send_backs >= 2)
    return limn_server_review_queue_enter (txn, project_id, item->task_id, item->id,
                                           LIMN_REVIEW_DISPUTED, 2, now_us, error);
  return TRUE;
}

gboolean
limn_server_review_queue_annotation (LimnServerTxn          *txn,
                                     const LimnBatchItem    *item,
                                     const LimnServerLease  *before,
                                     gint64                  now_us,
                                     GError                **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonArray *regions = NULL;
  LimnServerSettings settings;
  /* A new answer: not a revision of one already submitted, nor a rework. */
  gboolean first = before->state != LIMN_SERVER_LEASE_SUBMITTED && !before->rework;
  double lowest;

  if (!limn_server_projects_read_settings (txn, before->project_id, &settings, error))
    return FALSE;

  root = json_from_string (item->regions ? item->regions : "[]", NULL);
  if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    regions = json_node_get_array (root);

  if (before->rework)
    {
      if (!txn->store->set_lease_rework (txn, before->id, FALSE, 0, error) ||
          !enter_rework (txn, item, before->project_id, now_us, error))
        return FALSE;
    }

  lowest = lowest_confidence (item, regions);
  if (lowest >= 0 && lowest < settings.review_threshold &&
      !limn_server_review_queue_enter (txn, before->project_id, item->task_id, item->id,
                                       LIMN_REVIEW_LOW_CONFIDENCE,
                                       lowest < settings.senior_threshold ? 2 : 1, now_us, error))
    return FALSE;

  /* The gold answer is revealed after the first submit: only that one
   * is a fair test. */
  if (!before->gold_revealed)
    {
      gboolean fails;

      if (!gold_fails (txn, item, &settings, &fails, error))
        return FALSE;
      if (fails && !limn_server_review_queue_enter (txn, before->project_id, item->task_id,
                                                    item->id, LIMN_REVIEW_GOLD_FAILURE, 1,
                                                    now_us, error))
        return FALSE;
    }

  if (!first)
    return TRUE;

  if (settings.overlap >= 2)
    {
      g_autofree char *first_annotation = NULL;
      gboolean disagree;

      if (!annotators_disagree (txn, item->task_id, &settings, &disagree, &first_annotation,
                                error))
        return FALSE;
      if (disagree && !limn_server_review_queue_enter (txn, before->project_id, item->task_id,
                                                       first_annotation, LIMN_REVIEW_DISAGREEMENT,
                                                       1, now_us, error))
        return FALSE;
    }

  if (settings.audit_rate > 0)
    {
      gboolean sampled;

      if (!audit_sample (txn, item, before->annotator, before->project_id, regions,
                         settings.audit_rate, &sampled, error))
        return FALSE;
      if (sampled && !limn_server_review_queue_enter (txn, before->project_id, item->task_id,
                                                      item->id, LIMN_REVIEW_AUDIT, 1, now_us,
                                                      error))
        return FALSE;
    }

  return TRUE;
}

gboolean
limn_server_review_queue_flag (LimnServerTxn        *txn,
                               const LimnBatchItem  *item,
                               const char           *project_id,
                               gint64                now_us,
                               GError              **error)
{
  return limn_server_review_queue_enter (txn, project_id, item->task_id, NULL, LIMN_REVIEW_FLAG,
                                         1, now_us, error);
}
