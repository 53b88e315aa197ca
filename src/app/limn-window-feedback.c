/* limn-window-feedback.c
 *
 * What the window does about feedback whether or not the Feedback page
 * was ever opened: the unread count on the page's switcher button (from
 * the count the project's opening job made, then after each sync), and a
 * desktop notification when a reviewer's reply arrives while the window
 * is in the background, once per thread until it is read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-flag-dialog.h"
#include "limn-window-private.h"
#include "store/limn-store-feedback-jobs.h"

void
limn_window_feedback_show_project (LimnWindow *self)
{
  limn_window_pages_set_badge (self, "feedback", (guint) MAX (self->contents->n_unread_feedback, 0));
}

static void
notify_thread (LimnWindow *self,
               LimnThread *thread)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;
  g_autofree char *body = NULL;

  if (app == NULL)
    return;

  notification = g_notification_new (_("New Reply to Your Report"));
  /* Translators: the report's category, then the task's title */
  body = g_strdup_printf (_("%s · %s"), limn_flag_dialog_category_label (limn_thread_get_category (thread)),
                          limn_thread_get_task_title (thread) ? limn_thread_get_task_title (thread) : "");
  g_notification_set_body (notification, body);
  g_notification_set_category (notification, "im.received");
  id = g_strdup_printf ("thread-%s", limn_thread_get_id (thread));
  g_application_send_notification (app, id, notification);
}

static void
feedback_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(LimnWindow) self = data;
  g_autoptr(LimnFeedbackContents) contents = NULL;
  g_autoptr(GError) error = NULL;
  gboolean background;

  contents = limn_store_jobs_feedback_finish (LIMN_STORE_WORKER (object), result, &error);
  if (contents == NULL || self->worker == NULL)
    {
      if (contents == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot count unread feedback: %s", error->message);
      return;
    }

  if (self->notified_threads == NULL)
    self->notified_threads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  background = !gtk_window_is_active (GTK_WINDOW (self));
  for (guint i = 0; i < contents->threads->len; i++)
    {
      LimnThread *t = g_ptr_array_index (contents->threads, i);
      const char *id = limn_thread_get_id (t);

      /* Once per thread: again only after it was read. */
      if (limn_thread_get_n_unread (t) == 0 || !limn_thread_get_mine (t))
        g_hash_table_remove (self->notified_threads, id);
      else if (limn_thread_get_n_messages (t) > 0 && background &&
               !g_hash_table_contains (self->notified_threads, id))
        {
          notify_thread (self, t);
          g_hash_table_add (self->notified_threads, g_strdup (id));
        }
    }

  self->n_notified = g_hash_table_size (self->notified_threads);
  limn_window_pages_set_badge (self, "feedback", (guint) MAX (contents->n_unread, 0));
}

void
limn_window_feedback_changes_applied (LimnWindow *self)
{
  LimnProject *project = self->contents != NULL ? self->contents->project : NULL;

  if (self->worker == NULL || project == NULL || limn_project_get_server_url (project) == NULL)
    return;

  limn_store_jobs_feedback_async (self->worker, limn_project_get_id (project), FALSE, NULL,
                                  feedback_cb, g_object_ref (self));
}
