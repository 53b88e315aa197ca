/* limn-sync-client-campaigns.c
 *
 * LimnSyncClient and relabel campaigns (issue 20, docs/api.md "Relabel
 * campaigns"), for a reviewer or admin: the project's list
 * (GET /api/v1/projects/{id}/campaigns) and approving one
 * (POST …/campaigns/{cid}/approve). Nothing is stored: the Team page shows
 * the answer. As the dashboard's fetch, a busy or slow server is asked
 * again a few times after the client's backoff, one that cannot be
 * reached fails at once, and errors say what they mean for campaigns.
 *
 * An approval tried again after a lost answer may find the campaign
 * running already (409): the sentence says it is no longer waiting for
 * approval, which is true either way, and the page refreshes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-sync-client-private.h"
#include "limn-sync-http.h"
#include "limn-sync-retry.h"
#include "limn-wire-campaigns.h"
#include "model/limn-id.h"

#define MAX_CAMPAIGN_ATTEMPTS 3

typedef struct
{
  LimnSyncRetry retry;   /* first: limn-sync-retry.h */
  char         *project_id;
  char         *campaign_id;  /* approve; NULL: the list */
} Call;

static void
call_free (gpointer data)
{
  Call *c = data;

  g_free (c->project_id);
  g_free (c->campaign_id);
  limn_sync_retry_clear (&c->retry);
  g_free (c);
}

/* The sync client's error, said for campaigns. Takes @error. */
static GError *
campaign_error (GError   *error,
                gboolean  approving)
{
  GError *said = NULL;

  if (error->domain != LIMN_SYNC_ERROR)
    return error;

  switch (error->code)
    {
    case LIMN_SYNC_ERROR_OFFLINE:
      said = g_error_new_literal (LIMN_SYNC_ERROR, error->code,
                                  approving ? _("The server cannot be reached, so the campaign was not approved.")
                                            : _("The server cannot be reached, so the relabel campaigns "
                                                "could not be brought up to date."));
      break;
    case LIMN_SYNC_ERROR_FORBIDDEN:
      /* The server refuses the proposer and anyone not a reviewer or an
       * admin alike; its own sentence tells which. */
      said = g_error_new (LIMN_SYNC_ERROR, error->code,
                          approving ? _("You may not approve this campaign: a reviewer or admin other than "
                                        "the one who proposed it must. %s")
                                    : _("Only reviewers and admins of this project may see its relabel "
                                        "campaigns. %s"),
                          error->message);
      break;
    case LIMN_SYNC_ERROR_NOT_FOUND:
      said = g_error_new_literal (LIMN_SYNC_ERROR, error->code,
                                  approving ? _("The server no longer has this campaign.")
                                            : _("The server has no relabel campaigns for this project; "
                                                "it may be older than this version of Limn."));
      break;
    case LIMN_SYNC_ERROR_REFUSED:
      if (!approving)
        return error;
      said = g_error_new_literal (LIMN_SYNC_ERROR, error->code,
                                  _("This campaign is no longer waiting for approval: someone approved "
                                    "or cancelled it meanwhile."));
      break;
    case LIMN_SYNC_ERROR_UNAVAILABLE:
      said = g_error_new_literal (LIMN_SYNC_ERROR, error->code,
                                  approving ? _("The server had a problem approving the campaign. "
                                                "Try again in a while.")
                                            : _("The server had a problem listing the relabel campaigns. "
                                                "Try again in a while."));
      break;
    default:
      return error;
    }

  g_debug ("Campaigns: %s", error->message);
  g_error_free (error);
  return said;
}

static void
answer_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  GTask *task = data;
  LimnSyncClient *self = g_task_get_source_object (task);
  Call *c = g_task_get_task_data (task);
  g_autoptr(LimnSyncResponse) response = NULL;
  gpointer answer = NULL;
  GError *error = NULL;

  response = limn_sync_http_send_finish (result, &error);
  if (response != NULL)
    error = limn_sync_http_status_error (response);
  if (error == NULL)
    answer = c->campaign_id != NULL ? (gpointer)limn_wire_parse_campaign (response->body, &error)
                                    : (gpointer)limn_wire_parse_campaigns (response->body, &error);
  if (error != NULL)
    {
      /* Offline stays offline for a while: the page says so now. */
      gboolean worth = limn_sync_retry_is_fault (error) &&
                       !g_error_matches (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_OFFLINE);

      limn_sync_retry_failed (task, campaign_error (error, c->campaign_id != NULL),
                              response != NULL ? limn_sync_client_retry_after_ms (response) : -1, worth);
      return;
    }

  limn_sync_client_note_reachable (self);
  if (c->campaign_id != NULL)
    g_task_return_pointer (task, answer, (GDestroyNotify)limn_campaign_free);
  else
    g_task_return_pointer (task, answer, (GDestroyNotify)g_ptr_array_unref);
  g_object_unref (task);
}

static void
call_try (GTask *task)   /* owned */
{
  LimnSyncClient *self = g_task_get_source_object (task);
  Call *c = g_task_get_task_data (task);
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *path = NULL;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (self->server_url == NULL || self->token == NULL)
    {
      g_task_return_new_error (task, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_NOT_SIGNED_IN,
                               _("Sign in to a Limn server to see relabel campaigns."));
      g_object_unref (task);
      return;
    }

  if (c->campaign_id != NULL)
    {
      path = g_strdup_printf ("/api/v1/projects/%s/campaigns/%s/approve", c->project_id, c->campaign_id);
      body = g_bytes_new_static ("{}", 2);
      message = limn_sync_client_new_message (self, "POST", path, NULL, body);
    }
  else
    {
      path = g_strdup_printf ("/api/v1/projects/%s/campaigns", c->project_id);
      message = limn_sync_client_new_message (self, "GET", path, NULL, NULL);
    }
  limn_sync_http_send_async (self->session, message, LIMN_SYNC_MAX_ANSWER_BYTES,
                             g_task_get_cancellable (task), answer_cb, task);
}

static void
start (LimnSyncClient      *self,
       const char          *project_id,
       const char          *campaign_id,
       gpointer             source_tag,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Call *c;

  g_task_set_source_tag (task, source_tag);

  if (!limn_id_is_uuid (project_id))
    {
      g_task_return_new_error (task, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_FAILED,
                               _("“%s” is not a project id."), project_id ? project_id : "");
      return;
    }
  if (source_tag == limn_sync_client_approve_campaign_async && !limn_id_is_uuid (campaign_id))
    {
      g_task_return_new_error (task, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_FAILED,
                               _("“%s” is not a campaign id."), campaign_id ? campaign_id : "");
      return;
    }

  c = g_new0 (Call, 1);
  limn_sync_retry_init (&c->retry, call_try, &self->review_retries,
                        campaign_id != NULL ? "Approve campaign" : "Campaigns", MAX_CAMPAIGN_ATTEMPTS);
  c->project_id = g_strdup (project_id);
  c->campaign_id = g_strdup (campaign_id);
  g_task_set_task_data (task, c, call_free);

  call_try (g_steal_pointer (&task));
}

void
limn_sync_client_list_campaigns_async (LimnSyncClient      *self,
                                       const char          *project_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (LIMN_IS_SYNC_CLIENT (self));

  start (self, project_id, NULL, limn_sync_client_list_campaigns_async, cancellable, callback, user_data);
}

GPtrArray *
limn_sync_client_list_campaigns_finish (LimnSyncClient  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
limn_sync_client_approve_campaign_async (LimnSyncClient      *self,
                                         const char          *project_id,
                                         const char          *campaign_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (LIMN_IS_SYNC_CLIENT (self));

  start (self, project_id, campaign_id != NULL ? campaign_id : "", limn_sync_client_approve_campaign_async,
         cancellable, callback, user_data);
}

LimnCampaign *
limn_sync_client_approve_campaign_finish (LimnSyncClient  *self,
                                          GAsyncResult    *result,
                                          GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
