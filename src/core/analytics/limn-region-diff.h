/* limn-region-diff.h
 *
 * What changed between two region lists: an annotator's revision and the
 * reviewer's correction of it, two revisions of one task, or two
 * annotators' answers. Each region of A and of B lands in exactly one
 * change:
 *
 * - matched pairs, found first by id (the same id and the same kind; a
 *   revision keeps its regions' ids), then among what is left by geometry
 *   with the optimal matcher of limn-region-match.h, labels ignored (a
 *   label mix-up is a relabelled pair, not a removal and an addition):
 *   boxes at IoU ≥ min_iou, spans by overlap. A pair is unchanged, moved
 *   (a box moved or resized beyond move_tolerance image pixels, a span's
 *   offsets differ), relabelled, or both;
 * - regions of A with no partner: removed; of B: added.
 *
 * A box that is empty or not finite, or a span with start ≥ end, is matched
 * by id only. Regions of different kinds never match, even with one id.
 * With an id twice in a list, its first occurrence takes part in matching
 * by id and the others are matched by geometry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "model/limn-region.h"

G_BEGIN_DECLS

typedef enum
{
  LIMN_REGION_DIFF_UNCHANGED  = 0,
  LIMN_REGION_DIFF_ADDED      = 1 << 0,  /* in B only */
  LIMN_REGION_DIFF_REMOVED    = 1 << 1,  /* in A only */
  LIMN_REGION_DIFF_MOVED      = 1 << 2,  /* a matched pair whose box or offsets differ */
  LIMN_REGION_DIFF_RELABELLED = 1 << 3,  /* a matched pair whose labels differ */
} LimnRegionDiffFlags;

typedef struct
{
  double min_iou;         /* boxes matched by geometry: (0, 1]; default 0.5 */
  double move_tolerance;  /* image px a box edge may differ and still be unmoved; default 0.5 */
  gboolean match_ids;     /* match by id first; default TRUE */
} LimnRegionDiffOptions;

typedef struct
{
  const LimnRegion    *a;      /* NULL when added; owned by the diff */
  const LimnRegion    *b;      /* NULL when removed; owned by the diff */
  guint                index_a; /* position in A, or G_MAXUINT */
  guint                index_b; /* position in B, or G_MAXUINT */
  LimnRegionDiffFlags  flags;
  double               iou;    /* of a matched pair (boxes: area, spans: code points); else 0 */
  gboolean             by_id;  /* the pair was matched by id */
} LimnRegionChange;

typedef struct _LimnRegionDiff LimnRegionDiff;

void                    limn_region_diff_options_init (LimnRegionDiffOptions *options);

/* @a and @b hold LimnRegion pointers (an annotation's regions); the diff
 * keeps references. @options may be NULL for the defaults. Fails only on a
 * threshold out of range. Changes come in A's order (matched and
 * removed), then the added ones in B's order. */
LimnRegionDiff         *limn_region_diff_new          (GPtrArray                   *a,
                                                       GPtrArray                   *b,
                                                       const LimnRegionDiffOptions *options,
                                                       GError                     **error);
LimnRegionDiff         *limn_region_diff_ref          (LimnRegionDiff              *diff);
void                    limn_region_diff_unref        (LimnRegionDiff              *diff);

guint                   limn_region_diff_get_n_changes (LimnRegionDiff             *diff);
const LimnRegionChange *limn_region_diff_get_change   (LimnRegionDiff              *diff,
                                                       guint                        index);
/* The change of A's region at @index_a, or of B's at @index_b. */
const LimnRegionChange *limn_region_diff_change_of_a  (LimnRegionDiff              *diff,
                                                       guint                        index_a);
const LimnRegionChange *limn_region_diff_change_of_b  (LimnRegionDiff              *diff,
                                                       guint                        index_b);
/* How many changes carry every flag in @flags; UNCHANGED counts the pairs
 * with no flag at all. */
guint                   limn_region_diff_count        (LimnRegionDiff              *diff,
                                                       LimnRegionDiffFlags          flags);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnRegionDiff, limn_region_diff_unref)

G_END_DECLS
