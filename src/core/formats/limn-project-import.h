/* limn-project-import.h
 *
 * Making local projects: from a project file (design §2's demo format),
 * from a folder of images, or from a text file with one document per line
 * (or JSONL). Each import validates everything first and writes in one
 * transaction, so a bad input changes nothing. Importing the same source
 * again updates the project in place (ids are derived from the source).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "model/limn-project.h"
#include "store/limn-store.h"

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

/* Image file types Limn opens (by extension, case-insensitive). */
gboolean     limn_import_is_image_name      (const char  *filename);

/* One label per line; blank lines, "# comments" and labelme's reserved
 * "__ignore__"/"_background_" are skipped; duplicates are refused. */
GStrv        limn_import_parse_labels       (const char  *text,
                                             GError     **error);

LimnProject *limn_import_project_file       (LimnStore   *store,
                                             const char  *path,
                                             GError     **error);
LimnProject *limn_import_image_folder       (LimnStore   *store,
                                             const char  *folder,
                                             const char  *name,
                                             const char * const *labels,
                                             GError     **error);
LimnProject *limn_import_text_file          (LimnStore   *store,
                                             const char  *path,
                                             const char  *name,
                                             const char * const *labels,
                                             GError     **error);

G_END_DECLS
