/* limn-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "limn-application.h"

G_BEGIN_DECLS

#define LIMN_TYPE_WINDOW (limn_window_get_type ())

G_DECLARE_FINAL_TYPE (LimnWindow, limn_window, LIMN, WINDOW, AdwApplicationWindow)

LimnWindow *limn_window_new (LimnApplication *application);

G_END_DECLS
