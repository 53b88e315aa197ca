/* limn-store-export.h
 *
 * A local project out of the store into a LimnDataset (src/core/formats/),
 * for any writer: its labels, images or texts, the work chosen (every
 * annotator's latest submitted revision, only accepted ones, one
 * annotator's, or a consensus by majority vote or Dawid–Skene) and the model's
 * suggestions apart. Each region carries where it came from as
 * "provenance:" attributes (docs/formats.md) for the formats that can hold
 * them.
 *
 * The async calls run on a thread of their own with their own connection
 * to the database file, so neither the UI nor the store's writer thread
 * waits on an export.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "analytics/limn-truth.h"
#include "formats/limn-format.h"
#include "limn-store.h"

G_BEGIN_DECLS

typedef enum
{
  LIMN_EXPORT_ALL,        /* every annotator's latest submitted revision, each named */
  LIMN_EXPORT_ACCEPTED,   /* only revisions a reviewer accepted, and reviewers' corrections */
  LIMN_EXPORT_CONSENSUS,  /* one annotation per item: the regions most annotators drew */
  LIMN_EXPORT_ANNOTATOR,  /* one annotator's latest submitted revisions */
} LimnExportWork;

typedef struct
{
  LimnExportWork work;
  const char    *annotator;     /* LIMN_EXPORT_ANNOTATOR: whose */
  gboolean       suggestions;   /* the model's suggestions too, apart (default TRUE) */
  gboolean       provenance;    /* "provenance:" region attributes (default TRUE) */
  /* LIMN_EXPORT_CONSENSUS: boxes of two annotators overlapping at least
   * this much (IoU) are one object (default 0.5); spans must overlap. */
  double         min_iou;
  /* LIMN_EXPORT_CONSENSUS: how each object's label is chosen, over the
   * whole project at once (default LIMN_TRUTH_MAJORITY_VOTE; GLAD is
   * not offered). Each consensus region says which in
   * "provenance:method": "majority" or "dawid-skene". */
  LimnTruthMethod consensus;
} LimnExportOptions;

/* The annotator name a consensus annotation carries. */
#define LIMN_EXPORT_CONSENSUS_ANNOTATOR "consensus"
/* The seed of the consensus's truth inference (it only breaks ties): fixed,
 * so the same project always exports the same labels. */
#define LIMN_EXPORT_CONSENSUS_SEED 0

/* Called as tasks are read (@done of @total); on the export's thread for
 * limn_store_export_dataset(), on the caller's main context for the
 * async calls. For limn_store_export_write_async(), @done of @total
 * steps of the whole job, never going back: reading is the first nine
 * tenths and writing the last, reported (@done = @total) when the output
 * is in place. */
typedef void (*LimnExportProgress) (guint    done,
                                    guint    total,
                                    gpointer user_data);

void         limn_export_options_init  (LimnExportOptions        *options);

/* Reads @project_id in one read transaction (a consistent snapshot). */
LimnDataset *limn_store_export_dataset (LimnStore                *store,
                                        const char               *project_id,
                                        const LimnExportOptions  *options,
                                        LimnExportProgress        progress,
                                        gpointer                  user_data,
                                        GCancellable             *cancellable,
                                        GError                  **error);

/* The annotators who submitted work in @project_id, sorted. */
GPtrArray   *limn_store_export_list_annotators (LimnStore    *store,
                                                const char   *project_id,
                                                GError      **error);

/* limn_store_export_dataset() on a thread with its own connection to the
 * database at @db_path. */
void         limn_store_export_read_async  (const char               *db_path,
                                            const char               *project_id,
                                            const LimnExportOptions  *options,
                                            GCancellable             *cancellable,
                                            GAsyncReadyCallback       callback,
                                            gpointer                  user_data);
/* Returns: (transfer full): the dataset */
LimnDataset *limn_store_export_read_finish (GAsyncResult             *result,
                                            GError                  **error);

/* Reads the project and writes it with @format to @path (a file, or a
 * folder for WRITES_FOLDER formats). The output is made in a hidden
 * folder beside @path and moved into place only when whole: a failure or
 * a cancel leaves nothing behind and nothing half-written over what was
 * there. @progress (nullable) is called on the caller's main context. */
void         limn_store_export_write_async  (const char                   *db_path,
                                             const char                   *project_id,
                                             const LimnExportOptions      *options,
                                             const LimnFormat             *format,
                                             const char                   *path,
                                             const LimnFormatWriteOptions *write_options,
                                             LimnExportProgress            progress,
                                             gpointer                      progress_data,
                                             GCancellable                 *cancellable,
                                             GAsyncReadyCallback           callback,
                                             gpointer                      user_data);
/* Returns: (transfer full): what the format could not hold, as written */
LimnFormatProblems *limn_store_export_write_finish (GAsyncResult  *result,
                                                    GError       **error);

G_END_DECLS
