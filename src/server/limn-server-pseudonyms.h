/* limn-server-pseudonyms.h
 *
 * Annotators as reviewers see them on the team dashboard: `a-` and the
 * first 6 hex digits of HMAC-SHA256(server secret, project id ‖ user id).
 * Stable across requests and restarts, different in each project, and
 * not reversible without the secret: 32 random bytes made at the first
 * start and kept in the store (server_meta), never sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "backend/limn-server-backend.h"

G_BEGIN_DECLS

/* The secret, made and stored the first time. */
GBytes *limn_server_pseudonym_secret (LimnServerBackend  *backend,
                                      GError            **error);
char   *limn_server_pseudonym        (GBytes             *secret,
                                      const char         *project_id,
                                      const char         *user_id);

G_END_DECLS
