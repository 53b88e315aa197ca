/* limn-server-backend-migrate.h
 *
 * Moving a deployment from SQLite to PostgreSQL (issue 22): the one place
 * that knows both schemas. And the SQLite store's online backup.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Copies the SQLite store at @sqlite_path (read in one read transaction,
 * so the server may keep running: the copy is of that snapshot) into the
 * empty PostgreSQL database @pg_uri, in one PostgreSQL transaction, and
 * verifies it: per table the row count and a SHA-256 over the rows in
 * primary-key order in a canonical text form, computed on both sides.
 * Refuses a non-empty target, and either side at another schema version
 * than this build's. On any difference nothing is committed and @error
 * names the table.
 *
 * Returns the report as JSON (tables, rows, checksums, seconds). */
char     *limn_server_backend_migrate (const char  *sqlite_path,
                                       const char  *pg_uri,
                                       GError     **error);

/* The number of pages and the bytes copied by the last backup. */
typedef struct
{
  gint64 pages;
  gint64 bytes;
} LimnServerBackupStats;

/* Copies the SQLite store at @sqlite_path to a new file @dest with
 * SQLite's online backup API, while the server runs: one read
 * transaction, so the copy is one consistent snapshot and writers are not
 * held up (WAL). Written to DEST.partial and renamed when complete; an
 * existing @dest is refused. */
gboolean  limn_server_backend_sqlite_backup (const char             *sqlite_path,
                                             const char             *dest,
                                             LimnServerBackupStats  *stats,
                                             GError                **error);

G_END_DECLS
