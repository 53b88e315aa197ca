/* limn-sync-error-codes.h
 *
 * The server's stable error codes (docs/api.md, "Errors") mapped to the
 * app's own messages, so the user reads them in their language and never
 * in the server's locale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The translated message for @code, or NULL for a code this client does
 * not know (a newer server): then the server's own message is shown. */
const char *limn_sync_error_code_message (const char *code);

G_END_DECLS
