/* limn-server-admin-datasets.c
 *
 * `dataset create|list|show`, `export` and `import` (docs/server-guide.md,
 * "Datasets, import and export"). Output is JSON on stdout; what a format
 * could not hold, or what an import left out, is also told on stderr.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>

#include "json/limn-json-writer.h"
#include "limn-server-admin-private.h"
#include "limn-server-datasets.h"
#include "limn-server-import.h"
#include "limn-server-projects.h"

static void
print_json_object (JsonObject *object)
{
  g_autofree char *text = limn_json_writer_object_to_string (object);

  printf ("%s\n", text);
}

static gboolean
parse_version (LimnAdminArgs  *args,
               gint64         *version,
               GError        **error)
{
  const char *value;

  if (!limn_admin_require (args, "version", &value, error))
    return FALSE;
  return limn_admin_parse_int_option (args, "version", 1, G_MAXINT32, version, error);
}

gboolean
limn_admin_cmd_dataset_create (LimnAdminArgs  *args,
                               GError        **error)
{
  static const char * const known[] = { "project", "from", "min-iou", "note", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(LimnServerProject) project = NULL;
  g_autoptr(LimnServerDataset) d = NULL;
  LimnServerDatasetMethod method = LIMN_SERVER_DATASET_ACCEPTED;
  const char *project_id, *from, *note, *min_iou_text;
  double min_iou = 0.5;

  if (!limn_admin_check_options (args, known, error) ||
      !limn_admin_require (args, "project", &project_id, error))
    return FALSE;

  from = limn_admin_opt (args, "from");
  if (from != NULL && !limn_server_dataset_method_from_string (from, &method))
    return limn_admin_fail (error, _("--from must be accepted, majority or dawid-skene."));

  min_iou_text = limn_admin_opt (args, "min-iou");
  if (min_iou_text != NULL)
    {
      char *end = NULL;

      min_iou = g_ascii_strtod (min_iou_text, &end);
      if (end == min_iou_text || *end != '\0' || !isfinite (min_iou) || min_iou <= 0 ||
          min_iou > 1)
        return limn_admin_fail (error, _("--min-iou must be a number above 0, up to 1."));
    }

  note = limn_admin_opt (args, "note");
  if (note != NULL && note[0] != '\0' && !limn_admin_check_name (note, _("note"), error))
    return FALSE;

  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return FALSE;
  project = limn_server_projects_get (backend, project_id, error);
  if (project == NULL)
    return FALSE;
  if (min_iou_text == NULL)
    min_iou = project->settings.match_iou > 0 ? project->settings.match_iou : 0.5;

  d = limn_server_datasets_create (backend, project_id, method, min_iou, note,
                                   g_get_user_name (), error);
  if (d == NULL)
    return FALSE;

  printf ("%s\n", d->manifest);
  g_printerr (_("Dataset version %" PRId64 " of “%s”: %" PRId64 " items, %"
                PRId64 " regions.\n"),
              d->version, project->name, d->items, d->regions);
  return TRUE;
}

gboolean
limn_admin_cmd_dataset_list (LimnAdminArgs  *args,
                             GError        **error)
{
  static const char * const known[] = { "project", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(JsonObject) out = json_object_new ();
  JsonArray *versions;
  const char *project_id;

  if (!limn_admin_check_options (args, known, error) ||
      !limn_admin_require (args, "project", &project_id, error))
    return FALSE;

  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return FALSE;
  list = limn_server_datasets_list (backend, project_id, error);
  if (list == NULL)
    return FALSE;

  json_object_set_string_member (out, "project_id", project_id);
  versions = json_array_new ();
  json_object_set_array_member (out, "versions", versions);
  for (guint i = 0; i < list->len; i++)
    {
      const LimnServerDataset *d = g_ptr_array_index (list, i);
      JsonNode *manifest = json_from_string (d->manifest, NULL);

      if (manifest != NULL && JSON_NODE_HOLDS_OBJECT (manifest))
        json_array_add_element (versions, manifest);
      else
        g_clear_pointer (&manifest, json_node_unref);
    }
  print_json_object (out);
  return TRUE;
}

gboolean
limn_admin_cmd_dataset_show (LimnAdminArgs  *args,
                             GError        **error)
{
  static const char * const known[] = { "project", "version", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(LimnServerDataset) d = NULL;
  const char *project_id;
  gint64 version;

  if (!limn_admin_check_options (args, known, error) ||
      !limn_admin_require (args, "project", &project_id, error) ||
      !parse_version (args, &version, error))
    return FALSE;

  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return FALSE;
  d = limn_server_datasets_get (backend, project_id, version, error);
  if (d == NULL)
    return FALSE;

  printf ("%s\n", d->manifest);
  return TRUE;
}

static void
print_problems (LimnFormatProblems *problems)
{
  for (guint i = 0; i < limn_format_problems_get_n (problems); i++)
    {
      const LimnFormatProblem *p = limn_format_problems_get (problems, i);

      g_printerr ("%s: %s (%s)\n", p->where, p->detail,
                  limn_format_action_to_string (p->action));
    }
}

static const LimnFormat *
lookup_format (const char  *id,
               gboolean     for_writing,
               GError     **error)
{
  const LimnFormat *format = limn_format_lookup (id);

  if (format == NULL || (for_writing && format->write == NULL) ||
      (!for_writing && format->read == NULL) ||
      (for_writing && (format->flags & LIMN_FORMAT_NO_ANNOTATIONS)))
    {
      g_autoptr(GString) known = g_string_new (NULL);
      const LimnFormat * const *all = limn_format_list ();

      for (guint i = 0; all[i] != NULL; i++)
        if ((for_writing ? all[i]->write != NULL && !(all[i]->flags & LIMN_FORMAT_NO_ANNOTATIONS)
                         : all[i]->read != NULL))
          g_string_append_printf (known, "%s%s", known->len ? ", " : "", all[i]->id);
      limn_admin_fail (error, _("Unknown format “%s”; use one of: %s."), id, known->str);
      return NULL;
    }
  return format;
}

gboolean
limn_admin_cmd_export (LimnAdminArgs  *args,
                       GError        **error)
{
  static const char * const known[] = { "project", "version", "format", "output", "names", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autofree char *manifest = NULL;
  const LimnFormat *format;
  const char *project_id, *format_id, *output;
  gint64 version;

  if (!limn_admin_check_options (args, known, error) ||
      !limn_admin_require (args, "project", &project_id, error) ||
      !parse_version (args, &version, error) ||
      !limn_admin_require (args, "format", &format_id, error) ||
      !limn_admin_require (args, "output", &output, error))
    return FALSE;
  format = lookup_format (format_id, TRUE, error);
  if (format == NULL)
    return FALSE;

  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return FALSE;

  manifest = limn_server_datasets_export (backend, project_id, version, format, output,
                                          limn_admin_opt (args, "names") != NULL, problems, error);
  if (manifest == NULL)
    return FALSE;

  printf ("%s\n", manifest);
  print_problems (problems);
  return TRUE;
}

gboolean
limn_admin_cmd_import (LimnAdminArgs  *args,
                       GError        **error)
{
  static const char * const known[] = {
    "project", "format", "as-suggestions", "model", "model-version", "unknown-labels",
    "annotator", "strict", NULL
  };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(LimnServerMedia) media = NULL;
  g_autoptr(JsonObject) report = NULL;
  LimnServerImportOptions options = { 0 };
  const char *project_id, *format_id, *policy, *path;
  gboolean left_out = FALSE;

  if (!limn_admin_check_options (args, known, error) ||
      !limn_admin_require (args, "project", &project_id, error))
    return FALSE;
  if (args->words->len != 2)
    return limn_admin_fail (error, _("Say which file or folder to import: import … PATH."));
  path = g_ptr_array_index (args->words, 1);

  format_id = limn_admin_opt (args, "format");
  if (format_id == NULL || g_str_equal (format_id, "auto"))
    {
      g_autoptr(GError) local_error = NULL;

      options.format = limn_format_detect (path, NULL, &local_error);
      if (options.format == NULL)
        return limn_admin_fail (error, "%s", local_error->message);
    }
  else if ((options.format = lookup_format (format_id, FALSE, error)) == NULL)
    return FALSE;

  options.suggestions = limn_admin_opt (args, "as-suggestions") != NULL;
  options.model = limn_admin_opt (args, "model");
  options.model_version = limn_admin_opt (args, "model-version");
  if (options.suggestions && (options.model == NULL || options.model_version == NULL))
    return limn_admin_fail (error, _("--as-suggestions needs --model and --model-version."));
  if (!options.suggestions && (options.model != NULL || options.model_version != NULL))
    return limn_admin_fail (error, _("--model and --model-version go with --as-suggestions."));

  policy = limn_admin_opt (args, "unknown-labels");
  if (policy == NULL || g_str_equal (policy, "skip"))
    options.add_labels = FALSE;
  else if (g_str_equal (policy, "add"))
    options.add_labels = TRUE;
  else
    return limn_admin_fail (error, _("--unknown-labels must be add or skip."));

  options.annotator = limn_admin_opt (args, "annotator");
  if (options.annotator == NULL)
    options.annotator = "import";
  if (!limn_admin_check_name (options.annotator, _("annotator"), error))
    return FALSE;
  options.strict = limn_admin_opt (args, "strict") != NULL;

  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return FALSE;
  media = limn_admin_open_media (args, error);
  if (media == NULL)
    return FALSE;

  report = limn_server_import (backend, media, project_id, path, &options, &left_out, error);
  if (report == NULL)
    return FALSE;

  print_json_object (report);
  if (left_out)
    {
      g_printerr (_("Imported, but some records were left out: see “problems”.\n"));
      args->status = 2;
    }
  return TRUE;
}
