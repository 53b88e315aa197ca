/* limn-image-canvas-loading.c
 *
 * Getting the task's image on screen: the asynchronous load (a preview
 * first for a large photo, then the full-resolution pyramid), the state it
 * reports (empty, loading, ready, error) and the spinner while nothing can
 * be shown yet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include "limn-image-canvas-private.h"

#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "limn-delayed-spinner.h"
#include "model/limn-image-probe.h"
#include "model/limn-util.h"

void
limn_image_canvas_set_state (LimnImageCanvas      *self,
                             LimnImageCanvasState  state,
                             const char           *message)
{
  gboolean loading;

  if (state != LIMN_IMAGE_CANVAS_STATE_ERROR)
    g_clear_error (&self->error);
  if (limn_set_str (&self->error_message, message))
    limn_image_canvas_notify (self, CANVAS_PROP_ERROR_MESSAGE);

  if (self->state != state)
    {
      self->state = state;
      limn_image_canvas_notify (self, CANVAS_PROP_STATE);
    }

  loading = state == LIMN_IMAGE_CANVAS_STATE_LOADING && !limn_image_canvas_has_image (self);
  if (loading)
    limn_delayed_spinner_start (GTK_SPINNER (self->spinner));
  else
    limn_delayed_spinner_stop (GTK_SPINNER (self->spinner));
  limn_image_canvas_update_actions (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_image_size (LimnImageCanvas *self,
                int              width,
                int              height)
{
  gboolean changed = self->image_width != width || self->image_height != height;

  self->image_width = width;
  self->image_height = height;

  if (changed || !self->view_valid)
    {
      /* Boxes outside the old extent may now fall in the grid. */
      limn_image_canvas_build_grid (self);
      limn_image_canvas_zoom_fit (self);
    }
}

void
limn_image_canvas_clear_image (LimnImageCanvas *self)
{
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
    }
  limn_image_canvas_clear_layers (self);
  g_clear_pointer (&self->pyramid, limn_image_pyramid_unref);
  g_clear_object (&self->preview);
  g_clear_pointer (&self->preview_surface, cairo_surface_destroy);
  g_clear_pointer (&self->scratch, g_free);
  self->scratch_size = 0;
  self->image_serial++;
  self->image_width = self->image_height = 0;
  self->frame_has_image = FALSE;
  self->first_frame_emitted = FALSE;
  self->view_valid = FALSE;
  limn_image_canvas_notify (self, CANVAS_PROP_FULL_RESOLUTION);
}

static void
load_progress_cb (LimnImageLoadStage  stage,
                  int                 width,
                  int                 height,
                  GdkTexture         *preview,
                  gpointer            data)
{
  LimnImageCanvas *self = data;

  if (stage != LIMN_IMAGE_LOAD_PREVIEW || self->pyramid != NULL)
    return;

  g_set_object (&self->preview, preview);
  /* Tiles are rendered from it in cairo's layout until the pyramid comes. */
  g_clear_pointer (&self->preview_surface, cairo_surface_destroy);
  self->preview_surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                      gdk_texture_get_width (preview),
                                                      gdk_texture_get_height (preview));
  gdk_texture_download (preview, cairo_image_surface_get_data (self->preview_surface),
                        cairo_image_surface_get_stride (self->preview_surface));
  cairo_surface_mark_dirty (self->preview_surface);
  self->image_serial++;
  set_image_size (self, width, height);
  limn_image_canvas_set_state (self, LIMN_IMAGE_CANVAS_STATE_LOADING, NULL);
  limn_image_canvas_update_hover (self);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(LimnImageCanvas) self = data;
  g_autoptr(GError) error = NULL;
  LimnImagePyramid *pyramid;

  pyramid = limn_image_load_finish (result, &error);
  if (pyramid == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;

      g_debug ("cannot show image: %s", error->message);
      limn_image_canvas_clear_image (self);
      g_clear_error (&self->error);
      self->error = g_error_copy (error);
      limn_image_canvas_set_state (self, LIMN_IMAGE_CANVAS_STATE_ERROR, error->message);
      return;
    }

  g_clear_object (&self->cancellable);
  self->pyramid = pyramid;
  g_clear_object (&self->preview);
  g_clear_pointer (&self->preview_surface, cairo_surface_destroy);
  /* Tiles from the preview that was as sharp as the zoom needs are as
   * good as any from the pyramid; the next frame renders the others again
   * from it, whole. */
  self->image_serial++;
  limn_image_canvas_keep_sharp_tiles (self, self->image_serial - 1);
  self->render_all = TRUE;
  /* The frame that shows full resolution repaints the whole canvas, while
   * the image is loading, so that GTK allocates its buffers for a whole
   * view there rather than in the first zoom or pan frame: fresh pages
   * cost ~10 µs each to fault in on a virtual machine, a 1280 × 800 view
   * about 10 ms. */
  self->repaint_all = TRUE;
#ifdef __GLIBC__
  /* Decoding freed tens of megabytes in many pieces (the preview, libjpeg's
   * buffers); give them back rather than keep them resident. */
  malloc_trim (0);
#endif
  set_image_size (self, limn_image_pyramid_get_width (pyramid), limn_image_pyramid_get_height (pyramid));
  limn_image_canvas_notify (self, CANVAS_PROP_FULL_RESOLUTION);
  limn_image_canvas_set_state (self, LIMN_IMAGE_CANVAS_STATE_READY, NULL);
  limn_image_canvas_update_hover (self);
}

void
limn_image_canvas_start_loading (LimnImageCanvas *self)
{
  const char *path = limn_task_get_media_path (self->task);
  GtkWidget *widget = GTK_WIDGET (self);
  int sf = gtk_widget_get_scale_factor (widget);
  int pw = gtk_widget_get_width (widget) * sf;
  int ph = gtk_widget_get_height (widget) * sf;

  if (path == NULL)
    {
      g_clear_error (&self->error);
      self->error = g_error_new_literal (LIMN_IMAGE_ERROR, LIMN_IMAGE_ERROR_MISSING,
                                         _("This task has no image file"));
      limn_image_canvas_set_state (self, LIMN_IMAGE_CANVAS_STATE_ERROR, self->error->message);
      return;
    }

  /* Before the first allocation, preview for a typical window. */
  if (pw <= 0 || ph <= 0)
    {
      pw = 1280 * sf;
      ph = 800 * sf;
    }

  self->cancellable = g_cancellable_new ();
  limn_image_canvas_set_state (self, LIMN_IMAGE_CANVAS_STATE_LOADING, NULL);
  limn_image_load_async (path, self->max_pixels, pw, ph,
                         load_progress_cb, g_object_ref (self), g_object_unref,
                         self->cancellable, load_done_cb, g_object_ref (self));
}
