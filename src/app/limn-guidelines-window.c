/* limn-guidelines-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "limn-guidelines-window.h"
#include "limn-markdown-view.h"
#include "store/limn-store-feedback-jobs.h"
#include "sync/limn-sync-client.h"
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
  AdwToastOverlay  *toasts;
  GtkWidget        *edit_button;
  GtkLabel         *error_label;
  GtkStack         *editor_stack;
  GtkTextView      *source_view;
  LimnMarkdownView *preview_view;
  GtkListBox       *edit_changes_list;
  GtkWidget        *no_changes_label;
  GtkEntry         *summary_entry;
  GtkWidget        *labels_group;
  GtkFlowBox       *labels_flow;
  GtkToggleButton  *preview_button;
  GtkWidget        *publish_button;

  LimnStoreWorker  *worker;
  LimnSyncClient   *sync;
  char             *published_body; /* the version the editor starts from */
  gint64            published_version;
  gboolean          publishing;
  gboolean          team;
  GCancellable     *cancellable;
  char             *project_id;
  gint64            update_version; /* waiting to be acknowledged, or 0 */
  gboolean          rendered;
};

G_DEFINE_FINAL_TYPE (LimnGuidelinesWindow, limn_guidelines_window, ADW_TYPE_WINDOW)

enum {
  ACKNOWLEDGED,
  PUBLISHED,
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

/* @navigable: the row shows its section in the reading view. */
static GtkWidget *
change_row (const LimnMarkdownChange *change,
            gboolean                  navigable)
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
  if (navigable && change->kind != LIMN_MARKDOWN_SECTION_REMOVED && change->title[0] != '\0')
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
  version = g_strdup_printf (_("Version %" PRId64), update->version);
  gtk_label_set_text (self->version_label, version);
  gtk_stack_set_visible_child_name (self->stack, "guidelines");
  if (g_strcmp0 (limn_markdown_view_get_markdown (self->view), update->body) != 0)
    {
      self->rendered = FALSE;
      limn_markdown_view_set_markdown (self->view, update->body);
    }

  /* Translators: %lld is the new version of the guidelines */
  title = g_strdup_printf (_("What Changed in Version %" PRId64), update->version);
  gtk_label_set_text (self->update_title, title);
  gtk_label_set_text (self->update_summary, update->summary);
  gtk_widget_set_visible (GTK_WIDGET (self->update_summary), update->summary != NULL && update->summary[0] != '\0');

  changes = limn_markdown_changed_sections (feedback->previous_body != NULL ? feedback->previous_body : "",
                                            update->body);
  for (guint i = 0; i < changes->len; i++)
    gtk_list_box_append (self->changes_list, change_row (g_ptr_array_index (changes, i), TRUE));
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

/* The editor (reviewers and admins of a team project) */

static void show_guidelines (LimnGuidelinesWindow *self,
                             const char           *guidelines,
                             gint64                version);

static gboolean
may_edit (LimnGuidelinesWindow *self)
{
  return self->team && self->sync != NULL && limn_sync_client_is_reviewer (self->sync);
}

static void
update_edit_button (LimnGuidelinesWindow *self)
{
  gboolean editing = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "editor") == 0;

  gtk_widget_set_visible (self->edit_button, may_edit (self) && !editing);
}

static char *
editor_text (LimnGuidelinesWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->source_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
show_error (LimnGuidelinesWindow *self,
            const char           *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* The changed sections follow every keystroke; Publish wants a change
 * and a summary. */
static void
editor_changed_cb (LimnGuidelinesWindow *self)
{
  g_autofree char *text = editor_text (self);
  g_autofree char *summary = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->summary_entry))));
  g_autoptr(GPtrArray) changes = NULL;
  GtkWidget *row;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "editor") != 0)
    return;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (self->edit_changes_list))) != NULL)
    gtk_list_box_remove (self->edit_changes_list, row);

  changes = limn_markdown_changed_sections (self->published_body != NULL ? self->published_body : "", text);
  for (guint i = 0; i < changes->len; i++)
    {
      row = change_row (g_ptr_array_index (changes, i), FALSE);
      gtk_list_box_append (self->edit_changes_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->edit_changes_list), changes->len > 0);
  gtk_widget_set_visible (self->no_changes_label, changes->len == 0);

  gtk_widget_set_sensitive (self->publish_button,
                            !self->publishing && changes->len > 0 && summary[0] != '\0' &&
                            g_strcmp0 (text, self->published_body) != 0);
}

static void uncheck_labels (LimnGuidelinesWindow *self);

static void
edit_clicked_cb (LimnGuidelinesWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->source_view);

  if (!may_edit (self))
    return;

  gtk_stack_set_visible_child_name (self->stack, "editor");
  gtk_text_buffer_set_text (buffer, self->published_body != NULL ? self->published_body : "", -1);
  gtk_editable_set_text (GTK_EDITABLE (self->summary_entry), "");
  uncheck_labels (self);
  gtk_toggle_button_set_active (self->preview_button, FALSE);
  gtk_stack_set_visible_child_name (self->editor_stack, "source");
  show_error (self, NULL);
  update_edit_button (self);
  gtk_widget_set_visible (GTK_WIDGET (self->contents_button), FALSE);
  editor_changed_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->source_view));
}

static void
preview_toggled_cb (LimnGuidelinesWindow *self)
{
  if (gtk_toggle_button_get_active (self->preview_button))
    {
      g_autofree char *text = editor_text (self);

      limn_markdown_view_set_markdown (self->preview_view, text);
      gtk_stack_set_visible_child_name (self->editor_stack, "preview");
    }
  else
    gtk_stack_set_visible_child_name (self->editor_stack, "source");
}

static void
leave_editor (LimnGuidelinesWindow *self)
{
  show_guidelines (self, self->published_body, self->published_version);
  update_edit_button (self);
  if (self->rendered)
    rendered_cb (self);
}

static void
cancel_clicked_cb (LimnGuidelinesWindow *self)
{
  if (!self->publishing)
    leave_editor (self);
}

static void
published_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(LimnGuidelinesWindow) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gint64 version;

  version = limn_sync_client_publish_guidelines_finish (LIMN_SYNC_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->publishing = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->source_view), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->summary_entry), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->labels_flow), TRUE);
  if (error != NULL)
    {
      /* Translators: %s says why publishing failed */
      message = g_strdup_printf (_("The guidelines were not published: %s"), error->message);
      show_error (self, message);
      editor_changed_cb (self);
      return;
    }

  g_free (self->published_body);
  self->published_body = editor_text (self);
  self->published_version = version;
  /* The author's own version supersedes any older one waiting to be read. */
  self->update_version = 0;
  gtk_widget_set_visible (self->update_box, FALSE);
  clear_changes (self);
  leave_editor (self);

  /* Translators: %lld is the new version of the guidelines */
  message = g_strdup_printf (_("Published version %" PRId64), version);
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
  g_signal_emit (self, signals[PUBLISHED], 0, version);
}

/* The ids of the labels checked as changed by this version. */
static GStrv
checked_labels (LimnGuidelinesWindow *self)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->labels_flow)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *check = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        g_strv_builder_add (ids, g_object_get_data (G_OBJECT (check), "label-id"));
    }
  return g_strv_builder_end (ids);
}

/* One check per label in use (a retired one has no rules to change);
 * what was checked stays checked. */
static void
fill_labels (LimnGuidelinesWindow *self,
             LimnProject          *project)
{
  GListModel *labels = limn_project_get_labels (project);
  g_auto(GStrv) checked = checked_labels (self);
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->labels_flow))) != NULL)
    gtk_flow_box_remove (self->labels_flow, child);

  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(LimnLabel) label = g_list_model_get_item (labels, i);
      GtkWidget *check;

      if (limn_label_get_retired (label))
        continue;
      check = gtk_check_button_new_with_label (limn_label_get_display_name (label, NULL));
      g_object_set_data_full (G_OBJECT (check), "label-id", g_strdup (limn_label_get_id (label)), g_free);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   g_strv_contains ((const char * const *) checked, limn_label_get_id (label)));
      gtk_flow_box_append (self->labels_flow, check);
      shown++;
    }
  gtk_widget_set_visible (self->labels_group, shown > 0);
}

static void
uncheck_labels (LimnGuidelinesWindow *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->labels_flow)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child))),
                                 FALSE);
}

static void
publish_clicked_cb (LimnGuidelinesWindow *self)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) labels = NULL;

  if (self->publishing || !may_edit (self) || !gtk_widget_get_sensitive (self->publish_button))
    return;

  text = editor_text (self);
  labels = checked_labels (self);
  self->publishing = TRUE;
  show_error (self, NULL);
  gtk_widget_set_sensitive (self->publish_button, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->source_view), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->summary_entry), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->labels_flow), FALSE);
  limn_sync_client_publish_guidelines_async (self->sync, self->project_id, text,
                                             gtk_editable_get_text (GTK_EDITABLE (self->summary_entry)),
                                             (const char * const *) labels,
                                             self->cancellable, published_cb, g_object_ref (self));
}

void
limn_guidelines_window_set_sync_client (LimnGuidelinesWindow *self,
                                        LimnSyncClient       *sync)
{
  g_return_if_fail (LIMN_IS_GUIDELINES_WINDOW (self));

  g_set_object (&self->sync, sync);
  update_edit_button (self);
}

GtkWidget *
limn_guidelines_window_get_edit_button (LimnGuidelinesWindow *self)
{
  g_return_val_if_fail (LIMN_IS_GUIDELINES_WINDOW (self), NULL);
  return gtk_widget_get_visible (self->edit_button) ? self->edit_button : NULL;
}

GtkWidget *
limn_guidelines_window_get_editor_widget (LimnGuidelinesWindow *self,
                                          const char           *name)
{
  g_return_val_if_fail (LIMN_IS_GUIDELINES_WINDOW (self), NULL);

  if (g_str_equal (name, "source"))
    return GTK_WIDGET (self->source_view);
  if (g_str_equal (name, "summary"))
    return GTK_WIDGET (self->summary_entry);
  if (g_str_equal (name, "publish"))
    return self->publish_button;
  if (g_str_equal (name, "changes"))
    return GTK_WIDGET (self->edit_changes_list);
  if (g_str_equal (name, "labels"))
    return GTK_WIDGET (self->labels_flow);
  if (g_str_equal (name, "error"))
    return GTK_WIDGET (self->error_label);
  if (g_str_equal (name, "preview"))
    return GTK_WIDGET (self->preview_button);
  return NULL;
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

/* Shows @guidelines, version @version, on the reading page. */
static void
show_guidelines (LimnGuidelinesWindow *self,
                 const char           *guidelines,
                 gint64                version)
{
  g_autofree char *stripped = g_strstrip (g_strdup (guidelines != NULL ? guidelines : ""));
  g_autofree char *text = NULL;

  if (stripped[0] == '\0')
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      gtk_widget_set_visible (GTK_WIDGET (self->contents_button), FALSE);
      limn_markdown_view_set_markdown (self->view, "");
      self->rendered = TRUE;
      return;
    }

  /* Translators: the version of a project's guidelines. */
  text = g_strdup_printf (_("Version %" PRId64), version);
  gtk_label_set_text (self->version_label, text);
  gtk_stack_set_visible_child_name (self->stack, "guidelines");

  if (g_strcmp0 (limn_markdown_view_get_markdown (self->view), guidelines) != 0)
    {
      self->rendered = FALSE;
      limn_markdown_view_set_markdown (self->view, guidelines);
    }
}

void
limn_guidelines_window_set_project (LimnGuidelinesWindow *self,
                                    LimnProject          *project)
{
  const char *guidelines;
  gboolean same;

  g_return_if_fail (LIMN_IS_GUIDELINES_WINDOW (self));
  g_return_if_fail (LIMN_IS_PROJECT (project));

  guidelines = limn_project_get_guidelines (project);
  adw_window_title_set_subtitle (self->window_title, limn_project_get_name (project));
  same = g_strcmp0 (self->project_id, limn_project_get_id (project)) == 0;

  /* A version this window published may be newer than the project the
   * main window still holds. */
  if (!same || limn_project_get_guideline_version (project) >= self->published_version)
    {
      g_free (self->published_body);
      self->published_body = g_strdup (guidelines != NULL ? guidelines : "");
      self->published_version = limn_project_get_guideline_version (project);
    }

  /* Checks kept only while the same project comes back. */
  if (!same)
    uncheck_labels (self);
  fill_labels (self, project);
  g_free (self->project_id);
  self->project_id = g_strdup (limn_project_get_id (project));
  self->team = limn_project_get_server_url (project) != NULL;
  update_edit_button (self);

  /* Editing goes on while the same project comes back from a sync. */
  if (same && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "editor") == 0)
    return;

  /* Read in the user's language when the project translated this
   * version; editing and the change list keep to the default text. */
  show_guidelines (self,
                   limn_project_get_guideline_version (project) == self->published_version
                   ? limn_project_get_display_guidelines (project, NULL)
                   : self->published_body,
                   self->published_version);
  if (self->published_body[0] != '\0')
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
  g_clear_object (&self->sync);
  g_clear_pointer (&self->project_id, g_free);
  g_clear_pointer (&self->published_body, g_free);

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

  /**
   * LimnGuidelinesWindow::published:
   * @version: the new version
   *
   * A reviewer published a new version; the store has it.
   */
  signals[PUBLISHED] =
    g_signal_new ("published", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

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
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, edit_button);
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, editor_stack);
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, source_view);
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, preview_view);
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, edit_changes_list);
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, no_changes_label);
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, summary_entry);
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, labels_group);
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, labels_flow);
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, preview_button);
  gtk_widget_class_bind_template_child (widget_class, LimnGuidelinesWindow, publish_button);
  gtk_widget_class_bind_template_callback (widget_class, edit_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, editor_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, preview_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, publish_clicked_cb);
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
  g_signal_connect_object (gtk_text_view_get_buffer (self->source_view), "changed",
                           G_CALLBACK (editor_changed_cb), self, G_CONNECT_SWAPPED);
}

LimnGuidelinesWindow *
limn_guidelines_window_new (GtkWindow *parent)
{
  return g_object_new (LIMN_TYPE_GUIDELINES_WINDOW,
                       "transient-for", parent,
                       NULL);
}
