/* limn-server-admin-projects.c
 *
 * The admin commands on projects: create one, change its settings, add
 * tasks from a folder of images or a JSONL file of texts, make a task
 * gold. Everything is checked before anything is written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "formats/limn-format.h"
#include "formats/limn-import.h"
#include "json/limn-json-reader.h"
#include "json/limn-json-writer.h"
#include "model/limn-id.h"
#include "model/limn-image-probe.h"
#include "limn-server-admin-private.h"
#include "limn-server-guardrails.h"
#include "limn-server-qualification.h"
#include "limn-server-hidden-fields.h"
#include "limn-server-projects.h"
#include "limn-server-tasks.h"
#include "limn-server-validate.h"
#include "text/limn-text-index.h"

#define MAX_TASK_TEXT      (4 * 1024 * 1024)
#define MAX_LANGUAGE_BYTES 35
#define MAX_IMAGE_PIXELS   G_GUINT64_CONSTANT (100000000)

gboolean
limn_admin_cmd_project_create (LimnAdminArgs  *args,
                               GError        **error)
{
  static const char * const known[] = { "name", "labels", "guidelines", "kind", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *labels_text = NULL;
  g_autofree char *guidelines = NULL;
  g_autofree char *id = NULL;
  g_auto(GStrv) labels = NULL;
  const char *name, *labels_path, *guidelines_path, *kind;

  if (!limn_admin_check_options (args, known, error) ||
      !limn_admin_require (args, "name", &name, error) ||
      !limn_admin_require (args, "labels", &labels_path, error) ||
      !limn_admin_check_name (name, _("project name"), error))
    return FALSE;

  kind = limn_admin_opt (args, "kind") ? limn_admin_opt (args, "kind") : "image";
  if (!g_str_equal (kind, "image") && !g_str_equal (kind, "text") && !g_str_equal (kind, "both"))
    return limn_admin_fail (error, _("--kind must be image, text or both."));

  labels_text = limn_admin_read_text_file (labels_path, _("label list"), error);
  if (labels_text == NULL)
    return FALSE;

  labels = limn_import_parse_labels (labels_text, &local_error);
  if (labels == NULL)
    return limn_admin_fail (error, "%s: %s", labels_path, local_error->message);

  guidelines_path = limn_admin_opt (args, "guidelines");
  if (guidelines_path != NULL)
    {
      guidelines = limn_admin_read_text_file (guidelines_path, _("guidelines"), error);
      if (guidelines == NULL)
        return FALSE;
    }

  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return FALSE;

  id = limn_server_projects_create (backend, name, kind, (const char * const *)labels,
                                           guidelines, error);
  if (id == NULL)
    return FALSE;

  g_print ("project_id=%s\n", id);
  g_printerr (_("Created the %s project “%s” with %u labels.\n"), kind, name,
              g_strv_length (labels));
  return TRUE;
}

gboolean
limn_admin_cmd_project_set (LimnAdminArgs  *args,
                            GError        **error)
{
  static const char * const known[] = {
    "project", "overlap", "gold-rate", "audit-rate", "lease-seconds", "confidence-steps",
    "review-threshold", "senior-threshold", "agreement-threshold", "match-iou",
    "auto-propose-campaigns", "guardrails", "qualification", "hide-fields", NULL
  };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(LimnGuardrails) rules = NULL;
  g_autofree char *guardrails = NULL;
  g_autofree char *hidden = NULL;
  LimnServerSettings settings;
  g_autofree char *qualification = NULL;
  const char *project, *auto_propose, *guardrails_path, *qualification_arg;

  if (!limn_admin_check_options (args, known, error) ||
      !limn_admin_require (args, "project", &project, error) ||
      !limn_admin_parse_int_option (args, "overlap", 1, 1000, &settings.overlap, error) ||
      !limn_admin_parse_rate_option (args, "gold-rate", &settings.gold_rate, error) ||
      !limn_admin_parse_rate_option (args, "audit-rate", &settings.audit_rate, error) ||
      !limn_admin_parse_int_option (args, "lease-seconds", 1, G_GINT64_CONSTANT (10) * 366 * 86400,
                                    &settings.lease_seconds, error) ||
      !limn_admin_parse_int_option (args, "confidence-steps", 2, 10, &settings.confidence_steps, error) ||
      !limn_admin_parse_rate_option (args, "review-threshold", &settings.review_threshold, error) ||
      !limn_admin_parse_rate_option (args, "senior-threshold", &settings.senior_threshold, error) ||
      !limn_admin_parse_rate_option (args, "agreement-threshold", &settings.agreement_threshold,
                                     error) ||
      !limn_admin_parse_rate_option (args, "match-iou", &settings.match_iou, error))
    return FALSE;

  auto_propose = limn_admin_opt (args, "auto-propose-campaigns");
  settings.auto_propose_campaigns = -1;
  if (auto_propose != NULL)
    {
      if (g_str_equal (auto_propose, "on"))
        settings.auto_propose_campaigns = 1;
      else if (g_str_equal (auto_propose, "off"))
        settings.auto_propose_campaigns = 0;
      else
        return limn_admin_fail (error, _("--auto-propose-campaigns must be on or off."));
    }

  /* A file with the guardrails object (docs/guardrails.md), or "none". */
  guardrails_path = limn_admin_opt (args, "guardrails");
  settings.guardrails = NULL;
  if (guardrails_path != NULL && g_str_equal (guardrails_path, "none"))
    settings.guardrails = "";
  else if (guardrails_path != NULL)
    {
      g_autofree char *text = limn_admin_read_text_file (guardrails_path, _("guardrails"), error);
      g_autoptr(GError) local_error = NULL;

      if (text == NULL)
        return FALSE;
      rules = limn_guardrails_new_from_string (text, &local_error);
      if (rules == NULL)
        return limn_admin_fail (error, "%s: %s", guardrails_path, local_error->message);
    }

  /* The qualification rule (docs/training.md): JSON, a file holding it,
   * or "none". */
  qualification_arg = limn_admin_opt (args, "qualification");
  settings.qualification = NULL;
  if (qualification_arg != NULL && g_str_equal (qualification_arg, "none"))
    settings.qualification = "";
  else if (qualification_arg != NULL)
    {
      g_autofree char *text = NULL;
      g_autoptr(GError) local_error = NULL;

      if (g_str_has_prefix (qualification_arg, "{"))
        text = g_strdup (qualification_arg);
      else if ((text = limn_admin_read_text_file (qualification_arg, _("qualification rule"),
                                                  error)) == NULL)
        return FALSE;
      qualification = limn_server_qualification_check (text, &local_error);
      if (qualification == NULL)
        return limn_admin_fail (error, "--qualification: %s", local_error->message);
      settings.qualification = qualification;
    }

  /* Task fields annotators do not get (limn-server-hidden-fields.h). */
  settings.hidden_task_fields = NULL;
  if (limn_admin_opt (args, "hide-fields") != NULL)
    {
      hidden = limn_server_hidden_fields_parse (limn_admin_opt (args, "hide-fields"), error);
      if (hidden == NULL)
        return FALSE;
      settings.hidden_task_fields = hidden;
    }

  if (g_hash_table_size (args->options) < 2)
    return limn_admin_fail (error, _("Say what to change: --overlap, --gold-rate, --audit-rate, "
                          "--lease-seconds, --confidence-steps, --review-threshold, "
                          "--senior-threshold, --agreement-threshold, --match-iou, "
                          "--auto-propose-campaigns, --guardrails, --qualification or --hide-fields."));
  if (settings.match_iou == 0)
    return limn_admin_fail (error, _("--match-iou must be above 0."));

  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return FALSE;

  /* A label the rules name that the project lacks would block (or warn
   * on) every answer: refused here, where the admin can fix it. */
  if (rules != NULL)
    {
      g_autoptr(LimnServerProject) p = limn_server_projects_get (backend, project, error);
      g_autoptr(LimnGuardrails) bound = NULL;
      g_autofree char *unknown = NULL;

      if (p == NULL)
        return FALSE;
      guardrails = limn_guardrails_to_string (rules);
      g_free (p->guardrails);
      p->guardrails = g_strdup (guardrails);
      bound = limn_server_guardrails_for (p, error);
      if (bound == NULL)
        return FALSE;
      unknown = limn_guardrails_unknown_labels (bound);
      if (unknown != NULL)
        return limn_admin_fail (error, _("%s: the project has no label named %s."),
                                guardrails_path, unknown);
      settings.guardrails = guardrails;
    }

  if (!limn_server_projects_set_settings (backend, project, &settings, error))
    return FALSE;

  g_print ("project_id=%s\n", project);
  g_printerr (_("Updated the project’s settings.\n"));
  return TRUE;
}

static void
task_add_new (GPtrArray  *tasks,
              const char *id,
              const char *kind,
              const char *title)
{
  LimnServerNewTask *task = g_new0 (LimnServerNewTask, 1);

  task->id = g_strdup (id);
  task->kind = g_strdup (kind);
  task->title = g_strdup (title);
  g_ptr_array_add (tasks, task);
}

/* The folder or text file read as the app reads it (src/core/formats/),
 * with the project's labels as the label set, so a folder's labels.txt
 * plays no part. The server derives its own task ids (the app's are keyed
 * differently, and ids already given out must not change). */
static LimnDataset *
read_source (LimnServerProject  *project,
             const char         *format,
             const char         *path,
             GError            **error)
{
  g_autoptr(LimnDataset) dataset = limn_dataset_new ();

  for (guint i = 0; i < project->labels->len; i++)
    {
      LimnServerLabel *label = g_ptr_array_index (project->labels, i);

      limn_dataset_add_label (dataset, label->name, NULL, NULL);
    }

  if (!limn_format_read (limn_format_lookup (format), path, dataset, NULL, NULL, NULL, error))
    return NULL;

  return g_steal_pointer (&dataset);
}

static gboolean
collect_images (LimnServerProject  *project,
                const char         *folder,
                GPtrArray          *tasks,
                GPtrArray          *paths,
                GError            **error)
{
  g_autoptr(LimnDataset) dataset = read_source (project, "image-folder", folder, error);

  if (dataset == NULL)
    return FALSE;

  /* Every header was read: one bad image stops the command before any
   * file is copied. */
  for (guint i = 0; i < limn_dataset_get_n_items (dataset); i++)
    {
      LimnDatasetItem *item = limn_dataset_get_item (dataset, i);
      g_autofree char *key = g_strconcat ("image:", item->name, NULL);
      g_autofree char *id = limn_id_derive (project->id, key);
      g_autoptr(GError) local_error = NULL;
      LimnServerNewTask *task;

      if (!limn_image_probe_check_pixels (item->width, item->height, MAX_IMAGE_PIXELS,
                                          &local_error))
        return limn_admin_fail (error, "%s: %s", item->name, local_error->message);

      task_add_new (tasks, id, "image", item->name);
      task = g_ptr_array_index (tasks, tasks->len - 1);
      task->width = item->width;
      task->height = item->height;
      task->mime = g_strdup (limn_attrs_get (item->attrs, "mime"));
      g_ptr_array_add (paths, g_strdup (item->path));
    }

  return TRUE;
}

static gboolean
collect_texts (LimnServerProject  *project,
               const char         *path,
               GPtrArray          *tasks,
               GError            **error)
{
  g_autoptr(LimnDataset) dataset = read_source (project, "text-lines", path, error);

  if (dataset == NULL)
    return FALSE;

  for (guint i = 0; i < limn_dataset_get_n_items (dataset); i++)
    {
      LimnDatasetItem *item = limn_dataset_get_item (dataset, i);
      const char *foreign = limn_attrs_get (item->attrs, "id");
      const char *language = limn_attrs_get (item->attrs, "language");
      const char *direction = limn_attrs_get (item->attrs, "direction");
      g_autofree char *where = g_strdup_printf (_("Line %s"), limn_attrs_get (item->attrs, "line"));
      g_autofree char *derived = NULL;
      g_autofree char *title = NULL;
      const char *id = foreign;
      LimnServerNewTask *task;

      if (strlen (item->text) > MAX_TASK_TEXT)
        return limn_admin_fail (error, _("%s: “text” is longer than %d bytes."), where, MAX_TASK_TEXT);
      if (language != NULL && strlen (language) > MAX_LANGUAGE_BYTES)
        return limn_admin_fail (error, _("%s: “language” is longer than %d bytes."), where,
                                MAX_LANGUAGE_BYTES);

      /* A UUID id is kept; any other id (doccano writes integers) or none
       * is a key for a derived one, so adding the file again matches. */
      if (id == NULL || !limn_id_is_uuid (id))
        {
          g_autofree char *key = foreign ? g_strconcat ("text-id:", foreign, NULL)
                                         : g_strconcat ("text:", item->text, NULL);

          id = derived = limn_id_derive (project->id, key);
        }

      title = limn_task_title_for_text (item->text);
      task_add_new (tasks, id, "text", title);
      task = g_ptr_array_index (tasks, tasks->len - 1);
      task->text = g_strdup (item->text);
      task->language = g_strdup (language);
      task->direction = g_strdup (direction ? direction : "auto");
    }

  return TRUE;
}

gboolean
limn_admin_cmd_task_add (LimnAdminArgs  *args,
                         GError        **error)
{
  static const char * const known[] = { "project", "images", "texts", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(LimnServerProject) project = NULL;
  g_autoptr(LimnServerMedia) media = NULL;
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_server_task_free);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) created = g_ptr_array_new_with_free_func (g_free);
  const char *project_id, *images, *texts;
  guint added = 0, skipped = 0;

  if (!limn_admin_check_options (args, known, error) ||
      !limn_admin_require (args, "project", &project_id, error))
    return FALSE;

  images = limn_admin_opt (args, "images");
  texts = limn_admin_opt (args, "texts");
  if ((images == NULL) == (texts == NULL))
    return limn_admin_fail (error, _("Give either --images FOLDER or --texts FILE.jsonl."));

  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return FALSE;

  project = limn_server_projects_get (backend, project_id, error);
  if (project == NULL)
    return FALSE;

  if (images != NULL && g_str_equal (project->kind, "text"))
    return limn_admin_fail (error, _("The project “%s” is a text project; it takes --texts."), project->name);
  if (texts != NULL && g_str_equal (project->kind, "image"))
    return limn_admin_fail (error, _("The project “%s” is an image project; it takes --images."),
                            project->name);

  if (images != NULL)
    {
      if (!collect_images (project, images, tasks, paths, error))
        return FALSE;

      media = limn_admin_open_media (args, error);
      if (media == NULL)
        return FALSE;
      for (guint i = 0; i < tasks->len; i++)
        {
          LimnServerNewTask *task = g_ptr_array_index (tasks, i);
          gboolean is_new = FALSE;

          if (!limn_server_media_put_file (media, g_ptr_array_index (paths, i),
                                           &task->media_sha256, &task->media_size, &is_new,
                                           error))
            goto undo_media;
          if (is_new)
            g_ptr_array_add (created, g_strdup (task->media_sha256));
        }
    }
  else if (!collect_texts (project, texts, tasks, error))
    return FALSE;

  if (!limn_server_tasks_add (backend, project_id, tasks, &added, &skipped, error))
    goto undo_media;

  for (guint i = 0; i < tasks->len; i++)
    {
      LimnServerNewTask *task = g_ptr_array_index (tasks, i);

      g_print ("task_id=%s\n", task->id);
    }
  g_printerr (_("Added %u tasks to “%s” (%u were there already).\n"), added, project->name,
              skipped);
  return TRUE;

undo_media:
  /* Images this command stored and no task refers to: removed again. */
  if (media != NULL)
    limn_server_media_remove_all (media, created);
  return FALSE;
}

gboolean
limn_admin_cmd_gold_set (LimnAdminArgs  *args,
                         GError        **error)
{
  static const char * const known[] = { "project", "task", "answer", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(LimnServerProject) project = NULL;
  g_autoptr(GHashTable) tasks = NULL;
  g_autoptr(GHashTable) labels = NULL;
  g_autoptr(LimnTextIndex) index = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonArray) canonical = NULL;
  g_autoptr(JsonObject) answer = json_object_new ();
  g_autofree char *contents = NULL;
  g_autofree char *answer_json = NULL;
  const char *project_id, *task_id, *answer_path;
  const char *ids[2] = { NULL, NULL };
  JsonArray *regions = NULL;
  LimnServerTask *task;

  if (!limn_admin_check_options (args, known, error) ||
      !limn_admin_require (args, "project", &project_id, error) ||
      !limn_admin_require (args, "task", &task_id, error) ||
      !limn_admin_require (args, "answer", &answer_path, error))
    return FALSE;

  contents = limn_admin_read_text_file (answer_path, _("answer"), error);
  if (contents == NULL)
    return FALSE;

  root = limn_json_reader_parse_object (contents, strlen (contents), &local_error);
  if (root == NULL ||
      !limn_json_reader_get_array (json_node_get_object (root), "regions",
                                   LIMN_JSON_READER_REQUIRED, 0, &regions, NULL, &local_error))
    return limn_admin_fail (error, "%s: %s", answer_path, local_error->message);

  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return FALSE;

  project = limn_server_projects_get (backend, project_id, error);
  if (project == NULL)
    return FALSE;

  ids[0] = task_id;
  tasks = limn_server_tasks_get (backend, ids, error);
  if (tasks == NULL)
    return FALSE;

  task = g_hash_table_lookup (tasks, task_id);
  if (task == NULL || !g_str_equal (task->project_id, project_id))
    return limn_admin_fail (error, _("The project “%s” has no task “%s”."), project->name, task_id);

  if (g_str_equal (task->kind, "text"))
    {
      index = limn_text_index_new (task->text ? task->text : "", -1, error);
      if (index == NULL)
        return FALSE;
    }

  labels = limn_server_label_set (project);
  canonical = limn_server_check_regions (regions, task, labels, index, &local_error);
  if (canonical == NULL)
    return limn_admin_fail (error, "%s: %s", answer_path, local_error->message);

  json_object_set_array_member (answer, "regions", g_steal_pointer (&canonical));
  answer_json = limn_json_writer_object_to_string (answer);

  if (!limn_server_tasks_set_gold (backend, project_id, task_id, answer_json, error))
    return FALSE;

  g_print ("task_id=%s\n", task_id);
  g_printerr (_("The task is now gold, with %u regions in its answer.\n"),
              json_array_get_length (json_object_get_array_member (answer, "regions")));
  return TRUE;
}
