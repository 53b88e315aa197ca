/* limn-format-limn-project.c
 *
 * Limn's own project file (docs/project-format.md): labels with colours,
 * hotkeys and descriptions, guidelines, and tasks (images beside the file,
 * texts inside it) with a model's suggestions. Read strictly, as the app
 * always has: any fault refuses the whole file with a message that names
 * the task and suggestion. Written back whole, so a project round-trips;
 * it holds what there is to label, never annotations.
 *
 * Dataset attributes: "id" (the project's UUID, given or derived from the
 * file's path), "name", "kind", "guidelines", "confidence_steps",
 * "guardrails" (the checks before submit as JSON, docs/guardrails.md),
 * "source" (the file). Labels: "hotkey" (the default filled in), "description".
 * Items: "id" (a task UUID the file gives), "key" (what a task id derives
 * from without one: the image as written, or the text), "language",
 * "direction".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-formats"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "limn-format-private.h"
#include "model/limn-geometry.h"
#include "model/limn-guardrails.h"
#include "model/limn-label.h"
#include "model/limn-translations.h"
#include "model/limn-project.h"

static guint
limn_project_detect (const LimnFormatProbe *probe)
{
  if (probe->is_dir || limn_format_probe_first (probe) != '{')
    return 0;

  return limn_format_probe_has (probe, "\"format\"") &&
         limn_format_probe_has (probe, "\"limn-project\"") ? 100 : 0;
}

/* Reading */

/* @member of @obj, if there: an object from BCP 47 language tags to
 * non-empty texts, given back as JSON text for the dataset's attrs
 * (limn_translations_to_json()); NULL in *@out when absent. A tag that is
 * not a language, or a text that is not one, is refused: a typo there
 * would silently show the default to that language's users. */
static gboolean
read_translations (JsonObject  *obj,
                   const char  *member,
                   const char  *where,
                   char       **out,
                   GError     **error)
{
  g_autoptr(GHashTable) table = limn_translations_new ();
  JsonObject *texts = NULL;
  JsonObjectIter iter;
  const char *tag;
  JsonNode *node;

  *out = NULL;
  if (!json_object_has_member (obj, member))
    return TRUE;

  if (!limn_json_reader_get_object (obj, member, LIMN_JSON_READER_REQUIRED, &texts, NULL, NULL))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_FORMAT,
                   /* Translators: the second %s is a member name like “names” */
                   _("%s: “%s” must be an object from language tags to texts, "
                     "like {\"de\": \"…\"}."), where, member);
      return FALSE;
    }

  json_object_iter_init (&iter, texts);
  while (json_object_iter_next (&iter, &tag, &node))
    {
      const char *text = NULL;

      if (!limn_language_tag_is_valid (tag))
        {
          g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                       _("%s: “%s” in “%s” is not a language tag like de, pt-BR or zh-Hans."),
                       where, tag, member);
          return FALSE;
        }

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        text = json_node_get_string (node);
      if (text == NULL || limn_import_is_blank (text))
        {
          g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                       _("%s: the “%s” text in “%s” must be a non-empty string."),
                       where, tag, member);
          return FALSE;
        }

      g_hash_table_insert (table, g_strdup (tag), g_strdup (text));
    }

  *out = limn_translations_to_json (table);
  return TRUE;
}

static gboolean
read_labels (LimnFormatReader  *reader,
             JsonArray         *array,
             GError           **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = array ? json_array_get_length (array) : 0;

  if (n == 0)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NO_LABELS,
                   _("The project has no labels: add at least one to “labels”."));
      return FALSE;
    }

  if (n > LIMN_IMPORT_MAX_LABELS)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                   _("A project can have at most %d labels."), LIMN_IMPORT_MAX_LABELS);
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonObject *obj = limn_json_reader_get_element_object (array, i, NULL, NULL);
      g_autofree char *where = g_strdup_printf (_("Label %u"), i + 1);
      g_autofree char *default_key = NULL;
      const char *name = NULL, *color = NULL, *hotkey = NULL, *description = NULL;
      g_autofree char *names_json = NULL, *descriptions_json = NULL;
      LimnDatasetLabel *label;

      if (obj == NULL)
        {
          g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_FORMAT,
                       _("%s must be an object with a “name”."), where);
          return FALSE;
        }

      if (!limn_import_get_string (obj, "name", LIMN_JSON_READER_REQUIRED, &name, where, error) ||
          !limn_import_get_string (obj, "color", LIMN_JSON_READER_OPTIONAL, &color, where, error) ||
          !limn_import_get_string (obj, "hotkey", LIMN_JSON_READER_OPTIONAL, &hotkey, where,
                                   error) ||
          !limn_import_get_string (obj, "description", LIMN_JSON_READER_OPTIONAL, &description,
                                   where, error) ||
          !read_translations (obj, "names", where, &names_json, error) ||
          !read_translations (obj, "descriptions", where, &descriptions_json, error))
        return FALSE;

      if (limn_import_is_blank (name) || g_hash_table_contains (names, name))
        {
          g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                       _("%s: the name “%s” is empty or used twice."), where, name);
          return FALSE;
        }

      if (color != NULL && !limn_color_parse (color, NULL, NULL, NULL))
        {
          g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                       _("%s: “%s” is not a colour like #3584e4."), where, color);
          return FALSE;
        }

      if (hotkey == NULL)
        hotkey = default_key = limn_hotkey_for_index (i);
      if (hotkey != NULL &&
          (!limn_hotkey_is_valid (hotkey) || g_hash_table_contains (keys, hotkey)))
        {
          g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                       _("%s: the hotkey “%s” must be one digit or lower-case letter, "
                         "used by one label only."), where, hotkey);
          return FALSE;
        }

      g_hash_table_add (names, (gpointer) name);
      if (hotkey != NULL)
        g_hash_table_add (keys, (gpointer) hotkey);

      label = limn_dataset_edit_label (reader->dataset,
                                       limn_dataset_add_label (reader->dataset, name, NULL, color));
      limn_attrs_set (&label->attrs, "hotkey", hotkey);
      limn_attrs_set (&label->attrs, "description", description);
      limn_attrs_set (&label->attrs, "names", names_json);
      limn_attrs_set (&label->attrs, "descriptions", descriptions_json);
    }

  return TRUE;
}

static gboolean
read_region (LimnFormatReader       *reader,
             LimnDatasetItem        *item,
             LimnTextIndex          *index,
             LimnDatasetAnnotation  *set,
             JsonObject             *r,
             const char             *rwhere,
             GError                **error)
{
  LimnDatasetRegion *region;
  const char *label_name = NULL;
  double score = LIMN_SCORE_UNSET;
  int label;

  if (r == NULL)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_FORMAT,
                   _("%s must be an object."), rwhere);
      return FALSE;
    }

  if (!limn_import_get_string (r, "label", LIMN_JSON_READER_REQUIRED, &label_name, rwhere, error))
    return FALSE;

  label = limn_dataset_find_label (reader->dataset, label_name);
  if (label < 0)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                   _("%s: unknown label “%s”."), rwhere, label_name);
      return FALSE;
    }

  if (!limn_json_reader_get_double (r, "score", LIMN_JSON_READER_OPTIONAL, 0, 1, &score,
                                    NULL, NULL))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                   _("%s: “score” must be a number from 0 to 1."), rwhere);
      return FALSE;
    }

  if (item->kind == LIMN_TASK_IMAGE)
    {
      JsonArray *b = NULL;
      LimnBox box;

      if (!limn_json_reader_get_array (r, "box", LIMN_JSON_READER_REQUIRED, 0, &b, NULL, NULL) ||
          json_array_get_length (b) != 4 ||
          !limn_json_reader_node_number (json_array_get_element (b, 0), &box.x) ||
          !limn_json_reader_node_number (json_array_get_element (b, 1), &box.y) ||
          !limn_json_reader_node_number (json_array_get_element (b, 2), &box.w) ||
          !limn_json_reader_node_number (json_array_get_element (b, 3), &box.h))
        {
          g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_FORMAT,
                       _("%s: “box” must be [x, y, width, height] in pixels."), rwhere);
          return FALSE;
        }

      if (!limn_box_is_valid (&box, item->width, item->height))
        {
          g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                       _("%s: the box [%g, %g, %g, %g] is empty or outside the %d×%d image."),
                       rwhere, box.x, box.y, box.w, box.h, item->width, item->height);
          return FALSE;
        }

      region = limn_dataset_annotation_add_box (set, (guint) label, &box);
    }
  else
    {
      GError *local_error = NULL;
      g_autofree char *covered = NULL;
      gint64 start = 0, end = 0;

      if (!limn_json_reader_get_whole (r, "start", LIMN_JSON_READER_REQUIRED,
                                       G_MININT64, G_MAXINT64, &start, NULL, NULL) ||
          !limn_json_reader_get_whole (r, "end", LIMN_JSON_READER_REQUIRED,
                                       G_MININT64, G_MAXINT64, &end, NULL, NULL))
        {
          g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_FORMAT,
                       _("%s: “start” and “end” must be whole numbers (code points)."), rwhere);
          return FALSE;
        }

      if (!limn_text_index_check_range (index, start, end, &local_error))
        {
          limn_import_refile (error, local_error, LIMN_IMPORT_ERROR_INVALID, rwhere);
          return FALSE;
        }

      covered = limn_text_index_substring (index, start, end);
      region = limn_dataset_annotation_add_span (set, (guint) label, start, end, covered);
    }

  region->score = score;
  return TRUE;
}

static gboolean
read_suggestions (LimnFormatReader  *reader,
                  LimnDatasetItem   *item,
                  LimnTextIndex     *index,
                  JsonObject        *obj,
                  const char        *where,
                  GError           **error)
{
  JsonNode *node = json_object_get_member (obj, "suggestions");
  LimnDatasetAnnotation *set;
  JsonObject *sugg;
  JsonArray *regions = NULL;
  const char *model_version = NULL;
  guint n;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_FORMAT,
                   _("%s: “suggestions” must be an object with “regions”."), where);
      return FALSE;
    }

  sugg = json_node_get_object (node);
  if (!limn_import_get_string (sugg, "model_version", LIMN_JSON_READER_OPTIONAL, &model_version,
                               where, error))
    return FALSE;

  /* Anything but an array of regions is no suggestions. */
  if (!limn_json_reader_get_array (sugg, "regions", LIMN_JSON_READER_OPTIONAL, 0, &regions,
                                   NULL, NULL))
    regions = NULL;
  n = regions ? json_array_get_length (regions) : 0;

  set = limn_dataset_item_suggestion (item, NULL, model_version);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *rwhere = g_strdup_printf (_("%s, suggestion %u"), where, i + 1);

      if (!read_region (reader, item, index, set,
                        limn_json_reader_get_element_object (regions, i, NULL, NULL),
                        rwhere, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
read_task (LimnFormatReader  *reader,
           const char        *base_dir,
           JsonObject        *obj,
           guint              position,
           GError           **error)
{
  g_autofree char *where = g_strdup_printf (_("Task %u"), position + 1);
  g_autoptr(LimnTextIndex) index = NULL;
  LimnDatasetItem *item;
  const char *id = NULL, *image = NULL, *text = NULL, *language = NULL, *direction = NULL;

  if (!limn_import_get_string (obj, "id", LIMN_JSON_READER_OPTIONAL, &id, where, error) ||
      !limn_import_get_string (obj, "image", LIMN_JSON_READER_OPTIONAL, &image, where, error) ||
      !limn_import_get_string (obj, "text", LIMN_JSON_READER_OPTIONAL, &text, where, error) ||
      !limn_import_get_string (obj, "language", LIMN_JSON_READER_OPTIONAL, &language, where,
                               error) ||
      !limn_import_get_string (obj, "direction", LIMN_JSON_READER_OPTIONAL, &direction, where,
                               error))
    return FALSE;

  if ((image == NULL) == (text == NULL))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_FORMAT,
                   _("%s needs either “image” or “text” (not both)."), where);
      return FALSE;
    }

  if (!limn_import_check_direction (direction, where, error))
    return FALSE;

  if (id != NULL && !g_uuid_string_is_valid (id))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                   _("%s: “id” must be a UUID."), where);
      return FALSE;
    }

  if (image != NULL)
    {
      g_autofree char *path = g_path_is_absolute (image)
                              ? g_strdup (image) : g_build_filename (base_dir, image, NULL);
      g_autofree char *canonical = g_canonicalize_filename (path, NULL);

      item = limn_import_add_image (reader, image, canonical, error);
      if (item == NULL)
        {
          g_prefix_error (error, "%s: ", where);
          return FALSE;
        }
    }
  else
    {
      g_autofree char *name = id ? g_strdup (id) : g_strdup_printf ("task %u", position + 1);

      item = limn_import_add_text (reader, name, text, &index, where, error);
      if (item == NULL)
        return FALSE;
      limn_attrs_set (&item->attrs, "language", language);
      limn_attrs_set (&item->attrs, "direction", direction);
    }

  limn_attrs_set (&item->attrs, "id", id);
  limn_attrs_set (&item->attrs, "key", image ? image : text);

  return read_suggestions (reader, item, index, obj, where, error);
}

static gboolean
limn_project_read (LimnFormatReader  *reader,
                   const char        *path,
                   GError           **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *base_dir = NULL;
  g_autofree char *steps_str = NULL;
  g_autofree char *rules_json = NULL;
  JsonObject *rules_obj = NULL;
  g_autofree char *guidelines_translations = NULL;
  JsonObject *obj;
  JsonArray *tasks = NULL;
  JsonArray *labels = NULL;
  const char *format = NULL, *id = NULL, *name = NULL, *kind_str = NULL, *guidelines = NULL;
  LimnProjectKind kind = LIMN_PROJECT_BOTH;
  gint64 version = 0;
  double steps = LIMN_DEFAULT_CONFIDENCE_STEPS;

  mapped = g_mapped_file_new (absolute, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NOT_FOUND,
                   _("Could not read the project file “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  root = limn_json_reader_parse_object (g_mapped_file_get_contents (mapped),
                                        g_mapped_file_get_length (mapped), &local_error);
  if (root == NULL)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_FORMAT,
                   _("“%s” is not a Limn project file: %s"), path, local_error->message);
      return FALSE;
    }

  obj = json_node_get_object (root);
  if (!limn_import_get_string (obj, "format", LIMN_JSON_READER_REQUIRED, &format, path, error))
    return FALSE;
  if (!g_str_equal (format, "limn-project"))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_FORMAT,
                   _("“%s” is not a Limn project file (format “%s”)."), path, format);
      return FALSE;
    }

  if (!limn_json_reader_get_whole (obj, "version", LIMN_JSON_READER_REQUIRED, 1, 1, &version,
                                   NULL, NULL))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_FORMAT,
                   _("“%s” is a project file of a version this Limn does not read "
                     "(it reads version 1)."), path);
      return FALSE;
    }

  if (!limn_import_get_string (obj, "id", LIMN_JSON_READER_OPTIONAL, &id, path, error) ||
      !limn_import_get_string (obj, "name", LIMN_JSON_READER_REQUIRED, &name, path, error) ||
      !limn_import_get_string (obj, "kind", LIMN_JSON_READER_OPTIONAL, &kind_str, path, error) ||
      !limn_import_get_string (obj, "guidelines", LIMN_JSON_READER_OPTIONAL, &guidelines, path,
                               error) ||
      !read_translations (obj, "guidelines_translations", path, &guidelines_translations, error))
    return FALSE;

  if (kind_str != NULL && !limn_project_kind_from_string (kind_str, &kind))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                   _("“kind” must be image, text or both."));
      return FALSE;
    }

  if (!limn_json_reader_get_double (obj, "confidence_steps", LIMN_JSON_READER_OPTIONAL, 2, 10,
                                    &steps, NULL, NULL))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                   _("“confidence_steps” must be a whole number from 2 to 10."));
      return FALSE;
    }

  if (id != NULL && !g_uuid_string_is_valid (id))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                   _("The project “id” must be a UUID."));
      return FALSE;
    }

  /* Checked here, so a file with broken rules is refused when opened and
   * not at every submit. */
  if (!limn_json_reader_get_object (obj, "guardrails", LIMN_JSON_READER_OPTIONAL, &rules_obj,
                                    NULL, error))
    return FALSE;
  if (rules_obj != NULL)
    {
      g_autoptr(LimnGuardrails) rules = limn_guardrails_new_from_json (rules_obj, error);

      if (rules == NULL)
        return FALSE;
      rules_json = limn_guardrails_to_string (rules);
    }

  /* Anything but an array is no labels, or no tasks: said below. */
  if (!limn_json_reader_get_array (obj, "labels", LIMN_JSON_READER_OPTIONAL, 0, &labels, NULL,
                                   NULL))
    labels = NULL;
  if (!limn_json_reader_get_array (obj, "tasks", LIMN_JSON_READER_OPTIONAL, 0, &tasks, NULL, NULL))
    tasks = NULL;

  if (!read_labels (reader, labels, error))
    return FALSE;

  if (tasks == NULL || json_array_get_length (tasks) == 0)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NO_TASKS,
                   _("The project has no tasks: add images or texts to “tasks”."));
      return FALSE;
    }

  base_dir = g_path_get_dirname (absolute);
  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonObject *t = limn_json_reader_get_element_object (tasks, i, NULL, NULL);

      if (t == NULL)
        {
          g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_FORMAT,
                       _("Task %u must be an object."), i + 1);
          return FALSE;
        }

      if (!limn_format_reader_poll (reader, error) ||
          !read_task (reader, base_dir, t, i, error))
        return FALSE;
    }

  /* Without an id, the project's derives from the file's path. */
  limn_import_set_source (reader, "project-file", limn_project_kind_to_string (kind), absolute);
  if (id != NULL)
    limn_dataset_set_attr (reader->dataset, "id", id);
  limn_dataset_set_attr (reader->dataset, "name", name);
  limn_dataset_set_attr (reader->dataset, "guidelines", guidelines ? guidelines : "");
  if (guidelines_translations != NULL)
    limn_dataset_set_attr (reader->dataset, "guidelines_translations", guidelines_translations);
  steps_str = g_strdup_printf ("%u", (guint) steps);
  limn_dataset_set_attr (reader->dataset, "confidence_steps", steps_str);
  if (rules_json != NULL)
    limn_dataset_set_attr (reader->dataset, "guardrails", rules_json);

  return TRUE;
}

/* Writing */

static void
append_member (GString    *out,
               const char *indent,
               const char *name,
               const char *value)
{
  if (value == NULL)
    return;

  g_string_append_printf (out, ",\n%s\"%s\": ", indent, name);
  limn_json_writer_append_string (out, value);
}

static void
append_labels (LimnDataset *dataset,
               GString     *out)
{
  g_string_append (out, ",\n  \"labels\": [");
  for (guint i = 0; i < limn_dataset_get_n_labels (dataset); i++)
    {
      const LimnDatasetLabel *label = limn_dataset_get_label (dataset, i);

      g_string_append (out, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
      limn_json_writer_append_string (out, label->name);
      if (label->color != NULL && limn_color_parse (label->color, NULL, NULL, NULL))
        {
          g_string_append (out, ", \"color\": ");
          limn_json_writer_append_string (out, label->color);
        }
      if (limn_attrs_get (label->attrs, "hotkey") != NULL)
        {
          g_string_append (out, ", \"hotkey\": ");
          limn_json_writer_append_string (out, limn_attrs_get (label->attrs, "hotkey"));
        }
      if (limn_attrs_get (label->attrs, "description") != NULL)
        {
          g_string_append (out, ", \"description\": ");
          limn_json_writer_append_string (out, limn_attrs_get (label->attrs, "description"));
        }
      /* Already JSON objects of texts, written by read_translations() or
       * limn_translations_to_json(). */
      for (guint m = 0; m < 2; m++)
        {
          const char *member = m == 0 ? "names" : "descriptions";
          const char *json = limn_attrs_get (label->attrs, member);

          if (json != NULL && !g_str_equal (json, "{}"))
            g_string_append_printf (out, ", \"%s\": %s", member, json);
        }
      g_string_append_c (out, '}');
    }
  g_string_append (out, "\n  ]");
}

static void
append_suggestions (LimnFormatWriter      *writer,
                    GString               *out,
                    LimnDatasetAnnotation *set)
{
  g_string_append (out, ",\n     \"suggestions\": {");
  if (set->model_version != NULL || set->model != NULL)
    {
      g_string_append (out, "\"model_version\": ");
      limn_json_writer_append_string (out, set->model_version ? set->model_version : set->model);
      g_string_append (out, ", ");
    }
  g_string_append (out, "\"regions\": [");
  for (guint r = 0; r < set->regions->len; r++)
    {
      LimnDatasetRegion *region = &g_array_index (set->regions, LimnDatasetRegion, r);

      g_string_append (out, r ? ",\n       {\"label\": " : "\n       {\"label\": ");
      limn_json_writer_append_string (out, limn_format_writer_label (writer, region->label));
      if (region->kind == LIMN_REGION_BOX)
        {
          g_string_append (out, ", \"box\": ");
          limn_format_append_box (out, &region->box);
        }
      else
        g_string_append_printf (out, ", \"start\": %" PRId64
                                ", \"end\": %" PRId64, region->start, region->end);
      if (region->score != LIMN_SCORE_UNSET)
        {
          g_string_append (out, ", \"score\": ");
          limn_json_writer_append_double (out, region->score);
        }
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}");
}

static const char *
dataset_kind (LimnDataset *dataset)
{
  gboolean images = FALSE, texts = FALSE;

  if (limn_dataset_get_attr (dataset, "kind") != NULL)
    return limn_dataset_get_attr (dataset, "kind");

  for (guint i = 0; i < limn_dataset_get_n_items (dataset); i++)
    {
      if (limn_dataset_get_item (dataset, i)->kind == LIMN_TASK_IMAGE)
        images = TRUE;
      else
        texts = TRUE;
    }

  return images == texts ? "both" : images ? "image" : "text";
}

static gboolean
limn_project_write (LimnFormatWriter  *writer,
                    const char        *path,
                    GError           **error)
{
  LimnDataset *dataset = writer->dataset;
  g_autoptr(LimnFormatOutput) output = limn_format_output_new (path, error);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *stem = g_path_get_basename (path);
  const char *id = limn_dataset_get_attr (dataset, "id");
  const char *steps = limn_dataset_get_attr (dataset, "confidence_steps");
  guint64 missing = 0, extra_sets = 0;
  GString *out;
  char *dot;

  if (output == NULL)
    return FALSE;

  dot = strrchr (stem, '.');
  if (dot != NULL && dot != stem)
    *dot = '\0';

  out = limn_format_output_buffer (output);
  g_string_append (out, "{\n  \"format\": \"limn-project\",\n  \"version\": 1");
  append_member (out, "  ", "id", id && g_uuid_string_is_valid (id) ? id : NULL);
  append_member (out, "  ", "name", limn_dataset_get_attr (dataset, "name") ?: stem);
  append_member (out, "  ", "kind", dataset_kind (dataset));
  append_member (out, "  ", "guidelines", limn_dataset_get_attr (dataset, "guidelines"));
  if (steps != NULL)
    g_string_append_printf (out, ",\n  \"confidence_steps\": %u",
                            CLAMP ((guint) g_ascii_strtoull (steps, NULL, 10), 2, 10));
  if (limn_dataset_get_attr (dataset, "guardrails") != NULL)
    g_string_append_printf (out, ",\n  \"guardrails\": %s",
                            limn_dataset_get_attr (dataset, "guardrails"));
  append_labels (dataset, out);

  g_string_append (out, ",\n  \"tasks\": [");
  for (guint i = 0; i < limn_dataset_get_n_items (dataset); i++)
    {
      LimnDatasetItem *item = limn_dataset_get_item (dataset, i);
      g_autoptr(GPtrArray) sets = limn_format_writer_suggestions (writer, item);
      const char *task_id = limn_attrs_get (item->attrs, "id");

      g_string_append (out, i ? ",\n    {" : "\n    {");
      if (task_id != NULL && g_uuid_string_is_valid (task_id))
        {
          g_string_append (out, "\"id\": ");
          limn_json_writer_append_string (out, task_id);
          g_string_append (out, ", ");
        }

      if (item->kind == LIMN_TASK_IMAGE)
        {
          g_autofree char *ref = limn_format_writer_image_ref (item, dir);

          missing += item->path == NULL;
          g_string_append (out, "\"image\": ");
          limn_json_writer_append_string (out, ref);
        }
      else
        {
          g_string_append (out, "\"text\": ");
          limn_json_writer_append_string (out, item->text);
          append_member (out, "     ", "language", limn_attrs_get (item->attrs, "language"));
          append_member (out, "     ", "direction", limn_attrs_get (item->attrs, "direction"));
        }

      if (sets->len > 0)
        append_suggestions (writer, out, g_ptr_array_index (sets, 0));
      for (guint s = 1; s < sets->len; s++)
        extra_sets += ((LimnDatasetAnnotation *) g_ptr_array_index (sets, s))->regions->len;
      g_string_append_c (out, '}');

      if (!limn_format_output_flush (output, error))
        return FALSE;
    }
  g_string_append (out, "\n  ]\n}\n");

  if (missing > 0)
    limn_format_problems_add (writer->problems, path, "image-missing", LIMN_FORMAT_KEPT,
                              _("Images not on this computer, named in the project file but "
                                "needed beside it to open it: %" PRIu64 "."), missing);
  if (extra_sets > 0)
    limn_format_problems_add (writer->problems, path, "suggestions-not-written",
                              LIMN_FORMAT_SKIPPED,
                              _("A project file holds one model's suggestions per task; suggested "
                                "regions of the others left out: %" PRIu64 "."),
                              extra_sets);

  return limn_format_output_commit (output, error);
}

const LimnFormat limn_format_limn_project = {
  "limn-project", N_("Limn project file"), LIMN_FORMAT_IMAGES | LIMN_FORMAT_TEXTS,
  LIMN_FORMAT_HOLDS_SUGGESTIONS | LIMN_FORMAT_HOLDS_SCORES | LIMN_FORMAT_NO_ANNOTATIONS, NULL,
  limn_project_detect, limn_project_read, limn_project_write,
};
