/* limn-server-routes-campaigns.c
 *
 * Relabel campaigns over HTTP, for reviewers of the project and admins
 * (docs/api.md, "Relabel campaigns"): GET projects/{id}/campaigns (the
 * list with progress), GET projects/{id}/campaigns/{cid} (its status
 * with items and comparison) and POST projects/{id}/campaigns/{cid}/approve
 * (by the caller, who must not be the proposer). The answers are the
 * JSON `limn-server admin campaign list|status|approve` print; proposing,
 * finishing, rolling back and cancelling stay with the admin commands.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-server-campaigns.h"
#include "limn-server-pseudonyms.h"
#include "limn-server-routes.h"

static gboolean
may_see (LimnServerExchange *ex,
         const char         *project_id)
{
  if (ex->principal->role != LIMN_SERVER_ROLE_REVIEWER &&
      ex->principal->role != LIMN_SERVER_ROLE_ADMIN)
    {
      limn_server_respond_error (ex, 403, _("Only reviewers and admins see relabel campaigns."));
      return FALSE;
    }
  return limn_server_check_project (ex, project_id);
}

/* The steps say "not allowed" and "not in that state" in GIO's words. */
static void
respond_step_error (LimnServerExchange *ex,
                    const GError       *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
    limn_server_respond_error (ex, 403, error->message);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
    limn_server_respond_error (ex, 409, error->message);
  else
    limn_server_respond_gerror (ex, error);
}

/* Reviewers see annotators as on the team dashboard: by pseudonym. */
static void
respond (LimnServerBackend  *backend,
         LimnServerExchange *ex,
         const char         *project_id,
         JsonObject         *out,
         const GError       *error)
{
  g_autoptr(GError) local_error = NULL;

  if (out == NULL)
    {
      respond_step_error (ex, error);
      return;
    }
  if (ex->principal->role != LIMN_SERVER_ROLE_ADMIN &&
      !limn_server_pseudonymize_annotators (backend, out, project_id, &local_error))
    {
      json_object_unref (out);
      limn_server_respond_gerror (ex, local_error);
      return;
    }
  limn_server_respond_object (ex, 200, out);
  json_object_unref (out);
}

void
limn_server_handle_campaigns (LimnServerBackend  *backend,
                              LimnServerExchange *ex,
                              const char         *project_id)
{
  g_autoptr(GError) error = NULL;
  JsonObject *out;

  if (!may_see (ex, project_id))
    return;
  out = limn_server_campaigns_list (backend, project_id, &error);
  respond (backend, ex, project_id, out, error);
}

void
limn_server_handle_campaign (LimnServerBackend  *backend,
                             LimnServerExchange *ex,
                             const char         *project_id)
{
  g_autoptr(GError) error = NULL;
  const char *campaign_id = ex->segments[3];
  JsonObject *out;

  if (!may_see (ex, project_id))
    return;
  out = limn_server_campaigns_status (backend, campaign_id, project_id, &error);
  respond (backend, ex, project_id, out, error);
}

void
limn_server_handle_campaign_approve (LimnServerBackend  *backend,
                                     LimnServerExchange *ex,
                                     const char         *project_id)
{
  g_autoptr(GError) error = NULL;
  const char *campaign_id = ex->segments[3];
  JsonObject *out;

  if (!may_see (ex, project_id))
    return;
  /* The caller approves: the same four-eyes rule as the admin command. */
  out = limn_server_campaigns_approve (backend, campaign_id, project_id,
                                       ex->principal->user_name, &error);
  respond (backend, ex, project_id, out, error);
}
