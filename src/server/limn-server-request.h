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

/* The body of POST /projects/{id}/claims: {"count": 1…200}, of at most
 * 256 values (limn_json_reader_check_limits(), before any tree). */
gboolean    limn_server_decode_claims         (GBytes      *body,
                                               guint       *count,
                                               GError     **error);

/* A "since" cursor's form (limn-server-changes.h): "0" or "u<N>" sets
 * *@position to 0 or N and *@sequence to 0; a plain number N > 0, a
 * store-wide sequence from before per-user numbering, sets *@sequence to
 * N (the backend maps it to a position) and *@position to 0. %NULL is
 * "0". Errors are LIMN_SERVER_BACKEND_ERROR_INVALID, answered 400. */
gboolean    limn_server_decode_cursor         (const char  *cursor,
                                               gint64      *position,
                                               gint64      *sequence,
                                               GError     **error);

/* The query of GET /changes: *@since the cursor (borrowed from @query,
 * nullable, its form checked with limn_server_decode_cursor()) and
 * *@limit (1…1000, default 500). @query (nullable) as libsoup decodes it.
 * A bad limit is LIMN_JSON_READER_ERROR_RANGE, answered 400 like a
 * malformed body. */
gboolean    limn_server_decode_changes_query  (GHashTable  *query,
                                               const char **since,
                                               guint       *limit,
                                               GError     **error);

G_END_DECLS
