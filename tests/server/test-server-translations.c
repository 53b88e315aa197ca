/* test-server-translations.c
 *
 * A project's texts per language (issue 21) against a real limn-server:
 * label names and descriptions, and guideline versions, stored, sent to
 * every member in the changes and in the project, refused when a tag or
 * text is bad, and set by the admin commands.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "limn-server-test.h"

typedef struct
{
  LimnTestServer *server;
  char           *project;     /* image project */
  char           *person;      /* its label ids */
  char           *car;
  char           *ann;         /* an annotator */
  char           *admin;       /* server-wide */
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->server = limn_test_server_new ();
  f->project = limn_test_server_add_image_project (f->server, "Street scenes", 1);
  f->person = limn_test_server_label_id (f->server, f->project, 0);
  f->car = limn_test_server_label_id (f->server, f->project, 1);
  f->ann = limn_test_server_add_token (f->server, "ann1", f->project, "annotator", NULL);
  f->admin = limn_test_server_add_token (f->server, "boss", NULL, "admin", NULL);
  limn_test_server_start (f->server, NULL, NULL);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_pointer (&f->server, limn_test_server_free);
  g_free (f->project);
  g_free (f->person);
  g_free (f->car);
  g_free (f->ann);
  g_free (f->admin);
}

static char *
path_of (const char *project,
         const char *tail)
{
  return g_strdup_printf ("/api/v1/projects/%s%s", project, tail);
}

/* The data of the last change of @kind in @token's feed, a new reference. */
static JsonObject *
last_change (Fixture    *f,
             const char *token,
             const char *kind,
             guint      *count)
{
  g_auto(LimnTestResponse) r = { 0 };
  JsonArray *changes;
  JsonObject *found = NULL;

  limn_test_request (f->server, "GET", "/api/v1/changes?since=0", token, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  changes = json_object_get_array_member (limn_test_response_object (&r), "changes");
  *count = 0;
  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *c = json_array_get_object_element (changes, i);

      if (g_str_equal (json_object_get_string_member (c, "kind"), kind))
        {
          found = json_object_get_object_member (c, "data");
          (*count)++;
        }
    }
  return found ? json_object_ref (found) : NULL;
}

/* The label object of @id in a "labels" array. */
static JsonObject *
label_in (JsonArray  *labels,
          const char *id)
{
  for (guint i = 0; i < json_array_get_length (labels); i++)
    {
      JsonObject *l = json_array_get_object_element (labels, i);

      if (g_str_equal (json_object_get_string_member (l, "id"), id))
        return l;
    }
  g_assert_not_reached ();
}

static const char *
translation_of (JsonObject *label,
                const char *member,
                const char *tag)
{
  JsonObject *texts;

  if (!json_object_has_member (label, member))
    return NULL;
  texts = json_object_get_object_member (label, member);
  return json_object_has_member (texts, tag) ? json_object_get_string_member (texts, tag) : NULL;
}

/* Label names and descriptions per language (issue 21): stored, in the
 * labels change to every member and in the project, refused when the tag
 * or text is bad, and set one language at a time by the admin command. */
static void
test_label_translations (Fixture       *f,
                         gconstpointer  data)
{
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *l = path_of (f->project, "/labels");
  g_autofree char *p = path_of (f->project, "");
  g_autofree char *body = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) change = NULL;
  JsonObject *car;
  guint n;

  body = g_strdup_printf ("{\"labels\": [{\"id\": \"%s\", "
                          "\"names\": {\"de\": \"Auto\", \"ja\": \"車\"}, "
                          "\"descriptions\": {\"de\": \"Jedes Straßenfahrzeug\"}}]}", f->car);
  limn_test_request (f->server, "PUT", l, f->admin, body, &r,
                     "Idempotency-Key", "labels-lang-0001", NULL);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT count(*) FROM labels WHERE "
                                       "names LIKE '%Auto%' AND descriptions LIKE '%Stra%'"), ==, 1);

  change = last_change (f, f->ann, "labels", &n);
  g_assert_cmpuint (n, ==, 1);
  car = label_in (json_object_get_array_member (change, "labels"), f->car);
  g_assert_cmpstr (json_object_get_string_member (car, "name"), ==, "Car");
  g_assert_cmpstr (translation_of (car, "names", "de"), ==, "Auto");
  g_assert_cmpstr (translation_of (car, "names", "ja"), ==, "車");
  g_assert_cmpstr (translation_of (car, "descriptions", "de"), ==, "Jedes Straßenfahrzeug");
  /* A label without translations sends none: the same object as before. */
  g_assert_false (json_object_has_member (label_in (json_object_get_array_member (change, "labels"),
                                                    f->person), "names"));

  /* The project as a member fetches it. */
  limn_test_response_clear (&r);
  limn_test_request (f->server, "GET", p, f->ann, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  car = label_in (json_object_get_array_member (limn_test_response_object (&r), "labels"), f->car);
  g_assert_cmpstr (translation_of (car, "names", "ja"), ==, "車");

  /* Not a language tag; a blank text: refused, nothing changed. */
  {
    const char *bad[] = { "{\"deutsch\": \"Auto\"}", "{\"de\": \"  \"}", "{\"de\": 3}",
                          "[\"de\"]" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *b = g_strdup_printf ("{\"labels\": [{\"id\": \"%s\", \"names\": %s}]}",
                                              f->car, bad[i]);
        g_autofree char *key = g_strdup_printf ("labels-lang-bad-%u", i);

        limn_test_response_clear (&r);
        limn_test_request (f->server, "PUT", l, f->admin, b, &r, "Idempotency-Key", key, NULL);
        g_assert_cmpuint (r.status, ==, 400);
      }
  }

  /* One language at a time from the command line; without texts the
   * language goes. */
  out = limn_test_server_admin (f->server, "labels", "translate", "--project", f->project,
                                "--label", "Car", "--language", "fr", "--name", "Voiture", NULL);
  g_free (out);
  out = limn_test_server_admin (f->server, "labels", "translate", "--project", f->project,
                                "--label", "Car", "--language", "ja", NULL);
  g_clear_pointer (&change, json_object_unref);
  change = last_change (f, f->ann, "labels", &n);
  g_assert_cmpuint (n, ==, 3);
  car = label_in (json_object_get_array_member (change, "labels"), f->car);
  g_assert_cmpstr (translation_of (car, "names", "fr"), ==, "Voiture");
  g_assert_cmpstr (translation_of (car, "names", "de"), ==, "Auto");
  g_assert_null (translation_of (car, "names", "ja"));
  g_assert_cmpstr (translation_of (car, "descriptions", "de"), ==, "Jedes Straßenfahrzeug");
}

/* Guidelines per language (issue 21): a version published with
 * translations (API "translations", admin --translations TAG=FILE) is
 * stored with them, sent to every member in the guidelines change and in
 * the project; a bad set is refused; a version without them sends none. */
static void
test_guideline_translations (Fixture       *f,
                             gconstpointer  data)
{
  g_auto(LimnTestResponse) r = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *g = path_of (f->project, "/guidelines");
  g_autofree char *p = path_of (f->project, "");
  g_autofree char *dir = g_build_filename (limn_test_server_get_data_dir (f->server), "..", NULL);
  g_autofree char *version = NULL;
  g_autofree char *en = g_build_filename (dir, "en.md", NULL);
  g_autofree char *de = g_build_filename (dir, "de.md", NULL);
  g_autofree char *ar = g_build_filename (dir, "ar.md", NULL);
  g_autofree char *opt = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) change = NULL;
  JsonObject *guidelines;
  guint n;

  limn_test_request (f->server, "POST", g, f->admin,
                     "{\"body\": \"# Rules\\nBox every car.\", \"summary\": \"Cars\", "
                     "\"translations\": {\"de\": \"# Regeln\\nJedes Auto einrahmen.\", "
                     "\"ja\": \"# 規則\"}}",
                     &r, "Idempotency-Key", "guidelines-lang-1", NULL);
  g_assert_cmpuint (r.status, ==, 200);
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT count(*) FROM guidelines WHERE "
                                       "translations LIKE '%Regeln%'"), ==, 1);
  change = last_change (f, f->ann, "guidelines", &n);
  g_assert_cmpstr (json_object_get_string_member (change, "body"), ==, "# Rules\nBox every car.");
  g_assert_cmpstr (translation_of (change, "translations", "de"), ==, "# Regeln\nJedes Auto einrahmen.");
  g_assert_cmpstr (translation_of (change, "translations", "ja"), ==, "# 規則");

  limn_test_response_clear (&r);
  limn_test_request (f->server, "GET", p, f->ann, NULL, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  guidelines = json_object_get_object_member (limn_test_response_object (&r), "guidelines");
  g_assert_cmpstr (translation_of (guidelines, "translations", "de"), ==, "# Regeln\nJedes Auto einrahmen.");

  /* Bad sets: refused, nothing published. */
  {
    const char *bad[] = { "{\"deutsch\": \"x\"}", "{\"de\": \" \"}", "[\"de\"]" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autofree char *b = g_strdup_printf ("{\"body\": \"x\", \"translations\": %s}", bad[i]);
        g_autofree char *key = g_strdup_printf ("guidelines-lang-bad-%u", i);

        limn_test_response_clear (&r);
        limn_test_request (f->server, "POST", g, f->admin, b, &r, "Idempotency-Key", key, NULL);
        g_assert_cmpuint (r.status, ==, 400);
      }
  }

  /* From the command line: a new version with Arabic only. */
  g_file_set_contents (en, "# Guide\n", -1, &error);
  g_file_set_contents (de, "# Leitfaden\n", -1, &error);
  g_file_set_contents (ar, "# دليل\n", -1, &error);
  g_assert_no_error (error);
  opt = g_strdup_printf ("ar=%s,de=%s", ar, de);
  out = limn_test_server_admin (f->server, "guidelines", "publish", "--project", f->project,
                                "--file", en, "--translations", opt, NULL);
  version = limn_test_kv (out, "version");
  g_assert_nonnull (version);
  g_clear_pointer (&change, json_object_unref);
  change = last_change (f, f->ann, "guidelines", &n);
  g_assert_cmpstr (translation_of (change, "translations", "ar"), ==, "# دليل\n");
  g_assert_cmpstr (translation_of (change, "translations", "de"), ==, "# Leitfaden\n");
  g_assert_null (translation_of (change, "translations", "ja"));

  /* Without translations: none sent (older clients see the same object). */
  g_free (out);
  out = limn_test_server_admin (f->server, "guidelines", "publish", "--project", f->project,
                                "--file", en, NULL);
  g_clear_pointer (&change, json_object_unref);
  change = last_change (f, f->ann, "guidelines", &n);
  g_assert_false (json_object_has_member (change, "translations"));
  g_unlink (en);
  g_unlink (de);
  g_unlink (ar);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/server-translations/labels", Fixture, NULL, setup, test_label_translations, teardown);
  g_test_add ("/server-translations/guidelines", Fixture, NULL, setup, test_guideline_translations,
              teardown);

  return g_test_run ();
}
