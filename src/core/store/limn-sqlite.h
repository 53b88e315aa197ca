/* limn-sqlite.h
 *
 * One SQLite connection as Limn uses it, for the desktop store and the
 * server's SQLite backend alike: opened with extended result codes and a
 * busy timeout; statements prepared once by their SQL text and reused;
 * transactions that nest as savepoints; PRAGMA user_version read before
 * anything writes, so a file from a newer program is refused untouched;
 * forward migrations, each in its own transaction with its version bump;
 * and SQLite's result codes mapped into the caller's error domain, codes
 * and words (LimnSqliteErrors).
 *
 * A connection is used by one thread at a time (SQLITE_OPEN_NOMUTEX).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* What went wrong, as a person can act on it. */
typedef enum
{
  LIMN_SQLITE_FAULT_FAILED,     /* anything else */
  LIMN_SQLITE_FAULT_OPEN,       /* the file or its folder cannot be created or opened */
  LIMN_SQLITE_FAULT_NEWER,      /* written by a newer program: refused, untouched */
  LIMN_SQLITE_FAULT_CORRUPT,    /* not a database, or damaged */
  LIMN_SQLITE_FAULT_FULL,       /* the disk (or quota) is full */
  LIMN_SQLITE_FAULT_READ_ONLY,
  LIMN_SQLITE_FAULT_BUSY,       /* locked by another connection past the timeout */
  LIMN_SQLITE_FAULT_IO,         /* the disk reported an error */
  LIMN_SQLITE_FAULT_INVALID,    /* the data breaks a rule of the schema */
  LIMN_SQLITE_N_FAULTS
} LimnSqliteFault;

/* How a caller's errors read. @messages are gettext message ids (mark
 * them with N_()); %NULL takes the shared wording, which exists for OPEN,
 * IO (as FAILED's), INVALID and FAILED. Their arguments, in order: FULL
 * and READ_ONLY the file's path; INVALID SQLite's words; NEWER the path,
 * the file's version and the newest this build reads; all others the path
 * and SQLite's words. */
typedef struct
{
  GQuark    (*domain) (void);         /* the caller's error quark function */
  int         codes[LIMN_SQLITE_N_FAULTS];
  const char *messages[LIMN_SQLITE_N_FAULTS];
  const char *migration_failed;   /* prefixed to a failed migration's error; takes its version */
} LimnSqliteErrors;

/* A file's schema as forward migrations keyed on PRAGMA user_version:
 * migrations[v] (fixed SQL, ending with "PRAGMA user_version = v;") brings
 * version v - 1 to v; migrations[0] is unused. Never edit one that has
 * shipped: add the next. */
typedef struct
{
  const char * const *migrations;
  int                 version;      /* the newest: migrations has version + 1 entries */
  const char         *pragmas;      /* per-connection settings, run on every open */
} LimnSqliteSchema;

typedef struct _LimnSqlite LimnSqlite;

/* Opens (creating if needed) @path. */
LimnSqlite   *limn_sqlite_open               (const char              *path,
                                              const LimnSqliteErrors  *errors,
                                              GError                 **error);
/* The first connection to a file: creates its folder (0700), opens it,
 * reads its version before anything writes and refuses a newer file,
 * sets journal_mode=WAL and the schema's pragmas, and migrates it. */
LimnSqlite   *limn_sqlite_open_schema        (const char              *path,
                                              const LimnSqliteErrors  *errors,
                                              const LimnSqliteSchema  *schema,
                                              GError                 **error);
void          limn_sqlite_close              (LimnSqlite              *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnSqlite, limn_sqlite_close)

sqlite3      *limn_sqlite_get_db             (LimnSqlite              *self);
const char   *limn_sqlite_get_path           (LimnSqlite              *self);

/* Maps SQLite's @rc into the caller's domain; returns %FALSE. */
gboolean      limn_sqlite_set_error          (LimnSqlite              *self,
                                              int                      rc,
                                              GError                 **error);

/* A reset statement with no bindings for @sql, a constant string: each
 * distinct text is prepared once, for as long as the connection lives. */
sqlite3_stmt *limn_sqlite_prepare            (LimnSqlite              *self,
                                              const char              *sql,
                                              GError                 **error);
/* Steps a statement that returns no row (or whose row is not wanted) and
 * resets it either way, so it releases its read lock. */
gboolean      limn_sqlite_step_done          (LimnSqlite              *self,
                                              sqlite3_stmt            *stmt,
                                              GError                 **error);
/* Steps once: %TRUE with *@has_row for a row or the end; on an error the
 * statement is reset. */
gboolean      limn_sqlite_step_row           (LimnSqlite              *self,
                                              sqlite3_stmt            *stmt,
                                              gboolean                *has_row,
                                              GError                 **error);
/* The integer in the first column of a query's first row (0 if none). */
gboolean      limn_sqlite_query_int          (LimnSqlite              *self,
                                              sqlite3_stmt            *stmt,
                                              gint64                  *out,
                                              GError                 **error);
/* Runs fixed SQL text (never built from input). */
gboolean      limn_sqlite_exec               (LimnSqlite              *self,
                                              const char              *sql,
                                              GError                 **error);

/* Transactions. The outermost is BEGIN IMMEDIATE (a writer) or BEGIN (a
 * reader's snapshot); one begun inside another is a savepoint. A COMMIT
 * that fails (a full disk) rolls back, so the transaction never stays
 * open. */
gboolean      limn_sqlite_begin              (LimnSqlite              *self,
                                              gboolean                 write,
                                              GError                 **error);
gboolean      limn_sqlite_commit             (LimnSqlite              *self,
                                              GError                 **error);
void          limn_sqlite_rollback           (LimnSqlite              *self);
guint         limn_sqlite_get_depth          (LimnSqlite              *self);
/* Inside the current transaction, nested ones become no savepoints: a
 * bulk writer that rolls back everything on any error needs none, and
 * each savepoint copies every page it touches into a statement journal.
 * A nested rollback then dooms the whole transaction (its COMMIT fails).
 * Ends with the outermost transaction. */
void          limn_sqlite_flatten_nested     (LimnSqlite              *self);

/* PRAGMA user_version, or -1 with @error set. */
int           limn_sqlite_get_user_version   (LimnSqlite              *self,
                                              GError                 **error);
/* Runs @schema's migrations after @from_version, each in its own
 * transaction, so a crash mid-upgrade leaves the previous version. */
gboolean      limn_sqlite_migrate            (LimnSqlite              *self,
                                              const LimnSqliteSchema  *schema,
                                              int                      from_version,
                                              GError                 **error);

/* Columns and bindings that map SQL NULL to C's. */
char         *limn_sqlite_column_dup         (sqlite3_stmt            *stmt,
                                              int                      column);
void          limn_sqlite_bind_text          (sqlite3_stmt            *stmt,
                                              int                      index,
                                              const char              *text);

G_END_DECLS
