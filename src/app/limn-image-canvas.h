/* limn-image-canvas.h
 *
 * The image canvas: shows one task's image, fast at any zoom, and lets the
 * annotator draw, select, move, resize, relabel and delete boxes and act on
 * the model's suggestions, with the mouse or the keyboard alone. Every edit
 * goes through the LimnDraft, once per gesture.
 *
 * Coordinates: boxes are in the pixel coordinates of the image as displayed,
 * that is after its EXIF orientation has been applied (what every viewer
 * shows and what COCO, VOC and labelme store).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "analytics/limn-region-diff.h"
#include "model/limn-draft.h"
#include "model/limn-project.h"
#include "model/limn-task.h"
#include "limn-overlay-layer.h"

G_BEGIN_DECLS

typedef enum
{
  LIMN_IMAGE_CANVAS_STATE_EMPTY,
  LIMN_IMAGE_CANVAS_STATE_LOADING,
  LIMN_IMAGE_CANVAS_STATE_READY,
  LIMN_IMAGE_CANVAS_STATE_ERROR,
} LimnImageCanvasState;

#define LIMN_TYPE_IMAGE_CANVAS_STATE (limn_image_canvas_state_get_type ())
GType limn_image_canvas_state_get_type (void) G_GNUC_CONST;

#define LIMN_TYPE_IMAGE_CANVAS (limn_image_canvas_get_type ())

G_DECLARE_FINAL_TYPE (LimnImageCanvas, limn_image_canvas, LIMN, IMAGE_CANVAS, GtkWidget)

GtkWidget            *limn_image_canvas_new                (void);
void                  limn_image_canvas_set_project        (LimnImageCanvas *self,
                                                            LimnProject     *project);
void                  limn_image_canvas_set_task           (LimnImageCanvas *self,
                                                            LimnTask        *task,
                                                            LimnDraft       *draft);
void                  limn_image_canvas_set_active_label   (LimnImageCanvas *self,
                                                            const char      *label_id);
const char           *limn_image_canvas_get_active_label   (LimnImageCanvas *self);
void                  limn_image_canvas_apply_label        (LimnImageCanvas *self,
                                                            const char      *label_id);
const char           *limn_image_canvas_get_selected       (LimnImageCanvas *self);
void                  limn_image_canvas_select             (LimnImageCanvas *self,
                                                            const char      *id);
double                limn_image_canvas_get_zoom           (LimnImageCanvas *self);
void                  limn_image_canvas_set_max_pixels     (LimnImageCanvas *self,
                                                            guint64          max_pixels);
void                  limn_image_canvas_set_show_crosshair (LimnImageCanvas *self,
                                                            gboolean         show_crosshair);
gboolean              limn_image_canvas_get_show_crosshair (LimnImageCanvas *self);
LimnImageCanvasState  limn_image_canvas_get_state          (LimnImageCanvas *self);
const char           *limn_image_canvas_get_error_message  (LimnImageCanvas *self);
/* Why the image could not be shown (state ERROR), e.g. LIMN_IMAGE_ERROR_MISSING. */
const GError         *limn_image_canvas_get_error          (LimnImageCanvas *self);
/* The image (or its preview) is on screen: the annotator has seen it. */
gboolean              limn_image_canvas_has_image          (LimnImageCanvas *self);
/* Loads the task's image again (it arrived since it failed). */
void                  limn_image_canvas_reload             (LimnImageCanvas *self);
void                  limn_image_canvas_image_to_widget    (LimnImageCanvas *self,
                                                            double           ix,
                                                            double           iy,
                                                            double          *wx,
                                                            double          *wy);
void                  limn_image_canvas_widget_to_image    (LimnImageCanvas *self,
                                                            double           wx,
                                                            double           wy,
                                                            double          *ix,
                                                            double          *iy);

/* View commands, also bound to keys. The zoom is in logical pixels per image
 * pixel; 1:1 means one image pixel per device pixel. */
void                  limn_image_canvas_zoom_fit           (LimnImageCanvas *self);
void                  limn_image_canvas_zoom_one_to_one    (LimnImageCanvas *self);
void                  limn_image_canvas_zoom_at            (LimnImageCanvas *self,
                                                            double           zoom,
                                                            double           wx,
                                                            double           wy);
void                  limn_image_canvas_pan_by             (LimnImageCanvas *self,
                                                            double           dx,
                                                            double           dy);

/* Image size as displayed (0 × 0 while nothing is decoded) and whether the
 * full-resolution pyramid has arrived (else the scaled preview is shown). */
void                  limn_image_canvas_get_image_size     (LimnImageCanvas *self,
                                                            int             *width,
                                                            int             *height);
gboolean              limn_image_canvas_get_full_resolution (LimnImageCanvas *self);

/* Review overlays (limn-image-canvas-overlays.c): read-only layers of
 * regions under the editable boxes, each in its LimnOverlayLayer's colour
 * and line style, shown while the layer is visible. A box that another
 * visible layer has no match for (IoU ≥ the match threshold, 0.5 by
 * default), or matches with another label, is emphasised. @layers is a
 * GListModel of LimnOverlayLayer (NULL: none); the canvas follows its
 * changes and each layer's. */
void                  limn_image_canvas_set_overlays       (LimnImageCanvas  *self,
                                                            GListModel       *layers);
GListModel           *limn_image_canvas_get_overlays       (LimnImageCanvas  *self);
void                  limn_image_canvas_set_overlay_match_iou (LimnImageCanvas *self,
                                                               double           min_iou);
void                  limn_image_canvas_set_highlight_disagreements (LimnImageCanvas *self,
                                                                     gboolean         highlight);
/* Whether the region of @layer was emphasised as a disagreement. */
gboolean              limn_image_canvas_is_disagreement    (LimnImageCanvas  *self,
                                                            LimnOverlayLayer *layer,
                                                            const char       *region_id);
/* Draws a diff (e.g. the annotator's revision as A, the reviewer's
 * correction as B) with a mark for each change: added, removed, moved,
 * relabelled. NULL hides it. */
void                  limn_image_canvas_set_diff           (LimnImageCanvas  *self,
                                                            LimnRegionDiff   *diff);
LimnRegionDiff       *limn_image_canvas_get_diff           (LimnImageCanvas  *self);
/* The overlay region at widget point (wx, wy), if any: its layer (NULL for
 * the diff's) and id, both owned by the canvas. */
gboolean              limn_image_canvas_overlay_at         (LimnImageCanvas   *self,
                                                            double             wx,
                                                            double             wy,
                                                            LimnOverlayLayer **layer,
                                                            const char       **region_id);

/* Comments pinned on regions (limn-image-canvas-comments.c), e.g. a
 * reviewer's on the box they concern: a marker just outside the region's
 * top-right corner, its text in a tooltip on hover and in a popover on
 * click. The region is the editable box with that id, else an overlay's
 * or the diff's; a comment on a region not shown is kept, not drawn.
 * @text NULL removes the comment. */
void                  limn_image_canvas_set_comment        (LimnImageCanvas  *self,
                                                            const char       *region_id,
                                                            const char       *text);
const char           *limn_image_canvas_get_comment        (LimnImageCanvas  *self,
                                                            const char       *region_id);
void                  limn_image_canvas_clear_comments     (LimnImageCanvas  *self);
/* Where the marker of @region_id's comment is (its centre, widget
 * coordinates); FALSE if it is not drawn. */
gboolean              limn_image_canvas_comment_marker_position (LimnImageCanvas *self,
                                                                 const char      *region_id,
                                                                 double          *wx,
                                                                 double          *wy);
/* The region id whose comment's popover is open, or NULL. */
const char           *limn_image_canvas_get_open_comment   (LimnImageCanvas  *self);

G_END_DECLS
