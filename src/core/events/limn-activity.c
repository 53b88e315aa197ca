/* limn-activity.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "limn-events"

#include "config.h"

#include "limn-activity.h"
#include "limn-event.h"

struct _LimnActivity
{
  GObject       parent_instance;

  LimnClock    *clock;
  LimnEventLog *log;
  gint64        threshold_us;

  gint64        prior_active_us;   /* from earlier sessions on this draft */
  gint64        prior_wall_us;
  gint64        start_mono;        /* when this session opened the task */
  gint64        last_mark;         /* last input, or when focus came back */
  gint64        active_us;         /* counted gaps since start */
  gint64        stopped_wall_us;   /* wall time frozen by stop() */

  guint         running : 1;
  guint         focused : 1;
  guint         idle : 1;          /* idle_start logged, idle_end pending */
};

G_DEFINE_FINAL_TYPE (LimnActivity, limn_activity, G_TYPE_OBJECT)

static void
limn_activity_finalize (GObject *object)
{
  LimnActivity *self = (LimnActivity *)object;

  g_clear_object (&self->clock);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (limn_activity_parent_class)->finalize (object);
}

static void
limn_activity_class_init (LimnActivityClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = limn_activity_finalize;
}

static void
limn_activity_init (LimnActivity *self)
{
  self->threshold_us = LIMN_DEFAULT_IDLE_THRESHOLD_S * G_USEC_PER_SEC;
  self->focused = TRUE;
}

/**
 * limn_activity_new:
 * @clock: (nullable): the real clock if %NULL
 * @log: (nullable): where idle and focus transitions are recorded
 */
LimnActivity *
limn_activity_new (LimnClock    *clock,
                   LimnEventLog *log)
{
  LimnActivity *self = g_object_new (LIMN_TYPE_ACTIVITY, NULL);

  self->clock = g_object_ref (clock ? clock : limn_clock_get_default ());
  self->log = log ? g_object_ref (log) : NULL;

  return self;
}

void
limn_activity_set_idle_threshold (LimnActivity *self,
                                  gint64        threshold_us)
{
  g_return_if_fail (LIMN_IS_ACTIVITY (self));
  g_return_if_fail (threshold_us > 0);

  self->threshold_us = threshold_us;
}

gint64
limn_activity_get_idle_threshold (LimnActivity *self)
{
  g_return_val_if_fail (LIMN_IS_ACTIVITY (self), 0);
  return self->threshold_us;
}

static gint64
now (LimnActivity *self)
{
  return limn_clock_get_mono_us (self->clock);
}

static void
record (LimnActivity *self,
        const char   *type,
        JsonObject   *payload)
{
  g_autoptr(JsonObject) owned = payload;

  if (self->log != NULL)
    limn_event_log_record (self->log, type, owned);
}

/* Counts the gap since the last mark if it is short enough to be work. */
static void
close_gap (LimnActivity *self,
           gint64        t)
{
  gint64 gap = t - self->last_mark;

  if (self->focused && gap > 0 && gap <= self->threshold_us)
    self->active_us += gap;

  self->last_mark = t;
}

/* Starts timing a task; earlier sessions' figures carry over so a draft
 * reopened tomorrow keeps its totals. */
void
limn_activity_start (LimnActivity *self,
                     gint64        prior_active_ms,
                     gint64        prior_wall_ms)
{
  g_return_if_fail (LIMN_IS_ACTIVITY (self));

  self->prior_active_us = MAX (prior_active_ms, 0) * 1000;
  self->prior_wall_us = MAX (prior_wall_ms, 0) * 1000;
  self->start_mono = self->last_mark = now (self);
  self->active_us = 0;
  self->running = TRUE;
  self->idle = FALSE;
}

void
limn_activity_stop (LimnActivity *self)
{
  gint64 t;

  g_return_if_fail (LIMN_IS_ACTIVITY (self));

  if (!self->running)
    return;

  t = now (self);
  close_gap (self, t);
  self->stopped_wall_us = t - self->start_mono;
  self->running = FALSE;
}

/* Logs idle_start once the threshold has passed with no input; the window
 * calls this from a timer so the event carries the real time. Input also
 * calls it, so a missed timer only delays the event. */
static void
check_idle (LimnActivity *self,
            gint64        t)
{
  JsonObject *payload;

  if (!self->running || !self->focused || self->idle)
    return;

  if (t - self->last_mark <= self->threshold_us)
    return;

  self->idle = TRUE;
  payload = json_object_new ();
  json_object_set_int_member (payload, "last_input_mono_us", self->last_mark);
  json_object_set_int_member (payload, "threshold_ms", self->threshold_us / 1000);
  record (self, LIMN_EVENT_IDLE_START, payload);
}

void
limn_activity_input (LimnActivity *self)
{
  gint64 t;

  g_return_if_fail (LIMN_IS_ACTIVITY (self));

  if (!self->running)
    return;

  t = now (self);
  check_idle (self, t);

  if (self->idle)
    {
      JsonObject *payload = json_object_new ();

      json_object_set_int_member (payload, "idle_ms", (t - self->last_mark) / 1000);
      record (self, LIMN_EVENT_IDLE_END, payload);
      self->idle = FALSE;
    }

  close_gap (self, t);
}

gboolean
limn_activity_is_idle (LimnActivity *self)
{
  g_return_val_if_fail (LIMN_IS_ACTIVITY (self), FALSE);

  if (self->running)
    check_idle (self, now (self));

  return self->idle;
}

void
limn_activity_set_focused (LimnActivity *self,
                           gboolean      focused)
{
  gint64 t;

  g_return_if_fail (LIMN_IS_ACTIVITY (self));

  focused = !!focused;
  if (self->focused == focused)
    return;

  t = now (self);

  if (self->running)
    {
      if (!focused)
        {
          /* Work up to losing focus counts; time away does not. */
          close_gap (self, t);
          record (self, LIMN_EVENT_FOCUS_LOST, NULL);
        }
      else
        {
          self->last_mark = t;
          self->idle = FALSE;
          record (self, LIMN_EVENT_FOCUS_GAINED, NULL);
        }
    }

  self->focused = focused;
}

gboolean
limn_activity_get_focused (LimnActivity *self)
{
  g_return_val_if_fail (LIMN_IS_ACTIVITY (self), FALSE);
  return self->focused;
}

/* Includes the open gap while it is still short enough to count, so a
 * status line ticks up while the annotator works. */
gint64
limn_activity_get_active_ms (LimnActivity *self)
{
  gint64 us;

  g_return_val_if_fail (LIMN_IS_ACTIVITY (self), 0);

  us = self->prior_active_us + self->active_us;

  if (self->running && self->focused)
    {
      gint64 gap = now (self) - self->last_mark;

      if (gap > 0 && gap <= self->threshold_us)
        us += gap;
    }

  return us / 1000;
}

gint64
limn_activity_get_wall_ms (LimnActivity *self)
{
  gint64 us;

  g_return_val_if_fail (LIMN_IS_ACTIVITY (self), 0);

  us = self->prior_wall_us + (self->running ? now (self) - self->start_mono : self->stopped_wall_us);

  return us / 1000;
}
