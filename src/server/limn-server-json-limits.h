/* limn-server-json-limits.h
 *
 * A bounded pre-pass over a request body: nesting depth, the number of
 * values and the length of the root object's arrays, counted in one pass
 * without allocating, so a body over a route's limits is refused before a
 * scan or a json-glib tree is built for it (an 8 MiB {"items":[0,0,…]}
 * made json-glib allocate 358 MB). It does not check the grammar; the
 * reader that runs next does. It never counts fewer values than json-glib
 * or LimnJsonScan would build, whatever the bytes.
 *
 * A plain function of the bytes, for the fuzz targets too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LIMN_SERVER_JSON_LIMITS_ERROR (limn_server_json_limits_error_quark ())

typedef enum
{
  LIMN_SERVER_JSON_LIMITS_ERROR_DEPTH,
  LIMN_SERVER_JSON_LIMITS_ERROR_VALUES,
  LIMN_SERVER_JSON_LIMITS_ERROR_ITEMS,
} LimnServerJsonLimitsError;

GQuark limn_server_json_limits_error_quark (void);

typedef struct
{
  guint max_depth;     /* arrays and objects, the root being 1 */
  guint max_values;    /* every value, object keys included */
  guint max_items;     /* elements of an array that is a member of the root object; 0: any */
} LimnServerJsonLimits;

/* Whether @data (@length bytes) stays within @limits; *n_values (may be
 * NULL) gets the values counted. */
gboolean limn_server_json_check_limits (const char                  *data,
                                        gsize                        length,
                                        const LimnServerJsonLimits  *limits,
                                        guint                       *n_values,
                                        GError                     **error);

G_END_DECLS
