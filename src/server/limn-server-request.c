/* limn-server-request.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "backend/limn-server-backend.h"
#include "json/limn-json-reader.h"
#include "limn-server-request.h"

const char *
limn_server_parse_bearer (const char *authorization)
{
  const char *token;

  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0)
    return NULL;

  token = authorization + 7;
  while (*token == ' ')
    token++;

  if (token[0] == '\0' || strlen (token) > 256 || strchr (token, ' ') != NULL)
    return NULL;

  return token;
}

gboolean
limn_server_valid_idempotency_key (const char *key)
{
  gsize len;

  if (key == NULL)
    return FALSE;

  len = strlen (key);
  if (len < 8 || len > 128)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (key[i]) && key[i] != '_' && key[i] != '-')
      return FALSE;

  return TRUE;
}

gboolean
limn_server_etag_matches (const char *header,
                          const char *etag)
{
  g_auto(GStrv) tags = NULL;

  if (header == NULL)
    return FALSE;

  tags = g_strsplit (header, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (g_str_equal (tag, "*") || g_str_equal (tag, etag))
        return TRUE;
    }

  return FALSE;
}

LimnServerRange
limn_server_parse_range (const char *header,
                         gsize       size,
                         gsize      *start,
                         gsize      *end)
{
  g_autofree char *spec = NULL;
  const char *dash;
  guint64 a = 0, b = 0;

  if (header == NULL || !g_str_has_prefix (header, "bytes="))
    return LIMN_SERVER_RANGE_NONE;

  spec = g_strstrip (g_strdup (header + 6));
  if (strchr (spec, ',') != NULL)
    return LIMN_SERVER_RANGE_NONE;

  dash = strchr (spec, '-');
  if (dash == NULL)
    return LIMN_SERVER_RANGE_NONE;

  if (dash == spec)
    {
      /* The last n bytes. */
      if (!g_ascii_string_to_unsigned (dash + 1, 10, 0, G_MAXUINT64, &b, NULL))
        return LIMN_SERVER_RANGE_NONE;
      if (b == 0 || size == 0)
        return LIMN_SERVER_RANGE_UNSATISFIABLE;
      *start = size - MIN (b, size);
      *end = size - 1;
      return LIMN_SERVER_RANGE_OK;
    }

  {
    g_autofree char *first = g_strndup (spec, dash - spec);

    if (!g_ascii_string_to_unsigned (first, 10, 0, G_MAXUINT64, &a, NULL))
      return LIMN_SERVER_RANGE_NONE;
  }

  if (dash[1] == '\0')
    b = G_MAXUINT64;
  else if (!g_ascii_string_to_unsigned (dash + 1, 10, 0, G_MAXUINT64, &b, NULL) || b < a)
    return LIMN_SERVER_RANGE_NONE;

  if (a >= size)
    return LIMN_SERVER_RANGE_UNSATISFIABLE;

  *start = a;
  *end = MIN (b, (guint64)size - 1);
  return LIMN_SERVER_RANGE_OK;
}

gboolean
limn_server_decode_claims (GBytes  *body,
                           guint   *count,
                           GError **error)
{
  /* {"count": N}; a few members more are let through for newer clients. */
  static const LimnJsonReaderLimits limits = { .max_values = 256 };
  g_autoptr(JsonNode) root = NULL;
  gint64 value = 0;
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;

  if (!limn_json_reader_check_limits (data, len, &limits, error))
    return FALSE;
  root = limn_json_reader_parse_object (data, len, error);
  if (root == NULL ||
      !limn_json_reader_get_whole (json_node_get_object (root), "count", LIMN_JSON_READER_REQUIRED,
                                   1, LIMN_SERVER_MAX_CLAIM, &value, NULL, error))
    return FALSE;

  *count = (guint)value;
  return TRUE;
}

gboolean
limn_server_decode_cursor (const char  *cursor,
                           gint64      *position,
                           gint64      *sequence,
                           GError     **error)
{
  guint64 n = 0;

  *position = 0;
  *sequence = 0;
  if (cursor == NULL)
    return TRUE;

  if (cursor[0] == 'u' &&
      g_ascii_string_to_unsigned (cursor + 1, 10, 1, G_MAXINT64, &n, NULL))
    {
      *position = (gint64)n;
      return TRUE;
    }

  if (!g_ascii_string_to_unsigned (cursor, 10, 0, G_MAXINT64, &n, NULL))
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_INVALID,
                   _("“since” must be a cursor from an earlier answer (start with 0)."));
      return FALSE;
    }

  *sequence = (gint64)n;
  return TRUE;
}

gboolean
limn_server_decode_changes_query (GHashTable  *query,
                                  const char **since,
                                  guint       *limit,
                                  GError     **error)
{
  const char *since_str = query ? g_hash_table_lookup (query, "since") : NULL;
  const char *limit_str = query ? g_hash_table_lookup (query, "limit") : NULL;
  guint64 l = LIMN_SERVER_DEFAULT_CHANGES;
  gint64 position, sequence;

  if (!limn_server_decode_cursor (since_str, &position, &sequence, error))
    return FALSE;

  if (limit_str != NULL &&
      !g_ascii_string_to_unsigned (limit_str, 10, 1, LIMN_SERVER_MAX_CHANGES, &l, NULL))
    {
      g_set_error_literal (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_RANGE,
                           _("“limit” must be a whole number from 1 to 1000."));
      return FALSE;
    }

  *since = since_str;
  *limit = (guint)l;
  return TRUE;
}
