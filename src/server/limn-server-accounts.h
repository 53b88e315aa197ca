/* limn-server-accounts.h
 *
 * Users and their tokens: signing in with a token, adding users, issuing
 * and revoking tokens. Only a token's SHA-256 is ever stored or looked up.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "backend/limn-server-backend.h"

G_BEGIN_DECLS

/* Who holds the token with @token_sha256; unknown or revoked tokens are
 * NOT_FOUND. */
LimnServerPrincipal *limn_server_accounts_authenticate (LimnServerBackend  *backend,
                                                        const char         *token_sha256,
                                                        GError            **error);
/* The new user's id; EXISTS when the name is taken. */
char                *limn_server_accounts_add_user     (LimnServerBackend  *backend,
                                                        const char         *name,
                                                        GError            **error);
/* A token for the user named @user_name with @role on @project_id (NULL:
 * server-wide, for the admin role only). Returns its id. */
char                *limn_server_accounts_issue_token  (LimnServerBackend  *backend,
                                                        const char         *user_name,
                                                        const char         *project_id,
                                                        LimnServerRole      role,
                                                        const char         *token_sha256,
                                                        GError            **error);
gboolean             limn_server_accounts_revoke_token (LimnServerBackend  *backend,
                                                        const char         *token_id,
                                                        GError            **error);

G_END_DECLS
