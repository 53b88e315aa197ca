/* limn-when.h
 *
 * When something happened, as review and feedback show it: the time for
 * today, the date and time before.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @us: microseconds since the epoch; "" for 0. */
char *limn_format_when (gint64 us);

G_END_DECLS
