/* limn-chart-private.h
 *
 * Drawing helpers shared by the chart widgets: theme colors, text, rules
 * and the value axis, so every chart has the same ink, grid and labels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "limn-chart.h"

G_BEGIN_DECLS

/* Space between the plot and its labels, and around the plot. */
#define LIMN_CHART_GAP 6
#define LIMN_CHART_MIN_WIDTH 320
#define LIMN_CHART_MIN_HEIGHT 180

typedef struct {
  GdkRGBA fg;        /* ink: labels */
  GdkRGBA dim;       /* tick labels, axis titles */
  GdkRGBA grid;      /* faint gridlines */
  GdkRGBA axis;      /* the zero line / baseline */
  GdkRGBA accent;    /* "you", the main series: lines and points */
  GdkRGBA accent_bg; /* the main series: fills */
  GdkRGBA neutral;   /* "team", a second series */
  GdkRGBA success;
  GdkRGBA warning;
  GdkRGBA error;
  GdkRGBA card_bg;   /* what the plot is drawn on, for contrast */
  GdkRGBA on_accent; /* text on accent fills */
  gboolean dark;     /* light ink on a dark card: translucent fills need more */
} LimnChartColors;

/* Makes @widget_class's snapshot limn_chart_snapshot(), which calls @draw
 * mirrored in a right-to-left widget (see there). */
void         limn_chart_class_set_draw    (GtkWidgetClass        *widget_class,
                                           void                 (*draw) (GtkWidget   *widget,
                                                                         GtkSnapshot *snapshot));

/* @x in widget coordinates as the chart's drawing code sees it: mirrored
 * in a right-to-left widget. */
double       limn_chart_logical_x         (GtkWidget             *widget,
                                           double                 x);

void         limn_chart_colors_lookup     (GtkWidget             *widget,
                                           LimnChartColors       *colors);
/* @color with its alpha multiplied by @alpha. */
GdkRGBA      limn_chart_rgba_alpha        (const GdkRGBA         *color,
                                           double                 alpha);
/* Relative luminance (WCAG) of @color blended over opaque @bg. */
double       limn_chart_luminance_over    (const GdkRGBA         *color,
                                           const GdkRGBA         *bg);
/* The series colors: 0 is the accent, 1 a neutral, then others. */
GdkRGBA      limn_chart_series_color      (const LimnChartColors *colors,
                                           guint                  series);

/* A layout of @text in the widget's font; @small for tick labels. */
PangoLayout *limn_chart_layout            (GtkWidget             *widget,
                                           const char            *text,
                                           gboolean               small);
void         limn_chart_layout_size       (PangoLayout           *layout,
                                           double                *width,
                                           double                *height);
/* Draws @layout with its box aligned at (x, y) by @xalign/@yalign
 * (0: start at x, 0.5: centered, 1: end at x). */
void         limn_chart_draw_layout       (GtkSnapshot           *snapshot,
                                           PangoLayout           *layout,
                                           double                 x,
                                           double                 y,
                                           double                 xalign,
                                           double                 yalign,
                                           const GdkRGBA         *color);
/* Shorthand: a layout of @text drawn as draw_layout does; returns its width. */
double       limn_chart_draw_text         (GtkSnapshot           *snapshot,
                                           GtkWidget             *widget,
                                           const char            *text,
                                           gboolean               small,
                                           double                 x,
                                           double                 y,
                                           double                 xalign,
                                           double                 yalign,
                                           const GdkRGBA         *color);
/* Like draw_text, but ends in "…" when wider than @max_width. */
void         limn_chart_draw_text_clipped (GtkSnapshot           *snapshot,
                                           GtkWidget             *widget,
                                           const char            *text,
                                           gboolean               small,
                                           double                 x,
                                           double                 y,
                                           double                 max_width,
                                           double                 xalign,
                                           double                 yalign,
                                           const GdkRGBA         *color);
double       limn_chart_text_width        (GtkWidget             *widget,
                                           const char            *text,
                                           gboolean               small);
double       limn_chart_text_height       (GtkWidget             *widget,
                                           gboolean               small);

void         limn_chart_fill              (GtkSnapshot           *snapshot,
                                           const GdkRGBA         *color,
                                           double                 x,
                                           double                 y,
                                           double                 width,
                                           double                 height);
/* A straight line, solid or dashed (@dash > 0: dash length). */
void         limn_chart_line              (GtkSnapshot           *snapshot,
                                           const GdkRGBA         *color,
                                           double                 width,
                                           double                 dash,
                                           double                 x1,
                                           double                 y1,
                                           double                 x2,
                                           double                 y2);
/* A dot of @radius with a ring of @ring_color (the background) around it. */
void         limn_chart_dot               (GtkSnapshot           *snapshot,
                                           const GdkRGBA         *color,
                                           const GdkRGBA         *ring_color,
                                           double                 x,
                                           double                 y,
                                           double                 radius);
/* A legend swatch and label per entry, laid out from the start edge (the
 * text direction's) of [x, x + width] at y; returns its height. @dashed
 * entries get a dashed line instead of a block. */
typedef struct {
  const char *label;
  GdkRGBA     color;
  gboolean    dashed;
} LimnChartLegendEntry;
double       limn_chart_draw_legend       (GtkSnapshot                *snapshot,
                                           GtkWidget                  *widget,
                                           const LimnChartLegendEntry *entries,
                                           guint                       n_entries,
                                           double                      x,
                                           double                      y,
                                           double                      width,
                                           const LimnChartColors      *colors);
double       limn_chart_legend_height     (GtkWidget                  *widget);

/* A value axis: round ticks over the data range. */
typedef struct {
  LimnChartFormat format;
  double          min, max, step;
  GArray         *ticks;  /* double */
} LimnChartAxis;

/* Ticks for [lo, hi] (NaN: a default range) with about one tick per
 * @spacing pixels of @length; @include_zero pins 0 in; percent stays in
 * [0, 1]. */
void         limn_chart_axis_init         (LimnChartAxis         *axis,
                                           LimnChartFormat        format,
                                           double                 lo,
                                           double                 hi,
                                           gboolean               include_zero,
                                           double                 length,
                                           double                 spacing);
void         limn_chart_axis_clear        (LimnChartAxis         *axis);
/* The fraction [0, 1] of @value along the axis, clamped. */
double       limn_chart_axis_fraction     (const LimnChartAxis   *axis,
                                           double                 value);
/* The widest tick label. */
double       limn_chart_axis_label_width  (const LimnChartAxis   *axis,
                                           GtkWidget             *widget);
/* Gridlines across the plot at each tick and labels left of @plot. */
void         limn_chart_axis_draw_y       (const LimnChartAxis   *axis,
                                           GtkSnapshot           *snapshot,
                                           GtkWidget             *widget,
                                           const graphene_rect_t *plot,
                                           const LimnChartColors *colors);
/* Gridlines up the plot at each tick and labels below @plot. */
void         limn_chart_axis_draw_x       (const LimnChartAxis   *axis,
                                           GtkSnapshot           *snapshot,
                                           GtkWidget             *widget,
                                           const graphene_rect_t *plot,
                                           const LimnChartColors *colors);

/* GtkWidgetClass.query_tooltip of every chart: get_tooltip_at(). */
gboolean     limn_chart_query_tooltip     (GtkWidget             *widget,
                                           int                    x,
                                           int                    y,
                                           gboolean               keyboard_mode,
                                           GtkTooltip            *tooltip);

/* A new row for get_rows(): takes the strings (NULL-terminated). */
GStrv        limn_chart_row               (char                  *first,
                                           ...) G_GNUC_NULL_TERMINATED;
/* g_strv_builder_take() is GLib 2.80: adds @s and frees it. */
void         limn_chart_strv_take         (GStrvBuilder          *builder,
                                           char                  *s);
/* Shared measure(): the minimum size above, hexpand'ed natural size. */
void         limn_chart_measure           (GtkOrientation         orientation,
                                           int                   *minimum,
                                           int                   *natural,
                                           int                    natural_height);

G_END_DECLS
