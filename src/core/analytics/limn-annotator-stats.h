/* limn-annotator-stats.h
 *
 * One annotator's figures for their own dashboard and the team's
 * (docs/metrics.md, "Per annotator"): accuracy against gold, review
 * outcomes (acceptance, rework, correction) with Wilson 95 % intervals,
 * active time per task, label use against the rest of the team, and a
 * personal confusion matrix. Drift and calibration have their own files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "limn-proportion.h"

G_BEGIN_DECLS

/* Accuracy against gold: the share of @given equal to @reference (class
 * ids, @n of each), with its Wilson 95 % interval. When @confusion is not
 * NULL it is filled as an n_classes × n_classes matrix, row = gold class,
 * column = the annotator's. Fails on a class id ≥ n_classes. */
gboolean limn_annotator_accuracy      (const guint     *reference,
                                       const guint     *given,
                                       gsize            n,
                                       guint            n_classes,
                                       LimnProportion  *accuracy,
                                       guint64         *confusion,
                                       GError         **error);

typedef enum
{
  LIMN_REVIEW_ACCEPTED,    /* accepted as submitted */
  LIMN_REVIEW_CORRECTED,   /* accepted after the reviewer edited it */
  LIMN_REVIEW_SENT_BACK,   /* returned to the annotator to redo */
} LimnReviewOutcome;

typedef struct
{
  /* Each over all reviewed tasks, with Wilson 95 % intervals. */
  LimnProportion accepted;    /* accuracy against accepted reviews */
  LimnProportion corrected;   /* correction rate */
  LimnProportion sent_back;   /* rework rate */
} LimnReviewRates;

gboolean limn_annotator_review_rates  (const LimnReviewOutcome *outcomes,
                                       gsize                    n,
                                       LimnReviewRates         *rates,
                                       GError                 **error);

typedef struct
{
  gsize  n;
  double median;   /* seconds; NaN when n is 0 */
  double p90;
  double mean;
} LimnTimeSummary;

/* Active seconds per task: quantiles by linear interpolation between order
 * statistics (Hyndman & Fan type 7, R's and NumPy's default). Fails on a
 * negative or non-finite time. */
gboolean limn_annotator_time_summary  (const double    *seconds,
                                       gsize            n,
                                       LimnTimeSummary *summary,
                                       GError         **error);

typedef enum
{
  LIMN_LABEL_USE_TYPICAL,
  LIMN_LABEL_USE_OVER,
  LIMN_LABEL_USE_UNDER,
  LIMN_LABEL_USE_UNTESTED,  /* nothing to compare: no labels on one side, or
                             * the label is never or always used by anyone */
} LimnLabelUse;

typedef struct
{
  double       share;        /* the annotator's share of their labels */
  double       team_share;   /* the rest of the team's share of theirs */
  double       z;
  double       p_value;      /* two-sided, before the Bonferroni correction */
  LimnLabelUse use;
} LimnLabelUsage;

/* Label use against the team: for each label, a pooled two-proportion
 * z-test of @mine[k] / Σ mine against (team[k] − mine[k]) / Σ (team −
 * mine), i.e. the rest of the team without the annotator; OVER or UNDER
 * when p < @alpha / n_labels (Bonferroni over the labels). @team counts
 * every label of the team, the annotator's included; fails when a team
 * count is below the annotator's. @usage has n_labels entries. */
gboolean limn_annotator_label_usage   (const guint64   *mine,
                                       const guint64   *team,
                                       guint            n_labels,
                                       double           alpha,
                                       LimnLabelUsage  *usage,
                                       GError         **error);

G_END_DECLS
