/* test-store-export.c
 *
 * A real store file: labeled work imported into it (two and three
 * annotators, a reviewer's acceptance, a model's suggestions), exported
 * with limn_store_export_dataset() in every way, written in every format
 * that holds annotations and read back with the same readers: the same
 * regions come back. The async write leaves nothing behind when cancelled.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "limn-formats-test.h"
#include "model/limn-review.h"
#include "store/limn-store-export.h"
#include "store/limn-store-import.h"
#include "store/limn-store-review.h"

typedef struct
{
  char        *dir;
  LimnStore   *store;
  char        *db;
  LimnProject *images;
  LimnProject *texts;
} Store;

static void
add_box (LimnDatasetItem *item,
         const char      *who,
         guint            label,
         double x, double y, double w, double h)
{
  LimnBox box = { x, y, w, h };

  limn_dataset_annotation_add_box (limn_dataset_item_annotation (item, who), label, &box);
}

static void
add_span (LimnDatasetItem *item,
          const char      *who,
          guint            label,
          gint64           start,
          gint64           end)
{
  g_autofree char *text = g_utf8_substring (item->text, start, end);

  limn_dataset_annotation_add_span (limn_dataset_item_annotation (item, who), label, start, end, text);
}

static void
store_setup (Store         *s,
             gconstpointer  data)
{
  g_autoptr(LimnDataset) images = limn_dataset_new ();
  g_autoptr(LimnDataset) texts = limn_dataset_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL, *b = NULL;
  LimnDatasetItem *item;
  LimnBox box = { 300, 200, 50, 40 };

  s->dir = limn_test_mkdtemp ();
  s->db = g_build_filename (s->dir, "limn.db", NULL);
  s->store = limn_store_open (s->db, &error);
  g_assert_no_error (error);

  /* Images: ada and bob on both, cyd on the first; a suggestion. */
  a = fx_png (s->dir, "photos/a.png", 640, 480);
  b = fx_png (s->dir, "photos/b.png", 320, 240);
  limn_dataset_set_attr (images, "name", "Street");
  limn_dataset_set_attr (images, "source", a);
  limn_dataset_add_label (images, "car", NULL, NULL);
  limn_dataset_add_label (images, "person", NULL, NULL);
  item = limn_dataset_add_image (images, "a.png", a, 640, 480);
  add_box (item, "ada", 0, 10.5, 20.25, 100, 80);
  add_box (item, "ada", 1, 400, 100, 30, 90);
  add_box (item, "bob", 0, 12, 22, 98, 78);
  add_box (item, "bob", 0, 402, 101, 29, 88);     /* bob says car where ada says person */
  add_box (item, "cyd", 1, 399, 99, 31, 91);
  add_box (item, "cyd", 1, 600, 400, 20, 20);     /* cyd alone */
  limn_dataset_annotation_add_box (limn_dataset_item_suggestion (item, NULL, "det-3"), 0, &box)->score = 0.75;
  item = limn_dataset_add_image (images, "b.png", b, 320, 240);
  add_box (item, "ada", 1, 0, 0, 320, 240);
  add_box (item, "bob", 1, 1, 1, 318, 238);
  s->images = limn_store_import_labeled (s->store, images, &error);
  g_assert_no_error (error);

  /* Texts, single-spaced with spans on word edges: CoNLL keeps them. */
  limn_dataset_set_attr (texts, "name", "News");
  limn_dataset_set_attr (texts, "source", "news.jsonl");
  limn_dataset_add_label (texts, "PER", NULL, NULL);
  limn_dataset_add_label (texts, "LOC", NULL, NULL);
  item = limn_dataset_add_text (texts, "d1", "Ada Lovelace lives in London .");
  add_span (item, "ada", 0, 0, 12);
  add_span (item, "ada", 1, 22, 28);
  add_span (item, "bob", 0, 0, 3);
  item = limn_dataset_add_text (texts, "d2", "Bob went to Paris .");
  add_span (item, "ada", 1, 12, 17);
  add_span (item, "bob", 1, 12, 17);
  add_span (item, "bob", 0, 0, 3);
  s->texts = limn_store_import_labeled (s->store, texts, &error);
  g_assert_no_error (error);
}

static void
store_teardown (Store         *s,
                gconstpointer  data)
{
  g_clear_object (&s->images);
  g_clear_object (&s->texts);
  g_clear_object (&s->store);
  limn_test_rm_rf (s->dir);
  g_free (s->dir);
  g_free (s->db);
}

/* "item | who | label | geometry", sorted; texts by their first words,
 * since not every format keeps a document's name or order. With
 * @provenance, each region's "provenance:" attributes too, sorted. */
static char *
regions_with (LimnDataset *dataset,
              gboolean     who,
              gboolean     provenance)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < limn_dataset_get_n_items (dataset); i++)
    {
      LimnDatasetItem *item = limn_dataset_get_item (dataset, i);
      g_autofree char *name = item->kind == LIMN_TASK_IMAGE ? g_path_get_basename (item->name)
                              : g_utf8_substring (item->text, 0, 8);

      for (guint j = 0; j < item->annotations->len; j++)
        {
          LimnDatasetAnnotation *a = g_ptr_array_index (item->annotations, j);

          for (guint r = 0; r < a->regions->len; r++)
            {
              LimnDatasetRegion *region = &g_array_index (a->regions, LimnDatasetRegion, r);
              const char *label = limn_dataset_get_label (dataset, region->label)->name;
              g_autoptr(GPtrArray) keys = g_ptr_array_new ();
              GString *line = g_string_new (NULL);

              if (region->kind == LIMN_REGION_BOX)
                g_string_append_printf (line, "%s | %s | %s | %.2f %.2f %.2f %.2f", name,
                                        who ? a->annotator : "-", label,
                                        region->box.x, region->box.y,
                                        region->box.w, region->box.h);
              else
                g_string_append_printf (line, "%s | %s | %s | %" G_GINT64_FORMAT
                                        " %" G_GINT64_FORMAT " %s", name,
                                        who ? a->annotator : "-", label,
                                        region->start, region->end, region->text);
              for (guint k = 0; provenance && region->attrs && region->attrs[k]; k += 2)
                if (g_str_has_prefix (region->attrs[k], "provenance:"))
                  g_ptr_array_add (keys, g_strdup_printf ("%s=%s", region->attrs[k],
                                                          region->attrs[k + 1]));
              g_ptr_array_sort (keys, fx_compare_lines);
              for (guint k = 0; k < keys->len; k++)
                {
                  g_string_append_printf (line, " %s", (char *) g_ptr_array_index (keys, k));
                  g_free (g_ptr_array_index (keys, k));
                }
              g_ptr_array_add (lines, g_string_free (line, FALSE));
            }
        }
    }

  g_ptr_array_sort (lines, fx_compare_lines);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (const char *) g_ptr_array_index (lines, i));

  return g_string_free (out, FALSE);
}

static char *
regions (LimnDataset *dataset,
         gboolean     who)
{
  return regions_with (dataset, who, FALSE);
}

static LimnDataset *
export (Store                   *s,
        LimnProject             *project,
        const LimnExportOptions *options)
{
  g_autoptr(GError) error = NULL;
  LimnDataset *dataset = limn_store_export_dataset (s->store, limn_project_get_id (project),
                                                    options, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (dataset);
  return dataset;
}

static void
test_export_all (Store         *s,
                 gconstpointer  data)
{
  g_autoptr(LimnDataset) dataset = export (s, s->images, NULL);
  g_autofree char *got = regions (dataset, TRUE);
  LimnDatasetItem *a = limn_dataset_get_item (dataset, 0);
  LimnDatasetAnnotation *ada = limn_dataset_item_annotation (a, "ada");
  LimnDatasetRegion *r = &g_array_index (ada->regions, LimnDatasetRegion, 0);
  LimnDatasetCounts counts;

  g_assert_cmpstr (got, ==,
                   "a.png | ada | car | 10.50 20.25 100.00 80.00\n"
                   "a.png | ada | person | 400.00 100.00 30.00 90.00\n"
                   "a.png | bob | car | 12.00 22.00 98.00 78.00\n"
                   "a.png | bob | car | 402.00 101.00 29.00 88.00\n"
                   "a.png | cyd | person | 399.00 99.00 31.00 91.00\n"
                   "a.png | cyd | person | 600.00 400.00 20.00 20.00\n"
                   "b.png | ada | person | 0.00 0.00 320.00 240.00\n"
                   "b.png | bob | person | 1.00 1.00 318.00 238.00\n");

  /* Provenance on each region; the suggestion apart, with its score. */
  g_assert_cmpstr (limn_attrs_get (r->attrs, "provenance:annotator"), ==, "ada");
  g_assert_nonnull (limn_attrs_get (r->attrs, "provenance:submitted"));
  g_assert_null (limn_attrs_get (r->attrs, "provenance:reviewer"));
  limn_dataset_get_counts (dataset, &counts);
  g_assert_cmpuint (counts.suggested, ==, 1);
  g_assert_cmpuint (a->suggestions->len, ==, 1);
  g_assert_cmpstr (((LimnDatasetAnnotation *) g_ptr_array_index (a->suggestions, 0))->model_version,
                   ==, "det-3");
  g_assert_cmpint (a->width, ==, 640);
  g_assert_cmpstr (limn_dataset_get_attr (dataset, "name"), ==, "Street");
}

static void
test_export_annotator (Store         *s,
                       gconstpointer  data)
{
  LimnExportOptions options;
  g_autoptr(LimnDataset) dataset = NULL;
  g_autofree char *got = NULL;
  g_autoptr(GPtrArray) who = NULL;
  g_autoptr(GError) error = NULL;

  limn_export_options_init (&options);
  options.work = LIMN_EXPORT_ANNOTATOR;
  options.annotator = "cyd";
  options.suggestions = FALSE;
  dataset = export (s, s->images, &options);
  got = regions (dataset, TRUE);
  g_assert_cmpstr (got, ==,
                   "a.png | cyd | person | 399.00 99.00 31.00 91.00\n"
                   "a.png | cyd | person | 600.00 400.00 20.00 20.00\n");
  g_assert_cmpuint (limn_dataset_get_item (dataset, 0)->suggestions->len, ==, 0);

  who = limn_store_export_list_annotators (s->store, limn_project_get_id (s->images), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (who->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (who, 2), ==, "cyd");
}

/* Two of three drew the car at the top left, with one label; ada and cyd
 * say person and bob car for the second object: person wins; only cyd drew
 * the third: left out. On b.png both drew the person: kept, boxes
 * averaged. */
static void
test_export_consensus (Store         *s,
                       gconstpointer  data)
{
  LimnExportOptions options;
  g_autoptr(LimnDataset) dataset = NULL;
  g_autofree char *got = NULL;
  LimnDatasetRegion *r;

  limn_export_options_init (&options);
  options.work = LIMN_EXPORT_CONSENSUS;
  dataset = export (s, s->images, &options);
  got = regions (dataset, TRUE);
  g_assert_cmpstr (got, ==,
                   "a.png | consensus | car | 11.25 21.12 99.00 79.00\n"
                   "a.png | consensus | person | 399.50 99.50 30.50 90.50\n"
                   "b.png | consensus | person | 0.50 0.50 319.00 239.00\n");

  r = &g_array_index (limn_dataset_item_annotation (limn_dataset_get_item (dataset, 0),
                                                    "consensus")->regions, LimnDatasetRegion, 1);
  g_assert_cmpstr (limn_attrs_get (r->attrs, "provenance:agreement"), ==, "3/3");
  g_assert_cmpstr (limn_attrs_get (r->attrs, "provenance:annotators"), ==, "ada,bob,cyd");

  /* Texts: spans overlap, the most common edges win. */
  g_clear_pointer (&dataset, limn_dataset_free);
  g_clear_pointer (&got, g_free);
  dataset = export (s, s->texts, &options);
  got = regions (dataset, FALSE);
  g_assert_cmpstr (got, ==,
                   "Ada Love | - | PER | 0 12 Ada Lovelace\n"
                   "Bob went | - | LOC | 12 17 Paris\n");
}

static guint
count_lines (const char *text,
             const char *needle)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += strstr (lines[i], needle) != NULL;

  return n;
}

/* Eight texts, one name each, labeled by ada, bob and swp; swp always
 * swaps PER and LOC. Where ada and bob agree (six texts) swp is outvoted;
 * on the last two ada says PER, bob LOC and swp PER: majority vote takes
 * PER, Dawid–Skene, having learned that swp's PER means LOC, takes LOC.
 * On a ninth each marks another word: nothing kept, and, as on the server,
 * no consensus annotation at all. ada worked under guideline version 1,
 * bob 3 and swp 2: a consensus region carries the highest, as the
 * server's does. */
static void
test_export_dawid_skene (Store         *s,
                         gconstpointer  data)
{
  static const struct { const char *text; guint ada, bob, swp; } rows[] = {
    { "Ada went home .", 0, 0, 1 },
    { "Bob went home .", 0, 0, 1 },
    { "Cyd went home .", 0, 0, 1 },
    { "Rome is far .", 1, 1, 0 },
    { "Oslo is far .", 1, 1, 0 },
    { "Lima is far .", 1, 1, 0 },
    { "Kim is here .", 0, 1, 0 },
    { "Dax is here .", 0, 1, 0 },
  };
  g_autoptr(LimnDataset) texts = limn_dataset_new ();
  g_autoptr(LimnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  LimnExportOptions options;
  const char * const methods[] = { "majority", "dawid-skene" };

  limn_dataset_set_attr (texts, "name", "Swapped");
  limn_dataset_set_attr (texts, "source", "swapped.jsonl");
  limn_dataset_add_label (texts, "PER", NULL, NULL);
  limn_dataset_add_label (texts, "LOC", NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *id = g_strdup_printf ("s%u", i);
      LimnDatasetItem *item = limn_dataset_add_text (texts, id, rows[i].text);
      gint64 end = strchr (rows[i].text, ' ') - rows[i].text;

      add_span (item, "ada", rows[i].ada, 0, end);
      add_span (item, "bob", rows[i].bob, 0, end);
      add_span (item, "swp", rows[i].swp, 0, end);
    }
  {
    LimnDatasetItem *item = limn_dataset_add_text (texts, "apart", "Eve met Sam in Rome .");

    add_span (item, "ada", 0, 0, 3);
    add_span (item, "bob", 0, 8, 11);
    add_span (item, "swp", 1, 15, 19);
  }
  project = limn_store_import_labeled (s->store, texts, &error);
  g_assert_no_error (error);
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (s->db, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE annotations SET guideline_version = "
                                   "CASE annotator WHEN 'ada' THEN 1 WHEN 'bob' THEN 3 ELSE 2 END",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(LimnDataset) dataset = NULL;
      g_autofree char *got = NULL;
      g_autofree char *again = NULL;

      limn_export_options_init (&options);
      options.work = LIMN_EXPORT_CONSENSUS;
      options.consensus = k == 0 ? LIMN_TRUTH_MAJORITY_VOTE : LIMN_TRUTH_DAWID_SKENE;
      options.suggestions = FALSE;
      dataset = export (s, project, &options);
      got = regions_with (dataset, FALSE, TRUE);
      g_test_message ("%s:\n%s", methods[k], got);

      /* The six texts where the two agree: their label, either way. */
      g_assert_nonnull (strstr (got, "Ada went | - | PER | 0 3 Ada "));
      g_assert_nonnull (strstr (got, "Rome is  | - | LOC | 0 4 Rome "));
      if (k == 0)
        {
          g_assert_nonnull (strstr (got, "Kim is h | - | PER | 0 3 Kim "));
          g_assert_nonnull (strstr (got, "Dax is h | - | PER | 0 3 Dax "));
        }
      else
        {
          g_assert_nonnull (strstr (got, "Kim is h | - | LOC | 0 3 Kim "));
          g_assert_nonnull (strstr (got, "Dax is h | - | LOC | 0 3 Dax "));
        }
      g_assert_nonnull (strstr (got, "provenance:agreement=3/3 provenance:annotators=ada,bob,swp "
                                     "provenance:guideline_version=3 provenance:method="));
      g_assert_cmpuint (count_lines (got, "provenance:method="), ==, G_N_ELEMENTS (rows));
      g_assert_cmpuint (count_lines (got, methods[k]), ==, G_N_ELEMENTS (rows));
      g_assert_cmpuint (count_lines (got, "provenance:guideline_version=3 "), ==,
                        G_N_ELEMENTS (rows));
      /* ... and only where something was kept. */
      g_assert_cmpuint (count_lines (got, "Eve met "), ==, 0);
      for (guint i = 0; i < limn_dataset_get_n_items (dataset); i++)
        {
          LimnDatasetItem *item = limn_dataset_get_item (dataset, i);

          for (guint j = 0; j < item->annotations->len; j++)
            g_assert_cmpuint (((LimnDatasetAnnotation *) g_ptr_array_index (item->annotations, j))
                              ->regions->len, >, 0);
        }

      /* The same labels every time. */
      g_clear_pointer (&dataset, limn_dataset_free);
      dataset = export (s, project, &options);
      again = regions_with (dataset, FALSE, TRUE);
      g_assert_cmpstr (again, ==, got);
    }
}

/* Into the open project: d2 is there (cyd's work and ada's second
 * thoughts go on it), d3 is new, d1 has other words and an image does not
 * belong in a text project (both skipped, said why); ORG is a new label.
 * Again: nothing changes. An image matches by file name. */
static void
test_import_into (Store         *s,
                  gconstpointer  data)
{
  g_autoptr(LimnDataset) more = limn_dataset_new ();
  g_autoptr(LimnDataset) images = limn_dataset_new ();
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(LimnProject) project = NULL;
  g_autoptr(LimnDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;
  g_autofree char *again = NULL;
  g_autofree char *copy = NULL;
  LimnImportReport report;
  LimnDatasetItem *item;

  limn_dataset_add_label (more, "LOC", NULL, NULL);
  limn_dataset_add_label (more, "PER", NULL, NULL);
  limn_dataset_add_label (more, "ORG", NULL, NULL);
  item = limn_dataset_add_text (more, "d2", "Bob went to Paris .");
  add_span (item, "cyd", 0, 12, 17);
  add_span (item, "ada", 1, 0, 3);
  item = limn_dataset_add_text (more, "d3", "Eve works at Acme .");
  add_span (item, "cyd", 1, 0, 3);
  add_span (item, "cyd", 2, 13, 17);
  item = limn_dataset_add_text (more, "d1", "Someone else entirely .");
  add_span (item, "cyd", 1, 0, 7);
  copy = fx_png (s->dir, "elsewhere/c.png", 10, 10);
  limn_dataset_add_image (more, "c.png", copy, 10, 10);

  project = limn_store_import_into (s->store, limn_project_get_id (s->texts), more, &report,
                                    problems, &error);
  g_assert_no_error (error);
  g_assert_nonnull (project);
  g_assert_cmpuint (report.matched, ==, 1);
  g_assert_cmpuint (report.added, ==, 1);
  g_assert_cmpuint (report.skipped, ==, 2);
  g_assert_cmpuint (report.revisions, ==, 3);
  g_assert_cmpuint (report.labels_added, ==, 1);
  fx_assert_problem (problems, "text-differs", "d1");
  fx_assert_problem (problems, "wrong-kind", "c.png");
  g_assert_nonnull (limn_project_lookup_label_by_name (project, "ORG"));
  g_assert_cmpuint (limn_store_count_tasks (s->store, limn_project_get_id (s->texts), NULL), ==, 3);

  dataset = export (s, project, NULL);
  got = regions (dataset, TRUE);
  g_assert_cmpstr (got, ==,
                   "Ada Love | ada | LOC | 22 28 London\n"
                   "Ada Love | ada | PER | 0 12 Ada Lovelace\n"
                   "Ada Love | bob | PER | 0 3 Ada\n"
                   "Bob went | ada | PER | 0 3 Bob\n"
                   "Bob went | bob | LOC | 12 17 Paris\n"
                   "Bob went | bob | PER | 0 3 Bob\n"
                   "Bob went | cyd | LOC | 12 17 Paris\n"
                   "Eve work | cyd | ORG | 13 17 Acme\n"
                   "Eve work | cyd | PER | 0 3 Eve\n");

  /* The same source again: matched, nothing written. */
  g_clear_object (&project);
  project = limn_store_import_into (s->store, limn_project_get_id (s->texts), more, &report,
                                    NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report.matched, ==, 2);
  g_assert_cmpuint (report.added, ==, 0);
  g_assert_cmpuint (report.revisions, ==, 0);
  g_assert_cmpuint (report.labels_added, ==, 0);
  g_clear_pointer (&dataset, limn_dataset_free);
  dataset = export (s, project, NULL);
  again = regions (dataset, TRUE);
  g_assert_cmpstr (again, ==, got);

  /* Images by file name, wherever the file is now. */
  g_clear_pointer (&copy, g_free);
  copy = fx_png (s->dir, "moved/a.png", 640, 480);
  limn_dataset_add_label (images, "person", NULL, NULL);
  item = limn_dataset_add_image (images, "a.png", copy, 640, 480);
  add_box (item, "dan", 0, 1, 2, 3, 4);
  /* Its image gone: not a task (a matched one needs no file). */
  item = limn_dataset_add_image (images, "gone.png", "/nonexistent/gone.png", 10, 10);
  add_box (item, "dan", 0, 1, 2, 3, 4);
  g_clear_object (&project);
  g_clear_pointer (&problems, limn_format_problems_free);
  problems = limn_format_problems_new ();
  project = limn_store_import_into (s->store, limn_project_get_id (s->images), images, &report,
                                    problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report.matched, ==, 1);
  g_assert_cmpuint (report.skipped, ==, 1);
  fx_assert_problem (problems, "image-missing", "gone.png");
  g_assert_cmpuint (report.added, ==, 0);
  g_assert_cmpuint (report.revisions, ==, 1);
  g_assert_cmpuint (limn_store_count_tasks (s->store, limn_project_get_id (s->images), NULL), ==, 2);
}

static void
test_export_accepted (Store         *s,
                      gconstpointer  data)
{
  g_autoptr(LimnAnnotation) ada = NULL;
  g_autoptr(LimnReviewVerdict) verdict = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(LimnDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;
  LimnExportOptions options;
  LimnDatasetRegion *r;

  tasks = limn_store_list_tasks (s->store, limn_project_get_id (s->images), "ada", &error);
  g_assert_no_error (error);
  ada = limn_store_load_latest (s->store, limn_task_get_id (g_ptr_array_index (tasks, 1)), "ada", &error);
  g_assert_no_error (error);
  verdict = limn_review_verdict_new (NULL, ada->task_id, ada->id, LIMN_VERDICT_ACCEPT);
  verdict->reviewer = g_strdup ("rex");
  g_assert_true (limn_store_sync_apply_review (s->store, verdict, &error));
  g_assert_no_error (error);

  limn_export_options_init (&options);
  options.work = LIMN_EXPORT_ACCEPTED;
  dataset = export (s, s->images, &options);
  got = regions (dataset, TRUE);
  g_assert_cmpstr (got, ==, "b.png | ada | person | 0.00 0.00 320.00 240.00\n");
  r = &g_array_index (limn_dataset_item_annotation (limn_dataset_get_item (dataset, 1),
                                                    "ada")->regions, LimnDatasetRegion, 0);
  g_assert_cmpstr (limn_attrs_get (r->attrs, "provenance:reviewer"), ==, "rex");
}

/* Store → export → each writable format → read back: the same regions.
 * Formats that name annotators get everyone's work; the others one
 * annotator's (else they write one output each). */
static void
test_round_trip (Store         *s,
                 gconstpointer  data)
{
  const LimnFormat * const *formats = limn_format_list ();
  const char * const holds_provenance[] = { "coco", "label-studio", "labelme", "spacy",
                                            "doccano", NULL };
  guint n_checked = 0, n_provenance = 0;

  for (guint i = 0; formats[i] != NULL; i++)
    {
      const LimnFormat *format = formats[i];

      if (format->flags & LIMN_FORMAT_NO_ANNOTATIONS || format->write == NULL)
        continue;

      for (guint k = 0; k < 2; k++)
        {
          LimnProject *project = k == 0 ? s->images : s->texts;
          LimnFormatKind kind = k == 0 ? LIMN_FORMAT_IMAGES : LIMN_FORMAT_TEXTS;
          gboolean who = (format->flags & LIMN_FORMAT_HOLDS_ANNOTATORS) != 0;
          g_autoptr(LimnDataset) dataset = NULL;
          g_autoptr(LimnDataset) back = NULL;
          g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
          g_autoptr(GError) error = NULL;
          g_autofree char *name = g_strdup_printf ("%s-%u%s", format->id, k,
                                                   format->flags & LIMN_FORMAT_WRITES_FOLDER
                                                   ? "" : (g_str_equal (format->id, "conll")
                                                           ? ".conll" : (g_str_equal (format->id, "spacy")
                                                                        || g_str_equal (format->id, "doccano")
                                                                        ? ".jsonl" : ".json")));
          g_autofree char *path = g_build_filename (s->dir, name, NULL);
          g_autofree char *want = NULL;
          g_autofree char *got = NULL;
          LimnExportOptions options;

          if (!(format->kind & kind))
            continue;

          limn_export_options_init (&options);
          options.suggestions = FALSE;
          if (!who)
            {
              options.work = LIMN_EXPORT_ANNOTATOR;
              options.annotator = "ada";
            }
          dataset = export (s, project, &options);
          if (!limn_format_write (format, dataset, path, NULL, problems, &error))
            g_error ("%s: %s", format->id, error->message);

          back = limn_dataset_new ();
          if (!limn_format_read (format, path, back, NULL, NULL, NULL, &error))
            g_error ("%s: reading back: %s", format->id, error->message);

          want = regions (dataset, who);
          got = regions (back, who);
          g_test_message ("%s (%s)", format->id, k == 0 ? "images" : "texts");
          g_assert_cmpstr (got, ==, want);
          n_checked++;

          /* Provenance stays, every key of every region, where the format
           * has a free field for it, and the writer says where it cannot. */
          if (g_strv_contains (holds_provenance, format->id))
            {
              g_autofree char *want_all = regions_with (dataset, who, TRUE);
              g_autofree char *got_all = regions_with (back, who, TRUE);

              g_assert_nonnull (strstr (want_all, "provenance:annotator="));
              g_assert_nonnull (strstr (want_all, "provenance:submitted="));
              g_assert_cmpstr (got_all, ==, want_all);
              g_assert_false (fx_has_problem (problems, "provenance-lost", NULL));
              n_provenance++;
            }
          else
            fx_assert_problem (problems, "provenance-lost", NULL);
        }
    }

  g_assert_cmpuint (n_provenance, ==, 6);
  /* coco, yolo, voc, labelme, label-studio ×2, spacy, doccano, conll, brat */
  g_assert_cmpuint (n_checked, >=, 10);
}

/* A consensus names its annotators and their agreement per region, not
 * the entry's completed_by: Label Studio and labelme keep all of it. */
static void
test_consensus_provenance (Store         *s,
                           gconstpointer  data)
{
  const char *ids[] = { "label-studio", "labelme", "coco" };
  LimnExportOptions options;
  g_autoptr(LimnDataset) dataset = NULL;
  g_autofree char *want = NULL;

  limn_export_options_init (&options);
  options.work = LIMN_EXPORT_CONSENSUS;
  options.suggestions = FALSE;
  dataset = export (s, s->images, &options);
  want = regions_with (dataset, TRUE, TRUE);
  g_assert_nonnull (strstr (want, "provenance:agreement=2/3"));

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      const LimnFormat *format = limn_format_lookup (ids[i]);
      g_autofree char *name = g_strdup_printf ("consensus-%s%s", ids[i],
                                               format->flags & LIMN_FORMAT_WRITES_FOLDER ? "" : ".json");
      g_autofree char *path = g_build_filename (s->dir, name, NULL);
      g_autoptr(LimnDataset) back = limn_dataset_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *got = NULL;
      gboolean who = (format->flags & LIMN_FORMAT_HOLDS_ANNOTATORS) != 0;

      g_assert_true (limn_format_write (format, dataset, path, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (limn_format_read (format, path, back, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      got = regions_with (back, who, TRUE);
      g_clear_pointer (&want, g_free);
      want = regions_with (dataset, who, TRUE);
      g_test_message ("%s", ids[i]);
      g_assert_cmpstr (got, ==, want);
    }
}

/* Without an annotator chosen, a format that cannot name them says so
 * before anything is written, and writes one output each. */
static void
test_check_write (Store         *s,
                  gconstpointer  data)
{
  g_autoptr(LimnDataset) dataset = export (s, s->images, NULL);
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autofree char *path = g_build_filename (s->dir, "yolo-out", NULL);

  limn_format_check_write (limn_format_lookup ("yolo"), dataset, path, NULL, problems);
  g_assert_cmpuint (limn_format_problems_count (problems, "split-by-annotator"), ==, 3);
  fx_assert_problem (problems, "suggestions-not-written", NULL);
  fx_assert_problem (problems, "provenance-lost", NULL);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

typedef struct
{
  GMainLoop          *loop;
  LimnFormatProblems *problems;
  GError             *error;
  guint               n_progress;
  guint               last_done;
  guint               last_total;
  gboolean            read_whole;   /* reading done, writing not yet */
} Wait;

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *w = user_data;

  w->problems = limn_store_export_write_finish (result, &w->error);
  g_main_loop_quit (w->loop);
}

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  Wait *w = user_data;

  /* One scale for the whole job, never going back. */
  g_assert_cmpuint (done, <=, total);
  g_assert_cmpuint (done, >=, w->last_done);
  if (w->n_progress > 0)
    g_assert_cmpuint (total, ==, w->last_total);
  w->read_whole |= (guint64) done * 10 == (guint64) total * 9;
  w->last_done = done;
  w->last_total = total;
  w->n_progress++;
}

static gboolean
only_entries (const char          *dir,
              const char * const  *names)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    if (!g_strv_contains (names, name))
      {
        g_test_message ("unexpected %s", name);
        return FALSE;
      }

  return TRUE;
}

static void
test_write_async (Store         *s,
                  gconstpointer  data)
{
  g_autofree char *out = g_build_filename (s->dir, "out", NULL);
  g_autofree char *coco = g_build_filename (out, "street.json", NULL);
  g_autofree char *yolo = g_build_filename (out, "yolo", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(LimnDataset) back = limn_dataset_new ();
  /* COCO cannot name annotators: a file each, beside the name chosen. */
  const char * const after_coco[] = { "street-ada.json", "street-bob.json", "street-cyd.json", NULL };
  const char * const after_yolo[] = { "street-ada.json", "street-bob.json", "street-cyd.json",
                                      "yolo", NULL };
  g_autofree char *coco_cyd = g_build_filename (out, "street-cyd.json", NULL);
  Wait w = { 0 };

  g_assert_cmpint (g_mkdir (out, 0755), ==, 0);
  w.loop = g_main_loop_new (NULL, FALSE);

  /* Cancelled before it could finish: nothing is left. */
  g_cancellable_cancel (cancellable);
  limn_store_export_write_async (s->db, limn_project_get_id (s->images), NULL,
                                 limn_format_lookup ("coco"), coco, NULL, NULL, NULL,
                                 cancellable, written_cb, &w);
  g_main_loop_run (w.loop);
  g_assert_error (w.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&w.error);
  g_assert_true (only_entries (out, (const char *[]) { NULL }));

  limn_store_export_write_async (s->db, limn_project_get_id (s->images), NULL,
                                 limn_format_lookup ("coco"), coco, NULL, progress_cb, &w,
                                 NULL, written_cb, &w);
  g_main_loop_run (w.loop);
  g_assert_no_error (w.error);
  g_assert_nonnull (w.problems);
  /* Reading was nine tenths of it, writing the last tenth. */
  g_assert_cmpuint (w.n_progress, >=, 2);
  g_assert_true (w.read_whole);
  g_assert_cmpuint (w.last_done, ==, w.last_total);
  g_assert_true (only_entries (out, after_coco));
  fx_assert_problem (w.problems, "split-by-annotator", "out/street-cyd.json");
  g_assert_true (limn_format_read (limn_format_lookup ("coco"), coco_cyd, back, NULL, NULL, NULL, &w.error));
  g_assert_no_error (w.error);
  g_assert_cmpuint (limn_dataset_get_n_items (back), ==, 2);
  g_clear_pointer (&w.problems, limn_format_problems_free);

  /* A folder format with three annotators: one folder each, reported
   * where they end up, not in the scratch folder. */
  limn_store_export_write_async (s->db, limn_project_get_id (s->images), NULL,
                                 limn_format_lookup ("yolo"), yolo, NULL, NULL, NULL,
                                 NULL, written_cb, &w);
  g_main_loop_run (w.loop);
  g_assert_no_error (w.error);
  g_assert_true (only_entries (out, after_yolo));
  fx_assert_problem (w.problems, "split-by-annotator", "out/yolo/cyd");
  g_assert_true (g_file_test (yolo, G_FILE_TEST_IS_DIR));
  g_clear_pointer (&w.problems, limn_format_problems_free);

  /* Again over the folder, now full: refused, the folder as it was. */
  limn_store_export_write_async (s->db, limn_project_get_id (s->images), NULL,
                                 limn_format_lookup ("yolo"), yolo, NULL, NULL, NULL,
                                 NULL, written_cb, &w);
  g_main_loop_run (w.loop);
  g_assert_error (w.error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_WRITE);
  g_clear_error (&w.error);
  g_assert_true (only_entries (out, after_yolo));

  g_main_loop_unref (w.loop);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Store, NULL, store_setup, func, store_teardown)

  ADD ("/store-export/all", test_export_all);
  ADD ("/store-export/annotator", test_export_annotator);
  ADD ("/store-export/consensus", test_export_consensus);
  ADD ("/store-export/dawid-skene", test_export_dawid_skene);
  ADD ("/store-export/import-into", test_import_into);
  ADD ("/store-export/accepted", test_export_accepted);
  ADD ("/store-export/round-trip", test_round_trip);
  ADD ("/store-export/consensus-provenance", test_consensus_provenance);
  ADD ("/store-export/check-write", test_check_write);
  ADD ("/store-export/write-async", test_write_async);

  return g_test_run ();
}
