/* limn-geometry.h
 *
 * Box geometry in image pixel coordinates, shared by the canvas, the store's
 * validation and (later) the agreement metrics.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "limn-region.h"

G_BEGIN_DECLS

/* The eight resize handles plus the body, in the order a hit test prefers. */
typedef enum
{
  LIMN_HANDLE_NONE = 0,
  LIMN_HANDLE_TOP_LEFT,
  LIMN_HANDLE_TOP,
  LIMN_HANDLE_TOP_RIGHT,
  LIMN_HANDLE_RIGHT,
  LIMN_HANDLE_BOTTOM_RIGHT,
  LIMN_HANDLE_BOTTOM,
  LIMN_HANDLE_BOTTOM_LEFT,
  LIMN_HANDLE_LEFT,
  LIMN_HANDLE_BODY,
} LimnHandle;

LimnBox    limn_box_from_corners   (double         x1,
                                    double         y1,
                                    double         x2,
                                    double         y2);
LimnBox    limn_box_normalize      (const LimnBox *box);
gboolean   limn_box_is_valid       (const LimnBox *box,
                                    double         image_width,
                                    double         image_height);
LimnBox    limn_box_clamp          (const LimnBox *box,
                                    double         image_width,
                                    double         image_height);
LimnBox    limn_box_translate_within (const LimnBox *box,
                                      double         dx,
                                      double         dy,
                                      double         image_width,
                                      double         image_height);
gboolean   limn_box_contains       (const LimnBox *box,
                                    double         x,
                                    double         y);
gboolean   limn_box_intersects     (const LimnBox *a,
                                    const LimnBox *b);
double     limn_box_area           (const LimnBox *box);
double     limn_box_iou            (const LimnBox *a,
                                    const LimnBox *b);
LimnHandle limn_box_hit_handle     (const LimnBox *box,
                                    double         x,
                                    double         y,
                                    double         tolerance);
LimnBox    limn_box_drag_handle    (const LimnBox *box,
                                    LimnHandle     handle,
                                    double         dx,
                                    double         dy,
                                    double         min_size);

G_END_DECLS
