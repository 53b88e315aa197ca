/* limn-window-actions.c
 *
 * What the window's menu offers, as "win." actions with accelerators (set
 * in limn-application.c): projects, the team server, the guidelines and
 * the shortcuts window. Each page has its own actions (the labeling
 * page's are "task.").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-export-dialog.h"
#include "charts/limn-chart-format.h"
#include "limn-guidelines-window.h"
#include "limn-help-window.h"
#include "limn-import-dialog.h"
#include "limn-new-project-dialog.h"
#include "limn-sign-in-dialog.h"
#include "limn-window-private.h"
#include "sync/limn-sync-error.h"

void
limn_window_update_actions (LimnWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "win.guidelines", self->contents != NULL);
  /* A team project's dataset versions are the server's (issue 20). */
  gtk_widget_action_set_enabled (widget, "win.export",
                                 self->contents != NULL && self->worker != NULL &&
                                 limn_project_get_server_url (self->contents->project) == NULL);
  gtk_widget_action_set_enabled (widget, "win.get-tasks", self->sync != NULL && !self->claiming);
  gtk_widget_action_set_enabled (widget, "win.sign-in", self->sync != NULL);
}

/* Pages toast through the window: they need not know where it shows. */
static void
win_toast (GtkWidget  *widget,
           const char *action_name,
           GVariant   *param)
{
  limn_window_toast (LIMN_WINDOW (widget), g_variant_get_string (param, NULL));
}

/* One Help window; Ctrl+F1 or the menu brings it back. */
static void
win_help (GtkWidget  *widget,
          const char *action_name,
          GVariant   *param)
{
  GtkWindow *help = g_object_get_data (G_OBJECT (widget), "help-window");

  if (help == NULL)
    {
      help = GTK_WINDOW (limn_help_window_new (GTK_WINDOW (widget)));
      gtk_window_set_hide_on_close (help, TRUE);
      g_object_set_data_full (G_OBJECT (widget), "help-window", help, (GDestroyNotify) gtk_window_destroy);
    }

  gtk_window_present (help);
}

/* One guidelines window, kept beside the task; F1 brings it back. */
static void
win_guidelines (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  LimnWindow *self = LIMN_WINDOW (widget);

  if (self->contents == NULL)
    return;

  if (self->guidelines_window == NULL)
    {
      self->guidelines_window = limn_guidelines_window_new (GTK_WINDOW (self));
      gtk_window_set_destroy_with_parent (GTK_WINDOW (self->guidelines_window), TRUE);
      limn_guidelines_window_set_worker (self->guidelines_window, self->worker);
      /* The banner over the task goes once the store has the acknowledgement. */
      g_signal_connect_object (self->guidelines_window, "acknowledged", G_CALLBACK (limn_window_pages_reload),
                               self, G_CONNECT_SWAPPED);
      /* A published version reaches the task page's project too. */
      g_signal_connect_object (self->guidelines_window, "published", G_CALLBACK (limn_window_pages_reload),
                               self, G_CONNECT_SWAPPED);
      g_object_add_weak_pointer (G_OBJECT (self->guidelines_window), (gpointer *) &self->guidelines_window);
    }

  /* The account may have changed since (its role decides Edit). */
  limn_guidelines_window_set_sync_client (self->guidelines_window, self->sync);
  limn_guidelines_window_set_project (self->guidelines_window, self->contents->project);
  gtk_window_present (GTK_WINDOW (self->guidelines_window));
}

/* Projects */

static void
project_created_cb (LimnNewProjectDialog *dialog,
                    LimnProjectContents  *contents,
                    LimnWindow           *self)
{
  limn_window_show_project (self, contents);
}

static void
win_new_project (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  LimnWindow *self = LIMN_WINDOW (widget);
  LimnNewProjectDialog *dialog;

  if (self->worker == NULL)
    return;

  dialog = limn_new_project_dialog_new (GTK_WINDOW (self), self->worker);
  g_signal_connect_object (dialog, "project-created", G_CALLBACK (project_created_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The project shown (the new one, or the open one with what was added)
 * and a toast that sums it up; the details stay on the dialog's last
 * page until it is closed. */
static void
imported_cb (LimnImportDialog    *dialog,
             LimnProjectContents *contents,
             LimnWindow          *self)
{
  const char *summary = limn_import_dialog_get_summary (dialog);

  limn_window_show_project (self, contents);
  if (summary != NULL)
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (summary));
}

void
limn_window_show_import (LimnWindow *self,
                         const char *path)
{
  LimnImportDialog *dialog;

  if (self->worker == NULL)
    return;

  dialog = limn_import_dialog_new (GTK_WINDOW (self), self->worker);
  if (self->contents != NULL)
    limn_import_dialog_set_project (dialog, self->contents->project);
  g_signal_connect_object (dialog, "project-created", G_CALLBACK (imported_cb), self, 0);
  if (path != NULL)
    limn_import_dialog_set_path (dialog, path);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
win_import (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  limn_window_show_import (LIMN_WINDOW (widget), NULL);
}

static void
exported_cb (LimnExportDialog *dialog,
             const char       *folder,
             LimnWindow       *self)
{
  g_autoptr(GFile) file = g_file_new_for_path (folder);
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *shown = g_filename_display_basename (folder);
  g_autofree char *title = g_strdup_printf (_("Exported to “%s”"), shown);
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_button_label (toast, _("_Open Folder"));
  adw_toast_set_action_name (toast, "win.open-folder");
  adw_toast_set_action_target_value (toast, g_variant_new_string (uri));
  adw_toast_overlay_add_toast (self->toasts, toast);
}

static void
win_export (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  LimnWindow *self = LIMN_WINDOW (widget);
  LimnExportDialog *dialog;

  if (self->worker == NULL || self->contents == NULL)
    return;

  dialog = limn_export_dialog_new (GTK_WINDOW (self), self->worker, self->contents->project);
  g_signal_connect_object (dialog, "exported", G_CALLBACK (exported_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
launch_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    g_warning ("Could not open the folder: %s", error->message);
}

/* GtkFileLauncher is GTK 4.10: the default handler for the folder's URI. */
static void
win_open_folder (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  g_autoptr(GAppLaunchContext) context =
    G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (gtk_widget_get_display (widget)));

  g_app_info_launch_default_for_uri_async (g_variant_get_string (param, NULL), context, NULL,
                                           launch_cb, NULL);
}

static void
open_response_cb (GtkNativeDialog *chooser,
                  int              response,
                  LimnWindow      *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      if (path != NULL)
        limn_window_open_project_file (self, path);
    }

  g_object_unref (chooser);
}

static void
win_open_project (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  LimnWindow *self = LIMN_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Open Project File"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Limn project files"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (open_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
win_open_demo (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  LimnWindow *self = LIMN_WINDOW (widget);
  const char *env = g_getenv ("LIMN_DEMO_DIR");
  g_autofree char *installed = g_build_filename (LIMN_INSTALLED_DEMO_DIR, "project.json", NULL);
  g_autofree char *path = NULL;

  if (env != NULL && env[0] != '\0')
    path = g_build_filename (env, "project.json", NULL);
  else if (g_file_test (installed, G_FILE_TEST_IS_REGULAR))
    path = g_steal_pointer (&installed);
  else
    path = g_build_filename (LIMN_SOURCE_DEMO_DIR, "project.json", NULL);

  limn_window_open_project_file (self, path);
}

/* Team server */

static void
claim_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(LimnWindow) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  const char *project_id;
  guint n_new = 0;

  ids = limn_sync_client_claim_finish (LIMN_SYNC_CLIENT (object), result, &n_new, &error);
  self->claiming = FALSE;
  if (self->sync_indicator != NULL)
    limn_sync_indicator_set_claiming (self->sync_indicator, FALSE);
  if (self->worker == NULL)
    return;
  limn_window_update_actions (self);

  if (ids == NULL)
    {
      /* Tried again already; the tasks here are still there to work on. */
      g_autofree char *text = g_strdup_printf (_("Could not get tasks: %s"), error->message);

      limn_window_toast (self, text);
      return;
    }

  project_id = limn_sync_client_get_project_id (self->sync);
  if (self->contents != NULL && g_strcmp0 (limn_project_get_id (self->contents->project), project_id) == 0)
    {
      g_autofree char *text = NULL;

      /* The server gives leases already held first: say what is new. */
      if (n_new > 0)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new task, also offline",
                                             "%u new tasks, also offline", n_new), n_new);
      else if (ids->len > 0)
        text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "No new tasks: you hold %u still to do",
                                             "No new tasks: you hold %u still to do", ids->len), ids->len);
      else
        text = g_strdup (_("No tasks are left to take in this project"));

      text = limn_format_localize_digits_take (text);
      limn_window_toast (self, text);
      limn_window_pages_reload (self);
    }
  else if (project_id != NULL)
    limn_window_open_project_id (self, project_id);
}

void
limn_window_claim_tasks (LimnWindow *self)
{
  const char *project_id;

  if (self->sync == NULL)
    return;

  project_id = limn_sync_client_get_project_id (self->sync);
  if (project_id == NULL)
    {
      limn_window_toast (self, _("This account has no project to take tasks from."));
      return;
    }

  if (self->claiming)
    return;

  self->claiming = TRUE;
  limn_sync_indicator_set_claiming (limn_window_ensure_sync_indicator (self), TRUE);
  limn_window_update_actions (self);
  limn_sync_client_claim_async (self->sync, project_id,
                                g_settings_get_uint (self->settings, "offline-tasks"),
                                NULL, claim_done_cb, g_object_ref (self));
}

static void
signed_in_cb (LimnSignInDialog *dialog,
              LimnWindow       *self)
{
  limn_window_show_sync_indicator (self, TRUE);
  limn_sync_client_start (self->sync);
  limn_window_claim_tasks (self);
}

static void
win_sign_in (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  LimnWindow *self = LIMN_WINDOW (widget);
  LimnSignInDialog *dialog;

  if (self->sync == NULL)
    return;

  dialog = limn_sign_in_dialog_new (GTK_WINDOW (self), self->sync);
  g_signal_connect_object (dialog, "signed-in", G_CALLBACK (signed_in_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
sign_out_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(LimnWindow) self = data;
  g_autoptr(GError) error = NULL;

  if (!limn_sync_client_sign_out_finish (LIMN_SYNC_CLIENT (object), result, &error))
    {
      limn_window_toast (self, error->message);
      return;
    }

  limn_window_show_sync_indicator (self, FALSE);
  limn_window_toast (self, _("Signed out. Work not yet sent stays queued for the next sign-in."));
}

static void
win_sign_out (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  LimnWindow *self = LIMN_WINDOW (widget);

  if (self->sync == NULL)
    return;

  limn_sync_client_stop (self->sync);
  limn_sync_client_sign_out_async (self->sync, NULL, sign_out_cb, g_object_ref (self));
}

static void
win_sync_now (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  LimnWindow *self = LIMN_WINDOW (widget);

  if (self->sync != NULL && limn_sync_client_get_server_url (self->sync) != NULL)
    limn_sync_client_sync_now (self->sync);
}

static void
win_get_tasks (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  limn_window_claim_tasks (LIMN_WINDOW (widget));
}

/* The Feedback page, opened on a thread ("" for the page as it was): what
 * a row of the Progress page's feedback leads to. */
static void
win_show_feedback (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  const char *thread_id = g_variant_get_string (param, NULL);

  limn_window_pages_show_feedback (LIMN_WINDOW (widget), thread_id[0] != '\0' ? thread_id : NULL);
}

/* The shortcuts window is built the first time it is asked for, not with
 * every window as GtkApplication does for gtk/help-overlay.ui: it is a large
 * widget tree that startup does not need. */
static void
win_show_help_overlay (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  LimnWindow *self = LIMN_WINDOW (widget);
  GtkWindow *overlay = g_object_get_data (G_OBJECT (self), "help-overlay");

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource (LIMN_RESOURCE_PATH "/ui/help-overlay.ui");

      overlay = GTK_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      gtk_window_set_transient_for (overlay, GTK_WINDOW (self));
      gtk_window_set_hide_on_close (overlay, TRUE);
      g_object_set_data_full (G_OBJECT (self), "help-overlay", g_object_ref (overlay),
                              (GDestroyNotify)gtk_window_destroy);
    }

  gtk_window_present (overlay);
}

static void
win_next_page (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  limn_window_pages_step (LIMN_WINDOW (widget), 1);
}

static void
win_prev_page (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  limn_window_pages_step (LIMN_WINDOW (widget), -1);
}

void
limn_window_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.toast", "s", win_toast);
  gtk_widget_class_install_action (widget_class, "win.guidelines", NULL, win_guidelines);
  gtk_widget_class_install_action (widget_class, "win.help", NULL, win_help);
  gtk_widget_class_install_action (widget_class, "win.new-project", NULL, win_new_project);
  gtk_widget_class_install_action (widget_class, "win.open-project", NULL, win_open_project);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, win_open_demo);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, win_import);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, win_export);
  gtk_widget_class_install_action (widget_class, "win.open-folder", "s", win_open_folder);
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL, win_show_help_overlay);
  gtk_widget_class_install_action (widget_class, "win.sign-in", NULL, win_sign_in);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, win_sign_out);
  gtk_widget_class_install_action (widget_class, "win.sync-now", NULL, win_sync_now);
  gtk_widget_class_install_action (widget_class, "win.get-tasks", NULL, win_get_tasks);
  gtk_widget_class_install_action (widget_class, "win.show-feedback", "s", win_show_feedback);
  gtk_widget_class_install_action (widget_class, "win.next-page", NULL, win_next_page);
  gtk_widget_class_install_action (widget_class, "win.prev-page", NULL, win_prev_page);
}
