/* limn-server-routes.c
 *
 * The read routes and claims: me, projects, one project, claims, media and
 * the changes feed. Each checks the principal's role and project, asks the
 * server layer (limn-server-projects.c, -claims.c, -tasks.c, -changes.c),
 * and renders JSON; batches are in limn-server-routes-batches.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "json/limn-json-reader.h"
#include "limn-server-changes.h"
#include "limn-server-claims.h"
#include "limn-server-hidden-fields.h"
#include "limn-server-experiments.h"
#include "limn-server-projects.h"
#include "limn-server-qualification.h"
#include "limn-server-request.h"
#include "limn-server-review.h"
#include "limn-server-routes.h"
#include "limn-server-tasks.h"
#include "model/limn-id.h"

void
limn_server_handle_me (LimnServerBackend  *backend,
                       LimnServerExchange *ex)
{
  g_autoptr(JsonObject) obj = json_object_new ();
  JsonObject *user = json_object_new ();

  json_object_set_string_member (user, "id", ex->principal->user_id);
  json_object_set_string_member (user, "name", ex->principal->user_name);
  json_object_set_object_member (obj, "user", user);
  json_object_set_string_member (obj, "role", limn_server_role_to_string (ex->principal->role));
  if (ex->principal->project_id != NULL)
    json_object_set_string_member (obj, "project_id", ex->principal->project_id);
  else
    json_object_set_null_member (obj, "project_id");

  limn_server_respond_object (ex, 200, obj);
}

void
limn_server_handle_projects (LimnServerBackend  *backend,
                             LimnServerExchange *ex)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(JsonObject) obj = json_object_new ();
  JsonArray *array = json_array_new ();

  json_object_set_array_member (obj, "projects", array);

  projects = limn_server_projects_list (backend, ex->principal,
                                                &error);
  if (projects == NULL)
    {
      limn_server_respond_gerror (ex, error);
      return;
    }

  for (guint i = 0; i < projects->len; i++)
    {
      LimnServerProject *project = g_ptr_array_index (projects, i);
      JsonObject *p = json_object_new ();

      json_object_set_string_member (p, "id", project->id);
      json_object_set_string_member (p, "name", project->name);
      json_object_set_string_member (p, "kind", project->kind);
      json_array_add_object_element (array, p);
    }

  limn_server_respond_object (ex, 200, obj);
}

static JsonObject *
project_to_json (const LimnServerProject *project)
{
  JsonObject *obj = json_object_new ();
  JsonArray *labels = limn_server_labels_to_json (project->labels);
  JsonObject *settings = json_object_new ();

  json_object_set_string_member (obj, "id", project->id);
  json_object_set_string_member (obj, "name", project->name);
  json_object_set_string_member (obj, "kind", project->kind);

  json_object_set_array_member (obj, "labels", labels);

  if (project->guideline_version > 0)
    {
      JsonObject *g = json_object_new ();

      json_object_set_int_member (g, "version", project->guideline_version);
      json_object_set_string_member (g, "body", project->guidelines ? project->guidelines : "");
      json_object_set_int_member (g, "published_us", project->guidelines_published_us);
      json_object_set_string_member (g, "summary", project->guidelines_summary
                                                   ? project->guidelines_summary : "");
      limn_server_set_translations_member (g, "translations", project->guidelines_translations);
      json_object_set_object_member (obj, "guidelines", g);
    }
  else
    json_object_set_null_member (obj, "guidelines");

  json_object_set_int_member (settings, "overlap", project->settings.overlap);
  json_object_set_double_member (settings, "gold_rate", project->settings.gold_rate);
  json_object_set_double_member (settings, "audit_rate", project->settings.audit_rate);
  json_object_set_int_member (settings, "confidence_steps", project->settings.confidence_steps);
  json_object_set_int_member (settings, "lease_seconds", project->settings.lease_seconds);
  json_object_set_double_member (settings, "review_threshold", project->settings.review_threshold);
  json_object_set_double_member (settings, "senior_threshold", project->settings.senior_threshold);
  json_object_set_double_member (settings, "agreement_threshold",
                                 project->settings.agreement_threshold);
  json_object_set_double_member (settings, "match_iou", project->settings.match_iou);
  if (project->guardrails != NULL)
    {
      /* As stored: the admin command checked it (docs/guardrails.md). */
      g_autoptr(JsonNode) rules = json_from_string (project->guardrails, NULL);

      if (rules != NULL && JSON_NODE_HOLDS_OBJECT (rules))
        json_object_set_member (settings, "guardrails", g_steal_pointer (&rules));
    }
  if (project->settings.qualification_gold_items > 0)
    {
      JsonObject *q = json_object_new ();

      json_object_set_double_member (q, "min_accuracy", project->settings.qualification_min_accuracy);
      json_object_set_int_member (q, "gold_items", project->settings.qualification_gold_items);
      json_object_set_boolean_member (q, "requalify_on_guideline_change",
                                      project->settings.requalify_on_guideline_change);
      json_object_set_object_member (settings, "qualification", q);
    }
  /* So the app hides them too where it has them locally. */
  json_object_set_array_member (settings, "hidden_task_fields",
                                limn_server_hidden_fields_to_json (project->hidden_task_fields));
  json_object_set_object_member (obj, "settings", settings);

  return obj;
}

void
limn_server_handle_project (LimnServerBackend  *backend,
                            LimnServerExchange *ex,
                            const char         *project_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnServerProject) project = NULL;
  g_autoptr(JsonObject) obj = NULL;

  if (!limn_server_check_project (ex, project_id))
    return;

  project = limn_server_projects_get (backend, project_id, &error);
  /* A running guideline experiment serves each arm its version. */
  if (project == NULL ||
      !limn_server_experiments_guidelines_for (backend, project, ex->principal->user_id, &error))
    {
      limn_server_respond_gerror (ex, error);
      return;
    }

  obj = project_to_json (project);

  /* The caller's own training status (docs/training.md), for their
   * Progress page. */
  if (project->settings.qualification_gold_items > 0 && ex->principal->role == LIMN_SERVER_ROLE_ANNOTATOR)
    {
      LimnServerQualification q;

      if (!limn_server_qualification_for_user (backend, project_id, ex->principal->user_id, &q, &error))
        {
          limn_server_respond_gerror (ex, error);
          return;
        }
      json_object_set_object_member (obj, "qualification", limn_server_qualification_to_json (&q));
    }
  limn_server_respond_object (ex, 200, obj);
}

/* The same shape for every task, gold or not: nothing here may tell them
 * apart (LimnServerTask has no gold fields to leak). The position is the
 * annotator's own count, not the task's place in the pool. */
JsonObject *
limn_server_task_to_json (const LimnServerTask *task,
                          gint64                position)
{
  JsonObject *obj = json_object_new ();
  g_autoptr(JsonNode) suggestions = NULL;

  json_object_set_string_member (obj, "id", task->id);
  json_object_set_string_member (obj, "kind", task->kind);
  json_object_set_string_member (obj, "title", task->title);
  json_object_set_int_member (obj, "position", position);

  if (g_strcmp0 (task->kind, "image") == 0)
    {
      JsonObject *media = json_object_new ();

      json_object_set_string_member (media, "sha256", task->media_sha256);
      json_object_set_int_member (media, "size", task->media_size);
      json_object_set_int_member (media, "width", task->width);
      json_object_set_int_member (media, "height", task->height);
      json_object_set_string_member (media, "mime", task->mime ? task->mime
                                                               : "application/octet-stream");
      json_object_set_object_member (obj, "media", media);
    }
  else
    {
      json_object_set_string_member (obj, "text", task->text ? task->text : "");
      if (task->language != NULL)
        json_object_set_string_member (obj, "language", task->language);
      else
        json_object_set_null_member (obj, "language");
      json_object_set_string_member (obj, "direction", task->direction ? task->direction : "auto");
    }

  suggestions = json_from_string (task->suggestions ? task->suggestions : "[]", NULL);
  if (suggestions != NULL && JSON_NODE_HOLDS_ARRAY (suggestions))
    json_object_set_member (obj, "suggestions", g_steal_pointer (&suggestions));
  else
    json_object_set_array_member (obj, "suggestions", json_array_new ());

  return obj;
}

void
limn_server_handle_claims (LimnServerBackend  *backend,
                           LimnServerWorkload *workload,
                           LimnServerExchange *ex,
                           const char         *project_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) assignments = NULL;
  g_autoptr(JsonObject) obj = json_object_new ();
  g_autoptr(LimnServerProject) project = NULL;
  JsonArray *array;
  guint count = 0;

  if (ex->principal->role != LIMN_SERVER_ROLE_ANNOTATOR &&
      ex->principal->role != LIMN_SERVER_ROLE_ADMIN)
    {
      limn_server_respond_error (ex, 403, _("Only annotators (and admins) claim tasks."));
      return;
    }

  if (!limn_server_check_project (ex, project_id))
    return;

  if (!limn_server_decode_claims (ex->body, &count, &error))
    {
      limn_server_respond_gerror (ex, error);
      return;
    }

  assignments = limn_server_claims_take (backend, workload, ex->principal,
                                           project_id, count, g_get_real_time (), &error);
  if (assignments == NULL)
    {
      limn_server_respond_gerror (ex, error);
      return;
    }

  /* The project's hidden task fields: annotators do not get them; an
   * admin claiming sees everything. */
  if (ex->principal->role == LIMN_SERVER_ROLE_ANNOTATOR)
    {
      project = limn_server_projects_get (backend, project_id, &error);
      if (project == NULL)
        {
          limn_server_respond_gerror (ex, error);
          return;
        }
    }

  array = json_array_new ();
  json_object_set_array_member (obj, "assignments", array);
  for (guint i = 0; i < assignments->len; i++)
    {
      LimnServerAssignment *a = g_ptr_array_index (assignments, i);
      JsonObject *item = json_object_new ();
      JsonObject *task = limn_server_task_to_json (a->task, a->position);

      if (project != NULL)
        limn_server_hidden_fields_apply (project->hidden_task_fields, task);
      json_object_set_string_member (item, "assignment_id", a->id);
      json_object_set_int_member (item, "lease_expires_us", a->lease_expires_us);
      json_object_set_object_member (item, "task", task);
      if (a->rework)
        json_object_set_boolean_member (item, "rework", TRUE);
      json_array_add_object_element (array, item);
    }

  limn_server_respond_object (ex, 200, obj);
}

void
limn_server_handle_media (LimnServerBackend  *backend,
                          LimnServerMedia    *media,
                          LimnServerExchange *ex,
                          const char         *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *mime = NULL;
  g_autofree char *etag = NULL;
  gsize size, start = 0, end = 0;

  /* The name is checked before anything else looks at it, so no path can
   * be smuggled into the media store. */
  if (!limn_id_is_sha256 (name))
    {
      limn_server_respond_error (ex, 400, _("A media name is 64 lower-case hex digits."));
      return;
    }

  if (!limn_server_tasks_find_media (backend, ex->principal, name,
                                       &mime, &error))
    {
      limn_server_respond_gerror (ex, error);
      return;
    }

  bytes = limn_server_media_read (media, name, &error);
  if (bytes == NULL)
    {
      g_warning ("Media %s is listed but cannot be read: %s", name, error->message);
      limn_server_respond_error (ex, 404, _("No such image."));
      return;
    }

  etag = g_strdup_printf ("\"%s\"", name);
  limn_server_add_header (ex, "ETag", etag);
  limn_server_add_header (ex, "Cache-Control", "private, max-age=31536000, immutable");
  limn_server_add_header (ex, "Accept-Ranges", "bytes");

  if (limn_server_etag_matches (ex->if_none_match, etag))
    {
      limn_server_respond_bytes (ex, 304, NULL, NULL);
      return;
    }

  size = g_bytes_get_size (bytes);
  switch (limn_server_parse_range (ex->range, size, &start, &end))
    {
    case LIMN_SERVER_RANGE_OK:
      {
        g_autoptr(GBytes) part = g_bytes_new_from_bytes (bytes, start, end - start + 1);
        g_autofree char *content_range = g_strdup_printf ("bytes %zu-%zu/%zu",
                                                          start, end, size);

        limn_server_add_header (ex, "Content-Range", content_range);
        limn_server_respond_bytes (ex, 206, mime, part);
        return;
      }

    case LIMN_SERVER_RANGE_UNSATISFIABLE:
      {
        g_autofree char *content_range = g_strdup_printf ("bytes */%zu", size);

        limn_server_add_header (ex, "Content-Range", content_range);
        limn_server_respond_error (ex, 416, _("The range lies outside the image."));
        return;
      }

    case LIMN_SERVER_RANGE_NONE:
    default:
      limn_server_respond_bytes (ex, 200, mime, bytes);
      return;
    }
}

void
limn_server_handle_changes (LimnServerBackend  *backend,
                            LimnServerExchange *ex)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(JsonObject) obj = json_object_new ();
  g_autofree char *cursor = NULL;
  const char *since_str = NULL;
  gint64 since = 0;
  guint limit = 0;
  gboolean more = FALSE;
  JsonArray *array;

  if (!limn_server_decode_changes_query (ex->query, &since_str, &limit, &error) ||
      !limn_server_changes_parse_cursor (backend, ex->principal, since_str, &since, &error))
    {
      limn_server_respond_gerror (ex, error);
      return;
    }

  changes = limn_server_changes_list (backend, ex->principal, since, limit, &more, &error);
  if (changes == NULL)
    {
      limn_server_respond_gerror (ex, error);
      return;
    }

  array = json_array_new ();
  json_object_set_array_member (obj, "changes", array);
  for (guint i = 0; i < changes->len; i++)
    {
      LimnServerChange *change = g_ptr_array_index (changes, i);
      g_autoptr(JsonNode) data = json_from_string (change->data, NULL);
      JsonObject *c = json_object_new ();

      json_object_set_int_member (c, "seq", change->seq);
      json_object_set_string_member (c, "kind", change->kind);
      if (data != NULL && JSON_NODE_HOLDS_OBJECT (data))
        json_object_set_member (c, "data", g_steal_pointer (&data));
      else
        json_object_set_object_member (c, "data", json_object_new ());
      json_array_add_object_element (array, c);
      since = change->seq;
    }

  cursor = limn_server_changes_cursor (since);
  json_object_set_string_member (obj, "cursor", cursor);
  json_object_set_boolean_member (obj, "more", more);

  limn_server_respond_object (ex, 200, obj);
}
