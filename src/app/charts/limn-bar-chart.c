/* limn-bar-chart.c
 *
 * Grouped horizontal bars: one group per category (a label, an
 * annotator), one bar per series ("You", "Team"). Horizontal so that long
 * label names read without rotation. The first series is the accent, the
 * second a neutral, so "you" stands out against "team".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "limn-bar-chart.h"
#include "limn-chart-private.h"

#define BAR_HEIGHT 14
#define BAR_GAP 2
#define GROUP_GAP 12

struct _LimnBarChart
{
  GtkWidget        parent_instance;

  LimnChartFormat  format;
  GStrv            categories;
  GStrv            series;
  guint            n_categories;
  guint            n_series;
  double          *values;
  double          *low;   /* NULL: no intervals */
  double          *high;
  double           threshold;
};

static void limn_bar_chart_chart_init (LimnChartInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LimnBarChart, limn_bar_chart, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LIMN_TYPE_CHART, limn_bar_chart_chart_init))

static double
value_at (LimnBarChart *self,
          guint         c,
          guint         s)
{
  return self->values[(gsize) c * self->n_series + s];
}

static gboolean
has_interval (LimnBarChart *self,
              guint         c,
              guint         s)
{
  gsize i = (gsize) c * self->n_series + s;

  return self->low != NULL && self->high != NULL && !isnan (self->values[i]) &&
         !isnan (self->low[i]) && !isnan (self->high[i]);
}

static gboolean
limn_bar_chart_is_empty (LimnChart *chart)
{
  LimnBarChart *self = LIMN_BAR_CHART (chart);

  for (gsize i = 0; i < (gsize) self->n_categories * self->n_series; i++)
    if (!isnan (self->values[i]))
      return FALSE;
  return TRUE;
}

static char *
format_cell (LimnBarChart *self,
             guint         c,
             guint         s)
{
  gsize i = (gsize) c * self->n_series + s;

  if (has_interval (self, c, s))
    return limn_chart_format_interval (self->format, self->values[i], self->low[i], self->high[i]);
  return limn_chart_format_value (self->format, self->values[i]);
}

static char *
limn_bar_chart_describe (LimnChart *chart)
{
  LimnBarChart *self = LIMN_BAR_CHART (chart);
  GString *text;
  guint shown = MIN (self->n_categories, 12);

  if (limn_chart_is_empty (chart))
    return g_strdup (_("No data yet."));

  text = g_string_new (NULL);
  /* Every category with each series' value, "Spam: You 40 %, Team 35 %";
   * long charts say how many more the table holds. */
  for (guint c = 0; c < shown; c++)
    {
      if (c > 0)
        g_string_append (text, "; ");
      g_string_append_printf (text, "%s: ", self->categories[c]);
      for (guint s = 0; s < self->n_series; s++)
        {
          g_autofree char *value = format_cell (self, c, s);

          if (s > 0)
            g_string_append (text, ", ");
          if (self->n_series > 1)
            g_string_append_printf (text, "%s %s", self->series[s], value);
          else
            g_string_append (text, value);
        }
    }
  g_string_append_c (text, '.');
  if (shown < self->n_categories)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u more in the table.",
                                                 "%u more in the table.", self->n_categories - shown),
                              self->n_categories - shown);
    }
  if (!isnan (self->threshold))
    {
      g_autofree char *threshold = limn_chart_format_value (self->format, self->threshold);
      guint below = 0;

      for (guint c = 0; c < self->n_categories; c++)
        if (!isnan (value_at (self, c, 0)) && value_at (self, c, 0) < self->threshold)
          below++;
      g_string_append_c (text, ' ');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "Threshold %s, %u below it.",
                                                 "Threshold %s, %u below it.", below),
                              threshold, below);
    }
  return g_string_free (text, FALSE);
}

static GStrv
limn_bar_chart_get_columns (LimnChart *chart)
{
  LimnBarChart *self = LIMN_BAR_CHART (chart);
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv columns;

  g_strv_builder_add (builder, _("Category"));
  for (guint s = 0; s < self->n_series; s++)
    g_strv_builder_add (builder, self->series[s]);
  columns = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return columns;
}

static GPtrArray *
limn_bar_chart_get_rows (LimnChart *chart)
{
  LimnBarChart *self = LIMN_BAR_CHART (chart);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint c = 0; c < self->n_categories; c++)
    {
      GStrvBuilder *builder = g_strv_builder_new ();

      g_strv_builder_add (builder, self->categories[c]);
      for (guint s = 0; s < self->n_series; s++)
        limn_chart_strv_take (builder, format_cell (self, c, s));
      g_ptr_array_add (rows, g_strv_builder_end (builder));
      g_strv_builder_unref (builder);
    }
  return rows;
}

static char *limn_bar_chart_tooltip_at (LimnChart *chart, double x, double y);

static void
limn_bar_chart_chart_init (LimnChartInterface *iface)
{
  iface->is_empty = limn_bar_chart_is_empty;
  iface->describe = limn_bar_chart_describe;
  iface->get_columns = limn_bar_chart_get_columns;
  iface->get_rows = limn_bar_chart_get_rows;
  iface->tooltip_at = limn_bar_chart_tooltip_at;
}

typedef struct {
  graphene_rect_t plot;
  LimnChartAxis   axis;
  double          label_w;
  double          group_h;
  double          bar_h;
} Geometry;

static double
group_height (LimnBarChart *self)
{
  return self->n_series * (BAR_HEIGHT + BAR_GAP) - BAR_GAP + GROUP_GAP;
}

static double
header_height (LimnBarChart *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double h = 0;

  if (self->n_series > 1)
    h += limn_chart_legend_height (widget);
  if (!isnan (self->threshold))
    h += limn_chart_text_height (widget, TRUE) + 2;
  return h;
}

static void
compute_geometry (LimnBarChart *self,
                  Geometry     *g)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  double text_h = limn_chart_text_height (widget, TRUE), lo = NAN, hi = NAN, widest = 0, top, scale;

  for (gsize i = 0; i < (gsize) self->n_categories * self->n_series; i++)
    {
      double v[3] = { self->values[i], self->low ? self->low[i] : NAN, self->high ? self->high[i] : NAN };

      if (isnan (v[0]))
        continue;
      for (guint k = 0; k < 3; k++)
        if (isfinite (v[k]))
          {
            lo = isnan (lo) ? v[k] : MIN (lo, v[k]);
            hi = isnan (hi) ? v[k] : MAX (hi, v[k]);
          }
    }
  if (!isnan (self->threshold) && !isnan (hi))
    {
      lo = MIN (lo, self->threshold);
      hi = MAX (hi, self->threshold);
    }
  for (guint c = 0; c < self->n_categories; c++)
    widest = MAX (widest, limn_chart_text_width (widget, self->categories[c], FALSE));
  g->label_w = MIN (widest, width * 0.35);

  top = header_height (self);
  g->plot = GRAPHENE_RECT_INIT (g->label_w + 2 * LIMN_CHART_GAP, top, 0,
                                MAX (1, height - top - text_h - LIMN_CHART_GAP - 2));
  g->plot.size.width = MAX (1, width - g->plot.origin.x - 16);
  limn_chart_axis_init (&g->axis, self->format, lo, hi, TRUE, g->plot.size.width, 80);
  /* Groups share what height there is, up to their natural height. */
  g->group_h = self->n_categories > 0 ? g->plot.size.height / self->n_categories : 0;
  scale = MIN (1, g->group_h / group_height (self));
  g->bar_h = BAR_HEIGHT * scale;
}

static double
x_of (const Geometry *g,
      double          value)
{
  return g->plot.origin.x + g->plot.size.width * limn_chart_axis_fraction (&g->axis, value);
}

static void
limn_bar_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  LimnBarChart *self = LIMN_BAR_CHART (widget);
  double text_h = limn_chart_text_height (widget, TRUE);
  g_autofree LimnChartLegendEntry *entries = NULL;
  LimnChartColors colors;
  double zero;
  Geometry g;

  if (limn_chart_is_empty (LIMN_CHART (self)))
    return;

  limn_chart_colors_lookup (widget, &colors);
  compute_geometry (self, &g);
  zero = x_of (&g, MAX (g.axis.min, MIN (0, g.axis.max)));

  if (self->n_series > 1)
    {
      entries = g_new0 (LimnChartLegendEntry, self->n_series);
      for (guint s = 0; s < self->n_series; s++)
        entries[s] = (LimnChartLegendEntry) { self->series[s], limn_chart_series_color (&colors, s), FALSE };
      limn_chart_draw_legend (snapshot, widget, entries, self->n_series, 0, 0,
                              gtk_widget_get_width (widget), &colors);
    }

  limn_chart_axis_draw_x (&g.axis, snapshot, widget, &g.plot, &colors);

  for (guint c = 0; c < self->n_categories; c++)
    {
      double group_y = g.plot.origin.y + c * g.group_h;
      double bars_h = self->n_series * (g.bar_h + BAR_GAP) - BAR_GAP;
      double y0 = group_y + (g.group_h - bars_h) / 2;

      limn_chart_draw_text_clipped (snapshot, widget, self->categories[c], FALSE, g.plot.origin.x - LIMN_CHART_GAP,
                                    group_y + g.group_h / 2, g.label_w, 1, 0.5, &colors.fg);

      for (guint s = 0; s < self->n_series; s++)
        {
          double v = value_at (self, c, s), x, y = y0 + s * (g.bar_h + BAR_GAP);
          GdkRGBA fill = limn_chart_series_color (&colors, s);
          g_autofree char *text = NULL;
          double tw, end;

          if (isnan (v))
            continue;
          x = x_of (&g, v);
          limn_chart_fill (snapshot, &fill, MIN (zero, x), y, MAX (fabs (x - zero), 1), g.bar_h);
          end = MAX (zero, x);

          if (has_interval (self, c, s))
            {
              gsize i = (gsize) c * self->n_series + s;
              double x1 = x_of (&g, self->low[i]), x2 = x_of (&g, self->high[i]), ym = y + g.bar_h / 2;
              GdkRGBA whisker = limn_chart_rgba_alpha (&colors.fg, 0.7);

              limn_chart_line (snapshot, &whisker, 1.5, 0, x1, ym, x2, ym);
              limn_chart_line (snapshot, &whisker, 1.5, 0, x1, y + 2, x1, y + g.bar_h - 2);
              limn_chart_line (snapshot, &whisker, 1.5, 0, x2, y + 2, x2, y + g.bar_h - 2);
              end = MAX (end, x2);
            }

          /* The value after the bar when it fits, else inside it. */
          if (g.bar_h + 2 < text_h * 0.8)
            continue;
          text = limn_chart_format_value (self->format, v);
          tw = limn_chart_text_width (widget, text, TRUE);
          if (end + 4 + tw <= gtk_widget_get_width (widget))
            limn_chart_draw_text (snapshot, widget, text, TRUE, end + 4, y + g.bar_h / 2, 0, 0.5, &colors.fg);
          else if (tw + 8 <= fabs (x - zero))
            limn_chart_draw_text (snapshot, widget, text, TRUE, MAX (zero, x) - 4, y + g.bar_h / 2, 1, 0.5,
                                  s == 0 ? &colors.on_accent : &colors.fg);
        }
    }

  if (!isnan (self->threshold))
    {
      double x = round (x_of (&g, self->threshold)) + 0.5;
      g_autofree char *value = limn_chart_format_value (self->format, self->threshold);
      g_autofree char *label = g_strdup_printf (_("Threshold %s"), value);
      double w = limn_chart_text_width (widget, label, TRUE);

      limn_chart_line (snapshot, &colors.warning, 1.5, 6, x, g.plot.origin.y - 2, x, g.plot.origin.y + g.plot.size.height);
      limn_chart_draw_text (snapshot, widget, label, TRUE,
                            CLAMP (x - w / 2, 0, gtk_widget_get_width (widget) - w),
                            g.plot.origin.y - 2, 0, 1, &colors.warning);
    }

  limn_chart_axis_clear (&g.axis);
}

static void
limn_bar_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  LimnBarChart *self = LIMN_BAR_CHART (widget);
  double text_h = limn_chart_text_height (widget, TRUE);

  (void) for_size;
  (void) minimum_baseline;
  (void) natural_baseline;
  limn_chart_measure (orientation, minimum, natural,
                      (int) (header_height (self) + self->n_categories * group_height (self) +
                             text_h + LIMN_CHART_GAP + 2));
  /* At the minimum too, bars tall enough for their value labels. */
  if (orientation == GTK_ORIENTATION_VERTICAL)
    *minimum = MAX (*minimum, *natural);
}

static char *
limn_bar_chart_tooltip_at (LimnChart *chart,
                           double     x,
                           double     y)
{
  LimnBarChart *self = LIMN_BAR_CHART (chart);
  GString *text;
  Geometry g;
  int c;

  (void) x;
  if (limn_chart_is_empty (LIMN_CHART (self)))
    return NULL;
  compute_geometry (self, &g);
  limn_chart_axis_clear (&g.axis);
  if (g.group_h <= 0)
    return NULL;
  c = (int) floor ((y - g.plot.origin.y) / g.group_h);
  if (c < 0 || (guint) c >= self->n_categories)
    return NULL;

  text = g_string_new (self->categories[c]);
  for (guint s = 0; s < self->n_series; s++)
    {
      g_autofree char *value = format_cell (self, c, s);

      g_string_append_c (text, '\n');
      if (self->n_series > 1)
        g_string_append_printf (text, "%s: %s", self->series[s], value);
      else
        g_string_append (text, value);
    }
  return g_string_free (text, FALSE);
}

static void
clear_data (LimnBarChart *self)
{
  g_clear_pointer (&self->categories, g_strfreev);
  g_clear_pointer (&self->series, g_strfreev);
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->low, g_free);
  g_clear_pointer (&self->high, g_free);
}

static void
limn_bar_chart_finalize (GObject *object)
{
  clear_data (LIMN_BAR_CHART (object));
  G_OBJECT_CLASS (limn_bar_chart_parent_class)->finalize (object);
}

static void
limn_bar_chart_class_init (LimnBarChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = limn_bar_chart_finalize;
  limn_chart_class_set_draw (widget_class, limn_bar_chart_snapshot);
  widget_class->measure = limn_bar_chart_measure;
  widget_class->query_tooltip = limn_chart_query_tooltip;
  gtk_widget_class_set_css_name (widget_class, "limnbarchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
limn_bar_chart_init (LimnBarChart *self)
{
  self->categories = g_new0 (char *, 1);
  self->series = g_new0 (char *, 1);
  self->threshold = NAN;
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "chart");
}

LimnBarChart *
limn_bar_chart_new (void)
{
  return g_object_new (LIMN_TYPE_BAR_CHART, NULL);
}

void
limn_bar_chart_set_format (LimnBarChart    *self,
                           LimnChartFormat  format)
{
  g_return_if_fail (LIMN_IS_BAR_CHART (self));

  self->format = format;
  limn_chart_changed (LIMN_CHART (self));
}

static GStrv
copy_names (const char * const *names,
            gsize               n)
{
  GStrv copy = g_new0 (char *, n + 1);

  for (gsize i = 0; i < n; i++)
    copy[i] = g_strdup (names && names[i] ? names[i] : "");
  return copy;
}

void
limn_bar_chart_set_data (LimnBarChart       *self,
                         const char * const *categories,
                         gsize               n_categories,
                         const char * const *series,
                         gsize               n_series,
                         const double       *values,
                         const double       *low,
                         const double       *high)
{
  gsize n = n_categories * n_series;

  g_return_if_fail (LIMN_IS_BAR_CHART (self));
  g_return_if_fail (values != NULL || n == 0);

  clear_data (self);
  self->categories = copy_names (categories, n_categories);
  self->series = copy_names (series, n_series);
  self->n_categories = n_categories;
  self->n_series = n_series;
  self->values = g_new (double, MAX (n, 1));
  if (n > 0)
    memcpy (self->values, values, n * sizeof (double));
  if (low != NULL && high != NULL && n > 0)
    {
      self->low = g_memdup2 (low, n * sizeof (double));
      self->high = g_memdup2 (high, n * sizeof (double));
    }
  limn_chart_changed (LIMN_CHART (self));
}

void
limn_bar_chart_set_threshold (LimnBarChart *self,
                              double        value)
{
  g_return_if_fail (LIMN_IS_BAR_CHART (self));

  self->threshold = isfinite (value) ? value : NAN;
  limn_chart_changed (LIMN_CHART (self));
}
