/* limn-image-canvas-private.h
 *
 * What the canvas's facets share: the widget's state, the spatial index and
 * the helpers the gesture and action code calls.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "model/limn-geometry.h"
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
  PangoLayout *chip;       /* its chip's text, owned by chip_layouts; set with the draw order */
  double      chip_width;   /* logical px */
} CanvasItem;

/* The picture at one zoom, cut into tiles; see limn-image-canvas.c. */
typedef struct _CanvasLayer CanvasLayer;
typedef struct _TilePool TilePool;

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
  GError               *error;
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

  /* Boxes in draw order (larger first) and the colours of regions in the
   * order they first appear, for items_serial == order_serial. */
  guint                 order_serial;
  GArray               *order;           /* guint item indices */
  GArray               *colors;          /* GdkRGBA */
  double                max_chip_width;

  /* The picture (background, image, its border and every box but the one
   * drawn on top) rendered into tiles of device pixels, one layer per zoom,
   * so that pan and hover frames only copy pixels and zoom frames have an
   * older layer to stand in, scaled, while the new one is rendered. */
  GPtrArray            *layers;          /* CanvasLayer *, most recently used first */
  TilePool             *tile_pool;
  cairo_surface_t      *preview_surface; /* the preview in cairo's layout, until the pyramid */
  guchar               *scratch;         /* pixels read from the pyramid for one tile */
  gsize                 scratch_size;
  guint                 image_serial;    /* bumped when the image's pixels change */
  char                 *tiles_exclude;   /* the box left out of the tiles (drawn on top) */
  guint                 tiles_exclude_index;
  guint                 tiles_exclude_serial;
  GArray               *tile_entries;    /* scratch: TileEntry, the boxes reaching into a tile */
  guint                 refine_id;       /* idle: render the tiles a frame went without */
  gint64                tile_cost_us;    /* rendering one tile, lately */
  guint                 view_complete : 1; /* the last frame drew every tile up to date */
  guint                 render_all : 1;  /* the next frame renders what it shows, whatever it costs */
  guint                 repaint_all : 1; /* the next frame repaints the whole canvas */

  GHashTable           *chip_layouts;    /* chip text -> PangoLayout */
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
/* A draft to edit: none, or a submitted revision shown read-only, is not. */
static inline gboolean
limn_image_canvas_editable (LimnImageCanvas *self)
{
  return self->draft != NULL && !limn_draft_get_read_only (self->draft);
}
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
