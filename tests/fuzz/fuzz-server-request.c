/* fuzz-server-request.c
 *
 * limn-server's decoders of what a request says outside a batch
 * (limn-server-request.h), and the media name rule. The first byte picks
 * one; the rest is its input (a header value stops at its first NUL, as
 * libsoup hands headers over as C strings):
 *
 *   0 Authorization (limn_server_parse_bearer)
 *   1 Idempotency-Key (limn_server_valid_idempotency_key)
 *   2 If-None-Match against one entity tag (limn_server_etag_matches)
 *   3 Range over a size given by the next byte (limn_server_parse_range)
 *   4 the body of a claim (limn_server_decode_claims)
 *   5 the query of /changes, as libsoup decodes it
 *     (limn_server_decode_changes_query, limn_server_decode_cursor)
 *   6 a media name (limn_id_is_sha256, limn_server_media_path)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "backend/limn-server-backend.h"
#include "json/limn-json-reader.h"
#include "limn-fuzz.h"
#include "limn-server-media-files.h"
#include "limn-server-request.h"
#include "model/limn-id.h"

#define ETAG "\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\""

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (size == 0)
    return 0;

  text = g_strndup ((const char *)data + 1, size - 1);

  switch (data[0] % 7)
    {
    case 0:
      {
        const char *token = limn_server_parse_bearer (text);

        if (token != NULL)
          g_assert_true (token > text && token < text + strlen (text) && strlen (token) <= 256 &&
                         strchr (token, ' ') == NULL);
      }
      break;

    case 1:
      if (limn_server_valid_idempotency_key (text))
        g_assert_true (strlen (text) >= 8 && strlen (text) <= 128 &&
                       strspn (text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                     "0123456789_-") == strlen (text));
      break;

    case 2:
      limn_server_etag_matches (text, ETAG);
      break;

    case 3:
      {
        /* Sizes around the edges: 0, 1, a few bytes, a large file. */
        gsize sizes[] = { 0, 1, 2, 100, G_MAXSIZE / 2 };
        gsize file_size = size > 1 ? sizes[data[1] % G_N_ELEMENTS (sizes)] : 7;
        g_autofree char *header = size > 1 ? g_strndup ((const char *)data + 2, size - 2) : NULL;
        gsize start = 0, end = 0;

        if (limn_server_parse_range (header, file_size, &start, &end) == LIMN_SERVER_RANGE_OK)
          g_assert_true (start <= end && end < file_size);
      }
      break;

    case 4:
      {
        g_autoptr(GBytes) body = g_bytes_new (data + 1, size - 1);
        guint count = 0;

        if (limn_server_decode_claims (body, &count, &error))
          g_assert_true (count >= 1 && count <= LIMN_SERVER_MAX_CLAIM);
        else
          g_assert_true (error->domain == LIMN_JSON_READER_ERROR);
      }
      break;

    case 5:
      {
        g_autoptr(GHashTable) query = soup_form_decode (text);
        const char *since = NULL;
        gint64 position = -1, sequence = -1;
        guint limit = 0;

        if (limn_server_decode_changes_query (query, &since, &limit, &error))
          {
            g_assert_true (limit >= 1 && limit <= LIMN_SERVER_MAX_CHANGES);
            g_assert_true (limn_server_decode_cursor (since, &position, &sequence, NULL));
            /* One of the two, never both: a position, or an old sequence. */
            g_assert_true (position >= 0 && sequence >= 0 && (position == 0 || sequence == 0));
          }
        else
          g_assert_true (g_error_matches (error, LIMN_JSON_READER_ERROR,
                                          LIMN_JSON_READER_ERROR_RANGE) ||
                         g_error_matches (error, LIMN_SERVER_BACKEND_ERROR,
                                          LIMN_SERVER_BACKEND_ERROR_INVALID));
      }
      break;

    default:
      {
        g_autoptr(LimnServerMedia) media = limn_server_media_files_new ("/nonexistent/media");
        g_autofree char *path = limn_server_media_files_path (LIMN_SERVER_MEDIA_FILES (media), text);

        g_assert_true ((path != NULL) == limn_id_is_sha256 (text));
        if (path != NULL)
          g_assert_true (g_str_has_prefix (path, "/nonexistent/media/") &&
                         strstr (path, "..") == NULL && g_str_has_suffix (path, text));
      }
      break;
    }

  return 0;
}
