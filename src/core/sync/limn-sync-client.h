/* limn-sync-client.h
 *
 * Offline-first sync with a limn-server (docs/sync.md, docs/api.md). Work is
 * queued in the local outbox as it is saved; the client pushes it in
 * batches that the server applies exactly once, pulls what the server has
 * for this annotator, leases tasks and fetches their media. All HTTP runs
 * on the main context of the thread that made the client, all database
 * work on the store's writer thread: nothing here blocks the main loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "store/limn-store-worker.h"
#include "limn-sync-error.h"
#include "limn-sync-url.h"
#include "limn-wire-campaigns.h"
#include "limn-wire-dashboard.h"

G_BEGIN_DECLS

/* What the annotator is told. Only ERROR asks something of them; the
 * others resolve by themselves (next-retry-us says when the next try is). */
typedef enum
{
  LIMN_SYNC_STATE_OFFLINE,   /* the server cannot be reached; work waits */
  LIMN_SYNC_STATE_IDLE,      /* in step with the server, or nothing to do */
  LIMN_SYNC_STATE_SYNCING,
  LIMN_SYNC_STATE_ERROR,     /* see last-error; needs the user (sign in) or the server's admin */
  LIMN_SYNC_STATE_RETRYING,  /* the server said "not now" (503, 429, 408): tried again later */
} LimnSyncState;

/* A task image as the app sees it while it waits for it. */
typedef enum
{
  LIMN_MEDIA_STATE_UNKNOWN,      /* nobody asked for it */
  LIMN_MEDIA_STATE_WAITING,      /* wanted: fetched by the next run (network, backoff) */
  LIMN_MEDIA_STATE_DOWNLOADING,
  LIMN_MEDIA_STATE_READY,        /* in the media cache, verified */
  LIMN_MEDIA_STATE_FAILED,       /* the server's copy is missing or damaged; see the message */
} LimnMediaState;

typedef enum /*< flags >*/
{
  LIMN_SYNC_SERVER_DEFAULT        = 0,
  /* Allow plain http to a host that is not this computer. */
  LIMN_SYNC_SERVER_ALLOW_INSECURE = 1 << 0,
} LimnSyncServerFlags;

#define LIMN_SYNC_DEFAULT_BATCH_SIZE     2000
#define LIMN_SYNC_DEFAULT_PREFETCH       5
#define LIMN_SYNC_DEFAULT_TIMEOUT_S      30
#define LIMN_SYNC_DEFAULT_POLL_S         60
#define LIMN_SYNC_DEFAULT_IN_FLIGHT      3

#define LIMN_TYPE_SYNC_CLIENT (limn_sync_client_get_type ())

G_DECLARE_FINAL_TYPE (LimnSyncClient, limn_sync_client, LIMN, SYNC_CLIENT, GObject)

/* @data_dir: where the media cache and the token file live (the folder of
 * the database). */
LimnSyncClient *limn_sync_client_new            (LimnStoreWorker      *worker,
                                                 const char           *data_dir);

/* Uses @url with @token for this session; nothing is stored and no
 * request is sent. Fails (and changes nothing) on an address
 * limn_sync_url_normalize() refuses. */
gboolean        limn_sync_client_set_server     (LimnSyncClient       *self,
                                                 const char           *url,
                                                 const char           *token,
                                                 LimnSyncServerFlags   flags,
                                                 GError              **error);
/* set_server(), then asks the server who the token belongs to, records
 * the account and keeps the token (Secret Service, else a 0600 file). */
void            limn_sync_client_sign_in_async  (LimnSyncClient       *self,
                                                 const char           *url,
                                                 const char           *token,
                                                 LimnSyncServerFlags   flags,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean        limn_sync_client_sign_in_finish (LimnSyncClient       *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
/* At start-up: the last account and its kept token. Fails with
 * LIMN_SYNC_ERROR_NOT_SIGNED_IN when there is none. */
void            limn_sync_client_restore_async  (LimnSyncClient       *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean        limn_sync_client_restore_finish (LimnSyncClient       *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
/* Forgets the token and the account; queued work stays in the outbox. */
void            limn_sync_client_sign_out_async (LimnSyncClient       *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean        limn_sync_client_sign_out_finish (LimnSyncClient      *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* Automatic sync: a run now, after local commits, when the network comes
 * back, every poll interval, and after failures with backoff. */
void            limn_sync_client_start          (LimnSyncClient       *self);
void            limn_sync_client_stop           (LimnSyncClient       *self);
/* The "sync now" action: a run as soon as possible, backoff reset. */
void            limn_sync_client_sync_now       (LimnSyncClient       *self);
/* One full run that starts after this call (push everything queued, then
 * pull all changes); fails as the run fails. */
void            limn_sync_client_sync_async     (LimnSyncClient       *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
gboolean        limn_sync_client_sync_finish    (LimnSyncClient       *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

/* Leases up to @count tasks of @project_id (a server project) and stores
 * the project, tasks, suggestions and leases locally, then fetches the
 * media of the first prefetch-count image tasks. A claim the network or
 * the server fails is tried again with the same backoff as batches (at
 * most a few times, sooner when the network comes back); the server gives
 * leases already held first, so a repeated claim leases nothing twice.
 * Finishes with the leased task ids (char *), oldest lease first, and in
 * @n_new how many of them this client did not hold before. */
void            limn_sync_client_claim_async    (LimnSyncClient       *self,
                                                 const char           *project_id,
                                                 guint                 count,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GPtrArray      *limn_sync_client_claim_finish   (LimnSyncClient       *self,
                                                 GAsyncResult         *result,
                                                 guint                *n_new,
                                                 GError              **error);
/* A reviewer leases up to @count items of @project_id's review queue
 * (docs/review.md): the project and each item's task, everyone's
 * revisions, flags, gold and history are stored in one job, as a claim
 * is; retried like a claim. Finishes with the item ids (char *). */
void            limn_sync_client_review_claim_async  (LimnSyncClient  *self,
                                                      const char      *project_id,
                                                      guint            count,
                                                      GCancellable    *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer         user_data);
GPtrArray      *limn_sync_client_review_claim_finish (LimnSyncClient  *self,
                                                      GAsyncResult    *result,
                                                      GError         **error);
/* A reviewer's view of @project_id's review queue (docs/review.md), the
 * whole of it as listed (decided items too), stored in one job
 * (limn_store_review_save_queue()); retried like a claim. Finishes with
 * the item ids (char *) as listed, oldest first. */
void            limn_sync_client_review_queue_async  (LimnSyncClient  *self,
                                                      const char      *project_id,
                                                      GCancellable    *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer         user_data);
GPtrArray      *limn_sync_client_review_queue_finish (LimnSyncClient  *self,
                                                      GAsyncResult    *result,
                                                      GError         **error);
/* The threads of @project_id the caller may read, stored (new ones and
 * their replies unread); finishes with the thread ids (char *). */
void            limn_sync_client_threads_async  (LimnSyncClient       *self,
                                                 const char           *project_id,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GPtrArray      *limn_sync_client_threads_finish (LimnSyncClient       *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
/* A reviewer's or admin's team dashboard of @project_id over the last
 * @days days (1..365; limn-sync-client-dashboard.c). Nothing is stored.
 * A busy server is asked again a few times; an unreachable one fails at
 * once with LIMN_SYNC_ERROR_OFFLINE. Errors are translated sentences about
 * the dashboard (LIMN_SYNC_ERROR_FORBIDDEN for an annotator). */
void            limn_sync_client_fetch_dashboard_async  (LimnSyncClient      *self,
                                                         const char          *project_id,
                                                         guint                days,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
LimnTeamDashboard *limn_sync_client_fetch_dashboard_finish (LimnSyncClient   *self,
                                                            GAsyncResult     *result,
                                                            GError          **error);
/* A reviewer's or admin's relabel campaigns of @project_id, oldest first
 * (limn-sync-client-campaigns.c); finishes with a GPtrArray of
 * LimnCampaign. Nothing is stored. Retried and said as the dashboard's
 * fetch is (LIMN_SYNC_ERROR_FORBIDDEN for an annotator). */
void            limn_sync_client_list_campaigns_async  (LimnSyncClient      *self,
                                                        const char          *project_id,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GPtrArray      *limn_sync_client_list_campaigns_finish (LimnSyncClient      *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);
/* The signed-in user approves @campaign_id: the server sends its answers
 * back to their annotators. Finishes with the campaign, now running.
 * LIMN_SYNC_ERROR_FORBIDDEN when the user proposed it (a second person
 * must approve), LIMN_SYNC_ERROR_REFUSED when it is no longer waiting
 * for approval. */
void            limn_sync_client_approve_campaign_async  (LimnSyncClient      *self,
                                                          const char          *project_id,
                                                          const char          *campaign_id,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
LimnCampaign   *limn_sync_client_approve_campaign_finish (LimnSyncClient      *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
/* Publishes @body (Markdown) as the next version of @project_id's
 * guidelines, with @summary saying what changed and @labels (ids, may be
 * %NULL or empty) the labels whose rules it changes, for which the server
 * proposes a relabel campaign (a reviewer or admin;
 * limn-sync-client-guidelines.c). One Idempotency-Key for the publication,
 * kept across its retries, so it happens once. The new version is stored
 * here at once. Needs the server: without it, fails with
 * LIMN_SYNC_ERROR_OFFLINE. Finishes with the new version, or 0. */
void            limn_sync_client_publish_guidelines_async  (LimnSyncClient      *self,
                                                            const char          *project_id,
                                                            const char          *body,
                                                            const char          *summary,
                                                            const char * const  *labels,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gint64          limn_sync_client_publish_guidelines_finish (LimnSyncClient      *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
/* Downloads one image into the media cache (verified), unless present.
 * @expected_size: the announced size, or 0. Finishes with its path. */
void            limn_sync_client_fetch_media_async  (LimnSyncClient   *self,
                                                     const char       *sha256,
                                                     gint64            expected_size,
                                                     GCancellable     *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer          user_data);
char           *limn_sync_client_fetch_media_finish (LimnSyncClient   *self,
                                                     GAsyncResult     *result,
                                                     GError          **error);

/* Asks for a task's image now (the annotator opened the task): fetched in
 * the next run, which starts at once unless the client is waiting out a
 * failure; retried with the runs' backoff, when the network comes back and
 * on sync_now(). ::media-changed tells of each step. */
void            limn_sync_client_want_media     (LimnSyncClient       *self,
                                                 const char           *sha256,
                                                 gint64                expected_size);
/* @message: (out) (optional): why it failed, for FAILED. */
LimnMediaState  limn_sync_client_get_media_state (LimnSyncClient      *self,
                                                  const char          *sha256,
                                                  const char         **message);

LimnSyncState   limn_sync_client_get_state      (LimnSyncClient       *self);
/* Items in the outbox (events, annotations, flags). */
gint64          limn_sync_client_get_n_pending  (LimnSyncClient       *self);
/* Tasks whose submit or flag has not reached the server yet: what a
 * person waits for (their events travel with them). */
gint64          limn_sync_client_get_n_waiting_tasks (LimnSyncClient  *self);
/* When the next automatic try is due (µs since the epoch), or 0. */
gint64          limn_sync_client_get_next_retry_us (LimnSyncClient    *self);
gint64          limn_sync_client_get_last_success_us (LimnSyncClient  *self);
const char     *limn_sync_client_get_last_error (LimnSyncClient       *self);
/* The LimnSyncError of the last failed run, or -1 (none, or another domain). */
int             limn_sync_client_get_last_error_code (LimnSyncClient  *self);
const char     *limn_sync_client_get_server_url (LimnSyncClient       *self);
const char     *limn_sync_client_get_user_name  (LimnSyncClient       *self);
/* The server's id of the signed-in user (campaigns name people by it). */
const char     *limn_sync_client_get_user_id    (LimnSyncClient       *self);
/* The project the token is for, once known (NULL for a server admin). */
const char     *limn_sync_client_get_project_id (LimnSyncClient       *self);
/* The signed-in user's role ("annotator", "reviewer", "admin"), once
 * known (the "role" property tells when); NULL when not signed in. */
const char     *limn_sync_client_get_role       (LimnSyncClient       *self);
/* A reviewer or an admin: may review. */
gboolean        limn_sync_client_is_reviewer    (LimnSyncClient       *self);
const char     *limn_sync_client_get_media_dir  (LimnSyncClient       *self);
guint           limn_sync_client_get_prefetch_count (LimnSyncClient   *self);
void            limn_sync_client_set_prefetch_count (LimnSyncClient   *self,
                                                     guint             count);

G_END_DECLS
