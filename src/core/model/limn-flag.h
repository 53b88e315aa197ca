/* limn-flag.h
 *
 * A flag: an annotator's report that a task (or one region of it) is
 * ambiguous, badly made, or not covered by the guidelines. Stored with the
 * task and sent to the server like a submit. A flag opens a thread
 * (model/limn-thread.h): reviewers answer it, the annotator closes it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A flag's thread, as the server keeps it (docs/review.md). */
typedef enum
{
  LIMN_FLAG_OPEN,
  LIMN_FLAG_ANSWERED,   /* a reviewer or admin replied */
  LIMN_FLAG_CLOSED,
} LimnFlagState;

typedef struct
{
  char          *id;
  char          *task_id;
  char          *region_id;     /* optional */
  char          *annotator;     /* the local annotator's id, or the server's user name */
  char          *category;      /* e.g. "guideline-gap", "bad-data", "other" */
  char          *body;
  gint64         created_us;
  LimnFlagState  state;
} LimnFlag;

LimnFlag  *limn_flag_new  (const char *task_id,
                           const char *annotator,
                           const char *category,
                           const char *body);
LimnFlag  *limn_flag_copy (const LimnFlag *flag);
void       limn_flag_free (LimnFlag   *flag);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnFlag, limn_flag_free)

const char *limn_flag_state_to_string   (LimnFlagState  state);
gboolean    limn_flag_state_from_string (const char    *str,
                                         LimnFlagState *state);

G_END_DECLS
