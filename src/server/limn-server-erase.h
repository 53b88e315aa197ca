/* limn-server-erase.h
 *
 * Erasing an annotator's personal data while keeping their work
 * (limn-server admin erase-annotator; docs/security.md, "Privacy").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "backend/limn-server-backend.h"

G_BEGIN_DECLS

/* What erasing "(erased)" leaves in place of text a person wrote. */
#define LIMN_SERVER_ERASED_TEXT "(erased)"

/* Erases the personal data of @who (a user name or id) in one
 * transaction, committed only when @apply (else nothing changes and the
 * report says what would be erased). The report: user_id, name (their
 * pseudonym from now on), applied, the rows changed per kind, and
 * nothing_left (TRUE when there was nothing to erase). Audit-logged under
 * the user id, never the old name. NOT_FOUND for no such user. */
JsonObject *limn_server_erase_annotator (LimnServerBackend  *backend,
                                         const char         *who,
                                         gboolean            apply,
                                         GError            **error);

G_END_DECLS
