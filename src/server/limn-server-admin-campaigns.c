/* limn-server-admin-campaigns.c
 *
 * `campaign preview|propose|approve|status|finish|rollback|cancel|list`
 * (docs/server-guide.md, "Relabel campaigns"). Output is JSON on stdout,
 * a sentence for people on stderr; a refusal exits non-zero.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "json/limn-json-writer.h"
#include "limn-server-admin-private.h"
#include "limn-server-campaigns.h"

static void
print_json_object (JsonObject *object)
{
  g_autofree char *text = limn_json_writer_object_to_string (object);

  printf ("%s\n", text);
}

/* A day (YYYY-MM-DD, UTC) or an ISO 8601 time; a day as --until means
 * up to its end. */
static gboolean
parse_time (LimnAdminArgs  *args,
            const char     *name,
            gboolean        end_of_day,
            gint64         *out,
            GError        **error)
{
  const char *value = limn_admin_opt (args, name);
  g_autoptr(GDateTime) t = NULL;
  int y, m, d;
  char rest;

  *out = -1;
  if (value == NULL)
    return TRUE;
  if (sscanf (value, "%4d-%2d-%2d%c", &y, &m, &d, &rest) == 3 && strlen (value) == 10)
    {
      t = g_date_time_new_utc (y, m, d, 0, 0, 0);
      if (t != NULL && end_of_day)
        {
          GDateTime *next = g_date_time_add_days (t, 1);

          g_date_time_unref (t);
          t = next;
        }
    }
  else
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

      t = g_date_time_new_from_iso8601 (value, utc);
    }
  if (t == NULL)
    return limn_admin_fail (error, _("--%s must be a day (2025-03-02) or an ISO 8601 time."),
                            name);
  *out = g_date_time_to_unix (t) * G_USEC_PER_SEC + g_date_time_get_microsecond (t);
  return TRUE;
}

/* A list of label names or ids, separated by commas; NULL when absent. */
static gboolean
parse_labels (LimnAdminArgs  *args,
              const char     *name,
              GStrv          *out,
              GError        **error)
{
  const char *value = limn_admin_opt (args, name);
  g_auto(GStrv) labels = NULL;

  *out = NULL;
  if (value == NULL)
    return TRUE;
  labels = g_strsplit (value, ",", -1);
  if (labels[0] == NULL)
    return limn_admin_fail (error, _("--%s must name labels, separated by commas."), name);
  for (guint i = 0; labels[i] != NULL; i++)
    if (g_strstrip (labels[i])[0] == '\0')
      return limn_admin_fail (error, _("--%s must name labels, separated by commas."), name);
  *out = g_steal_pointer (&labels);
  return TRUE;
}

static gboolean
parse_scope (LimnAdminArgs            *args,
             LimnServerCampaignScope  *scope,
             GError                  **error)
{
  const char *value;

  limn_server_campaign_scope_clear (scope);
  limn_server_campaign_scope_init (scope);
  scope->label = g_strdup (limn_admin_opt (args, "label"));
  scope->annotator = g_strdup (limn_admin_opt (args, "annotator"));
  scope->alert_id = g_strdup (limn_admin_opt (args, "from-alert"));

  value = limn_admin_opt (args, "source");
  if (value != NULL && !g_str_equal (value, "human") && !g_str_equal (value, "model"))
    return limn_admin_fail (error, _("--source must be human or model."));
  scope->source = g_strdup (value);

  if (!parse_time (args, "since", FALSE, &scope->since_us, error) ||
      !parse_time (args, "until", TRUE, &scope->until_us, error) ||
      !limn_admin_parse_int_option (args, "guideline-version", 0, G_MAXINT32,
                                    &scope->guideline_version, error) ||
      !limn_admin_parse_int_option (args, "guideline-before", 1, G_MAXINT32,
                                    &scope->guideline_before, error) ||
      !parse_labels (args, "labels", &scope->labels, error))
    return FALSE;

  value = limn_admin_opt (args, "confused-labels");
  if (value != NULL)
    {
      g_auto(GStrv) pair = NULL;

      if (!parse_labels (args, "confused-labels", &pair, error))
        return FALSE;
      if (g_strv_length (pair) != 2 || g_str_equal (pair[0], pair[1]))
        return limn_admin_fail (error, _("--confused-labels must name two different labels: "
                                         "A,B."));
      scope->confused[0] = g_strdup (pair[0]);
      scope->confused[1] = g_strdup (pair[1]);
    }

  value = limn_admin_opt (args, "agreement-below");
  if (value != NULL)
    {
      char *end = NULL;
      double x = g_ascii_strtod (value, &end);

      if (end == value || *end != '\0' || !isfinite (x) || x < -1 || x > 1)
        return limn_admin_fail (error, _("--agreement-below must be a number from -1 to 1."));
      scope->agreement_below = x;
    }
  return TRUE;
}

#define SCOPE_OPTIONS \
  "project", "label", "annotator", "source", "since", "until", "guideline-version", \
  "agreement-below", "from-alert", "labels", "confused-labels", "guideline-before"

static gboolean
no_scope (const LimnServerCampaignScope *s)
{
  return s->label == NULL && s->annotator == NULL && s->source == NULL && s->since_us < 0 &&
         s->until_us < 0 && s->guideline_version < 0 && isnan (s->agreement_below) &&
         s->alert_id == NULL && s->labels == NULL && s->confused[0] == NULL &&
         s->guideline_before < 0;
}

gboolean
limn_admin_cmd_campaign_preview (LimnAdminArgs  *args,
                                 GError        **error)
{
  static const char * const known[] = { SCOPE_OPTIONS, "reason", "by", "from", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_auto(LimnServerCampaignScope) scope = { NULL };
  g_autoptr(JsonObject) out = NULL;
  const char *project_id;

  if (!limn_admin_check_options (args, known, error) ||
      !limn_admin_require (args, "project", &project_id, error) ||
      !parse_scope (args, &scope, error))
    return FALSE;

  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return FALSE;
  out = limn_server_campaigns_preview (backend, project_id, &scope, error);
  if (out == NULL)
    return FALSE;

  print_json_object (out);
  g_printerr (_("The scope matches %" PRId64 " answers on %" PRId64
                " tasks; nothing was changed.\n"),
              json_object_get_int_member (out, "answers"),
              json_object_get_int_member (out, "tasks"));
  return TRUE;
}

gboolean
limn_admin_cmd_campaign_propose (LimnAdminArgs  *args,
                                 GError        **error)
{
  static const char * const known[] = { SCOPE_OPTIONS, "reason", "by", "from", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_auto(LimnServerCampaignScope) scope = { NULL };
  g_autoptr(JsonObject) out = NULL;
  LimnServerDatasetMethod method = LIMN_SERVER_DATASET_MAJORITY;
  const char *project_id, *reason, *by, *from;

  if (!limn_admin_check_options (args, known, error) ||
      !limn_admin_require (args, "project", &project_id, error) ||
      !limn_admin_require (args, "reason", &reason, error) ||
      !limn_admin_require (args, "by", &by, error) ||
      !limn_admin_check_name (reason, _("reason"), error) ||
      !parse_scope (args, &scope, error))
    return FALSE;
  if (no_scope (&scope))
    return limn_admin_fail (error, _("Say what to relabel: --label, --labels, "
                                     "--confused-labels, --annotator, --source, --since, "
                                     "--until, --guideline-version, --guideline-before, "
                                     "--agreement-below or --from-alert."));
  from = limn_admin_opt (args, "from");
  if (from != NULL && !limn_server_dataset_method_from_string (from, &method))
    return limn_admin_fail (error, _("--from must be accepted, majority or dawid-skene."));

  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return FALSE;
  out = limn_server_campaigns_propose (backend, project_id, &scope, method, reason, by, error);
  if (out == NULL)
    return FALSE;

  print_json_object (out);
  g_printerr (_("Campaign %s proposed: %" PRId64 " answers; another admin or reviewer "
                "must approve it.\n"),
              json_object_get_string_member (out, "id"),
              json_object_get_int_member (out, "answers"));
  return TRUE;
}

static gboolean
campaign_id (LimnAdminArgs  *args,
             const char    **id,
             GError        **error)
{
  if (args->words->len != 3)
    return limn_admin_fail (error, _("Say which campaign: campaign %s ID."),
                            (const char *)g_ptr_array_index (args->words, 1));
  *id = g_ptr_array_index (args->words, 2);
  return TRUE;
}

/* A step on campaign ID by a person: --by USER, recorded. */
typedef JsonObject *(*Step) (LimnServerBackend  *backend,
                             const char         *campaign_id,
                             const char         *by,
                             GError            **error);

static gboolean
run_step (LimnAdminArgs  *args,
          Step            step,
          GError        **error)
{
  static const char * const known[] = { "by", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(JsonObject) out = NULL;
  const char *id = NULL, *by = NULL;

  if (!limn_admin_check_options (args, known, error) || !campaign_id (args, &id, error) ||
      !limn_admin_require (args, "by", &by, error))
    return FALSE;
  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return FALSE;
  out = step (backend, id, by, error);
  if (out == NULL)
    return FALSE;
  print_json_object (out);
  return TRUE;
}

gboolean
limn_admin_cmd_campaign_approve (LimnAdminArgs  *args,
                                 GError        **error)
{
  static const char * const known[] = { "by", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(JsonObject) out = NULL;
  const char *id = NULL, *by;

  if (!limn_admin_check_options (args, known, error) || !campaign_id (args, &id, error) ||
      !limn_admin_require (args, "by", &by, error))
    return FALSE;
  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return FALSE;
  out = limn_server_campaigns_approve (backend, id, NULL, by, error);
  if (out == NULL)
    return FALSE;
  print_json_object (out);
  g_printerr (_("Campaign %s approved: base dataset version %" PRId64 ", %"
                PRId64 " answers sent back for rework.\n"), id,
              json_object_get_int_member (out, "base_version"),
              json_object_get_int_member (out, "rework"));
  return TRUE;
}

gboolean
limn_admin_cmd_campaign_status (LimnAdminArgs  *args,
                                GError        **error)
{
  static const char * const known[] = { NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(JsonObject) out = NULL;
  const char *id = NULL;

  if (!limn_admin_check_options (args, known, error) || !campaign_id (args, &id, error))
    return FALSE;
  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return FALSE;
  out = limn_server_campaigns_status (backend, id, NULL, error);
  if (out == NULL)
    return FALSE;
  print_json_object (out);
  return TRUE;
}

gboolean
limn_admin_cmd_campaign_finish (LimnAdminArgs  *args,
                                GError        **error)
{
  static const char * const known[] = { "partial", "by", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(JsonObject) out = NULL;
  const char *id = NULL, *by = NULL;

  if (!limn_admin_check_options (args, known, error) || !campaign_id (args, &id, error) ||
      !limn_admin_require (args, "by", &by, error))
    return FALSE;
  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return FALSE;
  out = limn_server_campaigns_finish (backend, id, limn_admin_opt (args, "partial") != NULL, by,
                                      error);
  if (out == NULL)
    return FALSE;
  print_json_object (out);
  g_printerr (_("Campaign %s done: dataset version %" PRId64 ".\n"), id,
              json_object_get_int_member (out, "result_version"));
  return TRUE;
}

gboolean
limn_admin_cmd_campaign_rollback (LimnAdminArgs  *args,
                                  GError        **error)
{
  if (!run_step (args, limn_server_campaigns_rollback, error))
    return FALSE;
  g_printerr (_("Campaign %s rolled back.\n"), (const char *)g_ptr_array_index (args->words, 2));
  return TRUE;
}

gboolean
limn_admin_cmd_campaign_cancel (LimnAdminArgs  *args,
                                GError        **error)
{
  return run_step (args, limn_server_campaigns_cancel, error);
}

gboolean
limn_admin_cmd_campaign_list (LimnAdminArgs  *args,
                              GError        **error)
{
  static const char * const known[] = { "project", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(JsonObject) out = NULL;
  const char *project_id;

  if (!limn_admin_check_options (args, known, error) ||
      !limn_admin_require (args, "project", &project_id, error))
    return FALSE;
  if (args->words->len != 2)
    return limn_admin_fail (error, _("campaign list takes no ID: use --project."));
  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return FALSE;
  out = limn_server_campaigns_list (backend, project_id, error);
  if (out == NULL)
    return FALSE;
  print_json_object (out);
  return TRUE;
}
