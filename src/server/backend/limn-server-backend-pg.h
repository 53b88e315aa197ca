/* limn-server-backend-pg.h
 *
 * The PostgreSQL backend (issue 22): several limn-server processes on one
 * database. Chosen by limn_server_backend_open() for a postgresql:// or
 * postgres:// URI (a libpq connection URI). Its own migrations, in a
 * schema_version table; a database from a newer limn-server is refused
 * untouched. docs/postgresql.md says how writers are serialized and why
 * the changes feed stays commit-ordered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-server-backend.h"

G_BEGIN_DECLS

/* The PostgreSQL schema this build reads and writes (its own numbering,
 * not the SQLite file's). */
#define LIMN_SERVER_PG_SCHEMA_VERSION 4

#define LIMN_TYPE_SERVER_BACKEND_PG (limn_server_backend_pg_get_type ())

G_DECLARE_FINAL_TYPE (LimnServerBackendPg, limn_server_backend_pg,
                      LIMN, SERVER_BACKEND_PG, GObject)

LimnServerBackend *limn_server_backend_pg_open (const char  *uri,
                                                GError     **error);

G_END_DECLS
