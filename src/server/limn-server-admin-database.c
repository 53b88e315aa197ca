/* limn-server-admin-database.c
 *
 * The store as a whole: `migrate` (SQLite to PostgreSQL, verified) and
 * `backup` (SQLite's online backup; on PostgreSQL, pg_dump). The copying
 * is in the backend (limn-server-backend-migrate.h), which alone knows
 * both schemas; here the command line and what is printed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "limn-server-admin-private.h"
#include "backend/limn-server-backend-migrate.h"

static gboolean
is_postgresql (const char *uri)
{
  return g_ascii_strncasecmp (uri, "postgresql:", strlen ("postgresql:")) == 0 ||
         g_ascii_strncasecmp (uri, "postgres:", strlen ("postgres:")) == 0;
}

/* The file of sqlite:PATH (sqlite:///abs is /abs) or of a plain path, as
 * limn_server_backend_open() reads them; NULL for another scheme. */
static char *
sqlite_path_of (const char *uri)
{
  const char *p = uri;

  if (g_ascii_strncasecmp (uri, "sqlite:", strlen ("sqlite:")) == 0)
    {
      const char *path = uri + strlen ("sqlite:");

      if (g_str_has_prefix (path, "///"))
        path += 2;
      return path[0] != '\0' ? g_strdup (path) : NULL;
    }

  /* SCHEME: of any other kind is not a file (write ./a:b for one). */
  if (g_ascii_isalpha (*p))
    {
      while (g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.')
        p++;
      if (*p == ':')
        return NULL;
    }

  return uri[0] != '\0' ? g_strdup (uri) : NULL;
}

gboolean
limn_admin_cmd_migrate (LimnAdminArgs  *args,
                        GError        **error)
{
  static const char * const known[] = { "from", "to", NULL };
  const char *from = NULL;
  const char *to = NULL;
  g_autofree char *path = NULL;
  g_autofree char *report = NULL;

  if (!limn_admin_check_options (args, known, error) ||
      !limn_admin_require (args, "from", &from, error) ||
      !limn_admin_require (args, "to", &to, error))
    return FALSE;

  path = sqlite_path_of (from);
  if (path == NULL || is_postgresql (from))
    return limn_admin_fail (error, _("--from names the SQLite store to copy: sqlite:PATH."));
  if (!is_postgresql (to))
    return limn_admin_fail (error, _("--to names the PostgreSQL database to copy into: "
                                     "postgresql://…"));
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return limn_admin_fail (error, _("There is no server database at “%s”."), path);

  report = limn_server_backend_migrate (path, to, error);
  if (report == NULL)
    return FALSE;

  printf ("%s\n", report);
  g_printerr ("%s\n", _("The copy is verified (row counts and SHA-256 per table) and "
                        "committed. Start limn-server with --database on the new database; "
                        "the SQLite file is left as it was."));
  return TRUE;
}

gboolean
limn_admin_cmd_backup (LimnAdminArgs  *args,
                       GError        **error)
{
  static const char * const known[] = { "to", NULL };
  const char *to = NULL;
  g_autofree char *path = NULL;
  LimnServerBackupStats stats = { 0 };

  if (!limn_admin_check_options (args, known, error))
    return FALSE;

  if (args->database != NULL && is_postgresql (args->database))
    return limn_admin_fail (error, _("limn-server does not copy a PostgreSQL database itself: "
                                     "back it up with pg_dump (pg_dump -Fc -f FILE DATABASE, "
                                     "while the servers run; docs/postgresql.md, “Backups”)."));

  if (!limn_admin_require (args, "to", &to, error))
    return FALSE;

  if (args->database != NULL)
    path = sqlite_path_of (args->database);
  else if (args->data_dir != NULL)
    path = g_build_filename (args->data_dir, "limn-server.db", NULL);
  if (path == NULL)
    return limn_admin_fail (error, _("Say where the server keeps its data: --data DIR."));

  if (!limn_server_backend_sqlite_backup (path, to, &stats, error))
    return FALSE;

  printf ("backup=%s\npages=%" G_GINT64_FORMAT "\nbytes=%" G_GINT64_FORMAT "\n", to,
          stats.pages, stats.bytes);
  return TRUE;
}
