/* limn-store-import-private.h
 *
 * What the in-memory import (limn-store-import.c) shares with the
 * streaming one (limn-store-import-stream.c): adding items to a project
 * one at a time inside a transaction the caller holds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-store-import.h"

G_BEGIN_DECLS

/* Whether @task_id is met for the first time in this import. */
typedef gboolean (*LimnImportSeenFunc) (LimnStore   *store,
                                        gpointer     data,
                                        const char  *task_id,
                                        gboolean    *first,
                                        GError     **error);

typedef struct
{
  LimnStore          *store;
  const char         *local;       /* who unattributed work is by */
  LimnProject        *project;
  LimnProjectKind     kind;
  GHashTable         *by;          /* the project's tasks before the import, by name and id */
  GPtrArray          *label_ids;   /* the project's label id for each dataset label, by place */
  gint64              position;    /* of the last task */
  gboolean            own_ids;     /* keep a UUID task id the source gives */
  LimnImportSeenFunc  seen;        /* streaming: new tasks made earlier in this import */
  gpointer            seen_data;
  LimnImportReport    report;
  LimnFormatProblems *problems;    /* nullable */
} LimnImportInto;

/* The project a new import makes of @dataset (its attributes and labels). */
LimnProject *limn_store_import_make_project (LimnDataset         *dataset);

gboolean     limn_import_into_open          (LimnImportInto      *ctx,
                                             LimnStore           *store,
                                             LimnProject         *project,
                                             LimnFormatProblems  *problems,
                                             GError             **error);
gboolean     limn_import_into_map_labels    (LimnImportInto      *ctx,
                                             LimnDataset         *dataset,
                                             GError             **error);
gboolean     limn_import_into_item          (LimnImportInto      *ctx,
                                             LimnDatasetItem     *item,
                                             GError             **error);
void         limn_import_into_clear         (LimnImportInto      *ctx);

G_END_DECLS
