/* limn-send-back-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-accessible.h"
#include "charts/limn-chart-format.h"
#include "limn-send-back-dialog.h"
#include "model/limn-review.h"

struct _LimnSendBackDialog
{
  AdwMessageDialog  parent_instance;

  GtkDropDown      *reason_dropdown;
  GtkEntry         *comment_entry;
  GtkLabel         *pinned_label;
};

G_DEFINE_FINAL_TYPE (LimnSendBackDialog, limn_send_back_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
limn_send_back_dialog_class_init (LimnSendBackDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, LIMN_RESOURCE_PATH "/ui/limn-send-back-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LimnSendBackDialog, reason_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LimnSendBackDialog, comment_entry);
  gtk_widget_class_bind_template_child (widget_class, LimnSendBackDialog, pinned_label);
}

static void
limn_send_back_dialog_init (LimnSendBackDialog *self)
{
  g_autoptr(GtkStringList) reasons = gtk_string_list_new (NULL);
  const char * const *codes = limn_send_back_reasons ();

  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; codes[i] != NULL; i++)
    gtk_string_list_append (reasons, limn_send_back_reason_label (codes[i]));
  gtk_drop_down_set_model (self->reason_dropdown, G_LIST_MODEL (reasons));
  limn_accessible_label_popup_button (GTK_WIDGET (self->reason_dropdown), _("Reason"));
}

GtkWidget *
limn_send_back_dialog_new (GtkWindow  *parent,
                           const char *annotator,
                           guint       n_pinned,
                           const char *reason,
                           const char *comment)
{
  LimnSendBackDialog *self = g_object_new (LIMN_TYPE_SEND_BACK_DIALOG,
                                           "transient-for", parent,
                                           "modal", TRUE,
                                           NULL);
  g_autofree char *heading = NULL;
  g_autofree char *pinned = NULL;

  if (annotator != NULL)
    heading = g_strdup_printf (_("Send Back to %s?"), annotator);
  adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), heading != NULL ? heading : _("Send Back?"));

  if (n_pinned > 0)
    pinned = limn_format_localize_digits_take (
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u comment pinned to a region goes with it.",
                                    "%u comments pinned to regions go with it.", n_pinned), n_pinned));
  else
    pinned = g_strdup (_("To pin a comment to a region, click the region before sending back."));
  gtk_label_set_text (self->pinned_label, pinned);

  if (reason != NULL)
    limn_send_back_dialog_set_reason (self, reason);
  if (comment != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->comment_entry), comment);
  gtk_widget_grab_focus (GTK_WIDGET (self->comment_entry));

  return GTK_WIDGET (self);
}

const char *
limn_send_back_dialog_get_reason (LimnSendBackDialog *self)
{
  const char * const *codes = limn_send_back_reasons ();
  guint pos = gtk_drop_down_get_selected (self->reason_dropdown);

  g_return_val_if_fail (LIMN_IS_SEND_BACK_DIALOG (self), NULL);
  return pos < g_strv_length ((GStrv) codes) ? codes[pos] : NULL;
}

void
limn_send_back_dialog_set_reason (LimnSendBackDialog *self,
                                  const char         *reason)
{
  const char * const *codes = limn_send_back_reasons ();

  g_return_if_fail (LIMN_IS_SEND_BACK_DIALOG (self));
  for (guint i = 0; codes[i] != NULL; i++)
    if (g_strcmp0 (codes[i], reason) == 0)
      gtk_drop_down_set_selected (self->reason_dropdown, i);
}

const char *
limn_send_back_dialog_get_comment (LimnSendBackDialog *self)
{
  g_return_val_if_fail (LIMN_IS_SEND_BACK_DIALOG (self), NULL);
  return gtk_editable_get_text (GTK_EDITABLE (self->comment_entry));
}

GtkWidget *
limn_send_back_dialog_get_reason_dropdown (LimnSendBackDialog *self)
{
  g_return_val_if_fail (LIMN_IS_SEND_BACK_DIALOG (self), NULL);
  return GTK_WIDGET (self->reason_dropdown);
}

GtkWidget *
limn_send_back_dialog_get_comment_entry (LimnSendBackDialog *self)
{
  g_return_val_if_fail (LIMN_IS_SEND_BACK_DIALOG (self), NULL);
  return GTK_WIDGET (self->comment_entry);
}
