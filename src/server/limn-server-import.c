/* limn-server-import.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "json/limn-json-writer.h"
#include "limn-server-audit.h"
#include "limn-server-changes.h"
#include "limn-server-import.h"
#include "limn-server-projects.h"
#include "limn-server-review.h"
#include "model/limn-geometry.h"
#include "model/limn-id.h"
#include "model/limn-image-probe.h"
#include "model/limn-label.h"
#include "model/limn-task.h"
#include "model/limn-translations.h"
#include "text/limn-text-index.h"

#define MAX_TASK_TEXT     (4 * 1024 * 1024)
#define MAX_IMAGE_PIXELS  G_GUINT64_CONSTANT (100000000)

/* An item of the file, as the task it becomes. */
typedef struct
{
  LimnDatasetItem *item;
  LimnServerTask  *task;       /* the new task, or the one already there */
  gboolean         exists;
} Prepared;

static void
prepared_free (gpointer data)
{
  Prepared *p = data;

  g_clear_pointer (&p->task, limn_server_task_free);
  g_free (p);
}

typedef struct
{
  const LimnServerImportOptions *options;
  LimnServerProject             *project;
  LimnDataset                   *dataset;
  LimnFormatProblems            *problems;
  GPtrArray                     *created;      /* media files this import wrote */
  GPtrArray                     *prepared;     /* Prepared */
  GHashTable                    *label_ids;    /* dataset label index + 1 → label id */
  GPtrArray                     *labels_added; /* names */
  GPtrArray                     *users_added;  /* names */
  GHashTable                    *users;        /* name → user id */
  guint64                        tasks_added;
  guint64                        annotations;
  guint64                        regions;
  guint64                        suggestions;
} Import;

static void
skip (Import     *im,
      const char *where,
      const char *kind,
      const char *detail)
{
  limn_format_problems_add (im->problems, where, kind, LIMN_FORMAT_SKIPPED, "%s", detail);
}

static char *
text_task_id (const char      *project_id,
              LimnDatasetItem *item)
{
  const char *foreign = limn_attrs_get (item->attrs, "id");
  g_autofree char *key = NULL;

  /* As `task add` derives them, so both name the same task. */
  if (foreign != NULL && limn_id_is_uuid (foreign))
    return g_strdup (foreign);
  key = foreign ? g_strconcat ("text-id:", foreign, NULL) : g_strconcat ("text:", item->text, NULL);
  return limn_id_derive (project_id, key);
}

static gboolean
prepare_image (Import           *im,
               LimnServerMedia  *media,
               LimnDatasetItem  *item,
               LimnServerTask   *task,
               GError          **error)
{
  g_auto(LimnImageInfo) info = { 0 };
  g_autoptr(GError) local_error = NULL;
  g_autofree char *key = g_strconcat ("image:", item->name, NULL);
  gboolean is_new = FALSE;

  task->id = limn_id_derive (im->project->id, key);
  task->kind = g_strdup ("image");
  task->title = g_strdup (item->name);
  if (item->path == NULL)
    return TRUE;

  if (!limn_image_probe (item->path, &info, &local_error) ||
      !limn_image_probe_check_pixels (info.width, info.height, MAX_IMAGE_PIXELS, &local_error))
    {
      skip (im, item->name, "bad-image", local_error->message);
      return TRUE;
    }
  task->width = info.width;
  task->height = info.height;
  task->mime = g_strdup (info.mime_type);
  if (!limn_server_media_put_file (media, item->path, &task->media_sha256, &task->media_size,
                                   &is_new, error))
    return FALSE;
  if (is_new)
    g_ptr_array_add (im->created, g_strdup (task->media_sha256));
  return TRUE;
}

/* Before the transaction: each item's task, and its image copied. */
static gboolean
prepare (Import           *im,
         LimnServerMedia  *media,
         GError          **error)
{
  const char *kind = im->project->kind;

  for (guint i = 0; i < limn_dataset_get_n_items (im->dataset); i++)
    {
      LimnDatasetItem *item = limn_dataset_get_item (im->dataset, i);
      g_autoptr(LimnServerTask) task = g_new0 (LimnServerTask, 1);
      Prepared *p;

      if (item->kind == LIMN_TASK_IMAGE && g_str_equal (kind, "text"))
        {
          skip (im, item->name, "wrong-kind", _("An image in a text project: left out."));
          continue;
        }
      if (item->kind == LIMN_TASK_TEXT && g_str_equal (kind, "image"))
        {
          skip (im, item->name, "wrong-kind", _("A text in an image project: left out."));
          continue;
        }

      if (item->kind == LIMN_TASK_IMAGE)
        {
          if (!prepare_image (im, media, item, task, error))
            return FALSE;
        }
      else
        {
          if (strlen (item->text) > MAX_TASK_TEXT)
            {
              skip (im, item->name, "text-too-long", _("The text is longer than 4 MiB: left out."));
              continue;
            }
          task->id = text_task_id (im->project->id, item);
          task->kind = g_strdup ("text");
          task->title = limn_task_title_for_text (item->text);
          task->text = g_strdup (item->text);
          task->language = g_strdup (limn_attrs_get (item->attrs, "language"));
          task->direction = g_strdup (limn_attrs_get (item->attrs, "direction"));
          if (g_strcmp0 (task->direction, "ltr") != 0 && g_strcmp0 (task->direction, "rtl") != 0)
            {
              g_free (task->direction);
              task->direction = g_strdup ("auto");
            }
        }

      p = g_new0 (Prepared, 1);
      p->item = item;
      p->task = g_steal_pointer (&task);
      g_ptr_array_add (im->prepared, p);
    }
  return TRUE;
}

/* In the transaction */

static gboolean
store_labels (Import         *im,
              LimnServerTxn  *txn,
              gint64          now_us,
              GError        **error)
{
  GPtrArray *labels = im->project->labels;
  guint n_before = labels->len;

  for (guint i = 0; i < limn_dataset_get_n_labels (im->dataset); i++)
    {
      const char *name = limn_dataset_get_label (im->dataset, i)->name;
      LimnServerLabel *found = NULL;

      for (guint k = 0; k < labels->len && found == NULL; k++)
        if (g_str_equal (((LimnServerLabel *)g_ptr_array_index (labels, k))->name, name))
          found = g_ptr_array_index (labels, k);

      if (found == NULL)
        {
          LimnServerLabel *added;

          /* The reader adds a label only under the "add" policy. */
          if (!im->options->add_labels)
            continue;
          added = g_new0 (LimnServerLabel, 1);
          added->id = limn_id_derive (im->project->id, name);
          added->name = g_strdup (name);
          added->color = g_strdup (limn_color_for_index (labels->len));
          added->hotkey = limn_hotkey_for_index (labels->len);
          added->description = g_strdup ("");
          /* A Limn project file's names and descriptions per language. */
          added->names = limn_translations_canonical (
            limn_attrs_get (limn_dataset_get_label (im->dataset, i)->attrs, "names"));
          added->descriptions = limn_translations_canonical (
            limn_attrs_get (limn_dataset_get_label (im->dataset, i)->attrs, "descriptions"));
          g_ptr_array_add (labels, added);
          if (!txn->store->insert_label (txn, im->project->id, added, labels->len - 1, error))
            return FALSE;
          g_ptr_array_add (im->labels_added, g_strdup (name));
          found = added;
        }
      g_hash_table_insert (im->label_ids, GUINT_TO_POINTER (i + 1), found->id);
    }

  if (labels->len > n_before)
    {
      g_autoptr(GPtrArray) members = txn->store->list_project_members (txn, im->project->id, error);
      g_autoptr(JsonObject) data = json_object_new ();

      if (members == NULL)
        return FALSE;
      /* Members learn of the new labels as from `labels add`. */
      json_object_set_string_member (data, "project_id", im->project->id);
      json_object_set_array_member (data, "labels", limn_server_labels_to_json (labels));
      for (guint i = 0; i < members->len; i++)
        if (!limn_server_changes_add (txn, g_ptr_array_index (members, i), im->project->id,
                                      "labels", data, now_us, error))
          return FALSE;
    }
  return TRUE;
}

static gboolean
store_task (Import         *im,
            LimnServerTxn  *txn,
            Prepared       *p,
            gint64         *position,
            gint64          now_us,
            GError        **error)
{
  g_autofree char *owner = NULL;

  if (!txn->store->lookup_task_project (txn, p->task->id, &owner, error))
    return FALSE;
  if (owner != NULL && !g_str_equal (owner, im->project->id))
    {
      g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_EXISTS,
                   _("“%s”: the task id %s belongs to another project."), p->task->title,
                   p->task->id);
      return FALSE;
    }
  if (owner != NULL)
    {
      const char *ids[] = { p->task->id, NULL };
      g_autoptr(GHashTable) found = txn->store->get_tasks (txn, ids, error);
      LimnServerTask *there;

      if (found == NULL)
        return FALSE;
      there = g_hash_table_lookup (found, p->task->id);
      if (there == NULL)
        return TRUE;
      g_hash_table_steal (found, p->task->id);
      limn_server_task_free (p->task);
      p->task = there;
      p->exists = TRUE;
      return TRUE;
    }

  /* An image that was not found (or not read) cannot be a new task. */
  if (g_str_equal (p->task->kind, "image") && p->task->media_sha256 == NULL)
    {
      if (p->item->path == NULL)
        skip (im, p->item->name, "image-not-found",
              _("The image was not found beside the file: the item is left out."));
      g_clear_pointer (&p->task, limn_server_task_free);
      return TRUE;
    }

  p->task->project_id = g_strdup (im->project->id);
  p->task->position = (*position)++;
  if (!txn->store->insert_task (txn, p->task, now_us, error))
    {
      g_prefix_error (error, "“%s”: ", p->task->title);
      return FALSE;
    }
  im->tasks_added++;
  return TRUE;
}

/* The set's regions that fit the task, as canonical JSON; what does not
 * fit is reported and left out. */
static JsonArray *
regions_json (Import                      *im,
              const Prepared              *p,
              const LimnDatasetAnnotation *set,
              LimnTextIndex               *index,
              gboolean                     suggestion)
{
  JsonArray *out = json_array_new ();

  for (guint i = 0; i < set->regions->len; i++)
    {
      const LimnDatasetRegion *r = &g_array_index (set->regions, LimnDatasetRegion, i);
      const char *label_id = g_hash_table_lookup (im->label_ids, GUINT_TO_POINTER (r->label + 1));
      g_autofree char *where = g_strdup_printf (_("%s: region %u"), p->item->name, i + 1);
      g_autofree char *id = g_uuid_string_random ();
      g_autoptr(LimnRegion) region = NULL;

      if (label_id == NULL)
        {
          skip (im, where, "unknown-label", _("The label is not the project's: left out."));
          continue;
        }
      if (r->kind == LIMN_REGION_BOX)
        {
          if (!g_str_equal (p->task->kind, "image") ||
              !limn_box_is_valid (&r->box, p->task->width, p->task->height))
            {
              skip (im, where, "box-outside",
                    _("The box is empty or outside the image: left out."));
              continue;
            }
          region = limn_region_new_box (id, label_id, &r->box);
        }
      else
        {
          g_autofree char *covered = NULL;

          if (index == NULL || r->start >= r->end ||
              !limn_text_index_check_range (index, r->start, r->end, NULL))
            {
              skip (im, where, "span-outside", _("The span is empty or outside the text: left out."));
              continue;
            }
          covered = limn_text_index_substring (index, r->start, r->end);
          if (r->text != NULL && strcmp (covered, r->text) != 0)
            {
              skip (im, where, "span-text-mismatch",
                    _("The span’s text differs from the text it covers: left out."));
              continue;
            }
          region = limn_region_new_span (id, label_id, r->start, r->end, covered);
        }

      if (suggestion)
        {
          g_autofree char *version = g_strdup_printf ("%s/%s", im->options->model,
                                                      im->options->model_version);

          limn_region_set_model (region, r->score, version, NULL);
        }
      json_array_add_object_element (out, limn_region_to_json (region));
    }
  return out;
}

static gboolean
user_of (Import         *im,
         LimnServerTxn  *txn,
         const char     *name,
         const char    **user_id,
         gint64          now_us,
         GError        **error)
{
  char *id = g_hash_table_lookup (im->users, name);

  if (id == NULL)
    {
      if (!txn->store->lookup_user (txn, name, &id, error))
        return FALSE;
      if (id == NULL)
        {
          id = g_uuid_string_random ();
          if (!txn->store->insert_user (txn, id, name, now_us, error))
            {
              g_free (id);
              return FALSE;
            }
          g_ptr_array_add (im->users_added, g_strdup (name));
        }
      g_hash_table_insert (im->users, g_strdup (name), id);
    }
  *user_id = id;
  return TRUE;
}

static gboolean
store_annotation (Import                      *im,
                  LimnServerTxn               *txn,
                  const Prepared              *p,
                  const LimnDatasetAnnotation *set,
                  LimnTextIndex               *index,
                  gint64                       now_us,
                  GError                     **error)
{
  g_autoptr(JsonArray) regions = regions_json (im, p, set, index, FALSE);
  g_autoptr(LimnServerLease) lease = NULL;
  g_autoptr(LimnBatchItem) a = limn_batch_item_new (LIMN_BATCH_ITEM_ANNOTATION);
  g_autoptr(GPtrArray) earlier = NULL;
  const char *name = set->annotator ? set->annotator : im->options->annotator;
  const char *user_id;
  gint64 revision = 0;

  if (!user_of (im, txn, name, &user_id, now_us, error) ||
      !txn->store->lookup_assignment (txn, p->task->id, user_id, &lease, error))
    return FALSE;

  if (lease == NULL)
    {
      gint64 count = 0;

      if (!txn->store->count_assignments (txn, user_id, im->project->id, &count, error))
        return FALSE;
      lease = g_new0 (LimnServerLease, 1);
      lease->id = g_uuid_string_random ();
      lease->task_id = g_strdup (p->task->id);
      lease->project_id = g_strdup (im->project->id);
      lease->annotator = g_strdup (user_id);
      lease->state = LIMN_SERVER_LEASE_SUBMITTED;
      lease->assigned_us = now_us;
      lease->lease_expires_us = now_us;
      lease->position = count;
      if (!txn->store->insert_assignment (txn, lease, error))
        return FALSE;
    }
  if (!txn->store->set_lease_state (txn, lease->id, LIMN_SERVER_LEASE_SUBMITTED, now_us, error))
    return FALSE;

  /* A user who answered the task before: this is their next revision. */
  earlier = txn->store->list_task_annotations (txn, p->task->id, error);
  if (earlier == NULL)
    return FALSE;
  for (guint i = 0; i < earlier->len; i++)
    {
      const LimnServerAnnotation *e = g_ptr_array_index (earlier, i);

      if (g_str_equal (e->annotator, user_id) && e->revision > revision)
        {
          revision = e->revision;
          g_free (a->parent_id);
          a->parent_id = g_strdup (e->id);
        }
    }

  a->id = g_uuid_string_random ();
  a->task_id = g_strdup (p->task->id);
  a->project_id = g_strdup (im->project->id);
  a->revision = revision + 1;
  a->guideline_version = im->project->guideline_version > 0 ? im->project->guideline_version : -1;
  a->confidence = -1;
  a->created_us = now_us;
  a->submitted_us = now_us;
  a->regions = limn_json_writer_array_to_string (regions);
  a->region_count = json_array_get_length (regions);
  if (!txn->store->insert_annotation (txn, a, user_id, lease, NULL, now_us, error))
    return FALSE;

  im->annotations++;
  im->regions += a->region_count;
  return TRUE;
}

static gboolean
store_suggestions (Import          *im,
                   LimnServerTxn   *txn,
                   const Prepared  *p,
                   LimnTextIndex   *index,
                   GError         **error)
{
  g_autoptr(JsonNode) there = json_from_string (p->task->suggestions ? p->task->suggestions : "[]",
                                                NULL);
  g_autoptr(JsonArray) all = there && JSON_NODE_HOLDS_ARRAY (there)
                             ? json_array_ref (json_node_get_array (there)) : json_array_new ();
  g_autofree char *text = NULL;
  guint before = json_array_get_length (all);

  for (guint s = 0; s < p->item->suggestions->len; s++)
    {
      g_autoptr(JsonArray) regions = regions_json (im, p, g_ptr_array_index (p->item->suggestions, s),
                                                   index, TRUE);

      for (guint i = 0; i < json_array_get_length (regions); i++)
        json_array_add_element (all, json_node_copy (json_array_get_element (regions, i)));
    }
  if (json_array_get_length (all) == before)
    return TRUE;

  im->suggestions += json_array_get_length (all) - before;
  text = limn_json_writer_array_to_string (all);
  return txn->store->set_task_suggestions (txn, p->task->id, text, error);
}

static gboolean
store_all (Import          *im,
           LimnServerTxn   *txn,
           GError         **error)
{
  g_autoptr(JsonObject) detail = limn_server_audit_admin_detail ();
  gint64 now_us = g_get_real_time ();
  gint64 position;

  if (!store_labels (im, txn, now_us, error) ||
      !txn->store->next_task_position (txn, im->project->id, &position, error))
    return FALSE;

  for (guint i = 0; i < im->prepared->len; i++)
    {
      Prepared *p = g_ptr_array_index (im->prepared, i);
      g_autoptr(LimnTextIndex) index = NULL;

      if (!store_task (im, txn, p, &position, now_us, error))
        return FALSE;
      if (p->task == NULL)
        continue;
      if (g_str_equal (p->task->kind, "text"))
        {
          index = limn_text_index_new (p->task->text, -1, error);
          if (index == NULL)
            return FALSE;
        }

      if (im->options->suggestions)
        {
          if (!store_suggestions (im, txn, p, index, error))
            return FALSE;
          continue;
        }
      for (guint s = 0; s < p->item->annotations->len; s++)
        if (!store_annotation (im, txn, p, g_ptr_array_index (p->item->annotations, s), index,
                               now_us, error))
          return FALSE;
    }

  json_object_set_string_member (detail, "project_id", im->project->id);
  json_object_set_string_member (detail, "format", im->options->format->id);
  json_object_set_int_member (detail, "tasks_added", im->tasks_added);
  json_object_set_int_member (detail, "annotations", im->annotations);
  json_object_set_int_member (detail, "suggestions", im->suggestions);
  return limn_server_audit_add (txn, NULL, "admin.import", detail, error);
}

static JsonArray *
strings_json (GPtrArray *strings)
{
  JsonArray *out = json_array_new ();

  for (guint i = 0; i < strings->len; i++)
    json_array_add_string_element (out, g_ptr_array_index (strings, i));
  return out;
}

static JsonObject *
report (Import     *im,
        const char *path)
{
  JsonObject *out = json_object_new ();
  JsonArray *problems = json_array_new ();
  JsonObject *counts = json_object_new ();
  JsonObject *by_kind = json_object_new ();
  g_autoptr(GPtrArray) kinds = limn_format_problems_get_kinds (im->problems);

  json_object_set_string_member (out, "project_id", im->project->id);
  json_object_set_string_member (out, "format", im->options->format->id);
  json_object_set_string_member (out, "path", path);
  json_object_set_int_member (out, "items", limn_dataset_get_n_items (im->dataset));
  json_object_set_int_member (out, "tasks_added", im->tasks_added);
  json_object_set_int_member (out, "annotations", im->annotations);
  json_object_set_int_member (out, "regions", im->regions);
  json_object_set_int_member (out, "suggestions", im->suggestions);
  json_object_set_array_member (out, "labels_added", strings_json (im->labels_added));
  json_object_set_array_member (out, "users_added", strings_json (im->users_added));

  for (guint i = 0; i < limn_format_problems_get_n (im->problems); i++)
    {
      const LimnFormatProblem *p = limn_format_problems_get (im->problems, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "where", p->where);
      json_object_set_string_member (o, "kind", p->kind);
      json_object_set_string_member (o, "action", limn_format_action_to_string (p->action));
      json_object_set_string_member (o, "detail", p->detail);
      json_array_add_object_element (problems, o);
    }
  json_object_set_array_member (out, "problems", problems);

  for (LimnFormatAction a = LIMN_FORMAT_KEPT; a <= LIMN_FORMAT_SKIPPED; a++)
    json_object_set_int_member (counts, limn_format_action_to_string (a),
                                limn_format_problems_count_action (im->problems, a));
  for (guint i = 0; i < kinds->len; i++)
    json_object_set_int_member (by_kind, g_ptr_array_index (kinds, i),
                                limn_format_problems_count (im->problems,
                                                            g_ptr_array_index (kinds, i)));
  json_object_set_object_member (counts, "by_kind", by_kind);
  json_object_set_object_member (out, "counts", counts);
  return out;
}

JsonObject *
limn_server_import (LimnServerBackend              *backend,
                    LimnServerMedia                *media,
                    const char                     *project_id,
                    const char                     *path,
                    const LimnServerImportOptions  *options,
                    gboolean                       *left_out,
                    GError                        **error)
{
  g_autoptr(LimnServerProject) project = limn_server_projects_get (backend, project_id, error);
  g_autoptr(LimnDataset) dataset = limn_dataset_new ();
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(GPtrArray) created = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) prepared = g_ptr_array_new_with_free_func (prepared_free);
  g_autoptr(GHashTable) label_ids = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) labels_added = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) users_added = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(LimnServerTxn) txn = NULL;
  LimnFormatReadOptions read = { 0 };
  Import im = { 0 };

  *left_out = FALSE;
  if (project == NULL)
    return NULL;

  /* The project's labels are the label set: a file's label of the same
   * name is the project's. */
  for (guint i = 0; i < project->labels->len; i++)
    limn_dataset_add_label (dataset, ((LimnServerLabel *)g_ptr_array_index (project->labels, i))->name,
                            NULL, NULL);

  read.suggestions = options->suggestions;
  read.model = options->model;
  read.model_version = options->model_version;
  read.unknown_labels = options->add_labels ? LIMN_FORMAT_LABELS_ADD : LIMN_FORMAT_LABELS_SKIP;
  read.strict = options->strict;
  if (!limn_format_read (options->format, path, dataset, &read, problems, NULL, error))
    return NULL;

  im = (Import) { options, project, dataset, problems, created, prepared, label_ids,
                  labels_added, users_added, users, 0, 0, 0, 0 };
  if (!prepare (&im, media, error))
    goto undo_media;

  txn = limn_server_backend_begin (backend, LIMN_SERVER_TXN_WRITE, error);
  if (txn == NULL || !store_all (&im, txn, error))
    goto undo_media;

  *left_out = limn_format_problems_count_action (problems, LIMN_FORMAT_SKIPPED) > 0;
  if (options->strict && *left_out)
    {
      g_set_error (error, LIMN_FORMAT_ERROR, LIMN_FORMAT_ERROR_STRICT,
                   _("Nothing imported: %" PRIu64 " records would be left out, the "
                     "first at %s."),
                   limn_format_problems_count_action (problems, LIMN_FORMAT_SKIPPED),
                   limn_format_problems_get (problems, 0)->where);
      goto undo_media;
    }
  if (!limn_server_txn_commit (txn, error))
    goto undo_media;

  return report (&im, path);

undo_media:
  g_clear_pointer (&txn, limn_server_txn_end);
  /* Images this import stored and no task refers to: removed again. */
  limn_server_media_remove_all (media, created);
  return NULL;
}
