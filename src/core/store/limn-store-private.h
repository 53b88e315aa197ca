/* limn-store-private.h
 *
 * What the facets of the store (limn-store-*.c) share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "limn-store.h"

G_BEGIN_DECLS

sqlite3_stmt *limn_store_prepare      (LimnStore    *self,
                                       const char   *sql,
                                       GError      **error);
gboolean      limn_store_step_done    (LimnStore    *self,
                                       sqlite3_stmt *stmt,
                                       GError      **error);
gboolean      limn_store_set_error    (LimnStore    *self,
                                       int           rc,
                                       GError      **error);
sqlite3      *limn_store_get_db       (LimnStore    *self);

/* Column helpers that map SQL NULL to C defaults. */
char         *limn_store_column_dup   (sqlite3_stmt *stmt,
                                       int           column);
void          limn_store_bind_text    (sqlite3_stmt *stmt,
                                       int           index,
                                       const char   *text);
void          limn_store_bind_double_or_null (sqlite3_stmt *stmt,
                                              int           index,
                                              double        value);

gboolean      limn_store_migrate      (LimnStore    *self,
                                       int           from_version,
                                       GError      **error);

G_END_DECLS
