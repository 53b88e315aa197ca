/* limn-server-backend-open.c
 *
 * Which backend a URI names, decided here and nowhere else: `limn-server`
 * and `limn-server admin` both open their store through this.
 *
 *   sqlite:PATH            an SQLite file (created if missing)
 *   sqlite:///abs/path     the same, in URL form
 *   PATH                   a plain path is an SQLite file too
 *   postgresql://…         (also postgres://) a PostgreSQL database: the
 *                          URI is libpq's, e.g.
 *                          postgresql:///limn?host=/run/postgresql
 *
 * A PATH that itself looks like a URI (letters and a colon before any '/')
 * must be written sqlite:PATH or ./PATH.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "limn-server-backend.h"
#include "limn-server-backend-sqlite.h"
#include "limn-server-backend-pg.h"

/* The scheme of @uri ("sqlite", "postgresql" …), lower-case, or NULL when
 * @uri is a plain path. */
static char *
uri_scheme (const char *uri)
{
  const char *p = uri;

  if (!g_ascii_isalpha (*p))
    return NULL;
  while (g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.')
    p++;
  if (*p != ':')
    return NULL;

  return g_ascii_strdown (uri, p - uri);
}

LimnServerBackend *
limn_server_backend_open (const char  *uri,
                          GError     **error)
{
  g_autofree char *scheme = NULL;
  const char *path = uri;

  g_return_val_if_fail (uri != NULL, NULL);

  scheme = uri_scheme (uri);
  if (scheme != NULL && g_str_equal (scheme, "sqlite"))
    {
      path = uri + strlen ("sqlite:");
      /* sqlite:///srv/limn.db is the absolute path /srv/limn.db; anything
       * else after the colon is the path as written. */
      if (g_str_has_prefix (path, "///"))
        path += 2;
    }
  else if (scheme != NULL &&
           (g_str_equal (scheme, "postgresql") || g_str_equal (scheme, "postgres")))
    {
      return limn_server_backend_pg_open (uri, error);
    }
  else if (scheme != NULL)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_SUPPORTED,
                   _("“%s” is not a database limn-server knows: use sqlite:PATH, "
                     "postgresql://… or a path (write ./%s for a file whose name has a "
                     "colon)."), uri, uri);
      return NULL;
    }

  if (path[0] == '\0')
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_OPEN,
                   _("“%s” names no database file."), uri);
      return NULL;
    }

  return limn_server_backend_sqlite_open (path, error);
}
