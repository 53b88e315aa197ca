/* limn-guideline-experiment.h
 *
 * A guideline experiment's result (issue 23, docs/metrics.md §10): two
 * arms of annotators, A working under guideline version a and B under
 * version b, answer the same pool of items. For each item and arm the
 * project's agreement (label presence, per item) and gold accuracy are
 * taken; the effect is the mean over items of B − A, with a bootstrap 95 %
 * percentile interval resampling items. Overall and per label, and a
 * verdict in plain words. No GTK, no SQL: the server gives the answers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "limn-analytics-error.h"

G_BEGIN_DECLS

typedef enum
{
  LIMN_EXPERIMENT_ARM_A = 0,
  LIMN_EXPERIMENT_ARM_B = 1,
} LimnExperimentArm;

/* Fewer resamples than this and an interval's tails are noise. */
#define LIMN_EXPERIMENT_MIN_RESAMPLES 2000

typedef struct
{
  double estimate;  /* mean over items of B − A; NaN without a paired item */
  double low;       /* bootstrap 2.5th and 97.5th percentiles; NaN as above */
  double high;
  double mean_a;    /* the arms' means over the same items */
  double mean_b;
  guint  items;     /* items where both arms define the figure */
} LimnExperimentEffect;

typedef struct
{
  guint                 n_labels;
  guint                 resamples;
  LimnExperimentEffect  agreement;        /* all labels */
  LimnExperimentEffect  gold;             /* all labels */
  LimnExperimentEffect *label_agreement;  /* n_labels */
  LimnExperimentEffect *label_gold;       /* n_labels */
} LimnExperimentResult;

typedef struct _LimnGuidelineExperiment LimnGuidelineExperiment;

LimnGuidelineExperiment *limn_guideline_experiment_new      (guint                     n_items,
                                                             guint                     n_labels);
void                     limn_guideline_experiment_free     (LimnGuidelineExperiment  *exp);

/* The gold answer of @item as label presence (@has_label: n_labels
 * booleans). Items without gold are simply not given one. */
gboolean limn_guideline_experiment_set_gold   (LimnGuidelineExperiment  *exp,
                                               guint                     item,
                                               const gboolean           *has_label,
                                               GError                  **error);

/* One annotator's answer to @item in @arm as label presence. @right says
 * whether it is right against gold overall (the caller's rule, e.g. the
 * server's region F1), or −1 for "the same labels as the gold answer".
 * Per label, an answer is right when its presence equals the gold's. */
gboolean limn_guideline_experiment_add_answer (LimnGuidelineExperiment  *exp,
                                               guint                     item,
                                               LimnExperimentArm         arm,
                                               const gboolean           *has_label,
                                               int                       right,
                                               GError                  **error);

/* Computes every effect with @resamples (≥ LIMN_EXPERIMENT_MIN_RESAMPLES)
 * bootstrap resamples of the items drawn by a GRand seeded with @seed: the
 * same answers and seed give the same intervals. */
LimnExperimentResult *limn_guideline_experiment_compute (LimnGuidelineExperiment  *exp,
                                                         guint                     resamples,
                                                         guint32                   seed,
                                                         GError                  **error);
void                  limn_experiment_result_free       (LimnExperimentResult     *result);

/* Clear: the interval excludes 0. */
gboolean limn_experiment_effect_is_clear (const LimnExperimentEffect *effect);

/* The verdict in the user's language, e.g. "Version B raised agreement on
 * Vehicle by 0.08 [0.03, 0.13]; no clear effect elsewhere." @label_names:
 * n_labels names. */
char *limn_experiment_result_verdict (const LimnExperimentResult *result,
                                      const char * const         *label_names);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnGuidelineExperiment, limn_guideline_experiment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnExperimentResult, limn_experiment_result_free)

G_END_DECLS
