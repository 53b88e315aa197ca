/* limn-clock.h
 *
 * Where time comes from. Tests substitute a fake clock so timing rules can be
 * checked to the microsecond without sleeping.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LIMN_TYPE_CLOCK (limn_clock_get_type ())

G_DECLARE_FINAL_TYPE (LimnClock, limn_clock, LIMN, CLOCK, GObject)

LimnClock *limn_clock_get_default (void);
LimnClock *limn_clock_new_fake    (gint64     wall_us,
                                   gint64     mono_us);
gint64     limn_clock_get_wall_us (LimnClock *self);
gint64     limn_clock_get_mono_us (LimnClock *self);
void       limn_clock_advance     (LimnClock *self,
                                   gint64     us);

G_END_DECLS
