/* test-window.c
 *
 * The whole app, end to end, as an annotator uses it: the real application
 * and window on a real database file, driven by real pointer and key events
 * under Xvfb. Draw a box, label it by hotkey, set confidence, submit; select
 * a text span with keys and label it, submit. Then the database, opened
 * afresh, must hold exactly those regions, with the right coordinates and
 * offsets, and the matching events.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "limn-application.h"
#include "limn-gui-test.h"
#include "limn-image-canvas.h"
#include "limn-span-view.h"
#include "store/limn-store.h"
#include "limn-window.h"
#include "../limn-test-util.h"

/* One application per process: it registers on the test's private bus once. */
static LimnApplication *app;

typedef struct
{
  char            *dir;
  char            *project_file;
  LimnWindow      *window;
  char            *opened;
} Fixture;

static const char *text_doc = "Hello Zoë 👩‍💻 in Paris";

static void
task_opened_cb (LimnWindow *window,
                const char *task_id,
                Fixture    *f)
{
  g_free (f->opened);
  f->opened = g_strdup (task_id);
}

static gboolean
task_open (gpointer data)
{
  Fixture *f = data;

  return f->opened != NULL && limn_window_get_draft (f->window) != NULL;
}

static gboolean
canvas_ready (gpointer data)
{
  Fixture *f = data;
  LimnImageCanvas *canvas = LIMN_IMAGE_CANVAS (limn_window_get_image_canvas (f->window));

  return limn_image_canvas_get_state (canvas) == LIMN_IMAGE_CANVAS_STATE_READY;
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (from, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (to, contents, len, NULL));
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autofree char *image = NULL;
  /* A photo from the bundled demo (451×300): always in the repository. */
  g_autofree char *shared = g_build_filename (g_getenv ("LIMN_SOURCE_ROOT"), "data", "demo", "images",
                                              "chelsea.png", NULL);
  g_autofree char *json = NULL;
  g_autofree char *data_dir = NULL;

  f->dir = limn_test_mkdtemp ();
  data_dir = g_build_filename (f->dir, "data", NULL);
  g_setenv ("LIMN_DATA_DIR", data_dir, TRUE);

  image = g_build_filename (f->dir, "photo.png", NULL);
  copy_file (shared, image);

  json = g_strdup_printf ("{\"format\": \"limn-project\", \"version\": 1,"
                          " \"id\": \"0b6f7c1e-5f7e-4a45-9c1a-3b8c2f3e9d10\","
                          " \"name\": \"Window test\", \"kind\": \"both\","
                          " \"labels\": [{\"name\": \"Person\", \"hotkey\": \"1\"},"
                          "              {\"name\": \"Car\", \"hotkey\": \"2\"},"
                          "              {\"name\": \"Place\", \"hotkey\": \"3\"}],"
                          " \"tasks\": [{\"id\": \"6b1f0f7a-1c9e-4a7b-8f43-0d2b5e6a7c81\", \"image\": \"photo.png\"},"
                          "           {\"id\": \"9a0c4e2d-3b6f-4c8a-9e1d-7f5b2a3c4d6e\", \"text\": \"%s\","
                          "            \"language\": \"en\"}]}",
                          text_doc);
  f->project_file = g_build_filename (f->dir, "project.json", NULL);
  g_assert_true (g_file_set_contents (f->project_file, json, -1, NULL));

  f->window = limn_window_new (app);
  g_signal_connect (f->window, "task-opened", G_CALLBACK (task_opened_cb), f);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  limn_window_open_project_file (f->window, f->project_file);
  limn_gui_test_show (GTK_WINDOW (f->window));
  g_assert_true (limn_gui_test_wait_until (task_open, f, 20000));
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  limn_gui_test_spin (50);
  limn_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->project_file);
  g_free (f->opened);
}

/* Closes the window (which flushes the store) and opens the database as a
 * fresh reader would. */
static LimnStore *
reopen_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = limn_store_default_path ();
  LimnStore *store;

  gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = NULL;
  limn_gui_test_spin (50);

  store = limn_store_open (path, &error);
  g_assert_no_error (error);
  return store;
}

static guint
count_type (GPtrArray  *events,
            const char *type)
{
  guint n = 0;

  for (guint i = 0; i < events->len; i++)
    if (g_str_equal (((LimnEvent *)g_ptr_array_index (events, i))->type, type))
      n++;

  return n;
}

static gboolean
draft_has_regions (gpointer data)
{
  Fixture *f = data;
  LimnDraft *draft = limn_window_get_draft (f->window);

  return draft != NULL && limn_draft_get_n_regions (draft) > 0;
}

static gboolean
on_text_task (gpointer data)
{
  Fixture *f = data;

  return task_open (f) && g_strcmp0 (f->opened, "9a0c4e2d-3b6f-4c8a-9e1d-7f5b2a3c4d6e") == 0;
}

static gboolean
all_submitted_toast (gpointer data)
{
  Fixture *f = data;

  /* After the second submit there is nothing left to open: no draft. */
  return limn_window_get_draft (f->window) == NULL;
}

static void
test_label_image_and_text (Fixture       *f,
                           gconstpointer  data)
{
  GtkWidget *canvas = limn_window_get_image_canvas (f->window);
  GtkWidget *span_view;
  g_autoptr(LimnStore) store = NULL;
  g_autoptr(LimnAnnotation) image_ann = NULL;
  g_autoptr(LimnAnnotation) text_ann = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(LimnProject) project = NULL;
  const LimnRegion *box, *span;
  double x1, y1, x2, y2;
  LimnDraft *draft;

  g_assert_cmpstr (f->opened, ==, "6b1f0f7a-1c9e-4a7b-8f43-0d2b5e6a7c81");
  g_assert_true (limn_gui_test_wait_until (canvas_ready, f, 20000));
  limn_gui_test_spin (200);
  limn_gui_test_screenshot_root ("window-image-task");

  /* Drag a box from image (100, 80) to (300, 250). */
  limn_image_canvas_image_to_widget (LIMN_IMAGE_CANVAS (canvas), 100, 80, &x1, &y1);
  limn_image_canvas_image_to_widget (LIMN_IMAGE_CANVAS (canvas), 300, 250, &x2, &y2);
  limn_gui_test_drag (canvas, 1, x1, y1, x2, y2, 8);
  g_assert_true (limn_gui_test_wait_until (draft_has_regions, f, 5000));

  draft = limn_window_get_draft (f->window);
  g_assert_cmpuint (limn_draft_get_n_regions (draft), ==, 1);

  /* Relabel it with its hotkey, rate it, rate the task. */
  limn_gui_test_keys (GTK_WINDOW (f->window), "2 alt+4 ctrl+alt+3");
  box = limn_draft_get_region (draft, 0);
  g_assert_cmpfloat_with_epsilon (box->confidence, 0.8, 1e-9);
  g_assert_cmpfloat_with_epsilon (limn_draft_get_confidence (draft), 0.6, 1e-9);
  limn_gui_test_screenshot_root ("window-image-box");

  /* Submit: the text task opens next. */
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+Return");
  g_assert_true (limn_gui_test_wait_until (on_text_task, f, 10000));
  limn_gui_test_spin (200);

  /* Select "Hello" with the keyboard and label it Place (3). */
  span_view = limn_window_get_span_view (f->window);
  gtk_widget_grab_focus (span_view);
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+Home shift+Right shift+Right shift+Right shift+Right shift+Right 3");
  g_assert_true (limn_gui_test_wait_until (draft_has_regions, f, 5000));
  /* And "Zoë" by word: Right to after the space, Ctrl+Shift+Right. */
  limn_gui_test_keys (GTK_WINDOW (f->window), "Escape ctrl+Home ctrl+Right Right ctrl+shift+Right 1");
  limn_gui_test_screenshot_root ("window-text-spans");

  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+Return");
  g_assert_true (limn_gui_test_wait_until (all_submitted_toast, f, 10000));
  limn_gui_test_screenshot_root ("window-all-done");

  /* What the database holds, read afresh. */
  store = reopen_store (f);
  project = limn_store_load_project (store, "0b6f7c1e-5f7e-4a45-9c1a-3b8c2f3e9d10", NULL);
  g_assert_nonnull (project);

  image_ann = limn_store_load_latest (store, "6b1f0f7a-1c9e-4a7b-8f43-0d2b5e6a7c81",
                                      limn_store_get_local_annotator (store), NULL);
  g_assert_nonnull (image_ann);
  g_assert_cmpint (image_ann->state, ==, LIMN_ANNOTATION_SUBMITTED);
  g_assert_cmpuint (image_ann->regions->len, ==, 1);
  g_assert_cmpfloat_with_epsilon (image_ann->confidence, 0.6, 1e-9);
  g_assert_cmpint (image_ann->wall_ms, >, 0);
  g_assert_cmpint (image_ann->active_ms, <=, image_ann->wall_ms);
  box = g_ptr_array_index (image_ann->regions, 0);
  g_assert_cmpstr (box->label_id, ==, limn_label_get_id (limn_project_lookup_label_by_name (project, "Car")));
  g_assert_cmpfloat_with_epsilon (box->confidence, 0.8, 1e-9);
  /* Image pixel coordinates, whatever the zoom: within one image pixel. */
  g_test_message ("box: %.2f %.2f %.2f %.2f", box->box.x, box->box.y, box->box.w, box->box.h);
  g_assert_cmpfloat (fabs (box->box.x - 100), <=, 1.5);
  g_assert_cmpfloat (fabs (box->box.y - 80), <=, 1.5);
  g_assert_cmpfloat (fabs (box->box.w - 200), <=, 2.0);
  g_assert_cmpfloat (fabs (box->box.h - 170), <=, 2.0);

  text_ann = limn_store_load_latest (store, "9a0c4e2d-3b6f-4c8a-9e1d-7f5b2a3c4d6e",
                                     limn_store_get_local_annotator (store), NULL);
  g_assert_nonnull (text_ann);
  g_assert_cmpint (text_ann->state, ==, LIMN_ANNOTATION_SUBMITTED);
  g_assert_cmpuint (text_ann->regions->len, ==, 2);
  span = g_ptr_array_index (text_ann->regions, 0);
  g_assert_cmpint (span->start, ==, 0);
  g_assert_cmpint (span->end, ==, 5);
  g_assert_cmpstr (span->text, ==, "Hello");
  g_assert_cmpstr (span->label_id, ==, limn_label_get_id (limn_project_lookup_label_by_name (project, "Place")));
  span = g_ptr_array_index (text_ann->regions, 1);
  g_assert_cmpint (span->start, ==, 6);
  g_assert_cmpint (span->end, ==, 9);          /* code points: "Zoë" is 3, not 4 bytes' worth */
  g_assert_cmpstr (span->text, ==, "Zoë");

  /* The event log tells the same story. */
  events = limn_store_list_events (store, NULL, 0, 0, NULL);
  g_assert_cmpuint (count_type (events, LIMN_EVENT_SESSION_STARTED), ==, 1);
  g_assert_cmpuint (count_type (events, LIMN_EVENT_TASK_OPENED), ==, 2);
  g_assert_cmpuint (count_type (events, LIMN_EVENT_REGION_CREATED), ==, 3);
  g_assert_cmpuint (count_type (events, LIMN_EVENT_LABEL_CHANGED), ==, 1);
  g_assert_cmpuint (count_type (events, LIMN_EVENT_CONFIDENCE_SET), ==, 2);
  g_assert_cmpuint (count_type (events, LIMN_EVENT_SUBMIT), ==, 2);
  g_assert_true (limn_store_check_integrity (store, NULL));
}

static gboolean
has_two_regions (gpointer data)
{
  Fixture *f = data;
  LimnDraft *draft = limn_window_get_draft (f->window);

  return draft != NULL && limn_draft_get_n_regions (draft) == 2;
}

/* Undo and redo through the window's keys; a reopened draft keeps its work. */
static void
test_undo_and_autosave (Fixture       *f,
                        gconstpointer  data)
{
  GtkWidget *canvas = limn_window_get_image_canvas (f->window);
  g_autoptr(LimnStore) store = NULL;
  g_autoptr(LimnAnnotation) ann = NULL;
  LimnDraft *draft;
  double x1, y1, x2, y2;

  g_assert_true (limn_gui_test_wait_until (canvas_ready, f, 20000));
  draft = limn_window_get_draft (f->window);

  limn_image_canvas_image_to_widget (LIMN_IMAGE_CANVAS (canvas), 20, 20, &x1, &y1);
  limn_image_canvas_image_to_widget (LIMN_IMAGE_CANVAS (canvas), 120, 90, &x2, &y2);
  limn_gui_test_drag (canvas, 1, x1, y1, x2, y2, 6);
  limn_image_canvas_image_to_widget (LIMN_IMAGE_CANVAS (canvas), 200, 150, &x1, &y1);
  limn_image_canvas_image_to_widget (LIMN_IMAGE_CANVAS (canvas), 260, 220, &x2, &y2);
  limn_gui_test_drag (canvas, 1, x1, y1, x2, y2, 6);
  g_assert_true (limn_gui_test_wait_until (has_two_regions, f, 5000));

  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+z");
  g_assert_cmpuint (limn_draft_get_n_regions (draft), ==, 1);
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+shift+z");
  g_assert_cmpuint (limn_draft_get_n_regions (draft), ==, 2);
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+z");

  /* Not submitted: closing keeps the draft, with its one box. */
  store = reopen_store (f);
  ann = limn_store_load_latest (store, "6b1f0f7a-1c9e-4a7b-8f43-0d2b5e6a7c81",
                                limn_store_get_local_annotator (store), NULL);
  g_assert_nonnull (ann);
  g_assert_cmpint (ann->state, ==, LIMN_ANNOTATION_DRAFT);
  g_assert_cmpuint (ann->regions->len, ==, 1);
}

static void
count_signal_cb (gpointer  instance,
                 gpointer  data)
{
  (*(guint *)data)++;
}

static void
count_failure_cb (LimnStoreWorker *worker,
                  const GError    *error,
                  guint           *count)
{
  (*count)++;
}

static gboolean
counter_positive (gpointer data)
{
  return *(guint *)data > 0;
}

/* A full disk while labeling: the work stays in memory, the window says
 * so, and everything is written once space is back. */
static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  GtkWidget *canvas = limn_window_get_image_canvas (f->window);
  LimnStoreWorker *worker = limn_window_get_worker (f->window);
  g_autoptr(LimnStore) store = NULL;
  g_autoptr(LimnAnnotation) ann = NULL;
  guint failures = 0, recoveries = 0, drawn = 0;
  LimnDraft *draft;

  g_assert_true (limn_gui_test_wait_until (canvas_ready, f, 20000));
  draft = limn_window_get_draft (f->window);
  g_signal_connect (worker, "write-failed", G_CALLBACK (count_failure_cb), &failures);
  g_signal_connect (worker, "write-recovered", G_CALLBACK (count_signal_cb), &recoveries);

  /* The disk fills up (SQLite's page cap is a real SQLITE_FULL). */
  limn_store_worker_set_max_pages (worker, 1);
  while (failures == 0 && drawn < 40)
    {
      double x1, y1, x2, y2;
      double at = 10 + (drawn % 8) * 50;

      limn_image_canvas_image_to_widget (LIMN_IMAGE_CANVAS (canvas), at, 10 + (drawn / 8) * 50, &x1, &y1);
      limn_image_canvas_image_to_widget (LIMN_IMAGE_CANVAS (canvas), at + 30, 40 + (drawn / 8) * 50, &x2, &y2);
      limn_gui_test_drag (canvas, 1, x1, y1, x2, y2, 3);
      drawn++;
      limn_gui_test_wait_until (counter_positive, &failures, 300);
    }
  g_assert_cmpuint (failures, >, 0);
  g_assert_cmpuint (limn_draft_get_n_regions (draft), ==, drawn);
  limn_gui_test_spin (400);
  limn_gui_test_screenshot_root ("window-disk-full");

  /* Space is back: the retry writes it all. */
  limn_store_worker_set_max_pages (worker, G_MAXINT32);
  g_assert_true (limn_gui_test_wait_until (counter_positive, &recoveries, 40000));

  store = reopen_store (f);
  ann = limn_store_load_latest (store, "6b1f0f7a-1c9e-4a7b-8f43-0d2b5e6a7c81",
                                limn_store_get_local_annotator (store), NULL);
  g_assert_nonnull (ann);
  g_assert_cmpuint (ann->regions->len, ==, drawn);
  g_assert_true (limn_store_check_integrity (store, NULL));
}

/* Skip moves on and keeps the work on the skipped task as a draft. */
static void
test_skip_keeps_work (Fixture       *f,
                      gconstpointer  data)
{
  GtkWidget *canvas = limn_window_get_image_canvas (f->window);
  g_autoptr(LimnStore) store = NULL;
  g_autoptr(LimnAnnotation) ann = NULL;
  g_autofree char *status = NULL;
  double x1, y1, x2, y2;

  g_assert_true (limn_gui_test_wait_until (canvas_ready, f, 20000));
  limn_image_canvas_image_to_widget (LIMN_IMAGE_CANVAS (canvas), 30, 30, &x1, &y1);
  limn_image_canvas_image_to_widget (LIMN_IMAGE_CANVAS (canvas), 90, 80, &x2, &y2);
  limn_gui_test_drag (canvas, 1, x1, y1, x2, y2, 5);
  g_assert_true (limn_gui_test_wait_until (draft_has_regions, f, 5000));

  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+shift+k");
  g_assert_true (limn_gui_test_wait_until (on_text_task, f, 10000));

  store = reopen_store (f);
  status = limn_store_get_assignment (store, "6b1f0f7a-1c9e-4a7b-8f43-0d2b5e6a7c81",
                                      limn_store_get_local_annotator (store));
  g_assert_cmpstr (status, ==, "skipped");
  ann = limn_store_load_latest (store, "6b1f0f7a-1c9e-4a7b-8f43-0d2b5e6a7c81",
                                limn_store_get_local_annotator (store), NULL);
  g_assert_nonnull (ann);
  g_assert_cmpint (ann->state, ==, LIMN_ANNOTATION_DRAFT);
  g_assert_cmpuint (ann->regions->len, ==, 1);
}

static gboolean
shortcuts_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (GTK_IS_SHORTCUTS_WINDOW (w) && gtk_widget_get_mapped (w))
        {
          *(GtkWidget **)data = w;
          return TRUE;
        }
    }

  return FALSE;
}

/* Ctrl+? lists every action, built on first use. */
static void
test_shortcuts_window (Fixture       *f,
                       gconstpointer  data)
{
  GtkWidget *shortcuts = NULL;

  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+question");
  g_assert_true (limn_gui_test_wait_until (shortcuts_shown, &shortcuts, 5000));
  limn_gui_test_spin (300);
  limn_gui_test_screenshot_root ("window-shortcuts");
  /* Two sections, so that neither runs past the screen's edge. */
  g_object_set (shortcuts, "section-name", "review", NULL);
  limn_gui_test_spin (300);
  limn_gui_test_screenshot_root ("window-shortcuts-review");
  gtk_window_close (GTK_WINDOW (shortcuts));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  limn_gui_test_init (&argc, &argv);

  app = limn_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add ("/window/label-image-and-text", Fixture, NULL, setup, test_label_image_and_text, teardown);
  g_test_add ("/window/undo-and-autosave", Fixture, NULL, setup, test_undo_and_autosave, teardown);
  g_test_add ("/window/disk-full", Fixture, NULL, setup, test_disk_full, teardown);
  g_test_add ("/window/shortcuts", Fixture, NULL, setup, test_shortcuts_window, teardown);
  g_test_add ("/window/skip-keeps-work", Fixture, NULL, setup, test_skip_keeps_work, teardown);

  return g_test_run ();
}
