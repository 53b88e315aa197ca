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
tooltip_changed_cb (GtkWidget  *button,
                    GParamSpec *pspec,
                    gpointer    data)
{
  const char *tip = gtk_widget_get_tooltip_text (button);

  if (tip != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
}

static void
label_buttons_by_tooltip (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_BUTTON (child))
        {
          g_signal_connect (child, "notify::tooltip-text", G_CALLBACK (tooltip_changed_cb), NULL);
          tooltip_changed_cb (child, NULL, NULL);
        }
      else
        label_buttons_by_tooltip (child);
    }
}

void
limn_accessible_label_password_peek (AdwPasswordEntryRow *row)
{
  /* libadwaita 1.2's icon buttons in the row (show/hide, apply) have only
   * a tooltip, translated by it ("Show Text" / "Hide Text"), that follows
   * the state: the name follows the tooltip. */
  label_buttons_by_tooltip (GTK_WIDGET (row));
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

/* GTK 4.8's GtkButton sets its accessible label to the raw label
 * ("_Cancel") and also points labelled-by at its GtkLabel child
 * ("Cancel"); AT-SPI joins both: "_Cancel Cancel". Dropping the label
 * property leaves the child's text, which is what a screen reader should
 * say (GTK 4.10 no longer sets the property). */
static void
unlabel_mnemonic_button (GtkButton *button)
{
  if (gtk_button_get_use_underline (button) && gtk_button_get_label (button) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
mnemonic_label_changed_cb (GObject    *object,
                           GParamSpec *pspec,
                           gpointer    data)
{
  unlabel_mnemonic_button (GTK_BUTTON (object));
}

static void
watch_mnemonic_button (GtkButton *button)
{
  static GQuark watched;

  if (watched == 0)
    watched = g_quark_from_static_string ("limn-mnemonic-watched");
  if (g_object_get_qdata (G_OBJECT (button), watched) == NULL)
    {
      g_object_set_qdata (G_OBJECT (button), watched, GINT_TO_POINTER (1));
      /* gtk_button_set_label() sets the property again before notifying. */
      g_signal_connect (button, "notify::label", G_CALLBACK (mnemonic_label_changed_cb), NULL);
      g_signal_connect (button, "notify::use-underline", G_CALLBACK (mnemonic_label_changed_cb), NULL);
    }
  unlabel_mnemonic_button (button);
}

static void
watch_mnemonic_buttons_in (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    watch_mnemonic_button (GTK_BUTTON (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    watch_mnemonic_buttons_in (child);
}

static gboolean
watch_mapped_cb (gpointer data)
{
  GtkWidget *widget = data;

  if (GTK_IS_BUTTON (widget))
    watch_mnemonic_button (GTK_BUTTON (widget));
  else
    watch_mnemonic_buttons_in (widget);

  return G_SOURCE_REMOVE;
}

/* A window, popover or stack being shown: all its buttons, also those on
 * stack pages not shown (AT-SPI reads those too; a page built on first
 * show may hold one); a button: itself (one added later). From an idle: a property reset while the
 * widget maps is lost (its accessible context is being realized). */
static gboolean
widget_mapped_hook (GSignalInvocationHint *hint,
                    guint                  n_values,
                    const GValue          *values,
                    gpointer               data)
{
  GtkWidget *widget = g_value_get_object (&values[0]);

  if (GTK_IS_NATIVE (widget) || GTK_IS_BUTTON (widget) || GTK_IS_STACK (widget) ||
      ADW_IS_VIEW_STACK (widget))
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, watch_mapped_cb, g_object_ref (widget), g_object_unref);

  return TRUE;
}

void
limn_accessible_watch_mnemonics (void)
{
  static gsize installed;

  if (g_once_init_enter (&installed))
    {
      /* The signal exists once the class does: maybe no widget yet. */
      g_type_class_ref (GTK_TYPE_WIDGET);
      g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0,
                                  widget_mapped_hook, NULL, NULL);
      g_once_init_leave (&installed, 1);
    }
}
