/* test-formats-image.c
 *
 * The image formats (COCO, YOLO, Pascal VOC, labelme, Label Studio): the
 * labelme/VOC photos in ../shared/data give the same boxes both ways; each
 * messy case peers' files have, in a small fixture written here, reads as
 * docs/formats.md says and is reported with its line; each format round
 * trips; several annotators in a format without them give one output each;
 * detection names each fixture; damaged fixtures never crash a reader.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "limn-formats-test.h"

/* ../shared/data/labelme-voc */

static gboolean
copy_tree (const char *from,
           const char *to)
{
  g_autoptr(GDir) dir = g_dir_open (from, 0, NULL);
  const char *name;

  if (dir == NULL)
    return FALSE;

  g_assert_cmpint (g_mkdir_with_parents (to, 0755), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *a = g_build_filename (from, name, NULL);
      g_autofree char *b = g_build_filename (to, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_test (a, G_FILE_TEST_IS_DIR))
        copy_tree (a, b);
      else if (g_file_get_contents (a, &contents, &length, NULL))
        g_assert_true (g_file_set_contents (b, contents, length, NULL));
    }

  return TRUE;
}

static void
test_shared_labelme_voc (Fixture       *f,
                         gconstpointer  data)
{
  const char *shared = g_getenv ("LIMN_SHARED_DATA");
  g_autofree char *source = shared ? g_build_filename (shared, "labelme-voc", NULL) : NULL;
  g_autofree char *copy = sub (f, "labelme-voc");
  g_autofree char *voc = g_build_filename (copy, "voc", NULL);
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(LimnDataset) from_labelme = NULL;
  g_autoptr(LimnDataset) from_voc = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (source == NULL || !g_file_test (source, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("../shared/data/labelme-voc is not here");
      return;
    }

  g_assert_true (copy_tree (source, copy));
  g_assert_cmpstr (fx_detect (copy), ==, "labelme");
  g_assert_cmpstr (fx_detect (voc), ==, "voc");

  from_labelme = fx_read ("labelme", copy, problems);
  from_voc = fx_read ("voc", voc, problems);
  fx_print_problems (problems);
  g_assert_cmpuint (limn_format_problems_count (problems, NULL), ==, 0);

  a = fx_regions (from_labelme, 0);
  b = fx_regions (from_voc, 0);
  g_assert_cmpstr (a, ==, b);
  g_assert_nonnull (strstr (a, "2011_000003.jpg | - | person | 191.0000 107.3690 122.0000 222.0000"));
  g_assert_cmpuint (limn_dataset_get_n_items (from_labelme), ==, 3);

  /* The size comes from the files, and the image was found beside them. */
  g_assert_cmpint (limn_dataset_get_item (from_voc, 0)->width, ==, 500);
  g_assert_nonnull (limn_dataset_get_item (from_labelme, 0)->path);
}

/* COCO */

static const char coco_messy[] =
  "{\n"
  " \"images\": [\n"
  "  {\"id\": 1, \"file_name\": \"a.png\", \"width\": 100, \"height\": 80},\n"
  "  {\"id\": 2, \"file_name\": \"b.png\", \"width\": 100, \"height\": 80},\n"
  "  {\"id\": 2, \"file_name\": \"dup.png\", \"width\": 10, \"height\": 10}\n"
  " ],\n"
  " \"categories\": [\n"
  "  {\"id\": 0, \"name\": \"_background_\"},\n"
  "  {\"id\": 5, \"name\": \"cat\"},\n"
  "  {\"id\": 90, \"name\": \"dog\"}\n"
  " ],\n"
  " \"annotations\": [\n"
  "  {\"id\": 1, \"image_id\": 1, \"category_id\": 5, \"bbox\": [10, 10, 20, 20], \"iscrowd\": 0, "
  "\"segmentation\": [[10, 10, 30, 10, 30, 30, 10, 30]], \"area\": 400},\n"
  "  {\"id\": 2, \"image_id\": 1, \"category_id\": 90, \"bbox\": [\"0\", \"0\", \"2\", \"5\"], "
  "\"iscrowd\": \"1\", \"segmentation\": {\"counts\": [0, 5, 75, 5, 7915], \"size\": [80, 100]}},\n"
  "  {\"id\": 3, \"image_id\": 1, \"category_id\": 0, \"bbox\": [1, 1, 2, 2]},\n"
  "  {\"id\": 4, \"image_id\": 9, \"category_id\": 5, \"bbox\": [1, 1, 2, 2]},\n"
  "  {\"id\": 5, \"image_id\": 1, \"category_id\": 7, \"bbox\": [1, 1, 2, 2]},\n"
  "  {\"id\": 1, \"image_id\": 2, \"category_id\": 5, \"bbox\": [90, 70, 20, 20]},\n"
  "  {\"id\": 6, \"image_id\": 2, \"category_id\": 5, \"bbox\": [50, 50, 0, 10]},\n"
  "  {\"id\": 7, \"image_id\": 2, \"category_id\": 90, \"iscrowd\": 1, "
  "\"segmentation\": {\"counts\": \"P5:V20P`7\", \"size\": [80, 100]}},\n"
  "  {\"id\": 8, \"image_id\": 2, \"category_id\": 5, \"bbox\": [1, 2, 3, 4], \"score\": 0.75}\n"
  " ]\n"
  "}\n";

static void
test_coco_messy (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = fx_write (f->dir, "instances.json", coco_messy);
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(LimnDataset) dataset = NULL;
  g_autofree char *regions = NULL;

  g_assert_cmpstr (fx_detect (path), ==, "coco");
  dataset = fx_read ("coco", path, problems);
  fx_print_problems (problems);
  regions = fx_regions (dataset, FX_ATTRS);
  g_test_message ("%s", regions);

  fx_assert_problem (problems, "duplicate-id", "instances.json:5");      /* image id 2 again */
  fx_assert_problem (problems, "background-category", "instances.json:8");
  fx_assert_problem (problems, "iscrowd-type", "instances.json:14");
  fx_assert_problem (problems, "number-as-string", "instances.json:14");
  fx_assert_problem (problems, "unknown-image", "instances.json:16");
  fx_assert_problem (problems, "unknown-category", "instances.json:17");
  fx_assert_problem (problems, "duplicate-id", "instances.json:18");     /* annotation id 1 again */
  fx_assert_problem (problems, "clamped", "instances.json:18");
  fx_assert_problem (problems, "zero-area", "instances.json:19");
  fx_assert_problem (problems, "bbox-from-segmentation", "instances.json:20");
  fx_assert_problem (problems, "scored-as-suggestion", NULL);
  /* The background's annotation goes with its category, unreported. */
  g_assert_false (fx_has_problem (problems, "unknown-category", "instances.json:15"));

  g_assert_cmpuint (limn_dataset_get_n_items (dataset), ==, 2);
  g_assert_cmpuint (limn_dataset_get_n_labels (dataset), ==, 2);
  g_assert_cmpint (limn_dataset_find_label (dataset, "_background_"), ==, -1);
  g_assert_cmpstr (limn_dataset_get_label (dataset, limn_dataset_find_label (dataset, "dog"))->id, ==, "90");

  g_assert_nonnull (strstr (regions, "a.png | - | cat | 10.0000 10.0000 20.0000 20.0000 "
                                     "polygon=[[10, 10, 30, 10, 30, 30, 10, 30]]"));
  g_assert_nonnull (strstr (regions, "a.png | - | dog | 0.0000 0.0000 2.0000 5.0000 iscrowd=1 "
                                     "rle={\"counts\": [0, 5, 75, 5, 7915], \"size\": [80, 100]}"));
  g_assert_nonnull (strstr (regions, "b.png | - | cat | 90.0000 70.0000 10.0000 10.0000\n"));
  /* The box of the compressed RLE: columns 2–3, rows 0–9. */
  g_assert_nonnull (strstr (regions, "b.png | - | dog | 2.0000 0.0000 2.0000 10.0000 iscrowd=1"));
  g_assert_nonnull (strstr (regions, "b.png | model (null) | cat | 1.0000 2.0000 3.0000 4.0000 score 0.7500"));
}

static void
test_coco_round_trip (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = fx_write (f->dir, "instances.json", coco_messy);
  g_autofree char *out = sub (f, "out.json");
  g_autofree char *written = NULL;

  /* COCO has no place for pre-labels beside annotations: compare these. */
  fx_round_trip ("coco", path, out, FX_ATTRS | FX_NAMES | FX_ANNOTATIONS);

  /* Category ids with gaps stay as they were. */
  g_assert_true (g_file_get_contents (out, &written, NULL, NULL));
  g_assert_nonnull (strstr (written, "{\"id\": 90, \"name\": \"dog\""));
  g_assert_nonnull (strstr (written, "\"iscrowd\": 1, \"segmentation\": {\"counts\": \"P5:V20P`7\""));
}

static void
test_coco_bad (Fixture       *f,
               gconstpointer  data)
{
  const char *bad[] = {
    "",
    "{\"images\": [",
    "[1, 2, 3]",
    "{\"images\": {}, \"categories\": [], \"annotations\": []}",
    "{\"images\": [], \"categories\": [], \"annotations\": 5}",
    "{\"images\": [], \"categories\": [], \"annotations\": [NaN]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *path = fx_write (f->dir, "bad.json", bad[i]);
      g_autoptr(LimnDataset) dataset = limn_dataset_new ();
      g_autoptr(GError) error = NULL;

      limn_dataset_add_label (dataset, "kept", NULL, NULL);
      g_assert_false (limn_format_read (limn_format_lookup ("coco"), path, dataset, NULL, NULL,
                                        NULL, &error));
      g_assert_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_MALFORMED);
      g_test_message ("%s", error->message);
      /* Nothing half-read: the dataset is as it was. */
      g_assert_cmpuint (limn_dataset_get_n_items (dataset), ==, 0);
      g_assert_cmpuint (limn_dataset_get_n_labels (dataset), ==, 1);
    }

  /* Broken JSON says where. */
  {
    g_autofree char *path = fx_write (f->dir, "broken.json", "{\n\"images\": [\n{\"id\": 1,,}\n]}");
    g_autoptr(LimnDataset) dataset = limn_dataset_new ();
    g_autoptr(GError) error = NULL;

    g_assert_false (limn_format_read (limn_format_lookup ("coco"), path, dataset, NULL, NULL, NULL, &error));
    g_assert_nonnull (strstr (error->message, "line 3"));
  }
}

/* The sections in any order, "annotations" first: walked section by
 * section, the file reads to the same regions, and each problem is
 * reported at its own line; a section given twice counts as the last. */
static void
test_coco_order (Fixture       *f,
                 gconstpointer  data)
{
  static const char reordered[] =
    "{\"images\": [{\"id\": 1, \"file_name\": \"ignored.png\"}],\n"
    " \"annotations\": [\n"
    "  {\"id\": 1, \"image_id\": 1, \"category_id\": 5, \"bbox\": [10, 10, 20, 20], \"iscrowd\": \"0\"},\n"
    "  {\"id\": 2, \"image_id\": 2, \"category_id\": 90, \"bbox\": [1, 2, 3, 4]},\n"
    "  {\"id\": 3, \"image_id\": 2, \"category_id\": 0, \"bbox\": [1, 1, 2, 2]}\n"
    " ],\n"
    " \"info\": {\"description\": \"]} [{\\\"\", \"nested\": [[{}], {\"a\": [1, 2]}]},\n"
    " \"categories\": [{\"id\": 0, \"name\": \"_background_\"}, {\"id\": 5, \"name\": \"cat\"},\n"
    "  {\"id\": 90, \"name\": \"dog\"}],\n"
    " \"images\": [\n"
    "  {\"id\": 1, \"file_name\": \"a.png\", \"width\": 100, \"height\": 80},\n"
    "  {\"id\": 2, \"file_name\": \"b.png\", \"width\": 100, \"height\": 80}\n"
    " ]\n"
    "}\n";
  g_autofree char *path = fx_write (f->dir, "instances.json", reordered);
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(LimnDataset) dataset = NULL;
  g_autofree char *regions = NULL;

  dataset = fx_read ("coco", path, problems);
  fx_print_problems (problems);
  regions = fx_regions (dataset, FX_ATTRS);
  g_test_message ("%s", regions);

  fx_assert_problem (problems, "iscrowd-type", "instances.json:3");
  fx_assert_problem (problems, "background-category", "instances.json:8");
  g_assert_cmpuint (limn_format_problems_get_n (problems), ==, 2);
  g_assert_cmpuint (limn_dataset_get_n_items (dataset), ==, 2);
  g_assert_cmpstr (regions, ==,
                   "a.png | - | cat | 10.0000 10.0000 20.0000 20.0000\n"
                   "b.png | - | dog | 1.0000 2.0000 3.0000 4.0000\n");
}

/* A fault after thousands of annotations were read, or in a part that is
 * not read: the read fails, says the line, and leaves nothing behind. */
static void
test_coco_broken_late (Fixture       *f,
                       gconstpointer  data)
{
  /* The last annotation is on line 5004. */
  const char *lines[] = { "line 5004", "line 5005", "line 5005" };
  const char *tails[] = {
    "{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 2, 3, 4],}\n]}\n",
    "{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 2, 3, 4]}\n], \"info\": [\"\\x\"]}\n",
    "{\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"bbox\": [1, 2, 3, 4]}\n] \"info\": 1}\n",
  };

  for (guint t = 0; t < G_N_ELEMENTS (tails); t++)
    {
      g_autoptr(GString) text = g_string_new ("{\"images\": [{\"id\": 1, \"file_name\": \"a.png\", "
                                              "\"width\": 100, \"height\": 80}],\n"
                                              "\"categories\": [{\"id\": 1, \"name\": \"cat\"}],\n"
                                              "\"annotations\": [\n");
      g_autofree char *path = NULL;
      g_autoptr(LimnDataset) dataset = limn_dataset_new ();
      g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
      g_autoptr(GError) error = NULL;

      for (guint i = 0; i < 5000; i++)
        g_string_append_printf (text, "{\"id\": %u, \"image_id\": 1, \"category_id\": 1, "
                                "\"bbox\": [1, 2, 3, 4]},\n", i + 2);
      g_string_append (text, tails[t]);
      path = fx_write (f->dir, "late.json", text->str);

      limn_dataset_add_label (dataset, "kept", NULL, NULL);
      g_assert_false (limn_format_read (limn_format_lookup ("coco"), path, dataset, NULL, problems,
                                        NULL, &error));
      g_assert_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_MALFORMED);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, lines[t]));
      g_assert_cmpuint (limn_dataset_get_n_items (dataset), ==, 0);
      g_assert_cmpuint (limn_dataset_get_n_labels (dataset), ==, 1);
    }
}

/* Pascal VOC */

static const char voc_messy[] =
  "<annotation>\n"
  "  <filename>v.png</filename>\n"
  "  <size><width>0</width><height>0</height><depth>3</depth></size>\n"
  "  <object>\n"
  "    <name>person</name><pose>Left</pose><truncated>1</truncated><difficult>1</difficult>\n"
  "    <bndbox><xmin>10.5</xmin><ymin>4.25</ymin><xmax>64</xmax><ymax>48</ymax></bndbox>\n"
  "    <part>\n"
  "      <name>head</name>\n"
  "      <bndbox><xmin>12</xmin><ymin>5</ymin><xmax>20</xmax><ymax>12</ymax></bndbox>\n"
  "    </part>\n"
  "  </object>\n"
  "  <object>\n"
  "    <name>dog</name><bndbox><xmin>30</xmin><ymin>30</ymin><xmax>30</xmax><ymax>40</ymax></bndbox>\n"
  "  </object>\n"
  "  <object>\n"
  "    <name>dog</name><bndbox><xmin>50</xmin><ymin>10</ymin><xmax>40</xmax><ymax>20</ymax></bndbox>\n"
  "  </object>\n"
  "  <object>\n"
  "    <name>dog</name><bndbox><xmin>60</xmin><ymin>40</ymin><xmax>70</xmax><ymax>50</ymax></bndbox>\n"
  "  </object>\n"
  "  <object>\n"
  "    <name>dog</name><bndbox><xmin>1</xmin></bndbox>\n"
  "  </object>\n"
  "</annotation>\n";

static void
test_voc_messy (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *folder = sub (f, "voc");
  g_autofree char *png = fx_png (folder, "v.png", 64, 48);
  g_autofree char *xml = fx_write (folder, "v.xml", voc_messy);
  g_autofree char *broken = fx_write (folder, "broken.xml", "<annotation><object></annotation>");
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(LimnDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *regions = NULL;

  g_assert_cmpstr (fx_detect (folder), ==, "voc");
  g_assert_cmpstr (fx_detect (xml), ==, "voc");
  dataset = fx_read ("voc", folder, problems);
  fx_print_problems (problems);
  regions = fx_regions (dataset, FX_ATTRS);
  g_test_message ("%s", regions);

  /* A broken file in a folder is left out whole, and said. */
  fx_assert_problem (problems, "malformed", "broken.xml");
  fx_assert_problem (problems, "part-box", "v.xml:7");
  fx_assert_problem (problems, "zero-area", "v.xml:12");
  fx_assert_problem (problems, "swapped-corners", "v.xml:15");
  fx_assert_problem (problems, "clamped", "v.xml:18");
  fx_assert_problem (problems, "bad-box", "v.xml:21");
  g_assert_cmpuint (limn_dataset_get_n_items (dataset), ==, 1);

  /* Size from the image (the file says 0); floats kept; a box touching
   * the right and bottom borders is inside. */
  g_assert_cmpint (limn_dataset_get_item (dataset, 0)->width, ==, 64);
  g_assert_nonnull (strstr (regions, "v.png | - | person | 10.5000 4.2500 53.5000 43.7500 "
                                     "difficult=1 truncated=1 pose=Left"));
  g_assert_nonnull (strstr (regions, "v.png | - | head | 12.0000 5.0000 8.0000 7.0000 part_of=1"));
  g_assert_nonnull (strstr (regions, "v.png | - | dog | 40.0000 10.0000 10.0000 10.0000"));
  g_assert_nonnull (strstr (regions, "v.png | - | dog | 60.0000 40.0000 4.0000 8.0000"));
  g_assert_false (fx_has_problem (problems, "clamped", "v.xml:4"));

  /* Alone, a broken file is an error. */
  g_clear_pointer (&dataset, limn_dataset_free);
  dataset = limn_dataset_new ();
  g_assert_false (limn_format_read (limn_format_lookup ("voc"), broken, dataset, NULL, NULL, NULL, &error));
  g_assert_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "broken.xml"));
}

static void
test_voc_round_trip (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *folder = sub (f, "voc");
  g_autofree char *png = fx_png (folder, "v.png", 64, 48);
  g_autofree char *xml = fx_write (folder, "v.xml", voc_messy);
  g_autofree char *out = sub (f, "out");
  g_autofree char *written = NULL;
  g_autofree char *written_path = g_build_filename (out, "v.xml", NULL);
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(LimnDataset) dataset = NULL;

  fx_round_trip ("voc", folder, out, FX_ATTRS);

  /* Floats are written as they are, and the writer says who truncates. */
  dataset = fx_read ("voc", folder, problems);
  fx_write_as ("voc", dataset, out, problems);
  fx_assert_problem (problems, "float-coordinates", NULL);
  g_assert_true (g_file_get_contents (written_path, &written, NULL, NULL));
  g_assert_nonnull (strstr (written, "<xmin>10.5</xmin>"));
  g_assert_nonnull (strstr (written, "<part>"));
}

/* labelme */

static const char labelme_messy[] =
  "{\n"
  "  \"version\": \"5.2.1\",\n"
  "  \"flags\": {\"blurry\": true, \"night\": false},\n"
  "  \"shapes\": [\n"
  "    {\"label\": \"car\", \"points\": [[60, 50], [10, 20]], \"shape_type\": \"rectangle\", \"group_id\": 1},\n"
  "    {\"label\": \"car\", \"points\": [[10, 10], [30, 12], [20, 40]], \"shape_type\": \"polygon\", \"group_id\": 1},\n"
  "    {\"label\": \"wheel\", \"points\": [[50, 40], [53, 44]], \"shape_type\": \"circle\"},\n"
  "    {\"label\": \"pin\", \"points\": [[5, 5]], \"shape_type\": \"point\"},\n"
  "    {\"label\": \"lane\", \"points\": [[0, 0], [9, 9]], \"shape_type\": \"line\"},\n"
  "    {\"label\": \"blob\", \"points\": [[1, 2], [11, 12]], \"shape_type\": \"mask\", \"mask\": \"iVBORw0KGgo=\"},\n"
  "    {\"label\": \"box\", \"points\": [[1, 2], [3, 4], [5, 6]], \"shape_type\": \"rectangle\"},\n"
  "    {\"label\": \"box\", \"points\": [[1, 2], [3, 4]], \"shape_type\": \"cuboid\"},\n"
  "    {\"label\": \"\", \"points\": [[1, 2], [3, 4]], \"shape_type\": \"rectangle\"},\n"
  "    {\"label\": \"car\", \"points\": [[1, 2], [30, 4], [15, 9]], \"description\": \"half hidden\"}\n"
  "  ],\n"
  "  \"imagePath\": \"..\\\\lm\\\\car.png\",\n"
  "  \"imageData\": \"iVBORw0KGgoAAAANSUhEUgAAAAE=\",\n"
  "  \"imageHeight\": 80,\n"
  "  \"imageWidth\": 100\n"
  "}\n";

static void
test_labelme_messy (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *folder = sub (f, "lm");
  g_autofree char *png = fx_png (folder, "car.png", 100, 80);
  g_autofree char *json = fx_write (folder, "car.json", labelme_messy);
  g_autofree char *gone = fx_write (folder, "gone.json",
                                    "{\"shapes\": [], \"imagePath\": \"gone.jpg\", "
                                    "\"imageData\": \"/9j/4AAQ\", \"imageWidth\": 10, \"imageHeight\": 10}");
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(LimnDataset) dataset = NULL;
  g_autofree char *regions = NULL;
  LimnDatasetItem *item;

  g_assert_cmpstr (fx_detect (json), ==, "labelme");
  g_assert_cmpstr (fx_detect (folder), ==, "labelme");
  dataset = fx_read ("labelme", folder, problems);
  fx_print_problems (problems);
  regions = fx_regions (dataset, FX_ATTRS);
  g_test_message ("%s", regions);

  fx_assert_problem (problems, "image-flags", "car.json");
  fx_assert_problem (problems, "polygon-to-box", "car.json:6");
  fx_assert_problem (problems, "circle-to-box", "car.json:7");
  fx_assert_problem (problems, "shape-without-area", "car.json:8");
  fx_assert_problem (problems, "shape-without-area", "car.json:9");
  fx_assert_problem (problems, "mask-to-box", "car.json:10");
  fx_assert_problem (problems, "bad-shape", "car.json:11");
  fx_assert_problem (problems, "unknown-shape", "car.json:12");
  fx_assert_problem (problems, "missing-label", "car.json:13");
  fx_assert_problem (problems, "polygon-to-box", "car.json:14");   /* no shape_type: labelme 2 */
  /* Embedded image data matters only when the image is not beside it. */
  fx_assert_problem (problems, "embedded-image", "gone.json");
  g_assert_false (fx_has_problem (problems, "embedded-image", "car.json"));

  item = limn_dataset_lookup_item (dataset, "car.png");
  g_assert_nonnull (item);
  g_assert_nonnull (item->path);   /* found through imagePath's backslashes */
  g_assert_nonnull (strstr (regions, "car.png | - | car | 10.0000 20.0000 50.0000 30.0000\n"));
  g_assert_nonnull (strstr (regions, "car.png | - | car | 10.0000 10.0000 20.0000 30.0000 "
                                     "polygon=[[10,10,30,12,20,40]]"));
  g_assert_nonnull (strstr (regions, "car.png | - | wheel | 45.0000 35.0000 10.0000 10.0000"));
  g_assert_nonnull (strstr (regions, "car.png | - | blob | 1.0000 2.0000 10.0000 10.0000"));
  g_assert_nonnull (strstr (regions, "note=half hidden"));
}

static void
test_labelme_round_trip (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *folder = sub (f, "lm");
  g_autofree char *png = fx_png (folder, "car.png", 100, 80);
  g_autofree char *json = fx_write (folder, "car.json", labelme_messy);
  g_autofree char *out = sub (f, "out");
  g_autofree char *written = NULL;
  g_autofree char *written_path = g_build_filename (out, "car.json", NULL);

  fx_round_trip ("labelme", folder, out, FX_ATTRS);
  g_assert_true (g_file_get_contents (written_path, &written, NULL, NULL));
  g_assert_nonnull (strstr (written, "\"shape_type\": \"polygon\""));
  g_assert_nonnull (strstr (written, "\"group_id\": 1"));
  g_assert_nonnull (strstr (written, "\"imagePath\": \"../lm/car.png\""));
}

/* YOLO */

static char *
yolo_darknet (Fixture *f)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  char *folder = sub (f, "yd");

  a = fx_png (folder, "a.png", 100, 50);
  b = fx_png (folder, "b.png", 20, 20);
  g_free (fx_write (folder, "classes.txt", "cat\ndog\n"));
  /* CR-LF lines; a box at x = 0; a confidence column; an unknown class;
   * a bad line. */
  g_free (fx_write (folder, "a.txt",
                    "0 0.1 0.5 0.2 0.4\r\n"
                    "1 0.5 0.5 0.2 0.2 0.9\r\n"
                    "7 0.5 0.5 0.1 0.1\r\n"
                    "1 0.5 zero 0.1 0.1\r\n"
                    "\r\n"));
  g_free (fx_write (folder, "orphan.txt", "0 0.5 0.5 0.1 0.1\n"));

  return folder;
}

static void
test_yolo_darknet (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *folder = yolo_darknet (f);
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(LimnDataset) dataset = NULL;
  g_autofree char *regions = NULL;

  g_assert_cmpstr (fx_detect (folder), ==, "yolo");
  dataset = fx_read ("yolo", folder, problems);
  fx_print_problems (problems);
  regions = fx_regions (dataset, 0);
  g_test_message ("%s", regions);

  g_assert_cmpuint (limn_dataset_get_n_items (dataset), ==, 2);
  g_assert_cmpstr (regions, ==,
                   "a.png | - | cat | 0.0000 15.0000 20.0000 20.0000\n"
                   "a.png | model (null) | dog | 40.0000 20.0000 20.0000 10.0000 score 0.9000\n");
  g_assert_false (fx_has_problem (problems, "clamped", NULL));
  fx_assert_problem (problems, "unknown-class", "a.txt:3");
  fx_assert_problem (problems, "bad-line", "a.txt:4");
  fx_assert_problem (problems, "image-missing", "orphan.txt");
  fx_assert_problem (problems, "scored-as-suggestion", NULL);
}

static char *
yolo_ultralytics (Fixture    *f,
                  const char *names)
{
  char *folder = sub (f, "yu");
  g_autofree char *yaml = g_strdup_printf ("# Ultralytics\npath: .  # the root\n"
                                           "train: images/train\nval: images/val\n%s", names);

  g_free (fx_write (folder, "data.yaml", yaml));
  g_free (fx_png (folder, "images/train/t.png", 64, 64));
  g_free (fx_png (folder, "images/val/v.png", 40, 20));
  g_free (fx_write (folder, "labels/train/t.txt", "1 0.5 0.5 0.25 0.25\n0 0.1 0.1 0.2 0.2\n"));
  g_free (fx_write (folder, "labels/val/v.txt", "0 0.5 0.5 1 1\n"));

  return folder;
}

static void
test_yolo_ultralytics (Fixture       *f,
                       gconstpointer  data)
{
  const char *variants[] = {
    "names:\n  0: person\n  1: 'traffic light'\n",
    "names: [person, \"traffic light\"]\n",
    "names:\n- person\n- traffic light  # a comment\n",
    "names: {0: person, 1: traffic light}\n",
    /* Found by fuzzing: an inline list without its bracket. */
    "names: [person, traffic light\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *folder = yolo_ultralytics (f, variants[i]);
      g_autofree char *yaml = g_build_filename (folder, "data.yaml", NULL);
      g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
      g_autoptr(LimnDataset) dataset = NULL;
      g_autofree char *regions = NULL;

      g_assert_cmpstr (fx_detect (folder), ==, "yolo");
      g_assert_cmpstr (fx_detect (yaml), ==, "yolo");
      dataset = fx_read ("yolo", yaml, problems);
      fx_print_problems (problems);
      regions = fx_regions (dataset, FX_NAMES);
      g_assert_cmpstr (regions, ==,
                       "images/train/t.png | - | person | 0.0000 0.0000 12.8000 12.8000\n"
                       "images/train/t.png | - | traffic light | 24.0000 24.0000 16.0000 16.0000\n"
                       "images/val/v.png | - | person | 0.0000 0.0000 40.0000 20.0000\n");
      g_assert_cmpuint (limn_format_problems_count (problems, NULL), ==, 0);
    }
}

static void
test_yolo_round_trip (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *folder = yolo_ultralytics (f, "names: [person, traffic light]\n");
  g_autofree char *out = sub (f, "out");
  g_autofree char *classes = g_build_filename (out, "classes.txt", NULL);
  g_autofree char *contents = NULL;

  fx_round_trip ("yolo", folder, out, 0);
  g_assert_true (g_file_get_contents (classes, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "person\ntraffic light\n");
}

/* Label Studio */

#define LS_RECT(id, x, y, w, h, rotation, label) \
  "{\"id\": \"" id "\", \"type\": \"rectanglelabels\", \"from_name\": \"label\", \"to_name\": \"image\", " \
  "\"original_width\": 200, \"original_height\": 100, \"value\": {\"x\": " x ", \"y\": " y \
  ", \"width\": " w ", \"height\": " h ", \"rotation\": " rotation ", \"rectanglelabels\": [\"" label "\"]}"

static const char studio_images[] =
  "[\n"
  " {\"id\": 11, \"data\": {\"image\": \"/data/upload/1/0a1b2c3d-photo.png\"},\n"
  "  \"annotations\": [\n"
  "   {\"id\": 1, \"completed_by\": 1, \"result\": [\n"
  "     " LS_RECT ("a", "10", "20", "30", "40", "0", "car") "},\n"
  "     {\"id\": \"b\", \"type\": \"polygonlabels\", \"original_width\": 200, \"original_height\": 100, "
  "\"value\": {\"points\": [[10, 10], [20, 10], [20, 30]], \"polygonlabels\": [\"car\"]}},\n"
  "     {\"id\": \"c\", \"type\": \"keypointlabels\", \"original_width\": 200, \"original_height\": 100, "
  "\"value\": {\"x\": 5, \"y\": 5, \"width\": 1, \"keypointlabels\": [\"car\"]}},\n"
  "     {\"id\": \"d\", \"type\": \"choices\", \"value\": {\"choices\": [\"day\"]}}\n"
  "   ]},\n"
  "   {\"id\": 2, \"completed_by\": {\"id\": 2, \"email\": \"bob@example.org\"}, \"result\": [\n"
  "     " LS_RECT ("e", "50", "50", "10", "20", "90", "car") "}\n"
  "   ]},\n"
  "   {\"id\": 3, \"completed_by\": 3, \"was_cancelled\": true, \"result\": []}\n"
  "  ],\n"
  "  \"predictions\": [{\"model_version\": \"yolo-v8\", \"score\": 0.5, \"result\": [\n"
  "     " LS_RECT ("p", "10", "20", "30", "40", "0", "car") ", \"score\": 0.9}\n"
  "  ]}]\n"
  " }\n"
  "]\n";

static void
test_label_studio_images (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *png = fx_png (f->dir, "photo.png", 200, 100);
  g_autofree char *path = fx_write (f->dir, "export.json", studio_images);
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(LimnDataset) dataset = NULL;
  g_autofree char *regions = NULL;
  g_autoptr(GPtrArray) annotators = NULL;

  g_assert_cmpstr (fx_detect (path), ==, "label-studio");
  dataset = fx_read ("label-studio", path, problems);
  fx_print_problems (problems);
  regions = fx_regions (dataset, 0);
  g_test_message ("%s", regions);

  /* Two annotators on one task, both kept; the model's boxes apart. */
  g_assert_cmpstr (regions, ==,
                   "0a1b2c3d-photo.png | 1 | car | 20.0000 10.0000 20.0000 20.0000\n"
                   "0a1b2c3d-photo.png | 1 | car | 20.0000 20.0000 60.0000 40.0000\n"
                   "0a1b2c3d-photo.png | bob@example.org | car | 80.0000 50.0000 20.0000 20.0000\n"
                   "0a1b2c3d-photo.png | model yolo-v8 | car | 20.0000 20.0000 60.0000 40.0000 score 0.9000\n");
  annotators = limn_dataset_list_annotators (dataset);
  g_assert_cmpuint (annotators->len, ==, 2);
  /* Label Studio's upload prefix is not in the file's name on disk. */
  g_assert_nonnull (limn_dataset_get_item (dataset, 0)->path);

  fx_assert_problem (problems, "polygon-to-box", "export.json:6");
  fx_assert_problem (problems, "unsupported-result", "export.json:7");
  fx_assert_problem (problems, "unsupported-result", "export.json:8");
  fx_assert_problem (problems, "rotated-box", "export.json:11");
  fx_assert_problem (problems, "cancelled", "export.json:13");
}

static void
test_label_studio_round_trip (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *png = fx_png (f->dir, "photo.png", 200, 100);
  g_autofree char *path = fx_write (f->dir, "export.json", studio_images);
  g_autofree char *out = sub (f, "out.json");

  fx_round_trip ("label-studio", path, out, FX_ATTRS);
}

/* Several annotators into formats that cannot name them */

static void
test_split_by_annotator (Fixture       *f,
                         gconstpointer  data)
{
  const char *formats[] = { "yolo", "voc", "labelme", "coco" };
  g_autofree char *png = fx_png (f->dir, "photo.png", 200, 100);
  g_autofree char *path = fx_write (f->dir, "export.json", studio_images);
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(LimnDataset) dataset = fx_read ("label-studio", path, problems);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(LimnFormatProblems) written = limn_format_problems_new ();
      g_autofree char *name = g_strdup_printf ("out-%s%s", formats[i],
                                               g_str_equal (formats[i], "coco") ? ".json" : "");
      g_autofree char *out = sub (f, name);
      g_autofree char *first = NULL;
      g_autofree char *second = NULL;
      g_autoptr(LimnDataset) one = NULL;
      g_autoptr(LimnDataset) two = NULL;

      if (g_str_equal (formats[i], "coco"))
        {
          first = sub (f, "out-coco-1.json");
          second = sub (f, "out-coco-bob@example.org.json");
        }
      else
        {
          first = g_build_filename (out, "1", NULL);
          second = g_build_filename (out, "bob@example.org", NULL);
        }

      fx_write_as (formats[i], dataset, out, written);
      fx_print_problems (written);
      fx_assert_problem (written, "split-by-annotator", first);
      fx_assert_problem (written, "split-by-annotator", second);
      fx_assert_problem (written, "suggestions-not-written", NULL);

      one = fx_read (formats[i], first, written);
      two = fx_read (formats[i], second, written);
      g_assert_cmpuint (((LimnDatasetAnnotation *) g_ptr_array_index (limn_dataset_get_item (one, 0)->annotations, 0))->regions->len, ==, 2);
      g_assert_cmpuint (((LimnDatasetAnnotation *) g_ptr_array_index (limn_dataset_get_item (two, 0)->annotations, 0))->regions->len, ==, 1);
    }

  /* One annotator chosen: one output, and it says whose. */
  {
    g_autoptr(LimnFormatProblems) written = limn_format_problems_new ();
    g_autofree char *out = sub (f, "only-bob");
    LimnFormatWriteOptions options = { "bob@example.org", FALSE };
    g_autoptr(GError) error = NULL;

    g_assert_true (limn_format_write (limn_format_lookup ("voc"), dataset, out, &options, written, &error));
    g_assert_no_error (error);
    g_assert_false (fx_has_problem (written, "split-by-annotator", NULL));
  }

  /* The pre-labels on their own, with their scores where the format has
   * room for them. */
  {
    g_autoptr(LimnFormatProblems) written = limn_format_problems_new ();
    g_autoptr(LimnFormatProblems) read_back = limn_format_problems_new ();
    g_autofree char *out = sub (f, "model.json");
    LimnFormatWriteOptions options = { NULL, TRUE };
    LimnFormatReadOptions read_options = { TRUE, "detector", "yolo-v8" };
    g_autoptr(GError) error = NULL;
    g_autoptr(LimnDataset) model = NULL;
    g_autofree char *regions = NULL;

    g_assert_true (limn_format_write (limn_format_lookup ("coco"), dataset, out, &options, written, &error));
    g_assert_no_error (error);
    model = fx_read_with ("coco", out, &read_options, read_back);
    regions = fx_regions (model, 0);
    g_assert_cmpstr (regions, ==,
                     "0a1b2c3d-photo.png | model yolo-v8 | car | 20.0000 20.0000 60.0000 40.0000 score 0.9000\n");
  }
}

/* Damaged input */

static void
test_garbled (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *damaged = sub (f, "damaged");
  g_autofree char *coco = fx_write (f->dir, "instances.json", coco_messy);
  g_autofree char *studio = fx_write (f->dir, "export.json", studio_images);
  g_autofree char *voc_dir = g_build_filename (damaged, "voc", NULL);
  g_autofree char *voc = fx_write (f->dir, "v.xml", voc_messy);
  g_autofree char *voc_target = g_build_filename (voc_dir, "v.xml", NULL);
  g_autofree char *lm_dir = g_build_filename (damaged, "lm", NULL);
  g_autofree char *lm = fx_write (f->dir, "car.json", labelme_messy);
  g_autofree char *lm_target = g_build_filename (lm_dir, "car.json", NULL);
  g_autofree char *coco_target = g_build_filename (damaged, "instances.json", NULL);
  g_autofree char *studio_target = g_build_filename (damaged, "export.json", NULL);
  g_autofree char *yd = yolo_darknet (f);
  g_autofree char *yd_label = g_build_filename (yd, "a.txt", NULL);
  g_autofree char *yd_copy = sub (f, "a.txt");
  g_autofree char *yu = yolo_ultralytics (f, "names: [person, car]\n");
  g_autofree char *yu_yaml = g_build_filename (yu, "data.yaml", NULL);
  g_autofree char *yu_copy = sub (f, "data.yaml");
  g_autofree char *contents = NULL;

  g_assert_cmpint (g_mkdir_with_parents (voc_dir, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (lm_dir, 0755), ==, 0);

  fx_garble ("coco", coco, coco_target, coco_target);
  fx_garble ("label-studio", studio, studio_target, studio_target);
  fx_garble ("voc", voc, voc_target, voc_target);
  fx_garble ("voc", voc, voc_target, voc_dir);
  fx_garble ("labelme", lm, lm_target, lm_target);
  fx_garble ("labelme", lm, lm_target, lm_dir);

  g_assert_true (g_file_get_contents (yd_label, &contents, NULL, NULL));
  g_assert_true (g_file_set_contents (yd_copy, contents, -1, NULL));
  fx_garble ("yolo", yd_copy, yd_label, yd);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (yu_yaml, &contents, NULL, NULL));
  g_assert_true (g_file_set_contents (yu_copy, contents, -1, NULL));
  fx_garble ("yolo", yu_copy, yu_yaml, yu);

  /* Each reader on every other format's fixture: a clear no, or a read. */
  {
    const char *paths[] = { coco, studio, voc, lm, yd, yu };
    const LimnFormat * const *formats = limn_format_list ();

    for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
      for (guint k = 0; formats[k] != NULL; k++)
        {
          g_autoptr(LimnDataset) dataset = limn_dataset_new ();
          g_autoptr(GError) error = NULL;

          if (!limn_format_read (formats[k], paths[i], dataset, NULL, NULL, NULL, &error))
            g_assert_cmpuint (limn_dataset_get_n_items (dataset), ==, 0);
        }
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fx_setup, func, fx_teardown)
  ADD ("/formats/image/shared-labelme-voc", test_shared_labelme_voc);
  ADD ("/formats/image/coco-messy", test_coco_messy);
  ADD ("/formats/image/coco-round-trip", test_coco_round_trip);
  ADD ("/formats/image/coco-bad", test_coco_bad);
  ADD ("/formats/image/coco-order", test_coco_order);
  ADD ("/formats/image/coco-broken-late", test_coco_broken_late);
  ADD ("/formats/image/voc-messy", test_voc_messy);
  ADD ("/formats/image/voc-round-trip", test_voc_round_trip);
  ADD ("/formats/image/labelme-messy", test_labelme_messy);
  ADD ("/formats/image/labelme-round-trip", test_labelme_round_trip);
  ADD ("/formats/image/yolo-darknet", test_yolo_darknet);
  ADD ("/formats/image/yolo-ultralytics", test_yolo_ultralytics);
  ADD ("/formats/image/yolo-round-trip", test_yolo_round_trip);
  ADD ("/formats/image/label-studio", test_label_studio_images);
  ADD ("/formats/image/label-studio-round-trip", test_label_studio_round_trip);
  ADD ("/formats/image/split-by-annotator", test_split_by_annotator);
  ADD ("/formats/image/garbled", test_garbled);
#undef ADD

  return g_test_run ();
}
