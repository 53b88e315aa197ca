/* limn-label-palette.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "model/limn-project.h"

G_BEGIN_DECLS

#define LIMN_TYPE_LABEL_PALETTE (limn_label_palette_get_type ())

G_DECLARE_FINAL_TYPE (LimnLabelPalette, limn_label_palette, LIMN, LABEL_PALETTE, GtkWidget)

GtkWidget  *limn_label_palette_new          (void);
void        limn_label_palette_set_project  (LimnLabelPalette *self,
                                             LimnProject      *project);
/* Marks the label new boxes and spans get (the selected row). */
void        limn_label_palette_set_active   (LimnLabelPalette *self,
                                             const char       *label_id);

G_END_DECLS
