/* test-toxic-spans.c
 *
 * The Toxic Spans statistics on a small fixture worked by hand, on broken
 * files, and on the 400-comment sample in ../shared/data/toxic-spans.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "analytics/limn-toxic-spans.h"
#include "limn-test-util.h"

/* Three comments, four workers ("7", "12", "100", "3"):
 *   c1 "you idiot, go away!!" (20 code points)
 *        a1 by 7: [4, 9)   a2 by 12: [4, 9), and [5, 40) past the end
 *        a3 by 100: [4, 12)
 *   c2 "be⏎"ok"" (7; a line break and doubled quotes in the CSV)
 *        a4 by 7: start "x" (not a number)   a5 by 12: nothing
 *        a6 by 3: [3, 7)
 *   c3 "😈 bad" (5 code points, 6 UTF-16 units)
 *        a7 by 7: [2, 5)   a8 by 100: [2, 6), which fits only in UTF-16
 * and a span of an annotation that does not exist. comments.csv has CRLF
 * line ends, the other two LF. */
static void
write_fixture (const char *dir)
{
  static const struct { const char *name, *text; } files[] = {
    { "comments.csv",
      "comment_id,comment_text\r\n"
      "c1,\"you idiot, go away!!\"\r\n"
      "c2,\"be\n\"\"ok\"\"\"\r\n"
      "c3,😈 bad\r\n" },
    { "annotations.csv",
      "annotation,comment_id,worker,country,all toxic,not toxic\n"
      "a1,c1,7,USA,False,False\n"
      "a2,c1,12,USA,False,False\n"
      "a3,c1,100,VEN,True,False\n"
      "a4,c2,7,USA,False,False\n"
      "a5,c2,12,USA,True,True\n"
      "a6,c2,3,IND,False,False\n"
      "a7,c3,7,USA,False,False\n"
      "a8,c3,100,VEN,False,False\n" },
    { "spans.csv",
      "annotation,type,start,end\n"
      "a1,Insult,4,9\n"
      "a2,Insult,4,9\n"
      "a2,Insult,5,40\n"
      "a3,Insult,4,12\n"
      "a4,Threat,x,3\n"
      "a6,Other Toxicity,3,7\n"
      "a7,Insult,2,5\n"
      "a8,Insult,2,6\n"
      "a99,Insult,0,1\n" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i].name, NULL);
      g_assert_true (g_file_set_contents (path, files[i].text, -1, NULL));
    }
}

static double
member_double (JsonObject *o,
               const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      node = json_object_get_member (o, parts[i]);
      g_assert_nonnull (node);
      if (parts[i + 1] != NULL)
        o = json_node_get_object (node);
    }

  return JSON_NODE_HOLDS_NULL (node) ? NAN : json_node_get_double (node);
}

static const char *
skip_reason (JsonObject *root,
             guint       i)
{
  JsonArray *a = json_object_get_array_member (root, "skipped_spans");

  return json_object_get_string_member (json_array_get_object_element (a, i), "reason");
}

static void
test_fixture (void)
{
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root, *first;
  JsonArray *workers;

  write_fixture (dir);
  node = limn_toxic_spans_stats (dir, &error);
  g_assert_no_error (error);
  root = json_node_get_object (node);

  g_assert_cmpint (json_object_get_int_member (root, "items"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (root, "annotations"), ==, 8);
  g_assert_cmpint (json_object_get_int_member (root, "annotators"), ==, 4);
  /* a4 (its one span unreadable), a5 and a8 (its one span skipped). */
  g_assert_cmpint (json_object_get_int_member (root, "annotations_without_spans"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (root, "annotations_flagged_all_toxic"), ==, 2);
  g_assert_cmpfloat (member_double (root, "spans.total"), ==, 9);
  g_assert_cmpfloat (member_double (root, "spans.used"), ==, 5);
  g_assert_cmpfloat (member_double (root, "spans.skipped"), ==, 4);
  g_assert_cmpfloat (member_double (root, "spans.used_after_astral_character"), ==, 1);
  g_assert_cmpfloat (member_double (root, "spans.types.Insult"), ==, 4);

  /* In file order, each with its reason. */
  g_assert_cmpstr (skip_reason (root, 0), ==, "past-end");
  g_assert_cmpstr (skip_reason (root, 1), ==, "not-a-number");
  g_assert_cmpstr (skip_reason (root, 2), ==, "utf-16-offsets");
  g_assert_cmpstr (skip_reason (root, 3), ==, "unknown-annotation");
  first = json_array_get_object_element (json_object_get_array_member (root, "skipped_spans"), 0);
  g_assert_cmpstr (json_object_get_string_member (first, "annotation"), ==, "a2");
  g_assert_cmpstr (json_object_get_string_member (first, "worker"), ==, "12");
  g_assert_cmpstr (json_object_get_string_member (first, "comment_id"), ==, "c1");
  g_assert_cmpint (json_object_get_int_member (first, "text_length"), ==, 20);
  g_assert_cmpint (json_object_get_int_member (first, "line"), ==, 4);

  /* α by hand. Units: 20 + 7 + 5 = 32 characters, all pairable; n = 3·20 +
   * 3·7 + 2·5 = 91 values, 25 toxic (c1: 5·3 + 3·1, c2: 4, c3: 3), 66 not.
   * Disagreeing units, each (m² − Σ n_c²) / (m − 1) = 2 here: c1 9–11 (3),
   * c2 3–6 (4), c3 2–4 (3), so Σ = 20 and α = 1 − (n − 1) Σ / (n² − Σ n_c²)
   * = 1 − 90 · 20 / (8281 − 4356 − 625) = 1 − 1800 / 3300 = 0.454545. */
  g_assert_cmpfloat_with_epsilon (member_double (root, "krippendorff_alpha.value"),
                                  1 - 1800.0 / 3300.0, 1e-12);
  g_assert_cmpfloat (member_double (root, "krippendorff_alpha.pairable_values"), ==, 91);
  g_assert_cmpfloat (member_double (root, "krippendorff_alpha.characters"), ==, 32);

  /* κ by hand, over characters shared: 7–12 share c1 + c2 = 27, both mark
   * [4, 9) and nothing else: κ = 1. 7–100 share c1 + c3 = 25: both 5,
   * only 100: 3, only 7: 3, neither: 14; p_o = 0.76, p_e = 0.32² + 0.68² =
   * 0.5648, κ = 0.448529. 12–100 share c1 = 20 (the minimum counts): both
   * 5, only 100: 3, neither 12; p_o = 0.85, p_e = 0.25·0.4 + 0.75·0.6 =
   * 0.55, κ = 0.666667. 7–3 and 12–3 share only c2's 7 characters.
   * Mean = (1 + 0.448529 + 0.666667) / 3 = 0.705065. */
  g_assert_cmpfloat_with_epsilon (member_double (root, "pairwise_cohen_kappa.mean"),
                                  (1 + 0.1952 / 0.4352 + 0.3 / 0.45) / 3, 1e-9);
  g_assert_cmpfloat (member_double (root, "pairwise_cohen_kappa.pairs"), ==, 3);
  g_assert_cmpfloat (member_double (root, "pairwise_cohen_kappa.pairs_below_minimum"), ==, 2);

  /* Majority sets (more than half): c1 [4, 9); c2 and c3 nothing (one vote
   * of three, one of two). Per-comment F1, both empty = 1:
   *   3: c2 marks 4, majority none: 0.
   *   7: c1 1, c2 1, c3 0 (3 marked, none in the majority): 2/3;
   *      micro: 5 right of 8 marked, 5 of 5 found: P 0.625, R 1, F1 10/13.
   *   12: c1 1, c2 1: 1.
   *   100: c1 2·5 / (8 + 5) = 10/13, c3 1 (its span skipped): 0.884615.
   * Mean over workers (2/3 + 1 + 0.884615 + 0) / 4 = 0.637821. Workers in
   * numeric order: 3, 7, 12, 100. */
  workers = json_object_get_array_member (json_object_get_object_member (root, "span_f1"),
                                          "workers");
  g_assert_cmpuint (json_array_get_length (workers), ==, 4);
  {
    static const char * const order[] = { "3", "7", "12", "100" };
    static const double f1[] = { 0, 2.0 / 3, 1, (10.0 / 13 + 1) / 2 };

    for (guint i = 0; i < 4; i++)
      {
        JsonObject *w = json_array_get_object_element (workers, i);

        g_assert_cmpstr (json_object_get_string_member (w, "worker"), ==, order[i]);
        g_assert_cmpfloat_with_epsilon (json_object_get_double_member (w, "f1"), f1[i], 1e-12);
      }
    g_assert_cmpfloat_with_epsilon (member_double (json_array_get_object_element (workers, 1),
                                                   "precision"), 0.625, 1e-12);
    g_assert_cmpfloat_with_epsilon (member_double (json_array_get_object_element (workers, 1),
                                                   "micro_f1"), 10.0 / 13, 1e-12);
    /* Worker 3's recall has no majority characters to find: null. */
    g_assert_true (isnan (member_double (json_array_get_object_element (workers, 0), "recall")));
  }
  g_assert_cmpfloat_with_epsilon (member_double (root, "span_f1.mean"),
                                  (2.0 / 3 + 1 + (10.0 / 13 + 1) / 2) / 4, 1e-12);

  limn_test_rm_rf (dir);
}

/* Broken files are errors, not crashes. */
static void
test_broken_files (void)
{
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *spans = g_build_filename (dir, "spans.csv", NULL);
  g_autofree char *comments = g_build_filename (dir, "comments.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  node = limn_toxic_spans_stats (dir, &error);
  g_assert_null (node);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  write_fixture (dir);
  g_assert_true (g_file_set_contents (spans, "annotation,type,begin,end\n", -1, NULL));
  node = limn_toxic_spans_stats (dir, &error);
  g_assert_null (node);
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "start"));
  g_clear_error (&error);

  write_fixture (dir);
  g_assert_true (g_file_set_contents (comments, "comment_id,comment_text\nc1,\"open\n", -1, NULL));
  node = limn_toxic_spans_stats (dir, &error);
  g_assert_null (node);
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_PARSE);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (comments, "comment_id,comment_text\nc1,\xff\n", -1, NULL));
  node = limn_toxic_spans_stats (dir, &error);
  g_assert_null (node);
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_PARSE);

  limn_test_rm_rf (dir);
}

/* The 400-comment sample: structure, and every bad span reported. */
static void
test_shared_sample (void)
{
  const char *shared = g_getenv ("LIMN_SHARED_DATA");
  g_autofree char *dir = shared ? g_build_filename (shared, "toxic-spans", NULL) : NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root;
  JsonArray *skipped;
  double alpha, kappa;

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("toxic-spans not found under LIMN_SHARED_DATA");
      return;
    }

  node = limn_toxic_spans_stats (dir, &error);
  g_assert_no_error (error);
  root = json_node_get_object (node);

  g_assert_cmpint (json_object_get_int_member (root, "items"), ==, 400);
  g_assert_cmpint (json_object_get_int_member (root, "annotations"), ==, 1395);
  g_assert_cmpint (json_object_get_int_member (root, "annotators"), ==, 982);
  g_assert_cmpfloat (member_double (root, "spans.total"), ==, 1083);

  /* Four spans end past their comment (406, 11116, 38956, 51679), none
   * because of UTF-16: the one emoji comment's spans come before it. */
  skipped = json_object_get_array_member (root, "skipped_spans");
  g_assert_cmpuint (json_array_get_length (skipped), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (skip_reason (root, i), ==, "past-end");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (skipped, 0),
                                                  "annotation"), ==, "406");
  g_assert_cmpfloat (member_double (root, "spans.used"), ==, 1079);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root,
                                                                         "skipped_annotations")),
                    ==, 0);

  alpha = member_double (root, "krippendorff_alpha.value");
  kappa = member_double (root, "pairwise_cohen_kappa.mean");
  g_test_message ("alpha %.4f, mean kappa %.4f over %g pairs, mean F1 %.4f", alpha, kappa,
                  member_double (root, "pairwise_cohen_kappa.pairs"),
                  member_double (root, "span_f1.mean"));
  /* Crowd span agreement is low, and the figures agree to 3 decimals with
   * an independent Python script over the same files (csv module, sets of
   * character positions): α 0.237675, mean κ 0.235301 over 1,484 pairs,
   * mean F1 0.665796. */
  g_assert_cmpfloat (alpha, >, 0.1);
  g_assert_cmpfloat (alpha, <, 0.6);
  g_assert_cmpfloat_with_epsilon (alpha, 0.237675, 0.0005);
  g_assert_cmpfloat_with_epsilon (kappa, 0.235301, 0.0005);
  g_assert_cmpfloat (member_double (root, "pairwise_cohen_kappa.pairs"), ==, 1484);
  g_assert_cmpfloat_with_epsilon (member_double (root, "span_f1.mean"), 0.665796, 0.0005);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (root, "span_f1"), "workers")), ==, 982);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/toxic-spans/fixture", test_fixture);
  g_test_add_func ("/toxic-spans/broken-files", test_broken_files);
  g_test_add_func ("/toxic-spans/shared-sample", test_shared_sample);

  return g_test_run ();
}
