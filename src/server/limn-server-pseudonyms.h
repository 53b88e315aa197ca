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

#include <json-glib/json-glib.h>

#include "backend/limn-server-backend.h"

G_BEGIN_DECLS

/* The secret, made and stored the first time. */
GBytes *limn_server_pseudonym_secret (LimnServerBackend  *backend,
                                      GError            **error);
char   *limn_server_pseudonym        (GBytes             *secret,
                                      const char         *project_id,
                                      const char         *user_id);
/* The name an erased person keeps (limn-server admin erase-annotator):
 * `erased-` and 12 hex digits of HMAC-SHA256(secret, "erased:" ‖ user
 * id), the same on every run, unique enough for the users table. */
char   *limn_server_erased_name      (GBytes             *secret,
                                      const char         *user_id);

/* Every string member "annotator" in @object, at any depth, becomes its
 * pseudonym in @project_id: a user id, or a user name (a campaign's scope
 * may name its annotator by name). For answers to non-admins. */
gboolean limn_server_pseudonymize_annotators (LimnServerBackend  *backend,
                                              JsonObject         *object,
                                              const char         *project_id,
                                              GError            **error);

G_END_DECLS
