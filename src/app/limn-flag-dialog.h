/* limn-flag-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LIMN_TYPE_FLAG_DIALOG (limn_flag_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LimnFlagDialog, limn_flag_dialog, LIMN, FLAG_DIALOG, AdwMessageDialog)

/* Emits "flag" (const char *category, const char *text) when the user
 * confirms, then closes. Categories: "guideline-gap", "label-conflict",
 * "bad-data", "other". */
LimnFlagDialog *limn_flag_dialog_new (GtkWindow  *parent,
                                      const char *task_title);

/* A region is selected: the report may be about it ("About the
 * selected Car box", a switch, on by default). */
void            limn_flag_dialog_set_region     (LimnFlagDialog *self,
                                                 const char     *label_name,
                                                 gboolean        span);
/* Whether the report is tied to the selected region. */
gboolean        limn_flag_dialog_get_about_region (LimnFlagDialog *self);
/* For tests: the switch, while a region is offered, else NULL. */
GtkWidget      *limn_flag_dialog_get_region_switch (LimnFlagDialog *self);
/* A category's words for people ("Two labels fit equally"); an unknown
 * one is returned as it is. */
const char     *limn_flag_dialog_category_label (const char *category);

G_END_DECLS
