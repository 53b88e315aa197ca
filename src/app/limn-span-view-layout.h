/* limn-span-view-layout.h
 *
 * The span view's paragraph and height model. The text is cut into blocks:
 * one per paragraph ('\n'-separated; a trailing '\r' is part of the
 * paragraph's offsets but never shown to Pango), and very long paragraphs
 * into several blocks of at most a few kilobytes cut at white space, so no
 * single PangoLayout is ever huge.
 *
 * Only the blocks someone looks at are laid out. The others carry an
 * estimated height; all heights live in a Fenwick tree so that "which block
 * is at y" and "where does block i start" are O(log n) however long the
 * document is. Layouts are kept in a bounded LRU cache, so memory stays flat
 * while the user scrolls through a long text.
 *
 * Private to the span view.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "model/limn-task.h"
#include "text/limn-text-index.h"

G_BEGIN_DECLS

typedef struct
{
  gint64         cp_start;     /* code points of the shown text, [cp_start, cp_end) */
  gint64         cp_end;       /* excludes the paragraph's "\n" or "\r\n" */
  gsize          byte_start;   /* the same range in UTF-8 bytes */
  gsize          byte_len;
  int            height;       /* pixels: estimated until measured */
  guint          para_start : 1;
  guint          para_end : 1;
  guint          measured : 1;
  guint          dir_known : 1;
  guint          rtl : 1;
  /* Cached while the block is in the LRU; both dropped together. */
  PangoLayout   *layout;
  GskRenderNode *text_node;
  GList          lru_link;
} LimnTextBlock;

typedef struct _LimnSpanViewLayout LimnSpanViewLayout;

typedef struct
{
  int width;          /* wrap width of a block's text, pixels */
  int line_height;    /* a text line of the body font, pixels */
  int caption_band;   /* reserved above every line for span captions */
  int lane_band;      /* reserved below every line for lane bars */
  int para_gap;       /* extra space before a paragraph */
  int char_width;     /* approximate width of a Latin character */
} LimnSpanViewMetrics;

LimnSpanViewLayout *limn_span_view_layout_new          (LimnTextIndex              *text,
                                                        LimnTextDirection           direction);
void                limn_span_view_layout_free         (LimnSpanViewLayout         *self);

/* @ltr and @rtl carry the font, language and base direction; a block takes
 * the one matching its paragraph's direction. Drops every layout and
 * re-estimates every height: call it when the width, font or language
 * changes. */
void                limn_span_view_layout_configure    (LimnSpanViewLayout         *self,
                                                        PangoContext               *ltr,
                                                        PangoContext               *rtl,
                                                        const LimnSpanViewMetrics  *metrics);
/* Drops cached render nodes (colours changed) but keeps layouts. */
void                limn_span_view_layout_drop_nodes   (LimnSpanViewLayout         *self);

guint               limn_span_view_layout_get_n_blocks (LimnSpanViewLayout         *self);
LimnTextBlock      *limn_span_view_layout_get_block    (LimnSpanViewLayout         *self,
                                                        guint                       index);
/* Sum of all block heights. */
gint64              limn_span_view_layout_get_height   (LimnSpanViewLayout         *self);
/* Where block @index starts, relative to the first block. */
gint64              limn_span_view_layout_get_y        (LimnSpanViewLayout         *self,
                                                        guint                       index);
/* The block covering @y (clamped to the first and the last). */
guint               limn_span_view_layout_block_at_y   (LimnSpanViewLayout         *self,
                                                        gint64                      y);
/* The block showing the position before code point @cp. A position shared by
 * two blocks of one paragraph belongs to the later one; a position inside a
 * "\r\n" belongs to the block the newline ends. */
guint               limn_span_view_layout_block_at_cp  (LimnSpanViewLayout         *self,
                                                        gint64                      cp);
/* Offset of the layout's origin inside its block. */
int                 limn_span_view_layout_get_text_top (LimnSpanViewLayout         *self,
                                                        guint                       index);

/* Lays out block @index if needed (touching it in the LRU) and returns its
 * layout, owned by the cache: valid until the next ensure() of another
 * block. Stores the block's real height; returns the change in @delta. */
PangoLayout        *limn_span_view_layout_ensure       (LimnSpanViewLayout         *self,
                                                        guint                       index,
                                                        int                        *delta);

/* Conversions between a code point and a byte index in the block's layout,
 * both through the LimnTextIndex. @cp is clamped to the block. */
int                 limn_span_view_layout_cp_to_index  (LimnSpanViewLayout         *self,
                                                        guint                       index,
                                                        gint64                      cp);
gint64              limn_span_view_layout_index_to_cp  (LimnSpanViewLayout         *self,
                                                        guint                       index,
                                                        int                         byte_index);

/* Whether block @index is laid out right to left. */
gboolean            limn_span_view_layout_is_rtl       (LimnSpanViewLayout         *self,
                                                        guint                       index);

guint               limn_span_view_layout_get_n_cached (LimnSpanViewLayout         *self);

G_END_DECLS
