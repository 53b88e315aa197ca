/* limn-history-row.h
 *
 * A task's history entry as a list row (limn-history-row.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "model/limn-history.h"

G_BEGIN_DECLS

/* "Sent back by rita: Missed an object" and the like. */
char      *limn_history_verdict_title (const LimnReviewVerdict *review);
/* An AdwActionRow for @entry. */
GtkWidget *limn_history_row_new       (const LimnHistoryEntry  *entry);

G_END_DECLS
