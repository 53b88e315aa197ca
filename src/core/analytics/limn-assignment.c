/* limn-assignment.c
 *
 * The shortest augmenting path form of the Hungarian method with row and
 * column potentials u, v (as in Jonker & Volgenant, and the well-known
 * e-maxx formulation): rows are added one at a time, each by a Dijkstra-like
 * search over reduced costs c(i, j) − u(i) − v(j) ≥ 0, so the whole solve is
 * O(n² m) with n ≤ m (the matrix is transposed when it has more rows).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-analytics"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "limn-assignment.h"
#include "limn-analytics-error.h"

gboolean
limn_assignment_solve (const double *cost,
                       guint         n_rows,
                       guint         n_cols,
                       int          *row_to_col,
                       GError      **error)
{
  gboolean transposed = n_rows > n_cols;
  guint n = transposed ? n_cols : n_rows;   /* the short side */
  guint m = transposed ? n_rows : n_cols;
  g_autofree double *u = NULL;
  g_autofree double *v = NULL;
  g_autofree double *minv = NULL;
  g_autofree guint *p = NULL;     /* p[j]: the short-side index (1-based) on column j, or 0 */
  g_autofree guint *way = NULL;
  g_autofree gboolean *used = NULL;

  g_return_val_if_fail (cost != NULL || n_rows == 0 || n_cols == 0, FALSE);
  g_return_val_if_fail (row_to_col != NULL || n_rows == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < n_rows; i++)
    row_to_col[i] = -1;

  for (gsize k = 0; k < (gsize) n_rows * n_cols; k++)
    if (!isfinite (cost[k]))
      {
        g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
                     _("Assignment cost (%u, %u) is not a finite number"),
                     (guint) (k / n_cols), (guint) (k % n_cols));
        return FALSE;
      }

  if (n == 0)
    return TRUE;

#define COST(i, j) (transposed ? cost[(gsize) ((j) - 1) * n_cols + (i) - 1] \
                               : cost[(gsize) ((i) - 1) * n_cols + (j) - 1])

  u = g_new0 (double, n + 1);
  v = g_new0 (double, m + 1);
  minv = g_new (double, m + 1);
  p = g_new0 (guint, m + 1);
  way = g_new0 (guint, m + 1);
  used = g_new (gboolean, m + 1);

  for (guint i = 1; i <= n; i++)
    {
      guint j0 = 0;

      p[0] = i;
      for (guint j = 0; j <= m; j++)
        {
          minv[j] = INFINITY;
          used[j] = FALSE;
        }

      do
        {
          guint i0 = p[j0], j1 = 0;
          double delta = INFINITY;

          used[j0] = TRUE;
          for (guint j = 1; j <= m; j++)
            if (!used[j])
              {
                double cur = COST (i0, j) - u[i0] - v[j];

                if (cur < minv[j])
                  {
                    minv[j] = cur;
                    way[j] = j0;
                  }
                if (minv[j] < delta)
                  {
                    delta = minv[j];
                    j1 = j;
                  }
              }

          for (guint j = 0; j <= m; j++)
            if (used[j])
              {
                u[p[j]] += delta;
                v[j] -= delta;
              }
            else
              minv[j] -= delta;

          j0 = j1;
        }
      while (p[j0] != 0);

      do
        {
          guint j1 = way[j0];

          p[j0] = p[j1];
          j0 = j1;
        }
      while (j0 != 0);
    }

#undef COST

  for (guint j = 1; j <= m; j++)
    if (p[j] != 0)
      {
        if (transposed)
          row_to_col[j - 1] = p[j] - 1;
        else
          row_to_col[p[j] - 1] = j - 1;
      }

  return TRUE;
}
