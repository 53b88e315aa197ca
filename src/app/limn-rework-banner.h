/* limn-rework-banner.h
 *
 * Over a reviewed task (docs/review.md, "Rework, closed"): who reviewed
 * it and what they decided; for a task sent back, the reason, the
 * reviewer's comment and the comments pinned to regions, each naming its
 * region's label (activating one selects the region), and the task's
 * history (revisions, verdicts, comments, who, when and under which
 * guideline version) in a popover. A task sent back and submitted again
 * says so. A corrected task offers Show Changes and Side by Side (the
 * "task.show-changes" and "task.side-by-side" actions) with a legend of
 * the changes by kind.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "analytics/limn-region-diff.h"

G_BEGIN_DECLS

#define LIMN_TYPE_REWORK_BANNER (limn_rework_banner_get_type ())

G_DECLARE_FINAL_TYPE (LimnReworkBanner, limn_rework_banner, LIMN, REWORK_BANNER, GtkWidget)

/* @reviews (LimnReviewVerdict, oldest first; nullable): the latest is
 * shown, and the banner hides without one. @region_labels: region id →
 * label name, for the pinned comments (nullable). */
void        limn_rework_banner_set_reviews    (LimnReworkBanner *self,
                                               GPtrArray        *reviews,
                                               GHashTable       *region_labels);
/* @entries (LimnHistoryEntry, oldest first), asked for by ::history-requested. */
void        limn_rework_banner_set_history    (LimnReworkBanner *self,
                                               GPtrArray        *entries);
/* The annotator's revision against the reviewer's correction (NULL:
 * none, the buttons hide); the legend counts its changes by kind. */
void        limn_rework_banner_set_changes    (LimnReworkBanner *self,
                                               LimnRegionDiff   *diff);
/* A sent-back task's answer has been submitted since. */
void        limn_rework_banner_set_resubmitted (LimnReworkBanner *self,
                                                gboolean          resubmitted);
/* Shows Edit Again (the task is read-only here). */
void        limn_rework_banner_set_can_edit   (LimnReworkBanner *self,
                                               gboolean          can_edit);
/* The banner says what became of the task (a verdict not yet answered):
 * the page's own "submitted" bar would say it twice. */
gboolean    limn_rework_banner_get_covers_status (LimnReworkBanner *self);
/* For tests: the rows of pinned comments, and the history list. */
GtkWidget  *limn_rework_banner_get_comments   (LimnReworkBanner *self);
GtkWidget  *limn_rework_banner_get_history    (LimnReworkBanner *self);
GtkWidget  *limn_rework_banner_get_history_button (LimnReworkBanner *self);
const char *limn_rework_banner_get_title      (LimnReworkBanner *self);
/* The legend's text for one kind of change (LIMN_REGION_DIFF_ADDED …). */
const char *limn_rework_banner_get_legend_text (LimnReworkBanner   *self,
                                                LimnRegionDiffFlags kind);
GtkWidget  *limn_rework_banner_get_legend     (LimnReworkBanner *self);

G_END_DECLS
