/* limn-server-admin.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs `limn-server admin …`; @argv[0] is "admin". Returns the exit status. */
int limn_server_admin_main (int    argc,
                            char **argv);

G_END_DECLS
