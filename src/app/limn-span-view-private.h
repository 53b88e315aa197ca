/* limn-span-view-private.h
 *
 * What the span view's facets share: limn-span-view.c (the object, the
 * layout and scrolling, the span model), limn-span-view-draw.c (snapshot)
 * and limn-span-view-input.c (pointer, keys, caret movement).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "text/limn-span-index.h"
#include "limn-overlay-layer.h"
#include "limn-span-view.h"
#include "limn-span-view-layout.h"

G_BEGIN_DECLS

/* Document margins around the text column, pixels. */
#define SPAN_VIEW_TOP_MARGIN     24
#define SPAN_VIEW_BOTTOM_MARGIN  48
#define SPAN_VIEW_SIDE_MARGIN    32
/* The text column is at most this many average characters wide. */
#define SPAN_VIEW_MAX_LINE_CHARS 90
/* Lane bars under each line: at most this many, then "+n". */
#define SPAN_VIEW_MAX_LANES      3
#define SPAN_VIEW_BAR_HEIGHT     3
#define SPAN_VIEW_BAR_GAP        1

/* A span region or a suggestion as the view shows it. */
typedef struct
{
  LimnRegion *region;        /* owned reference */
  guint       is_suggestion : 1;
  guint       order;         /* position in LimnSpanView.order */
  gint64      start;         /* clamped to the text */
  gint64      end;
} LimnSpanItem;

typedef enum
{
  LIMN_SPAN_STEP_CHARS,      /* visual, by grapheme cursor position */
  LIMN_SPAN_STEP_WORDS,
  LIMN_SPAN_STEP_LINES,      /* display lines, keeping x */
  LIMN_SPAN_STEP_LINE_ENDS,
  LIMN_SPAN_STEP_PAGES,
  LIMN_SPAN_STEP_DOCUMENT,
} LimnSpanStep;

typedef struct
{
  graphene_rect_t  rect;      /* widget coordinates at the time of drawing */
  LimnSpanItem    *item;
} LimnSpanHit;

/* A review overlay's span in the block being drawn (see
 * limn-span-view-overlays.c). */
typedef struct
{
  gpointer span;               /* private to limn-span-view-overlays.c */
  int      bs;                 /* its bytes in the block's layout, or -1 */
  int      be;
  int      obs;                /* a moved span's old bytes, or -1 */
  int      obe;
  guint    starts_here : 1;
  guint    ends_here : 1;
} LimnSpanOverlayDraw;

struct _LimnSpanView
{
  GtkWidget            parent_instance;

  LimnProject         *project;
  gulong               labels_changed_id;
  LimnTask            *task;
  LimnTextIndex       *text;
  LimnDraft           *draft;
  gulong               draft_changed_id;

  LimnSpanViewLayout  *layout;
  LimnSpanViewMetrics  metrics;
  int                  column_x;
  int                  alloc_width;
  int                  alloc_height;
  guint                metrics_valid : 1;
  guint                configured : 1;
  guint                in_update : 1;
  guint                in_snapshot : 1;
  guint                first_frame_done : 1;
  guint                hscroll_policy : 1;
  guint                vscroll_policy : 1;
  guint                has_selection : 1;
  guint                dragging : 1;

  /* Where the next allocation puts the viewport: block and offset of the
   * viewport's top from that block's top. */
  gboolean             pending_anchor;
  guint                anchor_block;
  double               anchor_offset;

  GtkAdjustment       *hadjustment;
  GtkAdjustment       *vadjustment;

  LimnSpanIndex       *spans;        /* LimnSpanItem, owns them */
  GPtrArray           *order;        /* regions by start, then suggestions */
  gboolean             order_dirty;  /* sorted on demand, by Tab */
  GHashTable          *items_by_id;  /* id -> LimnSpanItem */
  guint                n_regions;
  guint                n_suggestions;
  GHashTable          *label_colors; /* label id -> GdkRGBA */
  GHashTable          *chips;        /* caption key -> LimnSpanChip */
  PangoFontDescription *caption_font;
  PangoFontDescription *body_font;    /* what the layouts were made with */
  GArray              *hits;         /* LimnSpanHit, from the last frame */
  double               hits_value;

  gint64               cursor;       /* code points */
  gint64               anchor;
  double               preferred_x;  /* for Up/Down; < 0: none */
  char                *selected_id;

  double               press_x;
  double               press_y;
  int                  press_count;
  double               drag_x;
  double               drag_y;
  guint                autoscroll_id;
  guint                prefetch_id;

  GdkRGBA              fg;
  GdkRGBA              dim_fg;
  GdkRGBA              selection;
  GdkRGBA              caret;

  GdkFrameClock       *first_frame_clock;
  gulong               first_frame_id;

  /* Review overlays, read-only: limn-span-view-overlays.c. */
  GListModel          *overlays;        /* LimnOverlayLayer */
  GPtrArray           *overlay_layers;  /* the model's layers, referenced */
  LimnSpanIndex       *overlay_spans;   /* visible layers' spans and the diff's */
  GArray              *overlay_hits;    /* from the last frame */
  LimnRegionDiff      *diff;
  guint                overlay_rows;    /* visible layers */
  guint                highlight_disagreements : 1;

  /* Comments pinned on spans: limn-span-view-comments.c. */
  GHashTable          *comments;        /* region id -> text */
  GArray              *comment_hits;    /* markers of the last frame */
  GtkWidget           *comment_popover;
  char                *comment_open;
};

/* limn-span-view.c */
void          limn_span_view_sync_adjustment    (LimnSpanView *self,
                                                 double        value);
PangoLayout  *limn_span_view_measure            (LimnSpanView *self,
                                                 guint         index);
gint64        limn_span_view_block_top          (LimnSpanView *self,
                                                 guint         index);
void          limn_span_view_set_cursor         (LimnSpanView *self,
                                                 gint64        cursor,
                                                 gboolean      extend);
void          limn_span_view_select_item        (LimnSpanView *self,
                                                 LimnSpanItem *item,
                                                 gboolean      scroll);
/* limn-span-view-spans.c: the items and their model */
void          limn_span_view_item_free          (gpointer      data);
void          limn_span_view_update_accessible  (LimnSpanView *self);
void          limn_span_view_rebuild_spans      (LimnSpanView *self);
void          limn_span_view_draft_changed_cb   (LimnDraft    *draft,
                                                 LimnSpanView *self);
void          limn_span_view_rebuild_label_colors (LimnSpanView *self);
void          limn_span_view_labels_changed_cb  (GListModel   *model,
                                                 guint         position,
                                                 guint         removed,
                                                 guint         added,
                                                 LimnSpanView *self);
LimnSpanItem *limn_span_view_lookup_item        (LimnSpanView *self,
                                                 const char   *id);
void          limn_span_view_ensure_order       (LimnSpanView *self);
LimnSpanItem *limn_span_view_item_at            (LimnSpanView *self,
                                                 gint64        cp);
void          limn_span_view_scroll_to_cp       (LimnSpanView *self,
                                                 gint64        cp,
                                                 gboolean      center);
void          limn_span_view_get_label_color    (LimnSpanView *self,
                                                 const char   *label_id,
                                                 GdkRGBA      *color);
char         *limn_span_view_get_label_name     (LimnSpanView *self,
                                                 const char   *label_id);

/* limn-span-view-draw.c */
void          limn_span_view_snapshot_text      (LimnSpanView *self,
                                                 GtkSnapshot  *snapshot);
void          limn_span_view_drop_chips         (LimnSpanView *self);

/* limn-span-view-overlays.c */
void          limn_span_view_init_overlays      (LimnSpanView *self);
void          limn_span_view_dispose_overlays   (LimnSpanView *self);
void          limn_span_view_finalize_overlays  (LimnSpanView *self);
void          limn_span_view_rebuild_overlays   (LimnSpanView *self);
int           limn_span_view_overlay_band       (LimnSpanView *self);
void          limn_span_view_collect_overlays   (LimnSpanView  *self,
                                                 guint          index,
                                                 LimnTextBlock *block,
                                                 GArray        *out);
void          limn_span_view_draw_overlay_line  (LimnSpanView    *self,
                                                 GtkSnapshot     *snapshot,
                                                 PangoLayout     *layout,
                                                 PangoLayoutLine *line,
                                                 GArray          *overlays,
                                                 double           ly,
                                                 double           lh,
                                                 double           origin_y);
gboolean      limn_span_view_activate_overlay_at (LimnSpanView *self,
                                                  double        x,
                                                  double        y);
gboolean      limn_span_view_query_tooltip      (GtkWidget    *widget,
                                                 int           x,
                                                 int           y,
                                                 gboolean      keyboard,
                                                 GtkTooltip   *tooltip);

/* limn-span-view-comments.c */
void          limn_span_view_init_comments      (LimnSpanView  *self);
void          limn_span_view_dispose_comments   (LimnSpanView  *self);
void          limn_span_view_finalize_comments  (LimnSpanView  *self);
void          limn_span_view_allocate_comments  (LimnSpanView  *self);
void          limn_span_view_draw_comments      (LimnSpanView  *self,
                                                 GtkSnapshot   *snapshot,
                                                 guint          index,
                                                 LimnTextBlock *block,
                                                 PangoLayout   *layout,
                                                 double         origin_y);
const char   *limn_span_view_comment_at         (LimnSpanView  *self,
                                                 double         x,
                                                 double         y);
gboolean      limn_span_view_comment_tooltip    (LimnSpanView  *self,
                                                 double         x,
                                                 double         y,
                                                 GtkTooltip    *tooltip);
gboolean      limn_span_view_open_comment_at    (LimnSpanView  *self,
                                                 double         x,
                                                 double         y);
void          limn_span_view_update_has_tooltip (LimnSpanView  *self);

/* limn-span-view-input.c */
void          limn_span_view_class_init_input   (GtkWidgetClass *widget_class);
void          limn_span_view_init_input         (LimnSpanView   *self);
void          limn_span_view_stop_input         (LimnSpanView   *self);
gint64        limn_span_view_snap_cp            (LimnSpanView   *self,
                                                 gint64          cp,
                                                 int             direction);
gboolean      limn_span_view_cursor_rect        (LimnSpanView   *self,
                                                 gint64          cp,
                                                 guint          *block,
                                                 graphene_rect_t *rect);

G_END_DECLS
