/* limn-training-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-markdown-view.h"
#include "limn-training-panel.h"
#include "model/limn-label.h"

struct _LimnTrainingPanel
{
  GtkWidget    parent_instance;

  GtkWidget   *box;
  GtkImage    *icon;
  GtkLabel    *title_label;
  GtkLabel    *status_label;
  GtkWidget   *next_button;
  GtkListBox  *differences;
  GtkWidget   *passages_expander;
  GtkBox      *passages;
};

G_DEFINE_FINAL_TYPE (LimnTrainingPanel, limn_training_panel, GTK_TYPE_WIDGET)

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_LIST_BOX (box))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      else
        gtk_box_remove (GTK_BOX (box), child);
    }
}

void
limn_training_panel_hide (LimnTrainingPanel *self)
{
  g_return_if_fail (LIMN_IS_TRAINING_PANEL (self));

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  clear_box (GTK_WIDGET (self->differences));
  clear_box (GTK_WIDGET (self->passages));
}

void
limn_training_panel_show_waiting (LimnTrainingPanel *self)
{
  g_return_if_fail (LIMN_IS_TRAINING_PANEL (self));

  limn_training_panel_hide (self);
  gtk_label_set_text (self->title_label, _("Training item submitted"));
  gtk_label_set_text (self->status_label,
                      _("The gold answer shows here once the server has your answer."));
  gtk_image_set_from_icon_name (self->icon, "content-loading-symbolic");
  gtk_widget_set_visible (GTK_WIDGET (self->differences), FALSE);
  gtk_widget_set_visible (self->passages_expander, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

static void
add_difference (LimnTrainingPanel            *self,
                const LimnTrainingDifference *d,
                LimnProject                  *project)
{
  g_autofree char *text = limn_training_difference_describe (d, project);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new_from_icon_name (d->kind == LIMN_TRAINING_MATCH
                                                  ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_margin_start (row, 8);
  gtk_widget_set_margin_end (row, 8);
  gtk_widget_set_margin_top (row, 4);
  gtk_widget_set_margin_bottom (row, 4);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  /* The icon says right or not; the words say it for a screen reader. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_box_append (GTK_BOX (row), icon);
  gtk_box_append (GTK_BOX (row), label);
  gtk_list_box_append (self->differences, row);
}

static void
add_passage (LimnTrainingPanel *self,
             const char        *markdown)
{
  GtkWidget *view = limn_markdown_view_new ();

  limn_markdown_view_set_markdown (LIMN_MARKDOWN_VIEW (view), markdown);
  gtk_box_append (self->passages, view);
}

void
limn_training_panel_show_feedback (LimnTrainingPanel        *self,
                                   LimnTrainingFeedback     *feedback,
                                   LimnProject              *project,
                                   const char               *guidelines,
                                   const LimnTrainingStatus *status)
{
  g_auto(GStrv) label_ids = NULL;
  g_autofree char *status_text = NULL;
  guint n_wrong = 0;
  gboolean whole_shown = FALSE;

  g_return_if_fail (LIMN_IS_TRAINING_PANEL (self));

  limn_training_panel_hide (self);

  for (guint i = 0; i < limn_training_feedback_get_n (feedback); i++)
    {
      const LimnTrainingDifference *d = limn_training_feedback_get (feedback, i);

      n_wrong += d->kind != LIMN_TRAINING_MATCH;
      add_difference (self, d, project);
    }

  if (limn_training_feedback_get_n (feedback) == 0)
    gtk_label_set_text (self->title_label, _("Right: neither you nor the gold answer marked anything"));
  else if (n_wrong == 0)
    gtk_label_set_text (self->title_label, _("Right: your answer matches the gold answer"));
  else
    {
      /* Translators: after a training item, e.g. "2 differences from the gold answer" */
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u difference from the gold answer",
                                                             "%u differences from the gold answer",
                                                             n_wrong), n_wrong);

      gtk_label_set_text (self->title_label, title);
    }
  gtk_image_set_from_icon_name (self->icon, n_wrong == 0 ? "emblem-ok-symbolic" : "dialog-information-symbolic");

  /* The guideline passage for each label involved; for one no heading
   * names, the whole guideline (once). */
  label_ids = limn_training_feedback_label_ids (feedback);
  for (guint i = 0; guidelines != NULL && label_ids[i] != NULL; i++)
    {
      LimnLabel *label = limn_project_lookup_label (project, label_ids[i]);
      g_autofree char *passage = NULL;

      if (label == NULL)
        continue;
      passage = limn_training_guideline_passage (guidelines, limn_label_get_display_name (label, NULL));
      if (passage == NULL)
        passage = limn_training_guideline_passage (guidelines, limn_label_get_name (label));
      if (passage != NULL)
        add_passage (self, passage);
      else if (!whole_shown)
        {
          add_passage (self, guidelines);
          whole_shown = TRUE;
        }
    }

  status_text = limn_training_status_describe (status);
  gtk_label_set_text (self->status_label, status_text ? status_text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), status_text != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->differences), limn_training_feedback_get_n (feedback) > 0);
  gtk_widget_set_visible (self->passages_expander,
                          gtk_widget_get_first_child (GTK_WIDGET (self->passages)) != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

const char *
limn_training_panel_get_title (LimnTrainingPanel *self)
{
  return gtk_label_get_text (self->title_label);
}

const char *
limn_training_panel_get_status (LimnTrainingPanel *self)
{
  return gtk_label_get_text (self->status_label);
}

GtkWidget *
limn_training_panel_get_next_button (LimnTrainingPanel *self)
{
  return self->next_button;
}

char *
limn_training_panel_get_differences (LimnTrainingPanel *self)
{
  GString *out = g_string_new (NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->differences)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
      GtkWidget *label = gtk_widget_get_last_child (box);

      g_string_append_printf (out, "%s%s", out->len ? "\n" : "", gtk_label_get_text (GTK_LABEL (label)));
    }
  return g_string_free (out, FALSE);
}

char *
limn_training_panel_get_passages (LimnTrainingPanel *self)
{
  GString *out = g_string_new (NULL);

  for (GtkWidget *view = gtk_widget_get_first_child (GTK_WIDGET (self->passages)); view != NULL;
       view = gtk_widget_get_next_sibling (view))
    g_string_append_printf (out, "%s%s", out->len ? "\n\n" : "",
                            limn_markdown_view_get_markdown (LIMN_MARKDOWN_VIEW (view)));
  return g_string_free (out, FALSE);
}

static void
limn_training_panel_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LIMN_TYPE_TRAINING_PANEL);

  G_OBJECT_CLASS (limn_training_panel_parent_class)->dispose (object);
}

static void
limn_training_panel_class_init (LimnTrainingPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = limn_training_panel_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, LIMN_RESOURCE_PATH "/ui/limn-training-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, LimnTrainingPanel, box);
  gtk_widget_class_bind_template_child (widget_class, LimnTrainingPanel, icon);
  gtk_widget_class_bind_template_child (widget_class, LimnTrainingPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, LimnTrainingPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, LimnTrainingPanel, next_button);
  gtk_widget_class_bind_template_child (widget_class, LimnTrainingPanel, differences);
  gtk_widget_class_bind_template_child (widget_class, LimnTrainingPanel, passages_expander);
  gtk_widget_class_bind_template_child (widget_class, LimnTrainingPanel, passages);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "trainingpanel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
limn_training_panel_init (LimnTrainingPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
