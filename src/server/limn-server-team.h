/* limn-server-team.h
 *
 * The team's figures of one project (docs/metrics.md §9), computed from
 * one read of the store (LimnServerTeamData) with the core analytics:
 * throughput and forecast, per-annotator rates, agreement by label,
 * source and guideline version, confusion hot spots and label overuse.
 * Pure computation: the routes render it, the alerts judge it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "analytics/limn-annotator-stats.h"
#include "analytics/limn-workload.h"
#include "backend/limn-server-backend.h"

G_BEGIN_DECLS

#define LIMN_SERVER_TEAM_MIN_ANNOTATORS   3      /* k-anonymity of team figures */
#define LIMN_SERVER_TEAM_FORECAST_DAYS    14
#define LIMN_SERVER_TEAM_BOOTSTRAP        2000
#define LIMN_SERVER_TEAM_MIN_SKILL_ITEMS  10
#define LIMN_SERVER_TEAM_MAX_DAYS         365    /* the longest throughput window */
#define LIMN_SERVER_TEAM_SKILL_ITERATIONS 20     /* GLAD's EM at most */
#define LIMN_SERVER_TEAM_SKILL_TOLERANCE  1e-4   /* log-posterior gain per label that ends it */
#define LIMN_SERVER_TEAM_MAX_BY_ANSWERS   64     /* by_answers entries at most */

typedef struct
{
  char            *user_id;
  guint64          submitted;
  LimnReviewRates  review;          /* first verdicts */
  LimnProportion   gold;
  double           skill;           /* GLAD reliability; NaN */
  LimnTimeSummary  active;
  gboolean         drifting;
  double           drift_value;     /* the chart's latest EWMA and lower limit; NaN */
  double           drift_limit;
  gsize            outcomes;        /* gold and review outcomes in the drift chart */
  double          *label_share;     /* per project label */
  /* Answers per whole UTC day over the forecast window (from their first
   * answer on): mean, standard deviation, days; days 0: no rate. */
  double           rate_per_day;
  double           rate_sd;
  guint            rate_days;
} LimnServerTeamMember;

typedef struct
{
  const char *by;                   /* label | source | guideline_version */
  char       *key;                  /* label id, human|model, version or "none" */
  double      alpha;
  double      ac1;
  guint       units;
} LimnServerTeamAgreement;

typedef struct
{
  guint  label;                     /* project label indexes */
  guint  confused_with;
  double disagreement;
  double mean_confidence;
  guint  items;
} LimnServerHotSpot;

typedef struct
{
  guint  member;
  guint  label;
  double share;
  double team_share;
  double z;
  double p_value;
} LimnServerOveruse;

typedef struct
{
  gint        ref_count;            /* shared read-only once computed (limn-server-team-cache.h) */
  gint64      generated_us;
  gint64      today;                /* UTC day number (days since 1970-01-01) */
  guint       days;
  guint64    *submitted;            /* per day of the window, oldest first */
  guint64    *reviewed;

  gint64      overlap;
  gint64      remaining_tasks;
  gint64      remaining_annotations;
  const char *forecast_reason;      /* NULL when there is a forecast */
  double      rate;                 /* per day */
  double      rate_low;
  double      rate_high;
  gint64      finish_day;           /* day numbers; -1 when unknown */
  gint64      low_day;
  gint64      high_day;
  gint64     *by_answers;           /* tasks (not gold) by their answers, the last k or more */
  guint       n_by_answers;

  GPtrArray  *label_ids;            /* the project's labels, in order */
  GPtrArray  *label_names;
  guint64    *label_counts;         /* regions per project label, first answers */
  guint64     regions;
  LimnTimeSummary active;           /* every first answer */
  LimnProportion  gold;             /* pooled */
  LimnProportion  gold_recent;      /* received in the last 7 days */
  LimnProportion  gold_before;      /* the 30 days before those */
  LimnProportion  acceptance;       /* pooled first verdicts */

  GPtrArray  *members;              /* LimnServerTeamMember, by first answer */
  GPtrArray  *agreement;            /* LimnServerTeamAgreement */
  GArray     *hot_spots;            /* LimnServerHotSpot, worst first */
  GArray     *overuse;              /* LimnServerOveruse */

  /* For claims (docs/metrics.md §10): GLAD's difficulty of each task still
   * open (not gold, fewer answers than the overlap) that has one, task id →
   * double *; and every item's difficulty and member's skill to rank them. */
  GHashTable       *open_difficulty;
  LimnWorkloadPool *workload_pool;
} LimnServerTeamReport;

LimnServerTeamReport *limn_server_team_report_ref   (LimnServerTeamReport *report);
void                  limn_server_team_report_unref (LimnServerTeamReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnServerTeamReport, limn_server_team_report_unref)

/* Reads @project_id's data and computes its figures over the @days UTC
 * days ending today (by @now_us). */
LimnServerTeamReport *limn_server_team_compute     (LimnServerBackend    *backend,
                                                    const char           *project_id,
                                                    guint                 days,
                                                    gint64                now_us,
                                                    GError              **error);

/* @user_id's member, or NULL. */
const LimnServerTeamMember *limn_server_team_report_member (const LimnServerTeamReport *report,
                                                            const char                 *user_id);

/* "2026-12-01" for a day number; NULL past 9999-12-31. */
/* 9999-12-31, the last day a date can name. */
#define LIMN_SERVER_TEAM_LAST_DAY G_GINT64_CONSTANT (2932896)

char                 *limn_server_team_day_string  (gint64                day);

G_END_DECLS
