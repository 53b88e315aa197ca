/* limn-store.c
 *
 * The store object: opening, migrating and refusing its file, what its
 * errors say, transactions, meta values. The connection itself (statements,
 * migrations, error mapping) is limn-sqlite.c; the tables each have a
 * facet: limn-store-projects.c, limn-store-annotations.c,
 * limn-store-events.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-store"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "limn-store-private.h"
#include "model/limn-translations.h"

G_DEFINE_FINAL_TYPE (LimnStore, limn_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (limn-store-error-quark, limn_store_error)

/* What SQLite's faults mean to a person whose work is being saved. */
static const LimnSqliteErrors store_errors = {
  .domain = limn_store_error_quark,
  .codes = {
    [LIMN_SQLITE_FAULT_FAILED] = LIMN_STORE_ERROR_FAILED,
    [LIMN_SQLITE_FAULT_OPEN] = LIMN_STORE_ERROR_OPEN,
    [LIMN_SQLITE_FAULT_NEWER] = LIMN_STORE_ERROR_NEWER_VERSION,
    [LIMN_SQLITE_FAULT_CORRUPT] = LIMN_STORE_ERROR_CORRUPT,
    [LIMN_SQLITE_FAULT_FULL] = LIMN_STORE_ERROR_FULL,
    [LIMN_SQLITE_FAULT_READ_ONLY] = LIMN_STORE_ERROR_READ_ONLY,
    [LIMN_SQLITE_FAULT_BUSY] = LIMN_STORE_ERROR_BUSY,
    [LIMN_SQLITE_FAULT_IO] = LIMN_STORE_ERROR_FAILED,
    [LIMN_SQLITE_FAULT_INVALID] = LIMN_STORE_ERROR_INVALID,
  },
  .messages = {
    [LIMN_SQLITE_FAULT_NEWER] =
      N_("“%s” was written by a newer version of Limn (database version %d; "
         "this version understands up to %d). Update Limn to open it; "
         "the file has not been changed."),
    [LIMN_SQLITE_FAULT_CORRUPT] = N_("“%s” is damaged or is not a Limn database (%s)."),
    [LIMN_SQLITE_FAULT_FULL] =
      N_("The disk is full, so your work could not be saved to “%s”. "
         "It is kept in memory; free some space and Limn will save it."),
    [LIMN_SQLITE_FAULT_READ_ONLY] =
      N_("“%s” cannot be written to (read-only file or folder). "
         "Your work is kept in memory until it can be saved."),
    [LIMN_SQLITE_FAULT_BUSY] = N_("The database “%s” is in use by another program (%s)."),
    [LIMN_SQLITE_FAULT_IO] = N_("The disk reported an error while saving to “%s” (%s)."),
  },
  .migration_failed = N_("Could not upgrade the database to version %d: "),
};

static void
limn_store_finalize (GObject *object)
{
  LimnStore *self = (LimnStore *)object;

  g_clear_pointer (&self->sql, limn_sqlite_close);
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
  return limn_sqlite_get_db (self->sql);
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

void
limn_store_bind_retired (sqlite3_stmt *stmt,
                         int           index,
                         LimnLabel    *label)
{
  if (limn_label_get_retired (label))
    sqlite3_bind_int64 (stmt, index, g_get_real_time ());
  else
    sqlite3_bind_null (stmt, index);
}

/* The label's names at @index, its descriptions at @index + 1. */
void
limn_store_bind_translations (sqlite3_stmt *stmt,
                              int           index,
                              LimnLabel    *label)
{
  g_autofree char *names = limn_translations_to_json (limn_label_get_names (label));
  g_autofree char *descriptions = limn_translations_to_json (limn_label_get_descriptions (label));

  limn_sqlite_bind_text (stmt, index, names);
  limn_sqlite_bind_text (stmt, index + 1, descriptions);
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

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (LIMN_TYPE_STORE, NULL);
  self->sql = limn_sqlite_open_schema (path, &store_errors, limn_store_get_schema (), error);
  if (self->sql == NULL)
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
  return limn_sqlite_get_path (self->sql);
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

  stmt = limn_sqlite_prepare (self->sql, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return FALSE;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = limn_sqlite_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  if (g_strcmp0 (result, "ok") != 0)
    {
      g_set_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_CORRUPT,
                   _("The database “%s” failed its integrity check: %s"),
                   limn_sqlite_get_path (self->sql), result ? result : "?");
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
  sql = g_strdup_printf ("PRAGMA max_page_count = %" PRId64, MAX (pages, 1));
  sqlite3_exec (limn_sqlite_get_db (self->sql), sql, NULL, NULL, NULL);
}

gboolean
limn_store_begin (LimnStore  *self,
                  GError    **error)
{
  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);

  return limn_sqlite_begin (self->sql, TRUE, error);
}

gboolean
limn_store_commit (LimnStore  *self,
                   GError    **error)
{
  g_return_val_if_fail (LIMN_IS_STORE (self), FALSE);
  g_return_val_if_fail (limn_sqlite_get_depth (self->sql) > 0, FALSE);

  return limn_sqlite_commit (self->sql, error);
}

void
limn_store_rollback (LimnStore *self)
{
  g_return_if_fail (LIMN_IS_STORE (self));

  limn_sqlite_rollback (self->sql);
}

char *
limn_store_get_meta (LimnStore  *self,
                     const char *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);

  stmt = limn_sqlite_prepare (self->sql, "SELECT value FROM meta WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;

  limn_sqlite_bind_text (stmt, 1, key);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = limn_sqlite_column_dup (stmt, 0);
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

  stmt = limn_sqlite_prepare (self->sql,
                              "INSERT INTO meta (key, value) VALUES (?, ?) "
                              "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                              error);
  if (stmt == NULL)
    return FALSE;

  limn_sqlite_bind_text (stmt, 1, key);
  limn_sqlite_bind_text (stmt, 2, value);

  return limn_sqlite_step_done (self->sql, stmt, error);
}

const char *
limn_store_get_local_annotator (LimnStore *self)
{
  g_return_val_if_fail (LIMN_IS_STORE (self), NULL);
  return self->annotator;
}
