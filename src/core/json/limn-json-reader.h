/* limn-json-reader.h
 *
 * Strict, typed access to JSON that came from outside: a client's request
 * and an admin's file on the server, a server's answer on the client, a
 * project file in the importer. json-glib's own getters convert between
 * types and emit a critical on a mismatch; these never do. Every member is
 * checked for its exact type (an integer is not a string or a float; a
 * string is valid UTF-8), its size and its range, and every mismatch is a
 * LIMN_JSON_READER_ERROR whose message names the member by its path, e.g.
 * "items[3].box: must be an array.". Callers with their own error domain
 * re-file these errors at their boundary.
 *
 * The whole text is checked before json-glib parses it (UTF-8, nesting,
 * "\u0000"); for large documents read in one pass without a tree, see
 * limn-json-scan.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define LIMN_JSON_READER_ERROR (limn_json_reader_error_quark ())

typedef enum
{
  LIMN_JSON_READER_ERROR_SYNTAX,  /* not JSON or not an object, not UTF-8, too deep, "\u0000" */
  LIMN_JSON_READER_ERROR_TYPE,    /* a member missing, or of the wrong type */
  LIMN_JSON_READER_ERROR_RANGE,   /* a value outside what is allowed */
  LIMN_JSON_READER_ERROR_TOO_LARGE, /* more values or items than the caller allows */
} LimnJsonReaderError;

GQuark      limn_json_reader_error_quark      (void);

/* The deepest nesting of arrays and objects parsed. json-glib's parser
 * recurses once per level, so 8 MiB of "[" would overflow the stack. */
#define LIMN_JSON_READER_MAX_DEPTH 32

/* What a text may hold, checked in one pass that allocates nothing
 * (limn_json_reader_check_limits()), before any tree or scan is built for
 * it: 8 MiB of "0," is 4 million values, and json-glib builds ~90 bytes
 * for each. 0 means the default depth, or no limit on values or items. */
typedef struct
{
  guint max_depth;   /* arrays and objects, the root being 1 */
  guint max_values;  /* every value, object keys included */
  guint max_items;   /* elements of an array that is a member of the root object */
} LimnJsonReaderLimits;

/* Whether @data (@length bytes) stays within @limits, and holds none of
 * what json-glib lexes otherwise than JSON: a SYNTAX error for depth, a
 * comment, a single-quoted string, or a "\u" escape that is "\u0000", a
 * lone surrogate or short of four hex digits; TOO_LARGE for values or
 * items. It never counts fewer values, or less depth, than json-glib or
 * LimnJsonScan would build from the same bytes; it does not check the
 * rest of the grammar (the parse that follows does). */
gboolean    limn_json_reader_check_limits     (const char                  *data,
                                               gsize                        length,
                                               const LimnJsonReaderLimits  *limits,
                                               GError                     **error);

/* Parses @data (@length bytes, not NUL-terminated) as one JSON object:
 * valid UTF-8, nested at most LIMN_JSON_READER_MAX_DEPTH deep, and no
 * "\u0000" escapes (json-glib would silently cut the string there), nor
 * anything else limn_json_reader_check_limits() refuses. */
JsonNode   *limn_json_reader_parse_object     (const char           *data,
                                               gsize                 length,
                                               GError              **error);

typedef enum
{
  LIMN_JSON_READER_OPTIONAL = 0,
  LIMN_JSON_READER_REQUIRED = 1 << 0,
} LimnJsonReaderFlags;

/* Each getter sets *@out only when the member is present and right. An
 * absent member and a JSON null are both "not present": %FALSE with an
 * error when REQUIRED, else %TRUE with *@out as the caller initialised it.
 * @where (nullable) is the path of @object, for messages. */

/* A string of valid UTF-8, at most @max_bytes long (0: no limit). */
gboolean    limn_json_reader_get_string       (JsonObject           *object,
                                               const char           *member,
                                               LimnJsonReaderFlags   flags,
                                               gsize                 max_bytes,
                                               const char          **out,
                                               const char           *where,
                                               GError              **error);
/* An id in Limn's form: a lower-case 8-4-4-4-12 hex UUID. */
gboolean    limn_json_reader_get_uuid         (JsonObject           *object,
                                               const char           *member,
                                               LimnJsonReaderFlags   flags,
                                               const char          **out,
                                               const char           *where,
                                               GError              **error);
/* A JSON integer in [@min, @max]: 1 is one, 1.0 and "1" are not. */
gboolean    limn_json_reader_get_int          (JsonObject           *object,
                                               const char           *member,
                                               LimnJsonReaderFlags   flags,
                                               gint64                min,
                                               gint64                max,
                                               gint64               *out,
                                               const char           *where,
                                               GError              **error);
/* A whole number in [@min, @max], written as an integer or as a number
 * without a fraction (1.0, 2e3: what other languages' encoders write); 1.5
 * and "1" are not. */
gboolean    limn_json_reader_get_whole        (JsonObject           *object,
                                               const char           *member,
                                               LimnJsonReaderFlags   flags,
                                               gint64                min,
                                               gint64                max,
                                               gint64               *out,
                                               const char           *where,
                                               GError              **error);
/* A finite number (integer or not) in [@min, @max]. */
gboolean    limn_json_reader_get_double       (JsonObject           *object,
                                               const char           *member,
                                               LimnJsonReaderFlags   flags,
                                               double                min,
                                               double                max,
                                               double               *out,
                                               const char           *where,
                                               GError              **error);
gboolean    limn_json_reader_get_boolean      (JsonObject           *object,
                                               const char           *member,
                                               LimnJsonReaderFlags   flags,
                                               gboolean             *out,
                                               const char           *where,
                                               GError              **error);
/* An array of at most @max_length elements (0: no limit). */
gboolean    limn_json_reader_get_array        (JsonObject           *object,
                                               const char           *member,
                                               LimnJsonReaderFlags   flags,
                                               guint                 max_length,
                                               JsonArray           **out,
                                               const char           *where,
                                               GError              **error);
gboolean    limn_json_reader_get_object       (JsonObject           *object,
                                               const char           *member,
                                               LimnJsonReaderFlags   flags,
                                               JsonObject          **out,
                                               const char           *where,
                                               GError              **error);
/* Element @index of @array, which must be an object; @where names the
 * element, e.g. "items[3]". */
JsonObject *limn_json_reader_get_element_object (JsonArray          *array,
                                                 guint               index,
                                                 const char         *where,
                                                 GError            **error);

/* The finite number @node holds (integer or not); %FALSE for anything else. */
gboolean    limn_json_reader_node_number      (JsonNode             *node,
                                               double               *out);

/* Sets @error as the getters do, for a caller's own checks of a member:
 * "@where.@member: @problem." (either may be %NULL). Returns %FALSE. */
gboolean    limn_json_reader_fail             (GError              **error,
                                               LimnJsonReaderError   code,
                                               const char           *where,
                                               const char           *member,
                                               const char           *problem);

G_END_DECLS
