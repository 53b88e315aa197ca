/* test-guardrails.c
 *
 * Every guardrail rule with a case that trips it and one that does not,
 * plus the parser's refusals (docs/guardrails.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "json/limn-json-reader.h"
#include "model/limn-guardrails.h"
#include "store/limn-store.h"
#include "store/limn-store-accounts.h"
#include "limn-test-util.h"

#define CAR    "00000000-0000-4000-8000-00000000000a"
#define PERSON "00000000-0000-4000-8000-00000000000b"
#define LOC    "00000000-0000-4000-8000-00000000000c"

static LimnGuardrails *
rules_for (const char *json)
{
  g_autoptr(GError) error = NULL;
  LimnGuardrails *rules = limn_guardrails_new_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rules);
  limn_guardrails_add_label (rules, CAR, "Car", "Voiture");
  limn_guardrails_add_label (rules, PERSON, "Person", NULL);
  limn_guardrails_add_label (rules, LOC, "Location", NULL);
  return rules;
}

static LimnRegion *
box (const char *n,
     const char *label,
     double      x,
     double      y,
     double      w,
     double      h)
{
  g_autofree char *id = g_strdup_printf ("00000000-0000-4000-8000-0000000001%s", n);
  LimnBox b = { x, y, w, h };

  return limn_region_new_box (id, label, &b);
}

static LimnRegion *
span (const char *n,
      const char *label,
      gint64      start,
      gint64      end)
{
  g_autofree char *id = g_strdup_printf ("00000000-0000-4000-8000-0000000002%s", n);

  return limn_region_new_span (id, label, start, end, "");
}

static GPtrArray *
regions_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) limn_region_unref);
}

static GPtrArray *
check_image (LimnGuardrails *rules,
             GPtrArray      *regions)
{
  LimnGuardrailsTask task = { LIMN_TASK_IMAGE, 500, 338, NULL };
  GPtrArray *findings = NULL;

  limn_guardrails_check (rules, &task, regions, &findings);
  return findings;
}

static GPtrArray *
check_text (LimnGuardrails *rules,
            const char     *text,
            GPtrArray      *regions)
{
  g_autoptr(LimnTextIndex) index = limn_text_index_new (text, -1, NULL);
  LimnGuardrailsTask task = { LIMN_TASK_TEXT, 0, 0, index };
  GPtrArray *findings = NULL;

  limn_guardrails_check (rules, &task, regions, &findings);
  return findings;
}

static const LimnGuardrailFinding *
only (GPtrArray *findings)
{
  g_assert_cmpuint (findings->len, ==, 1);
  return g_ptr_array_index (findings, 0);
}

static void
test_required_label (void)
{
  g_autoptr(LimnGuardrails) rules =
    rules_for ("{\"rules\": ["
               " {\"id\": \"need-car\", \"rule\": \"required_label\", \"severity\": \"block\","
               "  \"label\": \"Car\"},"
               " {\"id\": \"any\", \"rule\": \"required_label\", \"severity\": \"warn\"}]}");
  g_autoptr(GPtrArray) empty = regions_new ();
  g_autoptr(GPtrArray) people = regions_new ();
  g_autoptr(GPtrArray) cars = regions_new ();
  g_autoptr(GPtrArray) f1 = NULL, f2 = NULL, f3 = NULL;
  const LimnGuardrailFinding *f;

  f1 = check_image (rules, empty);
  g_assert_cmpuint (f1->len, ==, 2);
  f = g_ptr_array_index (f1, 0);
  g_assert_cmpstr (f->rule_id, ==, "need-car");
  g_assert_cmpint (f->severity, ==, LIMN_GUARDRAIL_BLOCK);
  /* The label in words, as the user sees it (its display name). */
  g_assert_nonnull (strstr (f->message, "Voiture"));
  g_assert_cmpuint (g_strv_length (f->region_ids), ==, 0);
  f = g_ptr_array_index (f1, 1);
  g_assert_cmpstr (f->rule_id, ==, "any");
  g_assert_cmpint (f->severity, ==, LIMN_GUARDRAIL_WARN);
  g_assert_true (limn_guardrails_any_block (f1));

  g_ptr_array_add (people, box ("01", PERSON, 10, 10, 50, 50));
  f2 = check_image (rules, people);
  g_assert_cmpstr (only (f2)->rule_id, ==, "need-car");

  g_ptr_array_add (cars, box ("01", CAR, 10, 10, 50, 50));
  f3 = check_image (rules, cars);
  g_assert_cmpuint (f3->len, ==, 0);
  g_assert_false (limn_guardrails_any_block (f3));
}

static void
test_required_count (void)
{
  g_autoptr(LimnGuardrails) rules =
    rules_for ("{\"rules\": [{\"id\": \"two\", \"rule\": \"required_label\", \"severity\": \"warn\","
               " \"label\": \"Person\", \"min_count\": 2}]}");
  g_autoptr(GPtrArray) regions = regions_new ();
  g_autoptr(GPtrArray) f1 = NULL, f2 = NULL;

  g_ptr_array_add (regions, box ("01", PERSON, 10, 10, 50, 50));
  f1 = check_image (rules, regions);
  g_assert_nonnull (strstr (only (f1)->message, "Only 1 region is labeled “Person”"));

  g_ptr_array_add (regions, box ("02", PERSON, 100, 10, 50, 50));
  f2 = check_image (rules, regions);
  g_assert_cmpuint (f2->len, ==, 0);
}

static void
test_box_area (void)
{
  g_autoptr(LimnGuardrails) rules =
    rules_for ("{\"rules\": [{\"id\": \"shape\", \"rule\": \"box_shape\", \"severity\": \"block\","
               " \"min_area\": 16}]}");
  g_autoptr(GPtrArray) tiny = regions_new ();
  g_autoptr(GPtrArray) fine = regions_new ();
  g_autoptr(GPtrArray) f1 = NULL, f2 = NULL;
  const LimnGuardrailFinding *f;

  g_ptr_array_add (tiny, box ("01", CAR, 10, 10, 3, 3));
  f1 = check_image (rules, tiny);
  f = only (f1);
  g_assert_cmpstr (f->region_ids[0], ==, "00000000-0000-4000-8000-000000000101");
  g_assert_nonnull (strstr (f->message, "9 px²"));

  g_ptr_array_add (fine, box ("01", CAR, 10, 10, 4, 4));
  f2 = check_image (rules, fine);
  g_assert_cmpuint (f2->len, ==, 0);
}

static void
test_box_aspect (void)
{
  g_autoptr(LimnGuardrails) rules =
    rules_for ("{\"rules\": [{\"id\": \"shape\", \"rule\": \"box_shape\", \"severity\": \"warn\","
               " \"min_aspect\": 0.1, \"max_aspect\": 10}]}");
  g_autoptr(GPtrArray) thin = regions_new ();
  g_autoptr(GPtrArray) tall = regions_new ();
  g_autoptr(GPtrArray) fine = regions_new ();
  g_autoptr(GPtrArray) f1 = NULL, f2 = NULL, f3 = NULL;

  g_ptr_array_add (thin, box ("01", CAR, 10, 10, 200, 10));
  f1 = check_image (rules, thin);
  g_assert_cmpstr (only (f1)->rule_id, ==, "shape");

  g_ptr_array_add (tall, box ("01", CAR, 10, 10, 5, 100));
  f2 = check_image (rules, tall);
  g_assert_cmpuint (f2->len, ==, 1);

  g_ptr_array_add (fine, box ("01", CAR, 10, 10, 100, 10));
  f3 = check_image (rules, fine);
  g_assert_cmpuint (f3->len, ==, 0);
}

static void
test_box_outside (void)
{
  g_autoptr(LimnGuardrails) rules =
    rules_for ("{\"rules\": [{\"id\": \"inside\", \"rule\": \"box_shape\", \"severity\": \"block\","
               " \"outside_tolerance\": 2}]}");
  g_autoptr(GPtrArray) out = regions_new ();
  g_autoptr(GPtrArray) within = regions_new ();
  g_autoptr(GPtrArray) f1 = NULL, f2 = NULL;

  /* 500 × 338: 5 px past the right edge, then 2 px (within tolerance). */
  g_ptr_array_add (out, box ("01", CAR, 455, 10, 50, 50));
  f1 = check_image (rules, out);
  g_assert_nonnull (strstr (only (f1)->message, "5 px outside"));

  g_ptr_array_add (within, box ("01", CAR, 452, 10, 50, 50));
  g_ptr_array_add (within, box ("02", CAR, -1, -2, 50, 50));
  f2 = check_image (rules, within);
  g_assert_cmpuint (f2->len, ==, 0);
}

static void
test_duplicate_box (void)
{
  g_autoptr(LimnGuardrails) rules =
    rules_for ("{\"rules\": [{\"id\": \"dup\", \"rule\": \"duplicate_box\", \"severity\": \"warn\","
               " \"iou\": 0.8}]}");
  g_autoptr(GPtrArray) dup = regions_new ();
  g_autoptr(GPtrArray) other_label = regions_new ();
  g_autoptr(GPtrArray) apart = regions_new ();
  g_autoptr(GPtrArray) f1 = NULL, f2 = NULL, f3 = NULL;
  const LimnGuardrailFinding *f;

  /* IoU 90/100 = 0.9, with boxes elsewhere the sweep must skip. */
  g_ptr_array_add (dup, box ("01", CAR, 300, 10, 10, 10));
  g_ptr_array_add (dup, box ("02", CAR, 100, 100, 100, 100));
  g_ptr_array_add (dup, box ("03", CAR, 0, 0, 10, 10));
  g_ptr_array_add (dup, box ("04", CAR, 100, 110, 100, 90));
  f1 = check_image (rules, dup);
  f = only (f1);
  g_assert_cmpuint (g_strv_length (f->region_ids), ==, 2);
  g_assert_true (g_strv_contains ((const char * const *) f->region_ids,
                                  "00000000-0000-4000-8000-000000000102"));
  g_assert_true (g_strv_contains ((const char * const *) f->region_ids,
                                  "00000000-0000-4000-8000-000000000104"));
  g_assert_nonnull (strstr (f->message, "Voiture"));

  /* The same place with another label is not a duplicate. */
  g_ptr_array_add (other_label, box ("01", CAR, 100, 100, 100, 100));
  g_ptr_array_add (other_label, box ("02", PERSON, 100, 100, 100, 100));
  f2 = check_image (rules, other_label);
  g_assert_cmpuint (f2->len, ==, 0);

  /* IoU 0.5: below the threshold. */
  g_ptr_array_add (apart, box ("01", CAR, 100, 100, 100, 100));
  g_ptr_array_add (apart, box ("02", CAR, 133.3333, 100, 100, 100));
  f3 = check_image (rules, apart);
  g_assert_cmpuint (f3->len, ==, 0);
}

static void
test_span_cuts_word (void)
{
  g_autoptr(LimnGuardrails) rules =
    rules_for ("{\"rules\": [{\"id\": \"words\", \"rule\": \"span_words\", \"severity\": \"warn\","
               " \"edge_whitespace\": false}]}");
  /* Code points: "Élodie" 0–6, "visited" 7–14, "Zürich" 15–21, then an
   * emoji (one code point), then Japanese. */
  const char *text = "Élodie visited Zürich 🙂 東京都に行った";
  g_autoptr(GPtrArray) cut_start = regions_new ();
  g_autoptr(GPtrArray) cut_end = regions_new ();
  g_autoptr(GPtrArray) whole = regions_new ();
  g_autoptr(GPtrArray) f1 = NULL, f2 = NULL, f3 = NULL;

  g_ptr_array_add (cut_start, span ("01", LOC, 16, 21));           /* "ürich" */
  f1 = check_text (rules, text, cut_start);
  g_assert_nonnull (strstr (only (f1)->message, "“ürich” cuts a word"));

  g_ptr_array_add (cut_end, span ("01", PERSON, 0, 3));             /* "Élo" */
  f2 = check_text (rules, text, cut_end);
  g_assert_cmpuint (f2->len, ==, 1);

  g_ptr_array_add (whole, span ("01", PERSON, 0, 6));               /* "Élodie" */
  g_ptr_array_add (whole, span ("02", LOC, 15, 21));                /* "Zürich" */
  g_ptr_array_add (whole, span ("03", LOC, 24, 26));                /* "東京": no spaces in Japanese */
  f3 = check_text (rules, text, whole);
  g_assert_cmpuint (f3->len, ==, 0);
}

static void
test_span_edge_space (void)
{
  g_autoptr(LimnGuardrails) rules =
    rules_for ("{\"rules\": [{\"id\": \"words\", \"rule\": \"span_words\", \"severity\": \"block\","
               " \"cut_word\": false}]}");
  const char *text = "Élodie visited Zürich";
  g_autoptr(GPtrArray) spaced = regions_new ();
  g_autoptr(GPtrArray) tight = regions_new ();
  g_autoptr(GPtrArray) f1 = NULL, f2 = NULL;

  g_ptr_array_add (spaced, span ("01", LOC, 14, 21));               /* " Zürich" */
  f1 = check_text (rules, text, spaced);
  g_assert_nonnull (strstr (only (f1)->message, "starts or ends with a space"));
  g_assert_cmpint (only (f1)->severity, ==, LIMN_GUARDRAIL_BLOCK);

  g_ptr_array_add (tight, span ("01", LOC, 15, 21));
  f2 = check_text (rules, text, tight);
  g_assert_cmpuint (f2->len, ==, 0);
}

static void
test_span_overlap (void)
{
  g_autoptr(LimnGuardrails) set_rule =
    rules_for ("{\"rules\": [{\"id\": \"ov\", \"rule\": \"span_overlap\", \"severity\": \"block\","
               " \"labels\": [\"Person\", \"Location\"]}]}");
  g_autoptr(LimnGuardrails) pair_rule =
    rules_for ("{\"rules\": [{\"id\": \"ov\", \"rule\": \"span_overlap\", \"severity\": \"warn\","
               " \"pairs\": [[\"Car\", \"Location\"]]}]}");
  const char *text = "New York Times Square";
  g_autoptr(GPtrArray) overlapping = regions_new ();
  g_autoptr(GPtrArray) touching = regions_new ();
  g_autoptr(GPtrArray) f1 = NULL, f2 = NULL, f3 = NULL;

  g_ptr_array_add (overlapping, span ("01", LOC, 0, 8));            /* "New York" */
  g_ptr_array_add (overlapping, span ("02", PERSON, 4, 14));        /* "York Times" */
  f1 = check_text (set_rule, text, overlapping);
  g_assert_cmpuint (g_strv_length (only (f1)->region_ids), ==, 2);
  g_assert_nonnull (strstr (only (f1)->message, "“Location” span and the “Person” span"));

  /* The pair rule forbids only Car with Location. */
  f2 = check_text (pair_rule, text, overlapping);
  g_assert_cmpuint (f2->len, ==, 0);

  /* End-exclusive: spans that only touch do not overlap. */
  g_ptr_array_add (touching, span ("01", LOC, 0, 8));
  g_ptr_array_add (touching, span ("02", PERSON, 8, 14));
  f3 = check_text (set_rule, text, touching);
  g_assert_cmpuint (f3->len, ==, 0);
}

static void
test_value_range (void)
{
  g_autoptr(LimnGuardrails) rules =
    rules_for ("{\"rules\": [{\"id\": \"conf\", \"rule\": \"value_range\", \"severity\": \"warn\","
               " \"field\": \"confidence\", \"min\": 0.4, \"required\": true}]}");
  g_autoptr(GPtrArray) low = regions_new ();
  g_autoptr(GPtrArray) unset = regions_new ();
  g_autoptr(GPtrArray) fine = regions_new ();
  g_autoptr(GPtrArray) f1 = NULL, f2 = NULL, f3 = NULL;
  LimnRegion *r;

  r = box ("01", CAR, 10, 10, 50, 50);
  r->confidence = 0.2;
  g_ptr_array_add (low, r);
  f1 = check_image (rules, low);
  g_assert_nonnull (strstr (only (f1)->message, "confidence 0.20"));

  g_ptr_array_add (unset, box ("01", CAR, 10, 10, 50, 50));
  f2 = check_image (rules, unset);
  g_assert_nonnull (strstr (only (f2)->message, "no confidence"));

  r = box ("01", CAR, 10, 10, 50, 50);
  r->confidence = 0.6;
  g_ptr_array_add (fine, r);
  f3 = check_image (rules, fine);
  g_assert_cmpuint (f3->len, ==, 0);
}

static void
test_parse_errors (void)
{
  static const struct { const char *json; const char *message; } cases[] = {
    { "{\"rules\": [{\"rule\": \"box_shape\", \"severity\": \"warn\"}]}", "id" },
    { "{\"rules\": [{\"id\": \"a b\", \"rule\": \"box_shape\", \"severity\": \"warn\"}]}", "id" },
    { "{\"rules\": [{\"id\": \"a\", \"rule\": \"spelling\", \"severity\": \"warn\"}]}", "rule" },
    { "{\"rules\": [{\"id\": \"a\", \"rule\": \"box_shape\", \"severity\": \"stop\"}]}", "severity" },
    { "{\"rules\": [{\"id\": \"a\", \"rule\": \"box_shape\", \"severity\": \"warn\"},"
      " {\"id\": \"a\", \"rule\": \"box_shape\", \"severity\": \"warn\"}]}", "another rule" },
    { "{\"rules\": [{\"id\": \"a\", \"rule\": \"duplicate_box\", \"severity\": \"warn\","
      " \"iou\": 2}]}", "iou" },
    { "{\"rules\": [{\"id\": \"a\", \"rule\": \"value_range\", \"severity\": \"warn\","
      " \"field\": \"height\"}]}", "field" },
    { "{\"rules\": [{\"id\": \"a\", \"rule\": \"span_overlap\", \"severity\": \"warn\","
      " \"pairs\": [[\"A\"]]}]}", "pair" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LimnGuardrails) rules = limn_guardrails_new_from_string (cases[i].json, &error);

      g_assert_null (rules);
      g_assert_error (error, LIMN_JSON_READER_ERROR, error->code);
      g_assert_nonnull (strstr (error->message, cases[i].message));
    }
}

static void
test_unknown_labels (void)
{
  g_autoptr(LimnGuardrails) rules =
    rules_for ("{\"rules\": [{\"id\": \"a\", \"rule\": \"required_label\", \"severity\": \"warn\","
               " \"label\": \"Truck\"},"
               " {\"id\": \"b\", \"rule\": \"span_overlap\", \"severity\": \"warn\","
               " \"pairs\": [[\"Car\", \"Bus\"]]}]}");
  g_autoptr(LimnGuardrails) known =
    rules_for ("{\"rules\": [{\"id\": \"a\", \"rule\": \"required_label\", \"severity\": \"warn\","
               " \"label\": \"Car\"}]}");
  g_autofree char *unknown = limn_guardrails_unknown_labels (rules);
  g_autofree char *none = limn_guardrails_unknown_labels (known);
  g_autofree char *json = limn_guardrails_to_string (known);
  g_autoptr(LimnGuardrails) again = limn_guardrails_new_from_string (json, NULL);

  g_assert_cmpstr (unknown, ==, "Truck, Bus");
  g_assert_null (none);
  g_assert_nonnull (again);
  g_assert_cmpuint (limn_guardrails_get_n_rules (again), ==, 1);
}

/* A server's settings: the rules kept in canonical form; none, nothing;
 * rules a newer server wrote are left out with a warning. */
static void
test_from_settings (void)
{
  g_autoptr(JsonNode) good = json_from_string ("{\"overlap\": 2, \"guardrails\": {\"rules\": "
                                               "[{\"id\": \"a\", \"rule\": \"span_words\","
                                               " \"severity\": \"warn\"}]}}", NULL);
  g_autoptr(JsonNode) none = json_from_string ("{\"overlap\": 2}", NULL);
  g_autoptr(JsonNode) newer = json_from_string ("{\"guardrails\": {\"rules\": [{\"id\": \"a\","
                                                " \"rule\": \"spelling\", \"severity\": \"warn\"}]}}",
                                                NULL);
  g_autofree char *rules = limn_guardrails_from_settings (json_node_get_object (good));
  g_autofree char *nothing = limn_guardrails_from_settings (json_node_get_object (none));
  g_autofree char *skipped = NULL;

  g_assert_nonnull (strstr (rules, "\"span_words\""));
  g_assert_null (nothing);
  g_test_expect_message ("limn-model", G_LOG_LEVEL_WARNING, "*not a rule Limn knows*");
  skipped = limn_guardrails_from_settings (json_node_get_object (newer));
  g_test_assert_expected_messages ();
  g_assert_null (skipped);
}

/* What a submit costs on the main thread with many regions: 2,000 boxes
 * on a grid, every other one doubled (1,000 duplicate pairs), all rules
 * that look at boxes. The sweep must find exactly those pairs; the time
 * is reported, not asserted (machines differ). */
static void
test_many_boxes (void)
{
  g_autoptr(LimnGuardrails) rules =
    rules_for ("{\"rules\": ["
               " {\"id\": \"dup\", \"rule\": \"duplicate_box\", \"severity\": \"warn\", \"iou\": 0.9},"
               " {\"id\": \"shape\", \"rule\": \"box_shape\", \"severity\": \"block\","
               "  \"min_area\": 4, \"min_aspect\": 0.1, \"max_aspect\": 10, \"outside_tolerance\": 0},"
               " {\"id\": \"car\", \"rule\": \"required_label\", \"severity\": \"block\", \"label\": \"Car\"}]}");
  g_autoptr(GPtrArray) regions = regions_new ();
  g_autoptr(GPtrArray) findings = NULL;
  LimnGuardrailsTask task = { LIMN_TASK_IMAGE, 6000, 4000, NULL };
  gint64 start;

  for (guint i = 0; i < 1000; i++)
    {
      LimnBox b = { (i % 50) * 100 + 10, (i / 50) * 100 + 10, 60, 40 };
      g_autofree char *a = g_strdup_printf ("00000000-0000-4000-8000-%012u", 2 * i);
      g_autofree char *c = g_strdup_printf ("00000000-0000-4000-8000-%012u", 2 * i + 1);

      g_ptr_array_add (regions, limn_region_new_box (a, CAR, &b));
      b.x += 1;
      g_ptr_array_add (regions, limn_region_new_box (c, CAR, &b));
    }

  start = g_get_monotonic_time ();
  limn_guardrails_check (rules, &task, regions, &findings);
  g_test_message ("2,000 boxes, 3 rules: %.2f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (findings->len, ==, 1000);
}

/* The rules travel with the project through the store, in its settings
 * JSON beside what a server sent (which they must not clobber). */
static void
test_store_round_trip (void)
{
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "limn.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnStore) store = limn_store_open (path, &error);
  g_autoptr(LimnProject) project = limn_project_new ("00000000-0000-4000-8000-0000000000ff", "P",
                                                     LIMN_PROJECT_IMAGE);
  g_autoptr(LimnProject) back = NULL;
  g_autoptr(LimnProject) cleared = NULL;
  g_autoptr(LimnGuardrails) rules = NULL;
  const char *json = "{\"rules\":[{\"id\":\"need-car\",\"rule\":\"required_label\","
                     "\"severity\":\"block\",\"label\":\"Car\"}]}";
  g_autoptr(LimnLabel) car = limn_label_new (CAR, "Car", "#3584e4", "1");

  g_assert_no_error (error);
  limn_project_add_label (project, car);
  limn_project_set_guardrails (project, json);
  g_assert_true (limn_store_save_project (store, project, &error));
  g_assert_true (limn_store_set_project_remote (store, limn_project_get_id (project),
                                                "http://127.0.0.1:1", NULL, &error));
  g_assert_no_error (error);

  back = limn_store_load_project (store, limn_project_get_id (project), &error);
  g_assert_no_error (error);
  g_assert_nonnull (limn_project_get_guardrails (back));
  rules = limn_guardrails_new_for_project (back, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (limn_guardrails_get_n_rules (rules), ==, 1);

  limn_project_set_guardrails (project, NULL);
  g_assert_true (limn_store_save_project (store, project, &error));
  cleared = limn_store_load_project (store, limn_project_get_id (project), &error);
  g_assert_no_error (error);
  g_assert_null (limn_project_get_guardrails (cleared));
  g_clear_object (&store);
  limn_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/guardrails/required-label", test_required_label);
  g_test_add_func ("/guardrails/required-count", test_required_count);
  g_test_add_func ("/guardrails/box-area", test_box_area);
  g_test_add_func ("/guardrails/box-aspect", test_box_aspect);
  g_test_add_func ("/guardrails/box-outside", test_box_outside);
  g_test_add_func ("/guardrails/duplicate-box", test_duplicate_box);
  g_test_add_func ("/guardrails/span-cuts-word", test_span_cuts_word);
  g_test_add_func ("/guardrails/span-edge-space", test_span_edge_space);
  g_test_add_func ("/guardrails/span-overlap", test_span_overlap);
  g_test_add_func ("/guardrails/value-range", test_value_range);
  g_test_add_func ("/guardrails/parse-errors", test_parse_errors);
  g_test_add_func ("/guardrails/unknown-labels", test_unknown_labels);
  g_test_add_func ("/guardrails/from-settings", test_from_settings);
  g_test_add_func ("/guardrails/many-boxes", test_many_boxes);
  g_test_add_func ("/guardrails/store-round-trip", test_store_round_trip);

  return g_test_run ();
}
