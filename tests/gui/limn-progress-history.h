/* limn-progress-history.h
 *
 * A store as an annotator's Progress page meets it: a remote project
 * (Car, Person, Bike), one open task, and (with @history) eight weeks of
 * submitted work, gold answers right more and more often, verdicts, an
 * answered question (LIMN_PROGRESS_FLAG), a coaching note and the team's
 * figures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

#define LIMN_PROGRESS_PROJECT "11111111-1111-4111-8111-111111111111"
#define LIMN_PROGRESS_FLAG    "99999999-9999-4999-8999-999999999901"

typedef struct
{
  guint gold_right;   /* gold tasks answered right */
  guint gold_total;
} LimnProgressGold;

/* Writes the store at @db_path; the history ends just before @now_us. */
void limn_progress_history_prepare (const char       *db_path,
                                    gint64            now_us,
                                    gboolean          history,
                                    LimnProgressGold *gold);

/* Runs the SQL sqlite3_mprintf() makes of @format; fails the test on error. */
void limn_progress_history_exec    (sqlite3          *db,
                                    const char       *format,
                                    ...);

G_END_DECLS
