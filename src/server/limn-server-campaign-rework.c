/* limn-server-campaign-rework.c
 *
 * What a relabel campaign does to each annotator's work, and what it
 * tells their app through the changes feed, in the words the app already
 * reads (docs/api.md, "GET /api/v1/changes"): sending an answer back is a
 * reviewer's send_back (an `assignment` change, rework); taking it back
 * restores the assignment as it was, an accepted answer with a `review`
 * accept, any other with `assignment_expired` (the rework lease is gone);
 * a rollback's new revision is a `review` correction carrying the base
 * regions, so a syncing app shows the restored answer as the current one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "limn-server-campaigns-private.h"
#include "limn-server-changes.h"
#include "limn-server-review-items.h"

/* The annotator's assignment of the task; one is made for work that came
 * without one (an import), as the import would. */
static LimnServerLease *
lease_of (LimnServerTxn                 *txn,
          const LimnServerCampaign      *c,
          const LimnServerCampaignItem  *item,
          gint64                         now_us,
          GError                       **error)
{
  g_autoptr(LimnServerLease) lease = NULL;
  gint64 count = 0;

  if (!txn->store->lookup_assignment (txn, item->task_id, item->annotator, &lease, error))
    return NULL;
  if (lease != NULL)
    return g_steal_pointer (&lease);

  if (!txn->store->count_assignments (txn, item->annotator, c->project_id, &count, error))
    return NULL;
  lease = g_new0 (LimnServerLease, 1);
  lease->id = g_uuid_string_random ();
  lease->task_id = g_strdup (item->task_id);
  lease->project_id = g_strdup (c->project_id);
  lease->annotator = g_strdup (item->annotator);
  lease->state = LIMN_SERVER_LEASE_SUBMITTED;
  lease->assigned_us = now_us;
  lease->lease_expires_us = now_us;
  lease->position = count;
  if (!txn->store->insert_assignment (txn, lease, error))
    return NULL;
  return g_steal_pointer (&lease);
}

gboolean
limn_server_campaign_send_back (LimnServerTxn                 *txn,
                                const LimnServerCampaign      *c,
                                LimnServerCampaignItem        *item,
                                const LimnServerAnnotation    *latest,
                                gint64                         now_us,
                                GError                       **error)
{
  g_autoptr(LimnServerLease) lease = lease_of (txn, c, item, now_us, error);

  if (lease == NULL)
    return FALSE;

  g_free (item->prior_state);
  item->prior_state = g_strdup (limn_server_lease_state_to_string (lease->state));
  item->prior_rework = lease->rework;
  g_free (item->base_annotation_id);
  item->base_annotation_id = g_strdup (latest->id);
  g_free (item->state);
  item->state = g_strdup ("pending");

  return limn_server_review_send_back (txn, lease, now_us, error) &&
         txn->store->update_campaign_item (txn, item, error);
}

/* A `review` change for the annotator of @item, as a reviewer's verdict
 * writes it (limn-server-review-items.c), with the campaign named. */
static gboolean
write_review (LimnServerTxn                 *txn,
              const LimnServerCampaign      *c,
              const LimnServerCampaignItem  *item,
              const char                    *annotation_id,
              const char                    *verdict,
              const char                    *comment,
              const char                    *by,
              JsonObject                    *correction,
              gint64                         now_us,
              GError                       **error)
{
  g_autoptr(JsonObject) data = json_object_new ();
  g_autofree char *review_id = g_uuid_string_random ();

  json_object_set_string_member (data, "task_id", item->task_id);
  json_object_set_string_member (data, "annotation_id", annotation_id);
  json_object_set_string_member (data, "review_id", review_id);
  json_object_set_string_member (data, "verdict", verdict);
  json_object_set_null_member (data, "reason_code");
  json_object_set_string_member (data, "comment", comment);
  json_object_set_array_member (data, "comments", json_array_new ());
  json_object_set_string_member (data, "reviewer", by != NULL && *by != '\0' ? by : "limn-server");
  if (correction != NULL)
    json_object_set_object_member (data, "correction", json_object_ref (correction));
  else
    json_object_set_null_member (data, "correction");
  json_object_set_int_member (data, "created_us", now_us);
  json_object_set_string_member (data, "campaign_id", c->id);

  return limn_server_changes_add (txn, item->annotator, c->project_id, "review", data, now_us,
                                  error);
}

gboolean
limn_server_campaign_take_back (LimnServerTxn                 *txn,
                                const LimnServerCampaign      *c,
                                LimnServerCampaignItem        *item,
                                const char                    *by,
                                gint64                         now_us,
                                GError                       **error)
{
  g_autoptr(LimnServerLease) lease = NULL;
  LimnServerLeaseState prior = LIMN_SERVER_LEASE_SUBMITTED;
  /* A proposal's items were never sent back. */
  gboolean sent = g_str_equal (item->state, "pending");

  if (sent &&
      !txn->store->lookup_assignment (txn, item->task_id, item->annotator, &lease, error))
    return FALSE;

  g_free (item->state);
  item->state = g_strdup ("withdrawn");
  if (!txn->store->update_campaign_item (txn, item, error))
    return FALSE;

  /* Answered meanwhile, or back in a reviewer's rework as before the
   * campaign: nothing of the campaign's is left to take back. */
  if (lease == NULL || !lease->rework || item->prior_rework)
    return TRUE;

  if (item->prior_state != NULL)
    limn_server_lease_state_from_string (item->prior_state, &prior);
  if (!txn->store->set_lease_rework (txn, lease->id, FALSE, 0, error) ||
      !txn->store->set_lease_state (txn, lease->id, prior, now_us, error))
    return FALSE;

  if (prior == LIMN_SERVER_LEASE_ACCEPTED)
    {
      g_autofree char *comment = g_strdup_printf (_("Campaign %s took back its rework: your "
                                                    "accepted answer stands."), c->id);

      return write_review (txn, c, item, item->base_annotation_id, "accept", comment, by, NULL,
                           now_us, error);
    }
  else
    {
      g_autoptr(JsonObject) data = json_object_new ();

      json_object_set_string_member (data, "task_id", item->task_id);
      json_object_set_string_member (data, "assignment_id", lease->id);
      json_object_set_string_member (data, "campaign_id", c->id);
      json_object_set_boolean_member (data, "withdrawn", TRUE);
      json_object_set_string_member (data, "state", limn_server_lease_state_to_string (prior));
      return limn_server_changes_add (txn, item->annotator, c->project_id, "assignment_expired",
                                      data, now_us, error);
    }
}

/* Canonical regions */

static void
append_string (GString    *out,
               const char *s)
{
  g_autofree char *escaped = g_strescape (s, NULL);

  g_string_append_printf (out, "\"%s\"", escaped);
}

static void
append_canonical (GString  *out,
                  JsonNode *node,
                  gboolean  region)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *o = json_node_get_object (node);
        g_autoptr(GList) names = g_list_sort (json_object_get_members (o), (GCompareFunc)strcmp);
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        for (GList *l = names; l != NULL; l = l->next)
          {
            JsonNode *member = json_object_get_member (o, l->data);

            /* A region's id is new in every revision; what it says is not.
             * No source is a person's (limn_region_to_json leaves it out). */
            if (region && (g_str_equal (l->data, "id") ||
                           (g_str_equal (l->data, "source") &&
                            JSON_NODE_HOLDS_VALUE (member) &&
                            g_strcmp0 (json_node_get_string (member), "human") == 0)))
              continue;
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            append_string (out, l->data);
            g_string_append_c (out, ':');
            append_canonical (out, member, FALSE);
          }
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *a = json_node_get_array (node);

        g_string_append_c (out, '[');
        for (guint i = 0; i < json_array_get_length (a); i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_canonical (out, json_array_get_element (a, i), FALSE);
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
          {
            char buf[G_ASCII_DTOSTR_BUF_SIZE];

            /* 20 and 20.0 are the same coordinate. */
            g_string_append (out, g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
          }
        else if (type == G_TYPE_BOOLEAN)
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
        else
          append_string (out, json_node_get_string (node));
      }
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

char *
limn_server_campaign_regions_key (const char *regions_json)
{
  g_autoptr(JsonNode) root = json_from_string (regions_json != NULL ? regions_json : "[]", NULL);
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new ("[");
  JsonArray *array;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_string_free (out, TRUE);
      return g_strdup (regions_json != NULL ? regions_json : "");
    }
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      GString *one = g_string_new (NULL);

      append_canonical (one, json_array_get_element (array, i), TRUE);
      g_ptr_array_add (keys, g_string_free (one, FALSE));
    }
  /* The order regions were drawn in says nothing about the answer. */
  g_ptr_array_sort (keys, compare_strings);
  for (guint i = 0; i < keys->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, g_ptr_array_index (keys, i));
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

/* Rollback */

static const LimnServerAnnotation *
find_annotation (GPtrArray  *all,
                 const char *id)
{
  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (((LimnServerAnnotation *)g_ptr_array_index (all, i))->id, id) == 0)
      return g_ptr_array_index (all, i);
  return NULL;
}

gboolean
limn_server_campaign_restore (LimnServerTxn                 *txn,
                              const LimnServerCampaign      *c,
                              const LimnServerCampaignItem  *item,
                              const char                    *by,
                              gboolean                      *restored,
                              gboolean                      *unchanged,
                              gint64                         now_us,
                              GError                       **error)
{
  g_autoptr(GPtrArray) all = txn->store->list_task_annotations (txn, item->task_id, error);
  g_autoptr(LimnBatchItem) a = NULL;
  g_autoptr(LimnServerLease) lease = NULL;
  g_autoptr(JsonObject) correction = NULL;
  g_autoptr(JsonNode) regions = NULL;
  g_autofree char *base_key = NULL;
  g_autofree char *latest_key = NULL;
  g_autofree char *comment = NULL;
  const LimnServerAnnotation *base;
  LimnServerAnnotation *latest;

  *restored = *unchanged = FALSE;
  if (all == NULL)
    return FALSE;
  base = item->base_annotation_id != NULL ? find_annotation (all, item->base_annotation_id) : NULL;
  latest = limn_server_campaign_latest (all, item->annotator);
  if (base == NULL || latest == NULL)
    return TRUE;

  /* The same answer again (redone identically, or never redone): a new
   * revision would only say nothing changed. */
  base_key = limn_server_campaign_regions_key (base->regions);
  latest_key = limn_server_campaign_regions_key (latest->regions);
  if (latest == base || g_str_equal (base_key, latest_key))
    {
      *unchanged = TRUE;
      return TRUE;
    }

  if ((lease = lease_of (txn, c, item, now_us, error)) == NULL)
    return FALSE;
  a = limn_batch_item_new (LIMN_BATCH_ITEM_ANNOTATION);
  a->id = g_uuid_string_random ();
  a->task_id = g_strdup (item->task_id);
  a->project_id = g_strdup (c->project_id);
  a->revision = latest->revision + 1;
  a->parent_id = g_strdup (latest->id);
  a->guideline_version = base->guideline_version;
  a->confidence = base->confidence;
  a->created_us = now_us;
  a->submitted_us = now_us;
  a->regions = g_strdup (base->regions);
  regions = json_from_string (base->regions, NULL);
  if (regions == NULL || !JSON_NODE_HOLDS_ARRAY (regions))
    {
      g_clear_pointer (&regions, json_node_unref);
      regions = json_node_init_array (json_node_alloc (), json_array_new ());
    }
  a->region_count = json_array_get_length (json_node_get_array (regions));
  if (!txn->store->insert_annotation (txn, a, item->annotator, lease, NULL, now_us, error))
    return FALSE;

  /* The assignment as it was with the base answer. */
  if (item->prior_state != NULL && !item->prior_rework)
    {
      LimnServerLeaseState prior = LIMN_SERVER_LEASE_SUBMITTED;

      limn_server_lease_state_from_string (item->prior_state, &prior);
      if (!txn->store->set_lease_state (txn, lease->id, prior, now_us, error))
        return FALSE;
    }

  correction = json_object_new ();
  json_object_set_string_member (correction, "id", a->id);
  json_object_set_int_member (correction, "revision", a->revision);
  json_object_set_string_member (correction, "parent_id", latest->id);
  json_object_set_member (correction, "regions", g_steal_pointer (&regions));
  comment = g_strdup_printf (_("Campaign %s was rolled back: your answer from before it is "
                               "the current one again."), c->id);
  if (!write_review (txn, c, item, latest->id, "correct", comment, by, correction, now_us, error))
    return FALSE;

  *restored = TRUE;
  return TRUE;
}
