/* limn-server-throttle.c
 *
 * Each key keeps the times of its last @max events, oldest first. The
 * table holds at most MAX_KEYS keys, so a flood of new addresses cannot
 * grow it without bound: past that, stale keys are dropped, and a new key
 * that still finds no room waits as if over its limit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-server"

#include "config.h"

#include "limn-server-throttle.h"

#define MAX_KEYS 65536

struct _LimnServerThrottle
{
  GMutex      lock;
  GHashTable *times;      /* key -> GArray of gint64, oldest first */
  guint       max;
  gint64      window_us;
};

LimnServerThrottle *
limn_server_throttle_new (guint  max,
                          gint64 window_us)
{
  LimnServerThrottle *self = g_new0 (LimnServerThrottle, 1);

  g_mutex_init (&self->lock);
  self->times = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify)g_array_unref);
  self->max = MAX (max, 1);
  self->window_us = window_us;

  return self;
}

void
limn_server_throttle_free (LimnServerThrottle *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->times);
  g_mutex_clear (&self->lock);
  g_free (self);
}

static void
forget_before (GArray *times,
               gint64  since)
{
  guint keep = 0;

  while (keep < times->len && g_array_index (times, gint64, keep) <= since)
    keep++;
  if (keep > 0)
    g_array_remove_range (times, 0, keep);
}

static guint
wait_locked (LimnServerThrottle *self,
             GArray             *times,
             gint64              now_us)
{
  gint64 until;

  if (times == NULL)
    return 0;

  forget_before (times, now_us - self->window_us);
  if (times->len < self->max)
    return 0;

  until = g_array_index (times, gint64, times->len - self->max) + self->window_us;
  return (guint)MAX (1, (until - now_us + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

static gboolean
is_stale (gpointer key,
          gpointer value,
          gpointer user_data)
{
  GArray *times = value;

  forget_before (times, *(gint64 *)user_data);
  return times->len == 0;
}

/* The key's times, made if there is room; NULL when the table is full. */
static GArray *
times_for (LimnServerThrottle *self,
           const char         *key,
           gint64              now_us)
{
  GArray *times = g_hash_table_lookup (self->times, key);

  if (times != NULL)
    return times;

  if (g_hash_table_size (self->times) >= MAX_KEYS)
    {
      gint64 since = now_us - self->window_us;

      g_hash_table_foreach_remove (self->times, is_stale, &since);
      if (g_hash_table_size (self->times) >= MAX_KEYS)
        return NULL;
    }

  times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_hash_table_insert (self->times, g_strdup (key), times);
  return times;
}

static void
add_locked (LimnServerThrottle *self,
            GArray             *times,
            gint64              now_us)
{
  g_array_append_val (times, now_us);
  if (times->len > self->max)
    g_array_remove_index (times, 0);
}

guint
limn_server_throttle_wait (LimnServerThrottle *self,
                           const char         *key,
                           gint64              now_us)
{
  guint wait;

  g_mutex_lock (&self->lock);
  wait = wait_locked (self, g_hash_table_lookup (self->times, key), now_us);
  if (wait == 0 && g_hash_table_lookup (self->times, key) == NULL &&
      g_hash_table_size (self->times) >= MAX_KEYS)
    wait = (guint)(self->window_us / G_USEC_PER_SEC);
  g_mutex_unlock (&self->lock);

  return wait;
}

void
limn_server_throttle_add (LimnServerThrottle *self,
                          const char         *key,
                          gint64              now_us)
{
  GArray *times;

  g_mutex_lock (&self->lock);
  times = times_for (self, key, now_us);
  if (times != NULL)
    {
      forget_before (times, now_us - self->window_us);
      add_locked (self, times, now_us);
    }
  g_mutex_unlock (&self->lock);
}

guint
limn_server_throttle_take (LimnServerThrottle *self,
                           const char         *key,
                           gint64              now_us)
{
  GArray *times;
  guint wait;

  g_mutex_lock (&self->lock);
  times = times_for (self, key, now_us);
  if (times == NULL)
    wait = (guint)(self->window_us / G_USEC_PER_SEC);
  else if ((wait = wait_locked (self, times, now_us)) == 0)
    add_locked (self, times, now_us);
  g_mutex_unlock (&self->lock);

  return wait;
}

void
limn_server_throttle_prune (LimnServerThrottle *self,
                            gint64              now_us)
{
  gint64 since = now_us - self->window_us;

  g_mutex_lock (&self->lock);
  g_hash_table_foreach_remove (self->times, is_stale, &since);
  g_mutex_unlock (&self->lock);
}
