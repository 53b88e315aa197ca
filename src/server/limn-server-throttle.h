/* limn-server-throttle.h
 *
 * A sliding window of events per key: at most @max in any @window_us.
 * The server keeps two: failed sign-ins per client address (only failing
 * attempts are slowed; a valid token always goes through) and batches per
 * token (docs/security.md). Thread-safe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LimnServerThrottle LimnServerThrottle;

LimnServerThrottle *limn_server_throttle_new   (guint               max,
                                                gint64              window_us);
void                limn_server_throttle_free  (LimnServerThrottle *self);

/* Seconds until @key is under its limit again; 0 when it is now. */
guint               limn_server_throttle_wait  (LimnServerThrottle *self,
                                                const char         *key,
                                                gint64              now_us);
/* Records one event for @key. */
void                limn_server_throttle_add   (LimnServerThrottle *self,
                                                const char         *key,
                                                gint64              now_us);
/* Records one event if @key is under its limit and answers 0; else
 * records nothing and answers the seconds to wait. */
guint               limn_server_throttle_take  (LimnServerThrottle *self,
                                                const char         *key,
                                                gint64              now_us);
/* Forgets keys with nothing left in the window. */
void                limn_server_throttle_prune (LimnServerThrottle *self,
                                                gint64              now_us);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnServerThrottle, limn_server_throttle_free)

G_END_DECLS
