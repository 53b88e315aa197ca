/* limn-guidelines-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-guidelines-window.h"
#include "limn-markdown-view.h"

struct _LimnGuidelinesWindow
{
  AdwWindow         parent_instance;

  AdwWindowTitle   *window_title;
  GtkMenuButton    *contents_button;
  GtkListBox       *contents_list;
  GtkStack         *stack;
  GtkLabel         *version_label;
  LimnMarkdownView *view;

  gboolean          rendered;
};

G_DEFINE_FINAL_TYPE (LimnGuidelinesWindow, limn_guidelines_window, ADW_TYPE_WINDOW)

static void
rendered_cb (LimnGuidelinesWindow *self)
{
  g_auto(GStrv) sections = limn_markdown_view_get_headings (self->view, 2);
  GtkWidget *row, *focus;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->contents_list))) != NULL)
    gtk_list_box_remove (self->contents_list, row);

  for (guint i = 0; sections[i] != NULL; i++)
    {
      GtkWidget *label = gtk_label_new (sections[i]);

      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 36);
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_end (label, 6);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_list_box_append (self->contents_list, label);
    }

  /* A text without sections has no contents to offer. */
  gtk_widget_set_visible (GTK_WIDGET (self->contents_button), sections[0] != NULL);
  self->rendered = TRUE;

  /* The window's first focus would land on a paragraph and select all of
   * it (GTK selects a focused label's text): start on the contents menu,
   * and let Tab go into the text. */
  focus = gtk_root_get_focus (GTK_ROOT (self));
  if ((focus == NULL || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->view))) && sections[0] != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->contents_button));
}

static void
contents_row_activated_cb (LimnGuidelinesWindow *self,
                           GtkListBoxRow        *row)
{
  GtkLabel *label = GTK_LABEL (gtk_list_box_row_get_child (row));

  gtk_menu_button_popdown (self->contents_button);
  limn_markdown_view_reveal_heading (self->view, gtk_label_get_text (label));
}

void
limn_guidelines_window_set_project (LimnGuidelinesWindow *self,
                                    LimnProject          *project)
{
  const char *guidelines;
  g_autofree char *version = NULL;

  g_return_if_fail (LIMN_IS_GUIDELINES_WINDOW (self));
  g_return_if_fail (LIMN_IS_PROJECT (project));

  guidelines = limn_project_get_guidelines (project);
  adw_window_title_set_subtitle (self->window_title, limn_project_get_name (project));

  if (guidelines == NULL || g_strstrip (g_strdup (guidelines))[0] == '\0')
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_widget_set_visible (GTK_WIDGET (self->contents_button), FALSE);
      limn_markdown_view_set_markdown (self->view, "");
      self->rendered = TRUE;
      return;
    }

  /* Translators: the version of a project's guidelines. */
  version = g_strdup_printf (_("Version %" G_GINT64_FORMAT), limn_project_get_guideline_version (project));
  gtk_label_set_text (self->version_label, version);
  gtk_stack_set_visible_child_name (self->stack, "guidelines");

  if (g_strcmp0 (limn_markdown_view_get_markdown (self->view), guidelines) != 0)
    {
      self->rendered = FALSE;
      limn_markdown_view_set_markdown (self->view, guidelines);
    }
}

GtkWidget *
limn_guidelines_window_get_view (LimnGuidelinesWindow *self)
{
  g_return_val_if_fail (LIMN_IS_GUIDELINES_WINDOW (self), NULL);

  return GTK_WIDGET (self->view);
}

gboolean
limn_guidelines_window_is_rendered (LimnGuidelinesWindow *self)
{
  g_return_val_if_fail (LIMN_IS_GUIDELINES_WINDOW (self), FALSE);

  return self->rendered;
}

static void
limn_guidelines_window_class_init (LimnGuidelinesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (LIMN_TYPE_MARKDOWN_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/limn/Limn/ui/limn-guidelines-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, contents_button);
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, contents_list);
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, version_label);
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, view);
  gtk_widget_class_bind_template_callback (widget_class, rendered_cb);
  gtk_widget_class_bind_template_callback (widget_class, contents_row_activated_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
limn_guidelines_window_init (LimnGuidelinesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

LimnGuidelinesWindow *
limn_guidelines_window_new (GtkWindow *parent)
{
  return g_object_new (LIMN_TYPE_GUIDELINES_WINDOW,
                       "transient-for", parent,
                       NULL);
}
