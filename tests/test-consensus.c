/* test-consensus.c
 *
 * The consensus the app's export and the server's dataset versions share
 * (limn-consensus.h), on cases built so that each documented rule decides:
 * boxes averaged over those who gave the label, spans by the most common
 * exact edges, ties, the strict majority, the span rule, provenance, and
 * Dawid–Skene outvoting majority vote where one annotator swaps labels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "analytics/limn-analytics-error.h"
#include "formats/limn-consensus.h"

/* One annotator's work, as "label x y w h; …" (boxes) or "label start
 * end; …" (spans over the item's text); a label is mapped when it is
 * "car", "person", "PER" or "LOC". */
typedef struct
{
  const char *who;
  gint64      guideline;
  const char *regions;
} Work;

static const char * const label_names[] = { "car", "person", "PER", "LOC" };

static LimnDataset *
dataset_new (void)
{
  LimnDataset *dataset = limn_dataset_new ();

  for (guint i = 0; i < G_N_ELEMENTS (label_names); i++)
    limn_dataset_add_label (dataset, label_names[i], NULL, NULL);

  return dataset;
}

static LimnConsensus *
consensus_new (LimnDataset                *dataset,
               const LimnConsensusOptions *options)
{
  LimnConsensus *consensus = limn_consensus_new (dataset, options);

  for (guint i = 0; i < G_N_ELEMENTS (label_names); i++)
    {
      g_autofree char *id = g_strdup_printf ("id-%s", label_names[i]);

      limn_consensus_map_label (consensus, id, i);
    }

  return consensus;
}

static GPtrArray *
parse_regions (const LimnDatasetItem *item,
               const char            *text)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) limn_region_unref);
  g_auto(GStrv) parts = g_strsplit (text, ";", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) f = g_strsplit (g_strstrip (parts[i]), " ", -1);
      g_autofree char *id = g_strdup_printf ("r%u", i);
      g_autofree char *label = NULL;

      if (f[0] == NULL || f[0][0] == '\0')
        continue;
      label = g_strdup_printf ("id-%s", f[0]);
      if (item->kind == LIMN_TASK_IMAGE)
        {
          LimnBox box = { g_ascii_strtod (f[1], NULL), g_ascii_strtod (f[2], NULL),
                          g_ascii_strtod (f[3], NULL), g_ascii_strtod (f[4], NULL) };

          g_ptr_array_add (out, limn_region_new_box (id, label, &box));
        }
      else
        {
          gint64 start = g_ascii_strtoll (f[1], NULL, 10);
          gint64 end = g_ascii_strtoll (f[2], NULL, 10);
          g_autofree char *covered = g_utf8_substring (item->text, start, end);

          g_ptr_array_add (out, limn_region_new_span (id, label, start, end, covered));
        }
    }

  return out;
}

static gboolean
add_item (LimnConsensus    *consensus,
          LimnDatasetItem  *item,
          const Work       *work,
          guint             n_work,
          GError          **error)
{
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autofree LimnConsensusWork *w = g_new0 (LimnConsensusWork, n_work + 1);

  for (guint k = 0; k < n_work; k++)
    {
      w[k].annotator = work[k].who;
      w[k].guideline_version = work[k].guideline;
      w[k].regions = parse_regions (item, work[k].regions);
      g_ptr_array_add (keep, w[k].regions);
    }

  /* The regions are freed here: the consensus keeps what it needs. */
  return limn_consensus_add_item (consensus, item, w, n_work, error);
}

/* "item label geometry key=value …" per consensus region, in order; the
 * attributes in the order set, without their "provenance:" prefix. */
static char *
consensus_of (LimnDataset *dataset)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < limn_dataset_get_n_items (dataset); i++)
    {
      LimnDatasetItem *item = limn_dataset_get_item (dataset, i);

      for (guint j = 0; j < item->annotations->len; j++)
        {
          LimnDatasetAnnotation *a = g_ptr_array_index (item->annotations, j);

          g_assert_cmpstr (a->annotator, ==, LIMN_CONSENSUS_ANNOTATOR);
          for (guint r = 0; r < a->regions->len; r++)
            {
              LimnDatasetRegion *d = &g_array_index (a->regions, LimnDatasetRegion, r);

              g_string_append_printf (out, "%s %s", item->name,
                                      limn_dataset_get_label (dataset, d->label)->name);
              if (d->kind == LIMN_REGION_BOX)
                g_string_append_printf (out, " %g %g %g %g", d->box.x, d->box.y, d->box.w,
                                        d->box.h);
              else
                g_string_append_printf (out, " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT " \"%s\"",
                                        d->start, d->end, d->text);
              for (guint k = 0; d->attrs != NULL && d->attrs[k] != NULL; k += 2)
                {
                  g_assert_true (g_str_has_prefix (d->attrs[k], "provenance:"));
                  g_string_append_printf (out, " %s=%s", d->attrs[k] + strlen ("provenance:"),
                                          d->attrs[k + 1]);
                }
              g_string_append_c (out, '\n');
            }
        }
    }

  return g_string_free (out, FALSE);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';

  return n;
}

static char *
run (LimnDataset                *dataset,
     const LimnConsensusOptions *options,
     const Work                 *work,
     guint                       n_work)
{
  g_autoptr(LimnConsensus) consensus = consensus_new (dataset, options);
  g_autoptr(GError) error = NULL;
  guint n_regions = G_MAXUINT;
  char *got;

  for (guint i = 0; i < limn_dataset_get_n_items (dataset); i++)
    g_assert_true (add_item (consensus, limn_dataset_get_item (dataset, i), work, n_work, &error));
  g_assert_no_error (error);
  g_assert_true (limn_consensus_finish (consensus, &n_regions, &error));
  g_assert_no_error (error);

  got = consensus_of (dataset);
  g_assert_cmpuint (n_regions, ==, count_lines (got));
  return got;
}

/* Boxes: ada and bob say car, cyd person for the first object: car, the
 * mean of ada's and bob's boxes only, 3/3. Ada and bob drew the second:
 * 2/3, kept. Only cyd drew the third: left out. A label not mapped and
 * an empty box are not votes. The guideline version is the highest of
 * those who drew the object. */
static void
test_boxes (void)
{
  static const Work work[] = {
    { "ada", 3, "car 10 20 100 80; person 400 100 30 90; dog 10 20 100 80" },
    { "bob", 4, "person 402 102 30 90; car 12 22 98 78; car 700 700 0 10" },
    { "cyd", 0, "person 11 21 99 79; car 900 900 10 10" },
  };
  g_autoptr(LimnDataset) dataset = dataset_new ();
  g_autofree char *got = NULL;

  limn_dataset_add_image (dataset, "a.png", NULL, 1000, 1000);
  got = run (dataset, NULL, work, G_N_ELEMENTS (work));
  g_assert_cmpstr (got, ==,
                   "a.png car 11 21 99 79 annotators=ada,bob,cyd agreement=3/3 method=majority "
                   "guideline_version=4\n"
                   "a.png person 401 101 30 90 annotators=ada,bob agreement=2/3 method=majority "
                   "guideline_version=4\n");
}

/* A strict majority: two of four annotators are not enough, and an item
 * without a kept object gets no consensus annotation. Without provenance,
 * no attributes. */
static void
test_strict_majority (void)
{
  static const Work work[] = {
    { "ada", 0, "car 10 10 50 50" },
    { "bob", 0, "car 11 11 50 50; person 200 200 20 20" },
    { "cyd", 0, "person 201 201 20 20; car 12 12 50 50" },
    { "dan", 0, "" },
  };
  g_autoptr(LimnDataset) dataset = dataset_new ();
  g_autoptr(LimnDataset) again = dataset_new ();
  LimnConsensusOptions options;
  g_autofree char *got = NULL;
  g_autofree char *bare = NULL;

  limn_dataset_add_image (dataset, "a.png", NULL, 1000, 1000);
  got = run (dataset, NULL, work, G_N_ELEMENTS (work));
  g_assert_cmpstr (got, ==,
                   "a.png car 11 11 50 50 annotators=ada,bob,cyd agreement=3/4 method=majority\n");

  limn_dataset_add_image (again, "a.png", NULL, 1000, 1000);
  limn_consensus_options_init (&options);
  options.provenance = FALSE;
  bare = run (again, &options, work + 1, 1);
  g_assert_cmpstr (bare, ==, "a.png car 11 11 50 50\na.png person 200 200 20 20\n");

  /* Two of four drew the person: nothing kept, no annotation. */
  {
    g_autoptr(LimnDataset) none = dataset_new ();
    static const Work two[] = {
      { "ada", 0, "person 0 0 10 10" }, { "bob", 0, "person 0 0 10 10" },
      { "cyd", 0, "" }, { "dan", 0, "" },
    };
    g_autofree char *empty = NULL;

    limn_dataset_add_image (none, "b.png", NULL, 100, 100);
    empty = run (none, NULL, two, G_N_ELEMENTS (two));
    g_assert_cmpstr (empty, ==, "");
    g_assert_cmpuint (limn_dataset_get_item (none, 0)->annotations->len, ==, 0);
  }
}

/* Spans that overlap are one object; its edges are those most of the
 * annotators who gave the label gave exactly. A tie between edges goes to
 * the first annotator given (ada first, then bob first). With the exact
 * span rule, cyd's shorter span is an object of its own, and left out. */
static void
test_spans (void)
{
  static const char *text = "Ada Lovelace went to Paris";
  static const Work work[] = {
    { "ada", 0, "PER 0 12; LOC 21 26" },
    { "bob", 0, "PER 0 12; LOC 20 26" },
    { "cyd", 0, "PER 0 3" },
  };
  static const Work reversed[] = {
    { "bob", 0, "PER 0 12; LOC 20 26" },
    { "ada", 0, "PER 0 12; LOC 21 26" },
    { "cyd", 0, "PER 0 3" },
  };
  g_autoptr(LimnDataset) overlap = dataset_new ();
  g_autoptr(LimnDataset) order = dataset_new ();
  g_autoptr(LimnDataset) exact = dataset_new ();
  LimnConsensusOptions options;
  g_autofree char *got = NULL;
  g_autofree char *got_order = NULL;
  g_autofree char *got_exact = NULL;

  limn_dataset_add_text (overlap, "d1", text);
  got = run (overlap, NULL, work, G_N_ELEMENTS (work));
  g_assert_cmpstr (got, ==,
                   "d1 PER 0 12 \"Ada Lovelace\" annotators=ada,bob,cyd agreement=3/3 "
                   "method=majority\n"
                   "d1 LOC 21 26 \"Paris\" annotators=ada,bob agreement=2/3 method=majority\n");

  limn_dataset_add_text (order, "d1", text);
  got_order = run (order, NULL, reversed, G_N_ELEMENTS (reversed));
  g_assert_cmpstr (got_order, ==,
                   "d1 PER 0 12 \"Ada Lovelace\" annotators=bob,ada,cyd agreement=3/3 "
                   "method=majority\n"
                   "d1 LOC 20 26 \" Paris\" annotators=bob,ada agreement=2/3 method=majority\n");

  limn_dataset_add_text (exact, "d1", text);
  limn_consensus_options_init (&options);
  options.span_rule = LIMN_SPAN_MATCH_EXACT;
  got_exact = run (exact, &options, work, G_N_ELEMENTS (work));
  g_assert_cmpstr (got_exact, ==,
                   "d1 PER 0 12 \"Ada Lovelace\" annotators=ada,bob agreement=2/3 "
                   "method=majority\n");
}

/* Ada says car, bob person, on one object: majority vote ties, and the
 * seed breaks it as limn-truth.h does for object 0; the region is the
 * winner's box alone. Some seed picks each label. */
static void
test_label_tie (void)
{
  static const Work work[] = {
    { "ada", 0, "car 10 10 100 100" },
    { "bob", 0, "person 20 20 100 100" },
  };
  gboolean seen[2] = { FALSE, FALSE };

  for (guint32 seed = 0; seed < 32; seed++)
    {
      g_autoptr(LimnDataset) dataset = dataset_new ();
      g_autoptr(LimnReliabilityData) data = limn_reliability_data_new (4, NULL);
      g_autoptr(LimnTruth) truth = NULL;
      g_autoptr(GError) error = NULL;
      LimnConsensusOptions options;
      LimnTruthOptions truth_options;
      g_autofree char *got = NULL;
      const char *want;

      limn_consensus_options_init (&options);
      options.seed = seed;
      limn_dataset_add_image (dataset, "a.png", NULL, 200, 200);
      got = run (dataset, &options, work, G_N_ELEMENTS (work));

      g_assert_true (limn_reliability_data_add (data, 0, 0, 0, &error));
      g_assert_true (limn_reliability_data_add (data, 0, 1, 1, &error));
      limn_truth_options_init (&truth_options);
      truth_options.seed = seed;
      truth = limn_truth_infer (data, LIMN_TRUTH_MAJORITY_VOTE, &truth_options, &error);
      g_assert_no_error (error);
      g_assert_cmpint (truth->labels[0], >=, 0);
      g_assert_cmpint (truth->labels[0], <=, 1);
      seen[truth->labels[0]] = TRUE;

      want = truth->labels[0] == 0
             ? "a.png car 10 10 100 100 annotators=ada,bob agreement=2/2 method=majority\n"
             : "a.png person 20 20 100 100 annotators=ada,bob agreement=2/2 method=majority\n";
      g_assert_cmpstr (got, ==, want);
    }

  g_assert_true (seen[0] && seen[1]);
}

/* Seven images, three annotators. On six, ada and bob agree and cyd says
 * the other label: cyd always swaps them. On the seventh ada says person,
 * bob and cyd car: majority vote takes car; Dawid–Skene, having learned
 * that cyd's car means person, takes person (ada's box, the one who gave
 * it). */
static void
test_dawid_skene (void)
{
  g_autoptr(LimnDataset) mv = dataset_new ();
  g_autoptr(LimnDataset) ds = dataset_new ();
  g_autoptr(LimnConsensus) mv_consensus = NULL;
  g_autoptr(LimnConsensus) ds_consensus = NULL;
  g_autoptr(GError) error = NULL;
  LimnConsensusOptions options;
  g_autofree char *got_mv = NULL;
  g_autofree char *got_ds = NULL;
  g_auto(GStrv) mv_lines = NULL;
  g_auto(GStrv) ds_lines = NULL;

  limn_consensus_options_init (&options);
  mv_consensus = consensus_new (mv, &options);
  options.method = LIMN_TRUTH_DAWID_SKENE;
  ds_consensus = consensus_new (ds, &options);

  for (guint t = 0; t < 7; t++)
    {
      const char *truth = t < 3 ? "person" : "car";
      const char *other = t < 3 ? "car" : "person";
      g_autofree char *name = g_strdup_printf ("img-%u.png", t);
      g_autofree char *a = g_strdup_printf ("%s 10 10 100 100", t == 6 ? "person" : truth);
      g_autofree char *b = g_strdup_printf ("%s 12 10 100 100", t == 6 ? "car" : truth);
      g_autofree char *c = g_strdup_printf ("%s 14 10 100 100", t == 6 ? "car" : other);
      const Work work[] = { { "ada", 0, a }, { "bob", 0, b }, { "cyd", 0, c } };

      g_assert_true (add_item (mv_consensus, limn_dataset_add_image (mv, name, NULL, 200, 200),
                               work, 3, &error));
      g_assert_true (add_item (ds_consensus, limn_dataset_add_image (ds, name, NULL, 200, 200),
                               work, 3, &error));
    }
  g_assert_true (limn_consensus_finish (mv_consensus, NULL, &error));
  g_assert_true (limn_consensus_finish (ds_consensus, NULL, &error));
  g_assert_no_error (error);

  got_mv = consensus_of (mv);
  got_ds = consensus_of (ds);
  g_test_message ("majority:\n%s\ndawid-skene:\n%s", got_mv, got_ds);
  mv_lines = g_strsplit (got_mv, "\n", -1);
  ds_lines = g_strsplit (got_ds, "\n", -1);
  g_assert_cmpuint (g_strv_length (mv_lines), ==, 8);
  g_assert_cmpuint (g_strv_length (ds_lines), ==, 8);

  /* Where ada and bob agree: their label and the mean of their boxes. */
  g_assert_cmpstr (mv_lines[0], ==, "img-0.png person 11 10 100 100 annotators=ada,bob,cyd "
                                    "agreement=3/3 method=majority");
  g_assert_cmpstr (ds_lines[0], ==, "img-0.png person 11 10 100 100 annotators=ada,bob,cyd "
                                    "agreement=3/3 method=dawid-skene");
  g_assert_cmpstr (mv_lines[3], ==, "img-3.png car 11 10 100 100 annotators=ada,bob,cyd "
                                    "agreement=3/3 method=majority");
  g_assert_cmpstr (ds_lines[3], ==, "img-3.png car 11 10 100 100 annotators=ada,bob,cyd "
                                    "agreement=3/3 method=dawid-skene");

  g_assert_cmpstr (mv_lines[6], ==, "img-6.png car 13 10 100 100 annotators=ada,bob,cyd "
                                    "agreement=3/3 method=majority");
  g_assert_cmpstr (ds_lines[6], ==, "img-6.png person 10 10 100 100 annotators=ada,bob,cyd "
                                    "agreement=3/3 method=dawid-skene");
}

/* A threshold outside (0, 1] is refused when the first item is added. */
static void
test_invalid_threshold (void)
{
  static const Work work[] = { { "ada", 0, "car 0 0 10 10" } };
  g_autoptr(LimnDataset) dataset = dataset_new ();
  g_autoptr(LimnConsensus) consensus = NULL;
  g_autoptr(GError) error = NULL;
  LimnConsensusOptions options;

  limn_consensus_options_init (&options);
  options.min_iou = 0;
  consensus = consensus_new (dataset, &options);
  g_assert_false (add_item (consensus, limn_dataset_add_image (dataset, "a.png", NULL, 10, 10),
                            work, 1, &error));
  g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/consensus/boxes", test_boxes);
  g_test_add_func ("/consensus/strict-majority", test_strict_majority);
  g_test_add_func ("/consensus/spans", test_spans);
  g_test_add_func ("/consensus/label-tie", test_label_tie);
  g_test_add_func ("/consensus/dawid-skene", test_dawid_skene);
  g_test_add_func ("/consensus/invalid-threshold", test_invalid_threshold);

  return g_test_run ();
}
