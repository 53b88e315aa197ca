/* limn-store-import.h
 *
 * Making a local project from a dataset (src/core/formats/): its labels,
 * what there is to label and a model's suggestions, written in one
 * transaction, so a failed import changes nothing. Ids derive from the
 * source, so importing the same source again refreshes the project in
 * place and keeps every annotation made on it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "formats/limn-dataset.h"
#include "formats/limn-format-problems.h"
#include "formats/limn-import.h"
#include "limn-store.h"

G_BEGIN_DECLS

/* The sources the app makes projects from, each a format in the table. */
typedef enum
{
  LIMN_IMPORT_PROJECT_FILE,   /* "limn-project" */
  LIMN_IMPORT_IMAGE_FOLDER,   /* "image-folder" */
  LIMN_IMPORT_TEXT_FILE,      /* "text-lines" */
} LimnImportKind;

LimnProject *limn_store_import_dataset (LimnStore           *store,
                                        LimnDataset         *dataset,
                                        GError             **error);

/* The same, with the dataset's annotations as submitted revisions: what
 * the app's Import reads from other tools' files. */
LimnProject *limn_store_import_labeled (LimnStore           *store,
                                        LimnDataset         *dataset,
                                        GError             **error);

/* What limn_store_import_into() did, item by item. */
typedef struct
{
  guint matched;        /* items already in the project (images by file name, texts by id) */
  guint added;          /* items added as new tasks */
  guint skipped;        /* items left out (reported): of the wrong kind, or other words */
  guint revisions;      /* submitted revisions written */
  guint labels_added;   /* labels the project did not have */
} LimnImportReport;

/* @dataset added to the local project @project_id, in one transaction;
 * see limn-store-import.c. @report and @problems may be NULL. */
LimnProject *limn_store_import_into    (LimnStore           *store,
                                        const char          *project_id,
                                        LimnDataset         *dataset,
                                        LimnImportReport    *report,
                                        LimnFormatProblems  *problems,
                                        GError             **error);

LimnProject *limn_store_import_source  (LimnStore           *store,
                                        LimnImportKind       kind,
                                        const char          *path,
                                        const char          *name,
                                        const char * const  *labels,
                                        GError             **error);

G_END_DECLS
