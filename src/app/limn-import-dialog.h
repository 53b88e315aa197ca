/* limn-import-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "store/limn-store-jobs.h"
#include "store/limn-store-worker.h"

G_BEGIN_DECLS

#define LIMN_TYPE_IMPORT_DIALOG (limn_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LimnImportDialog, limn_import_dialog, LIMN, IMPORT_DIALOG, AdwWindow)

/* Emits "project-created" (LimnProjectContents *, borrowed during the
 * emission) once the import is on disk, new project or the open one, and
 * shows what was matched, added and skipped until closed. */
LimnImportDialog *limn_import_dialog_new      (GtkWindow        *parent,
                                               LimnStoreWorker  *worker);
/* Chooses the source as if picked in the file chooser (tests, dropped
 * files): its format is detected and a preview read. */
void              limn_import_dialog_set_path (LimnImportDialog *self,
                                               const char       *path);
/* The local project open in the window (NULL: none, or a team one):
 * offers "Add to this project" beside "New project". */
void              limn_import_dialog_set_project (LimnImportDialog *self,
                                                  LimnProject      *project);
/* Once imported: "N matched, N added, N skipped[; N problems]", else NULL. */
const char       *limn_import_dialog_get_summary (LimnImportDialog *self);
/* Whether the preview of the chosen source is shown (tests wait on it). */
gboolean          limn_import_dialog_is_ready (LimnImportDialog *self);

G_END_DECLS
