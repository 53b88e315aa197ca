/* limn-server-guardrails.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "limn-server-guardrails.h"

LimnGuardrails *
limn_server_guardrails_for (const LimnServerProject  *project,
                            GError                  **error)
{
  g_autoptr(LimnGuardrails) rules = NULL;

  if (project->guardrails == NULL || *project->guardrails == '\0')
    return NULL;

  rules = limn_guardrails_new_from_string (project->guardrails, error);
  if (rules == NULL)
    return NULL;

  for (guint i = 0; project->labels != NULL && i < project->labels->len; i++)
    {
      const LimnServerLabel *label = g_ptr_array_index (project->labels, i);

      limn_guardrails_add_label (rules, label->id, label->name, NULL);
    }

  return g_steal_pointer (&rules);
}

/* Back from the canonical JSON (limn_region_to_json()), which the route
 * checked already: only what the rules read. */
static LimnRegion *
region_from_canonical (JsonObject *obj)
{
  const char *id = json_object_get_string_member_with_default (obj, "id", "");
  const char *label = json_object_get_string_member_with_default (obj, "label", "");
  LimnRegion *region;

  if (json_object_has_member (obj, "box"))
    {
      JsonArray *a = json_object_get_array_member (obj, "box");
      LimnBox box = {
        json_array_get_double_element (a, 0), json_array_get_double_element (a, 1),
        json_array_get_double_element (a, 2), json_array_get_double_element (a, 3),
      };

      region = limn_region_new_box (id, label, &box);
    }
  else
    region = limn_region_new_span (id, label,
                                   json_object_get_int_member_with_default (obj, "start", 0),
                                   json_object_get_int_member_with_default (obj, "end", 0),
                                   json_object_get_string_member_with_default (obj, "text", ""));

  region->confidence = json_object_get_double_member_with_default (obj, "confidence",
                                                                   LIMN_CONFIDENCE_UNSET);
  region->score = json_object_get_double_member_with_default (obj, "score", LIMN_SCORE_UNSET);
  return region;
}

char *
limn_server_guardrails_blocked (LimnGuardrails        *rules,
                                const LimnServerTask  *task,
                                LimnTextIndex         *index,
                                JsonArray             *regions)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) limn_region_unref);
  g_autoptr(GPtrArray) findings = NULL;
  g_autoptr(GString) reason = NULL;
  LimnGuardrailsTask subject = {
    .kind = g_strcmp0 (task->kind, "text") == 0 ? LIMN_TASK_TEXT : LIMN_TASK_IMAGE,
    .width = task->width,
    .height = task->height,
    .text = index,
  };

  for (guint i = 0; i < json_array_get_length (regions); i++)
    g_ptr_array_add (list, region_from_canonical (json_array_get_object_element (regions, i)));

  limn_guardrails_check (rules, &subject, list, &findings);

  for (guint i = 0; i < findings->len; i++)
    {
      const LimnGuardrailFinding *f = g_ptr_array_index (findings, i);

      if (f->severity != LIMN_GUARDRAIL_BLOCK)
        continue;
      if (reason == NULL)
        reason = g_string_new (NULL);
      else
        g_string_append (reason, " ");
      /* The rule id first: what a client or a script can act on. */
      g_string_append_printf (reason, _("guardrail %s: %s"), f->rule_id, f->message);
    }

  return reason != NULL ? g_string_free (g_steal_pointer (&reason), FALSE) : NULL;
}

GHashTable *
limn_server_guardrails_overrides (LimnServerBackend  *backend,
                                  const char         *project_id,
                                  GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);

  if (txn == NULL)
    return NULL;
  return txn->store->count_user_events (txn, project_id, LIMN_SERVER_GUARDRAIL_OVERRIDE_EVENT,
                                        error);
}
