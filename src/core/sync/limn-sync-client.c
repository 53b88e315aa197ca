/* limn-sync-client.c
 *
 * The client's object: its state, properties and signals, what the facets
 * share, and the getters. Runs (push, pull, media, scheduling) are in
 * limn-sync-client-runs.c; signing in in limn-sync-client-account.c,
 * claims in limn-sync-client-claims.c, media in limn-sync-client-media.c;
 * the address rules in limn-sync-url.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-enums.h"
#include "limn-sync-backoff.h"
#include "limn-sync-client-private.h"
#include "limn-sync-jobs.h"
#include "model/limn-util.h"

G_DEFINE_FINAL_TYPE (LimnSyncClient, limn_sync_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (limn-sync-error-quark, limn_sync_error)

enum {
  PROP_0,
  PROP_STATE,
  PROP_N_PENDING,
  PROP_LAST_SUCCESS_US,
  PROP_LAST_ERROR,
  PROP_SERVER_URL,
  PROP_USER_NAME,
  PROP_PROJECT_ID,
  PROP_PREFETCH_COUNT,
  PROP_BATCH_SIZE,
  PROP_TIMEOUT,
  PROP_POLL_INTERVAL,
  PROP_MAX_IN_FLIGHT,
  PROP_N_WAITING_TASKS,
  PROP_NEXT_RETRY_US,
  PROP_ROLE,
  N_PROPS
};

G_STATIC_ASSERT (PROP_N_PENDING == LIMN_SYNC_CLIENT_PROP_N_PENDING);
G_STATIC_ASSERT (PROP_LAST_SUCCESS_US == LIMN_SYNC_CLIENT_PROP_LAST_SUCCESS_US);
G_STATIC_ASSERT (PROP_SERVER_URL == LIMN_SYNC_CLIENT_PROP_SERVER_URL);
G_STATIC_ASSERT (PROP_N_WAITING_TASKS == LIMN_SYNC_CLIENT_PROP_N_WAITING_TASKS);

static GParamSpec *properties[N_PROPS];

enum {
  CONFLICT,
  REJECTED,
  CHANGES_APPLIED,
  MEDIA_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* State */

void
limn_sync_client_set_state (LimnSyncClient *self,
                            LimnSyncState   state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
limn_sync_client_set_next_retry (LimnSyncClient *self,
                                 gint64          next_retry_us)
{
  if (self->next_retry_us == next_retry_us)
    return;

  self->next_retry_us = next_retry_us;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_RETRY_US]);
}

gint64
limn_sync_client_backoff_ms (LimnSyncClient *self,
                             guint           attempt,
                             gint64          retry_after_ms)
{
  return limn_sync_next_delay_ms (self->rand, attempt, self->backoff_base_ms, self->backoff_cap_ms,
                                  retry_after_ms);
}

void
limn_sync_client_emit_media_changed (LimnSyncClient *self,
                                     const char     *sha256)
{
  g_signal_emit (self, signals[MEDIA_CHANGED], 0, sha256);
}

void
limn_sync_client_emit_result (LimnSyncClient *self,
                              LimnWireStatus  status,
                              const char     *kind,
                              const char     *id,
                              const char     *reason)
{
  if (status == LIMN_WIRE_CONFLICT)
    g_signal_emit (self, signals[CONFLICT], 0, kind, id, reason);
  else if (status == LIMN_WIRE_REJECTED)
    g_signal_emit (self, signals[REJECTED], 0, kind, id, reason);
}

void
limn_sync_client_emit_changes_applied (LimnSyncClient *self,
                                       guint           n_changes)
{
  g_signal_emit (self, signals[CHANGES_APPLIED], 0, n_changes);
}

void
limn_sync_client_set_last_error (LimnSyncClient *self,
                const char     *message)
{
  if (limn_set_str (&self->last_error, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

void
limn_sync_client_set_account (LimnSyncClient *self,
             LimnAccount    *account)   /* transfer full */
{
  g_clear_pointer (&self->account, limn_account_free);
  self->account = account;

  if (account != NULL && account->last_success_us > self->last_success_us)
    {
      self->last_success_us = account->last_success_us;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SUCCESS_US]);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
}

SoupMessage *
limn_sync_client_new_message (LimnSyncClient *self,
             const char     *method,
             const char     *path,
             const char     *key,
             GBytes         *body)
{
  self->n_requests++;
  return limn_sync_http_message_new (method, self->server_url, path, self->token, key, body);
}

void
limn_sync_client_notify (LimnSyncClient *self,
                         guint           prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

/* GObject */

static void
limn_sync_client_dispose (GObject *object)
{
  LimnSyncClient *self = (LimnSyncClient *)object;

  limn_sync_client_runs_dispose (self);

  G_OBJECT_CLASS (limn_sync_client_parent_class)->dispose (object);
}

static void
limn_sync_client_finalize (GObject *object)
{
  LimnSyncClient *self = (LimnSyncClient *)object;

  g_clear_object (&self->worker);
  g_free (self->data_dir);
  g_free (self->media_dir);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->session);
  g_clear_object (&self->credentials);
  g_clear_object (&self->monitor);
  g_free (self->server_url);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  g_clear_pointer (&self->account, limn_account_free);
  g_free (self->last_error);
  g_clear_object (&self->run_cancellable);
  g_clear_object (&self->push_cancellable);
  g_clear_error (&self->push_error);
  g_clear_pointer (&self->in_flight, g_hash_table_unref);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  g_clear_pointer (&self->current, g_ptr_array_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  limn_sync_client_media_clear (self);
  g_clear_pointer (&self->claim_retries, g_ptr_array_unref);
  g_clear_pointer (&self->review_retries, g_ptr_array_unref);

  G_OBJECT_CLASS (limn_sync_client_parent_class)->finalize (object);
}

static void
limn_sync_client_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LimnSyncClient *self = LIMN_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_N_PENDING:
      g_value_set_int64 (value, self->n_pending);
      break;
    case PROP_LAST_SUCCESS_US:
      g_value_set_int64 (value, self->last_success_us);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case PROP_USER_NAME:
      g_value_set_string (value, limn_sync_client_get_user_name (self));
      break;
    case PROP_PROJECT_ID:
      g_value_set_string (value, limn_sync_client_get_project_id (self));
      break;
    case PROP_ROLE:
      g_value_set_string (value, limn_sync_client_get_role (self));
      break;
    case PROP_PREFETCH_COUNT:
      g_value_set_uint (value, self->prefetch_count);
      break;
    case PROP_BATCH_SIZE:
      g_value_set_uint (value, self->batch_size);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, soup_session_get_timeout (self->session));
      break;
    case PROP_POLL_INTERVAL:
      g_value_set_uint (value, self->poll_s);
      break;
    case PROP_MAX_IN_FLIGHT:
      g_value_set_uint (value, self->max_in_flight);
      break;
    case PROP_N_WAITING_TASKS:
      g_value_set_int64 (value, self->n_waiting_tasks);
      break;
    case PROP_NEXT_RETRY_US:
      g_value_set_int64 (value, self->next_retry_us);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_sync_client_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  LimnSyncClient *self = LIMN_SYNC_CLIENT (object);

  switch (prop_id)
    {
    case PROP_PREFETCH_COUNT:
      limn_sync_client_set_prefetch_count (self, g_value_get_uint (value));
      break;
    case PROP_BATCH_SIZE:
      self->batch_size = g_value_get_uint (value);
      self->batch_limit = self->batch_size;
      break;
    case PROP_TIMEOUT:
      soup_session_set_timeout (self->session, g_value_get_uint (value));
      break;
    case PROP_POLL_INTERVAL:
      self->poll_s = g_value_get_uint (value);
      break;
    case PROP_MAX_IN_FLIGHT:
      self->max_in_flight = g_value_get_uint (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_sync_client_class_init (LimnSyncClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = limn_sync_client_dispose;
  object_class->finalize = limn_sync_client_finalize;
  object_class->get_property = limn_sync_client_get_property;
  object_class->set_property = limn_sync_client_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, LIMN_TYPE_SYNC_STATE, LIMN_SYNC_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PENDING] =
    g_param_spec_int64 ("n-pending", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SUCCESS_US] =
    g_param_spec_int64 ("last-success-us", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER_NAME] =
    g_param_spec_string ("user-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROJECT_ID] =
    g_param_spec_string ("project-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* "annotator", "reviewer" or "admin": which pages the window offers. */
  properties[PROP_ROLE] =
    g_param_spec_string ("role", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREFETCH_COUNT] =
    g_param_spec_uint ("prefetch-count", NULL, NULL, 0, LIMN_WIRE_MAX_CLAIM, LIMN_SYNC_DEFAULT_PREFETCH,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BATCH_SIZE] =
    g_param_spec_uint ("batch-size", NULL, NULL, 1, LIMN_WIRE_MAX_BATCH_ITEMS, LIMN_SYNC_DEFAULT_BATCH_SIZE,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, 3600, LIMN_SYNC_DEFAULT_TIMEOUT_S,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_POLL_INTERVAL] =
    g_param_spec_uint ("poll-interval", NULL, NULL, 1, 24 * 3600, LIMN_SYNC_DEFAULT_POLL_S,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  /* Batches on their way at once: while the server applies one, the next
   * is built, sent and parsed. Each is still sent until answered. */
  properties[PROP_MAX_IN_FLIGHT] =
    g_param_spec_uint ("max-in-flight", NULL, NULL, 1, 8, LIMN_SYNC_DEFAULT_IN_FLIGHT,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  properties[PROP_N_WAITING_TASKS] =
    g_param_spec_int64 ("n-waiting-tasks", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEXT_RETRY_US] =
    g_param_spec_int64 ("next-retry-us", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LimnSyncClient::conflict:
   * @kind: "annotation", "event" or "flag"
   * @id: the item's id
   * @reason: the server's reason
   *
   * The server stored the item as a conflicted revision (the task was
   * reassigned, expired or reviewed meanwhile). The local copy is kept and
   * marked conflicted.
   */
  signals[CONFLICT] =
    g_signal_new ("conflict", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * LimnSyncClient::rejected:
   *
   * The server refused the item and stored nothing; it will not be sent
   * again. The reason is kept with it.
   */
  signals[REJECTED] =
    g_signal_new ("rejected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);

  /**
   * LimnSyncClient::changes-applied:
   * @n_changes: how many
   *
   * Changes from the server (leases, guidelines, labels, gold) are stored;
   * the app reloads what it shows.
   */
  signals[CHANGES_APPLIED] =
    g_signal_new ("changes-applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  /**
   * LimnSyncClient::media-changed:
   * @sha256: the image
   *
   * An image that was asked for (or prefetched) changed state: see
   * limn_sync_client_get_media_state().
   */
  signals[MEDIA_CHANGED] =
    g_signal_new ("media-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
limn_sync_client_init (LimnSyncClient *self)
{
  g_autofree char *user_agent = g_strdup_printf ("Limn/%s", PACKAGE_VERSION);

  self->state = LIMN_SYNC_STATE_IDLE;
  self->context = g_main_context_ref_thread_default ();
  self->session = soup_session_new_with_options ("timeout", LIMN_SYNC_DEFAULT_TIMEOUT_S,
                                                 "idle-timeout", 60,
                                                 "user-agent", user_agent,
                                                 /* From g_get_language_names(): lets
                                                  * the server know the user's
                                                  * languages (issue 21). */
                                                 "accept-language-auto", TRUE,
                                                 NULL);
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  self->current = g_ptr_array_new_with_free_func (g_object_unref);
  self->rand = g_rand_new ();
  self->backoff_base_ms = LIMN_SYNC_BACKOFF_BASE_MS;
  self->backoff_cap_ms = LIMN_SYNC_BACKOFF_CAP_MS;
  self->batch_size = LIMN_SYNC_DEFAULT_BATCH_SIZE;
  self->batch_limit = LIMN_SYNC_DEFAULT_BATCH_SIZE;
  self->max_in_flight = LIMN_SYNC_DEFAULT_IN_FLIGHT;
  self->in_flight = limn_sync_jobs_in_flight_new ();
  self->prefetch_count = LIMN_SYNC_DEFAULT_PREFETCH;
  self->poll_s = LIMN_SYNC_DEFAULT_POLL_S;
  self->retry_delay_ms = -1;
  self->last_error_code = -1;
  self->claim_retries = g_ptr_array_new ();
  self->review_retries = g_ptr_array_new ();
  limn_sync_client_media_init (self);
}

LimnSyncClient *
limn_sync_client_new (LimnStoreWorker *worker,
                      const char      *data_dir)
{
  LimnSyncClient *self;

  g_return_val_if_fail (LIMN_IS_STORE_WORKER (worker), NULL);
  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (LIMN_TYPE_SYNC_CLIENT, NULL);
  self->worker = g_object_ref (worker);
  self->data_dir = g_strdup (data_dir);
  self->media_dir = g_build_filename (data_dir, "media", NULL);
  self->credentials = limn_credentials_new (data_dir, LIMN_CREDENTIALS_AUTO);
  limn_sync_client_runs_init (self);

  return self;
}

/* Getters */

LimnSyncState
limn_sync_client_get_state (LimnSyncClient *self)
{
  g_return_val_if_fail (LIMN_IS_SYNC_CLIENT (self), LIMN_SYNC_STATE_ERROR);
  return self->state;
}

gint64
limn_sync_client_get_n_pending (LimnSyncClient *self)
{
  g_return_val_if_fail (LIMN_IS_SYNC_CLIENT (self), 0);
  return self->n_pending;
}

gint64
limn_sync_client_get_n_waiting_tasks (LimnSyncClient *self)
{
  g_return_val_if_fail (LIMN_IS_SYNC_CLIENT (self), 0);
  return self->n_waiting_tasks;
}

gint64
limn_sync_client_get_next_retry_us (LimnSyncClient *self)
{
  g_return_val_if_fail (LIMN_IS_SYNC_CLIENT (self), 0);
  return self->next_retry_us;
}

gint64
limn_sync_client_get_last_success_us (LimnSyncClient *self)
{
  g_return_val_if_fail (LIMN_IS_SYNC_CLIENT (self), 0);
  return self->last_success_us;
}

int
limn_sync_client_get_last_error_code (LimnSyncClient *self)
{
  g_return_val_if_fail (LIMN_IS_SYNC_CLIENT (self), -1);
  return self->last_error_code;
}

const char *
limn_sync_client_get_last_error (LimnSyncClient *self)
{
  g_return_val_if_fail (LIMN_IS_SYNC_CLIENT (self), NULL);
  return self->last_error;
}

const char *
limn_sync_client_get_server_url (LimnSyncClient *self)
{
  g_return_val_if_fail (LIMN_IS_SYNC_CLIENT (self), NULL);
  return self->server_url;
}

const char *
limn_sync_client_get_user_name (LimnSyncClient *self)
{
  g_return_val_if_fail (LIMN_IS_SYNC_CLIENT (self), NULL);
  return self->account != NULL ? self->account->user_name : NULL;
}

const char *
limn_sync_client_get_user_id (LimnSyncClient *self)
{
  g_return_val_if_fail (LIMN_IS_SYNC_CLIENT (self), NULL);
  return self->account != NULL ? self->account->user_id : NULL;
}

const char *
limn_sync_client_get_project_id (LimnSyncClient *self)
{
  g_return_val_if_fail (LIMN_IS_SYNC_CLIENT (self), NULL);
  return self->account != NULL ? self->account->project_id : NULL;
}

const char *
limn_sync_client_get_role (LimnSyncClient *self)
{
  g_return_val_if_fail (LIMN_IS_SYNC_CLIENT (self), NULL);
  return self->account != NULL ? self->account->role : NULL;
}

gboolean
limn_sync_client_is_reviewer (LimnSyncClient *self)
{
  const char *role = limn_sync_client_get_role (self);

  return g_strcmp0 (role, "reviewer") == 0 || g_strcmp0 (role, "admin") == 0;
}

const char *
limn_sync_client_get_media_dir (LimnSyncClient *self)
{
  g_return_val_if_fail (LIMN_IS_SYNC_CLIENT (self), NULL);
  return self->media_dir;
}

guint
limn_sync_client_get_prefetch_count (LimnSyncClient *self)
{
  g_return_val_if_fail (LIMN_IS_SYNC_CLIENT (self), 0);
  return self->prefetch_count;
}

void
limn_sync_client_set_prefetch_count (LimnSyncClient *self,
                                     guint           count)
{
  g_return_if_fail (LIMN_IS_SYNC_CLIENT (self));

  count = MIN (count, LIMN_WIRE_MAX_CLAIM);
  if (self->prefetch_count == count)
    return;

  self->prefetch_count = count;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREFETCH_COUNT]);
}

/* Test hooks */

guint
limn_sync_client_get_n_requests (LimnSyncClient *self)
{
  g_return_val_if_fail (LIMN_IS_SYNC_CLIENT (self), 0);
  return self->n_requests;
}

void
limn_sync_client_set_backoff (LimnSyncClient *self,
                              gint64          base_ms,
                              gint64          cap_ms,
                              guint32         seed)
{
  g_return_if_fail (LIMN_IS_SYNC_CLIENT (self));

  self->backoff_base_ms = base_ms;
  self->backoff_cap_ms = cap_ms;
  g_rand_set_seed (self->rand, seed);
}

void
limn_sync_client_set_network_monitor (LimnSyncClient  *self,
                                      GNetworkMonitor *monitor)
{
  g_return_if_fail (LIMN_IS_SYNC_CLIENT (self));
  g_return_if_fail (!self->automatic);

  g_set_object (&self->monitor, monitor);
}

gint64
limn_sync_client_get_retry_delay_ms (LimnSyncClient *self)
{
  g_return_val_if_fail (LIMN_IS_SYNC_CLIENT (self), -1);
  return self->retry_delay_ms;
}
