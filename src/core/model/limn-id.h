/* limn-id.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A UUID-shaped id derived from (@scope, @name) by SHA-1, like a version 5
 * UUID: importing the same folder or label twice yields the same ids, so a
 * re-import updates instead of duplicating. */
char *limn_id_derive (const char *scope,
                      const char *name);

/* A new random id whose first 48 bits are the time in milliseconds (a
 * version 7 UUID, RFC 9562), so ids made later sort later: an index of
 * them, here and on the server, grows at its end instead of being written
 * all over. 74 random bits keep it unique. */
char *limn_id_new_time_ordered (void);

/* Whether @str is an id as Limn writes and exchanges them: a UUID in
 * lower-case 8-4-4-4-12 hex (any version). %NULL is not. */
gboolean limn_id_is_uuid   (const char *str);
/* Whether @str is a content address: a SHA-256 as 64 lower-case hex
 * digits (media files are named and fetched by it). */
gboolean limn_id_is_sha256 (const char *str);

G_END_DECLS
