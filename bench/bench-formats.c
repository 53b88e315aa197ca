/* bench-formats.c
 *
 * Importing labeled data (design.md §11): a COCO file with 100,000 boxes
 * and a 1 GB JSON Lines file, each against a plain read of the same bytes
 * in the same run (and COCO against json-glib building its tree, the way
 * a naive importer would). The JSONL file is read into a sink that keeps
 * nothing, as a store import does, so memory must stay bounded: the peak
 * resident memory it adds is printed. Then the same file is imported into
 * a real store file with limn_store_import_stream() (one transaction),
 * once: its time and the peak it adds. A Label Studio export (one JSON
 * array of text tasks, 256 MB) is read the same way, task by task into a
 * sink, against a plain read and a scan of the whole file at once (what
 * the reader did before it walked the array), each with its peak.
 *
 *   build/bench/bench-formats [--boxes N] [--jsonl-mb M] [--studio-mb M] [--dir DIR] [--runs R]
 *                             [--no-store] [--only coco|jsonl|label-studio]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-bench-formats"

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "formats/limn-format.h"
#include "json/limn-json-scan.h"
#include "store/limn-store-import-stream.h"

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

/* Peak resident memory since the last reset, in MiB. */
static double
peak_rss_mib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return 0;

  return g_ascii_strtod (line + 6, NULL) / 1024;
}

static void
reset_peak_rss (void)
{
  int fd = g_open ("/proc/self/clear_refs", O_WRONLY, 0);

  if (fd >= 0)
    {
      if (write (fd, "5", 1) < 0)
        g_warning ("could not reset the peak RSS");
      close (fd);
    }
}

/* The floor: every byte read once, and touched so nothing is skipped. */
static guint64
plain_read (const char *path)
{
  g_autofree char *buf = g_malloc (1 << 20);
  guint64 sum = 0;
  gssize n;
  int fd = g_open (path, O_RDONLY, 0);

  g_assert (fd >= 0);
  while ((n = read (fd, buf, 1 << 20)) > 0)
    for (gssize i = 0; i < n; i += 64)
      sum += (guchar) buf[i];
  close (fd);

  return sum;
}

static void
write_coco (const char *path,
            guint       n_boxes)
{
  GString *out = g_string_new ("{\"info\": {\"description\": \"bench\"},\n\"images\": [\n");
  GRand *rand = g_rand_new_with_seed (1);
  guint n_images = MAX (n_boxes / 10, 1);

  for (guint i = 0; i < n_images; i++)
    g_string_append_printf (out, "%s{\"id\": %u, \"file_name\": \"%012u.jpg\", \"width\": 640, "
                            "\"height\": 480, \"license\": 1}\n", i ? "," : "", i + 1, i + 1);
  g_string_append (out, "],\n\"annotations\": [\n");
  for (guint i = 0; i < n_boxes; i++)
    {
      double x = g_rand_double_range (rand, 0, 500), y = g_rand_double_range (rand, 0, 380);
      double w = g_rand_double_range (rand, 5, 130), h = g_rand_double_range (rand, 5, 90);

      g_string_append_printf (out,
                              "%s{\"id\": %u, \"image_id\": %u, \"category_id\": %d, \"iscrowd\": 0, "
                              "\"area\": %.2f, \"bbox\": [%.2f, %.2f, %.2f, %.2f], \"segmentation\": "
                              "[[%.2f, %.2f, %.2f, %.2f, %.2f, %.2f, %.2f, %.2f]]}\n",
                              i ? "," : "", i + 1, i % n_images + 1, g_rand_int_range (rand, 1, 81),
                              w * h, x, y, w, h, x, y, x + w, y, x + w, y + h, x, y + h);
    }
  g_string_append (out, "],\n\"categories\": [\n");
  for (guint i = 1; i <= 80; i++)
    g_string_append_printf (out, "%s{\"id\": %u, \"name\": \"class %u\", \"supercategory\": \"x\"}\n",
                            i > 1 ? "," : "", i, i);
  g_string_append (out, "]}\n");

  g_assert (g_file_set_contents (path, out->str, out->len, NULL));
  g_string_free (out, TRUE);
  g_rand_free (rand);
}

static const char * const words[] = {
  "the", "annotator", "marked", "Ada", "Lovelace", "in", "London", "and", "a", "model",
  "of", "Paris", "on", "Tuesday", "with", "😀", "care", "city", "named", "Zoë",
};

static void
write_jsonl (const char *path,
             guint64     bytes)
{
  FILE *file = g_fopen (path, "wb");
  GRand *rand = g_rand_new_with_seed (2);
  GString *line = g_string_new (NULL);
  guint64 written = 0;

  g_assert (file != NULL);
  while (written < bytes)
    {
      guint n = g_rand_int_range (rand, 20, 60);
      glong first = 0, second = 0;

      g_string_assign (line, "{\"text\": \"");
      for (guint i = 0; i < n; i++)
        {
          const char *word = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];

          if (i == 0)
            first = g_utf8_strlen (word, -1);
          else if (i == 1)
            second = g_utf8_strlen (word, -1);
          g_string_append_printf (line, "%s%s", i ? " " : "", word);
        }
      /* Spans over the first two words, in code points. */
      g_string_append_printf (line, "\", \"spans\": [{\"start\": 0, \"end\": %ld, \"label\": \"A\"}, "
                              "{\"start\": %ld, \"end\": %ld, \"label\": \"B\"}], \"meta\": "
                              "{\"source\": \"bench\"}, \"answer\": \"accept\"}\n",
                              first, first + 1, first + 1 + second);
      fwrite (line->str, 1, line->len, file);
      written += line->len;
    }

  fclose (file);
  g_string_free (line, TRUE);
  g_rand_free (rand);
}

/* Text tasks of about 600 bytes, two annotators each, as Label Studio
 * exports them (span offsets in UTF-16 units), until @bytes. */
static void
write_label_studio (const char *path,
                    guint64     bytes)
{
  FILE *file = g_fopen (path, "wb");
  GRand *rand = g_rand_new_with_seed (3);
  GString *task = g_string_new (NULL);
  GString *text = g_string_new (NULL);
  guint64 written = 0, n_tasks = 0;

  g_assert (file != NULL);
  fputs ("[\n", file);
  while (written < bytes)
    {
      guint n = g_rand_int_range (rand, 20, 60);
      glong units[2] = { 0, 0 };
      const char *first[2] = { NULL, NULL };

      g_string_truncate (text, 0);
      for (guint i = 0; i < n; i++)
        {
          const char *word = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];

          if (i < 2)
            {
              g_autofree gunichar2 *utf16 = g_utf8_to_utf16 (word, -1, NULL, &units[i], NULL);

              first[i] = word;
            }
          g_string_append_printf (text, "%s%s", i ? " " : "", word);
        }
      g_string_printf (task, "%s{\"id\": %" G_GUINT64_FORMAT ", \"data\": {\"text\": \"%s\"}, "
                       "\"annotations\": [", n_tasks ? ",\n" : "", n_tasks + 1, text->str);
      for (guint who = 0; who < 2; who++)
        g_string_append_printf (task, "%s{\"id\": %" G_GUINT64_FORMAT ", \"completed_by\": %u, "
                                "\"created_at\": \"2026-12-07T10:00:00.000000Z\", \"result\": "
                                "[{\"id\": \"r%u\", \"from_name\": \"label\", \"to_name\": \"text\", "
                                "\"type\": \"labels\", \"value\": {\"start\": %ld, \"end\": %ld, "
                                "\"text\": \"%s\", \"labels\": [\"%s\"]}}]}",
                                who ? ", " : "", 2 * n_tasks + who, who + 1, who,
                                who ? units[0] + 1 : 0, who ? units[0] + 1 + units[1] : units[0],
                                first[who], who ? "B" : "A");
      g_string_append (task, "], \"predictions\": []}");
      fwrite (task->str, 1, task->len, file);
      written += task->len;
      n_tasks++;
    }
  fputs ("\n]\n", file);

  fclose (file);
  g_string_free (task, TRUE);
  g_string_free (text, TRUE);
  g_rand_free (rand);
}

/* The whole file scanned at once, as the Label Studio and COCO readers
 * did before they walked it: the time and the peak it adds. */
static double
time_whole_scan (const char *path,
                 double     *added_peak)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);
  g_autoptr(LimnJsonScan) scan = NULL;
  g_autoptr(GError) error = NULL;
  double before;
  gint64 t0;

  g_assert (mapped != NULL);
  reset_peak_rss ();
  before = peak_rss_mib ();
  t0 = now_ns ();
  scan = limn_json_scan_new (g_mapped_file_get_contents (mapped), g_mapped_file_get_length (mapped),
                             128, &error);
  if (scan == NULL)
    g_error ("scan: %s", error->message);
  t0 = now_ns () - t0;
  *added_peak = peak_rss_mib () - before;

  return t0 / 1e6;
}

static gboolean
drop_item (LimnDataset      *dataset,
           LimnDatasetItem  *item,
           gpointer          user_data,
           GError          **error)
{
  (*(guint64 *) user_data)++;
  return TRUE;
}

/* The fastest of @runs: page cache warm for all. */
static double
time_plain (const char *path,
            guint       runs)
{
  gint64 best = G_MAXINT64;

  for (guint r = 0; r < runs; r++)
    {
      gint64 t0 = now_ns ();
      volatile guint64 sum = plain_read (path);

      (void) sum;
      best = MIN (best, now_ns () - t0);
    }

  return best / 1e6;
}

static double
time_import (const char *id,
             const char *path,
             guint       runs,
             gboolean    sink,
             guint64    *n_items,
             double     *added_peak)
{
  gint64 best = G_MAXINT64;

  *added_peak = 0;
  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(LimnDataset) dataset = limn_dataset_new ();
      g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
      g_autoptr(GError) error = NULL;
      LimnDatasetCounts counts;
      double before;
      gint64 t0;
      guint64 sunk = 0;

      if (sink)
        limn_dataset_set_sink (dataset, drop_item, &sunk);
      reset_peak_rss ();
      before = peak_rss_mib ();
      t0 = now_ns ();
      if (!limn_format_read (limn_format_lookup (id), path, dataset, NULL, problems, NULL, &error))
        g_error ("%s: %s", id, error->message);
      best = MIN (best, now_ns () - t0);
      *added_peak = MAX (*added_peak, peak_rss_mib () - before);
      limn_dataset_get_counts (dataset, &counts);
      *n_items = sink ? counts.spans : counts.boxes;
      if (limn_format_problems_count (problems, NULL) > 0)
        g_print ("  (%" G_GUINT64_FORMAT " problems, first: %s)\n",
                 limn_format_problems_count (problems, NULL),
                 limn_format_problems_get (problems, 0)->detail);
    }

  return best / 1e6;
}

/* The JSONL file into a new store file, streamed in one transaction. */
static double
time_store_import (const char *dir,
                   const char *path,
                   guint64    *n_tasks,
                   double     *added_peak)
{
  g_autofree char *db = g_build_filename (dir, "bench.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);
  g_autoptr(LimnStore) store = limn_store_open (db, NULL);
  g_autoptr(LimnProject) project = NULL;
  g_autoptr(GError) error = NULL;
  LimnImportReport report = { 0 };
  double before;
  gint64 t0;

  g_assert (store != NULL);
  reset_peak_rss ();
  before = peak_rss_mib ();
  t0 = now_ns ();
  project = limn_store_import_stream (store, limn_format_lookup ("spacy"), path, NULL, NULL, NULL,
                                      &report, NULL, NULL, &error);
  if (project == NULL)
    g_error ("store import: %s", error->message);
  t0 = now_ns () - t0;
  *added_peak = peak_rss_mib () - before;
  *n_tasks = report.added;

  g_clear_object (&store);
  g_unlink (db);
  g_unlink (wal);
  g_unlink (shm);

  return t0 / 1e6;
}

static double
time_json_glib (const char *path,
                guint       runs)
{
  gint64 best = G_MAXINT64;

  for (guint r = 0; r < runs; r++)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autoptr(GError) error = NULL;
      gint64 t0 = now_ns ();

      if (!json_parser_load_from_mapped_file (parser, path, &error))
        g_error ("json-glib: %s", error->message);
      best = MIN (best, now_ns () - t0);
    }

  return best / 1e6;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *coco = NULL;
  g_autofree char *jsonl = NULL;
  g_autofree char *studio = NULL;
  int boxes = 100000, jsonl_mb = 1024, studio_mb = 256, runs = 3;
  gboolean keep = FALSE, no_store = FALSE;
  g_autofree char *only = NULL;
  GOptionEntry entries[] = {
    { "boxes", 0, 0, G_OPTION_ARG_INT, &boxes, "Boxes in the COCO file (100000)", "N" },
    { "jsonl-mb", 0, 0, G_OPTION_ARG_INT, &jsonl_mb, "Size of the JSONL file (1024)", "MB" },
    { "studio-mb", 0, 0, G_OPTION_ARG_INT, &studio_mb, "Size of the Label Studio export (256)", "MB" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "Where to write the files (a temporary folder)", "DIR" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each; the fastest counts (3)", "R" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the generated files", NULL },
    { "no-store", 0, 0, G_OPTION_ARG_NONE, &no_store, "Skip the store import of the JSONL file", NULL },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only, "Only “coco”, “jsonl” or “label-studio” (to profile one)", "PART" },
    { NULL }
  };
  double plain, import, tree, peak, file_mb, whole, whole_peak;
  guint64 n;
  GStatBuf st;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (dir == NULL)
    dir = g_dir_make_tmp ("bench-formats-XXXXXX", NULL);
  coco = g_build_filename (dir, "instances.json", NULL);
  jsonl = g_build_filename (dir, "records.jsonl", NULL);
  studio = g_build_filename (dir, "export.json", NULL);

  if (g_strcmp0 (only, "jsonl") == 0)
    goto jsonl_part;
  if (g_strcmp0 (only, "label-studio") == 0)
    goto studio_part;

  write_coco (coco, (guint) boxes);
  g_stat (coco, &st);
  file_mb = st.st_size / 1048576.0;
  plain = time_plain (coco, runs);
  tree = time_json_glib (coco, runs);
  import = time_import ("coco", coco, runs, FALSE, &n, &peak);
  g_print ("COCO, %" G_GUINT64_FORMAT " boxes, %.1f MB\n", n, file_mb);
  g_print ("  plain read       %8.1f ms\n", plain);
  g_print ("  json-glib tree   %8.1f ms   %5.1fx the plain read\n", tree, tree / plain);
  g_print ("  Limn import      %8.1f ms   %5.1fx the plain read, %.2fx json-glib's tree; "
           "peak +%.0f MiB (%.1fx the file)\n",
           import, import / plain, import / tree, peak, peak / file_mb);

  whole = time_whole_scan (coco, &whole_peak);
  g_print ("  whole-file scan  %8.1f ms   (the reader's first step before it walked the file); "
           "peak +%.0f MiB\n", whole, whole_peak);

  if (g_strcmp0 (only, "coco") == 0)
    goto done;

studio_part:
  if (!g_file_test (studio, G_FILE_TEST_EXISTS))
    write_label_studio (studio, (guint64) studio_mb << 20);
  g_stat (studio, &st);
  file_mb = st.st_size / 1048576.0;
  plain = time_plain (studio, runs);
  import = time_import ("label-studio", studio, runs, TRUE, &n, &peak);
  g_print ("Label Studio, %" G_GUINT64_FORMAT " spans, %.0f MB, task by task to a sink\n", n, file_mb);
  g_print ("  plain read       %8.1f ms\n", plain);
  g_print ("  Limn import      %8.1f ms   %5.1fx the plain read; peak +%.0f MiB for a %.0f MB file\n",
           import, import / plain, peak, file_mb);
  whole = time_whole_scan (studio, &whole_peak);
  g_print ("  whole-file scan  %8.1f ms   %5.1fx the plain read (the reader's first step before "
           "it walked the file); peak +%.0f MiB\n", whole, whole / plain, whole_peak);

  if (g_strcmp0 (only, "label-studio") == 0)
    goto done;

jsonl_part:
  write_jsonl (jsonl, (guint64) jsonl_mb << 20);
  g_stat (jsonl, &st);
  file_mb = st.st_size / 1048576.0;
  plain = time_plain (jsonl, runs);
  import = time_import ("spacy", jsonl, runs, TRUE, &n, &peak);
  g_print ("JSONL (spaCy), %" G_GUINT64_FORMAT " spans, %.0f MB, streamed to a sink\n", n, file_mb);
  g_print ("  plain read       %8.1f ms\n", plain);
  g_print ("  Limn import      %8.1f ms   %5.1fx the plain read; peak +%.0f MiB for a %.0f MB file\n",
           import, import / plain, peak, file_mb);
  if (!no_store)
    {
      import = time_store_import (dir, jsonl, &n, &peak);
      g_print ("  store import, streamed %8.1f ms   %5.1fx the plain read; %" G_GUINT64_FORMAT
               " tasks; peak +%.0f MiB\n", import, import / plain, n, peak);
    }

done:
  if (!keep)
    {
      g_unlink (coco);
      g_unlink (jsonl);
      g_unlink (studio);
      g_rmdir (dir);
    }

  return 0;
}
