/* limn-chart-card.c
 *
 * A chart on a card, GNOME Settings/Usage style. The table view is a real
 * GtkColumnView over the chart's own rows, rebuilt whenever the chart
 * says it changed, so screen-reader users and anyone who wants exact
 * figures get the same data as the drawing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-chart-card.h"
#include "limn-chart.h"

struct _LimnChartCard
{
  GtkWidget   parent_instance;

  GtkWidget  *box;
  GtkWidget  *title_label;
  GtkWidget  *subtitle_label;
  GtkWidget  *table_button;
  GtkWidget  *stack;
  GtkWidget  *chart_box;
  GtkWidget  *column_view;
  GtkWidget  *empty_title_label;
  GtkWidget  *empty_description_label;

  GtkWidget  *chart;
  gulong      changed_id;
  GListStore *rows;  /* GtkStringList per row */
  char       *title;
  char       *subtitle;
  char       *empty_title;
  char       *empty_description;
};

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_EMPTY_TITLE,
  PROP_EMPTY_DESCRIPTION,
  PROP_CHART,
  PROP_SHOW_TABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (LimnChartCard, limn_chart_card, GTK_TYPE_WIDGET)

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  data)
{
  guint column = GPOINTER_TO_UINT (data);
  GtkWidget *label = gtk_label_new (NULL);

  (void) factory;
  /* The first column names the row; figures line up at the end. */
  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0 : 1);
  if (column > 0)
    gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  data)
{
  GtkStringList *row = gtk_list_item_get_item (item);
  const char *text = gtk_string_list_get_string (row, GPOINTER_TO_UINT (data));

  (void) factory;
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text ? text : "");
}

static void
clear_columns (LimnChartCard *self)
{
  GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (self->column_view));

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (GTK_COLUMN_VIEW (self->column_view), column);
    }
}

static void
rebuild_table (LimnChartCard *self)
{
  g_auto(GStrv) titles = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint n_columns;

  clear_columns (self);
  g_list_store_remove_all (self->rows);
  if (self->chart == NULL)
    return;

  titles = limn_chart_get_columns (LIMN_CHART (self->chart));
  n_columns = titles ? g_strv_length (titles) : 0;
  for (guint i = 0; i < n_columns; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GUINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GUINT_TO_POINTER (i));
      column = gtk_column_view_column_new (titles[i], factory);
      gtk_column_view_column_set_expand (column, i == 0);
      gtk_column_view_append_column (GTK_COLUMN_VIEW (self->column_view), column);
    }

  rows = limn_chart_get_rows (LIMN_CHART (self->chart));
  for (guint i = 0; rows && i < rows->len; i++)
    {
      g_autoptr(GtkStringList) row = gtk_string_list_new ((const char * const *) g_ptr_array_index (rows, i));

      g_list_store_append (self->rows, row);
    }
}

static void
update_view (LimnChartCard *self)
{
  gboolean empty = self->chart == NULL || limn_chart_is_empty (LIMN_CHART (self->chart));
  gboolean table = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->table_button));
  const char *tip = table ? _("Show as Chart") : _("Show as Table");

  gtk_widget_set_sensitive (self->table_button, !empty);
  gtk_button_set_icon_name (GTK_BUTTON (self->table_button),
                            table ? "view-continuous-symbolic" : "view-list-symbolic");
  gtk_widget_set_tooltip_text (self->table_button, tip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->table_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack),
                                    empty ? "empty" : table ? "table" : "chart");
}

static void
chart_changed_cb (LimnChart     *chart,
                  LimnChartCard *self)
{
  (void) chart;
  rebuild_table (self);
  update_view (self);
}

static void
update_labels (LimnChartCard *self)
{
  const char *title = self->title ? self->title : "";

  gtk_label_set_text (GTK_LABEL (self->title_label), title);
  gtk_label_set_text (GTK_LABEL (self->subtitle_label), self->subtitle ? self->subtitle : "");
  gtk_widget_set_visible (self->subtitle_label, self->subtitle != NULL && *self->subtitle != '\0');
  gtk_label_set_text (GTK_LABEL (self->empty_title_label),
                      self->empty_title ? self->empty_title : _("No Data Yet"));
  gtk_label_set_text (GTK_LABEL (self->empty_description_label),
                      self->empty_description ? self->empty_description : "");
  gtk_widget_set_visible (self->empty_description_label,
                          self->empty_description != NULL && *self->empty_description != '\0');
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  if (self->chart != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

static void
set_chart (LimnChartCard *self,
           GtkWidget     *chart)
{
  g_return_if_fail (chart == NULL || LIMN_IS_CHART (chart));

  if (self->chart == chart)
    return;
  if (self->chart != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->chart);
      gtk_box_remove (GTK_BOX (self->chart_box), self->chart);
      g_clear_object (&self->chart);
    }
  if (chart != NULL)
    {
      self->chart = g_object_ref_sink (chart);
      gtk_widget_set_vexpand (chart, TRUE);
      gtk_box_append (GTK_BOX (self->chart_box), chart);
      self->changed_id = g_signal_connect (chart, "changed", G_CALLBACK (chart_changed_cb), self);
      limn_chart_changed (LIMN_CHART (chart)); /* the description, and the table through our handler */
    }
  else
    chart_changed_cb (NULL, self);
  update_labels (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHART]);
}

static void
table_toggled_cb (GtkToggleButton *button,
                  LimnChartCard   *self)
{
  (void) button;
  update_view (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_TABLE]);
}

static void
set_string (char       **field,
            const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static void
limn_chart_card_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  LimnChartCard *self = LIMN_CHART_CARD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      set_string (&self->title, g_value_get_string (value));
      update_labels (self);
      break;
    case PROP_SUBTITLE:
      set_string (&self->subtitle, g_value_get_string (value));
      update_labels (self);
      break;
    case PROP_EMPTY_TITLE:
      set_string (&self->empty_title, g_value_get_string (value));
      update_labels (self);
      break;
    case PROP_EMPTY_DESCRIPTION:
      set_string (&self->empty_description, g_value_get_string (value));
      update_labels (self);
      break;
    case PROP_CHART:
      set_chart (self, g_value_get_object (value));
      break;
    case PROP_SHOW_TABLE:
      limn_chart_card_set_show_table (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_chart_card_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  LimnChartCard *self = LIMN_CHART_CARD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    case PROP_EMPTY_TITLE:
      g_value_set_string (value, self->empty_title);
      break;
    case PROP_EMPTY_DESCRIPTION:
      g_value_set_string (value, self->empty_description);
      break;
    case PROP_CHART:
      g_value_set_object (value, self->chart);
      break;
    case PROP_SHOW_TABLE:
      g_value_set_boolean (value, limn_chart_card_get_show_table (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
limn_chart_card_dispose (GObject *object)
{
  LimnChartCard *self = LIMN_CHART_CARD (object);

  if (self->chart != NULL)
    g_clear_signal_handler (&self->changed_id, self->chart);
  g_clear_object (&self->chart);
  gtk_widget_dispose_template (GTK_WIDGET (self), LIMN_TYPE_CHART_CARD);
  G_OBJECT_CLASS (limn_chart_card_parent_class)->dispose (object);
}

static void
limn_chart_card_finalize (GObject *object)
{
  LimnChartCard *self = LIMN_CHART_CARD (object);

  g_clear_object (&self->rows);
  g_free (self->title);
  g_free (self->subtitle);
  g_free (self->empty_title);
  g_free (self->empty_description);
  G_OBJECT_CLASS (limn_chart_card_parent_class)->finalize (object);
}

static void
limn_chart_card_class_init (LimnChartCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = limn_chart_card_set_property;
  object_class->get_property = limn_chart_card_get_property;
  object_class->dispose = limn_chart_card_dispose;
  object_class->finalize = limn_chart_card_finalize;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_EMPTY_TITLE] =
    g_param_spec_string ("empty-title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_EMPTY_DESCRIPTION] =
    g_param_spec_string ("empty-description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CHART] =
    g_param_spec_object ("chart", NULL, NULL, GTK_TYPE_WIDGET,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SHOW_TABLE] =
    g_param_spec_boolean ("show-table", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/app/limn/Limn/ui/limn-chart-card.ui");
  gtk_widget_class_bind_template_child (widget_class, LimnChartCard, box);
  gtk_widget_class_bind_template_child (widget_class, LimnChartCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, LimnChartCard, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, LimnChartCard, table_button);
  gtk_widget_class_bind_template_child (widget_class, LimnChartCard, stack);
  gtk_widget_class_bind_template_child (widget_class, LimnChartCard, chart_box);
  gtk_widget_class_bind_template_child (widget_class, LimnChartCard, column_view);
  gtk_widget_class_bind_template_child (widget_class, LimnChartCard, empty_title_label);
  gtk_widget_class_bind_template_child (widget_class, LimnChartCard, empty_description_label);
  gtk_widget_class_bind_template_callback (widget_class, table_toggled_cb);
  gtk_widget_class_set_css_name (widget_class, "chartcard");
}

static void
limn_chart_card_init (LimnChartCard *self)
{
  GtkNoSelection *selection;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_list_store_new (GTK_TYPE_STRING_LIST);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->rows)));
  gtk_column_view_set_model (GTK_COLUMN_VIEW (self->column_view), GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  update_labels (self);
  update_view (self);
}

LimnChartCard *
limn_chart_card_new (const char *title,
                     const char *subtitle,
                     const char *empty_title,
                     const char *empty_description,
                     GtkWidget  *chart)
{
  return g_object_new (LIMN_TYPE_CHART_CARD,
                       "title", title,
                       "subtitle", subtitle,
                       "empty-title", empty_title,
                       "empty-description", empty_description,
                       "chart", chart,
                       NULL);
}

GtkWidget *
limn_chart_card_get_chart (LimnChartCard *self)
{
  g_return_val_if_fail (LIMN_IS_CHART_CARD (self), NULL);

  return self->chart;
}

void
limn_chart_card_set_show_table (LimnChartCard *self,
                                gboolean       table)
{
  g_return_if_fail (LIMN_IS_CHART_CARD (self));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->table_button), table);
}

gboolean
limn_chart_card_get_show_table (LimnChartCard *self)
{
  g_return_val_if_fail (LIMN_IS_CHART_CARD (self), FALSE);

  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->table_button));
}
