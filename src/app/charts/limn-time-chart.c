/* limn-time-chart.c
 *
 * Values over time. Points are periods (weeks, days) drawn at even
 * spacing in the order given by time: from the left, or from the right in
 * a right-to-left locale (the chart mirrors, limn-chart-draw.c), as the
 * issue's Arabic users read a timeline. A NaN value is a gap in the line,
 * never a zero; projected points continue the line dashed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "limn-chart-private.h"
#include "limn-time-chart.h"

struct _LimnTimeChart
{
  GtkWidget        parent_instance;

  LimnChartFormat  format;
  char            *period;
  GArray          *points;    /* LimnTimePoint, sorted by time */
  double           threshold;
  gboolean         bars;
};

static void limn_time_chart_chart_init (LimnChartInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LimnTimeChart, limn_time_chart, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LIMN_TYPE_CHART, limn_time_chart_chart_init))

static const LimnTimePoint *
point_at (LimnTimeChart *self,
          guint          i)
{
  return &g_array_index (self->points, LimnTimePoint, i);
}

static gboolean
limn_time_chart_is_empty (LimnChart *chart)
{
  LimnTimeChart *self = LIMN_TIME_CHART (chart);

  for (guint i = 0; i < self->points->len; i++)
    if (!isnan (point_at (self, i)->value))
      return FALSE;
  return TRUE;
}

static char *
period_label (LimnTimeChart       *self,
              const LimnTimePoint *p)
{
  g_autofree char *date = limn_chart_format_date (p->time_us);

  (void) self;
  if (p->projected)
    /* Translators: a period in a chart's table that is a forecast. */
    return g_strdup_printf (_("%s (forecast)"), date);
  return g_steal_pointer (&date);
}

static char *
limn_time_chart_describe (LimnChart *chart)
{
  LimnTimeChart *self = LIMN_TIME_CHART (chart);
  const LimnTimePoint *first = NULL, *last = NULL, *lowest = NULL, *highest = NULL, *last_projected = NULL;
  guint n_real = 0, n_gaps = 0, n_below = 0;
  GString *text;

  for (guint i = 0; i < self->points->len; i++)
    {
      const LimnTimePoint *p = point_at (self, i);

      if (p->projected)
        {
          if (!isnan (p->value))
            last_projected = p;
          continue;
        }
      n_real++;
      if (isnan (p->value))
        {
          n_gaps++;
          continue;
        }
      if (first == NULL)
        first = p;
      last = p;
      if (lowest == NULL || p->value < lowest->value)
        lowest = p;
      if (highest == NULL || p->value > highest->value)
        highest = p;
      if (!isnan (self->threshold) && p->value < self->threshold)
        n_below++;
    }

  if (first == NULL && last_projected == NULL)
    return g_strdup (_("No data yet."));

  text = g_string_new (NULL);
  if (first != NULL)
    {
      g_autofree char *from_date = limn_chart_format_date (first->time_us);
      g_autofree char *to_date = limn_chart_format_date (last->time_us);
      g_autofree char *from = limn_chart_format_value (self->format, first->value);
      g_autofree char *latest = limn_chart_format_interval (self->format, last->value, last->low, last->high);
      g_autofree char *low = limn_chart_format_value (self->format, lowest->value);
      g_autofree char *high = limn_chart_format_value (self->format, highest->value);

      /* Translators: the text alternative of a chart over time: number of
       * periods, first and last date, first value, latest value with its
       * interval, lowest and highest value. */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "%u period from %s to %s: from %s to %s, lowest %s, highest %s.",
                                                 "%u periods from %s to %s: from %s to %s, lowest %s, highest %s.",
                                                 n_real),
                              n_real, from_date, to_date, from, latest, low, high);
      if (n_gaps > 0)
        {
          g_string_append_c (text, ' ');
          g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                     "%u period without data.",
                                                     "%u periods without data.", n_gaps),
                                  n_gaps);
        }
    }
  if (!isnan (self->threshold) && first != NULL)
    {
      g_autofree char *threshold = limn_chart_format_value (self->format, self->threshold);

      g_string_append_c (text, ' ');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "Threshold %s, %u period below it.",
                                                 "Threshold %s, %u periods below it.", n_below),
                              threshold, n_below);
    }
  if (last_projected != NULL)
    {
      g_autofree char *date = limn_chart_format_date (last_projected->time_us);
      g_autofree char *value = limn_chart_format_interval (self->format, last_projected->value,
                                                           last_projected->low, last_projected->high);

      if (text->len > 0)
        g_string_append_c (text, ' ');
      /* Translators: the last forecast point of a chart, date and value. */
      g_string_append_printf (text, _("Forecast for %s: %s."), date, value);
    }
  return g_string_free (text, FALSE);
}

static GStrv
limn_time_chart_get_columns (LimnChart *chart)
{
  LimnTimeChart *self = LIMN_TIME_CHART (chart);

  return limn_chart_row (g_strdup (self->period ? self->period : _("Period")),
                         g_strdup (_("Value")),
                         g_strdup (_("Interval")),
                         g_strdup (_("Observations")),
                         NULL);
}

static GPtrArray *
limn_time_chart_get_rows (LimnChart *chart)
{
  LimnTimeChart *self = LIMN_TIME_CHART (chart);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; i < self->points->len; i++)
    {
      const LimnTimePoint *p = point_at (self, i);
      char *interval;

      if (isnan (p->value) || isnan (p->low) || isnan (p->high))
        interval = g_strdup ("—");
      else
        {
          g_autofree char *low = limn_chart_format_value (self->format, p->low);
          g_autofree char *high = limn_chart_format_value (self->format, p->high);

          interval = g_strdup_printf ("%s–%s", low, high);
        }
      g_ptr_array_add (rows, limn_chart_row (period_label (self, p),
                                             limn_chart_format_value (self->format, p->value),
                                             interval,
                                             limn_chart_format_value (LIMN_CHART_FORMAT_COUNT, p->n),
                                             NULL));
    }
  return rows;
}

static char *limn_time_chart_tooltip_at (LimnChart *chart, double x, double y);

static void
limn_time_chart_chart_init (LimnChartInterface *iface)
{
  iface->is_empty = limn_time_chart_is_empty;
  iface->describe = limn_time_chart_describe;
  iface->get_columns = limn_time_chart_get_columns;
  iface->get_rows = limn_time_chart_get_rows;
  iface->tooltip_at = limn_time_chart_tooltip_at;
}

/* Layout shared by drawing and tooltips. */
typedef struct {
  graphene_rect_t plot;
  LimnChartAxis   axis;
  double          slot;   /* width per period */
  gboolean        legend;
} Geometry;

static gboolean
has_projected (LimnTimeChart *self)
{
  for (guint i = 0; i < self->points->len; i++)
    if (point_at (self, i)->projected && !isnan (point_at (self, i)->value))
      return TRUE;
  return FALSE;
}

static void
compute_geometry (LimnTimeChart *self,
                  Geometry      *g)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  double lo = NAN, hi = NAN, text_h = limn_chart_text_height (widget, TRUE), top = 4, left;

  for (guint i = 0; i < self->points->len; i++)
    {
      const LimnTimePoint *p = point_at (self, i);
      double values[3] = { p->value, p->low, p->high };

      if (isnan (p->value))
        continue;
      for (guint k = 0; k < 3; k++)
        if (isfinite (values[k]))
          {
            lo = isnan (lo) ? values[k] : MIN (lo, values[k]);
            hi = isnan (hi) ? values[k] : MAX (hi, values[k]);
          }
    }
  if (!isnan (self->threshold) && !isnan (lo))
    {
      lo = MIN (lo, self->threshold);
      hi = MAX (hi, self->threshold);
    }

  g->legend = has_projected (self);
  if (g->legend)
    top += limn_chart_legend_height (widget);

  limn_chart_axis_init (&g->axis, self->format, lo, hi,
                        self->bars || self->format == LIMN_CHART_FORMAT_COUNT,
                        height - top - text_h - LIMN_CHART_GAP, 32);
  left = limn_chart_axis_label_width (&g->axis, widget) + LIMN_CHART_GAP + 2;
  g->plot = GRAPHENE_RECT_INIT (left, top + text_h / 2,
                                MAX (1, width - left - 8),
                                MAX (1, height - top - text_h / 2 - text_h - LIMN_CHART_GAP - 2));
  g->slot = self->points->len > 0 ? g->plot.size.width / self->points->len : g->plot.size.width;
}

static double
x_of (const Geometry *g,
      guint           i)
{
  return g->plot.origin.x + (i + 0.5) * g->slot;
}

static double
y_of (const Geometry *g,
      double          value)
{
  return g->plot.origin.y + g->plot.size.height * (1 - limn_chart_axis_fraction (&g->axis, value));
}

static void
draw_x_labels (LimnTimeChart         *self,
               GtkSnapshot           *snapshot,
               const Geometry        *g,
               const LimnChartColors *colors)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double widest = 0, bottom = g->plot.origin.y + g->plot.size.height;
  guint every;

  for (guint i = 0; i < self->points->len; i++)
    {
      g_autofree char *date = limn_chart_format_date (point_at (self, i)->time_us);

      widest = MAX (widest, limn_chart_text_width (widget, date, TRUE));
    }
  /* Every k-th label so that they never overlap. */
  every = (guint) MAX (1, ceil ((widest + 12) / MAX (g->slot, 1)));
  for (guint i = 0; i < self->points->len; i += every)
    {
      g_autofree char *date = limn_chart_format_date (point_at (self, i)->time_us);
      double x = x_of (g, i), w = limn_chart_text_width (widget, date, TRUE);

      /* Keep the first and last labels inside the widget. */
      x = CLAMP (x, w / 2, gtk_widget_get_width (widget) - w / 2);
      limn_chart_draw_text (snapshot, widget, date, TRUE, x, bottom + LIMN_CHART_GAP, 0.5, 0, &colors->dim);
    }
}

static void
draw_band (LimnTimeChart         *self,
           GtkSnapshot           *snapshot,
           const Geometry        *g,
           const LimnChartColors *colors,
           guint                  start,
           guint                  end)
{
  GdkRGBA band = limn_chart_rgba_alpha (&colors->accent_bg, colors->dark ? 0.32 : 0.2);
  cairo_t *cr;

  if (end - start == 1)
    {
      /* A lone point: whiskers, since a band needs two. */
      const LimnTimePoint *p = point_at (self, start);
      double x = x_of (g, start);
      GdkRGBA whisker = limn_chart_rgba_alpha (&colors->accent, 0.6);

      limn_chart_line (snapshot, &whisker, 2, 0, x, y_of (g, p->low), x, y_of (g, p->high));
      limn_chart_line (snapshot, &whisker, 2, 0, x - 4, y_of (g, p->low), x + 4, y_of (g, p->low));
      limn_chart_line (snapshot, &whisker, 2, 0, x - 4, y_of (g, p->high), x + 4, y_of (g, p->high));
      return;
    }

  cr = gtk_snapshot_append_cairo (snapshot, &g->plot);
  gdk_cairo_set_source_rgba (cr, &band);
  for (guint i = start; i < end; i++)
    {
      const LimnTimePoint *p = point_at (self, i);

      if (i == start)
        cairo_move_to (cr, x_of (g, i), y_of (g, p->high));
      else
        cairo_line_to (cr, x_of (g, i), y_of (g, p->high));
    }
  for (guint i = end; i-- > start;)
    cairo_line_to (cr, x_of (g, i), y_of (g, point_at (self, i)->low));
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_destroy (cr);
}

static gboolean
has_interval (const LimnTimePoint *p)
{
  return !isnan (p->value) && !isnan (p->low) && !isnan (p->high);
}

static void
draw_line (LimnTimeChart         *self,
           GtkSnapshot           *snapshot,
           const Geometry        *g,
           const LimnChartColors *colors)
{
  guint n = self->points->len, run_start = 0;
  gboolean in_run = FALSE;
  cairo_t *cr;
  double dash[2] = { 5, 4 };
  int prev = -1;

  /* Intervals: a band over each run of consecutive points that have one. */
  for (guint i = 0; i <= n; i++)
    {
      gboolean has = i < n && has_interval (point_at (self, i));

      if (has && !in_run)
        run_start = i, in_run = TRUE;
      else if (!has && in_run)
        {
          draw_band (self, snapshot, g, colors, run_start, i);
          in_run = FALSE;
        }
    }

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (g->plot.origin.x - 4, g->plot.origin.y - 4,
                                                                 g->plot.size.width + 8, g->plot.size.height + 8));
  cairo_set_line_width (cr, 2.5);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  gdk_cairo_set_source_rgba (cr, &colors->accent);
  /* Real points: segments between neighbours; a gap breaks the line. */
  for (guint i = 0; i < n; i++)
    {
      const LimnTimePoint *p = point_at (self, i);

      if (isnan (p->value) || p->projected)
        {
          if (!p->projected)
            prev = -1;
          continue;
        }
      if (prev >= 0 && (guint) prev == i - 1)
        {
          cairo_move_to (cr, x_of (g, prev), y_of (g, point_at (self, prev)->value));
          cairo_line_to (cr, x_of (g, i), y_of (g, p->value));
        }
      prev = i;
    }
  cairo_stroke (cr);
  /* Forecast: dashed, from the last real point on. */
  cairo_set_dash (cr, dash, 2, 0);
  prev = -1;
  for (guint i = 0; i < n; i++)
    {
      const LimnTimePoint *p = point_at (self, i);

      if (isnan (p->value))
        {
          prev = -1;
          continue;
        }
      if (p->projected && prev >= 0)
        {
          cairo_move_to (cr, x_of (g, prev), y_of (g, point_at (self, prev)->value));
          cairo_line_to (cr, x_of (g, i), y_of (g, p->value));
        }
      prev = i;
    }
  cairo_stroke (cr);
  cairo_destroy (cr);

  for (guint i = 0; i < n; i++)
    {
      const LimnTimePoint *p = point_at (self, i);
      gboolean isolated;

      if (isnan (p->value))
        continue;
      isolated = (i == 0 || isnan (point_at (self, i - 1)->value)) &&
                 (i + 1 == n || isnan (point_at (self, i + 1)->value));
      if (p->projected)
        limn_chart_dot (snapshot, &colors->card_bg, &colors->accent, x_of (g, i), y_of (g, p->value), 2.5);
      else
        limn_chart_dot (snapshot, &colors->accent, &colors->card_bg, x_of (g, i), y_of (g, p->value),
                        isolated || n <= 16 ? 3.5 : 2.5);
    }
}

static void
draw_bars (LimnTimeChart         *self,
           GtkSnapshot           *snapshot,
           const Geometry        *g,
           const LimnChartColors *colors)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double bar_w = MAX (1, MIN (g->slot * 0.7, 48));
  double base = y_of (g, MAX (g->axis.min, 0));

  for (guint i = 0; i < self->points->len; i++)
    {
      const LimnTimePoint *p = point_at (self, i);
      double x = x_of (g, i), y;

      if (isnan (p->value))
        continue;
      y = y_of (g, p->value);
      if (p->projected)
        {
          /* A forecast bar: outlined and dashed, not filled. */
          GdkRGBA fill = limn_chart_rgba_alpha (&colors->accent_bg, 0.15);

          limn_chart_fill (snapshot, &fill, x - bar_w / 2, y, bar_w, base - y);
          limn_chart_line (snapshot, &colors->accent, 1.5, 4, x - bar_w / 2 + 0.75, base, x - bar_w / 2 + 0.75, y + 0.75);
          limn_chart_line (snapshot, &colors->accent, 1.5, 4, x - bar_w / 2 + 0.75, y + 0.75, x + bar_w / 2 - 0.75, y + 0.75);
          limn_chart_line (snapshot, &colors->accent, 1.5, 4, x + bar_w / 2 - 0.75, y + 0.75, x + bar_w / 2 - 0.75, base);
        }
      else
        limn_chart_fill (snapshot, &colors->accent_bg, x - bar_w / 2, y, bar_w, base - y);

      if (has_interval (p))
        {
          GdkRGBA whisker = limn_chart_rgba_alpha (&colors->fg, 0.6);
          double y1 = y_of (g, p->low), y2 = y_of (g, p->high);

          limn_chart_line (snapshot, &whisker, 1.5, 0, x, y1, x, y2);
          limn_chart_line (snapshot, &whisker, 1.5, 0, x - 4, y1, x + 4, y1);
          limn_chart_line (snapshot, &whisker, 1.5, 0, x - 4, y2, x + 4, y2);
        }
      else
        {
          /* The value over the bar when it fits. */
          g_autofree char *text = limn_chart_format_value (self->format, p->value);
          double tw = limn_chart_text_width (widget, text, TRUE);
          double th = limn_chart_text_height (widget, TRUE);

          if (tw + 4 <= g->slot && y - th - 2 >= g->plot.origin.y - th / 2)
            limn_chart_draw_text (snapshot, widget, text, TRUE, x, y - 2, 0.5, 1, &colors->dim);
        }
    }
}

static void
draw_threshold (LimnTimeChart         *self,
                GtkSnapshot           *snapshot,
                const Geometry        *g,
                const LimnChartColors *colors)
{
  g_autofree char *value = NULL;
  g_autofree char *label = NULL;
  double y;

  if (isnan (self->threshold))
    return;
  y = round (y_of (g, self->threshold)) + 0.5;
  limn_chart_line (snapshot, &colors->warning, 1.5, 6, g->plot.origin.x, y,
                   g->plot.origin.x + g->plot.size.width, y);
  value = limn_chart_format_value (self->format, self->threshold);
  /* Translators: the label of a threshold line on a chart. */
  label = g_strdup_printf (_("Threshold %s"), value);
  limn_chart_draw_text (snapshot, GTK_WIDGET (self), label, TRUE,
                        g->plot.origin.x + g->plot.size.width - 2, y - 2, 1, 1, &colors->warning);
}

static void
limn_time_chart_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  LimnTimeChart *self = LIMN_TIME_CHART (widget);
  LimnChartColors colors;
  Geometry g;

  if (limn_chart_is_empty (LIMN_CHART (self)))
    return;

  limn_chart_colors_lookup (widget, &colors);
  compute_geometry (self, &g);

  if (g.legend)
    {
      LimnChartLegendEntry entries[2] = {
        { _("Actual"), self->bars ? colors.accent_bg : colors.accent, FALSE },
        { _("Forecast"), colors.accent, TRUE },
      };

      limn_chart_draw_legend (snapshot, widget, entries, 2, g.plot.origin.x, 0,
                              g.plot.size.width, &colors);
    }
  limn_chart_axis_draw_y (&g.axis, snapshot, widget, &g.plot, &colors);
  draw_x_labels (self, snapshot, &g, &colors);
  if (self->bars)
    draw_bars (self, snapshot, &g, &colors);
  else
    draw_line (self, snapshot, &g, &colors);
  draw_threshold (self, snapshot, &g, &colors);

  limn_chart_axis_clear (&g.axis);
}

static void
limn_time_chart_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  (void) widget;
  (void) for_size;
  (void) minimum_baseline;
  (void) natural_baseline;
  limn_chart_measure (orientation, minimum, natural, 220);
}

static char *
limn_time_chart_tooltip_at (LimnChart *chart,
                            double     x,
                            double     y)
{
  LimnTimeChart *self = LIMN_TIME_CHART (chart);
  const LimnTimePoint *p;
  g_autofree char *date = NULL;
  g_autofree char *value = NULL;
  g_autofree char *n = NULL;
  g_autofree char *text = NULL;
  Geometry g;
  int i;

  (void) y;
  if (self->points->len == 0 || limn_chart_is_empty (LIMN_CHART (self)))
    return NULL;

  compute_geometry (self, &g);
  limn_chart_axis_clear (&g.axis);
  i = (int) floor ((x - g.plot.origin.x) / g.slot);
  if (i < 0 || (guint) i >= self->points->len)
    return NULL;

  p = point_at (self, i);
  date = period_label (self, p);
  value = limn_chart_format_interval (self->format, p->value, p->low, p->high);
  if (isnan (p->value))
    text = g_strdup_printf ("%s\n%s", date, _("No data"));
  else if (p->projected)
    text = g_strdup_printf ("%s\n%s", date, value);
  else
    {
      n = limn_chart_format_value (LIMN_CHART_FORMAT_COUNT, p->n);
      /* Translators: a chart tooltip: date, value (interval), number of
       * observations behind it. */
      text = g_strdup_printf (_("%s\n%s, n = %s"), date, value, n);
    }
  return g_steal_pointer (&text);
}

static void
limn_time_chart_finalize (GObject *object)
{
  LimnTimeChart *self = LIMN_TIME_CHART (object);

  g_clear_pointer (&self->points, g_array_unref);
  g_clear_pointer (&self->period, g_free);
  G_OBJECT_CLASS (limn_time_chart_parent_class)->finalize (object);
}

static void
limn_time_chart_class_init (LimnTimeChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = limn_time_chart_finalize;
  limn_chart_class_set_draw (widget_class, limn_time_chart_snapshot);
  widget_class->measure = limn_time_chart_measure;
  widget_class->query_tooltip = limn_chart_query_tooltip;
  gtk_widget_class_set_css_name (widget_class, "limntimechart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
limn_time_chart_init (LimnTimeChart *self)
{
  self->points = g_array_new (FALSE, FALSE, sizeof (LimnTimePoint));
  self->threshold = NAN;
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "chart");
}

LimnTimeChart *
limn_time_chart_new (void)
{
  return g_object_new (LIMN_TYPE_TIME_CHART, NULL);
}

void
limn_time_chart_set_format (LimnTimeChart   *self,
                            LimnChartFormat  format)
{
  g_return_if_fail (LIMN_IS_TIME_CHART (self));

  self->format = format;
  limn_chart_changed (LIMN_CHART (self));
}

void
limn_time_chart_set_period (LimnTimeChart *self,
                            const char    *period_name)
{
  g_return_if_fail (LIMN_IS_TIME_CHART (self));

  g_free (self->period);
  self->period = g_strdup (period_name);
  limn_chart_changed (LIMN_CHART (self));
}

static int
compare_points (gconstpointer a,
                gconstpointer b)
{
  const LimnTimePoint *pa = a, *pb = b;

  return pa->time_us < pb->time_us ? -1 : pa->time_us > pb->time_us;
}

void
limn_time_chart_set_points (LimnTimeChart       *self,
                            const LimnTimePoint *points,
                            gsize                n)
{
  g_return_if_fail (LIMN_IS_TIME_CHART (self));
  g_return_if_fail (points != NULL || n == 0);

  g_array_set_size (self->points, 0);
  if (n > 0)
    g_array_append_vals (self->points, points, n);
  /* Time runs left to right whatever order the caller used; a stable sort
   * keeps equal times in the caller's order. */
  g_array_sort (self->points, compare_points);
  for (guint i = 0; i < self->points->len; i++)
    {
      LimnTimePoint *p = &g_array_index (self->points, LimnTimePoint, i);

      /* An interval that does not hold its value is not drawn. */
      if (!isnan (p->low) && !isnan (p->high) && p->low > p->high)
        p->low = p->high = NAN;
    }
  limn_chart_changed (LIMN_CHART (self));
}

void
limn_time_chart_set_threshold (LimnTimeChart *self,
                               double         value)
{
  g_return_if_fail (LIMN_IS_TIME_CHART (self));

  self->threshold = isfinite (value) ? value : NAN;
  limn_chart_changed (LIMN_CHART (self));
}

void
limn_time_chart_set_bars (LimnTimeChart *self,
                          gboolean       bars)
{
  g_return_if_fail (LIMN_IS_TIME_CHART (self));

  self->bars = !!bars;
  limn_chart_changed (LIMN_CHART (self));
}
