/* limn-new-project-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "store/limn-store-jobs.h"
#include "store/limn-store-worker.h"

G_BEGIN_DECLS

#define LIMN_TYPE_NEW_PROJECT_DIALOG (limn_new_project_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LimnNewProjectDialog, limn_new_project_dialog, LIMN, NEW_PROJECT_DIALOG, AdwWindow)

/* Emits "project-created" (LimnProjectContents *, borrowed during the
 * emission) once the import is on disk, then closes itself. */
LimnNewProjectDialog *limn_new_project_dialog_new        (GtkWindow            *parent,
                                                          LimnStoreWorker      *worker);
/* Chooses the source as if picked in the file chooser (tests, and dropped
 * files later). @kind is LIMN_IMPORT_IMAGE_FOLDER or LIMN_IMPORT_TEXT_FILE. */
void                  limn_new_project_dialog_set_source (LimnNewProjectDialog *self,
                                                          LimnImportKind        kind,
                                                          const char           *path);

G_END_DECLS
