/* limn-server-workload.h
 *
 * Fair workload for claims (docs/metrics.md §10): orders the eligible
 * ordinary tasks a claim read by the core rule (limn-workload.h), with
 * the GLAD difficulty and skill of the project's kept team report and
 * the count of how often each task was passed over. The counts live in
 * memory only (no storage): after a restart every task starts at 0,
 * which delays a hard task by at most k more claims.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-server-team-cache.h"

G_BEGIN_DECLS

/* Eligible tasks a claim reads beyond those it hands out, for the rule to
 * choose among (the oldest by position). */
#define LIMN_SERVER_WORKLOAD_WINDOW 64

typedef struct _LimnServerWorkload LimnServerWorkload;

/* @team (borrowed, outlives the workload) supplies the reports. */
LimnServerWorkload *limn_server_workload_new   (LimnServerTeamCache *team);
void                limn_server_workload_free  (LimnServerWorkload  *workload);

/* Moves the tasks of @candidates (task ids, oldest first) that @user_id
 * gets first to its front, in the order handed out, the rest after in
 * their order, and counts the passed-over ones. FALSE, @candidates as
 * they were, when the project has no kept report with difficulty
 * estimates: the queue's own order then. */
gboolean            limn_server_workload_order (LimnServerWorkload  *workload,
                                                const char          *project_id,
                                                const char          *user_id,
                                                GPtrArray           *candidates,
                                                guint                need);

G_END_DECLS
