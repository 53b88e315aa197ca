/* limn-fault-proxy.h
 *
 * An HTTP proxy on loopback, under the test's control, between the sync
 * client and the real limn-server: it forwards each request, or, with a
 * seeded PRNG, does one of the things networks and servers do to requests
 * (drops it, drops the answer after the server applied it, sends it twice,
 * holds it back and lets the next overtake it, answers 500 before or after
 * applying, answers slowly, or answers 429 with Retry-After). It runs on
 * the main context of the thread that creates it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  LIMN_FAULT_NONE,
  LIMN_FAULT_DROP_REQUEST,    /* close the connection; the server never sees it */
  LIMN_FAULT_DROP_RESPONSE,   /* forward, let the server apply it, then close without answering */
  LIMN_FAULT_DUPLICATE,       /* forward it twice; answer with the second answer */
  LIMN_FAULT_REORDER,         /* hold it; the next request overtakes it */
  LIMN_FAULT_ERROR_500,       /* answer 500 without forwarding */
  LIMN_FAULT_ERROR_500_AFTER, /* forward, then answer 500 instead of the server's answer */
  LIMN_FAULT_SLOW,            /* forward, answer after up to the slow limit */
  LIMN_FAULT_RATE_LIMITED,    /* answer 429 with Retry-After: 1 without forwarding */
  /* Not drawn at random (seeded runs keep their sequences): queued or set. */
  LIMN_FAULT_ERROR_503,       /* answer 503 with Retry-After: 2 without forwarding */
  LIMN_FAULT_CORRUPT,         /* forward, then flip bytes of the answer's body */
  LIMN_N_FAULTS
} LimnFault;

/* The faults the random rate draws from. */
#define LIMN_N_RANDOM_FAULTS (LIMN_FAULT_RATE_LIMITED + 1)

typedef struct _LimnFaultProxy LimnFaultProxy;

LimnFaultProxy *limn_fault_proxy_new        (const char     *upstream_url,
                                             guint32         seed);
void            limn_fault_proxy_free       (LimnFaultProxy *self);
/* "http://127.0.0.1:PORT" */
const char     *limn_fault_proxy_get_url    (LimnFaultProxy *self);
/* The share of requests that get a fault, 0..1 (0 at first). */
void            limn_fault_proxy_set_rate   (LimnFaultProxy *self,
                                             double          rate);
/* The next request (after any queued before) gets @fault, whatever the rate. */
void            limn_fault_proxy_queue_fault (LimnFaultProxy *self,
                                              LimnFault       fault);
/* Every request (in scope) gets @fault until this is called again with
 * LIMN_FAULT_NONE: DROP_REQUEST is a network that is down, ERROR_503 a
 * server that is. Queued faults still come first. */
void            limn_fault_proxy_set_down   (LimnFaultProxy *self,
                                             LimnFault       fault);
/* Faults (queued, random or down) apply only to requests whose path starts
 * with @path_prefix, e.g. "/api/v1/media/"; NULL: to all. Others pass. */
void            limn_fault_proxy_set_scope  (LimnFaultProxy *self,
                                             const char     *path_prefix);
/* How many requests with @method (NULL: any) to a path starting with
 * @path_prefix the proxy has seen. */
guint           limn_fault_proxy_count_requests (LimnFaultProxy *self,
                                                 const char     *method,
                                                 const char     *path_prefix);
/* The longest a slow answer waits, and how long a held request waits for
 * one to overtake it. */
void            limn_fault_proxy_set_delays (LimnFaultProxy *self,
                                             guint           slow_max_ms,
                                             guint           hold_ms);
/* How many requests got @fault (NONE: forwarded untouched). */
guint           limn_fault_proxy_get_count  (LimnFaultProxy *self,
                                             LimnFault       fault);
const char     *limn_fault_to_string        (LimnFault       fault);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnFaultProxy, limn_fault_proxy_free)

G_END_DECLS
