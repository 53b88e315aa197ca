/* limn-sync-client-private.h
 *
 * What LimnSyncClient's facets share (limn-sync-client.c, -runs.c,
 * -account.c, -claims.c, -media.c), and test hooks. Not for the app.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "limn-credentials.h"
#include "store/limn-store-accounts.h"
#include "limn-sync-client.h"
#include "limn-sync-http.h"
#include "limn-wire.h"

G_BEGIN_DECLS

#define LIMN_SYNC_MAX_BATCH_BYTES   (4 * 1024 * 1024)          /* the server takes 8 MiB */
#define LIMN_SYNC_MAX_ANSWER_BYTES  (16 * 1024 * 1024)
#define LIMN_SYNC_MAX_CLAIM_BYTES   LIMN_WIRE_MAX_JSON_BYTES

/* The properties a facet notifies. */
#define LIMN_SYNC_CLIENT_PROP_N_PENDING       2
#define LIMN_SYNC_CLIENT_PROP_LAST_SUCCESS_US 3
#define LIMN_SYNC_CLIENT_PROP_SERVER_URL      5
#define LIMN_SYNC_CLIENT_PROP_N_WAITING_TASKS 13

/* A permanently failed download is tried this many times before it counts
 * as damaged (one more on sync_now()). */
#define LIMN_SYNC_MEDIA_MAX_MISMATCHES 2

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
  gint64           n_waiting_tasks;
  gint64           last_success_us;
  gint64           next_retry_us;
  char            *last_error;
  int              last_error_code; /* LimnSyncError of the last failed run, or -1 */

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

  /* Media (limn-sync-client-media.c) */
  GHashTable      *media;          /* sha256 → MediaEntry: what was asked for or fetched */
  GQueue           media_wanted;   /* sha256 (owned by the entries), most recent first */

  /* Claims waiting to be tried again (limn-sync-client-claims.c) */
  GPtrArray       *claim_retries;  /* GTask */
  /* Review claims, queue and threads calls waiting likewise
   * (limn-sync-client-review.c) */
  GPtrArray       *review_retries; /* GTask */
  gboolean         counting;
  gboolean         count_again;
  guint            n_requests;

  /* Team figures (limn-sync-client-team.c): the last request, failed or not */
  gint64           team_figures_attempt_us;
};

/* limn-sync-client.c: the object */
void         limn_sync_client_notify          (LimnSyncClient *self,
                                               guint           prop_id);
void         limn_sync_client_set_state       (LimnSyncClient *self,
                                               LimnSyncState   state);
void         limn_sync_client_set_next_retry  (LimnSyncClient *self,
                                               gint64          next_retry_us);
void         limn_sync_client_set_account     (LimnSyncClient *self,
                                               LimnAccount    *account);
void         limn_sync_client_set_last_error  (LimnSyncClient *self,
                                               const char     *message);
void         limn_sync_client_emit_media_changed (LimnSyncClient *self,
                                                  const char     *sha256);
/* ::conflict for a conflict, ::rejected for a refusal, nothing else. */
void         limn_sync_client_emit_result     (LimnSyncClient *self,
                                               LimnWireStatus  status,
                                               const char     *kind,
                                               const char     *id,
                                               const char     *reason);
void         limn_sync_client_emit_changes_applied (LimnSyncClient *self,
                                                    guint           n_changes);
/* A request to the server with the token (counted for the tests). */
SoupMessage *limn_sync_client_new_message     (LimnSyncClient *self,
                                               const char     *method,
                                               const char     *path,
                                               const char     *key,
                                               GBytes         *body);
/* The delay before try @attempt (0-based) of something that failed with
 * @retry_after_ms (or -1), by the client's backoff settings. */
gint64       limn_sync_client_backoff_ms      (LimnSyncClient *self,
                                               guint           attempt,
                                               gint64          retry_after_ms);

/* limn-sync-client-runs.c */
void         limn_sync_client_runs_init       (LimnSyncClient *self);
void         limn_sync_client_runs_dispose    (LimnSyncClient *self);
/* Runs after @delay_ms, unless a run is due sooner. */
void         limn_sync_client_schedule_run    (LimnSyncClient *self,
                                               gint64          delay_ms);
void         limn_sync_client_abort_run       (LimnSyncClient *self);
void         limn_sync_client_refresh_pending (LimnSyncClient *self);
/* The server answered a request with success: a backoff left from
 * earlier failures ends, and a run waiting it out starts now. */
void         limn_sync_client_note_reachable  (LimnSyncClient *self);
/* Something new to send or fetch: a run now, unless one is under way
 * (then another after it) or the client is waiting out a failure. */
void         limn_sync_client_kick            (LimnSyncClient *self);
/* The server's Retry-After of a 429 or 503 answer in ms, or -1. */
gint64       limn_sync_client_retry_after_ms  (const LimnSyncResponse *response);

/* limn-sync-client-media.c */
void         limn_sync_client_media_init      (LimnSyncClient *self);
void         limn_sync_client_media_clear     (LimnSyncClient *self);
/* The run's last step: fetches the wanted images, then those of the
 * leased tasks still to do (up to prefetch-count). Finishes with the
 * first error the network or the server caused; damaged or missing files
 * are recorded as FAILED and skipped. */
void         limn_sync_client_media_pass_async  (LimnSyncClient      *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean     limn_sync_client_media_pass_finish (LimnSyncClient      *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* A download starts, or finished (whoever asked: a claim's prefetch, a
 * media pass): records the state and tells the app. */
void         limn_sync_client_media_downloading (LimnSyncClient *self,
                                                 const char     *sha256,
                                                 gint64          size);
void         limn_sync_client_media_done      (LimnSyncClient *self,
                                               const char     *sha256,
                                               const char     *path,
                                               const GError   *error);
/* sync_now(): failed downloads get one more try. */
void         limn_sync_client_media_retry_failed (LimnSyncClient *self);

/* limn-sync-client-team.c */
#define LIMN_SYNC_TEAM_FIGURES_EVERY_US (G_GINT64_CONSTANT (10) * 60 * G_USEC_PER_SEC)
/* A step of the run after the pull: the team's figures for the signed-in
 * project, at most every 10 minutes. Never fails: what goes wrong is
 * logged and the run goes on. */
void         limn_sync_client_team_figures_pass_async  (LimnSyncClient      *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean     limn_sync_client_team_figures_pass_finish (LimnSyncClient      *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* limn-sync-client-claims.c */
/* The network came back or the user asked: claims waiting out a backoff
 * are tried now. */
void         limn_sync_client_hurry_claims    (LimnSyncClient *self);
/* limn-sync-client-claims.c: after a claim's GET of its project, the
 * project kept and the claim posted to @route; shared by review claims. */
gboolean     limn_sync_client_claim_with_project (LimnSyncClient       *self,
                                                  GAsyncResult         *result,
                                                  GTask                *task,
                                                  const char           *project_id,
                                                  LimnWireProject     **project,
                                                  guint                 count,
                                                  const char           *route,
                                                  GAsyncReadyCallback   callback,
                                                  gint64               *retry_after_ms,
                                                  GError              **error);

/* limn-sync-client-review.c */
/* The same for the review calls waiting out a backoff. */
void         limn_sync_client_hurry_review_calls (LimnSyncClient *self);

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
