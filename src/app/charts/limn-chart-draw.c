/* limn-chart-draw.c
 *
 * Drawing helpers shared by the chart widgets. Colors come from the
 * libadwaita named colors so the same code is legible on light and dark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <math.h>

#include "limn-chart-private.h"

/* Right to left, a chart mirrors as a whole (issue 21): time and
 * categories run from the right, the value axis stands on the right, the
 * legend starts at the right. The drawing code of each chart is written
 * left to right; here it is drawn in a mirrored space, and text (drawn
 * only through limn_chart_draw_layout()) is turned back at its anchor,
 * aligned from the other side. Figures keep the locale's own writing. */
#define MIRROR_KEY "limn-chart-mirrored"

typedef void (*DrawFunc) (GtkWidget *widget, GtkSnapshot *snapshot);

static GQuark
draw_quark (void)
{
  return g_quark_from_static_string ("limn-chart-draw");
}

static void
limn_chart_snapshot (GtkWidget   *widget,
                     GtkSnapshot *snapshot)
{
  DrawFunc draw = (DrawFunc) g_type_get_qdata (G_OBJECT_TYPE (widget), draw_quark ());
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;

  if (!rtl)
    {
      draw (widget, snapshot);
      return;
    }
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (gtk_widget_get_width (widget), 0));
  gtk_snapshot_scale (snapshot, -1, 1);
  g_object_set_data (G_OBJECT (snapshot), MIRROR_KEY, GINT_TO_POINTER (1));
  draw (widget, snapshot);
  g_object_set_data (G_OBJECT (snapshot), MIRROR_KEY, NULL);
  gtk_snapshot_restore (snapshot);
}

void
limn_chart_class_set_draw (GtkWidgetClass *widget_class,
                           void          (*draw) (GtkWidget   *widget,
                                                  GtkSnapshot *snapshot))
{
  g_type_set_qdata (G_TYPE_FROM_CLASS (widget_class), draw_quark (), (gpointer) draw);
  widget_class->snapshot = limn_chart_snapshot;
}

double
limn_chart_logical_x (GtkWidget *widget,
                      double     x)
{
  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    return gtk_widget_get_width (widget) - x;
  return x;
}

static void
lookup (GtkStyleContext *context,
        const char      *name,
        const GdkRGBA   *fallback,
        GdkRGBA         *color)
{
  if (!gtk_style_context_lookup_color (context, name, color))
    *color = *fallback;
}

GdkRGBA
limn_chart_rgba_alpha (const GdkRGBA *color,
                       double         alpha)
{
  GdkRGBA c = *color;

  c.alpha *= alpha;
  return c;
}

static double
channel (double c)
{
  return c <= 0.03928 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

double
limn_chart_luminance_over (const GdkRGBA *color,
                           const GdkRGBA *bg)
{
  double a = color->alpha;
  double r = color->red * a + bg->red * (1 - a);
  double g = color->green * a + bg->green * (1 - a);
  double b = color->blue * a + bg->blue * (1 - a);

  return 0.2126 * channel (r) + 0.7152 * channel (g) + 0.0722 * channel (b);
}

void
limn_chart_colors_lookup (GtkWidget       *widget,
                          LimnChartColors *colors)
{
  /* GTK 4.8: the style context is the way to the named colors. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *context = gtk_widget_get_style_context (widget);
  static const GdkRGBA blue = { 0.21, 0.52, 0.89, 1 };
  static const GdkRGBA white = { 1, 1, 1, 1 };
  static const GdkRGBA orange = { 0.8, 0.45, 0, 1 };
  static const GdkRGBA red = { 0.75, 0.11, 0.16, 1 };
  static const GdkRGBA green = { 0.15, 0.64, 0.41, 1 };
  gboolean dark;

  gtk_style_context_get_color (context, &colors->fg);
  lookup (context, "accent_color", &blue, &colors->accent);
  lookup (context, "accent_bg_color", &blue, &colors->accent_bg);
  lookup (context, "accent_fg_color", &white, &colors->on_accent);
  lookup (context, "success_color", &green, &colors->success);
  lookup (context, "warning_color", &orange, &colors->warning);
  lookup (context, "error_color", &red, &colors->error);
  lookup (context, "card_bg_color", &white, &colors->card_bg);
G_GNUC_END_IGNORE_DEPRECATIONS

  /* card_bg_color is translucent in dark: blend it over the window's. */
  dark = limn_chart_luminance_over (&colors->fg, &white) > 0.5;
  colors->dark = dark;
  if (colors->card_bg.alpha < 1)
    {
      GdkRGBA window = dark ? (GdkRGBA) { 0.14, 0.14, 0.14, 1 } : (GdkRGBA) { 0.98, 0.98, 0.98, 1 };
      double a = colors->card_bg.alpha;

      colors->card_bg.red = colors->card_bg.red * a + window.red * (1 - a);
      colors->card_bg.green = colors->card_bg.green * a + window.green * (1 - a);
      colors->card_bg.blue = colors->card_bg.blue * a + window.blue * (1 - a);
      colors->card_bg.alpha = 1;
    }

  colors->dim = limn_chart_rgba_alpha (&colors->fg, 0.65);
  colors->grid = limn_chart_rgba_alpha (&colors->fg, dark ? 0.12 : 0.09);
  colors->axis = limn_chart_rgba_alpha (&colors->fg, 0.35);
  colors->neutral = limn_chart_rgba_alpha (&colors->fg, dark ? 0.42 : 0.32);
}

GdkRGBA
limn_chart_series_color (const LimnChartColors *colors,
                         guint                  series)
{
  switch (series)
    {
    case 0:
      return colors->accent_bg;
    case 1:
      return colors->neutral;
    case 2:
      return colors->success;
    case 3:
      return colors->warning;
    default:
      return limn_chart_rgba_alpha (&colors->fg, 0.6);
    }
}

static gboolean
has_letters (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_isalpha (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

PangoLayout *
limn_chart_layout (GtkWidget  *widget,
                   const char *text,
                   gboolean    small)
{
  PangoLayout *layout;
  PangoAttrList *attrs = pango_attr_list_new ();

  /* Figures and dates with no letters take the widget's direction, so in
   * RTL "80 %" would read "% 80": a left-to-right mark sets theirs. */
  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL &&
      !has_letters (text))
    {
      g_autofree char *marked = g_strconcat ("\xe2\x80\x8e", text, NULL);

      layout = gtk_widget_create_pango_layout (widget, marked);
    }
  else
    layout = gtk_widget_create_pango_layout (widget, text);

  /* Figures in columns line up (tabular numbers). */
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  if (small)
    pango_attr_list_insert (attrs, pango_attr_scale_new (0.83));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

void
limn_chart_layout_size (PangoLayout *layout,
                        double      *width,
                        double      *height)
{
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  if (width)
    *width = w;
  if (height)
    *height = h;
}

void
limn_chart_draw_layout (GtkSnapshot   *snapshot,
                        PangoLayout   *layout,
                        double         x,
                        double         y,
                        double         xalign,
                        double         yalign,
                        const GdkRGBA *color)
{
  double w, h;

  limn_chart_layout_size (layout, &w, &h);
  gtk_snapshot_save (snapshot);
  if (g_object_get_data (G_OBJECT (snapshot), MIRROR_KEY) != NULL)
    {
      /* Unmirrored about @x, and aligned from the other side: the text
       * reads normally and ends where it began left to right. */
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, 0));
      gtk_snapshot_scale (snapshot, -1, 1);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (-x, 0));
      xalign = 1 - xalign;
    }
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (x - w * xalign), round (y - h * yalign)));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

double
limn_chart_draw_text (GtkSnapshot   *snapshot,
                      GtkWidget     *widget,
                      const char    *text,
                      gboolean       small,
                      double         x,
                      double         y,
                      double         xalign,
                      double         yalign,
                      const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = limn_chart_layout (widget, text, small);
  double w;

  limn_chart_layout_size (layout, &w, NULL);
  limn_chart_draw_layout (snapshot, layout, x, y, xalign, yalign, color);
  return w;
}

void
limn_chart_draw_text_clipped (GtkSnapshot   *snapshot,
                              GtkWidget     *widget,
                              const char    *text,
                              gboolean       small,
                              double         x,
                              double         y,
                              double         max_width,
                              double         xalign,
                              double         yalign,
                              const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = limn_chart_layout (widget, text, small);
  double w;

  limn_chart_layout_size (layout, &w, NULL);
  /* Only a layout that is too wide gets a width: with one, Pango aligns
   * the text inside it by the text's own direction (Arabic to the right),
   * which would move it off the point it belongs to. */
  if (w > max_width)
    {
      pango_layout_set_width (layout, (int) (MAX (1, max_width) * PANGO_SCALE));
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_single_paragraph_mode (layout, TRUE);
    }
  limn_chart_draw_layout (snapshot, layout, x, y, xalign, yalign, color);
}

double
limn_chart_text_width (GtkWidget  *widget,
                       const char *text,
                       gboolean    small)
{
  g_autoptr(PangoLayout) layout = limn_chart_layout (widget, text, small);
  double w;

  limn_chart_layout_size (layout, &w, NULL);
  return w;
}

double
limn_chart_text_height (GtkWidget *widget,
                        gboolean   small)
{
  g_autoptr(PangoLayout) layout = limn_chart_layout (widget, "0", small);
  double h;

  limn_chart_layout_size (layout, NULL, &h);
  return h;
}

void
limn_chart_fill (GtkSnapshot   *snapshot,
                 const GdkRGBA *color,
                 double         x,
                 double         y,
                 double         width,
                 double         height)
{
  if (width < 0)
    x += width, width = -width;
  if (height < 0)
    y += height, height = -height;
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, y, width, height));
}

void
limn_chart_line (GtkSnapshot   *snapshot,
                 const GdkRGBA *color,
                 double         width,
                 double         dash,
                 double         x1,
                 double         y1,
                 double         x2,
                 double         y2)
{
  double minx = MIN (x1, x2) - width, miny = MIN (y1, y2) - width;
  cairo_t *cr;

  /* Solid axis-aligned rules are plain color nodes, snapped to pixels. */
  if (dash <= 0 && (x1 == x2 || y1 == y2))
    {
      if (y1 == y2)
        limn_chart_fill (snapshot, color, MIN (x1, x2), round (y1 - width / 2), fabs (x2 - x1), width);
      else
        limn_chart_fill (snapshot, color, round (x1 - width / 2), MIN (y1, y2), width, fabs (y2 - y1));
      return;
    }

  cr = gtk_snapshot_append_cairo (snapshot,
                                  &GRAPHENE_RECT_INIT (minx, miny,
                                                       fabs (x2 - x1) + 2 * width,
                                                       fabs (y2 - y1) + 2 * width));
  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, width);
  cairo_set_line_cap (cr, dash > 0 ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND);
  if (dash > 0)
    {
      double dashes[2] = { dash, dash * 0.75 };

      cairo_set_dash (cr, dashes, 2, 0);
    }
  cairo_move_to (cr, x1, y1);
  cairo_line_to (cr, x2, y2);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

void
limn_chart_dot (GtkSnapshot   *snapshot,
                const GdkRGBA *color,
                const GdkRGBA *ring_color,
                double         x,
                double         y,
                double         radius)
{
  GskRoundedRect outer, inner;
  double ring = 1.5;

  gsk_rounded_rect_init_from_rect (&outer, &GRAPHENE_RECT_INIT (x - radius - ring, y - radius - ring,
                                                                 2 * (radius + ring), 2 * (radius + ring)),
                                   radius + ring);
  gtk_snapshot_push_rounded_clip (snapshot, &outer);
  gtk_snapshot_append_color (snapshot, ring_color, &outer.bounds);
  gtk_snapshot_pop (snapshot);

  gsk_rounded_rect_init_from_rect (&inner, &GRAPHENE_RECT_INIT (x - radius, y - radius, 2 * radius, 2 * radius),
                                   radius);
  gtk_snapshot_push_rounded_clip (snapshot, &inner);
  gtk_snapshot_append_color (snapshot, color, &inner.bounds);
  gtk_snapshot_pop (snapshot);
}

double
limn_chart_legend_height (GtkWidget *widget)
{
  return limn_chart_text_height (widget, TRUE) + LIMN_CHART_GAP;
}

double
limn_chart_draw_legend (GtkSnapshot                *snapshot,
                        GtkWidget                  *widget,
                        const LimnChartLegendEntry *entries,
                        guint                       n_entries,
                        double                      x,
                        double                      y,
                        double                      width,
                        const LimnChartColors      *colors)
{
  double h = limn_chart_text_height (widget, TRUE);
  double swatch = 12, pos = 0;

  for (guint i = 0; i < n_entries; i++)
    {
      double tw = limn_chart_text_width (widget, entries[i].label, TRUE);
      double item = swatch + 6 + tw;
      /* Right to left, the mirrored drawing starts it at the right. */
      double sx = x + pos;
      double tx = sx + swatch + 6;

      if (entries[i].dashed)
        limn_chart_line (snapshot, &entries[i].color, 2, 3, sx, y + h / 2, sx + swatch, y + h / 2);
      else
        {
          GskRoundedRect r;

          gsk_rounded_rect_init_from_rect (&r, &GRAPHENE_RECT_INIT (sx, y + h / 2 - swatch / 2, swatch, swatch), 3);
          gtk_snapshot_push_rounded_clip (snapshot, &r);
          gtk_snapshot_append_color (snapshot, &entries[i].color, &r.bounds);
          gtk_snapshot_pop (snapshot);
        }
      limn_chart_draw_text (snapshot, widget, entries[i].label, TRUE, tx, y, 0, 0, &colors->fg);
      pos += item + 18;
    }
  return h + LIMN_CHART_GAP;
}

void
limn_chart_axis_init (LimnChartAxis   *axis,
                      LimnChartFormat  format,
                      double           lo,
                      double           hi,
                      gboolean         include_zero,
                      double           length,
                      double           spacing)
{
  guint max_ticks = (guint) CLAMP (length / spacing + 1, 2, 11);

  axis->format = format;
  if (isnan (lo) || isnan (hi) || !isfinite (lo) || !isfinite (hi))
    {
      lo = 0;
      hi = format == LIMN_CHART_FORMAT_PERCENT ? 1 : 10;
    }
  if (include_zero)
    {
      lo = MIN (lo, 0);
      hi = MAX (hi, 0);
    }
  if (format == LIMN_CHART_FORMAT_PERCENT)
    {
      lo = CLAMP (lo, 0, 1);
      hi = CLAMP (hi, 0, 1);
    }
  if (format == LIMN_CHART_FORMAT_COUNT && hi - lo < 1)
    hi = lo + MAX (1, max_ticks - 1);

  axis->min = lo;
  axis->max = hi;
  axis->ticks = limn_chart_nice_ticks (&axis->min, &axis->max, max_ticks, &axis->step);
  /* Counts have no fractional ticks. */
  if (format == LIMN_CHART_FORMAT_COUNT && axis->step < 1)
    {
      g_array_unref (axis->ticks);
      axis->min = floor (lo);
      axis->max = ceil (hi);
      axis->ticks = limn_chart_nice_ticks (&axis->min, &axis->max, MAX (2, (guint) (axis->max - axis->min) + 1), &axis->step);
    }
  if (format == LIMN_CHART_FORMAT_PERCENT)
    {
      axis->min = MAX (axis->min, 0);
      axis->max = MIN (axis->max, 1);
    }
}

void
limn_chart_axis_clear (LimnChartAxis *axis)
{
  g_clear_pointer (&axis->ticks, g_array_unref);
}

double
limn_chart_axis_fraction (const LimnChartAxis *axis,
                          double               value)
{
  double f;

  if (axis->max - axis->min <= 0 || isnan (value))
    return 0;
  f = (value - axis->min) / (axis->max - axis->min);
  return CLAMP (f, 0, 1);
}

double
limn_chart_axis_label_width (const LimnChartAxis *axis,
                             GtkWidget           *widget)
{
  double widest = 0;

  for (guint i = 0; i < axis->ticks->len; i++)
    {
      double v = g_array_index (axis->ticks, double, i);
      g_autofree char *text = limn_chart_format_tick (axis->format, v, axis->step);

      widest = MAX (widest, limn_chart_text_width (widget, text, TRUE));
    }
  return widest;
}

void
limn_chart_axis_draw_y (const LimnChartAxis   *axis,
                        GtkSnapshot           *snapshot,
                        GtkWidget             *widget,
                        const graphene_rect_t *plot,
                        const LimnChartColors *colors)
{
  for (guint i = 0; i < axis->ticks->len; i++)
    {
      double v = g_array_index (axis->ticks, double, i);
      double y = round (plot->origin.y + plot->size.height * (1 - limn_chart_axis_fraction (axis, v)));
      g_autofree char *text = limn_chart_format_tick (axis->format, v, axis->step);

      if (v < axis->min - axis->step * 1e-6 || v > axis->max + axis->step * 1e-6)
        continue;
      limn_chart_line (snapshot, v == 0 ? &colors->axis : &colors->grid, 1, 0,
                       plot->origin.x, y + 0.5, plot->origin.x + plot->size.width, y + 0.5);
      limn_chart_draw_text (snapshot, widget, text, TRUE, plot->origin.x - LIMN_CHART_GAP, y, 1, 0.5, &colors->dim);
    }
}

void
limn_chart_axis_draw_x (const LimnChartAxis   *axis,
                        GtkSnapshot           *snapshot,
                        GtkWidget             *widget,
                        const graphene_rect_t *plot,
                        const LimnChartColors *colors)
{
  double bottom = plot->origin.y + plot->size.height;

  for (guint i = 0; i < axis->ticks->len; i++)
    {
      double v = g_array_index (axis->ticks, double, i);
      double x = round (plot->origin.x + plot->size.width * limn_chart_axis_fraction (axis, v));
      g_autofree char *text = limn_chart_format_tick (axis->format, v, axis->step);
      double xalign = 0.5;

      if (v < axis->min - axis->step * 1e-6 || v > axis->max + axis->step * 1e-6)
        continue;
      limn_chart_line (snapshot, v == 0 ? &colors->axis : &colors->grid, 1, 0,
                       x + 0.5, plot->origin.y, x + 0.5, bottom);
      limn_chart_draw_text (snapshot, widget, text, TRUE, x, bottom + LIMN_CHART_GAP, xalign, 0, &colors->dim);
    }
}

GStrv
limn_chart_row (char *first,
                ...)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  va_list args;
  GStrv row;

  va_start (args, first);
  for (char *s = first; s != NULL; s = va_arg (args, char *))
    {
      g_strv_builder_add (builder, s);
      g_free (s);
    }
  va_end (args);
  row = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return row;
}

void
limn_chart_measure (GtkOrientation orientation,
                    int           *minimum,
                    int           *natural,
                    int            natural_height)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = LIMN_CHART_MIN_WIDTH;
      *natural = 480;
    }
  else
    {
      *minimum = LIMN_CHART_MIN_HEIGHT;
      *natural = MAX (natural_height, LIMN_CHART_MIN_HEIGHT);
    }
}

void
limn_chart_strv_take (GStrvBuilder *builder,
                      char         *s)
{
  g_strv_builder_add (builder, s);
  g_free (s);
}
