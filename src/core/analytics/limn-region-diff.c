/* limn-region-diff.c
 *
 * Pairs regions by id, then by geometry with the optimal matcher, and
 * classifies each pair; see limn-region-diff.h for the rules.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-analytics"

#include "config.h"

#include "limn-region-diff.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "limn-analytics-error.h"
#include "limn-region-match.h"
#include "model/limn-geometry.h"

struct _LimnRegionDiff
{
  gatomicrefcount  ref_count;
  GPtrArray       *a;        /* LimnRegion *, references */
  GPtrArray       *b;
  GArray          *changes;  /* LimnRegionChange */
  guint           *of_a;     /* change index per region of A */
  guint           *of_b;
};

void
limn_region_diff_options_init (LimnRegionDiffOptions *options)
{
  g_return_if_fail (options != NULL);

  options->min_iou = 0.5;
  options->move_tolerance = 0.5;
  options->match_ids = TRUE;
}

static gboolean
box_usable (const LimnRegion *r)
{
  const LimnBox *b = &r->box;

  return isfinite (b->x) && isfinite (b->y) && isfinite (b->w) && isfinite (b->h) &&
         b->w > 0 && b->h > 0;
}

static gboolean
span_usable (const LimnRegion *r)
{
  return r->start >= 0 && r->start < r->end;
}

static double
pair_iou (const LimnRegion *a,
          const LimnRegion *b)
{
  if (a->kind == LIMN_REGION_BOX)
    return box_usable (a) && box_usable (b) ? limn_box_iou (&a->box, &b->box) : 0;

  if (span_usable (a) && span_usable (b))
    {
      gint64 inter = MIN (a->end, b->end) - MAX (a->start, b->start);
      gint64 uni = MAX (a->end, b->end) - MIN (a->start, b->start);

      return inter > 0 ? (double) inter / (double) uni : 0;
    }

  return 0;
}

static LimnRegionDiffFlags
pair_flags (const LimnRegion            *a,
            const LimnRegion            *b,
            const LimnRegionDiffOptions *options)
{
  LimnRegionDiffFlags flags = LIMN_REGION_DIFF_UNCHANGED;

  if (a->kind == LIMN_REGION_BOX)
    {
      const LimnBox *p = &a->box, *q = &b->box;
      double t = options->move_tolerance;

      /* Edges, not origin and size: a box grown by one pixel on each side
       * moved two edges. NaN compares as moved. */
      if (!(fabs (p->x - q->x) <= t && fabs (p->y - q->y) <= t &&
            fabs ((p->x + p->w) - (q->x + q->w)) <= t && fabs ((p->y + p->h) - (q->y + q->h)) <= t))
        flags |= LIMN_REGION_DIFF_MOVED;
    }
  else if (a->start != b->start || a->end != b->end)
    flags |= LIMN_REGION_DIFF_MOVED;

  if (g_strcmp0 (a->label_id, b->label_id) != 0)
    flags |= LIMN_REGION_DIFF_RELABELLED;

  return flags;
}

static void
add_pair (LimnRegionDiff              *diff,
          guint                        i,
          guint                        j,
          gboolean                     by_id,
          const LimnRegionDiffOptions *options)
{
  const LimnRegion *a = g_ptr_array_index (diff->a, i);
  const LimnRegion *b = g_ptr_array_index (diff->b, j);
  LimnRegionChange change = { a, b, i, j, pair_flags (a, b, options), pair_iou (a, b), by_id };

  /* Stored by A's position for now; sorted into A's order at the end. */
  diff->of_a[i] = diff->changes->len;
  diff->of_b[j] = diff->changes->len;
  g_array_append_val (diff->changes, change);
}

/* Pairs regions of one kind by id: the first unpaired occurrence on each
 * side. */
static void
match_ids (LimnRegionDiff              *diff,
           const LimnRegionDiffOptions *options)
{
  g_autoptr(GHashTable) first_b = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint j = diff->b->len; j-- > 0;)
    {
      const LimnRegion *r = g_ptr_array_index (diff->b, j);

      if (r->id != NULL)
        g_hash_table_insert (first_b, r->id, GUINT_TO_POINTER (j + 1));
    }

  for (guint i = 0; i < diff->a->len; i++)
    {
      const LimnRegion *r = g_ptr_array_index (diff->a, i);
      guint j;

      if (r->id == NULL)
        continue;
      j = GPOINTER_TO_UINT (g_hash_table_lookup (first_b, r->id));
      if (j == 0 || ((const LimnRegion *) g_ptr_array_index (diff->b, j - 1))->kind != r->kind)
        continue;
      /* Taken: a later duplicate of this id in A matches by geometry. */
      g_hash_table_remove (first_b, r->id);
      add_pair (diff, i, j - 1, TRUE, options);
    }
}

/* Pairs what id left over, by geometry: one kind at a time, labels
 * ignored. */
static gboolean
match_geometry (LimnRegionDiff              *diff,
                LimnRegionKind               kind,
                const LimnRegionDiffOptions *options,
                GError                     **error)
{
  g_autoptr(GArray) ia = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) ib = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) matches = NULL;
  GPtrArray *sides[2] = { diff->a, diff->b };
  guint *paired[2] = { diff->of_a, diff->of_b };
  GArray *picked[2] = { ia, ib };

  for (guint s = 0; s < 2; s++)
    for (guint i = 0; i < sides[s]->len; i++)
      {
        const LimnRegion *r = g_ptr_array_index (sides[s], i);

        if (paired[s][i] != G_MAXUINT || r->kind != kind)
          continue;
        if (kind == LIMN_REGION_BOX ? box_usable (r) : span_usable (r))
          g_array_append_val (picked[s], i);
      }

  if (ia->len == 0 || ib->len == 0)
    return TRUE;

  if (kind == LIMN_REGION_BOX)
    {
      g_autofree LimnLabeledBox *boxes_a = g_new0 (LimnLabeledBox, ia->len);
      g_autofree LimnLabeledBox *boxes_b = g_new0 (LimnLabeledBox, ib->len);

      for (guint k = 0; k < ia->len; k++)
        boxes_a[k].box = ((const LimnRegion *) g_ptr_array_index (diff->a, g_array_index (ia, guint, k)))->box;
      for (guint k = 0; k < ib->len; k++)
        boxes_b[k].box = ((const LimnRegion *) g_ptr_array_index (diff->b, g_array_index (ib, guint, k)))->box;
      matches = limn_match_boxes (boxes_a, ia->len, boxes_b, ib->len, options->min_iou,
                                  LIMN_MATCH_ANY_LABEL, error);
    }
  else
    {
      g_autofree LimnLabeledSpan *spans_a = g_new0 (LimnLabeledSpan, ia->len);
      g_autofree LimnLabeledSpan *spans_b = g_new0 (LimnLabeledSpan, ib->len);

      for (guint k = 0; k < ia->len; k++)
        {
          const LimnRegion *r = g_ptr_array_index (diff->a, g_array_index (ia, guint, k));

          spans_a[k] = (LimnLabeledSpan) { r->start, r->end, 0 };
        }
      for (guint k = 0; k < ib->len; k++)
        {
          const LimnRegion *r = g_ptr_array_index (diff->b, g_array_index (ib, guint, k));

          spans_b[k] = (LimnLabeledSpan) { r->start, r->end, 0 };
        }
      matches = limn_match_spans (spans_a, ia->len, spans_b, ib->len, LIMN_SPAN_MATCH_OVERLAP,
                                  LIMN_MATCH_ANY_LABEL, error);
    }

  if (matches == NULL)
    return FALSE;

  for (guint m = 0; m < matches->len; m++)
    {
      const LimnMatch *match = &g_array_index (matches, LimnMatch, m);

      add_pair (diff, g_array_index (ia, guint, match->a), g_array_index (ib, guint, match->b),
                FALSE, options);
    }

  return TRUE;
}

static int
compare_changes (gconstpointer pa,
                 gconstpointer pb)
{
  const LimnRegionChange *x = pa, *y = pb;

  /* A's regions in A's order; the added ones after, in B's order. */
  if (x->index_a != y->index_a)
    return x->index_a < y->index_a ? -1 : 1;
  return x->index_b < y->index_b ? -1 : (x->index_b > y->index_b);
}

LimnRegionDiff *
limn_region_diff_new (GPtrArray                   *a,
                      GPtrArray                   *b,
                      const LimnRegionDiffOptions *options,
                      GError                     **error)
{
  g_autoptr(LimnRegionDiff) diff = NULL;
  LimnRegionDiffOptions defaults;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    {
      limn_region_diff_options_init (&defaults);
      options = &defaults;
    }

  if (!(options->min_iou > 0 && options->min_iou <= 1) || !(options->move_tolerance >= 0))
    {
      g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
                   _("The IoU threshold must be above 0 and at most 1, and the move tolerance at least 0"));
      return NULL;
    }

  diff = g_new0 (LimnRegionDiff, 1);
  g_atomic_ref_count_init (&diff->ref_count);
  diff->a = g_ptr_array_new_with_free_func ((GDestroyNotify) limn_region_unref);
  diff->b = g_ptr_array_new_with_free_func ((GDestroyNotify) limn_region_unref);
  for (guint i = 0; a != NULL && i < a->len; i++)
    g_ptr_array_add (diff->a, limn_region_ref (g_ptr_array_index (a, i)));
  for (guint j = 0; b != NULL && j < b->len; j++)
    g_ptr_array_add (diff->b, limn_region_ref (g_ptr_array_index (b, j)));
  diff->changes = g_array_sized_new (FALSE, FALSE, sizeof (LimnRegionChange), diff->a->len + diff->b->len);
  diff->of_a = g_new (guint, diff->a->len + 1);
  diff->of_b = g_new (guint, diff->b->len + 1);
  memset (diff->of_a, 0xff, sizeof (guint) * (diff->a->len + 1));
  memset (diff->of_b, 0xff, sizeof (guint) * (diff->b->len + 1));

  if (options->match_ids)
    match_ids (diff, options);
  if (!match_geometry (diff, LIMN_REGION_BOX, options, error) ||
      !match_geometry (diff, LIMN_REGION_SPAN, options, error))
    return NULL;

  for (guint i = 0; i < diff->a->len; i++)
    if (diff->of_a[i] == G_MAXUINT)
      {
        LimnRegionChange change = { g_ptr_array_index (diff->a, i), NULL, i, G_MAXUINT,
                                    LIMN_REGION_DIFF_REMOVED, 0, FALSE };
        g_array_append_val (diff->changes, change);
      }
  for (guint j = 0; j < diff->b->len; j++)
    if (diff->of_b[j] == G_MAXUINT)
      {
        LimnRegionChange change = { NULL, g_ptr_array_index (diff->b, j), G_MAXUINT, j,
                                    LIMN_REGION_DIFF_ADDED, 0, FALSE };
        g_array_append_val (diff->changes, change);
      }

  g_array_sort (diff->changes, compare_changes);
  for (guint k = 0; k < diff->changes->len; k++)
    {
      const LimnRegionChange *change = &g_array_index (diff->changes, LimnRegionChange, k);

      if (change->index_a != G_MAXUINT)
        diff->of_a[change->index_a] = k;
      if (change->index_b != G_MAXUINT)
        diff->of_b[change->index_b] = k;
    }

  return g_steal_pointer (&diff);
}

LimnRegionDiff *
limn_region_diff_ref (LimnRegionDiff *diff)
{
  g_return_val_if_fail (diff != NULL, NULL);

  g_atomic_ref_count_inc (&diff->ref_count);
  return diff;
}

void
limn_region_diff_unref (LimnRegionDiff *diff)
{
  g_return_if_fail (diff != NULL);

  if (!g_atomic_ref_count_dec (&diff->ref_count))
    return;

  g_clear_pointer (&diff->changes, g_array_unref);
  g_ptr_array_unref (diff->a);
  g_ptr_array_unref (diff->b);
  g_free (diff->of_a);
  g_free (diff->of_b);
  g_free (diff);
}

guint
limn_region_diff_get_n_changes (LimnRegionDiff *diff)
{
  g_return_val_if_fail (diff != NULL, 0);

  return diff->changes->len;
}

const LimnRegionChange *
limn_region_diff_get_change (LimnRegionDiff *diff,
                             guint           index)
{
  g_return_val_if_fail (diff != NULL, NULL);
  g_return_val_if_fail (index < diff->changes->len, NULL);

  return &g_array_index (diff->changes, LimnRegionChange, index);
}

const LimnRegionChange *
limn_region_diff_change_of_a (LimnRegionDiff *diff,
                              guint           index_a)
{
  g_return_val_if_fail (diff != NULL, NULL);
  g_return_val_if_fail (index_a < diff->a->len, NULL);

  return &g_array_index (diff->changes, LimnRegionChange, diff->of_a[index_a]);
}

const LimnRegionChange *
limn_region_diff_change_of_b (LimnRegionDiff *diff,
                              guint           index_b)
{
  g_return_val_if_fail (diff != NULL, NULL);
  g_return_val_if_fail (index_b < diff->b->len, NULL);

  return &g_array_index (diff->changes, LimnRegionChange, diff->of_b[index_b]);
}

guint
limn_region_diff_count (LimnRegionDiff      *diff,
                        LimnRegionDiffFlags  flags)
{
  guint n = 0;

  g_return_val_if_fail (diff != NULL, 0);

  for (guint k = 0; k < diff->changes->len; k++)
    {
      LimnRegionDiffFlags f = g_array_index (diff->changes, LimnRegionChange, k).flags;

      if (flags == LIMN_REGION_DIFF_UNCHANGED ? f == LIMN_REGION_DIFF_UNCHANGED : (f & flags) == flags)
        n++;
    }

  return n;
}
