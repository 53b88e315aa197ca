/* limn-server-records-datasets.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "limn-server-records-datasets.h"

void
limn_server_dataset_free (LimnServerDataset *dataset)
{
  if (dataset == NULL)
    return;

  g_free (dataset->project_id);
  g_free (dataset->method);
  g_free (dataset->note);
  g_free (dataset->created_by);
  g_free (dataset->manifest);
  g_clear_pointer (&dataset->snapshot, g_bytes_unref);
  g_free (dataset->snapshot_sha256);
  g_free (dataset);
}

void
limn_server_revision_free (LimnServerRevision *revision)
{
  if (revision == NULL)
    return;

  g_free (revision->id);
  g_free (revision->task_id);
  g_free (revision->annotator);
  g_free (revision->author);
  g_free (revision->regions);
  g_free (revision->reviewer);
  g_free (revision);
}
