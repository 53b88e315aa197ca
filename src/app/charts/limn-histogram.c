/* limn-histogram.c
 *
 * Counts over bins (time per task), with the median and 90th percentile
 * as labelled rules. The x axis is the bin index, not the value, so that
 * a long last bin ("over 10 min") does not squash the others.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "limn-chart-private.h"
#include "limn-histogram.h"

struct _LimnHistogram
{
  GtkWidget        parent_instance;

  LimnChartFormat  format;
  GArray          *edges;   /* double, n_bins + 1 */
  GArray          *counts;  /* guint64 */
  double           median;
  double           p90;
};

static void limn_histogram_chart_init (LimnChartInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LimnHistogram, limn_histogram, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LIMN_TYPE_CHART, limn_histogram_chart_init))

static guint64
count_at (LimnHistogram *self,
          guint          i)
{
  return g_array_index (self->counts, guint64, i);
}

static double
edge_at (LimnHistogram *self,
         guint          i)
{
  return g_array_index (self->edges, double, i);
}

static guint64
total (LimnHistogram *self)
{
  guint64 sum = 0;

  for (guint i = 0; i < self->counts->len; i++)
    sum += count_at (self, i);
  return sum;
}

static gboolean
limn_histogram_is_empty (LimnChart *chart)
{
  return total (LIMN_HISTOGRAM (chart)) == 0;
}

static char *
bin_label (LimnHistogram *self,
           guint          i)
{
  g_autofree char *from = limn_chart_format_value (self->format, edge_at (self, i));
  g_autofree char *to = limn_chart_format_value (self->format, edge_at (self, i + 1));

  return g_strdup_printf ("%s–%s", from, to);
}

static char *
limn_histogram_describe (LimnChart *chart)
{
  LimnHistogram *self = LIMN_HISTOGRAM (chart);
  guint64 sum = total (self);
  guint peak = 0;
  g_autofree char *sum_text = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *peak_range = NULL;
  g_autofree char *peak_count = NULL;
  GString *text;

  if (sum == 0)
    return g_strdup (_("No data yet."));

  for (guint i = 1; i < self->counts->len; i++)
    if (count_at (self, i) > count_at (self, peak))
      peak = i;

  sum_text = limn_chart_format_value (LIMN_CHART_FORMAT_COUNT, (double) sum);
  from = limn_chart_format_value (self->format, edge_at (self, 0));
  to = limn_chart_format_value (self->format, edge_at (self, self->counts->len));
  peak_range = bin_label (self, peak);
  peak_count = limn_chart_format_value (LIMN_CHART_FORMAT_COUNT, (double) count_at (self, peak));
  text = g_string_new (NULL);
  /* Translators: the text alternative of a histogram: total count, number
   * of bins, first and last edge, the fullest bin and its count. */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                             "%s in %u bin from %s to %s; most in %s (%s).",
                                             "%s in %u bins from %s to %s; most in %s (%s).",
                                             self->counts->len),
                          sum_text, self->counts->len, from, to, peak_range, peak_count);
  if (!isnan (self->median))
    {
      g_autofree char *median = limn_chart_format_value (self->format, self->median);

      g_string_append_c (text, ' ');
      g_string_append_printf (text, _("Median %s."), median);
    }
  if (!isnan (self->p90))
    {
      g_autofree char *p90 = limn_chart_format_value (self->format, self->p90);

      g_string_append_c (text, ' ');
      g_string_append_printf (text, _("90th percentile %s."), p90);
    }
  return g_string_free (text, FALSE);
}

static GStrv
limn_histogram_get_columns (LimnChart *chart)
{
  (void) chart;
  return limn_chart_row (g_strdup (_("From")), g_strdup (_("To")), g_strdup (_("Count")), NULL);
}

static GPtrArray *
limn_histogram_get_rows (LimnChart *chart)
{
  LimnHistogram *self = LIMN_HISTOGRAM (chart);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; i < self->counts->len; i++)
    g_ptr_array_add (rows, limn_chart_row (limn_chart_format_value (self->format, edge_at (self, i)),
                                           limn_chart_format_value (self->format, edge_at (self, i + 1)),
                                           limn_chart_format_value (LIMN_CHART_FORMAT_COUNT, (double) count_at (self, i)),
                                           NULL));
  return rows;
}

static char *limn_histogram_tooltip_at (LimnChart *chart, double x, double y);

static void
limn_histogram_chart_init (LimnChartInterface *iface)
{
  iface->is_empty = limn_histogram_is_empty;
  iface->describe = limn_histogram_describe;
  iface->get_columns = limn_histogram_get_columns;
  iface->get_rows = limn_histogram_get_rows;
  iface->tooltip_at = limn_histogram_tooltip_at;
}

typedef struct {
  graphene_rect_t plot;
  LimnChartAxis   axis;
  double          slot;
} Geometry;

static void
compute_geometry (LimnHistogram *self,
                  Geometry      *g)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  double text_h = limn_chart_text_height (widget, TRUE), hi = 0, left, top;
  guint n = self->counts->len;

  for (guint i = 0; i < n; i++)
    hi = MAX (hi, (double) count_at (self, i));
  /* Room above for the marker labels. */
  top = text_h + 4;
  limn_chart_axis_init (&g->axis, LIMN_CHART_FORMAT_COUNT, 0, hi, TRUE,
                        height - top - text_h - LIMN_CHART_GAP, 40);
  left = limn_chart_axis_label_width (&g->axis, widget) + LIMN_CHART_GAP + 2;
  g->plot = GRAPHENE_RECT_INIT (left, top, MAX (1, width - left - 8),
                                MAX (1, height - top - text_h - LIMN_CHART_GAP - 2));
  g->slot = n > 0 ? g->plot.size.width / n : g->plot.size.width;
}

/* Where @value falls on the bin-index axis (linear inside its bin). */
static double
x_of_value (LimnHistogram  *self,
            const Geometry *g,
            double          value)
{
  guint n = self->counts->len;

  for (guint i = 0; i < n; i++)
    {
      double a = edge_at (self, i), b = edge_at (self, i + 1);

      if (value <= b || i + 1 == n)
        {
          double f = b > a ? CLAMP ((value - a) / (b - a), 0, 1) : 0.5;

          if (i == 0 && value < a)
            f = 0;
          return g->plot.origin.x + (i + f) * g->slot;
        }
    }
  return g->plot.origin.x;
}

static double
draw_marker (LimnHistogram         *self,
             GtkSnapshot           *snapshot,
             const Geometry        *g,
             const LimnChartColors *colors,
             double                 value,
             const char            *name,
             double                 taken_until)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autofree char *v = limn_chart_format_value (self->format, value);
  g_autofree char *label = g_strdup_printf ("%s %s", name, v);
  double x = round (x_of_value (self, g, value)) + 0.5;
  double w = limn_chart_text_width (widget, label, TRUE);
  double lx = CLAMP (x - w / 2, 0, gtk_widget_get_width (widget) - w);

  limn_chart_line (snapshot, &colors->fg, 1.5, 4, x, g->plot.origin.y, x, g->plot.origin.y + g->plot.size.height);
  /* Labels side by side; a second one that would overlap moves right. */
  lx = MAX (lx, taken_until + 8);
  limn_chart_draw_text (snapshot, widget, label, TRUE, lx, 0, 0, 0, &colors->fg);
  return lx + w;
}

static void
limn_histogram_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  LimnHistogram *self = LIMN_HISTOGRAM (widget);
  double bottom, text_h = limn_chart_text_height (widget, TRUE), widest = 0, taken = -1000;
  LimnChartColors colors;
  guint n = self->counts->len, every;
  Geometry g;

  if (limn_chart_is_empty (LIMN_CHART (self)))
    return;

  limn_chart_colors_lookup (widget, &colors);
  compute_geometry (self, &g);
  bottom = g.plot.origin.y + g.plot.size.height;
  limn_chart_axis_draw_y (&g.axis, snapshot, widget, &g.plot, &colors);

  for (guint i = 0; i < n; i++)
    {
      double c = (double) count_at (self, i);
      double y = g.plot.origin.y + g.plot.size.height * (1 - limn_chart_axis_fraction (&g.axis, c));
      double x = g.plot.origin.x + i * g.slot;
      double gap = g.slot > 8 ? 2 : 0;

      if (c <= 0)
        continue;
      /* A count too small for a pixel at this scale still shows. */
      y = MIN (y, bottom - 1);
      limn_chart_fill (snapshot, &colors.accent_bg, x + gap / 2, y, g.slot - gap, bottom - y);
      {
        g_autofree char *text = limn_chart_format_value (LIMN_CHART_FORMAT_COUNT, c);
        double tw = limn_chart_text_width (widget, text, TRUE);

        /* The count inside the top of the bar when it fits, else above. */
        if (tw + 6 <= g.slot - gap && bottom - y >= text_h + 4)
          limn_chart_draw_text (snapshot, widget, text, TRUE, x + g.slot / 2, y + 2, 0.5, 0, &colors.on_accent);
        else if (tw + 4 <= g.slot && y - text_h >= g.plot.origin.y)
          limn_chart_draw_text (snapshot, widget, text, TRUE, x + g.slot / 2, y - 1, 0.5, 1, &colors.dim);
      }
    }

  /* Edge labels, every k-th so they never overlap. */
  for (guint i = 0; i <= n; i++)
    {
      g_autofree char *text = limn_chart_format_value (self->format, edge_at (self, i));

      widest = MAX (widest, limn_chart_text_width (widget, text, TRUE));
    }
  every = (guint) MAX (1, ceil ((widest + 10) / MAX (g.slot, 1)));
  for (guint i = 0; i <= n; i += every)
    {
      g_autofree char *text = limn_chart_format_value (self->format, edge_at (self, i));
      double x = g.plot.origin.x + i * g.slot, w = limn_chart_text_width (widget, text, TRUE);

      x = CLAMP (x, w / 2, gtk_widget_get_width (widget) - w / 2);
      limn_chart_draw_text (snapshot, widget, text, TRUE, x, bottom + LIMN_CHART_GAP, 0.5, 0, &colors.dim);
    }

  if (!isnan (self->median))
    taken = draw_marker (self, snapshot, &g, &colors, self->median, _("Median"), taken);
  if (!isnan (self->p90))
    draw_marker (self, snapshot, &g, &colors, self->p90, _("90th percentile"), taken);

  limn_chart_axis_clear (&g.axis);
}

static void
limn_histogram_measure (GtkWidget      *widget,
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
limn_histogram_tooltip_at (LimnChart *chart,
                           double     x,
                           double     y)
{
  LimnHistogram *self = LIMN_HISTOGRAM (chart);
  g_autofree char *range = NULL;
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;
  Geometry g;
  int i;

  (void) y;
  if (limn_chart_is_empty (LIMN_CHART (self)))
    return NULL;
  compute_geometry (self, &g);
  limn_chart_axis_clear (&g.axis);
  i = (int) floor ((x - g.plot.origin.x) / g.slot);
  if (i < 0 || (guint) i >= self->counts->len)
    return NULL;

  range = bin_label (self, i);
  count = limn_chart_format_value (LIMN_CHART_FORMAT_COUNT, (double) count_at (self, i));
  /* Translators: a histogram tooltip: the bin's range, then its count. */
  text = g_strdup_printf (_("%s\nn = %s"), range, count);
  return g_steal_pointer (&text);
}

static void
limn_histogram_finalize (GObject *object)
{
  LimnHistogram *self = LIMN_HISTOGRAM (object);

  g_clear_pointer (&self->edges, g_array_unref);
  g_clear_pointer (&self->counts, g_array_unref);
  G_OBJECT_CLASS (limn_histogram_parent_class)->finalize (object);
}

static void
limn_histogram_class_init (LimnHistogramClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = limn_histogram_finalize;
  limn_chart_class_set_draw (widget_class, limn_histogram_snapshot);
  widget_class->measure = limn_histogram_measure;
  widget_class->query_tooltip = limn_chart_query_tooltip;
  gtk_widget_class_set_css_name (widget_class, "limnhistogram");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
limn_histogram_init (LimnHistogram *self)
{
  self->format = LIMN_CHART_FORMAT_DURATION;
  self->edges = g_array_new (FALSE, FALSE, sizeof (double));
  self->counts = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->median = NAN;
  self->p90 = NAN;
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "chart");
}

LimnHistogram *
limn_histogram_new (void)
{
  return g_object_new (LIMN_TYPE_HISTOGRAM, NULL);
}

void
limn_histogram_set_format (LimnHistogram   *self,
                           LimnChartFormat  format)
{
  g_return_if_fail (LIMN_IS_HISTOGRAM (self));

  self->format = format;
  limn_chart_changed (LIMN_CHART (self));
}

void
limn_histogram_set_bins (LimnHistogram *self,
                         const double  *edges,
                         const guint64 *counts,
                         gsize          n_bins)
{
  g_return_if_fail (LIMN_IS_HISTOGRAM (self));
  g_return_if_fail (n_bins == 0 || (edges != NULL && counts != NULL));

  g_array_set_size (self->edges, 0);
  g_array_set_size (self->counts, 0);
  if (n_bins > 0)
    {
      g_array_append_vals (self->edges, edges, n_bins + 1);
      g_array_append_vals (self->counts, counts, n_bins);
    }
  limn_chart_changed (LIMN_CHART (self));
}

void
limn_histogram_set_markers (LimnHistogram *self,
                            double         median,
                            double         p90)
{
  g_return_if_fail (LIMN_IS_HISTOGRAM (self));

  self->median = isfinite (median) ? median : NAN;
  self->p90 = isfinite (p90) ? p90 : NAN;
  limn_chart_changed (LIMN_CHART (self));
}
