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

G_END_DECLS
