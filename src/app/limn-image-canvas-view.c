/* limn-image-canvas-view.c
 *
 * Where the image sits in the widget: the zoom (logical pixels per image
 * pixel) and the offset, fitting, zooming about a point, panning within
 * bounds, and the conversions between widget and image coordinates that
 * drawing and gestures share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include "limn-image-canvas-private.h"

#define FIT_MARGIN           12.0  /* logical px around the fitted image */
#define MAX_DEVICE_ZOOM      32.0  /* device px per image px */

gboolean
limn_image_canvas_has_image (LimnImageCanvas *self)
{
  return self->image_width > 0 && self->image_height > 0 &&
         (self->pyramid != NULL || self->preview != NULL);
}

double
limn_image_canvas_fit_zoom (LimnImageCanvas *self)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));

  if (self->image_width <= 0 || self->image_height <= 0 || w <= 0 || h <= 0)
    return 1.0;

  w = MAX (w - 2 * FIT_MARGIN, w / 2);
  h = MAX (h - 2 * FIT_MARGIN, h / 2);

  return MIN (w / self->image_width, h / self->image_height);
}

double
limn_image_canvas_min_zoom (LimnImageCanvas *self)
{
  return limn_image_canvas_fit_zoom (self) / 4;
}

double
limn_image_canvas_max_zoom (LimnImageCanvas *self)
{
  double sf = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  return MAX (MAX_DEVICE_ZOOM / sf, limn_image_canvas_fit_zoom (self));
}

/* The image may move until its edge reaches the widget's centre. */
void
limn_image_canvas_clamp_view (LimnImageCanvas *self)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double iw = self->image_width * self->zoom;
  double ih = self->image_height * self->zoom;

  self->offset_x = CLAMP (self->offset_x, w / 2 - iw, w / 2);
  self->offset_y = CLAMP (self->offset_y, h / 2 - ih, h / 2);
}

static void
set_zoom_internal (LimnImageCanvas *self,
                   double           zoom)
{
  if (self->zoom != zoom)
    {
      self->zoom = zoom;
      limn_image_canvas_notify (self, CANVAS_PROP_ZOOM);
    }
}

void
limn_image_canvas_zoom_fit (LimnImageCanvas *self)
{
  double w, h;

  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));

  w = gtk_widget_get_width (GTK_WIDGET (self));
  h = gtk_widget_get_height (GTK_WIDGET (self));
  set_zoom_internal (self, limn_image_canvas_fit_zoom (self));
  self->offset_x = (w - self->image_width * self->zoom) / 2;
  self->offset_y = (h - self->image_height * self->zoom) / 2;
  self->fitted = TRUE;
  self->view_valid = w > 0 && h > 0;
  limn_image_canvas_update_hover (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Zooms so the image point under (wx, wy) stays there. */
void
limn_image_canvas_zoom_at (LimnImageCanvas *self,
                           double           zoom,
                           double           wx,
                           double           wy)
{
  double ix, iy;

  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));

  if (self->image_width <= 0)
    return;

  zoom = CLAMP (zoom, limn_image_canvas_min_zoom (self), limn_image_canvas_max_zoom (self));
  limn_image_canvas_widget_to_image (self, wx, wy, &ix, &iy);
  set_zoom_internal (self, zoom);
  self->offset_x = wx - ix * zoom;
  self->offset_y = wy - iy * zoom;
  self->fitted = FALSE;
  limn_image_canvas_clamp_view (self);
  limn_image_canvas_update_hover (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
limn_image_canvas_zoom_one_to_one (LimnImageCanvas *self)
{
  double sf = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  double wx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  double wy = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;

  if (self->pointer_inside)
    {
      wx = self->pointer_x;
      wy = self->pointer_y;
    }

  limn_image_canvas_zoom_at (self, 1.0 / sf, wx, wy);
}

void
limn_image_canvas_pan_by (LimnImageCanvas *self,
                          double           dx,
                          double           dy)
{
  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));

  self->offset_x += dx;
  self->offset_y += dy;
  self->fitted = FALSE;
  limn_image_canvas_clamp_view (self);
  limn_image_canvas_update_hover (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
limn_image_canvas_image_to_widget (LimnImageCanvas *self,
                                   double           ix,
                                   double           iy,
                                   double          *wx,
                                   double          *wy)
{
  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));

  if (wx)
    *wx = self->offset_x + ix * self->zoom;
  if (wy)
    *wy = self->offset_y + iy * self->zoom;
}

void
limn_image_canvas_widget_to_image (LimnImageCanvas *self,
                                   double           wx,
                                   double           wy,
                                   double          *ix,
                                   double          *iy)
{
  g_return_if_fail (LIMN_IS_IMAGE_CANVAS (self));

  if (ix)
    *ix = (wx - self->offset_x) / self->zoom;
  if (iy)
    *iy = (wy - self->offset_y) / self->zoom;
}

/* Brings a box that Tab or a new box selected into view, moving as little
 * as possible. */
void
limn_image_canvas_ensure_visible (LimnImageCanvas *self,
                                  const LimnBox   *box)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double x1, y1, x2, y2, dx = 0, dy = 0;
  double margin = 24;

  limn_image_canvas_image_to_widget (self, box->x, box->y, &x1, &y1);
  limn_image_canvas_image_to_widget (self, box->x + box->w, box->y + box->h, &x2, &y2);

  if (x2 - x1 > w - 2 * margin || x1 < margin)
    dx = margin - x1;
  else if (x2 > w - margin)
    dx = (w - margin) - x2;
  if (y2 - y1 > h - 2 * margin || y1 < margin + CHIP_HEIGHT)
    dy = margin + CHIP_HEIGHT - y1;
  else if (y2 > h - margin)
    dy = (h - margin) - y2;

  if (dx != 0 || dy != 0)
    limn_image_canvas_pan_by (self, dx, dy);
}

/* A new size: a fitted view fits again, another keeps its zoom within the
 * new bounds. */
void
limn_image_canvas_allocate_view (LimnImageCanvas *self)
{
  if (self->image_width > 0)
    {
      if (self->fitted || !self->view_valid)
        limn_image_canvas_zoom_fit (self);
      else
        {
          set_zoom_internal (self, CLAMP (self->zoom, limn_image_canvas_min_zoom (self),
                                          limn_image_canvas_max_zoom (self)));
          limn_image_canvas_clamp_view (self);
        }
    }
}

/* The view in zoomed coordinates, as the snapshot draws it. */
graphene_rect_t
limn_image_canvas_view_rect (LimnImageCanvas *self)
{
  double sf = gtk_widget_get_scale_factor (GTK_WIDGET (self));

  return GRAPHENE_RECT_INIT (-limn_image_canvas_snap_px (self->offset_x, sf),
                             -limn_image_canvas_snap_px (self->offset_y, sf),
                             gtk_widget_get_width (GTK_WIDGET (self)),
                             gtk_widget_get_height (GTK_WIDGET (self)));
}
