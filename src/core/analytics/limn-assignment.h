/* limn-assignment.h
 *
 * The assignment problem: pair rows with columns one-to-one at the least
 * total cost, by Kuhn–Munkres (the Hungarian method, with potentials;
 * O(n² m) for n ≤ m). Region matching builds on it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @cost is row-major, @n_rows × @n_cols, every entry finite. Fills
 * @row_to_col (n_rows entries) with the column given to each row, or −1:
 * exactly min(n_rows, n_cols) rows get a column, and the sum of their costs
 * is the least possible. Ties go to the lowest indices, so the result
 * depends only on the matrix. Fails on a non-finite cost. */
gboolean limn_assignment_solve (const double *cost,
                                guint         n_rows,
                                guint         n_cols,
                                int          *row_to_col,
                                GError      **error);

G_END_DECLS
