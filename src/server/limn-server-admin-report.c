/* limn-server-admin-report.c
 *
 * The admin commands that read: status, inspect and stats.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>

#include "analytics/limn-toxic-spans.h"
#include "limn-server-admin-inspect.h"
#include "limn-server-admin-private.h"
#include "limn-server-alerts.h"
#include "limn-server-gold.h"
#include "limn-server-guardrails.h"
#include "limn-server-projects.h"
#include "limn-server-pseudonyms.h"
#include "limn-server-qualification.h"
#include "limn-server-team.h"

gboolean
limn_admin_cmd_status (LimnAdminArgs  *args,
                       GError        **error)
{
  static const char * const known[] = { "project", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(GPtrArray) status = NULL;
  g_autoptr(GPtrArray) alerts = NULL;

  if (!limn_admin_check_options (args, known, error))
    return FALSE;

  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return FALSE;

  status = limn_server_projects_status (backend, limn_admin_opt (args, "project"), error);
  if (status == NULL)
    return FALSE;
  alerts = limn_server_alerts_list (backend, limn_admin_opt (args, "project"), TRUE, error);
  if (alerts == NULL)
    return FALSE;

  for (guint i = 0; i < status->len; i++)
    {
      LimnServerProjectStatus *s = g_ptr_array_index (status, i);

      g_print ("project_id=%s kind=%s tasks=%" PRId64 " gold=%" PRId64
               " assigned=%" PRId64 " submitted=%" PRId64
               " expired=%" PRId64 " annotations=%" PRId64
               " conflicts=%" PRId64 " flags=%" PRId64
               " events=%" PRId64 " name=%s\n",
               s->project_id, s->kind, s->tasks, s->gold, s->assigned, s->submitted, s->expired,
               s->annotations, s->conflicts, s->flags, s->events, s->name);

      /* The project's active alerts (docs/metrics.md §9), message last:
       * it has spaces. */
      for (guint j = 0; j < alerts->len; j++)
        {
          LimnServerAlert *a = g_ptr_array_index (alerts, j);
          char value[G_ASCII_DTOSTR_BUF_SIZE], threshold[G_ASCII_DTOSTR_BUF_SIZE];

          if (!g_str_equal (a->project_id, s->project_id))
            continue;
          g_ascii_formatd (value, sizeof value, "%.4f", a->value);
          g_ascii_formatd (threshold, sizeof threshold, "%.4f", a->threshold);
          g_print ("alert_id=%s project_id=%s kind=%s subject=%s value=%s threshold=%s since_us=%"
                   PRId64 " message=%s\n", a->id, a->project_id, a->kind, a->subject,
                   value, threshold, a->since_us, a->message);
        }
    }

  if (status->len == 0)
    g_printerr (_("There are no projects yet.\n"));

  return TRUE;
}

gboolean
limn_admin_cmd_inspect (LimnAdminArgs  *args,
                        GError        **error)
{
  static const char * const known[] = { "project", "task", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;

  if (!limn_admin_check_options (args, known, error))
    return FALSE;
  if (limn_admin_opt (args, "project") != NULL && limn_admin_opt (args, "task") != NULL)
    return limn_admin_fail (error, _("Give --project or --task, not both."));

  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return FALSE;

  return limn_server_admin_inspect (backend, limn_admin_opt (args, "project"),
                                    limn_admin_opt (args, "task"), error);
}

static void
add_score (JsonBuilder *builder,
           const char  *name,
           double       value)
{
  json_builder_set_member_name (builder, name);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

/* The team dashboard's agreement rows and each annotator's skill (and
 * answers), from the same computation as the route (docs/metrics.md §9);
 * annotators under their pseudonyms unless @names. */
static gboolean
team_stats (JsonBuilder        *builder,
            LimnServerBackend  *backend,
            const char         *project_id,
            gboolean            names,
            GError            **error)
{
  g_autoptr(LimnServerTeamReport) report = NULL;
  g_autoptr(GBytes) secret = NULL;

  report = limn_server_team_compute (backend, project_id, 30, g_get_real_time (), error);
  if (report == NULL)
    return FALSE;
  if (!names)
    {
      secret = limn_server_pseudonym_secret (backend, error);
      if (secret == NULL)
        return FALSE;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "pseudonymous");
  json_builder_add_boolean_value (builder, !names);
  json_builder_set_member_name (builder, "annotators");
  json_builder_begin_array (builder);
  for (guint m = 0; m < report->members->len; m++)
    {
      const LimnServerTeamMember *member = g_ptr_array_index (report->members, m);
      g_autofree char *who = names ? g_strdup (member->user_id)
                                   : limn_server_pseudonym (secret, project_id, member->user_id);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "annotator");
      json_builder_add_string_value (builder, who);
      json_builder_set_member_name (builder, "submitted");
      json_builder_add_int_value (builder, member->submitted);
      add_score (builder, "skill", member->skill);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "agreement");
  json_builder_begin_array (builder);
  for (guint i = 0; i < report->agreement->len; i++)
    {
      const LimnServerTeamAgreement *a = g_ptr_array_index (report->agreement, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "by");
      json_builder_add_string_value (builder, a->by);
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, a->key);
      if (g_str_equal (a->by, "label"))
        for (guint k = 0; k < report->label_ids->len; k++)
          if (g_str_equal (g_ptr_array_index (report->label_ids, k), a->key))
            {
              json_builder_set_member_name (builder, "name");
              json_builder_add_string_value (builder, g_ptr_array_index (report->label_names, k));
            }
      add_score (builder, "alpha", a->alpha);
      add_score (builder, "ac1", a->ac1);
      json_builder_set_member_name (builder, "units");
      json_builder_add_int_value (builder, a->units);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return TRUE;
}

/* The guardrail overrides each annotator gave (docs/guardrails.md) and
 * their total; under pseudonyms unless @names, as the team figures. */
static gboolean
override_stats (JsonBuilder        *builder,
                LimnServerBackend  *backend,
                const char         *project_id,
                gboolean            names,
                GError            **error)
{
  g_autoptr(GHashTable) counts = limn_server_guardrails_overrides (backend, project_id, error);
  g_autoptr(GBytes) secret = NULL;
  g_autoptr(GList) users = NULL;
  gint64 total = 0;

  if (counts == NULL)
    return FALSE;
  if (!names)
    {
      secret = limn_server_pseudonym_secret (backend, error);
      if (secret == NULL)
        return FALSE;
    }

  users = g_hash_table_get_keys (counts);
  users = g_list_sort (users, (GCompareFunc) g_strcmp0);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "annotators");
  json_builder_begin_array (builder);
  for (GList *l = users; l != NULL; l = l->next)
    {
      const gint64 *n = g_hash_table_lookup (counts, l->data);
      g_autofree char *who = names ? g_strdup (l->data)
                                   : limn_server_pseudonym (secret, project_id, l->data);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "annotator");
      json_builder_add_string_value (builder, who);
      json_builder_set_member_name (builder, "overrides");
      json_builder_add_int_value (builder, *n);
      json_builder_end_object (builder);
      total += *n;
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, total);
  json_builder_end_object (builder);
  return TRUE;
}

/* Each annotator's training status under the qualification rule
 * (docs/training.md), so the lead sees who keeps failing; under pseudonyms
 * unless @names. An empty list when the project has no rule. */
static gboolean
qualification_stats (JsonBuilder        *builder,
                     LimnServerBackend  *backend,
                     const char         *project_id,
                     gboolean            names,
                     GError            **error)
{
  g_autoptr(GPtrArray) rows = limn_server_qualification_list (backend, project_id, error);
  g_autoptr(GBytes) secret = NULL;

  if (rows == NULL)
    return FALSE;
  if (!names)
    {
      secret = limn_server_pseudonym_secret (backend, error);
      if (secret == NULL)
        return FALSE;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "annotators");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      const LimnServerQualificationRow *row = g_ptr_array_index (rows, i);
      g_autoptr(JsonObject) o = limn_server_qualification_to_json (&row->status);
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      g_autofree char *who = names ? g_strdup (row->annotator)
                                   : limn_server_pseudonym (secret, project_id, row->annotator_id);

      json_object_set_string_member (o, "annotator", who);
      json_object_set_string_member (o, "state", row->status.passed ? "passed"
                                                 : row->status.failed_attempts > 0 ? "failing"
                                                 : "training");
      json_node_set_object (node, o);
      json_builder_add_value (builder, g_steal_pointer (&node));
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return TRUE;
}

/* Accuracy against gold of each annotator of the project, from their first
 * answer to each gold task (limn-server-gold.h says why the first). */
static JsonNode *
project_stats (LimnAdminArgs  *args,
               const char     *project_id,
               GError        **error)
{
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *min_iou_text = limn_admin_opt (args, "min-iou");
  double min_iou = 0.5;

  if (min_iou_text != NULL)
    {
      char *end = NULL;

      min_iou = g_ascii_strtod (min_iou_text, &end);
      if (end == min_iou_text || *end != '\0' || !(min_iou > 0 && min_iou <= 1))
        {
          limn_admin_fail (error, _("--min-iou must be a number above 0 and at most 1."));
          return NULL;
        }
    }

  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return NULL;

  scores = limn_server_gold_scores (backend, project_id, min_iou, error);
  if (scores == NULL)
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "project_id");
  json_builder_add_string_value (builder, project_id);
  json_builder_set_member_name (builder, "gold");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "min_iou");
  json_builder_add_double_value (builder, min_iou);
  json_builder_set_member_name (builder, "annotators");
  json_builder_begin_array (builder);
  for (guint i = 0; i < scores->len; i++)
    {
      const LimnServerGoldScore *score = g_ptr_array_index (scores, i);
      double precision, recall, f1;

      limn_match_counts_scores (&score->counts, &precision, &recall, &f1);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "annotator");
      json_builder_add_string_value (builder, score->annotator);
      json_builder_set_member_name (builder, "tasks");
      json_builder_add_int_value (builder, score->tasks);
      json_builder_set_member_name (builder, "gold_regions");
      json_builder_add_int_value (builder, (gint64)score->counts.n_a);
      json_builder_set_member_name (builder, "answer_regions");
      json_builder_add_int_value (builder, (gint64)score->counts.n_b);
      json_builder_set_member_name (builder, "matched");
      json_builder_add_int_value (builder, (gint64)score->counts.matched);
      add_score (builder, "precision", precision);
      add_score (builder, "recall", recall);
      add_score (builder, "f1", f1);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "team");
  if (!team_stats (builder, backend, project_id, limn_admin_opt (args, "names") != NULL, error))
    return NULL;

  json_builder_set_member_name (builder, "guardrail_overrides");
  if (!override_stats (builder, backend, project_id, limn_admin_opt (args, "names") != NULL,
                       error))
    return NULL;

  json_builder_set_member_name (builder, "qualification");
  if (!qualification_stats (builder, backend, project_id, limn_admin_opt (args, "names") != NULL,
                            error))
    return NULL;
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

gboolean
limn_admin_cmd_stats (LimnAdminArgs  *args,
                      GError        **error)
{
  static const char * const known[] = { "toxic-spans", "project", "min-iou", "names", NULL };
  g_autoptr(JsonNode) stats = NULL;
  g_autofree char *json = NULL;
  const char *dir = limn_admin_opt (args, "toxic-spans");
  const char *project = limn_admin_opt (args, "project");

  if (!limn_admin_check_options (args, known, error))
    return FALSE;
  if ((dir == NULL) == (project == NULL))
    return limn_admin_fail (error, _("Give either --project ID or --toxic-spans DIR."));
  if (dir != NULL && (limn_admin_opt (args, "min-iou") != NULL ||
                      limn_admin_opt (args, "names") != NULL))
    return limn_admin_fail (error, _("--min-iou and --names go with --project."));

  stats = dir != NULL ? limn_toxic_spans_stats (dir, error) : project_stats (args, project, error);
  if (stats == NULL)
    return FALSE;

  json = json_to_string (stats, TRUE);
  g_print ("%s\n", json);
  return TRUE;
}
