/* limn-agreement.c
 *
 * Every coefficient is one pass over the table grouped by unit, counting
 * each unit's values by category. Per-unit counts live in one array of
 * n_categories, cleared by walking the unit's values again, so a unit costs
 * its number of values, not the number of categories.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-analytics"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "limn-agreement.h"
#include "limn-reliability-data-private.h"

static void
result_init (LimnAgreement *result)
{
  result->value = NAN;
  result->observed = NAN;
  result->expected = NAN;
  result->n_units = 0;
  result->n_values = 0;
  result->status = LIMN_AGREEMENT_OK;
}

static gboolean
check_category (LimnReliabilityData *data,
                int                  category,
                GError             **error)
{
  guint q = limn_reliability_data_get_n_categories (data);

  if (category == LIMN_AGREEMENT_ALL_CATEGORIES || (category >= 0 && (guint) category < q))
    return TRUE;

  g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
               _("Category %d is not one of the table’s %u categories"), category, q);
  return FALSE;
}

/* The category a value counts as: itself, or for one-vs-rest 1 (the
 * category) or 0 (any other). */
static inline guint32
recode (guint32 value,
        int     category)
{
  if (category < 0)
    return value;
  return value == (guint32) category ? 1 : 0;
}

/* Cohen */

static void
cohen_from_marginals (double         n,
                      double         agreeing,
                      const double  *row,
                      const double  *col,
                      guint          q,
                      LimnAgreement *result)
{
  double pe = 0;
  gboolean one_category = FALSE;

  if (n <= 0)
    {
      result->status = LIMN_AGREEMENT_NO_PAIRABLE_UNITS;
      return;
    }

  for (guint k = 0; k < q; k++)
    {
      pe += (row[k] / n) * (col[k] / n);
      if (row[k] == n && col[k] == n)
        one_category = TRUE;
    }

  result->observed = agreeing / n;
  result->expected = pe;
  if (one_category)
    {
      result->status = LIMN_AGREEMENT_NO_VARIATION;
      return;
    }

  result->value = (result->observed - pe) / (1 - pe);
}

gboolean
limn_agreement_cohen_kappa_table (const double  *table,
                                  guint          n_categories,
                                  LimnAgreement *result,
                                  GError       **error)
{
  g_autofree double *row = NULL;
  g_autofree double *col = NULL;
  double n = 0, agreeing = 0;

  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  result_init (result);
  if (n_categories < 1 || n_categories > LIMN_RELIABILITY_MAX_CATEGORIES / 64)
    {
      g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
                   _("A contingency table needs from 1 to %u categories, not %u"),
                   LIMN_RELIABILITY_MAX_CATEGORIES / 64, n_categories);
      return FALSE;
    }

  row = g_new0 (double, n_categories);
  col = g_new0 (double, n_categories);
  for (guint a = 0; a < n_categories; a++)
    for (guint b = 0; b < n_categories; b++)
      {
        double x = table[a * n_categories + b];

        if (!isfinite (x) || x < 0)
          {
            g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
                         _("Contingency table cell (%u, %u) is %g, not a count"), a, b, x);
            return FALSE;
          }
        row[a] += x;
        col[b] += x;
        n += x;
        if (a == b)
          agreeing += x;
      }

  cohen_from_marginals (n, agreeing, row, col, n_categories, result);
  result->n_values = (gsize) (2 * n);
  result->n_units = (guint) MIN (n, (double) G_MAXUINT);
  return TRUE;
}

gboolean
limn_agreement_cohen_kappa (LimnReliabilityData *data,
                            guint                coder_a,
                            guint                coder_b,
                            int                  category,
                            LimnAgreement       *result,
                            GError             **error)
{
  LimnReliabilityIndex index;
  g_autofree double *row = NULL;
  g_autofree double *col = NULL;
  guint q;
  guint n = 0, agreeing = 0;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  result_init (result);
  if (!check_category (data, category, error) ||
      !limn_reliability_data_get_index (data, &index, error))
    return FALSE;

  if (coder_a == coder_b)
    {
      g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
                   _("Cohen’s κ compares two different coders, not coder %u with itself"),
                   coder_a);
      return FALSE;
    }

  q = category < 0 ? index.n_categories : 2;
  row = g_new0 (double, q);
  col = g_new0 (double, q);

  for (guint u = 0; u < index.n_units; u++)
    {
      gint64 va = -1, vb = -1;

      for (gsize i = index.offsets[u]; i < index.offsets[u + 1]; i++)
        {
          if (index.values[i].coder == coder_a)
            va = recode (index.values[i].value, category);
          else if (index.values[i].coder == coder_b)
            vb = recode (index.values[i].value, category);
        }

      if (va < 0 || vb < 0)
        continue;

      n++;
      row[va]++;
      col[vb]++;
      if (va == vb)
        agreeing++;
    }

  cohen_from_marginals (n, agreeing, row, col, q, result);
  result->n_units = n;
  result->n_values = 2 * (gsize) n;
  return TRUE;
}

/* Fleiss and Gwet share p_a and the category proportions π_k. */

typedef struct
{
  double   pa;
  double  *pi;           /* q */
  guint    q;
  guint    n_used;       /* categories with π_k > 0 */
  guint    n_pairable;
  gsize    n_values;
} Proportions;

static gboolean
proportions (LimnReliabilityData *data,
             int                  category,
             Proportions         *p,
             GError             **error)
{
  LimnReliabilityIndex index;
  g_autofree guint32 *counts = NULL;
  double pa_sum = 0;
  guint n_rated = 0;

  if (!check_category (data, category, error) ||
      !limn_reliability_data_get_index (data, &index, error))
    return FALSE;

  p->q = category < 0 ? index.n_categories : 2;
  p->pi = g_new0 (double, p->q);
  counts = g_new0 (guint32, p->q);

  for (guint u = 0; u < index.n_units; u++)
    {
      gsize start = index.offsets[u], end = index.offsets[u + 1];
      double r = end - start;
      double sum_sq = 0;

      if (r == 0)
        continue;

      n_rated++;
      for (gsize i = start; i < end; i++)
        {
          guint32 k = recode (index.values[i].value, category);

          counts[k]++;
          p->pi[k] += 1 / r;
        }

      /* Σ_k r_uk², clearing each count as it is read. */
      for (gsize i = start; i < end; i++)
        {
          guint32 k = recode (index.values[i].value, category);

          sum_sq += (double) counts[k] * counts[k];
          counts[k] = 0;
        }

      if (r >= 2)
        {
          pa_sum += (sum_sq - r) / (r * (r - 1));
          p->n_pairable++;
          p->n_values += end - start;
        }
    }

  for (guint k = 0; k < p->q; k++)
    {
      if (n_rated > 0)
        p->pi[k] /= n_rated;
      if (p->pi[k] > 0)
        p->n_used++;
    }

  p->pa = p->n_pairable > 0 ? pa_sum / p->n_pairable : NAN;
  return TRUE;
}

typedef enum
{
  CHANCE_FLEISS,
  CHANCE_GWET,
} Chance;

static gboolean
chance_corrected (LimnReliabilityData *data,
                  int                  category,
                  Chance               chance,
                  LimnAgreement       *result,
                  GError             **error)
{
  Proportions p = { 0 };
  double pe = 0;

  result_init (result);
  if (!proportions (data, category, &p, error))
    {
      g_free (p.pi);
      return FALSE;
    }

  result->n_units = p.n_pairable;
  result->n_values = p.n_values;
  if (p.n_pairable == 0)
    {
      result->status = LIMN_AGREEMENT_NO_PAIRABLE_UNITS;
      g_free (p.pi);
      return TRUE;
    }

  for (guint k = 0; k < p.q; k++)
    pe += chance == CHANCE_FLEISS ? p.pi[k] * p.pi[k] : p.pi[k] * (1 - p.pi[k]);
  g_free (p.pi);

  result->observed = p.pa;
  if (chance == CHANCE_GWET)
    {
      if (p.q < 2)
        {
          result->status = LIMN_AGREEMENT_ONE_CATEGORY;
          return TRUE;
        }
      pe /= p.q - 1;
    }
  else if (p.n_used <= 1)
    {
      result->expected = 1;
      result->status = LIMN_AGREEMENT_NO_VARIATION;
      return TRUE;
    }

  result->expected = pe;
  result->value = (p.pa - pe) / (1 - pe);
  return TRUE;
}

gboolean
limn_agreement_fleiss_kappa (LimnReliabilityData *data,
                             int                  category,
                             LimnAgreement       *result,
                             GError             **error)
{
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return chance_corrected (data, category, CHANCE_FLEISS, result, error);
}

gboolean
limn_agreement_gwet_ac1 (LimnReliabilityData *data,
                         int                  category,
                         LimnAgreement       *result,
                         GError             **error)
{
  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return chance_corrected (data, category, CHANCE_GWET, result, error);
}

/* Krippendorff's α, nominal. With n_uc the values of category c in unit u,
 * m_u = Σ_c n_uc the values in the unit and n = Σ_u m_u over pairable units
 * (m_u ≥ 2), the coincidence matrix is o_ck = Σ_u n_uc (n_uk − [c = k]) /
 * (m_u − 1) and its marginals n_c = Σ_u n_uc. For the nominal metric only
 * the off-diagonal sums matter:
 *   D_o = (1/n) Σ_u (m_u² − Σ_c n_uc²) / (m_u − 1)
 *   D_e = (n² − Σ_c n_c²) / (n (n − 1))
 *   α   = 1 − D_o / D_e
 * One pass: Σ_c n_uc² grows by 2 n_uc + 1 as each value arrives. */
typedef struct
{
  double disagreement;
  double n;
  guint  n_units;
} AlphaSums;

static inline void
alpha_sums (const LimnReliabilityIndex *index,
            int                         category,
            guint32                    *counts,
            guint64                    *marginal,
            AlphaSums                  *sums)
{
  for (guint u = 0; u < index->n_units; u++)
    {
      gsize start = index->offsets[u], end = index->offsets[u + 1];
      double m = end - start;
      guint64 sum_sq = 0;

      if (end - start < 2)
        continue;

      for (gsize i = start; i < end; i++)
        {
          guint32 k = recode (index->values[i].value, category);

          sum_sq += 2 * (guint64) counts[k] + 1;
          counts[k]++;
          marginal[k]++;
        }
      for (gsize i = start; i < end; i++)
        counts[recode (index->values[i].value, category)] = 0;

      sums->disagreement += (m * m - (double) sum_sq) / (m - 1);
      sums->n += m;
      sums->n_units++;
    }
}

gboolean
limn_agreement_krippendorff_alpha (LimnReliabilityData *data,
                                   int                  category,
                                   LimnAgreement       *result,
                                   GError             **error)
{
  LimnReliabilityIndex index;
  g_autofree guint32 *counts = NULL;
  g_autofree guint64 *marginal = NULL;
  AlphaSums sums = { 0, 0, 0 };
  double n, sum_nc_sq = 0;
  guint q, n_used = 0;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  result_init (result);
  if (!check_category (data, category, error) ||
      !limn_reliability_data_get_index (data, &index, error))
    return FALSE;

  q = category < 0 ? index.n_categories : 2;
  counts = g_new0 (guint32, q);
  marginal = g_new0 (guint64, q);

  /* Two calls with a constant category let the compiler drop the recoding
   * from the common loop. */
  if (category < 0)
    alpha_sums (&index, LIMN_AGREEMENT_ALL_CATEGORIES, counts, marginal, &sums);
  else
    alpha_sums (&index, category, counts, marginal, &sums);

  n = sums.n;
  result->n_units = sums.n_units;
  result->n_values = (gsize) n;
  if (result->n_units == 0)
    {
      result->status = LIMN_AGREEMENT_NO_PAIRABLE_UNITS;
      return TRUE;
    }

  for (guint k = 0; k < q; k++)
    {
      sum_nc_sq += (double) marginal[k] * marginal[k];
      if (marginal[k] > 0)
        n_used++;
    }

  result->observed = sums.disagreement / n;
  result->expected = (n * n - sum_nc_sq) / (n * (n - 1));
  if (n_used <= 1)
    {
      result->status = LIMN_AGREEMENT_NO_VARIATION;
      return TRUE;
    }

  result->value = 1 - result->observed / result->expected;
  return TRUE;
}

const char *
limn_agreement_status_to_string (LimnAgreementStatus status)
{
  switch (status)
    {
    case LIMN_AGREEMENT_OK:
      return "ok";
    case LIMN_AGREEMENT_NO_PAIRABLE_UNITS:
      return "no-pairable-units";
    case LIMN_AGREEMENT_NO_VARIATION:
      return "no-variation";
    case LIMN_AGREEMENT_ONE_CATEGORY:
      return "one-category";
    default:
      return "unknown";
    }
}
