/* limn-truth.h
 *
 * Truth inference: the likely true label of each item from several
 * workers' labels, and how reliable each worker is (docs/metrics.md,
 * "Truth inference", also for when to prefer which):
 *
 * - LIMN_TRUTH_MAJORITY_VOTE: the most frequent label; ties broken by a
 *   hash of the seed and the item, so the same seed gives the same labels.
 * - LIMN_TRUTH_DAWID_SKENE: Dawid & Skene (1979) EM with one confusion
 *   matrix per worker, started from the vote shares of majority vote.
 * - LIMN_TRUTH_GLAD: Whitehill et al. (2009), each worker an ability α_i,
 *   each item an inverse difficulty β_j > 0, P(correct) = σ(α_i β_j), wrong
 *   labels spread evenly over the other K − 1 classes (the paper's
 *   multi-class extension, as in Crowd-Kit); EM with Newton/Fisher-scoring
 *   ascent in the M-step, so a hard item does not count against whoever
 *   drew it.
 *
 * The input is a LimnReliabilityData with units = items, coders = workers
 * and categories = classes. Both EM methods stop when the log-likelihood
 * (for GLAD the log-posterior) gains at most @tolerance per label in one
 * iteration, or after @max_iterations. Nothing is random: the seed only
 * breaks exact ties between classes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "limn-reliability-data.h"

G_BEGIN_DECLS

typedef enum
{
  LIMN_TRUTH_MAJORITY_VOTE,
  LIMN_TRUTH_DAWID_SKENE,
  LIMN_TRUTH_GLAD,
} LimnTruthMethod;

typedef struct
{
  guint   max_iterations;  /* EM iterations at most (default 100) */
  double  tolerance;       /* per-label log-likelihood gain that ends EM (default 1e-6) */
  guint32 seed;            /* breaks ties between equally likely classes (default 0) */
  /* Dawid–Skene and the class priors of both EM methods: a pseudo-count
   * added to every confusion-matrix cell and class count, so no
   * probability is 0 and the log-likelihood stays finite (default 0.01). */
  double  smoothing;
} LimnTruthOptions;

typedef struct
{
  LimnTruthMethod method;
  guint           n_items;
  guint           n_workers;
  guint           n_classes;
  /* n_items × n_classes, row-major; an item nobody labeled gets the class
   * priors. Majority vote: the vote shares. */
  double         *posteriors;
  int            *labels;              /* n_items; −1 for an item nobody labeled */
  double         *class_priors;        /* n_classes */
  /* n_workers, each an accuracy in [0, 1]; NaN for a worker with no
   * labels. Majority vote: the share of the worker's labels equal to the
   * item's vote (their own included). Dawid–Skene: expected accuracy
   * Σ_k prior_k · confusion[k][k]. GLAD: the mean of σ(α_i β_j) over all
   * labeled items (over 128 quantiles of β when there are more), the
   * worker's accuracy on the whole item set, so it does not depend on which
   * items the worker drew. */
  double         *worker_reliability;
  /* GLAD only, else NULL: the ability α_i per worker (0 guesses at random,
   * below 0 is adversarial); NaN for a worker with no labels. */
  double         *worker_ability;
  /* Dawid–Skene only, else NULL: n_workers × n_classes × n_classes,
   * confusion[(w · K + true) · K + given] = P(given | true). */
  double         *confusion;
  /* GLAD only, else NULL: 1 / β_j per item (larger is harder); NaN for an
   * item nobody labeled. */
  double         *item_difficulty;
  guint           iterations;
  gboolean        converged;
  /* Dawid–Skene: log P(labels | parameters). GLAD: that plus the log of the
   * N(1, 1) priors on α and log β, up to a constant. Majority vote: NaN. */
  double          log_likelihood;
} LimnTruth;

void       limn_truth_options_init (LimnTruthOptions    *options);
/* @options may be NULL for the defaults. Fails on invalid options, on a
 * coder who labeled an item twice, and (GLAD) on fewer than 2 classes. */
LimnTruth *limn_truth_infer        (LimnReliabilityData *data,
                                    LimnTruthMethod      method,
                                    const LimnTruthOptions *options,
                                    GError             **error);
void       limn_truth_free         (LimnTruth           *truth);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnTruth, limn_truth_free)

G_END_DECLS
