/* bench-measure.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64  ticks;
  gint64  waits;      /* voluntary context switches: locks, fsync, the network */
  gint64  preempted;  /* involuntary ones: another thread wanted the core */
  char   *name;
} BenchThreadSample;

int         bench_compare_gint64     (gconstpointer  x,
                                      gconstpointer  y);
/* The p-th quantile (nearest rank) of sorted µs, in ms. */
double      bench_percentile_ms      (GArray        *sorted,
                                      double         p);
/* CPU ticks (user + system) in a /proc/…/stat file, and its name. */
gint64      bench_stat_ticks         (const char    *path,
                                      char         **name);
/* tid → BenchThreadSample, for every thread of @pid. */
GHashTable *bench_sample_threads     (const char    *pid);
/* Ticks the whole machine was busy (all cores), from /proc/stat. */
gint64      bench_machine_busy_ticks (void);
double      bench_self_cpu_s         (void);
/* A 4 KiB write and fdatasync() in @dir, median of 100, in ms. */
double      bench_fsync_ms           (const char    *dir);

G_END_DECLS
