/* limn-window-open.c
 *
 * Opening what `limn FILE` (or the file manager) names, in the running
 * window: a Limn project file is imported and opened like --project; any
 * other data set limn-convert reads (an image folder included) opens the
 * Import dialog on it, so the user sees the preview and chooses where it
 * goes. The format is told apart in a thread: detection reads the file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "formats/limn-format.h"
#include "limn-window-private.h"

static void
detect_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  const LimnFormat *format = limn_format_detect (task_data, NULL, &error);

  if (format == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, (gpointer)format, NULL);
}

static void
detect_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      data)
{
  LimnWindow *self = LIMN_WINDOW (object);
  const char *path = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  const LimnFormat *format = g_task_propagate_pointer (G_TASK (result), &error);

  if (self->worker == NULL)
    return;   /* the window closed meanwhile */
  if (format != NULL && g_str_equal (format->id, "limn-project"))
    limn_window_open_project_file (self, path);
  else if (format != NULL || g_error_matches (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_UNKNOWN))
    /* The dialog says what it found, or why it cannot read it. */
    limn_window_show_import (self, path);
  else
    limn_window_toast (self, error->message);
}

void
limn_window_open_path (LimnWindow *self,
                       const char *path)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LIMN_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  if (self->worker == NULL)
    {
      /* The store is still opening: worker_open_cb comes back here. */
      g_ptr_array_add (self->pending_paths, g_strdup (path));
      return;
    }

  task = g_task_new (self, NULL, detect_cb, NULL);
  g_task_set_source_tag (task, limn_window_open_path);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, detect_thread);
}
