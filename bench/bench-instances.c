/* bench-instances.c
 *
 * The reliability load generator (bench-load) against one limn-server on
 * SQLite, then against 1, 2 and 3 limn-server processes on one PostgreSQL
 * database (issue 22), the same load in the same run, side by side. The
 * PostgreSQL is a private cluster started as the tests start it
 * (tests/limn-test-postgres.h: initdb in a temporary directory, a Unix
 * socket only), but with fsync and synchronous_commit on, so that its
 * commits are as durable as SQLite's synchronous=FULL; a fresh database
 * for each configuration. bench-load spreads the annotators round-robin
 * over the instances and checks, in each run, that every item was stored
 * exactly once and that no task was leased twice.
 *
 *   build/bench/bench-instances [bench-load options…]
 *
 * e.g. --annotators 30 --rounds 3 --tasks 5 --events 20. Prints each
 * run's report, then requests/s and p50/p99 per route for each
 * configuration. Exit status 0 only when every run passed its checks; 77
 * when PostgreSQL cannot start.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

#include "limn-test-postgres.h"

typedef struct
{
  const char *name;
  int         instances;
  gboolean    postgresql;
  GPtrArray  *routes;     /* char *: the "route …" lines */
  char       *result;     /* the "result …" line */
  gboolean    passed;
} Config;

static const char *
bench_load_binary (void)
{
  const char *env = g_getenv ("LIMN_BENCH_LOAD");

  return env != NULL && env[0] != '\0' ? env : LIMN_BENCH_LOAD_PATH;
}

/* The value of key=value in @line, or NULL. */
static char *
field (const char *line,
       const char *key)
{
  g_autofree char *prefix = g_strconcat (" ", key, "=", NULL);
  const char *p = strstr (line, prefix);
  const char *end;

  if (p == NULL)
    return NULL;
  p += strlen (prefix);
  end = strchr (p, ' ');
  return end != NULL ? g_strndup (p, end - p) : g_strdup (p);
}

static void
run (Config  *config,
     char   **passed_args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) load = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  g_ptr_array_add (argv, g_strdup (bench_load_binary ()));
  for (guint i = 0; passed_args != NULL && passed_args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (passed_args[i]));
  if (config->postgresql)
    {
      g_ptr_array_add (argv, g_strdup ("--database"));
      g_ptr_array_add (argv, limn_test_postgres_new_database ());
    }
  g_ptr_array_add (argv, g_strdup ("--instances"));
  g_ptr_array_add (argv, g_strdup_printf ("%d", config->instances));
  g_ptr_array_add (argv, NULL);

  g_print ("\n=== %s ===\n", config->name);
  fflush (stdout);
  load = g_subprocess_newv ((const char * const *)argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                            &error);
  if (load == NULL || !g_subprocess_communicate_utf8 (load, NULL, NULL, &out, NULL, &error))
    g_error ("bench-load: %s", error->message);

  g_print ("%s", out);
  config->passed = g_subprocess_get_if_exited (load) && g_subprocess_get_exit_status (load) == 0;
  config->routes = g_ptr_array_new_with_free_func (g_free);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "route \""))
      g_ptr_array_add (config->routes, g_strdup (lines[i]));
    else if (g_str_has_prefix (lines[i], "result "))
      config->result = g_strdup (lines[i]);
}

static void
print_summary (Config *configs,
               guint   n)
{
  Config *first = &configs[0];

  g_print ("\n=== the same load, side by side ===\n%-24s", "route");
  for (guint c = 0; c < n; c++)
    g_print (" | %-26s", configs[c].name);
  g_print ("\n%-24s", "");
  for (guint c = 0; c < n; c++)
    g_print (" | %8s %8s %8s", "req/s", "p50 ms", "p99 ms");
  g_print ("\n");

  for (guint r = 0; r < first->routes->len; r++)
    {
      const char *line = g_ptr_array_index (first->routes, r);
      const char *name = line + strlen ("route \"");
      const char *quote = strchr (name, '"');

      g_print ("%-24.*s", (int)(quote - name), name);
      for (guint c = 0; c < n; c++)
        {
          const char *other = r < configs[c].routes->len ? g_ptr_array_index (configs[c].routes, r)
                                                          : "";
          g_autofree char *rps = field (other, "rps");
          g_autofree char *p50 = field (other, "p50_ms");
          g_autofree char *p99 = field (other, "p99_ms");

          g_print (" | %8s %8s %8s", rps ? rps : "-", p50 ? p50 : "-", p99 ? p99 : "-");
        }
      g_print ("\n");
    }

  g_print ("\n%-24s", "checks");
  for (guint c = 0; c < n; c++)
    {
      const char *result = configs[c].result ? configs[c].result : "";
      g_autofree char *lost = field (result, "lost");
      g_autofree char *dup = field (result, "duplicated");
      g_autofree char *doubled = field (result, "doubled");
      g_autofree char *errors = field (result, "errors");
      g_autofree char *text = g_strdup_printf ("%s lost%s dup%s dbl%s err%s",
                                               configs[c].passed ? "ok" : "FAIL",
                                               lost ? lost : "?", dup ? dup : "?",
                                               doubled ? doubled : "?", errors ? errors : "?");

      g_print (" | %-26s", text);
    }
  g_print ("\n(lost/dup: items stored other than exactly once; dbl: tasks leased twice; "
           "err: requests that failed)\n");
}

int
main (int   argc,
      char *argv[])
{
  Config configs[] = {
    { "SQLite, 1 instance", 1, FALSE, NULL, NULL, FALSE },
    { "PostgreSQL, 1 instance", 1, TRUE, NULL, NULL, FALSE },
    { "PostgreSQL, 2 instances", 2, TRUE, NULL, NULL, FALSE },
    { "PostgreSQL, 3 instances", 3, TRUE, NULL, NULL, FALSE },
  };
  gboolean all_passed = TRUE;

  /* Every argument goes to bench-load. Start the cluster first: where it
   * cannot start, this exits 77 before any load. */
  limn_test_postgres_set_durable ();
  g_print ("bench-instances: a private PostgreSQL cluster at %s (fsync on)\n",
           limn_test_postgres_socket_dir ());

  for (guint c = 0; c < G_N_ELEMENTS (configs); c++)
    {
      run (&configs[c], argc > 1 ? argv + 1 : NULL);
      all_passed &= configs[c].passed;
    }

  print_summary (configs, G_N_ELEMENTS (configs));

  for (guint c = 0; c < G_N_ELEMENTS (configs); c++)
    {
      g_clear_pointer (&configs[c].routes, g_ptr_array_unref);
      g_free (configs[c].result);
    }

  return all_passed ? 0 : 1;
}
