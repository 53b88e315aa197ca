/* limn-server-team-cache.h
 *
 * The team figures of each project, computed once and shared by every
 * request until something they depend on changes (docs/metrics.md §9,
 * "Cost"): a report is kept with the project's change counter (moved by
 * the store's triggers on answers, reviews, tasks, gold, labels and the
 * settings the figures read), the UTC day it was computed on and its age.
 * The dashboard (any `days`, reviewers and admins alike) and the team
 * figures all render the same report; computing one also refreshes the
 * project's alerts, so they are judged on every report that is shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-server-team.h"

G_BEGIN_DECLS

/* The gold windows ("the last 7 days") slide with the clock: a report no
 * data changed is still recomputed after this long. */
#define LIMN_SERVER_TEAM_CACHE_SECONDS 600

typedef struct _LimnServerTeamCache LimnServerTeamCache;

LimnServerTeamCache  *limn_server_team_cache_new  (void);
void                  limn_server_team_cache_free (LimnServerTeamCache  *cache);

/* @project_id's report over the last LIMN_SERVER_TEAM_MAX_DAYS days (a
 * new reference): the kept one while the project's counter and the UTC
 * day are those it was computed with and it is younger than
 * @max_age_seconds (-1: any age), else computed now (one computation at a
 * time: a request that waited for another's finds it done) with the
 * alerts refreshed. *@computed (may be NULL) says which. */
LimnServerTeamReport *limn_server_team_cache_get  (LimnServerTeamCache  *cache,
                                                   LimnServerBackend    *backend,
                                                   const char           *project_id,
                                                   gint64                now_us,
                                                   int                   max_age_seconds,
                                                   gboolean             *computed,
                                                   GError              **error);

/* @project_id's kept report whatever its age (a new reference), or NULL:
 * never computes, nor waits for a computation. For claims, which rank
 * tasks by estimates that need not be the latest. */
LimnServerTeamReport *limn_server_team_cache_peek (LimnServerTeamCache  *cache,
                                                   const char           *project_id);

G_END_DECLS
