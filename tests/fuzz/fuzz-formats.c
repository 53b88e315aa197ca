/* fuzz-formats.c
 *
 * A fuzz target for every format reader. The first byte of an input picks
 * the reader; the rest becomes the file it reads (for folder formats, the
 * one annotation file of a folder that has what else the format needs: a
 * text beside a brat .ann, an image beside a YOLO label file). A reader may
 * refuse the input; it must not crash, leak, assert, or leave items behind
 * after an error.
 *
 * With clang: built with -fsanitize=fuzzer,address and run as libFuzzer
 * does (fuzz-formats CORPUS_DIR). With gcc, main() below runs each file
 * named on the command line, or N inputs made by mutating the built-in
 * seeds: fuzz-formats --random N [--seed S].
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdlib.h>

#include "formats/limn-format.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

typedef struct
{
  const char *id;
  const char *file;      /* the fuzzed file's name in the folder */
  gboolean    folder;    /* read the folder, not the file */
} Target;

static const Target targets[] = {
  { "coco", "instances.json", FALSE },
  { "yolo", "a.txt", TRUE },
  { "yolo", "data.yaml", TRUE },
  { "voc", "a.xml", TRUE },
  { "labelme", "a.json", FALSE },
  { "label-studio", "export.json", FALSE },
  { "spacy", "a.jsonl", FALSE },
  { "doccano", "a.jsonl", FALSE },
  { "conll", "a.conll", FALSE },
  { "brat", "doc.ann", TRUE },
  { "brat", "doc.txt", TRUE },
  { "limn-project", "project.json", FALSE },
  { "image-folder", "labels.txt", TRUE },
  { "text-lines", "a.jsonl", FALSE },
  { "text-lines", "a.txt", FALSE },
};

static char *work_dir;

static void
remove_folder (void)
{
  g_autoptr(GDir) dir = g_dir_open (work_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (work_dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (work_dir);
  g_clear_pointer (&work_dir, g_free);
}

static void
set_up_folder (void)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *png = NULL;
  g_autofree char *txt = NULL;
  g_autofree char *classes = NULL;

  if (work_dir != NULL)
    return;

  work_dir = g_dir_make_tmp ("fuzz-formats-XXXXXX", NULL);
  g_assert (work_dir != NULL);
  atexit (remove_folder);
  png = g_build_filename (work_dir, "a.png", NULL);
  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 32, 24);
  gdk_pixbuf_fill (pixbuf, 0);
  g_assert (gdk_pixbuf_save (pixbuf, png, "png", NULL, NULL));
  classes = g_build_filename (work_dir, "classes.txt", NULL);
  g_assert (g_file_set_contents (classes, "cat\ndog\n", -1, NULL));
  txt = g_build_filename (work_dir, "doc.txt", NULL);
  g_assert (g_file_set_contents (txt, "Anna Smith\r\nlives in 😀 Paris.\n", -1, NULL));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const Target *target;
  g_autofree char *path = NULL;
  g_autofree char *saved = NULL;
  g_autoptr(LimnDataset) dataset = limn_dataset_new ();
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(GError) error = NULL;
  gsize saved_length = 0;

  if (size == 0)
    return 0;

  set_up_folder ();
  target = &targets[data[0] % G_N_ELEMENTS (targets)];
  path = g_build_filename (work_dir, target->file, NULL);
  /* The fixed files of the folder stay as they were for the next input. */
  g_file_get_contents (path, &saved, &saved_length, NULL);
  g_assert (g_file_set_contents (path, (const char *) data + 1, size - 1, NULL));

  if (!limn_format_read (limn_format_lookup (target->id), target->folder ? work_dir : path,
                         dataset, NULL, problems, NULL, &error))
    {
      g_assert (error != NULL);
      g_assert (limn_dataset_get_n_items (dataset) == 0);
    }

  if (saved != NULL)
    g_assert (g_file_set_contents (path, saved, saved_length, NULL));
  else
    g_unlink (path);

  return 0;
}

#ifndef LIMN_LIBFUZZER

static const char * const seeds[] = {
  "\x00{\"images\": [{\"id\": 1, \"file_name\": \"a.png\", \"width\": 32, \"height\": 24}], "
  "\"categories\": [{\"id\": 3, \"name\": \"cat\"}], \"annotations\": [{\"id\": 1, \"image_id\": 1, "
  "\"category_id\": 3, \"bbox\": [1, 2, 3, 4], \"iscrowd\": \"1\", \"segmentation\": "
  "{\"counts\": \"P5:V20P`7\", \"size\": [24, 32]}}]}",
  "\x01" "0 0.5 0.5 0.2 0.2\r\n1 0.1 0.1 0.2 0.2 0.9\r\n0 0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8\n",
  "\x02path: .\ntrain: .\nnames:\n  0: cat\n  1: 'dog'\n",
  "\x03<annotation><filename>a.png</filename><size><width>32</width><height>24</height></size>"
  "<object><name>cat</name><bndbox><xmin>1.5</xmin><ymin>2</ymin><xmax>9</xmax><ymax>24</ymax>"
  "</bndbox><part><name>head</name><bndbox><xmin>2</xmin><ymin>3</ymin><xmax>4</xmax><ymax>5</ymax>"
  "</bndbox></part></object></annotation>",
  "\x04{\"shapes\": [{\"label\": \"cat\", \"points\": [[1, 2], [9, 12]], \"shape_type\": \"rectangle\"}, "
  "{\"label\": \"cat\", \"points\": [[1, 2], [9, 12], [4, 4]], \"shape_type\": \"polygon\", \"group_id\": 2}], "
  "\"imagePath\": \"a.png\", \"imageData\": null, \"imageWidth\": 32, \"imageHeight\": 24}",
  "\x05[{\"id\": 1, \"data\": {\"text\": \"Hi 😀 Ann\"}, \"annotations\": [{\"completed_by\": 1, "
  "\"result\": [{\"type\": \"labels\", \"value\": {\"start\": 6, \"end\": 9, \"text\": \"Ann\", "
  "\"labels\": [\"PER\"]}}]}], \"predictions\": [{\"model_version\": \"v1\", \"result\": []}]}]",
  "\x06{\"text\": \"Hi 😀 Ann\", \"spans\": [{\"start\": 5, \"end\": 8, \"label\": \"PER\"}], "
  "\"answer\": \"accept\", \"_annotator_id\": \"a\"}\n[\"Paris\", {\"entities\": [[0, 5, \"LOC\"]]}]\n",
  "\x07{\"id\": 1, \"text\": \"Hi 😀 Ann\", \"label\": [[6, 9, \"PER\"]]}\n"
  "{\"text\": \"x\", \"entities\": [{\"start_offset\": 0, \"end_offset\": 1, \"label\": 2}]}\n",
  "\x08-DOCSTART- O\n\nEU B-ORG\nrejects O\nGerman I-MISC\n\nPeter S-PER\n",
  "\x09T1\tPER 0 10\tAnna Smith\nT2\tLOC 26 28;29 34\tin Paris\nA1\tNeg T1\n#1\tAnnotatorNotes T1\ta\nb\nR1\tX Arg1:T1 Arg2:T2\n",
  "\x0a" "Anna Smith\r\nlives in Paris.\n",
  "\x0b{\"format\": \"limn-project\", \"version\": 1, \"name\": \"P\", \"labels\": [{\"name\": \"cat\", "
  "\"hotkey\": \"c\", \"color\": \"#3584e4\"}], \"tasks\": [{\"image\": \"a.png\", \"suggestions\": "
  "{\"model_version\": \"m1\", \"regions\": [{\"label\": \"cat\", \"box\": [1, 2, 3, 4], \"score\": 0.5}]}}, "
  "{\"text\": \"Hi 😀 Ann\", \"direction\": \"ltr\", \"suggestions\": {\"regions\": "
  "[{\"label\": \"cat\", \"start\": 5, \"end\": 8}]}}]}",
  "\x0c# classes\n__ignore__\ncat\ndog\n",
  "\x0d{\"text\": \"Hi 😀 Ann\", \"id\": 7, \"language\": \"en\"}\r\n\n{\"text\": \"x\", \"direction\": \"rtl\"}\n",
  "\x0e" "Anna Smith\r\n\n  lives in Paris.\n",
};

static void
run_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    g_error ("cannot read %s", path);
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
}

int
main (int    argc,
      char **argv)
{
  int random = 0, seed = 1;
  GOptionEntry entries[] = {
    { "random", 0, 0, G_OPTION_ARG_INT, &random, "Inputs made by mutating the seeds", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Random seed", "S" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[FILE…]");
  g_autoptr(GError) error = NULL;
  GRand *rand;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  for (int i = 1; i < argc; i++)
    run_file (argv[i]);

  rand = g_rand_new_with_seed (seed);
  for (int n = 0; n < random; n++)
    {
      const char *s = seeds[g_rand_int_range (rand, 0, G_N_ELEMENTS (seeds))];
      gsize length = 1 + strlen (s + 1);
      g_autofree char *input = g_memdup2 (s, length + 1);
      guint edits = g_rand_int_range (rand, 1, 8);

      for (guint e = 0; e < edits && length > 1; e++)
        {
          gsize at = g_rand_int_range (rand, 1, length);

          switch (g_rand_int_range (rand, 0, 4))
            {
            case 0:   /* a random byte */
              input[at] = (char) g_rand_int_range (rand, 0, 256);
              break;
            case 1:   /* a byte JSON, XML and the line formats care about */
              {
                static const char special[] = "{}[]\",:\\\n\r\t<>/;-0.9e";

                input[at] = special[g_rand_int_range (rand, 0, sizeof special - 1)];
              }
              break;
            case 2:   /* cut short */
              length = at;
              break;
            default:  /* a digit run made huge */
              input[at] = '9';
              break;
            }
        }

      LLVMFuzzerTestOneInput ((const uint8_t *) input, length);
    }
  g_rand_free (rand);

  g_print ("%d inputs read\n", argc - 1 + random);
  return 0;
}

#endif
