/* test-languages-pages.c
 *
 * Beyond the main window, in the language $LANGUAGE names (meson runs
 * this once for ar and once for ja, LIMN_LOCALEDIR on the build tree's
 * catalogs): the real window signed in as the reviewer of a project on a
 * real limn-server on loopback, its database seeded with a team history.
 * The Review page (its items leased from that server), the Progress page
 * (empty: a reviewer's own) and the Team page are shown in turn, then the
 * Import and Export dialogs and the Preferences window are opened through
 * their actions. Each is photographed (languages-LL-WHAT.png) and walked
 * for English left on screen (limn-gui-english.h). In Arabic, the header
 * bar and the lists run right to left; the canvases stay left to right.
 * Then an annotator's Progress page, eight weeks of work in the store
 * (limn-progress-history.h): the dashboard with its charts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "i18n/limn-i18n.h"
#include "limn-application.h"
#include "limn-export-dialog.h"
#include "limn-gui-english.h"
#include "limn-gui-test.h"
#include "limn-progress-history.h"
#include "limn-progress-page.h"
#include "limn-review-page.h"
#include "limn-server-history.h"
#include "limn-server-test.h"
#include "limn-sync-test.h"
#include "limn-window.h"
#include "limn-window-private.h"
#include "store/limn-store.h"
#include "store/limn-store-accounts.h"
#include "../limn-test-util.h"

static LimnApplication *app;
static const char *language;
static GtkTextDirection direction;

typedef struct
{
  LimnTestServer   *server;
  LimnHistory      *history;
  char             *dir;
  LimnWindow       *window;
  LimnEnglishCheck *english;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *server_db = NULL;
  g_autofree char *db = NULL;
  g_autoptr(LimnStore) store = NULL;
  g_autoptr(LimnProject) project = NULL;
  static const char * const names[] = LIMN_HISTORY_LABELS;
  static const char * const colors[] = { "#3584e4", "#e66100", "#2ec27e", "#9141ac" };
  LimnHistorySpec spec;
  LimnSyncTestClient *client;
  const char *url;

  f->dir = limn_test_mkdtemp ();
  db = g_build_filename (f->dir, "limn.db", NULL);
  f->server = limn_test_server_new ();
  limn_history_spec_init (&spec);
  spec.n_tasks = 200;
  spec.n_gold = 10;
  spec.per_day = 8;
  server_db = limn_test_server_get_db_path (f->server);
  g_assert_true (limn_test_seed_history_full (server_db, &spec, &f->history, &error));
  g_assert_no_error (error);
  /* Every seeded review is decided: three back in the queue. */
  limn_test_history_reopen_reviews (server_db, 3);
  limn_test_server_start (f->server, NULL, NULL);
  url = limn_test_server_get_url (f->server);

  client = limn_sync_test_client_new (f->dir);
  g_assert_true (limn_sync_test_sign_in (client->client, url, f->history->reviewer_token, &error));
  g_assert_no_error (error);
  limn_sync_test_client_free (client, TRUE);
  project = limn_project_new (f->history->project_id, "Streets", LIMN_PROJECT_IMAGE);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *key = g_strdup_printf ("%u", i + 1);
      g_autoptr(LimnLabel) label = limn_label_new (g_ptr_array_index (f->history->label_ids, i), names[i],
                                                   colors[i], key);

      limn_project_add_label (project, label);
    }
  store = limn_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_true (limn_store_save_project (store, project, &error));
  g_assert_true (limn_store_set_project_remote (store, f->history->project_id, url, "{}", &error));
  g_assert_no_error (error);

  /* What may stay as it is: the project's own names and its people's. */
  f->english = limn_english_check_new (language);
  limn_english_check_allow (f->english, "Streets");
  for (guint i = 0; names[i] != NULL; i++)
    limn_english_check_allow (f->english, names[i]);
  for (guint i = 0; i < f->history->annotator_names->len; i++)
    limn_english_check_allow (f->english, g_ptr_array_index (f->history->annotator_names, i));
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  limn_gui_test_spin (200);
  g_clear_pointer (&f->server, limn_test_server_free);
  g_clear_pointer (&f->history, limn_history_free);
  g_clear_pointer (&f->english, limn_english_check_free);
  limn_test_rm_rf (f->dir);
  g_free (f->dir);
}

static gboolean
opened (gpointer data)
{
  Fixture *f = data;

  return f->window->contents != NULL && limn_window_get_task_id (f->window) != NULL;
}

static gboolean
signed_in (gpointer data)
{
  Fixture *f = data;
  LimnSyncClient *sync = limn_window_get_sync_client (f->window);

  return sync != NULL && g_strcmp0 (limn_sync_client_get_role (sync), "reviewer") == 0 &&
         f->window->contents != NULL;
}

static GtkWidget *
page_widget (Fixture    *f,
             GType       type)
{
  for (guint i = 0; i < f->window->page_slots->len; i++)
    {
      GtkWidget *child = adw_bin_get_child (g_ptr_array_index (f->window->page_slots, i));

      if (child != NULL && G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
    }
  return NULL;
}

static gboolean
review_loaded (gpointer data)
{
  Fixture *f = data;
  GtkWidget *page = page_widget (f, LIMN_TYPE_REVIEW_PAGE);

  return page != NULL && limn_review_page_get_item_id (LIMN_REVIEW_PAGE (page)) != NULL;
}

/* Every mapped list of @root runs in the language's direction. */
static void
check_lists_direction (GtkWidget  *root,
                       const char *where)
{
  if (!gtk_widget_get_mapped (root))
    return;
  if (GTK_IS_LIST_BOX (root) || GTK_IS_LIST_VIEW (root) || GTK_IS_COLUMN_VIEW (root) ||
      ADW_IS_HEADER_BAR (root))
    {
      if (gtk_widget_get_direction (root) != direction)
        g_error ("%s: a %s runs %s", where, G_OBJECT_TYPE_NAME (root),
                 gtk_widget_get_direction (root) == GTK_TEXT_DIR_RTL ? "right to left" : "left to right");
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_lists_direction (child, where);
}

/* Photographs @widget as languages-LL-@what and walks it for English. */
static guint
look_at (Fixture    *f,
         GtkWidget  *widget,
         const char *what)
{
  g_autofree char *name = g_strdup_printf ("languages-%s-%s", language, what);
  g_autofree char *shot = NULL;

  limn_gui_test_spin (600);
  shot = limn_gui_test_screenshot (widget, name);
  g_test_message ("screenshot: %s", shot);
  check_lists_direction (widget, what);
  return limn_english_check_walk (f->english, widget, what);
}

static guint
show_page (Fixture    *f,
           const char *name)
{
  guint n = 0;

  adw_view_stack_set_visible_child_name (f->window->pages, name);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (f->window->pages), ==, name);
  if (g_str_equal (name, "review"))
    {
      GtkWidget *page;

      /* Empty until Get Items leases some from the server. */
      limn_gui_test_spin (1000);
      n += look_at (f, GTK_WIDGET (f->window), "review-empty");
      page = page_widget (f, LIMN_TYPE_REVIEW_PAGE);
      g_assert_nonnull (page);
      g_assert_true (gtk_widget_activate_action (page, "review.get-items", NULL));
      if (!limn_gui_test_wait_until (review_loaded, f, 30000))
        g_error ("the Review page leased no item (state %s)", limn_review_page_get_state (LIMN_REVIEW_PAGE (page)));
    }
  else
    limn_gui_test_spin (3000);   /* the dashboards fetch from the server */
  return n + look_at (f, GTK_WIDGET (f->window), name);
}

/* The one toplevel that is neither the main window nor in @before. */
static GtkWindow *
new_toplevel (GPtrArray *before)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);

      if (!g_ptr_array_find (before, w, NULL) && gtk_widget_get_mapped (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

static GPtrArray *
toplevels_now (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GPtrArray *all = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    g_ptr_array_add (all, g_list_model_get_item (toplevels, i));
  return all;
}

typedef struct
{
  GPtrArray *before;
  GtkWindow *found;
} NewWait;

static gboolean
has_new_toplevel (gpointer data)
{
  NewWait *w = data;

  return (w->found = new_toplevel (w->before)) != NULL;
}

static guint
show_dialog (Fixture    *f,
             const char *action,
             const char *what)
{
  g_autoptr(GPtrArray) before = toplevels_now ();
  NewWait w = { before, NULL };
  guint n;

  if (g_str_has_prefix (action, "app."))
    g_action_group_activate_action (G_ACTION_GROUP (app), action + 4, NULL);
  else if (g_str_equal (action, "win.export"))
    {
      /* A team project's window does not offer it (its datasets are the
       * server's); the dialog a local project opens is the same. */
      gtk_window_present (GTK_WINDOW (limn_export_dialog_new (GTK_WINDOW (f->window), f->window->worker,
                                                              f->window->contents->project)));
    }
  else
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), action, NULL));
  g_assert_true (limn_gui_test_wait_until (has_new_toplevel, &w, 10000));
  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (w.found)), ==, direction);
  n = look_at (f, GTK_WIDGET (w.found), what);
  gtk_window_destroy (w.found);
  limn_gui_test_spin (200);
  return n;
}

static void
test_pages_in_language (Fixture       *f,
                        gconstpointer  data)
{
  guint n = 0;

  g_setenv ("LIMN_DATA_DIR", f->dir, TRUE);
  f->window = limn_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 860);
  limn_window_open_default (f->window);
  limn_gui_test_show (GTK_WINDOW (f->window));
  g_assert_true (limn_gui_test_wait_until (signed_in, f, 30000));
  limn_gui_test_spin (500);

  g_assert_cmpint (gtk_widget_get_default_direction (), ==, direction);
  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (f->window)), ==, direction);

  n += show_page (f, "review");
  {
    GtkWidget *canvas = limn_review_page_get_canvas (LIMN_REVIEW_PAGE (page_widget (f, LIMN_TYPE_REVIEW_PAGE)));

    /* The photo is never mirrored. */
    g_assert_cmpint (gtk_widget_get_direction (canvas), ==, GTK_TEXT_DIR_LTR);
  }
  n += show_page (f, "progress");
  n += show_page (f, "team");
  n += show_dialog (f, "win.import", "import");
  n += show_dialog (f, "win.export", "export");
  n += show_dialog (f, "app.preferences", "preferences");

  /* Each leftover is listed above in the log. */
  g_assert_cmpuint (n, ==, 0);
}

/* An annotator's Progress page with eight weeks of work in the store
 * (limn-progress-history.h): the dashboard, its charts and feedback. */
static void
test_progress_in_language (void)
{
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *data_dir = g_build_filename (dir, "data", NULL);
  g_autofree char *db = g_build_filename (data_dir, "limn.db", NULL);
  g_autoptr(LimnEnglishCheck) english = limn_english_check_new (language);
  LimnProgressGold gold = { 0, 0 };
  Fixture f = { 0 };
  static const char * const written[] = {
    "Street scenes", "Car", "Person", "Bike", "rita", "ann", "Street",
    "Nice and tight around the mirrors.", "Is a cargo bike a bike?", "Yes: box it as Bike.",
    "Your boxes on people got much tighter this month.",
  };

  g_mkdir_with_parents (data_dir, 0700);
  g_setenv ("LIMN_DATA_DIR", data_dir, TRUE);
  /* Else the window looks for the first case's project, and opens the demo. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_reset (settings, "last-project");
  }
  limn_progress_history_prepare (db, g_get_real_time (), TRUE, &gold);
  for (guint i = 0; i < G_N_ELEMENTS (written); i++)
    limn_english_check_allow_text (english, written[i]);
  f.english = english;

  f.window = limn_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (f.window), 1100, 900);
  limn_window_open_default (f.window);
  limn_gui_test_show (GTK_WINDOW (f.window));
  g_assert_true (limn_gui_test_wait_until (opened, &f, 20000));
  limn_gui_test_spin (300);
  /* Its own picture: the reviewer's empty page is languages-LL-progress. */
  adw_view_stack_set_visible_child_name (f.window->pages, "progress");
  limn_gui_test_spin (3000);
  g_assert_cmpuint (look_at (&f, GTK_WIDGET (f.window), "progress-annotator"), ==, 0);
  g_assert_nonnull (page_widget (&f, LIMN_TYPE_PROGRESS_PAGE));

  gtk_window_destroy (GTK_WINDOW (f.window));
  limn_gui_test_spin (100);
  limn_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  language = g_getenv ("LANGUAGE");

  limn_i18n_init ();
  limn_gui_test_init (&argc, &argv);

  if (g_strcmp0 (language, "ar") == 0)
    direction = GTK_TEXT_DIR_RTL;
  else if (g_strcmp0 (language, "ja") == 0)
    direction = GTK_TEXT_DIR_LTR;
  else
    {
      g_test_skip ("LANGUAGE is not one of ar, ja");
      return 0;
    }

  app = limn_application_new ();
  g_application_register (G_APPLICATION (app), NULL, NULL);

  g_test_add ("/languages/pages-and-dialogs", Fixture, NULL, setup, test_pages_in_language, teardown);
  g_test_add_func ("/languages/progress-page", test_progress_in_language);

  {
    int status = g_test_run ();

    g_clear_object (&app);
    return status;
  }
}
