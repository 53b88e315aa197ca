/* limn-chart-card.c
 *
 * Placeholder so that pages can link against the API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include "limn-chart-card.h"
#include "limn-chart.h"

struct _LimnChartCard
{
  GtkWidget  parent_instance;
  GtkWidget *box;
  GtkWidget *chart;
  gboolean   show_table;
};

G_DEFINE_FINAL_TYPE (LimnChartCard, limn_chart_card, GTK_TYPE_WIDGET)

static void
limn_chart_card_dispose (GObject *object)
{
  LimnChartCard *self = LIMN_CHART_CARD (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (limn_chart_card_parent_class)->dispose (object);
}

static void
limn_chart_card_class_init (LimnChartCardClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = limn_chart_card_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
}

static void
limn_chart_card_init (LimnChartCard *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "card");
}

LimnChartCard *
limn_chart_card_new (const char *title,
                     const char *subtitle,
                     const char *empty_title,
                     const char *empty_description,
                     GtkWidget  *chart)
{
  LimnChartCard *self = g_object_new (LIMN_TYPE_CHART_CARD, NULL);

  (void) subtitle;
  (void) empty_title;
  (void) empty_description;
  gtk_box_append (GTK_BOX (self->box), gtk_label_new (title));
  if (chart != NULL)
    {
      self->chart = chart;
      gtk_box_append (GTK_BOX (self->box), chart);
    }
  return self;
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
  self->show_table = table;
}

gboolean
limn_chart_card_get_show_table (LimnChartCard *self)
{
  g_return_val_if_fail (LIMN_IS_CHART_CARD (self), FALSE);
  return self->show_table;
}
