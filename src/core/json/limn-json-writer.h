/* limn-json-writer.h
 *
 * JSON text written by hand, where building a json-glib tree would cost
 * more than the work itself: the client's outbox items, the server's batch
 * answers, the format writers. And the compact text of a json-glib object
 * or array, for everything else.
 *
 * Strings are escaped as json-glib 1.6 escapes them: '"', '\\', every
 * control character below U+0020 and U+007F (DEL), so a value has the same
 * bytes whether it was written here or through json-glib (the server's
 * tests compare its hand-written answers with json-glib's text), except
 * that U+001F is escaped too: json-glib 1.6 leaves it raw, which is not
 * JSON. RFC 8259 requires escaping only '"', '\\' and U+0000 … U+001F; DEL
 * is allowed raw, and escaping it changes nothing a reader sees.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <inttypes.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A JSON string, quoted and escaped; %NULL writes null. Text that is not
 * valid UTF-8 (which Limn never writes) has its bad bytes replaced by
 * U+FFFD, so what is written is always JSON. */
void  limn_json_writer_append_string    (GString    *out,
                                         const char *str);
/* What "%" PRId64 writes, without printf's cost. */
void  limn_json_writer_append_int       (GString    *out,
                                         gint64      value);
/* A double in the fewest digits that read back to the same value (whole
 * numbers below 10^15 without a fraction); null when not finite. */
void  limn_json_writer_append_double    (GString    *out,
                                         double      value);

/* Compact text (no spaces, no trailing newline), byte for byte what
 * json_to_string() writes, except where json-glib 1.6 writes what is not
 * JSON: a double with an exponent and no '.' (1e+20 becomes "1e+20.0"), a
 * double that is not finite ("inf.0", "nan.0"; written null here) and a
 * raw U+001F (escaped here). Use these, never json_to_string(), for text
 * that is stored or sent. */
char *limn_json_writer_node_to_string   (JsonNode   *node);
char *limn_json_writer_object_to_string (JsonObject *object);
char *limn_json_writer_array_to_string  (JsonArray  *array);

G_END_DECLS
