/* limn-guardrails-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-guardrails-dialog.h"
#include "model/limn-guardrails.h"

/* A dialog, not a report: past these the rest is counted. Blocking
 * findings come first (they are in rule order otherwise), so what must be
 * fixed is never among the hidden ones. */
#define MAX_ROWS 8

struct _LimnGuardrailsDialog
{
  AdwMessageDialog  parent_instance;

  GtkListBox       *list;
  GtkLabel         *more_label;
  GtkWidget        *reason_box;
  GtkEntry         *reason_entry;

  GPtrArray        *owned;      /* the caller's findings, which it owns */
  GPtrArray        *findings;   /* the same, blocks first: the rows' order */
  gboolean          blocked;
};

G_DEFINE_FINAL_TYPE (LimnGuardrailsDialog, limn_guardrails_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  FINDING_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
limn_guardrails_dialog_dispose (GObject *object)
{
  LimnGuardrailsDialog *self = LIMN_GUARDRAILS_DIALOG (object);

  g_clear_pointer (&self->findings, g_ptr_array_unref);
  g_clear_pointer (&self->owned, g_ptr_array_unref);

  G_OBJECT_CLASS (limn_guardrails_dialog_parent_class)->dispose (object);
}

static void
reason_changed_cb (LimnGuardrailsDialog *self)
{
  g_autofree char *reason = limn_guardrails_dialog_dup_reason (self);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "submit",
                                           !self->blocked && reason[0] != '\0');
}

static void
row_activated_cb (LimnGuardrailsDialog *self,
                  GtkListBoxRow        *row)
{
  int i = gtk_list_box_row_get_index (row);
  const LimnGuardrailFinding *f;

  if (self->findings == NULL || i < 0 || (guint) i >= self->findings->len)
    return;
  f = g_ptr_array_index (self->findings, i);
  if (f->region_ids != NULL && f->region_ids[0] != NULL)
    g_signal_emit (self, signals[FINDING_ACTIVATED], 0, f->region_ids[0]);
}

static void
limn_guardrails_dialog_class_init (LimnGuardrailsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = limn_guardrails_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               LIMN_RESOURCE_PATH "/ui/limn-guardrails-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LimnGuardrailsDialog, list);
  gtk_widget_class_bind_template_child (widget_class, LimnGuardrailsDialog, more_label);
  gtk_widget_class_bind_template_child (widget_class, LimnGuardrailsDialog, reason_box);
  gtk_widget_class_bind_template_child (widget_class, LimnGuardrailsDialog, reason_entry);
  gtk_widget_class_bind_template_callback (widget_class, reason_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);

  /* The id of the first region the chosen finding concerns. */
  signals[FINDING_ACTIVATED] =
    g_signal_new ("finding-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
limn_guardrails_dialog_init (LimnGuardrailsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static GtkWidget *
finding_row (const LimnGuardrailFinding *f)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (f->severity == LIMN_GUARDRAIL_BLOCK
                                                    ? "dialog-error-symbolic"
                                                    : "dialog-warning-symbolic");
  /* The kind of finding in words beside the icon: colour and shape are
   * not the only cue. */
  const char *kind = f->severity == LIMN_GUARDRAIL_BLOCK ? _("Must be fixed") : _("Warning");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), f->message);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), kind);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, kind, -1);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row),
                                    f->region_ids != NULL && f->region_ids[0] != NULL);
  if (f->severity == LIMN_GUARDRAIL_BLOCK)
    gtk_widget_add_css_class (icon, "error");
  else
    gtk_widget_add_css_class (icon, "warning");
  return row;
}

static gboolean
any_region (GPtrArray *findings)
{
  for (guint i = 0; i < findings->len; i++)
    {
      const LimnGuardrailFinding *f = g_ptr_array_index (findings, i);

      if (f->region_ids != NULL && f->region_ids[0] != NULL)
        return TRUE;
    }
  return FALSE;
}

GtkWidget *
limn_guardrails_dialog_new (GtkWindow *parent,
                            GPtrArray *findings)
{
  LimnGuardrailsDialog *self = g_object_new (LIMN_TYPE_GUARDRAILS_DIALOG,
                                             "transient-for", parent,
                                             "modal", TRUE,
                                             NULL);

  g_return_val_if_fail (findings != NULL, NULL);

  self->blocked = limn_guardrails_any_block (findings);
  self->findings = g_ptr_array_new_full (findings->len, NULL);
  /* Rows and findings in the same order, blocks first. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < findings->len; i++)
      {
        const LimnGuardrailFinding *f = g_ptr_array_index (findings, i);

        if ((f->severity == LIMN_GUARDRAIL_BLOCK) == (pass == 0))
          g_ptr_array_add (self->findings, (gpointer) f);
      }
  self->owned = g_ptr_array_ref (findings);

  for (guint i = 0; i < MIN (self->findings->len, MAX_ROWS); i++)
    gtk_list_box_append (self->list, finding_row (g_ptr_array_index (self->findings, i)));
  if (self->findings->len > MAX_ROWS)
    {
      guint more = self->findings->len - MAX_ROWS;
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "And %u more problem.",
                                                            "And %u more problems.", more),
                                               more);

      gtk_label_set_text (self->more_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->more_label), TRUE);
    }

  if (self->blocked)
    {
      adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), _("Fix Before Submitting"));
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self),
                                   any_region (self->findings)
                                     ? _("This project does not accept the task as it is. "
                                         "Choose a problem to select its region.")
                                     : _("This project does not accept the task as it is."));
      gtk_widget_set_visible (self->reason_box, FALSE);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "back");
    }
  else
    {
      adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), _("Submit Anyway?"));
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self),
                                   any_region (self->findings)
                                     ? _("The project’s checks found something to look at; "
                                         "choose one to select its region. To submit as it is, "
                                         "say why: the leads see the reason.")
                                     : _("The project’s checks found something to look at. "
                                         "To submit as it is, say why: the leads see the reason."));
      gtk_widget_grab_focus (GTK_WIDGET (self->reason_entry));
    }
  reason_changed_cb (self);

  return GTK_WIDGET (self);
}

gboolean
limn_guardrails_dialog_get_blocked (LimnGuardrailsDialog *self)
{
  g_return_val_if_fail (LIMN_IS_GUARDRAILS_DIALOG (self), FALSE);
  return self->blocked;
}

char *
limn_guardrails_dialog_dup_reason (LimnGuardrailsDialog *self)
{
  g_return_val_if_fail (LIMN_IS_GUARDRAILS_DIALOG (self), NULL);
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_entry))));
}

GStrv
limn_guardrails_dialog_dup_rule_ids (LimnGuardrailsDialog *self)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (LIMN_IS_GUARDRAILS_DIALOG (self), NULL);

  for (guint i = 0; self->findings != NULL && i < self->findings->len; i++)
    {
      const LimnGuardrailFinding *f = g_ptr_array_index (self->findings, i);

      if (g_hash_table_add (seen, f->rule_id))
        g_strv_builder_add (ids, f->rule_id);
    }
  return g_strv_builder_end (ids);
}

guint
limn_guardrails_dialog_get_n_findings (LimnGuardrailsDialog *self)
{
  g_return_val_if_fail (LIMN_IS_GUARDRAILS_DIALOG (self), 0);
  return self->findings != NULL ? self->findings->len : 0;
}

GtkWidget *
limn_guardrails_dialog_get_list (LimnGuardrailsDialog *self)
{
  g_return_val_if_fail (LIMN_IS_GUARDRAILS_DIALOG (self), NULL);
  return GTK_WIDGET (self->list);
}

GtkWidget *
limn_guardrails_dialog_get_reason_entry (LimnGuardrailsDialog *self)
{
  g_return_val_if_fail (LIMN_IS_GUARDRAILS_DIALOG (self), NULL);
  return GTK_WIDGET (self->reason_entry);
}
