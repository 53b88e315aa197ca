/* limn-task-row.c
 *
 * One task in the sidebar: status icon, title, what it is, a flag when the
 * annotator flagged it. A submit still waiting for the team server shows a
 * clock, not the check mark of one the server has. Follows the task's
 * notify.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "limn-accessible.h"
#include "charts/limn-chart-format.h"
#include "limn-task-row.h"
#include "limn-task-title.h"
#include "limn-tooltip.h"

struct _LimnTaskRow
{
  GtkWidget  parent_instance;

  GtkImage  *status_icon;
  GtkLabel  *title;
  GtkLabel  *subtitle;
  GtkImage  *flag_icon;
  GtkLabel  *state_label;

  LimnTask  *task;
  gulong     notify_id;
  char      *description;
};

G_DEFINE_FINAL_TYPE (LimnTaskRow, limn_task_row, GTK_TYPE_WIDGET)

const char *
limn_task_status_icon_name (LimnTaskStatus status)
{
  switch (status)
    {
    case LIMN_TASK_STATUS_IN_PROGRESS: return "document-edit-symbolic";
    case LIMN_TASK_STATUS_SUBMITTED: return "emblem-ok-symbolic";
    case LIMN_TASK_STATUS_SKIPPED: return "media-skip-forward-symbolic";
    case LIMN_TASK_STATUS_NEEDS_REWORK: return "mail-reply-sender-symbolic";
    case LIMN_TASK_STATUS_ACCEPTED: return "object-select-symbolic";
    case LIMN_TASK_STATUS_NEW:
    default: return "media-record-symbolic";
    }
}

const char *
limn_task_status_label (LimnTaskStatus status)
{
  switch (status)
    {
    case LIMN_TASK_STATUS_IN_PROGRESS: return _("In progress");
    case LIMN_TASK_STATUS_SUBMITTED: return _("Submitted");
    case LIMN_TASK_STATUS_SKIPPED: return _("Skipped");
    /* Translators: a reviewer returned the task to the annotator to redo */
    case LIMN_TASK_STATUS_NEEDS_REWORK: return _("Sent back");
    /* Translators: a reviewer accepted (or corrected) the task: it is done */
    case LIMN_TASK_STATUS_ACCEPTED: return _("Accepted");
    case LIMN_TASK_STATUS_NEW:
    default: return _("New");
    }
}

static void
update (LimnTaskRow *self)
{
  LimnTaskStatus status;
  g_autofree char *subtitle = NULL;
  g_autofree char *title = NULL;
  const char *state;
  gboolean unsent;
  guint n;

  if (self->task == NULL)
    return;

  status = limn_task_get_status (self->task);
  n = limn_task_get_n_regions (self->task);
  unsent = status == LIMN_TASK_STATUS_SUBMITTED && limn_task_get_unsent (self->task);
  state = unsent ? _("Submitted, not sent yet") : limn_task_status_label (status);

  gtk_image_set_from_icon_name (self->status_icon,
                                unsent ? "document-open-recent-symbolic" : limn_task_status_icon_name (status));
  limn_tooltip_set_text (GTK_WIDGET (self->status_icon), state);
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "accent");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "dim-label");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), "warning");
  gtk_widget_add_css_class (GTK_WIDGET (self->status_icon),
                            (status == LIMN_TASK_STATUS_SUBMITTED && !unsent) ||
                            status == LIMN_TASK_STATUS_ACCEPTED ? "success" :
                            status == LIMN_TASK_STATUS_NEEDS_REWORK ? "warning" :
                            status == LIMN_TASK_STATUS_IN_PROGRESS ? "accent" : "dim-label");

  /* A sent-back task stands out in the list, in words as well as colour. */
  if (status == LIMN_TASK_STATUS_NEEDS_REWORK)
    gtk_widget_add_css_class (GTK_WIDGET (self), "rework");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "rework");
  gtk_widget_set_visible (GTK_WIDGET (self->state_label),
                          status == LIMN_TASK_STATUS_NEEDS_REWORK || status == LIMN_TASK_STATUS_ACCEPTED);
  gtk_label_set_text (self->state_label, limn_task_status_label (status));
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "success");
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label),
                            status == LIMN_TASK_STATUS_NEEDS_REWORK ? "warning" : "success");

  title = limn_task_title_for_display (self->task);
  gtk_label_set_text (self->title, title);

  if (limn_task_get_kind (self->task) == LIMN_TASK_IMAGE)
    subtitle = n > 0
      ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Image · %u box", "Image · %u boxes", n), n)
      : g_strdup_printf (_("Image · %d×%d"), limn_task_get_width (self->task),
                         limn_task_get_height (self->task));
  else
    subtitle = n > 0
      ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Text · %u span", "Text · %u spans", n), n)
      : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Text · %" PRId64 " character",
                                      "Text · %" PRId64 " characters",
                                      limn_task_get_text_length (self->task)),
                         limn_task_get_text_length (self->task));
  /* Only counts and sizes in it: the locale's digits. */
  subtitle = limn_format_localize_digits_take (subtitle);
  gtk_label_set_text (self->subtitle, subtitle);

  /* A conflicted revision outranks a flag: the annotator should look. */
  if (limn_task_get_conflicted (self->task))
    {
      gtk_image_set_from_icon_name (self->flag_icon, "dialog-warning-symbolic");
      limn_tooltip_set_text (GTK_WIDGET (self->flag_icon),
                             _("Conflicted: the task changed on the server while you worked "
                               "offline; your version is kept"));
    }
  else
    {
      gtk_image_set_from_icon_name (self->flag_icon, "flag-symbolic");
      limn_tooltip_set_text (GTK_WIDGET (self->flag_icon), _("Flagged as unclear"));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->flag_icon),
                          limn_task_get_flagged (self->task) || limn_task_get_conflicted (self->task));

  g_free (self->description);
  self->description = g_strdup_printf ("%s, %s, %s%s%s", title,
                                       state, subtitle,
                                       limn_task_get_flagged (self->task) ? _(", flagged") : "",
                                       limn_task_get_conflicted (self->task) ? _(", conflicted") : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, self->description, -1);
  limn_accessible_label_list_row (GTK_WIDGET (self), self->description);
}

const char *
limn_task_row_get_description (LimnTaskRow *self)
{
  g_return_val_if_fail (LIMN_IS_TASK_ROW (self), NULL);
  return self->description;
}

static void
task_notify_cb (LimnTask    *task,
                GParamSpec  *pspec,
                LimnTaskRow *self)
{
  update (self);
}

void
limn_task_row_set_task (LimnTaskRow *self,
                        LimnTask    *task)
{
  g_return_if_fail (LIMN_IS_TASK_ROW (self));

  if (self->task == task)
    return;

  if (self->task != NULL)
    g_clear_signal_handler (&self->notify_id, self->task);
  g_set_object (&self->task, task);
  if (task != NULL)
    self->notify_id = g_signal_connect (task, "notify", G_CALLBACK (task_notify_cb), self);

  update (self);
}

static void
limn_task_row_dispose (GObject *object)
{
  LimnTaskRow *self = (LimnTaskRow *)object;
  GtkWidget *child;

  limn_task_row_set_task (self, NULL);
  g_clear_pointer (&self->description, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), LIMN_TYPE_TASK_ROW);
  /* The template's box is not bound, so unparent it here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (limn_task_row_parent_class)->dispose (object);
}

static void
limn_task_row_class_init (LimnTaskRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = limn_task_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, LIMN_RESOURCE_PATH "/ui/limn-task-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LimnTaskRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskRow, title);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskRow, subtitle);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskRow, flag_icon);
  gtk_widget_class_bind_template_child (widget_class, LimnTaskRow, state_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "taskrow");
}

static void
limn_task_row_init (LimnTaskRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
limn_task_row_new (void)
{
  return g_object_new (LIMN_TYPE_TASK_ROW, NULL);
}
