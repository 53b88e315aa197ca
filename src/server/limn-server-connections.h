/* limn-server-connections.h
 *
 * What one connection may hold (docs/security.md): the listening socket
 * and its backlog, the cap on open connections, the idle and read
 * timeouts, and answering a request at once, without reading its body.
 * libsoup 3.2 has no per-connection limits of its own; these work on the
 * GSocket under each connection, which SoupServer hands out when a
 * connection is accepted (request-started of its first message).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _LimnServerConnections LimnServerConnections;

/* @idle_timeout: seconds one read or write may wait; @read_timeout:
 * seconds from a request's first byte (or the connection's start) to its
 * last. */
LimnServerConnections *limn_server_connections_new      (SoupServer             *soup,
                                                         guint                   max_connections,
                                                         guint                   idle_timeout,
                                                         guint                   read_timeout);
void                   limn_server_connections_free     (LimnServerConnections  *self);

/* Listens on @address with a backlog of 4,096 (libsoup's is 10: beyond
 * it a connection waits a second for its SYN to be sent again). */
gboolean               limn_server_connections_listen   (LimnServerConnections  *self,
                                                         GSocketAddress         *address,
                                                         gboolean                https,
                                                         GError                **error);
/* Connections open now. */
guint                  limn_server_connections_count    (LimnServerConnections  *self);

/* Whether @msg came on a connection accepted past the cap. */
gboolean               limn_server_connections_over_cap (SoupServerMessage      *msg);

/* Answers @msg with @status and the JSON @body now, and closes its
 * connection: the rest of the request body is drained and dropped (at
 * most @drain bytes, for at most LIMN_SERVER_LINGER_SECONDS) so the
 * client reads the answer rather than a reset, and never kept. @headers:
 * NULL-terminated name, value pairs, or NULL. Call it from got-headers or
 * got-chunk. */
void                   limn_server_refuse               (SoupServerMessage      *msg,
                                                         guint                   status,
                                                         GBytes                 *body,
                                                         const char * const     *headers,
                                                         guint64                 drain);

G_END_DECLS
