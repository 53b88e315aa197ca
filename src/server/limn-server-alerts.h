/* limn-server-alerts.h
 *
 * Alerts of the team dashboard (docs/metrics.md §9, "Alerts"): the rules
 * judge a project's LimnServerTeamReport; an alert is stored when it
 * first fires (so it has an id and since_us), updated while it holds,
 * cleared when it no longer does. A new alert is written into the changes
 * feed (kind "alert") of the project's reviewers and admins and of the
 * server's admins.
 *
 * When: whenever a report is computed (limn-server-team-cache.h: a
 * request finding none for the project's current change counter, day and
 * age, or the periodic sweep finding the counter moved), so alerts are
 * judged on every report that is shown; the sweep costs one primary-key
 * read a project when nothing changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "limn-server-team.h"

G_BEGIN_DECLS

#define LIMN_SERVER_ALERT_MIN_ALPHA        0.6
#define LIMN_SERVER_ALERT_MIN_UNITS        30
#define LIMN_SERVER_ALERT_OVERUSE_ALPHA    0.01
#define LIMN_SERVER_ALERT_MIN_GOLD         10
/* A confusion hot spot worth a relabel campaign: mixed up on this many
 * tasks, at least this disagreement, despite this mean confidence. */
#define LIMN_SERVER_ALERT_HOT_SPOT_MIN_ITEMS         10
#define LIMN_SERVER_ALERT_HOT_SPOT_MIN_DISAGREEMENT  0.3
#define LIMN_SERVER_ALERT_HOT_SPOT_MIN_CONFIDENCE    0.8

/* Judges @report, stores what changed; *@active (if not NULL) the
 * project's active alerts after it (LimnServerAlert). */
gboolean    limn_server_alerts_refresh (LimnServerBackend           *backend,
                                        const char                  *project_id,
                                        const LimnServerTeamReport  *report,
                                        GBytes                      *secret,
                                        GPtrArray                  **active,
                                        GError                     **error);
JsonObject *limn_server_alert_to_json  (const LimnServerAlert       *alert);
/* Stored alerts of @project_id (all projects when NULL), oldest first. */
GPtrArray  *limn_server_alerts_list    (LimnServerBackend           *backend,
                                        const char                  *project_id,
                                        gboolean                     active_only,
                                        GError                     **error);

/* The sweep's part: which projects changed since it last looked. */
typedef struct _LimnServerAlertWatch LimnServerAlertWatch;
typedef struct _LimnServerTeamCache LimnServerTeamCache;

LimnServerAlertWatch *limn_server_alert_watch_new  (void);
void                  limn_server_alert_watch_free (LimnServerAlertWatch *watch);
/* Refreshes the alerts of every project whose data changed (through
 * @cache, which keeps the reports); returns at once when another thread
 * is at it. */
void                  limn_server_alert_watch_run  (LimnServerAlertWatch *watch,
                                                    LimnServerTeamCache  *cache,
                                                    LimnServerBackend    *backend,
                                                    gint64                now_us);

G_END_DECLS
