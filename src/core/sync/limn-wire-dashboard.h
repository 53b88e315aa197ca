/* limn-wire-dashboard.h
 *
 * The leads' team dashboard as the server sends it (issue 19,
 * GET /api/v1/projects/{id}/dashboard?days=N): throughput per day and a
 * finish-date forecast, per-annotator figures, agreement by label, source
 * and guideline version, confusion hot spots and alerts. Checked in full
 * (types, ranges, sizes) before the app sees any of it; unknown members,
 * alert kinds and groupings of a newer server are ignored, not errors.
 * Numbers the server could not compute (JSON null) are NaN here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LIMN_WIRE_MAX_DASHBOARD_DAYS       365
#define LIMN_WIRE_MAX_DASHBOARD_ANNOTATORS 10000
#define LIMN_WIRE_MAX_DASHBOARD_ROWS       10000  /* agreement rows, hot spots, alerts */
#define LIMN_WIRE_MAX_DASHBOARD_BY_ANSWERS 64

/* A proportion with its Wilson 95 % interval; p, low, high NaN when n = 0. */
typedef struct
{
  double p;
  double low;
  double high;
  gint64 n;
} LimnDashboardRate;

typedef struct
{
  gint64 day_us;        /* the day's start, UTC µs */
  gint64 submitted;
  gint64 reviewed;
} LimnDashboardDay;

typedef struct
{
  char             *annotator;   /* a pseudonym ("a-3f9c1e") or, for an admin, the user id */
  gint64            submitted;
  LimnDashboardRate acceptance;
  LimnDashboardRate rework;
  LimnDashboardRate gold_accuracy;
  double            skill;       /* difficulty-adjusted ability; NaN: too little overlap */
  double            median_active_s; /* NaN: unknown */
  gboolean          drifting;
  /* Answers per whole day over the forecast window: mean, standard
   * deviation, days; rate_days 0 (NaNs): not sent. */
  double            rate_per_day;
  double            rate_sd;
  gint64            rate_days;
} LimnDashboardAnnotator;

typedef enum
{
  LIMN_AGREEMENT_BY_LABEL,
  LIMN_AGREEMENT_BY_SOURCE,
  LIMN_AGREEMENT_BY_GUIDELINE_VERSION,
  LIMN_AGREEMENT_BY_N
} LimnAgreementBy;

typedef struct
{
  LimnAgreementBy by;
  char           *key;           /* for a label, its id */
  char           *name;          /* the label's name as the server has it, or NULL */
  double          alpha;         /* Krippendorff's α; NaN: not computable */
  double          ac1;           /* Gwet's AC1; NaN likewise */
  gint64          units;
} LimnDashboardAgreement;

typedef struct
{
  char   *label;                 /* label ids */
  char   *confused_with;
  char   *label_name;            /* their names as the server has them, or NULL */
  char   *confused_with_name;
  double  disagreement;          /* 0..1 */
  double  mean_confidence;       /* 0..1; NaN: unknown */
  gint64  items;
} LimnDashboardHotSpot;

typedef enum
{
  LIMN_ALERT_AGREEMENT_LOW,
  LIMN_ALERT_ANNOTATOR_DRIFT,
  LIMN_ALERT_LABEL_OVERUSE,
  LIMN_ALERT_GOLD_DROP,
  LIMN_ALERT_CONFUSION_HOT_SPOT, /* subject: "Name / Name"; value: the disagreement */
  LIMN_ALERT_UNKNOWN,            /* a newer server's kind: only its English message */
} LimnAlertKind;

typedef struct
{
  char          *id;
  LimnAlertKind  kind;
  char          *subject;
  double         value;          /* NaN: none */
  double         threshold;      /* NaN: none */
  gint64         since_us;       /* 0: unknown */
  char          *message;        /* the server's English, or NULL */
} LimnDashboardAlert;

typedef struct
{
  char      *project_id;
  gint64     generated_us;
  guint      days;
  gboolean   pseudonymous;
  GArray    *throughput;         /* LimnDashboardDay, oldest first */
  gint64     remaining_tasks;    /* -1: unknown */
  gint64     remaining_annotations;
  gint64     remaining_overlap;
  GArray    *by_answers;         /* gint64: tasks (not gold) with k answers, the last k or more;
                                  * empty when not sent */
  /* The forecast; has_forecast FALSE with forecast_reason (nullable) when
   * the server could not make one. */
  gboolean   has_forecast;
  double     rate_per_day;
  gint64     finish_day_us;
  gint64     low_day_us;
  gint64     high_day_us;
  char      *forecast_reason;
  GPtrArray *annotators;         /* LimnDashboardAnnotator */
  GPtrArray *agreement;          /* LimnDashboardAgreement, in the server's order */
  GPtrArray *hot_spots;          /* LimnDashboardHotSpot */
  GPtrArray *alerts;             /* LimnDashboardAlert */
} LimnTeamDashboard;

void               limn_team_dashboard_free   (LimnTeamDashboard *dashboard);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnTeamDashboard, limn_team_dashboard_free)

/* The answer's "by" / "kind" names; NULL / FALSE for unknown ones. */
const char        *limn_agreement_by_to_string (LimnAgreementBy by);
gboolean           limn_agreement_by_from_string (const char      *name,
                                                  LimnAgreementBy *by);

/* The dashboard in @body. Any fault is LIMN_SYNC_ERROR_BAD_RESPONSE with a
 * translated message naming the member ("dashboard.annotators[2].skill:
 * must be a number."). */
LimnTeamDashboard *limn_wire_parse_dashboard  (GBytes            *body,
                                               GError           **error);

G_END_DECLS
