/* limn-guidelines-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-guidelines-window.h"
#include "limn-markdown-view.h"
#include "store/limn-store-feedback-jobs.h"
#include "text/limn-markdown.h"

struct _LimnGuidelinesWindow
{
  AdwWindow         parent_instance;

  AdwWindowTitle   *window_title;
  GtkMenuButton    *contents_button;
  GtkListBox       *contents_list;
  GtkStack         *stack;
  GtkLabel         *version_label;
  LimnMarkdownView *view;
  GtkWidget        *update_box;
  GtkLabel         *update_title;
  GtkLabel         *update_summary;
  GtkListBox       *changes_list;
  GtkWidget        *ack_button;

  LimnStoreWorker  *worker;
  GCancellable     *cancellable;
  char             *project_id;
  gint64            update_version; /* waiting to be acknowledged, or 0 */
  gboolean          rendered;
};

G_DEFINE_FINAL_TYPE (LimnGuidelinesWindow, limn_guidelines_window, ADW_TYPE_WINDOW)

enum {
  ACKNOWLEDGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

static void
clear_changes (LimnGuidelinesWindow *self)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->changes_list))) != NULL)
    gtk_list_box_remove (self->changes_list, row);
}

static GtkWidget *
change_row (const LimnMarkdownChange *change)
{
  GtkWidget *row = adw_action_row_new ();
  const char *kind;
  const char *icon;

  switch (change->kind)
    {
    case LIMN_MARKDOWN_SECTION_ADDED:
      kind = _("New section");
      icon = "list-add-symbolic";
      break;
    case LIMN_MARKDOWN_SECTION_REMOVED:
      kind = _("Removed");
      icon = "list-remove-symbolic";
      break;
    case LIMN_MARKDOWN_SECTION_CHANGED:
    default:
      kind = _("Changed");
      icon = "document-edit-symbolic";
      break;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 change->title[0] != '\0' ? change->title : _("Introduction"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), kind);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (icon));
  /* A section still there can be shown. */
  if (change->kind != LIMN_MARKDOWN_SECTION_REMOVED && change->title[0] != '\0')
    {
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "heading", g_strdup (change->title), g_free);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
    }

  return row;
}

static void
update_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(LimnGuidelinesWindow) self = data;
  g_autoptr(LimnTaskFeedback) feedback = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autofree char *title = NULL;
  g_autofree char *version = NULL;
  LimnGuideline *update;

  feedback = limn_store_jobs_task_feedback_finish (LIMN_STORE_WORKER (object), result, &error);
  if (feedback == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot read the guidelines: %s", error->message);
      return;
    }

  update = feedback->needing_ack;
  gtk_widget_set_visible (self->update_box, update != NULL);
  self->update_version = update != NULL ? update->version : 0;
  clear_changes (self);
  if (update == NULL)
    return;

  /* The version to read may be newer than the project the window had. */
  version = g_strdup_printf (_("Version %" G_GINT64_FORMAT), update->version);
  gtk_label_set_text (self->version_label, version);
  gtk_stack_set_visible_child_name (self->stack, "guidelines");
  if (g_strcmp0 (limn_markdown_view_get_markdown (self->view), update->body) != 0)
    {
      self->rendered = FALSE;
      limn_markdown_view_set_markdown (self->view, update->body);
    }

  /* Translators: %lld is the new version of the guidelines */
  title = g_strdup_printf (_("What Changed in Version %" G_GINT64_FORMAT), update->version);
  gtk_label_set_text (self->update_title, title);
  gtk_label_set_text (self->update_summary, update->summary);
  gtk_widget_set_visible (GTK_WIDGET (self->update_summary), update->summary != NULL && update->summary[0] != '\0');

  changes = limn_markdown_changed_sections (feedback->previous_body != NULL ? feedback->previous_body : "",
                                            update->body);
  for (guint i = 0; i < changes->len; i++)
    gtk_list_box_append (self->changes_list, change_row (g_ptr_array_index (changes, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->changes_list), changes->len > 0);
  gtk_widget_set_sensitive (self->ack_button, TRUE);
}

static void
load_update (LimnGuidelinesWindow *self,
             LimnProject          *project)
{
  if (self->worker == NULL || limn_project_get_server_url (project) == NULL)
    {
      gtk_widget_set_visible (self->update_box, FALSE);
      return;
    }

  limn_store_jobs_task_feedback_async (self->worker, limn_project_get_id (project), NULL, self->cancellable,
                                       update_cb, g_object_ref (self));
}

static void
change_activated_cb (LimnGuidelinesWindow *self,
                     GtkListBoxRow        *row)
{
  const char *heading = g_object_get_data (G_OBJECT (row), "heading");

  if (heading != NULL)
    limn_markdown_view_reveal_heading (self->view, heading);
}

static void
acked_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(LimnGuidelinesWindow) self = data;
  g_autoptr(GError) error = NULL;

  if (!limn_store_jobs_feedback_done_finish (LIMN_STORE_WORKER (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_widget_set_sensitive (self->ack_button, TRUE);
          gtk_label_set_text (self->update_summary, error->message);
        }
      return;
    }

  self->update_version = 0;
  gtk_widget_set_visible (self->update_box, FALSE);
  g_signal_emit (self, signals[ACKNOWLEDGED], 0);
}

static void
ack_clicked_cb (LimnGuidelinesWindow *self)
{
  if (self->worker == NULL || self->update_version == 0)
    return;

  gtk_widget_set_sensitive (self->ack_button, FALSE);
  limn_store_jobs_ack_guideline_async (self->worker, self->project_id, self->update_version, self->cancellable,
                                       acked_cb, g_object_ref (self));
}

void
limn_guidelines_window_set_worker (LimnGuidelinesWindow *self,
                                   LimnStoreWorker      *worker)
{
  g_return_if_fail (LIMN_IS_GUIDELINES_WINDOW (self));

  g_set_object (&self->worker, worker);
}

GtkWidget *
limn_guidelines_window_get_ack_button (LimnGuidelinesWindow *self)
{
  g_return_val_if_fail (LIMN_IS_GUIDELINES_WINDOW (self), NULL);
  return gtk_widget_get_visible (self->update_box) ? self->ack_button : NULL;
}

GtkWidget *
limn_guidelines_window_get_changes (LimnGuidelinesWindow *self)
{
  g_return_val_if_fail (LIMN_IS_GUIDELINES_WINDOW (self), NULL);
  return GTK_WIDGET (self->changes_list);
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

  g_free (self->project_id);
  self->project_id = g_strdup (limn_project_get_id (project));
  load_update (self, project);
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
limn_guidelines_window_dispose (GObject *object)
{
  LimnGuidelinesWindow *self = LIMN_GUIDELINES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->worker);
  g_clear_pointer (&self->project_id, g_free);

  G_OBJECT_CLASS (limn_guidelines_window_parent_class)->dispose (object);
}

static void
limn_guidelines_window_class_init (LimnGuidelinesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = limn_guidelines_window_dispose;

  /**
   * LimnGuidelinesWindow::acknowledged:
   *
   * The annotator acknowledged the new version; the store has it.
   */
  signals[ACKNOWLEDGED] =
    g_signal_new ("acknowledged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (LIMN_TYPE_MARKDOWN_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/limn/Limn/ui/limn-guidelines-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, contents_button);
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, contents_list);
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, version_label);
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, view);
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, update_box);
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, update_title);
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, update_summary);
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, changes_list);
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, ack_button);
  gtk_widget_class_bind_template_callback (widget_class, change_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, ack_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, rendered_cb);
  gtk_widget_class_bind_template_callback (widget_class, contents_row_activated_cb);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
limn_guidelines_window_init (LimnGuidelinesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

LimnGuidelinesWindow *
limn_guidelines_window_new (GtkWindow *parent)
{
  return g_object_new (LIMN_TYPE_GUIDELINES_WINDOW,
                       "transient-for", parent,
                       NULL);
}
