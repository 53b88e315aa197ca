/* limn-sync-backoff.h
 *
 * When to try again: exponential backoff with full jitter (a uniform draw
 * between 0 and min(cap, base · 2^attempt)), and the server's Retry-After
 * (delta seconds or an HTTP date), which is a floor.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LIMN_SYNC_BACKOFF_BASE_MS     1000
/* A minute: with full jitter, 50 clients retrying a restarting server
 * cost it less than one request a second, and nobody waits long for
 * their work to leave once the server is back. */
#define LIMN_SYNC_BACKOFF_CAP_MS      (60 * 1000)
/* A Retry-After longer than this is taken as this (a server cannot park
 * the client for days). */
#define LIMN_SYNC_RETRY_AFTER_MAX_MS  (60 * 60 * 1000)

/* The ceiling of attempt @attempt (0-based): min(@cap_ms, @base_ms · 2^attempt). */
gint64   limn_sync_backoff_ceiling_ms  (guint        attempt,
                                        gint64       base_ms,
                                        gint64       cap_ms);
/* A full-jitter delay in [0, ceiling], drawn from @rand. */
gint64   limn_sync_backoff_delay_ms    (GRand       *rand,
                                        guint        attempt,
                                        gint64       base_ms,
                                        gint64       cap_ms);
/* Parses a Retry-After value, seconds or an HTTP date (relative to @now_us,
 * µs since the epoch), into milliseconds from now, clamped to
 * [0, LIMN_SYNC_RETRY_AFTER_MAX_MS]. FALSE when it is neither. */
gboolean limn_sync_parse_retry_after   (const char  *value,
                                        gint64       now_us,
                                        gint64      *delay_ms);
/* The wait before the next try: the jittered delay, but never less than
 * @retry_after_ms when that is >= 0. */
gint64   limn_sync_next_delay_ms       (GRand       *rand,
                                        guint        attempt,
                                        gint64       base_ms,
                                        gint64       cap_ms,
                                        gint64       retry_after_ms);

G_END_DECLS
