/* test-crash.c
 *
 * The crash suite: a child process labels and submits tasks through the
 * real store, outbox and sync client (talking to the real limn-server) the
 * way the app does, and is killed with SIGKILL at seeded random moments:
 * while it opens the database, writes events and drafts, submits, makes a
 * batch, waits for the server or stores its answer. After every kill the
 * database reopens, passes PRAGMA integrity_check, holds every submit the
 * child reported done, and its outbox is consistent (tests/reliability/
 * limn-reliability.c lists the rules); the next child carries on from
 * there. At the end of an epoch one last child sends everything, and the
 * server holds exactly one copy of every event, annotation and flag.
 *
 * 200 kills in CI; LIMN_SOAK=1 makes it 10,000. Kills come in epochs of
 * 100, each with a fresh client, so a check (integrity_check reads the
 * whole file) costs the same at the end of a long run as at its start.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdlib.h>

#include "limn-reliability.h"

#define SEED             20261201
#define N_TASKS          24
#define KILLS            200
#define SOAK_KILLS       10000
#define EPOCH_KILLS      100

static char *self_exe;

/* Kills @kills children working on the team's current client. */
static void
run_epoch (LimnRelTeam *team,
           GRand       *rand,
           guint        epoch,
           guint        kills,
           guint       *early)
{
  g_autoptr(GHashTable) reported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GSubprocess) finisher = NULL;
  g_autoptr(GError) error = NULL;
  LimnRelCounts counts = { 0 };
  gint64 start = g_get_monotonic_time (), checking = 0;

  for (guint i = 0; i < kills; i++)
    {
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GDataInputStream) lines = NULL;
      g_autofree char *what = g_strdup_printf ("epoch %u, kill %u", epoch, i);
      guint32 seed = g_rand_int (rand);
      /* Most kills after the child has submitted a few tasks (mid label,
       * submit or sync), the others from its start (mid open, WAL
       * recovery, the first jobs). */
      guint after = g_rand_int_range (rand, 0, 4);
      guint delay_us = after == 0 ? g_rand_int_range (rand, 5000, 250000)
                                  : g_rand_int_range (rand, 0, 25000);
      guint read = 0;
      gint64 t;

      child = limn_rel_spawn_child (self_exe, team->client_dir, seed, NULL, NULL);
      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));

      for (; read < after; read++)
        if (!limn_rel_read_done (lines, reported))
          {
            g_subprocess_wait (child, NULL, NULL);
            g_error ("%s: the child ended by itself (status %d)", what,
                     g_subprocess_get_status (child));
          }

      g_usleep (delay_us);
      g_subprocess_send_signal (child, SIGKILL);
      g_subprocess_wait (child, NULL, NULL);
      if (!g_subprocess_get_if_signaled (child))
        g_error ("%s: the child ended by itself (status %d)", what, g_subprocess_get_status (child));

      /* What it printed before it died was reported too. */
      while (limn_rel_read_done (lines, reported))
        read++;
      if (read == 0)
        (*early)++;

      t = g_get_monotonic_time ();
      limn_rel_check_client (team->db_path, reported, what, &counts, NULL);
      checking += g_get_monotonic_time () - t;

      if (i % 50 == 49 || i + 1 == kills)
        g_test_message ("epoch %u: %u kills in %.1f s (checks %.1f s): %u submits reported, "
                        "%u on disk, %u outbox rows acked, %u waiting, %u batches open, %u events",
                        epoch, i + 1, (g_get_monotonic_time () - start) / 1e6, checking / 1e6,
                        g_hash_table_size (reported), counts.submitted, counts.acked,
                        counts.pending, counts.open_batches, counts.events);
    }

  /* The kills must have landed among the work, not only before it. */
  g_assert_cmpuint (g_hash_table_size (reported), >=, kills / 2);
  g_assert_cmpuint (counts.acked, >, 0);

  /* A last run sends what is left: exactly once at the server. */
  finisher = limn_rel_spawn_child (self_exe, team->client_dir, 0, "finish", NULL);
  g_assert_true (g_subprocess_wait (finisher, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (finisher));
  g_assert_cmpint (g_subprocess_get_exit_status (finisher), ==, 0);
  limn_rel_check_exactly_once (team, reported);
}

static void
test_crash_sigkill (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  LimnRelTeam *team = limn_rel_team_new ();
  guint kills = limn_rel_soak () ? SOAK_KILLS : KILLS;
  guint per_epoch = EPOCH_KILLS;
  gint64 start = g_get_monotonic_time ();
  guint early = 0;

  for (guint epoch = 0; epoch * per_epoch < kills; epoch++)
    {
      limn_rel_team_new_client (team, N_TASKS);
      run_epoch (team, rand, epoch, MIN (per_epoch, kills - epoch * per_epoch), &early);
    }

  g_test_message ("crash suite: %u kills (%u before the child reported anything) in %.1f s",
                  kills, early, (g_get_monotonic_time () - start) / 1e6);
  limn_rel_team_free (team);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (argc >= 4 && g_str_equal (argv[1], "--child"))
    return limn_rel_child_run (argv[2], strtoul (argv[3], NULL, 10),
                               argc > 4 && g_str_equal (argv[4], "finish"));

  g_test_init (&argc, &argv, NULL);
  self_exe = g_test_build_filename (G_TEST_BUILT, "test-reliability-crash", NULL);

  g_test_add_func ("/reliability/crash/sigkill", test_crash_sigkill);

  status = g_test_run ();
  g_free (self_exe);
  return status;
}
