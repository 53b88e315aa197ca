/* test-app-launch.c
 *
 * The installed-style path: the real `limn` executable, started as a user
 * would with --data-dir and --project on the bundled demo, shows its window
 * (templates and icons come from its GResource), records the session, and
 * on Ctrl+Q saves and exits cleanly. It runs as its own process, so the
 * test stops it by its own pid if anything hangs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sqlite3.h>

#include "limn-gui-test.h"
#include "store/limn-store.h"
#include "../limn-test-util.h"

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

static void
wait_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      data)
{
  *(gboolean *)data = TRUE;
}

/* Waits for the process to end by itself; kills it (by its own pid) and
 * fails if it has not within @seconds. */
static void
wait_or_kill (GSubprocess *proc,
              guint        seconds,
              const char  *what)
{
  gboolean done = FALSE;
  gint64 deadline = g_get_monotonic_time () + (gint64)seconds * G_USEC_PER_SEC;

  g_subprocess_wait_async (proc, NULL, wait_done_cb, &done);
  while (!done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE), g_usleep (10 * 1000);

  if (!done)
    {
      g_subprocess_force_exit (proc);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
      g_error ("limn did not %s within %u s", what, seconds);
    }
}

static char *
wait_for_window (GSubprocess *proc)
{
  g_autofree char *search = g_strdup_printf ("search --onlyvisible --pid %s --name Limn",
                                             g_subprocess_get_identifier (proc));
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  char *window;

  /* A cold start under sanitizers gets 20 s. */
  while ((window = xdotool_output (search)) == NULL || window[0] == '\0')
    {
      g_clear_pointer (&window, g_free);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (100 * 1000);
    }

  if (strchr (window, '\n'))
    *strchr (window, '\n') = '\0';

  return window;
}

static void
test_launch_demo_and_quit (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *demo = g_build_filename (g_getenv ("LIMN_SOURCE_ROOT"), "data", "demo", "project.json", NULL);
  g_autofree char *db = g_build_filename (dir, "limn.db", NULL);
  g_autofree char *window = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(LimnStore) store = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(GPtrArray) events = NULL;
  const char *binary = g_getenv ("LIMN_BINARY");

  g_assert_nonnull (binary);
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                           binary, "--data-dir", dir, "--project", demo, NULL);
  g_assert_no_error (error);

  window = wait_for_window (proc);

  /* Let it open the demo's first task, then look at it. */
  g_usleep (2500 * 1000);
  limn_gui_test_screenshot_root ("app-launch-demo");

  {
    g_autofree char *focus = g_strdup_printf ("xdotool windowfocus --sync %s key ctrl+q", window);
    g_assert_true (g_spawn_command_line_sync (focus, NULL, NULL, NULL, NULL));
  }

  wait_or_kill (proc, 20, "quit on Ctrl+Q");
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);

  /* What it left on disk. */
  store = limn_store_open (db, &error);
  g_assert_no_error (error);
  projects = limn_store_list_projects (store, &error);
  g_assert_cmpuint (projects->len, ==, 1);
  g_assert_cmpstr (limn_project_get_name (g_ptr_array_index (projects, 0)), ==, "Limn demo");
  events = limn_store_list_events (store, NULL, 0, 0, &error);
  g_assert_cmpuint (events->len, >=, 3);
  g_assert_cmpstr (((LimnEvent *)g_ptr_array_index (events, 0))->type, ==, LIMN_EVENT_SESSION_STARTED);
  g_assert_cmpstr (((LimnEvent *)g_ptr_array_index (events, 1))->type, ==, LIMN_EVENT_TASK_OPENED);
  g_assert_cmpstr (((LimnEvent *)g_ptr_array_index (events, events->len - 1))->type, ==, LIMN_EVENT_TASK_CLOSED);
  g_assert_true (limn_store_check_integrity (store, NULL));

  g_clear_object (&store);
  limn_test_rm_rf (dir);
}

static void
test_newer_database_is_refused (void)
{
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *db = g_build_filename (dir, "limn.db", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  sqlite3 *raw;

  /* A database "from the future": schema 99. */
  {
    g_autoptr(LimnStore) store = limn_store_open (db, NULL);
    g_assert_nonnull (store);
  }
  g_assert_cmpint (sqlite3_open (db, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (raw);
  before = limn_test_file_checksum (db);

  /* The app starts, says why it cannot open the work, and changes nothing. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GSubprocess) proc = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                                                    g_getenv ("LIMN_BINARY"), "--data-dir", dir, NULL);
    g_autofree char *window = NULL;

    g_assert_no_error (error);
    window = wait_for_window (proc);
    g_usleep (1500 * 1000);
    limn_gui_test_screenshot_root ("app-newer-database");
    g_subprocess_send_signal (proc, SIGTERM);
    wait_or_kill (proc, 20, "stop on SIGTERM");
  }

  after = limn_test_file_checksum (db);
  g_assert_cmpstr (before, ==, after);
  limn_test_rm_rf (dir);
}

/* Single instance: a second `limn FOLDER` hands the folder to the running
 * limn and exits; the first one shows the Import dialog on it. */
static void
test_second_instance_opens_folder (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *images = g_build_filename (g_getenv ("LIMN_SOURCE_ROOT"), "data", "demo", "images", NULL);
  g_autofree char *window = NULL;
  g_autofree char *search = NULL;
  g_autofree char *dialog = NULL;
  g_autoptr(GSubprocess) first = NULL;
  g_autoptr(GSubprocess) second = NULL;
  gint64 deadline;

  first = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                            g_getenv ("LIMN_BINARY"), "--data-dir", dir, NULL);
  g_assert_no_error (error);
  window = wait_for_window (first);
  g_usleep (1500 * 1000);

  second = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                             g_getenv ("LIMN_BINARY"), "--data-dir", dir, images, NULL);
  g_assert_no_error (error);
  wait_or_kill (second, 20, "hand the folder over and exit");
  g_assert_true (g_subprocess_get_if_exited (second));
  g_assert_cmpint (g_subprocess_get_exit_status (second), ==, 0);

  /* The Import dialog is the first process's window. (xdotool ignores the
   * name when given --pid, hence the pid checked apart.) */
  search = g_strdup ("search --onlyvisible --name \"^Import Labels$\"");
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while ((dialog = xdotool_output (search)) == NULL || dialog[0] == '\0')
    {
      g_clear_pointer (&dialog, g_free);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (100 * 1000);
    }
  {
    g_autofree char *args = g_strdup_printf ("getwindowpid %s", dialog);
    g_autofree char *pid = xdotool_output (args);

    g_assert_cmpstr (pid, ==, g_subprocess_get_identifier (first));
  }
  g_usleep (1000 * 1000);
  limn_gui_test_screenshot_root ("app-second-instance-import");

  g_subprocess_send_signal (first, SIGTERM);
  wait_or_kill (first, 20, "stop on SIGTERM");
  limn_test_rm_rf (dir);
}

/* A second `limn PROJECT-FILE` imports and opens another project in the
 * running limn: after it quits, its store holds both the demo (opened on
 * the first run) and the second project. */
static void
test_second_instance_opens_project (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *demo = g_build_filename (g_getenv ("LIMN_SOURCE_ROOT"), "data", "demo", NULL);
  g_autofree char *copy = g_build_filename (dir, "other", NULL);
  g_autofree char *project = g_build_filename (copy, "project.json", NULL);
  g_autofree char *db = g_build_filename (dir, "limn.db", NULL);
  g_autofree char *cp = g_strdup_printf ("cp -r '%s' '%s'", demo, copy);
  g_autofree char *text = NULL;
  g_autofree char *window = NULL;
  g_autoptr(GString) changed = NULL;
  g_autoptr(GSubprocess) first = NULL;
  g_autoptr(GSubprocess) second = NULL;
  g_autoptr(LimnStore) store = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  gboolean found = FALSE;

  /* The demo under another id and name: a second project. */
  g_assert_true (g_spawn_command_line_sync (cp, NULL, NULL, NULL, NULL));
  g_assert_true (g_file_get_contents (project, &text, NULL, &error));
  changed = g_string_new (text);
  g_assert_cmpuint (g_string_replace (changed, "29bb477b-7120-4ab8-ae0d-111b084930e3",
                                      "5e1c0a2d-0b7e-4c59-9d55-3f2a8c1e7b40", 1), ==, 1);
  g_assert_cmpuint (g_string_replace (changed, "\"Limn demo\"", "\"Second project\"", 1), ==, 1);
  g_assert_true (g_file_set_contents (project, changed->str, changed->len, &error));

  first = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                            g_getenv ("LIMN_BINARY"), "--data-dir", dir, NULL);
  g_assert_no_error (error);
  window = wait_for_window (first);
  g_usleep (1500 * 1000);

  second = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                             g_getenv ("LIMN_BINARY"), "--data-dir", dir, project, NULL);
  g_assert_no_error (error);
  wait_or_kill (second, 20, "hand the project over and exit");
  g_assert_cmpint (g_subprocess_get_exit_status (second), ==, 0);

  g_usleep (2500 * 1000);
  limn_gui_test_screenshot_root ("app-second-instance-project");
  {
    g_autofree char *focus = g_strdup_printf ("xdotool windowfocus --sync %s key ctrl+q", window);
    g_assert_true (g_spawn_command_line_sync (focus, NULL, NULL, NULL, NULL));
  }
  wait_or_kill (first, 20, "quit on Ctrl+Q");

  store = limn_store_open (db, &error);
  g_assert_no_error (error);
  projects = limn_store_list_projects (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < projects->len; i++)
    found |= g_strcmp0 (limn_project_get_name (g_ptr_array_index (projects, i)), "Second project") == 0;
  g_assert_true (found);

  g_clear_object (&store);
  limn_test_rm_rf (dir);
}

static char *
window_size (const char *window)
{
  g_autofree char *args = g_strdup_printf ("getwindowgeometry %s", window);
  g_autofree char *out = xdotool_output (args);
  const char *geometry = out != NULL ? strstr (out, "Geometry: ") : NULL;

  g_assert_nonnull (geometry);
  return g_strdup (geometry + strlen ("Geometry: "));
}

static GSubprocess *
launch_with_settings (const char *dir)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  GSubprocess *proc;

  /* Settings in a file under @dir, kept from one run to the next. */
  g_subprocess_launcher_setenv (launcher, "GSETTINGS_BACKEND", "keyfile", TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_CONFIG_HOME", dir, TRUE);
  proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("LIMN_BINARY"), "--data-dir", dir, NULL);
  g_assert_no_error (error);
  return proc;
}

/* The window comes back at the size it was left at. */
static void
test_window_size_remembered (void)
{
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *keyfile = g_build_filename (dir, "glib-2.0", "settings", "keyfile", NULL);
  g_autofree char *saved = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *window = NULL;
  g_autoptr(GSubprocess) first = launch_with_settings (dir);
  g_autoptr(GSubprocess) second = NULL;

  window = wait_for_window (first);
  g_usleep (1500 * 1000);
  {
    g_autofree char *resize = g_strdup_printf ("xdotool windowsize --sync %s 1010 690", window);
    g_assert_true (g_spawn_command_line_sync (resize, NULL, NULL, NULL, NULL));
  }
  g_usleep (1000 * 1000);
  before = window_size (window);
  g_assert_cmpstr (before, !=, "1280x800");
  {
    g_autofree char *focus = g_strdup_printf ("xdotool windowfocus --sync %s key ctrl+q", window);
    g_assert_true (g_spawn_command_line_sync (focus, NULL, NULL, NULL, NULL));
  }
  wait_or_kill (first, 20, "quit on Ctrl+Q");

  g_assert_true (g_file_get_contents (keyfile, &saved, NULL, NULL));
  g_test_message ("settings: %s", saved);
  g_assert_nonnull (strstr (saved, "window-width=1010"));

  g_clear_pointer (&window, g_free);
  second = launch_with_settings (dir);
  window = wait_for_window (second);
  g_usleep (1500 * 1000);
  after = window_size (window);
  g_assert_cmpstr (after, ==, before);

  g_subprocess_send_signal (second, SIGTERM);
  wait_or_kill (second, 20, "stop on SIGTERM");
  limn_test_rm_rf (dir);
}

/* app.about, activated over D-Bus as a desktop shell would, opens the
 * About window in the running limn (a second toplevel of its pid). */
static void
test_about_window (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *window = NULL;
  g_autofree char *search = NULL;
  g_autofree char *found = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  gint64 deadline;
  int status = -1;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                           g_getenv ("LIMN_BINARY"), "--data-dir", dir, NULL);
  g_assert_no_error (error);
  window = wait_for_window (proc);
  g_usleep (1500 * 1000);

  g_assert_true (g_spawn_command_line_sync ("gapplication action " APP_ID " about",
                                            NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  /* (xdotool ignores the name when given --pid.) */
  search = g_strdup ("search --onlyvisible --name \"^About Limn$\"");
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while ((found = xdotool_output (search)) == NULL || found[0] == '\0')
    {
      g_clear_pointer (&found, g_free);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (100 * 1000);
    }
  {
    g_autofree char *args = g_strdup_printf ("getwindowpid %s", found);
    g_autofree char *pid = xdotool_output (args);

    g_assert_cmpstr (pid, ==, g_subprocess_get_identifier (proc));
  }
  g_usleep (1000 * 1000);
  limn_gui_test_screenshot_root ("app-about");

  g_subprocess_send_signal (proc, SIGTERM);
  wait_or_kill (proc, 20, "stop on SIGTERM");
  limn_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  limn_gui_test_init (&argc, &argv);

  g_test_add_func ("/app/launch-demo-and-quit", test_launch_demo_and_quit);
  g_test_add_func ("/app/newer-database-refused", test_newer_database_is_refused);
  g_test_add_func ("/app/second-instance-opens-folder", test_second_instance_opens_folder);
  g_test_add_func ("/app/second-instance-opens-project", test_second_instance_opens_project);
  g_test_add_func ("/app/window-size-remembered", test_window_size_remembered);
  g_test_add_func ("/app/about-window", test_about_window);

  return g_test_run ();
}
