/* test-geometry.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "model/limn-geometry.h"

static void
assert_box (LimnBox b,
            double  x,
            double  y,
            double  w,
            double  h)
{
  g_assert_cmpfloat_with_epsilon (b.x, x, 1e-9);
  g_assert_cmpfloat_with_epsilon (b.y, y, 1e-9);
  g_assert_cmpfloat_with_epsilon (b.w, w, 1e-9);
  g_assert_cmpfloat_with_epsilon (b.h, h, 1e-9);
}

static void
test_corners (void)
{
  /* Dragging up and to the left gives the same box as down and right. */
  assert_box (limn_box_from_corners (10, 20, 4, 5), 4, 5, 6, 15);
  assert_box (limn_box_from_corners (4, 5, 10, 20), 4, 5, 6, 15);

  {
    LimnBox negative = { 10, 10, -4, -6 };
    assert_box (limn_box_normalize (&negative), 6, 4, 4, 6);
  }
}

static void
test_validity (void)
{
  LimnBox ok = { 0, 0, 500, 338 };
  LimnBox outside = { 490, 0, 20, 10 };
  LimnBox empty = { 10, 10, 0, 5 };
  LimnBox negative = { -1, 0, 5, 5 };
  LimnBox nan_box = { NAN, 0, 5, 5 };
  LimnBox inf_box = { 0, 0, INFINITY, 5 };

  g_assert_true (limn_box_is_valid (&ok, 500, 338));
  g_assert_false (limn_box_is_valid (&outside, 500, 338));
  g_assert_false (limn_box_is_valid (&empty, 500, 338));
  g_assert_false (limn_box_is_valid (&negative, 500, 338));
  g_assert_false (limn_box_is_valid (&nan_box, 500, 338));
  g_assert_false (limn_box_is_valid (&inf_box, 500, 338));
}

static void
test_clamp_and_translate (void)
{
  LimnBox b = { -10, 300, 50, 100 };
  LimnBox inside = { 10, 10, 100, 50 };

  assert_box (limn_box_clamp (&b, 500, 338), 0, 300, 40, 38);

  /* Moving past an edge slides along it and keeps the size. */
  assert_box (limn_box_translate_within (&inside, 1000, -50, 500, 338), 400, 0, 100, 50);
  assert_box (limn_box_translate_within (&inside, 5, 5, 500, 338), 15, 15, 100, 50);
}

static void
test_iou (void)
{
  LimnBox a = { 0, 0, 10, 10 };
  LimnBox b = { 5, 0, 10, 10 };
  LimnBox c = { 20, 20, 5, 5 };

  g_assert_cmpfloat_with_epsilon (limn_box_iou (&a, &a), 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (limn_box_iou (&a, &b), 50.0 / 150.0, 1e-12);
  g_assert_cmpfloat (limn_box_iou (&a, &c), ==, 0.0);
  g_assert_true (limn_box_intersects (&a, &b));
  g_assert_false (limn_box_intersects (&a, &c));
}

static void
test_handles (void)
{
  LimnBox b = { 100, 100, 200, 100 };

  g_assert_cmpint (limn_box_hit_handle (&b, 100, 100, 4), ==, LIMN_HANDLE_TOP_LEFT);
  g_assert_cmpint (limn_box_hit_handle (&b, 302, 198, 4), ==, LIMN_HANDLE_BOTTOM_RIGHT);
  g_assert_cmpint (limn_box_hit_handle (&b, 200, 101, 4), ==, LIMN_HANDLE_TOP);
  g_assert_cmpint (limn_box_hit_handle (&b, 300, 150, 4), ==, LIMN_HANDLE_RIGHT);
  g_assert_cmpint (limn_box_hit_handle (&b, 200, 199, 4), ==, LIMN_HANDLE_BOTTOM);
  g_assert_cmpint (limn_box_hit_handle (&b, 99, 150, 4), ==, LIMN_HANDLE_LEFT);
  g_assert_cmpint (limn_box_hit_handle (&b, 150, 150, 4), ==, LIMN_HANDLE_BODY);
  g_assert_cmpint (limn_box_hit_handle (&b, 50, 50, 4), ==, LIMN_HANDLE_NONE);

  /* A box smaller than the tolerance still gets a corner handle, not the body. */
  {
    LimnBox tiny = { 10, 10, 2, 2 };
    g_assert_cmpint (limn_box_hit_handle (&tiny, 11, 11, 4), ==, LIMN_HANDLE_TOP_LEFT);
  }
}

static void
test_drag (void)
{
  LimnBox b = { 100, 100, 200, 100 };

  assert_box (limn_box_drag_handle (&b, LIMN_HANDLE_BOTTOM_RIGHT, 10, 20, 1), 100, 100, 210, 120);
  assert_box (limn_box_drag_handle (&b, LIMN_HANDLE_LEFT, -50, 999, 1), 50, 100, 250, 100);
  assert_box (limn_box_drag_handle (&b, LIMN_HANDLE_BODY, 5, -5, 1), 105, 95, 200, 100);
  /* Dragging the left edge past the right one flips the box. */
  assert_box (limn_box_drag_handle (&b, LIMN_HANDLE_LEFT, 250, 0, 1), 300, 100, 50, 100);
  /* Never thinner than the minimum. */
  assert_box (limn_box_drag_handle (&b, LIMN_HANDLE_RIGHT, -200, 0, 2), 100, 100, 2, 100);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/geometry/corners", test_corners);
  g_test_add_func ("/geometry/validity", test_validity);
  g_test_add_func ("/geometry/clamp-translate", test_clamp_and_translate);
  g_test_add_func ("/geometry/iou", test_iou);
  g_test_add_func ("/geometry/handles", test_handles);
  g_test_add_func ("/geometry/drag", test_drag);

  return g_test_run ();
}
