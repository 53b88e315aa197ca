/* limn-tooltip.h
 *
 * A tooltip given as text and shown when GTK asks for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Like gtk_widget_set_tooltip_text() (NULL or "" removes it), without
 * asking the display where the pointer is: for widgets made by the dozen
 * (confidence steps, task rows) or updated often. */
void limn_tooltip_set_text (GtkWidget  *widget,
                            const char *text);

G_END_DECLS
