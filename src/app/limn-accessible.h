/* limn-accessible.h
 *
 * Accessible names GTK 4.8 cannot be told about directly: the row widget a
 * list view wraps around an item's child (GtkListItem has no accessible
 * label before GTK 4.12), the button inside a GtkMenuButton or a
 * GtkDropDown, the close button of a GtkInfoBar, the show/hide icon of an
 * AdwPasswordEntryRow, the search entry of an
 * AdwPreferencesWindow, and the rows of an AdwComboRow; and the name of a
 * button with a mnemonic, which GTK 4.8 spells "_Cancel Cancel".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Names the list row that hosts @child (a list item's child, once bound);
 * does nothing while @child has no parent. */
void limn_accessible_label_list_row    (GtkWidget     *child,
                                        const char    *label);

/* Names @widget (a GtkMenuButton or a GtkDropDown) and the toggle button
 * inside it, which is what AT-SPI reaches. */
void limn_accessible_label_popup_button (GtkWidget    *widget,
                                         const char   *label);

/* Names the icon-only close button GtkInfoBar makes for
 * show-close-button ("Close"). */
void limn_accessible_label_info_bar_close (GtkInfoBar *bar);

/* Names the first GtkSearchEntry inside @root ("Search"): libadwaita's
 * preferences window has one, with no name, even with search off. */
void limn_accessible_label_search_entry  (GtkWidget  *root);

/* Names the rows of @row's default factory (the selected item shown in
 * the row, and each item of its popover) for their text: GTK 4.8 gives
 * a list row no name from its child. */
void limn_accessible_label_combo_row     (AdwComboRow *row);

/* Names the show/hide button of @row (icon-only, with only a tooltip in
 * libadwaita 1.2) by its tooltip, kept in step with it. */
void limn_accessible_label_password_peek (AdwPasswordEntryRow *row);

/* From now on, every button with a mnemonic label (use-underline) that
 * is shown, or is in a window or popover that is shown, is named by its
 * label's text alone ("Cancel"), also after its label changes. Call once,
 * at startup. */
void limn_accessible_watch_mnemonics     (void);

G_END_DECLS
