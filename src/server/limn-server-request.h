/* limn-server-request.h
 *
 * What a request says in its headers, its query and its small bodies,
 * decoded by plain functions of strings and bytes: the route handlers and
 * the request pipeline call them, and so do the fuzz targets
 * (tests/fuzz/fuzz-server-request.c), which is why they live apart from
 * the handlers. A batch body is decoded in limn-server-routes-batches.c
 * (limn_server_decode_batch()), beside its item checks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LIMN_SERVER_MAX_CLAIM       200
#define LIMN_SERVER_DEFAULT_CHANGES 500
#define LIMN_SERVER_MAX_CHANGES     1000

/* The token of "Authorization: Bearer <token>" (a pointer into
 * @authorization), or %NULL when the header has any other form: another
 * scheme, no token, a token longer than 256 bytes or with a space in it. */
const char *limn_server_parse_bearer          (const char  *authorization);

/* An Idempotency-Key: 8 to 128 ASCII letters, digits, "_" or "-". */
gboolean    limn_server_valid_idempotency_key (const char  *key);

/* Whether an If-None-Match header (a list of entity tags, maybe weak, or
 * "*"; nullable) matches @etag. */
gboolean    limn_server_etag_matches          (const char  *header,
                                               const char  *etag);

typedef enum
{
  LIMN_SERVER_RANGE_NONE,            /* absent or not understood: send everything */
  LIMN_SERVER_RANGE_OK,
  LIMN_SERVER_RANGE_UNSATISFIABLE,
} LimnServerRange;

/* One range of a Range header (bytes=a-b, a- or -n) over @size bytes, as
 * the inclusive [*@start, *@end]; lists of ranges are answered whole. */
LimnServerRange limn_server_parse_range       (const char  *header,
                                               gsize        size,
                                               gsize       *start,
                                               gsize       *end);

/* The body of POST /projects/{id}/claims: {"count": 1…200}. */
gboolean    limn_server_decode_claims         (GBytes      *body,
                                               guint       *count,
                                               GError     **error);

/* The query of GET /changes: since (a cursor, default 0) and limit (1…1000,
 * default 500). @query (nullable) as libsoup decodes it. Errors are
 * LIMN_JSON_READER_ERROR, answered 400 like a malformed body. */
gboolean    limn_server_decode_changes_query  (GHashTable  *query,
                                               gint64      *since,
                                               guint       *limit,
                                               GError     **error);

G_END_DECLS
