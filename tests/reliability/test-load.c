/* test-load.c
 *
 * The load suite, bounded: bench/bench-load (a load generator in its own
 * process, on libsoup) starts the real limn-server on a loopback port,
 * gives each of 50 simulated annotators a token of their own, and has them
 * all claim tasks, push batches of events and annotations (some sent twice
 * with the same Idempotency-Key) and pull changes at once. Here: zero
 * errors, every request made (not cut by the time bound), and every item
 * stored exactly once, counted on the server's database. The latencies
 * are printed, not asserted: this build has AddressSanitizer and shares
 * its cores; bench/README.md has the figures from an optimized build.
 *
 * 50 annotators × 2 claims × 3 tasks in CI; LIMN_SOAK=1: × 10 × 10.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <stdlib.h>
#include <string.h>

#define ANNOTATORS    50
#define EVERY_REPLAY  5

static GHashTable *
parse_result (const char *output)
{
  GHashTable *result = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = g_strsplit (output, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "result "))
      {
        g_auto(GStrv) pairs = g_strsplit (lines[i] + strlen ("result "), " ", -1);

        for (guint k = 0; pairs[k] != NULL; k++)
          {
            char *eq = strchr (pairs[k], '=');

            if (eq != NULL)
              g_hash_table_insert (result, g_strndup (pairs[k], eq - pairs[k]), g_strdup (eq + 1));
          }
      }

  return result;
}

static gint64
field (GHashTable *result,
       const char *key)
{
  const char *value = g_hash_table_lookup (result, key);

  if (value == NULL)
    g_error ("bench-load printed no %s=", key);
  return g_ascii_strtoll (value, NULL, 10);
}

static void
test_load (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) load = NULL;
  g_autoptr(GHashTable) result = NULL;
  g_autofree char *out = NULL;
  g_autofree char *annotators = g_strdup_printf ("%d", ANNOTATORS);
  g_autofree char *every = g_strdup_printf ("%d", EVERY_REPLAY);
  g_auto(GStrv) lines = NULL;
  const char *exe = g_getenv ("LIMN_BENCH_LOAD");
  gboolean soak = g_strcmp0 (g_getenv ("LIMN_SOAK"), "1") == 0;
  const char *rounds = soak ? "10" : "2", *tasks = soak ? "10" : "3", *events = soak ? "20" : "10";
  const char *max_seconds = soak ? "900" : "60";
  gint64 per_annotator;

  g_assert_nonnull (exe);
  load = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, exe,
                           "--annotators", annotators, "--rounds", rounds, "--tasks", tasks,
                           "--events", events, "--replay-every", every,
                           "--max-seconds", max_seconds, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (load, NULL, NULL, &out, NULL, &error));
  g_assert_no_error (error);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_test_message ("%s", lines[i]);

  result = parse_result (out);
  g_assert_cmpint (field (result, "errors"), ==, 0);
  g_assert_cmpint (field (result, "lost"), ==, 0);
  g_assert_cmpint (field (result, "duplicated"), ==, 0);
  g_assert_cmpint (field (result, "unexpected"), ==, 0);
  g_assert_cmpint (field (result, "cut"), ==, 0);

  /* Every request of every annotator was made and answered: claims,
   * batches, a pull after each batch, and the replays. */
  per_annotator = atoi (rounds) + 2 * atoi (rounds) * atoi (tasks) + atoi (rounds) * atoi (tasks) / EVERY_REPLAY;
  g_assert_cmpint (field (result, "requests"), ==, ANNOTATORS * per_annotator);
  g_assert_cmpint (field (result, "items"), ==, ANNOTATORS * atoi (rounds) * atoi (tasks) * (atoi (events) + 1));

  g_assert_true (g_subprocess_get_if_exited (load));
  g_assert_cmpint (g_subprocess_get_exit_status (load), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reliability/load/annotators", test_load);

  return g_test_run ();
}
