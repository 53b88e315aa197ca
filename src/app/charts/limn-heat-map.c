/* limn-heat-map.c
 *
 * A confusion matrix. Cells are shaded by their share of the row (the
 * reference label), so a rare label's mistakes show as clearly as a
 * common one's; agreement (the diagonal) in the accent color, confusion
 * in the error color. The count is printed in each cell in whichever of
 * light or dark text contrasts more with the cell as drawn.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "limn-chart-private.h"
#include "limn-heat-map.h"

#define CELL_HEIGHT 36

struct _LimnHeatMap
{
  GtkWidget  parent_instance;

  GStrv      row_labels;
  GStrv      col_labels;
  guint      n_rows;
  guint      n_cols;
  guint64   *counts;
  char      *row_title;
  char      *col_title;
};

static void limn_heat_map_chart_init (LimnChartInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LimnHeatMap, limn_heat_map, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (LIMN_TYPE_CHART, limn_heat_map_chart_init))

static guint64
cell (LimnHeatMap *self,
      guint        r,
      guint        c)
{
  return self->counts[(gsize) r * self->n_cols + c];
}

static guint64
row_total (LimnHeatMap *self,
           guint        r)
{
  guint64 sum = 0;

  for (guint c = 0; c < self->n_cols; c++)
    sum += cell (self, r, c);
  return sum;
}

static gboolean
limn_heat_map_is_empty (LimnChart *chart)
{
  LimnHeatMap *self = LIMN_HEAT_MAP (chart);

  return self->n_rows == 0 || self->n_cols == 0;
}

static const char *
row_title (LimnHeatMap *self)
{
  return self->row_title && *self->row_title ? self->row_title : _("Reference");
}

static const char *
col_title (LimnHeatMap *self)
{
  return self->col_title && *self->col_title ? self->col_title : _("Given");
}

static char *
limn_heat_map_describe (LimnChart *chart)
{
  LimnHeatMap *self = LIMN_HEAT_MAP (chart);
  guint64 sum = 0, diagonal = 0, worst = 0;
  guint worst_r = 0, worst_c = 0;
  g_autofree char *sum_text = NULL;
  g_autofree char *diagonal_text = NULL;
  g_autofree char *share = NULL;
  GString *text;

  if (limn_chart_is_empty (chart))
    return g_strdup (_("No data yet."));

  for (guint r = 0; r < self->n_rows; r++)
    for (guint c = 0; c < self->n_cols; c++)
      {
        guint64 v = cell (self, r, c);

        sum += v;
        if (r == c)
          diagonal += v;
        else if (v > worst)
          worst = v, worst_r = r, worst_c = c;
      }

  sum_text = limn_chart_format_value (LIMN_CHART_FORMAT_COUNT, (double) sum);
  diagonal_text = limn_chart_format_value (LIMN_CHART_FORMAT_COUNT, (double) diagonal);
  share = limn_chart_format_value (LIMN_CHART_FORMAT_PERCENT, sum > 0 ? (double) diagonal / sum : NAN);
  text = g_string_new (NULL);
  /* Translators: text alternative of a confusion matrix: rows, columns,
   * row title, column title, total, count on the diagonal, its share. */
  g_string_append_printf (text, _("%u × %u matrix of %s against %s, %s items: %s agree (%s)."),
                          self->n_rows, self->n_cols, row_title (self), col_title (self),
                          sum_text, diagonal_text, share);
  if (worst > 0)
    {
      g_autofree char *worst_text = limn_chart_format_value (LIMN_CHART_FORMAT_COUNT, (double) worst);

      g_string_append_c (text, ' ');
      /* Translators: the largest off-diagonal cell: given label, reference
       * label, count. */
      g_string_append_printf (text, _("Most frequent confusion: “%s” given for “%s”, %s times."),
                              self->col_labels[worst_c], self->row_labels[worst_r], worst_text);
    }
  return g_string_free (text, FALSE);
}

static GStrv
limn_heat_map_get_columns (LimnChart *chart)
{
  LimnHeatMap *self = LIMN_HEAT_MAP (chart);
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv columns;

  /* Translators: the corner of a confusion matrix table, "Gold \ Given". */
  limn_chart_strv_take (builder, g_strdup_printf (_("%s \\ %s"), row_title (self), col_title (self)));
  for (guint c = 0; c < self->n_cols; c++)
    g_strv_builder_add (builder, self->col_labels[c]);
  columns = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return columns;
}

static GPtrArray *
limn_heat_map_get_rows (LimnChart *chart)
{
  LimnHeatMap *self = LIMN_HEAT_MAP (chart);
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  for (guint r = 0; r < self->n_rows; r++)
    {
      GStrvBuilder *builder = g_strv_builder_new ();

      g_strv_builder_add (builder, self->row_labels[r]);
      for (guint c = 0; c < self->n_cols; c++)
        limn_chart_strv_take (builder, limn_chart_format_value (LIMN_CHART_FORMAT_COUNT, (double) cell (self, r, c)));
      g_ptr_array_add (rows, g_strv_builder_end (builder));
      g_strv_builder_unref (builder);
    }
  return rows;
}

static char *limn_heat_map_tooltip_at (LimnChart *chart, double x, double y);

static void
limn_heat_map_chart_init (LimnChartInterface *iface)
{
  iface->is_empty = limn_heat_map_is_empty;
  iface->describe = limn_heat_map_describe;
  iface->get_columns = limn_heat_map_get_columns;
  iface->get_rows = limn_heat_map_get_rows;
  iface->tooltip_at = limn_heat_map_tooltip_at;
}

typedef struct {
  double left;     /* start of the grid */
  double top;
  double cell_w;
  double cell_h;
  double label_w;  /* row label column */
} Geometry;

static void
compute_geometry (LimnHeatMap *self,
                  Geometry    *g)
{
  GtkWidget *widget = GTK_WIDGET (self);
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  double text_h = limn_chart_text_height (widget, TRUE), widest = limn_chart_text_width (widget, row_title (self), TRUE);

  for (guint r = 0; r < self->n_rows; r++)
    widest = MAX (widest, limn_chart_text_width (widget, self->row_labels[r], TRUE));
  g->label_w = MIN (widest, width * 0.3);
  g->left = g->label_w + 2 * LIMN_CHART_GAP;
  /* Column title, then column labels. */
  g->top = 2 * text_h + 2 * LIMN_CHART_GAP;
  /* A 1×1 or 2×2 matrix does not stretch into one huge block. */
  g->cell_w = self->n_cols > 0 ? MIN ((width - g->left) / self->n_cols, 4 * CELL_HEIGHT) : 0;
  g->cell_h = self->n_rows > 0 ? MIN (CELL_HEIGHT * 1.5, (height - g->top) / self->n_rows) : 0;
}

static double
contrast (double l1,
          double l2)
{
  return (MAX (l1, l2) + 0.05) / (MIN (l1, l2) + 0.05);
}

static void
limn_heat_map_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  LimnHeatMap *self = LIMN_HEAT_MAP (widget);
  double text_h = limn_chart_text_height (widget, TRUE);
  GdkRGBA light = { 1, 1, 1, 1 }, dark = { 0.1, 0.1, 0.1, 1 };
  double light_l = 1.0, dark_l = limn_chart_luminance_over (&dark, &dark);
  LimnChartColors colors;
  Geometry g;

  if (limn_chart_is_empty (LIMN_CHART (self)))
    return;

  limn_chart_colors_lookup (widget, &colors);
  compute_geometry (self, &g);

  /* Titles: the column title over the columns, the row title over the row
   * labels, following the text direction. */
  limn_chart_draw_text (snapshot, widget, col_title (self), TRUE,
                        g.left + g.cell_w * self->n_cols / 2, 0, 0.5, 0, &colors.dim);
  limn_chart_draw_text_clipped (snapshot, widget, row_title (self), TRUE, g.left - LIMN_CHART_GAP,
                                text_h + LIMN_CHART_GAP, g.label_w, 1, 0, &colors.dim);

  for (guint c = 0; c < self->n_cols; c++)
    limn_chart_draw_text_clipped (snapshot, widget, self->col_labels[c], TRUE, g.left + (c + 0.5) * g.cell_w,
                                  text_h + LIMN_CHART_GAP, g.cell_w - 4, 0.5, 0, &colors.fg);

  for (guint r = 0; r < self->n_rows; r++)
    {
      guint64 total = row_total (self, r);
      double y = g.top + r * g.cell_h;

      limn_chart_draw_text_clipped (snapshot, widget, self->row_labels[r], TRUE, g.left - LIMN_CHART_GAP,
                                    y + g.cell_h / 2, g.label_w, 1, 0.5, &colors.fg);

      for (guint c = 0; c < self->n_cols; c++)
        {
          guint64 v = cell (self, r, c);
          double share = total > 0 ? (double) v / total : 0;
          double x = g.left + c * g.cell_w;
          GdkRGBA fill;
          g_autofree char *text = NULL;
          double lum, tw;
          GskRoundedRect rect;

          if (v == 0)
            fill = limn_chart_rgba_alpha (&colors.fg, 0.04);
          else if (r == c)
            fill = limn_chart_rgba_alpha (&colors.accent_bg, 0.1 + 0.9 * sqrt (share));
          else
            fill = limn_chart_rgba_alpha (&colors.error, 0.1 + 0.9 * sqrt (share));

          gsk_rounded_rect_init_from_rect (&rect, &GRAPHENE_RECT_INIT (x + 1, y + 1, g.cell_w - 2, g.cell_h - 2), 4);
          gtk_snapshot_push_rounded_clip (snapshot, &rect);
          gtk_snapshot_append_color (snapshot, &fill, &rect.bounds);
          gtk_snapshot_pop (snapshot);

          text = limn_chart_format_value (LIMN_CHART_FORMAT_COUNT, (double) v);
          tw = limn_chart_text_width (widget, text, TRUE);
          if (tw + 4 > g.cell_w || text_h > g.cell_h)
            continue; /* the tooltip and the table still have it */
          lum = limn_chart_luminance_over (&fill, &colors.card_bg);
          limn_chart_draw_text (snapshot, widget, text, TRUE, x + g.cell_w / 2, y + g.cell_h / 2, 0.5, 0.5,
                                v == 0 ? &colors.dim
                                       : contrast (lum, light_l) >= contrast (lum, dark_l) ? &light : &dark);
        }
    }
}

static void
limn_heat_map_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  LimnHeatMap *self = LIMN_HEAT_MAP (widget);
  double text_h = limn_chart_text_height (widget, TRUE);

  (void) for_size;
  (void) minimum_baseline;
  (void) natural_baseline;
  limn_chart_measure (orientation, minimum, natural,
                      (int) (2 * text_h + 2 * LIMN_CHART_GAP + self->n_rows * CELL_HEIGHT));
  /* Every row legible even at the minimum: cells at least a line high. */
  if (orientation == GTK_ORIENTATION_VERTICAL)
    *minimum = MAX (*minimum, (int) (2 * text_h + 2 * LIMN_CHART_GAP + self->n_rows * (text_h + 8)));
}

static char *
limn_heat_map_tooltip_at (LimnChart *chart,
                          double     x,
                          double     y)
{
  LimnHeatMap *self = LIMN_HEAT_MAP (chart);
  g_autofree char *count = NULL;
  g_autofree char *share = NULL;
  g_autofree char *text = NULL;
  guint64 total;
  Geometry g;
  int r, c;

  if (limn_chart_is_empty (LIMN_CHART (self)))
    return NULL;
  compute_geometry (self, &g);
  if (g.cell_w <= 0 || g.cell_h <= 0)
    return NULL;
  c = (int) floor ((x - g.left) / g.cell_w);
  r = (int) floor ((y - g.top) / g.cell_h);
  if (r < 0 || c < 0 || (guint) r >= self->n_rows || (guint) c >= self->n_cols)
    return NULL;

  total = row_total (self, r);
  count = limn_chart_format_value (LIMN_CHART_FORMAT_COUNT, (double) cell (self, r, c));
  share = limn_chart_format_value (LIMN_CHART_FORMAT_PERCENT, total > 0 ? (double) cell (self, r, c) / total : NAN);
  /* Translators: confusion matrix tooltip: row title, row label, column
   * title, column label, count, share of the row. */
  text = g_strdup_printf (_("%s: %s\n%s: %s\nn = %s (%s of the row)"),
                          row_title (self), self->row_labels[r], col_title (self), self->col_labels[c],
                          count, share);
  return g_steal_pointer (&text);
}

static void
limn_heat_map_finalize (GObject *object)
{
  LimnHeatMap *self = LIMN_HEAT_MAP (object);

  g_strfreev (self->row_labels);
  g_strfreev (self->col_labels);
  g_free (self->counts);
  g_free (self->row_title);
  g_free (self->col_title);
  G_OBJECT_CLASS (limn_heat_map_parent_class)->finalize (object);
}

static void
limn_heat_map_class_init (LimnHeatMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = limn_heat_map_finalize;
  limn_chart_class_set_draw (widget_class, limn_heat_map_snapshot);
  widget_class->measure = limn_heat_map_measure;
  widget_class->query_tooltip = limn_chart_query_tooltip;
  gtk_widget_class_set_css_name (widget_class, "limnheatmap");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
limn_heat_map_init (LimnHeatMap *self)
{
  self->row_labels = g_new0 (char *, 1);
  self->col_labels = g_new0 (char *, 1);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "chart");
}

LimnHeatMap *
limn_heat_map_new (void)
{
  return g_object_new (LIMN_TYPE_HEAT_MAP, NULL);
}

static GStrv
copy_labels (const char * const *labels,
             gsize               n)
{
  GStrv copy = g_new0 (char *, n + 1);

  for (gsize i = 0; i < n; i++)
    copy[i] = g_strdup (labels && labels[i] ? labels[i] : "");
  return copy;
}

void
limn_heat_map_set_matrix (LimnHeatMap        *self,
                          const char * const *row_labels,
                          gsize               n_rows,
                          const char * const *col_labels,
                          gsize               n_cols,
                          const guint64      *counts,
                          const char         *row_title,
                          const char         *col_title)
{
  g_return_if_fail (LIMN_IS_HEAT_MAP (self));
  g_return_if_fail (counts != NULL || n_rows == 0 || n_cols == 0);

  g_strfreev (self->row_labels);
  g_strfreev (self->col_labels);
  g_free (self->counts);
  self->row_labels = copy_labels (row_labels, n_rows);
  self->col_labels = copy_labels (col_labels, n_cols);
  self->n_rows = n_rows;
  self->n_cols = n_cols;
  self->counts = n_rows * n_cols > 0 ? g_memdup2 (counts, n_rows * n_cols * sizeof (guint64)) : NULL;
  g_free (self->row_title);
  g_free (self->col_title);
  self->row_title = g_strdup (row_title);
  self->col_title = g_strdup (col_title);
  limn_chart_changed (LIMN_CHART (self));
}
