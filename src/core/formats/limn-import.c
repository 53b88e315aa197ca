/* limn-import.c
 *
 * What the readers of Limn's own sources share: the label list rule and
 * image names (limn-import.h), and their helpers (limn-format-private.h):
 * errors that say where, images probed by their header, texts checked as
 * UTF-8.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-formats"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "limn-format-private.h"
#include "model/limn-id.h"
#include "model/limn-image-probe.h"

G_DEFINE_QUARK (limn-import-error-quark, limn_import_error)

static const char * const image_extensions[] = {
  ".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".bmp", ".gif",
};

gboolean
limn_import_is_blank (const char *text)
{
  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;

  return TRUE;
}

void
limn_import_refile (GError          **error,
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
limn_import_get_string (JsonObject           *object,
                        const char           *member,
                        LimnJsonReaderFlags   flags,
                        const char          **out,
                        const char           *where,
                        GError              **error)
{
  GError *local_error = NULL;

  if (limn_json_reader_get_string (object, member, flags, 0, out, NULL, &local_error))
    return TRUE;

  limn_import_refile (error, local_error, LIMN_IMPORT_ERROR_FORMAT, where);
  return FALSE;
}

gboolean
limn_import_check_direction (const char  *direction,
                             const char  *where,
                             GError     **error)
{
  if (direction == NULL || g_str_equal (direction, "ltr") || g_str_equal (direction, "rtl") ||
      g_str_equal (direction, "auto"))
    return TRUE;

  g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
               _("%s: “direction” must be ltr, rtl or auto."), where);
  return FALSE;
}

void
limn_import_set_source (LimnFormatReader *reader,
                        const char       *scope,
                        const char       *kind,
                        const char       *path)
{
  g_autofree char *id = limn_id_derive (scope, path);
  g_autofree char *name = g_path_get_basename (path);

  limn_dataset_set_attr (reader->dataset, "id", id);
  limn_dataset_set_attr (reader->dataset, "name", name);
  limn_dataset_set_attr (reader->dataset, "kind", kind);
  limn_dataset_set_attr (reader->dataset, "source", path);
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

      if (++n > LIMN_IMPORT_MAX_LABELS)
        {
          g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                       _("A project can have at most %d labels."), LIMN_IMPORT_MAX_LABELS);
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

/* Only the header is decoded; a file gdk-pixbuf cannot even recognise is
 * refused here, so an import of it changes nothing. */
LimnDatasetItem *
limn_import_add_image (LimnFormatReader  *reader,
                       const char        *name,
                       const char        *path,
                       GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  g_auto(LimnImageInfo) info = { 0 };
  LimnDatasetItem *item;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NOT_FOUND,
                   _("The image “%s” does not exist."), path);
      return NULL;
    }

  /* The size as displayed (after EXIF orientation), as the canvas and the
   * server see it: boxes are checked against it. */
  if (!limn_image_probe (path, &info, &local_error))
    {
      g_set_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID,
                   _("“%s” is not an image Limn can read: %s"), path, local_error->message);
      return NULL;
    }

  item = limn_dataset_add_image (reader->dataset, name, path, info.width, info.height);
  limn_attrs_set (&item->attrs, "mime", info.mime_type);

  return item;
}

LimnDatasetItem *
limn_import_add_text (LimnFormatReader  *reader,
                      const char        *name,
                      const char        *text,
                      LimnTextIndex    **index,
                      const char        *where,
                      GError           **error)
{
  GError *local_error = NULL;
  LimnTextIndex *checked = limn_text_index_new (text, -1, &local_error);

  if (checked == NULL)
    {
      limn_import_refile (error, local_error, LIMN_IMPORT_ERROR_ENCODING, where);
      return NULL;
    }

  if (index != NULL)
    *index = checked;
  else
    limn_text_index_unref (checked);

  return limn_dataset_add_text (reader->dataset, name, text);
}
