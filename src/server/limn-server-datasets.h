/* limn-server-datasets.h
 *
 * Dataset versions of a server project (docs/server-guide.md, "Datasets,
 * import and export"): immutable, numbered per project. A version freezes
 * what was chosen (the accepted revisions, or a consensus by majority vote
 * or Dawid–Skene over boxes matched at an IoU threshold and spans that
 * overlap), with the provenance of every region (who, when, under which
 * guideline version, reviewed by whom, from which model), as a snapshot
 * in canonical JSON (limn-server-dataset-snapshot.h) and a manifest: the
 * version's figures and the SHA-256 of the snapshot. Exporting version N
 * feeds a writer of the formats seam from that snapshot, so it writes the
 * same bytes every time, whatever was annotated since; annotators (and
 * reviewers) are pseudonymized (limn-server-pseudonyms.h) unless the admin
 * asks for their ids.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "backend/limn-server-backend.h"
#include "formats/limn-format.h"

G_BEGIN_DECLS

typedef enum
{
  LIMN_SERVER_DATASET_ACCEPTED,     /* revisions a reviewer accepted, and corrections */
  LIMN_SERVER_DATASET_MAJORITY,     /* one consensus annotation per item */
  LIMN_SERVER_DATASET_DAWID_SKENE,
} LimnServerDatasetMethod;

const char *limn_server_dataset_method_to_string   (LimnServerDatasetMethod  method);
gboolean    limn_server_dataset_method_from_string (const char              *str,
                                                    LimnServerDatasetMethod *method);

/* The annotator name a consensus annotation carries. */
#define LIMN_SERVER_DATASET_CONSENSUS "consensus"

/* Reads @project_id as @method chooses into a dataset (with user ids),
 * inside @txn; *@n_revisions gets how many revisions it drew on. */
LimnDataset       *limn_server_dataset_build   (LimnServerTxn            *txn,
                                                const LimnServerProject  *project,
                                                LimnServerDatasetMethod   method,
                                                double                    min_iou,
                                                guint                    *n_revisions,
                                                GError                  **error);

/* Builds and stores the project's next version in one write transaction;
 * returns it (its manifest filled in). */
LimnServerDataset *limn_server_datasets_create (LimnServerBackend        *backend,
                                                const char               *project_id,
                                                LimnServerDatasetMethod   method,
                                                double                    min_iou,
                                                const char               *note,
                                                const char               *created_by,
                                                GError                  **error);
/* The same inside @txn (a write transaction the caller commits). */
LimnServerDataset *limn_server_datasets_create_in (LimnServerTxn         *txn,
                                                const char               *project_id,
                                                LimnServerDatasetMethod   method,
                                                double                    min_iou,
                                                const char               *note,
                                                const char               *created_by,
                                                GError                  **error);
/* The project's versions, oldest first, without snapshots. */
GPtrArray         *limn_server_datasets_list   (LimnServerBackend        *backend,
                                                const char               *project_id,
                                                GError                  **error);
/* One version with its snapshot, checked against the manifest's SHA-256;
 * NOT_FOUND when there is none. */
LimnServerDataset *limn_server_datasets_get    (LimnServerBackend        *backend,
                                                const char               *project_id,
                                                gint64                    version,
                                                GError                  **error);

/* Writes version @version with @format at @path (a file, or a folder for
 * WRITES_FOLDER formats), with user ids replaced by pseudonyms unless
 * @names, and beside it PATH.manifest.json: the version's manifest, the
 * format, and the SHA-256 and size of every file written. The files are
 * made in a hidden folder beside @path and moved into place only when
 * whole. @problems gets what the format could not hold. Returns the
 * export's manifest (JSON text). */
char              *limn_server_datasets_export (LimnServerBackend        *backend,
                                                const char               *project_id,
                                                gint64                    version,
                                                const LimnFormat         *format,
                                                const char               *path,
                                                gboolean                  names,
                                                LimnFormatProblems       *problems,
                                                GError                  **error);

G_END_DECLS
