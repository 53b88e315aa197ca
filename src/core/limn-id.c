/* limn-id.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-id"

#include "config.h"

#include "limn-id.h"

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

  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                          digest[0], digest[1], digest[2], digest[3], digest[4], digest[5],
                          digest[6], digest[7], digest[8], digest[9], digest[10], digest[11],
                          digest[12], digest[13], digest[14], digest[15]);
}
