/* limn-sync-error-codes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "limn-sync-error-codes.h"

/* One entry per code of docs/api.md; keep both in step. */
static const struct
{
  const char *code;
  const char *message;
} codes[] = {
  { "bad_request",            N_("The server refused the request as malformed.") },
  { "invalid_json",           N_("The server could not read what Limn sent (malformed data).") },
  { "unauthorized",           N_("The server did not accept your token. Sign in again.") },
  { "forbidden",              N_("The server does not allow this for your account.") },
  { "not_found",              N_("The server does not know this item.") },
  { "method_not_allowed",     N_("The server does not support this request; it may be an older version.") },
  { "conflict",               N_("This cannot be done in the item’s current state.") },
  { "payload_too_large",      N_("What Limn sent is larger than the server accepts.") },
  { "unsupported_media_type", N_("The server refused the format of the request.") },
  { "range_not_satisfiable",  N_("The server could not send that part of the file.") },
  { "unprocessable",          N_("The server refused a request it had already received with different content.") },
  { "rate_limited",           N_("The server asks Limn to slow down. Limn will try again.") },
  { "internal",               N_("The server had a problem. Limn will try again.") },
  { "unavailable",            N_("The server is busy. Limn will try again shortly.") },
};

const char *
limn_sync_error_code_message (const char *code)
{
  if (code == NULL)
    return NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (codes); i++)
    if (strcmp (codes[i].code, code) == 0)
      return _(codes[i].message);

  return NULL;
}
