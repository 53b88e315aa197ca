/* limn-server-response.h
 *
 * One request as a route handler sees it, and the helpers that write its
 * answer. The main loop copies what a handler needs out of the
 * SoupServerMessage, a worker thread runs the handler, which fills in the
 * response; the main loop then writes it. Handlers never touch libsoup
 * objects, so they are safe off the main thread. Route files include this
 * header, never limn-server.c's internals.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "backend/limn-server-records.h"

G_BEGIN_DECLS

typedef struct
{
  /* Request */
  char                *method;
  char                *path;
  char                *log_path;        /* path with control characters escaped */
  char               **segments;        /* path below /api/v1, split on '/' */
  GHashTable          *query;           /* nullable */
  char                *idempotency_key;
  char                *if_none_match;
  char                *range;
  char                *content_type;
  GBytes              *body;
  char                *remote_host;
  LimnServerPrincipal *principal;       /* set by authentication */

  /* Response */
  guint                status;
  char                *response_type;
  GBytes              *response_body;
  GPtrArray           *response_headers; /* name, value, name, value … */
} LimnServerExchange;

void    limn_server_exchange_free  (LimnServerExchange  *ex);

/* {"error": {"code": …, "message": …}} for @status (docs/api.md). */
GBytes *limn_server_error_body     (guint                status,
                                    const char          *message);
/* The same with a code more precise than @status gives (NULL: from @status). */
GBytes *limn_server_error_body_code (guint               status,
                                     const char         *code,
                                     const char         *message);

void    limn_server_respond_json   (LimnServerExchange  *ex,
                                    guint                status,
                                    JsonNode            *root);
void    limn_server_respond_object (LimnServerExchange  *ex,
                                    guint                status,
                                    JsonObject          *object);
void    limn_server_respond_bytes  (LimnServerExchange  *ex,
                                    guint                status,
                                    const char          *content_type,
                                    GBytes              *body);
void    limn_server_respond_error  (LimnServerExchange  *ex,
                                    guint                status,
                                    const char          *message);
void    limn_server_respond_error_code (LimnServerExchange *ex,
                                        guint               status,
                                        const char         *code,
                                        const char         *message);
/* Maps a backend error: NOT_FOUND → 404, FORBIDDEN → 403, BUSY → 503 … */
void    limn_server_respond_gerror (LimnServerExchange  *ex,
                                    const GError        *error);
void    limn_server_add_header     (LimnServerExchange  *ex,
                                    const char          *name,
                                    const char          *value);

/* Whether the principal may act on @project_id at all (its own project, or
 * any for the server admin); answers 403 when not. */
gboolean limn_server_check_project (LimnServerExchange  *ex,
                                    const char          *project_id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnServerExchange, limn_server_exchange_free)

G_END_DECLS
