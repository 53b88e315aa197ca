/* limn-server-backend-sqlite-backup.c
 *
 * `limn-server admin backup --to FILE`: the SQLite store copied with
 * SQLite's online backup API while the server runs. The whole copy is one
 * step (sqlite3_backup_step (-1)), so it is one read transaction: one
 * consistent snapshot, and in WAL mode the server's writers carry on
 * meanwhile (a step-by-step copy would start again each time a writer
 * changed the source).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "limn-server-backend.h"
#include "limn-server-backend-migrate.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)

static gboolean
backup_failed (GError     **error,
               const char  *dest,
               sqlite3     *db)
{
  g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_FAILED,
               _("Could not back up to “%s”: %s"), dest,
               db != NULL ? sqlite3_errmsg (db) : g_strerror (ENOMEM));
  return FALSE;
}

gboolean
limn_server_backend_sqlite_backup (const char             *sqlite_path,
                                   const char             *dest,
                                   LimnServerBackupStats  *stats,
                                   GError                **error)
{
  g_autoptr(sqlite3) source = NULL;
  g_autoptr(sqlite3) target = NULL;
  g_autofree char *partial = g_strconcat (dest, ".partial", NULL);
  sqlite3_backup *backup;
  int rc;

  if (g_file_test (dest, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_EXISTS,
                   _("“%s” exists already: back up to a new file."), dest);
      return FALSE;
    }
  if (!g_file_test (sqlite_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_OPEN,
                   _("There is no server database at “%s”."), sqlite_path);
      return FALSE;
    }

  if (sqlite3_open_v2 (sqlite_path, &source, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    return backup_failed (error, dest, source);
  /* The server may hold the write lock for a moment: wait, do not fail. */
  sqlite3_busy_timeout (source, 30000);

  g_unlink (partial);
  if (sqlite3_open_v2 (partial, &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                       NULL) != SQLITE_OK)
    return backup_failed (error, dest, target);

  backup = sqlite3_backup_init (target, "main", source, "main");
  if (backup == NULL)
    {
      backup_failed (error, dest, target);
      g_unlink (partial);
      return FALSE;
    }

  do
    {
      rc = sqlite3_backup_step (backup, -1);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (50);
    }
  while (rc == SQLITE_BUSY || rc == SQLITE_LOCKED);

  if (stats != NULL)
    {
      stats->pages = sqlite3_backup_pagecount (backup);
      stats->bytes = 0;
    }
  sqlite3_backup_finish (backup);

  if (rc != SQLITE_DONE)
    {
      backup_failed (error, dest, target);
      g_unlink (partial);
      return FALSE;
    }

  /* The copy keeps the source's WAL mode in its header; checkpointed and
   * closed, it is one self-contained file. */
  sqlite3_exec (target, "PRAGMA wal_checkpoint (TRUNCATE)", NULL, NULL, NULL);
  g_clear_pointer (&target, sqlite3_close);

  if (g_rename (partial, dest) != 0)
    {
      int saved = errno;

      g_unlink (partial);
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_FAILED,
                   _("Could not back up to “%s”: %s"), dest, g_strerror (saved));
      return FALSE;
    }

  if (stats != NULL)
    {
      GStatBuf st;

      if (g_stat (dest, &st) == 0)
        stats->bytes = st.st_size;
    }

  return TRUE;
}
