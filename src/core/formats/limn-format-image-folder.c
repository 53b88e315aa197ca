/* limn-format-image-folder.c
 *
 * A folder of images, one item each in name order, with the labels in its
 * labels.txt (labelme's layout; limn_import_parse_labels() has the rule).
 * What there is to label, nothing labeled yet: New Local Project's source
 * and the server's `task add --images`. A dataset that already holds a
 * label set (typed in the app, or a server project's) keeps it and
 * labels.txt is not read. Written as links to the images and labels.txt.
 *
 * Dataset attributes: "id" (derived from the folder's path), "name" (the
 * folder's), "kind", "source". Items: "key" (the file name), "mime".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-formats"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "limn-format-private.h"

static gboolean
is_image_file (const char *dir,
               const char *name)
{
  g_autofree char *path = NULL;

  if (name[0] == '.' || !limn_import_is_image_name (name))
    return FALSE;

  path = g_build_filename (dir, name, NULL);
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static guint
image_folder_detect (const LimnFormatProbe *probe)
{
  g_autoptr(GDir) dir = NULL;
  g_autofree char *labels = NULL;
  const char *name;

  if (!probe->is_dir || (dir = g_dir_open (probe->path, 0, NULL)) == NULL)
    return 0;

  /* Any annotation format beside the images scores higher. */
  labels = g_build_filename (probe->path, "labels.txt", NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (is_image_file (probe->path, name))
      return g_file_test (labels, G_FILE_TEST_IS_REGULAR) ? 20 : 10;

  return 0;
}

/* Reading */

static gboolean
read_labels (LimnFormatReader  *reader,
             const char        *folder,
             GError           **error)
{
  g_autofree char *path = g_build_filename (folder, "labels.txt", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) labels = NULL;

  if (limn_dataset_get_n_labels (reader->dataset) > 0 ||
      !g_file_get_contents (path, &contents, NULL, NULL))
    return TRUE;

  labels = limn_import_parse_labels (contents, error);
  if (labels == NULL)
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }

  for (guint i = 0; labels[i] != NULL; i++)
    limn_dataset_add_label (reader->dataset, labels[i], NULL, NULL);

  return TRUE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char **) a, *(const char **) b);
}

static gboolean
image_folder_read (LimnFormatReader  *reader,
                   const char        *path,
                   GError           **error)
{
  g_autofree char *folder = g_canonicalize_filename (path, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *entry;

  dir = g_dir_open (folder, 0, &local_error);
  if (dir == NULL)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NOT_FOUND,
                   _("Could not open the folder “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  if (!read_labels (reader, folder, error))
    return FALSE;

  while ((entry = g_dir_read_name (dir)) != NULL)
    if (is_image_file (folder, entry))
      g_ptr_array_add (names, g_strdup (entry));

  if (names->len == 0)
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NO_TASKS,
                   _("The folder “%s” has no images (JPEG, PNG, WebP, TIFF, BMP or GIF)."),
                   path);
      return FALSE;
    }

  g_ptr_array_sort (names, compare_names);

  /* Every header is read before anything is kept: one bad image refuses
   * the folder. */
  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);
      g_autofree char *image = g_build_filename (folder, file, NULL);
      LimnDatasetItem *item;

      if (!limn_format_reader_poll (reader, error))
        return FALSE;

      item = limn_import_add_image (reader, file, image, error);
      if (item == NULL)
        return FALSE;
      limn_attrs_set (&item->attrs, "key", file);
    }

  limn_import_set_source (reader, "image-folder", "image", folder);

  return TRUE;
}

/* Writing */

/* A label as labels.txt reads it back: one line, trimmed. */
static void
append_label (LimnFormatWriter *writer,
              GString          *out,
              const char       *name,
              const char       *where)
{
  g_autofree char *line = g_strstrip (g_strdelimit (g_strdup (name), "\r\n", ' '));

  if (line[0] == '\0' || line[0] == '#' ||
      g_str_equal (line, "__ignore__") || g_str_equal (line, "_background_"))
    {
      limn_format_problems_add (writer->problems, where, "label-lost", LIMN_FORMAT_SKIPPED,
                                _("labels.txt cannot hold the label “%s” (it would be read as a "
                                  "blank line, a comment or a reserved name): left out."), name);
      return;
    }

  if (!g_str_equal (line, name))
    limn_format_problems_add (writer->problems, where, "label-renamed", LIMN_FORMAT_CONVERTED,
                              _("The label “%s” is written as “%s”: labels.txt holds one "
                                "label a line, without spaces around it."), name, line);
  g_string_append_printf (out, "%s\n", line);
}

static gboolean
image_folder_write (LimnFormatWriter  *writer,
                    const char        *path,
                    GError           **error)
{
  LimnDataset *dataset = writer->dataset;
  g_autofree char *labels_path = g_build_filename (path, "labels.txt", NULL);
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GString) labels = g_string_new (NULL);
  guint64 missing = 0;

  if (!limn_format_make_dir (path, error))
    return FALSE;

  for (guint i = 0; i < limn_dataset_get_n_items (dataset); i++)
    {
      LimnDatasetItem *item = limn_dataset_get_item (dataset, i);
      g_autofree char *base = NULL;
      g_autofree char *file = NULL;
      g_autofree char *target = NULL;
      char *dot;

      if (item->kind != LIMN_TASK_IMAGE)
        continue;
      if (item->path == NULL)
        {
          missing++;
          continue;
        }

      base = g_path_get_basename (item->name);
      dot = strrchr (base, '.');
      if (dot != NULL && dot != base)
        {
          g_autofree char *stem = g_strndup (base, dot - base);

          file = limn_format_unique_name (used, stem, dot);
        }
      else
        file = limn_format_unique_name (used, base, "");

      target = g_build_filename (path, file, NULL);
      if (!limn_format_link_image (item, target, error))
        return FALSE;
    }

  for (guint i = 0; i < limn_dataset_get_n_labels (dataset); i++)
    append_label (writer, labels, limn_dataset_get_label (dataset, i)->name, labels_path);
  if (!limn_format_write_file (labels_path, labels->str, labels->len, error))
    return FALSE;

  if (missing > 0)
    limn_format_problems_add (writer->problems, path, "image-not-written", LIMN_FORMAT_SKIPPED,
                              _("Images not on this computer, which a folder of images cannot "
                                "name: %" PRIu64 "."), missing);

  return TRUE;
}

const LimnFormat limn_format_image_folder = {
  "image-folder", N_("Folder of images with labels.txt"), LIMN_FORMAT_IMAGES,
  LIMN_FORMAT_NO_ANNOTATIONS | LIMN_FORMAT_WRITES_FOLDER, NULL,
  image_folder_detect, image_folder_read, image_folder_write,
};
