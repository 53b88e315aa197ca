/* limn-sync-http.h
 *
 * The sync client's requests: bearer token, no redirects (a redirect could
 * move the token to plain http), bodies read with a size cap, and errors
 * mapped onto LimnSyncError with whether trying again can help. Internal
 * to the core.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "limn-sync-error.h"

G_BEGIN_DECLS

typedef struct
{
  guint   status;
  GBytes *body;
  char   *retry_after;   /* the header's value, or NULL */
} LimnSyncResponse;

void              limn_sync_response_free      (LimnSyncResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnSyncResponse, limn_sync_response_free)

/* @path: below the server URL, starting with "/api/v1/"; @body: JSON, or NULL. */
SoupMessage      *limn_sync_http_message_new   (const char       *method,
                                                const char       *server_url,
                                                const char       *path,
                                                const char       *token,
                                                const char       *idempotency_key,
                                                GBytes           *body);
/* Sends and reads the whole body, failing past @max_body bytes. A
 * transport failure is an error; any HTTP status is a response. */
void              limn_sync_http_send_async    (SoupSession      *session,
                                                SoupMessage      *message,
                                                gsize             max_body,
                                                GCancellable     *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer          user_data);
LimnSyncResponse *limn_sync_http_send_finish   (GAsyncResult     *result,
                                                GError          **error);

/* Maps a transport error (from libsoup or GIO). */
GError           *limn_sync_http_map_error     (const GError     *error);
/* What to tell the user about an error answer: Limn's own translated
 * message for a known code, else the server's message, else NULL. */
char             *limn_sync_http_error_text    (const LimnSyncResponse *response);
/* NULL for 2xx; else the error for the status, with Limn's message for a
 * known code, or the server's message for an unknown one. */
GError           *limn_sync_http_status_error  (const LimnSyncResponse *response);
/* Whether the same request may be tried again later (408, 429, 5xx,
 * timeouts, no connection, a garbled answer). */
gboolean          limn_sync_error_is_retryable (const GError     *error);

G_END_DECLS
