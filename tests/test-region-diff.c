/* test-region-diff.c
 *
 * The region diff on cases worked out by hand: a revision and its
 * correction (ids kept), annotators' answers (ids differ, geometry
 * decides), spans, and the edges: empty lists, duplicate ids, one id on a
 * box and a span, empty boxes, thresholds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "analytics/limn-analytics-error.h"
#include "analytics/limn-region-diff.h"

static void
add_box (GPtrArray  *list,
         const char *id,
         const char *label,
         double      x,
         double      y,
         double      w,
         double      h)
{
  LimnBox box = { x, y, w, h };

  g_ptr_array_add (list, limn_region_new_box (id, label, &box));
}

static void
add_span (GPtrArray  *list,
          const char *id,
          const char *label,
          gint64      start,
          gint64      end)
{
  g_ptr_array_add (list, limn_region_new_span (id, label, start, end, NULL));
}

static GPtrArray *
region_list (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) limn_region_unref);
}

static LimnRegionDiff *
diff_of (GPtrArray                   *a,
         GPtrArray                   *b,
         const LimnRegionDiffOptions *options)
{
  g_autoptr(GError) error = NULL;
  LimnRegionDiff *diff = limn_region_diff_new (a, b, options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (diff);

  return diff;
}

/* Every region of A and of B is in exactly one change, and the lookups
 * agree with the list. */
static void
assert_partition (LimnRegionDiff *diff,
                  GPtrArray      *a,
                  GPtrArray      *b)
{
  guint n = limn_region_diff_get_n_changes (diff);
  guint seen_a = 0, seen_b = 0;

  for (guint k = 0; k < n; k++)
    {
      const LimnRegionChange *c = limn_region_diff_get_change (diff, k);

      g_assert_true (c->a != NULL || c->b != NULL);
      if (c->a != NULL)
        {
          g_assert_true (c->a == g_ptr_array_index (a, c->index_a));
          g_assert_true (limn_region_diff_change_of_a (diff, c->index_a) == c);
          seen_a++;
        }
      if (c->b != NULL)
        {
          g_assert_true (c->b == g_ptr_array_index (b, c->index_b));
          g_assert_true (limn_region_diff_change_of_b (diff, c->index_b) == c);
          seen_b++;
        }
      g_assert_cmpint (c->a == NULL, ==, (c->flags & LIMN_REGION_DIFF_ADDED) != 0);
      g_assert_cmpint (c->b == NULL, ==, (c->flags & LIMN_REGION_DIFF_REMOVED) != 0);
    }

  g_assert_cmpuint (seen_a, ==, a ? a->len : 0);
  g_assert_cmpuint (seen_b, ==, b ? b->len : 0);
}

static void
test_empty (void)
{
  g_autoptr(GPtrArray) none = region_list ();
  g_autoptr(GPtrArray) two = region_list ();
  g_autoptr(LimnRegionDiff) both = NULL;
  g_autoptr(LimnRegionDiff) added = NULL;
  g_autoptr(LimnRegionDiff) removed = NULL;
  g_autoptr(LimnRegionDiff) nulls = NULL;

  add_box (two, "r1", "car", 0, 0, 10, 10);
  add_span (two, "r2", "per", 0, 4);

  both = diff_of (none, none, NULL);
  g_assert_cmpuint (limn_region_diff_get_n_changes (both), ==, 0);

  nulls = diff_of (NULL, NULL, NULL);
  g_assert_cmpuint (limn_region_diff_get_n_changes (nulls), ==, 0);

  added = diff_of (none, two, NULL);
  g_assert_cmpuint (limn_region_diff_get_n_changes (added), ==, 2);
  g_assert_cmpuint (limn_region_diff_count (added, LIMN_REGION_DIFF_ADDED), ==, 2);
  assert_partition (added, none, two);

  removed = diff_of (two, NULL, NULL);
  g_assert_cmpuint (limn_region_diff_count (removed, LIMN_REGION_DIFF_REMOVED), ==, 2);
  g_assert_cmpuint (limn_region_diff_count (removed, LIMN_REGION_DIFF_UNCHANGED), ==, 0);
  assert_partition (removed, two, NULL);
}

/* A reviewer's correction of a revision: the ids are kept, so every kept
 * region pairs by id whatever its geometry. */
static void
test_revision (void)
{
  g_autoptr(GPtrArray) mine = region_list ();
  g_autoptr(GPtrArray) theirs = region_list ();
  g_autoptr(LimnRegionDiff) diff = NULL;
  const LimnRegionChange *c;

  add_box (mine, "r1", "car", 10, 10, 100, 100);
  add_box (mine, "r2", "person", 200, 200, 50, 50);
  add_box (mine, "r3", "dog", 300, 0, 40, 40);
  add_box (mine, "r4", "car", 400, 400, 30, 30);
  add_box (mine, "r5", "car", 500, 10, 20, 20);

  add_box (theirs, "r1", "car", 10, 10, 100, 100);     /* unchanged */
  add_box (theirs, "r2", "person", 210, 200, 50, 50);  /* moved 10 px right */
  add_box (theirs, "r3", "cat", 300, 0, 40, 40);       /* relabelled */
  add_box (theirs, "r4", "truck", 0, 0, 30, 30);       /* moved far and relabelled: by id */
  add_box (theirs, "n1", "bus", 0, 300, 20, 20);       /* added */
  /* r5 removed */

  diff = diff_of (mine, theirs, NULL);
  assert_partition (diff, mine, theirs);
  g_assert_cmpuint (limn_region_diff_get_n_changes (diff), ==, 6);

  c = limn_region_diff_get_change (diff, 0);
  g_assert_cmpstr (c->a->id, ==, "r1");
  g_assert_cmpstr (c->b->id, ==, "r1");
  g_assert_cmpint (c->flags, ==, LIMN_REGION_DIFF_UNCHANGED);
  g_assert_true (c->by_id);
  g_assert_cmpfloat_with_epsilon (c->iou, 1.0, 1e-12);

  c = limn_region_diff_get_change (diff, 1);
  g_assert_cmpint (c->flags, ==, LIMN_REGION_DIFF_MOVED);
  /* Overlap 40 × 50 over a union of 60 × 50. */
  g_assert_cmpfloat_with_epsilon (c->iou, 2000.0 / 3000.0, 1e-12);

  c = limn_region_diff_get_change (diff, 2);
  g_assert_cmpint (c->flags, ==, LIMN_REGION_DIFF_RELABELLED);

  c = limn_region_diff_get_change (diff, 3);
  g_assert_cmpint (c->flags, ==, LIMN_REGION_DIFF_MOVED | LIMN_REGION_DIFF_RELABELLED);
  g_assert_true (c->by_id);
  g_assert_cmpfloat (c->iou, ==, 0);

  c = limn_region_diff_get_change (diff, 4);
  g_assert_cmpstr (c->a->id, ==, "r5");
  g_assert_null (c->b);
  g_assert_cmpint (c->flags, ==, LIMN_REGION_DIFF_REMOVED);
  g_assert_cmpuint (c->index_b, ==, G_MAXUINT);

  /* The added ones come last. */
  c = limn_region_diff_get_change (diff, 5);
  g_assert_null (c->a);
  g_assert_cmpstr (c->b->id, ==, "n1");
  g_assert_cmpuint (c->index_b, ==, 4);

  g_assert_cmpuint (limn_region_diff_count (diff, LIMN_REGION_DIFF_UNCHANGED), ==, 1);
  g_assert_cmpuint (limn_region_diff_count (diff, LIMN_REGION_DIFF_MOVED), ==, 2);
  g_assert_cmpuint (limn_region_diff_count (diff, LIMN_REGION_DIFF_RELABELLED), ==, 2);
  g_assert_cmpuint (limn_region_diff_count (diff, LIMN_REGION_DIFF_MOVED | LIMN_REGION_DIFF_RELABELLED), ==, 1);
  g_assert_cmpuint (limn_region_diff_count (diff, LIMN_REGION_DIFF_ADDED), ==, 1);
  g_assert_cmpuint (limn_region_diff_count (diff, LIMN_REGION_DIFF_REMOVED), ==, 1);
}

/* Two annotators: no shared ids, so IoU decides, labels ignored. */
static void
test_geometry (void)
{
  g_autoptr(GPtrArray) a = region_list ();
  g_autoptr(GPtrArray) b = region_list ();
  g_autoptr(LimnRegionDiff) diff = NULL;
  const LimnRegionChange *c;

  add_box (a, "a1", "car", 0, 0, 100, 100);
  add_box (a, "a2", "car", 1000, 0, 100, 100);
  add_box (a, "a3", "car", 2000, 0, 100, 100);
  /* Overlap 90 × 100 over 110 × 100: IoU 9/11, a match. */
  add_box (b, "b1", "car", 10, 0, 100, 100);
  /* Overlap 50 × 100 over 150 × 100: IoU 1/3, no match at 0.5. */
  add_box (b, "b2", "car", 1050, 0, 100, 100);
  /* The same box, another label: relabelled, not removed and added. */
  add_box (b, "b3", "truck", 2000, 0, 100, 100);

  diff = diff_of (a, b, NULL);
  assert_partition (diff, a, b);
  g_assert_cmpuint (limn_region_diff_get_n_changes (diff), ==, 4);

  c = limn_region_diff_change_of_a (diff, 0);
  g_assert_cmpstr (c->b->id, ==, "b1");
  g_assert_false (c->by_id);
  g_assert_cmpint (c->flags, ==, LIMN_REGION_DIFF_MOVED);
  g_assert_cmpfloat_with_epsilon (c->iou, 9.0 / 11.0, 1e-12);

  g_assert_cmpint (limn_region_diff_change_of_a (diff, 1)->flags, ==, LIMN_REGION_DIFF_REMOVED);
  g_assert_cmpint (limn_region_diff_change_of_b (diff, 1)->flags, ==, LIMN_REGION_DIFF_ADDED);

  c = limn_region_diff_change_of_a (diff, 2);
  g_assert_cmpstr (c->b->id, ==, "b3");
  g_assert_cmpint (c->flags, ==, LIMN_REGION_DIFF_RELABELLED);

  /* A lower threshold pairs the 1/3 overlap too. */
  {
    LimnRegionDiffOptions options;
    g_autoptr(LimnRegionDiff) loose = NULL;

    limn_region_diff_options_init (&options);
    options.min_iou = 0.3;
    loose = diff_of (a, b, &options);
    g_assert_cmpuint (limn_region_diff_get_n_changes (loose), ==, 3);
    g_assert_cmpstr (limn_region_diff_change_of_a (loose, 1)->b->id, ==, "b2");
  }
}

/* Greedy best-IoU-first would pair a2 with b1 (IoU 9/11) and leave a1 and b2
 * alone; the optimal matcher pairs a1–b1 (8/12) and a2–b2 (7/13). */
static void
test_optimal (void)
{
  g_autoptr(GPtrArray) a = region_list ();
  g_autoptr(GPtrArray) b = region_list ();
  g_autoptr(LimnRegionDiff) diff = NULL;

  add_box (a, "a1", "car", 0, 0, 10, 10);
  add_box (a, "a2", "car", 3, 0, 10, 10);
  add_box (b, "b1", "car", 2, 0, 10, 10);
  add_box (b, "b2", "car", 6, 0, 10, 10);

  diff = diff_of (a, b, NULL);
  assert_partition (diff, a, b);
  g_assert_cmpuint (limn_region_diff_get_n_changes (diff), ==, 2);
  g_assert_cmpstr (limn_region_diff_change_of_a (diff, 0)->b->id, ==, "b1");
  g_assert_cmpstr (limn_region_diff_change_of_a (diff, 1)->b->id, ==, "b2");
  g_assert_cmpfloat_with_epsilon (limn_region_diff_change_of_a (diff, 0)->iou, 8.0 / 12.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (limn_region_diff_change_of_a (diff, 1)->iou, 7.0 / 13.0, 1e-12);
}

static void
test_spans (void)
{
  g_autoptr(GPtrArray) a = region_list ();
  g_autoptr(GPtrArray) b = region_list ();
  g_autoptr(LimnRegionDiff) diff = NULL;
  const LimnRegionChange *c;

  add_span (a, "s1", "per", 0, 5);
  add_span (a, "s2", "loc", 10, 20);
  add_span (a, "s3", "org", 40, 50);
  add_span (a, "s4", "org", 70, 75);

  add_span (b, "t1", "per", 0, 5);     /* same offsets, another id */
  add_span (b, "s2", "loc", 12, 20);   /* by id, shorter */
  add_span (b, "t3", "per", 48, 60);   /* overlaps s3 by 2 of 20: a pair, relabelled */
  add_span (b, "t4", "org", 30, 35);   /* added */
  /* s4 removed */

  diff = diff_of (a, b, NULL);
  assert_partition (diff, a, b);
  g_assert_cmpuint (limn_region_diff_get_n_changes (diff), ==, 5);

  c = limn_region_diff_change_of_a (diff, 0);
  g_assert_cmpstr (c->b->id, ==, "t1");
  g_assert_false (c->by_id);
  g_assert_cmpint (c->flags, ==, LIMN_REGION_DIFF_UNCHANGED);

  c = limn_region_diff_change_of_a (diff, 1);
  g_assert_true (c->by_id);
  g_assert_cmpint (c->flags, ==, LIMN_REGION_DIFF_MOVED);
  g_assert_cmpfloat_with_epsilon (c->iou, 0.8, 1e-12);

  c = limn_region_diff_change_of_a (diff, 2);
  g_assert_cmpstr (c->b->id, ==, "t3");
  g_assert_cmpint (c->flags, ==, LIMN_REGION_DIFF_MOVED | LIMN_REGION_DIFF_RELABELLED);
  g_assert_cmpfloat_with_epsilon (c->iou, 0.1, 1e-12);

  g_assert_cmpint (limn_region_diff_change_of_a (diff, 3)->flags, ==, LIMN_REGION_DIFF_REMOVED);
  g_assert_cmpint (limn_region_diff_change_of_b (diff, 3)->flags, ==, LIMN_REGION_DIFF_ADDED);
}

/* One id on a box and on a span names two things: no pair. */
static void
test_same_id_other_kind (void)
{
  g_autoptr(GPtrArray) a = region_list ();
  g_autoptr(GPtrArray) b = region_list ();
  g_autoptr(LimnRegionDiff) diff = NULL;

  add_box (a, "x", "car", 0, 0, 10, 10);
  add_span (b, "x", "car", 0, 10);

  diff = diff_of (a, b, NULL);
  assert_partition (diff, a, b);
  g_assert_cmpuint (limn_region_diff_count (diff, LIMN_REGION_DIFF_REMOVED), ==, 1);
  g_assert_cmpuint (limn_region_diff_count (diff, LIMN_REGION_DIFF_ADDED), ==, 1);
}

static void
test_duplicates (void)
{
  g_autoptr(GPtrArray) a = region_list ();
  g_autoptr(GPtrArray) b = region_list ();
  g_autoptr(LimnRegionDiff) diff = NULL;
  g_autoptr(GPtrArray) c = region_list ();
  g_autoptr(GPtrArray) d = region_list ();
  g_autoptr(LimnRegionDiff) copies = NULL;

  /* "d" twice in A: the first pairs by id (and moved), the second is left
   * to geometry, where B has nothing left: removed. */
  add_box (a, "d", "car", 0, 0, 10, 10);
  add_box (a, "d", "car", 100, 100, 10, 10);
  add_box (b, "d", "car", 100, 100, 10, 10);

  diff = diff_of (a, b, NULL);
  assert_partition (diff, a, b);
  g_assert_cmpuint (limn_region_diff_change_of_a (diff, 0)->index_b, ==, 0);
  g_assert_cmpint (limn_region_diff_change_of_a (diff, 0)->flags, ==, LIMN_REGION_DIFF_MOVED);
  g_assert_cmpint (limn_region_diff_change_of_a (diff, 1)->flags, ==, LIMN_REGION_DIFF_REMOVED);

  /* A copy pasted in B: the first "d" pairs by id, the copy is added. */
  add_box (c, "d", "car", 0, 0, 10, 10);
  add_box (d, "d", "car", 0, 0, 10, 10);
  add_box (d, "d", "car", 0, 0, 10, 10);
  copies = diff_of (c, d, NULL);
  assert_partition (copies, c, d);
  g_assert_cmpint (limn_region_diff_change_of_b (copies, 0)->flags, ==, LIMN_REGION_DIFF_UNCHANGED);
  g_assert_cmpint (limn_region_diff_change_of_b (copies, 1)->flags, ==, LIMN_REGION_DIFF_ADDED);
}

static void
test_invalid_and_tolerance (void)
{
  g_autoptr(GPtrArray) a = region_list ();
  g_autoptr(GPtrArray) b = region_list ();
  g_autoptr(LimnRegionDiff) diff = NULL;
  g_autoptr(LimnRegionDiff) strict = NULL;
  g_autoptr(LimnRegionDiff) bad = NULL;
  g_autoptr(GError) error = NULL;
  LimnRegionDiffOptions options;

  /* An empty box and a reversed span take no part in geometry. */
  add_box (a, "z", "car", 50, 50, 0, 10);
  add_span (a, "q", "per", 9, 3);
  add_box (a, "k", "car", 0, 0, 10, 10);
  add_box (b, "w", "car", 50, 50, 1, 10);
  add_span (b, "v", "per", 3, 9);
  add_box (b, "k", "car", 0.3, 0, 10, 10);

  diff = diff_of (a, b, NULL);
  assert_partition (diff, a, b);
  g_assert_cmpint (limn_region_diff_change_of_a (diff, 0)->flags, ==, LIMN_REGION_DIFF_REMOVED);
  g_assert_cmpint (limn_region_diff_change_of_a (diff, 1)->flags, ==, LIMN_REGION_DIFF_REMOVED);
  /* 0.3 px is within the default half pixel. */
  g_assert_cmpint (limn_region_diff_change_of_a (diff, 2)->flags, ==, LIMN_REGION_DIFF_UNCHANGED);

  limn_region_diff_options_init (&options);
  options.move_tolerance = 0;
  strict = diff_of (a, b, &options);
  g_assert_cmpint (limn_region_diff_change_of_a (strict, 2)->flags, ==, LIMN_REGION_DIFF_MOVED);

  /* Without ids, "k" still pairs by geometry. */
  options.match_ids = FALSE;
  g_clear_pointer (&strict, limn_region_diff_unref);
  strict = diff_of (a, b, &options);
  g_assert_false (limn_region_diff_change_of_a (strict, 2)->by_id);
  g_assert_cmpuint (limn_region_diff_change_of_a (strict, 2)->index_b, ==, 2);

  options.min_iou = 0;
  bad = limn_region_diff_new (a, b, &options, &error);
  g_assert_null (bad);
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/region-diff/empty", test_empty);
  g_test_add_func ("/region-diff/revision", test_revision);
  g_test_add_func ("/region-diff/geometry", test_geometry);
  g_test_add_func ("/region-diff/optimal", test_optimal);
  g_test_add_func ("/region-diff/spans", test_spans);
  g_test_add_func ("/region-diff/same-id-other-kind", test_same_id_other_kind);
  g_test_add_func ("/region-diff/duplicates", test_duplicates);
  g_test_add_func ("/region-diff/invalid-and-tolerance", test_invalid_and_tolerance);

  return g_test_run ();
}
