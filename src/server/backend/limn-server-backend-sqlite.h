/* limn-server-backend-sqlite.h
 *
 * The default backend: one SQLite file in the data folder (WAL,
 * synchronous=FULL, foreign keys, migrations by PRAGMA user_version; a file
 * from a newer limn-server is refused untouched).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-server-backend.h"

G_BEGIN_DECLS

/* The schema this build reads and writes. */
#define LIMN_SERVER_SCHEMA_VERSION 16

#define LIMN_TYPE_SERVER_BACKEND_SQLITE (limn_server_backend_sqlite_get_type ())

G_DECLARE_FINAL_TYPE (LimnServerBackendSqlite, limn_server_backend_sqlite,
                      LIMN, SERVER_BACKEND_SQLITE, GObject)

LimnServerBackend *limn_server_backend_sqlite_open (const char  *path,
                                                    GError     **error);

G_END_DECLS
