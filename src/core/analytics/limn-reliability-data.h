/* limn-reliability-data.h
 *
 * Krippendorff's "reliability data": a table of units (items, characters,
 * tasks) by coders (annotators), each cell a category id or missing. It is
 * the one input of the agreement coefficients (limn-agreement.h) and of
 * truth inference (limn-truth.h), where units are items and coders workers.
 *
 * Units and coders are dense indices from 0; the table grows as values are
 * added, in any order. Values are category ids 0 … n_categories − 1; a cell
 * nobody filled is missing. Declare every category of the label set, used or
 * not: Gwet's AC1 depends on how many there are.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "limn-analytics-error.h"

G_BEGIN_DECLS

/* The largest unit or coder index. Indices are dense (the table keeps an
 * entry per unit and per coder up to the largest seen), so an absurd id is
 * refused rather than allocated for. */
#define LIMN_RELIABILITY_MAX_INDEX 99999999u
/* The most categories a table may declare. */
#define LIMN_RELIABILITY_MAX_CATEGORIES 65536

typedef struct _LimnReliabilityData LimnReliabilityData;

/* @n_categories is from 1 to LIMN_RELIABILITY_MAX_CATEGORIES; NULL (with
 * @error set) otherwise. */
LimnReliabilityData *limn_reliability_data_new            (guint                n_categories,
                                                           GError             **error);
void                 limn_reliability_data_free           (LimnReliabilityData *self);
/* Records that @coder gave @unit the category @value. Fails on an id out of
 * range. A second value for the same cell (LIMN_ANALYTICS_ERROR_DUPLICATE)
 * is refused here while values arrive in unit order (each unit's values
 * together, units ascending, the fast path); once they do not, it is
 * reported by the next computation that reads the table. */
gboolean             limn_reliability_data_add            (LimnReliabilityData *self,
                                                           guint                unit,
                                                           guint                coder,
                                                           guint                value,
                                                           GError             **error);
guint                limn_reliability_data_get_n_categories (const LimnReliabilityData *self);
/* One more than the largest unit (coder) index added, or 0. */
guint                limn_reliability_data_get_n_units    (const LimnReliabilityData *self);
guint                limn_reliability_data_get_n_coders   (const LimnReliabilityData *self);
/* The number of values added (filled cells). */
gsize                limn_reliability_data_get_n_values   (const LimnReliabilityData *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnReliabilityData, limn_reliability_data_free)

G_END_DECLS
