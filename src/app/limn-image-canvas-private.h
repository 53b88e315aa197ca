/* limn-image-canvas-private.h
 *
 * What the canvas's files share: the widget's state, the items and the
 * layers of tiles, and the functions each file offers the others (see
 * limn-image-canvas.c for which file owns what).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <math.h>

#include "analytics/limn-region-diff.h"
#include "model/limn-geometry.h"
#include "limn-image-canvas.h"
#include "limn-image-loader.h"
#include "limn-overlay-layer.h"

G_BEGIN_DECLS

#define CHIP_HEIGHT          18.0  /* logical px */
#define HANDLE_SIZE          8.0   /* logical px */

/* Around the image, and behind the picture in every tile. */
static const GdkRGBA canvas_background_color = { 0.122, 0.122, 0.129, 1.0 };

typedef enum
{
  CANVAS_PROP_0,
  CANVAS_PROP_ZOOM,
  CANVAS_PROP_SELECTED_ID,
  CANVAS_PROP_ACTIVE_LABEL,
  CANVAS_PROP_STATE,
  CANVAS_PROP_ERROR_MESSAGE,
  CANVAS_PROP_SHOW_CROSSHAIR,
  CANVAS_PROP_FULL_RESOLUTION,
  CANVAS_N_PROPS
} CanvasProp;

typedef enum
{
  CANVAS_DRAG_NONE,
  CANVAS_DRAG_CREATE,
  CANVAS_DRAG_MOVE,
  CANVAS_DRAG_RESIZE,
  CANVAS_DRAG_PAN,
  CANVAS_DRAG_SELECT,  /* pressed on a suggestion: nothing to drag */
  CANVAS_DRAG_OVERLAY, /* pressed on a review overlay's region, nothing editable there */
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

/* The picture at one zoom, cut into tiles; see limn-image-canvas-tiles.c. */
typedef struct
{
  double           zoom;
  int              scale;
  guint            items_serial;
  guint            fitted : 1;    /* at fit zoom: what stands in when nothing else does */
  GHashTable      *tiles;         /* cell key -> ViewTile */
  GHashTable      *stand_ins;     /* cell key -> GskRenderNode, until the tile is rendered */
  GArray          *chips;         /* graphene_rect_t per item: its placed chip, or empty */
  graphene_rect_t  extent;        /* what is drawn (image, boxes, chips), zoomed coordinates */
} CanvasLayer;

/* A box that reaches into the tile being drawn. */
typedef struct
{
  guint           index;   /* into self->items */
  graphene_rect_t rect;    /* zoomed box */
  gboolean        box;     /* the box reaches into the tile */
  gboolean        chip;    /* its placed chip does */
} TileEntry;

/* A region of a review overlay layer, or a change of the diff, as drawn. */
typedef struct
{
  LimnRegion          *region;      /* what is drawn; owned reference */
  LimnRegion          *before;      /* the diff's A side of a moved or relabelled pair */
  guint                layer;       /* into overlay_layers; G_MAXUINT for the diff */
  guint                emphasised : 1; /* left out or labelled otherwise by another visible layer */
  LimnRegionDiffFlags  diff;
  LimnBox              reach;       /* region and before: what the grid finds it by */
  double               area;
  PangoLayout         *chip;        /* relabelled: "old → new"; owned by chip_layouts */
  double               chip_width;
} OverlayItem;

typedef struct _TilePool TilePool;

/* A uniform grid over the image (cells of cell_size image px) that finds
 * the boxes touching a rectangle; see limn-image-canvas-grid.c. */
typedef struct
{
  double    cell_size;
  guint     columns;
  guint     rows;
  GArray  **cells;    /* guint box indices per cell */
  GArray   *large;    /* spanning too many cells: always tested */
  LimnBox  *boxes;
  guint     n;
  guint    *seen;     /* per box: last query stamp */
  guint     stamp;
} CanvasGrid;

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

  /* Boxes and their grid index. */
  GPtrArray            *items;           /* CanvasItem *, regions then suggestions */
  guint                 n_regions;
  CanvasGrid            grid;
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

  /* Review overlays, read-only: see limn-image-canvas-overlays.c. */
  GListModel           *overlays;        /* LimnOverlayLayer */
  GPtrArray            *overlay_layers;  /* the model's layers, referenced, in order */
  GArray               *overlay_items;   /* OverlayItem: visible layers' boxes, then the diff's */
  CanvasGrid            overlay_grid;
  GArray               *overlay_visible; /* scratch: indices from the last query */
  GPtrArray            *overlay_pairs;   /* PairMarks: what matching two layers found */
  LimnRegionDiff       *diff;
  double                overlay_match_iou;
  double                overlay_chip_width;
  guint                 overlay_hover;   /* into overlay_items, or G_MAXUINT */
  guint                 overlay_press;   /* pressed on, for CANVAS_DRAG_OVERLAY */
  guint                 highlight_disagreements : 1;

  /* Comments pinned on regions: see limn-image-canvas-comments.c. */
  GHashTable           *comments;        /* region id -> PinnedComment */
  guint                 comments_serial; /* items_serial they were placed at */
  GtkWidget            *comment_popover;
  char                 *comment_open;    /* whose popover is up */
  char                 *comment_press;   /* pressed on its marker */

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

/* A draft to edit: none, or a submitted revision shown read-only, is not. */
static inline gboolean
limn_image_canvas_editable (LimnImageCanvas *self)
{
  return self->draft != NULL && !limn_draft_get_read_only (self->draft);
}

/* @v on the device pixel grid, @sf device pixels per logical pixel. */
static inline double
limn_image_canvas_snap_px (double v,
                           double sf)
{
  return round (v * sf) / sf;
}

/* A hash key for a cell (tile or chip bucket) of a grid. */
static inline gpointer
limn_image_canvas_cell_key (int column,
                            int row)
{
  return GUINT_TO_POINTER (((guint)(row + 0x8000) << 16) | (guint)(column + 0x8000));
}

/* limn-image-canvas.c */
void        limn_image_canvas_notify            (LimnImageCanvas *self,
                                                 CanvasProp       prop);
void        limn_image_canvas_emit_region_activated (LimnImageCanvas  *self,
                                                     LimnOverlayLayer *layer,
                                                     const char       *region_id);
void        limn_image_canvas_set_selected      (LimnImageCanvas *self,
                                                 const char      *id);
const char *limn_image_canvas_label_for_new_box (LimnImageCanvas *self);

/* limn-image-canvas-grid.c */
void        limn_canvas_grid_build              (CanvasGrid      *grid,
                                                 const LimnBox   *boxes,
                                                 guint            n,
                                                 double           width,
                                                 double           height);
void        limn_canvas_grid_clear              (CanvasGrid      *grid);
void        limn_canvas_grid_query              (CanvasGrid      *grid,
                                                 double           x1,
                                                 double           y1,
                                                 double           x2,
                                                 double           y2,
                                                 GArray          *out);

/* limn-image-canvas-items.c */
void        limn_image_canvas_init_items        (LimnImageCanvas *self);
void        limn_image_canvas_finalize_items    (LimnImageCanvas *self);
void        limn_image_canvas_rebuild_items     (LimnImageCanvas *self);
void        limn_image_canvas_build_grid        (LimnImageCanvas *self);
void        limn_image_canvas_update_accessible_label (LimnImageCanvas *self);
void        limn_image_canvas_update_accessible_selection (LimnImageCanvas *self);
/* Fills self->visible with the items touching the image rectangle, in draw
 * order if @sorted. */
void        limn_image_canvas_query_items       (LimnImageCanvas *self,
                                                 double           x1,
                                                 double           y1,
                                                 double           x2,
                                                 double           y2,
                                                 gboolean         sorted);
int         limn_image_canvas_compare_draw_order (gconstpointer   a,
                                                  gconstpointer   b,
                                                  gpointer        data);
void        limn_image_canvas_label_color       (LimnImageCanvas *self,
                                                 const char      *label_id,
                                                 GdkRGBA         *color,
                                                 const char     **name);
CanvasItem *limn_image_canvas_item_at           (LimnImageCanvas *self,
                                                 double           ix,
                                                 double           iy);
CanvasItem *limn_image_canvas_lookup_item       (LimnImageCanvas *self,
                                                 const char      *id);

/* limn-image-canvas-view.c */
double      limn_image_canvas_fit_zoom          (LimnImageCanvas *self);
double      limn_image_canvas_min_zoom          (LimnImageCanvas *self);
double      limn_image_canvas_max_zoom          (LimnImageCanvas *self);
void        limn_image_canvas_clamp_view        (LimnImageCanvas *self);
void        limn_image_canvas_allocate_view     (LimnImageCanvas *self);
void        limn_image_canvas_ensure_visible    (LimnImageCanvas *self,
                                                 const LimnBox   *box);
graphene_rect_t limn_image_canvas_view_rect     (LimnImageCanvas *self);

/* limn-image-canvas-loading.c */
void        limn_image_canvas_set_state         (LimnImageCanvas      *self,
                                                 LimnImageCanvasState  state,
                                                 const char           *message);
void        limn_image_canvas_clear_image       (LimnImageCanvas *self);
void        limn_image_canvas_start_loading     (LimnImageCanvas *self);

/* limn-image-canvas-tiles.c */
void        limn_image_canvas_init_tiles        (LimnImageCanvas *self);
void        limn_image_canvas_finalize_tiles    (LimnImageCanvas *self);
void        limn_image_canvas_unrealize_tiles   (LimnImageCanvas *self);
void        limn_image_canvas_clear_layers      (LimnImageCanvas *self);
void        limn_image_canvas_keep_sharp_tiles  (LimnImageCanvas *self,
                                                 guint            old_serial);
void        limn_image_canvas_snapshot_picture  (LimnImageCanvas       *self,
                                                 GtkSnapshot           *snapshot,
                                                 const graphene_rect_t *view,
                                                 const char            *exclude);

/* limn-image-canvas-paint.c */
void        limn_image_canvas_ensure_order      (LimnImageCanvas *self);
PangoLayout *limn_image_canvas_chip_layout      (LimnImageCanvas *self,
                                                 const char      *text);
/* A chip with @layout's text on @bg at @place, into a cairo context; with
 * the suggestion's diamond before the text if @suggestion. */
void        limn_image_canvas_cairo_chip        (cairo_t               *cr,
                                                 PangoLayout           *layout,
                                                 const GdkRGBA         *bg,
                                                 gboolean               suggestion,
                                                 const graphene_rect_t *place);
graphene_rect_t limn_image_canvas_zoomed_rect   (double           zoom,
                                                 double           sf,
                                                 const LimnBox   *box);
void        limn_image_canvas_place_chips       (LimnImageCanvas *self,
                                                 CanvasLayer     *layer);
gboolean    limn_image_canvas_paint_tile        (LimnImageCanvas       *self,
                                                 cairo_t               *cr,
                                                 const CanvasLayer     *layer,
                                                 const graphene_rect_t *area);
void        limn_image_canvas_snapshot          (GtkWidget       *widget,
                                                 GtkSnapshot     *snapshot);

/* limn-image-canvas-overlays.c */
void        limn_image_canvas_init_overlays     (LimnImageCanvas *self);
void        limn_image_canvas_dispose_overlays  (LimnImageCanvas *self);
void        limn_image_canvas_finalize_overlays (LimnImageCanvas *self);
void        limn_image_canvas_rebuild_overlays  (LimnImageCanvas *self);
void        limn_image_canvas_overlays_extent   (LimnImageCanvas *self,
                                                 CanvasLayer     *layer);
void        limn_image_canvas_paint_overlays    (LimnImageCanvas       *self,
                                                 cairo_t               *cr,
                                                 const CanvasLayer     *layer,
                                                 const graphene_rect_t *area);
void        limn_image_canvas_snapshot_overlay_hover (LimnImageCanvas *self,
                                                      GtkSnapshot     *snapshot);
/* The overlay region under image point (ix, iy), or G_MAXUINT. */
guint       limn_image_canvas_overlay_item_at   (LimnImageCanvas *self,
                                                 double           ix,
                                                 double           iy);
void        limn_image_canvas_activate_overlay  (LimnImageCanvas *self,
                                                 guint            index);
gboolean    limn_image_canvas_query_tooltip     (GtkWidget       *widget,
                                                 int              x,
                                                 int              y,
                                                 gboolean         keyboard,
                                                 GtkTooltip      *tooltip);

/* limn-image-canvas-comments.c */
void        limn_image_canvas_init_comments     (LimnImageCanvas *self);
void        limn_image_canvas_dispose_comments  (LimnImageCanvas *self);
void        limn_image_canvas_finalize_comments (LimnImageCanvas *self);
void        limn_image_canvas_allocate_comments (LimnImageCanvas *self);
void        limn_image_canvas_snapshot_comments (LimnImageCanvas *self,
                                                 GtkSnapshot     *snapshot);
/* The region id of the comment marker at widget point (wx, wy), or NULL. */
const char *limn_image_canvas_comment_at        (LimnImageCanvas *self,
                                                 double           wx,
                                                 double           wy);
gboolean    limn_image_canvas_comment_tooltip   (LimnImageCanvas *self,
                                                 int              x,
                                                 int              y,
                                                 GtkTooltip      *tooltip);
void        limn_image_canvas_update_has_tooltip (LimnImageCanvas *self);

/* limn-image-canvas-gestures.c */
void        limn_image_canvas_init_gestures     (LimnImageCanvas *self);
void        limn_image_canvas_class_init_actions (GtkWidgetClass *widget_class);
void        limn_image_canvas_cancel_drag       (LimnImageCanvas *self);
void        limn_image_canvas_update_hover      (LimnImageCanvas *self);
void        limn_image_canvas_update_cursor     (LimnImageCanvas *self);
void        limn_image_canvas_update_actions    (LimnImageCanvas *self);

G_END_DECLS
