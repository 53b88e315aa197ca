/* test-power-loss.c
 *
 * The power-loss suite. A child process registers the VFS shim
 * (limn-vfs-shim.h) as SQLite's default VFS, so the store it opens goes
 * through it, and does the app's work (tests/reliability/limn-reliability.c:
 * label, autosave, flag, submit, sync with the real limn-server). At a
 * seeded random write, truncation or sync the shim "cuts the power": every
 * database file goes back to what its last sync made durable (or, by seed,
 * the write under way tears, or a random part of the unsynced writes
 * survives), and the process ends on the spot. The parent then reopens
 * the database with the normal VFS, as the app would after a reboot: it
 * must open clean (integrity_check ok, every submitted revision with all its
 * regions and its outbox row, the outbox consistent) and keep every submit
 * the child reported done, since a submit reports done only after its
 * commit was synced; or refuse with a clear error. It never serves half a
 * transaction. Then the next child carries on from there.
 *
 * First, a check that the shim bites: with synchronous=OFF, commits that
 * were never synced are lost at the cut; with FULL none is.
 *
 * 150 cuts in CI; LIMN_SOAK=1 makes it 5,000.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <stdlib.h>

#include "limn-reliability.h"
#include "limn-test-util.h"
#include "limn-vfs-shim.h"

#define SEED         20261202
#define N_TASKS      24
#define CUTS         150
#define SOAK_CUTS    5000
#define EPOCH_CUTS   75
/* The cut comes at a uniform operation in [1, MAX_OP]: a child does about
 * 10 a submit, after 10–20 to open. */
#define MAX_OP       800

static char *self_exe;

/* The shim's own check */

static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      g_printerr ("selftest child: %s: %s\n", sql, sqlite3_errmsg (db));
      exit (1);
    }
}

/* Commits rows one by one (synced when @synchronous is FULL), reporting
 * each, until the shim cuts the power. */
static int
selftest_child (const char           *path,
                const char           *synchronous,
                LimnVfsShimPowerMode  mode)
{
  g_autofree char *pragma = g_strdup_printf ("PRAGMA synchronous = %s", synchronous);
  sqlite3 *db = NULL;

  limn_vfs_shim_register (TRUE);
  limn_vfs_shim_arm_power_loss (60, mode, 7);

  if (sqlite3_open (path, &db) != SQLITE_OK)
    return 1;
  /* The table is made durable first; then the rows, synced or not. */
  exec_or_die (db, "PRAGMA journal_mode = WAL");
  exec_or_die (db, "PRAGMA synchronous = FULL");
  exec_or_die (db, "CREATE TABLE IF NOT EXISTS t (n INTEGER PRIMARY KEY, pad TEXT)");
  exec_or_die (db, pragma);

  for (int n = 1;; n++)
    {
      g_autofree char *sql = g_strdup_printf ("INSERT INTO t VALUES (%d, printf('%%.3000c', 'x'))", n);

      exec_or_die (db, sql);
      g_print ("committed %d\n", n);
      fflush (stdout);
    }

  return 1;
}

static gint64
count_rows (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, "unix"), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT COUNT(*) FROM t", -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return n;
}

static gint64
run_selftest (const char           *synchronous,
              LimnVfsShimPowerMode  mode,
              gint64               *on_disk)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autofree char *dir = limn_test_mkdtemp ();
  g_autofree char *path = g_build_filename (dir, "t.db", NULL);
  g_autofree char *mode_text = g_strdup_printf ("%d", mode);
  gint64 committed = 0;
  char *line;

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            self_exe, "--selftest-child", path, synchronous, mode_text, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  while ((line = g_data_input_stream_read_line (lines, NULL, NULL, NULL)) != NULL)
    {
      g_assert_true (g_str_has_prefix (line, "committed "));
      committed = g_ascii_strtoll (line + 10, NULL, 10);
      g_free (line);
    }
  g_subprocess_wait (child, NULL, NULL);
  g_assert_true (g_subprocess_get_if_exited (child));
  g_assert_cmpint (g_subprocess_get_exit_status (child), ==, LIMN_VFS_SHIM_POWER_LOSS_STATUS);

  *on_disk = count_rows (path);
  limn_test_rm_rf (dir);

  return committed;
}

static void
test_shim_bites (void)
{
  for (LimnVfsShimPowerMode mode = 0; mode < LIMN_VFS_SHIM_N_MODES; mode++)
    {
      gint64 on_disk = 0, committed;

      /* Unsynced commits: the cut takes them (all of them, since the
       * table was created; a torn or partial WAL is ignored by recovery). */
      committed = run_selftest ("OFF", mode, &on_disk);
      g_test_message ("%s, synchronous=OFF: %" G_GINT64_FORMAT " committed, %" G_GINT64_FORMAT
                      " after the cut", limn_vfs_shim_power_mode_to_string (mode), committed, on_disk);
      g_assert_cmpint (committed, >, 0);
      g_assert_cmpint (on_disk, <, committed);

      /* Synced commits all survive. */
      committed = run_selftest ("FULL", mode, &on_disk);
      g_test_message ("%s, synchronous=FULL: %" G_GINT64_FORMAT " committed, %" G_GINT64_FORMAT
                      " after the cut", limn_vfs_shim_power_mode_to_string (mode), committed, on_disk);
      g_assert_cmpint (committed, >, 0);
      g_assert_cmpint (on_disk, >=, committed);
    }
}

/* The store under power loss */

static void
run_epoch (LimnRelTeam *team,
           GRand       *rand,
           guint        epoch,
           guint        cuts,
           guint       *by_mode,
           guint       *refused)
{
  g_autoptr(GHashTable) reported = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GSubprocess) finisher = NULL;
  g_autoptr(GError) error = NULL;
  LimnRelCounts counts = { 0 };
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < cuts; i++)
    {
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GDataInputStream) lines = NULL;
      g_autoptr(GError) refusal = NULL;
      g_autofree char *what = NULL;
      g_autofree char *at_op = g_strdup_printf ("%d", g_rand_int_range (rand, 1, MAX_OP + 1));
      LimnVfsShimPowerMode mode = g_rand_int_range (rand, 0, LIMN_VFS_SHIM_N_MODES);
      g_autofree char *mode_text = g_strdup_printf ("%d", mode);
      guint32 seed = g_rand_int (rand);

      what = g_strdup_printf ("epoch %u, cut %u (at operation %s, %s, seed %u)", epoch, i, at_op,
                              limn_vfs_shim_power_mode_to_string (mode), seed);
      child = limn_rel_spawn_child (self_exe, team->client_dir, seed, at_op, mode_text);
      lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
      while (limn_rel_read_done (lines, reported))
        ;
      g_subprocess_wait (child, NULL, NULL);
      if (!g_subprocess_get_if_exited (child) ||
          g_subprocess_get_exit_status (child) != LIMN_VFS_SHIM_POWER_LOSS_STATUS)
        g_error ("%s: the child did not end by the power cut", what);
      by_mode[mode]++;

      if (!limn_rel_check_client (team->db_path, reported, what, &counts, &refusal))
        {
          /* Allowed, but never silently: say it, and go on with a new client. */
          g_test_message ("%s: the store refused the file: %s", what, refusal->message);
          (*refused)++;
          return;
        }

      if (i % 25 == 24 || i + 1 == cuts)
        g_test_message ("epoch %u: %u cuts in %.1f s: %u submits reported, %u on disk, "
                        "%u outbox rows acked, %u waiting, %u batches open, %u events",
                        epoch, i + 1, (g_get_monotonic_time () - start) / 1e6,
                        g_hash_table_size (reported), counts.submitted, counts.acked,
                        counts.pending, counts.open_batches, counts.events);
    }

  g_assert_cmpuint (g_hash_table_size (reported), >, 0);

  finisher = limn_rel_spawn_child (self_exe, team->client_dir, 0, "finish", NULL);
  g_assert_true (g_subprocess_wait (finisher, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (finisher));
  g_assert_cmpint (g_subprocess_get_exit_status (finisher), ==, 0);
  limn_rel_check_exactly_once (team, reported);
}

static void
test_power_loss (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  LimnRelTeam *team = limn_rel_team_new ();
  guint cuts = limn_rel_soak () ? SOAK_CUTS : CUTS;
  guint by_mode[LIMN_VFS_SHIM_N_MODES] = { 0 };
  guint refused = 0;
  gint64 start = g_get_monotonic_time ();

  for (guint epoch = 0; epoch * EPOCH_CUTS < cuts; epoch++)
    {
      limn_rel_team_new_client (team, N_TASKS);
      run_epoch (team, rand, epoch, MIN (EPOCH_CUTS, cuts - epoch * EPOCH_CUTS), by_mode, &refused);
    }

  g_test_message ("power-loss suite: %u cuts (%u lose-unsynced, %u tear-last, %u keep-some), "
                  "%u refused, in %.1f s", cuts, by_mode[LIMN_VFS_SHIM_LOSE_UNSYNCED],
                  by_mode[LIMN_VFS_SHIM_TEAR_LAST], by_mode[LIMN_VFS_SHIM_KEEP_SOME], refused,
                  (g_get_monotonic_time () - start) / 1e6);
  limn_rel_team_free (team);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (argc == 5 && g_str_equal (argv[1], "--selftest-child"))
    return selftest_child (argv[2], argv[3], atoi (argv[4]));

  if (argc >= 5 && g_str_equal (argv[1], "--child") && g_str_equal (argv[4], "finish"))
    return limn_rel_child_run (argv[2], strtoul (argv[3], NULL, 10), TRUE);

  if (argc == 6 && g_str_equal (argv[1], "--child"))
    {
      guint32 seed = strtoul (argv[3], NULL, 10);

      /* Before anything opens a database: everything goes through the shim. */
      limn_vfs_shim_register (TRUE);
      limn_vfs_shim_arm_power_loss (g_ascii_strtoull (argv[4], NULL, 10), atoi (argv[5]), seed);
      return limn_rel_child_run (argv[2], seed, FALSE);
    }

  g_test_init (&argc, &argv, NULL);
  self_exe = g_test_build_filename (G_TEST_BUILT, "test-reliability-power-loss", NULL);

  g_test_add_func ("/reliability/power-loss/shim-bites", test_shim_bites);
  g_test_add_func ("/reliability/power-loss/store", test_power_loss);

  status = g_test_run ();
  g_free (self_exe);
  return status;
}
