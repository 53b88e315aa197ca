/* test-sync-window.c
 *
 * The app and a real limn-server on a loopback port, as an annotator meets
 * them: sign in by typing the address and token into the dialog, get tasks,
 * label one with the keyboard, submit, sync (F5); the server holds exactly
 * that annotation. Then the server goes away: labeling and submitting go
 * on, the indicator says offline with work waiting, and when the server is
 * back the queued work arrives once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "limn-application.h"
#include "limn-gui-test.h"
#include "limn-server-test.h"
#include "limn-sign-in-dialog.h"
#include "limn-sync-indicator.h"
#include "limn-window.h"
#include "../limn-test-util.h"

static LimnApplication *app;

typedef struct
{
  char           *dir;
  LimnTestServer *server;
  char           *project_id;
  char           *token;
  LimnWindow     *window;
} Fixture;

static const char * const texts[] = {
  "Ada Lovelace wrote to Charles Babbage from London.",
  "Grace Hopper worked at Harvard in 1944.",
  "Katherine Johnson computed orbits at NASA.",
  NULL
};

static gboolean
window_ready (gpointer data)
{
  Fixture *f = data;

  return limn_window_get_sync_client (f->window) != NULL && limn_window_get_draft (f->window) != NULL;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autofree char *data_dir = NULL;

  f->dir = limn_test_mkdtemp ();
  data_dir = g_build_filename (f->dir, "client", NULL);
  g_setenv ("LIMN_DATA_DIR", data_dir, TRUE);

  f->server = limn_test_server_new ();
  f->project_id = limn_test_server_add_text_project (f->server, "Pioneers", texts);
  f->token = limn_test_server_add_token (f->server, "carol", f->project_id, "annotator", NULL);
  limn_test_server_start (f->server, NULL, NULL);

  /* A first run: the demo opens; the team project comes with sign-in. */
  f->window = limn_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  limn_window_open_default (f->window);
  limn_gui_test_show (GTK_WINDOW (f->window));
  g_assert_true (limn_gui_test_wait_until (window_ready, f, 20000));
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

static gboolean
on_team_task (gpointer data)
{
  Fixture *f = data;
  const char *task_id = limn_window_get_task_id (f->window);
  g_autofree char *sql = NULL;

  if (limn_window_get_draft (f->window) == NULL || task_id == NULL ||
      !g_uuid_string_is_valid (task_id))
    return FALSE;

  /* Server task ids become local ids: the open task is one of the server's. */
  sql = g_strdup_printf ("SELECT COUNT(*) FROM tasks WHERE id = '%s'", task_id);
  return limn_test_db_count (f->server, sql) == 1 &&
         gtk_widget_get_mapped (limn_window_get_span_view (f->window));
}

typedef struct
{
  Fixture    *f;
  const char *sql;
  gint64      want;
} DbWait;

static gboolean
server_count_is (gpointer data)
{
  DbWait *w = data;

  return limn_test_db_count (w->f->server, w->sql) == w->want;
}

static gboolean
nothing_pending (gpointer data)
{
  Fixture *f = data;

  return limn_sync_client_get_n_pending (limn_window_get_sync_client (f->window)) == 0;
}

static gboolean
is_offline_with_work (gpointer data)
{
  Fixture *f = data;
  LimnSyncClient *sync = limn_window_get_sync_client (f->window);

  return limn_sync_client_get_state (sync) == LIMN_SYNC_STATE_OFFLINE &&
         limn_sync_client_get_n_pending (sync) > 0;
}

static void
label_and_submit (Fixture *f)
{
  GtkWidget *span_view = limn_window_get_span_view (f->window);
  const char *task_id = limn_window_get_task_id (f->window);
  g_autofree char *before = g_strdup (task_id);

  gtk_widget_grab_focus (span_view);
  /* The first word, as Person (key 1). */
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+Home ctrl+shift+Right 1 ctrl+Return");
  g_assert_cmpstr (before, !=, NULL);
}

static void
test_sign_in_label_sync_offline (Fixture       *f,
                                 gconstpointer  data)
{
  GtkWidget *dialog = NULL;
  LimnSyncClient *sync = limn_window_get_sync_client (f->window);
  DbWait one = { f, "SELECT COUNT(*) FROM annotations", 1 };
  DbWait two = { f, "SELECT COUNT(*) FROM annotations", 2 };
  g_autofree char *port_arg = NULL;
  const char *listen_args[3];

  /* Sign in: the menu's action opens the dialog; the user types. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sign-in", NULL);
  g_assert_true (limn_gui_test_wait_until (find_sign_in, &dialog, 5000));
  limn_gui_test_spin (300);
  limn_gui_test_type (GTK_WINDOW (dialog), limn_test_server_get_url (f->server));
  limn_gui_test_keys (GTK_WINDOW (dialog), "Tab");
  limn_gui_test_type (GTK_WINDOW (dialog), f->token);
  limn_gui_test_screenshot_root ("sync-sign-in");
  limn_gui_test_keys (GTK_WINDOW (dialog), "Return");

  /* Signed in, tasks claimed, the team project open on its first task. */
  g_assert_true (limn_gui_test_wait_until (on_team_task, f, 30000));
  g_assert_cmpstr (limn_sync_client_get_user_name (sync), ==, "carol");
  g_assert_cmpint (limn_test_db_count (f->server, "SELECT COUNT(*) FROM assignments"), ==, 3);
  limn_gui_test_spin (300);

  /* Label and submit; F5 syncs now. */
  label_and_submit (f);
  limn_gui_test_keys (GTK_WINDOW (f->window), "F5");
  g_assert_true (limn_gui_test_wait_until (server_count_is, &one, 20000));
  g_assert_true (limn_gui_test_wait_until (nothing_pending, f, 20000));
  g_assert_cmpint (limn_test_db_count (f->server,
                                       "SELECT COUNT(*) FROM events WHERE type = 'submit'"), ==, 1);
  limn_gui_test_screenshot_root ("sync-synced");

  /* The server goes away: work goes on, and the indicator says so. */
  port_arg = g_strdup (strrchr (limn_test_server_get_url (f->server), '/') + 1);
  limn_test_server_stop (f->server);
  label_and_submit (f);
  limn_gui_test_keys (GTK_WINDOW (f->window), "F5");
  g_assert_true (limn_gui_test_wait_until (is_offline_with_work, f, 30000));
  limn_gui_test_screenshot_root ("sync-offline");

  /* Back on the same address: the queued work arrives, once. */
  listen_args[0] = "--listen";
  listen_args[1] = port_arg;
  listen_args[2] = NULL;
  limn_test_server_start (f->server, listen_args, NULL);
  limn_gui_test_keys (GTK_WINDOW (f->window), "F5");
  g_assert_true (limn_gui_test_wait_until (server_count_is, &two, 30000));
  g_assert_true (limn_gui_test_wait_until (nothing_pending, f, 30000));
  g_assert_cmpint (limn_test_db_count (f->server,
                                       "SELECT COUNT(*) FROM events WHERE type = 'submit'"), ==, 2);
  g_assert_cmpint (limn_test_db_count (f->server,
                                       "SELECT COUNT(*) FROM annotations WHERE state = 'submitted'"), ==, 2);
}

static void
test_insecure_address_needs_consent (Fixture       *f,
                                     gconstpointer  data)
{
  GtkWidget *dialog = NULL;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sign-in", NULL);
  g_assert_true (limn_gui_test_wait_until (find_sign_in, &dialog, 5000));
  limn_gui_test_spin (300);
  /* Plain http to a host that is not this computer. */
  limn_gui_test_type (GTK_WINDOW (dialog), "http://labels.example.org");
  limn_gui_test_keys (GTK_WINDOW (dialog), "Tab");
  limn_gui_test_type (GTK_WINDOW (dialog), "limn_token");
  limn_gui_test_spin (200);
  limn_gui_test_screenshot_root ("sync-insecure");

  /* Return does nothing: Sign In stays off until the switch is turned on,
   * and no account was made. */
  limn_gui_test_keys (GTK_WINDOW (dialog), "Return");
  limn_gui_test_spin (300);
  g_assert_true (gtk_widget_get_mapped (dialog));
  g_assert_null (limn_sync_client_get_server_url (limn_window_get_sync_client (f->window)));
  gtk_window_destroy (GTK_WINDOW (dialog));
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

  g_test_add ("/sync-window/sign-in-label-sync-offline", Fixture, NULL, setup,
              test_sign_in_label_sync_offline, teardown);
  g_test_add ("/sync-window/insecure-needs-consent", Fixture, NULL, setup,
              test_insecure_address_needs_consent, teardown);

  return g_test_run ();
}
