/* limn-server-records-experiments.h
 *
 * Guideline experiments (issue 23, docs/server-guide.md "Guideline
 * experiments"), as a C value: one row of the experiments table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *id;
  char   *project_id;
  char   *state;              /* running | done | accepted | rejected */
  gint64  version_a;          /* a published version */
  gint64  version_b;          /* a published version; 0: the draft below */
  char   *draft;              /* Markdown of an unpublished version b; NULL */
  char   *split;              /* random | balanced */
  gint64  per_arm;            /* answers each pool item gets from each arm */
  gint64  stop_items;         /* the pool's size; done when each has per_arm from both */
  gint64  stop_days;          /* 0: no time limit; else done that many days after start */
  char   *arms;               /* JSON object text: user id → "a" | "b" */
  char   *pool;               /* JSON array text: task ids, by position */
  char   *result;             /* JSON object text computed when done; NULL */
  char   *started_by;
  char   *decided_by;         /* who accepted or rejected; NULL */
  gint64  started_us;
  gint64  ended_us;           /* when it became done; 0 */
  gint64  decided_us;         /* 0 */
  gint64  published_version;  /* the version accept published; 0 */
  gint64  seed;               /* the split's and the bootstrap's (0 … 2³² − 1) */
} LimnServerExperiment;

void limn_server_experiment_free (LimnServerExperiment *experiment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnServerExperiment, limn_server_experiment_free)

G_END_DECLS
