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

G_END_DECLS
