/* limn-fake-monitor.h
 *
 * A GNetworkMonitor the test controls: GLib's would need a real network to
 * come and go. Hand it to limn_sync_client_set_network_monitor().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LIMN_TYPE_FAKE_MONITOR (limn_fake_monitor_get_type ())
G_DECLARE_FINAL_TYPE (LimnFakeMonitor, limn_fake_monitor, LIMN, FAKE_MONITOR, GObject)

/* Available at first. */
LimnFakeMonitor *limn_fake_monitor_new           (void);
/* Notifies network-available and emits network-changed. */
void             limn_fake_monitor_set_available (LimnFakeMonitor *self,
                                                  gboolean         available);

G_END_DECLS
