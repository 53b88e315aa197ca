/* limn-overlay-layer.h
 *
 * One read-only list of regions shown over a task for review: an
 * annotator's answer, the gold answer, the model's pre-labels or a
 * reviewer's correction, with the style that tells it apart (a colour
 * from a palette that reads on the canvas, in light and dark panels and
 * for colour-blind people, and a line style, so no layer is told by its
 * colour alone), a name for the legend, and whether it is shown. The image
 * canvas, the span view and LimnAnnotatorLegend share one GListModel of
 * them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  LIMN_OVERLAY_LINE_SOLID,
  LIMN_OVERLAY_LINE_DASHED,
  LIMN_OVERLAY_LINE_DOTTED,
  LIMN_OVERLAY_LINE_DOUBLE,
} LimnOverlayLineStyle;

typedef enum
{
  LIMN_OVERLAY_ANNOTATOR,
  LIMN_OVERLAY_GOLD,
  LIMN_OVERLAY_PRELABELS,
  LIMN_OVERLAY_CORRECTION,
} LimnOverlayKind;

#define LIMN_OVERLAY_UNSET (-1)

#define LIMN_TYPE_OVERLAY_LINE_STYLE (limn_overlay_line_style_get_type ())
GType limn_overlay_line_style_get_type (void) G_GNUC_CONST;
#define LIMN_TYPE_OVERLAY_KIND (limn_overlay_kind_get_type ())
GType limn_overlay_kind_get_type (void) G_GNUC_CONST;

#define LIMN_TYPE_OVERLAY_LAYER (limn_overlay_layer_get_type ())

G_DECLARE_FINAL_TYPE (LimnOverlayLayer, limn_overlay_layer, LIMN, OVERLAY_LAYER, GObject)

/* @regions: LimnRegion pointers, copied (the regions are shared, being
 * immutable). @index picks the style: the nth annotator of a task gets the
 * nth colour and line style; other kinds have their own. */
LimnOverlayLayer     *limn_overlay_layer_new            (const char           *name,
                                                         LimnOverlayKind       kind,
                                                         guint                 index,
                                                         GPtrArray            *regions);
const char           *limn_overlay_layer_get_name       (LimnOverlayLayer     *self);
LimnOverlayKind       limn_overlay_layer_get_kind       (LimnOverlayLayer     *self);
GPtrArray            *limn_overlay_layer_get_regions    (LimnOverlayLayer     *self);
void                  limn_overlay_layer_set_regions    (LimnOverlayLayer     *self,
                                                         GPtrArray            *regions);
gboolean              limn_overlay_layer_get_visible    (LimnOverlayLayer     *self);
void                  limn_overlay_layer_set_visible    (LimnOverlayLayer     *self,
                                                         gboolean              visible);
void                  limn_overlay_layer_get_color      (LimnOverlayLayer     *self,
                                                         GdkRGBA              *color);
void                  limn_overlay_layer_set_color      (LimnOverlayLayer     *self,
                                                         const GdkRGBA        *color);
LimnOverlayLineStyle  limn_overlay_layer_get_line_style (LimnOverlayLayer     *self);
void                  limn_overlay_layer_set_line_style (LimnOverlayLayer     *self,
                                                         LimnOverlayLineStyle  style);
/* The annotator's confidence for the task (0–1) and active time, or
 * LIMN_OVERLAY_UNSET; and their flag's text, if any. Shown by the legend
 * and in tooltips. */
double                limn_overlay_layer_get_confidence (LimnOverlayLayer     *self);
void                  limn_overlay_layer_set_confidence (LimnOverlayLayer     *self,
                                                         double                confidence);
gint64                limn_overlay_layer_get_active_ms  (LimnOverlayLayer     *self);
void                  limn_overlay_layer_set_active_ms  (LimnOverlayLayer     *self,
                                                         gint64                active_ms);
const char           *limn_overlay_layer_get_note       (LimnOverlayLayer     *self);
void                  limn_overlay_layer_set_note       (LimnOverlayLayer     *self,
                                                         const char           *note);

/* The style of the nth layer of @kind: colours from Okabe and Ito's
 * palette for colour-blind readers, each with its own line style. */
void                  limn_overlay_style_for            (LimnOverlayKind       kind,
                                                         guint                 index,
                                                         GdkRGBA              *color,
                                                         LimnOverlayLineStyle *style);
/* Sets the dash pattern of @style on @cr for a line of @width. DOUBLE
 * strokes as solid: the caller draws it as two thin lines. */
void                  limn_overlay_set_dash             (cairo_t              *cr,
                                                         LimnOverlayLineStyle  style,
                                                         double                width);
/* "4 min 10 s", "Confidence 0.8 · 4 min 10 s active": what the legend and
 * tooltips say of a layer. */
char                 *limn_overlay_layer_describe       (LimnOverlayLayer     *self);

G_END_DECLS
