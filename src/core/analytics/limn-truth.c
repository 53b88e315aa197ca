/* limn-truth.c
 *
 * All three methods walk the table grouped by item (one CSR pass per step),
 * so an EM iteration costs a few passes over the labels plus O(workers · K²).
 * Dawid–Skene keeps its counts and log-probabilities given-label-major
 * ([worker][given][true]) so the inner loop over true classes reads memory
 * in order; the public confusion matrices are transposed at the end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-analytics"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "limn-reliability-data-private.h"
#include "limn-truth.h"

/* GLAD's Gaussian priors, N(1, 1) on α_i and on log β_j: the defaults of
 * Whitehill et al.'s code and of Crowd-Kit. */
#define GLAD_PRIOR_MEAN   1.0
/* M-step: rounds of (all α, then all β), each a Newton (α) or Fisher-scoring
 * (log β) step per parameter, halved until it does not lower that
 * parameter's part of the objective. */
#define GLAD_M_ROUNDS     1
#define GLAD_MAX_HALVINGS 8
#define GLAD_MAX_STEP     4.0

typedef struct
{
  LimnReliabilityIndex    index;
  const LimnTruthOptions *options;
  LimnTruth              *truth;
  guint                   K;
  gsize                   n_labels;
} Context;

void
limn_truth_options_init (LimnTruthOptions *options)
{
  g_return_if_fail (options != NULL);

  options->max_iterations = 100;
  options->tolerance = 1e-6;
  options->seed = 0;
  options->smoothing = 0.01;
}

void
limn_truth_free (LimnTruth *truth)
{
  if (truth == NULL)
    return;

  g_free (truth->posteriors);
  g_free (truth->labels);
  g_free (truth->class_priors);
  g_free (truth->worker_reliability);
  g_free (truth->worker_ability);
  g_free (truth->confusion);
  g_free (truth->item_difficulty);
  g_free (truth);
}

static inline double
softplus (double x)
{
  return x > 0 ? x + log1p (exp (-x)) : log1p (exp (x));
}

static inline double
sigmoid (double x)
{
  if (x >= 0)
    return 1 / (1 + exp (-x));
  return exp (x) / (1 + exp (x));
}

static inline guint64
splitmix64 (guint64 x)
{
  x += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);
  x = (x ^ (x >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  x = (x ^ (x >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return x ^ (x >> 31);
}

/* The most likely class; an exact tie goes to the tied class a hash of
 * (seed, item) picks, so it does not depend on the order of the items or
 * on any other item. */
static int
argmax_with_ties (const double *row,
                  guint         K,
                  guint32       seed,
                  guint         item)
{
  double best = -INFINITY;
  guint n_best = 0, pick;

  for (guint k = 0; k < K; k++)
    {
      if (row[k] > best)
        {
          best = row[k];
          n_best = 1;
        }
      else if (row[k] == best)
        n_best++;
    }

  if (n_best == 0)
    return 0;

  pick = n_best == 1 ? 0 : splitmix64 (((guint64) seed << 32) ^ item) % n_best;
  for (guint k = 0; k < K; k++)
    if (row[k] == best && pick-- == 0)
      return k;

  g_assert_not_reached ();
}

static inline gboolean
item_has_labels (const Context *ctx,
                 guint          u)
{
  return ctx->index.offsets[u + 1] > ctx->index.offsets[u];
}

/* Turns a row of log-probabilities (up to a constant) into probabilities
 * and returns the constant, log Σ_k exp(row[k]). A row with every class
 * impossible (only without smoothing) becomes uniform and adds nothing. */
static double
normalize_log_row (double *row,
                   guint   K)
{
  double max = -INFINITY, sum = 0;

  for (guint k = 0; k < K; k++)
    max = MAX (max, row[k]);
  if (!isfinite (max))
    {
      for (guint k = 0; k < K; k++)
        row[k] = 1.0 / K;
      return 0;
    }

  for (guint k = 0; k < K; k++)
    {
      row[k] = exp (row[k] - max);
      sum += row[k];
    }
  for (guint k = 0; k < K; k++)
    row[k] /= sum;

  return max + log (sum);
}

/* Vote shares: every method starts here. Returns the number of labeled
 * items. */
static guint
vote_shares (Context *ctx)
{
  LimnTruth *t = ctx->truth;
  guint K = ctx->K, n_labeled = 0;

  for (guint u = 0; u < t->n_items; u++)
    {
      gsize start = ctx->index.offsets[u], end = ctx->index.offsets[u + 1];
      double *row = t->posteriors + (gsize) u * K;

      if (start == end)
        continue;

      n_labeled++;
      for (gsize i = start; i < end; i++)
        row[ctx->index.values[i].value] += 1;
      for (guint k = 0; k < K; k++)
        row[k] /= (double) (end - start);
    }

  return n_labeled;
}

/* Class priors from the posteriors of labeled items, smoothed. */
static void
estimate_priors (Context *ctx,
                 guint    n_labeled)
{
  LimnTruth *t = ctx->truth;
  guint K = ctx->K;
  double s = ctx->options->smoothing;

  for (guint k = 0; k < K; k++)
    t->class_priors[k] = s;
  for (guint u = 0; u < t->n_items; u++)
    if (item_has_labels (ctx, u))
      for (guint k = 0; k < K; k++)
        t->class_priors[k] += t->posteriors[(gsize) u * K + k];
  for (guint k = 0; k < K; k++)
    t->class_priors[k] = n_labeled + K * s > 0 ? t->class_priors[k] / (n_labeled + K * s)
                                                : 1.0 / K;
}

/* Labels by argmax; unlabeled items get the priors and −1. */
static void
finish_labels (Context *ctx)
{
  LimnTruth *t = ctx->truth;
  guint K = ctx->K;

  for (guint u = 0; u < t->n_items; u++)
    {
      double *row = t->posteriors + (gsize) u * K;

      if (!item_has_labels (ctx, u))
        {
          memcpy (row, t->class_priors, sizeof (double) * K);
          t->labels[u] = -1;
        }
      else
        t->labels[u] = argmax_with_ties (row, K, ctx->options->seed, u);
    }
}

/* Majority vote */

static void
majority_vote (Context *ctx)
{
  LimnTruth *t = ctx->truth;
  g_autofree guint *agree = g_new0 (guint, MAX (t->n_workers, 1));
  g_autofree guint *total = g_new0 (guint, MAX (t->n_workers, 1));
  double n_labels = ctx->n_labels;

  vote_shares (ctx);
  for (guint k = 0; k < ctx->K; k++)
    t->class_priors[k] = 0;
  for (gsize i = 0; i < ctx->n_labels; i++)
    t->class_priors[ctx->index.values[i].value] += 1 / n_labels;
  if (ctx->n_labels == 0)
    for (guint k = 0; k < ctx->K; k++)
      t->class_priors[k] = 1.0 / ctx->K;

  finish_labels (ctx);

  for (guint u = 0; u < t->n_items; u++)
    for (gsize i = ctx->index.offsets[u]; i < ctx->index.offsets[u + 1]; i++)
      {
        const LimnCodedValue *cv = &ctx->index.values[i];

        total[cv->coder]++;
        if ((int) cv->value == t->labels[u])
          agree[cv->coder]++;
      }

  for (guint w = 0; w < t->n_workers; w++)
    t->worker_reliability[w] = total[w] > 0 ? (double) agree[w] / total[w] : NAN;

  t->converged = TRUE;
  t->log_likelihood = NAN;
}

/* Dawid–Skene */

typedef struct
{
  double *counts;     /* [w][given][true] */
  double *log_conf;   /* [w][given][true] = log P(given | true) for worker w */
} DawidSkene;

static void
ds_m_step (Context    *ctx,
           DawidSkene *ds,
           guint       n_labeled)
{
  LimnTruth *t = ctx->truth;
  guint K = ctx->K;
  double s = ctx->options->smoothing;
  gsize n_cells = (gsize) t->n_workers * K * K;
  g_autofree double *row_sum = g_new (double, K);

  estimate_priors (ctx, n_labeled);

  for (gsize c = 0; c < n_cells; c++)
    ds->counts[c] = s;

  for (guint u = 0; u < t->n_items; u++)
    {
      const double *post = t->posteriors + (gsize) u * K;

      for (gsize i = ctx->index.offsets[u]; i < ctx->index.offsets[u + 1]; i++)
        {
          const LimnCodedValue *cv = &ctx->index.values[i];
          double *cell = ds->counts + ((gsize) cv->coder * K + cv->value) * K;

          for (guint k = 0; k < K; k++)
            cell[k] += post[k];
        }
    }

  /* Normalize each worker's row "true = k" over the given labels. */
  for (guint w = 0; w < t->n_workers; w++)
    {
      double *m = ds->counts + (gsize) w * K * K;
      double *lm = ds->log_conf + (gsize) w * K * K;

      for (guint k = 0; k < K; k++)
        row_sum[k] = 0;
      for (guint l = 0; l < K; l++)
        for (guint k = 0; k < K; k++)
          row_sum[k] += m[l * K + k];
      for (guint l = 0; l < K; l++)
        for (guint k = 0; k < K; k++)
          lm[l * K + k] = row_sum[k] > 0 ? log (m[l * K + k] / row_sum[k]) : -log ((double) K);
    }
}

/* Posteriors from the parameters; returns log P(labels | parameters). */
static double
ds_e_step (Context    *ctx,
           DawidSkene *ds)
{
  LimnTruth *t = ctx->truth;
  guint K = ctx->K;
  g_autofree double *log_prior = g_new (double, K);
  double ll = 0;

  for (guint k = 0; k < K; k++)
    log_prior[k] = log (t->class_priors[k]);

  for (guint u = 0; u < t->n_items; u++)
    {
      double *post = t->posteriors + (gsize) u * K;

      if (!item_has_labels (ctx, u))
        continue;

      memcpy (post, log_prior, sizeof (double) * K);
      for (gsize i = ctx->index.offsets[u]; i < ctx->index.offsets[u + 1]; i++)
        {
          const LimnCodedValue *cv = &ctx->index.values[i];
          const double *lc = ds->log_conf + ((gsize) cv->coder * K + cv->value) * K;

          for (guint k = 0; k < K; k++)
            post[k] += lc[k];
        }

      ll += normalize_log_row (post, K);
    }

  return ll;
}

static void
dawid_skene (Context *ctx)
{
  LimnTruth *t = ctx->truth;
  guint K = ctx->K;
  gsize n_cells = (gsize) t->n_workers * K * K;
  DawidSkene ds = { g_new (double, MAX (n_cells, 1)), g_new (double, MAX (n_cells, 1)) };
  guint n_labeled = vote_shares (ctx);
  g_autofree gboolean *has_labels = g_new0 (gboolean, MAX (t->n_workers, 1));
  double previous = -INFINITY;

  t->confusion = g_new (double, MAX (n_cells, 1));
  t->log_likelihood = NAN;

  if (ctx->options->max_iterations == 0)
    estimate_priors (ctx, n_labeled);

  for (guint iter = 0; iter < ctx->options->max_iterations; iter++)
    {
      double ll;

      ds_m_step (ctx, &ds, n_labeled);
      ll = ds_e_step (ctx, &ds);
      t->iterations = iter + 1;
      t->log_likelihood = ll;

      if (iter > 0 && fabs (ll - previous) <= ctx->options->tolerance * MAX (ctx->n_labels, 1))
        {
          t->converged = TRUE;
          break;
        }
      previous = ll;
    }

  if (ctx->options->max_iterations == 0)
    for (gsize c = 0; c < n_cells; c++)
      ds.log_conf[c] = -log ((double) K);

  for (gsize i = 0; i < ctx->n_labels; i++)
    has_labels[ctx->index.values[i].coder] = TRUE;

  for (guint w = 0; w < t->n_workers; w++)
    {
      double reliability = 0;

      for (guint k = 0; k < K; k++)
        for (guint l = 0; l < K; l++)
          t->confusion[((gsize) w * K + k) * K + l] =
            exp (ds.log_conf[((gsize) w * K + l) * K + k]);
      for (guint k = 0; k < K; k++)
        reliability += t->class_priors[k] * t->confusion[((gsize) w * K + k) * K + k];
      t->worker_reliability[w] = has_labels[w] ? reliability : NAN;
    }

  finish_labels (ctx);
  g_free (ds.counts);
  g_free (ds.log_conf);
}

/* GLAD */

typedef struct
{
  double *alpha;   /* per worker */
  double *log_beta;   /* per item */
  double  log_k1;  /* log (K − 1) */
} Glad;

/* p log σ(x) + (1 − p) log (1 − σ(x)): the part of the M-step objective one
 * label adds, p being the posterior that the label is right. Since
 * log σ(x) = x − softplus(x) and log (1 − σ(x)) = −softplus(x), it is
 * p x − softplus(x). */
static inline double
label_q (double p,
         double x)
{
  return p * x - softplus (x);
}

/* σ(x) and softplus(x) from one exponential. */
static inline void
sigmoid_softplus (double  x,
                  double *s,
                  double *sp)
{
  double e = exp (-fabs (x));

  *s = x >= 0 ? 1 / (1 + e) : e / (1 + e);
  *sp = MAX (x, 0) + log1p (e);
}

static inline double
log_normal (double x)
{
  return -0.5 * (x - GLAD_PRIOR_MEAN) * (x - GLAD_PRIOR_MEAN);
}

static double
glad_e_step (Context        *ctx,
             Glad           *glad,
             const gboolean *worker_has_labels)
{
  LimnTruth *t = ctx->truth;
  guint K = ctx->K;
  g_autofree double *log_prior = g_new (double, K);
  double objective = 0;

  for (guint k = 0; k < K; k++)
    log_prior[k] = log (t->class_priors[k]);

  for (guint u = 0; u < t->n_items; u++)
    {
      double *post = t->posteriors + (gsize) u * K;
      double beta, common = 0;

      if (!item_has_labels (ctx, u))
        continue;

      /* log P(l | k) is log σ(x) when l = k, else log(1 − σ(x)) − log(K − 1).
       * So every label adds the second to every class, and its own class
       * gets the difference, x + log(K − 1), since log σ(x) − log(1 − σ(x))
       * = x. */
      beta = exp (glad->log_beta[u]);
      memcpy (post, log_prior, sizeof (double) * K);
      for (gsize i = ctx->index.offsets[u]; i < ctx->index.offsets[u + 1]; i++)
        {
          const LimnCodedValue *cv = &ctx->index.values[i];
          double x = glad->alpha[cv->coder] * beta;

          common += -softplus (x) - glad->log_k1;
          post[cv->value] += x + glad->log_k1;
        }

      objective += common + normalize_log_row (post, K) + log_normal (glad->log_beta[u]);
    }

  for (guint w = 0; w < t->n_workers; w++)
    if (worker_has_labels[w])
      objective += log_normal (glad->alpha[w]);

  return objective;
}

/* One Newton step per worker on its part of the objective (concave in α),
 * halved while it would lower that part. */
static void
glad_update_alpha (Context        *ctx,
                   Glad           *glad,
                   const gboolean *worker_has_labels)
{
  LimnTruth *t = ctx->truth;
  guint W = t->n_workers, K = ctx->K;
  g_autofree double *grad = g_new0 (double, MAX (W, 1));
  g_autofree double *hess = g_new0 (double, MAX (W, 1));
  g_autofree double *q = g_new0 (double, MAX (W, 1));
  g_autofree double *q_new = g_new (double, MAX (W, 1));
  g_autofree double *step = g_new (double, MAX (W, 1));
  g_autofree gboolean *pending = g_new0 (gboolean, MAX (W, 1));
  guint n_pending = 0;

  for (guint u = 0; u < t->n_items; u++)
    {
      double beta = exp (glad->log_beta[u]);

      for (gsize i = ctx->index.offsets[u]; i < ctx->index.offsets[u + 1]; i++)
        {
          const LimnCodedValue *cv = &ctx->index.values[i];
          double p = t->posteriors[(gsize) u * K + cv->value];
          double x = glad->alpha[cv->coder] * beta;
          double s, sp;

          sigmoid_softplus (x, &s, &sp);
          grad[cv->coder] += (p - s) * beta;
          hess[cv->coder] += s * (1 - s) * beta * beta;
          q[cv->coder] += p * x - sp;
        }
    }

  for (guint w = 0; w < W; w++)
    if (worker_has_labels[w])
      {
        grad[w] -= glad->alpha[w] - GLAD_PRIOR_MEAN;
        hess[w] += 1;
        q[w] += log_normal (glad->alpha[w]);
        step[w] = CLAMP (grad[w] / hess[w], -GLAD_MAX_STEP, GLAD_MAX_STEP);
        pending[w] = step[w] != 0;
        n_pending += pending[w];
      }

  for (guint h = 0; h < GLAD_MAX_HALVINGS && n_pending > 0; h++)
    {
      for (guint w = 0; w < W; w++)
        if (pending[w])
          q_new[w] = log_normal (glad->alpha[w] + step[w]);

      for (guint u = 0; u < t->n_items; u++)
        {
          double beta = exp (glad->log_beta[u]);

          for (gsize i = ctx->index.offsets[u]; i < ctx->index.offsets[u + 1]; i++)
            {
              const LimnCodedValue *cv = &ctx->index.values[i];

              if (pending[cv->coder])
                q_new[cv->coder] += label_q (t->posteriors[(gsize) u * K + cv->value],
                                             (glad->alpha[cv->coder] + step[cv->coder]) * beta);
            }
        }

      for (guint w = 0; w < W; w++)
        if (pending[w])
          {
            if (q_new[w] >= q[w])
              {
                glad->alpha[w] += step[w];
                pending[w] = FALSE;
                n_pending--;
              }
            else
              step[w] /= 2;
          }
    }
}

/* The part of the objective that depends on item u's log β. */
static double
item_q (Context    *ctx,
        const Glad *glad,
        guint       u,
        double      log_beta)
{
  const LimnTruth *t = ctx->truth;
  double beta = exp (log_beta), q = log_normal (log_beta);

  for (gsize i = ctx->index.offsets[u]; i < ctx->index.offsets[u + 1]; i++)
    {
      const LimnCodedValue *cv = &ctx->index.values[i];

      q += label_q (t->posteriors[(gsize) u * ctx->K + cv->value], glad->alpha[cv->coder] * beta);
    }

  return q;
}

/* Items are independent given α: a Fisher-scoring step on each log β_j,
 * halved until it does not lower that item's part of the objective. */
static void
glad_update_beta (Context *ctx,
                  Glad    *glad)
{
  LimnTruth *t = ctx->truth;

  for (guint u = 0; u < t->n_items; u++)
    {
      double beta = exp (glad->log_beta[u]);
      double grad = -(glad->log_beta[u] - GLAD_PRIOR_MEAN), info = 1, q, step;

      if (!item_has_labels (ctx, u))
        continue;

      q = log_normal (glad->log_beta[u]);
      for (gsize i = ctx->index.offsets[u]; i < ctx->index.offsets[u + 1]; i++)
        {
          const LimnCodedValue *cv = &ctx->index.values[i];
          double p = t->posteriors[(gsize) u * ctx->K + cv->value];
          double x = glad->alpha[cv->coder] * beta;
          double s, sp;

          sigmoid_softplus (x, &s, &sp);
          grad += (p - s) * x;
          info += s * (1 - s) * x * x;
          q += p * x - sp;
        }

      step = CLAMP (grad / info, -GLAD_MAX_STEP, GLAD_MAX_STEP);
      for (guint h = 0; h < GLAD_MAX_HALVINGS && step != 0; h++, step /= 2)
        if (item_q (ctx, glad, u, glad->log_beta[u] + step) >= q)
          {
            glad->log_beta[u] += step;
            break;
          }
    }
}

static int
compare_doubles (gconstpointer pa,
                 gconstpointer pb)
{
  double a = *(const double *) pa, b = *(const double *) pb;

  return (a > b) - (a < b);
}

/* Up to GLAD_QUANTILES values of β spread evenly over the labeled items'
 * β distribution (every item's β when there are fewer): the points the
 * difficulty-adjusted reliability averages over. */
#define GLAD_QUANTILES 128

static GArray *
beta_quantiles (Context    *ctx,
                const Glad *glad)
{
  g_autoptr(GArray) log_betas = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *betas = g_array_new (FALSE, FALSE, sizeof (double));
  guint n, q;

  for (guint u = 0; u < ctx->truth->n_items; u++)
    if (item_has_labels (ctx, u))
      g_array_append_val (log_betas, glad->log_beta[u]);

  g_array_sort (log_betas, compare_doubles);
  n = log_betas->len;
  q = MIN (n, GLAD_QUANTILES);
  for (guint i = 0; i < q; i++)
    {
      double beta = exp (g_array_index (log_betas, double, (guint) ((i + 0.5) * n / q)));

      g_array_append_val (betas, beta);
    }

  return betas;
}

static void
glad (Context *ctx)
{
  LimnTruth *t = ctx->truth;
  Glad g = {
    g_new (double, MAX (t->n_workers, 1)),
    g_new (double, MAX (t->n_items, 1)),
    log ((double) ctx->K - 1),
  };
  g_autofree gboolean *has_labels = g_new0 (gboolean, MAX (t->n_workers, 1));
  guint n_labeled = 0;
  g_autoptr(GArray) betas = NULL;
  double previous;

  for (gsize i = 0; i < ctx->n_labels; i++)
    has_labels[ctx->index.values[i].coder] = TRUE;
  for (guint w = 0; w < t->n_workers; w++)
    g.alpha[w] = GLAD_PRIOR_MEAN;
  for (guint u = 0; u < t->n_items; u++)
    {
      g.log_beta[u] = GLAD_PRIOR_MEAN;
      n_labeled += item_has_labels (ctx, u);
    }
  for (guint k = 0; k < ctx->K; k++)
    t->class_priors[k] = 1.0 / ctx->K;

  previous = glad_e_step (ctx, &g, has_labels);
  t->log_likelihood = previous;

  for (guint iter = 0; iter < ctx->options->max_iterations; iter++)
    {
      double objective;

      estimate_priors (ctx, n_labeled);
      for (guint r = 0; r < GLAD_M_ROUNDS; r++)
        {
          glad_update_alpha (ctx, &g, has_labels);
          glad_update_beta (ctx, &g);
        }

      objective = glad_e_step (ctx, &g, has_labels);
      t->iterations = iter + 1;
      t->log_likelihood = objective;
      if (fabs (objective - previous) <= ctx->options->tolerance * MAX (ctx->n_labels, 1))
        {
          t->converged = TRUE;
          break;
        }
      previous = objective;
    }

  t->item_difficulty = g_new (double, MAX (t->n_items, 1));
  t->worker_ability = g_new (double, MAX (t->n_workers, 1));
  for (guint u = 0; u < t->n_items; u++)
    t->item_difficulty[u] = item_has_labels (ctx, u) ? exp (-g.log_beta[u]) : NAN;
  betas = beta_quantiles (ctx, &g);
  for (guint w = 0; w < t->n_workers; w++)
    {
      double sum = 0;

      for (guint i = 0; i < betas->len; i++)
        sum += sigmoid (g.alpha[w] * g_array_index (betas, double, i));
      t->worker_ability[w] = has_labels[w] ? g.alpha[w] : NAN;
      t->worker_reliability[w] = has_labels[w] ? sum / betas->len : NAN;
    }

  finish_labels (ctx);
  g_free (g.alpha);
  g_free (g.log_beta);
}

static gboolean
check_options (const LimnTruthOptions *options,
               GError                **error)
{
  if (isfinite (options->tolerance) && options->tolerance >= 0 &&
      isfinite (options->smoothing) && options->smoothing >= 0)
    return TRUE;

  g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
               _("Truth inference needs a tolerance and a smoothing that are finite and not "
                 "negative (not %g and %g)"), options->tolerance, options->smoothing);
  return FALSE;
}

LimnTruth *
limn_truth_infer (LimnReliabilityData    *data,
                  LimnTruthMethod         method,
                  const LimnTruthOptions *options,
                  GError                **error)
{
  LimnTruthOptions defaults;
  Context ctx = { 0 };
  LimnTruth *t;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    {
      limn_truth_options_init (&defaults);
      options = &defaults;
    }

  if (!check_options (options, error) ||
      !limn_reliability_data_get_index (data, &ctx.index, error))
    return NULL;

  if (method == LIMN_TRUTH_GLAD && ctx.index.n_categories < 2)
    {
      g_set_error_literal (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
                           _("GLAD needs at least two classes"));
      return NULL;
    }

  if (method != LIMN_TRUTH_MAJORITY_VOTE && method != LIMN_TRUTH_DAWID_SKENE &&
      method != LIMN_TRUTH_GLAD)
    {
      g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
                   _("Unknown truth inference method %d"), (int) method);
      return NULL;
    }

  ctx.options = options;
  ctx.K = ctx.index.n_categories;
  ctx.n_labels = ctx.index.offsets[ctx.index.n_units];

  t = g_new0 (LimnTruth, 1);
  t->method = method;
  t->n_items = ctx.index.n_units;
  t->n_workers = ctx.index.n_coders;
  t->n_classes = ctx.K;
  t->posteriors = g_new0 (double, MAX ((gsize) t->n_items * ctx.K, 1));
  t->labels = g_new (int, MAX (t->n_items, 1));
  t->class_priors = g_new0 (double, ctx.K);
  t->worker_reliability = g_new (double, MAX (t->n_workers, 1));
  ctx.truth = t;

  switch (method)
    {
    case LIMN_TRUTH_MAJORITY_VOTE:
      majority_vote (&ctx);
      break;
    case LIMN_TRUTH_DAWID_SKENE:
      dawid_skene (&ctx);
      break;
    case LIMN_TRUTH_GLAD:
      glad (&ctx);
      break;
    }

  return t;
}
