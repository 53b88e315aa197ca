/* limn-task-page-media.c
 *
 * The open task's image when it is not on screen: a team task's image
 * still on its way (the sync client fetches it; the page counts down to
 * the next try and the canvas loads it when it lands), or the file's own
 * problem, said as such.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "limn-task-page-private.h"
#include "model/limn-image-probe.h"

/* A team task whose image is not here yet: the sync client fetches it, and
 * the canvas loads it when it lands. Anything else that keeps an image
 * from the screen is the file's own problem. */
static gboolean
image_is_on_its_way (LimnTaskPage *self)
{
  const GError *error = limn_image_canvas_get_error (self->canvas);

  return self->sync != NULL && limn_task_get_media_sha256 (self->task) != NULL &&
         g_error_matches (error, LIMN_IMAGE_ERROR, LIMN_IMAGE_ERROR_MISSING);
}

static char *
format_retry (LimnTaskPage *self)
{
  gint64 next = limn_sync_client_get_next_retry_us (self->sync);
  gint64 s;

  if (next <= 0)
    return NULL;

  s = MAX ((next - g_get_real_time () + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC, 0);
  /* Translators: the time until Limn tries the server again */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Limn tries again in %" PRId64 " second.",
                                       "Limn tries again in %" PRId64 " seconds.", s), s);
}

/* What the media page says while the open task's image is on its way. */
void
limn_task_page_update_media_page (LimnTaskPage *self)
{
  const char *sha256;
  const char *message = NULL;
  g_autofree char *retry = NULL;
  g_autofree char *description = NULL;
  LimnMediaState state;
  gboolean busy = FALSE;

  if (self->task == NULL || self->sync == NULL || self->media_page == NULL ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->work_stack), "media-wait") != 0)
    return;

  sha256 = limn_task_get_media_sha256 (self->task);
  state = limn_sync_client_get_media_state (self->sync, sha256, &message);
  retry = format_retry (self);

  if (state == LIMN_MEDIA_STATE_DOWNLOADING)
    {
      busy = TRUE;
      description = g_strdup (_("Limn is downloading this task’s image from the team server."));
    }
  else
    switch (limn_sync_client_get_state (self->sync))
      {
      case LIMN_SYNC_STATE_OFFLINE:
        description = g_strdup_printf ("%s %s", _("Waiting for the network: the image comes as soon as "
                                                  "the team server can be reached."),
                                       retry ? retry : "");
        break;
      case LIMN_SYNC_STATE_RETRYING:
        description = g_strdup_printf ("%s %s",
                                       limn_sync_client_get_last_error (self->sync)
                                         ? limn_sync_client_get_last_error (self->sync)
                                         : _("The team server is busy."),
                                       retry ? retry : "");
        break;
      case LIMN_SYNC_STATE_ERROR:
        description = g_strdup_printf (_("Sync needs attention: %s"),
                                       limn_sync_client_get_last_error (self->sync)
                                         ? limn_sync_client_get_last_error (self->sync) : "");
        break;
      case LIMN_SYNC_STATE_SYNCING:
      case LIMN_SYNC_STATE_IDLE:
      default:
        busy = TRUE;
        description = g_strdup (_("Waiting to download this task’s image."));
        break;
      }

  adw_status_page_set_description (self->media_page, g_strstrip (description));
  gtk_widget_set_visible (GTK_WIDGET (self->media_spinner), busy);
  gtk_spinner_set_spinning (self->media_spinner, busy);
  gtk_widget_set_visible (self->media_retry_button, !busy);
}

/* Built the first time an image is awaited: most sessions never need it. */
static void
ensure_media_page (LimnTaskPage *self)
{
  g_autoptr(GtkBuilder) builder = NULL;

  if (self->media_page != NULL)
    return;

  builder = gtk_builder_new_from_resource (LIMN_RESOURCE_PATH "/ui/limn-media-page.ui");
  self->media_page = ADW_STATUS_PAGE (gtk_builder_get_object (builder, "media_page"));
  self->media_spinner = GTK_SPINNER (gtk_builder_get_object (builder, "media_spinner"));
  self->media_retry_button = GTK_WIDGET (gtk_builder_get_object (builder, "media_retry_button"));
  gtk_stack_add_named (self->work_stack, GTK_WIDGET (self->media_page), "media-wait");
}

/* The canvas cannot show the open image: wait for it, or say why not. */
void
limn_task_page_show_image_problem (LimnTaskPage *self)
{
  const char *message = NULL;
  const char *sha256 = limn_task_get_media_sha256 (self->task);

  if (image_is_on_its_way (self))
    {
      limn_sync_client_want_media (self->sync, sha256, 0);
      if (limn_sync_client_get_media_state (self->sync, sha256, &message) != LIMN_MEDIA_STATE_FAILED)
        {
          ensure_media_page (self);
          limn_task_page_show_status_page (self, self->media_page, "folder-download-symbolic");
          limn_task_page_update_media_page (self);
          return;
        }
    }

  adw_status_page_set_description (self->image_error_page,
                                   message ? message : limn_image_canvas_get_error_message (self->canvas));
  limn_task_page_show_status_page (self, self->image_error_page, "image-missing-symbolic");
}

void
limn_task_page_media_changed_cb (LimnSyncClient *client,
                                 const char     *sha256,
                                 LimnTaskPage   *self)
{
  if (self->task == NULL || g_strcmp0 (limn_task_get_media_sha256 (self->task), sha256) != 0 ||
      limn_image_canvas_get_state (self->canvas) != LIMN_IMAGE_CANVAS_STATE_ERROR)
    return;

  switch (limn_sync_client_get_media_state (client, sha256, NULL))
    {
    case LIMN_MEDIA_STATE_READY:
      limn_image_canvas_reload (self->canvas);
      break;
    case LIMN_MEDIA_STATE_FAILED:
      limn_task_page_show_image_problem (self);
      break;
    default:
      limn_task_page_update_media_page (self);
      break;
    }
}
