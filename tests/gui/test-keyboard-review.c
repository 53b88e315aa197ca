/* test-keyboard-review.c
 *
 * The reviewer's half of a session without a pointer (issue 21; the
 * labeling half is test-keyboard-session.c). A real limn-server on a
 * loopback port: an image project of three tasks with overlap 2,
 * annotators ann and bob who label them through the core API (ann with a
 * low confidence, so every task enters the review queue), and rita, a
 * reviewer, signed in in her own data folder as the sign-in dialog leaves
 * it. Her window is hosted by this process and, once shown, gets nothing
 * but key events from xdotool (no pointer moves or clicks, no
 * grab_focus() from the test): Alt+Page Down walks the pages to the
 * Review page, Ctrl+G gets the items, Ctrl+Return accepts the first; on
 * the second (its image has the keyboard) Tab selects a region, arrows
 * move it and Ctrl+Shift+Return corrects; Ctrl+Shift+B sends the third
 * back, the reason picked and the comment typed in the dialog, Return
 * sends it; F5 syncs. The server's database is checked for the three
 * verdicts. Screenshots: keyboard-review-*.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <sqlite3.h>

#include "limn-application.h"
#include "limn-gui-test.h"
#include "limn-image-canvas.h"
#include "limn-review-page.h"
#include "limn-send-back-dialog.h"
#include "limn-server-test.h"
#include "limn-sync-test.h"
#include "limn-window.h"
#include "limn-window-private.h"
#include "store/limn-store-accounts.h"
#include "../limn-test-util.h"

static LimnApplication *app;

typedef struct
{
  LimnTestServer *server;
  char           *project_id;
  GPtrArray      *task_ids;    /* owned by the server helper */
  char           *ann_token, *bob_token, *rita_token;
  char           *dir;
  char           *rita_dir;
  char           *rita_db;
  LimnWindow     *window;
} Fixture;

static const char *
task (Fixture *f,
      guint    i)
{
  return g_ptr_array_index (f->task_ids, i);
}

/* One integer from rita's database, on a read-only connection. */
static gint64
rita_count (Fixture    *f,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (f->rita_db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

typedef struct
{
  Fixture    *f;
  gboolean    server;
  const char *sql;
  gint64      want;
} CountWait;

static gboolean
count_is (gpointer data)
{
  CountWait *w = data;

  return (w->server ? limn_test_db_count (w->f->server, w->sql) : rita_count (w->f, w->sql)) == w->want;
}

static void
wait_count (Fixture    *f,
            gboolean    server,
            gint64      want,
            const char *sql)
{
  CountWait w = { f, server, sql, want };

  if (!limn_gui_test_wait_until (count_is, &w, 30000))
    g_error ("%s: %" G_GINT64_FORMAT " rows, not %" G_GINT64_FORMAT ", for %s", server ? "server" : "rita",
             server ? limn_test_db_count (f->server, sql) : rita_count (f, sql), want, sql);
}

/* ann and bob label the three tasks through the core API, each in a
 * temporary data folder. */
static void
label_all (Fixture    *f,
            const char *token,
            guint       n_regions,
            double      confidence)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claimed = NULL;
  LimnSyncTestClient *client = limn_sync_test_client_new (NULL);

  g_assert_true (limn_sync_test_sign_in (client->client, limn_test_server_get_url (f->server), token, &error));
  g_assert_no_error (error);
  claimed = limn_sync_test_claim (client->client, f->project_id, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claimed->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_free (limn_sync_test_label_task_full (client, f->project_id, task (f, i), n_regions, FALSE, confidence));
  g_assert_true (limn_sync_test_sync (client->client, &error));
  g_assert_no_error (error);
  limn_sync_test_client_free (client, FALSE);
}

/* rita's folder: signed in, and the team project stored as the app keeps
 * a remote project (a reviewer takes no labeling tasks, so no claim
 * brings it). */
static void
prepare_rita (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnStore) store = NULL;
  g_autoptr(LimnProject) project = limn_project_new (f->project_id, "Streets", LIMN_PROJECT_IMAGE);
  LimnSyncTestClient *client = limn_sync_test_client_new (f->rita_dir);
  static const char * const names[] = { "Person", "Car" };
  static const char * const colors[] = { "#3584e4", "#e66100" };
  static const char * const keys[] = { "1", "2" };

  g_assert_true (limn_sync_test_sign_in (client->client, limn_test_server_get_url (f->server),
                                         f->rita_token, &error));
  g_assert_no_error (error);
  limn_sync_test_client_free (client, TRUE);

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *id = limn_test_server_label_id (f->server, f->project_id, i);
      g_autoptr(LimnLabel) label = limn_label_new (id, names[i], colors[i], keys[i]);

      limn_project_add_label (project, label);
    }
  store = limn_store_open (f->rita_db, &error);
  g_assert_no_error (error);
  g_assert_true (limn_store_save_project (store, project, &error));
  g_assert_true (limn_store_set_project_remote (store, f->project_id, limn_test_server_get_url (f->server),
                                                "{}", &error));
  g_assert_no_error (error);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->dir = limn_test_mkdtemp ();
  f->rita_dir = g_build_filename (f->dir, "rita", NULL);
  g_mkdir_with_parents (f->rita_dir, 0700);
  f->rita_db = g_build_filename (f->rita_dir, "limn.db", NULL);

  f->server = limn_test_server_new ();
  f->project_id = limn_test_server_add_image_project (f->server, "Streets", 3);
  f->task_ids = limn_test_server_get_task_ids (f->server, f->project_id);
  g_free (limn_test_server_admin (f->server, "project", "set", "--project", f->project_id,
                                  "--overlap", "2", NULL));
  f->ann_token = limn_test_server_add_token (f->server, "ann", f->project_id, "annotator", NULL);
  f->bob_token = limn_test_server_add_token (f->server, "bob", f->project_id, "annotator", NULL);
  f->rita_token = limn_test_server_add_token (f->server, "rita", f->project_id, "reviewer", NULL);
  limn_test_server_start (f->server, NULL, NULL);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  limn_gui_test_spin (200);
  g_clear_pointer (&f->server, limn_test_server_free);
  limn_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->rita_dir);
  g_free (f->rita_db);
  g_free (f->project_id);
  g_free (f->ann_token);
  g_free (f->bob_token);
  g_free (f->rita_token);
}

static gboolean
role_known (gpointer data)
{
  Fixture *f = data;
  LimnSyncClient *sync = limn_window_get_sync_client (f->window);

  return sync != NULL && g_strcmp0 (limn_sync_client_get_role (sync), "reviewer") == 0 &&
         f->window->contents != NULL;
}

static LimnReviewPage *
review_page (Fixture *f)
{
  GtkWidget *child = adw_bin_get_child (g_ptr_array_index (f->window->page_slots, 1));

  return child != NULL ? LIMN_REVIEW_PAGE (child) : NULL;
}

/* The Review page is the one shown, with the server's three items listed. */
static gboolean
review_listed (gpointer data)
{
  Fixture *f = data;
  LimnReviewPage *page = review_page (f);
  GtkWidget *view = page != NULL ? limn_review_page_get_queue_view (page) : NULL;

  return view != NULL && gtk_widget_get_mapped (view) &&
         g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (view)))) == 3;
}

/* The task of the item on screen, once its image is in; NULL before. */
static char *
shown_task (Fixture *f)
{
  LimnReviewPage *page = review_page (f);
  const char *item_id = page != NULL ? limn_review_page_get_item_id (page) : NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *task_id = NULL;

  if (item_id == NULL || !limn_image_canvas_has_image (LIMN_IMAGE_CANVAS (limn_review_page_get_canvas (page))))
    return NULL;
  g_assert_cmpint (sqlite3_open_v2 (f->rita_db, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT task_id FROM review_items WHERE id = ?1", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, item_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    task_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return task_id;
}

typedef struct
{
  Fixture   *f;
  GPtrArray *seen;
} ItemWait;

static gboolean
new_item_shown (gpointer data)
{
  ItemWait *w = data;
  g_autofree char *task_id = shown_task (w->f);

  if (task_id == NULL)
    return FALSE;
  for (guint i = 0; i < w->seen->len; i++)
    if (g_str_equal (g_ptr_array_index (w->seen, i), task_id))
      return FALSE;
  return TRUE;
}

/* Waits for an item not opened before (the queue's order among items of
 * the same age is the server's to choose) and returns its task. */
static const char *
wait_new_item (Fixture   *f,
               GPtrArray *seen)
{
  ItemWait w = { f, seen };

  g_assert_true (limn_gui_test_wait_until (new_item_shown, &w, 30000));
  limn_gui_test_spin (300);
  g_ptr_array_add (seen, shown_task (f));
  return g_ptr_array_index (seen, seen->len - 1);
}

static gboolean
dialog_shown (gpointer data)
{
  GtkWidget *dialog = limn_review_page_get_send_back_dialog (review_page (data));

  return dialog != NULL && gtk_widget_get_mapped (dialog);
}

static gboolean
dialog_gone (gpointer data)
{
  return limn_review_page_get_send_back_dialog (review_page (data)) == NULL;
}

static void
test_review_session (Fixture       *f,
                     gconstpointer  data)
{
  GtkWindow *window;
  GtkWidget *dialog, *canvas;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  const char *accepted, *corrected, *sent_back;
  g_autofree char *sql = NULL;

  label_all (f, f->ann_token, 1, 0.3);
  label_all (f, f->bob_token, 2, 0.8);
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT COUNT(*) FROM review_items WHERE state = 'open'"), ==, 3);

  prepare_rita (f);
  g_setenv ("LIMN_DATA_DIR", f->rita_dir, TRUE);
  f->window = limn_window_new (app);
  window = GTK_WINDOW (f->window);
  gtk_window_set_default_size (window, 1200, 900);
  limn_window_open_default (f->window);
  limn_gui_test_show (window);
  g_assert_true (limn_gui_test_wait_until (role_known, f, 30000));
  limn_gui_test_spin (300);

  /* Alt+Page Down walks the switcher's pages, in its order, to the Review
   * page (how far it is depends on when each page joined the switcher),
   * which lists the server's queue; Alt+Page Up steps back. */
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (f->window->pages), ==, "label");
  for (guint i = 0; i < 5 && g_strcmp0 (adw_view_stack_get_visible_child_name (f->window->pages), "review") != 0; i++)
    {
      limn_gui_test_keys (window, "alt+Page_Down");
      limn_gui_test_spin (200);
      g_test_message ("Alt+Page Down: %s", adw_view_stack_get_visible_child_name (f->window->pages));
    }
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (f->window->pages), ==, "review");
  limn_gui_test_keys (window, "alt+Page_Up");
  limn_gui_test_spin (200);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (f->window->pages), !=, "review");
  limn_gui_test_keys (window, "alt+Page_Down");
  g_assert_true (limn_gui_test_wait_until (review_listed, f, 30000));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (f->window->pages), ==, "review");
  g_assert_null (limn_review_page_get_item_id (review_page (f)));

  /* Ctrl+G gets the items: all three leased, the oldest opens with the
   * keyboard on its image. */
  limn_gui_test_keys (window, "ctrl+g");
  accepted = wait_new_item (f, seen);
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT COUNT(*) FROM review_items WHERE state = 'leased'"), ==, 3);
  canvas = limn_review_page_get_canvas (review_page (f));
  g_assert_true (gtk_widget_has_focus (canvas));
  g_free (limn_gui_test_screenshot_root ("keyboard-review-1-items"));

  /* Ctrl+Return accepts it; the next item opens. */
  limn_gui_test_keys (window, "ctrl+Return");
  wait_count (f, FALSE, 1, "SELECT COUNT(*) FROM outbox WHERE kind = 'review'");
  corrected = wait_new_item (f, seen);

  /* Correct: Tab selects a region of the editable copy, Right ×3 moves
   * it by three image pixels, Ctrl+Shift+Return corrects; the next opens. */
  g_assert_true (gtk_widget_has_focus (canvas));
  limn_gui_test_keys (window, "Tab");
  g_assert_nonnull (limn_image_canvas_get_selected (LIMN_IMAGE_CANVAS (canvas)));
  limn_gui_test_keys (window, "Right Right Right");
  limn_gui_test_spin (200);
  g_free (limn_gui_test_screenshot_root ("keyboard-review-2-correct"));
  limn_gui_test_keys (window, "ctrl+shift+Return");
  wait_count (f, FALSE, 2, "SELECT COUNT(*) FROM outbox WHERE kind = 'review'");
  sent_back = wait_new_item (f, seen);

  /* Ctrl+Shift+B: the dialog, its comment field with the keyboard. The
   * reason by its mnemonic (Alt+R), Space opening the list, Down to the
   * second reason, Return picking it; Tab back to the comment, typed;
   * Return sends. */
  limn_gui_test_keys (window, "ctrl+shift+b");
  g_assert_true (limn_gui_test_wait_until (dialog_shown, f, 5000));
  limn_gui_test_spin (300);
  dialog = limn_review_page_get_send_back_dialog (review_page (f));
  limn_gui_test_keys (GTK_WINDOW (dialog), "alt+r space");
  limn_gui_test_spin (300);
  limn_gui_test_keys (GTK_WINDOW (dialog), "Down Return");
  limn_gui_test_spin (300);
  g_assert_cmpstr (limn_send_back_dialog_get_reason (LIMN_SEND_BACK_DIALOG (dialog)), ==, "wrong_label");
  limn_gui_test_keys (GTK_WINDOW (dialog), "Tab");
  limn_gui_test_type (GTK_WINDOW (dialog), "The second box is a car");
  limn_gui_test_spin (200);
  g_free (limn_gui_test_screenshot_root ("keyboard-review-3-send-back"));
  limn_gui_test_keys (GTK_WINDOW (dialog), "Return");
  g_assert_true (limn_gui_test_wait_until (dialog_gone, f, 5000));
  wait_count (f, FALSE, 3, "SELECT COUNT(*) FROM outbox WHERE kind = 'review'");

  /* F5 sends the three; the server has applied them. */
  limn_gui_test_keys (window, "F5");
  wait_count (f, TRUE, 3, "SELECT COUNT(*) FROM reviews WHERE state = 'applied'");
  sql = g_strdup_printf ("SELECT COUNT(*) FROM reviews r JOIN review_items i ON i.id = r.item_id"
                         " WHERE r.verdict = 'accept' AND i.task_id = '%s'", accepted);
  g_assert_cmpint (limn_test_db_count (f->server, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM reviews r JOIN review_items i ON i.id = r.item_id"
                         " WHERE r.verdict = 'correct' AND r.correction_id IS NOT NULL AND i.task_id = '%s'",
                         corrected);
  g_assert_cmpint (limn_test_db_count (f->server, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM reviews r JOIN review_items i ON i.id = r.item_id"
                         " WHERE r.verdict = 'send_back' AND i.task_id = '%s'"
                         " AND r.reason_code = 'wrong_label' AND r.comment = 'The second box is a car'", sent_back);
  g_assert_cmpint (limn_test_db_count (f->server, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM assignments s JOIN users u ON u.id = s.annotator"
                         " WHERE u.name = 'ann' AND s.task_id = '%s' AND s.status = 'assigned' AND s.rework = 1",
                         sent_back);
  g_assert_cmpint (limn_test_db_count (f->server, sql), ==, 1);
  wait_count (f, FALSE, 0, "SELECT COUNT(*) FROM outbox WHERE acked_us IS NULL");
  g_assert_cmpint (rita_count (f, "SELECT COUNT(*) FROM outbox WHERE result = 'rejected'"), ==, 0);
  limn_gui_test_spin (500);
  g_free (limn_gui_test_screenshot_root ("keyboard-review-4-done"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  g_setenv ("LIMN_CREDENTIALS", "file", TRUE);
  limn_gui_test_init (&argc, &argv);

  app = limn_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add ("/keyboard-review/get-accept-correct-send-back", Fixture, NULL, setup, test_review_session, teardown);

  return g_test_run ();
}
