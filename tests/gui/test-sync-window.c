/* test-sync-window.c
 *
 * The app and a real limn-server on a loopback port, as an annotator meets
 * them: sign in by typing the address and token into the dialog, get tasks,
 * label one with the keyboard, submit, sync (F5); the server holds exactly
 * that annotation. Then the server goes away: labeling and submitting go
 * on, the indicator says offline with work waiting, and when the server is
 * back the queued work arrives once.
 *
 * Then, through the fault proxy, what a bad network does to a person: an
 * image that did not come shows "Downloading…" and cannot be submitted,
 * and appears once the server answers; a submit not yet sent shows a clock
 * in the task list, a sent one a check mark; "Get More Tasks" survives
 * faults with one click and counts the new tasks right; and every sync
 * state is shown and photographed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "limn-application.h"
#include "limn-fault-proxy.h"
#include "limn-gui-test.h"
#include "limn-image-canvas.h"
#include "limn-server-test.h"
#include "limn-sign-in-dialog.h"
#include "limn-sync-indicator.h"
#include "limn-task-row.h"
#include "limn-window.h"
#include "../limn-test-util.h"

static LimnApplication *app;

typedef struct
{
  char           *dir;
  LimnTestServer *server;
  LimnFaultProxy *proxy;
  char           *project_id;
  char           *token;
  char           *token_id;
  LimnWindow     *window;
  guint           n_opened;
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
task_opened_cb (LimnWindow *window,
                const char *task_id,
                Fixture    *f)
{
  f->n_opened++;
}

/* data: NULL, "text" (a text project behind the fault proxy) or "image"
 * (three images behind it). */
static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autofree char *data_dir = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  f->dir = limn_test_mkdtemp ();
  data_dir = g_build_filename (f->dir, "client", NULL);
  g_setenv ("LIMN_DATA_DIR", data_dir, TRUE);
  g_settings_reset (settings, "offline-tasks");

  f->server = limn_test_server_new ();
  if (g_strcmp0 (data, "image") == 0)
    f->project_id = limn_test_server_add_image_project (f->server, "Streets", 3);
  else
    f->project_id = limn_test_server_add_text_project (f->server, "Pioneers", texts);
  f->token = limn_test_server_add_token (f->server, "carol", f->project_id, "annotator", &f->token_id);
  limn_test_server_start (f->server, NULL, NULL);
  if (data != NULL)
    f->proxy = limn_fault_proxy_new (limn_test_server_get_url (f->server), 20261207);

  /* A first run: the demo opens; the team project comes with sign-in. */
  f->window = limn_window_new (app);
  g_signal_connect (f->window, "task-opened", G_CALLBACK (task_opened_cb), f);
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
  g_clear_pointer (&f->proxy, limn_fault_proxy_free);
  limn_gui_test_spin (50);
  g_clear_pointer (&f->server, limn_test_server_free);
  limn_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->project_id);
  g_free (f->token);
  g_free (f->token_id);
}

static void photograph_state (Fixture    *f,
                              const char *name);

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

static void
communicated_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  *(GAsyncResult **)data = g_object_ref (result);
}

/* `limn-server admin inspect [--task ID]`'s output, or NULL when it fails.
 * The window's main loop keeps running meanwhile: these are polled while
 * the app syncs. */
static char *
inspect (Fixture    *f,
         const char *task_id)
{
  const char *argv[] = { g_getenv ("LIMN_SERVER_BINARY"), "admin", "--data",
                         limn_test_server_get_data_dir (f->server), "inspect",
                         task_id ? "--task" : NULL, task_id, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *out = NULL;

  child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                             &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (child, NULL, NULL, communicated_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_subprocess_communicate_utf8_finish (child, result, &out, NULL, &error));
  g_assert_no_error (error);

  return g_subprocess_get_if_exited (child) && g_subprocess_get_exit_status (child) == 0
         ? g_steal_pointer (&out) : NULL;
}

/* Whether the server has a task with @task_id. */
static gboolean
server_has_task (Fixture    *f,
                 const char *task_id)
{
  g_autofree char *out = inspect (f, task_id);
  g_autofree char *id = limn_test_kv (out, "task_id");

  return g_strcmp0 (id, task_id) == 0;
}

static gboolean
on_team_task (gpointer data)
{
  Fixture *f = data;
  const char *task_id = limn_window_get_task_id (f->window);

  if (limn_window_get_draft (f->window) == NULL || task_id == NULL ||
      !g_uuid_string_is_valid (task_id))
    return FALSE;

  /* Server task ids become local ids: the open task is one of the server's. */
  return server_has_task (f, task_id) &&
         gtk_widget_get_mapped (limn_window_get_span_view (f->window));
}

typedef struct
{
  Fixture    *f;
  const char *key;     /* of `admin inspect` */
  gint64      want;
} CountWait;

static gboolean
server_count_is (gpointer data)
{
  CountWait *w = data;
  g_autofree char *out = inspect (w->f, NULL);
  g_autofree char *value = limn_test_kv (out, w->key);

  return value != NULL && g_ascii_strtoll (value, NULL, 10) == w->want;
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
  CountWait one = { f, "annotations", 1 };
  CountWait two = { f, "annotations", 2 };
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
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "assignments"), ==, 3);
  limn_gui_test_spin (300);

  /* Label and submit; F5 syncs now. */
  label_and_submit (f);
  limn_gui_test_keys (GTK_WINDOW (f->window), "F5");
  g_assert_true (limn_gui_test_wait_until (server_count_is, &one, 20000));
  g_assert_true (limn_gui_test_wait_until (nothing_pending, f, 20000));
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "events.type.submit"), ==, 1);
  limn_gui_test_screenshot_root ("sync-synced");

  /* The server goes away: work goes on, and the indicator says so. */
  port_arg = g_strdup (strrchr (limn_test_server_get_url (f->server), '/') + 1);
  limn_test_server_stop (f->server);
  label_and_submit (f);
  limn_gui_test_keys (GTK_WINDOW (f->window), "F5");
  g_assert_true (limn_gui_test_wait_until (is_offline_with_work, f, 30000));
  limn_gui_test_screenshot_root ("sync-offline");
  photograph_state (f, "sync-state-offline");

  /* Back on the same address: the queued work arrives, once. */
  listen_args[0] = "--listen";
  listen_args[1] = port_arg;
  listen_args[2] = NULL;
  limn_test_server_start (f->server, listen_args, NULL);
  limn_gui_test_keys (GTK_WINDOW (f->window), "F5");
  g_assert_true (limn_gui_test_wait_until (server_count_is, &two, 30000));
  g_assert_true (limn_gui_test_wait_until (nothing_pending, f, 30000));
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "events.type.submit"), ==, 2);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "annotations.submitted"), ==, 2);
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

/* Through the fault proxy */

static gboolean
on_any_team_task (gpointer data)
{
  Fixture *f = data;
  const char *task_id = limn_window_get_task_id (f->window);

  if (limn_window_get_draft (f->window) == NULL || task_id == NULL || !g_uuid_string_is_valid (task_id))
    return FALSE;

  return server_has_task (f, task_id);
}

/* Signs in as a person does, through @url, and waits for the team's first task. */
static void
sign_in (Fixture    *f,
         const char *url)
{
  GtkWidget *dialog = NULL;

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.sign-in", NULL);
  g_assert_true (limn_gui_test_wait_until (find_sign_in, &dialog, 5000));
  limn_gui_test_spin (300);
  limn_gui_test_type (GTK_WINDOW (dialog), url);
  limn_gui_test_keys (GTK_WINDOW (dialog), "Tab");
  limn_gui_test_type (GTK_WINDOW (dialog), f->token);
  limn_gui_test_keys (GTK_WINDOW (dialog), "Return");
  g_assert_true (limn_gui_test_wait_until (on_any_team_task, f, 30000));
}

static gboolean
page_is_media_wait (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (limn_window_get_work_page (f->window), "media-wait") == 0;
}

static gboolean
image_shown (gpointer data)
{
  Fixture *f = data;
  LimnImageCanvas *canvas = LIMN_IMAGE_CANVAS (limn_window_get_image_canvas (f->window));

  return g_strcmp0 (limn_window_get_work_page (f->window), "image") == 0 &&
         limn_image_canvas_get_state (canvas) == LIMN_IMAGE_CANVAS_STATE_READY;
}

/* 1. An image the network did not bring: "Downloading…", nothing to submit;
 * it appears once the server answers. */
static void
test_media_waits_for_the_network (Fixture       *f,
                                  gconstpointer  data)
{
  GtkWidget *canvas = limn_window_get_image_canvas (f->window);
  CountWait one = { f, "annotations", 1 };
  g_autofree char *first_task = NULL;
  int w, h;

  /* Every image download is dropped on the way. */
  limn_fault_proxy_set_scope (f->proxy, "/api/v1/media/");
  limn_fault_proxy_set_down (f->proxy, LIMN_FAULT_DROP_REQUEST);
  sign_in (f, limn_fault_proxy_get_url (f->proxy));
  first_task = g_strdup (limn_window_get_task_id (f->window));

  g_assert_true (limn_gui_test_wait_until (page_is_media_wait, f, 10000));
  limn_gui_test_spin (300);
  limn_gui_test_screenshot (GTK_WIDGET (f->window), "sync-media-waiting");

  /* Nothing was seen, so nothing can be submitted: a drag draws nothing
   * and Ctrl+Enter does nothing. */
  w = gtk_widget_get_width (GTK_WIDGET (f->window));
  h = gtk_widget_get_height (GTK_WIDGET (f->window));
  limn_gui_test_drag (GTK_WIDGET (f->window), 1, w / 2.0 - 60, h / 2.0 - 40, w / 2.0 + 60, h / 2.0 + 40, 8);
  limn_gui_test_keys (GTK_WINDOW (f->window), "1 ctrl+Return F5");
  limn_gui_test_spin (1000);
  g_assert_cmpstr (limn_window_get_task_id (f->window), ==, first_task);
  g_assert_cmpuint (limn_draft_get_n_regions (limn_window_get_draft (f->window)), ==, 0);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "annotations"), ==, 0);
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "events.type.submit"), ==, 0);

  /* The network mends; F5 tries at once, and the image appears. */
  limn_fault_proxy_set_down (f->proxy, LIMN_FAULT_NONE);
  limn_gui_test_keys (GTK_WINDOW (f->window), "F5");
  g_assert_true (limn_gui_test_wait_until (image_shown, f, 15000));
  limn_gui_test_spin (200);
  limn_gui_test_screenshot (GTK_WIDGET (f->window), "sync-media-arrived");

  /* Now it can be labeled and submitted. */
  limn_gui_test_drag (canvas, 1, gtk_widget_get_width (canvas) / 2.0 - 60, gtk_widget_get_height (canvas) / 2.0 - 40,
                      gtk_widget_get_width (canvas) / 2.0 + 60, gtk_widget_get_height (canvas) / 2.0 + 40, 8);
  limn_gui_test_keys (GTK_WINDOW (f->window), "ctrl+Return F5");
  g_assert_true (limn_gui_test_wait_until (server_count_is, &one, 20000));
}

/* The task list's row at @position. */
static LimnTaskRow *
row_for (Fixture *f,
         guint    position)
{
  GtkWidget *item = limn_gui_test_list_row (limn_window_get_task_list (f->window), position);

  return LIMN_TASK_ROW (gtk_widget_get_first_child (item));
}

typedef struct
{
  Fixture       *f;
  LimnSyncState  state;
} StateWait;

static gboolean
state_is (gpointer data)
{
  StateWait *w = data;

  return limn_sync_client_get_state (limn_window_get_sync_client (w->f->window)) == w->state;
}

static void
wait_state (Fixture       *f,
            LimnSyncState  state)
{
  StateWait w = { f, state };

  g_assert_true (limn_gui_test_wait_until (state_is, &w, 30000));
}

/* Opens the indicator's popover with a click, photographs the screen, and
 * closes it with Escape. */
static void
photograph_state (Fixture    *f,
                  const char *name)
{
  LimnSyncIndicator *indicator = LIMN_SYNC_INDICATOR (limn_window_get_sync_indicator (f->window));
  GtkWidget *button = limn_sync_indicator_get_button (indicator);
  GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));

  g_autofree char *popover_name = g_strconcat (name, "-popover", NULL);

  limn_gui_test_move (GTK_WIDGET (f->window), 400, 400);
  limn_gui_test_click (button, gtk_widget_get_width (button) / 2.0, gtk_widget_get_height (button) / 2.0, 1);
  limn_gui_test_spin (400);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (popover)));
  /* Off the button, so no tooltip covers the popover. */
  limn_gui_test_move (gtk_popover_get_child (popover), 10, 10);
  limn_gui_test_spin (200);
  /* The screen as a person sees it (no compositor here: the popover's
   * shadow is black), and the popover as GTK draws it. */
  g_free (limn_gui_test_screenshot_root (name));
  g_free (limn_gui_test_screenshot (gtk_popover_get_child (popover), popover_name));
  limn_gui_test_keys (GTK_WINDOW (f->window), "Escape");
  limn_gui_test_spin (200);
}

static gboolean
one_task_waiting (gpointer data)
{
  Fixture *f = data;

  return limn_sync_client_get_n_waiting_tasks (limn_window_get_sync_client (f->window)) == 1 &&
         strstr (limn_task_row_get_description (row_for (f, 0)), "not sent") != NULL;
}

static gboolean
row_sent (gpointer data)
{
  Fixture *f = data;
  const char *d = limn_task_row_get_description (row_for (f, 0));

  return strstr (d, "Submitted") != NULL && strstr (d, "not sent") == NULL;
}

/* 4 and 5. Every sync state, shown and photographed; a submit not yet
 * sent has a clock in the list, a sent one a check mark. */
static void
test_sync_states (Fixture       *f,
                  gconstpointer  data)
{
  LimnSyncClient *sync = NULL;
  LimnSyncIndicator *indicator = LIMN_SYNC_INDICATOR (limn_window_get_sync_indicator (f->window));
  g_autofree char *out = NULL;

  sign_in (f, limn_fault_proxy_get_url (f->proxy));
  sync = limn_window_get_sync_client (f->window);
  g_assert_true (limn_gui_test_wait_until (nothing_pending, f, 20000));
  wait_state (f, LIMN_SYNC_STATE_IDLE);
  g_assert_nonnull (strstr (limn_sync_indicator_get_summary (indicator), "All work sent"));
  photograph_state (f, "sync-state-synced");

  /* The server answers 503 to everything: a clock and a countdown, not a
   * warning; the submit waits, and its row shows a clock. */
  limn_fault_proxy_set_down (f->proxy, LIMN_FAULT_ERROR_503);
  gtk_widget_grab_focus (limn_window_get_span_view (f->window));
  label_and_submit (f);
  limn_gui_test_keys (GTK_WINDOW (f->window), "F5");
  wait_state (f, LIMN_SYNC_STATE_RETRYING);
  g_assert_true (limn_gui_test_wait_until (one_task_waiting, f, 10000));
  g_assert_cmpint (limn_sync_client_get_n_waiting_tasks (sync), ==, 1);
  g_assert_nonnull (strstr (limn_sync_indicator_get_summary (indicator), "Will retry in"));
  g_assert_nonnull (strstr (limn_task_row_get_description (row_for (f, 0)), "Submitted, not sent yet"));
  photograph_state (f, "sync-state-retrying");
  limn_gui_test_screenshot (GTK_WIDGET (f->window), "sync-unsent-row");

  /* Sending: the server is back but answers slowly. */
  limn_fault_proxy_set_scope (f->proxy, "/api/v1/batches");
  limn_fault_proxy_set_delays (f->proxy, 4000, 2500);
  limn_fault_proxy_queue_fault (f->proxy, LIMN_FAULT_SLOW);
  limn_fault_proxy_set_down (f->proxy, LIMN_FAULT_NONE);
  limn_gui_test_keys (GTK_WINDOW (f->window), "F5");
  wait_state (f, LIMN_SYNC_STATE_SYNCING);
  g_free (limn_gui_test_screenshot_root ("sync-state-sending"));

  /* Sent: the row's clock becomes a check mark. */
  g_assert_true (limn_gui_test_wait_until (nothing_pending, f, 30000));
  g_assert_true (limn_gui_test_wait_until (row_sent, f, 10000));
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "annotations"), ==, 1);
  limn_gui_test_screenshot (GTK_WIDGET (f->window), "sync-sent-row");

  /* Needs attention: the lead revoked the token. */
  out = limn_test_server_admin (f->server, "token", "revoke", "--token-id", f->token_id, NULL);
  limn_gui_test_keys (GTK_WINDOW (f->window), "F5");
  wait_state (f, LIMN_SYNC_STATE_ERROR);
  g_assert_nonnull (strstr (limn_sync_indicator_get_summary (indicator), "Sync needs attention"));
  photograph_state (f, "sync-state-attention");
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
toast_is (gpointer data)
{
  Fixture *f = data;

  return g_strcmp0 (limn_window_get_last_toast (f->window), "1 new task, also offline") == 0;
}

static gboolean
three_listed (gpointer data)
{
  Fixture *f = data;
  GtkWidget *list = limn_window_get_task_list (f->window);

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)))) == 3;
}

/* 6. One click on Get More Tasks, through faults, and the count is right.
 * 2. Nothing opens by itself meanwhile, with the pointer over the list. */
static void
test_get_more_tasks (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  LimnSyncIndicator *indicator = LIMN_SYNC_INDICATOR (limn_window_get_sync_indicator (f->window));
  GtkWidget *button = limn_sync_indicator_get_button (indicator);
  GtkWidget *list = limn_window_get_task_list (f->window);
  GtkWidget *more;
  g_autofree char *task_id = NULL;
  guint opened;

  g_settings_set_uint (settings, "offline-tasks", 2);
  sign_in (f, limn_fault_proxy_get_url (f->proxy));
  g_assert_true (limn_gui_test_wait_until (nothing_pending, f, 20000));
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "assignments"), ==, 2);
  task_id = g_strdup (limn_window_get_task_id (f->window));
  opened = f->n_opened;

  /* The pointer rests over the list while things arrive: nothing opens. */
  limn_gui_test_move (list, gtk_widget_get_width (list) / 2.0, 30);

  /* One more task wanted; the first tries fail. */
  g_settings_set_uint (settings, "offline-tasks", 3);
  limn_fault_proxy_set_scope (f->proxy, "/api/v1/projects/");
  limn_fault_proxy_queue_fault (f->proxy, LIMN_FAULT_ERROR_503);
  limn_fault_proxy_queue_fault (f->proxy, LIMN_FAULT_NONE);
  limn_fault_proxy_queue_fault (f->proxy, LIMN_FAULT_DROP_REQUEST);

  limn_gui_test_click (button, gtk_widget_get_width (button) / 2.0, gtk_widget_get_height (button) / 2.0, 1);
  limn_gui_test_spin (400);
  more = find_button (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button))), "_Get More Tasks");
  g_assert_nonnull (more);
  limn_gui_test_click (more, gtk_widget_get_width (more) / 2.0, gtk_widget_get_height (more) / 2.0, 1);
  limn_gui_test_spin (300);
  g_free (limn_gui_test_screenshot_root ("sync-getting-tasks"));

  g_assert_true (limn_gui_test_wait_until (toast_is, f, 30000));
  g_assert_cmpint (limn_test_server_count (f->server, NULL, "assignments"), ==, 3);
  g_assert_true (limn_gui_test_wait_until (three_listed, f, 5000));
  limn_gui_test_move (list, gtk_widget_get_width (list) / 2.0, 80);
  limn_gui_test_spin (500);
  g_assert_cmpuint (f->n_opened, ==, opened);
  g_assert_cmpstr (limn_window_get_task_id (f->window), ==, task_id);
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
  g_test_add ("/sync-window/media-waits-for-the-network", Fixture, "image", setup,
              test_media_waits_for_the_network, teardown);
  g_test_add ("/sync-window/states", Fixture, "text", setup, test_sync_states, teardown);
  g_test_add ("/sync-window/get-more-tasks", Fixture, "text", setup, test_get_more_tasks, teardown);

  return g_test_run ();
}
