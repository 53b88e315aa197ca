/* limn-sync-retry.h
 *
 * One call to the server that a fault time mends (the network, a busy or
 * slow server) tries again after the client's backoff, at most a set
 * number of times, waiting in one of the client's lists so that the
 * network coming back or "sync now" tries it at once. Claims, review
 * calls and publishing guidelines share it.
 *
 * A call's GTask data starts with a LimnSyncRetry (its first member), so
 * that the task alone finds it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Tries the call again; takes the task. */
typedef void (*LimnSyncRetryFunc) (GTask *task);

typedef struct
{
  LimnSyncRetryFunc   again;
  GPtrArray         **waiting;       /* the client's list a reconnect hurries, or NULL */
  const char         *what;          /* static: for the log and the timer's name */
  guint               max_attempts;
  guint               attempt;
  GSource            *source;        /* while waiting to try again */
} LimnSyncRetry;

void     limn_sync_retry_init     (LimnSyncRetry     *retry,
                                   LimnSyncRetryFunc  again,
                                   GPtrArray        **waiting,
                                   const char        *what,
                                   guint              max_attempts);
/* Stops the timer, if any; for the call's free function. */
void     limn_sync_retry_clear    (LimnSyncRetry     *retry);
/* The network or the server's availability, which time mends; a server
 * that answers nonsense will do so again. */
gboolean limn_sync_retry_is_fault (const GError      *error);
/* @task (whose data starts with its LimnSyncRetry) failed with @error:
 * when @worth_retrying, attempts are left and it is not cancelled, it is
 * tried again later; else @task returns the error. Takes @task and
 * @error. @retry_after_ms: the server's Retry-After, or -1. */
void     limn_sync_retry_failed   (GTask             *task,
                                   GError            *error,
                                   gint64             retry_after_ms,
                                   gboolean           worth_retrying);
/* Every task waiting in *@waiting tried now. */
void     limn_sync_retry_hurry    (GPtrArray        **waiting);

G_END_DECLS
