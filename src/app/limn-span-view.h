/* limn-span-view.h
 *
 * Shows a task's text and lets the annotator mark labeled spans. Built for
 * long documents: only what is on screen is laid out and drawn, and spans are
 * found through an interval index, so a megabyte of text with ten thousand
 * spans opens and scrolls as fast as a paragraph. Implements GtkScrollable:
 * put it in a GtkScrolledWindow.
 *
 * All offsets are Unicode code points, end-exclusive, as stored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "analytics/limn-region-diff.h"
#include "model/limn-draft.h"
#include "model/limn-project.h"
#include "model/limn-task.h"
#include "text/limn-text-index.h"
#include "limn-overlay-layer.h"

G_BEGIN_DECLS

#define LIMN_TYPE_SPAN_VIEW (limn_span_view_get_type ())

G_DECLARE_FINAL_TYPE (LimnSpanView, limn_span_view, LIMN, SPAN_VIEW, GtkWidget)

GtkWidget  *limn_span_view_new           (void);
/* Label colours and names. */
void        limn_span_view_set_project   (LimnSpanView  *self,
                                          LimnProject   *project);
/* The text to show and the draft to edit; @task gives the language and
 * direction. NULLs clear the view. */
void        limn_span_view_set_task      (LimnSpanView  *self,
                                          LimnTask      *task,
                                          LimnTextIndex *text,
                                          LimnDraft     *draft);
/* With a text selection: creates a span over it (trimmed of white space at
 * either end, never splitting a grapheme cluster). With a span selected:
 * relabels it (accepting a selected suggestion first). */
void        limn_span_view_apply_label   (LimnSpanView  *self,
                                          const char    *label_id);
/* The text selection in code points; FALSE when it is empty. */
gboolean    limn_span_view_get_selection (LimnSpanView  *self,
                                          gint64        *start,
                                          gint64        *end);
void        limn_span_view_set_selection (LimnSpanView  *self,
                                          gint64         start,
                                          gint64         end);
/* The id of the selected span region or suggestion, or NULL. */
const char *limn_span_view_get_selected  (LimnSpanView  *self);
/* Selects a span region or suggestion by id (NULL deselects) and scrolls it
 * into view. */
void        limn_span_view_select        (LimnSpanView  *self,
                                          const char    *id);

/* Review overlays (limn-span-view-overlays.c): each visible layer's spans
 * underlined in its own row below the lines, in its colour and line
 * style, read-only; spans another visible layer has no overlapping span
 * for, or labels otherwise, emphasised. Clicking an underline emits
 * ::region-activated (layer, region id). */
void        limn_span_view_set_overlays  (LimnSpanView   *self,
                                          GListModel     *layers);
void        limn_span_view_set_highlight_disagreements (LimnSpanView *self,
                                                        gboolean      highlight);
gboolean    limn_span_view_is_disagreement (LimnSpanView     *self,
                                            LimnOverlayLayer *layer,
                                            const char       *region_id);
/* A diff's changes in a row of their own, with their marks; NULL hides it. */
void        limn_span_view_set_diff      (LimnSpanView   *self,
                                          LimnRegionDiff *diff);
/* The overlay underline at widget point (x, y) in the last frame: its
 * layer (NULL for the diff) and region id, owned by the view. */
gboolean    limn_span_view_overlay_at    (LimnSpanView      *self,
                                          double             x,
                                          double             y,
                                          LimnOverlayLayer **layer,
                                          const char       **region_id);

/* Comments pinned on spans (limn-span-view-comments.c), as on the image
 * canvas: a marker at the span's last character, the text in a tooltip
 * on hover and a popover on click. The span is the editable one with that
 * id, else a visible overlay layer's. @text NULL removes the comment. */
void        limn_span_view_set_comment   (LimnSpanView   *self,
                                          const char     *region_id,
                                          const char     *text);
const char *limn_span_view_get_comment   (LimnSpanView   *self,
                                          const char     *region_id);
void        limn_span_view_clear_comments (LimnSpanView  *self);
/* The region id whose comment's popover is open, or NULL. */
const char *limn_span_view_get_open_comment (LimnSpanView *self);
/* The region id of the comment marker at widget point (x, y) in the last
 * frame, or NULL. */
const char *limn_span_view_comment_marker_at (LimnSpanView *self,
                                              double        x,
                                              double        y);

G_END_DECLS
