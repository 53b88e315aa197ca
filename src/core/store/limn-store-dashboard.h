/* limn-store-dashboard.h
 *
 * What the personal dashboard reads from the store (docs/metrics.md §8),
 * and the team figures sync keeps for it. Every read goes through an index
 * on the annotator's own rows (migration 4): the dashboard never scans the
 * event log, and opens in well under 200 ms over a million events
 * (bench/bench-dashboard.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "analytics/limn-personal-dashboard.h"
#include "limn-store-worker.h"
#include "limn-store.h"

G_BEGIN_DECLS

/* Boxes match gold at this IoU unless the project's settings say
 * otherwise ("match_iou", as the server's). */
#define LIMN_DASHBOARD_DEFAULT_MIN_IOU 0.5

/* The local annotator's dashboard for @project_id, as of @now_us, weeks at
 * @utc_offset_us. */
LimnPersonalDashboard *limn_store_load_dashboard      (LimnStore    *self,
                                                       const char   *project_id,
                                                       gint64        now_us,
                                                       gint64        utc_offset_us,
                                                       GError      **error);

/* The body of the last team-figures answer (NULL: the server sent none),
 * kept with when it came. */
gboolean               limn_store_save_team_figures   (LimnStore    *self,
                                                       const char   *project_id,
                                                       const char   *body,
                                                       GError      **error);
/* When team figures for @project_id last came (0: never). */
gboolean               limn_store_team_figures_age    (LimnStore    *self,
                                                       const char   *project_id,
                                                       gint64       *received_us,
                                                       GError      **error);

/* limn_store_load_dashboard() on the writer thread, as of now in local time. */
void                   limn_store_jobs_dashboard_async  (LimnStoreWorker     *worker,
                                                         const char          *project_id,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
LimnPersonalDashboard *limn_store_jobs_dashboard_finish (LimnStoreWorker     *worker,
                                                         GAsyncResult        *result,
                                                         GError             **error);

G_END_DECLS
