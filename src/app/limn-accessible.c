/* limn-accessible.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "limn-accessible.h"

void
limn_accessible_label_list_row (GtkWidget  *child,
                                const char *label)
{
  GtkWidget *row;

  g_return_if_fail (GTK_IS_WIDGET (child));

  /* GTK 4.8's list row (GtkListItemWidget, role list-item) takes no name
   * from its child: a screen reader would say "list item" for each. */
  row = gtk_widget_get_parent (child);
  if (row != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    label != NULL ? label : "", -1);
}

void
limn_accessible_label_popup_button (GtkWidget  *widget,
                                    const char *label)
{
  GtkWidget *inner;

  g_return_if_fail (GTK_IS_MENU_BUTTON (widget) || GTK_IS_DROP_DOWN (widget));

  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  /* In GTK 4.8 the focusable toggle button inside is a node of its own
   * and does not borrow its parent's name (4.10 links them). */
  for (inner = gtk_widget_get_first_child (widget); inner != NULL;
       inner = gtk_widget_get_next_sibling (inner))
    if (GTK_IS_BUTTON (inner))
      gtk_accessible_update_property (GTK_ACCESSIBLE (inner), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static GtkWidget *
find_descendant (GtkWidget *root,
                 gboolean (*match) (GtkWidget *))
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (match (child))
        return child;
      if ((found = find_descendant (child, match)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_close_button (GtkWidget *widget)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (widget)), "window-close-symbolic") == 0;
}

static gboolean
is_search_entry (GtkWidget *widget)
{
  return GTK_IS_SEARCH_ENTRY (widget);
}

void
limn_accessible_label_info_bar_close (GtkInfoBar *bar)
{
  GtkWidget *button = find_descendant (GTK_WIDGET (bar), is_close_button);

  if (button != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Close"), -1);
}

void
limn_accessible_label_search_entry (GtkWidget *root)
{
  GtkWidget *entry = find_descendant (root, is_search_entry);

  if (entry != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search"), -1);
}

static void
combo_item_bound_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  data)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *label = box != NULL ? gtk_widget_get_first_child (box) : NULL;

  /* The default factory's child: a box holding the item's label. */
  if (GTK_IS_LABEL (label))
    limn_accessible_label_list_row (box, gtk_label_get_text (GTK_LABEL (label)));
}

/* Rows bound before we were connected (a model set in the template). */
static void
label_bound_rows (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *label = gtk_widget_get_first_child (child);

      if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) == GTK_ACCESSIBLE_ROLE_LIST_ITEM &&
          GTK_IS_BOX (child) && GTK_IS_LABEL (label))
        limn_accessible_label_list_row (child, gtk_label_get_text (GTK_LABEL (label)));
      else
        label_bound_rows (child);
    }
}

void
limn_accessible_label_combo_row (AdwComboRow *row)
{
  GtkListItemFactory *factory = adw_combo_row_get_factory (row);

  g_return_if_fail (GTK_IS_SIGNAL_LIST_ITEM_FACTORY (factory));
  g_signal_connect_after (factory, "bind", G_CALLBACK (combo_item_bound_cb), NULL);
  label_bound_rows (GTK_WIDGET (row));
}
