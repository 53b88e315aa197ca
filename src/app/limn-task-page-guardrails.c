/* limn-task-page-guardrails.c
 *
 * The project's guardrails (docs/guardrails.md) when the annotator
 * submits: the rules run over the draft's regions on the main thread (a
 * pass a rule over what is in memory: microseconds for a task's regions,
 * nothing touches the disk); anything found opens LimnGuardrailsDialog.
 * Submit Anyway, after warnings only and with a reason, logs a
 * guardrail_override event (synced like every other) and submits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"


#include "events/limn-event.h"
#include "limn-guardrails-dialog.h"
#include "limn-task-page-private.h"
#include "model/limn-guardrails.h"

/* What the rules find in the open draft, or NULL when the project has
 * none (or rules this build cannot read: the server still checks). */
static GPtrArray *
check_draft (LimnTaskPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnGuardrails) rules = NULL;
  g_autoptr(GPtrArray) regions = NULL;
  GPtrArray *findings = NULL;
  LimnGuardrailsTask subject = { 0 };

  rules = limn_guardrails_new_for_project (self->project, NULL, &error);
  if (rules == NULL)
    {
      if (error != NULL)
        g_warning ("Guardrails not checked: %s", error->message);
      return NULL;
    }

  regions = g_ptr_array_new_with_free_func ((GDestroyNotify) limn_region_unref);
  for (guint i = 0; i < limn_draft_get_n_regions (self->draft); i++)
    g_ptr_array_add (regions, limn_region_ref ((LimnRegion *) limn_draft_get_region (self->draft, i)));

  subject.kind = limn_task_get_kind (self->task);
  subject.width = limn_task_get_width (self->task);
  subject.height = limn_task_get_height (self->task);
  subject.text = self->text;
  limn_guardrails_check (rules, &subject, regions, &findings);

  if (findings->len == 0)
    g_clear_pointer (&findings, g_ptr_array_unref);
  return findings;
}

static void
finding_activated_cb (LimnGuardrailsDialog *dialog,
                      const char           *region_id,
                      LimnTaskPage         *self)
{
  if (self->task == NULL || self->draft == NULL ||
      limn_draft_lookup_region (self->draft, region_id) == NULL)
    return;

  if (limn_task_get_kind (self->task) == LIMN_TASK_TEXT)
    limn_span_view_select (self->span_view, region_id);
  else
    limn_image_canvas_select (self->canvas, region_id);
  limn_task_page_update_panel (self);
}

static void
response_cb (LimnGuardrailsDialog *dialog,
             const char           *response,
             LimnTaskPage         *self)
{
  const char *task_id = g_object_get_data (G_OBJECT (dialog), "task-id");
  g_autofree char *reason = NULL;
  g_auto(GStrv) rule_ids = NULL;
  JsonObject *payload;
  JsonArray *rules;

  if (g_strcmp0 (response, "submit") != 0 || limn_guardrails_dialog_get_blocked (dialog))
    return;
  /* The task may have changed under a dialog that stayed open. */
  if (self->task == NULL || self->draft == NULL ||
      g_strcmp0 (limn_task_get_id (self->task), task_id) != 0)
    return;

  reason = limn_guardrails_dialog_dup_reason (dialog);
  if (reason[0] == '\0')
    return;

  rule_ids = limn_guardrails_dialog_dup_rule_ids (dialog);
  rules = json_array_new ();
  for (guint i = 0; rule_ids[i] != NULL; i++)
    json_array_add_string_element (rules, rule_ids[i]);

  payload = json_object_new ();
  json_object_set_string_member (payload, "annotation_id",
                                 limn_draft_get_annotation_id (self->draft));
  json_object_set_array_member (payload, "rules", rules);
  json_object_set_string_member (payload, "reason", reason);
  json_object_set_int_member (payload, "findings", limn_guardrails_dialog_get_n_findings (dialog));
  limn_event_log_record (self->log, LIMN_EVENT_GUARDRAIL_OVERRIDE, payload);
  json_object_unref (payload);

  limn_task_page_submit_now (self);
}

gboolean
limn_task_page_guardrails_allow_submit (LimnTaskPage *self)
{
  g_autoptr(GPtrArray) findings = NULL;
  GtkWidget *dialog;

  if (self->project == NULL || self->task == NULL || self->draft == NULL)
    return TRUE;

  findings = check_draft (self);
  if (findings == NULL)
    return TRUE;

  dialog = limn_guardrails_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                       findings);
  g_object_set_data_full (G_OBJECT (dialog), "task-id", g_strdup (limn_task_get_id (self->task)),
                          g_free);
  g_signal_connect_object (dialog, "finding-activated", G_CALLBACK (finding_activated_cb), self, 0);
  g_signal_connect_object (dialog, "response", G_CALLBACK (response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return FALSE;
}
