/* limn-server-qualification.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "limn-server-gold.h"
#include "limn-server-projects.h"
#include "limn-server-qualification.h"

void
limn_server_qualification_row_free (LimnServerQualificationRow *row)
{
  if (row == NULL)
    return;

  g_free (row->annotator);
  g_free (row->annotator_id);
  g_free (row);
}

/* The regions array of a stored gold answer ({"regions": […]}), as text. */
static char *
gold_regions (const char *gold)
{
  g_autoptr(JsonNode) root = json_from_string (gold ? gold : "{}", NULL);
  JsonNode *regions = root && JSON_NODE_HOLDS_OBJECT (root)
                      ? json_object_get_member (json_node_get_object (root), "regions") : NULL;

  return regions && JSON_NODE_HOLDS_ARRAY (regions) ? json_to_string (regions, FALSE)
                                                    : g_strdup ("[]");
}

/* Right by the rule the team figures and review use for gold: region F1
 * (boxes at IoU ≥ match_iou, spans by overlap) at least agreement_threshold. */
static gboolean
answer_right (const LimnServerGoldAnswer  *a,
              const LimnServerSettings    *settings,
              gboolean                    *right,
              GError                     **error)
{
  g_autofree char *gold = gold_regions (a->gold);
  double f1 = 0;

  if (!limn_server_regions_f1 (gold, a->regions, settings->match_iou, &f1, error))
    return FALSE;
  *right = f1 >= settings->agreement_threshold;
  return TRUE;
}

static gboolean
passes (const LimnServerQualification *q)
{
  /* A hair below so that 16 of 20 passes 0.8 despite rounding. */
  return (double)q->right >= q->min_accuracy * (double)q->gold_items - 1e-9;
}

/* Walks @answers (received order) of @user_id from @since_us on. */
static gboolean
score (GPtrArray                  *answers,
       const LimnServerSettings   *settings,
       const char                 *user_id,
       const char                 *task_id,
       gint64                      since_us,
       LimnServerQualification    *q,
       GError                    **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  *q = (LimnServerQualification) {
    .gold_items = settings->qualification_gold_items,
    .min_accuracy = settings->qualification_min_accuracy,
    .since_us = since_us,
  };
  if (q->gold_items <= 0)
    {
      /* No rule: everyone is qualified. */
      q->passed = TRUE;
      return TRUE;
    }

  for (guint i = 0; i < answers->len && !q->passed; i++)
    {
      const LimnServerGoldAnswer *a = g_ptr_array_index (answers, i);
      gboolean right = FALSE;

      /* Only the first answer to each item: the gold is shown after it. */
      if (g_strcmp0 (a->annotator_id, user_id) != 0 || a->received_us < since_us ||
          !g_hash_table_add (seen, a->task_id))
        continue;
      if (!answer_right (a, settings, &right, error))
        return FALSE;

      if (task_id != NULL && g_str_equal (a->task_id, task_id))
        q->task_counted = TRUE;
      q->scored++;
      q->total_scored++;
      if (right)
        {
          q->right++;
          q->total_right++;
        }

      if (q->scored == q->gold_items)
        {
          if (passes (q))
            q->passed = TRUE;
          else
            {
              /* Failed: a fresh attempt on items not seen yet. */
              q->failed_attempts++;
              q->scored = 0;
              q->right = 0;
            }
        }
    }

  return TRUE;
}

/* When answers start counting: after the latest guideline version was
 * published, for a project that asks to requalify then. */
static gboolean
counting_since (LimnServerTxn             *txn,
                const char                *project_id,
                const LimnServerSettings  *settings,
                gint64                    *since_us,
                GError                   **error)
{
  g_autoptr(LimnServerProject) project = NULL;

  *since_us = 0;
  if (!settings->requalify_on_guideline_change || settings->qualification_gold_items <= 0)
    return TRUE;
  if (!txn->store->get_project (txn, project_id, &project, error))
    return FALSE;
  if (project != NULL && project->guideline_version > 0)
    *since_us = project->guidelines_published_us;
  return TRUE;
}

gboolean
limn_server_qualification_of (LimnServerTxn             *txn,
                              const char                *project_id,
                              const LimnServerSettings  *settings,
                              const char                *user_id,
                              const char                *task_id,
                              LimnServerQualification   *out,
                              GError                   **error)
{
  g_autoptr(GPtrArray) answers = NULL;
  gint64 since_us;

  if (settings->qualification_gold_items <= 0)
    {
      *out = (LimnServerQualification) { .passed = TRUE };
      return TRUE;
    }

  if (!counting_since (txn, project_id, settings, &since_us, error))
    return FALSE;
  answers = txn->store->list_gold_answers (txn, project_id, error);
  if (answers == NULL)
    return FALSE;

  return score (answers, settings, user_id, task_id, since_us, out, error);
}

gboolean
limn_server_qualification_for_user (LimnServerBackend        *backend,
                                    const char               *project_id,
                                    const char               *user_id,
                                    LimnServerQualification  *out,
                                    GError                  **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);
  LimnServerSettings settings;

  return txn != NULL && limn_server_projects_read_settings (txn, project_id, &settings, error) &&
         limn_server_qualification_of (txn, project_id, &settings, user_id, NULL, out, error);
}

static gint
by_annotator (gconstpointer a,
              gconstpointer b)
{
  const LimnServerQualificationRow *ra = *(LimnServerQualificationRow **)a;
  const LimnServerQualificationRow *rb = *(LimnServerQualificationRow **)b;

  return g_utf8_collate (ra->annotator, rb->annotator);
}

GPtrArray *
limn_server_qualification_list (LimnServerBackend  *backend,
                                const char         *project_id,
                                GError            **error)
{
  g_autoptr(LimnServerTxn) txn = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  LimnServerSettings settings;
  gint64 since_us;

  txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);
  if (txn == NULL || !limn_server_projects_read_settings (txn, project_id, &settings, error))
    return NULL;

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_qualification_row_free);
  if (settings.qualification_gold_items <= 0)
    return g_steal_pointer (&rows);

  if (!counting_since (txn, project_id, &settings, &since_us, error))
    return NULL;
  answers = txn->store->list_gold_answers (txn, project_id, error);
  if (answers == NULL)
    return NULL;

  for (guint i = 0; i < answers->len; i++)
    {
      const LimnServerGoldAnswer *a = g_ptr_array_index (answers, i);
      LimnServerQualificationRow *row;

      if (a->annotator_id == NULL || !g_hash_table_add (listed, a->annotator_id))
        continue;

      row = g_new0 (LimnServerQualificationRow, 1);
      row->annotator = g_strdup (a->annotator);
      row->annotator_id = g_strdup (a->annotator_id);
      g_ptr_array_add (rows, row);
      if (!score (answers, &settings, a->annotator_id, NULL, since_us, &row->status, error))
        return NULL;
    }

  g_ptr_array_sort (rows, by_annotator);
  return g_steal_pointer (&rows);
}

JsonObject *
limn_server_qualification_to_json (const LimnServerQualification *q)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "gold_items", q->gold_items);
  json_object_set_double_member (o, "min_accuracy", q->min_accuracy);
  json_object_set_boolean_member (o, "passed", q->passed);
  json_object_set_int_member (o, "scored", q->scored);
  json_object_set_int_member (o, "right", q->right);
  if (q->scored > 0)
    json_object_set_double_member (o, "accuracy", (double)q->right / (double)q->scored);
  else
    json_object_set_null_member (o, "accuracy");
  json_object_set_int_member (o, "failed_attempts", q->failed_attempts);
  json_object_set_int_member (o, "training_scored", q->total_scored);
  json_object_set_int_member (o, "training_right", q->total_right);
  return o;
}

char *
limn_server_qualification_check (const char  *text,
                                 GError     **error)
{
  g_autoptr(JsonNode) root = json_from_string (text, NULL);
  g_autoptr(JsonObject) out = json_object_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o;
  JsonNode *n;
  double min_accuracy;
  gint64 gold_items;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_INVALID,
                   _("The qualification rule must be a JSON object."));
      return NULL;
    }
  o = json_node_get_object (root);

  n = json_object_get_member (o, "min_accuracy");
  if (n != NULL && JSON_NODE_HOLDS_VALUE (n) &&
      (json_node_get_value_type (n) == G_TYPE_DOUBLE || json_node_get_value_type (n) == G_TYPE_INT64))
    min_accuracy = json_node_get_double (n);
  else
    min_accuracy = NAN;
  if (!(min_accuracy > 0 && min_accuracy <= 1))
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_INVALID,
                   _("“min_accuracy” must be a number above 0 and at most 1."));
      return NULL;
    }

  n = json_object_get_member (o, "gold_items");
  gold_items = n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64
               ? json_node_get_int (n) : 0;
  if (gold_items < 1 || gold_items > 1000)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_INVALID,
                   _("“gold_items” must be a whole number from 1 to 1000."));
      return NULL;
    }

  n = json_object_get_member (o, "requalify_on_guideline_change");
  if (n != NULL && (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_BOOLEAN))
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_INVALID,
                   _("“requalify_on_guideline_change” must be true or false."));
      return NULL;
    }

  json_object_set_double_member (out, "min_accuracy", min_accuracy);
  json_object_set_int_member (out, "gold_items", gold_items);
  if (n != NULL && json_node_get_boolean (n))
    json_object_set_boolean_member (out, "requalify_on_guideline_change", TRUE);
  json_node_set_object (node, out);
  return json_to_string (node, FALSE);
}
