/* test-task-list.c
 *
 * The task list as an annotator meets it, with real pointer, wheel and key
 * events under Xvfb: hovering and scrolling over it open nothing, arrow
 * keys move the focus and open nothing, a click or Enter opens. A
 * submitted task opens read-only: looking at it changes nothing in the
 * store; Edit Again makes the next revision. The status bar's count and
 * "next" after a submit come from the store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "limn-application.h"
#include "limn-gui-test.h"
#include "store/limn-store.h"
#include "limn-window.h"
#include "../limn-test-util.h"

#define N_TEXTS 12

static LimnApplication *app;

typedef struct
{
  char       *dir;
  LimnWindow *window;
  GPtrArray  *opened;    /* task ids, in the order they opened */
  GPtrArray  *task_ids;
} Fixture;

static void
task_opened_cb (LimnWindow *window,
                const char *task_id,
                Fixture    *f)
{
  g_ptr_array_add (f->opened, g_strdup (task_id));
}

static gboolean
first_open (gpointer data)
{
  Fixture *f = data;

  return f->opened->len > 0 && limn_window_get_draft (f->window) != NULL;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GString) json = g_string_new (NULL);
  g_autofree char *data_dir = NULL;
  g_autofree char *project_file = NULL;

  f->dir = limn_test_mkdtemp ();
  data_dir = g_build_filename (f->dir, "data", NULL);
  g_setenv ("LIMN_DATA_DIR", data_dir, TRUE);
  f->opened = g_ptr_array_new_with_free_func (g_free);
  f->task_ids = g_ptr_array_new_with_free_func (g_free);

  g_string_append (json, "{\"format\": \"limn-project\", \"version\": 1,"
                         " \"id\": \"3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d\","
                         " \"name\": \"Task list\", \"kind\": \"text\","
                         " \"labels\": [{\"name\": \"Person\", \"hotkey\": \"1\"},"
                         "              {\"name\": \"Place\", \"hotkey\": \"2\"}],"
                         " \"tasks\": [");
  for (guint i = 0; i < N_TEXTS; i++)
    {
      g_autofree char *id = g_strdup_printf ("00000000-0000-4000-8000-%012u", i + 1);

      g_string_append_printf (json, "%s{\"id\": \"%s\", \"text\": \"Ada visited Paris on day %u.\"}",
                              i > 0 ? ", " : "", id, i + 1);
      g_ptr_array_add (f->task_ids, g_steal_pointer (&id));
    }
  g_string_append (json, "]}");
  project_file = g_build_filename (f->dir, "project.json", NULL);
  g_assert_true (g_file_set_contents (project_file, json->str, -1, NULL));

  f->window = limn_window_new (app);
  g_signal_connect (f->window, "task-opened", G_CALLBACK (task_opened_cb), f);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 900);
  limn_window_open_project_file (f->window, project_file);
  limn_gui_test_show (GTK_WINDOW (f->window));
  g_assert_true (limn_gui_test_wait_until (first_open, f, 20000));
  limn_gui_test_spin (200);
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
  g_ptr_array_unref (f->opened);
  g_ptr_array_unref (f->task_ids);
}

static GtkWidget *
row_at (Fixture *f,
        guint    position)
{
  return limn_gui_test_list_row (limn_window_get_task_list (f->window), position);
}

static void
hover_row (Fixture *f,
           guint    position)
{
  GtkWidget *row = row_at (f, position);

  limn_gui_test_move (row, gtk_widget_get_width (row) / 2.0, gtk_widget_get_height (row) / 2.0);
  limn_gui_test_spin (30);
}

static void
click_row (Fixture *f,
           guint    position)
{
  GtkWidget *row = row_at (f, position);

  limn_gui_test_click (row, gtk_widget_get_width (row) / 2.0, gtk_widget_get_height (row) / 2.0, 1);
}

typedef struct
{
  Fixture    *f;
  const char *task_id;
} OpenWait;

static gboolean
is_open (gpointer data)
{
  OpenWait *w = data;

  return g_strcmp0 (limn_window_get_task_id (w->f->window), w->task_id) == 0 &&
         limn_window_get_draft (w->f->window) != NULL;
}

static void
wait_open (Fixture *f,
           guint    position)
{
  OpenWait w = { f, g_ptr_array_index (f->task_ids, position) };

  g_assert_true (limn_gui_test_wait_until (is_open, &w, 10000));
}

/* Closes the window, which writes everything pending, and returns the
 * database's path for a fresh reader. */
static char *
close_window (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = NULL;
  limn_gui_test_spin (50);

  return limn_store_default_path ();
}

static gint64
count (const char *db_path,
       const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return n;
}

static void
test_hover_and_wheel_open_nothing (Fixture       *f,
                                   gconstpointer  data)
{
  GtkWidget *list = limn_window_get_task_list (f->window);
  const char *first = g_ptr_array_index (f->task_ids, 0);
  g_autofree char *db = NULL;

  g_assert_cmpuint (f->opened->len, ==, 1);
  g_assert_cmpstr (limn_window_get_task_id (f->window), ==, first);

  /* The pointer passes over every row, and the wheel turns over the list. */
  for (guint i = 0; i < N_TEXTS; i++)
    hover_row (f, i);
  hover_row (f, 5);
  limn_gui_test_scroll (list, gtk_widget_get_width (list) / 2.0, 200, 5, 6, NULL);
  limn_gui_test_scroll (list, gtk_widget_get_width (list) / 2.0, 200, 4, 6, NULL);
  limn_gui_test_spin (300);
  g_assert_cmpuint (f->opened->len, ==, 1);
  g_assert_cmpstr (limn_window_get_task_id (f->window), ==, first);
  limn_gui_test_screenshot (GTK_WIDGET (f->window), "task-list-hover");

  /* Arrow keys move the focus along the list and open nothing; Enter opens. */
  gtk_widget_grab_focus (row_at (f, 0));
  limn_gui_test_keys (GTK_WINDOW (f->window), "Down Down Down");
  limn_gui_test_spin (200);
  g_assert_cmpuint (f->opened->len, ==, 1);
  g_assert_cmpstr (limn_window_get_task_id (f->window), ==, first);
  limn_gui_test_keys (GTK_WINDOW (f->window), "Return");
  wait_open (f, 3);
  g_assert_cmpuint (f->opened->len, ==, 2);

  /* A click opens. */
  click_row (f, 7);
  wait_open (f, 7);
  g_assert_cmpuint (f->opened->len, ==, 3);
  g_assert_cmpstr (limn_window_get_position_text (f->window), ==, "Task 8 of 12 · 0 submitted");

  /* Looking at tasks stored nothing: no drafts, every task still new. */
  db = close_window (f);
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM annotations"), ==, 0);
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM assignments WHERE status <> 'new'"), ==, 0);
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM events WHERE type = 'task_opened'"), ==, 3);
}

/* Selects the first word and labels it Person, then submits. */
static void
label_and_submit (Fixture *f)
{
  gtk_widget_grab_focus (limn_window_get_span_view (f->window));
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+Home ctrl+shift+Right 1 ctrl+Return");
}

static gboolean
read_only_open (gpointer data)
{
  Fixture *f = data;
  LimnDraft *draft = limn_window_get_draft (f->window);

  return draft != NULL && limn_draft_get_read_only (draft) &&
         limn_window_get_submitted_banner_shown (f->window);
}

static void
test_submitted_opens_read_only (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *db = NULL;
  g_autofree char *sql = NULL;

  /* Submit the first two: the window moves on by itself. */
  label_and_submit (f);
  wait_open (f, 1);
  label_and_submit (f);
  wait_open (f, 2);
  g_assert_cmpstr (limn_window_get_position_text (f->window), ==, "Task 3 of 12 · 2 submitted");

  /* Open the first again: shown as submitted, read-only. Keys that would
   * label, undo or submit do nothing. */
  click_row (f, 0);
  wait_open (f, 0);
  g_assert_true (limn_gui_test_wait_until (read_only_open, f, 5000));
  limn_gui_test_screenshot (GTK_WIDGET (f->window), "task-list-submitted-read-only");
  gtk_widget_grab_focus (limn_window_get_span_view (f->window));
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+End ctrl+shift+Left 2 Delete ctrl+z ctrl+Return");
  limn_gui_test_spin (300);
  g_assert_cmpstr (limn_window_get_task_id (f->window), ==, g_ptr_array_index (f->task_ids, 0));
  g_assert_cmpuint (limn_draft_get_n_regions (limn_window_get_draft (f->window)), ==, 1);

  /* Leave it and come back, twice: still one revision, still submitted. */
  click_row (f, 1);
  wait_open (f, 1);
  click_row (f, 0);
  wait_open (f, 0);
  click_row (f, 5);
  wait_open (f, 5);
  g_assert_cmpstr (limn_window_get_position_text (f->window), ==, "Task 6 of 12 · 2 submitted");

  /* Edit Again (Ctrl+E) on the second: the next revision, stored with its
   * first change, then submitted again. */
  click_row (f, 1);
  wait_open (f, 1);
  g_assert_true (limn_gui_test_wait_until (read_only_open, f, 5000));
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+e");
  limn_gui_test_spin (200);
  g_assert_false (limn_draft_get_read_only (limn_window_get_draft (f->window)));
  g_assert_false (limn_window_get_submitted_banner_shown (f->window));
  gtk_widget_grab_focus (limn_window_get_span_view (f->window));
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+End ctrl+shift+Left 2 ctrl+Return");
  /* "Next" is the first task still to do, not a submitted one. */
  wait_open (f, 2);
  g_assert_cmpstr (limn_window_get_position_text (f->window), ==, "Task 3 of 12 · 2 submitted");

  db = close_window (f);
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM annotations WHERE task_id = '00000000-0000-4000-8000-000000000001'"),
                   ==, 1);
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM annotations WHERE state = 'draft'"), ==, 0);
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM assignments WHERE status = 'submitted'"), ==, 2);
  sql = g_strdup ("SELECT COUNT(*) FROM annotations a JOIN annotations p ON p.id = a.parent_id "
                  "WHERE a.task_id = '00000000-0000-4000-8000-000000000002' AND a.revision = 2 "
                  "AND a.state = 'submitted' AND p.revision = 1");
  g_assert_cmpint (count (db, sql), ==, 1);
  g_assert_cmpint (count (db, "SELECT COUNT(*) FROM events WHERE type = 'revision_started'"), ==, 1);
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

  g_test_add ("/task-list/hover-and-wheel-open-nothing", Fixture, NULL, setup,
              test_hover_and_wheel_open_nothing, teardown);
  g_test_add ("/task-list/submitted-opens-read-only", Fixture, NULL, setup,
              test_submitted_opens_read_only, teardown);

  return g_test_run ();
}
