/* limn-media-cache.h
 *
 * Content-addressed media from the server: <data dir>/media/<sha256[0:2]>/<sha256>.
 * A download is streamed to a temporary file beside its final name, its
 * SHA-256 and size checked as it arrives, synced, and renamed into place,
 * so a file under its final name is always whole and correct. A file that
 * is already there is not fetched again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

char     *limn_media_cache_path          (const char          *media_dir,
                                          const char          *sha256);
/* @expected_size: the size the server announced, or 0 if unknown. */
void      limn_media_cache_fetch_async   (SoupSession         *session,
                                          const char          *server_url,
                                          const char          *token,
                                          const char          *media_dir,
                                          const char          *sha256,
                                          gint64               expected_size,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
/* Returns: (transfer full): the file's path */
char     *limn_media_cache_fetch_finish  (GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
