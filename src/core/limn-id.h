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

G_END_DECLS
