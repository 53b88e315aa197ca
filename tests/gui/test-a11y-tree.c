/* test-a11y-tree.c
 *
 * What a screen reader sees: the real `limn`, with GTK's accessibility
 * bridge on (the other GUI tests turn it off), read over AT-SPI by
 * tests/gui/a11y-unnamed.py (Debian's gir1.2-atspi-2.0 and python3-gi, on
 * the system python3). Twice: on the bundled demo, and as a reviewer
 * signed in to a real limn-server with a team history (the only way to
 * have the Review, Feedback and Team pages). The script walks the tree on
 * the Label page, then opens each other page through its switcher tab (as
 * an assistive technology would) and walks again; it opens the dialogs
 * too and reads each: the Flag dialog (its header bar button, over
 * AT-SPI), Preferences, Import and Export (their shortcuts, as they live
 * in the main menu), the send-back dialog (the Review page's button, once
 * Get Items has leased some).
 * Every interactive node (button, toggle, check box, entry, combo, list
 * item, slider, menu item, tab, image with an action) must have a name;
 * the unnamed ones are listed in the log.
 *
 * The a11y bus comes from at-spi2-core: dbus-run-session activates
 * org.a11y.Bus when GTK asks for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>

#include "limn-gui-test.h"
#include "limn-server-history.h"
#include "limn-server-test.h"
#include "limn-sync-test.h"
#include "store/limn-store.h"
#include "store/limn-store-accounts.h"
#include "../limn-test-util.h"

#define PYTHON "/usr/bin/python3"

static char *
xdotool_output (const char *args)
{
  g_autofree char *cmd = g_strconcat ("xdotool ", args, NULL);
  char *out = NULL;
  int status = 0;

  if (!g_spawn_command_line_sync (cmd, &out, NULL, &status, NULL) || status != 0)
    {
      g_free (out);
      return NULL;
    }

  return g_strstrip (out);
}

static gboolean
atspi_available (void)
{
  int status = 0;

  return g_spawn_command_line_sync (PYTHON " -c \"import gi; gi.require_version('Atspi', '2.0'); "
                                    "from gi.repository import Atspi\"",
                                    NULL, NULL, &status, NULL)
         && g_spawn_check_wait_status (status, NULL);
}

static void
wait_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  *(gboolean *)data = TRUE;
}

/* Stops the app by its own pid; fails if it does not end within 20 s. */
static void
stop_app (GSubprocess *proc)
{
  gboolean done = FALSE;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_subprocess_send_signal (proc, SIGTERM);
  g_subprocess_wait_async (proc, NULL, wait_done_cb, &done);
  while (!done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (10 * 1000);
  if (!done)
    {
      g_subprocess_force_exit (proc);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
      g_error ("limn did not stop on SIGTERM within 20 s");
    }
}

/* Starts limn with @args (after the binary), waits for its window, runs
 * the AT-SPI reader doing @pages (the script's steps) in turn, stops the
 * app, and fails if the reader found an unnamed node (all listed in the
 * log) or a step had nothing to act on. */
static void
read_tree (const char * const *args,
           const char * const *pages,
           const char         *shot)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "gui", "a11y-unnamed.py", NULL);
  g_autofree char *search = NULL;
  g_autofree char *window = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GSubprocess) reader = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) lines = NULL;
  const char *binary = g_getenv ("LIMN_BINARY");
  gint64 deadline;

  g_assert_nonnull (binary);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  /* The suite turns the bridge off for speed; this test is about it. */
  g_subprocess_launcher_unsetenv (launcher, "GTK_A11Y");
  g_subprocess_launcher_unsetenv (launcher, "NO_AT_BRIDGE");
  g_ptr_array_add (argv, (char *) binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  /* A cold start under sanitizers gets 30 s. */
  search = g_strdup_printf ("search --onlyvisible --pid %s --name Limn", g_subprocess_get_identifier (proc));
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while ((window = xdotool_output (search)) == NULL || window[0] == '\0')
    {
      g_clear_pointer (&window, g_free);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (100 * 1000);
    }
  /* Let it open its first task. */
  g_usleep (2500 * 1000);

  g_ptr_array_set_size (argv, 0);
  g_ptr_array_add (argv, PYTHON);
  g_ptr_array_add (argv, "-W");
  g_ptr_array_add (argv, "ignore::DeprecationWarning");
  g_ptr_array_add (argv, script);
  g_ptr_array_add (argv, (char *) g_subprocess_get_identifier (proc));
  for (guint i = 0; pages[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) pages[i]);
  g_ptr_array_add (argv, NULL);
  reader = g_subprocess_newv ((const char * const *) argv->pdata,
                              G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (reader, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  limn_gui_test_screenshot_root (shot);
  stop_app (proc);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_test_message ("%s", lines[i]);
  if (err != NULL && err[0] != '\0')
    g_test_message ("%s", g_strstrip (err));

  g_assert_true (g_subprocess_get_if_exited (reader));
  /* 2: the app never reached the a11y bus; 1: unnamed nodes (listed);
   * 3: a page or dialog a step names was not there. */
  g_assert_cmpint (g_subprocess_get_exit_status (reader), ==, 0);
}

/* The local demo: the Label page, its dialogs, and the Progress page. */
static void
test_demo_named (void)
{
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *demo = g_build_filename (g_getenv ("LIMN_SOURCE_ROOT"), "data", "demo", "project.json", NULL);
  const char *args[] = { "--data-dir", dir, "--project", demo, NULL };
  const char *pages[] = { "press:Flag as Unclear… (Ctrl+Shift+F)",
                          "key:ctrl+comma", "key:ctrl+shift+i", "key:ctrl+shift+e", "key:ctrl+n",
                          "menu:F10", "menu:F10:Sign In to a Team Server…", "Progress", NULL };

  if (!atspi_available ())
    {
      g_test_skip ("needs gir1.2-atspi-2.0 and python3-gi for " PYTHON);
      return;
    }

  read_tree (args, pages, "a11y-tree-demo");
  limn_test_rm_rf (dir);
}

/* A reviewer signed in to a real limn-server with a seeded team history:
 * the pages only a team has (Review, Feedback, Team) are there too. */
static void
test_reviewer_named (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *db = g_build_filename (dir, "limn.db", NULL);
  g_autofree char *server_db = NULL;
  g_autoptr(LimnStore) store = NULL;
  g_autoptr(LimnProject) project = NULL;
  static const char * const names[] = LIMN_HISTORY_LABELS;
  static const char * const colors[] = { "#3584e4", "#e66100", "#2ec27e", "#9141ac" };
  const char *args[] = { "--data-dir", dir, NULL };
  const char *pages[] = { "Review", "click:Get Items", "press:Send Back…", "popover:Note to ",
                          "menu:F10", "Feedback", "Progress", "Team", NULL };
  LimnTestServer *server;
  LimnHistory *history = NULL;
  LimnHistorySpec spec;
  LimnSyncTestClient *client;
  const char *url;

  if (!atspi_available ())
    {
      g_test_skip ("needs gir1.2-atspi-2.0 and python3-gi for " PYTHON);
      return;
    }

  /* A small history: enough for every section of the Team page. */
  server = limn_test_server_new ();
  limn_history_spec_init (&spec);
  spec.n_tasks = 200;
  spec.n_gold = 10;
  spec.per_day = 8;
  server_db = limn_test_server_get_db_path (server);
  g_assert_true (limn_test_seed_history_full (server_db, &spec, &history, &error));
  g_assert_no_error (error);
  /* Every seeded review is decided: a few back in the queue for Get Items. */
  limn_test_history_reopen_reviews (server_db, 3);
  limn_test_server_start (server, NULL, NULL);
  url = limn_test_server_get_url (server);

  /* The folder of the signed-in reviewer, the project kept as remote. */
  client = limn_sync_test_client_new (dir);
  g_assert_true (limn_sync_test_sign_in (client->client, url, history->reviewer_token, &error));
  g_assert_no_error (error);
  limn_sync_test_client_free (client, TRUE);
  project = limn_project_new (history->project_id, "Streets", LIMN_PROJECT_IMAGE);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *key = g_strdup_printf ("%u", i + 1);
      g_autoptr(LimnLabel) label = limn_label_new (g_ptr_array_index (history->label_ids, i), names[i],
                                                   colors[i], key);

      limn_project_add_label (project, label);
    }
  store = limn_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_true (limn_store_save_project (store, project, &error));
  g_assert_true (limn_store_set_project_remote (store, history->project_id, url, "{}", &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  read_tree (args, pages, "a11y-tree-reviewer");

  limn_test_server_free (server);
  limn_history_free (history);
  limn_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  limn_gui_test_init (&argc, &argv);

  g_test_add_func ("/a11y/demo-every-control-named", test_demo_named);
  g_test_add_func ("/a11y/reviewer-every-control-named", test_reviewer_named);

  return g_test_run ();
}
