/* limn-personal-dashboard.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-analytics"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "limn-drift.h"
#include "limn-personal-dashboard.h"

#define DAY_US (G_GINT64_CONSTANT (24) * 3600 * G_USEC_PER_SEC)

typedef struct
{
  gint64            submitted_us;
  gint64            week_us;
  gint64            active_ms;
  double            confidence;   /* NaN: none */
  int               gold;         /* −1 none, 0 wrong, 1 right */
  int               verdict;      /* −1 none, else a LimnReviewOutcome */
  gint64            verdict_us;
} Submission;

struct _LimnDashboardInput
{
  GStrv             labels;
  guint             n_labels;
  gint64            now_us;
  gint64            utc_offset_us;
  GArray           *submissions;  /* Submission */
  guint64          *confusion;    /* (n_labels + 1)² */
  guint64          *label_use;    /* n_labels */
  LimnTeamFigures  *team;
};

gint64
limn_dashboard_week_start (gint64 time_us,
                           gint64 utc_offset_us)
{
  gint64 local = time_us + utc_offset_us;
  /* Floor division: times before 1970 round down too. */
  gint64 day = local >= 0 ? local / DAY_US : -((-local + DAY_US - 1) / DAY_US);
  /* 1970-01-01 was a Thursday: Monday is 3 days before. */
  gint64 monday = day - (((day + 3) % 7) + 7) % 7;

  return monday * DAY_US - utc_offset_us;
}

LimnDashboardInput *
limn_dashboard_input_new (const char * const *labels,
                          gint64              now_us,
                          gint64              utc_offset_us)
{
  LimnDashboardInput *input = g_new0 (LimnDashboardInput, 1);

  input->labels = g_strdupv ((char **) (labels != NULL ? labels : (const char * const[]) { NULL }));
  input->n_labels = g_strv_length (input->labels);
  input->now_us = now_us;
  input->utc_offset_us = utc_offset_us;
  input->submissions = g_array_new (FALSE, FALSE, sizeof (Submission));
  input->confusion = g_new0 (guint64, (input->n_labels + 1) * (input->n_labels + 1));
  input->label_use = g_new0 (guint64, MAX (input->n_labels, 1));

  return input;
}

void
limn_dashboard_input_free (LimnDashboardInput *input)
{
  if (input == NULL)
    return;

  g_strfreev (input->labels);
  g_array_unref (input->submissions);
  g_free (input->confusion);
  g_free (input->label_use);
  limn_team_figures_free (input->team);
  g_free (input);
}

guint
limn_dashboard_input_add_submission (LimnDashboardInput *input,
                                     gint64              submitted_us,
                                     gint64              active_ms,
                                     double              confidence)
{
  Submission s = {
    .submitted_us = submitted_us,
    .week_us = limn_dashboard_week_start (submitted_us, input->utc_offset_us),
    .active_ms = MAX (active_ms, 0),
    .confidence = confidence >= 0 && confidence <= 1 ? confidence : NAN,
    .gold = -1,
    .verdict = -1,
  };

  g_array_append_val (input->submissions, s);
  return input->submissions->len - 1;
}

static gboolean
check_labels (LimnDashboardInput *input,
              guint               label,
              GError            **error)
{
  if (label < input->n_labels)
    return TRUE;

  g_set_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID,
               _("Label %u is not one of the %u labels"), label, input->n_labels);
  return FALSE;
}

/* Matches @a (gold) against @b (mine) ignoring labels for the confusion
 * matrix, and with labels for being right. */
static gboolean
score_regions (LimnDashboardInput    *input,
               GArray                *same,
               GArray                *any,
               guint                  n_a,
               guint                  n_b,
               const guint           *a_labels,
               const guint           *b_labels,
               guint                 *matched_same)
{
  guint n = input->n_labels;
  g_autofree gboolean *a_matched = g_new0 (gboolean, MAX (n_a, 1));
  g_autofree gboolean *b_matched = g_new0 (gboolean, MAX (n_b, 1));

  *matched_same += same->len;
  for (guint i = 0; i < any->len; i++)
    {
      const LimnMatch *m = &g_array_index (any, LimnMatch, i);

      input->confusion[a_labels[m->a] * (n + 1) + b_labels[m->b]]++;
      a_matched[m->a] = b_matched[m->b] = TRUE;
    }
  for (guint i = 0; i < n_a; i++)
    if (!a_matched[i])
      input->confusion[a_labels[i] * (n + 1) + n]++;      /* missed */
  for (guint j = 0; j < n_b; j++)
    if (!b_matched[j])
      input->confusion[n * (n + 1) + b_labels[j]]++;      /* extra */

  return TRUE;
}

gboolean
limn_dashboard_input_add_gold (LimnDashboardInput    *input,
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
                               GError               **error)
{
  g_autoptr(GArray) same_boxes = NULL;
  g_autoptr(GArray) any_boxes = NULL;
  g_autoptr(GArray) same_spans = NULL;
  g_autoptr(GArray) any_spans = NULL;
  g_autofree guint *labels = NULL;
  guint n_gold = n_gold_boxes + n_gold_spans, n_mine = n_my_boxes + n_my_spans;
  guint matched = 0, k = 0;
  Submission *s;

  g_return_val_if_fail (input != NULL, FALSE);
  g_return_val_if_fail (submission < input->submissions->len, FALSE);

  /* Labels checked before anything is counted. */
  labels = g_new (guint, MAX (n_gold + n_mine, 1));
  for (guint i = 0; i < n_gold_boxes; i++)
    labels[k++] = gold_boxes[i].label;
  for (guint i = 0; i < n_my_boxes; i++)
    labels[k++] = my_boxes[i].label;
  for (guint i = 0; i < n_gold_spans; i++)
    labels[k++] = gold_spans[i].label;
  for (guint i = 0; i < n_my_spans; i++)
    labels[k++] = my_spans[i].label;
  for (guint i = 0; i < k; i++)
    if (!check_labels (input, labels[i], error))
      return FALSE;

  same_boxes = limn_match_boxes (gold_boxes, n_gold_boxes, my_boxes, n_my_boxes, min_iou,
                                 LIMN_MATCH_SAME_LABEL, error);
  if (same_boxes == NULL)
    return FALSE;
  same_spans = limn_match_spans (gold_spans, n_gold_spans, my_spans, n_my_spans, LIMN_SPAN_MATCH_EXACT,
                                 LIMN_MATCH_SAME_LABEL, error);
  if (same_spans == NULL)
    return FALSE;

  /* Everything matched with its label: the same pairs, labels aside. */
  if (same_boxes->len == n_gold_boxes && same_boxes->len == n_my_boxes)
    any_boxes = g_array_ref (same_boxes);
  else
    any_boxes = limn_match_boxes (gold_boxes, n_gold_boxes, my_boxes, n_my_boxes, min_iou,
                                  LIMN_MATCH_ANY_LABEL, error);
  if (any_boxes == NULL)
    return FALSE;
  if (same_spans->len == n_gold_spans && same_spans->len == n_my_spans)
    any_spans = g_array_ref (same_spans);
  else
    any_spans = limn_match_spans (gold_spans, n_gold_spans, my_spans, n_my_spans, LIMN_SPAN_MATCH_EXACT,
                                  LIMN_MATCH_ANY_LABEL, error);
  if (any_spans == NULL)
    return FALSE;

  score_regions (input, same_boxes, any_boxes, n_gold_boxes, n_my_boxes,
                 labels, labels + n_gold_boxes, &matched);
  score_regions (input, same_spans, any_spans, n_gold_spans, n_my_spans,
                 labels + n_gold_boxes + n_my_boxes, labels + n_gold_boxes + n_my_boxes + n_gold_spans,
                 &matched);

  s = &g_array_index (input->submissions, Submission, submission);
  /* Right: every gold region found with its label, nothing extra. */
  s->gold = matched == n_gold && matched == n_mine;

  return TRUE;
}

void
limn_dashboard_input_add_verdict (LimnDashboardInput *input,
                                  guint               submission,
                                  gint64              created_us,
                                  LimnReviewOutcome   outcome)
{
  Submission *s;

  g_return_if_fail (input != NULL);
  g_return_if_fail (submission < input->submissions->len);

  s = &g_array_index (input->submissions, Submission, submission);
  if (s->verdict < 0 || created_us >= s->verdict_us)
    {
      s->verdict = outcome;
      s->verdict_us = created_us;
    }
}

void
limn_dashboard_input_add_label_use (LimnDashboardInput *input,
                                    guint               label,
                                    guint64             count)
{
  g_return_if_fail (input != NULL);
  g_return_if_fail (label < input->n_labels);

  input->label_use[label] += count;
}

void
limn_dashboard_input_set_team (LimnDashboardInput *input,
                               LimnTeamFigures    *team)
{
  g_return_if_fail (input != NULL);

  limn_team_figures_free (input->team);
  input->team = team;
}

void
limn_feedback_item_free (LimnFeedbackItem *item)
{
  if (item == NULL)
    return;

  g_free (item->body);
  g_free (item->context);
  g_free (item->thread_id);
  g_free (item);
}

void
limn_open_thread_free (LimnOpenThread *thread)
{
  if (thread == NULL)
    return;

  g_free (thread->id);
  g_free (thread->title);
  g_free (thread->category);
  g_free (thread->state);
  g_free (thread);
}

void
limn_personal_dashboard_free (LimnPersonalDashboard *d)
{
  if (d == NULL)
    return;

  g_clear_pointer (&d->gold_weeks, g_array_unref);
  g_clear_pointer (&d->accepted_weeks, g_array_unref);
  g_clear_pointer (&d->rework_weeks, g_array_unref);
  g_free (d->bin_edges);
  g_free (d->bin_counts);
  g_strfreev (d->labels);
  g_free (d->confusion);
  g_free (d->my_label_counts);
  limn_team_figures_free (d->team);
  g_free (d->team_label_counts);
  g_free (d->label_usage);
  g_clear_pointer (&d->recent_feedback, g_ptr_array_unref);
  g_clear_pointer (&d->open_threads, g_ptr_array_unref);
  g_free (d);
}

/* Weekly proportions */

typedef gboolean (*Judge) (const Submission *s, gboolean *success);

static gboolean
judge_gold (const Submission *s,
            gboolean         *success)
{
  *success = s->gold == 1;
  return s->gold >= 0;
}

static gboolean
judge_accepted (const Submission *s,
                gboolean         *success)
{
  *success = s->verdict == LIMN_REVIEW_ACCEPTED;
  return s->verdict >= 0;
}

static gboolean
judge_sent_back (const Submission *s,
                 gboolean         *success)
{
  *success = s->verdict == LIMN_REVIEW_SENT_BACK;
  return s->verdict >= 0;
}

/* One entry per week from the first week with data (at most
 * LIMN_DASHBOARD_MAX_WEEKS back) to this week; empty when none. */
static GArray *
weekly (GArray  *submissions,
        gint64   this_week,
        Judge    judge)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (LimnDashboardWeek));
  guint64 k[LIMN_DASHBOARD_MAX_WEEKS] = { 0 }, n[LIMN_DASHBOARD_MAX_WEEKS] = { 0 };
  int first = -1;

  for (guint i = 0; i < submissions->len; i++)
    {
      const Submission *s = &g_array_index (submissions, Submission, i);
      gint64 back = (this_week - s->week_us) / LIMN_DASHBOARD_WEEK_US;
      gboolean success;

      if (!judge (s, &success) || s->week_us > this_week || back >= LIMN_DASHBOARD_MAX_WEEKS)
        continue;
      /* Slot 0 is the oldest week shown. */
      n[LIMN_DASHBOARD_MAX_WEEKS - 1 - back]++;
      k[LIMN_DASHBOARD_MAX_WEEKS - 1 - back] += success;
    }

  for (int w = 0; w < LIMN_DASHBOARD_MAX_WEEKS; w++)
    if (n[w] > 0 && first < 0)
      first = w;

  for (int w = MAX (first, 0); first >= 0 && w < LIMN_DASHBOARD_MAX_WEEKS; w++)
    {
      LimnDashboardWeek week = { this_week - (LIMN_DASHBOARD_MAX_WEEKS - 1 - w) * LIMN_DASHBOARD_WEEK_US };

      limn_proportion_wilson (k[w], n[w], LIMN_Z_95, &week.rate, NULL);
      g_array_append_val (out, week);
    }

  return out;
}

/* Accuracy against gold in the latest 3 weeks against the 3 before. */
static void
growth (LimnPersonalDashboard *d,
        GArray                *submissions)
{
  gint64 split = d->week_us - (LIMN_DASHBOARD_GROWTH_WEEKS / 2 - 1) * LIMN_DASHBOARD_WEEK_US;
  gint64 start = d->week_us - (LIMN_DASHBOARD_GROWTH_WEEKS - 1) * LIMN_DASHBOARD_WEEK_US;
  guint64 k_early = 0, n_early = 0, k_late = 0, n_late = 0;

  for (guint i = 0; i < submissions->len; i++)
    {
      const Submission *s = &g_array_index (submissions, Submission, i);

      if (s->gold < 0 || s->week_us < start || s->week_us > d->week_us)
        continue;
      if (s->week_us < split)
        n_early++, k_early += s->gold;
      else
        n_late++, k_late += s->gold;
    }

  d->growth_known = n_early >= LIMN_DASHBOARD_GROWTH_MIN_N && n_late >= LIMN_DASHBOARD_GROWTH_MIN_N;
  d->growth_points = d->growth_known ? 100.0 * ((double) k_late / n_late - (double) k_early / n_early) : NAN;
  d->growth_now = d->growth_known ? (double) k_late / n_late : NAN;
}

/* Time per submission */

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Equal bins of a round width that cover up to the 95th percentile in
 * at most LIMN_DASHBOARD_MAX_BINS − 1 bins; one last bin holds the
 * longer times up to the longest. */
static void
histogram (LimnPersonalDashboard *d,
           const double          *sorted,
           gsize                  n)
{
  static const double widths[] = { 1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200,
                                   14400, 43200, 86400 };
  double top, width = widths[G_N_ELEMENTS (widths) - 1], longest;
  guint n_even;

  if (n == 0)
    {
      d->n_bins = 0;
      d->bin_edges = g_new0 (double, 1);
      d->bin_counts = g_new0 (guint64, 1);
      return;
    }

  /* Type 7 quantile, as limn_annotator_time_summary(). */
  {
    double h = (n - 1) * 0.95;
    gsize lo = (gsize) floor (h);

    top = lo + 1 < n ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
  }
  longest = sorted[n - 1];

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    if (ceil (top / widths[i]) <= LIMN_DASHBOARD_MAX_BINS - 1)
      {
        width = widths[i];
        break;
      }

  n_even = MAX (1, (guint) ceil (top / width));
  /* The 95th percentile on an edge still falls in a bin of its own. */
  if (n_even * width <= top && n_even < LIMN_DASHBOARD_MAX_BINS - 1)
    n_even++;
  d->n_bins = n_even + (longest >= n_even * width ? 1 : 0);
  d->bin_edges = g_new (double, d->n_bins + 1);
  d->bin_counts = g_new0 (guint64, d->n_bins);
  for (guint b = 0; b <= n_even; b++)
    d->bin_edges[b] = b * width;
  if (d->n_bins > n_even)
    d->bin_edges[d->n_bins] = MAX (longest, n_even * width + width);

  for (gsize i = 0; i < n; i++)
    {
      guint b = (guint) MIN (floor (sorted[i] / width), (double) (d->n_bins - 1));

      d->bin_counts[b]++;
    }
}

static gboolean
time_figures (LimnPersonalDashboard *d,
              GArray                *submissions,
              GError               **error)
{
  g_autofree double *seconds = g_new (double, MAX (submissions->len, 1));

  for (guint i = 0; i < submissions->len; i++)
    seconds[i] = g_array_index (submissions, Submission, i).active_ms / 1000.0;

  if (!limn_annotator_time_summary (seconds, submissions->len, &d->time, error))
    return FALSE;

  qsort (seconds, submissions->len, sizeof (double), compare_double);
  histogram (d, seconds, submissions->len);
  return TRUE;
}

/* Judged: right by gold when it is a gold answer, else by an accepted
 * review; neither and it says nothing. */
static gboolean
judged (const Submission *s,
        gboolean         *right)
{
  if (s->gold >= 0)
    *right = s->gold == 1;
  else if (s->verdict >= 0)
    *right = s->verdict == LIMN_REVIEW_ACCEPTED;
  else
    return FALSE;
  return TRUE;
}

static gboolean
calibration (LimnPersonalDashboard *d,
             GArray                *submissions,
             GError               **error)
{
  g_autofree double *confidence = g_new (double, MAX (submissions->len, 1));
  g_autofree gboolean *correct = g_new (gboolean, MAX (submissions->len, 1));
  gsize n = 0;

  for (guint i = 0; i < submissions->len; i++)
    {
      const Submission *s = &g_array_index (submissions, Submission, i);

      if (!isnan (s->confidence) && judged (s, &correct[n]))
        confidence[n++] = s->confidence;
    }

  return limn_calibration_compute (confidence, correct, n, &d->calibration, error);
}

static int
by_time (gconstpointer a,
         gconstpointer b)
{
  const Submission *x = *(const Submission * const *) a, *y = *(const Submission * const *) b;

  return (x->submitted_us > y->submitted_us) - (x->submitted_us < y->submitted_us);
}

static gboolean
drift (LimnPersonalDashboard *d,
       GArray                *submissions,
       GError               **error)
{
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autoptr(LimnEwmaChart) chart = NULL;
  g_autofree double *x = NULL;
  LimnEwmaOptions options;
  gsize n = 0;

  limn_ewma_options_init (&options);
  for (guint i = 0; i < submissions->len; i++)
    {
      gboolean right;

      if (judged (&g_array_index (submissions, Submission, i), &right))
        g_ptr_array_add (order, &g_array_index (submissions, Submission, i));
    }

  d->drift = LIMN_DRIFT_NOT_ENOUGH;
  if (order->len < options.warmup + 1)
    return TRUE;

  g_ptr_array_sort (order, by_time);
  x = g_new (double, order->len);
  for (guint i = 0; i < order->len; i++)
    {
      gboolean right = FALSE;

      judged (g_ptr_array_index (order, i), &right);
      x[n++] = right ? 1 : 0;
    }

  chart = limn_ewma_chart (x, n, &options, error);
  if (chart == NULL)
    return FALSE;
  d->drift = chart->ewma[n - 1] < chart->lower[n - 1] ? LIMN_DRIFT_BELOW_USUAL : LIMN_DRIFT_STEADY;
  return TRUE;
}

/* Mine beside the team's, by label name. */
static gboolean
labels_beside_team (LimnPersonalDashboard *d,
                    LimnDashboardInput    *input,
                    GError               **error)
{
  guint n = input->n_labels;
  g_autofree guint64 *team = g_new0 (guint64, MAX (n, 1));

  d->my_label_counts = g_memdup2 (input->label_use, sizeof (guint64) * MAX (n, 1));
  if (!limn_team_figures_enough (input->team))
    return TRUE;

  d->team = g_steal_pointer (&input->team);
  for (guint i = 0; i < d->team->labels->len; i++)
    {
      const LimnTeamLabel *l = &g_array_index (d->team->labels, LimnTeamLabel, i);

      for (guint k = 0; k < n; k++)
        if (g_str_equal (l->label, input->labels[k]))
          team[k] += l->count;
    }

  d->team_label_counts = g_memdup2 (team, sizeof (guint64) * MAX (n, 1));
  /* The team's counts hold mine; synced later than mine, they may not yet. */
  for (guint k = 0; k < n; k++)
    team[k] = MAX (team[k], input->label_use[k]);

  d->label_usage = g_new0 (LimnLabelUsage, MAX (n, 1));
  return n == 0 || limn_annotator_label_usage (input->label_use, team, n, 0.05, d->label_usage, error);
}

LimnPersonalDashboard *
limn_personal_dashboard_compute (LimnDashboardInput  *input,
                                 GError             **error)
{
  g_autoptr(LimnPersonalDashboard) d = g_new0 (LimnPersonalDashboard, 1);
  g_autofree LimnReviewOutcome *outcomes = NULL;
  GArray *subs;
  guint64 k = 0, n = 0;
  gsize n_reviewed = 0;

  g_return_val_if_fail (input != NULL, NULL);

  subs = input->submissions;
  d->now_us = input->now_us;
  d->week_us = limn_dashboard_week_start (input->now_us, input->utc_offset_us);
  d->n_submissions = subs->len;
  d->n_labels = input->n_labels;
  d->labels = g_strdupv (input->labels);
  d->confusion = g_memdup2 (input->confusion, sizeof (guint64) * (d->n_labels + 1) * (d->n_labels + 1));
  d->recent_feedback = g_ptr_array_new_with_free_func ((GDestroyNotify) limn_feedback_item_free);
  d->open_threads = g_ptr_array_new_with_free_func ((GDestroyNotify) limn_open_thread_free);

  outcomes = g_new (LimnReviewOutcome, MAX (subs->len, 1));
  for (guint i = 0; i < subs->len; i++)
    {
      const Submission *s = &g_array_index (subs, Submission, i);

      d->submitted_this_week += s->week_us == d->week_us;
      if (s->gold >= 0)
        n++, k += s->gold;
      if (s->verdict >= 0)
        outcomes[n_reviewed++] = s->verdict;
    }

  limn_proportion_wilson (k, n, LIMN_Z_95, &d->gold_accuracy, NULL);
  d->gold_weeks = weekly (subs, d->week_us, judge_gold);
  growth (d, subs);

  if (!limn_annotator_review_rates (outcomes, n_reviewed, &d->review_rates, error))
    return NULL;
  d->accepted_weeks = weekly (subs, d->week_us, judge_accepted);
  d->rework_weeks = weekly (subs, d->week_us, judge_sent_back);

  if (!time_figures (d, subs, error) ||
      !calibration (d, subs, error) ||
      !drift (d, subs, error) ||
      !labels_beside_team (d, input, error))
    return NULL;

  return g_steal_pointer (&d);
}
