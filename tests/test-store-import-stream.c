/* test-store-import-stream.c
 *
 * A real store file and a generated spaCy JSON Lines file of about 50 MB
 * (LIMN_TEST_STREAM_MB to change it) imported with
 * limn_store_import_stream(): the peak resident memory it adds stays far
 * under what the file takes as an in-memory dataset, the rows are all
 * there, and a read that fails on its last line (strict), or a cancel,
 * leaves the store as it was. The records of one item given apart (two
 * Prodigy annotators) make one task with both annotators' work. A Label
 * Studio export (one JSON array of tasks) streams the same way: bounded,
 * and a fault at its end or a cancel leaves the store as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <unistd.h>

#include "formats/limn-dataset-summary.h"
#include "formats/limn-format.h"
#include "limn-test-util.h"
#include "store/limn-store-import-stream.h"

typedef struct
{
  char      *dir;
  char      *db;
  LimnStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = limn_test_mkdtemp ();
  f->db = g_build_filename (f->dir, "limn.db", NULL);
  f->store = limn_store_open (f->db, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  limn_test_rm_rf (f->dir);
  g_free (f->db);
  g_free (f->dir);
}

/* Rows of @table, through a connection of the test's own. */
static gint64
count_rows (Fixture    *f,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return n;
}

/* The store's schema (every table, index and trigger with its SQL, not
 * where it is in the file) and whether its indexes match its tables. */
static char *
schema_of (Fixture *f)
{
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT type, name, tbl_name, sql FROM sqlite_schema "
                                       "ORDER BY name", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%s %s %s %s\n", sqlite3_column_text (stmt, 0),
                            sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2),
                            sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return g_string_free (out, FALSE);
}

static double
peak_rss_mib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return -1;

  return g_ascii_strtod (line + 6, NULL) / 1024;
}

static gboolean
reset_peak_rss (void)
{
  int fd = g_open ("/proc/self/clear_refs", O_WRONLY, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = write (fd, "5", 1) == 1;
  close (fd);

  return ok;
}

static const char * const words[] = {
  "the", "annotator", "marked", "Ada", "Lovelace", "in", "London", "and", "a", "model",
  "of", "Paris", "on", "Tuesday", "with", "😀", "care", "city", "named", "Zoë",
};

/* spaCy lines of about 300 bytes, two spans each, until @bytes; every
 * 1000th record is given again by a second annotator. Returns the items. */
static guint64
write_jsonl (const char *path,
             guint64     bytes,
             const char *last_line)
{
  FILE *file = g_fopen (path, "wb");
  g_autoptr(GRand) rand = g_rand_new_with_seed (2);
  g_autoptr(GString) text = g_string_new (NULL);
  guint64 written = 0, items = 0;

  g_assert_nonnull (file);
  while (written < bytes)
    {
      guint n = g_rand_int_range (rand, 20, 60);
      glong first = 0, second = 0;
      g_autofree char *line = NULL;

      g_string_truncate (text, 0);
      for (guint i = 0; i < n; i++)
        {
          const char *word = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];

          if (i == 0)
            first = g_utf8_strlen (word, -1);
          else if (i == 1)
            second = g_utf8_strlen (word, -1);
          g_string_append_printf (text, "%s%s", i ? " " : "", word);
        }
      for (guint who = 0; who < (items % 1000 == 0 ? 2 : 1); who++)
        {
          line = g_strdup_printf ("{\"id\": %" G_GUINT64_FORMAT ", \"text\": \"%s\", \"spans\": "
                                  "[{\"start\": 0, \"end\": %ld, \"label\": \"A\"}, {\"start\": "
                                  "%ld, \"end\": %ld, \"label\": \"B\"}], \"_annotator_id\": "
                                  "\"%s\", \"answer\": \"accept\"}\n",
                                  items, text->str, first, first + 1, first + 1 + second,
                                  who ? "bob" : "ada");
          fputs (line, file);
          written += strlen (line);
          g_clear_pointer (&line, g_free);
        }
      items++;
    }
  if (last_line != NULL)
    fputs (last_line, file);

  g_assert_cmpint (fclose (file), ==, 0);
  return items;
}

static guint64
stream_bytes (void)
{
  const char *mb = g_getenv ("LIMN_TEST_STREAM_MB");

  return (mb ? g_ascii_strtoull (mb, NULL, 10) : 50) << 20;
}

static void
test_bounded (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "records.jsonl", NULL);
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(LimnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  LimnImportReport report = { 0 };
  guint64 items = write_jsonl (path, stream_bytes (), NULL);
  guint64 extra = (items + 999) / 1000;   /* items given twice */
  g_autofree char *schema = schema_of (f);
  g_autofree char *schema_after = NULL;
  double before, growth;
  gint64 t0;

  if (!reset_peak_rss ())
    g_test_message ("cannot reset the peak RSS: the bound is checked against the process's");
  before = peak_rss_mib ();
  t0 = g_get_monotonic_time ();
  project = limn_store_import_stream (f->store, limn_format_lookup ("spacy"), path, NULL, NULL,
                                      NULL, &report, problems, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (project);
  growth = peak_rss_mib () - before;
  g_test_message ("%" G_GUINT64_FORMAT " items, %.0f MB, in %.1f s; peak RSS +%.1f MiB",
                  items, stream_bytes () / 1048576.0,
                  (g_get_monotonic_time () - t0) / 1e6, growth);

  /* As a dataset the file takes several times its size. Under
   * AddressSanitizer every allocation carries redzones and freed memory
   * waits in a quarantine (up to 256 MiB), so the peak says nothing about
   * the import's own memory there: the bound is checked in plain builds
   * and by bench-formats. */
#if defined(__SANITIZE_ADDRESS__)
  g_test_message ("AddressSanitizer build: peak RSS bound not checked");
#else
  g_assert_cmpfloat (growth, <, 64);
#endif

  g_assert_cmpuint (report.added, ==, items);
  g_assert_cmpuint (report.skipped, ==, 0);
  g_assert_cmpint (count_rows (f, "projects"), ==, 1);
  g_assert_cmpint (count_rows (f, "labels"), ==, 2);
  g_assert_cmpint (count_rows (f, "tasks"), ==, (gint64) items);
  g_assert_cmpint (count_rows (f, "annotations"), ==, (gint64) (items + extra));
  g_assert_cmpint (count_rows (f, "regions"), ==, (gint64) (2 * (items + extra)));
  g_assert_cmpint (limn_project_get_kind (project), ==, LIMN_PROJECT_TEXT);
  g_assert_cmpint (count_rows (f, "annotations WHERE annotator = 'bob'"), ==, (gint64) extra);

  /* Indexes put off during the import are there again, as they were, and
   * hold every row. */
  schema_after = schema_of (f);
  g_assert_cmpstr (schema_after, ==, schema);
}

static void
test_strict_last_line (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "records.jsonl", NULL);
  LimnFormatReadOptions options = { .strict = TRUE };
  g_autoptr(LimnProject) project = NULL;
  g_autoptr(GError) error = NULL;

  write_jsonl (path, 1 << 20, "{\"text\": \"broken\", \"spans\": [\n");
  project = limn_store_import_stream (f->store, limn_format_lookup ("spacy"), path, &options,
                                      NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_STRICT);
  g_assert_null (project);

  /* Thousands of records were written before the last line: none stayed. */
  g_assert_cmpint (count_rows (f, "projects"), ==, 0);
  g_assert_cmpint (count_rows (f, "tasks"), ==, 0);
  g_assert_cmpint (count_rows (f, "annotations"), ==, 0);
  g_assert_cmpint (count_rows (f, "labels"), ==, 0);

  /* Not strict, the same file imports, the broken line reported. */
  g_clear_error (&error);
  project = limn_store_import_stream (f->store, limn_format_lookup ("spacy"), path, NULL,
                                      NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f, "projects"), ==, 1);
  g_assert_cmpint (count_rows (f, "tasks"), >, 1000);
}

typedef struct
{
  GCancellable *cancellable;
  guint64       calls;
  guint64       last;
} CancelAt;

static void
cancel_progress (guint64  done,
                 guint64  total,
                 gpointer user_data)
{
  CancelAt *c = user_data;

  g_assert_cmpuint (done, <=, total);
  g_assert_cmpuint (done, >=, c->last);
  c->last = done;
  /* Past half the file: much is written by now. */
  if (++c->calls > 0 && done > total / 2)
    g_cancellable_cancel (c->cancellable);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "records.jsonl", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CancelAt c = { cancellable, 0, 0 };
  LimnFormatReadOptions options = { .progress = cancel_progress, .progress_data = &c };
  g_autoptr(LimnProject) project = NULL;
  g_autoptr(LimnProject) other = NULL;
  g_autoptr(LimnDataset) dataset = limn_dataset_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *schema = NULL;
  g_autofree char *schema_after = NULL;
  LimnDatasetItem *item;

  /* Something there before, which must stay as it was. */
  limn_dataset_add_label (dataset, "A", NULL, NULL);
  limn_dataset_set_attr (dataset, "name", "Before");
  item = limn_dataset_add_text (dataset, "t1", "Ada in London");
  limn_dataset_annotation_add_span (limn_dataset_item_annotation (item, NULL), 0, 0, 3, "Ada");
  other = limn_store_import_labeled (f->store, dataset, &error);
  g_assert_no_error (error);

  write_jsonl (path, 4 << 20, NULL);
  schema = schema_of (f);
  project = limn_store_import_stream (f->store, limn_format_lookup ("spacy"), path, &options,
                                      NULL, NULL, NULL, NULL, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  schema_after = schema_of (f);
  g_assert_cmpstr (schema_after, ==, schema);
  g_assert_null (project);
  g_assert_cmpuint (c.calls, >, 1);

  g_assert_cmpint (count_rows (f, "projects"), ==, 1);
  g_assert_cmpint (count_rows (f, "tasks"), ==, 1);
  g_assert_cmpint (count_rows (f, "annotations"), ==, 1);
  g_assert_cmpint (count_rows (f, "regions"), ==, 1);
}

/* The preview's sink: counts per label and the annotators, nothing kept. */
static void
test_summary (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "records.jsonl", NULL);
  g_autoptr(LimnDataset) dataset = limn_dataset_new ();
  g_autoptr(LimnDatasetSummary) summary = limn_dataset_summary_new ();
  g_autoptr(GPtrArray) annotators = NULL;
  g_autoptr(GError) error = NULL;
  LimnDatasetCounts counts;
  guint64 items = write_jsonl (path, 1 << 20, NULL);
  guint64 extra = (items + 999) / 1000;

  limn_dataset_summary_attach (summary, dataset);
  g_assert_true (limn_format_read (limn_format_lookup ("spacy"), path, dataset, NULL, NULL,
                                   NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (limn_dataset_get_n_items (dataset), ==, 0);
  limn_dataset_get_counts (dataset, &counts);
  g_assert_cmpuint (counts.spans, ==, 2 * (items + extra));
  g_assert_cmpuint (limn_dataset_get_n_labels (dataset), ==, 2);
  g_assert_cmpuint (limn_dataset_summary_get_label_regions (summary, 0), ==, items + extra);
  g_assert_cmpuint (limn_dataset_summary_get_label_regions (summary, 1), ==, items + extra);
  annotators = limn_dataset_summary_list_annotators (summary);
  g_assert_cmpuint (annotators->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (annotators, 0), ==, "ada");
  g_assert_cmpstr (g_ptr_array_index (annotators, 1), ==, "bob");
}

/* Label Studio */

/* A Label Studio export of text tasks of about 300 bytes until @bytes,
 * two annotators each (spans over the first two words, in UTF-16 units),
 * then @tail (or the closing bracket). Returns the tasks. */
static guint64
write_label_studio (const char *path,
                    guint64     bytes,
                    const char *tail)
{
  FILE *file = g_fopen (path, "wb");
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autoptr(GString) text = g_string_new (NULL);
  guint64 written = 0, items = 0;

  g_assert_nonnull (file);
  fputs ("[\n", file);
  while (written < bytes)
    {
      guint n = g_rand_int_range (rand, 20, 60);
      glong first = 0, second = 0;
      g_autofree char *task = NULL;
      g_autofree char *word1 = NULL;
      g_autofree char *word2 = NULL;

      g_string_truncate (text, 0);
      for (guint i = 0; i < n; i++)
        {
          const char *word = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];
          g_autofree gunichar2 *utf16 = g_utf8_to_utf16 (word, -1, NULL, NULL, NULL);
          glong units = 0;

          while (utf16[units] != 0)
            units++;
          if (i == 0)
            {
              first = units;
              word1 = g_strdup (word);
            }
          else if (i == 1)
            {
              second = units;
              word2 = g_strdup (word);
            }
          g_string_append_printf (text, "%s%s", i ? " " : "", word);
        }
      task = g_strdup_printf ("%s{\"id\": %" G_GUINT64_FORMAT ", \"data\": {\"text\": \"%s\"}, "
                              "\"annotations\": [{\"completed_by\": 1, \"result\": [{\"from_name\": "
                              "\"label\", \"to_name\": \"text\", \"type\": \"labels\", \"value\": "
                              "{\"start\": 0, \"end\": %ld, \"text\": \"%s\", \"labels\": [\"A\"]}}]}, "
                              "{\"completed_by\": 2, \"result\": [{\"from_name\": \"label\", "
                              "\"to_name\": \"text\", \"type\": \"labels\", \"value\": {\"start\": "
                              "%ld, \"end\": %ld, \"text\": \"%s\", \"labels\": [\"B\"]}}]}]}",
                              items ? ",\n" : "", items + 1, text->str, first, word1,
                              first + 1, first + 1 + second, word2);
      fputs (task, file);
      written += strlen (task);
      items++;
    }
  fputs (tail != NULL ? tail : "\n]\n", file);

  g_assert_cmpint (fclose (file), ==, 0);
  return items;
}

static void
test_label_studio_bounded (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "export.json", NULL);
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(LimnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  LimnImportReport report = { 0 };
  guint64 items = write_label_studio (path, stream_bytes () / 2, NULL);
  double before, growth;
  gint64 t0;

  if (!reset_peak_rss ())
    g_test_message ("cannot reset the peak RSS: the bound is checked against the process's");
  before = peak_rss_mib ();
  t0 = g_get_monotonic_time ();
  project = limn_store_import_stream (f->store, limn_format_lookup ("label-studio"), path, NULL,
                                      NULL, NULL, &report, problems, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (project);
  growth = peak_rss_mib () - before;
  g_test_message ("%" G_GUINT64_FORMAT " tasks, %.0f MB, in %.1f s; peak RSS +%.1f MiB; %"
                  G_GUINT64_FORMAT " problems",
                  items, stream_bytes () / 2 / 1048576.0,
                  (g_get_monotonic_time () - t0) / 1e6, growth,
                  limn_format_problems_count (problems, NULL));

  /* Scanned whole, the file took about five times its size (+125 MiB
   * for 25 MB) before a single task was read. */
#if defined(__SANITIZE_ADDRESS__)
  g_test_message ("AddressSanitizer build: peak RSS bound not checked");
#else
  g_assert_cmpfloat (growth, <, 64);
#endif

  /* Only the UTF-16 offsets of texts with an emoji, said per task. */
  g_assert_cmpuint (limn_format_problems_count (problems, NULL), ==,
                    limn_format_problems_count (problems, "utf16-offsets"));
  g_assert_cmpuint (report.added, ==, items);
  g_assert_cmpint (count_rows (f, "projects"), ==, 1);
  g_assert_cmpint (count_rows (f, "labels"), ==, 2);
  g_assert_cmpint (count_rows (f, "tasks"), ==, (gint64) items);
  g_assert_cmpint (count_rows (f, "annotations"), ==, (gint64) (2 * items));
  g_assert_cmpint (count_rows (f, "regions"), ==, (gint64) (2 * items));
  g_assert_cmpint (limn_project_get_kind (project), ==, LIMN_PROJECT_TEXT);
}

/* A fault in the last task: every task before it was handed to the store,
 * and none stays; the message names the line. */
static void
test_label_studio_broken_end (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "export.json", NULL);
  g_autoptr(LimnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  guint64 items = write_label_studio (path, 1 << 20, ",\n{\"data\": {\"text\": \"x\"}, \"id\": 1,]\n");
  /* "[", a task a line, then the broken one. */
  g_autofree char *line = g_strdup_printf ("line %" G_GUINT64_FORMAT ":", items + 2);

  project = limn_store_import_stream (f->store, limn_format_lookup ("label-studio"), path, NULL,
                                      NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_MALFORMED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, line));
  g_assert_null (project);
  g_assert_cmpuint (items, >, 1000);

  g_assert_cmpint (count_rows (f, "projects"), ==, 0);
  g_assert_cmpint (count_rows (f, "tasks"), ==, 0);
  g_assert_cmpint (count_rows (f, "annotations"), ==, 0);
  g_assert_cmpint (count_rows (f, "labels"), ==, 0);
}

static void
test_label_studio_cancel (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "export.json", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  CancelAt c = { cancellable, 0, 0 };
  LimnFormatReadOptions options = { .progress = cancel_progress, .progress_data = &c };
  g_autoptr(LimnProject) project = NULL;
  g_autoptr(GError) error = NULL;

  write_label_studio (path, 4 << 20, NULL);
  project = limn_store_import_stream (f->store, limn_format_lookup ("label-studio"), path,
                                      &options, NULL, NULL, NULL, NULL, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (project);
  g_assert_cmpuint (c.calls, >, 1);

  g_assert_cmpint (count_rows (f, "projects"), ==, 0);
  g_assert_cmpint (count_rows (f, "tasks"), ==, 0);
  g_assert_cmpint (count_rows (f, "annotations"), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store-import-stream/summary", test_summary);
  ADD ("/store-import-stream/strict-last-line", test_strict_last_line);
  ADD ("/store-import-stream/cancel", test_cancel);
  ADD ("/store-import-stream/bounded", test_bounded);
  ADD ("/store-import-stream/label-studio-broken-end", test_label_studio_broken_end);
  ADD ("/store-import-stream/label-studio-cancel", test_label_studio_cancel);
  ADD ("/store-import-stream/label-studio-bounded", test_label_studio_bounded);
#undef ADD

  return g_test_run ();
}
