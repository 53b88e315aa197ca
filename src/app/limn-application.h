/* limn-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LIMN_TYPE_APPLICATION (limn_application_get_type ())

G_DECLARE_FINAL_TYPE (LimnApplication, limn_application, LIMN, APPLICATION, AdwApplication)

LimnApplication *limn_application_new          (void);
GSettings       *limn_application_get_settings (LimnApplication *self);

G_END_DECLS
