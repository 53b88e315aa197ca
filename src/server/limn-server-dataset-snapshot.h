/* limn-server-dataset-snapshot.h
 *
 * A dataset version's snapshot: a LimnDataset (src/core/formats/) as
 * canonical JSON, the bytes the server keeps, and back. The same dataset
 * always gives the same bytes (members in a fixed order, numbers that
 * read back exactly), and the bytes give back the same dataset, so any
 * writer fed from a snapshot writes the same files every time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "formats/limn-dataset.h"

G_BEGIN_DECLS

/* Dataset attributes a snapshot keeps ("name", "kind", …). */
extern const char * const limn_server_snapshot_attrs[];

GBytes      *limn_server_snapshot_write (LimnDataset  *dataset);
/* Returns: (transfer full): the dataset, or %NULL with a
 * LIMN_FORMAT_ERROR_MALFORMED error. */
LimnDataset *limn_server_snapshot_read  (GBytes       *snapshot,
                                         GError      **error);

G_END_DECLS
