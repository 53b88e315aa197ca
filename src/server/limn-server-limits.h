/* limn-server-limits.h
 *
 * The request limits of docs/api.md, shared by the request pipeline
 * (limn-server.c) and the routes, and the limits an operator may set
 * (docs/server-guide.md, "Limits"; docs/security.md says why each is
 * there).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#define LIMN_SERVER_MAX_BODY          (8 * 1024 * 1024)
/* Every route but /batches takes a few bytes at most ({"count": 5}). */
#define LIMN_SERVER_MAX_SMALL_BODY    (16 * 1024)
#define LIMN_SERVER_MAX_BATCH_ITEMS   5000
/* Values (keys included) in one batch body: one annotation of 10,000
 * regions is about 240,000; a batch of more is halved by the client. */
#define LIMN_SERVER_MAX_BATCH_VALUES  400000
#define LIMN_SERVER_MAX_TEXT_FIELD    (64 * 1024)
#define LIMN_SERVER_MAX_PAYLOAD       (64 * 1024)
#define LIMN_SERVER_AUTH_FAILURES     10
#define LIMN_SERVER_AUTH_WINDOW_US    (60 * G_USEC_PER_SEC)
/* Request bodies held in memory at once, over all connections. */
#define LIMN_SERVER_MAX_BODY_MEMORY   (48 * 1024 * 1024)
/* How long a refused request's connection is drained before it closes,
 * so the client reads the answer rather than a reset. */
#define LIMN_SERVER_LINGER_SECONDS    2

/* What an operator may set (limn-server --help); zero means the default. */
typedef struct
{
  guint   max_connections;        /* open at once; past it 503 */
  guint   max_queue;              /* requests waiting for a worker; past it 503 */
  guint   idle_timeout;           /* seconds a connection may wait on one read or write */
  guint   read_timeout;           /* seconds from a request's first byte to its last */
  guint   batches_per_minute;     /* per token; past it 429 */
  guint   events_per_batch;       /* per batch; past it 413 */
  double  answer_retention_days;  /* stored batch answers are kept this long */
} LimnServerLimits;

#define LIMN_SERVER_DEFAULT_MAX_CONNECTIONS     256
#define LIMN_SERVER_DEFAULT_MAX_QUEUE           64
#define LIMN_SERVER_DEFAULT_IDLE_TIMEOUT        30
#define LIMN_SERVER_DEFAULT_READ_TIMEOUT        60
#define LIMN_SERVER_DEFAULT_BATCHES_PER_MINUTE  120
#define LIMN_SERVER_DEFAULT_EVENTS_PER_BATCH    LIMN_SERVER_MAX_BATCH_ITEMS
#define LIMN_SERVER_DEFAULT_RETENTION_DAYS      30.0
