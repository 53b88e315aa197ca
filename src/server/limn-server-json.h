/* limn-server-json.h
 *
 * Checked access to JSON that came from outside (a client's request, an
 * admin's file). json-glib's own getters emit a critical on a member of the
 * wrong type; these never do: every mismatch is a GError whose message names
 * the member, e.g. "items[3].box: must be [x, y, width, height]".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LIMN_JSON_ERROR (limn_json_error_quark ())

typedef enum
{
  LIMN_JSON_ERROR_SYNTAX,     /* not JSON, not UTF-8, nested too deeply, NUL characters */
  LIMN_JSON_ERROR_TYPE,       /* a member of the wrong type, or missing */
  LIMN_JSON_ERROR_RANGE,      /* a value outside what is allowed */
} LimnJsonError;

GQuark      limn_json_error_quark   (void);

/* Deepest nesting of arrays and objects the server parses. json-glib's
 * parser recurses once per level, so a body of 8 MiB of "[" would overflow
 * the stack without this check. */
#define LIMN_JSON_MAX_DEPTH 32

/* Parses @data (not NUL-terminated) as one JSON object: valid UTF-8, no
 * "\u0000" escapes (json-glib would silently cut the string there), nesting
 * at most LIMN_JSON_MAX_DEPTH. */
JsonNode   *limn_json_parse_object  (const char    *data,
                                     gsize          length,
                                     GError       **error);

typedef enum
{
  LIMN_JSON_OPTIONAL = 0,
  LIMN_JSON_REQUIRED = 1 << 0,
} LimnJsonFlags;

/* Each getter sets *out only on success. An absent member or a JSON null
 * is "not present": %FALSE with an error when REQUIRED, else %TRUE with
 * *out left as the caller initialised it. @where prefixes messages. */
gboolean    limn_json_get_string    (JsonObject    *object,
                                     const char    *member,
                                     LimnJsonFlags  flags,
                                     gsize          max_bytes,
                                     const char   **out,
                                     const char    *where,
                                     GError       **error);
/* A UUID in Limn's form: lower-case 8-4-4-4-12 hex. */
gboolean    limn_json_get_uuid      (JsonObject    *object,
                                     const char    *member,
                                     LimnJsonFlags  flags,
                                     const char   **out,
                                     const char    *where,
                                     GError       **error);
/* A whole number in [@min, @max] (1.0 counts; 1.5 does not). */
gboolean    limn_json_get_int       (JsonObject    *object,
                                     const char    *member,
                                     LimnJsonFlags  flags,
                                     gint64         min,
                                     gint64         max,
                                     gint64        *out,
                                     const char    *where,
                                     GError       **error);
/* A finite number in [@min, @max]. */
gboolean    limn_json_get_double    (JsonObject    *object,
                                     const char    *member,
                                     LimnJsonFlags  flags,
                                     double         min,
                                     double         max,
                                     double        *out,
                                     const char    *where,
                                     GError       **error);
gboolean    limn_json_get_array     (JsonObject    *object,
                                     const char    *member,
                                     LimnJsonFlags  flags,
                                     JsonArray    **out,
                                     const char    *where,
                                     GError       **error);
gboolean    limn_json_get_object    (JsonObject    *object,
                                     const char    *member,
                                     LimnJsonFlags  flags,
                                     JsonObject   **out,
                                     const char    *where,
                                     GError       **error);

/* A finite number held by @node (integer or double). */
gboolean    limn_json_node_number   (JsonNode      *node,
                                     double        *out);

G_END_DECLS
