/* limn-sync-url.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "limn-sync-error.h"
#include "limn-sync-url.h"

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0 || g_ascii_strcasecmp (host, "localhost.") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

char *
limn_sync_url_normalize (const char  *url,
                         gboolean     allow_insecure,
                         GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *path = NULL;
  g_autofree char *host = NULL;
  const char *scheme;
  gboolean https;
  int port;

  g_return_val_if_fail (url != NULL, NULL);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_INVALID_URL,
                   _("“%s” is not a server address; it should look like https://limn.example.org."),
                   url);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  https = g_ascii_strcasecmp (scheme, "https") == 0;
  if (!https && g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_INVALID_URL,
                   _("“%s” is not an http or https address."), url);
      return NULL;
    }

  if (g_uri_get_userinfo (uri) != NULL || g_uri_get_query (uri) != NULL ||
      g_uri_get_fragment (uri) != NULL)
    {
      g_set_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_INVALID_URL,
                   _("A server address may not hold a user name, a password, a query or a fragment."));
      return NULL;
    }

  if (!https && !allow_insecure && !host_is_loopback (g_uri_get_host (uri)))
    {
      g_set_error (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_INSECURE,
                   _("“%s” uses plain http to another computer, so your token and your work "
                     "would cross the network unencrypted. Use an https address, or allow "
                     "insecure connections to this server."),
                   url);
      return NULL;
    }

  path = g_strdup (g_uri_get_path (uri));
  while (path[0] != '\0' && path[strlen (path) - 1] == '/')
    path[strlen (path) - 1] = '\0';

  host = strchr (g_uri_get_host (uri), ':') != NULL
           ? g_strdup_printf ("[%s]", g_uri_get_host (uri))
           : g_ascii_strdown (g_uri_get_host (uri), -1);
  port = g_uri_get_port (uri);

  if (port > 0 && port != (https ? 443 : 80))
    return g_strdup_printf ("%s://%s:%d%s", https ? "https" : "http", host, port, path);

  return g_strdup_printf ("%s://%s%s", https ? "https" : "http", host, path);
}
