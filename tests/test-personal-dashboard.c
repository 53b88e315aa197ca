/* test-personal-dashboard.c
 *
 * The personal dashboard (docs/metrics.md §8) on a hand-made database: a
 * real store file, rows written with SQL as sync and submits would leave
 * them, every figure checked to 3 decimals against values worked out by
 * hand (and a Python check of the Wilson bounds and the z-test). Also the
 * pure computation's growth rule and weeks, the team figures' parser, an
 * empty database and the migration being safe to run twice.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <sqlite3.h>

#include "analytics/limn-personal-dashboard.h"
#include "analytics/limn-team-figures.h"
#include "json/limn-json-reader.h"
#include "store/limn-store-dashboard.h"
#include "store/limn-store.h"
#include "limn-test-util.h"

#define DAY (G_GINT64_CONSTANT (24) * 3600 * G_USEC_PER_SEC)
#define HOUR (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
/* Wednesday 2026-12-09 12:00 UTC; its week began Monday 2026-12-07. */
#define NOW G_GINT64_CONSTANT (1796817600000000)
#define THIS_WEEK G_GINT64_CONSTANT (1796601600000000)
#define LAST_WEEK (THIS_WEEK - 7 * DAY)

#define CAR "0b6a1f8e-0000-4000-8000-000000000001"
#define PERSON "0b6a1f8e-0000-4000-8000-000000000002"

typedef struct
{
  char      *dir;
  char      *path;
  LimnStore *store;
  sqlite3   *db;
  const char *me;
} Fixture;

/* sqlite3_mprintf()'s %q quotes; GCC does not know it, so no format check. */
static void
exec (Fixture    *f,
      const char *format,
      ...)
{
  va_list args;
  char *sql, *message = NULL;

  va_start (args, format);
  sql = sqlite3_vmprintf (format, args);
  va_end (args);
  if (sqlite3_exec (f->db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_free (sql);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = limn_test_mkdtemp ();
  f->path = g_build_filename (f->dir, "limn.db", NULL);
  f->store = limn_store_open (f->path, &error);
  g_assert_no_error (error);
  f->me = limn_store_get_local_annotator (f->store);
  g_assert_cmpint (sqlite3_open (f->path, &f->db), ==, SQLITE_OK);
  sqlite3_busy_timeout (f->db, 5000);

  exec (f, "INSERT INTO projects (id, name, kind, created_us, updated_us) VALUES ('p1', 'Streets', 'image', 0, 0);"
           "INSERT INTO labels (id, project_id, position, name, color) VALUES ('%s', 'p1', 0, 'car', '#e66100');"
           "INSERT INTO labels (id, project_id, position, name, color) VALUES ('%s', 'p1', 1, 'person', '#3584e4');",
        CAR, PERSON);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  sqlite3_close (f->db);
  g_clear_object (&f->store);
  limn_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
task (Fixture    *f,
      const char *id)
{
  exec (f, "INSERT INTO tasks (id, project_id, position, kind, title, width, height, created_us) "
           "VALUES ('%q', 'p1', 0, 'image', 'Photo %q', 640, 480, 0)", id, id);
}

/* A submitted revision of mine; @confidence < 0: none. */
static void
revision (Fixture    *f,
          const char *id,
          const char *task_id,
          int         rev,
          double      confidence,
          gint64      active_s,
          gint64      submitted_us)
{
  if (confidence < 0)
    exec (f, "INSERT INTO annotations (id, task_id, annotator, revision, state, active_ms, created_us, updated_us, "
             "  submitted_us) VALUES ('%q', '%q', '%q', %d, 'submitted', %lld, 0, 0, %lld)",
          id, task_id, f->me, rev, (long long) active_s * 1000, (long long) submitted_us);
  else
    exec (f, "INSERT INTO annotations (id, task_id, annotator, revision, state, confidence, active_ms, created_us, "
             "  updated_us, submitted_us) VALUES ('%q', '%q', '%q', %d, 'submitted', %.17g, %lld, 0, 0, %lld)",
          id, task_id, f->me, rev, confidence, (long long) active_s * 1000, (long long) submitted_us);
}

static void
box (Fixture    *f,
     const char *annotation_id,
     const char *region_id,
     const char *label,
     double      x)
{
  exec (f, "INSERT INTO regions (annotation_id, id, position, kind, label_id, x, y, w, h) "
           "VALUES ('%q', '%q', 0, 'box', '%q', %g, 10, 100, 100)", annotation_id, region_id, label, x);
}

static void
gold (Fixture    *f,
      const char *task_id)
{
  exec (f, "INSERT INTO gold (task_id, regions, received_us) VALUES ('%q', "
           "'[{\"id\": \"9b6a1f8e-0000-4000-8000-000000000001\", \"kind\": \"box\", \"label\": \"%s\", "
           "\"box\": [10, 10, 100, 100]}]', 0)", task_id, CAR);
}

static void
verdict (Fixture    *f,
         const char *id,
         const char *task_id,
         const char *annotation_id,
         const char *v,
         gint64      created_us,
         const char *comment,
         const char *comments)
{
  exec (f, "INSERT INTO reviews (id, task_id, annotation_id, reviewer, verdict, reason_code, comment, comments, "
           "  created_us, origin) VALUES ('%q', '%q', '%q', 'rev', '%q', %s, '%q', '%q', %lld, 'server')",
        id, task_id, annotation_id, v, g_str_equal (v, "send_back") ? "'unclear'" : "NULL",
        comment, comments, (long long) created_us);
}

/* 10 gold tasks (7 right), 4 reviewed tasks (5 reviewed submissions), a
 * rework, feedback. */
static void
fill_history (Fixture *f)
{
  char id[32], t[32], r[32];

  for (int i = 0; i < 10; i++)
    {
      gint64 when = (i < 5 ? LAST_WEEK : THIS_WEEK) + (i + 1) * HOUR;
      double confidence = i < 8 ? 0.95 : i == 8 ? 0.35 : 0.85;

      g_snprintf (t, sizeof t, "g%d", i);
      g_snprintf (id, sizeof id, "a-g%d", i);
      task (f, t);
      gold (f, t);
      revision (f, id, t, 1, confidence, (i + 1) * 10, when);

      g_snprintf (r, sizeof r, "r-g%d", i);
      if (i < 7)
        box (f, id, r, CAR, 12);             /* IoU 0.96: right */
      else if (i == 7)
        box (f, id, r, PERSON, 10);          /* the wrong label */
      else if (i == 9)
        {
          box (f, id, r, CAR, 10);
          box (f, id, "r-g9-extra", PERSON, 300);  /* one too many */
        }
      /* g8: nothing marked */
    }
  /* g9 reworked after the reveal: a copy of gold that does not count. */
  revision (f, "a-g9-2", "g9", 2, -1, 5, THIS_WEEK + DAY);
  box (f, "a-g9-2", "r-g9", CAR, 10);

  for (int i = 0; i < 4; i++)
    {
      g_snprintf (t, sizeof t, "r%d", i);
      task (f, t);
    }
  revision (f, "a-r0", "r0", 1, 0.75, 30, THIS_WEEK + 1000);
  revision (f, "a-r1", "r1", 1, 0.75, 45, THIS_WEEK + 2000);
  revision (f, "a-r1-2", "r1", 2, 0.85, 15, THIS_WEEK + 3000);
  revision (f, "a-r2", "r2", 1, 0.55, 60, THIS_WEEK + 4000);
  revision (f, "a-r3", "r3", 1, -1, 300, THIS_WEEK + 5000);
  box (f, "a-r0", "x0", CAR, 10);
  box (f, "a-r1", "x1", CAR, 10);
  box (f, "a-r1-2", "x1", PERSON, 10);
  box (f, "a-r2", "x2", CAR, 10);
  box (f, "a-r3", "x3", CAR, 10);

  verdict (f, "v0", "r0", "a-r0", "accept", NOW - 100, "", "[]");
  verdict (f, "v1", "r1", "a-r1", "send_back", NOW - 99, "Please box the whole car", "[]");
  verdict (f, "v2", "r1", "a-r1-2", "accept", NOW - 98, "", "[]");
  verdict (f, "v3", "r2", "a-r2", "correct", NOW - 97, "Tighter, see the pins",
           "[{\"id\": \"c1\"}, {\"id\": \"c2\"}]");
  /* Sent back, then accepted on a second look: the later stands. */
  verdict (f, "v4", "r3", "a-r3", "send_back", NOW - 96, "", "[]");
  verdict (f, "v5", "r3", "a-r3", "accept", NOW - 95, "", "[]");
  /* Another annotator's revision and my own verdict on it: not mine. */
  exec (f, "INSERT INTO annotations (id, task_id, annotator, revision, state, active_ms, created_us, updated_us, "
           "  submitted_us) VALUES ('other', 'r0', 'someone', 1, 'submitted', 999000, 0, 0, %lld)", (long long) NOW);
  exec (f, "INSERT INTO reviews (id, task_id, annotation_id, reviewer, verdict, reason_code, created_us, origin) "
           "VALUES ('v9', 'r0', 'other', 'me', 'send_back', 'unclear', 0, 'local')");

  /* Feedback: my open thread with a reviewer's reply, a closed one, notes. */
  exec (f, "INSERT INTO flags (id, task_id, project_id, annotator, category, body, state, created_us, origin) "
           "VALUES ('f1', 'g0', 'p1', 'me', 'ambiguous', 'Is a van a car?', 'answered', 10, 'local');"
           "INSERT INTO flags (id, task_id, project_id, annotator, category, body, state, created_us, origin) "
           "VALUES ('f2', 'g1', 'p1', 'me', 'other', 'Blurry', 'closed', 20, 'local');"
           "INSERT INTO messages (id, thread_id, project_id, task_id, author, body, created_us, origin) "
           "VALUES ('m1', 'f1', 'p1', 'g0', 'rev', 'Yes, a van is a car.', 30, 'server');"
           "INSERT INTO messages (id, thread_id, project_id, task_id, author, body, created_us, origin) "
           "VALUES ('m2', 'f1', 'p1', 'g0', 'me', 'Thanks', 40, 'local');"
           "INSERT INTO notes (id, project_id, annotator, author, body, created_us, origin) "
           "VALUES ('n1', 'p1', 'me', 'rev', 'Great progress on cars.', 50, 'server');"
           "INSERT INTO notes (id, project_id, annotator, author, body, created_us, origin) "
           "VALUES ('n2', 'p1', 'me', 'rev', 'Mind the mirrors.', 60, 'server');");
}

static LimnPersonalDashboard *
load (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  LimnPersonalDashboard *d = limn_store_load_dashboard (f->store, "p1", NOW, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (d);
  return d;
}

static void
test_gold (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(LimnPersonalDashboard) d = NULL;
  const LimnDashboardWeek *w;

  fill_history (f);
  d = load (f);

  g_assert_cmpuint (d->n_submissions, ==, 16);
  g_assert_cmpuint (d->submitted_this_week, ==, 11);
  g_assert_cmpint (d->week_us, ==, THIS_WEEK);

  /* 7 of 10 right: 0.700 (0.397–0.892). */
  g_assert_cmpuint (d->gold_accuracy.successes, ==, 7);
  g_assert_cmpuint (d->gold_accuracy.trials, ==, 10);
  g_assert_cmpfloat_with_epsilon (d->gold_accuracy.estimate, 0.700, 5e-4);
  g_assert_cmpfloat_with_epsilon (d->gold_accuracy.lower, 0.397, 5e-4);
  g_assert_cmpfloat_with_epsilon (d->gold_accuracy.upper, 0.892, 5e-4);

  /* Two weeks: 5/5 (0.566–1.000), then 2/5 (0.118–0.769). */
  g_assert_cmpuint (d->gold_weeks->len, ==, 2);
  w = &g_array_index (d->gold_weeks, LimnDashboardWeek, 0);
  g_assert_cmpint (w->week_us, ==, LAST_WEEK);
  g_assert_cmpfloat_with_epsilon (w->rate.estimate, 1.0, 5e-4);
  g_assert_cmpfloat_with_epsilon (w->rate.lower, 0.566, 5e-4);
  w = &g_array_index (d->gold_weeks, LimnDashboardWeek, 1);
  g_assert_cmpint (w->week_us, ==, THIS_WEEK);
  g_assert_cmpfloat_with_epsilon (w->rate.estimate, 0.4, 5e-4);
  g_assert_cmpfloat_with_epsilon (w->rate.lower, 0.118, 5e-4);
  g_assert_cmpfloat_with_epsilon (w->rate.upper, 0.769, 5e-4);
  /* Both in the last 3 weeks: no earlier weeks to grow from. */
  g_assert_false (d->growth_known);

  /* Confusion, rows gold and columns mine (car, person, none): 8 cars
   * found as cars, one as a person, one missed; one person extra. */
  g_assert_cmpuint (d->n_labels, ==, 2);
  g_assert_cmpstr (d->labels[0], ==, "car");
  g_assert_cmpuint (d->confusion[0 * 3 + 0], ==, 8);
  g_assert_cmpuint (d->confusion[0 * 3 + 1], ==, 1);
  g_assert_cmpuint (d->confusion[0 * 3 + 2], ==, 1);
  g_assert_cmpuint (d->confusion[2 * 3 + 1], ==, 1);
  g_assert_cmpuint (d->confusion[1 * 3 + 1], ==, 0);
}

static void
test_reviews (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(LimnPersonalDashboard) d = NULL;
  const LimnDashboardWeek *w;

  fill_history (f);
  d = load (f);

  /* 5 reviewed submissions: accepted r0, r1 rev 2, r3 (latest verdict);
   * sent back r1 rev 1; corrected r2. */
  g_assert_cmpuint (d->review_rates.accepted.trials, ==, 5);
  g_assert_cmpuint (d->review_rates.accepted.successes, ==, 3);
  g_assert_cmpfloat_with_epsilon (d->review_rates.accepted.lower, 0.231, 5e-4);
  g_assert_cmpfloat_with_epsilon (d->review_rates.accepted.upper, 0.882, 5e-4);
  g_assert_cmpuint (d->review_rates.sent_back.successes, ==, 1);
  g_assert_cmpfloat_with_epsilon (d->review_rates.sent_back.estimate, 0.200, 5e-4);
  g_assert_cmpfloat_with_epsilon (d->review_rates.sent_back.lower, 0.036, 5e-4);
  g_assert_cmpfloat_with_epsilon (d->review_rates.sent_back.upper, 0.624, 5e-4);
  g_assert_cmpuint (d->review_rates.corrected.successes, ==, 1);

  /* All this week: one point each. */
  g_assert_cmpuint (d->rework_weeks->len, ==, 1);
  w = &g_array_index (d->rework_weeks, LimnDashboardWeek, 0);
  g_assert_cmpint (w->week_us, ==, THIS_WEEK);
  g_assert_cmpfloat_with_epsilon (w->rate.estimate, 0.2, 1e-9);
  g_assert_cmpuint (d->accepted_weeks->len, ==, 1);

  /* Feedback: 1 comment + 2 pinned on my work (the send-back's too: 2 + 2),
   * one reply by a reviewer, two notes; the answered thread is open. */
  g_assert_cmpuint (d->n_review_comments, ==, 4);
  g_assert_cmpuint (d->n_replies, ==, 1);
  g_assert_cmpuint (d->n_notes, ==, 2);
  g_assert_cmpuint (d->open_threads->len, ==, 1);
  g_assert_cmpstr (((LimnOpenThread *) g_ptr_array_index (d->open_threads, 0))->id, ==, "f1");
  g_assert_cmpstr (((LimnOpenThread *) g_ptr_array_index (d->open_threads, 0))->title, ==, "Photo g0");
  /* Newest first: the review comments (NOW − 97, − 99), then notes, the reply. */
  g_assert_cmpuint (d->recent_feedback->len, ==, 5);
  g_assert_cmpstr (((LimnFeedbackItem *) g_ptr_array_index (d->recent_feedback, 0))->body, ==,
                   "Tighter, see the pins");
  g_assert_cmpstr (((LimnFeedbackItem *) g_ptr_array_index (d->recent_feedback, 0))->context, ==, "Photo r2");
  g_assert_cmpint (((LimnFeedbackItem *) g_ptr_array_index (d->recent_feedback, 4))->kind, ==,
                   LIMN_FEEDBACK_REPLY);
  g_assert_cmpstr (((LimnFeedbackItem *) g_ptr_array_index (d->recent_feedback, 4))->thread_id, ==, "f1");
}

static void
test_time (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(LimnPersonalDashboard) d = NULL;
  static const guint64 counts[] = { 2, 2, 3, 2, 3, 1, 2, 0, 0, 0, 0, 1 };

  fill_history (f);
  d = load (f);

  /* 16 submissions: 5 10 15 20 30 30 40 45 50 60 60 70 80 90 100 300 s. */
  g_assert_cmpuint (d->time.n, ==, 16);
  g_assert_cmpfloat_with_epsilon (d->time.median, 47.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (d->time.p90, 95.0, 1e-9);
  /* p95 = 150 s: 15 s bins to 165 s, one more to the longest, 300 s. */
  g_assert_cmpuint (d->n_bins, ==, 12);
  g_assert_cmpfloat (d->bin_edges[1], ==, 15);
  g_assert_cmpfloat (d->bin_edges[11], ==, 165);
  g_assert_cmpfloat (d->bin_edges[12], ==, 300);
  for (guint b = 0; b < 12; b++)
    g_assert_cmpuint (d->bin_counts[b], ==, counts[b]);
}

static void
test_calibration (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(LimnPersonalDashboard) d = NULL;

  fill_history (f);
  d = load (f);

  /* Judged with a confidence: 10 gold answers, 4 reviewed submissions
   * (r3 stated none). Bin 0.9: 8 at 0.95, 7 right; 0.8: g9 wrong, r1-2
   * right; 0.7: r0 right, r1 wrong; 0.5: r2 corrected (not right); 0.3:
   * g8 wrong. ECE = (8·0.075 + 2·0.35 + 2·0.25 + 0.55 + 0.35) / 14. */
  g_assert_cmpuint (d->calibration.n, ==, 14);
  g_assert_cmpfloat_with_epsilon (d->calibration.ece, 2.7 / 14, 1e-9);
  g_assert_cmpfloat_with_epsilon (d->calibration.ece, 0.193, 5e-4);
  g_assert_cmpfloat_with_epsilon (d->calibration.brier, 2.715 / 14, 1e-9);
  g_assert_cmpuint (d->calibration.bins[9].count, ==, 8);
  g_assert_cmpfloat_with_epsilon (d->calibration.bins[9].accuracy, 0.875, 1e-9);
  g_assert_true (isnan (d->calibration.bins[0].accuracy));
  /* 14 judged is short of the drift alarm's warm-up. */
  g_assert_cmpint (d->drift, ==, LIMN_DRIFT_NOT_ENOUGH);
}

static void
test_team (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(LimnPersonalDashboard) d = NULL;
  g_autoptr(LimnPersonalDashboard) withheld = NULL;
  g_autoptr(GError) error = NULL;

  fill_history (f);

  /* Nothing received yet. */
  d = load (f);
  g_assert_null (d->team);
  g_assert_null (d->label_usage);
  /* Latest revisions: 11 cars, 2 people. */
  g_assert_cmpuint (d->my_label_counts[0], ==, 11);
  g_assert_cmpuint (d->my_label_counts[1], ==, 2);
  g_clear_pointer (&d, limn_personal_dashboard_free);

  /* Fewer than 3 annotators: every figure null. */
  g_assert_true (limn_store_save_team_figures (f->store, "p1",
                                               "{\"project\": \"p1\", \"generated_us\": 1, \"annotators\": 2, "
                                               "\"labels\": [], \"median_active_s\": null, \"p90_active_s\": null, "
                                               "\"gold_accuracy\": null, \"acceptance\": null}", &error));
  g_assert_no_error (error);
  withheld = load (f);
  g_assert_null (withheld->team);

  /* The team: 100 cars, 100 people. Mine 11/13 against the rest's 89/187:
   * z = 2.581, p = 0.0098 < 0.05 / 2: cars overused, people underused. */
  g_assert_true (limn_store_save_team_figures (f->store, "p1",
                                               "{\"project\": \"p1\", \"generated_us\": 1, \"annotators\": 7, "
                                               "\"labels\": [{\"label\": \"car\", \"count\": 100, \"share\": 0.5}, "
                                               "{\"label\": \"person\", \"count\": 100, \"share\": 0.5}], "
                                               "\"median_active_s\": 41.2, \"p90_active_s\": 95.0, "
                                               "\"gold_accuracy\": {\"p\": 0.86, \"low\": 0.83, \"high\": 0.88, \"n\": 700}, "
                                               "\"acceptance\": {\"p\": null, \"low\": null, \"high\": null, \"n\": 0}}",
                                               &error));
  g_assert_no_error (error);
  d = load (f);
  g_assert_nonnull (d->team);
  g_assert_cmpint (d->team->annotators, ==, 7);
  g_assert_cmpfloat_with_epsilon (d->team->median_active_s, 41.2, 1e-9);
  g_assert_cmpfloat_with_epsilon (d->team->gold_accuracy.p, 0.86, 1e-9);
  g_assert_true (isnan (d->team->acceptance.p));
  g_assert_cmpuint (d->team_label_counts[0], ==, 100);
  g_assert_cmpfloat_with_epsilon (d->label_usage[0].z, 2.581, 5e-4);
  g_assert_cmpfloat_with_epsilon (d->label_usage[0].p_value, 0.0098, 5e-5);
  g_assert_cmpint (d->label_usage[0].use, ==, LIMN_LABEL_USE_OVER);
  g_assert_cmpint (d->label_usage[1].use, ==, LIMN_LABEL_USE_UNDER);
}

static void
test_team_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnTeamFigures) nulls = NULL;
  LimnTeamFigures *bad;
  const char *text = "{\"annotators\": 5, \"labels\": [{\"label\": \"car\", \"count\": \"3\"}]}";
  const char *withheld = "{\"project\": \"p\", \"generated_us\": 0, \"annotators\": 2, \"labels\": null, "
                         "\"median_active_s\": null, \"p90_active_s\": null, \"gold_accuracy\": null, "
                         "\"acceptance\": null}";

  nulls = limn_team_figures_parse (withheld, strlen (withheld), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (nulls->labels->len, ==, 0);
  g_assert_true (isnan (nulls->median_active_s));
  g_assert_true (isnan (nulls->gold_accuracy.p));
  g_assert_false (limn_team_figures_enough (nulls));
  g_assert_false (limn_team_figures_enough (NULL));

  /* Strict: a count as a string is refused, naming the member. */
  bad = limn_team_figures_parse (text, strlen (text), &error);
  g_assert_null (bad);
  g_assert_error (error, LIMN_JSON_READER_ERROR, LIMN_JSON_READER_ERROR_TYPE);
  g_assert_nonnull (strstr (error->message, "labels[0]"));
}

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(LimnPersonalDashboard) d = load (f);

  g_assert_cmpuint (d->n_submissions, ==, 0);
  g_assert_true (isnan (d->gold_accuracy.estimate));
  g_assert_cmpuint (d->gold_weeks->len, ==, 0);
  g_assert_cmpuint (d->rework_weeks->len, ==, 0);
  g_assert_true (isnan (d->review_rates.accepted.estimate));
  g_assert_true (isnan (d->time.median));
  g_assert_cmpuint (d->n_bins, ==, 0);
  g_assert_true (isnan (d->calibration.ece));
  g_assert_null (d->team);
  g_assert_false (d->growth_known);
  g_assert_cmpint (d->drift, ==, LIMN_DRIFT_NOT_ENOUGH);
  g_assert_cmpuint (d->recent_feedback->len, ==, 0);
  g_assert_cmpuint (d->open_threads->len, ==, 0);

  /* An unknown project reads as empty too. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LimnPersonalDashboard) none = limn_store_load_dashboard (f->store, "nope", NOW, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (none->n_labels, ==, 0);
  }
}

/* Pure computation: the growth sentence's rule and the weeks' gaps. */
static void
test_growth (void)
{
  static const char * const labels[] = { "car", NULL };
  g_autoptr(LimnDashboardInput) input = limn_dashboard_input_new (labels, NOW, 0);
  g_autoptr(LimnPersonalDashboard) d = NULL;
  g_autoptr(GError) error = NULL;
  LimnLabeledBox g = { { 0, 0, 10, 10 }, 0 };
  LimnLabeledBox off = { { 50, 50, 10, 10 }, 0 };

  /* 10 answers 5 weeks ago, 6 right; 10 this week, 9 right. */
  for (int i = 0; i < 20; i++)
    {
      gboolean early = i < 10;
      gboolean right = early ? i < 6 : i < 19;
      guint s = limn_dashboard_input_add_submission (input, (early ? THIS_WEEK - 5 * 7 * DAY : THIS_WEEK) + i,
                                                     1000, NAN);

      g_assert_true (limn_dashboard_input_add_gold (input, s, &g, 1, right ? &g : &off, 1, NULL, 0, NULL, 0,
                                                    0.5, &error));
      g_assert_no_error (error);
    }
  d = limn_personal_dashboard_compute (input, &error);
  g_assert_no_error (error);

  g_assert_true (d->growth_known);
  g_assert_cmpfloat_with_epsilon (d->growth_points, 30.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (d->growth_now, 0.9, 1e-9);
  /* Six weeks with a gap of four: NaN, not zero. */
  g_assert_cmpuint (d->gold_weeks->len, ==, 6);
  g_assert_cmpint (g_array_index (d->gold_weeks, LimnDashboardWeek, 0).week_us, ==, THIS_WEEK - 35 * DAY);
  g_assert_true (isnan (g_array_index (d->gold_weeks, LimnDashboardWeek, 2).rate.estimate));
  g_assert_cmpfloat_with_epsilon (g_array_index (d->gold_weeks, LimnDashboardWeek, 5).rate.estimate, 0.9, 1e-9);

  /* A label outside the set is refused. */
  {
    LimnLabeledBox stray = { { 0, 0, 10, 10 }, 3 };

    g_assert_false (limn_dashboard_input_add_gold (input, 0, &stray, 1, NULL, 0, NULL, 0, NULL, 0, 0.5, &error));
    g_assert_error (error, LIMN_ANALYTICS_ERROR, LIMN_ANALYTICS_ERROR_INVALID);
  }
}

static void
test_weeks (void)
{
  /* Monday 00:00 of the week, at the offset: Sunday 23:00 UTC is Monday in
   * UTC+2, and a time before 1970 rounds down. */
  g_assert_cmpint (limn_dashboard_week_start (NOW, 0), ==, THIS_WEEK);
  g_assert_cmpint (limn_dashboard_week_start (THIS_WEEK, 0), ==, THIS_WEEK);
  g_assert_cmpint (limn_dashboard_week_start (THIS_WEEK - 1, 0), ==, LAST_WEEK);
  g_assert_cmpint (limn_dashboard_week_start (THIS_WEEK - HOUR, 2 * HOUR), ==, THIS_WEEK - 2 * HOUR);
  /* 1969-12-31 was a Wednesday: its week began Monday 1969-12-29. */
  g_assert_cmpint (limn_dashboard_week_start (-DAY / 2, 0), ==, -3 * DAY);
}

/* Migration 4 runs on a file that already has its table and indexes
 * (migration 5's columns removed first: ADD COLUMN cannot run twice). */
static void
test_migration (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (limn_store_get_schema_version (f->store), ==, LIMN_STORE_SCHEMA_VERSION);
  g_clear_object (&f->store);
  exec (f, "ALTER TABLE labels DROP COLUMN names; ALTER TABLE labels DROP COLUMN descriptions; "
           "ALTER TABLE guidelines DROP COLUMN translations; PRAGMA user_version = 3");
  f->store = limn_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (limn_store_get_schema_version (f->store), ==, LIMN_STORE_SCHEMA_VERSION);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/personal-dashboard/gold", Fixture, NULL, setup, test_gold, teardown);
  g_test_add ("/personal-dashboard/reviews-and-feedback", Fixture, NULL, setup, test_reviews, teardown);
  g_test_add ("/personal-dashboard/time", Fixture, NULL, setup, test_time, teardown);
  g_test_add ("/personal-dashboard/calibration", Fixture, NULL, setup, test_calibration, teardown);
  g_test_add ("/personal-dashboard/team", Fixture, NULL, setup, test_team, teardown);
  g_test_add ("/personal-dashboard/empty", Fixture, NULL, setup, test_empty, teardown);
  g_test_add ("/personal-dashboard/migration-twice", Fixture, NULL, setup, test_migration, teardown);
  g_test_add_func ("/personal-dashboard/team-parse", test_team_parse);
  g_test_add_func ("/personal-dashboard/growth", test_growth);
  g_test_add_func ("/personal-dashboard/weeks", test_weeks);

  return g_test_run ();
}
