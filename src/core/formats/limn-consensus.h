/* limn-consensus.h
 *
 * One consensus annotation per item from several annotators' work: the
 * rule the app's export (limn-store-export.c) and the server's dataset
 * versions (limn-server-dataset-build.c) share, so both give the same
 * regions and labels for the same work (docs/formats.md, "Consensus"):
 *
 * - On each item, annotators are taken in the order given. A region
 *   matches an object already found (represented by its first region) when
 *   the pair is in the optimal one-to-one matching of limn-region-match.h,
 *   labels aside: boxes at IoU ≥ min_iou, spans by the span rule. What
 *   matched nothing starts an object of its own. Empty boxes and spans, and
 *   regions of a label not mapped (limn_consensus_map_label()), are left
 *   out.
 * - An object is kept when a strict majority of the item's annotators
 *   (every one given, even with no regions) drew it.
 * - Every kept object's label is chosen at once over all items (units =
 *   objects, coders = annotators by name, numbered in order of first
 *   appearance) by limn-truth.h with the seed given: majority vote (a tie
 *   broken by a hash of the seed and the object's number) or Dawid–Skene.
 * - The region: for a box, the mean of the boxes of those who gave that
 *   label; for a span, the edges most of them gave exactly (a tie: the
 *   first annotator's of those). When Dawid–Skene infers a label nobody in
 *   the object gave, every vote counts.
 * - Its provenance: "provenance:annotators" (who drew the object, in
 *   order, comma-separated), "provenance:agreement" ("2/3": how many of
 *   the item's annotators drew it), "provenance:method" ("majority",
 *   "dawid-skene" or "glad") and, when any is above 0,
 *   "provenance:guideline_version" (the highest of those who drew it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "analytics/limn-region-match.h"
#include "analytics/limn-truth.h"
#include "limn-dataset.h"

G_BEGIN_DECLS

/* The annotator name a consensus annotation carries. */
#define LIMN_CONSENSUS_ANNOTATOR "consensus"

typedef struct
{
  LimnTruthMethod method;      /* default LIMN_TRUTH_MAJORITY_VOTE */
  double          min_iou;     /* boxes: one object at IoU ≥ this, in (0, 1] (default 0.5) */
  LimnSpanRule    span_rule;   /* default LIMN_SPAN_MATCH_OVERLAP */
  guint32         seed;        /* breaks label ties (default 0) */
  gboolean        provenance;  /* "provenance:" attributes (default TRUE) */
} LimnConsensusOptions;

/* One annotator's work on one item. */
typedef struct
{
  const char *annotator;          /* the same name is the same coder on every item */
  gint64      guideline_version;  /* 0: not known */
  GPtrArray  *regions;            /* LimnRegion; kept (referenced) until the consensus is freed */
} LimnConsensusWork;

typedef struct _LimnConsensus LimnConsensus;

void           limn_consensus_options_init     (LimnConsensusOptions       *options);

/* Consensus regions go to @dataset's items; @options may be %NULL for
 * the defaults. */
LimnConsensus *limn_consensus_new              (LimnDataset                *dataset,
                                                const LimnConsensusOptions *options);
void           limn_consensus_free             (LimnConsensus              *consensus);
/* A region whose label_id is @label_id has @dataset's label @index (the
 * last call for an id wins). Regions of other labels are left out. */
void           limn_consensus_map_label        (LimnConsensus              *consensus,
                                                const char                 *label_id,
                                                guint                       index);

/* Finds @item's objects from its @n_work annotators' work (one entry per
 * annotator); fails only on an invalid box or threshold. */
gboolean       limn_consensus_add_item         (LimnConsensus              *consensus,
                                                LimnDatasetItem            *item,
                                                const LimnConsensusWork    *work,
                                                guint                       n_work,
                                                GError                    **error);

/* Chooses every kept object's label and adds its region to its item's
 * LIMN_CONSENSUS_ANNOTATOR annotation (made when it gets a region);
 * *@n_regions (may be %NULL) gets how many. Call once, after every item. */
gboolean       limn_consensus_finish           (LimnConsensus              *consensus,
                                                guint                      *n_regions,
                                                GError                    **error);

/* "majority", "dawid-skene" or "glad": what "provenance:method" says. */
const char    *limn_consensus_method_to_string (LimnTruthMethod             method);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnConsensus, limn_consensus_free)

G_END_DECLS
