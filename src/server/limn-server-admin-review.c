/* limn-server-admin-review.c
 *
 * The admin commands of review and feedback (docs/server-guide.md): list
 * the flags and the review queue, publish guidelines, add, rename and
 * retire labels, set reviewer levels. The thresholds are `project set`'s.
 * Writes go through limn-server-review.c, as the routes' do, so members
 * get the same changes either way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "json/limn-json-writer.h"
#include "limn-server-admin-private.h"
#include "limn-server-projects.h"
#include "limn-server-review.h"
#include "limn-server-review-queue.h"
#include "model/limn-translations.h"

static void
print_object (JsonObject *obj)
{
  g_autofree char *text = limn_json_writer_object_to_string (obj);

  printf ("%s\n", text);
}

static JsonArray *
strv_to_array (char **strv)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  return array;
}

gboolean
limn_admin_cmd_flags_list (LimnAdminArgs  *args,
                           GError        **error)
{
  static const char * const known[] = { "project", "state", NULL };
  /* The CLI reads as the server admin would. */
  const LimnServerPrincipal admin = { .role = LIMN_SERVER_ROLE_ADMIN };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(GPtrArray) flags = NULL;
  g_autoptr(GHashTable) messages = NULL;
  g_autoptr(JsonObject) obj = json_object_new ();
  const char *project, *state = limn_admin_opt (args, "state");
  JsonArray *array = json_array_new ();

  json_object_set_array_member (obj, "flags", array);
  if (!limn_admin_check_options (args, known, error) ||
      !limn_admin_require (args, "project", &project, error))
    return FALSE;
  if (state != NULL && !g_str_equal (state, "open") && !g_str_equal (state, "answered") &&
      !g_str_equal (state, "closed"))
    return limn_admin_fail (error, _("--state must be open, answered or closed."));

  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return FALSE;
  flags = limn_server_review_threads (backend, &admin, project, state, &messages, error);
  if (flags == NULL)
    return FALSE;

  for (guint i = 0; i < flags->len; i++)
    {
      LimnServerFlag *f = g_ptr_array_index (flags, i);
      GPtrArray *thread = g_hash_table_lookup (messages, f->id);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "id", f->id);
      json_object_set_string_member (o, "task_id", f->task_id);
      json_object_set_string_member (o, "annotator", f->user_name);
      json_object_set_string_member (o, "category", f->category);
      json_object_set_string_member (o, "body", f->body);
      json_object_set_string_member (o, "state", f->state);
      json_object_set_int_member (o, "created_us", f->created_us);
      json_object_set_int_member (o, "messages", thread ? thread->len : 0);
      json_array_add_object_element (array, o);
    }

  print_object (obj);
  g_printerr (ngettext ("%u flag.\n", "%u flags.\n", flags->len), flags->len);
  return TRUE;
}

gboolean
limn_admin_cmd_queue_list (LimnAdminArgs  *args,
                           GError        **error)
{
  static const char * const known[] = { "project", "state", "reason", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(JsonObject) obj = json_object_new ();
  LimnQueueQuery query = { .state = -1, .sort = LIMN_QUEUE_SORT_AGE };
  const char *project, *state = limn_admin_opt (args, "state");
  JsonArray *array = json_array_new ();
  guint total = 0;

  json_object_set_array_member (obj, "items", array);
  if (!limn_admin_check_options (args, known, error) ||
      !limn_admin_require (args, "project", &project, error))
    return FALSE;
  query.reason = limn_admin_opt (args, "reason");
  if (query.reason != NULL && !limn_server_review_reason_is_valid (query.reason))
    return limn_admin_fail (error, _("--reason must be flag, low_confidence, disagreement, "
                                     "gold_failure, audit, rework or disputed."));
  if (state != NULL)
    {
      LimnServerReviewState s;

      if (!limn_server_review_state_from_string (state, &s))
        return limn_admin_fail (error, _("--state must be open, leased or decided."));
      query.state = s;
    }

  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return FALSE;
  items = limn_server_review_queue_list (backend, project, &query, g_get_real_time (), &total,
                                         &counts, error);
  if (items == NULL)
    return FALSE;

  for (guint i = 0; i < items->len; i++)
    {
      LimnServerReviewItem *item = g_ptr_array_index (items, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "item_id", item->id);
      json_object_set_string_member (o, "task_id", item->task_id);
      json_object_set_string_member (o, "title", item->task_title ? item->task_title : "");
      json_object_set_array_member (o, "reasons", strv_to_array (item->reasons));
      json_object_set_int_member (o, "min_level", item->min_level);
      json_object_set_string_member (o, "state", limn_server_review_state_to_string (item->state));
      json_object_set_array_member (o, "annotators", strv_to_array (item->annotators));
      json_object_set_int_member (o, "created_us", item->created_us);
      json_array_add_object_element (array, o);
    }

  print_object (obj);
  g_printerr (ngettext ("%u item in the queue.\n", "%u items in the queue.\n", total), total);
  return TRUE;
}

static gboolean
is_blank (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));

  return trimmed[0] == '\0';
}

gboolean
limn_admin_cmd_guidelines_publish (LimnAdminArgs  *args,
                                   GError        **error)
{
  static const char * const known[] = { "project", "file", "summary", "labels", "translations", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(GHashTable) translations = limn_translations_new ();
  g_autofree char *translations_json = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *body = NULL;
  g_auto(GStrv) labels = NULL;
  const char *project, *file;
  gint64 version = 0;

  if (!limn_admin_check_options (args, known, error) ||
      !limn_admin_require (args, "project", &project, error) ||
      !limn_admin_require (args, "file", &file, error))
    return FALSE;
  if (limn_admin_opt (args, "labels") != NULL)
    {
      labels = g_strsplit (limn_admin_opt (args, "labels"), ",", -1);
      for (guint i = 0; labels[i] != NULL; i++)
        if (g_strstrip (labels[i])[0] == '\0')
          return limn_admin_fail (error, _("--labels must name labels, separated by commas."));
    }

  body = limn_admin_read_text_file (file, _("guidelines"), error);
  if (body == NULL)
    return FALSE;
  if (limn_admin_opt (args, "translations") != NULL)
    {
      /* TAG=FILE,TAG=FILE: one option (the parser keeps one value each). */
      g_auto(GStrv) pairs = g_strsplit (limn_admin_opt (args, "translations"), ",", -1);

      for (guint i = 0; pairs[i] != NULL; i++)
        {
          g_auto(GStrv) pair = g_strsplit (g_strstrip (pairs[i]), "=", 2);
          char *text;

          if (pair[0] == NULL || pair[1] == NULL || !limn_language_tag_is_valid (pair[0]))
            return limn_admin_fail (error, _("--translations takes TAG=FILE pairs separated by commas, "
                                             "with language tags such as “de” or “pt-BR”."));
          text = limn_admin_read_text_file (pair[1], _("guidelines"), error);
          if (text == NULL)
            return FALSE;
          if (is_blank (text))
            {
              g_free (text);
              return limn_admin_fail (error, _("The guidelines in “%s” are empty."), pair[0]);
            }
          g_hash_table_replace (translations, g_strdup (pair[0]), text);
        }
      translations_json = limn_translations_to_json (translations);
    }

  backend = limn_admin_open_backend (args, error);
  if (backend == NULL ||
      !limn_server_review_publish_guidelines (backend, NULL, NULL, NULL, project, body,
                                              limn_admin_opt (args, "summary"), translations_json,
                                              (const char * const *)labels, g_get_real_time (),
                                              &version, &answer, error))
    return FALSE;

  g_print ("version=%" PRId64 "\n", version);
  g_printerr (_("Published version %" PRId64 " of the guidelines.\n"), version);
  return TRUE;
}

/* The id of the label @name_or_id names in @project. */
static char *
resolve_label (LimnServerBackend  *backend,
               const char         *project_id,
               const char         *name_or_id,
               GError            **error)
{
  g_autoptr(LimnServerProject) project = limn_server_projects_get (backend, project_id, error);

  if (project == NULL)
    return NULL;

  for (guint i = 0; i < project->labels->len; i++)
    {
      LimnServerLabel *label = g_ptr_array_index (project->labels, i);

      if (g_str_equal (label->id, name_or_id) || g_str_equal (label->name, name_or_id))
        return g_strdup (label->id);
    }

  limn_admin_fail (error, _("The project has no label “%s”."), name_or_id);
  return NULL;
}

static gboolean
change_labels (LimnAdminArgs    *args,
               LimnLabelChange  *change,
               GError          **error)
{
  g_autoptr(LimnServerBackend) backend = limn_admin_open_backend (args, error);
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_label_change_free);
  g_autoptr(GBytes) answer = NULL;
  const char *project = limn_admin_opt (args, "project");
  const char *label = limn_admin_opt (args, "label");

  g_ptr_array_add (changes, change);
  if (backend == NULL)
    return FALSE;
  if (label != NULL)
    {
      change->id = resolve_label (backend, project, label, error);
      if (change->id == NULL)
        return FALSE;
    }

  if (!limn_server_review_set_labels (backend, NULL, NULL, NULL, project, changes,
                                      g_get_real_time (), &answer, error))
    return FALSE;

  g_print ("label_id=%s\n", change->id ? change->id : "");
  return TRUE;
}

gboolean
limn_admin_cmd_labels_add (LimnAdminArgs  *args,
                           GError        **error)
{
  static const char * const known[] = { "project", "name", "color", NULL };
  LimnLabelChange *change;
  const char *project, *name, *color = limn_admin_opt (args, "color");

  if (!limn_admin_check_options (args, known, error) ||
      !limn_admin_require (args, "project", &project, error) ||
      !limn_admin_require (args, "name", &name, error) ||
      !limn_admin_check_name (name, _("label"), error))
    return FALSE;

  change = g_new0 (LimnLabelChange, 1);
  change->name = g_strdup (name);
  change->color = g_strdup (color);
  if (!change_labels (args, change, error))
    return FALSE;

  g_printerr (_("Added the label “%s”.\n"), name);
  return TRUE;
}

gboolean
limn_admin_cmd_labels_rename (LimnAdminArgs  *args,
                              GError        **error)
{
  static const char * const known[] = { "project", "label", "name", NULL };
  LimnLabelChange *change;
  const char *project, *label, *name;

  if (!limn_admin_check_options (args, known, error) ||
      !limn_admin_require (args, "project", &project, error) ||
      !limn_admin_require (args, "label", &label, error) ||
      !limn_admin_require (args, "name", &name, error) ||
      !limn_admin_check_name (name, _("label"), error))
    return FALSE;

  change = g_new0 (LimnLabelChange, 1);
  change->name = g_strdup (name);
  if (!change_labels (args, change, error))
    return FALSE;

  g_printerr (_("Renamed the label “%s” to “%s”.\n"), label, name);
  return TRUE;
}

gboolean
limn_admin_cmd_labels_retire (LimnAdminArgs  *args,
                              GError        **error)
{
  static const char * const known[] = { "project", "label", NULL };
  LimnLabelChange *change;
  const char *project, *label;

  if (!limn_admin_check_options (args, known, error) ||
      !limn_admin_require (args, "project", &project, error) ||
      !limn_admin_require (args, "label", &label, error))
    return FALSE;

  change = g_new0 (LimnLabelChange, 1);
  change->retire = TRUE;
  if (!change_labels (args, change, error))
    return FALSE;

  g_printerr (_("Retired the label “%s”; annotations that use it keep it.\n"), label);
  return TRUE;
}

/* @json's translations with @tag set to @text (NULL: removed), as the
 * label change wants them ("" for none left). */
static char *
with_translation (const char *json,
                  const char *tag,
                  const char *text)
{
  g_autoptr(GHashTable) table = limn_translations_from_json (json, NULL);

  if (table == NULL)
    table = limn_translations_new ();
  if (text != NULL)
    g_hash_table_insert (table, g_strdup (tag), g_strdup (text));
  else
    g_hash_table_remove (table, tag);
  return g_hash_table_size (table) > 0 ? limn_translations_to_json (table) : g_strdup ("");
}

gboolean
limn_admin_cmd_labels_translate (LimnAdminArgs  *args,
                                 GError        **error)
{
  static const char * const known[] = { "project", "label", "language", "name", "description",
                                        NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  g_autoptr(LimnServerProject) project = NULL;
  const LimnServerLabel *found = NULL;
  LimnLabelChange *change;
  const char *project_id, *label, *language;
  const char *name = limn_admin_opt (args, "name");
  const char *description = limn_admin_opt (args, "description");
  gboolean remove;

  if (!limn_admin_check_options (args, known, error) ||
      !limn_admin_require (args, "project", &project_id, error) ||
      !limn_admin_require (args, "label", &label, error) ||
      !limn_admin_require (args, "language", &language, error))
    return FALSE;
  if (!limn_language_tag_is_valid (language))
    return limn_admin_fail (error, _("“%s” is not a language tag such as de, pt-BR or zh-Hans."),
                            language);
  if (name != NULL && !limn_admin_check_name (name, _("label"), error))
    return FALSE;

  /* The change carries a label's whole set: this language merged in. */
  backend = limn_admin_open_backend (args, error);
  if (backend == NULL)
    return FALSE;
  project = limn_server_projects_get (backend, project_id, error);
  if (project == NULL)
    return FALSE;
  for (guint i = 0; i < project->labels->len && found == NULL; i++)
    {
      const LimnServerLabel *l = g_ptr_array_index (project->labels, i);

      if (g_str_equal (l->id, label) || g_str_equal (l->name, label))
        found = l;
    }
  if (found == NULL)
    return limn_admin_fail (error, _("The project has no label “%s”."), label);

  /* A text not given stays; neither given removes the language. */
  remove = name == NULL && description == NULL;
  change = g_new0 (LimnLabelChange, 1);
  if (name != NULL || remove)
    change->names = with_translation (found->names, language, name);
  if (description != NULL || remove)
    change->descriptions = with_translation (found->descriptions, language, description);
  /* change_labels() opens the store again. */
  g_clear_pointer (&project, limn_server_project_free);
  g_clear_object (&backend);
  if (!change_labels (args, change, error))
    return FALSE;

  g_printerr (_("Gave the label “%s” its texts in “%s”.\n"), label, language);
  return TRUE;
}

gboolean
limn_admin_cmd_reviewer_set (LimnAdminArgs  *args,
                             GError        **error)
{
  static const char * const known[] = { "project", "user", "level", NULL };
  g_autoptr(LimnServerBackend) backend = NULL;
  const char *project, *user;
  gint64 level;

  if (!limn_admin_check_options (args, known, error) ||
      !limn_admin_require (args, "project", &project, error) ||
      !limn_admin_require (args, "user", &user, error) ||
      !limn_admin_parse_int_option (args, "level", 1, 2, &level, error))
    return FALSE;
  if (level < 0)
    return limn_admin_fail (error, _("Say which level: --level 1 or --level 2."));

  backend = limn_admin_open_backend (args, error);
  if (backend == NULL || !limn_server_review_set_level (backend, project, user, level, error))
    return FALSE;

  g_print ("level=%" PRId64 "\n", level);
  g_printerr (_("%s reviews at level %" PRId64 " in this project.\n"), user, level);
  return TRUE;
}
