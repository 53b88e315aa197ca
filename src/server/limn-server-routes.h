/* limn-server-routes.h
 *
 * The route handlers of docs/api.md. Each runs on a worker thread with the
 * request's principal already authenticated, checks the role and project,
 * asks the server layer (or the backend) and writes the answer into @ex.
 * limn-server.c calls them; they know nothing of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "backend/limn-server-backend.h"
#include "limn-server-limits.h"
#include "limn-server-media.h"
#include "limn-server-response.h"
#include "limn-server-workload.h"

G_BEGIN_DECLS

/* limn-server-routes.c */
void limn_server_handle_me       (LimnServerBackend  *backend,
                                  LimnServerExchange *ex);
void limn_server_handle_projects (LimnServerBackend  *backend,
                                  LimnServerExchange *ex);
void limn_server_handle_project  (LimnServerBackend  *backend,
                                  LimnServerExchange *ex,
                                  const char         *project_id);
void limn_server_handle_claims   (LimnServerBackend  *backend,
                                  LimnServerWorkload *workload,
                                  LimnServerExchange *ex,
                                  const char         *project_id);
void limn_server_handle_media    (LimnServerBackend  *backend,
                                  LimnServerMedia    *media,
                                  LimnServerExchange *ex,
                                  const char         *name);
void limn_server_handle_changes  (LimnServerBackend  *backend,
                                  LimnServerExchange *ex);

/* limn-server-routes-batches.c */
/* @events_per_batch: the quota of event items in one batch (413 past it,
 * so the client halves it). */
void limn_server_handle_batches  (LimnServerBackend  *backend,
                                  LimnServerExchange *ex,
                                  guint               events_per_batch);
/* Whether a batch body stays within the size, depth, value and item
 * limits (limn_json_reader_check_limits()): the route checks it before
 * anything is built for the body, or a replay looked up. */
gboolean   limn_server_check_batch_limits (GBytes   *body,
                                           GError  **error);
/* The items of a batch body that passed limn_server_check_batch_limits(),
 * each checked against @principal's tasks and their projects' labels (a
 * bad item comes back rejected, with its reason); %NULL with an error
 * when the body is not an object with an "items" array of at most 5,000,
 * or the store fails, or LIMN_JSON_READER_ERROR_TOO_LARGE when it holds
 * more than @events_per_batch event items (answered 413). */
GPtrArray *limn_server_decode_batch (LimnServerBackend          *backend,
                                     const LimnServerPrincipal  *principal,
                                     GBytes                     *body,
                                     guint                       events_per_batch,
                                     GError                    **error);

/* The same shape for every task, gold or not; @position is the caller's
 * own count (limn-server-routes.c). */
JsonObject *limn_server_task_to_json (const LimnServerTask *task,
                                      gint64                position);

/* limn-server-routes-review.c */
void limn_server_handle_review_queue  (LimnServerBackend  *backend,
                                       LimnServerExchange *ex,
                                       const char         *project_id);
void limn_server_handle_review_claims (LimnServerBackend  *backend,
                                       LimnServerExchange *ex,
                                       const char         *project_id);
void limn_server_handle_threads       (LimnServerBackend  *backend,
                                       LimnServerExchange *ex,
                                       const char         *project_id);
void limn_server_handle_guidelines    (LimnServerBackend  *backend,
                                       LimnServerExchange *ex,
                                       const char         *project_id);
void limn_server_handle_labels        (LimnServerBackend  *backend,
                                       LimnServerExchange *ex,
                                       const char         *project_id);

/* limn-server-routes-dashboard.c: both render the project's kept report
 * (limn-server-team-cache.h). */
typedef struct _LimnServerTeamCache LimnServerTeamCache;

void limn_server_handle_team_figures  (LimnServerBackend   *backend,
                                       LimnServerTeamCache *cache,
                                       LimnServerExchange  *ex,
                                       const char          *project_id);
void limn_server_handle_dashboard     (LimnServerBackend   *backend,
                                       LimnServerTeamCache *cache,
                                       LimnServerExchange  *ex,
                                       const char          *project_id);

/* limn-server-routes-campaigns.c: the campaign id is segments[3]. */
void limn_server_handle_campaigns        (LimnServerBackend  *backend,
                                          LimnServerExchange *ex,
                                          const char         *project_id);
void limn_server_handle_campaign         (LimnServerBackend  *backend,
                                          LimnServerExchange *ex,
                                          const char         *project_id);
void limn_server_handle_campaign_approve (LimnServerBackend  *backend,
                                          LimnServerExchange *ex,
                                          const char         *project_id);

G_END_DECLS
