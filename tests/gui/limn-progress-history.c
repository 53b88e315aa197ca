/* limn-progress-history.c
 *
 * An annotator's local store with eight weeks of work (limn-progress-
 * history.h), shared by the Progress page's test and the runs in a
 * language.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "limn-progress-history.h"
#include "store/limn-store.h"
#include "store/limn-store-accounts.h"

#define P      LIMN_PROGRESS_PROJECT
#define CAR    "22222222-2222-4222-8222-222222222201"
#define PERSON "22222222-2222-4222-8222-222222222202"
#define BIKE   "22222222-2222-4222-8222-222222222203"
#define FLAG   LIMN_PROGRESS_FLAG
#define SERVER "http://127.0.0.1:9"
#define WEEKS  8
#define PER_WEEK 30
#define DAY_US (G_GINT64_CONSTANT (24) * 3600 * G_USEC_PER_SEC)

void
limn_progress_history_exec (sqlite3    *db,
                            const char *format,
                            ...)
{
  va_list args;
  char *sql, *message = NULL;

  va_start (args, format);
  sql = sqlite3_vmprintf (format, args);
  va_end (args);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_free (sql);
}

/* Eight weeks of one annotator's work, as sync and submits leave it. */
static void
write_history (const char       *db_path,
               gint64            now_us,
               const char       *me,
               LimnProgressGold *gold)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  limn_progress_history_exec (db, "BEGIN");

  for (int w = WEEKS - 1; w >= 0; w--)
    {
      /* Right on gold: 6 of 10 eight weeks ago, 9 of 10 lately. */
      int right_of_10 = 6 + (WEEKS - 1 - w) * 3 / (WEEKS - 1);

      for (int i = 0; i < PER_WEEK; i++)
        {
          g_autofree char *task = g_strdup_printf ("h-%d-%d", w, i);
          g_autofree char *ann = g_strdup_printf ("a-%d-%d", w, i);
          /* Spread over the week before now, the newest within hours. */
          gint64 when = now_us - (gint64) w * 7 * DAY_US - (gint64) i * 4 * 3600 * G_USEC_PER_SEC - 60 * G_USEC_PER_SEC;
          gboolean is_gold = i % 3 == 0;
          int k = i / 3;
          gboolean right = k < right_of_10;
          const char *label = i % 5 == 4 ? PERSON : i % 7 == 6 ? BIKE : CAR;
          double confidence = 0.5 + (i % 6) * 0.1;

          limn_progress_history_exec (db, "INSERT INTO tasks (id, project_id, position, kind, title, width, height, created_us) "
                    "VALUES ('%q', '%q', %d, 'image', 'Street %d-%d', 640, 480, 0)",
                task, P, 100 + w * PER_WEEK + i, w, i);
          limn_progress_history_exec (db, "INSERT INTO assignments (task_id, annotator, status, updated_us) "
                    "VALUES ('%q', '%q', 'submitted', 0)", task, me);
          limn_progress_history_exec (db, "INSERT INTO annotations (id, task_id, annotator, revision, state, confidence, active_ms, "
                    "  region_count, created_us, updated_us, submitted_us) "
                    "VALUES ('%q', '%q', '%q', 1, 'submitted', %.2f, %d, 1, %lld, %lld, %lld)",
                ann, task, me, confidence, (25 + (i * 37) % 80 + w * 3) * 1000,
                (long long) when, (long long) when, (long long) when);
          if (is_gold)
            {
              limn_progress_history_exec (db, "INSERT INTO gold (task_id, regions, received_us) VALUES ('%q', "
                        "'[{\"id\": \"77777777-7777-4777-8777-777777777777\", \"kind\": \"box\", "
                        "\"label\": \"%s\", \"box\": [100, 100, 200, 150]}]', %lld)",
                    task, CAR, (long long) when);
              limn_progress_history_exec (db, "INSERT INTO regions (annotation_id, id, position, kind, label_id, x, y, w, h) "
                        "VALUES ('%q', 'r', 0, 'box', '%q', %d, 100, 200, 150)",
                    ann, right ? CAR : (k % 2 ? PERSON : CAR), right || k % 2 ? 104 : 240);
              gold->gold_total++;
              gold->gold_right += right;
            }
          else
            {
              gboolean sent_back = i % 10 == 2 && w > 2;
              const char *verdict = sent_back ? "send_back" : i % 10 == 5 ? "correct" : "accept";

              limn_progress_history_exec (db, "INSERT INTO regions (annotation_id, id, position, kind, label_id, x, y, w, h) "
                        "VALUES ('%q', 'r', 0, 'box', '%q', 50, 50, 120, 90)", ann, label);
              limn_progress_history_exec (db, "INSERT INTO reviews (id, task_id, annotation_id, reviewer, verdict, reason_code, comment, "
                        "  created_us, origin) VALUES ('v-%q', '%q', '%q', 'rita', '%q', %s, '%q', %lld, 'server')",
                    ann, task, ann, verdict, sent_back ? "'unclear'" : "NULL",
                    w == 0 && i == 1 ? "Nice and tight around the mirrors." : "", (long long) (when + 3600));
            }
        }
    }

  /* My open question, answered by a reviewer; coaching notes; the team. */
  limn_progress_history_exec (db, "INSERT INTO flags (id, task_id, project_id, annotator, category, body, state, created_us, origin) "
            "VALUES ('%s', 'h-0-3', '%s', 'ann', 'guideline-gap', 'Is a cargo bike a bike?', 'answered', %lld, "
            "'local')", FLAG, P, (long long) (now_us - DAY_US));
  limn_progress_history_exec (db, "INSERT INTO messages (id, thread_id, project_id, task_id, author, body, created_us, origin) "
            "VALUES ('m1', '%s', '%s', 'h-0-3', 'rita', 'Yes: box it as Bike.', %lld, 'server')",
        FLAG, P, (long long) (now_us - DAY_US / 2));
  limn_progress_history_exec (db, "INSERT INTO notes (id, project_id, annotator, author, body, created_us, origin) "
            "VALUES ('n1', '%s', 'ann', 'rita', 'Your boxes on people got much tighter this month.', %lld, 'server')",
        P, (long long) (now_us - 2 * DAY_US));
  limn_progress_history_exec (db, "INSERT INTO team_figures (project_id, body, received_us) VALUES ('%s', "
            "'{\"project\": \"%s\", \"generated_us\": 0, \"annotators\": 6, "
            "\"labels\": [{\"label\": \"Car\", \"count\": 2100, \"share\": 0.6}, "
            "{\"label\": \"Person\", \"count\": 1050, \"share\": 0.3}, {\"label\": \"Bike\", \"count\": 350, \"share\": 0.1}], "
            "\"median_active_s\": 52.0, \"p90_active_s\": 101.0, "
            "\"gold_accuracy\": {\"p\": 0.8, \"low\": 0.77, \"high\": 0.83, \"n\": 600}, "
            "\"acceptance\": {\"p\": 0.85, \"low\": 0.82, \"high\": 0.88, \"n\": 900}}', %lld)",
        P, P, (long long) now_us);

  limn_progress_history_exec (db, "COMMIT");
  sqlite3_close (db);
}

void
limn_progress_history_prepare (const char       *db_path,
                               gint64            now_us,
                               gboolean          history,
                               LimnProgressGold *gold)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LimnStore) store = NULL;
  g_autoptr(LimnProject) p = limn_project_new (P, "Street scenes", LIMN_PROJECT_IMAGE);
  g_autoptr(LimnLabel) l1 = limn_label_new (CAR, "Car", "#e66100", "1");
  g_autoptr(LimnLabel) l2 = limn_label_new (PERSON, "Person", "#3584e4", "2");
  g_autoptr(LimnLabel) l3 = limn_label_new (BIKE, "Bike", "#33d17a", "3");
  g_autoptr(LimnTask) t = limn_task_new ("open-task", P, LIMN_TASK_IMAGE, 0, "chelsea.png");
  g_autofree char *path = g_build_filename (g_getenv ("LIMN_SOURCE_ROOT"), "data", "demo", "images",
                                            "chelsea.png", NULL);
  g_autoptr(LimnAccount) account = NULL;
  LimnWireMe me = { (char *) "0e0e0e0e-0000-4000-8000-000000000001", (char *) "ann",
                    (char *) "annotator", (char *) P };

  store = limn_store_open (db_path, &error);
  g_assert_no_error (error);
  limn_project_add_label (p, l1);
  limn_project_add_label (p, l2);
  limn_project_add_label (p, l3);
  limn_project_set_guidelines (p, 1, "# Boxes\n\nDraw tight boxes.\n");
  g_assert_true (limn_store_save_project (store, p, &error));
  g_assert_true (limn_store_set_project_remote (store, P, SERVER, "{}", &error));
  limn_task_set_media_path (t, path);
  limn_task_set_size (t, 451, 300);
  g_assert_true (limn_store_save_task (store, t, NULL, &error));
  g_assert_true (limn_store_set_assignment (store, "open-task", limn_store_get_local_annotator (store),
                                            "assigned", &error));
  account = limn_store_ensure_account (store, SERVER, &me, "none", TRUE, &error);
  g_assert_no_error (error);

  if (history)
    write_history (db_path, now_us, limn_store_get_local_annotator (store), gold);
}
