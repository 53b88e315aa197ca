/* limn-sync-backoff.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-sync"

#include "config.h"

#include <libsoup/soup.h>

#include "limn-sync-backoff.h"

gint64
limn_sync_backoff_ceiling_ms (guint  attempt,
                              gint64 base_ms,
                              gint64 cap_ms)
{
  gint64 ceiling = MAX (base_ms, 1);

  /* Doubling stops at the cap, so it never overflows. */
  for (guint i = 0; i < attempt && ceiling < cap_ms; i++)
    ceiling *= 2;

  return MIN (ceiling, cap_ms);
}

gint64
limn_sync_backoff_delay_ms (GRand  *rand,
                            guint   attempt,
                            gint64  base_ms,
                            gint64  cap_ms)
{
  gint64 ceiling = limn_sync_backoff_ceiling_ms (attempt, base_ms, cap_ms);

  /* Uniform over [0, ceiling]: g_rand_double is [0, 1). */
  return (gint64)(g_rand_double (rand) * (double)(ceiling + 1));
}

gboolean
limn_sync_parse_retry_after (const char *value,
                             gint64      now_us,
                             gint64     *delay_ms)
{
  g_autoptr(GDateTime) date = NULL;
  const char *p;
  gint64 ms;

  if (value == NULL)
    return FALSE;

  while (g_ascii_isspace (*value))
    value++;
  if (*value == '\0')
    return FALSE;

  /* delta-seconds = 1*DIGIT (RFC 9110 §10.2.3) */
  for (p = value; g_ascii_isdigit (*p); p++)
    ;
  if (p != value)
    {
      guint64 seconds;

      while (g_ascii_isspace (*p))
        p++;
      if (*p != '\0')
        return FALSE;

      /* Digits only; anything past an hour is an hour. */
      if (p - value > 12)
        seconds = G_MAXUINT32;
      else
        seconds = g_ascii_strtoull (value, NULL, 10);

      *delay_ms = (gint64)MIN (seconds, (guint64)LIMN_SYNC_RETRY_AFTER_MAX_MS / 1000) * 1000;
      return TRUE;
    }

  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return FALSE;

  ms = (g_date_time_to_unix (date) * G_USEC_PER_SEC - now_us) / 1000;
  *delay_ms = CLAMP (ms, 0, LIMN_SYNC_RETRY_AFTER_MAX_MS);

  return TRUE;
}

gint64
limn_sync_next_delay_ms (GRand  *rand,
                         guint   attempt,
                         gint64  base_ms,
                         gint64  cap_ms,
                         gint64  retry_after_ms)
{
  gint64 delay = limn_sync_backoff_delay_ms (rand, attempt, base_ms, cap_ms);

  if (retry_after_ms >= 0)
    delay = MAX (delay, MIN (retry_after_ms, LIMN_SYNC_RETRY_AFTER_MAX_MS));

  return delay;
}
