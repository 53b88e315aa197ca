/* limn-delayed-spinner.h
 *
 * A spinner that appears only when waiting lasts long enough to notice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Shows and starts @spinner after a delay, unless stopped before. */
void limn_delayed_spinner_start (GtkSpinner *spinner);
/* Stops and hides @spinner, or cancels its pending start. */
void limn_delayed_spinner_stop  (GtkSpinner *spinner);

G_END_DECLS
