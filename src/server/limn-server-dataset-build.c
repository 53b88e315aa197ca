/* limn-server-dataset-build.c
 *
 * A server project read into a LimnDataset, mirroring the app's export
 * (src/core/store/limn-store-export.c): the project's labels in order,
 * every task (image by its title, text by its id) with its task id kept,
 * each annotator's latest submitted revision with its reviewer, and
 * "provenance:" attributes on each region. Consensus, as there: regions
 * of different annotators that match (boxes at IoU ≥ min_iou, spans that
 * overlap, labels aside) are one object, kept when a strict majority of
 * the item's annotators drew it, with the mean box (or the most common
 * span) of those who gave the chosen label. Unlike the app, the label is
 * chosen over the whole project at once, so Dawid–Skene can learn each
 * annotator's confusions from every item.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "analytics/limn-region-match.h"
#include "analytics/limn-reliability-data.h"
#include "analytics/limn-truth.h"
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

/* One revision with its regions parsed, and its annotator's number among
 * the project's annotators (a coder of the truth inference). */
typedef struct
{
  LimnServerRevision *rev;
  GPtrArray          *regions;   /* LimnRegion */
  guint               coder;
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
  LimnDataset             *dataset;
  LimnServerDatasetMethod  method;
  double                   min_iou;
  GHashTable              *labels;      /* label id → index + 1 */
  GHashTable              *coders;      /* user id → coder + 1 */
  GPtrArray               *coder_ids;   /* coder → user id */
  guint64                  n_regions;
} Build;

static int
label_index (Build      *b,
             const char *label_id)
{
  return GPOINTER_TO_INT (g_hash_table_lookup (b->labels, label_id)) - 1;
}

static char *
iso_time (gint64 us)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_utc (us / G_USEC_PER_SEC);

  return t ? g_date_time_format_iso8601 (t) : NULL;
}

static void
set_int_attr (LimnAttrs  *attrs,
              const char *key,
              gint64      value)
{
  g_autofree char *v = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  limn_attrs_set (attrs, key, v);
}

static void
set_provenance (LimnDatasetRegion        *d,
                const LimnServerRevision *rev,
                const LimnRegion         *region)
{
  limn_attrs_set (&d->attrs, "provenance:annotator", rev->annotator);
  if (rev->submitted_us > 0)
    {
      g_autofree char *when = iso_time (rev->submitted_us);

      limn_attrs_set (&d->attrs, "provenance:submitted", when);
    }
  if (rev->guideline_version > 0)
    set_int_attr (&d->attrs, "provenance:guideline_version", rev->guideline_version);
  if (rev->reviewer != NULL)
    limn_attrs_set (&d->attrs, "provenance:reviewer", rev->reviewer);
  if (region->source == LIMN_REGION_SOURCE_MODEL)
    limn_attrs_set (&d->attrs, "provenance:model_version",
                    region->model_version ? region->model_version : "");
}

static LimnDatasetRegion *
add_region (Build                 *b,
            LimnDatasetAnnotation *set,
            const LimnRegion      *region,
            int                    label)
{
  LimnDatasetRegion *d;

  if (region->kind == LIMN_REGION_BOX)
    d = limn_dataset_annotation_add_box (set, label, &region->box);
  else
    d = limn_dataset_annotation_add_span (set, label, region->start, region->end, region->text);
  d->id = g_strdup (region->id);
  b->n_regions++;
  return d;
}

static void
add_accepted (Build           *b,
              LimnDatasetItem *item,
              GPtrArray       *revisions)
{
  for (guint k = 0; k < revisions->len; k++)
    {
      Revision *r = g_ptr_array_index (revisions, k);
      LimnDatasetAnnotation *set;

      if (r->rev->reviewer == NULL)
        continue;
      set = limn_dataset_item_annotation (item, r->rev->annotator);
      for (guint i = 0; i < r->regions->len; i++)
        {
          const LimnRegion *region = g_ptr_array_index (r->regions, i);
          int label = label_index (b, region->label_id);

          if (label >= 0)
            set_provenance (add_region (b, set, region, label), r->rev, region);
        }
    }
}

/* Consensus */

typedef struct
{
  guint             revision;   /* index into the item's revisions */
  const LimnRegion *region;
  int               label;
} Vote;

/* An object some annotators drew, on one item. */
typedef struct
{
  LimnDatasetItem *item;
  GPtrArray       *revisions;   /* the item's Revision array (borrowed) */
  GArray          *votes;       /* Vote */
} Object;

static void
object_free (gpointer data)
{
  Object *o = data;

  g_array_unref (o->votes);
  g_ptr_array_unref (o->revisions);
  g_free (o);
}

/* The item's objects a strict majority of its annotators drew, appended
 * to @objects. */
static gboolean
cluster_item (Build            *b,
              LimnDatasetItem  *item,
              GPtrArray        *revisions,
              GPtrArray        *objects,
              GError          **error)
{
  g_autoptr(GPtrArray) clusters = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  guint n = revisions->len;

  for (guint k = 0; k < n; k++)
    {
      Revision *rev = g_ptr_array_index (revisions, k);
      guint n_clusters = clusters->len;
      g_autoptr(GArray) rep_boxes = g_array_new (FALSE, FALSE, sizeof (LimnLabeledBox));
      g_autoptr(GArray) rep_spans = g_array_new (FALSE, FALSE, sizeof (LimnLabeledSpan));
      g_autoptr(GArray) rep_box_cluster = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GArray) rep_span_cluster = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (LimnLabeledBox));
      g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (LimnLabeledSpan));
      g_autoptr(GArray) box_vote = g_array_new (FALSE, FALSE, sizeof (Vote));
      g_autoptr(GArray) span_vote = g_array_new (FALSE, FALSE, sizeof (Vote));
      g_autoptr(GArray) box_matches = NULL;
      g_autoptr(GArray) span_matches = NULL;
      g_autofree gboolean *box_done = NULL;
      g_autofree gboolean *span_done = NULL;

      /* Each object is represented by its first region. */
      for (guint c = 0; c < n_clusters; c++)
        {
          const Vote *first = &g_array_index ((GArray *)g_ptr_array_index (clusters, c), Vote, 0);

          if (first->region->kind == LIMN_REGION_BOX)
            {
              LimnLabeledBox lb = { first->region->box, first->label };

              g_array_append_val (rep_boxes, lb);
              g_array_append_val (rep_box_cluster, c);
            }
          else
            {
              LimnLabeledSpan ls = { first->region->start, first->region->end, first->label };

              g_array_append_val (rep_spans, ls);
              g_array_append_val (rep_span_cluster, c);
            }
        }

      for (guint i = 0; i < rev->regions->len; i++)
        {
          const LimnRegion *r = g_ptr_array_index (rev->regions, i);
          Vote v = { k, r, label_index (b, r->label_id) };

          if (v.label < 0)
            continue;
          if (r->kind == LIMN_REGION_BOX && r->box.w > 0 && r->box.h > 0)
            {
              LimnLabeledBox lb = { r->box, v.label };

              g_array_append_val (boxes, lb);
              g_array_append_val (box_vote, v);
            }
          else if (r->kind == LIMN_REGION_SPAN && r->end > r->start)
            {
              LimnLabeledSpan ls = { r->start, r->end, v.label };

              g_array_append_val (spans, ls);
              g_array_append_val (span_vote, v);
            }
        }

      box_matches = limn_match_boxes ((LimnLabeledBox *)rep_boxes->data, rep_boxes->len,
                                      (LimnLabeledBox *)boxes->data, boxes->len,
                                      b->min_iou, LIMN_MATCH_ANY_LABEL, error);
      if (box_matches == NULL)
        return FALSE;
      span_matches = limn_match_spans ((LimnLabeledSpan *)rep_spans->data, rep_spans->len,
                                       (LimnLabeledSpan *)spans->data, spans->len,
                                       LIMN_SPAN_MATCH_OVERLAP, LIMN_MATCH_ANY_LABEL, error);
      if (span_matches == NULL)
        return FALSE;

      box_done = g_new0 (gboolean, boxes->len + 1);
      for (guint m = 0; m < box_matches->len; m++)
        {
          const LimnMatch *match = &g_array_index (box_matches, LimnMatch, m);

          g_array_append_val (g_ptr_array_index (clusters,
                                                 g_array_index (rep_box_cluster, guint, match->a)),
                              g_array_index (box_vote, Vote, match->b));
          box_done[match->b] = TRUE;
        }
      span_done = g_new0 (gboolean, spans->len + 1);
      for (guint m = 0; m < span_matches->len; m++)
        {
          const LimnMatch *match = &g_array_index (span_matches, LimnMatch, m);

          g_array_append_val (g_ptr_array_index (clusters,
                                                 g_array_index (rep_span_cluster, guint, match->a)),
                              g_array_index (span_vote, Vote, match->b));
          span_done[match->b] = TRUE;
        }

      /* What matched nothing starts an object of its own. */
      for (guint i = 0; i < box_vote->len + span_vote->len; i++)
        {
          gboolean is_box = i < box_vote->len;
          guint j = is_box ? i : i - box_vote->len;
          GArray *cluster;

          if (is_box ? box_done[j] : span_done[j])
            continue;
          cluster = g_array_new (FALSE, FALSE, sizeof (Vote));
          g_array_append_val (cluster, g_array_index (is_box ? box_vote : span_vote, Vote, j));
          g_ptr_array_add (clusters, cluster);
        }
    }

  for (guint c = 0; c < clusters->len; c++)
    {
      GArray *cluster = g_ptr_array_index (clusters, c);
      Object *o;

      if (cluster->len * 2 <= n)
        continue;
      o = g_new0 (Object, 1);
      o->item = item;
      o->revisions = g_ptr_array_ref (revisions);
      o->votes = g_array_ref (cluster);
      g_ptr_array_add (objects, o);
    }

  return TRUE;
}

static void
add_object (Build        *b,
            const Object *o,
            int           label)
{
  LimnDatasetAnnotation *set = limn_dataset_item_annotation (o->item, LIMN_SERVER_DATASET_CONSENSUS);
  g_autoptr(GString) who = g_string_new (NULL);
  const Vote *best = NULL;
  LimnBox mean = { 0 };
  guint n_same = 0, best_count = 0;
  gint64 guideline = 0;
  gboolean any_label = FALSE;
  LimnDatasetRegion *d;

  /* A label nobody in the object gave (Dawid–Skene may infer one): the
   * geometry of every vote. */
  for (guint m = 0; m < o->votes->len; m++)
    any_label |= g_array_index (o->votes, Vote, m).label == label;

  for (guint m = 0; m < o->votes->len; m++)
    {
      const Vote *v = &g_array_index (o->votes, Vote, m);
      const Revision *rev = g_ptr_array_index (o->revisions, v->revision);

      g_string_append_printf (who, "%s%s", who->len ? "," : "", rev->rev->annotator);
      guideline = MAX (guideline, rev->rev->guideline_version);
      if (any_label && v->label != label)
        continue;
      n_same++;
      mean.x += v->region->box.x;
      mean.y += v->region->box.y;
      mean.w += v->region->box.w;
      mean.h += v->region->box.h;
      if (v->region->kind == LIMN_REGION_SPAN)
        {
          guint count = 0;

          for (guint q = 0; q < o->votes->len; q++)
            {
              const Vote *w = &g_array_index (o->votes, Vote, q);

              count += (!any_label || w->label == label) && w->region->start == v->region->start &&
                       w->region->end == v->region->end;
            }
          if (count > best_count)
            {
              best_count = count;
              best = v;
            }
        }
      else if (best == NULL)
        best = v;
    }

  if (best == NULL || n_same == 0)
    return;

  if (best->region->kind == LIMN_REGION_BOX)
    {
      mean.x /= n_same;
      mean.y /= n_same;
      mean.w /= n_same;
      mean.h /= n_same;
      d = limn_dataset_annotation_add_box (set, label, &mean);
    }
  else
    d = limn_dataset_annotation_add_span (set, label, best->region->start, best->region->end,
                                          best->region->text);
  b->n_regions++;

  {
    g_autofree char *votes = g_strdup_printf ("%u/%u", o->votes->len, o->revisions->len);

    limn_attrs_set (&d->attrs, "provenance:annotators", who->str);
    limn_attrs_set (&d->attrs, "provenance:agreement", votes);
    limn_attrs_set (&d->attrs, "provenance:method", limn_server_dataset_method_to_string (b->method));
    if (guideline > 0)
      set_int_attr (&d->attrs, "provenance:guideline_version", guideline);
  }
}

/* Each object's label by majority vote or Dawid–Skene over every object
 * of the project (units) and every annotator (coders). */
static gboolean
add_consensus (Build      *b,
               GPtrArray  *objects,
               GError    **error)
{
  g_autoptr(LimnReliabilityData) data = NULL;
  g_autoptr(LimnTruth) truth = NULL;
  guint n_labels = limn_dataset_get_n_labels (b->dataset);

  if (objects->len == 0 || n_labels == 0)
    return TRUE;

  data = limn_reliability_data_new (n_labels, error);
  if (data == NULL)
    return FALSE;
  for (guint u = 0; u < objects->len; u++)
    {
      const Object *o = g_ptr_array_index (objects, u);

      for (guint m = 0; m < o->votes->len; m++)
        {
          const Vote *v = &g_array_index (o->votes, Vote, m);
          const Revision *rev = g_ptr_array_index (o->revisions, v->revision);

          if (!limn_reliability_data_add (data, u, rev->coder, v->label, error))
            return FALSE;
        }
    }

  truth = limn_truth_infer (data, b->method == LIMN_SERVER_DATASET_DAWID_SKENE
                                  ? LIMN_TRUTH_DAWID_SKENE : LIMN_TRUTH_MAJORITY_VOTE,
                            NULL, error);
  if (truth == NULL)
    return FALSE;

  for (guint u = 0; u < objects->len; u++)
    if (truth->labels[u] >= 0)
      add_object (b, g_ptr_array_index (objects, u), truth->labels[u]);

  return TRUE;
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
      g_hash_table_insert (b->labels, g_strdup (label->id), GINT_TO_POINTER (index + 1));
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

static guint
coder_of (Build      *b,
          const char *user_id)
{
  gpointer v = g_hash_table_lookup (b->coders, user_id);

  if (v == NULL)
    {
      g_ptr_array_add (b->coder_ids, g_strdup (user_id));
      v = GUINT_TO_POINTER (b->coder_ids->len);
      g_hash_table_insert (b->coders, g_strdup (user_id), v);
    }
  return GPOINTER_TO_UINT (v) - 1;
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
  g_autoptr(GHashTable) coders = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) coder_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (object_free);
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) revisions = NULL;
  Build b = { dataset, method, min_iou, labels, coders, coder_ids, 0 };
  guint next = 0, used = 0;

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
          r->coder = coder_of (&b, r->rev->annotator);
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
          if (!cluster_item (&b, item, mine, objects, error))
            return NULL;
          used += mine->len;
        }
    }

  if (method != LIMN_SERVER_DATASET_ACCEPTED && !add_consensus (&b, objects, error))
    return NULL;

  if (n_revisions != NULL)
    *n_revisions = used;
  return g_steal_pointer (&dataset);
}
