/* limn-sqlite.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "limn-sqlite.h"

struct _LimnSqlite
{
  sqlite3                *db;
  char                   *path;
  const LimnSqliteErrors *errors;      /* static */
  GHashTable             *statements;  /* const char *sql (static) → sqlite3_stmt */
  GHashTable             *by_address;  /* the same, by the text's address */
  guint                   depth;       /* transaction nesting */
  gboolean                flat;        /* nested ones are no savepoints */
  gboolean                doomed;      /* flat, and a nested one rolled back */
};

/* The words both callers share. */
static const char * const shared_messages[LIMN_SQLITE_N_FAULTS] = {
  [LIMN_SQLITE_FAULT_FAILED] = N_("Database error in “%s”: %s"),
  [LIMN_SQLITE_FAULT_OPEN] = N_("Could not open the database “%s” (%s)."),
  [LIMN_SQLITE_FAULT_INVALID] = N_("The data breaks a rule of the database (%s)."),
};

static const char *
message_for (const LimnSqliteErrors *errors,
             LimnSqliteFault         fault)
{
  if (errors->messages[fault] != NULL)
    return _(errors->messages[fault]);
  if (fault == LIMN_SQLITE_FAULT_IO)
    return message_for (errors, LIMN_SQLITE_FAULT_FAILED);
  if (shared_messages[fault] != NULL)
    return _(shared_messages[fault]);

  return _(shared_messages[LIMN_SQLITE_FAULT_FAILED]);
}

static LimnSqliteFault
fault_of (int rc)
{
  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      return LIMN_SQLITE_FAULT_FULL;
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return LIMN_SQLITE_FAULT_READ_ONLY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return LIMN_SQLITE_FAULT_CORRUPT;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return LIMN_SQLITE_FAULT_BUSY;
    case SQLITE_CANTOPEN:
      return LIMN_SQLITE_FAULT_OPEN;
    case SQLITE_IOERR:
      return LIMN_SQLITE_FAULT_IO;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
      return LIMN_SQLITE_FAULT_INVALID;
    default:
      return LIMN_SQLITE_FAULT_FAILED;
    }
}

gboolean
limn_sqlite_set_error (LimnSqlite  *self,
                       int          rc,
                       GError     **error)
{
  const char *detail = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);
  LimnSqliteFault fault = fault_of (rc);
  const char *format = message_for (self->errors, fault);
  int code = self->errors->codes[fault];

  switch (fault)
    {
    case LIMN_SQLITE_FAULT_FULL:
    case LIMN_SQLITE_FAULT_READ_ONLY:
      g_set_error (error, self->errors->domain (), code, format, self->path);
      break;

    case LIMN_SQLITE_FAULT_INVALID:
      g_set_error (error, self->errors->domain (), code, format, detail);
      break;

    default:
      g_set_error (error, self->errors->domain (), code, format, self->path, detail);
      break;
    }

  return FALSE;
}

LimnSqlite *
limn_sqlite_open (const char              *path,
                  const LimnSqliteErrors  *errors,
                  GError                 **error)
{
  g_autoptr(LimnSqlite) self = g_new0 (LimnSqlite, 1);
  int rc;

  self->path = g_strdup (path);
  self->errors = errors;
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify)sqlite3_finalize);
  self->by_address = g_hash_table_new (g_direct_hash, g_direct_equal);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      limn_sqlite_set_error (self, rc, error);
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, 5000);

  return g_steal_pointer (&self);
}

void
limn_sqlite_close (LimnSqlite *self)
{
  if (self == NULL)
    return;

  /* Statements first: sqlite3_close_v2() would wait for them. */
  g_clear_pointer (&self->by_address, g_hash_table_unref);
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->path);
  g_free (self);
}

sqlite3 *
limn_sqlite_get_db (LimnSqlite *self)
{
  return self->db;
}

const char *
limn_sqlite_get_path (LimnSqlite *self)
{
  return self->path;
}

sqlite3_stmt *
limn_sqlite_prepare (LimnSqlite  *self,
                     const char  *sql,
                     GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->by_address, sql);
  int rc;

  /* Found by address, checked by text (a string of the same address may
   * be another one by now): hashing every byte of a long statement on
   * each call was 2% of an import. */
  if (stmt == NULL || strcmp (sqlite3_sql (stmt), sql) != 0)
    {
      stmt = g_hash_table_lookup (self->statements, sql);
      if (stmt != NULL)
        g_hash_table_insert (self->by_address, (gpointer)sql, stmt);
    }

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  /* PERSISTENT: these live as long as the connection. */
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      limn_sqlite_set_error (self, rc, error);
      return NULL;
    }

  g_hash_table_insert (self->statements, (gpointer)sql, stmt);
  g_hash_table_insert (self->by_address, (gpointer)sql, stmt);

  return stmt;
}

gboolean
limn_sqlite_step_done (LimnSqlite    *self,
                       sqlite3_stmt  *stmt,
                       GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;

  return limn_sqlite_set_error (self, rc, error);
}

gboolean
limn_sqlite_step_row (LimnSqlite    *self,
                      sqlite3_stmt  *stmt,
                      gboolean      *has_row,
                      GError       **error)
{
  int rc = sqlite3_step (stmt);

  *has_row = rc == SQLITE_ROW;
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      limn_sqlite_set_error (self, rc, error);
      sqlite3_reset (stmt);
      return FALSE;
    }

  return TRUE;
}

gboolean
limn_sqlite_query_int (LimnSqlite    *self,
                       sqlite3_stmt  *stmt,
                       gint64        *out,
                       GError       **error)
{
  gboolean has_row;

  *out = 0;
  if (!limn_sqlite_step_row (self, stmt, &has_row, error))
    return FALSE;

  if (has_row)
    *out = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return TRUE;
}

gboolean
limn_sqlite_exec (LimnSqlite  *self,
                  const char  *sql,
                  GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  return rc == SQLITE_OK || limn_sqlite_set_error (self, rc, error);
}

/* Transactions */

gboolean
limn_sqlite_begin (LimnSqlite  *self,
                   gboolean     write,
                   GError     **error)
{
  const char *sql = self->depth > 0 ? "SAVEPOINT limn_nested"
                    : write ? "BEGIN IMMEDIATE" : "BEGIN";

  if (self->depth > 0 && self->flat)
    {
      self->depth++;
      return TRUE;
    }
  if (!limn_sqlite_exec (self, sql, error))
    return FALSE;

  self->depth++;
  return TRUE;
}

gboolean
limn_sqlite_commit (LimnSqlite  *self,
                    GError     **error)
{
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (self->depth > 1 && self->flat)
    {
      self->depth--;
      return TRUE;
    }
  if (self->depth == 1 && self->doomed)
    {
      limn_sqlite_rollback (self);
      g_set_error (error, self->errors->domain (), self->errors->codes[LIMN_SQLITE_FAULT_FAILED],
                   message_for (self->errors, LIMN_SQLITE_FAULT_FAILED), self->path,
                   "a nested transaction was rolled back");
      return FALSE;
    }
  if (!limn_sqlite_exec (self, self->depth == 1 ? "COMMIT" : "RELEASE limn_nested", error))
    {
      /* A failed COMMIT (disk full) leaves the transaction open. */
      limn_sqlite_rollback (self);
      return FALSE;
    }

  self->depth--;
  if (self->depth == 0)
    self->flat = FALSE;
  return TRUE;
}

void
limn_sqlite_rollback (LimnSqlite *self)
{
  if (self->depth == 0)
    return;

  if (self->depth == 1)
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      self->flat = self->doomed = FALSE;
    }
  else if (self->flat)
    self->doomed = TRUE;
  else
    sqlite3_exec (self->db, "ROLLBACK TO limn_nested; RELEASE limn_nested", NULL, NULL, NULL);

  self->depth--;
}

guint
limn_sqlite_get_depth (LimnSqlite *self)
{
  return self->depth;
}

void
limn_sqlite_flatten_nested (LimnSqlite *self)
{
  g_return_if_fail (self->depth > 0);

  self->flat = TRUE;
}

/* Schemas */

int
limn_sqlite_get_user_version (LimnSqlite  *self,
                              GError     **error)
{
  sqlite3_stmt *stmt = limn_sqlite_prepare (self, "PRAGMA user_version", error);
  gint64 version;

  if (stmt == NULL || !limn_sqlite_query_int (self, stmt, &version, error))
    return -1;

  return (int)version;
}

gboolean
limn_sqlite_migrate (LimnSqlite              *self,
                     const LimnSqliteSchema  *schema,
                     int                      from_version,
                     GError                 **error)
{
  for (int v = from_version + 1; v <= schema->version; v++)
    {
      int rc;

      if (!limn_sqlite_begin (self, TRUE, error))
        return FALSE;

      /* Fixed DDL compiled in; nothing here comes from input. */
      rc = sqlite3_exec (self->db, schema->migrations[v], NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          limn_sqlite_set_error (self, rc, error);
          limn_sqlite_rollback (self);
          g_prefix_error (error, _(self->errors->migration_failed), v);
          return FALSE;
        }

      if (!limn_sqlite_commit (self, error))
        return FALSE;

      g_debug ("Migrated %s to schema %d", self->path, v);
    }

  return TRUE;
}

LimnSqlite *
limn_sqlite_open_schema (const char              *path,
                         const LimnSqliteErrors  *errors,
                         const LimnSqliteSchema  *schema,
                         GError                 **error)
{
  g_autoptr(LimnSqlite) self = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  int version;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, errors->domain (), errors->codes[LIMN_SQLITE_FAULT_OPEN],
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (errsv));
      return NULL;
    }

  self = limn_sqlite_open (path, errors, error);
  if (self == NULL)
    return NULL;

  /* Read the version before any PRAGMA that writes (journal_mode does), so
   * a newer or foreign file is left exactly as it was. */
  version = limn_sqlite_get_user_version (self, error);
  if (version < 0)
    return NULL;

  if (version > schema->version)
    {
      g_set_error (error, errors->domain (), errors->codes[LIMN_SQLITE_FAULT_NEWER],
                   message_for (errors, LIMN_SQLITE_FAULT_NEWER), path, version, schema->version);
      return NULL;
    }

  /* WAL lets readers run beside the one writer. */
  if (!limn_sqlite_exec (self, "PRAGMA journal_mode = WAL", error) ||
      (schema->pragmas != NULL && !limn_sqlite_exec (self, schema->pragmas, error)) ||
      !limn_sqlite_migrate (self, schema, version, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* Columns and bindings */

char *
limn_sqlite_column_dup (sqlite3_stmt *stmt,
                        int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup ((const char *)text) : NULL;
}

void
limn_sqlite_bind_text (sqlite3_stmt *stmt,
                       int           index,
                       const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}
