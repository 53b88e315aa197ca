/* limn-annotator-legend.c
 *
 * Rows are AdwActionRows made from the model: the swatch as prefix, the
 * switch as suffix and activatable widget (so a click anywhere on the row
 * toggles the layer, as in GNOME Settings), bound both ways to the layer's
 * "visible".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "limn-annotator-legend.h"
#include "limn-overlay-layer.h"

#define SWATCH_WIDTH   30
#define SWATCH_HEIGHT  20

struct _LimnAnnotatorLegend
{
  GtkWidget   parent_instance;

  GtkWidget  *box;
  GtkLabel   *title_label;
  GtkListBox *list;

  GListModel *layers;
};

G_DEFINE_FINAL_TYPE (LimnAnnotatorLegend, limn_annotator_legend, GTK_TYPE_WIDGET)

/* A box outline as the canvas draws the layer's, on the canvas's dark
 * background, so the swatch looks the same in light and dark panels. */
static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  LimnOverlayLayer *layer = data;
  LimnOverlayLineStyle style = limn_overlay_layer_get_line_style (layer);
  GdkRGBA color;
  double line = style == LIMN_OVERLAY_LINE_DOUBLE ? 3.3 : 2;

  limn_overlay_layer_get_color (layer, &color);

  cairo_new_sub_path (cr);
  cairo_arc (cr, width - 4, 4, 4, -G_PI / 2, 0);
  cairo_arc (cr, width - 4, height - 4, 4, 0, G_PI / 2);
  cairo_arc (cr, 4, height - 4, 4, G_PI / 2, G_PI);
  cairo_arc (cr, 4, 4, 4, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, 0.122, 0.122, 0.129);
  cairo_fill (cr);

  cairo_rectangle (cr, 6.5, 5.5, width - 13, height - 11);
  limn_overlay_set_dash (cr, style, line);
  cairo_set_line_width (cr, line);
  gdk_cairo_set_source_rgba (cr, &color);
  if (style == LIMN_OVERLAY_LINE_DOUBLE)
    {
      cairo_stroke_preserve (cr);
      cairo_set_line_width (cr, 1.1);
      cairo_set_source_rgb (cr, 0.122, 0.122, 0.129);
    }
  cairo_stroke (cr);
}

static void
update_row (AdwActionRow     *row,
            GParamSpec       *pspec,
            LimnOverlayLayer *layer)
{
  g_autofree char *description = limn_overlay_layer_describe (layer);
  const char *note = limn_overlay_layer_get_note (layer);
  g_autofree char *subtitle = NULL;

  if (note != NULL && note[0] != '\0' && description[0] != '\0')
    /* Translators: a legend row's subtitle: confidence and time, then the
     * annotator's flag text in quotes */
    subtitle = g_strdup_printf (_("%s\n“%s”"), description, note);
  else if (note != NULL && note[0] != '\0')
    /* Translators: the annotator's flag text in quotes */
    subtitle = g_strdup_printf (_("“%s”"), note);
  else
    subtitle = g_steal_pointer (&description);
  adw_action_row_set_subtitle (row, subtitle);
}

static void
redraw_swatch (GtkWidget *swatch)
{
  gtk_widget_queue_draw (swatch);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  LimnOverlayLayer *layer = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *swatch = gtk_drawing_area_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), limn_overlay_layer_get_name (layer));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), SWATCH_WIDTH);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), SWATCH_HEIGHT);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch, g_object_ref (layer), g_object_unref);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  /* The row's title says what it stands for. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (swatch), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), swatch);

  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  g_object_bind_property (layer, "visible", toggle, "active", G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (toggle), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  limn_overlay_layer_get_name (layer), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);

  update_row (ADW_ACTION_ROW (row), NULL, layer);
  g_signal_connect_object (layer, "notify::confidence", G_CALLBACK (update_row), row, G_CONNECT_SWAPPED);
  g_signal_connect_object (layer, "notify::active-ms", G_CALLBACK (update_row), row, G_CONNECT_SWAPPED);
  g_signal_connect_object (layer, "notify::note", G_CALLBACK (update_row), row, G_CONNECT_SWAPPED);
  g_signal_connect_object (layer, "notify::color", G_CALLBACK (redraw_swatch), swatch, G_CONNECT_SWAPPED);
  g_signal_connect_object (layer, "notify::line-style", G_CALLBACK (redraw_swatch), swatch, G_CONNECT_SWAPPED);

  return row;
}

void
limn_annotator_legend_set_layers (LimnAnnotatorLegend *self,
                                  GListModel          *layers)
{
  g_return_if_fail (LIMN_IS_ANNOTATOR_LEGEND (self));
  g_return_if_fail (layers == NULL || G_IS_LIST_MODEL (layers));

  if (!g_set_object (&self->layers, layers))
    return;

  gtk_list_box_bind_model (self->list, layers, create_row, self, NULL);
}

GListModel *
limn_annotator_legend_get_layers (LimnAnnotatorLegend *self)
{
  g_return_val_if_fail (LIMN_IS_ANNOTATOR_LEGEND (self), NULL);

  return self->layers;
}

GtkWidget *
limn_annotator_legend_get_switch (LimnAnnotatorLegend *self,
                                  guint                position)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (LIMN_IS_ANNOTATOR_LEGEND (self), NULL);

  row = gtk_list_box_get_row_at_index (self->list, position);

  return row ? adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)) : NULL;
}

static void
limn_annotator_legend_dispose (GObject *object)
{
  LimnAnnotatorLegend *self = LIMN_ANNOTATOR_LEGEND (object);

  if (self->list != NULL)
    gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->layers);
  gtk_widget_dispose_template (GTK_WIDGET (self), LIMN_TYPE_ANNOTATOR_LEGEND);

  G_OBJECT_CLASS (limn_annotator_legend_parent_class)->dispose (object);
}

static void
limn_annotator_legend_class_init (LimnAnnotatorLegendClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = limn_annotator_legend_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, LIMN_RESOURCE_PATH "/ui/limn-annotator-legend.ui");
  /* Bound so gtk_widget_dispose_template() unparents it. */
  gtk_widget_class_bind_template_child (widget_class, LimnAnnotatorLegend, box);
  gtk_widget_class_bind_template_child (widget_class, LimnAnnotatorLegend, title_label);
  gtk_widget_class_bind_template_child (widget_class, LimnAnnotatorLegend, list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "annotatorlegend");
}

static void
limn_annotator_legend_init (LimnAnnotatorLegend *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
limn_annotator_legend_new (void)
{
  return g_object_new (LIMN_TYPE_ANNOTATOR_LEGEND, NULL);
}
