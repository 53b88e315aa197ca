/* limn-server-guardrails.h
 *
 * The project's guardrails (docs/guardrails.md) on the server: the same
 * rules the app runs before submit, run again on every annotation of a
 * batch. A `block` finding refuses the item with the code
 * "guardrail_blocked" and changes nothing for it; a `warn` finding lets it
 * in (the annotator saw it and gave a reason: the app sends that as a
 * "guardrail_override" event, which the admin's stats count per
 * annotator). An override never lifts a `block`: the app cannot make one,
 * and a client that could would make the rule a suggestion.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "backend/limn-server-backend.h"
#include "model/limn-guardrails.h"

G_BEGIN_DECLS

#define LIMN_SERVER_GUARDRAIL_OVERRIDE_EVENT "guardrail_override"
#define LIMN_SERVER_GUARDRAIL_BLOCKED_CODE   "guardrail_blocked"

/* @project's rules bound to its labels, or NULL without an error when it
 * has none. Rules that no longer parse (a newer server wrote them) fail. */
LimnGuardrails *limn_server_guardrails_for       (const LimnServerProject  *project,
                                                  GError                  **error);

/* The reason to refuse @regions (the canonical array of
 * limn_server_check_regions()) of @task with, or NULL when no `block` rule
 * finds anything. @index: the task's text index for a text task. */
char           *limn_server_guardrails_blocked   (LimnGuardrails           *rules,
                                                  const LimnServerTask     *task,
                                                  LimnTextIndex            *index,
                                                  JsonArray                *regions);

/* Overrides per annotator in @project_id: user id -> gint64 *. */
GHashTable     *limn_server_guardrails_overrides (LimnServerBackend        *backend,
                                                  const char               *project_id,
                                                  GError                  **error);

G_END_DECLS
