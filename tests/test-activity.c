/* test-activity.c
 *
 * Timing rules with a fake clock: gaps up to the idle threshold count as
 * active time, longer gaps and unfocused time count nothing; wall time
 * counts everything.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "events/limn-activity.h"

#define S G_GINT64_CONSTANT (1000000)

typedef struct
{
  LimnClock    *clock;
  GPtrArray    *events;
  LimnEventLog *log;
  LimnActivity *activity;
} Fixture;

static void
collect (LimnEvent *event,
         gpointer   data)
{
  g_ptr_array_add (data, event);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->clock = limn_clock_new_fake (1700000000 * S, 5 * S);
  f->events = g_ptr_array_new_with_free_func ((GDestroyNotify)limn_event_free);
  f->log = limn_event_log_new (NULL, "alice", f->clock, collect,
                               g_ptr_array_ref (f->events), (GDestroyNotify)g_ptr_array_unref);
  f->activity = limn_activity_new (f->clock, f->log);
  limn_activity_set_idle_threshold (f->activity, 60 * S);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_object (&f->activity);
  g_clear_object (&f->log);
  g_clear_object (&f->clock);
  g_clear_pointer (&f->events, g_ptr_array_unref);
}

static guint
count_events (Fixture    *f,
              const char *type)
{
  guint n = 0;

  for (guint i = 0; i < f->events->len; i++)
    if (g_str_equal (((LimnEvent *)g_ptr_array_index (f->events, i))->type, type))
      n++;

  return n;
}

static void
test_continuous_work (Fixture       *f,
                      gconstpointer  data)
{
  limn_activity_start (f->activity, 0, 0);

  for (guint i = 0; i < 10; i++)
    {
      limn_clock_advance (f->clock, 5 * S);
      limn_activity_input (f->activity);
    }

  g_assert_cmpint (limn_activity_get_active_ms (f->activity), ==, 50000);
  g_assert_cmpint (limn_activity_get_wall_ms (f->activity), ==, 50000);
  g_assert_false (limn_activity_is_idle (f->activity));
  g_assert_cmpuint (f->events->len, ==, 0);
}

static void
test_idle_gap_excluded (Fixture       *f,
                        gconstpointer  data)
{
  limn_activity_start (f->activity, 0, 0);

  limn_clock_advance (f->clock, 10 * S);
  limn_activity_input (f->activity);           /* 10 s active */

  limn_clock_advance (f->clock, 60 * S);       /* exactly the threshold: counts */
  limn_activity_input (f->activity);
  g_assert_cmpint (limn_activity_get_active_ms (f->activity), ==, 70000);

  limn_clock_advance (f->clock, 300 * S);      /* a coffee break: excluded */
  g_assert_true (limn_activity_is_idle (f->activity));
  g_assert_cmpuint (count_events (f, "idle_start"), ==, 1);
  /* While idle the open gap is not counted. */
  g_assert_cmpint (limn_activity_get_active_ms (f->activity), ==, 70000);
  limn_activity_input (f->activity);
  g_assert_cmpuint (count_events (f, "idle_end"), ==, 1);
  g_assert_false (limn_activity_is_idle (f->activity));

  limn_clock_advance (f->clock, 20 * S);
  limn_activity_input (f->activity);

  g_assert_cmpint (limn_activity_get_active_ms (f->activity), ==, 90000);
  g_assert_cmpint (limn_activity_get_wall_ms (f->activity), ==, 390000);

  /* idle_start is logged once even when asked again. */
  limn_clock_advance (f->clock, 61 * S);
  g_assert_true (limn_activity_is_idle (f->activity));
  g_assert_true (limn_activity_is_idle (f->activity));
  g_assert_cmpuint (count_events (f, "idle_start"), ==, 2);
}

static void
test_unfocused_excluded (Fixture       *f,
                         gconstpointer  data)
{
  limn_activity_start (f->activity, 0, 0);

  limn_clock_advance (f->clock, 8 * S);
  limn_activity_input (f->activity);
  limn_clock_advance (f->clock, 2 * S);
  limn_activity_set_focused (f->activity, FALSE); /* the 2 s before leaving count */
  g_assert_cmpuint (count_events (f, "focus_lost"), ==, 1);

  limn_clock_advance (f->clock, 30 * S);          /* in another window: not counted */
  g_assert_cmpint (limn_activity_get_active_ms (f->activity), ==, 10000);
  limn_activity_set_focused (f->activity, TRUE);
  g_assert_cmpuint (count_events (f, "focus_gained"), ==, 1);

  limn_clock_advance (f->clock, 5 * S);
  limn_activity_input (f->activity);

  g_assert_cmpint (limn_activity_get_active_ms (f->activity), ==, 15000);
  g_assert_cmpint (limn_activity_get_wall_ms (f->activity), ==, 45000);
}

static void
test_prior_and_stop (Fixture       *f,
                     gconstpointer  data)
{
  /* A draft reopened with 2 min active and 5 min wall time already spent. */
  limn_activity_start (f->activity, 120000, 300000);
  limn_clock_advance (f->clock, 4 * S);
  limn_activity_input (f->activity);
  limn_clock_advance (f->clock, 3 * S);
  limn_activity_stop (f->activity);

  g_assert_cmpint (limn_activity_get_active_ms (f->activity), ==, 127000);
  g_assert_cmpint (limn_activity_get_wall_ms (f->activity), ==, 307000);

  /* Frozen after stop. */
  limn_clock_advance (f->clock, 100 * S);
  limn_activity_input (f->activity);
  g_assert_cmpint (limn_activity_get_active_ms (f->activity), ==, 127000);
  g_assert_cmpint (limn_activity_get_wall_ms (f->activity), ==, 307000);
}

static void
test_threshold_setting (Fixture       *f,
                        gconstpointer  data)
{
  limn_activity_set_idle_threshold (f->activity, 10 * S);
  limn_activity_start (f->activity, 0, 0);
  limn_clock_advance (f->clock, 9 * S);
  limn_activity_input (f->activity);
  limn_clock_advance (f->clock, 11 * S);
  limn_activity_input (f->activity);
  g_assert_cmpint (limn_activity_get_active_ms (f->activity), ==, 9000);
}

static void
test_live_gap (Fixture       *f,
               gconstpointer  data)
{
  limn_activity_start (f->activity, 0, 0);
  limn_clock_advance (f->clock, 30 * S);
  /* Thinking time still under the threshold shows as active. */
  g_assert_cmpint (limn_activity_get_active_ms (f->activity), ==, 30000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, setup, fn, teardown)
  ADD ("/activity/continuous", test_continuous_work);
  ADD ("/activity/idle-gap", test_idle_gap_excluded);
  ADD ("/activity/unfocused", test_unfocused_excluded);
  ADD ("/activity/prior-and-stop", test_prior_and_stop);
  ADD ("/activity/threshold", test_threshold_setting);
  ADD ("/activity/live-gap", test_live_gap);
#undef ADD

  return g_test_run ();
}
