/* bench-measure.c
 *
 * What the benchmarks read about the machine and the processes they
 * measure: quantiles, CPU ticks of a process and of its threads from
 * /proc, the machine's busy time, this process's CPU, and the cost of one
 * fdatasync() where a server keeps its data.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bench-measure.h"

int
bench_compare_gint64 (gconstpointer x,
                gconstpointer y)
{
  gint64 a = *(const gint64 *)x, b = *(const gint64 *)y;

  return a < b ? -1 : a > b;
}

/* The p-th quantile (nearest rank) of sorted µs, in ms. */
double
bench_percentile_ms (GArray *sorted,
               double  p)
{
  gint64 rank;

  if (sorted->len == 0)
    return 0;
  rank = (gint64)(p * sorted->len + 0.999999);
  rank = CLAMP (rank, 1, (gint64)sorted->len);
  return g_array_index (sorted, gint64, rank - 1) / 1000.0;
}

/* CPU ticks (user + system) in a /proc/…/stat file, and its name. */
gint64
bench_stat_ticks (const char *path,
            char      **name)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *open, *close;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return 0;
  open = strchr (text, '(');
  close = strrchr (text, ')');
  if (open == NULL || close == NULL)
    return 0;
  if (name != NULL)
    *name = g_strndup (open + 1, close - open - 1);
  /* After "pid (comm) " comes field 3 (state); utime is 14, stime 15. */
  fields = g_strsplit (close + 2, " ", -1);
  if (g_strv_length (fields) < 13)
    return 0;

  return g_ascii_strtoll (fields[11], NULL, 10) + g_ascii_strtoll (fields[12], NULL, 10);
}

static gint64
status_field (const char *path,
              const char *key)
{
  g_autofree char *text = NULL;
  const char *at;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (at = strstr (text, key)) == NULL)
    return 0;
  return g_ascii_strtoll (at + strlen (key), NULL, 10);
}

static void
thread_sample_free (gpointer data)
{
  BenchThreadSample *t = data;

  g_free (t->name);
  g_free (t);
}

/* tid → BenchThreadSample, for every thread of @pid. */
GHashTable *
bench_sample_threads (const char *pid)
{
  GHashTable *threads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, thread_sample_free);
  g_autofree char *dir = g_strdup_printf ("/proc/%s/task", pid);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *tid;

  while (d != NULL && (tid = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *stat = g_strdup_printf ("%s/%s/stat", dir, tid);
      g_autofree char *status = g_strdup_printf ("%s/%s/status", dir, tid);
      BenchThreadSample *t = g_new0 (BenchThreadSample, 1);

      t->ticks = bench_stat_ticks (stat, &t->name);
      t->waits = status_field (status, "\nvoluntary_ctxt_switches:");
      t->preempted = status_field (status, "nonvoluntary_ctxt_switches:");
      g_hash_table_insert (threads, g_strdup (tid), t);
    }

  return threads;
}

/* Ticks the whole machine was busy (all cores), from /proc/stat. */
gint64
bench_machine_busy_ticks (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) f = NULL;
  gint64 busy = 0;

  if (!g_file_get_contents ("/proc/stat", &text, NULL, NULL))
    return 0;
  *strchr (text, '\n') = '\0';
  f = g_strsplit_set (text, " ", -1);
  /* "cpu  user nice system idle iowait irq softirq steal …" */
  for (guint i = 2, n = 0; f[i] != NULL && n < 8; i++)
    if (f[i][0] != '\0')
      {
        if (n != 3 && n != 4)
          busy += g_ascii_strtoll (f[i], NULL, 10);
        n++;
      }

  return busy;
}

double
bench_self_cpu_s (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* The baseline the server's commits stand on: a 4 KiB write and
 * fdatasync() in its data folder (one WAL commit with synchronous=FULL
 * is at least that), median of 100. */
double
bench_fsync_ms (const char *dir)
{
  g_autofree char *path = g_build_filename (dir, "fsync-probe", NULL);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  char page[4096];
  int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  g_assert_cmpint (fd, >=, 0);
  memset (page, 'x', sizeof page);
  for (int i = 0; i < 100; i++)
    {
      gint64 start = g_get_monotonic_time (), took;

      if (pwrite (fd, page, sizeof page, (off_t)i * sizeof page) != sizeof page || fdatasync (fd) != 0)
        g_error ("fsync probe: %s", g_strerror (errno));
      took = g_get_monotonic_time () - start;
      g_array_append_val (times, took);
    }
  close (fd);
  g_unlink (path);
  g_array_sort (times, bench_compare_gint64);

  return bench_percentile_ms (times, 0.5);
}
