/* limn-export-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "model/limn-project.h"
#include "store/limn-store-worker.h"

G_BEGIN_DECLS

#define LIMN_TYPE_EXPORT_DIALOG (limn_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LimnExportDialog, limn_export_dialog, LIMN, EXPORT_DIALOG, AdwWindow)

/* Exports @project from @worker's store file, read with a connection of
 * its own. Emits "exported"
 * (the folder the output is in, as a path) once it is written, then
 * closes itself. */
LimnExportDialog *limn_export_dialog_new             (GtkWindow        *parent,
                                                      LimnStoreWorker  *worker,
                                                      LimnProject      *project);
/* Chooses where to write as if picked in the file chooser (tests). */
void              limn_export_dialog_set_destination (LimnExportDialog *self,
                                                      const char       *path);
/* Selects the format with this id; %FALSE if the project's kind cannot
 * go there. */
gboolean          limn_export_dialog_set_format      (LimnExportDialog *self,
                                                      const char       *format_id);
/* Whether the list of what the format cannot hold is up to date. */
gboolean          limn_export_dialog_is_ready        (LimnExportDialog *self);

G_END_DECLS
