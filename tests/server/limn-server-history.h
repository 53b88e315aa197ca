/* limn-server-history.h
 *
 * A seeded history of team work in a real limn-server database, for the
 * dashboard tests of the server and of the app: a project with image
 * tasks, annotators, a reviewer and an admin (each with a token), tasks
 * annotated by several annotators, days of submitted annotations with
 * regions, confidence and active time, reviews (accept, correct, send
 * back), gold tasks and two guideline versions. Everything goes through
 * the backend's storage calls, the ones the routes use, so the rows look
 * as if the server had taken them. The same spec and seed give the same
 * rows, ids and tokens.
 *
 *   LimnHistorySpec spec;
 *   g_autoptr(LimnHistory) h = NULL;
 *
 *   limn_history_spec_init (&spec);
 *   spec.drift_annotator = 2;
 *   limn_test_seed_history_full (db_path, &spec, &h, &error);
 *   … h->project_id, h->reviewer_token, h->annotator_tokens->pdata[0] …
 *
 * Write into the database before the server starts (or while it is
 * stopped): the seeder opens its own connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* drift_annotator: nobody, or everybody. */
#define LIMN_HISTORY_NOBODY   (-1)
#define LIMN_HISTORY_EVERYONE (-2)

typedef struct
{
  guint32 seed;                  /* the RNG's seed (default 1) */
  guint   n_annotators;          /* default 5 */
  guint   n_tasks;               /* tasks that are not gold (default 2,000) */
  guint   n_gold;                /* gold tasks (default 40) */
  guint   overlap;               /* annotators per task (default 3) */
  guint   days;                  /* days of history (default 30) */
  /* The history ends the UTC day before this one (0: today): with
   * days = 30 its days are end − 30 … end − 1. */
  gint64  end_us;
  guint   per_day;               /* annotations a day per annotator (default 16) */
  double  gold_rate;             /* share of picks that are a gold task (default 0.1) */
  double  review_rate;           /* share of annotations reviewed (default 0.6) */
  double  accuracy;              /* P(an object gets its true label) (default 0.9) */
  double  model_rate;            /* share of regions from a model suggestion (default 0.2) */

  /* Knobs that make each alert fire. */
  int     drift_annotator;       /* index, NOBODY (default) or EVERYONE */
  guint   drift_days;            /* the last this many days (default 10) */
  double  drift_accuracy;        /* accuracy while drifting (default 0.5) */
  int     overuse_annotator;     /* index or NOBODY (default) */
  guint   overused_label;        /* index of the label they add (default 3) */
  double  overuse_rate;          /* P(an extra region of it) (default 0.6) */
  int     hard_label;            /* index of a label annotators confuse, or -1 (default) */
  double  hard_accuracy;         /* accuracy on it (default 0.45) */
} LimnHistorySpec;

/* Labels of the project, in order (their ids are derived from the
 * project id and the name, as `project create` does). */
#define LIMN_HISTORY_LABELS { "Person", "Car", "Truck", "Bicycle", NULL }

typedef struct
{
  char      *project_id;
  char      *admin_id;           /* a server-wide admin */
  char      *admin_token;
  char      *reviewer_id;        /* a reviewer (level 2) of the project */
  char      *reviewer_token;
  GPtrArray *annotator_ids;      /* char *, "annotator-1" … in order */
  GPtrArray *annotator_names;
  GPtrArray *annotator_tokens;
  GPtrArray *label_ids;          /* in LIMN_HISTORY_LABELS order */
  /* What was written, for tests that check figures. */
  guint      tasks;              /* every task, gold included */
  guint      annotations;        /* first revisions by annotators */
  guint      reviews;
  gint64     first_day_us;       /* UTC midnight of the history's first day */
} LimnHistory;

void     limn_history_spec_init      (LimnHistorySpec       *spec);
void     limn_history_free           (LimnHistory           *history);

/* Fills @db_path (created if missing) with the history @spec describes. */
gboolean limn_test_seed_history      (const char            *db_path,
                                      const LimnHistorySpec *spec,
                                      GError               **error);
/* The same, and what it wrote: ids and tokens. */
gboolean limn_test_seed_history_full (const char            *db_path,
                                      const LimnHistorySpec *spec,
                                      LimnHistory          **history,
                                      GError               **error);

/* A hand-made history, for tests that work figures out by hand: every
 * answer given, nothing drawn. Regions are boxes in fixed places: the
 * i-th letter of @labels is a box at (20 + 120 i, 20, 80, 80) with that
 * label ('P'erson, 'C'ar, 'T'ruck, 'B'icycle), from a human. */
typedef struct
{
  guint       annotator;         /* index */
  guint       task;              /* index */
  guint       days_ago;          /* received that many UTC days before today, at 08:00 + task min */
  const char *labels;            /* one letter a region; "" for none */
  double      confidence;        /* < 0: not stated */
  guint       active_s;
  char        verdict;           /* 0: not reviewed; 'a'ccept, 'c'orrect, 's'end back, an
                                  * hour after the answer */
} LimnHistoryAnswer;

typedef struct
{
  guint                    n_annotators;
  guint                    n_tasks;
  guint                    overlap;
  const char              *gold;        /* per task a letter for a gold answer of one region,
                                         * '.' for a task that is not gold; NULL: none */
  const LimnHistoryAnswer *answers;
  guint                    n_answers;
} LimnHistoryScript;

/* Fills @db_path with @script (tokens and ids as the seeded history's,
 * seed 1); *@history what it wrote. */
gboolean limn_test_seed_script       (const char              *db_path,
                                      const LimnHistoryScript *script,
                                      LimnHistory            **history,
                                      GError                 **error);

/* Every seeded review is decided: puts the latest reviewed items of @n
 * tasks back in the queue (open, no holder), so a reviewer can lease
 * them. Before the server starts. */
void     limn_test_history_reopen_reviews (const char *db_path,
                                           guint       n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LimnHistory, limn_history_free)

G_END_DECLS
