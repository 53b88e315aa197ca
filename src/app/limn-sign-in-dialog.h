/* limn-sign-in-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sync/limn-sync-client.h"

G_BEGIN_DECLS

#define LIMN_TYPE_SIGN_IN_DIALOG (limn_sign_in_dialog_get_type ())

G_DECLARE_FINAL_TYPE (LimnSignInDialog, limn_sign_in_dialog, LIMN, SIGN_IN_DIALOG, AdwWindow)

LimnSignInDialog *limn_sign_in_dialog_new (GtkWindow      *parent,
                                           LimnSyncClient *client);

G_END_DECLS
