/* limn-store-private.h
 *
 * What the facets of the store (limn-store-*.c) share: the object, whose
 * connection (store/limn-sqlite.h) prepares their statements, runs their
 * transactions and words their errors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "limn-sqlite.h"
#include "limn-store.h"

G_BEGIN_DECLS

struct _LimnStore
{
  GObject     parent_instance;

  LimnSqlite *sql;
  char       *annotator;
  int         schema_version;
};

sqlite3      *limn_store_get_db       (LimnStore    *self);

/* Negative means "unset" throughout Limn (confidence, score). */
void          limn_store_bind_double_or_null (sqlite3_stmt *stmt,
                                              int           index,
                                              double        value);

/* The schema's migrations (limn-store-schema.c). */
const LimnSqliteSchema *limn_store_get_schema (void);

G_END_DECLS
