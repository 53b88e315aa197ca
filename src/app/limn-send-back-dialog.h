/* limn-send-back-dialog.h
 *
 * Asks why a task goes back to its annotator: a reason code from
 * docs/review.md's list and a comment for the whole task, and says how
 * many comments are pinned to regions. An AdwMessageDialog whose "send"
 * response means send it back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LIMN_TYPE_SEND_BACK_DIALOG (limn_send_back_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LimnSendBackDialog, limn_send_back_dialog, LIMN, SEND_BACK_DIALOG, AdwMessageDialog)

/* @reason, @comment: (nullable): what a draft had. */
GtkWidget  *limn_send_back_dialog_new         (GtkWindow          *parent,
                                               const char         *annotator,
                                               guint               n_pinned,
                                               const char         *reason,
                                               const char         *comment);
/* The chosen reason code ("missed_object" …). */
const char *limn_send_back_dialog_get_reason  (LimnSendBackDialog *self);
void        limn_send_back_dialog_set_reason  (LimnSendBackDialog *self,
                                               const char         *reason);
const char *limn_send_back_dialog_get_comment (LimnSendBackDialog *self);
GtkWidget  *limn_send_back_dialog_get_reason_dropdown (LimnSendBackDialog *self);
GtkWidget  *limn_send_back_dialog_get_comment_entry   (LimnSendBackDialog *self);

G_END_DECLS
