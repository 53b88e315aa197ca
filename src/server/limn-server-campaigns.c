/* limn-server-campaigns.c
 *
 * The steps of a relabel campaign: preview, propose, approve (a base
 * dataset version and rework leases), status, finish (a result version
 * and the before/after figures), rollback (the base answers made current
 * again as new revisions), cancel and list. Each is one write (or read)
 * transaction, so a step that fails changes nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "json/limn-json-writer.h"
#include "limn-server-audit.h"
#include "limn-server-campaigns-private.h"
#include "limn-server-projects.h"

LimnServerProject *
limn_server_campaign_get_project (LimnServerTxn  *txn,
                                  const char     *project_id,
                                  GError        **error)
{
  g_autoptr(LimnServerProject) project = NULL;

  if (!txn->store->get_project (txn, project_id, &project, error))
    return NULL;
  if (project == NULL)
    g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                 _("There is no project “%s”."), project_id);
  return g_steal_pointer (&project);
}

/* @project_id (nullable): a campaign of another project reads as none. */
static LimnServerCampaign *
get_campaign_of (LimnServerTxn  *txn,
                 const char     *campaign_id,
                 const char     *project_id,
                 GError        **error)
{
  g_autoptr(LimnServerCampaign) c = NULL;

  if (!txn->store->get_campaign (txn, campaign_id, &c, error))
    return NULL;
  if (c != NULL && project_id != NULL && g_strcmp0 (c->project_id, project_id) != 0)
    g_clear_pointer (&c, limn_server_campaign_free);
  if (c == NULL)
    g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                 _("There is no campaign “%s”."), campaign_id);
  return g_steal_pointer (&c);
}

static LimnServerCampaign *
get_campaign (LimnServerTxn  *txn,
              const char     *campaign_id,
              GError        **error)
{
  return get_campaign_of (txn, campaign_id, NULL, error);
}

static char *
user_id_of (LimnServerTxn  *txn,
            const char     *name,
            GError        **error)
{
  g_autofree char *id = NULL;

  if (!txn->store->lookup_user (txn, name, &id, error))
    return NULL;
  if (id == NULL)
    g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                 _("There is no user “%s”."), name);
  return g_steal_pointer (&id);
}

static gboolean
refuse_state (const LimnServerCampaign  *c,
              const char                *step,
              GError                   **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
               _("Campaign “%s” is %s: it cannot be %s."), c->id, c->state, step);
  return FALSE;
}

static void
set_nullable (JsonObject *o,
              const char *member,
              const char *value)
{
  if (value != NULL)
    json_object_set_string_member (o, member, value);
  else
    json_object_set_null_member (o, member);
}

static JsonObject *
campaign_to_json (const LimnServerCampaign *c)
{
  JsonObject *o = json_object_new ();
  g_autoptr(JsonNode) scope = json_from_string (c->scope, NULL);

  json_object_set_string_member (o, "id", c->id);
  json_object_set_string_member (o, "project_id", c->project_id);
  json_object_set_string_member (o, "state", c->state);
  if (scope != NULL && JSON_NODE_HOLDS_OBJECT (scope))
    json_object_set_member (o, "scope", g_steal_pointer (&scope));
  json_object_set_string_member (o, "reason", c->reason);
  set_nullable (o, "proposed_by", c->proposed_by);
  if (c->proposed_from_alert != NULL)
    json_object_set_string_member (o, "proposed_from_alert", c->proposed_from_alert);
  else
    json_object_set_null_member (o, "proposed_from_alert");
  if (c->proposed_from_guidelines > 0)
    json_object_set_int_member (o, "proposed_from_guidelines", c->proposed_from_guidelines);
  else
    json_object_set_null_member (o, "proposed_from_guidelines");
  if (c->approved_by != NULL)
    json_object_set_string_member (o, "approved_by", c->approved_by);
  else
    json_object_set_null_member (o, "approved_by");
  json_object_set_string_member (o, "from", c->dataset_from);
  if (c->base_version > 0)
    json_object_set_int_member (o, "base_version", c->base_version);
  else
    json_object_set_null_member (o, "base_version");
  if (c->result_version > 0)
    json_object_set_int_member (o, "result_version", c->result_version);
  else
    json_object_set_null_member (o, "result_version");
  set_nullable (o, "finished_by", c->finished_by);
  set_nullable (o, "rolled_back_by", c->rolled_back_by);
  set_nullable (o, "cancelled_by", c->cancelled_by);
  json_object_set_int_member (o, "created_us", c->created_us);
  json_object_set_int_member (o, "updated_us", c->updated_us);
  return o;
}

static JsonArray *
matches_to_json (GPtrArray *matches)
{
  JsonArray *a = json_array_new ();

  for (guint i = 0; i < matches->len; i++)
    {
      const LimnServerCampaignMatch *m = g_ptr_array_index (matches, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "task_id", m->task_id);
      json_object_set_string_member (o, "title", m->title);
      json_object_set_string_member (o, "annotator", m->annotator);
      json_object_set_string_member (o, "annotation_id", m->annotation_id);
      json_object_set_int_member (o, "revision", m->revision);
      if (isfinite (m->agreement))
        json_object_set_double_member (o, "agreement", m->agreement);
      else
        json_object_set_null_member (o, "agreement");
      json_array_add_object_element (a, o);
    }
  return a;
}

static guint
count_tasks (GPtrArray *matches)
{
  guint n = 0;

  for (guint i = 0; i < matches->len; i++)
    n += i == 0 || !g_str_equal (((LimnServerCampaignMatch *)g_ptr_array_index (matches, i))->task_id,
                                 ((LimnServerCampaignMatch *)g_ptr_array_index (matches, i - 1))->task_id);
  return n;
}

GPtrArray *
limn_server_campaign_match_in (LimnServerTxn            *txn,
                               const LimnServerProject  *project,
                               LimnServerCampaignScope  *scope,
                               GError                  **error)
{
  if (scope->alert_id != NULL &&
      !limn_server_campaign_scope_from_alert (txn, project, scope, error))
    return NULL;
  return limn_server_campaign_scope_match (txn, project, scope, error);
}

JsonObject *
limn_server_campaigns_preview (LimnServerBackend        *backend,
                               const char               *project_id,
                               LimnServerCampaignScope  *scope,
                               GError                  **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);
  g_autoptr(LimnServerProject) project = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  JsonObject *out;

  if (txn == NULL ||
      (project = limn_server_campaign_get_project (txn, project_id, error)) == NULL ||
      (matches = limn_server_campaign_match_in (txn, project, scope, error)) == NULL)
    return NULL;

  out = json_object_new ();
  json_object_set_string_member (out, "project_id", project_id);
  json_object_set_object_member (out, "scope", limn_server_campaign_scope_to_json (scope));
  json_object_set_int_member (out, "tasks", count_tasks (matches));
  json_object_set_int_member (out, "answers", matches->len);
  json_object_set_array_member (out, "items", matches_to_json (matches));
  return out;
}

LimnServerCampaign *
limn_server_campaign_insert_proposal (LimnServerTxn                  *txn,
                                      const char                     *project_id,
                                      const LimnServerCampaignScope  *scope,
                                      GPtrArray                      *matches,
                                      LimnServerDatasetMethod         method,
                                      const char                     *reason,
                                      char                           *proposer,
                                      gint64                          from_guidelines,
                                      gint64                          now_us,
                                      GError                        **error)
{
  g_autoptr(LimnServerCampaign) c = g_new0 (LimnServerCampaign, 1);
  g_autoptr(JsonObject) scope_json = limn_server_campaign_scope_to_json (scope);

  c->id = g_uuid_string_random ();
  c->project_id = g_strdup (project_id);
  c->state = g_strdup ("proposed");
  c->scope = limn_json_writer_object_to_string (scope_json);
  c->reason = g_strdup (reason);
  c->proposed_by = proposer;
  c->proposed_from_alert = g_strdup (scope->alert_id);
  c->proposed_from_guidelines = from_guidelines;
  c->dataset_from = g_strdup (limn_server_dataset_method_to_string (method));
  c->created_us = c->updated_us = now_us;
  if (!txn->store->insert_campaign (txn, c, error))
    return NULL;

  for (guint i = 0; i < matches->len; i++)
    {
      const LimnServerCampaignMatch *m = g_ptr_array_index (matches, i);
      LimnServerCampaignItem item = { c->id, m->task_id, m->annotator, (char *)"proposed",
                                      NULL, NULL, NULL, FALSE };

      if (!txn->store->insert_campaign_item (txn, &item, error))
        return NULL;
    }
  return g_steal_pointer (&c);
}

JsonObject *
limn_server_campaigns_propose (LimnServerBackend        *backend,
                               const char               *project_id,
                               LimnServerCampaignScope  *scope,
                               LimnServerDatasetMethod   method,
                               const char               *reason,
                               const char               *by,
                               GError                  **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  g_autoptr(LimnServerProject) project = NULL;
  g_autoptr(GPtrArray) matches = NULL;
  g_autoptr(LimnServerCampaign) c = NULL;
  g_autoptr(JsonObject) detail = limn_server_audit_admin_detail ();
  g_autofree char *proposer = NULL;
  JsonObject *out;
  gint64 now_us = g_get_real_time ();

  if (txn == NULL || (project = limn_server_campaign_get_project (txn, project_id, error)) == NULL)
    return NULL;
  proposer = user_id_of (txn, by, error);
  if (proposer == NULL ||
      (matches = limn_server_campaign_match_in (txn, project, scope, error)) == NULL)
    return NULL;
  if (matches->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The scope matches no answer in project “%s”: nothing to relabel."),
                   project_id);
      return NULL;
    }

  c = limn_server_campaign_insert_proposal (txn, project_id, scope, matches, method, reason,
                       g_steal_pointer (&proposer), 0, now_us, error);
  if (c == NULL)
    return NULL;

  json_object_set_string_member (detail, "campaign_id", c->id);
  json_object_set_string_member (detail, "project_id", project_id);
  json_object_set_string_member (detail, "by", c->proposed_by);
  json_object_set_int_member (detail, "answers", matches->len);
  if (!limn_server_audit_add (txn, NULL, "admin.campaign.propose", detail, error) ||
      !limn_server_txn_commit (txn, error))
    return NULL;

  out = campaign_to_json (c);
  json_object_set_int_member (out, "tasks", count_tasks (matches));
  json_object_set_int_member (out, "answers", matches->len);
  json_object_set_array_member (out, "items", matches_to_json (matches));
  return out;
}

static char *
dataset_note (const LimnServerCampaign *c,
              const char               *what)
{
  return g_strdup_printf ("campaign %s: %s", c->id, what);
}

static LimnServerDataset *
make_version (LimnServerTxn             *txn,
              const LimnServerProject   *project,
              const LimnServerCampaign  *c,
              const char                *what,
              GError                   **error)
{
  LimnServerDatasetMethod method = LIMN_SERVER_DATASET_MAJORITY;
  g_autofree char *note = dataset_note (c, what);
  double min_iou = project->settings.match_iou > 0 ? project->settings.match_iou : 0.5;

  limn_server_dataset_method_from_string (c->dataset_from, &method);
  return limn_server_datasets_create_in (txn, c->project_id, method, min_iou, note,
                                         g_get_user_name (), error);
}

/* @by (a user name) as a user id, refused unless an admin or reviewer of
 * the campaign's project: who may approve, or roll back. */
static char *
reviewer_id_of (LimnServerTxn             *txn,
                const LimnServerCampaign  *c,
                const char                *by,
                const char                *what,
                GError                   **error)
{
  g_autofree char *id = user_id_of (txn, by, error);
  gboolean may = FALSE;

  if (id == NULL || !txn->store->user_may_review (txn, id, c->project_id, &may, error))
    return NULL;
  if (!may)
    {
      /* TRANSLATORS: the second %s is "approve" or "roll back" */
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("“%s” is neither an admin nor a reviewer of the project: they cannot "
                     "%s a campaign."), by, what);
      return NULL;
    }
  return g_steal_pointer (&id);
}

JsonObject *
limn_server_campaigns_approve (LimnServerBackend  *backend,
                               const char         *campaign_id,
                               const char         *project_id,
                               const char         *by,
                               GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  g_autoptr(LimnServerCampaign) c = NULL;
  g_autoptr(LimnServerProject) project = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(LimnServerDataset) base = NULL;
  g_autoptr(JsonObject) detail = limn_server_audit_admin_detail ();
  g_autofree char *approver = NULL;
  gint64 now_us = g_get_real_time ();
  guint sent = 0;
  JsonObject *out;

  if (txn == NULL || (c = get_campaign_of (txn, campaign_id, project_id, error)) == NULL)
    return NULL;
  if (!g_str_equal (c->state, "proposed"))
    return refuse_state (c, _("approved"), error), NULL;
  if ((approver = user_id_of (txn, by, error)) == NULL)
    return NULL;
  /* Four eyes: whoever proposed it cannot also start it. */
  if (g_strcmp0 (approver, c->proposed_by) == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("“%s” proposed campaign “%s”: another admin or reviewer must approve it."),
                   by, c->id);
      return NULL;
    }
  g_free (approver);
  if ((approver = reviewer_id_of (txn, c, by, _("approve"), error)) == NULL)
    return NULL;

  if ((project = limn_server_campaign_get_project (txn, c->project_id, error)) == NULL ||
      (items = txn->store->list_campaign_items (txn, c->id, error)) == NULL)
    return NULL;

  /* The version the campaign starts from, frozen before anything is sent
   * back. */
  base = make_version (txn, project, c, "base", error);
  if (base == NULL)
    return NULL;

  for (guint i = 0; i < items->len; i++)
    {
      LimnServerCampaignItem *item = g_ptr_array_index (items, i);
      g_autoptr(GPtrArray) all = txn->store->list_task_annotations (txn, item->task_id, error);
      LimnServerAnnotation *latest;

      if (all == NULL)
        return NULL;
      latest = limn_server_campaign_latest (all, item->annotator);
      if (latest == NULL)
        continue;
      if (!limn_server_campaign_send_back (txn, c, item, latest, now_us, error))
        return NULL;
      sent++;
    }

  g_free (c->state);
  c->state = g_strdup ("running");
  c->approved_by = g_steal_pointer (&approver);
  c->base_version = base->version;
  c->updated_us = now_us;
  json_object_set_string_member (detail, "campaign_id", c->id);
  json_object_set_string_member (detail, "project_id", c->project_id);
  json_object_set_string_member (detail, "by", c->approved_by);
  json_object_set_int_member (detail, "base_version", c->base_version);
  json_object_set_int_member (detail, "rework", sent);
  if (!txn->store->update_campaign (txn, c, error) ||
      !limn_server_audit_add (txn, NULL, "admin.campaign.approve", detail, error) ||
      !limn_server_txn_commit (txn, error))
    return NULL;

  out = campaign_to_json (c);
  json_object_set_int_member (out, "rework", sent);
  return out;
}

/* Counts of the items and, for each, its state now: a pending item is
 * reworked once its annotator submitted a revision after the base one. */
typedef struct
{
  guint total, pending, reworked, withdrawn;
  guint tasks;   /* distinct tasks among the answers */
} Progress;

static gboolean
refresh_items (LimnServerTxn  *txn,
               GPtrArray      *items,
               Progress       *p,
               JsonArray      *rows,
               GError        **error)
{
  g_autoptr(GHashTable) tasks = g_hash_table_new (g_str_hash, g_str_equal);

  *p = (Progress) { 0 };
  for (guint i = 0; i < items->len; i++)
    {
      LimnServerCampaignItem *item = g_ptr_array_index (items, i);

      p->total++;
      g_hash_table_add (tasks, item->task_id);
      if (g_str_equal (item->state, "pending"))
        {
          g_autoptr(GPtrArray) all = txn->store->list_task_annotations (txn, item->task_id, error);
          LimnServerAnnotation *latest;

          if (all == NULL)
            return FALSE;
          latest = limn_server_campaign_latest (all, item->annotator);
          if (latest != NULL && g_strcmp0 (latest->id, item->base_annotation_id) != 0)
            {
              g_free (item->state);
              item->state = g_strdup ("reworked");
              g_free (item->result_annotation_id);
              item->result_annotation_id = g_strdup (latest->id);
            }
        }
      if (g_str_equal (item->state, "pending"))
        p->pending++;
      else if (g_str_equal (item->state, "reworked"))
        p->reworked++;
      else if (g_str_equal (item->state, "withdrawn"))
        p->withdrawn++;

      if (rows != NULL)
        {
          JsonObject *o = json_object_new ();

          json_object_set_string_member (o, "task_id", item->task_id);
          json_object_set_string_member (o, "annotator", item->annotator);
          json_object_set_string_member (o, "state", item->state);
          if (item->base_annotation_id != NULL)
            json_object_set_string_member (o, "base_annotation_id", item->base_annotation_id);
          if (item->result_annotation_id != NULL)
            json_object_set_string_member (o, "result_annotation_id", item->result_annotation_id);
          json_array_add_object_element (rows, o);
        }
    }
  p->tasks = g_hash_table_size (tasks);
  return TRUE;
}

static void
set_progress (JsonObject     *out,
              const Progress *p)
{
  JsonObject *o = json_object_new ();

  json_object_set_int_member (o, "total", p->total);
  json_object_set_int_member (o, "reworked", p->reworked);
  json_object_set_int_member (o, "remaining", p->pending);
  json_object_set_int_member (o, "withdrawn", p->withdrawn);
  json_object_set_int_member (o, "tasks", p->tasks);
  json_object_set_object_member (out, "progress", o);
}

static void
set_comparison (JsonObject               *out,
                const LimnServerCampaign *c)
{
  g_autoptr(JsonNode) n = c->comparison ? json_from_string (c->comparison, NULL) : NULL;

  if (n != NULL && JSON_NODE_HOLDS_OBJECT (n))
    json_object_set_member (out, "comparison", g_steal_pointer (&n));
}

JsonObject *
limn_server_campaigns_status (LimnServerBackend  *backend,
                              const char         *campaign_id,
                              const char         *project_id,
                              GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);
  g_autoptr(LimnServerCampaign) c = NULL;
  g_autoptr(GPtrArray) items = NULL;
  JsonArray *rows = json_array_new ();
  JsonObject *out;
  Progress p;

  if (txn == NULL || (c = get_campaign_of (txn, campaign_id, project_id, error)) == NULL ||
      (items = txn->store->list_campaign_items (txn, c->id, error)) == NULL ||
      !refresh_items (txn, items, &p, rows, error))
    {
      json_array_unref (rows);
      return NULL;
    }

  out = campaign_to_json (c);
  set_progress (out, &p);
  set_comparison (out, c);
  json_object_set_array_member (out, "items", rows);
  return out;
}

JsonObject *
limn_server_campaigns_finish (LimnServerBackend  *backend,
                              const char         *campaign_id,
                              gboolean            partial,
                              const char         *by,
                              GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  g_autoptr(LimnServerCampaign) c = NULL;
  g_autoptr(LimnServerProject) project = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(LimnServerDataset) result = NULL;
  g_autoptr(JsonObject) comparison = NULL;
  g_autoptr(JsonObject) detail = limn_server_audit_admin_detail ();
  gint64 now_us = g_get_real_time ();
  JsonObject *out;
  Progress p;

  if (txn == NULL || (c = get_campaign (txn, campaign_id, error)) == NULL)
    return NULL;
  if (!g_str_equal (c->state, "running"))
    return refuse_state (c, _("finished"), error), NULL;
  if ((c->finished_by = user_id_of (txn, by, error)) == NULL)
    return NULL;
  if ((project = limn_server_campaign_get_project (txn, c->project_id, error)) == NULL ||
      (items = txn->store->list_campaign_items (txn, c->id, error)) == NULL ||
      !refresh_items (txn, items, &p, NULL, error))
    return NULL;
  if (p.pending > 0 && !partial)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("%u of the %u answers of campaign “%s” are not reworked yet; finish it "
                     "with --partial to take back what is left."), p.pending, p.total, c->id);
      return NULL;
    }

  for (guint i = 0; i < items->len; i++)
    {
      LimnServerCampaignItem *item = g_ptr_array_index (items, i);

      if (g_str_equal (item->state, "pending"))
        {
          if (!limn_server_campaign_take_back (txn, c, item, by, now_us, error))
            return NULL;
        }
      else if (g_str_equal (item->state, "reworked") &&
               !txn->store->update_campaign_item (txn, item, error))
        return NULL;
    }
  if (!refresh_items (txn, items, &p, NULL, error))
    return NULL;

  comparison = limn_server_campaign_compare (txn, project, items, error);
  if (comparison == NULL)
    return NULL;
  result = make_version (txn, project, c, "result", error);
  if (result == NULL)
    return NULL;
  json_object_set_int_member (comparison, "base_version", c->base_version);
  json_object_set_int_member (comparison, "result_version", result->version);

  g_free (c->state);
  c->state = g_strdup ("done");
  c->result_version = result->version;
  c->comparison = limn_json_writer_object_to_string (comparison);
  c->updated_us = now_us;
  json_object_set_string_member (detail, "campaign_id", c->id);
  json_object_set_string_member (detail, "project_id", c->project_id);
  json_object_set_int_member (detail, "result_version", c->result_version);
  json_object_set_boolean_member (detail, "partial", p.withdrawn > 0);
  json_object_set_string_member (detail, "by", c->finished_by);
  if (!txn->store->update_campaign (txn, c, error) ||
      !limn_server_audit_add (txn, NULL, "admin.campaign.finish", detail, error) ||
      !limn_server_txn_commit (txn, error))
    return NULL;

  out = campaign_to_json (c);
  set_progress (out, &p);
  set_comparison (out, c);
  return out;
}

JsonObject *
limn_server_campaigns_rollback (LimnServerBackend  *backend,
                                const char         *campaign_id,
                                const char         *by,
                                GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  g_autoptr(LimnServerCampaign) c = NULL;
  g_autoptr(LimnServerProject) project = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(LimnServerDataset) version = NULL;
  g_autoptr(JsonObject) detail = limn_server_audit_admin_detail ();
  gint64 now_us = g_get_real_time ();
  guint restored = 0, unchanged = 0;
  JsonObject *out;

  if (txn == NULL || (c = get_campaign (txn, campaign_id, error)) == NULL)
    return NULL;
  if (!g_str_equal (c->state, "done"))
    return refuse_state (c, _("rolled back (only a finished campaign can)"), error), NULL;
  /* As for approving: it changes what the project's answers are. */
  if ((c->rolled_back_by = reviewer_id_of (txn, c, by, _("roll back"), error)) == NULL)
    return NULL;
  if ((project = limn_server_campaign_get_project (txn, c->project_id, error)) == NULL ||
      (items = txn->store->list_campaign_items (txn, c->id, error)) == NULL)
    return NULL;

  for (guint i = 0; i < items->len; i++)
    {
      gboolean done = FALSE, same = FALSE;

      if (!limn_server_campaign_restore (txn, c, g_ptr_array_index (items, i), by, &done, &same,
                                         now_us, error))
        return NULL;
      restored += done;
      unchanged += same;
    }

  version = make_version (txn, project, c, "rollback to the base", error);
  if (version == NULL)
    return NULL;

  g_free (c->state);
  c->state = g_strdup ("rolled_back");
  c->updated_us = now_us;
  {
    g_autoptr(JsonNode) n = c->comparison ? json_from_string (c->comparison, NULL) : NULL;
    g_autoptr(JsonObject) cmp = n && JSON_NODE_HOLDS_OBJECT (n) ? json_object_ref (json_node_get_object (n))
                                                                : json_object_new ();

    json_object_set_int_member (cmp, "rollback_version", version->version);
    g_free (c->comparison);
    c->comparison = limn_json_writer_object_to_string (cmp);
  }
  json_object_set_string_member (detail, "campaign_id", c->id);
  json_object_set_string_member (detail, "project_id", c->project_id);
  json_object_set_int_member (detail, "restored", restored);
  json_object_set_int_member (detail, "unchanged", unchanged);
  json_object_set_string_member (detail, "by", c->rolled_back_by);
  json_object_set_int_member (detail, "version", version->version);
  if (!txn->store->update_campaign (txn, c, error) ||
      !limn_server_audit_add (txn, NULL, "admin.campaign.rollback", detail, error) ||
      !limn_server_txn_commit (txn, error))
    return NULL;

  out = campaign_to_json (c);
  json_object_set_int_member (out, "restored", restored);
  json_object_set_int_member (out, "unchanged", unchanged);
  json_object_set_int_member (out, "version", version->version);
  json_object_set_int_member (out, "equal_to", c->base_version);
  return out;
}

JsonObject *
limn_server_campaigns_cancel (LimnServerBackend  *backend,
                              const char         *campaign_id,
                              const char         *by,
                              GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  g_autoptr(LimnServerCampaign) c = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(JsonObject) detail = limn_server_audit_admin_detail ();
  gint64 now_us = g_get_real_time ();
  Progress p;
  JsonObject *out;

  if (txn == NULL || (c = get_campaign (txn, campaign_id, error)) == NULL)
    return NULL;
  if (!g_str_equal (c->state, "proposed") && !g_str_equal (c->state, "running"))
    return refuse_state (c, _("cancelled"), error), NULL;
  if ((c->cancelled_by = user_id_of (txn, by, error)) == NULL)
    return NULL;
  if ((items = txn->store->list_campaign_items (txn, c->id, error)) == NULL ||
      !refresh_items (txn, items, &p, NULL, error))
    return NULL;
  for (guint i = 0; i < items->len; i++)
    {
      LimnServerCampaignItem *item = g_ptr_array_index (items, i);

      if ((g_str_equal (item->state, "pending") || g_str_equal (item->state, "proposed")) &&
          !limn_server_campaign_take_back (txn, c, item, by, now_us, error))
        return NULL;
    }

  g_free (c->state);
  c->state = g_strdup ("cancelled");
  c->updated_us = now_us;
  json_object_set_string_member (detail, "campaign_id", c->id);
  json_object_set_string_member (detail, "project_id", c->project_id);
  json_object_set_string_member (detail, "by", c->cancelled_by);
  if (!txn->store->update_campaign (txn, c, error) ||
      !limn_server_audit_add (txn, NULL, "admin.campaign.cancel", detail, error) ||
      !limn_server_txn_commit (txn, error))
    return NULL;

  out = campaign_to_json (c);
  return out;
}

JsonObject *
limn_server_campaigns_list (LimnServerBackend  *backend,
                            const char         *project_id,
                            GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);
  g_autoptr(LimnServerProject) project = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(JsonObject) out = json_object_new ();
  JsonArray *rows = json_array_new ();

  json_object_set_string_member (out, "project_id", project_id);
  json_object_set_array_member (out, "campaigns", rows);
  if (txn == NULL || (project = limn_server_campaign_get_project (txn, project_id, error)) == NULL ||
      (list = txn->store->list_campaigns (txn, project_id, error)) == NULL)
    return NULL;

  for (guint i = 0; i < list->len; i++)
    {
      const LimnServerCampaign *c = g_ptr_array_index (list, i);
      g_autoptr(GPtrArray) items = txn->store->list_campaign_items (txn, c->id, error);
      JsonObject *o;
      Progress p;

      if (items == NULL || !refresh_items (txn, items, &p, NULL, error))
        return NULL;
      o = campaign_to_json (c);
      set_progress (o, &p);
      /* The Team page shows a finished campaign's before/after. */
      set_comparison (o, c);
      json_array_add_object_element (rows, o);
    }
  return g_steal_pointer (&out);
}
