/* limn-server.h
 *
 * The team server's HTTP side (docs/api.md): a SoupServer whose handlers
 * parse and authorize on the main loop's behalf and do the store's work on
 * worker threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "backend/limn-server-backend.h"
#include "limn-server-limits.h"
#include "limn-server-media.h"

G_BEGIN_DECLS

#define LIMN_SERVER_ERROR (limn_server_error_quark ())

typedef enum
{
  LIMN_SERVER_ERROR_ADDRESS,   /* --listen is not host:port */
  LIMN_SERVER_ERROR_LISTEN,
  LIMN_SERVER_ERROR_TLS,
} LimnServerError;

GQuark limn_server_error_quark (void);

#define LIMN_TYPE_SERVER (limn_server_get_type ())

G_DECLARE_FINAL_TYPE (LimnServer, limn_server, LIMN, SERVER, GObject)

/* Takes ownership of @media. */
LimnServer *limn_server_new                (LimnServerBackend  *backend,
                                            LimnServerMedia    *media);
/* Before limn_server_listen(): the limits an operator set; a zero field,
 * or a %NULL @limits, means its default (limn-server-limits.h). */
void        limn_server_set_limits         (LimnServer         *self,
                                            const LimnServerLimits *limits);
/* Seconds between sweeps for expired leases (default 30). */
void        limn_server_set_sweep_interval (LimnServer         *self,
                                            guint               seconds);
/* @address: "host:port", "[v6]:port"; port 0 picks a free one.
 * @certificate: (nullable): serve HTTPS with it. */
gboolean    limn_server_listen             (LimnServer         *self,
                                            const char         *address,
                                            GTlsCertificate    *certificate,
                                            GError            **error);
/* "http://127.0.0.1:34567" once listening. */
const char *limn_server_get_url            (LimnServer         *self);
/* Stops accepting, finishes the requests under way, waits for workers. */
void        limn_server_shutdown           (LimnServer         *self);

G_END_DECLS
