/* limn-reliability-diagram.c
 *
 * Confidence calibration: per confidence bin, the accuracy as a bar and
 * the mean stated confidence as a dot, against the dashed diagonal of
 * perfect calibration. Bars of bins with few items are paler: they say
 * less. Empty bins (n = 0) are left out, not drawn as zero.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "limn-chart-private.h"
#include "limn-reliability-diagram.h"

struct _LimnReliabilityDiagram
{
  GtkWidget  parent_instance;

  GArray    *bins;  /* LimnReliabilityBin */
  double     brier;
  double     ece;
};

static void limn_reliability_diagram_chart_init (LimnChartInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LimnReliabilityDiagram, limn_reliability_diagram, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LIMN_TYPE_CHART, limn_reliability_diagram_chart_init))

static const LimnReliabilityBin *
bin_at (LimnReliabilityDiagram *self,
        guint                   i)
{
  return &g_array_index (self->bins, LimnReliabilityBin, i);
}

static gboolean
bin_has_data (const LimnReliabilityBin *bin)
{
  return bin->n > 0 && !isnan (bin->accuracy);
}

static gboolean
limn_reliability_diagram_is_empty (LimnChart *chart)
{
  LimnReliabilityDiagram *self = LIMN_RELIABILITY_DIAGRAM (chart);

  for (guint i = 0; i < self->bins->len; i++)
    if (bin_has_data (bin_at (self, i)))
      return FALSE;
  return TRUE;
}

static char *
bin_range (LimnReliabilityDiagram *self,
           guint                   i)
{
  guint n = self->bins->len;
  g_autofree char *from = limn_chart_format_value (LIMN_CHART_FORMAT_PERCENT, (double) i / n);
  g_autofree char *to = limn_chart_format_value (LIMN_CHART_FORMAT_PERCENT, (double) (i + 1) / n);

  return g_strdup_printf ("%s–%s", from, to);
}

static char *
limn_reliability_diagram_describe (LimnChart *chart)
{
  LimnReliabilityDiagram *self = LIMN_RELIABILITY_DIAGRAM (chart);
  guint with_data = 0, over = 0, under = 0;
  guint64 items = 0;
  g_autofree char *items_text = NULL;
  g_autofree char *brier = NULL;
  g_autofree char *ece = NULL;
  GString *text;

  if (limn_chart_is_empty (chart))
    return g_strdup (_("No data yet."));

  for (guint i = 0; i < self->bins->len; i++)
    {
      const LimnReliabilityBin *b = bin_at (self, i);

      if (!bin_has_data (b))
        continue;
      with_data++;
      items += b->n;
      /* Off the diagonal by more than 5 points counts as miscalibrated. */
      if (!isnan (b->confidence_mean) && b->accuracy < b->confidence_mean - 0.05 - 1e-9)
        over++;
      else if (!isnan (b->confidence_mean) && b->accuracy > b->confidence_mean + 0.05 + 1e-9)
        under++;
    }

  items_text = limn_chart_format_value (LIMN_CHART_FORMAT_COUNT, (double) items);
  brier = limn_chart_format_value (LIMN_CHART_FORMAT_NUMBER, self->brier);
  ece = limn_chart_format_value (LIMN_CHART_FORMAT_PERCENT, self->ece);
  text = g_string_new (NULL);
  /* Translators: text alternative of a reliability diagram: items, Brier
   * score, expected calibration error ("—" when unknown). */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                             "%s item: Brier score %s, expected calibration error %s.",
                                             "%s items: Brier score %s, expected calibration error %s.",
                                             items),
                          items_text, brier, ece);
  g_string_append_c (text, ' ');
  /* Translators: bins where accuracy is below / above stated confidence. */
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                             "Of %u confidence bin with items, %u overconfident and %u underconfident.",
                                             "Of %u confidence bins with items, %u overconfident and %u underconfident.",
                                             with_data),
                          with_data, over, under);
  return g_string_free (text, FALSE);
}

static GStrv
limn_reliability_diagram_get_columns (LimnChart *chart)
{
  (void) chart;
  return limn_chart_row (g_strdup (_("Confidence")), g_strdup (_("Mean Confidence")),
                         g_strdup (_("Accuracy")), g_strdup (_("Items")), NULL);
}

static GPtrArray *
limn_reliability_diagram_get_rows (LimnChart *chart)
{
  LimnReliabilityDiagram *self = LIMN_RELIABILITY_DIAGRAM (chart);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint i = 0; i < self->bins->len; i++)
    {
      const LimnReliabilityBin *b = bin_at (self, i);
      gboolean has = b->n > 0;

      g_ptr_array_add (rows, limn_chart_row (bin_range (self, i),
                                             limn_chart_format_value (LIMN_CHART_FORMAT_PERCENT, has ? b->confidence_mean : NAN),
                                             limn_chart_format_value (LIMN_CHART_FORMAT_PERCENT, has ? b->accuracy : NAN),
                                             limn_chart_format_value (LIMN_CHART_FORMAT_COUNT, (double) b->n),
                                             NULL));
    }
  return rows;
}

static char *limn_reliability_diagram_tooltip_at (LimnChart *chart, double x, double y);

static void
limn_reliability_diagram_chart_init (LimnChartInterface *iface)
{
  iface->is_empty = limn_reliability_diagram_is_empty;
  iface->describe = limn_reliability_diagram_describe;
  iface->get_columns = limn_reliability_diagram_get_columns;
  iface->get_rows = limn_reliability_diagram_get_rows;
  iface->tooltip_at = limn_reliability_diagram_tooltip_at;
}

typedef struct {
  graphene_rect_t plot;
  LimnChartAxis   axis;    /* accuracy, up */
  LimnChartAxis   x_axis;  /* confidence, across */
} Geometry;

static void
compute_geometry (LimnReliabilityDiagram *self,
                  Geometry               *g)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  double text_h = limn_chart_text_height (widget, TRUE);
  double top = limn_chart_legend_height (widget) + 4, left, plot_h;

  limn_chart_axis_init (&g->axis, LIMN_CHART_FORMAT_PERCENT, 0, 1, TRUE,
                        height - top - 2 * text_h - 2 * LIMN_CHART_GAP, 36);
  left = limn_chart_axis_label_width (&g->axis, widget) + LIMN_CHART_GAP + 2;
  /* Bottom: tick labels and the axis title. */
  plot_h = MAX (1, height - top - 2 * text_h - 2 * LIMN_CHART_GAP - 2);
  g->plot = GRAPHENE_RECT_INIT (left, top, MAX (1, width - left - 12), plot_h);
  limn_chart_axis_init (&g->x_axis, LIMN_CHART_FORMAT_PERCENT, 0, 1, TRUE, g->plot.size.width, 70);
}

static void
clear_geometry (Geometry *g)
{
  limn_chart_axis_clear (&g->axis);
  limn_chart_axis_clear (&g->x_axis);
}

static double
px (const Geometry *g,
    double          v)
{
  return g->plot.origin.x + g->plot.size.width * CLAMP (v, 0, 1);
}

static double
py (const Geometry *g,
    double          v)
{
  return g->plot.origin.y + g->plot.size.height * (1 - CLAMP (v, 0, 1));
}

static void
limn_reliability_diagram_snapshot (GtkWidget   *widget,
                                   GtkSnapshot *snapshot)
{
  LimnReliabilityDiagram *self = LIMN_RELIABILITY_DIAGRAM (widget);
  guint n = self->bins->len;
  guint64 most = 1;
  LimnChartColors colors;
  double bottom, text_h = limn_chart_text_height (widget, TRUE);
  Geometry g;

  if (limn_chart_is_empty (LIMN_CHART (self)))
    return;

  limn_chart_colors_lookup (widget, &colors);
  compute_geometry (self, &g);
  bottom = g.plot.origin.y + g.plot.size.height;

  {
    LimnChartLegendEntry entries[3] = {
      { _("Accuracy"), limn_chart_rgba_alpha (&colors.accent_bg, 0.75), FALSE },
      { _("Mean confidence"), colors.fg, FALSE },
      { _("Perfect calibration"), colors.neutral, TRUE },
    };

    limn_chart_draw_legend (snapshot, widget, entries, 3, g.plot.origin.x, 0, g.plot.size.width, &colors);
  }

  limn_chart_axis_draw_y (&g.axis, snapshot, widget, &g.plot, &colors);
  limn_chart_axis_draw_x (&g.x_axis, snapshot, widget, &g.plot, &colors);
  limn_chart_draw_text (snapshot, widget, _("Stated confidence"), TRUE,
                        g.plot.origin.x + g.plot.size.width / 2, bottom + LIMN_CHART_GAP + text_h + 2, 0.5, 0,
                        &colors.dim);

  for (guint i = 0; i < n; i++)
    most = MAX (most, bin_at (self, i)->n);

  for (guint i = 0; i < n; i++)
    {
      const LimnReliabilityBin *b = bin_at (self, i);
      double x1 = px (&g, (double) i / n), x2 = px (&g, (double) (i + 1) / n);
      double alpha;
      GdkRGBA fill;

      if (!bin_has_data (b))
        continue;
      /* Paler for bins with few items: from 0.35 to 0.85 with log n. */
      alpha = (colors.dark ? 0.5 : 0.35) + (colors.dark ? 0.45 : 0.5) * log1p ((double) b->n) / log1p ((double) most);
      fill = limn_chart_rgba_alpha (&colors.accent_bg, alpha);
      limn_chart_fill (snapshot, &fill, x1 + 1, py (&g, b->accuracy), x2 - x1 - 2, bottom - py (&g, b->accuracy));
    }

  limn_chart_line (snapshot, &colors.neutral, 1.5, 5, px (&g, 0), py (&g, 0), px (&g, 1), py (&g, 1));

  for (guint i = 0; i < n; i++)
    {
      const LimnReliabilityBin *b = bin_at (self, i);

      if (!bin_has_data (b) || isnan (b->confidence_mean))
        continue;
      limn_chart_dot (snapshot, &colors.fg, &colors.card_bg, px (&g, b->confidence_mean), py (&g, b->accuracy), 3);
    }

  if (!isnan (self->brier) || !isnan (self->ece))
    {
      g_autofree char *brier = limn_chart_format_value (LIMN_CHART_FORMAT_NUMBER, self->brier);
      g_autofree char *ece = limn_chart_format_value (LIMN_CHART_FORMAT_PERCENT, self->ece);
      /* Translators: summary inside a reliability diagram. */
      g_autofree char *text = g_strdup_printf (_("Brier %s · ECE %s"), brier, ece);

      limn_chart_draw_text (snapshot, widget, text, TRUE, g.plot.origin.x + 6, g.plot.origin.y + 4, 0, 0, &colors.fg);
    }

  clear_geometry (&g);
}

static void
limn_reliability_diagram_measure (GtkWidget      *widget,
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
  limn_chart_measure (orientation, minimum, natural, 280);
}

static char *
limn_reliability_diagram_tooltip_at (LimnChart *chart,
                                     double     x,
                                     double     y)
{
  LimnReliabilityDiagram *self = LIMN_RELIABILITY_DIAGRAM (chart);
  const LimnReliabilityBin *b;
  g_autofree char *range = NULL;
  g_autofree char *confidence = NULL;
  g_autofree char *accuracy = NULL;
  g_autofree char *n = NULL;
  g_autofree char *text = NULL;
  Geometry g;
  int i;

  (void) y;
  if (limn_chart_is_empty (LIMN_CHART (self)))
    return NULL;
  compute_geometry (self, &g);
  clear_geometry (&g);
  i = (int) floor ((x - g.plot.origin.x) / g.plot.size.width * self->bins->len);
  if (i < 0 || (guint) i >= self->bins->len)
    return NULL;

  b = bin_at (self, i);
  range = bin_range (self, i);
  confidence = limn_chart_format_value (LIMN_CHART_FORMAT_PERCENT, b->n > 0 ? b->confidence_mean : NAN);
  accuracy = limn_chart_format_value (LIMN_CHART_FORMAT_PERCENT, b->n > 0 ? b->accuracy : NAN);
  n = limn_chart_format_value (LIMN_CHART_FORMAT_COUNT, (double) b->n);
  /* Translators: reliability diagram tooltip: bin range, mean confidence,
   * accuracy, number of items. */
  text = g_strdup_printf (_("Confidence %s\nMean confidence %s, accuracy %s\nn = %s"),
                          range, confidence, accuracy, n);
  return g_steal_pointer (&text);
}

static void
limn_reliability_diagram_finalize (GObject *object)
{
  LimnReliabilityDiagram *self = LIMN_RELIABILITY_DIAGRAM (object);

  g_clear_pointer (&self->bins, g_array_unref);
  G_OBJECT_CLASS (limn_reliability_diagram_parent_class)->finalize (object);
}

static void
limn_reliability_diagram_class_init (LimnReliabilityDiagramClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = limn_reliability_diagram_finalize;
  limn_chart_class_set_draw (widget_class, limn_reliability_diagram_snapshot);
  widget_class->measure = limn_reliability_diagram_measure;
  widget_class->query_tooltip = limn_chart_query_tooltip;
  gtk_widget_class_set_css_name (widget_class, "limnreliabilitydiagram");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
limn_reliability_diagram_init (LimnReliabilityDiagram *self)
{
  self->bins = g_array_new (FALSE, FALSE, sizeof (LimnReliabilityBin));
  self->brier = NAN;
  self->ece = NAN;
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "chart");
}

LimnReliabilityDiagram *
limn_reliability_diagram_new (void)
{
  return g_object_new (LIMN_TYPE_RELIABILITY_DIAGRAM, NULL);
}

void
limn_reliability_diagram_set_bins (LimnReliabilityDiagram   *self,
                                   const LimnReliabilityBin *bins,
                                   gsize                     n_bins,
                                   double                    brier,
                                   double                    ece)
{
  g_return_if_fail (LIMN_IS_RELIABILITY_DIAGRAM (self));
  g_return_if_fail (bins != NULL || n_bins == 0);

  g_array_set_size (self->bins, 0);
  if (n_bins > 0)
    g_array_append_vals (self->bins, bins, n_bins);
  self->brier = isfinite (brier) ? brier : NAN;
  self->ece = isfinite (ece) ? ece : NAN;
  limn_chart_changed (LIMN_CHART (self));
}
