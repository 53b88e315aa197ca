/* test-training.c
 *
 * Training as the annotator sees it (docs/training.md): the status from
 * the settings JSON in words, the differences between a training answer
 * and gold (right, missed, extra, wrong label with IoU; spans by overlap),
 * and the guideline passage for a label.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "analytics/limn-training.h"
#include "model/limn-label.h"

#define CAR    "22222222-2222-4222-8222-222222222201"
#define PERSON "22222222-2222-4222-8222-222222222202"

static void
add_box (GPtrArray  *list,
         const char *label,
         double      x,
         double      y,
         double      w,
         double      h)
{
  LimnBox box = { x, y, w, h };
  g_autofree char *id = g_uuid_string_random ();

  g_ptr_array_add (list, limn_region_new_box (id, label, &box));
}

static LimnProject *
project (void)
{
  LimnProject *p = limn_project_new ("11111111-1111-4111-8111-111111111111", "Streets", LIMN_PROJECT_IMAGE);
  g_autoptr(LimnLabel) car = limn_label_new (CAR, "Car", "#e66100", NULL);
  g_autoptr(LimnLabel) person = limn_label_new (PERSON, "Person", "#3584e4", NULL);

  limn_project_add_label (p, car);
  limn_project_add_label (p, person);
  return p;
}

static void
test_status (void)
{
  g_autoptr(LimnTrainingStatus) none = limn_training_status_from_settings ("{\"overlap\": 1}");
  g_autoptr(LimnTrainingStatus) fresh = limn_training_status_from_settings (
    "{\"qualification\": {\"min_accuracy\": 0.8, \"gold_items\": 20}}");
  g_autoptr(LimnTrainingStatus) mid = limn_training_status_from_settings (
    "{\"qualification\": {\"min_accuracy\": 0.8, \"gold_items\": 20},"
    " \"qualification_status\": {\"passed\": false, \"scored\": 14, \"right\": 12,"
    " \"failed_attempts\": 0, \"training_scored\": 14, \"training_right\": 12, \"task_id\": \"t\"}}");
  g_autoptr(LimnTrainingStatus) passed = limn_training_status_from_settings (
    "{\"qualification\": {\"min_accuracy\": 0.8, \"gold_items\": 20},"
    " \"qualification_status\": {\"passed\": true, \"scored\": 20, \"right\": 18}}");
  g_autofree char *s_fresh = limn_training_status_describe (fresh);
  g_autofree char *s_mid = limn_training_status_describe (mid);
  g_autofree char *s_passed = limn_training_status_describe (passed);

  g_assert_null (limn_training_status_from_settings (NULL));
  g_assert_null (limn_training_status_from_settings ("[1]"));
  g_assert_false (limn_training_status_in_training (none));
  g_assert_null (limn_training_status_describe (none));

  g_assert_true (limn_training_status_in_training (fresh));
  g_assert_cmpstr (s_fresh, ==, "Qualification: 20 gold items to go — passes at 80 %");
  g_assert_true (limn_training_status_in_training (mid));
  g_assert_cmpstr (mid->task_id, ==, "t");
  /* 12 of 14 is 85.7 %. */
  g_assert_cmpstr (s_mid, ==, "Qualification: 14 of 20 gold items, 86 % — passes at 80 %");
  g_assert_false (limn_training_status_in_training (passed));
  g_assert_cmpstr (s_passed, ==, "Qualified: 18 of 20 gold items right");
}

static void
test_differences (void)
{
  g_autoptr(LimnProject) p = project ();
  g_autoptr(GPtrArray) gold = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_region_unref);
  g_autoptr(GPtrArray) given = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_region_unref);
  g_autoptr(LimnTrainingFeedback) f = NULL;
  g_auto(GStrv) labels = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *l0 = NULL, *l1 = NULL, *l2 = NULL, *l3 = NULL;

  add_box (gold, CAR, 0, 0, 10, 10);        /* right */
  add_box (gold, CAR, 100, 100, 10, 10);    /* given as Person */
  add_box (gold, PERSON, 200, 0, 10, 10);   /* missed */
  add_box (given, CAR, 1, 0, 10, 10);       /* IoU 90/110 */
  add_box (given, PERSON, 100, 100, 10, 10);
  add_box (given, PERSON, 300, 300, 5, 5);  /* extra */

  f = limn_training_feedback_new (gold, given, 0.5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (limn_training_feedback_get_n (f), ==, 4);
  g_assert_false (limn_training_feedback_all_right (f));

  g_assert_cmpint (limn_training_feedback_get (f, 0)->kind, ==, LIMN_TRAINING_MATCH);
  g_assert_cmpfloat_with_epsilon (limn_training_feedback_get (f, 0)->iou, 90.0 / 110.0, 1e-9);
  g_assert_cmpint (limn_training_feedback_get (f, 1)->kind, ==, LIMN_TRAINING_WRONG_LABEL);
  g_assert_cmpint (limn_training_feedback_get (f, 2)->kind, ==, LIMN_TRAINING_MISSED);
  g_assert_cmpint (limn_training_feedback_get (f, 3)->kind, ==, LIMN_TRAINING_EXTRA);

  l0 = limn_training_difference_describe (limn_training_feedback_get (f, 0), p);
  l1 = limn_training_difference_describe (limn_training_feedback_get (f, 1), p);
  l2 = limn_training_difference_describe (limn_training_feedback_get (f, 2), p);
  l3 = limn_training_difference_describe (limn_training_feedback_get (f, 3), p);
  g_assert_cmpstr (l0, ==, "Car: right (IoU 0.82)");
  g_assert_cmpstr (l1, ==, "Car given as Person (IoU 1.00)");
  g_assert_cmpstr (l2, ==, "Person box missed");
  g_assert_cmpstr (l3, ==, "Extra Person box");

  labels = limn_training_feedback_label_ids (f);
  g_assert_cmpuint (g_strv_length (labels), ==, 2);
  g_assert_cmpstr (labels[0], ==, CAR);
  g_assert_cmpstr (labels[1], ==, PERSON);
}

static void
test_spans (void)
{
  g_autoptr(GPtrArray) gold = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_region_unref);
  g_autoptr(GPtrArray) given = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_region_unref);
  g_autoptr(LimnTrainingFeedback) f = NULL;

  g_ptr_array_add (gold, limn_region_new_span ("a", PERSON, 0, 10, NULL));
  g_ptr_array_add (given, limn_region_new_span ("b", PERSON, 5, 10, NULL));
  f = limn_training_feedback_new (gold, given, 0.5, NULL);
  g_assert_cmpuint (limn_training_feedback_get_n (f), ==, 1);
  g_assert_true (limn_training_feedback_all_right (f));
  g_assert_cmpfloat_with_epsilon (limn_training_feedback_get (f, 0)->iou, 0.5, 1e-9);
}

static void
test_passage (void)
{
  const char *md =
    "# Street scenes\n\nBox every road user.\n\n"
    "## Cars\n\nBox the whole car, mirrors included.\n\n### Parked cars\n\nThese too.\n\n"
    "## Person\n\nPeople on foot.\n```\n# not a heading\n```\nEnd.\n\n"
    "## Carriages\n\nNot cars.\n";
  g_autofree char *car = limn_training_guideline_passage (md, "Car");
  g_autofree char *cars = limn_training_guideline_passage (md, "cars");
  g_autofree char *person = limn_training_guideline_passage (md, "person");

  /* "Cars" names Car (a plural s), "Carriages" does not. */
  g_assert_cmpstr (car, ==, cars);
  g_assert_cmpstr (cars, ==, "## Cars\n\nBox the whole car, mirrors included.\n\n### Parked cars\n\nThese too.");
  g_assert_cmpstr (person, ==, "## Person\n\nPeople on foot.\n```\n# not a heading\n```\nEnd.");
  g_assert_null (limn_training_guideline_passage (NULL, "Car"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/training/status", test_status);
  g_test_add_func ("/training/differences", test_differences);
  g_test_add_func ("/training/spans", test_spans);
  g_test_add_func ("/training/passage", test_passage);

  return g_test_run ();
}
