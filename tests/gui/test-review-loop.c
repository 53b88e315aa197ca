/* test-review-loop.c
 *
 * The whole review loop (issue 18) through two real app instances and one
 * real limn-server on a loopback port chosen at run time. The admin CLI
 * makes an image project with overlap 2 and tokens for ann and bob
 * (annotators) and rita (reviewer). ann and bob label the same two tasks
 * through the core API (the sync test helpers: claim, label as the app
 * does, sync), ann's with a low confidence so both tasks enter the queue.
 *
 * Then two app instances with their own data directories: ann's is the
 * real `limn` binary, a child process on its own D-Bus session with its
 * own LIMN_DATA_DIR and XDG folders (signed in beforehand through the
 * core API: the account and a 0600 token file in that folder, as the
 * sign-in dialog leaves them); rita's window is hosted by this process.
 * With real input (xdotool), rita opens the Review page (the server's
 * queue is listed before she holds anything), gets the items, sees both
 * annotators' overlays, corrects ann's box on one task (drag +
 * Ctrl+Shift+Return) and sends the other back with a comment pinned to a
 * region (Ctrl+Shift+B); F5 sends both. ann's window syncs (F5), lists
 * the rework first, opens it, ann draws the missing box and resubmits
 * (Ctrl+Return, F5); rita syncs, gets the rework item and accepts it
 * (Ctrl+Return). Every step is checked in the three databases, and
 * photographed (artifacts review-loop-*.png).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "limn-annotator-legend.h"
#include "limn-application.h"
#include "limn-gui-test.h"
#include "limn-image-canvas.h"
#include "limn-review-page.h"
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
  GPtrArray      *task_ids;    /* the server's, in position order */
  char           *ann_token, *bob_token, *rita_token;
  char           *dir;
  char           *ann_dir, *rita_dir;
  char           *ann_db, *rita_db;
  char           *a[2];        /* ann's first revisions of tasks 0 and 1 */
  GSubprocess    *ann;         /* dbus-run-session running ann's `limn` */
  char           *ann_window;  /* its X window id */
  GPid            ann_pid;     /* the `limn` process itself */
  LimnWindow     *window;      /* rita's */
} Fixture;

/* Databases */

static gint64
db_count (const char *path,
          const char *format,
          ...) G_GNUC_PRINTF (2, 3);

/* One integer from @path's database, on a read-only connection (the app
 * that owns it keeps running). */
static gint64
db_count (const char *path,
          const char *format,
          ...)
{
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
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
  const char *path;
  const char *sql;
  gint64      want;
} CountWait;

static gboolean
count_is (gpointer data)
{
  CountWait *w = data;

  return db_count (w->path, "%s", w->sql) == w->want;
}

static void
wait_count (const char *path,
            gint64      want,
            const char *sql)
{
  CountWait w = { path, sql, want };

  if (!limn_gui_test_wait_until (count_is, &w, 30000))
    g_error ("%s: %" G_GINT64_FORMAT " rows, not %" G_GINT64_FORMAT ", for %s", path,
             db_count (path, "%s", sql), want, sql);
}

static const char *
task (Fixture *f,
      guint    i)
{
  return g_ptr_array_index (f->task_ids, i);
}

/* Team members through the core API */

/* Labels both tasks as @name with @n_regions boxes at @confidence, in a
 * client whose data folder is @dir (NULL: a temporary one); the
 * revisions' ids go to @ids. The folder stays, signed in. */
static void
label_both (Fixture    *f,
            const char *dir,
            const char *token,
            guint       n_regions,
            double      confidence,
            char      **ids)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) claimed = NULL;
  LimnSyncTestClient *client = limn_sync_test_client_new (dir);

  g_assert_true (limn_sync_test_sign_in (client->client, limn_test_server_get_url (f->server), token, &error));
  g_assert_no_error (error);
  claimed = limn_sync_test_claim (client->client, f->project_id, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (claimed->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      char *id = limn_sync_test_label_task_full (client, f->project_id, task (f, i), n_regions, FALSE, confidence);

      if (ids != NULL)
        ids[i] = id;
      else
        g_free (id);
    }
  g_assert_true (limn_sync_test_sync (client->client, &error));
  g_assert_no_error (error);
  g_assert_cmpint (limn_sync_client_get_n_pending (client->client), ==, 0);
  limn_sync_test_client_free (client, dir != NULL);
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

/* ann's app: a child process */

static char *
xdotool_output (const char *format,
                ...) G_GNUC_PRINTF (1, 2);

static char *
xdotool_output (const char *format,
                ...)
{
  g_autofree char *args = NULL;
  g_autofree char *cmd = NULL;
  char *out = NULL;
  int status = 0;
  va_list ap;

  va_start (ap, format);
  args = g_strdup_vprintf (format, ap);
  va_end (ap);
  cmd = g_strconcat ("xdotool ", args, NULL);
  if (!g_spawn_command_line_sync (cmd, &out, NULL, &status, NULL) || status != 0)
    {
      g_free (out);
      return NULL;
    }
  return g_strstrip (out);
}

static void
xdotool_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      data)
{
  *(gboolean *) data = TRUE;
}

/* Raises and focuses ann's window, then runs `xdotool ARGS…` while this
 * process's main loop turns (rita's window keeps drawing). */
static void
ann_xdotool (Fixture    *f,
             const char *first_arg,
             ...) G_GNUC_NULL_TERMINATED;

static void
ann_xdotool (Fixture    *f,
             const char *first_arg,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  va_list ap;

  g_ptr_array_add (argv, (char *) "xdotool");
  g_ptr_array_add (argv, (char *) "windowraise");
  g_ptr_array_add (argv, f->ann_window);
  g_ptr_array_add (argv, (char *) "windowfocus");
  g_ptr_array_add (argv, (char *) "--sync");
  g_ptr_array_add (argv, f->ann_window);
  g_ptr_array_add (argv, (char *) "sleep");
  g_ptr_array_add (argv, (char *) "0.2");
  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (proc, NULL, xdotool_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_subprocess_get_successful (proc));
  limn_gui_test_spin (200);
}

/* The one visible window not of this process. */
static gboolean
find_ann_window (gpointer data)
{
  Fixture *f = data;
  g_autofree char *list = xdotool_output ("search --onlyvisible --name .");
  g_auto(GStrv) ids = list != NULL ? g_strsplit (list, "\n", -1) : NULL;

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_autofree char *pid = xdotool_output ("getwindowpid %s", ids[i]);

      if (pid != NULL && g_ascii_strtoll (pid, NULL, 10) != getpid ())
        {
          f->ann_window = g_strdup (ids[i]);
          f->ann_pid = g_ascii_strtoll (pid, NULL, 10);
          return TRUE;
        }
    }
  return FALSE;
}

static void
start_ann (Fixture *f)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  g_autofree char *dbus = g_find_program_in_path ("dbus-run-session");
  static const char * const xdg[] = { "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };

  g_assert_nonnull (dbus);
  /* Its own folders and its own session bus: one LimnApplication per
   * bus, and this process holds the name on the test's bus. */
  for (guint i = 0; i < G_N_ELEMENTS (xdg); i++)
    {
      g_autofree char *dir = g_build_filename (f->ann_dir, "xdg", xdg[i], NULL);

      g_mkdir_with_parents (dir, 0700);
      g_subprocess_launcher_setenv (launcher, xdg[i], dir, TRUE);
    }
  g_subprocess_launcher_setenv (launcher, "LIMN_DATA_DIR", f->ann_dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "LIMN_CREDENTIALS", "file", TRUE);
  f->ann = g_subprocess_launcher_spawn (launcher, &error, dbus, "--", g_getenv ("LIMN_BINARY"),
                                        "--data-dir", f->ann_dir, NULL);
  g_assert_no_error (error);
  g_assert_true (limn_gui_test_wait_until (find_ann_window, f, 30000));
  /* Beside rita's window: the screen is 1600 × 1000. */
  g_free (xdotool_output ("windowsize %s 700 900", f->ann_window));
  g_free (xdotool_output ("windowmove %s 900 0", f->ann_window));
  limn_gui_test_spin (2000);
}

static void
wait_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  *(gboolean *) data = TRUE;
}

/* Ctrl+Q; if it does not quit, its own pid gets SIGTERM. */
static void
stop_ann (Fixture *f)
{
  gboolean done = FALSE;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  if (f->ann == NULL)
    return;

  g_subprocess_wait_async (f->ann, NULL, wait_done_cb, &done);
  if (f->ann_window != NULL)
    g_free (xdotool_output ("windowfocus --sync %s key ctrl+q", f->ann_window));
  while (!done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (10 * 1000);
  if (!done)
    {
      if (f->ann_pid > 0)
        kill (f->ann_pid, SIGTERM);
      g_subprocess_send_signal (f->ann, SIGTERM);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
    }
  g_clear_object (&f->ann);
}

/* The window's X id, to raise it over ann's. */
static void
raise_rita (Fixture *f)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (f->window));
  g_autofree char *xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));

  limn_gui_test_xdotool ("windowraise", xid, NULL);
  limn_gui_test_spin (200);
}

static void
photograph (Fixture    *f,
            const char *name,
            gboolean    ann_on_top)
{
  if (ann_on_top)
    g_free (xdotool_output ("windowraise %s", f->ann_window));
  else
    raise_rita (f);
  limn_gui_test_spin (500);
  g_free (limn_gui_test_screenshot_root (name));
}

/* Fixture */

static gboolean
role_known (gpointer data)
{
  Fixture *f = data;
  LimnSyncClient *sync = limn_window_get_sync_client (f->window);

  return sync != NULL && g_strcmp0 (limn_sync_client_get_role (sync), "reviewer") == 0 &&
         f->window->contents != NULL;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->dir = limn_test_mkdtemp ();
  f->ann_dir = g_build_filename (f->dir, "ann", NULL);
  f->rita_dir = g_build_filename (f->dir, "rita", NULL);
  g_mkdir_with_parents (f->ann_dir, 0700);
  g_mkdir_with_parents (f->rita_dir, 0700);
  f->ann_db = g_build_filename (f->ann_dir, "limn.db", NULL);
  f->rita_db = g_build_filename (f->rita_dir, "limn.db", NULL);

  f->server = limn_test_server_new ();
  f->project_id = limn_test_server_add_image_project (f->server, "Streets", 2);
  f->task_ids = limn_test_server_get_task_ids (f->server, f->project_id);
  /* Two annotators on every task, so rita sees both. */
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
  stop_ann (f);
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  limn_gui_test_spin (200);
  g_clear_pointer (&f->server, limn_test_server_free);
  limn_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->ann_dir);
  g_free (f->rita_dir);
  g_free (f->ann_db);
  g_free (f->rita_db);
  g_free (f->project_id);
  g_free (f->ann_token);
  g_free (f->bob_token);
  g_free (f->rita_token);
  g_free (f->a[0]);
  g_free (f->a[1]);
  g_free (f->ann_window);
}

/* rita's Review page */

static GtkWidget *
find_switcher_button (GtkWidget  *root,
                      const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_TOGGLE_BUTTON (child) && gtk_widget_is_drawable (child))
        {
          for (GtkWidget *w = child; w != NULL; )
            {
              if (GTK_IS_LABEL (w) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (w)), title) == 0)
                return child;
              if (gtk_widget_get_first_child (w) != NULL)
                w = gtk_widget_get_first_child (w);
              else
                {
                  while (w != child && gtk_widget_get_next_sibling (w) == NULL)
                    w = gtk_widget_get_parent (w);
                  w = w == child ? NULL : gtk_widget_get_next_sibling (w);
                }
            }
        }
      if ((found = find_switcher_button (child, title)) != NULL)
        return found;
    }
  return NULL;
}

/* A drawable button whose action is @action. */
static GtkWidget *
find_action_button (GtkWidget  *root,
                    const char *action)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && gtk_widget_is_drawable (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action) == 0)
        return child;
      if ((found = find_action_button (child, action)) != NULL)
        return found;
    }
  return NULL;
}

static void
click_center (GtkWidget *widget)
{
  limn_gui_test_click (widget, gtk_widget_get_width (widget) / 2.0, gtk_widget_get_height (widget) / 2.0, 1);
}

static LimnReviewPage *
review_page (Fixture *f)
{
  GtkWidget *child = adw_bin_get_child (g_ptr_array_index (f->window->page_slots, 1));

  return child != NULL ? LIMN_REVIEW_PAGE (child) : NULL;
}

typedef struct
{
  Fixture *f;
  guint    n;
} ListedWait;

static gboolean
n_listed (gpointer data)
{
  ListedWait *w = data;
  LimnReviewPage *page = review_page (w->f);
  GtkWidget *view = page != NULL ? limn_review_page_get_queue_view (page) : NULL;

  return view != NULL &&
         g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (view)))) == w->n;
}

typedef struct
{
  Fixture    *f;
  const char *task_id;
} ItemWait;

/* The item of @task_id is open, with its image. */
static gboolean
item_of_task_shown (gpointer data)
{
  ItemWait *w = data;
  LimnReviewPage *page = review_page (w->f);

  const char *item_id = page != NULL ? limn_review_page_get_item_id (page) : NULL;

  return item_id != NULL &&
         db_count (w->f->rita_db, "SELECT COUNT(*) FROM review_items WHERE id = '%s' AND task_id = '%s'",
                   item_id, w->task_id) == 1 &&
         limn_image_canvas_has_image (LIMN_IMAGE_CANVAS (limn_review_page_get_canvas (page)));
}

static void
wait_item (Fixture    *f,
           const char *task_id)
{
  ItemWait w = { f, task_id };

  g_assert_true (limn_gui_test_wait_until (item_of_task_shown, &w, 30000));
  limn_gui_test_spin (300);
}

static void
test_review_loop (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *sql = NULL;
  g_autofree char *bob_box = NULL;
  LimnReviewPage *page;
  LimnImageCanvas *canvas;
  LimnAnnotatorLegend *legend;
  GtkWidget *button, *dialog;
  ListedWait two = { f, 2 };
  double x1, y1, x2, y2;
  int ann_x = 0, ann_y = 0;
  gint64 opened;

  /* 1. ann (confident 0.3: below the review threshold) and bob label the
   * same two tasks; both enter the queue. */
  label_both (f, f->ann_dir, f->ann_token, 1, 0.3, f->a);
  label_both (f, NULL, f->bob_token, 2, 0.8, NULL);
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT COUNT(*) FROM annotations"), ==, 4);
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT COUNT(*) FROM review_items WHERE state = 'open'"), ==, 2);
  bob_box = limn_test_db_text (f->server,
                               "SELECT json_extract (a.regions, '$[1].id') FROM annotations a "
                               "JOIN users u ON u.id = a.annotator WHERE u.name = 'bob' AND a.task_id = ?1",
                               task (f, 1));

  /* 2. ann's app, a process of its own, opens her project. */
  start_ann (f);
  photograph (f, "review-loop-1-ann-start", TRUE);

  /* 3. rita's window: the labeling page first; the Review page lists the
   * server's queue before she holds an item. */
  prepare_rita (f);
  g_setenv ("LIMN_DATA_DIR", f->rita_dir, TRUE);
  f->window = limn_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 900);
  limn_window_open_default (f->window);
  limn_gui_test_show (GTK_WINDOW (f->window));
  g_assert_true (limn_gui_test_wait_until (role_known, f, 30000));
  limn_gui_test_spin (300);
  raise_rita (f);

  button = find_switcher_button (GTK_WIDGET (f->window), "Review");
  g_assert_nonnull (button);
  click_center (button);
  g_assert_true (limn_gui_test_wait_until (n_listed, &two, 30000));
  page = review_page (f);
  g_assert_null (limn_review_page_get_item_id (page));
  g_assert_cmpint (db_count (f->rita_db, "SELECT COUNT(*) FROM review_items WHERE lease_expires_us IS NULL"), ==, 2);
  photograph (f, "review-loop-2-queue-listed", FALSE);

  /* Get Items leases both; the oldest opens with both annotators' layers. */
  button = find_action_button (GTK_WIDGET (f->window), "review.get-items");
  g_assert_nonnull (button);
  click_center (button);
  wait_item (f, task (f, 0));
  canvas = LIMN_IMAGE_CANVAS (limn_review_page_get_canvas (page));
  legend = LIMN_ANNOTATOR_LEGEND (limn_review_page_get_legend (page));
  g_assert_cmpuint (g_list_model_get_n_items (limn_annotator_legend_get_layers (legend)), ==, 2);
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT COUNT(*) FROM review_items WHERE state = 'leased'"), ==, 2);
  photograph (f, "review-loop-3-rita-overlays", FALSE);
  g_free (limn_gui_test_screenshot (GTK_WIDGET (f->window), "review-loop-3-rita-window"));

  /* 4. Correct: ann's box (0, 0, 8, 6) dragged by (12, 9) image pixels. */
  limn_image_canvas_image_to_widget (canvas, 4, 3, &x1, &y1);
  limn_image_canvas_image_to_widget (canvas, 16, 12, &x2, &y2);
  limn_gui_test_drag (GTK_WIDGET (canvas), 1, x1, y1, x2, y2, 8);
  limn_gui_test_spin (300);
  g_free (limn_gui_test_screenshot (GTK_WIDGET (f->window), "review-loop-4-rita-corrected"));
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+shift+Return");
  wait_count (f->rita_db, 1, "SELECT COUNT(*) FROM outbox WHERE kind = 'review'");

  /* 5. Send back the second task with a comment pinned to bob's second
   * box, where ann drew none. */
  wait_item (f, task (f, 1));
  limn_image_canvas_image_to_widget (canvas, 12, 7, &x1, &y1);
  limn_gui_test_click (GTK_WIDGET (canvas), x1, y1, 1);
  limn_gui_test_spin (300);
  limn_gui_test_type (GTK_WINDOW (f->window), "A second car here");
  limn_gui_test_keys (GTK_WINDOW (f->window), "Return");
  limn_gui_test_spin (300);
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+shift+b");
  limn_gui_test_spin (500);
  dialog = limn_review_page_get_send_back_dialog (page);
  g_assert_nonnull (dialog);
  limn_gui_test_type (GTK_WINDOW (dialog), "One car is not boxed");
  g_free (limn_gui_test_screenshot (dialog, "review-loop-5-send-back-dialog"));
  photograph (f, "review-loop-5-send-back", FALSE);
  limn_gui_test_keys (GTK_WINDOW (dialog), "Return");
  wait_count (f->rita_db, 2, "SELECT COUNT(*) FROM outbox WHERE kind = 'review'");

  /* F5 sends both. */
  limn_gui_test_keys (GTK_WINDOW (f->window), "F5");
  wait_count (limn_test_server_get_db_path (f->server), 2, "SELECT COUNT(*) FROM reviews WHERE state = 'applied'");
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT COUNT(*) FROM reviews WHERE verdict = 'correct'"), ==, 1);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM annotations a JOIN users u ON u.id = a.author OR u.name = a.author "
                         "WHERE u.name = 'rita' AND a.parent_id = '%s' AND a.revision = 2", f->a[0]);
  g_assert_cmpint (limn_test_db_count (f->server, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM review_comments c JOIN reviews r ON r.id = c.review_id "
                         "WHERE r.verdict = 'send_back' AND r.reason_code = 'missed_object' "
                         "AND r.comment = 'One car is not boxed' AND c.region_id = '%s' "
                         "AND c.body = 'A second car here'", bob_box);
  g_assert_cmpint (limn_test_db_count (f->server, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM assignments s JOIN users u ON u.id = s.annotator "
                         "WHERE u.name = 'ann' AND s.task_id = '%s' AND s.status = 'accepted'", task (f, 0));
  g_assert_cmpint (limn_test_db_count (f->server, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM assignments s JOIN users u ON u.id = s.annotator "
                         "WHERE u.name = 'ann' AND s.task_id = '%s' AND s.status = 'assigned' AND s.rework = 1",
                         task (f, 1));
  g_assert_cmpint (limn_test_db_count (f->server, sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  /* Her review events (opened, moved, commented, verdicts) are hers to
   * log: none refused for a task she does not hold as an annotator. */
  wait_count (f->rita_db, 0, "SELECT COUNT(*) FROM outbox WHERE acked_us IS NULL");
  g_assert_cmpint (db_count (f->rita_db, "SELECT COUNT(*) FROM outbox WHERE kind = 'event'"), >, 0);
  g_assert_cmpint (db_count (f->rita_db, "SELECT COUNT(*) FROM outbox WHERE result = 'rejected'"), ==, 0);

  /* 6. ann syncs: the rework comes first, with the comment. */
  ann_xdotool (f, "key", "F5", NULL);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM reviews WHERE task_id = '%s' AND verdict = 'send_back'", task (f, 1));
  wait_count (f->ann_db, 1, sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM assignments WHERE task_id = '%s' AND rework = 1 AND status IN ('assigned', 'in_progress')", task (f, 1));
  wait_count (f->ann_db, 1, sql);
  g_clear_pointer (&sql, g_free);
  /* She is on the corrected task, done: a toast offers the rework
   * ("“img-001.png” was sent back to you", Open). */
  limn_gui_test_spin (1500);
  photograph (f, "review-loop-6-ann-rework-toast", TRUE);
  /* The task list (F9) has it first. */
  ann_xdotool (f, "key", "F9", NULL);
  limn_gui_test_spin (1000);
  photograph (f, "review-loop-6-ann-rework-first", TRUE);
  ann_xdotool (f, "key", "F9", NULL);

  /* She opens it and draws the missing box in the middle of the image. */
  {
    g_autofree char *geometry = xdotool_output ("getwindowgeometry --shell %s", f->ann_window);
    g_autofree char *x = limn_test_kv (geometry, "X");
    g_autofree char *y = limn_test_kv (geometry, "Y");

    ann_x = x != NULL ? atoi (x) : 900;
    ann_y = y != NULL ? atoi (y) : 0;
  }
  /* Next Task goes to the rework first, wherever it is in the list;
   * her store logs the task opened. Edit Again starts the revision. */
  sql = g_strdup_printf ("SELECT COUNT(*) FROM events WHERE type = 'task_opened' AND task_id = '%s'", task (f, 1));
  opened = db_count (f->ann_db, "%s", sql);
  ann_xdotool (f, "key", "ctrl+Page_Down", NULL);
  wait_count (f->ann_db, opened + 1, sql);
  g_clear_pointer (&sql, g_free);
  limn_gui_test_spin (1500);
  photograph (f, "review-loop-7-ann-rework-open", TRUE);
  ann_xdotool (f, "key", "ctrl+e", NULL);
  limn_gui_test_spin (500);
  {
    g_autofree char *from_x = g_strdup_printf ("%d", ann_x + 150);
    g_autofree char *from_y = g_strdup_printf ("%d", ann_y + 420);
    g_autofree char *to_x = g_strdup_printf ("%d", ann_x + 260);
    g_autofree char *to_y = g_strdup_printf ("%d", ann_y + 520);

    ann_xdotool (f, "mousemove", from_x, from_y, "mousedown", "1", "mousemove", to_x, to_y, "mouseup", "1", NULL);
  }
  limn_gui_test_spin (500);
  photograph (f, "review-loop-8-ann-fixed", TRUE);
  ann_xdotool (f, "key", "ctrl+Return", NULL);
  limn_gui_test_spin (1000);
  ann_xdotool (f, "key", "F5", NULL);

  /* The new revision links to the reviewed one and is queued as rework. */
  sql = g_strdup_printf ("SELECT COUNT(*) FROM annotations a JOIN users u ON u.id = a.annotator "
                         "WHERE u.name = 'ann' AND a.parent_id = '%s' AND a.revision = 2 "
                         "AND a.state = 'submitted'", f->a[1]);
  wait_count (limn_test_server_get_db_path (f->server), 1, sql);
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT COUNT(*) FROM annotations WHERE parent_id = '%s'", f->a[1]);
  g_assert_cmpint (db_count (f->ann_db, "%s", sql), ==, 1);
  g_clear_pointer (&sql, g_free);
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT COUNT(*) FROM review_items WHERE state = 'open' "
                                                  "AND reasons LIKE '%rework%'"), ==, 1);

  /* 7. rita syncs; the rework is listed, she gets it and accepts. */
  raise_rita (f);
  limn_gui_test_keys (GTK_WINDOW (f->window), "F5");
  g_assert_true (limn_gui_test_wait_until (n_listed, &((ListedWait) { f, 1 }), 30000));
  button = find_action_button (GTK_WIDGET (f->window), "review.get-items");
  g_assert_nonnull (button);
  click_center (button);
  wait_item (f, task (f, 1));
  photograph (f, "review-loop-9-rita-rework", FALSE);
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+Return");
  wait_count (f->rita_db, 3, "SELECT COUNT(*) FROM outbox WHERE kind = 'review'");
  limn_gui_test_keys (GTK_WINDOW (f->window), "F5");
  sql = g_strdup_printf ("SELECT COUNT(*) FROM assignments s JOIN users u ON u.id = s.annotator "
                         "WHERE u.name = 'ann' AND s.task_id = '%s' AND s.status = 'accepted'", task (f, 1));
  wait_count (limn_test_server_get_db_path (f->server), 1, sql);
  g_clear_pointer (&sql, g_free);
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT COUNT(*) FROM reviews WHERE verdict = 'accept' "
                                                  "AND state = 'applied'"), ==, 1);
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT COUNT(*) FROM reviews"), ==, 3);
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT COUNT(*) FROM review_items WHERE state <> 'decided'"), ==, 0);
  wait_count (f->rita_db, 0, "SELECT COUNT(*) FROM outbox WHERE acked_us IS NULL");
  g_assert_cmpint (db_count (f->rita_db, "SELECT COUNT(*) FROM outbox WHERE result = 'rejected'"), ==, 0);
  photograph (f, "review-loop-10-rita-done", FALSE);

  /* 8. ann syncs: both tasks accepted in her store. */
  ann_xdotool (f, "key", "F5", NULL);
  wait_count (f->ann_db, 2, "SELECT COUNT(*) FROM assignments WHERE status = 'accepted'");
  g_assert_cmpint (db_count (f->ann_db, "SELECT COUNT(*) FROM reviews WHERE reviewer = 'rita'"), ==, 3);
  limn_gui_test_spin (1000);
  photograph (f, "review-loop-11-ann-accepted", TRUE);
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

  g_test_add ("/review-loop/two-apps-one-server", Fixture, NULL, setup, test_review_loop, teardown);

  return g_test_run ();
}
