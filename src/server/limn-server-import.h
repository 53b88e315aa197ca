/* limn-server-import.h
 *
 * Items and their annotations (or a model's pre-labels) from a file or
 * folder in any format of the formats seam into a server project, in one
 * write transaction: a read that fails, or a store that fails, imports
 * nothing (and removes the image files it copied). Records the reader
 * skips, boxes outside their image and spans whose text does not match
 * are left out and reported, with where they were (file and line).
 *
 * Images are copied into the media store and become tasks with the ids
 * `task add` would give them, so importing annotations for images added
 * before attaches them to those tasks. Each annotator named in the file
 * is a user (added if new); work the file names nobody for is the
 * --annotator user's. An annotation is stored as a submitted revision of
 * a submitted assignment (the next revision when that user answered the
 * task before); pre-labels join the task's suggestions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "backend/limn-server-backend.h"
#include "formats/limn-format.h"
#include "limn-server-media.h"

G_BEGIN_DECLS

typedef struct
{
  const LimnFormat *format;
  gboolean          suggestions;     /* the regions are pre-labels */
  const char       *model;           /* … of this model and version */
  const char       *model_version;
  gboolean          add_labels;      /* a label the project lacks is added, else skipped */
  const char       *annotator;       /* whose work it is when the file does not say */
  gboolean          strict;          /* import nothing if anything would be left out */
} LimnServerImportOptions;

/* Returns: (transfer full): the report ({"items", "tasks_added",
 * "annotations", "regions", "suggestions", "labels_added", "users_added",
 * "problems": [{where, kind, action, detail}], "counts"}), or %NULL with
 * @error, nothing imported. *@left_out says whether anything was skipped. */
JsonObject *limn_server_import (LimnServerBackend              *backend,
                                LimnServerMedia                *media,
                                const char                     *project_id,
                                const char                     *path,
                                const LimnServerImportOptions  *options,
                                gboolean                       *left_out,
                                GError                        **error);

G_END_DECLS
