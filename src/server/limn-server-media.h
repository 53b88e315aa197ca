/* limn-server-media.h
 *
 * Where limn-server keeps images: a store addressed by content (the
 * SHA-256 of the bytes), behind one small interface, so several server
 * processes can share one store and a store other than a folder can be
 * added later without touching the routes or the importers.
 *
 * The one implementation is a folder (limn-server-media-files.c); an
 * object store (S3 and the like) would be a second one, chosen by
 * limn_server_media_open() from the location's scheme (docs/server-guide.md,
 * "Several instances").
 *
 * Conventions: names are 64 lower-case hex digits, anything else is refused
 * (so no name can reach outside the store); a stored object never changes;
 * a put of bytes already stored is a success that says it created nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LIMN_TYPE_SERVER_MEDIA (limn_server_media_get_type ())

G_DECLARE_INTERFACE (LimnServerMedia, limn_server_media, LIMN, SERVER_MEDIA, GObject)

struct _LimnServerMediaInterface
{
  GTypeInterface parent_iface;

  gboolean (*put_file) (LimnServerMedia  *self,
                        const char       *source,
                        char            **sha256,
                        gint64           *size,
                        gboolean         *created,
                        GError          **error);
  GBytes  *(*read)     (LimnServerMedia  *self,
                        const char       *sha256,
                        GError          **error);
  gboolean (*remove)   (LimnServerMedia  *self,
                        const char       *sha256,
                        GError          **error);
};

/* The store at @location: a folder path or a file:// URI (created if
 * missing). Other schemes are refused with G_IO_ERROR_NOT_SUPPORTED. */
LimnServerMedia *limn_server_media_open     (const char       *location,
                                             GError          **error);

/* Copies @source into the store. *created says whether this call stored a
 * new object (so a caller that fails later can remove it again). */
gboolean         limn_server_media_put_file (LimnServerMedia  *self,
                                             const char       *source,
                                             char            **sha256,
                                             gint64           *size,
                                             gboolean         *created,
                                             GError          **error);
/* The stored bytes (mapped where the store allows); %NULL with
 * G_IO_ERROR_NOT_FOUND when there is no such object. */
GBytes          *limn_server_media_read     (LimnServerMedia  *self,
                                             const char       *sha256,
                                             GError          **error);
/* Removes an object a failed import had just stored. Only for that: an
 * object other rows may name is never removed. Missing is not an error. */
gboolean         limn_server_media_remove   (LimnServerMedia  *self,
                                             const char       *sha256,
                                             GError          **error);

/* Removes every object named in @sha256s (what a failed import created),
 * logging rather than failing: the import's own error is what the user
 * needs to see. */
void             limn_server_media_remove_all (LimnServerMedia *self,
                                               GPtrArray       *sha256s);

G_END_DECLS
