/* limn-server-media-files.h
 *
 * The media store in a folder: ROOT/<sha256[0:2]>/<sha256>. Files are
 * written atomically (temporary file, fsync, rename, fsync of the folder),
 * so a crash leaves either the whole file or none, and several processes
 * may write the same object at once (the last rename wins with the same
 * bytes). A folder on shared storage (NFS, CephFS …) serves several
 * limn-server instances.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-server-media.h"

G_BEGIN_DECLS

#define LIMN_TYPE_SERVER_MEDIA_FILES (limn_server_media_files_get_type ())

G_DECLARE_FINAL_TYPE (LimnServerMediaFiles, limn_server_media_files, LIMN, SERVER_MEDIA_FILES, GObject)

LimnServerMedia *limn_server_media_files_new  (const char           *root);

/* The file of @sha256, or %NULL when it is not a media name. */
char            *limn_server_media_files_path (LimnServerMediaFiles *self,
                                               const char           *sha256);

G_END_DECLS
