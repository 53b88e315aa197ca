/* limn-server-records.c
 *
 * The records' names, constructors and destructors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <json-glib/json-glib.h>

#include "limn-server-records.h"

static const char * const role_names[] = { "annotator", "reviewer", "admin" };

const char *
limn_server_role_to_string (LimnServerRole role)
{
  g_return_val_if_fail (role <= LIMN_SERVER_ROLE_ADMIN, NULL);
  return role_names[role];
}

gboolean
limn_server_role_from_string (const char     *str,
                              LimnServerRole *role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    if (g_strcmp0 (str, role_names[i]) == 0)
      {
        *role = (LimnServerRole)i;
        return TRUE;
      }

  return FALSE;
}

const char *
limn_batch_status_to_string (LimnBatchStatus status)
{
  switch (status)
    {
    case LIMN_BATCH_APPLIED:
      return "applied";
    case LIMN_BATCH_DUPLICATE:
      return "duplicate";
    case LIMN_BATCH_CONFLICT:
      return "conflict";
    case LIMN_BATCH_REJECTED:
      return "rejected";
    case LIMN_BATCH_PENDING:
    default:
      return "pending";
    }
}

void
limn_server_principal_free (LimnServerPrincipal *principal)
{
  if (principal == NULL)
    return;

  g_free (principal->token_id);
  g_free (principal->user_id);
  g_free (principal->user_name);
  g_free (principal->project_id);
  g_free (principal);
}

void
limn_server_label_free (LimnServerLabel *label)
{
  if (label == NULL)
    return;

  g_free (label->id);
  g_free (label->name);
  g_free (label->color);
  g_free (label->hotkey);
  g_free (label->description);
  g_free (label->names);
  g_free (label->descriptions);
  g_free (label);
}

void
limn_server_project_free (LimnServerProject *project)
{
  if (project == NULL)
    return;

  g_free (project->id);
  g_free (project->name);
  g_free (project->kind);
  g_clear_pointer (&project->labels, g_ptr_array_unref);
  g_free (project->guidelines);
  g_free (project->guidelines_summary);
  g_free (project->guidelines_translations);
  g_free (project->guardrails);
  g_free (project->hidden_task_fields);
  g_free (project);
}

void
limn_server_task_free (LimnServerTask *task)
{
  if (task == NULL)
    return;

  g_free (task->id);
  g_free (task->project_id);
  g_free (task->kind);
  g_free (task->title);
  g_free (task->media_sha256);
  g_free (task->mime);
  g_free (task->text);
  g_free (task->language);
  g_free (task->direction);
  g_free (task->suggestions);
  g_free (task);
}

void
limn_server_assignment_free (LimnServerAssignment *assignment)
{
  if (assignment == NULL)
    return;

  g_free (assignment->id);
  g_clear_pointer (&assignment->task, limn_server_task_free);
  g_free (assignment);
}

void
limn_server_change_free (LimnServerChange *change)
{
  if (change == NULL)
    return;

  g_free (change->kind);
  g_free (change->data);
  g_free (change);
}

LimnBatchItem *
limn_batch_item_new (LimnBatchItemKind kind)
{
  LimnBatchItem *item = g_new0 (LimnBatchItem, 1);

  item->kind = kind;
  item->status = LIMN_BATCH_PENDING;
  item->guideline_version = -1;
  item->confidence = -1;

  return item;
}

void
limn_batch_item_free (LimnBatchItem *item)
{
  if (item == NULL)
    return;

  g_free (item->reason);
  g_free (item->code);
  g_free (item->id);
  g_free (item->project_id);
  g_free (item->task_id);
  g_free (item->session_id);
  g_free (item->type);
  g_free (item->payload);
  g_free (item->parent_id);
  g_free (item->regions);
  g_free (item->rejected_suggestions);
  g_free (item->blocked_by);
  g_free (item->region_id);
  g_free (item->category);
  g_free (item->body);
  g_free (item->review_item_id);
  g_free (item->annotation_id);
  g_free (item->verdict);
  g_free (item->reason_code);
  g_free (item->comment);
  g_free (item->comments);
  g_free (item->correction_id);
  g_free (item->correction_regions);
  g_free (item->thread_id);
  g_free (item->thread_state);
  g_free (item->annotator);
  g_free (item);
}

void
limn_batch_item_reject (LimnBatchItem *item,
                        const char    *reason)
{
  item->status = LIMN_BATCH_REJECTED;
  g_free (item->reason);
  item->reason = g_strdup (reason);
}

void
limn_server_project_status_free (LimnServerProjectStatus *status)
{
  if (status == NULL)
    return;

  g_free (status->project_id);
  g_free (status->name);
  g_free (status->kind);
  g_free (status);
}

void
limn_server_gold_answer_free (LimnServerGoldAnswer *answer)
{
  if (answer == NULL)
    return;

  g_free (answer->annotator);
  g_free (answer->annotator_id);
  g_free (answer->task_id);
  g_free (answer->regions);
  g_free (answer->gold);
  g_free (answer);
}

static const char * const lease_state_names[] = { "assigned", "submitted", "expired", "accepted" };

G_STATIC_ASSERT (G_N_ELEMENTS (lease_state_names) == LIMN_SERVER_N_LEASE_STATES);

const char *
limn_server_lease_state_to_string (LimnServerLeaseState state)
{
  g_return_val_if_fail (state < LIMN_SERVER_N_LEASE_STATES, NULL);
  return lease_state_names[state];
}

gboolean
limn_server_lease_state_from_string (const char           *str,
                                     LimnServerLeaseState *state)
{
  for (guint i = 0; i < G_N_ELEMENTS (lease_state_names); i++)
    if (g_strcmp0 (str, lease_state_names[i]) == 0)
      {
        *state = (LimnServerLeaseState)i;
        return TRUE;
      }

  return FALSE;
}

void
limn_server_lease_free (LimnServerLease *lease)
{
  if (lease == NULL)
    return;

  g_free (lease->id);
  g_free (lease->task_id);
  g_free (lease->project_id);
  g_free (lease->annotator);
  g_free (lease);
}

void
limn_server_stored_answer_free (LimnServerStoredAnswer *answer)
{
  if (answer == NULL)
    return;

  g_free (answer->request_sha256);
  g_free (answer->token_id);
  g_clear_pointer (&answer->body, g_bytes_unref);
  g_free (answer);
}

LimnServerInventory *
limn_server_inventory_new (void)
{
  LimnServerInventory *inventory = g_new0 (LimnServerInventory, 1);

  inventory->event_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  inventory->audit_actions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  return inventory;
}

void
limn_server_inventory_free (LimnServerInventory *inventory)
{
  if (inventory == NULL)
    return;

  g_clear_pointer (&inventory->event_types, g_hash_table_unref);
  g_clear_pointer (&inventory->audit_actions, g_hash_table_unref);
  g_free (inventory);
}

void
limn_server_inventory_add_event_type (LimnServerInventory *inventory,
                                      const char          *type,
                                      gint64               count)
{
  gint64 *n = g_hash_table_lookup (inventory->event_types, type);

  if (n == NULL)
    {
      n = g_new0 (gint64, 1);
      g_hash_table_insert (inventory->event_types, g_strdup (type), n);
    }
  *n += count;
}

void
limn_server_inventory_add_audit_action (LimnServerInventory *inventory,
                                        const char          *action,
                                        gint64               records,
                                        gint64               by_token)
{
  gint64 *n = g_hash_table_lookup (inventory->audit_actions, action);

  if (n == NULL)
    {
      n = g_new0 (gint64, 2);
      g_hash_table_insert (inventory->audit_actions, g_strdup (action), n);
    }
  n[0] += records;
  n[1] += by_token;
}

void
limn_server_settings_read_qualification (LimnServerSettings *settings,
                                         const char         *json)
{
  g_autoptr(JsonNode) root = json != NULL ? json_from_string (json, NULL) : NULL;
  JsonObject *o;

  settings->qualification_gold_items = 0;
  settings->qualification_min_accuracy = 0;
  settings->requalify_on_guideline_change = FALSE;
  settings->qualification = NULL;
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;

  o = json_node_get_object (root);
  settings->qualification_gold_items = MAX (0, json_object_get_int_member_with_default (o, "gold_items", 0));
  settings->qualification_min_accuracy = json_object_get_double_member_with_default (o, "min_accuracy", 0);
  settings->requalify_on_guideline_change =
    json_object_get_boolean_member_with_default (o, "requalify_on_guideline_change", FALSE);
}
