/* limn-agreement.h
 *
 * Chance-corrected agreement on nominal data (docs/metrics.md, "Agreement"):
 * Cohen's κ for two coders, Fleiss' κ and Gwet's AC1 for any number, and
 * Krippendorff's α with missing values. Each is computed either over all
 * categories or for one category against the rest (@category), which is
 * "agreement per label".
 *
 * A coefficient that the data cannot define (no unit coded twice, coders who
 * never met, a single category in use) is NaN with a status saying why,
 * never 1.0 and never a division by zero.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "limn-reliability-data.h"

G_BEGIN_DECLS

/* Pass as @category for the coefficient over all categories. */
#define LIMN_AGREEMENT_ALL_CATEGORIES (-1)

typedef enum
{
  LIMN_AGREEMENT_OK,
  /* No unit has two values from different coders (for Cohen's κ: the two
   * coders share no unit). Nothing was compared: undefined, not perfect. */
  LIMN_AGREEMENT_NO_PAIRABLE_UNITS,
  /* Every pairable value is the same category (one-vs-rest: all in or all
   * out), so chance agreement is 1 (κ) or expected disagreement 0 (α) and
   * the coefficient is 0/0. */
  LIMN_AGREEMENT_NO_VARIATION,
  /* Gwet's AC1 needs at least two declared categories. */
  LIMN_AGREEMENT_ONE_CATEGORY,
} LimnAgreementStatus;

typedef struct
{
  double              value;     /* the coefficient, or NaN (see status) */
  /* κ and AC1: observed agreement p_a and chance agreement p_e, value =
   * (p_a − p_e) / (1 − p_e). α: observed and expected disagreement D_o and
   * D_e, value = 1 − D_o / D_e. NaN where the data do not define them. */
  double              observed;
  double              expected;
  guint               n_units;   /* units that entered p_a (or D_o) */
  gsize               n_values;  /* values in those units */
  LimnAgreementStatus status;
} LimnAgreement;

/* Cohen's κ between @coder_a and @coder_b over the units both coded. */
gboolean    limn_agreement_cohen_kappa      (LimnReliabilityData *data,
                                             guint                coder_a,
                                             guint                coder_b,
                                             int                  category,
                                             LimnAgreement       *result,
                                             GError             **error);
/* Cohen's κ from a contingency table: @table[a * n_categories + b] counts
 * the units coder A put in a and coder B in b. Counts may be fractional;
 * negative or non-finite counts are an error. */
gboolean    limn_agreement_cohen_kappa_table (const double       *table,
                                              guint               n_categories,
                                              LimnAgreement      *result,
                                              GError            **error);
/* Fleiss' κ. With the same number of coders on every unit it is Fleiss
 * (1971); when the number varies it is Gwet's (2014) generalization: p_a
 * averages over units with two or more values, each unit by its own count,
 * and the category proportions average r_uk / r_u over every unit with a
 * value. Units with one value add only to those proportions. */
gboolean    limn_agreement_fleiss_kappa     (LimnReliabilityData *data,
                                             int                  category,
                                             LimnAgreement       *result,
                                             GError             **error);
/* Gwet's AC1, any number of coders, missing values as Gwet (2014) and the
 * irrCAC package: p_a as for Fleiss' κ, p_e = Σ_k π_k (1 − π_k) / (q − 1)
 * with q the declared number of categories (2 for one-vs-rest). */
gboolean    limn_agreement_gwet_ac1         (LimnReliabilityData *data,
                                             int                  category,
                                             LimnAgreement       *result,
                                             GError             **error);
/* Krippendorff's α for nominal data, by the coincidence matrix (Krippendorff
 * 2011): units with fewer than two values are not pairable and drop out. */
gboolean    limn_agreement_krippendorff_alpha (LimnReliabilityData *data,
                                               int                  category,
                                               LimnAgreement       *result,
                                               GError             **error);

const char *limn_agreement_status_to_string (LimnAgreementStatus status);

G_END_DECLS
