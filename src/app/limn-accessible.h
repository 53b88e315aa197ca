/* limn-accessible.h
 *
 * Accessible names GTK 4.8 cannot be told about directly: the row widget a
 * list view wraps around an item's child (GtkListItem has no accessible
 * label before GTK 4.12), and the button inside a GtkMenuButton or a
 * GtkDropDown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Names the list row that hosts @child (a list item's child, once bound);
 * does nothing while @child has no parent. */
void limn_accessible_label_list_row    (GtkWidget     *child,
                                        const char    *label);

/* Names @widget (a GtkMenuButton or a GtkDropDown) and the toggle button
 * inside it, which is what AT-SPI reaches. */
void limn_accessible_label_popup_button (GtkWidget    *widget,
                                         const char   *label);

G_END_DECLS
