/* limn-consensus.c
 *
 * The consensus of several annotators' work (limn-consensus.h): objects
 * found item by item, labels chosen at the end over every object at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-formats"

#include "config.h"

#include <inttypes.h>

#include "analytics/limn-reliability-data.h"
#include "limn-consensus.h"

typedef struct
{
  guint       coder;      /* project-wide, into coder_names */
  gint64      guideline;
  LimnRegion *region;     /* a reference */
  int         label;
} Vote;

/* What some of an item's annotators drew. */
typedef struct
{
  LimnDatasetItem *item;
  guint            n_annotators;  /* the item's, drawn it or not */
  GArray          *votes;         /* Vote, at most one per annotator */
} Object;

struct _LimnConsensus
{
  LimnDataset          *dataset;
  LimnConsensusOptions  options;
  GHashTable           *labels;       /* label id → index + 1 */
  GHashTable           *coders;       /* annotator → coder + 1 */
  GPtrArray            *coder_names;  /* coder → annotator */
  GPtrArray            *objects;      /* Object, kept ones, in item order */
};

static void
vote_clear (gpointer data)
{
  Vote *v = data;

  g_clear_pointer (&v->region, limn_region_unref);
}

static GArray *
votes_new (void)
{
  GArray *votes = g_array_new (FALSE, FALSE, sizeof (Vote));

  g_array_set_clear_func (votes, vote_clear);
  return votes;
}

static void
object_free (gpointer data)
{
  Object *o = data;

  g_array_unref (o->votes);
  g_free (o);
}

void
limn_consensus_options_init (LimnConsensusOptions *options)
{
  g_return_if_fail (options != NULL);

  *options = (LimnConsensusOptions) {
    .method = LIMN_TRUTH_MAJORITY_VOTE,
    .min_iou = 0.5,
    .span_rule = LIMN_SPAN_MATCH_OVERLAP,
    .seed = 0,
    .provenance = TRUE,
  };
}

LimnConsensus *
limn_consensus_new (LimnDataset                *dataset,
                    const LimnConsensusOptions *options)
{
  LimnConsensus *self;

  g_return_val_if_fail (dataset != NULL, NULL);

  self = g_new0 (LimnConsensus, 1);
  self->dataset = dataset;
  if (options != NULL)
    self->options = *options;
  else
    limn_consensus_options_init (&self->options);
  self->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->coders = g_hash_table_new (g_str_hash, g_str_equal);
  self->coder_names = g_ptr_array_new_with_free_func (g_free);
  self->objects = g_ptr_array_new_with_free_func (object_free);

  return self;
}

void
limn_consensus_map_label (LimnConsensus *self,
                          const char    *label_id,
                          guint          index)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (label_id != NULL);

  g_hash_table_insert (self->labels, g_strdup (label_id), GUINT_TO_POINTER (index + 1));
}

void
limn_consensus_free (LimnConsensus *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->labels);
  g_hash_table_unref (self->coders);
  g_ptr_array_unref (self->coder_names);
  g_ptr_array_unref (self->objects);
  g_free (self);
}

static int
label_index (LimnConsensus *self,
             const char    *label_id)
{
  return label_id ? GPOINTER_TO_INT (g_hash_table_lookup (self->labels, label_id)) - 1 : -1;
}

static guint
coder_of (LimnConsensus *self,
          const char    *annotator)
{
  gpointer v = g_hash_table_lookup (self->coders, annotator ? annotator : "");

  if (v == NULL)
    {
      char *name = g_strdup (annotator ? annotator : "");

      g_ptr_array_add (self->coder_names, name);
      v = GUINT_TO_POINTER (self->coder_names->len);
      g_hash_table_insert (self->coders, name, v);
    }

  return GPOINTER_TO_UINT (v) - 1;
}

/* Adds @work's regions to @clusters (GArray of Vote each), the objects
 * found so far on the item. */
static gboolean
cluster_work (LimnConsensus            *self,
              GPtrArray                *clusters,
              const LimnConsensusWork  *work,
              guint                     coder,
              GError                  **error)
{
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
      const Vote *first = &g_array_index ((GArray *) g_ptr_array_index (clusters, c), Vote, 0);

      if (first->region->kind == LIMN_REGION_BOX)
        {
          LimnLabeledBox b = { first->region->box, first->label };

          g_array_append_val (rep_boxes, b);
          g_array_append_val (rep_box_cluster, c);
        }
      else
        {
          LimnLabeledSpan s = { first->region->start, first->region->end, first->label };

          g_array_append_val (rep_spans, s);
          g_array_append_val (rep_span_cluster, c);
        }
    }

  /* Votes here borrow the region; a cluster takes a reference. */
  for (guint i = 0; work->regions != NULL && i < work->regions->len; i++)
    {
      LimnRegion *r = g_ptr_array_index (work->regions, i);
      Vote v = { coder, work->guideline_version, r, label_index (self, r->label_id) };

      if (v.label < 0)
        continue;
      if (r->kind == LIMN_REGION_BOX && r->box.w > 0 && r->box.h > 0)
        {
          LimnLabeledBox b = { r->box, v.label };

          g_array_append_val (boxes, b);
          g_array_append_val (box_vote, v);
        }
      else if (r->kind == LIMN_REGION_SPAN && r->end > r->start)
        {
          LimnLabeledSpan s = { r->start, r->end, v.label };

          g_array_append_val (spans, s);
          g_array_append_val (span_vote, v);
        }
    }

  box_matches = limn_match_boxes ((LimnLabeledBox *) rep_boxes->data, rep_boxes->len,
                                  (LimnLabeledBox *) boxes->data, boxes->len,
                                  self->options.min_iou, LIMN_MATCH_ANY_LABEL, error);
  if (box_matches == NULL)
    return FALSE;
  span_matches = limn_match_spans ((LimnLabeledSpan *) rep_spans->data, rep_spans->len,
                                   (LimnLabeledSpan *) spans->data, spans->len,
                                   self->options.span_rule, LIMN_MATCH_ANY_LABEL, error);
  if (span_matches == NULL)
    return FALSE;

  box_done = g_new0 (gboolean, boxes->len + 1);
  span_done = g_new0 (gboolean, spans->len + 1);
  for (guint m = 0; m < box_matches->len + span_matches->len; m++)
    {
      gboolean is_box = m < box_matches->len;
      const LimnMatch *match = is_box ? &g_array_index (box_matches, LimnMatch, m)
                               : &g_array_index (span_matches, LimnMatch, m - box_matches->len);
      guint c = g_array_index (is_box ? rep_box_cluster : rep_span_cluster, guint, match->a);
      Vote v = g_array_index (is_box ? box_vote : span_vote, Vote, match->b);

      limn_region_ref (v.region);
      g_array_append_val (g_ptr_array_index (clusters, c), v);
      (is_box ? box_done : span_done)[match->b] = TRUE;
    }

  /* What matched nothing starts an object of its own. */
  for (guint i = 0; i < box_vote->len + span_vote->len; i++)
    {
      gboolean is_box = i < box_vote->len;
      guint j = is_box ? i : i - box_vote->len;
      GArray *cluster;
      Vote v;

      if (is_box ? box_done[j] : span_done[j])
        continue;
      v = g_array_index (is_box ? box_vote : span_vote, Vote, j);
      limn_region_ref (v.region);
      cluster = votes_new ();
      g_array_append_val (cluster, v);
      g_ptr_array_add (clusters, cluster);
    }

  return TRUE;
}

gboolean
limn_consensus_add_item (LimnConsensus            *self,
                         LimnDatasetItem          *item,
                         const LimnConsensusWork  *work,
                         guint                     n_work,
                         GError                  **error)
{
  g_autoptr(GPtrArray) clusters = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (item != NULL, FALSE);
  g_return_val_if_fail (work != NULL || n_work == 0, FALSE);

  clusters = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint k = 0; k < n_work; k++)
    if (!cluster_work (self, clusters, &work[k], coder_of (self, work[k].annotator), error))
      return FALSE;

  /* A strict majority of the item's annotators drew it; its label waits
   * for limn_consensus_finish(). */
  for (guint c = 0; c < clusters->len; c++)
    {
      GArray *cluster = g_ptr_array_index (clusters, c);
      Object *o;

      if (cluster->len * 2 <= n_work)
        continue;
      o = g_new0 (Object, 1);
      o->item = item;
      o->n_annotators = n_work;
      o->votes = g_array_ref (cluster);
      g_ptr_array_add (self->objects, o);
    }

  return TRUE;
}

const char *
limn_consensus_method_to_string (LimnTruthMethod method)
{
  return method == LIMN_TRUTH_DAWID_SKENE ? "dawid-skene"
         : method == LIMN_TRUTH_GLAD ? "glad" : "majority";
}

static void
set_provenance (LimnConsensus     *self,
                LimnDatasetRegion *d,
                const Object      *o)
{
  g_autoptr(GString) who = g_string_new (NULL);
  g_autofree char *votes = g_strdup_printf ("%u/%u", o->votes->len, o->n_annotators);
  gint64 guideline = 0;

  for (guint m = 0; m < o->votes->len; m++)
    {
      const Vote *v = &g_array_index (o->votes, Vote, m);

      g_string_append_printf (who, "%s%s", who->len ? "," : "",
                              (const char *) g_ptr_array_index (self->coder_names, v->coder));
      guideline = MAX (guideline, v->guideline);
    }

  limn_attrs_set (&d->attrs, "provenance:annotators", who->str);
  limn_attrs_set (&d->attrs, "provenance:agreement", votes);
  limn_attrs_set (&d->attrs, "provenance:method",
                  limn_consensus_method_to_string (self->options.method));
  if (guideline > 0)
    {
      g_autofree char *v = g_strdup_printf ("%" PRId64, guideline);

      limn_attrs_set (&d->attrs, "provenance:guideline_version", v);
    }
}

/* Adds @o's region with @label; FALSE when there is none to add. */
static gboolean
add_object (LimnConsensus *self,
            const Object  *o,
            int            label)
{
  const Vote *best = NULL;
  LimnBox mean = { 0 };
  guint n_same = 0, best_count = 0;
  gboolean any_label = FALSE;
  LimnDatasetAnnotation *set;
  LimnDatasetRegion *d;

  /* A label nobody in the object gave (Dawid–Skene may infer one): the
   * geometry of every vote. */
  for (guint m = 0; m < o->votes->len; m++)
    any_label |= g_array_index (o->votes, Vote, m).label == label;

  for (guint m = 0; m < o->votes->len; m++)
    {
      const Vote *v = &g_array_index (o->votes, Vote, m);

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

              count += (!any_label || w->label == label) &&
                       w->region->start == v->region->start && w->region->end == v->region->end;
            }
          /* Strictly more: of equal counts the first annotator's wins. */
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
    return FALSE;

  set = limn_dataset_item_annotation (o->item, LIMN_CONSENSUS_ANNOTATOR);
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

  if (self->options.provenance)
    set_provenance (self, d, o);

  return TRUE;
}

gboolean
limn_consensus_finish (LimnConsensus  *self,
                       guint          *n_regions,
                       GError        **error)
{
  g_autoptr(LimnReliabilityData) data = NULL;
  g_autoptr(LimnTruth) truth = NULL;
  guint n_labels;
  LimnTruthOptions options;
  guint added = 0;

  g_return_val_if_fail (self != NULL, FALSE);

  if (n_regions != NULL)
    *n_regions = 0;
  n_labels = limn_dataset_get_n_labels (self->dataset);
  if (self->objects->len == 0 || n_labels == 0)
    return TRUE;

  data = limn_reliability_data_new (n_labels, error);
  if (data == NULL)
    return FALSE;
  for (guint u = 0; u < self->objects->len; u++)
    {
      const Object *o = g_ptr_array_index (self->objects, u);

      for (guint m = 0; m < o->votes->len; m++)
        {
          const Vote *v = &g_array_index (o->votes, Vote, m);

          if (!limn_reliability_data_add (data, u, v->coder, v->label, error))
            return FALSE;
        }
    }

  limn_truth_options_init (&options);
  options.seed = self->options.seed;
  truth = limn_truth_infer (data, self->options.method, &options, error);
  if (truth == NULL)
    return FALSE;

  for (guint u = 0; u < self->objects->len; u++)
    if (truth->labels[u] >= 0)
      added += add_object (self, g_ptr_array_index (self->objects, u), truth->labels[u]);

  if (n_regions != NULL)
    *n_regions = added;
  return TRUE;
}
