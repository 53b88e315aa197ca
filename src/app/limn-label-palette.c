/* limn-label-palette.c
 *
 * The project's labels with their colour and hotkey, in the side panel.
 * Activating a row does what the hotkey does (::label-activated).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-app"

#include "config.h"

#include <glib/gi18n.h>

#include "limn-label-palette.h"
#include "limn-tooltip.h"

struct _LimnLabelPalette
{
  GtkWidget    parent_instance;

  GtkListBox  *list;
  LimnProject *project;
  gboolean     updating;
};

G_DEFINE_FINAL_TYPE (LimnLabelPalette, limn_label_palette, GTK_TYPE_WIDGET)

enum {
  LABEL_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A rounded colour chip drawn straight from the label's colour. */
static void
swatch_draw (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  LimnLabel *label = data;
  double r, g, b;
  double size = MIN (width, height);
  double x = (width - size) / 2, y = (height - size) / 2, rad = 4;

  limn_label_get_rgb (label, &r, &g, &b);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + size - rad, y + rad, rad, -G_PI_2, 0);
  cairo_arc (cr, x + size - rad, y + size - rad, rad, 0, G_PI_2);
  cairo_arc (cr, x + rad, y + size - rad, rad, G_PI_2, G_PI);
  cairo_arc (cr, x + rad, y + rad, rad, G_PI, 3 * G_PI_2);
  cairo_close_path (cr);
  cairo_set_source_rgb (cr, r, g, b);
  cairo_fill (cr);
}

static GtkWidget *
create_row (gpointer item,
            gpointer data)
{
  LimnLabel *label = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *swatch = gtk_drawing_area_new ();
  GtkWidget *name = gtk_label_new (limn_label_get_display_name (label, NULL));
  const char *hotkey = limn_label_get_hotkey (label);
  const char *description = limn_label_get_display_description (label, NULL);

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 16);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 16);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), swatch_draw, g_object_ref (label), g_object_unref);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);

  gtk_box_append (GTK_BOX (box), swatch);
  gtk_box_append (GTK_BOX (box), name);

  if (hotkey != NULL)
    {
      GtkWidget *keycap = gtk_shortcut_label_new (hotkey);

      gtk_widget_set_valign (keycap, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), keycap);
    }

  gtk_widget_add_css_class (box, "label-row");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  if (description != NULL && description[0] != '\0')
    limn_tooltip_set_text (row, description);

  g_object_set_data_full (G_OBJECT (row), "label-id", g_strdup (limn_label_get_id (label)), g_free);

  /* "Person, key 1": what a screen reader says for the row. */
  {
    g_autofree char *a11y = hotkey
      ? g_strdup_printf (_("%s, key %s"), limn_label_get_display_name (label, NULL), hotkey)
      : g_strdup (limn_label_get_display_name (label, NULL));

    gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, a11y,
                                    -1);
  }

  return row;
}

static void
row_activated_cb (GtkListBox       *list,
                  GtkListBoxRow    *row,
                  LimnLabelPalette *self)
{
  const char *id = g_object_get_data (G_OBJECT (row), "label-id");

  if (!self->updating && id != NULL)
    g_signal_emit (self, signals[LABEL_ACTIVATED], 0, id);
}

static void
limn_label_palette_dispose (GObject *object)
{
  LimnLabelPalette *self = (LimnLabelPalette *)object;

  g_clear_pointer ((GtkWidget **)&self->list, gtk_widget_unparent);
  g_clear_object (&self->project);

  G_OBJECT_CLASS (limn_label_palette_parent_class)->dispose (object);
}

static void
limn_label_palette_class_init (LimnLabelPaletteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = limn_label_palette_dispose;

  /**
   * LimnLabelPalette::label-activated:
   * @label_id: the label clicked (or chosen from the keyboard)
   */
  signals[LABEL_ACTIVATED] =
    g_signal_new ("label-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "labelpalette");
}

static void
limn_label_palette_init (LimnLabelPalette *self)
{
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_SINGLE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_parent (GTK_WIDGET (self->list), GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Labels"),
                                  -1);
  g_signal_connect (self->list, "row-activated", G_CALLBACK (row_activated_cb), self);
}

GtkWidget *
limn_label_palette_new (void)
{
  return g_object_new (LIMN_TYPE_LABEL_PALETTE, NULL);
}

void
limn_label_palette_set_project (LimnLabelPalette *self,
                                LimnProject      *project)
{
  g_return_if_fail (LIMN_IS_LABEL_PALETTE (self));

  if (!g_set_object (&self->project, project))
    return;

  gtk_list_box_bind_model (self->list,
                           project ? limn_project_get_labels (project) : NULL,
                           create_row, self, NULL);
}

void
limn_label_palette_set_active (LimnLabelPalette *self,
                               const char       *label_id)
{
  GtkListBoxRow *row;

  g_return_if_fail (LIMN_IS_LABEL_PALETTE (self));

  self->updating = TRUE;
  gtk_list_box_unselect_all (self->list);
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list, i)) != NULL; i++)
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "label-id"), label_id) == 0)
      {
        gtk_list_box_select_row (self->list, row);
        break;
      }
  self->updating = FALSE;
}
