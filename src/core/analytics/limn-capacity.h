/* limn-capacity.h
 *
 * The leads' capacity model (docs/metrics.md §10, "Capacity"): from each
 * annotator's recent rate (answers per day, with its day-to-day spread)
 * and the queue (tasks by the answers they have, so another overlap can
 * be tried), the expected finish in days with a 95 % interval, by a
 * normal approximation; and what-if: more annotators at the team's
 * median rate, another overlap.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double per_day;   /* mean answers per day over the recent days */
  double sd;        /* standard deviation of the daily counts */
  guint  days;      /* how many days those are; 0: no rate */
} LimnCapacityRate;

typedef struct
{
  guint  added;     /* annotators added at the team's median rate */
  gint64 overlap;   /* answers wanted per task */
} LimnCapacityWhatIf;

typedef struct
{
  gint64 remaining; /* answers still wanted at the what-if overlap */
  double rate;      /* the team's expected answers per day */
  double days;      /* expected days to the finish; 0 when nothing remains */
  double days_low;  /* 2.5 % */
  double days_high; /* 97.5 %; INFINITY: the rate may be 0 */
} LimnCapacityForecast;

/* Answers still wanted at @overlap, given @by_answers[k] = the tasks
 * (not gold) with k answers, the last entry k or more. */
gint64   limn_capacity_remaining (const gint64              *by_answers,
                                  guint                      n_by_answers,
                                  gint64                     overlap);

/* The median rate and spread of @rates with days > 0 (NaN when none). */
void     limn_capacity_median    (const LimnCapacityRate    *rates,
                                  guint                      n_rates,
                                  LimnCapacityRate          *median);

/* Fills @out; FALSE when no forecast can be made (no annotator with a
 * rate above 0 and something remains). */
gboolean limn_capacity_forecast  (const LimnCapacityRate    *rates,
                                  guint                      n_rates,
                                  const gint64              *by_answers,
                                  guint                      n_by_answers,
                                  const LimnCapacityWhatIf  *what_if,
                                  LimnCapacityForecast      *out);

G_END_DECLS
