/* limn-store-import-stream.h
 *
 * Importing a file of any size: the file is read with a sink on the
 * dataset (limn_dataset_set_sink()) that writes each item into the store
 * as the reader finishes it, all inside one write transaction that is
 * committed once the read has succeeded and rolled back on any error or
 * cancel, so a 1 GB JSON Lines file is imported in bounded memory and
 * nothing is ever half-imported.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "formats/limn-format.h"
#include "limn-store-import.h"

G_BEGIN_DECLS

LimnProject *limn_store_import_stream (LimnStore                    *store,
                                       const LimnFormat             *format,
                                       const char                   *path,
                                       const LimnFormatReadOptions  *options,
                                       const char * const           *labels,
                                       const char                   *project_id,
                                       LimnImportReport             *report,
                                       LimnFormatProblems           *problems,
                                       GCancellable                 *cancellable,
                                       GError                      **error);

G_END_DECLS
