/* limn-reliability-data-private.h
 *
 * The table grouped by unit, for the computations in this folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-reliability-data.h"

G_BEGIN_DECLS

typedef struct
{
  guint32 coder;
  guint32 value;
} LimnCodedValue;

typedef struct
{
  guint                 n_units;
  guint                 n_coders;
  guint                 n_categories;
  /* The values of unit u are values[offsets[u]] … values[offsets[u + 1] − 1],
   * in the order they were added. */
  const gsize          *offsets;
  const LimnCodedValue *values;
} LimnReliabilityIndex;

/* The values grouped by unit, checked that no coder gave a unit two values
 * (kept up to date while values arrive in unit order; otherwise built at
 * the first call after an add). The index stays valid until the next add
 * or free. */
gboolean limn_reliability_data_get_index (LimnReliabilityData  *self,
                                          LimnReliabilityIndex *index,
                                          GError              **error);

G_END_DECLS
