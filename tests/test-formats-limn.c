/* test-formats-limn.c
 *
 * Limn's own sources behind the formats seam: the project file read and
 * written back with its labels, guidelines, tasks and suggestions; a
 * folder of images with labels.txt; a text file of lines or JSONL. What
 * they cannot hold is reported, and their faults are LIMN_IMPORT_ERRORs
 * that say where.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "formats/limn-import.h"
#include "limn-formats-test.h"

static char *
demo_path (void)
{
  return g_build_filename (g_getenv ("LIMN_SOURCE_ROOT"), "data", "demo", "project.json", NULL);
}

/* What a Limn source says beyond regions, as text lines: the dataset's
 * attributes, each label and each item. */
static char *
describe (LimnDataset *dataset)
{
  static const char * const keys[] = { "id", "name", "kind", "guidelines", "confidence_steps" };
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_string_append_printf (out, "%s=%s\n", keys[i], limn_dataset_get_attr (dataset, keys[i]));

  for (guint i = 0; i < limn_dataset_get_n_labels (dataset); i++)
    {
      const LimnDatasetLabel *l = limn_dataset_get_label (dataset, i);

      g_string_append_printf (out, "label %s %s %s %s\n", l->name, l->color,
                              limn_attrs_get (l->attrs, "hotkey"),
                              limn_attrs_get (l->attrs, "description"));
    }

  for (guint i = 0; i < limn_dataset_get_n_items (dataset); i++)
    {
      LimnDatasetItem *item = limn_dataset_get_item (dataset, i);
      g_autofree char *base = item->path ? g_path_get_basename (item->path) : NULL;

      g_string_append_printf (out, "item %s %dx%d %s | %s %s %s\n", base, item->width, item->height,
                              item->text, limn_attrs_get (item->attrs, "id"),
                              limn_attrs_get (item->attrs, "language"),
                              limn_attrs_get (item->attrs, "direction"));
    }

  return g_string_free (out, FALSE);
}

static void
test_project_round_trip (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *demo = demo_path ();
  g_autofree char *out = sub (f, "elsewhere/project.json");
  g_autofree char *out_dir = sub (f, "elsewhere");
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(LimnDataset) first = NULL;
  g_autoptr(LimnDataset) second = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  /* The suggestions (with scores and model versions) come back the same … */
  g_assert_cmpint (g_mkdir_with_parents (out_dir, 0755), ==, 0);
  fx_round_trip ("limn-project", demo, out, 0);

  /* … and so does everything else the file says, with the images found
   * from the new place. */
  first = fx_read ("limn-project", demo, problems);
  second = fx_read ("limn-project", out, problems);
  a = describe (first);
  b = describe (second);
  g_assert_cmpstr (a, ==, b);
  g_assert_nonnull (strstr (a, "label Person #3584e4 1 "));
  g_assert_cmpuint (limn_format_problems_get_n (problems), ==, 0);
}

/* A project's guardrails (docs/guardrails.md) come in checked and go back
 * out; a rule Limn does not know refuses the file when it is opened. */
static void
test_project_guardrails (Fixture       *f,
                         gconstpointer  data)
{
  static const char good[] =
    "{\"format\": \"limn-project\", \"version\": 1, \"name\": \"G\", \"kind\": \"text\","
    " \"labels\": [{\"name\": \"Person\"}],"
    " \"guardrails\": {\"rules\": [{\"id\": \"words\", \"rule\": \"span_words\","
    "                 \"severity\": \"warn\"}]},"
    " \"tasks\": [{\"text\": \"Hello\"}]}";
  static const char bad[] =
    "{\"format\": \"limn-project\", \"version\": 1, \"name\": \"G\", \"kind\": \"text\","
    " \"labels\": [{\"name\": \"Person\"}],"
    " \"guardrails\": {\"rules\": [{\"id\": \"words\", \"rule\": \"spelling\","
    "                 \"severity\": \"warn\"}]},"
    " \"tasks\": [{\"text\": \"Hello\"}]}";
  g_autofree char *in = fx_write (f->dir, "g.json", good);
  g_autofree char *broken = fx_write (f->dir, "bad.json", bad);
  g_autofree char *out = sub (f, "g2.json");
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(LimnDataset) first = fx_read ("limn-project", in, problems);
  g_autoptr(LimnDataset) second = NULL;
  g_autoptr(LimnDataset) refused = limn_dataset_new ();
  g_autoptr(GError) error = NULL;
  const char *rules = limn_dataset_get_attr (first, "guardrails");

  g_assert_nonnull (rules);
  g_assert_nonnull (strstr (rules, "\"span_words\""));
  fx_write_as ("limn-project", first, out, problems);
  second = fx_read ("limn-project", out, problems);
  g_assert_cmpstr (limn_dataset_get_attr (second, "guardrails"), ==, rules);

  g_assert_false (limn_format_read (limn_format_lookup ("limn-project"), broken, refused, NULL,
                                    problems, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "guardrails.rules[0].rule"));
}

static const char annotated[] =
  "{\"text\": \"Ann met Bob\", \"spans\": [{\"start\": 0, \"end\": 3, \"label\": \"PER\"}]}\n";

/* A project file holds what there is to label and one model's
 * suggestions a task; the rest is reported, once each. */
static void
test_project_write_reports (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *in = fx_write (f->dir, "a.jsonl", annotated);
  g_autofree char *out = sub (f, "p.json");
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(LimnFormatProblems) again = limn_format_problems_new ();
  g_autoptr(LimnDataset) dataset = fx_read ("spacy", in, problems);
  g_autoptr(LimnDataset) back = NULL;
  LimnDatasetItem *item = limn_dataset_get_item (dataset, 0);
  LimnDatasetAnnotation *set;
  g_autofree char *regions = NULL;

  set = limn_dataset_item_suggestion (item, "tagger", "1");
  limn_dataset_annotation_add_span (set, 0, 8, 11, "Bob")->score = 0.5;
  set = limn_dataset_item_suggestion (item, "tagger", "2");
  limn_dataset_annotation_add_span (set, 0, 0, 3, "Ann");

  fx_write_as ("limn-project", dataset, out, problems);
  fx_assert_problem (problems, "annotations-not-written", "p.json");
  fx_assert_problem (problems, "suggestions-not-written", "p.json");
  g_assert_false (fx_has_problem (problems, "split-by-annotator", NULL));

  back = fx_read ("limn-project", out, again);
  regions = fx_regions (back, 0);
  g_assert_cmpstr (regions, ==, "task 1 | model 1 | PER | 8-11 “Bob” score 0.5000\n");
}

static void
test_image_folder (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *folder = sub (f, "photos");
  g_autofree char *b = fx_png (folder, "b.png", 30, 20);
  g_autofree char *a = fx_png (folder, "a.png", 10, 8);
  g_autofree char *labels = fx_write (folder, "labels.txt", "# classes\n__ignore__\ncat\n dog \n");
  g_autofree char *notes = fx_write (folder, "notes.txt", "not an image");
  g_autofree char *out = sub (f, "copy");
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(LimnDataset) dataset = fx_read ("image-folder", folder, problems);
  g_autoptr(LimnDataset) back = NULL;
  g_autoptr(LimnDataset) typed = limn_dataset_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  /* In name order, sized, with the labels of labels.txt. */
  first = describe (dataset);
  g_assert_cmpuint (limn_dataset_get_n_items (dataset), ==, 2);
  g_assert_nonnull (strstr (first, "label cat (null) (null) (null)\nlabel dog (null) (null) (null)\n"
                                   "item a.png 10x8 (null)"));
  g_assert_nonnull (strstr (first, "item b.png 30x20"));
  g_assert_cmpstr (limn_dataset_get_attr (dataset, "name"), ==, "photos");

  /* Written as links and labels.txt, read back the same; a label
   * labels.txt cannot hold is reported. */
  limn_dataset_add_label (dataset, "# not a comment", NULL, NULL);
  limn_dataset_add_label (dataset, "two\nlines", NULL, NULL);
  fx_write_as ("image-folder", dataset, out, problems);
  fx_assert_problem (problems, "label-lost", "labels.txt");
  fx_assert_problem (problems, "label-renamed", "labels.txt");
  back = fx_read ("image-folder", out, problems);
  g_assert_cmpuint (limn_dataset_get_n_items (back), ==, 2);
  g_assert_cmpint (limn_dataset_find_label (back, "two lines"), ==, 2);
  g_assert_cmpuint (limn_dataset_get_n_labels (back), ==, 3);

  /* A label set given beforehand (typed in the app, a server project's)
   * is kept, and labels.txt is not read. */
  limn_dataset_add_label (typed, "person", NULL, NULL);
  g_assert_true (limn_format_read (limn_format_lookup ("image-folder"), folder, typed, NULL, NULL,
                                   NULL, &error));
  g_assert_cmpuint (limn_dataset_get_n_labels (typed), ==, 1);

  /* One unreadable image refuses the folder, naming it. */
  g_clear_pointer (&back, limn_dataset_free);
  back = limn_dataset_new ();
  g_free (fx_write (folder, "c.png", "not a PNG"));
  g_assert_false (limn_format_read (limn_format_lookup ("image-folder"), folder, back, NULL, NULL,
                                    NULL, &error));
  g_assert_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "c.png"));
  g_assert_cmpuint (limn_dataset_get_n_items (back), ==, 0);
  g_assert_cmpuint (limn_dataset_get_n_labels (back), ==, 0);
}

static void
test_text_lines (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *jsonl = fx_write (f->dir, "docs.jsonl",
                                     "{\"text\": \"Hello Paris\", \"language\": \"en\", \"id\": 17}\r\n"
                                     "\n"
                                     "{\"text\": \"مرحبا\", \"direction\": \"rtl\", \"id\": \"a-7\"}\n");
  g_autofree char *txt = fx_write (f->dir, "docs.txt", "one\r\n\n  \ntwo 👩‍💻\n");
  g_autofree char *out = sub (f, "out.jsonl");
  g_autofree char *flat = sub (f, "flat.txt");
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(LimnDataset) records = fx_read ("text-lines", jsonl, problems);
  g_autoptr(LimnDataset) lines = fx_read ("text-lines", txt, problems);
  g_autoptr(LimnDataset) back = NULL;
  g_autofree char *before = describe (records);
  g_autofree char *after = NULL;
  LimnDatasetItem *item;

  g_assert_cmpstr (strstr (before, "name="), ==,
                   "name=docs.jsonl\nkind=text\nguidelines=(null)\nconfidence_steps=(null)\n"
                   "item (null) 0x0 Hello Paris | 17 en (null)\n"
                   "item (null) 0x0 مرحبا | a-7 (null) rtl\n");
  g_assert_cmpstr (limn_attrs_get (limn_dataset_get_item (records, 1)->attrs, "line"), ==, "3");

  /* Blank lines are not documents; a CR before the newline is no text. */
  g_assert_cmpuint (limn_dataset_get_n_items (lines), ==, 2);
  item = limn_dataset_get_item (lines, 1);
  g_assert_cmpstr (item->text, ==, "two 👩‍💻");
  g_assert_cmpstr (limn_attrs_get (item->attrs, "key"), ==, "4");
  g_assert_cmpstr (limn_dataset_get_item (lines, 0)->text, ==, "one");

  fx_write_as ("text-lines", records, out, problems);
  back = fx_read ("text-lines", out, problems);
  after = describe (back);
  g_assert_cmpstr (strstr (after, "item"), ==, strstr (before, "item"));

  /* One line a document: a line break inside a text cannot be kept. */
  limn_dataset_add_text (records, "x", "split\nin two");
  fx_write_as ("text-lines", records, flat, problems);
  fx_assert_problem (problems, "text-respaced", "flat.txt");
  g_clear_pointer (&back, limn_dataset_free);
  back = fx_read ("text-lines", flat, problems);
  g_assert_cmpstr (limn_dataset_get_item (back, 2)->text, ==, "split in two");
}

static void
check_refused (Fixture    *f,
               const char *contents,
               int         code,
               const char *needle)
{
  g_autofree char *path = fx_write (f->dir, "bad.jsonl", contents);
  g_autoptr(LimnDataset) dataset = limn_dataset_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (limn_format_read (limn_format_lookup ("text-lines"), path, dataset, NULL, NULL,
                                    NULL, &error));
  g_assert_error (error, LIMN_IMPORT_ERROR, code);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” not in “%s”", needle, error->message);
  g_assert_cmpuint (limn_dataset_get_n_items (dataset), ==, 0);
}

/* The rules the app and the server share for a JSONL line. */
static void
test_text_lines_refused (Fixture       *f,
                         gconstpointer  data)
{
  check_refused (f, "{\"text\": \"a\"}\n{\"text\": \"\"}\n", LIMN_IMPORT_ERROR_INVALID, "Line 2");
  check_refused (f, "{\"text\": \"a\", \"id\": true}\n", LIMN_IMPORT_ERROR_FORMAT, "“id”");
  check_refused (f, "{\"text\": \"a\", \"direction\": \"up\"}\n", LIMN_IMPORT_ERROR_INVALID,
                 "direction");
  check_refused (f, "\n \n", LIMN_IMPORT_ERROR_NO_TASKS, "bad.jsonl");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fx_setup, func, fx_teardown)
  ADD ("/formats/limn/project-round-trip", test_project_round_trip);
  ADD ("/formats/limn/project-write-reports", test_project_write_reports);
  ADD ("/formats/limn/project-guardrails", test_project_guardrails);
  ADD ("/formats/limn/image-folder", test_image_folder);
  ADD ("/formats/limn/text-lines", test_text_lines);
  ADD ("/formats/limn/text-lines-refused", test_text_lines_refused);
#undef ADD

  return g_test_run ();
}
