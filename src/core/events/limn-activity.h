/* limn-activity.h
 *
 * Wall and active time for the open task. Active time counts the gaps between
 * consecutive inputs that are no longer than the idle threshold, while the
 * window has focus; a longer gap, and time unfocused, count nothing (the rule
 * CVAT uses with 100 s). Raw events are logged too, so other rules can be
 * recomputed later.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "limn-clock.h"
#include "limn-event-log.h"

G_BEGIN_DECLS

#define LIMN_DEFAULT_IDLE_THRESHOLD_S 60

#define LIMN_TYPE_ACTIVITY (limn_activity_get_type ())

G_DECLARE_FINAL_TYPE (LimnActivity, limn_activity, LIMN, ACTIVITY, GObject)

LimnActivity *limn_activity_new                 (LimnClock    *clock,
                                                 LimnEventLog *log);
void          limn_activity_set_idle_threshold  (LimnActivity *self,
                                                 gint64        threshold_us);
gint64        limn_activity_get_idle_threshold  (LimnActivity *self);
void          limn_activity_start               (LimnActivity *self,
                                                 gint64        prior_active_ms,
                                                 gint64        prior_wall_ms);
void          limn_activity_stop                (LimnActivity *self);
void          limn_activity_input               (LimnActivity *self);
void          limn_activity_set_focused         (LimnActivity *self,
                                                 gboolean      focused);
gboolean      limn_activity_get_focused         (LimnActivity *self);
gboolean      limn_activity_is_idle             (LimnActivity *self);
gint64        limn_activity_get_active_ms       (LimnActivity *self);
gint64        limn_activity_get_wall_ms         (LimnActivity *self);

G_END_DECLS
