/* fuzz-formats.c
 *
 * A fuzz target for every format reader. The first byte of an input picks
 * the reader; the rest becomes the file it reads (for folder formats, the
 * one annotation file of a folder that has what else the format needs: a
 * text beside a brat .ann, an image beside a YOLO label file, the other two
 * Toxic Spans files). A reader may refuse the input; it must not crash,
 * leak, assert, or leave items behind after an error.
 *
 * Seeds: tests/fuzz/corpus/fuzz-formats/, one per reader (its first byte
 * says which); the driver is limn-fuzz-main.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "formats/limn-format.h"
#include "limn-fuzz.h"

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
  { "toxic-spans", "comments.csv", TRUE },
  { "toxic-spans", "annotations.csv", TRUE },
  { "toxic-spans", "spans.csv", TRUE },
};

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const Target *target;
  g_autofree char *path = NULL;
  g_autoptr(LimnDataset) dataset = limn_dataset_new ();
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(GError) error = NULL;

  if (size == 0)
    return 0;

  target = &targets[data[0] % G_N_ELEMENTS (targets)];
  path = limn_fuzz_write (target->file, data + 1, size - 1);

  if (!limn_format_read (limn_format_lookup (target->id),
                         target->folder ? limn_fuzz_folder () : path,
                         dataset, NULL, problems, NULL, &error))
    {
      g_assert (error != NULL);
      g_assert (limn_dataset_get_n_items (dataset) == 0);
    }

  /* The fixed files of the folder stay as they were for the next input. */
  limn_fuzz_restore (target->file);

  return 0;
}
