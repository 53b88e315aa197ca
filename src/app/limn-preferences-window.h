/* limn-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LIMN_TYPE_PREFERENCES_WINDOW (limn_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (LimnPreferencesWindow, limn_preferences_window, LIMN, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* @settings: the app.limn.Limn settings; every row is bound to a key. */
LimnPreferencesWindow *limn_preferences_window_new (GtkWindow *parent,
                                                    GSettings *settings);

G_END_DECLS
