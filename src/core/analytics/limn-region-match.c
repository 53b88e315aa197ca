/* limn-region-match.c
 *
 * Candidate pairs first (boxes through a sort by left edge; spans through
 * LimnSpanIndex), then their connected components, each an assignment
 * problem of its own: boxes far apart never meet in one matrix, so a page
 * of hundreds of regions costs a few small solves rather than one cubic
 * one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-analytics"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "limn-assignment.h"
#include "model/limn-geometry.h"
#include "limn-region-match.h"
#include "text/limn-span-index.h"

/* IoU at the threshold counts as reaching it, whatever the rounding. */
#define IOU_SLACK 1e-12

/* Texts longer than this are refused by the character functions. */
#define MAX_CHARS ((gint64) G_MAXINT32)

typedef struct
{
  guint  a;
  guint  b;
  double iou;
} Edge;

static guint
find_root (guint *parent,
           guint  x)
{
  while (parent[x] != x)
    {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
  return x;
}

static int
compare_matches (gconstpointer pa,
                 gconstpointer pb)
{
  const LimnMatch *a = pa, *b = pb;

  return (a->a > b->a) - (a->a < b->a);
}

/* The optimal one-to-one matching over @edges: most pairs, then the largest
 * total IoU (the header explains the costs). */
static GArray *
match_edges (guint    n_a,
             guint    n_b,
             GArray  *edges,
             GError **error)
{
  GArray *matches = g_array_new (FALSE, FALSE, sizeof (LimnMatch));
  guint n_nodes = n_a + n_b;
  g_autofree guint *parent = g_new (guint, MAX (n_nodes, 1));
  g_autofree guint *comp_of_root = g_new (guint, MAX (n_nodes, 1));
  g_autofree guint *local = g_new (guint, MAX (n_nodes, 1));
  g_autofree guint *edge_start = NULL;
  g_autofree guint *edge_order = NULL;
  g_autoptr(GArray) comp_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) comp_cols = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_comps = 0;

  for (guint i = 0; i < n_nodes; i++)
    {
      parent[i] = i;
      comp_of_root[i] = G_MAXUINT;
    }

  for (guint e = 0; e < edges->len; e++)
    {
      Edge *edge = &g_array_index (edges, Edge, e);
      guint ra = find_root (parent, edge->a), rb = find_root (parent, n_a + edge->b);

      if (ra != rb)
        parent[MAX (ra, rb)] = MIN (ra, rb);
    }

  /* Number the components in order of their edges, and bucket the edges. */
  for (guint e = 0; e < edges->len; e++)
    {
      guint root = find_root (parent, g_array_index (edges, Edge, e).a);

      if (comp_of_root[root] == G_MAXUINT)
        comp_of_root[root] = n_comps++;
    }

  edge_start = g_new0 (guint, n_comps + 1);
  edge_order = g_new (guint, MAX (edges->len, 1));
  for (guint e = 0; e < edges->len; e++)
    edge_start[comp_of_root[find_root (parent, g_array_index (edges, Edge, e).a)] + 1]++;
  for (guint c = 0; c < n_comps; c++)
    edge_start[c + 1] += edge_start[c];
  {
    g_autofree guint *next = g_memdup2 (edge_start, sizeof (guint) * (n_comps + 1));

    for (guint e = 0; e < edges->len; e++)
      edge_order[next[comp_of_root[find_root (parent, g_array_index (edges, Edge, e).a)]]++] = e;
  }

  for (guint c = 0; c < n_comps; c++)
    {
      g_autofree double *cost = NULL;
      g_autofree int *row_to_col = NULL;
      guint r, k;
      double forbidden;

      g_array_set_size (comp_rows, 0);
      g_array_set_size (comp_cols, 0);
      for (guint e = edge_start[c]; e < edge_start[c + 1]; e++)
        {
          Edge *edge = &g_array_index (edges, Edge, edge_order[e]);

          local[edge->a] = G_MAXUINT;
          local[n_a + edge->b] = G_MAXUINT;
        }
      for (guint e = edge_start[c]; e < edge_start[c + 1]; e++)
        {
          Edge *edge = &g_array_index (edges, Edge, edge_order[e]);

          if (local[edge->a] == G_MAXUINT)
            {
              local[edge->a] = comp_rows->len;
              g_array_append_val (comp_rows, edge->a);
            }
          if (local[n_a + edge->b] == G_MAXUINT)
            {
              local[n_a + edge->b] = comp_cols->len;
              g_array_append_val (comp_cols, edge->b);
            }
        }

      r = comp_rows->len;
      k = comp_cols->len;
      /* More than any total of allowed costs (each below 1): one more pair
       * always beats a better IoU elsewhere. */
      forbidden = MAX (r, k) + 1;
      cost = g_new (double, (gsize) r * k);
      for (gsize i = 0; i < (gsize) r * k; i++)
        cost[i] = forbidden;
      for (guint e = edge_start[c]; e < edge_start[c + 1]; e++)
        {
          Edge *edge = &g_array_index (edges, Edge, edge_order[e]);

          cost[(gsize) local[edge->a] * k + local[n_a + edge->b]] = 1 - edge->iou;
        }

      row_to_col = g_new (int, r);
      if (!limn_assignment_solve (cost, r, k, row_to_col, error))
        {
          g_array_unref (matches);
          return NULL;
        }

      for (guint i = 0; i < r; i++)
        {
          int j = row_to_col[i];

          if (j >= 0 && cost[(gsize) i * k + j] < forbidden)
            {
              LimnMatch m = {
                g_array_index (comp_rows, guint, i),
                g_array_index (comp_cols, guint, j),
                1 - cost[(gsize) i * k + j],
              };

              g_array_append_val (matches, m);
            }
        }
    }

  g_array_sort (matches, compare_matches);
  return matches;
}

static gboolean
check_box (const LimnLabeledBox *box,
           const char           *side,
           guint                 i,
           GError              **error)
{
  const LimnBox *b = &box->box;

  if (isfinite (b->x) && isfinite (b->y) && isfinite (b->w) && isfinite (b->h) &&
      b->w > 0 && b->h > 0)
    return TRUE;

  g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
               _("Box %u of %s is empty, not normalized or not finite"), i, side);
  return FALSE;
}

static int
compare_left_edges (gconstpointer pa,
                    gconstpointer pb,
                    gpointer      data)
{
  const LimnLabeledBox *boxes = data;
  double x = boxes[*(const guint *) pa].box.x;
  double y = boxes[*(const guint *) pb].box.x;

  return (x > y) - (x < y);
}

static int
compare_indices (gconstpointer pa,
                 gconstpointer pb)
{
  guint x = *(const guint *) pa, y = *(const guint *) pb;

  return (x > y) - (x < y);
}

GArray *
limn_match_boxes (const LimnLabeledBox *a,
                  guint                 n_a,
                  const LimnLabeledBox *b,
                  guint                 n_b,
                  double                min_iou,
                  LimnLabelRule         label_rule,
                  GError              **error)
{
  g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (Edge));

  g_return_val_if_fail (a != NULL || n_a == 0, NULL);
  g_return_val_if_fail (b != NULL || n_b == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(min_iou > 0 && min_iou <= 1))
    {
      g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
                   _("The IoU threshold must be above 0 and at most 1, not %g"), min_iou);
      return NULL;
    }

  for (guint i = 0; i < n_a; i++)
    if (!check_box (&a[i], "A", i, error))
      return NULL;
  for (guint j = 0; j < n_b; j++)
    if (!check_box (&b[j], "B", j, error))
      return NULL;

  /* B by left edge: a pair with IoU ≥ t overlaps, and B is at most 1/t
   * times as wide as A (t · |B| ≤ |A ∩ B| ≤ wA · hB), so B's left edge lies
   * in (xA − wA / t, xA + wA). Candidates are tried in B's order, as a
   * scan of every pair would, so ties break the same way. */
  {
    double t = min_iou - IOU_SLACK;
    g_autofree guint *by_x = g_new (guint, MAX (n_b, 1));
    g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (guint));

    for (guint j = 0; j < n_b; j++)
      by_x[j] = j;
    g_qsort_with_data (by_x, n_b, sizeof (guint), compare_left_edges, (gpointer) b);

    for (guint i = 0; i < n_a; i++)
      {
        const LimnBox *box = &a[i].box;
        double from = t > 0 ? box->x - box->w / t * (1 + 1e-9) - 1e-9 : -G_MAXDOUBLE;
        double to = box->x + box->w;
        guint lo = 0, hi = n_b;

        /* The first B whose left edge is at or past @from. */
        while (lo < hi)
          {
            guint mid = lo + (hi - lo) / 2;

            if (b[by_x[mid]].box.x < from)
              lo = mid + 1;
            else
              hi = mid;
          }

        g_array_set_size (candidates, 0);
        for (guint k = lo; k < n_b && b[by_x[k]].box.x <= to; k++)
          g_array_append_val (candidates, by_x[k]);
        g_array_sort (candidates, compare_indices);

        for (guint k = 0; k < candidates->len; k++)
          {
            guint j = g_array_index (candidates, guint, k);
            double iou;

            if (label_rule == LIMN_MATCH_SAME_LABEL && a[i].label != b[j].label)
              continue;

            iou = limn_box_iou (&a[i].box, &b[j].box);
            if (iou >= min_iou - IOU_SLACK)
              {
                Edge edge = { i, j, iou };
                g_array_append_val (edges, edge);
              }
          }
      }
  }

  return match_edges (n_a, n_b, edges, error);
}

static gboolean
check_span (const LimnLabeledSpan *span,
            const char            *side,
            guint                  i,
            GError               **error)
{
  if (span->start >= 0 && span->start < span->end)
    return TRUE;

  g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
               _("Span %u of %s, %" PRId64 "–%" PRId64
                 ", is empty or reversed"), i, side, span->start, span->end);
  return FALSE;
}

typedef struct
{
  const LimnLabeledSpan *a;
  guint                  i;
  const LimnLabeledSpan *b;
  LimnSpanRule           span_rule;
  LimnLabelRule          label_rule;
  GArray                *edges;
} SpanQuery;

static gboolean
add_span_edge (const LimnSpanEntry *entry,
               gpointer             user_data)
{
  SpanQuery *q = user_data;
  guint j = GPOINTER_TO_UINT (entry->data) - 1;
  const LimnLabeledSpan *sa = &q->a[q->i], *sb = &q->b[j];
  gint64 inter = MIN (sa->end, sb->end) - MAX (sa->start, sb->start);
  gint64 uni = MAX (sa->end, sb->end) - MIN (sa->start, sb->start);
  Edge edge = { q->i, j, 0 };

  if (q->label_rule == LIMN_MATCH_SAME_LABEL && sa->label != sb->label)
    return TRUE;
  if (q->span_rule == LIMN_SPAN_MATCH_EXACT && (sa->start != sb->start || sa->end != sb->end))
    return TRUE;
  if (inter <= 0)
    return TRUE;

  /* Overlapping spans: the union is one interval. */
  edge.iou = (double) inter / (double) uni;
  g_array_append_val (q->edges, edge);
  return TRUE;
}

GArray *
limn_match_spans (const LimnLabeledSpan *a,
                  guint                  n_a,
                  const LimnLabeledSpan *b,
                  guint                  n_b,
                  LimnSpanRule           span_rule,
                  LimnLabelRule          label_rule,
                  GError               **error)
{
  g_autoptr(GArray) edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  g_autoptr(LimnSpanIndex) index = limn_span_index_new (NULL);
  SpanQuery query = { a, 0, b, span_rule, label_rule, edges };

  g_return_val_if_fail (a != NULL || n_a == 0, NULL);
  g_return_val_if_fail (b != NULL || n_b == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; i < n_a; i++)
    if (!check_span (&a[i], "A", i, error))
      return NULL;
  for (guint j = 0; j < n_b; j++)
    {
      if (!check_span (&b[j], "B", j, error))
        return NULL;
      limn_span_index_add (index, b[j].start, b[j].end, GUINT_TO_POINTER (j + 1));
    }
  limn_span_index_build (index);

  for (query.i = 0; query.i < n_a; query.i++)
    limn_span_index_query (index, a[query.i].start, a[query.i].end, add_span_edge, &query);

  return match_edges (n_a, n_b, edges, error);
}

void
limn_match_counts_scores (const LimnMatchCounts *counts,
                          double                *precision,
                          double                *recall,
                          double                *f1)
{
  g_return_if_fail (counts != NULL);

  if (precision != NULL)
    *precision = counts->n_b > 0 ? (double) counts->matched / counts->n_b : NAN;
  if (recall != NULL)
    *recall = counts->n_a > 0 ? (double) counts->matched / counts->n_a : NAN;
  if (f1 != NULL)
    *f1 = counts->n_a + counts->n_b > 0
          ? 2.0 * counts->matched / (double) (counts->n_a + counts->n_b) : NAN;
}

void
limn_match_counts_add (LimnMatchCounts       *total,
                       const LimnMatchCounts *counts)
{
  g_return_if_fail (total != NULL);
  g_return_if_fail (counts != NULL);

  total->matched += counts->matched;
  total->n_a += counts->n_a;
  total->n_b += counts->n_b;
}

guint8 *
limn_span_character_mask (gint64                 n_chars,
                          const LimnLabeledSpan *spans,
                          guint                  n_spans,
                          int                    label,
                          GError               **error)
{
  g_autofree guint8 *mask = NULL;

  g_return_val_if_fail (spans != NULL || n_spans == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_chars < 0 || n_chars > MAX_CHARS)
    {
      g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
                   _("A text of %" PRId64 " characters is out of range"), n_chars);
      return NULL;
    }

  mask = g_malloc0 (MAX (n_chars, 1));
  for (guint i = 0; i < n_spans; i++)
    {
      const LimnLabeledSpan *s = &spans[i];

      if (s->start < 0 || s->start >= s->end || s->end > n_chars)
        {
          g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
                       _("Span %u, %" PRId64 "–%" PRId64
                         ", is empty or outside the text’s %" PRId64 " characters"),
                       i, s->start, s->end, n_chars);
          return NULL;
        }

      if (label >= 0 && s->label != (guint) label)
        continue;

      memset (mask + s->start, 1, s->end - s->start);
    }

  return g_steal_pointer (&mask);
}

gboolean
limn_span_character_counts (gint64                 n_chars,
                            const LimnLabeledSpan *a,
                            guint                  n_a,
                            const LimnLabeledSpan *b,
                            guint                  n_b,
                            int                    label,
                            LimnMatchCounts       *counts,
                            GError               **error)
{
  g_autofree guint8 *mask_a = NULL;
  g_autofree guint8 *mask_b = NULL;

  g_return_val_if_fail (counts != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  counts->matched = counts->n_a = counts->n_b = 0;
  mask_a = limn_span_character_mask (n_chars, a, n_a, label, error);
  if (mask_a == NULL)
    return FALSE;
  mask_b = limn_span_character_mask (n_chars, b, n_b, label, error);
  if (mask_b == NULL)
    return FALSE;

  for (gint64 i = 0; i < n_chars; i++)
    {
      counts->n_a += mask_a[i];
      counts->n_b += mask_b[i];
      counts->matched += mask_a[i] & mask_b[i];
    }

  return TRUE;
}
