/* limn-server-hidden-fields.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "backend/limn-server-backend.h"
#include "limn-server-hidden-fields.h"

static const char * const known[] = { "title", "suggestions", "suggestion_scores", "language",
                                      NULL };

static gboolean
hides (const char *hidden,
       const char *field)
{
  g_auto(GStrv) fields = NULL;

  if (hidden == NULL || hidden[0] == '\0')
    return FALSE;
  fields = g_strsplit (hidden, ",", -1);
  return g_strv_contains ((const char * const *)fields, field);
}

char *
limn_server_hidden_fields_parse (const char  *list,
                                 GError     **error)
{
  g_auto(GStrv) given = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  if (g_str_equal (list, "none"))
    return g_strdup ("");
  given = g_strsplit (list, ",", -1);
  for (guint i = 0; given[i] != NULL; i++)
    {
      g_strstrip (given[i]);
      if (!g_strv_contains (known, given[i]))
        {
          g_set_error (error, LIMN_SERVER_BACKEND_ERROR, LIMN_SERVER_BACKEND_ERROR_INVALID,
                       _("“%s” is not a task field that can be hidden: use title, suggestions, "
                         "suggestion_scores, language, or none."), given[i]);
          return NULL;
        }
    }
  for (guint k = 0; known[k] != NULL; k++)
    if (g_strv_contains ((const char * const *)given, known[k]))
      g_string_append_printf (out, "%s%s", out->len ? "," : "", known[k]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

void
limn_server_hidden_fields_apply (const char *hidden,
                                 JsonObject *task)
{
  if (hides (hidden, "title"))
    json_object_set_string_member (task, "title", "");
  if (hides (hidden, "language") && json_object_has_member (task, "language"))
    json_object_set_null_member (task, "language");
  if (hides (hidden, "suggestions"))
    json_object_set_array_member (task, "suggestions", json_array_new ());
  else if (hides (hidden, "suggestion_scores") && json_object_has_member (task, "suggestions"))
    {
      JsonArray *suggestions = json_object_get_array_member (task, "suggestions");

      for (guint i = 0; suggestions != NULL && i < json_array_get_length (suggestions); i++)
        {
          JsonNode *node = json_array_get_element (suggestions, i);
          JsonObject *s;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          s = json_node_get_object (node);
          json_object_remove_member (s, "score");
          json_object_remove_member (s, "model");
          json_object_remove_member (s, "model_version");
        }
    }
}

JsonArray *
limn_server_hidden_fields_to_json (const char *hidden)
{
  JsonArray *array = json_array_new ();
  g_auto(GStrv) fields = NULL;

  if (hidden == NULL || hidden[0] == '\0')
    return array;
  fields = g_strsplit (hidden, ",", -1);
  for (guint i = 0; fields[i] != NULL; i++)
    json_array_add_string_element (array, fields[i]);
  return array;
}
