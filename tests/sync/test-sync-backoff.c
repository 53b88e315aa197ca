/* test-sync-backoff.c
 *
 * When the sync client tries again: full jitter under an exponential
 * ceiling with a cap, the same delays from the same seed, and Retry-After
 * as seconds or an HTTP date, never below it and never absurdly long.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sync/limn-sync-backoff.h"

static void
test_ceiling (void)
{
  g_assert_cmpint (limn_sync_backoff_ceiling_ms (0, 1000, 300000), ==, 1000);
  g_assert_cmpint (limn_sync_backoff_ceiling_ms (1, 1000, 300000), ==, 2000);
  g_assert_cmpint (limn_sync_backoff_ceiling_ms (5, 1000, 300000), ==, 32000);
  g_assert_cmpint (limn_sync_backoff_ceiling_ms (8, 1000, 300000), ==, 256000);
  g_assert_cmpint (limn_sync_backoff_ceiling_ms (9, 1000, 300000), ==, 300000);
  /* No overflow however many failures. */
  g_assert_cmpint (limn_sync_backoff_ceiling_ms (1000, 1000, 300000), ==, 300000);
  g_assert_cmpint (limn_sync_backoff_ceiling_ms (G_MAXUINT, 1000, 300000), ==, 300000);
  g_assert_cmpint (limn_sync_backoff_ceiling_ms (3, 250, 1000), ==, 1000);
}

static void
test_full_jitter_range (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (guint attempt = 0; attempt < 14; attempt++)
    {
      gint64 ceiling = limn_sync_backoff_ceiling_ms (attempt, 1000, 300000);
      gint64 lo = G_MAXINT64, hi = 0;
      double sum = 0;
      const guint n = 4000;

      for (guint i = 0; i < n; i++)
        {
          gint64 d = limn_sync_backoff_delay_ms (rand, attempt, 1000, 300000);

          g_assert_cmpint (d, >=, 0);
          g_assert_cmpint (d, <=, ceiling);
          lo = MIN (lo, d);
          hi = MAX (hi, d);
          sum += d;
        }

      /* Full jitter: the draws cover [0, ceiling] and average half of it
       * (not "ceiling ± a little", which keeps clients in lock step). */
      g_assert_cmpint (lo, <, ceiling / 20 + 1);
      g_assert_cmpint (hi, >, ceiling - ceiling / 20 - 1);
      g_assert_cmpfloat (sum / n, >, ceiling * 0.45);
      g_assert_cmpfloat (sum / n, <, ceiling * 0.55);
    }
}

static void
test_seeded_sequence_repeats (void)
{
  g_autoptr(GRand) a = g_rand_new_with_seed (7);
  g_autoptr(GRand) b = g_rand_new_with_seed (7);
  g_autoptr(GRand) c = g_rand_new_with_seed (8);
  gboolean differs = FALSE;

  for (guint attempt = 0; attempt < 20; attempt++)
    {
      gint64 x = limn_sync_backoff_delay_ms (a, attempt, 500, 60000);
      gint64 y = limn_sync_backoff_delay_ms (b, attempt, 500, 60000);
      gint64 z = limn_sync_backoff_delay_ms (c, attempt, 500, 60000);

      g_assert_cmpint (x, ==, y);
      differs |= x != z;
    }

  g_assert_true (differs);
}

static void
test_retry_after_seconds (void)
{
  gint64 now = g_get_real_time ();
  gint64 ms = -1;

  g_assert_true (limn_sync_parse_retry_after ("0", now, &ms));
  g_assert_cmpint (ms, ==, 0);
  g_assert_true (limn_sync_parse_retry_after ("1", now, &ms));
  g_assert_cmpint (ms, ==, 1000);
  g_assert_true (limn_sync_parse_retry_after (" 120 ", now, &ms));
  g_assert_cmpint (ms, ==, 120000);

  /* A server cannot park the client for days. */
  g_assert_true (limn_sync_parse_retry_after ("999999", now, &ms));
  g_assert_cmpint (ms, ==, LIMN_SYNC_RETRY_AFTER_MAX_MS);
  g_assert_true (limn_sync_parse_retry_after ("99999999999999999999999999", now, &ms));
  g_assert_cmpint (ms, ==, LIMN_SYNC_RETRY_AFTER_MAX_MS);

  ms = 17;
  g_assert_false (limn_sync_parse_retry_after (NULL, now, &ms));
  g_assert_false (limn_sync_parse_retry_after ("", now, &ms));
  g_assert_false (limn_sync_parse_retry_after ("-5", now, &ms));
  g_assert_false (limn_sync_parse_retry_after ("1.5", now, &ms));
  g_assert_false (limn_sync_parse_retry_after ("12abc", now, &ms));
  g_assert_false (limn_sync_parse_retry_after ("soon", now, &ms));
  g_assert_cmpint (ms, ==, 17);
}

static void
test_retry_after_http_date (void)
{
  g_autoptr(GDateTime) base = g_date_time_new_utc (2025, 11, 23, 10, 0, 0);
  gint64 now = g_date_time_to_unix (base) * G_USEC_PER_SEC;
  gint64 ms = -1;

  /* IMF-fixdate, 90 s later */
  g_assert_true (limn_sync_parse_retry_after ("Sun, 23 Nov 2025 10:01:30 GMT", now, &ms));
  g_assert_cmpint (ms, ==, 90000);

  /* The obsolete forms RFC 9110 still asks recipients to accept. */
  g_assert_true (limn_sync_parse_retry_after ("Sunday, 23-Nov-25 10:00:05 GMT", now, &ms));
  g_assert_cmpint (ms, ==, 5000);
  g_assert_true (limn_sync_parse_retry_after ("Sun Nov 23 10:00:07 2025", now, &ms));
  g_assert_cmpint (ms, ==, 7000);

  /* In the past: now. Far future: the cap. */
  g_assert_true (limn_sync_parse_retry_after ("Sat, 22 Nov 2025 10:00:00 GMT", now, &ms));
  g_assert_cmpint (ms, ==, 0);
  g_assert_true (limn_sync_parse_retry_after ("Fri, 01 Jan 2100 00:00:00 GMT", now, &ms));
  g_assert_cmpint (ms, ==, LIMN_SYNC_RETRY_AFTER_MAX_MS);

  g_assert_false (limn_sync_parse_retry_after ("Sun, 32 Nov 2025 10:01:30 GMT", now, &ms));
}

static void
test_retry_after_is_a_floor (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);

  for (guint i = 0; i < 500; i++)
    {
      /* Attempt 0: jitter in [0, 1000]; Retry-After 5 s wins. */
      g_assert_cmpint (limn_sync_next_delay_ms (rand, 0, 1000, 300000, 5000), ==, 5000);
      /* Attempt 10: jitter up to 300 s may exceed Retry-After 1 s. */
      g_assert_cmpint (limn_sync_next_delay_ms (rand, 10, 1000, 300000, 1000), >=, 1000);
      /* No Retry-After: plain jitter. */
      g_assert_cmpint (limn_sync_next_delay_ms (rand, 2, 1000, 300000, -1), <=, 4000);
    }

  g_assert_cmpint (limn_sync_next_delay_ms (rand, 0, 1000, 300000, G_MAXINT64), ==,
                   LIMN_SYNC_RETRY_AFTER_MAX_MS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-backoff/ceiling", test_ceiling);
  g_test_add_func ("/sync-backoff/full-jitter", test_full_jitter_range);
  g_test_add_func ("/sync-backoff/seeded", test_seeded_sequence_repeats);
  g_test_add_func ("/sync-backoff/retry-after-seconds", test_retry_after_seconds);
  g_test_add_func ("/sync-backoff/retry-after-date", test_retry_after_http_date);
  g_test_add_func ("/sync-backoff/retry-after-floor", test_retry_after_is_a_floor);

  return g_test_run ();
}
