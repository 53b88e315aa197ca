/* limn-sync-client-account.c
 *
 * LimnSyncClient's server and account: set_server (checks the address,
 * sends nothing), sign in (asks the server whose the token is, records the
 * account, keeps the token), restore at start-up, sign out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-sync-client-private.h"
#include "limn-sync-http.h"
#include "limn-sync-jobs.h"

/* Server and account */

static gboolean
apply_server (LimnSyncClient       *self,
              const char           *url,
              const char           *token,
              LimnSyncServerFlags   flags,
              GError              **error)
{
  gboolean allow_insecure = (flags & LIMN_SYNC_SERVER_ALLOW_INSECURE) != 0;
  g_autofree char *normalized = limn_sync_url_normalize (url, allow_insecure, error);

  if (normalized == NULL || !limn_credentials_check_token (token, error))
    return FALSE;

  /* A different server or token: whatever is under way belongs to the old one. */
  if (g_strcmp0 (normalized, self->server_url) != 0 || g_strcmp0 (token, self->token) != 0)
    {
      limn_sync_client_abort_run (self);
      limn_sync_client_set_account (self, NULL);
      self->failures = 0;
    }

  g_free (self->server_url);
  self->server_url = g_steal_pointer (&normalized);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  self->token = g_strdup (token);
  self->allow_insecure = allow_insecure;

  limn_sync_client_notify (self, LIMN_SYNC_CLIENT_PROP_SERVER_URL);

  return TRUE;
}

gboolean
limn_sync_client_set_server (LimnSyncClient       *self,
                             const char           *url,
                             const char           *token,
                             LimnSyncServerFlags   flags,
                             GError              **error)
{
  g_return_val_if_fail (LIMN_IS_SYNC_CLIENT (self), FALSE);
  g_return_val_if_fail (url != NULL, FALSE);

  return apply_server (self, url, token, flags, error);
}

/* Sign in: /me → account (token_ref "none") → keep the token → account
 * with its token_ref. */

typedef struct
{
  LimnWireMe *me;
  char       *token;
} SignIn;

static void
sign_in_free (gpointer data)
{
  SignIn *s = data;

  g_clear_pointer (&s->me, limn_wire_me_free);
  if (s->token != NULL)
    memset (s->token, 0, strlen (s->token));
  g_free (s->token);
  g_free (s);
}

static void
sign_in_account_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GTask) task = data;
  LimnSyncClient *self = g_task_get_source_object (task);
  GError *error = NULL;
  LimnAccount *account = limn_sync_jobs_account_finish (LIMN_STORE_WORKER (object), result, &error);

  if (account == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  limn_sync_client_set_account (self, account);
  limn_sync_client_refresh_pending (self);
  g_task_return_boolean (task, TRUE);
}

static void
sign_in_kept_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GTask) task = data;
  LimnSyncClient *self = g_task_get_source_object (task);
  SignIn *s = g_task_get_task_data (task);
  g_autofree char *token_ref = NULL;
  GError *error = NULL;

  token_ref = limn_credentials_store_finish (LIMN_CREDENTIALS (object), result, &error);
  if (token_ref == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  limn_sync_jobs_ensure_account_async (self->worker, self->server_url, s->me, token_ref,
                                       self->allow_insecure, sign_in_account_cb, g_steal_pointer (&task));
}

static void
sign_in_first_account_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      data)
{
  g_autoptr(GTask) task = data;
  LimnSyncClient *self = g_task_get_source_object (task);
  SignIn *s = g_task_get_task_data (task);
  g_autoptr(LimnAccount) account = NULL;
  GError *error = NULL;

  account = limn_sync_jobs_account_finish (LIMN_STORE_WORKER (object), result, &error);
  if (account == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  {
    GCancellable *cancellable = g_task_get_cancellable (task);

    limn_credentials_store_async (self->credentials, account->id, self->server_url, s->token,
                                  cancellable, sign_in_kept_cb, g_steal_pointer (&task));
  }
}

static void
sign_in_me_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(GTask) task = data;
  LimnSyncClient *self = g_task_get_source_object (task);
  SignIn *s = g_task_get_task_data (task);
  g_autoptr(LimnSyncResponse) response = NULL;
  GError *error = NULL;

  response = limn_sync_http_send_finish (result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  error = limn_sync_http_status_error (response);
  if (error == NULL)
    s->me = limn_wire_parse_me (response->body, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  limn_sync_jobs_ensure_account_async (self->worker, self->server_url, s->me, "none",
                                       self->allow_insecure, sign_in_first_account_cb,
                                       g_steal_pointer (&task));
}

void
limn_sync_client_sign_in_async (LimnSyncClient       *self,
                                const char           *url,
                                const char           *token,
                                LimnSyncServerFlags   flags,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) message = NULL;
  SignIn *s;
  GError *error = NULL;

  g_return_if_fail (LIMN_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, limn_sync_client_sign_in_async);

  if (!apply_server (self, url, token, flags, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  s = g_new0 (SignIn, 1);
  s->token = g_strdup (token);
  g_task_set_task_data (task, s, sign_in_free);

  message = limn_sync_client_new_message (self, "GET", "/api/v1/me", NULL, NULL);
  limn_sync_http_send_async (self->session, message, LIMN_SYNC_MAX_ANSWER_BYTES, cancellable,
                             sign_in_me_cb, g_steal_pointer (&task));
}

gboolean
limn_sync_client_sign_in_finish (LimnSyncClient  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Restore: the last account and its token. */

static void
restore_token_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  LimnSyncClient *self = g_task_get_source_object (task);
  LimnAccount *account = g_task_get_task_data (task);
  g_autofree char *token = NULL;
  GError *error = NULL;

  token = limn_credentials_lookup_finish (LIMN_CREDENTIALS (object), result, &error);
  if (token == NULL ||
      !apply_server (self, account->server_url, token,
                     account->allow_insecure ? LIMN_SYNC_SERVER_ALLOW_INSECURE : 0, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  limn_sync_client_set_account (self, limn_account_copy (account));
  limn_sync_client_refresh_pending (self);
  g_task_return_boolean (task, TRUE);
}

static void
restore_account_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GTask) task = data;
  LimnSyncClient *self = g_task_get_source_object (task);
  LimnAccount *account;
  GError *error = NULL;

  account = limn_sync_jobs_account_finish (LIMN_STORE_WORKER (object), result, &error);
  if (account == NULL)
    {
      if (g_error_matches (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND))
        {
          g_task_return_new_error (task, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_NOT_SIGNED_IN,
                                   "%s", error->message);
          g_error_free (error);
        }
      else
        g_task_return_error (task, error);
      return;
    }

  g_task_set_task_data (task, account, (GDestroyNotify)limn_account_free);

  if (g_strcmp0 (account->token_ref, "none") == 0)
    {
      g_task_return_new_error (task, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_NOT_SIGNED_IN,
                               _("No token was kept for %s; sign in again."), account->server_url);
      return;
    }

  {
    GCancellable *cancellable = g_task_get_cancellable (task);

    limn_credentials_lookup_async (self->credentials, account->id, account->token_ref,
                                   cancellable, restore_token_cb, g_steal_pointer (&task));
  }
}

void
limn_sync_client_restore_async (LimnSyncClient      *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (LIMN_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, limn_sync_client_restore_async);
  limn_sync_jobs_load_account_async (self->worker, NULL, restore_account_cb, task);
}

gboolean
limn_sync_client_restore_finish (LimnSyncClient  *self,
                                 GAsyncResult    *result,
                                 GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
sign_out_deleted_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;

  if (!limn_credentials_delete_finish (LIMN_CREDENTIALS (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* The account row stays (its cursor and open batches resume on the next
 * sign-in); only the token goes. */
void
limn_sync_client_sign_out_async (LimnSyncClient      *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;
  g_autoptr(LimnAccount) account = NULL;

  g_return_if_fail (LIMN_IS_SYNC_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, limn_sync_client_sign_out_async);

  limn_sync_client_stop (self);
  account = g_steal_pointer (&self->account);
  limn_sync_client_set_account (self, NULL);
  g_clear_pointer (&self->server_url, g_free);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_clear_pointer (&self->token, g_free);
  limn_sync_client_notify (self, LIMN_SYNC_CLIENT_PROP_SERVER_URL);

  if (account == NULL || g_strcmp0 (account->token_ref, "none") == 0)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  limn_credentials_delete_async (self->credentials, account->id, account->token_ref, cancellable,
                                 sign_out_deleted_cb, task);
}

gboolean
limn_sync_client_sign_out_finish (LimnSyncClient  *self,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
