/* limn-flag.h
 *
 * A flag: an annotator's report that a task (or one region of it) is
 * ambiguous, badly made, or not covered by the guidelines. Stored with the
 * task and sent to the server like a submit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char   *id;
  char   *task_id;
  char   *region_id;     /* optional */
  char   *annotator;
  char   *category;      /* e.g. "guideline-gap", "bad-data", "other" */
  char   *body;
  gint64  created_us;
} LimnFlag;

LimnFlag  *limn_flag_new  (const char *task_id,
                           const char *annotator,
                           const char *category,
                           const char *body);
void       limn_flag_free (LimnFlag   *flag);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnFlag, limn_flag_free)

G_END_DECLS
