/* limn-id.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-model"

#include "config.h"

#include <string.h>

#include "limn-id.h"

/* By hand: printf's format parsing was ~5% of an import that derives an
 * id for every task, annotation and region. */
static char *
format_uuid (const guint8 b[16])
{
  static const char hex[] = "0123456789abcdef";
  char *out = g_malloc (37);
  char *o = out;

  for (guint i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        *o++ = '-';
      *o++ = hex[b[i] >> 4];
      *o++ = hex[b[i] & 0xf];
    }
  *o = '\0';

  return out;
}

char *
limn_id_derive (const char *scope,
                const char *name)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize len = sizeof digest;

  g_checksum_update (sum, (const guchar *)"limn:", -1);
  g_checksum_update (sum, (const guchar *)scope, -1);
  g_checksum_update (sum, (const guchar *)"\n", 1);
  g_checksum_update (sum, (const guchar *)name, -1);
  g_checksum_get_digest (sum, digest, &len);

  digest[6] = (digest[6] & 0x0f) | 0x50;   /* version 5 */
  digest[8] = (digest[8] & 0x3f) | 0x80;   /* RFC 4122 variant */

  return format_uuid (digest);
}

char *
limn_id_new_time_ordered (void)
{
  guint64 ms = (guint64)g_get_real_time () / 1000;
  guint8 b[16];

  for (guint i = 0; i < 6; i++)
    b[i] = ms >> (40 - 8 * i);
  for (guint i = 6; i < 16; i += 2)
    {
      guint32 r = g_random_int ();

      b[i] = r;
      b[i + 1] = r >> 8;
    }

  b[6] = (b[6] & 0x0f) | 0x70;   /* version 7 */
  b[8] = (b[8] & 0x3f) | 0x80;   /* RFC 4122 variant */

  return format_uuid (b);
}

static gboolean
is_lower_hex (char c)
{
  return g_ascii_isdigit (c) || (c >= 'a' && c <= 'f');
}

gboolean
limn_id_is_uuid (const char *str)
{
  if (str == NULL || strlen (str) != 36)
    return FALSE;

  for (guint i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (str[i] != '-')
            return FALSE;
        }
      else if (!is_lower_hex (str[i]))
        return FALSE;
    }

  return TRUE;
}

gboolean
limn_id_is_sha256 (const char *str)
{
  if (str == NULL || strlen (str) != 64)
    return FALSE;

  for (guint i = 0; i < 64; i++)
    if (!is_lower_hex (str[i]))
      return FALSE;

  return TRUE;
}
