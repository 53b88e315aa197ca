/* limn-sync-url.h
 *
 * The rules for a server's address, checked before any request is sent:
 * http(s) only, with a host and without user names, passwords, queries or
 * fragments; plain http only to this computer unless the user allowed it
 * (docs/sync.md, "Addresses").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The canonical form of a server address (scheme://host[:port][/path], no
 * trailing slash). Refuses anything but http(s) with a host, user names
 * or passwords in the address, and plain http to a host other than
 * loopback (127.0.0.0/8, ::1, localhost) unless @allow_insecure. */
char *limn_sync_url_normalize (const char  *url,
                               gboolean     allow_insecure,
                               GError     **error);

G_END_DECLS
