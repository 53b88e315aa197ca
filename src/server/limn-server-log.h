/* limn-server-log.h
 *
 * Text from a client as it may go into the log: a decoded request path
 * can hold any byte, and a raw newline or escape sequence would forge
 * log lines or drive the operator's terminal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @text with every byte below 0x20, 0x7f and backslash written as \xNN
 * (a backslash as \\); valid UTF-8 otherwise kept, invalid bytes
 * escaped too. */
char *limn_server_log_escape (const char *text);

G_END_DECLS
