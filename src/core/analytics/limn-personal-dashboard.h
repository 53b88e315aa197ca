/* limn-personal-dashboard.h
 *
 * One annotator's own dashboard (issue 19, docs/metrics.md §8 "Personal
 * dashboard"), computed from plain records the store reads
 * (store/limn-store-dashboard.h): their submitted revisions, the gold
 * answers revealed to them, the verdicts reviewers gave on their work, the
 * labels they used, and the team's figures. Pure computation: no SQL, no
 * clock; the caller says what "now" is.
 *
 * The units, exactly:
 * - a *submission* is one submitted revision of mine (rework makes more
 *   than one per task); its time is its own active time;
 * - a *gold answer* is my first submitted revision of a gold task (later
 *   ones may copy the revealed answer). It is *right* when it matches the
 *   gold regions one to one, none missing and none extra: boxes at IoU ≥
 *   the match threshold, spans exactly, labels equal (limn-region-match.h);
 *   nothing given for a gold answer of nothing is right too;
 * - a *reviewed submission* is a submission with a verdict received; its
 *   outcome is the latest verdict on it;
 * - a week is the ISO week (Monday 00:00 in the caller's UTC offset) of
 *   the submission, not of the verdict or the reveal.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "limn-annotator-stats.h"
#include "limn-calibration.h"
#include "limn-proportion.h"
#include "limn-region-match.h"
#include "limn-team-figures.h"

G_BEGIN_DECLS

#define LIMN_DASHBOARD_WEEK_US (G_GINT64_CONSTANT (7) * 24 * 3600 * G_USEC_PER_SEC)
/* Weeks the charts go back, the current one included. */
#define LIMN_DASHBOARD_MAX_WEEKS 26
/* The growth sentence compares the latest 3 weeks with the 3 before. */
#define LIMN_DASHBOARD_GROWTH_WEEKS 6
/* Fewer gold answers than this on either side and no growth is claimed. */
#define LIMN_DASHBOARD_GROWTH_MIN_N 5
/* The time histogram has at most this many bins. */
#define LIMN_DASHBOARD_MAX_BINS 12

typedef struct _LimnDashboardInput LimnDashboardInput;

/* @labels: the project's label names, in order; a region's label is an
 * index into them. @now_us and @utc_offset_us place "this week". */
LimnDashboardInput *limn_dashboard_input_new            (const char * const *labels,
                                                         gint64              now_us,
                                                         gint64              utc_offset_us);
void                limn_dashboard_input_free           (LimnDashboardInput *input);
/* One submission; returns its index. @confidence: NaN or negative when
 * none was stated. */
guint               limn_dashboard_input_add_submission (LimnDashboardInput *input,
                                                         gint64              submitted_us,
                                                         gint64              active_ms,
                                                         double              confidence);
/* The gold answer of submission @submission: gold regions against mine,
 * boxes at IoU ≥ @min_iou. Fails on an invalid region or label. */
gboolean            limn_dashboard_input_add_gold       (LimnDashboardInput    *input,
                                                         guint                  submission,
                                                         const LimnLabeledBox  *gold_boxes,
                                                         guint                  n_gold_boxes,
                                                         const LimnLabeledBox  *my_boxes,
                                                         guint                  n_my_boxes,
                                                         const LimnLabeledSpan *gold_spans,
                                                         guint                  n_gold_spans,
                                                         const LimnLabeledSpan *my_spans,
                                                         guint                  n_my_spans,
                                                         double                 min_iou,
                                                         GError               **error);
/* A verdict on submission @submission; the latest (by @created_us) stands. */
void                limn_dashboard_input_add_verdict    (LimnDashboardInput *input,
                                                         guint               submission,
                                                         gint64              created_us,
                                                         LimnReviewOutcome   outcome);
/* Regions I gave label @label in my latest submitted revisions. */
void                limn_dashboard_input_add_label_use  (LimnDashboardInput *input,
                                                         guint               label,
                                                         guint64             count);
/* Takes @team (nullable: nothing received). */
void                limn_dashboard_input_set_team       (LimnDashboardInput *input,
                                                         LimnTeamFigures    *team);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnDashboardInput, limn_dashboard_input_free)

typedef struct
{
  gint64         week_us;     /* the week's Monday, 00:00 */
  LimnProportion rate;        /* NaN: nothing that week */
} LimnDashboardWeek;

typedef enum
{
  LIMN_DRIFT_NOT_ENOUGH,      /* fewer judged submissions than the warm-up */
  LIMN_DRIFT_STEADY,
  LIMN_DRIFT_BELOW_USUAL,     /* the EWMA is below its lower limit now */
} LimnDriftState;

typedef enum
{
  LIMN_FEEDBACK_REVIEW_COMMENT,
  LIMN_FEEDBACK_REPLY,
  LIMN_FEEDBACK_NOTE,
} LimnFeedbackKind;

typedef struct
{
  LimnFeedbackKind kind;
  char            *body;
  char            *context;    /* the task's title, or NULL */
  char            *thread_id;  /* a reply's thread, or NULL */
  gint64           created_us;
} LimnFeedbackItem;

typedef struct
{
  char   *id;
  char   *title;               /* the task's title, or NULL */
  char   *category;
  char   *state;               /* "open" or "answered" */
  gint64  last_us;
} LimnOpenThread;

typedef struct
{
  gint64          now_us;
  gint64          week_us;               /* this week's Monday */
  guint64         n_submissions;
  guint64         submitted_this_week;

  /* Against gold */
  LimnProportion  gold_accuracy;         /* all gold answers */
  GArray         *gold_weeks;            /* LimnDashboardWeek; empty when no gold */
  gboolean        growth_known;
  double          growth_points;         /* 100 × (later − earlier) */
  double          growth_now;            /* the later 3 weeks' accuracy */

  /* Reviews */
  LimnReviewRates review_rates;
  GArray         *accepted_weeks;        /* LimnDashboardWeek */
  GArray         *rework_weeks;          /* LimnDashboardWeek */

  /* Time per submission (seconds) */
  LimnTimeSummary time;
  guint           n_bins;
  double         *bin_edges;             /* n_bins + 1 */
  guint64        *bin_counts;

  /* Confidence against being right (gold, else an accepted review) */
  LimnCalibration calibration;

  /* Labels: n_labels names; confusion is (n_labels + 1)² row-major, rows
   * gold, columns mine, index n_labels "none" (missed / extra). */
  guint           n_labels;
  GStrv           labels;
  guint64        *confusion;
  guint64        *my_label_counts;
  /* Beside the team: NULL when there is not enough team data. */
  LimnTeamFigures *team;
  guint64        *team_label_counts;     /* n_labels; by name */
  LimnLabelUsage *label_usage;           /* n_labels */

  LimnDriftState  drift;

  /* Feedback received (filled by the store) */
  guint64         n_review_comments;
  guint64         n_replies;
  guint64         n_notes;
  GPtrArray      *recent_feedback;       /* LimnFeedbackItem, newest first */
  GPtrArray      *open_threads;          /* LimnOpenThread, last activity first */
} LimnPersonalDashboard;

LimnPersonalDashboard *limn_personal_dashboard_compute (LimnDashboardInput     *input,
                                                        GError                **error);
void                   limn_personal_dashboard_free    (LimnPersonalDashboard  *dashboard);

/* The Monday 00:00 (at @utc_offset_us) of the week holding @time_us. */
gint64                 limn_dashboard_week_start        (gint64                  time_us,
                                                         gint64                  utc_offset_us);

void                   limn_feedback_item_free          (LimnFeedbackItem       *item);
void                   limn_open_thread_free            (LimnOpenThread         *thread);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnPersonalDashboard, limn_personal_dashboard_free)

G_END_DECLS
