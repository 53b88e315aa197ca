/* limn-image-canvas-private.h
 *
 * What the canvas's facets share: the widget's state, the spatial index and
 * the helpers the gesture and action code calls.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-geometry.h"
#include "limn-image-canvas.h"
#include "limn-image-loader.h"

G_BEGIN_DECLS

typedef enum
{
  CANVAS_DRAG_NONE,
  CANVAS_DRAG_CREATE,
  CANVAS_DRAG_MOVE,
  CANVAS_DRAG_RESIZE,
  CANVAS_DRAG_PAN,
  CANVAS_DRAG_SELECT,  /* pressed on a suggestion: nothing to drag */
} CanvasDragMode;

/* One box on screen: a region of the draft or one of its suggestions. */
typedef struct
{
  LimnRegion *region;       /* owned reference; immutable */
  gboolean    suggestion;
  GdkRGBA     color;
  const char *label_name;   /* owned by the project's label */
  double      area;
} CanvasItem;

struct _LimnImageCanvas
{
  GtkWidget             parent_instance;

  LimnProject          *project;
  LimnTask             *task;
  LimnDraft            *draft;
  gulong                draft_changed_id;

  char                 *active_label;
  char                 *selected_id;
  char                 *hover_id;
  guint64               max_pixels;
  gboolean              show_crosshair;

  /* Loading */
  LimnImageCanvasState  state;
  char                 *error_message;
  GCancellable         *cancellable;
  LimnImagePyramid     *pyramid;
  GdkTexture           *preview;
  int                   image_width;
  int                   image_height;
  guint                 frame_has_image : 1;
  guint                 first_frame_emitted : 1;
  gulong                after_paint_id;
  GdkFrameClock        *frame_clock;
  GtkWidget            *spinner;

  /* View: widget = offset + image × zoom (logical pixels). */
  double                zoom;
  double                offset_x;
  double                offset_y;
  guint                 fitted : 1;       /* follows the widget's size */
  guint                 view_valid : 1;

  /* Boxes and their uniform grid index (cells of cell_size image px). */
  GPtrArray            *items;           /* CanvasItem *, regions then suggestions */
  guint                 n_regions;
  double                cell_size;
  guint                 grid_columns;
  guint                 grid_rows;
  GArray              **grid;            /* guint item indices per cell */
  GArray               *large_items;     /* spanning too many cells: always tested */
  guint                *seen;            /* per item: last query stamp */
  guint                 query_stamp;
  GArray               *visible;         /* scratch: indices from the last query */

  guint                 items_serial;    /* bumped whenever items or labels change */

  /* The boxes layer, cached: a render node in zoomed image coordinates
   * (widget = offset + node), reused while the zoom, the items, the box
   * drawn on top and the covered area stay the same, so pan and hover
   * frames neither rebuild nor re-diff 2,000 boxes. */
  GskRenderNode        *base_node;
  double                base_zoom;
  int                   base_scale;
  guint                 base_items_serial;
  char                 *base_exclude;
  graphene_rect_t       base_area;       /* zoomed coordinates it covers */

  /* The image layer, cached the same way: a new cairo node every frame
   * would make GSK repaint the whole image even for a hover change. */
  GskRenderNode        *tiles_node;
  double                tiles_zoom;
  int                   tiles_key[6];    /* level, first/last column and row, scale */
  guint                 refine_id;       /* idle: draw again with more tiles converted */

  GHashTable           *chip_layouts;    /* chip text -> PangoLayout */
  GHashTable           *tile_cache;      /* GdkTexture -> TileSurface, cairo renderer only */
  guint64               frame_serial;

  /* Pointer and gestures */
  GtkGesture           *drag_gesture;
  CanvasDragMode        drag_mode;
  gboolean              drag_active;     /* past the dead zone */
  LimnHandle            drag_handle;
  char                 *drag_id;
  LimnBox               drag_orig;
  LimnBox               drag_box;
  double                drag_start_x;    /* widget coordinates */
  double                drag_start_y;
  double                drag_start_ix;   /* image coordinates */
  double                drag_start_iy;
  double                pan_start_x;
  double                pan_start_y;
  double                pointer_x;
  double                pointer_y;
  gboolean              pointer_inside;
  gboolean              space_held;
  gint64                last_click_time;
  char                 *last_click_id;
  const char           *cursor_name;
};

/* limn-image-canvas.c */
void        limn_image_canvas_update_hover      (LimnImageCanvas *self);
void        limn_image_canvas_update_cursor     (LimnImageCanvas *self);
void        limn_image_canvas_clamp_view        (LimnImageCanvas *self);
double      limn_image_canvas_fit_zoom          (LimnImageCanvas *self);
double      limn_image_canvas_min_zoom          (LimnImageCanvas *self);
double      limn_image_canvas_max_zoom          (LimnImageCanvas *self);
CanvasItem *limn_image_canvas_item_at           (LimnImageCanvas *self,
                                                 double           ix,
                                                 double           iy);
CanvasItem *limn_image_canvas_lookup_item       (LimnImageCanvas *self,
                                                 const char      *id);
gboolean    limn_image_canvas_has_image         (LimnImageCanvas *self);
void        limn_image_canvas_set_selected      (LimnImageCanvas *self,
                                                 const char      *id);
void        limn_image_canvas_ensure_visible    (LimnImageCanvas *self,
                                                 const LimnBox   *box);
void        limn_image_canvas_update_actions    (LimnImageCanvas *self);
const char *limn_image_canvas_label_for_new_box (LimnImageCanvas *self);

/* limn-image-canvas-gestures.c */
void        limn_image_canvas_init_gestures     (LimnImageCanvas *self);
void        limn_image_canvas_class_init_actions (GtkWidgetClass *widget_class);
void        limn_image_canvas_cancel_drag       (LimnImageCanvas *self);

G_END_DECLS
