/* test-label-langs.c
 *
 * Label names and descriptions per language (issue 21): the display name
 * follows the user's languages in order (de_DE → de → the default), tags
 * are checked, a project file's "names" and "descriptions" reach the
 * store and come back from a real SQLite file, and bad ones are refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "model/limn-translations.h"
#include "formats/limn-import.h"
#include "store/limn-store-import.h"
#include "sync/limn-wire-private.h"
#include "limn-test-util.h"

static LimnLabel *
make_car (void)
{
  LimnLabel *label = limn_label_new ("l-car", "Car", "#e66100", "2");

  limn_label_set_description (label, "Any road vehicle");
  limn_label_set_translation (label, "de", "Auto", "Jedes Straßenfahrzeug");
  limn_label_set_translation (label, "de-AT", "Wagen", NULL);
  limn_label_set_translation (label, "ar", "سيارة", NULL);
  return label;
}

static void
test_fallback_order (void)
{
  g_autoptr(LimnLabel) car = make_car ();
  const char * const de_de[] = { "de_DE.UTF-8", "de_DE", "de.UTF-8", "de", "C", NULL };
  const char * const de_at[] = { "de_AT.UTF-8", "de_AT", "de", "C", NULL };
  const char * const fr_de[] = { "fr_FR", "fr", "de", "C", NULL };
  const char * const ja[] = { "ja_JP.UTF-8", "ja_JP", "ja", "C", NULL };
  const char * const c[] = { "C", NULL };
  const char * const ar[] = { "ar_EG.UTF-8@latin", "ar", NULL };

  /* de_DE has no name of its own: de's, never the default. */
  g_assert_cmpstr (limn_label_get_display_name (car, de_de), ==, "Auto");
  g_assert_cmpstr (limn_label_get_display_description (car, de_de), ==, "Jedes Straßenfahrzeug");
  /* The more specific tag first, when the project has it. */
  g_assert_cmpstr (limn_label_get_display_name (car, de_at), ==, "Wagen");
  /* … but a description it lacks comes from de. */
  g_assert_cmpstr (limn_label_get_display_description (car, de_at), ==, "Jedes Straßenfahrzeug");
  /* The user's second language before the default. */
  g_assert_cmpstr (limn_label_get_display_name (car, fr_de), ==, "Auto");
  g_assert_cmpstr (limn_label_get_display_name (car, ar), ==, "سيارة");
  /* None of the user's: the default. */
  g_assert_cmpstr (limn_label_get_display_name (car, ja), ==, "Car");
  g_assert_cmpstr (limn_label_get_display_description (car, ja), ==, "Any road vehicle");
  g_assert_cmpstr (limn_label_get_display_name (car, c), ==, "Car");
  /* The identity stays the default name. */
  g_assert_cmpstr (limn_label_get_name (car), ==, "Car");

  /* Removing a translation falls back again. */
  limn_label_set_translation (car, "de", NULL, NULL);
  g_assert_cmpstr (limn_label_get_display_name (car, de_de), ==, "Car");
}

static void
test_tags (void)
{
  const char *good[] = { "de", "DE", "pt-BR", "zh-Hans", "zh-Hant-TW", "gsw", "es-419", "sl-rozaj" };
  const char *bad[] = { "", "d", "deutsch", "de_DE", "de-", "-de", "x-klingon", "de-x-a", "d3",
                        "de DE", "en-verylongvariant" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    g_assert_true (limn_language_tag_is_valid (good[i]));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (limn_language_tag_is_valid (bad[i]));
  g_assert_false (limn_language_tag_is_valid (NULL));
}

static void
test_json_round_trip (void)
{
  g_autoptr(LimnLabel) car = make_car ();
  g_autofree char *json = limn_translations_to_json (limn_label_get_names (car));
  g_autoptr(GHashTable) back = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (json, ==, "{\"ar\":\"سيارة\",\"de\":\"Auto\",\"de-AT\":\"Wagen\"}");
  back = limn_translations_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (back), ==, 3);
  g_assert_cmpstr (g_hash_table_lookup (back, "de-AT"), ==, "Wagen");

  g_clear_pointer (&back, g_hash_table_unref);
  back = limn_translations_from_json ("{\"klingon\": \"x\"}", &error);
  g_assert_null (back);
  g_assert_nonnull (error);
}

static void
test_store_round_trip (void)
{
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "limn.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnStore) store = limn_store_open (path, &error);
  g_autoptr(LimnProject) project = limn_project_new ("p1", "Streets", LIMN_PROJECT_IMAGE);
  g_autoptr(LimnLabel) car = make_car ();
  g_autoptr(LimnProject) loaded = NULL;
  LimnLabel *back;
  const char * const de[] = { "de_DE", "de", NULL };

  g_assert_no_error (error);
  limn_project_add_label (project, car);
  limn_project_set_guidelines (project, 1, "# Frames");
  g_hash_table_insert (limn_project_get_guidelines_translations (project), g_strdup ("de"),
                       g_strdup ("# Rahmen"));
  g_assert_true (limn_store_save_project (store, project, &error));
  g_assert_no_error (error);

  /* From the file, through a second connection. */
  g_clear_object (&store);
  store = limn_store_open (path, &error);
  g_assert_no_error (error);
  loaded = limn_store_load_project (store, "p1", &error);
  g_assert_no_error (error);
  back = limn_project_lookup_label_by_name (loaded, "Car");
  g_assert_nonnull (back);
  g_assert_cmpstr (limn_label_get_display_name (back, de), ==, "Auto");
  g_assert_cmpstr (limn_label_get_display_description (back, de), ==, "Jedes Straßenfahrzeug");
  g_assert_cmpuint (g_hash_table_size (limn_label_get_names (back)), ==, 3);
  g_assert_cmpstr (limn_project_get_display_guidelines (loaded, de), ==, "# Rahmen");

  g_clear_object (&store);
  limn_test_rm_rf (dir);
}

static char *
write_project (const char *dir,
               const char *labels)
{
  g_autofree char *json = g_strdup_printf ("{\"format\": \"limn-project\", \"version\": 1, "
                                           "\"name\": \"Streets\", \"labels\": [%s], "
                                           "\"guidelines\": \"# Box cars\", "
                                           "\"guidelines_translations\": {\"de\": \"# Autos einrahmen\"}, "
                                           "\"tasks\": [{\"text\": \"Ada drove a car.\"}]}",
                                           labels);
  char *path = g_build_filename (dir, "project.json", NULL);

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  return path;
}

static void
test_project_file (void)
{
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *db = g_build_filename (dir, "limn.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnStore) store = limn_store_open (db, &error);
  g_autoptr(LimnProject) project = NULL;
  g_autoptr(LimnProject) loaded = NULL;
  g_autofree char *path = NULL;
  const char * const de[] = { "de_DE", "de", NULL };
  static const char * const bad[] = {
    "{\"name\": \"Car\", \"names\": {\"deutsch\": \"Auto\"}}",
    "{\"name\": \"Car\", \"names\": {\"de\": \"\"}}",
    "{\"name\": \"Car\", \"names\": {\"de\": 5}}",
    "{\"name\": \"Car\", \"names\": [\"Auto\"]}",
    "{\"name\": \"Car\", \"descriptions\": {\"x-y\": \"z\"}}",
  };

  g_assert_no_error (error);
  path = write_project (dir, "{\"name\": \"Car\", \"description\": \"Any road vehicle\", "
                        "\"names\": {\"de\": \"Auto\", \"ar\": \"سيارة\"}, "
                        "\"descriptions\": {\"de\": \"Jedes Straßenfahrzeug\"}}");
  project = limn_store_import_source (store, LIMN_IMPORT_PROJECT_FILE, path, NULL, NULL, &error);
  g_assert_no_error (error);
  loaded = limn_store_load_project (store, limn_project_get_id (project), &error);
  g_assert_no_error (error);
  /* The default stays the label's name (exports, sync, suggestions). */
  g_assert_nonnull (limn_project_lookup_label_by_name (loaded, "Car"));
  g_assert_cmpstr (limn_label_get_display_name (limn_project_lookup_label_by_name (loaded, "Car"), de),
                   ==, "Auto");
  g_assert_cmpstr (limn_label_get_display_description (limn_project_lookup_label_by_name (loaded, "Car"),
                                                       de),
                   ==, "Jedes Straßenfahrzeug");
  /* The guidelines too, from the file; the default stays the text. */
  g_assert_cmpstr (limn_project_get_guidelines (loaded), ==, "# Box cars");
  g_assert_cmpstr (limn_project_get_display_guidelines (loaded, de), ==, "# Autos einrahmen");
  g_assert_cmpstr (limn_project_get_display_guidelines (loaded, (const char *[]) { "ja", NULL }),
                   ==, "# Box cars");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *p = write_project (dir, bad[i]);
      g_autoptr(LimnProject) refused = NULL;
      int code = i == 3 ? LIMN_IMPORT_ERROR_FORMAT : LIMN_IMPORT_ERROR_INVALID;

      g_clear_error (&error);
      refused = limn_store_import_source (store, LIMN_IMPORT_PROJECT_FILE, p, NULL, NULL, &error);
      g_assert_null (refused);
      g_assert_error (error, LIMN_IMPORT_ERROR, code);
    }

  g_clear_object (&store);
  limn_test_rm_rf (dir);
}

/* Labels as limn-server sends them: "names" and "descriptions" per
 * language become the label's translations, so the user's language shows
 * and anything else falls back to the default; a bad set refuses the
 * answer. */
static void
test_wire_labels (void)
{
  const char *json =
    "[{\"id\": \"0b6f2f0e-8d4c-4f0e-9a55-5d3c5b2a0c11\", \"name\": \"Car\", \"color\": \"#e66100\","
    "  \"hotkey\": \"2\", \"description\": \"Any road vehicle\", \"retired\": false,"
    "  \"names\": {\"de\": \"Auto\", \"ja\": \"車\"},"
    "  \"descriptions\": {\"de\": \"Jedes Straßenfahrzeug\"}},"
    " {\"id\": \"5d7b6a3e-2f1c-4e8d-b0a9-3c2e1f0d9b88\", \"name\": \"Person\", \"color\": \"#3584e4\","
    "  \"hotkey\": null, \"description\": \"\", \"retired\": false}]";
  const char * const de_at[] = { "de_AT.UTF-8", "de_AT", "de", "C", NULL };
  const char * const ja[] = { "ja_JP.UTF-8", "ja_JP", "ja", "C", NULL };
  const char * const ar[] = { "ar_EG.UTF-8", "ar_EG", "ar", "C", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);
  g_autoptr(GPtrArray) labels = NULL;
  LimnLabel *car, *person;

  g_assert_no_error (error);
  labels = limn_wire_parse_labels (json_node_get_array (node), "labels", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (labels->len, ==, 2);
  car = g_ptr_array_index (labels, 0);
  person = g_ptr_array_index (labels, 1);

  g_assert_cmpstr (limn_label_get_display_name (car, de_at), ==, "Auto");
  g_assert_cmpstr (limn_label_get_display_description (car, de_at), ==, "Jedes Straßenfahrzeug");
  g_assert_cmpstr (limn_label_get_display_name (car, ja), ==, "車");
  /* No Japanese description: the default. */
  g_assert_cmpstr (limn_label_get_display_description (car, ja), ==, "Any road vehicle");
  g_assert_cmpstr (limn_label_get_display_name (car, ar), ==, "Car");
  g_assert_cmpstr (limn_label_get_display_name (person, de_at), ==, "Person");
  g_assert_cmpuint (g_hash_table_size (limn_label_get_names (person)), ==, 0);

  {
    const char *bad[] = { "{\"deutsch\": \"Auto\"}", "{\"de\": \"\"}", "{\"de\": 1}", "\"Auto\"" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *b = g_strdup_printf ("[{\"id\": \"0b6f2f0e-8d4c-4f0e-9a55-5d3c5b2a0c11\", "
                                              "\"name\": \"Car\", \"color\": \"#e66100\", "
                                              "\"names\": %s}]", bad[i]);
        g_autoptr(JsonNode) n = json_from_string (b, NULL);
        g_autoptr(GError) e = NULL;
        g_autoptr(GPtrArray) refused = limn_wire_parse_labels (json_node_get_array (n), "labels", &e);

        g_assert_null (refused);
        g_assert_nonnull (e);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/label-langs/fallback-order", test_fallback_order);
  g_test_add_func ("/label-langs/tags", test_tags);
  g_test_add_func ("/label-langs/json-round-trip", test_json_round_trip);
  g_test_add_func ("/label-langs/store-round-trip", test_store_round_trip);
  g_test_add_func ("/label-langs/project-file", test_project_file);
  g_test_add_func ("/label-langs/wire", test_wire_labels);

  return g_test_run ();
}
