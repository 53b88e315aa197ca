/* limn-geometry.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-model"

#include "config.h"

#include <math.h>

#include "limn-geometry.h"

LimnBox
limn_box_from_corners (double x1,
                       double y1,
                       double x2,
                       double y2)
{
  LimnBox box = {
    MIN (x1, x2),
    MIN (y1, y2),
    fabs (x2 - x1),
    fabs (y2 - y1),
  };

  return box;
}

LimnBox
limn_box_normalize (const LimnBox *box)
{
  return limn_box_from_corners (box->x, box->y, box->x + box->w, box->y + box->h);
}

/* Valid means finite, non-empty, normalized and inside the image. A box that
 * touches the right or bottom edge is inside: coordinates are continuous. */
gboolean
limn_box_is_valid (const LimnBox *box,
                   double         image_width,
                   double         image_height)
{
  if (!isfinite (box->x) || !isfinite (box->y) ||
      !isfinite (box->w) || !isfinite (box->h))
    return FALSE;

  if (box->w <= 0 || box->h <= 0)
    return FALSE;

  if (box->x < 0 || box->y < 0)
    return FALSE;

  if (image_width > 0 && box->x + box->w > image_width + 1e-6)
    return FALSE;

  if (image_height > 0 && box->y + box->h > image_height + 1e-6)
    return FALSE;

  return TRUE;
}

/* Clips a box to the image; the result may be empty if the box lay outside. */
LimnBox
limn_box_clamp (const LimnBox *box,
                double         image_width,
                double         image_height)
{
  LimnBox n = limn_box_normalize (box);
  double x1 = CLAMP (n.x, 0, image_width);
  double y1 = CLAMP (n.y, 0, image_height);
  double x2 = CLAMP (n.x + n.w, 0, image_width);
  double y2 = CLAMP (n.y + n.h, 0, image_height);

  return limn_box_from_corners (x1, y1, x2, y2);
}

/* Moves a box by (dx, dy) but keeps it whole inside the image, so a drag past
 * the edge slides along it instead of shrinking the box. */
LimnBox
limn_box_translate_within (const LimnBox *box,
                           double         dx,
                           double         dy,
                           double         image_width,
                           double         image_height)
{
  LimnBox n = limn_box_normalize (box);

  n.x = CLAMP (n.x + dx, 0, MAX (0, image_width - n.w));
  n.y = CLAMP (n.y + dy, 0, MAX (0, image_height - n.h));

  return n;
}

gboolean
limn_box_contains (const LimnBox *box,
                   double         x,
                   double         y)
{
  return x >= box->x && x <= box->x + box->w &&
         y >= box->y && y <= box->y + box->h;
}

gboolean
limn_box_intersects (const LimnBox *a,
                     const LimnBox *b)
{
  return a->x <= b->x + b->w && b->x <= a->x + a->w &&
         a->y <= b->y + b->h && b->y <= a->y + a->h;
}

double
limn_box_area (const LimnBox *box)
{
  return MAX (box->w, 0) * MAX (box->h, 0);
}

double
limn_box_iou (const LimnBox *a,
              const LimnBox *b)
{
  double ix = MIN (a->x + a->w, b->x + b->w) - MAX (a->x, b->x);
  double iy = MIN (a->y + a->h, b->y + b->h) - MAX (a->y, b->y);
  double inter, uni;

  if (ix <= 0 || iy <= 0)
    return 0.0;

  inter = ix * iy;
  uni = limn_box_area (a) + limn_box_area (b) - inter;

  return uni > 0 ? inter / uni : 0.0;
}

/* Which handle of @box is under (x, y)? @tolerance is in the same units as the
 * box (callers pass a screen distance divided by the zoom). Corners win over
 * edges, edges over the body, so a small box can still be resized. */
LimnHandle
limn_box_hit_handle (const LimnBox *box,
                     double         x,
                     double         y,
                     double         tolerance)
{
  double x1 = box->x, y1 = box->y;
  double x2 = box->x + box->w, y2 = box->y + box->h;
  double xm = (x1 + x2) / 2, ym = (y1 + y2) / 2;
  gboolean near_x1 = fabs (x - x1) <= tolerance;
  gboolean near_x2 = fabs (x - x2) <= tolerance;
  gboolean near_y1 = fabs (y - y1) <= tolerance;
  gboolean near_y2 = fabs (y - y2) <= tolerance;
  gboolean in_x = x >= x1 - tolerance && x <= x2 + tolerance;
  gboolean in_y = y >= y1 - tolerance && y <= y2 + tolerance;

  if (!in_x || !in_y)
    return LIMN_HANDLE_NONE;

  if (near_x1 && near_y1)
    return LIMN_HANDLE_TOP_LEFT;
  if (near_x2 && near_y1)
    return LIMN_HANDLE_TOP_RIGHT;
  if (near_x2 && near_y2)
    return LIMN_HANDLE_BOTTOM_RIGHT;
  if (near_x1 && near_y2)
    return LIMN_HANDLE_BOTTOM_LEFT;

  /* Edge handles sit at the middle of each side, like GIMP's and CVAT's. */
  if (near_y1 && fabs (x - xm) <= tolerance)
    return LIMN_HANDLE_TOP;
  if (near_x2 && fabs (y - ym) <= tolerance)
    return LIMN_HANDLE_RIGHT;
  if (near_y2 && fabs (x - xm) <= tolerance)
    return LIMN_HANDLE_BOTTOM;
  if (near_x1 && fabs (y - ym) <= tolerance)
    return LIMN_HANDLE_LEFT;

  if (limn_box_contains (box, x, y))
    return LIMN_HANDLE_BODY;

  return LIMN_HANDLE_NONE;
}

/* The box after dragging @handle by (dx, dy). Dragging an edge past the
 * opposite one flips the box rather than producing a negative size; the
 * result is normalized and at least @min_size on each side. */
LimnBox
limn_box_drag_handle (const LimnBox *box,
                      LimnHandle     handle,
                      double         dx,
                      double         dy,
                      double         min_size)
{
  double x1 = box->x, y1 = box->y;
  double x2 = box->x + box->w, y2 = box->y + box->h;
  LimnBox out;

  switch (handle)
    {
    case LIMN_HANDLE_TOP_LEFT:     x1 += dx; y1 += dy; break;
    case LIMN_HANDLE_TOP:          y1 += dy; break;
    case LIMN_HANDLE_TOP_RIGHT:    x2 += dx; y1 += dy; break;
    case LIMN_HANDLE_RIGHT:        x2 += dx; break;
    case LIMN_HANDLE_BOTTOM_RIGHT: x2 += dx; y2 += dy; break;
    case LIMN_HANDLE_BOTTOM:       y2 += dy; break;
    case LIMN_HANDLE_BOTTOM_LEFT:  x1 += dx; y2 += dy; break;
    case LIMN_HANDLE_LEFT:         x1 += dx; break;
    case LIMN_HANDLE_BODY:         x1 += dx; x2 += dx; y1 += dy; y2 += dy; break;
    case LIMN_HANDLE_NONE:
    default:
      break;
    }

  out = limn_box_from_corners (x1, y1, x2, y2);
  out.w = MAX (out.w, min_size);
  out.h = MAX (out.h, min_size);

  return out;
}
