/* test-server-datasets.c
 *
 * Dataset versions, export and import through the real `limn-server
 * admin` binary on real server databases (docs/server-guide.md,
 * "Datasets, import and export"): versions made, listed and shown; an
 * export written twice is the same bytes and its manifest's checksums
 * are the files'; later work leaves a version as it was; majority vote
 * and Dawid–Skene choose differently where they should; pseudonyms by
 * default, user ids with --names; ../shared/data/labelme-voc imported
 * (from a copy) and exported as VOC gives the VOC files' boxes; a
 * malformed file imports nothing; unknown labels added or skipped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/limn-format.h"
#include "limn-server-test.h"
#include "limn-test-util.h"

typedef struct
{
  LimnTestServer *server;
  char           *work;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->server = limn_test_server_new ();
  f->work = limn_test_mkdtemp ();
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_pointer (&f->server, limn_test_server_free);
  limn_test_rm_rf (f->work);
  g_free (f->work);
}

static char *
work_path (Fixture    *f,
           const char *name)
{
  return g_build_filename (f->work, name, NULL);
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

/* parse_object() of a string it then frees: an admin command's stdout. */
static JsonObject *
parse_owned (char *text)
{
  g_autofree char *owned = text;

  return parse_object (owned);
}

/* Runs an admin command that must succeed; its stdout as a JSON object. */
#define admin_json(f, ...) \
  parse_owned (limn_test_server_admin ((f)->server, __VA_ARGS__, NULL))

/* Every table's count and the media files: what a failed command must
 * leave as it was. */
static char *
snapshot (Fixture *f)
{
  g_autoptr(GHashTable) counts = limn_test_server_inspect (f->server, NULL, NULL);
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (counts), (GCompareFunc)strcmp);
  g_autofree char *media = g_build_filename (limn_test_server_get_data_dir (f->server), "media",
                                             NULL);
  g_autoptr(GString) out = g_string_new (NULL);

  for (GList *l = keys; l != NULL; l = l->next)
    g_string_append_printf (out, "%s=%s ", (char *)l->data,
                            (char *)g_hash_table_lookup (counts, l->data));
  g_string_append_printf (out, "media-dir=%d",
                          g_file_test (media, G_FILE_TEST_IS_DIR) ? 1 : 0);
  {
    g_autoptr(GDir) d = g_dir_open (media, 0, NULL);
    guint n = 0;

    while (d != NULL && g_dir_read_name (d) != NULL)
      n++;
    g_string_append_printf (out, " media-entries=%u", n);
  }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Work through the API */

static GPtrArray *
claim (Fixture    *f,
       const char *project,
       const char *token,
       guint       count)
{
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/claims", project);
  g_autofree char *body = g_strdup_printf ("{\"count\": %u}", count);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  JsonArray *a;

  limn_test_request (f->server, "POST", path, token, body, &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  a = json_object_get_array_member (limn_test_response_object (&r), "assignments");
  for (guint i = 0; i < json_array_get_length (a); i++)
    g_ptr_array_add (ids, g_strdup (json_object_get_string_member (
      json_object_get_object_member (json_array_get_object_element (a, i), "task"), "id")));
  return ids;
}

static void
post (Fixture    *f,
      const char *token,
      const char *item)
{
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *key = g_uuid_string_random ();
  g_autofree char *body = g_strdup_printf ("{\"items\": [%s]}", item);
  JsonObject *first;

  limn_test_request (f->server, "POST", "/api/v1/batches", token, body, &r,
                     "Idempotency-Key", key, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  first = json_array_get_object_element (
    json_object_get_array_member (limn_test_response_object (&r), "results"), 0);
  if (json_object_has_member (first, "reason"))
    g_test_message ("reason: %s", json_object_get_string_member (first, "reason"));
  g_assert_cmpstr (json_object_get_string_member (first, "status"), ==, "applied");
}

/* Submits one box of @label at @x (revision @revision after @parent);
 * returns the annotation's id. @confidence < 0: none given. */
static char *
submit (Fixture    *f,
        const char *token,
        const char *task_id,
        const char *label,
        guint       x,
        double      confidence,
        gint64      revision,
        const char *parent)
{
  char *id = g_uuid_string_random ();
  g_autofree char *region = g_uuid_string_random ();
  g_autofree char *conf = confidence >= 0 ? g_strdup_printf (", \"confidence\": %.2f", confidence)
                                          : g_strdup ("");
  g_autofree char *parent_json = parent ? g_strdup_printf ("\"%s\"", parent) : g_strdup ("null");
  g_autofree char *item = g_strdup_printf (
    "{\"kind\": \"annotation\", \"id\": \"%s\", \"task_id\": \"%s\", \"revision\": %"
    G_GINT64_FORMAT ", \"parent_id\": %s%s, \"regions\": [{\"id\": \"%s\", \"kind\": \"box\", "
    "\"label\": \"%s\", \"box\": [%u, 10, 40, 30]}]}",
    id, task_id, revision, parent_json, conf, region, label, x);

  post (f, token, item);
  return id;
}

/* submit()'s first revision, made under guideline @version. */
static void
submit_under (Fixture    *f,
              const char *token,
              const char *task_id,
              const char *label,
              guint       x,
              gint64      version)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *region = g_uuid_string_random ();
  g_autofree char *item = g_strdup_printf (
    "{\"kind\": \"annotation\", \"id\": \"%s\", \"task_id\": \"%s\", \"revision\": 1, "
    "\"guideline_version\": %" G_GINT64_FORMAT ", \"regions\": [{\"id\": \"%s\", "
    "\"kind\": \"box\", \"label\": \"%s\", \"box\": [%u, 10, 40, 30]}]}",
    id, task_id, version, region, label, x);

  post (f, token, item);
}

/* The reviewer accepts the review item of @task_id. */
static void
accept (Fixture    *f,
        const char *project,
        const char *token,
        const char *task_id,
        const char *annotation_id)
{
  g_auto(LimnTestResponse) r = { 0 };
  g_autofree char *path = g_strdup_printf ("/api/v1/projects/%s/review/claims", project);
  g_autofree char *id = g_uuid_string_random ();
  JsonArray *items;
  const char *item_id = NULL;
  g_autofree char *verdict = NULL;

  limn_test_request (f->server, "POST", path, token, "{\"count\": 10}", &r, NULL);
  g_assert_cmpuint (r.status, ==, 200);
  items = json_object_get_array_member (limn_test_response_object (&r), "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *o = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (json_object_get_object_member (o, "task"),
                                                      "id"), task_id))
        item_id = json_object_get_string_member (o, "item_id");
    }
  g_assert_nonnull (item_id);
  verdict = g_strdup_printf ("{\"kind\": \"review\", \"id\": \"%s\", \"item_id\": \"%s\", "
                             "\"annotation_id\": \"%s\", \"verdict\": \"accept\", "
                             "\"active_ms\": 3000}", id, item_id, annotation_id);
  post (f, token, verdict);
}

/* The files of an export manifest match the files on disk. */
static void
assert_manifest_matches (const char *dir,
                         JsonObject *manifest)
{
  JsonArray *files = json_object_get_array_member (manifest, "files");

  g_assert_cmpuint (json_array_get_length (files), >, 0);
  for (guint i = 0; i < json_array_get_length (files); i++)
    {
      JsonObject *file = json_array_get_object_element (files, i);
      g_autofree char *path = g_build_filename (dir, json_object_get_string_member (file, "path"),
                                                NULL);
      g_autofree char *contents = NULL;
      g_autofree char *sha = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, length);
      g_assert_cmpstr (sha, ==, json_object_get_string_member (file, "sha256"));
      g_assert_cmpint (length, ==, json_object_get_int_member (file, "size"));
    }
}

static const char *
snapshot_sha (JsonObject *version)
{
  return json_object_get_string_member (
    json_array_get_object_element (json_object_get_array_member (version, "files"), 0), "sha256");
}

static char *
user_id (Fixture    *f,
         const char *name)
{
  /* No command prints a user's id beside its name. */
  return limn_test_db_text (f->server, "SELECT id FROM users WHERE name = ?", name);
}

/* create → list → show; export twice gives the same bytes; later work
 * leaves version 1 as it was; pseudonyms unless --names. */
static void
test_versions (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *project = limn_test_server_add_image_project (f->server, "Streets", 2);
  GPtrArray *tasks = limn_test_server_get_task_ids (f->server, project);
  g_autofree char *person = limn_test_server_label_id (f->server, project, 0);
  g_autofree char *car = limn_test_server_label_id (f->server, project, 1);
  g_autofree char *ann = limn_test_server_add_token (f->server, "ann1", project, "annotator", NULL);
  g_autofree char *rita = limn_test_server_add_token (f->server, "rita", project, "reviewer", NULL);
  g_autofree char *ann_id = user_id (f, "ann1");
  g_autofree char *rita_id = user_id (f, "rita");
  g_autoptr(GPtrArray) got = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(JsonObject) v1 = NULL;
  g_autoptr(JsonObject) v2 = NULL;
  g_autoptr(JsonObject) list = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_autofree char *v1_text = NULL;
  g_autofree char *shown_text = NULL;
  const char *t0 = g_ptr_array_index (tasks, 0);
  const char *t1 = g_ptr_array_index (tasks, 1);

  limn_test_server_start (f->server, NULL, NULL);
  got = claim (f, project, ann, 2);
  g_assert_cmpuint (got->len, ==, 2);
  /* Confidence 0.3 puts both in review; only the first is accepted. */
  first = submit (f, ann, t0, person, 5, 0.3, 1, NULL);
  second = submit (f, ann, t1, car, 7, 0.3, 1, NULL);
  accept (f, project, rita, t0, first);
  limn_test_server_stop (f->server);

  v1_text = limn_test_server_admin (f->server, "dataset", "create", "--project", project,
                                    "--note", "first cut", NULL);
  v1 = parse_object (v1_text);
  g_assert_cmpint (json_object_get_int_member (v1, "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (v1, "from"), ==, "accepted");
  g_assert_cmpint (json_object_get_int_member (v1, "items"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (v1, "regions"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (v1, "note"), ==, "first cut");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (v1, "labels")), ==, 2);
  g_assert_nonnull (json_object_get_string_member (v1, "created_by"));

  v2 = admin_json (f, "dataset", "create", "--project", project, "--from", "majority");
  g_assert_cmpint (json_object_get_int_member (v2, "version"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (v2, "regions"), ==, 2);

  list = admin_json (f, "dataset", "list", "--project", project);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (list, "versions")), ==, 2);
  shown_text = limn_test_server_admin (f->server, "dataset", "show", "--project", project,
                                       "--version", "1", NULL);
  g_assert_cmpstr (shown_text, ==, v1_text);

  /* Export twice, to two folders: the same bytes, manifests included. */
  {
    g_autofree char *a = work_path (f, "a/v1.json");
    g_autofree char *b = work_path (f, "b/v1.json");
    g_autofree char *a_dir = work_path (f, "a");
    g_autofree char *named = work_path (f, "named.json");
    g_autofree char *a_manifest = g_strconcat (a, ".manifest.json", NULL);
    g_autofree char *b_manifest = g_strconcat (b, ".manifest.json", NULL);
    g_autofree char *out = limn_test_server_admin (f->server, "export", "--project", project,
                                                   "--version", "1", "--format", "coco",
                                                   "--output", a, NULL);
    g_autofree char *out2 = limn_test_server_admin (f->server, "export", "--project", project,
                                                    "--version", "1", "--format", "coco",
                                                    "--output", b, NULL);
    g_autofree char *a_bytes = read_file (a);
    g_autofree char *b_bytes = read_file (b);
    g_autofree char *a_m = read_file (a_manifest);
    g_autofree char *b_m = read_file (b_manifest);
    g_autoptr(JsonObject) manifest = parse_object (a_m);
    g_autofree char *named_out = NULL;
    g_autofree char *named_bytes = NULL;

    g_assert_cmpstr (a_bytes, ==, b_bytes);
    g_assert_cmpstr (a_m, ==, b_m);
    g_assert_cmpstr (out, ==, out2);
    assert_manifest_matches (a_dir, manifest);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (manifest, "dataset"),
                                                 "version"), ==, 1);

    /* Pseudonyms by default: neither user's id is in the file. */
    g_assert_null (strstr (a_bytes, ann_id));
    g_assert_null (strstr (a_bytes, rita_id));
    g_assert_nonnull (strstr (a_bytes, "\"a-"));
    named_out = limn_test_server_admin (f->server, "export", "--project", project, "--version", "1",
                                        "--format", "coco", "--output", named, "--names", NULL);
    named_bytes = read_file (named);
    g_assert_nonnull (strstr (named_bytes, ann_id));
    g_assert_nonnull (strstr (named_bytes, rita_id));
    g_assert_null (strstr (named_bytes, "\"a-"));

    /* Later work: a new revision of the second task. */
    limn_test_server_start (f->server, NULL, NULL);
    g_free (submit (f, ann, t1, person, 30, -1, 2, second));
    limn_test_server_stop (f->server);

    {
      g_autofree char *c = work_path (f, "c/v1.json");
      g_autofree char *c_manifest = g_strconcat (c, ".manifest.json", NULL);
      g_autofree char *out3 = limn_test_server_admin (f->server, "export", "--project", project,
                                                      "--version", "1", "--format", "coco",
                                                      "--output", c, NULL);
      g_autofree char *c_bytes = read_file (c);
      g_autofree char *c_m = read_file (c_manifest);
      g_autoptr(JsonObject) v3 = NULL;

      g_assert_cmpstr (c_bytes, ==, a_bytes);
      g_assert_cmpstr (c_m, ==, a_m);
      /* A new version sees the new work. */
      v3 = admin_json (f, "dataset", "create", "--project", project, "--from", "majority");
      g_assert_cmpint (json_object_get_int_member (v3, "version"), ==, 3);
      g_assert_cmpint (json_object_get_int_member (v3, "regions"), ==, 2);
      g_assert_cmpstr (snapshot_sha (v3), !=, snapshot_sha (v2));
    }

    /* Refused, nothing written: an output that exists, a version or a
     * format that does not. */
    {
      g_autofree char *before = snapshot (f);
      g_autofree char *err = NULL;
      g_autofree char *missing = work_path (f, "d/none.json");
      g_autofree char *after = NULL;

      g_assert_cmpint (limn_test_server_admin_run (f->server, NULL, &err, "export", "--project",
                                                   project, "--version", "1", "--format", "coco",
                                                   "--output", a, NULL), ==, 1);
      g_assert_nonnull (strstr (err, "exists"));
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (limn_test_server_admin_run (f->server, NULL, &err, "export", "--project",
                                                   project, "--version", "9", "--format", "coco",
                                                   "--output", missing, NULL), ==, 1);
      g_assert_nonnull (strstr (err, "no dataset version 9"));
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (limn_test_server_admin_run (f->server, NULL, &err, "export", "--project",
                                                   project, "--version", "1", "--format", "tiff",
                                                   "--output", missing, NULL), ==, 1);
      g_assert_nonnull (strstr (err, "Unknown format"));
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (limn_test_server_admin_run (f->server, NULL, &err, "dataset", "create",
                                                   "--project", project, "--from", "vote", NULL),
                       ==, 1);
      g_assert_nonnull (strstr (err, "--from"));
      g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
      after = snapshot (f);
      g_assert_cmpstr (before, ==, after);
    }
  }
}

/* The label of the one region of @file_name in a COCO file. */
static char *
coco_label (const char *path,
            const char *file_name)
{
  g_autofree char *text = read_file (path);
  g_autoptr(JsonObject) coco = parse_object (text);
  JsonArray *images = json_object_get_array_member (coco, "images");
  JsonArray *annotations = json_object_get_array_member (coco, "annotations");
  JsonArray *categories = json_object_get_array_member (coco, "categories");
  gint64 image = -1, category = -1;

  for (guint i = 0; i < json_array_get_length (images); i++)
    {
      JsonObject *o = json_array_get_object_element (images, i);

      if (g_str_equal (json_object_get_string_member (o, "file_name"), file_name))
        image = json_object_get_int_member (o, "id");
    }
  for (guint i = 0; i < json_array_get_length (annotations); i++)
    {
      JsonObject *o = json_array_get_object_element (annotations, i);

      if (json_object_get_int_member (o, "image_id") == image)
        {
          g_assert_cmpint (category, ==, -1);
          category = json_object_get_int_member (o, "category_id");
        }
    }
  for (guint i = 0; i < json_array_get_length (categories); i++)
    {
      JsonObject *o = json_array_get_object_element (categories, i);

      if (json_object_get_int_member (o, "id") == category)
        return g_strdup (json_object_get_string_member (o, "name"));
    }
  return NULL;
}

/* Three annotators on seven images. On six, A and B agree and C says the
 * other label: C always swaps them. On the seventh A says Person, B and
 * C Car: two votes to one for Car, but C's Car means Person to
 * Dawid–Skene, and A, never wrong, agrees. On an eighth their boxes are
 * apart: nothing kept, and no consensus annotation (not even an empty
 * one), as in the app's export. They worked under guideline versions 1, 3
 * and 2: every consensus region says 3, as in the app's export. */
static void
test_consensus (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *project = limn_test_server_add_image_project (f->server, "Crowd", 8);
  GPtrArray *tasks = limn_test_server_get_task_ids (f->server, project);
  g_autofree char *person = limn_test_server_label_id (f->server, project, 0);
  g_autofree char *car = limn_test_server_label_id (f->server, project, 1);
  g_autofree char *titles = NULL;
  char *tokens[3];
  const char *plan[7][3];
  g_autoptr(JsonObject) mv = NULL;
  g_autoptr(JsonObject) ds = NULL;
  g_autofree char *out = limn_test_server_admin (f->server, "project", "set", "--project", project,
                                                 "--overlap", "3", NULL);

  for (guint t = 0; t < 7; t++)
    {
      const char *truth = t < 3 ? person : car;
      const char *other = t < 3 ? car : person;

      plan[t][0] = t == 6 ? person : truth;
      plan[t][1] = t == 6 ? car : truth;
      plan[t][2] = t == 6 ? car : other;
    }

  for (guint k = 0; k < 3; k++)
    {
      g_autofree char *name = g_strdup_printf ("crowd%u", k + 1);

      tokens[k] = limn_test_server_add_token (f->server, name, project, "annotator", NULL);
    }

  limn_test_server_start (f->server, NULL, NULL);
  for (guint k = 0; k < 3; k++)
    {
      const gint64 versions[] = { 1, 3, 2 };
      g_autoptr(GPtrArray) got = claim (f, project, tokens[k], 8);

      g_assert_cmpuint (got->len, ==, 8);
      for (guint t = 0; t < 7; t++)
        /* Boxes a pixel apart: one object at any sensible IoU. */
        submit_under (f, tokens[k], g_ptr_array_index (tasks, t), plan[t][k], 10 + k,
                      versions[k]);
      /* 30 pixels apart: IoU 1/7 at most. */
      submit_under (f, tokens[k], g_ptr_array_index (tasks, 7), person, 30 * k, versions[k]);
    }
  limn_test_server_stop (f->server);

  mv = admin_json (f, "dataset", "create", "--project", project, "--from", "majority",
                   "--min-iou", "0.8");
  ds = admin_json (f, "dataset", "create", "--project", project, "--from", "dawid-skene",
                   "--min-iou", "0.8");
  g_assert_cmpint (json_object_get_int_member (mv, "regions"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (ds, "regions"), ==, 7);
  g_assert_cmpfloat (json_object_get_double_member (ds, "min_iou"), ==, 0.8);

  {
    g_autofree char *a = work_path (f, "mv.json");
    g_autofree char *b = work_path (f, "ds.json");
    g_autofree char *o1 = limn_test_server_admin (f->server, "export", "--project", project,
                                                  "--version", "1", "--format", "coco",
                                                  "--output", a, NULL);
    g_autofree char *o2 = limn_test_server_admin (f->server, "export", "--project", project,
                                                  "--version", "2", "--format", "coco",
                                                  "--output", b, NULL);
    g_autofree char *mv6 = coco_label (a, "img-006.png");
    g_autofree char *ds6 = coco_label (b, "img-006.png");
    g_autofree char *mv0 = coco_label (a, "img-000.png");
    g_autofree char *ds0 = coco_label (b, "img-000.png");
    g_autofree char *mv3 = coco_label (a, "img-003.png");
    g_autofree char *ds3 = coco_label (b, "img-003.png");

    g_assert_cmpstr (mv0, ==, "Person");
    g_assert_cmpstr (ds0, ==, "Person");
    g_assert_cmpstr (mv3, ==, "Car");
    g_assert_cmpstr (ds3, ==, "Car");
    g_assert_cmpstr (mv6, ==, "Car");
    g_assert_cmpstr (ds6, ==, "Person");
    g_assert_null (coco_label (a, "img-007.png"));
    {
      g_autofree char *coco = read_file (a);
      g_auto(GStrv) parts = g_strsplit (coco, "\"guideline_version\": \"3\"", -1);

      g_assert_cmpuint (g_strv_length (parts), ==, 1 + 7);
    }
  }

  /* Label Studio can hold an empty annotation: there is none. */
  {
    g_autofree char *path = work_path (f, "mv-studio.json");
    g_autofree char *o = limn_test_server_admin (f->server, "export", "--project", project,
                                                 "--version", "1", "--format", "label-studio",
                                                 "--output", path, NULL);
    g_autofree char *text = read_file (path);
    g_autoptr(JsonNode) root = json_from_string (text, NULL);
    JsonArray *studio = json_node_get_array (root);
    guint n_entries = 0;

    g_assert_cmpuint (json_array_get_length (studio), ==, 8);
    for (guint i = 0; i < json_array_get_length (studio); i++)
      {
        JsonObject *task = json_array_get_object_element (studio, i);
        JsonArray *entries = json_object_get_array_member (task, "annotations");
        const char *name = json_object_get_string_member (json_object_get_object_member (task, "data"),
                                                          "doc_id");

        g_assert_cmpuint (json_array_get_length (entries), ==,
                          g_str_has_suffix (name, "img-007.png") ? 0 : 1);
        n_entries += json_array_get_length (entries);
      }
    g_assert_cmpuint (n_entries, ==, 7);
  }

  for (guint k = 0; k < 3; k++)
    g_free (tokens[k]);
}

static void
copy_tree (const char *from,
           const char *to)
{
  g_autoptr(GDir) dir = g_dir_open (from, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  g_assert_cmpint (g_mkdir_with_parents (to, 0755), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *a = g_build_filename (from, name, NULL);
      g_autofree char *b = g_build_filename (to, name, NULL);

      if (g_file_test (a, G_FILE_TEST_IS_DIR))
        copy_tree (a, b);
      else
        {
          g_autofree char *contents = NULL;
          gsize length;

          g_assert_true (g_file_get_contents (a, &contents, &length, NULL));
          g_assert_true (g_file_set_contents (b, contents, length, NULL));
        }
    }
}

/* "name | label x y w h" of every box, one line each, sorted. */
static char *
boxes_of (const char *format,
          const char *path)
{
  g_autoptr(LimnDataset) dataset = limn_dataset_new ();
  g_autoptr(LimnFormatProblems) problems = limn_format_problems_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);

  limn_format_read (limn_format_lookup (format), path, dataset, NULL, problems, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < limn_dataset_get_n_items (dataset); i++)
    {
      LimnDatasetItem *item = limn_dataset_get_item (dataset, i);

      for (guint s = 0; s < item->annotations->len; s++)
        {
          LimnDatasetAnnotation *a = g_ptr_array_index (item->annotations, s);

          for (guint r = 0; r < a->regions->len; r++)
            {
              LimnDatasetRegion *d = &g_array_index (a->regions, LimnDatasetRegion, r);

              g_ptr_array_add (lines, g_strdup_printf ("%s | %s %.4f %.4f %.4f %.4f", item->name,
                                                       limn_dataset_get_label (dataset, d->label)->name,
                                                       d->box.x, d->box.y, d->box.w, d->box.h));
            }
        }
    }
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (char *)g_ptr_array_index (lines, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static char *
sorted (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  qsort (lines, g_strv_length (lines), sizeof (char *), compare_lines);
  return g_strjoinv ("\n", lines);
}

/* The shared labelme photos imported from a copy, exported as VOC: the
 * boxes of the VOC files beside them. */
static void
test_import_labelme_voc (Fixture       *f,
                         gconstpointer  data)
{
  const char *shared = g_getenv ("LIMN_SHARED_DATA");
  g_autofree char *source = shared ? g_build_filename (shared, "labelme-voc", NULL) : NULL;
  g_autofree char *copy = work_path (f, "labelme-voc");
  g_autofree char *labels = NULL;
  g_autofree char *voc = NULL;
  g_autofree char *out_dir = work_path (f, "export/voc");
  g_autofree char *project_out = NULL;
  g_autofree char *project = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autoptr(JsonObject) v1 = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *got = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (source == NULL || !g_file_test (source, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("../shared/data/labelme-voc is not here");
      return;
    }
  copy_tree (source, copy);
  labels = g_build_filename (copy, "labels.txt", NULL);
  voc = g_build_filename (copy, "voc", NULL);

  project_out = limn_test_server_admin (f->server, "project", "create", "--name", "VOC",
                                        "--labels", labels, NULL);
  project = limn_test_kv (project_out, "project_id");
  report = admin_json (f, "import", "--project", project, "--format", "labelme", copy);
  g_assert_cmpint (json_object_get_int_member (report, "items"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (report, "tasks_added"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (report, "regions"), ==, 9);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "problems")), ==, 0);
  g_assert_cmpint (limn_test_server_count (f->server, project, "tasks"), ==, 3);

  /* Imported work is submitted, not reviewed: the consensus of one. */
  v1 = admin_json (f, "dataset", "create", "--project", project, "--from", "majority");
  g_assert_cmpint (json_object_get_int_member (v1, "regions"), ==, 9);
  g_free (limn_test_server_admin (f->server, "export", "--project", project, "--version", "1",
                                  "--format", "voc", "--output", out_dir, NULL));

  expected = boxes_of ("voc", voc);
  got = boxes_of ("voc", out_dir);
  a = sorted (expected);
  b = sorted (got);
  g_assert_cmpstr (b, ==, a);
  g_assert_nonnull (strstr (b, "2011_000003.jpg | person 191.0000 107.3690 122.0000 222.0000"));
}

static const char labelme_two[] =
  "{\n"
  "  \"version\": \"5.0.1\",\n"
  "  \"shapes\": [\n"
  "    {\"label\": \"Person\", \"points\": [[10, 10], [40, 50]], \"shape_type\": \"rectangle\"},\n"
  "    {\"label\": \"Dog\", \"points\": [[50, 20], [90, 60]], \"shape_type\": \"rectangle\"}\n"
  "  ],\n"
  "  \"imagePath\": \"street.png\",\n"
  "  \"imageWidth\": 100,\n"
  "  \"imageHeight\": 80\n"
  "}\n";

/* A malformed file changes nothing; unknown labels skipped (exit 2,
 * reported) or added. */
static void
test_import_problems (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *project = limn_test_server_add_image_project (f->server, "Pets", 1);
  g_autofree char *dir = work_path (f, "pets");
  g_autofree char *png = g_build_filename (dir, "street.png", NULL);
  g_autofree char *json = g_build_filename (dir, "street.json", NULL);
  g_autofree char *bad_dir = work_path (f, "bad");
  g_autofree char *bad = g_build_filename (bad_dir, "street.json", NULL);
  g_autofree char *bad_png = g_build_filename (bad_dir, "street.png", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonObject) report = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  JsonArray *problems;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (bad_dir, 0755), ==, 0);
  limn_test_write_png (png, 100, 80, 0x336699);
  limn_test_write_png (bad_png, 100, 80, 0x996633);
  g_assert_true (g_file_set_contents (json, labelme_two, -1, NULL));
  /* Broken on line 4: a missing comma. */
  g_assert_true (g_file_set_contents (bad,
                                      "{\n  \"version\": \"5.0.1\",\n  \"shapes\": [\n"
                                      "    {\"label\": \"Person\" \"points\": [[1, 1], [5, 5]]}\n"
                                      "  ]\n}\n", -1, NULL));

  before = snapshot (f);
  g_assert_cmpint (limn_test_server_admin_run (f->server, &out, &err, "import", "--project", project,
                                               "--format", "labelme", bad, NULL), ==, 1);
  g_test_message ("%s", err);
  g_assert_cmpstr (out, ==, "");
  g_assert_nonnull (strstr (err, "street.json"));
  g_assert_nonnull (strstr (err, "line 4"));
  after = snapshot (f);
  g_assert_cmpstr (before, ==, after);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* In a folder, the broken file is one record left out: exit 2, the
   * line in the report, nothing stored. */
  g_assert_cmpint (limn_test_server_admin_run (f->server, &out, &err, "import", "--project", project,
                                               "--format", "labelme", bad_dir, NULL), ==, 2);
  report = parse_object (out);
  problems = json_object_get_array_member (report, "problems");
  g_assert_cmpuint (json_array_get_length (problems), ==, 1);
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (problems, 0),
                                                           "detail"), "line 4"));
  g_assert_cmpint (json_object_get_int_member (report, "items"), ==, 0);
  g_assert_cmpint (limn_test_server_count (f->server, project, "tasks"), ==, 1);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "annotations"), ==, 0);
  /* Only the audit log says an import ran. */
  g_clear_pointer (&before, g_free);
  before = snapshot (f);
  g_clear_pointer (&report, json_object_unref);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* --strict: the unknown label would be left out, so nothing is in. */
  g_assert_cmpint (limn_test_server_admin_run (f->server, &out, &err, "import", "--project", project,
                                               "--format", "labelme", "--strict", dir, NULL), ==, 1);
  g_test_message ("%s", err);
  g_clear_pointer (&after, g_free);
  after = snapshot (f);
  g_assert_cmpstr (before, ==, after);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Skip (the default): the Dog box is left out and said so; exit 2. */
  g_assert_cmpint (limn_test_server_admin_run (f->server, &out, &err, "import", "--project", project,
                                               "--format", "labelme", dir, NULL), ==, 2);
  report = parse_object (out);
  g_assert_cmpint (json_object_get_int_member (report, "regions"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "labels_added")),
                    ==, 0);
  problems = json_object_get_array_member (report, "problems");
  g_assert_cmpuint (json_array_get_length (problems), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (problems, 0), "kind"),
                   ==, "unknown-label");
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (problems, 0),
                                                           "where"), "street.json"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
    json_object_get_object_member (report, "counts"), "by_kind"), "unknown-label"), ==, 1);
  g_assert_cmpint (limn_test_server_count (f->server, project, "labels"), ==, 2);
  g_assert_cmpint (limn_test_server_count (f->server, project, "tasks"), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&report, json_object_unref);

  /* Add: the label joins the project, both boxes are in (the same task,
   * the import user's second revision). */
  report = admin_json (f, "import", "--project", project, "--format", "labelme",
                       "--unknown-labels", "add", dir);
  g_assert_cmpint (json_object_get_int_member (report, "regions"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (report, "tasks_added"), ==, 0);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (report,
                                                                                "labels_added"), 0),
                   ==, "Dog");
  g_assert_cmpint (limn_test_server_count (f->server, project, "labels"), ==, 3);
  g_assert_cmpint (limn_test_server_count (f->server, project, "tasks"), ==, 2);
  g_assert_cmpint (limn_test_db_count (f->server,
                                       "SELECT max (revision) FROM annotations"), ==, 2);

  /* Pre-labels become suggestions, never annotations. */
  g_clear_pointer (&report, json_object_unref);
  report = admin_json (f, "import", "--project", project, "--format", "labelme",
                       "--as-suggestions", "--model", "det", "--model-version", "4", dir);
  g_assert_cmpint (json_object_get_int_member (report, "suggestions"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (report, "annotations"), ==, 0);
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT count (*) FROM annotations"), ==, 2);
  g_assert_cmpint (limn_test_db_count (f->server,
                                       "SELECT count (*) FROM tasks WHERE suggestions LIKE "
                                       "'%det/4%'"), ==, 1);
  g_assert_cmpint (limn_test_server_admin_run (f->server, NULL, NULL, "import", "--project", project,
                                               "--format", "labelme", "--as-suggestions", dir,
                                               NULL), ==, 1);
}

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  static const char * const commands[][2] = {
    { "dataset", "create" }, { "dataset", "list" }, { "dataset", "show" },
    { "export", NULL }, { "import", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *out = NULL;

      if (commands[i][1] != NULL)
        out = limn_test_server_admin (f->server, commands[i][0], commands[i][1], "--help", NULL);
      else
        out = limn_test_server_admin (f->server, commands[i][0], "--help", NULL);
      g_assert_nonnull (strstr (out, "Usage: limn-server admin"));
      g_assert_nonnull (strstr (out, "--project ID"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/server/datasets/versions", test_versions);
  ADD ("/server/datasets/consensus", test_consensus);
  ADD ("/server/datasets/import-labelme-voc", test_import_labelme_voc);
  ADD ("/server/datasets/import-problems", test_import_problems);
  ADD ("/server/datasets/help", test_help);
#undef ADD

  return g_test_run ();
}
