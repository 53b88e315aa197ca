/* limn-progress-page.h
 *
 * The "Progress" page: the signed-in annotator's own dashboard (issue 19,
 * docs/metrics.md §8), read from the local store by a job off the main
 * loop. A summary (this week's work, accuracy against gold, the typical
 * time, a sentence on how accuracy moved), chart cards (accuracy and
 * rework by week, time per task, calibration, a confusion heat map, label
 * use beside the team's) and the feedback received with the open threads.
 * Framed as growth: nobody else is named or ranked. Built the first time it
 * is shown; reloads after a sync while it is shown, else when next shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-page.h"

G_BEGIN_DECLS

#define LIMN_TYPE_PROGRESS_PAGE (limn_progress_page_get_type ())

G_DECLARE_FINAL_TYPE (LimnProgressPage, limn_progress_page, LIMN, PROGRESS_PAGE, GtkWidget)

/* Whether a project is open (its own work, local or synced): the page
 * table's may_open. */
gboolean    limn_progress_page_may_open        (LimnSession      *session);

/* For tests */
/* "loading", "empty" or "dashboard". */
const char *limn_progress_page_get_state       (LimnProgressPage *self);
/* The summary's three figures and the growth sentence. */
const char *limn_progress_page_get_summary     (LimnProgressPage *self,
                                                guint             index);
GtkWidget  *limn_progress_page_get_card        (LimnProgressPage *self,
                                                const char       *name);
GtkWidget  *limn_progress_page_get_feedback_list (LimnProgressPage *self);
GtkWidget  *limn_progress_page_get_threads_list  (LimnProgressPage *self);
/* Loads done since the page was built. */
guint       limn_progress_page_get_n_loads     (LimnProgressPage *self);
/* The training lines (qualification, training accuracy), "\n"-joined;
 * "" while hidden. */
char       *limn_progress_page_get_training    (LimnProgressPage *self);

G_END_DECLS
