/* limn-clock.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-events"

#include "config.h"

#include "limn-clock.h"

struct _LimnClock
{
  GObject  parent_instance;

  gboolean fake;
  gint64   wall_us;
  gint64   mono_us;
};

G_DEFINE_FINAL_TYPE (LimnClock, limn_clock, G_TYPE_OBJECT)

static void
limn_clock_class_init (LimnClockClass *klass)
{
}

static void
limn_clock_init (LimnClock *self)
{
}

/**
 * limn_clock_get_default:
 *
 * Returns: (transfer none): the process's real clock
 */
LimnClock *
limn_clock_get_default (void)
{
  static LimnClock *instance;

  if (g_once_init_enter (&instance))
    g_once_init_leave (&instance, g_object_new (LIMN_TYPE_CLOCK, NULL));

  return instance;
}

/* A clock that moves only when told to. */
LimnClock *
limn_clock_new_fake (gint64 wall_us,
                     gint64 mono_us)
{
  LimnClock *self = g_object_new (LIMN_TYPE_CLOCK, NULL);

  self->fake = TRUE;
  self->wall_us = wall_us;
  self->mono_us = mono_us;

  return self;
}

gint64
limn_clock_get_wall_us (LimnClock *self)
{
  g_return_val_if_fail (LIMN_IS_CLOCK (self), 0);

  return self->fake ? self->wall_us : g_get_real_time ();
}

gint64
limn_clock_get_mono_us (LimnClock *self)
{
  g_return_val_if_fail (LIMN_IS_CLOCK (self), 0);

  return self->fake ? self->mono_us : g_get_monotonic_time ();
}

void
limn_clock_advance (LimnClock *self,
                    gint64     us)
{
  g_return_if_fail (LIMN_IS_CLOCK (self));
  g_return_if_fail (self->fake);

  self->wall_us += us;
  self->mono_us += us;
}
