/* limn-import.h
 *
 * What Limn's own sources share (a Limn project file, a folder of images
 * with its labels.txt, a text file: limn-format-limn-project.c,
 * limn-format-image-folder.c, limn-format-text-lines.c): the error domain
 * their readers fail with, whose codes say what the user must fix; the
 * rule for a label list (labels.txt, or labels typed in the app); and the
 * image files Limn opens. The app's dialog and the server's admin CLI use
 * the last two as well.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LIMN_IMPORT_ERROR (limn_import_error_quark ())

typedef enum
{
  LIMN_IMPORT_ERROR_NOT_FOUND,     /* a file or folder is missing or unreadable */
  LIMN_IMPORT_ERROR_FORMAT,        /* malformed JSON, not a Limn project, wrong types */
  LIMN_IMPORT_ERROR_INVALID,       /* well-formed but wrong: unknown label, offsets out of range */
  LIMN_IMPORT_ERROR_NO_LABELS,
  LIMN_IMPORT_ERROR_NO_TASKS,
  LIMN_IMPORT_ERROR_ENCODING,      /* not UTF-8 */
} LimnImportError;

GQuark       limn_import_error_quark        (void);

/* A project has at most this many labels. */
#define LIMN_IMPORT_MAX_LABELS 200

/* Image file types Limn opens (by extension, case-insensitive). */
gboolean     limn_import_is_image_name      (const char  *filename);

/* One label per line; blank lines, "# comments" and labelme's reserved
 * "__ignore__"/"_background_" are skipped; duplicates are refused. */
GStrv        limn_import_parse_labels       (const char  *text,
                                             GError     **error);

G_END_DECLS
