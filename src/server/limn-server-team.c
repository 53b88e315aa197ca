/* limn-server-team.c
 *
 * Every definition here is docs/metrics.md §9; the coefficients,
 * intervals, truth inference and drift chart are the core's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analytics/limn-agreement.h"
#include "analytics/limn-drift.h"
#include "analytics/limn-truth.h"
#include "limn-server-gold.h"
#include "limn-server-projects.h"
#include "limn-server-team.h"

#define DAY_US ((gint64)86400 * G_USEC_PER_SEC)
#define HOT_SPOT_MIN_ITEMS       3
#define HOT_SPOT_MIN_CONFIDENCE  0.7
#define HOT_SPOTS_SHOWN          10

static void
member_free (LimnServerTeamMember *m)
{
  g_free (m->user_id);
  g_free (m->label_share);
  g_free (m);
}

static void
agreement_free (LimnServerTeamAgreement *a)
{
  g_free (a->key);
  g_free (a);
}

LimnServerTeamReport *
limn_server_team_report_ref (LimnServerTeamReport *report)
{
  g_atomic_int_inc (&report->ref_count);
  return report;
}

void
limn_server_team_report_unref (LimnServerTeamReport *report)
{
  if (report == NULL || !g_atomic_int_dec_and_test (&report->ref_count))
    return;

  g_free (report->submitted);
  g_free (report->reviewed);
  g_clear_pointer (&report->label_ids, g_ptr_array_unref);
  g_clear_pointer (&report->label_names, g_ptr_array_unref);
  g_free (report->label_counts);
  g_clear_pointer (&report->members, g_ptr_array_unref);
  g_clear_pointer (&report->agreement, g_ptr_array_unref);
  g_clear_pointer (&report->hot_spots, g_array_unref);
  g_clear_pointer (&report->overuse, g_array_unref);
  g_free (report->by_answers);
  g_clear_pointer (&report->open_difficulty, g_hash_table_unref);
  g_clear_pointer (&report->workload_pool, limn_workload_pool_free);
  g_free (report);
}

const LimnServerTeamMember *
limn_server_team_report_member (const LimnServerTeamReport *report,
                                const char                 *user_id)
{
  for (guint m = 0; m < report->members->len; m++)
    {
      const LimnServerTeamMember *member = g_ptr_array_index (report->members, m);

      if (g_strcmp0 (member->user_id, user_id) == 0)
        return member;
    }
  return NULL;
}

char *
limn_server_team_day_string (gint64 day)
{
  g_autoptr(GDateTime) dt = NULL;

  /* A forecast at a rate near zero lands past year 9999, which no date
   * can say (and day * 86400 would overflow): no date then. */
  if (day < 0 || day > LIMN_SERVER_TEAM_LAST_DAY)
    return NULL;
  dt = g_date_time_new_from_unix_utc (day * 86400);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d") : NULL;
}

static gint64
day_of (gint64 us)
{
  return us >= 0 ? us / DAY_US : -((-us + DAY_US - 1) / DAY_US);
}

/* What the computation shares. */
typedef struct
{
  const LimnServerTeamData *data;
  const LimnServerProject  *project;
  LimnServerTeamReport     *report;
  guint                     n_labels;       /* the project's */
  guint                    *label_of;       /* data label → project label */
  guint                    *task_answers;   /* answers per task */
  guint                    *task_first;     /* first answer of each task */
  guint64                  *label_sets;     /* per answer, label_set_of () */
} Ctx;

static const LimnServerTeamAnswer *
answer_at (const Ctx *c,
           guint      i)
{
  return &g_array_index (c->data->answers, LimnServerTeamAnswer, i);
}

static guint
region_label (const Ctx                  *c,
              const LimnServerTeamAnswer *a,
              guint                       r)
{
  return c->label_of[g_array_index (c->data->region_labels, guint, a->first_region + r)];
}

/* Bit k: the answer has a region of project label k (labels beyond 64
 * share the last bit: a project has a handful). */
static guint64
label_set_of (const Ctx                  *c,
              const LimnServerTeamAnswer *a)
{
  guint64 set = 0;

  for (guint r = 0; r < a->n_regions; r++)
    set |= G_GUINT64_CONSTANT (1) << MIN (region_label (c, a, r), 63);
  return set;
}

/* The same, computed once per answer. */
static guint64
label_set (const Ctx                  *c,
           const LimnServerTeamAnswer *a)
{
  return c->label_sets[a - answer_at (c, 0)];
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

/* Each member's daily answers over the whole days from @window_start (or
 * their first answer, if later) to yesterday: mean and standard deviation
 * (with one day, √mean, as for a Poisson count), for the capacity model. */
static void
member_rates (Ctx    *c,
              gint64  window_start)
{
  LimnServerTeamReport *r = c->report;
  guint n = r->members->len;
  gint64 days = LIMN_SERVER_TEAM_FORECAST_DAYS;
  g_autofree double *counts = g_new0 (double, (gsize)n * days + 1);
  g_autofree gint64 *first = g_new (gint64, n + 1);

  for (guint m = 0; m < n; m++)
    first[m] = G_MAXINT64;
  for (guint i = 0; i < c->data->answers->len; i++)
    {
      const LimnServerTeamAnswer *a = answer_at (c, i);
      gint64 day = day_of (a->received_us);

      first[a->annotator] = MIN (first[a->annotator], day);
      if (day >= r->today - days && day < r->today)
        counts[(gsize)a->annotator * days + (day - (r->today - days))]++;
    }

  for (guint m = 0; m < n; m++)
    {
      LimnServerTeamMember *member = g_ptr_array_index (r->members, m);
      gint64 start = MAX (MAX (window_start, first[m]), r->today - days);
      const double *x = counts + (gsize)m * days + (start - (r->today - days));
      guint k = start < r->today ? (guint)(r->today - start) : 0;
      double sum = 0, ss = 0;

      member->rate_per_day = member->rate_sd = NAN;
      member->rate_days = k;
      if (k == 0)
        continue;
      for (guint d = 0; d < k; d++)
        sum += x[d];
      member->rate_per_day = sum / k;
      for (guint d = 0; d < k; d++)
        ss += (x[d] - member->rate_per_day) * (x[d] - member->rate_per_day);
      member->rate_sd = k > 1 ? sqrt (ss / (k - 1)) : sqrt (member->rate_per_day);
    }
}

/* Throughput, what remains, and the forecast. */
static void
compute_throughput (Ctx *c)
{
  LimnServerTeamReport *r = c->report;
  const LimnServerTeamData *data = c->data;
  gint64 first = r->today - r->days + 1;
  gint64 window_start = r->today - LIMN_SERVER_TEAM_FORECAST_DAYS;
  gint64 first_work = G_MAXINT64;
  double counts[LIMN_SERVER_TEAM_FORECAST_DAYS] = { 0 };
  guint n_window;
  g_autoptr(GRand) rand = NULL;
  g_autofree double *rates = NULL;

  r->submitted = g_new0 (guint64, r->days);
  r->reviewed = g_new0 (guint64, r->days);

  for (guint i = 0; i < data->answers->len; i++)
    {
      gint64 day = day_of (answer_at (c, i)->received_us);

      first_work = MIN (first_work, day);
      if (day >= first && day <= r->today)
        r->submitted[day - first]++;
      if (day >= window_start && day < r->today)
        counts[day - window_start]++;
    }
  for (guint i = 0; i < data->review_times->len; i++)
    {
      gint64 day = day_of (g_array_index (data->review_times, gint64, i));

      if (day >= first && day <= r->today)
        r->reviewed[day - first]++;
    }

  r->n_by_answers = 0;
  r->by_answers = g_new0 (gint64, LIMN_SERVER_TEAM_MAX_BY_ANSWERS);
  for (guint t = 0; t < data->task_ids->len; t++)
    {
      guint k = MIN (c->task_answers[t], LIMN_SERVER_TEAM_MAX_BY_ANSWERS - 1);

      if (g_array_index (data->task_gold, gboolean, t))
        continue;
      r->by_answers[k]++;
      r->n_by_answers = MAX (r->n_by_answers, k + 1);
      if (c->task_answers[t] < r->overlap)
        {
          r->remaining_tasks++;
          r->remaining_annotations += r->overlap - c->task_answers[t];
        }
    }

  r->finish_day = r->low_day = r->high_day = -1;
  r->rate = r->rate_low = r->rate_high = NAN;

  /* The whole days before today, from the first day of work on. */
  if (first_work > window_start)
    window_start = first_work;
  n_window = window_start < r->today ? (guint)(r->today - window_start) : 0;
  member_rates (c, window_start);
  if (r->remaining_annotations == 0)
    {
      r->finish_day = r->low_day = r->high_day = r->today;
      if (n_window == 0)
        return;
    }
  if (n_window == 0)
    {
      r->forecast_reason = N_("No whole day of work yet.");
      return;
    }

  /* counts[] starts at today − 14; the window is its last n_window days. */
  {
    const double *x = counts + (LIMN_SERVER_TEAM_FORECAST_DAYS - n_window);
    double sum = 0;

    for (guint d = 0; d < n_window; d++)
      sum += x[d];
    r->rate = sum / n_window;

    /* Bootstrap over the days, seeded: the same data, the same interval. */
    rand = g_rand_new_with_seed (19);
    rates = g_new (double, LIMN_SERVER_TEAM_BOOTSTRAP);
    for (guint b = 0; b < LIMN_SERVER_TEAM_BOOTSTRAP; b++)
      {
        double s = 0;

        for (guint d = 0; d < n_window; d++)
          s += x[g_rand_int_range (rand, 0, n_window)];
        rates[b] = s / n_window;
      }
    qsort (rates, LIMN_SERVER_TEAM_BOOTSTRAP, sizeof (double), compare_doubles);
    r->rate_low = rates[(guint)(0.025 * LIMN_SERVER_TEAM_BOOTSTRAP)];
    r->rate_high = rates[(guint)(0.975 * LIMN_SERVER_TEAM_BOOTSTRAP) - 1];
  }

  if (r->remaining_annotations == 0)
    return;
  if (!(r->rate > 0))
    {
      r->forecast_reason = N_("No work was submitted in the last 14 days.");
      return;
    }
  r->finish_day = r->today + (gint64)ceil (r->remaining_annotations / r->rate);
  r->low_day = r->today + (gint64)ceil (r->remaining_annotations / r->rate_high);
  r->high_day = r->rate_low > 0 ? r->today + (gint64)ceil (r->remaining_annotations / r->rate_low)
                                : -1;
}

/* Whether the answer's first regions match the gold answer: region F1
 * (boxes at IoU ≥ match_iou) at least the project's agreement threshold,
 * the rule review uses for a gold failure. */
static gboolean
gold_correct (Ctx                        *c,
              GHashTable                 *gold_regions,
              const LimnServerTeamAnswer *a,
              gboolean                   *correct,
              GError                    **error)
{
  const char *gold = g_hash_table_lookup (gold_regions, GUINT_TO_POINTER (a->task + 1));
  double f1 = 0;

  if (gold == NULL)
    {
      const char *answer = g_ptr_array_index (c->data->gold_answers, a->task);
      g_autoptr(JsonNode) root = json_from_string (answer ? answer : "{}", NULL);
      JsonNode *regions = root && JSON_NODE_HOLDS_OBJECT (root)
                          ? json_object_get_member (json_node_get_object (root), "regions") : NULL;
      char *text = regions ? json_to_string (regions, FALSE) : g_strdup ("[]");

      g_hash_table_insert (gold_regions, GUINT_TO_POINTER (a->task + 1), text);
      gold = text;
    }

  if (!limn_server_regions_f1 (gold, a->regions, c->project->settings.match_iou, &f1, error))
    return FALSE;
  *correct = f1 >= c->project->settings.agreement_threshold;
  return TRUE;
}

typedef struct
{
  gint64 at;
  double correct;
} Outcome;

static int
by_time (const void *a,
         const void *b)
{
  const Outcome *x = a, *y = b;

  return (x->at > y->at) - (x->at < y->at);
}

/* Per annotator: counts, review rates, gold, time, drift; pooled team
 * figures beside. */
static gboolean
compute_members (Ctx     *c,
                 GError **error)
{
  LimnServerTeamReport *r = c->report;
  const LimnServerTeamData *data = c->data;
  guint n = data->annotators->len;
  g_autoptr(GHashTable) gold_regions = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  g_autofree guint64 *gold_k = g_new0 (guint64, n);
  g_autofree guint64 *gold_n = g_new0 (guint64, n);
  g_autofree GArray **outcomes = g_new0 (GArray *, n);
  g_autofree GArray **verdicts = g_new0 (GArray *, n);
  g_autofree GArray **seconds = g_new0 (GArray *, n);
  g_autoptr(GArray) all_seconds = g_array_new (FALSE, FALSE, sizeof (double));
  guint64 recent[2] = { 0 }, before[2] = { 0 }, accepted = 0, judged = 0;
  gint64 now = r->generated_us;
  gboolean ok = FALSE;

  for (guint m = 0; m < n; m++)
    {
      outcomes[m] = g_array_new (FALSE, FALSE, sizeof (Outcome));
      verdicts[m] = g_array_new (FALSE, FALSE, sizeof (LimnReviewOutcome));
      seconds[m] = g_array_new (FALSE, FALSE, sizeof (double));
    }

  for (guint i = 0; i < data->answers->len; i++)
    {
      const LimnServerTeamAnswer *a = answer_at (c, i);
      LimnServerTeamMember *member = g_ptr_array_index (r->members, a->annotator);
      double s = a->active_ms / 1000.0;

      member->submitted++;
      g_array_append_val (seconds[a->annotator], s);
      g_array_append_val (all_seconds, s);

      if (g_array_index (data->task_gold, gboolean, a->task))
        {
          gboolean correct = FALSE;
          Outcome o = { a->received_us, 0 };

          if (!gold_correct (c, gold_regions, a, &correct, error))
            goto out;
          o.correct = correct;
          gold_n[a->annotator]++;
          gold_k[a->annotator] += correct;
          g_array_append_val (outcomes[a->annotator], o);
          if (a->received_us > now - 7 * DAY_US)
            recent[0] += correct, recent[1]++;
          else if (a->received_us > now - 37 * DAY_US)
            before[0] += correct, before[1]++;
        }

      if (a->verdict != LIMN_SERVER_VERDICT_NONE)
        {
          LimnReviewOutcome v = a->verdict == LIMN_SERVER_VERDICT_ACCEPT ? LIMN_REVIEW_ACCEPTED
                              : a->verdict == LIMN_SERVER_VERDICT_CORRECT ? LIMN_REVIEW_CORRECTED
                              : LIMN_REVIEW_SENT_BACK;
          Outcome o = { a->verdict_us, a->verdict == LIMN_SERVER_VERDICT_ACCEPT };

          g_array_append_val (verdicts[a->annotator], v);
          g_array_append_val (outcomes[a->annotator], o);
          judged++;
          accepted += a->verdict == LIMN_SERVER_VERDICT_ACCEPT;
        }
    }

  for (guint m = 0; m < n; m++)
    {
      LimnServerTeamMember *member = g_ptr_array_index (r->members, m);
      g_autoptr(GArray) x = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(LimnEwmaChart) chart = NULL;
      LimnEwmaOptions options;

      if (!limn_annotator_review_rates ((LimnReviewOutcome *)verdicts[m]->data, verdicts[m]->len,
                                        &member->review, error) ||
          !limn_proportion_wilson (gold_k[m], gold_n[m], LIMN_Z_95, &member->gold, error) ||
          !limn_annotator_time_summary ((double *)seconds[m]->data, seconds[m]->len,
                                        &member->active, error))
        goto out;

      /* Drift: the EWMA chart of gold and review outcomes in time order;
       * drifting while its latest value is below the lower limit. */
      g_array_sort (outcomes[m], by_time);
      for (guint i = 0; i < outcomes[m]->len; i++)
        g_array_append_val (x, g_array_index (outcomes[m], Outcome, i).correct);
      member->outcomes = x->len;
      limn_ewma_options_init (&options);
      if (x->len > options.warmup)
        {
          chart = limn_ewma_chart ((double *)x->data, x->len, &options, error);
          if (chart == NULL)
            goto out;
          member->drift_value = chart->ewma[x->len - 1];
          member->drift_limit = chart->lower[x->len - 1];
          member->drifting = member->drift_value < member->drift_limit;
        }
    }

  if (!limn_proportion_wilson (recent[0], recent[1], LIMN_Z_95, &r->gold_recent, error) ||
      !limn_proportion_wilson (before[0], before[1], LIMN_Z_95, &r->gold_before, error) ||
      !limn_proportion_wilson (accepted, judged, LIMN_Z_95, &r->acceptance, error) ||
      !limn_annotator_time_summary ((double *)all_seconds->data, all_seconds->len, &r->active,
                                    error))
    goto out;
  {
    guint64 k = 0, t = 0;

    for (guint m = 0; m < n; m++)
      k += gold_k[m], t += gold_n[m];
    if (!limn_proportion_wilson (k, t, LIMN_Z_95, &r->gold, error))
      goto out;
  }
  ok = TRUE;

out:
  for (guint m = 0; m < n; m++)
    {
      g_array_unref (outcomes[m]);
      g_array_unref (verdicts[m]);
      g_array_unref (seconds[m]);
    }
  return ok;
}

/* One agreement row: units are task × label (k · L + label, k the task),
 * coders the annotators, the value whether the answer has a region of
 * that label; only answers @keep accepts, on tasks answered at least
 * twice. @only_label ≥ 0 keeps that label's units alone. */
typedef gboolean (*KeepAnswer) (const LimnServerTeamAnswer *a,
                                gint64                      key);

static gboolean
agreement_row (Ctx         *c,
               const char  *by,
               char        *key,      /* taken */
               KeepAnswer   keep,
               gint64       keep_key,
               int          only_label,
               GError     **error)
{
  g_autoptr(LimnReliabilityData) rd = limn_reliability_data_new (2, error);
  LimnServerTeamAgreement *row;
  LimnAgreement alpha = { 0 }, ac1 = { 0 };
  guint L = c->n_labels;

  if (rd == NULL)
    {
      g_free (key);
      return FALSE;
    }

  for (guint t = 0; t < c->data->task_ids->len; t++)
    {
      if (c->task_answers[t] < 2)
        continue;
      for (guint i = c->task_first[t]; i < c->task_first[t] + c->task_answers[t]; i++)
        {
          const LimnServerTeamAnswer *a = answer_at (c, i);
          guint64 set;

          if (keep != NULL && !keep (a, keep_key))
            continue;
          set = label_set (c, a);
          for (guint k = 0; k < L; k++)
            {
              if (only_label >= 0 && (guint)only_label != k)
                continue;
              if (!limn_reliability_data_add (rd, only_label >= 0 ? t : t * L + k, a->annotator,
                                              (set >> MIN (k, 63)) & 1, error))
                {
                  g_free (key);
                  return FALSE;
                }
            }
        }
    }

  if (!limn_agreement_krippendorff_alpha (rd, LIMN_AGREEMENT_ALL_CATEGORIES, &alpha, error) ||
      !limn_agreement_gwet_ac1 (rd, LIMN_AGREEMENT_ALL_CATEGORIES, &ac1, error))
    {
      g_free (key);
      return FALSE;
    }

  row = g_new0 (LimnServerTeamAgreement, 1);
  row->by = by;
  row->key = key;
  row->alpha = alpha.value;
  row->ac1 = ac1.value;
  row->units = alpha.n_units;
  g_ptr_array_add (c->report->agreement, row);
  return TRUE;
}

static gboolean
keep_source (const LimnServerTeamAnswer *a,
             gint64                      model)
{
  return a->model == (gboolean)model;
}

static gboolean
keep_version (const LimnServerTeamAnswer *a,
              gint64                      version)
{
  return a->guideline_version == version;
}

static gint
compare_versions (gconstpointer a,
                  gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;

  return (x > y) - (x < y);
}

static gboolean
compute_agreement (Ctx     *c,
                   GError **error)
{
  g_autoptr(GArray) versions = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean seen_model[2] = { FALSE, FALSE };

  for (guint k = 0; k < c->n_labels; k++)
    if (!agreement_row (c, "label", g_strdup (g_ptr_array_index (c->report->label_ids, k)), NULL, 0,
                        k, error))
      return FALSE;

  for (guint i = 0; i < c->data->answers->len; i++)
    {
      const LimnServerTeamAnswer *a = answer_at (c, i);
      gboolean known = FALSE;

      seen_model[a->model ? 1 : 0] = TRUE;
      for (guint v = 0; v < versions->len && !known; v++)
        known = g_array_index (versions, gint64, v) == a->guideline_version;
      if (!known)
        g_array_append_val (versions, a->guideline_version);
    }
  g_array_sort (versions, compare_versions);

  for (guint s = 0; s < 2; s++)
    if (seen_model[s] &&
        !agreement_row (c, "source", g_strdup (s ? "model" : "human"), keep_source, s, -1, error))
      return FALSE;

  for (guint v = 0; v < versions->len; v++)
    {
      gint64 version = g_array_index (versions, gint64, v);
      char *key = version < 0 ? g_strdup ("none") : g_strdup_printf ("%" PRId64, version);

      if (!agreement_row (c, "guideline_version", key, keep_version, version, -1, error))
        return FALSE;
    }

  return TRUE;
}

/* The answer's main label for truth inference: its most frequent region
 * label, the first in project order on a tie; L when it has none. */
static guint
main_label (const Ctx                  *c,
            const LimnServerTeamAnswer *a)
{
  guint counts[64] = { 0 };
  guint best = c->n_labels;

  for (guint r = 0; r < a->n_regions; r++)
    counts[MIN (region_label (c, a, r), 63)]++;
  for (guint k = 0; k < MIN (c->n_labels, 64); k++)
    if (counts[k] > 0 && (best == c->n_labels || counts[k] > counts[best]))
      best = k;
  return best;
}

/* Skill: GLAD's difficulty-adjusted reliability over the tasks answered
 * at least twice, the units' values each answer's main label. */
static gboolean
compute_skill (Ctx     *c,
               GError **error)
{
  g_autoptr(LimnReliabilityData) rd = limn_reliability_data_new (c->n_labels + 1, error);
  g_autoptr(LimnTruth) truth = NULL;
  g_autofree guint *items = g_new0 (guint, c->data->annotators->len);
  g_autofree guint *unit_task = g_new (guint, c->data->task_ids->len + 1);
  LimnTruthOptions options;
  guint unit = 0;

  if (rd == NULL)
    return FALSE;

  for (guint t = 0; t < c->data->task_ids->len; t++)
    {
      if (c->task_answers[t] < 2)
        continue;
      for (guint i = c->task_first[t]; i < c->task_first[t] + c->task_answers[t]; i++)
        {
          const LimnServerTeamAnswer *a = answer_at (c, i);

          if (!limn_reliability_data_add (rd, unit, a->annotator, main_label (c, a), error))
            return FALSE;
          items[a->annotator]++;
        }
      unit_task[unit++] = t;
    }
  if (unit == 0)
    return TRUE;

  limn_truth_options_init (&options);
  options.seed = 19;
  /* Bounded: on 200,000 answers EM converges at this tolerance in 6
   * iterations (18 ms each), every skill within 0.0003 of the 1e-6 fixed
   * point (12 iterations). */
  options.max_iterations = LIMN_SERVER_TEAM_SKILL_ITERATIONS;
  options.tolerance = LIMN_SERVER_TEAM_SKILL_TOLERANCE;
  truth = limn_truth_infer (rd, LIMN_TRUTH_GLAD, &options, error);
  if (truth == NULL)
    return FALSE;

  for (guint m = 0; m < c->report->members->len && m < truth->n_workers; m++)
    {
      LimnServerTeamMember *member = g_ptr_array_index (c->report->members, m);

      if (items[m] >= LIMN_SERVER_TEAM_MIN_SKILL_ITEMS)
        member->skill = truth->worker_reliability[m];
    }

  /* What claims need to rank open tasks and annotators. */
  {
    g_autofree double *skills = g_new (double, c->report->members->len + 1);
    guint n_units = MIN (unit, truth->n_items);

    c->report->open_difficulty = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
    for (guint u = 0; u < n_units; u++)
      {
        guint t = unit_task[u];

        if (!g_array_index (c->data->task_gold, gboolean, t) &&
            c->task_answers[t] < c->report->overlap && isfinite (truth->item_difficulty[u]))
          g_hash_table_insert (c->report->open_difficulty,
                               g_strdup (g_ptr_array_index (c->data->task_ids, t)),
                               g_memdup2 (&truth->item_difficulty[u], sizeof (double)));
      }
    for (guint m = 0; m < c->report->members->len; m++)
      skills[m] = ((LimnServerTeamMember *)g_ptr_array_index (c->report->members, m))->skill;
    c->report->workload_pool = limn_workload_pool_new (truth->item_difficulty, n_units,
                                                       skills, c->report->members->len);
  }
  return TRUE;
}

typedef struct
{
  Ctx      *c;
  gboolean  ok;
  GError   *error;
} SkillJob;

static gpointer
skill_run (gpointer data)
{
  SkillJob *job = data;

  job->ok = compute_skill (job->c, &job->error);
  return NULL;
}

/* Hot spots: for each pair of labels, the tasks answered at least twice
 * where one answer has a and not b and another b and not a, over the
 * tasks where any answer has a or b; with the mean stated confidence of
 * the answers in those mix-ups. */
static void
compute_hot_spots (Ctx *c)
{
  guint L = MIN (c->n_labels, 64);
  g_autofree guint *items = g_new0 (guint, L * L);
  g_autofree guint *present = g_new0 (guint, L * L);
  g_autofree double *confidence = g_new0 (double, L * L);
  g_autofree guint *confidences = g_new0 (guint, L * L);
  g_autofree guint8 *hit = g_new0 (guint8, L * L);
  g_autofree guint64 *counts = g_new0 (guint64, L);

  for (guint k = 0; k < L; k++)
    counts[k] = c->report->label_counts[k];

  for (guint t = 0; t < c->data->task_ids->len; t++)
    {
      guint first = c->task_first[t], n = c->task_answers[t];
      guint64 any = 0;

      if (n < 2)
        continue;
      memset (hit, 0, L * L);
      for (guint i = first; i < first + n; i++)
        any |= label_set (c, answer_at (c, i));

      for (guint i = first; i < first + n; i++)
        for (guint j = first; j < first + n; j++)
          {
            const LimnServerTeamAnswer *ai = answer_at (c, i), *aj = answer_at (c, j);
            guint64 si = label_set (c, ai), sj = label_set (c, aj);
            guint64 only_i = si & ~sj, only_j = sj & ~si;

            if (i == j)
              continue;
            for (guint a = 0; a < L; a++)
              for (guint b = a + 1; b < L; b++)
                if (((only_i >> a) & 1) && ((only_j >> b) & 1))
                  {
                    hit[a * L + b] = 1;
                    if (ai->confidence >= 0)
                      confidence[a * L + b] += ai->confidence, confidences[a * L + b]++;
                    if (aj->confidence >= 0)
                      confidence[a * L + b] += aj->confidence, confidences[a * L + b]++;
                  }
          }

      for (guint a = 0; a < L; a++)
        for (guint b = a + 1; b < L; b++)
          {
            if (((any >> a) & 1) || ((any >> b) & 1))
              present[a * L + b]++;
            items[a * L + b] += hit[a * L + b];
          }
    }

  for (guint a = 0; a < L; a++)
    for (guint b = a + 1; b < L; b++)
      {
        guint p = a * L + b;
        LimnServerHotSpot spot;

        if (items[p] < HOT_SPOT_MIN_ITEMS || confidences[p] == 0 ||
            confidence[p] / confidences[p] < HOT_SPOT_MIN_CONFIDENCE)
          continue;
        spot.label = counts[b] > counts[a] ? b : a;
        spot.confused_with = spot.label == a ? b : a;
        spot.items = items[p];
        spot.disagreement = (double)items[p] / present[p];
        spot.mean_confidence = confidence[p] / confidences[p];
        g_array_append_val (c->report->hot_spots, spot);
      }
}

static gint
by_disagreement (gconstpointer a,
                 gconstpointer b)
{
  const LimnServerHotSpot *x = a, *y = b;

  return (y->disagreement > x->disagreement) - (y->disagreement < x->disagreement);
}

/* Overuse: each annotator's region labels against the rest of the team,
 * the core's test at α = 0.01 (Bonferroni over the labels). */
static gboolean
compute_label_use (Ctx     *c,
                   GError **error)
{
  guint n = c->data->annotators->len, L = c->n_labels;
  g_autofree guint64 *mine = g_new0 (guint64, (gsize)n * L);
  g_autofree LimnLabelUsage *usage = g_new0 (LimnLabelUsage, L);

  for (guint i = 0; i < c->data->answers->len; i++)
    {
      const LimnServerTeamAnswer *a = answer_at (c, i);

      for (guint r = 0; r < a->n_regions; r++)
        mine[(gsize)a->annotator * L + region_label (c, a, r)]++;
    }

  for (guint m = 0; m < n; m++)
    {
      LimnServerTeamMember *member = g_ptr_array_index (c->report->members, m);
      guint64 total = 0;

      member->label_share = g_new0 (double, L);
      for (guint k = 0; k < L; k++)
        total += mine[(gsize)m * L + k];
      for (guint k = 0; k < L; k++)
        member->label_share[k] = total ? (double)mine[(gsize)m * L + k] / total : NAN;

      if (n < 2 || total == 0)
        continue;
      if (!limn_annotator_label_usage (mine + (gsize)m * L, c->report->label_counts, L, 0.01, usage,
                                       error))
        return FALSE;
      for (guint k = 0; k < L; k++)
        if (usage[k].use == LIMN_LABEL_USE_OVER)
          {
            LimnServerOveruse o = { m, k, usage[k].share, usage[k].team_share, usage[k].z,
                                    usage[k].p_value };

            g_array_append_val (c->report->overuse, o);
          }
    }
  return TRUE;
}

static LimnServerTeamReport *
compute (const LimnServerTeamData *data,
         const LimnServerProject  *project,
         guint                     days,
         gint64                    now_us,
         GError                  **error)
{
  g_autoptr(LimnServerTeamReport) r = g_new0 (LimnServerTeamReport, 1);
  g_autoptr(GHashTable) project_label = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree guint *label_of = NULL;
  g_autofree guint *task_answers = NULL;
  g_autofree guint *task_first = NULL;
  g_autofree guint64 *label_sets = NULL;
  SkillJob skill = { 0 };
  GThread *skill_thread;
  gboolean ok;
  Ctx c = { data, project, r, 0, NULL, NULL, NULL, NULL };

  r->ref_count = 1;
  r->generated_us = now_us;
  r->today = day_of (now_us);
  r->days = days;
  r->overlap = MAX (project->settings.overlap, 1);
  r->label_ids = g_ptr_array_new_with_free_func (g_free);
  r->label_names = g_ptr_array_new_with_free_func (g_free);
  for (guint k = 0; k < project->labels->len; k++)
    {
      LimnServerLabel *label = g_ptr_array_index (project->labels, k);

      g_ptr_array_add (r->label_ids, g_strdup (label->id));
      g_ptr_array_add (r->label_names, g_strdup (label->name));
      g_hash_table_insert (project_label, label->id, GUINT_TO_POINTER (k + 1));
    }
  /* A label id that is not the project's (never, as the server checks
   * regions) counts as a label of its own at the end. */
  label_of = g_new0 (guint, data->labels->len + 1);
  for (guint l = 0; l < data->labels->len; l++)
    {
      const char *id = g_ptr_array_index (data->labels, l);
      guint k = GPOINTER_TO_UINT (g_hash_table_lookup (project_label, id));

      if (k == 0)
        {
          g_ptr_array_add (r->label_ids, g_strdup (id));
          g_ptr_array_add (r->label_names, g_strdup (id));
          k = r->label_ids->len;
        }
      label_of[l] = k - 1;
    }
  c.n_labels = r->label_ids->len;
  c.label_of = label_of;

  r->label_counts = g_new0 (guint64, MAX (c.n_labels, 1));
  task_answers = g_new0 (guint, data->task_ids->len + 1);
  task_first = g_new0 (guint, data->task_ids->len + 1);
  for (guint i = data->answers->len; i-- > 0;)
    {
      const LimnServerTeamAnswer *a = answer_at (&c, i);

      task_answers[a->task]++;
      task_first[a->task] = i;
      for (guint j = 0; j < a->n_regions; j++)
        r->label_counts[region_label (&c, a, j)]++;
      r->regions += a->n_regions;
    }
  c.task_answers = task_answers;
  c.task_first = task_first;
  label_sets = g_new (guint64, data->answers->len + 1);
  for (guint i = 0; i < data->answers->len; i++)
    label_sets[i] = label_set_of (&c, answer_at (&c, i));
  c.label_sets = label_sets;

  r->members = g_ptr_array_new_with_free_func ((GDestroyNotify)member_free);
  for (guint m = 0; m < data->annotators->len; m++)
    {
      LimnServerTeamMember *member = g_new0 (LimnServerTeamMember, 1);

      member->user_id = g_strdup (g_ptr_array_index (data->annotators, m));
      member->skill = NAN;
      member->drift_value = member->drift_limit = NAN;
      g_ptr_array_add (r->members, member);
    }
  r->agreement = g_ptr_array_new_with_free_func ((GDestroyNotify)agreement_free);
  r->hot_spots = g_array_new (FALSE, FALSE, sizeof (LimnServerHotSpot));
  r->overuse = g_array_new (FALSE, FALSE, sizeof (LimnServerOveruse));

  compute_throughput (&c);
  /* GLAD is the longest part and writes only each member's skill: on a
   * thread of its own while the rest is computed (a second core halves
   * the wall time of a cold dashboard). */
  skill.c = &c;
  skill_thread = g_thread_new ("limn-team-skill", skill_run, &skill);
  ok = compute_members (&c, error) &&
       compute_agreement (&c, error) &&
       compute_label_use (&c, error);
  g_thread_join (skill_thread);
  if (ok && skill.error != NULL)
    g_propagate_error (error, g_steal_pointer (&skill.error));
  g_clear_error (&skill.error);
  if (!ok || !skill.ok)
    return NULL;
  compute_hot_spots (&c);
  g_array_sort (r->hot_spots, by_disagreement);
  if (r->hot_spots->len > HOT_SPOTS_SHOWN)
    g_array_set_size (r->hot_spots, HOT_SPOTS_SHOWN);

  return g_steal_pointer (&r);
}

LimnServerTeamReport *
limn_server_team_compute (LimnServerBackend  *backend,
                          const char         *project_id,
                          guint               days,
                          gint64              now_us,
                          GError            **error)
{
  g_autoptr(LimnServerTxn) txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_READ, error);
  g_autoptr(LimnServerProject) project = NULL;
  g_autoptr(LimnServerTeamData) data = NULL;
  LimnServerTeamReport *report;
  gint64 start, read;

  if (txn == NULL || !txn->store->get_project (txn, project_id, &project, error))
    return NULL;
  if (project == NULL)
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_NOT_FOUND,
                   _("There is no project “%s”."), project_id);
      return NULL;
    }
  start = g_get_monotonic_time ();
  data = txn->store->team_data (txn, project_id, error);
  if (data == NULL)
    return NULL;
  /* The snapshot is read: computing needs no transaction. */
  g_clear_pointer (&txn, limn_server_txn_end);
  read = g_get_monotonic_time ();

  report = compute (data, project, days, now_us, error);
  g_debug ("Team figures of %s (%u answers): read in %.0f ms, computed in %.0f ms", project_id,
           data->answers->len, (read - start) / 1e3, (g_get_monotonic_time () - read) / 1e3);
  return report;
}
