/* limn-format.h
 *
 * The formats seam: one table of descriptors, one file per format
 * (limn-format-coco.c, limn-format-brat.c, …). Each reads a file or folder
 * into a LimnDataset and writes one out, reporting every case it had to
 * convert or leave out in a LimnFormatProblems list. Adding a format is one
 * new file and one line in the table in limn-format.c.
 *
 * Readers never crash or assert on input: a file that cannot be read as a
 * whole is an error (the dataset is left as it was); a bad record inside a
 * file that can be read is skipped and reported, with its line. Limn's own
 * sources (a project file, an image folder, a text file) are the
 * exception: they are refused whole on any fault, with a LIMN_IMPORT_ERROR
 * (limn-import.h) that says where and what to fix, as the app has always
 * refused them; the other formats fail with a LIMN_FORMAT_ERROR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "limn-dataset.h"
#include "limn-format-problems.h"

G_BEGIN_DECLS

#define LIMN_FORMAT_ERROR (limn_format_error_quark ())

typedef enum
{
  LIMN_FORMAT_ERROR_NOT_FOUND,    /* the path is missing or unreadable */
  LIMN_FORMAT_ERROR_UNKNOWN,      /* no format recognises it, or an unknown format id */
  LIMN_FORMAT_ERROR_MALFORMED,    /* not the format: broken JSON/XML, wrong types, not UTF-8 */
  LIMN_FORMAT_ERROR_TOO_LARGE,    /* over a size limit */
  LIMN_FORMAT_ERROR_STRICT,       /* a strict read met something it would skip */
  LIMN_FORMAT_ERROR_WRITE,        /* the output could not be written */
  LIMN_FORMAT_ERROR_UNSUPPORTED,  /* the format cannot hold this dataset at all */
} LimnFormatError;

GQuark limn_format_error_quark (void);

typedef enum
{
  LIMN_FORMAT_IMAGES = 1 << 0,
  LIMN_FORMAT_TEXTS  = 1 << 1,
} LimnFormatKind;

typedef enum
{
  LIMN_FORMAT_HOLDS_ANNOTATORS  = 1 << 0,  /* several annotators per item, named */
  LIMN_FORMAT_HOLDS_SUGGESTIONS = 1 << 1,  /* pre-labels apart from annotations */
  LIMN_FORMAT_HOLDS_SCORES      = 1 << 2,  /* a score per region */
  LIMN_FORMAT_HOLDS_GROUPS      = 1 << 3,  /* regions joined into one object (region->group) */
  LIMN_FORMAT_WRITES_FOLDER     = 1 << 4,  /* write() makes a folder, not a file */
  LIMN_FORMAT_NO_ANNOTATIONS    = 1 << 5,  /* items and labels (and suggestions if it holds
                                            * them) only: what to label, not what was labeled */
} LimnFormatFlags;

typedef enum
{
  LIMN_FORMAT_LABELS_ADD,    /* a label not in the dataset yet is added */
  LIMN_FORMAT_LABELS_SKIP,   /* regions with such a label are skipped and reported */
} LimnFormatLabelPolicy;

typedef struct
{
  gboolean              suggestions;    /* the input holds pre-labels: every region becomes a suggestion */
  const char           *model;          /* … of this model (name and version) */
  const char           *model_version;
  LimnFormatLabelPolicy unknown_labels;
  gboolean              strict;         /* fail, reading nothing, rather than skip anything */
  const char           *images;         /* also look for images here (COCO, VOC, Label Studio
                                         * name images without saying where they are) */
  /* Called now and then on the reading thread with the bytes read so far
   * of @total; readers that cannot tell (whole-file formats) never call it. */
  void                (*progress)       (guint64               done,
                                         guint64               total,
                                         gpointer              user_data);
  gpointer              progress_data;
} LimnFormatReadOptions;

typedef struct
{
  /* Only this annotator's work (%NULL: everyone's). A format that cannot
   * name annotators gets one output per annotator when there are several:
   * OUT/<annotator>/ for a folder, OUT-<annotator>.ext for a file. */
  const char *annotator;
  /* Write the suggestions (with their scores) instead of the annotations.
   * Formats that hold suggestions apart (HOLDS_SUGGESTIONS) always write
   * both; the others leave suggestions out and say so. */
  gboolean    suggestions;
} LimnFormatWriteOptions;

/* What detection looks at: the path, whether it is a folder, and the first
 * bytes of a file (up to 64 KiB). */
typedef struct
{
  const char *path;
  gboolean    is_dir;
  const char *head;
  gsize       head_len;
} LimnFormatProbe;

/* What a format's read() and write() get: the dataset, the options and the
 * problem list (limn-format-private.h, for the format files only). */
typedef struct _LimnFormatReader LimnFormatReader;
typedef struct _LimnFormatWriter LimnFormatWriter;

typedef struct
{
  const char      *id;       /* "coco", "yolo", "voc", … */
  const char      *name;     /* N_() */
  LimnFormatKind   kind;
  LimnFormatFlags  flags;
  /* Region attribute keys the writer keeps, NULL-terminated; a key ending
   * in ':' keeps every key with that prefix. Others are reported lost. */
  const char * const *attributes;
  /* 0 (not this format) to 100 (certain). */
  guint          (*detect) (const LimnFormatProbe *probe);
  gboolean       (*read)   (LimnFormatReader      *reader,
                            const char            *path,
                            GError               **error);
  /* NULL for a format Limn only reads. */
  gboolean       (*write)  (LimnFormatWriter      *writer,
                            const char            *path,
                            GError               **error);
} LimnFormat;

/* All formats, in table order; %NULL-terminated. */
const LimnFormat * const *limn_format_list   (void);
const LimnFormat         *limn_format_lookup (const char              *id);
/* The likeliest format for @path; @confidence (nullable) gets its score. */
const LimnFormat         *limn_format_detect (const char              *path,
                                              guint                   *confidence,
                                              GError                 **error);

/* Reads @path into @dataset, which must have no items yet (it may hold a
 * label set). On failure the dataset is as it was. @options may be %NULL. */
gboolean limn_format_read  (const LimnFormat              *format,
                            const char                    *path,
                            LimnDataset                   *dataset,
                            const LimnFormatReadOptions   *options,
                            LimnFormatProblems            *problems,
                            GCancellable                  *cancellable,
                            GError                       **error);
/* Writes @dataset to @path (a file, or a folder for WRITES_FOLDER formats),
 * reporting what the format cannot hold. @options may be %NULL. */
gboolean limn_format_write (const LimnFormat              *format,
                            LimnDataset                   *dataset,
                            const char                    *path,
                            const LimnFormatWriteOptions  *options,
                            LimnFormatProblems            *problems,
                            GError                       **error);
/* What limn_format_write() would report of what @format cannot hold
 * (losses, one output per annotator), without writing anything: what to
 * tell the user before they export. */
void     limn_format_check_write (const LimnFormat              *format,
                                  LimnDataset                   *dataset,
                                  const char                    *path,
                                  const LimnFormatWriteOptions  *options,
                                  LimnFormatProblems            *problems);

G_END_DECLS
