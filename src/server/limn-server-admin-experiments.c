/* limn-server-admin-experiments.c
 *
 * `experiment start|status|result|accept|reject` (docs/server-guide.md,
 * "Guideline experiments"). Output is JSON on stdout, a sentence for
 * people on stderr; a refusal exits non-zero.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "json/limn-json-writer.h"
#include "limn-server-admin-private.h"
#include "limn-server-experiments.h"

static void
print_json_object (JsonObject *object)
{
  g_autofree char *text = limn_json_writer_object_to_string (object);

  printf ("%s\n", text);
}

gboolean
limn_admin_cmd_experiment_start (LimnAdminArgs  *args,
                                 GError        **error)
{
  static const char * const known[] = {
    "project", "by", "version-a", "version-b", "draft", "split", "per-arm", "items", "days",
    "seed", NULL
  };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(JsonObject) out = NULL;
  g_autofree char *draft = NULL;
  LimnServerExperimentStart s = { 0 };
  const char *draft_path;
  gint64 seed;

  if (!limn_admin_check_options (args, known, error) ||
      !limn_admin_require (args, "project", &s.project_id, error) ||
      !limn_admin_require (args, "by", &s.by, error) ||
      !limn_admin_parse_int_option (args, "version-a", 1, G_MAXINT32, &s.version_a, error) ||
      !limn_admin_parse_int_option (args, "version-b", 1, G_MAXINT32, &s.version_b, error) ||
      !limn_admin_parse_int_option (args, "per-arm", 2, 100, &s.per_arm, error) ||
      !limn_admin_parse_int_option (args, "items", 1, 100000, &s.items, error) ||
      !limn_admin_parse_int_option (args, "days", 1, 365, &s.days, error) ||
      !limn_admin_parse_int_option (args, "seed", 0, G_MAXUINT32, &seed, error))
    return FALSE;
  if (args->words->len != 2)
    return limn_admin_fail (error, _("experiment start takes no ID: use --project."));
  draft_path = limn_admin_opt (args, "draft");
  if ((draft_path != NULL) == (s.version_b > 0))
    return limn_admin_fail (error, _("Give version b as --version-b N or --draft FILE.md, "
                                     "one of them."));
  if (draft_path != NULL)
    {
      draft = limn_admin_read_text_file (draft_path, _("guidelines"), error);
      if (draft == NULL)
        return FALSE;
      s.draft = draft;
    }
  s.split = limn_admin_opt (args, "split") ? limn_admin_opt (args, "split") : "random";
  s.per_arm = s.per_arm > 0 ? s.per_arm : 2;
  s.items = s.items > 0 ? s.items : 50;
  s.days = s.days > 0 ? s.days : 0;
  s.seed = seed >= 0 ? (guint32)seed : g_random_int ();

  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return FALSE;
  out = limn_server_experiments_start (backend, &s, g_get_real_time (), error);
  if (out == NULL)
    return FALSE;
  print_json_object (out);
  g_printerr (_("Experiment %s running: %" PRId64 " tasks, each to %" PRId64
                " annotators of each arm.\n"),
              json_object_get_string_member (out, "id"), json_object_get_int_member (out, "pool"),
              s.per_arm);
  return TRUE;
}

static gboolean
experiment_id (LimnAdminArgs  *args,
               const char    **id,
               GError        **error)
{
  if (args->words->len != 3)
    return limn_admin_fail (error, _("Say which experiment: experiment %s ID."),
                            (const char *)g_ptr_array_index (args->words, 1));
  *id = g_ptr_array_index (args->words, 2);
  return TRUE;
}

typedef JsonObject *(*Show) (LimnServerBackend  *backend,
                             const char         *experiment_id,
                             gint64              now_us,
                             GError            **error);

static gboolean
show (LimnAdminArgs  *args,
      Show            what,
      GError        **error)
{
  static const char * const known[] = { NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(JsonObject) out = NULL;
  const char *id = NULL;

  if (!limn_admin_check_options (args, known, error) || !experiment_id (args, &id, error))
    return FALSE;
  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return FALSE;
  out = what (backend, id, g_get_real_time (), error);
  if (out == NULL)
    return FALSE;
  print_json_object (out);
  return TRUE;
}

gboolean
limn_admin_cmd_experiment_status (LimnAdminArgs  *args,
                                  GError        **error)
{
  return show (args, limn_server_experiments_status, error);
}

gboolean
limn_admin_cmd_experiment_result (LimnAdminArgs  *args,
                                  GError        **error)
{
  return show (args, limn_server_experiments_result, error);
}

static gboolean
decide (LimnAdminArgs  *args,
        gboolean        accept,
        GError        **error)
{
  static const char * const known[] = { "by", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(JsonObject) out = NULL;
  const char *id = NULL, *by = NULL;

  if (!limn_admin_check_options (args, known, error) || !experiment_id (args, &id, error) ||
      !limn_admin_require (args, "by", &by, error))
    return FALSE;
  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return FALSE;
  out = limn_server_experiments_decide (backend, id, by, accept, g_get_real_time (), error);
  if (out == NULL)
    return FALSE;
  print_json_object (out);
  if (accept)
    g_printerr (_("Experiment %s accepted: guidelines version %" PRId64 " published to "
                  "everyone.\n"), id,
                json_object_get_int_member_with_default (out, "published_version", 0));
  else
    g_printerr (_("Experiment %s rejected: everyone keeps version %" PRId64 ".\n"), id,
                json_object_get_int_member (out, "version_a"));
  return TRUE;
}

gboolean
limn_admin_cmd_experiment_accept (LimnAdminArgs  *args,
                                  GError        **error)
{
  return decide (args, TRUE, error);
}

gboolean
limn_admin_cmd_experiment_reject (LimnAdminArgs  *args,
                                  GError        **error)
{
  return decide (args, FALSE, error);
}
