/* limn-sync-error.h
 *
 * Errors of the sync client, its wire format and its credentials.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LIMN_SYNC_ERROR (limn_sync_error_quark ())

typedef enum
{
  LIMN_SYNC_ERROR_FAILED,
  LIMN_SYNC_ERROR_INVALID_URL,    /* not an http(s) URL with a host */
  LIMN_SYNC_ERROR_INSECURE,       /* plain http to a host that is not loopback */
  LIMN_SYNC_ERROR_NOT_SIGNED_IN,  /* no server or token yet */
  LIMN_SYNC_ERROR_OFFLINE,        /* the server cannot be reached */
  LIMN_SYNC_ERROR_TIMEOUT,        /* no answer in time */
  LIMN_SYNC_ERROR_UNAUTHORIZED,   /* 401: the token is unknown or revoked */
  LIMN_SYNC_ERROR_FORBIDDEN,      /* 403 */
  LIMN_SYNC_ERROR_NOT_FOUND,      /* 404 */
  LIMN_SYNC_ERROR_RATE_LIMITED,   /* 429 */
  LIMN_SYNC_ERROR_UNAVAILABLE,    /* 503, or 500 and friends */
  LIMN_SYNC_ERROR_REFUSED,        /* another 4xx: the request itself was refused */
  LIMN_SYNC_ERROR_BAD_RESPONSE,   /* the server's answer broke the protocol: nothing was written */
  LIMN_SYNC_ERROR_MEDIA,          /* a downloaded file did not match its SHA-256 or size */
  LIMN_SYNC_ERROR_CREDENTIALS,    /* the token could not be stored or read */
} LimnSyncError;

GQuark limn_sync_error_quark (void);

G_END_DECLS
