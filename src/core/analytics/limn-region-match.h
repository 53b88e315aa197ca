/* limn-region-match.h
 *
 * Which regions of annotator A correspond to which of annotator B (or of
 * gold), and the precision, recall and F1 that follow (docs/metrics.md,
 * "Region matching").
 *
 * Matching is one-to-one and optimal: among all pairings of allowed pairs
 * it has the most pairs, and among those the largest total IoU. It is
 * solved exactly by Kuhn–Munkres (limn-assignment.h) on the cost 1 − IoU
 * per allowed pair, with disallowed pairs and "unmatched" costing more than
 * any set of allowed pairs can; each connected group of overlapping regions
 * is solved on its own. A greedy "best IoU first" pass can match fewer:
 * see tests/test-region-match.c.
 *
 * A pair is allowed when its IoU reaches the threshold and, with
 * LIMN_MATCH_SAME_LABEL, both carry the same label; with
 * LIMN_MATCH_ANY_LABEL labels are ignored (a "localization only" score; a
 * label mix-up then shows as a matched pair with different labels).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "limn-analytics-error.h"
#include "model/limn-region.h"

G_BEGIN_DECLS

typedef enum
{
  LIMN_MATCH_SAME_LABEL,
  LIMN_MATCH_ANY_LABEL,
} LimnLabelRule;

typedef enum
{
  /* Same start and same end. */
  LIMN_SPAN_MATCH_EXACT,
  /* At least one code point in common: max(start) < min(end). Among
   * optimal pairings the one with the largest total character IoU wins. */
  LIMN_SPAN_MATCH_OVERLAP,
} LimnSpanRule;

typedef struct
{
  LimnBox box;     /* normalized: w > 0, h > 0, all finite */
  guint   label;
} LimnLabeledBox;

typedef struct
{
  gint64 start;    /* code points, end-exclusive, start < end */
  gint64 end;
  guint  label;
} LimnLabeledSpan;

typedef struct
{
  guint  a;        /* index into A */
  guint  b;        /* index into B */
  double iou;
} LimnMatch;

/* Counts behind precision, recall and F1. A is the reference (gold, or the
 * first annotator), B the one scored. Sum them over images or documents for
 * micro-averaged scores. */
typedef struct
{
  guint64 matched;
  guint64 n_a;
  guint64 n_b;
} LimnMatchCounts;

/* Returns the matches (LimnMatch, ordered by a) or NULL on an invalid box or
 * a threshold outside (0, 1]. */
GArray  *limn_match_boxes          (const LimnLabeledBox  *a,
                                    guint                  n_a,
                                    const LimnLabeledBox  *b,
                                    guint                  n_b,
                                    double                 min_iou,
                                    LimnLabelRule          label_rule,
                                    GError               **error);
/* The same for spans; IoU is over code points, |A ∩ B| / |A ∪ B|. */
GArray  *limn_match_spans          (const LimnLabeledSpan *a,
                                    guint                  n_a,
                                    const LimnLabeledSpan *b,
                                    guint                  n_b,
                                    LimnSpanRule           span_rule,
                                    LimnLabelRule          label_rule,
                                    GError               **error);

/* precision = matched / n_b, recall = matched / n_a, F1 = 2 matched /
 * (n_a + n_b): each NaN when its denominator is 0 (nothing to score). Any
 * of the outputs may be NULL. */
void     limn_match_counts_scores  (const LimnMatchCounts *counts,
                                    double                *precision,
                                    double                *recall,
                                    double                *f1);
void     limn_match_counts_add     (LimnMatchCounts       *total,
                                    const LimnMatchCounts *counts);

/* Character level: which of the @n_chars code points of a text the spans
 * cover (1) or not (0); only spans with @label, or all when @label is −1.
 * Fails on a span outside [0, n_chars] or with start ≥ end. Free with
 * g_free. */
guint8  *limn_span_character_mask  (gint64                 n_chars,
                                    const LimnLabeledSpan *spans,
                                    guint                  n_spans,
                                    int                    label,
                                    GError               **error);
/* Character-level counts between two annotators of one text: matched =
 * code points both cover, n_a and n_b = code points each covers. */
gboolean limn_span_character_counts (gint64                 n_chars,
                                     const LimnLabeledSpan *a,
                                     guint                  n_a,
                                     const LimnLabeledSpan *b,
                                     guint                  n_b,
                                     int                    label,
                                     LimnMatchCounts       *counts,
                                     GError               **error);

G_END_DECLS
