/* limn-test-postgres.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "limn-test-postgres.h"

static char *cluster_dir;     /* holds data/, the socket and the log */
static gboolean durable;       /* fsync kept on (benches) */
static int   reaper_stdin = -1;
static GPid  reaper_pid;

gboolean
limn_test_postgres_wanted (void)
{
  return g_strcmp0 (g_getenv ("LIMN_TEST_BACKEND"), "postgresql") == 0;
}

static G_NORETURN void
skip (const char *why)
{
  g_printerr ("PostgreSQL could not be started, so this test is skipped: %s\n", why);
  g_print ("# SKIP PostgreSQL could not be started: %s\n", why);
  exit (77);
}

static char *
find_bindir (void)
{
  g_autofree char *out = NULL;
  const char *env = g_getenv ("LIMN_TEST_PG_BINDIR");
  g_autofree char *initdb = NULL;

  if (env != NULL)
    return g_strdup (env);

  if (g_spawn_command_line_sync ("pg_config --bindir", &out, NULL, NULL, NULL) && out != NULL)
    {
      g_strstrip (out);
      initdb = g_build_filename (out, "initdb", NULL);
      if (g_file_test (initdb, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&out);
    }

  /* Debian's server package; pg_config (libpq-dev) may name another dir. */
  for (int v = 20; v >= 12; v--)
    {
      g_autofree char *dir = g_strdup_printf ("/usr/lib/postgresql/%d/bin", v);
      g_autofree char *path = g_build_filename (dir, "initdb", NULL);

      if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&dir);
    }

  return NULL;
}

/* initdb and postgres refuse to run as root: as root, they run as the
 * postgres user (through runuser), on a directory it owns. */
static gboolean
run_as_owner (const char  *bindir,
              const char  *const *args,
              char       **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  int status = 0;
  g_autoptr(GError) error = NULL;

  if (geteuid () == 0)
    {
      g_ptr_array_add (argv, g_strdup ("runuser"));
      g_ptr_array_add (argv, g_strdup ("-u"));
      g_ptr_array_add (argv, g_strdup ("postgres"));
      g_ptr_array_add (argv, g_strdup ("--"));
    }
  g_ptr_array_add (argv, g_build_filename (bindir, args[0], NULL));
  for (guint i = 1; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, err, &status, &error))
    {
      *err = g_strdup (error->message);
      return FALSE;
    }

  return g_spawn_check_wait_status (status, NULL);
}

static void
stop_at_exit (void)
{
  int status;

  /* Closing the reaper's stdin stops the cluster; wait until it is gone,
   * so the next test process starts on a clean machine. */
  if (reaper_stdin >= 0)
    {
      close (reaper_stdin);
      reaper_stdin = -1;
      waitpid (reaper_pid, &status, 0);
    }
}

static void
detach (gpointer data)
{
  /* Out of the test's process group: a test killed by meson's timeout
   * still gets its cluster stopped. */
  setsid ();
}

static void
start_reaper (const char *bindir)
{
  g_autofree char *pg_ctl = g_build_filename (bindir, "pg_ctl", NULL);
  g_autofree char *data = g_build_filename (cluster_dir, "data", NULL);
  g_autofree char *script = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "/bin/sh", "-c", NULL, NULL };
  g_autofree char *q_ctl = g_shell_quote (pg_ctl);
  g_autofree char *q_data = g_shell_quote (data);
  g_autofree char *q_dir = g_shell_quote (cluster_dir);

  /* Waits for end of input (the test process ended, however it ended),
   * then stops the cluster and deletes it. */
  script = g_strdup_printf ("cat >/dev/null; %s %s %s -D %s -m immediate stop >/dev/null 2>&1; "
                            "rm -rf %s",
                            geteuid () == 0 ? "runuser -u postgres --" : "",
                            q_ctl, "-s", q_data, q_dir);
  argv[2] = script;

  if (!g_spawn_async_with_pipes (NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, detach,
                                 NULL, &reaper_pid, &reaper_stdin, NULL, NULL, &error))
    g_error ("could not start the PostgreSQL reaper: %s", error->message);

  g_unix_set_fd_nonblocking (reaper_stdin, FALSE, NULL);
  /* Server processes the test starts must not hold the reaper's input open. */
  fcntl (reaper_stdin, F_SETFD, FD_CLOEXEC);
  atexit (stop_at_exit);
}

void
limn_test_postgres_set_durable (void)
{
  g_assert (cluster_dir == NULL);
  durable = TRUE;
}

const char *
limn_test_postgres_socket_dir (void)
{
  g_autofree char *bindir = NULL;
  g_autofree char *data = NULL;
  g_autofree char *log = NULL;
  g_autofree char *options = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;

  if (cluster_dir != NULL)
    return cluster_dir;

  bindir = find_bindir ();
  if (bindir == NULL)
    skip ("no initdb (install Debian's postgresql package)");

  /* Short: a socket path is limited to ~107 bytes. */
  cluster_dir = g_dir_make_tmp ("limn-pg-XXXXXX", &error);
  if (cluster_dir == NULL)
    skip (error->message);

  if (geteuid () == 0)
    {
      struct passwd *pw = getpwnam ("postgres");

      if (pw == NULL)
        skip ("running as root, and there is no postgres user to run the cluster as");
      if (chown (cluster_dir, pw->pw_uid, pw->pw_gid) != 0)
        skip ("could not give the cluster's directory to the postgres user");
    }

  start_reaper (bindir);

  data = g_build_filename (cluster_dir, "data", NULL);
  log = g_build_filename (cluster_dir, "log", NULL);
  {
    const char *initdb[] = { "initdb", "-A", "trust", "-U", "postgres", "-E", "UTF8",
                             "--locale=C", "--no-sync", "-D", data, NULL };

    if (!run_as_owner (bindir, initdb, &err))
      {
        g_autofree char *why = g_strdup_printf ("initdb failed: %s", err ? err : "");

        skip (why);
      }
  }

  /* No TCP at all; fsync off: the cluster is thrown away after the test
   * (unless a bench wants commits as durable as SQLite's). */
  options = durable
    ? g_strdup_printf ("-k %s -c listen_addresses=''", cluster_dir)
    : g_strdup_printf ("-k %s -c listen_addresses='' -c fsync=off "
                       "-c synchronous_commit=off -c full_page_writes=off",
                       cluster_dir);
  {
    const char *pg_ctl[] = { "pg_ctl", "-D", data, "-l", log, "-w", "-t", "60",
                             "-o", options, "start", NULL };

    g_clear_pointer (&err, g_free);
    if (!run_as_owner (bindir, pg_ctl, &err))
      {
        g_autofree char *contents = NULL;
        g_autofree char *why = NULL;

        g_file_get_contents (log, &contents, NULL, NULL);
        why = g_strdup_printf ("pg_ctl start failed: %s %s", err ? err : "",
                               contents ? contents : "");
        skip (why);
      }
  }

  return cluster_dir;
}

static PGconn *
connect_or_die (const char *uri)
{
  PGconn *pg = PQconnectdb (uri);

  if (PQstatus (pg) != CONNECTION_OK)
    g_error ("could not connect to %s: %s", uri, PQerrorMessage (pg));

  return pg;
}

char *
limn_test_postgres_new_database (void)
{
  static guint counter;
  const char *dir = limn_test_postgres_socket_dir ();
  g_autofree char *admin_uri = g_strdup_printf ("postgresql:///postgres?host=%s&user=postgres", dir);
  g_autofree char *name = g_strdup_printf ("limn_%u", ++counter);
  g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s", name);
  PGconn *pg = connect_or_die (admin_uri);
  PGresult *res = PQexec (pg, sql);

  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    g_error ("%s: %s", sql, PQerrorMessage (pg));
  PQclear (res);
  PQfinish (pg);

  return g_strdup_printf ("postgresql:///%s?host=%s&user=postgres", name, dir);
}

char *
limn_test_postgres_query_text (const char *uri,
                               const char *sql,
                               const char *param)
{
  PGconn *pg = connect_or_die (uri);
  const char *values[] = { param };
  PGresult *res = PQexecParams (pg, sql, param != NULL ? 1 : 0, NULL, values, NULL, NULL, 0);
  char *text = NULL;

  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (pg));
  if (PQntuples (res) > 0 && !PQgetisnull (res, 0, 0))
    text = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);
  PQfinish (pg);

  return text;
}

GPtrArray *
limn_test_postgres_query_column (const char *uri,
                                 const char *sql)
{
  PGconn *pg = connect_or_die (uri);
  PGresult *res = PQexec (pg, sql);
  GPtrArray *column = g_ptr_array_new_with_free_func (g_free);

  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (pg));
  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (column, PQgetisnull (res, i, 0) ? NULL : g_strdup (PQgetvalue (res, i, 0)));
  PQclear (res);
  PQfinish (pg);

  return column;
}

gpointer
limn_test_postgres_lock_writes (const char *uri)
{
  PGconn *pg = connect_or_die (uri);
  PGresult *res = PQexec (pg, "BEGIN; SELECT pg_advisory_xact_lock (1279872334)");

  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    g_error ("could not take the writers' lock: %s", PQerrorMessage (pg));
  PQclear (res);

  return pg;
}

void
limn_test_postgres_unlock (gpointer lock)
{
  PGconn *pg = lock;

  PQclear (PQexec (pg, "COMMIT"));
  PQfinish (pg);
}
