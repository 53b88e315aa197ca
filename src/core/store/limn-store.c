/* limn-store.c
 *
 * Opening, migrating and refusing databases; statements, transactions and
 * errors. The tables each have a facet: limn-store-projects.c,
 * limn-store-annotations.c, limn-store-events.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "limn-statement-cache.h"
#include "limn-store-private.h"

struct _LimnStore
{
  GObject     parent_instance;

  sqlite3    *db;
  char       *path;
  LimnStatementCache *statements;
  char       *annotator;
  guint       depth;        /* transaction nesting */
  int         schema_version;
};

G_DEFINE_FINAL_TYPE (LimnStore, limn_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (limn-store-error-quark, limn_store_error)

static void
limn_store_finalize (GObject *object)
{
  LimnStore *self = (LimnStore *)object;

  g_clear_pointer (&self->statements, limn_statement_cache_free);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->path);
  g_free (self->annotator);

  G_OBJECT_CLASS (limn_store_parent_class)->finalize (object);
}

static void
limn_store_class_init (LimnStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = limn_store_finalize;
}

static void
limn_store_init (LimnStore *self)
{
}

sqlite3 *
limn_store_get_db (LimnStore *self)
{
  return self->db;
}

/**
 * limn_store_default_path:
 *
 * `$LIMN_DATA_DIR/limn.db` when set (tests, several profiles), else
 * `$XDG_DATA_HOME/limn/limn.db`.
 */
char *
limn_store_default_path (void)
{
  const char *dir = g_getenv ("LIMN_DATA_DIR");

  if (dir != NULL && dir[0] != '\0')
    return g_build_filename (dir, "limn.db", NULL);

  return g_build_filename (g_get_user_data_dir (), "limn", "limn.db", NULL);
}

/* Maps an SQLite result code to a message a person can act on. */
gboolean
limn_store_set_error (LimnStore  *self,
                      int         rc,
                      GError    **error)
{
  const char *detail = self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_FULL,
                   _("The disk is full, so your work could not be saved to “%s”. "
                     "It is kept in memory; free some space and Limn will save it."),
                   self->path);
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_READ_ONLY,
                   _("“%s” cannot be written to (read-only file or folder). "
                     "Your work is kept in memory until it can be saved."),
                   self->path);
      break;

    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_CORRUPT,
                   _("“%s” is damaged or is not a Limn database (%s)."),
                   self->path, detail);
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_BUSY,
                   _("The database “%s” is in use by another program (%s)."),
                   self->path, detail);
      break;

    case SQLITE_CANTOPEN:
      g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_OPEN,
                   _("Could not open the database “%s” (%s)."),
                   self->path, detail);
      break;

    case SQLITE_IOERR:
      g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_FAILED,
                   _("The disk reported an error while saving to “%s” (%s)."),
                   self->path, detail);
      break;

    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
      g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_INVALID,
                   _("The data breaks a rule of the database (%s)."), detail);
      break;

    default:
      g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_FAILED,
                   _("Database error in “%s”: %s"), self->path, detail);
      break;
    }

  return FALSE;
}

/**
 * limn_store_prepare:
 * @sql: constant SQL text; each distinct text is prepared once and cached
 *
 * Returns: (transfer none): a reset statement with no bindings, or %NULL
 */
sqlite3_stmt *
limn_store_prepare (LimnStore   *self,
                    const char  *sql,
                    GError     **error)
{
  int rc;
  sqlite3_stmt *stmt = limn_statement_cache_get (self->statements, sql, &rc);

  if (stmt == NULL)
    limn_store_set_error (self, rc, error);

  return stmt;
}

/* Steps a statement that returns no rows; resets it either way so it
 * releases its read lock. */
gboolean
limn_store_step_done (LimnStore     *self,
                      sqlite3_stmt  *stmt,
                      GError       **error)
{
  int rc = limn_statement_step_done (stmt);

  return rc == SQLITE_OK || limn_store_set_error (self, rc, error);
}

char *
limn_store_column_dup (sqlite3_stmt *stmt,
                       int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text ? g_strdup ((const char *)text) : NULL;
}

void
limn_store_bind_text (sqlite3_stmt *stmt,
                      int           index,
                      const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

/* Negative means "unset" throughout Limn (confidence, score). */
void
limn_store_bind_double_or_null (sqlite3_stmt *stmt,
                                int           index,
                                double        value)
{
  if (value >= 0)
    sqlite3_bind_double (stmt, index, value);
  else
    sqlite3_bind_null (stmt, index);
}

static gboolean
exec_fixed (LimnStore   *self,
            const char  *sql,
            GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return limn_store_set_error (self, rc, error);

  return TRUE;
}

static int
read_user_version (LimnStore  *self,
                   GError    **error)
{
  sqlite3_stmt *stmt;
  int rc, version = -1;

  stmt = limn_store_prepare (self, "PRAGMA user_version", error);
  if (stmt == NULL)
    return -1;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  else
    limn_store_set_error (self, rc, error);
  sqlite3_reset (stmt);

  return version;
}

static gboolean
ensure_annotator (LimnStore  *self,
                  GError    **error)
{
  self->annotator = limn_store_get_meta (self, "local_annotator");
  if (self->annotator != NULL)
    return TRUE;

  /* One identity per local database; the sync issue maps it to a server
   * account when the user signs in. */
  self->annotator = g_uuid_string_random ();
  return limn_store_set_meta (self, "local_annotator", self->annotator, error);
}

/**
 * limn_store_open:
 *
 * Opens (creating if needed) the database at @path and brings it to the
 * current schema. A database written by a newer Limn, or a file that is not
 * a database, is refused before anything is written to it.
 */
LimnStore *
limn_store_open (const char  *path,
                 GError     **error)
{
  g_autoptr(LimnStore) self = NULL;
  g_autofree char *dir = NULL;
  int rc, version;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (LIMN_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_OPEN,
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (errsv));
      return NULL;
    }

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      limn_store_set_error (self, rc, error);
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, 5000);
  self->statements = limn_statement_cache_new (self->db);

  /* Read the version before any PRAGMA that writes (journal_mode does), so
   * a newer or foreign file is left exactly as it was. */
  version = read_user_version (self, error);
  if (version < 0)
    return NULL;

  if (version > LIMN_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NEWER_VERSION,
                   _("“%s” was written by a newer version of Limn (database version %d; "
                     "this version understands up to %d). Update Limn to open it; "
                     "the file has not been changed."),
                   path, version, LIMN_STORE_SCHEMA_VERSION);
      return NULL;
    }

  /* WAL lets the UI thread's readers run beside the writer thread;
   * synchronous=FULL makes every commit (events, submits, outbox) durable
   * across power loss. Writes are batched, so the fsync cost is shared. */
  if (!exec_fixed (self, "PRAGMA journal_mode = WAL", error) ||
      !exec_fixed (self, "PRAGMA synchronous = FULL", error) ||
      !exec_fixed (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  if (!limn_store_migrate (self, version, error))
    return NULL;

  self->schema_version = LIMN_STORE_SCHEMA_VERSION;

  if (!ensure_annotator (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
limn_store_get_path (LimnStore *self)
{
  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);
  return self->path;
}

int
limn_store_get_schema_version (LimnStore *self)
{
  g_return_val_if_fail (LIMN_IS_STORE (self), 0);
  return self->schema_version;
}

gboolean
limn_store_check_integrity (LimnStore  *self,
                            GError    **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *result = NULL;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  stmt = limn_store_prepare (self, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = limn_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  if (g_strcmp0 (result, "ok") != 0)
    {
      g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_CORRUPT,
                   _("The database “%s” failed its integrity check: %s"),
                   self->path, result ? result : "?");
      return FALSE;
    }

  return TRUE;
}

void
limn_store_set_max_pages (LimnStore *self,
                          gint64     pages)
{
  g_autofree char *sql = NULL;

  g_return_if_fail (LIMN_IS_STORE (self));

  /* PRAGMA arguments cannot be bound. This test hook formats an integer,
   * never text, so nothing can be injected; SQLite clamps the cap to the
   * file's current size, so further growth fails with SQLITE_FULL. */
  sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT, MAX (pages, 1));
  sqlite3_exec (self->db, sql, NULL, NULL, NULL);
}

gboolean
limn_store_begin (LimnStore  *self,
                  GError    **error)
{
  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  if (self->depth == 0)
    {
      if (!exec_fixed (self, "BEGIN IMMEDIATE", error))
        return FALSE;
    }
  else if (!exec_fixed (self, "SAVEPOINT limn_nested", error))
    return FALSE;

  self->depth++;

  return TRUE;
}

gboolean
limn_store_commit (LimnStore  *self,
                   GError    **error)
{
  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (self->depth == 1)
    {
      if (!exec_fixed (self, "COMMIT", error))
        {
          /* A failed COMMIT (disk full) leaves the transaction open. */
          limn_store_rollback (self);
          return FALSE;
        }
    }
  else if (!exec_fixed (self, "RELEASE limn_nested", error))
    {
      limn_store_rollback (self);
      return FALSE;
    }

  self->depth--;

  return TRUE;
}

void
limn_store_rollback (LimnStore *self)
{
  g_return_if_fail (LIMN_IS_STORE (self));

  if (self->depth == 0)
    return;

  if (self->depth == 1)
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  else
    sqlite3_exec (self->db, "ROLLBACK TO limn_nested; RELEASE limn_nested", NULL, NULL, NULL);

  self->depth--;
}

char *
limn_store_get_meta (LimnStore  *self,
                     const char *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  stmt = limn_store_prepare (self, "SELECT value FROM meta WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;

  limn_store_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = limn_store_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  return value;
}

gboolean
limn_store_set_meta (LimnStore   *self,
                     const char  *key,
                     const char  *value,
                     GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  stmt = limn_store_prepare (self,
                             "INSERT INTO meta (key, value) VALUES (?, ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                             error);
  if (stmt == NULL)
    return FALSE;

  limn_store_bind_text (stmt, 1, key);
  limn_store_bind_text (stmt, 2, value);

  return limn_store_step_done (self, stmt, error);
}

const char *
limn_store_get_local_annotator (LimnStore *self)
{
  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);
  return self->annotator;
}
