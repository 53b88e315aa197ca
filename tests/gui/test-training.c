/* test-training.c
 *
 * Training and the qualification gate (issue 23, docs/training.md) as an
 * annotator meets them: the real window and a real limn-server on a
 * loopback port, under Xvfb, driven by xdotool. The project has two gold
 * items, guidelines with a section per label, and the rule "1 gold item
 * at 50 %". Signed in through the dialog, the annotator is handed the two
 * gold items only. On the first they draw a Person box where gold has a
 * Car and submit (Ctrl+Return): the task stays open and the training
 * panel shows "Car given as Person (IoU …)" with the Car and Person
 * sections of the guidelines; they failed, so Next brings the second
 * gold item; a Car box there is right and qualifies them; Next, then Get
 * More Tasks brings a normal item. Screenshots: training-feedback.png,
 * training-qualified.png, training-progress.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "limn-application.h"
#include "limn-gui-test.h"
#include "limn-image-canvas.h"
#include "limn-progress-page.h"
#include "limn-server-test.h"
#include "limn-sign-in-dialog.h"
#include "limn-task-page-private.h"
#include "limn-training-panel.h"
#include "limn-window.h"
#include "limn-window-private.h"
#include "../limn-test-util.h"

static LimnApplication *app;

static const char guidelines[] =
  "# Street scenes\n\nBox every road user you can see.\n\n"
  "## Car\n\nBox the whole car, mirrors included.\n\n"
  "## Person\n\nPeople on foot or on a bicycle.\n";

typedef struct
{
  char           *dir;
  LimnTestServer *server;
  char           *project_id;
  char           *token;
  GPtrArray      *task_ids;    /* the server's, by position (owned by server) */
  LimnWindow     *window;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autofree char *data_dir = NULL;
  g_autofree char *car = NULL;
  g_autofree char *answer = NULL;
  g_autofree char *answer_path = NULL;
  g_autofree char *md_path = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  f->dir = limn_test_mkdtemp ();
  data_dir = g_build_filename (f->dir, "client", NULL);
  g_setenv ("LIMN_DATA_DIR", data_dir, TRUE);
  g_settings_reset (settings, "offline-tasks");

  f->server = limn_test_server_new ();
  f->project_id = limn_test_server_add_image_project (f->server, "Streets", 4);
  f->task_ids = limn_test_server_get_task_ids (f->server, f->project_id);
  f->token = limn_test_server_add_token (f->server, "tina", f->project_id, "annotator", NULL);
  car = limn_test_server_label_id (f->server, f->project_id, 1);

  /* Tasks 0 and 1 are gold: one Car box from (10, 10) to (40, 40). */
  answer = g_strdup_printf ("{\"regions\": [{\"id\": \"11111111-2222-4333-8444-555555555555\","
                            " \"kind\": \"box\", \"label\": \"%s\", \"box\": [10, 10, 30, 30]}]}", car);
  answer_path = g_build_filename (f->dir, "gold.json", NULL);
  g_assert_true (g_file_set_contents (answer_path, answer, -1, NULL));
  for (guint i = 0; i < 2; i++)
    g_free (limn_test_server_admin (f->server, "gold", "set", "--project", f->project_id, "--task",
                                    g_ptr_array_index (f->task_ids, i), "--answer", answer_path, NULL));
  md_path = g_build_filename (f->dir, "guidelines.md", NULL);
  g_assert_true (g_file_set_contents (md_path, guidelines, -1, NULL));
  g_free (limn_test_server_admin (f->server, "guidelines", "publish", "--project", f->project_id,
                                  "--file", md_path, NULL));
  g_free (limn_test_server_admin (f->server, "project", "set", "--project", f->project_id,
                                  "--qualification", "{\"min_accuracy\": 0.5, \"gold_items\": 1}",
                                  NULL));
  limn_test_server_start (f->server, NULL, NULL);

  f->window = limn_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  limn_window_open_default (f->window);
  limn_gui_test_show (GTK_WINDOW (f->window));
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  limn_gui_test_spin (50);
  g_clear_pointer (&f->server, limn_test_server_free);
  limn_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->project_id);
  g_free (f->token);
}

static gboolean
find_sign_in (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (LIMN_IS_SIGN_IN_DIALOG (w) && gtk_widget_get_mapped (w))
        {
          *(GtkWidget **)data = w;
          return TRUE;
        }
    }
  return FALSE;
}

typedef struct
{
  Fixture    *f;
  const char *task_id;
} TaskWait;

/* The window is on @task_id with its image on the canvas. */
static gboolean
on_task (gpointer data)
{
  TaskWait *w = data;
  LimnImageCanvas *canvas = LIMN_IMAGE_CANVAS (limn_window_get_image_canvas (w->f->window));

  return limn_window_get_draft (w->f->window) != NULL &&
         g_strcmp0 (limn_window_get_task_id (w->f->window), w->task_id) == 0 &&
         gtk_widget_get_mapped (GTK_WIDGET (canvas)) &&
         limn_image_canvas_get_state (canvas) == LIMN_IMAGE_CANVAS_STATE_READY;
}

static LimnTrainingPanel *
panel (Fixture *f)
{
  return f->window->task_page->training_panel;
}

typedef struct
{
  Fixture    *f;
  const char *prefix;
} TitleWait;

static gboolean
panel_title_is (gpointer data)
{
  TitleWait *w = data;
  LimnTrainingPanel *p = panel (w->f);

  return p != NULL && gtk_widget_get_mapped (GTK_WIDGET (p)) &&
         g_str_has_prefix (limn_training_panel_get_title (p), w->prefix);
}

/* Draws a box over image pixels (x1, y1)–(x2, y2) with label key @key. */
static void
draw_box (Fixture    *f,
          const char *key,
          double      x1,
          double      y1,
          double      x2,
          double      y2)
{
  GtkWidget *canvas = limn_window_get_image_canvas (f->window);
  double wx1, wy1, wx2, wy2;

  gtk_widget_grab_focus (canvas);
  limn_gui_test_keys (GTK_WINDOW (f->window), key);
  limn_image_canvas_image_to_widget (LIMN_IMAGE_CANVAS (canvas), x1, y1, &wx1, &wy1);
  limn_image_canvas_image_to_widget (LIMN_IMAGE_CANVAS (canvas), x2, y2, &wx2, &wy2);
  limn_gui_test_drag (canvas, 1, wx1, wy1, wx2, wy2, 8);
  limn_gui_test_spin (200);
  g_assert_cmpuint (limn_draft_get_n_regions (limn_window_get_draft (f->window)), ==, 1);
}

typedef struct
{
  Fixture *f;
  gint64   want;
} CountWait;

static gboolean
assignments_are (gpointer data)
{
  CountWait *w = data;

  return limn_test_server_count (w->f->server, NULL, "assignments") == w->want;
}

static gboolean
task_listed (gpointer data)
{
  TaskWait *w = data;
  LimnTaskList *list = w->f->window->task_page->task_list;

  for (guint i = 0; i < limn_task_list_get_n_tasks (list); i++)
    if (g_strcmp0 (limn_task_get_id (limn_task_list_get_task (list, i)), w->task_id) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
progress_built (gpointer data)
{
  Fixture *f = data;
  GtkWidget *bin = adw_view_stack_get_child_by_name (f->window->pages, "progress");

  return bin != NULL && adw_bin_get_child (ADW_BIN (bin)) != NULL &&
         gtk_widget_get_mapped (adw_bin_get_child (ADW_BIN (bin)));
}

static gboolean
training_shown (gpointer data)
{
  g_autofree char *text = limn_progress_page_get_training (data);

  return text[0] != '\0';
}

static void
test_training_to_qualified (Fixture       *f,
                            gconstpointer  data)
{
  GtkWidget *dialog = NULL;
  TaskWait first = { f, g_ptr_array_index (f->task_ids, 0) };
  TaskWait second = { f, g_ptr_array_index (f->task_ids, 1) };
  TaskWait normal = { f, g_ptr_array_index (f->task_ids, 2) };
  TitleWait differs = { f, "1 difference" };
  TitleWait right = { f, "Right" };
  CountWait four = { f, 4 };
  LimnProgressPage *progress;
  g_autofree char *training = NULL;
  g_autofree char *differences = NULL;
  g_autofree char *passages = NULL;

  /* Sign in by typing, as a person does. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sign-in", NULL);
  g_assert_true (limn_gui_test_wait_until (find_sign_in, &dialog, 5000));
  limn_gui_test_spin (300);
  limn_gui_test_type (GTK_WINDOW (dialog), limn_test_server_get_url (f->server));
  limn_gui_test_keys (GTK_WINDOW (dialog), "Tab");
  limn_gui_test_type (GTK_WINDOW (dialog), f->token);
  limn_gui_test_keys (GTK_WINDOW (dialog), "Return");

  /* Training: the two gold items only, the first open. */
  g_assert_true (limn_gui_test_wait_until (on_task, &first, 30000));
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "assignments"), ==, 2);
  limn_gui_test_spin (300);

  /* The panel is made on the first training submit, not with the page. */
  g_assert_null (panel (f));

  /* A Person box where gold has a Car: submitted, the task stays open
   * and the panel shows the difference and both labels' guidelines. */
  draw_box (f, "1", 11, 11, 40, 40);
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+Return");
  g_assert_true (limn_gui_test_wait_until (panel_title_is, &differs, 30000));
  g_assert_cmpstr (limn_window_get_task_id (f->window), ==, first.task_id);
  differences = limn_training_panel_get_differences (panel (f));
  g_test_message ("differences: %s", differences);
  g_assert_true (g_str_has_prefix (differences, "Car given as Person (IoU 0.9"));
  passages = limn_training_panel_get_passages (panel (f));
  g_assert_nonnull (strstr (passages, "## Car\n\nBox the whole car, mirrors included."));
  g_assert_nonnull (strstr (passages, "## Person\n\nPeople on foot"));
  g_assert_null (strstr (passages, "# Street scenes"));
  /* 0 of 1 is below 50 %: a fresh attempt. */
  g_assert_cmpstr (limn_training_panel_get_status (panel (f)), ==,
                   "Qualification: 1 gold item to go — passes at 50 %");
  limn_gui_test_spin (500);
  g_free (limn_gui_test_screenshot_root ("training-feedback"));

  /* Next: the other gold item. */
  limn_gui_test_click (limn_training_panel_get_next_button (panel (f)), 5, 5, 1);
  g_assert_true (limn_gui_test_wait_until (on_task, &second, 30000));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel (f))));

  /* A Car box in the right place: right, and qualified. */
  draw_box (f, "2", 10, 11, 40, 40);
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+Return");
  g_assert_true (limn_gui_test_wait_until (panel_title_is, &right, 30000));
  g_assert_cmpstr (limn_training_panel_get_status (panel (f)), ==, "Qualified: 1 of 1 gold item right");
  limn_gui_test_spin (500);
  g_free (limn_gui_test_screenshot_root ("training-qualified"));

  /* The Progress page (Alt+Page Down) says where they stand. */
  limn_gui_test_keys (GTK_WINDOW (f->window), "alt+Page_Down");
  g_assert_true (limn_gui_test_wait_until (progress_built, f, 10000));
  progress = LIMN_PROGRESS_PAGE (adw_bin_get_child (ADW_BIN (
    adw_view_stack_get_child_by_name (f->window->pages, "progress"))));
  g_assert_true (limn_gui_test_wait_until (training_shown, progress, 10000));
  training = limn_progress_page_get_training (progress);
  g_assert_cmpstr (training, ==, "Qualified: 1 of 1 gold item right\nTraining accuracy: 1 of 2 right (50 %)");
  limn_gui_test_spin (300);
  g_free (limn_gui_test_screenshot_root ("training-progress"));
  limn_gui_test_keys (GTK_WINDOW (f->window), "alt+Page_Up");
  limn_gui_test_spin (300);

  /* Qualified: normal items come (the two that are not gold). */
  limn_gui_test_click (limn_training_panel_get_next_button (panel (f)), 5, 5, 1);
  limn_gui_test_spin (300);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.get-tasks", NULL);
  g_assert_true (limn_gui_test_wait_until (assignments_are, &four, 30000));
  g_assert_true (limn_gui_test_wait_until (task_listed, &normal, 30000));
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

  g_test_add ("/gui-training/to-qualified", Fixture, NULL, setup, test_training_to_qualified, teardown);

  return g_test_run ();
}
