/* limn-server-media.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-server-media.h"
#include "limn-server-media-files.h"

G_DEFINE_INTERFACE (LimnServerMedia, limn_server_media, G_TYPE_OBJECT)

static void
limn_server_media_default_init (LimnServerMediaInterface *iface)
{
}

LimnServerMedia *
limn_server_media_open (const char  *location,
                        GError     **error)
{
  g_autofree char *scheme = NULL;

  g_return_val_if_fail (location != NULL, NULL);

  scheme = g_uri_parse_scheme (location);
  if (scheme == NULL)
    return limn_server_media_files_new (location);

  if (g_ascii_strcasecmp (scheme, "file") == 0)
    {
      g_autofree char *path = g_filename_from_uri (location, NULL, error);

      return path ? limn_server_media_files_new (path) : NULL;
    }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               _("Media stores of the kind “%s” are not built in: give a folder (a path or a file:// URI)."),
               scheme);
  return NULL;
}

gboolean
limn_server_media_put_file (LimnServerMedia  *self,
                            const char       *source,
                            char            **sha256,
                            gint64           *size,
                            gboolean         *created,
                            GError          **error)
{
  g_return_val_if_fail (LIMN_IS_SERVER_MEDIA (self), FALSE);

  return LIMN_SERVER_MEDIA_GET_IFACE (self)->put_file (self, source, sha256, size, created, error);
}

GBytes *
limn_server_media_read (LimnServerMedia  *self,
                        const char       *sha256,
                        GError          **error)
{
  g_return_val_if_fail (LIMN_IS_SERVER_MEDIA (self), NULL);

  return LIMN_SERVER_MEDIA_GET_IFACE (self)->read (self, sha256, error);
}

gboolean
limn_server_media_remove (LimnServerMedia  *self,
                          const char       *sha256,
                          GError          **error)
{
  g_return_val_if_fail (LIMN_IS_SERVER_MEDIA (self), FALSE);

  return LIMN_SERVER_MEDIA_GET_IFACE (self)->remove (self, sha256, error);
}

void
limn_server_media_remove_all (LimnServerMedia *self,
                              GPtrArray       *sha256s)
{
  for (guint i = 0; i < sha256s->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!limn_server_media_remove (self, g_ptr_array_index (sha256s, i), &error))
        g_warning ("%s", error->message);
    }
}
