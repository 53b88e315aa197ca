/* limn-sync-indicator.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sync/limn-sync-client.h"

G_BEGIN_DECLS

#define LIMN_TYPE_SYNC_INDICATOR (limn_sync_indicator_get_type ())

G_DECLARE_FINAL_TYPE (LimnSyncIndicator, limn_sync_indicator, LIMN, SYNC_INDICATOR, GtkWidget)

void        limn_sync_indicator_set_client (LimnSyncIndicator *self,
                                            LimnSyncClient    *client);
/* The one-line summary the button shows as tooltip and accessible name. */
const char *limn_sync_indicator_get_summary (LimnSyncIndicator *self);
/* The header bar button that opens the popover (for tests). */
GtkWidget  *limn_sync_indicator_get_button (LimnSyncIndicator *self);
/* "Get More Tasks" is on its way (tried again by the client on failures). */
void        limn_sync_indicator_set_claiming (LimnSyncIndicator *self,
                                              gboolean           claiming);

G_END_DECLS
