/* limn-server-routes-dashboard.c
 *
 * GET projects/{id}/team-figures (any member of the project: aggregates
 * only, nothing when fewer than 3 annotators contributed) and GET
 * projects/{id}/dashboard?days=N (reviewers of the project and admins:
 * per-annotator figures under pseudonyms, ids for admins), computed on
 * the worker thread like every route (docs/api.md, docs/metrics.md §9).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "limn-server-alerts.h"
#include "limn-server-pseudonyms.h"
#include "limn-server-routes.h"
#include "limn-server-team-cache.h"

#define DEFAULT_DAYS 30
#define MAX_DAYS     LIMN_SERVER_TEAM_MAX_DAYS

static void
set_number (JsonObject *obj,
            const char *member,
            double      value)
{
  if (isfinite (value))
    json_object_set_double_member (obj, member, value);
  else
    json_object_set_null_member (obj, member);
}

static JsonObject *
rate_to_json (const LimnProportion *p)
{
  JsonObject *obj = json_object_new ();

  set_number (obj, "p", p->trials ? p->estimate : NAN);
  set_number (obj, "low", p->trials ? p->lower : NAN);
  set_number (obj, "high", p->trials ? p->upper : NAN);
  json_object_set_int_member (obj, "n", p->trials);
  return obj;
}

static void
set_day (JsonObject *obj,
         const char *member,
         gint64      day)
{
  g_autofree char *text = day >= 0 ? limn_server_team_day_string (day) : NULL;

  if (text != NULL)
    json_object_set_string_member (obj, member, text);
  else
    json_object_set_null_member (obj, member);
}

static LimnServerTeamReport *
report_or_respond (LimnServerBackend   *backend,
                   LimnServerTeamCache *cache,
                   LimnServerExchange  *ex,
                   const char          *project_id)
{
  g_autoptr(GError) error = NULL;
  LimnServerTeamReport *report;

  report = limn_server_team_cache_get (cache, backend, project_id, g_get_real_time (),
                                       LIMN_SERVER_TEAM_CACHE_SECONDS, NULL, &error);
  if (report == NULL)
    limn_server_respond_gerror (ex, error);
  return report;
}

void
limn_server_handle_team_figures (LimnServerBackend   *backend,
                                 LimnServerTeamCache *cache,
                                 LimnServerExchange  *ex,
                                 const char          *project_id)
{
  g_autoptr(LimnServerTeamReport) report = NULL;
  g_autoptr(JsonObject) obj = json_object_new ();
  JsonArray *labels = json_array_new ();
  guint contributors = 0;

  if (!limn_server_check_project (ex, project_id))
    {
      json_array_unref (labels);
      return;
    }

  report = report_or_respond (backend, cache, ex, project_id);
  if (report == NULL)
    {
      json_array_unref (labels);
      return;
    }

  for (guint m = 0; m < report->members->len; m++)
    contributors += ((LimnServerTeamMember *)g_ptr_array_index (report->members, m))->submitted > 0;

  json_object_set_string_member (obj, "project", project_id);
  json_object_set_int_member (obj, "generated_us", report->generated_us);
  json_object_set_int_member (obj, "annotators", contributors);
  json_object_set_array_member (obj, "labels", labels);

  /* k-anonymity: with one or two annotators a team figure is a person's. */
  if (contributors < LIMN_SERVER_TEAM_MIN_ANNOTATORS)
    {
      json_object_set_null_member (obj, "median_active_s");
      json_object_set_null_member (obj, "p90_active_s");
      json_object_set_null_member (obj, "gold_accuracy");
      json_object_set_null_member (obj, "acceptance");
      limn_server_respond_object (ex, 200, obj);
      return;
    }

  for (guint k = 0; k < report->label_ids->len; k++)
    {
      JsonObject *l = json_object_new ();

      json_object_set_string_member (l, "label", g_ptr_array_index (report->label_ids, k));
      json_object_set_string_member (l, "name", g_ptr_array_index (report->label_names, k));
      json_object_set_int_member (l, "count", report->label_counts[k]);
      set_number (l, "share", report->regions ? (double)report->label_counts[k] / report->regions
                                              : NAN);
      json_array_add_object_element (labels, l);
    }
  set_number (obj, "median_active_s", report->active.median);
  set_number (obj, "p90_active_s", report->active.p90);
  json_object_set_object_member (obj, "gold_accuracy", rate_to_json (&report->gold));
  json_object_set_object_member (obj, "acceptance", rate_to_json (&report->acceptance));
  limn_server_respond_object (ex, 200, obj);
}

/* days: 1–365 in plain digits, 30 when absent. */
static gboolean
parse_days (LimnServerExchange *ex,
            guint              *days)
{
  const char *text = ex->query ? g_hash_table_lookup (ex->query, "days") : NULL;
  guint64 n = 0;

  *days = DEFAULT_DAYS;
  if (text == NULL)
    return TRUE;
  if (*text == '\0' || strlen (text) > 6 || strspn (text, "0123456789") != strlen (text) ||
      (n = g_ascii_strtoull (text, NULL, 10)) < 1 || n > MAX_DAYS)
    {
      limn_server_respond_error (ex, 400, _("“days” must be a whole number from 1 to 365."));
      return FALSE;
    }
  *days = n;
  return TRUE;
}

static JsonArray *
members_to_json (const LimnServerTeamReport *report,
                 const char                 *project_id,
                 GBytes                     *secret)
{
  JsonArray *array = json_array_new ();

  for (guint m = 0; m < report->members->len; m++)
    {
      const LimnServerTeamMember *member = g_ptr_array_index (report->members, m);
      JsonObject *a = json_object_new ();
      g_autofree char *pseudonym = NULL;

      if (secret != NULL)
        {
          pseudonym = limn_server_pseudonym (secret, project_id, member->user_id);
          json_object_set_string_member (a, "annotator", pseudonym);
        }
      else
        json_object_set_string_member (a, "annotator", member->user_id);
      json_object_set_int_member (a, "submitted", member->submitted);
      json_object_set_object_member (a, "acceptance", rate_to_json (&member->review.accepted));
      json_object_set_object_member (a, "rework", rate_to_json (&member->review.sent_back));
      json_object_set_object_member (a, "correction", rate_to_json (&member->review.corrected));
      json_object_set_object_member (a, "gold_accuracy", rate_to_json (&member->gold));
      set_number (a, "skill", member->skill);
      set_number (a, "median_active_s", member->active.median);
      json_object_set_boolean_member (a, "drifting", member->drifting);
      if (member->rate_days > 0)
        {
          JsonObject *rate = json_object_new ();

          set_number (rate, "per_day", member->rate_per_day);
          set_number (rate, "sd", member->rate_sd);
          json_object_set_int_member (rate, "days", member->rate_days);
          json_object_set_object_member (a, "rate", rate);
        }
      else
        json_object_set_null_member (a, "rate");
      json_array_add_object_element (array, a);
    }
  return array;
}

void
limn_server_handle_dashboard (LimnServerBackend   *backend,
                              LimnServerTeamCache *cache,
                              LimnServerExchange  *ex,
                              const char          *project_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnServerTeamReport) report = NULL;
  g_autoptr(GBytes) secret = NULL;
  g_autoptr(GPtrArray) alerts = NULL;
  g_autoptr(JsonObject) obj = NULL;
  gboolean admin = ex->principal->role == LIMN_SERVER_ROLE_ADMIN;
  JsonArray *array;
  JsonObject *o;
  guint days, first_day;

  if (ex->principal->role != LIMN_SERVER_ROLE_REVIEWER && !admin)
    {
      limn_server_respond_error (ex, 403, _("Only reviewers and admins see the team dashboard."));
      return;
    }
  if (!limn_server_check_project (ex, project_id) || !parse_days (ex, &days))
    return;

  /* The kept report's alerts were judged when it was computed. */
  report = report_or_respond (backend, cache, ex, project_id);
  if (report == NULL)
    return;
  secret = limn_server_pseudonym_secret (backend, &error);
  if (secret != NULL)
    alerts = limn_server_alerts_list (backend, project_id, TRUE, &error);
  if (alerts == NULL)
    {
      limn_server_respond_gerror (ex, error);
      return;
    }
  /* The report has every day of the longest window: the last @days. */
  first_day = report->days - days;

  obj = json_object_new ();
  json_object_set_string_member (obj, "project", project_id);
  json_object_set_int_member (obj, "generated_us", report->generated_us);
  json_object_set_int_member (obj, "days", days);
  json_object_set_boolean_member (obj, "pseudonymous", !admin);

  array = json_array_new ();
  for (guint d = 0; d < days; d++)
    {
      JsonObject *day = json_object_new ();

      set_day (day, "day", report->today - days + 1 + d);
      json_object_set_int_member (day, "submitted", report->submitted[first_day + d]);
      json_object_set_int_member (day, "reviewed", report->reviewed[first_day + d]);
      json_array_add_object_element (array, day);
    }
  json_object_set_array_member (obj, "throughput", array);

  o = json_object_new ();
  json_object_set_int_member (o, "tasks", report->remaining_tasks);
  json_object_set_int_member (o, "annotations", report->remaining_annotations);
  json_object_set_int_member (o, "overlap", report->overlap);
  array = json_array_new ();
  for (guint k = 0; k < report->n_by_answers; k++)
    json_array_add_int_element (array, report->by_answers[k]);
  json_object_set_array_member (o, "by_answers", array);
  json_object_set_object_member (obj, "remaining", o);

  if (report->forecast_reason != NULL)
    {
      json_object_set_null_member (obj, "forecast");
      json_object_set_string_member (obj, "forecast_reason", _(report->forecast_reason));
    }
  else
    {
      o = json_object_new ();
      set_number (o, "rate_per_day", report->rate);
      set_number (o, "rate_low", report->rate_low);
      set_number (o, "rate_high", report->rate_high);
      set_day (o, "finish_day", report->finish_day);
      set_day (o, "low_day", report->low_day);
      set_day (o, "high_day", report->high_day);
      json_object_set_object_member (obj, "forecast", o);
    }

  json_object_set_array_member (obj, "annotators",
                                members_to_json (report, project_id, admin ? NULL : secret));

  array = json_array_new ();
  for (guint i = 0; i < report->agreement->len; i++)
    {
      const LimnServerTeamAgreement *a = g_ptr_array_index (report->agreement, i);
      JsonObject *row = json_object_new ();

      json_object_set_string_member (row, "by", a->by);
      json_object_set_string_member (row, "key", a->key);
      if (g_str_equal (a->by, "label"))
        for (guint k = 0; k < report->label_ids->len; k++)
          if (g_str_equal (g_ptr_array_index (report->label_ids, k), a->key))
            json_object_set_string_member (row, "name", g_ptr_array_index (report->label_names, k));
      set_number (row, "alpha", a->alpha);
      set_number (row, "ac1", a->ac1);
      json_object_set_int_member (row, "units", a->units);
      json_array_add_object_element (array, row);
    }
  json_object_set_array_member (obj, "agreement", array);

  array = json_array_new ();
  for (guint i = 0; i < report->hot_spots->len; i++)
    {
      const LimnServerHotSpot *h = &g_array_index (report->hot_spots, LimnServerHotSpot, i);
      JsonObject *row = json_object_new ();

      json_object_set_string_member (row, "label", g_ptr_array_index (report->label_ids, h->label));
      json_object_set_string_member (row, "confused_with",
                                     g_ptr_array_index (report->label_ids, h->confused_with));
      json_object_set_string_member (row, "label_name",
                                     g_ptr_array_index (report->label_names, h->label));
      json_object_set_string_member (row, "confused_with_name",
                                     g_ptr_array_index (report->label_names, h->confused_with));
      set_number (row, "disagreement", h->disagreement);
      set_number (row, "mean_confidence", h->mean_confidence);
      json_object_set_int_member (row, "items", h->items);
      json_array_add_object_element (array, row);
    }
  json_object_set_array_member (obj, "hot_spots", array);

  array = json_array_new ();
  for (guint i = 0; i < alerts->len; i++)
    json_array_add_object_element (array, limn_server_alert_to_json (g_ptr_array_index (alerts, i)));
  json_object_set_array_member (obj, "alerts", array);

  limn_server_respond_object (ex, 200, obj);
}
