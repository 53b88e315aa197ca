/* limn-server-campaign-triggers.c
 *
 * Relabel campaigns the server proposes itself (docs/server-guide.md,
 * "Relabel campaigns", "Proposed by the server"): when an alert first
 * fires (a confusion hot spot among them) and when a guideline version is
 * published naming the labels it changes. Each is only a proposal, made
 * in the transaction of its cause; a person approves it or cancels it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "limn-server-audit.h"
#include "limn-server-campaigns-private.h"

GStrv
limn_server_campaign_label_ids (const LimnServerProject  *project,
                                const char * const       *labels,
                                GError                  **error)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; labels != NULL && labels[i] != NULL; i++)
    {
      const LimnServerLabel *found = NULL;

      for (guint k = 0; k < project->labels->len && found == NULL; k++)
        {
          const LimnServerLabel *l = g_ptr_array_index (project->labels, k);

          if (g_str_equal (l->id, labels[i]) || g_str_equal (l->name, labels[i]))
            found = l;
        }
      if (found == NULL)
        {
          g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_INVALID,
                       _("The project has no label “%s”."), labels[i]);
          return NULL;
        }
      if (g_hash_table_add (seen, found->id))
        g_strv_builder_add (ids, found->id);
    }
  return g_strv_builder_end (ids);
}

static gboolean
is_open (const LimnServerCampaign *c)
{
  return g_str_equal (c->state, "proposed") || g_str_equal (c->state, "approved") ||
         g_str_equal (c->state, "running");
}

/* @c's scope as an object (a new reference), or NULL. */
static JsonObject *
scope_of (const LimnServerCampaign *c)
{
  g_autoptr(JsonNode) n = c->scope ? json_from_string (c->scope, NULL) : NULL;

  return n != NULL && JSON_NODE_HOLDS_OBJECT (n) ? json_object_ref (json_node_get_object (n))
                                                   : NULL;
}

/* Whether @scope confuses the labels @a and @b, in either order. */
static gboolean
scope_confuses (JsonObject *scope,
                const char *a,
                const char *b)
{
  JsonNode *n = json_object_get_member (scope, "confused_labels");
  JsonArray *pair;
  const char *x, *y;

  if (n == NULL || !JSON_NODE_HOLDS_ARRAY (n))
    return FALSE;
  pair = json_node_get_array (n);
  if (json_array_get_length (pair) != 2)
    return FALSE;
  x = json_array_get_string_element (pair, 0);
  y = json_array_get_string_element (pair, 1);
  return (g_strcmp0 (x, a) == 0 && g_strcmp0 (y, b) == 0) ||
         (g_strcmp0 (x, b) == 0 && g_strcmp0 (y, a) == 0);
}

/* A scope that names nothing to relabel (@local_error, taken, says
 * why) proposes nothing: its cause stands on its own. Anything else is a
 * failure. */
static gboolean
nothing_to_relabel (const char  *cause,
                    GError      *local_error,
                    GError     **error)
{
  if (local_error->domain == G_IO_ERROR ||
      g_error_matches (local_error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND))
    {
      g_debug ("No campaign for %s: %s", cause, local_error->message);
      g_error_free (local_error);
      return TRUE;
    }
  g_propagate_error (error, local_error);
  return FALSE;
}

/* Matches @scope (its alert's part filled in already) and keeps the
 * proposal, with the audit entry `server.campaign.propose` (@detail,
 * taken, gets the rest); nothing when it matches no answer. */
static gboolean
propose (LimnServerTxn            *txn,
         const LimnServerProject  *project,
         LimnServerCampaignScope  *scope,
         gint64                    from_guidelines,
         const char               *reason,
         const char               *cause,
         JsonObject               *detail,
         gint64                    now_us,
         GError                  **error)
{
  g_autoptr(JsonObject) audit = detail;
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(LimnServerCampaign) c = NULL;
  g_autoptr(GError) local_error = NULL;

  matches = limn_server_campaign_scope_match (txn, project, scope, &local_error);
  if (matches == NULL)
    return nothing_to_relabel (cause, g_steal_pointer (&local_error), error);
  if (matches->len == 0)
    return TRUE;

  c = limn_server_campaign_insert_proposal (txn, project->id, scope, matches,
                                            LIMN_SERVER_DATASET_MAJORITY, reason, NULL,
                                            from_guidelines, now_us, error);
  if (c == NULL)
    return FALSE;

  json_object_set_string_member (audit, "by", "limn-server");
  json_object_set_string_member (audit, "campaign_id", c->id);
  json_object_set_string_member (audit, "project_id", c->project_id);
  json_object_set_int_member (audit, "answers", matches->len);
  return limn_server_audit_add (txn, NULL, "server.campaign.propose", audit, error);
}

gboolean
limn_server_campaigns_propose_for_alert (LimnServerTxn          *txn,
                                         const LimnServerAlert  *alert,
                                         gint64                  now_us,
                                         GError                **error)
{
  g_autoptr(LimnServerProject) project = NULL;
  g_autoptr(GPtrArray) campaigns = NULL;
  g_auto(LimnServerCampaignScope) scope = { NULL };
  g_autofree char *reason = NULL;
  g_autofree char *cause = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *detail;

  if ((project = limn_server_campaign_get_project (txn, alert->project_id, error)) == NULL)
    return FALSE;
  if (!project->settings.auto_propose_campaigns)
    return TRUE;

  cause = g_strdup_printf ("alert %s", alert->id);
  limn_server_campaign_scope_init (&scope);
  scope.alert_id = g_strdup (alert->id);
  if (!limn_server_campaign_scope_from_alert (txn, project, &scope, &local_error))
    return nothing_to_relabel (cause, g_steal_pointer (&local_error), error);

  /* One open proposal per alert, and per label pair (a hot spot that
   * cleared and fired again is a new alert): a person decides first. */
  if ((campaigns = txn->store->list_campaigns (txn, alert->project_id, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < campaigns->len; i++)
    {
      const LimnServerCampaign *o = g_ptr_array_index (campaigns, i);
      g_autoptr(JsonObject) o_scope = NULL;

      if (!is_open (o))
        continue;
      if (g_strcmp0 (o->proposed_from_alert, alert->id) == 0)
        return TRUE;
      if (scope.confused[0] != NULL && (o_scope = scope_of (o)) != NULL &&
          scope_confuses (o_scope, scope.confused[0], scope.confused[1]))
        return TRUE;
    }

  /* Kept in the server's language, as the alert's own message is. */
  reason = g_strdup_printf ("Proposed by alert %s (%s, %s): %s", alert->id, alert->kind,
                            alert->subject, alert->message);
  detail = json_object_new ();
  json_object_set_string_member (detail, "alert_id", alert->id);
  return propose (txn, project, &scope, 0, reason, cause, detail, now_us, error);
}

gboolean
limn_server_campaigns_propose_for_guidelines (LimnServerTxn        *txn,
                                              const char           *project_id,
                                              gint64                version,
                                              const char * const   *label_ids,
                                              gint64                now_us,
                                              GError              **error)
{
  g_autoptr(LimnServerProject) project = NULL;
  g_autoptr(GPtrArray) campaigns = NULL;
  g_auto(LimnServerCampaignScope) scope = { NULL };
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *reason = NULL;
  g_autofree char *cause = NULL;
  JsonObject *detail;
  JsonArray *labels;

  if (label_ids == NULL || label_ids[0] == NULL)
    return TRUE;
  if ((project = limn_server_campaign_get_project (txn, project_id, error)) == NULL)
    return FALSE;
  if (!project->settings.auto_propose_campaigns)
    return TRUE;

  /* One open proposal per guideline version (the table's unique index
   * says so too). */
  if ((campaigns = txn->store->list_campaigns (txn, project_id, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < campaigns->len; i++)
    {
      const LimnServerCampaign *o = g_ptr_array_index (campaigns, i);

      if (is_open (o) && o->proposed_from_guidelines == version)
        return TRUE;
    }

  limn_server_campaign_scope_init (&scope);
  scope.labels = g_strdupv ((char **)label_ids);
  scope.guideline_before = version;

  labels = json_array_new ();
  for (guint i = 0; label_ids[i] != NULL; i++)
    {
      const char *name = label_ids[i];

      for (guint k = 0; k < project->labels->len; k++)
        if (g_str_equal (((LimnServerLabel *)g_ptr_array_index (project->labels, k))->id,
                         label_ids[i]))
          name = ((LimnServerLabel *)g_ptr_array_index (project->labels, k))->name;
      g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", name);
      json_array_add_string_element (labels, label_ids[i]);
    }

  /* In the server's language, as an alert's reason. */
  reason = g_strdup_printf ("Guidelines v%" PRId64 " changed %s", version, names->str);
  cause = g_strdup_printf ("guideline version %" PRId64, version);
  detail = json_object_new ();
  json_object_set_int_member (detail, "guideline_version", version);
  json_object_set_array_member (detail, "labels", labels);
  return propose (txn, project, &scope, version, reason, cause, detail, now_us, error);
}
