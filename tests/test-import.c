/* test-import.c
 *
 * Making local projects from the bundled demo, from the labelme/VOC photos
 * in ../shared/data, from text and JSONL files; and refusing bad input
 * with a message that says where, while changing nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "model/limn-draft.h"
#include "store/limn-store-jobs.h"
#include "store/limn-store-import.h"
#include "limn-test-util.h"

typedef struct
{
  char      *dir;
  LimnStore *store;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = limn_test_mkdtemp ();
  path = g_build_filename (f->dir, "limn.db", NULL);
  f->store = limn_store_open (path, &error);
  g_assert_no_error (error);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_object (&f->store);
  limn_test_rm_rf (f->dir);
  g_free (f->dir);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents,
            gssize      len)
{
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, len, NULL));
  return path;
}

static guint
n_projects (Fixture *f)
{
  g_autoptr(GPtrArray) all = limn_store_list_projects (f->store, NULL);
  return all->len;
}

static void
test_demo_project (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("LIMN_SOURCE_ROOT"), "data", "demo", "project.json", NULL);
  g_autoptr(LimnProject) project = NULL;
  g_autoptr(LimnProject) again = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  guint images = 0, texts = 0, suggestions = 0;

  project = limn_store_import_source (f->store, LIMN_IMPORT_PROJECT_FILE, path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (limn_project_get_name (project), ==, "Limn demo");
  g_assert_cmpuint (g_list_model_get_n_items (limn_project_get_labels (project)), ==, 6);
  g_assert_cmpstr (limn_label_get_hotkey (limn_project_lookup_label_by_name (project, "Person")), ==, "1");

  tasks = limn_store_list_tasks (f->store, limn_project_get_id (project), "me", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < tasks->len; i++)
    {
      LimnTask *t = g_ptr_array_index (tasks, i);
      g_autoptr(GPtrArray) s = limn_store_load_suggestions (f->store, limn_task_get_id (t), NULL);

      suggestions += s->len;
      if (limn_task_get_kind (t) == LIMN_TASK_IMAGE)
        {
          images++;
          g_assert_cmpint (limn_task_get_width (t), >, 0);
          g_assert_cmpuint (strlen (limn_task_get_media_sha256 (t)), ==, 64);
          g_assert_true (g_file_test (limn_task_get_media_path (t), G_FILE_TEST_IS_REGULAR));
        }
      else
        {
          g_autofree char *text = limn_store_load_task_text (f->store, limn_task_get_id (t), NULL);

          texts++;
          g_assert_cmpint (limn_task_get_text_length (t), ==, g_utf8_strlen (text, -1));
          for (guint k = 0; k < s->len; k++)
            {
              LimnRegion *r = g_ptr_array_index (s, k);
              g_autofree char *covered = g_utf8_substring (text, r->start, r->end);

              /* The stored covered text is what the offsets point at. */
              g_assert_cmpstr (r->text, ==, covered);
            }
        }
    }
  g_assert_cmpuint (images, >=, 4);
  g_assert_cmpuint (texts, >=, 5);
  g_assert_cmpuint (suggestions, >, 0);

  /* Importing again updates in place. */
  again = limn_store_import_source (f->store, LIMN_IMPORT_PROJECT_FILE, path, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_projects (f), ==, 1);
  g_assert_cmpuint (limn_store_count_tasks (f->store, limn_project_get_id (project), NULL), ==, tasks->len);
}

static void
test_labelme_folder (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *shared = g_build_filename (g_getenv ("LIMN_SHARED_DATA"), "labelme-voc", NULL);
  g_autofree char *copy = g_build_filename (f->dir, "labelme-voc", NULL);
  g_autoptr(LimnProject) project = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  LimnTask *first;

  if (!g_file_test (shared, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("../shared/data/labelme-voc is not here");
      return;
    }

  /* Copy, never write into shared/. */
  g_mkdir (copy, 0755);
  dir = g_dir_open (shared, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *src = g_build_filename (shared, name, NULL);
      g_autofree char *dst = g_build_filename (copy, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      if (g_file_test (src, G_FILE_TEST_IS_REGULAR) && g_file_get_contents (src, &contents, &len, NULL))
        g_assert_true (g_file_set_contents (dst, contents, len, NULL));
    }

  /* Labels come from labelme's labels.txt, minus its reserved entries. */
  project = limn_store_import_source (f->store, LIMN_IMPORT_IMAGE_FOLDER, copy, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (limn_project_get_name (project), ==, "labelme-voc");
  g_assert_null (limn_project_lookup_label_by_name (project, "__ignore__"));
  g_assert_null (limn_project_lookup_label_by_name (project, "_background_"));
  g_assert_nonnull (limn_project_lookup_label_by_name (project, "person"));

  tasks = limn_store_list_tasks (f->store, limn_project_get_id (project), "me", &error);
  g_assert_cmpuint (tasks->len, ==, 3);   /* the JSON files are not tasks */
  first = g_ptr_array_index (tasks, 0);
  g_assert_cmpstr (limn_task_get_title (first), ==, "2011_000003.jpg");
  g_assert_cmpint (limn_task_get_width (first), ==, 500);
  g_assert_cmpint (limn_task_get_height (first), ==, 338);
}

static void
test_text_files (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *labels[] = { "Insult", "Threat", NULL };
  g_autofree char *txt = write_file (f, "docs.txt",
                                     "First document 👩‍💻\r\n\r\nسلام عليكم\r\n日本語の文書\n", -1);
  g_autofree char *jsonl = write_file (f, "docs.jsonl",
                                       "{\"text\": \"Hello Paris\", \"language\": \"en\"}\n"
                                       "\n"
                                       "{\"text\": \"مرحبا\", \"language\": \"ar\", \"direction\": \"rtl\", \"id\": 17}\n",
                                       -1);
  g_autoptr(LimnProject) p1 = NULL;
  g_autoptr(LimnProject) p2 = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autofree char *text = NULL;

  p1 = limn_store_import_source (f->store, LIMN_IMPORT_TEXT_FILE, txt, "Comments", labels, &error);
  g_assert_no_error (error);
  tasks = limn_store_list_tasks (f->store, limn_project_get_id (p1), "me", NULL);
  g_assert_cmpuint (tasks->len, ==, 3);
  text = limn_store_load_task_text (f->store, limn_task_get_id (g_ptr_array_index (tasks, 0)), NULL);
  g_assert_cmpstr (text, ==, "First document 👩‍💻");   /* the CR was a line ending */
  g_assert_cmpint (limn_task_get_text_length (g_ptr_array_index (tasks, 0)), ==, 18);
  g_clear_pointer (&tasks, g_ptr_array_unref);

  p2 = limn_store_import_source (f->store, LIMN_IMPORT_TEXT_FILE, jsonl, NULL, labels, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (limn_project_get_name (p2), ==, "docs.jsonl");
  tasks = limn_store_list_tasks (f->store, limn_project_get_id (p2), "me", NULL);
  g_assert_cmpuint (tasks->len, ==, 2);
  g_assert_cmpint (limn_task_get_direction (g_ptr_array_index (tasks, 1)), ==, LIMN_TEXT_DIRECTION_RTL);
  g_assert_cmpstr (limn_task_get_language (g_ptr_array_index (tasks, 1)), ==, "ar");
}

static void
assert_refused (Fixture         *f,
                LimnProject     *project,
                GError          *error,
                int              code,
                const char      *needle)
{
  g_assert_null (project);
  g_assert_error (error, LIMN_IMPORT_ERROR, code);
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("“%s” not in “%s”", needle, error->message);
  /* Nothing was written. */
  g_assert_cmpuint (n_projects (f), ==, 0);
}

static void
test_invalid_utf8_line (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *labels[] = { "A", NULL };
  g_autofree char *path = write_file (f, "bad.txt", "good line\nanother\nbad \xff\xfe byte\n", -1);
  LimnProject *p = limn_store_import_source (f->store, LIMN_IMPORT_TEXT_FILE, path, NULL, labels,
                                             &error);

  assert_refused (f, p, error, LIMN_IMPORT_ERROR_ENCODING, "3");
}

static void
test_bad_jsonl (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *labels[] = { "A", NULL };
  g_autofree char *path = write_file (f, "bad.jsonl", "{\"text\": \"ok\"}\n{\"text\": 5}\n", -1);
  LimnProject *p = limn_store_import_source (f->store, LIMN_IMPORT_TEXT_FILE, path, NULL, labels,
                                             &error);

  assert_refused (f, p, error, LIMN_IMPORT_ERROR_FORMAT, "Line 2");
  g_clear_error (&error);

  {
    g_autofree char *path2 = write_file (f, "bad2.jsonl", "{\"text\": \"ok\"}\n{not json\n", -1);
    p = limn_store_import_source (f->store, LIMN_IMPORT_TEXT_FILE, path2, NULL, labels, &error);
    assert_refused (f, p, error, LIMN_IMPORT_ERROR_FORMAT, "Line 2");
  }
}

static void
test_empty_labels (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *none[] = { NULL };
  g_autofree char *path = write_file (f, "docs.txt", "one\n", -1);
  g_auto(GStrv) parsed = NULL;
  LimnProject *p = limn_store_import_source (f->store, LIMN_IMPORT_TEXT_FILE, path, NULL, none,
                                             &error);

  assert_refused (f, p, error, LIMN_IMPORT_ERROR_NO_LABELS, NULL);
  g_clear_error (&error);

  parsed = limn_import_parse_labels ("\n  \n# comment\n__ignore__\n", &error);
  g_assert_null (parsed);
  g_assert_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NO_LABELS);
  g_clear_error (&error);

  parsed = limn_import_parse_labels ("Cat\nDog\nCat\n", &error);
  g_assert_null (parsed);
  g_assert_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID);
  g_clear_error (&error);

  parsed = limn_import_parse_labels (" Cat \n\nDog\r\n", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parsed[0], ==, "Cat");
  g_assert_cmpstr (parsed[1], ==, "Dog");
  g_assert_null (parsed[2]);
}

static const char *manifest_head =
  "{\"format\": \"limn-project\", \"version\": 1, \"name\": \"T\", \"kind\": \"both\","
  " \"labels\": [{\"name\": \"Person\"}, {\"name\": \"Car\", \"hotkey\": \"c\"}],";

static void
check_manifest_refused (Fixture         *f,
                        const char      *tasks_json,
                        LimnImportError  code,
                        const char      *needle)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strconcat (manifest_head, tasks_json, "}", NULL);
  g_autofree char *path = write_file (f, "p.json", json, -1);
  LimnProject *p = limn_store_import_source (f->store, LIMN_IMPORT_PROJECT_FILE, path, NULL, NULL,
                                             &error);

  assert_refused (f, p, error, code, needle);
}

static void
test_bad_manifests (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *broken = write_file (f, "broken.json", "{\"format\": ", -1);
  g_autofree char *png = write_file (f, "fake.png", "this is not a PNG", -1);
  LimnProject *p;

  p = limn_store_import_source (f->store, LIMN_IMPORT_PROJECT_FILE, broken, NULL, NULL, &error);
  assert_refused (f, p, error, LIMN_IMPORT_ERROR_FORMAT, "JSON");
  g_clear_error (&error);

  p = limn_store_import_source (f->store, LIMN_IMPORT_PROJECT_FILE, "/nonexistent/project.json",
                                NULL, NULL, &error);
  assert_refused (f, p, error, LIMN_IMPORT_ERROR_NOT_FOUND, NULL);

  check_manifest_refused (f, "\"tasks\": []", LIMN_IMPORT_ERROR_NO_TASKS, NULL);
  check_manifest_refused (f, "\"tasks\": [{\"text\": \"hi\", \"image\": \"a.png\"}]",
                          LIMN_IMPORT_ERROR_FORMAT, "Task 1");
  check_manifest_refused (f, "\"tasks\": [{\"image\": \"missing.jpg\"}]",
                          LIMN_IMPORT_ERROR_NOT_FOUND, "missing.jpg");
  check_manifest_refused (f, "\"tasks\": [{\"image\": \"fake.png\"}]",
                          LIMN_IMPORT_ERROR_INVALID, "fake.png");
  check_manifest_refused (f, "\"tasks\": [{\"text\": \"Hello\"}, {\"text\": \"Bonjour\", \"suggestions\": "
                          "{\"regions\": [{\"label\": \"Person\", \"start\": 3, \"end\": 40}]}}]",
                          LIMN_IMPORT_ERROR_INVALID, "Task 2");
  check_manifest_refused (f, "\"tasks\": [{\"text\": \"Hello\", \"suggestions\": "
                          "{\"regions\": [{\"label\": \"Dog\", \"start\": 0, \"end\": 2}]}}]",
                          LIMN_IMPORT_ERROR_INVALID, "Dog");
  check_manifest_refused (f, "\"tasks\": [{\"text\": \"Hello\", \"suggestions\": "
                          "{\"regions\": [{\"label\": \"Person\", \"start\": \"0\", \"end\": 2}]}}]",
                          LIMN_IMPORT_ERROR_FORMAT, NULL);
  check_manifest_refused (f, "\"tasks\": [{\"text\": \"Hello\", \"direction\": \"up\"}]",
                          LIMN_IMPORT_ERROR_INVALID, "direction");
  check_manifest_refused (f, "\"tasks\": [{\"text\": 42}]", LIMN_IMPORT_ERROR_FORMAT, "string");
  check_manifest_refused (f, "\"tasks\": [{\"text\": \"x\", \"id\": \"../../etc\"}]",
                          LIMN_IMPORT_ERROR_INVALID, "UUID");
  (void)png;
}

static void
test_box_outside_image (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *shared = g_build_filename (g_getenv ("LIMN_SHARED_DATA"), "labelme-voc",
                                              "2011_000003.jpg", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *img = NULL;
  gsize len;

  if (!g_file_get_contents (shared, &contents, &len, NULL))
    {
      g_test_skip ("../shared/data/labelme-voc is not here");
      return;
    }
  img = write_file (f, "photo.jpg", contents, len);

  check_manifest_refused (f, "\"tasks\": [{\"image\": \"photo.jpg\", \"suggestions\": "
                          "{\"regions\": [{\"label\": \"Car\", \"box\": [450, 10, 100, 20]}]}}]",
                          LIMN_IMPORT_ERROR_INVALID, "500×338");
  check_manifest_refused (f, "\"tasks\": [{\"image\": \"photo.jpg\", \"suggestions\": "
                          "{\"regions\": [{\"label\": \"Car\", \"box\": [1, 2, 3]}]}}]",
                          LIMN_IMPORT_ERROR_FORMAT, NULL);
  check_manifest_refused (f, "\"tasks\": [{\"image\": \"photo.jpg\", \"suggestions\": "
                          "{\"regions\": [{\"label\": \"Car\", \"box\": [1, 2, 3, 4], \"score\": 7}]}}]",
                          LIMN_IMPORT_ERROR_INVALID, "score");
}

/* The store import on its own: a dataset made by hand, with a model's
 * suggestions; one that cannot be written whole changes nothing. */
static void
test_import_dataset (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnDataset) dataset = limn_dataset_new ();
  g_autoptr(LimnDataset) broken = limn_dataset_new ();
  g_autoptr(LimnDataset) annotated = limn_dataset_new ();
  g_autoptr(LimnProject) project = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) suggested = NULL;
  LimnDatasetItem *item;
  LimnDatasetAnnotation *set;
  LimnProject *refused;
  LimnRegion *region;
  LimnLabel *label;

  limn_dataset_set_attr (dataset, "name", "Hand made");
  limn_dataset_add_label (dataset, "Cat", NULL, "#e01b24");
  limn_dataset_add_label (dataset, "Dog", NULL, NULL);
  item = limn_dataset_add_text (dataset, "doc", "A cat and a dog walk into a bar, and the barman "
                                "says: what is this, a joke?");
  set = limn_dataset_item_suggestion (item, NULL, "ner-3");
  limn_dataset_annotation_add_span (set, 1, 12, 15, "dog")->score = 0.25;

  project = limn_store_import_dataset (f->store, dataset, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (limn_project_get_name (project), ==, "Hand made");
  g_assert_cmpint (limn_project_get_kind (project), ==, LIMN_PROJECT_TEXT);
  label = limn_project_lookup_label_by_name (project, "Dog");
  g_assert_cmpstr (limn_label_get_hotkey (label), ==, "2");
  g_assert_cmpstr (limn_label_get_color (limn_project_lookup_label_by_name (project, "Cat")), ==,
                   "#e01b24");

  tasks = limn_store_list_tasks (f->store, limn_project_get_id (project), "me", &error);
  g_assert_cmpuint (tasks->len, ==, 1);
  g_assert_cmpstr (limn_task_get_title (g_ptr_array_index (tasks, 0)), ==,
                   "A cat and a dog walk into a bar, and the barman…");
  suggested = limn_store_load_suggestions (f->store,
                                           limn_task_get_id (g_ptr_array_index (tasks, 0)), &error);
  g_assert_cmpuint (suggested->len, ==, 1);
  region = g_ptr_array_index (suggested, 0);
  g_assert_cmpstr (region->label_id, ==, limn_label_get_id (label));
  g_assert_cmpstr (region->text, ==, "dog");
  g_assert_cmpstr (region->model_version, ==, "ner-3");
  g_assert_cmpfloat (region->score, ==, 0.25);

  /* An image that is not there is found out before anything is written. */
  limn_dataset_set_attr (broken, "name", "Broken");
  limn_dataset_add_label (broken, "Cat", NULL, NULL);
  limn_dataset_add_text (broken, "doc", "fine");
  limn_dataset_add_image (broken, "gone.jpg", "/nonexistent/gone.jpg", 10, 10);
  refused = limn_store_import_dataset (f->store, broken, &error);
  g_assert_null (refused);
  g_assert_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "gone.jpg"));
  g_clear_error (&error);
  g_assert_cmpuint (n_projects (f), ==, 1);

  /* Annotations are not what a project is made of. */
  limn_dataset_add_label (annotated, "Cat", NULL, NULL);
  item = limn_dataset_add_text (annotated, "doc", "a cat");
  limn_dataset_annotation_add_span (limn_dataset_item_annotation (item, "ann"), 0, 2, 5, "cat");
  refused = limn_store_import_dataset (f->store, annotated, &error);
  g_assert_null (refused);
  g_assert_error (error, LIMN_IMPORT_ERROR, LIMN_IMPORT_ERROR_INVALID);
  g_assert_cmpuint (n_projects (f), ==, 1);
}

/* The one title rule of the app's importer and the server's task add. */
static void
test_text_title (Fixture       *f,
                 gconstpointer  data)
{
  struct { const char *text; const char *title; } cases[] = {
    { "Short\tand\nsweet ", "Short and sweet" },
    /* 48 characters exactly, space around them: nothing was cut. */
    { " 123456789 123456789 123456789 123456789 123456 ",
      "123456789 123456789 123456789 123456789 123456" },
    { "\u00a0مرحبا بكم في ليمن", "مرحبا بكم في ليمن" },
    { "123456789 123456789 123456789 123456789 12345678 and more",
      "123456789 123456789 123456789 123456789 12345678…" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *title = limn_task_title_for_text (cases[i].text);

      g_assert_cmpstr (title, ==, cases[i].title);
    }
}

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  ((Wait *)data)->result = g_object_ref (result);
}

static GAsyncResult *
wait (Wait *w)
{
  while (w->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return w->result;
}

/* The jobs the app uses, end to end on a worker: import the demo, open a
 * task, edit, submit, reopen (a new revision), skip, flag. */
static void
test_jobs (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnStoreWorker) worker = NULL;
  g_autofree char *db = g_build_filename (f->dir, "worker.db", NULL);
  g_autofree char *path = g_build_filename (g_getenv ("LIMN_SOURCE_ROOT"), "data", "demo", "project.json", NULL);
  g_autoptr(LimnProjectContents) contents = NULL;
  g_autoptr(LimnTaskContents) task = NULL;
  g_autoptr(LimnTaskContents) reopened = NULL;
  g_autoptr(LimnProjectContents) again = NULL;
  g_autoptr(LimnAnnotation) snap = NULL;
  LimnTask *text_task = NULL;
  Wait w = { NULL };
  LimnBox box = { 10, 10, 20, 20 };

  worker = limn_store_worker_open_sync (db, &error);
  g_assert_no_error (error);

  limn_store_jobs_import_async (worker, LIMN_IMPORT_PROJECT_FILE, path, NULL, NULL, NULL, done_cb, &w);
  contents = limn_store_jobs_import_finish (worker, wait (&w), &error);
  g_clear_object (&w.result);
  g_assert_no_error (error);
  g_assert_cmpuint (contents->tasks->len, >=, 10);

  /* An image task: a fresh draft, revision 1. */
  limn_store_jobs_open_task_async (worker, limn_task_get_id (g_ptr_array_index (contents->tasks, 0)),
                                   1, NULL, done_cb, &w);
  task = limn_store_jobs_open_task_finish (worker, wait (&w), &error);
  g_clear_object (&w.result);
  g_assert_no_error (error);
  g_assert_cmpint (task->annotation->revision, ==, 1);
  g_assert_cmpuint (task->suggestions->len, >, 0);
  g_assert_null (task->text);

  snap = limn_annotation_dup (task->annotation);
  g_ptr_array_add (snap->regions, limn_region_new_box (NULL, "x", &box));
  limn_store_jobs_submit_async (worker, snap, NULL, done_cb, &w);
  g_assert_true (limn_store_jobs_finish (worker, wait (&w), &error));
  g_clear_object (&w.result);
  g_assert_no_error (error);

  /* Reopening a submitted task shows that revision, read-only; editing
   * it again makes the next revision, same regions. */
  limn_store_jobs_open_task_async (worker, snap->task_id, 1, NULL, done_cb, &w);
  reopened = limn_store_jobs_open_task_finish (worker, wait (&w), &error);
  g_clear_object (&w.result);
  g_assert_true (reopened->read_only);
  g_assert_cmpint (reopened->annotation->revision, ==, 1);
  g_assert_cmpstr (reopened->annotation->id, ==, snap->id);
  {
    g_autoptr(LimnDraft) draft = limn_draft_new_read_only (reopened->annotation, reopened->suggestions, NULL);
    g_autoptr(LimnAnnotation) next = NULL;

    g_assert_false (limn_draft_remove_region (draft, limn_draft_get_region (draft, 0)->id));
    g_assert_true (limn_draft_start_revision (draft, 1));
    next = limn_draft_snapshot (draft, 0, 0);
    g_assert_cmpint (next->revision, ==, 2);
    g_assert_cmpstr (next->parent_id, ==, snap->id);
    g_assert_cmpuint (next->regions->len, ==, 1);
  }

  /* A text task comes with its indexed text. */
  for (guint i = 0; i < contents->tasks->len; i++)
    if (limn_task_get_kind (g_ptr_array_index (contents->tasks, i)) == LIMN_TASK_TEXT)
      {
        text_task = g_ptr_array_index (contents->tasks, i);
        break;
      }
  g_clear_pointer (&task, limn_task_contents_free);
  limn_store_jobs_open_task_async (worker, limn_task_get_id (text_task), 1, NULL, done_cb, &w);
  task = limn_store_jobs_open_task_finish (worker, wait (&w), &error);
  g_clear_object (&w.result);
  g_assert_nonnull (task->text);
  g_assert_cmpint (limn_text_index_get_n_chars (task->text), ==, limn_task_get_text_length (text_task));

  limn_store_jobs_skip_async (worker, limn_task_get_id (text_task), NULL, NULL, done_cb, &w);
  g_assert_true (limn_store_jobs_finish (worker, wait (&w), &error));
  g_clear_object (&w.result);
  limn_store_jobs_flag_async (worker, limn_flag_new (limn_task_get_id (text_task), limn_store_worker_get_annotator (worker),
                                               "guideline-gap", "Is a ministry an organization?"),
                              NULL, done_cb, &w);
  g_assert_true (limn_store_jobs_finish (worker, wait (&w), &error));
  g_clear_object (&w.result);

  /* The project as the task list sees it now. */
  limn_store_jobs_open_project_async (worker, NULL, NULL, done_cb, &w);
  again = limn_store_jobs_open_project_finish (worker, wait (&w), &error);
  g_clear_object (&w.result);
  g_assert_no_error (error);
  for (guint i = 0; i < again->tasks->len; i++)
    {
      LimnTask *t = g_ptr_array_index (again->tasks, i);

      if (g_str_equal (limn_task_get_id (t), snap->task_id))
        g_assert_cmpint (limn_task_get_status (t), ==, LIMN_TASK_STATUS_SUBMITTED);
      else if (g_str_equal (limn_task_get_id (t), limn_task_get_id (text_task)))
        {
          g_assert_cmpint (limn_task_get_status (t), ==, LIMN_TASK_STATUS_SKIPPED);
          g_assert_true (limn_task_get_flagged (t));
        }
      else
        g_assert_cmpint (limn_task_get_status (t), ==, LIMN_TASK_STATUS_NEW);
    }

  g_assert_true (limn_store_worker_close (worker, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/import/demo", test_demo_project);
  ADD ("/import/labelme-folder", test_labelme_folder);
  ADD ("/import/text-files", test_text_files);
  ADD ("/import/invalid-utf8", test_invalid_utf8_line);
  ADD ("/import/bad-jsonl", test_bad_jsonl);
  ADD ("/import/empty-labels", test_empty_labels);
  ADD ("/import/bad-manifests", test_bad_manifests);
  ADD ("/import/box-outside-image", test_box_outside_image);
  ADD ("/import/dataset", test_import_dataset);
  ADD ("/import/text-title", test_text_title);
  ADD ("/import/jobs", test_jobs);
#undef ADD

  return g_test_run ();
}
