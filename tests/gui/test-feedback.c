/* test-feedback.c
 *
 * The annotator's side of review and feedback (issue 18), in the real
 * window under Xvfb with real input. The store is prepared through the
 * core API, and what a server sent is applied with the sync client's own
 * job (the review fixtures of tests/sync): a task sent back with pinned
 * comments, a reply to the annotator's report, guidelines version 3 and
 * a coaching note. The sent-back task is first in the list with its
 * banner, a pinned comment selects its box, History lists the revision
 * and the verdict; a reply typed in the Feedback page goes out with
 * Ctrl+Enter and with the button, into the outbox; Read on the guideline
 * banner shows what changed and Acknowledge records it; a report made
 * with a box selected is tied to it unless switched off. Screenshots in
 * tests/artifacts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "limn-application.h"
#include "limn-flag-dialog.h"
#include "limn-gui-test.h"
#include "limn-guidelines-window.h"
#include "limn-rework-banner.h"
#include "limn-task-page-private.h"
#include "limn-task-row.h"
#include "limn-threads-page.h"
#include "limn-window-private.h"
#include "store/limn-store-accounts.h"
#include "store/limn-store-worker.h"
#include "sync/limn-sync-jobs.h"
#include "../limn-test-util.h"

#define P    "11111111-1111-4111-8111-111111111111"
#define L1   "22222222-2222-4222-8222-222222222201"
#define L2   "22222222-2222-4222-8222-222222222202"
#define T1   "33333333-3333-4333-8333-333333333301"
#define T2   "33333333-3333-4333-8333-333333333302"
#define T3   "33333333-3333-4333-8333-333333333303"
#define A1   "44444444-4444-4444-8444-444444444401"
#define A2   "44444444-4444-4444-8444-444444444402"
#define A3   "44444444-4444-4444-8444-444444444403"
#define R1   "55555555-5555-4555-8555-555555555501"
#define R2   "55555555-5555-4555-8555-555555555502"
#define R3(n) "55555555-5555-4555-8555-5555555555" n
#define FLAG "99999999-9999-4999-8999-999999999901"
#define SERVER "http://127.0.0.1:9"

static LimnApplication *app;

typedef struct
{
  char       *dir;
  char       *db;
  LimnWindow *window;
} Fixture;

static LimnAnnotation *
submitted (const char *id,
           const char *task_id,
           const char *annotator,
           const char *region_id,
           const char *label,
           LimnBox     box)
{
  LimnAnnotation *a = limn_annotation_new (id, task_id, annotator);

  g_ptr_array_add (a->regions, limn_region_new_box (region_id, label, &box));
  a->state = LIMN_ANNOTATION_SUBMITTED;
  a->guideline_version = 2;
  a->submitted_us = g_get_real_time () - G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC;
  a->created_us = a->submitted_us;

  return a;
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  *(GAsyncResult **)data = g_object_ref (result);
}

/* What the server sent, applied as the sync client applies it. */
static void
apply_fixture (LimnStoreWorker *worker,
               const char      *account_id,
               const char      *media_dir,
               const char      *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("LIMN_SOURCE_ROOT"), "tests", "sync", "data", "review",
                                            name, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  LimnWireChanges *changes;
  char *contents = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  body = g_bytes_new_take (contents, len);
  changes = limn_wire_parse_changes (body, 1000, &error);
  g_assert_no_error (error);

  limn_sync_jobs_apply_changes_async (worker, account_id, media_dir, changes, done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (limn_sync_jobs_finish (worker, result, &error));
  g_assert_no_error (error);
}

/* The revision rita corrected (changes-correct-diff.json): r31 kept, r32
 * a car she relabelled Person, r33 she moved, r35 she removed; she added
 * r34. */
static LimnAnnotation *
corrected_revision (const char *annotator)
{
  LimnAnnotation *a = submitted (A3, T3, annotator, R3 ("31"), L1, (LimnBox) { 60, 60, 120, 100 });

  g_ptr_array_add (a->regions, limn_region_new_box (R3 ("32"), L2, &(LimnBox) { 300, 40, 110, 120 }));
  g_ptr_array_add (a->regions, limn_region_new_box (R3 ("33"), L1, &(LimnBox) { 200, 200, 80, 80 }));
  g_ptr_array_add (a->regions, limn_region_new_box (R3 ("35"), L2, &(LimnBox) { 20, 230, 60, 60 }));

  return a;
}

/* @variant "corrected": the third task was submitted, then corrected. */
static void
prepare_store (Fixture    *f,
               const char *variant)
{
  gboolean corrected = g_strcmp0 (variant, "corrected") == 0;
  gboolean no_guidelines = g_strcmp0 (variant, "no-guidelines") == 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnStore) store = NULL;
  g_autoptr(LimnStoreWorker) worker = NULL;
  g_autoptr(LimnProject) p = limn_project_new (P, "Street scenes", LIMN_PROJECT_IMAGE);
  g_autoptr(LimnLabel) l1 = limn_label_new (L1, "Person", "#3584e4", "1");
  g_autoptr(LimnLabel) l2 = limn_label_new (L2, "Car", "#e66100", "2");
  g_autoptr(LimnAnnotation) a1 = NULL;
  g_autoptr(LimnAnnotation) a2 = NULL;
  g_autoptr(LimnAccount) account = NULL;
  g_autoptr(LimnFlag) flag = NULL;
  g_autofree char *media_dir = g_build_filename (f->dir, "data", "media", NULL);
  LimnWireMe me = { (char *)"0e0e0e0e-0000-4000-8000-000000000001", (char *)"ann",
                    (char *)"annotator", (char *)P };
  static const struct { const char *id, *file; int w, h; } tasks[] = {
    { T1, "spaniels.jpg", 800, 1202 },
    { T2, "chelsea.png", 451, 300 },
    { T3, "astronaut.jpg", 512, 512 },
  };
  const char *annotator;

  store = limn_store_open (f->db, &error);
  g_assert_no_error (error);
  annotator = limn_store_get_local_annotator (store);

  limn_project_add_label (p, l1);
  limn_project_add_label (p, l2);
  if (!no_guidelines)
    limn_project_set_guidelines (p, 2, "# Boxes\n\nDraw tight boxes.\n\n## People\n\nBox every person.\n");
  g_assert_true (limn_store_save_project (store, p, &error));
  g_assert_true (limn_store_set_project_remote (store, P, SERVER, "{}", &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (tasks); i++)
    {
      g_autoptr(LimnTask) t = limn_task_new (tasks[i].id, P, LIMN_TASK_IMAGE, i, tasks[i].file);
      g_autofree char *path = g_build_filename (g_getenv ("LIMN_SOURCE_ROOT"), "data", "demo", "images",
                                                tasks[i].file, NULL);

      limn_task_set_media_path (t, path);
      limn_task_set_size (t, tasks[i].w, tasks[i].h);
      g_assert_true (limn_store_save_task (store, t, NULL, &error));
      g_assert_true (limn_store_set_assignment (store, tasks[i].id, annotator,
                                                i < 2 || corrected ? "submitted" : "assigned", &error));
      g_assert_no_error (error);
    }

  a1 = submitted (A1, T1, annotator, R1, L1, (LimnBox) { 120, 200, 300, 500 });
  a2 = submitted (A2, T2, annotator, R2, L2, (LimnBox) { 110, 40, 200, 190 });
  g_assert_true (limn_store_save_annotation (store, a1, &error));
  g_assert_true (limn_store_save_annotation (store, a2, &error));
  g_assert_no_error (error);
  if (corrected)
    {
      g_autoptr(LimnAnnotation) a3 = corrected_revision (annotator);

      g_assert_true (limn_store_save_annotation (store, a3, &error));
      g_assert_no_error (error);
    }

  flag = limn_flag_new (T1, annotator, "guideline-gap", "Is a cyclist a person?");
  g_free (flag->id);
  flag->id = g_strdup (FLAG);
  g_assert_true (limn_store_add_flag (store, flag, &error));
  g_assert_no_error (error);

  account = limn_store_ensure_account (store, SERVER, &me, "none", TRUE, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  worker = limn_store_worker_open_sync (f->db, &error);
  g_assert_no_error (error);
  apply_fixture (worker, account->id, media_dir, "changes-send-back.json");
  if (!no_guidelines)
    apply_fixture (worker, account->id, media_dir, "changes-feedback.json");
  if (corrected)
    apply_fixture (worker, account->id, media_dir, "changes-correct-diff.json");
  g_assert_true (limn_store_worker_close (worker, &error));
  g_assert_no_error (error);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 2000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return n;
}

static gboolean
task_open (gpointer data)
{
  Fixture *f = data;

  return limn_window_get_task_id (f->window) != NULL && limn_window_get_draft (f->window) != NULL;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autofree char *data_dir = NULL;

  f->dir = limn_test_mkdtemp ();
  data_dir = g_build_filename (f->dir, "data", NULL);
  g_mkdir_with_parents (data_dir, 0700);
  g_setenv ("LIMN_DATA_DIR", data_dir, TRUE);
  f->db = g_build_filename (data_dir, "limn.db", NULL);
  prepare_store (f, data);

  f->window = limn_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 820);
  limn_window_open_default (f->window);
  limn_gui_test_show (GTK_WINDOW (f->window));
  g_assert_true (limn_gui_test_wait_until (task_open, f, 20000));
  limn_gui_test_spin (300);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i - 1);

      if (w != GTK_WINDOW (f->window) && LIMN_IS_GUIDELINES_WINDOW (w))
        gtk_window_destroy (w);
    }
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  limn_gui_test_spin (100);
  limn_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

static LimnTaskPage *
task_page (Fixture *f)
{
  return f->window->task_page;
}

static void
click_middle (GtkWidget *widget)
{
  limn_gui_test_click (widget, gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0, 1);
}

static gboolean
task_is (gpointer data)
{
  Fixture *f = ((gpointer *) data)[0];
  const char *id = ((gpointer *) data)[1];

  return g_strcmp0 (limn_window_get_task_id (f->window), id) == 0 && limn_window_get_draft (f->window) != NULL;
}

static gboolean
banner_shown (gpointer data)
{
  LimnTaskPage *page = data;

  return gtk_widget_get_visible (GTK_WIDGET (page->rework_banner)) &&
         gtk_widget_get_first_child (limn_rework_banner_get_comments (page->rework_banner)) != NULL;
}

static gboolean
has_rows (gpointer data)
{
  return limn_gui_test_list_row (data, 0) != NULL;
}

static guint
n_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (list); c != NULL; c = gtk_widget_get_next_sibling (c))
    n += GTK_IS_LIST_BOX_ROW (c);

  return n;
}

static GtkWidget *find_button_labelled (GtkWidget  *widget,
                                        const char *text);

static LimnImageCanvas *
canvas_of (Fixture *f)
{
  return LIMN_IMAGE_CANVAS (limn_window_get_image_canvas (f->window));
}

typedef struct
{
  LimnImageCanvas *canvas;
  const char      *region_id;
} MarkerWait;

static gboolean
marker_drawn (gpointer data)
{
  MarkerWait *w = data;
  double x, y;

  return limn_image_canvas_get_state (w->canvas) == LIMN_IMAGE_CANVAS_STATE_READY &&
         limn_image_canvas_comment_marker_position (w->canvas, w->region_id, &x, &y);
}

/* The position in the task list of @task_id, clicked with the pointer. */
static void
click_task (Fixture    *f,
            const char *task_id)
{
  LimnTaskPage *page = task_page (f);
  gpointer wait[] = { f, (gpointer) task_id };

  for (guint i = 0; i < limn_task_list_get_n_tasks (page->task_list); i++)
    {
      g_autoptr(LimnTask) task = limn_task_list_get_task (page->task_list, i);

      if (g_strcmp0 (limn_task_get_id (task), task_id) == 0)
        {
          click_middle (limn_gui_test_list_row (limn_window_get_task_list (f->window), i));
          g_assert_true (limn_gui_test_wait_until (task_is, wait, 10000));
          return;
        }
    }
  g_error ("task %s is not listed", task_id);
}

/* The sent-back task, first, and what the reviewer said about it. */
static void
test_rework (Fixture       *f,
             gconstpointer  data)
{
  LimnTaskPage *page = task_page (f);
  GtkWidget *list = limn_window_get_task_list (f->window);
  GtkWidget *row, *comments, *first, *history, *button;
  gpointer wait[] = { f, (gpointer) T2 };
  MarkerWait marker = { canvas_of (f), R2 };
  LimnTaskRow *task_row;
  double mx, my;

  /* First in the list, and says so in words. */
  row = limn_gui_test_list_row (list, 0);
  task_row = LIMN_TASK_ROW (gtk_widget_get_first_child (row));
  g_assert_nonnull (strstr (limn_task_row_get_description (task_row), "Sent back"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (task_row), "rework"));
  g_assert_true (limn_gui_test_wait_until (task_is, wait, 10000));

  /* The banner: who, why, what; the pinned comments name their region. */
  g_assert_true (limn_gui_test_wait_until (banner_shown, page, 10000));
  g_assert_cmpstr (limn_rework_banner_get_title (page->rework_banner), ==, "Sent back by rita: Missed an object");
  comments = limn_rework_banner_get_comments (page->rework_banner);
  g_assert_cmpuint (n_rows (comments), ==, 2);
  first = limn_gui_test_list_row (comments, 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==, "Car region");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (first)), ==, "This box is loose.");

  /* The guideline update waits too. */
  g_assert_true (gtk_revealer_get_reveal_child (page->guideline_revealer));
  g_assert_cmpstr (gtk_label_get_text (page->guideline_label), ==,
                   "Guidelines updated to version 3: Cyclists are people.");

  /* The banner says it all: the old "Sent back to you" bar stays hidden,
   * Edit Again is on the banner. */
  g_assert_false (limn_task_page_get_submitted_banner_shown (page));
  g_assert_nonnull (find_button_labelled (GTK_WIDGET (page->rework_banner), "Edit Again"));

  /* The comment pinned on the car is on the canvas; its marker, clicked
   * with the pointer, opens it. */
  g_assert_cmpstr (limn_image_canvas_get_comment (canvas_of (f), R2), ==, "This box is loose.");
  g_assert_true (limn_gui_test_wait_until (marker_drawn, &marker, 10000));
  limn_gui_test_spin (300);
  g_assert_true (limn_image_canvas_comment_marker_position (canvas_of (f), R2, &mx, &my));
  limn_gui_test_click (GTK_WIDGET (canvas_of (f)), mx, my, 1);
  limn_gui_test_spin (300);
  g_assert_cmpstr (limn_image_canvas_get_open_comment (canvas_of (f)), ==, R2);
  limn_gui_test_screenshot_root ("feedback-rework-comment");
  limn_gui_test_keys (GTK_WINDOW (f->window), "Escape");
  limn_gui_test_spin (100);
  g_assert_null (limn_image_canvas_get_open_comment (canvas_of (f)));

  /* A pinned comment, clicked, selects its box. */
  limn_gui_test_spin (400);
  g_assert_null (limn_image_canvas_get_selected (LIMN_IMAGE_CANVAS (limn_window_get_image_canvas (f->window))));
  click_middle (first);
  limn_gui_test_spin (200);
  g_assert_cmpstr (limn_image_canvas_get_selected (LIMN_IMAGE_CANVAS (limn_window_get_image_canvas (f->window))),
                   ==, R2);
  limn_gui_test_screenshot (GTK_WIDGET (f->window), "feedback-rework");

  /* History: the revision and the verdict, with who and the version. */
  button = limn_rework_banner_get_history_button (page->rework_banner);
  click_middle (button);
  history = limn_rework_banner_get_history (page->rework_banner);
  g_assert_true (limn_gui_test_wait_until (has_rows, history, 5000));
  limn_gui_test_spin (300);
  g_assert_cmpuint (n_rows (history), >=, 2);
  limn_gui_test_screenshot_root ("feedback-history");
  limn_gui_test_keys (GTK_WINDOW (f->window), "Escape");
  limn_gui_test_spin (200);

  /* Another task: its canvas carries no comment of this one. */
  click_task (f, T1);
  g_assert_null (limn_image_canvas_get_comment (canvas_of (f), R2));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (page->rework_banner)));
}

static GtkWidget *
find_button_labelled (GtkWidget  *widget,
                      const char *text)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (c) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (c)), text) == 0 &&
          gtk_widget_get_mapped (c))
        {
          GtkWidget *button = gtk_widget_get_ancestor (c, GTK_TYPE_BUTTON);

          if (button != NULL)
            return button;
        }
      if ((found = find_button_labelled (c, text)) != NULL)
        return found;
    }

  return NULL;
}

/* The Feedback page's slot in the stack, by name: the table may grow. */
static GtkWidget *
feedback_bin (Fixture *f)
{
  return adw_view_stack_get_child_by_name (f->window->pages, "feedback");
}

static AdwViewStackPage *
feedback_slot (Fixture *f)
{
  return adw_view_stack_get_page (f->window->pages, feedback_bin (f));
}

static gboolean
thread_shown (gpointer data)
{
  LimnThreadsPage *page = data;

  return g_strcmp0 (limn_threads_page_get_thread_id (page), FLAG) == 0 && !limn_threads_page_is_busy (page);
}

typedef struct
{
  LimnThreadsPage *page;
  guint            n;
} RowsWait;

static gboolean
messages_are (gpointer data)
{
  RowsWait *w = data;

  return !limn_threads_page_is_busy (w->page) &&
         n_rows (limn_threads_page_get_message_list (w->page)) == w->n;
}

static gboolean
badge_zero (gpointer data)
{
  return adw_view_stack_page_get_badge_number (data) == 0;
}

/* A reply, typed, sent with Ctrl+Enter and with the button. */
static void
test_reply (Fixture       *f,
            gconstpointer  data)
{
  GtkWidget *switcher_button, *reply;
  LimnThreadsPage *page;
  RowsWait w;

  /* The badge counts the reply and the note, before the page is built. */
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (feedback_slot (f)), ==, 2);
  g_assert_true (adw_view_stack_page_get_needs_attention (feedback_slot (f)));
  g_assert_null (adw_bin_get_child (ADW_BIN (feedback_bin (f))));

  switcher_button = find_button_labelled (GTK_WIDGET (f->window->switcher_title), "Feedback");
  g_assert_nonnull (switcher_button);
  click_middle (switcher_button);
  limn_gui_test_spin (200);
  page = LIMN_THREADS_PAGE (adw_bin_get_child (ADW_BIN (feedback_bin (f))));
  g_assert_nonnull (page);

  /* The first report opens, read: the badge goes. */
  g_assert_true (limn_gui_test_wait_until (thread_shown, page, 10000));
  w.page = page;
  w.n = 2;
  g_assert_true (limn_gui_test_wait_until (messages_are, &w, 5000));
  g_assert_true (limn_gui_test_wait_until (badge_zero, feedback_slot (f), 5000));
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM messages WHERE read_us IS NULL"), ==, 0);
  g_assert_cmpuint (n_rows (limn_threads_page_get_notes_list (page)), ==, 1);

  reply = limn_threads_page_get_reply_view (page);
  click_middle (reply);
  limn_gui_test_type (GTK_WINDOW (f->window), "So a cyclist gets one Person box.");
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+Return");
  w.n = 3;
  g_assert_true (limn_gui_test_wait_until (messages_are, &w, 5000));
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM outbox WHERE kind = 'message' "
                             "AND payload LIKE '%So a cyclist gets one Person box.%' "
                             "AND payload LIKE '%" FLAG "%'"), ==, 1);

  /* The button does the same. */
  click_middle (reply);
  limn_gui_test_type (GTK_WINDOW (f->window), "Thank you!");
  click_middle (limn_threads_page_get_send_button (page));
  w.n = 4;
  g_assert_true (limn_gui_test_wait_until (messages_are, &w, 5000));
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM outbox WHERE kind = 'message'"), ==, 2);
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM outbox WHERE kind = 'message' "
                             "AND payload LIKE '%Thank you!%'"), ==, 1);
  limn_gui_test_spin (300);
  limn_gui_test_screenshot (GTK_WIDGET (f->window), "feedback-thread");
}

static LimnGuidelinesWindow *
find_guidelines_window (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (LIMN_IS_GUIDELINES_WINDOW (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return LIMN_GUIDELINES_WINDOW (window);
    }

  return NULL;
}

static gboolean
update_shown (gpointer data)
{
  LimnGuidelinesWindow *window = find_guidelines_window ();

  *(LimnGuidelinesWindow **) data = window;
  return window != NULL && limn_guidelines_window_get_ack_button (window) != NULL &&
         limn_guidelines_window_is_rendered (window);
}

static gboolean
banner_gone (gpointer data)
{
  return !gtk_revealer_get_reveal_child (data);
}

/* Read, what changed, Acknowledge: in the store, queued, banner gone. */
static void
test_acknowledge (Fixture       *f,
                  gconstpointer  data)
{
  LimnTaskPage *page = task_page (f);
  LimnGuidelinesWindow *guidelines = NULL;
  GtkWidget *read, *changes, *row;

  g_assert_true (gtk_revealer_get_reveal_child (page->guideline_revealer));
  read = find_button_labelled (GTK_WIDGET (page->guideline_revealer), "_Read");
  if (read == NULL)
    read = find_button_labelled (GTK_WIDGET (page->guideline_revealer), "Read");
  g_assert_nonnull (read);
  click_middle (read);
  g_assert_true (limn_gui_test_wait_until (update_shown, &guidelines, 10000));
  limn_gui_test_spin (400);

  /* Version 3 rewrote "Boxes" and dropped "People" (the fixture's body). */
  changes = limn_guidelines_window_get_changes (guidelines);
  g_assert_cmpuint (n_rows (changes), >=, 1);
  row = limn_gui_test_list_row (changes, 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Boxes");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "Changed");
  limn_gui_test_screenshot (GTK_WIDGET (guidelines), "feedback-guidelines-update");

  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM guideline_acks WHERE version = 3"), ==, 0);
  click_middle (limn_guidelines_window_get_ack_button (guidelines));
  g_assert_true (limn_gui_test_wait_until (banner_gone, page->guideline_revealer, 5000));
  g_assert_null (limn_guidelines_window_get_ack_button (guidelines));
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM guideline_acks WHERE project_id = '" P "' AND version = 3"),
                   ==, 1);
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM outbox WHERE kind = 'ack'"), ==, 1);
}

static LimnFlagDialog *
find_flag_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (LIMN_IS_FLAG_DIALOG (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return LIMN_FLAG_DIALOG (window);
    }

  return NULL;
}

static gboolean
flag_dialog_shown (gpointer data)
{
  return (*(LimnFlagDialog **) data = find_flag_dialog ()) != NULL;
}

static gboolean
flag_dialog_gone (gpointer data)
{
  return find_flag_dialog () == NULL;
}

typedef struct
{
  Fixture    *f;
  const char *sql;
  gint64      n;
} CountWait;

static gboolean
count_is (gpointer data)
{
  CountWait *w = data;

  return count (w->f, w->sql) == w->n;
}

/* With a box selected the report offers it; the switch decides. */
static void
test_flag_region (Fixture       *f,
                  gconstpointer  data)
{
  LimnTaskPage *page = task_page (f);
  LimnImageCanvas *canvas = LIMN_IMAGE_CANVAS (limn_window_get_image_canvas (f->window));
  LimnFlagDialog *dialog = NULL;
  GtkWidget *region_switch;
  CountWait w = { f, NULL, 1 };

  g_assert_true (limn_gui_test_wait_until (banner_shown, page, 10000));
  limn_gui_test_spin (300);

  /* Tied (the default). */
  click_middle (limn_gui_test_list_row (limn_rework_banner_get_comments (page->rework_banner), 0));
  limn_gui_test_spin (200);
  g_assert_cmpstr (limn_image_canvas_get_selected (canvas), ==, R2);
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+shift+f");
  g_assert_true (limn_gui_test_wait_until (flag_dialog_shown, &dialog, 5000));
  limn_gui_test_spin (300);
  region_switch = limn_flag_dialog_get_region_switch (dialog);
  g_assert_nonnull (region_switch);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (region_switch)));
  limn_gui_test_screenshot (GTK_WIDGET (dialog), "feedback-flag-region");
  limn_gui_test_type (GTK_WINDOW (dialog), "Is the blurred car in the back one object?");
  limn_gui_test_keys (GTK_WINDOW (dialog), "ctrl+Return");
  g_assert_true (limn_gui_test_wait_until (flag_dialog_gone, NULL, 5000));
  w.sql = "SELECT COUNT(*) FROM flags WHERE region_id = '" R2 "' AND body LIKE 'Is the blurred car%'";
  g_assert_true (limn_gui_test_wait_until (count_is, &w, 5000));

  /* Not tied: switched off with the pointer. */
  limn_image_canvas_select (canvas, R2);
  limn_gui_test_spin (100);
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+shift+f");
  g_assert_true (limn_gui_test_wait_until (flag_dialog_shown, &dialog, 5000));
  limn_gui_test_spin (300);
  region_switch = limn_flag_dialog_get_region_switch (dialog);
  click_middle (region_switch);
  limn_gui_test_spin (100);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (region_switch)));
  limn_gui_test_type (GTK_WINDOW (dialog), "The whole scene is too dark to judge.");
  limn_gui_test_keys (GTK_WINDOW (dialog), "ctrl+Return");
  g_assert_true (limn_gui_test_wait_until (flag_dialog_gone, NULL, 5000));
  w.sql = "SELECT COUNT(*) FROM flags WHERE region_id IS NULL AND body LIKE 'The whole scene%'";
  g_assert_true (limn_gui_test_wait_until (count_is, &w, 5000));
}

static gboolean
title_is (gpointer data)
{
  LimnTaskPage *page = ((gpointer *) data)[0];

  return gtk_widget_get_visible (GTK_WIDGET (page->rework_banner)) &&
         g_strcmp0 (limn_rework_banner_get_title (page->rework_banner), ((gpointer *) data)[1]) == 0;
}

/* Edit Again, resubmit: the new revision links to the one sent back and
 * the banner says Resubmitted. */
static void
test_resubmit (Fixture       *f,
               gconstpointer  data)
{
  LimnTaskPage *page = task_page (f);
  gpointer wait[] = { f, (gpointer) T2 };
  gpointer resubmitted[] = { page, (gpointer) "Resubmitted after rita sent it back: Missed an object" };
  CountWait w = { f, "SELECT COUNT(*) FROM annotations WHERE parent_id = '" A2 "' AND state = 'submitted'", 1 };

  g_assert_true (limn_gui_test_wait_until (task_is, wait, 10000));
  g_assert_true (limn_gui_test_wait_until (banner_shown, page, 10000));
  limn_gui_test_spin (300);

  click_middle (find_button_labelled (GTK_WIDGET (page->rework_banner), "Edit Again"));
  limn_gui_test_spin (200);
  g_assert_false (limn_draft_get_read_only (limn_window_get_draft (f->window)));
  /* The box the reviewer called loose, tightened by a pixel. */
  limn_image_canvas_select (canvas_of (f), R2);
  gtk_widget_grab_focus (GTK_WIDGET (canvas_of (f)));
  limn_gui_test_keys (GTK_WINDOW (f->window), "Left");
  limn_gui_test_spin (100);
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+Return");
  g_assert_true (limn_gui_test_wait_until (count_is, &w, 10000));
  limn_gui_test_spin (500);

  click_task (f, T2);
  g_assert_true (limn_gui_test_wait_until (title_is, resubmitted, 10000));
  g_assert_true (limn_rework_banner_get_covers_status (page->rework_banner) == FALSE);
  g_assert_null (find_button_labelled (GTK_WIDGET (page->rework_banner), "Edit Again"));
  limn_gui_test_spin (300);
  limn_gui_test_screenshot (GTK_WIDGET (f->window), "feedback-resubmitted");
}

static gboolean
legend_shown (gpointer data)
{
  LimnTaskPage *page = data;

  return gtk_widget_get_mapped (limn_rework_banner_get_legend (page->rework_banner));
}

static gboolean
legend_hidden (gpointer data)
{
  return !legend_shown (data);
}

/* Pixels within @radius of widget point (wx, wy) of @canvas, in
 * @shot of @window, within @tolerance of @rgb in every channel. */
static guint
count_near (const char   *shot,
            GtkWidget    *canvas,
            GtkWidget    *window,
            double        wx,
            double        wy,
            int           radius,
            const guchar  rgb[3],
            int           tolerance)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (shot, &error);
  graphene_point_t p;
  const guchar *pixels;
  int stride, n, width, height;
  guint count = 0;

  g_assert_no_error (error);
  g_assert_true (gtk_widget_compute_point (canvas, window, &GRAPHENE_POINT_INIT (wx, wy), &p));
  pixels = gdk_pixbuf_read_pixels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  n = gdk_pixbuf_get_n_channels (pixbuf);
  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);

  for (int y = (int) p.y - radius; y <= (int) p.y + radius; y++)
    for (int x = (int) p.x - radius; x <= (int) p.x + radius; x++)
      {
        const guchar *px;

        if (x < 0 || y < 0 || x >= width || y >= height)
          continue;
        px = pixels + (gsize) y * stride + x * n;
        if (ABS (px[0] - rgb[0]) <= tolerance && ABS (px[1] - rgb[1]) <= tolerance &&
            ABS (px[2] - rgb[2]) <= tolerance)
          count++;
      }

  return count;
}

static gboolean
work_page_is (gpointer data)
{
  LimnTaskPage *page = ((gpointer *) data)[0];

  return g_strcmp0 (limn_task_page_get_work_page (page), ((gpointer *) data)[1]) == 0;
}

/* A corrected task: Show Changes by its key draws the diff with the
 * counts in the legend; again, it goes. Side by Side by its key. */
static void
test_show_changes (Fixture       *f,
                   gconstpointer  data)
{
  static const guchar bluish_green[3] = { 0, 158, 115 };
  LimnTaskPage *page = task_page (f);
  LimnImageCanvas *canvas = canvas_of (f);
  gpointer accepted[] = { page, (gpointer) "Accepted with corrections by rita" };
  gpointer compare[] = { page, (gpointer) "compare" };
  gpointer image[] = { page, (gpointer) "image" };
  g_autofree char *shot = NULL;
  g_autofree char *off = NULL;
  LimnRegionDiff *diff;
  GtkWidget *paned;
  double bx, by;

  click_task (f, T3);
  g_assert_true (limn_gui_test_wait_until (title_is, accepted, 10000));
  g_assert_false (limn_task_page_get_submitted_banner_shown (page));
  g_assert_nonnull (find_button_labelled (GTK_WIDGET (page->rework_banner), "Show Changes"));
  g_assert_false (legend_shown (page));
  g_assert_null (limn_image_canvas_get_diff (canvas));
  limn_gui_test_spin (500);

  /* The key, as the shortcuts window lists it. */
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+d");
  g_assert_true (limn_gui_test_wait_until (legend_shown, page, 5000));
  diff = limn_image_canvas_get_diff (canvas);
  g_assert_nonnull (diff);
  g_assert_cmpuint (limn_region_diff_count (diff, LIMN_REGION_DIFF_UNCHANGED), ==, 1);
  g_assert_nonnull (strstr (limn_rework_banner_get_legend_text (page->rework_banner, LIMN_REGION_DIFF_ADDED),
                            "1 added"));
  g_assert_nonnull (strstr (limn_rework_banner_get_legend_text (page->rework_banner, LIMN_REGION_DIFF_REMOVED),
                            "1 removed"));
  g_assert_nonnull (strstr (limn_rework_banner_get_legend_text (page->rework_banner, LIMN_REGION_DIFF_MOVED),
                            "1 moved"));
  g_assert_nonnull (strstr (limn_rework_banner_get_legend_text (page->rework_banner,
                                                                LIMN_REGION_DIFF_RELABELLED), "1 relabelled"));

  /* The added box's badge (on its top-right corner), in bluish green. */
  limn_gui_test_spin (300);
  limn_image_canvas_image_to_widget (canvas, 450, 210, &bx, &by);
  shot = limn_gui_test_screenshot (GTK_WIDGET (f->window), "feedback-show-changes");
  g_assert_cmpuint (count_near (shot, GTK_WIDGET (canvas), GTK_WIDGET (f->window), bx, by, 5, bluish_green, 30),
                    >, 20);

  /* Again: gone, legend and badge. */
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+d");
  g_assert_true (limn_gui_test_wait_until (legend_hidden, page, 5000));
  g_assert_null (limn_image_canvas_get_diff (canvas));
  limn_gui_test_spin (300);
  off = limn_gui_test_screenshot (GTK_WIDGET (f->window), "feedback-show-changes-off");
  g_assert_cmpuint (count_near (off, GTK_WIDGET (canvas), GTK_WIDGET (f->window), bx, by, 5, bluish_green, 30),
                    ==, 0);

  /* Side by Side: the two versions, read-only, next to each other. */
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+backslash");
  g_assert_true (limn_gui_test_wait_until (work_page_is, compare, 5000));
  paned = gtk_stack_get_visible_child (page->work_stack);
  g_assert_true (GTK_IS_PANED (paned));
  limn_gui_test_spin (1000);
  limn_gui_test_screenshot (GTK_WIDGET (f->window), "feedback-side-by-side");
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+backslash");
  g_assert_true (limn_gui_test_wait_until (work_page_is, image, 5000));
}

/* A team project whose server published no guidelines: nothing to
 * acknowledge, so no "Guidelines updated to version 0" banner. */
static void
test_no_guidelines (Fixture       *f,
                    gconstpointer  data)
{
  LimnTaskPage *page = task_page (f);

  /* The sent-back task opens first; its reviews are read with the
   * guideline check, in the same job. */
  g_assert_true (limn_gui_test_wait_until (banner_shown, page, 10000));
  limn_gui_test_spin (300);
  g_assert_false (gtk_revealer_get_reveal_child (page->guideline_revealer));
  g_assert_cmpint (count (f, "SELECT COUNT(*) FROM guidelines"), ==, 0);
  limn_gui_test_screenshot (GTK_WIDGET (f->window), "feedback-no-guidelines");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  limn_gui_test_init (&argc, &argv);
  adw_init ();

  app = limn_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add ("/feedback/rework", Fixture, NULL, setup, test_rework, teardown);
  g_test_add ("/feedback/reply", Fixture, NULL, setup, test_reply, teardown);
  g_test_add ("/feedback/acknowledge", Fixture, NULL, setup, test_acknowledge, teardown);
  g_test_add ("/feedback/flag-region", Fixture, NULL, setup, test_flag_region, teardown);
  g_test_add ("/feedback/resubmit", Fixture, NULL, setup, test_resubmit, teardown);
  g_test_add ("/feedback/show-changes", Fixture, "corrected", setup, test_show_changes, teardown);
  g_test_add ("/feedback/no-guidelines", Fixture, "no-guidelines", setup, test_no_guidelines, teardown);

  return g_test_run ();
}
