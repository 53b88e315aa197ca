/* limn-server-records-datasets.h
 *
 * Dataset versions (docs/server-guide.md, "Datasets, import and export"):
 * what a version froze (its snapshot, canonical JSON the server keeps,
 * and its manifest) and what it is made from (each annotator's latest
 * submitted revision of each task, with the reviewer who accepted it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One immutable, numbered version of a project's dataset. */
typedef struct
{
  char   *project_id;
  gint64  version;            /* 1, 2, 3 … per project */
  char   *method;             /* accepted | majority | dawid-skene */
  double  min_iou;            /* consensus: boxes are one object at IoU ≥ this */
  gint64  guideline_version;  /* 0: none published */
  char   *note;
  char   *created_by;
  gint64  created_us;
  gint64  items;
  gint64  regions;
  char   *manifest;           /* JSON object text */
  GBytes *snapshot;           /* canonical JSON; NULL when not read */
  char   *snapshot_sha256;
} LimnServerDataset;

void limn_server_dataset_free (LimnServerDataset *dataset);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnServerDataset, limn_server_dataset_free)

/* An annotator's latest submitted revision of a task. */
typedef struct
{
  char   *id;
  char   *task_id;
  char   *annotator;          /* user id */
  char   *author;             /* a reviewer's correction: their id; else NULL */
  gint64  revision;
  gint64  guideline_version;  /* 0: not recorded */
  gint64  submitted_us;
  char   *regions;            /* canonical JSON array text */
  char   *reviewer;           /* who accepted it, or whose correction it is; NULL */
} LimnServerRevision;

void limn_server_revision_free (LimnServerRevision *revision);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnServerRevision, limn_server_revision_free)

G_END_DECLS
