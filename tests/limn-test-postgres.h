/* limn-test-postgres.h
 *
 * A private PostgreSQL for the tests that run limn-server on it
 * (LIMN_TEST_BACKEND=postgresql): one cluster per test process, made with
 * Debian's initdb in a temporary directory and reached on a Unix socket
 * only (no port to collide with), a fresh database for each server. The
 * cluster is stopped and its directory deleted when the process ends, by
 * a small reaper that outlives an aborted test.
 *
 * When the cluster cannot start (no binaries, initdb fails), the process
 * says why and exits 77: meson counts the test skipped, never passed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether the tests run limn-server on PostgreSQL (LIMN_TEST_BACKEND). */
gboolean  limn_test_postgres_wanted       (void);

/* Before the first use: the cluster keeps fsync, synchronous_commit and
 * full_page_writes on (PostgreSQL's defaults), so that a bench compares
 * commits as durable as SQLite's synchronous=FULL. Tests leave them off. */
void      limn_test_postgres_set_durable  (void);

/* The cluster's socket directory, started on first use. */
const char *limn_test_postgres_socket_dir (void);

/* A new, empty database; its libpq URI
 * (postgresql:///DB?host=SOCKDIR&user=postgres). */
char     *limn_test_postgres_new_database (void);

/* The first column of the first row of @sql on the database of @uri
 * (NULL when there is no row or it is NULL); @param is $1 when not NULL. */
char     *limn_test_postgres_query_text   (const char *uri,
                                           const char *sql,
                                           const char *param);

/* The first column of every row of @sql, as text (NULL stays NULL). */
GPtrArray *limn_test_postgres_query_column (const char *uri,
                                            const char *sql);

/* Takes limn-server's writers' advisory lock (LIMN_PG_WRITE_LOCK_KEY in
 * limn-server-backend-pg-private.h) on a connection of its own, as
 * another instance's write would; limn_test_postgres_unlock() lets go. */
gpointer   limn_test_postgres_lock_writes  (const char *uri);
void       limn_test_postgres_unlock       (gpointer    lock);

G_END_DECLS
