/* limn-server-media.h
 *
 * Images on disk, addressed by content: DATA/media/<sha256[0:2]>/<sha256>.
 * Files are written atomically (temporary file, fsync, rename, fsync of the
 * folder), so a crash leaves either the whole file or none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _LimnServerMedia LimnServerMedia;

LimnServerMedia *limn_server_media_new      (const char       *root);
void             limn_server_media_free     (LimnServerMedia  *self);

/* The file for @sha256 (64 lower-case hex digits; anything else is
 * refused with %NULL, so no name can reach outside the store). */
char            *limn_server_media_path     (LimnServerMedia  *self,
                                             const char       *sha256);
/* Copies @source into the store. *created says whether this call wrote a
 * new file (so a caller that fails later can remove it again). */
gboolean         limn_server_media_put_file (LimnServerMedia  *self,
                                             const char       *source,
                                             char            **sha256,
                                             gint64           *size,
                                             gboolean         *created,
                                             GError          **error);
/* Maps the stored file for reading; %NULL with G_IO_ERROR_NOT_FOUND when
 * it is missing. */
GBytes          *limn_server_media_read     (LimnServerMedia  *self,
                                             const char       *sha256,
                                             GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnServerMedia, limn_server_media_free)

G_END_DECLS
