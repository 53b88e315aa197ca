/* limn-wire-labels.c
 *
 * A project's labels as the server sends them, in the project and in
 * `labels` changes: id, default name, colour, hotkey, description, and
 * (issue 21) "names" and "descriptions" per language, which the store
 * keeps and the app shows in the user's language; and the reader of such
 * sets, which the guidelines use too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "json/limn-json-reader.h"
#include "limn-wire-private.h"
#include "model/limn-translations.h"

gboolean
limn_wire_read_translations (JsonObject  *o,
                             const char  *member,
                             gsize        max_len,
                             GHashTable  *into,
                             const char  *where,
                             GError     **error)
{
  JsonObject *obj = NULL;

  if (!limn_json_reader_get_object (o, member, LIMN_JSON_READER_OPTIONAL, &obj, where, error))
    return FALSE;
  if (obj != NULL && !limn_translations_read_object (obj, max_len, into, NULL))
    {
      limn_wire_bad (error, where, member, _("is not a set of texts by language"));
      return FALSE;
    }
  return TRUE;
}

/* Labels, shared by the project and by label changes. */

GPtrArray *
limn_wire_parse_labels (JsonArray   *array,
                        const char  *ctx,
                        GError     **error)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *where = g_strdup_printf ("%s[%u]", ctx, i);
      JsonObject *o = limn_json_reader_get_element_object (array, i, where, error);
      const char *id = NULL, *name = NULL, *color = NULL, *hotkey = NULL, *description = NULL;
      gboolean retired = FALSE;
      LimnLabel *label;

      if (o == NULL ||
          !limn_json_reader_get_uuid (o, "id", LIMN_JSON_READER_REQUIRED, &id, where, error) ||
          !limn_json_reader_get_string (o, "name", LIMN_JSON_READER_REQUIRED, 256,
                                        &name, where, error) ||
          !limn_json_reader_get_string (o, "color", LIMN_JSON_READER_REQUIRED, 16,
                                        &color, where, error) ||
          !limn_json_reader_get_string (o, "hotkey", LIMN_JSON_READER_OPTIONAL, 16,
                                        &hotkey, where, error) ||
          !limn_json_reader_get_string (o, "description", LIMN_JSON_READER_OPTIONAL,
                                        LIMN_WIRE_MAX_FIELD, &description, where, error) ||
          !limn_json_reader_get_boolean (o, "retired", LIMN_JSON_READER_OPTIONAL,
                                         &retired, where, error))
        return NULL;

      if (name[0] == '\0')
        {
          limn_wire_bad (error, where, "name", _("is empty"));
          return NULL;
        }
      if (!limn_color_parse (color, NULL, NULL, NULL))
        {
          limn_wire_bad (error, where, "color", _("is not a #rrggbb color"));
          return NULL;
        }
      if (g_hash_table_contains (seen, id) || g_hash_table_contains (seen, name))
        {
          limn_wire_bad (error, where, NULL, _("repeats a label"));
          return NULL;
        }
      g_hash_table_add (seen, (gpointer)id);
      g_hash_table_add (seen, (gpointer)name);

      /* A hotkey this client cannot type is dropped, not an error: the
       * label still works from the palette. */
      label = limn_label_new (id, name, color, limn_hotkey_is_valid (hotkey) ? hotkey : NULL);
      g_ptr_array_add (labels, label);
      limn_label_set_description (label, description);
      limn_label_set_retired (label, retired);
      if (!limn_wire_read_translations (o, "names", 256, limn_label_get_names (label), where, error) ||
          !limn_wire_read_translations (o, "descriptions", LIMN_WIRE_MAX_FIELD,
                              limn_label_get_descriptions (label), where, error))
        return NULL;
    }

  return g_steal_pointer (&labels);
}
