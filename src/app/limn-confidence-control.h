/* limn-confidence-control.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LIMN_TYPE_CONFIDENCE_CONTROL (limn_confidence_control_get_type ())

G_DECLARE_FINAL_TYPE (LimnConfidenceControl, limn_confidence_control, LIMN, CONFIDENCE_CONTROL, GtkWidget)

GtkWidget *limn_confidence_control_new       (void);
void       limn_confidence_control_set_steps (LimnConfidenceControl *self,
                                              guint                  steps);
/* Shows @confidence (0..1, or negative for unset) without emitting. */
void       limn_confidence_control_set_value (LimnConfidenceControl *self,
                                              double                 confidence);

G_END_DECLS
