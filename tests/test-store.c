/* test-store.c
 *
 * The store against a real SQLite file: migrations, refusal of newer and
 * foreign files (left untouched), round trips of every table, the rules the
 * schema enforces, and a full disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "store/limn-store.h"
#include "limn-test-util.h"

typedef struct
{
  char      *dir;
  char      *path;
  LimnStore *store;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = limn_test_mkdtemp ();
  f->path = g_build_filename (f->dir, "sub", "limn.db", NULL);
  f->store = limn_store_open (f->path, &error);
  g_assert_no_error (error);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_object (&f->store);
  limn_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static LimnProject *
make_project (void)
{
  LimnProject *p = limn_project_new ("p1", "Street scenes", LIMN_PROJECT_BOTH);
  g_autoptr(LimnLabel) a = limn_label_new ("l-person", "Person", "#3584e4", "1");
  g_autoptr(LimnLabel) b = limn_label_new ("l-car", "Car", "#e66100", "2");

  limn_label_set_description (a, "A human, any pose");
  limn_project_add_label (p, a);
  limn_project_add_label (p, b);
  limn_project_set_guidelines (p, 1, "# Box people tightly");
  limn_project_set_confidence_steps (p, 5);

  return p;
}

static void
save_basics (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnProject) p = make_project ();
  g_autoptr(LimnTask) img = limn_task_new ("t1", "p1", LIMN_TASK_IMAGE, 0, "street.jpg");
  g_autoptr(LimnTask) txt = limn_task_new ("t2", "p1", LIMN_TASK_TEXT, 1, "Arabic note");

  limn_task_set_media_path (img, "/data/street.jpg");
  limn_task_set_size (img, 500, 338);
  limn_task_set_language (txt, "ar", LIMN_TEXT_DIRECTION_RTL);
  limn_task_set_text_length (txt, 5);

  g_assert_true (limn_store_save_project (f->store, p, &error));
  g_assert_no_error (error);
  g_assert_true (limn_store_save_task (f->store, img, NULL, &error));
  g_assert_true (limn_store_save_task (f->store, txt, "مرحبا", &error));
  g_assert_no_error (error);
}

static void
test_open_creates_schema (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnStore) again = NULL;
  g_autofree char *annotator = NULL;

  g_assert_cmpint (limn_store_get_schema_version (f->store), ==, LIMN_STORE_SCHEMA_VERSION);
  g_assert_true (limn_store_check_integrity (f->store, &error));
  g_assert_no_error (error);

  /* The local identity is made once and kept. */
  annotator = g_strdup (limn_store_get_local_annotator (f->store));
  g_assert_true (g_uuid_string_is_valid (annotator));
  g_clear_object (&f->store);
  again = limn_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (limn_store_get_local_annotator (again), ==, annotator);
}

static void
set_user_version (const char *path,
                  int         version)
{
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (version == 99)
    g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static void
assert_no_sidecars (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
}

static void
test_refuses_newer_version (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_clear_object (&f->store);
  set_user_version (f->path, 99);
  before = limn_test_file_checksum (f->path);

  store = limn_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NEWER_VERSION);
  g_assert_nonnull (strstr (error->message, "newer version"));
  g_assert_nonnull (strstr (error->message, "99"));

  after = limn_test_file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
  assert_no_sidecars (f->path);
}

static void
test_refuses_foreign_file (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnStore) store = NULL;
  g_autofree char *path = g_build_filename (f->dir, "photo.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  char junk[4096];

  for (guint i = 0; i < sizeof junk; i++)
    junk[i] = (char)(i * 7 + 13);
  g_assert_true (g_file_set_contents (path, junk, sizeof junk, NULL));
  before = limn_test_file_checksum (path);

  store = limn_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_CORRUPT);

  after = limn_test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);
  assert_no_sidecars (path);
}

static void
test_unwritable_location (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnStore) store = NULL;
  g_autofree char *file = g_build_filename (f->dir, "plain-file", NULL);
  g_autofree char *path = g_build_filename (file, "limn.db", NULL);

  /* A path whose parent is a file cannot be created, even as root. */
  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  store = limn_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_OPEN);
}

static void
test_projects_and_tasks (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnProject) loaded = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  g_autofree char *text = NULL;
  LimnLabel *label;
  LimnTask *t;

  save_basics (f);

  loaded = limn_store_load_project (f->store, "p1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (limn_project_get_name (loaded), ==, "Street scenes");
  g_assert_cmpint (limn_project_get_kind (loaded), ==, LIMN_PROJECT_BOTH);
  g_assert_cmpuint (g_list_model_get_n_items (limn_project_get_labels (loaded)), ==, 2);
  label = limn_project_lookup_hotkey (loaded, "2");
  g_assert_cmpstr (limn_label_get_name (label), ==, "Car");
  g_assert_cmpstr (limn_label_get_description (limn_project_lookup_label (loaded, "l-person")), ==,
                   "A human, any pose");
  g_assert_cmpstr (limn_project_get_guidelines (loaded), ==, "# Box people tightly");

  projects = limn_store_list_projects (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (projects->len, ==, 1);

  tasks = limn_store_list_tasks (f->store, "p1", "alice", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tasks->len, ==, 2);
  t = g_ptr_array_index (tasks, 0);
  g_assert_cmpstr (limn_task_get_id (t), ==, "t1");
  g_assert_cmpint (limn_task_get_width (t), ==, 500);
  g_assert_cmpint (limn_task_get_status (t), ==, LIMN_TASK_STATUS_NEW);
  t = g_ptr_array_index (tasks, 1);
  g_assert_cmpint (limn_task_get_direction (t), ==, LIMN_TEXT_DIRECTION_RTL);
  g_assert_cmpstr (limn_task_get_language (t), ==, "ar");

  text = limn_store_load_task_text (f->store, "t2", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, "مرحبا");

  g_assert_null (limn_store_load_project (f->store, "nope", &error));
  g_assert_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_NOT_FOUND);
}

static void
test_suggestions (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) in = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_region_unref);
  g_autoptr(GPtrArray) out = NULL;
  LimnBox box = { 1.5, 2.5, 30, 40 };
  LimnRegion *r;

  save_basics (f);
  r = limn_region_new_box ("s1", "l-person", &box);
  limn_region_set_model (r, 0.87, "yolo-7", NULL);
  g_ptr_array_add (in, r);

  g_assert_true (limn_store_save_suggestions (f->store, "t1", in, &error));
  g_assert_no_error (error);
  out = limn_store_load_suggestions (f->store, "t1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (out->len, ==, 1);
  r = g_ptr_array_index (out, 0);
  g_assert_cmpint (r->source, ==, LIMN_REGION_SOURCE_MODEL);
  g_assert_cmpfloat (r->score, ==, 0.87);
  g_assert_cmpfloat (r->box.x, ==, 1.5);
  g_assert_cmpstr (r->model_version, ==, "yolo-7");
}

static LimnAnnotation *
make_annotation (void)
{
  LimnAnnotation *a = limn_annotation_new (NULL, "t1", "alice");
  LimnBox box = { 10.25, 20.5, 100, 50 };
  LimnRegion *r = limn_region_new_box (NULL, "l-person", &box);

  r->confidence = 0.8;
  g_ptr_array_add (a->regions, r);
  r = limn_region_new_box (NULL, "l-car", &box);
  limn_region_set_model (r, 0.5, "yolo-7", "s1");
  g_ptr_array_add (a->regions, r);
  g_ptr_array_add (a->rejected, g_strdup ("s2"));
  a->confidence = 0.6;
  a->active_ms = 12345;
  a->wall_ms = 60000;
  a->guideline_version = 1;

  return a;
}

static void
test_annotations (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnAnnotation) a = make_annotation ();
  g_autoptr(LimnAnnotation) b = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  const LimnRegion *r;

  save_basics (f);
  g_assert_true (limn_store_save_annotation (f->store, a, &error));
  g_assert_no_error (error);

  b = limn_store_load_latest (f->store, "t1", "alice", &error);
  g_assert_no_error (error);
  g_assert_nonnull (b);
  g_assert_cmpstr (b->id, ==, a->id);
  g_assert_cmpint (b->state, ==, LIMN_ANNOTATION_DRAFT);
  g_assert_cmpfloat (b->confidence, ==, 0.6);
  g_assert_cmpint (b->active_ms, ==, 12345);
  g_assert_cmpint (b->wall_ms, ==, 60000);
  g_assert_cmpuint (b->regions->len, ==, 2);
  r = g_ptr_array_index (b->regions, 0);
  g_assert_cmpfloat (r->box.x, ==, 10.25);
  g_assert_cmpfloat (r->confidence, ==, 0.8);
  g_assert_cmpint (r->source, ==, LIMN_REGION_SOURCE_HUMAN);
  r = g_ptr_array_index (b->regions, 1);
  g_assert_cmpint (r->source, ==, LIMN_REGION_SOURCE_MODEL);
  g_assert_cmpstr (r->suggestion_id, ==, "s1");
  g_assert_cmpfloat (r->confidence, <, 0);
  g_assert_cmpuint (b->rejected->len, ==, 1);

  /* The task list reports the region count of the newest revision. */
  tasks = limn_store_list_tasks (f->store, "p1", "alice", &error);
  g_assert_cmpuint (limn_task_get_n_regions (g_ptr_array_index (tasks, 0)), ==, 2);

  /* Nobody else's work shows. */
  g_clear_pointer (&b, limn_annotation_unref);
  b = limn_store_load_latest (f->store, "t1", "bob", &error);
  g_assert_no_error (error);
  g_assert_null (b);
}

static void
test_submitted_is_final (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnAnnotation) a = make_annotation ();
  g_autoptr(LimnAnnotation) loaded = NULL;

  save_basics (f);
  a->state = LIMN_ANNOTATION_SUBMITTED;
  a->submitted_us = g_get_real_time ();
  g_assert_true (limn_store_save_annotation (f->store, a, &error));

  g_ptr_array_set_size (a->regions, 0);
  g_assert_false (limn_store_save_annotation (f->store, a, &error));
  g_assert_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_INVALID);

  loaded = limn_store_load_annotation (f->store, a->id, NULL);
  g_assert_cmpuint (loaded->regions->len, ==, 2);
}

static void
test_schema_rules (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnAnnotation) a = limn_annotation_new (NULL, "t1", "alice");
  g_autoptr(LimnAnnotation) orphan = limn_annotation_new (NULL, "no-such-task", "alice");
  LimnBox empty = { 1, 1, 0, 5 };

  save_basics (f);

  /* An empty box is refused and nothing of the annotation is written. */
  g_ptr_array_add (a->regions, limn_region_new_box (NULL, "l-person", &empty));
  g_assert_false (limn_store_save_annotation (f->store, a, &error));
  g_assert_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (limn_store_load_annotation (f->store, a->id, NULL));

  /* Foreign keys are on. */
  g_assert_false (limn_store_save_annotation (f->store, orphan, &error));
  g_assert_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_INVALID);
}

static void
test_events_append_only (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_event_free);
  g_autoptr(GPtrArray) listed = NULL;
  LimnEvent *e;
  sqlite3 *db;

  for (guint i = 0; i < 3; i++)
    {
      e = limn_event_new ("region_created");
      e->session_id = g_strdup ("s");
      e->annotator = g_strdup ("alice");
      e->task_id = g_strdup (i == 1 ? "t2" : "t1");
      e->wall_us = 1000 + i;
      e->mono_us = 10 + i;
      g_ptr_array_add (events, e);
    }

  g_assert_true (limn_store_append_events (f->store, events, &error));
  g_assert_no_error (error);
  g_assert_cmpint (((LimnEvent *)g_ptr_array_index (events, 2))->seq, ==, 3);
  g_assert_cmpint (limn_store_count_events (f->store, NULL), ==, 3);

  listed = limn_store_list_events (f->store, "t1", 0, 0, &error);
  g_assert_cmpuint (listed->len, ==, 2);
  g_assert_cmpint (((LimnEvent *)g_ptr_array_index (listed, 1))->wall_us, ==, 1002);

  /* Even raw SQL cannot rewrite history. */
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE events SET type = 'x'", NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM events", NULL, NULL, NULL), !=, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (limn_store_count_events (f->store, NULL), ==, 3);
}

static void
test_flags_and_outbox (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnFlag) flag = limn_flag_new ("t1", "alice", "guideline-gap", "Is a cyclist a person?");
  g_autoptr(GPtrArray) flags = NULL;
  g_autoptr(GPtrArray) tasks = NULL;

  save_basics (f);
  g_assert_true (limn_store_add_flag (f->store, flag, &error));
  g_assert_no_error (error);
  flags = limn_store_list_flags (f->store, "t1", &error);
  g_assert_cmpuint (flags->len, ==, 1);
  g_assert_cmpstr (((LimnFlag *)g_ptr_array_index (flags, 0))->body, ==, "Is a cyclist a person?");

  tasks = limn_store_list_tasks (f->store, "p1", "alice", &error);
  g_assert_true (limn_task_get_flagged (g_ptr_array_index (tasks, 0)));
  g_assert_false (limn_task_get_flagged (g_ptr_array_index (tasks, 1)));

  g_assert_true (limn_store_outbox_add (f->store, "flag", flag->id, "p1", "{}", &error));
  g_assert_true (limn_store_outbox_add (f->store, "flag", flag->id, "p1", "{}", &error));
  g_assert_no_error (error);
  g_assert_cmpint (limn_store_outbox_count_pending (f->store, NULL), ==, 1);
}

static void
test_assignments (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = NULL;
  g_autofree char *status = NULL;

  save_basics (f);
  g_assert_true (limn_store_set_assignment (f->store, "t1", "alice", LIMN_ASSIGNMENT_SKIPPED, &error));
  g_assert_true (limn_store_set_assignment (f->store, "t2", "alice", LIMN_ASSIGNMENT_SUBMITTED, &error));
  g_assert_false (limn_store_set_assignment (f->store, "t2", "alice", "bogus", &error));
  g_assert_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_INVALID);

  tasks = limn_store_list_tasks (f->store, "p1", "alice", NULL);
  g_assert_cmpint (limn_task_get_status (g_ptr_array_index (tasks, 0)), ==, LIMN_TASK_STATUS_SKIPPED);
  g_assert_cmpint (limn_task_get_status (g_ptr_array_index (tasks, 1)), ==, LIMN_TASK_STATUS_SUBMITTED);
  status = limn_store_get_assignment (f->store, "t2", "alice");
  g_assert_cmpstr (status, ==, "submitted");
}

static void
test_nested_transactions (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *v = NULL;

  g_assert_true (limn_store_begin (f->store, &error));
  g_assert_true (limn_store_set_meta (f->store, "a", "1", &error));
  g_assert_true (limn_store_begin (f->store, &error));
  g_assert_true (limn_store_set_meta (f->store, "b", "2", &error));
  limn_store_rollback (f->store);                 /* only the inner part */
  g_assert_true (limn_store_commit (f->store, &error));
  g_assert_no_error (error);

  v = limn_store_get_meta (f->store, "a");
  g_assert_cmpstr (v, ==, "1");
  g_assert_null (limn_store_get_meta (f->store, "b"));
}

static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) big = g_string_new (NULL);
  gint64 before;
  gboolean failed = FALSE;

  save_basics (f);
  before = limn_store_count_events (f->store, NULL);

  /* SQLite's page cap is a real SQLITE_FULL, as from a full disk. */
  limn_store_set_max_pages (f->store, 1);
  for (guint i = 0; i < 20000; i++)
    g_string_append_c (big, 'x');

  for (guint round = 0; round < 50 && !failed; round++)
    {
      g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_event_free);
      LimnEvent *e = limn_event_new ("region_created");

      e->session_id = g_strdup ("s");
      e->annotator = g_strdup ("alice");
      g_free (e->payload);
      e->payload = g_strdup_printf ("{\"pad\":\"%s\"}", big->str);
      g_ptr_array_add (events, e);

      if (!limn_store_append_events (f->store, events, &error))
        failed = TRUE;
      else
        before++;
    }

  g_assert_true (failed);
  g_assert_error (error, LIMN_STORE_ERROR, LIMN_STORE_ERROR_FULL);
  g_assert_nonnull (strstr (error->message, "full"));
  /* The failed write left nothing behind; the file is sound. */
  g_assert_cmpint (limn_store_count_events (f->store, NULL), ==, before);
  g_clear_error (&error);
  g_assert_true (limn_store_check_integrity (f->store, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/store/open", test_open_creates_schema);
  ADD ("/store/refuse-newer", test_refuses_newer_version);
  ADD ("/store/refuse-foreign", test_refuses_foreign_file);
  ADD ("/store/unwritable", test_unwritable_location);
  ADD ("/store/projects-tasks", test_projects_and_tasks);
  ADD ("/store/suggestions", test_suggestions);
  ADD ("/store/annotations", test_annotations);
  ADD ("/store/submitted-final", test_submitted_is_final);
  ADD ("/store/schema-rules", test_schema_rules);
  ADD ("/store/events-append-only", test_events_append_only);
  ADD ("/store/flags-outbox", test_flags_and_outbox);
  ADD ("/store/assignments", test_assignments);
  ADD ("/store/nested-transactions", test_nested_transactions);
  ADD ("/store/disk-full", test_disk_full);
#undef ADD

  return g_test_run ();
}
