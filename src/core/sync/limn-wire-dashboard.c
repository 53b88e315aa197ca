/* limn-wire-dashboard.c
 *
 * Parses the team dashboard answer (limn-wire-dashboard.h). Every member
 * is checked for its type and range by the strict reader; a fault
 * anywhere fails the whole answer, so the app never shows half of one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-sync"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "json/limn-json-reader.h"
#include "limn-wire-dashboard.h"
#include "limn-wire-private.h"

#define MAX_KEY 1024
/* Interval ends written with rounding may sit a hair outside p. */
#define RATE_SLACK 1e-6

static void
annotator_free (gpointer data)
{
  LimnDashboardAnnotator *a = data;

  g_free (a->annotator);
  g_free (a);
}

static void
agreement_free (gpointer data)
{
  LimnDashboardAgreement *a = data;

  g_free (a->key);
  g_free (a->name);
  g_free (a);
}

static void
hot_spot_free (gpointer data)
{
  LimnDashboardHotSpot *h = data;

  g_free (h->label);
  g_free (h->confused_with);
  g_free (h->label_name);
  g_free (h->confused_with_name);
  g_free (h);
}

static void
alert_free (gpointer data)
{
  LimnDashboardAlert *a = data;

  g_free (a->id);
  g_free (a->subject);
  g_free (a->message);
  g_free (a);
}

void
limn_team_dashboard_free (LimnTeamDashboard *dashboard)
{
  if (dashboard == NULL)
    return;

  g_free (dashboard->project_id);
  g_free (dashboard->forecast_reason);
  g_clear_pointer (&dashboard->throughput, g_array_unref);
  g_clear_pointer (&dashboard->by_answers, g_array_unref);
  g_clear_pointer (&dashboard->annotators, g_ptr_array_unref);
  g_clear_pointer (&dashboard->agreement, g_ptr_array_unref);
  g_clear_pointer (&dashboard->hot_spots, g_ptr_array_unref);
  g_clear_pointer (&dashboard->alerts, g_ptr_array_unref);
  g_free (dashboard);
}

static const char * const by_names[LIMN_AGREEMENT_BY_N] = { "label", "source", "guideline_version" };

const char *
limn_agreement_by_to_string (LimnAgreementBy by)
{
  return by < LIMN_AGREEMENT_BY_N ? by_names[by] : NULL;
}

gboolean
limn_agreement_by_from_string (const char      *name,
                               LimnAgreementBy *by)
{
  for (guint i = 0; i < LIMN_AGREEMENT_BY_N; i++)
    if (g_strcmp0 (name, by_names[i]) == 0)
      {
        *by = i;
        return TRUE;
      }
  return FALSE;
}

static LimnAlertKind
alert_kind_from_string (const char *name)
{
  /* In LimnAlertKind's order. */
  static const char * const names[] = {
    "agreement_low", "annotator_drift", "label_overuse", "gold_drop", "confusion_hot_spot",
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == LIMN_ALERT_UNKNOWN);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (name, names[i]) == 0)
      return i;
  return LIMN_ALERT_UNKNOWN;
}

/* Pieces */

/* A number or null (NaN). */
static gboolean
get_number (JsonObject  *o,
            const char  *member,
            double       min,
            double       max,
            double      *out,
            const char  *ctx,
            GError     **error)
{
  *out = NAN;
  return limn_json_reader_get_double (o, member, LIMN_JSON_READER_OPTIONAL, min, max, out, ctx, error);
}

static gboolean
get_count (JsonObject          *o,
           const char          *member,
           LimnJsonReaderFlags  flags,
           gint64              *out,
           const char          *ctx,
           GError             **error)
{
  return limn_json_reader_get_whole (o, member, flags, 0, G_MAXINT32, out, ctx, error);
}

/* "2026-12-01" → that day's start in UTC µs; only real calendar days. */
static gboolean
get_day (JsonObject          *o,
         const char          *member,
         LimnJsonReaderFlags  flags,
         gint64              *out,
         const char          *ctx,
         GError             **error)
{
  g_autoptr(GDateTime) dt = NULL;
  const char *s = NULL;
  guint y, m, d;
  int end = 0;

  if (!limn_json_reader_get_string (o, member, flags, 16, &s, ctx, error))
    return FALSE;
  if (s == NULL)
    return TRUE;

  if (strlen (s) != 10 || sscanf (s, "%4u-%2u-%2u%n", &y, &m, &d, &end) != 3 || end != 10 ||
      !g_date_valid_dmy (d, m, y) || y < 1970)
    return limn_wire_bad (error, ctx, member, _("is not a day written as YYYY-MM-DD"));

  dt = g_date_time_new_utc (y, m, d, 0, 0, 0);
  if (dt == NULL)
    return limn_wire_bad (error, ctx, member, _("is not a day written as YYYY-MM-DD"));
  *out = g_date_time_to_unix (dt) * G_USEC_PER_SEC;
  return TRUE;
}

/* {"p", "low", "high", "n"}, or null: nothing known. */
static gboolean
get_rate (JsonObject        *o,
          const char        *member,
          LimnDashboardRate *out,
          const char        *ctx,
          GError           **error)
{
  g_autofree char *where = g_strdup_printf ("%s.%s", ctx, member);
  JsonObject *r = NULL;

  out->p = out->low = out->high = NAN;
  out->n = 0;
  if (!limn_json_reader_get_object (o, member, LIMN_JSON_READER_OPTIONAL, &r, ctx, error))
    return FALSE;
  if (r == NULL)
    return TRUE;

  if (!get_number (r, "p", 0, 1, &out->p, where, error) ||
      !get_number (r, "low", 0, 1, &out->low, where, error) ||
      !get_number (r, "high", 0, 1, &out->high, where, error) ||
      !get_count (r, "n", LIMN_JSON_READER_REQUIRED, &out->n, where, error))
    return FALSE;

  if (!isnan (out->p) && ((!isnan (out->low) && out->low > out->p + RATE_SLACK) ||
                          (!isnan (out->high) && out->high < out->p - RATE_SLACK)))
    return limn_wire_bad (error, where, NULL, _("has an interval that does not hold its value"));
  if (!isnan (out->p) && out->n == 0)
    return limn_wire_bad (error, where, "n", _("is 0 but a value is given"));

  return TRUE;
}

/* Element @i of @array as an object, named "@ctx.@member[@i]". */
static JsonObject *
element (JsonArray   *array,
         guint        i,
         const char  *ctx,
         const char  *member,
         char       **where,
         GError     **error)
{
  g_free (*where);
  *where = g_strdup_printf ("%s.%s[%u]", ctx, member, i);
  return limn_json_reader_get_element_object (array, i, *where, error);
}

/* Sections */

static gboolean
parse_throughput (JsonObject        *root,
                  LimnTeamDashboard *d,
                  GError           **error)
{
  g_autofree char *where = NULL;
  JsonArray *array = NULL;
  gint64 last_us = G_MININT64;

  /* One more than the days asked for: today and the days before it. */
  if (!limn_json_reader_get_array (root, "throughput", LIMN_JSON_READER_REQUIRED,
                                   LIMN_WIRE_MAX_DASHBOARD_DAYS + 1, &array, "dashboard", error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = element (array, i, "dashboard", "throughput", &where, error);
      LimnDashboardDay day = { 0, 0, 0 };

      if (o == NULL ||
          !get_day (o, "day", LIMN_JSON_READER_REQUIRED, &day.day_us, where, error) ||
          !get_count (o, "submitted", LIMN_JSON_READER_REQUIRED, &day.submitted, where, error) ||
          !get_count (o, "reviewed", LIMN_JSON_READER_OPTIONAL, &day.reviewed, where, error))
        return FALSE;
      if (day.day_us <= last_us)
        return limn_wire_bad (error, where, "day", _("is not after the day before it"));
      last_us = day.day_us;
      g_array_append_val (d->throughput, day);
    }

  return TRUE;
}

static gboolean
parse_forecast (JsonObject        *root,
                LimnTeamDashboard *d,
                GError           **error)
{
  JsonObject *remaining = NULL, *forecast = NULL;
  const char *reason = NULL;

  JsonArray *by_answers = NULL;

  d->remaining_tasks = d->remaining_annotations = d->remaining_overlap = -1;
  if (!limn_json_reader_get_object (root, "remaining", LIMN_JSON_READER_OPTIONAL, &remaining,
                                    "dashboard", error))
    return FALSE;
  if (remaining != NULL &&
      (!get_count (remaining, "tasks", LIMN_JSON_READER_OPTIONAL, &d->remaining_tasks,
                   "dashboard.remaining", error) ||
       !get_count (remaining, "annotations", LIMN_JSON_READER_OPTIONAL, &d->remaining_annotations,
                   "dashboard.remaining", error) ||
       !get_count (remaining, "overlap", LIMN_JSON_READER_OPTIONAL, &d->remaining_overlap,
                   "dashboard.remaining", error) ||
       !limn_json_reader_get_array (remaining, "by_answers", LIMN_JSON_READER_OPTIONAL,
                                    LIMN_WIRE_MAX_DASHBOARD_BY_ANSWERS, &by_answers,
                                    "dashboard.remaining", error)))
    return FALSE;
  for (guint k = 0; by_answers != NULL && k < json_array_get_length (by_answers); k++)
    {
      double x;
      gint64 n;

      if (!limn_json_reader_node_number (json_array_get_element (by_answers, k), &x) ||
          x < 0 || x > G_MAXINT32 || x != floor (x))
        return limn_wire_bad (error, "dashboard.remaining", "by_answers",
                              _("must hold whole numbers of tasks"));
      n = (gint64)x;
      g_array_append_val (d->by_answers, n);
    }

  if (!limn_json_reader_get_object (root, "forecast", LIMN_JSON_READER_OPTIONAL, &forecast,
                                    "dashboard", error) ||
      !limn_json_reader_get_string (root, "forecast_reason", LIMN_JSON_READER_OPTIONAL, LIMN_WIRE_MAX_NAME,
                                    &reason, "dashboard", error))
    return FALSE;
  d->forecast_reason = g_strdup (reason);
  if (forecast == NULL)
    return TRUE;

  d->rate_per_day = NAN;
  if (!get_number (forecast, "rate_per_day", 0, 1e9, &d->rate_per_day, "dashboard.forecast", error) ||
      !get_day (forecast, "finish_day", LIMN_JSON_READER_REQUIRED, &d->finish_day_us,
                "dashboard.forecast", error))
    return FALSE;

  d->low_day_us = d->high_day_us = d->finish_day_us;
  if (!get_day (forecast, "low_day", LIMN_JSON_READER_OPTIONAL, &d->low_day_us, "dashboard.forecast", error) ||
      !get_day (forecast, "high_day", LIMN_JSON_READER_OPTIONAL, &d->high_day_us, "dashboard.forecast", error))
    return FALSE;
  if (d->low_day_us > d->finish_day_us || d->high_day_us < d->finish_day_us)
    return limn_wire_bad (error, "dashboard", "forecast", _("has an interval that does not hold its day"));

  d->has_forecast = TRUE;
  return TRUE;
}

/* {"per_day", "sd", "days"}, or null / absent: no rate. */
static gboolean
get_annotator_rate (JsonObject              *o,
                    LimnDashboardAnnotator  *a,
                    const char              *where,
                    GError                 **error)
{
  g_autofree char *ctx = g_strconcat (where, ".rate", NULL);
  JsonObject *rate = NULL;

  a->rate_per_day = a->rate_sd = NAN;
  a->rate_days = 0;
  if (!limn_json_reader_get_object (o, "rate", LIMN_JSON_READER_OPTIONAL, &rate, where, error))
    return FALSE;
  if (rate == NULL)
    return TRUE;
  return limn_json_reader_get_double (rate, "per_day", LIMN_JSON_READER_REQUIRED, 0, 1e9,
                                      &a->rate_per_day, ctx, error) &&
         limn_json_reader_get_double (rate, "sd", LIMN_JSON_READER_REQUIRED, 0, 1e9,
                                      &a->rate_sd, ctx, error) &&
         limn_json_reader_get_whole (rate, "days", LIMN_JSON_READER_REQUIRED, 1, LIMN_WIRE_MAX_DASHBOARD_DAYS,
                                     &a->rate_days, ctx, error);
}

static gboolean
parse_annotators (JsonObject        *root,
                  LimnTeamDashboard *d,
                  GError           **error)
{
  g_autofree char *where = NULL;
  JsonArray *array = NULL;

  if (!limn_json_reader_get_array (root, "annotators", LIMN_JSON_READER_REQUIRED,
                                   LIMN_WIRE_MAX_DASHBOARD_ANNOTATORS, &array, "dashboard", error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = element (array, i, "dashboard", "annotators", &where, error);
      LimnDashboardAnnotator *a;
      const char *name = NULL;

      if (o == NULL ||
          !limn_json_reader_get_string (o, "annotator", LIMN_JSON_READER_REQUIRED, LIMN_WIRE_MAX_NAME,
                                        &name, where, error))
        return FALSE;
      if (name[0] == '\0')
        return limn_wire_bad (error, where, "annotator", _("is empty"));

      a = g_new0 (LimnDashboardAnnotator, 1);
      a->annotator = g_strdup (name);
      g_ptr_array_add (d->annotators, a);
      if (!get_count (o, "submitted", LIMN_JSON_READER_OPTIONAL, &a->submitted, where, error) ||
          !get_rate (o, "acceptance", &a->acceptance, where, error) ||
          !get_rate (o, "rework", &a->rework, where, error) ||
          !get_rate (o, "gold_accuracy", &a->gold_accuracy, where, error) ||
          !get_number (o, "skill", -1e6, 1e6, &a->skill, where, error) ||
          !get_number (o, "median_active_s", 0, 1e9, &a->median_active_s, where, error) ||
          !limn_json_reader_get_boolean (o, "drifting", LIMN_JSON_READER_OPTIONAL, &a->drifting, where, error) ||
          !get_annotator_rate (o, a, where, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
parse_agreement (JsonObject        *root,
                 LimnTeamDashboard *d,
                 GError           **error)
{
  g_autofree char *where = NULL;
  JsonArray *array = NULL;

  if (!limn_json_reader_get_array (root, "agreement", LIMN_JSON_READER_REQUIRED,
                                   LIMN_WIRE_MAX_DASHBOARD_ROWS, &array, "dashboard", error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *o = element (array, i, "dashboard", "agreement", &where, error);
      LimnDashboardAgreement row = { 0, NULL, NULL, NAN, NAN, 0 };
      const char *by = NULL, *key = NULL, *name = NULL;

      if (o == NULL ||
          !limn_json_reader_get_string (o, "by", LIMN_JSON_READER_REQUIRED, 64, &by, where, error) ||
          !limn_json_reader_get_string (o, "key", LIMN_JSON_READER_REQUIRED, MAX_KEY, &key, where, error) ||
          !limn_json_reader_get_string (o, "name", LIMN_JSON_READER_OPTIONAL, MAX_KEY, &name, where, error) ||
          /* α can fall below -1 on few units; neither rises above 1. */
          !get_number (o, "alpha", -1e6, 1, &row.alpha, where, error) ||
          !get_number (o, "ac1", -1, 1, &row.ac1, where, error) ||
          !get_count (o, "units", LIMN_JSON_READER_OPTIONAL, &row.units, where, error))
        return FALSE;

      /* A grouping of a newer server: not shown, not an error. */
      if (!limn_agreement_by_from_string (by, &row.by))
        continue;
      row.key = g_strdup (key);
      row.name = g_strdup (name);
      g_ptr_array_add (d->agreement, g_memdup2 (&row, sizeof row));
    }

  return TRUE;
}

static gboolean
parse_hot_spots (JsonObject        *root,
                 LimnTeamDashboard *d,
                 GError           **error)
{
  g_autofree char *where = NULL;
  JsonArray *array = NULL;

  if (!limn_json_reader_get_array (root, "hot_spots", LIMN_JSON_READER_OPTIONAL,
                                   LIMN_WIRE_MAX_DASHBOARD_ROWS, &array, "dashboard", error))
    return FALSE;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *o = element (array, i, "dashboard", "hot_spots", &where, error);
      LimnDashboardHotSpot h = { NULL, NULL, NULL, NULL, NAN, NAN, 0 };
      const char *label = NULL, *with = NULL, *label_name = NULL, *with_name = NULL;

      if (o == NULL ||
          !limn_json_reader_get_string (o, "label", LIMN_JSON_READER_REQUIRED, MAX_KEY, &label, where, error) ||
          !limn_json_reader_get_string (o, "confused_with", LIMN_JSON_READER_REQUIRED, MAX_KEY, &with,
                                        where, error) ||
          !limn_json_reader_get_double (o, "disagreement", LIMN_JSON_READER_REQUIRED, 0, 1, &h.disagreement,
                                        where, error) ||
          !limn_json_reader_get_string (o, "label_name", LIMN_JSON_READER_OPTIONAL, MAX_KEY, &label_name,
                                        where, error) ||
          !limn_json_reader_get_string (o, "confused_with_name", LIMN_JSON_READER_OPTIONAL, MAX_KEY,
                                        &with_name, where, error) ||
          !get_number (o, "mean_confidence", 0, 1, &h.mean_confidence, where, error) ||
          !get_count (o, "items", LIMN_JSON_READER_OPTIONAL, &h.items, where, error))
        return FALSE;

      h.label = g_strdup (label);
      h.confused_with = g_strdup (with);
      h.label_name = g_strdup (label_name);
      h.confused_with_name = g_strdup (with_name);
      g_ptr_array_add (d->hot_spots, g_memdup2 (&h, sizeof h));
    }

  return TRUE;
}

static gboolean
parse_alerts (JsonObject        *root,
              LimnTeamDashboard *d,
              GError           **error)
{
  g_autofree char *where = NULL;
  JsonArray *array = NULL;

  if (!limn_json_reader_get_array (root, "alerts", LIMN_JSON_READER_OPTIONAL,
                                   LIMN_WIRE_MAX_DASHBOARD_ROWS, &array, "dashboard", error))
    return FALSE;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *o = element (array, i, "dashboard", "alerts", &where, error);
      LimnDashboardAlert a = { NULL, LIMN_ALERT_UNKNOWN, NULL, NAN, NAN, 0, NULL };
      const char *id = NULL, *kind = NULL, *subject = NULL, *message = NULL;

      if (o == NULL ||
          !limn_json_reader_get_string (o, "id", LIMN_JSON_READER_OPTIONAL, MAX_KEY, &id, where, error) ||
          !limn_json_reader_get_string (o, "kind", LIMN_JSON_READER_REQUIRED, 64, &kind, where, error) ||
          !limn_json_reader_get_string (o, "subject", LIMN_JSON_READER_OPTIONAL, MAX_KEY, &subject,
                                        where, error) ||
          !get_number (o, "value", -1e9, 1e9, &a.value, where, error) ||
          !get_number (o, "threshold", -1e9, 1e9, &a.threshold, where, error) ||
          !limn_json_reader_get_int (o, "since_us", LIMN_JSON_READER_OPTIONAL, 0, G_MAXINT64, &a.since_us,
                                     where, error) ||
          !limn_json_reader_get_string (o, "message", LIMN_JSON_READER_OPTIONAL, LIMN_WIRE_MAX_FIELD,
                                        &message, where, error))
        return FALSE;

      a.kind = alert_kind_from_string (kind);
      /* A known kind is told from its figures, so they must be there. */
      if (a.kind != LIMN_ALERT_UNKNOWN && (subject == NULL || isnan (a.value) || isnan (a.threshold)))
        return limn_wire_bad (error, where, NULL, _("lacks its subject, value or threshold"));
      a.id = g_strdup (id);
      a.subject = g_strdup (subject);
      a.message = g_strdup (message);
      g_ptr_array_add (d->alerts, g_memdup2 (&a, sizeof a));
    }

  return TRUE;
}

static LimnTeamDashboard *
read_dashboard (GBytes  *body,
                GError **error)
{
  g_autoptr(JsonObject) root = limn_wire_parse_root (body, error);
  g_autoptr(LimnTeamDashboard) d = NULL;
  const char *project = NULL;
  gint64 days = 0;

  if (root == NULL)
    return NULL;

  d = g_new0 (LimnTeamDashboard, 1);
  d->throughput = g_array_new (FALSE, FALSE, sizeof (LimnDashboardDay));
  d->by_answers = g_array_new (FALSE, FALSE, sizeof (gint64));
  d->annotators = g_ptr_array_new_with_free_func (annotator_free);
  d->agreement = g_ptr_array_new_with_free_func (agreement_free);
  d->hot_spots = g_ptr_array_new_with_free_func (hot_spot_free);
  d->alerts = g_ptr_array_new_with_free_func (alert_free);

  if (!limn_json_reader_get_string (root, "project", LIMN_JSON_READER_REQUIRED, MAX_KEY, &project,
                                    "dashboard", error) ||
      !limn_json_reader_get_int (root, "generated_us", LIMN_JSON_READER_REQUIRED, 0, G_MAXINT64,
                                 &d->generated_us, "dashboard", error) ||
      !limn_json_reader_get_int (root, "days", LIMN_JSON_READER_REQUIRED, 1, LIMN_WIRE_MAX_DASHBOARD_DAYS,
                                 &days, "dashboard", error) ||
      !limn_json_reader_get_boolean (root, "pseudonymous", LIMN_JSON_READER_REQUIRED, &d->pseudonymous,
                                     "dashboard", error) ||
      !parse_throughput (root, d, error) ||
      !parse_forecast (root, d, error) ||
      !parse_annotators (root, d, error) ||
      !parse_agreement (root, d, error) ||
      !parse_hot_spots (root, d, error) ||
      !parse_alerts (root, d, error))
    return NULL;

  d->project_id = g_strdup (project);
  d->days = days;
  return g_steal_pointer (&d);
}

LimnTeamDashboard *
limn_wire_parse_dashboard (GBytes  *body,
                           GError **error)
{
  return limn_wire_answer_checked (read_dashboard (body, error), error);
}
