/* bench-load-store.h
 *
 * bench-load's counts on the server's store after the load, on either
 * backend: the SQLite file in the data folder, or the PostgreSQL database
 * the instances shared (read with libpq).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint sent;
  guint stored;
  guint lost;
  guint duplicated;
  guint unexpected;   /* stored for the project, never answered "applied" to us */
} BenchTally;

typedef struct _BenchStore BenchStore;

/* @database: a postgresql:// URI, or NULL for DATA_DIR/limn-server.db. */
BenchStore *bench_store_open  (const char *data_dir,
                               const char *database);
void        bench_store_close (BenchStore *store);

/* Every id in @sent is stored once for the project, and nothing else:
 * @sql selects the ids, with the project id as $1. */
BenchTally  bench_store_count (BenchStore *store,
                               const char *sql,
                               const char *project_id,
                               GHashTable *sent);

/* The number of rows @sql (with the project id as $1) selects. */
guint       bench_store_rows  (BenchStore *store,
                               const char *sql,
                               const char *project_id);

G_END_DECLS
