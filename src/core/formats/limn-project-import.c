/* limn-project-import.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-formats"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

#include "json/limn-json-reader.h"
#include "model/limn-geometry.h"
#include "model/limn-id.h"
#include "model/limn-image-probe.h"
#include "limn-project-import.h"
#include "text/limn-text-index.h"

G_DEFINE_QUARK (limn-import-error-quark, limn_import_error)

#define MAX_LABELS 200
#define TITLE_CHARS 48

static const char * const image_extensions[] = {
  ".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".bmp", ".gif",
};

static gboolean
is_blank (const char *s)
{
  for (; *s != '\0'; s = g_utf8_next_char (s))
    if (!g_unichar_isspace (g_utf8_get_char (s)))
      return FALSE;

  return TRUE;
}

/* Re-files an error from a lower layer (text index, GIO) under the import
 * domain with a prefix saying where in the input it happened. */
static void
propagate_as (GError          **error,
              GError           *src,
              LimnImportError   code,
              const char       *where)
{
  if (where != NULL)
    g_set_error (error, LIMN_IMPORT_ERROR, code, "%s: %s", where, src->message);
  else
    g_set_error_literal (error, LIMN_IMPORT_ERROR, code, src->message);
  g_error_free (src);
}

gboolean
limn_import_is_image_name (const char *filename)
{
  g_autofree char *lower = g_ascii_strdown (filename, -1);

  for (guint i = 0; i < G_N_ELEMENTS (image_extensions); i++)
    if (g_str_has_suffix (lower, image_extensions[i]))
      return TRUE;

  return FALSE;
}

GStrv
limn_import_parse_labels (const char  *text,
                          GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) lines = g_strsplit (text ? text : "", "\n", -1);
  guint n = 0;

  if (!g_utf8_validate (text ? text : "", -1, NULL))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_ENCODING,
                   _("The label list is not valid UTF-8 text."));
      return NULL;
    }

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *name = g_strstrip (g_strdup (lines[i]));

      if (name[0] == '\0' || name[0] == '#' ||
          g_str_equal (name, "__ignore__") || g_str_equal (name, "_background_"))
        continue;

      if (g_hash_table_contains (seen, name))
        {
          g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                       _("The label “%s” is listed twice."), name);
          return NULL;
        }

      if (++n > MAX_LABELS)
        {
          g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                       _("A project can have at most %d labels."), MAX_LABELS);
          return NULL;
        }

      g_hash_table_add (seen, g_strdup (name));
      g_strv_builder_add (builder, name);
    }

  if (n == 0)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NO_LABELS,
                   _("Add at least one label: annotators need something to label with."));
      return NULL;
    }

  return g_strv_builder_end (builder);
}

static void
add_labels (LimnProject        *project,
            const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *id = limn_id_derive (limn_project_get_id (project), names[i]);
      g_autofree char *hotkey = limn_hotkey_for_index (i);
      g_autoptr(LimnLabel) label = limn_label_new (id, names[i], limn_color_for_index (i), hotkey);

      limn_project_add_label (project, label);
    }
}

static char *
sha256_file (const char  *path,
             gint64      *size,
             GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, error);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guchar buf[65536];
  gssize n;

  *size = 0;
  if (in == NULL)
    return NULL;

  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buf, sizeof buf, NULL, error)) > 0)
    {
      g_checksum_update (sum, buf, n);
      *size += n;
    }

  if (n < 0)
    return NULL;

  return g_strdup (g_checksum_get_string (sum));
}

/* Fills in an image task's path, size and content hash. Only the header is
 * decoded; a file gdk-pixbuf cannot even recognise is refused here so the
 * import changes nothing. */
static gboolean
describe_image (LimnTask    *task,
                const char  *path,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_auto(LimnImageInfo) info = { 0 };
  g_autofree char *sha = NULL;
  gint64 size;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NOT_FOUND,
                   _("The image “%s” does not exist."), path);
      return FALSE;
    }

  /* The size as displayed (after EXIF orientation), as the canvas and the
   * server see it: boxes are checked against it. */
  if (!limn_image_probe (path, &info, &local_error))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                   _("“%s” is not an image Limn can read: %s"), path, local_error->message);
      return FALSE;
    }

  sha = sha256_file (path, &size, &local_error);
  if (sha == NULL)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NOT_FOUND,
                   _("Could not read “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  limn_task_set_media_path (task, path);
  limn_task_set_media_sha256 (task, sha);
  limn_task_set_size (task, info.width, info.height);

  return TRUE;
}

static char *
text_title (const char *text)
{
  GString *title = g_string_new (NULL);
  guint n = 0;

  for (const char *p = text; *p != '\0' && n < TITLE_CHARS; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (title, g_unichar_isspace (c) ? ' ' : c);
    }

  g_strstrip (title->str);
  title->len = strlen (title->str);
  if (n == TITLE_CHARS && text[title->len] != '\0')
    g_string_append (title, "…");

  return g_string_free (title, FALSE);
}

/* A pending task of an import: nothing is written until all are valid. */
typedef struct
{
  LimnTask  *task;
  char      *text;
  GPtrArray *suggestions;
} Pending;

static void
pending_free (gpointer data)
{
  Pending *p = data;

  g_clear_object (&p->task);
  g_free (p->text);
  g_clear_pointer (&p->suggestions, g_ptr_array_unref);
  g_free (p);
}

static gboolean
write_all (LimnStore    *store,
           LimnProject  *project,
           GPtrArray    *pending,
           GError      **error)
{
  if (!limn_store_begin (store, error))
    return FALSE;

  if (!limn_store_save_project (store, project, error))
    goto fail;

  for (guint i = 0; i < pending->len; i++)
    {
      Pending *p = g_ptr_array_index (pending, i);

      if (!limn_store_save_task (store, p->task, p->text, error) ||
          !limn_store_save_suggestions (store, limn_task_get_id (p->task), p->suggestions, error))
        goto fail;
    }

  return limn_store_commit (store, error);

fail:
  limn_store_rollback (store);
  return FALSE;
}

static Pending *
text_task (LimnProject  *project,
           const char   *id,
           gint64        position,
           const char   *text,
           const char   *language,
           const char   *direction,
           const char   *where,
           GError      **error)
{
  GError *local_error = NULL;
  g_autoptr(LimnTextIndex) index = limn_text_index_new (text, -1, &local_error);
  g_autofree char *title = NULL;
  Pending *p;

  if (index == NULL)
    {
      propagate_as (error, local_error, LIMN_IMPORT_ERROR_ENCODING, where);
      return NULL;
    }

  title = text_title (text);
  p = g_new0 (Pending, 1);
  p->task = limn_task_new (id, limn_project_get_id (project), LIMN_TASK_TEXT, position, title);
  limn_task_set_language (p->task, language, limn_text_direction_from_string (direction));
  limn_task_set_text_length (p->task, limn_text_index_get_n_chars (index));
  p->text = g_strdup (text);

  return p;
}

/* Project files */

/* A string member, checked by the reader; its faults are the file's. */
static gboolean
member_string (JsonObject           *obj,
               const char           *member,
               LimnJsonReaderFlags   flags,
               const char          **out,
               const char           *where,
               GError              **error)
{
  GError *local_error = NULL;

  if (limn_json_reader_get_string (obj, member, flags, 0, out, NULL, &local_error))
    return TRUE;

  propagate_as (error, local_error, LIMN_IMPORT_ERROR_FORMAT, where);
  return FALSE;
}

static gboolean
read_labels (LimnProject  *project,
             JsonArray    *array,
             GError      **error)
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

  if (n > MAX_LABELS)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                   _("A project can have at most %d labels."), MAX_LABELS);
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonObject *obj = limn_json_reader_get_element_object (array, i, NULL, NULL);
      g_autofree char *where = g_strdup_printf (_("Label %u"), i + 1);
      g_autofree char *id = NULL;
      g_autofree char *default_key = NULL;
      g_autoptr(LimnLabel) label = NULL;
      const char *name = NULL, *color = NULL, *hotkey = NULL, *description = NULL;

      if (obj == NULL)
        {
          g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_FORMAT,
                       _("%s must be an object with a “name”."), where);
          return FALSE;
        }

      if (!member_string (obj, "name", LIMN_JSON_READER_REQUIRED, &name, where, error) ||
          !member_string (obj, "color", LIMN_JSON_READER_OPTIONAL, &color, where, error) ||
          !member_string (obj, "hotkey", LIMN_JSON_READER_OPTIONAL, &hotkey, where, error) ||
          !member_string (obj, "description", LIMN_JSON_READER_OPTIONAL, &description,
                          where, error))
        return FALSE;

      if (is_blank (name) || g_hash_table_contains (names, name))
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
      if (hotkey != NULL && (!limn_hotkey_is_valid (hotkey) || g_hash_table_contains (keys, hotkey)))
        {
          g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                       _("%s: the hotkey “%s” must be one digit or lower-case letter, "
                         "used by one label only."), where, hotkey);
          return FALSE;
        }

      g_hash_table_add (names, (gpointer)name);
      if (hotkey != NULL)
        g_hash_table_add (keys, (gpointer)hotkey);

      id = limn_id_derive (limn_project_get_id (project), name);
      label = limn_label_new (id, name, color ? color : limn_color_for_index (i), hotkey);
      limn_label_set_description (label, description);
      limn_project_add_label (project, label);
    }

  return TRUE;
}

static gboolean
read_suggestions (LimnProject  *project,
                  Pending      *p,
                  JsonObject   *obj,
                  const char   *where,
                  GError      **error)
{
  JsonNode *node = json_object_get_member (obj, "suggestions");
  g_autoptr(LimnTextIndex) index = NULL;
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
  if (!member_string (sugg, "model_version", LIMN_JSON_READER_OPTIONAL, &model_version,
                      where, error))
    return FALSE;

  /* Anything but an array of regions is no suggestions. */
  if (!limn_json_reader_get_array (sugg, "regions", LIMN_JSON_READER_OPTIONAL, 0, &regions,
                                   NULL, NULL))
    regions = NULL;
  n = regions ? json_array_get_length (regions) : 0;
  if (p->text != NULL)
    index = limn_text_index_new (p->text, -1, NULL);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *r = limn_json_reader_get_element_object (regions, i, NULL, NULL);
      g_autofree char *rwhere = g_strdup_printf (_("%s, suggestion %u"), where, i + 1);
      g_autofree char *id = NULL;
      g_autofree char *key = NULL;
      const char *label_name = NULL;
      LimnLabel *label;
      LimnRegion *region;
      GError *local_error = NULL;
      double score = LIMN_SCORE_UNSET;

      if (r == NULL ||
          !member_string (r, "label", LIMN_JSON_READER_REQUIRED, &label_name, rwhere, error))
        {
          if (r == NULL)
            g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_FORMAT,
                         _("%s must be an object."), rwhere);
          return FALSE;
        }

      label = limn_project_lookup_label_by_name (project, label_name);
      if (label == NULL)
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

      key = g_strdup_printf ("%u", i);
      id = limn_id_derive (limn_task_get_id (p->task), key);

      if (limn_task_get_kind (p->task) == LIMN_TASK_IMAGE)
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

          if (!limn_box_is_valid (&box, limn_task_get_width (p->task), limn_task_get_height (p->task)))
            {
              g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                           _("%s: the box [%g, %g, %g, %g] is empty or outside the %d×%d image."),
                           rwhere, box.x, box.y, box.w, box.h,
                           limn_task_get_width (p->task), limn_task_get_height (p->task));
              return FALSE;
            }

          region = limn_region_new_box (id, limn_label_get_id (label), &box);
        }
      else
        {
          gint64 start = 0, end = 0;
          g_autofree char *covered = NULL;

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
              propagate_as (error, g_steal_pointer (&local_error), LIMN_IMPORT_ERROR_INVALID, rwhere);
              return FALSE;
            }

          covered = limn_text_index_substring (index, start, end);
          region = limn_region_new_span (id, limn_label_get_id (label), start, end, covered);
        }

      limn_region_set_model (region, score, model_version, NULL);
      g_ptr_array_add (p->suggestions, region);
    }

  return TRUE;
}

static Pending *
read_task (LimnProject  *project,
           const char   *base_dir,
           JsonObject   *obj,
           guint         position,
           GError      **error)
{
  g_autofree char *where = g_strdup_printf (_("Task %u"), position + 1);
  g_autofree char *derived = NULL;
  Pending *p = NULL;
  const char *id = NULL, *image = NULL, *text = NULL, *language = NULL, *direction = NULL;

  if (!member_string (obj, "id", LIMN_JSON_READER_OPTIONAL, &id, where, error) ||
      !member_string (obj, "image", LIMN_JSON_READER_OPTIONAL, &image, where, error) ||
      !member_string (obj, "text", LIMN_JSON_READER_OPTIONAL, &text, where, error) ||
      !member_string (obj, "language", LIMN_JSON_READER_OPTIONAL, &language, where, error) ||
      !member_string (obj, "direction", LIMN_JSON_READER_OPTIONAL, &direction, where, error))
    return NULL;

  if ((image == NULL) == (text == NULL))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_FORMAT,
                   _("%s needs either “image” or “text” (not both)."), where);
      return NULL;
    }

  if (direction != NULL && !g_str_equal (direction, "ltr") &&
      !g_str_equal (direction, "rtl") && !g_str_equal (direction, "auto"))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                   _("%s: “direction” must be ltr, rtl or auto."), where);
      return NULL;
    }

  if (id == NULL)
    id = derived = limn_id_derive (limn_project_get_id (project), image ? image : text);
  else if (!g_uuid_string_is_valid (id))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                   _("%s: “id” must be a UUID."), where);
      return NULL;
    }

  if (image != NULL)
    {
      g_autofree char *path = g_path_is_absolute (image)
                              ? g_strdup (image) : g_build_filename (base_dir, image, NULL);
      g_autofree char *title = g_path_get_basename (image);
      g_autofree char *canonical = g_canonicalize_filename (path, NULL);

      p = g_new0 (Pending, 1);
      p->task = limn_task_new (id, limn_project_get_id (project), LIMN_TASK_IMAGE, position, title);
      if (!describe_image (p->task, canonical, error))
        {
          g_prefix_error (error, "%s: ", where);
          pending_free (p);
          return NULL;
        }
    }
  else
    {
      p = text_task (project, id, position, text, language, direction, where, error);
      if (p == NULL)
        return NULL;
    }

  p->suggestions = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_region_unref);
  if (!read_suggestions (project, p, obj, where, error))
    {
      pending_free (p);
      return NULL;
    }

  return p;
}

/**
 * limn_import_project_file:
 *
 * Reads a project file (`"format": "limn-project"`, version 1) and saves it,
 * its labels, tasks and suggestions. Annotations already made on its tasks
 * are kept.
 *
 * Returns: (transfer full): the project as stored
 */
LimnProject *
limn_import_project_file (LimnStore   *store,
                          const char  *path,
                          GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(LimnProject) project = NULL;
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (pending_free);
  g_autofree char *base_dir = NULL;
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *derived_id = NULL;
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
      return NULL;
    }

  root = limn_json_reader_parse_object (g_mapped_file_get_contents (mapped),
                                        g_mapped_file_get_length (mapped), &local_error);
  if (root == NULL)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_FORMAT,
                   _("“%s” is not a Limn project file: %s"), path, local_error->message);
      return NULL;
    }

  obj = json_node_get_object (root);
  if (!member_string (obj, "format", LIMN_JSON_READER_REQUIRED, &format, path, error))
    return NULL;
  if (!g_str_equal (format, "limn-project"))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_FORMAT,
                   _("“%s” is not a Limn project file (format “%s”)."), path, format);
      return NULL;
    }

  if (!limn_json_reader_get_whole (obj, "version", LIMN_JSON_READER_REQUIRED, 1, 1, &version,
                                   NULL, NULL))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_FORMAT,
                   _("“%s” is a project file of a version this Limn does not read "
                     "(it reads version 1)."), path);
      return NULL;
    }

  if (!member_string (obj, "id", LIMN_JSON_READER_OPTIONAL, &id, path, error) ||
      !member_string (obj, "name", LIMN_JSON_READER_REQUIRED, &name, path, error) ||
      !member_string (obj, "kind", LIMN_JSON_READER_OPTIONAL, &kind_str, path, error) ||
      !member_string (obj, "guidelines", LIMN_JSON_READER_OPTIONAL, &guidelines, path, error))
    return NULL;

  if (kind_str != NULL && !limn_project_kind_from_string (kind_str, &kind))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                   _("“kind” must be image, text or both."));
      return NULL;
    }

  if (!limn_json_reader_get_double (obj, "confidence_steps", LIMN_JSON_READER_OPTIONAL, 2, 10,
                                    &steps, NULL, NULL))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                   _("“confidence_steps” must be a whole number from 2 to 10."));
      return NULL;
    }

  if (id == NULL)
    id = derived_id = limn_id_derive ("project-file", absolute);
  else if (!g_uuid_string_is_valid (id))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                   _("The project “id” must be a UUID."));
      return NULL;
    }

  project = limn_project_new (id, name, kind);
  limn_project_set_source_path (project, absolute);
  limn_project_set_confidence_steps (project, (guint)steps);
  limn_project_set_guidelines (project, 1, guidelines);

  /* Anything but an array is no labels, or no tasks: said below. */
  if (!limn_json_reader_get_array (obj, "labels", LIMN_JSON_READER_OPTIONAL, 0, &labels, NULL, NULL))
    labels = NULL;
  if (!limn_json_reader_get_array (obj, "tasks", LIMN_JSON_READER_OPTIONAL, 0, &tasks, NULL, NULL))
    tasks = NULL;

  if (!read_labels (project, labels, error))
    return NULL;

  if (tasks == NULL || json_array_get_length (tasks) == 0)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NO_TASKS,
                   _("The project has no tasks: add images or texts to “tasks”."));
      return NULL;
    }

  base_dir = g_path_get_dirname (absolute);
  for (guint i = 0; i < json_array_get_length (tasks); i++)
    {
      JsonObject *t = limn_json_reader_get_element_object (tasks, i, NULL, NULL);
      Pending *p;

      if (t == NULL)
        {
          g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_FORMAT,
                       _("Task %u must be an object."), i + 1);
          return NULL;
        }

      p = read_task (project, base_dir, t, i, error);
      if (p == NULL)
        return NULL;
      g_ptr_array_add (pending, p);
    }

  if (!write_all (store, project, pending, error))
    return NULL;

  return g_steal_pointer (&project);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char **)a, *(const char **)b);
}

/**
 * limn_import_image_folder:
 * @name: (nullable): the project's name; the folder's name if %NULL
 * @labels: (nullable): label names; the folder's labels.txt if %NULL
 *
 * Every image directly in @folder becomes a task, in name order.
 */
LimnProject *
limn_import_image_folder (LimnStore           *store,
                          const char          *folder,
                          const char          *name,
                          const char * const  *labels,
                          GError             **error)
{
  g_autofree char *absolute = g_canonicalize_filename (folder, NULL);
  g_autofree char *id = limn_id_derive ("image-folder", absolute);
  g_autofree char *basename = g_path_get_basename (absolute);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (pending_free);
  g_autoptr(LimnProject) project = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) file_labels = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *entry;

  dir = g_dir_open (absolute, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NOT_FOUND,
                   _("Could not open the folder “%s”: %s"), folder, local_error->message);
      return NULL;
    }

  if (labels == NULL)
    {
      g_autofree char *labels_path = g_build_filename (absolute, "labels.txt", NULL);
      g_autofree char *contents = NULL;

      if (!g_file_get_contents (labels_path, &contents, NULL, NULL))
        {
          g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NO_LABELS,
                       _("Add at least one label (or put a labels.txt with one label per "
                         "line in the folder)."));
          return NULL;
        }

      file_labels = limn_import_parse_labels (contents, error);
      if (file_labels == NULL)
        return NULL;
      labels = (const char * const *)file_labels;
    }
  else if (labels[0] == NULL)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NO_LABELS,
                   _("Add at least one label: annotators need something to label with."));
      return NULL;
    }

  while ((entry = g_dir_read_name (dir)) != NULL)
    if (entry[0] != '.' && limn_import_is_image_name (entry))
      g_ptr_array_add (names, g_strdup (entry));

  if (names->len == 0)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NO_TASKS,
                   _("The folder “%s” has no images (JPEG, PNG, WebP, TIFF, BMP or GIF)."),
                   folder);
      return NULL;
    }

  g_ptr_array_sort (names, compare_names);

  project = limn_project_new (id, name && name[0] ? name : basename, LIMN_PROJECT_IMAGE);
  limn_project_set_source_path (project, absolute);
  add_labels (project, labels);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (absolute, file, NULL);
      g_autofree char *task_id = limn_id_derive (id, file);
      Pending *p = g_new0 (Pending, 1);

      p->task = limn_task_new (task_id, id, LIMN_TASK_IMAGE, i, file);
      g_ptr_array_add (pending, p);

      if (!describe_image (p->task, path, error))
        return NULL;
    }

  if (!write_all (store, project, pending, error))
    return NULL;

  return g_steal_pointer (&project);
}

static Pending *
jsonl_task (LimnProject  *project,
            const char   *line,
            guint         lineno,
            gint64        position,
            GError      **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *where = g_strdup_printf (_("Line %u"), lineno);
  g_autofree char *derived = NULL;
  JsonObject *obj;
  const char *text = NULL, *id, *language = NULL, *direction = NULL;

  root = limn_json_reader_parse_object (line, strlen (line), &local_error);
  if (root == NULL)
    {
      propagate_as (error, g_steal_pointer (&local_error), LIMN_IMPORT_ERROR_FORMAT, where);
      return NULL;
    }

  obj = json_node_get_object (root);
  if (!member_string (obj, "text", LIMN_JSON_READER_REQUIRED, &text, where, error) ||
      !member_string (obj, "language", LIMN_JSON_READER_OPTIONAL, &language, where, error) ||
      !member_string (obj, "direction", LIMN_JSON_READER_OPTIONAL, &direction, where, error))
    return NULL;

  /* Tools write ids as strings or (doccano) integers. A UUID is kept; any
   * other id is a key for a derived one, so a re-import matches. */
  {
    JsonNode *id_node = json_object_get_member (obj, "id");
    g_autofree char *foreign = NULL;

    id = NULL;
    if (id_node != NULL && JSON_NODE_HOLDS_VALUE (id_node))
      {
        if (json_node_get_value_type (id_node) == G_TYPE_STRING)
          foreign = g_strdup (json_node_get_string (id_node));
        else if (json_node_get_value_type (id_node) == G_TYPE_INT64)
          foreign = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (id_node));
      }

    if (foreign != NULL && g_uuid_string_is_valid (foreign))
      id = derived = g_steal_pointer (&foreign);
    else
      {
        g_autofree char *key = g_strdup_printf ("%u:%s", lineno, foreign ? foreign : text);
        id = derived = limn_id_derive (limn_project_get_id (project), key);
      }
  }

  return text_task (project, id, position, text, language, direction, where, error);
}

/**
 * limn_import_text_file:
 * @labels: label names (at least one)
 *
 * A `.jsonl` file holds one JSON object per line with at least "text" (and
 * optionally "id", "language", "direction"); any other file holds one
 * document per line. Blank lines are skipped; a CR before each newline is a
 * line ending, not text.
 */
LimnProject *
limn_import_text_file (LimnStore           *store,
                       const char          *path,
                       const char          *name,
                       const char * const  *labels,
                       GError             **error)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *id = limn_id_derive ("text-file", absolute);
  g_autofree char *basename = g_path_get_basename (absolute);
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (pending_free);
  g_autoptr(LimnProject) project = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean jsonl;
  gsize length;

  if (labels == NULL || labels[0] == NULL)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NO_LABELS,
                   _("Add at least one label: annotators need something to label with."));
      return NULL;
    }

  if (!g_file_get_contents (absolute, &contents, &length, &local_error))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NOT_FOUND,
                   _("Could not read “%s”: %s"), path, local_error->message);
      return NULL;
    }

  /* Say which line is broken, before anything else looks at the text. */
  if (!limn_utf8_validate_text (contents, length, &local_error))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_ENCODING,
                   _("“%s” is not UTF-8 text: %s"), basename, local_error->message);
      return NULL;
    }

  jsonl = g_str_has_suffix (basename, ".jsonl") || g_str_has_suffix (basename, ".JSONL");
  project = limn_project_new (id, name && name[0] ? name : basename, LIMN_PROJECT_TEXT);
  limn_project_set_source_path (project, absolute);
  add_labels (project, labels);

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      gsize len = strlen (line);
      Pending *p;

      if (len > 0 && line[len - 1] == '\r')
        line[--len] = '\0';

      if (is_blank (line))
        continue;

      if (jsonl)
        p = jsonl_task (project, line, i + 1, pending->len, error);
      else
        {
          g_autofree char *key = g_strdup_printf ("%u", i + 1);
          g_autofree char *task_id = limn_id_derive (id, key);
          g_autofree char *where = g_strdup_printf (_("Line %u"), i + 1);

          p = text_task (project, task_id, pending->len, line, NULL, NULL, where, error);
        }

      if (p == NULL)
        return NULL;

      p->suggestions = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_region_unref);
      g_ptr_array_add (pending, p);
    }

  if (pending->len == 0)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NO_TASKS,
                   _("“%s” has no documents (every line is empty)."), basename);
      return NULL;
    }

  if (!write_all (store, project, pending, error))
    return NULL;

  return g_steal_pointer (&project);
}
