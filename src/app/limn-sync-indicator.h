/* limn-sync-indicator.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "limn-sync-client.h"

G_BEGIN_DECLS

#define LIMN_TYPE_SYNC_INDICATOR (limn_sync_indicator_get_type ())

G_DECLARE_FINAL_TYPE (LimnSyncIndicator, limn_sync_indicator, LIMN, SYNC_INDICATOR, GtkWidget)

void        limn_sync_indicator_set_client (LimnSyncIndicator *self,
                                            LimnSyncClient    *client);
/* The one-line summary the button shows as tooltip and accessible name. */
const char *limn_sync_indicator_get_summary (LimnSyncIndicator *self);

G_END_DECLS
