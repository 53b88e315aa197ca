/* test-a11y-tree.c
 *
 * What a screen reader sees: the real `limn` on the bundled demo, with
 * GTK's accessibility bridge on (the other GUI tests turn it off), read
 * over AT-SPI by tests/gui/a11y-unnamed.py (Debian's gir1.2-atspi-2.0 and
 * python3-gi, on the system python3). The script walks the tree on the
 * Label page, then opens the Progress and Team pages through their
 * switcher buttons (as an assistive technology would) and walks again.
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

static void
test_every_control_named (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *demo = g_build_filename (g_getenv ("LIMN_SOURCE_ROOT"), "data", "demo", "project.json", NULL);
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "gui", "a11y-unnamed.py", NULL);
  g_autofree char *search = NULL;
  g_autofree char *window = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GSubprocess) reader = NULL;
  g_auto(GStrv) lines = NULL;
  const char *binary = g_getenv ("LIMN_BINARY");
  gint64 deadline;

  if (!atspi_available ())
    {
      g_test_skip ("needs gir1.2-atspi-2.0 and python3-gi for " PYTHON);
      return;
    }

  g_assert_nonnull (binary);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  /* The suite turns the bridge off for speed; this test is about it. */
  g_subprocess_launcher_unsetenv (launcher, "GTK_A11Y");
  g_subprocess_launcher_unsetenv (launcher, "NO_AT_BRIDGE");
  proc = g_subprocess_launcher_spawn (launcher, &error, binary, "--data-dir", dir, "--project", demo, NULL);
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
  /* Let it open the demo's first task. */
  g_usleep (2500 * 1000);

  reader = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                             PYTHON, "-W", "ignore::DeprecationWarning", script,
                             g_subprocess_get_identifier (proc), "Progress", "Team", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (reader, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  limn_gui_test_screenshot_root ("a11y-tree");
  stop_app (proc);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_test_message ("%s", lines[i]);
  if (err != NULL && err[0] != '\0')
    g_test_message ("%s", g_strstrip (err));

  g_assert_true (g_subprocess_get_if_exited (reader));
  /* 2: the app never reached the a11y bus; 1: unnamed nodes (listed). */
  g_assert_cmpint (g_subprocess_get_exit_status (reader), ==, 0);

  limn_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  limn_gui_test_init (&argc, &argv);

  g_test_add_func ("/a11y/every-control-named", test_every_control_named);

  return g_test_run ();
}
