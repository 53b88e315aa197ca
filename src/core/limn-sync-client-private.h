/* limn-sync-client-private.h
 *
 * What LimnSyncClient's facets share (limn-sync-client.c, -account.c,
 * -claims.c), and test hooks. Not for the app.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "limn-credentials.h"
#include "limn-store-sync.h"
#include "limn-sync-client.h"

G_BEGIN_DECLS

#define LIMN_SYNC_MAX_BATCH_BYTES   (4 * 1024 * 1024)          /* the server takes 8 MiB */
#define LIMN_SYNC_MAX_ANSWER_BYTES  (16 * 1024 * 1024)
#define LIMN_SYNC_MAX_CLAIM_BYTES   LIMN_WIRE_MAX_JSON_BYTES

/* The property a facet notifies. */
#define LIMN_SYNC_CLIENT_PROP_SERVER_URL 5

struct _LimnSyncClient
{
  GObject          parent_instance;

  LimnStoreWorker *worker;
  char            *data_dir;
  char            *media_dir;
  GMainContext    *context;
  SoupSession     *session;
  LimnCredentials *credentials;
  GNetworkMonitor *monitor;
  gulong           monitor_handler;
  gulong           committed_handler;

  /* The server */
  char            *server_url;
  char            *token;
  gboolean         allow_insecure;
  LimnAccount     *account;        /* once the server said whose the token is */

  /* What the UI shows */
  LimnSyncState    state;
  gint64           n_pending;
  gint64           last_success_us;
  char            *last_error;

  /* Runs */
  gboolean         automatic;
  gboolean         running;
  gboolean         rerun;
  GCancellable    *run_cancellable;
  GPtrArray       *waiting;        /* GTask: sync_async calls for the next run */
  GPtrArray       *current;        /* GTask: sync_async calls for this run */
  GSource         *timer;
  gint64           timer_due;
  gint64           retry_delay_ms;
  guint            failures;
  GRand           *rand;
  gint64           backoff_base_ms;
  gint64           backoff_cap_ms;
  guint            batch_size;
  guint            batch_limit;    /* halves when the server refuses a body whole */
  guint            max_in_flight;  /* batches sent at once (push lanes) */
  guint            lanes;          /* push lanes still going in this run */
  GError          *push_error;     /* the first lane's failure */
  gint64           push_retry_after_ms;
  GCancellable    *push_cancellable; /* the lanes' requests: one fails, the rest stop */
  GHashTable      *in_flight;      /* batch keys on their way; writer thread only */
  guint            rekeys;
  guint            prefetch_count;
  guint            poll_s;
  gboolean         counting;
  gboolean         count_again;
  guint            n_requests;
};

/* Shared by the facets */
void         limn_sync_client_notify          (LimnSyncClient *self,
                                               guint           prop_id);
void         limn_sync_client_set_account     (LimnSyncClient *self,
                                               LimnAccount    *account);
void         limn_sync_client_set_last_error  (LimnSyncClient *self,
                                               const char     *message);
/* A request to the server with the token (counted for the tests). */
SoupMessage *limn_sync_client_new_message     (LimnSyncClient *self,
                                               const char     *method,
                                               const char     *path,
                                               const char     *key,
                                               GBytes         *body);
void         limn_sync_client_abort_run       (LimnSyncClient *self);
void         limn_sync_client_refresh_pending (LimnSyncClient *self);

/* Test hooks */

/* How many HTTP requests this client has started. */
guint        limn_sync_client_get_n_requests  (LimnSyncClient *self);
/* Backoff base and cap for automatic retries, and the jitter's seed. */
void         limn_sync_client_set_backoff     (LimnSyncClient *self,
                                               gint64          base_ms,
                                               gint64          cap_ms,
                                               guint32         seed);
/* The network monitor automatic sync listens to (before start()); the
 * default one otherwise. */
void         limn_sync_client_set_network_monitor (LimnSyncClient  *self,
                                                   GNetworkMonitor *monitor);
/* The delay chosen for the next automatic retry, or -1 if none is set. */
gint64       limn_sync_client_get_retry_delay_ms (LimnSyncClient *self);

G_END_DECLS
