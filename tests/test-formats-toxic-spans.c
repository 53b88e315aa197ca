/* test-formats-toxic-spans.c
 *
 * The toxic-spans reader: the shared 400-comment sample (copied to a
 * temporary folder) gives the counts docs/metrics.md §6 states, broken CSV
 * lines are skipped and reported on their line, offsets are code points
 * even after characters outside the BMP, and the format is read only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "limn-formats-test.h"

/* FALSE (the test skipped) when the shared sample is not there. */
static gboolean
copy_sample (const char *dir)
{
  const char *names[] = { "comments.csv", "annotations.csv", "spans.csv" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *source = g_build_filename (g_getenv ("LIMN_SHARED_DATA"), "toxic-spans",
                                                  names[i], NULL);
      g_autofree char *contents = NULL;
      g_autofree char *copy = NULL;
      gsize length;

      if (g_getenv ("LIMN_SHARED_DATA") == NULL ||
          !g_file_get_contents (source, &contents, &length, NULL))
        {
          g_test_skip ("toxic-spans not found under LIMN_SHARED_DATA");
          return FALSE;
        }
      copy = g_build_filename (dir, names[i], NULL);
      g_assert_true (g_file_set_contents (copy, contents, length, NULL));
    }

  return TRUE;
}

static void
test_sample (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(LimnDataset) dataset = NULL;
  g_autoptr(GPtrArray) annotators = NULL;
  g_autofree char *comments = sub (f, "comments.csv");
  LimnDatasetCounts counts;
  LimnDatasetItem *item;

  if (!copy_sample (f->dir))
    return;
  g_assert_cmpstr (fx_detect (f->dir), ==, "toxic-spans");
  g_assert_cmpstr (fx_detect (comments), ==, "toxic-spans");

  dataset = fx_read ("toxic-spans", f->dir, problems);
  fx_print_problems (problems);
  limn_dataset_get_counts (dataset, &counts);
  g_assert_cmpuint (counts.items, ==, 400);
  g_assert_cmpuint (counts.texts, ==, 400);
  g_assert_cmpuint (counts.annotations, ==, 1395);
  g_assert_cmpuint (counts.spans, ==, 1079);
  annotators = limn_dataset_list_annotators (dataset);
  g_assert_cmpuint (annotators->len, ==, 982);

  /* The four spans past their comment (annotations 406, 11116, 38956,
   * 51679), each on its line, and nothing else. */
  g_assert_cmpuint (limn_format_problems_count (problems, NULL), ==, 4);
  g_assert_cmpuint (limn_format_problems_count (problems, "out-of-range"), ==, 4);
  fx_assert_problem (problems, "out-of-range", "spans.csv:24");
  fx_assert_problem (problems, "out-of-range", "spans.csv:247");
  fx_assert_problem (problems, "out-of-range", "spans.csv:887");
  fx_assert_problem (problems, "out-of-range", "spans.csv:1040");

  /* The span types are the labels. */
  g_assert_cmpuint (limn_dataset_get_n_labels (dataset), ==, 5);
  g_assert_cmpint (limn_dataset_find_label (dataset, "Insult"), >=, 0);
  g_assert_cmpint (limn_dataset_find_label (dataset, "Identity based Attack"), >=, 0);

  /* The first comment, as the file gives it: two workers marked "stupid". */
  item = limn_dataset_lookup_item (dataset, "1006916");
  g_assert_nonnull (item);
  g_assert_true (g_str_has_prefix (item->text, "You're a paid Russian troll"));

  /* Read from one of its files, the folder is read. */
  {
    g_autoptr(LimnDataset) again = fx_read ("toxic-spans", comments, NULL);

    limn_dataset_get_counts (again, &counts);
    g_assert_cmpuint (counts.spans, ==, 1079);
  }
}

static void
test_broken_lines (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(LimnDataset) dataset = NULL;
  g_autofree char *regions = NULL;
  g_autofree char *c = fx_write (f->dir, "comments.csv",
                                 "comment_id,comment_text\r\n"
                                 "1,\"You idiot, go away\"\r\n"
                                 "2,\"Two\nlines, \"\"quoted\"\" fool\"\r\n"
                                 "1,The same id again\r\n");
  g_autofree char *a = fx_write (f->dir, "annotations.csv",
                                 "annotation,comment_id,worker,country\n"
                                 "10,1,w1,USA\n"
                                 "11,1,w2,USA\n"
                                 "12,2,w1,GBR\n"
                                 "13,2,w1,GBR\n"
                                 "14,99,w3,USA\n"
                                 "15,2,w3\n"
                                 "16,2,w2,\"IND\"x\n"
                                 "17,2,w2,IND\n");
  g_autofree char *s = fx_write (f->dir, "spans.csv",
                                 "annotation,type,start,end\n"
                                 "10,Insult,4,9\n"
                                 "11,Insult,4,9\n"
                                 "11,Insult,4\n"
                                 "12,Insult,20,24\n"
                                 "13,Insult,0,3\n"
                                 "14,Insult,0,3\n"
                                 "77,Insult,0,3\n"
                                 "12,Threat,x,3\n"
                                 "12,Threat,5,5\n"
                                 "12,Threat,-1,3\n"
                                 "12,\"Threat\"!,0,3\n"
                                 "17,Threat,0,3\n");

  dataset = fx_read ("toxic-spans", f->dir, problems);
  fx_print_problems (problems);
  regions = fx_regions (dataset, FX_NAMES);
  g_assert_cmpstr (regions, ==,
                   "1 | w1 | Insult | 4-9 “idiot”\n"
                   "1 | w2 | Insult | 4-9 “idiot”\n"
                   "2 | w1 | Insult | 20-24 “fool”\n"
                   "2 | w2 | Threat | 0-3 “Two”\n");

  /* Each fault on its own line; what follows a broken line is read. */
  fx_assert_problem (problems, "duplicate-id", "comments.csv:5");
  fx_assert_problem (problems, "annotated-twice", "annotations.csv:5");
  fx_assert_problem (problems, "unknown-item", "annotations.csv:6");
  fx_assert_problem (problems, "malformed", "annotations.csv:7");
  fx_assert_problem (problems, "malformed", "annotations.csv:8");
  fx_assert_problem (problems, "malformed", "spans.csv:4");
  fx_assert_problem (problems, "unknown-annotation", "spans.csv:8");
  fx_assert_problem (problems, "bad-span", "spans.csv:9");
  fx_assert_problem (problems, "empty-span", "spans.csv:10");
  fx_assert_problem (problems, "bad-span", "spans.csv:11");
  fx_assert_problem (problems, "malformed", "spans.csv:12");
  /* The spans of annotations left out are not reported twice. */
  g_assert_false (fx_has_problem (problems, "unknown-annotation", "spans.csv:6"));
  g_assert_false (fx_has_problem (problems, "unknown-annotation", "spans.csv:7"));
  g_assert_cmpuint (limn_format_problems_count (problems, NULL), ==, 11);

  /* Strict: nothing rather than something left out. */
  {
    g_autoptr(LimnDataset) strict = limn_dataset_new ();
    g_autoptr(GError) error = NULL;
    LimnFormatReadOptions options = { .strict = TRUE };

    g_assert_false (limn_format_read (limn_format_lookup ("toxic-spans"), f->dir, strict,
                                      &options, NULL, NULL, &error));
    g_assert_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_STRICT);
    g_assert_cmpuint (limn_dataset_get_n_items (strict), ==, 0);
  }

  /* A quote never closed swallows the rest: the file cannot be read. */
  {
    g_autoptr(LimnDataset) broken = limn_dataset_new ();
    g_autoptr(GError) error = NULL;
    g_autofree char *s2 = fx_write (f->dir, "spans.csv",
                                    "annotation,type,start,end\n"
                                    "10,Insult,4,9\n"
                                    "11,\"Insult,4,9\n");

    g_assert_false (limn_format_read (limn_format_lookup ("toxic-spans"), f->dir, broken,
                                      NULL, NULL, NULL, &error));
    g_assert_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_MALFORMED);
    g_assert_nonnull (strstr (error->message, "spans.csv:3"));
    g_assert_cmpuint (limn_dataset_get_n_items (broken), ==, 0);
  }

  /* A column it needs missing. */
  {
    g_autoptr(LimnDataset) broken = limn_dataset_new ();
    g_autoptr(GError) error = NULL;
    g_autofree char *s3 = fx_write (f->dir, "spans.csv", "annotation,type,begin,end\n");

    g_assert_false (limn_format_read (limn_format_lookup ("toxic-spans"), f->dir, broken,
                                      NULL, NULL, NULL, &error));
    g_assert_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_MALFORMED);
    g_assert_nonnull (strstr (error->message, "start"));
  }
}

/* Offsets count code points: after an emoji (two UTF-16 units) a span
 * is where Python puts it, and one that fits only in UTF-16 units is left
 * out with that said. */
static void
test_astral (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(LimnDataset) dataset = NULL;
  g_autofree char *regions = NULL;
  g_autofree char *c = fx_write (f->dir, "comments.csv",
                                 "comment_id,comment_text\n"
                                 "1,😀😀 you moron\n");
  g_autofree char *a = fx_write (f->dir, "annotations.csv",
                                 "annotation,comment_id,worker\n"
                                 "1,1,w1\n"
                                 "2,1,w2\n"
                                 "3,1,w3\n");
  g_autofree char *s = fx_write (f->dir, "spans.csv",
                                 "annotation,type,start,end\n"
                                 "1,Insult,7,12\n"
                                 "2,Insult,9,14\n"
                                 "2,Other,0,1\n"
                                 "3,Insult,14,17\n");
  LimnDatasetItem *item;

  dataset = fx_read ("toxic-spans", f->dir, problems);
  fx_print_problems (problems);
  regions = fx_regions (dataset, FX_NAMES);
  g_assert_cmpstr (regions, ==,
                   "1 | w1 | Insult | 7-12 “moron”\n"
                   "1 | w2 | Other | 0-1 “😀”\n");

  /* 9–14 would be “moron” in UTF-16 units; 14–17 fits nowhere. */
  fx_assert_problem (problems, "out-of-range", "spans.csv:3");
  fx_assert_problem (problems, "out-of-range", "spans.csv:5");
  g_assert_false (fx_has_problem (problems, "utf16-offsets", NULL));
  g_assert_nonnull (strstr (limn_format_problems_get (problems, 0)->detail, "UTF-16"));
  g_assert_null (strstr (limn_format_problems_get (problems, 1)->detail, "UTF-16"));

  /* w3 marked nothing that could be used: still one annotation each. */
  item = limn_dataset_lookup_item (dataset, "1");
  g_assert_cmpuint (item->annotations->len, ==, 3);
}

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  const LimnFormat *format = limn_format_lookup ("toxic-spans");
  g_autoptr(LimnDataset) dataset = limn_dataset_new ();
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = sub (f, "out");
  g_autofree char *other = fx_write (f->dir, "a.jsonl", "{\"text\": \"x\"}\n");

  g_assert_nonnull (format);
  g_assert_null (format->write);
  limn_dataset_add_text (dataset, "1", "text");

  g_assert_false (limn_format_write (format, dataset, out, NULL, problems, &error));
  g_assert_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_UNSUPPORTED);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  limn_format_check_write (format, dataset, out, NULL, problems);
  g_assert_cmpuint (limn_format_problems_count (problems, NULL), ==, 0);

  /* Another format's file is not this layout. */
  g_clear_error (&error);
  {
    g_autoptr(LimnDataset) none = limn_dataset_new ();

    g_assert_false (limn_format_read (format, other, none, NULL, NULL, NULL, &error));
    g_assert_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_MALFORMED);
  }
  g_assert_cmpstr (fx_detect (other), !=, "toxic-spans");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fx_setup, func, fx_teardown)
  ADD ("/formats/toxic-spans/sample", test_sample);
  ADD ("/formats/toxic-spans/broken-lines", test_broken_lines);
  ADD ("/formats/toxic-spans/astral", test_astral);
  ADD ("/formats/toxic-spans/read-only", test_read_only);
#undef ADD

  return g_test_run ();
}
