/* limn-server-validate.h
 *
 * Checks regions sent by a client (an annotation in a batch) or by an admin
 * (a gold answer) against the task and the project's labels, and gives them
 * back in canonical form (limn_region_to_json), so only what was checked is
 * stored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "backend/limn-server-records.h"
#include "text/limn-text-index.h"

G_BEGIN_DECLS

#define LIMN_SERVER_MAX_REGIONS 10000

/* A set of the ids of the project's labels in use (not retired). */
GHashTable *limn_server_label_set   (const LimnServerProject  *project);

/* @index: the task's text index for a text task (build it once per task
 * with limn_text_index_new()), else %NULL.
 * Returns: (transfer full): the canonical regions, or %NULL with an error
 * whose message says which region and why ("region 2: unknown label"). */
JsonArray  *limn_server_check_regions (JsonArray              *regions,
                                       const LimnServerTask   *task,
                                       GHashTable             *label_ids,
                                       LimnTextIndex          *index,
                                       GError                **error);

G_END_DECLS
