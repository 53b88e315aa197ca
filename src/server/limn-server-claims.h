/* limn-server-claims.h
 *
 * POST /api/v1/projects/{id}/claims: which tasks an annotator gets. The
 * rules, all here:
 * - the annotator's current leases come first, oldest first, and count
 *   towards what they asked for;
 * - never a task they had before, in any state (not even after their lease
 *   expired or they submitted it);
 * - an ordinary task goes to at most `overlap` annotators at a time
 *   (holding or submitted);
 * - gold tasks are mixed in at about `gold_rate`, in random order, each
 *   annotator getting each one once and not counted against `overlap`;
 *   when the gold runs out ordinary tasks fill in, and when the ordinary
 *   tasks run out no gold is handed out instead (unless `gold_rate` is 1),
 *   since a pool of nothing but gold would give it away;
 * - a gold task looks like any other (LimnServerTask has no gold field);
 * - ordinary tasks are the oldest eligible by position; with the
 *   project's difficulty and skill estimates, the fair-workload rule picks
 *   among the oldest LIMN_SERVER_WORKLOAD_WINDOW more (limn-server-workload.h);
 * - a lease lasts `lease_seconds`; leases past their time are expired
 *   first (limn-server-leases.c);
 * - each new lease writes an `assignment` change for its annotator, and
 *   the claim an audit record.
 * One write transaction: two annotators claiming at once never get the same
 * place under `overlap`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "backend/limn-server-backend.h"
#include "limn-server-workload.h"

G_BEGIN_DECLS

/* The caller's leases on @project_id, topped up to @count
 * (LimnServerAssignment). @workload may be NULL: the queue's order. */
GPtrArray *limn_server_claims_take (LimnServerBackend          *backend,
                                    LimnServerWorkload         *workload,
                                    const LimnServerPrincipal  *principal,
                                    const char                 *project_id,
                                    guint                       count,
                                    gint64                      now_us,
                                    GError                    **error);

G_END_DECLS
