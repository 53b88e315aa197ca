/* test-formats.c
 *
 * The formats seam itself: the table and detection, what limn_format_read()
 * does for every format (nothing half-read, strict mode, pre-labels, the
 * label policy, streaming to a sink in bounded memory), the problem list's
 * bounds, and the dataset's attribute bag.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "limn-formats-test.h"

static void
test_table (void)
{
  const LimnFormat * const *formats = limn_format_list ();
  const char *ids[] = { "limn-project", "image-folder", "text-lines", "coco", "yolo", "voc",
                        "labelme", "label-studio", "spacy", "doccano", "conll", "brat",
                        "toxic-spans" };
  guint n = 0;

  for (; formats[n] != NULL; n++)
    {
      g_assert_nonnull (formats[n]->detect);
      g_assert_nonnull (formats[n]->read);
      /* Only the Toxic Spans layout is read only. */
      g_assert_true (formats[n]->write != NULL || g_str_equal (formats[n]->id, "toxic-spans"));
      g_assert_true (limn_format_lookup (formats[n]->id) == formats[n]);
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (ids));

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_assert_nonnull (limn_format_lookup (ids[i]));
  g_assert_true (limn_format_lookup ("COCO") == limn_format_lookup ("coco"));
  g_assert_null (limn_format_lookup ("tfrecord"));
}

static void
test_detect_unknown (void)
{
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *plain = fx_write (dir, "notes.md", "# Shopping\n\n- milk\n- bread\n");
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  g_autoptr(GError) error = NULL;
  guint confidence = 7;

  g_assert_null (limn_format_detect (plain, &confidence, &error));
  g_assert_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_UNKNOWN);
  g_assert_cmpuint (confidence, ==, 0);
  g_clear_error (&error);

  g_assert_null (limn_format_detect (missing, NULL, &error));
  g_assert_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_NOT_FOUND);

  limn_test_rm_rf (dir);
}

static gboolean
in_table (const LimnFormat *format)
{
  const LimnFormat * const *formats = limn_format_list ();

  for (guint i = 0; formats[i] != NULL; i++)
    if (formats[i] == format)
      return TRUE;

  return FALSE;
}

/* Limn's own sources are formats like the others: registered in the
 * table, and found by detection (with what the other formats claim left
 * to them). */
static void
test_detect_own (void)
{
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *project = fx_write (dir, "project.json",
                                       "{\"format\": \"limn-project\", \"version\": 1, \"name\": \"P\", "
                                       "\"labels\": [{\"name\": \"A\"}], \"tasks\": [{\"text\": \"x\"}]}\n");
  g_autofree char *folder = g_build_filename (dir, "photos", NULL);
  g_autofree char *png = fx_png (folder, "a.png", 8, 6);
  g_autofree char *labels = fx_write (folder, "labels.txt", "cat\ndog\n");
  g_autofree char *lines = fx_write (dir, "docs.txt", "First document\nSecond one\n");
  g_autofree char *demo = g_build_filename (g_getenv ("LIMN_SOURCE_ROOT"), "data", "demo",
                                            "project.json", NULL);
  struct { const char *path; const char *id; } cases[] = {
    { project, "limn-project" },
    { demo, "limn-project" },
    { folder, "image-folder" },
    { lines, "text-lines" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      const LimnFormat *format = limn_format_detect (cases[i].path, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (format->id, ==, cases[i].id);
      g_assert_true (in_table (format));
      g_assert_true (limn_format_lookup (cases[i].id) == format);
    }

  limn_test_rm_rf (dir);
}

static const char records[] =
  "{\"text\": \"Ann saw Bob\", \"spans\": [{\"start\": 0, \"end\": 3, \"label\": \"PER\"}, "
  "{\"start\": 8, \"end\": 11, \"label\": \"ORG\"}]}\n"
  "{\"text\": \"Eve\", \"spans\": [{\"start\": 0, \"end\": 30, \"label\": \"PER\"}]}\n";

static void
test_strict (void)
{
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *path = fx_write (dir, "a.jsonl", records);
  g_autoptr(LimnDataset) dataset = limn_dataset_new ();
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(GError) error = NULL;
  LimnFormatReadOptions options = { 0 };

  options.strict = TRUE;
  limn_dataset_add_label (dataset, "PER", NULL, NULL);
  g_assert_false (limn_format_read (limn_format_lookup ("spacy"), path, dataset, &options, problems,
                                    NULL, &error));
  g_assert_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_STRICT);
  g_test_message ("%s", error->message);
  /* Nothing read, the label set as it was, and the problems say why. */
  g_assert_cmpuint (limn_dataset_get_n_items (dataset), ==, 0);
  g_assert_cmpuint (limn_dataset_get_n_labels (dataset), ==, 1);
  fx_assert_problem (problems, "out-of-range", "a.jsonl:2");

  limn_test_rm_rf (dir);
}

static void
test_label_policy (void)
{
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *path = fx_write (dir, "a.jsonl", records);
  g_autoptr(LimnDataset) dataset = limn_dataset_new ();
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(GError) error = NULL;
  LimnFormatReadOptions options = { 0 };
  g_autofree char *regions = NULL;

  options.unknown_labels = LIMN_FORMAT_LABELS_SKIP;
  limn_dataset_add_label (dataset, "PER", NULL, "#3584e4");
  g_assert_true (limn_format_read (limn_format_lookup ("spacy"), path, dataset, &options, problems,
                                   NULL, &error));
  g_assert_no_error (error);
  regions = fx_regions (dataset, FX_NAMES);
  g_assert_cmpstr (regions, ==, "line 1 | - | PER | 0-3 “Ann”\n");
  fx_assert_problem (problems, "unknown-label", "a.jsonl:1");
  g_assert_cmpuint (limn_dataset_get_n_labels (dataset), ==, 1);
  g_assert_cmpstr (limn_dataset_get_label (dataset, 0)->color, ==, "#3584e4");

  limn_test_rm_rf (dir);
}

static void
test_pre_labels (void)
{
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *path = fx_write (dir, "a.jsonl", records);
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  LimnFormatReadOptions options = { TRUE, "tagger", "2.1" };
  g_autoptr(LimnDataset) dataset = fx_read_with ("spacy", path, &options, problems);
  LimnDatasetItem *item = limn_dataset_get_item (dataset, 0);
  LimnDatasetAnnotation *set;
  LimnDatasetCounts counts;

  /* Never annotations: suggestions of the model named. */
  g_assert_cmpuint (item->annotations->len, ==, 0);
  g_assert_cmpuint (item->suggestions->len, ==, 1);
  set = g_ptr_array_index (item->suggestions, 0);
  g_assert_cmpstr (set->model, ==, "tagger");
  g_assert_cmpstr (set->model_version, ==, "2.1");
  limn_dataset_get_counts (dataset, &counts);
  g_assert_cmpuint (counts.suggested, ==, 2);
  g_assert_cmpuint (counts.spans, ==, 0);

  limn_test_rm_rf (dir);
}

typedef struct
{
  guint64 items;
  guint   most_held;
} Sunk;

static gboolean
sink (LimnDataset      *dataset,
      LimnDatasetItem  *item,
      gpointer          user_data,
      GError          **error)
{
  Sunk *sunk = user_data;

  sunk->items++;
  sunk->most_held = MAX (sunk->most_held, limn_dataset_get_n_items (dataset));
  g_assert_cmpuint (item->kind, ==, LIMN_TASK_TEXT);
  return TRUE;
}

static gboolean
failing_sink (LimnDataset      *dataset,
              LimnDatasetItem  *item,
              gpointer          user_data,
              GError          **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "full");
  return FALSE;
}

/* A line format hands each record over as it is read: memory holds one. */
static void
test_sink (void)
{
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "many.jsonl", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(LimnDataset) dataset = limn_dataset_new ();
  g_autoptr(GError) error = NULL;
  LimnDatasetCounts counts;
  Sunk sunk = { 0 };

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (text, "{\"text\": \"record %u\", \"spans\": [{\"start\": 0, \"end\": 6, "
                            "\"label\": \"R\"}]}\n", i);
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));

  limn_dataset_set_sink (dataset, sink, &sunk);
  g_assert_true (limn_format_read (limn_format_lookup ("spacy"), path, dataset, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sunk.items, ==, 5000);
  g_assert_cmpuint (sunk.most_held, ==, 1);
  g_assert_cmpuint (limn_dataset_get_n_items (dataset), ==, 0);

  limn_dataset_get_counts (dataset, &counts);
  g_assert_cmpuint (counts.items, ==, 5000);
  g_assert_cmpuint (counts.spans, ==, 5000);

  /* A sink that fails stops the read with its error. */
  g_clear_pointer (&dataset, limn_dataset_free);
  dataset = limn_dataset_new ();
  limn_dataset_set_sink (dataset, failing_sink, NULL);
  g_assert_false (limn_format_read (limn_format_lookup ("spacy"), path, dataset, NULL, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);

  limn_test_rm_rf (dir);
}

static void
test_cancel (void)
{
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "many.jsonl", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(LimnDataset) dataset = limn_dataset_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 2000; i++)
    g_string_append (text, "{\"text\": \"a\"}\n");
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));

  g_cancellable_cancel (cancellable);
  g_assert_false (limn_format_read (limn_format_lookup ("spacy"), path, dataset, NULL, NULL,
                                    cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (limn_dataset_get_n_items (dataset), ==, 0);

  limn_test_rm_rf (dir);
}

static void
test_problems_bounded (void)
{
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(GPtrArray) kinds = NULL;

  for (guint i = 0; i < 10000; i++)
    limn_format_problems_add (problems, "f:1", "bad-line", LIMN_FORMAT_SKIPPED, "line %u", i);
  limn_format_problems_add (problems, "f:2", "clamped", LIMN_FORMAT_CONVERTED, "once");

  g_assert_cmpuint (limn_format_problems_get_n (problems), ==, LIMN_FORMAT_PROBLEMS_KEEP + 1);
  g_assert_cmpuint (limn_format_problems_count (problems, "bad-line"), ==, 10000);
  g_assert_cmpuint (limn_format_problems_count (problems, NULL), ==, 10001);
  g_assert_cmpuint (limn_format_problems_count_action (problems, LIMN_FORMAT_CONVERTED), ==, 1);
  g_assert_cmpstr (limn_format_problems_get (problems, LIMN_FORMAT_PROBLEMS_KEEP)->kind, ==, "clamped");
  kinds = limn_format_problems_get_kinds (problems);
  g_assert_cmpuint (kinds->len, ==, 2);
  g_assert_cmpstr (limn_format_action_to_string (LIMN_FORMAT_KEPT), ==, "kept");
}

static void
test_attrs (void)
{
  LimnAttrs attrs = NULL;

  g_assert_null (limn_attrs_get (attrs, "iscrowd"));
  limn_attrs_set (&attrs, "iscrowd", "1");
  limn_attrs_set (&attrs, "pose", "Left");
  limn_attrs_set (&attrs, "iscrowd", "0");
  g_assert_cmpstr (limn_attrs_get (attrs, "iscrowd"), ==, "0");
  g_assert_cmpstr (limn_attrs_get (attrs, "pose"), ==, "Left");
  limn_attrs_set (&attrs, "iscrowd", NULL);
  g_assert_null (limn_attrs_get (attrs, "iscrowd"));
  g_assert_cmpstr (attrs[0], ==, "pose");
  limn_attrs_set (&attrs, "missing", NULL);
  limn_attrs_set (&attrs, "pose", NULL);
  g_assert_null (attrs);
}

static void
test_dataset (void)
{
  g_autoptr(LimnDataset) dataset = limn_dataset_new ();
  LimnDatasetItem *a = limn_dataset_add_image (dataset, "a.jpg", NULL, 10, 10);
  LimnDatasetItem *b;
  g_autoptr(GPtrArray) annotators = NULL;
  LimnBox box = { 1, 2, 3, 4 };

  g_assert_cmpuint (limn_dataset_add_label (dataset, "car", "3", NULL), ==, 0);
  g_assert_cmpuint (limn_dataset_add_label (dataset, "car", "9", "#ffffff"), ==, 0);
  g_assert_cmpstr (limn_dataset_get_label (dataset, 0)->id, ==, "3");
  g_assert_cmpint (limn_dataset_find_label_id (dataset, "3"), ==, 0);
  g_assert_cmpint (limn_dataset_find_label (dataset, "bus"), ==, -1);

  limn_dataset_annotation_add_box (limn_dataset_item_annotation (a, "bob"), 0, &box);
  limn_dataset_annotation_add_box (limn_dataset_item_annotation (a, NULL), 0, &box);
  g_assert_true (limn_dataset_item_annotation (a, "bob") == g_ptr_array_index (a->annotations, 0));
  annotators = limn_dataset_list_annotators (dataset);
  g_assert_cmpuint (annotators->len, ==, 2);
  g_assert_null (g_ptr_array_index (annotators, 0));

  /* Room for what a Limn project file says beyond the formats. */
  limn_dataset_set_attr (dataset, "guidelines", "# Box people tightly");
  limn_attrs_set (&limn_dataset_edit_label (dataset, 0)->attrs, "hotkey", "1");
  g_assert_cmpstr (limn_dataset_get_attr (dataset, "guidelines"), ==, "# Box people tightly");
  g_assert_cmpstr (limn_attrs_get (limn_dataset_get_label (dataset, 0)->attrs, "hotkey"), ==, "1");

  b = limn_dataset_add_text (dataset, "a.jpg", "same name");
  g_assert_true (limn_dataset_lookup_item (dataset, "a.jpg") == a);
  limn_dataset_add_label (dataset, "bus", NULL, NULL);
  limn_dataset_truncate (dataset, 1, 1);
  g_assert_cmpuint (limn_dataset_get_n_items (dataset), ==, 1);
  g_assert_cmpuint (limn_dataset_get_n_labels (dataset), ==, 1);
  g_assert_true (limn_dataset_lookup_item (dataset, "a.jpg") == a);
  (void) b;
}

/* The string literals of a call's @arg-th argument (from 0) that are the
 * argument or a branch of it (not inside a nested call): the kind ids a
 * call of limn_format_problems_add() or the server import's skip() names. */
static void
call_kinds (const char *text,
            const char *call,
            guint       arg,
            GHashTable *kinds)
{
  const char *at = text;

  while ((at = strstr (at, call)) != NULL)
    {
      const char *p = at + strlen (call);
      guint depth = 1, index = 0;

      at = p;
      while (*p != '\0' && depth > 0)
        {
          if (*p == '"')
            {
              const char *start = ++p;

              while (*p != '\0' && *p != '"')
                p += *p == '\\' && p[1] != '\0' ? 2 : 1;
              if (index == arg && depth == 1 && p > start &&
                  strspn (start, "abcdefghijklmnopqrstuvwxyz0123456789-_") == (gsize) (p - start))
                g_hash_table_add (kinds, g_strndup (start, p - start));
            }
          else if (*p == '\'')
            p += p[1] == '\\' ? 3 : 2;
          else if (*p == '(')
            depth++;
          else if (*p == ')')
            depth--;
          else if (*p == ',' && depth == 1)
            index++;
          if (*p != '\0')
            p++;
        }
    }
}

static void
collect_kinds (const char *dir,
               GHashTable *kinds)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *text = NULL;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          collect_kinds (path, kinds);
          continue;
        }
      if (!g_str_has_suffix (name, ".c"))
        continue;
      g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
      call_kinds (text, "limn_format_problems_add (", 2, kinds);
      if (g_str_equal (name, "limn-server-import.c"))
        call_kinds (text, "skip (", 2, kinds);
    }
}

/* Every problem kind the sources report has words for people (the Import
 * dialog shows those, not the ids), and the table stays sorted. */
static void
test_problem_words (void)
{
  g_autofree char *src = g_build_filename (g_getenv ("LIMN_SOURCE_ROOT"), "src", NULL);
  g_autoptr(GHashTable) kinds = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* Named through a function, not at the call (limn-format-read.c). */
  const char *indirect[] = { "utf16-offsets", "byte-offsets", "crlf-offsets",
                             "code-point-offsets" };
  GHashTableIter iter;
  gpointer kind;

  collect_kinds (src, kinds);
  /* The scan finds the kinds at all (about ninety when this was written). */
  g_assert_cmpuint (g_hash_table_size (kinds), >, 80);
  g_assert_true (g_hash_table_contains (kinds, "answer-reject"));
  g_assert_true (g_hash_table_contains (kinds, "span-outside"));
  g_assert_false (g_hash_table_contains (kinds, "reject"));
  for (guint i = 0; i < G_N_ELEMENTS (indirect); i++)
    g_hash_table_add (kinds, g_strdup (indirect[i]));

  g_hash_table_iter_init (&iter, kinds);
  while (g_hash_table_iter_next (&iter, &kind, NULL))
    {
      const char *words = limn_format_problem_kind_describe (kind);

      if (words == NULL)
        g_test_message ("no words for the problem kind “%s”", (const char *) kind);
      g_assert_nonnull (words);
      g_assert_cmpstr (words, !=, kind);
      g_assert_true (g_unichar_isupper (g_utf8_get_char (words)));
    }

  for (guint i = 1; limn_format_problem_kind_nth (i) != NULL; i++)
    g_assert_cmpint (strcmp (limn_format_problem_kind_nth (i - 1),
                             limn_format_problem_kind_nth (i)), <, 0);
  g_assert_null (limn_format_problem_kind_describe ("no-such-kind"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/formats/table", test_table);
  g_test_add_func ("/formats/detect-unknown", test_detect_unknown);
  g_test_add_func ("/formats/detect-own", test_detect_own);
  g_test_add_func ("/formats/strict", test_strict);
  g_test_add_func ("/formats/label-policy", test_label_policy);
  g_test_add_func ("/formats/pre-labels", test_pre_labels);
  g_test_add_func ("/formats/sink", test_sink);
  g_test_add_func ("/formats/cancel", test_cancel);
  g_test_add_func ("/formats/problems-bounded", test_problems_bounded);
  g_test_add_func ("/formats/attrs", test_attrs);
  g_test_add_func ("/formats/dataset", test_dataset);
  g_test_add_func ("/formats/problem-words", test_problem_words);

  return g_test_run ();
}
