/* limn-server-dataset-build.c
 *
 * A server project read into a LimnDataset, mirroring the app's export
 * (src/core/store/limn-store-export.c): the project's labels in order,
 * every task (image by its title, text by its id) with its task id kept,
 * each annotator's latest submitted revision with its reviewer, and
 * "provenance:" attributes on each region. The consensus is the app's
 * (src/core/formats/limn-consensus.h, docs/formats.md "Consensus"), so a
 * version and the app's export of the same work agree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "formats/limn-consensus.h"
#include "formats/limn-provenance.h"
#include "limn-server-datasets.h"

static const char * const method_names[] = { "accepted", "majority", "dawid-skene" };

const char *
limn_server_dataset_method_to_string (LimnServerDatasetMethod method)
{
  g_return_val_if_fail (method < G_N_ELEMENTS (method_names), NULL);
  return method_names[method];
}

gboolean
limn_server_dataset_method_from_string (const char              *str,
                                        LimnServerDatasetMethod *method)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (method_names); i++)
    if (g_str_equal (str, method_names[i]))
      {
        *method = i;
        return TRUE;
      }
  return FALSE;
}

/* One revision with its regions parsed. */
typedef struct
{
  LimnServerRevision *rev;
  GPtrArray          *regions;   /* LimnRegion */
} Revision;

static void
revision_free (gpointer data)
{
  Revision *r = data;

  g_clear_pointer (&r->regions, g_ptr_array_unref);
  g_free (r);
}

/* Stored regions are canonical (limn-server-validate.c), so anything else
 * is a damaged row: left out, not fatal. */
static GPtrArray *
parse_regions (const char *json)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_region_unref);
  g_autoptr(JsonNode) root = json_from_string (json ? json : "[]", NULL);
  JsonArray *array = root && JSON_NODE_HOLDS_ARRAY (root) ? json_node_get_array (root) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *n = json_array_get_element (array, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
      const char *kind, *label, *id;
      LimnRegion *r = NULL;

      if (o == NULL)
        continue;
      kind = json_object_get_string_member_with_default (o, "kind", "");
      label = json_object_get_string_member_with_default (o, "label", NULL);
      id = json_object_get_string_member_with_default (o, "id", NULL);
      if (label == NULL || id == NULL)
        continue;

      if (g_str_equal (kind, "box") && json_object_has_member (o, "box"))
        {
          JsonArray *b = json_object_get_array_member (o, "box");
          LimnBox box;

          if (b == NULL || json_array_get_length (b) != 4)
            continue;
          box.x = json_array_get_double_element (b, 0);
          box.y = json_array_get_double_element (b, 1);
          box.w = json_array_get_double_element (b, 2);
          box.h = json_array_get_double_element (b, 3);
          r = limn_region_new_box (id, label, &box);
        }
      else if (g_str_equal (kind, "span"))
        r = limn_region_new_span (id, label,
                                  json_object_get_int_member_with_default (o, "start", 0),
                                  json_object_get_int_member_with_default (o, "end", 0),
                                  json_object_get_string_member_with_default (o, "text", NULL));
      if (r == NULL)
        continue;

      if (g_strcmp0 (json_object_get_string_member_with_default (o, "source", NULL), "model") == 0)
        limn_region_set_model (r,
                               json_object_get_double_member_with_default (o, "score",
                                                                           LIMN_SCORE_UNSET),
                               json_object_get_string_member_with_default (o, "model_version",
                                                                           NULL),
                               json_object_get_string_member_with_default (o, "suggestion_id",
                                                                           NULL));
      g_ptr_array_add (out, r);
    }

  return out;
}

typedef struct
{
  LimnDataset   *dataset;
  GHashTable    *labels;      /* label id → index + 1 */
  LimnConsensus *consensus;   /* majority, dawid-skene */
} Build;

static int
label_index (Build      *b,
             const char *label_id)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (b->labels, label_id)) - 1;
}

static void
add_accepted (Build           *b,
              LimnDatasetItem *item,
              GPtrArray       *revisions)
{
  for (guint k = 0; k < revisions->len; k++)
    {
      Revision *r = g_ptr_array_index (revisions, k);
      LimnProvenance provenance = {
        r->rev->annotator, r->rev->submitted_us, r->rev->guideline_version, r->rev->reviewer,
      };
      LimnDatasetAnnotation *set;

      if (r->rev->reviewer == NULL)
        continue;
      set = limn_dataset_item_annotation (item, r->rev->annotator);
      for (guint i = 0; i < r->regions->len; i++)
        {
          const LimnRegion *region = g_ptr_array_index (r->regions, i);
          int label = label_index (b, region->label_id);

          if (label >= 0)
            limn_provenance_set (limn_dataset_annotation_add_region (set, label, region),
                                 &provenance, region);
        }
    }
}

/* The item's objects for the consensus (limn-consensus.h). */
static gboolean
add_consensus (Build            *b,
               LimnDatasetItem  *item,
               GPtrArray        *revisions,
               GError          **error)
{
  g_autofree LimnConsensusWork *work = g_new0 (LimnConsensusWork, revisions->len + 1);

  for (guint k = 0; k < revisions->len; k++)
    {
      const Revision *r = g_ptr_array_index (revisions, k);

      work[k].annotator = r->rev->annotator;
      work[k].guideline_version = r->rev->guideline_version;
      work[k].regions = r->regions;
    }

  return limn_consensus_add_item (b->consensus, item, work, revisions->len, error);
}

static void
add_labels (Build                   *b,
            const LimnServerProject *project)
{
  for (guint i = 0; i < project->labels->len; i++)
    {
      const LimnServerLabel *label = g_ptr_array_index (project->labels, i);
      guint index = limn_dataset_add_label (b->dataset, label->name, NULL, label->color);
      LimnDatasetLabel *d = limn_dataset_edit_label (b->dataset, index);

      if (label->hotkey != NULL)
        limn_attrs_set (&d->attrs, "hotkey", label->hotkey);
      if (label->description != NULL && label->description[0] != '\0')
        limn_attrs_set (&d->attrs, "description", label->description);
      if (label->retired_us > 0)
        limn_attrs_set (&d->attrs, "retired", "1");
      /* Per language, as the Limn project writer takes them. */
      if (label->names != NULL)
        limn_attrs_set (&d->attrs, "names", label->names);
      if (label->descriptions != NULL)
        limn_attrs_set (&d->attrs, "descriptions", label->descriptions);
      g_hash_table_insert (b->labels, g_strdup (label->id), GINT_TO_POINTER (index + 1));
      limn_consensus_map_label (b->consensus, label->id, index);
    }
}

static LimnDatasetItem *
add_item (Build                *b,
          const LimnServerTask *task)
{
  LimnDatasetItem *item;

  if (g_strcmp0 (task->kind, "text") == 0)
    {
      item = limn_dataset_add_text (b->dataset, task->id, task->text ? task->text : "");
      if (task->language != NULL)
        limn_attrs_set (&item->attrs, "language", task->language);
      if (task->direction != NULL)
        limn_attrs_set (&item->attrs, "direction", task->direction);
    }
  else
    item = limn_dataset_add_image (b->dataset, task->title, NULL, task->width, task->height);
  limn_attrs_set (&item->attrs, "id", task->id);

  return item;
}

LimnDataset *
limn_server_dataset_build (LimnServerTxn            *txn,
                           const LimnServerProject  *project,
                           LimnServerDatasetMethod   method,
                           double                    min_iou,
                           guint                    *n_revisions,
                           GError                  **error)
{
  g_autoptr(LimnDataset) dataset = limn_dataset_new ();
  g_autoptr(GHashTable) labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(LimnConsensus) consensus = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  LimnConsensusOptions options;
  Build b = { dataset, labels, NULL };
  guint next = 0, used = 0;

  limn_consensus_options_init (&options);
  options.method = method == LIMN_SERVER_DATASET_DAWID_SKENE ? LIMN_TRUTH_DAWID_SKENE
                   : LIMN_TRUTH_MAJORITY_VOTE;
  options.min_iou = min_iou;
  consensus = limn_consensus_new (dataset, &options);
  b.consensus = consensus;

  tasks = txn->store->list_tasks (txn, project->id, error);
  if (tasks == NULL)
    return NULL;
  revisions = txn->store->list_latest_revisions (txn, project->id, error);
  if (revisions == NULL)
    return NULL;

  limn_dataset_set_attr (dataset, "id", project->id);
  limn_dataset_set_attr (dataset, "name", project->name);
  limn_dataset_set_attr (dataset, "kind", project->kind);
  add_labels (&b, project);

  /* Both lists are in task position order. */
  for (guint t = 0; t < tasks->len; t++)
    {
      const LimnServerTask *task = g_ptr_array_index (tasks, t);
      g_autoptr(GPtrArray) mine = g_ptr_array_new_with_free_func (revision_free);
      LimnDatasetItem *item = add_item (&b, task);

      while (next < revisions->len &&
             g_str_equal (((LimnServerRevision *)g_ptr_array_index (revisions, next))->task_id,
                          task->id))
        {
          Revision *r = g_new0 (Revision, 1);

          r->rev = g_ptr_array_index (revisions, next++);
          r->regions = parse_regions (r->rev->regions);
          g_ptr_array_add (mine, r);
        }

      if (method == LIMN_SERVER_DATASET_ACCEPTED)
        {
          add_accepted (&b, item, mine);
          for (guint k = 0; k < mine->len; k++)
            used += ((Revision *)g_ptr_array_index (mine, k))->rev->reviewer != NULL;
        }
      else
        {
          if (!add_consensus (&b, item, mine, error))
            return NULL;
          used += mine->len;
        }
    }

  if (method != LIMN_SERVER_DATASET_ACCEPTED && !limn_consensus_finish (consensus, NULL, error))
    return NULL;

  if (n_revisions != NULL)
    *n_revisions = used;
  return g_steal_pointer (&dataset);
}
