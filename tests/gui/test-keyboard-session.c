/* test-keyboard-session.c
 *
 * A whole labeling session without a pointer (issue 21): the real window
 * on a real database file under Xvfb, and after start-up nothing but key
 * events from xdotool (no pointer moves, no clicks, no grab_focus() from
 * the test). On the image task Ctrl+B makes a box, arrows move it,
 * Shift+arrows resize it, a number key labels it, Alt+N rates it,
 * Ctrl+Alt+N rates the task, Ctrl+Return submits; on the text task
 * Shift+arrows select a span and a number key labels it; Ctrl+Shift+F
 * flags the task, the note typed and confirmed with Ctrl+Return; then
 * Ctrl+Return submits. What the draft and the database hold is checked
 * after each step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "limn-application.h"
#include "limn-flag-dialog.h"
#include "limn-gui-db.h"
#include "limn-gui-test.h"
#include "limn-image-canvas.h"
#include "limn-span-view.h"
#include "limn-window.h"
#include "store/limn-store.h"
#include "../limn-test-util.h"

#define PROJECT    "0b6f7c1e-5f7e-4a45-9c1a-3b8c2f3e9d10"
#define IMAGE_TASK "6b1f0f7a-1c9e-4a7b-8f43-0d2b5e6a7c81"
#define TEXT_TASK  "9a0c4e2d-3b6f-4c8a-9e1d-7f5b2a3c4d6e"

static LimnApplication *app;

typedef struct
{
  char       *dir;
  char       *db;
  char       *project_file;
  LimnWindow *window;
  char       *opened;
} Fixture;

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
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autofree char *shared = g_build_filename (g_getenv ("LIMN_SOURCE_ROOT"), "data", "demo", "images",
                                              "chelsea.png", NULL);
  g_autofree char *image = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *data_dir = NULL;
  gsize len;
  const char *json =
    "{\"format\": \"limn-project\", \"version\": 1, \"id\": \"" PROJECT "\","
    " \"name\": \"Keyboard\", \"kind\": \"both\","
    " \"labels\": [{\"name\": \"Person\", \"hotkey\": \"1\"},"
    "              {\"name\": \"Car\", \"hotkey\": \"2\"},"
    "              {\"name\": \"Place\", \"hotkey\": \"3\"}],"
    " \"tasks\": [{\"id\": \"" IMAGE_TASK "\", \"image\": \"photo.png\"},"
    "           {\"id\": \"" TEXT_TASK "\", \"text\": \"Hello in Paris\", \"language\": \"en\"}]}";

  f->dir = limn_test_mkdtemp ();
  data_dir = g_build_filename (f->dir, "data", NULL);
  g_setenv ("LIMN_DATA_DIR", data_dir, TRUE);
  f->db = limn_store_default_path ();

  image = g_build_filename (f->dir, "photo.png", NULL);
  g_assert_true (g_file_get_contents (shared, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (image, contents, len, NULL));
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
  g_free (f->db);
  g_free (f->project_file);
  g_free (f->opened);
}

static char *
db_text (Fixture    *f,
         const char *sql,
         const char *arg)
{
  return limn_gui_db_text (f->db, sql, arg);
}

static void
assert_db (Fixture    *f,
           const char *sql,
           const char *arg,
           const char *want)
{
  limn_gui_db_assert (f->db, sql, arg, want);
}

static guint
n_regions (Fixture *f)
{
  LimnDraft *draft = limn_window_get_draft (f->window);

  return draft != NULL ? limn_draft_get_n_regions (draft) : 0;
}

static gboolean
has_region (gpointer data)
{
  return n_regions (data) == 1;
}

static gboolean
on_text_task (gpointer data)
{
  Fixture *f = data;

  return task_open (f) && g_strcmp0 (f->opened, TEXT_TASK) == 0;
}

static gboolean
all_done (gpointer data)
{
  Fixture *f = data;

  return limn_window_get_draft (f->window) == NULL;
}

static GtkWindow *
flag_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (LIMN_IS_FLAG_DIALOG (w) && gtk_widget_get_mapped (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

static gboolean
flag_dialog_shown (gpointer data)
{
  return flag_dialog () != NULL;
}

static gboolean
flag_dialog_gone (gpointer data)
{
  return flag_dialog () == NULL;
}

static const char *
label_id (Fixture    *f,
          const char *name)
{
  static char id[64];
  g_autofree char *row = db_text (f, "SELECT id FROM labels WHERE name = ?1", name);

  g_strlcpy (id, g_strstrip (row), sizeof id);
  return id;
}

static void
test_label_session (Fixture       *f,
                    gconstpointer  data)
{
  GtkWindow *window = GTK_WINDOW (f->window);
  GtkWidget *canvas = limn_window_get_image_canvas (f->window);
  LimnDraft *draft;
  const LimnRegion *region;
  LimnBox b0;
  GtkWindow *dialog;
  g_autofree char *car = NULL;
  g_autofree char *place = NULL;
  g_autofree char *want_box = NULL;
  g_autofree char *want_span = NULL;

  g_assert_cmpstr (f->opened, ==, IMAGE_TASK);
  g_assert_true (limn_gui_test_wait_until (canvas_ready, f, 20000));
  limn_gui_test_spin (200);
  car = g_strdup (label_id (f, "Car"));
  place = g_strdup (label_id (f, "Place"));

  /* The opened task has the keyboard: nothing to click first. */
  g_assert_true (gtk_widget_has_focus (canvas));

  /* Ctrl+B: a box, selected. */
  limn_gui_test_keys (window, "ctrl+b");
  g_assert_true (limn_gui_test_wait_until (has_region, f, 5000));
  draft = limn_window_get_draft (f->window);
  region = limn_draft_get_region (draft, 0);
  b0 = region->box;
  g_test_message ("new box: %g %g %g %g", b0.x, b0.y, b0.w, b0.h);
  g_assert_cmpfloat (b0.w, >, 4);
  g_assert_cmpfloat (b0.h, >, 4);

  /* Arrows move it by a pixel (ten with Ctrl); Shift+arrows resize it. */
  limn_gui_test_keys (window, "Right Right Down ctrl+Right shift+Right shift+Down shift+Down");
  region = limn_draft_get_region (draft, 0);
  g_assert_cmpfloat_with_epsilon (region->box.x, b0.x + 12, 1e-6);
  g_assert_cmpfloat_with_epsilon (region->box.y, b0.y + 1, 1e-6);
  g_assert_cmpfloat_with_epsilon (region->box.w, b0.w + 1, 1e-6);
  g_assert_cmpfloat_with_epsilon (region->box.h, b0.h + 2, 1e-6);

  /* 2 labels it Car, Alt+4 rates it, Ctrl+Alt+3 rates the task. */
  limn_gui_test_keys (window, "2 alt+4 ctrl+alt+3");
  region = limn_draft_get_region (draft, 0);
  g_assert_cmpstr (region->label_id, ==, car);
  g_assert_cmpfloat_with_epsilon (region->confidence, 0.8, 1e-9);
  g_assert_cmpfloat_with_epsilon (limn_draft_get_confidence (draft), 0.6, 1e-9);
  g_free (limn_gui_test_screenshot_root ("keyboard-session-box"));

  /* Ctrl+Return submits: stored as submitted; the text task opens. */
  limn_gui_test_keys (window, "ctrl+Return");
  assert_db (f, "SELECT state, confidence FROM annotations WHERE task_id = ?1 ORDER BY revision DESC LIMIT 1",
             IMAGE_TASK, "submitted|0.6\n");
  assert_db (f, "SELECT r.label_id, r.confidence FROM regions r JOIN annotations a ON r.annotation_id = a.id"
                " WHERE a.task_id = ?1 AND a.state = 'submitted'", IMAGE_TASK,
             (want_box = g_strdup_printf ("%s|0.8\n", car)));
  g_assert_true (limn_gui_test_wait_until (on_text_task, f, 10000));
  limn_gui_test_spin (200);

  /* The span view has the keyboard; Shift+Right ×5 selects "Hello", 3
   * labels it Place. */
  g_assert_true (gtk_widget_has_focus (limn_window_get_span_view (f->window)));
  limn_gui_test_keys (window, "ctrl+Home shift+Right shift+Right shift+Right shift+Right shift+Right 3");
  g_assert_true (limn_gui_test_wait_until (has_region, f, 5000));
  region = limn_draft_get_region (limn_window_get_draft (f->window), 0);
  g_assert_cmpint (region->start, ==, 0);
  g_assert_cmpint (region->end, ==, 5);
  g_assert_cmpstr (region->label_id, ==, place);

  /* Ctrl+Shift+F: the note has the focus; typed, Ctrl+Return sends it. */
  limn_gui_test_keys (window, "ctrl+shift+f");
  g_assert_true (limn_gui_test_wait_until (flag_dialog_shown, NULL, 5000));
  limn_gui_test_spin (300);
  dialog = flag_dialog ();
  limn_gui_test_type (dialog, "Is Paris a Place or a Person?");
  g_free (limn_gui_test_screenshot_root ("keyboard-session-flag"));
  limn_gui_test_keys (dialog, "ctrl+Return");
  g_assert_true (limn_gui_test_wait_until (flag_dialog_gone, NULL, 5000));
  assert_db (f, "SELECT body, state FROM flags WHERE task_id = ?1", TEXT_TASK,
             "Is Paris a Place or a Person?|open\n");
  limn_gui_test_spin (200);

  /* The keyboard is back on the task: Ctrl+Return submits it. */
  limn_gui_test_keys (window, "ctrl+Return");
  g_assert_true (limn_gui_test_wait_until (all_done, f, 10000));
  assert_db (f, "SELECT a.state, r.start_cp, r.end_cp, r.label_id FROM annotations a"
                " JOIN regions r ON r.annotation_id = a.id WHERE a.task_id = ?1 AND a.state = 'submitted'",
             TEXT_TASK, (want_span = g_strdup_printf ("submitted|0|5|%s\n", place)));
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

  g_test_add ("/keyboard-session/label-image-text-flag", Fixture, NULL, setup, test_label_session, teardown);

  return g_test_run ();
}
