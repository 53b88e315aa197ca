/* limn-window.c
 *
 * The main window: opens the store and the session its pages share, opens
 * a project and hands it to the pages, keeps sync going, and shows the
 * window once its first content is ready. The pages themselves are in
 * limn-window-pages.c; what the menu offers in limn-window-actions.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <time.h>

#include "limn-accessible.h"
#include "limn-window-private.h"
#include "store/limn-store.h"
#include "sync/limn-sync-error.h"

G_DEFINE_FINAL_TYPE (LimnWindow, limn_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  TASK_OPENED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
limn_window_toast (LimnWindow *self,
                   const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  g_object_set_data_full (G_OBJECT (self), "last-toast", g_strdup (message), g_free);
  adw_toast_set_timeout (toast, 3);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

static void
present_now (LimnWindow *self)
{
  g_clear_handle_id (&self->present_id, g_source_remove);
  gtk_window_present (GTK_WINDOW (self));
}

static gboolean
present_timeout_cb (gpointer data)
{
  LimnWindow *self = data;

  self->present_id = 0;
  present_now (self);

  return G_SOURCE_REMOVE;
}

/* Shows the window once its first content is ready (a task's image decoded,
 * a text laid out, an error) or after PRESENT_WAIT_MS, whichever comes
 * first: an empty window painted first and its content right after costs a
 * whole extra frame on the way to what the annotator came for (a first
 * frame of a window takes ~50 ms with the cairo renderer). */
#define PRESENT_WAIT_MS 300

void
limn_window_present_when_ready (LimnWindow *self)
{
  g_return_if_fail (LIMN_IS_WINDOW (self));

  if (gtk_widget_get_visible (GTK_WIDGET (self)) ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->shell_stack), "error") == 0 ||
      g_strcmp0 (limn_task_page_get_work_page (self->task_page), "loading") != 0)
    present_now (self);
  else if (self->present_id == 0)
    self->present_id = g_timeout_add (PRESENT_WAIT_MS, present_timeout_cb, self);
}

/* The window waits for a job on another thread (an import, a task's
 * image): create its surface and lay it out meanwhile. Not before: the
 * first layout takes a while, and the results it would hold back come
 * quickly when the project is already stored. */
static void
realize_while_waiting (LimnWindow *self)
{
  if (self->present_id != 0 && !gtk_widget_get_realized (GTK_WIDGET (self)))
    gtk_widget_realize (GTK_WIDGET (self));
}

/* Content is ready: the window waiting for it may show. */
static void
content_ready (LimnWindow *self)
{
  if (self->present_id != 0)
    present_now (self);
}

/* What keeps the whole window from working: no store, no project. */
void
limn_window_show_error (LimnWindow *self,
                        const char *title,
                        const char *message)
{
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, message);
  /* Without a store there is nothing to open instead. */
  gtk_widget_set_visible (adw_status_page_get_child (self->error_page), self->worker != NULL);
  /* Its icon when first shown: no SVG is drawn at start-up. */
  if (adw_status_page_get_icon_name (self->error_page) == NULL)
    adw_status_page_set_icon_name (self->error_page, "dialog-error-symbolic");
  gtk_stack_set_visible_child_name (self->shell_stack, "error");
  content_ready (self);
}

/* Projects */

void
limn_window_show_project (LimnWindow          *self,
                          LimnProjectContents *contents)
{
  LimnProject *project = contents->project;

  g_clear_pointer (&self->contents, limn_project_contents_free);
  self->contents = contents;

  limn_session_set_project (self->session, project);
  adw_view_switcher_title_set_title (self->switcher_title, limn_project_get_name (project));
  /* What task switchers show: the project, as documents do in GNOME. */
  gtk_window_set_title (GTK_WINDOW (self), limn_project_get_name (project));
  g_settings_set_string (self->settings, "last-project", limn_project_get_id (project));
  gtk_stack_set_visible_child_name (self->shell_stack, "pages");
  limn_window_pages_show_project (self);
  limn_window_feedback_show_project (self);
  if (self->guidelines_window != NULL)
    limn_guidelines_window_set_project (self->guidelines_window, project);
  limn_window_update_actions (self);

  /* The first task's image decodes and its annotation loads now. */
  realize_while_waiting (self);
}

static char *
demo_project_path (void)
{
  const char *env = g_getenv ("LIMN_DEMO_DIR");
  g_autofree char *installed = g_build_filename (LIMN_INSTALLED_DEMO_DIR, "project.json", NULL);

  if (env != NULL && env[0] != '\0')
    return g_build_filename (env, "project.json", NULL);

  if (g_file_test (installed, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&installed);

  return g_build_filename (LIMN_SOURCE_DEMO_DIR, "project.json", NULL);
}

static void
import_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(LimnWindow) self = data;
  g_autoptr(GError) error = NULL;
  LimnProjectContents *contents = NULL;

  contents = limn_store_jobs_import_finish (LIMN_STORE_WORKER (object), result, &error);
  if (self->worker == NULL)
    return;
  if (contents == NULL)
    {
      /* A failed import changes nothing: what was open stays open. */
      if (self->contents == NULL)
        limn_window_show_error (self, _("Cannot Open This Project"), error->message);
      else
        {
          AdwMessageDialog *dialog;

          dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                               _("Cannot Open This Project"),
                                                               error->message));
          adw_message_dialog_add_response (dialog, "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (dialog));
        }
      return;
    }

  limn_window_show_project (self, contents);
}

void
limn_window_import (LimnWindow     *self,
                    LimnImportKind  kind,
                    const char     *path)
{
  if (self->worker == NULL)
    return;

  limn_store_jobs_import_async (self->worker, kind, path, NULL, NULL, NULL, import_cb, g_object_ref (self));
  realize_while_waiting (self);
}

void
limn_window_open_project_file (LimnWindow *self,
                               const char *path)
{
  g_return_if_fail (LIMN_IS_WINDOW (self));

  if (self->worker == NULL)
    {
      /* The store is still opening: do it as soon as it is ready. */
      g_free (self->pending_project_file);
      self->pending_project_file = g_strdup (path);
      return;
    }

  limn_window_import (self, LIMN_IMPORT_PROJECT_FILE, path);
}

static void
open_project_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(LimnWindow) self = data;
  g_autoptr(GError) error = NULL;
  LimnProjectContents *contents = NULL;

  contents = limn_store_jobs_open_project_finish (LIMN_STORE_WORKER (object), result, &error);
  if (self->worker == NULL)
    return;
  if (contents != NULL)
    {
      limn_window_show_project (self, contents);
      return;
    }

  if (g_error_matches (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND))
    {
      /* First run (or the last project is gone): the demo. */
      g_autofree char *demo = demo_project_path ();

      limn_window_import (self, LIMN_IMPORT_PROJECT_FILE, demo);
      return;
    }

  limn_window_show_error (self, _("Cannot Open Your Work"), error->message);
}

/* Opens a project already in the store (one claimed from a server). */
void
limn_window_open_project_id (LimnWindow *self,
                             const char *project_id)
{
  g_return_if_fail (LIMN_IS_WINDOW (self));

  if (self->worker == NULL)
    return;

  limn_store_jobs_open_project_async (self->worker, project_id, NULL, open_project_cb, g_object_ref (self));
}

void
limn_window_open_default (LimnWindow *self)
{
  g_autofree char *last = NULL;

  g_return_if_fail (LIMN_IS_WINDOW (self));

  if (self->worker == NULL)
    {
      self->opening_default = TRUE;
      return;
    }

  last = g_settings_get_string (self->settings, "last-project");
  limn_store_jobs_open_project_async (self->worker, last[0] ? last : NULL, NULL,
                                      open_project_cb, g_object_ref (self));
}

/* Sync */

static void
changes_applied_cb (LimnSyncClient *client,
                    guint           n_changes,
                    LimnWindow     *self)
{
  limn_window_pages_reload (self);
  limn_window_feedback_changes_applied (self);
}

static void
conflict_cb (LimnSyncClient *client,
             const char     *kind,
             const char     *id,
             const char     *reason,
             LimnWindow     *self)
{
  g_autofree char *text = g_strdup_printf (_("The server kept your work as a conflicted revision: %s"),
                                           reason ? reason : _("the task changed while you were offline"));

  limn_window_toast (self, text);
  limn_window_pages_reload (self);
}

static void
rejected_cb (LimnSyncClient *client,
             const char     *kind,
             const char     *id,
             const char     *reason,
             LimnWindow     *self)
{
  g_autofree char *text = g_strdup_printf (_("The server refused a change: %s"), reason ? reason : "");

  limn_window_toast (self, text);
}

static void
restore_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(LimnWindow) self = data;
  g_autoptr(GError) error = NULL;

  if (self->sync == NULL)
    return;

  if (!limn_sync_client_restore_finish (LIMN_SYNC_CLIENT (object), result, &error))
    {
      /* Not signed in is the normal local-only case; anything else is worth
       * a word, and signing in again fixes it. */
      if (!g_error_matches (error, LIMN_SYNC_ERROR, LIMN_SYNC_ERROR_NOT_SIGNED_IN))
        limn_window_toast (self, error->message);
      return;
    }

  limn_window_show_sync_indicator (self, TRUE);
  limn_sync_client_start (self->sync);
}

static void
setup_sync (LimnWindow *self)
{
  g_autofree char *db = limn_store_default_path ();
  g_autofree char *data_dir = g_path_get_dirname (db);

  self->sync = limn_sync_client_new (self->worker, data_dir);
  g_settings_bind (self->settings, "offline-tasks", self->sync, "prefetch-count", G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->sync, "changes-applied", G_CALLBACK (changes_applied_cb), self, 0);
  g_signal_connect_object (self->sync, "conflict", G_CALLBACK (conflict_cb), self, 0);
  g_signal_connect_object (self->sync, "rejected", G_CALLBACK (rejected_cb), self, 0);
  g_signal_connect_object (self->sync, "notify::role", G_CALLBACK (limn_window_pages_update_visibility), self,
                           G_CONNECT_SWAPPED);
  limn_session_set_sync_client (self->session, self->sync);
  if (self->sync_indicator != NULL)
    limn_sync_indicator_set_client (self->sync_indicator, self->sync);
  limn_window_update_actions (self);
  limn_sync_client_restore_async (self->sync, NULL, restore_cb, g_object_ref (self));
}

/* The sync indicator is made when there is sync to show (a restored or
 * new sign-in): someone working locally never needs it, and the window's
 * first frame does not wait for it. */
LimnSyncIndicator *
limn_window_ensure_sync_indicator (LimnWindow *self)
{
  if (self->sync_indicator == NULL)
    {
      self->sync_indicator = g_object_new (LIMN_TYPE_SYNC_INDICATOR, NULL);
      adw_bin_set_child (self->sync_slot, GTK_WIDGET (self->sync_indicator));
      if (self->sync != NULL)
        limn_sync_indicator_set_client (self->sync_indicator, self->sync);
    }

  return self->sync_indicator;
}

void
limn_window_show_sync_indicator (LimnWindow *self,
                                 gboolean    visible)
{
  if (visible)
    limn_window_ensure_sync_indicator (self);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_slot), visible);
}

/* Store and session */

static void
write_failed_cb (LimnStoreWorker *worker,
                 const GError    *error,
                 LimnWindow      *self)
{
  gtk_label_set_text (self->save_error_label, error->message);
  gtk_revealer_set_reveal_child (self->save_error_revealer, TRUE);
}

static void
write_recovered_cb (LimnStoreWorker *worker,
                    LimnWindow      *self)
{
  gtk_revealer_set_reveal_child (self->save_error_revealer, FALSE);
  limn_window_toast (self, _("Your work is saved again"));
}

static void
worker_open_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(LimnWindow) self = data;
  g_autoptr(GError) error = NULL;

  self->worker = limn_store_worker_open_finish (result, &error);
  if (self->worker == NULL)
    {
      limn_window_show_error (self, _("Cannot Open Your Work"), error->message);
      return;
    }

  g_signal_connect_object (self->worker, "write-failed", G_CALLBACK (write_failed_cb), self, 0);
  g_signal_connect_object (self->worker, "write-recovered", G_CALLBACK (write_recovered_cb), self, 0);

  self->session = limn_session_new (self->worker, self->settings);
  limn_activity_set_focused (limn_session_get_activity (self->session), gtk_window_is_active (GTK_WINDOW (self)));
  limn_window_pages_set_session (self);
  setup_sync (self);

  if (self->pending_project_file != NULL)
    {
      g_autofree char *path = g_steal_pointer (&self->pending_project_file);

      limn_window_import (self, LIMN_IMPORT_PROJECT_FILE, path);
    }
  else if (self->opening_default)
    limn_window_open_default (self);

  for (guint i = 0; i < self->pending_paths->len; i++)
    limn_window_open_path (self, g_ptr_array_index (self->pending_paths, i));
  g_ptr_array_set_size (self->pending_paths, 0);
}

/* Activity: any input counts, wherever it lands in the window. */
/* Activity: any input counts, wherever it lands in the window. */
static gboolean
input_cb (GtkEventControllerLegacy *controller,
          GdkEvent                 *event,
          LimnWindow               *self)
{
  switch (gdk_event_get_event_type (event))
    {
    case GDK_KEY_PRESS:
    case GDK_BUTTON_PRESS:
    case GDK_BUTTON_RELEASE:
    case GDK_MOTION_NOTIFY:
    case GDK_SCROLL:
    case GDK_TOUCH_BEGIN:
    case GDK_TOUCH_UPDATE:
      if (self->session != NULL)
        limn_activity_input (limn_session_get_activity (self->session));
      break;
    default:
      break;
    }

  return GDK_EVENT_PROPAGATE;
}

static void
is_active_cb (LimnWindow *self)
{
  if (self->session != NULL)
    limn_activity_set_focused (limn_session_get_activity (self->session), gtk_window_is_active (GTK_WINDOW (self)));
}

static gboolean
close_request_cb (LimnWindow *self)
{
  limn_window_pages_close (self);
  return FALSE;
}

static void
task_opened_cb (LimnWindow *self,
                const char *task_id)
{
  g_signal_emit (self, signals[TASK_OPENED], 0, task_id);
}

/* LIMN_REPORT_FIRST_FRAME=1 (bench/bench-startup): print when the first
 * task is on screen and how much memory and CPU time that took, then quit,
 * in the same key=value lines as bench/floor-viewer. */

/* CPU time used so far (ms): by the whole process, or by the calling
 * thread (CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID). */
static double
cpu_ms (clockid_t clock)
{
  struct timespec ts;

  if (clock_gettime (clock, &ts) != 0)
    return -1;

  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static double
rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");

  return line ? g_ascii_strtod (line + 6, NULL) / 1024.0 : -1;
}

static void
report_after_paint_cb (GdkFrameClock *clock,
                       LimnWindow    *self)
{
  guint frames = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (self), "report-frames"));

  /* A few more frames, for what a second paint still allocates. */
  g_object_set_data (G_OBJECT (self), "report-frames", GUINT_TO_POINTER (frames + 1));
  if (frames < 10)
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }

  g_signal_handlers_disconnect_by_func (clock, report_after_paint_cb, self);
  g_print ("rss-settled-mb=%.1f\n", rss_mb ());
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
report_first_frame_cb (LimnWindow *self)
{
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (self));

  if (g_object_get_data (G_OBJECT (self), "report-frames") != NULL)
    return;

  g_print ("first-frame-us=%" PRId64 "\n", g_get_monotonic_time ());
  g_print ("rss-mb=%.1f\n", rss_mb ());
  g_print ("cpu-ms=%.1f\n", cpu_ms (CLOCK_PROCESS_CPUTIME_ID));
  g_print ("main-cpu-ms=%.1f\n", cpu_ms (CLOCK_THREAD_CPUTIME_ID));
  g_print ("renderer=%s\n", G_OBJECT_TYPE_NAME (renderer));
  g_object_set_data (G_OBJECT (self), "report-frames", GUINT_TO_POINTER (1));
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                           G_CALLBACK (report_after_paint_cb), self, 0);
}

static void
limn_window_dispose (GObject *object)
{
  LimnWindow *self = (LimnWindow *)object;

  g_clear_handle_id (&self->present_id, g_source_remove);

  /* The pages finish what is open while the store is still there; then
   * it writes what is pending before its thread stops: at quit, waiting
   * for a last fsync is right. */
  if (self->page_slots != NULL)
    limn_window_pages_close (self);
  if (self->worker != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!limn_store_worker_close (self->worker, &error))
        g_warning ("Some work could not be saved at exit: %s", error->message);
    }

  if (self->sync != NULL)
    limn_sync_client_stop (self->sync);
  if (self->sync_indicator != NULL)
    limn_sync_indicator_set_client (self->sync_indicator, NULL);
  limn_window_pages_dispose (self);
  g_clear_pointer (&self->notified_threads, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), LIMN_TYPE_WINDOW);
  self->sync_indicator = NULL;   /* it was sync_slot's child */

  g_clear_object (&self->sync);
  g_clear_object (&self->session);
  g_clear_object (&self->worker);
  g_clear_pointer (&self->contents, limn_project_contents_free);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->pending_project_file, g_free);
  g_clear_pointer (&self->pending_paths, g_ptr_array_unref);

  G_OBJECT_CLASS (limn_window_parent_class)->dispose (object);
}

static void
limn_window_class_init (LimnWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = limn_window_dispose;

  /**
   * LimnWindow::task-opened:
   * @task_id: the task now shown on the labeling page, with its draft ready
   */
  signals[TASK_OPENED] =
    g_signal_new ("task-opened", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, LIMN_RESOURCE_PATH "/ui/limn-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, page_start);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, page_end);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, save_error_revealer);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, save_error_label);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, shell_stack);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, sync_slot);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, LimnWindow, primary_menu);

  limn_window_class_init_actions (widget_class);
}

/* The main menu's popover is built when it first opens, not with the
 * window: nobody needs it for the first frame. */
static void
create_menu_cb (GtkMenuButton *button,
                gpointer       data)
{
  LimnWindow *self = data;

  if (gtk_menu_button_get_menu_model (button) == NULL)
    gtk_menu_button_set_menu_model (button, self->primary_menu);
}

static void
limn_window_init (LimnWindow *self)
{
  g_autofree char *db_path = limn_store_default_path ();
  GtkEventController *legacy;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->pending_paths = g_ptr_array_new_with_free_func (g_free);

  gtk_menu_button_set_create_popup_func (self->menu_button, create_menu_cb, self, NULL);
  limn_accessible_label_popup_button (GTK_WIDGET (self->menu_button), _("Main Menu"));

  self->settings = g_settings_new (APP_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  limn_window_pages_init (self);
  g_signal_connect_object (self->task_page, "content-ready", G_CALLBACK (content_ready), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->task_page, "task-opened", G_CALLBACK (task_opened_cb), self,
                           G_CONNECT_SWAPPED);

  legacy = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (legacy, GTK_PHASE_CAPTURE);
  g_signal_connect (legacy, "event", G_CALLBACK (input_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), legacy);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (is_active_cb), NULL);
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);

  limn_window_update_actions (self);

  if (g_strcmp0 (g_getenv ("LIMN_REPORT_FIRST_FRAME"), "1") == 0)
    {
      g_signal_connect_object (limn_task_page_get_image_canvas (self->task_page), "first-frame",
                               G_CALLBACK (report_first_frame_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (limn_task_page_get_span_view (self->task_page), "first-frame",
                               G_CALLBACK (report_first_frame_cb), self, G_CONNECT_SWAPPED);
    }

  /* The database opens on the writer thread; the window is up meanwhile. */
  limn_store_worker_open_async (db_path, NULL, worker_open_cb, g_object_ref (self));
}

LimnWindow *
limn_window_new (LimnApplication *application)
{
  return g_object_new (LIMN_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

/* For tests and benchmarks */

LimnSyncClient *
limn_window_get_sync_client (LimnWindow *self)
{
  g_return_val_if_fail (LIMN_IS_WINDOW (self), NULL);
  return self->sync;
}

LimnStoreWorker *
limn_window_get_worker (LimnWindow *self)
{
  g_return_val_if_fail (LIMN_IS_WINDOW (self), NULL);
  return self->worker;
}

LimnDraft *
limn_window_get_draft (LimnWindow *self)
{
  g_return_val_if_fail (LIMN_IS_WINDOW (self), NULL);
  return limn_task_page_get_draft (self->task_page);
}

const char *
limn_window_get_task_id (LimnWindow *self)
{
  g_return_val_if_fail (LIMN_IS_WINDOW (self), NULL);
  return limn_task_page_get_task_id (self->task_page);
}

GtkWidget *
limn_window_get_image_canvas (LimnWindow *self)
{
  g_return_val_if_fail (LIMN_IS_WINDOW (self), NULL);
  return limn_task_page_get_image_canvas (self->task_page);
}

GtkWidget *
limn_window_get_span_view (LimnWindow *self)
{
  g_return_val_if_fail (LIMN_IS_WINDOW (self), NULL);
  return limn_task_page_get_span_view (self->task_page);
}

void
limn_window_select_task (LimnWindow *self,
                         guint       position)
{
  g_return_if_fail (LIMN_IS_WINDOW (self));
  limn_task_page_select_task (self->task_page, position);
}

GtkWidget *
limn_window_get_task_list (LimnWindow *self)
{
  g_return_val_if_fail (LIMN_IS_WINDOW (self), NULL);
  return limn_task_page_get_task_list (self->task_page);
}

GtkWidget *
limn_window_get_sync_indicator (LimnWindow *self)
{
  g_return_val_if_fail (LIMN_IS_WINDOW (self), NULL);
  return GTK_WIDGET (limn_window_ensure_sync_indicator (self));
}

const char *
limn_window_get_work_page (LimnWindow *self)
{
  g_return_val_if_fail (LIMN_IS_WINDOW (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->shell_stack), "error") == 0)
    return "error";
  return limn_task_page_get_work_page (self->task_page);
}

const char *
limn_window_get_position_text (LimnWindow *self)
{
  g_return_val_if_fail (LIMN_IS_WINDOW (self), NULL);
  return limn_task_page_get_position_text (self->task_page);
}

const char *
limn_window_get_last_toast (LimnWindow *self)
{
  g_return_val_if_fail (LIMN_IS_WINDOW (self), NULL);
  return g_object_get_data (G_OBJECT (self), "last-toast");
}

gboolean
limn_window_get_submitted_banner_shown (LimnWindow *self)
{
  g_return_val_if_fail (LIMN_IS_WINDOW (self), FALSE);
  return limn_task_page_get_submitted_banner_shown (self->task_page);
}
